/* gloss-wal-vfs.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A thin SQLite VFS over the default one that writes the frames a transaction appends
 * to its write-ahead log with one write(2) instead of two per frame. SQLite writes a
 * WAL frame as its 24-byte header and then its page, two pwrite() calls back to back
 * at adjacent offsets; a tag that adds an entity commits about eighteen pages, and
 * those 36 system calls were most of the time the commit took (writing seventeen
 * 4 KiB frames with one call each takes 44 µs on the machine of docs/PERFORMANCE.md,
 * with one call for all of them 6 µs). Here the frames SQLite appends are held in
 * memory, as one run of bytes, and written with one call when the commit frame's
 * page has been added to it.
 *
 * Nothing else changes: the main database file is the default VFS's own file (its
 * methods, its locks), and a WAL file's locks, syncs and reads go straight through,
 * after anything held has been written. What is held, and for how long:
 *
 * - A run starts only where SQLite appends a frame (walWriteOneFrame(): the header,
 *   then at once its page): a header written where the write before it on this file
 *   ended, with no other call between. The other 24-byte writes SQLite makes,
 *   walRewriteChecksums() rewriting the headers of a transaction's frames after it
 *   wrote one page twice, each follow a read of that frame and are written at once:
 *   held, the last of them (the commit frame's) would wait in memory after COMMIT
 *   returned, and a process killed then would lose the transaction on the next open.
 * - A run only grows by writes that continue it; any other write, and any other call
 *   on the file (a read, sync, truncate, size, unlock, file control, close), writes
 *   the run first. So SQLite never reads back a frame that is not in the file, and
 *   the checkpointer and other connections only ever see written frames (they read
 *   up to the last commit frame, which is written before the commit is published in
 *   the wal-index).
 * - The write after a commit frame's header (its header's "database size after
 *   commit" is not zero) is that frame's page: the run is written as soon as the page
 *   has been added, before the write returns. Once SQLite's COMMIT returns, nothing
 *   of it is in memory. A run is also written when it reaches RUN_MAX bytes.
 * - A process killed while a run is held loses frames of a transaction that had not
 *   committed, as if killed a moment earlier; a run cut short by a crash is the same
 *   torn tail of frames that SQLite's checksums already catch.
 */
#define G_LOG_DOMAIN "gloss-store"

#include "config.h"

#include <string.h>
#include <sqlite3.h>

#include "gloss-store-private.h"

/* The size of a WAL frame header (SQLite's WAL_FRAME_HDRSIZE). */
#define FRAME_HEADER 24

/* The most bytes held, and written with one call: the unix VFS writes at most
 * 128 KiB - 1 bytes a call (seekAndWriteFd() masks the size to 17 bits). A write that
 * would not fit is written at once, after the run. */
#define RUN_MAX (128 * 1024 - 1)

typedef struct {
  sqlite3_file   base;
  sqlite3_file  *real;          /* the default VFS's file, in the bytes after this struct */
  unsigned char *run;           /* appended frames held, to be written at run_at (RUN_MAX bytes) */
  int            run_len;
  sqlite3_int64  run_at;
  gboolean       commit_held;   /* the run ends with a commit frame's header */
  sqlite3_int64  append_at;     /* where the last call, a write, ended; -1 after any other call */
} WalFile;

static sqlite3_vfs *base_vfs;

/* Writes the run held, if any. */
static int
write_run (WalFile *f)
{
  int len = f->run_len;

  f->run_len = 0;
  f->commit_held = FALSE;
  if (len == 0)
    return SQLITE_OK;
  return f->real->pMethods->xWrite (f->real, f->run, len, f->run_at);
}

/* Before any call but a write: the run is written, and a write after this call does
 * not append a frame. */
static int
flush_run (WalFile *f)
{
  f->append_at = -1;
  return write_run (f);
}

static int
wal_close (sqlite3_file *file)
{
  WalFile *f = (WalFile *) file;
  int rc = flush_run (f);
  int rc2 = f->real->pMethods->xClose (f->real);

  sqlite3_free (f->run);
  f->run = NULL;
  return rc != SQLITE_OK ? rc : rc2;
}

static int
wal_read (sqlite3_file *file,
          void         *buf,
          int           amount,
          sqlite3_int64 offset)
{
  WalFile *f = (WalFile *) file;
  int rc = flush_run (f);

  return rc != SQLITE_OK ? rc : f->real->pMethods->xRead (f->real, buf, amount, offset);
}

/* Adds @amount bytes to the run (the caller checked they fit in RUN_MAX); FALSE when
 * memory for the run is short. */
static gboolean
run_append (WalFile    *f,
            const void *buf,
            int         amount)
{
  if (f->run == NULL && (f->run = sqlite3_malloc (RUN_MAX)) == NULL)
    return FALSE;
  memcpy (f->run + f->run_len, buf, amount);
  f->run_len += amount;
  return TRUE;
}

static int
wal_write (sqlite3_file *file,
           const void   *buf,
           int           amount,
           sqlite3_int64 offset)
{
  WalFile *f = (WalFile *) file;
  gboolean continues = f->run_len > 0 && offset == f->run_at + f->run_len;
  int rc;

  if (!continues)
    {
      /* A frame appended right after the last write starts a run; anything else is
       * written at once, after the run held. */
      gboolean appends_frame = amount == FRAME_HEADER && offset == f->append_at;

      rc = write_run (f);
      if (rc == SQLITE_OK && !appends_frame)
        rc = f->real->pMethods->xWrite (f->real, buf, amount, offset);
      if (rc != SQLITE_OK || !appends_frame)
        {
          f->append_at = rc == SQLITE_OK ? offset + amount : -1;
          return rc;
        }
      f->run_at = offset;
    }
  if (amount <= 0 || amount > RUN_MAX - f->run_len || !run_append (f, buf, amount))
    {
      rc = write_run (f);
      if (rc == SQLITE_OK)
        rc = f->real->pMethods->xWrite (f->real, buf, amount, offset);
      f->append_at = rc == SQLITE_OK ? offset + amount : -1;
      return rc;
    }
  f->append_at = offset + amount;
  /* Inside a run, a 24-byte write is a frame's header (a page is at least 512
   * bytes); the write after a commit frame's header completes the commit. */
  if (amount == FRAME_HEADER)
    {
      const unsigned char *h = buf;

      f->commit_held = (h[4] | h[5] | h[6] | h[7]) != 0;
      return SQLITE_OK;
    }
  if (f->commit_held)
    {
      rc = write_run (f);
      if (rc != SQLITE_OK)
        f->append_at = -1;
      return rc;
    }
  return SQLITE_OK;
}

static int
wal_truncate (sqlite3_file *file,
              sqlite3_int64 size)
{
  WalFile *f = (WalFile *) file;
  int rc = flush_run (f);

  return rc != SQLITE_OK ? rc : f->real->pMethods->xTruncate (f->real, size);
}

static int
wal_sync (sqlite3_file *file,
          int           flags)
{
  WalFile *f = (WalFile *) file;
  int rc = flush_run (f);

  return rc != SQLITE_OK ? rc : f->real->pMethods->xSync (f->real, flags);
}

static int
wal_file_size (sqlite3_file  *file,
               sqlite3_int64 *size)
{
  WalFile *f = (WalFile *) file;
  int rc = flush_run (f);

  return rc != SQLITE_OK ? rc : f->real->pMethods->xFileSize (f->real, size);
}

static int
wal_lock (sqlite3_file *file,
          int           level)
{
  WalFile *f = (WalFile *) file;

  return f->real->pMethods->xLock (f->real, level);
}

static int
wal_unlock (sqlite3_file *file,
            int           level)
{
  WalFile *f = (WalFile *) file;
  int rc = flush_run (f);
  int rc2 = f->real->pMethods->xUnlock (f->real, level);

  return rc != SQLITE_OK ? rc : rc2;
}

static int
wal_check_reserved_lock (sqlite3_file *file,
                         int          *out)
{
  WalFile *f = (WalFile *) file;

  return f->real->pMethods->xCheckReservedLock (f->real, out);
}

static int
wal_file_control (sqlite3_file *file,
                  int           op,
                  void         *arg)
{
  WalFile *f = (WalFile *) file;
  int rc = flush_run (f);

  return rc != SQLITE_OK ? rc : f->real->pMethods->xFileControl (f->real, op, arg);
}

static int
wal_sector_size (sqlite3_file *file)
{
  WalFile *f = (WalFile *) file;

  return f->real->pMethods->xSectorSize (f->real);
}

static int
wal_device_characteristics (sqlite3_file *file)
{
  WalFile *f = (WalFile *) file;

  return f->real->pMethods->xDeviceCharacteristics (f->real);
}

static int
wal_shm_map (sqlite3_file  *file,
             int            region,
             int            size,
             int            extend,
             void volatile **out)
{
  WalFile *f = (WalFile *) file;

  return f->real->pMethods->xShmMap (f->real, region, size, extend, out);
}

static int
wal_shm_lock (sqlite3_file *file,
              int           offset,
              int           n,
              int           flags)
{
  WalFile *f = (WalFile *) file;

  return f->real->pMethods->xShmLock (f->real, offset, n, flags);
}

static void
wal_shm_barrier (sqlite3_file *file)
{
  WalFile *f = (WalFile *) file;

  f->real->pMethods->xShmBarrier (f->real);
}

static int
wal_shm_unmap (sqlite3_file *file,
               int           delete_flag)
{
  WalFile *f = (WalFile *) file;

  return f->real->pMethods->xShmUnmap (f->real, delete_flag);
}

static int
wal_fetch (sqlite3_file  *file,
           sqlite3_int64  offset,
           int            amount,
           void         **out)
{
  WalFile *f = (WalFile *) file;
  int rc = flush_run (f);

  return rc != SQLITE_OK ? rc : f->real->pMethods->xFetch (f->real, offset, amount, out);
}

static int
wal_unfetch (sqlite3_file *file,
             sqlite3_int64 offset,
             void         *page)
{
  WalFile *f = (WalFile *) file;

  return f->real->pMethods->xUnfetch (f->real, offset, page);
}

static const sqlite3_io_methods wal_methods = {
  3,
  wal_close,
  wal_read,
  wal_write,
  wal_truncate,
  wal_sync,
  wal_file_size,
  wal_lock,
  wal_unlock,
  wal_check_reserved_lock,
  wal_file_control,
  wal_sector_size,
  wal_device_characteristics,
  wal_shm_map,
  wal_shm_lock,
  wal_shm_barrier,
  wal_shm_unmap,
  wal_fetch,
  wal_unfetch,
};

static int
vfs_open (sqlite3_vfs  *vfs,
          const char   *name,
          sqlite3_file *file,
          int           flags,
          int          *out_flags)
{
  WalFile *f = (WalFile *) file;
  int rc;

  /* Any other file is the default VFS's own, in the same bytes. */
  if (!(flags & SQLITE_OPEN_WAL))
    return base_vfs->xOpen (base_vfs, name, file, flags, out_flags);
  memset (f, 0, sizeof *f);
  f->real = (sqlite3_file *) (f + 1);
  f->append_at = -1;
  rc = base_vfs->xOpen (base_vfs, name, f->real, flags, out_flags);
  /* SQLite calls xClose on a file whose pMethods is set, even when xOpen failed. */
  if (f->real->pMethods != NULL)
    file->pMethods = &wal_methods;
  return rc;
}

static int
vfs_delete (sqlite3_vfs *vfs, const char *name, int sync_dir)
{
  return base_vfs->xDelete (base_vfs, name, sync_dir);
}

static int
vfs_access (sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
  return base_vfs->xAccess (base_vfs, name, flags, out);
}

static int
vfs_full_pathname (sqlite3_vfs *vfs, const char *name, int n, char *out)
{
  return base_vfs->xFullPathname (base_vfs, name, n, out);
}

static void *
vfs_dl_open (sqlite3_vfs *vfs, const char *name)
{
  return base_vfs->xDlOpen (base_vfs, name);
}

static void
vfs_dl_error (sqlite3_vfs *vfs, int n, char *out)
{
  base_vfs->xDlError (base_vfs, n, out);
}

static void (*vfs_dl_sym (sqlite3_vfs *vfs, void *handle, const char *symbol)) (void)
{
  return base_vfs->xDlSym (base_vfs, handle, symbol);
}

static void
vfs_dl_close (sqlite3_vfs *vfs, void *handle)
{
  base_vfs->xDlClose (base_vfs, handle);
}

static int
vfs_randomness (sqlite3_vfs *vfs, int n, char *out)
{
  return base_vfs->xRandomness (base_vfs, n, out);
}

static int
vfs_sleep (sqlite3_vfs *vfs, int microseconds)
{
  return base_vfs->xSleep (base_vfs, microseconds);
}

static int
vfs_current_time (sqlite3_vfs *vfs, double *out)
{
  return base_vfs->xCurrentTime (base_vfs, out);
}

static int
vfs_get_last_error (sqlite3_vfs *vfs, int n, char *out)
{
  return base_vfs->xGetLastError ? base_vfs->xGetLastError (base_vfs, n, out) : 0;
}

static int
vfs_current_time_int64 (sqlite3_vfs *vfs, sqlite3_int64 *out)
{
  return base_vfs->xCurrentTimeInt64 (base_vfs, out);
}

static sqlite3_vfs gloss_vfs = {
  2,                        /* no xSetSystemCall: nothing here overrides system calls */
  0,                        /* szOsFile, set at registration */
  0,                        /* mxPathname, likewise */
  NULL,
  GLOSS_WAL_VFS_NAME,
  NULL,
  vfs_open,
  vfs_delete,
  vfs_access,
  vfs_full_pathname,
  vfs_dl_open,
  vfs_dl_error,
  vfs_dl_sym,
  vfs_dl_close,
  vfs_randomness,
  vfs_sleep,
  vfs_current_time,
  vfs_get_last_error,
  vfs_current_time_int64,
  NULL, NULL, NULL,
};

/**
 * gloss_wal_vfs_register:
 *
 * Registers the VFS named %GLOSS_WAL_VFS_NAME (once; not as the default), over
 * SQLite's default VFS.
 *
 * Returns: the name to pass to sqlite3_open_v2(), or %NULL (the default VFS) when
 *   it could not be registered
 */
const char *
gloss_wal_vfs_register (void)
{
  static gsize done = 0;
  static gboolean ok = FALSE;

  if (g_once_init_enter (&done))
    {
      base_vfs = sqlite3_vfs_find (NULL);
      if (base_vfs != NULL && base_vfs->iVersion >= 2 && base_vfs->xCurrentTimeInt64 != NULL)
        {
          gloss_vfs.szOsFile = (int) sizeof (WalFile) + base_vfs->szOsFile;
          gloss_vfs.mxPathname = base_vfs->mxPathname;
          ok = sqlite3_vfs_register (&gloss_vfs, 0) == SQLITE_OK;
        }
      g_once_init_leave (&done, 1);
    }
  return ok ? GLOSS_WAL_VFS_NAME : NULL;
}

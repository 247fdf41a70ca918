/* gloss-wal-vfs.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A thin SQLite VFS over the default one that writes each frame of a write-ahead log
 * with one write(2) instead of two. SQLite writes a WAL frame as its 24-byte header
 * and then its page, two pwrite() calls back to back at adjacent offsets; on a
 * commit of a few pages (a tag writes eight to twenty) these calls are most of the
 * time a commit takes, since a system call costs more than copying a page. Here the
 * header is held back and written together with the page that follows it.
 *
 * Nothing else changes: the main database file is the default VFS's own file (its
 * methods, its locks), and a WAL file's locks, syncs and reads go straight through,
 * after any header held back has been written. A header is held only where SQLite
 * appends a frame (walWriteOneFrame(): the header, then at once its page): when the
 * write before it on this file ended where the header starts. The other 24-byte
 * write SQLite makes, walRewriteChecksums() rewriting the headers of a transaction's
 * frames after it wrote one page twice, follows a read of that frame and is written
 * at once; held, the last such header (the commit frame's) would wait in memory
 * after COMMIT returned, and a process killed then would lose the transaction on
 * the next open. So nothing waits in memory once SQLite's pager goes on to anything
 * but the page of that frame; a frame cut short by a crash is the same torn frame
 * SQLite's checksums already catch.
 */
#define G_LOG_DOMAIN "gloss-store"

#include "config.h"

#include <string.h>
#include <sqlite3.h>

#include "gloss-store-private.h"

/* The size of a WAL frame header (SQLite's WAL_FRAME_HDRSIZE): the one write this
 * VFS holds back. */
#define FRAME_HEADER 24

typedef struct {
  sqlite3_file   base;
  sqlite3_file  *real;          /* the default VFS's file, in the bytes after this struct */
  unsigned char  header[FRAME_HEADER];
  sqlite3_int64  header_at;     /* -1: no header held */
  sqlite3_int64  append_at;     /* where the last call, a write, ended; -1 after any other call */
  unsigned char *frame;         /* header and page together, for the one write */
  int            frame_size;
} WalFile;

static sqlite3_vfs *base_vfs;

static int
flush_header (WalFile *f)
{
  sqlite3_int64 at = f->header_at;

  f->append_at = -1;
  if (at < 0)
    return SQLITE_OK;
  f->header_at = -1;
  return f->real->pMethods->xWrite (f->real, f->header, FRAME_HEADER, at);
}

static int
wal_close (sqlite3_file *file)
{
  WalFile *f = (WalFile *) file;
  int rc = flush_header (f);
  int rc2 = f->real->pMethods->xClose (f->real);

  sqlite3_free (f->frame);
  f->frame = NULL;
  return rc != SQLITE_OK ? rc : rc2;
}

static int
wal_read (sqlite3_file *file,
          void         *buf,
          int           amount,
          sqlite3_int64 offset)
{
  WalFile *f = (WalFile *) file;
  int rc = flush_header (f);

  return rc != SQLITE_OK ? rc : f->real->pMethods->xRead (f->real, buf, amount, offset);
}

static int
wal_write (sqlite3_file *file,
           const void   *buf,
           int           amount,
           sqlite3_int64 offset)
{
  WalFile *f = (WalFile *) file;
  sqlite3_int64 append_at;
  int rc;

  /* The page right after a header held: both in one write. */
  if (f->header_at >= 0 && offset == f->header_at + FRAME_HEADER && amount > 0)
    {
      sqlite3_int64 at = f->header_at;

      if (f->frame_size < FRAME_HEADER + amount)
        {
          unsigned char *frame = sqlite3_realloc (f->frame, FRAME_HEADER + amount);

          if (frame == NULL)
            return flush_header (f) != SQLITE_OK ? SQLITE_IOERR_WRITE
                                                 : f->real->pMethods->xWrite (f->real, buf, amount, offset);
          f->frame = frame;
          f->frame_size = FRAME_HEADER + amount;
        }
      memcpy (f->frame, f->header, FRAME_HEADER);
      memcpy (f->frame + FRAME_HEADER, buf, amount);
      f->header_at = -1;
      rc = f->real->pMethods->xWrite (f->real, f->frame, FRAME_HEADER + amount, at);
      f->append_at = rc == SQLITE_OK ? offset + amount : -1;
      return rc;
    }
  append_at = f->append_at;
  rc = flush_header (f);
  if (rc != SQLITE_OK)
    return rc;
  if (amount == FRAME_HEADER && offset == append_at)
    {
      memcpy (f->header, buf, FRAME_HEADER);
      f->header_at = offset;
      return SQLITE_OK;
    }
  rc = f->real->pMethods->xWrite (f->real, buf, amount, offset);
  f->append_at = rc == SQLITE_OK ? offset + amount : -1;
  return rc;
}

static int
wal_truncate (sqlite3_file *file,
              sqlite3_int64 size)
{
  WalFile *f = (WalFile *) file;
  int rc = flush_header (f);

  return rc != SQLITE_OK ? rc : f->real->pMethods->xTruncate (f->real, size);
}

static int
wal_sync (sqlite3_file *file,
          int           flags)
{
  WalFile *f = (WalFile *) file;
  int rc = flush_header (f);

  return rc != SQLITE_OK ? rc : f->real->pMethods->xSync (f->real, flags);
}

static int
wal_file_size (sqlite3_file  *file,
               sqlite3_int64 *size)
{
  WalFile *f = (WalFile *) file;
  int rc = flush_header (f);

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
  int rc = flush_header (f);
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
  int rc = flush_header (f);

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
  int rc = flush_header (f);

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
  f->header_at = -1;
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

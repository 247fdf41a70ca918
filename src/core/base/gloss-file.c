/* gloss-file.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gunixoutputstream.h>
#include <sqlite3.h>

#include "gloss-file.h"

struct _GlossAtomicFile {
  char          *path;
  char          *tmp_path;
  GOutputStream *out;       /* buffered, over the temporary file's descriptor */
  gboolean       committed;
};

/**
 * gloss_atomic_file_new:
 * @path: the file to write in the end
 *
 * Creates a temporary file in @path's folder (so that the final rename cannot cross
 * file systems) and returns a handle whose stream writes to it.
 */
GlossAtomicFile *
gloss_atomic_file_new (const char *path,
                       GError    **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmpl = NULL;
  g_autofree char *shown = NULL;
  GlossAtomicFile *file;
  GOutputStream *raw;

  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  /* The rename at the end would put the export in place of an open project. */
  if (!gloss_file_refuse_open_project (path, G_IO_ERROR, G_IO_ERROR_EXISTS, error))
    return NULL;

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  shown = g_filename_display_name (path);
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY, _("%s is a folder"), shown);
      return NULL;
    }
  tmpl = g_strdup_printf ("%s%s.%s.XXXXXX.part", dir, G_DIR_SEPARATOR_S, base);
  fd = g_mkstemp_full (tmpl, O_WRONLY | O_CLOEXEC, 0666 & ~0022);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot write in the folder of %s: %s"), shown, g_strerror (saved));
      return NULL;
    }
  file = g_new0 (GlossAtomicFile, 1);
  file->path = g_strdup (path);
  file->tmp_path = g_steal_pointer (&tmpl);
  raw = g_unix_output_stream_new (fd, TRUE);
  file->out = g_buffered_output_stream_new_sized (raw, 64 * 1024);
  g_object_unref (raw);
  return file;
}

GOutputStream *
gloss_atomic_file_get_stream (GlossAtomicFile *file)
{
  return file->out;
}

/**
 * gloss_atomic_file_commit:
 *
 * Flushes, syncs and closes the temporary file and renames it over the target. Not
 * cancellable: once the data is complete, finishing is quick and a cancel that
 * arrives now must not leave a half-done state.
 */
gboolean
gloss_atomic_file_commit (GlossAtomicFile *file,
                          GError         **error)
{
  GOutputStream *raw;
  g_autofree char *shown = g_filename_display_name (file->path);

  g_return_val_if_fail (!file->committed, FALSE);

  if (!g_output_stream_flush (file->out, NULL, error))
    return FALSE;
  raw = g_filter_output_stream_get_base_stream (G_FILTER_OUTPUT_STREAM (file->out));
  if (fsync (g_unix_output_stream_get_fd (G_UNIX_OUTPUT_STREAM (raw))) != 0 && errno != EINVAL)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot write %s: %s"), shown, g_strerror (saved));
      return FALSE;
    }
  if (!g_output_stream_close (file->out, NULL, error))
    return FALSE;
  if (g_rename (file->tmp_path, file->path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot write %s: %s"), shown, g_strerror (saved));
      return FALSE;
    }
  file->committed = TRUE;
  return TRUE;
}

/* Without a commit, the temporary file is removed. */
gboolean
gloss_atomic_file_write (const char           *path,
                         GlossStreamWriteFunc  write,
                         gpointer              user_data,
                         GCancellable         *cancellable,
                         GError              **error)
{
  g_autoptr(GlossAtomicFile) file = gloss_atomic_file_new (path, error);

  return file != NULL && write (gloss_atomic_file_get_stream (file), user_data, cancellable, error) &&
         gloss_atomic_file_commit (file, error);
}

void
gloss_atomic_file_free (GlossAtomicFile *file)
{
  if (file == NULL)
    return;
  if (!file->committed)
    {
      if (!g_output_stream_is_closed (file->out))
        {
          /* Close the descriptor without flushing what is buffered: it is dropped anyway. */
          GOutputStream *raw = g_filter_output_stream_get_base_stream (G_FILTER_OUTPUT_STREAM (file->out));

          g_filter_output_stream_set_close_base_stream (G_FILTER_OUTPUT_STREAM (file->out), FALSE);
          g_output_stream_close (raw, NULL, NULL);
        }
      g_unlink (file->tmp_path);
    }
  g_object_unref (file->out);
  g_free (file->path);
  g_free (file->tmp_path);
  g_free (file);
}

/**
 * gloss_file_write_all:
 *
 * Writes @len bytes of @data to @path all or nothing, as #GlossAtomicFile does, and
 * refuses a project open in this process (the rename would replace it under SQLite).
 * For what is written whole from memory: a CSV, a picture, a saved original.
 */
gboolean
gloss_file_write_all (const char  *path,
                      const void  *data,
                      gsize        len,
                      GError     **error)
{
  g_autoptr(GlossAtomicFile) file = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  file = gloss_atomic_file_new (path, error);
  if (file == NULL)
    return FALSE;
  if (len > 0 && !g_output_stream_write_all (file->out, data, len, NULL, NULL, error))
    return FALSE;
  return gloss_atomic_file_commit (file, error);
}

GMappedFile *
gloss_map_import_file (const char *path,
                       GQuark      domain,
                       int         code,
                       GError    **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *base = g_path_get_basename (path);

  if (!gloss_file_refuse_open_project (path, domain, code, error))
    return NULL;
  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, domain, code, "“%s” cannot be read: %s", base, local_error->message);
      return NULL;
    }
  if (g_mapped_file_get_length (mapped) == 0)
    {
      g_set_error (error, domain, code, "“%s” is empty.", base);
      return NULL;
    }
  return g_steal_pointer (&mapped);
}

/* ------------------------------------------------------------------------- */

/* Device and inode of each project file a store has open, with a count of the
 * connections on it. */
static GMutex held_lock;
static GHashTable *held;   /* GlossFileKey* -> count (GPOINTER_TO_UINT) */

static guint
key_hash (gconstpointer data)
{
  const GlossFileKey *key = data;

  return (guint) (key->ino ^ (key->ino >> 32) ^ (key->dev * 31));
}

static gboolean
key_equal (gconstpointer a,
           gconstpointer b)
{
  const GlossFileKey *ka = a, *kb = b;

  return ka->dev == kb->dev && ka->ino == kb->ino;
}

static gboolean
key_for_path (const char   *path,
              GlossFileKey *key)
{
  GStatBuf st;

  /* stat() takes no descriptor, so it cannot drop a lock. */
  if (g_stat (path, &st) != 0)
    return FALSE;
  key->dev = st.st_dev;
  key->ino = st.st_ino;
  return TRUE;
}

/**
 * gloss_file_hold_project:
 * @path: a project file a store has just opened
 * @key: (out): what to give gloss_file_release_project() when the store closes
 *
 * Returns: %FALSE when @path cannot be looked at (then nothing is held)
 */
gboolean
gloss_file_hold_project (const char   *path,
                         GlossFileKey *key)
{
  GlossFileKey *stored;
  guint count;

  if (!key_for_path (path, key))
    return FALSE;
  g_mutex_lock (&held_lock);
  if (held == NULL)
    held = g_hash_table_new_full (key_hash, key_equal, g_free, NULL);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (held, key));
  stored = g_memdup2 (key, sizeof *key);
  g_hash_table_replace (held, stored, GUINT_TO_POINTER (count + 1));
  g_mutex_unlock (&held_lock);
  return TRUE;
}

void
gloss_file_release_project (const GlossFileKey *key)
{
  guint count;

  g_mutex_lock (&held_lock);
  count = held != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (held, key)) : 0;
  if (count > 1)
    g_hash_table_replace (held, g_memdup2 (key, sizeof *key), GUINT_TO_POINTER (count - 1));
  else if (count == 1)
    g_hash_table_remove (held, key);
  g_mutex_unlock (&held_lock);
}

/**
 * gloss_file_is_open_project:
 *
 * Returns: whether a store in this process has @path (or another name of the same
 *   file) open. Such a file must not be opened outside SQLite.
 */
gboolean
gloss_file_is_open_project (const char *path)
{
  GlossFileKey key;
  gboolean open;

  if (!key_for_path (path, &key))
    return FALSE;
  g_mutex_lock (&held_lock);
  open = held != NULL && g_hash_table_contains (held, &key);
  g_mutex_unlock (&held_lock);
  return open;
}

/**
 * gloss_file_refuse_open_project:
 *
 * For readers and writers about to open @path by descriptor: sets an error in
 * @domain / @code and returns %FALSE when @path is a project open in this process.
 */
gboolean
gloss_file_refuse_open_project (const char *path,
                                GQuark      domain,
                                int         code,
                                GError    **error)
{
  g_autofree char *base = NULL;

  if (!gloss_file_is_open_project (path))
    return TRUE;
  base = g_filename_display_basename (path);
  g_set_error (error, domain, code,
               _("“%s” is a Gloss project open in this program; use Merge Project to bring in "
                 "another project's work, or Send a Copy to write it elsewhere"), base);
  return FALSE;
}

/* Whether @a and @b name the same existing file (by device and inode). */
gboolean
gloss_file_is_same (const char *a,
                    const char *b)
{
  GlossFileKey ka, kb;

  return key_for_path (a, &ka) && key_for_path (b, &kb) && key_equal (&ka, &kb);
}

/**
 * gloss_sqlite_setup:
 *
 * Settings of SQLite's own that hold for the whole process, made once before SQLite
 * is first used (it refuses them afterwards, with SQLITE_MISUSE, and nothing changes):
 * every entry point that may come first (this file's head reader, opening a store)
 * calls it.
 *
 * SQLite's memory statistics are switched off: it counts every allocation it makes
 * under a global mutex, and Gloss never reads them (sqlite3_memory_used(), a heap
 * limit).
 */
void
gloss_sqlite_setup (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
      g_once_init_leave (&done, 1);
    }
}

/**
 * gloss_sqlite_harden:
 *
 * Settings for a connection to a file that may come from someone else (see SQLite's
 * "Defense Against the Dark Arts"): defensive mode, no trusted schema, and no
 * triggers, views or extensions, which a Gloss project has none of. Every
 * connection to a project takes them (the store's, its checkpoint thread's).
 */
void
gloss_sqlite_harden (sqlite3 *db)
{
  sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
}

/**
 * gloss_file_read_head:
 * @buffer: (out caller-allocates): at least @size bytes
 * @n_read: (out): how many bytes were read (fewer than @size at the end of the file)
 *
 * Reads the first bytes of @path through SQLite's VFS. Unlike open()/close(), this is
 * safe on a file that SQLite connections of this process have open: SQLite's unix VFS
 * does not close a descriptor while the process holds locks on its file.
 */
gboolean
gloss_file_read_head (const char *path,
                      char       *buffer,
                      gsize       size,
                      gsize      *n_read,
                      GError    **error)
{
  sqlite3_vfs *vfs;
  g_autofree sqlite3_file *file = NULL;
  g_autofree char *full = NULL;
  sqlite3_int64 file_size = 0;
  int out_flags = 0;
  int rc;

  gloss_sqlite_setup ();
  vfs = sqlite3_vfs_find (NULL);
  *n_read = 0;
  if (vfs == NULL || size > G_MAXINT)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "SQLite has no file system layer");
      return FALSE;
    }
  full = g_malloc0 (vfs->mxPathname + 1);
  if (vfs->xFullPathname (vfs, path, vfs->mxPathname + 1, full) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot name %s", path);
      return FALSE;
    }
  file = g_malloc0 (vfs->szOsFile);
  /* MAIN_DB: the VFS shares its per-file lock state with the connections on it. */
  rc = vfs->xOpen (vfs, full, file, SQLITE_OPEN_READONLY | SQLITE_OPEN_MAIN_DB, &out_flags);
  if (rc != SQLITE_OK)
    {
      if (file->pMethods != NULL)
        file->pMethods->xClose (file);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", sqlite3_errstr (rc));
      return FALSE;
    }
  rc = file->pMethods->xFileSize (file, &file_size);
  if (rc == SQLITE_OK && file_size > 0)
    {
      gsize want = MIN ((sqlite3_int64) size, file_size);

      rc = file->pMethods->xRead (file, buffer, (int) want, 0);
      if (rc == SQLITE_OK)
        *n_read = want;
    }
  file->pMethods->xClose (file);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", sqlite3_errstr (rc));
      return FALSE;
    }
  return TRUE;
}

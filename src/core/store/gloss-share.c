/* gloss-share.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three things a project passed between people and programs needs:
 *
 * - "Send a Copy": VACUUM INTO writes a consistent snapshot of the open project (one
 *   read transaction, so writers on other connections neither block it nor tear it)
 *   to a temporary file in the target folder; the file is synced, opened and checked
 *   as a project, and only then renamed to the name asked for, never over a file.
 *   The temporary file is named .gloss-copy-PID-HOST-XXXXXX: a copy that was killed
 *   cannot remove its own, so the next copy into that folder removes those whose
 *   process, on this machine, is gone.
 * - PRAGMA data_version changes when another connection (another process, or another
 *   GlossStore in this one) commits, and only then: polling it is a cheap way for the
 *   workbench to notice that gloss-cli or a second window changed the project.
 * - Whether a project may be written where it is: see gloss-filesystem.c.
 */
#define G_LOG_DOMAIN "gloss-share"
#define _GNU_SOURCE 1

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

#include "gloss-file.h"
#include "gloss-filesystem.h"
#include "gloss-share.h"
#include "gloss-store-private.h"

G_DEFINE_QUARK (gloss-share-error-quark, gloss_share_error)

/**
 * gloss_share_unsafe_filesystem_reason:
 *
 * See gloss_filesystem_unsafe_reason(), which the store itself uses.
 */
char *
gloss_share_unsafe_filesystem_reason (const char *path)
{
  return gloss_filesystem_unsafe_reason (path);
}

/**
 * gloss_share_check_safe_for_writing:
 * @path: a project file
 * @error: return location for a #GError
 *
 * Fails with %GLOSS_SHARE_ERROR_UNSAFE_FILESYSTEM, naming the file, the reason and
 * what to do instead, when @path is on a network share
 * (see gloss_share_unsafe_filesystem_reason()). For commands that write.
 *
 * Returns: %TRUE when writing @path is safe as far as Gloss can tell
 */
gboolean
gloss_share_check_safe_for_writing (const char  *path,
                                    GError     **error)
{
  g_autofree char *reason = gloss_share_unsafe_filesystem_reason (path);
  g_autofree char *name = NULL;

  if (reason == NULL)
    return TRUE;
  name = g_filename_display_basename (path);
  g_set_error (error, GLOSS_SHARE_ERROR, GLOSS_SHARE_ERROR_UNSAFE_FILESYSTEM,
               _("“%s” was not changed: %s. Copy it to a folder on this computer (gloss-cli copy) "
                 "and work on the copy."), name, reason);
  return FALSE;
}

/* ------------------------------------------------------------------------- */
/* Changes by other connections                                               */

/**
 * gloss_share_data_version:
 * @store: an open project
 * @error: return location for a #GError
 *
 * The connection's `PRAGMA data_version`: it changes when another connection
 * commits a change to the file (another process, or another #GlossStore on the same
 * path) and stays the same for this connection's own commits. Cheap enough to poll
 * every second: it reads a counter, not the data.
 *
 * Returns: the version, or -1 with @error set
 */
gint64
gloss_share_data_version (GlossStore  *store,
                          GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 version = -1;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (store), -1);

  stmt = gloss_store_prepare (store, "PRAGMA data_version", error);
  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  else
    gloss_store_set_sqlite_error (store, rc, "checking for changes by other programs", error);
  sqlite3_reset (stmt);
  return version;
}

/* ------------------------------------------------------------------------- */
/* Send a copy                                                               */

/* Temporary copies: TEMP_PREFIX, the pid and the host name of the process writing it,
 * then mkstemp's six characters; SQLite may add its journal suffixes. */
#define TEMP_PREFIX ".gloss-copy-"

static const char * const journal_suffixes[] = { "-journal", "-wal", "-shm" };

static char *
temp_host_name (void)
{
  /* A host name has no '/', but keep the file name plain whatever it holds. */
  return g_strcanon (g_strdup (g_get_host_name ()),
                     "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.", '_');
}

/* Whether @name is a temporary copy (or its journal) left by a process of this
 * machine (@host) that no longer runs. A copy from another machine sharing the
 * folder, or from a running process (this one included), is never touched. */
static gboolean
is_stale_temp (const char *name,
               const char *host)
{
  g_autofree char *stem = NULL;
  const char *p, *last_dash;
  char *end = NULL;
  guint64 pid;
  gsize len;

  if (!g_str_has_prefix (name, TEMP_PREFIX))
    return FALSE;
  stem = g_strdup (name + strlen (TEMP_PREFIX));
  for (guint i = 0; i < G_N_ELEMENTS (journal_suffixes); i++)
    if (g_str_has_suffix (stem, journal_suffixes[i]))
      stem[strlen (stem) - strlen (journal_suffixes[i])] = '\0';

  /* PID-HOST-XXXXXX */
  if (!g_ascii_isdigit (stem[0]))
    return FALSE;
  pid = g_ascii_strtoull (stem, &end, 10);
  if (end == NULL || *end != '-' || pid == 0 || pid > G_MAXINT)
    return FALSE;
  p = end + 1;
  last_dash = strrchr (p, '-');
  if (last_dash == NULL || strlen (last_dash + 1) != 6)
    return FALSE;
  len = last_dash - p;
  if (len != strlen (host) || strncmp (p, host, len) != 0)
    return FALSE;
  if ((pid_t) pid == getpid ())
    return FALSE;
  /* EPERM: the process runs, as another user. */
  return kill ((pid_t) pid, 0) != 0 && errno == ESRCH;
}

/* Removes the temporary copies in @dir that a killed copy left behind. */
static void
remove_stale_temps (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autofree char *host = temp_host_name ();
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *full = NULL;
      GStatBuf st;

      if (!is_stale_temp (name, host))
        continue;
      full = g_build_filename (dir, name, NULL);
      if (g_lstat (full, &st) == 0 && S_ISREG (st.st_mode) && g_unlink (full) == 0)
        g_debug ("Removed %s, left by a copy that did not finish", full);
    }
}

/* Removes the temporary copy (unless @keep_main) and any journal files beside it. */
static void
remove_temp (const char *tmp,
             gboolean    keep_main)
{
  if (!keep_main)
    g_unlink (tmp);
  for (guint i = 0; i < G_N_ELEMENTS (journal_suffixes); i++)
    {
      g_autofree char *name = g_strconcat (tmp, journal_suffixes[i], NULL);

      g_unlink (name);
    }
}

static gboolean
sync_path (const char *path,
           int         flags)
{
  int fd = g_open (path, flags | O_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  close (fd);
  return ok;
}

/* Renames @from to @to unless @to exists: atomically where the filesystem can
 * (renameat2 RENAME_NOREPLACE, then a hard link), else after a last look. */
static gboolean
rename_no_replace (const char *from,
                   const char *to,
                   int        *errsv)
{
  GStatBuf st;

  if (renameat2 (AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
    return TRUE;
  *errsv = errno;
  if (*errsv != EINVAL && *errsv != ENOSYS && *errsv != ENOTSUP)
    return FALSE;

  if (link (from, to) == 0)
    {
      g_unlink (from);
      return TRUE;
    }
  *errsv = errno;
  if (*errsv == EEXIST)
    return FALSE;

  if (g_lstat (to, &st) == 0)
    {
      *errsv = EEXIST;
      return FALSE;
    }
  if (g_rename (from, to) == 0)
    return TRUE;
  *errsv = errno;
  return FALSE;
}

/**
 * gloss_share_snapshot:
 * @store: an open project (read-only is fine)
 * @path: the new file
 * @error: return location for a #GError
 *
 * Writes a consistent copy of the project, as committed at one moment, to @path.
 * Other connections may write meanwhile: the copy is one read transaction
 * (`VACUUM INTO`, with the file name as a bound parameter). The copy goes to a
 * temporary file in the target folder, is synced to disk and opened as a project to
 * prove it sound, and is then renamed to @path. Temporary copies that a killed copy
 * left in that folder are removed first. @path must not exist (nor its
 * `-wal` file, which SQLite would apply to the copy); the project itself, its
 * journal files and a folder are refused. @store must not be inside a transaction.
 *
 * Returns: %TRUE when @path holds the copy; on failure no file is left behind
 */
gboolean
gloss_share_snapshot (GlossStore  *store,
                      const char  *path,
                      GError     **error)
{
  const char *project;
  g_autofree char *shown = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *host = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *wal = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GlossStore) copy = NULL;
  sqlite3_stmt *stmt;
  GStatBuf st;
  int fd, rc, errsv = 0;

  g_return_val_if_fail (GLOSS_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL && *path != '\0', FALSE);

  project = gloss_store_get_path (store);
  shown = g_filename_display_basename (path);

  if (gloss_file_is_same (project, path) || g_strcmp0 (project, path) == 0)
    {
      g_set_error (error, GLOSS_SHARE_ERROR, GLOSS_SHARE_ERROR_IS_PROJECT,
                   _("“%s” is the project file itself; choose a new file for the copy."), shown);
      return FALSE;
    }
  if (project != NULL)
    {
      static const char * const suffixes[] = { "-wal", "-shm", "-journal" };
      g_autofree char *canonical = g_canonicalize_filename (path, NULL);
      g_autofree char *canonical_project = g_canonicalize_filename (project, NULL);

      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *name = g_strconcat (canonical_project, suffixes[i], NULL);

          if (g_str_equal (name, canonical))
            {
              g_set_error (error, GLOSS_SHARE_ERROR, GLOSS_SHARE_ERROR_IS_PROJECT,
                           _("“%s” belongs to the open project (SQLite keeps its journal there); "
                             "choose another name for the copy."), shown);
              return FALSE;
            }
        }
    }
  if (g_lstat (path, &st) == 0)
    {
      g_set_error (error, GLOSS_SHARE_ERROR, GLOSS_SHARE_ERROR_EXISTS,
                   S_ISDIR (st.st_mode)
                   ? _("“%s” is a folder; choose a new file name for the copy.")
                   : _("“%s” already exists; a copy is only written to a new file."),
                   shown);
      return FALSE;
    }
  wal = g_strconcat (path, "-wal", NULL);
  if (g_lstat (wal, &st) == 0)
    {
      g_autofree char *wal_shown = g_filename_display_basename (wal);

      g_set_error (error, GLOSS_SHARE_ERROR, GLOSS_SHARE_ERROR_EXISTS,
                   _("“%s” is left over from another project of that name and would be mixed into "
                     "the copy; remove it or choose another name."), wal_shown);
      return FALSE;
    }

  /* The temporary file is created empty (VACUUM INTO accepts an empty file), with
   * the usual permissions, by a call that never opens an existing file. */
  dir = g_path_get_dirname (path);
  remove_stale_temps (dir);
  host = temp_host_name ();
  tmp = g_strdup_printf ("%s%c" TEMP_PREFIX "%d-%s-XXXXXX", dir, G_DIR_SEPARATOR, (int) getpid (), host);
  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      errsv = errno;
      g_set_error (error, GLOSS_SHARE_ERROR, GLOSS_SHARE_ERROR_FAILED,
                   _("The copy “%s” could not be written: %s"), shown, g_strerror (errsv));
      return FALSE;
    }
  close (fd);

  stmt = gloss_store_prepare (store, "VACUUM INTO ?1", &local_error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, tmp, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (store, rc, "copying the project", &local_error);
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      goto failed;
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (!sync_path (tmp, O_RDWR))
    {
      errsv = errno;
      g_set_error (&local_error, GLOSS_SHARE_ERROR, GLOSS_SHARE_ERROR_FAILED, "%s", g_strerror (errsv));
      goto failed;
    }

  /* The recipient opens it as their own: prove now that it opens. */
  copy = gloss_store_open (tmp, GLOSS_STORE_OPEN_READ_ONLY, &local_error);
  if (copy == NULL)
    goto failed;
  gloss_store_close (copy);
  g_clear_object (&copy);

  if (!rename_no_replace (tmp, path, &errsv))
    {
      if (errsv == EEXIST)
        g_set_error (&local_error, GLOSS_SHARE_ERROR, GLOSS_SHARE_ERROR_EXISTS,
                     _("“%s” appeared while the copy was written; it was left alone."), shown);
      else
        g_set_error (&local_error, GLOSS_SHARE_ERROR, GLOSS_SHARE_ERROR_FAILED, "%s", g_strerror (errsv));
      goto failed;
    }
  remove_temp (tmp, TRUE);   /* journal files the check may have left */
  sync_path (dir, O_RDONLY | O_DIRECTORY);
  g_debug ("Copied %s to %s", project, path);
  return TRUE;

failed:
  remove_temp (tmp, FALSE);
  if (local_error->domain == GLOSS_SHARE_ERROR && local_error->code == GLOSS_SHARE_ERROR_EXISTS)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error, GLOSS_SHARE_ERROR, GLOSS_SHARE_ERROR_FAILED,
                 _("The copy “%s” could not be written: %s"), shown, local_error->message);
  return FALSE;
}

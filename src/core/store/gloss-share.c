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
 * - SQLite's WAL mode keeps its index in a memory-mapped -shm file and relies on
 *   POSIX locks; neither works across machines on a network filesystem
 *   (https://www.sqlite.org/wal.html, "WAL does not work over a network filesystem";
 *   https://www.sqlite.org/howtocorrupt.html section 2.1). A project found on one is
 *   opened for reading only.
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
#include <sys/vfs.h>
#include <unistd.h>
#include <linux/magic.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

#include "gloss-share.h"
#include "gloss-store-private.h"

G_DEFINE_QUARK (gloss-share-error-quark, gloss_share_error)

/* ------------------------------------------------------------------------- */
/* Network filesystems                                                        */

/*
 * statfs(2) f_type values of filesystems where a project may be reached by other
 * machines, so that SQLite's locks and its shared-memory WAL index are not shared
 * with every writer. Sources: the kernel's include/uapi/linux/magic.h (Debian's
 * linux-libc-dev /usr/include/linux/magic.h) and the statfs(2) manual page; the
 * ones magic.h lacks are named with the kernel file that defines them.
 */
#ifndef LL_SUPER_MAGIC
#define LL_SUPER_MAGIC 0x0BD00BD0        /* Lustre: lustre/include/uapi/linux/lustre/lustre_user.h */
#endif
#ifndef VBOXSF_SUPER_MAGIC
#define VBOXSF_SUPER_MAGIC 0x786f4256    /* VirtualBox shared folders: fs/vboxsf/super.c */
#endif
#ifndef GFS2_MAGIC
#define GFS2_MAGIC 0x01161970            /* GFS2: include/uapi/linux/gfs2_ondisk.h */
#endif

typedef struct {
  unsigned long magic;
  const char   *name;
} NetworkFs;

static const NetworkFs network_filesystems[] = {
  { NFS_SUPER_MAGIC,    "NFS" },                 /* 0x6969 */
  { SMB_SUPER_MAGIC,    "SMB" },                 /* 0x517B, the old smbfs */
  { CIFS_SUPER_MAGIC,   "SMB/CIFS" },            /* 0xFF534D42 */
  { SMB2_SUPER_MAGIC,   "SMB" },                 /* 0xFE534D42, smb3 mounts */
  { AFS_SUPER_MAGIC,    "AFS" },                 /* 0x5346414F */
  { AFS_FS_MAGIC,       "AFS" },                 /* 0x6B414653, kAFS */
  { CODA_SUPER_MAGIC,   "Coda" },                /* 0x73757245 */
  { NCP_SUPER_MAGIC,    "NetWare" },             /* 0x564C */
  { V9FS_MAGIC,         "9P" },                  /* 0x01021997: VM shared folders, WSL2 drives */
  { CEPH_SUPER_MAGIC,   "CephFS" },              /* 0x00C36400 */
  { OCFS2_SUPER_MAGIC,  "OCFS2" },               /* 0x7461636F */
  { GFS2_MAGIC,         "GFS2" },
  { LL_SUPER_MAGIC,     "Lustre" },
  { VBOXSF_SUPER_MAGIC, "VirtualBox shared folder" },
};

/* FUSE (f_type 0x65735546, FUSE_SUPER_MAGIC) carries local filesystems too (NTFS,
 * encrypted folders), so a FUSE mount counts only when /proc/self/mountinfo names a
 * subtype that reaches other machines. gvfsd-fuse is how GNOME's file chooser hands
 * out paths to SMB, SFTP and WebDAV shares. */
static const struct {
  const char *subtype;
  const char *name;
} network_fuse[] = {
  { "sshfs",        "SSHFS" },
  { "gvfsd-fuse",   "GVfs" },
  { "smbnetfs",     "SMB" },
  { "davfs",        "WebDAV" },
  { "curlftpfs",    "FTP" },
  { "rclone",       "rclone" },
  { "s3fs",         "S3" },
  { "gcsfuse",      "Google Cloud Storage" },
  { "glusterfs",    "GlusterFS" },
  { "ceph-fuse",    "CephFS" },
  { "vmhgfs-fuse",  "VMware shared folder" },
  { "afpfs",        "AFP" },
  { "juicefs",      "JuiceFS" },
};

/* Undoes the octal escapes (\040 for a space...) of a mountinfo field, in place. */
static void
unescape_mount_field (char *s)
{
  char *out = s;

  for (char *p = s; *p; )
    {
      if (p[0] == '\\' && p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7' && p[3] >= '0' && p[3] <= '7')
        {
          *out++ = (char) (((p[1] - '0') << 6) | ((p[2] - '0') << 3) | (p[3] - '0'));
          p += 4;
        }
      else
        *out++ = *p++;
    }
  *out = '\0';
}

static gboolean
mount_covers (const char *mount_point,
              const char *path)
{
  gsize n = strlen (mount_point);

  if (g_str_equal (mount_point, "/"))
    return TRUE;
  return strncmp (path, mount_point, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* The filesystem type mountinfo gives for the mount holding @real_path ("fuse.sshfs",
 * "nfs4"...), or NULL. The deepest mount point wins; of two at the same point, the
 * later one (mounted on top) does. */
static char *
mount_type_for (const char *real_path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  char *type = NULL;
  gsize best = 0;

  if (!g_file_get_contents ("/proc/self/mountinfo", &contents, NULL, NULL))
    return NULL;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], " ", -1);
      guint n = g_strv_length (fields);
      guint dash = 0;
      gsize len;

      if (n < 7)
        continue;
      for (guint j = 6; j < n; j++)
        if (g_str_equal (fields[j], "-"))
          {
            dash = j;
            break;
          }
      if (dash == 0 || dash + 1 >= n)
        continue;
      unescape_mount_field (fields[4]);
      if (!mount_covers (fields[4], real_path))
        continue;
      len = strlen (fields[4]);
      if (len >= best)
        {
          best = len;
          g_free (type);
          type = g_strdup (fields[dash + 1]);
        }
    }
  return type;
}

/* @path itself, or its folder when it does not exist yet, with symbolic links
 * resolved: statfs() and mountinfo must see the filesystem that really holds it. */
static char *
real_location (const char *path)
{
  g_autofree char *dir = NULL;
  char *real = realpath (path, NULL);
  char *copy;

  if (real != NULL)
    {
      copy = g_strdup (real);
      free (real);
      return copy;
    }
  dir = g_path_get_dirname (path);
  real = realpath (dir, NULL);
  if (real == NULL)
    return NULL;
  copy = g_strdup (real);
  free (real);
  return copy;
}

/**
 * gloss_share_unsafe_filesystem_reason:
 * @path: a project file (or where one would be created)
 *
 * Tells whether @path is on a network filesystem, where SQLite cannot lock the
 * project safely for writing (WAL needs shared memory and POSIX locks that other
 * machines do not see). Detection uses statfs() f_type and, for FUSE mounts, the
 * subtype in /proc/self/mountinfo; a filesystem it does not know counts as local.
 * With the environment variable `GLOSS_TEST_PRETEND_NETWORK_FS=1` every path counts
 * as a network share (for tests).
 *
 * Returns: (transfer full) (nullable): why the file must not be written, as a
 *   clause for "…is open for reading only: %s" (translated), or %NULL when the
 *   filesystem is local or unknown.
 */
char *
gloss_share_unsafe_filesystem_reason (const char *path)
{
  g_autofree char *real = NULL;
  g_autofree char *type = NULL;
  const char *name = NULL;
  struct statfs fs;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_strcmp0 (g_getenv (GLOSS_SHARE_PRETEND_ENV), "1") == 0)
    name = _("simulated");
  else
    {
      real = real_location (path);
      if (real == NULL || statfs (real, &fs) != 0)
        return NULL;
      for (guint i = 0; i < G_N_ELEMENTS (network_filesystems) && name == NULL; i++)
        if ((unsigned long) (unsigned int) fs.f_type == network_filesystems[i].magic)
          name = network_filesystems[i].name;
      if (name == NULL && (unsigned long) (unsigned int) fs.f_type == FUSE_SUPER_MAGIC &&
          (type = mount_type_for (real)) != NULL && g_str_has_prefix (type, "fuse."))
        {
          for (guint i = 0; i < G_N_ELEMENTS (network_fuse) && name == NULL; i++)
            if (g_str_equal (type + strlen ("fuse."), network_fuse[i].subtype))
              name = network_fuse[i].name;
        }
      if (name == NULL)
        return NULL;
    }

  /* Translators: %s names a network filesystem (NFS, SMB, SSHFS...). It ends the
   * sentence "This project is open for reading only: …" */
  return g_strdup_printf (_("it is on a network share (%s), where Gloss cannot lock the project file safely"),
                          name);
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

static gboolean
same_file (const char *a,
           const char *b)
{
  GStatBuf sa, sb;

  if (g_stat (a, &sa) != 0 || g_stat (b, &sb) != 0)
    return FALSE;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

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

  if (same_file (project, path) || g_strcmp0 (project, path) == 0)
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

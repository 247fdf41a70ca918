/* gloss-filesystem.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-filesystem"
#define _GNU_SOURCE 1

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/vfs.h>
#include <linux/magic.h>
#include <glib/gi18n-lib.h>

#include "gloss-filesystem.h"

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
 * gloss_filesystem_unsafe_reason:
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
gloss_filesystem_unsafe_reason (const char *path)
{
  g_autofree char *real = NULL;
  g_autofree char *type = NULL;
  const char *name = NULL;
  struct statfs fs;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_strcmp0 (g_getenv (GLOSS_FILESYSTEM_PRETEND_ENV), "1") == 0)
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


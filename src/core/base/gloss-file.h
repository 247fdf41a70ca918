/* gloss-file.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writing a file all or nothing: the data goes to a temporary file beside the target
 * and is renamed over it only when complete. A failed or cancelled write removes the
 * temporary file and leaves any earlier file as it was. (g_file_replace() does not do
 * this for a file that does not exist yet: it writes such a file in place, and a
 * cancelled close leaves it half-written.)
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _GlossAtomicFile GlossAtomicFile;

GlossAtomicFile *gloss_atomic_file_new        (const char       *path,
                                               GError          **error);
GOutputStream   *gloss_atomic_file_get_stream (GlossAtomicFile  *file);
gboolean         gloss_atomic_file_commit     (GlossAtomicFile  *file,
                                               GError          **error);
void             gloss_atomic_file_free       (GlossAtomicFile  *file);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossAtomicFile, gloss_atomic_file_free)

/* @data written to @path all or nothing; refuses a project open in this process. */
gboolean         gloss_file_write_all         (const char       *path,
                                               const void       *data,
                                               gsize             len,
                                               GError          **error);
/* Writes something to an output stream (not closing it). */
typedef gboolean (*GlossStreamWriteFunc) (GOutputStream *stream,
                                          gpointer       user_data,
                                          GCancellable  *cancellable,
                                          GError       **error);
/* Calls @write with a stream to a temporary file that replaces @path only when
 * @write succeeded: an export all or nothing. */
gboolean         gloss_atomic_file_write      (const char           *path,
                                               GlossStreamWriteFunc  write,
                                               gpointer              user_data,
                                               GCancellable         *cancellable,
                                               GError              **error);

/* Maps @path for an importer (paged in as it is read, not copied). A file that cannot
 * be read or is empty is an error in @domain / @code naming the file by its base name. */
GMappedFile     *gloss_map_import_file        (const char       *path,
                                               GQuark            domain,
                                               int               code,
                                               GError          **error);

/* Project files open in this process.
 *
 * SQLite's locks are POSIX advisory locks, and the kernel drops all of a process's
 * locks on a file when any one descriptor on that file is closed. So while a store
 * has a project open, nothing else in the process may open() that file: the store
 * notes each file it opens here (by device and inode, so another path to the same
 * file counts), and every reader that would open a file by descriptor asks first.
 * The header of a file is read through SQLite's own VFS, which keeps descriptors
 * open while the process holds locks on the file instead of closing them. */
typedef struct {
  guint64 dev;
  guint64 ino;
} GlossFileKey;

gboolean         gloss_file_hold_project      (const char       *path,
                                               GlossFileKey     *key);
void             gloss_file_release_project   (const GlossFileKey *key);
gboolean         gloss_file_is_open_project   (const char       *path);
gboolean         gloss_file_refuse_open_project (const char     *path,
                                               GQuark            domain,
                                               int               code,
                                               GError          **error);
gboolean         gloss_file_is_same           (const char       *a,
                                               const char       *b);
void             gloss_sqlite_setup           (void);
struct sqlite3;
void             gloss_sqlite_harden          (struct sqlite3   *db);
gboolean         gloss_file_read_head         (const char       *path,
                                               char             *buffer,
                                               gsize             size,
                                               gsize            *n_read,
                                               GError          **error);

G_END_DECLS

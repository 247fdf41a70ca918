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

/* Maps @path for an importer (paged in as it is read, not copied). A file that cannot
 * be read or is empty is an error in @domain / @code naming the file by its base name. */
GMappedFile     *gloss_map_import_file        (const char       *path,
                                               GQuark            domain,
                                               int               code,
                                               GError          **error);

G_END_DECLS

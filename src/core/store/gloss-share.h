/* gloss-share.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sharing a project file safely: a consistent copy of an open project ("Send a
 * Copy"), a cheap test of whether another program changed the file, and the
 * detection of network filesystems on which SQLite cannot lock a project safely.
 */
#pragma once

#include <glib.h>
#include "gloss-filesystem.h"
#include "gloss-store.h"

G_BEGIN_DECLS

#define GLOSS_SHARE_ERROR (gloss_share_error_quark ())
GQuark gloss_share_error_quark (void);

typedef enum {
  GLOSS_SHARE_ERROR_FAILED,             /* SQLite or the filesystem failed */
  GLOSS_SHARE_ERROR_EXISTS,             /* the target file is there already */
  GLOSS_SHARE_ERROR_IS_PROJECT,         /* the target is the project itself */
  GLOSS_SHARE_ERROR_UNSAFE_FILESYSTEM,  /* writing on a network share refused */
} GlossShareError;

/* Set to 1 to make gloss_share_unsafe_filesystem_reason() treat every path as on a
 * network share (for tests and for trying the read-only mode). */
#define GLOSS_SHARE_PRETEND_ENV GLOSS_FILESYSTEM_PRETEND_ENV

gboolean  gloss_share_snapshot                 (GlossStore  *store,
                                                const char  *path,
                                                GError     **error);
gint64    gloss_share_data_version             (GlossStore  *store,
                                                GError     **error);
char     *gloss_share_unsafe_filesystem_reason (const char  *path);
gboolean  gloss_share_check_safe_for_writing   (const char  *path,
                                                GError     **error);

G_END_DECLS

/* gloss-project.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A project as the user knows it: a store set up with a codebook, and checked
 * against the rules of the model as well as those of the store. The store layer
 * below knows nothing of codebooks; this is where a new project gets one.
 */
#pragma once

#include "gloss-store.h"

G_BEGIN_DECLS

typedef enum {
  GLOSS_PROJECT_CREATE_DEFAULT     = 0,
  /* No labels at all: for importing a whole project from elsewhere. */
  GLOSS_PROJECT_CREATE_NO_CODEBOOK = 1 << 0,
} GlossProjectCreateFlags;

GlossStore *gloss_project_create (const char              *path,
                                  const char              *name,
                                  GlossProjectCreateFlags  flags,
                                  GError                 **error);
gboolean    gloss_project_check  (GlossStore              *store,
                                  GString                 *report,
                                  GError                 **error);

G_END_DECLS

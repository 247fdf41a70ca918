/* gloss-codebook-dialog.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Edits a project's codebook: add, rename, recolour, reorder, set shortcut keys and
 * delete labels. Every edit is one GlossStore call; the window follows through the
 * store's "changed" signal.
 */
#pragma once

#include <adwaita.h>
#include "gloss-store.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_CODEBOOK_DIALOG (gloss_codebook_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GlossCodebookDialog, gloss_codebook_dialog, GLOSS, CODEBOOK_DIALOG, AdwWindow)

GlossCodebookDialog *gloss_codebook_dialog_new       (GtkWindow           *parent,
                                                      GlossStore          *store);
/* What the "Add" row does: a new label with an unused colour. */
GlossLabel          *gloss_codebook_dialog_add_label (GlossCodebookDialog *self,
                                                      const char          *name,
                                                      GError             **error);

G_END_DECLS

/* gloss-codebook-dialog.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Edits a project's codebook: add, rename, recolour, reorder, set shortcut keys and
 * delete labels, and the typed fields of each label (name, type, options of a choice,
 * names of a scale's points, range, required). Every edit is one GlossStore call; the
 * window follows through the store's "changed" signal.
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
/* What the "Add Field" line of a label does. @options: for a choice, its options
 * separated by commas; a scale starts from 1 to 5. */
GlossField          *gloss_codebook_dialog_add_field (GlossCodebookDialog *self,
                                                      const char          *label_id,
                                                      const char          *name,
                                                      const char          *type,
                                                      const char          *options,
                                                      GError             **error);
/* Shows or hides the fields of a label, as its "Fields" button does. */
void                 gloss_codebook_dialog_show_fields (GlossCodebookDialog *self,
                                                      const char          *label_id,
                                                      gboolean             shown);

G_END_DECLS

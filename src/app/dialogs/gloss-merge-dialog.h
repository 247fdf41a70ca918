/* gloss-merge-dialog.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GlossMergeDialog: File > Merge Project…. After a file is chosen (a .gloss project
 * or a Gloss JSON export), the merge runs in a thread on a connection of its own to
 * the window's project, while the dialog shows that it is working; then it shows the
 * report: counts at the top and, per category, the rows by name (conflicts first),
 * or what went wrong in plain words. The window reads the project again at once.
 */
#pragma once

#include <adwaita.h>

#include "gloss-merge.h"
#include "gloss-store.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_MERGE_DIALOG (gloss_merge_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GlossMergeDialog, gloss_merge_dialog, GLOSS, MERGE_DIALOG, AdwWindow)

/* A merge dialog for the project @store (weak, nullable: nothing is merged once the window
 * lets go of it). The window hears it through the "merging" property and the
 * signals "project-changing" () before a merge starts, "project-changed" () after
 * one committed, and "show-in-window" (const char *document_id, const char
 * *annotation_id or NULL) when a row of the report is activated. */
GlossMergeDialog       *gloss_merge_dialog_new          (GtkWindow        *transient_for,
                                                         GlossStore       *store);
/* A file chooser (over the window while this dialog is hidden); the dialog shows
 * once a file is chosen, and goes away if none is. */
void                    gloss_merge_dialog_choose       (GlossMergeDialog *self);

/* Merges @path into the window's project in a thread: what the file chooser's
 * answer does. The dialog shows the progress, then the report or the error. */
void                    gloss_merge_dialog_merge_path   (GlossMergeDialog *self,
                                                         const char       *path);
gboolean                gloss_merge_dialog_is_merging   (GlossMergeDialog *self);
/* The report of the last merge that succeeded; NULL before, or after a failure. */
const GlossMergeReport *gloss_merge_dialog_get_report   (GlossMergeDialog *self);
/* The error shown, NULL when none. */
const char             *gloss_merge_dialog_get_error    (GlossMergeDialog *self);

/* For the UI tests. @category: "conflicts", "added", "updated", "deleted",
 * "matched", "unchanged" or "kept". The number shown in the category's tile: */
GtkLabel               *gloss_merge_dialog_get_count_label (GlossMergeDialog *self,
                                                            const char       *category);
/* The category's expandable list (one row per item, titled with the row's name);
 * NULL when the category is empty or has no list (unchanged, kept). */
AdwExpanderRow         *gloss_merge_dialog_get_list_row    (GlossMergeDialog *self,
                                                            const char       *category);

G_END_DECLS

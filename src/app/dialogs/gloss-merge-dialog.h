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
#include "gloss-window.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_MERGE_DIALOG (gloss_merge_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GlossMergeDialog, gloss_merge_dialog, GLOSS, MERGE_DIALOG, AdwWindow)

GlossMergeDialog       *gloss_merge_dialog_new          (GlossWindow      *window);
/* The window's "win.merge" action: a file chooser, then this dialog. */
void                    gloss_merge_dialog_action       (GtkWidget        *widget,
                                                         const char       *action_name,
                                                         GVariant         *parameter);

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

/* gloss-conflict-dialog.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Resolve Conflict…: the conflicts a merge kept on one annotation (its own fields and
 * its field values), each with Mine, Theirs or an edited value; Apply settles each
 * through gloss_session_resolve_conflict() (one undo step per conflict).
 */
#pragma once

#include <adwaita.h>

#include "gloss-session.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_CONFLICT_DIALOG (gloss_conflict_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GlossConflictDialog, gloss_conflict_dialog, GLOSS, CONFLICT_DIALOG, AdwWindow)

/* Signals: "resolved" () after Apply settled at least one conflict. */
GlossConflictDialog *gloss_conflict_dialog_new             (GtkWindow    *transient_for,
                                                            GlossSession *session,
                                                            const char   *annotation_id);
guint                gloss_conflict_dialog_get_n_conflicts (GlossConflictDialog *self);
/* What Apply will do for conflict @index (as the buttons do). */
void                 gloss_conflict_dialog_choose          (GlossConflictDialog *self,
                                                            guint                index,
                                                            GlossConflictChoice  choice,
                                                            const char          *value);
/* Settles every conflict as chosen; FALSE with @error at the first refused. */
gboolean             gloss_conflict_dialog_apply           (GlossConflictDialog *self,
                                                            GError             **error);

G_END_DECLS

/* gloss-history-dialog.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GlossHistoryDialog: the history of one annotation (with its field values) or one
 * document (with its annotations), newest first: when, who, what changed (the
 * members that differ, by name), and a button that brings back the version from
 * before a change. A restore is one core call, itself recorded in the history; the
 * window is then read again.
 */
#pragma once

#include <adwaita.h>

#include "gloss-history.h"
#include "gloss-store.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_HISTORY_DIALOG (gloss_history_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GlossHistoryDialog, gloss_history_dialog, GLOSS, HISTORY_DIALOG, AdwWindow)

/* The history of row @id of @table ("annotations" or "documents") in @store
 * (weak: a restore fails once the window lets go of the project). The newest change
 * may still be a note being typed in the window: it saves it before making this.
 * Signals: "project-changing" () before a restore changes the project,
 * "project-changed" () after it did. */
GlossHistoryDialog *gloss_history_dialog_new          (GtkWindow          *transient_for,
                                                       GlossStore         *store,
                                                       const char         *table,
                                                       const char         *id);

/* Reads the history again (as after a restore). */
void                gloss_history_dialog_reload       (GlossHistoryDialog *self);
/* The entries listed (GlossHistoryEntry*, newest first), borrowed. */
GPtrArray          *gloss_history_dialog_get_entries  (GlossHistoryDialog *self);
/* What row @index shows, its lines joined by newlines: what happened, who and
 * when, then one line per changed member ("Label: Claim → Risk"). */
char               *gloss_history_dialog_dup_row_text (GlossHistoryDialog *self,
                                                       guint               index);
/* What the row's "Restore Earlier Version" button does: brings back the version
 * from before entry @history_id, then refreshes the window and this list. */
gboolean            gloss_history_dialog_restore      (GlossHistoryDialog *self,
                                                       gint64              history_id,
                                                       GError            **error);

G_END_DECLS

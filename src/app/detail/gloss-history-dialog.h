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
#include "gloss-window.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_HISTORY_DIALOG (gloss_history_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GlossHistoryDialog, gloss_history_dialog, GLOSS, HISTORY_DIALOG, AdwWindow)

/* @table: "annotations" or "documents"; @id: the row's UUID. */
GlossHistoryDialog *gloss_history_dialog_new          (GlossWindow        *window,
                                                       const char         *table,
                                                       const char         *id);
/* The window's "win.history" action: the selected annotation's history, else the
 * shown document's. */
void                gloss_history_dialog_action       (GtkWidget          *widget,
                                                       const char         *action_name,
                                                       GVariant           *parameter);

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

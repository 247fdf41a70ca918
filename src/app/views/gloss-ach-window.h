/* gloss-ach-window.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Analysis of Competing Hypotheses window: the matrix of one analysis, evidence
 * rows by hypotheses sorted by score (scores in the column headers), rated from the
 * keyboard (arrows move, 1-6 or C/Shift+C/N/I/Shift+I/A rate, Delete clears),
 * non-diagnostic rows dimmed, linchpins marked, and with two or more analysts the
 * disagreement per cell and per hypothesis and a filter per analyst.
 */
#pragma once

#include <adwaita.h>
#include "gloss-store.h"
#include "gloss-undo.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_ACH_WINDOW (gloss_ach_window_get_type ())
G_DECLARE_FINAL_TYPE (GlossAchWindow, gloss_ach_window, GLOSS, ACH_WINDOW, AdwWindow)

/* Signals: "open-annotation" (document id, annotation id) when an evidence row on
 * an annotation is activated. Changes go on @undo. */
GlossAchWindow *gloss_ach_window_new             (GtkWindow      *transient_for,
                                                  GlossStore     *store,
                                                  GlossUndoStack *undo);
/* Adds annotations as evidence to the analysis shown; tells the user (toast) what happened. */
gboolean        gloss_ach_window_add_annotations (GlossAchWindow     *self,
                                                  const char * const *annotation_ids);
/* For tests */
void            gloss_ach_window_show_analysis   (GlossAchWindow *self,
                                                  const char     *analysis_id);
GtkColumnView  *gloss_ach_window_get_column_view (GlossAchWindow *self);
void            gloss_ach_window_reload          (GlossAchWindow *self);
/* The column of the cursor, in shown (score) order, and the hypothesis id there. */
guint           gloss_ach_window_get_current_column (GlossAchWindow *self);
const char     *gloss_ach_window_get_hypothesis_at  (GlossAchWindow *self,
                                                     guint           column);

G_END_DECLS

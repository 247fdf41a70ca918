/* gloss-compare-window.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Compare: two annotators' annotations of the article the workbench shows, interleaved
 * in text order as units (both agree, the labels differ, only A, only B), each of which
 * selects its annotation in the article. F8 and Shift+F8 step through the
 * disagreements.
 */
#pragma once

#include <adwaita.h>
#include "gloss-agreement.h"
#include "gloss-annotator-filter.h"
#include "gloss-document-view.h"
#include "gloss-store.h"

G_BEGIN_DECLS

/* One row of the list: a GlossCompareItem of the comparison shown. */
#define GLOSS_TYPE_COMPARE_UNIT (gloss_compare_unit_get_type ())
G_DECLARE_FINAL_TYPE (GlossCompareUnit, gloss_compare_unit, GLOSS, COMPARE_UNIT, GObject)

const GlossCompareItem *gloss_compare_unit_get_item (GlossCompareUnit *self);

#define GLOSS_TYPE_COMPARE_WINDOW (gloss_compare_window_get_type ())
G_DECLARE_FINAL_TYPE (GlossCompareWindow, gloss_compare_window, GLOSS, COMPARE_WINDOW, AdwWindow)

/* A Compare window that follows the workbench: the article @document_view shows
 * (weak), in @store (weak; the workbench tells it another with set_store), and the
 * annotators' colours and choices of @filter (weak). Compares at once.
 * Signals: "select-annotation" (const char *document_id, const char *annotation_id)
 * when a unit is selected. */
GlossCompareWindow *gloss_compare_window_new          (GtkWindow            *transient_for,
                                                       GlossStore           *store,
                                                       GlossDocumentView    *document_view,
                                                       GlossAnnotatorFilter *filter);
/* The workbench now shows @store (NULL: no project). */
void                gloss_compare_window_set_store    (GlossCompareWindow *self,
                                                       GlossStore         *store);

/* Picks the two annotators (names of the project's annotators) and compares. */
gboolean            gloss_compare_window_set_annotators (GlossCompareWindow *self,
                                                         const char         *annotator_a,
                                                         const char         *annotator_b);
void                gloss_compare_window_set_match_mode (GlossCompareWindow *self,
                                                         GlossMatchMode      mode);
/* Compares again (the workbench's article and annotations may have changed). */
void                gloss_compare_window_refresh      (GlossCompareWindow *self);
/* The units listed (GlossCompareUnit*), in text order, and the one selected. */
GListModel         *gloss_compare_window_get_units    (GlossCompareWindow *self);
guint               gloss_compare_window_get_selected (GlossCompareWindow *self);
/* The counts line at the top ("3 agree · 1 label differs · ..."). */
const char         *gloss_compare_window_get_summary  (GlossCompareWindow *self);

/*
 * Actions (keys bound in class_init):
 *  compare.next-disagreement (F8), compare.previous-disagreement (Shift+F8): select the
 *  next / previous unit that is not an agreement (wrapping) and show it in the article;
 *  compare.swap: swap A and B; window.close (Ctrl+W, Escape).
 */

G_END_DECLS

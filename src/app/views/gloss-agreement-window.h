/* gloss-agreement-window.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Agreement: how far the project's annotators agree, per label and overall (span
 * precision, recall and F1 with exact and overlap matching, Cohen's kappa per pair,
 * Krippendorff's alpha for all of them, and alpha on field values), computed in a
 * thread on a read-only connection of its own.
 */
#pragma once

#include <adwaita.h>
#include "gloss-agreement.h"
#include "gloss-annotator-filter.h"
#include "gloss-document-view.h"
#include "gloss-store.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_AGREEMENT_WINDOW (gloss_agreement_window_get_type ())
G_DECLARE_FINAL_TYPE (GlossAgreementWindow, gloss_agreement_window, GLOSS, AGREEMENT_WINDOW, AdwWindow)

/* An Agreement window on the workbench's project @store (weak; the workbench tells
 * it another with set_store), its article @document_view (weak: "this article only")
 * and the annotators of @filter (weak). It computes when asked (compute). */
GlossAgreementWindow *gloss_agreement_window_new       (GtkWindow            *transient_for,
                                                        GlossStore           *store,
                                                        GlossDocumentView    *document_view,
                                                        GlossAnnotatorFilter *filter);
/* The workbench now shows @store (NULL: no project). */
void                  gloss_agreement_window_set_store (GlossAgreementWindow *self,
                                                        GlossStore           *store);

/* The options, as the controls set them: @annotators NULL for all of them. Starts
 * computing again. */
void                  gloss_agreement_window_set_options (GlossAgreementWindow *self,
                                                          const char * const   *annotators,
                                                          gboolean              current_document,
                                                          GlossMatchMode        unit_match);
/* Computes again with the options shown (the project may have changed). */
void                  gloss_agreement_window_compute   (GlossAgreementWindow *self);
gboolean              gloss_agreement_window_is_computing (GlossAgreementWindow *self);
/* The report shown, NULL while there is none. */
const GlossAgreementReport *gloss_agreement_window_get_report (GlossAgreementWindow *self);
/* A figure of the tables by its widget name: "pair-P-ROW-COLUMN" (P the pair's index,
 * ROW a label's index or "overall", COLUMN one of p-exact r-exact f1-exact p-overlap
 * r-overlap f1-overlap kappa), "group-ROW-alpha", "field-F-nominal",
 * "field-F-ordinal". NULL when not shown. */
GtkLabel             *gloss_agreement_window_find_figure (GlossAgreementWindow *self,
                                                          const char           *name);

G_END_DECLS

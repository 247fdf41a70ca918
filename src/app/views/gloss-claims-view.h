/* gloss-claims-view.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Claims table: every claim across the project with its speaker, type,
 * likelihood, confidence, credibility, status and document, sortable by each column
 * and filtered by text, status and likelihood. The Claims window shows it, and so does
 * the main window's side pane.
 */
#pragma once

#include <gtk/gtk.h>
#include "gloss-store.h"

G_BEGIN_DECLS

typedef enum {
  GLOSS_CLAIMS_COLUMN_QUOTE,
  GLOSS_CLAIMS_COLUMN_SPEAKER,
  GLOSS_CLAIMS_COLUMN_TYPE,
  GLOSS_CLAIMS_COLUMN_LIKELIHOOD,
  GLOSS_CLAIMS_COLUMN_CONFIDENCE,
  GLOSS_CLAIMS_COLUMN_CREDIBILITY,
  GLOSS_CLAIMS_COLUMN_STATUS,
  GLOSS_CLAIMS_COLUMN_DOCUMENT,
  GLOSS_CLAIMS_N_COLUMNS
} GlossClaimsColumn;

#define GLOSS_TYPE_CLAIMS_VIEW (gloss_claims_view_get_type ())
G_DECLARE_FINAL_TYPE (GlossClaimsView, gloss_claims_view, GLOSS, CLAIMS_VIEW, GtkWidget)

/* Signals: "open-annotation" (const char *document_id, const char *annotation_id) when
 * a row is activated; "add-to-analysis" (GStrv annotation ids) for the selected rows.
 * Property "summary": what it shows, "3 of 40 claims". */
GtkWidget           *gloss_claims_view_new            (void);
/* The project shown (held weakly; NULL shows nothing). */
void                 gloss_claims_view_set_store      (GlossClaimsView *self,
                                                       GlossStore      *store);
const char          *gloss_claims_view_get_summary    (GlossClaimsView *self);
void                 gloss_claims_view_focus_search   (GlossClaimsView *self);
/* Emits "add-to-analysis" with the selected claims (nothing when none is). */
void                 gloss_claims_view_add_selected_to_analysis (GlossClaimsView *self);

/* For tests: the rows shown, in order (GlossRowItem of GlossClaimRow), ... */
GListModel          *gloss_claims_view_get_model      (GlossClaimsView *self);
GtkColumnView       *gloss_claims_view_get_column_view (GlossClaimsView *self);
GtkColumnViewColumn *gloss_claims_view_get_column     (GlossClaimsView   *self,
                                                       GlossClaimsColumn  column);
GtkSearchEntry      *gloss_claims_view_get_search_entry (GlossClaimsView *self);
/* ... the filter drop-downs: item 0 is "all", then the field's options in order ... */
GtkDropDown         *gloss_claims_view_get_status_filter     (GlossClaimsView *self);
GtkDropDown         *gloss_claims_view_get_likelihood_filter (GlossClaimsView *self);
/* ... and the rows read again now (a change otherwise reloads them when idle). */
void                 gloss_claims_view_reload         (GlossClaimsView *self);

G_END_DECLS

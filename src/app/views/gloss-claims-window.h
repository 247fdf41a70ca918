/* gloss-claims-window.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Claims table: every claim across the project with its speaker, type,
 * likelihood, confidence, credibility, status and document, sortable by each column
 * and filtered by text, status and likelihood. Activating a row opens the claim in
 * its article in the main window.
 */
#pragma once

#include <adwaita.h>
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

#define GLOSS_TYPE_CLAIMS_WINDOW (gloss_claims_window_get_type ())
G_DECLARE_FINAL_TYPE (GlossClaimsWindow, gloss_claims_window, GLOSS, CLAIMS_WINDOW, AdwWindow)

/* A Claims window of @store's project (it closes when @store is finalized).
 * Signals: "open-annotation" (const char *document_id, const char *annotation_id)
 * when a row is activated. */
GlossClaimsWindow *gloss_claims_window_new (GtkWindow  *transient_for,
                                           GlossStore *store);

/* For tests: the rows shown, in order (GlossRowItem of GlossClaimRow), ... */
GListModel          *gloss_claims_window_get_model    (GlossClaimsWindow *self);
GtkColumnView       *gloss_claims_window_get_column_view (GlossClaimsWindow *self);
GtkColumnViewColumn *gloss_claims_window_get_column   (GlossClaimsWindow *self,
                                                       GlossClaimsColumn  column);
GtkSearchEntry      *gloss_claims_window_get_search_entry (GlossClaimsWindow *self);
/* ... the filter drop-downs: item 0 is "all", then the field's options in order ... */
GtkDropDown         *gloss_claims_window_get_status_filter     (GlossClaimsWindow *self);
GtkDropDown         *gloss_claims_window_get_likelihood_filter (GlossClaimsWindow *self);
/* ... and the rows read again now (a change otherwise reloads them when idle). */
void                 gloss_claims_window_reload       (GlossClaimsWindow *self);

G_END_DECLS

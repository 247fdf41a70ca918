/* gloss-claims-window.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Claims table (GlossClaimsView) in a window of its own. Activating a row opens
 * the claim in its article in the main window.
 */
#pragma once

#include <adwaita.h>
#include "gloss-claims-view.h"
#include "gloss-store.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_CLAIMS_WINDOW (gloss_claims_window_get_type ())
G_DECLARE_FINAL_TYPE (GlossClaimsWindow, gloss_claims_window, GLOSS, CLAIMS_WINDOW, AdwWindow)

/* A Claims window of @store's project (it closes when @store is finalized).
 * Signals: "open-annotation" (const char *document_id, const char *annotation_id)
 * when a row is activated; "add-to-analysis" (GStrv). */
GlossClaimsWindow *gloss_claims_window_new (GtkWindow  *transient_for,
                                           GlossStore *store);
GlossClaimsView   *gloss_claims_window_get_view (GlossClaimsWindow *self);

/* For tests, as gloss_claims_view_get_*() of its view. */
GListModel          *gloss_claims_window_get_model    (GlossClaimsWindow *self);
GtkColumnView       *gloss_claims_window_get_column_view (GlossClaimsWindow *self);
GtkColumnViewColumn *gloss_claims_window_get_column   (GlossClaimsWindow *self,
                                                       GlossClaimsColumn  column);
GtkSearchEntry      *gloss_claims_window_get_search_entry (GlossClaimsWindow *self);
GtkDropDown         *gloss_claims_window_get_status_filter     (GlossClaimsWindow *self);
GtkDropDown         *gloss_claims_window_get_likelihood_filter (GlossClaimsWindow *self);
void                 gloss_claims_window_reload       (GlossClaimsWindow *self);

G_END_DECLS

/* gloss-risk-window.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Risk register: the project's risks as a 5×5 likelihood/impact matrix and as a
 * table (quote, category, likelihood, impact, score, horizon, document). Selecting a
 * matrix cell filters the table to that cell; activating a row opens the risk in its
 * article in the main window.
 */
#pragma once

#include <adwaita.h>
#include "gloss-risk-matrix.h"
#include "gloss-store.h"

G_BEGIN_DECLS

typedef enum {
  GLOSS_RISKS_COLUMN_QUOTE,
  GLOSS_RISKS_COLUMN_CATEGORY,
  GLOSS_RISKS_COLUMN_LIKELIHOOD,
  GLOSS_RISKS_COLUMN_IMPACT,
  GLOSS_RISKS_COLUMN_SCORE,
  GLOSS_RISKS_COLUMN_HORIZON,
  GLOSS_RISKS_COLUMN_DOCUMENT,
  GLOSS_RISKS_N_COLUMNS
} GlossRisksColumn;

#define GLOSS_TYPE_RISK_WINDOW (gloss_risk_window_get_type ())
G_DECLARE_FINAL_TYPE (GlossRiskWindow, gloss_risk_window, GLOSS, RISK_WINDOW, AdwWindow)

/* A Risk register window of @store's project (it closes when @store is finalized).
 * Signals: "open-annotation" (const char *document_id, const char *annotation_id)
 * when a row is activated. */
GlossRiskWindow *gloss_risk_window_new (GtkWindow  *transient_for,
                                       GlossStore *store);

/* For tests: the rows shown (GlossRowItem of GlossRiskRow), the matrix, columns. */
GListModel          *gloss_risk_window_get_model   (GlossRiskWindow *self);
GlossRiskMatrix     *gloss_risk_window_get_matrix  (GlossRiskWindow *self);
GtkColumnView       *gloss_risk_window_get_column_view (GlossRiskWindow *self);
GtkColumnViewColumn *gloss_risk_window_get_column  (GlossRiskWindow *self,
                                                    GlossRisksColumn column);
void                 gloss_risk_window_reload      (GlossRiskWindow *self);

G_END_DECLS

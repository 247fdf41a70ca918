/* gloss-risk-matrix.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The 5×5 risk matrix, drawn: likelihood up the side (Rare at the bottom), impact
 * along the foot, each cell coloured by its score band and showing how many risks
 * fall in it. A click or Enter/Space on a cell selects it (again clears it); the
 * arrow keys move a cell cursor. The accessible description names the cell under
 * the cursor ("Likely × Major: 3 risks").
 */
#pragma once

#include <gtk/gtk.h>
#include "gloss-views.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_RISK_MATRIX (gloss_risk_matrix_get_type ())
G_DECLARE_FINAL_TYPE (GlossRiskMatrix, gloss_risk_matrix, GLOSS, RISK_MATRIX, GtkWidget)

/*
 * Signals:
 *   "selection-changed" (GlossRiskMatrix *matrix, gpointer user_data)
 */

GtkWidget  *gloss_risk_matrix_new             (void);
/* Counts indexed [likelihood - 1][impact - 1], as gloss_risk_matrix_count() fills them. */
void        gloss_risk_matrix_set_counts      (GlossRiskMatrix *self,
                                               const guint      counts[GLOSS_RISK_LEVELS][GLOSS_RISK_LEVELS]);
guint       gloss_risk_matrix_get_count       (GlossRiskMatrix *self,
                                               int              likelihood,
                                               int              impact);
/* The selected cell (1..5 each), or 0, 0 for none. */
void        gloss_risk_matrix_set_selected    (GlossRiskMatrix *self,
                                               int              likelihood,
                                               int              impact);
gboolean    gloss_risk_matrix_get_selected    (GlossRiskMatrix *self,
                                               int             *likelihood,
                                               int             *impact);
void        gloss_risk_matrix_get_cursor      (GlossRiskMatrix *self,
                                               int             *likelihood,
                                               int             *impact);
/* "Likely × Major: 3 risks" */
char       *gloss_risk_matrix_describe_cell   (GlossRiskMatrix *self,
                                               int              likelihood,
                                               int              impact);
/* What a click at (@x, @y) in widget coordinates does: moves the cursor there and
 * selects that cell, or clears the selection when it was selected. FALSE outside
 * the cells. */
gboolean    gloss_risk_matrix_click_at        (GlossRiskMatrix *self,
                                               double           x,
                                               double           y);
/* The centre of a cell in widget coordinates, as last drawn or allocated. */
gboolean    gloss_risk_matrix_get_cell_center (GlossRiskMatrix *self,
                                               int              likelihood,
                                               int              impact,
                                               double          *x,
                                               double          *y);
/* The names of the levels: "Rare" … "Almost certain", "Insignificant" … "Catastrophic". */
const char *gloss_risk_likelihood_name        (int              likelihood);
const char *gloss_risk_impact_name            (int              impact);

G_END_DECLS

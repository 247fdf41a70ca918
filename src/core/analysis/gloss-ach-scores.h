/* gloss-ach-scores.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scores of an analysis of competing hypotheses, computed from its matrix in
 * memory (read-only). The formulas are in docs/ACH.md.
 */
#pragma once

#include "gloss-ach.h"

G_BEGIN_DECLS

/* Weights of credibility and relevance levels. */
#define GLOSS_ACH_WEIGHT_HIGH   1.0
#define GLOSS_ACH_WEIGHT_MEDIUM 0.5
#define GLOSS_ACH_WEIGHT_LOW    0.25

typedef struct {
  guint     n_hypotheses;
  guint     n_evidence;
  guint     n_analysts;       /* whose ratings were counted */
  double   *inconsistency;    /* per hypothesis: Heuer's score, I counts 1 and II 2 */
  double   *weighted;         /* ... each cell times its row's credibility and relevance weights */
  double   *normalised;       /* weighted / its maximum over the rated cells, 0..1 */
  guint    *rated;            /* per hypothesis: evidence rows rated on it (not NA) */
  guint    *order;            /* hypothesis indices, least inconsistent (most likely) first */
  double   *diagnosticity;    /* per evidence: max - min of its cell values (CC 2 ... II -2), 0..4 */
  gboolean *linchpin;         /* per evidence: removing or re-rating it changes the top hypothesis */
  gboolean  top_tied;         /* the first two hypotheses have the same weighted score (no linchpins then) */
  double   *cell_spread;      /* [e * n_hypotheses + h]: max - min of the analysts' values; -1: < 2 ratings */
  guint    *disagreement;     /* per hypothesis: cells on which analysts differ */
} GlossAchScores;

void gloss_ach_scores_free (GlossAchScores *scores);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossAchScores, gloss_ach_scores_free)

/**
 * gloss_ach_scores_compute:
 * @matrix: an analysis
 * @analyst: (nullable): count only this analyst's ratings; NULL: every analyst's
 *   (a cell's value is then the mean of theirs)
 *
 * Returns: (transfer full): the scores, never NULL.
 */
GlossAchScores *gloss_ach_scores_compute (const GlossAchMatrix *matrix,
                                          const char           *analyst);

/* The weight of a level (DEFAULT counts as MEDIUM). */
double          gloss_ach_level_weight   (GlossAchLevel level);
/* Whether an evidence row helps tell hypotheses apart: diagnosticity > 0. */
gboolean        gloss_ach_scores_is_diagnostic (const GlossAchScores *scores,
                                                guint                 evidence);

G_END_DECLS

/* gloss-views.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project-wide tables analysts read: every claim with its fields, the risk
 * register with derived scores and its 5×5 likelihood/impact matrix. Each listing is
 * one query, so that a project with tens of thousands of claims opens its table at
 * once; the app wraps the rows in a list model, the CLI prints them.
 */
#pragma once

#include "gloss-store.h"

G_BEGIN_DECLS

/* One annotation of a claim label with the values of its fields, as stored
 * (canonical text; NULL where not set). */
typedef struct {
  char   *annotation_id;
  char   *document_id;
  char   *document_title;
  char   *label_id;
  char   *label_name;
  gint64  start;             /* code points */
  gint64  end;
  char   *quote;
  char   *speaker_id;        /* the speaker entity's UUID */
  char   *speaker;           /* ... and its name */
  char   *claim_type;
  char   *likelihood;        /* an ICD 203 word, e.g. "likely" */
  char   *confidence;
  char   *credibility;       /* Admiralty "1".."6" */
  char   *status;
  char   *pages;             /* "p. 12" or "pp. 12–13" in a paged source (PDF, scan), else NULL */
} GlossClaimRow;

/* One annotation of a risk label. Likelihood and impact are 1..5, 0 when not set;
 * the score is their product, -1 when either is missing. */
typedef struct {
  char   *annotation_id;
  char   *document_id;
  char   *document_title;
  char   *label_id;
  char   *label_name;
  gint64  start;
  gint64  end;
  char   *quote;
  char   *category;
  int     likelihood;
  int     impact;
  int     score;
  char   *horizon;
  char   *rationale;
  char   *pages;             /* as in GlossClaimRow */
} GlossRiskRow;

void gloss_claim_row_free (GlossClaimRow *row);
void gloss_risk_row_free  (GlossRiskRow  *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossClaimRow, gloss_claim_row_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossRiskRow, gloss_risk_row_free)

/* The fields the tables show, by name (matched without regard to ASCII case), as
 * the Analyst codebook defines them. */
#define GLOSS_CLAIM_FIELD_SPEAKER     "speaker"
#define GLOSS_CLAIM_FIELD_TYPE        "claim type"
#define GLOSS_CLAIM_FIELD_LIKELIHOOD  "likelihood"
#define GLOSS_CLAIM_FIELD_CONFIDENCE  "confidence"
#define GLOSS_CLAIM_FIELD_CREDIBILITY "credibility"
#define GLOSS_CLAIM_FIELD_STATUS      "status"
#define GLOSS_RISK_FIELD_CATEGORY     "category"
#define GLOSS_RISK_FIELD_HORIZON      "time horizon"
#define GLOSS_RISK_FIELD_RATIONALE    "rationale"

/**
 * gloss_store_list_claims:
 * @self: a store
 * @error: return location for an error
 *
 * Every live annotation whose label is of kind claim, across the project, in
 * document and text order, with the values of its fields.
 *
 * Returns: (transfer full) (element-type GlossClaimRow): the rows, or %NULL on error.
 */
GPtrArray *gloss_store_list_claims (GlossStore  *self,
                                    GError     **error);

/**
 * gloss_store_list_risks:
 * @self: a store
 * @error: return location for an error
 *
 * Every live annotation whose label is of kind risk, in document and text order.
 * A likelihood or impact outside 1..5 (a codebook edited by hand) counts as not set.
 *
 * Returns: (transfer full) (element-type GlossRiskRow): the rows, or %NULL on error.
 */
GPtrArray *gloss_store_list_risks  (GlossStore  *self,
                                    GError     **error);

/* The side of the risk matrix. */
#define GLOSS_RISK_LEVELS 5

/**
 * gloss_risk_matrix_count:
 * @risks: (element-type GlossRiskRow): rows from gloss_store_list_risks()
 * @counts: filled with the number of risks in each cell, indexed
 *   [likelihood - 1][impact - 1]
 *
 * Returns: the number of risks that have no cell (likelihood or impact not set).
 */
guint      gloss_risk_matrix_count (GPtrArray *risks,
                                    guint      counts[GLOSS_RISK_LEVELS][GLOSS_RISK_LEVELS]);

/* The band a score falls in, for colouring: 0 low (1-4), 1 medium (5-9), 2 high
 * (10-16), 3 extreme (20-25); -1 for no score. */
int        gloss_risk_score_band   (int score);

G_END_DECLS

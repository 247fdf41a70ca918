/* gloss-ach-out.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An analysis of competing hypotheses as CSV and as HTML (the report's section).
 */
#pragma once

#include "gloss-ach-scores.h"

G_BEGIN_DECLS

/* The matrix as CSV (RFC 4180, CRLF): a header row (evidence columns, then the
 * hypotheses in score order), four rows of scores, then one row per evidence.
 * @analyst (nullable): only that analyst's ratings. */
char       *gloss_ach_to_csv           (const GlossAchMatrix *matrix,
                                        const GlossAchScores *scores,
                                        const char           *analyst);
/* One cell's ratings as text: "C", or "Ana: C; Bo: II" when analysts differ; "" unrated. */
char       *gloss_ach_cell_text        (const GlossAchMatrix *matrix,
                                        const char           *analyst,
                                        guint                 evidence,
                                        guint                 hypothesis);
/* The quote of an annotation row, or the text of a free-text row. */
const char *gloss_ach_evidence_excerpt (const GlossAchEvidence *evidence);
/* The source's Admiralty grading ("B2", "B?"), or NULL. */
char       *gloss_ach_evidence_grading (const GlossAchEvidence *evidence);

extern const char gloss_ach_html_style[];
/* Appends an <h3> and a coloured table of the matrix with its scores. */
void        gloss_ach_append_html      (GString              *s,
                                        const GlossAchMatrix *matrix,
                                        const GlossAchScores *scores,
                                        guint                 number);
/* The report's section on every analysis of the project (nothing when none). */
gboolean    gloss_ach_append_report_section (GlossStore *store,
                                        GString    *s,
                                        GError    **error);

G_END_DECLS

/* gloss-session-ach.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What an analyst does to an analysis of competing hypotheses. Each function is one
 * transaction, recorded in the history, and one undo step (GLOSS_UNDO_ACH). The
 * workbench and gloss-cli call these and nothing else to change an analysis.
 */
#pragma once

#include "gloss-ach.h"
#include "gloss-session.h"

G_BEGIN_DECLS

/* Returns: (transfer full): the new analysis's id. */
char     *gloss_session_ach_add_analysis     (GlossSession  *self,
                                              const char    *question,
                                              const char    *description,
                                              GError       **error);
gboolean  gloss_session_ach_edit_analysis    (GlossSession  *self,
                                              const char    *analysis_id,
                                              const char    *question,
                                              const char    *description,
                                              GError       **error);
gboolean  gloss_session_ach_delete_analysis  (GlossSession  *self,
                                              const char    *analysis_id,
                                              GError       **error);
/* Returns: (transfer full): the new hypothesis's id; it goes last. */
char     *gloss_session_ach_add_hypothesis   (GlossSession  *self,
                                              const char    *analysis_id,
                                              const char    *title,
                                              const char    *description,
                                              GError       **error);
gboolean  gloss_session_ach_edit_hypothesis  (GlossSession  *self,
                                              const char    *hypothesis_id,
                                              const char    *title,
                                              const char    *description,
                                              GError       **error);
gboolean  gloss_session_ach_delete_hypothesis (GlossSession *self,
                                              const char    *hypothesis_id,
                                              GError       **error);
/**
 * gloss_session_ach_add_evidence:
 * @annotation_ids: (array zero-terminated=1): live annotations
 * @n_skipped: (out) (optional): how many were already evidence of the analysis
 *
 * Adds each annotation as an evidence row (after the existing ones), all in one
 * transaction and one undo step. Annotations already in the analysis are skipped;
 * when all are, fails with DUPLICATE.
 *
 * Returns: (transfer full): the ids of the new rows, NULL-terminated.
 */
char    **gloss_session_ach_add_evidence     (GlossSession       *self,
                                              const char         *analysis_id,
                                              const char * const *annotation_ids,
                                              guint              *n_skipped,
                                              GError            **error);
/* Free-text evidence (an assumption, an absence, or any other text). */
char     *gloss_session_ach_add_text_evidence (GlossSession        *self,
                                              const char          *analysis_id,
                                              GlossAchEvidenceKind  kind,
                                              const char          *text,
                                              GError             **error);
/* Overrides credibility and relevance (GLOSS_ACH_LEVEL_DEFAULT: follow the source). */
gboolean  gloss_session_ach_set_grading      (GlossSession  *self,
                                              const char    *evidence_id,
                                              GlossAchLevel  credibility,
                                              GlossAchLevel  relevance,
                                              GError       **error);
gboolean  gloss_session_ach_remove_evidence  (GlossSession  *self,
                                              const char    *evidence_id,
                                              GError       **error);
/* The session's analyst rates one cell; GLOSS_ACH_NONE clears their rating. */
gboolean  gloss_session_ach_rate             (GlossSession  *self,
                                              const char    *evidence_id,
                                              const char    *hypothesis_id,
                                              GlossAchRating rating,
                                              GError       **error);

G_END_DECLS

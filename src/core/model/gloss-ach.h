/* gloss-ach.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Analysis of Competing Hypotheses (Heuer): analyses, each with a question, its
 * hypotheses (columns), its evidence (rows: an annotation, usually a claim, or free
 * text such as an assumption or the absence of something expected) and the ratings
 * of each evidence x hypothesis cell by each analyst on the ACH scale. The rows are
 * plain values read in one go (gloss_store_load_ach); every change is a
 * gloss_session_ach_* call (gloss-session-ach.h). Scores are in src/core/analysis.
 */
#pragma once

#include "gloss-store.h"

G_BEGIN_DECLS

/* The ACH scale, in the order of the keys 1-6. */
typedef enum {
  GLOSS_ACH_NONE = 0,   /* not rated */
  GLOSS_ACH_CC,         /* very consistent */
  GLOSS_ACH_C,          /* consistent */
  GLOSS_ACH_N,          /* neutral */
  GLOSS_ACH_I,          /* inconsistent */
  GLOSS_ACH_II,         /* very inconsistent */
  GLOSS_ACH_NA,         /* not applicable */
} GlossAchRating;

#define GLOSS_ACH_N_RATINGS 6

/* "CC", "C", "N", "I", "II", "NA"; NULL for GLOSS_ACH_NONE. */
const char     *gloss_ach_rating_to_string   (GlossAchRating rating);
/* Words for people ("very consistent"...). */
const char     *gloss_ach_rating_describe    (GlossAchRating rating);
/* Parses a code (any case, surrounding blanks ignored) or a digit 1-6; sets @error
 * naming the scale when @text is neither. */
gboolean        gloss_ach_rating_parse       (const char     *text,
                                              GlossAchRating *rating,
                                              GError        **error);

/* Credibility and relevance of an evidence row. */
typedef enum {
  GLOSS_ACH_LEVEL_DEFAULT = 0,   /* not overridden: follows the source's grading */
  GLOSS_ACH_LEVEL_LOW,
  GLOSS_ACH_LEVEL_MEDIUM,
  GLOSS_ACH_LEVEL_HIGH,
} GlossAchLevel;

const char     *gloss_ach_level_to_string    (GlossAchLevel level);   /* "H", "M", "L"; NULL for default */
gboolean        gloss_ach_level_parse        (const char     *text,  /* H/M/L, high/medium/low, "" or "default" */
                                              GlossAchLevel  *level,
                                              GError        **error);

typedef enum {
  GLOSS_ACH_EVIDENCE_ANNOTATION,
  GLOSS_ACH_EVIDENCE_ASSUMPTION,
  GLOSS_ACH_EVIDENCE_ABSENCE,     /* the absence of something expected */
  GLOSS_ACH_EVIDENCE_TEXT,
} GlossAchEvidenceKind;

const char     *gloss_ach_evidence_kind_to_string (GlossAchEvidenceKind kind);
gboolean        gloss_ach_evidence_kind_parse (const char           *text,
                                               GlossAchEvidenceKind *kind,
                                               GError              **error);

typedef struct {
  char *id;
  char *question;
  char *description;   /* nullable */
  char *created;
  char *modified;
  guint n_hypotheses;
  guint n_evidence;
} GlossAchAnalysis;

typedef struct {
  char *id;
  char *title;
  char *description;   /* nullable */
  int   position;
} GlossAchHypothesis;

typedef struct {
  char                 *id;
  GlossAchEvidenceKind  kind;
  char                 *text;              /* free text, or the analyst's note on an annotation; nullable */
  GlossAchLevel         credibility_set;   /* the override, DEFAULT when none */
  GlossAchLevel         relevance_set;
  GlossAchLevel         credibility;       /* what counts: the override or the default */
  GlossAchLevel         relevance;
  int                   position;
  /* For an annotation row (NULL / 0 otherwise): */
  char                 *annotation_id;
  char                 *document_id;
  char                 *document_title;
  char                 *label_name;
  char                 *quote;
  gint64                start;
  gint64                end;
  char                 *page;              /* the "page" field value, if the label has one */
  char                 *reliability;       /* the document's source reliability A-F */
  char                 *info_credibility;  /* the annotation's Admiralty credibility 1-6 */
  char                 *confidence;        /* the annotation's confidence (low/moderate/high) */
  gboolean              source_deleted;    /* its annotation or document is deleted */
} GlossAchEvidence;

/* The matrix of one analysis. ratings holds, for each analyst (analysts[a]), an
 * n_evidence x n_hypotheses array of GlossAchRating, row-major. */
typedef struct {
  GlossAchAnalysis *analysis;
  GPtrArray        *hypotheses;   /* GlossAchHypothesis, in position order */
  GPtrArray        *evidence;     /* GlossAchEvidence, in position order */
  GPtrArray        *analysts;     /* char *, sorted */
  GPtrArray        *ratings;      /* guint8 * per analyst */
} GlossAchMatrix;

void gloss_ach_analysis_free   (GlossAchAnalysis   *analysis);
void gloss_ach_hypothesis_free (GlossAchHypothesis *hypothesis);
void gloss_ach_evidence_free   (GlossAchEvidence   *evidence);
void gloss_ach_matrix_free     (GlossAchMatrix     *matrix);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossAchAnalysis, gloss_ach_analysis_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossAchMatrix, gloss_ach_matrix_free)

/* The defaults of an evidence row from its source: credibility from the Admiralty
 * grading (the document's reliability A-F and the item's credibility 1-6, the lower
 * of the two that are known), relevance from the claim's confidence; MEDIUM when
 * nothing is known. Free text rows default to MEDIUM. */
GlossAchLevel   gloss_ach_default_credibility (const char *reliability,
                                               const char *info_credibility);
GlossAchLevel   gloss_ach_default_relevance   (const char *confidence);

/* Every live analysis, by question. Returns: (element-type GlossAchAnalysis). */
GPtrArray      *gloss_store_list_ach_analyses (GlossStore  *self,
                                               GError     **error);
/* An analysis by UUID, UUID prefix (at least 4 characters) or exact question. */
GlossAchAnalysis *gloss_store_find_ach_analysis (GlossStore *self,
                                               const char  *id_or_question,
                                               GError     **error);
GlossAchMatrix *gloss_store_load_ach          (GlossStore  *self,
                                               const char  *analysis_id,
                                               GError     **error);

/* Index of the analyst in @matrix (-1 when absent) and the rating of one cell. */
int             gloss_ach_matrix_analyst_index (const GlossAchMatrix *matrix,
                                               const char           *analyst);
GlossAchRating  gloss_ach_matrix_get          (const GlossAchMatrix *matrix,
                                               guint                 analyst,
                                               guint                 evidence,
                                               guint                 hypothesis);
/* Sets one cell in memory (adding the analyst when new), for a view that updates
 * itself after a successful gloss_session_ach_rate() without reading the project. */
void            gloss_ach_matrix_set          (GlossAchMatrix       *matrix,
                                               const char           *analyst,
                                               guint                 evidence,
                                               guint                 hypothesis,
                                               GlossAchRating        rating);
int             gloss_ach_matrix_find_evidence   (const GlossAchMatrix *matrix,
                                                  const char           *evidence_id);
int             gloss_ach_matrix_find_hypothesis (const GlossAchMatrix *matrix,
                                                  const char           *hypothesis_id);

/* ------------------------------------------------------------------------- */
/* Changes, as the session and undo make them                                 */

/* One row written: its table and its snapshot before (NULL: it did not exist) and after. */
typedef struct {
  char *table;
  char *before;
  char *after;
} GlossAchRowChange;

void            gloss_ach_row_change_free     (GlossAchRowChange *change);

/* Writes the rows of @changes back to their before (@forward FALSE) or after
 * versions, as a change of now, in one transaction with its history. */
gboolean        gloss_store_apply_ach_changes (GlossStore  *self,
                                               GPtrArray   *changes,
                                               gboolean     forward,
                                               GError     **error);

G_END_DECLS

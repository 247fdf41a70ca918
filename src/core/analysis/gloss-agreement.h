/* gloss-agreement.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Inter-annotator agreement: how far the annotators of a project agree on the spans
 * they mark and on the labels they give them.
 *
 * Spans of two annotators are matched one to one, either exactly (same start and end)
 * or by overlap (greedily, largest overlap first). For all annotators together, the
 * units are clusters of overlapping (or identical) spans, whoever marked them, so they
 * do not depend on the order of the annotators (docs/AGREEMENT.md). Gloss computes
 *
 *  - span precision, recall and F1 of annotator B against annotator A, per label and
 *    overall (micro-averaged), for exact and for overlap matching;
 *  - Cohen's kappa for two annotators, and Krippendorff's alpha (nominal) and Fleiss'
 *    kappa for any number, on the labels of the units;
 *  - Krippendorff's alpha with the ordinal (and interval) metric for field values, on a
 *    generic reliability-data matrix that can also be filled by hand.
 *
 * A measure that cannot be computed (nothing to compare, or no variation so that the
 * chance agreement is perfect and the coefficient is 0/0) is reported as undefined with
 * its reason, never as 0 or NaN.
 */
#pragma once

#include "gloss-store.h"

G_BEGIN_DECLS

#define GLOSS_AGREEMENT_ERROR (gloss_agreement_error_quark ())
GQuark gloss_agreement_error_quark (void);

typedef enum {
  GLOSS_AGREEMENT_ERROR_NOT_FOUND,   /* an annotator, document or label that the project does not have */
  GLOSS_AGREEMENT_ERROR_INVALID,     /* an option that makes no sense (the same annotator twice...) */
} GlossAgreementError;

/* ---- Measures ------------------------------------------------------------------ */

typedef enum {
  GLOSS_MEASURE_DEFINED = 0,
  /* Nothing to measure: no spans on the side that is divided by, or no unit that two
   * annotators coded. */
  GLOSS_MEASURE_NO_DATA,
  /* Every value is the same category: chance agreement is perfect and the coefficient
   * is 0/0. Krippendorff (2011) and Cohen's formula both leave it undefined. */
  GLOSS_MEASURE_NO_VARIATION,
} GlossMeasureStatus;

typedef struct {
  GlossMeasureStatus status;
  double             value;   /* meaningful only when status is GLOSS_MEASURE_DEFINED */
} GlossMeasure;

/* "no-data", "no-variation"; NULL for a defined measure. */
const char *gloss_measure_status_to_string (GlossMeasureStatus status);
/* A sentence for people: "no spans or units to compare"... NULL for a defined measure. */
const char *gloss_measure_status_describe  (GlossMeasureStatus status);
/* "0.743" with @digits decimals, or "undefined". */
char       *gloss_measure_format           (GlossMeasure       measure,
                                            int                digits);

/* A bootstrap confidence interval for a coefficient (docs/AGREEMENT.md): the units are
 * drawn with replacement as many times as there are units, the coefficient computed on
 * each such replicate, and the interval is the 2.5th and 97.5th percentiles of the
 * replicates in which it is defined. Undefined (with the coefficient's own reason, or
 * NO_DATA when no replicate was drawn) when the coefficient itself is undefined. */
typedef struct {
  GlossMeasureStatus status;
  double             lower;        /* meaningful only when status is GLOSS_MEASURE_DEFINED */
  double             upper;
  guint              replicates;   /* replicates in which the coefficient was defined */
} GlossInterval;

/* The default number of replicates and the fixed seed of the generator, so that the same
 * data always give the same interval. */
#define GLOSS_BOOTSTRAP_REPLICATES 1000
#define GLOSS_BOOTSTRAP_SEED       20040101u
#define GLOSS_BOOTSTRAP_LEVEL      0.95

/* "[0.612, 0.853]" with @digits decimals, or "undefined". */
char       *gloss_interval_format          (GlossInterval      interval,
                                            int                digits);

/* The percentile interval of @values (@n of them; sorted in place): the 2.5th and
 * 97.5th percentiles, interpolating linearly between order statistics (R's type 7).
 * NO_DATA when @n is 0. */
GlossInterval gloss_percentile_interval    (double            *values,
                                            guint              n,
                                            double             level);

/* ---- Span matching ------------------------------------------------------------- */

typedef enum {
  GLOSS_MATCH_OVERLAP = 0,   /* at least one code point in common (the default) */
  GLOSS_MATCH_EXACT,         /* same start and same end */
} GlossMatchMode;

/* "exact", "overlap". */
const char *gloss_match_mode_to_string   (GlossMatchMode  mode);
gboolean    gloss_match_mode_from_string (const char     *text,
                                          GlossMatchMode *mode);

/* A span to match: [start, end) in code points and a category (a label index). */
typedef struct {
  gint64 start;
  gint64 end;
  int    category;
} GlossSpan;

typedef struct {
  guint a;   /* index into the first array */
  guint b;   /* index into the second array */
} GlossSpanPair;

/* Matches the spans of @a with those of @b one to one and returns the pairs
 * (GlossSpanPair), ordered by their index in @a.
 *
 * Candidates are pairs that share at least one code point (overlap) or have the same
 * start and end (exact); with @same_category only spans of the same category are
 * candidates. The candidates are taken greedily: largest overlap first; on a tie the
 * pair of the same category, then the pair whose union is shortest (the closer
 * boundaries), then the pair whose earlier span, then later span, comes first (by
 * start and end, whichever array it is in), then the earlier span of @a, then the
 * earlier span of @b (by start, end, index). The result depends only on the spans and their order in the arrays, so the
 * same input always gives the same pairs. Empty spans never match. */
GArray     *gloss_match_spans            (const GlossSpan *a,
                                          guint            n_a,
                                          const GlossSpan *b,
                                          guint            n_b,
                                          GlossMatchMode   mode,
                                          gboolean         same_category);

/* Counts from matching the spans of annotator A (the reference) and annotator B. */
typedef struct {
  guint64 n_a;       /* spans A marked */
  guint64 n_b;       /* spans B marked */
  guint64 matched;   /* pairs matched */
} GlossSpanCounts;

/* matched / n_b: how many of B's spans A also marked. NO_DATA when B marked nothing. */
GlossMeasure gloss_span_counts_precision (const GlossSpanCounts *counts);
/* matched / n_a: how many of A's spans B also marked. NO_DATA when A marked nothing. */
GlossMeasure gloss_span_counts_recall    (const GlossSpanCounts *counts);
/* 2 matched / (n_a + n_b): symmetric in A and B (the positive specific agreement of
 * Hripcsak and Rothschild 2005). NO_DATA when neither marked anything. */
GlossMeasure gloss_span_counts_f1        (const GlossSpanCounts *counts);

/* ---- Coefficients -------------------------------------------------------------- */

/* Cohen's kappa from an @n_categories × @n_categories contingency table of counts,
 * row-major, rows the first coder's category and columns the second's:
 * kappa = (Po - Pe) / (1 - Pe) with Pe from each coder's own marginals (Cohen 1960).
 * NO_DATA for an empty table, NO_VARIATION when Pe = 1 (both coders used one and the
 * same category for every unit). */
GlossMeasure gloss_cohen_kappa           (const guint64   *table,
                                          guint            n_categories);

/* Reliability data: a units × coders matrix of values with missing values allowed
 * (Krippendorff 2011). A value is an integer: a category for the nominal metric, a
 * rank for the ordinal metric (only the order of the values matters), a number for
 * the interval metric. */
#define GLOSS_RELIABILITY_MISSING G_MININT64

typedef struct _GlossReliabilityData GlossReliabilityData;

GlossReliabilityData *gloss_reliability_data_new      (guint                 n_coders);
void                  gloss_reliability_data_free     (GlossReliabilityData *data);
guint                 gloss_reliability_data_get_n_coders (const GlossReliabilityData *data);
guint                 gloss_reliability_data_get_n_units  (const GlossReliabilityData *data);
/* Adds a unit with every value missing; returns its index. */
guint                 gloss_reliability_data_add_unit (GlossReliabilityData *data);
/* Sets one value; GLOSS_RELIABILITY_MISSING clears it. */
void                  gloss_reliability_data_set      (GlossReliabilityData *data,
                                                       guint                 unit,
                                                       guint                 coder,
                                                       gint64                value);
gint64                gloss_reliability_data_get      (const GlossReliabilityData *data,
                                                       guint                 unit,
                                                       guint                 coder);
/* Units with at least two values (the pairable ones). */
guint                 gloss_reliability_data_count_pairable (const GlossReliabilityData *data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossReliabilityData, gloss_reliability_data_free)

typedef enum {
  GLOSS_ALPHA_NOMINAL,    /* values are categories: any two different values differ by 1 */
  GLOSS_ALPHA_ORDINAL,    /* values are ranks: the difference grows with the values between */
  GLOSS_ALPHA_INTERVAL,   /* values are numbers: the difference is (c - k)^2 */
} GlossAlphaMetric;

/* Krippendorff's alpha = 1 - Do/De over the coincidence matrix of the pairable values
 * (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"): units with fewer
 * than two values are left out. NO_DATA when no unit has two values, NO_VARIATION when
 * all pairable values are equal (De = 0). */
GlossMeasure gloss_krippendorff_alpha    (const GlossReliabilityData *data,
                                          GlossAlphaMetric            metric);

/* Fleiss' kappa on nominal reliability data (values are categories), over the units
 * with at least two values: kappa = (P - Pe) / (1 - Pe), P the mean over units of the
 * share of agreeing pairs of values in the unit, Pe the sum of the squared shares of
 * each category among all those values (Fleiss 1971; a unit may have fewer values than
 * there are coders, see docs/AGREEMENT.md). NO_DATA when no unit has two values,
 * NO_VARIATION when every value is the same category. */
GlossMeasure gloss_fleiss_kappa          (const GlossReliabilityData *data);

/* Krippendorff's unitizing alpha (Krippendorff 2004, "Measuring the reliability of
 * qualitative text analysis data"): agreement on where the units of one category are
 * on a continuum of @length code points that every one of @n_coders coded whole,
 * computed from the positions themselves, with no matching of spans. Each span is a
 * unit of the category by its coder; a coder's overlapping or touching spans count as
 * their union, and what lies outside a coder's units is their gap. The observed and
 * expected disagreements are written to @observed and @expected (both 0 when nobody
 * marked anything); alpha = 1 - Do / De. Linear in the number of spans for Do and
 * n log n for De (docs/AGREEMENT.md has the formulas). */
typedef struct {
  gint64 start;
  gint64 end;
  guint  coder;
} GlossCodedSpan;

void         gloss_unitizing_disagreements (const GlossCodedSpan *spans,
                                            guint                 n_spans,
                                            guint                 n_coders,
                                            gint64                length,
                                            double               *observed,
                                            double               *expected);
/* 1 - Do / De. NO_DATA when fewer than two coders, no continuum or no span; NO_VARIATION
 * when De = 0. */
GlossMeasure gloss_unitizing_alpha         (const GlossCodedSpan *spans,
                                            guint                 n_spans,
                                            guint                 n_coders,
                                            gint64                length);

/* ---- Agreement of a project ---------------------------------------------------- */

typedef struct {
  /* Annotator names, in the order to report (B is measured against A for each pair of
   * A before B). NULL: every annotator who annotated a document in scope, by name. */
  char          **annotators;
  /* Document ids. NULL: every document. */
  char          **documents;
  /* Label names (case-insensitive) or ids. NULL: every label that annotations in scope
   * carry. */
  char          **labels;
  /* How the units for kappa and alpha are formed; zero (the default) is overlap. */
  GlossMatchMode  unit_match;
  /* Bootstrap replicates for the confidence intervals: 0 is the default
   * (GLOSS_BOOTSTRAP_REPLICATES), a negative number computes no interval. */
  int             bootstrap;
} GlossAgreementOptions;

/* Agreement of two annotators on one label (or on all of them, for the overall row). */
typedef struct {
  GlossSpanCounts exact;
  GlossSpanCounts overlap;
  GlossMeasure    kappa;      /* one label against the rest; all categories overall */
  GlossInterval   kappa_ci;   /* resampling the pair's units */
} GlossPairStats;

typedef struct {
  guint           a;             /* index into the report's annotators */
  guint           b;
  guint           n_documents;   /* documents both annotated */
  guint64         n_units;       /* units for kappa: matched pairs and spans one marked */
  GlossPairStats *labels;        /* one per report label */
  GlossPairStats  overall;
  /* (n_labels + 1)^2 counts, row-major: rows A's label, columns B's; the last
   * category is "none" (the annotator did not mark the unit). */
  guint64        *confusion;
} GlossAgreementPair;

/* Agreement of all the annotators together on one label (or overall). */
typedef struct {
  GlossMeasure alpha;             /* nominal; one label against the rest, or all categories */
  GlossMeasure fleiss_kappa;      /* on the same units and values as alpha */
  /* Krippendorff's unitizing alpha on the code points of the documents every annotator
   * coded; overall: 1 - sum Do / sum De over the labels (the joint coefficient). */
  GlossMeasure unitizing_alpha;
  GlossMeasure mean_f1_exact;     /* mean of the pairs' F1 that are defined */
  GlossMeasure mean_f1_overlap;
  /* Bootstrap intervals: alpha and Fleiss' kappa resampling the units, unitizing alpha
   * resampling the documents of its continuum. */
  GlossInterval alpha_ci;
  GlossInterval fleiss_kappa_ci;
  GlossInterval unitizing_alpha_ci;
} GlossGroupStats;

/* Krippendorff's alpha on the values of one field of a label. */
typedef struct {
  char         *label_name;
  char         *field_name;
  char         *field_type;      /* GLOSS_FIELD_TYPE_SCALE, _CHOICE or _BOOLEAN */
  guint64       n_units;         /* units where two annotators gave a value */
  GlossMeasure  alpha_nominal;
  GlossMeasure  alpha_ordinal;   /* scale: by value; choice: by the order of its options;
                                  * not computed (NO_DATA) for a boolean */
} GlossFieldAgreement;

typedef struct {
  char              **annotators;   /* names */
  guint               n_annotators;
  GPtrArray          *labels;       /* GlossLabel*, in codebook order */
  GlossMatchMode      unit_match;
  guint               n_documents;  /* documents in scope */
  guint               n_shared;     /* of them, annotated by at least two annotators */
  GPtrArray          *pairs;        /* GlossAgreementPair*, (0,1), (0,2)... (1,2)... */
  guint64             n_units;      /* units for alpha (coded by at least two annotators) */
  guint               n_unitized;   /* documents every annotator coded: unitizing alpha's continuum */
  gint64              unitized_length;   /* their length in code points */
  guint               bootstrap;    /* replicates drawn for the intervals; 0: none */
  GlossGroupStats    *group;        /* one per label */
  GlossGroupStats     group_overall;
  GPtrArray          *fields;       /* GlossFieldAgreement*, labels' choice, scale and boolean fields */
} GlossAgreementReport;

/* An annotator "coded" a document when they made at least one annotation in it (of any
 * label); in the documents an annotator did not code, their values are missing rather
 * than "none", so a document handed to only some of the team counts only for them.
 * Annotations without an annotator are left out. */
GlossAgreementReport *gloss_agreement_compute (GlossStore                  *store,
                                               const GlossAgreementOptions *options,
                                               GError                     **error);
void                  gloss_agreement_report_free (GlossAgreementReport *report);
/* The report as a JSON object (pretty-printed). Undefined measures are null and
 * listed with their reason in an "undefined" member next to them. */
char                 *gloss_agreement_report_to_json (const GlossAgreementReport *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossAgreementReport, gloss_agreement_report_free)

/* ---- Compare two annotators on one document ------------------------------------ */

typedef enum {
  GLOSS_COMPARE_AGREE,          /* both marked it with the same label */
  GLOSS_COMPARE_LABEL_DIFFERS,  /* both marked it, with different labels */
  GLOSS_COMPARE_ONLY_A,         /* only A marked it */
  GLOSS_COMPARE_ONLY_B,         /* only B marked it */
} GlossCompareKind;

/* "agree", "label-differs", "only-a", "only-b". */
const char *gloss_compare_kind_to_string (GlossCompareKind kind);

typedef struct {
  GlossCompareKind  kind;
  GlossAnnotation  *a;          /* NULL for ONLY_B */
  GlossAnnotation  *b;          /* NULL for ONLY_A */
  gint64            start;      /* the extent of both spans */
  gint64            end;
  gboolean          same_span;  /* both spans have the same start and end */
} GlossCompareItem;

typedef struct {
  char           *document_id;
  char           *annotator_a;
  char           *annotator_b;
  GlossMatchMode  mode;
  GPtrArray      *items;        /* GlossCompareItem*, by start, end */
  guint           n_agree;
  guint           n_label_differs;
  guint           n_only_a;
  guint           n_only_b;
} GlossComparison;

/* Compares the annotations @annotator_a and @annotator_b made in @document_id: spans
 * are matched one to one whatever their labels (same-label pairs first on a tie), so
 * that a span both marked with different labels shows up as a label disagreement. */
GlossComparison *gloss_agreement_compare      (GlossStore     *store,
                                               const char     *document_id,
                                               const char     *annotator_a,
                                               const char     *annotator_b,
                                               GlossMatchMode  mode,
                                               GError        **error);
/* The same on annotations already read (GlossAnnotation*; their annotator and
 * document are not looked at). */
GlossComparison *gloss_comparison_new          (GPtrArray      *annotations_a,
                                               GPtrArray      *annotations_b,
                                               GlossMatchMode  mode);
void             gloss_comparison_free         (GlossComparison *comparison);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossComparison, gloss_comparison_free)

G_END_DECLS

/* gloss-agreement.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Inter-annotator agreement. The coefficients follow their published definitions:
 *
 *  - Cohen's kappa: Cohen (1960), "A coefficient of agreement for nominal scales".
 *  - Krippendorff's alpha: Krippendorff (2011), "Computing Krippendorff's Alpha-
 *    Reliability" (coincidence matrix of pairable values, nominal, ordinal and interval
 *    difference functions, missing values allowed).
 *  - Span F1 as agreement: Hripcsak and Rothschild (2005), "Agreement, the F-measure,
 *    and reliability in information retrieval".
 *
 * Units for kappa and alpha. Annotators do not only label given units, they also
 * choose which spans to mark (unitizing). As surveyed by Artstein and Poesio (2008),
 * "Inter-coder agreement for computational linguistics", kappa-like coefficients then
 * need a set of units to be fixed first; Gloss uses the common convention: a unit is a
 * pair of spans the two annotators marked and that matched (one to one, by the chosen
 * match), or a span that only one annotator marked, in which case the other is coded
 * "none" for it. The "none"/"none" cell stays empty: the spans nobody marked cannot be
 * counted (Hripcsak and Rothschild 2005 show why that count is undefined, and why span
 * F1 is reported next to kappa). With more than two annotators the units are formed by
 * aligning each annotator's spans in turn with the units found so far (first marker's
 * span represents the unit); an annotator who did not annotate a document at all has
 * missing values there, not "none".
 */
#define G_LOG_DOMAIN "gloss-agreement"

#include "config.h"

#include <math.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "gloss-agreement.h"
#include "gloss-fields.h"

G_DEFINE_QUARK (gloss-agreement-error-quark, gloss_agreement_error)

/* ---- Measures ------------------------------------------------------------------ */

static GlossMeasure
measure_value (double value)
{
  return (GlossMeasure) { GLOSS_MEASURE_DEFINED, value };
}

static GlossMeasure
measure_undefined (GlossMeasureStatus status)
{
  return (GlossMeasure) { status, 0.0 };
}

const char *
gloss_measure_status_to_string (GlossMeasureStatus status)
{
  switch (status)
    {
    case GLOSS_MEASURE_NO_DATA:
      return "no-data";
    case GLOSS_MEASURE_NO_VARIATION:
      return "no-variation";
    case GLOSS_MEASURE_DEFINED:
    default:
      return NULL;
    }
}

const char *
gloss_measure_status_describe (GlossMeasureStatus status)
{
  switch (status)
    {
    case GLOSS_MEASURE_NO_DATA:
      return "nothing to compare (no spans, or no unit that two annotators coded)";
    case GLOSS_MEASURE_NO_VARIATION:
      return "no variation: every value is the same, so chance agreement is perfect and the coefficient is 0/0";
    case GLOSS_MEASURE_DEFINED:
    default:
      return NULL;
    }
}

char *
gloss_measure_format (GlossMeasure measure,
                      int          digits)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char format[16];
  double value = measure.value;
  double half_unit = 0.5;

  if (measure.status != GLOSS_MEASURE_DEFINED)
    return g_strdup ("undefined");
  digits = CLAMP (digits, 0, 12);
  for (int i = 0; i < digits; i++)
    half_unit /= 10.0;
  /* No "-0.000" for a value that rounds to zero. */
  if (value > -half_unit && value < half_unit)
    value = 0.0;
  g_snprintf (format, sizeof format, "%%.%df", digits);
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, format, value));
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

char *
gloss_interval_format (GlossInterval interval,
                       int           digits)
{
  GlossMeasure lower = { GLOSS_MEASURE_DEFINED, interval.lower };
  GlossMeasure upper = { GLOSS_MEASURE_DEFINED, interval.upper };
  g_autofree char *lo = NULL;
  g_autofree char *hi = NULL;

  if (interval.status != GLOSS_MEASURE_DEFINED)
    return g_strdup ("undefined");
  lo = gloss_measure_format (lower, digits);
  hi = gloss_measure_format (upper, digits);
  return g_strdup_printf ("[%s, %s]", lo, hi);
}

/* The @p quantile of @sorted (@n > 0 values): R's type 7, h = (n - 1) p. */
static double
quantile (const double *sorted,
          guint         n,
          double        p)
{
  double h = (n - 1) * p;
  guint below = (guint) h;

  if (below + 1 >= n)
    return sorted[n - 1];
  return sorted[below] + (h - below) * (sorted[below + 1] - sorted[below]);
}

GlossInterval
gloss_percentile_interval (double *values,
                           guint   n,
                           double  level)
{
  GlossInterval interval = { GLOSS_MEASURE_NO_DATA, 0.0, 0.0, n };

  if (n == 0)
    return interval;
  qsort (values, n, sizeof (double), compare_doubles);
  interval.status = GLOSS_MEASURE_DEFINED;
  interval.lower = quantile (values, n, (1.0 - level) / 2.0);
  interval.upper = quantile (values, n, 1.0 - (1.0 - level) / 2.0);
  return interval;
}

/* ---- Span matching ------------------------------------------------------------- */

const char *
gloss_match_mode_to_string (GlossMatchMode mode)
{
  return mode == GLOSS_MATCH_EXACT ? "exact" : "overlap";
}

gboolean
gloss_match_mode_from_string (const char     *text,
                              GlossMatchMode *mode)
{
  if (g_strcmp0 (text, "exact") == 0)
    *mode = GLOSS_MATCH_EXACT;
  else if (g_strcmp0 (text, "overlap") == 0)
    *mode = GLOSS_MATCH_OVERLAP;
  else
    return FALSE;
  return TRUE;
}

typedef struct {
  guint    a;
  guint    b;
  gint64   overlap;
  gint64   extent;    /* length of the union of both spans */
  gboolean same;      /* same category */
} Candidate;

typedef struct {
  const GlossSpan *a;
  const GlossSpan *b;
} CandidateContext;

static int
compare_spans_at (const GlossSpan *spans,
                  guint            i,
                  guint            j)
{
  if (spans[i].start != spans[j].start)
    return spans[i].start < spans[j].start ? -1 : 1;
  if (spans[i].end != spans[j].end)
    return spans[i].end < spans[j].end ? -1 : 1;
  return (i > j) - (i < j);
}

static int
compare_span_indices (gconstpointer p,
                      gconstpointer q,
                      gpointer      user_data)
{
  return compare_spans_at (user_data, *(const guint *) p, *(const guint *) q);
}

/* A candidate's place whatever the roles: the span that starts first, then the
 * other, each by start and end. */
static int
compare_where (const CandidateContext *context,
               const Candidate        *x,
               const Candidate        *y)
{
  const GlossSpan *xs[2] = { &context->a[x->a], &context->b[x->b] };
  const GlossSpan *ys[2] = { &context->a[y->a], &context->b[y->b] };

  const GlossSpan *t;

  if (xs[1]->start < xs[0]->start || (xs[1]->start == xs[0]->start && xs[1]->end < xs[0]->end))
    t = xs[0], xs[0] = xs[1], xs[1] = t;
  if (ys[1]->start < ys[0]->start || (ys[1]->start == ys[0]->start && ys[1]->end < ys[0]->end))
    t = ys[0], ys[0] = ys[1], ys[1] = t;
  for (guint k = 0; k < 2; k++)
    {
      if (xs[k]->start != ys[k]->start)
        return xs[k]->start < ys[k]->start ? -1 : 1;
      if (xs[k]->end != ys[k]->end)
        return xs[k]->end < ys[k]->end ? -1 : 1;
    }
  return 0;
}

static int
compare_candidates (gconstpointer p,
                    gconstpointer q,
                    gpointer      user_data)
{
  const Candidate *x = p;
  const Candidate *y = q;
  const CandidateContext *context = user_data;
  int c;

  if (x->overlap != y->overlap)
    return x->overlap > y->overlap ? -1 : 1;
  if (x->same != y->same)
    return x->same ? -1 : 1;
  if (x->extent != y->extent)
    return x->extent < y->extent ? -1 : 1;
  /* Where the two spans are, which does not depend on which annotator is A. */
  if ((c = compare_where (context, x, y)) != 0)
    return c;
  if (x->a != y->a && (c = compare_spans_at (context->a, x->a, y->a)) != 0)
    return c;
  if (x->b != y->b)
    return compare_spans_at (context->b, x->b, y->b);
  return 0;
}

static void
add_candidate (GArray          *candidates,
               const GlossSpan *a,
               guint            ia,
               const GlossSpan *b,
               guint            ib,
               GlossMatchMode   mode,
               gboolean         same_category)
{
  const GlossSpan *x = &a[ia];
  const GlossSpan *y = &b[ib];
  gint64 lo = MAX (x->start, y->start);
  gint64 hi = MIN (x->end, y->end);
  Candidate c;

  if (hi <= lo)
    return;
  if (mode == GLOSS_MATCH_EXACT && (x->start != y->start || x->end != y->end))
    return;
  if (same_category && x->category != y->category)
    return;
  c.a = ia;
  c.b = ib;
  c.overlap = hi - lo;
  c.extent = MAX (x->end, y->end) - MIN (x->start, y->start);
  c.same = x->category == y->category;
  g_array_append_val (candidates, c);
}

/* Drops from @active the spans that end at or before @start: they cannot overlap a
 * span starting there, nor any later one. */
static void
prune_active (GArray          *active,
              const GlossSpan *spans,
              gint64           start)
{
  guint kept = 0;

  for (guint i = 0; i < active->len; i++)
    {
      guint index = g_array_index (active, guint, i);

      if (spans[index].end > start)
        g_array_index (active, guint, kept++) = index;
    }
  g_array_set_size (active, kept);
}

static GArray *
sorted_indices (const GlossSpan *spans,
                guint            n)
{
  GArray *order = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);

  for (guint i = 0; i < n; i++)
    g_array_append_val (order, i);
  g_array_sort_with_data (order, compare_span_indices, (gpointer) spans);
  return order;
}

GArray *
gloss_match_spans (const GlossSpan *a,
                   guint            n_a,
                   const GlossSpan *b,
                   guint            n_b,
                   GlossMatchMode   mode,
                   gboolean         same_category)
{
  g_autoptr(GArray) order_a = sorted_indices (a, n_a);
  g_autoptr(GArray) order_b = sorted_indices (b, n_b);
  g_autoptr(GArray) active_a = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) active_b = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_autofree gboolean *used_a = g_new0 (gboolean, MAX (n_a, 1));
  g_autofree gboolean *used_b = g_new0 (gboolean, MAX (n_b, 1));
  CandidateContext context = { a, b };
  GArray *pairs = g_array_new (FALSE, FALSE, sizeof (GlossSpanPair));
  guint ia = 0, ib = 0;

  g_return_val_if_fail (n_a == 0 || a != NULL, pairs);
  g_return_val_if_fail (n_b == 0 || b != NULL, pairs);

  /* A sweep over both lists by start: each new span meets the spans of the other list
   * that are still open, which are exactly those it overlaps. */
  while (ia < n_a || ib < n_b)
    {
      gboolean take_a = ib >= n_b ||
        (ia < n_a && a[g_array_index (order_a, guint, ia)].start <= b[g_array_index (order_b, guint, ib)].start);

      if (take_a)
        {
          guint i = g_array_index (order_a, guint, ia++);

          prune_active (active_b, b, a[i].start);
          for (guint k = 0; k < active_b->len; k++)
            add_candidate (candidates, a, i, b, g_array_index (active_b, guint, k), mode, same_category);
          if (a[i].end > a[i].start)
            g_array_append_val (active_a, i);
        }
      else
        {
          guint j = g_array_index (order_b, guint, ib++);

          prune_active (active_a, a, b[j].start);
          for (guint k = 0; k < active_a->len; k++)
            add_candidate (candidates, a, g_array_index (active_a, guint, k), b, j, mode, same_category);
          if (b[j].end > b[j].start)
            g_array_append_val (active_b, j);
        }
    }

  g_array_sort_with_data (candidates, compare_candidates, &context);
  for (guint k = 0; k < candidates->len; k++)
    {
      const Candidate *c = &g_array_index (candidates, Candidate, k);
      GlossSpanPair pair;

      if (used_a[c->a] || used_b[c->b])
        continue;
      used_a[c->a] = used_b[c->b] = TRUE;
      pair.a = c->a;
      pair.b = c->b;
      g_array_append_val (pairs, pair);
    }

  /* By index in @a. */
  {
    g_autofree guint *b_of = g_new (guint, MAX (n_a, 1));
    guint n = 0;

    for (guint k = 0; k < pairs->len; k++)
      b_of[g_array_index (pairs, GlossSpanPair, k).a] = g_array_index (pairs, GlossSpanPair, k).b;
    for (guint i = 0; i < n_a; i++)
      if (used_a[i])
        {
          g_array_index (pairs, GlossSpanPair, n).a = i;
          g_array_index (pairs, GlossSpanPair, n).b = b_of[i];
          n++;
        }
  }
  return pairs;
}

GlossMeasure
gloss_span_counts_precision (const GlossSpanCounts *counts)
{
  if (counts->n_b == 0)
    return measure_undefined (GLOSS_MEASURE_NO_DATA);
  return measure_value ((double) counts->matched / (double) counts->n_b);
}

GlossMeasure
gloss_span_counts_recall (const GlossSpanCounts *counts)
{
  if (counts->n_a == 0)
    return measure_undefined (GLOSS_MEASURE_NO_DATA);
  return measure_value ((double) counts->matched / (double) counts->n_a);
}

GlossMeasure
gloss_span_counts_f1 (const GlossSpanCounts *counts)
{
  if (counts->n_a + counts->n_b == 0)
    return measure_undefined (GLOSS_MEASURE_NO_DATA);
  return measure_value (2.0 * (double) counts->matched / (double) (counts->n_a + counts->n_b));
}

/* ---- Coefficients -------------------------------------------------------------- */

GlossMeasure
gloss_cohen_kappa (const guint64 *table,
                   guint          n_categories)
{
  g_autofree guint64 *rows = g_new0 (guint64, MAX (n_categories, 1));
  g_autofree guint64 *columns = g_new0 (guint64, MAX (n_categories, 1));
  guint64 total = 0, diagonal = 0, chance = 0;
  double n;

  for (guint i = 0; i < n_categories; i++)
    for (guint j = 0; j < n_categories; j++)
      {
        guint64 count = table[i * n_categories + j];

        rows[i] += count;
        columns[j] += count;
        total += count;
        if (i == j)
          diagonal += count;
      }
  if (total == 0)
    return measure_undefined (GLOSS_MEASURE_NO_DATA);
  for (guint i = 0; i < n_categories; i++)
    chance += rows[i] * columns[i];
  /* Pe = chance / total^2; Pe = 1 only when both coders used one and the same
   * category throughout. Compared in integers so that it is exact. */
  if (chance == total * total)
    return measure_undefined (GLOSS_MEASURE_NO_VARIATION);
  /* kappa = (Po - Pe) / (1 - Pe) = (N diag - chance) / (N^2 - chance). */
  n = (double) total;
  return measure_value ((n * (double) diagonal - (double) chance) / (n * n - (double) chance));
}

struct _GlossReliabilityData {
  guint   n_coders;
  GArray *values;   /* gint64, n_units × n_coders, row-major */
};

GlossReliabilityData *
gloss_reliability_data_new (guint n_coders)
{
  GlossReliabilityData *data = g_new0 (GlossReliabilityData, 1);

  data->n_coders = n_coders;
  data->values = g_array_new (FALSE, FALSE, sizeof (gint64));
  return data;
}

void
gloss_reliability_data_free (GlossReliabilityData *data)
{
  if (data == NULL)
    return;
  g_array_unref (data->values);
  g_free (data);
}

guint
gloss_reliability_data_get_n_coders (const GlossReliabilityData *data)
{
  return data->n_coders;
}

guint
gloss_reliability_data_get_n_units (const GlossReliabilityData *data)
{
  return data->n_coders == 0 ? 0 : data->values->len / data->n_coders;
}

guint
gloss_reliability_data_add_unit (GlossReliabilityData *data)
{
  guint unit = gloss_reliability_data_get_n_units (data);
  gint64 missing = GLOSS_RELIABILITY_MISSING;

  for (guint c = 0; c < data->n_coders; c++)
    g_array_append_val (data->values, missing);
  return unit;
}

void
gloss_reliability_data_set (GlossReliabilityData *data,
                            guint                 unit,
                            guint                 coder,
                            gint64                value)
{
  g_return_if_fail (coder < data->n_coders);
  g_return_if_fail (unit < gloss_reliability_data_get_n_units (data));

  g_array_index (data->values, gint64, (gsize) unit * data->n_coders + coder) = value;
}

gint64
gloss_reliability_data_get (const GlossReliabilityData *data,
                            guint                       unit,
                            guint                       coder)
{
  g_return_val_if_fail (coder < data->n_coders, GLOSS_RELIABILITY_MISSING);
  g_return_val_if_fail (unit < gloss_reliability_data_get_n_units (data), GLOSS_RELIABILITY_MISSING);

  return g_array_index (data->values, gint64, (gsize) unit * data->n_coders + coder);
}

/* The values of one unit, missing ones left out. */
static guint
unit_values (const GlossReliabilityData *data,
             guint                       unit,
             gint64                     *out)
{
  const gint64 *row = &g_array_index (data->values, gint64, (gsize) unit * data->n_coders);
  guint m = 0;

  for (guint c = 0; c < data->n_coders; c++)
    if (row[c] != GLOSS_RELIABILITY_MISSING)
      out[m++] = row[c];
  return m;
}

guint
gloss_reliability_data_count_pairable (const GlossReliabilityData *data)
{
  g_autofree gint64 *values = g_new (gint64, MAX (data->n_coders, 1));
  guint n_units = gloss_reliability_data_get_n_units (data);
  guint pairable = 0;

  for (guint u = 0; u < n_units; u++)
    if (unit_values (data, u, values) >= 2)
      pairable++;
  return pairable;
}

static int
compare_int64 (gconstpointer p,
               gconstpointer q)
{
  gint64 x = *(const gint64 *) p;
  gint64 y = *(const gint64 *) q;

  return (x > y) - (x < y);
}

static guint
find_value (const gint64 *values,
            guint         n,
            gint64        value)
{
  guint lo = 0, hi = n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (values[mid] < value)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/*
 * alpha = 1 - (n - 1) * sum_ck o_ck d2_ck / sum_ck n_c n_k d2_ck
 *
 * with o the coincidence matrix of the pairable values (o_ck = sum over units of
 * n_uc n_uk / (m_u - 1)), n_c its marginals (the number of pairable values c) and n
 * their total. Both sums are taken without building o:
 *
 *  - nominal: d2 = [c != k], so a unit adds (m_u^2 - sum_c n_uc^2) / (m_u - 1) and the
 *    expected sum is n^2 - sum_c n_c^2;
 *  - interval: d2 = (x_c - x_k)^2, so a unit adds 2 m_u sum_i (x_i - mean_u)^2 /
 *    (m_u - 1) and the expected sum is 2 n sum_c n_c (x_c - mean)^2;
 *  - ordinal: d2 = (sum_{g=c..k} n_g - (n_c + n_k) / 2)^2 = (M_k - M_c)^2 with
 *    M_c = sum_{g<c} n_g + n_c / 2, i.e. the interval metric on the mid-ranks M_c.
 */
GlossMeasure
gloss_krippendorff_alpha (const GlossReliabilityData *data,
                          GlossAlphaMetric            metric)
{
  g_autoptr(GArray) pooled = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree gint64 *values = NULL;
  g_autofree gint64 *distinct = NULL;
  g_autofree double *counts = NULL;
  g_autofree double *coordinate = NULL;
  guint n_units, n_distinct = 0;
  double n, observed = 0.0, expected = 0.0;

  g_return_val_if_fail (data != NULL, measure_undefined (GLOSS_MEASURE_NO_DATA));

  n_units = gloss_reliability_data_get_n_units (data);
  values = g_new (gint64, MAX (data->n_coders, 1));
  for (guint u = 0; u < n_units; u++)
    {
      guint m = unit_values (data, u, values);

      if (m >= 2)
        g_array_append_vals (pooled, values, m);
    }
  if (pooled->len == 0)
    return measure_undefined (GLOSS_MEASURE_NO_DATA);

  g_array_sort (pooled, compare_int64);
  distinct = g_new (gint64, pooled->len);
  counts = g_new0 (double, pooled->len);
  for (guint i = 0; i < pooled->len; i++)
    {
      gint64 v = g_array_index (pooled, gint64, i);

      if (n_distinct == 0 || distinct[n_distinct - 1] != v)
        distinct[n_distinct++] = v;
      counts[n_distinct - 1] += 1.0;
    }
  if (n_distinct < 2)
    return measure_undefined (GLOSS_MEASURE_NO_VARIATION);
  n = (double) pooled->len;

  coordinate = g_new (double, n_distinct);
  if (metric == GLOSS_ALPHA_ORDINAL)
    {
      double below = 0.0;

      for (guint i = 0; i < n_distinct; i++)
        {
          coordinate[i] = below + counts[i] / 2.0;
          below += counts[i];
        }
    }
  else
    {
      for (guint i = 0; i < n_distinct; i++)
        coordinate[i] = (double) distinct[i];
    }

  if (metric == GLOSS_ALPHA_NOMINAL)
    {
      double squares = 0.0;

      for (guint i = 0; i < n_distinct; i++)
        squares += counts[i] * counts[i];
      expected = n * n - squares;
    }
  else
    {
      double mean = 0.0;

      for (guint i = 0; i < n_distinct; i++)
        mean += counts[i] * coordinate[i];
      mean /= n;
      for (guint i = 0; i < n_distinct; i++)
        expected += counts[i] * (coordinate[i] - mean) * (coordinate[i] - mean);
      expected *= 2.0 * n;
    }

  for (guint u = 0; u < n_units; u++)
    {
      guint m = unit_values (data, u, values);

      if (m < 2)
        continue;
      if (metric == GLOSS_ALPHA_NOMINAL)
        {
          double squares = 0.0;
          guint run = 1;

          qsort (values, m, sizeof (gint64), compare_int64);
          for (guint i = 1; i <= m; i++)
            {
              if (i < m && values[i] == values[i - 1])
                {
                  run++;
                  continue;
                }
              squares += (double) run * run;
              run = 1;
            }
          observed += ((double) m * m - squares) / (m - 1);
        }
      else
        {
          double mean = 0.0, spread = 0.0;

          for (guint i = 0; i < m; i++)
            mean += coordinate[find_value (distinct, n_distinct, values[i])];
          mean /= m;
          for (guint i = 0; i < m; i++)
            {
              double x = coordinate[find_value (distinct, n_distinct, values[i])] - mean;

              spread += x * x;
            }
          observed += 2.0 * m * spread / (m - 1);
        }
    }

  if (expected <= 0.0)
    return measure_undefined (GLOSS_MEASURE_NO_VARIATION);
  return measure_value (1.0 - (n - 1.0) * observed / expected);
}

/*
 * kappa = (P - Pe) / (1 - Pe), over the units with at least two values, where for a
 * unit i with m_i values of which n_ij are category j
 *
 *   P_i = (sum_j n_ij^2 - m_i) / (m_i (m_i - 1))   the share of agreeing pairs of values,
 *   P   = the mean of P_i over the units,
 *   p_j = sum_i n_ij / sum_i m_i                   the share of category j among all values,
 *   Pe  = sum_j p_j^2.
 *
 * With the same number of values in every unit this is Fleiss (1971) exactly.
 */
GlossMeasure
gloss_fleiss_kappa (const GlossReliabilityData *data)
{
  g_autoptr(GHashTable) totals = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autofree gint64 *values = NULL;
  guint n_units, used = 0;
  double sum_p = 0.0, n_values = 0.0, pe = 0.0, p;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (data != NULL, measure_undefined (GLOSS_MEASURE_NO_DATA));

  n_units = gloss_reliability_data_get_n_units (data);
  values = g_new (gint64, MAX (data->n_coders, 1));
  for (guint u = 0; u < n_units; u++)
    {
      guint m = unit_values (data, u, values);
      double squares = 0.0;
      guint run = 1;

      if (m < 2)
        continue;
      qsort (values, m, sizeof (gint64), compare_int64);
      for (guint i = 1; i <= m; i++)
        {
          if (i < m && values[i] == values[i - 1])
            {
              run++;
              continue;
            }
          {
            double *total = g_hash_table_lookup (totals, &values[i - 1]);

            if (total == NULL)
              {
                total = g_new0 (double, 1);
                g_hash_table_insert (totals, g_memdup2 (&values[i - 1], sizeof (gint64)), total);
              }
            *total += run;
          }
          squares += (double) run * run;
          run = 1;
        }
      sum_p += (squares - m) / ((double) m * (m - 1));
      n_values += m;
      used++;
    }
  if (used == 0)
    return measure_undefined (GLOSS_MEASURE_NO_DATA);

  g_hash_table_iter_init (&iter, totals);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      double share = *(double *) value / n_values;

      pe += share * share;
    }
  if (g_hash_table_size (totals) < 2 || pe >= 1.0)
    return measure_undefined (GLOSS_MEASURE_NO_VARIATION);
  p = sum_p / used;
  return measure_value ((p - pe) / (1.0 - pe));
}

/* ---- Agreement of a project ---------------------------------------------------- */

/* One annotation, as much of it as agreement needs. */
/* ---- Unitizing alpha ------------------------------------------------------------ */

/* A section of one coder's partition of the continuum: a unit or a gap. */
typedef struct {
  gint64   start;
  gint64   end;
  gboolean unit;
} Section;

static int
compare_coded_spans (gconstpointer a,
                     gconstpointer b)
{
  const GlossCodedSpan *x = a, *y = b;

  if (x->coder != y->coder)
    return x->coder < y->coder ? -1 : 1;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return (x->end > y->end) - (x->end < y->end);
}

/* Each coder's partition of [0, @length) into units (the union of their spans, clipped)
 * and gaps; @partitions gets one GArray of Section per coder. */
static GPtrArray *
unitizing_partitions (const GlossCodedSpan *spans,
                      guint                 n_spans,
                      guint                 n_coders,
                      gint64                length)
{
  g_autofree GlossCodedSpan *sorted = g_memdup2 (spans, sizeof *spans * MAX (n_spans, 1));
  GPtrArray *partitions = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  guint i = 0;

  qsort (sorted, n_spans, sizeof *sorted, compare_coded_spans);
  for (guint c = 0; c < n_coders; c++)
    {
      GArray *sections = g_array_new (FALSE, FALSE, sizeof (Section));
      gint64 pos = 0;

      while (i < n_spans && sorted[i].coder < c)
        i++;
      while (i < n_spans && sorted[i].coder == c)
        {
          gint64 start = CLAMP (sorted[i].start, 0, length);
          gint64 end = CLAMP (sorted[i].end, 0, length);

          /* Overlapping or touching spans of one coder are one unit. */
          while (i + 1 < n_spans && sorted[i + 1].coder == c && sorted[i + 1].start <= end)
            {
              gint64 next_end = CLAMP (sorted[i + 1].end, 0, length);

              end = MAX (end, next_end);
              i++;
            }
          i++;
          if (end <= MAX (start, pos))
            continue;
          start = MAX (start, pos);
          if (start > pos)
            g_array_append_vals (sections, &(Section) { pos, start, FALSE }, 1);
          g_array_append_vals (sections, &(Section) { start, end, TRUE }, 1);
          pos = end;
        }
      if (pos < length)
        g_array_append_vals (sections, &(Section) { pos, length, FALSE }, 1);
      g_ptr_array_add (partitions, sections);
    }
  return partitions;
}

/* The squared distance between section @g of one coder and @h of another that share a
 * code point (Krippendorff 2004): two units, by how far their starts and ends are
 * apart; a unit inside the other's gap, by its length squared; else nothing. */
static double
section_distance (const Section *g,
                  const Section *h)
{
  double lg = (double) (g->end - g->start), lh = (double) (h->end - h->start);

  if (g->unit && h->unit)
    return (double) (g->start - h->start) * (double) (g->start - h->start) +
           (double) (g->end - h->end) * (double) (g->end - h->end);
  if (g->unit && !h->unit && h->start <= g->start && g->end <= h->end)
    return lg * lg;
  if (!g->unit && h->unit && g->start <= h->start && h->end <= g->end)
    return lh * lh;
  return 0.0;
}

void
gloss_unitizing_disagreements (const GlossCodedSpan *spans,
                               guint                 n_spans,
                               guint                 n_coders,
                               gint64                length,
                               double               *observed,
                               double               *expected)
{
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GArray) gaps = NULL;
  g_autofree double *suffix = NULL;
  double m = n_coders, L = (double) length, n_units = 0, numerator = 0, within = 0, d_o = 0;

  g_return_if_fail (spans != NULL || n_spans == 0);
  *observed = *expected = 0.0;
  if (n_coders < 2 || length <= 0)
    return;

  parts = unitizing_partitions (spans, n_spans, n_coders, length);

  /* Observed: every ordered pair of coders; their partitions are walked side by side,
   * which meets each pair of sections that share a code point once. */
  for (guint i = 0; i < n_coders; i++)
    for (guint j = 0; j < n_coders; j++)
      {
        GArray *a = parts->pdata[i], *b = parts->pdata[j];
        guint p = 0, q = 0;

        if (i == j)
          continue;
        while (p < a->len && q < b->len)
          {
            const Section *g = &g_array_index (a, Section, p), *h = &g_array_index (b, Section, q);

            d_o += section_distance (g, h);
            if (g->end <= h->end)
              p++;
            if (h->end <= g->end)
              q++;
          }
      }
  *observed = d_o / (m * (m - 1) * L * L);

  /* Expected: every unit against every gap at least as long, over all coders. */
  gaps = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint c = 0; c < n_coders; c++)
    {
      GArray *sections = parts->pdata[c];

      for (guint k = 0; k < sections->len; k++)
        {
          const Section *x = &g_array_index (sections, Section, k);
          double l = (double) (x->end - x->start);

          if (x->unit)
            n_units++;
          else
            g_array_append_val (gaps, l);
        }
    }
  if (n_units == 0)
    return;
  g_array_sort (gaps, compare_doubles);
  suffix = g_new0 (double, gaps->len + 1);
  for (guint k = gaps->len; k > 0; k--)
    suffix[k - 1] = suffix[k] + g_array_index (gaps, double, k - 1);
  for (guint c = 0; c < n_coders; c++)
    {
      GArray *sections = parts->pdata[c];

      for (guint k = 0; k < sections->len; k++)
        {
          const Section *x = &g_array_index (sections, Section, k);
          double l = (double) (x->end - x->start), longer;
          guint lo = 0, hi = gaps->len;

          if (!x->unit)
            continue;
          /* The first gap at least as long as the unit. */
          while (lo < hi)
            {
              guint mid = lo + (hi - lo) / 2;

              if (g_array_index (gaps, double, mid) < l)
                lo = mid + 1;
              else
                hi = mid;
            }
          longer = gaps->len - lo;
          numerator += (n_units - 1) / 3.0 * (2 * l * l * l - 3 * l * l + l) +
                       l * l * (suffix[lo] - longer * (l - 1));
          within += l * (l - 1);
        }
    }
  *expected = 2.0 / L * numerator / (m * L * (m * L - 1) - within);
}

GlossMeasure
gloss_unitizing_alpha (const GlossCodedSpan *spans,
                       guint                 n_spans,
                       guint                 n_coders,
                       gint64                length)
{
  double d_o, d_e;

  if (n_coders < 2 || length <= 0 || n_spans == 0)
    return measure_undefined (GLOSS_MEASURE_NO_DATA);
  gloss_unitizing_disagreements (spans, n_spans, n_coders, length, &d_o, &d_e);
  if (d_e <= 0.0)
    return measure_undefined (GLOSS_MEASURE_NO_VARIATION);
  return measure_value (1.0 - d_o / d_e);
}

typedef struct {
  char       *id;
  const char *label_id;    /* interned */
  guint       annotator;   /* index into the names seen */
  int         label;       /* index into the report's labels; -1 when left out */
  gint64      start;
  gint64      end;
} Rec;

typedef struct {
  GArray *recs;            /* Rec, in the store's order (start, end, id) */
  gint64  length;          /* of the document's text, in code points */
} DocRecs;

static void
doc_recs_clear (gpointer p)
{
  DocRecs *d = p;

  for (guint i = 0; i < d->recs->len; i++)
    g_free (g_array_index (d->recs, Rec, i).id);
  g_array_unref (d->recs);
}

/* A cell of the alignment: the annotation a coder has in a unit, "none", or missing. */
#define CELL_NONE    NULL
static const Rec missing_cell;
#define CELL_MISSING (&missing_cell)

typedef struct {
  GlossStore                  *store;
  const GlossAgreementOptions *options;
  GlossAgreementReport        *report;
  GHashTable                  *label_ids;     /* interned label id strings */
  GHashTable                  *seen_index;    /* annotator name -> index + 1 */
  GPtrArray                   *seen_names;
  GArray                      *docs;          /* DocRecs */
  int                         *coder_of_seen; /* seen index -> report annotator, or -1 */
  GPtrArray                   *cells;         /* const Rec*, n_units × n_annotators */
  GPtrArray                   *pair_units;    /* per pair: GArray of PairUnit */
  guint                        replicates;    /* bootstrap replicates; 0: none */
} Work;

/* A unit of a pair, for the bootstrap: the categories the two coders gave it, and a key
 * that does not depend on which of the two is A (the document and the smaller id of
 * its annotations), so that the units are drawn in the same order either way. */
typedef struct {
  guint       doc;
  const char *key;
  guint       a;
  guint       b;
} PairUnit;

static void
work_clear (Work *w)
{
  g_clear_pointer (&w->label_ids, g_hash_table_unref);
  g_clear_pointer (&w->seen_index, g_hash_table_unref);
  g_clear_pointer (&w->seen_names, g_ptr_array_unref);
  g_clear_pointer (&w->docs, g_array_unref);
  g_clear_pointer (&w->coder_of_seen, g_free);
  g_clear_pointer (&w->cells, g_ptr_array_unref);
  g_clear_pointer (&w->pair_units, g_ptr_array_unref);
}

static void
pair_free (GlossAgreementPair *pair)
{
  g_free (pair->labels);
  g_free (pair->confusion);
  g_free (pair);
}

static void
field_agreement_free (GlossFieldAgreement *f)
{
  g_free (f->label_name);
  g_free (f->field_name);
  g_free (f->field_type);
  g_free (f);
}

void
gloss_agreement_report_free (GlossAgreementReport *report)
{
  if (report == NULL)
    return;
  g_strfreev (report->annotators);
  g_clear_pointer (&report->labels, g_ptr_array_unref);
  g_clear_pointer (&report->pairs, g_ptr_array_unref);
  g_clear_pointer (&report->fields, g_ptr_array_unref);
  g_free (report->group);
  g_free (report);
}

static const char *
intern_label_id (Work       *w,
                 const char *label_id)
{
  char *interned = g_hash_table_lookup (w->label_ids, label_id);

  if (interned == NULL)
    {
      interned = g_strdup (label_id);
      g_hash_table_add (w->label_ids, interned);
    }
  return interned;
}

static guint
seen_annotator (Work       *w,
                const char *name)
{
  gpointer index = g_hash_table_lookup (w->seen_index, name);

  if (index == NULL)
    {
      char *copy = g_strdup (name);

      g_ptr_array_add (w->seen_names, copy);
      index = GUINT_TO_POINTER (w->seen_names->len);
      g_hash_table_insert (w->seen_index, copy, index);
    }
  return GPOINTER_TO_UINT (index) - 1;
}

/* Reads the documents in scope into compact records. */
static gboolean
read_documents (Work    *w,
                GError **error)
{
  g_autoptr(GPtrArray) documents = gloss_store_list_documents (w->store, error);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GHashTable) lengths = g_hash_table_new (g_str_hash, g_str_equal);   /* id -> length + 1 */

  if (documents == NULL)
    return FALSE;
  if (w->options->documents != NULL)
    {
      g_autoptr(GHashTable) known = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GHashTable) taken = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < documents->len; i++)
        g_hash_table_add (known, ((GlossDocument *) documents->pdata[i])->id);
      for (char **id = w->options->documents; *id; id++)
        {
          if (!g_hash_table_contains (known, *id))
            {
              g_set_error (error, GLOSS_AGREEMENT_ERROR, GLOSS_AGREEMENT_ERROR_NOT_FOUND,
                           "There is no document with id %s.", *id);
              return FALSE;
            }
          if (g_hash_table_add (taken, *id))
            g_ptr_array_add (ids, *id);
        }
    }
  else
    {
      for (guint i = 0; i < documents->len; i++)
        g_ptr_array_add (ids, ((GlossDocument *) documents->pdata[i])->id);
    }

  for (guint i = 0; i < documents->len; i++)
    {
      GlossDocument *doc = documents->pdata[i];

      g_hash_table_insert (lengths, doc->id, GSIZE_TO_POINTER ((gsize) doc->length + 1));
    }
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GPtrArray) annotations = gloss_store_list_annotations (w->store, ids->pdata[i], error);
      DocRecs d;

      if (annotations == NULL)
        return FALSE;
      d.length = GPOINTER_TO_SIZE (g_hash_table_lookup (lengths, ids->pdata[i])) - 1;
      d.recs = g_array_sized_new (FALSE, FALSE, sizeof (Rec), annotations->len);
      for (guint k = 0; k < annotations->len; k++)
        {
          GlossAnnotation *a = annotations->pdata[k];
          Rec r;

          if (a->annotator == NULL || *a->annotator == '\0' || a->label_id == NULL)
            continue;
          r.id = g_strdup (a->id);
          r.label_id = intern_label_id (w, a->label_id);
          r.annotator = seen_annotator (w, a->annotator);
          r.label = -1;
          r.start = a->start;
          r.end = a->end;
          g_array_append_val (d.recs, r);
        }
      g_array_append_val (w->docs, d);
    }
  w->report->n_documents = ids->len;
  return TRUE;
}

static int
compare_names (gconstpointer p,
               gconstpointer q)
{
  return strcmp (*(char * const *) p, *(char * const *) q);
}

static gboolean
resolve_annotators (Work    *w,
                    GError **error)
{
  GlossAgreementReport *report = w->report;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  if (w->options->annotators != NULL)
    {
      g_autoptr(GPtrArray) known = gloss_store_list_annotators (w->store, error);
      g_autoptr(GHashTable) known_names = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GHashTable) taken = g_hash_table_new (g_str_hash, g_str_equal);

      if (known == NULL)
        return FALSE;
      for (guint i = 0; i < known->len; i++)
        g_hash_table_add (known_names, ((GlossAnnotator *) known->pdata[i])->name);
      for (char **name = w->options->annotators; *name; name++)
        {
          if (!g_hash_table_contains (known_names, *name))
            {
              g_set_error (error, GLOSS_AGREEMENT_ERROR, GLOSS_AGREEMENT_ERROR_NOT_FOUND,
                           "There is no annotator “%s” in this project.", *name);
              return FALSE;
            }
          if (!g_hash_table_add (taken, *name))
            {
              g_set_error (error, GLOSS_AGREEMENT_ERROR, GLOSS_AGREEMENT_ERROR_INVALID,
                           "The annotator “%s” is named twice.", *name);
              return FALSE;
            }
          g_ptr_array_add (names, g_strdup (*name));
        }
    }
  else
    {
      for (guint i = 0; i < w->seen_names->len; i++)
        g_ptr_array_add (names, g_strdup (w->seen_names->pdata[i]));
      g_ptr_array_sort (names, compare_names);
    }

  w->coder_of_seen = g_new (int, MAX (w->seen_names->len, 1));
  for (guint i = 0; i < w->seen_names->len; i++)
    w->coder_of_seen[i] = -1;
  for (guint c = 0; c < names->len; c++)
    {
      gpointer seen = g_hash_table_lookup (w->seen_index, names->pdata[c]);

      if (seen != NULL)
        w->coder_of_seen[GPOINTER_TO_UINT (seen) - 1] = (int) c;
    }

  report->n_annotators = names->len;
  g_ptr_array_add (names, NULL);
  report->annotators = (char **) g_ptr_array_steal (names, NULL);
  return TRUE;
}

static gboolean
label_matches (const GlossLabel *label,
               const char       *wanted)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (g_strcmp0 (label->id, wanted) == 0)
    return TRUE;
  a = g_utf8_casefold (label->name, -1);
  b = g_utf8_casefold (wanted, -1);
  return g_strcmp0 (a, b) == 0;
}

static gboolean
resolve_labels (Work    *w,
                GError **error)
{
  GlossAgreementReport *report = w->report;
  g_autoptr(GPtrArray) codebook = gloss_store_list_labels (w->store, error);
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);

  if (codebook == NULL)
    return FALSE;
  if (w->options->labels != NULL)
    {
      for (char **name = w->options->labels; *name; name++)
        {
          gboolean found = FALSE;

          for (guint i = 0; i < codebook->len; i++)
            if (label_matches (codebook->pdata[i], *name))
              {
                g_hash_table_add (wanted, ((GlossLabel *) codebook->pdata[i])->id);
                found = TRUE;
                break;
              }
          if (!found)
            {
              g_set_error (error, GLOSS_AGREEMENT_ERROR, GLOSS_AGREEMENT_ERROR_NOT_FOUND,
                           "There is no label “%s” in this project.", *name);
              return FALSE;
            }
        }
    }
  else
    {
      /* The labels that the chosen annotators used. */
      for (guint d = 0; d < w->docs->len; d++)
        {
          GArray *recs = g_array_index (w->docs, DocRecs, d).recs;

          for (guint k = 0; k < recs->len; k++)
            {
              const Rec *r = &g_array_index (recs, Rec, k);

              if (w->coder_of_seen[r->annotator] >= 0)
                g_hash_table_add (wanted, (char *) r->label_id);
            }
        }
    }

  for (guint i = 0; i < codebook->len; i++)
    {
      GlossLabel *label = codebook->pdata[i];

      if (!g_hash_table_contains (wanted, label->id))
        continue;
      g_hash_table_insert (index, label->id, GUINT_TO_POINTER (report->labels->len + 1));
      g_ptr_array_add (report->labels, gloss_label_copy (label));
    }

  for (guint d = 0; d < w->docs->len; d++)
    {
      GArray *recs = g_array_index (w->docs, DocRecs, d).recs;

      for (guint k = 0; k < recs->len; k++)
        {
          Rec *r = &g_array_index (recs, Rec, k);

          r->label = (int) GPOINTER_TO_UINT (g_hash_table_lookup (index, r->label_id)) - 1;
        }
    }
  return TRUE;
}

/* Pairs are stored (0,1), (0,2)... (0,n-1), (1,2)... */
static guint
pair_index (guint n,
            guint a,
            guint b)
{
  return a * n - a * (a + 1) / 2 + (b - a - 1);
}

static void
add_pair_unit (GArray    *units,
               guint      doc,
               const Rec *x,
               const Rec *y,
               guint      a,
               guint      b)
{
  PairUnit unit = { doc, x ? x->id : y->id, a, b };

  if (x != NULL && y != NULL && strcmp (y->id, x->id) < 0)
    unit.key = y->id;
  g_array_append_val (units, unit);
}

static void
count_pair (GlossAgreementPair *pair,
            GArray             *spans_a,
            GArray             *spans_b,
            GPtrArray          *recs_a,
            GPtrArray          *recs_b,
            guint               doc,
            GArray             *pair_units,
            guint               n_labels,
            GlossMatchMode      unit_match)
{
  const GlossSpan *a = (const GlossSpan *) (gpointer) spans_a->data;
  const GlossSpan *b = (const GlossSpan *) (gpointer) spans_b->data;
  guint none = n_labels, k = n_labels + 1;
  g_autoptr(GArray) exact = NULL;
  g_autoptr(GArray) overlap = NULL;
  g_autoptr(GArray) units = NULL;
  g_autofree gboolean *used_b = g_new0 (gboolean, MAX (spans_b->len, 1));
  guint next = 0;

  pair->n_documents++;
  for (guint i = 0; i < spans_a->len; i++)
    {
      pair->labels[a[i].category].exact.n_a++;
      pair->labels[a[i].category].overlap.n_a++;
    }
  for (guint j = 0; j < spans_b->len; j++)
    {
      pair->labels[b[j].category].exact.n_b++;
      pair->labels[b[j].category].overlap.n_b++;
    }

  exact = gloss_match_spans (a, spans_a->len, b, spans_b->len, GLOSS_MATCH_EXACT, TRUE);
  for (guint p = 0; p < exact->len; p++)
    pair->labels[a[g_array_index (exact, GlossSpanPair, p).a].category].exact.matched++;
  overlap = gloss_match_spans (a, spans_a->len, b, spans_b->len, GLOSS_MATCH_OVERLAP, TRUE);
  for (guint p = 0; p < overlap->len; p++)
    pair->labels[a[g_array_index (overlap, GlossSpanPair, p).a].category].overlap.matched++;

  /* Units for kappa: matched whatever the labels, unmatched spans against "none". */
  units = gloss_match_spans (a, spans_a->len, b, spans_b->len, unit_match, FALSE);
  for (guint i = 0; i < spans_a->len; i++)
    {
      guint column = none;
      const Rec *partner = NULL;

      if (next < units->len && g_array_index (units, GlossSpanPair, next).a == i)
        {
          guint j = g_array_index (units, GlossSpanPair, next++).b;

          used_b[j] = TRUE;
          column = (guint) b[j].category;
          partner = recs_b->pdata[j];
        }
      pair->confusion[(guint) a[i].category * k + column]++;
      pair->n_units++;
      add_pair_unit (pair_units, doc, recs_a->pdata[i], partner, (guint) a[i].category, column);
    }
  for (guint j = 0; j < spans_b->len; j++)
    if (!used_b[j])
      {
        pair->confusion[none * k + (guint) b[j].category]++;
        pair->n_units++;
        add_pair_unit (pair_units, doc, NULL, recs_b->pdata[j], none, (guint) b[j].category);
      }
}

/* One span of one coder, while a document is cut into units. */
typedef struct {
  gint64     start;
  gint64     end;
  int        category;
  guint      coder;
  const Rec *rec;
} Item;

/* By where the span is and what it is, never by whose it is: the annotation's id is
 * the last key, so the order does not depend on the order of the annotators. */
static int
compare_unit_items (gconstpointer p,
                    gconstpointer q)
{
  const Item *x = p;
  const Item *y = q;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  if (x->category != y->category)
    return x->category < y->category ? -1 : 1;
  return strcmp (x->rec->id, y->rec->id);
}

/* Cuts the spans of the coders who coded one document into units (see
 * docs/AGREEMENT.md). A cluster is a connected component of the graph whose nodes
 * are the spans of all coders and whose edges join spans that overlap (overlap
 * matching) or have the same start and end (exact matching): a function of the set of
 * spans, whatever the order of the coders. A cluster in which every coder has at most
 * one span is one unit; when some coder has several, the cluster gives as many units
 * as the most any coder has, and each coder's i-th span (by start, end, label, id)
 * goes to the i-th unit. A coder who coded the document but has no span left for a
 * unit has "none" there; one who did not code it has a missing value. */
static void
align_document (Work       *w,
                GArray    **spans,      /* per coder: GlossSpan */
                GPtrArray **recs,       /* per coder: const Rec*, parallel */
                gboolean   *coded)
{
  guint n = w->report->n_annotators;
  gboolean exact = w->options->unit_match == GLOSS_MATCH_EXACT;
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (Item));
  g_autofree guint *taken = g_new0 (guint, MAX (n, 1));
  guint begin = 0;

  for (guint c = 0; c < n; c++)
    if (coded[c])
      for (guint j = 0; j < spans[c]->len; j++)
        {
          const GlossSpan *s = &g_array_index (spans[c], GlossSpan, j);
          Item item = { s->start, s->end, s->category, c, recs[c]->pdata[j] };

          g_array_append_val (items, item);
        }
  g_array_sort (items, compare_unit_items);

  while (begin < items->len)
    {
      const Item *first = &g_array_index (items, Item, begin);
      gint64 reach = first->end;
      guint end = begin + 1;
      guint n_units = 0;

      /* Sorted by start, a cluster of overlapping spans is a run in which each span
       * starts before the furthest end so far; an empty span is a cluster alone. */
      if (first->end > first->start)
        while (end < items->len)
          {
            const Item *next = &g_array_index (items, Item, end);

            if (next->end <= next->start)
              break;
            if (exact ? (next->start != first->start || next->end != first->end) : next->start >= reach)
              break;
            reach = MAX (reach, next->end);
            end++;
          }

      memset (taken, 0, sizeof (guint) * n);
      for (guint i = begin; i < end; i++)
        {
          guint count = ++taken[g_array_index (items, Item, i).coder];

          n_units = MAX (n_units, count);
        }
      memset (taken, 0, sizeof (guint) * n);
      for (guint u = 0; u < n_units; u++)
        for (guint c = 0; c < n; c++)
          g_ptr_array_add (w->cells, coded[c] ? (gpointer) CELL_NONE : (gpointer) CELL_MISSING);
      for (guint i = begin; i < end; i++)
        {
          const Item *item = &g_array_index (items, Item, i);
          guint unit = w->cells->len / n - n_units + taken[item->coder]++;

          w->cells->pdata[unit * n + item->coder] = (gpointer) item->rec;
        }
      begin = end;
    }
}

static gboolean
process_documents (Work    *w,
                   GError **error)
{
  GlossAgreementReport *report = w->report;
  guint n = report->n_annotators;
  guint n_labels = report->labels->len;
  g_autofree GArray **spans = g_new0 (GArray *, MAX (n, 1));
  g_autofree GPtrArray **recs = g_new0 (GPtrArray *, MAX (n, 1));
  g_autofree gboolean *coded = g_new0 (gboolean, MAX (n, 1));

  for (guint c = 0; c < n; c++)
    {
      spans[c] = g_array_new (FALSE, FALSE, sizeof (GlossSpan));
      recs[c] = g_ptr_array_new ();
    }

  for (guint d = 0; d < w->docs->len; d++)
    {
      GArray *doc = g_array_index (w->docs, DocRecs, d).recs;
      guint n_coded = 0;

      for (guint c = 0; c < n; c++)
        {
          g_array_set_size (spans[c], 0);
          g_ptr_array_set_size (recs[c], 0);
          coded[c] = FALSE;
        }
      for (guint k = 0; k < doc->len; k++)
        {
          const Rec *r = &g_array_index (doc, Rec, k);
          int c = w->coder_of_seen[r->annotator];
          GlossSpan span;

          if (c < 0)
            continue;
          coded[c] = TRUE;
          if (r->label < 0)
            continue;
          span.start = r->start;
          span.end = r->end;
          span.category = r->label;
          g_array_append_val (spans[c], span);
          g_ptr_array_add (recs[c], (gpointer) r);
        }
      for (guint c = 0; c < n; c++)
        n_coded += coded[c] ? 1 : 0;
      if (n_coded < 2)
        continue;
      report->n_shared++;

      for (guint a = 0; a < n; a++)
        for (guint b = a + 1; b < n; b++)
          if (coded[a] && coded[b])
            {
              guint index = pair_index (n, a, b);

              count_pair (report->pairs->pdata[index], spans[a], spans[b], recs[a], recs[b], d,
                          w->pair_units->pdata[index], n_labels, w->options->unit_match);
            }
      align_document (w, spans, recs, coded);
    }

  for (guint c = 0; c < n; c++)
    {
      g_array_unref (spans[c]);
      g_ptr_array_unref (recs[c]);
    }
  return TRUE;
}

/* The kappa of one label against the rest, from the pair's full table. */
static GlossMeasure
label_kappa (const GlossAgreementPair *pair,
             guint                     label,
             guint                     k)
{
  guint64 table[4] = { 0, 0, 0, 0 };

  for (guint i = 0; i < k; i++)
    for (guint j = 0; j < k; j++)
      table[(i == label ? 0 : 2) + (j == label ? 0 : 1)] += pair->confusion[i * k + j];
  return gloss_cohen_kappa (table, 2);
}

static GlossMeasure
mean_measure (const GlossMeasure *values,
              guint               n)
{
  double sum = 0.0;
  guint defined = 0;

  for (guint i = 0; i < n; i++)
    if (values[i].status == GLOSS_MEASURE_DEFINED)
      {
        sum += values[i].value;
        defined++;
      }
  if (defined == 0)
    return measure_undefined (GLOSS_MEASURE_NO_DATA);
  return measure_value (sum / defined);
}

/* ---- Bootstrap intervals ------------------------------------------------------- */

/* The interval of a coefficient whose point estimate is @point, from the values it took
 * in the replicates where it was defined. */
static GlossInterval
interval_of (GlossMeasure  point,
             GArray       *values)
{
  GlossInterval interval = { point.status, 0.0, 0.0, 0 };

  if (point.status != GLOSS_MEASURE_DEFINED)
    return interval;
  return gloss_percentile_interval ((double *) (gpointer) values->data, values->len, GLOSS_BOOTSTRAP_LEVEL);
}

static void
append_defined (GArray       *values,
                GlossMeasure  m)
{
  if (m.status == GLOSS_MEASURE_DEFINED)
    g_array_append_val (values, m.value);
}

/* How many times each of @n items is drawn in one replicate: @n draws with replacement. */
static void
draw (GRand *rand,
      guint *weights,
      guint  n)
{
  memset (weights, 0, sizeof (guint) * n);
  for (guint i = 0; i < n; i++)
    weights[g_rand_int_range (rand, 0, (gint32) n)]++;
}

static int
compare_pair_units (gconstpointer p,
                    gconstpointer q)
{
  const PairUnit *x = p;
  const PairUnit *y = q;

  if (x->doc != y->doc)
    return x->doc < y->doc ? -1 : 1;
  return strcmp (x->key, y->key);
}

/* Cohen's kappa of each pair, overall and per label, resampling the pair's units. Each
 * pair has a generator of its own with the same seed, and its units in an order that
 * does not depend on which annotator is A, so the interval of alice and bob is the same
 * whoever else is in the report and in whatever order. */
static void
bootstrap_pairs (Work *w)
{
  GlossAgreementReport *report = w->report;
  guint n_labels = report->labels->len, k = n_labels + 1;
  g_autofree guint64 *table = g_new (guint64, k * k);
  g_autofree guint64 *rows = g_new (guint64, k);
  g_autofree guint64 *columns = g_new (guint64, k);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  for (guint l = 0; l <= n_labels; l++)
    g_ptr_array_add (values, g_array_new (FALSE, FALSE, sizeof (double)));

  for (guint p = 0; p < report->pairs->len; p++)
    {
      GlossAgreementPair *pair = report->pairs->pdata[p];
      GArray *units = w->pair_units->pdata[p];
      g_autoptr(GRand) rand = g_rand_new_with_seed (GLOSS_BOOTSTRAP_SEED);
      g_autofree guint *weights = g_new (guint, MAX (units->len, 1));
      guint64 total = units->len;

      g_array_sort (units, compare_pair_units);
      for (guint l = 0; l <= n_labels; l++)
        g_array_set_size (values->pdata[l], 0);
      for (guint r = 0; r < w->replicates && units->len > 0; r++)
        {
          draw (rand, weights, units->len);
          memset (table, 0, sizeof (guint64) * k * k);
          memset (rows, 0, sizeof (guint64) * k);
          memset (columns, 0, sizeof (guint64) * k);
          for (guint u = 0; u < units->len; u++)
            if (weights[u] > 0)
              {
                const PairUnit *unit = &g_array_index (units, PairUnit, u);

                table[unit->a * k + unit->b] += weights[u];
                rows[unit->a] += weights[u];
                columns[unit->b] += weights[u];
              }
          append_defined (values->pdata[n_labels], gloss_cohen_kappa (table, k));
          for (guint l = 0; l < n_labels; l++)
            {
              /* This label against the rest, as label_kappa() collapses the table. */
              guint64 both = table[l * k + l];
              guint64 binary[4] = { both, rows[l] - both, columns[l] - both,
                                    total - rows[l] - columns[l] + both };

              append_defined (values->pdata[l], gloss_cohen_kappa (binary, 2));
            }
        }
      for (guint l = 0; l < n_labels; l++)
        pair->labels[l].kappa_ci = interval_of (pair->labels[l].kappa, values->pdata[l]);
      pair->overall.kappa_ci = interval_of (pair->overall.kappa, values->pdata[n_labels]);
    }
}

/* A pairable unit of the reliability data, as counts per category. */
typedef struct {
  guint  m;        /* values in the unit */
  guint  first;    /* its first (category, count) in the entries */
  guint  n_entries;
} UnitCounts;

typedef struct {
  guint category;
  guint count;
} Entry;

/* One replicate of bootstrap_group(): alpha and Fleiss' kappa per label (index l) and
 * overall (index n_labels) with unit u counted @weights[u] times; NAN where undefined. */
static void
group_replicate (GArray      *units,
                 GArray      *entries,
                 const guint *weights,
                 guint        n_labels,
                 double      *alpha,
                 double      *fleiss)
{
  guint k = n_labels + 1, distinct = 0;
  g_autofree double *totals = g_new0 (double, k);
  g_autofree double *observed = g_new0 (double, k);
  g_autofree double *unlike = g_new0 (double, k);
  double n = 0, d_o = 0, agreeing = 0, weight = 0, squares = 0;

  for (guint u = 0; u < units->len; u++)
    {
      const UnitCounts *unit = &g_array_index (units, UnitCounts, u);
      double wu = weights[u], m = unit->m, unit_squares = 0;

      if (weights[u] == 0)
        continue;
      for (guint e = 0; e < unit->n_entries; e++)
        {
          const Entry *entry = &g_array_index (entries, Entry, unit->first + e);
          double c = entry->count;

          unit_squares += c * c;
          totals[entry->category] += wu * c;
          observed[entry->category] += wu * 2.0 * c * (m - c) / (m - 1.0);
          unlike[entry->category] += wu * (1.0 - (c * c + (m - c) * (m - c) - m) / (m * (m - 1.0)));
        }
      n += wu * m;
      weight += wu;
      d_o += wu * (m * m - unit_squares) / (m - 1.0);
      agreeing += wu * (unit_squares - m) / (m * (m - 1.0));
    }
  for (guint c = 0; c < k; c++)
    if (totals[c] > 0)
      {
        distinct++;
        squares += totals[c] * totals[c];
      }
  alpha[n_labels] = fleiss[n_labels] = NAN;
  if (distinct >= 2)
    {
      double pe = squares / (n * n);

      alpha[n_labels] = 1.0 - (n - 1.0) * d_o / (n * n - squares);
      fleiss[n_labels] = (agreeing / weight - pe) / (1.0 - pe);
    }
  for (guint l = 0; l < n_labels; l++)
    {
      double ones = totals[l], zeros = n - totals[l], pe;

      alpha[l] = fleiss[l] = NAN;
      if (ones <= 0 || zeros <= 0)
        continue;
      pe = (ones * ones + zeros * zeros) / (n * n);
      alpha[l] = 1.0 - (n - 1.0) * observed[l] / (n * n - ones * ones - zeros * zeros);
      fleiss[l] = ((1.0 - unlike[l] / weight) - pe) / (1.0 - pe);
    }
}

/* Krippendorff's alpha (nominal) and Fleiss' kappa of all annotators, overall and per
 * label, resampling the pairable units. A replicate weights each unit by the number of
 * times it was drawn; the sums of gloss_krippendorff_alpha() and gloss_fleiss_kappa()
 * are then taken unit by unit with that weight, and for one label against the rest
 * they need only the units where the label occurs:
 *
 *   alpha_l: Do_l = sum_u w_u 2 n_ul (m_u - n_ul) / (m_u - 1), De_l = n^2 - n_l^2 - (n - n_l)^2
 *   Fleiss_l: P = 1 - sum_u w_u (1 - P_ul) / sum_u w_u, Pe = (n_l / n)^2 + (1 - n_l / n)^2 */
static void
bootstrap_group (Work                       *w,
                 const GlossReliabilityData *all)
{
  GlossAgreementReport *report = w->report;
  guint n_labels = report->labels->len, k = n_labels + 1;
  guint n_coders = gloss_reliability_data_get_n_coders (all);
  guint n_all = gloss_reliability_data_get_n_units (all);
  g_autoptr(GArray) units = g_array_new (FALSE, FALSE, sizeof (UnitCounts));
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_autofree gint64 *row = g_new (gint64, MAX (n_coders, 1));
  g_autofree guint *weights = NULL;
  g_autofree double *alpha_r = g_new (double, k);
  g_autofree double *fleiss_r = g_new (double, k);
  g_autoptr(GPtrArray) alpha = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GPtrArray) fleiss = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GRand) rand = g_rand_new_with_seed (GLOSS_BOOTSTRAP_SEED);

  for (guint l = 0; l <= n_labels; l++)
    {
      g_ptr_array_add (alpha, g_array_new (FALSE, FALSE, sizeof (double)));
      g_ptr_array_add (fleiss, g_array_new (FALSE, FALSE, sizeof (double)));
    }

  for (guint u = 0; u < n_all; u++)
    {
      UnitCounts unit = { 0, entries->len, 0 };

      for (guint c = 0; c < n_coders; c++)
        {
          gint64 v = gloss_reliability_data_get (all, u, c);

          if (v != GLOSS_RELIABILITY_MISSING)
            row[unit.m++] = v;
        }
      if (unit.m < 2)
        continue;
      qsort (row, unit.m, sizeof (gint64), compare_int64);
      for (guint i = 0; i < unit.m; i++)
        {
          if (i > 0 && row[i] == row[i - 1])
            g_array_index (entries, Entry, entries->len - 1).count++;
          else
            {
              Entry e = { (guint) row[i], 1 };

              g_array_append_val (entries, e);
              unit.n_entries++;
            }
        }
      g_array_append_val (units, unit);
    }

  weights = g_new (guint, MAX (units->len, 1));
  /* Every unit once: the point estimates, as a check of the weighted sums. */
  for (guint u = 0; u < units->len; u++)
    weights[u] = 1;
  group_replicate (units, entries, weights, n_labels, alpha_r, fleiss_r);
  for (guint l = 0; l <= n_labels; l++)
    {
      const GlossGroupStats *g = l < n_labels ? &report->group[l] : &report->group_overall;

      g_warn_if_fail ((g->alpha.status == GLOSS_MEASURE_DEFINED) == !isnan (alpha_r[l]));
      g_warn_if_fail (isnan (alpha_r[l]) || fabs (alpha_r[l] - g->alpha.value) < 1e-9);
      g_warn_if_fail ((g->fleiss_kappa.status == GLOSS_MEASURE_DEFINED) == !isnan (fleiss_r[l]));
      g_warn_if_fail (isnan (fleiss_r[l]) || fabs (fleiss_r[l] - g->fleiss_kappa.value) < 1e-9);
    }
  for (guint r = 0; r < w->replicates && units->len > 0; r++)
    {
      draw (rand, weights, units->len);
      group_replicate (units, entries, weights, n_labels, alpha_r, fleiss_r);
      for (guint l = 0; l <= n_labels; l++)
        {
          if (!isnan (alpha_r[l]))
            g_array_append_val ((GArray *) alpha->pdata[l], alpha_r[l]);
          if (!isnan (fleiss_r[l]))
            g_array_append_val ((GArray *) fleiss->pdata[l], fleiss_r[l]);
        }
    }

  for (guint l = 0; l <= n_labels; l++)
    {
      GlossGroupStats *g = l < n_labels ? &report->group[l] : &report->group_overall;

      g->alpha_ci = interval_of (g->alpha, alpha->pdata[l]);
      g->fleiss_kappa_ci = interval_of (g->fleiss_kappa, fleiss->pdata[l]);
    }
}

/* One document of unitizing alpha's continuum: its length and, per label, its spans
 * (GlossCodedSpan, offsets within the document). */
typedef struct {
  gint64     length;
  GPtrArray *per_label;
} UnitizedDoc;

static void
unitized_doc_clear (gpointer p)
{
  g_ptr_array_unref (((UnitizedDoc *) p)->per_label);
}

/* Unitizing alpha, per label and jointly, resampling the documents of the continuum:
 * a replicate lays the documents drawn end to end (a document drawn twice appears
 * twice) and computes the coefficients on that continuum. */
static void
bootstrap_unitizing (Work   *w,
                     GArray *docs)
{
  GlossAgreementReport *report = w->report;
  guint n = report->n_annotators, n_labels = report->labels->len;
  g_autofree guint *weights = g_new (guint, MAX (docs->len, 1));
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (GlossCodedSpan));
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GRand) rand = g_rand_new_with_seed (GLOSS_BOOTSTRAP_SEED);

  for (guint l = 0; l <= n_labels; l++)
    g_ptr_array_add (values, g_array_new (FALSE, FALSE, sizeof (double)));
  for (guint r = 0; r < w->replicates && docs->len > 0 && n >= 2; r++)
    {
      double sum_o = 0, sum_e = 0;
      gboolean any = FALSE;
      gint64 length = 0;

      draw (rand, weights, docs->len);
      for (guint d = 0; d < docs->len; d++)
        length += weights[d] * g_array_index (docs, UnitizedDoc, d).length;
      for (guint l = 0; l < n_labels; l++)
        {
          gint64 offset = 0;
          double d_o, d_e;

          g_array_set_size (spans, 0);
          for (guint d = 0; d < docs->len; d++)
            {
              const UnitizedDoc *doc = &g_array_index (docs, UnitizedDoc, d);
              GArray *own = doc->per_label->pdata[l];

              for (guint copy = 0; copy < weights[d]; copy++)
                {
                  for (guint i = 0; i < own->len; i++)
                    {
                      GlossCodedSpan span = g_array_index (own, GlossCodedSpan, i);

                      span.start += offset;
                      span.end += offset;
                      g_array_append_val (spans, span);
                    }
                  offset += doc->length;
                }
            }
          if (spans->len == 0)
            continue;
          gloss_unitizing_disagreements ((const GlossCodedSpan *) (gpointer) spans->data, spans->len, n, length,
                                         &d_o, &d_e);
          if (d_e > 0.0)
            g_array_append_vals (values->pdata[l], &(double) { 1.0 - d_o / d_e }, 1);
          sum_o += d_o;
          sum_e += d_e;
          any = TRUE;
        }
      if (any && sum_e > 0.0)
        g_array_append_vals (values->pdata[n_labels], &(double) { 1.0 - sum_o / sum_e }, 1);
    }
  for (guint l = 0; l <= n_labels; l++)
    {
      GlossGroupStats *g = l < n_labels ? &report->group[l] : &report->group_overall;

      g->unitizing_alpha_ci = interval_of (g->unitizing_alpha, values->pdata[l]);
    }
}

/* Unitizing alpha per label and jointly, on the documents that every annotator of the
 * report coded, laid end to end as one continuum. */
static void
summarise_unitizing (Work *w)
{
  GlossAgreementReport *report = w->report;
  guint n = report->n_annotators;
  guint n_labels = report->labels->len;
  g_autofree double *d_o = g_new0 (double, MAX (n_labels, 1));
  g_autofree double *d_e = g_new0 (double, MAX (n_labels, 1));
  g_autoptr(GPtrArray) per_label = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autofree gboolean *coded = g_new0 (gboolean, MAX (n, 1));
  g_autoptr(GArray) unitized = g_array_new (FALSE, FALSE, sizeof (UnitizedDoc));
  double sum_o = 0, sum_e = 0;
  gboolean any = FALSE;
  gint64 offset = 0;

  g_array_set_clear_func (unitized, unitized_doc_clear);
  for (guint l = 0; l < n_labels; l++)
    g_ptr_array_add (per_label, g_array_new (FALSE, FALSE, sizeof (GlossCodedSpan)));
  report->n_unitized = 0;
  for (guint d = 0; d < w->docs->len; d++)
    {
      const DocRecs *doc = &g_array_index (w->docs, DocRecs, d);
      gboolean all = n >= 2;

      memset (coded, 0, sizeof *coded * MAX (n, 1));
      for (guint k = 0; k < doc->recs->len; k++)
        {
          int coder = w->coder_of_seen[g_array_index (doc->recs, Rec, k).annotator];

          if (coder >= 0)
            coded[coder] = TRUE;
        }
      for (guint c = 0; c < n; c++)
        all = all && coded[c];
      if (!all || doc->length <= 0)
        continue;
      {
        UnitizedDoc u = { doc->length, g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref) };

        for (guint l = 0; l < n_labels; l++)
          g_ptr_array_add (u.per_label, g_array_new (FALSE, FALSE, sizeof (GlossCodedSpan)));
        g_array_append_val (unitized, u);
      }
      for (guint k = 0; k < doc->recs->len; k++)
        {
          const Rec *r = &g_array_index (doc->recs, Rec, k);
          int coder = w->coder_of_seen[r->annotator];
          GlossCodedSpan span = { offset + r->start, offset + r->end, (guint) coder };
          GlossCodedSpan own = { r->start, r->end, (guint) coder };

          if (coder >= 0 && r->label >= 0 && r->end > r->start)
            {
              g_array_append_val (per_label->pdata[r->label], span);
              g_array_append_val (g_array_index (unitized, UnitizedDoc, unitized->len - 1).per_label->pdata[r->label],
                                  own);
            }
        }
      report->n_unitized++;
      offset += doc->length;
    }
  report->unitized_length = offset;

  for (guint l = 0; l < n_labels; l++)
    {
      GArray *spans = per_label->pdata[l];

      report->group[l].unitizing_alpha = gloss_unitizing_alpha ((const GlossCodedSpan *) spans->data, spans->len,
                                                                n, offset);
      if (spans->len == 0 || n < 2 || offset <= 0)
        continue;
      gloss_unitizing_disagreements ((const GlossCodedSpan *) spans->data, spans->len, n, offset, &d_o[l], &d_e[l]);
      sum_o += d_o[l];
      sum_e += d_e[l];
      any = TRUE;
    }
  if (!any)
    report->group_overall.unitizing_alpha = measure_undefined (GLOSS_MEASURE_NO_DATA);
  else if (sum_e <= 0.0)
    report->group_overall.unitizing_alpha = measure_undefined (GLOSS_MEASURE_NO_VARIATION);
  else
    report->group_overall.unitizing_alpha = measure_value (1.0 - sum_o / sum_e);
  bootstrap_unitizing (w, unitized);
}

static void
summarise (Work *w)
{
  GlossAgreementReport *report = w->report;
  guint n = report->n_annotators;
  guint n_labels = report->labels->len;
  guint k = n_labels + 1;
  guint n_units = w->cells->len / MAX (n, 1);
  g_autofree GlossMeasure *f1_exact = g_new (GlossMeasure, MAX (report->pairs->len, 1));
  g_autofree GlossMeasure *f1_overlap = g_new (GlossMeasure, MAX (report->pairs->len, 1));
  g_autoptr(GlossReliabilityData) all = gloss_reliability_data_new (n);

  for (guint p = 0; p < report->pairs->len; p++)
    {
      GlossAgreementPair *pair = report->pairs->pdata[p];

      memset (&pair->overall, 0, sizeof pair->overall);
      for (guint l = 0; l < n_labels; l++)
        {
          GlossPairStats *s = &pair->labels[l];

          s->kappa = label_kappa (pair, l, k);
          pair->overall.exact.n_a += s->exact.n_a;
          pair->overall.exact.n_b += s->exact.n_b;
          pair->overall.exact.matched += s->exact.matched;
          pair->overall.overlap.n_a += s->overlap.n_a;
          pair->overall.overlap.n_b += s->overlap.n_b;
          pair->overall.overlap.matched += s->overlap.matched;
        }
      pair->overall.kappa = gloss_cohen_kappa (pair->confusion, k);
    }

  /* Nominal alpha over all annotators: the label index, or n_labels for "none". */
  for (guint u = 0; u < n_units; u++)
    {
      guint unit = gloss_reliability_data_add_unit (all);

      for (guint c = 0; c < n; c++)
        {
          const Rec *r = w->cells->pdata[u * n + c];

          if (r == CELL_MISSING)
            continue;
          gloss_reliability_data_set (all, unit, c, r == CELL_NONE ? (gint64) n_labels : (gint64) r->label);
        }
    }
  report->n_units = gloss_reliability_data_count_pairable (all);
  report->group_overall.alpha = gloss_krippendorff_alpha (all, GLOSS_ALPHA_NOMINAL);
  report->group_overall.fleiss_kappa = gloss_fleiss_kappa (all);

  for (guint l = 0; l <= n_labels; l++)
    {
      GlossGroupStats *g = l < n_labels ? &report->group[l] : &report->group_overall;

      for (guint p = 0; p < report->pairs->len; p++)
        {
          GlossAgreementPair *pair = report->pairs->pdata[p];
          const GlossPairStats *s = l < n_labels ? &pair->labels[l] : &pair->overall;

          f1_exact[p] = gloss_span_counts_f1 (&s->exact);
          f1_overlap[p] = gloss_span_counts_f1 (&s->overlap);
        }
      g->mean_f1_exact = mean_measure (f1_exact, report->pairs->len);
      g->mean_f1_overlap = mean_measure (f1_overlap, report->pairs->len);

      if (l < n_labels)
        {
          /* One label against the rest. */
          g_autoptr(GlossReliabilityData) binary = gloss_reliability_data_new (n);

          for (guint u = 0; u < n_units; u++)
            {
              guint unit = gloss_reliability_data_add_unit (binary);

              for (guint c = 0; c < n; c++)
                {
                  gint64 v = gloss_reliability_data_get (all, u, c);

                  if (v != GLOSS_RELIABILITY_MISSING)
                    gloss_reliability_data_set (binary, unit, c, v == (gint64) l ? 1 : 0);
                }
            }
          g->alpha = gloss_krippendorff_alpha (binary, GLOSS_ALPHA_NOMINAL);
          g->fleiss_kappa = gloss_fleiss_kappa (binary);
        }
    }
  bootstrap_pairs (w);
  bootstrap_group (w, all);
  summarise_unitizing (w);
}

/* The integer a field value codes to: an option's position, a scale point, 0/1. */
static gboolean
field_value_code (const GlossField *field,
                  const char       *value,
                  gint64           *code)
{
  if (value == NULL)
    return FALSE;
  if (g_str_equal (field->type, GLOSS_FIELD_TYPE_CHOICE))
    {
      for (guint i = 0; i < field->options->len; i++)
        if (g_strcmp0 (((GlossFieldOption *) field->options->pdata[i])->value, value) == 0)
          {
            *code = i;
            return TRUE;
          }
      return FALSE;
    }
  if (g_str_equal (field->type, GLOSS_FIELD_TYPE_SCALE))
    return g_ascii_string_to_signed (value, 10, G_MININT64 + 1, G_MAXINT64, code, NULL);
  if (g_str_equal (field->type, GLOSS_FIELD_TYPE_BOOLEAN))
    {
      if (g_str_equal (value, "true") || g_str_equal (value, "false"))
        {
          *code = g_str_equal (value, "true") ? 1 : 0;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
field_agreements (Work    *w,
                  GError **error)
{
  GlossAgreementReport *report = w->report;
  guint n = report->n_annotators;
  guint n_units = w->cells->len / MAX (n, 1);

  for (guint l = 0; l < report->labels->len; l++)
    {
      GlossLabel *label = report->labels->pdata[l];
      g_autoptr(GPtrArray) fields = gloss_store_list_fields (w->store, label->id, error);
      g_autoptr(GPtrArray) chosen = g_ptr_array_new ();
      g_autoptr(GPtrArray) data = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_reliability_data_free);

      if (fields == NULL)
        return FALSE;
      for (guint f = 0; f < fields->len; f++)
        {
          GlossField *field = fields->pdata[f];

          if (g_str_equal (field->type, GLOSS_FIELD_TYPE_CHOICE) ||
              g_str_equal (field->type, GLOSS_FIELD_TYPE_SCALE) ||
              g_str_equal (field->type, GLOSS_FIELD_TYPE_BOOLEAN))
            {
              g_ptr_array_add (chosen, field);
              g_ptr_array_add (data, gloss_reliability_data_new (n));
            }
        }
      if (chosen->len == 0)
        continue;

      for (guint u = 0; u < n_units; u++)
        {
          for (guint f = 0; f < chosen->len; f++)
            gloss_reliability_data_add_unit (data->pdata[f]);
          for (guint c = 0; c < n; c++)
            {
              const Rec *r = w->cells->pdata[u * n + c];
              g_autoptr(GPtrArray) values = NULL;

              if (r == CELL_MISSING || r == CELL_NONE || r->label != (int) l)
                continue;
              values = gloss_store_list_field_values (w->store, r->id, error);
              if (values == NULL)
                return FALSE;
              for (guint v = 0; v < values->len; v++)
                {
                  GlossFieldValue *value = values->pdata[v];

                  for (guint f = 0; f < chosen->len; f++)
                    {
                      GlossField *field = chosen->pdata[f];
                      gint64 code;

                      if (g_strcmp0 (field->id, value->field_id) == 0 &&
                          field_value_code (field, value->value, &code))
                        gloss_reliability_data_set (data->pdata[f], u, c, code);
                    }
                }
            }
        }

      for (guint f = 0; f < chosen->len; f++)
        {
          GlossField *field = chosen->pdata[f];
          GlossFieldAgreement *fa = g_new0 (GlossFieldAgreement, 1);

          fa->label_name = g_strdup (label->name);
          fa->field_name = g_strdup (field->name);
          fa->field_type = g_strdup (field->type);
          fa->n_units = gloss_reliability_data_count_pairable (data->pdata[f]);
          fa->alpha_nominal = gloss_krippendorff_alpha (data->pdata[f], GLOSS_ALPHA_NOMINAL);
          fa->alpha_ordinal = g_str_equal (field->type, GLOSS_FIELD_TYPE_BOOLEAN)
            ? measure_undefined (GLOSS_MEASURE_NO_DATA)
            : gloss_krippendorff_alpha (data->pdata[f], GLOSS_ALPHA_ORDINAL);
          g_ptr_array_add (report->fields, fa);
        }
    }
  return TRUE;
}

GlossAgreementReport *
gloss_agreement_compute (GlossStore                  *store,
                         const GlossAgreementOptions *options,
                         GError                     **error)
{
  static const GlossAgreementOptions defaults = { NULL, NULL, NULL, GLOSS_MATCH_OVERLAP, 0 };
  g_autoptr(GlossAgreementReport) report = g_new0 (GlossAgreementReport, 1);
  Work w = { 0 };
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (store), NULL);

  w.store = store;
  w.options = options ? options : &defaults;
  w.report = report;
  w.label_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  w.seen_index = g_hash_table_new (g_str_hash, g_str_equal);
  w.seen_names = g_ptr_array_new_with_free_func (g_free);
  w.docs = g_array_new (FALSE, FALSE, sizeof (DocRecs));
  g_array_set_clear_func (w.docs, doc_recs_clear);
  w.cells = g_ptr_array_new ();
  w.pair_units = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  w.replicates = w.options->bootstrap < 0 ? 0
                 : w.options->bootstrap == 0 ? GLOSS_BOOTSTRAP_REPLICATES : (guint) w.options->bootstrap;
  report->bootstrap = w.replicates;

  report->unit_match = w.options->unit_match;
  report->labels = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_label_free);
  report->pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) pair_free);
  report->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_agreement_free);

  ok = read_documents (&w, error) && resolve_annotators (&w, error) && resolve_labels (&w, error);
  if (ok)
    {
      guint n_labels = report->labels->len;

      report->group = g_new0 (GlossGroupStats, MAX (n_labels, 1));
      for (guint a = 0; a < report->n_annotators; a++)
        for (guint b = a + 1; b < report->n_annotators; b++)
          {
            GlossAgreementPair *pair = g_new0 (GlossAgreementPair, 1);

            pair->a = a;
            pair->b = b;
            pair->labels = g_new0 (GlossPairStats, MAX (n_labels, 1));
            pair->confusion = g_new0 (guint64, (n_labels + 1) * (n_labels + 1));
            g_ptr_array_add (report->pairs, pair);
            g_ptr_array_add (w.pair_units, g_array_new (FALSE, FALSE, sizeof (PairUnit)));
          }
      ok = process_documents (&w, error);
    }
  if (ok)
    {
      summarise (&w);
      ok = field_agreements (&w, error);
    }
  work_clear (&w);
  if (!ok)
    return NULL;
  return g_steal_pointer (&report);
}

/* ---- JSON ---------------------------------------------------------------------- */

typedef struct {
  JsonBuilder *builder;
  GPtrArray   *undefined;   /* member name, reason, member name, reason... (borrowed) */
} JsonObjectWriter;

static void
json_measure (JsonObjectWriter *o,
              const char       *name,
              GlossMeasure      m)
{
  json_builder_set_member_name (o->builder, name);
  if (m.status == GLOSS_MEASURE_DEFINED)
    json_builder_add_double_value (o->builder, m.value);
  else
    {
      json_builder_add_null_value (o->builder);
      g_ptr_array_add (o->undefined, (gpointer) name);
      g_ptr_array_add (o->undefined, (gpointer) gloss_measure_status_to_string (m.status));
    }
}

/* An interval as [lower, upper], or null with its reason; nothing when no bootstrap ran. */
static void
json_interval (JsonObjectWriter *o,
               const char       *name,
               GlossInterval     interval,
               guint             replicates)
{
  if (replicates == 0)
    return;
  json_builder_set_member_name (o->builder, name);
  if (interval.status == GLOSS_MEASURE_DEFINED)
    {
      json_builder_begin_array (o->builder);
      json_builder_add_double_value (o->builder, interval.lower);
      json_builder_add_double_value (o->builder, interval.upper);
      json_builder_end_array (o->builder);
    }
  else
    {
      json_builder_add_null_value (o->builder);
      g_ptr_array_add (o->undefined, (gpointer) name);
      g_ptr_array_add (o->undefined, (gpointer) gloss_measure_status_to_string (interval.status));
    }
}

static void
json_int (JsonBuilder *builder,
          const char  *name,
          guint64      value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, (gint64) value);
}

static void
json_begin_object (JsonObjectWriter *o,
                   JsonBuilder      *builder)
{
  o->builder = builder;
  o->undefined = g_ptr_array_new ();
  json_builder_begin_object (builder);
}

static void
json_end_object (JsonObjectWriter *o)
{
  if (o->undefined->len > 0)
    {
      json_builder_set_member_name (o->builder, "undefined");
      json_builder_begin_object (o->builder);
      for (guint i = 0; i + 1 < o->undefined->len; i += 2)
        {
          json_builder_set_member_name (o->builder, o->undefined->pdata[i]);
          json_builder_add_string_value (o->builder, o->undefined->pdata[i + 1]);
        }
      json_builder_end_object (o->builder);
    }
  json_builder_end_object (o->builder);
  g_ptr_array_unref (o->undefined);
}

static void
json_span_counts (JsonBuilder           *builder,
                  const char            *name,
                  const GlossSpanCounts *counts)
{
  JsonObjectWriter o;

  json_builder_set_member_name (builder, name);
  json_begin_object (&o, builder);
  json_int (builder, "matched", counts->matched);
  json_measure (&o, "precision", gloss_span_counts_precision (counts));
  json_measure (&o, "recall", gloss_span_counts_recall (counts));
  json_measure (&o, "f1", gloss_span_counts_f1 (counts));
  json_end_object (&o);
}

static void
json_pair_stats (JsonBuilder          *builder,
                 const char           *label,
                 const GlossPairStats *s,
                 guint                 replicates)
{
  JsonObjectWriter o;

  json_begin_object (&o, builder);
  if (label)
    {
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, label);
    }
  json_int (builder, "spans_a", s->exact.n_a);
  json_int (builder, "spans_b", s->exact.n_b);
  json_span_counts (builder, "exact", &s->exact);
  json_span_counts (builder, "overlap", &s->overlap);
  json_measure (&o, "kappa", s->kappa);
  json_interval (&o, "kappa_ci", s->kappa_ci, replicates);
  json_end_object (&o);
}

static void
json_group_stats (JsonBuilder           *builder,
                  const char            *label,
                  const GlossGroupStats *g,
                  guint                  replicates)
{
  JsonObjectWriter o;

  json_begin_object (&o, builder);
  if (label)
    {
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, label);
    }
  json_measure (&o, "alpha", g->alpha);
  json_interval (&o, "alpha_ci", g->alpha_ci, replicates);
  json_measure (&o, "fleiss_kappa", g->fleiss_kappa);
  json_interval (&o, "fleiss_kappa_ci", g->fleiss_kappa_ci, replicates);
  json_measure (&o, "unitizing_alpha", g->unitizing_alpha);
  json_interval (&o, "unitizing_alpha_ci", g->unitizing_alpha_ci, replicates);
  json_measure (&o, "mean_f1_exact", g->mean_f1_exact);
  json_measure (&o, "mean_f1_overlap", g->mean_f1_overlap);
  json_end_object (&o);
}

char *
gloss_agreement_report_to_json (const GlossAgreementReport *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "annotators");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->n_annotators; i++)
    json_builder_add_string_value (builder, report->annotators[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "labels");
  json_builder_begin_array (builder);
  for (guint l = 0; l < report->labels->len; l++)
    json_builder_add_string_value (builder, ((GlossLabel *) report->labels->pdata[l])->name);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "unit_match");
  json_builder_add_string_value (builder, gloss_match_mode_to_string (report->unit_match));
  json_int (builder, "documents", report->n_documents);
  json_int (builder, "shared_documents", report->n_shared);
  json_int (builder, "unitized_documents", report->n_unitized);
  json_int (builder, "unitized_length", report->unitized_length);
  /* How the intervals were drawn; 0 replicates: no intervals. */
  json_builder_set_member_name (builder, "bootstrap");
  json_builder_begin_object (builder);
  json_int (builder, "replicates", report->bootstrap);
  json_int (builder, "seed", GLOSS_BOOTSTRAP_SEED);
  json_builder_set_member_name (builder, "level");
  json_builder_add_double_value (builder, GLOSS_BOOTSTRAP_LEVEL);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, "percentile");
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "pairs");
  json_builder_begin_array (builder);
  for (guint p = 0; p < report->pairs->len; p++)
    {
      const GlossAgreementPair *pair = report->pairs->pdata[p];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "a");
      json_builder_add_string_value (builder, report->annotators[pair->a]);
      json_builder_set_member_name (builder, "b");
      json_builder_add_string_value (builder, report->annotators[pair->b]);
      json_int (builder, "documents", pair->n_documents);
      json_int (builder, "units", pair->n_units);
      json_builder_set_member_name (builder, "labels");
      json_builder_begin_array (builder);
      for (guint l = 0; l < report->labels->len; l++)
        json_pair_stats (builder, ((GlossLabel *) report->labels->pdata[l])->name, &pair->labels[l],
                         report->bootstrap);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "overall");
      json_pair_stats (builder, NULL, &pair->overall, report->bootstrap);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "all");
  json_builder_begin_object (builder);
  json_int (builder, "units", report->n_units);
  json_builder_set_member_name (builder, "labels");
  json_builder_begin_array (builder);
  for (guint l = 0; l < report->labels->len; l++)
    json_group_stats (builder, ((GlossLabel *) report->labels->pdata[l])->name, &report->group[l],
                      report->bootstrap);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "overall");
  json_group_stats (builder, NULL, &report->group_overall, report->bootstrap);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "fields");
  json_builder_begin_array (builder);
  for (guint f = 0; f < report->fields->len; f++)
    {
      const GlossFieldAgreement *fa = report->fields->pdata[f];
      JsonObjectWriter o;

      json_begin_object (&o, builder);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, fa->label_name);
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, fa->field_name);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, fa->field_type);
      json_int (builder, "units", fa->n_units);
      json_measure (&o, "alpha_nominal", fa->alpha_nominal);
      json_measure (&o, "alpha_ordinal", fa->alpha_ordinal);
      json_end_object (&o);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  return json_generator_to_data (generator, NULL);
}

/* ---- Compare two annotators on one document ------------------------------------ */

const char *
gloss_compare_kind_to_string (GlossCompareKind kind)
{
  switch (kind)
    {
    case GLOSS_COMPARE_AGREE:
      return "agree";
    case GLOSS_COMPARE_LABEL_DIFFERS:
      return "label-differs";
    case GLOSS_COMPARE_ONLY_A:
      return "only-a";
    case GLOSS_COMPARE_ONLY_B:
    default:
      return "only-b";
    }
}

static void
compare_item_free (GlossCompareItem *item)
{
  g_clear_pointer (&item->a, gloss_annotation_free);
  g_clear_pointer (&item->b, gloss_annotation_free);
  g_free (item);
}

void
gloss_comparison_free (GlossComparison *comparison)
{
  if (comparison == NULL)
    return;
  g_free (comparison->document_id);
  g_free (comparison->annotator_a);
  g_free (comparison->annotator_b);
  g_clear_pointer (&comparison->items, g_ptr_array_unref);
  g_free (comparison);
}

static int
compare_items (gconstpointer p,
               gconstpointer q)
{
  const GlossCompareItem *x = *(GlossCompareItem * const *) p;
  const GlossCompareItem *y = *(GlossCompareItem * const *) q;
  const GlossAnnotation *ax = x->a ? x->a : x->b;
  const GlossAnnotation *ay = y->a ? y->a : y->b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  return g_strcmp0 (ax->id, ay->id);
}

static GArray *
spans_of (GPtrArray  *annotations,
          GHashTable *categories)
{
  GArray *spans = g_array_sized_new (FALSE, FALSE, sizeof (GlossSpan), annotations->len);

  for (guint i = 0; i < annotations->len; i++)
    {
      const GlossAnnotation *a = annotations->pdata[i];
      const char *label = a->label_id ? a->label_id : "";
      gpointer category = g_hash_table_lookup (categories, label);
      GlossSpan span;

      if (category == NULL)
        {
          category = GUINT_TO_POINTER (g_hash_table_size (categories) + 1);
          g_hash_table_insert (categories, (gpointer) label, category);
        }
      span.start = a->start;
      span.end = a->end;
      span.category = (int) GPOINTER_TO_UINT (category);
      g_array_append_val (spans, span);
    }
  return spans;
}

GlossComparison *
gloss_comparison_new (GPtrArray      *annotations_a,
                      GPtrArray      *annotations_b,
                      GlossMatchMode  mode)
{
  g_autoptr(GHashTable) categories = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) spans_a = spans_of (annotations_a, categories);
  g_autoptr(GArray) spans_b = spans_of (annotations_b, categories);
  g_autoptr(GArray) pairs = NULL;
  g_autofree gboolean *used_a = g_new0 (gboolean, MAX (annotations_a->len, 1));
  g_autofree gboolean *used_b = g_new0 (gboolean, MAX (annotations_b->len, 1));
  GlossComparison *comparison = g_new0 (GlossComparison, 1);

  comparison->mode = mode;
  comparison->items = g_ptr_array_new_with_free_func ((GDestroyNotify) compare_item_free);
  pairs = gloss_match_spans ((const GlossSpan *) (gpointer) spans_a->data, spans_a->len,
                             (const GlossSpan *) (gpointer) spans_b->data, spans_b->len, mode, FALSE);
  for (guint p = 0; p < pairs->len; p++)
    {
      const GlossSpanPair *pair = &g_array_index (pairs, GlossSpanPair, p);
      const GlossAnnotation *a = annotations_a->pdata[pair->a];
      const GlossAnnotation *b = annotations_b->pdata[pair->b];
      GlossCompareItem *item = g_new0 (GlossCompareItem, 1);

      used_a[pair->a] = used_b[pair->b] = TRUE;
      item->kind = g_strcmp0 (a->label_id, b->label_id) == 0 ? GLOSS_COMPARE_AGREE : GLOSS_COMPARE_LABEL_DIFFERS;
      item->a = gloss_annotation_copy (a);
      item->b = gloss_annotation_copy (b);
      item->start = MIN (a->start, b->start);
      item->end = MAX (a->end, b->end);
      item->same_span = a->start == b->start && a->end == b->end;
      if (item->kind == GLOSS_COMPARE_AGREE)
        comparison->n_agree++;
      else
        comparison->n_label_differs++;
      g_ptr_array_add (comparison->items, item);
    }
  for (guint side = 0; side < 2; side++)
    {
      GPtrArray *list = side == 0 ? annotations_a : annotations_b;
      gboolean *used = side == 0 ? used_a : used_b;

      for (guint i = 0; i < list->len; i++)
        {
          const GlossAnnotation *x = list->pdata[i];
          GlossCompareItem *item;

          if (used[i])
            continue;
          item = g_new0 (GlossCompareItem, 1);
          item->kind = side == 0 ? GLOSS_COMPARE_ONLY_A : GLOSS_COMPARE_ONLY_B;
          if (side == 0)
            {
              item->a = gloss_annotation_copy (x);
              comparison->n_only_a++;
            }
          else
            {
              item->b = gloss_annotation_copy (x);
              comparison->n_only_b++;
            }
          item->start = x->start;
          item->end = x->end;
          item->same_span = FALSE;
          g_ptr_array_add (comparison->items, item);
        }
    }
  g_ptr_array_sort (comparison->items, compare_items);
  return comparison;
}

GlossComparison *
gloss_agreement_compare (GlossStore     *store,
                         const char     *document_id,
                         const char     *annotator_a,
                         const char     *annotator_b,
                         GlossMatchMode  mode,
                         GError        **error)
{
  g_autoptr(GPtrArray) annotators = NULL;
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(GPtrArray) list_a = g_ptr_array_new ();
  g_autoptr(GPtrArray) list_b = g_ptr_array_new ();
  const char *names[2] = { annotator_a, annotator_b };
  GlossComparison *comparison;

  g_return_val_if_fail (GLOSS_IS_STORE (store), NULL);
  g_return_val_if_fail (document_id != NULL && annotator_a != NULL && annotator_b != NULL, NULL);

  if (g_str_equal (annotator_a, annotator_b))
    {
      g_set_error (error, GLOSS_AGREEMENT_ERROR, GLOSS_AGREEMENT_ERROR_INVALID,
                   "Comparing needs two different annotators, not “%s” twice.", annotator_a);
      return NULL;
    }
  if ((annotators = gloss_store_list_annotators (store, error)) == NULL)
    return NULL;
  for (guint k = 0; k < 2; k++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < annotators->len && !found; i++)
        found = g_strcmp0 (((GlossAnnotator *) annotators->pdata[i])->name, names[k]) == 0;
      if (!found)
        {
          g_set_error (error, GLOSS_AGREEMENT_ERROR, GLOSS_AGREEMENT_ERROR_NOT_FOUND,
                       "There is no annotator “%s” in this project.", names[k]);
          return NULL;
        }
    }
  if ((annotations = gloss_store_list_annotations (store, document_id, error)) == NULL)
    return NULL;
  for (guint i = 0; i < annotations->len; i++)
    {
      GlossAnnotation *a = annotations->pdata[i];

      if (g_strcmp0 (a->annotator, annotator_a) == 0)
        g_ptr_array_add (list_a, a);
      else if (g_strcmp0 (a->annotator, annotator_b) == 0)
        g_ptr_array_add (list_b, a);
    }
  comparison = gloss_comparison_new (list_a, list_b, mode);
  comparison->document_id = g_strdup (document_id);
  comparison->annotator_a = g_strdup (annotator_a);
  comparison->annotator_b = g_strdup (annotator_b);
  return comparison;
}

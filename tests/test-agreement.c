/* test-agreement.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Inter-annotator agreement against published and hand-computed figures. Each expected
 * value is worked out in the comment next to it, so that a reader can check it with
 * pencil and paper.
 */
#define G_LOG_DOMAIN "test-agreement"

#include <math.h>
#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gloss-agreement.h"
#include "gloss-fields.h"
#include "gloss-project.h"
#include "gloss-store.h"
#include "test-files.h"

#define EPSILON 1e-9

#define assert_measure(m, expected) G_STMT_START {                      \
    GlossMeasure _m = (m);                                               \
    g_assert_cmpint (_m.status, ==, GLOSS_MEASURE_DEFINED);              \
    g_assert_cmpfloat_with_epsilon (_m.value, (expected), EPSILON);      \
  } G_STMT_END

#define assert_undefined(m, why) G_STMT_START {                         \
    GlossMeasure _m = (m);                                               \
    g_assert_cmpint (_m.status, ==, (why));                              \
  } G_STMT_END

#define M GLOSS_RELIABILITY_MISSING

static GlossReliabilityData *
data_from_rows (guint         n_coders,
                guint         n_units,
                const gint64 *rows)   /* n_coders rows of n_units values */
{
  GlossReliabilityData *data = gloss_reliability_data_new (n_coders);

  for (guint u = 0; u < n_units; u++)
    {
      guint unit = gloss_reliability_data_add_unit (data);

      for (guint c = 0; c < n_coders; c++)
        gloss_reliability_data_set (data, unit, c, rows[c * n_units + u]);
    }
  return data;
}

/* ---- Krippendorff's alpha ------------------------------------------------------ */

/* Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four
 * observers, twelve units, values 1-5, missing data. Published: nominal .743,
 * ordinal .815, interval .849. Exactly:
 *   pairable values n = 40, n_1..n_5 = 9, 13, 10, 5, 3; sum n_c^2 = 384;
 *   nominal: De = 40^2 - 384 = 1216, Do = 8 (units 2, 6 and 8 disagree), so
 *   alpha = 1 - 39 * 8 / 1216 = 113/152 = 0.743421...;
 *   ordinal and interval as computed from the paper's coincidence matrix. */
static const gint64 krippendorff_2011[4 * 12] = {
  1, 2, 3, 3, 2, 1, 4, 1, 2, M, M, M,
  1, 2, 3, 3, 2, 2, 4, 1, 2, 5, M, 3,
  M, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, M,
  1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, M,
};

static void
test_alpha_krippendorff_2011 (void)
{
  g_autoptr(GlossReliabilityData) data = data_from_rows (4, 12, krippendorff_2011);
  GlossMeasure nominal = gloss_krippendorff_alpha (data, GLOSS_ALPHA_NOMINAL);
  GlossMeasure ordinal = gloss_krippendorff_alpha (data, GLOSS_ALPHA_ORDINAL);
  GlossMeasure interval = gloss_krippendorff_alpha (data, GLOSS_ALPHA_INTERVAL);
  g_autofree char *n3 = gloss_measure_format (nominal, 3);
  g_autofree char *o3 = gloss_measure_format (ordinal, 3);
  g_autofree char *i3 = gloss_measure_format (interval, 3);

  /* Unit 12 has one value only: 11 pairable units. */
  g_assert_cmpuint (gloss_reliability_data_count_pairable (data), ==, 11);
  assert_measure (nominal, 113.0 / 152.0);
  g_assert_cmpstr (n3, ==, "0.743");
  /* Ordinal: Do/De of the paper's matrix = 1 - 0.8153875...; interval: 1 - 0.433.../2.871... */
  assert_measure (ordinal, 0.8153875037548814);
  g_assert_cmpstr (o3, ==, "0.815");
  assert_measure (interval, 0.8491071428571428);
  g_assert_cmpstr (i3, ==, "0.849");
}

/* Krippendorff (2011), section A: two observers, binary data, ten units:
 *   A: 0 1 0 0 0 0 0 0 1 0
 *   B: 1 1 1 0 0 1 0 0 0 0
 * n = 20 with n_0 = 14, n_1 = 6: De = 400 - (196 + 36) = 168; four units disagree,
 * each adding 2: Do = 8; alpha = 1 - 19 * 8 / 168 = 2/21 = 0.095 (published .095). */
static void
test_alpha_two_coders_binary (void)
{
  static const gint64 rows[2 * 10] = {
    0, 1, 0, 0, 0, 0, 0, 0, 1, 0,
    1, 1, 1, 0, 0, 1, 0, 0, 0, 0,
  };
  g_autoptr(GlossReliabilityData) data = data_from_rows (2, 10, rows);

  assert_measure (gloss_krippendorff_alpha (data, GLOSS_ALPHA_NOMINAL), 2.0 / 21.0);
}

/* Missing values: a unit with one value adds nothing, and so does an all-missing
 * unit. Three coders:
 *   u1 (0, 0, -)   u2 (0, 1, 1)   u3 (1, 1, 1)   u4 (2, 2, -)   u5 (-, 2, 2)   u6 (-, 0, -)
 * n = 12, n_0 = 3, n_1 = 5, n_2 = 4: De = 144 - 50 = 94; only u2 disagrees:
 * (3^2 - (1 + 4)) / (3 - 1) = 2; alpha = 1 - 11 * 2 / 94 = 36/47. */
static void
test_alpha_missing (void)
{
  static const gint64 rows[3 * 6] = {
    0, 0, 1, 2, M, M,
    0, 1, 1, 2, 2, 0,
    M, 1, 1, M, 2, M,
  };
  g_autoptr(GlossReliabilityData) data = data_from_rows (3, 6, rows);
  guint extra;

  g_assert_cmpuint (gloss_reliability_data_get_n_units (data), ==, 6);
  g_assert_cmpuint (gloss_reliability_data_count_pairable (data), ==, 5);
  assert_measure (gloss_krippendorff_alpha (data, GLOSS_ALPHA_NOMINAL), 36.0 / 47.0);

  /* An empty unit changes nothing. */
  extra = gloss_reliability_data_add_unit (data);
  g_assert_cmpint (gloss_reliability_data_get (data, extra, 1), ==, GLOSS_RELIABILITY_MISSING);
  assert_measure (gloss_krippendorff_alpha (data, GLOSS_ALPHA_NOMINAL), 36.0 / 47.0);
}

static void
test_alpha_edge_cases (void)
{
  /* All agree, with variation: Do = 0, alpha = 1. */
  static const gint64 agree[2 * 3] = { 1, 2, 3,  1, 2, 3 };
  /* All agree on one value: De = 0 too, alpha is 0/0: undefined (no variation). */
  static const gint64 constant[2 * 3] = { 4, 4, 4,  4, 4, 4 };
  /* Nobody coded a unit twice: nothing to compare. */
  static const gint64 lonely[2 * 3] = { 1, M, 2,  M, 3, M };
  /* Systematic disagreement: values (0,1) and (1,0): n = 4, De = 16 - 8 = 8,
   * Do = 2 + 2 = 4, alpha = 1 - 3 * 4 / 8 = -0.5. */
  static const gint64 opposite[2 * 2] = { 0, 1,  1, 0 };
  g_autoptr(GlossReliabilityData) a = data_from_rows (2, 3, agree);
  g_autoptr(GlossReliabilityData) c = data_from_rows (2, 3, constant);
  g_autoptr(GlossReliabilityData) l = data_from_rows (2, 3, lonely);
  g_autoptr(GlossReliabilityData) o = data_from_rows (2, 2, opposite);
  g_autoptr(GlossReliabilityData) one = gloss_reliability_data_new (1);
  g_autoptr(GlossReliabilityData) none = gloss_reliability_data_new (3);
  g_autofree char *text = NULL;

  for (GlossAlphaMetric metric = GLOSS_ALPHA_NOMINAL; metric <= GLOSS_ALPHA_INTERVAL; metric++)
    {
      assert_measure (gloss_krippendorff_alpha (a, metric), 1.0);
      assert_undefined (gloss_krippendorff_alpha (c, metric), GLOSS_MEASURE_NO_VARIATION);
      assert_undefined (gloss_krippendorff_alpha (l, metric), GLOSS_MEASURE_NO_DATA);
      assert_undefined (gloss_krippendorff_alpha (none, metric), GLOSS_MEASURE_NO_DATA);
      assert_measure (gloss_krippendorff_alpha (o, metric), -0.5);
    }

  /* One coder: never two values in a unit. */
  gloss_reliability_data_set (one, gloss_reliability_data_add_unit (one), 0, 1);
  gloss_reliability_data_set (one, gloss_reliability_data_add_unit (one), 0, 2);
  assert_undefined (gloss_krippendorff_alpha (one, GLOSS_ALPHA_NOMINAL), GLOSS_MEASURE_NO_DATA);

  /* Undefined is written as such, never as 0 or nan. */
  text = gloss_measure_format (gloss_krippendorff_alpha (c, GLOSS_ALPHA_NOMINAL), 3);
  g_assert_cmpstr (text, ==, "undefined");
  g_assert_cmpstr (gloss_measure_status_to_string (GLOSS_MEASURE_NO_VARIATION), ==, "no-variation");
  g_assert_nonnull (strstr (gloss_measure_status_describe (GLOSS_MEASURE_NO_VARIATION), "0/0"));
}

/* Ordinal: only the order of the values matters (ranks 1, 2, 3 or 10, 20, 300 give the
 * same alpha), unlike interval. Values (1,1) (2,3) (4,4) (5,3): mid-ranks of 1..5 are
 * 1, 2.5, 4, 6, 7.5 (n_c = 2, 1, 2, 2, 1); Do = 2 * 1.5^2 + 2 * 3.5^2 = 29, mean
 * mid-rank 4, De = 2 * 8 * 40.5 = 648; alpha = 1 - 7 * 29 / 648 = 445/648. */
static void
test_alpha_ordinal (void)
{
  static const gint64 ranks[2 * 4] = { 1, 2, 4, 5,  1, 3, 4, 3 };
  static const gint64 spread[2 * 4] = { 10, 20, 400, 500,  10, 30, 400, 30 };
  g_autoptr(GlossReliabilityData) a = data_from_rows (2, 4, ranks);
  g_autoptr(GlossReliabilityData) b = data_from_rows (2, 4, spread);

  assert_measure (gloss_krippendorff_alpha (a, GLOSS_ALPHA_ORDINAL), 445.0 / 648.0);
  assert_measure (gloss_krippendorff_alpha (b, GLOSS_ALPHA_ORDINAL), 445.0 / 648.0);
  /* Nominal: De = 64 - 14 = 50, Do = 4, alpha = 1 - 28/50 = 0.44. */
  assert_measure (gloss_krippendorff_alpha (a, GLOSS_ALPHA_NOMINAL), 0.44);
  g_assert_cmpfloat (gloss_krippendorff_alpha (b, GLOSS_ALPHA_INTERVAL).value, <, 445.0 / 648.0 - 0.01);
}

/* ---- Cohen's kappa ------------------------------------------------------------- */

static void
test_kappa (void)
{
  /* The 2x2 example of Wikipedia's "Cohen's kappa" (50 grant proposals, two readers):
   * yes/yes 20, A yes B no 5, A no B yes 10, no/no 15. Po = 35/50 = 0.7;
   * Pe = 0.5 * 0.6 + 0.5 * 0.4 = 0.5; kappa = 0.2 / 0.5 = 0.4. */
  static const guint64 proposals[4] = { 20, 5, 10, 15 };
  /* Three categories, N = 10, diagonal 3 + 2 + 2 = 7, rows 4 3 3, columns 3 4 3:
   * Pe = (12 + 12 + 9) / 100 = 0.33; kappa = (0.7 - 0.33) / 0.67 = 37/67. */
  static const guint64 three[9] = { 3, 1, 0,  0, 2, 1,  0, 1, 2 };
  static const guint64 perfect[4] = { 3, 0, 0, 7 };
  static const guint64 one_category[4] = { 9, 0, 0, 0 };
  static const guint64 empty[4] = { 0, 0, 0, 0 };
  /* Opposites: Po = 0, Pe = 0.5, kappa = -1. */
  static const guint64 opposite[4] = { 0, 5, 5, 0 };

  assert_measure (gloss_cohen_kappa (proposals, 2), 0.4);
  assert_measure (gloss_cohen_kappa (three, 3), 37.0 / 67.0);
  assert_measure (gloss_cohen_kappa (perfect, 2), 1.0);
  assert_undefined (gloss_cohen_kappa (one_category, 2), GLOSS_MEASURE_NO_VARIATION);
  assert_undefined (gloss_cohen_kappa (empty, 2), GLOSS_MEASURE_NO_DATA);
  assert_measure (gloss_cohen_kappa (opposite, 2), -1.0);
}

/* ---- Span matching ------------------------------------------------------------- */

/* ---- Fleiss' kappa ------------------------------------------------------------- */

/* Fleiss (1971) as worked in Wikipedia's "Fleiss' kappa": ten subjects, fourteen
 * raters, five categories, given as how many raters chose each category. Exactly:
 * P = 172/455 (the mean of the P_i), Pe = sum p_j^2 = 417/1960, so
 * kappa = (P - Pe) / (1 - Pe) = 4211/20059 = 0.20993... */
/* Krippendorff (2004), "Measuring the reliability of qualitative text analysis data",
 * the worked example: two coders on a continuum of 300 (here from 0, the paper's 150
 * subtracted). Category c: coder i [75,145) [220,250), coder j [70,150) [205,225)
 * [250,270); category k: both [30,90) [150,200). The paper gives cDo = 0.0144,
 * cDe = 0.0532, kDe = 0.0490, c-alpha = 0.7286 and k-alpha = 1, and the joint
 * alpha 1 - sum Do / sum De = 0.8587 (to four places, as the paper rounds). */
static void
test_unitizing_krippendorff_2004 (void)
{
  static const GlossCodedSpan c[] = { { 75, 145, 0 }, { 220, 250, 0 }, { 70, 150, 1 }, { 205, 225, 1 }, { 250, 270, 1 } };
  static const GlossCodedSpan k[] = { { 30, 90, 0 }, { 150, 200, 0 }, { 30, 90, 1 }, { 150, 200, 1 } };
  double co, ce, ko, ke;

  gloss_unitizing_disagreements (c, G_N_ELEMENTS (c), 2, 300, &co, &ce);
  gloss_unitizing_disagreements (k, G_N_ELEMENTS (k), 2, 300, &ko, &ke);
  g_assert_cmpfloat_with_epsilon (co, 0.0144, 0.00005);
  g_assert_cmpfloat_with_epsilon (ce, 0.0532, 0.00005);
  g_assert_cmpfloat_with_epsilon (ko, 0.0, EPSILON);
  g_assert_cmpfloat_with_epsilon (ke, 0.0490, 0.00005);
  g_assert_cmpfloat_with_epsilon (gloss_unitizing_alpha (c, G_N_ELEMENTS (c), 2, 300).value, 0.7286, 0.00005);
  g_assert_cmpfloat_with_epsilon (gloss_unitizing_alpha (k, G_N_ELEMENTS (k), 2, 300).value, 1.0, EPSILON);
  g_assert_cmpfloat_with_epsilon (1.0 - (co + ko) / (ce + ke), 0.8587, 0.00005);
  /* Nothing to measure: one coder, no continuum, no span. */
  g_assert_cmpint (gloss_unitizing_alpha (c, G_N_ELEMENTS (c), 1, 300).status, ==, GLOSS_MEASURE_NO_DATA);
  g_assert_cmpint (gloss_unitizing_alpha (c, 0, 2, 300).status, ==, GLOSS_MEASURE_NO_DATA);
  g_assert_cmpint (gloss_unitizing_alpha (c, G_N_ELEMENTS (c), 2, 0).status, ==, GLOSS_MEASURE_NO_DATA);
}

/* The formulas as the paper writes them: every section of every coder against every
 * section of every other coder, every unit against every gap. Quadratic, for checking. */
typedef struct { gint64 b, e; gboolean unit; } RefSection;

static GArray *
ref_sections (const GlossCodedSpan *spans, guint n, guint coder, gint64 length)
{
  g_autofree gboolean *marked = g_new0 (gboolean, length);
  GArray *out = g_array_new (FALSE, FALSE, sizeof (RefSection));

  for (guint i = 0; i < n; i++)
    if (spans[i].coder == coder)
      for (gint64 x = MAX (spans[i].start, 0); x < MIN (spans[i].end, length); x++)
        marked[x] = TRUE;
  for (gint64 x = 0; x < length;)
    {
      RefSection s = { x, x, marked[x] };

      while (x < length && marked[x] == s.unit)
        x++;
      s.e = x;
      g_array_append_val (out, s);
    }
  return out;
}

static void
ref_unitizing (const GlossCodedSpan *spans, guint n, guint m, gint64 length, double *d_o, double *d_e)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  double L = length, units = 0, num = 0, within = 0, o = 0;

  for (guint c = 0; c < m; c++)
    g_ptr_array_add (parts, ref_sections (spans, n, c, length));
  for (guint i = 0; i < m; i++)
    for (guint j = 0; j < m; j++)
      for (guint g = 0; i != j && g < ((GArray *) parts->pdata[i])->len; g++)
        for (guint h = 0; h < ((GArray *) parts->pdata[j])->len; h++)
          {
            RefSection x = g_array_index ((GArray *) parts->pdata[i], RefSection, g);
            RefSection y = g_array_index ((GArray *) parts->pdata[j], RefSection, h);
            double lx = x.e - x.b, ly = y.e - y.b;

            if (x.unit && y.unit && -lx < x.b - y.b && x.b - y.b < ly)
              o += (double) (x.b - y.b) * (x.b - y.b) + (double) (x.e - y.e) * (x.e - y.e);
            else if (x.unit && !y.unit && ly - lx >= x.b - y.b && x.b - y.b >= 0)
              o += lx * lx;
            else if (!x.unit && y.unit && lx - ly >= y.b - x.b && y.b - x.b >= 0)
              o += ly * ly;
          }
  *d_o = o / (m * (m - 1.0) * L * L);
  for (guint i = 0; i < m; i++)
    for (guint g = 0; g < ((GArray *) parts->pdata[i])->len; g++)
      units += g_array_index ((GArray *) parts->pdata[i], RefSection, g).unit;
  for (guint i = 0; i < m; i++)
    for (guint g = 0; g < ((GArray *) parts->pdata[i])->len; g++)
      {
        RefSection x = g_array_index ((GArray *) parts->pdata[i], RefSection, g);
        double l = x.e - x.b, gaps = 0;

        if (!x.unit)
          continue;
        for (guint j = 0; j < m; j++)
          for (guint h = 0; h < ((GArray *) parts->pdata[j])->len; h++)
            {
              RefSection y = g_array_index ((GArray *) parts->pdata[j], RefSection, h);

              if (!y.unit && y.e - y.b >= l)
                gaps += (y.e - y.b) - l + 1;
            }
        num += (units - 1) / 3.0 * (2 * l * l * l - 3 * l * l + l) + l * l * gaps;
        within += l * (l - 1);
      }
  *d_e = units > 0 ? 2.0 / L * num / (m * L * (m * L - 1) - within) : 0.0;
}

/* Random spans of up to four coders (overlapping, nested, touching, clipped at the
 * ends, the same span twice): the linear computation gives the paper's quadratic one. */
static void
test_unitizing_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (2004);

  for (guint round = 0; round < 300; round++)
    {
      guint m = g_rand_int_range (rand, 2, 5), n = g_rand_int_range (rand, 0, 14);
      gint64 length = g_rand_int_range (rand, 1, 80);
      g_autofree GlossCodedSpan *spans = g_new0 (GlossCodedSpan, MAX (n, 1));
      double o, e, ro, re;

      for (guint i = 0; i < n; i++)
        {
          spans[i].start = g_rand_int_range (rand, -3, (gint32) length + 1);
          spans[i].end = spans[i].start + g_rand_int_range (rand, 0, 20);
          spans[i].coder = g_rand_int_range (rand, 0, m);
        }
      gloss_unitizing_disagreements (spans, n, m, length, &o, &e);
      ref_unitizing (spans, n, m, length, &ro, &re);
      g_assert_cmpfloat_with_epsilon (o, ro, 1e-9);
      g_assert_cmpfloat_with_epsilon (e, re, 1e-9);
    }
}

static void
test_fleiss_wikipedia (void)
{
  static const guint table[10][5] = {
    { 0, 0, 0, 0, 14 }, { 0, 2, 6, 4, 2 }, { 0, 0, 3, 5, 6 }, { 0, 3, 9, 2, 0 }, { 2, 2, 8, 1, 1 },
    { 7, 7, 0, 0, 0 }, { 3, 2, 6, 3, 0 }, { 2, 5, 3, 2, 2 }, { 6, 5, 2, 1, 0 }, { 0, 2, 2, 3, 7 },
  };
  g_autoptr(GlossReliabilityData) data = gloss_reliability_data_new (14);

  for (guint i = 0; i < 10; i++)
    {
      guint unit = gloss_reliability_data_add_unit (data);
      guint coder = 0;

      /* Which rater gave which category does not matter to kappa: fill them in turn. */
      for (guint j = 0; j < 5; j++)
        for (guint k = 0; k < table[i][j]; k++)
          gloss_reliability_data_set (data, unit, coder++, j + 1);
      g_assert_cmpuint (coder, ==, 14);
    }
  assert_measure (gloss_fleiss_kappa (data), 4211.0 / 20059.0);
  g_assert_cmpfloat (fabs (gloss_fleiss_kappa (data).value - 0.210), <, 0.0005);
}

/* Small cases by hand.
 * Two coders, four units (0,0) (1,1) (0,1) (1,1): P_i = 1 1 0 1, P = 3/4; p_0 = 3/8,
 * p_1 = 5/8, Pe = 34/64; kappa = (48 - 34) / (64 - 34) = 7/15 (Scott's pi, as Fleiss'
 * kappa is for two coders). A fifth unit with one value is left out; a unit with three
 * values (0,0,1) adds P = 2/6: P = (3 + 1/3) / 5 = 2/3, values 0 ×5 and 1 ×6 of 11:
 * Pe = (25 + 36)/121 = 61/121; kappa = (2/3 - 61/121) / (60/121) = (242 - 183) / 180
 * = 59/180. */
static void
test_fleiss_small (void)
{
  static const gint64 two[2 * 5] = {
    0, 1, 0, 1, 1,
    0, 1, 1, 1, M,
  };
  static const gint64 three[3 * 6] = {
    0, 1, 0, 1, 1, 0,
    0, 1, 1, 1, M, 0,
    M, M, M, M, M, 1,
  };
  static const gint64 same[2 * 2] = { 3, 3, 3, 3 };
  static const gint64 lonely[2 * 2] = { 3, M, M, 4 };
  g_autoptr(GlossReliabilityData) d2 = data_from_rows (2, 5, two);
  g_autoptr(GlossReliabilityData) d3 = data_from_rows (3, 6, three);
  g_autoptr(GlossReliabilityData) ds = data_from_rows (2, 2, same);
  g_autoptr(GlossReliabilityData) dl = data_from_rows (2, 2, lonely);

  assert_measure (gloss_fleiss_kappa (d2), 7.0 / 15.0);
  assert_measure (gloss_fleiss_kappa (d3), 59.0 / 180.0);
  assert_undefined (gloss_fleiss_kappa (ds), GLOSS_MEASURE_NO_VARIATION);
  assert_undefined (gloss_fleiss_kappa (dl), GLOSS_MEASURE_NO_DATA);
}

static GArray *
match (const GlossSpan *a, guint n_a, const GlossSpan *b, guint n_b, GlossMatchMode mode, gboolean same)
{
  return gloss_match_spans (a, n_a, b, n_b, mode, same);
}

#define PAIR(arr, i) (g_array_index ((arr), GlossSpanPair, (i)))

static void
test_match_spans (void)
{
  g_autoptr(GArray) p = NULL;

  /* One to one: a long span of A against two short ones of B takes the larger overlap. */
  {
    GlossSpan a[] = { { 0, 10, 0 } };
    GlossSpan b[] = { { 0, 4, 0 }, { 5, 10, 0 } };

    p = match (a, 1, b, 2, GLOSS_MATCH_OVERLAP, TRUE);
    g_assert_cmpuint (p->len, ==, 1);
    g_assert_cmpuint (PAIR (p, 0).b, ==, 1);
    g_clear_pointer (&p, g_array_unref);
    p = match (a, 1, b, 2, GLOSS_MATCH_EXACT, TRUE);
    g_assert_cmpuint (p->len, ==, 0);
    g_clear_pointer (&p, g_array_unref);
  }
  /* Equal overlap: the closer boundaries win ([0,10) rather than [0,20)). */
  {
    GlossSpan a[] = { { 0, 10, 0 } };
    GlossSpan b[] = { { 0, 20, 0 }, { 0, 10, 0 } };

    p = match (a, 1, b, 2, GLOSS_MATCH_OVERLAP, TRUE);
    g_assert_cmpuint (p->len, ==, 1);
    g_assert_cmpuint (PAIR (p, 0).b, ==, 1);
    g_clear_pointer (&p, g_array_unref);
  }
  /* Whatever the labels, a same-label pair is preferred on a tie; with same_category
   * a different label never matches. */
  {
    GlossSpan a[] = { { 0, 5, 1 } };
    GlossSpan b[] = { { 0, 5, 0 }, { 0, 5, 1 } };
    GlossSpan c[] = { { 0, 5, 0 } };

    p = match (a, 1, b, 2, GLOSS_MATCH_EXACT, FALSE);
    g_assert_cmpuint (p->len, ==, 1);
    g_assert_cmpuint (PAIR (p, 0).b, ==, 1);
    g_clear_pointer (&p, g_array_unref);
    p = match (a, 1, c, 1, GLOSS_MATCH_OVERLAP, TRUE);
    g_assert_cmpuint (p->len, ==, 0);
    g_clear_pointer (&p, g_array_unref);
    p = match (a, 1, c, 1, GLOSS_MATCH_OVERLAP, FALSE);
    g_assert_cmpuint (p->len, ==, 1);
    g_clear_pointer (&p, g_array_unref);
  }
  /* A full tie (same overlap 2, same extent 8): the earlier span of A wins. */
  {
    GlossSpan a[] = { { 6, 12, 0 }, { 0, 6, 0 } };
    GlossSpan b[] = { { 4, 8, 0 } };

    p = match (a, 2, b, 1, GLOSS_MATCH_OVERLAP, TRUE);
    g_assert_cmpuint (p->len, ==, 1);
    g_assert_cmpuint (PAIR (p, 0).a, ==, 1);
    g_clear_pointer (&p, g_array_unref);
  }
  /* Greedy by largest overlap: A0 [0,10) overlaps B0 [8,20) by 2 and B1 [2,9) by 7;
   * A1 [8,20) overlaps B0 by 12 and B1 by 1. Pairs: A1-B0 (12), then A0-B1 (7). */
  {
    GlossSpan a[] = { { 0, 10, 0 }, { 8, 20, 0 } };
    GlossSpan b[] = { { 8, 20, 0 }, { 2, 9, 0 } };

    p = match (a, 2, b, 2, GLOSS_MATCH_OVERLAP, TRUE);
    g_assert_cmpuint (p->len, ==, 2);
    g_assert_cmpuint (PAIR (p, 0).a, ==, 0);
    g_assert_cmpuint (PAIR (p, 0).b, ==, 1);
    g_assert_cmpuint (PAIR (p, 1).a, ==, 1);
    g_assert_cmpuint (PAIR (p, 1).b, ==, 0);
    g_clear_pointer (&p, g_array_unref);
  }
  /* No overlap at all, touching spans and empty spans never match. */
  {
    GlossSpan a[] = { { 0, 5, 0 }, { 7, 7, 0 } };
    GlossSpan b[] = { { 5, 9, 0 }, { 7, 7, 0 } };

    p = match (a, 2, b, 2, GLOSS_MATCH_OVERLAP, FALSE);
    g_assert_cmpuint (p->len, ==, 0);
    g_clear_pointer (&p, g_array_unref);
    p = match (a, 2, b, 2, GLOSS_MATCH_EXACT, FALSE);
    g_assert_cmpuint (p->len, ==, 0);
    g_clear_pointer (&p, g_array_unref);
    p = match (a, 0, b, 2, GLOSS_MATCH_OVERLAP, FALSE);
    g_assert_cmpuint (p->len, ==, 0);
    g_clear_pointer (&p, g_array_unref);
  }
}

static int
compare_strings (gconstpointer p, gconstpointer q)
{
  return strcmp (*(char * const *) p, *(char * const *) q);
}

/* The same spans in any order give the same matched spans. */
static void
test_match_deterministic (void)
{
  GlossSpan base_a[] = { { 0, 10, 0 }, { 5, 15, 1 }, { 12, 20, 0 }, { 30, 40, 2 }, { 30, 40, 2 }, { 50, 55, 0 } };
  GlossSpan base_b[] = { { 2, 12, 0 }, { 6, 14, 1 }, { 10, 20, 0 }, { 30, 40, 2 }, { 45, 60, 0 }, { 70, 80, 1 } };
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  GRand *rand = g_rand_new_with_seed (42);

  for (guint round = 0; round < 50; round++)
    {
      GlossSpan a[G_N_ELEMENTS (base_a)], b[G_N_ELEMENTS (base_b)];
      g_autoptr(GArray) p = NULL;
      g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
      GString *key = g_string_new (NULL);

      memcpy (a, base_a, sizeof a);
      memcpy (b, base_b, sizeof b);
      for (guint i = G_N_ELEMENTS (a) - 1; round > 0 && i > 0; i--)
        {
          guint j = g_rand_int_range (rand, 0, i + 1);
          GlossSpan t = a[i]; a[i] = a[j]; a[j] = t;
        }
      for (guint i = G_N_ELEMENTS (b) - 1; round > 0 && i > 0; i--)
        {
          guint j = g_rand_int_range (rand, 0, i + 1);
          GlossSpan t = b[i]; b[i] = b[j]; b[j] = t;
        }
      p = match (a, G_N_ELEMENTS (a), b, G_N_ELEMENTS (b), GLOSS_MATCH_OVERLAP, FALSE);
      for (guint k = 0; k < p->len; k++)
        g_ptr_array_add (keys, g_strdup_printf ("%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT "/%d=%" G_GINT64_FORMAT
                                                "-%" G_GINT64_FORMAT "/%d",
                                                a[PAIR (p, k).a].start, a[PAIR (p, k).a].end, a[PAIR (p, k).a].category,
                                                b[PAIR (p, k).b].start, b[PAIR (p, k).b].end, b[PAIR (p, k).b].category));
      g_ptr_array_sort (keys, compare_strings);
      for (guint k = 0; k < keys->len; k++)
        g_string_append_printf (key, "%s;", (char *) keys->pdata[k]);
      g_ptr_array_add (seen, g_string_free (key, FALSE));
      /* 0-10 with 2-12 (8), 5-15 with 6-14 (8), 12-20 with 10-20 (8), 30-40 with 30-40, 50-55 with 45-60. */
      g_assert_cmpuint (p->len, ==, 5);
    }
  for (guint i = 1; i < seen->len; i++)
    g_assert_cmpstr (seen->pdata[i], ==, seen->pdata[0]);
  g_rand_free (rand);
}

static void
test_span_counts (void)
{
  GlossSpanCounts c = { 4, 5, 3 };
  GlossSpanCounts nothing_b = { 3, 0, 0 };
  GlossSpanCounts nothing = { 0, 0, 0 };
  GlossSpanCounts disjoint = { 2, 3, 0 };

  /* P = 3/5, R = 3/4, F1 = 6/9. */
  assert_measure (gloss_span_counts_precision (&c), 0.6);
  assert_measure (gloss_span_counts_recall (&c), 0.75);
  assert_measure (gloss_span_counts_f1 (&c), 2.0 / 3.0);
  assert_undefined (gloss_span_counts_precision (&nothing_b), GLOSS_MEASURE_NO_DATA);
  assert_measure (gloss_span_counts_recall (&nothing_b), 0.0);
  assert_measure (gloss_span_counts_f1 (&nothing_b), 0.0);
  assert_undefined (gloss_span_counts_f1 (&nothing), GLOSS_MEASURE_NO_DATA);
  assert_measure (gloss_span_counts_f1 (&disjoint), 0.0);
}

/* ---- A project ----------------------------------------------------------------- */

typedef struct {
  char       *dir;
  char       *path;
  GlossStore *store;
  char       *doc[3];
} Fixture;

static const char *texts[3] = {
  "Alice Smith met Bob Jones in Paris on Monday. The ministry said prices will rise.\n",
  "Rome and Madrid signed the accord.\n",
  "Nobody else read this one.\n",
};

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("gloss-test-agreement-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "team.gloss", NULL);
  f->store = gloss_project_create (f->path, "Team", GLOSS_PROJECT_CREATE_DEFAULT, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *title = g_strdup_printf ("Doc %u", i + 1);
      g_autoptr(GlossDocument) doc = gloss_store_add_document (f->store, title, texts[i], NULL, "txt", NULL, &error);

      g_assert_no_error (error);
      f->doc[i] = g_strdup (doc->id);
    }
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  test_remove_tree (f->dir);
  for (guint i = 0; i < 3; i++)
    g_free (f->doc[i]);
  g_free (f->dir);
  g_free (f->path);
}

static char *
annotate (Fixture *f, guint doc, gint64 start, gint64 end, const char *label, const char *who)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossLabel) l = gloss_store_find_label_by_name (f->store, label, &error);
  g_autoptr(GlossAnnotation) a = NULL;

  g_assert_no_error (error);
  a = gloss_store_add_annotation (f->store, f->doc[doc], l->id, start, end, NULL, who, &error);
  g_assert_no_error (error);
  return g_strdup (a->id);
}

#define ANNOTATE(f, doc, s, e, label, who) g_free (annotate ((f), (doc), (s), (e), (label), (who)))

static int
label_index (const GlossAgreementReport *r, const char *name)
{
  for (guint l = 0; l < r->labels->len; l++)
    if (g_str_equal (((GlossLabel *) r->labels->pdata[l])->name, name))
      return (int) l;
  g_assert_not_reached ();
  return -1;
}

/* The two-annotator example of the README (doc 1):
 *   alice: Person [0,11) "Alice Smith", Person [16,25) "Bob Jones", Location [29,34) "Paris"
 *   bob:   Person [0,11), Person [20,25) "Jones", Organization [29,34), Organization [50,62)
 * Span agreement, bob against alice:
 *   Person: exact 1 of 2/2 (P = R = F1 = 0.5); overlap 2 (1, 1, 1).
 *   Organization: alice 0, bob 2: P = 0, R undefined, F1 = 0.  Location: P undefined, R = F1 = 0.
 *   overall exact: 1 matched, 3 and 4 spans: P = 1/4, R = 1/3, F1 = 2/7; overlap: 2: P 1/2, R 2/3, F1 4/7.
 * Units (overlap, any label): (P,P) (P,P) (L,O) (none,O): N = 4, diagonal 2, rows P2 L1
 * none1, columns P2 O2: chance = 4; kappa = (4*2 - 4) / (16 - 4) = 1/3.
 * Kappa Person (P vs rest): 2 2 on the diagonal: 1. Organization: [O,O] 0, [¬O,O] 2,
 * [¬O,¬O] 2: Po = 1/2, Pe = 1/2: 0.
 * Alpha overall: values P P P P L O none O: n = 8, De = 64 - (16 + 1 + 4 + 1) = 42,
 * Do = 2 + 2 = 4: alpha = 1 - 7 * 4 / 42 = 1/3. Alpha Organization: (0,0) (0,0) (0,1)
 * (0,1): De = 64 - (36 + 4) = 24, Do = 4: alpha = 1 - 28/24 = -1/6. */
static void
two_annotators (Fixture *f)
{
  ANNOTATE (f, 0, 0, 11, "Person", "alice");
  ANNOTATE (f, 0, 16, 25, "Person", "alice");
  ANNOTATE (f, 0, 29, 34, "Location", "alice");
  ANNOTATE (f, 0, 0, 11, "Person", "bob");
  ANNOTATE (f, 0, 20, 25, "Person", "bob");
  ANNOTATE (f, 0, 29, 34, "Organization", "bob");
  ANNOTATE (f, 0, 50, 62, "Organization", "bob");
}

static void
test_project_two (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAgreementReport) r = NULL;
  const GlossAgreementPair *pair;
  int person, org, loc;

  two_annotators (f);
  r = gloss_agreement_compute (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->n_annotators, ==, 2);
  g_assert_cmpstr (r->annotators[0], ==, "alice");
  g_assert_cmpstr (r->annotators[1], ==, "bob");
  g_assert_cmpuint (r->n_documents, ==, 3);
  g_assert_cmpuint (r->n_shared, ==, 1);
  g_assert_cmpuint (r->labels->len, ==, 3);
  person = label_index (r, "Person");
  org = label_index (r, "Organization");
  loc = label_index (r, "Location");
  g_assert_cmpuint (r->pairs->len, ==, 1);
  pair = r->pairs->pdata[0];
  g_assert_cmpuint (pair->n_documents, ==, 1);
  g_assert_cmpuint (pair->n_units, ==, 4);

  assert_measure (gloss_span_counts_f1 (&pair->labels[person].exact), 0.5);
  assert_measure (gloss_span_counts_f1 (&pair->labels[person].overlap), 1.0);
  assert_measure (gloss_span_counts_precision (&pair->labels[org].exact), 0.0);
  assert_undefined (gloss_span_counts_recall (&pair->labels[org].exact), GLOSS_MEASURE_NO_DATA);
  assert_undefined (gloss_span_counts_precision (&pair->labels[loc].overlap), GLOSS_MEASURE_NO_DATA);
  assert_measure (gloss_span_counts_precision (&pair->overall.exact), 0.25);
  assert_measure (gloss_span_counts_recall (&pair->overall.exact), 1.0 / 3.0);
  assert_measure (gloss_span_counts_f1 (&pair->overall.exact), 2.0 / 7.0);
  assert_measure (gloss_span_counts_precision (&pair->overall.overlap), 0.5);
  assert_measure (gloss_span_counts_recall (&pair->overall.overlap), 2.0 / 3.0);
  assert_measure (gloss_span_counts_f1 (&pair->overall.overlap), 4.0 / 7.0);

  assert_measure (pair->overall.kappa, 1.0 / 3.0);
  assert_measure (pair->labels[person].kappa, 1.0);
  assert_measure (pair->labels[org].kappa, 0.0);

  g_assert_cmpuint (r->n_units, ==, 4);
  assert_measure (r->group_overall.alpha, 1.0 / 3.0);
  assert_measure (r->group[org].alpha, -1.0 / 6.0);
  assert_measure (r->group_overall.mean_f1_exact, 2.0 / 7.0);
  g_assert_cmpuint (r->fields->len, ==, 0);
}

/* Options: labels, documents, the exact match for units and bad input. */
static void
test_project_options (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAgreementReport) r = NULL;
  char *person_only[] = { "person", NULL };
  char *docs[] = { f->doc[0], NULL };
  char *unknown_doc[] = { "no-such-document", NULL };
  char *unknown_label[] = { "Weather", NULL };
  char *unknown_annotator[] = { "alice", "carol", NULL };
  char *twice[] = { "alice", "alice", NULL };
  char *reversed[] = { "bob", "alice", NULL };
  GlossAgreementOptions o = { NULL, NULL, person_only, GLOSS_MATCH_OVERLAP, 0 };
  const GlossAgreementPair *pair;

  two_annotators (f);

  /* Person only (by name, any case): units (P,P) (P,P): kappa has no variation. */
  r = gloss_agreement_compute (f->store, &o, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->labels->len, ==, 1);
  pair = r->pairs->pdata[0];
  g_assert_cmpuint (pair->n_units, ==, 2);
  assert_undefined (pair->overall.kappa, GLOSS_MEASURE_NO_VARIATION);
  assert_undefined (r->group_overall.alpha, GLOSS_MEASURE_NO_VARIATION);
  assert_measure (gloss_span_counts_f1 (&pair->overall.overlap), 1.0);
  g_clear_pointer (&r, gloss_agreement_report_free);

  /* Exact units: (P,P) (P,none) (none,P) (L,O) (none,O): N = 5, diagonal 1, rows P2 L1
   * none2, columns P2 O2 none1: chance = 2*2 + 2*1 = 6; kappa = (5 - 6) / (25 - 6) = -1/19. */
  o.labels = NULL;
  o.documents = docs;
  o.unit_match = GLOSS_MATCH_EXACT;
  r = gloss_agreement_compute (f->store, &o, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->n_documents, ==, 1);
  pair = r->pairs->pdata[0];
  g_assert_cmpuint (pair->n_units, ==, 5);
  assert_measure (pair->overall.kappa, -1.0 / 19.0);
  g_clear_pointer (&r, gloss_agreement_report_free);

  /* The order of annotators says who is measured against whom. */
  o.documents = NULL;
  o.unit_match = GLOSS_MATCH_OVERLAP;
  o.annotators = reversed;
  r = gloss_agreement_compute (f->store, &o, &error);
  g_assert_no_error (error);
  pair = r->pairs->pdata[0];
  g_assert_cmpstr (r->annotators[pair->a], ==, "bob");
  assert_measure (gloss_span_counts_precision (&pair->overall.exact), 1.0 / 3.0);
  assert_measure (gloss_span_counts_recall (&pair->overall.exact), 0.25);
  g_clear_pointer (&r, gloss_agreement_report_free);

  o.annotators = NULL;
  o.documents = unknown_doc;
  g_assert_null (gloss_agreement_compute (f->store, &o, &error));
  g_assert_error (error, GLOSS_AGREEMENT_ERROR, GLOSS_AGREEMENT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no-such-document"));
  g_clear_error (&error);
  o.documents = NULL;
  o.labels = unknown_label;
  g_assert_null (gloss_agreement_compute (f->store, &o, &error));
  g_assert_error (error, GLOSS_AGREEMENT_ERROR, GLOSS_AGREEMENT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Weather"));
  g_clear_error (&error);
  o.labels = NULL;
  o.annotators = unknown_annotator;
  g_assert_null (gloss_agreement_compute (f->store, &o, &error));
  g_assert_error (error, GLOSS_AGREEMENT_ERROR, GLOSS_AGREEMENT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "carol"));
  g_clear_error (&error);
  o.annotators = twice;
  g_assert_null (gloss_agreement_compute (f->store, &o, &error));
  g_assert_error (error, GLOSS_AGREEMENT_ERROR, GLOSS_AGREEMENT_ERROR_INVALID);
}

/* Edge cases on a project: one annotator, no overlap, all agree. */
static void
test_project_edges (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAgreementReport) r = NULL;
  const GlossAgreementPair *pair;
  g_autofree char *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *all;

  /* One annotator: no pairs, alpha undefined (no unit coded twice). */
  ANNOTATE (f, 1, 0, 4, "Location", "alice");
  ANNOTATE (f, 1, 9, 15, "Location", "alice");
  r = gloss_agreement_compute (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->n_annotators, ==, 1);
  g_assert_cmpuint (r->pairs->len, ==, 0);
  g_assert_cmpuint (r->n_shared, ==, 0);
  assert_undefined (r->group_overall.alpha, GLOSS_MEASURE_NO_DATA);
  assert_undefined (r->group_overall.mean_f1_overlap, GLOSS_MEASURE_NO_DATA);
  json = gloss_agreement_report_to_json (r);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  all = json_object_get_object_member (json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "all"), "overall");
  g_assert_true (json_object_get_null_member (all, "alpha"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (all, "undefined"), "alpha"), ==, "no-data");
  g_assert_null (strstr (json, "nan"));
  g_clear_pointer (&r, gloss_agreement_report_free);

  /* No overlap: bob marks other words. F1 = 0; units (L,none) (L,none) (none,L):
   * rows L2 none1, columns L1 none2: N = 3, diagonal 0, chance = 2 + 2 = 4;
   * kappa = (0 - 4) / (9 - 4) = -0.8. Alpha: L L L none none none... values
   * (L,n) (L,n) (n,L): n = 6, 3 and 3: De = 36 - 18 = 18, Do = 6; alpha = 1 - 5*6/18 = -2/3. */
  ANNOTATE (f, 1, 20, 25, "Location", "bob");
  r = gloss_agreement_compute (f->store, NULL, &error);
  g_assert_no_error (error);
  pair = r->pairs->pdata[0];
  assert_measure (gloss_span_counts_f1 (&pair->overall.overlap), 0.0);
  assert_measure (gloss_span_counts_f1 (&pair->overall.exact), 0.0);
  assert_measure (pair->overall.kappa, -0.8);
  assert_measure (r->group_overall.alpha, -2.0 / 3.0);
  g_clear_pointer (&r, gloss_agreement_report_free);

  /* All agree on one label only: F1 = 1, but kappa and alpha are 0/0 (every unit is
   * Location for both): undefined, no variation. */
  ANNOTATE (f, 1, 0, 4, "Location", "bob");
  ANNOTATE (f, 1, 9, 15, "Location", "bob");
  ANNOTATE (f, 1, 20, 25, "Location", "alice");
  r = gloss_agreement_compute (f->store, NULL, &error);
  g_assert_no_error (error);
  pair = r->pairs->pdata[0];
  assert_measure (gloss_span_counts_f1 (&pair->overall.exact), 1.0);
  assert_undefined (pair->overall.kappa, GLOSS_MEASURE_NO_VARIATION);
  assert_undefined (r->group_overall.alpha, GLOSS_MEASURE_NO_VARIATION);
  g_clear_pointer (&r, gloss_agreement_report_free);

  /* All agree, with two labels: kappa = alpha = 1. */
  ANNOTATE (f, 1, 26, 32, "Organization", "alice");
  ANNOTATE (f, 1, 26, 32, "Organization", "bob");
  r = gloss_agreement_compute (f->store, NULL, &error);
  g_assert_no_error (error);
  pair = r->pairs->pdata[0];
  assert_measure (gloss_span_counts_f1 (&pair->overall.exact), 1.0);
  assert_measure (pair->overall.kappa, 1.0);
  assert_measure (r->group_overall.alpha, 1.0);
  /* Person: nobody used it and it is not in the report. */
  for (guint l = 0; l < r->labels->len; l++)
    g_assert_cmpstr (((GlossLabel *) r->labels->pdata[l])->name, !=, "Person");
}

/* Three annotators with a document one of them did not annotate (missing, not "none"):
 *   doc 1: [0,5) Person by all three; [16,25) alice Person, bob and carol Organization.
 *   doc 2: [0,4) Location by alice and bob; carol made nothing there.
 *   doc 3: alice only (not shared).
 * Units (P,P,P) (P,O,O) (L,L,-): n = 8, n_P 4, n_O 2, n_L 2: De = 64 - 24 = 40; the
 * second unit adds (9 - (1 + 4)) / 2 = 2: alpha = 1 - 7 * 2 / 40 = 0.65. Were carol
 * "none" in doc 2, alpha would differ.
 * Pairs: alice-bob exact F1 2/3, kappa: (P,P) (P,O) (L,L): chance 2+1 = 3, (3*2-3)/(9-3) = 0.5;
 * alice-carol: one document, F1 1/2, kappa (2*1 - 2)/(4 - 2) = 0; bob-carol F1 1, kappa 1.
 * Mean pairwise F1 (exact) = (2/3 + 1/2 + 1) / 3 = 13/18. */
static void
test_project_three (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAgreementReport) r = NULL;
  const GlossAgreementPair *ab, *ac, *bc;

  ANNOTATE (f, 0, 0, 5, "Person", "alice");
  ANNOTATE (f, 0, 0, 5, "Person", "bob");
  ANNOTATE (f, 0, 0, 5, "Person", "carol");
  ANNOTATE (f, 0, 16, 25, "Person", "alice");
  ANNOTATE (f, 0, 16, 25, "Organization", "bob");
  ANNOTATE (f, 0, 16, 25, "Organization", "carol");
  ANNOTATE (f, 1, 0, 4, "Location", "alice");
  ANNOTATE (f, 1, 0, 4, "Location", "bob");
  ANNOTATE (f, 2, 0, 6, "Person", "alice");

  r = gloss_agreement_compute (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->n_annotators, ==, 3);
  g_assert_cmpuint (r->n_shared, ==, 2);
  g_assert_cmpuint (r->pairs->len, ==, 3);
  ab = r->pairs->pdata[0];
  ac = r->pairs->pdata[1];
  bc = r->pairs->pdata[2];
  g_assert_cmpstr (r->annotators[ac->b], ==, "carol");
  g_assert_cmpuint (ab->n_documents, ==, 2);
  g_assert_cmpuint (ac->n_documents, ==, 1);
  assert_measure (gloss_span_counts_f1 (&ab->overall.exact), 2.0 / 3.0);
  assert_measure (gloss_span_counts_f1 (&ac->overall.exact), 0.5);
  assert_measure (gloss_span_counts_f1 (&bc->overall.exact), 1.0);
  assert_measure (ab->overall.kappa, 0.5);
  assert_measure (ac->overall.kappa, 0.0);
  assert_measure (bc->overall.kappa, 1.0);
  g_assert_cmpuint (r->n_units, ==, 3);
  assert_measure (r->group_overall.alpha, 0.65);
  assert_measure (r->group_overall.mean_f1_exact, 13.0 / 18.0);
}

/* Units for all annotators together do not depend on the order of the annotators.
 * The chain of the issue: alice Person [0,10), bob [8,20), carol [15,25) in doc 1 is
 * one cluster (each overlaps the next), so one unit P P P, whatever the order (before,
 * alice-first made two units of it and bob-first one). Then "Paris" [29,34): L L O;
 * doc 2 "Rome" [0,4): L L L; "Madrid": alice [9,15), bob [9,12) and [12,15), carol
 * nothing: one cluster where bob has two spans, so two units: bob's first (by start,
 * end) with alice's, L L none; bob's second alone, none L none.
 * Units: PPP, LLO, LLL, LLN, NLN; n = 15 values: P 3, L 8, O 1, N 3.
 * Alpha: De = 15^2 - (9 + 64 + 1 + 9) = 142; Do = 0 + (9-5)/2 + 0 + (9-5)/2 + (9-5)/2
 * = 6; alpha = 1 - 14 * 6 / 142 = 29/71 = 0.408...
 * Fleiss: P_i = 1, 1/3, 1, 1/3, 1/3: P = 3/5; Pe = 83/225; kappa = (135 - 83) / (225 - 83)
 * = 26/71 = 0.366... */
static void
chain_annotations (Fixture *f)
{
  ANNOTATE (f, 0, 0, 10, "Person", "alice");
  ANNOTATE (f, 0, 8, 20, "Person", "bob");
  ANNOTATE (f, 0, 15, 25, "Person", "carol");
  ANNOTATE (f, 0, 29, 34, "Location", "alice");
  ANNOTATE (f, 0, 29, 34, "Location", "bob");
  ANNOTATE (f, 0, 29, 34, "Organization", "carol");
  ANNOTATE (f, 1, 0, 4, "Location", "alice");
  ANNOTATE (f, 1, 0, 4, "Location", "bob");
  ANNOTATE (f, 1, 0, 4, "Location", "carol");
  ANNOTATE (f, 1, 9, 15, "Location", "alice");
  ANNOTATE (f, 1, 9, 12, "Location", "bob");
  ANNOTATE (f, 1, 12, 15, "Location", "bob");
}

static const GlossAgreementPair *
pair_of (const GlossAgreementReport *r, const char *x, const char *y)
{
  for (guint p = 0; p < r->pairs->len; p++)
    {
      const GlossAgreementPair *pair = r->pairs->pdata[p];
      const char *a = r->annotators[pair->a], *b = r->annotators[pair->b];

      if ((g_str_equal (a, x) && g_str_equal (b, y)) || (g_str_equal (a, y) && g_str_equal (b, x)))
        return pair;
    }
  g_assert_not_reached ();
  return NULL;
}

static void
assert_same_measure (GlossMeasure x, GlossMeasure y)
{
  g_assert_cmpint (x.status, ==, y.status);
  if (x.status == GLOSS_MEASURE_DEFINED)
    g_assert_cmpfloat_with_epsilon (x.value, y.value, EPSILON);
}

static void
test_project_any_order (Fixture *f, gconstpointer data)
{
  static const char *names[3] = { "alice", "bob", "carol" };
  static const guint orders[6][3] = { { 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 }, { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 } };
  g_autoptr(GlossAgreementReport) first = NULL;

  chain_annotations (f);
  for (GlossMatchMode mode = GLOSS_MATCH_OVERLAP; mode <= GLOSS_MATCH_EXACT; mode++)
    {
      g_clear_pointer (&first, gloss_agreement_report_free);
      for (guint o = 0; o < G_N_ELEMENTS (orders); o++)
        {
          g_autoptr(GError) error = NULL;
          const char *order[4] = { names[orders[o][0]], names[orders[o][1]], names[orders[o][2]], NULL };
          GlossAgreementOptions options = { (char **) order, NULL, NULL, mode, 0 };
          g_autoptr(GlossAgreementReport) r = gloss_agreement_compute (f->store, &options, &error);

          g_assert_no_error (error);
          g_assert_cmpstr (r->annotators[0], ==, order[0]);
          if (mode == GLOSS_MATCH_OVERLAP)
            {
              int loc = label_index (r, "Location");

              g_assert_cmpuint (r->n_units, ==, 5);
              assert_measure (r->group_overall.alpha, 29.0 / 71.0);
              assert_measure (r->group_overall.fleiss_kappa, 26.0 / 71.0);
              /* Location against the rest, the units as 0/1: 000 110 111 110 010; n = 15,
               * ones 8, zeros 7; De = 225 - 64 - 49 = 112; Do = 0 + 2 + 0 + 2 + 2 = 6;
               * alpha = 1 - 14 * 6 / 112 = 1/4. */
              assert_measure (r->group[loc].alpha, 0.25);
            }
          if (first == NULL)
            {
              first = g_steal_pointer (&r);
              continue;
            }
          g_assert_cmpuint (r->n_units, ==, first->n_units);
          assert_same_measure (r->group_overall.alpha, first->group_overall.alpha);
          assert_same_measure (r->group_overall.fleiss_kappa, first->group_overall.fleiss_kappa);
          assert_same_measure (r->group_overall.unitizing_alpha, first->group_overall.unitizing_alpha);
          g_assert_cmpuint (r->n_unitized, ==, first->n_unitized);
          assert_same_measure (r->group_overall.mean_f1_exact, first->group_overall.mean_f1_exact);
          assert_same_measure (r->group_overall.mean_f1_overlap, first->group_overall.mean_f1_overlap);
          g_assert_cmpuint (r->labels->len, ==, first->labels->len);
          for (guint l = 0; l < r->labels->len; l++)
            {
              assert_same_measure (r->group[l].alpha, first->group[l].alpha);
              assert_same_measure (r->group[l].fleiss_kappa, first->group[l].fleiss_kappa);
              assert_same_measure (r->group[l].unitizing_alpha, first->group[l].unitizing_alpha);
            }
          for (guint x = 0; x < 3; x++)
            for (guint y = x + 1; y < 3; y++)
              {
                const GlossAgreementPair *p = pair_of (r, names[x], names[y]);
                const GlossAgreementPair *q = pair_of (first, names[x], names[y]);

                g_assert_cmpuint (p->n_units, ==, q->n_units);
                assert_same_measure (p->overall.kappa, q->overall.kappa);
                assert_same_measure (gloss_span_counts_f1 (&p->overall.exact), gloss_span_counts_f1 (&q->overall.exact));
                assert_same_measure (gloss_span_counts_f1 (&p->overall.overlap), gloss_span_counts_f1 (&q->overall.overlap));
              }
        }
    }
}

/* Random spans of four annotators (overlapping, nested, chained, the same span twice):
 * every figure for the group and for each pair is the same for all 24 orders of the
 * annotators. */
static void
test_project_any_order_random (Fixture *f, gconstpointer data)
{
  static const char *names[4] = { "alice", "bob", "carol", "dan" };
  static const char *labels[3] = { "Person", "Location", "Organization" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (1604);

  for (guint round = 0; round < 4; round++)
    {
      g_autoptr(GlossAgreementReport) first = NULL;
      guint perm[4] = { 0, 1, 2, 3 };

      for (guint k = 0; k < 12; k++)
        {
          guint doc = g_rand_int_range (rand, 0, 2);
          gint64 start = g_rand_int_range (rand, 0, 25);
          gint64 end = start + g_rand_int_range (rand, 1, 9);

          ANNOTATE (f, doc, start, end, labels[g_rand_int_range (rand, 0, 3)], names[g_rand_int_range (rand, 0, 4)]);
        }

      /* Heap's algorithm over the 24 orders. */
      for (guint n = 0, c[4] = { 0, 0, 0, 0 }, i = 0; n < 24; n++)
        {
          g_autoptr(GError) error = NULL;
          const char *order[5] = { names[perm[0]], names[perm[1]], names[perm[2]], names[perm[3]], NULL };
          GlossAgreementOptions options = { (char **) order, NULL, NULL, GLOSS_MATCH_OVERLAP, 0 };
          g_autoptr(GlossAgreementReport) r = gloss_agreement_compute (f->store, &options, &error);

          g_assert_no_error (error);
          if (first == NULL)
            first = g_steal_pointer (&r);
          else
            {
              g_assert_cmpuint (r->n_units, ==, first->n_units);
              assert_same_measure (r->group_overall.alpha, first->group_overall.alpha);
              assert_same_measure (r->group_overall.fleiss_kappa, first->group_overall.fleiss_kappa);
              for (guint l = 0; l < r->labels->len; l++)
                {
                  assert_same_measure (r->group[l].alpha, first->group[l].alpha);
                  assert_same_measure (r->group[l].fleiss_kappa, first->group[l].fleiss_kappa);
                  assert_same_measure (r->group[l].mean_f1_overlap, first->group[l].mean_f1_overlap);
                  assert_same_measure (r->group[l].unitizing_alpha, first->group[l].unitizing_alpha);
                }
              for (guint x = 0; x < 4; x++)
                for (guint y = x + 1; y < 4; y++)
                  {
                    const GlossAgreementPair *p = pair_of (r, names[x], names[y]);
                    const GlossAgreementPair *q = pair_of (first, names[x], names[y]);

                    g_assert_cmpuint (p->n_units, ==, q->n_units);
                    assert_same_measure (p->overall.kappa, q->overall.kappa);
                    assert_same_measure (gloss_span_counts_f1 (&p->overall.overlap),
                                         gloss_span_counts_f1 (&q->overall.overlap));
                  }
            }
          /* The next permutation. */
          while (i < 4 && c[i] >= i)
            c[i++] = 0;
          if (i < 4)
            {
              guint j = i % 2 == 0 ? 0 : c[i], t = perm[j];

              perm[j] = perm[i];
              perm[i] = t;
              c[i]++;
              i = 0;
            }
        }
      g_assert_cmpint (first->group_overall.alpha.status, ==, GLOSS_MEASURE_DEFINED);
    }
}

/* ---- Bootstrap intervals ---------------------------------------------------------- */

/* The percentiles of 1..101 (R: quantile (1:101, c (0.025, 0.975)) gives 3.5 and 98.5). */
static void
test_bootstrap_percentile (void)
{
  double values[101];
  GlossInterval ci;
  g_autofree char *text = NULL;

  for (guint i = 0; i < 101; i++)
    values[100 - i] = i + 1;   /* unsorted: the function sorts */
  ci = gloss_percentile_interval (values, 101, 0.95);
  g_assert_cmpint (ci.status, ==, GLOSS_MEASURE_DEFINED);
  g_assert_cmpfloat_with_epsilon (ci.lower, 3.5, EPSILON);
  g_assert_cmpfloat_with_epsilon (ci.upper, 98.5, EPSILON);
  g_assert_cmpuint (ci.replicates, ==, 101);
  text = gloss_interval_format (ci, 1);
  g_assert_cmpstr (text, ==, "[3.5, 98.5]");
  g_clear_pointer (&text, g_free);

  values[0] = 0.25;
  ci = gloss_percentile_interval (values, 1, 0.95);
  g_assert_cmpfloat (ci.lower, ==, 0.25);
  g_assert_cmpfloat (ci.upper, ==, 0.25);
  ci = gloss_percentile_interval (values, 0, 0.95);
  g_assert_cmpint (ci.status, ==, GLOSS_MEASURE_NO_DATA);
  text = gloss_interval_format (ci, 3);
  g_assert_cmpstr (text, ==, "undefined");
}

/* Three annotators who mark 60 random spans in the three documents, each of them in
 * every document. */
static void
random_team (Fixture *f, guint seed)
{
  static const char *names[3] = { "alice", "bob", "carol" };
  static const char *labels[3] = { "Person", "Location", "Organization" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  for (guint k = 0; k < 60; k++)
    {
      guint doc = k < 9 ? k / 3 : (guint) g_rand_int_range (rand, 0, 3);
      gint64 start = g_rand_int_range (rand, 0, (gint32) g_utf8_strlen (texts[doc], -1) - 9);
      gint64 end = start + g_rand_int_range (rand, 1, 9);
      /* Mostly the same label for the same place, so that they agree beyond chance. */
      const char *label = labels[g_rand_int_range (rand, 0, 10) < 7 ? (start / 10) % 3 : g_rand_int_range (rand, 0, 3)];

      ANNOTATE (f, doc, start, end, label, names[k < 9 ? k % 3 : (guint) g_rand_int_range (rand, 0, 3)]);
    }
}

static void
assert_contains (GlossInterval ci, GlossMeasure point)
{
  g_assert_cmpint (point.status, ==, GLOSS_MEASURE_DEFINED);
  g_assert_cmpint (ci.status, ==, GLOSS_MEASURE_DEFINED);
  g_assert_cmpfloat (ci.lower, <=, point.value);
  g_assert_cmpfloat (point.value, <=, ci.upper);
  g_assert_cmpfloat (ci.lower, <, ci.upper);   /* random data: not a point */
  g_assert_cmpuint (ci.replicates, >, 900);
  g_assert_cmpuint (ci.replicates, <=, GLOSS_BOOTSTRAP_REPLICATES);
}

static void
assert_same_interval (GlossInterval x, GlossInterval y)
{
  g_assert_cmpint (x.status, ==, y.status);
  g_assert_cmpuint (x.replicates, ==, y.replicates);
  if (x.status == GLOSS_MEASURE_DEFINED)
    {
      g_assert_cmpfloat_with_epsilon (x.lower, y.lower, EPSILON);
      g_assert_cmpfloat_with_epsilon (x.upper, y.upper, EPSILON);
    }
}

/* Every coefficient's interval holds its point estimate; the same data give the same
 * intervals, bit for bit; a different number of replicates gives another interval. */
static void
test_bootstrap_project (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAgreementReport) r = NULL;
  g_autoptr(GlossAgreementReport) again = NULL;
  g_autoptr(GlossAgreementReport) fewer = NULL;
  g_autoptr(GlossAgreementReport) off = NULL;
  GlossAgreementOptions few = { NULL, NULL, NULL, GLOSS_MATCH_OVERLAP, 200 };
  GlossAgreementOptions none = { NULL, NULL, NULL, GLOSS_MATCH_OVERLAP, -1 };
  g_autofree char *json = NULL;
  g_autofree char *json_again = NULL;
  g_autofree char *json_off = NULL;

  random_team (f, 77);
  r = gloss_agreement_compute (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->bootstrap, ==, GLOSS_BOOTSTRAP_REPLICATES);
  g_assert_cmpuint (r->n_unitized, ==, 3);
  assert_contains (r->group_overall.alpha_ci, r->group_overall.alpha);
  assert_contains (r->group_overall.fleiss_kappa_ci, r->group_overall.fleiss_kappa);
  assert_contains (r->group_overall.unitizing_alpha_ci, r->group_overall.unitizing_alpha);
  for (guint p = 0; p < r->pairs->len; p++)
    {
      const GlossAgreementPair *pair = r->pairs->pdata[p];

      assert_contains (pair->overall.kappa_ci, pair->overall.kappa);
    }
  for (guint l = 0; l < r->labels->len; l++)
    if (r->group[l].alpha.status == GLOSS_MEASURE_DEFINED)
      {
        g_assert_cmpint (r->group[l].alpha_ci.status, ==, GLOSS_MEASURE_DEFINED);
        g_assert_cmpfloat (r->group[l].alpha_ci.lower, <=, r->group[l].alpha_ci.upper);
      }
    else
      g_assert_cmpint (r->group[l].alpha_ci.status, ==, r->group[l].alpha.status);
  g_test_message ("alpha %.3f [%.3f, %.3f], Fleiss %.3f [%.3f, %.3f], unitizing %.3f [%.3f, %.3f]",
                  r->group_overall.alpha.value, r->group_overall.alpha_ci.lower, r->group_overall.alpha_ci.upper,
                  r->group_overall.fleiss_kappa.value, r->group_overall.fleiss_kappa_ci.lower,
                  r->group_overall.fleiss_kappa_ci.upper, r->group_overall.unitizing_alpha.value,
                  r->group_overall.unitizing_alpha_ci.lower, r->group_overall.unitizing_alpha_ci.upper);

  /* Reproducible: the generator has a fixed seed. */
  again = gloss_agreement_compute (f->store, NULL, &error);
  g_assert_no_error (error);
  json = gloss_agreement_report_to_json (r);
  json_again = gloss_agreement_report_to_json (again);
  g_assert_cmpstr (json, ==, json_again);
  g_assert_nonnull (strstr (json, "\"alpha_ci\""));
  g_assert_nonnull (strstr (json, "\"unitizing_alpha_ci\""));
  g_assert_nonnull (strstr (json, "\"kappa_ci\""));

  /* Another number of replicates: another sample of the bootstrap distribution. */
  fewer = gloss_agreement_compute (f->store, &few, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fewer->bootstrap, ==, 200);
  g_assert_cmpuint (fewer->group_overall.alpha_ci.replicates, <=, 200);
  g_assert_cmpfloat (fewer->group_overall.alpha.value, ==, r->group_overall.alpha.value);

  /* Off: no interval, and none in the JSON. */
  off = gloss_agreement_compute (f->store, &none, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (off->bootstrap, ==, 0);
  g_assert_cmpint (off->group_overall.alpha_ci.status, ==, GLOSS_MEASURE_NO_DATA);
  g_assert_cmpuint (off->group_overall.alpha_ci.replicates, ==, 0);
  json_off = gloss_agreement_report_to_json (off);
  g_assert_null (strstr (json_off, "_ci\""));
  g_assert_nonnull (strstr (json_off, "\"replicates\" : 0"));
}

/* The intervals are the same for all six orders of the annotators: units (and the
 * documents of the continuum) are drawn in an order that does not depend on them. */
static void
test_bootstrap_any_order (Fixture *f, gconstpointer data)
{
  static const char *names[3] = { "alice", "bob", "carol" };
  static const guint orders[6][3] = { { 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 }, { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 } };
  g_autoptr(GlossAgreementReport) first = NULL;

  random_team (f, 1312);
  for (guint o = 0; o < G_N_ELEMENTS (orders); o++)
    {
      g_autoptr(GError) error = NULL;
      const char *order[4] = { names[orders[o][0]], names[orders[o][1]], names[orders[o][2]], NULL };
      GlossAgreementOptions options = { (char **) order, NULL, NULL, GLOSS_MATCH_OVERLAP, 300 };
      g_autoptr(GlossAgreementReport) r = gloss_agreement_compute (f->store, &options, &error);

      g_assert_no_error (error);
      if (first == NULL)
        {
          first = g_steal_pointer (&r);
          g_assert_cmpint (first->group_overall.alpha_ci.status, ==, GLOSS_MEASURE_DEFINED);
          continue;
        }
      assert_same_interval (r->group_overall.alpha_ci, first->group_overall.alpha_ci);
      assert_same_interval (r->group_overall.fleiss_kappa_ci, first->group_overall.fleiss_kappa_ci);
      assert_same_interval (r->group_overall.unitizing_alpha_ci, first->group_overall.unitizing_alpha_ci);
      for (guint l = 0; l < r->labels->len; l++)
        {
          assert_same_interval (r->group[l].alpha_ci, first->group[l].alpha_ci);
          assert_same_interval (r->group[l].fleiss_kappa_ci, first->group[l].fleiss_kappa_ci);
          assert_same_interval (r->group[l].unitizing_alpha_ci, first->group[l].unitizing_alpha_ci);
        }
      for (guint x = 0; x < 3; x++)
        for (guint y = x + 1; y < 3; y++)
          {
            const GlossAgreementPair *p = pair_of (r, names[x], names[y]);
            const GlossAgreementPair *q = pair_of (first, names[x], names[y]);

            assert_same_interval (p->overall.kappa_ci, q->overall.kappa_ci);
            for (guint l = 0; l < r->labels->len; l++)
              assert_same_interval (p->labels[l].kappa_ci, q->labels[l].kappa_ci);
          }
    }
}

/* Perfect agreement: every replicate gives 1, so each interval is the point [1, 1]. */
static void
test_bootstrap_perfect (Fixture *f, gconstpointer data)
{
  static const char *names[3] = { "alice", "bob", "carol" };
  static const struct { guint doc; gint64 start, end; const char *label; } spans[] = {
    { 0, 0, 11, "Person" }, { 0, 16, 25, "Person" }, { 0, 29, 34, "Location" },
    { 1, 0, 4, "Location" }, { 1, 9, 15, "Organization" }, { 2, 2, 8, "Person" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAgreementReport) r = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (spans); i++)
    for (guint c = 0; c < 3; c++)
      ANNOTATE (f, spans[i].doc, spans[i].start, spans[i].end, spans[i].label, names[c]);
  r = gloss_agreement_compute (f->store, NULL, &error);
  g_assert_no_error (error);

  for (guint l = 0; l <= r->labels->len; l++)
    {
      const GlossGroupStats *g = l < r->labels->len ? &r->group[l] : &r->group_overall;
      const GlossInterval *cis[3] = { &g->alpha_ci, &g->fleiss_kappa_ci, &g->unitizing_alpha_ci };

      assert_measure (g->alpha, 1.0);
      for (guint k = 0; k < 3; k++)
        {
          g_assert_cmpint (cis[k]->status, ==, GLOSS_MEASURE_DEFINED);
          g_assert_cmpfloat (cis[k]->lower, ==, 1.0);
          g_assert_cmpfloat (cis[k]->upper, ==, 1.0);
        }
    }
  for (guint p = 0; p < r->pairs->len; p++)
    {
      const GlossAgreementPair *pair = r->pairs->pdata[p];

      assert_measure (pair->overall.kappa, 1.0);
      g_assert_cmpfloat (pair->overall.kappa_ci.lower, ==, 1.0);
      g_assert_cmpfloat (pair->overall.kappa_ci.upper, ==, 1.0);
    }
}

/* Field values: a scale field on a label of our own. alice and bob mark four spans alike
 * and rate them 1 2 4 5 and 1 3 4 3; alice also rates a fifth span bob did not mark
 * (one value: not pairable). Nominal 0.44 and ordinal 445/648, as in test_alpha_ordinal. */
static void
test_project_fields (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossLabel) label = gloss_store_add_label (f->store, "Rating", "tag", NULL, NULL, NULL, &error);
  g_autoptr(GlossField) field = gloss_field_new ();
  g_autoptr(GlossField) stored = NULL;
  g_autoptr(GlossAgreementReport) r = NULL;
  static const gint64 starts[5] = { 0, 6, 12, 16, 29 };
  static const gint64 ends[5] = { 5, 11, 15, 25, 34 };
  static const char *alice[5] = { "1", "2", "4", "5", "3" };
  static const char *bob[4] = { "1", "3", "4", "3" };
  const GlossFieldAgreement *fa = NULL;

  g_assert_no_error (error);
  field->name = g_strdup ("level");
  field->type = g_strdup (GLOSS_FIELD_TYPE_SCALE);
  field->has_min = field->has_max = TRUE;
  field->min = 1;
  field->max = 5;
  stored = gloss_store_add_field (f->store, label->id, field, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *a = annotate (f, 0, starts[i], ends[i], "Rating", "alice");

      g_assert_true (gloss_store_set_field_value (f->store, a, "level", alice[i], &error));
      g_assert_no_error (error);
      if (i < 4)
        {
          g_autofree char *b = annotate (f, 0, starts[i], ends[i], "Rating", "bob");

          g_assert_true (gloss_store_set_field_value (f->store, b, "level", bob[i], &error));
          g_assert_no_error (error);
        }
    }

  r = gloss_agreement_compute (f->store, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < r->fields->len; i++)
    if (g_str_equal (((GlossFieldAgreement *) r->fields->pdata[i])->field_name, "level"))
      fa = r->fields->pdata[i];
  g_assert_nonnull (fa);
  g_assert_cmpstr (fa->label_name, ==, "Rating");
  g_assert_cmpuint (fa->n_units, ==, 4);
  assert_measure (fa->alpha_nominal, 0.44);
  assert_measure (fa->alpha_ordinal, 445.0 / 648.0);
}

/* ---- Compare ------------------------------------------------------------------- */

static void
test_compare (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossComparison) c = NULL;
  const GlossCompareItem *item;

  two_annotators (f);
  c = gloss_agreement_compare (f->store, f->doc[0], "alice", "bob", GLOSS_MATCH_OVERLAP, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (c->items->len, ==, 4);
  g_assert_cmpuint (c->n_agree, ==, 2);
  g_assert_cmpuint (c->n_label_differs, ==, 1);
  g_assert_cmpuint (c->n_only_a, ==, 0);
  g_assert_cmpuint (c->n_only_b, ==, 1);
  item = c->items->pdata[0];
  g_assert_cmpint (item->kind, ==, GLOSS_COMPARE_AGREE);
  g_assert_true (item->same_span);
  g_assert_cmpstr (item->a->quote, ==, "Alice Smith");
  item = c->items->pdata[1];
  g_assert_cmpint (item->kind, ==, GLOSS_COMPARE_AGREE);
  g_assert_false (item->same_span);
  g_assert_cmpint (item->start, ==, 16);
  g_assert_cmpint (item->end, ==, 25);
  g_assert_cmpstr (item->b->quote, ==, "Jones");
  item = c->items->pdata[2];
  g_assert_cmpint (item->kind, ==, GLOSS_COMPARE_LABEL_DIFFERS);
  g_assert_cmpstr (item->a->label_name, ==, "Location");
  g_assert_cmpstr (item->b->label_name, ==, "Organization");
  item = c->items->pdata[3];
  g_assert_cmpint (item->kind, ==, GLOSS_COMPARE_ONLY_B);
  g_assert_null (item->a);
  g_assert_cmpint (item->b->start, ==, 50);
  g_assert_cmpstr (gloss_compare_kind_to_string (item->kind), ==, "only-b");
  g_clear_pointer (&c, gloss_comparison_free);

  /* Exact: "Bob Jones" and "Jones" are now one span each side. */
  c = gloss_agreement_compare (f->store, f->doc[0], "alice", "bob", GLOSS_MATCH_EXACT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (c->n_agree, ==, 1);
  g_assert_cmpuint (c->n_label_differs, ==, 1);
  g_assert_cmpuint (c->n_only_a, ==, 1);
  g_assert_cmpuint (c->n_only_b, ==, 2);
  item = c->items->pdata[1];
  g_assert_cmpint (item->kind, ==, GLOSS_COMPARE_ONLY_A);
  g_assert_cmpint (item->a->start, ==, 16);
  g_clear_pointer (&c, gloss_comparison_free);

  g_assert_null (gloss_agreement_compare (f->store, f->doc[0], "alice", "alice", GLOSS_MATCH_EXACT, &error));
  g_assert_error (error, GLOSS_AGREEMENT_ERROR, GLOSS_AGREEMENT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (gloss_agreement_compare (f->store, f->doc[0], "alice", "zoe", GLOSS_MATCH_EXACT, &error));
  g_assert_error (error, GLOSS_AGREEMENT_ERROR, GLOSS_AGREEMENT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (gloss_agreement_compare (f->store, "nope", "alice", "bob", GLOSS_MATCH_EXACT, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND);
}

/* ---- gloss-cli agreement ------------------------------------------------------- */

static int
run_cli (char **out, char **err, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("GLOSS_CLI");
  int wait_status = 0;
  va_list args;
  const char *arg;

  g_ptr_array_add (argv, (char *) cli);
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &wait_status, &error));
  g_assert_no_error (error);
  return WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

/* The line of @text that starts with @prefix, split on blanks. */
static char **
row (const char *text, const char *prefix)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (char **l = lines; *l; l++)
    if (g_str_has_prefix (*l, prefix))
      {
        g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
        g_auto(GStrv) parts = g_strsplit_set (*l, " ", -1);

        for (char **p = parts; *p; p++)
          if (**p)
            g_ptr_array_add (cells, g_strdup (*p));
        g_ptr_array_add (cells, NULL);
        return (char **) g_ptr_array_steal (cells, NULL);
      }
  return NULL;
}

static void
test_cli (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gloss-test-agreement-cli-XXXXXX", &error);
  g_autofree char *project = g_build_filename (dir, "desk.gloss", NULL);
  g_autofree char *article = g_build_filename (dir, "article.txt", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *doc = NULL;
  g_auto(GStrv) person = NULL;
  g_auto(GStrv) organization = NULL;
  g_auto(GStrv) overall = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *pair, *o;
  const char *cli = g_getenv ("GLOSS_CLI");
  struct { const char *start, *end, *label, *who; } spans[] = {
    { "0", "11", "Person", "alice" }, { "16", "25", "Person", "alice" }, { "29", "34", "Location", "alice" },
    { "0", "11", "Person", "bob" }, { "20", "25", "Person", "bob" }, { "29", "34", "Organization", "bob" },
    { "50", "62", "Organization", "bob" },
  };

  g_assert_no_error (error);
  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("GLOSS_CLI is not set to a built gloss-cli");
      return;
    }
  g_assert_true (g_file_set_contents (article, texts[0], -1, &error));
  g_assert_cmpint (run_cli (&out, &err, "init", project, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out, &err, "import", project, article, NULL), ==, 0);
  doc = g_strndup (out, strcspn (out, "\t"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  for (guint i = 0; i < G_N_ELEMENTS (spans); i++)
    {
      /* alice through $GLOSS_ANNOTATOR, bob through --annotator. */
      if (g_str_equal (spans[i].who, "alice"))
        {
          g_setenv ("GLOSS_ANNOTATOR", "alice", TRUE);
          g_assert_cmpint (run_cli (&out, &err, "annotate", project, "--document", doc, "--start", spans[i].start,
                                    "--end", spans[i].end, "--label", spans[i].label, NULL), ==, 0);
          g_unsetenv ("GLOSS_ANNOTATOR");
        }
      else
        g_assert_cmpint (run_cli (&out, &err, "annotate", project, "--document", doc, "--start", spans[i].start,
                                  "--end", spans[i].end, "--label", spans[i].label, "--annotator", "bob", NULL), ==, 0);
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
    }

  g_assert_cmpint (run_cli (&out, &err, "agreement", project, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Annotators: alice, bob\n"));
  g_assert_nonnull (strstr (out, "bob against alice: 1 document, 4 units for kappa\n"));
  /* label, alice, bob, exact P R F1, overlap P R F1, kappa and its interval "[1.000,
   * 1.000]" (figures of test_project_two; alice and bob agree on every Person unit, so
   * every replicate gives 1). */
  person = row (out, "Person ");
  g_assert_nonnull (person);
  g_assert_cmpuint (g_strv_length (person), ==, 12);
  g_assert_cmpstr (person[10], ==, "[1.000,");
  g_assert_cmpstr (person[11], ==, "1.000]");
  g_assert_cmpstr (person[1], ==, "2");
  g_assert_cmpstr (person[3], ==, "0.500");
  g_assert_cmpstr (person[6], ==, "1.000");
  g_assert_cmpstr (person[9], ==, "1.000");
  organization = row (out, "Organization ");
  g_assert_cmpstr (organization[4], ==, "undefined");
  g_assert_cmpstr (organization[9], ==, "0.000");
  overall = row (out, "overall ");
  g_assert_cmpstr (overall[1], ==, "3");
  g_assert_cmpstr (overall[2], ==, "4");
  g_assert_cmpstr (overall[3], ==, "0.250");
  g_assert_cmpstr (overall[4], ==, "0.333");
  g_assert_cmpstr (overall[5], ==, "0.286");
  g_assert_cmpstr (overall[8], ==, "0.571");
  g_assert_cmpstr (overall[9], ==, "0.333");
  {
    /* All annotators together: label, alpha, its interval, Fleiss' kappa, its interval,
     * unitizing alpha, its interval, mean F1 exact and overlap.
     * Units (P,P) (P,P) (L,O) (none,O): P_i = 1 1 0 0, P = 1/2; values P 4, L 1, O 2,
     * none 1 of 8: Pe = 22/64; Fleiss' kappa = (32 - 22) / (64 - 22) = 5/21 = 0.238.
     * Unitizing alpha has one document to draw: its interval is the point. */
    const char *group = strstr (out, "\nAll annotators together: 4 units for alpha and Fleiss' kappa; unitizing alpha "
                                     "on 1 document (81 characters) every annotator coded\n");
    g_auto(GStrv) together = NULL;

    g_assert_nonnull (group);
    g_assert_nonnull (strstr (group, " Fleiss "));
    together = row (group, "overall ");
    g_assert_nonnull (together);
    g_assert_cmpuint (g_strv_length (together), ==, 12);
    g_assert_cmpstr (together[1], ==, "0.333");
    g_assert_cmpstr (together[4], ==, "0.238");
    {
      g_autofree char *lower = g_strconcat ("[", together[7], ",", NULL);
      g_autofree char *upper = g_strconcat (together[7], "]", NULL);

      g_assert_cmpstr (together[8], ==, lower);
      g_assert_cmpstr (together[9], ==, upper);
    }
  }
  g_assert_nonnull (strstr (out, "95% CI: percentile bootstrap, 1000 replicates"));
  g_assert_nonnull (strstr (out, "\nundefined: "));
  g_assert_null (strstr (out, "nan"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (&out, &err, "agreement", project, "--json", "--label", "Organization",
                            "--label", "Location", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  pair = json_array_get_object_element (json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "pairs"), 0);
  g_assert_cmpstr (json_object_get_string_member (pair, "b"), ==, "bob");
  o = json_object_get_object_member (pair, "overall");
  /* Units (L,O) (none,O): N = 2, diagonal 0, rows L1 none1, columns O2: chance 0: kappa 0. */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "kappa"), 0.0, EPSILON);
  g_assert_cmpint (json_object_get_int_member (o, "spans_b"), ==, 2);
  /* Units (L,O) (none,O) over Organization and Location: P_i = 0 0, Pe = (1 + 4 + 1)/16:
   * Fleiss' kappa = (0 - 6/16) / (10/16) = -3/5. */
  o = json_object_get_object_member (json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "all"), "overall");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "fleiss_kappa"), -0.6, EPSILON);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Bad input: exit 1 with a message naming it, or 2 for usage. */
  g_assert_cmpint (run_cli (&out, &err, "agreement", project, "--annotators", "alice,zoe", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "“zoe”"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out, &err, "agreement", project, "--match", "fuzzy", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out, &err, "agreement", project, "--bootstrap", "-3", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* --bootstrap 0: no intervals, the same figures. */
  g_assert_cmpint (run_cli (&out, &err, "agreement", project, "--bootstrap", "0", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "95% CI: not computed"));
  g_clear_pointer (&person, g_strfreev);
  person = row (out, "Person ");
  g_assert_cmpuint (g_strv_length (person), ==, 11);
  g_assert_cmpstr (person[10], ==, "-");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_unlink (article);
  g_unlink (project);
  {
    g_autofree char *wal = g_strconcat (project, "-wal", NULL);
    g_autofree char *shm = g_strconcat (project, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/agreement/alpha/krippendorff-2011", test_alpha_krippendorff_2011);
  g_test_add_func ("/agreement/alpha/two-coders-binary", test_alpha_two_coders_binary);
  g_test_add_func ("/agreement/alpha/missing", test_alpha_missing);
  g_test_add_func ("/agreement/alpha/edge-cases", test_alpha_edge_cases);
  g_test_add_func ("/agreement/alpha/ordinal", test_alpha_ordinal);
  g_test_add_func ("/agreement/kappa", test_kappa);
  g_test_add_func ("/agreement/unitizing/krippendorff-2004", test_unitizing_krippendorff_2004);
  g_test_add_func ("/agreement/unitizing/random", test_unitizing_random);
  g_test_add_func ("/agreement/fleiss/wikipedia", test_fleiss_wikipedia);
  g_test_add_func ("/agreement/fleiss/small", test_fleiss_small);
  g_test_add_func ("/agreement/match/spans", test_match_spans);
  g_test_add_func ("/agreement/match/deterministic", test_match_deterministic);
  g_test_add_func ("/agreement/span-counts", test_span_counts);
  g_test_add ("/agreement/project/two", Fixture, NULL, fixture_setup, test_project_two, fixture_teardown);
  g_test_add ("/agreement/project/options", Fixture, NULL, fixture_setup, test_project_options, fixture_teardown);
  g_test_add ("/agreement/project/edges", Fixture, NULL, fixture_setup, test_project_edges, fixture_teardown);
  g_test_add ("/agreement/project/three", Fixture, NULL, fixture_setup, test_project_three, fixture_teardown);
  g_test_add ("/agreement/project/any-order", Fixture, NULL, fixture_setup, test_project_any_order, fixture_teardown);
  g_test_add ("/agreement/project/any-order-random", Fixture, NULL, fixture_setup, test_project_any_order_random, fixture_teardown);
  g_test_add ("/agreement/project/fields", Fixture, NULL, fixture_setup, test_project_fields, fixture_teardown);
  g_test_add ("/agreement/compare", Fixture, NULL, fixture_setup, test_compare, fixture_teardown);
  g_test_add_func ("/agreement/bootstrap/percentile", test_bootstrap_percentile);
  g_test_add ("/agreement/bootstrap/project", Fixture, NULL, fixture_setup, test_bootstrap_project, fixture_teardown);
  g_test_add ("/agreement/bootstrap/any-order", Fixture, NULL, fixture_setup, test_bootstrap_any_order, fixture_teardown);
  g_test_add ("/agreement/bootstrap/perfect", Fixture, NULL, fixture_setup, test_bootstrap_perfect, fixture_teardown);
  g_test_add_func ("/agreement/cli", test_cli);

  return g_test_run ();
}

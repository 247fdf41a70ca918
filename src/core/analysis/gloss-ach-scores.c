/* gloss-ach-scores.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Heuer's inconsistency score, weighted and normalised, diagnosticity, the
 * sensitivity check (linchpin evidence) and the analysts' disagreement. See
 * docs/ACH.md for the formulas; tests/test-ach.c checks them against a worked example.
 */
#define G_LOG_DOMAIN "gloss-ach"

#include "config.h"

#include <math.h>
#include <string.h>

#include "gloss-ach-scores.h"

void
gloss_ach_scores_free (GlossAchScores *s)
{
  if (s == NULL)
    return;
  g_free (s->inconsistency);
  g_free (s->weighted);
  g_free (s->normalised);
  g_free (s->rated);
  g_free (s->order);
  g_free (s->diagnosticity);
  g_free (s->linchpin);
  g_free (s->cell_spread);
  g_free (s->disagreement);
  g_free (s);
}

double
gloss_ach_level_weight (GlossAchLevel level)
{
  switch (level)
    {
    case GLOSS_ACH_LEVEL_HIGH: return GLOSS_ACH_WEIGHT_HIGH;
    case GLOSS_ACH_LEVEL_LOW: return GLOSS_ACH_WEIGHT_LOW;
    case GLOSS_ACH_LEVEL_MEDIUM:
    case GLOSS_ACH_LEVEL_DEFAULT:
    default: return GLOSS_ACH_WEIGHT_MEDIUM;
    }
}

gboolean
gloss_ach_scores_is_diagnostic (const GlossAchScores *scores,
                                guint                 evidence)
{
  g_return_val_if_fail (evidence < scores->n_evidence, FALSE);
  return scores->diagnosticity[evidence] > 0;
}

/* Inconsistency points of a rating: I 1, II 2, the rest 0. */
static int
points (GlossAchRating r)
{
  return r == GLOSS_ACH_I ? 1 : r == GLOSS_ACH_II ? 2 : 0;
}

/* Consistency value: CC 2, C 1, N 0, I -1, II -2. */
static int
value (GlossAchRating r)
{
  switch (r)
    {
    case GLOSS_ACH_CC: return 2;
    case GLOSS_ACH_C: return 1;
    case GLOSS_ACH_I: return -1;
    case GLOSS_ACH_II: return -2;
    default: return 0;
    }
}

static gboolean
counts (GlossAchRating r)
{
  return r != GLOSS_ACH_NONE && r != GLOSS_ACH_NA;
}

/* The ranking: lower weighted score first, then lower plain score, then the
 * hypotheses' own order. */
static gboolean
before (const double *weighted,
        const double *plain,
        guint         a,
        guint         b)
{
  if (weighted[a] != weighted[b])
    return weighted[a] < weighted[b];
  if (plain[a] != plain[b])
    return plain[a] < plain[b];
  return a < b;
}

static guint
top_of (const double *weighted,
        const double *plain,
        guint         n)
{
  guint best = 0;

  for (guint h = 1; h < n; h++)
    if (before (weighted, plain, h, best))
      best = h;
  return best;
}

typedef struct {
  const double *weighted;
  const double *plain;
} SortData;

static int
compare_hypotheses (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  const SortData *d = user_data;
  guint ha = *(const guint *) a, hb = *(const guint *) b;

  if (ha == hb)
    return 0;
  return before (d->weighted, d->plain, ha, hb) ? -1 : 1;
}

GlossAchScores *
gloss_ach_scores_compute (const GlossAchMatrix *m,
                          const char           *analyst)
{
  GlossAchScores *s = g_new0 (GlossAchScores, 1);
  guint H = m->hypotheses->len, E = m->evidence->len, A = m->analysts->len;
  g_autofree double *cell_points = NULL;   /* [e * H + h], mean over analysts; NAN: not rated */
  g_autofree double *cell_value = NULL;
  g_autofree double *row_weight = NULL;
  g_autofree guint *analysts = g_new0 (guint, MAX (A, 1));
  guint n_analysts = 0;
  SortData sort_data;

  s->n_hypotheses = H;
  s->n_evidence = E;
  s->inconsistency = g_new0 (double, MAX (H, 1));
  s->weighted = g_new0 (double, MAX (H, 1));
  s->normalised = g_new0 (double, MAX (H, 1));
  s->rated = g_new0 (guint, MAX (H, 1));
  s->order = g_new0 (guint, MAX (H, 1));
  s->diagnosticity = g_new0 (double, MAX (E, 1));
  s->linchpin = g_new0 (gboolean, MAX (E, 1));
  s->cell_spread = g_new0 (double, MAX ((gsize) E * H, 1));
  s->disagreement = g_new0 (guint, MAX (H, 1));
  cell_points = g_new0 (double, MAX ((gsize) E * H, 1));
  cell_value = g_new0 (double, MAX ((gsize) E * H, 1));
  row_weight = g_new0 (double, MAX (E, 1));

  for (guint a = 0; a < A; a++)
    if (analyst == NULL || g_strcmp0 (m->analysts->pdata[a], analyst) == 0)
      analysts[n_analysts++] = a;
  s->n_analysts = n_analysts;

  for (guint e = 0; e < E; e++)
    {
      const GlossAchEvidence *ev = m->evidence->pdata[e];

      row_weight[e] = gloss_ach_level_weight (ev->credibility) * gloss_ach_level_weight (ev->relevance);
    }

  /* Cells: the mean of the counted analysts' ratings, and their spread. */
  for (guint e = 0; e < E; e++)
    for (guint h = 0; h < H; h++)
      {
        gsize c = (gsize) e * H + h;
        int n = 0, pts = 0, val = 0, lo = 3, hi = -3;

        for (guint i = 0; i < n_analysts; i++)
          {
            const guint8 *cells = m->ratings->pdata[analysts[i]];
            GlossAchRating r = cells[c];

            if (!counts (r))
              continue;
            n++;
            pts += points (r);
            val += value (r);
            lo = MIN (lo, value (r));
            hi = MAX (hi, value (r));
          }
        cell_points[c] = n > 0 ? (double) pts / n : NAN;
        cell_value[c] = n > 0 ? (double) val / n : NAN;
        s->cell_spread[c] = n >= 2 ? hi - lo : -1;
        if (n >= 2 && hi != lo)
          s->disagreement[h]++;
      }

  /* Hypotheses */
  for (guint h = 0; h < H; h++)
    {
      double max = 0;

      for (guint e = 0; e < E; e++)
        {
          double p = cell_points[(gsize) e * H + h];

          if (isnan (p))
            continue;
          s->rated[h]++;
          s->inconsistency[h] += p;
          s->weighted[h] += p * row_weight[e];
          max += 2 * row_weight[e];
        }
      s->normalised[h] = max > 0 ? s->weighted[h] / max : 0;
      s->order[h] = h;
    }
  sort_data.weighted = s->weighted;
  sort_data.plain = s->inconsistency;
  g_qsort_with_data (s->order, H, sizeof (guint), compare_hypotheses, &sort_data);

  /* Evidence: diagnosticity */
  for (guint e = 0; e < E; e++)
    {
      double lo = INFINITY, hi = -INFINITY;
      guint n = 0;

      for (guint h = 0; h < H; h++)
        {
          double v = cell_value[(gsize) e * H + h];

          if (isnan (v))
            continue;
          n++;
          lo = MIN (lo, v);
          hi = MAX (hi, v);
        }
      s->diagnosticity[e] = n >= 2 ? hi - lo : 0;
    }

  /* Sensitivity: does the top hypothesis change when a row is removed, or when one
   * of its cells is rated anything else on the scale? Only asked when there is a top:
   * with the first two tied, any change decides between them. */
  s->top_tied = H >= 2 && s->weighted[s->order[0]] == s->weighted[s->order[1]];
  if (H >= 2 && !s->top_tied)
    {
      guint top = s->order[0];
      g_autofree double *w = g_memdup2 (s->weighted, H * sizeof (double));
      g_autofree double *p = g_memdup2 (s->inconsistency, H * sizeof (double));

      for (guint e = 0; e < E; e++)
        {
          gboolean changes = FALSE;

          for (guint h = 0; h < H; h++)
            {
              double cp = cell_points[(gsize) e * H + h];

              if (!isnan (cp))
                {
                  w[h] -= cp * row_weight[e];
                  p[h] -= cp;
                }
            }
          changes = top_of (w, p, H) != top;
          memcpy (w, s->weighted, H * sizeof (double));
          memcpy (p, s->inconsistency, H * sizeof (double));

          for (guint h = 0; h < H && !changes; h++)
            {
              double cp = cell_points[(gsize) e * H + h];
              double old_p = isnan (cp) ? 0 : cp;

              for (int r = GLOSS_ACH_CC; r <= GLOSS_ACH_NA && !changes; r++)
                {
                  double np = points ((GlossAchRating) r);

                  if (np == old_p)
                    continue;
                  w[h] = s->weighted[h] + (np - old_p) * row_weight[e];
                  p[h] = s->inconsistency[h] + (np - old_p);
                  changes = top_of (w, p, H) != top;
                }
              w[h] = s->weighted[h];
              p[h] = s->inconsistency[h];
            }
          s->linchpin[e] = changes;
        }
    }
  return s;
}

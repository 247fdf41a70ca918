/* gloss-graph-layout.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fruchterman-Reingold with the grid variant of their paper: nodes repel only those
 * within two edge lengths, found in the neighbouring cells of a grid, so a round
 * costs about n times the nodes per cell rather than n². Edges pull (harder for a
 * heavier edge, up to three times), and a weak pull towards the centre keeps parts
 * that nothing joins from drifting away. Everything is visited in the chart's order
 * and starts from points derived from entity ids, so the same chart always lands in
 * the same place.
 */
#define G_LOG_DOMAIN "gloss-graph"

#include "config.h"

#include <math.h>
#include <string.h>

#include "gloss-graph.h"

#define K GLOSS_GRAPH_EDGE_LENGTH
#define DEFAULT_ITERATIONS 150
#define GRAVITY 0.02

typedef enum {
  FREE,     /* placed from its id or among its neighbours: moves freely */
  SEEDED,   /* placed by an earlier layout: moves a little */
  PINNED,   /* placed by the analyst: stays */
} Kind;

/* FNV-1a: stable across runs and platforms, unlike a pointer or the time. */
static guint32
fnv1a (const char *s,
       guint32     salt)
{
  guint32 h = 2166136261u ^ salt;

  for (; *s; s++)
    {
      h ^= (guchar) *s;
      h *= 16777619u;
    }
  return h;
}

static double
unit (guint32 h)
{
  return (h & 0xffffff) / (double) 0x1000000;   /* [0, 1) */
}

static void
start_points (GlossGraph *graph,
              GHashTable *seeds,
              Kind       *kind,
              double     *x,
              double     *y)
{
  guint n = graph->nodes->len;
  double radius = K * sqrt ((double) n) / 2 + K;
  gboolean any_placed = FALSE;
  g_autofree guint *placed_neighbours = g_new0 (guint, n);
  g_autofree double *sx = g_new0 (double, n);
  g_autofree double *sy = g_new0 (double, n);

  for (guint i = 0; i < n; i++)
    {
      GlossGraphNode *node = graph->nodes->pdata[i];
      GlossGraphPoint *seed = seeds ? g_hash_table_lookup (seeds, node->id) : NULL;

      if (node->pinned)
        {
          kind[i] = PINNED;
          x[i] = node->x;
          y[i] = node->y;
        }
      else if (seed != NULL)
        {
          kind[i] = SEEDED;
          x[i] = seed->x;
          y[i] = seed->y;
        }
      else
        {
          kind[i] = FREE;
          x[i] = (unit (fnv1a (node->id, 1)) * 2 - 1) * radius;
          y[i] = (unit (fnv1a (node->id, 2)) * 2 - 1) * radius;
          continue;
        }
      any_placed = TRUE;
    }
  if (!any_placed)
    return;
  /* A new node in a chart already laid out starts beside the placed nodes it is
   * joined to, or else at the edge of the chart, not somewhere in its middle. */
  for (guint e = 0; e < graph->edges->len; e++)
    {
      const GlossGraphEdge *edge = graph->edges->pdata[e];
      guint a = edge->source, b = edge->target;

      if (kind[a] == FREE && kind[b] != FREE)
        {
          sx[a] += x[b];
          sy[a] += y[b];
          placed_neighbours[a]++;
        }
      if (kind[b] == FREE && kind[a] != FREE)
        {
          sx[b] += x[a];
          sy[b] += y[a];
          placed_neighbours[b]++;
        }
    }
  for (guint i = 0; i < n; i++)
    {
      GlossGraphNode *node = graph->nodes->pdata[i];
      double angle = unit (fnv1a (node->id, 3)) * 2 * G_PI;

      if (kind[i] != FREE)
        continue;
      if (placed_neighbours[i] > 0)
        {
          x[i] = sx[i] / placed_neighbours[i] + cos (angle) * K / 2;
          y[i] = sy[i] / placed_neighbours[i] + sin (angle) * K / 2;
        }
      else
        {
          x[i] = cos (angle) * radius * 1.2;
          y[i] = sin (angle) * radius * 1.2;
        }
    }
}

typedef struct {
  double  x0;
  double  y0;
  double  cell;
  int     cols;
  int     rows;
  int    *head;   /* first node of each cell, -1 */
  int    *next;   /* next node in the same cell, -1 */
} Grid;

static void
grid_build (Grid         *grid,
            const double *x,
            const double *y,
            guint         n)
{
  double x0 = x[0], y0 = y[0], x1 = x[0], y1 = y[0];

  for (guint i = 1; i < n; i++)
    {
      x0 = MIN (x0, x[i]);
      y0 = MIN (y0, y[i]);
      x1 = MAX (x1, x[i]);
      y1 = MAX (y1, y[i]);
    }
  grid->cell = 2 * K;
  grid->x0 = x0;
  grid->y0 = y0;
  /* Far outliers would make a huge grid: cap it, cells then just hold more. */
  grid->cols = CLAMP ((int) ((x1 - x0) / grid->cell) + 1, 1, 512);
  grid->rows = CLAMP ((int) ((y1 - y0) / grid->cell) + 1, 1, 512);
  grid->cell = MAX (grid->cell, MAX ((x1 - x0) / grid->cols, (y1 - y0) / grid->rows) * 1.0000001);
  g_free (grid->head);
  grid->head = g_new (int, grid->cols * grid->rows);
  memset (grid->head, 0xff, sizeof (int) * grid->cols * grid->rows);
  /* Backwards, so that each cell lists its nodes in the chart's order. */
  for (guint i = n; i-- > 0;)
    {
      int cx = CLAMP ((int) ((x[i] - x0) / grid->cell), 0, grid->cols - 1);
      int cy = CLAMP ((int) ((y[i] - y0) / grid->cell), 0, grid->rows - 1);
      int c = cy * grid->cols + cx;

      grid->next[i] = grid->head[c];
      grid->head[c] = (int) i;
    }
}

void
gloss_graph_layout (GlossGraph *graph,
                    GHashTable *seeds,
                    guint       iterations)
{
  guint n;
  g_autofree Kind *kind = NULL;
  g_autofree double *x = NULL, *y = NULL, *dx = NULL, *dy = NULL;
  Grid grid = { 0 };
  double t0, seed_step;

  g_return_if_fail (graph != NULL);

  n = graph->nodes->len;
  if (n == 0)
    return;
  if (iterations == 0)
    iterations = DEFAULT_ITERATIONS;
  kind = g_new0 (Kind, n);
  x = g_new0 (double, n);
  y = g_new0 (double, n);
  dx = g_new0 (double, n);
  dy = g_new0 (double, n);
  grid.next = g_new (int, n);
  start_points (graph, seeds, kind, x, y);

  t0 = K * sqrt ((double) n) / 4 + K;
  /* A seeded node's steps fall linearly and add up to at most half an edge. */
  seed_step = K / 2 * 2.0 / iterations;

  for (guint it = 0; it < iterations; it++)
    {
      double cool = 1.0 - (double) it / iterations;
      double cx = 0, cy = 0;

      memset (dx, 0, sizeof (double) * n);
      memset (dy, 0, sizeof (double) * n);
      grid_build (&grid, x, y, n);

      /* Repulsion, k²/d, between nodes closer than two edge lengths. */
      for (guint i = 0; i < n; i++)
        {
          int gx = CLAMP ((int) ((x[i] - grid.x0) / grid.cell), 0, grid.cols - 1);
          int gy = CLAMP ((int) ((y[i] - grid.y0) / grid.cell), 0, grid.rows - 1);

          for (int oy = MAX (gy - 1, 0); oy <= MIN (gy + 1, grid.rows - 1); oy++)
            for (int ox = MAX (gx - 1, 0); ox <= MIN (gx + 1, grid.cols - 1); ox++)
              for (int j = grid.head[oy * grid.cols + ox]; j >= 0; j = grid.next[j])
                {
                  double ddx, ddy, d2, f;

                  if ((guint) j <= i)
                    continue;
                  ddx = x[i] - x[j];
                  ddy = y[i] - y[j];
                  d2 = ddx * ddx + ddy * ddy;
                  if (d2 > 4 * K * K)
                    continue;
                  if (d2 < 1e-6)
                    {
                      /* Two nodes on one point: part them along a direction of their own. */
                      double angle = (i * 7 + j * 13) % 360 * G_PI / 180;

                      ddx = cos (angle) * 0.01;
                      ddy = sin (angle) * 0.01;
                      d2 = 1e-4;
                    }
                  f = K * K / d2;   /* (k²/d) / d: along the unit vector */
                  dx[i] += ddx * f;
                  dy[i] += ddy * f;
                  dx[j] -= ddx * f;
                  dy[j] -= ddy * f;
                }
        }

      /* Attraction, d²/k along each edge. */
      for (guint e = 0; e < graph->edges->len; e++)
        {
          const GlossGraphEdge *edge = graph->edges->pdata[e];
          guint a = edge->source, b = edge->target;
          double ddx = x[a] - x[b], ddy = y[a] - y[b];
          double d = sqrt (ddx * ddx + ddy * ddy);
          double strength = MIN (1.0 + log ((double) MAX (edge->weight, 1)), 3.0);
          double f = d / K * strength;   /* (d²/k) / d */

          if (a == b)
            continue;
          dx[a] -= ddx * f;
          dy[a] -= ddy * f;
          dx[b] += ddx * f;
          dy[b] += ddy * f;
        }

      for (guint i = 0; i < n; i++)
        {
          cx += x[i];
          cy += y[i];
        }
      cx /= n;
      cy /= n;

      for (guint i = 0; i < n; i++)
        {
          double d, limit;

          if (kind[i] == PINNED)
            continue;
          dx[i] -= (x[i] - cx) * GRAVITY;
          dy[i] -= (y[i] - cy) * GRAVITY;
          d = sqrt (dx[i] * dx[i] + dy[i] * dy[i]);
          if (d < 1e-9)
            continue;
          limit = kind[i] == SEEDED ? seed_step * cool : t0 * cool + 0.5;
          if (d > limit)
            {
              dx[i] *= limit / d;
              dy[i] *= limit / d;
            }
          x[i] += dx[i];
          y[i] += dy[i];
        }
    }

  for (guint i = 0; i < n; i++)
    {
      GlossGraphNode *node = graph->nodes->pdata[i];

      node->x = x[i];
      node->y = y[i];
    }
  g_free (grid.head);
  g_free (grid.next);
}

gboolean
gloss_graph_bounds (const GlossGraph *graph,
                    double           *x0,
                    double           *y0,
                    double           *x1,
                    double           *y1)
{
  if (graph == NULL || graph->nodes->len == 0)
    return FALSE;
  for (guint i = 0; i < graph->nodes->len; i++)
    {
      const GlossGraphNode *node = graph->nodes->pdata[i];

      if (i == 0 || node->x < *x0)
        *x0 = node->x;
      if (i == 0 || node->y < *y0)
        *y0 = node->y;
      if (i == 0 || node->x > *x1)
        *x1 = node->x;
      if (i == 0 || node->y > *y1)
        *y1 = node->y;
    }
  return TRUE;
}

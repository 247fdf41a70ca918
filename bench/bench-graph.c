/* bench-graph.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The link chart at 1,000 entities and 5,000 connections: the layout from scratch
 * (target under 2 s), the layout again seeded with the first after one entity is
 * added (what the window does on every change), and, where there is a display
 * (Xvfb will do), the time to draw one frame of the view into an offscreen cairo
 * surface at the size of a window, showing all of it and zoomed in (target 30
 * frames a second or more): the whole picture (an export, a zoom step, a change),
 * and the view's frames while panning, which move its cached picture and draw it
 * again only when a pan leaves the cache's margin.
 *
 *   bench-graph [--nodes N] [--edges M] [--frames F]
 */
#define G_LOG_DOMAIN "bench-graph"

#include <math.h>
#include <stdio.h>
#include <adwaita.h>

#include "gloss-graph-view.h"
#include "gloss-graph.h"

static const char *const types[] = { "Person", "Organization", "Location", "Vessel" };

static GlossGraph *
make_graph (guint n,
            guint m,
            guint extra)
{
  GlossGraph *graph = gloss_graph_new ();
  GRand *rand = g_rand_new_with_seed (18);

  for (guint i = 0; i < n + extra; i++)
    {
      g_autofree char *id = g_strdup_printf ("entity-%05u", i);
      g_autofree char *name = g_strdup_printf ("%s %u", types[i % G_N_ELEMENTS (types)], i);
      guint k = gloss_graph_add_node (graph, id, name, types[i % G_N_ELEMENTS (types)], 1 + g_rand_int_range (rand, 0, 40));
      GlossGraphNode *node = graph->nodes->pdata[k];

      node->colour = g_strdup (i % 2 ? "#3584e4" : "#9141ac");
    }
  /* Clustered: most connections stay within a group of 50, like the people of one story. */
  for (guint e = 0; e < m; e++)
    {
      guint a = g_rand_int_range (rand, 0, n);
      guint b = g_rand_boolean (rand) ? (a / 50) * 50 + (guint) g_rand_int_range (rand, 0, 50)
                                      : (guint) g_rand_int_range (rand, 0, (gint32) n);

      if (b >= n || a == b)
        b = (a + 1) % n;
      gloss_graph_add_edge (graph, a, b, e % 10 == 0 ? GLOSS_GRAPH_EDGE_LINK : GLOSS_GRAPH_EDGE_COOCCURRENCE,
                            e % 10 == 0 ? "funds" : NULL, 1 + g_rand_int_range (rand, 0, 6));
    }
  if (extra > 0)
    gloss_graph_add_edge (graph, 0, n, GLOSS_GRAPH_EDGE_COOCCURRENCE, NULL, 1);
  g_rand_free (rand);
  return graph;
}

static double
now_s (void)
{
  return g_get_monotonic_time () / (double) G_USEC_PER_SEC;
}

/* @count frames of the view at @width x @height into an offscreen cairo surface:
 * the whole picture each time (@cached FALSE: what an export, a zoom step or a change
 * costs), or the view's frames while panning a few pixels each (@cached TRUE). */
static void
frames (GlossGraphView *view,
        const char     *what,
        int             width,
        int             height,
        guint           count,
        gboolean        cached,
        gboolean        zooming)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  double t0, per;

  /* One frame first: the names' layouts are made on first use. */
  {
    cairo_t *cr = cairo_create (surface);

    gloss_graph_view_draw (view, cr, width, height);
    cairo_destroy (cr);
  }
  t0 = now_s ();
  for (guint i = 0; i < count; i++)
    {
      cairo_t *cr = cairo_create (surface);

      cairo_set_source_rgb (cr, 0.98, 0.98, 0.98);
      cairo_paint (cr);
      if (cached && zooming)
        {
          gloss_graph_view_zoom (view, i % 40 < 20 ? 1.02 : 1 / 1.02);
          gloss_graph_view_draw_frame (view, cr, width, height, 1);
        }
      else if (cached)
        {
          gloss_graph_view_pan (view, 7, 3);
          gloss_graph_view_draw_frame (view, cr, width, height, 1);
        }
      else
        gloss_graph_view_draw (view, cr, width, height);
      cairo_destroy (cr);
    }
  cairo_surface_flush (surface);
  per = (now_s () - t0) / count;
  printf ("frame, %-40s %8.2f ms  (%.0f frames/s)\n", what, per * 1000, 1 / per);
  cairo_surface_destroy (surface);
}

int
main (int    argc,
      char **argv)
{
  int n = 1000, m = 5000, count = 30;
  const GOptionEntry entries[] = {
    { "nodes", 0, 0, G_OPTION_ARG_INT, &n, "entities (1000)", "N" },
    { "edges", 0, 0, G_OPTION_ARG_INT, &m, "connections (5000)", "M" },
    { "frames", 0, 0, G_OPTION_ARG_INT, &count, "frames to time (30)", "F" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossGraph) graph = NULL;
  g_autoptr(GlossGraph) grown = NULL;
  g_autoptr(GHashTable) seeds = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  double t0, fresh, again, max_move = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n < 2 || m < 1 || count < 1)
    {
      g_printerr ("bench-graph: %s\n", error ? error->message : "need at least 2 nodes, 1 edge, 1 frame");
      return 2;
    }

  graph = make_graph ((guint) n, (guint) m, 0);
  t0 = now_s ();
  gloss_graph_layout (graph, NULL, 0);
  fresh = now_s () - t0;
  printf ("layout, %d entities and %d connections, from scratch: %8.3f s\n", n, m, fresh);

  for (guint i = 0; i < graph->nodes->len; i++)
    {
      GlossGraphNode *node = graph->nodes->pdata[i];
      GlossGraphPoint *p = g_new (GlossGraphPoint, 1);

      p->x = node->x;
      p->y = node->y;
      g_hash_table_insert (seeds, node->id, p);
    }
  grown = make_graph ((guint) n, (guint) m, 1);
  t0 = now_s ();
  gloss_graph_layout (grown, seeds, 0);
  again = now_s () - t0;
  for (guint i = 0; i < graph->nodes->len; i++)
    {
      GlossGraphNode *a = graph->nodes->pdata[i], *b = grown->nodes->pdata[i];

      max_move = MAX (max_move, hypot (a->x - b->x, a->y - b->y));
    }
  printf ("layout again with one entity more, seeded:      %8.3f s (largest move %.1f, edge length %.0f)\n",
          again, max_move, GLOSS_GRAPH_EDGE_LENGTH);

  if (!gtk_init_check ())
    {
      printf ("no display: frames not timed\n");
      return 0;
    }
  adw_init ();
  {
    GtkWidget *window = gtk_window_new ();
    GtkWidget *view = gloss_graph_view_new ();
    int width, height;

    gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
    gtk_window_set_child (GTK_WINDOW (window), view);
    gtk_window_present (GTK_WINDOW (window));
    gloss_graph_view_set_graph (GLOSS_GRAPH_VIEW (view), g_steal_pointer (&graph));
    while (gtk_widget_get_width (view) <= 0)
      g_main_context_iteration (NULL, TRUE);
    gloss_graph_view_fit (GLOSS_GRAPH_VIEW (view));
    width = gtk_widget_get_width (view);
    height = gtk_widget_get_height (view);
    printf ("view %d x %d px\n", width, height);
    frames (GLOSS_GRAPH_VIEW (view), "all of the chart, whole picture:", width, height, (guint) count, FALSE, FALSE);
    /* Panning 7 px a frame for 10 x @count frames: the cache is drawn again each
     * time the pan leaves its margin, and that is in the average. */
    frames (GLOSS_GRAPH_VIEW (view), "all of the chart, panning:", width, height, 10 * (guint) count, TRUE, FALSE);
    gloss_graph_view_fit (GLOSS_GRAPH_VIEW (view));
    gloss_graph_view_zoom (GLOSS_GRAPH_VIEW (view), 4);
    frames (GLOSS_GRAPH_VIEW (view), "zoomed in 4x, whole picture:", width, height, (guint) count, FALSE, FALSE);
    frames (GLOSS_GRAPH_VIEW (view), "zoomed in 4x, panning:", width, height, 10 * (guint) count, TRUE, FALSE);
    /* Zooming in and out by 2 % a frame: the cached picture scaled (the view draws
     * the chart again once the zoom rests: the "whole picture" figure). */
    frames (GLOSS_GRAPH_VIEW (view), "zooming:", width, height, 10 * (guint) count, TRUE, TRUE);
    gtk_window_destroy (GTK_WINDOW (window));
  }
  return 0;
}

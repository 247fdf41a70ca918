/* test-graph-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Link Chart window under Xvfb, on the project of graph-fixture.h: it opens
 * from the main window, a node chosen from the keyboard shows its mentions and one
 * of them opens in the main window, an edge shows the sentences that join its two
 * entities and opens one there, a dropped node is saved and stays put when the
 * project changes, deleting a claim shows at once, the co-occurrence threshold hides
 * weak edges, co-occurrence in paragraphs rather than sentences (the Together in
 * list) joins more, the annotator list keeps only one annotator's annotations, the chart exports as PNG, SVG and GEXF, and Escape's action
 * closes it.
 * With GLOSS_TEST_SHOT_DIR set it also saves a PNG of the chart there, to look at.
 * And the view on its own: a selection, a pan and a dragged node are drawn over
 * the static picture, which is not drawn again for them.
 */
#define G_LOG_DOMAIN "test-graph-window"

#include "config.h"

#include <math.h>
#include <adwaita.h>

#include "gloss-document-view.h"
#include "gloss-graph-positions.h"
#include "gloss-graph-window.h"
#include "gloss-window.h"
#include "gloss-window-private.h"
#include "graph-fixture.h"
#include "window-wait.h"

typedef struct {
  GraphFixture  project;
  GlossWindow  *window;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_string (settings, "analyst-name", "Tess Tester");
  graph_fixture_set_up (&f->project);
  /* The main window opens the file itself. */
  g_clear_object (&f->project.session);
  gloss_store_close (f->project.store);
  g_clear_object (&f->project.store);

  f->window = gloss_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 700);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (gloss_window_open_path (f->window, f->project.path));
  wait_quiet ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  wait_quiet ();
  graph_fixture_tear_down (&f->project);
}

static guint
n_edges (GlossGraphView *view)
{
  const GlossGraph *graph = gloss_graph_view_get_graph (view);

  return graph ? graph->edges->len : 0;
}

static guint
n_rows (GlossGraphWindow *window)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (gloss_graph_window_get_spans (window), (int) n) != NULL)
    n++;
  return n;
}

/* Where @text is in a string list; GTK_INVALID_LIST_POSITION when not. */
static guint
string_position (GListModel *model,
                 const char *text)
{
  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), text) == 0)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

static void
test_graph_window (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossUndoStack) undo = gloss_undo_stack_new ();
  g_autoptr(GlossSession) session = NULL;
  g_autoptr(GPtrArray) positions = NULL;
  g_autofree char *png = NULL;
  g_autofree char *svg = NULL;
  g_autofree char *gexf_path = g_build_filename (f->project.dir, "chart.gexf", NULL);
  g_autofree char *png_path = g_build_filename (f->project.dir, "chart.png", NULL);
  g_autofree char *svg_path = g_build_filename (f->project.dir, "chart.svg", NULL);
  gsize png_length = 0;
  GlossGraphWindow *chart;
  GlossGraphView *view;
  const GlossGraph *graph;
  const GlossGraphNode *node;
  const GlossGraphSpan *span;
  GlossGraphNode *moved;
  gint64 s = -1, e = -1;
  int edge, ana, bruno;

  /* Ctrl+Shift+L's action, as the primary menu's Link Chart item activates it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.graph", NULL));
  wait_quiet ();
  chart = GLOSS_GRAPH_WINDOW (gloss_window_show_graph (f->window));
  view = gloss_graph_window_get_view (chart);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (view)) && gtk_widget_get_width (GTK_WIDGET (view)) > 0);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (view)));
  g_assert_true (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (view)) == GTK_ACCESSIBLE_ROLE_IMG);
  graph = gloss_graph_view_get_graph (view);
  g_assert_cmpuint (graph->nodes->len, ==, 4);
  g_assert_cmpuint (graph->edges->len, ==, 7);
  g_assert_cmpstr (gtk_label_get_text (gloss_graph_window_get_panel_title (chart)), ==, "Nothing selected");

  /* A node from the keyboard: the first is Lisbon, with its two mentions. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "graph.step", "i", 1));
  g_assert_cmpint (gloss_graph_view_get_selected_node (view), ==, 0);
  g_assert_cmpstr (gtk_label_get_text (gloss_graph_window_get_panel_title (chart)), ==, "Lisbon");
  g_assert_cmpuint (n_rows (chart), ==, 2);
  /* Activating a mention opens it in the main window. */
  node = graph->nodes->pdata[0];
  span = node->mention_spans->pdata[1];
  gtk_widget_activate (GTK_WIDGET (gtk_list_box_get_row_at_index (gloss_graph_window_get_spans (chart), 1)));
  wait_quiet ();
  g_assert_cmpstr (gloss_window_get_selected_annotation_id (f->window), ==, span->annotation_ids[0]);

  /* An edge: Ana Lima and Bruno Costa, together in two sentences. */
  ana = gloss_graph_find_node (graph, f->project.ana_id);
  bruno = gloss_graph_find_node (graph, f->project.bruno_id);
  edge = gloss_graph_find_edge (graph, (guint) ana, (guint) bruno, GLOSS_GRAPH_EDGE_COOCCURRENCE);
  g_assert_cmpint (edge, >=, 0);
  gloss_graph_view_select_edge (view, edge);
  g_assert_cmpstr (gtk_label_get_text (gloss_graph_window_get_panel_title (chart)), ==, "Ana Lima — Bruno Costa");
  g_assert_cmpuint (n_rows (chart), ==, 2);
  /* Enter opens the first place: the first sentence of document one, selected. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "graph.activate", NULL));
  wait_quiet ();
  g_assert_cmpstr (gloss_window_get_selected_annotation_id (f->window), ==, f->project.ana_mention);
  g_assert_true (gloss_document_view_get_selection (gloss_window_get_document_view (f->window), &s, &e));
  g_assert_cmpint (s, ==, 0);
  g_assert_cmpint (e, ==, 35);

  /* Dropping Acme somewhere saves it there. The view moves the node and says so. */
  moved = graph->nodes->pdata[gloss_graph_find_node (graph, f->project.acme_id)];
  moved->x = 321;
  moved->y = -123;
  moved->pinned = TRUE;
  g_signal_emit_by_name (view, "node-moved", (guint) gloss_graph_find_node (graph, f->project.acme_id));
  positions = gloss_store_list_graph_positions (gloss_window_get_store (f->window), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (positions->len, ==, 1);
  g_assert_cmpstr (((GlossGraphPosition *) positions->pdata[0])->entity_id, ==, f->project.acme_id);
  g_assert_cmpfloat (((GlossGraphPosition *) positions->pdata[0])->x, ==, 321);

  /* Deleting the claim of document three shows at once; Acme stays where it was put,
   * and the selected edge stays selected. */
  session = gloss_session_new (gloss_window_get_store (f->window), undo);
  g_assert_true (gloss_session_delete_annotation (session, f->project.claim_id, &error));
  g_assert_no_error (error);
  WAIT_FOR (n_edges (view) == 5);
  graph = gloss_graph_view_get_graph (view);
  node = graph->nodes->pdata[gloss_graph_find_node (graph, f->project.acme_id)];
  g_assert_cmpfloat (node->x, ==, 321);
  g_assert_cmpfloat (node->y, ==, -123);
  g_assert_cmpint (gloss_graph_view_get_selected_edge (view), >=, 0);
  g_assert_cmpstr (gtk_label_get_text (gloss_graph_window_get_panel_title (chart)), ==, "Ana Lima — Bruno Costa");

  /* The threshold: only Ana–Bruno is seen twice now. */
  gtk_spin_button_set_value (gloss_graph_window_get_weight_spin (chart), 2);
  WAIT_FOR (n_edges (view) == 1);
  gtk_spin_button_set_value (gloss_graph_window_get_weight_spin (chart), 1);
  WAIT_FOR (n_edges (view) == 5);

  /* Together in a paragraph: document one is one paragraph, so Acme and Lisbon (not in
   * one sentence there, and the claim that joined them is gone) meet again; back to
   * sentences, they part. The list is reached by Tab and named for a screen reader. */
  {
    GtkDropDown *within = gloss_graph_window_get_within_dropdown (chart);
    int acme, lisbon;

    GtkWidget *focus;

    /* Tab from the threshold goes straight to it (the filter bar's cells are no stops). */
    g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (gloss_graph_window_get_weight_spin (chart))));
    g_assert_true (gtk_widget_child_focus (GTK_WIDGET (chart), GTK_DIR_TAB_FORWARD));
    focus = gtk_root_get_focus (GTK_ROOT (chart));
    g_assert_true (focus == GTK_WIDGET (within) || gtk_widget_is_ancestor (focus, GTK_WIDGET (within)));
    g_assert_cmpstr (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (within)) == GTK_ACCESSIBLE_ROLE_COMBO_BOX
                     ? "combo box" : "other", ==, "combo box");
    g_assert_cmpuint (gtk_drop_down_get_selected (within), ==, 0);
    graph = gloss_graph_view_get_graph (view);
    acme = gloss_graph_find_node (graph, f->project.acme_id);
    lisbon = gloss_graph_find_node (graph, f->project.lisbon_id);
    g_assert_cmpint (gloss_graph_find_edge (graph, (guint) acme, (guint) lisbon, GLOSS_GRAPH_EDGE_COOCCURRENCE), <, 0);

    gtk_drop_down_set_selected (within, 1);
    WAIT_FOR (n_edges (view) == 6);
    graph = gloss_graph_view_get_graph (view);
    acme = gloss_graph_find_node (graph, f->project.acme_id);
    lisbon = gloss_graph_find_node (graph, f->project.lisbon_id);
    g_assert_cmpint (gloss_graph_find_edge (graph, (guint) acme, (guint) lisbon, GLOSS_GRAPH_EDGE_COOCCURRENCE), >=, 0);
    /* Ana and Acme: two sentences of document one, but one paragraph. */
    edge = gloss_graph_find_edge (graph, (guint) gloss_graph_find_node (graph, f->project.ana_id), (guint) acme,
                                  GLOSS_GRAPH_EDGE_COOCCURRENCE);
    g_assert_cmpint (edge, >=, 0);
    g_assert_cmpuint (((GlossGraphEdge *) graph->edges->pdata[edge])->weight, ==, 1);
    /* The selected edge's places are now paragraphs. */
    g_assert_cmpstr (gtk_label_get_text (gloss_graph_window_get_panel_title (chart)), ==, "Ana Lima — Bruno Costa");
    g_assert_cmpstr (gtk_label_get_text (gloss_graph_window_get_panel_detail (chart)), ==,
                     "Together in 2 places: paragraphs or claims");

    gtk_drop_down_set_selected (within, 0);
    WAIT_FOR (n_edges (view) == 5);
    graph = gloss_graph_view_get_graph (view);
    g_assert_cmpint (gloss_graph_find_edge (graph, (guint) gloss_graph_find_node (graph, f->project.acme_id),
                                            (guint) gloss_graph_find_node (graph, f->project.lisbon_id),
                                            GLOSS_GRAPH_EDGE_COOCCURRENCE), <, 0);
    g_assert_cmpstr (gtk_label_get_text (gloss_graph_window_get_panel_detail (chart)), ==,
                     "Together in 2 places: sentences or claims");
  }

  /* By annotator: a colleague's claim (over a sentence that already joins its names,
   * so it adds no edge) brings the colleague to the list; the colleague alone has no
   * mentions, so no entities and no edges; all annotators again, five edges. */
  {
    GtkDropDown *annotators = gloss_graph_window_get_annotator_dropdown (chart);
    g_autoptr(GlossSession) other = gloss_session_new (gloss_window_get_store (f->window), undo);
    g_autoptr(GlossLabel) claim_label = gloss_store_find_label_by_name (gloss_window_get_store (f->window),
                                                                        "Claim", &error);
    g_autoptr(GlossAnnotation) colleague = NULL;
    GListModel *names;
    guint at = GTK_INVALID_LIST_POSITION;

    g_assert_no_error (error);
    gloss_session_set_annotator (other, "Other Analyst");
    colleague = gloss_session_annotate (other, f->project.doc_ids[0], claim_label->id, 0, 35, NULL, &error);
    g_assert_no_error (error);
    WAIT_FOR ((at = string_position (gtk_drop_down_get_model (annotators), "Other Analyst")) != GTK_INVALID_LIST_POSITION);
    names = gtk_drop_down_get_model (annotators);
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 0), ==, "All Annotators");
    g_assert_cmpuint (n_edges (view), ==, 5);
    gtk_drop_down_set_selected (annotators, at);
    WAIT_FOR (n_edges (view) == 0);
    g_assert_cmpuint (gloss_graph_view_get_graph (view)->nodes->len, ==, 0);
    gtk_drop_down_set_selected (annotators, 0);
    WAIT_FOR (n_edges (view) == 5);
  }

  /* Zoom by the window's actions (Ctrl+plus, Ctrl+minus). */
  {
    double scale = gloss_graph_view_get_scale (view);

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (chart), "graph-window.zoom-in", NULL));
    g_assert_cmpfloat (gloss_graph_view_get_scale (view), >, scale);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (chart), "graph-window.zoom-out", NULL));
    g_assert_cmpfloat (fabs (gloss_graph_view_get_scale (view) - scale), <, 1e-9);
  }

  /* Exports. */
  g_assert_true (gloss_graph_window_export (chart, "png", png_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (png_path, &png, &png_length, NULL));
  g_assert_cmpuint (png_length, >, 8);
  g_assert_cmpmem (png, 8, "\x89PNG\r\n\x1a\n", 8);
  g_assert_true (gloss_graph_window_export (chart, "svg", svg_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg_path, &svg, NULL, NULL));
  g_assert_nonnull (strstr (svg, "<svg"));
  g_assert_true (gloss_graph_window_export (chart, "gexf", gexf_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (gexf_path, G_FILE_TEST_EXISTS));
  g_assert_false (gloss_graph_window_export (chart, "bmp", png_path, &error));
  g_clear_error (&error);
  if (g_getenv ("GLOSS_TEST_SHOT_DIR") != NULL)
    {
      g_autofree char *shot = g_build_filename (g_getenv ("GLOSS_TEST_SHOT_DIR"), "graph-window.png", NULL);

      gloss_graph_window_export (chart, "png", shot, NULL);
    }
  g_unlink (png_path);
  g_unlink (svg_path);
  g_unlink (gexf_path);

  /* Escape's action closes it. */
  {
    GtkWidget *weak = GTK_WIDGET (chart);

    g_object_add_weak_pointer (G_OBJECT (weak), (gpointer *) &weak);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (chart), "window.close", NULL));
    WAIT_FOR (weak == NULL);
  }
}

static void
node_moved_cb (GlossGraphView *view,
               guint           index,
               int            *moved)
{
  *moved = (int) index;
}

static guint8
alpha_at (cairo_surface_t *surface,
          double           x,
          double           y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  guint32 pixel;

  cairo_surface_flush (surface);
  pixel = *(const guint32 *) (data + (int) y * cairo_image_surface_get_stride (surface) + 4 * (int) x);
  return pixel >> 24;
}

static void
draw (GlossGraphView  *view,
      cairo_surface_t *surface)
{
  cairo_t *cr = cairo_create (surface);

  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  gloss_graph_view_draw_frame (view, cr, cairo_image_surface_get_width (surface),
                               cairo_image_surface_get_height (surface), 1);
  cairo_destroy (cr);
}

/* Draws frames until the static picture under way is complete, as the frame clock
 * would (it is made a slice of some milliseconds a frame); a busy machine may need
 * more frames than an idle one. */
static void
draw_until_made (GlossGraphView  *view,
                 cairo_surface_t *surface,
                 guint            draws)
{
  for (guint frame = 0; frame < 500 && gloss_graph_view_get_static_draws (view) < draws; frame++)
    draw (view, surface);
}

/* The view draws the chart once into a static picture and what changes alone over
 * it: selecting a node or an edge, or panning, does not draw the chart again, and
 * dragging a node draws it once without that node (which then follows the pointer
 * over it) and once more when it is dropped. */
static void
test_graph_view_layers (void)
{
  GlossGraph *graph = gloss_graph_new ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *widget = gloss_graph_view_new ();
  GlossGraphView *view = GLOSS_GRAPH_VIEW (widget);
  cairo_surface_t *surface;
  const GlossGraphNode *node;
  int moved = -1;
  double x, y;

  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *id = g_strdup_printf ("entity-%u", i);
      g_autofree char *name = g_strdup_printf ("Person %u", i);

      gloss_graph_add_node (graph, id, name, i % 2 ? "Person" : "Organization", 1 + i);
    }
  for (guint i = 0; i < 12; i++)
    gloss_graph_add_edge (graph, i, (i + 1) % 12, i % 3 ? GLOSS_GRAPH_EDGE_COOCCURRENCE : GLOSS_GRAPH_EDGE_LINK,
                          i % 3 ? NULL : "funds", 1 + i % 4);
  gloss_graph_layout (graph, NULL, 0);

  gtk_window_set_default_size (GTK_WINDOW (window), 600, 400);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));
  gloss_graph_view_set_graph (view, graph);
  WAIT_FOR (gtk_widget_get_width (widget) > 0);
  gloss_graph_view_fit (view);
  /* Only the frames drawn here count. */
  gtk_widget_set_visible (window, FALSE);
  wait_quiet ();
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, gtk_widget_get_width (widget),
                                        gtk_widget_get_height (widget));
  g_signal_connect (view, "node-moved", G_CALLBACK (node_moved_cb), &moved);

  draw (view, surface);
  g_assert_cmpuint (gloss_graph_view_get_static_draws (view), ==, 1);
  gloss_graph_view_select_node (view, 3);
  draw (view, surface);
  gloss_graph_view_select_edge (view, 5);
  draw (view, surface);
  gloss_graph_view_pan (view, 9, -4);
  draw (view, surface);
  g_assert_cmpuint (gloss_graph_view_get_static_draws (view), ==, 1);

  /* Node 2 dragged by 40 pixels in steps: drawn where it is now, and the rest once. */
  node = graph->nodes->pdata[2];
  gloss_graph_view_select_node (view, -1);
  for (guint step = 1; step <= 4; step++)
    {
      gloss_graph_view_move_node (view, 2, node->x + 10 / gloss_graph_view_get_scale (view), node->y);
      draw (view, surface);
    }
  draw_until_made (view, surface, 2);
  draw (view, surface);
  g_assert_cmpuint (gloss_graph_view_get_static_draws (view), ==, 2);
  gloss_graph_view_node_point (view, 2, &x, &y);
  g_assert_cmpuint (alpha_at (surface, x, y), >, 128);
  g_assert_false (node->pinned);
  gloss_graph_view_drop_node (view);
  g_assert_cmpint (moved, ==, 2);
  g_assert_true (node->pinned);
  draw (view, surface);
  draw_until_made (view, surface, 3);
  draw (view, surface);
  g_assert_cmpuint (gloss_graph_view_get_static_draws (view), ==, 3);
  g_assert_cmpuint (alpha_at (surface, x, y), >, 128);
  if (g_getenv ("GLOSS_TEST_SHOT_DIR") != NULL)
    {
      g_autofree char *shot = g_build_filename (g_getenv ("GLOSS_TEST_SHOT_DIR"), "graph-view-frame.png", NULL);

      gloss_graph_view_select_edge (view, 0);
      draw (view, surface);
      cairo_surface_write_to_png (surface, shot);
    }

  cairo_surface_destroy (surface);
  gtk_window_destroy (GTK_WINDOW (window));
  wait_quiet ();
}

/* Node @i of @graph, placed at (@x, @y) as a layout would. */
static void
add_placed_node (GlossGraph *graph,
                 guint       i,
                 const char *name,
                 const char *type,
                 guint       mentions,
                 double      x,
                 double      y)
{
  g_autofree char *id = g_strdup_printf ("entity-%u", i);
  GlossGraphNode *node;

  gloss_graph_add_node (graph, id, name, type, mentions);
  node = graph->nodes->pdata[i];
  node->x = x;
  node->y = y;
}

/* @widget showing @graph in @window, 600 x 400, fitted. */
static void
show_fitted (GtkWidget  *window,
             GtkWidget  *widget,
             GlossGraph *graph)
{
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 400);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));
  gloss_graph_view_set_graph (GLOSS_GRAPH_VIEW (widget), graph);
  WAIT_FOR (gtk_widget_get_width (widget) > 0);
  gloss_graph_view_fit (GLOSS_GRAPH_VIEW (widget));
}

/* After a fit, the names under the symbols at the edges are in view too: a long
 * name at the far left or right, and the name under the lowest symbol. */
static void
test_graph_fit_names (void)
{
  GlossGraph *graph = gloss_graph_new ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *widget = gloss_graph_view_new ();
  GlossGraphView *view = GLOSS_GRAPH_VIEW (widget);
  const char *names[] = { "Calloway Regional Port Authority Board", "Brightwater Terminals Holding Company",
                          "Marrowick Chamber of Shipping and Trade" };
  const double at[][2] = { { -300, 0 }, { 300, 0 }, { 0, 200 } };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    add_placed_node (graph, i, names[i], "Organization", 1, at[i][0], at[i][1]);
  gloss_graph_add_edge (graph, 0, 1, GLOSS_GRAPH_EDGE_COOCCURRENCE, NULL, 1);
  show_fitted (window, widget, graph);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, names[i]);
      double x, y;
      int lw, lh;

      pango_layout_set_width (layout, 160 * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      g_assert_cmpint (lw, >, 120);
      gloss_graph_view_node_point (view, i, &x, &y);
      g_assert_cmpfloat (x - lw / 2.0, >=, 0);
      g_assert_cmpfloat (x + lw / 2.0, <=, gtk_widget_get_width (widget));
      g_assert_cmpfloat (y + lh, <=, gtk_widget_get_height (widget));
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A name keeps off the other symbols: under a busy entity with another right below
 * it, its name goes above; the name of the one below stays under its symbol. */
static void
test_graph_names_off_symbols (void)
{
  GlossGraph *graph = gloss_graph_new ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *widget = gloss_graph_view_new ();
  GlossGraphView *view = GLOSS_GRAPH_VIEW (widget);
  cairo_surface_t *surface;
  const double at[][2] = { { 0, 0 }, { 0, 25 }, { -200, -100 }, { 200, 100 } };

  for (guint i = 0; i < G_N_ELEMENTS (at); i++)
    {
      g_autofree char *name = g_strdup_printf ("Person %u", i);

      add_placed_node (graph, i, name, "Person", i == 0 ? 9 : 1, at[i][0], at[i][1]);
    }
  gloss_graph_add_edge (graph, 0, 1, GLOSS_GRAPH_EDGE_COOCCURRENCE, NULL, 1);
  show_fitted (window, widget, graph);
  gtk_widget_set_visible (window, FALSE);
  wait_quiet ();
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, gtk_widget_get_width (widget),
                                        gtk_widget_get_height (widget));
  draw_until_made (view, surface, gloss_graph_view_get_static_draws (view) + 1);
  g_assert_cmpint (gloss_graph_view_get_name_place (view, 0), ==, GLOSS_GRAPH_NAME_ABOVE);
  g_assert_cmpint (gloss_graph_view_get_name_place (view, 1), ==, GLOSS_GRAPH_NAME_BELOW);
  g_assert_cmpint (gloss_graph_view_get_name_place (view, 2), ==, GLOSS_GRAPH_NAME_BELOW);
  cairo_surface_destroy (surface);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", FALSE);
  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/app/graph/window", Fixture, NULL, fixture_setup, test_graph_window, fixture_teardown);
  g_test_add_func ("/app/graph/view-layers", test_graph_view_layers);
  g_test_add_func ("/app/graph/fit-names", test_graph_fit_names);
  g_test_add_func ("/app/graph/names-off-symbols", test_graph_names_off_symbols);
  return g_test_run ();
}

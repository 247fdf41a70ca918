/* gloss-graph-view.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GlossGraphView: one widget that draws a link chart (gloss-graph.h) into its
 * GtkSnapshot, not a widget per node: each entity as a symbol of its type (Person a
 * circle, Organization a square, Location a triangle) in its type's colour, sized by
 * its mentions, with its name; links as arrows, co-occurrence as lines, as wide as
 * their weight. It pans (drag the background, the arrow keys), zooms (scroll,
 * + and -, a pinch; 0 shows all), selects a node or an edge by a click (comma and
 * period step through the nodes), and moves a node by dragging it.
 */
#pragma once

#include <gtk/gtk.h>

#include "gloss-graph.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_GRAPH_VIEW (gloss_graph_view_get_type ())
G_DECLARE_FINAL_TYPE (GlossGraphView, gloss_graph_view, GLOSS, GRAPH_VIEW, GtkWidget)

/* Signals: "selection-changed" (); "node-moved" (guint node index: the analyst
 * dropped it somewhere; it is now pinned); "activated" () on Enter. */
GtkWidget        *gloss_graph_view_new            (void);

/* Takes @graph (laid out; nullable). The view keeps its pan and zoom when it had a
 * chart before, otherwise it shows all; the selection follows the same entity (or
 * the edge between the same entities). */
void              gloss_graph_view_set_graph      (GlossGraphView *self,
                                                   GlossGraph     *graph);
const GlossGraph *gloss_graph_view_get_graph      (GlossGraphView *self);
/* (transfer full) (element-type utf8 GlossGraphPoint): where each node is now, by
 * entity id: the seeds of the next layout. */
GHashTable       *gloss_graph_view_dup_positions  (GlossGraphView *self);

/* The selected node or edge index, or -1 (at most one of them is >= 0). */
int               gloss_graph_view_get_selected_node (GlossGraphView *self);
int               gloss_graph_view_get_selected_edge (GlossGraphView *self);
void              gloss_graph_view_select_node    (GlossGraphView *self,
                                                   int             index);
void              gloss_graph_view_select_edge    (GlossGraphView *self,
                                                   int             index);

void              gloss_graph_view_zoom           (GlossGraphView *self,
                                                   double          factor);
void              gloss_graph_view_fit            (GlossGraphView *self);
double            gloss_graph_view_get_scale      (GlossGraphView *self);
/* Where node @index's name is in the chart as last drawn (NONE: not shown). */
typedef enum {
  GLOSS_GRAPH_NAME_NONE,
  GLOSS_GRAPH_NAME_BELOW,
  GLOSS_GRAPH_NAME_ABOVE,
  GLOSS_GRAPH_NAME_RIGHT,
  GLOSS_GRAPH_NAME_LEFT,
} GlossGraphNamePlace;

GlossGraphNamePlace gloss_graph_view_get_name_place (GlossGraphView *self,
                                                     guint           index);
/* Where node @index is drawn, in widget coordinates. */
void              gloss_graph_view_node_point     (GlossGraphView *self,
                                                   guint           index,
                                                   double         *x,
                                                   double         *y);

/* Draws the chart as the view shows it, clipped to @width x @height, into @cr:
 * what the view, the PNG and SVG exports and the benchmark all use. */
void              gloss_graph_view_draw           (GlossGraphView *self,
                                                   cairo_t        *cr,
                                                   double          width,
                                                   double          height);

/* What the view draws in a frame: the picture of gloss_graph_view_draw() kept in a
 * cache with a margin, so that panning only moves it (@scale_factor: the display's). */
void              gloss_graph_view_draw_frame     (GlossGraphView *self,
                                                   cairo_t        *cr,
                                                   double          width,
                                                   double          height,
                                                   int             scale_factor);
/* Moves node @index to (@x, @y) in chart units, as dragging it does: it is drawn
 * over the rest of the chart until gloss_graph_view_drop_node(), which pins it
 * there and emits "node-moved". */
void              gloss_graph_view_move_node      (GlossGraphView *self,
                                                   guint           index,
                                                   double          x,
                                                   double          y);
void              gloss_graph_view_drop_node      (GlossGraphView *self);
/* How many times the static picture (all but the selection and a moving node) has
 * been drawn: for tests and the benchmark. */
guint             gloss_graph_view_get_static_draws (GlossGraphView *self);

/* Moves the chart by (@dx, @dy) pixels. */
void              gloss_graph_view_pan            (GlossGraphView *self,
                                                   double          dx,
                                                   double          dy);

/* Writes the chart as shown (the view's size) to a PNG or an SVG file. */
gboolean          gloss_graph_view_save_png       (GlossGraphView *self,
                                                   const char     *path,
                                                   GError        **error);
gboolean          gloss_graph_view_save_svg       (GlossGraphView *self,
                                                   const char     *path,
                                                   GError        **error);

G_END_DECLS

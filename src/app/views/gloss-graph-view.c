/* gloss-graph-view.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The whole chart is one cairo drawing appended to the snapshot: GTK 4.8's snapshot
 * has no paths (GskPath came in 4.14), and edges, arrows, triangles and hexagons are
 * paths. The same function draws the PNG and SVG exports and the benchmark's frames.
 * A frame culls what lies outside the view, and draws names only where there is room
 * for them (the busiest entities first, at most MAX_LABELS, none over another); each
 * node's PangoLayout is made once per chart, not per frame. Cairo's cost is per
 * stroke and fill far more than per line (5,000 antialiased lines stroked one by one
 * took some 150 ms, in a few batched paths a fraction of it), so edges are stroked a
 * batch of one kind and width at a time and symbols filled a colour at a time.
 * Frames show a cached static picture (gloss_graph_view_draw_frame()) that a pan
 * only moves, scaled while a zoom goes on; what changes alone (the selection, a node
 * being dragged with its edges) is drawn over it each frame, so a click or a drag
 * does not draw the whole chart again. When the picture must be made again (the zoom
 * rested, a pan left its margin, a drag began or ended, the chart changed) it is
 * made a slice of some milliseconds a frame while the old one stands in, so that no
 * frame waits for all of it: clearing it, the lines, the arrowheads, the symbols and
 * the names each go on where the last slice stopped.
 */
#define G_LOG_DOMAIN "gloss-graph-view"

#include "config.h"

#include <math.h>
#include <adwaita.h>
#include <cairo-svg.h>
#include <glib/gi18n.h>

#include "gloss-graph-view.h"
#include "gloss-view-common.h"

#define MAX_LABELS    300
#define MIN_SCALE     0.02
#define MAX_SCALE     8.0
#define PICK_SLOP     5.0
#define MAX_SMOOTH_INK 200000.0 /* pixels */
#define BUILD_SLICE_US 8000
#define EDGE_CHUNK     16        /* arrowheads, symbols: drawn 8 and 4 times this between looks at the clock */

/* The steps of making the static picture, in order. */
typedef enum {
  BUILD_CLEAR,
  BUILD_LINES,
  BUILD_ARROWHEADS,
  BUILD_SYMBOLS,
  BUILD_NAMES,
  BUILD_DONE
} BuildPhase;

typedef struct {
  int    columns;
  int    rows;
  guint *start;   /* columns * rows + 1 */
  guint *nodes;
} SymbolGrid;

struct _GlossGraphView
{
  GtkWidget      parent_instance;

  GlossGraph    *graph;
  GdkRGBA       *colours;        /* per node */
  PangoLayout  **layouts;        /* per node, made on demand */
  guint         *label_order;    /* node indices, busiest first */
  guint         *colour_order;   /* node indices, by colour */
  GlossGraphSymbol *symbols;     /* per node */
  guint         *colour_ids;     /* per node: its colour's place among the chart's colours */
  GHashTable    *sprites;        /* key (draw_sprite()) -> cairo_surface_t, the symbols drawn */
  int            sprite_factor;
  GdkRGBA        sprite_fg;
  guint         *edge_order;     /* edge indices, by kind and width (a batch a stroke) */
  guint         *incident_start; /* per node and one more: where its edges start in incident */
  guint         *incident;       /* edge indices, by node */

  double         scale;          /* pixels per chart unit */
  double         ox;             /* where chart (0, 0) is drawn */
  double         oy;
  gboolean       has_view;       /* pan and zoom set (else fit on the next allocation) */
  gboolean       fitted;         /* showing all, not panned or zoomed since: fit again on a new size */
  int            fit_width;
  int            fit_height;

  int            selected_node;
  int            selected_edge;

  /* Dragging: a node (drag_node >= 0) or the background. */
  int            drag_node;
  double         drag_ox;
  double         drag_oy;
  double         drag_nx;
  double         drag_ny;
  gboolean       drag_moved;
  double         zoom_begin;
  int            moving_node;    /* being dragged: drawn over the static picture, not in it */

  /* The static picture of the chart with a margin around the view of half its
   * size, so that panning only moves it; drawn again when the zoom, the size, the
   * colours or the chart change, a node starts or stops moving, or a pan leaves the
   * margin. The selection and a moving node are drawn over it each frame. */
  cairo_surface_t *cache;
  guint8        *cache_shown;    /* per node: its name is in the picture */
  int            cache_without;
  /* The next static picture, made a slice a frame (build_step()). */
  cairo_surface_t *next;
  cairo_surface_t *spare;        /* the picture before, to draw the next into */
  gboolean       building;
  BuildPhase     next_phase;
  guint          next_index;     /* where the phase goes on (in edge_order, edges, label_order) */
  guint8        *next_shown;     /* per node: its name is in the next picture */
  GArray        *next_placed;    /* cairo_rectangle_t: the places of the names in it so far */
  SymbolGrid     next_symbols;   /* where the symbols are in it, for its names to keep off */
  gboolean       next_crowded;
  double         next_scale;
  double         next_ox;
  double         next_oy;
  double         next_width;
  double         next_height;
  int            next_factor;
  GdkRGBA        next_fg;
  double         ink_ns;         /* what a pixel of lines without antialiasing has cost to stroke */
  int            next_without;
  guint          build_tick;
  guint          static_draws;
  gboolean       cache_valid;
  double         cache_scale;
  double         cache_ox;
  double         cache_oy;
  double         cache_width;
  double         cache_height;
  int            cache_factor;
  GdkRGBA        cache_fg;
  guint          settle_id;
  gboolean       zoom_rested;    /* the zoom rested: make the picture at the new scale */
  gboolean       settle_pending;
};

G_DEFINE_FINAL_TYPE (GlossGraphView, gloss_graph_view, GTK_TYPE_WIDGET)

enum {
  SELECTION_CHANGED,
  NODE_MOVED,
  ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_accessible (GlossGraphView *self);

static double
node_radius (const GlossGraphNode *node)
{
  return MIN (7.0 + 3.0 * sqrt ((double) node->mentions), 30.0);
}

static double
edge_width (const GlossGraphEdge *edge)
{
  return MIN (1.0 + log2 ((double) MAX (edge->weight, 1)) * 1.5, 8.0);
}

static void
to_screen (GlossGraphView *self,
           double          x,
           double          y,
           double         *sx,
           double         *sy)
{
  *sx = self->ox + x * self->scale;
  *sy = self->oy + y * self->scale;
}

static double
screen_radius (GlossGraphView       *self,
               const GlossGraphNode *node)
{
  return MAX (3.0, node_radius (node) * MIN (self->scale, 1.5));
}

static void
get_foreground (GlossGraphView *self,
                GdkRGBA        *fg)
{
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), fg);
}

/* ------------------------------------------------------------------------- */
/* Drawing                                                                    */

static void
symbol_path (cairo_t          *cr,
             GlossGraphSymbol  symbol,
             double            x,
             double            y,
             double            r)
{
  switch (symbol)
    {
    case GLOSS_GRAPH_SYMBOL_SQUARE:
      cairo_rectangle (cr, x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
      break;
    case GLOSS_GRAPH_SYMBOL_TRIANGLE:
      cairo_move_to (cr, x, y - r * 1.1);
      cairo_line_to (cr, x + r, y + r * 0.75);
      cairo_line_to (cr, x - r, y + r * 0.75);
      cairo_close_path (cr);
      break;
    case GLOSS_GRAPH_SYMBOL_DIAMOND:
      cairo_move_to (cr, x, y - r * 1.15);
      cairo_line_to (cr, x + r * 1.15, y);
      cairo_line_to (cr, x, y + r * 1.15);
      cairo_line_to (cr, x - r * 1.15, y);
      cairo_close_path (cr);
      break;
    case GLOSS_GRAPH_SYMBOL_HEXAGON:
      for (int k = 0; k < 6; k++)
        {
          double a = G_PI / 3 * k;

          if (k == 0)
            cairo_move_to (cr, x + r * cos (a), y + r * sin (a));
          else
            cairo_line_to (cr, x + r * cos (a), y + r * sin (a));
        }
      cairo_close_path (cr);
      break;
    case GLOSS_GRAPH_SYMBOL_CIRCLE:
    default:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      break;
    }
}

static PangoLayout *
layout_for (GlossGraphView *self,
            guint           i)
{
  if (self->layouts[i] == NULL)
    {
      const GlossGraphNode *node = self->graph->nodes->pdata[i];

      self->layouts[i] = gtk_widget_create_pango_layout (GTK_WIDGET (self), node->name);
      pango_layout_set_width (self->layouts[i], 160 * PANGO_SCALE);
      pango_layout_set_ellipsize (self->layouts[i], PANGO_ELLIPSIZE_END);
    }
  return self->layouts[i];
}

static gboolean
visible (double x,
         double y,
         double margin,
         double width,
         double height)
{
  return x > -margin && y > -margin && x < width + margin && y < height + margin;
}

/* Adds the arrowhead of link @e, at the edge of its target's symbol, to the path. */
static void
arrowhead (GlossGraphView       *self,
           cairo_t              *cr,
           const GlossGraphEdge *e,
           double                width,
           double                height)
{
  const GlossGraphNode *a = self->graph->nodes->pdata[e->source], *b = self->graph->nodes->pdata[e->target];
  double x0, y0, x1, y1, dx, dy, d, r, size, tx, ty, ux, uy;

  to_screen (self, a->x, a->y, &x0, &y0);
  to_screen (self, b->x, b->y, &x1, &y1);
  r = screen_radius (self, b) + 2;
  size = 7 + edge_width (e);
  if (!visible (x1, y1, r + size, width, height))
    return;
  dx = x1 - x0;
  dy = y1 - y0;
  d = hypot (dx, dy);
  if (d < r + size)
    return;
  ux = dx / d;
  uy = dy / d;
  tx = x1 - ux * r;
  ty = y1 - uy * r;
  cairo_move_to (cr, tx, ty);
  cairo_line_to (cr, tx - ux * size - uy * size * 0.5, ty - uy * size + ux * size * 0.5);
  cairo_line_to (cr, tx - ux * size + uy * size * 0.5, ty - uy * size - ux * size * 0.5);
  cairo_close_path (cr);
}

/* Edges are drawn in batches of one kind and one width (in half pixels): each
 * batch is one path and one stroke. */
static guint
edge_batch (const GlossGraphEdge *e)
{
  return (e->kind == GLOSS_GRAPH_EDGE_LINK ? 1000 : 0) + (guint) lround (edge_width (e) * 2);
}

static void
set_edge_source (cairo_t             *cr,
                 GlossGraphEdgeKind   kind,
                 const GdkRGBA       *fg)
{
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, kind == GLOSS_GRAPH_EDGE_LINK ? 0.55 : 0.22);
}

static gboolean
edge_in_view (GlossGraphView       *self,
              const GlossGraphEdge *e,
              double                width,
              double                height,
              double               *x0,
              double               *y0,
              double               *x1,
              double               *y1)
{
  const GlossGraphNode *a = self->graph->nodes->pdata[e->source], *b = self->graph->nodes->pdata[e->target];

  to_screen (self, a->x, a->y, x0, y0);
  to_screen (self, b->x, b->y, x1, y1);
  return !((*x0 < 0 && *x1 < 0) || (*y0 < 0 && *y1 < 0) || (*x0 > width && *x1 > width) ||
           (*y0 > height && *y1 > height));
}

/* Cuts the segment to the rectangle (x_min, y_min) - (x_max, y_max) (Liang and
 * Barsky); FALSE when nothing of it is inside. Zoomed in, most of a long edge lies
 * outside the picture, and cairo's stroker would still work through all of it. */
static gboolean
clip_segment (double *x0,
              double *y0,
              double *x1,
              double *y1,
              double  x_min,
              double  y_min,
              double  x_max,
              double  y_max)
{
  double dx = *x1 - *x0, dy = *y1 - *y0, t0 = 0, t1 = 1;
  const double p[] = { -dx, dx, -dy, dy };
  const double q[] = { *x0 - x_min, x_max - *x0, *y0 - y_min, y_max - *y0 };

  for (guint k = 0; k < 4; k++)
    {
      if (p[k] == 0)
        {
          if (q[k] < 0)
            return FALSE;
          continue;
        }
      if (p[k] < 0)
        t0 = MAX (t0, q[k] / p[k]);
      else
        t1 = MIN (t1, q[k] / p[k]);
    }
  if (t0 > t1)
    return FALSE;
  *x1 = *x0 + t1 * dx;
  *y1 = *y0 + t1 * dy;
  *x0 = *x0 + t0 * dx;
  *y0 = *y0 + t0 * dy;
  return TRUE;
}

/* Antialiased, cairo strokes lines one by one faster than in one path, at a cost
 * that grows with the pixels they cover; without antialiasing, a path per batch is
 * four times faster still. So the static picture has smooth lines where they cover
 * little (a small chart, or zoomed in on a few), and lines without antialiasing
 * where there are so many that their jagged edges are lost in the crowd (level of
 * detail); an export always antialiases. */
static gboolean
edges_crowded (GlossGraphView *self,
               double          width,
               double          height)
{
  GPtrArray *edges = self->graph->edges;
  double ink = 0, diagonal = hypot (width, height);

  for (guint i = 0; i < edges->len && ink <= MAX_SMOOTH_INK; i++)
    {
      double x0, y0, x1, y1;

      if (edge_in_view (self, edges->pdata[i], width, height, &x0, &y0, &x1, &y1))
        ink += MIN (hypot (x1 - x0, y1 - y0), diagonal) * (edge_width (edges->pdata[i]) + 1);
    }
  return ink > MAX_SMOOTH_INK;
}

/* How many pixels of lines without antialiasing there is time to stroke until
 * @deadline (0: no end). */
static double
ink_budget (GlossGraphView *self,
            gint64          deadline)
{
  if (deadline == 0)
    return G_MAXDOUBLE;
  return MAX (deadline - g_get_monotonic_time (), 0) * 1000.0 / self->ink_ns;
}

/* Strokes the path of @ink pixels, and learns from it what a pixel costs. */
static void
stroke_timed (GlossGraphView *self,
              cairo_t        *cr,
              double          ink)
{
  gint64 start = g_get_monotonic_time ();

  cairo_stroke (cr);
  if (ink >= 20000)
    self->ink_ns = CLAMP ((self->ink_ns + (g_get_monotonic_time () - start) * 1000.0 / ink) / 2, 1, 1000);
}

/* The lines of the edges but those of node @without (-1: none), co-occurrence first
 * and links over them, from the @from-th (in edge_order) until all are drawn or
 * @deadline (monotonic time; 0: none) has passed. Returns where it stopped. */
static guint
draw_edge_lines (GlossGraphView *self,
                 cairo_t        *cr,
                 double          width,
                 double          height,
                 const GdkRGBA  *fg,
                 int             without,
                 gboolean        crowded,
                 guint           from,
                 gint64          deadline)
{
  GPtrArray *edges = self->graph->edges;
  guint batch = G_MAXUINT, k;
  gboolean pending = FALSE;
  double ink = 0, budget = ink_budget (self, deadline);

  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  if (crowded)
    cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  cairo_new_path (cr);
  for (k = from; k < edges->len; k++)
    {
      const GlossGraphEdge *e = edges->pdata[self->edge_order[k]];
      double x0, y0, x1, y1;

      /* The stroke, not the gathering of the path, is what costs: the slice
       * gathers what it has time for (by the cost of a pixel of the strokes so
       * far), strokes it, and then reads the clock. A stroke costs by the pixels
       * it covers and also by the rows its path spans, so the paths are not cut
       * shorter than they must: zoomed in, strokes of 16 lines took twice as long
       * a line as strokes of 128. */
      if (deadline > 0 && k > from && (!crowded || ink >= budget))
        {
          if (pending)
            stroke_timed (self, cr, ink);
          pending = FALSE;
          ink = 0;
          if (g_get_monotonic_time () > deadline)
            break;
          budget = ink_budget (self, deadline);
        }
      if ((int) e->source == without || (int) e->target == without)
        continue;
      if (edge_batch (e) != batch)
        {
          if (pending)
            stroke_timed (self, cr, ink);
          pending = FALSE;
          ink = 0;
          budget = ink_budget (self, deadline);
          batch = edge_batch (e);
          set_edge_source (cr, e->kind, fg);
          cairo_set_line_width (cr, batch % 1000 / 2.0);
        }
      if (!edge_in_view (self, e, width, height, &x0, &y0, &x1, &y1) ||
          !clip_segment (&x0, &y0, &x1, &y1, -8, -8, width + 8, height + 8))
        continue;
      cairo_move_to (cr, x0, y0);
      cairo_line_to (cr, x1, y1);
      ink += hypot (x1 - x0, y1 - y0) * (batch % 1000 / 2.0 + 1);
      if (!crowded)
        cairo_stroke (cr);
      pending = crowded;
    }
  if (pending)
    cairo_stroke (cr);
  cairo_restore (cr);
  return k;
}

/* The links' arrowheads (but those of node @without), from the @from-th edge until
 * all are drawn or @deadline (monotonic time; 0: none) has passed, a path a chunk.
 * Returns where it stopped. */
static guint
draw_arrowheads (GlossGraphView *self,
                 cairo_t        *cr,
                 double          width,
                 double          height,
                 const GdkRGBA  *fg,
                 int             without,
                 guint           from,
                 gint64          deadline)
{
  GPtrArray *edges = self->graph->edges;
  guint i;

  set_edge_source (cr, GLOSS_GRAPH_EDGE_LINK, fg);
  cairo_new_path (cr);
  for (i = from; i < edges->len; i++)
    {
      const GlossGraphEdge *e = edges->pdata[i];

      if (deadline > 0 && i > from && i % (8 * EDGE_CHUNK) == 0)
        {
          cairo_fill (cr);
          if (g_get_monotonic_time () > deadline)
            break;
        }
      if (e->kind == GLOSS_GRAPH_EDGE_LINK && (int) e->source != without && (int) e->target != without)
        arrowhead (self, cr, e, width, height);
    }
  cairo_fill (cr);
  return i;
}

/* One edge on its own: over the static picture (the selected one, those of a node
 * being dragged). */
static void
draw_one_edge (GlossGraphView       *self,
               cairo_t              *cr,
               const GlossGraphEdge *e,
               double                width,
               double                height,
               const GdkRGBA        *fg,
               const GdkRGBA        *accent)
{
  double x0, y0, x1, y1;

  if (!edge_in_view (self, e, width, height, &x0, &y0, &x1, &y1) ||
      !clip_segment (&x0, &y0, &x1, &y1, -8, -8, width + 8, height + 8))
    return;
  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  if (accent != NULL)
    cairo_set_source_rgba (cr, accent->red, accent->green, accent->blue, 1);
  else
    set_edge_source (cr, e->kind, fg);
  cairo_set_line_width (cr, edge_width (e) + (accent != NULL ? 2 : 0));
  cairo_move_to (cr, x0, y0);
  cairo_line_to (cr, x1, y1);
  cairo_stroke (cr);
  if (e->kind == GLOSS_GRAPH_EDGE_LINK)
    {
      arrowhead (self, cr, e, width, height);
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

static void
draw_one_node (GlossGraphView *self,
               cairo_t        *cr,
               guint           i,
               double          width,
               double          height,
               const GdkRGBA  *fg)
{
  const GlossGraphNode *n = self->graph->nodes->pdata[i];
  const GdkRGBA *c = &self->colours[i];
  double x, y, r = screen_radius (self, n);

  to_screen (self, n->x, n->y, &x, &y);
  if (!visible (x, y, r + 4, width, height))
    return;
  cairo_set_line_width (cr, 1.5);
  symbol_path (cr, self->symbols[i], x, y, r);
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, 0.9);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, n->pinned ? 0.8 : 0.35);
  cairo_stroke (cr);
}

/* Where a node's name goes: under its symbol, else above, right or left of it
 * (the first place free of the names drawn before it). 0: not drawn. */
enum {
  LABEL_NONE = GLOSS_GRAPH_NAME_NONE,
  LABEL_BELOW = GLOSS_GRAPH_NAME_BELOW,
  LABEL_ABOVE = GLOSS_GRAPH_NAME_ABOVE,
  LABEL_RIGHT = GLOSS_GRAPH_NAME_RIGHT,
  LABEL_LEFT = GLOSS_GRAPH_NAME_LEFT,
  LABEL_N_PLACES
};

/* The box of node @i's name at @place, on screen. */
static cairo_rectangle_t
label_box (GlossGraphView *self,
           guint           i,
           int             place)
{
  const GlossGraphNode *n = self->graph->nodes->pdata[i];
  double x, y, r = screen_radius (self, n);
  int lw, lh;

  to_screen (self, n->x, n->y, &x, &y);
  pango_layout_get_pixel_size (layout_for (self, i), &lw, &lh);
  switch (place)
    {
    case LABEL_ABOVE: return (cairo_rectangle_t) { x - lw / 2.0, y - r - 2 - lh, lw, lh };
    case LABEL_RIGHT: return (cairo_rectangle_t) { x + r + 4, y - lh / 2.0, lw, lh };
    case LABEL_LEFT:  return (cairo_rectangle_t) { x - r - 4 - lw, y - lh / 2.0, lw, lh };
    case LABEL_BELOW:
    default:          return (cairo_rectangle_t) { x - lw / 2.0, y + r + 2, lw, lh };
    }
}

/* Node @i's name at @place (LABEL_BELOW and the others). */
static void
draw_label (GlossGraphView *self,
            cairo_t        *cr,
            guint           i,
            int             place,
            const GdkRGBA  *fg,
            double          alpha)
{
  cairo_rectangle_t box = label_box (self, i, place);

  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, alpha);
  cairo_move_to (cr, box.x, box.y);
  pango_cairo_show_layout (cr, layout_for (self, i));
}

/* Node @i's symbol from a small picture of it made once per colour, symbol, size
 * (in half pixels) and pin at a display scale: a node costs a copy, not a path. */
static void
draw_sprite (GlossGraphView *self,
             cairo_t        *cr,
             guint           i,
             double          width,
             double          height,
             const GdkRGBA  *fg,
             int             factor)
{
  const GlossGraphNode *n = self->graph->nodes->pdata[i];
  double x, y, r = screen_radius (self, n);
  guint half = (guint) lround (r * 2);
  guint key = (self->colour_ids[i] << 16) | (MIN (half, 0xfff) << 4) | ((guint) self->symbols[i] << 1) | !!n->pinned;
  cairo_surface_t *sprite;
  int size;

  to_screen (self, n->x, n->y, &x, &y);
  if (!visible (x, y, r + 4, width, height))
    return;
  if (self->sprites == NULL || factor != self->sprite_factor || !gdk_rgba_equal (fg, &self->sprite_fg) ||
      g_hash_table_size (self->sprites) > 1024)
    {
      g_clear_pointer (&self->sprites, g_hash_table_unref);
      self->sprites = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) cairo_surface_destroy);
      self->sprite_factor = factor;
      self->sprite_fg = *fg;
    }
  r = half / 2.0;
  size = 2 * (int) ceil (r * 1.2 + 2);
  sprite = g_hash_table_lookup (self->sprites, GUINT_TO_POINTER (key));
  if (sprite == NULL)
    {
      const GdkRGBA *c = &self->colours[i];
      cairo_t *s;

      sprite = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size * factor, size * factor);
      cairo_surface_set_device_scale (sprite, factor, factor);
      s = cairo_create (sprite);
      cairo_set_line_width (s, 1.5);
      symbol_path (s, self->symbols[i], size / 2.0, size / 2.0, r);
      cairo_set_source_rgba (s, c->red, c->green, c->blue, 0.9);
      cairo_fill_preserve (s);
      cairo_set_source_rgba (s, fg->red, fg->green, fg->blue, n->pinned ? 0.8 : 0.35);
      cairo_stroke (s);
      cairo_destroy (s);
      g_hash_table_insert (self->sprites, GUINT_TO_POINTER (key), sprite);
    }
  /* On whole pixels: a copy, not a resampling. */
  x = round (x) - size / 2;
  y = round (y) - size / 2;
  cairo_set_source_surface (cr, sprite, x, y);
  cairo_rectangle (cr, x, y, size, size);
  cairo_fill (cr);
}

/* The symbols of the nodes but @without from sprites at display scale @factor, from
 * the @from-th until all are drawn or @deadline (monotonic time; 0: none) has passed.
 * Returns where it stopped. */
static guint
draw_sprites (GlossGraphView *self,
              cairo_t        *cr,
              double          width,
              double          height,
              const GdkRGBA  *fg,
              int             without,
              int             factor,
              guint           from,
              gint64          deadline)
{
  GPtrArray *nodes = self->graph->nodes;
  guint i;

  for (i = from; i < nodes->len; i++)
    {
      if (deadline > 0 && i > from && i % (4 * EDGE_CHUNK) == 0 && g_get_monotonic_time () > deadline)
        break;
      if ((int) i != without)
        draw_sprite (self, cr, i, width, height, fg, factor);
    }
  return i;
}

/* The symbols as vector paths (an export): filled a colour at a time, then outlined. */
static void
draw_symbols (GlossGraphView *self,
              cairo_t        *cr,
              double          width,
              double          height,
              const GdkRGBA  *fg,
              int             without)
{
  GPtrArray *nodes = self->graph->nodes;
  const GdkRGBA *colour = NULL;

  cairo_new_path (cr);
  for (guint k = 0; k < nodes->len; k++)
    {
      guint i = self->colour_order[k];
      const GlossGraphNode *n = nodes->pdata[i];
      double x, y, r = screen_radius (self, n);

      if ((int) i == without)
        continue;
      if (colour != NULL && !gdk_rgba_equal (colour, &self->colours[i]))
        {
          cairo_set_source_rgba (cr, colour->red, colour->green, colour->blue, 0.9);
          cairo_fill (cr);
        }
      colour = &self->colours[i];
      to_screen (self, n->x, n->y, &x, &y);
      if (visible (x, y, r + 4, width, height))
        symbol_path (cr, self->symbols[i], x, y, r);
    }
  if (colour != NULL)
    {
      cairo_set_source_rgba (cr, colour->red, colour->green, colour->blue, 0.9);
      cairo_fill (cr);
    }
  cairo_set_line_width (cr, 1.5);
  for (guint pinned = 0; pinned < 2; pinned++)
    {
      for (guint i = 0; i < nodes->len; i++)
        {
          const GlossGraphNode *n = nodes->pdata[i];
          double x, y, r = screen_radius (self, n);

          if ((int) i == without || (n->pinned != FALSE) != (pinned == 1))
            continue;
          to_screen (self, n->x, n->y, &x, &y);
          if (visible (x, y, r + 4, width, height))
            symbol_path (cr, self->symbols[i], x, y, r);
        }
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, pinned ? 0.8 : 0.35);
      cairo_stroke (cr);
    }
}

/* The symbols on screen in cells of CELL pixels, so that a name can keep off them
 * at the cost of the few symbols near it, not of all of them. Compressed rows: the
 * nodes of cell c are nodes[start[c] .. start[c + 1]). */
#define CELL 64.0

static void
symbol_grid_clear (SymbolGrid *grid)
{
  g_clear_pointer (&grid->start, g_free);
  g_clear_pointer (&grid->nodes, g_free);
  grid->columns = grid->rows = 0;
}

/* The cells of the box [x0, x1) x [y0, y1), clamped to the grid; FALSE if none. */
static gboolean
symbol_grid_cells (const SymbolGrid *grid,
                   double            x0,
                   double            y0,
                   double            x1,
                   double            y1,
                   int              *c0,
                   int              *r0,
                   int              *c1,
                   int              *r1)
{
  *c0 = MAX ((int) floor (x0 / CELL), 0);
  *r0 = MAX ((int) floor (y0 / CELL), 0);
  *c1 = MIN ((int) floor (x1 / CELL), grid->columns - 1);
  *r1 = MIN ((int) floor (y1 / CELL), grid->rows - 1);
  return *c0 <= *c1 && *r0 <= *r1;
}

/* Files each symbol in view (@width x @height) under every cell it touches. */
static void
symbol_grid_build (GlossGraphView *self,
                   SymbolGrid     *grid,
                   double          width,
                   double          height)
{
  GPtrArray *nodes = self->graph->nodes;
  guint cells, total = 0;

  symbol_grid_clear (grid);
  grid->columns = MAX ((int) ceil (width / CELL), 1);
  grid->rows = MAX ((int) ceil (height / CELL), 1);
  cells = (guint) (grid->columns * grid->rows);
  grid->start = g_new0 (guint, cells + 1);
  /* Two passes: count per cell, then fill. */
  for (int pass = 0; pass < 2; pass++)
    {
      g_autofree guint *fill = pass ? g_memdup2 (grid->start, sizeof (guint) * cells) : NULL;

      for (guint i = 0; i < nodes->len; i++)
        {
          double x, y, r = screen_radius (self, nodes->pdata[i]);
          int c0, r0, c1, r1;

          to_screen (self, ((GlossGraphNode *) nodes->pdata[i])->x, ((GlossGraphNode *) nodes->pdata[i])->y, &x, &y);
          if (!symbol_grid_cells (grid, x - r, y - r, x + r, y + r, &c0, &r0, &c1, &r1))
            continue;
          for (int row = r0; row <= r1; row++)
            for (int col = c0; col <= c1; col++)
              {
                guint c = (guint) (row * grid->columns + col);

                if (pass == 0)
                  grid->start[c + 1]++;
                else
                  grid->nodes[fill[c]++] = i;
              }
        }
      if (pass == 0)
        {
          for (guint c = 0; c < cells; c++)
            grid->start[c + 1] += grid->start[c];
          total = grid->start[cells];
          grid->nodes = g_new (guint, MAX (total, 1));
        }
    }
}

/* Whether @box covers the symbol of a node other than @self_node. */
static gboolean
symbol_grid_hits (GlossGraphView          *self,
                  const SymbolGrid        *grid,
                  const cairo_rectangle_t *box,
                  guint                    self_node)
{
  int c0, r0, c1, r1;

  if (grid == NULL || grid->start == NULL ||
      !symbol_grid_cells (grid, box->x, box->y, box->x + box->width, box->y + box->height, &c0, &r0, &c1, &r1))
    return FALSE;
  for (int row = r0; row <= r1; row++)
    for (int col = c0; col <= c1; col++)
      {
        guint c = (guint) (row * grid->columns + col);

        for (guint k = grid->start[c]; k < grid->start[c + 1]; k++)
          {
            const GlossGraphNode *n = self->graph->nodes->pdata[grid->nodes[k]];
            double x, y, r;

            if (grid->nodes[k] == self_node)
              continue;
            r = screen_radius (self, n);
            to_screen (self, n->x, n->y, &x, &y);
            if (x + r > box->x && x - r < box->x + box->width && y + r > box->y && y - r < box->y + box->height)
              return TRUE;
          }
      }
  return FALSE;
}

/* The names where they can be read (the busiest first, at most MAX_LABELS, none
 * over another), but that of @without, from the @from-th in label_order until all
 * are placed or @deadline (monotonic time; 0: none) has passed; returns where it
 * stopped. @placed (cairo_rectangle_t) holds the boxes of the names drawn so far and
 * @shown marks their nodes: both carry on from one slice to the next, and start
 * empty. */
static guint
draw_labels (GlossGraphView *self,
             cairo_t        *cr,
             double          width,
             double          height,
             const GdkRGBA  *fg,
             int             without,
             guint8         *shown,
             GArray         *placed,
             const SymbolGrid *symbols,
             guint           from,
             gint64          deadline)
{
  GPtrArray *nodes = self->graph->nodes;
  guint k;

  for (k = from; k < nodes->len && placed->len < MAX_LABELS; k++)
    {
      guint i = self->label_order[k];
      const GlossGraphNode *n = nodes->pdata[i];
      cairo_rectangle_t box;
      double x, y;
      int place, first_free = LABEL_NONE, first_in_view = LABEL_NONE;

      /* A name costs its shaping (once per chart) and its glyphs: the clock is
       * read for each. */
      if (deadline > 0 && k > from && g_get_monotonic_time () > deadline)
        break;
      if ((int) i == without)
        continue;
      to_screen (self, n->x, n->y, &x, &y);
      if (!visible (x, y, 80, width, height))
        continue;
      if (self->scale < 0.45 && k >= 40)
        continue;
      /* A name over another can be read as neither: the busier one keeps its place,
       * and this one takes the first other place around its symbol that is free,
       * in view and off the other symbols; else the first free one in view; else
       * the first free one, cut by the edge. */
      for (place = LABEL_BELOW; place < LABEL_N_PLACES; place++)
        {
          gboolean free_place = TRUE;

          box = label_box (self, i, place);
          for (guint p = 0; p < placed->len && free_place; p++)
            {
              const cairo_rectangle_t *o = &g_array_index (placed, cairo_rectangle_t, p);

              free_place = box.x + box.width <= o->x || o->x + o->width <= box.x ||
                           box.y + box.height <= o->y || o->y + o->height <= box.y;
            }
          if (!free_place)
            continue;
          if (first_free == LABEL_NONE)
            first_free = place;
          if (box.x < 0 || box.y < 0 || box.x + box.width > width || box.y + box.height > height)
            continue;
          if (first_in_view == LABEL_NONE)
            first_in_view = place;
          if (!symbol_grid_hits (self, symbols, &box, i))
            break;
        }
      if (place == LABEL_N_PLACES)
        {
          place = first_in_view != LABEL_NONE ? first_in_view : first_free;
          if (place == LABEL_NONE)
            continue;
          box = label_box (self, i, place);
        }
      g_array_append_val (placed, box);
      draw_label (self, cr, i, place, fg, 0.85);
      shown[i] = (guint8) place;
    }
  return placed->len < MAX_LABELS ? k : nodes->len;
}

/* All nodes but @without, at once (an export): the symbols as paths, then the
 * names; @shown tells which names were drawn. */
static void
draw_static_nodes (GlossGraphView *self,
                   cairo_t        *cr,
                   double          width,
                   double          height,
                   const GdkRGBA  *fg,
                   int             without,
                   guint8         *shown)
{
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (cairo_rectangle_t));
  SymbolGrid symbols = { 0 };

  draw_symbols (self, cr, width, height, fg, without);
  memset (shown, 0, self->graph->nodes->len);
  symbol_grid_build (self, &symbols, width, height);
  draw_labels (self, cr, width, height, fg, without, shown, placed, &symbols, 0, 0);
  symbol_grid_clear (&symbols);
}

/* What changes without the rest of the chart: node @without (being dragged) with
 * its edges and name, and the selection. @shown: the names the static picture has. */
static void
draw_overlay (GlossGraphView *self,
              cairo_t        *cr,
              double          width,
              double          height,
              const GdkRGBA  *fg,
              const GdkRGBA  *accent,
              int             without,
              const guint8   *shown)
{
  GPtrArray *nodes = self->graph->nodes, *edges = self->graph->edges;
  /* The node the static picture leaves out, and the one being dragged: while the
   * picture is drawn again they may differ (it catches up in a few frames). */
  const int over[] = { without, self->moving_node != without ? self->moving_node : -1 };

  for (guint o = 0; o < G_N_ELEMENTS (over); o++)
    {
      int i = over[o];

      if (i < 0)
        continue;
      for (guint k = self->incident_start[i]; k < self->incident_start[i + 1]; k++)
        draw_one_edge (self, cr, edges->pdata[self->incident[k]], width, height, fg, NULL);
      draw_one_node (self, cr, (guint) i, width, height, fg);
      draw_label (self, cr, (guint) i, LABEL_BELOW, fg, 0.85);
    }
  if (self->selected_edge >= 0)
    {
      const GlossGraphEdge *e = edges->pdata[self->selected_edge];

      draw_one_edge (self, cr, e, width, height, fg, accent);
      /* Its ends and their names stay over it, as in the static picture. */
      draw_one_node (self, cr, e->source, width, height, fg);
      draw_one_node (self, cr, e->target, width, height, fg);
      if (shown != NULL && shown[e->source])
        draw_label (self, cr, e->source, shown[e->source], fg, 0.85);
      if (shown != NULL && shown[e->target])
        draw_label (self, cr, e->target, shown[e->target], fg, 0.85);
    }
  if (self->selected_node >= 0)
    {
      const GlossGraphNode *n = nodes->pdata[self->selected_node];
      double x, y, r = screen_radius (self, n);

      to_screen (self, n->x, n->y, &x, &y);
      if (visible (x, y, r + 8, width, height))
        {
          symbol_path (cr, self->symbols[self->selected_node], x, y, r + 4);
          cairo_set_source_rgba (cr, accent->red, accent->green, accent->blue, 1);
          cairo_set_line_width (cr, 3);
          cairo_stroke (cr);
        }
      if (self->selected_node != without && self->selected_node != self->moving_node &&
          (shown == NULL || !shown[self->selected_node]) &&
          visible (x, y, 80, width, height))
        draw_label (self, cr, (guint) self->selected_node, LABEL_BELOW, fg, 1);
    }
}

static void
get_accent (GdkRGBA *accent)
{
  gdk_rgba_parse (accent, adw_style_manager_get_dark (adw_style_manager_get_default ()) ? "#78aeed" : "#1c71d8");
}

void
gloss_graph_view_draw (GlossGraphView *self,
                       cairo_t        *cr,
                       double          width,
                       double          height)
{
  g_autofree guint8 *shown = NULL;
  GdkRGBA fg, accent;

  g_return_if_fail (GLOSS_IS_GRAPH_VIEW (self));

  get_foreground (self, &fg);
  get_accent (&accent);
  if (self->graph == NULL || self->graph->nodes->len == 0)
    {
      PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self),
          _("No entities in view. Tag people, organizations and places (or link annotations) and they appear here."));

      pango_layout_set_width (layout, (int) MAX (width - 48, 10) * PANGO_SCALE);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.6);
      cairo_move_to (cr, 24, height / 2 - 10);
      pango_cairo_show_layout (cr, layout);
      g_object_unref (layout);
      return;
    }
  shown = g_new0 (guint8, self->graph->nodes->len);
  draw_edge_lines (self, cr, width, height, &fg, -1, FALSE, 0, 0);
  draw_arrowheads (self, cr, width, height, &fg, -1, 0, 0);
  draw_static_nodes (self, cr, width, height, &fg, -1, shown);
  draw_overlay (self, cr, width, height, &fg, &accent, -1, shown);
}

static void
invalidate (GlossGraphView *self)
{
  self->cache_valid = FALSE;
  /* A picture under way shows the chart as it was: start again. */
  self->building = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The zoom rested: draw the chart at its new scale. */
static gboolean
settle_cb (gpointer data)
{
  GlossGraphView *self = data;

  if (self->settle_pending)
    {
      self->settle_pending = FALSE;
      return G_SOURCE_CONTINUE;
    }
  self->settle_id = 0;
  self->zoom_rested = TRUE;
  invalidate (self);
  return G_SOURCE_REMOVE;
}

/* The margin of the static picture around the view, on each side. */
static double
cache_margin (double width,
              double height)
{
  return MAX (width, height) / 4;
}

/* Clears the rows of @surface from @from on until all are clear or @deadline
 * (monotonic time) has passed, some pages of memory at a time; returns where it
 * stopped. Written into its memory, not drawn: cairo skips clearing a new surface
 * (it knows it is clear), and then its untouched pages stay the kernel's zero page
 * until the picture is drawn into them, each a fault to copy on write then; cleared
 * here, every page is written once, a slice at a time, before anything reads it.
 * Bands of a few pages, because writing a page can cost far more than its bytes:
 * on the benchmark's machine (a virtual machine, other processes busy), clearing
 * 32 rows of a picture not written for some seconds took 41 ms of CPU, page faults
 * all of it. */
static guint
clear_rows (cairo_surface_t *surface,
            guint            from,
            gint64           deadline)
{
  int rows = cairo_image_surface_get_height (surface), stride = cairo_image_surface_get_stride (surface);
  int band = MAX (1, 4 * 4096 / MAX (stride, 1));
  guchar *data;
  guint y;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  for (y = from; y < (guint) rows; y += (guint) band)
    {
      if (deadline > 0 && y > from && g_get_monotonic_time () > deadline)
        break;
      memset (data + (gsize) y * stride, 0, (gsize) MIN (band, rows - (int) y) * stride);
    }
  cairo_surface_mark_dirty (surface);
  return MIN (y, (guint) rows);
}

/* Draws the next slice of the static picture being made (everything but the node
 * being dragged, its edges, and the selection, with a margin around the view) until
 * @deadline (0: to the end), and when it is complete makes it the picture shown.
 * Every step of it goes a slice a frame (the lines, the arrowheads, the symbols and
 * the names, each resumed where the last slice stopped), so that no frame waits for
 * all of one: until the new picture is complete the old one stands in, moved and
 * scaled, with the moving node over it. */
static void
build_step (GlossGraphView *self,
            gint64          deadline)
{
  double margin = cache_margin (self->next_width, self->next_height);
  double view_scale = self->scale, view_ox = self->ox, view_oy = self->oy;
  int w = (int) ceil (self->next_width + 2 * margin), h = (int) ceil (self->next_height + 2 * margin);
  cairo_t *c;

  if (self->next == NULL)
    {
      /* The picture shown before the last, if it has the size: a new one of some
       * megabytes costs more in page faults than clearing this one. */
      if (self->spare != NULL && cairo_image_surface_get_width (self->spare) == w * self->next_factor &&
          cairo_image_surface_get_height (self->spare) == h * self->next_factor)
        {
          double sx, sy;

          cairo_surface_get_device_scale (self->spare, &sx, &sy);
          if (sx == self->next_factor)
            self->next = g_steal_pointer (&self->spare);
        }
      g_clear_pointer (&self->spare, cairo_surface_destroy);
      /* Cleared a slice at a time (build_step()), the one before and a new one
       * too: that writes its pages for the first time a slice at a time. */
      if (self->next == NULL)
        {
          self->next = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w * self->next_factor, h * self->next_factor);
          cairo_surface_set_device_scale (self->next, self->next_factor, self->next_factor);
        }
    }
  c = cairo_create (self->next);
  /* Drawn as if the view were the picture's size, the view's own area in the middle,
   * at the pan and zoom the build started with. */
  self->scale = self->next_scale;
  self->ox = self->next_ox + margin;
  self->oy = self->next_oy + margin;
  if (self->next_phase <= BUILD_LINES && self->next_index == 0)
    self->next_crowded = edges_crowded (self, w, h);
  while (self->next_phase != BUILD_DONE && (deadline == 0 || g_get_monotonic_time () < deadline))
    {
      guint end = self->graph->edges->len;

      switch (self->next_phase)
        {
        case BUILD_CLEAR:
          end = (guint) cairo_image_surface_get_height (self->next);
          self->next_index = clear_rows (self->next, self->next_index, deadline);
          break;
        case BUILD_LINES:
          self->next_index = draw_edge_lines (self, c, w, h, &self->next_fg, self->next_without,
                                              self->next_crowded, self->next_index, deadline);
          break;
        case BUILD_ARROWHEADS:
          self->next_index = draw_arrowheads (self, c, w, h, &self->next_fg, self->next_without,
                                              self->next_index, deadline);
          break;
        case BUILD_SYMBOLS:
          end = self->graph->nodes->len;
          self->next_index = draw_sprites (self, c, w, h, &self->next_fg, self->next_without, self->next_factor,
                                           self->next_index, deadline);
          break;
        case BUILD_NAMES:
        default:
          end = self->graph->nodes->len;
          if (self->next_index == 0)
            symbol_grid_build (self, &self->next_symbols, w, h);
          self->next_index = draw_labels (self, c, w, h, &self->next_fg, self->next_without, self->next_shown,
                                          self->next_placed, &self->next_symbols, self->next_index, deadline);
          break;
        }
      if (self->next_index >= end)
        {
          self->next_phase++;
          self->next_index = 0;
        }
    }
  self->scale = view_scale;
  self->ox = view_ox;
  self->oy = view_oy;
  cairo_destroy (c);
  if (self->next_phase != BUILD_DONE)
    return;

  g_clear_pointer (&self->spare, cairo_surface_destroy);
  {
    guint8 *shown = self->cache_shown;

    self->cache_shown = self->next_shown;
    self->next_shown = shown;
  }
  self->spare = g_steal_pointer (&self->cache);
  self->cache = g_steal_pointer (&self->next);
  self->building = FALSE;
  self->static_draws++;
  self->cache_valid = TRUE;
  self->cache_scale = self->next_scale;
  self->cache_ox = self->next_ox;
  self->cache_oy = self->next_oy;
  self->cache_width = self->next_width;
  self->cache_height = self->next_height;
  self->cache_factor = self->next_factor;
  self->cache_fg = self->next_fg;
  self->cache_without = self->next_without;
}

static void
build_start (GlossGraphView *self,
             double          width,
             double          height,
             int             scale_factor,
             const GdkRGBA  *fg)
{
  if (self->next != NULL)
    {
      g_clear_pointer (&self->spare, cairo_surface_destroy);
      self->spare = g_steal_pointer (&self->next);
    }
  self->building = TRUE;
  self->next_phase = BUILD_CLEAR;
  self->next_index = 0;
  g_array_set_size (self->next_placed, 0);
  memset (self->next_shown, 0, MAX (self->graph->nodes->len, 1));
  self->next_scale = self->scale;
  self->next_ox = self->ox;
  self->next_oy = self->oy;
  self->next_width = width;
  self->next_height = height;
  self->next_factor = scale_factor;
  self->next_fg = *fg;
  self->next_without = self->moving_node;
}

/* While a picture is being made, each frame (the tick) asks for the next. */
static gboolean
build_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       data)
{
  GlossGraphView *self = GLOSS_GRAPH_VIEW (widget);

  if (!self->building)
    {
      self->build_tick = 0;
      return G_SOURCE_REMOVE;
    }
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

void
gloss_graph_view_draw_frame (GlossGraphView *self,
                             cairo_t        *cr,
                             double          width,
                             double          height,
                             int             scale_factor)
{
  double margin = cache_margin (width, height), k;
  gboolean fits, current;
  GdkRGBA fg, accent;

  g_return_if_fail (GLOSS_IS_GRAPH_VIEW (self));

  get_foreground (self, &fg);
  get_accent (&accent);
  if (self->graph == NULL || self->graph->nodes->len == 0)
    {
      gloss_graph_view_draw (self, cr, width, height);
      return;
    }
  /* The picture can stand in (moved, or scaled while a zoom goes on) at this size... */
  fits = self->cache != NULL && width == self->cache_width && height == self->cache_height &&
         scale_factor == self->cache_factor;
  /* ... and shows the chart as it is now. */
  current = fits && self->cache_valid && gdk_rgba_equal (&fg, &self->cache_fg) &&
            self->moving_node == self->cache_without && self->scale == self->cache_scale &&
            fabs (self->ox - self->cache_ox) <= margin && fabs (self->oy - self->cache_oy) <= margin;
  if (fits && !self->zoom_rested && self->scale != self->cache_scale &&
      self->scale / self->cache_scale > 0.25 && self->scale / self->cache_scale < 4)
    {
      /* While zooming, the picture scaled stands in; it is drawn again once the zoom
       * has rested for a moment. */
      if (self->settle_id == 0)
        self->settle_id = g_timeout_add (200, settle_cb, self);
      else
        self->settle_pending = TRUE;
    }
  else if (!current)
    {
      if (!self->building || self->next_scale != self->scale || self->next_width != width ||
          self->next_height != height || self->next_factor != scale_factor ||
          !gdk_rgba_equal (&fg, &self->next_fg) || self->next_without != self->moving_node ||
          fabs (self->ox - self->next_ox) > margin || fabs (self->oy - self->next_oy) > margin)
        build_start (self, width, height, scale_factor, &fg);
      /* With nothing to stand in, the whole picture now; else a slice of it. */
      build_step (self, fits ? g_get_monotonic_time () + BUILD_SLICE_US : 0);
      if (self->building && self->build_tick == 0)
        self->build_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), build_tick_cb, NULL, NULL);
    }

  /* A picture pixel c shows the chart point (c - cache_o - margin) / cache_scale. */
  k = self->scale / self->cache_scale;
  cairo_save (cr);
  cairo_translate (cr, self->ox - (self->cache_ox + margin) * k, self->oy - (self->cache_oy + margin) * k);
  cairo_scale (cr, k, k);
  cairo_set_source_surface (cr, self->cache, 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);
  /* Scaled, the picture's names are not where the overlay would put them. */
  draw_overlay (self, cr, width, height, &fg, &accent, self->cache_without, k == 1 ? self->cache_shown : NULL);
}

static void
gloss_graph_view_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  GlossGraphView *self = GLOSS_GRAPH_VIEW (widget);
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, (float) width, (float) height));
  gloss_graph_view_draw_frame (self, cr, width, height, gtk_widget_get_scale_factor (widget));
  if (gtk_widget_has_visible_focus (widget))
    {
      GdkRGBA fg;

      get_foreground (self, &fg);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.5);
      cairo_set_line_width (cr, 2);
      cairo_rectangle (cr, 1, 1, width - 2, height - 2);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

/* ------------------------------------------------------------------------- */
/* The chart                                                                  */

static void
clear_layouts (GlossGraphView *self)
{
  if (self->layouts != NULL && self->graph != NULL)
    for (guint i = 0; i < self->graph->nodes->len; i++)
      g_clear_object (&self->layouts[i]);
  g_clear_pointer (&self->layouts, g_free);
}

static int
compare_busiest (gconstpointer a,
                 gconstpointer b,
                 gpointer      data)
{
  GPtrArray *nodes = data;
  const GlossGraphNode *x = nodes->pdata[*(const guint *) a];
  const GlossGraphNode *y = nodes->pdata[*(const guint *) b];

  if (x->mentions != y->mentions)
    return x->mentions > y->mentions ? -1 : 1;
  return (int) *(const guint *) a - (int) *(const guint *) b;
}

static int
compare_colour (gconstpointer a,
                gconstpointer b,
                gpointer      data)
{
  const GdkRGBA *colours = data, *x = &colours[*(const guint *) a], *y = &colours[*(const guint *) b];
  const double u[] = { x->red, x->green, x->blue, x->alpha }, v[] = { y->red, y->green, y->blue, y->alpha };

  for (guint k = 0; k < G_N_ELEMENTS (u); k++)
    if (u[k] != v[k])
      return u[k] < v[k] ? -1 : 1;
  return (int) *(const guint *) a - (int) *(const guint *) b;
}

static int
compare_batch (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  GPtrArray *edges = data;
  guint x = edge_batch (edges->pdata[*(const guint *) a]), y = edge_batch (edges->pdata[*(const guint *) b]);

  if (x != y)
    return x < y ? -1 : 1;
  return (int) *(const guint *) a - (int) *(const guint *) b;
}

static void
clear_chart (GlossGraphView *self)
{
  clear_layouts (self);
  g_clear_pointer (&self->colours, g_free);
  g_clear_pointer (&self->label_order, g_free);
  g_clear_pointer (&self->colour_order, g_free);
  g_clear_pointer (&self->symbols, g_free);
  g_clear_pointer (&self->colour_ids, g_free);
  g_clear_pointer (&self->sprites, g_hash_table_unref);
  g_clear_pointer (&self->edge_order, g_free);
  g_clear_pointer (&self->incident_start, g_free);
  g_clear_pointer (&self->incident, g_free);
  g_clear_pointer (&self->cache_shown, g_free);
  g_clear_pointer (&self->next_shown, g_free);
  g_clear_pointer (&self->graph, gloss_graph_free);
}

/* What drawing needs of the chart, worked out once: colours, symbols, the orders of
 * names, colours and edge batches, and each node's edges. */
static void
prepare_chart (GlossGraphView *self)
{
  GlossGraph *graph = self->graph;
  guint n = graph ? graph->nodes->len : 0, m = graph ? graph->edges->len : 0;

  self->colours = g_new0 (GdkRGBA, MAX (n, 1));
  self->layouts = g_new0 (PangoLayout *, MAX (n, 1));
  self->label_order = g_new0 (guint, MAX (n, 1));
  self->colour_order = g_new0 (guint, MAX (n, 1));
  self->symbols = g_new0 (GlossGraphSymbol, MAX (n, 1));
  self->colour_ids = g_new0 (guint, MAX (n, 1));
  self->cache_shown = g_new0 (guint8, MAX (n, 1));
  self->next_shown = g_new0 (guint8, MAX (n, 1));
  self->edge_order = g_new0 (guint, MAX (m, 1));
  self->incident_start = g_new0 (guint, n + 1);
  self->incident = g_new0 (guint, MAX (2 * m, 1));
  for (guint i = 0; i < n; i++)
    {
      const GlossGraphNode *node = graph->nodes->pdata[i];

      if (node->colour == NULL || !gdk_rgba_parse (&self->colours[i], node->colour))
        gdk_rgba_parse (&self->colours[i], "#77767b");
      self->symbols[i] = gloss_graph_symbol_for_type (node->type);
      self->label_order[i] = self->colour_order[i] = i;
    }
  if (n > 0)
    {
      g_qsort_with_data (self->label_order, (int) n, sizeof (guint), compare_busiest, graph->nodes);
      g_qsort_with_data (self->colour_order, (int) n, sizeof (guint), compare_colour, self->colours);
      for (guint k = 1; k < n; k++)
        self->colour_ids[self->colour_order[k]] = self->colour_ids[self->colour_order[k - 1]] +
          !gdk_rgba_equal (&self->colours[self->colour_order[k]], &self->colours[self->colour_order[k - 1]]);
    }
  for (guint e = 0; e < m; e++)
    {
      const GlossGraphEdge *edge = graph->edges->pdata[e];

      self->edge_order[e] = e;
      self->incident_start[edge->source + 1]++;
      if (edge->target != edge->source)
        self->incident_start[edge->target + 1]++;
    }
  if (m > 0)
    g_qsort_with_data (self->edge_order, (int) m, sizeof (guint), compare_batch, graph->edges);
  for (guint i = 0; i < n; i++)
    self->incident_start[i + 1] += self->incident_start[i];
  {
    g_autofree guint *fill = g_memdup2 (self->incident_start, sizeof (guint) * (n + 1));

    for (guint e = 0; e < m; e++)
      {
        const GlossGraphEdge *edge = graph->edges->pdata[e];

        self->incident[fill[edge->source]++] = e;
        if (edge->target != edge->source)
          self->incident[fill[edge->target]++] = e;
      }
  }
}

void
gloss_graph_view_set_graph (GlossGraphView *self,
                            GlossGraph     *graph)
{
  g_autofree char *node_id = NULL;
  g_autofree char *edge_a = NULL;
  g_autofree char *edge_b = NULL;
  GlossGraphEdgeKind edge_kind = GLOSS_GRAPH_EDGE_COOCCURRENCE;

  g_return_if_fail (GLOSS_IS_GRAPH_VIEW (self));

  /* What was selected, by entity ids, to find again. */
  if (self->graph != NULL && self->selected_node >= 0)
    node_id = g_strdup (((GlossGraphNode *) self->graph->nodes->pdata[self->selected_node])->id);
  if (self->graph != NULL && self->selected_edge >= 0)
    {
      const GlossGraphEdge *e = self->graph->edges->pdata[self->selected_edge];

      edge_a = g_strdup (((GlossGraphNode *) self->graph->nodes->pdata[e->source])->id);
      edge_b = g_strdup (((GlossGraphNode *) self->graph->nodes->pdata[e->target])->id);
      edge_kind = e->kind;
    }

  clear_chart (self);
  self->graph = graph;
  self->selected_node = self->selected_edge = -1;
  self->drag_node = self->moving_node = -1;
  /* The picture of the chart before stands in until the new one is made; what it
   * leaves out is of that chart. */
  self->cache_without = -1;
  self->building = FALSE;
  prepare_chart (self);

  if (graph != NULL && node_id != NULL)
    self->selected_node = gloss_graph_find_node (graph, node_id);
  if (graph != NULL && edge_a != NULL)
    {
      int a = gloss_graph_find_node (graph, edge_a), b = gloss_graph_find_node (graph, edge_b);

      if (a >= 0 && b >= 0)
        self->selected_edge = gloss_graph_find_edge (graph, (guint) a, (guint) b, edge_kind);
    }
  if (!self->has_view && gtk_widget_get_width (GTK_WIDGET (self)) > 0)
    gloss_graph_view_fit (self);
  update_accessible (self);
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
  invalidate (self);
}

const GlossGraph *
gloss_graph_view_get_graph (GlossGraphView *self)
{
  g_return_val_if_fail (GLOSS_IS_GRAPH_VIEW (self), NULL);
  return self->graph;
}

GHashTable *
gloss_graph_view_dup_positions (GlossGraphView *self)
{
  GHashTable *positions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_return_val_if_fail (GLOSS_IS_GRAPH_VIEW (self), positions);

  for (guint i = 0; self->graph != NULL && i < self->graph->nodes->len; i++)
    {
      const GlossGraphNode *node = self->graph->nodes->pdata[i];
      GlossGraphPoint *p = g_new (GlossGraphPoint, 1);

      p->x = node->x;
      p->y = node->y;
      g_hash_table_insert (positions, g_strdup (node->id), p);
    }
  return positions;
}

/* ------------------------------------------------------------------------- */
/* Selection                                                                  */

static void
update_accessible (GlossGraphView *self)
{
  g_autofree char *description = NULL;

  if (self->selected_node >= 0)
    {
      const GlossGraphNode *n = self->graph->nodes->pdata[self->selected_node];

      description = g_strdup_printf (ngettext ("%s, %s, %u mention", "%s, %s, %u mentions", n->mentions),
                                     n->name, n->type, n->mentions);
    }
  else if (self->selected_edge >= 0)
    {
      const GlossGraphEdge *e = self->graph->edges->pdata[self->selected_edge];

      description = g_strdup_printf (_("%s – %s, weight %u"),
                                     ((GlossGraphNode *) self->graph->nodes->pdata[e->source])->name,
                                     ((GlossGraphNode *) self->graph->nodes->pdata[e->target])->name, e->weight);
    }
  else
    description = g_strdup_printf (_("%u entities, %u connections"), self->graph ? self->graph->nodes->len : 0,
                                   self->graph ? self->graph->edges->len : 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

static void
set_selection (GlossGraphView *self,
               int             node,
               int             edge)
{
  if (node == self->selected_node && edge == self->selected_edge)
    return;
  self->selected_node = node;
  self->selected_edge = edge;
  update_accessible (self);
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
  /* Drawn over the static picture: that stays as it is. */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

int
gloss_graph_view_get_selected_node (GlossGraphView *self)
{
  g_return_val_if_fail (GLOSS_IS_GRAPH_VIEW (self), -1);
  return self->selected_node;
}

int
gloss_graph_view_get_selected_edge (GlossGraphView *self)
{
  g_return_val_if_fail (GLOSS_IS_GRAPH_VIEW (self), -1);
  return self->selected_edge;
}

void
gloss_graph_view_select_node (GlossGraphView *self,
                              int             index)
{
  g_return_if_fail (GLOSS_IS_GRAPH_VIEW (self));
  if (self->graph == NULL || index < 0 || (guint) index >= self->graph->nodes->len)
    index = -1;
  set_selection (self, index, -1);
}

void
gloss_graph_view_select_edge (GlossGraphView *self,
                              int             index)
{
  g_return_if_fail (GLOSS_IS_GRAPH_VIEW (self));
  if (self->graph == NULL || index < 0 || (guint) index >= self->graph->edges->len)
    index = -1;
  set_selection (self, -1, index);
}

void
gloss_graph_view_move_node (GlossGraphView *self,
                            guint           index,
                            double          x,
                            double          y)
{
  GlossGraphNode *n;

  g_return_if_fail (GLOSS_IS_GRAPH_VIEW (self) && self->graph != NULL && index < self->graph->nodes->len);
  n = self->graph->nodes->pdata[index];
  n->x = x;
  n->y = y;
  /* Left out of the static picture while it moves (drawing that again once), drawn
   * over it with its edges each frame. */
  self->moving_node = (int) index;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
gloss_graph_view_drop_node (GlossGraphView *self)
{
  GlossGraphNode *n;
  guint index;

  g_return_if_fail (GLOSS_IS_GRAPH_VIEW (self));
  if (self->moving_node < 0 || self->graph == NULL)
    return;
  index = (guint) self->moving_node;
  n = self->graph->nodes->pdata[index];
  n->pinned = TRUE;
  self->moving_node = -1;
  invalidate (self);
  g_signal_emit (self, signals[NODE_MOVED], 0, index);
}

guint
gloss_graph_view_get_static_draws (GlossGraphView *self)
{
  g_return_val_if_fail (GLOSS_IS_GRAPH_VIEW (self), 0);
  return self->static_draws;
}

GlossGraphNamePlace
gloss_graph_view_get_name_place (GlossGraphView *self,
                                 guint           index)
{
  g_return_val_if_fail (GLOSS_IS_GRAPH_VIEW (self), GLOSS_GRAPH_NAME_NONE);
  if (!self->cache_valid || self->graph == NULL || index >= self->graph->nodes->len)
    return GLOSS_GRAPH_NAME_NONE;
  return (GlossGraphNamePlace) self->cache_shown[index];
}

static int
node_at (GlossGraphView *self,
         double          x,
         double          y)
{
  /* The last drawn (topmost) first. */
  for (guint i = self->graph ? self->graph->nodes->len : 0; i-- > 0;)
    {
      const GlossGraphNode *n = self->graph->nodes->pdata[i];
      double sx, sy;

      to_screen (self, n->x, n->y, &sx, &sy);
      if (hypot (sx - x, sy - y) <= screen_radius (self, n) + 2)
        return (int) i;
    }
  return -1;
}

static int
edge_at (GlossGraphView *self,
         double          x,
         double          y)
{
  int best = -1;
  double best_d = PICK_SLOP;

  for (guint i = 0; self->graph != NULL && i < self->graph->edges->len; i++)
    {
      const GlossGraphEdge *e = self->graph->edges->pdata[i];
      const GlossGraphNode *a = self->graph->nodes->pdata[e->source], *b = self->graph->nodes->pdata[e->target];
      double x0, y0, x1, y1, dx, dy, t, d, len2;

      to_screen (self, a->x, a->y, &x0, &y0);
      to_screen (self, b->x, b->y, &x1, &y1);
      dx = x1 - x0;
      dy = y1 - y0;
      len2 = dx * dx + dy * dy;
      t = len2 > 0 ? CLAMP (((x - x0) * dx + (y - y0) * dy) / len2, 0, 1) : 0;
      d = hypot (x0 + t * dx - x, y0 + t * dy - y) - edge_width (e) / 2;
      if (d <= best_d)
        {
          best_d = d;
          best = (int) i;
        }
    }
  return best;
}

void
gloss_graph_view_node_point (GlossGraphView *self,
                             guint           index,
                             double         *x,
                             double         *y)
{
  const GlossGraphNode *n;

  g_return_if_fail (GLOSS_IS_GRAPH_VIEW (self) && self->graph != NULL && index < self->graph->nodes->len);
  n = self->graph->nodes->pdata[index];
  to_screen (self, n->x, n->y, x, y);
}

/* ------------------------------------------------------------------------- */
/* Pan and zoom                                                               */

static void
zoom_at (GlossGraphView *self,
         double          factor,
         double          x,
         double          y)
{
  double scale = CLAMP (self->scale * factor, MIN_SCALE, MAX_SCALE);

  factor = scale / self->scale;
  /* Zooming again: the picture scaled stands in until the zoom rests. */
  if (factor != 1)
    self->zoom_rested = FALSE;
  self->ox = x - (x - self->ox) * factor;
  self->oy = y - (y - self->oy) * factor;
  self->scale = scale;
  self->has_view = TRUE;
  self->fitted = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
gloss_graph_view_zoom (GlossGraphView *self,
                       double          factor)
{
  g_return_if_fail (GLOSS_IS_GRAPH_VIEW (self));
  zoom_at (self, factor, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
           gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

double
gloss_graph_view_get_scale (GlossGraphView *self)
{
  g_return_val_if_fail (GLOSS_IS_GRAPH_VIEW (self), 1);
  return self->scale;
}

/* Narrows a fit's scale until the names under the symbols near the edges are in
 * view too: a name keeps its size in pixels, so the 60 px margin alone let a long
 * name at the far left or right run off the chart. Only the symbols near an edge at
 * the first scale are measured, so that a large chart does not lay out every name. */
static void
fit_names (GlossGraphView *self,
           double          width,
           double          height,
           double          cx,
           double          cy)
{
  const double pad = 8, near = 120;
  double half_w = width / 2 - pad, half_h = height / 2 - pad, scale = self->scale;

  for (guint i = 0; i < self->graph->nodes->len; i++)
    {
      const GlossGraphNode *n = self->graph->nodes->pdata[i];
      double dx = fabs (n->x - cx) * self->scale, dy = (n->y - cy) * self->scale;
      double r = node_radius (n) * MIN (self->scale, 1.5);
      int lw, lh;

      if (dx < half_w - near && dy < half_h - near)
        continue;
      pango_layout_get_pixel_size (layout_for (self, i), &lw, &lh);
      /* Never below half the room: one very long name does not shrink the chart away. */
      if (fabs (n->x - cx) > 1e-9)
        scale = MIN (scale, MAX (half_w - MAX (lw / 2.0, r), half_w / 2) / fabs (n->x - cx));
      if (n->y - cy > 1e-9)
        scale = MIN (scale, MAX (half_h - r - 2 - lh, half_h / 2) / (n->y - cy));
    }
  self->scale = MAX (scale, MIN_SCALE);
}

static void
fit_to (GlossGraphView *self,
        double          width,
        double          height)
{
  double x0, y0, x1, y1, margin = 60;

  if (!gloss_graph_bounds (self->graph, &x0, &y0, &x1, &y1))
    {
      self->scale = 1;
      self->ox = width / 2;
      self->oy = height / 2;
      return;
    }
  self->scale = CLAMP (MIN ((width - 2 * margin) / MAX (x1 - x0, 1), (height - 2 * margin) / MAX (y1 - y0, 1)),
                       MIN_SCALE, 1.5);
  fit_names (self, width, height, (x0 + x1) / 2, (y0 + y1) / 2);
  self->ox = width / 2 - (x0 + x1) / 2 * self->scale;
  self->oy = height / 2 - (y0 + y1) / 2 * self->scale;
}

void
gloss_graph_view_fit (GlossGraphView *self)
{
  g_return_if_fail (GLOSS_IS_GRAPH_VIEW (self));
  fit_to (self, gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)));
  self->has_view = self->graph != NULL && gtk_widget_get_width (GTK_WIDGET (self)) > 0;
  self->fitted = self->has_view;
  self->fit_width = gtk_widget_get_width (GTK_WIDGET (self));
  self->fit_height = gtk_widget_get_height (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
gloss_graph_view_pan (GlossGraphView *self,
                      double          dx,
                      double          dy)
{
  g_return_if_fail (GLOSS_IS_GRAPH_VIEW (self));
  self->ox += dx;
  self->oy += dy;
  self->has_view = TRUE;
  self->fitted = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
scroll_cb (GlossGraphView           *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  GdkModifierType mods = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  double x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0, y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));

  if (event != NULL)
    gdk_event_get_position (event, &x, &y);
  /* Shift+scroll pans; scrolling otherwise zooms around the pointer, as maps do. */
  if (mods & GDK_SHIFT_MASK)
    gloss_graph_view_pan (self, -dy * 40, -dx * 40);
  else
    zoom_at (self, pow (1.15, -dy), x, y);
  return TRUE;
}

static void
zoom_begin_cb (GlossGraphView *self,
               GdkEventSequence *sequence,
               GtkGesture     *gesture)
{
  self->zoom_begin = self->scale;
}

static void
zoom_scale_changed_cb (GlossGraphView *self,
                       double          scale,
                       GtkGestureZoom *gesture)
{
  double x, y;

  gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y);
  zoom_at (self, self->zoom_begin * scale / self->scale, x, y);
}

static void
drag_begin_cb (GlossGraphView *self,
               double          x,
               double          y,
               GtkGestureDrag *gesture)
{
  int node = node_at (self, x, y);

  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->drag_node = node;
  self->drag_moved = FALSE;
  self->drag_ox = self->ox;
  self->drag_oy = self->oy;
  if (node >= 0)
    {
      const GlossGraphNode *n = self->graph->nodes->pdata[node];

      self->drag_nx = n->x;
      self->drag_ny = n->y;
      set_selection (self, node, -1);
    }
  else
    set_selection (self, -1, edge_at (self, x, y));
}

static void
drag_update_cb (GlossGraphView *self,
                double          dx,
                double          dy,
                GtkGestureDrag *gesture)
{
  if (!self->drag_moved && hypot (dx, dy) < 3)
    return;
  self->drag_moved = TRUE;
  if (self->drag_node >= 0 && self->graph != NULL)
    gloss_graph_view_move_node (self, (guint) self->drag_node,
                                self->drag_nx + dx / self->scale, self->drag_ny + dy / self->scale);
  else
    {
      self->ox = self->drag_ox + dx;
      self->oy = self->drag_oy + dy;
      self->has_view = TRUE;
      self->fitted = FALSE;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
drag_end_cb (GlossGraphView *self,
             double          dx,
             double          dy,
             GtkGestureDrag *gesture)
{
  if (self->drag_node >= 0 && self->drag_moved && self->graph != NULL)
    gloss_graph_view_drop_node (self);
  self->drag_node = -1;
}

/* ------------------------------------------------------------------------- */
/* Actions                                                                    */

static void
zoom_in_action (GtkWidget *widget, const char *name, GVariant *param)
{
  gloss_graph_view_zoom (GLOSS_GRAPH_VIEW (widget), 1.25);
}

static void
zoom_out_action (GtkWidget *widget, const char *name, GVariant *param)
{
  gloss_graph_view_zoom (GLOSS_GRAPH_VIEW (widget), 0.8);
}

static void
fit_action (GtkWidget *widget, const char *name, GVariant *param)
{
  gloss_graph_view_fit (GLOSS_GRAPH_VIEW (widget));
}

static void
pan_action (GtkWidget  *widget,
            const char *name,
            GVariant   *param)
{
  int dx, dy;

  g_variant_get (param, "(ii)", &dx, &dy);
  gloss_graph_view_pan (GLOSS_GRAPH_VIEW (widget), dx * 40.0, dy * 40.0);
}

static void
step_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  GlossGraphView *self = GLOSS_GRAPH_VIEW (widget);
  int step = g_variant_get_int32 (param);
  int n = self->graph ? (int) self->graph->nodes->len : 0;
  int at;

  if (n == 0)
    return;
  at = self->selected_node < 0 ? (step > 0 ? 0 : n - 1) : ((self->selected_node + step) % n + n) % n;
  gloss_graph_view_select_node (self, at);
  /* Bring it into view. */
  {
    double x, y, w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);

    gloss_graph_view_node_point (self, (guint) at, &x, &y);
    if (!visible (x, y, -40, w, h))
      gloss_graph_view_pan (self, w / 2 - x, h / 2 - y);
  }
}

static void
activate_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  GlossGraphView *self = GLOSS_GRAPH_VIEW (widget);

  if (self->selected_node >= 0 || self->selected_edge >= 0)
    g_signal_emit (self, signals[ACTIVATED], 0);
}

/* ------------------------------------------------------------------------- */
/* Export                                                                     */

static void
draw_cb (GtkWidget   *view,
         GtkSnapshot *snapshot,
         double       width,
         double       height)
{
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, (float) width, (float) height));

  gloss_graph_view_draw (GLOSS_GRAPH_VIEW (view), cr, width, height);
  cairo_destroy (cr);
}

gboolean
gloss_graph_view_save_png (GlossGraphView *self,
                           const char     *path,
                           GError        **error)
{
  g_return_val_if_fail (GLOSS_IS_GRAPH_VIEW (self), FALSE);
  return gloss_view_save_png (GTK_WIDGET (self), draw_cb, _("The link chart is not shown."), path, error);
}

/* The SVG is cairo's: the chart's paths stay paths. */
gboolean
gloss_graph_view_save_svg (GlossGraphView *self,
                           const char     *path,
                           GError        **error)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self)), height = gtk_widget_get_height (GTK_WIDGET (self));
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  GdkRGBA background;

  g_return_val_if_fail (GLOSS_IS_GRAPH_VIEW (self), FALSE);

  if (width <= 0 || height <= 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, _("The link chart is not shown."));
      return FALSE;
    }
  surface = cairo_svg_surface_create (path, width, height);
  cr = cairo_create (surface);
  gloss_view_get_export_background (&background);
  gdk_cairo_set_source_rgba (cr, &background);
  cairo_paint (cr);
  gloss_graph_view_draw (self, cr, width, height);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write “%s”: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------- */

static void
gloss_graph_view_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  GlossGraphView *self = GLOSS_GRAPH_VIEW (widget);

  /* Showing all of it, it goes on showing all as the window is resized (a window
   * opened wider than the screen is first allocated at its default size). */
  if (self->graph != NULL && width > 0 &&
      (!self->has_view || (self->fitted && (width != self->fit_width || height != self->fit_height))))
    gloss_graph_view_fit (self);
}

static void
gloss_graph_view_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  *minimum = 200;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 800 : 560;
}

static void
gloss_graph_view_finalize (GObject *object)
{
  GlossGraphView *self = GLOSS_GRAPH_VIEW (object);

  clear_chart (self);
  g_clear_handle_id (&self->settle_id, g_source_remove);
  g_clear_pointer (&self->cache, cairo_surface_destroy);
  g_clear_pointer (&self->next, cairo_surface_destroy);
  g_clear_pointer (&self->spare, cairo_surface_destroy);
  g_clear_pointer (&self->next_placed, g_array_unref);
  symbol_grid_clear (&self->next_symbols);
  G_OBJECT_CLASS (gloss_graph_view_parent_class)->finalize (object);
}

static void
gloss_graph_view_class_init (GlossGraphViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = gloss_graph_view_finalize;
  widget_class->snapshot = gloss_graph_view_snapshot;
  widget_class->measure = gloss_graph_view_measure;
  widget_class->size_allocate = gloss_graph_view_size_allocate;

  signals[SELECTION_CHANGED] = g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[NODE_MOVED] = g_signal_new ("node-moved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[ACTIVATED] = g_signal_new ("activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "graph.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "graph.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "graph.fit", NULL, fit_action);
  gtk_widget_class_install_action (widget_class, "graph.pan", "(ii)", pan_action);
  gtk_widget_class_install_action (widget_class, "graph.step", "i", step_action);
  gtk_widget_class_install_action (widget_class, "graph.activate", NULL, activate_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "graph.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_SHIFT_MASK, "graph.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "graph.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "graph.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "graph.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "graph.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0, "graph.fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "graph.pan", "(ii)", 1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "graph.pan", "(ii)", -1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "graph.pan", "(ii)", 0, 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "graph.pan", "(ii)", 0, -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, 0, "graph.step", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_period, 0, "graph.step", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "graph.activate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "graph.activate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "graph.activate", NULL);

  gtk_widget_class_set_css_name (widget_class, "graph");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
gloss_graph_view_init (GlossGraphView *self)
{
  GtkEventController *scroll;
  GtkGesture *drag, *zoom;

  self->scale = 1;
  self->selected_node = self->selected_edge = self->drag_node = self->moving_node = -1;
  self->cache_without = -1;
  self->next_placed = g_array_new (FALSE, FALSE, sizeof (cairo_rectangle_t));
  self->ink_ns = 20;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect_swapped (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  drag = gtk_gesture_drag_new ();
  g_signal_connect_swapped (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect_swapped (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect_swapped (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  zoom = gtk_gesture_zoom_new ();
  g_signal_connect_swapped (zoom, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect_swapped (zoom, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (zoom));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Link chart"), -1);
}

GtkWidget *
gloss_graph_view_new (void)
{
  return g_object_new (GLOSS_TYPE_GRAPH_VIEW, NULL);
}

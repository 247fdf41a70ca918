/* gloss-risk-matrix.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cell fills are the light tints of the GNOME palette (green 1, yellow 1,
 * orange 1, red 1) with near-black text on them, in light and in dark style alike:
 * that pair keeps a contrast of at least 5:1 in every band, where the style's
 * foreground colour (white in dark style) would not on yellow. Empty cells show the
 * same tint faintly, without text, so the bands stay readable at a glance. The small
 * number in a cell's corner is its score, so that the band is not told by colour
 * alone.
 */
#define G_LOG_DOMAIN "gloss-risk-matrix"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "gloss-keynav.h"
#include "gloss-risk-matrix.h"

#define PAD        6.0
#define GAP        3.0
#define NAT_CELL_W 96.0
#define NAT_CELL_H 56.0
#define MIN_CELL_W 40.0
#define MIN_CELL_H 34.0
#define MAX_CELL_W 130.0
#define MAX_CELL_H 72.0

struct _GlossRiskMatrix
{
  GtkWidget  parent_instance;

  guint      counts[GLOSS_RISK_LEVELS][GLOSS_RISK_LEVELS];
  int        selected_l;      /* 0: none */
  int        selected_i;
  int        cursor_l;        /* always a cell */
  int        cursor_i;

  /* Where the grid was laid out at the last allocation. */
  double     grid_x;
  double     grid_y;
  double     cell_w;
  double     cell_h;
  double     label_w;
};

G_DEFINE_FINAL_TYPE (GlossRiskMatrix, gloss_risk_matrix, GTK_TYPE_WIDGET)

enum {
  SELECTION_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

const char *
gloss_risk_likelihood_name (int likelihood)
{
  static const char * const names[] = {
    N_("Rare"), N_("Unlikely"), N_("Possible"), N_("Likely"), N_("Almost certain"),
  };

  g_return_val_if_fail (likelihood >= 1 && likelihood <= GLOSS_RISK_LEVELS, "");
  return _(names[likelihood - 1]);
}

const char *
gloss_risk_impact_name (int impact)
{
  static const char * const names[] = {
    N_("Insignificant"), N_("Minor"), N_("Moderate"), N_("Major"), N_("Catastrophic"),
  };

  g_return_val_if_fail (impact >= 1 && impact <= GLOSS_RISK_LEVELS, "");
  return _(names[impact - 1]);
}

static const GdkRGBA band_colours[4] = {
  { 0x8f / 255., 0xf0 / 255., 0xa4 / 255., 1 },   /* low: green 1 */
  { 0xf9 / 255., 0xf0 / 255., 0x6b / 255., 1 },   /* medium: yellow 1 */
  { 0xff / 255., 0xbe / 255., 0x6f / 255., 1 },   /* high: orange 1 */
  { 0xf6 / 255., 0x61 / 255., 0x51 / 255., 1 },   /* extreme: red 1 */
};
static const GdkRGBA cell_text = { 0x24 / 255., 0x1f / 255., 0x31 / 255., 1 };   /* dark 4 */

/* ------------------------------------------------------------------------- */
/* Geometry                                                                  */

static PangoLayout *
make_layout (GlossRiskMatrix *self,
             const char      *text,
             double           scale,
             gboolean         bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_scale_new (scale));
  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  return layout;
}

static int
text_width (GlossRiskMatrix *self,
            const char      *text,
            double           scale)
{
  g_autoptr(PangoLayout) layout = make_layout (self, text, scale, FALSE);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  return w;
}

static int
line_height (GlossRiskMatrix *self)
{
  g_autoptr(PangoLayout) layout = make_layout (self, "Ag", 0.85, FALSE);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  return h;
}

/* The width of the likelihood names at the side, as wide as the longest. */
static double
names_width (GlossRiskMatrix *self)
{
  int widest = 0;

  for (int l = 1; l <= GLOSS_RISK_LEVELS; l++)
    widest = MAX (widest, text_width (self, gloss_risk_likelihood_name (l), 0.85));
  return widest + 8;
}

static void
gloss_risk_matrix_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  GlossRiskMatrix *self = GLOSS_RISK_MATRIX (widget);
  int lh = line_height (self);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      double names = names_width (self);

      *minimum = (int) (2 * PAD + lh + MIN (names, 64) + GLOSS_RISK_LEVELS * MIN_CELL_W);
      *natural = (int) (2 * PAD + lh + names + GLOSS_RISK_LEVELS * NAT_CELL_W);
    }
  else
    {
      /* The impact names under the grid, then the axis title. */
      *minimum = (int) (2 * PAD + 2 * lh + 6 + GLOSS_RISK_LEVELS * MIN_CELL_H);
      *natural = (int) (2 * PAD + 2 * lh + 6 + GLOSS_RISK_LEVELS * NAT_CELL_H);
    }
}

static void
gloss_risk_matrix_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  GlossRiskMatrix *self = GLOSS_RISK_MATRIX (widget);
  int lh = line_height (self);
  double names = names_width (self);
  double grid_w, grid_h;

  /* The names give way first when the widget is narrow; they are ellipsized. */
  self->label_w = MIN (names, MAX (40.0, width - 2 * PAD - lh - GLOSS_RISK_LEVELS * MIN_CELL_W));
  self->cell_w = CLAMP ((width - 2 * PAD - lh - self->label_w) / GLOSS_RISK_LEVELS, 8.0, MAX_CELL_W);
  self->cell_h = CLAMP ((height - 2 * PAD - 2 * lh - 6) / GLOSS_RISK_LEVELS, 8.0, MAX_CELL_H);
  grid_w = self->cell_w * GLOSS_RISK_LEVELS;
  grid_h = self->cell_h * GLOSS_RISK_LEVELS;
  /* A grid smaller than the widget sits in its middle, names included. */
  self->grid_x = PAD + lh + self->label_w +
                 MAX (0.0, (width - 2 * PAD - lh - self->label_w - grid_w) / 2);
  self->grid_y = PAD + MAX (0.0, (height - 2 * PAD - 2 * lh - 6 - grid_h) / 2);
}

/* The rectangle of a cell: likelihood 5 is the top row, impact 1 the left column. */
static graphene_rect_t
cell_rect (GlossRiskMatrix *self,
           int              likelihood,
           int              impact)
{
  graphene_rect_t r;

  graphene_rect_init (&r,
                      self->grid_x + (impact - 1) * self->cell_w + GAP / 2,
                      self->grid_y + (GLOSS_RISK_LEVELS - likelihood) * self->cell_h + GAP / 2,
                      self->cell_w - GAP, self->cell_h - GAP);
  return r;
}

gboolean
gloss_risk_matrix_get_cell_center (GlossRiskMatrix *self,
                                   int              likelihood,
                                   int              impact,
                                   double          *x,
                                   double          *y)
{
  graphene_rect_t r;

  g_return_val_if_fail (GLOSS_IS_RISK_MATRIX (self), FALSE);

  if (likelihood < 1 || likelihood > GLOSS_RISK_LEVELS || impact < 1 || impact > GLOSS_RISK_LEVELS ||
      self->cell_w <= 0)
    return FALSE;
  r = cell_rect (self, likelihood, impact);
  *x = r.origin.x + r.size.width / 2;
  *y = r.origin.y + r.size.height / 2;
  return TRUE;
}

static gboolean
cell_at (GlossRiskMatrix *self,
         double           x,
         double           y,
         int             *likelihood,
         int             *impact)
{
  int col, row;

  if (self->cell_w <= 0 || self->cell_h <= 0 || x < self->grid_x || y < self->grid_y)
    return FALSE;
  col = (int) ((x - self->grid_x) / self->cell_w);
  row = (int) ((y - self->grid_y) / self->cell_h);
  if (col >= GLOSS_RISK_LEVELS || row >= GLOSS_RISK_LEVELS)
    return FALSE;
  *impact = col + 1;
  *likelihood = GLOSS_RISK_LEVELS - row;
  return TRUE;
}

/* ------------------------------------------------------------------------- */
/* Drawing                                                                   */

static void
append_border (GtkSnapshot           *snapshot,
               const graphene_rect_t *rect,
               double                 width,
               const GdkRGBA         *colour)
{
  GskRoundedRect outline;
  const float widths[4] = { width, width, width, width };
  const GdkRGBA colours[4] = { *colour, *colour, *colour, *colour };

  gsk_rounded_rect_init_from_rect (&outline, rect, 4);
  gtk_snapshot_append_border (snapshot, &outline, widths, colours);
}

static void
append_text (GlossRiskMatrix *self,
             GtkSnapshot     *snapshot,
             PangoLayout     *layout,
             double           x,
             double           y,
             const GdkRGBA   *colour)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, colour);
  gtk_snapshot_restore (snapshot);
}

static void
gloss_risk_matrix_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  GlossRiskMatrix *self = GLOSS_RISK_MATRIX (widget);
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  GdkRGBA fg, accent, dim;
  int lh = line_height (self);
  int w, h;
  gboolean focused = gtk_widget_has_visible_focus (widget) || gtk_widget_has_focus (widget);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (style, &fg);
  if (!gtk_style_context_lookup_color (style, "accent_color", &accent))
    accent = fg;
  G_GNUC_END_IGNORE_DEPRECATIONS
  dim = fg;
  dim.alpha *= 0.7;

  for (int l = 1; l <= GLOSS_RISK_LEVELS; l++)
    for (int i = 1; i <= GLOSS_RISK_LEVELS; i++)
      {
        graphene_rect_t r = cell_rect (self, l, i);
        GskRoundedRect rounded;
        guint count = self->counts[l - 1][i - 1];
        GdkRGBA fill = band_colours[gloss_risk_score_band (l * i)];
        g_autofree char *score = g_strdup_printf ("%d", l * i);
        g_autoptr(PangoLayout) score_layout = make_layout (self, score, 0.7, FALSE);
        GdkRGBA score_colour;

        if (count == 0)
          fill.alpha = 0.28;
        gsk_rounded_rect_init_from_rect (&rounded, &r, 4);
        gtk_snapshot_push_rounded_clip (snapshot, &rounded);
        gtk_snapshot_append_color (snapshot, &fill, &r);
        gtk_snapshot_pop (snapshot);

        /* The score, small, in the corner: on a faint empty cell in the style's own
         * colour, on a full one in the dark cell text. */
        score_colour = count == 0 ? fg : cell_text;
        score_colour.alpha = count == 0 ? 0.55 : 0.75;
        pango_layout_get_pixel_size (score_layout, &w, &h);
        if (r.size.width > w + 8 && r.size.height > 2 * h)
          append_text (self, snapshot, score_layout, r.origin.x + r.size.width - w - 4, r.origin.y + 2,
                       &score_colour);

        if (count > 0)
          {
            g_autofree char *text = g_strdup_printf ("%u", count);
            g_autoptr(PangoLayout) layout = make_layout (self, text, 1.2, TRUE);

            pango_layout_get_pixel_size (layout, &w, &h);
            append_text (self, snapshot, layout, r.origin.x + (r.size.width - w) / 2,
                         r.origin.y + (r.size.height - h) / 2, &cell_text);
          }
        /* The selection: a ring in the text colour around the cell; the keyboard
         * cursor: a ring in the accent colour, inside the selection's when both. */
        if (l == self->selected_l && i == self->selected_i)
          {
            graphene_rect_t outer = r;

            graphene_rect_inset (&outer, -1.5, -1.5);
            append_border (snapshot, &outer, 3, &fg);
          }
        if (focused && l == self->cursor_l && i == self->cursor_i)
          {
            graphene_rect_t ring = r;
            gboolean selected = l == self->selected_l && i == self->selected_i;

            graphene_rect_inset (&ring, selected ? 1.5 : -1, selected ? 1.5 : -1);
            append_border (snapshot, &ring, 2, &accent);
          }
      }

  /* Likelihood names, right-aligned beside their rows. */
  for (int l = 1; l <= GLOSS_RISK_LEVELS; l++)
    {
      graphene_rect_t r = cell_rect (self, l, 1);
      g_autoptr(PangoLayout) layout = make_layout (self, gloss_risk_likelihood_name (l), 0.85, FALSE);

      pango_layout_set_width (layout, (int) ((self->label_w - 6) * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
      pango_layout_get_pixel_size (layout, &w, &h);
      append_text (self, snapshot, layout, self->grid_x - self->label_w,
                   r.origin.y + (r.size.height - h) / 2, &dim);
    }
  /* Impact names, centred under their columns. */
  for (int i = 1; i <= GLOSS_RISK_LEVELS; i++)
    {
      graphene_rect_t r = cell_rect (self, 1, i);
      g_autoptr(PangoLayout) layout = make_layout (self, gloss_risk_impact_name (i), 0.85, FALSE);

      pango_layout_set_width (layout, (int) ((self->cell_w - 2) * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      append_text (self, snapshot, layout, self->grid_x + (i - 1) * self->cell_w + 1,
                   r.origin.y + r.size.height + 4, &dim);
    }
  /* Axis titles: "Impact" under the names, "Likelihood" up the side. */
  {
    g_autoptr(PangoLayout) impact = make_layout (self, _("Impact"), 0.85, TRUE);
    g_autoptr(PangoLayout) likelihood = make_layout (self, _("Likelihood"), 0.85, TRUE);
    double grid_h = self->cell_h * GLOSS_RISK_LEVELS;

    pango_layout_get_pixel_size (impact, &w, &h);
    append_text (self, snapshot, impact, self->grid_x + (self->cell_w * GLOSS_RISK_LEVELS - w) / 2,
                 self->grid_y + grid_h + 4 + lh + 2, &fg);
    pango_layout_get_pixel_size (likelihood, &w, &h);
    gtk_snapshot_save (snapshot);
    gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (self->grid_x - self->label_w - lh - 2,
                                                            self->grid_y + (grid_h + w) / 2));
    gtk_snapshot_rotate (snapshot, -90);
    gtk_snapshot_append_layout (snapshot, likelihood, &fg);
    gtk_snapshot_restore (snapshot);
  }
}

/* ------------------------------------------------------------------------- */
/* State                                                                     */

char *
gloss_risk_matrix_describe_cell (GlossRiskMatrix *self,
                                 int              likelihood,
                                 int              impact)
{
  guint count;

  g_return_val_if_fail (GLOSS_IS_RISK_MATRIX (self), NULL);
  g_return_val_if_fail (likelihood >= 1 && likelihood <= GLOSS_RISK_LEVELS, NULL);
  g_return_val_if_fail (impact >= 1 && impact <= GLOSS_RISK_LEVELS, NULL);

  count = self->counts[likelihood - 1][impact - 1];
  /* Translators: "Likely × Major: 3 risks" (a cell of the risk matrix) */
  return g_strdup_printf (ngettext ("%s × %s: %u risk", "%s × %s: %u risks", count),
                          gloss_risk_likelihood_name (likelihood), gloss_risk_impact_name (impact), count);
}

static void
gloss_risk_matrix_update_accessible (GlossRiskMatrix *self)
{
  g_autofree char *cell = gloss_risk_matrix_describe_cell (self, self->cursor_l, self->cursor_i);
  g_autofree char *description = NULL;

  if (self->selected_l == self->cursor_l && self->selected_i == self->cursor_i)
    /* Translators: a cell of the risk matrix that filters the table */
    description = g_strdup_printf (_("%s, selected"), cell);
  else
    description = g_steal_pointer (&cell);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

void
gloss_risk_matrix_set_counts (GlossRiskMatrix *self,
                              const guint      counts[GLOSS_RISK_LEVELS][GLOSS_RISK_LEVELS])
{
  g_return_if_fail (GLOSS_IS_RISK_MATRIX (self));

  memcpy (self->counts, counts, sizeof self->counts);
  gloss_risk_matrix_update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
gloss_risk_matrix_get_count (GlossRiskMatrix *self,
                             int              likelihood,
                             int              impact)
{
  g_return_val_if_fail (GLOSS_IS_RISK_MATRIX (self), 0);
  g_return_val_if_fail (likelihood >= 1 && likelihood <= GLOSS_RISK_LEVELS, 0);
  g_return_val_if_fail (impact >= 1 && impact <= GLOSS_RISK_LEVELS, 0);
  return self->counts[likelihood - 1][impact - 1];
}

void
gloss_risk_matrix_set_selected (GlossRiskMatrix *self,
                                int              likelihood,
                                int              impact)
{
  g_return_if_fail (GLOSS_IS_RISK_MATRIX (self));

  if (likelihood < 1 || likelihood > GLOSS_RISK_LEVELS || impact < 1 || impact > GLOSS_RISK_LEVELS)
    likelihood = impact = 0;
  if (likelihood == self->selected_l && impact == self->selected_i)
    return;
  self->selected_l = likelihood;
  self->selected_i = impact;
  if (likelihood != 0)
    {
      self->cursor_l = likelihood;
      self->cursor_i = impact;
    }
  gloss_risk_matrix_update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

gboolean
gloss_risk_matrix_get_selected (GlossRiskMatrix *self,
                                int             *likelihood,
                                int             *impact)
{
  g_return_val_if_fail (GLOSS_IS_RISK_MATRIX (self), FALSE);

  if (likelihood != NULL)
    *likelihood = self->selected_l;
  if (impact != NULL)
    *impact = self->selected_i;
  return self->selected_l != 0;
}

void
gloss_risk_matrix_get_cursor (GlossRiskMatrix *self,
                              int             *likelihood,
                              int             *impact)
{
  g_return_if_fail (GLOSS_IS_RISK_MATRIX (self));

  *likelihood = self->cursor_l;
  *impact = self->cursor_i;
}

/* Selecting the selected cell clears the selection. */
static void
gloss_risk_matrix_toggle (GlossRiskMatrix *self,
                          int              likelihood,
                          int              impact)
{
  if (likelihood == self->selected_l && impact == self->selected_i)
    gloss_risk_matrix_set_selected (self, 0, 0);
  else
    gloss_risk_matrix_set_selected (self, likelihood, impact);
}

gboolean
gloss_risk_matrix_click_at (GlossRiskMatrix *self,
                            double           x,
                            double           y)
{
  int likelihood, impact;

  g_return_val_if_fail (GLOSS_IS_RISK_MATRIX (self), FALSE);

  if (!cell_at (self, x, y, &likelihood, &impact))
    return FALSE;
  self->cursor_l = likelihood;
  self->cursor_i = impact;
  gloss_risk_matrix_toggle (self, likelihood, impact);
  gloss_risk_matrix_update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            GlossRiskMatrix *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (gloss_risk_matrix_click_at (self, x, y))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GlossRiskMatrix       *self)
{
  int l = self->cursor_l, i = self->cursor_i;

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      l = MIN (l + 1, GLOSS_RISK_LEVELS);
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      l = MAX (l - 1, 1);
      break;
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      i = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL ? MIN (i + 1, GLOSS_RISK_LEVELS) : MAX (i - 1, 1);
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      i = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL ? MAX (i - 1, 1) : MIN (i + 1, GLOSS_RISK_LEVELS);
      break;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      gloss_risk_matrix_toggle (self, l, i);
      return TRUE;
    case GDK_KEY_Escape:
      if (self->selected_l == 0)
        return FALSE;
      gloss_risk_matrix_set_selected (self, 0, 0);
      return TRUE;
    default:
      return FALSE;
    }
  /* At an edge the arrow goes on to move the focus out of the matrix. */
  if (l == self->cursor_l && i == self->cursor_i)
    return FALSE;
  self->cursor_l = l;
  self->cursor_i = i;
  gloss_risk_matrix_update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

static gboolean
query_tooltip_cb (GtkWidget       *widget,
                  int              x,
                  int              y,
                  gboolean         keyboard,
                  GtkTooltip      *tooltip,
                  GlossRiskMatrix *self)
{
  int l, i;
  g_autofree char *text = NULL;

  if (keyboard)
    {
      l = self->cursor_l;
      i = self->cursor_i;
    }
  else if (!cell_at (self, x, y, &l, &i))
    return FALSE;
  text = gloss_risk_matrix_describe_cell (self, l, i);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
focus_changed_cb (GlossRiskMatrix *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
gloss_risk_matrix_class_init (GlossRiskMatrixClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->measure = gloss_risk_matrix_measure;
  widget_class->size_allocate = gloss_risk_matrix_size_allocate;
  widget_class->snapshot = gloss_risk_matrix_snapshot;

  signals[SELECTION_CHANGED] = g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "riskmatrix");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GRID);
}

static void
gloss_risk_matrix_init (GlossRiskMatrix *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  self->cursor_l = 3;
  self->cursor_i = 3;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  /* Escape clears the selected cell first; the window closes on the next one. */
  gloss_keynav_keep_escape (GTK_WIDGET (self));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);

  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  g_signal_connect_swapped (focus, "enter", G_CALLBACK (focus_changed_cb), self);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (focus_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Risk matrix: likelihood by impact"), -1);
  gloss_risk_matrix_update_accessible (self);
}

GtkWidget *
gloss_risk_matrix_new (void)
{
  return g_object_new (GLOSS_TYPE_RISK_MATRIX, NULL);
}

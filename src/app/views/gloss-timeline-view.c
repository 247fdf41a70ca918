/* gloss-timeline-view.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything is drawn in snapshot(): lane stripes and names, the axis with ticks of
 * a calendar unit chosen for the zoom, and the marks. Each lane's events are sorted
 * by date, so a binary search finds the first one in view and drawing stops at the
 * right edge; marks that fall on the same pixel as the one before are drawn once.
 * That keeps a frame cheap whatever the number of events.
 *
 * A mark's shape says where the event came from: a square for a publication date, a
 * filled circle for a date field, a ring for a date written in the text. An event
 * wider than a few pixels at the current zoom (a month, a year) is drawn as a bar
 * over its period.
 */
#define G_LOG_DOMAIN "gloss-timeline-view"

#include "config.h"

#include <math.h>
#include <string.h>
#include <adwaita.h>
#include <glib/gi18n.h>

#include "gloss-codebook-names.h"
#include "gloss-timeline-view.h"
#include "gloss-view-common.h"

#define AXIS_HEIGHT     44.0
#define LANE_HEIGHT     30.0
#define HEADER_WIDTH    150.0
#define HEADER_NARROW   92.0
#define MARK_RADIUS     5.0
#define HIT_SLOP        7.0
#define MIN_SPP         15.0                      /* an hour is 240 px */
#define MAX_SPP         (500.0 * 365.25 * 86400.0 / 600.0)   /* five centuries in 600 px */
#define LABEL_GAP       110.0                     /* room needed to write an event's title */

struct _GlossTimelineView
{
  GtkWidget              parent_instance;

  GlossTimeline         *timeline;
  GPtrArray             *lanes;          /* GlossTimelineLane* */
  GlossTimelineLaneMode  mode;
  GdkRGBA               *colours;        /* per event */

  double                 start;          /* time at the left edge of the plot, seconds */
  double                 spp;            /* seconds per pixel */
  double                 lane_offset;    /* vertical scroll of the lanes, pixels */
  gboolean               has_range;

  int                    selected;       /* event index, -1 */
  int                    selected_lane;  /* the lane the selection was made in */

  double                 drag_start;
  double                 drag_lane_offset;
  double                 pointer_x;
};

G_DEFINE_FINAL_TYPE (GlossTimelineView, gloss_timeline_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SELECTED,
  PROP_LANE_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  EVENT_ACTIVATED,
  RANGE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------------- */
/* Geometry                                                                   */

static double
header_width (GlossTimelineView *self)
{
  return gtk_widget_get_width (GTK_WIDGET (self)) < 520 ? HEADER_NARROW : HEADER_WIDTH;
}

static double
plot_width (GlossTimelineView *self)
{
  return MAX (1.0, gtk_widget_get_width (GTK_WIDGET (self)) - header_width (self));
}

static double
time_to_x (GlossTimelineView *self,
           double             t)
{
  return header_width (self) + (t - self->start) / self->spp;
}

static double
lane_top (GlossTimelineView *self,
          guint              lane)
{
  return AXIS_HEIGHT + lane * LANE_HEIGHT - self->lane_offset;
}

static const GlossTimelineEvent *
event_at (GlossTimelineView *self,
          guint              index)
{
  return self->timeline->events->pdata[index];
}

/* What a lane is called on screen: the core names its lanes in English ("Publications",
 * "No entity") and by the codebook's own names, which are translated here. */
static const char *
lane_name (GlossTimelineView       *self,
           const GlossTimelineLane *lane)
{
  if (lane->key == NULL || *lane->key == '\0')
    return self->mode == GLOSS_TIMELINE_LANES_LABEL ? _("Publications") : _("No entity");
  return self->mode == GLOSS_TIMELINE_LANES_LABEL ? gloss_codebook_name (lane->name) : lane->name;
}

/* The first position in @lane whose event starts at or after @t. */
static guint
lane_lower_bound (GlossTimelineView       *self,
                  const GlossTimelineLane *lane,
                  double                   t)
{
  guint lo = 0, hi = lane->events->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if ((double) event_at (self, g_array_index (lane->events, guint, mid))->time < t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
clamp_range (GlossTimelineView *self)
{
  double lanes_height, view_height;

  self->spp = CLAMP (self->spp, MIN_SPP, MAX_SPP);
  /* Years 1 to 9999: what GDateTime can name on the axis. */
  self->start = CLAMP (self->start, -62135596800.0, 253402300799.0 - plot_width (self) * self->spp);
  lanes_height = (self->lanes ? self->lanes->len : 0) * LANE_HEIGHT;
  view_height = gtk_widget_get_height (GTK_WIDGET (self)) - AXIS_HEIGHT;
  self->lane_offset = CLAMP (self->lane_offset, 0.0, MAX (0.0, lanes_height - view_height));
}

static void
range_changed (GlossTimelineView *self)
{
  clamp_range (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[RANGE_CHANGED], 0);
}

/* ------------------------------------------------------------------------- */
/* The axis                                                                   */

typedef enum { UNIT_HOUR, UNIT_DAY, UNIT_MONTH, UNIT_YEAR } UnitKind;

typedef struct {
  UnitKind    kind;
  int         step;
  double      approx;    /* seconds */
  const char *name;
} Unit;

static const Unit units[] = {
  { UNIT_HOUR, 1, 3600.0, "hour" },
  { UNIT_HOUR, 3, 3 * 3600.0, "hour" },
  { UNIT_HOUR, 6, 6 * 3600.0, "hour" },
  { UNIT_DAY, 1, 86400.0, "day" },
  { UNIT_DAY, 7, 7 * 86400.0, "day" },
  { UNIT_MONTH, 1, 30.44 * 86400.0, "month" },
  { UNIT_MONTH, 3, 91.3 * 86400.0, "month" },
  { UNIT_YEAR, 1, 365.25 * 86400.0, "year" },
  { UNIT_YEAR, 2, 2 * 365.25 * 86400.0, "year" },
  { UNIT_YEAR, 5, 5 * 365.25 * 86400.0, "year" },
  { UNIT_YEAR, 10, 10 * 365.25 * 86400.0, "decade" },
  { UNIT_YEAR, 20, 20 * 365.25 * 86400.0, "decade" },
  { UNIT_YEAR, 50, 50 * 365.25 * 86400.0, "decade" },
  { UNIT_YEAR, 100, 100 * 365.25 * 86400.0, "decade" },
};

static const Unit *
pick_unit (GlossTimelineView *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (units[i].approx / self->spp >= 84.0)
      return &units[i];
  return &units[G_N_ELEMENTS (units) - 1];
}

static gint64
civil_to_unix (int year,
               int month,
               int day)
{
  GlossDate d = { year, month, day, 0, GLOSS_DATE_DAY };

  return gloss_date_to_unix (&d);
}

/* The first tick at or before @t. */
static gint64
tick_floor (const Unit *unit,
            gint64      t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);
  int y, m;

  if (dt == NULL)
    return t;
  y = g_date_time_get_year (dt);
  m = g_date_time_get_month (dt);
  switch (unit->kind)
    {
    case UNIT_HOUR:
      {
        gint64 step = (gint64) unit->step * 3600;
        gint64 r = t % step;

        return t - (r < 0 ? r + step : r);
      }
    case UNIT_DAY:
      {
        gint64 day = civil_to_unix (y, m, g_date_time_get_day_of_month (dt));

        if (unit->step == 7)   /* Mondays */
          day -= (gint64) (g_date_time_get_day_of_week (dt) - 1) * 86400;
        return day;
      }
    case UNIT_MONTH:
      return civil_to_unix (y, m - (m - 1) % unit->step, 1);
    case UNIT_YEAR:
    default:
      return civil_to_unix (y - (((y % unit->step) + unit->step) % unit->step), 1, 1);
    }
}

static gint64
tick_next (const Unit *unit,
           gint64      t)
{
  g_autoptr(GDateTime) dt = NULL;
  int y, m;

  switch (unit->kind)
    {
    case UNIT_HOUR:
      return t + (gint64) unit->step * 3600;
    case UNIT_DAY:
      return t + (gint64) unit->step * 86400;
    case UNIT_MONTH:
    case UNIT_YEAR:
    default:
      dt = g_date_time_new_from_unix_utc (t);
      if (dt == NULL)
        return G_MAXINT64;
      y = g_date_time_get_year (dt);
      m = g_date_time_get_month (dt);
      if (unit->kind == UNIT_YEAR)
        return civil_to_unix (y + unit->step, 1, 1);
      m += unit->step;
      while (m > 12)
        {
          m -= 12;
          y++;
        }
      return civil_to_unix (y, m, 1);
    }
}

static char *
tick_label (const Unit *unit,
            gint64      t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);

  if (dt == NULL)
    return g_strdup ("");
  switch (unit->kind)
    {
    case UNIT_HOUR:
      if (g_date_time_get_hour (dt) == 0)
        return g_date_time_format (dt, "%e %b");
      return g_date_time_format (dt, "%H:%M");
    case UNIT_DAY:
      if (g_date_time_get_day_of_month (dt) == 1 && g_date_time_get_month (dt) == 1)
        return g_date_time_format (dt, "%Y");
      return g_date_time_format (dt, "%e %b");
    case UNIT_MONTH:
      if (g_date_time_get_month (dt) == 1)
        return g_date_time_format (dt, "%Y");
      return g_date_time_format (dt, "%b");
    case UNIT_YEAR:
    default:
      return g_date_time_format (dt, "%Y");
    }
}

/* ------------------------------------------------------------------------- */
/* Drawing                                                                    */

static void
get_foreground (GlossTimelineView *self,
                GdkRGBA           *fg)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static GdkRGBA
with_alpha (const GdkRGBA *c,
            float          alpha)
{
  GdkRGBA r = *c;

  r.alpha *= alpha;
  return r;
}

static void
append_text (GlossTimelineView *self,
             GtkSnapshot       *snapshot,
             const char        *text,
             double             x,
             double             y,
             double             max_width,
             const GdkRGBA     *colour,
             gboolean           bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  if (max_width > 0)
    {
      pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  if (bold)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float) x, (float) y));
  gtk_snapshot_append_layout (snapshot, layout, colour);
  gtk_snapshot_restore (snapshot);
  g_object_unref (layout);
}

static void
draw_axis (GlossTimelineView *self,
           GtkSnapshot       *snapshot,
           double             width,
           double             height,
           const GdkRGBA     *fg)
{
  const Unit *unit = pick_unit (self);
  double hw = header_width (self);
  double end = self->start + (width - hw) * self->spp;
  GdkRGBA line = with_alpha (fg, 0.12f), rule = with_alpha (fg, 0.35f), text = with_alpha (fg, 0.8f);
  gint64 t = tick_floor (unit, (gint64) floor (self->start));
  guint guard = 0;

  gtk_snapshot_append_color (snapshot, &rule,
                             &GRAPHENE_RECT_INIT ((float) hw, (float) AXIS_HEIGHT - 1, (float) (width - hw), 1));
  for (; (double) t <= end && guard < 1000; t = tick_next (unit, t), guard++)
    {
      double x = time_to_x (self, (double) t);
      g_autofree char *label = NULL;

      if (x < hw - 0.5)
        continue;
      gtk_snapshot_append_color (snapshot, &line,
                                 &GRAPHENE_RECT_INIT ((float) floor (x), (float) AXIS_HEIGHT - 8, 1,
                                                      (float) (height - AXIS_HEIGHT + 8)));
      label = tick_label (unit, t);
      append_text (self, snapshot, label, x + 4, AXIS_HEIGHT - 24, 0, &text, FALSE);
    }

  /* Where the view starts, in full, over the header column. */
  {
    g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc ((gint64) self->start);
    g_autofree char *where = NULL;

    if (dt != NULL)
      {
        where = g_date_time_format (dt, unit->kind <= UNIT_DAY ? "%e %b %Y" : "%Y");
        append_text (self, snapshot, g_strstrip (where), 8, AXIS_HEIGHT - 24, hw - 12, &text, TRUE);
      }
  }
}

static void
draw_mark (GtkSnapshot              *snapshot,
           const GlossTimelineEvent *e,
           double                    x,
           double                    w,
           double                    cy,
           const GdkRGBA            *colour)
{
  if (w > 2 * MARK_RADIUS)
    {
      GskRoundedRect bar;

      gsk_rounded_rect_init_from_rect (&bar, &GRAPHENE_RECT_INIT ((float) x, (float) (cy - 4), (float) w, 8), 3);
      gtk_snapshot_push_rounded_clip (snapshot, &bar);
      gtk_snapshot_append_color (snapshot, &(GdkRGBA) { colour->red, colour->green, colour->blue, 0.45f },
                                 &bar.bounds);
      gtk_snapshot_pop (snapshot);
      /* The period's start is still marked, in the event's shape. */
    }
  if (e->source == GLOSS_TIMELINE_PUBLICATION)
    {
      gtk_snapshot_append_color (snapshot, colour,
                                 &GRAPHENE_RECT_INIT ((float) (x - MARK_RADIUS + 1), (float) (cy - MARK_RADIUS + 1),
                                                      (float) (2 * MARK_RADIUS - 2), (float) (2 * MARK_RADIUS - 2)));
      return;
    }
  {
    GskRoundedRect circle;
    graphene_rect_t r = GRAPHENE_RECT_INIT ((float) (x - MARK_RADIUS), (float) (cy - MARK_RADIUS),
                                            (float) (2 * MARK_RADIUS), (float) (2 * MARK_RADIUS));

    gsk_rounded_rect_init_from_rect (&circle, &r, MARK_RADIUS);
    if (e->source == GLOSS_TIMELINE_FIELD)
      {
        gtk_snapshot_push_rounded_clip (snapshot, &circle);
        gtk_snapshot_append_color (snapshot, colour, &r);
        gtk_snapshot_pop (snapshot);
      }
    else
      {
        const float widths[4] = { 2, 2, 2, 2 };
        const GdkRGBA colours[4] = { *colour, *colour, *colour, *colour };

        gtk_snapshot_append_border (snapshot, &circle, widths, colours);
      }
  }
}

static void
draw_lanes (GlossTimelineView *self,
            GtkSnapshot       *snapshot,
            double             width,
            double             height,
            const GdkRGBA     *fg)
{
  double hw = header_width (self);
  double t_left = self->start - 2 * MARK_RADIUS * self->spp;
  double t_right = self->start + (width - hw + 2 * MARK_RADIUS) * self->spp;
  GdkRGBA stripe = with_alpha (fg, 0.04f), name_colour = with_alpha (fg, 0.85f), title = with_alpha (fg, 0.75f);
  const GlossTimelineEvent *selected = self->selected >= 0 ? event_at (self, (guint) self->selected) : NULL;
  double selected_x = 0, selected_y = 0;
  gboolean selected_seen = FALSE;

  for (guint l = 0; l < self->lanes->len; l++)
    {
      const GlossTimelineLane *lane = self->lanes->pdata[l];
      double top = lane_top (self, l);
      double cy = top + LANE_HEIGHT / 2;
      double last_x = -1e9;
      /* Events of a whole month or year start before the view and reach into it:
       * look back one period of the coarsest granularity (a year). */
      guint first = lane_lower_bound (self, lane, t_left - 366.0 * 86400.0);

      if (top + LANE_HEIGHT < AXIS_HEIGHT || top > height)
        continue;
      if (l % 2 == 1)
        gtk_snapshot_append_color (snapshot, &stripe,
                                   &GRAPHENE_RECT_INIT (0, (float) top, (float) width, (float) LANE_HEIGHT));

      gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT ((float) hw, (float) top, (float) (width - hw),
                                                             (float) LANE_HEIGHT));
      for (guint k = first; k < lane->events->len; k++)
        {
          guint index = g_array_index (lane->events, guint, k);
          const GlossTimelineEvent *e = event_at (self, index);
          double x, w;

          if ((double) e->time > t_right)
            break;
          w = (double) gloss_date_period (&e->date) / self->spp;
          if ((double) e->time + gloss_date_period (&e->date) < t_left)
            continue;
          x = time_to_x (self, (double) e->time);
          if (e == selected)
            {
              selected_x = x;
              selected_y = cy;
              selected_seen = TRUE;
            }
          /* Many events on one pixel: one mark (the selected one is drawn on top below). */
          if (x - last_x < 1.0 && w <= 2 * MARK_RADIUS)
            continue;
          draw_mark (snapshot, e, x, w, cy, &self->colours[index]);
          /* Its title, when the next mark is far enough; events on the same pixel
           * (two claims of one day at this zoom) are counted: "(2) title". */
          {
            guint j = k + 1;
            double next_x = width + MARK_RADIUS;

            while (j < lane->events->len)
              {
                next_x = time_to_x (self, (double) event_at (self, g_array_index (lane->events, guint, j))->time);
                if (next_x - x >= 1.0)
                  break;
                j++;
              }
            if (j == lane->events->len)
              next_x = width + MARK_RADIUS;
            if (next_x - x >= LABEL_GAP && e != selected)
              {
                g_autofree char *text = j - k > 1 ? g_strdup_printf ("(%u) %s", j - k, e->title ? e->title : "")
                                                  : g_strdup (e->title ? e->title : "");

                append_text (self, snapshot, text, x + MARK_RADIUS + 4, cy - 9,
                             MIN (next_x - x - MARK_RADIUS - 12, 260.0), &title, FALSE);
              }
          }
          last_x = x;
        }
      gtk_snapshot_pop (snapshot);

      append_text (self, snapshot, lane_name (self, lane), 8, cy - 9, hw - 14, &name_colour, FALSE);
    }

  /* The header column's edge. */
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { fg->red, fg->green, fg->blue, fg->alpha * 0.2f },
                             &GRAPHENE_RECT_INIT ((float) hw - 1, 0, 1, (float) height));

  if (selected_seen && selected_x >= hw - MARK_RADIUS)
    {
      GskRoundedRect ring;
      const float widths[4] = { 2, 2, 2, 2 };
      GdkRGBA accent = *fg;
      const GdkRGBA colours[4] = { accent, accent, accent, accent };
      g_autofree char *date = gloss_date_format (&selected->date);
      g_autofree char *text = g_strdup_printf ("%s  %s", date, selected->title ? selected->title : "");
      double label_x = selected_x + MARK_RADIUS + 6;
      double room = width - label_x - 8;

      gsk_rounded_rect_init_from_rect (&ring, &GRAPHENE_RECT_INIT ((float) (selected_x - MARK_RADIUS - 4),
                                                                   (float) (selected_y - MARK_RADIUS - 4),
                                                                   (float) (2 * MARK_RADIUS + 8),
                                                                   (float) (2 * MARK_RADIUS + 8)),
                                       MARK_RADIUS + 4);
      gtk_snapshot_append_border (snapshot, &ring, widths, colours);
      draw_mark (snapshot, selected, selected_x, 0, selected_y, &self->colours[self->selected]);
      /* Its date and title, on the left of the mark when the right has no room. */
      if (room < 160 && selected_x - hw > room)
        {
          room = MIN (selected_x - hw - MARK_RADIUS - 12, 320.0);
          label_x = selected_x - MARK_RADIUS - 8 - room;
        }
      room = MIN (room, 320.0);
      if (room > 24)
        append_text (self, snapshot, text, label_x, selected_y - 9, room, fg, TRUE);
    }
}

static void
draw (GlossTimelineView *self,
      GtkSnapshot       *snapshot,
      double             width,
      double             height)
{
  GdkRGBA fg;

  get_foreground (self, &fg);
  if (self->timeline == NULL || self->timeline->events->len == 0)
    {
      GdkRGBA dim = with_alpha (&fg, 0.6f);

      append_text (self, snapshot,
                   _("No dated events yet. Publication dates, date fields of claims and risks, and dates "
                     "written in annotated text appear here."),
                   24, height / 2 - 10, width - 48, &dim, FALSE);
      return;
    }
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, (float) width, (float) height));
  draw_axis (self, snapshot, width, height, &fg);
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, (float) AXIS_HEIGHT, (float) width,
                                                         (float) (height - AXIS_HEIGHT)));
  draw_lanes (self, snapshot, width, height, &fg);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_pop (snapshot);
}

static void
gloss_timeline_view_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  GlossTimelineView *self = GLOSS_TIMELINE_VIEW (widget);
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  draw (self, snapshot, width, height);
  if (gtk_widget_has_visible_focus (widget))
    {
      GdkRGBA fg;
      GskRoundedRect outline;
      const float widths[4] = { 2, 2, 2, 2 };
      GdkRGBA c;

      get_foreground (self, &fg);
      c = with_alpha (&fg, 0.5f);
      gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (1, 1, (float) width - 2, (float) height - 2), 6);
      gtk_snapshot_append_border (snapshot, &outline, widths, (GdkRGBA[4]) { c, c, c, c });
    }
}

static void
gloss_timeline_view_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  GlossTimelineView *self = GLOSS_TIMELINE_VIEW (widget);

  if (!self->has_range && self->timeline != NULL && width > 0)
    gloss_timeline_view_fit (self);
  else
    clamp_range (self);
}

static void
gloss_timeline_view_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  GlossTimelineView *self = GLOSS_TIMELINE_VIEW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 800;
    }
  else
    {
      *minimum = (int) (AXIS_HEIGHT + 2 * LANE_HEIGHT);
      *natural = (int) (AXIS_HEIGHT + MAX (4, self->lanes ? self->lanes->len : 0) * LANE_HEIGHT);
    }
}

/* ------------------------------------------------------------------------- */
/* Selection                                                                  */

static void
update_accessible (GlossTimelineView *self)
{
  g_autofree char *description = NULL;

  if (self->selected >= 0)
    {
      const GlossTimelineEvent *e = event_at (self, (guint) self->selected);
      g_autofree char *date = gloss_date_format (&e->date);

      /* Where the date comes from, in the reader's language (the core's names are
       * English identifiers for the exports). */
      const char *source = e->source == GLOSS_TIMELINE_PUBLICATION ? _("publication")
                           : e->source == GLOSS_TIMELINE_FIELD ? _("field") : _("written");

      description = g_strdup_printf (_("%s, %s, %s: %s, in %s"), date, source,
                                     e->label_name ? gloss_codebook_name (e->label_name) : _("publication"),
                                     e->title ? e->title : "",
                                     e->document_title ? e->document_title : "");
    }
  else
    description = g_strdup_printf (ngettext ("%u event", "%u events", self->timeline ? self->timeline->events->len : 0),
                                   self->timeline ? self->timeline->events->len : 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

/* The lane @index is drawn in: the current lane when it holds it, else the first. */
static int
lane_of (GlossTimelineView *self,
         int                index,
         int                prefer)
{
  if (index < 0)
    return -1;
  for (int pass = 0; pass < 2; pass++)
    for (guint l = 0; l < self->lanes->len; l++)
      {
        const GlossTimelineLane *lane = self->lanes->pdata[l];
        guint k;

        if (pass == 0 && (int) l != prefer)
          continue;
        k = lane_lower_bound (self, lane, (double) event_at (self, (guint) index)->time);
        for (; k < lane->events->len; k++)
          {
            guint i = g_array_index (lane->events, guint, k);

            if (event_at (self, i)->time != event_at (self, (guint) index)->time)
              break;
            if ((int) i == index)
              return (int) l;
          }
      }
  return -1;
}

/* Pans and scrolls so that the selected event is in view. */
static void
reveal_selected (GlossTimelineView *self)
{
  const GlossTimelineEvent *e;
  double x, pw = plot_width (self), view_height, top;

  if (self->selected < 0)
    return;
  e = event_at (self, (guint) self->selected);
  x = ((double) e->time - self->start) / self->spp;
  if (x < 24 || x > pw - 24)
    self->start = (double) e->time - pw / 2 * self->spp;
  if (self->selected_lane >= 0)
    {
      view_height = gtk_widget_get_height (GTK_WIDGET (self)) - AXIS_HEIGHT;
      top = self->selected_lane * LANE_HEIGHT;
      if (top < self->lane_offset)
        self->lane_offset = top;
      else if (top + LANE_HEIGHT > self->lane_offset + view_height)
        self->lane_offset = top + LANE_HEIGHT - view_height;
    }
  range_changed (self);
}

static void
select_in_lane (GlossTimelineView *self,
                int                index,
                int                lane)
{
  if (self->timeline == NULL || index >= (int) self->timeline->events->len)
    index = -1;
  self->selected_lane = index >= 0 ? (lane >= 0 ? lane : lane_of (self, index, self->selected_lane)) : -1;
  if (self->selected != index)
    {
      self->selected = index;
      update_accessible (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
    }
  reveal_selected (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
gloss_timeline_view_select (GlossTimelineView *self,
                            int                index)
{
  g_return_if_fail (GLOSS_IS_TIMELINE_VIEW (self));
  select_in_lane (self, index, -1);
}

int
gloss_timeline_view_get_selected (GlossTimelineView *self)
{
  g_return_val_if_fail (GLOSS_IS_TIMELINE_VIEW (self), -1);
  return self->selected;
}

/* The event under (@x, @y): in the lane there, the nearest mark within reach. */
static gboolean
hit_test (GlossTimelineView *self,
          double             x,
          double             y,
          int               *index,
          int               *lane_out)
{
  const GlossTimelineLane *lane;
  double t, best = HIT_SLOP + 1;
  int lane_index, found = -1;
  guint k;

  if (self->timeline == NULL || y < AXIS_HEIGHT || x < header_width (self))
    return FALSE;
  lane_index = (int) floor ((y - AXIS_HEIGHT + self->lane_offset) / LANE_HEIGHT);
  if (lane_index < 0 || lane_index >= (int) self->lanes->len)
    return FALSE;
  lane = self->lanes->pdata[lane_index];
  t = self->start + (x - header_width (self)) * self->spp;
  k = lane_lower_bound (self, lane, t - (HIT_SLOP + 1) * self->spp);
  for (; k < lane->events->len; k++)
    {
      guint i = g_array_index (lane->events, guint, k);
      double ex = time_to_x (self, (double) event_at (self, i)->time);
      double d = fabs (ex - x);

      if (ex > x + HIT_SLOP)
        break;
      /* On a tie the later event wins, as it is drawn on top. */
      if (d <= best)
        {
          best = d;
          found = (int) i;
        }
    }
  if (found < 0)
    return FALSE;
  *index = found;
  *lane_out = lane_index;
  return TRUE;
}

/* ------------------------------------------------------------------------- */
/* Input                                                                      */

static void
zoom_at (GlossTimelineView *self,
         double             factor,
         double             x)
{
  double t = self->start + (x - header_width (self)) * self->spp;

  self->spp = CLAMP (self->spp / factor, MIN_SPP, MAX_SPP);
  self->start = t - (x - header_width (self)) * self->spp;
  self->has_range = TRUE;
  range_changed (self);
}

void
gloss_timeline_view_zoom (GlossTimelineView *self,
                          double             factor)
{
  double x;

  g_return_if_fail (GLOSS_IS_TIMELINE_VIEW (self));
  g_return_if_fail (factor > 0);

  /* Around the selected event when it is in view, else around the middle. */
  x = header_width (self) + plot_width (self) / 2;
  if (self->selected >= 0)
    {
      double sx = time_to_x (self, (double) event_at (self, (guint) self->selected)->time);

      if (sx >= header_width (self) && sx <= gtk_widget_get_width (GTK_WIDGET (self)))
        x = sx;
    }
  zoom_at (self, factor, x);
}

void
gloss_timeline_view_pan (GlossTimelineView *self,
                         double             fraction)
{
  g_return_if_fail (GLOSS_IS_TIMELINE_VIEW (self));
  self->start += fraction * plot_width (self) * self->spp;
  self->has_range = TRUE;
  range_changed (self);
}

void
gloss_timeline_view_fit (GlossTimelineView *self)
{
  double span, pw;

  g_return_if_fail (GLOSS_IS_TIMELINE_VIEW (self));

  if (self->timeline == NULL || self->timeline->events->len == 0)
    return;
  pw = plot_width (self);
  span = (double) (self->timeline->max_time - self->timeline->min_time);
  span = MAX (span, 86400.0);
  /* A margin on both sides, so the first and last marks are not on the edge. */
  self->spp = span * 1.1 / MAX (pw, 1.0);
  self->start = (double) self->timeline->min_time - span * 0.05;
  self->has_range = gtk_widget_get_width (GTK_WIDGET (self)) > 0;
  range_changed (self);
}

void
gloss_timeline_view_get_range (GlossTimelineView *self,
                               double            *start,
                               double            *seconds_per_pixel)
{
  g_return_if_fail (GLOSS_IS_TIMELINE_VIEW (self));
  if (start != NULL)
    *start = self->start;
  if (seconds_per_pixel != NULL)
    *seconds_per_pixel = self->spp;
}

const char *
gloss_timeline_view_get_unit (GlossTimelineView *self)
{
  g_return_val_if_fail (GLOSS_IS_TIMELINE_VIEW (self), NULL);
  return pick_unit (self)->name;
}

static gboolean
scroll_cb (GlossTimelineView        *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  double step = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL ? 60.0 : 1.0;

  if (state & GDK_CONTROL_MASK)
    {
      zoom_at (self, pow (1.25, -dy * (step > 1.0 ? 1.0 : 0.05)), self->pointer_x);
      return TRUE;
    }
  if (state & GDK_SHIFT_MASK)
    {
      /* Shift: the lanes up and down (and a wheel's sideways turn stays sideways). */
      self->lane_offset += dy * step;
      self->start += dx * step * self->spp;
    }
  else
    self->start += (dx + dy) * step * self->spp;
  self->has_range = TRUE;
  range_changed (self);
  return TRUE;
}

static void
motion_cb (GlossTimelineView *self,
           double             x,
           double             y)
{
  self->pointer_x = x;
}

static void
drag_begin_cb (GlossTimelineView *self,
               double             x,
               double             y)
{
  self->drag_start = self->start;
  self->drag_lane_offset = self->lane_offset;
}

static void
drag_update_cb (GlossTimelineView *self,
                double             dx,
                double             dy)
{
  self->start = self->drag_start - dx * self->spp;
  self->lane_offset = self->drag_lane_offset - dy;
  self->has_range = TRUE;
  range_changed (self);
}

static void
click_pressed_cb (GlossTimelineView *self,
                  int                n_press,
                  double             x,
                  double             y,
                  GtkGestureClick   *gesture)
{
  int index, lane;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (!hit_test (self, x, y, &index, &lane))
    return;
  if (self->selected != index)
    {
      self->selected_lane = lane;
      self->selected = index;
      update_accessible (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  if (n_press == 2)
    g_signal_emit (self, signals[EVENT_ACTIVATED], 0, (guint) index);
}

static gboolean
query_tooltip_cb (GlossTimelineView *self,
                  int                x,
                  int                y,
                  gboolean           keyboard,
                  GtkTooltip        *tooltip)
{
  const GlossTimelineEvent *e;
  g_autofree char *date = NULL;
  g_autofree char *text = NULL;
  g_autofree char *entities = NULL;
  int index, lane;

  if (keyboard)
    {
      if (self->selected < 0)
        return FALSE;
      index = self->selected;
    }
  else if (!hit_test (self, x, y, &index, &lane))
    return FALSE;
  e = event_at (self, (guint) index);
  date = gloss_date_format (&e->date);
  entities = g_strjoinv (", ", e->entities);
  if (e->source == GLOSS_TIMELINE_PUBLICATION)
    text = g_strdup_printf (_("%s — published\n%s"), date, e->document_title);
  else
    text = g_strdup_printf (_("%s — %s (%s “%s”)\n%s\n%s%s%s"), date, gloss_codebook_name (e->label_name),
                            e->source == GLOSS_TIMELINE_FIELD ? _("field") : _("written"),
                            e->source == GLOSS_TIMELINE_FIELD ? gloss_codebook_name (e->field_name) : e->expression,
                            e->title, e->document_title, *entities ? " · " : "", entities);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* ------------------------------------------------------------------------- */
/* Actions (the keys)                                                         */

static void
zoom_in_action (GtkWidget *widget, const char *name, GVariant *param)
{
  gloss_timeline_view_zoom (GLOSS_TIMELINE_VIEW (widget), 1.5);
}

static void
zoom_out_action (GtkWidget *widget, const char *name, GVariant *param)
{
  gloss_timeline_view_zoom (GLOSS_TIMELINE_VIEW (widget), 1 / 1.5);
}

static void
fit_action (GtkWidget *widget, const char *name, GVariant *param)
{
  gloss_timeline_view_fit (GLOSS_TIMELINE_VIEW (widget));
}

static void
pan_action (GtkWidget *widget, const char *name, GVariant *param)
{
  gloss_timeline_view_pan (GLOSS_TIMELINE_VIEW (widget), g_variant_get_double (param));
}

/* The previous or next event in the selection's lane (Ctrl+Left, Ctrl+Right), or
 * the first or last (Home, End). With nothing selected: the first event in view. */
static void
step_action (GtkWidget *widget, const char *name, GVariant *param)
{
  GlossTimelineView *self = GLOSS_TIMELINE_VIEW (widget);
  int step = g_variant_get_int32 (param);
  const GlossTimelineLane *lane;
  int lane_index = self->selected_lane;
  guint k;

  if (self->timeline == NULL || self->lanes->len == 0)
    return;
  if (self->selected < 0 || lane_index < 0)
    {
      /* The first lane in view with an event in view, else the first lane. */
      for (guint l = 0; l < self->lanes->len; l++)
        {
          lane = self->lanes->pdata[l];
          k = lane_lower_bound (self, lane, self->start);
          if (k < lane->events->len && lane_top (self, l) >= AXIS_HEIGHT - 1)
            {
              select_in_lane (self, (int) g_array_index (lane->events, guint, k), (int) l);
              return;
            }
        }
      lane = self->lanes->pdata[0];
      if (lane->events->len > 0)
        select_in_lane (self, (int) g_array_index (lane->events, guint, 0), 0);
      return;
    }
  lane = self->lanes->pdata[lane_index];
  for (k = 0; k < lane->events->len; k++)
    if ((int) g_array_index (lane->events, guint, k) == self->selected)
      break;
  if (k == lane->events->len)
    return;
  if (step <= -1000)
    k = 0;
  else if (step >= 1000)
    k = lane->events->len - 1;
  else if (step < 0 && k > 0)
    k--;
  else if (step > 0 && k + 1 < lane->events->len)
    k++;
  select_in_lane (self, (int) g_array_index (lane->events, guint, k), lane_index);
}

/* The nearest event in time in the lane above or below (Up, Down). */
static void
lane_action (GtkWidget *widget, const char *name, GVariant *param)
{
  GlossTimelineView *self = GLOSS_TIMELINE_VIEW (widget);
  int dir = g_variant_get_int32 (param);
  double t;

  if (self->timeline == NULL || self->lanes->len == 0)
    return;
  if (self->selected < 0)
    {
      self->lane_offset += dir * LANE_HEIGHT;
      range_changed (self);
      return;
    }
  t = (double) event_at (self, (guint) self->selected)->time;
  for (int l = self->selected_lane + dir; l >= 0 && l < (int) self->lanes->len; l += dir)
    {
      const GlossTimelineLane *lane = self->lanes->pdata[l];
      guint k;
      int best;

      if (lane->events->len == 0)
        continue;
      k = lane_lower_bound (self, lane, t);
      if (k == lane->events->len)
        k--;
      best = (int) g_array_index (lane->events, guint, k);
      if (k > 0)
        {
          int before = (int) g_array_index (lane->events, guint, k - 1);

          if (fabs ((double) event_at (self, (guint) before)->time - t)
              < fabs ((double) event_at (self, (guint) best)->time - t))
            best = before;
        }
      select_in_lane (self, best, l);
      return;
    }
}

static void
activate_action (GtkWidget *widget, const char *name, GVariant *param)
{
  GlossTimelineView *self = GLOSS_TIMELINE_VIEW (widget);

  if (self->selected >= 0)
    g_signal_emit (self, signals[EVENT_ACTIVATED], 0, (guint) self->selected);
}

/* ------------------------------------------------------------------------- */
/* Model                                                                      */

static void
rebuild_lanes (GlossTimelineView *self)
{
  g_clear_pointer (&self->lanes, g_ptr_array_unref);
  if (self->timeline != NULL)
    self->lanes = gloss_timeline_lanes (self->timeline, self->mode);
  else
    self->lanes = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_timeline_lane_free);
  self->selected_lane = lane_of (self, self->selected, -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static gboolean
same_event (const GlossTimelineEvent *a,
            const GlossTimelineEvent *b)
{
  return a->source == b->source && a->time == b->time && a->date.granularity == b->date.granularity
         && g_strcmp0 (a->document_id, b->document_id) == 0 && g_strcmp0 (a->annotation_id, b->annotation_id) == 0
         && a->date_start == b->date_start;
}

void
gloss_timeline_view_set_timeline (GlossTimelineView *self,
                                  GlossTimeline     *timeline)
{
  g_autoptr(GlossTimeline) old = NULL;
  int selected = -1;

  g_return_if_fail (GLOSS_IS_TIMELINE_VIEW (self));

  old = g_steal_pointer (&self->timeline);
  self->timeline = timeline;
  g_clear_pointer (&self->colours, g_free);
  if (timeline != NULL)
    {
      GdkRGBA fallback = { 0.47f, 0.47f, 0.47f, 1 };

      self->colours = g_new (GdkRGBA, MAX (1, timeline->events->len));
      for (guint i = 0; i < timeline->events->len; i++)
        {
          const GlossTimelineEvent *e = timeline->events->pdata[i];

          if (e->label_colour == NULL || !gdk_rgba_parse (&self->colours[i], e->label_colour))
            self->colours[i] = fallback;
        }
      /* The same event again (the project changed elsewhere). */
      if (old != NULL && self->selected >= 0 && self->selected < (int) old->events->len)
        {
          const GlossTimelineEvent *was = old->events->pdata[self->selected];
          guint k = gloss_timeline_lower_bound (timeline, was->time);

          for (; k < timeline->events->len && ((GlossTimelineEvent *) timeline->events->pdata[k])->time == was->time; k++)
            if (same_event (timeline->events->pdata[k], was))
              {
                selected = (int) k;
                break;
              }
        }
    }
  if (old == NULL)
    self->has_range = FALSE;
  self->selected = selected;
  rebuild_lanes (self);
  if (!self->has_range && timeline != NULL && gtk_widget_get_width (GTK_WIDGET (self)) > 0)
    gloss_timeline_view_fit (self);
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const GlossTimeline *
gloss_timeline_view_get_timeline (GlossTimelineView *self)
{
  g_return_val_if_fail (GLOSS_IS_TIMELINE_VIEW (self), NULL);
  return self->timeline;
}

void
gloss_timeline_view_set_lane_mode (GlossTimelineView    *self,
                                   GlossTimelineLaneMode mode)
{
  g_return_if_fail (GLOSS_IS_TIMELINE_VIEW (self));

  if (self->mode == mode)
    return;
  self->mode = mode;
  rebuild_lanes (self);
  clamp_range (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANE_MODE]);
}

GlossTimelineLaneMode
gloss_timeline_view_get_lane_mode (GlossTimelineView *self)
{
  g_return_val_if_fail (GLOSS_IS_TIMELINE_VIEW (self), GLOSS_TIMELINE_LANES_LABEL);
  return self->mode;
}

GPtrArray *
gloss_timeline_view_get_lanes (GlossTimelineView *self)
{
  g_return_val_if_fail (GLOSS_IS_TIMELINE_VIEW (self), NULL);
  return self->lanes;
}

/* ------------------------------------------------------------------------- */
/* PNG                                                                        */

static void
draw_cb (GtkWidget   *view,
         GtkSnapshot *snapshot,
         double       width,
         double       height)
{
  draw (GLOSS_TIMELINE_VIEW (view), snapshot, width, height);
}

gboolean
gloss_timeline_view_save_png (GlossTimelineView  *self,
                              const char         *path,
                              GError            **error)
{
  g_return_val_if_fail (GLOSS_IS_TIMELINE_VIEW (self), FALSE);
  return gloss_view_save_png (GTK_WIDGET (self), draw_cb, _("The timeline is not shown."), path, error);
}

/* ------------------------------------------------------------------------- */

static void
gloss_timeline_view_finalize (GObject *object)
{
  GlossTimelineView *self = GLOSS_TIMELINE_VIEW (object);

  g_clear_pointer (&self->timeline, gloss_timeline_free);
  g_clear_pointer (&self->lanes, g_ptr_array_unref);
  g_clear_pointer (&self->colours, g_free);
  G_OBJECT_CLASS (gloss_timeline_view_parent_class)->finalize (object);
}

static void
gloss_timeline_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  GlossTimelineView *self = GLOSS_TIMELINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      g_value_set_int (value, self->selected);
      break;
    case PROP_LANE_MODE:
      g_value_set_int (value, (int) self->mode);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_timeline_view_class_init (GlossTimelineViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = gloss_timeline_view_finalize;
  object_class->get_property = gloss_timeline_view_get_property;
  widget_class->snapshot = gloss_timeline_view_snapshot;
  widget_class->measure = gloss_timeline_view_measure;
  widget_class->size_allocate = gloss_timeline_view_size_allocate;

  properties[PROP_SELECTED] =
    g_param_spec_int ("selected", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LANE_MODE] =
    g_param_spec_int ("lane-mode", NULL, NULL, 0, GLOSS_TIMELINE_LANES_ENTITY, 0,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[EVENT_ACTIVATED] = g_signal_new ("event-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[RANGE_CHANGED] = g_signal_new ("range-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "timeline.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "timeline.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "timeline.fit", NULL, fit_action);
  gtk_widget_class_install_action (widget_class, "timeline.pan", "d", pan_action);
  gtk_widget_class_install_action (widget_class, "timeline.step", "i", step_action);
  gtk_widget_class_install_action (widget_class, "timeline.lane", "i", lane_action);
  gtk_widget_class_install_action (widget_class, "timeline.activate", NULL, activate_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_SHIFT_MASK, "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "timeline.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "timeline.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0, "timeline.fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "timeline.pan", "d", -0.1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "timeline.pan", "d", 0.1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "timeline.pan", "d", -0.9);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "timeline.pan", "d", 0.9);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_CONTROL_MASK, "timeline.step", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_CONTROL_MASK, "timeline.step", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, 0, "timeline.step", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_period, 0, "timeline.step", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "timeline.step", "i", -1000);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, 0, "timeline.step", "i", 1000);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "timeline.lane", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "timeline.lane", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "timeline.activate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "timeline.activate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "timeline.activate", NULL);

  gtk_widget_class_set_css_name (widget_class, "timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
gloss_timeline_view_init (GlossTimelineView *self)
{
  GtkEventController *scroll, *motion;
  GtkGesture *drag, *click;

  self->selected = -1;
  self->selected_lane = -1;
  self->spp = 86400.0;
  self->lanes = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_timeline_lane_free);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect_swapped (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (motion, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  drag = gtk_gesture_drag_new ();
  g_signal_connect_swapped (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect_swapped (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  click = gtk_gesture_click_new ();
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (click_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Timeline"), -1);
}

GtkWidget *
gloss_timeline_view_new (void)
{
  return g_object_new (GLOSS_TYPE_TIMELINE_VIEW, NULL);
}

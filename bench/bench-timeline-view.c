/* bench-timeline-view.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The timeline view with 10,000 events (needs a display; Xvfb will do): the time to
 * give the view a timeline (lanes laid out) and show its first frame, and the time
 * of a frame's snapshot while panning, at the zoom that shows everything (all
 * events on screen) and at a month. Frames are drawn by calling the view's snapshot
 * directly, so the figure is what the view costs, not the renderer.
 *
 *   bench-timeline-view [--events N] [--lanes by-label|by-entity]
 */
#define G_LOG_DOMAIN "bench-timeline-view"

#include <stdio.h>
#include <adwaita.h>

#include "gloss-timeline-view.h"

static const char *const colours[] = { "#3584e4", "#e5a50a", "#e01b24", "#33d17a", "#9141ac" };
static const char *const labels[] = { "Claim", "Risk", "Event", "Person", "Organization" };

static GPtrArray *
make_events (guint n)
{
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_timeline_event_free);
  GRand *rand = g_rand_new_with_seed (18);

  for (guint i = 0; i < n; i++)
    {
      GlossTimelineEvent *e = g_new0 (GlossTimelineEvent, 1);
      guint l = g_rand_int_range (rand, 0, G_N_ELEMENTS (labels));
      char **ids = g_new0 (char *, 2);
      char **names = g_new0 (char *, 2);

      /* Spread over ten years. */
      e->date.year = 2016 + g_rand_int_range (rand, 0, 10);
      e->date.month = g_rand_int_range (rand, 1, 13);
      e->date.day = g_rand_int_range (rand, 1, 29);
      e->date.granularity = i % 50 == 0 ? GLOSS_DATE_MONTH : GLOSS_DATE_DAY;
      e->time = gloss_date_to_unix (&e->date);
      e->source = (GlossTimelineSource) (i % 3);
      e->document_id = g_strdup_printf ("doc-%u", i % 200);
      e->document_title = g_strdup_printf ("Report %u", i % 200);
      e->annotation_id = g_strdup_printf ("ann-%u", i);
      e->start = e->end = e->date_start = e->date_end = -1;
      e->label_id = g_strdup (labels[l]);
      e->label_name = g_strdup (labels[l]);
      e->label_colour = g_strdup (colours[l]);
      ids[0] = g_strdup_printf ("entity-%u", i % 50);
      names[0] = g_strdup_printf ("Person %02u", i % 50);
      e->entity_ids = ids;
      e->entities = names;
      e->title = g_strdup_printf ("Something said in report %u about the strike, the port and the dam", i % 200);
      g_ptr_array_add (events, e);
    }
  g_rand_free (rand);
  return events;
}

static double
frame_ms (GtkWidget *view)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  gint64 t0 = g_get_monotonic_time ();
  GskRenderNode *node;

  GTK_WIDGET_GET_CLASS (view)->snapshot (view, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node != NULL)
    gsk_render_node_unref (node);
  return (g_get_monotonic_time () - t0) / 1000.0;
}

static void
pan_frames (GtkWidget  *view,
            const char *what)
{
  double sum = 0, worst = 0;
  const int n = 60;

  for (int i = 0; i < n; i++)
    {
      double ms;

      gloss_timeline_view_pan (GLOSS_TIMELINE_VIEW (view), i < n / 2 ? 0.02 : -0.02);
      ms = frame_ms (view);
      sum += ms;
      worst = MAX (worst, ms);
    }
  printf ("%-28s %d frames while panning: mean %.2f ms, worst %.2f ms (%.0f frames/s at the mean)\n", what, n,
          sum / n, worst, 1000.0 / (sum / n));
}

int
main (int argc, char **argv)
{
  int n_events = 10000;
  g_autofree char *lanes = NULL;
  GOptionEntry entries[] = {
    { "events", 0, 0, G_OPTION_ARG_INT, &n_events, "Events (10000)", "N" },
    { "lanes", 0, 0, G_OPTION_ARG_STRING, &lanes, "by-label (default) or by-entity", "MODE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("");
  g_autoptr(GError) error = NULL;
  GtkWidget *window, *view;
  GlossTimeline *timeline;
  gint64 t0;
  double first;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  gtk_init ();
  adw_init ();

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 700);
  view = gloss_timeline_view_new ();
  gtk_window_set_child (GTK_WINDOW (window), view);
  if (g_strcmp0 (lanes, "by-entity") == 0)
    gloss_timeline_view_set_lane_mode (GLOSS_TIMELINE_VIEW (view), GLOSS_TIMELINE_LANES_ENTITY);
  gtk_window_present (GTK_WINDOW (window));
  while (gtk_widget_get_width (view) == 0)
    g_main_context_iteration (NULL, TRUE);

  timeline = gloss_timeline_new_from_events (make_events ((guint) n_events));
  t0 = g_get_monotonic_time ();
  gloss_timeline_view_set_timeline (GLOSS_TIMELINE_VIEW (view), timeline);
  first = frame_ms (view);
  /* Opening the timeline window is this plus building the events from the project
   * (bench-timeline); the target is for both together. */
  printf ("%u events in %u lanes: set and first frame in %.1f ms (the frame %.1f ms); "
          "with the build (bench-timeline), target < 1000 ms\n", timeline->events->len,
          gloss_timeline_view_get_lanes (GLOSS_TIMELINE_VIEW (view))->len,
          (g_get_monotonic_time () - t0) / 1000.0, first);

  gloss_timeline_view_fit (GLOSS_TIMELINE_VIEW (view));
  pan_frames (view, "everything in view");
  for (int i = 0; i < 10; i++)
    gloss_timeline_view_zoom (GLOSS_TIMELINE_VIEW (view), 1.5);
  pan_frames (view, "about a month in view");

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

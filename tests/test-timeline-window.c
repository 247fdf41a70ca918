/* test-timeline-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Timeline window under Xvfb: it opens from the main window, follows an
 * annotation and its undo at once, steps through events from the keyboard and opens
 * one at its date in the main window, changes lanes, zooms from decades to hours,
 * and exports CSV, JSON and PNG. With GLOSS_TEST_SHOT set (a folder) it also saves pictures
 * of the window (light, dark, narrow) there, to look at.
 */
#define G_LOG_DOMAIN "test-timeline-window"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "gloss-document-view.h"
#include "gloss-project.h"
#include "gloss-sample.h"
#include "gloss-store.h"
#include "gloss-timeline-window.h"
#include "gloss-window.h"
#include "gloss-window-private.h"
#include "window-wait.h"
#include "window-fixture.h"

#define ARTICLE "Alice Moreau met Bob Tan in Paris on Monday.\n\nThe harbour strike began on 4 December 2026."

typedef struct {
  char          *dir;
  char          *path;
  GlossWindow   *window;
  GlossDocument *document;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GlossDocument) props = g_new0 (GlossDocument, 1);

  g_settings_set_string (settings, "analyst-name", "Tess Tester");
  f->dir = g_dir_make_tmp ("gloss-test-timeline-window-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "project.gloss", NULL);
  store = gloss_project_create (f->path, "Test project", GLOSS_PROJECT_CREATE_DEFAULT, &error);
  g_assert_no_error (error);
  f->document = gloss_store_add_document (store, "Meeting", ARTICLE, NULL, "txt", NULL, &error);
  g_assert_no_error (error);
  /* Wednesday: "on Monday" is 7 December. */
  props->published = g_strdup ("2026-12-09");
  g_assert_true (gloss_store_set_document_properties (store, f->document->id, props, &error));
  g_assert_no_error (error);
  gloss_store_close (store);

  f->window = window_open_project (f->path, 1100, 700);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  window_close_project (f->window, f->path);
  g_clear_pointer (&f->document, gloss_document_free);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* Tags @quote with @label_name as a drag and a click in the popover do. */
static char *
annotate (Fixture    *f,
          const char *label_name,
          const char *quote)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossLabel) label = gloss_store_find_label_by_name (gloss_window_get_store (f->window), label_name, &error);
  const char *at = strstr (ARTICLE, quote);
  gint64 start;

  g_assert_no_error (error);
  g_assert_nonnull (at);
  start = g_utf8_pointer_to_offset (ARTICLE, at);
  return window_annotate (f->window, label->id, start, start + g_utf8_strlen (quote, -1));
}

static guint
n_events (GlossTimelineWindow *timeline)
{
  const GlossTimeline *t = gloss_timeline_view_get_timeline (gloss_timeline_window_get_view (timeline));

  return t ? t->events->len : 0;
}

static void
test_timeline_window (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *claim = NULL;
  g_autofree char *strike = NULL;
  g_autofree char *csv_path = g_build_filename (f->dir, "timeline.csv", NULL);
  g_autofree char *json_path = g_build_filename (f->dir, "timeline.json", NULL);
  g_autofree char *png_path = g_build_filename (f->dir, "timeline.png", NULL);
  g_autofree char *csv = NULL;
  g_autofree char *json = NULL;
  g_autofree char *png = NULL;
  gsize png_length = 0;
  GlossTimelineWindow *timeline;
  GlossTimelineView *view;
  const GlossTimeline *t;
  const GlossTimelineEvent *e;
  GPtrArray *lanes;
  gint64 s = -1, end = -1;
  int selected;

  /* Ctrl+Shift+T's action, as the primary menu's Timeline item activates it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.timeline", NULL));
  wait_quiet ();
  timeline = GLOSS_TIMELINE_WINDOW (gloss_window_show_timeline (f->window));
  view = gloss_timeline_window_get_view (timeline);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (view)) && gtk_widget_get_width (GTK_WIDGET (view)) > 0);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (view)));
  g_assert_cmpstr (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (view)) == GTK_ACCESSIBLE_ROLE_IMG ? "img" : "other",
                   ==, "img");
  /* The publication date alone. */
  g_assert_cmpuint (n_events (timeline), ==, 1);

  /* Annotating in the main window shows at once: "on Monday" is 7 December. */
  claim = annotate (f, "Claim", "Alice Moreau met Bob Tan in Paris on Monday.");
  g_assert_nonnull (claim);
  WAIT_FOR (n_events (timeline) == 2);
  t = gloss_timeline_view_get_timeline (view);
  e = t->events->pdata[0];
  g_assert_cmpstr (e->annotation_id, ==, claim);
  g_assert_cmpint (e->date.day, ==, 7);
  g_assert_cmpstr (e->expression, ==, "on Monday");

  /* And undo takes it away at once. */
  g_assert_true (gloss_window_undo (f->window, &error));
  g_assert_no_error (error);
  WAIT_FOR (n_events (timeline) == 1);

  g_clear_pointer (&claim, g_free);
  claim = annotate (f, "Claim", "Alice Moreau met Bob Tan in Paris on Monday.");
  strike = annotate (f, "Event", "The harbour strike began on 4 December 2026.");
  WAIT_FOR (n_events (timeline) == 3);

  /* From the keyboard: the first event in view, then the next; Enter opens it. */
  gloss_timeline_view_fit (view);
  g_assert_cmpint (gloss_timeline_view_get_selected (view), ==, -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "timeline.step", "i", 1));
  selected = gloss_timeline_view_get_selected (view);
  g_assert_cmpint (selected, >=, 0);
  t = gloss_timeline_view_get_timeline (view);
  /* Home: the first of its lane. By label the lanes are Publications, Claim, Event. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "timeline.step", "i", -1000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "timeline.lane", "i", 1));
  selected = gloss_timeline_view_get_selected (view);
  g_assert_cmpint (selected, >=, 0);
  e = t->events->pdata[selected];
  g_assert_cmpstr (e->label_name, ==, "Claim");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "timeline.activate", NULL));
  wait_quiet ();
  g_assert_cmpstr (gloss_window_get_selected_annotation_id (f->window), ==, claim);
  g_assert_true (gloss_document_view_get_selection (gloss_window_get_document_view (f->window), &s, &end));
  g_assert_cmpint (s, ==, e->date_start);
  g_assert_cmpint (end, ==, e->date_end);

  /* The selection stays on its event when the project changes. */
  strike = (g_free (strike), annotate (f, "Person", "Alice Moreau"));
  WAIT_FOR (gloss_timeline_view_get_timeline (view) != t);
  t = gloss_timeline_view_get_timeline (view);
  g_assert_cmpint (gloss_timeline_view_get_selected (view), >=, 0);
  g_assert_cmpstr (((GlossTimelineEvent *) t->events->pdata[gloss_timeline_view_get_selected (view)])->annotation_id,
                   ==, claim);
  window_shot (GTK_WIDGET (timeline), "timeline-light");

  /* Lanes by entity: the Event annotation is an entity of its own (an entity label);
   * the claim and the publication have none. */
  gtk_drop_down_set_selected (gloss_timeline_window_get_lanes_dropdown (timeline), 1);
  g_assert_cmpint (gloss_timeline_view_get_lane_mode (view), ==, GLOSS_TIMELINE_LANES_ENTITY);
  lanes = gloss_timeline_view_get_lanes (view);
  g_assert_cmpuint (lanes->len, ==, 2);
  g_assert_cmpstr (((GlossTimelineLane *) lanes->pdata[1])->name, ==, "No entity");
  g_assert_cmpuint (((GlossTimelineLane *) lanes->pdata[1])->events->len, ==, 2);
  window_shot (GTK_WIDGET (timeline), "timeline-entities");
  gtk_drop_down_set_selected (gloss_timeline_window_get_lanes_dropdown (timeline), 0);
  g_assert_cmpuint (gloss_timeline_view_get_lanes (view)->len, ==, 3);

  /* Zoom from decades to hours, by the window's buttons and the view's keys. */
  for (int i = 0; i < 40; i++)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (timeline), "timeline-window.zoom-out", NULL));
  g_assert_cmpstr (gloss_timeline_view_get_unit (view), ==, "decade");
  window_shot (GTK_WIDGET (timeline), "timeline-decades");
  for (int i = 0; i < 60; i++)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "timeline.zoom-in", NULL));
  g_assert_cmpstr (gloss_timeline_view_get_unit (view), ==, "hour");
  window_shot (GTK_WIDGET (timeline), "timeline-hours");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "timeline.fit", NULL));
  {
    double start_before, start_after, spp;

    gloss_timeline_view_get_range (view, &start_before, &spp);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "timeline.pan", "d", 0.5));
    gloss_timeline_view_get_range (view, &start_after, NULL);
    g_assert_cmpfloat (start_after, >, start_before);
  }

  /* Export. */
  g_assert_true (gloss_timeline_window_export (timeline, "csv", csv_path, &error));
  g_assert_no_error (error);
  g_assert_true (gloss_timeline_window_export (timeline, "json", json_path, &error));
  g_assert_no_error (error);
  g_assert_true (gloss_timeline_window_export (timeline, "png", png_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "date,granularity,source,"));
  g_assert_nonnull (strstr (csv, "2026-12-07,day,text,"));
  g_assert_true (g_file_get_contents (json_path, &json, NULL, NULL));
  g_assert_nonnull (strstr (json, "\"gloss-timeline\""));
  g_assert_true (g_file_get_contents (png_path, &png, &png_length, NULL));
  g_assert_cmpuint (png_length, >, 8);
  g_assert_cmpint (memcmp (png, "\x89PNG", 4), ==, 0);
  g_unlink (csv_path);
  g_unlink (json_path);
  g_unlink (png_path);

  /* Dark style and a narrow window, to look at. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  wait_quiet ();
  window_shot (GTK_WIDGET (timeline), "timeline-dark");
  gtk_widget_hide (GTK_WIDGET (timeline));
  gtk_window_set_default_size (GTK_WINDOW (timeline), 380, 520);
  gtk_window_present (GTK_WINDOW (timeline));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (timeline)) && gtk_widget_get_width (GTK_WIDGET (timeline)) <= 400);
  wait_quiet ();
  window_shot (GTK_WIDGET (timeline), "timeline-narrow");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* Escape's action closes it. */
  {
    GtkWidget *weak = GTK_WIDGET (timeline);

    g_object_add_weak_pointer (G_OBJECT (weak), (gpointer *) &weak);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (timeline), "window.close", NULL));
    WAIT_FOR (weak == NULL);
  }
}

/* The bundled sample opened in the workbench: its timeline by label and by entity. */
static void
test_sample_timeline (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gloss-test-timeline-sample-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "sample.gloss", NULL);
  g_autofree char *samples = g_build_filename (g_getenv ("GLOSS_SOURCE_ROOT"), "data", "samples", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  GlossWindow *window;
  GlossTimelineWindow *timeline;
  GlossTimelineView *view;

  g_assert_no_error (error);
  g_assert_true (gloss_sample_project_create (path, samples, "Sample annotator", &error));
  g_assert_no_error (error);
  window = gloss_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gloss_window_open_path (window, path));
  wait_quiet ();
  timeline = GLOSS_TIMELINE_WINDOW (gloss_window_show_timeline (window));
  view = gloss_timeline_window_get_view (timeline);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (view)) && gtk_widget_get_width (GTK_WIDGET (view)) > 0);
  g_assert_cmpuint (n_events (timeline), >=, 5);
  window_shot (GTK_WIDGET (timeline), "timeline-sample");
  gtk_drop_down_set_selected (gloss_timeline_window_get_lanes_dropdown (timeline), 1);
  g_assert_cmpuint (gloss_timeline_view_get_lanes (view)->len, >=, 3);
  window_shot (GTK_WIDGET (timeline), "timeline-sample-entities");

  gtk_window_destroy (GTK_WINDOW (window));
  wait_quiet ();
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", FALSE);
  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/app/timeline/window", Fixture, NULL, fixture_setup, test_timeline_window, fixture_teardown);
  g_test_add_func ("/app/timeline/sample", test_sample_timeline);
  return g_test_run ();
}

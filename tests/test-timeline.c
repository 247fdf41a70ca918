/* test-timeline.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The timeline of a small project: events from a publication date, a claim's date
 * field and dates written in annotated spans (resolved against the publication
 * date), with their entities; lanes by label and by entity; and the CSV and JSON
 * exports byte for byte.
 */
#define G_LOG_DOMAIN "test-timeline"

#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gloss-fields.h"
#include "gloss-project.h"
#include "gloss-relations.h"
#include "gloss-sample.h"
#include "gloss-session.h"
#include "gloss-store.h"
#include "gloss-timeline-out.h"
#include "gloss-timeline.h"
#include "test-files.h"

typedef struct {
  char         *dir;
  char         *path;
  GlossStore   *store;
  GlossSession *session;
  char         *doc_id;
  char         *doc2_id;
  char         *claim_id;
  char         *person_id;
} Fixture;

/* "Am 3. März" in document two needs its anchor: the document has none, so that
 * expression is no event, while the ISO date is. */
static const char text1[] =
  "Last Tuesday the minister said the port would reopen on 4 December 2026. Ana Lima denied it.";
static const char text2[] = "Am 3. März, so der Bericht vom 2026-03-10, begann der Streik.";

static gint64
offset_of (const char *text, const char *needle)
{
  const char *p = strstr (text, needle);

  g_assert_nonnull (p);
  return g_utf8_pointer_to_offset (text, p);
}

static GlossAnnotation *
annotate (Fixture *f, const char *doc_id, const char *text, const char *label, const char *quote)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossLabel) l = gloss_store_find_label_by_name (f->store, label, &error);
  gint64 start = offset_of (text, quote);
  GlossAnnotation *a;

  g_assert_no_error (error);
  a = gloss_session_annotate (f->session, doc_id, l->id, start, start + g_utf8_strlen (quote, -1), NULL, &error);
  g_assert_no_error (error);
  return a;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossDocument) doc = NULL;
  g_autoptr(GlossDocument) doc2 = NULL;
  g_autoptr(GlossDocument) props = g_new0 (GlossDocument, 1);
  g_autoptr(GlossUndoStack) undo = gloss_undo_stack_new ();
  g_autoptr(GlossAnnotation) claim = NULL;
  g_autoptr(GlossAnnotation) person = NULL;
  g_autoptr(GlossAnnotation) denial = NULL;
  g_autoptr(GlossAnnotation) report = NULL;
  g_autoptr(GlossRelationType) attributed = NULL;
  g_autoptr(GlossRelation) relation = NULL;

  f->dir = g_dir_make_tmp ("gloss-test-timeline-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "p.gloss", NULL);
  f->store = gloss_project_create (f->path, "Desk", 0, &error);
  g_assert_no_error (error);
  gloss_store_set_user (f->store, "Ana");
  f->session = gloss_session_new (f->store, undo);

  doc = gloss_store_add_document (f->store, "Port", text1, NULL, "txt", NULL, &error);
  g_assert_no_error (error);
  doc2 = gloss_store_add_document (f->store, "Streik", text2, NULL, "txt", NULL, &error);
  g_assert_no_error (error);
  f->doc_id = g_strdup (doc->id);
  f->doc2_id = g_strdup (doc2->id);
  props->published = g_strdup ("2026-12-05");
  g_assert_true (gloss_store_set_document_properties (f->store, doc->id, props, &error));
  g_assert_no_error (error);

  claim = annotate (f, doc->id, text1, "Claim", "Last Tuesday the minister said the port would reopen on 4 December 2026.");
  person = annotate (f, doc->id, text1, "Person", "Ana Lima");
  denial = annotate (f, doc->id, text1, "Claim", "Ana Lima denied it.");
  report = annotate (f, doc2->id, text2, "Claim", "Am 3. März, so der Bericht vom 2026-03-10, begann der Streik.");
  (void) denial;
  (void) report;
  f->claim_id = g_strdup (claim->id);
  f->person_id = g_strdup (person->id);
  g_assert_true (gloss_store_set_field_value (f->store, claim->id, "date", "2026-11-30", &error));
  g_assert_no_error (error);
  attributed = gloss_store_find_relation_type (f->store, "attributed to", &error);
  g_assert_no_error (error);
  relation = gloss_store_add_relation (f->store, attributed->id, claim->id, person->id, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->session);
  g_clear_object (&f->store);
  test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
  g_free (f->doc_id);
  g_free (f->doc2_id);
  g_free (f->claim_id);
  g_free (f->person_id);
}

static const GlossTimelineEvent *
event (const GlossTimeline *t, guint i)
{
  g_assert_cmpuint (i, <, t->events->len);
  return t->events->pdata[i];
}

static void
test_build (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossTimeline) t = gloss_timeline_build (f->store, &error);
  const GlossTimelineEvent *e;
  g_autofree char *date = NULL;

  g_assert_no_error (error);
  /* 2026-03-10 (text, document two), 2026-11-30 (field), 2026-12-01 (last Tuesday),
   * 2026-12-04 (text), 2026-12-05 (publication). "3. März" has no anchor. */
  g_assert_cmpuint (t->events->len, ==, 5);

  e = event (t, 0);
  date = gloss_date_format (&e->date);
  g_assert_cmpstr (date, ==, "2026-03-10");
  g_assert_cmpint (e->source, ==, GLOSS_TIMELINE_TEXT);
  g_assert_cmpstr (e->document_id, ==, f->doc2_id);
  g_assert_cmpstr (e->expression, ==, "2026-03-10");
  g_assert_cmpint (e->date_start, ==, offset_of (text2, "2026-03-10"));
  g_assert_cmpint (e->date_end, ==, e->date_start + 10);
  g_assert_cmpstr (e->entities[0], ==, NULL);

  e = event (t, 1);
  g_clear_pointer (&date, g_free);
  date = gloss_date_format (&e->date);
  g_assert_cmpstr (date, ==, "2026-11-30");
  g_assert_cmpint (e->source, ==, GLOSS_TIMELINE_FIELD);
  g_assert_cmpstr (e->field_name, ==, "date");
  g_assert_cmpstr (e->annotation_id, ==, f->claim_id);
  g_assert_cmpstr (e->label_name, ==, "Claim");
  g_assert_cmpint (e->start, ==, 0);
  g_assert_cmpint (e->date_start, ==, -1);
  /* The claim is attributed to Ana Lima: her entity is the claim's too. */
  g_assert_cmpuint (g_strv_length (e->entities), ==, 1);
  g_assert_cmpstr (e->entities[0], ==, "Ana Lima");

  e = event (t, 2);
  g_clear_pointer (&date, g_free);
  date = gloss_date_format (&e->date);
  g_assert_cmpstr (date, ==, "2026-12-01");
  g_assert_cmpint (e->source, ==, GLOSS_TIMELINE_TEXT);
  g_assert_cmpstr (e->expression, ==, "Last Tuesday");
  g_assert_cmpint (e->date_start, ==, 0);

  e = event (t, 3);
  g_clear_pointer (&date, g_free);
  date = gloss_date_format (&e->date);
  g_assert_cmpstr (date, ==, "2026-12-04");
  g_assert_cmpstr (e->expression, ==, "4 December 2026");
  g_assert_cmpint (e->date_start, ==, offset_of (text1, "4 December"));

  e = event (t, 4);
  g_clear_pointer (&date, g_free);
  date = gloss_date_format (&e->date);
  g_assert_cmpstr (date, ==, "2026-12-05");
  g_assert_cmpint (e->source, ==, GLOSS_TIMELINE_PUBLICATION);
  g_assert_null (e->annotation_id);
  g_assert_cmpstr (e->title, ==, "Port");
  g_assert_cmpint (e->start, ==, -1);

  g_assert_cmpint (t->min_time, ==, event (t, 0)->time);
  g_assert_cmpint (t->max_time, ==, event (t, 4)->time + 86400);
  g_assert_cmpuint (gloss_timeline_lower_bound (t, event (t, 2)->time), ==, 2);
  g_assert_cmpuint (gloss_timeline_lower_bound (t, G_MAXINT64), ==, 5);
}

/* The timeline is computed from the project as it is: an undone annotation and a
 * deleted document leave it. */
static void
test_follows_changes (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossTimeline) before = NULL;
  g_autoptr(GlossTimeline) after = NULL;
  g_autoptr(GlossTimeline) gone = NULL;

  before = gloss_timeline_build (f->store, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_session_delete_annotation (f->session, f->claim_id, &error));
  g_assert_no_error (error);
  after = gloss_timeline_build (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->events->len, ==, before->events->len - 3);
  g_assert_true (gloss_session_undo (f->session, &error));
  g_assert_no_error (error);
  g_clear_pointer (&after, gloss_timeline_free);
  after = gloss_timeline_build (f->store, &error);
  g_assert_cmpuint (after->events->len, ==, before->events->len);

  g_assert_true (gloss_store_delete_document (f->store, f->doc_id, &error));
  g_assert_no_error (error);
  gone = gloss_timeline_build (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gone->events->len, ==, 1);
}

static void
test_lanes (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossTimeline) t = gloss_timeline_build (f->store, &error);
  g_autoptr(GPtrArray) by_label = NULL;
  g_autoptr(GPtrArray) by_entity = NULL;
  GlossTimelineLane *lane;

  g_assert_no_error (error);
  by_label = gloss_timeline_lanes (t, GLOSS_TIMELINE_LANES_LABEL);
  g_assert_cmpuint (by_label->len, ==, 2);
  lane = by_label->pdata[0];
  g_assert_cmpstr (lane->name, ==, "Publications");
  g_assert_cmpuint (lane->events->len, ==, 1);
  lane = by_label->pdata[1];
  g_assert_cmpstr (lane->name, ==, "Claim");
  g_assert_cmpstr (lane->colour, !=, NULL);
  g_assert_cmpuint (lane->events->len, ==, 4);
  g_assert_cmpuint (g_array_index (lane->events, guint, 0), ==, 0);

  by_entity = gloss_timeline_lanes (t, GLOSS_TIMELINE_LANES_ENTITY);
  g_assert_cmpuint (by_entity->len, ==, 2);
  lane = by_entity->pdata[0];
  g_assert_cmpstr (lane->name, ==, "Ana Lima");
  g_assert_cmpuint (lane->events->len, ==, 3);
  lane = by_entity->pdata[1];
  g_assert_cmpstr (lane->key, ==, "");
  g_assert_cmpuint (lane->events->len, ==, 2);
}

static char *
export_text (const GlossTimeline *t, GlossTimelineFormat format)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  g_assert_true (gloss_timeline_write (t, format, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  return g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)));
}

static void
test_export (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossTimeline) t = gloss_timeline_build (f->store, &error);
  g_autofree char *csv = NULL;
  g_autofree char *json = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *file = NULL;
  g_autofree char *read_back = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *first;
  JsonArray *events;

  g_assert_no_error (error);
  csv = export_text (t, GLOSS_TIMELINE_FORMAT_CSV);
  expected = g_strdup_printf (
      GLOSS_TIMELINE_CSV_HEADER "\r\n"
      "2026-03-10,day,text,%s,Streik,%s,0,61,31,41,Claim,,2026-03-10,,\"Am 3. März, so der Bericht vom 2026-03-10, begann der Streik.\"\r\n"
      "2026-11-30,day,field,%s,Port,%s,0,72,,,Claim,date,2026-11-30,Ana Lima,Last Tuesday the minister said the port would reopen on 4 December 2026.\r\n"
      "2026-12-01,day,text,%s,Port,%s,0,72,0,12,Claim,,Last Tuesday,Ana Lima,Last Tuesday the minister said the port would reopen on 4 December 2026.\r\n"
      "2026-12-04,day,text,%s,Port,%s,0,72,56,71,Claim,,4 December 2026,Ana Lima,Last Tuesday the minister said the port would reopen on 4 December 2026.\r\n"
      "2026-12-05,day,publication,%s,Port,,,,,,,,2026-12-05,,Port\r\n",
      f->doc2_id, ((GlossTimelineEvent *) t->events->pdata[0])->annotation_id,
      f->doc_id, f->claim_id, f->doc_id, f->claim_id, f->doc_id, f->claim_id, f->doc_id);
  g_assert_cmpstr (csv, ==, expected);

  json = export_text (t, GLOSS_TIMELINE_FORMAT_JSON);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "gloss-timeline");
  events = json_object_get_array_member (root, "events");
  g_assert_cmpuint (json_array_get_length (events), ==, 5);
  first = json_array_get_object_element (events, 1);
  g_assert_cmpstr (json_object_get_string_member (first, "date"), ==, "2026-11-30");
  g_assert_cmpstr (json_object_get_string_member (first, "source"), ==, "field");
  g_assert_cmpstr (json_object_get_string_member (first, "annotation_id"), ==, f->claim_id);
  g_assert_true (json_node_is_null (json_object_get_member (first, "date_start")));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (first, "entities"), 0), "name"), ==, "Ana Lima");

  /* To a file, all or nothing. */
  file = g_build_filename (f->dir, "timeline.csv", NULL);
  g_assert_true (gloss_timeline_export (t, GLOSS_TIMELINE_FORMAT_CSV, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (file, &read_back, NULL, &error));
  g_assert_cmpstr (read_back, ==, csv);
}

/* The bundled sample: its three articles' publication dates and its two dated claims
 * (said on the day the strike began, 9 March 2026). */
static void
test_sample (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gloss-test-timeline-sample-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "sample.gloss", NULL);
  g_autofree char *samples = g_build_filename (g_getenv ("GLOSS_SOURCE_ROOT"), "data", "samples", NULL);
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GlossTimeline) t = NULL;
  guint publications = 0, fields = 0;

  g_assert_no_error (error);
  g_assert_true (gloss_sample_project_create (path, samples, "Sample annotator", &error));
  g_assert_no_error (error);
  store = gloss_store_open (path, GLOSS_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  t = gloss_timeline_build (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < t->events->len; i++)
    {
      const GlossTimelineEvent *e = t->events->pdata[i];
      g_autofree char *date = gloss_date_format (&e->date);

      if (e->source == GLOSS_TIMELINE_PUBLICATION)
        publications++;
      else if (e->source == GLOSS_TIMELINE_FIELD)
        {
          fields++;
          g_assert_cmpstr (e->label_name, ==, "Claim");
          g_assert_cmpstr (date, ==, "2026-03-09");
          /* Each claim is attributed to its speaker. */
          g_assert_cmpuint (g_strv_length (e->entities), >=, 1);
        }
    }
  g_assert_cmpuint (publications, ==, 3);
  g_assert_cmpuint (fields, ==, 2);
  gloss_store_close (store);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add ("/core/timeline/build", Fixture, NULL, fixture_setup, test_build, fixture_teardown);
  g_test_add ("/core/timeline/follows-changes", Fixture, NULL, fixture_setup, test_follows_changes, fixture_teardown);
  g_test_add ("/core/timeline/lanes", Fixture, NULL, fixture_setup, test_lanes, fixture_teardown);
  g_test_add ("/core/timeline/export", Fixture, NULL, fixture_setup, test_export, fixture_teardown);
  g_test_add_func ("/core/timeline/sample", test_sample);
  return g_test_run ();
}

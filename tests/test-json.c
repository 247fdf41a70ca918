/* test-json.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-json"

#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gloss-entities.h"
#include "gloss-json.h"
#include "gloss-project.h"
#include "gloss-store.h"
#include "gloss-store-private.h"

typedef struct {
  char       *dir;
  char       *path;
  GlossStore *store;
  char       *doc_id;
  char       *doc2_id;
} Fixture;

static const char text1[] =
  "Port officials in Valdria said on Monday that the 🚢 strike “will end soon”.\n\n"
  "Zoë Łukasiewicz, head of the 港口 union, denied it: \"Nothing is agreed.\"\tTabs\\stay.";
static const char text2[] = "Grain prices rose 4% in Ostrava after the dry summer.";

static GlossAnnotation *
annotate (GlossStore *store, const char *doc_id, const char *text, const char *quote,
          const char *label_name, const char *note, const char *annotator)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossLabel) label = gloss_store_find_label_by_name (store, label_name, &error);
  const char *at = strstr (text, quote);
  gint64 start;
  GlossAnnotation *a;

  g_assert_no_error (error);
  g_assert_nonnull (at);
  start = g_utf8_pointer_to_offset (text, at);
  a = gloss_store_add_annotation (store, doc_id, label->id, start, start + g_utf8_strlen (quote, -1),
                                  note, annotator, &error);
  g_assert_no_error (error);
  return a;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossDocument) d1 = NULL;
  g_autoptr(GlossDocument) d2 = NULL;
  g_autoptr(GlossLabel) extra = NULL;

  f->dir = g_dir_make_tmp ("gloss-test-json-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "a.gloss", NULL);
  f->store = gloss_project_create (f->path, "A", 0, &error);
  g_assert_no_error (error);
  d1 = gloss_store_add_document (f->store, "Harbour “strike”", text1, "/news/strike.txt", "txt",
                                 "{\"publisher\": \"Valdria Post\", \"pages\": 2}", &error);
  g_assert_no_error (error);
  d2 = gloss_store_add_document (f->store, "Grain", text2, NULL, "md", NULL, &error);
  g_assert_no_error (error);
  extra = gloss_store_add_label (f->store, "Quote\ttab", GLOSS_LABEL_KIND_TAG, "#986a44", "q", "Line one\nline two", &error);
  g_assert_no_error (error);
  f->doc_id = g_strdup (d1->id);
  f->doc2_id = g_strdup (d2->id);

  gloss_annotation_free (annotate (f->store, d1->id, text1, "Zoë Łukasiewicz", "Person", "Union head", "Ana Ruiz"));
  gloss_annotation_free (annotate (f->store, d1->id, text1, "“will end soon”", "Claim", NULL, "Ben Okafor"));
  gloss_annotation_free (annotate (f->store, d1->id, text1, "港口 union", "Organization", "CJK \"quoted\"\nnote", "Ana Ruiz"));
  gloss_annotation_free (annotate (f->store, d1->id, text1, "港口", "Location", NULL, NULL));
  gloss_annotation_free (annotate (f->store, d1->id, text1, "\"Nothing is agreed.\"", "Quote\ttab", NULL, "Ana Ruiz"));
  gloss_annotation_free (annotate (f->store, d2->id, text2, "Ostrava", "Location", NULL, "Ben Okafor"));
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->doc_id);
  g_free (f->doc2_id);
}

static char *
export_string (GlossStore *store, const GlossScope *scope)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  g_assert_true (gloss_json_export (store, scope, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, NULL));
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static GlossStore *
empty_project (Fixture *f, const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  GlossStore *store = gloss_project_create (path, NULL, GLOSS_PROJECT_CREATE_NO_CODEBOOK, &error);

  g_assert_no_error (error);
  return store;
}

static void
test_export_content (Fixture *f, gconstpointer data)
{
  g_autofree char *json = export_string (f->store, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *annotations, *documents, *labels, *annotators;
  gboolean found_cjk = FALSE;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "gloss");
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, GLOSS_JSON_VERSION);
  labels = json_object_get_array_member (root, "labels");
  documents = json_object_get_array_member (root, "documents");
  annotations = json_object_get_array_member (root, "annotations");
  annotators = json_object_get_array_member (root, "annotators");
  /* The Analyst codebook (six labels) and one more. */
  g_assert_cmpuint (json_array_get_length (labels), ==, 7);
  g_assert_cmpuint (json_array_get_length (documents), ==, 2);
  g_assert_cmpuint (json_array_get_length (annotations), ==, 6);
  g_assert_cmpuint (json_array_get_length (annotators), ==, 2);

  {
    /* Documents come in the order they were created, then by id: both were created within
     * the same millisecond often enough, so find the first one by its id. */
    JsonObject *doc = json_array_get_object_element (documents, 0);
    JsonObject *meta;

    if (!g_str_equal (json_object_get_string_member (doc, "id"), f->doc_id))
      doc = json_array_get_object_element (documents, 1);
    g_assert_cmpstr (json_object_get_string_member (doc, "id"), ==, f->doc_id);
    meta = json_object_get_object_member (doc, "metadata");
    g_assert_cmpstr (json_object_get_string_member (doc, "text"), ==, text1);
    g_assert_cmpstr (json_object_get_string_member (doc, "title"), ==, "Harbour “strike”");
    g_assert_cmpint (json_object_get_int_member (doc, "length"), ==, g_utf8_strlen (text1, -1));
    g_assert_cmpstr (json_object_get_string_member (meta, "publisher"), ==, "Valdria Post");
  }

  /* Offsets in code points: the quote is the text between them. */
  for (guint i = 0; i < json_array_get_length (annotations); i++)
    {
      JsonObject *a = json_array_get_object_element (annotations, i);
      const char *doc = json_object_get_string_member (a, "document");
      const char *text = g_str_equal (doc, f->doc_id) ? text1 : text2;
      g_autofree char *slice = g_utf8_substring (text, json_object_get_int_member (a, "start"),
                                                 json_object_get_int_member (a, "end"));

      g_assert_cmpstr (slice, ==, json_object_get_string_member (a, "quote"));
      if (g_str_equal (slice, "港口"))
        found_cjk = TRUE;
    }
  g_assert_true (found_cjk);
}

static void
test_round_trip (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = export_string (f->store, NULL);
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  g_autoptr(GlossStore) other = empty_project (f, "b.gloss");
  g_autoptr(GlossImportReport) report = gloss_import_report_new ();
  g_autoptr(GlossImportReport) again = gloss_import_report_new ();

  g_assert_true (gloss_json_import_data (other, first, strlen (first), "a.json", report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->documents_added, ==, 2);
  g_assert_cmpuint (report->labels_added, ==, 7);
  g_assert_cmpuint (report->annotations_added, ==, 6);
  g_assert_cmpuint (report->new_documents->len, ==, 2);

  second = export_string (other, NULL);
  g_assert_cmpstr (first, ==, second);

  /* Importing the same file again adds nothing. */
  g_assert_true (gloss_json_import_data (other, first, strlen (first), "a.json", again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (again->documents_added, ==, 0);
  g_assert_cmpuint (again->documents_present, ==, 2);
  g_assert_cmpuint (again->labels_added, ==, 0);
  g_assert_cmpuint (again->annotations_added, ==, 0);
  g_assert_cmpuint (again->annotations_present, ==, 6);
  third = export_string (other, NULL);
  g_assert_cmpstr (first, ==, third);

  {
    g_autoptr(GString) check = g_string_new (NULL);
    g_assert_true (gloss_store_check (other, check, &error));
    g_assert_cmpstr (check->str, ==, "");
  }
}

static void
test_export_to_file (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = g_build_filename (f->dir, "export.json", NULL);
  g_autofree char *expected = export_string (f->store, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GlossStore) other = empty_project (f, "c.gloss");
  g_autoptr(GlossImportReport) report = gloss_import_report_new ();

  g_assert_true (gloss_json_export_to_file (f->store, NULL, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (out, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, expected);
  g_assert_true (gloss_json_import_file (other, out, report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->annotations_added, ==, 6);
}

static void
test_scope (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  char *docs[] = { f->doc2_id, NULL };
  char *labels[] = { "person", "Claim", NULL };
  char *bad_labels[] = { "Nonsense", NULL };
  char *ana[] = { "Ana Ruiz", NULL };
  GlossScope by_doc = { .document_ids = docs };
  GlossScope by_label = { .label_names = labels };
  GlossScope bad = { .label_names = bad_labels };
  GlossScope by_annotator = { .annotators = ana };
  GlossScope by_query = { .query = "grain" };
  GlossScope future = { .since = "2999-01-01" };
  GlossScope bad_date = { .until = "soon" };
  g_autofree char *json_doc = export_string (f->store, &by_doc);
  g_autofree char *json_label = export_string (f->store, &by_label);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  JsonObject *root;

  g_assert_true (json_parser_load_from_data (parser, json_doc, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "documents")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "annotations")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "annotators")), ==, 1);

  g_assert_true (json_parser_load_from_data (parser, json_label, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "labels")), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "documents")), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "annotations")), ==, 2);

  g_assert_false (gloss_json_export (f->store, &bad, out, NULL, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Nonsense"));
  g_clear_error (&error);
  g_assert_false (gloss_json_export (f->store, &bad_date, out, NULL, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
  g_clear_error (&error);

  {
    g_autofree char *json = export_string (f->store, &by_annotator);
    g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
    root = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "annotations")), ==, 3);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "annotators")), ==, 1);
  }
  {
    g_autofree char *json = export_string (f->store, &by_query);
    g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
    root = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "documents")), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
        json_object_get_array_member (root, "documents"), 0), "id"), ==, f->doc2_id);
  }
  {
    g_autofree char *json = export_string (f->store, &future);
    g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
    root = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "annotations")), ==, 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "documents")), ==, 2);
  }
  {
    g_autoptr(GPtrArray) list = gloss_scope_list_annotations (f->store, &by_label, f->doc_id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 2);
  }
}

/* The exported annotations of @doc_id, as "start end id" lines in export order. */
static char *
exported_spans (const char *json,
                const char *doc_id)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  GString *out = g_string_new (NULL);
  JsonArray *annotations;

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  annotations = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "annotations");
  for (guint i = 0; i < json_array_get_length (annotations); i++)
    {
      JsonObject *a = json_array_get_object_element (annotations, i);

      if (g_str_equal (json_object_get_string_member (a, "document"), doc_id))
        g_string_append_printf (out, "%3" G_GINT64_FORMAT " %3" G_GINT64_FORMAT " %s\n",
                                json_object_get_int_member (a, "start"), json_object_get_int_member (a, "end"),
                                json_object_get_string_member (a, "id"));
    }
  return g_string_free (out, FALSE);
}

/* The same lines, of the rows in the project, sorted as the export promises. */
static char *
expected_spans (GlossStore *store,
                const char *doc_id,
                const char *annotator)
{
  sqlite3_stmt *stmt = NULL;
  GString *out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (gloss_store_get_db (store),
      "SELECT a.span_start, a.span_end, a.id FROM annotations a JOIN documents d ON d.pk = a.document "
      "JOIN labels l ON l.pk = a.label LEFT JOIN annotators p ON p.pk = a.annotator "
      "WHERE d.id = ?1 AND a.deleted = 0 AND l.deleted = 0 "
      "AND (?2 IS NULL OR p.name = ?2) ORDER BY a.span_start, a.span_end, a.id", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, doc_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, annotator, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%3lld %3lld %s\n", sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
                            (const char *) sqlite3_column_text (stmt, 2));
  sqlite3_finalize (stmt);
  return g_string_free (out, FALSE);
}

/* Annotations that share a span leave in the order of their ids, which the index
 * that gives the text order does not hold: ids are made here to run against the
 * rows' order, for spans at the start of the text, in the middle (beside one
 * annotation already there) and at the end; deleted rows and a scope that keeps
 * some of each group leave the rest in the same order. */
static void
test_shared_spans (Fixture *f, gconstpointer data)
{
  static const char *const quotes[] = { "Grain", "Ostrava", "summer." };
  char *ben[] = { "Ben Okafor", NULL };
  GlossScope by_annotator = { .annotators = ben };
  sqlite3 *db = gloss_store_get_db (f->store);
  g_autofree char *json = NULL;
  g_autofree char *got = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *in_row_order = NULL;

  for (guint q = 0; q < G_N_ELEMENTS (quotes); q++)
    for (guint i = 0; i < 4; i++)
      gloss_annotation_free (annotate (f->store, f->doc2_id, text2, quotes[q], i % 2 ? "Person" : "Claim", NULL,
                                       i % 2 ? "Ben Okafor" : "Ana Ruiz"));
  /* Later rows, smaller ids; one row of each shared span deleted. */
  {
    g_autofree char *sql = g_strdup_printf (
        "UPDATE annotations SET id = printf ('%%08d-0000-4000-8000-000000000000', 1000 - pk) "
        "WHERE document = (SELECT pk FROM documents WHERE id = '%s');"
        "UPDATE annotations SET deleted = 1 WHERE pk IN (SELECT max (pk) FROM annotations "
        "WHERE document = (SELECT pk FROM documents WHERE id = '%s') GROUP BY span_start, span_end "
        "HAVING count (*) > 1);", f->doc2_id, f->doc2_id);

    g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  }

  json = export_string (f->store, NULL);
  got = exported_spans (json, f->doc2_id);
  expected = expected_spans (f->store, f->doc2_id, NULL);
  g_assert_cmpstr (got, ==, expected);
  /* 1 + 3 + 3 + 3 live rows, and the shared spans' rows really are out of id order. */
  g_assert_cmpuint (strlen (got), ==, 10 * strlen ("  0   5 00000999-0000-4000-8000-000000000000\n"));
  {
    sqlite3_stmt *stmt = NULL;
    GString *rows = g_string_new (NULL);

    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT a.span_start, a.span_end, a.id FROM annotations a "
                                             "JOIN documents d ON d.pk = a.document WHERE d.id = ?1 AND a.deleted = 0 "
                                             "ORDER BY a.span_start, a.span_end, a.pk",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    sqlite3_bind_text (stmt, 1, f->doc2_id, -1, SQLITE_STATIC);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_string_append_printf (rows, "%3lld %3lld %s\n", sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
                              (const char *) sqlite3_column_text (stmt, 2));
    sqlite3_finalize (stmt);
    in_row_order = g_string_free (rows, FALSE);
  }
  g_assert_cmpstr (got, !=, in_row_order);

  {
    g_autofree char *scoped = export_string (f->store, &by_annotator);
    g_autofree char *scoped_got = exported_spans (scoped, f->doc2_id);
    g_autofree char *scoped_expected = expected_spans (f->store, f->doc2_id, "Ben Okafor");

    g_assert_cmpstr (scoped_got, ==, scoped_expected);
    g_assert_cmpuint (strlen (scoped_got), ==, 4 * strlen ("  0   5 00000999-0000-4000-8000-000000000000\n"));
  }

  /* A deleted label takes its rows out of every span they share. */
  {
    g_autofree char *without = NULL;
    g_autofree char *without_got = NULL;
    g_autofree char *without_expected = NULL;

    g_assert_cmpint (sqlite3_exec (db, "UPDATE labels SET deleted = 1 WHERE name = 'Claim'", NULL, NULL, NULL), ==,
                     SQLITE_OK);
    without = export_string (f->store, NULL);
    without_got = exported_spans (without, f->doc2_id);
    without_expected = expected_spans (f->store, f->doc2_id, NULL);
    g_assert_cmpstr (without_got, ==, without_expected);
    g_assert_cmpuint (strlen (without_got), ==, 4 * strlen ("  0   5 00000999-0000-4000-8000-000000000000\n"));
  }
}

/* A document with the same text but another id (imported separately by a colleague)
 * is matched by content, and labels with the same name are matched by name. */
static void
test_match_by_content (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "d.gloss", NULL);
  g_autoptr(GlossStore) other = gloss_project_create (path, NULL, 0, &error);
  g_autoptr(GlossDocument) same = gloss_store_add_document (other, "My copy", text2, NULL, "txt", NULL, &error);
  g_autofree char *json = export_string (f->store, NULL);
  g_autoptr(GlossImportReport) report = gloss_import_report_new ();
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) labels = NULL;

  g_assert_no_error (error);
  g_assert_true (gloss_json_import_data (other, json, strlen (json), "a.json", report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->documents_matched, ==, 1);
  g_assert_cmpuint (report->documents_added, ==, 1);
  /* The default codebook has the same ids in every project; only the extra label is new. */
  g_assert_cmpuint (report->labels_added, ==, 1);
  g_assert_cmpuint (report->notes->len, >=, 1);

  list = gloss_store_list_annotations (other, same->id, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((GlossAnnotation *) list->pdata[0])->quote, ==, "Ostrava");
  labels = gloss_store_list_labels (other, &error);
  g_assert_cmpuint (labels->len, ==, 7);
}

/* Puts @doc and @label in place of the first and second "%s" of @templ. */
static char *
fill_item (const char *templ, const char *doc, const char *label)
{
  g_auto(GStrv) parts = g_strsplit (templ, "%s", 3);

  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  return g_strconcat (parts[0], doc, parts[1], label, parts[2], NULL);
}

typedef struct {
  const char *name;
  const char *json;
  GQuark      domain;
  int         code;
  const char *message_part;
} BadCase;

static void
test_bad_json (Fixture *f, gconstpointer data)
{
  g_autofree char *before = export_string (f->store, NULL);
  const char *good_head =
      "{\"format\": \"gloss\", \"version\": 1, \"labels\": [], \"documents\": ["
      "{\"id\": \"11111111-1111-4111-8111-111111111111\", \"title\": \"T\", \"text\": \"Hello world\"}],"
      " \"annotations\": [";
  const char *doc = "11111111-1111-4111-8111-111111111111";
  g_autofree char *person = NULL;
  BadCase cases[] = {
    { "syntax", "{\"format\": \"gloss\", \"version\": 1,, }", 0, GLOSS_JSON_ERROR_SYNTAX, "line 1" },
    { "not-object", "[1, 2]", 0, GLOSS_JSON_ERROR_FORMAT, NULL },
    { "not-gloss", "{\"format\": \"brat\", \"version\": 1}", 0, GLOSS_JSON_ERROR_FORMAT, "not a Gloss export" },
    { "newer", "{\"format\": \"gloss\", \"version\": 7, \"labels\": []}", 0, GLOSS_JSON_ERROR_VERSION, "newer version" },
    { "labels-not-array", "{\"format\": \"gloss\", \"version\": 1, \"labels\": {}}", 0, GLOSS_JSON_ERROR_INVALID, "labels" },
    { "label-bad-colour", "{\"format\": \"gloss\", \"version\": 1, \"labels\": [{\"id\": \"22222222-2222-4222-8222-222222222222\", "
      "\"name\": \"New\", \"kind\": \"tag\", \"colour\": \"blue\"}]}", 0, GLOSS_JSON_ERROR_INVALID, "labels[0]" },
    { "doc-wrong-type", "{\"format\": \"gloss\", \"version\": 1, \"documents\": [{\"id\": \"11111111-1111-4111-8111-111111111111\", "
      "\"title\": 5, \"text\": \"x\"}]}", 0, GLOSS_JSON_ERROR_INVALID, "“title” must be a string" },
    { "doc-bad-sha", "{\"format\": \"gloss\", \"version\": 1, \"documents\": [{\"id\": \"11111111-1111-4111-8111-111111111111\", "
      "\"title\": \"T\", \"text\": \"x\", \"sha256\": \"00\"}]}", 0, GLOSS_JSON_ERROR_INVALID, "sha256" },
    { "doc-bad-id", "{\"format\": \"gloss\", \"version\": 1, \"documents\": [{\"id\": \"x\", \"title\": \"T\", \"text\": \"x\"}]}",
      0, GLOSS_JSON_ERROR_INVALID, "documents[0]" },
  };
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(GlossLabel) label = gloss_store_find_label_by_name (f->store, "Person", &error);
    person = g_strdup (label->id);
  }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *after = NULL;

      g_test_message ("case %s", cases[i].name);
      g_assert_false (gloss_json_import_data (f->store, cases[i].json, strlen (cases[i].json), "bad.json", NULL, &error));
      g_assert_error (error, GLOSS_JSON_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, "bad.json"));
      if (cases[i].message_part)
        g_assert_nonnull (strstr (error->message, cases[i].message_part));
      g_clear_error (&error);
      after = export_string (f->store, NULL);
      g_assert_cmpstr (before, ==, after);
    }

  /* Annotation problems: each names the item, and the document that came with the
   * file is not left behind either. */
  {
    struct { const char *item; const char *part; } annotation_cases[] = {
      { "{\"id\": \"33333333-3333-4333-8333-333333333333\", \"document\": \"%s\", \"label\": \"%s\", "
        "\"start\": 6, \"end\": 99, \"quote\": \"world\"}", "does not fit" },
      { "{\"id\": \"33333333-3333-4333-8333-333333333333\", \"document\": \"%s\", \"label\": \"%s\", "
        "\"start\": 0, \"end\": 5, \"quote\": \"world\"}", "does not match" },
      { "{\"id\": \"33333333-3333-4333-8333-333333333333\", \"document\": \"%s\", \"label\": \"%s-nope\", "
        "\"start\": 0, \"end\": 5, \"quote\": \"Hello\"}", "unknown label" },
      { "{\"id\": \"33333333-3333-4333-8333-333333333333\", \"document\": \"%s-nope\", \"label\": \"%s\", "
        "\"start\": 0, \"end\": 5, \"quote\": \"Hello\"}", "unknown document" },
      { "{\"id\": \"33333333-3333-4333-8333-333333333333\", \"document\": \"%s\", \"label\": \"%s\", "
        "\"start\": \"0\", \"end\": 5, \"quote\": \"Hello\"}", "whole number" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (annotation_cases); i++)
      {
        g_autofree char *item = fill_item (annotation_cases[i].item, doc, person);
        g_autofree char *json = g_strconcat (good_head, item, "]}", NULL);
        g_autofree char *after = NULL;

        g_assert_false (gloss_json_import_data (f->store, json, strlen (json), "bad.json", NULL, &error));
        g_assert_error (error, GLOSS_JSON_ERROR, GLOSS_JSON_ERROR_INVALID);
        g_assert_nonnull (strstr (error->message, "annotations[0] (id 33333333-3333-4333-8333-333333333333)"));
        g_assert_nonnull (strstr (error->message, annotation_cases[i].part));
        g_clear_error (&error);
        after = export_string (f->store, NULL);
        g_assert_cmpstr (before, ==, after);
      }
  }

  /* And the good one goes in, document and annotation together. */
  {
    g_autofree char *item = g_strdup_printf ("{\"id\": \"33333333-3333-4333-8333-333333333333\", \"document\": \"%s\", "
                                             "\"label\": \"%s\", \"start\": 6, \"end\": 11, \"quote\": \"world\"}", doc, person);
    g_autofree char *json = g_strconcat (good_head, item, "]}", NULL);
    g_autoptr(GlossImportReport) report = gloss_import_report_new ();

    g_assert_true (gloss_json_import_data (f->store, json, strlen (json), "good.json", report, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (report->documents_added, ==, 1);
    g_assert_cmpuint (report->annotations_added, ==, 1);
  }
}

static void
test_import_file_errors (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (f->dir, "missing.json", NULL);
  g_autofree char *empty = g_build_filename (f->dir, "empty.json", NULL);
  g_autofree char *binary = g_build_filename (f->dir, "binary.json", NULL);

  g_assert_false (gloss_json_import_file (f->store, missing, NULL, &error));
  g_assert_nonnull (strstr (error->message, "missing.json"));
  g_clear_error (&error);

  g_file_set_contents (empty, "", 0, NULL);
  g_assert_false (gloss_json_import_file (f->store, empty, NULL, &error));
  g_assert_nonnull (strstr (error->message, "empty"));
  g_clear_error (&error);

  g_file_set_contents (binary, "{\"format\": \"gloss\xff\xfe\", \"version\": 1}", 36, NULL);
  g_assert_false (gloss_json_import_file (f->store, binary, NULL, &error));
  g_assert_error (error, GLOSS_JSON_ERROR, GLOSS_JSON_ERROR_SYNTAX);
  g_clear_error (&error);
}

static void
test_sets (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  char *labels[] = { "Location", NULL };
  char *annotators[] = { "Ben Okafor", NULL };
  GlossScope scope = { .label_names = labels, .annotators = annotators, .since = "2000-01-01" };
  char *bad_labels[] = { "Nope", NULL };
  GlossScope bad = { .label_names = bad_labels };
  g_autoptr(GlossSet) set = NULL;
  g_autoptr(GlossSet) found = NULL;
  g_autoptr(GPtrArray) sets = NULL;
  g_autoptr(GPtrArray) list = NULL;

  set = gloss_set_add (f->store, "Ben's places", &scope, &error);
  g_assert_no_error (error);
  g_assert_null (gloss_set_add (f->store, "BEN'S PLACES", &scope, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_null (gloss_set_add (f->store, "Broken", &bad, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Reopen: the set is in the file. */
  g_clear_object (&f->store);
  f->store = gloss_store_open (f->path, 0, &error);
  g_assert_no_error (error);
  sets = gloss_set_list (f->store, &error);
  g_assert_cmpuint (sets->len, ==, 1);
  found = gloss_set_find (f->store, "ben's places", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->id, ==, set->id);
  g_assert_cmpstr (found->scope->label_names[0], ==, "Location");
  g_assert_cmpstr (found->scope->since, ==, "2000-01-01");

  /* Used as a scope: Ben's Location annotations only (one, in the grain report). */
  list = gloss_scope_list_annotations (f->store, found->scope, f->doc2_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = gloss_scope_list_annotations (f->store, found->scope, f->doc_id, &error);
  g_assert_cmpuint (list->len, ==, 0);

  g_assert_true (gloss_set_delete (f->store, set->id, &error));
  g_assert_no_error (error);
  g_assert_null (gloss_set_find (f->store, "Ben's places", &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND);
}

/* Annotations are read without json-glib (issue 14): every kind of member, wrong
 * type, escape, duplicate key, number out of range, and the re-import of each, give
 * what the json-glib reading gave, message for message. */
#define ITEM_DOC "11111111-1111-4111-8111-111111111111"
#define ITEM_ID "33333333-3333-4333-8333-333333333333"
#define DOC ITEM_DOC
#define ID ITEM_ID
static const char * const annotation_items[] = {
  "5", "\"x\"", "[]", "null", "{}",
  "{\"document\": \"" DOC "\"}",
  "{\"id\": null}", "{\"id\": 5}", "{\"id\": \"nope\"}", "{\"id\": [1, {\"a\": 2}]}",
  "{\"id\": \"" ID "\", \"document\": 5}",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": {}}",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": 1.0, \"end\": 5, \"quote\": \"Hello\"}",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": 1e2, \"end\": 5, \"quote\": \"Hello\"}",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": true, \"end\": 5, \"quote\": \"Hello\"}",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": null, \"end\": 5, \"quote\": \"Hello\"}",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"end\": 5, \"quote\": \"Hello\"}",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": 99999999999999999999, \"end\": 5, \"quote\": \"Hello\"}",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": 0, \"end\": 9223372036854775808, \"quote\": \"Hello\"}",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": -9223372036854775809, \"end\": 5, \"quote\": \"Hello\"}",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": -0, \"end\": 5, \"quote\": \"Hello\"}",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": 0, \"end\": 5, \"quote\": \"H\\u0065llo\"}",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": 0, \"end\": 5, \"quote\": \"He\\u0000llo\"}",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": 0, \"end\": 5, \"quote\": \"Hel\\\"lo\"}",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": 0, \"end\": 5, \"quote\": \"Hello\", \"note\": 5}",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": 0, \"end\": 5, \"quote\": \"Hello\", \"note\": \"\\ud83d\\ude00 \\t\\n\\\\ caf\xc3\xa9\"}",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": 0, \"end\": 5, \"quote\": \"Hello\", \"annotator\": []}",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": 0, \"end\": 5, \"quote\": \"Hello\", \"annotator\": \"Ana\"}",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": 0, \"end\": 5, \"quote\": \"Hello\", \"annotator\": \"\"}",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": 0, \"end\": 5, \"quote\": \"Hello\", \"created\": \"yesterday\"}",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": 0, \"end\": 5, \"quote\": \"Hello\", \"modified\": 3}",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": 0, \"end\": 5, \"quote\": \"Hello\", \"created\": \"2026-01-31T12:00:00.000Z\"}",
  "{\"start\": \"x\", \"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": 0, \"end\": 5, \"quote\": \"Hello\"}",
  "{\"start\": 0, \"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": \"x\", \"end\": 5, \"quote\": \"Hello\"}",
  "{\"\\u0069d\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": 0, \"end\": 5, \"quote\": \"Hello\"}",
  " {\"extra\": {\"a\": [1, {\"b\": \"]}\\\"\"}]}, \"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": 0, \"end\": 5, \"quote\": \"Hello\", \"more\": [true, null, -1.5e3]} ",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": 0, \"end\": 5, \"quote\": \"Hello\", \"entity\": 5}",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": 0, \"end\": 5, \"quote\": \"Hello\", \"entity\": \"44444444-4444-4444-8444-444444444444\"}",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": 0, \"end\": 5, \"quote\": \"Hello\", \"fields\": {}}",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": 0, \"end\": 5, \"quote\": \"Hello\", \"fields\": \"x\"}",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": 0, \"end\": 5, \"quote\": \"Hello\", \"fields\": [ ]}",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": 0, \"end\": 5, \"quote\": \"Hello\", \"fields\": [5]}",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": 0, \"end\": 5, \"quote\": \"Hello\", \"fields\": [{\"field\": 1}]}",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": 0, \"end\": 5, \"quote\": \"Hello\", \"fields\": [{\"field\": \"x\", \"value\": \"y\"}]}",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": 0, \"end\": 5, \"quote\": \"Hello\", \"fields\": null, \"entity\": null, \"note\": null}",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": 0, \"end\": 5, \"quote\": \"Hello\"}, {\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": 6, \"end\": 11, \"quote\": \"wrong\"}",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": 0, \"end\": 5, \"quote\": \"Hello\"}, {\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": 0, \"end\": 5, \"quote\": \"Hello\", \"annotator\": \"Zed\"}",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "-x\", \"label\": \"LBL\", \"start\": 0, \"end\": 5, \"quote\": \"Hello\"}",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL-x\", \"start\": 0, \"end\": 5, \"quote\": \"Hello\"}",
  "{\"id\": \"" ID "\", \"document\": \"" DOC "\", \"label\": \"LBL\", \"start\": 3, \"end\": 2, \"quote\": \"Hello\"}",
};

#undef DOC
#undef ID

static const struct { const char *first; const char *again; } annotation_results[] = {
    { "ERR 3 “t.json”: annotations[0]: must be an object",
      "ERR 3 “t.json”: annotations[0]: must be an object" },
    { "ERR 3 “t.json”: annotations[0]: must be an object",
      "ERR 3 “t.json”: annotations[0]: must be an object" },
    { "ERR 3 “t.json”: annotations[0]: must be an object",
      "ERR 3 “t.json”: annotations[0]: must be an object" },
    { "ERR 3 “t.json”: annotations[0]: must be an object",
      "ERR 3 “t.json”: annotations[0]: must be an object" },
    { "ERR 3 “t.json”: annotations[0]: “id” is missing",
      "ERR 3 “t.json”: annotations[0]: “id” is missing" },
    { "ERR 3 “t.json”: annotations[0]: “id” is missing",
      "ERR 3 “t.json”: annotations[0]: “id” is missing" },
    { "ERR 3 “t.json”: annotations[0]: “id” is missing",
      "ERR 3 “t.json”: annotations[0]: “id” is missing" },
    { "ERR 3 “t.json”: annotations[0]: “id” must be a string",
      "ERR 3 “t.json”: annotations[0]: “id” must be a string" },
    { "ERR 3 “t.json”: annotations[0]: “nope” is not a valid id (a UUID)",
      "ERR 3 “t.json”: annotations[0]: “nope” is not a valid id (a UUID)" },
    { "ERR 3 “t.json”: annotations[0]: “id” must be a string",
      "ERR 3 “t.json”: annotations[0]: “id” must be a string" },
    { "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): “document” must be a string",
      "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): “document” must be a string" },
    { "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): “label” must be a string",
      "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): “label” must be a string" },
    { "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): “start” must be a whole number",
      "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): “start” must be a whole number" },
    { "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): “start” must be a whole number",
      "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): “start” must be a whole number" },
    { "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): “start” must be a whole number",
      "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): “start” must be a whole number" },
    { "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): “start” is missing",
      "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): “start” is missing" },
    { "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): “start” is missing",
      "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): “start” is missing" },
    { "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): the span [-1, 5) does not fit document 11111111-1111-4111-8111-111111111111 (“T”), which has 11 characters",
      "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): the span [-1, 5) does not fit document 11111111-1111-4111-8111-111111111111 (“T”), which has 11 characters" },
    { "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): the span [0, -9223372036854775808) does not fit document 11111111-1111-4111-8111-111111111111 (“T”), which has 11 characters",
      "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): the span [0, -9223372036854775808) does not fit document 11111111-1111-4111-8111-111111111111 (“T”), which has 11 characters" },
    { "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): the span [9223372036854775807, 5) does not fit document 11111111-1111-4111-8111-111111111111 (“T”), which has 11 characters",
      "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): the span [9223372036854775807, 5) does not fit document 11111111-1111-4111-8111-111111111111 (“T”), which has 11 characters" },
    { "ok added 1 present 0 docs 1",
      "ok added 0 present 1 docs 0" },
    { "ok added 1 present 0 docs 1",
      "ok added 0 present 1 docs 0" },
    { "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): the quote “He” does not match the text at [0, 5), which is “Hello”",
      "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): the quote “He” does not match the text at [0, 5), which is “Hello”" },
    { "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): the quote “Hel\"lo” does not match the text at [0, 5), which is “Hello”",
      "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): the quote “Hel\"lo” does not match the text at [0, 5), which is “Hello”" },
    { "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): “note” must be a string",
      "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): “note” must be a string" },
    { "ok added 1 present 0 docs 1",
      "ok added 0 present 1 docs 0" },
    { "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): “annotator” must be a string",
      "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): “annotator” must be a string" },
    { "ok added 1 present 0 docs 1",
      "ok added 0 present 1 docs 0" },
    { "ok added 1 present 0 docs 1",
      "ok added 0 present 1 docs 0" },
    { "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): “created” is not a UTC time such as 2026-01-31T12:00:00.000Z",
      "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): “created” is not a UTC time such as 2026-01-31T12:00:00.000Z" },
    { "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): “modified” must be a string",
      "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): “modified” must be a string" },
    { "ok added 1 present 0 docs 1",
      "ok added 0 present 1 docs 0" },
    { "ok added 1 present 0 docs 1",
      "ok added 0 present 1 docs 0" },
    { "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): “start” must be a whole number",
      "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): “start” must be a whole number" },
    { "ok added 1 present 0 docs 1",
      "ok added 0 present 1 docs 0" },
    { "ok added 1 present 0 docs 1",
      "ok added 0 present 1 docs 0" },
    { "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): “entity” must be a string",
      "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): “entity” must be a string" },
    { "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): unknown entity 44444444-4444-4444-8444-444444444444",
      "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): unknown entity 44444444-4444-4444-8444-444444444444" },
    { "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): “fields” must be an array",
      "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): “fields” must be an array" },
    { "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): “fields” must be an array",
      "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): “fields” must be an array" },
    { "ok added 1 present 0 docs 1",
      "ok added 0 present 1 docs 0" },
    { "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): fields[0] must be an object",
      "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): fields[0] must be an object" },
    { "ERR 3 “t.json”: fields[0]: annotations[0] (id 33333333-3333-4333-8333-333333333333): “field” must be a string",
      "ERR 3 “t.json”: fields[0]: annotations[0] (id 33333333-3333-4333-8333-333333333333): “field” must be a string" },
    { "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): fields[0]: unknown field x for its label",
      "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): fields[0]: unknown field x for its label" },
    { "ok added 1 present 0 docs 1",
      "ok added 0 present 1 docs 0" },
    { "ok added 1 present 1 docs 1",
      "ok added 0 present 2 docs 0" },
    { "ok added 1 present 1 docs 1",
      "ok added 0 present 2 docs 0" },
    { "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): unknown document 11111111-1111-4111-8111-111111111111-x",
      "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): unknown document 11111111-1111-4111-8111-111111111111-x" },
    { "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): unknown label LBL-x",
      "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): unknown label LBL-x" },
    { "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): the span [3, 2) does not fit document 11111111-1111-4111-8111-111111111111 (“T”), which has 11 characters",
      "ERR 3 “t.json”: annotations[0] (id 33333333-3333-4333-8333-333333333333): the span [3, 2) does not fit document 11111111-1111-4111-8111-111111111111 (“T”), which has 11 characters" },
};

static char *
import_result (GlossStore *store,
               const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossImportReport) r = gloss_import_report_new ();

  if (gloss_json_import_data (store, json, strlen (json), "t.json", r, &error))
    return g_strdup_printf ("ok added %u present %u docs %u", r->annotations_added, r->annotations_present,
                            r->documents_added);
  return g_strdup_printf ("ERR %d %s", error->code, error->message);
}

static char *
replace_all (const char *s, const char *from, const char *to)
{
  g_auto(GStrv) parts = g_strsplit (s, from, -1);

  return g_strjoinv (to, parts);
}

static void
test_annotation_items (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gloss-test-json-items-XXXXXX", &error);

  g_assert_no_error (error);
  G_STATIC_ASSERT (G_N_ELEMENTS (annotation_items) == G_N_ELEMENTS (annotation_results));
  for (guint i = 0; i < G_N_ELEMENTS (annotation_items); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/p%u.gloss", dir, i);
      g_autoptr(GlossStore) store = gloss_project_create (path, "T", 0, &error);
      g_autoptr(GPtrArray) labels = NULL;
      g_autofree char *item = NULL;
      g_autofree char *json = NULL;
      g_autofree char *first = NULL;
      g_autofree char *again = NULL;
      g_autofree char *want_first = NULL;
      g_autofree char *want_again = NULL;
      const char *label;
      gint64 cache_before = 0, cache_after = 1;
      int rc;

      g_assert_no_error (error);
      labels = gloss_store_list_labels (store, &error);
      g_assert_no_error (error);
      label = ((GlossLabel *) labels->pdata[0])->id;
      item = replace_all (annotation_items[i], "LBL", label);
      json = g_strconcat ("{\"format\": \"gloss\", \"version\": 1, \"documents\": [{\"id\": \"" ITEM_DOC "\", "
                          "\"title\": \"T\", \"text\": \"Hello world\"}], \"annotations\": [", item, "]}", NULL);
      g_test_message ("case %u: %s", i, item);
      g_assert_true (gloss_store_pragma_int (store, "PRAGMA cache_size", &cache_before, &rc));
      first = import_result (store, json);
      again = import_result (store, json);
      /* The import's larger page cache is the import's only. */
      g_assert_true (gloss_store_pragma_int (store, "PRAGMA cache_size", &cache_after, &rc));
      g_assert_cmpint (cache_after, ==, cache_before);
      want_first = replace_all (annotation_results[i].first, "LBL", label);
      want_again = replace_all (annotation_results[i].again, "LBL", label);
      g_assert_cmpstr (first, ==, want_first);
      g_assert_cmpstr (again, ==, want_again);
      gloss_store_close (store);
      g_unlink (path);
      {
        g_autofree char *wal = g_strconcat (path, "-wal", NULL);
        g_autofree char *shm = g_strconcat (path, "-shm", NULL);

        g_unlink (wal);
        g_unlink (shm);
      }
    }
  g_rmdir (dir);
}

/* The register's entries are read straight from their bytes: the same values as a
 * JSON parser gives (escapes, a member given twice counting with its last value),
 * and the same messages for what is wrong, each leaving the project as it was. */
static void
test_register_items (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossLabel) person = gloss_store_find_label_by_name (f->store, "Person", &error);
  g_autofree char *before = export_string (f->store, NULL);
  struct { const char *members; const char *part; } bad[] = {
    { "\"name\": \"Ada\", \"aliases\": [1]", "“aliases” must be an array of names" },
    { "\"name\": \"Ada\", \"aliases\": \"A.\"", "“aliases” must be an array of names" },
    { "\"name\": \"Ada\", \"aliases\": [\"A.\", null]", "“aliases” must be an array of names" },
    { "\"aliases\": []", "“name” is missing" },
    { "\"name\": 5", "“name” must be a string" },
    { "\"name\": \"Ada\", \"description\": [\"x\"]", "“description” must be a string" },
    { "\"name\": \"Ada\", \"created\": \"yesterday\"", "“created” is not a UTC time" },
  };
  g_autoptr(GlossEntity) found = NULL;
  g_autofree char *json = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *item = g_strdup_printf ("{\"id\": \"44444444-4444-4444-8444-444444444444\", \"type\": \"%s\", %s}",
                                               person->id, bad[i].members);
      g_autofree char *bad_json = g_strconcat ("{\"format\": \"gloss\", \"version\": 1, \"entities\": [", item, "]}",
                                               NULL);
      g_autofree char *after = NULL;

      g_test_message ("case %s", bad[i].members);
      g_assert_false (gloss_json_import_data (f->store, bad_json, strlen (bad_json), "bad.json", NULL, &error));
      g_assert_error (error, GLOSS_JSON_ERROR, GLOSS_JSON_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "entities[0] (id 44444444-4444-4444-8444-444444444444)"));
      g_assert_nonnull (strstr (error->message, bad[i].part));
      g_clear_error (&error);
      after = export_string (f->store, NULL);
      g_assert_cmpstr (before, ==, after);
    }
  {
    const char *not_object = "{\"format\": \"gloss\", \"version\": 1, \"entities\": [[\"Ada\"]]}";

    g_assert_false (gloss_json_import_data (f->store, not_object, strlen (not_object), "bad.json", NULL, &error));
    g_assert_error (error, GLOSS_JSON_ERROR, GLOSS_JSON_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "entities[0]: must be an object"));
    g_clear_error (&error);
  }

  json = g_strdup_printf ("{\"format\": \"gloss\", \"version\": 1, \"entities\": [ { \"id\" : "
                          "\"44444444-4444-4444-8444-444444444444\", \"name\": \"first\", \"type\": \"%s\", "
                          "\"extra\": {\"a\": [1, \"]\"]}, \"name\": \"Zo\\u00eb \\\"Z\\\" \\u0141uk\", "
                          "\"aliases\": [ \"Z. \\u0141uk\" , \"Zo\\/Z\" ], \"description\": null } ]}",
                          person->id);
  g_assert_true (gloss_json_import_data (f->store, json, strlen (json), "good.json", NULL, &error));
  g_assert_no_error (error);
  found = gloss_store_get_entity (f->store, "44444444-4444-4444-8444-444444444444", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->name, ==, "Zoë \"Z\" Łuk");
  g_assert_cmpstr (found->label_id, ==, person->id);
  g_assert_cmpuint (g_strv_length (found->aliases), ==, 2);
  g_assert_cmpstr (found->aliases[0], ==, "Z. Łuk");
  g_assert_cmpstr (found->aliases[1], ==, "Zo/Z");
  g_assert_null (found->description);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  g_test_add_func ("/core/json/annotation-items", test_annotation_items);
  ADD ("/core/json/export-content", test_export_content);
  ADD ("/core/json/round-trip", test_round_trip);
  ADD ("/core/json/export-to-file", test_export_to_file);
  ADD ("/core/json/scope", test_scope);
  ADD ("/core/json/shared-spans", test_shared_spans);
  ADD ("/core/json/match-by-content", test_match_by_content);
  ADD ("/core/json/bad-json", test_bad_json);
  ADD ("/core/json/register-items", test_register_items);
  ADD ("/core/json/import-file-errors", test_import_file_errors);
  ADD ("/core/scope/sets", test_sets);
#undef ADD

  return g_test_run ();
}

/* test-jsonl-csv.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * JSON Lines export and import, CSV export.
 */
#define G_LOG_DOMAIN "test-jsonl-csv"

#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gloss-csv.h"
#include "gloss-json.h"
#include "gloss-jsonl.h"
#include "gloss-store.h"

#define FIXTURE_TMP_TEMPLATE "gloss-test-jsonl-csv-XXXXXX"
#include "exchange-fixture.h"

static char *
export_gloss_json (GlossStore *store)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (gloss_json_export (store, NULL, out, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_write_all (out, "", 1, NULL, NULL, NULL);
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static char *
write_file (Fixture *f, const char *name, const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static char *
export_jsonl (GlossStore *store, const GlossScope *scope, gboolean include_text, GPtrArray *warnings)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = gloss_jsonl_export (store, scope, out, include_text, warnings, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_output_stream_write_all (out, "", 1, NULL, NULL, NULL);
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static GBytes *
export_csv (GlossStore *store, const GlossScope *scope, gboolean bom, GPtrArray *warnings)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = gloss_csv_export (store, scope, out, bom, warnings, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static GPtrArray *
split_lines (const char *jsonl)
{
  g_auto(GStrv) lines = g_strsplit (jsonl, "\n", -1);
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      if (*lines[i] == '\0')
        continue;
      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
      g_ptr_array_add (out, json_node_ref (json_parser_get_root (parser)));
    }
  return out;
}

static char *
joined (GPtrArray *strings)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < strings->len; i++)
    g_string_append_printf (s, "%s\n", (const char *) strings->pdata[i]);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* ---- JSON Lines ---- */

static void
test_jsonl_export (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *jsonl = export_jsonl (f->store, NULL, TRUE, warnings);
  g_autoptr(GPtrArray) lines = split_lines (jsonl);
  guint n_spans = 0;

  /* One document per line, each a single line. */
  g_assert_cmpuint (lines->len, ==, 2);
  g_assert_true (g_str_has_suffix (jsonl, "}\n"));
  for (guint i = 0; i < lines->len; i++)
    {
      JsonObject *doc = json_node_get_object (lines->pdata[i]);
      const char *id = json_object_get_string_member (doc, "id");
      const char *text = json_object_get_string_member (doc, "text");
      JsonArray *spans = json_object_get_array_member (doc, "spans");
      JsonArray *label = json_object_get_array_member (doc, "label");
      g_autoptr(GlossDocument) mine = gloss_store_get_document (f->store, id, NULL);
      g_autoptr(GPtrArray) list = gloss_store_list_annotations (f->store, id, NULL);

      g_assert_nonnull (mine);
      g_assert_cmpstr (text, ==, mine->text);
      g_assert_cmpstr (json_object_get_string_member (doc, "title"), ==, mine->title);
      g_assert_cmpstr (json_object_get_string_member (doc, "sha256"), ==, mine->sha256);
      g_assert_cmpuint (json_array_get_length (spans), ==, list->len);
      g_assert_cmpuint (json_array_get_length (label), ==, list->len);
      for (guint j = 0; j < list->len; j++)
        {
          GlossAnnotation *a = list->pdata[j];
          JsonObject *s = json_array_get_object_element (spans, j);
          JsonArray *l = json_array_get_array_element (label, j);
          const char *b = g_utf8_offset_to_pointer (text, json_object_get_int_member (s, "start"));
          const char *e = g_utf8_offset_to_pointer (text, json_object_get_int_member (s, "end"));
          g_autofree char *slice = g_strndup (b, e - b);

          g_assert_cmpstr (json_object_get_string_member (s, "id"), ==, a->id);
          g_assert_cmpint (json_object_get_int_member (s, "start"), ==, a->start);
          g_assert_cmpint (json_object_get_int_member (s, "end"), ==, a->end);
          g_assert_cmpstr (json_object_get_string_member (s, "label"), ==, a->label_name);
          g_assert_cmpstr (json_object_get_string_member (s, "quote"), ==, a->quote);
          g_assert_cmpstr (slice, ==, a->quote);
          g_assert_cmpstr (json_object_get_string_member_with_default (s, "note", NULL), ==, a->note);
          g_assert_cmpstr (json_object_get_string_member_with_default (s, "annotator", NULL), ==, a->annotator);
          g_assert_cmpint (json_array_get_int_element (l, 0), ==, a->start);
          g_assert_cmpint (json_array_get_int_element (l, 1), ==, a->end);
          g_assert_cmpstr (json_array_get_string_element (l, 2), ==, a->label_name);
          n_spans++;
        }
    }
  g_assert_cmpuint (n_spans, ==, f->n_annotations);
  /* Code points: the first span of the ship log comes after two emoji. */
  g_assert_nonnull (strstr (jsonl, "\"label\":[[13,27,\"Claim\"]"));
  g_assert_cmpuint (warnings->len, >=, 1);
  g_assert_true (gloss_jsonl_sniff (jsonl, strlen (jsonl)));
  {
    g_autofree char *gloss_json = export_gloss_json (f->store);
    g_assert_false (gloss_jsonl_sniff (gloss_json, strlen (gloss_json)));
  }
  g_assert_false (gloss_jsonl_sniff ("{\"id\": \"x\", \"type\": \"AnnotationCollection\", \"label\": \"p\"}\n", 57));
}

static void
test_jsonl_roundtrip_text (Fixture *f, gconstpointer data)
{
  g_autoptr(GlossStore) b = new_store (f, "b.gloss");
  g_autofree char *jsonl = export_jsonl (f->store, NULL, TRUE, NULL);
  g_autofree char *path = write_file (f, "export.jsonl", jsonl);
  g_autoptr(GlossImportReport) report = gloss_import_report_new ();
  g_autoptr(GlossImportReport) again = gloss_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = gloss_store_list_annotations (f->store, NULL, NULL);

  g_assert_true (gloss_jsonl_import_file (b, path, report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->documents_added, ==, 2);
  g_assert_cmpuint (report->new_documents->len, ==, 2);
  g_assert_cmpuint (report->labels_added, ==, 3);
  g_assert_cmpuint (report->annotators_added, ==, 2);
  g_assert_cmpuint (report->annotations_added, ==, f->n_annotations);
  for (guint i = 0; i < list->len; i++)
    {
      GlossAnnotation *a = list->pdata[i];
      g_autoptr(GlossAnnotation) c = gloss_store_get_annotation (b, a->id, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (c->document_id, ==, a->document_id);
      g_assert_cmpint (c->start, ==, a->start);
      g_assert_cmpint (c->end, ==, a->end);
      g_assert_cmpstr (c->quote, ==, a->quote);
      g_assert_cmpstr (c->prefix, ==, a->prefix);
      g_assert_cmpstr (c->label_name, ==, a->label_name);
      g_assert_cmpstr (c->note, ==, a->note);
      g_assert_cmpstr (c->annotator, ==, a->annotator);
      g_assert_cmpstr (c->created, ==, a->created);
      g_assert_cmpstr (c->modified, ==, a->modified);
    }
  {
    g_autoptr(GlossDocument) d = gloss_store_get_document (b, f->doc_id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (d->title, ==, "Ship log");
    g_assert_cmpstr (d->text, ==, text1);
  }

  g_assert_true (gloss_jsonl_import_file (b, path, again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (again->documents_added, ==, 0);
  g_assert_cmpuint (again->documents_present, ==, 2);
  g_assert_cmpuint (again->annotations_added, ==, 0);
  g_assert_cmpuint (again->annotations_present, ==, f->n_annotations);
}

static void
test_jsonl_roundtrip_no_text (Fixture *f, gconstpointer data)
{
  g_autoptr(GlossStore) empty = new_store (f, "empty.gloss");
  g_autoptr(GlossStore) c = new_store (f, "c.gloss");
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *jsonl = export_jsonl (f->store, NULL, FALSE, warnings);
  g_autoptr(GPtrArray) lines = split_lines (jsonl);
  g_autoptr(GlossImportReport) report = gloss_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossDocument) d2 = NULL;
  g_autoptr(GlossDocument) d1 = NULL;
  g_autofree char *w = joined (warnings);

  for (guint i = 0; i < lines->len; i++)
    g_assert_false (json_object_has_member (json_node_get_object (lines->pdata[i]), "text"));
  g_assert_nonnull (strstr (w, "texts are left out"));

  /* Nowhere to put the spans: a clear error, nothing added. */
  g_assert_false (gloss_jsonl_import_data (empty, jsonl, strlen (jsonl), "notext.jsonl", NULL, &error));
  g_assert_error (error, GLOSS_JSONL_ERROR, GLOSS_JSONL_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "“notext.jsonl”: line 1:"));
  g_assert_nonnull (strstr (error->message, "no “text”"));
  g_clear_error (&error);
  {
    g_autoptr(GPtrArray) labels = gloss_store_list_labels (empty, NULL);
    g_autoptr(GPtrArray) docs = gloss_store_list_documents (empty, NULL);
    g_assert_cmpuint (labels->len, ==, 0);
    g_assert_cmpuint (docs->len, ==, 0);
  }

  /* The same texts under other ids: matched by sha256. */
  d2 = gloss_store_add_document (c, "two", text2, NULL, "txt", NULL, &error);
  d1 = gloss_store_add_document (c, "one", text1, NULL, "txt", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_jsonl_import_data (c, jsonl, strlen (jsonl), "notext.jsonl", report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->documents_matched, ==, 2);
  g_assert_cmpuint (report->annotations_added, ==, f->n_annotations);
  {
    g_autoptr(GPtrArray) on1 = gloss_store_list_annotations (c, d1->id, NULL);
    g_autoptr(GPtrArray) orig = gloss_store_list_annotations (f->store, f->doc_id, NULL);

    g_assert_cmpuint (on1->len, ==, orig->len);
    for (guint i = 0; i < on1->len; i++)
      {
        g_assert_cmpint (((GlossAnnotation *) on1->pdata[i])->start, ==, ((GlossAnnotation *) orig->pdata[i])->start);
        g_assert_cmpstr (((GlossAnnotation *) on1->pdata[i])->quote, ==, ((GlossAnnotation *) orig->pdata[i])->quote);
        g_assert_cmpstr (((GlossAnnotation *) on1->pdata[i])->label_name, ==, ((GlossAnnotation *) orig->pdata[i])->label_name);
      }
  }
}

static void
test_jsonl_doccano (Fixture *f, gconstpointer data)
{
  g_autoptr(GlossStore) b = new_store (f, "b.gloss");
  static const char doccano[] =
    "{\"id\": 17, \"text\": \"🚢 Anna met Bob in 東京.\\nSecond line.\", \"label\": [[2, 6, \"Person\"], [18, 20, \"Place\"]]}\n"
    "\n"
    "{\"text\": \"Only categories here.\", \"label\": [\"news\", \"sports\"]}\r\n"
    "{\"text\": \"Entities form: Bob.\", \"entities\": [{\"id\": 5, \"start_offset\": 15, \"end_offset\": 18, \"label\": \"Person\"}]}\n";
  g_autoptr(GlossImportReport) report = gloss_import_report_new ();
  g_autoptr(GlossImportReport) again = gloss_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GPtrArray) list = NULL;
  GlossDocument *first = NULL;

  g_assert_true (gloss_jsonl_sniff (doccano, strlen (doccano)));
  g_assert_true (gloss_jsonl_import_data (b, doccano, strlen (doccano), "doccano.jsonl", report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->documents_added, ==, 3);
  g_assert_cmpuint (report->labels_added, ==, 2);
  g_assert_cmpuint (report->annotations_added, ==, 3);
  {
    g_autofree char *notes = joined (report->notes);
    g_assert_nonnull (strstr (notes, "line 3: the document categories"));
  }
  docs = gloss_store_list_documents (b, NULL);
  for (guint i = 0; i < docs->len; i++)
    if (g_str_equal (((GlossDocument *) docs->pdata[i])->title, "🚢 Anna met Bob in 東京."))
      first = docs->pdata[i];
  g_assert_nonnull (first);
  list = gloss_store_list_annotations (b, first->id, NULL);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((GlossAnnotation *) list->pdata[0])->quote, ==, "Anna");
  g_assert_cmpstr (((GlossAnnotation *) list->pdata[0])->label_name, ==, "Person");
  g_assert_cmpstr (((GlossAnnotation *) list->pdata[1])->quote, ==, "東京");
  g_assert_cmpstr (((GlossAnnotation *) list->pdata[1])->label_name, ==, "Place");

  /* Spans without Gloss ids get name-based ones: twice adds nothing. */
  g_assert_true (gloss_jsonl_import_data (b, doccano, strlen (doccano), "doccano.jsonl", again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (again->documents_added, ==, 0);
  g_assert_cmpuint (again->documents_matched, ==, 3);
  g_assert_cmpuint (again->annotations_added, ==, 0);
  g_assert_cmpuint (again->annotations_present, ==, 3);
}

static void
assert_jsonl_fails (Fixture *f, const char *jsonl, int code, const char *needle)
{
  g_autofree char *before = export_gloss_json (f->store);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (gloss_jsonl_import_data (f->store, jsonl, strlen (jsonl), "bad.jsonl", NULL, &error));
  g_assert_error (error, GLOSS_JSONL_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, needle));
  after = export_gloss_json (f->store);
  g_assert_cmpstr (before, ==, after);
}

static void
test_jsonl_malformed (Fixture *f, gconstpointer data)
{
  static const char good[] = "{\"text\": \"A brand new text about Bob.\", \"spans\": [{\"start\": 24, \"end\": 27, \"label\": \"NewLabel\"}]}\n";
  g_autofree char *bad_json = g_strconcat (good, good, "{\"text\": \"x\", \"spans\": [}\n", NULL);
  g_autofree char *out_of_range = g_strconcat (good, "{\"text\": \"short\", \"spans\": [{\"start\": 2, \"end\": 9, \"label\": \"L\"}]}\n", NULL);
  g_autofree char *wrong_quote = g_strconcat (good, "\n{\"text\": \"short\", \"spans\": [{\"start\": 0, \"end\": 2, \"label\": \"L\", \"quote\": \"no\"}]}\n", NULL);
  g_autofree char *not_object = g_strconcat (good, "[1, 2]\n", NULL);
  g_autofree char *bad_label = g_strconcat (good, "{\"text\": \"short\", \"label\": [[0, 2]]}\n", NULL);

  assert_jsonl_fails (f, bad_json, GLOSS_JSONL_ERROR_SYNTAX, "line 3 is not valid JSON");
  assert_jsonl_fails (f, out_of_range, GLOSS_JSONL_ERROR_INVALID, "line 2: spans[0]: the span [2, 9) does not fit");
  assert_jsonl_fails (f, wrong_quote, GLOSS_JSONL_ERROR_INVALID, "line 3: spans[0]: the quote “no”");
  assert_jsonl_fails (f, not_object, GLOSS_JSONL_ERROR_INVALID, "line 2: must be a JSON object");
  assert_jsonl_fails (f, bad_label, GLOSS_JSONL_ERROR_INVALID, "line 2: label[0]: must be [start, end, \"label\"]");
  assert_jsonl_fails (f, "{\"text\": \"a\\u0001b\", \"spans\": []}", GLOSS_JSONL_ERROR_INVALID, "line 1: The text contains a control character");
}

static void
test_jsonl_scope (Fixture *f, gconstpointer data)
{
  g_autoptr(GlossScope) scope = gloss_scope_new ();
  g_autofree char *jsonl = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  guint n = 0;

  scope->label_names = g_strsplit ("Claim", ",", -1);
  jsonl = export_jsonl (f->store, scope, FALSE, NULL);
  lines = split_lines (jsonl);
  g_assert_cmpuint (lines->len, ==, 2);
  for (guint i = 0; i < lines->len; i++)
    {
      JsonArray *spans = json_object_get_array_member (json_node_get_object (lines->pdata[i]), "spans");
      for (guint j = 0; j < json_array_get_length (spans); j++, n++)
        g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (spans, j), "label"), ==, "Claim");
    }
  g_assert_cmpuint (n, ==, 2);
}

/* ---- CSV ---- */

/* A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes. */
static GPtrArray *
parse_csv (const char *data, gsize len)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  gsize i = 0;

  while (i < len)
    {
      if (data[i] == '"' && field->len == 0)
        {
          for (i++; ; i++)
            {
              g_assert_cmpuint (i, <, len);
              if (data[i] == '"')
                {
                  if (i + 1 < len && data[i + 1] == '"')
                    {
                      g_string_append_c (field, '"');
                      i++;
                    }
                  else
                    break;
                }
              else
                g_string_append_c (field, data[i]);
            }
          i++;
          /* After the closing quote: a separator or the end of the record. */
          g_assert_true (i == len || data[i] == ',' || data[i] == '\r');
          continue;
        }
      if (data[i] == ',')
        {
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
          i++;
        }
      else if (data[i] == '\r')
        {
          g_assert_cmpint (data[i + 1], ==, '\n');
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
          g_ptr_array_add (rows, row);
          row = g_ptr_array_new_with_free_func (g_free);
          i += 2;
        }
      else
        {
          /* A bare LF or quote in an unquoted field is not RFC 4180. */
          g_assert_cmpint (data[i], !=, '\n');
          g_assert_cmpint (data[i], !=, '"');
          g_string_append_c (field, data[i]);
          i++;
        }
    }
  g_assert_cmpuint (row->len, ==, 0);   /* the last record ends with CRLF */
  g_ptr_array_unref (row);
  return rows;
}

static const char *
cell (GPtrArray *row, guint i)
{
  return row->pdata[i];
}

/* What the export writes for a value: empty for NULL, a ' before a formula start. */
static char *
expected_cell (const char *value)
{
  if (value == NULL)
    return g_strdup ("");
  if (strchr ("=+@\t\r", value[0]) != NULL && value[0] != '\0')
    return g_strconcat ("'", value, NULL);
  return g_strdup (value);
}

/* Gives the first document source details, with a comma to quote, for the CSV. */
static GlossStore *
with_source_details (Fixture *f)
{
  g_autoptr(GlossDocument) props = g_new0 (GlossDocument, 1);
  g_autoptr(GError) error = NULL;

  props->author = g_strdup ("Roe, Jane");
  props->publisher = g_strdup ("The Courier");
  props->published = g_strdup ("2026-12-04");
  props->url = g_strdup ("https://courier.example/strike");
  props->reliability = g_strdup ("B");
  props->tlp = g_strdup ("AMBER");
  g_assert_true (gloss_store_set_document_properties (f->store, f->doc_id, props, &error));
  g_assert_no_error (error);
  return f->store;
}

static void
test_csv_export (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) bytes = export_csv (with_source_details (f), NULL, FALSE, warnings);
  gsize len;
  const char *csv = g_bytes_get_data (bytes, &len);
  g_autoptr(GPtrArray) rows = parse_csv (csv, len);
  g_autoptr(GPtrArray) docs = gloss_store_list_documents (f->store, NULL);
  g_autofree char *w = joined (warnings);
  guint r = 1;

  g_assert_true (g_utf8_validate (csv, len, NULL));
  g_assert_false (len >= 3 && memcmp (csv, "\xef\xbb\xbf", 3) == 0);
  g_assert_cmpuint (rows->len, ==, f->n_annotations + 1);
  {
    static const char * const header[] = { "document", "title", "start", "end", "quote", "label", "note",
                                           "annotator", "created", "modified", "id", "entity", "entity_id",
                                           "page", "author", "publisher", "published", "url", "reliability",
                                           "tlp" };
    GPtrArray *h = rows->pdata[0];
    g_assert_cmpuint (h->len, ==, G_N_ELEMENTS (header));
    for (guint i = 0; i < G_N_ELEMENTS (header); i++)
      g_assert_cmpstr (cell (h, i), ==, header[i]);
  }
  for (guint d = 0; d < docs->len; d++)
    {
      GlossDocument *doc = docs->pdata[d];
      g_autoptr(GPtrArray) list = gloss_store_list_annotations (f->store, doc->id, NULL);

      for (guint j = 0; j < list->len; j++, r++)
        {
          GlossAnnotation *a = list->pdata[j];
          GPtrArray *row = rows->pdata[r];
          g_autofree char *start = g_strdup_printf ("%" G_GINT64_FORMAT, a->start);
          g_autofree char *end = g_strdup_printf ("%" G_GINT64_FORMAT, a->end);
          g_autofree char *quote = expected_cell (a->quote);
          g_autofree char *note = expected_cell (a->note);
          g_autofree char *annotator = expected_cell (a->annotator);

          g_assert_cmpuint (row->len, ==, 20);
          g_assert_cmpstr (cell (row, 0), ==, doc->id);
          g_assert_cmpstr (cell (row, 1), ==, doc->title);
          g_assert_cmpstr (cell (row, 2), ==, start);
          g_assert_cmpstr (cell (row, 3), ==, end);
          g_assert_cmpstr (cell (row, 4), ==, quote);
          g_assert_cmpstr (cell (row, 5), ==, a->label_name);
          g_assert_cmpstr (cell (row, 6), ==, note);
          g_assert_cmpstr (cell (row, 7), ==, annotator);
          g_assert_cmpstr (cell (row, 8), ==, a->created);
          g_assert_cmpstr (cell (row, 9), ==, a->modified);
          g_assert_cmpstr (cell (row, 10), ==, a->id);
          /* These documents are not paged: the page cell is empty. */
          g_assert_cmpstr (cell (row, 13), ==, "");
          /* The source's details, on each row of the document. */
          g_assert_cmpstr (cell (row, 14), ==, doc->author ? doc->author : "");
          g_assert_cmpstr (cell (row, 15), ==, doc->publisher ? doc->publisher : "");
          g_assert_cmpstr (cell (row, 16), ==, doc->published ? doc->published : "");
          g_assert_cmpstr (cell (row, 17), ==, doc->url ? doc->url : "");
          g_assert_cmpstr (cell (row, 18), ==, doc->reliability ? doc->reliability : "");
          g_assert_cmpstr (cell (row, 19), ==, doc->tlp ? doc->tlp : "");
        }
    }
  g_assert_nonnull (strstr (csv, ",\"Roe, Jane\",The Courier,2026-12-04,https://courier.example/strike,B,AMBER"));
  g_assert_null (strstr (w, "document properties"));
  /* The note with a quote, a comma and a newline is quoted with doubled quotes. */
  g_assert_nonnull (strstr (csv, ",\"He said \"\"hi\"\",\nthen left\","));
  /* Formula starts are guarded; a leading minus is not. */
  g_assert_nonnull (strstr (csv, ",'=SUM(A1),"));
  g_assert_nonnull (strstr (csv, ",'+1 for this,"));
  g_assert_nonnull (strstr (w, "2 CSV field(s)"));
  g_assert_nonnull (strstr (w, "spreadsheet"));
}

static void
test_csv_minus_and_bom (Fixture *f, gconstpointer data)
{
  g_autoptr(GlossLabel) claim = gloss_store_find_label_by_name (f->store, "Claim", NULL);
  g_autoptr(GlossAnnotation) a = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossScope) scope = gloss_scope_new ();
  gint64 start = g_utf8_pointer_to_offset (text2, strstr (text2, "-5"));
  const char *csv;
  gsize len;

  a = gloss_store_add_annotation (f->store, f->doc2_id, claim->id, start, start + 2, "-minus stays", "@bot", &error);
  g_assert_no_error (error);
  scope->document_ids = g_strsplit (f->doc2_id, ",", -1);
  scope->annotators = g_strsplit ("@bot", ",", -1);
  bytes = export_csv (f->store, scope, TRUE, warnings);
  csv = g_bytes_get_data (bytes, &len);
  g_assert_true (len > 3 && memcmp (csv, "\xef\xbb\xbf" "document,", 12) == 0);
  {
    g_autoptr(GPtrArray) rows = parse_csv (csv + 3, len - 3);
    GPtrArray *row;

    g_assert_cmpuint (rows->len, ==, 2);
    row = rows->pdata[1];
    g_assert_cmpstr (cell (row, 4), ==, "-5");
    g_assert_cmpstr (cell (row, 6), ==, "-minus stays");
    g_assert_cmpstr (cell (row, 7), ==, "'@bot");
  }
  g_assert_cmpuint (warnings->len, ==, 2);
}

static void
test_csv_scope (Fixture *f, gconstpointer data)
{
  g_autoptr(GlossScope) scope = gloss_scope_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  gsize len;
  const char *csv;

  scope->label_names = g_strsplit ("Place", ",", -1);
  bytes = export_csv (f->store, scope, FALSE, warnings);
  csv = g_bytes_get_data (bytes, &len);
  rows = parse_csv (csv, len);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (cell (rows->pdata[1], 4), ==, "東京");
  g_assert_cmpstr (cell (rows->pdata[1], 5), ==, "Place");
  g_assert_cmpstr (cell (rows->pdata[1], 7), ==, "");
  /* Nothing was guarded in this part, so no warning about it. */
  for (guint i = 0; i < warnings->len; i++)
    g_assert_null (strstr (warnings->pdata[i], "formulas"));
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  ADD ("/core/jsonl/export", test_jsonl_export);
  ADD ("/core/jsonl/roundtrip-text", test_jsonl_roundtrip_text);
  ADD ("/core/jsonl/roundtrip-no-text", test_jsonl_roundtrip_no_text);
  ADD ("/core/jsonl/doccano", test_jsonl_doccano);
  ADD ("/core/jsonl/malformed", test_jsonl_malformed);
  ADD ("/core/jsonl/scope", test_jsonl_scope);
  ADD ("/core/csv/export", test_csv_export);
  ADD ("/core/csv/minus-and-bom", test_csv_minus_and_bom);
  ADD ("/core/csv/scope", test_csv_scope);
  return g_test_run ();
}

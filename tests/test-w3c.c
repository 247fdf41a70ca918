/* test-w3c.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * W3C Web Annotation export and import. With GLOSS_W3C_OUT set, the fixture's
 * export is also written there (to try tests/validate-w3c.py on it by hand).
 */
#define G_LOG_DOMAIN "test-w3c"

#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gloss-json.h"
#include "gloss-store.h"
#include "gloss-w3c.h"
#include "gloss-relations.h"
#include "gloss-entities.h"

#define FIXTURE_TMP_TEMPLATE "gloss-test-w3c-XXXXXX"
#include "exchange-fixture.h"

static char *
export_w3c (GlossStore *store, const GlossScope *scope, GPtrArray *warnings)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = gloss_w3c_export (store, scope, out, warnings, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_output_stream_write_all (out, "", 1, NULL, NULL, NULL);
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

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

static JsonNode *
parse (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
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

static JsonObject *
body_with_purpose (JsonObject *item, const char *purpose)
{
  JsonArray *bodies = json_object_get_array_member (item, "body");

  for (guint i = 0; i < json_array_get_length (bodies); i++)
    {
      JsonObject *b = json_array_get_object_element (bodies, i);

      if (g_strcmp0 (json_object_get_string_member (b, "purpose"), purpose) == 0)
        return b;
    }
  return NULL;
}

static JsonObject *
selector_of_type (JsonObject *item, const char *type)
{
  JsonArray *selectors = json_object_get_array_member (json_object_get_object_member (item, "target"), "selector");

  for (guint i = 0; i < json_array_get_length (selectors); i++)
    {
      JsonObject *s = json_array_get_object_element (selectors, i);

      if (g_str_equal (json_object_get_string_member (s, "type"), type))
        return s;
    }
  return NULL;
}

static void
test_export_structure (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *json = export_w3c (f->store, NULL, warnings);
  g_autoptr(JsonNode) root = parse (json);
  g_autofree char *project_id = gloss_store_dup_id (f->store);
  g_autofree char *collection_id = g_strconcat ("urn:uuid:", project_id, NULL);
  g_autoptr(GPtrArray) annotators = gloss_store_list_annotators (f->store, NULL);
  JsonObject *collection, *page;
  JsonArray *items;
  guint n_notes = 0, n_creators = 0;

  if (g_getenv ("GLOSS_W3C_OUT") != NULL)
    g_file_set_contents (g_getenv ("GLOSS_W3C_OUT"), json, -1, NULL);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  collection = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (collection, "@context"), ==, "http://www.w3.org/ns/anno.jsonld");
  g_assert_cmpstr (json_object_get_string_member (collection, "type"), ==, "AnnotationCollection");
  g_assert_cmpstr (json_object_get_string_member (collection, "id"), ==, collection_id);
  g_assert_cmpstr (json_object_get_string_member (collection, "label"), ==, "Project “A”");
  g_assert_cmpint (json_object_get_int_member (collection, "total"), ==, f->n_annotations);

  page = json_object_get_object_member (collection, "first");
  g_assert_cmpstr (json_object_get_string_member (page, "type"), ==, "AnnotationPage");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (page, "id"), "urn:uuid:"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (page, "partOf"), "id"), ==, collection_id);
  g_assert_cmpint (json_object_get_int_member (page, "startIndex"), ==, 0);
  items = json_object_get_array_member (page, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, f->n_annotations);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *id = json_object_get_string_member (item, "id");
      JsonObject *tag = body_with_purpose (item, "tagging");
      JsonObject *comment = body_with_purpose (item, "commenting");
      JsonObject *target = json_object_get_object_member (item, "target");
      JsonObject *tqs = selector_of_type (item, "TextQuoteSelector");
      JsonObject *tps = selector_of_type (item, "TextPositionSelector");
      g_autoptr(GlossAnnotation) a = NULL;
      g_autoptr(GlossDocument) doc = NULL;
      g_autofree char *source = NULL;
      g_autofree char *slice = NULL;
      gint64 start, end;

      g_assert_false (json_object_has_member (item, "@context"));
      g_assert_true (g_str_has_prefix (id, "urn:uuid:"));
      a = gloss_store_get_annotation (f->store, id + strlen ("urn:uuid:"), NULL);
      g_assert_nonnull (a);
      g_assert_cmpstr (json_object_get_string_member (item, "type"), ==, "Annotation");
      g_assert_cmpstr (json_object_get_string_member (item, "motivation"), ==, "tagging");
      g_assert_cmpstr (json_object_get_string_member (item, "created"), ==, a->created);
      g_assert_cmpstr (json_object_get_string_member (item, "modified"), ==, a->modified);
      g_assert_true (g_str_has_suffix (json_object_get_string_member (item, "created"), "Z"));
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (item, "generator"), "type"), ==, "Software");

      g_assert_nonnull (tag);
      g_assert_cmpstr (json_object_get_string_member (tag, "type"), ==, "TextualBody");
      g_assert_cmpstr (json_object_get_string_member (tag, "value"), ==, a->label_name);
      if (a->note != NULL)
        {
          g_assert_nonnull (comment);
          g_assert_cmpstr (json_object_get_string_member (comment, "value"), ==, a->note);
          n_notes++;
        }
      else
        g_assert_null (comment);

      if (a->annotator != NULL)
        {
          JsonObject *creator = json_object_get_object_member (item, "creator");
          const char *creator_id = json_object_get_string_member (creator, "id");
          gboolean found = FALSE;

          g_assert_cmpstr (json_object_get_string_member (creator, "type"), ==, "Person");
          g_assert_cmpstr (json_object_get_string_member (creator, "name"), ==, a->annotator);
          for (guint j = 0; j < annotators->len; j++)
            {
              GlossAnnotator *p = annotators->pdata[j];
              if (g_str_equal (p->name, a->annotator))
                found = g_str_equal (creator_id + strlen ("urn:uuid:"), p->id);
            }
          g_assert_true (found);
          n_creators++;
        }
      else
        g_assert_false (json_object_has_member (item, "creator"));

      g_assert_cmpstr (json_object_get_string_member (target, "type"), ==, "SpecificResource");
      source = g_strconcat ("urn:uuid:", a->document_id, NULL);
      g_assert_cmpstr (json_object_get_string_member (target, "source"), ==, source);
      g_assert_nonnull (tqs);
      g_assert_nonnull (tps);
      start = json_object_get_int_member (tps, "start");
      end = json_object_get_int_member (tps, "end");
      g_assert_cmpint (start, ==, a->start);
      g_assert_cmpint (end, ==, a->end);
      doc = gloss_store_get_document (f->store, a->document_id, NULL);
      {
        const char *b = g_utf8_offset_to_pointer (doc->text, start);
        const char *e = g_utf8_offset_to_pointer (doc->text, end);
        slice = g_strndup (b, e - b);
      }
      g_assert_cmpstr (json_object_get_string_member (tqs, "exact"), ==, slice);
      g_assert_cmpstr (slice, ==, a->quote);
      if (*a->prefix)
        g_assert_cmpstr (json_object_get_string_member (tqs, "prefix"), ==, a->prefix);
      if (*a->suffix)
        g_assert_cmpstr (json_object_get_string_member (tqs, "suffix"), ==, a->suffix);
    }
  g_assert_cmpuint (n_notes, ==, 3);
  g_assert_cmpuint (n_creators, ==, 5);
  /* The first span comes after two emoji: UTF-16 would put it two further on. */
  {
    JsonObject *first = json_array_get_object_element (items, 0);
    g_assert_cmpint (json_object_get_int_member (selector_of_type (first, "TextPositionSelector"), "start"), ==,
                     g_utf8_pointer_to_offset (text1, strstr (text1, "“Anna”")));
  }
  g_assert_cmpuint (warnings->len, >=, 2);
  {
    g_autofree char *joined = NULL;
    g_ptr_array_add (warnings, NULL);
    joined = g_strjoinv ("\n", (char **) warnings->pdata);
    g_assert_nonnull (strstr (joined, "colours"));
    g_assert_nonnull (strstr (joined, "texts"));
  }

  g_assert_true (gloss_w3c_sniff (json, strlen (json)));
  {
    g_autofree char *gloss_json = export_gloss_json (f->store);
    g_assert_false (gloss_w3c_sniff (gloss_json, strlen (gloss_json)));
  }
  g_assert_false (gloss_w3c_sniff ("{\"id\": \"x\", \"text\": \"a\", \"spans\": []}\n", 37));
}

static void
test_export_empty_and_deterministic (Fixture *f, gconstpointer data)
{
  g_autoptr(GlossStore) empty = new_store (f, "empty.gloss");
  g_autofree char *json = export_w3c (empty, NULL, NULL);
  g_autoptr(JsonNode) root = parse (json);
  g_autofree char *again1 = export_w3c (f->store, NULL, NULL);
  g_autofree char *again2 = export_w3c (f->store, NULL, NULL);

  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "total"), ==, 0);
  /* A page needs at least one item: an empty collection has no page. */
  g_assert_false (json_object_has_member (json_node_get_object (root), "first"));
  g_assert_cmpstr (again1, ==, again2);
}

/* Makes the documents of the fixture (same ids) in @store, without annotations, by
 * importing the fixture's Gloss JSON with its annotations taken out. */
static void
copy_documents (Fixture *f, GlossStore *store)
{
  g_autofree char *json = export_gloss_json (f->store);
  g_autoptr(JsonNode) root = parse (json);
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *stripped = NULL;

  json_object_set_array_member (json_node_get_object (root), "annotations", json_array_new ());
  json_object_set_array_member (json_node_get_object (root), "annotators", json_array_new ());
  json_object_set_array_member (json_node_get_object (root), "labels", json_array_new ());
  json_generator_set_root (gen, root);
  stripped = json_generator_to_data (gen, NULL);
  g_assert_true (gloss_json_import_data (store, stripped, strlen (stripped), "docs", NULL, &error));
  g_assert_no_error (error);
}

static void
assert_same_annotations (GlossStore *a_store, GlossStore *b_store, gboolean same_documents)
{
  g_autoptr(GPtrArray) list = gloss_store_list_annotations (a_store, NULL, NULL);

  g_assert_cmpuint (list->len, >, 0);
  for (guint i = 0; i < list->len; i++)
    {
      GlossAnnotation *a = list->pdata[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(GlossAnnotation) b = gloss_store_get_annotation (b_store, a->id, &error);

      g_assert_no_error (error);
      if (same_documents)
        g_assert_cmpstr (a->document_id, ==, b->document_id);
      g_assert_cmpint (a->start, ==, b->start);
      g_assert_cmpint (a->end, ==, b->end);
      g_assert_cmpstr (a->quote, ==, b->quote);
      g_assert_cmpstr (a->prefix, ==, b->prefix);
      g_assert_cmpstr (a->suffix, ==, b->suffix);
      g_assert_cmpstr (a->label_name, ==, b->label_name);
      g_assert_cmpstr (a->note, ==, b->note);
      g_assert_cmpstr (a->annotator, ==, b->annotator);
      g_assert_cmpstr (a->created, ==, b->created);
      g_assert_cmpstr (a->modified, ==, b->modified);
    }
}


/* A link to an entity of the register is a linking annotation whose second target is
 * the entity's urn:uuid (the id its identifying bodies carry), and it comes back as a
 * link to that entity. */
static void
test_entity_link (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) anns = gloss_store_list_annotations (f->store, f->doc_id, &error);
  g_autoptr(GlossLabel) person = gloss_store_find_label_by_name (f->store, "Person", &error);
  g_autoptr(GlossEntity) ana = NULL;
  g_autoptr(GlossRelationType) about = gloss_store_add_relation_type (f->store, "about", NULL, NULL, NULL, &error);
  g_autoptr(GlossRelation) r = NULL;
  g_autoptr(GlossStore) b = new_store (f, "b.gloss");
  g_autoptr(GlossImportReport) report = gloss_import_report_new ();
  g_autoptr(GlossRelation) back = NULL;
  g_autofree char *json = NULL;
  g_autofree char *urn = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *items;
  gboolean found = FALSE;
  const GlossAnnotation *tagged = NULL, *source = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < anns->len; i++)
    {
      const GlossAnnotation *a = anns->pdata[i];

      if (tagged == NULL && g_strcmp0 (a->label_id, person->id) == 0)
        tagged = a;
      else if (source == NULL)
        source = a;
    }
  g_assert_nonnull (tagged);
  g_assert_nonnull (source);
  ana = gloss_store_add_entity (f->store, "Ana Ruiz", person->id, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_store_set_annotation_entity (f->store, tagged->id, ana->id, &error));
  /* The other project has the documents, the codebook and the register, no annotations. */
  {
    g_autofree char *all = export_gloss_json (f->store);
    g_autoptr(JsonNode) copy = parse (all);
    g_autoptr(JsonGenerator) gen = json_generator_new ();
    g_autofree char *stripped = NULL;

    json_object_set_array_member (json_node_get_object (copy), "annotations", json_array_new ());
    json_object_set_array_member (json_node_get_object (copy), "relations", json_array_new ());
    json_generator_set_root (gen, copy);
    stripped = json_generator_to_data (gen, NULL);
    g_assert_true (gloss_json_import_data (b, stripped, strlen (stripped), "docs", NULL, &error));
    g_assert_no_error (error);
  }
  r = gloss_store_add_entity_relation (f->store, about->id, source->id, ana->id, "Ana", &error);
  g_assert_no_error (error);

  json = export_w3c (f->store, NULL, NULL);
  urn = g_strconcat ("urn:uuid:", ana->id, NULL);
  root = parse (json);
  items = json_object_get_array_member (json_object_get_object_member (json_node_get_object (root), "first"), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (item, "motivation", ""), "linking") == 0 &&
          json_array_get_length (json_object_get_array_member (item, "target")) == 2 &&
          g_strcmp0 (json_array_get_string_element (json_object_get_array_member (item, "target"), 1), urn) == 0)
        found = TRUE;
    }
  g_assert_true (found);

  g_assert_true (gloss_w3c_import_data (b, json, strlen (json), "export.jsonld", report, &error));
  g_assert_no_error (error);
  back = gloss_store_get_relation (b, r->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->to_entity_id, ==, ana->id);
  g_assert_cmpstr (back->from_id, ==, source->id);
}

static void
test_import_by_source (Fixture *f, gconstpointer data)
{
  g_autoptr(GlossStore) b = new_store (f, "b.gloss");
  g_autofree char *json = export_w3c (f->store, NULL, NULL);
  g_autofree char *path = write_file (f, "export.jsonld", json);
  g_autoptr(GlossImportReport) report = gloss_import_report_new ();
  g_autoptr(GlossImportReport) again = gloss_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) annotators = NULL;

  copy_documents (f, b);
  g_assert_true (gloss_w3c_import_file (b, path, report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->annotations_added, ==, f->n_annotations);
  g_assert_cmpuint (report->labels_added, ==, 3);
  g_assert_cmpuint (report->annotators_added, ==, 2);
  assert_same_annotations (f->store, b, TRUE);
  /* The creators' ids came along. */
  annotators = gloss_store_list_annotators (b, NULL);
  {
    g_autoptr(GPtrArray) mine = gloss_store_list_annotators (f->store, NULL);
    g_assert_cmpuint (annotators->len, ==, mine->len);
    for (guint i = 0; i < mine->len; i++)
      g_assert_cmpstr (((GlossAnnotator *) mine->pdata[i])->id, ==, ((GlossAnnotator *) annotators->pdata[i])->id);
  }

  /* Twice: nothing more. */
  g_assert_true (gloss_w3c_import_file (b, path, again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (again->annotations_added, ==, 0);
  g_assert_cmpuint (again->annotations_present, ==, f->n_annotations);
  g_assert_cmpuint (again->labels_added, ==, 0);
}

static void
test_import_by_quote (Fixture *f, gconstpointer data)
{
  g_autoptr(GlossStore) c = new_store (f, "c.gloss");
  g_autofree char *json = export_w3c (f->store, NULL, NULL);
  g_autoptr(GlossImportReport) report = gloss_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossDocument) d2 = NULL;
  g_autoptr(GlossDocument) d1 = NULL;

  /* The same texts under other ids, in the other order: only the quotes lead there. */
  d2 = gloss_store_add_document (c, "two", text2, NULL, "txt", NULL, &error);
  g_assert_no_error (error);
  d1 = gloss_store_add_document (c, "one", text1, NULL, "txt", NULL, &error);
  g_assert_no_error (error);

  g_assert_true (gloss_w3c_import_data (c, json, strlen (json), "export.jsonld", report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->annotations_added, ==, f->n_annotations);
  g_assert_cmpuint (report->labels_added, ==, 3);
  assert_same_annotations (f->store, c, FALSE);
  {
    g_autoptr(GPtrArray) on1 = gloss_store_list_annotations (c, d1->id, NULL);
    g_autoptr(GPtrArray) on2 = gloss_store_list_annotations (c, d2->id, NULL);
    g_assert_cmpuint (on1->len, ==, 5);
    g_assert_cmpuint (on2->len, ==, 2);
  }
}

static void
test_import_reanchor (Fixture *f, gconstpointer data)
{
  static const char json[] =
    "[\n"
    " {\"@context\": \"http://www.w3.org/ns/anno.jsonld\", \"id\": \"https://example.com/anno/1\",\n"
    "  \"type\": \"Annotation\", \"motivation\": \"commenting\",\n"
    "  \"creator\": {\"type\": \"Person\", \"name\": \"Cy Web\"}, \"created\": \"2020-05-01T10:00:00+02:00\",\n"
    "  \"body\": [{\"type\": \"TextualBody\", \"value\": \"Witness\", \"purpose\": \"tagging\"},\n"
    "           {\"type\": \"TextualBody\", \"value\": \"moved\"}],\n"
    "  \"target\": {\"source\": \"https://example.com/elsewhere\", \"selector\": [\n"
    "     {\"type\": \"TextQuoteSelector\", \"exact\": \"Anna\", \"prefix\": \"東京, then \", \"suffix\": \" left\"},\n"
    "     {\"type\": \"TextPositionSelector\", \"start\": 0, \"end\": 4}]}},\n"
    " {\"id\": \"urn:uuid:6b0c1f7e-9f59-4c43-9a43-0d4a0f3a0001\", \"type\": \"Annotation\",\n"
    "  \"body\": {\"type\": \"TextualBody\", \"value\": \"Witness\", \"purpose\": \"tagging\"},\n"
    "  \"target\": {\"source\": \"https://example.com/elsewhere\", \"selector\":\n"
    "     {\"type\": \"TextQuoteSelector\", \"exact\": \"Zeppelin\"}}}\n"
    "]\n";
  g_autoptr(GlossImportReport) report = gloss_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *notes = NULL;
  gint64 expected = g_utf8_pointer_to_offset (text1, strstr (text1, "then Anna") + strlen ("then "));
  GlossAnnotation *found = NULL;

  g_assert_true (gloss_w3c_sniff (json, strlen (json)));
  g_assert_true (gloss_w3c_import_data (f->store, json, strlen (json), "web.json", report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->annotations_added, ==, 1);
  g_assert_cmpuint (report->labels_added, ==, 1);

  list = gloss_store_list_annotations (f->store, f->doc_id, NULL);
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (((GlossAnnotation *) list->pdata[i])->label_name, "Witness"))
      found = list->pdata[i];
  g_assert_nonnull (found);
  g_assert_cmpint (found->start, ==, expected);
  g_assert_cmpint (found->end, ==, expected + 4);
  g_assert_cmpstr (found->note, ==, "moved");
  g_assert_cmpstr (found->annotator, ==, "Cy Web");
  g_assert_cmpstr (found->created, ==, "2020-05-01T08:00:00.000Z");

  g_ptr_array_add (report->notes, NULL);
  notes = g_strjoinv ("\n", (char **) report->notes->pdata);
  g_assert_nonnull (strstr (notes, "re-anchored"));
  g_assert_nonnull (strstr (notes, "urn:uuid:6b0c1f7e-9f59-4c43-9a43-0d4a0f3a0001"));
  g_assert_nonnull (strstr (notes, "not anchored"));
  g_assert_nonnull (strstr (notes, "Zeppelin"));
  report->notes->len--;

  /* A non-uuid id gets the same name-based id each time: twice adds nothing. */
  {
    g_autoptr(GlossImportReport) again = gloss_import_report_new ();
    g_assert_true (gloss_w3c_import_data (f->store, json, strlen (json), "web.json", again, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (again->annotations_added, ==, 0);
    g_assert_cmpuint (again->annotations_present, ==, 1);
  }
}

static void
test_import_single_and_page (Fixture *f, gconstpointer data)
{
  g_autofree char *one = g_strdup_printf (
    "{\"@context\": \"http://www.w3.org/ns/anno.jsonld\", \"id\": \"urn:uuid:0d8a1c44-5b63-4f5c-8c0e-1a2b3c4d5e6f\",\n"
    " \"type\": \"Annotation\", \"bodyValue\": \"just a comment\", \"motivation\": \"commenting\",\n"
    " \"target\": {\"source\": \"urn:uuid:%s\", \"selector\": {\"type\": \"TextPositionSelector\", \"start\": 0, \"end\": 8}}}",
    f->doc2_id);
  static const char page[] =
    "{\"@context\": \"http://www.w3.org/ns/anno.jsonld\", \"id\": \"https://example.com/p1\", \"type\": \"AnnotationPage\",\n"
    " \"items\": [{\"id\": \"https://example.com/a/9\", \"type\": \"Annotation\",\n"
    "   \"body\": [{\"type\": \"TextualBody\", \"value\": \"Place\", \"purpose\": \"tagging\"}],\n"
    "   \"target\": {\"source\": \"nowhere\", \"selector\": [{\"type\": \"TextQuoteSelector\", \"exact\": \"東京\"}]}}],\n"
    " \"next\": {\"id\": \"https://example.com/p2\", \"type\": \"AnnotationPage\", \"items\": [\n"
    "   {\"id\": \"https://example.com/a/10\", \"type\": \"Annotation\",\n"
    "    \"body\": [{\"type\": \"TextualBody\", \"value\": \"Place\", \"purpose\": \"tagging\"}],\n"
    "    \"target\": {\"source\": \"nowhere\", \"selector\": [{\"type\": \"TextQuoteSelector\", \"exact\": \"Ship log\"}]}}]}}";
  g_autoptr(GlossImportReport) report = gloss_import_report_new ();
  g_autoptr(GlossImportReport) report2 = gloss_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) a = NULL;

  g_assert_true (gloss_w3c_import_data (f->store, one, strlen (one), "one.json", report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->annotations_added, ==, 1);
  a = gloss_store_get_annotation (f->store, "0d8a1c44-5b63-4f5c-8c0e-1a2b3c4d5e6f", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a->quote, ==, "=SUM(A1)");
  g_assert_cmpstr (a->note, ==, "just a comment");
  g_assert_cmpstr (a->label_name, ==, "Highlight");

  g_assert_true (gloss_w3c_import_data (f->store, page, strlen (page), "page.json", report2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report2->annotations_added, ==, 2);
  g_assert_cmpuint (report2->labels_added, ==, 0);
}

static void
assert_import_fails (Fixture *f, const char *json, GQuark domain, int code, const char *needle)
{
  g_autofree char *before = export_gloss_json (f->store);
  g_autofree char *after = NULL;
  g_autoptr(GlossImportReport) report = gloss_import_report_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (gloss_w3c_import_data (f->store, json, strlen (json), "bad.json", report, &error));
  g_assert_error (error, domain, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "bad.json"));
  if (needle != NULL)
    g_assert_nonnull (strstr (error->message, needle));
  after = export_gloss_json (f->store);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (report->annotations_added, >=, 0);
}

static void
test_import_malformed (Fixture *f, gconstpointer data)
{
  g_autofree char *good_then_bad = NULL;
  g_autofree char *no_selector = NULL;
  /* A valid annotation that would be added, then a broken one after it. */
  static const char good[] =
    "{\"id\": \"urn:uuid:8f14e45f-ceea-467f-a8f5-5e3c0b6a0001\", \"type\": \"Annotation\",\n"
    " \"body\": {\"type\": \"TextualBody\", \"value\": \"New label\", \"purpose\": \"tagging\"},\n"
    " \"target\": {\"source\": \"x\", \"selector\": {\"type\": \"TextQuoteSelector\", \"exact\": \"Bob\"}}}";

  assert_import_fails (f, "{\"type\": \"AnnotationCollection\", \"first\": {\"items\": [", GLOSS_W3C_ERROR,
                       GLOSS_W3C_ERROR_SYNTAX, "not valid JSON");
  assert_import_fails (f, "{\"format\": \"gloss\", \"version\": 1}", GLOSS_W3C_ERROR, GLOSS_W3C_ERROR_FORMAT, NULL);
  assert_import_fails (f, "42", GLOSS_W3C_ERROR, GLOSS_W3C_ERROR_FORMAT, NULL);

  good_then_bad = g_strdup_printf ("[%s, {\"id\": \"urn:x:1\", \"type\": \"Tag\"}]", good);
  assert_import_fails (f, good_then_bad, GLOSS_W3C_ERROR, GLOSS_W3C_ERROR_INVALID, "items[1] (id urn:x:1): is not an Annotation");

  no_selector = g_strdup_printf ("{\"type\": \"AnnotationPage\", \"items\": [%s, "
                                 "{\"id\": \"urn:x:2\", \"type\": \"Annotation\", \"target\": {\"source\": \"urn:x:doc\"}}]}", good);
  assert_import_fails (f, no_selector, GLOSS_W3C_ERROR, GLOSS_W3C_ERROR_INVALID, "items[1] (id urn:x:2): its target has no selector");
  assert_import_fails (f, "[{\"id\": \"urn:x:3\", \"type\": \"Annotation\", \"target\": \"http://example.com/page\"}]",
                       GLOSS_W3C_ERROR, GLOSS_W3C_ERROR_INVALID, "without selectors");
  assert_import_fails (f, "[{\"id\": \"urn:x:4\", \"type\": \"Annotation\", \"target\": {\"selector\": "
                       "{\"type\": \"TextPositionSelector\", \"start\": \"0\", \"end\": 3}}}]",
                       GLOSS_W3C_ERROR, GLOSS_W3C_ERROR_INVALID, "whole-number");
  assert_import_fails (f, "{\"type\": \"AnnotationCollection\", \"first\": \"https://example.com/page1\"}",
                       GLOSS_W3C_ERROR, GLOSS_W3C_ERROR_FORMAT, "not in the file");

}

static void
test_import_broken_export_unchanged (Fixture *f, gconstpointer data)
{
  g_autoptr(GlossStore) c = new_store (f, "c.gloss");
  g_autofree char *json = export_w3c (f->store, NULL, NULL);
  g_autoptr(GString) broken = g_string_new (json);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossDocument) d1 = gloss_store_add_document (c, "one", text1, NULL, "txt", NULL, NULL);
  g_autoptr(GlossDocument) d2 = gloss_store_add_document (c, "two", text2, NULL, "txt", NULL, NULL);
  const char *last;
  gssize pos;

  /* The last item's position gets a negative start, still well-formed JSON: all the
   * items before it would import, and must not. */
  last = g_strrstr (broken->str, "\"TextPositionSelector\"");
  g_assert_nonnull (last);
  last = strstr (last, "\"start\": ");
  g_assert_nonnull (last);
  pos = last - broken->str + strlen ("\"start\": ");
  g_string_insert_c (broken, pos, '-');
  before = export_gloss_json (c);
  g_assert_false (gloss_w3c_import_data (c, broken->str, broken->len, "export.jsonld", NULL, &error));
  g_assert_error (error, GLOSS_W3C_ERROR, GLOSS_W3C_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "items[6]"));
  after = export_gloss_json (c);
  g_assert_cmpstr (before, ==, after);
}

static void
test_scope_label (Fixture *f, gconstpointer data)
{
  g_autoptr(GlossScope) scope = gloss_scope_new ();
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *project_id = gloss_store_dup_id (f->store);
  JsonArray *items;

  scope->label_names = g_strsplit ("person", ",", -1);
  json = export_w3c (f->store, scope, NULL);
  root = parse (json);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "total"), ==, 4);
  /* A part of the project is not the project: another collection id. */
  g_assert_false (g_str_has_suffix (json_object_get_string_member (json_node_get_object (root), "id"), project_id));
  items = json_object_get_array_member (json_object_get_object_member (json_node_get_object (root), "first"), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 4);
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_assert_cmpstr (json_object_get_string_member (body_with_purpose (json_array_get_object_element (items, i), "tagging"),
                                                    "value"), ==, "Person");

  g_strfreev (scope->label_names);
  scope->label_names = NULL;
  scope->document_ids = g_strsplit (f->doc2_id, ",", -1);
  g_clear_pointer (&json, g_free);
  g_clear_pointer (&root, json_node_unref);
  json = export_w3c (f->store, scope, NULL);
  root = parse (json);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "total"), ==, 2);
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  ADD ("/core/w3c/export/structure", test_export_structure);
  ADD ("/core/w3c/entity-link", test_entity_link);
  ADD ("/core/w3c/export/empty-deterministic", test_export_empty_and_deterministic);
  ADD ("/core/w3c/scope/label-and-document", test_scope_label);
  ADD ("/core/w3c/import/by-source", test_import_by_source);
  ADD ("/core/w3c/import/by-quote", test_import_by_quote);
  ADD ("/core/w3c/import/reanchor", test_import_reanchor);
  ADD ("/core/w3c/import/single-and-pages", test_import_single_and_page);
  ADD ("/core/w3c/import/malformed", test_import_malformed);
  ADD ("/core/w3c/import/broken-export-unchanged", test_import_broken_export_unchanged);
  return g_test_run ();
}

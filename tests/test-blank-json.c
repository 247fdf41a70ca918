/* test-blank-json.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * JSON text kept in project columns (entity aliases, relation-type label lists, set
 * definitions, document metadata, field options, history before/after) that is blank,
 * malformed or of the wrong type: planted with raw SQLite in a closed project, then
 * every path that reads it is run. json-glib reads a blank text as a document with no
 * root, which used to reach json_node_get_node_type (NULL): a critical, an abort under
 * G_DEBUG=fatal-criticals (meson runs this test with it, and GTest makes criticals
 * fatal too). Each path must either read the text as "nothing" or fail with an error
 * that names the row.
 */
#define G_LOG_DOMAIN "test-blank-json"

#include <string.h>
#include <sqlite3.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gloss-codebook.h"
#include "gloss-entities.h"
#include "gloss-exchange.h"
#include "gloss-fields.h"
#include "gloss-history.h"
#include "gloss-json.h"
#include "gloss-merge.h"
#include "gloss-project.h"
#include "gloss-relations.h"
#include "gloss-scope.h"
#include "gloss-store.h"
#include "gloss-util.h"

/* What is planted in every JSON column. */
static const char * const bad_texts[] = {
  "",               /* blank */
  "  \n\t ",        /* whitespace only */
  "{\"broken",      /* malformed */
  "\"a string\"",   /* JSON, but a string where an array or an object belongs */
  "null",           /* JSON null */
};

typedef struct {
  char *dir;
  char *path;        /* the project the bad text is planted in */
  char *good_path;   /* a copy made before, edited afterwards: a merge source */
  char *doc_id;
  char *entity_id;
  char *annotation_id;
  char *claim_id;
  char *type_id;
  char *set_id;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GlossDocument) doc = NULL;
  g_autoptr(GlossLabel) person = NULL;
  g_autoptr(GlossLabel) claim = NULL;
  g_autoptr(GlossEntity) entity = NULL;
  g_autoptr(GlossAnnotation) a = NULL;
  g_autoptr(GlossAnnotation) b = NULL;
  g_autoptr(GlossAnnotation) c = NULL;
  g_autoptr(GlossRelationType) type = NULL;
  g_autoptr(GlossRelation) relation = NULL;
  g_autoptr(GlossSet) set = NULL;
  g_autoptr(GFile) from = NULL;
  g_autoptr(GFile) to = NULL;
  const char *aliases[] = { "Z. L.", NULL };
  const char *people[2] = { NULL, NULL };
  char *only[2] = { NULL, NULL };
  GlossScope scope = { 0 };

  f->dir = g_dir_make_tmp ("gloss-test-blank-json-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "p.gloss", NULL);
  f->good_path = g_build_filename (f->dir, "good.gloss", NULL);
  store = gloss_project_create (f->path, "Desk", 0, &error);
  g_assert_no_error (error);
  gloss_store_set_user (store, "zoe");

  doc = gloss_store_add_document (store, "One", "Zoe Lukas met Ben. Z. L. said the cranes are unsafe.",
                                  NULL, "txt", "{\"source\": \"wire\"}", &error);
  g_assert_no_error (error);
  f->doc_id = g_strdup (doc->id);
  person = gloss_store_find_label_by_name (store, "Person", &error);
  claim = gloss_store_find_label_by_name (store, "Claim", &error);
  g_assert_no_error (error);
  f->claim_id = g_strdup (claim->id);

  entity = gloss_store_add_entity (store, "Zoe Lukas", person->id, aliases, NULL, NULL, &error);
  g_assert_no_error (error);
  f->entity_id = g_strdup (entity->id);
  a = gloss_store_add_annotation (store, doc->id, person->id, 0, 9, NULL, "ana", &error);
  g_assert_no_error (error);
  f->annotation_id = g_strdup (a->id);
  g_assert_true (gloss_store_set_annotation_entity (store, a->id, entity->id, &error));
  g_assert_true (gloss_store_set_annotation_note (store, a->id, "first", &error));
  b = gloss_store_add_annotation (store, doc->id, person->id, 14, 17, NULL, "ana", &error);
  g_assert_no_error (error);
  c = gloss_store_add_annotation (store, doc->id, claim->id, 25, 52, NULL, "ana", &error);
  g_assert_no_error (error);
  g_assert_true (gloss_store_set_field_value (store, c->id, GLOSS_FIELD_LIKELIHOOD, "likely", &error));
  g_assert_no_error (error);

  people[0] = person->id;
  type = gloss_store_add_relation_type (store, "knows", NULL, people, people, &error);
  g_assert_no_error (error);
  f->type_id = g_strdup (type->id);
  relation = gloss_store_add_relation (store, type->id, a->id, b->id, "ana", &error);
  g_assert_no_error (error);

  only[0] = doc->id;
  scope.document_ids = only;
  set = gloss_set_add (store, "Only One", &scope, &error);
  g_assert_no_error (error);
  f->set_id = g_strdup (set->id);
  g_clear_object (&store);

  /* The merge source: the same project, with one annotation edited later. */
  from = g_file_new_for_path (f->path);
  to = g_file_new_for_path (f->good_path);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  store = gloss_store_open (f->good_path, 0, &error);
  g_assert_no_error (error);
  g_usleep (2000);   /* a later modified time */
  g_assert_true (gloss_store_set_annotation_note (store, f->annotation_id, "edited in the copy", &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->good_path);
  g_free (f->doc_id);
  g_free (f->entity_id);
  g_free (f->annotation_id);
  g_free (f->claim_id);
  g_free (f->type_id);
  g_free (f->set_id);
}

/* Writes @text into every JSON column of the closed project at @path, with SQLite
 * itself, as a damaged or hand-edited file would hold it. */
static void
plant (const char *path,
       const char *text)
{
  static const char * const updates[] = {
    "UPDATE documents SET metadata = ?1",
    "UPDATE sets SET definition = ?1",
    "UPDATE label_fields SET options = ?1 WHERE options IS NOT NULL",
    "UPDATE entities SET aliases = ?1",
    "UPDATE relation_types SET from_labels = ?1, to_labels = ?1",
    "UPDATE history SET old_json = ?1 WHERE old_json IS NOT NULL",
    "UPDATE history SET new_json = ?1",
  };
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (updates); i++)
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, updates[i], -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      g_assert_cmpint (sqlite3_changes (db), >, 0);
      sqlite3_finalize (stmt);
    }
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static GlossStore *
open_planted (Fixture    *f,
              const char *text)
{
  g_autoptr(GError) error = NULL;
  GlossStore *store;

  plant (f->path, text);
  store = gloss_store_open (f->path, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  gloss_store_set_user (store, "zoe");
  return store;
}

/* Entities: the aliases read as none; matching and annotate-all-mentions still work. */
static void
test_entities (Fixture *f, gconstpointer data)
{
  const char *text = data;
  g_autoptr(GlossStore) store = open_planted (f, text);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = gloss_store_list_entities (store, NULL, &error);
  g_autoptr(GlossEntity) entity = NULL;
  g_autoptr(GlossEntity) found = NULL;
  g_autoptr(GPtrArray) mentions = NULL;
  const char *aliases[] = { "ZL", NULL };

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  entity = gloss_store_get_entity (store, f->entity_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (entity->name, ==, "Zoe Lukas");
  g_assert_nonnull (entity->aliases);
  g_assert_null (entity->aliases[0]);
  g_assert_cmpuint (g_strv_length (((GlossEntity *) list->pdata[0])->aliases), ==, 0);

  found = gloss_store_find_entity (store, "zoe lukas", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  mentions = gloss_store_find_unannotated_mentions (store, f->entity_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mentions->len, ==, 0);   /* "Z. L." was an alias: it is gone with them */

  /* The broken list is replaced by a good one. */
  g_assert_true (gloss_store_set_entity_aliases (store, f->entity_id, aliases, &error));
  g_assert_no_error (error);
  g_clear_pointer (&entity, gloss_entity_free);
  entity = gloss_store_get_entity (store, f->entity_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (entity->aliases, aliases);
}

/* Relation types: a label list that does not read restricts nothing. */
static void
test_relations (Fixture *f, gconstpointer data)
{
  const char *text = data;
  g_autoptr(GlossStore) store = open_planted (f, text);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) types = gloss_store_list_relation_types (store, &error);
  g_autoptr(GPtrArray) relations = NULL;
  g_autoptr(GlossRelationType) type = NULL;
  g_autoptr(GlossRelation) added = NULL;
  g_autoptr(GPtrArray) annotations = NULL;
  GlossRelationType *knows = NULL;
  const char *claim_annotation = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < types->len; i++)
    if (g_str_equal (((GlossRelationType *) types->pdata[i])->id, f->type_id))
      knows = types->pdata[i];
  g_assert_nonnull (knows);
  g_assert_true (knows->from_labels == NULL || knows->from_labels[0] == NULL);
  g_assert_true (knows->to_labels == NULL || knows->to_labels[0] == NULL);
  type = gloss_store_find_relation_type (store, "knows", &error);
  g_assert_no_error (error);

  relations = gloss_store_list_relations (store, f->annotation_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (relations->len, ==, 1);

  /* Any label may now take part, a Claim included. */
  annotations = gloss_store_list_annotations (store, f->doc_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < annotations->len; i++)
    if (g_str_equal (((GlossAnnotation *) annotations->pdata[i])->label_id, f->claim_id))
      claim_annotation = ((GlossAnnotation *) annotations->pdata[i])->id;
  g_assert_nonnull (claim_annotation);
  added = gloss_store_add_relation (store, f->type_id, f->annotation_id, claim_annotation, "ana", &error);
  g_assert_no_error (error);
  g_assert_nonnull (added);
}

/* Sets: a definition that does not read is not "everything" (a set is there to leave
 * things out): listing fails with an error that names the set. */
static void
test_sets (Fixture *f, gconstpointer data)
{
  const char *text = data;
  g_autoptr(GlossStore) store = open_planted (f, text);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = gloss_set_list (store, &error);
  g_autoptr(GlossSet) set = NULL;
  g_autoptr(GlossScope) scope = NULL;

  g_assert_null (sets);
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "“Only One”"));
  g_assert_nonnull (strstr (error->message, "not readable"));
  g_clear_error (&error);

  set = gloss_set_find (store, "Only One", &error);
  g_assert_null (set);
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_CORRUPT);
  g_clear_error (&error);

  /* Deleting the broken set is how a user gets the list back. */
  g_assert_true (gloss_set_delete (store, f->set_id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&sets, g_ptr_array_unref);
  sets = gloss_set_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sets->len, ==, 0);

  scope = gloss_scope_from_json (text, &error);
  g_assert_null (scope);
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_CORRUPT);
}

/* Documents: the metadata is kept as it is, the properties can still be set, and
 * field options read as none. */
static void
test_documents (Fixture *f, gconstpointer data)
{
  const char *text = data;
  g_autoptr(GlossStore) store = open_planted (f, text);
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossDocument) doc = gloss_store_get_document (store, f->doc_id, &error);
  g_autoptr(GlossDocument) props = NULL;
  g_autoptr(GlossDocument) after = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GString) report = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_cmpstr (doc->metadata, ==, text);
  docs = gloss_store_list_documents (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, 1);

  props = gloss_document_copy (doc);
  g_free (props->reliability);
  props->reliability = g_strdup ("B");
  g_free (props->tlp);
  props->tlp = g_strdup ("amber");
  g_assert_true (gloss_store_set_document_properties (store, f->doc_id, props, &error));
  g_assert_no_error (error);
  after = gloss_store_get_document (store, f->doc_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after->reliability, ==, "B");
  g_assert_cmpstr (after->tlp, ==, "AMBER");

  fields = gloss_store_list_fields (store, f->claim_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fields->len, >, 0);
  for (guint i = 0; i < fields->len; i++)
    {
      GlossField *field = fields->pdata[i];

      if (g_str_equal (field->name, GLOSS_FIELD_LIKELIHOOD))
        g_assert_cmpuint (field->options ? field->options->len : 0, ==, 0);
    }

  /* The check says what is wrong rather than failing. */
  g_assert_false (gloss_store_check (store, report, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (report->str, "aliases"));
}

/* History: each entry still lists and describes itself; one whose version does not
 * read cannot be restored, and says which entry. */
static void
test_history (Fixture *f, gconstpointer data)
{
  const char *text = data;
  g_autoptr(GlossStore) store = open_planted (f, text);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = gloss_store_list_history (store, f->annotation_id, &error);
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GlossAnnotation) a = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, >=, 2);
  for (guint i = 0; i < entries->len; i++)
    {
      GlossHistoryEntry *entry = entries->pdata[i];
      g_autofree char *describe = gloss_history_entry_describe (entry);
      g_autofree char *changed = gloss_history_entry_changed_members (entry);
      g_autoptr(GlossHistoryEntry) one = gloss_store_get_history_entry (store, entry->id, &error);
      g_autofree char *expected = g_strdup_printf ("History entry %" G_GINT64_FORMAT " ", entry->id);

      g_assert_no_error (error);
      g_assert_nonnull (describe);
      g_assert_null (changed);
      g_assert_cmpstr (one->after, ==, text);

      g_assert_false (gloss_store_restore_version (store, entry->id, &error));
      g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, expected));
      g_clear_error (&error);
    }

  /* Nothing was changed by the failed restores, and new changes are recorded well. */
  a = gloss_store_get_annotation (store, f->annotation_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a->note, ==, "first");
  g_assert_true (gloss_store_set_annotation_note (store, f->annotation_id, "second", &error));
  g_assert_no_error (error);
  again = gloss_store_list_history (store, f->annotation_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, entries->len + 1);
}

static JsonObject *
first_member_object (JsonObject *root,
                     const char *array)
{
  JsonArray *items = json_object_get_array_member (root, array);

  g_assert_nonnull (items);
  g_assert_cmpuint (json_array_get_length (items), >=, 1);
  return json_array_get_object_element (items, 0);
}

/* Exports: the JSON export is well-formed, with null metadata, no aliases and no
 * options; every other format and the codebook export run too. */
static void
test_export (Fixture *f, gconstpointer data)
{
  const char *text = data;
  g_autoptr(GlossStore) store = open_planted (f, text);
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *codebook = NULL;
  JsonObject *o, *doc, *entity, *knows = NULL;
  JsonArray *types;
  gsize len;
  char *data_out;

  g_assert_true (gloss_json_export (store, NULL, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, &error));
  len = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out));
  data_out = g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out));
  {
    g_autofree char *copy = g_strndup (data_out, len);

    root = gloss_json_parse_text (copy, JSON_NODE_OBJECT, &error);
    g_assert_no_error (error);
  }
  o = json_node_get_object (root);
  doc = first_member_object (o, "documents");
  g_assert_true (json_object_has_member (doc, "metadata"));
  g_assert_true (json_object_get_null_member (doc, "metadata"));
  entity = first_member_object (o, "entities");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (entity, "aliases")), ==, 0);
  types = json_object_get_array_member (o, "relation_types");
  for (guint i = 0; i < json_array_get_length (types); i++)
    {
      JsonObject *type = json_array_get_object_element (types, i);

      if (g_strcmp0 (json_object_get_string_member (type, "id"), f->type_id) == 0)
        knows = type;
    }
  g_assert_nonnull (knows);
  g_assert_cmpstr (json_object_get_string_member (knows, "name"), ==, "knows");

  for (GlossFormat format = GLOSS_FORMAT_JSON; format <= GLOSS_FORMAT_HTML; format++)
    {
      g_autoptr(GOutputStream) sink = g_memory_output_stream_new_resizable ();
      g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *target = g_build_filename (f->dir, gloss_format_name (format), NULL);

      if (!gloss_format_can_export (format))
        continue;
      if (gloss_format_writes_path (format))
        g_assert_true (gloss_exchange_export_path (store, NULL, format, NULL, target, warnings, NULL, &error));
      else
        g_assert_true (gloss_exchange_export_stream (store, NULL, format, NULL, sink, warnings, NULL, &error));
      g_assert_no_error (error);
    }

  codebook = gloss_codebook_to_json (store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (codebook);
}

/* Merge: into the damaged project (its history is read to tell versions apart), and
 * from it into a good one. */
static void
test_merge (Fixture *f, gconstpointer data)
{
  const char *text = data;
  g_autoptr(GlossStore) store = open_planted (f, text);
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossMergeReport) report = gloss_merge_report_new ();
  g_autoptr(GlossMergeReport) back = gloss_merge_report_new ();
  g_autoptr(GlossAnnotation) a = NULL;
  g_autoptr(GlossStore) good = NULL;

  g_assert_true (gloss_merge (store, f->good_path, report, &error));
  g_assert_no_error (error);
  a = gloss_store_get_annotation (store, f->annotation_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a->note, ==, "edited in the copy");
  g_clear_object (&store);

  good = gloss_store_open (f->good_path, 0, &error);
  g_assert_no_error (error);
  /* The damaged file as a merge source: it merges, or it is refused with a reason. */
  if (!gloss_merge (good, f->path, back, &error))
    {
      g_assert_nonnull (error);
      g_assert_cmpstr (error->message, !=, "");
      g_test_message ("merging the damaged project was refused: %s", error->message);
    }
}

/* The helper itself. */
static void
test_parse_text (void)
{
  static const struct {
    const char   *text;
    JsonNodeType  type;
    gboolean      ok;
    const char   *message;
  } cases[] = {
    { NULL, JSON_NODE_OBJECT, FALSE, "there is no JSON text" },
    { "", JSON_NODE_OBJECT, FALSE, "the JSON text is empty" },
    { " \r\n\t", JSON_NODE_ARRAY, FALSE, "the JSON text is empty" },
    { "{", JSON_NODE_OBJECT, FALSE, NULL },
    { "{} x", JSON_NODE_OBJECT, FALSE, NULL },
    { "[1]", JSON_NODE_OBJECT, FALSE, "the JSON text is an array, not an object" },
    { "\"s\"", JSON_NODE_ARRAY, FALSE, "the JSON text is a string, not an array" },
    { "4", JSON_NODE_ARRAY, FALSE, "the JSON text is a number, not an array" },
    { "null", JSON_NODE_OBJECT, FALSE, "the JSON text is null, not an object" },
    { " {\"a\": 1} ", JSON_NODE_OBJECT, TRUE, NULL },
    { "[\"x\"]", JSON_NODE_ARRAY, TRUE, NULL },
    { "null", JSON_NODE_NULL, TRUE, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = gloss_json_parse_text (cases[i].text, cases[i].type, &error);

      if (cases[i].ok)
        {
          g_assert_no_error (error);
          g_assert_nonnull (node);
          g_assert_cmpint (json_node_get_node_type (node), ==, cases[i].type);
        }
      else
        {
          g_assert_null (node);
          g_assert_nonnull (error);
          g_assert_true (error->domain == JSON_PARSER_ERROR);
          if (cases[i].message != NULL)
            g_assert_cmpstr (error->message, ==, cases[i].message);
        }
    }
}

int
main (int argc, char *argv[])
{
  static const struct {
    const char *name;
    void      (*func) (Fixture *, gconstpointer);
  } tests[] = {
    { "entities", test_entities },
    { "relations", test_relations },
    { "sets", test_sets },
    { "documents", test_documents },
    { "history", test_history },
    { "export", test_export },
    { "merge", test_merge },
  };
  static const char * const variants[] = { "blank", "whitespace", "malformed", "string", "null" };

  G_STATIC_ASSERT (G_N_ELEMENTS (variants) == G_N_ELEMENTS (bad_texts));
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_setenv ("GLOSS_ANNOTATOR", "zoe", TRUE);

  g_test_add_func ("/core/blank-json/parse-text", test_parse_text);
  for (guint t = 0; t < G_N_ELEMENTS (tests); t++)
    for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
      {
        g_autofree char *path = g_strdup_printf ("/core/blank-json/%s/%s", tests[t].name, variants[v]);

        g_test_add (path, Fixture, bad_texts[v], fixture_setup, tests[t].func, fixture_teardown);
      }
  return g_test_run ();
}

/* test-history.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The history: every change is recorded in its transaction with who, when, what and
 * the row before and after, can be listed per annotation or document, and an earlier
 * version can be restored (itself a change).
 */
#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gloss-entities.h"
#include "gloss-fields.h"
#include "gloss-history.h"
#include "gloss-project.h"
#include "gloss-relations.h"
#include "gloss-store.h"
#include "gloss-store-private.h"

typedef struct {
  char       *dir;
  char       *path;
  GlossStore *store;
  GlossDocument *doc;
  GlossLabel *person;
  GlossLabel *claim;
} Fixture;

static GlossLabel *
label_named (GlossStore *store, const char *name)
{
  g_autoptr(GError) error = NULL;
  GlossLabel *label = gloss_store_find_label_by_name (store, name, &error);

  g_assert_no_error (error);
  return label;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("gloss-history-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "h.gloss", NULL);
  f->store = gloss_project_create (f->path, "History", 0, &error);
  g_assert_no_error (error);
  gloss_store_set_user (f->store, "zoe");
  f->doc = gloss_store_add_document (f->store, "Port", "Ana Ruiz said the port will close on Monday.",
                                     NULL, "txt", NULL, &error);
  g_assert_no_error (error);
  f->person = label_named (f->store, "Person");
  f->claim = label_named (f->store, "Claim");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  g_clear_object (&f->store);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (f->path, suffixes[i], NULL);
      g_unlink (p);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
  gloss_document_free (f->doc);
  gloss_label_free (f->person);
  gloss_label_free (f->claim);
}

static JsonObject *
parse (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_nonnull (json);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static const char *
member (JsonObject *o, const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  return node && !JSON_NODE_HOLDS_NULL (node) ? json_node_get_string (node) : NULL;
}

/* Entries of @id, oldest first, as "action table" strings joined by commas. */
static char *
actions (GlossStore *store, const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = gloss_store_list_history (store, id, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = list->len; i > 0; i--)
    {
      GlossHistoryEntry *e = list->pdata[i - 1];
      g_string_append_printf (out, "%s%s %s", out->len ? ", " : "", e->action, e->table);
    }
  return g_string_free (out, FALSE);
}

static void
test_annotation_changes (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) a = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *seen = NULL;
  GlossHistoryEntry *edit;

  a = gloss_store_add_annotation (f->store, f->doc->id, f->person->id, 0, 8, NULL, "ana", &error);
  g_assert_no_error (error);
  g_assert_true (gloss_store_set_annotation_note (f->store, a->id, "check", &error));
  g_assert_true (gloss_store_set_annotation_label (f->store, a->id, f->claim->id, &error));
  g_assert_true (gloss_store_set_field_value (f->store, a->id, "likelihood", "likely", &error));
  g_assert_no_error (error);
  g_assert_true (gloss_store_delete_annotation (f->store, a->id, &error));
  g_assert_true (gloss_store_restore_annotation (f->store, a->id, &error));
  g_assert_no_error (error);

  seen = actions (f->store, a->id);
  g_assert_cmpstr (seen, ==, "create annotations, edit annotations, edit annotations, create field_values, "
                             "delete annotations, restore annotations");

  list = gloss_store_list_history (f->store, a->id, &error);
  /* Who: the annotator named for a new annotation, the store's user for the rest. */
  g_assert_cmpstr (((GlossHistoryEntry *) list->pdata[list->len - 1])->who, ==, "ana");
  edit = list->pdata[list->len - 2];
  g_assert_cmpstr (edit->who, ==, "zoe");
  g_assert_true (g_str_has_suffix (edit->at, "Z"));
  g_assert_cmpstr (edit->row_id, ==, a->id);
  g_assert_cmpstr (edit->document_id, ==, f->doc->id);
  {
    g_autoptr(JsonObject) before = parse (edit->before);
    g_autoptr(JsonObject) after = parse (edit->after);

    g_assert_null (member (before, "note"));
    g_assert_cmpstr (member (after, "note"), ==, "check");
    g_assert_cmpstr (member (after, "label"), ==, f->person->id);
    g_assert_cmpstr (member (after, "quote"), ==, "Ana Ruiz");
  }
  {
    /* A person's change writes a version with an identity of its own (docs/MERGE.md,
     * "Version identity"), which the next change names as its "before"; the
     * description of the change is about the note, not the identity. */
    GlossHistoryEntry *next = list->pdata[list->len - 3];
    g_autoptr(JsonObject) after = parse (edit->after);
    g_autoptr(JsonObject) next_before = parse (next->before);
    g_autoptr(JsonObject) next_after = parse (next->after);
    const char *version = member (after, "version");
    g_autofree char *what = gloss_history_entry_describe (edit);

    g_assert_nonnull (version);
    g_assert_cmpuint (strlen (version), ==, 64);
    g_assert_true (strspn (version, "0123456789abcdef") == 64);
    g_assert_cmpstr (member (next_before, "version"), ==, version);
    g_assert_nonnull (member (next_after, "version"));
    g_assert_cmpstr (member (next_after, "version"), !=, version);
    g_assert_nonnull (strstr (what, "note"));
    g_assert_null (strstr (what, "version"));
  }
  {
    GlossHistoryEntry *value = list->pdata[2];
    g_autoptr(JsonObject) after = parse (value->after);

    g_assert_cmpstr (value->table, ==, "field_values");
    g_assert_null (value->before);
    g_assert_cmpstr (member (after, "value"), ==, "likely");
    g_assert_nonnull (value->sub_id);
  }
}

/* A failed change records nothing: the history is in the same transaction. */
static void
test_failed_change_not_recorded (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) a = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;

  a = gloss_store_add_annotation (f->store, f->doc->id, f->person->id, 0, 8, NULL, NULL, &error);
  g_assert_no_error (error);
  before = gloss_store_list_history (f->store, f->doc->id, &error);
  g_assert_false (gloss_store_set_field_value (f->store, a->id, "nonexistent", "x", &error));
  g_clear_error (&error);
  g_assert_null (gloss_store_add_annotation (f->store, f->doc->id, f->person->id, 5, 500, NULL, NULL, &error));
  g_clear_error (&error);
  /* An outer transaction rolled back takes its entries with it. */
  g_assert_true (gloss_store_begin (f->store, &error));
  g_assert_true (gloss_store_set_annotation_note (f->store, a->id, "gone", &error));
  gloss_store_rollback (f->store);
  after = gloss_store_list_history (f->store, f->doc->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, before->len);
}

static void
test_document_history (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) a = NULL;
  g_autoptr(GlossAnnotation) b = NULL;
  g_autoptr(GlossRelationType) type = NULL;
  g_autoptr(GlossRelation) r = NULL;
  g_autoptr(GlossDocument) props = g_new0 (GlossDocument, 1);
  g_autofree char *seen = NULL;

  a = gloss_store_add_annotation (f->store, f->doc->id, f->person->id, 0, 8, NULL, NULL, &error);
  b = gloss_store_add_annotation (f->store, f->doc->id, f->claim->id, 9, 44, NULL, NULL, &error);
  g_assert_no_error (error);
  type = gloss_store_find_relation_type (f->store, "attributed to", &error);
  g_assert_no_error (error);
  r = gloss_store_add_relation (f->store, type->id, b->id, a->id, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_store_set_document_title (f->store, f->doc->id, "Harbour", &error));
  props->tlp = g_strdup ("amber");
  g_assert_true (gloss_store_set_document_properties (f->store, f->doc->id, props, &error));
  g_assert_true (gloss_store_delete_relation (f->store, r->id, &error));
  g_assert_true (gloss_store_delete_document (f->store, f->doc->id, &error));
  g_assert_no_error (error);

  seen = actions (f->store, f->doc->id);
  g_assert_cmpstr (seen, ==, "create documents, create annotations, create annotations, create relations, "
                             "edit documents, edit documents, delete relations, delete annotations, "
                             "delete annotations, delete documents");
  g_clear_pointer (&seen, g_free);
  seen = actions (f->store, r->id);
  g_assert_cmpstr (seen, ==, "create relations, delete relations");
}

/* Deleting a document deletes its annotations in one statement; each deletion is
 * recorded as gloss_history_record() records one: its "before" names the version the
 * annotation was (here one a note edit wrote), its "after" is a version with an
 * identity of its own, which is the row's version while it stays deleted. */
static void
test_document_deletion_versions (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) a = NULL;
  g_autoptr(GlossAnnotation) b = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *edited = NULL;
  GlossHistoryEntry *deleted_a = NULL, *deleted_b = NULL;
  gint64 pk, pk2;

  a = gloss_store_add_annotation (f->store, f->doc->id, f->person->id, 0, 8, NULL, NULL, &error);
  b = gloss_store_add_annotation (f->store, f->doc->id, f->claim->id, 9, 44, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_store_set_annotation_note (f->store, a->id, "check", &error));
  g_assert_no_error (error);
  list = gloss_store_list_history (f->store, a->id, &error);
  {
    g_autoptr(JsonObject) after = parse (((GlossHistoryEntry *) list->pdata[0])->after);

    edited = g_strdup (member (after, "version"));
  }
  g_assert_nonnull (edited);
  g_clear_pointer (&list, g_ptr_array_unref);
  g_assert_true (gloss_store_delete_document (f->store, f->doc->id, &error));
  g_assert_no_error (error);

  list = gloss_store_list_history (f->store, f->doc->id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      GlossHistoryEntry *e = list->pdata[i];

      if (g_str_equal (e->action, GLOSS_HISTORY_DELETE) && g_str_equal (e->table, "annotations"))
        {
          if (g_str_equal (e->row_id, a->id))
            deleted_a = e;
          else if (g_str_equal (e->row_id, b->id))
            deleted_b = e;
        }
    }
  g_assert_nonnull (deleted_a);
  g_assert_nonnull (deleted_b);
  {
    g_autoptr(JsonObject) before_a = parse (deleted_a->before);
    g_autoptr(JsonObject) after_a = parse (deleted_a->after);
    g_autoptr(JsonObject) before_b = parse (deleted_b->before);
    g_autoptr(JsonObject) after_b = parse (deleted_b->after);
    const char *va = member (after_a, "version");
    const char *vb = member (after_b, "version");
    g_autofree char *now_a = NULL;

    /* a was the version the note edit wrote; b, never changed, its first version. */
    g_assert_cmpstr (member (before_a, "version"), ==, edited);
    g_assert_null (member (before_b, "version"));
    g_assert_nonnull (va);
    g_assert_nonnull (vb);
    g_assert_cmpuint (strlen (va), ==, 64);
    g_assert_true (strspn (va, "0123456789abcdef") == 64);
    g_assert_cmpstr (va, !=, vb);
    g_assert_cmpstr (va, !=, edited);
    g_assert_cmpint (json_node_get_int (json_object_get_member (after_a, "deleted")), ==, 1);
    /* The row as it is now is that version, identity included. */
    g_assert_true (gloss_history_find_row (f->store, "annotations", a->id, NULL, &pk, &pk2));
    now_a = gloss_history_snapshot (f->store, "annotations", pk, pk2);
    g_assert_cmpstr (now_a, ==, deleted_a->after);
  }
}

static void
test_codebook_and_entities (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossLabel) label = NULL;
  g_autoptr(GlossEntity) e = NULL;
  g_autoptr(GlossAnnotation) a = NULL;
  g_autofree char *seen = NULL;

  label = gloss_store_add_label (f->store, "Vessel", "entity", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_free (label->colour);
  label->colour = g_strdup ("#112233");
  g_assert_true (gloss_store_update_label (f->store, label, &error));
  g_assert_true (gloss_store_delete_label (f->store, label->id, &error));
  g_assert_no_error (error);
  seen = actions (f->store, label->id);
  g_assert_cmpstr (seen, ==, "create labels, edit labels, delete labels");
  g_clear_pointer (&seen, g_free);

  e = gloss_store_add_entity (f->store, "Ana Ruiz", f->person->id, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_store_rename_entity (f->store, e->id, "Ana Ruiz López", &error));
  a = gloss_store_add_annotation (f->store, f->doc->id, f->person->id, 0, 8, NULL, NULL, &error);
  g_assert_true (gloss_store_set_annotation_entity (f->store, a->id, e->id, &error));
  g_assert_no_error (error);
  seen = actions (f->store, e->id);
  g_assert_cmpstr (seen, ==, "create entities, edit entities");
  g_clear_pointer (&seen, g_free);
  seen = actions (f->store, a->id);
  g_assert_cmpstr (seen, ==, "create annotations, edit annotations");
}

static gint64
newest_entry (GlossStore *store, const char *id, const char *action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = gloss_store_list_history (store, id, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (((GlossHistoryEntry *) list->pdata[i])->action, action))
      return ((GlossHistoryEntry *) list->pdata[i])->id;
  g_assert_not_reached ();
}

static void
test_restore (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) a = NULL;
  g_autoptr(GlossAnnotation) now = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *value = NULL;
  g_autofree char *seen = NULL;
  gint64 edit;

  a = gloss_store_add_annotation (f->store, f->doc->id, f->person->id, 0, 8, "first", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_store_set_annotation_note (f->store, a->id, "second", &error));
  edit = newest_entry (f->store, a->id, "edit");
  g_assert_true (gloss_store_set_annotation_label (f->store, a->id, f->claim->id, &error));
  g_assert_no_error (error);

  /* Restoring the note edit brings back the version before it: note "first", Person. */
  g_assert_true (gloss_store_restore_version (f->store, edit, &error));
  g_assert_no_error (error);
  now = gloss_store_get_annotation (f->store, a->id, &error);
  g_assert_cmpstr (now->note, ==, "first");
  g_assert_cmpstr (now->label_id, ==, f->person->id);
  g_assert_cmpstr (now->prefix, ==, "");
  g_assert_cmpstr (now->suffix, ==, " said the port will close on Mon");
  g_assert_cmpstr (now->modified, >=, a->modified);
  list = gloss_store_list_history (f->store, a->id, &error);
  g_assert_cmpstr (((GlossHistoryEntry *) list->pdata[0])->action, ==, "restore");
  {
    g_autoptr(JsonObject) before = parse (((GlossHistoryEntry *) list->pdata[0])->before);
    g_assert_cmpstr (member (before, "note"), ==, "second");
    g_assert_cmpstr (member (before, "label"), ==, f->claim->id);
  }

  /* Restoring a creation deletes; restoring that restore brings it back. */
  g_assert_true (gloss_store_restore_version (f->store, newest_entry (f->store, a->id, "create"), &error));
  g_assert_no_error (error);
  g_assert_null (gloss_store_get_annotation (f->store, a->id, &error));
  g_clear_error (&error);
  g_assert_true (gloss_store_restore_version (f->store, newest_entry (f->store, a->id, "restore"), &error));
  g_assert_no_error (error);
  g_clear_pointer (&now, gloss_annotation_free);
  now = gloss_store_get_annotation (f->store, a->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (now->note, ==, "first");

  /* A field value: restoring its creation clears it. */
  g_assert_true (gloss_store_set_annotation_label (f->store, a->id, f->claim->id, &error));
  g_assert_true (gloss_store_set_field_value (f->store, a->id, "likelihood", "likely", &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) entries = gloss_store_list_history (f->store, a->id, &error);
    gint64 value_entry = 0;

    for (guint i = 0; i < entries->len && value_entry == 0; i++)
      if (g_str_equal (((GlossHistoryEntry *) entries->pdata[i])->table, "field_values"))
        value_entry = ((GlossHistoryEntry *) entries->pdata[i])->id;
    g_assert_cmpint (value_entry, >, 0);
    g_assert_true (gloss_store_restore_version (f->store, value_entry, &error));
    g_assert_no_error (error);
  }
  value = gloss_store_dup_field_value (f->store, a->id, "likelihood", &error);
  g_assert_no_error (error);
  g_assert_null (value);

  /* A version whose label is deleted cannot come back; nothing changes. */
  {
    g_autoptr(GlossLabel) vessel = gloss_store_add_label (f->store, "Vessel", "entity", NULL, NULL, NULL, &error);
    g_autoptr(GlossAnnotation) b = gloss_store_add_annotation (f->store, f->doc->id, vessel->id, 0, 3, NULL, NULL, &error);
    gint64 created;

    g_assert_no_error (error);
    g_assert_true (gloss_store_set_annotation_label (f->store, b->id, f->person->id, &error));
    g_assert_true (gloss_store_delete_label (f->store, vessel->id, &error));
    g_assert_no_error (error);
    created = newest_entry (f->store, b->id, "edit");
    g_assert_false (gloss_store_restore_version (f->store, created, &error));
    g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
    g_clear_error (&error);
    seen = actions (f->store, b->id);
    g_assert_cmpstr (seen, ==, "create annotations, edit annotations");
  }

  g_assert_false (gloss_store_restore_version (f->store, 999999, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND);
}

static void
test_restore_document (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossDocument) doc = NULL;
  g_autoptr(GPtrArray) hits = NULL;

  g_assert_true (gloss_store_set_document_title (f->store, f->doc->id, "Renamed", &error));
  g_assert_true (gloss_store_restore_version (f->store, newest_entry (f->store, f->doc->id, "edit"), &error));
  g_assert_no_error (error);
  doc = gloss_store_get_document (f->store, f->doc->id, &error);
  g_assert_cmpstr (doc->title, ==, "Port");
  g_assert_cmpstr (doc->text, ==, f->doc->text);
  /* The search index follows. */
  hits = gloss_store_search (f->store, "Renamed", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = gloss_store_search (f->store, "Port", 10, &error);
  g_assert_cmpuint (hits->len, ==, 1);

  /* A deleted document comes back by restoring its deletion. */
  g_assert_true (gloss_store_delete_document (f->store, f->doc->id, &error));
  g_assert_true (gloss_store_restore_version (f->store, newest_entry (f->store, f->doc->id, "delete"), &error));
  g_assert_no_error (error);
  g_clear_pointer (&doc, gloss_document_free);
  doc = gloss_store_get_document (f->store, f->doc->id, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GString) report = g_string_new (NULL);
    g_assert_true (gloss_store_check (f->store, report, &error));
    g_assert_cmpstr (report->str, ==, "");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/core/history/annotation", test_annotation_changes);
  ADD ("/core/history/failed-change", test_failed_change_not_recorded);
  ADD ("/core/history/document", test_document_history);
  ADD ("/core/history/document-deletion-versions", test_document_deletion_versions);
  ADD ("/core/history/codebook-entities", test_codebook_and_entities);
  ADD ("/core/history/restore", test_restore);
  ADD ("/core/history/restore-document", test_restore_document);
#undef ADD

  return g_test_run ();
}

/* test-undo.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-undo"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "gloss-entities.h"
#include "gloss-fields.h"
#include "gloss-history.h"
#include "gloss-project.h"
#include "gloss-relations.h"
#include "gloss-session.h"
#include "gloss-store.h"
#include "gloss-undo.h"

typedef struct {
  char            *dir;
  char            *path;
  GlossStore      *store;
  GlossUndoStack  *undo;
  GlossDocument   *document;
  GPtrArray       *labels;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("gloss-test-undo-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "undo.gloss", NULL);
  f->store = gloss_project_create (f->path, "Undo", GLOSS_PROJECT_CREATE_DEFAULT, &error);
  g_assert_no_error (error);
  f->document = gloss_store_add_document (f->store, "Doc", "Alice met Bob in Paris on Monday.",
                                          NULL, "txt", NULL, &error);
  g_assert_no_error (error);
  f->labels = gloss_store_list_labels (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->labels->len, >=, 2);
  f->undo = gloss_undo_stack_new ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

  g_clear_object (&f->undo);
  g_clear_pointer (&f->labels, g_ptr_array_unref);
  g_clear_pointer (&f->document, gloss_document_free);
  gloss_store_close (f->store);
  g_clear_object (&f->store);
  g_unlink (f->path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* Reads one column of the annotation's row straight from the file, through a
 * connection of its own: what is committed, not what a store caches. */
static char *
row_value (Fixture    *f,
           const char *column,
           const char *id)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM annotations a LEFT JOIN labels l ON l.pk = a.label "
                                          "WHERE a.id = ?1", column);
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static GlossAnnotation *
add (Fixture *f,
     guint    label,
     gint64   start,
     gint64   end)
{
  g_autoptr(GError) error = NULL;
  GlossLabel *l = g_ptr_array_index (f->labels, label);
  GlossAnnotation *a = gloss_store_add_annotation (f->store, f->document->id, l->id, start, end,
                                                   NULL, "Tester", &error);

  g_assert_no_error (error);
  gloss_undo_stack_push_create (f->undo, f->document->id, a->id);
  return a;
}

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) a = NULL;
  g_autofree char *deleted = NULL;

  g_assert_false (gloss_undo_stack_get_can_undo (f->undo));
  a = add (f, 0, 0, 5);
  g_assert_true (gloss_undo_stack_get_can_undo (f->undo));
  g_assert_false (gloss_undo_stack_get_can_redo (f->undo));

  g_assert_true (gloss_undo_stack_undo (f->undo, f->store, &error));
  g_assert_no_error (error);
  deleted = row_value (f, "a.deleted", a->id);
  g_assert_cmpstr (deleted, ==, "1");
  g_assert_cmpstr (gloss_undo_stack_get_last_annotation_id (f->undo), ==, a->id);
  g_assert_cmpstr (gloss_undo_stack_get_last_document_id (f->undo), ==, f->document->id);
  g_assert_false (gloss_undo_stack_get_can_undo (f->undo));
  g_assert_true (gloss_undo_stack_get_can_redo (f->undo));

  g_assert_true (gloss_undo_stack_redo (f->undo, f->store, &error));
  g_assert_no_error (error);
  g_free (deleted);
  deleted = row_value (f, "a.deleted", a->id);
  g_assert_cmpstr (deleted, ==, "0");
  g_assert_true (gloss_undo_stack_get_can_undo (f->undo));
  g_assert_false (gloss_undo_stack_get_can_redo (f->undo));
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) a = add (f, 0, 0, 5);
  g_autofree char *v1 = NULL;
  g_autofree char *v2 = NULL;
  g_autofree char *v3 = NULL;

  g_assert_true (gloss_store_delete_annotation (f->store, a->id, &error));
  gloss_undo_stack_push_delete (f->undo, f->document->id, a->id);
  v1 = row_value (f, "a.deleted", a->id);
  g_assert_cmpstr (v1, ==, "1");

  g_assert_true (gloss_undo_stack_undo (f->undo, f->store, &error));
  g_assert_no_error (error);
  v2 = row_value (f, "a.deleted", a->id);
  g_assert_cmpstr (v2, ==, "0");

  g_assert_true (gloss_undo_stack_redo (f->undo, f->store, &error));
  v3 = row_value (f, "a.deleted", a->id);
  g_assert_cmpstr (v3, ==, "1");
}

static void
test_relabel (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) a = add (f, 0, 10, 13);
  GlossLabel *first = g_ptr_array_index (f->labels, 0);
  GlossLabel *second = g_ptr_array_index (f->labels, 1);
  g_autofree char *v1 = NULL;
  g_autofree char *v2 = NULL;
  g_autofree char *v3 = NULL;

  g_assert_true (gloss_store_set_annotation_label (f->store, a->id, second->id, &error));
  gloss_undo_stack_push_relabel (f->undo, f->document->id, a->id, first->id, second->id);
  v1 = row_value (f, "l.id", a->id);
  g_assert_cmpstr (v1, ==, second->id);

  g_assert_true (gloss_undo_stack_undo (f->undo, f->store, &error));
  v2 = row_value (f, "l.id", a->id);
  g_assert_cmpstr (v2, ==, first->id);

  g_assert_true (gloss_undo_stack_redo (f->undo, f->store, &error));
  v3 = row_value (f, "l.id", a->id);
  g_assert_cmpstr (v3, ==, second->id);
}

static void
test_note (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) a = add (f, 0, 10, 13);
  g_autofree char *v1 = NULL;
  g_autofree char *v2 = NULL;
  g_autofree char *v3 = NULL;
  g_autofree char *v4 = NULL;

  g_assert_true (gloss_store_set_annotation_note (f->store, a->id, "first", &error));
  gloss_undo_stack_push_note (f->undo, f->document->id, a->id, NULL, "first");
  g_assert_true (gloss_store_set_annotation_note (f->store, a->id, "second", &error));
  gloss_undo_stack_push_note (f->undo, f->document->id, a->id, "first", "second");
  v1 = row_value (f, "a.note", a->id);
  g_assert_cmpstr (v1, ==, "second");

  g_assert_true (gloss_undo_stack_undo (f->undo, f->store, &error));
  v2 = row_value (f, "a.note", a->id);
  g_assert_cmpstr (v2, ==, "first");
  g_assert_true (gloss_undo_stack_undo (f->undo, f->store, &error));
  v3 = row_value (f, "a.note", a->id);
  g_assert_null (v3);

  g_assert_true (gloss_undo_stack_redo (f->undo, f->store, &error));
  v4 = row_value (f, "a.note", a->id);
  g_assert_cmpstr (v4, ==, "first");
}

/* Issue 15: a span's edges move (Shift+Alt+arrows in the reading view); the quote and
 * context follow the text, the change is in the history, undo and redo move the edges
 * back and forth, and a span that would be empty or leave the text is refused. */
static void
test_span (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossSession) session = gloss_session_new (f->store, f->undo);
  g_autoptr(GlossAnnotation) a = add (f, 0, 10, 13);   /* "Bob" */
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *q1 = NULL;
  g_autofree char *q2 = NULL;
  g_autofree char *q3 = NULL;
  g_autofree char *q4 = NULL;
  g_autofree char *s1 = NULL;
  g_autofree char *e1 = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *suffix = NULL;

  /* "Alice met Bob in Paris on Monday.": Bob in Paris = [10, 22). */
  g_assert_true (gloss_session_resize_annotation (session, a->id, 10, 22, &error));
  g_assert_no_error (error);
  q1 = row_value (f, "a.quote", a->id);
  g_assert_cmpstr (q1, ==, "Bob in Paris");
  e1 = row_value (f, "a.span_end", a->id);
  g_assert_cmpstr (e1, ==, "22");
  suffix = row_value (f, "a.suffix", a->id);
  g_assert_cmpstr (suffix, ==, " on Monday.");
  /* The start moves too: "met Bob in Paris". */
  g_assert_true (gloss_session_resize_annotation (session, a->id, 6, 22, &error));
  q2 = row_value (f, "a.quote", a->id);
  g_assert_cmpstr (q2, ==, "met Bob in Paris");
  prefix = row_value (f, "a.prefix", a->id);
  g_assert_cmpstr (prefix, ==, "Alice ");

  /* Empty, reversed and past-the-end spans change nothing. */
  g_assert_false (gloss_session_resize_annotation (session, a->id, 8, 8, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (gloss_session_resize_annotation (session, a->id, 12, 9, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (gloss_session_resize_annotation (session, a->id, 6, 34, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "33 characters"));
  g_clear_error (&error);
  g_assert_false (gloss_session_resize_annotation (session, "no-such-id", 0, 3, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  q3 = row_value (f, "a.quote", a->id);
  g_assert_cmpstr (q3, ==, "met Bob in Paris");

  /* Both moves are in the history, with the row before each. */
  history = gloss_store_list_history (f->store, a->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 3);   /* create, two edits */

  g_assert_true (gloss_undo_stack_undo (f->undo, f->store, &error));
  g_assert_no_error (error);
  g_assert_true (gloss_undo_stack_undo (f->undo, f->store, &error));
  q4 = row_value (f, "a.quote", a->id);
  g_assert_cmpstr (q4, ==, "Bob");
  s1 = row_value (f, "a.span_start", a->id);
  g_assert_cmpstr (s1, ==, "10");
  g_assert_true (gloss_undo_stack_redo (f->undo, f->store, &error));
  g_free (q4);
  q4 = row_value (f, "a.quote", a->id);
  g_assert_cmpstr (q4, ==, "Bob in Paris");
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_redo_cleared (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) a = add (f, 0, 0, 5);
  g_autoptr(GlossAnnotation) b = NULL;
  guint redo_notifies = 0;

  g_signal_connect (f->undo, "notify::can-redo", G_CALLBACK (notify_cb), &redo_notifies);
  g_assert_true (gloss_undo_stack_undo (f->undo, f->store, &error));
  g_assert_true (gloss_undo_stack_get_can_redo (f->undo));
  g_assert_cmpuint (redo_notifies, ==, 1);

  b = add (f, 1, 10, 13);
  g_assert_false (gloss_undo_stack_get_can_redo (f->undo));
  g_assert_cmpuint (redo_notifies, ==, 2);
  g_assert_false (gloss_undo_stack_redo (f->undo, f->store, &error));
  g_assert_nonnull (error);
}

/* A step the store refuses is dropped, so older steps stay reachable. */
static void
test_failed_step_dropped (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) a = add (f, 0, 0, 5);
  g_autoptr(GlossAnnotation) b = add (f, 1, 10, 13);
  g_autofree char *v = NULL;

  /* Someone else deleted b already: undoing its creation fails. */
  g_assert_true (gloss_store_delete_annotation (f->store, b->id, &error));
  g_assert_false (gloss_undo_stack_undo (f->undo, f->store, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (gloss_undo_stack_undo (f->undo, f->store, &error));
  g_assert_no_error (error);
  v = row_value (f, "a.deleted", a->id);
  g_assert_cmpstr (v, ==, "1");
}

/* A field value: undo puts back the value before (none at first), redo the new one. */
static void
test_field (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) claim = add (f, 3, 0, 33);
  g_autoptr(GlossField) likelihood = NULL;
  g_autofree char *v1 = NULL;
  g_autofree char *v2 = NULL;
  g_autofree char *v3 = NULL;
  g_autofree char *v4 = NULL;

  likelihood = gloss_store_find_field (f->store, claim->label_id, "likelihood", &error);
  g_assert_no_error (error);
  g_assert_true (gloss_store_set_field_value (f->store, claim->id, likelihood->id, "likely", &error));
  gloss_undo_stack_push_field (f->undo, f->document->id, claim->id, likelihood->id, NULL, "likely");
  g_assert_true (gloss_store_set_field_value (f->store, claim->id, likelihood->id, "very likely", &error));
  gloss_undo_stack_push_field (f->undo, f->document->id, claim->id, likelihood->id, "likely", "very likely");

  g_assert_true (gloss_undo_stack_undo (f->undo, f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gloss_undo_stack_get_last_kind (f->undo), ==, GLOSS_UNDO_FIELD);
  g_assert_cmpstr (gloss_undo_stack_get_last_annotation_id (f->undo), ==, claim->id);
  v1 = gloss_store_dup_field_value (f->store, claim->id, "likelihood", &error);
  g_assert_cmpstr (v1, ==, "likely");
  g_assert_true (gloss_undo_stack_undo (f->undo, f->store, &error));
  v2 = gloss_store_dup_field_value (f->store, claim->id, "likelihood", &error);
  g_assert_no_error (error);
  g_assert_null (v2);

  g_assert_true (gloss_undo_stack_redo (f->undo, f->store, &error));
  g_assert_true (gloss_undo_stack_redo (f->undo, f->store, &error));
  v3 = gloss_store_dup_field_value (f->store, claim->id, "likelihood", &error);
  g_assert_cmpstr (v3, ==, "very likely");

  /* The core still checks the value an undo writes: a field deleted meanwhile
   * makes the step fail with the core's error, not a silent success. */
  g_assert_true (gloss_store_delete_field (f->store, likelihood->id, &error));
  g_assert_false (gloss_undo_stack_undo (f->undo, f->store, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  v4 = gloss_store_dup_field_value (f->store, claim->id, "confidence", &error);
  g_assert_no_error (error);
  g_assert_null (v4);
}

/* Relinking a mention to another entity and back. */
static void
test_entity (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) mention = add (f, 0, 0, 5);
  GlossLabel *person = g_ptr_array_index (f->labels, 0);
  g_autoptr(GlossEntity) alice = NULL;
  g_autoptr(GlossEntity) other = NULL;
  g_autofree char *v1 = NULL;
  g_autofree char *v2 = NULL;
  g_autofree char *v3 = NULL;

  alice = gloss_store_add_entity (f->store, "Alice Martin", person->id, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  other = gloss_store_add_entity (f->store, "Alice Moreau", person->id, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_store_set_annotation_entity (f->store, mention->id, alice->id, &error));
  gloss_undo_stack_push_entity (f->undo, f->document->id, mention->id, NULL, alice->id);
  g_assert_true (gloss_store_set_annotation_entity (f->store, mention->id, other->id, &error));
  gloss_undo_stack_push_entity (f->undo, f->document->id, mention->id, alice->id, other->id);

  g_assert_true (gloss_undo_stack_undo (f->undo, f->store, &error));
  g_assert_no_error (error);
  v1 = row_value (f, "(SELECT id FROM entities e WHERE e.pk = a.entity)", mention->id);
  g_assert_cmpstr (v1, ==, alice->id);
  g_assert_true (gloss_undo_stack_undo (f->undo, f->store, &error));
  v2 = row_value (f, "a.entity", mention->id);
  g_assert_null (v2);
  g_assert_true (gloss_undo_stack_redo (f->undo, f->store, &error));
  v3 = row_value (f, "(SELECT id FROM entities e WHERE e.pk = a.entity)", mention->id);
  g_assert_cmpstr (v3, ==, alice->id);
}

static guint
count_relations (Fixture    *f,
                 const char *annotation_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) relations = gloss_store_list_relations (f->store, annotation_id, &error);

  g_assert_no_error (error);
  return relations->len;
}

/* Adding and deleting a link, undone and redone. */
static void
test_link (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) claim = add (f, 3, 10, 33);
  g_autoptr(GlossAnnotation) person = add (f, 0, 0, 5);
  g_autoptr(GlossRelationType) type = NULL;
  g_autoptr(GlossRelation) relation = NULL;

  type = gloss_store_find_relation_type (f->store, "attributed to", &error);
  g_assert_no_error (error);
  relation = gloss_store_add_relation (f->store, type->id, claim->id, person->id, "Tester", &error);
  g_assert_no_error (error);
  gloss_undo_stack_push_link (f->undo, f->document->id, claim->id, relation->id);
  g_assert_cmpuint (count_relations (f, person->id), ==, 1);

  g_assert_true (gloss_undo_stack_undo (f->undo, f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gloss_undo_stack_get_last_kind (f->undo), ==, GLOSS_UNDO_LINK);
  g_assert_cmpuint (count_relations (f, claim->id), ==, 0);
  g_assert_true (gloss_undo_stack_redo (f->undo, f->store, &error));
  g_assert_cmpuint (count_relations (f, claim->id), ==, 1);

  g_assert_true (gloss_store_delete_relation (f->store, relation->id, &error));
  gloss_undo_stack_push_unlink (f->undo, f->document->id, person->id, relation->id);
  g_assert_cmpuint (count_relations (f, claim->id), ==, 0);
  g_assert_true (gloss_undo_stack_undo (f->undo, f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_relations (f, claim->id), ==, 1);
  g_assert_cmpstr (gloss_undo_stack_get_last_annotation_id (f->undo), ==, person->id);
  g_assert_true (gloss_undo_stack_redo (f->undo, f->store, &error));
  g_assert_cmpuint (count_relations (f, person->id), ==, 0);
}

/* A merge, undone, redone and undone again: the other entity comes back with its
 * mention each time. */
static void
test_merge (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) first = add (f, 0, 0, 5);
  g_autoptr(GlossAnnotation) second = NULL;
  GlossLabel *person = g_ptr_array_index (f->labels, 0);
  g_autoptr(GlossEntity) alice = NULL;
  g_autoptr(GlossEntity) other = NULL;
  g_autoptr(GlossEntity) kept = NULL;
  GlossEntityMerge *merge;
  g_autofree char *v1 = NULL;
  g_autofree char *v2 = NULL;
  g_autofree char *v3 = NULL;
  g_autofree char *v4 = NULL;
  g_autofree char *v5 = NULL;
  g_autoptr(GPtrArray) live = NULL;

  second = gloss_store_add_annotation (f->store, f->document->id, person->id, 10, 13, NULL, "Tester", &error);
  g_assert_no_error (error);
  alice = gloss_store_add_entity (f->store, "Alice Martin", person->id, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  other = gloss_store_add_entity (f->store, "A. Martin", person->id, NULL, "The other", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_store_set_annotation_entity (f->store, first->id, alice->id, &error));
  g_assert_true (gloss_store_set_annotation_entity (f->store, second->id, other->id, &error));
  g_assert_no_error (error);

  merge = gloss_store_merge_entities (f->store, alice->id, other->id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (merge);
  gloss_undo_stack_push_merge (f->undo, merge);
  v1 = row_value (f, "(SELECT id FROM entities e WHERE e.pk = a.entity)", second->id);
  g_assert_cmpstr (v1, ==, alice->id);

  /* The create step below the merge stays where it was. */
  g_assert_true (gloss_undo_stack_undo (f->undo, f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gloss_undo_stack_get_last_kind (f->undo), ==, GLOSS_UNDO_MERGE);
  g_assert_null (gloss_undo_stack_get_last_annotation_id (f->undo));
  g_assert_null (gloss_undo_stack_get_last_document_id (f->undo));
  v2 = row_value (f, "(SELECT id FROM entities e WHERE e.pk = a.entity)", second->id);
  g_assert_cmpstr (v2, ==, other->id);
  live = gloss_store_list_entities (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (live->len, ==, 2);
  kept = gloss_store_get_entity (f->store, alice->id, &error);
  g_assert_no_error (error);
  g_assert_true (kept->aliases == NULL || kept->aliases[0] == NULL);
  g_assert_true (gloss_undo_stack_get_can_undo (f->undo));
  g_assert_true (gloss_undo_stack_get_can_redo (f->undo));

  /* Redo merges again; the next undo uses that merge's record. */
  g_assert_true (gloss_undo_stack_redo (f->undo, f->store, &error));
  g_assert_no_error (error);
  v3 = row_value (f, "(SELECT id FROM entities e WHERE e.pk = a.entity)", second->id);
  g_assert_cmpstr (v3, ==, alice->id);
  g_clear_pointer (&kept, gloss_entity_free);
  kept = gloss_store_get_entity (f->store, alice->id, &error);
  g_assert_true (kept->aliases != NULL && g_strv_contains ((const char * const *) kept->aliases, "A. Martin"));
  g_assert_cmpstr (kept->description, ==, "The other");
  g_assert_true (gloss_undo_stack_undo (f->undo, f->store, &error));
  g_assert_no_error (error);
  v4 = row_value (f, "(SELECT id FROM entities e WHERE e.pk = a.entity)", second->id);
  g_assert_cmpstr (v4, ==, other->id);
  g_clear_pointer (&kept, gloss_entity_free);
  kept = gloss_store_get_entity (f->store, alice->id, &error);
  g_assert_true (kept->description == NULL || kept->description[0] == '\0');
  v5 = row_value (f, "(SELECT id FROM entities e WHERE e.pk = a.entity)", first->id);
  g_assert_cmpstr (v5, ==, alice->id);

  /* Then the create step under it. */
  g_assert_true (gloss_undo_stack_undo (f->undo, f->store, &error));
  g_assert_cmpint (gloss_undo_stack_get_last_kind (f->undo), ==, GLOSS_UNDO_CREATE);
  g_assert_false (gloss_undo_stack_get_can_undo (f->undo));
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* Annotations created together go and come back together, each way in one
 * transaction: when one of them cannot follow, none moves. */
static void
test_create_many (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GlossLabel *label = g_ptr_array_index (f->labels, 0);
  g_autoptr(GlossAnnotation) a = NULL;
  g_autoptr(GlossAnnotation) b = NULL;
  g_autoptr(GlossAnnotation) c = NULL;
  const char *ids[4];
  guint notified = 0;

  a = gloss_store_add_annotation (f->store, f->document->id, label->id, 0, 5, NULL, "Tester", &error);
  b = gloss_store_add_annotation (f->store, f->document->id, label->id, 10, 13, NULL, "Tester", &error);
  c = gloss_store_add_annotation (f->store, f->document->id, label->id, 17, 22, NULL, "Tester", &error);
  g_assert_no_error (error);
  ids[0] = a->id;
  ids[1] = b->id;
  ids[2] = c->id;
  ids[3] = NULL;
  g_signal_connect (f->undo, "notify::can-undo", G_CALLBACK (count_notify_cb), &notified);
  gloss_undo_stack_push_create_many (f->undo, f->document->id, ids);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (gloss_undo_stack_get_can_undo (f->undo));

  /* Undo, redo, undo, redo. */
  for (guint round = 0; round < 4; round++)
    {
      if (round % 2 == 0)
        g_assert_true (gloss_undo_stack_undo (f->undo, f->store, &error));
      else
        g_assert_true (gloss_undo_stack_redo (f->undo, f->store, &error));
      g_assert_no_error (error);
      g_assert_cmpint (gloss_undo_stack_get_last_kind (f->undo), ==, GLOSS_UNDO_CREATE_MANY);
      g_assert_cmpstr (gloss_undo_stack_get_last_document_id (f->undo), ==, f->document->id);
      g_assert_null (gloss_undo_stack_get_last_annotation_id (f->undo));
      for (guint i = 0; i < 3; i++)
        {
          g_autofree char *deleted = row_value (f, "a.deleted", ids[i]);

          /* Undo (even rounds) tombstones all three, redo brings all three back. */
          g_assert_cmpstr (deleted, ==, round % 2 == 0 ? "1" : "0");
        }
    }

  /* One of them deleted on its own since: undoing the batch is refused whole, and
   * the step is dropped. */
  g_assert_true (gloss_store_delete_annotation (f->store, b->id, &error));
  g_assert_no_error (error);
  g_assert_false (gloss_undo_stack_undo (f->undo, f->store, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  {
    g_autofree char *da = row_value (f, "a.deleted", a->id);
    g_autofree char *dc = row_value (f, "a.deleted", c->id);

    g_assert_cmpstr (da, ==, "0");
    g_assert_cmpstr (dc, ==, "0");
  }
  g_assert_false (gloss_undo_stack_get_can_undo (f->undo));
  g_assert_false (gloss_undo_stack_get_can_redo (f->undo));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/core/undo/create", Fixture, NULL, fixture_setup, test_create, fixture_teardown);
  g_test_add ("/core/undo/delete", Fixture, NULL, fixture_setup, test_delete, fixture_teardown);
  g_test_add ("/core/undo/relabel", Fixture, NULL, fixture_setup, test_relabel, fixture_teardown);
  g_test_add ("/core/undo/note", Fixture, NULL, fixture_setup, test_note, fixture_teardown);
  g_test_add ("/core/undo/span", Fixture, NULL, fixture_setup, test_span, fixture_teardown);
  g_test_add ("/core/undo/field", Fixture, NULL, fixture_setup, test_field, fixture_teardown);
  g_test_add ("/core/undo/entity", Fixture, NULL, fixture_setup, test_entity, fixture_teardown);
  g_test_add ("/core/undo/link", Fixture, NULL, fixture_setup, test_link, fixture_teardown);
  g_test_add ("/core/undo/merge", Fixture, NULL, fixture_setup, test_merge, fixture_teardown);
  g_test_add ("/core/undo/create-many", Fixture, NULL, fixture_setup, test_create_many, fixture_teardown);
  g_test_add ("/core/undo/redo-cleared", Fixture, NULL, fixture_setup, test_redo_cleared, fixture_teardown);
  g_test_add ("/core/undo/failed-step-dropped", Fixture, NULL, fixture_setup, test_failed_step_dropped, fixture_teardown);

  return g_test_run ();
}

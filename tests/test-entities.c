/* test-entities.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The entity register (matching, merge and its undo, annotate all mentions),
 * relations between annotations, and the JSON round trip of all of it.
 */
#define G_LOG_DOMAIN "test-entities"

#include <string.h>
#include <glib/gstdio.h>

#include <sqlite3.h>

#include "gloss-entities.h"
#include "gloss-util.h"
#include "gloss-matcher.h"
#include "gloss-session.h"
#include "gloss-undo.h"
#include "gloss-fields.h"
#include "gloss-graph.h"
#include "gloss-history.h"
#include "gloss-json.h"
#include "gloss-project.h"
#include "gloss-relations.h"
#include "gloss-session.h"
#include "gloss-store.h"
#include "gloss-store-private.h"
#include "gloss-undo.h"
#include "test-files.h"

typedef struct {
  char          *dir;
  GlossStore    *store;
  GlossDocument *doc;
  GlossDocument *doc2;
  GlossLabel    *person;
  GlossLabel    *org;
  GlossLabel    *claim;
  GlossLabel    *risk;
} Fixture;

static const char text1[] =
  "Zoë Łukasiewicz of the U.S. Navy said the cranes are unsafe. Later ZOE ŁUKASIEWICZ repeated it; "
  "Zoëtrope is a toy. The US-Navy denied it.";
static const char text2[] = "In the capital, Zoë Łukasiewicz met the minister.";

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("gloss-test-entities-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "p.gloss", NULL);
  f->store = gloss_project_create (path, "Desk", 0, &error);
  g_assert_no_error (error);
  f->doc = gloss_store_add_document (f->store, "One", text1, NULL, "txt", NULL, &error);
  f->doc2 = gloss_store_add_document (f->store, "Two", text2, NULL, "txt", NULL, &error);
  f->person = gloss_store_find_label_by_name (f->store, "Person", &error);
  f->org = gloss_store_find_label_by_name (f->store, "Organization", &error);
  f->claim = gloss_store_find_label_by_name (f->store, "Claim", &error);
  f->risk = gloss_store_find_label_by_name (f->store, "Risk", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  gloss_document_free (f->doc);
  gloss_document_free (f->doc2);
  gloss_label_free (f->person);
  gloss_label_free (f->org);
  gloss_label_free (f->claim);
  gloss_label_free (f->risk);
  test_remove_tree (f->dir);
  g_free (f->dir);
}

static GlossAnnotation *
annotate (Fixture *f, const GlossDocument *doc, const GlossLabel *label, const char *quote)
{
  g_autoptr(GError) error = NULL;
  const char *at = strstr (doc->text, quote);
  gint64 start, end;
  GlossAnnotation *a;

  g_assert_nonnull (at);
  start = g_utf8_pointer_to_offset (doc->text, at);
  end = start + g_utf8_strlen (quote, -1);
  a = gloss_store_add_annotation (f->store, doc->id, label->id, start, end, NULL, "Ana", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a->quote, ==, quote);
  return a;
}

static void
assert_consistent (GlossStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new (NULL);

  g_assert_true (gloss_store_check (store, report, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (report->str, ==, "");
}

/* ------------------------------------------------------------------------- */

static void
test_match (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *aliases[] = { "USN", "", "u.s. navy", NULL };
  g_autoptr(GlossEntity) navy = gloss_store_add_entity (f->store, " U.S. Navy ", f->org->id, aliases,
                                                        "Naval service of the United States", "Q11220", &error);
  g_autoptr(GlossEntity) found = NULL;
  g_autoptr(GlossAnnotation) mention = NULL;
  g_autofree char *key = gloss_entity_match_key ("Zoë  Łukasiewicz-Smith!");

  g_assert_no_error (error);
  g_assert_cmpstr (navy->name, ==, "U.S. Navy");
  /* Empty aliases and ones that match the name are dropped. */
  g_assert_cmpuint (g_strv_length (navy->aliases), ==, 1);
  g_assert_cmpstr (navy->aliases[0], ==, "USN");
  g_assert_cmpstr (key, ==, "zoełukasiewiczsmith");
  /* What a new name is checked with agrees with the key itself. */
  {
    const char *samples[] = { "", "  ", "...", "\u2014", "a", " U.S. ", "Zo\u00eb", "\u00eb", "\u0661\u0662",
                              "\u0301", "ab\xff", "\xff", "\u216b", "\u2460", "_-_", "\u00a0", "\U0001F600" };

    for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
      {
        g_autofree char *k = gloss_match_key (samples[i]);

        g_assert_cmpint (gloss_match_key_is_empty (samples[i]), ==, *k == '\0');
      }
    g_assert_true (gloss_match_key_is_empty (NULL));
    g_assert_false (gloss_match_key_is_empty ("\u216b"));
    g_assert_true (gloss_match_key_is_empty ("x\xff"));
  }

  found = gloss_store_find_entity (f->store, "us navy", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->id, ==, navy->id);
  g_clear_pointer (&found, gloss_entity_free);
  found = gloss_store_find_entity (f->store, "US-NAVY!", f->org->id, &error);
  g_assert_cmpstr (found->id, ==, navy->id);
  g_clear_pointer (&found, gloss_entity_free);
  found = gloss_store_find_entity (f->store, "u.s.n.", NULL, &error);
  g_assert_cmpstr (found->id, ==, navy->id);
  g_clear_pointer (&found, gloss_entity_free);
  g_assert_null (gloss_store_find_entity (f->store, "US Navy", f->person->id, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The same name twice in one type is refused; entity types are entity labels. */
  g_assert_null (gloss_store_add_entity (f->store, "US navy", f->org->id, NULL, NULL, NULL, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_null (gloss_store_add_entity (f->store, "Cranes", f->claim->id, NULL, NULL, NULL, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "“Claim” is a claim label, not an entity type.");
  g_clear_error (&error);

  /* A mention must have the entity's type as its label. */
  mention = annotate (f, f->doc, f->person, "Zoë Łukasiewicz");
  g_assert_false (gloss_store_set_annotation_entity (f->store, mention->id, navy->id, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Rename and aliases. */
  g_assert_true (gloss_store_rename_entity (f->store, navy->id, "United States Navy", &error));
  g_assert_no_error (error);
  {
    const char *more[] = { "U.S. Navy", "USN", NULL };
    g_autoptr(GlossEntity) got = NULL;

    g_assert_true (gloss_store_set_entity_aliases (f->store, navy->id, more, &error));
    got = gloss_store_get_entity (f->store, navy->id, &error);
    g_assert_cmpstr (got->name, ==, "United States Navy");
    g_assert_cmpuint (g_strv_length (got->aliases), ==, 2);
    g_assert_cmpstr (got->external_ref, ==, "Q11220");
  }
  assert_consistent (f->store);
}

/* Issue 15: the register edits an entity (name, aliases, description, external
 * reference) and deletes one nothing mentions, each undoable; one still mentioned is
 * refused with the count, and nothing changes. */
static void
test_edit_delete_undo (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossUndoStack) undo = gloss_undo_stack_new ();
  g_autoptr(GlossSession) session = gloss_session_new (f->store, undo);
  g_autoptr(GlossEntity) zoe = gloss_store_add_entity (f->store, "Zoë Łukasiewicz", f->person->id, NULL, NULL, NULL, &error);
  g_autoptr(GlossEntity) stray = gloss_store_add_entity (f->store, "Brandt", f->person->id, NULL, NULL, NULL, &error);
  g_autoptr(GlossAnnotation) m1 = annotate (f, f->doc, f->person, "Zoë Łukasiewicz");
  g_autoptr(GlossEntity) edited = NULL;
  g_autoptr(GlossEntity) got = NULL;
  const char *aliases[] = { "Z. Łukasiewicz", NULL };

  g_assert_no_error (error);
  g_assert_true (gloss_store_set_annotation_entity (f->store, m1->id, zoe->id, &error));

  edited = gloss_entity_copy (zoe);
  g_free (edited->name);
  edited->name = g_strdup ("Zoë Łukasiewicz-Kell");
  g_strfreev (edited->aliases);
  edited->aliases = g_strdupv ((char **) aliases);
  edited->description = g_strdup ("Union secretary");
  edited->external_ref = g_strdup ("https://www.wikidata.org/wiki/Q42");
  g_assert_true (gloss_session_edit_entity (session, edited, &error));
  g_assert_no_error (error);
  got = gloss_store_get_entity (f->store, zoe->id, &error);
  g_assert_cmpstr (got->name, ==, "Zoë Łukasiewicz-Kell");
  g_assert_cmpstr (got->aliases[0], ==, "Z. Łukasiewicz");
  g_assert_cmpstr (got->description, ==, "Union secretary");
  g_assert_cmpstr (got->external_ref, ==, "https://www.wikidata.org/wiki/Q42");
  g_clear_pointer (&got, gloss_entity_free);

  /* Still mentioned: refused, nothing changes, nothing to undo for it. */
  g_assert_false (gloss_session_delete_entity (session, zoe->id, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_IN_USE);
  g_assert_nonnull (strstr (error->message, "1 annotation"));
  g_clear_error (&error);

  /* Nothing mentions "Brandt": deleted, and undo brings it back. */
  g_assert_true (gloss_session_delete_entity (session, stray->id, &error));
  g_assert_no_error (error);
  g_assert_null (gloss_store_get_entity (f->store, stray->id, NULL));
  g_assert_true (gloss_undo_stack_undo (undo, f->store, &error));
  g_assert_no_error (error);
  got = gloss_store_get_entity (f->store, stray->id, &error);
  g_assert_nonnull (got);
  g_assert_cmpstr (got->name, ==, "Brandt");
  g_clear_pointer (&got, gloss_entity_free);

  /* Undo of the edit: everything as before; redo: as edited. */
  g_assert_true (gloss_undo_stack_undo (undo, f->store, &error));
  g_assert_no_error (error);
  got = gloss_store_get_entity (f->store, zoe->id, &error);
  g_assert_cmpstr (got->name, ==, "Zoë Łukasiewicz");
  g_assert_null (got->aliases[0]);
  g_assert_null (got->description);
  g_assert_null (got->external_ref);
  g_clear_pointer (&got, gloss_entity_free);
  g_assert_true (gloss_undo_stack_redo (undo, f->store, &error));
  got = gloss_store_get_entity (f->store, zoe->id, &error);
  g_assert_cmpstr (got->description, ==, "Union secretary");
  g_assert_true (gloss_store_check (f->store, NULL, &error));
  g_assert_no_error (error);
}

static void
test_merge_and_undo (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossEntity) keep = gloss_store_add_entity (f->store, "Zoë Łukasiewicz", f->person->id, NULL, NULL, NULL, &error);
  const char *other_aliases[] = { "Z. L.", NULL };
  g_autoptr(GlossEntity) other = gloss_store_add_entity (f->store, "Zoe Lukasiewicz-Kell", f->person->id, other_aliases,
                                                         "Union secretary", "Q1", &error);
  g_autoptr(GlossAnnotation) m1 = annotate (f, f->doc, f->person, "Zoë Łukasiewicz");
  g_autoptr(GlossAnnotation) m2 = annotate (f, f->doc, f->person, "ZOE ŁUKASIEWICZ");
  g_autoptr(GlossAnnotation) m3 = annotate (f, f->doc2, f->person, "Zoë Łukasiewicz");
  g_autoptr(GlossAnnotation) claim = annotate (f, f->doc, f->claim, "the cranes are unsafe");
  g_autoptr(GlossEntityMerge) merge = NULL;
  g_autoptr(GlossEntity) merged = NULL;
  g_autoptr(GlossEntity) back = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GlossAnnotation) got = NULL;
  g_autofree char *speaker = NULL;

  g_assert_no_error (error);
  g_assert_true (gloss_store_set_annotation_entity (f->store, m1->id, keep->id, &error));
  g_assert_true (gloss_store_set_annotation_entity (f->store, m2->id, other->id, &error));
  g_assert_true (gloss_store_set_annotation_entity (f->store, m3->id, other->id, &error));
  g_assert_true (gloss_store_set_field_value (f->store, claim->id, "speaker", other->id, &error));
  g_assert_no_error (error);

  /* Entities of different types do not merge; nor does one with itself. */
  {
    g_autoptr(GlossEntity) union_ = gloss_store_add_entity (f->store, "Dockworkers", f->org->id, NULL, NULL, NULL, &error);
    g_assert_null (gloss_store_merge_entities (f->store, keep->id, union_->id, &error));
    g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_null (gloss_store_merge_entities (f->store, keep->id, keep->id, &error));
    g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }

  merge = gloss_store_merge_entities (f->store, keep->id, other->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (merge->annotation_ids), ==, 2);
  g_assert_cmpuint (g_strv_length (merge->value_annotation_ids), ==, 1);

  /* Every mention and the speaker follow; the other's names become aliases. */
  merged = gloss_store_get_entity (f->store, keep->id, &error);
  g_assert_cmpint (merged->n_mentions, ==, 3);
  g_assert_cmpint (merged->n_documents, ==, 2);
  g_assert_cmpuint (g_strv_length (merged->aliases), ==, 2);
  g_assert_cmpstr (merged->aliases[0], ==, "Zoe Lukasiewicz-Kell");
  g_assert_cmpstr (merged->aliases[1], ==, "Z. L.");
  g_assert_cmpstr (merged->description, ==, "Union secretary");
  g_assert_null (gloss_store_get_entity (f->store, other->id, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  got = gloss_store_get_annotation (f->store, m3->id, &error);
  g_assert_cmpstr (got->entity_id, ==, keep->id);
  g_clear_pointer (&got, gloss_annotation_free);
  speaker = gloss_store_dup_field_value (f->store, claim->id, "speaker", &error);
  g_assert_cmpstr (speaker, ==, keep->id);
  g_clear_pointer (&speaker, g_free);
  list = gloss_store_list_entities (f->store, f->person->id, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  assert_consistent (f->store);

  /* Undo: everything as it was. */
  g_assert_true (gloss_store_unmerge_entities (f->store, merge, &error));
  g_assert_no_error (error);
  back = gloss_store_get_entity (f->store, other->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->n_mentions, ==, 2);
  g_assert_cmpstr (back->aliases[0], ==, "Z. L.");
  g_clear_pointer (&merged, gloss_entity_free);
  merged = gloss_store_get_entity (f->store, keep->id, &error);
  g_assert_cmpint (merged->n_mentions, ==, 1);
  g_assert_cmpuint (g_strv_length (merged->aliases), ==, 0);
  g_assert_null (merged->description);
  got = gloss_store_get_annotation (f->store, m2->id, &error);
  g_assert_cmpstr (got->entity_id, ==, other->id);
  speaker = gloss_store_dup_field_value (f->store, claim->id, "speaker", &error);
  g_assert_cmpstr (speaker, ==, other->id);
  list = gloss_store_list_mentions (f->store, other->id, &error);
  g_assert_cmpuint (list->len, ==, 2);
  assert_consistent (f->store);

  /* An entity with mentions cannot be deleted. */
  g_assert_false (gloss_store_delete_entity (f->store, other->id, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_IN_USE);
}

static void
test_annotate_mentions (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *aliases[] = { "Zoe", NULL };
  g_autoptr(GlossEntity) zoe = gloss_store_add_entity (f->store, "Zoë Łukasiewicz", f->person->id, aliases, NULL, NULL, &error);
  g_autoptr(GlossAnnotation) done = annotate (f, f->doc2, f->person, "Zoë Łukasiewicz");
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) in_one = NULL;
  g_autoptr(GPtrArray) created = NULL;
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(GlossEntity) after = NULL;

  g_assert_no_error (error);
  /* Whole words, any case; "Zoëtrope" is not a mention, and the longer name wins
   * over the alias inside it; the one already annotated is left out. */
  found = gloss_store_find_unannotated_mentions (f->store, zoe->id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpstr (((GlossMention *) found->pdata[0])->quote, ==, "Zoë Łukasiewicz");
  g_assert_cmpint (((GlossMention *) found->pdata[0])->start, ==, 0);
  g_assert_cmpstr (((GlossMention *) found->pdata[1])->quote, ==, "ZOE ŁUKASIEWICZ");
  g_assert_cmpstr (((GlossMention *) found->pdata[1])->document_id, ==, f->doc->id);
  in_one = gloss_store_find_unannotated_mentions (f->store, zoe->id, f->doc2->id, &error);
  g_assert_cmpuint (in_one->len, ==, 0);

  /* All or nothing (the batch takes no savepoint per annotation): a stale mention
   * after a good one leaves neither. */
  {
    g_autoptr(GPtrArray) mixed = g_ptr_array_new ();
    GlossMention stale = { 0 };
    g_autoptr(GPtrArray) before = gloss_store_list_annotations (f->store, NULL, &error);
    g_autoptr(GPtrArray) after_mixed = NULL;

    stale.document_id = f->doc->id;
    stale.start = 1;
    stale.end = 4;
    stale.quote = (char *) "Zoe";
    g_ptr_array_add (mixed, found->pdata[0]);
    g_ptr_array_add (mixed, &stale);
    g_assert_null (gloss_store_annotate_mentions (f->store, zoe->id, mixed, "Ana", &error));
    g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
    g_clear_error (&error);
    after_mixed = gloss_store_list_annotations (f->store, NULL, &error);
    g_assert_cmpuint (after_mixed->len, ==, before->len);
  }

  /* Accept them all in one transaction: each row written linked, one history entry
   * each. */
  created = gloss_store_annotate_mentions (f->store, zoe->id, found, "Ana", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (created->len, ==, 2);
  g_assert_cmpstr (((GlossAnnotation *) created->pdata[1])->entity_id, ==, zoe->id);
  for (guint i = 0; i < created->len; i++)
    {
      GlossAnnotation *a = created->pdata[i];
      g_autoptr(GlossAnnotation) stored = gloss_store_get_annotation (f->store, a->id, &error);
      g_autoptr(GPtrArray) history = gloss_store_list_history (f->store, a->id, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (stored->entity_id, ==, zoe->id);
      g_assert_cmpuint (history->len, ==, 1);
    }
  left = gloss_store_find_unannotated_mentions (f->store, zoe->id, NULL, &error);
  g_assert_cmpuint (left->len, ==, 0);
  after = gloss_store_get_entity (f->store, zoe->id, &error);
  g_assert_cmpint (after->n_mentions, ==, 2);

  /* A stale mention (its text changed place) is refused and nothing is created. */
  {
    g_autoptr(GPtrArray) stale = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_mention_free);
    GlossMention *m = g_new0 (GlossMention, 1);
    g_autoptr(GPtrArray) annotations = NULL;

    m->document_id = g_strdup (f->doc->id);
    m->start = 1;
    m->end = 4;
    m->quote = g_strdup ("Zoe");
    g_ptr_array_add (stale, m);
    g_assert_null (gloss_store_annotate_mentions (f->store, zoe->id, stale, "Ana", &error));
    g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
    annotations = gloss_store_list_annotations (f->store, f->doc->id, &error);
    g_assert_cmpuint (annotations->len, ==, 2);
  }
  assert_consistent (f->store);
}

static void
test_relations (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) claim1 = annotate (f, f->doc, f->claim, "the cranes are unsafe");
  g_autoptr(GlossAnnotation) claim2 = annotate (f, f->doc2, f->claim, "met the minister");
  g_autoptr(GlossAnnotation) person = annotate (f, f->doc, f->person, "Zoë Łukasiewicz");
  g_autoptr(GlossAnnotation) risk = annotate (f, f->doc, f->risk, "The US-Navy denied it");
  g_autoptr(GlossRelationType) attributed = gloss_store_find_relation_type (f->store, "Attributed To", &error);
  g_autoptr(GlossRelationType) contradicts = gloss_store_find_relation_type (f->store, "contradicts", &error);
  g_autoptr(GlossRelationType) evidenced = gloss_store_find_relation_type (f->store, "evidenced by", &error);
  g_autoptr(GlossRelation) r1 = NULL;
  g_autoptr(GlossRelation) r2 = NULL;
  g_autoptr(GlossRelation) r3 = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_assert_no_error (error);
  r1 = gloss_store_add_relation (f->store, attributed->id, claim1->id, person->id, "Ana", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (r1->type_name, ==, "attributed to");
  /* Across documents. */
  r2 = gloss_store_add_relation (f->store, contradicts->id, claim1->id, claim2->id, "Ana", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (r2->to_document_id, ==, f->doc2->id);
  r3 = gloss_store_add_relation (f->store, evidenced->id, risk->id, claim2->id, NULL, &error);
  g_assert_no_error (error);

  /* The type says which labels each end may have; no duplicates, no self-links. */
  g_assert_null (gloss_store_add_relation (f->store, evidenced->id, claim1->id, risk->id, NULL, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "evidenced by: the source is a Claim but must be a Risk.");
  g_clear_error (&error);
  g_assert_null (gloss_store_add_relation (f->store, attributed->id, claim1->id, person->id, NULL, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_null (gloss_store_add_relation (f->store, contradicts->id, claim1->id, claim1->id, NULL, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (gloss_store_find_relation_type (f->store, "likes", &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "“attributed to”"));
  g_clear_error (&error);

  /* Shown on both ends. */
  list = gloss_store_list_relations (f->store, claim2->id, &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = gloss_store_list_relations (f->store, claim1->id, &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Deleting an end hides its relations; restoring it (undo) brings them back. */
  g_assert_true (gloss_store_delete_annotation (f->store, claim2->id, &error));
  list = gloss_store_list_relations (f->store, NULL, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((GlossRelation *) list->pdata[0])->id, ==, r1->id);
  g_clear_pointer (&list, g_ptr_array_unref);
  g_assert_true (gloss_store_restore_annotation (f->store, claim2->id, &error));
  list = gloss_store_list_relations (f->store, NULL, &error);
  g_assert_cmpuint (list->len, ==, 3);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Deleting a relation, and its undo. */
  g_assert_true (gloss_store_delete_relation (f->store, r2->id, &error));
  g_assert_false (gloss_store_delete_relation (f->store, r2->id, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  list = gloss_store_list_relations (f->store, claim1->id, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  g_assert_true (gloss_store_restore_relation (f->store, r2->id, &error));
  g_assert_no_error (error);
  g_assert_false (gloss_store_delete_relation_type (f->store, contradicts->id, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_IN_USE);
  g_clear_error (&error);
  assert_consistent (f->store);
}

static char *
export_string (GlossStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  g_assert_true (gloss_json_export_full (store, NULL, TRUE, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, NULL));
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

/* Everything of this issue survives export and import into an empty project, byte
 * for byte; importing twice adds nothing; a wrong value in a file is refused. */
static void
test_json_round_trip (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossEntity) zoe = gloss_store_add_entity (f->store, "Zoë Łukasiewicz", f->person->id, NULL, NULL, "Q42", &error);
  g_autoptr(GlossAnnotation) person = annotate (f, f->doc, f->person, "Zoë Łukasiewicz");
  g_autoptr(GlossAnnotation) claim = annotate (f, f->doc, f->claim, "the cranes are unsafe");
  g_autoptr(GlossAnnotation) claim2 = annotate (f, f->doc2, f->claim, "met the minister");
  g_autoptr(GlossRelationType) contradicts = gloss_store_find_relation_type (f->store, "contradicts", &error);
  g_autoptr(GlossRelation) relation = NULL;
  g_autoptr(GlossDocument) props = g_new0 (GlossDocument, 1);
  g_autofree char *path = g_build_filename (f->dir, "empty.gloss", NULL);
  g_autoptr(GlossStore) empty = NULL;
  g_autoptr(GlossImportReport) report = gloss_import_report_new ();
  g_autoptr(GlossImportReport) again = gloss_import_report_new ();
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *speaker = NULL;

  g_assert_true (gloss_store_set_annotation_entity (f->store, person->id, zoe->id, &error));
  g_assert_true (gloss_store_set_field_value (f->store, claim->id, "speaker", "ZOE łukasiewicz", &error));
  g_assert_true (gloss_store_set_field_value (f->store, claim->id, "likelihood", "unlikely", &error));
  g_assert_true (gloss_store_set_field_value (f->store, claim->id, "status", "contradicted", &error));
  g_assert_no_error (error);
  relation = gloss_store_add_relation (f->store, contradicts->id, claim->id, claim2->id, "Ana", &error);
  g_assert_no_error (error);
  props->reliability = g_strdup ("B");
  props->tlp = g_strdup ("AMBER");
  props->url = g_strdup ("https://example.org/one");
  g_assert_true (gloss_store_set_document_properties (f->store, f->doc->id, props, &error));

  first = export_string (f->store);
  g_assert_nonnull (strstr (first, "\"tlp\": \"AMBER\""));
  g_assert_nonnull (strstr (first, "\"external_ref\": \"Q42\""));
  g_assert_nonnull (strstr (first, "\"value\": \"contradicted\""));

  empty = gloss_project_create (path, "Desk", GLOSS_PROJECT_CREATE_NO_CODEBOOK, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_json_import_data (empty, first, strlen (first), "a.json", report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->entities_added, ==, 1);
  g_assert_cmpuint (report->relations_added, ==, 1);
  g_assert_cmpuint (report->relation_types_added, ==, 5);
  g_assert_cmpuint (report->fields_added, ==, 13);
  second = export_string (empty);
  g_assert_cmpstr (first, ==, second);
  speaker = gloss_store_dup_field_value (empty, claim->id, "speaker", &error);
  g_assert_cmpstr (speaker, ==, zoe->id);
  assert_consistent (empty);

  g_assert_true (gloss_json_import_data (empty, first, strlen (first), "a.json", again, &error));
  g_assert_cmpuint (again->entities_added + again->relations_added + again->fields_added + again->annotations_added, ==, 0);

  /* A wrong field value in a file is refused with its place, and nothing is added. */
  {
    g_autofree char *path2 = g_build_filename (f->dir, "third.gloss", NULL);
    g_autoptr(GlossStore) third = gloss_project_create (path2, NULL, GLOSS_PROJECT_CREATE_NO_CODEBOOK, &error);
    g_autoptr(GString) bad = g_string_new (first);
    g_autoptr(GPtrArray) docs = NULL;
    gsize at;

    /* The last one is the annotation's value (the first, the codebook's option). */
    g_assert_nonnull (g_strrstr (bad->str, "\"value\": \"contradicted\""));
    at = g_strrstr (bad->str, "\"value\": \"contradicted\"") - bad->str;
    g_string_erase (bad, at, strlen ("\"value\": \"contradicted\""));
    g_string_insert (bad, at, "\"value\": \"refuted\"");
    g_assert_false (gloss_json_import_data (third, bad->str, bad->len, "bad.json", NULL, &error));
    g_assert_error (error, GLOSS_JSON_ERROR, GLOSS_JSON_ERROR_INVALID);
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, "status: “refuted” is not one of unverified, corroborated or contradicted"));
    g_assert_nonnull (strstr (error->message, claim->id));
    g_clear_error (&error);
    docs = gloss_store_list_documents (third, &error);
    g_assert_cmpuint (docs->len, ==, 0);
  }
}


static guint
n_relations (GlossStore *store, const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = gloss_store_list_relations (store, id, &error);

  g_assert_no_error (error);
  return list->len;
}

/* Links to entities (schema 11): a claim "about" an organisation. The type's target
 * labels hold for the entity's type; no duplicates, no link to the entity the
 * annotation is tagged with; undo and redo; the history; and what happens to the
 * links when their entity is merged (they follow it, and come back with the undo)
 * or deleted (hidden until it is restored). */
static void
test_entity_links (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) claim = annotate (f, f->doc, f->claim, "the cranes are unsafe");
  g_autoptr(GlossAnnotation) person = annotate (f, f->doc, f->person, "Zoë Łukasiewicz");
  g_autoptr(GlossEntity) zoe = gloss_store_add_entity (f->store, "Zoë Łukasiewicz", f->person->id, NULL, NULL, NULL, &error);
  g_autoptr(GlossEntity) navy = gloss_store_add_entity (f->store, "U.S. Navy", f->org->id, NULL, NULL, NULL, &error);
  g_autoptr(GlossEntity) usn = gloss_store_add_entity (f->store, "USN", f->org->id, NULL, NULL, NULL, &error);
  g_autoptr(GlossRelationType) about = gloss_store_add_relation_type (f->store, "about", NULL, NULL, NULL, &error);
  g_autoptr(GlossRelationType) quotes = gloss_store_add_relation_type (f->store, "quotes", NULL, NULL,
                                                                       (const char *[]) { f->person->id, NULL }, &error);
  g_autoptr(GlossRelation) r = NULL;
  g_autoptr(GlossRelation) got = NULL;
  g_autoptr(GlossRelation) r2 = NULL;
  g_autoptr(GlossUndoStack) undo = gloss_undo_stack_new ();
  g_autoptr(GlossSession) session = gloss_session_new (f->store, undo);
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GlossEntityMerge) merge = NULL;
  gboolean created = FALSE;

  g_assert_no_error (error);
  g_assert_true (gloss_store_set_annotation_entity (f->store, person->id, zoe->id, &error));

  /* Through the session, so that it is one undoable step. */
  gloss_session_set_annotator (session, "Ana");
  r = gloss_session_link_entity (session, about->id, claim->id, navy->id, &error);
  g_assert_no_error (error);
  g_assert_null (r->to_id);
  g_assert_null (r->to_quote);
  g_assert_cmpstr (r->to_entity_id, ==, navy->id);
  g_assert_cmpstr (r->to_entity_name, ==, "U.S. Navy");
  g_assert_cmpstr (r->from_id, ==, claim->id);
  g_assert_cmpstr (r->annotator, ==, "Ana");
  got = gloss_store_get_relation (f->store, r->id, &error);
  g_assert_cmpstr (got->to_entity_id, ==, navy->id);
  /* Listed with the annotation, and by the entity's id. */
  g_assert_cmpuint (n_relations (f->store, claim->id), ==, 1);
  g_assert_cmpuint (n_relations (f->store, navy->id), ==, 1);
  g_assert_cmpuint (n_relations (f->store, usn->id), ==, 0);

  /* The same link twice; a type whose target must be a Person; the annotation's own entity. */
  g_assert_null (gloss_store_add_entity_relation (f->store, about->id, claim->id, navy->id, NULL, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE);
  g_assert_cmpstr (error->message, ==, "“the cranes are unsafe” already about “U.S. Navy”.");
  g_clear_error (&error);
  g_assert_nonnull (quotes);
  g_assert_null (gloss_store_add_entity_relation (f->store, quotes->id, claim->id, navy->id, NULL, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "quotes: the target is a Organization but must be a Person.");
  g_clear_error (&error);
  g_assert_null (gloss_store_add_entity_relation (f->store, about->id, person->id, zoe->id, NULL, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "“Zoë Łukasiewicz” is already tagged as Zoë Łukasiewicz.");
  g_clear_error (&error);
  g_assert_null (gloss_store_add_entity_relation (f->store, about->id, claim->id, "no-such-entity", NULL, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* An annotation of a person may be about an organisation. */
  r2 = gloss_store_add_entity_relation (f->store, about->id, person->id, usn->id, NULL, &error);
  g_assert_no_error (error);

  /* Undo takes the link away, redo brings the same one back. */
  g_assert_true (gloss_undo_stack_undo (undo, f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_relations (f->store, claim->id), ==, 0);
  g_assert_true (gloss_undo_stack_redo (undo, f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_relations (f->store, claim->id), ==, 1);

  /* The history has the row with its entity. */
  history = gloss_store_list_history (f->store, r->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, >=, 3);
  for (guint i = 0; i < history->len; i++)
    {
      GlossHistoryEntry *e = history->pdata[i];

      if (g_strcmp0 (e->action, GLOSS_HISTORY_CREATE) == 0)
        {
          created = TRUE;
          g_assert_nonnull (strstr (e->after, navy->id));
          g_assert_nonnull (strstr (e->after, "\"target_entity\""));
        }
    }
  g_assert_true (created);

  /* Merged into another entity: the link follows, and comes back with the undo. */
  merge = gloss_store_merge_entities (f->store, usn->id, navy->id, &error);
  g_assert_no_error (error);
  g_clear_pointer (&got, gloss_relation_free);
  got = gloss_store_get_relation (f->store, r->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->to_entity_id, ==, usn->id);
  g_assert_cmpstr (got->to_entity_name, ==, "USN");
  g_assert_cmpuint (n_relations (f->store, usn->id), ==, 2);
  assert_consistent (f->store);
  g_assert_true (gloss_store_unmerge_entities (f->store, merge, &error));
  g_assert_no_error (error);
  g_clear_pointer (&got, gloss_relation_free);
  got = gloss_store_get_relation (f->store, r->id, &error);
  g_assert_cmpstr (got->to_entity_id, ==, navy->id);

  /* Deleted: its links are hidden, not lost; restoring the entity brings them back. */
  g_assert_true (gloss_store_delete_entity (f->store, navy->id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_relations (f->store, claim->id), ==, 0);
  g_assert_null (gloss_store_get_relation (f->store, r->id, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (gloss_store_restore_entity (f->store, navy->id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_relations (f->store, claim->id), ==, 1);

  /* Deleting the link, and restoring it. */
  g_assert_true (gloss_store_delete_relation (f->store, r2->id, &error));
  g_assert_cmpuint (n_relations (f->store, usn->id), ==, 0);
  g_assert_true (gloss_store_restore_relation (f->store, r2->id, &error));
  g_assert_cmpuint (n_relations (f->store, usn->id), ==, 1);
  assert_consistent (f->store);
}

/* The link chart lifts a link to an entity to an edge from the entities of its
 * annotation to that entity. */
static void
test_entity_links_graph (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) person = annotate (f, f->doc, f->person, "Zoë Łukasiewicz");
  g_autoptr(GlossEntity) zoe = gloss_store_add_entity (f->store, "Zoë Łukasiewicz", f->person->id, NULL, NULL, NULL, &error);
  g_autoptr(GlossEntity) navy = gloss_store_add_entity (f->store, "U.S. Navy", f->org->id, NULL, NULL, NULL, &error);
  g_autoptr(GlossRelationType) works = gloss_store_add_relation_type (f->store, "works for", NULL, NULL, NULL, &error);
  g_autoptr(GlossRelation) r = NULL;
  g_autoptr(GlossGraph) graph = NULL;
  int a, b, edge;

  g_assert_no_error (error);
  g_assert_true (gloss_store_set_annotation_entity (f->store, person->id, zoe->id, &error));
  r = gloss_store_add_entity_relation (f->store, works->id, person->id, navy->id, NULL, &error);
  g_assert_no_error (error);
  graph = gloss_graph_build (f->store, NULL, &error);
  g_assert_no_error (error);
  a = gloss_graph_find_node (graph, zoe->id);
  b = gloss_graph_find_node (graph, navy->id);
  g_assert_cmpint (a, >=, 0);
  g_assert_cmpint (b, >=, 0);
  edge = gloss_graph_find_edge (graph, a, b, GLOSS_GRAPH_EDGE_LINK);
  g_assert_cmpint (edge, >=, 0);
  g_assert_cmpstr (((GlossGraphEdge *) graph->edges->pdata[edge])->relation, ==, "works for");
  g_clear_pointer (&graph, gloss_graph_free);

  /* Once the entity is deleted the edge goes with its link. */
  g_assert_true (gloss_store_delete_entity (f->store, navy->id, &error));
  graph = gloss_graph_build (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gloss_graph_find_node (graph, navy->id), <, 0);
}

/* A link to an entity leaves in the JSON export as "to_entity" and comes back the
 * same, byte for byte. */
static void
test_entity_links_json (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) claim = annotate (f, f->doc, f->claim, "the cranes are unsafe");
  g_autoptr(GlossEntity) navy = gloss_store_add_entity (f->store, "U.S. Navy", f->org->id, NULL, NULL, NULL, &error);
  g_autoptr(GlossRelationType) about = gloss_store_add_relation_type (f->store, "about", NULL, NULL, NULL, &error);
  g_autoptr(GlossRelation) r = NULL;
  g_autofree char *path = g_build_filename (f->dir, "empty.gloss", NULL);
  g_autoptr(GlossStore) empty = NULL;
  g_autoptr(GlossImportReport) report = gloss_import_report_new ();
  g_autoptr(GlossRelation) back = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *member = NULL;

  g_assert_no_error (error);
  r = gloss_store_add_entity_relation (f->store, about->id, claim->id, navy->id, "Ana", &error);
  g_assert_no_error (error);
  first = export_string (f->store);
  member = g_strdup_printf ("\"to_entity\": \"%s\"", navy->id);
  g_assert_nonnull (strstr (first, member));

  empty = gloss_project_create (path, "Desk", GLOSS_PROJECT_CREATE_NO_CODEBOOK, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_json_import_data (empty, first, strlen (first), "a.json", report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->relations_added, ==, 1);
  back = gloss_store_get_relation (empty, r->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->to_entity_id, ==, navy->id);
  g_assert_cmpstr (back->to_entity_name, ==, "U.S. Navy");
  second = export_string (empty);
  g_assert_cmpstr (first, ==, second);
  assert_consistent (empty);
}

/* A project of schema 10 is upgraded: its links between annotations stay, and links
 * to entities can be made at once. */
static char *entity_path (Fixture *f);

static void
test_entity_links_migration (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) claim = annotate (f, f->doc, f->claim, "the cranes are unsafe");
  g_autoptr(GlossAnnotation) claim2 = annotate (f, f->doc2, f->claim, "met the minister");
  g_autoptr(GlossRelationType) contradicts = gloss_store_find_relation_type (f->store, "contradicts", &error);
  g_autoptr(GlossRelation) r = gloss_store_add_relation (f->store, contradicts->id, claim->id, claim2->id, "Ana", &error);
  g_autoptr(GlossRelation) kept = NULL;
  g_autoptr(GlossRelation) link = NULL;
  g_autoptr(GlossEntity) navy = NULL;
  g_autofree char *path = entity_path (f);
  g_autofree char *version = NULL;

  g_assert_no_error (error);
  g_clear_object (&f->store);
  test_sql_exec (path, GLOSS_TEST_BEFORE_V13 GLOSS_TEST_RELATIONS_BEFORE_V11 GLOSS_TEST_ENTITY_KEYS_BEFORE_V12 "PRAGMA user_version = 10;");
  version = test_sql_value (path, "SELECT count(*) FROM pragma_table_info ('relations') WHERE name = 'target_entity'");
  g_assert_cmpstr (version, ==, "0");
  g_clear_pointer (&version, g_free);

  f->store = gloss_store_open (path, 0, &error);
  g_assert_no_error (error);
  kept = gloss_store_get_relation (f->store, r->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept->to_id, ==, claim2->id);
  g_assert_null (kept->to_entity_id);
  navy = gloss_store_add_entity (f->store, "U.S. Navy", f->org->id, NULL, NULL, NULL, &error);
  link = gloss_store_add_entity_relation (f->store, contradicts->id, claim->id, navy->id, NULL, &error);
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);   /* contradicts: Claim to Claim */
  g_clear_error (&error);
  assert_consistent (f->store);
  g_clear_object (&f->store);
  version = test_sql_value (path, "PRAGMA user_version");
  g_assert_cmpint (g_ascii_strtoll (version, NULL, 10), ==, GLOSS_SCHEMA_VERSION);
  g_assert_cmpint (GLOSS_SCHEMA_VERSION, >=, 11);
  f->store = gloss_store_open (path, 0, &error);
  g_assert_no_error (error);
}

/* ------------------------------------------------------------------------- */
/* Match keys (entity_keys) and the multi-pattern matcher                     */

static char *
entity_path (Fixture *f)
{
  return g_build_filename (f->dir, "p.gloss", NULL);
}

/* The id of the one entity @name finds among @label's, or NULL. */
static char *
found_id (Fixture *f, const char *name, const GlossLabel *label)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossEntity) e = gloss_store_find_entity (f->store, name, label ? label->id : NULL, &error);

  return e ? g_strdup (e->id) : NULL;
}

static void
assert_finds (Fixture *f, const char *name, const GlossLabel *label, const char *id)
{
  g_autofree char *got = found_id (f, name, label);

  g_assert_cmpstr (got, ==, id);
}

/* The newest history entry of @action for row @id. */
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

/* A version restored from the history (written back through gloss_history_apply, as a
 * merge of copies writes rows) takes the entity's keys with it: the keys of the
 * version it replaces are found by what that version held, and deleted. */
static void
test_keys_restore_version (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *aliases[] = { "Zosia", NULL };
  g_autoptr(GlossEntity) zoe = gloss_store_add_entity (f->store, "Zoë Łukasiewicz", f->person->id, aliases, NULL, NULL,
                                                       &error);
  gint64 edit, deleted;

  g_assert_no_error (error);
  g_assert_true (gloss_store_rename_entity (f->store, zoe->id, "Zoë Brandt", &error));
  g_assert_no_error (error);
  assert_finds (f, "zoe brandt", NULL, zoe->id);
  edit = newest_entry (f->store, zoe->id, "edit");

  /* The version before the rename. */
  g_assert_true (gloss_store_restore_version (f->store, edit, &error));
  g_assert_no_error (error);
  assert_finds (f, "zoe łukasiewicz", NULL, zoe->id);
  assert_finds (f, "zoe brandt", NULL, NULL);
  assert_finds (f, "zosia", f->person, zoe->id);
  assert_consistent (f->store);

  /* Deleted (a tombstone has no keys), then the version before the deletion. */
  g_assert_true (gloss_store_delete_entity (f->store, zoe->id, &error));
  g_assert_no_error (error);
  assert_finds (f, "zosia", NULL, NULL);
  assert_consistent (f->store);
  deleted = newest_entry (f->store, zoe->id, "delete");
  g_assert_true (gloss_store_restore_version (f->store, deleted, &error));
  g_assert_no_error (error);
  assert_finds (f, "zosia", f->person, zoe->id);
  assert_finds (f, "zoe łukasiewicz", f->person, zoe->id);
  assert_consistent (f->store);
}

/* Names and aliases are found through the keys, ignoring case, accents and
 * punctuation, after every kind of write and its undo and redo. */
static void
test_keys_follow_writes (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossUndoStack) undo = gloss_undo_stack_new ();
  g_autoptr(GlossSession) session = gloss_session_new (f->store, undo);
  const char *aliases[] = { "Z. Łukasiewicz", "Zosia", NULL };
  g_autoptr(GlossEntity) zoe = gloss_store_add_entity (f->store, "Zoë Łukasiewicz", f->person->id, aliases, NULL, NULL,
                                                       &error);
  g_autoptr(GlossEntity) navy = gloss_store_add_entity (f->store, "U.S. Navy", f->org->id, NULL, NULL, NULL, &error);
  g_autoptr(GlossEntity) other = NULL;
  g_autoptr(GlossEntity) by_surname = NULL;
  g_autoptr(GlossAnnotation) tag = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *path = entity_path (f);

  g_assert_no_error (error);
  assert_finds (f, "ZOE LUKASIEWICZ", NULL, NULL);   /* Ł is a letter of its own, not L with a mark */
  assert_finds (f, "zoe łukasiewicz", NULL, zoe->id);
  assert_finds (f, "z łukasiewicz", f->person, zoe->id);
  assert_finds (f, "ZOSIA", f->person, zoe->id);
  assert_finds (f, "Zosia", f->org, NULL);
  assert_finds (f, "us navy", f->org, navy->id);
  by_surname = gloss_store_find_entity_by_surname (f->store, "Łukasiewicz", f->person->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (by_surname->id, ==, zoe->id);
  g_clear_pointer (&by_surname, gloss_entity_free);

  /* Edit: the old alias goes, the new one comes. */
  {
    const char *now[] = { "Zoja", NULL };

    g_assert_true (gloss_store_set_entity_aliases (f->store, zoe->id, now, &error));
    g_assert_no_error (error);
  }
  assert_finds (f, "Zosia", NULL, NULL);
  assert_finds (f, "zoja", NULL, zoe->id);
  g_assert_true (gloss_store_rename_entity (f->store, zoe->id, "Zoë Brandt", &error));
  assert_finds (f, "zoe lukasiewicz", NULL, NULL);
  assert_finds (f, "Zoe Brandt", NULL, zoe->id);
  by_surname = gloss_store_find_entity_by_surname (f->store, "brandt", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (by_surname->id, ==, zoe->id);
  g_assert_null (gloss_store_find_entity_by_surname (f->store, "Łukasiewicz", NULL, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  assert_consistent (f->store);

  /* A tag that adds an entity, undone and redone: the entity's keys go and come back. */
  {
    const char *at = strstr (f->doc2->text, "the minister");
    gint64 start = g_utf8_pointer_to_offset (f->doc2->text, at);

    tag = gloss_session_annotate (session, f->doc2->id, f->person->id, start, start + 12, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (tag->entity_id);
  }
  assert_finds (f, "THE MINISTER", f->person, tag->entity_id);
  g_assert_true (gloss_session_undo (session, &error));
  g_assert_no_error (error);
  assert_finds (f, "the minister", f->person, NULL);
  assert_consistent (f->store);
  g_assert_true (gloss_session_redo (session, &error));
  g_assert_no_error (error);
  assert_finds (f, "the minister", f->person, tag->entity_id);
  assert_consistent (f->store);

  /* Merge, undo, redo: the other's names belong to the kept one, then to it again. */
  other = gloss_store_add_entity (f->store, "Sofia Brandt", f->person->id, (const char *[]) { "S. B.", NULL }, NULL,
                                  NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_session_merge_entities (session, zoe->id, other->id, &error));
  g_assert_no_error (error);
  assert_finds (f, "sofia brandt", f->person, zoe->id);
  assert_finds (f, "s.b.", f->person, zoe->id);
  assert_consistent (f->store);
  g_assert_true (gloss_session_undo (session, &error));
  g_assert_no_error (error);
  assert_finds (f, "sofia brandt", f->person, other->id);
  assert_finds (f, "SB", f->person, other->id);
  assert_finds (f, "zoja", f->person, zoe->id);
  assert_consistent (f->store);
  g_assert_true (gloss_session_redo (session, &error));
  g_assert_no_error (error);
  assert_finds (f, "SB", f->person, zoe->id);
  assert_consistent (f->store);

  /* Delete: a tombstone matches nothing and has no keys. */
  g_assert_true (gloss_store_delete_entity (f->store, navy->id, &error));
  g_assert_no_error (error);
  assert_finds (f, "U.S. Navy", NULL, NULL);
  assert_consistent (f->store);
  g_clear_object (&session);
  g_clear_object (&f->store);
  rows = test_sql_value (path, "SELECT count(*) FROM entity_keys k JOIN entities e ON e.pk = k.entity WHERE e.deleted = 1");
  g_assert_cmpstr (rows, ==, "0");
  f->store = gloss_store_open (path, 0, &error);
  g_assert_no_error (error);
}

/* A project of schema 6 gets its keys from its entities when it is upgraded, and the
 * check finds keys another program left wrong; --repair's rebuild puts them right. */
static void
test_keys_migration_and_check (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  g_autofree char *path = entity_path (f);
  g_autofree char *version = NULL;
  g_autofree char *count = NULL;
  const char *aliases[] = { "USN", "U.S.N.", NULL };
  g_autoptr(GlossEntity) navy = gloss_store_add_entity (f->store, "U.S. Navy", f->org->id, aliases, NULL, NULL, &error);
  g_autoptr(GlossEntity) zoe = gloss_store_add_entity (f->store, "Zoë Łukasiewicz", f->person->id, NULL, NULL, NULL,
                                                       &error);
  g_autoptr(GlossEntity) gone = gloss_store_add_entity (f->store, "Gone Person", f->person->id, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (gloss_store_delete_entity (f->store, gone->id, &error));
  g_clear_object (&f->store);
  test_sql_exec (path, GLOSS_TEST_BEFORE_V13 "DROP TABLE entity_keys; DROP TABLE document_originals; DROP TABLE originals; DROP TABLE conflicts; DROP TABLE graph_positions; " GLOSS_TEST_RELATIONS_BEFORE_V11 " PRAGMA user_version = 6;");

  f->store = gloss_store_open (path, 0, &error);
  g_assert_no_error (error);
  version = test_sql_value (path, "PRAGMA user_version");
  g_assert_cmpint (g_ascii_strtoll (version, NULL, 10), ==, GLOSS_SCHEMA_VERSION);
  /* Navy: name and one alias (the second has the same text key but another text);
   * Zoë: name and surname. */
  count = test_sql_value (path, "SELECT count(*) FROM entity_keys");
  g_assert_cmpstr (count, ==, "5");
  assert_finds (f, "usn", NULL, navy->id);
  assert_finds (f, "zoe łukasiewicz", f->person, zoe->id);
  assert_finds (f, "gone person", NULL, NULL);
  assert_consistent (f->store);

  /* Keys out of date (written by another program) are reported, by entity. */
  g_clear_object (&f->store);
  test_sql_exec (path, "UPDATE entity_keys SET key = 'somethingelse' WHERE kind = 1;"
                  "INSERT INTO entity_keys (entity, kind, text, key, label) "
                  "SELECT pk, 0, 'Gone Person', 'goneperson', label FROM entities WHERE deleted = 1;");
  f->store = gloss_store_open (path, 0, &error);
  g_assert_no_error (error);
  g_assert_false (gloss_store_check (f->store, report, &error));
  g_assert_no_error (error);
  g_test_message ("%s", report->str);
  g_assert_nonnull (strstr (report->str, navy->id));
  g_assert_nonnull (strstr (report->str, "it has match keys but is not a live entity"));
  g_assert_true (gloss_store_rebuild_entity_keys (f->store, &error));
  g_assert_no_error (error);
  assert_consistent (f->store);
  assert_finds (f, "U S N", NULL, navy->id);
}

/* Importing a register: names repeated inside the file are matched to the entity the
 * file added first (the keys are still in memory then), and a large register takes
 * the bulk path (the key index rebuilt) and stays consistent. */
static void
test_keys_import (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GlossImportReport) report = gloss_import_report_new ();
  const guint n = 7000;

  g_string_append_printf (json, "{\"format\": \"gloss\", \"version\": 2, \"labels\": [{\"id\": \"%s\", \"name\": \"Person\", "
                          "\"kind\": \"entity\"}], \"entities\": [", f->person->id);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_uuid_string_random ();

      g_string_append_printf (json, "%s{\"id\": \"%s\", \"name\": \"Person Number%u\", \"type\": \"%s\", "
                              "\"aliases\": [\"P. N%u\"]}", i ? ", " : "", id, i, f->person->id, i);
    }
  /* The same person again under another id, spelt differently. */
  {
    g_autofree char *id = g_uuid_string_random ();
    g_string_append_printf (json, ", {\"id\": \"%s\", \"name\": \"PERSON number-17\", \"type\": \"%s\", \"aliases\": []}",
                            id, f->person->id);
  }
  g_string_append (json, "]}");
  g_assert_true (gloss_json_import_data (f->store, json->str, json->len, "register.json", report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->entities_added, ==, n);
  g_assert_cmpuint (report->entities_matched, ==, 1);
  {
    g_autofree char *a = found_id (f, "p n17", f->person);
    g_autofree char *b = found_id (f, "Person Number17", f->person);

    g_assert_nonnull (a);
    g_assert_cmpstr (a, ==, b);
  }
  /* The table's CHECK holds on the connection after the import: a kind other than
   * 0, 1 or 2 (even 1.5) and an empty key are refused. */
  {
    sqlite3 *db = gloss_store_get_db (f->store);
    const char *bad[] = {
      "INSERT INTO entity_keys (entity, kind, text, key, label) VALUES (1, 7, 'x', 'x', 1)",
      "INSERT INTO entity_keys (entity, kind, text, key, label) VALUES (1, 1.5, 'x', 'x', 1)",
      "INSERT INTO entity_keys (entity, kind, text, key, label) VALUES (1, -1, 'x', 'x', 1)",
      "INSERT INTO entity_keys (entity, kind, text, key, label) VALUES (1, 1, 'x', '', 1)",
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      g_assert_cmpint (sqlite3_exec (db, bad[i], NULL, NULL, NULL), ==, SQLITE_CONSTRAINT_CHECK);
  }
  assert_consistent (f->store);
}

typedef struct {
  GString *out;
} Hits;

static gboolean
record_hit_cb (gsize start, gsize end, guint pattern, gpointer user_data)
{
  Hits *hits = user_data;

  g_string_append_printf (hits->out, "%u@%" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT " ", pattern, start, end);
  return TRUE;
}

/* The pickers' search: part of the name's or an alias's key, case and accents aside. */
static void
test_matches_key (void)
{
  char *aliases[] = { "Bundesamt für Sicherheit", "BSI", NULL };
  GlossEntity e = { .name = "Federal Office for Information Security", .aliases = aliases };
  gboolean exact = TRUE;

  g_assert_true (gloss_entity_matches_key (&e, "", &exact));
  g_assert_false (exact);
  g_assert_true (gloss_entity_matches_key (&e, "informationsec", &exact));
  g_assert_false (exact);
  g_assert_true (gloss_entity_matches_key (&e, "fur", &exact)); /* "für", an alias */
  g_assert_false (exact);
  g_assert_true (gloss_entity_matches_key (&e, "bsi", &exact));
  g_assert_true (exact);
  g_assert_true (gloss_entity_matches_key (&e, "bsi", NULL));
  g_assert_false (gloss_entity_matches_key (&e, "bnd", &exact));
  g_assert_false (exact);
  e.aliases = NULL;
  g_assert_false (gloss_entity_matches_key (&e, "bsi", NULL));
}

/* Every occurrence, overlapping ones and ones inside others, in code points. */
static void
test_matcher (void)
{
  g_autoptr(GlossMatcher) m = gloss_matcher_new ();
  const char *patterns[] = { "he", "she", "his", "hers", "ß", "港口" };
  g_autofree gunichar *text = NULL;
  Hits hits = { g_string_new (NULL) };
  glong n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    {
      glong len = 0;
      g_autofree gunichar *u = g_utf8_to_ucs4_fast (patterns[i], -1, &len);

      g_assert_cmpuint (gloss_matcher_add (m, u, len), ==, i);
    }
  {
    glong len = 0;
    g_autofree gunichar *u = g_utf8_to_ucs4_fast ("she", -1, &len);
    g_assert_cmpuint (gloss_matcher_add (m, u, len), ==, 1);   /* the same pattern again */
  }
  text = g_utf8_to_ucs4_fast ("ushers ß 港口x", -1, &n);
  gloss_matcher_scan (m, text, n, record_hit_cb, &hits);
  g_assert_cmpstr (hits.out->str, ==, "1@1-4 0@2-4 3@2-6 4@7-8 5@9-11 ");
  g_string_free (hits.out, TRUE);
}

/* Annotate all mentions of every entity in one pass: each mention names its entity;
 * a covered span, a name inside a word and a name two entities share are left out. */
static void
test_all_mentions (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *zoe_aliases[] = { "Zoe", NULL };
  const char *navy_aliases[] = { "US-Navy", NULL };
  g_autoptr(GlossEntity) zoe = gloss_store_add_entity (f->store, "Zoë Łukasiewicz", f->person->id, zoe_aliases, NULL,
                                                       NULL, &error);
  g_autoptr(GlossEntity) navy = gloss_store_add_entity (f->store, "U.S. Navy", f->org->id, navy_aliases, NULL, NULL,
                                                        &error);
  g_autoptr(GlossEntity) minister = gloss_store_add_entity (f->store, "the minister", f->person->id, NULL, NULL, NULL,
                                                            &error);
  g_autoptr(GlossEntity) capital1 = gloss_store_add_entity (f->store, "capital", f->org->id, NULL, NULL, NULL, &error);
  g_autoptr(GlossEntity) capital2 = gloss_store_add_entity (f->store, "Capital", f->person->id, NULL, NULL, NULL, &error);
  g_autoptr(GlossAnnotation) done = annotate (f, f->doc2, f->person, "the minister");
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) people = NULL;
  g_autoptr(GPtrArray) one = NULL;
  g_autoptr(GPtrArray) created = NULL;
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(GString) seen = g_string_new (NULL);

  g_assert_no_error (error);
  all = gloss_store_find_all_unannotated_mentions (f->store, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    {
      GlossMention *m = all->pdata[i];
      const char *who = g_str_equal (m->entity_id, zoe->id) ? "zoe" : g_str_equal (m->entity_id, navy->id) ? "navy" : "?";

      g_string_append_printf (seen, "%s:%s:%" G_GINT64_FORMAT ":%s|", m->document_id == f->doc->id ||
                              g_str_equal (m->document_id, f->doc->id) ? "1" : "2", who, m->start, m->quote);
    }
  /* "Zoëtrope" is no mention; "capital" is two entities' name; the minister is tagged;
   * "US-Navy" was dropped as an alias (it has the name's key) and the text found is the
   * name as folded, punctuation kept, as for one entity. */
  g_assert_cmpstr (seen->str, ==,
                   "1:zoe:0:Zoë Łukasiewicz|1:navy:23:U.S. Navy|1:zoe:67:ZOE ŁUKASIEWICZ|2:zoe:16:Zoë Łukasiewicz|");

  /* The same as one entity at a time. */
  one = gloss_store_find_unannotated_mentions (f->store, zoe->id, NULL, &error);
  g_assert_cmpuint (one->len, ==, 3);
  people = gloss_store_find_all_unannotated_mentions (f->store, f->person->id, f->doc2->id, &error);
  g_assert_no_error (error);
  /* Among people only, "capital" is one entity's name. */
  g_assert_cmpuint (people->len, ==, 2);
  g_assert_cmpstr (((GlossMention *) people->pdata[0])->entity_id, ==, capital2->id);

  /* Annotating them all at once links each to its own entity. */
  created = gloss_store_annotate_mentions (f->store, NULL, all, "Ana", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (created->len, ==, 4);
  g_assert_cmpstr (((GlossAnnotation *) created->pdata[1])->entity_id, ==, navy->id);
  g_assert_cmpstr (((GlossAnnotation *) created->pdata[1])->label_id, ==, f->org->id);
  left = gloss_store_find_all_unannotated_mentions (f->store, NULL, NULL, &error);
  g_assert_cmpuint (left->len, ==, 0);
  assert_consistent (f->store);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/core/entities/match", test_match);
  ADD ("/core/entities/merge-and-undo", test_merge_and_undo);
  ADD ("/core/entities/edit-delete-undo", test_edit_delete_undo);
  ADD ("/core/entities/annotate-mentions", test_annotate_mentions);
  ADD ("/core/relations/basics", test_relations);
  ADD ("/core/relations/entity-links", test_entity_links);
  ADD ("/core/relations/entity-links-graph", test_entity_links_graph);
  ADD ("/core/relations/entity-links-json", test_entity_links_json);
  ADD ("/core/relations/entity-links-migration", test_entity_links_migration);
  ADD ("/core/entities/json-round-trip", test_json_round_trip);
  ADD ("/core/entities/keys-follow-writes", test_keys_follow_writes);
  ADD ("/core/entities/keys-restore-version", test_keys_restore_version);
  ADD ("/core/entities/keys-migration-and-check", test_keys_migration_and_check);
  ADD ("/core/entities/keys-import", test_keys_import);
  ADD ("/core/entities/all-mentions", test_all_mentions);
  g_test_add_func ("/core/entities/matches-key", test_matches_key);
  g_test_add_func ("/core/matcher/overlaps", test_matcher);
#undef ADD

  return g_test_run ();
}

/* test-session.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each user action as one core function (GlossSession): what it stores, and that
 * undo and redo take it back and forth whole. The workbench and gloss-cli call
 * these; here they run without GTK.
 */
#define G_LOG_DOMAIN "test-session"

#include <string.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "gloss-entities.h"
#include "gloss-exchange.h"
#include "gloss-fields.h"
#include "gloss-history.h"
#include "gloss-project.h"
#include "gloss-project.h"
#include "gloss-relations.h"
#include "gloss-session.h"
#include "gloss-store.h"
#include "test-files.h"

typedef struct {
  char          *dir;
  GlossStore    *store;
  GlossSession  *session;
  GlossDocument *doc;
  GlossLabel    *person;
  GlossLabel    *claim;
  GlossLabel    *risk;
} Fixture;

/*                              0         1         2         3         4         5         6
 *                              0123456789012345678901234567890123456789012345678901234567890 */
static const char text[] = "Sofia Brandt said the dam will fail. Brandt later denied it. Sofia Brandt left.";

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("gloss-test-session-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "p.gloss", NULL);
  f->store = gloss_project_create (path, "Desk", GLOSS_PROJECT_CREATE_DEFAULT, &error);
  g_assert_no_error (error);
  gloss_store_set_user (f->store, "Ana");
  f->session = gloss_session_new (f->store, NULL);
  f->doc = gloss_store_add_document (f->store, "One", text, NULL, "txt", NULL, &error);
  g_assert_no_error (error);
  f->person = gloss_store_find_label_by_name (f->store, "Person", &error);
  f->claim = gloss_store_find_label_by_name (f->store, "Claim", &error);
  f->risk = gloss_store_find_label_by_name (f->store, "Risk", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->session);
  g_clear_object (&f->store);
  test_remove_tree (f->dir);
  g_free (f->dir);
  gloss_document_free (f->doc);
  gloss_label_free (f->person);
  gloss_label_free (f->claim);
  gloss_label_free (f->risk);
}

static guint
count_entities (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entities = gloss_store_list_entities (f->store, NULL, &error);

  g_assert_no_error (error);
  return entities->len;
}

static guint
count_annotations (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) annotations = gloss_store_list_annotations (f->store, f->doc->id, &error);

  g_assert_no_error (error);
  return annotations->len;
}

/* Tagging a person links the mention to the register's entity of that name,
 * creating it the first time; undo removes the annotation, redo brings it back. */
static void
test_annotate_links_entity (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) first = NULL;
  g_autoptr(GlossAnnotation) second = NULL;
  g_autoptr(GlossAnnotation) claim = NULL;
  g_autoptr(GlossAnnotation) again = NULL;

  first = gloss_session_annotate (f->session, f->doc->id, f->person->id, 0, 12, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first->quote, ==, "Sofia Brandt");
  g_assert_cmpstr (first->annotator, ==, "Ana");
  g_assert_nonnull (first->entity_id);
  g_assert_cmpuint (count_entities (f), ==, 1);

  /* The same name again: the same entity, none new. */
  second = gloss_session_annotate (f->session, f->doc->id, f->person->id, 61, 73, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second->entity_id, ==, first->entity_id);
  g_assert_cmpuint (count_entities (f), ==, 1);

  /* A claim is not an entity: no link, no entity. */
  claim = gloss_session_annotate (f->session, f->doc->id, f->claim->id, 13, 36, "from the interview", &error);
  g_assert_no_error (error);
  g_assert_null (claim->entity_id);
  g_assert_cmpstr (claim->note, ==, "from the interview");
  g_assert_cmpuint (count_entities (f), ==, 1);
  g_assert_cmpuint (count_annotations (f), ==, 3);

  g_assert_true (gloss_session_undo (f->session, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_annotations (f), ==, 2);
  g_assert_true (gloss_session_redo (f->session, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_annotations (f), ==, 3);
  again = gloss_store_get_annotation (f->store, claim->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->note, ==, "from the interview");

  /* Offsets past the end are refused, and nothing is left behind. */
  g_assert_null (gloss_session_annotate (f->session, f->doc->id, f->person->id, 70, 500, NULL, &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (count_annotations (f), ==, 3);
  g_assert_cmpuint (count_entities (f), ==, 1);
  g_clear_error (&error);

  /* A quote that can name no entity (no letters or digits) is tagged, unlinked: the
   * entity refused does not fail the tag's transaction. */
  {
    g_autoptr(GlossAnnotation) dot = gloss_session_annotate (f->session, f->doc->id, f->person->id, 35, 36, NULL,
                                                             &error);

    g_assert_no_error (error);
    g_assert_cmpstr (dot->quote, ==, ".");
    g_assert_null (dot->entity_id);
    g_assert_cmpuint (count_annotations (f), ==, 4);
    g_assert_cmpuint (count_entities (f), ==, 1);
  }
}

/* Label, note and delete: each one step. */
static void
test_label_note_delete (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) a = gloss_session_annotate (f->session, f->doc->id, f->claim->id, 13, 36, NULL, &error);
  g_autoptr(GlossAnnotation) after = NULL;

  g_assert_no_error (error);
  g_assert_true (gloss_session_set_label (f->session, a->id, f->risk->id, &error));
  g_assert_true (gloss_session_set_note (f->session, a->id, "check the dam report", &error));
  g_assert_no_error (error);
  after = gloss_store_get_annotation (f->store, a->id, &error);
  g_assert_cmpstr (after->label_id, ==, f->risk->id);
  g_assert_cmpstr (after->note, ==, "check the dam report");
  g_clear_pointer (&after, gloss_annotation_free);

  g_assert_true (gloss_session_undo (f->session, &error));   /* the note */
  after = gloss_store_get_annotation (f->store, a->id, &error);
  g_assert_null (after->note);
  g_clear_pointer (&after, gloss_annotation_free);
  g_assert_true (gloss_session_undo (f->session, &error));   /* the label */
  after = gloss_store_get_annotation (f->store, a->id, &error);
  g_assert_cmpstr (after->label_id, ==, f->claim->id);
  g_clear_pointer (&after, gloss_annotation_free);

  g_assert_true (gloss_session_delete_annotation (f->session, a->id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_annotations (f), ==, 0);
  g_assert_true (gloss_session_undo (f->session, &error));
  g_assert_cmpuint (count_annotations (f), ==, 1);
}

/* A field value is checked, stored normalised, and undone; an entity field can
 * name a new entity in the same step. */
static void
test_fields_and_new_entities (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) a = gloss_session_annotate (f->session, f->doc->id, f->claim->id, 13, 36, NULL, &error);
  g_autoptr(GlossField) likelihood = gloss_store_find_field (f->store, f->claim->id, "likelihood", &error);
  g_autoptr(GlossField) speaker = gloss_store_find_field (f->store, f->claim->id, "speaker", &error);
  g_autofree char *stored = NULL;
  g_autofree char *entity_id = NULL;
  g_autofree char *value = NULL;

  g_assert_no_error (error);
  stored = gloss_session_set_field (f->session, a->id, likelihood->id, "Likely", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, "likely");

  /* Not an option: refused with the field's name, nothing stored. */
  g_assert_null (gloss_session_set_field (f->session, a->id, likelihood->id, "perhaps", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  value = gloss_store_dup_field_value (f->store, a->id, likelihood->id, NULL);
  g_assert_cmpstr (value, ==, "likely");
  g_clear_pointer (&value, g_free);

  entity_id = gloss_session_set_field_new_entity (f->session, a->id, speaker->id, "Sofia Brandt",
                                                  f->person->id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entity_id);
  value = gloss_store_dup_field_value (f->store, a->id, speaker->id, NULL);
  g_assert_cmpstr (value, ==, entity_id);
  g_clear_pointer (&value, g_free);

  g_assert_true (gloss_session_undo (f->session, &error));   /* the speaker */
  value = gloss_store_dup_field_value (f->store, a->id, speaker->id, NULL);
  g_assert_null (value);
  g_assert_true (gloss_session_undo (f->session, &error));   /* the likelihood */
  value = gloss_store_dup_field_value (f->store, a->id, likelihood->id, NULL);
  g_assert_null (value);
}

/* Undoing a tag that added its entity to the register removes the entity too (no
 * orphan with 0 mentions left in the pickers); redo brings both back. */
static void
test_undo_tag_removes_new_entity (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) a = gloss_session_annotate (f->session, f->doc->id, f->person->id, 0, 12, NULL, &error);
  g_autoptr(GPtrArray) entities = NULL;
  g_autoptr(GlossEntity) back = NULL;
  g_autofree char *entity_id = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (a->entity_id);
  entity_id = g_strdup (a->entity_id);

  g_assert_true (gloss_session_undo (f->session, &error));
  g_assert_no_error (error);
  entities = gloss_store_list_entities (f->store, f->person->id, &error);
  g_assert_cmpuint (entities->len, ==, 0);
  g_clear_pointer (&entities, g_ptr_array_unref);

  g_assert_true (gloss_session_redo (f->session, &error));
  g_assert_no_error (error);
  back = gloss_store_get_entity (f->store, entity_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->n_mentions, ==, 1);

  /* A second tag of the same entity keeps it when the first is undone. */
  {
    g_autoptr(GlossAnnotation) again = gloss_session_annotate (f->session, f->doc->id, f->person->id, 0, 12, NULL,
                                                               &error);
    g_assert_no_error (error);
    g_assert_cmpstr (again->entity_id, ==, entity_id);
    g_assert_true (gloss_session_undo (f->session, &error));   /* the second tag */
    g_assert_true (gloss_session_undo (f->session, &error));   /* the first: the entity goes */
    entities = gloss_store_list_entities (f->store, f->person->id, &error);
    g_assert_cmpuint (entities->len, ==, 0);
  }
}

/* Linking a mention to another or to a new entity; undo puts the old link back. */
static void
test_entity_link (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) full = gloss_session_annotate (f->session, f->doc->id, f->person->id, 0, 12, NULL,
                                                            &error);
  g_autoptr(GlossAnnotation) surname = gloss_session_annotate (f->session, f->doc->id, f->person->id, 37, 43, NULL,
                                                               &error);
  g_autoptr(GlossAnnotation) after = NULL;
  g_autofree char *created = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (surname->quote, ==, "Brandt");
  /* The surname after the full name is the same person, not a new entity. */
  g_assert_cmpstr (surname->entity_id, ==, full->entity_id);

  g_assert_true (gloss_session_set_entity (f->session, surname->id, NULL, &error));
  g_assert_no_error (error);
  after = gloss_store_get_annotation (f->store, surname->id, &error);
  g_assert_null (after->entity_id);
  g_clear_pointer (&after, gloss_annotation_free);

  g_assert_true (gloss_session_undo (f->session, &error));
  after = gloss_store_get_annotation (f->store, surname->id, &error);
  g_assert_cmpstr (after->entity_id, ==, surname->entity_id);
  g_clear_pointer (&after, gloss_annotation_free);

  created = gloss_session_set_new_entity (f->session, surname->id, "S. Brandt", f->person->id, &error);
  g_assert_no_error (error);
  after = gloss_store_get_annotation (f->store, surname->id, &error);
  g_assert_cmpstr (after->entity_id, ==, created);
  g_clear_pointer (&after, gloss_annotation_free);
  g_assert_true (gloss_session_undo (f->session, &error));
  after = gloss_store_get_annotation (f->store, surname->id, &error);
  g_assert_cmpstr (after->entity_id, ==, surname->entity_id);
}

/* Relations, merges and annotate-all-mentions through the session, each undone. */
static void
test_links_merge_mentions (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  /* The surname first: with no "Sofia Brandt" yet, "Brandt" gets an entity of its own. */
  g_autoptr(GlossAnnotation) surname = gloss_session_annotate (f->session, f->doc->id, f->person->id, 37, 43, NULL,
                                                               &error);
  g_autoptr(GlossAnnotation) person = gloss_session_annotate (f->session, f->doc->id, f->person->id, 0, 12, NULL,
                                                              &error);
  g_autoptr(GlossAnnotation) claim = gloss_session_annotate (f->session, f->doc->id, f->claim->id, 13, 36, NULL,
                                                             &error);
  g_autoptr(GlossRelationType) type = gloss_store_find_relation_type (f->store, "attributed to", &error);
  g_autoptr(GlossRelation) relation = NULL;
  g_autoptr(GPtrArray) relations = NULL;
  g_autoptr(GPtrArray) mentions = NULL;
  g_autoptr(GPtrArray) created = NULL;

  g_assert_no_error (error);
  relation = gloss_session_link (f->session, type->id, claim->id, person->id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (relation->annotator, ==, "Ana");
  g_assert_true (gloss_session_unlink (f->session, relation->id, person->id, &error));
  g_assert_no_error (error);
  relations = gloss_store_list_relations (f->store, claim->id, &error);
  g_assert_cmpuint (relations->len, ==, 0);
  g_clear_pointer (&relations, g_ptr_array_unref);
  g_assert_true (gloss_session_undo (f->session, &error));
  relations = gloss_store_list_relations (f->store, claim->id, &error);
  g_assert_cmpuint (relations->len, ==, 1);

  /* Merge "Brandt" into "Sofia Brandt", then undo: two entities again. */
  g_assert_cmpuint (count_entities (f), ==, 2);
  g_assert_true (gloss_session_merge_entities (f->session, person->entity_id, surname->entity_id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_entities (f), ==, 1);
  g_assert_true (gloss_session_undo (f->session, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_entities (f), ==, 2);

  /* The last "Sofia Brandt" is not annotated yet: annotate it, then undo. */
  mentions = gloss_store_find_unannotated_mentions (f->store, person->entity_id, f->doc->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mentions->len, ==, 1);
  created = gloss_session_annotate_mentions (f->session, person->entity_id, mentions, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (created->len, ==, 1);
  g_assert_cmpuint (count_annotations (f), ==, 4);
  g_assert_true (gloss_session_undo (f->session, &error));
  g_assert_cmpuint (count_annotations (f), ==, 3);
  g_assert_true (gloss_session_redo (f->session, &error));
  g_assert_cmpuint (count_annotations (f), ==, 4);
}

/* The "attributed to" links of @claim_id: the ids of their targets, and of the
 * links in @relation_ids when given. */
static GPtrArray *
attributed_targets (Fixture    *f,
                    const char *claim_id,
                    GPtrArray **relation_ids)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) relations = gloss_store_list_relations (f->store, claim_id, &error);
  GPtrArray *targets = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  if (relation_ids != NULL)
    *relation_ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < relations->len; i++)
    {
      const GlossRelation *r = g_ptr_array_index (relations, i);

      if (g_strcmp0 (r->type_name, "attributed to") != 0 || g_strcmp0 (r->from_id, claim_id) != 0)
        continue;
      g_ptr_array_add (targets, g_strdup (r->to_id));
      if (relation_ids != NULL)
        g_ptr_array_add (*relation_ids, g_strdup (r->id));
    }
  return targets;
}

static void
assert_attributed (Fixture    *f,
                   const char *claim_id,
                   const char *target_id,
                   const char *relation_id)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) targets = attributed_targets (f, claim_id, &ids);

  if (target_id == NULL)
    {
      g_assert_cmpuint (targets->len, ==, 0);
      return;
    }
  g_assert_cmpuint (targets->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (targets, 0), ==, target_id);
  if (relation_id != NULL)
    g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, relation_id);
}

static char *
attributed_relation (Fixture    *f,
                     const char *claim_id)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) targets = attributed_targets (f, claim_id, &ids);

  g_assert_cmpuint (ids->len, ==, 1);
  return g_strdup (g_ptr_array_index (ids, 0));
}

/* Issue 15: setting a claim's speaker links the claim "attributed to" the speaker's
 * nearest mention before it (else after it) in the same change and undo step; a new
 * speaker moves the link, clearing removes it, undo and redo bring back exactly the
 * links there were; a speaker without a mention makes no link and no error. */
static void
test_speaker_attribution (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  /* "Brandt" first, so that it gets an entity of its own. */
  g_autoptr(GlossAnnotation) brandt = gloss_session_annotate (f->session, f->doc->id, f->person->id, 37, 43, NULL,
                                                              &error);
  g_autoptr(GlossAnnotation) sofia = gloss_session_annotate (f->session, f->doc->id, f->person->id, 0, 12, NULL,
                                                             &error);
  g_autoptr(GlossAnnotation) sofia2 = gloss_session_annotate (f->session, f->doc->id, f->person->id, 61, 73, NULL,
                                                              &error);
  g_autoptr(GlossAnnotation) claim = gloss_session_annotate (f->session, f->doc->id, f->claim->id, 13, 36, NULL,
                                                             &error);
  g_autoptr(GlossAnnotation) last = gloss_session_annotate (f->session, f->doc->id, f->claim->id, 74, 79, NULL,
                                                            &error);
  g_autoptr(GlossField) speaker = gloss_store_find_field (f->store, f->claim->id, "speaker", &error);
  g_autoptr(GlossEntity) nobody = NULL;
  g_autofree char *to_sofia = NULL;
  g_autofree char *to_brandt = NULL;
  g_autofree char *value = NULL;
  g_autofree char *stored = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (sofia->entity_id, ==, sofia2->entity_id);
  g_assert_cmpstr (brandt->entity_id, !=, sofia->entity_id);

  /* Sofia Brandt: her mention before the claim. */
  stored = gloss_session_set_field (f->session, claim->id, speaker->id, sofia->entity_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, sofia->entity_id);
  g_clear_pointer (&stored, g_free);
  assert_attributed (f, claim->id, sofia->id, NULL);
  to_sofia = attributed_relation (f, claim->id);

  /* Of two mentions before a claim, the nearer. */
  stored = gloss_session_set_field (f->session, last->id, speaker->id, sofia->entity_id, &error);
  g_assert_no_error (error);
  g_clear_pointer (&stored, g_free);
  assert_attributed (f, last->id, sofia2->id, NULL);

  /* Another speaker: the link moves, to the mention after the claim (none before). */
  stored = gloss_session_set_field (f->session, claim->id, speaker->id, brandt->entity_id, &error);
  g_assert_no_error (error);
  g_clear_pointer (&stored, g_free);
  assert_attributed (f, claim->id, brandt->id, NULL);
  to_brandt = attributed_relation (f, claim->id);

  /* Cleared: no link. */
  stored = gloss_session_set_field (f->session, claim->id, speaker->id, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (stored);
  assert_attributed (f, claim->id, NULL, NULL);

  /* Undo, one step at a time: the very links there were, with their speaker. */
  g_assert_true (gloss_session_undo (f->session, &error));
  g_assert_no_error (error);
  value = gloss_store_dup_field_value (f->store, claim->id, speaker->id, NULL);
  g_assert_cmpstr (value, ==, brandt->entity_id);
  g_clear_pointer (&value, g_free);
  assert_attributed (f, claim->id, brandt->id, to_brandt);
  g_assert_true (gloss_session_undo (f->session, &error));
  value = gloss_store_dup_field_value (f->store, claim->id, speaker->id, NULL);
  g_assert_cmpstr (value, ==, sofia->entity_id);
  g_clear_pointer (&value, g_free);
  assert_attributed (f, claim->id, sofia->id, to_sofia);
  /* The other claim's link is its own step. */
  assert_attributed (f, last->id, sofia2->id, NULL);
  g_assert_true (gloss_session_redo (f->session, &error));
  g_assert_no_error (error);
  assert_attributed (f, claim->id, brandt->id, to_brandt);

  /* A speaker never mentioned in the document: the old link goes, none comes. */
  nobody = gloss_store_add_entity (f->store, "Kai Lund", f->person->id, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  stored = gloss_session_set_field (f->session, claim->id, speaker->id, nobody->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, nobody->id);
  assert_attributed (f, claim->id, NULL, NULL);
  g_assert_true (gloss_session_undo (f->session, &error));
  assert_attributed (f, claim->id, brandt->id, to_brandt);

  /* A link the analyst made to a mention of someone else stays when the speaker
   * changes; one to the new speaker's mention is not made twice. */
  {
    g_autoptr(GlossRelationType) type = gloss_store_find_relation_type (f->store, "attributed to", &error);
    g_autoptr(GlossRelation) manual = gloss_session_link (f->session, type->id, last->id, brandt->id, NULL, &error);
    g_autoptr(GPtrArray) targets = NULL;

    g_assert_no_error (error);
    g_clear_pointer (&stored, g_free);
    stored = gloss_session_set_field (f->session, last->id, speaker->id, brandt->entity_id, &error);
    g_assert_no_error (error);
    targets = attributed_targets (f, last->id, NULL);
    g_assert_cmpuint (targets->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (targets, 0), ==, brandt->id);
  }
}

/* Source details are undoable (they were not before), and recorded in history. */
static void
test_document_properties_undo (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  GlossDocument props = { 0 };
  g_autoptr(GlossDocument) after = NULL;
  g_autoptr(GPtrArray) history = NULL;

  props.reliability = (char *) "B";
  props.author = (char *) "R. Okafor";
  props.tlp = (char *) "amber";
  g_assert_true (gloss_session_set_document_properties (f->session, f->doc->id, &props, &error));
  g_assert_no_error (error);
  after = gloss_store_get_document (f->store, f->doc->id, &error);
  g_assert_cmpstr (after->reliability, ==, "B");
  g_assert_cmpstr (after->tlp, ==, "AMBER");
  g_clear_pointer (&after, gloss_document_free);

  /* Refused values change nothing and push no step. */
  props.reliability = (char *) "Z";
  g_assert_false (gloss_session_set_document_properties (f->session, f->doc->id, &props, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_true (gloss_session_undo (f->session, &error));
  g_assert_no_error (error);
  after = gloss_store_get_document (f->store, f->doc->id, &error);
  g_assert_null (after->reliability);
  g_assert_null (after->author);
  g_assert_null (after->tlp);
  g_clear_pointer (&after, gloss_document_free);
  g_assert_false (gloss_undo_stack_get_can_undo (gloss_session_get_undo_stack (f->session)));

  g_assert_true (gloss_session_redo (f->session, &error));
  after = gloss_store_get_document (f->store, f->doc->id, &error);
  g_assert_cmpstr (after->author, ==, "R. Okafor");

  history = gloss_store_list_history (f->store, f->doc->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, >=, 3);   /* created, set, undone, redone */
}

/* The store checks its own tables; a field value that its field's definition
 * refuses is the model's business, found by gloss_project_check(). */
static void
test_project_check_field_values (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) a = gloss_session_annotate (f->session, f->doc->id, f->claim->id, 13, 36, NULL, &error);
  g_autoptr(GlossField) likelihood = gloss_store_find_field (f->store, f->claim->id, "likelihood", &error);
  g_autofree char *path = g_strdup (gloss_store_get_path (f->store));
  g_autofree char *stored = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  stored = gloss_session_set_field (f->session, a->id, likelihood->id, "likely", &error);
  g_assert_no_error (error);
  g_assert_true (gloss_project_check (f->store, report, &error));
  g_assert_no_error (error);

  /* Another program writes a value the field does not offer. */
  g_clear_object (&f->session);
  g_clear_object (&f->store);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE field_values SET value = 'a coin toss'", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  f->store = gloss_store_open (path, GLOSS_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_store_check (f->store, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (gloss_project_check (f->store, report, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (report->str, a->id));
  g_assert_nonnull (strstr (report->str, "a coin toss"));
}

/* One core call imports whatever the user drops: an article becomes a document, an
 * annotation file adds its annotations, the same article twice is refused. */
static void
test_import_any (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *article = g_build_filename (f->dir, "note.md", NULL);
  g_autofree char *exported = g_build_filename (f->dir, "export.json", NULL);
  g_autofree char *other_path = g_build_filename (f->dir, "other.gloss", NULL);
  g_autofree char *folder = g_build_filename (f->dir, "empty-folder", NULL);
  g_autoptr(GlossImportOutcome) first = gloss_import_outcome_new ();
  g_autoptr(GlossImportOutcome) again = gloss_import_outcome_new ();
  g_autoptr(GlossImportOutcome) json = gloss_import_outcome_new ();
  g_autoptr(GlossImportOutcome) none = gloss_import_outcome_new ();
  g_autoptr(GlossAnnotation) a = NULL;
  g_autoptr(GlossScope) scope = gloss_scope_new ();
  g_autoptr(GlossStore) other = NULL;

  g_assert_true (g_file_set_contents (article, "# Port report\n\nCranes are idle.\n", -1, NULL));
  g_assert_true (gloss_exchange_import_any (f->store, article, first, &error));
  g_assert_no_error (error);
  g_assert_cmpint (first->format, ==, GLOSS_FORMAT_ARTICLE);
  g_assert_cmpstr (first->document->title, ==, "Port report");

  g_assert_false (gloss_exchange_import_any (f->store, article, again, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);

  a = gloss_session_annotate (f->session, f->doc->id, f->claim->id, 13, 36, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_exchange_export_path (f->store, scope, GLOSS_FORMAT_JSON, NULL, exported, NULL, NULL, &error));
  g_assert_no_error (error);
  other = gloss_project_create (other_path, "Other", GLOSS_PROJECT_CREATE_NO_CODEBOOK, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_exchange_import_any (other, exported, json, &error));
  g_assert_no_error (error);
  g_assert_cmpint (json->format, ==, GLOSS_FORMAT_JSON);
  g_assert_null (json->document);
  g_assert_cmpuint (json->report->annotations_added, ==, 1);
  g_assert_cmpuint (json->report->documents_added, ==, 2);

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_false (gloss_exchange_import_any (other, folder, none, &error));
  g_assert_error (error, GLOSS_EXCHANGE_ERROR, GLOSS_EXCHANGE_ERROR_UNKNOWN_FORMAT);
  g_rmdir (folder);
  g_unlink (exported);
  g_unlink (article);
  gloss_store_close (other);
  {
    g_autofree char *wal = g_strconcat (other_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (other_path, "-shm", NULL);
    g_unlink (other_path);
    g_unlink (wal);
    g_unlink (shm);
  }
}

/* A tag that links a mention is one change: one history entry (its creation, whose
 * version holds the link), the annotation returned as stored, and after undo and
 * redo the link is back. A surname that two entities' names end in is a new person. */
static void
test_tag_link_one_change (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) first = NULL;
  g_autoptr(GlossAnnotation) stored = NULL;
  g_autoptr(GlossAnnotation) surname = NULL;
  g_autoptr(GlossAnnotation) redone = NULL;
  g_autoptr(GlossAnnotation) ambiguous = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GlossEntity) other = NULL;
  GlossHistoryEntry *entry;

  first = gloss_session_annotate (f->session, f->doc->id, f->person->id, 0, 12, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first->entity_id);
  stored = gloss_store_get_annotation (f->store, first->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->entity_id, ==, first->entity_id);
  g_assert_cmpstr (stored->label_name, ==, first->label_name);
  g_assert_cmpstr (stored->annotator, ==, first->annotator);
  g_assert_cmpstr (stored->modified, ==, first->modified);

  history = gloss_store_list_history (f->store, first->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 1);
  entry = history->pdata[0];
  g_assert_cmpstr (entry->action, ==, GLOSS_HISTORY_CREATE);
  g_assert_nonnull (strstr (entry->after, first->entity_id));

  /* The surname alone: the same person, still one history entry. */
  surname = gloss_session_annotate (f->session, f->doc->id, f->person->id, 37, 43, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (surname->entity_id, ==, first->entity_id);
  g_clear_pointer (&history, g_ptr_array_unref);
  history = gloss_store_list_history (f->store, surname->id, &error);
  g_assert_cmpuint (history->len, ==, 1);

  g_assert_true (gloss_session_undo (f->session, &error));
  g_assert_no_error (error);
  g_assert_null (gloss_store_get_annotation (f->store, surname->id, NULL));
  g_assert_true (gloss_session_redo (f->session, &error));
  g_assert_no_error (error);
  redone = gloss_store_get_annotation (f->store, surname->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (redone->entity_id, ==, first->entity_id);

  /* With a second Brandt the surname names neither: it is a person of its own. */
  other = gloss_store_add_entity (f->store, "Sven Brandt", f->person->id, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  ambiguous = gloss_session_annotate (f->session, f->doc->id, f->person->id, 37, 43, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ambiguous->entity_id);
  g_assert_cmpstr (ambiguous->entity_id, !=, first->entity_id);
  g_assert_cmpstr (ambiguous->entity_id, !=, other->id);
  g_assert_cmpuint (count_entities (f), ==, 3);
}

/* A tag links a mention only to an entity of its own type, as the entity's type is
 * now: an organisation of the name is not the person, and once edited into a person
 * it is. A tag with a label that does not exist writes nothing. */
static void
test_tag_links_within_type (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossLabel) org = gloss_store_find_label_by_name (f->store, "Organization", &error);
  g_autoptr(GlossDocument) doc = NULL;
  g_autoptr(GlossEntity) ada = NULL;
  g_autoptr(GlossEntity) edited = NULL;
  g_autoptr(GlossAnnotation) as_org = NULL;
  g_autoptr(GlossAnnotation) as_person = NULL;
  g_autoptr(GPtrArray) all = NULL;
  guint entities, annotations;

  g_assert_no_error (error);
  doc = gloss_store_add_document (f->store, "Two", "Ada Lind met Kai Moor.", NULL, "txt", NULL, &error);
  g_assert_no_error (error);
  ada = gloss_store_add_entity (f->store, "Ada Lind", org->id, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  as_org = gloss_session_annotate (f->session, doc->id, f->person->id, 0, 8, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (as_org->entity_id);
  g_assert_cmpstr (as_org->entity_id, !=, ada->id);
  g_assert_cmpuint (count_entities (f), ==, 2);
  g_assert_true (gloss_session_undo (f->session, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_entities (f), ==, 1);

  edited = gloss_entity_copy (ada);
  g_free (edited->label_id);
  edited->label_id = g_strdup (f->person->id);
  g_assert_true (gloss_session_edit_entity (f->session, edited, &error));
  g_assert_no_error (error);
  as_person = gloss_session_annotate (f->session, doc->id, f->person->id, 0, 8, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (as_person->entity_id, ==, ada->id);
  g_assert_cmpuint (count_entities (f), ==, 1);

  entities = count_entities (f);
  all = gloss_store_list_annotations (f->store, NULL, &error);
  g_assert_no_error (error);
  annotations = all->len;
  g_clear_pointer (&all, g_ptr_array_unref);
  g_assert_null (gloss_session_annotate (f->session, doc->id, "no-such-label", 13, 21, NULL, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND);
  g_assert_cmpuint (count_entities (f), ==, entities);
  all = gloss_store_list_annotations (f->store, NULL, &error);
  g_assert_cmpuint (all->len, ==, annotations);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/core/session/annotate-links-entity", test_annotate_links_entity);
  ADD ("/core/session/tag-link-one-change", test_tag_link_one_change);
  ADD ("/core/session/tag-links-within-type", test_tag_links_within_type);
  ADD ("/core/session/label-note-delete", test_label_note_delete);
  ADD ("/core/session/fields-and-new-entities", test_fields_and_new_entities);
  ADD ("/core/session/entity-link", test_entity_link);
  ADD ("/core/session/undo-tag-removes-new-entity", test_undo_tag_removes_new_entity);
  ADD ("/core/session/links-merge-mentions", test_links_merge_mentions);
  ADD ("/core/session/document-properties-undo", test_document_properties_undo);
  ADD ("/core/session/speaker-attribution", test_speaker_attribution);
  ADD ("/core/project/check-field-values", test_project_check_field_values);
  ADD ("/core/exchange/import-any", test_import_any);
#undef ADD
  return g_test_run ();
}

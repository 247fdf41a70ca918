/* gloss-session.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-session"

#include "config.h"

#include <json-glib/json-glib.h>

#include "gloss-conflict-text.h"
#include "gloss-fields.h"
#include "gloss-util.h"
#include "gloss-relations.h"
#include "gloss-session.h"
#include "gloss-speaker.h"
#include "gloss-store-private.h"
#include "gloss-tradecraft-private.h"

struct _GlossSession
{
  GObject         parent_instance;
  GlossStore     *store;
  GlossUndoStack *undo;
  char           *annotator;
};

G_DEFINE_FINAL_TYPE (GlossSession, gloss_session, G_TYPE_OBJECT)

static void
gloss_session_finalize (GObject *object)
{
  GlossSession *self = GLOSS_SESSION (object);

  g_clear_object (&self->store);
  g_clear_object (&self->undo);
  g_free (self->annotator);

  G_OBJECT_CLASS (gloss_session_parent_class)->finalize (object);
}

static void
gloss_session_class_init (GlossSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gloss_session_finalize;
}

static void
gloss_session_init (GlossSession *self)
{
}

/**
 * gloss_session_new:
 * @store: the project
 * @undo: (nullable): the undo stack to record steps in; NULL makes a new one
 *
 * Returns: (transfer full): a session
 */
GlossSession *
gloss_session_new (GlossStore     *store,
                   GlossUndoStack *undo)
{
  GlossSession *self;

  g_return_val_if_fail (GLOSS_IS_STORE (store), NULL);

  self = g_object_new (GLOSS_TYPE_SESSION, NULL);
  self->store = g_object_ref (store);
  self->undo = undo != NULL ? g_object_ref (undo) : gloss_undo_stack_new ();
  return self;
}

GlossStore *
gloss_session_get_store (GlossSession *self)
{
  g_return_val_if_fail (GLOSS_IS_SESSION (self), NULL);
  return self->store;
}

GlossUndoStack *
gloss_session_get_undo_stack (GlossSession *self)
{
  g_return_val_if_fail (GLOSS_IS_SESSION (self), NULL);
  return self->undo;
}

void
gloss_session_set_annotator (GlossSession *self,
                             const char   *annotator)
{
  g_return_if_fail (GLOSS_IS_SESSION (self));
  g_free (self->annotator);
  self->annotator = g_strdup (annotator);
}

const char *
gloss_session_get_annotator (GlossSession *self)
{
  g_return_val_if_fail (GLOSS_IS_SESSION (self), NULL);
  return self->annotator != NULL ? self->annotator : gloss_store_get_user (self->store);
}

/* Runs @body inside one transaction: committed when it returns TRUE, rolled back
 * whole otherwise. */
typedef gboolean (*TransactionBody) (GlossSession *self, gpointer data, GError **error);

static gboolean
in_transaction (GlossSession   *self,
                TransactionBody body,
                gpointer        data,
                GError        **error)
{
  if (!gloss_store_begin (self->store, error))
    return FALSE;
  if (!body (self, data, error))
    {
      gloss_store_rollback (self->store);
      return FALSE;
    }
  return gloss_store_commit (self->store, error);
}

/* The same for a body whose every failure fails it whole: its units of work take
 * no savepoint each (gloss_store_begin_bulk()), which SQLite would otherwise fill
 * with a copy of every page they touch. Inside a transaction already open, as
 * in_transaction(). */
static gboolean
in_transaction_without_savepoints (GlossSession   *self,
                                   TransactionBody body,
                                   gpointer        data,
                                   GError        **error)
{
  sqlite3 *db = gloss_store_get_db (self->store);

  if (db == NULL || !sqlite3_get_autocommit (db))
    return in_transaction (self, body, data, error);
  if (!gloss_store_begin_bulk (self->store, error))
    return FALSE;
  if (!body (self, data, error))
    {
      gloss_store_rollback (self->store);
      return FALSE;
    }
  return gloss_store_commit (self->store, error);
}

/* ------------------------------------------------------------------------- */
/* Tagging                                                                   */

typedef struct {
  const char      *document_id;
  const char      *label_id;
  gint64           start;
  gint64           end;
  const char      *note;
  GlossAnnotation *annotation;   /* out */
  char            *entity_id;    /* the entity the mention is linked to, until the row is written */
  char            *created_entity_id;   /* out: the entity the tag added to the register */
} Annotate;

/* The entity a mention tagged with an entity label names: the register's entry of
 * that name (or, for a surname after the full name, "Brandt" after "Sofia Brandt",
 * that person), or a new one. Indexed lookups of ids only: this runs on every tag,
 * whatever the size of the register. Called by the store with the quote and the
 * label's pk before the annotation's row is written, so that the row is written
 * once, linked. */
static gint64
resolve_mention_cb (GlossStore *store,
                    const char *quote,
                    gint64      label_pk,
                    gpointer    data,
                    GError    **error)
{
  Annotate *a = data;
  g_autofree char *entity_id = NULL;
  gboolean ambiguous = FALSE;
  g_autoptr(GError) local_error = NULL;
  gint64 pk = 0;

  entity_id = gloss_store_resolve_mention_pk (store, quote, label_pk, &ambiguous, &pk, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return -1;
    }
  if (entity_id == NULL && !ambiguous)
    {
      g_autoptr(GlossEntity) entity = gloss_store_add_entity_name_free (store, quote, a->label_id, &pk,
                                                                         &local_error);
      if (entity != NULL)
        {
          entity_id = g_strdup (entity->id);
          a->created_entity_id = g_strdup (entity->id);
        }
      /* The quote cannot name an entity (no letters): the mention stays unlinked. */
      else if (local_error->domain == GLOSS_STORE_ERROR &&
               (local_error->code == GLOSS_STORE_ERROR_INVALID || local_error->code == GLOSS_STORE_ERROR_DUPLICATE))
        g_clear_error (&local_error);
      else
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return -1;
        }
    }
  /* Several entities match: the mention stays unlinked, and the detail pane (or
   * --entity) links it. */
  if (entity_id == NULL)
    return 0;
  /* The pk came with the entity, found or added. */
  if (pk <= 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "The entity %s is gone.", entity_id);
      return -1;
    }
  a->entity_id = g_steal_pointer (&entity_id);
  return pk;
}

static gboolean
annotate_linking_entity (GlossSession *self,
                         gpointer      data,
                         GError      **error)
{
  Annotate *a = data;

  a->annotation = gloss_store_add_annotation_resolving (self->store, a->document_id, a->label_id, a->start, a->end,
                                                        a->note, gloss_session_get_annotator (self),
                                                        resolve_mention_cb, a, error);
  if (a->annotation == NULL)
    return FALSE;
  a->annotation->entity_id = g_steal_pointer (&a->entity_id);
  return TRUE;
}

/**
 * gloss_session_annotate:
 * @note: (nullable)
 *
 * Tags [@start, @end) of a document with a label, in one transaction. A mention
 * tagged with an entity label is linked to the register's entity of that name
 * (matched ignoring case, punctuation and accents), which is created when there is
 * none; when several match it stays unlinked.
 *
 * Returns: (transfer full): the new annotation as stored (with its entity)
 */
GlossAnnotation *
gloss_session_annotate (GlossSession *self,
                        const char   *document_id,
                        const char   *label_id,
                        gint64        start,
                        gint64        end,
                        const char   *note,
                        GError      **error)
{
  g_autoptr(GlossAnnotation) created = NULL;
  gboolean ok;
  Annotate a = { document_id, label_id, start, end, note, NULL, NULL, NULL };
  g_autofree char *created_entity_id = NULL;

  g_return_val_if_fail (GLOSS_IS_SESSION (self), NULL);

  /* The label is read inside the transaction, by the store (a read of its own
   * before it would take and drop the WAL's read lock once more on every tag). A
   * quote that names no entity is refused before add_entity() writes anything
   * (the tag then stays unlinked): every other failure fails the tag. */
  ok = in_transaction_without_savepoints (self, annotate_linking_entity, &a, error);
  created_entity_id = a.created_entity_id;
  g_free (a.entity_id);
  if (!ok)
    {
      g_clear_pointer (&a.annotation, gloss_annotation_free);
      return NULL;
    }
  created = a.annotation;
  if (created_entity_id != NULL)
    gloss_undo_stack_push_create_with_entity (self->undo, document_id, created->id, created_entity_id);
  else
    gloss_undo_stack_push_create (self->undo, document_id, created->id);
  /* As stored: gloss_store_add_annotation_resolving() returns the row it wrote,
   * with its link. */
  return g_steal_pointer (&created);
}

static char *
document_of (GlossSession *self,
             const char   *annotation_id,
             GError      **error)
{
  g_autoptr(GlossAnnotation) annotation = gloss_store_get_annotation (self->store, annotation_id, error);

  return annotation != NULL ? g_strdup (annotation->document_id) : NULL;
}

gboolean
gloss_session_delete_annotation (GlossSession *self,
                                 const char   *annotation_id,
                                 GError      **error)
{
  g_autofree char *document_id = NULL;

  g_return_val_if_fail (GLOSS_IS_SESSION (self), FALSE);

  document_id = document_of (self, annotation_id, error);
  if (document_id == NULL || !gloss_store_delete_annotation (self->store, annotation_id, error))
    return FALSE;
  gloss_undo_stack_push_delete (self->undo, document_id, annotation_id);
  return TRUE;
}

gboolean
gloss_session_set_label (GlossSession *self,
                         const char   *annotation_id,
                         const char   *label_id,
                         GError      **error)
{
  g_autoptr(GlossAnnotation) before = NULL;

  g_return_val_if_fail (GLOSS_IS_SESSION (self), FALSE);

  before = gloss_store_get_annotation (self->store, annotation_id, error);
  if (before == NULL)
    return FALSE;
  if (g_strcmp0 (before->label_id, label_id) == 0)
    return TRUE;
  if (!gloss_store_set_annotation_label (self->store, annotation_id, label_id, error))
    return FALSE;
  gloss_undo_stack_push_relabel (self->undo, before->document_id, annotation_id, before->label_id, label_id);
  return TRUE;
}

gboolean
gloss_session_edit_entity (GlossSession      *self,
                           const GlossEntity *entity,
                           GError           **error)
{
  g_autoptr(GlossEntity) before = NULL;
  g_autoptr(GlossEntity) after = NULL;

  g_return_val_if_fail (GLOSS_IS_SESSION (self), FALSE);
  g_return_val_if_fail (entity != NULL && entity->id != NULL, FALSE);

  before = gloss_store_get_entity (self->store, entity->id, error);
  if (before == NULL)
    return FALSE;
  if (!gloss_store_update_entity (self->store, entity, error))
    return FALSE;
  /* What the store made of it (trimmed, its aliases cleaned), for redo. */
  after = gloss_store_get_entity (self->store, entity->id, NULL);
  gloss_undo_stack_push_entity_edit (self->undo, before, after ? after : entity);
  return TRUE;
}

gboolean
gloss_session_delete_entity (GlossSession *self,
                             const char   *entity_id,
                             GError      **error)
{
  g_autoptr(GlossEntity) entity = NULL;

  g_return_val_if_fail (GLOSS_IS_SESSION (self), FALSE);

  entity = gloss_store_get_entity (self->store, entity_id, error);
  if (entity == NULL)
    return FALSE;
  /* The store refuses (IN_USE, naming the count) while annotations mention it. */
  if (!gloss_store_delete_entity (self->store, entity_id, error))
    return FALSE;
  gloss_undo_stack_push_entity_delete (self->undo, entity_id);
  return TRUE;
}

/**
 * gloss_session_resize_annotation:
 * @start: the new first code point
 * @end: the new end (exclusive); the span must stay non-empty and in the text
 */
gboolean
gloss_session_resize_annotation (GlossSession *self,
                                 const char   *annotation_id,
                                 gint64        start,
                                 gint64        end,
                                 GError      **error)
{
  g_autoptr(GlossAnnotation) before = NULL;

  g_return_val_if_fail (GLOSS_IS_SESSION (self), FALSE);

  before = gloss_store_get_annotation (self->store, annotation_id, error);
  if (before == NULL)
    return FALSE;
  if (before->start == start && before->end == end)
    return TRUE;
  if (!gloss_store_set_annotation_span (self->store, annotation_id, start, end, error))
    return FALSE;
  gloss_undo_stack_push_span (self->undo, before->document_id, annotation_id, before->start, before->end,
                              start, end);
  return TRUE;
}

/**
 * gloss_session_set_note:
 * @note: (nullable): the new note; empty or NULL removes it
 */
gboolean
gloss_session_set_note (GlossSession *self,
                        const char   *annotation_id,
                        const char   *note,
                        GError      **error)
{
  g_autoptr(GlossAnnotation) before = NULL;

  g_return_val_if_fail (GLOSS_IS_SESSION (self), FALSE);

  if (note != NULL && *note == '\0')
    note = NULL;
  before = gloss_store_get_annotation (self->store, annotation_id, error);
  if (before == NULL)
    return FALSE;
  if (g_strcmp0 (before->note, note) == 0)
    return TRUE;
  if (!gloss_store_set_annotation_note (self->store, annotation_id, note, error))
    return FALSE;
  gloss_undo_stack_push_note (self->undo, before->document_id, annotation_id, before->note, note);
  return TRUE;
}

/* ------------------------------------------------------------------------- */
/* Fields and entities                                                       */

typedef struct {
  const char *annotation_id;
  const char *field_id;        /* NULL: the annotation's own entity link */
  const char *value;           /* a value, or NULL to clear */
  const char *entity_name;     /* non-NULL: create this entity and use its id */
  const char *entity_label_id;
  char       *entity_id;       /* out: the entity created */
  const char *old_value;       /* the field's value before */
  char      **links_removed;   /* out: "attributed to" links the speaker rule deleted */
  char       *link_added;      /* out: ... and the one it added */
} SetValue;

static gboolean
set_value (GlossSession *self,
           gpointer      data,
           GError      **error)
{
  SetValue *v = data;
  const char *value = v->value;

  if (v->entity_name != NULL)
    {
      g_autoptr(GlossEntity) entity = gloss_store_add_entity (self->store, v->entity_name, v->entity_label_id,
                                                              NULL, NULL, NULL, error);

      if (entity == NULL)
        return FALSE;
      v->entity_id = g_strdup (entity->id);
      value = v->entity_id;
    }
  if (v->field_id != NULL)
    {
      g_autofree char *stored = NULL;

      if (!gloss_store_set_field_value (self->store, v->annotation_id, v->field_id, value, error))
        return FALSE;
      /* A claim's speaker brings its "attributed to" link along, in this transaction. */
      stored = gloss_store_dup_field_value (self->store, v->annotation_id, v->field_id, NULL);
      return gloss_speaker_follow (self->store, v->annotation_id, v->field_id, v->old_value, stored,
                                   gloss_session_get_annotator (self), &v->links_removed, &v->link_added, error);
    }
  return gloss_store_set_annotation_entity (self->store, v->annotation_id, value, error);
}

/* The field's value (field_id) or the annotation's entity (no field_id) set in one
 * transaction, with its undo step. Returns the stored value (may be NULL when
 * cleared: then *@ok tells success). */
static char *
set_value_undoable (GlossSession *self,
                    SetValue     *v,
                    gboolean     *ok,
                    GError      **error)
{
  g_autoptr(GlossAnnotation) before = gloss_store_get_annotation (self->store, v->annotation_id, error);
  g_autofree char *old = NULL;
  char *stored;

  *ok = FALSE;
  if (before == NULL)
    return NULL;
  if (v->field_id != NULL)
    old = gloss_store_dup_field_value (self->store, v->annotation_id, v->field_id, NULL);
  else
    old = g_strdup (before->entity_id);
  if (v->value != NULL && *v->value == '\0')
    v->value = NULL;
  if (v->entity_name == NULL && g_strcmp0 (old, v->value) == 0)
    {
      *ok = TRUE;
      return g_steal_pointer (&old);
    }
  v->old_value = old;
  if (!in_transaction (self, set_value, v, error))
    {
      g_free (v->entity_id);
      g_strfreev (v->links_removed);
      g_free (v->link_added);
      return NULL;
    }
  *ok = TRUE;
  if (v->field_id != NULL)
    {
      stored = gloss_store_dup_field_value (self->store, v->annotation_id, v->field_id, NULL);
      if (v->links_removed != NULL || v->link_added != NULL)
        gloss_undo_stack_push_field_links (self->undo, before->document_id, v->annotation_id, v->field_id,
                                           old, stored, (const char * const *) v->links_removed, v->link_added);
      else
        gloss_undo_stack_push_field (self->undo, before->document_id, v->annotation_id, v->field_id, old, stored);
      g_free (v->entity_id);
      g_strfreev (v->links_removed);
      g_free (v->link_added);
    }
  else
    {
      stored = v->entity_id != NULL ? v->entity_id : g_strdup (v->value);
      gloss_undo_stack_push_entity (self->undo, before->document_id, v->annotation_id, old, stored);
    }
  return stored;
}

/**
 * gloss_session_set_field:
 * @value: (nullable): as typed; NULL or empty clears it
 *
 * Sets one field of an annotation, checked against the field's definition.
 *
 * Returns: (transfer full) (nullable): the value as stored (normalised), NULL when
 *   cleared or on error (then @error is set)
 */
char *
gloss_session_set_field (GlossSession *self,
                         const char   *annotation_id,
                         const char   *field_id,
                         const char   *value,
                         GError      **error)
{
  SetValue v = { annotation_id, field_id, value, NULL, NULL, NULL };
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_SESSION (self), NULL);
  g_return_val_if_fail (field_id != NULL, NULL);
  return set_value_undoable (self, &v, &ok, error);
}

/**
 * gloss_session_set_field_new_entity:
 *
 * Adds an entity named @entity_name to the register and makes it the value of an
 * entity field, in one transaction and one undo step.
 *
 * Returns: (transfer full): the new entity's id, or NULL on error
 */
char *
gloss_session_set_field_new_entity (GlossSession *self,
                                    const char   *annotation_id,
                                    const char   *field_id,
                                    const char   *entity_name,
                                    const char   *entity_label_id,
                                    GError      **error)
{
  SetValue v = { annotation_id, field_id, NULL, entity_name, entity_label_id, NULL };
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_SESSION (self), NULL);
  g_return_val_if_fail (field_id != NULL && entity_name != NULL, NULL);
  return set_value_undoable (self, &v, &ok, error);
}

/**
 * gloss_session_set_entity:
 * @entity_id: (nullable): the register's entity, NULL to unlink
 */
gboolean
gloss_session_set_entity (GlossSession *self,
                          const char   *annotation_id,
                          const char   *entity_id,
                          GError      **error)
{
  SetValue v = { annotation_id, NULL, entity_id, NULL, NULL, NULL };
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_SESSION (self), FALSE);
  g_free (set_value_undoable (self, &v, &ok, error));
  return ok;
}

/**
 * gloss_session_set_new_entity:
 *
 * Adds an entity to the register and links the annotation to it: one transaction,
 * one undo step.
 *
 * Returns: (transfer full): the new entity's id, or NULL on error
 */
char *
gloss_session_set_new_entity (GlossSession *self,
                              const char   *annotation_id,
                              const char   *entity_name,
                              const char   *entity_label_id,
                              GError      **error)
{
  SetValue v = { annotation_id, NULL, NULL, entity_name, entity_label_id, NULL };
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_SESSION (self), NULL);
  g_return_val_if_fail (entity_name != NULL, NULL);
  return set_value_undoable (self, &v, &ok, error);
}

/* ------------------------------------------------------------------------- */
/* Links, merges, mentions, source details                                   */

/**
 * gloss_session_link:
 *
 * Links two annotations (of any documents) with a relation type.
 *
 * Returns: (transfer full): the new relation
 */
GlossRelation *
gloss_session_link (GlossSession *self,
                    const char   *type_id,
                    const char   *from_id,
                    const char   *to_id,
                    const char   *shown_id,
                    GError      **error)
{
  g_autofree char *document_id = NULL;
  GlossRelation *relation;

  g_return_val_if_fail (GLOSS_IS_SESSION (self), NULL);

  if (shown_id == NULL)
    shown_id = from_id;
  document_id = document_of (self, shown_id, error);
  if (document_id == NULL)
    return NULL;
  relation = gloss_store_add_relation (self->store, type_id, from_id, to_id, gloss_session_get_annotator (self),
                                       error);
  if (relation != NULL)
    gloss_undo_stack_push_link (self->undo, document_id, shown_id, relation->id);
  return relation;
}

/**
 * gloss_session_link_entity:
 *
 * Links annotation @from_id to entity @entity_id of the register, undoably, like
 * gloss_session_link().
 *
 * Returns: (transfer full): the new relation
 */
GlossRelation *
gloss_session_link_entity (GlossSession *self,
                           const char   *type_id,
                           const char   *from_id,
                           const char   *entity_id,
                           GError      **error)
{
  g_autofree char *document_id = NULL;
  GlossRelation *relation;

  g_return_val_if_fail (GLOSS_IS_SESSION (self), NULL);

  document_id = document_of (self, from_id, error);
  if (document_id == NULL)
    return NULL;
  relation = gloss_store_add_entity_relation (self->store, type_id, from_id, entity_id,
                                              gloss_session_get_annotator (self), error);
  if (relation != NULL)
    gloss_undo_stack_push_link (self->undo, document_id, from_id, relation->id);
  return relation;
}

gboolean
gloss_session_unlink (GlossSession *self,
                      const char   *relation_id,
                      const char   *shown_id,
                      GError      **error)
{
  g_autoptr(GlossRelation) relation = NULL;
  g_autofree char *document_id = NULL;

  g_return_val_if_fail (GLOSS_IS_SESSION (self), FALSE);

  relation = gloss_store_get_relation (self->store, relation_id, error);
  if (relation == NULL)
    return FALSE;
  if (shown_id == NULL)
    shown_id = relation->from_id;
  document_id = document_of (self, shown_id, error);
  if (document_id == NULL || !gloss_store_delete_relation (self->store, relation_id, error))
    return FALSE;
  gloss_undo_stack_push_unlink (self->undo, document_id, shown_id, relation_id);
  return TRUE;
}

/**
 * gloss_session_merge_entities:
 *
 * Merges @other_id into @keep_id (mentions, field values and aliases move over);
 * undo brings the other entity back exactly as it was.
 */
gboolean
gloss_session_merge_entities (GlossSession *self,
                              const char   *keep_id,
                              const char   *other_id,
                              GError      **error)
{
  GlossEntityMerge *merge;

  g_return_val_if_fail (GLOSS_IS_SESSION (self), FALSE);

  merge = gloss_store_merge_entities (self->store, keep_id, other_id, error);
  if (merge == NULL)
    return FALSE;
  gloss_undo_stack_push_merge (self->undo, merge);
  return TRUE;
}

/**
 * gloss_session_annotate_mentions:
 * @entity_id: (nullable): the entity; %NULL for the mentions' own entities
 * @mentions: (element-type GlossMention): the accepted ones of
 *   gloss_store_find_unannotated_mentions() (or, with no @entity_id,
 *   gloss_store_find_all_unannotated_mentions())
 *
 * Annotates each accepted mention with the entity's label and links it, in one
 * transaction and one undo step.
 *
 * Returns: (transfer full) (element-type GlossAnnotation): the new annotations
 */
GPtrArray *
gloss_session_annotate_mentions (GlossSession *self,
                                 const char   *entity_id,
                                 GPtrArray    *mentions,
                                 GError      **error)
{
  g_autoptr(GPtrArray) created = NULL;
  g_autoptr(GPtrArray) ids = NULL;

  g_return_val_if_fail (GLOSS_IS_SESSION (self), NULL);

  created = gloss_store_annotate_mentions (self->store, entity_id, mentions, gloss_session_get_annotator (self),
                                           error);
  if (created == NULL)
    return NULL;
  if (created->len == 0)
    return g_steal_pointer (&created);

  /* One step for the whole batch: one undo takes back everything the user accepted. */
  ids = g_ptr_array_new ();
  for (guint i = 0; i < created->len; i++)
    g_ptr_array_add (ids, ((GlossAnnotation *) g_ptr_array_index (created, i))->id);
  g_ptr_array_add (ids, NULL);
  gloss_undo_stack_push_create_many (self->undo, ((GlossAnnotation *) g_ptr_array_index (created, 0))->document_id,
                                     (const char * const *) ids->pdata);
  return g_steal_pointer (&created);
}

/**
 * gloss_session_set_document_properties:
 * @properties: the new reliability, author, publisher, date, URL and TLP marking
 *
 * Sets a document's source details (checked and normalised by the store); undo
 * puts back the details as they were.
 */
gboolean
gloss_session_set_document_properties (GlossSession        *self,
                                       const char          *document_id,
                                       const GlossDocument *properties,
                                       GError             **error)
{
  g_autoptr(GlossDocument) before = NULL;
  g_autoptr(GlossDocument) after = NULL;

  g_return_val_if_fail (GLOSS_IS_SESSION (self), FALSE);

  before = gloss_store_get_document (self->store, document_id, error);
  if (before == NULL || !gloss_store_set_document_properties (self->store, document_id, properties, error))
    return FALSE;
  after = gloss_store_get_document (self->store, document_id, error);
  if (after == NULL)
    return FALSE;
  gloss_undo_stack_push_properties (self->undo, document_id, before, after);
  return TRUE;
}

/**
 * gloss_session_set_graph_positions:
 * @positions: (array length=n): entity ids and points in the chart's units
 *
 * Saves where the analyst put entities on the link chart, all in one transaction
 * (see gloss-graph-positions.h). The undo stack is left alone: moving a node back is
 * how one undoes a move, and an undo step here would sit between the analyst's
 * annotation steps.
 */
gboolean
gloss_session_set_graph_positions (GlossSession             *self,
                                   const GlossGraphPosition *positions,
                                   guint                     n,
                                   GError                  **error)
{
  g_return_val_if_fail (GLOSS_IS_SESSION (self), FALSE);
  return gloss_store_set_graph_positions (self->store, positions, n, error);
}

gboolean
gloss_session_undo (GlossSession *self,
                    GError      **error)
{
  g_return_val_if_fail (GLOSS_IS_SESSION (self), FALSE);
  return gloss_undo_stack_undo (self->undo, self->store, error);
}

gboolean
gloss_session_redo (GlossSession *self,
                    GError      **error)
{
  g_return_val_if_fail (GLOSS_IS_SESSION (self), FALSE);
  return gloss_undo_stack_redo (self->undo, self->store, error);
}

/* ------------------------------------------------------------------------- */
/* Conflicts of a merge                                                       */

gboolean
gloss_session_resolve_conflict (GlossSession       *self,
                                const char         *conflict_id,
                                GlossConflictChoice choice,
                                const char         *value,
                                GError            **error)
{
  g_autoptr(GlossConflict) conflict = NULL;
  g_autoptr(JsonNode) row = NULL;
  g_autoptr(JsonNode) chosen = NULL;
  g_autoptr(JsonGenerator) gen = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *typed = NULL;
  g_autofree char *annotation_id = NULL;
  const char *json = NULL;
  JsonObject *o;

  g_return_val_if_fail (GLOSS_IS_SESSION (self), FALSE);

  conflict = gloss_store_get_conflict (self->store, conflict_id, error);
  if (conflict == NULL)
    return FALSE;
  switch (choice)
    {
    case GLOSS_CONFLICT_MINE:
      json = conflict->mine;
      break;
    case GLOSS_CONFLICT_THEIRS:
      json = conflict->theirs;
      break;
    case GLOSS_CONFLICT_BASE:
      json = conflict->base ? conflict->base : "null";
      break;
    case GLOSS_CONFLICT_EDITED:
      typed = gloss_conflict_value_from_text (self->store, conflict, value, error);
      if (typed == NULL)
        return FALSE;
      json = typed;
      break;
    default:
      g_return_val_if_reached (FALSE);
    }

  before = gloss_store_conflict_row (self->store, conflict, error);
  if (before == NULL)
    return FALSE;
  row = gloss_json_parse_text (before, JSON_NODE_OBJECT, error);
  chosen = json_from_string (json, NULL);
  if (row == NULL)
    return FALSE;
  if (chosen == NULL)
    chosen = json_node_new (JSON_NODE_NULL);
  o = json_node_get_object (row);
  if (g_str_equal (conflict->field, "span"))
    {
      JsonArray *span = JSON_NODE_HOLDS_ARRAY (chosen) ? json_node_get_array (chosen) : NULL;

      if (span == NULL || json_array_get_length (span) != 2)
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                       "Conflict %s has no span to choose there.", conflict->id);
          return FALSE;
        }
      json_object_set_int_member (o, "start", json_array_get_int_element (span, 0));
      json_object_set_int_member (o, "end", json_array_get_int_element (span, 1));
    }
  else if (conflict->base == NULL && choice == GLOSS_CONFLICT_BASE && !g_str_equal (conflict->table, "field_values"))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "Conflict %s has no common version to go back to.", conflict->id);
      return FALSE;
    }
  else if (g_str_equal (conflict->field, "label") && JSON_NODE_HOLDS_ARRAY (chosen))
    {
      /* An annotation's label and entity, which go together. */
      JsonArray *pair = json_node_get_array (chosen);

      if (json_array_get_length (pair) != 2)
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                       "Conflict %s has no label to choose there.", conflict->id);
          return FALSE;
        }
      json_object_set_member (o, "label", json_node_copy (json_array_get_element (pair, 0)));
      json_object_set_member (o, "entity", json_node_copy (json_array_get_element (pair, 1)));
    }
  else
    json_object_set_member (o, conflict->field, json_node_copy (chosen));

  gen = json_generator_new ();
  json_generator_set_root (gen, row);
  after = json_generator_to_data (gen, NULL);
  if (!gloss_store_write_conflict_row (self->store, conflict, after, TRUE, error))
    return FALSE;

  if (g_str_equal (conflict->table, "annotations") || g_str_equal (conflict->table, "field_values"))
    annotation_id = g_strdup (conflict->row_id);
  gloss_undo_stack_push_conflict (self->undo, conflict, annotation_id, before, after);
  return TRUE;
}

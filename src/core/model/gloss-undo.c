/* gloss-undo.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-undo"

#include <stdio.h>

#include "gloss-ach.h"
#include "gloss-entities.h"
#include "gloss-fields.h"
#include "gloss-relations.h"
#include "gloss-undo.h"

typedef struct {
  GlossUndoKind kind;
  char *document_id;
  char *annotation_id;
  char *target_id;    /* field id or relation id, nullable */
  char *old_value;    /* label id, note, field value or entity id, nullable */
  char *new_value;
  GlossEntityMerge *merge;   /* GLOSS_UNDO_MERGE: the record of the last merge */
  char **annotation_ids;     /* GLOSS_UNDO_CREATE_MANY */
  GlossDocument *old_properties;   /* GLOSS_UNDO_PROPERTIES */
  GlossDocument *new_properties;
  GPtrArray *ach_changes;          /* GLOSS_UNDO_ACH: GlossAchRowChange */
  GlossEntity *old_entity;         /* GLOSS_UNDO_ENTITY_EDIT */
  GlossEntity *new_entity;
  char **links_removed;            /* GLOSS_UNDO_FIELD: relations the change deleted... */
  char *link_added;                /* ... and the one it added (gloss-speaker.c) */
  GlossConflict *conflict;         /* GLOSS_UNDO_CONFLICT; old_value and new_value: the row's JSON */
} GlossUndoStep;

struct _GlossUndoStack
{
  GObject    parent_instance;
  GPtrArray *undo;   /* GlossUndoStep*, last is the top */
  GPtrArray *redo;
  GlossUndoStep *last;   /* borrowed from one of the arrays, or owned in last_owned */
  GlossUndoStep *last_owned;
};

G_DEFINE_FINAL_TYPE (GlossUndoStack, gloss_undo_stack, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
gloss_undo_step_free (GlossUndoStep *step)
{
  g_free (step->document_id);
  g_free (step->annotation_id);
  g_free (step->target_id);
  g_free (step->old_value);
  g_free (step->new_value);
  g_clear_pointer (&step->merge, gloss_entity_merge_free);
  g_strfreev (step->annotation_ids);
  g_clear_pointer (&step->old_properties, gloss_document_free);
  g_clear_pointer (&step->new_properties, gloss_document_free);
  g_clear_pointer (&step->ach_changes, g_ptr_array_unref);
  g_clear_pointer (&step->old_entity, gloss_entity_free);
  g_clear_pointer (&step->new_entity, gloss_entity_free);
  g_strfreev (step->links_removed);
  g_free (step->link_added);
  g_clear_pointer (&step->conflict, gloss_conflict_free);
  g_free (step);
}

static void
gloss_undo_stack_set_last (GlossUndoStack *self,
                           GlossUndoStep  *step,
                           gboolean        owned)
{
  g_clear_pointer (&self->last_owned, gloss_undo_step_free);
  self->last = step;
  if (owned)
    self->last_owned = step;
}

static void
gloss_undo_stack_finalize (GObject *object)
{
  GlossUndoStack *self = GLOSS_UNDO_STACK (object);

  g_clear_pointer (&self->last_owned, gloss_undo_step_free);
  g_clear_pointer (&self->undo, g_ptr_array_unref);
  g_clear_pointer (&self->redo, g_ptr_array_unref);

  G_OBJECT_CLASS (gloss_undo_stack_parent_class)->finalize (object);
}

static void
gloss_undo_stack_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GlossUndoStack *self = GLOSS_UNDO_STACK (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, gloss_undo_stack_get_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, gloss_undo_stack_get_can_redo (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_undo_stack_class_init (GlossUndoStackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gloss_undo_stack_finalize;
  object_class->get_property = gloss_undo_stack_get_property;

  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gloss_undo_stack_init (GlossUndoStack *self)
{
  self->undo = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_undo_step_free);
  self->redo = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_undo_step_free);
}

GlossUndoStack *
gloss_undo_stack_new (void)
{
  return g_object_new (GLOSS_TYPE_UNDO_STACK, NULL);
}

/* Notifies can-undo / can-redo when they differ from the values before a change. */
static void
gloss_undo_stack_notify (GlossUndoStack *self,
                         gboolean        could_undo,
                         gboolean        could_redo)
{
  if (could_undo != gloss_undo_stack_get_can_undo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  if (could_redo != gloss_undo_stack_get_can_redo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

/* Takes @step as the newest undo step. */
static void
gloss_undo_stack_add (GlossUndoStack *self,
                      GlossUndoStep  *step)
{
  gboolean could_undo = gloss_undo_stack_get_can_undo (self);
  gboolean could_redo = gloss_undo_stack_get_can_redo (self);

  /* A new action makes the undone steps unreachable. The last step may live there. */
  if (self->last != NULL && self->last_owned == NULL)
    gloss_undo_stack_set_last (self, NULL, FALSE);
  g_ptr_array_set_size (self->redo, 0);
  g_ptr_array_add (self->undo, step);

  gloss_undo_stack_notify (self, could_undo, could_redo);
}

static void
gloss_undo_stack_push_full (GlossUndoStack *self,
                            GlossUndoKind   kind,
                            const char     *document_id,
                            const char     *annotation_id,
                            const char     *target_id,
                            const char     *old_value,
                            const char     *new_value)
{
  GlossUndoStep *step;

  g_return_if_fail (GLOSS_IS_UNDO_STACK (self));
  g_return_if_fail (annotation_id != NULL);

  step = g_new0 (GlossUndoStep, 1);
  step->kind = kind;
  step->document_id = g_strdup (document_id);
  step->annotation_id = g_strdup (annotation_id);
  step->target_id = g_strdup (target_id);
  step->old_value = g_strdup (old_value);
  step->new_value = g_strdup (new_value);
  gloss_undo_stack_add (self, step);
}

static void
gloss_undo_stack_push (GlossUndoStack *self,
                       GlossUndoKind   kind,
                       const char     *document_id,
                       const char     *annotation_id,
                       const char     *old_value,
                       const char     *new_value)
{
  gloss_undo_stack_push_full (self, kind, document_id, annotation_id, NULL, old_value, new_value);
}

void
gloss_undo_stack_push_create (GlossUndoStack *self,
                              const char     *document_id,
                              const char     *annotation_id)
{
  gloss_undo_stack_push (self, GLOSS_UNDO_CREATE, document_id, annotation_id, NULL, NULL);
}

void
gloss_undo_stack_push_create_with_entity (GlossUndoStack *self,
                                          const char     *document_id,
                                          const char     *annotation_id,
                                          const char     *entity_id)
{
  gloss_undo_stack_push_full (self, GLOSS_UNDO_CREATE, document_id, annotation_id, entity_id, NULL, NULL);
}

void
gloss_undo_stack_push_delete (GlossUndoStack *self,
                              const char     *document_id,
                              const char     *annotation_id)
{
  gloss_undo_stack_push (self, GLOSS_UNDO_DELETE, document_id, annotation_id, NULL, NULL);
}

void
gloss_undo_stack_push_relabel (GlossUndoStack *self,
                               const char     *document_id,
                               const char     *annotation_id,
                               const char     *old_label_id,
                               const char     *new_label_id)
{
  g_return_if_fail (old_label_id != NULL && new_label_id != NULL);
  gloss_undo_stack_push (self, GLOSS_UNDO_RELABEL, document_id, annotation_id, old_label_id, new_label_id);
}

void
gloss_undo_stack_push_note (GlossUndoStack *self,
                            const char     *document_id,
                            const char     *annotation_id,
                            const char     *old_note,
                            const char     *new_note)
{
  gloss_undo_stack_push (self, GLOSS_UNDO_NOTE, document_id, annotation_id, old_note, new_note);
}

void
gloss_undo_stack_push_span (GlossUndoStack *self,
                            const char     *document_id,
                            const char     *annotation_id,
                            gint64          old_start,
                            gint64          old_end,
                            gint64          new_start,
                            gint64          new_end)
{
  g_autofree char *old_span = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, old_start, old_end);
  g_autofree char *new_span = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, new_start, new_end);

  gloss_undo_stack_push (self, GLOSS_UNDO_SPAN, document_id, annotation_id, old_span, new_span);
}

void
gloss_undo_stack_push_entity_edit (GlossUndoStack    *self,
                                   const GlossEntity *before,
                                   const GlossEntity *after)
{
  GlossUndoStep *step;

  g_return_if_fail (GLOSS_IS_UNDO_STACK (self));
  g_return_if_fail (before != NULL && after != NULL);

  step = g_new0 (GlossUndoStep, 1);
  step->kind = GLOSS_UNDO_ENTITY_EDIT;
  step->target_id = g_strdup (before->id);
  step->old_entity = gloss_entity_copy (before);
  step->new_entity = gloss_entity_copy (after);
  gloss_undo_stack_add (self, step);
}

void
gloss_undo_stack_push_entity_delete (GlossUndoStack *self,
                                     const char     *entity_id)
{
  GlossUndoStep *step;

  g_return_if_fail (GLOSS_IS_UNDO_STACK (self));
  g_return_if_fail (entity_id != NULL);

  step = g_new0 (GlossUndoStep, 1);
  step->kind = GLOSS_UNDO_ENTITY_DELETE;
  step->target_id = g_strdup (entity_id);
  gloss_undo_stack_add (self, step);
}

/* "start:end", as gloss_undo_stack_push_span() wrote it. */
static gboolean
gloss_undo_apply_span (GlossStore *store,
                       const char *annotation_id,
                       const char *span,
                       GError    **error)
{
  gint64 start = 0, end = 0;

  if (span == NULL || sscanf (span, "%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, &start, &end) != 2)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "The undo step's span “%s” is broken.",
                   span ? span : "");
      return FALSE;
    }
  return gloss_store_set_annotation_span (store, annotation_id, start, end, error);
}

void
gloss_undo_stack_push_field (GlossUndoStack *self,
                             const char     *document_id,
                             const char     *annotation_id,
                             const char     *field_id,
                             const char     *old_value,
                             const char     *new_value)
{
  g_return_if_fail (field_id != NULL);
  gloss_undo_stack_push_full (self, GLOSS_UNDO_FIELD, document_id, annotation_id, field_id, old_value, new_value);
}

void
gloss_undo_stack_push_field_links (GlossUndoStack     *self,
                                   const char         *document_id,
                                   const char         *annotation_id,
                                   const char         *field_id,
                                   const char         *old_value,
                                   const char         *new_value,
                                   const char * const *links_removed,
                                   const char         *link_added)
{
  GlossUndoStep *step;

  g_return_if_fail (GLOSS_IS_UNDO_STACK (self));
  g_return_if_fail (annotation_id != NULL && field_id != NULL);

  step = g_new0 (GlossUndoStep, 1);
  step->kind = GLOSS_UNDO_FIELD;
  step->document_id = g_strdup (document_id);
  step->annotation_id = g_strdup (annotation_id);
  step->target_id = g_strdup (field_id);
  step->old_value = g_strdup (old_value);
  step->new_value = g_strdup (new_value);
  step->links_removed = g_strdupv ((char **) links_removed);
  step->link_added = g_strdup (link_added);
  gloss_undo_stack_add (self, step);
}

/* A field change that also moved links: the value and the links go back and forth
 * together, in one transaction. Links are deleted before others are restored. */
static gboolean
gloss_undo_step_apply_field_links (GlossUndoStep *step,
                                   GlossStore    *store,
                                   gboolean       forward,
                                   GError       **error)
{
  gboolean ok;

  if (!gloss_store_begin (store, error))
    return FALSE;
  ok = gloss_store_set_field_value (store, step->annotation_id, step->target_id,
                                    forward ? step->new_value : step->old_value, error);
  if (forward)
    {
      for (guint i = 0; ok && step->links_removed != NULL && step->links_removed[i] != NULL; i++)
        ok = gloss_store_delete_relation (store, step->links_removed[i], error);
      if (ok && step->link_added != NULL)
        ok = gloss_store_restore_relation (store, step->link_added, error);
    }
  else
    {
      if (ok && step->link_added != NULL)
        ok = gloss_store_delete_relation (store, step->link_added, error);
      for (guint i = 0; ok && step->links_removed != NULL && step->links_removed[i] != NULL; i++)
        ok = gloss_store_restore_relation (store, step->links_removed[i], error);
    }
  if (!ok)
    {
      gloss_store_rollback (store);
      return FALSE;
    }
  return gloss_store_commit (store, error);
}

void
gloss_undo_stack_push_entity (GlossUndoStack *self,
                              const char     *document_id,
                              const char     *annotation_id,
                              const char     *old_entity_id,
                              const char     *new_entity_id)
{
  gloss_undo_stack_push (self, GLOSS_UNDO_ENTITY, document_id, annotation_id, old_entity_id, new_entity_id);
}

void
gloss_undo_stack_push_link (GlossUndoStack *self,
                            const char     *document_id,
                            const char     *annotation_id,
                            const char     *relation_id)
{
  g_return_if_fail (relation_id != NULL);
  gloss_undo_stack_push_full (self, GLOSS_UNDO_LINK, document_id, annotation_id, relation_id, NULL, NULL);
}

void
gloss_undo_stack_push_unlink (GlossUndoStack *self,
                              const char     *document_id,
                              const char     *annotation_id,
                              const char     *relation_id)
{
  g_return_if_fail (relation_id != NULL);
  gloss_undo_stack_push_full (self, GLOSS_UNDO_UNLINK, document_id, annotation_id, relation_id, NULL, NULL);
}

void
gloss_undo_stack_push_merge (GlossUndoStack   *self,
                             GlossEntityMerge *merge)
{
  GlossUndoStep *step;

  g_return_if_fail (GLOSS_IS_UNDO_STACK (self));
  g_return_if_fail (merge != NULL && merge->keep_id != NULL && merge->other_id != NULL);

  step = g_new0 (GlossUndoStep, 1);
  step->kind = GLOSS_UNDO_MERGE;
  step->merge = merge;
  gloss_undo_stack_add (self, step);
}

void
gloss_undo_stack_push_create_many (GlossUndoStack     *self,
                                   const char         *document_id,
                                   const char * const *annotation_ids)
{
  GlossUndoStep *step;

  g_return_if_fail (GLOSS_IS_UNDO_STACK (self));
  g_return_if_fail (annotation_ids != NULL && annotation_ids[0] != NULL);

  step = g_new0 (GlossUndoStep, 1);
  step->kind = GLOSS_UNDO_CREATE_MANY;
  step->document_id = g_strdup (document_id);
  step->annotation_ids = g_strdupv ((char **) annotation_ids);
  gloss_undo_stack_add (self, step);
}

/* Merges again what @step->merge records, keeping the new record: the kept
 * entity's aliases and times before this merge are what the next undo restores. */
static gboolean
gloss_undo_step_remerge (GlossUndoStep *step,
                         GlossStore    *store,
                         GError       **error)
{
  GlossEntityMerge *merge;

  merge = gloss_store_merge_entities (store, step->merge->keep_id, step->merge->other_id, error);
  if (merge == NULL)
    return FALSE;
  gloss_entity_merge_free (step->merge);
  step->merge = merge;
  return TRUE;
}

void
gloss_undo_stack_push_properties (GlossUndoStack      *self,
                                  const char          *document_id,
                                  const GlossDocument *old_properties,
                                  const GlossDocument *new_properties)
{
  GlossUndoStep *step;

  g_return_if_fail (GLOSS_IS_UNDO_STACK (self));
  g_return_if_fail (document_id != NULL && old_properties != NULL && new_properties != NULL);

  step = g_new0 (GlossUndoStep, 1);
  step->kind = GLOSS_UNDO_PROPERTIES;
  step->document_id = g_strdup (document_id);
  step->old_properties = gloss_document_copy (old_properties);
  step->new_properties = gloss_document_copy (new_properties);
  gloss_undo_stack_add (self, step);
}

void
gloss_undo_stack_push_ach (GlossUndoStack *self,
                           const char     *analysis_id,
                           GPtrArray      *changes)
{
  GlossUndoStep *step;

  g_return_if_fail (GLOSS_IS_UNDO_STACK (self));
  g_return_if_fail (changes != NULL);

  step = g_new0 (GlossUndoStep, 1);
  step->kind = GLOSS_UNDO_ACH;
  step->document_id = g_strdup (analysis_id);
  step->ach_changes = changes;
  gloss_undo_stack_add (self, step);
}

void
gloss_undo_stack_push_conflict (GlossUndoStack      *self,
                                const GlossConflict *conflict,
                                const char          *annotation_id,
                                const char          *row_before,
                                const char          *row_after)
{
  GlossUndoStep *step;

  g_return_if_fail (GLOSS_IS_UNDO_STACK (self));
  g_return_if_fail (conflict != NULL && row_before != NULL && row_after != NULL);

  step = g_new0 (GlossUndoStep, 1);
  step->kind = GLOSS_UNDO_CONFLICT;
  step->document_id = g_strdup (conflict->document_id);
  step->annotation_id = g_strdup (annotation_id);
  step->old_value = g_strdup (row_before);
  step->new_value = g_strdup (row_after);
  step->conflict = gloss_conflict_copy (conflict);
  gloss_undo_stack_add (self, step);
}

gboolean
gloss_undo_stack_get_can_undo (GlossUndoStack *self)
{
  g_return_val_if_fail (GLOSS_IS_UNDO_STACK (self), FALSE);
  return self->undo->len > 0;
}

gboolean
gloss_undo_stack_get_can_redo (GlossUndoStack *self)
{
  g_return_val_if_fail (GLOSS_IS_UNDO_STACK (self), FALSE);
  return self->redo->len > 0;
}

/* A tag that added its entity to the register: the annotation and the entity go and
 * come back together, in one transaction. The entity stays when something else
 * mentions it by now (another tag, a field value): then only the tag is undone. */
static gboolean
gloss_undo_step_apply_create_with_entity (GlossUndoStep *step,
                                          GlossStore    *store,
                                          gboolean       forward,
                                          GError       **error)
{
  gboolean ok;

  if (!gloss_store_begin (store, error))
    return FALSE;
  if (forward)
    {
      g_autoptr(GError) local_error = NULL;

      ok = gloss_store_restore_entity (store, step->target_id, &local_error) ||
           g_error_matches (local_error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND);
      if (!ok)
        g_propagate_error (error, g_steal_pointer (&local_error));
      ok = ok && gloss_store_restore_annotation (store, step->annotation_id, error);
    }
  else
    {
      g_autoptr(GlossEntity) entity = NULL;

      ok = gloss_store_delete_annotation (store, step->annotation_id, error);
      if (ok)
        entity = gloss_store_get_entity (store, step->target_id, NULL);
      if (ok && entity != NULL && entity->n_mentions == 0)
        {
          g_autoptr(GError) local_error = NULL;

          /* Still named by an entity field: keep it rather than fail the undo. */
          if (!gloss_store_delete_entity (store, step->target_id, &local_error) &&
              !g_error_matches (local_error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_IN_USE))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              ok = FALSE;
            }
        }
    }
  if (!ok)
    {
      gloss_store_rollback (store);
      return FALSE;
    }
  return gloss_store_commit (store, error);
}

/* One store call: the step applied forwards (@forward) or backwards. */
static gboolean
gloss_undo_step_apply (GlossUndoStep *step,
                       GlossStore    *store,
                       gboolean       forward,
                       GError       **error)
{
  switch (step->kind)
    {
    case GLOSS_UNDO_CREATE:
      if (step->target_id != NULL)
        return gloss_undo_step_apply_create_with_entity (step, store, forward, error);
      return forward ? gloss_store_restore_annotation (store, step->annotation_id, error)
                     : gloss_store_delete_annotation (store, step->annotation_id, error);
    case GLOSS_UNDO_DELETE:
      return forward ? gloss_store_delete_annotation (store, step->annotation_id, error)
                     : gloss_store_restore_annotation (store, step->annotation_id, error);
    case GLOSS_UNDO_RELABEL:
      return gloss_store_set_annotation_label (store, step->annotation_id,
                                               forward ? step->new_value : step->old_value, error);
    case GLOSS_UNDO_NOTE:
      return gloss_store_set_annotation_note (store, step->annotation_id,
                                              forward ? step->new_value : step->old_value, error);
    case GLOSS_UNDO_ENTITY_EDIT:
      return gloss_store_update_entity (store, forward ? step->new_entity : step->old_entity, error);
    case GLOSS_UNDO_ENTITY_DELETE:
      return forward ? gloss_store_delete_entity (store, step->target_id, error)
                     : gloss_store_restore_entity (store, step->target_id, error);
    case GLOSS_UNDO_SPAN:
      return gloss_undo_apply_span (store, step->annotation_id,
                                    forward ? step->new_value : step->old_value, error);
    case GLOSS_UNDO_FIELD:
      if (step->links_removed != NULL || step->link_added != NULL)
        return gloss_undo_step_apply_field_links (step, store, forward, error);
      return gloss_store_set_field_value (store, step->annotation_id, step->target_id,
                                          forward ? step->new_value : step->old_value, error);
    case GLOSS_UNDO_ENTITY:
      return gloss_store_set_annotation_entity (store, step->annotation_id,
                                                forward ? step->new_value : step->old_value, error);
    case GLOSS_UNDO_LINK:
      return forward ? gloss_store_restore_relation (store, step->target_id, error)
                     : gloss_store_delete_relation (store, step->target_id, error);
    case GLOSS_UNDO_UNLINK:
      return forward ? gloss_store_delete_relation (store, step->target_id, error)
                     : gloss_store_restore_relation (store, step->target_id, error);
    case GLOSS_UNDO_MERGE:
      return forward ? gloss_undo_step_remerge (step, store, error)
                     : gloss_store_unmerge_entities (store, step->merge, error);
    case GLOSS_UNDO_PROPERTIES:
      return gloss_store_set_document_properties (store, step->document_id,
                                                  forward ? step->new_properties : step->old_properties, error);
    case GLOSS_UNDO_CREATE_MANY:
      return forward ? gloss_store_restore_annotations (store, (const char * const *) step->annotation_ids, error)
                     : gloss_store_delete_annotations (store, (const char * const *) step->annotation_ids, error);
    case GLOSS_UNDO_ACH:
      return gloss_store_apply_ach_changes (store, step->ach_changes, forward, error);
    case GLOSS_UNDO_CONFLICT:
      return gloss_store_write_conflict_row (store, step->conflict, forward ? step->new_value : step->old_value,
                                             forward, error);
    default:
      g_assert_not_reached ();
    }
}

static gboolean
gloss_undo_stack_move (GlossUndoStack *self,
                       GlossStore     *store,
                       gboolean        forward,
                       GError        **error)
{
  GPtrArray *from = forward ? self->redo : self->undo;
  GPtrArray *to = forward ? self->undo : self->redo;
  gboolean could_undo = gloss_undo_stack_get_can_undo (self);
  gboolean could_redo = gloss_undo_stack_get_can_redo (self);
  GlossUndoStep *step;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_UNDO_STACK (self), FALSE);
  g_return_val_if_fail (GLOSS_IS_STORE (store), FALSE);

  if (from->len == 0)
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                           forward ? "There is nothing to redo." : "There is nothing to undo.");
      return FALSE;
    }

  step = g_ptr_array_steal_index (from, from->len - 1);
  ok = gloss_undo_step_apply (step, store, forward, error);
  if (ok)
    {
      g_ptr_array_add (to, step);
      gloss_undo_stack_set_last (self, step, FALSE);
    }
  else
    {
      /* Keep the ids for the caller to refresh, but drop the step: retrying
       * would fail the same way and block every older step. */
      gloss_undo_stack_set_last (self, step, TRUE);
    }

  gloss_undo_stack_notify (self, could_undo, could_redo);
  return ok;
}

gboolean
gloss_undo_stack_undo (GlossUndoStack *self,
                       GlossStore     *store,
                       GError        **error)
{
  return gloss_undo_stack_move (self, store, FALSE, error);
}

gboolean
gloss_undo_stack_redo (GlossUndoStack *self,
                       GlossStore     *store,
                       GError        **error)
{
  return gloss_undo_stack_move (self, store, TRUE, error);
}

const char *
gloss_undo_stack_get_last_document_id (GlossUndoStack *self)
{
  g_return_val_if_fail (GLOSS_IS_UNDO_STACK (self), NULL);
  return self->last ? self->last->document_id : NULL;
}

const char *
gloss_undo_stack_get_last_annotation_id (GlossUndoStack *self)
{
  g_return_val_if_fail (GLOSS_IS_UNDO_STACK (self), NULL);
  return self->last ? self->last->annotation_id : NULL;
}

GlossUndoKind
gloss_undo_stack_get_last_kind (GlossUndoStack *self)
{
  g_return_val_if_fail (GLOSS_IS_UNDO_STACK (self), GLOSS_UNDO_CREATE);
  return self->last ? self->last->kind : GLOSS_UNDO_CREATE;
}

void
gloss_undo_stack_clear (GlossUndoStack *self)
{
  gboolean could_undo = gloss_undo_stack_get_can_undo (self);
  gboolean could_redo = gloss_undo_stack_get_can_redo (self);

  gloss_undo_stack_set_last (self, NULL, FALSE);
  g_ptr_array_set_size (self->undo, 0);
  g_ptr_array_set_size (self->redo, 0);
  gloss_undo_stack_notify (self, could_undo, could_redo);
}

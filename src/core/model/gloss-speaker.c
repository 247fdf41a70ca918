/* gloss-speaker.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-speaker"

#include "config.h"

#include "gloss-fields.h"
#include "gloss-relations.h"
#include "gloss-speaker.h"

static gboolean
allows (char * const *labels,
        const char   *label_id)
{
  return labels == NULL || (label_id != NULL && g_strv_contains ((const char * const *) labels, label_id));
}

/* The mention of @entity_id nearest before @claim (by start), else the nearest at or
 * after its start; borrowed from @annotations. */
static const GlossAnnotation *
nearest_mention (GPtrArray               *annotations,
                 const GlossAnnotation   *claim,
                 const GlossRelationType *type,
                 const char              *entity_id)
{
  const GlossAnnotation *before = NULL, *after = NULL;

  for (guint i = 0; i < annotations->len; i++)
    {
      const GlossAnnotation *a = g_ptr_array_index (annotations, i);

      if (g_strcmp0 (a->entity_id, entity_id) != 0 || g_strcmp0 (a->id, claim->id) == 0 ||
          !allows (type->to_labels, a->label_id))
        continue;
      if (a->start < claim->start)
        {
          if (before == NULL || a->start > before->start)
            before = a;
        }
      else if (after == NULL || a->start < after->start)
        after = a;
    }
  return before != NULL ? before : after;
}

gboolean
gloss_speaker_follow (GlossStore   *store,
                      const char   *annotation_id,
                      const char   *field_id,
                      const char   *old_entity_id,
                      const char   *new_entity_id,
                      const char   *annotator,
                      char       ***removed,
                      char        **added,
                      GError      **error)
{
  g_autoptr(GlossAnnotation) claim = NULL;
  g_autoptr(GlossField) field = NULL;
  g_autoptr(GlossRelationType) type = NULL;
  g_autoptr(GPtrArray) relations = NULL;
  g_autoptr(GStrvBuilder) gone = g_strv_builder_new ();
  g_auto(GStrv) gone_ids = NULL;
  gboolean linked = FALSE;

  g_return_val_if_fail (GLOSS_IS_STORE (store), FALSE);
  g_return_val_if_fail (removed != NULL && added != NULL, FALSE);

  *removed = NULL;
  *added = NULL;
  if (g_strcmp0 (old_entity_id, new_entity_id) == 0)
    return TRUE;
  claim = gloss_store_get_annotation (store, annotation_id, error);
  if (claim == NULL)
    return FALSE;
  /* Only the speaker field, and only where the codebook has the relation type. */
  field = gloss_store_find_field (store, claim->label_id, field_id, NULL);
  if (field == NULL || g_strcmp0 (field->type, GLOSS_FIELD_TYPE_ENTITY) != 0 ||
      g_ascii_strcasecmp (field->name, GLOSS_FIELD_SPEAKER) != 0)
    return TRUE;
  type = gloss_store_find_relation_type (store, GLOSS_RELATION_ATTRIBUTED_TO, NULL);
  if (type == NULL || !allows (type->from_labels, claim->label_id))
    return TRUE;

  relations = gloss_store_list_relations (store, annotation_id, error);
  if (relations == NULL)
    return FALSE;
  for (guint i = 0; i < relations->len; i++)
    {
      const GlossRelation *r = g_ptr_array_index (relations, i);
      g_autoptr(GlossAnnotation) target = NULL;

      if (g_strcmp0 (r->type_id, type->id) != 0 || g_strcmp0 (r->from_id, annotation_id) != 0 || r->to_id == NULL)
        continue;
      target = gloss_store_get_annotation (store, r->to_id, NULL);
      if (target == NULL)
        continue;
      if (old_entity_id != NULL && g_strcmp0 (target->entity_id, old_entity_id) == 0)
        {
          if (!gloss_store_delete_relation (store, r->id, error))
            return FALSE;
          g_strv_builder_add (gone, r->id);
        }
      else if (new_entity_id != NULL && g_strcmp0 (target->entity_id, new_entity_id) == 0)
        linked = TRUE;   /* already attributed to the new speaker: nothing to add */
    }

  if (new_entity_id != NULL && !linked)
    {
      g_autoptr(GPtrArray) annotations = gloss_store_list_annotations (store, claim->document_id, error);
      const GlossAnnotation *mention;

      if (annotations == NULL)
        return FALSE;
      mention = nearest_mention (annotations, claim, type, new_entity_id);
      if (mention != NULL)
        {
          g_autoptr(GlossRelation) relation = gloss_store_add_relation (store, type->id, annotation_id, mention->id,
                                                                        annotator, error);

          if (relation == NULL)
            return FALSE;
          *added = g_strdup (relation->id);
        }
    }

  gone_ids = g_strv_builder_end (gone);
  if (gone_ids[0] != NULL)
    *removed = g_steal_pointer (&gone_ids);
  return TRUE;
}

/* gloss-model.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-model"

#include "gloss-model.h"

gboolean
gloss_label_kind_is_valid (const char *kind)
{
  return kind != NULL &&
         (g_str_equal (kind, GLOSS_LABEL_KIND_TAG) ||
          g_str_equal (kind, GLOSS_LABEL_KIND_ENTITY) ||
          g_str_equal (kind, GLOSS_LABEL_KIND_CLAIM) ||
          g_str_equal (kind, GLOSS_LABEL_KIND_RISK));
}

GlossLabel *
gloss_label_copy (const GlossLabel *label)
{
  GlossLabel *copy = g_new0 (GlossLabel, 1);

  copy->id = g_strdup (label->id);
  copy->name = g_strdup (label->name);
  copy->kind = g_strdup (label->kind);
  copy->colour = g_strdup (label->colour);
  copy->shortcut = g_strdup (label->shortcut);
  copy->description = g_strdup (label->description);
  copy->position = label->position;
  copy->created = g_strdup (label->created);
  copy->modified = g_strdup (label->modified);
  return copy;
}

void
gloss_label_free (GlossLabel *label)
{
  if (label == NULL)
    return;
  g_free (label->id);
  g_free (label->name);
  g_free (label->kind);
  g_free (label->colour);
  g_free (label->shortcut);
  g_free (label->description);
  g_free (label->created);
  g_free (label->modified);
  g_free (label);
}

GlossDocument *
gloss_document_copy (const GlossDocument *document)
{
  GlossDocument *copy = g_new0 (GlossDocument, 1);

  copy->id = g_strdup (document->id);
  copy->title = g_strdup (document->title);
  copy->text = g_strdup (document->text);
  copy->source = g_strdup (document->source);
  copy->format = g_strdup (document->format);
  copy->sha256 = g_strdup (document->sha256);
  copy->imported = g_strdup (document->imported);
  copy->metadata = g_strdup (document->metadata);
  copy->length = document->length;
  copy->n_annotations = document->n_annotations;
  copy->created = g_strdup (document->created);
  copy->modified = g_strdup (document->modified);
  copy->reliability = g_strdup (document->reliability);
  copy->author = g_strdup (document->author);
  copy->publisher = g_strdup (document->publisher);
  copy->published = g_strdup (document->published);
  copy->url = g_strdup (document->url);
  copy->tlp = g_strdup (document->tlp);
  return copy;
}

void
gloss_document_free (GlossDocument *document)
{
  if (document == NULL)
    return;
  g_free (document->id);
  g_free (document->title);
  g_free (document->text);
  g_free (document->source);
  g_free (document->format);
  g_free (document->sha256);
  g_free (document->imported);
  g_free (document->metadata);
  g_free (document->created);
  g_free (document->modified);
  g_free (document->reliability);
  g_free (document->author);
  g_free (document->publisher);
  g_free (document->published);
  g_free (document->url);
  g_free (document->tlp);
  g_free (document);
}

GlossAnnotation *
gloss_annotation_copy (const GlossAnnotation *annotation)
{
  GlossAnnotation *copy = g_new0 (GlossAnnotation, 1);

  copy->id = g_strdup (annotation->id);
  copy->document_id = g_strdup (annotation->document_id);
  copy->label_id = g_strdup (annotation->label_id);
  copy->label_name = g_strdup (annotation->label_name);
  copy->start = annotation->start;
  copy->end = annotation->end;
  copy->quote = g_strdup (annotation->quote);
  copy->prefix = g_strdup (annotation->prefix);
  copy->suffix = g_strdup (annotation->suffix);
  copy->note = g_strdup (annotation->note);
  copy->annotator = g_strdup (annotation->annotator);
  copy->created = g_strdup (annotation->created);
  copy->modified = g_strdup (annotation->modified);
  copy->entity_id = g_strdup (annotation->entity_id);
  return copy;
}

void
gloss_annotation_free (GlossAnnotation *annotation)
{
  if (annotation == NULL)
    return;
  g_free (annotation->id);
  g_free (annotation->document_id);
  g_free (annotation->label_id);
  g_free (annotation->label_name);
  g_free (annotation->quote);
  g_free (annotation->prefix);
  g_free (annotation->suffix);
  g_free (annotation->note);
  g_free (annotation->annotator);
  g_free (annotation->created);
  g_free (annotation->modified);
  g_free (annotation->entity_id);
  g_free (annotation);
}

void
gloss_search_hit_free (GlossSearchHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->document_id);
  g_free (hit->title);
  g_free (hit->snippet);
  g_free (hit);
}

void
gloss_annotator_free (GlossAnnotator *annotator)
{
  if (annotator == NULL)
    return;
  g_free (annotator->id);
  g_free (annotator->name);
  g_free (annotator->created);
  g_free (annotator->modified);
  g_free (annotator);
}

/* NATO/Admiralty source reliability (AJP-2.1). */
static const char * const reliability_codes[][2] = {
  { "A", "completely reliable" },
  { "B", "usually reliable" },
  { "C", "fairly reliable" },
  { "D", "not usually reliable" },
  { "E", "unreliable" },
  { "F", "reliability cannot be judged" },
};

gboolean
gloss_reliability_is_valid (const char *code)
{
  return gloss_reliability_describe (code) != NULL;
}

const char *
gloss_reliability_describe (const char *code)
{
  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (reliability_codes); i++)
    if (g_str_equal (code, reliability_codes[i][0]))
      return reliability_codes[i][1];
  return NULL;
}

gboolean
gloss_tlp_is_valid (const char *marking)
{
  static const char * const markings[] = { "CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED", NULL };

  return marking != NULL && g_strv_contains (markings, marking);
}

gboolean
gloss_field_type_is_valid (const char *type)
{
  static const char * const types[] = {
    GLOSS_FIELD_TYPE_CHOICE, GLOSS_FIELD_TYPE_TEXT, GLOSS_FIELD_TYPE_NUMBER, GLOSS_FIELD_TYPE_SCALE,
    GLOSS_FIELD_TYPE_DATE, GLOSS_FIELD_TYPE_BOOLEAN, GLOSS_FIELD_TYPE_ENTITY, NULL
  };

  return type != NULL && g_strv_contains (types, type);
}

GlossFieldOption *
gloss_field_option_new (const char *value,
                        const char *label,
                        const char *colour)
{
  GlossFieldOption *option = g_new0 (GlossFieldOption, 1);

  option->value = g_strdup (value);
  option->label = g_strdup (label);
  option->colour = g_strdup (colour);
  return option;
}

GlossFieldOption *
gloss_field_option_copy (const GlossFieldOption *option)
{
  return gloss_field_option_new (option->value, option->label, option->colour);
}

void
gloss_field_option_free (GlossFieldOption *option)
{
  if (option == NULL)
    return;
  g_free (option->value);
  g_free (option->label);
  g_free (option->colour);
  g_free (option);
}

GlossField *
gloss_field_new (void)
{
  GlossField *field = g_new0 (GlossField, 1);

  field->options = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_field_option_free);
  return field;
}

GlossField *
gloss_field_copy (const GlossField *field)
{
  GlossField *copy = gloss_field_new ();

  copy->id = g_strdup (field->id);
  copy->label_id = g_strdup (field->label_id);
  copy->name = g_strdup (field->name);
  copy->type = g_strdup (field->type);
  for (guint i = 0; field->options && i < field->options->len; i++)
    g_ptr_array_add (copy->options, gloss_field_option_copy (field->options->pdata[i]));
  copy->has_min = field->has_min;
  copy->min = field->min;
  copy->has_max = field->has_max;
  copy->max = field->max;
  copy->required = field->required;
  copy->description = g_strdup (field->description);
  copy->position = field->position;
  copy->created = g_strdup (field->created);
  copy->modified = g_strdup (field->modified);
  return copy;
}

void
gloss_field_free (GlossField *field)
{
  if (field == NULL)
    return;
  g_free (field->id);
  g_free (field->label_id);
  g_free (field->name);
  g_free (field->type);
  g_clear_pointer (&field->options, g_ptr_array_unref);
  g_free (field->description);
  g_free (field->created);
  g_free (field->modified);
  g_free (field);
}

void
gloss_field_value_free (GlossFieldValue *value)
{
  if (value == NULL)
    return;
  g_free (value->field_id);
  g_free (value->field_name);
  g_free (value->value);
  g_free (value->modified);
  g_free (value);
}

GlossEntity *
gloss_entity_copy (const GlossEntity *entity)
{
  GlossEntity *copy = g_new0 (GlossEntity, 1);

  copy->id = g_strdup (entity->id);
  copy->name = g_strdup (entity->name);
  copy->label_id = g_strdup (entity->label_id);
  copy->label_name = g_strdup (entity->label_name);
  copy->aliases = entity->aliases ? g_strdupv (entity->aliases) : g_new0 (char *, 1);
  copy->description = g_strdup (entity->description);
  copy->external_ref = g_strdup (entity->external_ref);
  copy->n_mentions = entity->n_mentions;
  copy->n_documents = entity->n_documents;
  copy->created = g_strdup (entity->created);
  copy->modified = g_strdup (entity->modified);
  return copy;
}

void
gloss_entity_free (GlossEntity *entity)
{
  if (entity == NULL)
    return;
  g_free (entity->id);
  g_free (entity->name);
  g_free (entity->label_id);
  g_free (entity->label_name);
  g_strfreev (entity->aliases);
  g_free (entity->description);
  g_free (entity->external_ref);
  g_free (entity->created);
  g_free (entity->modified);
  g_free (entity);
}

GlossRelationType *
gloss_relation_type_copy (const GlossRelationType *type)
{
  GlossRelationType *copy = g_new0 (GlossRelationType, 1);

  copy->id = g_strdup (type->id);
  copy->name = g_strdup (type->name);
  copy->description = g_strdup (type->description);
  copy->from_labels = g_strdupv (type->from_labels);
  copy->to_labels = g_strdupv (type->to_labels);
  copy->position = type->position;
  copy->created = g_strdup (type->created);
  copy->modified = g_strdup (type->modified);
  return copy;
}

void
gloss_relation_type_free (GlossRelationType *type)
{
  if (type == NULL)
    return;
  g_free (type->id);
  g_free (type->name);
  g_free (type->description);
  g_strfreev (type->from_labels);
  g_strfreev (type->to_labels);
  g_free (type->created);
  g_free (type->modified);
  g_free (type);
}

void
gloss_relation_free (GlossRelation *relation)
{
  if (relation == NULL)
    return;
  g_free (relation->id);
  g_free (relation->type_id);
  g_free (relation->type_name);
  g_free (relation->from_id);
  g_free (relation->from_document_id);
  g_free (relation->from_quote);
  g_free (relation->to_id);
  g_free (relation->to_document_id);
  g_free (relation->to_quote);
  g_free (relation->to_entity_id);
  g_free (relation->to_entity_name);
  g_free (relation->annotator);
  g_free (relation->created);
  g_free (relation->modified);
  g_free (relation);
}

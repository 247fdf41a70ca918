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

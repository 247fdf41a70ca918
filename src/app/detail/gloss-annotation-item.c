/* gloss-annotation-item.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-annotation-item"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-codebook-names.h"
#include "gloss-annotation-item.h"

struct _GlossAnnotationItem
{
  GObject          parent_instance;
  GlossAnnotation *annotation;
  gboolean         has_conflict;   /* a merge left a conflict on it or its fields */
};

G_DEFINE_FINAL_TYPE (GlossAnnotationItem, gloss_annotation_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_LABEL_NAME,
  PROP_QUOTE,
  PROP_NOTE,
  PROP_HAS_NOTE,
  PROP_ANNOTATOR,
  PROP_CHIP_CLASSES,
  PROP_ACCESSIBLE_NAME,
  PROP_HAS_CONFLICT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
gloss_label_css_class (const char *label_id)
{
  GString *s = g_string_new ("label-");

  /* Only [a-z0-9-] are safe in a CSS class name; UUIDs are hex and dashes. */
  for (const char *p = label_id; p != NULL && *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (s, g_ascii_tolower (*p));
  return g_string_free (s, FALSE);
}

/* A quote on one line: newlines and runs of spaces become one space. */
static char *
flatten (const char *text)
{
  GString *s = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text; p != NULL && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        space = s->len > 0;
      else
        {
          if (space)
            g_string_append_c (s, ' ');
          space = FALSE;
          g_string_append_unichar (s, c);
        }
    }
  return g_string_free (s, FALSE);
}

static void
gloss_annotation_item_finalize (GObject *object)
{
  GlossAnnotationItem *self = GLOSS_ANNOTATION_ITEM (object);

  g_clear_pointer (&self->annotation, gloss_annotation_free);

  G_OBJECT_CLASS (gloss_annotation_item_parent_class)->finalize (object);
}

static void
gloss_annotation_item_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  GlossAnnotationItem *self = GLOSS_ANNOTATION_ITEM (object);
  const GlossAnnotation *a = self->annotation;

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, a->id);
      break;
    case PROP_LABEL_NAME:
      g_value_set_string (value, gloss_codebook_name (a->label_name));
      break;
    case PROP_QUOTE:
      g_value_take_string (value, flatten (a->quote));
      break;
    case PROP_NOTE:
      g_value_take_string (value, flatten (a->note));
      break;
    case PROP_HAS_NOTE:
      g_value_set_boolean (value, a->note != NULL && *a->note != '\0');
      break;
    case PROP_ANNOTATOR:
      g_value_set_string (value, a->annotator ? a->annotator : "");
      break;
    case PROP_ACCESSIBLE_NAME:
      {
        g_autofree char *quote = flatten (a->quote);

        /* What a screen reader says for the row: its label, then the text. */
        if (self->has_conflict)
          /* Translators: a row's label and text, and that a merge left a conflict on it */
          g_value_take_string (value, g_strdup_printf (C_("annotation row", "%s: %s (conflict to resolve)"),
                                                       a->label_name ? gloss_codebook_name (a->label_name) : "",
                                                       quote ? quote : ""));
        else
          g_value_take_string (value, g_strdup_printf (C_("annotation row", "%s: %s"),
                                                       a->label_name ? gloss_codebook_name (a->label_name) : "",
                                                       quote ? quote : ""));
      }
      break;
    case PROP_HAS_CONFLICT:
      g_value_set_boolean (value, self->has_conflict);
      break;
    case PROP_CHIP_CLASSES:
      {
        g_autofree char *label_class = gloss_label_css_class (a->label_id);
        const char *classes[] = { "label-chip", label_class, NULL };

        g_value_set_boxed (value, classes);
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_annotation_item_class_init (GlossAnnotationItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gloss_annotation_item_finalize;
  object_class->get_property = gloss_annotation_item_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL_NAME] =
    g_param_spec_string ("label-name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUOTE] =
    g_param_spec_string ("quote", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NOTE] =
    g_param_spec_string ("note", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_NOTE] =
    g_param_spec_boolean ("has-note", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ANNOTATOR] =
    g_param_spec_string ("annotator", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHIP_CLASSES] =
    g_param_spec_boxed ("chip-classes", NULL, NULL, G_TYPE_STRV, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCESSIBLE_NAME] =
    g_param_spec_string ("accessible-name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_CONFLICT] =
    g_param_spec_boolean ("has-conflict", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gloss_annotation_item_init (GlossAnnotationItem *self)
{
}

GlossAnnotationItem *
gloss_annotation_item_new (const GlossAnnotation *annotation)
{
  GlossAnnotationItem *self;

  g_return_val_if_fail (annotation != NULL, NULL);

  self = g_object_new (GLOSS_TYPE_ANNOTATION_ITEM, NULL);
  self->annotation = gloss_annotation_copy (annotation);
  return self;
}

const GlossAnnotation *
gloss_annotation_item_get_annotation (GlossAnnotationItem *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_ITEM (self), NULL);
  return self->annotation;
}

const char *
gloss_annotation_item_get_id (GlossAnnotationItem *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_ITEM (self), NULL);
  return self->annotation->id;
}

void
gloss_annotation_item_set_annotation (GlossAnnotationItem   *self,
                                      const GlossAnnotation *annotation)
{
  g_return_if_fail (GLOSS_IS_ANNOTATION_ITEM (self));
  g_return_if_fail (annotation != NULL);

  if (annotation == self->annotation)
    return;
  g_clear_pointer (&self->annotation, gloss_annotation_free);
  self->annotation = gloss_annotation_copy (annotation);

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = PROP_LABEL_NAME; i < N_PROPS; i++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[i]);
  g_object_thaw_notify (G_OBJECT (self));
}

int
gloss_annotation_item_compare (gconstpointer a,
                               gconstpointer b,
                               gpointer      user_data)
{
  const GlossAnnotation *x = GLOSS_ANNOTATION_ITEM ((gpointer) a)->annotation;
  const GlossAnnotation *y = GLOSS_ANNOTATION_ITEM ((gpointer) b)->annotation;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  return g_strcmp0 (x->id, y->id);
}

gboolean
gloss_annotation_item_get_has_conflict (GlossAnnotationItem *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_ITEM (self), FALSE);
  return self->has_conflict;
}

void
gloss_annotation_item_set_has_conflict (GlossAnnotationItem *self,
                                        gboolean             has_conflict)
{
  g_return_if_fail (GLOSS_IS_ANNOTATION_ITEM (self));

  has_conflict = !!has_conflict;
  if (self->has_conflict == has_conflict)
    return;
  self->has_conflict = has_conflict;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_CONFLICT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCESSIBLE_NAME]);
}

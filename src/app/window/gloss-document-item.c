/* gloss-document-item.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-document-item"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-document-item.h"

struct _GlossDocumentItem
{
  GObject parent_instance;
  char   *id;
  char   *title;
  gint64  n_annotations;
};

G_DEFINE_FINAL_TYPE (GlossDocumentItem, gloss_document_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_N_ANNOTATIONS,
  PROP_SUBTITLE,
  PROP_ACCESSIBLE_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
gloss_document_item_dup_subtitle (GlossDocumentItem *self)
{
  if (self->n_annotations == 0)
    return g_strdup (_("No annotations"));
  {
    int n = (int) MIN (self->n_annotations, G_MAXINT);

    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d annotation", "%d annotations", n), n);
  }
}

static void
gloss_document_item_finalize (GObject *object)
{
  GlossDocumentItem *self = GLOSS_DOCUMENT_ITEM (object);

  g_free (self->id);
  g_free (self->title);

  G_OBJECT_CLASS (gloss_document_item_parent_class)->finalize (object);
}

static void
gloss_document_item_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  GlossDocumentItem *self = GLOSS_DOCUMENT_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_N_ANNOTATIONS:
      g_value_set_int64 (value, self->n_annotations);
      break;
    case PROP_SUBTITLE:
      g_value_take_string (value, gloss_document_item_dup_subtitle (self));
      break;
    case PROP_ACCESSIBLE_NAME:
      {
        g_autofree char *subtitle = gloss_document_item_dup_subtitle (self);

        /* What a screen reader says for the row: "Title, 3 annotations". */
        g_value_take_string (value, g_strdup_printf (C_("document row", "%s, %s"), self->title, subtitle));
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_document_item_class_init (GlossDocumentItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gloss_document_item_finalize;
  object_class->get_property = gloss_document_item_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ANNOTATIONS] =
    g_param_spec_int64 ("n-annotations", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ACCESSIBLE_NAME] =
    g_param_spec_string ("accessible-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gloss_document_item_init (GlossDocumentItem *self)
{
}

GlossDocumentItem *
gloss_document_item_new (const GlossDocument *document)
{
  GlossDocumentItem *self;

  g_return_val_if_fail (document != NULL, NULL);

  self = g_object_new (GLOSS_TYPE_DOCUMENT_ITEM, NULL);
  self->id = g_strdup (document->id);
  self->title = g_strdup (document->title);
  self->n_annotations = document->n_annotations;
  return self;
}

const char *
gloss_document_item_get_id (GlossDocumentItem *self)
{
  g_return_val_if_fail (GLOSS_IS_DOCUMENT_ITEM (self), NULL);
  return self->id;
}

const char *
gloss_document_item_get_title (GlossDocumentItem *self)
{
  g_return_val_if_fail (GLOSS_IS_DOCUMENT_ITEM (self), NULL);
  return self->title;
}

gint64
gloss_document_item_get_n_annotations (GlossDocumentItem *self)
{
  g_return_val_if_fail (GLOSS_IS_DOCUMENT_ITEM (self), 0);
  return self->n_annotations;
}

void
gloss_document_item_set_n_annotations (GlossDocumentItem *self,
                                       gint64             n_annotations)
{
  g_return_if_fail (GLOSS_IS_DOCUMENT_ITEM (self));

  if (self->n_annotations == n_annotations)
    return;
  self->n_annotations = MAX (n_annotations, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ANNOTATIONS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCESSIBLE_NAME]);
}

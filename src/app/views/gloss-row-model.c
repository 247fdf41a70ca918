/* gloss-row-model.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-row-model"

#include "config.h"

#include "gloss-row-model.h"
#include "gloss-util.h"

struct _GlossRowItem
{
  GObject    parent_instance;

  GPtrArray *rows;       /* owned ref: keeps the row alive */
  gpointer   row;
  char      *keys[GLOSS_ROW_ITEM_MAX_KEYS];
  char      *search;
};

G_DEFINE_FINAL_TYPE (GlossRowItem, gloss_row_item, G_TYPE_OBJECT)

static void
gloss_row_item_finalize (GObject *object)
{
  GlossRowItem *self = GLOSS_ROW_ITEM (object);

  for (guint i = 0; i < GLOSS_ROW_ITEM_MAX_KEYS; i++)
    g_free (self->keys[i]);
  g_free (self->search);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  G_OBJECT_CLASS (gloss_row_item_parent_class)->finalize (object);
}

static void
gloss_row_item_class_init (GlossRowItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gloss_row_item_finalize;
}

static void
gloss_row_item_init (GlossRowItem *self)
{
}

gpointer
gloss_row_item_get_row (GlossRowItem *self)
{
  g_return_val_if_fail (GLOSS_IS_ROW_ITEM (self), NULL);
  return self->row;
}

const char *
gloss_row_item_get_sort_key (GlossRowItem *self,
                             guint         column,
                             const char   *text)
{
  g_return_val_if_fail (GLOSS_IS_ROW_ITEM (self), "");
  g_return_val_if_fail (column < GLOSS_ROW_ITEM_MAX_KEYS, "");

  if (self->keys[column] == NULL)
    {
      g_autofree char *folded = g_utf8_casefold (text ? text : "", -1);

      self->keys[column] = g_utf8_collate_key (folded, -1);
    }
  return self->keys[column];
}

char *
gloss_row_fold (const char *text)
{
  if (text == NULL || *text == '\0')
    return NULL;
  /* The app's one search key: "zoe" finds "Zoë" and "Zoë" finds "Zoe". */
  return gloss_search_key (text);
}

const char *
gloss_row_item_get_search_text (GlossRowItem       *self,
                                const char * const *texts,
                                guint               n_texts)
{
  g_return_val_if_fail (GLOSS_IS_ROW_ITEM (self), "");

  if (self->search == NULL)
    {
      g_autoptr(GString) all = g_string_new (NULL);

      for (guint i = 0; i < n_texts; i++)
        if (texts[i] != NULL)
          {
            g_autofree char *folded = gloss_row_fold (texts[i]);

            if (folded != NULL)
              g_string_append_printf (all, "%s\n", folded);
          }
      self->search = g_string_free (g_steal_pointer (&all), FALSE);
    }
  return self->search;
}

/* ------------------------------------------------------------------------- */

struct _GlossRowModel
{
  GObject    parent_instance;

  GPtrArray *rows;
  GPtrArray *items;      /* GlossRowItem* or NULL, one per row, made on demand */
};

static void gloss_row_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GlossRowModel, gloss_row_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, gloss_row_model_list_model_init))

static GType
gloss_row_model_get_item_type (GListModel *model)
{
  return GLOSS_TYPE_ROW_ITEM;
}

static guint
gloss_row_model_get_n_items (GListModel *model)
{
  GlossRowModel *self = GLOSS_ROW_MODEL (model);

  return self->rows ? self->rows->len : 0;
}

static gpointer
gloss_row_model_get_item (GListModel *model,
                          guint       position)
{
  GlossRowModel *self = GLOSS_ROW_MODEL (model);
  GlossRowItem *item;

  if (self->rows == NULL || position >= self->rows->len)
    return NULL;
  item = self->items->pdata[position];
  if (item == NULL)
    {
      item = g_object_new (GLOSS_TYPE_ROW_ITEM, NULL);
      item->rows = g_ptr_array_ref (self->rows);
      item->row = self->rows->pdata[position];
      self->items->pdata[position] = item;
    }
  return g_object_ref (item);
}

static void
gloss_row_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = gloss_row_model_get_item_type;
  iface->get_n_items = gloss_row_model_get_n_items;
  iface->get_item = gloss_row_model_get_item;
}

static void
item_unref (gpointer item)
{
  if (item != NULL)
    g_object_unref (item);
}

static void
gloss_row_model_finalize (GObject *object)
{
  GlossRowModel *self = GLOSS_ROW_MODEL (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  G_OBJECT_CLASS (gloss_row_model_parent_class)->finalize (object);
}

static void
gloss_row_model_class_init (GlossRowModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gloss_row_model_finalize;
}

static void
gloss_row_model_init (GlossRowModel *self)
{
}

GlossRowModel *
gloss_row_model_new (void)
{
  return g_object_new (GLOSS_TYPE_ROW_MODEL, NULL);
}

void
gloss_row_model_set_rows (GlossRowModel *self,
                          GPtrArray     *rows)
{
  guint removed;
  guint added = rows ? rows->len : 0;

  g_return_if_fail (GLOSS_IS_ROW_MODEL (self));

  removed = self->rows ? self->rows->len : 0;
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  if (rows != NULL)
    {
      self->rows = g_ptr_array_ref (rows);
      self->items = g_ptr_array_new_full (rows->len, item_unref);
      g_ptr_array_set_size (self->items, rows->len);
    }
  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, added);
}

GPtrArray *
gloss_row_model_get_rows (GlossRowModel *self)
{
  g_return_val_if_fail (GLOSS_IS_ROW_MODEL (self), NULL);
  return self->rows;
}

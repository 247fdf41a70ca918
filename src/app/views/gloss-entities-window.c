/* gloss-entities-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The register is small next to the annotations (hundreds or thousands of
 * entities), but it is listed the same way as the claims: one query into a
 * GlossRowModel, sorted by the column view, then filtered. Merges and bulk
 * annotation are core calls, one transaction each, recorded on the main window's
 * undo stack (the GlossEntityMerge record, the ids created): Ctrl+Z there or here
 * undoes the same newest step, so the two windows never disagree on what undo does.
 */
#define G_LOG_DOMAIN "gloss-entities-window"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "gloss-accessible.h"
#include "gloss-keynav.h"
#include "gloss-document-view.h"
#include "gloss-entities.h"
#include "gloss-entities-window.h"
#include "gloss-row-model.h"
#include "gloss-session.h"
#include "gloss-view-common.h"
#include "gloss-views.h"

/* Code points of context shown on each side of an occurrence. */
#define CONTEXT_CHARS 48

typedef enum {
  COLUMN_NAME,
  COLUMN_TYPE,
  COLUMN_ALIASES,
  COLUMN_MENTIONS,
  COLUMN_DOCUMENTS,
  N_COLUMNS
} EntityColumn;

typedef struct {
  GlossEntitiesWindow *self;
  EntityColumn         column;
} ColumnInfo;

struct _GlossEntitiesWindow
{
  AdwWindow            parent_instance;

  /* Template children */
  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  GtkSearchEntry      *search_entry;
  GtkDropDown         *type_dropdown;
  GtkStack            *stack;
  GtkColumnView       *column_view;
  GtkLabel            *mentions_label;
  GtkListView         *mentions_view;

  GlossStore          *store;           /* watched */
  GlossUndoStack      *undo;            /* weak: the main window's, shared */
  GlossDocumentView   *document_view;   /* weak: the article shown in the main window */
  GlossRowModel       *rows;            /* GlossEntity */
  GtkFilterListModel  *filtered;
  GtkMultiSelection   *selection;
  GtkCustomFilter     *filter;
  GlossRowModel       *mentions;        /* GlossAnnotation */
  GtkSingleSelection  *mentions_selection;
  GHashTable          *titles;          /* document id -> title */
  GPtrArray           *type_ids;        /* char*, [0] NULL = any type */
  ColumnInfo           info[N_COLUMNS];
  GtkColumnViewColumn *columns[N_COLUMNS];

  char                *search;
  char                *mentions_of;     /* entity whose mentions are listed */
};

G_DEFINE_FINAL_TYPE (GlossEntitiesWindow, gloss_entities_window, ADW_TYPE_WINDOW)

enum {
  OPEN_ANNOTATION,
  ANNOTATIONS_CHANGED,
  UNDO,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void gloss_entities_window_reload (GlossEntitiesWindow *self);

static void
gloss_entities_window_toast (GlossEntitiesWindow *self,
                             const char          *message,
                             gboolean             undoable)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, undoable ? 8 : 5);
  if (undoable)
    {
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "entities.undo");
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static GPtrArray *
selected_entities (GlossEntitiesWindow *self)
{
  GPtrArray *list = g_ptr_array_new ();
  GtkBitset *set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GtkBitsetIter iter;
  guint position;

  if (gtk_bitset_iter_init_first (&iter, set, &position))
    do
      {
        g_autoptr(GlossRowItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

        /* The rows live as long as the model's array: the store's array outlives the item. */
        g_ptr_array_add (list, gloss_row_item_get_row (item));
      }
    while (gtk_bitset_iter_next (&iter, &position));
  gtk_bitset_unref (set);
  return list;
}

static void
gloss_entities_window_update_actions (GlossEntitiesWindow *self)
{
  g_autoptr(GPtrArray) chosen = selected_entities (self);
  gboolean writable = self->store != NULL && !gloss_store_is_read_only (self->store);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entities.edit", writable && chosen->len == 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entities.merge", writable && chosen->len == 2);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entities.delete", writable && chosen->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entities.annotate-all", writable && chosen->len == 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entities.undo",
                                 writable && gloss_entities_window_can_undo (self));
}

/* ------------------------------------------------------------------------- */
/* Columns                                                                   */

static const struct {
  const char *title;
  gboolean    expand;
  int         width;
} column_defs[N_COLUMNS] = {
  [COLUMN_NAME]      = { N_("Name"), TRUE, 200 },
  [COLUMN_TYPE]      = { N_("Type"), FALSE, 120 },
  [COLUMN_ALIASES]   = { N_("Aliases"), TRUE, 200 },
  [COLUMN_MENTIONS]  = { N_("Mentions"), FALSE, 90 },
  [COLUMN_DOCUMENTS] = { N_("Documents"), FALSE, 100 },
};

static char *
entity_text (const GlossEntity *entity,
             EntityColumn       column)
{
  switch (column)
    {
    case COLUMN_NAME:      return g_strdup (entity->name);
    case COLUMN_TYPE:      return g_strdup (entity->label_name);
    case COLUMN_ALIASES:   return g_strjoinv (", ", entity->aliases);
    case COLUMN_MENTIONS:  return g_strdup_printf ("%" G_GINT64_FORMAT, entity->n_mentions);
    case COLUMN_DOCUMENTS: return g_strdup_printf ("%" G_GINT64_FORMAT, entity->n_documents);
    case N_COLUMNS:
    default:               return NULL;
    }
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               ColumnInfo               *info)
{
  GtkWidget *label = gtk_label_new (NULL);
  gboolean numeric = info->column == COLUMN_MENTIONS || info->column == COLUMN_DOCUMENTS;

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1 : 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (numeric)
    gtk_widget_add_css_class (label, "gloss-numeric");
  if (info->column == COLUMN_ALIASES)
    gtk_widget_add_css_class (label, "dim-label");
  gtk_list_item_set_child (list_item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              ColumnInfo               *info)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);
  const GlossEntity *entity = gloss_row_item_get_row (gtk_list_item_get_item (list_item));
  g_autofree char *text = entity_text (entity, info->column);

  gtk_label_set_text (GTK_LABEL (label), text);
  if (info->column == COLUMN_NAME)
    gloss_accessible_name_row (label, entity->name);
  gtk_widget_set_tooltip_text (label, info->column == COLUMN_ALIASES && *text ? text :
                                      info->column == COLUMN_NAME ? entity->description : NULL);
}

static int
compare_entities_cb (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  ColumnInfo *info = user_data;
  GlossRowItem *ia = GLOSS_ROW_ITEM ((gpointer) a);
  GlossRowItem *ib = GLOSS_ROW_ITEM ((gpointer) b);
  const GlossEntity *ea = gloss_row_item_get_row (ia);
  const GlossEntity *eb = gloss_row_item_get_row (ib);
  int result = 0;

  if (info->column == COLUMN_MENTIONS)
    result = ea->n_mentions < eb->n_mentions ? -1 : ea->n_mentions > eb->n_mentions ? 1 : 0;
  else if (info->column == COLUMN_DOCUMENTS)
    result = ea->n_documents < eb->n_documents ? -1 : ea->n_documents > eb->n_documents ? 1 : 0;
  else
    {
      g_autofree char *ta = entity_text (ea, info->column);
      g_autofree char *tb = entity_text (eb, info->column);

      result = strcmp (gloss_row_item_get_sort_key (ia, info->column, ta),
                       gloss_row_item_get_sort_key (ib, info->column, tb));
    }
  if (result == 0)
    result = strcmp (gloss_row_item_get_sort_key (ia, COLUMN_NAME, ea->name),
                     gloss_row_item_get_sort_key (ib, COLUMN_NAME, eb->name));
  return result < 0 ? GTK_ORDERING_SMALLER : result > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

/* ------------------------------------------------------------------------- */
/* Filter                                                                    */

static gboolean
filter_entity_cb (gpointer object,
                  gpointer user_data)
{
  GlossEntitiesWindow *self = user_data;
  GlossRowItem *item = object;
  const GlossEntity *entity = gloss_row_item_get_row (item);
  guint selected = gtk_drop_down_get_selected (self->type_dropdown);
  const char *type = self->type_ids != NULL && selected < self->type_ids->len ? self->type_ids->pdata[selected] : NULL;

  if (type != NULL && g_strcmp0 (entity->label_id, type) != 0)
    return FALSE;
  if (self->search != NULL)
    {
      g_autofree char *aliases = g_strjoinv ("\n", entity->aliases);
      const char *texts[] = { entity->name, aliases, entity->description, entity->external_ref };

      return strstr (gloss_row_item_get_search_text (item, texts, G_N_ELEMENTS (texts)), self->search) != NULL;
    }
  return TRUE;
}

static void
gloss_entities_window_update_status (GlossEntitiesWindow *self)
{
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  g_autofree char *subtitle = NULL;

  if (shown == total)
    subtitle = g_strdup_printf (ngettext ("%u entity", "%u entities", total), total);
  else
    /* Translators: "3 of 40 entities" */
    subtitle = g_strdup_printf (ngettext ("%u of %u entity", "%u of %u entities", total), shown, total);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_stack_set_visible_child_name (self->stack, total == 0 ? "empty" : "entities");
}

static void
search_changed_cb (GlossEntitiesWindow *self)
{
  g_free (self->search);
  self->search = gloss_row_fold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  gloss_entities_window_update_status (self);
}

static void
type_changed_cb (GlossEntitiesWindow *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  gloss_entities_window_update_status (self);
}

/* ------------------------------------------------------------------------- */
/* Mentions                                                                  */

static char *
context_markup (const char *prefix,
                const char *quote,
                const char *suffix)
{
  g_autofree char *p = g_markup_escape_text (prefix ? prefix : "", -1);
  g_autofree char *q = g_markup_escape_text (quote ? quote : "", -1);
  g_autofree char *s = g_markup_escape_text (suffix ? suffix : "", -1);
  char *markup = g_strdup_printf ("…%s<b>%s</b>%s…", p, q, s);

  /* One line per occurrence. */
  g_strdelimit (markup, "\n\t", ' ');
  return markup;
}

static void
mention_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  GlossEntitiesWindow      *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *context = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "caption");
  gtk_widget_add_css_class (title, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (context), 0);
  gtk_label_set_ellipsize (GTK_LABEL (context), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (context, "gloss-mention-context");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), context);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  gtk_list_item_set_child (list_item, box);
}

static void
mention_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 GlossEntitiesWindow      *self)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *context = gtk_widget_get_next_sibling (title);
  const GlossAnnotation *a = gloss_row_item_get_row (gtk_list_item_get_item (list_item));
  g_autofree char *markup = context_markup (a->prefix, a->quote, a->suffix);
  const char *doc = self->titles ? g_hash_table_lookup (self->titles, a->document_id) : NULL;

  gtk_label_set_text (GTK_LABEL (title), doc ? doc : "");
  gtk_label_set_markup (GTK_LABEL (context), markup);
  {
    g_autofree char *name = g_strdup_printf (C_("mention row", "%s: %s"), doc ? doc : "", a->quote ? a->quote : "");

    gloss_accessible_name_row (box, name);
  }
}

static void
gloss_entities_window_load_mentions (GlossEntitiesWindow *self)
{
  g_autoptr(GPtrArray) chosen = selected_entities (self);
  g_autoptr(GPtrArray) mentions = NULL;
  const GlossEntity *entity = chosen->len == 1 ? chosen->pdata[0] : NULL;

  g_clear_pointer (&self->mentions_of, g_free);
  if (entity == NULL || self->store == NULL)
    {
      gloss_row_model_set_rows (self->mentions, NULL);
      gtk_label_set_text (self->mentions_label, chosen->len == 0 ? _("Select an entity to see its mentions.")
                                                                 : _("Select one entity to see its mentions."));
      return;
    }
  self->mentions_of = g_strdup (entity->id);
  mentions = gloss_store_list_mentions (self->store, entity->id, NULL);
  gloss_row_model_set_rows (self->mentions, mentions);
  {
    guint n = mentions ? mentions->len : 0;
    /* Translators: "Mentions of “Port Authority” (12)" */
    g_autofree char *text = g_strdup_printf (_("Mentions of “%s” (%u)"), entity->name, n);

    gtk_label_set_text (self->mentions_label, text);
  }
}

static void
selection_changed_cb (GlossEntitiesWindow *self)
{
  gloss_entities_window_load_mentions (self);
  gloss_entities_window_update_actions (self);
}

static void
mention_activated_cb (GlossEntitiesWindow *self,
                      guint                position)
{
  g_autoptr(GlossRowItem) item = g_list_model_get_item (G_LIST_MODEL (self->mentions_selection), position);
  const GlossAnnotation *a;

  if (item == NULL)
    return;
  a = gloss_row_item_get_row (item);
  g_signal_emit (self, signals[OPEN_ANNOTATION], 0, a->document_id, a->id);
}

/* Activating an entity opens its first mention. */
static void
entity_activated_cb (GlossEntitiesWindow *self,
                     guint                position)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->mentions_selection)) > 0)
    mention_activated_cb (self, 0);
}

/* ------------------------------------------------------------------------- */
/* Loading                                                                   */

static void
gloss_entities_window_fill_types (GlossEntitiesWindow *self)
{
  g_autoptr(GPtrArray) labels = gloss_store_list_labels (self->store, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint old = gtk_drop_down_get_selected (self->type_dropdown);
  g_autofree char *was = self->type_ids && old < self->type_ids->len ? g_strdup (self->type_ids->pdata[old]) : NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  guint selected = 0;

  g_ptr_array_add (ids, NULL);
  gtk_string_list_append (names, _("All Types"));
  for (guint i = 0; labels != NULL && i < labels->len; i++)
    {
      const GlossLabel *label = labels->pdata[i];

      if (g_strcmp0 (label->kind, GLOSS_LABEL_KIND_ENTITY) != 0)
        continue;
      if (g_strcmp0 (label->id, was) == 0)
        selected = ids->len;
      g_ptr_array_add (ids, g_strdup (label->id));
      gtk_string_list_append (names, label->name);
    }
  g_clear_pointer (&self->type_ids, g_ptr_array_unref);
  self->type_ids = ids;
  g_signal_handlers_block_by_func (self->type_dropdown, type_changed_cb, self);
  gtk_drop_down_set_model (self->type_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->type_dropdown, selected);
  g_signal_handlers_unblock_by_func (self->type_dropdown, type_changed_cb, self);
}

static void
gloss_entities_window_reload (GlossEntitiesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entities = NULL;
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(GPtrArray) chosen = NULL;
  g_autoptr(GStrvBuilder) keep = g_strv_builder_new ();
  g_auto(GStrv) keep_ids = NULL;

  gloss_view_cancel_reload (GTK_WINDOW (self));
  if (self->store == NULL)
    return;
  entities = gloss_store_list_entities (self->store, NULL, &error);
  if (entities == NULL)
    {
      g_warning ("Could not list the entities: %s", error->message);
      return;
    }
  documents = gloss_store_list_documents (self->store, NULL);
  g_hash_table_remove_all (self->titles);
  for (guint i = 0; documents != NULL && i < documents->len; i++)
    {
      const GlossDocument *doc = documents->pdata[i];

      g_hash_table_insert (self->titles, g_strdup (doc->id), g_strdup (doc->title));
    }
  gloss_entities_window_fill_types (self);

  /* The selection is by position: keep it by id across the reload. */
  chosen = selected_entities (self);
  for (guint i = 0; i < chosen->len; i++)
    g_strv_builder_add (keep, ((GlossEntity *) chosen->pdata[i])->id);
  keep_ids = g_strv_builder_end (keep);
  g_clear_pointer (&chosen, g_ptr_array_unref);

  g_signal_handlers_block_by_func (self->selection, selection_changed_cb, self);
  gloss_row_model_set_rows (self->rows, entities);
  g_signal_handlers_unblock_by_func (self->selection, selection_changed_cb, self);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  gloss_entities_window_select (self, (const char * const *) keep_ids);
  gloss_entities_window_update_status (self);
  gloss_entities_window_load_mentions (self);
  gloss_entities_window_update_actions (self);
}

gboolean
gloss_entities_window_select (GlossEntitiesWindow *self,
                              const char * const  *ids)
{
  GListModel *model;
  guint n, found = 0, wanted;

  g_return_val_if_fail (GLOSS_IS_ENTITIES_WINDOW (self), FALSE);

  model = G_LIST_MODEL (self->selection);
  n = g_list_model_get_n_items (model);
  wanted = ids ? g_strv_length ((char **) ids) : 0;
  g_signal_handlers_block_by_func (self->selection, selection_changed_cb, self);
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  for (guint i = 0; i < n && found < wanted; i++)
    {
      g_autoptr(GlossRowItem) item = g_list_model_get_item (model, i);
      const GlossEntity *entity = gloss_row_item_get_row (item);

      if (g_strv_contains (ids, entity->id))
        {
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), i, FALSE);
          found++;
        }
    }
  g_signal_handlers_unblock_by_func (self->selection, selection_changed_cb, self);
  selection_changed_cb (self);
  return found == wanted;
}

/* ------------------------------------------------------------------------- */
/* Edit                                                                      */

gboolean
gloss_entities_window_update (GlossEntitiesWindow *self,
                              const char          *id,
                              const char          *name,
                              const char * const  *aliases,
                              const char          *description,
                              const char          *external_ref,
                              GError             **error)
{
  g_autoptr(GlossEntity) entity = NULL;
  g_autoptr(GlossSession) session = NULL;

  g_return_val_if_fail (GLOSS_IS_ENTITIES_WINDOW (self), FALSE);

  entity = gloss_store_get_entity (self->store, id, error);
  if (entity == NULL)
    return FALSE;
  g_free (entity->name);
  entity->name = g_strdup (name);
  g_strfreev (entity->aliases);
  entity->aliases = g_strdupv ((char **) aliases);
  g_free (entity->description);
  entity->description = description && *description ? g_strdup (description) : NULL;
  g_free (entity->external_ref);
  entity->external_ref = external_ref && *external_ref ? g_strdup (external_ref) : NULL;
  /* Through the main window's stack: Ctrl+Z here or there takes it back. */
  session = gloss_session_new (self->store, self->undo);
  if (!gloss_session_edit_entity (session, entity, error))
    return FALSE;
  gloss_entities_window_reload (self);
  gloss_entities_window_select (self, (const char *[]) { id, NULL });
  g_signal_emit (self, signals[ANNOTATIONS_CHANGED], 0);
  return TRUE;
}

gboolean
gloss_entities_window_delete (GlossEntitiesWindow *self,
                              const char          *id,
                              GError             **error)
{
  g_autoptr(GlossSession) session = NULL;

  g_return_val_if_fail (GLOSS_IS_ENTITIES_WINDOW (self), FALSE);

  session = gloss_session_new (self->store, self->undo);
  if (!gloss_session_delete_entity (session, id, error))
    return FALSE;
  gloss_entities_window_reload (self);
  g_signal_emit (self, signals[ANNOTATIONS_CHANGED], 0);
  return TRUE;
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GlossEntitiesWindow *self = GLOSS_ENTITIES_WINDOW (widget);
  g_autoptr(GPtrArray) chosen = selected_entities (self);
  g_autoptr(GError) error = NULL;
  guint deleted = 0;

  for (guint i = 0; i < chosen->len; i++)
    {
      const GlossEntity *entity = chosen->pdata[i];

      if (gloss_entities_window_delete (self, entity->id, &error))
        deleted++;
      else
        {
          gloss_entities_window_toast (self, error->message, FALSE);
          g_clear_error (&error);
        }
    }
  if (deleted > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entity deleted",
                                                            "%u entities deleted", deleted), deleted);

      gloss_entities_window_toast (self, text, TRUE);
    }
}

static void
edit_response_cb (AdwMessageDialog    *dialog,
                  const char          *response,
                  GlossEntitiesWindow *self)
{
  GtkEditable *name = g_object_get_data (G_OBJECT (dialog), "gloss-name");
  GtkTextView *aliases = g_object_get_data (G_OBJECT (dialog), "gloss-aliases");
  GtkEditable *description = g_object_get_data (G_OBJECT (dialog), "gloss-description");
  GtkEditable *reference = g_object_get_data (G_OBJECT (dialog), "gloss-reference");
  const char *id = g_object_get_data (G_OBJECT (dialog), "gloss-id");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GStrvBuilder) list = g_strv_builder_new ();
  g_auto(GStrv) clean = NULL;
  GtkTextIter start, end;

  if (g_strcmp0 (response, "save") != 0)
    return;
  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (aliases), &start, &end);
  text = gtk_text_iter_get_text (&start, &end);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*g_strstrip (lines[i]) != '\0')
      g_strv_builder_add (list, lines[i]);
  clean = g_strv_builder_end (list);
  if (!gloss_entities_window_update (self, id, gtk_editable_get_text (name), (const char * const *) clean,
                                     gtk_editable_get_text (description),
                                     gtk_editable_get_text (reference), &error))
    gloss_entities_window_toast (self, error->message, FALSE);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GlossEntitiesWindow *self = GLOSS_ENTITIES_WINDOW (widget);
  g_autoptr(GPtrArray) chosen = selected_entities (self);
  const GlossEntity *entity;
  g_autofree char *aliases = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog, *box, *name_label, *name, *aliases_label, *frame, *view;

  if (chosen->len != 1)
    return;
  entity = chosen->pdata[0];
  heading = g_strdup_printf (_("Edit “%s”"), entity->name);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, NULL);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  name_label = gtk_label_new_with_mnemonic (_("_Name"));
  gtk_label_set_xalign (GTK_LABEL (name_label), 0);
  name = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (name), entity->name);
  gtk_entry_set_activates_default (GTK_ENTRY (name), TRUE);
  gtk_label_set_mnemonic_widget (GTK_LABEL (name_label), name);

  aliases_label = gtk_label_new_with_mnemonic (_("_Aliases, one per line"));
  gtk_label_set_xalign (GTK_LABEL (aliases_label), 0);
  gtk_widget_set_margin_top (aliases_label, 6);
  view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 6);
  aliases = g_strjoinv ("\n", entity->aliases);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), aliases, -1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (aliases_label), view);
  frame = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (frame), view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (frame), 90);
  gtk_widget_add_css_class (frame, "card");

  gtk_box_append (GTK_BOX (box), name_label);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), aliases_label);
  gtk_box_append (GTK_BOX (box), frame);
  {
    GtkWidget *label = gtk_label_new_with_mnemonic (_("_Description"));
    GtkWidget *entry = gtk_entry_new ();

    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_widget_set_margin_top (label, 6);
    gtk_editable_set_text (GTK_EDITABLE (entry), entity->description ? entity->description : "");
    gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
    gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
    gtk_box_append (GTK_BOX (box), label);
    gtk_box_append (GTK_BOX (box), entry);
    g_object_set_data (G_OBJECT (dialog), "gloss-description", entry);

    label = gtk_label_new_with_mnemonic (_("External _reference (a Wikidata id or an address)"));
    entry = gtk_entry_new ();
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
    gtk_widget_set_margin_top (label, 6);
    gtk_editable_set_text (GTK_EDITABLE (entry), entity->external_ref ? entity->external_ref : "");
    gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
    gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "Q42");
    gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
    gtk_box_append (GTK_BOX (box), label);
    gtk_box_append (GTK_BOX (box), entry);
    g_object_set_data (G_OBJECT (dialog), "gloss-reference", entry);
  }
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "gloss-name", name);
  g_object_set_data (G_OBJECT (dialog), "gloss-aliases", view);
  g_object_set_data_full (G_OBJECT (dialog), "gloss-id", g_strdup (entity->id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (edit_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (name);
}

/* ------------------------------------------------------------------------- */
/* Merge and undo                                                            */

gboolean
gloss_entities_window_merge (GlossEntitiesWindow *self,
                             const char          *keep_id,
                             const char          *other_id,
                             GError             **error)
{
  g_autoptr(GlossEntity) keep = NULL;
  g_autoptr(GlossEntity) other = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GlossSession) session = NULL;

  g_return_val_if_fail (GLOSS_IS_ENTITIES_WINDOW (self), FALSE);

  if ((keep = gloss_store_get_entity (self->store, keep_id, error)) == NULL ||
      (other = gloss_store_get_entity (self->store, other_id, error)) == NULL)
    return FALSE;
  /* One core action, undone through the main window's stack (without the main
   * window, closing, there is none to undo from). */
  session = gloss_session_new (self->store, self->undo);
  if (!gloss_session_merge_entities (session, keep_id, other_id, error))
    return FALSE;
  /* Translators: a toast after merging two entities */
  message = g_strdup_printf (_("Merged “%s” into “%s”"), other->name, keep->name);
  gloss_entities_window_toast (self, message, TRUE);
  gloss_entities_window_reload (self);
  gloss_entities_window_select (self, (const char *[]) { keep_id, NULL });
  g_signal_emit (self, signals[ANNOTATIONS_CHANGED], 0);
  return TRUE;
}

/* The main window's stack: undo here is the same as Ctrl+Z there. */
gboolean
gloss_entities_window_can_undo (GlossEntitiesWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_ENTITIES_WINDOW (self), FALSE);
  /* Without a main window to bring up to date (closing), there is nothing to undo from. */
  return self->undo != NULL && gloss_undo_stack_get_can_undo (self->undo) &&
         g_signal_has_handler_pending (self, signals[UNDO], 0, FALSE);
}

gboolean
gloss_entities_window_undo (GlossEntitiesWindow *self,
                            GError             **error)
{
  gboolean ok = FALSE;

  g_return_val_if_fail (GLOSS_IS_ENTITIES_WINDOW (self), FALSE);

  if (!gloss_entities_window_can_undo (self))
    return TRUE;
  /* The main window undoes, as its Ctrl+Z does, and refreshes itself; a step the
   * project refuses (changed since) is dropped there, so the next can go on. */
  g_signal_emit (self, signals[UNDO], 0, error, &ok);
  gloss_entities_window_reload (self);
  return ok;
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GlossEntitiesWindow *self = GLOSS_ENTITIES_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!gloss_entities_window_undo (self, &error))
    gloss_entities_window_toast (self, error->message, FALSE);
  else
    gloss_entities_window_toast (self, _("Undone"), FALSE);
}

static void
merge_response_cb (AdwMessageDialog    *dialog,
                   const char          *response,
                   GlossEntitiesWindow *self)
{
  const char *first = g_object_get_data (G_OBJECT (dialog), "gloss-first");
  const char *second = g_object_get_data (G_OBJECT (dialog), "gloss-second");
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (g_strcmp0 (response, "keep-first") == 0)
    ok = gloss_entities_window_merge (self, first, second, &error);
  else if (g_strcmp0 (response, "keep-second") == 0)
    ok = gloss_entities_window_merge (self, second, first, &error);
  if (!ok)
    gloss_entities_window_toast (self, error->message, FALSE);
}

static void
merge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  GlossEntitiesWindow *self = GLOSS_ENTITIES_WINDOW (widget);
  g_autoptr(GPtrArray) chosen = selected_entities (self);
  const GlossEntity *a, *b;
  g_autofree char *body = NULL;
  g_autofree char *keep_a = NULL;
  g_autofree char *keep_b = NULL;
  GtkWidget *dialog;

  if (chosen->len != 2)
    return;
  a = chosen->pdata[0];
  b = chosen->pdata[1];
  /* Translators: the two names are entities about to be merged */
  body = g_strdup_printf (_("“%s” and “%s” become one entity: every mention of the other moves to the one "
                            "you keep, and the other’s name becomes one of its aliases. Which one do you keep?"),
                          a->name, b->name);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Merge Entities?"), body);
  /* Translators: a button; %s is an entity's name */
  keep_a = g_strdup_printf (_("Keep “%s”"), a->name);
  keep_b = g_strdup_printf (_("Keep “%s”"), b->name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "keep-second", keep_b, "keep-first", keep_a, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "keep-first", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep-first");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "gloss-first", g_strdup (a->id), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "gloss-second", g_strdup (b->id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (merge_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------------- */
/* Annotate all mentions                                                     */

typedef struct {
  GlossMention *mention;
  char         *markup;          /* the occurrence in its context */
  gboolean      accepted;
} Candidate;

static void
candidate_free (Candidate *candidate)
{
  gloss_mention_free (candidate->mention);
  g_free (candidate->markup);
  g_free (candidate);
}

struct _GlossAnnotateMentionsDialog
{
  AdwWindow            parent_instance;

  GlossEntitiesWindow *entities;        /* weak */
  GlossStore          *store;           /* owned ref, for the dialog's short life */
  GlossEntity         *entity;
  char                *document_id;     /* shown in the main window, nullable */
  gboolean             whole_project;

  GlossRowModel       *candidates;      /* Candidate */
  GtkDropDown         *scope;
  GtkLabel            *status;
  GtkButton           *apply_button;
  GtkWidget           *check_all;
  GtkWidget           *check_none;
  GtkStack            *stack;
};

G_DEFINE_FINAL_TYPE (GlossAnnotateMentionsDialog, gloss_annotate_mentions_dialog, ADW_TYPE_WINDOW)

static guint
count_accepted (GlossAnnotateMentionsDialog *self)
{
  GPtrArray *rows = gloss_row_model_get_rows (self->candidates);
  guint n = 0;

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    n += ((Candidate *) rows->pdata[i])->accepted;
  return n;
}

static void
annotate_dialog_update (GlossAnnotateMentionsDialog *self)
{
  GPtrArray *rows = gloss_row_model_get_rows (self->candidates);
  guint total = rows ? rows->len : 0;
  guint accepted = count_accepted (self);
  g_autofree char *status = NULL;
  g_autofree char *button = NULL;

  if (total == 0)
    status = g_strdup_printf (self->whole_project ? _("Every occurrence of “%s” in the project is annotated already.")
                                                  : _("Every occurrence of “%s” in this article is annotated already."),
                              self->entity->name);
  else
    /* Translators: "12 occurrences of “Port Authority” have no annotation." */
    status = g_strdup_printf (ngettext ("%u occurrence of “%s” has no annotation. Uncheck what is not a mention.",
                                        "%u occurrences of “%s” have no annotation. Uncheck what is not a mention.",
                                        total), total, self->entity->name);
  gtk_label_set_text (self->status, status);
  /* Translators: a button: "Annotate 3" */
  button = g_strdup_printf (ngettext ("_Annotate %u", "_Annotate %u", accepted), accepted);
  gtk_button_set_label (self->apply_button, button);
  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button), accepted > 0);
  gtk_widget_set_sensitive (self->check_all, accepted < total);
  gtk_widget_set_sensitive (self->check_none, accepted > 0);
  gtk_stack_set_visible_child_name (self->stack, total == 0 ? "none" : "list");
}

static void
annotate_dialog_find (GlossAnnotateMentionsDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GHashTable) texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) gloss_document_free);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_free);

  found = gloss_store_find_unannotated_mentions (self->store, self->entity->id,
                                                 self->whole_project ? NULL : self->document_id, &error);
  if (found == NULL)
    {
      gtk_label_set_text (self->status, error->message);
      gloss_row_model_set_rows (self->candidates, NULL);
      return;
    }
  for (guint i = 0; i < found->len; i++)
    {
      GlossMention *m = found->pdata[i];
      GlossDocument *doc = g_hash_table_lookup (texts, m->document_id);
      Candidate *candidate = g_new0 (Candidate, 1);

      if (doc == NULL && (doc = gloss_store_get_document (self->store, m->document_id, NULL)) != NULL)
        g_hash_table_insert (texts, g_strdup (m->document_id), doc);
      if (doc != NULL && doc->text != NULL)
        {
          const char *from = g_utf8_offset_to_pointer (doc->text, MAX (0, m->start - CONTEXT_CHARS));
          const char *start = g_utf8_offset_to_pointer (doc->text, m->start);
          const char *end = g_utf8_offset_to_pointer (doc->text, m->end);
          const char *to = g_utf8_offset_to_pointer (doc->text, MIN (doc->length, m->end + CONTEXT_CHARS));
          g_autofree char *prefix = g_strndup (from, start - from);
          g_autofree char *suffix = g_strndup (end, to - end);
          candidate->markup = context_markup (prefix, m->quote, suffix);
        }
      else
        candidate->markup = g_markup_escape_text (m->quote, -1);
      candidate->mention = g_steal_pointer (&found->pdata[i]);
      candidate->accepted = TRUE;
      g_ptr_array_add (rows, candidate);
    }
  /* The mentions were moved into the candidates. */
  g_ptr_array_set_free_func (found, NULL);
  gloss_row_model_set_rows (self->candidates, rows);
  annotate_dialog_update (self);
}

void
gloss_annotate_mentions_dialog_set_whole_project (GlossAnnotateMentionsDialog *self,
                                                  gboolean                     whole_project)
{
  g_return_if_fail (GLOSS_IS_ANNOTATE_MENTIONS_DIALOG (self));

  /* Without a shown article there is only the project. */
  whole_project = whole_project || self->document_id == NULL;
  if (gtk_drop_down_get_selected (self->scope) != (whole_project ? 1u : 0u))
    gtk_drop_down_set_selected (self->scope, whole_project ? 1 : 0);
  if (self->whole_project == whole_project && gloss_row_model_get_rows (self->candidates) != NULL)
    return;
  self->whole_project = whole_project;
  annotate_dialog_find (self);
}

static void
scope_changed_cb (GlossAnnotateMentionsDialog *self)
{
  gloss_annotate_mentions_dialog_set_whole_project (self, gtk_drop_down_get_selected (self->scope) == 1);
}

GListModel *
gloss_annotate_mentions_dialog_get_candidates (GlossAnnotateMentionsDialog *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATE_MENTIONS_DIALOG (self), NULL);
  return G_LIST_MODEL (self->candidates);
}

void
gloss_annotate_mentions_dialog_set_accepted (GlossAnnotateMentionsDialog *self,
                                             guint                        position,
                                             gboolean                     accepted)
{
  GPtrArray *rows;

  g_return_if_fail (GLOSS_IS_ANNOTATE_MENTIONS_DIALOG (self));

  rows = gloss_row_model_get_rows (self->candidates);
  g_return_if_fail (rows != NULL && position < rows->len);
  ((Candidate *) rows->pdata[position])->accepted = accepted;
  /* Rows already on screen show the new state. */
  g_list_model_items_changed (G_LIST_MODEL (self->candidates), position, 0, 0);
  annotate_dialog_update (self);
}

gboolean
gloss_annotate_mentions_dialog_apply (GlossAnnotateMentionsDialog *self,
                                      GError                     **error)
{
  GPtrArray *rows;
  g_autoptr(GPtrArray) accepted = g_ptr_array_new ();
  g_autoptr(GPtrArray) created = NULL;
  g_autoptr(GlossSession) session = NULL;
  g_autofree char *annotator = gloss_view_dup_annotator ();
  g_autofree char *message = NULL;
  GlossEntitiesWindow *entities = self->entities;

  g_return_val_if_fail (GLOSS_IS_ANNOTATE_MENTIONS_DIALOG (self), FALSE);

  rows = gloss_row_model_get_rows (self->candidates);
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    if (((Candidate *) rows->pdata[i])->accepted)
      g_ptr_array_add (accepted, ((Candidate *) rows->pdata[i])->mention);
  if (accepted->len == 0)
    return TRUE;
  session = gloss_session_new (self->store, entities != NULL ? entities->undo : NULL);
  gloss_session_set_annotator (session, annotator);
  created = gloss_session_annotate_mentions (session, self->entity->id, accepted, error);
  if (created == NULL)
    return FALSE;
  if (entities != NULL)
    {
      message = g_strdup_printf (ngettext ("Annotated %u mention of “%s”", "Annotated %u mentions of “%s”",
                                           created->len), created->len, self->entity->name);
      gloss_entities_window_toast (entities, message, TRUE);
      gloss_entities_window_reload (entities);
      g_signal_emit (entities, signals[ANNOTATIONS_CHANGED], 0);
    }
  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

static void
apply_clicked_cb (GlossAnnotateMentionsDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (!gloss_annotate_mentions_dialog_apply (self, &error))
    gtk_label_set_text (self->status, error->message);
}

static void
select_all_clicked_cb (GtkButton                   *button,
                       GlossAnnotateMentionsDialog *self)
{
  GPtrArray *rows = gloss_row_model_get_rows (self->candidates);
  gboolean accept = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "gloss-accept"));

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    ((Candidate *) rows->pdata[i])->accepted = accept;
  if (rows != NULL)
    g_list_model_items_changed (G_LIST_MODEL (self->candidates), 0, rows->len, rows->len);
  annotate_dialog_update (self);
}

static void
candidate_toggled_cb (GtkCheckButton              *check,
                      GlossAnnotateMentionsDialog *self)
{
  Candidate *candidate = g_object_get_data (G_OBJECT (check), "gloss-candidate");

  if (candidate == NULL || candidate->accepted == gtk_check_button_get_active (check))
    return;
  candidate->accepted = gtk_check_button_get_active (check);
  annotate_dialog_update (self);
}

static void
candidate_setup_cb (GtkSignalListItemFactory    *factory,
                    GtkListItem                 *list_item,
                    GlossAnnotateMentionsDialog *self)
{
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *context = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "caption");
  gtk_widget_add_css_class (title, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (context), 0);
  gtk_label_set_wrap (GTK_LABEL (context), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (context), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (context, TRUE);
  gtk_widget_add_css_class (context, "gloss-mention-context");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), context);
  gtk_widget_set_hexpand (box, TRUE);
  gtk_check_button_set_child (GTK_CHECK_BUTTON (check), box);
  gtk_widget_set_margin_top (check, 3);
  gtk_widget_set_margin_bottom (check, 3);
  g_signal_connect (check, "toggled", G_CALLBACK (candidate_toggled_cb), self);
  gtk_list_item_set_child (list_item, check);
  /* The check button takes the clicks and the focus; the row only holds it. */
  gtk_list_item_set_activatable (list_item, FALSE);
}

static void
candidate_bind_cb (GtkSignalListItemFactory    *factory,
                   GtkListItem                 *list_item,
                   GlossAnnotateMentionsDialog *self)
{
  GtkWidget *check = gtk_list_item_get_child (list_item);
  GtkWidget *box = gtk_check_button_get_child (GTK_CHECK_BUTTON (check));
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *context = gtk_widget_get_next_sibling (title);
  Candidate *candidate = gloss_row_item_get_row (gtk_list_item_get_item (list_item));

  g_object_set_data (G_OBJECT (check), "gloss-candidate", NULL);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), candidate->accepted);
  /* The article is named when the occurrences come from several. */
  gtk_label_set_text (GTK_LABEL (title), candidate->mention->document_title);
  gtk_widget_set_visible (title, self->whole_project);
  gtk_label_set_markup (GTK_LABEL (context), candidate->markup);
  g_object_set_data (G_OBJECT (check), "gloss-candidate", candidate);
}

static void
candidate_unbind_cb (GtkSignalListItemFactory    *factory,
                     GtkListItem                 *list_item,
                     GlossAnnotateMentionsDialog *self)
{
  g_object_set_data (G_OBJECT (gtk_list_item_get_child (list_item)), "gloss-candidate", NULL);
}

static void
gloss_annotate_mentions_dialog_dispose (GObject *object)
{
  GlossAnnotateMentionsDialog *self = GLOSS_ANNOTATE_MENTIONS_DIALOG (object);

  g_clear_weak_pointer (&self->entities);
  G_OBJECT_CLASS (gloss_annotate_mentions_dialog_parent_class)->dispose (object);
}

static void
gloss_annotate_mentions_dialog_finalize (GObject *object)
{
  GlossAnnotateMentionsDialog *self = GLOSS_ANNOTATE_MENTIONS_DIALOG (object);

  g_clear_object (&self->candidates);
  g_clear_object (&self->store);
  g_clear_pointer (&self->entity, gloss_entity_free);
  g_free (self->document_id);
  G_OBJECT_CLASS (gloss_annotate_mentions_dialog_parent_class)->finalize (object);
}

static void
gloss_annotate_mentions_dialog_class_init (GlossAnnotateMentionsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gloss_annotate_mentions_dialog_dispose;
  object_class->finalize = gloss_annotate_mentions_dialog_finalize;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gloss_annotate_mentions_dialog_init (GlossAnnotateMentionsDialog *self)
{
  const char *scopes[] = { N_("In This Article"), N_("In the Whole Project"), NULL };
  g_autoptr(GtkStringList) scope_names = gtk_string_list_new (NULL);
  GtkWidget *box, *header, *cancel, *apply, *bar, *all, *none, *scrolled, *list, *empty;
  GtkListItemFactory *factory;
  GtkSelectionModel *selection;

  self->candidates = gloss_row_model_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("Annotate All Mentions"));
  gtk_window_set_default_size (GTK_WINDOW (self), 620, 560);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  apply = gtk_button_new_with_mnemonic (_("_Annotate"));
  gtk_widget_add_css_class (apply, "suggested-action");
  g_signal_connect_swapped (apply, "clicked", G_CALLBACK (apply_clicked_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), apply);
  self->apply_button = GTK_BUTTON (apply);
  gtk_box_append (GTK_BOX (box), header);

  bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (bar, "gloss-view-toolbar");
  for (guint i = 0; scopes[i] != NULL; i++)
    gtk_string_list_append (scope_names, _(scopes[i]));
  self->scope = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (scope_names)), NULL));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->scope), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Where to look"), -1);
  gtk_widget_set_hexpand (GTK_WIDGET (self->scope), TRUE);
  gtk_widget_set_halign (GTK_WIDGET (self->scope), GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->scope));
  all = gtk_button_new_with_mnemonic (_("Check _All"));
  g_object_set_data (G_OBJECT (all), "gloss-accept", GINT_TO_POINTER (TRUE));
  g_signal_connect (all, "clicked", G_CALLBACK (select_all_clicked_cb), self);
  none = gtk_button_new_with_mnemonic (_("Check _None"));
  g_signal_connect (none, "clicked", G_CALLBACK (select_all_clicked_cb), self);
  gtk_box_append (GTK_BOX (bar), all);
  gtk_box_append (GTK_BOX (bar), none);
  self->check_all = all;
  self->check_none = none;
  gtk_box_append (GTK_BOX (box), bar);

  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->status, TRUE);
  gtk_label_set_xalign (self->status, 0);
  gtk_widget_set_margin_start (GTK_WIDGET (self->status), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->status), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->status), 6);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (candidate_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (candidate_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (candidate_unbind_cb), self);
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->candidates))));
  list = gtk_list_view_new (selection, factory);
  gtk_widget_add_css_class (list, "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Occurrences"), -1);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  empty = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "object-select-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("Nothing to Annotate"));
  gtk_widget_add_css_class (empty, "compact");
  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_stack_add_named (self->stack, scrolled, "list");
  gtk_stack_add_named (self->stack, empty, "none");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));

  adw_window_set_content (ADW_WINDOW (self), box);
}

GlossAnnotateMentionsDialog *
gloss_entities_window_annotate_all (GlossEntitiesWindow *self,
                                    const char          *id)
{
  g_autoptr(GError) error = NULL;
  GlossAnnotateMentionsDialog *dialog;
  GlossEntity *entity;
  const char *document_id = NULL;

  g_return_val_if_fail (GLOSS_IS_ENTITIES_WINDOW (self), NULL);

  if ((entity = gloss_store_get_entity (self->store, id, &error)) == NULL)
    {
      gloss_entities_window_toast (self, error->message, FALSE);
      return NULL;
    }
  if (self->document_view != NULL)
    document_id = gloss_document_view_get_document_id (self->document_view);

  dialog = g_object_new (GLOSS_TYPE_ANNOTATE_MENTIONS_DIALOG, "transient-for", self, NULL);
  g_set_weak_pointer (&dialog->entities, self);
  dialog->store = g_object_ref (self->store);
  dialog->entity = entity;
  dialog->document_id = g_strdup (document_id);
  gtk_widget_set_sensitive (GTK_WIDGET (dialog->scope), document_id != NULL);
  gloss_annotate_mentions_dialog_set_whole_project (dialog, document_id == NULL);
  g_signal_connect_object (dialog->scope, "notify::selected", G_CALLBACK (scope_changed_cb), dialog, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
annotate_all_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  GlossEntitiesWindow *self = GLOSS_ENTITIES_WINDOW (widget);
  g_autoptr(GPtrArray) chosen = selected_entities (self);

  if (chosen->len == 1)
    gloss_entities_window_annotate_all (self, ((GlossEntity *) chosen->pdata[0])->id);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (GLOSS_ENTITIES_WINDOW (widget)->search_entry));
}

/* ------------------------------------------------------------------------- */

static void
gloss_entities_window_dispose (GObject *object)
{
  GlossEntitiesWindow *self = GLOSS_ENTITIES_WINDOW (object);

  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->store, self);
      gloss_view_unwatch_store (GTK_WINDOW (self), self->store);
      self->store = NULL;
    }
  if (self->undo != NULL)
    g_signal_handlers_disconnect_by_data (self->undo, self);
  g_clear_weak_pointer (&self->undo);
  g_clear_weak_pointer (&self->document_view);
  /* The models outlive the template's widgets: they must not call back into them. */
  g_signal_handlers_disconnect_by_data (self->filtered, self);
  g_signal_handlers_disconnect_by_data (self->selection, self);
  gtk_custom_filter_set_filter_func (self->filter, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), GLOSS_TYPE_ENTITIES_WINDOW);
  G_OBJECT_CLASS (gloss_entities_window_parent_class)->dispose (object);
}

static void
gloss_entities_window_finalize (GObject *object)
{
  GlossEntitiesWindow *self = GLOSS_ENTITIES_WINDOW (object);

  g_clear_object (&self->selection);
  g_clear_object (&self->rows);
  g_clear_object (&self->mentions_selection);
  g_clear_object (&self->mentions);
  g_clear_pointer (&self->titles, g_hash_table_unref);
  g_clear_pointer (&self->type_ids, g_ptr_array_unref);
  g_free (self->search);
  g_free (self->mentions_of);
  G_OBJECT_CLASS (gloss_entities_window_parent_class)->finalize (object);
}

static void
gloss_entities_window_class_init (GlossEntitiesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gloss_entities_window_dispose;
  object_class->finalize = gloss_entities_window_finalize;

  /**
   * GlossEntitiesWindow::open-annotation:
   * @self: the Entities window
   * @document_id: the document of the activated mention
   * @annotation_id: the mention's annotation
   *
   * A mention was activated: the main window opens it in its article.
   */
  signals[OPEN_ANNOTATION] =
    g_signal_new ("open-annotation", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * GlossEntitiesWindow::annotations-changed:
   * @self: the Entities window
   *
   * A merge or "Annotate All Mentions" changed many annotations at once: the main
   * window reads the shown article's annotations again.
   */
  signals[ANNOTATIONS_CHANGED] =
    g_signal_new ("annotations-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /**
   * GlossEntitiesWindow::undo:
   * @self: the Entities window
   * @error: (type gpointer): a `GError **` for why the project refused the step
   *
   * Undo was asked for here. The undo stack is the main window's, so the main window
   * undoes its newest step as its own Ctrl+Z does: it saves an edit being typed there
   * first and brings itself up to date after.
   *
   * Returns: %FALSE, with @error set, when the project refused the step
   */
  signals[UNDO] =
    g_signal_new ("undo", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  g_signal_accumulator_first_wins, NULL, NULL,
                  G_TYPE_BOOLEAN, 1, G_TYPE_POINTER);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Gloss/gloss-entities-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GlossEntitiesWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GlossEntitiesWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, GlossEntitiesWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GlossEntitiesWindow, type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GlossEntitiesWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, GlossEntitiesWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, GlossEntitiesWindow, mentions_label);
  gtk_widget_class_bind_template_child (widget_class, GlossEntitiesWindow, mentions_view);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entity_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, mention_activated_cb);

  gtk_widget_class_install_action (widget_class, "entities.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "entities.merge", NULL, merge_action);
  gtk_widget_class_install_action (widget_class, "entities.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "entities.annotate-all", NULL, annotate_all_action);
  gtk_widget_class_install_action (widget_class, "entities.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "entities.find", NULL, find_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "entities.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "entities.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "entities.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "entities.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
gloss_entities_window_init (GlossEntitiesWindow *self)
{
  GtkSortListModel *sorted;
  GtkListItemFactory *factory;

  gloss_view_load_css ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gloss_accessible_name_column_view (self->column_view, _("Entities"));

  self->titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->rows = gloss_row_model_new ();
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      GtkListItemFactory *cells = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;
      GtkSorter *sorter;

      self->info[i].self = self;
      self->info[i].column = i;
      g_signal_connect (cells, "setup", G_CALLBACK (cell_setup_cb), &self->info[i]);
      g_signal_connect (cells, "bind", G_CALLBACK (cell_bind_cb), &self->info[i]);
      column = gtk_column_view_column_new (_(column_defs[i].title), cells);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, column_defs[i].expand);
      gtk_column_view_column_set_fixed_width (column, column_defs[i].width);
      sorter = GTK_SORTER (gtk_custom_sorter_new (compare_entities_cb, &self->info[i], NULL));
      gtk_column_view_column_set_sorter (column, sorter);
      g_object_unref (sorter);
      gtk_column_view_append_column (self->column_view, column);
      self->columns[i] = column;
      g_object_unref (column);
    }
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->rows)),
                                    g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->filter = gtk_custom_filter_new (filter_entity_cb, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (sorted), g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (self->filtered));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_object_unref (self->filter);
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filtered, "items-changed", G_CALLBACK (gloss_entities_window_update_status),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->type_dropdown, "notify::selected", G_CALLBACK (type_changed_cb),
                           self, G_CONNECT_SWAPPED);

  self->mentions = gloss_row_model_new ();
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (mention_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (mention_bind_cb), self);
  self->mentions_selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->mentions)));
  gtk_single_selection_set_autoselect (self->mentions_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->mentions_selection, TRUE);
  gtk_list_view_set_model (self->mentions_view, GTK_SELECTION_MODEL (self->mentions_selection));
  gtk_list_view_set_factory (self->mentions_view, factory);
  g_object_unref (factory);
  gloss_keynav_escape_closes (GTK_WINDOW (self));
  gloss_keynav_tab_leaves (GTK_WIDGET (self->column_view));
}

GlossEntitiesWindow *
gloss_entities_window_new (GtkWindow         *transient_for,
                           GlossStore        *store,
                           GlossUndoStack    *undo,
                           GlossDocumentView *document_view)
{
  GlossEntitiesWindow *self;

  g_return_val_if_fail (transient_for == NULL || GTK_IS_WINDOW (transient_for), NULL);
  g_return_val_if_fail (GLOSS_IS_STORE (store), NULL);
  g_return_val_if_fail (undo == NULL || GLOSS_IS_UNDO_STACK (undo), NULL);
  g_return_val_if_fail (document_view == NULL || GLOSS_IS_DOCUMENT_VIEW (document_view), NULL);

  self = g_object_new (GLOSS_TYPE_ENTITIES_WINDOW, "transient-for", transient_for, NULL);
  self->store = store;
  g_set_weak_pointer (&self->undo, undo);
  g_set_weak_pointer (&self->document_view, document_view);
  gloss_view_watch_store (GTK_WINDOW (self), store, (GlossViewReloadFunc) gloss_entities_window_reload, NULL);
  /* Undo here follows the main window's stack, whichever window pushed or undid. */
  if (undo != NULL)
    g_signal_connect_object (undo, "notify::can-undo",
                             G_CALLBACK (gloss_entities_window_update_actions), self, G_CONNECT_SWAPPED);
  gloss_entities_window_reload (self);
  return self;
}

GListModel *
gloss_entities_window_get_model (GlossEntitiesWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_ENTITIES_WINDOW (self), NULL);
  return G_LIST_MODEL (self->selection);
}

GListModel *
gloss_entities_window_get_mentions (GlossEntitiesWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_ENTITIES_WINDOW (self), NULL);
  return G_LIST_MODEL (self->mentions);
}

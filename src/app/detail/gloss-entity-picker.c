/* gloss-entity-picker.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-entity-picker"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "gloss-entities.h"
#include "gloss-entity-picker.h"

/* More rows than this only make the list long; typing narrows it. */
#define MAX_ROWS 60

struct _GlossEntityPicker
{
  GtkPopover      parent_instance;

  GtkSearchEntry *search;
  GtkListBox     *list;

  GlossStore     *store;
  GStrv           label_ids;    /* allowed types; NULL: every entity label */
  GPtrArray      *labels;       /* GlossLabel*: the allowed entity labels */
  GPtrArray      *entities;     /* GlossEntity*, read when shown */
  gboolean        allow_none;
};

G_DEFINE_FINAL_TYPE (GlossEntityPicker, gloss_entity_picker, GTK_TYPE_POPOVER)

enum {
  CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
gloss_entity_picker_allows (GlossEntityPicker *self,
                            const char        *label_id)
{
  for (guint i = 0; i < self->labels->len; i++)
    if (g_strcmp0 (((GlossLabel *) g_ptr_array_index (self->labels, i))->id, label_id) == 0)
      return TRUE;
  return FALSE;
}

/* Reads the allowed labels and their entities afresh: the register may have grown
 * since the popover was last shown (another pane, gloss-cli). */
static void
gloss_entity_picker_load (GlossEntityPicker *self)
{
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GPtrArray) entities = NULL;

  g_ptr_array_set_size (self->labels, 0);
  g_ptr_array_set_size (self->entities, 0);
  if (self->store == NULL)
    return;

  labels = gloss_store_list_labels (self->store, NULL);
  for (guint i = 0; labels != NULL && i < labels->len; i++)
    {
      GlossLabel *label = g_ptr_array_index (labels, i);

      if (g_strcmp0 (label->kind, GLOSS_LABEL_KIND_ENTITY) != 0)
        continue;
      if (self->label_ids != NULL && !g_strv_contains ((const char * const *) self->label_ids, label->id))
        continue;
      g_ptr_array_add (self->labels, gloss_label_copy (label));
    }

  entities = gloss_store_list_entities (self->store, NULL, NULL);
  for (guint i = 0; entities != NULL && i < entities->len; i++)
    {
      GlossEntity *entity = g_ptr_array_index (entities, i);

      if (gloss_entity_picker_allows (self, entity->label_id))
        g_ptr_array_add (self->entities, gloss_entity_copy (entity));
    }
}

static GtkWidget *
row_new (const char *title,
         const char *subtitle,
         const char *icon_name)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *label = gtk_label_new (title);

  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  if (icon_name != NULL)
    gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (icon_name));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (texts), label);
  if (subtitle != NULL && *subtitle)
    {
      GtkWidget *sub = gtk_label_new (subtitle);

      gtk_label_set_xalign (GTK_LABEL (sub), 0);
      gtk_label_set_ellipsize (GTK_LABEL (sub), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (sub, "caption");
      gtk_widget_add_css_class (sub, "dim-label");
      gtk_box_append (GTK_BOX (texts), sub);
    }
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  return row;
}

static void
gloss_entity_picker_fill (GlossEntityPicker *self)
{
  g_autofree char *query = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search))));
  g_autofree char *key = gloss_entity_match_key (query);
  g_autoptr(GHashTable) exact_types = g_hash_table_new (g_str_hash, g_str_equal);
  GtkWidget *child;
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  for (guint i = 0; i < self->entities->len; i++)
    {
      GlossEntity *entity = g_ptr_array_index (self->entities, i);
      g_autoptr(GString) subtitle = g_string_new (entity->label_name);
      gboolean exact = FALSE;
      GtkWidget *row;

      if (!gloss_entity_matches_key (entity, key, &exact))
        continue;
      if (exact)
        g_hash_table_add (exact_types, entity->label_id);
      if (shown >= MAX_ROWS)
        continue;
      if (entity->aliases != NULL && entity->aliases[0] != NULL)
        {
          g_autofree char *aliases = g_strjoinv (", ", entity->aliases);

          g_string_append_printf (subtitle, " · %s", aliases);
        }
      g_string_append (subtitle, " · ");
      g_string_append_printf (subtitle, g_dngettext (GETTEXT_PACKAGE, "%u mention", "%u mentions",
                                                     (gulong) entity->n_mentions),
                              (guint) entity->n_mentions);
      row = row_new (entity->name, subtitle->str, NULL);
      g_object_set_data_full (G_OBJECT (row), "gloss-entity-id", g_strdup (entity->id), g_free);
      gtk_list_box_append (self->list, row);
      shown++;
    }

  /* A name that no entity of a type has yet can become a new entity of that type. */
  if (*key != '\0')
    for (guint i = 0; i < self->labels->len; i++)
      {
        GlossLabel *label = g_ptr_array_index (self->labels, i);
        g_autofree char *title = NULL;
        GtkWidget *row;

        if (g_hash_table_contains (exact_types, label->id))
          continue;
        if (self->labels->len == 1)
          /* Translators: a row of the entity picker; %s is the name typed */
          title = g_strdup_printf (_("Create “%s”"), query);
        else
          /* Translators: a row of the entity picker; "Create Person “Zoë Ł.”" */
          title = g_strdup_printf (_("Create %s “%s”"), label->name, query);
        row = row_new (title, NULL, "list-add-symbolic");
        g_object_set_data_full (G_OBJECT (row), "gloss-new-label-id", g_strdup (label->id), g_free);
        g_object_set_data_full (G_OBJECT (row), "gloss-new-name", g_strdup (query), g_free);
        gtk_list_box_append (self->list, row);
      }

  if (self->allow_none)
    gtk_list_box_append (self->list, row_new (_("No Entity"), NULL, "edit-clear-symbolic"));

  if (gtk_widget_get_first_child (GTK_WIDGET (self->list)) == NULL)
    {
      GtkWidget *row = row_new (self->labels->len > 0 ? _("Type a name to find or create an entity")
                                                      : _("The codebook has no entity labels"),
                                NULL, NULL);

      gtk_widget_set_sensitive (row, FALSE);
      gtk_list_box_append (self->list, row);
    }
}

static void
row_activated_cb (GlossEntityPicker *self,
                  GtkListBoxRow     *row,
                  GtkListBox        *list)
{
  g_autofree char *entity_id = g_strdup (g_object_get_data (G_OBJECT (row), "gloss-entity-id"));
  g_autofree char *new_name = g_strdup (g_object_get_data (G_OBJECT (row), "gloss-new-name"));
  g_autofree char *new_label = g_strdup (g_object_get_data (G_OBJECT (row), "gloss-new-label-id"));

  if (!gtk_widget_get_sensitive (GTK_WIDGET (row)))
    return;
  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[CHOSEN], 0, entity_id, new_name, new_label);
}

static void
search_changed_cb (GlossEntityPicker *self)
{
  gloss_entity_picker_fill (self);
}

/* Enter takes the first row: the best match, or creating the name typed. */
static void
search_activate_cb (GlossEntityPicker *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->list, 0);

  if (first != NULL)
    row_activated_cb (self, first, self->list);
}

/* Down from the search goes to the first row (GTK's own focus move would leave the
 * popover's visible controls); Up from the first row comes back to the search. */
static gboolean
search_key_cb (GtkEventControllerKey *controller,
               guint                  keyval,
               guint                  keycode,
               GdkModifierType        state,
               GlossEntityPicker     *self)
{
  GtkListBoxRow *first;

  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return FALSE;
  first = gtk_list_box_get_row_at_index (self->list, 0);
  if (first == NULL)
    return FALSE;
  gtk_widget_grab_focus (GTK_WIDGET (first));
  return TRUE;
}

static gboolean
list_key_cb (GtkEventControllerKey *controller,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             GlossEntityPicker     *self)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self->list)));
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->list, 0);

  if ((keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up) && first != NULL && focus != NULL &&
      (focus == GTK_WIDGET (first) || gtk_widget_is_ancestor (focus, GTK_WIDGET (first))))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->search));
      return TRUE;
    }
  return FALSE;
}

gboolean
gloss_entity_picker_focus_first_row (GlossEntityPicker *self)
{
  g_return_val_if_fail (GLOSS_IS_ENTITY_PICKER (self), FALSE);
  return search_key_cb (NULL, GDK_KEY_Down, 0, 0, self);
}

static void
gloss_entity_picker_show (GtkWidget *widget)
{
  GlossEntityPicker *self = GLOSS_ENTITY_PICKER (widget);

  gloss_entity_picker_load (self);
  gloss_entity_picker_fill (self);
  GTK_WIDGET_CLASS (gloss_entity_picker_parent_class)->show (widget);
  gtk_widget_grab_focus (GTK_WIDGET (self->search));
}

static void
gloss_entity_picker_dispose (GObject *object)
{
  GlossEntityPicker *self = GLOSS_ENTITY_PICKER (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->label_ids, g_strfreev);
  g_clear_pointer (&self->labels, g_ptr_array_unref);
  g_clear_pointer (&self->entities, g_ptr_array_unref);

  G_OBJECT_CLASS (gloss_entity_picker_parent_class)->dispose (object);
}

static void
gloss_entity_picker_class_init (GlossEntityPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gloss_entity_picker_dispose;
  widget_class->show = gloss_entity_picker_show;

  signals[CHOSEN] =
    g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
}

static void
gloss_entity_picker_init (GlossEntityPicker *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scroller = gtk_scrolled_window_new ();

  self->labels = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_label_free);
  self->entities = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_entity_free);

  self->search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->search, "placeholder-text", _("Find or create an entity"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Find or create an entity"), -1);
  g_signal_connect_object (self->search, "search-changed", G_CALLBACK (search_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search, "activate", G_CALLBACK (search_activate_cb), self, G_CONNECT_SWAPPED);
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    /* Capture: the search entry's text would otherwise see Down first. */
    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect (keys, "key-pressed", G_CALLBACK (search_key_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->search), keys);
  }

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Entities"), -1);
  g_signal_connect_object (self->list, "row-activated", G_CALLBACK (row_activated_cb), self, G_CONNECT_SWAPPED);
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect (keys, "key-pressed", G_CALLBACK (list_key_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->list), keys);
  }

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 300);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list));

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->search));
  gtk_box_append (GTK_BOX (box), scroller);
  gtk_widget_set_size_request (box, 280, -1);
  gtk_popover_set_child (GTK_POPOVER (self), box);
}

GlossEntityPicker *
gloss_entity_picker_new (void)
{
  return g_object_new (GLOSS_TYPE_ENTITY_PICKER, NULL);
}

void
gloss_entity_picker_configure (GlossEntityPicker  *self,
                               GlossStore         *store,
                               const char * const *label_ids,
                               gboolean            allow_none)
{
  g_return_if_fail (GLOSS_IS_ENTITY_PICKER (self));

  g_set_object (&self->store, store);
  g_clear_pointer (&self->label_ids, g_strfreev);
  self->label_ids = g_strdupv ((char **) label_ids);
  self->allow_none = allow_none;
  gloss_entity_picker_load (self);
  gloss_entity_picker_fill (self);
}

void
gloss_entity_picker_set_query (GlossEntityPicker *self,
                               const char        *query)
{
  g_return_if_fail (GLOSS_IS_ENTITY_PICKER (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search), query ? query : "");
  gloss_entity_picker_fill (self);
}

GtkListBox *
gloss_entity_picker_get_list (GlossEntityPicker *self)
{
  g_return_val_if_fail (GLOSS_IS_ENTITY_PICKER (self), NULL);
  return self->list;
}

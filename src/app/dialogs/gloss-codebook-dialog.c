/* gloss-codebook-dialog.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-codebook"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-accessible.h"
#include "gloss-keynav.h"
#include "gloss-codebook-dialog.h"
#include "gloss-fields.h"

struct _GlossCodebookDialog
{
  AdwWindow        parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkListBox      *labels_list;
  AdwEntryRow     *add_row;

  GlossStore      *store;
  GPtrArray       *labels;   /* GlossLabel*, as shown */
  GHashTable      *expanded; /* ids of the labels whose fields are shown */
};

G_DEFINE_FINAL_TYPE (GlossCodebookDialog, gloss_codebook_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* GNOME palette colours at medium lightness: as translucent highlights they keep
 * text readable on both the light and the dark background. */
static const char * const palette[] = {
  "#3584e4", "#2ec27e", "#e5a50a", "#e01b24", "#9141ac", "#ff7800",
  "#986a44", "#1c71d8", "#26a269", "#c64600", "#813d9c", "#63452c",
};

static void gloss_codebook_dialog_reload (GlossCodebookDialog *self);

static void
gloss_codebook_dialog_toast_error (GlossCodebookDialog *self,
                                   const GError        *error)
{
  AdwToast *toast = adw_toast_new (error->message);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static const GlossLabel *
row_get_label (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX_ROW);

  return g_object_get_data (G_OBJECT (row), "gloss-label");
}

/* Writes an edited copy of a label: one store call. */
static void
gloss_codebook_dialog_update (GlossCodebookDialog *self,
                              GlossLabel          *edited)
{
  g_autoptr(GError) error = NULL;

  if (!gloss_store_update_label (self->store, edited, &error))
    {
      gloss_codebook_dialog_toast_error (self, error);
      gloss_codebook_dialog_reload (self);
    }
}

static void
name_commit (GtkWidget           *entry,
             GlossCodebookDialog *self)
{
  const GlossLabel *label = row_get_label (entry);
  g_autoptr(GlossLabel) edited = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  if (label == NULL || g_strcmp0 (text, label->name) == 0)
    return;
  edited = gloss_label_copy (label);
  g_free (edited->name);
  edited->name = g_strstrip (g_strdup (text));
  gloss_codebook_dialog_update (self, edited);
}

static void
shortcut_commit (GtkWidget           *entry,
                 GlossCodebookDialog *self)
{
  const GlossLabel *label = row_get_label (entry);
  g_autoptr(GlossLabel) edited = NULL;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  if (label == NULL || g_strcmp0 (*text ? text : NULL, label->shortcut) == 0)
    return;
  edited = gloss_label_copy (label);
  g_free (edited->shortcut);
  edited->shortcut = *text ? g_steal_pointer (&text) : NULL;
  gloss_codebook_dialog_update (self, edited);
}

static void
entry_focus_leave_cb (GtkEventControllerFocus *focus,
                      GlossCodebookDialog     *self)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (focus));
  void (*commit) (GtkWidget *, GlossCodebookDialog *) = g_object_get_data (G_OBJECT (entry), "gloss-commit");

  commit (entry, self);
}

static void
colour_set_cb (GtkColorButton      *button,
               GlossCodebookDialog *self)
{
  const GlossLabel *label = row_get_label (GTK_WIDGET (button));
  g_autoptr(GlossLabel) edited = NULL;
  GdkRGBA rgba;

  if (label == NULL)
    return;
  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (button), &rgba);
  edited = gloss_label_copy (label);
  g_free (edited->colour);
  edited->colour = g_strdup_printf ("#%02x%02x%02x",
                                    (int) (rgba.red * 255 + 0.5),
                                    (int) (rgba.green * 255 + 0.5),
                                    (int) (rgba.blue * 255 + 0.5));
  gloss_codebook_dialog_update (self, edited);
}

static void
move_clicked_cb (GtkButton           *button,
                 GlossCodebookDialog *self)
{
  const GlossLabel *label = row_get_label (GTK_WIDGET (button));
  int delta = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "gloss-delta"));
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (label == NULL)
    return;
  id = g_strdup (label->id);
  if (!gloss_store_move_label (self->store, id, label->position + delta, &error))
    gloss_codebook_dialog_toast_error (self, error);
}

static void
delete_clicked_cb (GtkButton           *button,
                   GlossCodebookDialog *self)
{
  const GlossLabel *label = row_get_label (GTK_WIDGET (button));
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (label == NULL)
    return;
  id = g_strdup (label->id);
  /* The core refuses to delete a label in use and says how many annotations carry it. */
  if (!gloss_store_delete_label (self->store, id, &error))
    gloss_codebook_dialog_toast_error (self, error);
}

static GtkWidget *
icon_button (const char *icon_name,
             const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static void
commit_on_leave (GtkWidget           *entry,
                 void               (*commit) (GtkWidget *, GlossCodebookDialog *),
                 GlossCodebookDialog *self)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_object_set_data (G_OBJECT (entry), "gloss-commit", commit);
  g_signal_connect_object (entry, "activate", G_CALLBACK (commit), self, 0);
  g_signal_connect_object (focus, "leave", G_CALLBACK (entry_focus_leave_cb), self, 0);
  gtk_widget_add_controller (entry, focus);
}

/* ------------------------------------------------------------------------- */
/* Fields of a label                                                         */

/* The field types in the order the type drop-down lists them. */
static const char * const field_types[] = {
  GLOSS_FIELD_TYPE_CHOICE, GLOSS_FIELD_TYPE_TEXT, GLOSS_FIELD_TYPE_NUMBER, GLOSS_FIELD_TYPE_SCALE,
  GLOSS_FIELD_TYPE_DATE, GLOSS_FIELD_TYPE_BOOLEAN, GLOSS_FIELD_TYPE_ENTITY,
};

static const char *
field_type_title (const char *type)
{
  if (g_strcmp0 (type, GLOSS_FIELD_TYPE_CHOICE) == 0)
    return _("Choice");
  if (g_strcmp0 (type, GLOSS_FIELD_TYPE_TEXT) == 0)
    return _("Text");
  if (g_strcmp0 (type, GLOSS_FIELD_TYPE_NUMBER) == 0)
    return _("Number");
  if (g_strcmp0 (type, GLOSS_FIELD_TYPE_SCALE) == 0)
    return _("Scale");
  if (g_strcmp0 (type, GLOSS_FIELD_TYPE_DATE) == 0)
    return _("Date");
  if (g_strcmp0 (type, GLOSS_FIELD_TYPE_BOOLEAN) == 0)
    return _("Yes or no");
  if (g_strcmp0 (type, GLOSS_FIELD_TYPE_ENTITY) == 0)
    return _("Entity");
  return type;
}

static GtkWidget *
field_type_dropdown_new (const char *type)
{
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
  GtkWidget *dropdown;
  guint selected = 0;

  for (guint i = 0; i < G_N_ELEMENTS (field_types); i++)
    {
      gtk_string_list_append (titles, field_type_title (field_types[i]));
      if (g_strcmp0 (field_types[i], type) == 0)
        selected = i;
    }
  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (titles)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), selected);
  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (dropdown, _("Type of the field"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Field type"), -1);
  return dropdown;
}

/* Each input that can have the focus carries a key ("field-name:<id>"...), so
 * that a rebuild after a change puts the focus back where it was. */
static void
set_focus_key (GtkWidget  *widget,
               const char *kind,
               const char *id)
{
  g_object_set_data_full (G_OBJECT (widget), "gloss-focus-key", g_strconcat (kind, ":", id, NULL), g_free);
}

static const GlossField *
widget_get_field (GtkWidget *widget)
{
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    {
      GlossField *field = g_object_get_data (G_OBJECT (w), "gloss-field");

      if (field != NULL)
        return field;
    }
  return NULL;
}

/* Writes an edited copy of a field: one store call; a refusal is a toast and the
 * rows go back to what is stored. */
static gboolean
gloss_codebook_dialog_update_field (GlossCodebookDialog *self,
                                    GlossField          *edited)
{
  g_autoptr(GError) error = NULL;

  if (!gloss_store_update_field (self->store, edited, &error))
    {
      gloss_codebook_dialog_toast_error (self, error);
      gloss_codebook_dialog_reload (self);
      return FALSE;
    }
  return TRUE;
}

static void
field_name_commit (GtkWidget           *entry,
                   GlossCodebookDialog *self)
{
  const GlossField *field = widget_get_field (entry);
  g_autoptr(GlossField) edited = NULL;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  if (field == NULL || g_strcmp0 (text, field->name) == 0)
    return;
  edited = gloss_field_copy (field);
  g_free (edited->name);
  edited->name = g_steal_pointer (&text);
  gloss_codebook_dialog_update_field (self, edited);
}

static gboolean
parse_bound (const char *text,
             gboolean   *has,
             double     *value)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  char *end = NULL;

  *has = *stripped != '\0';
  if (!*has)
    return TRUE;
  *value = g_ascii_strtod (stripped, &end);
  return end != NULL && *end == '\0';
}

static void
field_bound_commit (GtkWidget           *entry,
                    GlossCodebookDialog *self)
{
  const GlossField *field = widget_get_field (entry);
  gboolean is_max = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (entry), "gloss-max"));
  g_autoptr(GlossField) edited = NULL;
  gboolean has;
  double value = 0;

  if (field == NULL)
    return;
  if (!parse_bound (gtk_editable_get_text (GTK_EDITABLE (entry)), &has, &value))
    {
      g_autoptr(GError) error = g_error_new (GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                                             _("%s: “%s” is not a number"), field->name,
                                             gtk_editable_get_text (GTK_EDITABLE (entry)));

      gloss_codebook_dialog_toast_error (self, error);
      return;
    }
  if (is_max ? (has == field->has_max && (!has || value == field->max))
             : (has == field->has_min && (!has || value == field->min)))
    return;
  edited = gloss_field_copy (field);
  if (is_max)
    {
      edited->has_max = has;
      edited->max = value;
    }
  else
    {
      edited->has_min = has;
      edited->min = value;
    }
  gloss_codebook_dialog_update_field (self, edited);
}

static void
field_type_selected_cb (GtkDropDown         *dropdown,
                        GParamSpec          *pspec,
                        GlossCodebookDialog *self)
{
  const GlossField *field = widget_get_field (GTK_WIDGET (dropdown));
  guint selected = gtk_drop_down_get_selected (dropdown);
  g_autoptr(GlossField) edited = NULL;
  const char *type;

  if (field == NULL || selected >= G_N_ELEMENTS (field_types) || g_str_equal (field_types[selected], field->type))
    return;
  type = field_types[selected];
  edited = gloss_field_copy (field);
  g_free (edited->type);
  edited->type = g_strdup (type);
  /* What the new type needs to be valid: options for a choice, a range for a scale;
   * the analyst edits them next. Other types have no options. */
  if (g_str_equal (type, GLOSS_FIELD_TYPE_CHOICE))
    {
      if (!g_str_equal (field->type, GLOSS_FIELD_TYPE_CHOICE))
        g_ptr_array_set_size (edited->options, 0);
      if (edited->options->len == 0)
        {
          g_ptr_array_add (edited->options, gloss_field_option_new (_("yes"), NULL, NULL));
          g_ptr_array_add (edited->options, gloss_field_option_new (_("no"), NULL, NULL));
        }
      edited->has_min = edited->has_max = FALSE;
    }
  else if (g_str_equal (type, GLOSS_FIELD_TYPE_SCALE))
    {
      g_ptr_array_set_size (edited->options, 0);
      if (!edited->has_min || !edited->has_max || edited->min >= edited->max)
        {
          edited->has_min = edited->has_max = TRUE;
          edited->min = 1;
          edited->max = 5;
        }
    }
  else
    {
      g_ptr_array_set_size (edited->options, 0);
      if (!g_str_equal (type, GLOSS_FIELD_TYPE_NUMBER))
        edited->has_min = edited->has_max = FALSE;
    }
  gloss_codebook_dialog_update_field (self, edited);
}

static void
field_required_toggled_cb (GtkCheckButton      *check,
                           GlossCodebookDialog *self)
{
  const GlossField *field = widget_get_field (GTK_WIDGET (check));
  g_autoptr(GlossField) edited = NULL;

  if (field == NULL || gtk_check_button_get_active (check) == field->required)
    return;
  edited = gloss_field_copy (field);
  edited->required = gtk_check_button_get_active (check);
  gloss_codebook_dialog_update_field (self, edited);
}

static void
field_delete_clicked_cb (GtkButton           *button,
                         GlossCodebookDialog *self)
{
  const GlossField *field = widget_get_field (GTK_WIDGET (button));
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (field == NULL)
    return;
  id = g_strdup (field->id);
  if (!gloss_store_delete_field (self->store, id, &error))
    gloss_codebook_dialog_toast_error (self, error);
}

/* An option's value or its longer text changed, or one was added or removed. */
static void
option_commit (GtkWidget           *entry,
               GlossCodebookDialog *self)
{
  const GlossField *field = widget_get_field (entry);
  int index = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (entry), "gloss-option"));
  gboolean is_label = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (entry), "gloss-option-label"));
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  g_autoptr(GlossField) edited = NULL;
  GlossFieldOption *option;

  if (field == NULL)
    return;
  edited = gloss_field_copy (field);
  if (index < 0)
    {
      /* The "New option" entry. */
      if (*text == '\0')
        return;
      g_ptr_array_add (edited->options, gloss_field_option_new (text, NULL, NULL));
    }
  else if (g_str_equal (field->type, GLOSS_FIELD_TYPE_SCALE) && (guint) index >= edited->options->len)
    {
      /* A scale point without a name yet: the entry's value is the point. */
      const char *point = g_object_get_data (G_OBJECT (entry), "gloss-point");

      if (*text == '\0')
        return;
      g_ptr_array_add (edited->options, gloss_field_option_new (point, text, NULL));
    }
  else
    {
      if ((guint) index >= edited->options->len)
        return;
      option = g_ptr_array_index (edited->options, index);
      if (is_label)
        {
          if (g_strcmp0 (*text ? text : NULL, option->label) == 0)
            return;
          g_free (option->label);
          option->label = *text ? g_steal_pointer (&text) : NULL;
        }
      else
        {
          if (g_strcmp0 (text, option->value) == 0)
            return;
          g_free (option->value);
          option->value = g_steal_pointer (&text);
        }
    }
  gloss_codebook_dialog_update_field (self, edited);
}

static void
option_remove_clicked_cb (GtkButton           *button,
                          GlossCodebookDialog *self)
{
  const GlossField *field = widget_get_field (GTK_WIDGET (button));
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "gloss-option"));
  g_autoptr(GlossField) edited = NULL;

  if (field == NULL || index >= field->options->len)
    return;
  edited = gloss_field_copy (field);
  g_ptr_array_remove_index (edited->options, index);
  gloss_codebook_dialog_update_field (self, edited);
}

static void commit_on_leave (GtkWidget *entry, void (*commit) (GtkWidget *, GlossCodebookDialog *),
                             GlossCodebookDialog *self);
static GtkWidget *icon_button (const char *icon_name, const char *tooltip);

static GtkWidget *
small_entry (const char *text,
             const char *placeholder,
             const char *accessible)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), text ? text : "");
  if (placeholder != NULL)
    gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  return entry;
}

/* Options of a choice (value, longer text), or names of a scale's points. */
static GtkWidget *
gloss_codebook_dialog_create_options (GlossCodebookDialog *self,
                                      const GlossField    *field)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gboolean scale = g_str_equal (field->type, GLOSS_FIELD_TYPE_SCALE);

  gtk_widget_set_margin_start (box, 24);
  if (scale)
    {
      /* One row per point: its number and its name. */
      for (int v = (int) field->min; field->has_min && field->has_max && v <= (int) field->max; v++)
        {
          g_autofree char *point = g_strdup_printf ("%d", v);
          const GlossFieldOption *option = gloss_field_find_option (field, point);
          int index = -1;
          GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
          GtkWidget *number = gtk_label_new (point);
          GtkWidget *name;
          g_autofree char *key = NULL;

          for (guint i = 0; option != NULL && i < field->options->len; i++)
            if (g_ptr_array_index (field->options, i) == option)
              index = i;
          name = small_entry (option ? option->label : NULL, _("Name of the point"), _("Name of the point"));
          gtk_widget_set_hexpand (name, TRUE);
          gtk_label_set_width_chars (GTK_LABEL (number), 3);
          g_object_set_data (G_OBJECT (name), "gloss-option", GINT_TO_POINTER (index >= 0 ? index : (int) field->options->len + v));
          g_object_set_data (G_OBJECT (name), "gloss-option-label", GINT_TO_POINTER (TRUE));
          g_object_set_data_full (G_OBJECT (name), "gloss-point", g_strdup (point), g_free);
          key = g_strconcat (field->id, "/", point, NULL);
          set_focus_key (name, "point", key);
          commit_on_leave (name, option_commit, self);
          gtk_box_append (GTK_BOX (row), number);
          gtk_box_append (GTK_BOX (row), name);
          gtk_box_append (GTK_BOX (box), row);
        }
      return box;
    }

  for (guint i = 0; i < field->options->len; i++)
    {
      const GlossFieldOption *option = g_ptr_array_index (field->options, i);
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *value = small_entry (option->value, NULL, _("Option"));
      GtkWidget *label = small_entry (option->label, _("Longer text (optional)"), _("Longer text of the option"));
      GtkWidget *remove = icon_button ("list-remove-symbolic", _("Remove Option"));
      g_autofree char *key = g_strdup_printf ("%s/%u", field->id, i);

      gtk_widget_set_hexpand (value, TRUE);
      gtk_widget_set_hexpand (label, TRUE);
      g_object_set_data (G_OBJECT (value), "gloss-option", GINT_TO_POINTER (i));
      g_object_set_data (G_OBJECT (label), "gloss-option", GINT_TO_POINTER (i));
      g_object_set_data (G_OBJECT (label), "gloss-option-label", GINT_TO_POINTER (TRUE));
      g_object_set_data (G_OBJECT (remove), "gloss-option", GUINT_TO_POINTER (i));
      set_focus_key (value, "option", key);
      set_focus_key (label, "option-label", key);
      commit_on_leave (value, option_commit, self);
      commit_on_leave (label, option_commit, self);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (option_remove_clicked_cb), self, 0);
      gtk_widget_set_sensitive (remove, field->options->len > 1);
      gtk_box_append (GTK_BOX (row), value);
      gtk_box_append (GTK_BOX (row), label);
      gtk_box_append (GTK_BOX (row), remove);
      gtk_box_append (GTK_BOX (box), row);
    }
  {
    GtkWidget *add = small_entry (NULL, _("New option"), _("New option"));

    g_object_set_data (G_OBJECT (add), "gloss-option", GINT_TO_POINTER (-1));
    set_focus_key (add, "option-new", field->id);
    g_signal_connect_object (add, "activate", G_CALLBACK (option_commit), self, 0);
    gtk_box_append (GTK_BOX (box), add);
  }
  return box;
}

static GtkWidget *
gloss_codebook_dialog_create_field_row (GlossCodebookDialog *self,
                                        const GlossField    *field)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = small_entry (field->name, NULL, _("Field name"));
  GtkWidget *type = field_type_dropdown_new (field->type);
  GtkWidget *required = gtk_check_button_new_with_label (_("Required"));
  GtkWidget *remove = icon_button ("user-trash-symbolic", _("Delete Field"));

  g_object_set_data_full (G_OBJECT (box), "gloss-field", gloss_field_copy (field), (GDestroyNotify) gloss_field_free);
  gtk_widget_add_css_class (box, "gloss-codebook-field");
  gtk_widget_set_hexpand (name, TRUE);
  set_focus_key (name, "field-name", field->id);
  commit_on_leave (name, field_name_commit, self);
  g_signal_connect_object (type, "notify::selected", G_CALLBACK (field_type_selected_cb), self, 0);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (required), field->required);
  gtk_widget_set_tooltip_text (required, _("Annotations of this label should have a value"));
  g_signal_connect_object (required, "toggled", G_CALLBACK (field_required_toggled_cb), self, 0);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (field_delete_clicked_cb), self, 0);
  gtk_box_append (GTK_BOX (line), name);
  gtk_box_append (GTK_BOX (line), type);
  gtk_box_append (GTK_BOX (line), required);
  gtk_box_append (GTK_BOX (line), remove);
  gtk_box_append (GTK_BOX (box), line);

  if (g_str_equal (field->type, GLOSS_FIELD_TYPE_NUMBER) || g_str_equal (field->type, GLOSS_FIELD_TYPE_SCALE))
    {
      GtkWidget *range = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      g_autofree char *min_text = field->has_min ? g_strdup_printf ("%g", field->min) : NULL;
      g_autofree char *max_text = field->has_max ? g_strdup_printf ("%g", field->max) : NULL;
      GtkWidget *min = small_entry (min_text, _("none"), _("Minimum"));
      GtkWidget *max = small_entry (max_text, _("none"), _("Maximum"));

      gtk_widget_set_margin_start (range, 24);
      gtk_editable_set_width_chars (GTK_EDITABLE (min), 5);
      gtk_editable_set_width_chars (GTK_EDITABLE (max), 5);
      g_object_set_data (G_OBJECT (max), "gloss-max", GINT_TO_POINTER (TRUE));
      set_focus_key (min, "field-min", field->id);
      set_focus_key (max, "field-max", field->id);
      commit_on_leave (min, field_bound_commit, self);
      commit_on_leave (max, field_bound_commit, self);
      gtk_box_append (GTK_BOX (range), gtk_label_new (_("From")));
      gtk_box_append (GTK_BOX (range), min);
      gtk_box_append (GTK_BOX (range), gtk_label_new (_("to")));
      gtk_box_append (GTK_BOX (range), max);
      gtk_box_append (GTK_BOX (box), range);
    }
  if (g_str_equal (field->type, GLOSS_FIELD_TYPE_CHOICE) || g_str_equal (field->type, GLOSS_FIELD_TYPE_SCALE))
    gtk_box_append (GTK_BOX (box), gloss_codebook_dialog_create_options (self, field));
  return box;
}

GlossField *
gloss_codebook_dialog_add_field (GlossCodebookDialog *self,
                                 const char          *label_id,
                                 const char          *name,
                                 const char          *type,
                                 const char          *options,
                                 GError             **error)
{
  g_autoptr(GlossField) field = gloss_field_new ();

  g_return_val_if_fail (GLOSS_IS_CODEBOOK_DIALOG (self), NULL);

  field->name = g_strstrip (g_strdup (name));
  field->type = g_strdup (type);
  if (g_str_equal (type, GLOSS_FIELD_TYPE_CHOICE))
    {
      g_auto(GStrv) values = g_strsplit (options ? options : "", ",", -1);

      for (guint i = 0; values[i] != NULL; i++)
        {
          g_strstrip (values[i]);
          if (*values[i] != '\0')
            g_ptr_array_add (field->options, gloss_field_option_new (values[i], NULL, NULL));
        }
    }
  else if (g_str_equal (type, GLOSS_FIELD_TYPE_SCALE))
    {
      /* The usual five points; the analyst changes the range next. */
      field->has_min = field->has_max = TRUE;
      field->min = 1;
      field->max = 5;
    }
  /* The core checks the definition (a choice needs options...) and says what is wrong. */
  return gloss_store_add_field (self->store, label_id, field, error);
}

static void
add_field_cb (GtkWidget           *widget,
              GlossCodebookDialog *self)
{
  GtkWidget *line = g_object_get_data (G_OBJECT (widget), "gloss-line");
  GtkWidget *name = g_object_get_data (G_OBJECT (line), "gloss-name");
  GtkWidget *type = g_object_get_data (G_OBJECT (line), "gloss-type");
  GtkWidget *options = g_object_get_data (G_OBJECT (line), "gloss-options");
  const char *label_id = g_object_get_data (G_OBJECT (line), "gloss-label-id");
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (type));
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossField) field = NULL;

  if (*gtk_editable_get_text (GTK_EDITABLE (name)) == '\0' || selected >= G_N_ELEMENTS (field_types))
    return;
  field = gloss_codebook_dialog_add_field (self, label_id, gtk_editable_get_text (GTK_EDITABLE (name)),
                                           field_types[selected], gtk_editable_get_text (GTK_EDITABLE (options)),
                                           &error);
  if (field == NULL)
    gloss_codebook_dialog_toast_error (self, error);
}

static void
add_type_selected_cb (GtkDropDown *dropdown,
                      GParamSpec  *pspec,
                      GtkWidget   *options)
{
  gtk_widget_set_visible (options, gtk_drop_down_get_selected (dropdown) == 0);
}

static GtkWidget *
gloss_codebook_dialog_create_add_field (GlossCodebookDialog *self,
                                        const GlossLabel    *label)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = small_entry (NULL, _("New field name"), _("New field name"));
  GtkWidget *type = field_type_dropdown_new (GLOSS_FIELD_TYPE_CHOICE);
  GtkWidget *options = small_entry (NULL, _("Options, separated by commas"), _("Options of the new field"));
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add Field"));

  gtk_widget_set_hexpand (name, TRUE);
  set_focus_key (name, "field-new", label->id);
  gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (line), "gloss-name", name);
  g_object_set_data (G_OBJECT (line), "gloss-type", type);
  g_object_set_data (G_OBJECT (line), "gloss-options", options);
  g_object_set_data_full (G_OBJECT (line), "gloss-label-id", g_strdup (label->id), g_free);
  g_signal_connect_object (name, "activate", G_CALLBACK (add_field_cb), self, 0);
  g_signal_connect_object (add, "clicked", G_CALLBACK (add_field_cb), self, 0);
  g_signal_connect (type, "notify::selected", G_CALLBACK (add_type_selected_cb), options);
  gtk_box_append (GTK_BOX (line), name);
  gtk_box_append (GTK_BOX (line), type);
  gtk_box_append (GTK_BOX (line), add);
  gtk_box_append (GTK_BOX (box), line);
  gtk_widget_set_margin_start (options, 24);
  set_focus_key (options, "field-new-options", label->id);
  gtk_box_append (GTK_BOX (box), options);
  /* Enter in the options adds the field too. */
  g_signal_connect_object (options, "activate", G_CALLBACK (add_field_cb), self, 0);
  g_object_set_data (G_OBJECT (name), "gloss-line", line);
  g_object_set_data (G_OBJECT (add), "gloss-line", line);
  g_object_set_data (G_OBJECT (options), "gloss-line", line);
  return box;
}

static void
fields_toggled_cb (GtkToggleButton     *toggle,
                   GlossCodebookDialog *self)
{
  GtkRevealer *revealer = g_object_get_data (G_OBJECT (toggle), "gloss-revealer");
  const char *label_id = g_object_get_data (G_OBJECT (toggle), "gloss-label-id");

  if (gtk_toggle_button_get_active (toggle))
    g_hash_table_add (self->expanded, g_strdup (label_id));
  else
    g_hash_table_remove (self->expanded, label_id);
  gtk_revealer_set_reveal_child (revealer, gtk_toggle_button_get_active (toggle));
}

static GtkWidget *
gloss_codebook_dialog_create_fields (GlossCodebookDialog *self,
                                     const GlossLabel    *label,
                                     GPtrArray           *fields)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);

  gtk_widget_add_css_class (box, "gloss-codebook-fields");
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  for (guint i = 0; fields != NULL && i < fields->len; i++)
    gtk_box_append (GTK_BOX (box), gloss_codebook_dialog_create_field_row (self, g_ptr_array_index (fields, i)));
  gtk_box_append (GTK_BOX (box), gloss_codebook_dialog_create_add_field (self, label));
  return box;
}

static GtkWidget *
gloss_codebook_dialog_create_row (GlossCodebookDialog *self,
                                  const GlossLabel    *label,
                                  guint                index,
                                  guint                n_labels)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *fields_toggle = gtk_toggle_button_new ();
  GtkWidget *revealer = gtk_revealer_new ();
  g_autoptr(GPtrArray) fields = gloss_store_list_fields (self->store, label->id, NULL);
  g_autofree char *fields_text = NULL;
  gboolean expanded = g_hash_table_contains (self->expanded, label->id);
  GtkWidget *colour = gtk_color_button_new ();
  GtkWidget *name = gtk_entry_new ();
  GtkWidget *shortcut = gtk_entry_new ();
  GtkWidget *up = icon_button ("go-up-symbolic", _("Move Up"));
  GtkWidget *down = icon_button ("go-down-symbolic", _("Move Down"));
  GtkWidget *remove = icon_button ("user-trash-symbolic", _("Delete Label"));
  g_autofree char *colour_name = g_strdup_printf (_("Colour of “%s”"), label->name);
  g_autofree char *shortcut_name = g_strdup_printf (_("Shortcut key of “%s”"), label->name);
  GdkRGBA rgba;

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  g_object_set_data_full (G_OBJECT (row), "gloss-label", gloss_label_copy (label), (GDestroyNotify) gloss_label_free);
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  if (gdk_rgba_parse (&rgba, label->colour))
    gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (colour), &rgba);
  gtk_color_chooser_set_use_alpha (GTK_COLOR_CHOOSER (colour), FALSE);
  gtk_color_button_set_modal (GTK_COLOR_BUTTON (colour), TRUE);
  gtk_widget_set_valign (colour, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (colour, _("Colour"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (colour), GTK_ACCESSIBLE_PROPERTY_LABEL, colour_name, -1);
  g_signal_connect_object (colour, "color-set", G_CALLBACK (colour_set_cb), self, 0);

  gtk_editable_set_text (GTK_EDITABLE (name), label->name);
  set_focus_key (name, "label-name", label->id);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_set_valign (name, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (name), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Label name"), -1);
  commit_on_leave (name, name_commit, self);

  gtk_editable_set_text (GTK_EDITABLE (shortcut), label->shortcut ? label->shortcut : "");
  set_focus_key (shortcut, "label-shortcut", label->id);
  gtk_entry_set_max_length (GTK_ENTRY (shortcut), 1);
  gtk_editable_set_width_chars (GTK_EDITABLE (shortcut), 2);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (shortcut), 2);
  gtk_entry_set_alignment (GTK_ENTRY (shortcut), 0.5);
  gtk_widget_set_valign (shortcut, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (shortcut, _("Shortcut key"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (shortcut), GTK_ACCESSIBLE_PROPERTY_LABEL, shortcut_name, -1);
  commit_on_leave (shortcut, shortcut_commit, self);

  g_object_set_data (G_OBJECT (up), "gloss-delta", GINT_TO_POINTER (-1));
  g_object_set_data (G_OBJECT (down), "gloss-delta", GINT_TO_POINTER (1));
  gtk_widget_set_sensitive (up, index > 0);
  gtk_widget_set_sensitive (down, index + 1 < n_labels);
  g_signal_connect_object (up, "clicked", G_CALLBACK (move_clicked_cb), self, 0);
  g_signal_connect_object (down, "clicked", G_CALLBACK (move_clicked_cb), self, 0);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (delete_clicked_cb), self, 0);

  gtk_box_append (GTK_BOX (box), colour);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), shortcut);

  /* Translators: the button that shows a label's fields, with their number */
  fields_text = g_strdup_printf (_("Fields (%u)"), fields ? fields->len : 0);
  gtk_button_set_label (GTK_BUTTON (fields_toggle), fields_text);
  gtk_widget_set_valign (fields_toggle, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (fields_toggle, "flat");
  gtk_widget_set_tooltip_text (fields_toggle, _("Show the fields annotations of this label have"));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (fields_toggle), expanded);
  set_focus_key (fields_toggle, "label-fields", label->id);
  g_object_set_data (G_OBJECT (fields_toggle), "gloss-revealer", revealer);
  g_object_set_data_full (G_OBJECT (fields_toggle), "gloss-label-id", g_strdup (label->id), g_free);
  g_signal_connect_object (fields_toggle, "toggled", G_CALLBACK (fields_toggled_cb), self, 0);
  gtk_box_append (GTK_BOX (box), fields_toggle);
  gtk_box_append (GTK_BOX (box), up);
  gtk_box_append (GTK_BOX (box), down);
  gtk_box_append (GTK_BOX (box), remove);

  gtk_revealer_set_transition_duration (GTK_REVEALER (revealer), 0);
  gtk_revealer_set_reveal_child (GTK_REVEALER (revealer), expanded);
  gtk_revealer_set_transition_duration (GTK_REVEALER (revealer), 200);
  gtk_revealer_set_child (GTK_REVEALER (revealer), gloss_codebook_dialog_create_fields (self, label, fields));
  gtk_box_append (GTK_BOX (outer), box);
  gtk_box_append (GTK_BOX (outer), revealer);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), outer);
  return row;
}

static void
gloss_codebook_dialog_reload (GlossCodebookDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) labels = gloss_store_list_labels (self->store, &error);
  GtkWidget *child;

  if (labels == NULL)
    {
      gloss_codebook_dialog_toast_error (self, error);
      return;
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->labels_list))) != NULL)
    gtk_list_box_remove (self->labels_list, child);
  for (guint i = 0; i < labels->len; i++)
    gtk_list_box_append (self->labels_list,
                         gloss_codebook_dialog_create_row (self, g_ptr_array_index (labels, i), i, labels->len));
  g_clear_pointer (&self->labels, g_ptr_array_unref);
  self->labels = g_steal_pointer (&labels);
}

static GtkWidget *
find_focus_key (GtkWidget  *widget,
                const char *key)
{
  if (g_strcmp0 (g_object_get_data (G_OBJECT (widget), "gloss-focus-key"), key) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_focus_key (c, key);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The store changed the codebook (here or elsewhere). Rebuilding the rows would
 * take the focus away from the entry being edited, so a rebuild waits for idle
 * and puts the focus back on the input with the same key (the same field of the
 * same label, the same option...). */
static gboolean
reload_idle_cb (gpointer user_data)
{
  GlossCodebookDialog *self = user_data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  g_autofree char *key = NULL;

  for (GtkWidget *w = focus; w != NULL && key == NULL; w = gtk_widget_get_parent (w))
    key = g_strdup (g_object_get_data (G_OBJECT (w), "gloss-focus-key"));

  gloss_codebook_dialog_reload (self);

  if (key != NULL)
    {
      GtkWidget *again = find_focus_key (GTK_WIDGET (self->labels_list), key);

      if (again != NULL)
        gtk_widget_grab_focus (again);
    }
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (GlossCodebookDialog *self,
                  GlossChangeKind      kind,
                  const char          *detail,
                  GlossStore          *store)
{
  if (kind == GLOSS_CHANGE_LABELS || kind == GLOSS_CHANGE_ALL)
    g_idle_add (reload_idle_cb, g_object_ref (self));
}

GlossLabel *
gloss_codebook_dialog_add_label (GlossCodebookDialog *self,
                                 const char          *name,
                                 GError             **error)
{
  const char *colour = palette[0];

  g_return_val_if_fail (GLOSS_IS_CODEBOOK_DIALOG (self), NULL);

  /* The first palette colour no label has yet. */
  for (guint p = 0; p < G_N_ELEMENTS (palette); p++)
    {
      gboolean used = FALSE;

      for (guint i = 0; self->labels != NULL && i < self->labels->len; i++)
        used |= g_ascii_strcasecmp (((GlossLabel *) g_ptr_array_index (self->labels, i))->colour, palette[p]) == 0;
      if (!used)
        {
          colour = palette[p];
          break;
        }
    }
  return gloss_store_add_label (self->store, name, NULL, colour, NULL, NULL, error);
}

static void
add_apply_cb (GlossCodebookDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossLabel) label = NULL;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->add_row))));

  if (*name == '\0')
    return;
  label = gloss_codebook_dialog_add_label (self, name, &error);
  if (label == NULL)
    gloss_codebook_dialog_toast_error (self, error);
  else
    gtk_editable_set_text (GTK_EDITABLE (self->add_row), "");
}

static void
gloss_codebook_dialog_constructed (GObject *object)
{
  GlossCodebookDialog *self = GLOSS_CODEBOOK_DIALOG (object);

  G_OBJECT_CLASS (gloss_codebook_dialog_parent_class)->constructed (object);

  g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  gloss_codebook_dialog_reload (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->labels_list), !gloss_store_is_read_only (self->store));
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_row), !gloss_store_is_read_only (self->store));
}

static void
gloss_codebook_dialog_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  GlossCodebookDialog *self = GLOSS_CODEBOOK_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_codebook_dialog_dispose (GObject *object)
{
  GlossCodebookDialog *self = GLOSS_CODEBOOK_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), GLOSS_TYPE_CODEBOOK_DIALOG);
  g_clear_object (&self->store);
  g_clear_pointer (&self->labels, g_ptr_array_unref);
  g_clear_pointer (&self->expanded, g_hash_table_unref);

  G_OBJECT_CLASS (gloss_codebook_dialog_parent_class)->dispose (object);
}

static void
gloss_codebook_dialog_class_init (GlossCodebookDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = gloss_codebook_dialog_constructed;
  object_class->set_property = gloss_codebook_dialog_set_property;
  object_class->dispose = gloss_codebook_dialog_dispose;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, GLOSS_TYPE_STORE,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Gloss/gloss-codebook-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GlossCodebookDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GlossCodebookDialog, labels_list);
  gtk_widget_class_bind_template_child (widget_class, GlossCodebookDialog, add_row);
  gtk_widget_class_bind_template_callback (widget_class, add_apply_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gloss_codebook_dialog_init (GlossCodebookDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->labels_list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Labels"), -1);
  self->expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gloss_keynav_escape_closes (GTK_WINDOW (self));
}

GlossCodebookDialog *
gloss_codebook_dialog_new (GtkWindow  *parent,
                           GlossStore *store)
{
  g_return_val_if_fail (GLOSS_IS_STORE (store), NULL);

  return g_object_new (GLOSS_TYPE_CODEBOOK_DIALOG,
                       "transient-for", parent,
                       "store", store,
                       NULL);
}

void
gloss_codebook_dialog_show_fields (GlossCodebookDialog *self,
                                   const char          *label_id,
                                   gboolean             shown)
{
  g_autofree char *key = g_strconcat ("label-fields:", label_id, NULL);
  GtkWidget *toggle;

  g_return_if_fail (GLOSS_IS_CODEBOOK_DIALOG (self));

  toggle = find_focus_key (GTK_WIDGET (self->labels_list), key);
  if (toggle != NULL)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), shown);
}

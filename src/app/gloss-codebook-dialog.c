/* gloss-codebook-dialog.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-codebook"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-codebook-dialog.h"

struct _GlossCodebookDialog
{
  AdwWindow        parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkListBox      *labels_list;
  AdwEntryRow     *add_row;

  GlossStore      *store;
  GPtrArray       *labels;   /* GlossLabel*, as shown */
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

static GtkWidget *
gloss_codebook_dialog_create_row (GlossCodebookDialog *self,
                                  const GlossLabel    *label,
                                  guint                index,
                                  guint                n_labels)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
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
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_set_valign (name, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (name), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Label name"), -1);
  commit_on_leave (name, name_commit, self);

  gtk_editable_set_text (GTK_EDITABLE (shortcut), label->shortcut ? label->shortcut : "");
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
  gtk_box_append (GTK_BOX (box), up);
  gtk_box_append (GTK_BOX (box), down);
  gtk_box_append (GTK_BOX (box), remove);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
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

/* The store changed the codebook (here or elsewhere). Rebuilding the rows would
 * take the focus away from the entry being edited, so a rebuild waits for idle
 * and puts the focus back on the same field of the same label. */
static gboolean
reload_idle_cb (gpointer user_data)
{
  GlossCodebookDialog *self = user_data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *row = focus ? gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW) : NULL;
  g_autofree char *label_id = NULL;
  int field = -1;

  if (row != NULL && gtk_widget_is_ancestor (row, GTK_WIDGET (self->labels_list)))
    {
      GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
      int i = 0;

      label_id = g_strdup (((GlossLabel *) g_object_get_data (G_OBJECT (row), "gloss-label"))->id);
      for (GtkWidget *c = gtk_widget_get_first_child (box); c; c = gtk_widget_get_next_sibling (c), i++)
        if (focus == c || gtk_widget_is_ancestor (focus, c))
          field = i;
    }

  gloss_codebook_dialog_reload (self);

  if (label_id != NULL && field >= 0)
    for (GtkWidget *r = gtk_widget_get_first_child (GTK_WIDGET (self->labels_list)); r; r = gtk_widget_get_next_sibling (r))
      {
        GlossLabel *label = g_object_get_data (G_OBJECT (r), "gloss-label");

        if (label != NULL && g_strcmp0 (label->id, label_id) == 0)
          {
            GtkWidget *c = gtk_widget_get_first_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (r)));

            for (int i = 0; c != NULL && i < field; i++)
              c = gtk_widget_get_next_sibling (c);
            if (c != NULL)
              gtk_widget_grab_focus (c);
          }
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

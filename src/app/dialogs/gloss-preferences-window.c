/* gloss-preferences-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-preferences-window.h"

struct _GlossPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  AdwEntryRow *name_row;
  GtkSwitch   *snap_switch;
  AdwComboRow *style_row;

  GSettings   *settings;
};

G_DEFINE_FINAL_TYPE (GlossPreferencesWindow, gloss_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The name is applied when the row's apply button is pressed (or Enter). */
static void
name_apply_cb (GlossPreferencesWindow *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));

  if (*name == '\0')
    {
      g_autofree char *current = g_settings_get_string (self->settings, "analyst-name");

      gtk_editable_set_text (GTK_EDITABLE (self->name_row), current);
      return;
    }
  g_settings_set_string (self->settings, "analyst-name", name);
}

static void
style_selected_cb (GlossPreferencesWindow *self)
{
  g_settings_set_enum (self->settings, "style-variant", adw_combo_row_get_selected (self->style_row));
}

static void
gloss_preferences_window_dispose (GObject *object)
{
  GlossPreferencesWindow *self = GLOSS_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), GLOSS_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (gloss_preferences_window_parent_class)->dispose (object);
}

static void
gloss_preferences_window_class_init (GlossPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gloss_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Gloss/gloss-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GlossPreferencesWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, GlossPreferencesWindow, snap_switch);
  gtk_widget_class_bind_template_child (widget_class, GlossPreferencesWindow, style_row);
  gtk_widget_class_bind_template_callback (widget_class, name_apply_cb);
}

static void
gloss_preferences_window_init (GlossPreferencesWindow *self)
{
  g_autofree char *name = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  name = g_settings_get_string (self->settings, "analyst-name");
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  g_settings_bind (self->settings, "snap-to-words", self->snap_switch, "active", G_SETTINGS_BIND_DEFAULT);
  adw_combo_row_set_selected (self->style_row, g_settings_get_enum (self->settings, "style-variant"));
  g_signal_connect_object (self->style_row, "notify::selected", G_CALLBACK (style_selected_cb),
                           self, G_CONNECT_SWAPPED);
}

GlossPreferencesWindow *
gloss_preferences_window_new (void)
{
  return g_object_new (GLOSS_TYPE_PREFERENCES_WINDOW, NULL);
}

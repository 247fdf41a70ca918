/* gloss-application.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-application"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-application.h"
#include "gloss-preferences-window.h"
#include "gloss-window.h"

struct _GlossApplication
{
  AdwApplication parent_instance;
  GSettings     *settings;
  gboolean       open_sample;
};

G_DEFINE_FINAL_TYPE (GlossApplication, gloss_application, ADW_TYPE_APPLICATION)

static GlossWindow *
gloss_application_get_window (GlossApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (gloss_window_new (GTK_APPLICATION (self)));
  return GLOSS_WINDOW (window);
}

static void
gloss_application_update_style (GlossApplication *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  switch (g_settings_get_enum (self->settings, "style-variant"))
    {
    case 1:
      adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
      break;
    case 2:
      adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
      break;
    default:
      /* Keeps ADW_DEBUG_COLOR_SCHEME (used for screenshots) working. */
      adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
      break;
    }
}

static void
gloss_application_activate (GApplication *app)
{
  GlossApplication *self = GLOSS_APPLICATION (app);
  GlossWindow *window = gloss_application_get_window (self);
  g_autofree char *recent = NULL;

  /* Shown first: a dialog the project may raise (an error, the analyst's name)
   * must stay above it. */
  gtk_window_present (GTK_WINDOW (window));
  if (gloss_window_get_store (window) == NULL)
    {
      recent = g_settings_get_string (self->settings, "recent-project");
      if (self->open_sample)
        gloss_window_open_sample (window);
      else if (*recent != '\0' && g_file_test (recent, G_FILE_TEST_EXISTS))
        gloss_window_open_path (window, recent);
    }
  self->open_sample = FALSE;
}

static void
gloss_application_open (GApplication  *app,
                        GFile        **files,
                        int            n_files,
                        const char    *hint)
{
  GlossApplication *self = GLOSS_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);
      GlossWindow *window;

      /* Each further project gets a window of its own. */
      window = i == 0 ? gloss_application_get_window (self) : gloss_window_new (GTK_APPLICATION (app));
      if (gloss_window_get_store (window) != NULL && i == 0)
        window = gloss_window_new (GTK_APPLICATION (app));
      gtk_window_present (GTK_WINDOW (window));
      if (path != NULL)
        gloss_window_open_path (window, path);
    }
}

static int
gloss_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  GlossApplication *self = GLOSS_APPLICATION (app);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("gloss %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_contains (options, "sample"))
    {
      g_autoptr(GError) error = NULL;

      if (!g_application_register (app, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      if (g_application_get_is_remote (app))
        {
          g_action_group_activate_action (G_ACTION_GROUP (app), "open-sample", NULL);
          return 0;
        }
      self->open_sample = TRUE;
    }
  return -1;
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GApplication *app = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));

  /* Closing the windows saves their state and any note being typed. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static void
open_sample_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  GlossApplication *self = user_data;
  GlossWindow *window = gloss_application_get_window (self);

  gloss_window_open_sample (window);
  gtk_window_present (GTK_WINDOW (window));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  GtkApplication *app = user_data;
  GtkWindow *preferences = GTK_WINDOW (gloss_preferences_window_new ());

  gtk_window_set_transient_for (preferences, gtk_application_get_active_window (app));
  gtk_window_present (preferences);
}

/* The About window, over @parent. */
void
gloss_application_show_about (GtkWindow *parent)
{
  const char *developers[] = { "The Gloss developers", NULL };

  adw_show_about_window (parent,
                         "application-name", _("Gloss"),
                         "application-icon", APP_ID,
                         "developer-name", "The Gloss developers",
                         "version", PACKAGE_VERSION,
                         "website", "https://example.org/gloss/",
                         "issue-url", "https://example.org/gloss/issues",
                         "comments", _("Read articles and annotate them."),
                         "developers", developers,
                         "copyright", "© 2026 The Gloss developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: your name(s), one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  gloss_application_show_about (gtk_application_get_active_window (GTK_APPLICATION (user_data)));
}

static const GActionEntry app_entries[] = {
  { "quit", quit_activated, NULL, NULL, NULL },
  { "open-sample", open_sample_activated, NULL, NULL, NULL },
  { "preferences", preferences_activated, NULL, NULL, NULL },
  { "about", about_activated, NULL, NULL, NULL },
};

static void
gloss_application_startup (GApplication *app)
{
  GlossApplication *self = GLOSS_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (gloss_application_parent_class)->startup (app);

  gtk_window_set_default_icon_name (APP_ID);
  g_action_map_add_action_entries (G_ACTION_MAP (app), app_entries, G_N_ELEMENTS (app_entries), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", preferences_accels);

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::style-variant",
                           G_CALLBACK (gloss_application_update_style), self, G_CONNECT_SWAPPED);
  gloss_application_update_style (self);
}

static void
gloss_application_finalize (GObject *object)
{
  GlossApplication *self = GLOSS_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (gloss_application_parent_class)->finalize (object);
}

static void
gloss_application_class_init (GlossApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = gloss_application_finalize;
  app_class->startup = gloss_application_startup;
  app_class->activate = gloss_application_activate;
  app_class->open = gloss_application_open;
  app_class->handle_local_options = gloss_application_handle_local_options;
}

static void
gloss_application_init (GlossApplication *self)
{
  static const GOptionEntry entries[] = {
    { "sample", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Open the sample project (built on first use)"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[PROJECT.gloss…]"));
}

GlossApplication *
gloss_application_new (void)
{
  return g_object_new (GLOSS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/org/example/Gloss",
                       NULL);
}

/* gloss-view-common.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-view-common"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-fields.h"
#include "gloss-codebook-names.h"
#include "gloss-file.h"
#include "gloss-view-common.h"
#include "gloss-util.h"

struct _GlossViewFields
{
  GlossStore *store;     /* weak: the window owning this cache holds the store */
  GHashTable *fields;    /* "label-id\nname" -> GlossField* (NULL value: no such field) */
};

GlossViewFields *
gloss_view_fields_new (GlossStore *store)
{
  GlossViewFields *self = g_new0 (GlossViewFields, 1);

  self->store = store;
  self->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) gloss_field_free);
  return self;
}

void
gloss_view_fields_free (GlossViewFields *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->fields);
  g_free (self);
}

void
gloss_view_fields_clear (GlossViewFields *self)
{
  g_hash_table_remove_all (self->fields);
}

const GlossField *
gloss_view_fields_lookup (GlossViewFields *self,
                          const char      *label_id,
                          const char      *name)
{
  g_autofree char *key = NULL;
  gpointer value;

  if (label_id == NULL || self->store == NULL)
    return NULL;
  key = g_strconcat (label_id, "\n", name, NULL);
  if (!g_hash_table_lookup_extended (self->fields, key, NULL, &value))
    {
      /* A label without such a field is remembered too, as NULL. */
      value = gloss_store_find_field (self->store, label_id, name, NULL);
      g_hash_table_insert (self->fields, g_steal_pointer (&key), value);
    }
  return value;
}

int
gloss_view_fields_rank (GlossViewFields *self,
                        const char      *label_id,
                        const char      *name,
                        const char      *value)
{
  const GlossField *field;

  if (value == NULL)
    return 0;
  field = gloss_view_fields_lookup (self, label_id, name);
  for (guint i = 0; field != NULL && i < field->options->len; i++)
    {
      const GlossFieldOption *option = field->options->pdata[i];

      if (g_strcmp0 (option->value, value) == 0)
        return (int) i + 1;
    }
  return 0;
}

char *
gloss_view_fields_describe (GlossViewFields *self,
                            const char      *label_id,
                            const char      *name,
                            const char      *value)
{
  const GlossField *field;
  const GlossFieldOption *option;

  if (value == NULL)
    return NULL;
  field = gloss_view_fields_lookup (self, label_id, name);
  option = field ? gloss_field_find_option (field, value) : NULL;
  /* Shown in the user's language, as the field editor and the matrix show it. */
  if (option == NULL || option->label == NULL || *option->label == '\0')
    return g_strdup (gloss_codebook_name (value));
  /* A scale's points are numbers: the name says what they mean. */
  if (g_ascii_isdigit (*value))
    return g_strdup_printf ("%s – %s", value, gloss_codebook_name (option->label));
  return g_strdup_printf ("%s (%s)", gloss_codebook_name (value), gloss_codebook_name (option->label));
}

/* ------------------------------------------------------------------------- */

/* What a view follows of its store: set on the view as "gloss-view-follow". */
typedef struct
{
  GtkWindow          *view;   /* owns this */
  GlossStore         *store;  /* weak: its finalization closes the view */
  GlossViewReloadFunc reload;
  GlossViewWantsFunc  wants;
  guint               idle_id;
} ViewFollow;

static void
view_follow_free (gpointer data)
{
  ViewFollow *follow = data;

  g_clear_handle_id (&follow->idle_id, g_source_remove);
  g_free (follow);
}

static void
store_gone_cb (gpointer  data,
               GObject  *where_the_object_was)
{
  GtkWindow *view = data;

  g_object_set_data (G_OBJECT (view), "gloss-view-follow", NULL);
  gtk_window_destroy (view);
}

static gboolean
reload_idle_cb (gpointer data)
{
  ViewFollow *follow = data;

  follow->idle_id = 0;
  follow->reload (follow->view);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (GtkWindow       *view,
                  GlossChangeKind  kind,
                  const char      *detail,
                  GlossStore      *store)
{
  ViewFollow *follow = g_object_get_data (G_OBJECT (view), "gloss-view-follow");

  if (follow == NULL || follow->store != store || follow->idle_id != 0)
    return;
  if (follow->wants != NULL && !follow->wants (view, kind))
    return;
  follow->idle_id = g_idle_add (reload_idle_cb, follow);
}

void
gloss_view_watch_store (GtkWindow          *view,
                        GlossStore         *store,
                        GlossViewReloadFunc reload,
                        GlossViewWantsFunc  wants)
{
  ViewFollow *follow;

  g_return_if_fail (GTK_IS_WINDOW (view));
  g_return_if_fail (GLOSS_IS_STORE (store));

  follow = g_new0 (ViewFollow, 1);
  follow->view = view;
  follow->store = store;
  follow->reload = reload;
  follow->wants = wants;
  g_object_set_data_full (G_OBJECT (view), "gloss-view-follow", follow, view_follow_free);
  g_object_weak_ref (G_OBJECT (store), store_gone_cb, view);
  if (reload != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), view, G_CONNECT_SWAPPED);
}

void
gloss_view_unwatch_store (GtkWindow  *view,
                          GlossStore *store)
{
  ViewFollow *follow = g_object_get_data (G_OBJECT (view), "gloss-view-follow");

  if (store == NULL || follow == NULL || follow->store != store)
    return;
  g_signal_handlers_disconnect_by_func (store, store_changed_cb, view);
  g_object_weak_unref (G_OBJECT (store), store_gone_cb, view);
  g_object_set_data (G_OBJECT (view), "gloss-view-follow", NULL);
}

void
gloss_view_cancel_reload (GtkWindow *view)
{
  ViewFollow *follow = g_object_get_data (G_OBJECT (view), "gloss-view-follow");

  if (follow != NULL)
    g_clear_handle_id (&follow->idle_id, g_source_remove);
}

char *
gloss_view_dup_annotator (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *name = g_settings_get_string (settings, "analyst-name");

  if (*name == '\0')
    return gloss_default_annotator ();
  return g_steal_pointer (&name);
}

void
gloss_view_load_css (void)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;
  GdkDisplay *display = gdk_display_get_default ();

  if (loaded || display == NULL)
    return;
  loaded = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/org/example/Gloss/gloss-views.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

int
gloss_view_column_width (GtkWidget  *table,
                         const char *title,
                         int         width)
{
  /* The header's padding on both sides, the sort arrow and the gap before it. */
  const int chrome = 44;
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (table, title);
  PangoAttrList *attrs = pango_attr_list_new ();
  int text_width = 0;

  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_get_pixel_size (layout, &text_width, NULL);
  return MAX (width, text_width + chrome);
}

typedef struct {
  GtkWindow           *window;
  AdwToastOverlay     *toasts;
  char                *format;
  char                *done;
  GlossViewExportFunc  export;
} ExportRequest;

static void
export_toast (AdwToastOverlay *toasts,
              const char      *message)
{
  AdwToast *t = adw_toast_new (message);

  adw_toast_set_timeout (t, 4);
  adw_toast_overlay_add_toast (toasts, t);
}

static void
export_response_cb (GtkNativeDialog *native,
                    int              response,
                    ExportRequest   *request)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      g_autoptr(GError) error = NULL;

      if (path == NULL)
        export_toast (request->toasts, _("Choose a local file to export to."));
      else if (!request->export (request->window, request->format, path, &error))
        export_toast (request->toasts, error->message);
      else
        export_toast (request->toasts, request->done);
    }
  g_object_unref (request->window);
  g_free (request->format);
  g_free (request->done);
  g_free (request);
  g_object_unref (native);
}

void
gloss_view_export_to_chosen_file (GtkWindow           *window,
                                  AdwToastOverlay     *toasts,
                                  const char          *title,
                                  const char          *file_name,
                                  const char          *format,
                                  GlossViewExportFunc  export,
                                  const char          *done)
{
  GtkFileChooserNative *native;
  ExportRequest *request = g_new0 (ExportRequest, 1);

  request->window = g_object_ref (window);
  request->toasts = toasts;
  request->format = g_strdup (format);
  request->done = g_strdup (done);
  request->export = export;
  native = gtk_file_chooser_native_new (title, window, GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), file_name);
  g_signal_connect (native, "response", G_CALLBACK (export_response_cb), request);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

void
gloss_view_get_export_background (GdkRGBA *background)
{
  gdk_rgba_parse (background, adw_style_manager_get_dark (adw_style_manager_get_default ()) ? "#242424" : "#fafafa");
}

gboolean
gloss_view_save_png (GtkWidget          *view,
                     GlossViewDrawFunc   draw,
                     const char         *not_shown,
                     const char         *path,
                     GError            **error)
{
  int width = gtk_widget_get_width (view), height = gtk_widget_get_height (view);
  GtkNative *native = gtk_widget_get_native (view);
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GBytes) png = NULL;
  GdkRGBA background;

  if (native == NULL || gtk_native_get_renderer (native) == NULL || width <= 0 || height <= 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, not_shown);
      return FALSE;
    }
  gloss_view_get_export_background (&background);
  snapshot = gtk_snapshot_new ();
  gtk_snapshot_append_color (snapshot, &background, &GRAPHENE_RECT_INIT (0, 0, (float) width, (float) height));
  draw (view, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = node == NULL ? NULL
                         : gsk_renderer_render_texture (gtk_native_get_renderer (native), node,
                                                        &GRAPHENE_RECT_INIT (0, 0, (float) width, (float) height));
  if (texture == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not draw the picture for “%s”."), path);
      return FALSE;
    }
  /* Written beside @path and renamed over it, never over an open project. */
  png = gdk_texture_save_to_png_bytes (texture);
  return gloss_file_write_all (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), error);
}

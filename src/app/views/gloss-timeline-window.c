/* gloss-timeline-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The timeline is built by one call (gloss_timeline_build(): four queries and a
 * scan of the quotes, about 0.2 s for 10,000 events) when the window opens, and
 * again once the main loop is idle after the store says the project changed, so a
 * bulk change costs one rebuild. The view keeps its range and its selection across
 * rebuilds.
 */
#define G_LOG_DOMAIN "gloss-timeline-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-codebook-names.h"
#include "gloss-keynav.h"
#include "gloss-timeline-out.h"
#include "gloss-timeline-window.h"
#include "gloss-view-common.h"

struct _GlossTimelineWindow
{
  AdwWindow          parent_instance;

  /* Template children */
  AdwToastOverlay   *toasts;
  AdwWindowTitle    *window_title;
  GtkDropDown       *lanes_dropdown;
  GlossTimelineView *view;
  GtkLabel          *detail_label;
  GtkButton         *open_button;

  GlossStore        *store;        /* watched: the window closes when it goes */
};

G_DEFINE_FINAL_TYPE (GlossTimelineWindow, gloss_timeline_window, ADW_TYPE_WINDOW)

enum {
  OPEN_EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
toast (GlossTimelineWindow *self,
       const char          *message)
{
  AdwToast *t = adw_toast_new (message);

  adw_toast_set_timeout (t, 4);
  adw_toast_overlay_add_toast (self->toasts, t);
}

static void
update_actions (GlossTimelineWindow *self)
{
  const GlossTimeline *timeline = gloss_timeline_view_get_timeline (self->view);
  gboolean any = timeline != NULL && timeline->events->len > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline-window.open",
                                 gloss_timeline_view_get_selected (self->view) >= 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline-window.export", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline-window.fit", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline-window.zoom-in", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline-window.zoom-out", any);
}

static void
update_title (GlossTimelineWindow *self)
{
  const GlossTimeline *timeline = gloss_timeline_view_get_timeline (self->view);
  guint n = timeline ? timeline->events->len : 0;
  g_autofree char *subtitle = NULL;

  if (n > 0)
    {
      GlossDate first = ((GlossTimelineEvent *) timeline->events->pdata[0])->date;
      GlossDate last = ((GlossTimelineEvent *) timeline->events->pdata[n - 1])->date;

      first.granularity = last.granularity = GLOSS_DATE_YEAR;
      {
        g_autofree char *from = gloss_date_format (&first);
        g_autofree char *to = gloss_date_format (&last);

        if (g_strcmp0 (from, to) == 0)
          subtitle = g_strdup_printf (ngettext ("%u event, %s", "%u events, %s", n), n, from);
        else
          subtitle = g_strdup_printf (ngettext ("%u event, %s–%s", "%u events, %s–%s", n), n, from, to);
      }
    }
  else
    subtitle = g_strdup (_("No events"));
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

static void
selected_changed_cb (GlossTimelineWindow *self)
{
  const GlossTimeline *timeline = gloss_timeline_view_get_timeline (self->view);
  int selected = gloss_timeline_view_get_selected (self->view);
  g_autofree char *text = NULL;

  if (selected < 0 || timeline == NULL)
    text = g_strdup (_("Select an event to see where it comes from."));
  else
    {
      const GlossTimelineEvent *e = timeline->events->pdata[selected];
      g_autofree char *date = gloss_date_format (&e->date);
      g_autofree char *entities = g_strjoinv (", ", e->entities);

      switch (e->source)
        {
        case GLOSS_TIMELINE_PUBLICATION:
          text = g_strdup_printf (_("%s · publication date of “%s”"), date, e->document_title);
          break;
        case GLOSS_TIMELINE_FIELD:
          text = g_strdup_printf (_("%s · %s field “%s” · “%s” in “%s”%s%s"), date,
                                  gloss_codebook_name (e->label_name), gloss_codebook_name (e->field_name),
                                  e->title, e->document_title, *entities ? " · " : "", entities);
          break;
        case GLOSS_TIMELINE_TEXT:
        default:
          text = g_strdup_printf (_("%s · written “%s” · %s “%s” in “%s”%s%s"), date, e->expression,
                                  gloss_codebook_name (e->label_name), e->title, e->document_title,
                                  *entities ? " · " : "", entities);
          break;
        }
    }
  gtk_label_set_text (self->detail_label, text);
  update_actions (self);
}

void
gloss_timeline_window_reload (GlossTimelineWindow *self)
{
  g_autoptr(GError) error = NULL;
  GlossTimeline *timeline;

  g_return_if_fail (GLOSS_IS_TIMELINE_WINDOW (self));

  gloss_view_cancel_reload (GTK_WINDOW (self));
  if (self->store == NULL)
    return;
  timeline = gloss_timeline_build (self->store, &error);
  if (timeline == NULL)
    {
      toast (self, error->message);
      return;
    }
  gloss_timeline_view_set_timeline (self->view, timeline);
  update_title (self);
  selected_changed_cb (self);
}

static void
lanes_changed_cb (GlossTimelineWindow *self)
{
  gloss_timeline_view_set_lane_mode (self->view, gtk_drop_down_get_selected (self->lanes_dropdown) == 1
                                                 ? GLOSS_TIMELINE_LANES_ENTITY : GLOSS_TIMELINE_LANES_LABEL);
}

static void
event_activated_cb (GlossTimelineWindow *self,
                    guint                index)
{
  const GlossTimeline *timeline = gloss_timeline_view_get_timeline (self->view);
  const GlossTimelineEvent *e;

  if (timeline == NULL || index >= timeline->events->len)
    return;
  e = timeline->events->pdata[index];
  g_signal_emit (self, signals[OPEN_EVENT], 0, e->document_id, e->annotation_id, e->date_start, e->date_end);
}

static void
open_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  GlossTimelineWindow *self = GLOSS_TIMELINE_WINDOW (widget);
  int selected = gloss_timeline_view_get_selected (self->view);

  if (selected >= 0)
    event_activated_cb (self, (guint) selected);
}

static void
zoom_in_action (GtkWidget *widget, const char *name, GVariant *param)
{
  gloss_timeline_view_zoom (GLOSS_TIMELINE_WINDOW (widget)->view, 1.5);
}

static void
zoom_out_action (GtkWidget *widget, const char *name, GVariant *param)
{
  gloss_timeline_view_zoom (GLOSS_TIMELINE_WINDOW (widget)->view, 1 / 1.5);
}

static void
fit_action (GtkWidget *widget, const char *name, GVariant *param)
{
  gloss_timeline_view_fit (GLOSS_TIMELINE_WINDOW (widget)->view);
}

/* ------------------------------------------------------------------------- */
/* Export                                                                     */

gboolean
gloss_timeline_window_export (GlossTimelineWindow *self,
                              const char          *format,
                              const char          *path,
                              GError             **error)
{
  const GlossTimeline *timeline = gloss_timeline_view_get_timeline (self->view);
  GlossTimelineFormat data_format;

  g_return_val_if_fail (GLOSS_IS_TIMELINE_WINDOW (self), FALSE);

  if (g_strcmp0 (format, "png") == 0)
    return gloss_timeline_view_save_png (self->view, path, error);
  if (timeline == NULL || !gloss_timeline_format_from_string (format, &data_format))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("Unknown export format “%s”."), format);
      return FALSE;
    }
  return gloss_timeline_export (timeline, data_format, path, NULL, error);
}

static gboolean
export_cb (GtkWindow   *window,
           const char  *format,
           const char  *path,
           GError     **error)
{
  return gloss_timeline_window_export (GLOSS_TIMELINE_WINDOW (window), format, path, error);
}

static void
export_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  GlossTimelineWindow *self = GLOSS_TIMELINE_WINDOW (widget);
  const char *format = g_variant_get_string (param, NULL);
  g_autofree char *file_name = NULL;

  if (g_strcmp0 (format, "csv") != 0 && g_strcmp0 (format, "json") != 0 && g_strcmp0 (format, "png") != 0)
    return;
  file_name = g_strdup_printf ("timeline.%s", format);
  gloss_view_export_to_chosen_file (GTK_WINDOW (self), self->toasts, _("Export Timeline"), file_name, format,
                                    export_cb, _("Timeline exported"));
}

/* ------------------------------------------------------------------------- */

static void
gloss_timeline_window_dispose (GObject *object)
{
  GlossTimelineWindow *self = GLOSS_TIMELINE_WINDOW (object);

  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->store, self);
      gloss_view_unwatch_store (GTK_WINDOW (self), self->store);
      self->store = NULL;
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), GLOSS_TYPE_TIMELINE_WINDOW);
  G_OBJECT_CLASS (gloss_timeline_window_parent_class)->dispose (object);
}

static void
gloss_timeline_window_class_init (GlossTimelineWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gloss_timeline_window_dispose;

  signals[OPEN_EVENT] = g_signal_new ("open-event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                      NULL, G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_INT64, G_TYPE_INT64);

  g_type_ensure (GLOSS_TYPE_TIMELINE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Gloss/gloss-timeline-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GlossTimelineWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, GlossTimelineWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, GlossTimelineWindow, lanes_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GlossTimelineWindow, view);
  gtk_widget_class_bind_template_child (widget_class, GlossTimelineWindow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, GlossTimelineWindow, open_button);
  gtk_widget_class_bind_template_callback (widget_class, event_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, selected_changed_cb);

  gtk_widget_class_install_action (widget_class, "timeline-window.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "timeline-window.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "timeline-window.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "timeline-window.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "timeline-window.fit", NULL, fit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gloss_timeline_window_init (GlossTimelineWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gloss_view_load_css ();
  g_signal_connect_object (self->lanes_dropdown, "notify::selected", G_CALLBACK (lanes_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->detail_label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Selected event"), -1);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->view));
  gloss_keynav_escape_closes (GTK_WINDOW (self));
  selected_changed_cb (self);
}

GlossTimelineWindow *
gloss_timeline_window_new (GtkWindow  *transient_for,
                           GlossStore *store)
{
  GlossTimelineWindow *self;

  g_return_val_if_fail (transient_for == NULL || GTK_IS_WINDOW (transient_for), NULL);
  g_return_val_if_fail (GLOSS_IS_STORE (store), NULL);

  self = g_object_new (GLOSS_TYPE_TIMELINE_WINDOW, "transient-for", transient_for, NULL);
  self->store = store;
  gloss_view_watch_store (GTK_WINDOW (self), store, (GlossViewReloadFunc) gloss_timeline_window_reload, NULL);
  gloss_timeline_window_reload (self);
  return self;
}

GlossTimelineView *
gloss_timeline_window_get_view (GlossTimelineWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_TIMELINE_WINDOW (self), NULL);
  return self->view;
}

GtkDropDown *
gloss_timeline_window_get_lanes_dropdown (GlossTimelineWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_TIMELINE_WINDOW (self), NULL);
  return self->lanes_dropdown;
}

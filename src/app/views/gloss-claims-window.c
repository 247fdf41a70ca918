/* gloss-claims-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A header bar with the number of claims shown and the Add to Analysis button over a
 * GlossClaimsView; the view's signals are the window's.
 */
#define G_LOG_DOMAIN "gloss-claims-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-claims-window.h"
#include "gloss-keynav.h"
#include "gloss-view-common.h"

struct _GlossClaimsWindow
{
  AdwWindow        parent_instance;

  AdwWindowTitle  *window_title;
  GlossClaimsView *view;

  GlossStore      *store;   /* watched: the window closes when it goes */
};

G_DEFINE_FINAL_TYPE (GlossClaimsWindow, gloss_claims_window, ADW_TYPE_WINDOW)

enum {
  OPEN_ANNOTATION,
  ADD_TO_ANALYSIS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
summary_changed_cb (GlossClaimsWindow *self)
{
  adw_window_title_set_subtitle (self->window_title, gloss_claims_view_get_summary (self->view));
}

static void
open_annotation_cb (GlossClaimsWindow *self,
                    const char        *document_id,
                    const char        *annotation_id)
{
  g_signal_emit (self, signals[OPEN_ANNOTATION], 0, document_id, annotation_id);
}

static void
add_to_analysis_cb (GlossClaimsWindow  *self,
                    const char * const *ids)
{
  g_signal_emit (self, signals[ADD_TO_ANALYSIS], 0, ids);
}

/* The header bar's button is outside the view: the window has the action too. */
static void
add_to_analysis_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  gloss_claims_view_add_selected_to_analysis (GLOSS_CLAIMS_WINDOW (widget)->view);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  gloss_claims_view_focus_search (GLOSS_CLAIMS_WINDOW (widget)->view);
}

static void
gloss_claims_window_dispose (GObject *object)
{
  GlossClaimsWindow *self = GLOSS_CLAIMS_WINDOW (object);

  if (self->store != NULL)
    {
      gloss_view_unwatch_store (GTK_WINDOW (self), self->store);
      self->store = NULL;
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), GLOSS_TYPE_CLAIMS_WINDOW);
  G_OBJECT_CLASS (gloss_claims_window_parent_class)->dispose (object);
}

static void
gloss_claims_window_class_init (GlossClaimsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gloss_claims_window_dispose;

  /* As GlossClaimsView's. */
  signals[OPEN_ANNOTATION] =
    g_signal_new ("open-annotation", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[ADD_TO_ANALYSIS] =
    g_signal_new ("add-to-analysis", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRV);

  g_type_ensure (GLOSS_TYPE_CLAIMS_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Gloss/gloss-claims-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GlossClaimsWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, GlossClaimsWindow, view);

  gtk_widget_class_install_action (widget_class, "claims.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "claims.add-to-analysis", NULL, add_to_analysis_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "claims.find", NULL);
}

static void
gloss_claims_window_init (GlossClaimsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->view, "notify::summary", G_CALLBACK (summary_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "open-annotation", G_CALLBACK (open_annotation_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "add-to-analysis", G_CALLBACK (add_to_analysis_cb), self, G_CONNECT_SWAPPED);
  gloss_keynav_escape_closes (GTK_WINDOW (self));
}

GlossClaimsWindow *
gloss_claims_window_new (GtkWindow  *transient_for,
                         GlossStore *store)
{
  GlossClaimsWindow *self;

  g_return_val_if_fail (transient_for == NULL || GTK_IS_WINDOW (transient_for), NULL);
  g_return_val_if_fail (GLOSS_IS_STORE (store), NULL);

  self = g_object_new (GLOSS_TYPE_CLAIMS_WINDOW, "transient-for", transient_for, NULL);
  self->store = store;
  gloss_view_watch_store (GTK_WINDOW (self), store, NULL, NULL);
  gloss_claims_view_set_store (self->view, store);
  return self;
}

GlossClaimsView *
gloss_claims_window_get_view (GlossClaimsWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_CLAIMS_WINDOW (self), NULL);
  return self->view;
}

GListModel *
gloss_claims_window_get_model (GlossClaimsWindow *self)
{
  return gloss_claims_view_get_model (gloss_claims_window_get_view (self));
}

GtkColumnView *
gloss_claims_window_get_column_view (GlossClaimsWindow *self)
{
  return gloss_claims_view_get_column_view (gloss_claims_window_get_view (self));
}

GtkColumnViewColumn *
gloss_claims_window_get_column (GlossClaimsWindow *self,
                                GlossClaimsColumn  column)
{
  return gloss_claims_view_get_column (gloss_claims_window_get_view (self), column);
}

GtkSearchEntry *
gloss_claims_window_get_search_entry (GlossClaimsWindow *self)
{
  return gloss_claims_view_get_search_entry (gloss_claims_window_get_view (self));
}

GtkDropDown *
gloss_claims_window_get_status_filter (GlossClaimsWindow *self)
{
  return gloss_claims_view_get_status_filter (gloss_claims_window_get_view (self));
}

GtkDropDown *
gloss_claims_window_get_likelihood_filter (GlossClaimsWindow *self)
{
  return gloss_claims_view_get_likelihood_filter (gloss_claims_window_get_view (self));
}

void
gloss_claims_window_reload (GlossClaimsWindow *self)
{
  gloss_claims_view_reload (gloss_claims_window_get_view (self));
}

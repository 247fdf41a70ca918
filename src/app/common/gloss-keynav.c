/* gloss-keynav.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Escape is looked at twice: in the capture phase, before the focused control sees
 * it (a column view, a list or a dropdown button would otherwise swallow it or do
 * nothing), and in the bubble phase, after a control that keeps Escape declined it.
 */
#include "config.h"

#include "gloss-keynav.h"

#define KEEP_ESCAPE "gloss-keynav-keep-escape"

void
gloss_keynav_keep_escape (GtkWidget *widget)
{
  g_object_set_data (G_OBJECT (widget), KEEP_ESCAPE, GINT_TO_POINTER (TRUE));
}

/* Whether the focused control (or one of its ancestors up to the window) has a use
 * for Escape first. */
static gboolean
focus_wants_escape (GtkWindow *window)
{
  for (GtkWidget *w = gtk_root_get_focus (GTK_ROOT (window)); w != NULL && w != GTK_WIDGET (window);
       w = gtk_widget_get_parent (w))
    {
      if (g_object_get_data (G_OBJECT (w), KEEP_ESCAPE) != NULL)
        return TRUE;
      /* The text of an entry, not its inner GtkText's delegate: a search entry with
       * text stops its search on Escape. */
      if (GTK_IS_SEARCH_ENTRY (w) && gtk_editable_get_text (GTK_EDITABLE (w))[0] != '\0')
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_plain_escape (guint           keyval,
                 GdkModifierType state)
{
  return keyval == GDK_KEY_Escape &&
         (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK | GDK_SUPER_MASK)) == 0;
}

static gboolean
capture_key_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkWindow             *window)
{
  if (!is_plain_escape (keyval, state) || focus_wants_escape (window))
    return FALSE;
  gtk_window_close (window);
  return TRUE;
}

static gboolean
bubble_key_cb (GtkEventControllerKey *controller,
               guint                  keyval,
               guint                  keycode,
               GdkModifierType        state,
               GtkWindow             *window)
{
  if (!is_plain_escape (keyval, state))
    return FALSE;
  gtk_window_close (window);
  return TRUE;
}

void
gloss_keynav_escape_closes (GtkWindow *window)
{
  GtkEventController *controller;

  g_return_if_fail (GTK_IS_WINDOW (window));

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_name (controller, "gloss-escape-capture");
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (capture_key_cb), window);
  gtk_widget_add_controller (GTK_WIDGET (window), controller);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_name (controller, "gloss-escape-bubble");
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_BUBBLE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (bubble_key_cb), window);
  gtk_widget_add_controller (GTK_WIDGET (window), controller);
}

typedef struct {
  GtkWidget *page;
  GCallback  leave;
  gpointer   data;
} Leave;

static gboolean
leave_key_cb (GtkEventControllerKey *controller,
              guint                  keyval,
              guint                  keycode,
              GdkModifierType        state,
              Leave                 *leave)
{
  GtkRoot *root = gtk_widget_get_root (leave->page);

  if (!is_plain_escape (keyval, state) || !GTK_IS_WINDOW (root))
    return FALSE;
  if (gtk_event_controller_get_propagation_phase (GTK_EVENT_CONTROLLER (controller)) == GTK_PHASE_CAPTURE &&
      focus_wants_escape (GTK_WINDOW (root)))
    return FALSE;
  ((void (*) (gpointer)) leave->leave) (leave->data);
  return TRUE;
}

void
gloss_keynav_escape_leaves (GtkWidget *page,
                            GCallback  leave,
                            gpointer   data)
{
  Leave *l = g_new0 (Leave, 1);

  g_return_if_fail (GTK_IS_WIDGET (page));

  l->page = page;
  l->leave = leave;
  l->data = data;
  g_object_set_data_full (G_OBJECT (page), "gloss-keynav-leave", l, g_free);
  for (guint i = 0; i < 2; i++)
    {
      GtkEventController *controller = gtk_event_controller_key_new ();

      gtk_event_controller_set_name (controller, i == 0 ? "gloss-escape-capture" : "gloss-escape-bubble");
      gtk_event_controller_set_propagation_phase (controller, i == 0 ? GTK_PHASE_CAPTURE : GTK_PHASE_BUBBLE);
      g_signal_connect (controller, "key-pressed", G_CALLBACK (leave_key_cb), l);
      gtk_widget_add_controller (page, controller);
    }
}

/* The focus to the first control after (@forward) or before @widget in the tab order,
 * outside it: its following (preceding) siblings, then its ancestors'. */
static gboolean
focus_past (GtkWidget *widget,
            gboolean   forward)
{
  GtkDirectionType direction = forward ? GTK_DIR_TAB_FORWARD : GTK_DIR_TAB_BACKWARD;

  for (GtkWidget *w = widget; w != NULL && !GTK_IS_ROOT (w); w = gtk_widget_get_parent (w))
    for (GtkWidget *s = forward ? gtk_widget_get_next_sibling (w) : gtk_widget_get_prev_sibling (w); s != NULL;
         s = forward ? gtk_widget_get_next_sibling (s) : gtk_widget_get_prev_sibling (s))
      if (gtk_widget_get_mapped (s) && gtk_widget_child_focus (s, direction))
        return TRUE;
  return FALSE;
}

static gboolean
list_tab_cb (GtkEventControllerKey *controller,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             GtkWidget             *list)
{
  if (keyval != GDK_KEY_Tab && keyval != GDK_KEY_ISO_Left_Tab && keyval != GDK_KEY_KP_Tab)
    return FALSE;
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  return focus_past (list, !(state & GDK_SHIFT_MASK) && keyval != GDK_KEY_ISO_Left_Tab);
}

void
gloss_keynav_tab_leaves (GtkWidget *list)
{
  GtkEventController *controller;

  g_return_if_fail (GTK_IS_WIDGET (list));

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_name (controller, "gloss-tab-leaves");
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (list_tab_cb), list);
  gtk_widget_add_controller (list, controller);
}

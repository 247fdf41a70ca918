/* window-wait.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Waiting in the UI tests (test-window, test-a11y). The tests never wait a fixed
 * time: they run the main loop until what they are about to check has happened.
 */
#pragma once

#include <gtk/gtk.h>

/* Waiting. The tests never wait a fixed time: they run the main loop until what
 * they are about to check has happened, and fail with the condition's text after
 * WAIT_TIMEOUT_S, which is generous because a loaded CI machine is slow. */
#define WAIT_TIMEOUT_S 20

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @condition (@data) holds or @timeout_s seconds pass;
 * returns whether it holds. A short timer wakes the loop to look again at
 * conditions that no event announces (a file written by a thread). */
static gboolean
wait_until (gboolean  (*condition) (gpointer data),
            gpointer    data,
            guint       timeout_s)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;
  guint wake = g_timeout_add (5, wake_cb, NULL);
  gboolean holds;

  while (!(holds = condition (data)) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
  return holds;
}

/* WAIT_FOR (expression): waits until the expression is true, else fails the test
 * naming it. WAIT_FOR_OR_GIVE_UP returns FALSE instead of failing. */
#define WAIT_FOR_OR_GIVE_UP(expr) \
  ({ gint64 wait_end_ = g_get_monotonic_time () + WAIT_TIMEOUT_S * G_USEC_PER_SEC; \
     guint wait_wake_ = g_timeout_add (5, wake_cb, NULL); \
     gboolean wait_holds_; \
     while (!(wait_holds_ = !!(expr)) && g_get_monotonic_time () < wait_end_) \
       g_main_context_iteration (NULL, TRUE); \
     g_source_remove (wait_wake_); \
     wait_holds_; })
#define WAIT_FOR(expr) \
  G_STMT_START { \
    if (!WAIT_FOR_OR_GIVE_UP (expr)) \
      g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, \
                           "gave up after " G_STRINGIFY (WAIT_TIMEOUT_S) " s waiting for: " #expr); \
  } G_STMT_END

/* Dispatches what is ready now (idle handlers, signals queued by GTK), without
 * waiting for timers. Bounded by a count, never by time. */
static void
drain (void)
{
  for (guint i = 0; i < 10000 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

typedef struct {
  guint     n;
  gboolean *painted;
} Frames;

static gboolean
all_painted (gpointer data)
{
  Frames *frames = data;

  for (guint i = 0; i < frames->n; i++)
    if (!frames->painted[i])
      return FALSE;
  return TRUE;
}

/* Waits until nothing is ready to run and every window on screen has painted a frame
 * since: idle work done, layout and allocation up to date. What most steps of a test
 * need before looking at the widgets. */
static void
wait_quiet (void)
{
  g_autoptr(GList) toplevels = NULL;
  g_autoptr(GPtrArray) clocks = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree gulong *handlers = NULL;
  g_autofree gboolean *painted = NULL;
  Frames frames = { 0 };

  drain ();
  toplevels = gtk_window_list_toplevels ();
  handlers = g_new0 (gulong, g_list_length (toplevels));
  painted = g_new0 (gboolean, g_list_length (toplevels));
  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      GdkSurface *surface;
      GdkFrameClock *clock;

      if (!gtk_widget_get_mapped (l->data) || (surface = gtk_native_get_surface (l->data)) == NULL ||
          (clock = gdk_surface_get_frame_clock (surface)) == NULL)
        continue;
      handlers[clocks->len] = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb),
                                                &painted[clocks->len]);
      g_ptr_array_add (clocks, g_object_ref (clock));
      gtk_widget_queue_draw (l->data);
    }
  frames.n = clocks->len;
  frames.painted = painted;
  if (!wait_until (all_painted, &frames, WAIT_TIMEOUT_S))
    g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC,
                         "gave up after " G_STRINGIFY (WAIT_TIMEOUT_S) " s waiting for the windows to paint");
  for (guint i = 0; i < clocks->len; i++)
    g_signal_handler_disconnect (clocks->pdata[i], handlers[i]);
  drain ();
}

/* window-fixture.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the window tests (test-window, test-timeline-window, …) share beyond waiting:
 * opening a project file in a main window as a user would, closing it and removing
 * the file with its WAL companions, tagging a span as a drag and a click in the
 * popover do, and a picture of a window when GLOSS_TEST_SHOT names a folder.
 * Include after window-wait.h.
 */
#pragma once

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "gloss-document-view.h"
#include "gloss-window.h"

/* A main window of @width × @height on the project at @path, shown and settled. */
static GlossWindow *
window_open_project (const char *path,
                     int         width,
                     int         height)
{
  GlossWindow *window = gloss_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gloss_window_open_path (window, path));
  wait_quiet ();
  return window;
}

/* Closes @window and removes the project at @path (and its -wal and -shm files). */
static void
window_close_project (GlossWindow *window,
                      const char  *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  gtk_window_destroy (GTK_WINDOW (window));
  wait_quiet ();
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

/* Tags [@start, @end) with label @label_id as selecting the text and choosing the
 * label in the popover do; the new annotation's id (it is selected). */
static char *
window_annotate (GlossWindow *window,
                 const char  *label_id,
                 gint64       start,
                 gint64       end)
{
  GlossDocumentView *view = gloss_window_get_document_view (window);
  gint64 s = -1, e = -1;

  gloss_document_view_set_selection (view, start, end);
  wait_quiet ();
  g_assert_true (gloss_document_view_get_selection (view, &s, &e));
  g_signal_emit_by_name (view, "create-annotation", label_id, s, e);
  wait_quiet ();
  return g_strdup (gloss_window_get_selected_annotation_id (window));
}

/* Writes @name.png, a picture of @widget as it is drawn, into the folder that
 * GLOSS_TEST_SHOT names; does nothing without it. */
static void
window_shot (GtkWidget  *widget,
             const char *name)
{
  const char *dir = g_getenv ("GLOSS_TEST_SHOT");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int w, h;

  if (dir == NULL)
    return;
  wait_quiet ();
  w = gtk_widget_get_width (widget);
  h = gtk_widget_get_height (widget);
  if (w <= 0 || h <= 0)
    return;
  paintable = gtk_widget_paintable_new (widget);
  /* The paintable shows what was last drawn: nothing until the next frame after a
   * change. */
  for (guint i = 0; i < 200 && node == NULL; i++)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

      gdk_paintable_snapshot (paintable, snapshot, w, h);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      if (node == NULL)
        g_main_context_iteration (NULL, TRUE);
    }
  if (node == NULL)
    return;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, (float) w, (float) h));
  path = g_strdup_printf ("%s/%s.png", dir, name);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

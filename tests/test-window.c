/* test-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * UI tests of the main window under Xvfb: each drives the window the way a user's
 * action does and then checks the row in the project file through a second,
 * independent connection.
 */
#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "gloss-codebook-dialog.h"
#include "gloss-document-view.h"
#include "gloss-store.h"
#include "gloss-util.h"
#include "gloss-window.h"
#include "gloss-window-private.h"

#define ARTICLE "Alice Moreau met Bob Tan in Paris on Monday.\n\nThe harbour strike continued into its second week."

typedef struct {
  char          *dir;
  char          *path;
  GlossWindow   *window;
  GlossDocument *document;
  GPtrArray     *labels;
} Fixture;

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  /* Asked once in real use; set here so no dialog waits for an answer. */
  g_settings_set_string (settings, "analyst-name", "Tess Tester");

  f->dir = g_dir_make_tmp ("gloss-test-window-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "project.gloss", NULL);
  store = gloss_store_create (f->path, "Test project", GLOSS_STORE_CREATE_DEFAULT, &error);
  g_assert_no_error (error);
  f->document = gloss_store_add_document (store, "Meeting", ARTICLE, NULL, "txt", NULL, &error);
  g_assert_no_error (error);
  f->labels = gloss_store_list_labels (store, &error);
  g_assert_no_error (error);
  gloss_store_close (store);

  f->window = gloss_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 700);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (gloss_window_open_path (f->window, f->path));
  spin (200);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

  gtk_window_destroy (GTK_WINDOW (f->window));
  spin (50);
  g_clear_pointer (&f->labels, g_ptr_array_unref);
  g_clear_pointer (&f->document, gloss_document_free);
  g_unlink (f->path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* What the project file holds, read by a connection of its own. */
static GPtrArray *
file_annotations (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_store_open (f->path, GLOSS_STORE_OPEN_READ_ONLY, &error);
  GPtrArray *annotations;

  g_assert_no_error (error);
  annotations = gloss_store_list_annotations (store, NULL, &error);
  g_assert_no_error (error);
  gloss_store_close (store);
  return annotations;
}

static const char *
label_id (Fixture *f,
          guint    i)
{
  return ((GlossLabel *) g_ptr_array_index (f->labels, i))->id;
}

/* Selects [start, end) in the view and picks a label as the popover does. */
static char *
annotate (Fixture *f,
          guint    label,
          gint64   start,
          gint64   end)
{
  GlossDocumentView *view = gloss_window_get_document_view (f->window);
  gint64 s = -1, e = -1;

  gloss_document_view_set_selection (view, start, end);
  spin (20);
  g_assert_true (gloss_document_view_get_selection (view, &s, &e));
  g_signal_emit_by_name (view, "create-annotation", label_id (f, label), s, e);
  spin (20);
  return g_strdup (gloss_window_get_selected_annotation_id (f->window));
}

static void
test_annotate (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *id = annotate (f, 0, 0, 12);
  g_autoptr(GPtrArray) rows = file_annotations (f);
  GlossAnnotation *a;

  g_assert_nonnull (id);
  g_assert_cmpuint (rows->len, ==, 1);
  a = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (a->id, ==, id);
  g_assert_cmpstr (a->quote, ==, "Alice Moreau");
  g_assert_cmpstr (a->label_id, ==, label_id (f, 0));
  g_assert_cmpstr (a->annotator, ==, "Tess Tester");
  g_assert_cmpuint (g_list_model_get_n_items (gloss_window_get_annotations (f->window)), ==, 1);
}

static void
test_delete_undo (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *id = annotate (f, 1, 17, 24);
  g_autoptr(GPtrArray) after_delete = NULL;
  g_autoptr(GPtrArray) after_undo = NULL;
  g_autoptr(GPtrArray) after_redo = NULL;
  GListModel *listed = gloss_window_get_annotations (f->window);

  g_assert_true (gloss_window_select_annotation (f->window, id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.delete-annotation", NULL));
  spin (20);
  after_delete = file_annotations (f);
  g_assert_cmpuint (after_delete->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (listed), ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  spin (20);
  after_undo = file_annotations (f);
  g_assert_cmpuint (after_undo->len, ==, 1);
  g_assert_cmpstr (((GlossAnnotation *) g_ptr_array_index (after_undo, 0))->id, ==, id);
  g_assert_cmpuint (g_list_model_get_n_items (listed), ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.redo", NULL));
  spin (20);
  after_redo = file_annotations (f);
  g_assert_cmpuint (after_redo->len, ==, 0);
}

static GtkWidget *
find_search_entry (GtkWidget *widget)
{
  if (GTK_IS_SEARCH_ENTRY (widget) && gtk_widget_is_ancestor (widget, GTK_WIDGET (widget)) == FALSE &&
      gtk_widget_get_mapped (widget))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_search_entry (c);

      if (found)
        return found;
    }
  return NULL;
}

static gboolean
xdotool (const char *key)
{
  g_autofree char *program = g_find_program_in_path ("xdotool");
  const char *argv[] = { "xdotool", "key", key, NULL };
  int status = -1;

  if (program == NULL || g_getenv ("DISPLAY") == NULL)
    return FALSE;
  argv[0] = program;
  return g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, NULL, NULL, &status, NULL) && status == 0;
}

/* Ctrl+F, type, Escape, then the label's shortcut key annotates the match. */
static void
test_search_then_shortcut (Fixture       *f,
                           gconstpointer  data)
{
  GlossDocumentView *view = gloss_window_get_document_view (f->window);
  GtkWidget *entry;
  gint64 start = -1, end = -1;
  g_autoptr(GPtrArray) rows = NULL;
  GlossAnnotation *a;

  gloss_document_view_begin_search (view);
  spin (100);
  entry = find_search_entry (GTK_WIDGET (view));
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "harbour strike");
  spin (400);
  g_assert_true (gloss_document_view_get_selection (view, &start, &end));
  g_assert_cmpint (end - start, ==, 14);

  /* Escape on a search entry is its "stop-search" keybinding. */
  g_signal_emit_by_name (entry, "stop-search");
  spin (100);
  g_assert_true (gloss_document_view_get_selection (view, &start, &end));
  g_assert_cmpint (end - start, ==, 14);

  if (!xdotool ("5"))
    {
      g_test_skip ("xdotool or an X display is needed to press the shortcut key");
      return;
    }
  /* The key goes through the X server: wait for it, up to a few seconds under load. */
  for (int i = 0; i < 60; i++)
    {
      spin (50);
      g_clear_pointer (&rows, g_ptr_array_unref);
      rows = file_annotations (f);
      if (rows->len > 0)
        break;
    }
  if (rows->len == 0)
    {
      /* Without a window manager the X focus may not be ours. */
      g_test_incomplete ("the shortcut key did not reach the window (X focus)");
      return;
    }
  g_assert_cmpuint (rows->len, ==, 1);
  a = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (a->quote, ==, "harbour strike");
  g_assert_cmpstr (a->label_id, ==, label_id (f, 4));
}

static void
test_relabel (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *id = annotate (f, 0, 31, 36);
  GtkDropDown *dropdown = gloss_window_get_label_dropdown (f->window);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) undone = NULL;

  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, 0);
  gtk_drop_down_set_selected (dropdown, 2);
  spin (20);
  rows = file_annotations (f);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (((GlossAnnotation *) g_ptr_array_index (rows, 0))->label_id, ==, label_id (f, 2));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  spin (20);
  undone = file_annotations (f);
  g_assert_cmpstr (((GlossAnnotation *) g_ptr_array_index (undone, 0))->label_id, ==, label_id (f, 0));
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, 0);
}

static void
test_note (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *id = annotate (f, 0, 0, 5);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (gloss_window_get_note_view (f->window));
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) waited = NULL;
  g_autoptr(GPtrArray) undone = NULL;

  gtk_text_buffer_set_text (buffer, "Check the spelling", -1);
  gloss_window_flush_note (f->window);
  rows = file_annotations (f);
  g_assert_cmpstr (((GlossAnnotation *) g_ptr_array_index (rows, 0))->note, ==, "Check the spelling");

  /* Typing is saved on its own after a pause. */
  gtk_text_buffer_set_text (buffer, "Checked", -1);
  spin (900);
  waited = file_annotations (f);
  g_assert_cmpstr (((GlossAnnotation *) g_ptr_array_index (waited, 0))->note, ==, "Checked");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  spin (20);
  undone = file_annotations (f);
  g_assert_cmpstr (((GlossAnnotation *) g_ptr_array_index (undone, 0))->note, ==, "Check the spelling");
}

static void
test_codebook (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWindow *dialog = gloss_window_show_codebook (f->window);
  g_autoptr(GlossLabel) added = NULL;
  g_autoptr(GlossLabel) found = NULL;
  g_autoptr(GlossStore) store = NULL;
  GtkDropDown *dropdown = gloss_window_get_label_dropdown (f->window);

  g_assert_true (GLOSS_IS_CODEBOOK_DIALOG (dialog));
  added = gloss_codebook_dialog_add_label (GLOSS_CODEBOOK_DIALOG (dialog), "Evidence", &error);
  g_assert_no_error (error);
  spin (50);

  store = gloss_store_open (f->path, GLOSS_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  found = gloss_store_find_label_by_name (store, "evidence", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->id, ==, added->id);
  g_assert_true (gloss_colour_is_valid (found->colour));
  gloss_store_close (store);

  /* The window follows: the detail pane offers the new label. */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (dropdown)), ==, f->labels->len + 1);

  /* A duplicate name is refused with the core's reason. */
  g_assert_null (gloss_codebook_dialog_add_label (GLOSS_CODEBOOK_DIALOG (dialog), "Evidence", &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE);
  gtk_window_destroy (dialog);
}

static void
test_overlap (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *outer = annotate (f, 0, 0, 12);
  g_autofree char *inner = annotate (f, 1, 6, 16);
  GListModel *listed = gloss_window_get_annotations (f->window);
  g_autoptr(GPtrArray) at = NULL;
  g_autoptr(GPtrArray) rows = file_annotations (f);

  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (listed), ==, 2);
  at = gloss_document_view_annotations_at (gloss_window_get_document_view (f->window), 8);
  g_assert_cmpuint (at->len, ==, 2);
  g_assert_true (g_ptr_array_find_with_equal_func (at, outer, g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (at, inner, g_str_equal, NULL));
}

static void
test_broken_file (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *junk = g_build_filename (f->dir, "junk.gloss", NULL);
  GtkWindow *dialog;

  g_assert_true (g_file_set_contents (junk, "this is not a database \x01\x02\x03 at all", -1, &error));
  g_assert_false (gloss_window_open_path (f->window, junk));
  dialog = gloss_window_get_error_dialog (f->window);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Not a Gloss Project");
  /* The project that was open stays open. */
  g_assert_nonnull (gloss_window_get_store (f->window));
  gtk_window_destroy (dialog);
  g_unlink (junk);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", FALSE);
  /* The test checks English messages. */
  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(name, func) g_test_add ("/app/window/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("annotate", test_annotate);
  ADD ("delete-undo", test_delete_undo);
  ADD ("search-then-shortcut", test_search_then_shortcut);
  ADD ("relabel", test_relabel);
  ADD ("note", test_note);
  ADD ("codebook", test_codebook);
  ADD ("overlap", test_overlap);
  ADD ("broken-file", test_broken_file);
#undef ADD

  return g_test_run ();
}

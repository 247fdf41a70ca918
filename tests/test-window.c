/* test-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * UI tests of the main window under Xvfb: each drives the window the way a user's
 * action does and then checks the row in the project file through a second,
 * independent connection.
 */
#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "gloss-codebook-dialog.h"
#include "gloss-document-properties.h"
#include "gloss-document-view.h"
#include "gloss-entities.h"
#include "gloss-entity-picker.h"
#include "gloss-exchange.h"
#include "gloss-export-dialog.h"
#include "gloss-field-editor.h"
#include "gloss-fields.h"
#include "gloss-links-editor.h"
#include "gloss-relations.h"
#include "gloss-sample.h"
#include "gloss-scope.h"
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

/* ------------------------------------------------------------------------- */
/* Export, import of annotation files, sets                                  */

/* Runs the main loop until @done is set, for up to @seconds. */
static gboolean
wait_for (gboolean *done,
          guint     seconds)
{
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!*done && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  return *done;
}

typedef struct {
  gboolean  done;
  char     *path;
  int       format;
  GStrv     warnings;
} Exported;

static void
exported_cb (GlossExportDialog *dialog,
             const char        *path,
             int                format,
             char             **warnings,
             Exported          *e)
{
  e->done = TRUE;
  e->path = g_strdup (path);
  e->format = format;
  e->warnings = g_strdupv (warnings);
}

static void
exported_clear (Exported *e)
{
  g_clear_pointer (&e->path, g_free);
  g_clear_pointer (&e->warnings, g_strfreev);
  e->done = FALSE;
}

/* Opens the window's export dialog as Ctrl+E does. */
static GlossExportDialog *
open_export_dialog (Fixture *f)
{
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", NULL));
  spin (50);
  dialog = gloss_window_show_export (f->window);
  g_assert_true (GLOSS_IS_EXPORT_DIALOG (dialog));
  return GLOSS_EXPORT_DIALOG (dialog);
}

static void
select_format (GlossExportDialog *dialog,
               GlossFormat        format)
{
  AdwComboRow *row = gloss_export_dialog_get_format_row (dialog);
  guint n = g_list_model_get_n_items (adw_combo_row_get_model (row));

  for (guint i = 0; i < n; i++)
    {
      adw_combo_row_set_selected (row, i);
      if (gloss_export_dialog_get_format (dialog) == format)
        return;
    }
  g_assert_not_reached ();
}

/* The position of @title in the scope drop-down, or -1. */
static int
find_scope (GlossExportDialog *dialog,
            const char        *title)
{
  GListModel *model = adw_combo_row_get_model (gloss_export_dialog_get_scope_row (dialog));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), title) == 0)
      return i;
  return -1;
}

/* Exports through the dialog's threaded path and waits for the file. */
static char *
export_through_dialog (Fixture            *f,
                       GlossExportDialog  *dialog,
                       const char         *name,
                       Exported           *e)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  char *contents = NULL;
  gsize len = 0;

  g_signal_connect (dialog, "exported", G_CALLBACK (exported_cb), e);
  gloss_export_dialog_export_to (dialog, path);
  g_assert_true (gloss_export_dialog_is_exporting (dialog));
  g_assert_true (wait_for (&e->done, 30));
  g_assert_cmpstr (e->path, ==, path);
  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  g_unlink (path);
  return contents;
}

static void
remove_project (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

/* The sample project exported to Gloss JSON and CSV through the dialog: every
 * document and annotation of the project file is in the export. */
static void
test_export_json_csv (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *samples = g_build_filename (SOURCE_DATADIR, "samples", NULL);
  g_autofree char *sample = g_build_filename (f->dir, "Sample.gloss", NULL);
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  g_autofree char *csv = NULL;
  GlossExportDialog *dialog;
  Exported e = { 0 };
  JsonObject *root;

  g_assert_true (gloss_sample_project_create (sample, samples, "Sam Sample", &error));
  g_assert_no_error (error);
  store = gloss_store_open (sample, GLOSS_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  documents = gloss_store_list_documents (store, &error);
  annotations = gloss_store_list_annotations (store, NULL, &error);
  g_assert_no_error (error);
  gloss_store_close (store);
  g_assert_cmpuint (documents->len, >, 1);
  g_assert_cmpuint (annotations->len, >, 1);
  g_assert_true (gloss_window_open_path (f->window, sample));
  spin (100);

  /* Gloss JSON, whole project (the first scope), the default format. */
  dialog = open_export_dialog (f);
  g_assert_cmpuint (adw_combo_row_get_selected (gloss_export_dialog_get_scope_row (dialog)), ==, 0);
  g_assert_cmpint (gloss_export_dialog_get_format (dialog), ==, GLOSS_FORMAT_JSON);
  json = export_through_dialog (f, dialog, "sample-export.json", &e);
  g_assert_cmpint (e.format, ==, GLOSS_FORMAT_JSON);
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "gloss");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "documents")), ==, documents->len);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "annotations")), ==, annotations->len);
  /* The dialog closes when done; the next Ctrl+E opens a fresh one. */
  spin (50);
  exported_clear (&e);

  /* CSV with the byte order mark, shown only for CSV. */
  dialog = open_export_dialog (f);
  select_format (dialog, GLOSS_FORMAT_CSV);
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_ancestor (GTK_WIDGET (gloss_export_dialog_get_bom_switch (dialog)),
                                                                  ADW_TYPE_ACTION_ROW)));
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_ancestor (GTK_WIDGET (gloss_export_dialog_get_text_switch (dialog)),
                                                                   ADW_TYPE_ACTION_ROW)));
  gtk_switch_set_active (gloss_export_dialog_get_bom_switch (dialog), TRUE);
  csv = export_through_dialog (f, dialog, "sample-export.csv", &e);
  g_assert_cmpint (e.format, ==, GLOSS_FORMAT_CSV);
  g_assert_true (g_str_has_prefix (csv, "\xef\xbb\xbf" "document,title,start,end,quote,label,"));
  for (guint i = 0; i < annotations->len; i++)
    {
      /* The id column is followed by the entity and field columns. */
      g_autofree char *id_cell = g_strdup_printf (",%s,", ((GlossAnnotation *) annotations->pdata[i])->id);

      g_assert_nonnull (strstr (csv, id_cell));
    }
  spin (50);
  exported_clear (&e);

  g_assert_true (gloss_window_open_path (f->window, f->path));
  spin (50);
  remove_project (sample);
}

/* Cancel stops the export and leaves no file, not even a temporary one, for a
 * stream format and for a zip. */
static void
test_export_cancel (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = NULL;
  const GlossFormat formats[] = { GLOSS_FORMAT_JSON, GLOSS_FORMAT_BRAT };
  const char * const names[] = { "cancelled.json", "cancelled.zip" };

  /* Enough documents that the export is still running when Cancel is pressed. */
  gloss_window_set_store (f->window, NULL);
  store = gloss_store_open (f->path, GLOSS_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_store_begin (store, &error));
  for (guint i = 0; i < 400; i++)
    {
      g_autofree char *text = g_strdup_printf ("Report %u. %s", i, ARTICLE);
      g_autoptr(GlossDocument) d = gloss_store_add_document (store, "Report", text, NULL, "txt", NULL, &error);

      g_assert_no_error (error);
    }
  g_assert_true (gloss_store_commit (store, &error));
  gloss_store_close (store);
  g_assert_true (gloss_window_open_path (f->window, f->path));
  spin (50);

  for (guint k = 0; k < G_N_ELEMENTS (formats); k++)
    {
      g_autofree char *path = g_build_filename (f->dir, names[k], NULL);
      g_autoptr(GDir) dir = NULL;
      GlossExportDialog *dialog = open_export_dialog (f);
      Exported e = { 0 };
      gboolean idle = FALSE;
      const char *entry;

      g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
      select_format (dialog, formats[k]);
      g_signal_connect (dialog, "exported", G_CALLBACK (exported_cb), &e);
      gloss_export_dialog_export_to (dialog, path);
      g_assert_true (gloss_export_dialog_is_exporting (dialog));
      /* Escape during an export cancels it; the dialog stays to say so. */
      gtk_window_close (GTK_WINDOW (dialog));
      for (int i = 0; i < 300 && !idle && !e.done; i++)
        {
          spin (20);
          idle = !e.done && !gloss_export_dialog_is_exporting (dialog);
        }
      /* On a loaded machine the worker may finish before the cancel lands: then the
       * export must be complete and reported, never half-written or reported as
       * cancelled with a file left behind. */
      if (e.done)
        {
          g_test_message ("export %u finished before the cancel arrived", k);
          g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
          g_unlink (path);
          exported_clear (&e);
          g_assert_null (dialog);  /* a finished export closes its dialog */
          continue;
        }
      else
        {
          g_assert_true (idle);
          g_assert_true (gloss_window_show_export (f->window) == GTK_WINDOW (dialog));
          if (g_file_test (path, G_FILE_TEST_EXISTS))
            g_printerr ("DEBUG k=%u label=%s\n", k, gtk_label_get_text (GTK_LABEL (gtk_widget_get_last_child (GTK_WIDGET (dialog)))));
          g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
        }
      dir = g_dir_open (f->dir, 0, &error);
      g_assert_no_error (error);
      while ((entry = g_dir_read_name (dir)) != NULL)
        g_assert_true (g_str_has_prefix (entry, "project.gloss"));
      /* Escape when idle closes. */
      gtk_window_close (GTK_WINDOW (dialog));
      spin (50);
      g_assert_null (dialog);
    }
}

/* Keyboard: Ctrl+E opens the dialog with the Export button as the default and
 * focused (Enter exports), and Escape closes it. */
static void
test_export_keyboard (Fixture       *f,
                      gconstpointer  data)
{
  GlossExportDialog *dialog = open_export_dialog (f);
  GtkWidget *focus;
  gboolean closed = FALSE;

  spin (100);
  focus = gtk_window_get_focus (GTK_WINDOW (dialog));
  g_assert_nonnull (focus);
  g_assert_true (focus == gtk_window_get_default_widget (GTK_WINDOW (dialog)));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (focus)), ==, "_Export…");
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (f->window));

  g_signal_connect_swapped (dialog, "destroy", G_CALLBACK (g_nullify_pointer), &dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  spin (50);
  closed = dialog == NULL;
  g_assert_true (closed);
}

/* Exporting over the open project file is refused in plain words, and the project
 * is untouched. */
static void
test_export_refuses_project (Fixture       *f,
                             gconstpointer  data)
{
  GlossExportDialog *dialog = open_export_dialog (f);
  GtkWindow *error_dialog;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *id = annotate (f, 0, 0, 12);

  gloss_export_dialog_export_to (dialog, f->path);
  g_assert_false (gloss_export_dialog_is_exporting (dialog));
  error_dialog = gloss_export_dialog_get_error_dialog (dialog);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (error_dialog));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (error_dialog)), ==, "Export Failed");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (error_dialog)), "project file itself"));
  gtk_window_destroy (error_dialog);
  rows = file_annotations (f);
  g_assert_cmpuint (rows->len, ==, 1);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
wait_for_import (Fixture *f)
{
  for (int i = 0; i < 500 && gloss_window_is_importing (f->window); i++)
    spin (20);
  g_assert_false (gloss_window_is_importing (f->window));
  spin (50);
}

/* A doccano JSON Lines file dropped on the window: recognised by its content, its
 * spans land on the project's document with the same text, in the project file. */
static void
test_import_jsonl (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "spans.txt", NULL);
  g_autofree char *line = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *paths[] = { path, NULL };

  /* {"text": ..., "label": [[0, 12, "Person"], [28, 33, "Location"]]}; named .txt so
   * that only the content can tell it is not an article. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, ARTICLE);
  json_builder_set_member_name (builder, "label");
  json_builder_begin_array (builder);
  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, 0);
  json_builder_add_int_value (builder, 12);
  json_builder_add_string_value (builder, "Person");
  json_builder_end_array (builder);
  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, 28);
  json_builder_add_int_value (builder, 33);
  json_builder_add_string_value (builder, "Location");
  json_builder_end_array (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  line = json_generator_to_data (generator, NULL);
  g_assert_true (g_file_set_contents (path, line, -1, &error));
  g_assert_cmpint (gloss_exchange_sniff (path), ==, GLOSS_FORMAT_JSONL);

  gloss_window_import_paths (f->window, paths);
  wait_for_import (f);
  rows = file_annotations (f);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (((GlossAnnotation *) rows->pdata[0])->quote, ==, "Alice Moreau");
  g_assert_cmpstr (((GlossAnnotation *) rows->pdata[0])->label_id, ==, label_id (f, 0));
  g_assert_cmpstr (((GlossAnnotation *) rows->pdata[0])->document_id, ==, f->document->id);
  g_assert_cmpstr (((GlossAnnotation *) rows->pdata[1])->quote, ==, "Paris");
  g_assert_cmpstr (((GlossAnnotation *) rows->pdata[1])->label_id, ==, label_id (f, 2));
  /* The window shows them without reopening the project. */
  g_assert_cmpuint (g_list_model_get_n_items (gloss_window_get_annotations (f->window)), ==, 2);

  /* The same file again adds nothing. */
  gloss_window_import_paths (f->window, paths);
  wait_for_import (f);
  again = file_annotations (f);
  g_assert_cmpuint (again->len, ==, 2);
  g_assert_null (gloss_window_get_error_dialog (f->window));
  g_unlink (path);
}

/* W3C annotations are anchored by their quote; one that fits nowhere is reported in
 * the import notes, and the rest is imported. */
static void
test_import_w3c_notes (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "web.jsonld", NULL);
  g_autoptr(GPtrArray) rows = NULL;
  const char *paths[] = { path, NULL };
  const char *w3c =
    "{\"@context\": \"http://www.w3.org/ns/anno.jsonld\", \"type\": \"AnnotationCollection\","
    " \"first\": {\"type\": \"AnnotationPage\", \"items\": ["
    "  {\"id\": \"http://example.org/anno/1\", \"type\": \"Annotation\","
    "   \"body\": {\"type\": \"TextualBody\", \"purpose\": \"tagging\", \"value\": \"Person\"},"
    "   \"target\": {\"source\": \"http://example.org/article\","
    "                \"selector\": {\"type\": \"TextQuoteSelector\", \"exact\": \"Bob Tan\"}}},"
    "  {\"id\": \"http://example.org/anno/2\", \"type\": \"Annotation\","
    "   \"body\": {\"type\": \"TextualBody\", \"purpose\": \"tagging\", \"value\": \"Person\"},"
    "   \"target\": {\"source\": \"http://example.org/other\","
    "                \"selector\": {\"type\": \"TextQuoteSelector\", \"exact\": \"Carol Nowhere\"}}}"
    "]}}";
  GtkWindow *notes;

  g_assert_true (g_file_set_contents (path, w3c, -1, &error));
  gloss_window_import_paths (f->window, paths);
  wait_for_import (f);

  rows = file_annotations (f);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (((GlossAnnotation *) rows->pdata[0])->quote, ==, "Bob Tan");
  g_assert_cmpint (((GlossAnnotation *) rows->pdata[0])->start, ==, 17);
  notes = gloss_window_get_error_dialog (f->window);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (notes));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (notes)), ==, "Import Notes");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (notes)), "Carol Nowhere"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (notes)), "web.jsonld"));
  gtk_window_destroy (notes);
  g_unlink (path);
}

/* "Save as Set…" saves the current document with one label; the set is listed as
 * an export scope, and exporting it gives only what it covers. */
static void
test_sets (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *person = annotate (f, 0, 0, 12);
  g_autofree char *claim = annotate (f, 3, 46, 60);
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GlossSet) set = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  GlossExportDialog *dialog;
  JsonArray *annotations;
  Exported e = { 0 };
  int position;

  g_assert_nonnull (person);
  g_assert_nonnull (claim);
  g_assert_true (gloss_window_save_set (f->window, "People in the meeting", TRUE, label_id (f, 0), &error));
  g_assert_no_error (error);
  /* Names are unique. */
  g_assert_false (gloss_window_save_set (f->window, "people in the meeting", FALSE, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  store = gloss_store_open (f->path, GLOSS_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  set = gloss_set_find (store, "People in the meeting", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (set->scope->document_ids[0], ==, f->document->id);
  g_assert_null (set->scope->document_ids[1]);
  g_assert_cmpstr (set->scope->label_names[0], ==, "Person");
  gloss_store_close (store);

  dialog = open_export_dialog (f);
  g_assert_cmpint (find_scope (dialog, "Whole Project"), ==, 0);
  g_assert_cmpint (find_scope (dialog, "Current Document: “Meeting”"), ==, 1);
  position = find_scope (dialog, "Set “People in the meeting”");
  g_assert_cmpint (position, ==, 2);
  adw_combo_row_set_selected (gloss_export_dialog_get_scope_row (dialog), position);
  /* The row shows the choice as its subtitle. */
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (gloss_export_dialog_get_scope_row (dialog))), ==,
                   "Set “People in the meeting”");

  json = export_through_dialog (f, dialog, "set.json", &e);
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  annotations = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "annotations");
  g_assert_cmpuint (json_array_get_length (annotations), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (annotations, 0), "id"), ==, person);
  exported_clear (&e);
}

/* ------------------------------------------------------------------------- */
/* Sharing: Send a Copy, changes by other programs, read-only projects       */

/* A GtkLabel showing exactly @text somewhere in @widget (a toast, a banner). */
static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_label (c, text);

      if (found)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_scrolled_window (GtkWidget *widget)
{
  if (GTK_IS_SCROLLED_WINDOW (widget))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_scrolled_window (c);

      if (found)
        return found;
    }
  return NULL;
}

/* Runs the main loop until the annotations pane lists @n rows, for up to @seconds
 * (the window notices outside changes by polling once a second). */
static gboolean
wait_for_annotations (Fixture *f,
                      guint    n,
                      guint    seconds)
{
  GListModel *listed = gloss_window_get_annotations (f->window);
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_list_model_get_n_items (listed) != n && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  return g_list_model_get_n_items (listed) == n;
}

/* Send a Copy: the copy is a sound project with the annotation just made, a toast
 * names it, and a second copy to the same name is refused with a dialog. */
static void
test_send_copy (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = annotate (f, 0, 0, 12);
  g_autofree char *target = g_build_filename (f->dir, "for-rita.gloss", NULL);
  g_autoptr(GlossStore) copy = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  GtkWindow *dialog;

  gloss_window_send_copy_to (f->window, target);
  g_assert_true (gloss_window_is_copying (f->window));
  for (int i = 0; i < 500 && gloss_window_is_copying (f->window); i++)
    spin (20);
  g_assert_false (gloss_window_is_copying (f->window));
  spin (100);
  g_assert_nonnull (find_label (GTK_WIDGET (f->window), "Copy saved to “for-rita.gloss”"));

  copy = gloss_store_open (target, GLOSS_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_store_check (copy, report, &error));
  g_assert_cmpstr (report->str, ==, "");
  rows = gloss_store_list_annotations (copy, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (((GlossAnnotation *) g_ptr_array_index (rows, 0))->id, ==, id);
  g_clear_object (&copy);

  /* The same name again: refused, the copy left as it was. */
  gloss_window_send_copy_to (f->window, target);
  for (int i = 0; i < 500 && gloss_window_is_copying (f->window); i++)
    spin (20);
  dialog = gloss_window_get_error_dialog (f->window);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Could Not Send a Copy");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "already exists"));
  gtk_window_destroy (dialog);
  remove_project (target);
}

/* gloss-cli (another process) annotates and a second connection adds a document
 * while the window shows the project: the window catches up by itself, keeps the
 * shown document and the selected annotation, drops its undo steps, and says so. */
static void
test_external_change (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *mine = annotate (f, 0, 0, 12);
  g_autoptr(GlossStore) other = NULL;
  g_autoptr(GlossDocument) added = NULL;
  GlossDocumentView *view = gloss_window_get_document_view (f->window);
  const char *cli = g_getenv ("GLOSS_CLI");
  g_autofree char *start = g_strdup ("28");   /* "Paris" */
  g_autofree char *end = g_strdup ("33");

  g_assert_nonnull (mine);
  g_assert_true (gloss_undo_stack_get_can_undo (gloss_window_get_undo_stack (f->window)));
  g_assert_cmpuint (g_list_model_get_n_items (gloss_window_get_documents (f->window)), ==, 1);

  if (cli != NULL && g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      const char *argv[] = { cli, "annotate", f->path, "--document", f->document->id, "--start", start,
                             "--end", end, "--label", "Location", "--annotator", "Colleague", NULL };
      int status = -1;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                                   NULL, NULL, &status, &error));
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, &error));
      g_assert_no_error (error);
    }
  else
    {
      g_autoptr(GlossStore) writer = gloss_store_open (f->path, GLOSS_STORE_OPEN_DEFAULT, &error);
      g_autoptr(GlossAnnotation) a = NULL;

      g_test_message ("GLOSS_CLI not set: a second connection plays the other program");
      g_assert_no_error (error);
      a = gloss_store_add_annotation (writer, f->document->id, label_id (f, 2), 28, 33, NULL, "Colleague", &error);
      g_assert_no_error (error);
    }

  /* Nothing but the main loop runs from here on. */
  g_assert_true (wait_for_annotations (f, 2, 10));
  g_assert_cmpstr (gloss_document_view_get_document_id (view), ==, f->document->id);
  g_assert_cmpstr (gloss_window_get_selected_annotation_id (f->window), ==, mine);
  g_assert_false (gloss_undo_stack_get_can_undo (gloss_window_get_undo_stack (f->window)));
  {
    g_autoptr(GPtrArray) at = gloss_document_view_annotations_at (view, 30);

    g_assert_cmpuint (at->len, ==, 1);
  }
  spin (50);
  g_assert_nonnull (find_label (GTK_WIDGET (f->window), "Project updated by another program"));

  /* A document added through another connection shows up in the sidebar. */
  other = gloss_store_open (f->path, GLOSS_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  added = gloss_store_add_document (other, "Second article", "Another text about the harbour.",
                                    NULL, "txt", NULL, &error);
  g_assert_no_error (error);
  {
    GListModel *documents = gloss_window_get_documents (f->window);
    gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (g_list_model_get_n_items (documents) != 2 && g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
    g_assert_cmpuint (g_list_model_get_n_items (documents), ==, 2);
  }
  g_assert_cmpstr (gloss_document_view_get_document_id (view), ==, f->document->id);
  g_assert_cmpstr (gloss_window_get_selected_annotation_id (f->window), ==, mine);

  /* The window's own edits are no outside change: no reload, undo stays. */
  {
    g_autofree char *again = annotate (f, 1, 17, 24);
    gint64 until = g_get_monotonic_time () + 2500 * 1000;

    g_assert_nonnull (again);
    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
    g_assert_true (gloss_undo_stack_get_can_undo (gloss_window_get_undo_stack (f->window)));
    g_assert_cmpstr (gloss_window_get_selected_annotation_id (f->window), ==, again);
  }
}

/* The reading position survives a refresh: a long article scrolled to the middle
 * stays there when another program annotates it. */
static void
test_external_change_keeps_place (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GlossStore) other = gloss_store_open (f->path, GLOSS_STORE_OPEN_DEFAULT, &error);
  g_autoptr(GlossDocument) long_doc = NULL;
  g_autoptr(GlossAnnotation) a = NULL;
  GtkAdjustment *adjustment;
  GtkWidget *scrolled;
  double before;

  g_assert_no_error (error);
  for (int i = 0; i < 300; i++)
    g_string_append_printf (text, "Paragraph %d of a long report on the harbour strike.\n\n", i);
  long_doc = gloss_store_add_document (other, "Long report", text->str, NULL, "txt", NULL, &error);
  g_assert_no_error (error);
  {
    GListModel *documents = gloss_window_get_documents (f->window);
    gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (g_list_model_get_n_items (documents) != 2 && g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
    g_assert_cmpuint (g_list_model_get_n_items (documents), ==, 2);
  }
  g_assert_true (gloss_window_select_document (f->window, long_doc->id));
  spin (300);

  scrolled = find_scrolled_window (GTK_WIDGET (gloss_window_get_document_view (f->window)));
  g_assert_nonnull (scrolled);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, 3 * gtk_adjustment_get_page_size (adjustment));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) / 2);
  spin (200);
  before = gtk_adjustment_get_value (adjustment);
  g_assert_cmpfloat (before, >, 0);

  a = gloss_store_add_annotation (other, long_doc->id, label_id (f, 3), 0, 9, NULL, "Colleague", &error);
  g_assert_no_error (error);
  g_assert_true (wait_for_annotations (f, 1, 10));
  spin (300);
  g_assert_cmpstr (gloss_document_view_get_document_id (gloss_window_get_document_view (f->window)), ==,
                   long_doc->id);
  g_assert_cmpfloat (ABS (gtk_adjustment_get_value (adjustment) - before), <, 1.0);
}

/* A project on a (pretended) network share opens read-only: the banner says why and
 * offers Send a Copy, and annotating adds no row. */
static void
test_read_only_network (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  GtkLabel *banner = gloss_window_get_banner_label (f->window);
  GtkWidget *revealer = gtk_widget_get_ancestor (GTK_WIDGET (banner), GTK_TYPE_REVEALER);
  GlossDocumentView *view = gloss_window_get_document_view (f->window);
  const char *text;

  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));

  g_setenv ("GLOSS_TEST_PRETEND_NETWORK_FS", "1", TRUE);
  g_assert_true (gloss_window_open_path (f->window, f->path));
  g_unsetenv ("GLOSS_TEST_PRETEND_NETWORK_FS");
  spin (300);

  g_assert_true (gloss_store_is_read_only (gloss_window_get_store (f->window)));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (banner)));
  text = gtk_label_get_text (banner);
  g_assert_nonnull (strstr (text, "open for reading only"));
  g_assert_nonnull (strstr (text, "network share"));
  g_assert_nonnull (strstr (text, "send a copy"));

  /* What the label popover or a shortcut key would ask for. */
  gloss_document_view_set_selection (view, 0, 12);
  spin (20);
  g_signal_emit_by_name (view, "create-annotation", label_id (f, 0), (gint64) 0, (gint64) 12);
  spin (50);
  rows = file_annotations (f);
  g_assert_cmpuint (rows->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (gloss_window_get_annotations (f->window)), ==, 0);
  /* Sending a copy is what the banner offers, and it works read-only. */
  {
    const char *target_name = "local.gloss";
    g_autofree char *target = g_build_filename (f->dir, target_name, NULL);

    gloss_window_send_copy_to (f->window, target);
    for (int i = 0; i < 500 && gloss_window_is_copying (f->window); i++)
      spin (20);
    g_assert_true (g_file_test (target, G_FILE_TEST_IS_REGULAR));
    remove_project (target);
  }
}

/* Opened with GLOSS_STORE_OPEN_READ_ONLY: the banner gives the store's reason. */
static void
test_read_only_flag (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_store_open (f->path, GLOSS_STORE_OPEN_READ_ONLY, &error);
  g_autoptr(GPtrArray) rows = NULL;
  GtkLabel *banner = gloss_window_get_banner_label (f->window);
  GtkWidget *revealer = gtk_widget_get_ancestor (GTK_WIDGET (banner), GTK_TYPE_REVEALER);
  GlossDocumentView *view = gloss_window_get_document_view (f->window);

  g_assert_no_error (error);
  gloss_window_set_store (f->window, store);
  spin (300);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  g_assert_cmpstr (gtk_label_get_text (banner), ==, "This project is open for reading only: it was opened for reading only");

  g_signal_emit_by_name (view, "create-annotation", label_id (f, 0), (gint64) 0, (gint64) 12);
  spin (50);
  rows = file_annotations (f);
  g_assert_cmpuint (rows->len, ==, 0);
  g_assert_false (gloss_undo_stack_get_can_undo (gloss_window_get_undo_stack (f->window)));
}

/* ------------------------------------------------------------------------- */
/* Analyst tradecraft in the detail pane                                     */

/* A second connection that reads what the window committed. */
static GlossStore *
file_store (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GlossStore *store = gloss_store_open (f->path, GLOSS_STORE_OPEN_READ_ONLY, &error);

  g_assert_no_error (error);
  return store;
}

static char *
file_field_value (Fixture    *f,
                  const char *annotation_id,
                  const char *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = file_store (f);
  char *value = gloss_store_dup_field_value (store, annotation_id, field, &error);

  g_assert_no_error (error);
  gloss_store_close (store);
  return value;
}

static GlossAnnotation *
file_annotation (Fixture    *f,
                 const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = file_store (f);
  GlossAnnotation *a = gloss_store_get_annotation (store, id, &error);

  g_assert_no_error (error);
  gloss_store_close (store);
  return a;
}

static GlossFieldEditor *
field_editor (Fixture *f)
{
  return GLOSS_FIELD_EDITOR (gloss_window_get_field_editor (f->window));
}

static GlossLinksEditor *
links_editor (Fixture *f)
{
  return GLOSS_LINKS_EDITOR (gloss_window_get_links_editor (f->window));
}

/* The picker row whose title is @title, activated as a click does. */
static void
activate_picker_row (GlossEntityPicker *picker,
                     const char        *query,
                     const char        *entity_id,
                     gboolean           create)
{
  GtkListBox *list = gloss_entity_picker_get_list (picker);

  gloss_entity_picker_set_query (picker, query);
  for (int i = 0; gtk_list_box_get_row_at_index (list, i) != NULL; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);
      const char *id = g_object_get_data (G_OBJECT (row), "gloss-entity-id");
      const char *new_label = g_object_get_data (G_OBJECT (row), "gloss-new-label-id");

      if ((create && new_label != NULL) || (!create && g_strcmp0 (id, entity_id) == 0))
        {
          g_signal_emit_by_name (list, "row-activated", row);
          spin (20);
          return;
        }
    }
  g_assert_not_reached ();
}

static guint
dropdown_position (GtkDropDown *dropdown,
                   const char  *value)
{
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), value) == 0)
      return i;
  g_assert_not_reached ();
}

/* A claim with fields: likelihood from its drop-down, the speaker from the entity
 * picker (a mention made first is linked to a new entity), undone with Ctrl+Z. */
static void
test_claim_fields (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *person = annotate (f, 0, 0, 12);
  g_autofree char *claim = NULL;
  g_autoptr(GlossAnnotation) mention = file_annotation (f, person);
  g_autofree char *likelihood = NULL;
  g_autofree char *speaker = NULL;
  g_autofree char *undone = NULL;
  g_autofree char *redone = NULL;
  GtkDropDown *dropdown;

  /* The mention is linked to a new entity of its name, shown in the pane. */
  g_assert_nonnull (mention->entity_id);
  g_assert_cmpstr (gloss_field_editor_get_entity_text (field_editor (f)), ==, "Alice Moreau");

  claim = annotate (f, 3, 46, 96);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (field_editor (f))));
  dropdown = GTK_DROP_DOWN (gloss_field_editor_get_input (field_editor (f), "likelihood"));
  g_assert_true (GTK_IS_DROP_DOWN (dropdown));
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, 0);   /* not set */
  gtk_drop_down_set_selected (dropdown, dropdown_position (dropdown, "likely"));
  spin (20);
  likelihood = file_field_value (f, claim, "likelihood");
  g_assert_cmpstr (likelihood, ==, "likely");

  activate_picker_row (gloss_field_editor_get_picker (field_editor (f), "speaker"), "alice moreau",
                       mention->entity_id, FALSE);
  speaker = file_field_value (f, claim, "speaker");
  g_assert_cmpstr (speaker, ==, mention->entity_id);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_menu_button_get_child (GTK_MENU_BUTTON (
                     gloss_field_editor_get_input (field_editor (f), "speaker"))))), ==, "Alice Moreau");

  /* Ctrl+Z undoes the speaker, then the likelihood; the inputs follow. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  spin (20);
  undone = file_field_value (f, claim, "likelihood");
  g_assert_null (undone);
  g_assert_cmpstr (gloss_window_get_selected_annotation_id (f->window), ==, claim);
  dropdown = GTK_DROP_DOWN (gloss_field_editor_get_input (field_editor (f), "likelihood"));
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.redo", NULL));
  spin (20);
  redone = file_field_value (f, claim, "likelihood");
  g_assert_cmpstr (redone, ==, "likely");
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, dropdown_position (dropdown, "likely"));
}

/* A risk's likelihood and impact from their steps; the score follows, derived. A
 * text the core refuses shows its message under the input and is not stored. */
static void
test_risk_score (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *risk = annotate (f, 4, 50, 64);
  GtkWidget *likelihood = gloss_field_editor_get_input (field_editor (f), "likelihood");
  GtkWidget *impact = gloss_field_editor_get_input (field_editor (f), "impact");
  g_autofree char *stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossLabel) risk_label = NULL;
  g_autoptr(GlossField) def = gloss_field_new ();
  g_autoptr(GlossField) added = NULL;
  GtkWidget *entry;

  g_assert_nonnull (likelihood);
  g_assert_cmpstr (gloss_field_editor_get_score_text (field_editor (f)), ==, "Set likelihood and impact");
  /* The last step of likelihood and the third of impact: 5 × 3 = 15. */
  g_signal_emit_by_name (gtk_widget_get_last_child (gtk_widget_get_first_child (likelihood)), "clicked");
  for (GtkWidget *c = gtk_widget_get_first_child (gtk_widget_get_first_child (impact)); c; c = gtk_widget_get_next_sibling (c))
    if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (c)), "3") == 0)
      g_signal_emit_by_name (c, "clicked");
  spin (20);
  stored = file_field_value (f, risk, "impact");
  g_assert_cmpstr (stored, ==, "3");
  g_assert_cmpstr (gloss_field_editor_get_score_text (field_editor (f)), ==, "15 · high");

  /* A date field added to Risk: a wrong date is refused inline. */
  risk_label = gloss_store_get_label (gloss_window_get_store (f->window), label_id (f, 4), &error);
  g_assert_no_error (error);
  def->name = g_strdup ("review by");
  def->type = g_strdup (GLOSS_FIELD_TYPE_DATE);
  added = gloss_store_add_field (gloss_window_get_store (f->window), risk_label->id, def, &error);
  g_assert_no_error (error);
  spin (20);
  gloss_window_select_annotation (f->window, NULL);
  gloss_window_select_annotation (f->window, risk);
  spin (20);
  entry = gloss_field_editor_get_input (field_editor (f), "review by");
  g_assert_true (GTK_IS_ENTRY (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), "2025-02-30");
  g_signal_emit_by_name (entry, "activate");
  spin (20);
  g_assert_nonnull (gloss_field_editor_get_error (field_editor (f), "review by"));
  g_assert_nonnull (strstr (gloss_field_editor_get_error (field_editor (f), "review by"), "review by"));
  g_clear_pointer (&stored, g_free);
  stored = file_field_value (f, risk, "review by");
  g_assert_null (stored);
  gtk_editable_set_text (GTK_EDITABLE (entry), "2025-03-01");
  g_signal_emit_by_name (entry, "activate");
  spin (20);
  g_assert_null (gloss_field_editor_get_error (field_editor (f), "review by"));
  stored = file_field_value (f, risk, "review by");
  g_assert_cmpstr (stored, ==, "2025-03-01");
}

/* A mention of a name the register has (by an alias) is linked to that entity;
 * the analyst relinks it with the picker, and undo puts the link back. */
static void
test_entity_link (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossEntity) bob = NULL;
  g_autoptr(GlossAnnotation) linked = NULL;
  g_autoptr(GlossAnnotation) unlinked = NULL;
  g_autoptr(GlossAnnotation) relinked = NULL;
  g_autoptr(GlossAnnotation) created = NULL;
  g_autofree char *id = NULL;
  const char *aliases[] = { "Bob Tan", NULL };

  bob = gloss_store_add_entity (gloss_window_get_store (f->window), "Robert Tan", label_id (f, 0),
                                aliases, NULL, NULL, &error);
  g_assert_no_error (error);
  id = annotate (f, 0, 17, 24);
  linked = file_annotation (f, id);
  g_assert_cmpstr (linked->entity_id, ==, bob->id);
  g_assert_cmpstr (gloss_field_editor_get_entity_text (field_editor (f)), ==, "Robert Tan");

  /* "No Entity" unlinks; undo links again. */
  activate_picker_row (gloss_field_editor_get_picker (field_editor (f), NULL), "", NULL, FALSE);
  unlinked = file_annotation (f, id);
  g_assert_null (unlinked->entity_id);
  g_assert_cmpstr (gloss_field_editor_get_entity_text (field_editor (f)), ==, "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  spin (20);
  relinked = file_annotation (f, id);
  g_assert_cmpstr (relinked->entity_id, ==, bob->id);
  g_assert_cmpstr (gloss_field_editor_get_entity_text (field_editor (f)), ==, "Robert Tan");

  /* "Create “NAME”" makes a new entity and links the mention to it. */
  activate_picker_row (gloss_field_editor_get_picker (field_editor (f), NULL), "Bobby Tan", NULL, TRUE);
  created = file_annotation (f, id);
  g_assert_nonnull (created->entity_id);
  g_assert_cmpstr (created->entity_id, !=, bob->id);
  g_assert_cmpstr (gloss_field_editor_get_entity_text (field_editor (f)), ==, "Bobby Tan");
}

static guint
file_relation_count (Fixture    *f,
                     const char *annotation_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = file_store (f);
  g_autoptr(GPtrArray) relations = gloss_store_list_relations (store, annotation_id, &error);

  g_assert_no_error (error);
  gloss_store_close (store);
  return relations->len;
}

/* Linking a claim to its speaker: shown on both ends, navigable, deletable and
 * undoable; and picked by a click in the text. */
static void
test_links (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *person = annotate (f, 0, 0, 12);
  g_autofree char *other = annotate (f, 0, 17, 24);
  g_autofree char *claim = annotate (f, 3, 46, 96);
  g_autoptr(GlossRelationType) attributed = NULL;
  g_autofree char *text = NULL;
  g_autofree char *back = NULL;
  g_autofree char *relation_id = NULL;
  GtkListBox *list;

  attributed = gloss_store_find_relation_type (gloss_window_get_store (f->window), "attributed to", &error);
  g_assert_no_error (error);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (links_editor (f))));
  g_assert_true (gloss_links_editor_add_link (links_editor (f), attributed->id, FALSE, person, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (file_relation_count (f, claim), ==, 1);
  text = gloss_links_editor_dup_row_text (links_editor (f), 0);
  g_assert_cmpstr (text, ==, "attributed to “Alice Moreau”");

  /* The same link twice is the core's DUPLICATE. */
  g_assert_false (gloss_links_editor_add_link (links_editor (f), attributed->id, FALSE, person, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);

  /* Clicking the row goes to the other end, which shows the link backwards. */
  list = gloss_links_editor_get_list (links_editor (f));
  g_signal_emit_by_name (list, "row-activated", gtk_list_box_get_row_at_index (list, 0));
  spin (50);
  g_assert_cmpstr (gloss_window_get_selected_annotation_id (f->window), ==, person);
  back = gloss_links_editor_dup_row_text (links_editor (f), 0);
  g_assert_cmpstr (back, ==, "source of “The harbour strike continued into its second week.”");

  /* Deleted from that end, and back with undo. */
  relation_id = g_strdup (g_object_get_data (G_OBJECT (gtk_list_box_get_row_at_index (list, 0)), "gloss-relation-id"));
  g_assert_true (gloss_links_editor_delete_link (links_editor (f), relation_id, &error));
  g_assert_cmpuint (file_relation_count (f, claim), ==, 0);
  g_assert_null (gtk_list_box_get_row_at_index (list, 0));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  spin (20);
  g_assert_cmpuint (file_relation_count (f, claim), ==, 1);
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 0));

  /* Pick in text: the next annotation clicked in the article is the target. */
  gloss_window_select_annotation (f->window, claim);
  spin (20);
  gloss_links_editor_begin_picking (links_editor (f), attributed->id, FALSE);
  g_assert_true (gloss_links_editor_get_picking (links_editor (f)));
  g_signal_emit_by_name (gloss_window_get_document_view (f->window), "annotation-activated", other);
  spin (20);
  g_assert_false (gloss_links_editor_get_picking (links_editor (f)));
  g_assert_cmpuint (file_relation_count (f, other), ==, 1);
  g_assert_cmpuint (file_relation_count (f, claim), ==, 2);
  g_assert_cmpstr (gloss_window_get_selected_annotation_id (f->window), ==, claim);
}

/* The source line above the article: TLP marking and reliability, checked by the core. */
static void
test_document_properties (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GlossDocumentProperties *props = GLOSS_DOCUMENT_PROPERTIES (gloss_window_get_document_properties (f->window));
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GlossDocument) document = NULL;

  g_assert_cmpstr (gloss_document_properties_get_marking (props), ==, "");
  g_assert_cmpstr (gloss_document_properties_get_summary (props), ==, "Add source details…");
  g_assert_true (gloss_document_properties_apply (props, "tlp", "amber", &error));
  g_assert_no_error (error);
  g_assert_true (gloss_document_properties_apply (props, "reliability", "B", &error));
  g_assert_true (gloss_document_properties_apply (props, "publisher", "Harbour Gazette", &error));
  g_assert_cmpstr (gloss_document_properties_get_marking (props), ==, "TLP:AMBER");
  g_assert_cmpstr (gloss_document_properties_get_summary (props), ==, "Reliability B · Harbour Gazette");

  g_assert_false (gloss_document_properties_apply (props, "published", "2024-13-01", &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);

  store = file_store (f);
  document = gloss_store_get_document (store, f->document->id, NULL);
  g_assert_cmpstr (document->tlp, ==, "AMBER");
  g_assert_cmpstr (document->reliability, ==, "B");
  g_assert_null (document->published);
  gloss_store_close (store);
}

/* Fields in the codebook editor: added (a choice with its options), renamed, and
 * shown at once in the detail pane of an annotation of that label. */
static void
test_codebook_fields (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *claim = annotate (f, 3, 46, 96);
  GtkWindow *dialog = gloss_window_show_codebook (f->window);
  g_autoptr(GlossField) added = NULL;
  g_autoptr(GlossField) found = NULL;
  g_autoptr(GlossField) renamed = NULL;
  g_autoptr(GlossStore) store = NULL;
  GtkWidget *input;

  added = gloss_codebook_dialog_add_field (GLOSS_CODEBOOK_DIALOG (dialog), label_id (f, 3), "source count",
                                           GLOSS_FIELD_TYPE_CHOICE, "one, two, three or more", &error);
  g_assert_no_error (error);
  spin (50);
  store = file_store (f);
  found = gloss_store_find_field (store, label_id (f, 3), "Source Count", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->type, ==, "choice");
  g_assert_cmpuint (found->options->len, ==, 3);
  g_assert_cmpstr (((GlossFieldOption *) g_ptr_array_index (found->options, 2))->value, ==, "three or more");

  /* The detail pane of the claim has an input for it now. */
  gloss_window_select_annotation (f->window, NULL);
  gloss_window_select_annotation (f->window, claim);
  spin (20);
  input = gloss_field_editor_get_input (field_editor (f), "source count");
  g_assert_true (GTK_IS_DROP_DOWN (input));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (input))), ==, 4);

  /* A choice without options is the core's error, shown as it words it. */
  g_assert_null (gloss_codebook_dialog_add_field (GLOSS_CODEBOOK_DIALOG (dialog), label_id (f, 3), "empty",
                                                  GLOSS_FIELD_TYPE_CHOICE, " , ", &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* The field's name entry in the expanded label renames it. */
  gloss_codebook_dialog_show_fields (GLOSS_CODEBOOK_DIALOG (dialog), label_id (f, 3), TRUE);
  {
    GtkWidget *entry = NULL;
    g_autofree char *key = g_strconcat ("field-name:", added->id, NULL);
    GtkWidget *stack[64];
    int top = 0;

    stack[top++] = GTK_WIDGET (dialog);
    while (top > 0 && entry == NULL)
      {
        GtkWidget *w = stack[--top];

        if (g_strcmp0 (g_object_get_data (G_OBJECT (w), "gloss-focus-key"), key) == 0)
          entry = w;
        for (GtkWidget *c = gtk_widget_get_first_child (w); c && top < 64; c = gtk_widget_get_next_sibling (c))
          stack[top++] = c;
      }
    g_assert_nonnull (entry);
    gtk_editable_set_text (GTK_EDITABLE (entry), "sources");
    g_signal_emit_by_name (entry, "activate");
  }
  spin (50);
  renamed = gloss_store_find_field (store, label_id (f, 3), added->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (renamed->name, ==, "sources");
  gloss_store_close (store);
  gtk_window_destroy (dialog);
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
  ADD ("export-json-csv", test_export_json_csv);
  ADD ("export-cancel", test_export_cancel);
  ADD ("export-keyboard", test_export_keyboard);
  ADD ("export-refuses-project", test_export_refuses_project);
  ADD ("import-jsonl", test_import_jsonl);
  ADD ("import-w3c-notes", test_import_w3c_notes);
  ADD ("sets", test_sets);
  ADD ("send-copy", test_send_copy);
  ADD ("external-change", test_external_change);
  ADD ("external-change-keeps-place", test_external_change_keeps_place);
  ADD ("read-only-network", test_read_only_network);
  ADD ("read-only-flag", test_read_only_flag);
  ADD ("claim-fields", test_claim_fields);
  ADD ("risk-score", test_risk_score);
  ADD ("entity-link", test_entity_link);
  ADD ("links", test_links);
  ADD ("document-properties", test_document_properties);
  ADD ("codebook-fields", test_codebook_fields);
#undef ADD

  return g_test_run ();
}

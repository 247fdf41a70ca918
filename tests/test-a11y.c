/* test-a11y.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every control has a name a screen reader can speak. The test opens the sample
 * project in the main window and then, one after another, every window the main
 * window's actions open, every dialog and every popover of a menu button, the
 * label popover and the find bar, and the detail pane for each kind of annotation;
 * after each step tests/a11y-names.py reads the process's accessibility tree over
 * AT-SPI, as Orca does, and fails on any control named nothing, a class name
 * ("GtkImage") or its label twice ("_Open Open").
 *
 * Needs the accessibility bus (at-spi2-core) and python3-pyatspi; skips, saying
 * so, when they are missing.
 */
#define G_LOG_DOMAIN "test-a11y"

#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "gloss-accessible.h"
#include "gloss-conflict-dialog.h"
#include "gloss-conflicts.h"
#include "gloss-application.h"
#include "gloss-document-view.h"
#include "gloss-merge-dialog.h"
#include "gloss-preferences-window.h"
#include "gloss-sample.h"
#include "gloss-share.h"
#include "gloss-store.h"
#include "gloss-annotation-item.h"
#include "gloss-window.h"
#include "gloss-window-private.h"
#include "window-wait.h"

#define CHECK_TIMEOUT_S 180

typedef struct {
  char        *dir;
  char        *path;
  GlossWindow *window;
  guint        n_checks;
  guint        n_controls;
  guint        n_toolkit_findings;
  GString     *walked;
} Fixture;

typedef struct {
  gboolean  done;
  char     *out;
  int       status;
} Check;

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  Check *check = data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &check->out, NULL, &error);
  g_assert_no_error (error);
  check->status = g_subprocess_get_exit_status (G_SUBPROCESS (source));
  check->done = TRUE;
}

static gboolean
check_is_done (gpointer data)
{
  return ((Check *) data)->done;
}

/* Reads the accessibility tree of this process as it is now: every window shown. */
static void
check_names_of (Fixture    *f,
                const char *what,
                gboolean    ours)
{
  g_autofree char *script = g_build_filename (SOURCE_DATADIR, "..", "tests", "a11y-names.py", NULL);
  g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  Check check = { 0 };
  const char *line;
  guint n = 0;

  wait_quiet ();
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error,
                              "/usr/bin/python3", script, pid, NULL);
  g_assert_no_error (error);
  /* The main loop runs meanwhile: the script's questions are answered by it. */
  g_subprocess_communicate_utf8_async (process, NULL, NULL, check_done_cb, &check);
  g_assert_true (wait_until (check_is_done, &check, CHECK_TIMEOUT_S));

  line = strstr (check.out, "checked ");
  if (line != NULL)
    n = (guint) g_ascii_strtoull (line + strlen ("checked "), NULL, 10);
  g_test_message ("%s: %s", what, line ? line : check.out);
  f->n_checks++;
  f->n_controls += n;
  g_string_append_printf (f->walked, "%s%s (%u)", f->walked->len ? "; " : "", what, n);
  if (check.status != 0 && !ours)
    {
      /* A window GTK or libadwaita builds whole (keyboard shortcuts, About): what
       * is wrong in it is theirs to fix, and is reported, not failed. */
      g_test_message ("%s, built by the toolkit; its findings:\n%s", what, check.out);
      g_print ("# %s (toolkit window, reported only):\n%s", what, check.out);
      f->n_toolkit_findings++;
    }
  else if (check.status != 0)
    {
      g_test_message ("%s", check.out);
      g_test_fail_printf ("%s: controls without a usable name:\n%s", what, check.out);
    }
  g_assert_cmpuint (n, >, 0);
  g_free (check.out);
}

static void
check_names (Fixture    *f,
             const char *what)
{
  check_names_of (f, what, TRUE);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *samples = g_build_filename (SOURCE_DATADIR, "samples", NULL);

  g_settings_set_string (settings, "analyst-name", "Tess Tester");
  f->dir = g_dir_make_tmp ("gloss-test-a11y-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "Sample.gloss", NULL);
  g_assert_true (gloss_sample_project_create (f->path, samples, "Sam Sample", &error));
  g_assert_no_error (error);
  f->walked = g_string_new (NULL);

  f->window = gloss_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 700);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (gloss_window_open_path (f->window, f->path));
  wait_quiet ();
}

static void
remove_project (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  wait_quiet ();
  remove_project (f->path);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
  g_string_free (f->walked, TRUE);
}

static gboolean
has_pyatspi (void)
{
  const char *argv[] = { "/usr/bin/python3", "-c", "import pyatspi", NULL };
  int status = -1;

  return g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, NULL, NULL, &status, NULL) && status == 0;
}

static void
collect_menu_buttons (GtkWidget *root,
                      GPtrArray *found)
{
  if (GTK_IS_MENU_BUTTON (root) && gtk_widget_is_visible (root))
    g_ptr_array_add (found, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_menu_buttons (child, found);
}

static gboolean
popover_shown (gpointer data)
{
  GtkPopover *popover = gtk_menu_button_get_popover (data);

  return popover != NULL && gtk_widget_get_mapped (GTK_WIDGET (popover));
}

/* Opens the popover of every menu button in @window, one at a time. */
static void
check_popovers (Fixture    *f,
                GtkWidget  *window,
                const char *where)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect_menu_buttons (window, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkMenuButton *button = buttons->pdata[i];
      g_autofree char *what = NULL;
      const char *tooltip = gtk_widget_get_tooltip_text (GTK_WIDGET (button));

      if (!gtk_widget_get_mapped (GTK_WIDGET (button)))
        continue;
      gtk_menu_button_popup (button);
      if (!wait_until (popover_shown, button, WAIT_TIMEOUT_S))
        continue;
      what = g_strdup_printf ("%s: popover of %s", where,
                              tooltip ? tooltip : gtk_menu_button_get_label (button) ? gtk_menu_button_get_label (button) : "a menu button");
      check_names (f, what);
      gtk_menu_button_popdown (button);
      wait_quiet ();
    }
}

/* The actions that would leave the window, open GTK's own file chooser (not ours to
 * name) or change the project rather than show something. */
static gboolean
action_is_skipped (const char *name)
{
  const char *skipped[] = {
    "win.close", "win.undo", "win.redo", "win.delete-annotation", "win.new-project",
    "win.open-project", "win.open-sample", "win.import", "win.send-copy", "win.merge",
    "win.paste-document", "win.toggle-panes",
  };

  for (guint i = 0; i < G_N_ELEMENTS (skipped); i++)
    if (g_strcmp0 (name, skipped[i]) == 0)
      return TRUE;
  return FALSE;
}

static GPtrArray *
new_toplevels (GList *before)
{
  g_autoptr(GList) now = gtk_window_list_toplevels ();
  GPtrArray *added = g_ptr_array_new ();

  for (GList *l = now; l != NULL; l = l->next)
    if (g_list_find (before, l->data) == NULL && gtk_widget_get_visible (l->data))
      g_ptr_array_add (added, l->data);
  return added;
}

static void
select_annotation_of_label (Fixture    *f,
                            const char *label)
{
  GListModel *annotations = gloss_window_get_annotations (f->window);

  for (guint i = 0; i < g_list_model_get_n_items (annotations); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (annotations, i);
      g_autofree char *name = NULL;
      g_autofree char *id = NULL;

      g_object_get (item, "label-name", &name, "id", &id, NULL);
      if (g_strcmp0 (name, label) == 0)
        {
          g_assert_true (gloss_window_select_annotation (f->window, id));
          wait_quiet ();
          return;
        }
    }
  g_test_message ("the sample has no %s annotation in its first document", label);
}

/* Whether the window's list shows annotation @id with a conflict mark. */
static gboolean
listed_has_conflict (Fixture    *f,
                     const char *id)
{
  GListModel *listed = gloss_window_get_annotations (f->window);

  for (guint i = 0; i < g_list_model_get_n_items (listed); i++)
    {
      g_autoptr(GlossAnnotationItem) item = g_list_model_get_item (listed, i);

      if (g_strcmp0 (gloss_annotation_item_get_annotation (item)->id, id) == 0)
        return gloss_annotation_item_get_has_conflict (item);
    }
  return FALSE;
}

static void
test_names (Fixture       *f,
            gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  GlossDocumentView *view = gloss_window_get_document_view (f->window);
  const char *kinds[] = { "Claim", "Risk", "Person", "Organization", "Location" };
  GtkWidgetClass *klass = GTK_WIDGET_GET_CLASS (window);
  const char *action = NULL;
  const GVariantType *parameter = NULL;
  const char *property = NULL;
  GType owner = G_TYPE_INVALID;

  if (!has_pyatspi ())
    {
      g_test_skip ("python3-pyatspi is not installed (tools/deps.sh --test installs it)");
      return;
    }

  check_names (f, "main window");
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *what = g_strdup_printf ("main window, %s selected", kinds[i]);

      select_annotation_of_label (f, kinds[i]);
      check_names (f, what);
    }
  check_popovers (f, window, "main window");

  /* The label popover over a selection, and the find bar. */
  gloss_document_view_set_selection (view, 0, 5);
  wait_quiet ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "document.show-labels", NULL));
  check_names (f, "label popover");
  gloss_document_view_set_selection (view, 0, 0);
  wait_quiet ();

  /* The caret inside a highlight: the text's description names its label. */
  {
    GListModel *annotations = gloss_window_get_annotations (f->window);
    g_autoptr(GObject) item = g_list_model_get_item (annotations, 0);
    g_autofree char *id = NULL, *label = NULL, *described = NULL;
    gint64 start = -1, end = -1;

    g_assert_nonnull (item);
    g_object_get (item, "id", &id, "label-name", &label, NULL);
    g_autoptr(GlossAnnotation) annotation = gloss_store_get_annotation (gloss_window_get_store (f->window), id, NULL);

    g_assert_nonnull (annotation);
    start = annotation->start;
    end = annotation->end;
    g_assert_cmpint (end, >, start + 1);
    gloss_document_view_set_selection (view, start + 1, start + 1);
    wait_quiet ();
    described = gloss_document_view_describe_position (view, start + 1);
    g_assert_nonnull (described);
    g_assert_nonnull (strstr (described, label));
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "document.search", NULL));
  check_names (f, "find bar");

  /* Every window and dialog the main window's actions open. */
  for (guint i = 0; gtk_widget_class_query_action (klass, i, &owner, &action, &parameter, &property); i++)
    {
      g_autoptr(GList) before = NULL;
      g_autoptr(GPtrArray) added = NULL;
      g_autofree char *what = NULL;

      if (parameter != NULL || action_is_skipped (action) || !g_str_has_prefix (action, "win."))
        continue;
      select_annotation_of_label (f, "Claim");
      before = gtk_window_list_toplevels ();
      g_assert_true (gtk_widget_activate_action (window, action, NULL));
      wait_quiet ();
      added = new_toplevels (before);
      what = g_strdup_printf ("%s (%u new window%s)", action, added->len, added->len == 1 ? "" : "s");
      check_names (f, what);
      for (guint j = 0; j < added->len; j++)
        {
          g_autofree char *where = g_strdup_printf ("%s window", action);

          check_popovers (f, added->pdata[j], where);
          gtk_window_destroy (added->pdata[j]);
        }
      wait_quiet ();
    }

  /* The merge dialog with a report: a copy of the project merged in. */
  {
    g_autofree char *copy = g_build_filename (f->dir, "Copy.gloss", NULL);
    g_autofree char *samples = g_build_filename (SOURCE_DATADIR, "samples", NULL);
    g_autoptr(GError) error = NULL;
    GlossMergeDialog *merge;

    g_assert_true (gloss_sample_project_create (copy, samples, "Cora Copy", &error));
    merge = gloss_merge_dialog_new (GTK_WINDOW (f->window), gloss_window_get_store (f->window));
    gloss_merge_dialog_merge_path (merge, copy);
    WAIT_FOR (!gloss_merge_dialog_is_merging (merge));
    check_names (f, "merge dialog with its report");
    gtk_window_destroy (GTK_WINDOW (merge));
    remove_project (copy);
  }

  /* The Resolve Conflict dialog with a conflict in it: a copy and the project change
   * the selected annotation's note differently, and the copy is merged in. (The loop
   * above opened it on an annotation without conflicts, with no choices in it.) */
  {
    g_autofree char *copy_path = g_build_filename (f->dir, "Colleague.gloss", NULL);
    g_autofree char *annotation = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GlossStore) reader = NULL;
    g_autoptr(GlossStore) copy = NULL;
    g_autoptr(GList) before = NULL;
    g_autoptr(GPtrArray) added = NULL;
    GlossStore *store = gloss_window_get_store (f->window);
    GlossMergeDialog *merge;

    select_annotation_of_label (f, "Claim");
    annotation = g_strdup (gloss_window_get_selected_annotation_id (f->window));
    g_assert_nonnull (annotation);
    reader = gloss_store_open (f->path, GLOSS_STORE_OPEN_READ_ONLY, &error);
    g_assert_no_error (error);
    g_assert_true (gloss_share_snapshot (reader, copy_path, &error));
    g_assert_no_error (error);
    gloss_store_close (reader);
    copy = gloss_store_open (copy_path, GLOSS_STORE_OPEN_DEFAULT, &error);
    g_assert_no_error (error);
    gloss_store_set_user (copy, "Colleague");
    g_assert_true (gloss_store_set_annotation_note (copy, annotation, "Their reading", &error));
    g_assert_no_error (error);
    gloss_store_close (copy);
    g_assert_true (gloss_store_set_annotation_note (store, annotation, "My reading", &error));
    g_assert_no_error (error);
    merge = gloss_window_new_merge_dialog (f->window);
    gloss_merge_dialog_merge_path (merge, copy_path);
    WAIT_FOR (!gloss_merge_dialog_is_merging (merge));
    gtk_window_destroy (GTK_WINDOW (merge));
    WAIT_FOR (gloss_store_count_conflicts (store) > 0);
    g_assert_cmpuint (gloss_store_count_conflicts (store), >, 0);
    /* The window reloads its list after a merge: select once the list shows the
     * conflict, or the reload may come after the selection (seen on a loaded machine). */
    WAIT_FOR (listed_has_conflict (f, annotation));
    g_assert_true (listed_has_conflict (f, annotation));
    g_assert_true (gloss_window_select_annotation (f->window, annotation));
    wait_quiet ();
    g_assert_cmpstr (gloss_window_get_selected_annotation_id (f->window), ==, annotation);
    before = gtk_window_list_toplevels ();
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.resolve-conflict", NULL));
    wait_quiet ();
    added = new_toplevels (before);
    g_assert_cmpuint (added->len, ==, 1);
    g_assert_true (GLOSS_IS_CONFLICT_DIALOG (added->pdata[0]));
    g_assert_cmpuint (gloss_conflict_dialog_get_n_conflicts (added->pdata[0]), >, 0);
    check_names (f, "conflict dialog with a conflict");
    gtk_window_destroy (added->pdata[0]);
    wait_quiet ();
    remove_project (copy_path);
  }

  /* The application's windows: preferences, keyboard shortcuts, about. */
  {
    GtkWidget *preferences = GTK_WIDGET (gloss_preferences_window_new ());
    g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/org/example/Gloss/gtk/help-overlay.ui");
    GtkWidget *shortcuts = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));
    g_autoptr(GList) before = NULL;
    g_autoptr(GPtrArray) added = NULL;
    GLogLevelFlags fatal;

    gtk_window_present (GTK_WINDOW (preferences));
    check_names (f, "preferences");
    gtk_window_destroy (GTK_WINDOW (preferences));

    g_assert_nonnull (shortcuts);
    /* GTK 4.8's shortcuts window measures one of its own labels as -3 px wide under
     * Xvfb and warns; that warning is GTK's, not a failure of ours. */
    fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
    gtk_window_present (GTK_WINDOW (shortcuts));
    check_names_of (f, "keyboard shortcuts", FALSE);
    gtk_window_destroy (GTK_WINDOW (shortcuts));
    wait_quiet ();
    g_log_set_always_fatal (fatal);
    before = gtk_window_list_toplevels ();
    gloss_application_show_about (GTK_WINDOW (f->window));
    wait_quiet ();
    added = new_toplevels (before);
    check_names_of (f, "about", FALSE);
    for (guint j = 0; j < added->len; j++)
      gtk_window_destroy (added->pdata[j]);
  }

  g_test_message ("walked %u states, %u controls checked in all: %s", f->n_checks, f->n_controls, f->walked->str);
  g_print ("# a11y: walked %u states, %u controls checked in all\n# %s\n", f->n_checks, f->n_controls, f->walked->str);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gloss_accessible_init ();

  g_test_add ("/app/a11y/names", Fixture, NULL, fixture_setup, test_names, fixture_teardown);
  return g_test_run ();
}

/* gloss-merge-dialog.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-merge"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "gloss-merge-dialog.h"
#include "gloss-row-names.h"

/* Each item is a row of widgets: a category lists this many by name, and counts the
 * rest (the copied report has them all). */
#define MAX_ROWS_PER_CATEGORY 200

typedef enum {
  CAT_CONFLICTS,
  CAT_ADDED,
  CAT_UPDATED,
  CAT_DELETED,
  CAT_MATCHED,
  CAT_COLLAPSED,
  CAT_UNCHANGED,
  CAT_KEPT,
  N_CATEGORIES
} Category;

static const char * const category_ids[N_CATEGORIES] = {
  "conflicts", "added", "updated", "deleted", "matched", "collapsed", "unchanged", "kept",
};

struct _GlossMergeDialog
{
  AdwWindow        parent_instance;

  /* Template children */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  GtkButton       *copy_button;
  GtkStack        *stack;
  AdwStatusPage   *progress_page;
  GtkSpinner      *spinner;
  AdwStatusPage   *error_page;
  GtkLabel        *error_detail;
  GtkLabel        *summary_title;
  GtkLabel        *summary_label;
  GtkFlowBox      *counts_box;
  AdwPreferencesGroup *lists_group;

  GlossStore      *store;        /* weak: gone when the window lets go of the project */
  gboolean         merging;
  char            *other_name;   /* display name of the file merged */
  GlossMergeReport *report;
  char            *error;
  GtkLabel        *count_labels[N_CATEGORIES];
  AdwExpanderRow  *list_rows[N_CATEGORIES];
};

G_DEFINE_FINAL_TYPE (GlossMergeDialog, gloss_merge_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_MERGING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  PROJECT_CHANGING,
  PROJECT_CHANGED,
  SHOW_IN_WINDOW,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static Category
category_from_id (const char *id)
{
  for (guint i = 0; i < N_CATEGORIES; i++)
    if (g_strcmp0 (category_ids[i], id) == 0)
      return i;
  return N_CATEGORIES;
}

static const char *
category_title (Category category)
{
  switch (category)
    {
    case CAT_CONFLICTS: return _("Conflicts");
    case CAT_ADDED:     return _("Added");
    case CAT_UPDATED:   return _("Updated");
    case CAT_DELETED:   return _("Deleted");
    case CAT_MATCHED:   return _("Matched by content");
    case CAT_COLLAPSED: return _("Duplicates removed");
    case CAT_UNCHANGED: return _("Unchanged");
    case CAT_KEPT:      return _("Kept here");
    case N_CATEGORIES:
    default:            return "";
    }
}

static const char *
category_description (Category category)
{
  switch (category)
    {
    case CAT_CONFLICTS:
      return _("Changed in one copy after the other deleted it: the change is kept, check that it should be");
    case CAT_ADDED:
      return _("New to this project");
    case CAT_UPDATED:
      return _("The other copy’s version was newer and replaced this one (which stays in the history)");
    case CAT_DELETED:
      return _("Deleted in the other copy after their last change here");
    case CAT_MATCHED:
      return _("The same row under another id, recognised by its content");
    case CAT_COLLAPSED:
      return _("The same annotation made twice by one annotator (same span, label, note and fields): one is kept");
    case CAT_UNCHANGED:
      return _("Already the same in both copies");
    case CAT_KEPT:
      return _("This project’s version was newer; the other copy’s is in the history");
    case N_CATEGORIES:
    default:
      return "";
    }
}

static GPtrArray *
report_items (const GlossMergeReport *report,
              Category                category)
{
  switch (category)
    {
    case CAT_CONFLICTS: return report->conflicts;
    case CAT_ADDED:     return report->added;
    case CAT_UPDATED:   return report->updated;
    case CAT_DELETED:   return report->deleted;
    case CAT_MATCHED:   return report->matched;
    case CAT_COLLAPSED: return report->collapsed;
    case CAT_UNCHANGED:
    case CAT_KEPT:
    case N_CATEGORIES:
    default:            return NULL;
    }
}

static guint
report_count (const GlossMergeReport *report,
              Category                category)
{
  GPtrArray *items = report_items (report, category);

  if (items != NULL)
    return items->len;
  if (category == CAT_UNCHANGED)
    return report->unchanged;
  if (category == CAT_KEPT)
    return report->kept;
  return 0;
}

/* ------------------------------------------------------------------------- */
/* The merge, in a thread                                                    */

typedef struct {
  char *project_path;
  char *other_path;
  char *user;
} MergeData;

static void
merge_data_free (MergeData *data)
{
  g_free (data->project_path);
  g_free (data->other_path);
  g_free (data->user);
  g_free (data);
}

/* A connection of its own, read-write, to the window's project: the window's store
 * stays on the main thread. The merge is one transaction there. */
static void
merge_thread_cb (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  MergeData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_store_open (data->project_path, GLOSS_STORE_OPEN_DEFAULT, &error);
  g_autoptr(GlossMergeReport) report = NULL;

  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (data->user != NULL)
    gloss_store_set_user (store, data->user);
  report = gloss_merge_report_new ();
  if (!gloss_merge (store, data->other_path, report, &error))
    {
      gloss_store_close (store);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  gloss_store_close (store);
  g_task_return_pointer (task, g_steal_pointer (&report), (GDestroyNotify) gloss_merge_report_free);
}

/* ------------------------------------------------------------------------- */
/* Showing the outcome                                                       */

static void
gloss_merge_dialog_set_merging (GlossMergeDialog *self,
                                gboolean          merging)
{
  if (self->merging == merging)
    return;
  self->merging = merging;
  gtk_spinner_set_spinning (self->spinner, merging);
  /* Closing would leave a merge running with nobody to tell how it ended. */
  gtk_window_set_deletable (GTK_WINDOW (self), !merging);
  /* The window must not take the merge's commit for another program's. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MERGING]);
}

static void
gloss_merge_dialog_show_error (GlossMergeDialog *self,
                               const GError     *error)
{
  g_autofree char *description = NULL;
  const char *title;

  g_clear_pointer (&self->error, g_free);
  self->error = g_strdup (error->message);

  if (g_error_matches (error, GLOSS_MERGE_ERROR, GLOSS_MERGE_ERROR_UNKNOWN_FORMAT))
    {
      title = _("Not a Gloss Project");
      /* Translators: %s is a file name */
      description = g_strdup_printf (_("“%s” is neither a Gloss project nor a JSON file exported from Gloss. "
                                       "Nothing was changed."), self->other_name);
    }
  else if (g_error_matches (error, GLOSS_MERGE_ERROR, GLOSS_MERGE_ERROR_INCONSISTENT))
    {
      title = _("Not a Copy of This Project");
      description = g_strdup_printf (_("“%s” has rows with the same ids as this project but different "
                                       "content, so the two files are not copies of one project. "
                                       "Nothing was changed."), self->other_name);
    }
  else if (g_error_matches (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_BUSY))
    {
      title = _("The Project Is Busy");
      description = g_strdup (_("Another program is writing to this project. Try again in a moment. "
                                "Nothing was changed."));
    }
  else
    {
      title = _("Could Not Merge");
      description = g_strdup_printf (_("Nothing was changed in this project, and “%s” was not changed "
                                       "either."), self->other_name);
    }
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, description);
  gtk_label_set_text (self->error_detail, error->message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static GtkWidget *
make_count_tile (GlossMergeDialog *self,
                 Category          category,
                 guint             count)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *number;
  GtkWidget *caption;
  g_autofree char *text = g_strdup_printf ("%u", count);
  g_autofree char *accessible = g_strdup_printf ("%s: %u", category_title (category), count);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "gloss-merge-count");
  if (category == CAT_CONFLICTS && count > 0)
    gtk_widget_add_css_class (box, "gloss-merge-conflict");
  if (count == 0)
    gtk_widget_add_css_class (box, "gloss-merge-zero");
  gtk_widget_set_tooltip_text (box, category_description (category));

  number = gtk_label_new (text);
  gtk_widget_add_css_class (number, "title-2");
  gtk_widget_add_css_class (number, "numeric");
  caption = gtk_label_new (category_title (category));
  gtk_label_set_wrap (GTK_LABEL (caption), TRUE);
  /* Four tiles fit a line of the dialog's default width, and two a narrow one. */
  gtk_label_set_max_width_chars (GTK_LABEL (caption), 10);
  gtk_label_set_justify (GTK_LABEL (caption), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (caption, "caption");
  gtk_box_append (GTK_BOX (box), number);
  gtk_box_append (GTK_BOX (box), caption);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  self->count_labels[category] = GTK_LABEL (number);
  return box;
}

/* A row that leads to an annotation or a document in the window. */
static void
item_activated_cb (AdwActionRow     *row,
                   GlossMergeDialog *self)
{
  const char *document_id = g_object_get_data (G_OBJECT (row), "gloss-document-id");
  const char *annotation_id = g_object_get_data (G_OBJECT (row), "gloss-annotation-id");

  if (document_id == NULL)
    return;
  g_signal_emit (self, signals[SHOW_IN_WINDOW], 0, document_id, annotation_id);
}

static GtkWidget *
make_item_row (GlossMergeDialog     *self,
               GlossRowNames        *names,
               GlossStore           *store,
               const GlossMergeItem *item)
{
  g_autofree char *name = gloss_row_names_name (names, item->table, item->id);
  g_autofree char *subtitle = NULL;
  g_autofree char *document_id = NULL;
  g_autofree char *annotation_id = NULL;
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  if (item->detail != NULL && *item->detail)
    /* Translators: a row in the merge report: "Annotation · same text (sha256)" */
    subtitle = g_strdup_printf (_("%s · %s"), gloss_row_names_kind (item->table), item->detail);
  else
    subtitle = g_strdup (gloss_row_names_kind (item->table));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);

  /* Rows still in the project can be shown in the window. */
  if (g_strcmp0 (item->table, "annotations") == 0 || g_strcmp0 (item->table, "field_values") == 0)
    {
      g_autoptr(GlossAnnotation) a = gloss_store_get_annotation (store, item->id, NULL);

      if (a != NULL)
        {
          document_id = g_strdup (a->document_id);
          annotation_id = g_strdup (a->id);
        }
    }
  else if (g_strcmp0 (item->table, "documents") == 0)
    {
      g_autoptr(GlossDocument) d = gloss_store_get_document (store, item->id, NULL);

      if (d != NULL)
        document_id = g_strdup (d->id);
    }
  if (document_id != NULL)
    {
      GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (row, _("Show in the window"));
      g_object_set_data_full (G_OBJECT (row), "gloss-document-id", g_steal_pointer (&document_id), g_free);
      g_object_set_data_full (G_OBJECT (row), "gloss-annotation-id", g_steal_pointer (&annotation_id), g_free);
      g_signal_connect_object (row, "activated", G_CALLBACK (item_activated_cb), self, 0);
    }
  return row;
}

static void
gloss_merge_dialog_show_report (GlossMergeDialog *self)
{
  const GlossMergeReport *report = self->report;
  GlossStore *store = self->store;
  g_autoptr(GlossRowNames) names = NULL;
  g_autofree char *title = NULL;
  GtkWidget *child;
  guint changes = 0;
  gboolean any_list = FALSE;

  /* Translators: %s is the file merged */
  title = g_strdup_printf (_("Merged “%s”"), self->other_name);
  gtk_label_set_text (self->summary_title, title);
  for (Category c = CAT_CONFLICTS; c <= CAT_COLLAPSED; c++)
    changes += report_count (report, c);
  if (changes == 0)
    gtk_label_set_text (self->summary_label, _("The two copies were already the same: nothing was added "
                                               "or changed."));
  else if (report->conflicts->len > 0)
    gtk_label_set_text (self->summary_label, _("Where both copies changed a row, the newer change won; the "
                                               "other version stays in the row’s history, where you can "
                                               "restore it. Conflicts are changes made in one copy to rows "
                                               "the other deleted: the change was kept, check each one."));
  else
    gtk_label_set_text (self->summary_label, _("Where both copies changed a row, the newer change won; the "
                                               "other version stays in the row’s history, where you can "
                                               "restore it."));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->counts_box))) != NULL)
    gtk_flow_box_remove (self->counts_box, child);
  for (Category c = 0; c < N_CATEGORIES; c++)
    {
      GtkWidget *tile = make_count_tile (self, c, report_count (report, c));

      gtk_flow_box_append (self->counts_box, tile);
      /* The flow box wraps each child in a focusable cell; the tiles are not buttons. */
      gtk_widget_set_focusable (gtk_widget_get_parent (tile), FALSE);
    }

  for (Category c = 0; c < N_CATEGORIES; c++)
    {
      if (self->list_rows[c] != NULL)
        adw_preferences_group_remove (self->lists_group, GTK_WIDGET (self->list_rows[c]));
      self->list_rows[c] = NULL;
    }
  if (store != NULL)
    names = gloss_row_names_new (store);
  for (Category c = CAT_CONFLICTS; names != NULL && c <= CAT_COLLAPSED; c++)
    {
      GPtrArray *items = report_items (report, c);
      GtkWidget *expander;
      g_autofree char *subtitle = NULL;

      if (items == NULL || items->len == 0)
        continue;
      expander = adw_expander_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), category_title (c));
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row · %s", "%u rows · %s", items->len),
                                  items->len, category_description (c));
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
      if (c == CAT_CONFLICTS)
        {
          gtk_widget_add_css_class (expander, "gloss-merge-conflicts");
          adw_expander_row_set_icon_name (ADW_EXPANDER_ROW (expander), "dialog-warning-symbolic");
          adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
        }
      for (guint i = 0; i < items->len && i < MAX_ROWS_PER_CATEGORY; i++)
        adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                  make_item_row (self, names, store, g_ptr_array_index (items, i)));
      if (items->len > MAX_ROWS_PER_CATEGORY)
        {
          guint more = items->len - MAX_ROWS_PER_CATEGORY;
          GtkWidget *row = adw_action_row_new ();
          g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "…and %u more row",
                                                                "…and %u more rows", more), more);

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Copy the report to see them all"));
          adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
        }
      adw_preferences_group_add (self->lists_group, expander);
      self->list_rows[c] = ADW_EXPANDER_ROW (expander);
      any_list = TRUE;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->lists_group), any_list);
  gtk_widget_set_visible (GTK_WIDGET (self->copy_button), TRUE);
  gtk_stack_set_visible_child_name (self->stack, "report");
}

static void
merge_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GlossMergeDialog *self = GLOSS_MERGE_DIALOG (object);
  g_autoptr(GError) error = NULL;
  GlossMergeReport *report = g_task_propagate_pointer (G_TASK (result), &error);

  gloss_merge_dialog_set_merging (self, FALSE);
  if (report == NULL)
    {
      gloss_merge_dialog_show_error (self, error);
      return;
    }
  g_clear_pointer (&self->report, gloss_merge_report_free);
  self->report = report;
  /* The merge committed through another connection: the window reads the project
   * again now rather than at its next look at the file. */
  g_signal_emit (self, signals[PROJECT_CHANGED], 0);
  gloss_merge_dialog_show_report (self);
}

static gboolean
same_file (const char *a,
           const char *b)
{
  GStatBuf sa, sb;

  if (g_strcmp0 (a, b) == 0)
    return TRUE;
  return g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static char *
dup_analyst_name (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  char *name = g_settings_get_string (settings, "analyst-name");

  if (*name == '\0')
    g_clear_pointer (&name, g_free);
  return name;
}

void
gloss_merge_dialog_merge_path (GlossMergeDialog *self,
                               const char       *path)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  GlossStore *store;
  MergeData *data;

  g_return_if_fail (GLOSS_IS_MERGE_DIALOG (self));
  g_return_if_fail (path != NULL);

  if (self->merging)
    return;
  g_clear_pointer (&self->report, gloss_merge_report_free);
  g_clear_pointer (&self->error, g_free);
  g_free (self->other_name);
  self->other_name = g_filename_display_basename (path);
  gtk_widget_set_visible (GTK_WIDGET (self->copy_button), FALSE);

  store = self->store;
  if (store == NULL)
    error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CLOSED, _("The project is no longer open."));
  else if (gloss_store_is_read_only (store))
    error = g_error_new_literal (GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_READ_ONLY,
                                 _("This project is open for reading only, so nothing can be merged into it."));
  else if (same_file (gloss_store_get_path (store), path))
    error = g_error_new_literal (GLOSS_MERGE_ERROR, GLOSS_MERGE_ERROR_FAILED,
                                 _("This is the project itself. Choose a copy that a colleague sent back."));
  if (error != NULL)
    {
      gloss_merge_dialog_show_error (self, error);
      return;
    }

  /* A note being typed is this project's newest change: the window saves it first. */
  g_signal_emit (self, signals[PROJECT_CHANGING], 0);

  /* Translators: %s is the file being merged */
  description = g_strdup_printf (_("Bringing the work in “%s” into this project. That file is not changed."),
                                 self->other_name);
  adw_status_page_set_description (self->progress_page, description);
  gtk_stack_set_visible_child_name (self->stack, "progress");

  data = g_new0 (MergeData, 1);
  data->project_path = g_strdup (gloss_store_get_path (store));
  data->other_path = g_strdup (path);
  data->user = dup_analyst_name ();
  gloss_merge_dialog_set_merging (self, TRUE);

  /* Not cancellable: the merge is one transaction that ends soon either way, and the
   * window must hear how it ended. The task keeps the dialog alive until then. */
  task = g_task_new (self, NULL, merge_done_cb, NULL);
  g_task_set_source_tag (task, gloss_merge_dialog_merge_path);
  g_task_set_task_data (task, data, (GDestroyNotify) merge_data_free);
  g_task_run_in_thread (task, merge_thread_cb);
}

gboolean
gloss_merge_dialog_is_merging (GlossMergeDialog *self)
{
  g_return_val_if_fail (GLOSS_IS_MERGE_DIALOG (self), FALSE);
  return self->merging;
}

const GlossMergeReport *
gloss_merge_dialog_get_report (GlossMergeDialog *self)
{
  g_return_val_if_fail (GLOSS_IS_MERGE_DIALOG (self), NULL);
  return self->report;
}

const char *
gloss_merge_dialog_get_error (GlossMergeDialog *self)
{
  g_return_val_if_fail (GLOSS_IS_MERGE_DIALOG (self), NULL);
  return self->error;
}

GtkLabel *
gloss_merge_dialog_get_count_label (GlossMergeDialog *self,
                                    const char       *category)
{
  Category c = category_from_id (category);

  g_return_val_if_fail (GLOSS_IS_MERGE_DIALOG (self), NULL);
  return c < N_CATEGORIES ? self->count_labels[c] : NULL;
}

AdwExpanderRow *
gloss_merge_dialog_get_list_row (GlossMergeDialog *self,
                                 const char       *category)
{
  Category c = category_from_id (category);

  g_return_val_if_fail (GLOSS_IS_MERGE_DIALOG (self), NULL);
  return c < N_CATEGORIES ? self->list_rows[c] : NULL;
}

/* ------------------------------------------------------------------------- */
/* Choosing the file                                                         */

static void
chooser_response_cb (GtkNativeDialog  *chooser,
                     int               response,
                     GlossMergeDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      gtk_window_present (GTK_WINDOW (self));
      if (path == NULL)
        {
          g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                                         _("Choose a file on this computer or a mounted share."));

          g_free (self->other_name);
          self->other_name = file ? g_file_get_basename (file) : g_strdup ("");
          gloss_merge_dialog_show_error (self, error);
        }
      else
        gloss_merge_dialog_merge_path (self, path);
    }
  else if (self->report == NULL && self->error == NULL)
    /* Cancelled before anything was merged: the dialog was never shown. */
    gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (chooser);
  g_object_unref (self);
}

void
gloss_merge_dialog_choose (GlossMergeDialog *self)
{
  GtkWindow *main_window = gtk_window_get_transient_for (GTK_WINDOW (self));
  GtkWindow *parent = main_window != NULL && !gtk_widget_get_visible (GTK_WIDGET (self))
                      ? main_window : GTK_WINDOW (self);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) projects = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) json = gtk_file_filter_new ();
  GlossStore *store = self->store;

  chooser = gtk_file_chooser_native_new (_("Merge Project"), parent, GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Merge"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (all, _("Gloss Projects and Exports"));
  gtk_file_filter_add_pattern (all, "*.gloss");
  gtk_file_filter_add_pattern (all, "*.json");
  gtk_file_filter_set_name (projects, _("Gloss Projects"));
  gtk_file_filter_add_pattern (projects, "*.gloss");
  gtk_file_filter_set_name (json, _("Gloss JSON Exports"));
  gtk_file_filter_add_pattern (json, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), projects);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), json);
  /* Copies usually come back next to the project. */
  if (store != NULL)
    {
      g_autoptr(GFile) project = g_file_new_for_path (gloss_store_get_path (store));
      g_autoptr(GFile) folder = g_file_get_parent (project);

      if (folder != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
choose_clicked_cb (GlossMergeDialog *self)
{
  gloss_merge_dialog_choose (self);
}

static void
copy_clicked_cb (GlossMergeDialog *self)
{
  g_autofree char *text = NULL;

  if (self->report == NULL)
    return;
  text = gloss_merge_report_to_text (self->report);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Report copied")));
}

/* ------------------------------------------------------------------------- */
/* GObject                                                                   */

static gboolean
gloss_merge_dialog_close_request (GtkWindow *window)
{
  GlossMergeDialog *self = GLOSS_MERGE_DIALOG (window);

  /* The merge goes on in its thread whatever happens here: stay until it ends. */
  if (self->merging)
    return TRUE;
  return GTK_WINDOW_CLASS (gloss_merge_dialog_parent_class)->close_request (window);
}

static void
gloss_merge_dialog_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GlossMergeDialog *self = GLOSS_MERGE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_MERGING:
      g_value_set_boolean (value, self->merging);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_merge_dialog_finalize (GObject *object)
{
  GlossMergeDialog *self = GLOSS_MERGE_DIALOG (object);

  g_clear_weak_pointer (&self->store);
  g_free (self->other_name);
  g_free (self->error);
  g_clear_pointer (&self->report, gloss_merge_report_free);
  G_OBJECT_CLASS (gloss_merge_dialog_parent_class)->finalize (object);
}

static void
gloss_merge_dialog_class_init (GlossMergeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->finalize = gloss_merge_dialog_finalize;
  object_class->get_property = gloss_merge_dialog_get_property;
  window_class->close_request = gloss_merge_dialog_close_request;

  /**
   * GlossMergeDialog:merging:
   *
   * Whether a merge is writing to the project through a connection of its own.
   */
  properties[PROP_MERGING] =
    g_param_spec_boolean ("merging", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GlossMergeDialog::project-changing:
   * @self: the dialog
   *
   * A merge is about to start: the window saves what is being typed.
   */
  signals[PROJECT_CHANGING] =
    g_signal_new ("project-changing", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /**
   * GlossMergeDialog::project-changed:
   * @self: the dialog
   *
   * A merge committed: the window reads the project again.
   */
  signals[PROJECT_CHANGED] =
    g_signal_new ("project-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /**
   * GlossMergeDialog::show-in-window:
   * @self: the dialog
   * @document_id: the document of the row activated
   * @annotation_id: (nullable): its annotation, when the row is one
   *
   * A row of the report was activated: the window shows it and comes to the front.
   */
  signals[SHOW_IN_WINDOW] =
    g_signal_new ("show-in-window", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Gloss/gloss-merge-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GlossMergeDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GlossMergeDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, GlossMergeDialog, copy_button);
  gtk_widget_class_bind_template_child (widget_class, GlossMergeDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, GlossMergeDialog, progress_page);
  gtk_widget_class_bind_template_child (widget_class, GlossMergeDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, GlossMergeDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, GlossMergeDialog, error_detail);
  gtk_widget_class_bind_template_child (widget_class, GlossMergeDialog, summary_title);
  gtk_widget_class_bind_template_child (widget_class, GlossMergeDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, GlossMergeDialog, counts_box);
  gtk_widget_class_bind_template_child (widget_class, GlossMergeDialog, lists_group);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gloss_merge_dialog_init (GlossMergeDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gloss_row_names_load_css ();
}

GlossMergeDialog *
gloss_merge_dialog_new (GtkWindow  *transient_for,
                        GlossStore *store)
{
  GlossMergeDialog *self;

  g_return_val_if_fail (transient_for == NULL || GTK_IS_WINDOW (transient_for), NULL);
  g_return_val_if_fail (store == NULL || GLOSS_IS_STORE (store), NULL);

  self = g_object_new (GLOSS_TYPE_MERGE_DIALOG, "transient-for", transient_for, NULL);
  g_set_weak_pointer (&self->store, store);
  return self;
}

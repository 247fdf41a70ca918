/* gloss-export-dialog.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-export"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "gloss-export-dialog.h"
#include "gloss-scope.h"

/* How often the progress bar pulses and the elapsed time is updated. */
#define PULSE_INTERVAL_MS 100

typedef struct {
  char       *title;          /* shown in the drop-down */
  char       *subtitle;       /* what it covers, in words */
  char       *file_name;      /* suggested file name, without extension */
  GlossScope *scope;          /* NULL: the whole project */
} ScopeEntry;

static void
scope_entry_free (ScopeEntry *entry)
{
  g_free (entry->title);
  g_free (entry->subtitle);
  g_free (entry->file_name);
  g_clear_pointer (&entry->scope, gloss_scope_free);
  g_free (entry);
}

struct _GlossExportDialog
{
  AdwWindow        parent_instance;

  /* Template children */
  GtkButton       *cancel_button;
  GtkButton       *export_button;
  GtkWidget       *choices_box;
  AdwComboRow     *scope_row;
  AdwComboRow     *format_row;
  AdwPreferencesGroup *options_group;
  AdwActionRow    *text_row;
  GtkSwitch       *text_switch;
  AdwActionRow    *bom_row;
  GtkSwitch       *bom_switch;
  GtkRevealer     *progress_revealer;
  GtkLabel        *progress_label;
  GtkProgressBar  *progress_bar;

  char            *project_path;
  GPtrArray       *scopes;        /* ScopeEntry*, as listed in scope_row */
  GArray          *formats;       /* GlossFormat, as listed in format_row */

  GCancellable    *cancellable;   /* of the running export; NULL when idle */
  char            *export_name;   /* display name of the file being written */
  gint64           started_us;
  guint            pulse_id;
  gboolean         disposed;

  GtkWindow       *error_dialog;  /* weak */
};

G_DEFINE_FINAL_TYPE (GlossExportDialog, gloss_export_dialog, ADW_TYPE_WINDOW)

enum {
  EXPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------------- */
/* Choices                                                                   */

static const char *
format_description (GlossFormat format)
{
  switch (format)
    {
    case GLOSS_FORMAT_JSON:
      return _("Everything in the project, for other tools or another Gloss project");
    case GLOSS_FORMAT_W3C:
      return _("Standard web annotations with quotes and positions");
    case GLOSS_FORMAT_BRAT:
      return _("A zip of text and annotation files for the brat tool");
    case GLOSS_FORMAT_JSONL:
      return _("One document per line with its spans, for machine learning");
    case GLOSS_FORMAT_CSV:
      return _("One row per annotation, for spreadsheets");
    case GLOSS_FORMAT_QDPX:
      return _("For qualitative analysis apps such as ATLAS.ti, MAXQDA and NVivo");
    case GLOSS_FORMAT_HTML:
      return _("A readable report to share or print");
    case GLOSS_FORMAT_ARTICLE:
    case GLOSS_FORMAT_UNKNOWN:
    default:
      return NULL;
    }
}

/* What a saved set covers, in a line: "2 documents · Labels: Person, Claim". */
static char *
describe_scope (const GlossScope *scope)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *labels = scope->label_names ? g_strjoinv (", ", scope->label_names) : NULL;
  g_autofree char *annotators = scope->annotators ? g_strjoinv (", ", scope->annotators) : NULL;

  if (scope->document_ids != NULL)
    {
      guint n = g_strv_length (scope->document_ids);

      g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u document", "%u documents", n), n));
    }
  if (scope->query != NULL)
    /* Translators: part of the description of a saved set; %s is a search */
    g_ptr_array_add (parts, g_strdup_printf (_("Documents matching “%s”"), scope->query));
  if (scope->label_names != NULL)
    /* Translators: part of the description of a saved set; %s is a list of label names */
    g_ptr_array_add (parts, g_strdup_printf (_("Labels: %s"), labels));
  if (scope->annotators != NULL)
    /* Translators: part of the description of a saved set; %s is a list of names */
    g_ptr_array_add (parts, g_strdup_printf (_("By %s"), annotators));
  if (scope->since != NULL)
    /* Translators: part of the description of a saved set; %s is a date */
    g_ptr_array_add (parts, g_strdup_printf (_("From %s"), scope->since));
  if (scope->until != NULL)
    /* Translators: part of the description of a saved set; %s is a date */
    g_ptr_array_add (parts, g_strdup_printf (_("Until %s"), scope->until));
  if (parts->len == 0)
    return g_strdup (_("All documents and annotations"));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

/* A file name from a title: no folder separators, control characters or leading dots
 * (which would hide the file). */
static char *
file_name_from_title (const char *title)
{
  g_autoptr(GString) name = g_string_new (NULL);
  const char *start;

  for (const char *p = title ? title : ""; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/' || c == '\\' || g_unichar_iscntrl (c))
        g_string_append_c (name, '-');
      else
        g_string_append_unichar (name, c);
    }
  g_strstrip (name->str);
  for (start = name->str; *start == '.'; start++)
    ;
  if (*start == '\0')
    return g_strdup (_("Export"));
  return g_strdup (start);
}

static void
add_scope (GlossExportDialog *self,
           GtkStringList     *names,
           char              *title,
           char              *subtitle,
           const char        *file_name,
           GlossScope        *scope)
{
  ScopeEntry *entry = g_new0 (ScopeEntry, 1);

  entry->title = title;
  entry->subtitle = subtitle;
  entry->file_name = file_name_from_title (file_name);
  entry->scope = scope;
  g_ptr_array_add (self->scopes, entry);
  gtk_string_list_append (names, title);
}

static void
gloss_export_dialog_fill_scopes (GlossExportDialog *self,
                                 GlossStore        *store,
                                 const char        *document_id,
                                 const char        *document_title)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) sets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *project = gloss_store_dup_name (store);

  add_scope (self, names, g_strdup (_("Whole Project")), g_strdup (_("Every document and annotation")),
             project, NULL);

  if (document_id != NULL)
    {
      GlossScope *scope = gloss_scope_new ();

      scope->document_ids = g_new0 (char *, 2);
      scope->document_ids[0] = g_strdup (document_id);
      /* Translators: the export scope of the document being read; %s is its title */
      add_scope (self, names, g_strdup_printf (_("Current Document: “%s”"), document_title),
                 g_strdup (_("Its text and annotations")), document_title, scope);
    }

  sets = gloss_set_list (store, &error);
  if (sets == NULL)
    g_warning ("Could not list the saved sets: %s", error->message);
  for (guint i = 0; sets != NULL && i < sets->len; i++)
    {
      const GlossSet *set = g_ptr_array_index (sets, i);

      /* Translators: a saved set in the export dialog's scope list */
      add_scope (self, names, g_strdup_printf (_("Set “%s”"), set->name), describe_scope (set->scope),
                 set->name, gloss_scope_copy (set->scope));
    }

  adw_combo_row_set_model (self->scope_row, G_LIST_MODEL (names));
}

static void
gloss_export_dialog_fill_formats (GlossExportDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  for (GlossFormat format = GLOSS_FORMAT_JSON; format <= GLOSS_FORMAT_HTML; format++)
    {
      if (!gloss_format_can_export (format))
        continue;
      g_array_append_val (self->formats, format);
      gtk_string_list_append (names, gloss_format_title (format));
    }
  adw_combo_row_set_model (self->format_row, G_LIST_MODEL (names));
}

static const ScopeEntry *
gloss_export_dialog_get_scope_entry (GlossExportDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->scope_row);

  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->scopes->len)
    return g_ptr_array_index (self->scopes, 0);
  return g_ptr_array_index (self->scopes, selected);
}

GlossFormat
gloss_export_dialog_get_format (GlossExportDialog *self)
{
  guint selected;

  g_return_val_if_fail (GLOSS_IS_EXPORT_DIALOG (self), GLOSS_FORMAT_UNKNOWN);

  selected = adw_combo_row_get_selected (self->format_row);
  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->formats->len)
    return GLOSS_FORMAT_JSON;
  return g_array_index (self->formats, GlossFormat, selected);
}

static void
format_selected_cb (GlossExportDialog *self)
{
  GlossFormat format;

  if (self->formats == NULL || self->formats->len == 0)
    return;
  format = gloss_export_dialog_get_format (self);
  /* Each option belongs to one format: show only what applies. */
  gtk_widget_set_visible (GTK_WIDGET (self->text_row), format == GLOSS_FORMAT_JSONL);
  gtk_widget_set_visible (GTK_WIDGET (self->bom_row), format == GLOSS_FORMAT_CSV);
  gtk_widget_set_visible (GTK_WIDGET (self->options_group),
                          format == GLOSS_FORMAT_JSONL || format == GLOSS_FORMAT_CSV);
}

/* The drop-downs list each choice with a line saying what it is; the row itself
 * shows the chosen one as its subtitle, so that nothing is cut in a narrow window. */

static void
choice_update_check_cb (AdwComboRow *row,
                        GParamSpec  *pspec,
                        GtkListItem *item)
{
  GtkWidget *check = g_object_get_data (G_OBJECT (item), "gloss-check");

  gtk_widget_set_opacity (check, adw_combo_row_get_selected (row) == gtk_list_item_get_position (item) ? 1 : 0);
}

static void
choice_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 GlossExportDialog        *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *description = gtk_label_new (NULL);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  GtkWidget *both[] = { title, description };

  for (guint i = 0; i < G_N_ELEMENTS (both); i++)
    {
      gtk_label_set_xalign (GTK_LABEL (both[i]), 0);
      gtk_label_set_wrap (GTK_LABEL (both[i]), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (both[i]), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_max_width_chars (GTK_LABEL (both[i]), 34);
    }
  gtk_widget_add_css_class (description, "caption");
  gtk_widget_add_css_class (description, "dim-label");
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), description);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), check);
  gtk_list_item_set_child (item, box);
  g_object_set_data (G_OBJECT (item), "gloss-title", title);
  g_object_set_data (G_OBJECT (item), "gloss-description", description);
  g_object_set_data (G_OBJECT (item), "gloss-check", check);
}

static void
choice_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                GlossExportDialog        *self)
{
  AdwComboRow *row = g_object_get_data (G_OBJECT (factory), "gloss-row");
  guint position = gtk_list_item_get_position (item);
  const char *title = NULL;
  const char *description = NULL;
  gulong handler;

  if (row == self->scope_row && position < self->scopes->len)
    {
      const ScopeEntry *entry = g_ptr_array_index (self->scopes, position);

      title = entry->title;
      description = entry->subtitle;
    }
  else if (row == self->format_row && position < self->formats->len)
    {
      GlossFormat format = g_array_index (self->formats, GlossFormat, position);

      title = gloss_format_title (format);
      description = format_description (format);
    }
  gtk_label_set_text (g_object_get_data (G_OBJECT (item), "gloss-title"), title);
  gtk_label_set_text (g_object_get_data (G_OBJECT (item), "gloss-description"), description);
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (item), "gloss-description"),
                          description != NULL && *description != '\0');
  choice_update_check_cb (row, NULL, item);
  handler = g_signal_connect_object (row, "notify::selected", G_CALLBACK (choice_update_check_cb), item, 0);
  g_object_set_data (G_OBJECT (item), "gloss-handler", GSIZE_TO_POINTER (handler));
}

static void
choice_unbind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  GlossExportDialog        *self)
{
  AdwComboRow *row = g_object_get_data (G_OBJECT (factory), "gloss-row");
  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (item), "gloss-handler"));

  if (handler != 0)
    g_signal_handler_disconnect (row, handler);
  g_object_set_data (G_OBJECT (item), "gloss-handler", NULL);
}

static void
gloss_export_dialog_set_list_factory (GlossExportDialog *self,
                                      AdwComboRow       *row)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "gloss-row", row);
  g_signal_connect (factory, "setup", G_CALLBACK (choice_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (choice_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (choice_unbind_cb), self);
  adw_combo_row_set_list_factory (row, factory);
}

/* ------------------------------------------------------------------------- */
/* Messages                                                                  */

static void
gloss_export_dialog_set_weak (GtkWindow **slot,
                              GtkWindow  *window)
{
  if (*slot != NULL)
    g_object_remove_weak_pointer (G_OBJECT (*slot), (gpointer *) slot);
  *slot = window;
  if (window != NULL)
    g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) slot);
}

static void
gloss_export_dialog_show_error (GlossExportDialog *self,
                                const char        *heading,
                                const char        *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gloss_export_dialog_set_weak (&self->error_dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

GtkWindow *
gloss_export_dialog_get_error_dialog (GlossExportDialog *self)
{
  g_return_val_if_fail (GLOSS_IS_EXPORT_DIALOG (self), NULL);
  return self->error_dialog;
}

/* ------------------------------------------------------------------------- */
/* Exporting in a thread                                                     */

typedef struct {
  char              *project_path;
  char              *path;
  GlossScope        *scope;        /* NULL: everything */
  GlossFormat        format;
  GlossExportOptions options;
  GPtrArray         *warnings;     /* char* */
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_free (job->project_path);
  g_free (job->path);
  g_clear_pointer (&job->scope, gloss_scope_free);
  g_ptr_array_unref (job->warnings);
  g_free (job);
}

/* Runs in a worker thread: a read-only connection of its own, so the window's
 * connection is only ever used on the main thread. No GTK here. */
static void
export_thread_cb (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  store = gloss_store_open (job->project_path, GLOSS_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  ok = gloss_exchange_export_path (store, job->scope, job->format, &job->options, job->path,
                                   job->warnings, cancellable, &error);
  gloss_store_close (store);
  if (!ok)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
pulse_cb (gpointer user_data)
{
  GlossExportDialog *self = user_data;
  guint seconds = (g_get_monotonic_time () - self->started_us) / G_USEC_PER_SEC;
  g_autofree char *text = NULL;

  gtk_progress_bar_pulse (self->progress_bar);
  /* Translators: export progress; %s is a file name, then minutes:seconds elapsed */
  text = g_strdup_printf (_("Writing “%s”… %u:%02u"), self->export_name, seconds / 60, seconds % 60);
  gtk_label_set_text (self->progress_label, text);
  return G_SOURCE_CONTINUE;
}

static void
gloss_export_dialog_set_exporting (GlossExportDialog *self,
                                   gboolean           exporting)
{
  gtk_widget_set_sensitive (self->choices_box, !exporting);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), !exporting);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  if (exporting)
    {
      self->started_us = g_get_monotonic_time ();
      gtk_progress_bar_set_fraction (self->progress_bar, 0);
      gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
      gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
      self->pulse_id = g_timeout_add (PULSE_INTERVAL_MS, pulse_cb, self);
      pulse_cb (self);
      /* The focused widget became insensitive: keep the keyboard on Cancel. */
      gtk_widget_grab_focus (GTK_WIDGET (self->cancel_button));
    }
  else
    {
      g_clear_object (&self->cancellable);
      gtk_widget_grab_focus (GTK_WIDGET (self->export_button));
    }
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GlossExportDialog *self = GLOSS_EXPORT_DIALOG (object);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_filename_display_basename (job->path);

  if (self->disposed)
    return;
  gloss_export_dialog_set_exporting (self, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* The core wrote to a temporary file and dropped it: say so. */
          gtk_label_set_text (self->progress_label, _("Export cancelled. No file was written."));
          gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
        }
      else
        {
          g_autofree char *body = NULL;

          gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
          /* Translators: %s is a file name, then the reason */
          body = g_strdup_printf (_("“%s” could not be written: %s"), name, error->message);
          gloss_export_dialog_show_error (self, _("Export Failed"), body);
        }
      return;
    }

  g_ptr_array_add (job->warnings, NULL);
  g_signal_emit (self, signals[EXPORTED], 0, job->path, (int) job->format, (char **) job->warnings->pdata);
  g_ptr_array_remove_index (job->warnings, job->warnings->len - 1);
  gtk_window_destroy (GTK_WINDOW (self));
}

void
gloss_export_dialog_export_to (GlossExportDialog *self,
                               const char        *path)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GFile) target = NULL;
  g_autoptr(GFile) project = NULL;
  const ScopeEntry *entry;
  ExportJob *job;

  g_return_if_fail (GLOSS_IS_EXPORT_DIALOG (self));
  g_return_if_fail (path != NULL);

  if (self->cancellable != NULL)
    return;

  /* Writing over the open project would destroy it. */
  target = g_file_new_for_path (path);
  project = g_file_new_for_path (self->project_path);
  if (g_file_equal (target, project))
    {
      gloss_export_dialog_show_error (self, _("Export Failed"),
                                      _("That is the project file itself. Choose another name for the export."));
      return;
    }

  entry = gloss_export_dialog_get_scope_entry (self);
  job = g_new0 (ExportJob, 1);
  job->project_path = g_strdup (self->project_path);
  job->path = g_strdup (path);
  job->scope = entry->scope ? gloss_scope_copy (entry->scope) : NULL;
  job->format = gloss_export_dialog_get_format (self);
  job->options.omit_text = !gtk_switch_get_active (self->text_switch);
  job->options.bom = gtk_switch_get_active (self->bom_switch);
  job->warnings = g_ptr_array_new_with_free_func (g_free);

  g_free (self->export_name);
  self->export_name = g_filename_display_basename (path);
  self->cancellable = g_cancellable_new ();
  gloss_export_dialog_set_exporting (self, TRUE);

  task = g_task_new (self, self->cancellable, export_done_cb, NULL);
  g_task_set_source_tag (task, gloss_export_dialog_export_to);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  /* A cancel that comes after the file is complete must not report a file that
   * exists as missing: the thread's own result decides. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, export_thread_cb);
}

void
gloss_export_dialog_cancel (GlossExportDialog *self)
{
  g_return_if_fail (GLOSS_IS_EXPORT_DIALOG (self));

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      gtk_label_set_text (self->progress_label, _("Cancelling…"));
      g_clear_handle_id (&self->pulse_id, g_source_remove);
    }
}

gboolean
gloss_export_dialog_is_exporting (GlossExportDialog *self)
{
  g_return_val_if_fail (GLOSS_IS_EXPORT_DIALOG (self), FALSE);
  return self->cancellable != NULL;
}

/* ------------------------------------------------------------------------- */
/* Choosing the file                                                         */

/* Adds the format's extension when the name has none; brat needs ".zip" (without
 * it, it would write a folder). */
static char *
complete_path (GlossFormat  format,
               const char  *path)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *lower = g_ascii_strdown (base, -1);
  const char *extension = gloss_format_extension (format);

  if (format == GLOSS_FORMAT_BRAT ? !g_str_has_suffix (lower, ".zip") : strchr (base, '.') == NULL)
    return g_strconcat (path, extension, NULL);
  return g_strdup (path);
}

static void
replace_response_cb (AdwMessageDialog  *dialog,
                     const char        *response,
                     GlossExportDialog *self)
{
  const char *path = g_object_get_data (G_OBJECT (dialog), "gloss-path");

  if (g_strcmp0 (response, "replace") == 0)
    gloss_export_dialog_export_to (self, path);
}

static void
file_chosen_cb (GtkNativeDialog   *chooser,
                int                response,
                GlossExportDialog *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *chosen = NULL;
  g_autofree char *path = NULL;

  if (response != GTK_RESPONSE_ACCEPT || self->disposed)
    goto out;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  chosen = file ? g_file_get_path (file) : NULL;
  if (chosen == NULL)
    {
      gloss_export_dialog_show_error (self, _("Export Failed"),
                                      _("Gloss can only export to a local file. Choose a folder on this computer."));
      goto out;
    }

  path = complete_path (gloss_export_dialog_get_format (self), chosen);
  /* The chooser asked about replacing the name it was given, not the completed one. */
  if (g_strcmp0 (path, chosen) != 0 && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *name = g_filename_display_basename (path);
      g_autofree char *heading = g_strdup_printf (_("Replace “%s”?"), name);
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                                  _("A file with this name already exists. Replacing it "
                                                    "overwrites its contents."));

      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                        "replace", _("_Replace"), NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "replace",
                                                  ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_object_set_data_full (G_OBJECT (dialog), "gloss-path", g_steal_pointer (&path), g_free);
      g_signal_connect_object (dialog, "response", G_CALLBACK (replace_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      goto out;
    }
  gloss_export_dialog_export_to (self, path);

out:
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
export_clicked_cb (GlossExportDialog *self)
{
  GlossFormat format = gloss_export_dialog_get_format (self);
  const ScopeEntry *entry = gloss_export_dialog_get_scope_entry (self);
  const char *extension = gloss_format_extension (format);
  g_autofree char *name = g_strconcat (entry->file_name, extension, NULL);
  g_autofree char *pattern = g_strconcat ("*", extension, NULL);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  if (self->cancellable != NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Export"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_filter_set_name (filter, gloss_format_title (format));
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (file_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
cancel_clicked_cb (GlossExportDialog *self)
{
  if (self->cancellable != NULL)
    gloss_export_dialog_cancel (self);
  else
    gtk_window_destroy (GTK_WINDOW (self));
}

/* ------------------------------------------------------------------------- */
/* Test hooks                                                                */

AdwComboRow *
gloss_export_dialog_get_scope_row (GlossExportDialog *self)
{
  return self->scope_row;
}

AdwComboRow *
gloss_export_dialog_get_format_row (GlossExportDialog *self)
{
  return self->format_row;
}

GtkSwitch *
gloss_export_dialog_get_text_switch (GlossExportDialog *self)
{
  return self->text_switch;
}

GtkSwitch *
gloss_export_dialog_get_bom_switch (GlossExportDialog *self)
{
  return self->bom_switch;
}

/* ------------------------------------------------------------------------- */
/* GObject                                                                   */

/* Escape and the window manager's close: a running export is cancelled first, and
 * the dialog stays to say that no file was written. */
static gboolean
gloss_export_dialog_close_request (GtkWindow *window)
{
  GlossExportDialog *self = GLOSS_EXPORT_DIALOG (window);

  if (self->cancellable != NULL)
    {
      gloss_export_dialog_cancel (self);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (gloss_export_dialog_parent_class)->close_request (window);
}

static void
gloss_export_dialog_dispose (GObject *object)
{
  GlossExportDialog *self = GLOSS_EXPORT_DIALOG (object);

  self->disposed = TRUE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  gloss_export_dialog_set_weak (&self->error_dialog, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), GLOSS_TYPE_EXPORT_DIALOG);

  G_OBJECT_CLASS (gloss_export_dialog_parent_class)->dispose (object);
}

static void
gloss_export_dialog_finalize (GObject *object)
{
  GlossExportDialog *self = GLOSS_EXPORT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->scopes, g_ptr_array_unref);
  g_clear_pointer (&self->formats, g_array_unref);
  g_free (self->project_path);
  g_free (self->export_name);

  G_OBJECT_CLASS (gloss_export_dialog_parent_class)->finalize (object);
}

static void
gloss_export_dialog_class_init (GlossExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = gloss_export_dialog_dispose;
  object_class->finalize = gloss_export_dialog_finalize;
  window_class->close_request = gloss_export_dialog_close_request;

  /**
   * GlossExportDialog::exported:
   * @path: the file written
   * @format: its #GlossFormat
   * @warnings: what the format could not carry, one sentence each
   *
   * Emitted when an export is complete, just before the dialog closes.
   */
  signals[EXPORTED] = g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                    G_TYPE_STRING, G_TYPE_INT, G_TYPE_STRV);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Gloss/gloss-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GlossExportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, GlossExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, GlossExportDialog, choices_box);
  gtk_widget_class_bind_template_child (widget_class, GlossExportDialog, scope_row);
  gtk_widget_class_bind_template_child (widget_class, GlossExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, GlossExportDialog, options_group);
  gtk_widget_class_bind_template_child (widget_class, GlossExportDialog, text_row);
  gtk_widget_class_bind_template_child (widget_class, GlossExportDialog, text_switch);
  gtk_widget_class_bind_template_child (widget_class, GlossExportDialog, bom_row);
  gtk_widget_class_bind_template_child (widget_class, GlossExportDialog, bom_switch);
  gtk_widget_class_bind_template_child (widget_class, GlossExportDialog, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, GlossExportDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, GlossExportDialog, progress_bar);
  gtk_widget_class_bind_template_callback (widget_class, format_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gloss_export_dialog_init (GlossExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->scopes = g_ptr_array_new_with_free_func ((GDestroyNotify) scope_entry_free);
  self->formats = g_array_new (FALSE, FALSE, sizeof (GlossFormat));
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->export_button));
}

GlossExportDialog *
gloss_export_dialog_new (GtkWindow  *parent,
                         GlossStore *store,
                         const char *document_id,
                         const char *document_title)
{
  GlossExportDialog *self;

  g_return_val_if_fail (GLOSS_IS_STORE (store), NULL);

  self = g_object_new (GLOSS_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  self->project_path = g_strdup (gloss_store_get_path (store));
  gloss_export_dialog_fill_scopes (self, store, document_id, document_title);
  gloss_export_dialog_fill_formats (self);
  gloss_export_dialog_set_list_factory (self, self->scope_row);
  gloss_export_dialog_set_list_factory (self, self->format_row);
  format_selected_cb (self);
  /* Enter exports straight away; Tab walks through the choices. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->export_button));
  return self;
}

/* gloss-window-import.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Importing into the window's project: files in a thread with their own store
 * connection, text pasted from the clipboard, files dropped on the window.
 */
#define G_LOG_DOMAIN "gloss-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "gloss-exchange.h"
#include "gloss-import.h"
#include "gloss-readers.h"
#include "gloss-share.h"
#include "gloss-window-private.h"

/* ------------------------------------------------------------------------- */
/* Import: files in a thread, clipboard text, drag and drop                  */

typedef struct {
  char       *project_path;
  GStrv       paths;
  GPtrArray  *added;        /* ids of articles added */
  GPtrArray  *errors;       /* "file: reason" */
  GPtrArray  *duplicates;   /* file names */
  GPtrArray  *warnings;     /* "file: warning" */
  GPtrArray  *annotation_files; /* "Imported N annotations from file": one per annotation file */
  GPtrArray  *notes;        /* "file: note", from annotation files */
  char       *select_id;    /* a document added by an annotation file */
  guint       files_done;   /* files imported (not failed, not duplicates) */
  guint       files_seen;   /* files looked at before the end or a Cancel */
  gboolean    cancelled;
  gboolean    changed;      /* an annotation file added something */
  gboolean    labels_changed;
  char       *password;     /* nullable: for the encrypted files of this run */
  GPtrArray  *locked;       /* paths of encrypted files that need a (right) password */
  GPtrArray  *pending;      /* locked paths from an earlier run, still to ask for */
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_free (data->project_path);
  g_strfreev (data->paths);
  g_ptr_array_unref (data->added);
  g_ptr_array_unref (data->errors);
  g_ptr_array_unref (data->duplicates);
  g_ptr_array_unref (data->warnings);
  g_ptr_array_unref (data->annotation_files);
  g_ptr_array_unref (data->notes);
  g_free (data->select_id);
  if (data->password != NULL)
    {
      explicit_bzero (data->password, strlen (data->password));
      g_free (data->password);
    }
  g_ptr_array_unref (data->locked);
  g_ptr_array_unref (data->pending);
  g_free (data);
}

typedef struct {
  GlossWindow *self;
  double       fraction;
  char        *name;
  guint        page;        /* a paged file: pages read so far, of n_pages; else 0 */
  guint        n_pages;
} ImportProgress;

static void
import_progress_free (gpointer data)
{
  ImportProgress *p = data;

  g_object_unref (p->self);
  g_free (p->name);
  g_free (p);
}

static gboolean
import_progress_cb (gpointer data)
{
  ImportProgress *p = data;
  g_autofree char *text = NULL;

  if (!p->self->importing)
    return G_SOURCE_REMOVE;
  if (p->n_pages > 1)
    /* Translators: progress of an import: a file name, the page read, the pages in all */
    text = g_strdup_printf (_("Importing “%s”, page %u of %u…"), p->name, p->page, p->n_pages);
  else
    /* Translators: progress of an import, %s is a file name */
    text = g_strdup_printf (_("Importing “%s”…"), p->name);
  gtk_label_set_text (p->self->progress_label, text);
  gtk_progress_bar_set_fraction (p->self->progress_bar, p->fraction);
  return G_SOURCE_REMOVE;
}

/* The worker's place, for the progress of a paged file (a PDF, a scan). */
typedef struct {
  GlossWindow *self;
  const char  *name;
  guint        index;       /* the file's place in the run */
  guint        n_files;
} PageProgress;

/* Called in the worker thread after each page the reader finished. */
static void
import_page_progress_cb (guint    done,
                         guint    total,
                         gpointer user_data)
{
  PageProgress *pp = user_data;
  ImportProgress *progress = g_new0 (ImportProgress, 1);

  progress->self = g_object_ref (pp->self);
  progress->name = g_strdup (pp->name);
  progress->page = MIN (done + 1, total);
  progress->n_pages = total;
  progress->fraction = (pp->index + (total > 0 ? (double) done / total : 0)) / pp->n_files;
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, import_progress_cb, progress, import_progress_free);
}

/* Runs in the worker thread: what an annotation file (Gloss JSON, W3C, JSON Lines,
 * brat) brought, for the summary after the import. */
static void
note_annotation_file (ImportData        *data,
                      const char        *name,
                      GlossImportReport *report)
{
  if (report->annotations_added > 0 || report->documents_added > 0 || report->labels_added > 0)
    {
      data->changed = TRUE;
      data->labels_changed |= report->labels_added > 0;
      if (report->documents_added > 0)
        {
          g_autofree char *annotations =
            g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u annotation", "%u annotations",
                                          report->annotations_added), report->annotations_added);
          g_autofree char *documents =
            g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u document", "%u documents",
                                          report->documents_added), report->documents_added);

          /* Translators: a file name, then "12 annotations", "3 documents" */
          g_ptr_array_add (data->annotation_files,
                           g_strdup_printf (_("Imported “%s”: %s, %s"), name, annotations, documents));
        }
      else
        g_ptr_array_add (data->annotation_files,
                         g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u annotation from “%s”",
                                                       "Imported %u annotations from “%s”",
                                                       report->annotations_added),
                                          report->annotations_added, name));
    }
  else
    g_ptr_array_add (data->annotation_files,
                     g_strdup_printf (_("Nothing new in “%s”: the project has it all already"), name));

  if (report->new_documents->len > 0)
    {
      const GlossDocument *last = g_ptr_array_index (report->new_documents, report->new_documents->len - 1);

      g_free (data->select_id);
      data->select_id = g_strdup (last->id);
    }
  for (guint i = 0; i < report->notes->len; i++)
    g_ptr_array_add (data->notes, g_strdup_printf ("%s: %s", name, (char *) g_ptr_array_index (report->notes, i)));
}

/* Runs in a worker thread: own store connection, no GTK. */
static void
import_thread_cb (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ImportData *data = task_data;
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint n = g_strv_length (data->paths);

  store = gloss_store_open (data->project_path, GLOSS_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      const char *path = data->paths[i];
      g_autofree char *name = gloss_web_is_address (path) ? g_strdup (path) : g_filename_display_basename (path);
      g_autoptr(GlossImportOutcome) outcome = NULL;
      ImportProgress *progress;
      PageProgress page_progress = { GLOSS_WINDOW (source_object), name, i, n };
      GlossReadOptions options = { 0 };

      if (g_cancellable_is_cancelled (cancellable))
        {
          data->cancelled = TRUE;
          break;
        }
      data->files_seen++;

      progress = g_new0 (ImportProgress, 1);
      progress->self = g_object_ref (source_object);
      progress->fraction = (double) i / n;
      progress->name = g_strdup (name);
      g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, import_progress_cb, progress, import_progress_free);

      /* By content, not by name: a .json may be Gloss JSON or W3C, a .zip a brat
       * export; anything else is an article. The same core call as gloss-cli import. */
      outcome = gloss_import_outcome_new ();
      options.password = data->password;
      options.progress = import_page_progress_cb;
      options.progress_data = &page_progress;
      options.cancellable = cancellable;
      if (gloss_exchange_import_any_with_options (store, path, &options, outcome, &error))
        {
          data->files_done++;
          if (outcome->documents->len > 0)
            {
              for (guint j = 0; j < outcome->documents->len; j++)
                g_ptr_array_add (data->added, g_strdup (((GlossDocument *) outcome->documents->pdata[j])->id));
              if (outcome->duplicates > 0)
                g_ptr_array_add (data->warnings,
                                 g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "%s: %u message was already in the project",
                                                               "%s: %u messages were already in the project",
                                                               outcome->duplicates),
                                                  name, outcome->duplicates));
              if (outcome->warning != NULL)
                g_ptr_array_add (data->warnings, g_strdup_printf ("%s: %s", name, outcome->warning));
            }
          else
            note_annotation_file (data, name, outcome->report);
        }
      else if (g_error_matches (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE))
        g_ptr_array_add (data->duplicates, g_strdup (name));
      else if (g_error_matches (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_PASSWORD))
        /* Asked for after the run, one file at a time: nothing of it was stored. */
        g_ptr_array_add (data->locked, g_strdup (path));
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Cancelled inside a long file (a PDF being read page by page): nothing of
           * it was stored; the files before it stay. */
          data->files_seen--;
          data->cancelled = TRUE;
          break;
        }
      else if (outcome->format != GLOSS_FORMAT_ARTICLE)
        g_ptr_array_add (data->errors, g_strdup (error->message));   /* it names the file and format */
      else
        g_ptr_array_add (data->errors, g_strdup_printf ("%s: %s", name, error->message));
      g_clear_error (&error);
    }
  gloss_store_close (store);
  g_task_return_boolean (task, TRUE);
}

/* What annotation files brought with them that the user should know: labels matched by
 * name, documents matched by text, annotations that found no place in the text. */
static void
gloss_window_show_import_notes (GlossWindow *self,
                                GPtrArray   *notes)
{
  g_autoptr(GString) body = g_string_new (NULL);
  const guint shown = 20;

  for (guint i = 0; i < notes->len && i < shown; i++)
    g_string_append_printf (body, "%s• %s", i ? "\n" : "", (char *) g_ptr_array_index (notes, i));
  if (notes->len > shown)
    {
      g_string_append_c (body, '\n');
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "…and %u more note", "…and %u more notes",
                                                 notes->len - shown),
                              notes->len - shown);
    }
  gloss_window_show_message (self, _("Import Notes"), body->str);
}

static void import_paths_full (GlossWindow        *self,
                               const char * const *paths,
                               const char         *password,
                               GPtrArray          *pending);

/* Asks for the password of the first of @queue's encrypted files (an AdwMessageDialog
 * with a password entry); Open imports that file with it, Skip leaves it out; either
 * way the rest of @queue are asked for after. @retry: the last password was wrong. */
static void ask_password (GlossWindow *self,
                          GPtrArray   *queue,
                          gboolean     retry);

static void
password_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      gpointer          user_data)
{
  GlossWindow *self = GLOSS_WINDOW (user_data);
  GPtrArray *queue = g_object_get_data (G_OBJECT (dialog), "gloss-queue");
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "gloss-password-entry");
  g_autoptr(GPtrArray) rest = g_ptr_array_new_with_free_func (g_free);
  const char *path = g_ptr_array_index (queue, 0);

  for (guint i = 1; i < queue->len; i++)
    g_ptr_array_add (rest, g_strdup (g_ptr_array_index (queue, i)));

  if (g_strcmp0 (response, "open") == 0 && gtk_editable_get_text (entry)[0] != '\0')
    {
      const char *paths[] = { path, NULL };

      import_paths_full (self, paths, gtk_editable_get_text (entry), rest);
    }
  else
    {
      g_autofree char *name = g_filename_display_basename (path);
      g_autofree char *text = g_strdup_printf (_("“%s” was not imported: it needs a password"), name);

      gloss_window_toast (self, text);
      if (rest->len > 0)
        ask_password (self, g_steal_pointer (&rest), FALSE);
    }
  /* Nothing of the typed password stays in the entry's buffer. */
  gtk_editable_set_text (entry, "");
  /* GTK 4.8's password entry, destroyed while it has the focus, notifies a handler
   * of its own after it is gone (a critical, a crash under G_DEBUG=fatal-warnings):
   * the focus leaves it first. */
  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);
}

static void
ask_password (GlossWindow *self,
              GPtrArray   *queue,
              gboolean     retry)
{
  const char *path = g_ptr_array_index (queue, 0);
  g_autofree char *name = g_filename_display_basename (path);
  /* Translators: heading of the dialog asking for a PDF's password; %s is a file name */
  g_autofree char *heading = g_strdup_printf (_("“%s” Is Protected"), name);
  const char *body = retry
                     ? _("The password was not right. Try again, or skip this file.")
                     : _("This document is encrypted. Enter its password to import it.");
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  GtkWidget *entry = gtk_password_entry_new ();

  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Password"), -1);
  /* Enter presses Import, the default response's button (which closes the dialog). */
  g_object_set (entry, "activates-default", TRUE, NULL);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "skip", _("_Skip"), "open", _("_Import"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "open", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "open");
  adw_message_dialog_set_close_response (dialog, "skip");
  g_object_set_data_full (G_OBJECT (dialog), "gloss-queue", queue, (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data (G_OBJECT (dialog), "gloss-password-entry", entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (password_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GlossWindow *self = GLOSS_WINDOW (object);
  ImportData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->importing = FALSE;
  g_clear_handle_id (&self->import_reveal_id, g_source_remove);
  g_clear_object (&self->import_cancellable);
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  gloss_window_update_actions (self);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gloss_window_show_message (self, _("Import Failed"), error->message);
      return;
    }
  if (self->store == NULL ||
      g_strcmp0 (gloss_store_get_path (self->store), data->project_path) != 0)
    return;

  /* The worker's commit moved data_version, but it is this window's own work, reloaded
   * just below: take the new version as seen. (A change by another program in the
   * same seconds is then only picked up with the next one.) */
  self->data_version = gloss_share_data_version (self->store, NULL);

  /* The worker's connection changed the file: this one's change signals did not fire. */
  if (data->labels_changed)
    gloss_window_reload_labels (self);
  if (data->added->len > 0 || data->changed)
    gloss_window_reload_documents (self, data->added->len > 0
                                         ? g_ptr_array_index (data->added, data->added->len - 1)
                                         : data->select_id);

  if (data->errors->len > 0)
    {
      g_autoptr(GString) body = g_string_new (NULL);
      guint n = g_strv_length (data->paths);

      /* A summary first: one broken file must not hide that the others came in. */
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "Imported %u of %u file.",
                                                 "Imported %u of %u files.", n),
                              data->files_done, n);
      if (data->duplicates->len > 0)
        {
          g_string_append_c (body, ' ');
          g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "%u was already in the project.",
                                                     "%u were already in the project.", data->duplicates->len),
                                  data->duplicates->len);
        }
      if (data->cancelled)
        {
          g_string_append_c (body, ' ');
          g_string_append (body, _("The import was cancelled."));
        }
      for (guint i = 0; i < data->errors->len; i++)
        g_string_append_printf (body, "\n\n• %s", (char *) g_ptr_array_index (data->errors, i));
      gloss_window_show_message (self,
                                 g_dngettext (GETTEXT_PACKAGE, "A File Could Not Be Imported",
                                              "Some Files Could Not Be Imported", data->errors->len),
                                 body->str);
    }
  else if (data->notes->len > 0)
    gloss_window_show_import_notes (self, data->notes);

  if (data->duplicates->len == 1)
    {
      g_autofree char *text = g_strdup_printf (_("“%s” is already in the project"),
                                               (char *) g_ptr_array_index (data->duplicates, 0));
      gloss_window_toast (self, text);
    }
  else if (data->duplicates->len > 1)
    {
      g_autofree char *text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u file is already in the project",
                                      "%u files are already in the project", data->duplicates->len),
                         data->duplicates->len);
      gloss_window_toast (self, text);
    }
  if (data->cancelled && data->errors->len == 0)
    {
      g_autofree char *text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Import cancelled: %u of %u file imported",
                                      "Import cancelled: %u of %u files imported", g_strv_length (data->paths)),
                         data->files_done, g_strv_length (data->paths));
      gloss_window_toast (self, text);
    }
  for (guint i = 0; i < data->warnings->len && i < 3; i++)
    gloss_window_toast (self, g_ptr_array_index (data->warnings, i));
  for (guint i = 0; i < data->annotation_files->len && i < 3; i++)
    gloss_window_toast (self, g_ptr_array_index (data->annotation_files, i));
  if (data->added->len > 0)
    {
      g_autofree char *text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u article", "Imported %u articles",
                                      data->added->len),
                         data->added->len);
      gloss_window_toast (self, text);
    }

  /* Encrypted files: their passwords are asked for one at a time, after the run (a
   * batch does not stop at the first one). A wrong password asks again. */
  if (!data->cancelled && data->locked->len + data->pending->len > 0)
    {
      GPtrArray *queue = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < data->locked->len; i++)
        g_ptr_array_add (queue, g_strdup (g_ptr_array_index (data->locked, i)));
      for (guint i = 0; i < data->pending->len; i++)
        g_ptr_array_add (queue, g_strdup (g_ptr_array_index (data->pending, i)));
      ask_password (self, queue, data->password != NULL && data->locked->len > 0);
    }
}

/* Work that ends within a second shows no progress at all; longer work shows it
 * with its Cancel button. */
static gboolean
import_reveal_cb (gpointer user_data)
{
  GlossWindow *self = user_data;

  self->import_reveal_id = 0;
  if (self->importing)
    gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  return G_SOURCE_REMOVE;
}

void
gloss_window_import_cancel_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  GlossWindow *self = GLOSS_WINDOW (widget);

  /* The file being read is finished (its own transaction); the rest are left. */
  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
}

void
gloss_window_import_paths (GlossWindow        *self,
                           const char * const *paths)
{
  g_return_if_fail (GLOSS_IS_WINDOW (self));

  import_paths_full (self, paths, NULL, NULL);
}

/* @password: for the encrypted files among @paths; @pending: locked files of an
 * earlier run whose passwords are asked for after this one. */
static void
import_paths_full (GlossWindow        *self,
                   const char * const *paths,
                   const char         *password,
                   GPtrArray          *pending)
{
  g_autoptr(GTask) task = NULL;
  ImportData *data;

  if (!gloss_window_can_edit (self) || paths == NULL || paths[0] == NULL)
    return;
  if (self->importing)
    {
      gloss_window_toast (self, _("An import is already running"));
      return;
    }

  data = g_new0 (ImportData, 1);
  data->project_path = g_strdup (gloss_store_get_path (self->store));
  data->paths = g_strdupv ((char **) paths);
  data->added = g_ptr_array_new_with_free_func (g_free);
  data->errors = g_ptr_array_new_with_free_func (g_free);
  data->duplicates = g_ptr_array_new_with_free_func (g_free);
  data->warnings = g_ptr_array_new_with_free_func (g_free);
  data->annotation_files = g_ptr_array_new_with_free_func (g_free);
  data->notes = g_ptr_array_new_with_free_func (g_free);
  data->password = g_strdup (password);
  data->locked = g_ptr_array_new_with_free_func (g_free);
  data->pending = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; pending != NULL && i < pending->len; i++)
    g_ptr_array_add (data->pending, g_strdup (g_ptr_array_index (pending, i)));

  self->importing = TRUE;
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_text (self->progress_label, _("Importing…"));
  g_clear_handle_id (&self->import_reveal_id, g_source_remove);
  self->import_reveal_id = g_timeout_add (1000, import_reveal_cb, self);
  g_clear_object (&self->import_cancellable);
  self->import_cancellable = g_cancellable_new ();
  if (!adw_flap_get_folded (self->sidebar_flap))
    adw_flap_set_reveal_flap (self->sidebar_flap, TRUE);
  gloss_window_update_actions (self);

  task = g_task_new (self, self->import_cancellable, import_done_cb, NULL);
  /* Cancel keeps what was imported before it: the result says what that was. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, gloss_window_import_paths);
  g_task_set_task_data (task, data, (GDestroyNotify) import_data_free);
  g_task_run_in_thread (task, import_thread_cb);
}

gboolean
gloss_window_is_importing (GlossWindow *self)
{
  return self->importing;
}

static void
gloss_window_import_files (GlossWindow *self,
                           GListModel  *files)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  guint n = g_list_model_get_n_items (files);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);
      char *path = g_file_get_path (file);

      if (path != NULL)
        g_ptr_array_add (paths, path);
    }
  g_ptr_array_add (paths, NULL);
  gloss_window_import_paths (self, (const char * const *) paths->pdata);
}

static void
import_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    GlossWindow     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));

      gloss_window_import_files (self, files);
    }
  g_object_unref (dialog);
}

void
gloss_window_import_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  GlossWindow *self = GLOSS_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) articles = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) annotations = gtk_file_filter_new ();
  const char * const article_patterns[] = { "*.txt", "*.md", "*.html", "*.htm", "*.rtf", "*.docx", "*.odt",
                                             "*.epub", "*.eml", "*.mbox", NULL };
  /* What gloss_exchange_sniff() recognises; the content decides, these only list them. */
  const char * const annotation_patterns[] = { "*.json", "*.jsonld", "*.jsonl", "*.ndjson", "*.zip", NULL };

  chooser = gtk_file_chooser_native_new (_("Import Articles or Annotations"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);

  gtk_file_filter_set_name (all, _("Articles and Annotations"));
  gtk_file_filter_set_name (articles, _("Articles (text, web pages, RTF, Word, OpenDocument, EPUB, e-mail)"));
  gtk_file_filter_set_name (annotations, _("Annotations (Gloss JSON, W3C, JSON Lines, brat zip)"));
  for (guint i = 0; article_patterns[i] != NULL; i++)
    {
      gtk_file_filter_add_pattern (all, article_patterns[i]);
      gtk_file_filter_add_pattern (articles, article_patterns[i]);
    }
  for (guint i = 0; annotation_patterns[i] != NULL; i++)
    {
      gtk_file_filter_add_pattern (all, annotation_patterns[i]);
      gtk_file_filter_add_pattern (annotations, annotation_patterns[i]);
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), articles);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), annotations);

  g_signal_connect (chooser, "response", G_CALLBACK (import_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

gboolean
gloss_window_drop_cb (GtkDropTarget *target,
                      const GValue  *value,
                      double         x,
                      double         y,
                      GlossWindow   *self)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  if (!gloss_window_can_edit (self) || !G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  for (GSList *l = gdk_file_list_get_files (g_value_get_boxed (value)); l; l = l->next)
    {
      char *path = g_file_get_path (l->data);

      if (path != NULL)
        g_ptr_array_add (paths, path);
    }
  g_ptr_array_add (paths, NULL);
  gloss_window_import_paths (self, (const char * const *) paths->pdata);
  return TRUE;
}

static void
import_address_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            GlossWindow      *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autofree char *address = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  const char *paths[] = { address, NULL };

  if (!g_str_equal (response, "import") || *address == '\0')
    return;
  if (!gloss_web_is_address (address))
    {
      gloss_window_show_message (self, _("Not a Web Address"),
                                 _("Give an address that starts with http:// or https://."));
      return;
    }
  gloss_window_import_paths (self, paths);
}

/* Import from Address: the page is fetched in the import thread, like a file. */
void
gloss_window_import_address_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  GlossWindow *self = GLOSS_WINDOW (widget);
  GtkWidget *dialog;
  GtkWidget *entry;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Import from Address"),
                                   _("Gloss fetches the web page and adds its readable text as an article, "
                                     "with the address and the time it was retrieved."));
  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_URL);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "https://");
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Web address"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "import", _("_Import"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "import", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "import");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (import_address_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
paste_text_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GlossWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *normalized = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GlossDocument) document = NULL;

  text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  if (self->store == NULL || !gloss_window_can_edit (self))
    return;
  if (text != NULL)
    normalized = gloss_import_normalize_text (text, strlen (text));
  /* A web address pasted: the page, not the address, is the article. */
  if (normalized != NULL && gloss_web_is_address (normalized) && strpbrk (normalized, " \t\n") == NULL)
    {
      const char *paths[] = { normalized, NULL };

      gloss_window_import_paths (self, paths);
      return;
    }
  if (normalized == NULL || *normalized == '\0')
    {
      gloss_window_toast (self, _("The clipboard holds no text to paste"));
      return;
    }

  title = gloss_import_guess_title (normalized);
  document = gloss_store_add_document (self->store, title, normalized, NULL, "paste", NULL, &error);
  if (document == NULL)
    {
      gloss_window_toast_error (self, error);
      return;
    }
  gloss_window_reload_documents (self, document->id);
  gloss_window_toast (self, _("Pasted text added as a new article"));
}

void
gloss_window_paste_document_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  GlossWindow *self = GLOSS_WINDOW (widget);

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), self->cancellable,
                                 paste_text_cb, g_object_ref (self));
}

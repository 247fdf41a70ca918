/* gloss-window-project.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project shown in the window: new, open and sample projects, the analyst's
 * name, Send a Copy, and keeping in step with changes other programs make.
 */
#define G_LOG_DOMAIN "gloss-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-annotator-filter.h"
#include "gloss-app-sample.h"
#include "gloss-document-item.h"
#include "gloss-document-properties.h"
#include "gloss-document-view.h"
#include "gloss-field-editor.h"
#include "gloss-links-editor.h"
#include "gloss-project.h"
#include "gloss-share.h"
#include "gloss-undo.h"
#include "gloss-window-private.h"
#include "gloss-util.h"

static void
new_project_response_cb (GtkNativeDialog *dialog,
                         int              response,
                         GlossWindow     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autofree char *base = g_file_get_basename (file);
      g_autoptr(GlossStore) store = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *network = NULL;
      char *dot;

      if (!g_str_has_suffix (path, ".gloss"))
        {
          char *with_suffix = g_strconcat (path, ".gloss", NULL);

          g_free (path);
          path = with_suffix;
        }
      if ((dot = strrchr (base, '.')) != NULL && dot != base)
        *dot = '\0';
      if ((network = gloss_share_unsafe_filesystem_reason (path)) != NULL)
        {
          /* Translators: %s says why, e.g. "it is on a network share (NFS), where Gloss
           * cannot lock the project file safely" */
          g_autofree char *body = g_strdup_printf (_("The project was not created there: %s. Create it in a "
                                                     "folder on this computer; Send a Copy shares it later."),
                                                   network);

          gloss_window_show_message (self, _("Could Not Create Project"), body);
          g_object_unref (dialog);
          return;
        }
      store = gloss_project_create (path, base, GLOSS_PROJECT_CREATE_DEFAULT, &error);
      if (store == NULL)
        gloss_window_show_message (self, _("Could Not Create Project"), error->message);
      else
        {
          gloss_window_set_store (self, store);
          g_settings_set_string (self->settings, "recent-project", path);
        }
    }
  g_object_unref (dialog);
}

void
gloss_window_new_project_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  GlossWindow *self = GLOSS_WINDOW (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("New Project"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Create"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* Translators: default file name of a new project */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("Untitled.gloss"));
  g_signal_connect (chooser, "response", G_CALLBACK (new_project_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_project_response_cb (GtkNativeDialog *dialog,
                          int              response,
                          GlossWindow     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        gloss_window_open_path (self, path);
    }
  g_object_unref (dialog);
}

void
gloss_window_open_project_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  GlossWindow *self = GLOSS_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Open Project"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Gloss Projects"));
  gtk_file_filter_add_pattern (filter, "*.gloss");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (open_project_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ------------------------------------------------------------------------- */
/* Send a Copy                                                               */

typedef struct {
  char *project_path;
  char *target;
} CopyData;

static void
copy_data_free (CopyData *data)
{
  g_free (data->project_path);
  g_free (data->target);
  g_free (data);
}

/* A connection of its own, read-only: the copy is one read transaction there, so
 * the window (and other programs) can go on writing meanwhile. */
static void
copy_thread_cb (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  CopyData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_store_open (data->project_path, GLOSS_STORE_OPEN_READ_ONLY, &error);

  if (store == NULL || !gloss_share_snapshot (store, data->target, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  gloss_store_close (store);
  g_task_return_boolean (task, TRUE);
}

static void
copy_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GlossWindow *self = GLOSS_WINDOW (object);
  CopyData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_filename_display_basename (data->target);
  g_autofree char *title = NULL;
  AdwToast *toast;

  self->copying = FALSE;
  gloss_window_update_actions (self);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gloss_window_show_message (self, _("Could Not Send a Copy"), error->message);
      return;
    }

  /* Translators: %s is the file name of the copy */
  title = g_strdup_printf (_("Copy saved to “%s”"), name);
  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 8);
  adw_toast_set_button_label (toast, _("_Show in Folder"));
  g_object_set_data_full (G_OBJECT (toast), "gloss-path", g_strdup (data->target), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (gloss_window_export_toast_clicked_cb), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
gloss_window_send_copy_to (GlossWindow *self,
                           const char  *path)
{
  g_autoptr(GTask) task = NULL;
  CopyData *data;

  g_return_if_fail (GLOSS_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  if (self->store == NULL)
    return;
  if (self->copying)
    {
      gloss_window_toast (self, _("A copy is already being written"));
      return;
    }
  /* A note being typed belongs in the copy. */
  if (self->note_timeout_id != 0)
    gloss_window_save_note (self);

  data = g_new0 (CopyData, 1);
  data->project_path = g_strdup (gloss_store_get_path (self->store));
  data->target = g_strdup (path);
  self->copying = TRUE;
  gloss_window_update_actions (self);

  task = g_task_new (self, self->cancellable, copy_done_cb, NULL);
  g_task_set_source_tag (task, gloss_window_send_copy_to);
  g_task_set_task_data (task, data, (GDestroyNotify) copy_data_free);
  g_task_run_in_thread (task, copy_thread_cb);
}

gboolean
gloss_window_is_copying (GlossWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_WINDOW (self), FALSE);
  return self->copying;
}

static void
send_copy_response_cb (GtkNativeDialog *dialog,
                       int              response,
                       GlossWindow     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path == NULL)
        gloss_window_show_message (self, _("Could Not Send a Copy"),
                                   _("Choose a folder on this computer or a mounted share."));
      else
        {
          if (!g_str_has_suffix (path, ".gloss"))
            {
              char *with_suffix = g_strconcat (path, ".gloss", NULL);

              g_free (path);
              path = with_suffix;
            }
          gloss_window_send_copy_to (self, path);
        }
    }
  g_object_unref (dialog);
}

void
gloss_window_send_copy_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  GlossWindow *self = GLOSS_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  g_autofree char *network = NULL;
  g_autoptr(GFile) folder = NULL;
  const char *project;
  char *dot;

  if (self->store == NULL)
    return;
  project = gloss_store_get_path (self->store);
  base = g_filename_display_basename (project);
  if ((dot = strrchr (base, '.')) != NULL && dot != base)
    *dot = '\0';
  /* Translators: default file name of a copy; %s is the project's file name */
  name = g_strdup_printf (_("%s (copy).gloss"), base);

  /* From a network share, the copy is usually meant for this computer. */
  network = gloss_share_unsafe_filesystem_reason (project);
  if (network != NULL)
    {
      const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

      folder = g_file_new_for_path (documents != NULL ? documents : g_get_home_dir ());
    }
  else
    {
      g_autoptr(GFile) file = g_file_new_for_path (project);

      folder = g_file_get_parent (file);
    }

  chooser = gtk_file_chooser_native_new (_("Send a Copy"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (send_copy_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ------------------------------------------------------------------------- */
/* Changes made by other programs                                            */

/* Brings the window in step with a file another program changed (gloss-cli, a
 * second Gloss, a merge): the codebook, the document list and the shown document's
 * annotations are read again, while the shown document, the selected annotation and
 * the reading position stay where they were when they still exist. */
static void
gloss_window_reload_after_external_change (GlossWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *current = NULL;
  g_autofree char *selected = NULL;
  const GlossDocument *listed = NULL;
  GListModel *shown;

  /* A note being typed is the newest change of all: it is saved first. */
  if (self->note_timeout_id != 0)
    gloss_window_save_note (self);

  /* Undo steps name rows by id and carry the values from before each step. The
   * other program may have changed or deleted those rows since (or merged newer
   * versions in), so undoing a step now could silently overwrite its work or fail
   * half-way through a series. The steps are dropped instead, and the toast below
   * says that the project was changed elsewhere. */
  gloss_undo_stack_clear (self->undo);

  gloss_window_reload_labels (self);

  documents = gloss_store_list_documents (self->store, &error);
  if (documents == NULL)
    {
      gloss_window_toast_error (self, error);
      return;
    }
  current = self->document ? g_strdup (self->document->id) : NULL;
  for (guint i = 0; i < documents->len; i++)
    {
      const GlossDocument *doc = g_ptr_array_index (documents, i);

      if (current != NULL && g_strcmp0 (doc->id, current) == 0)
        listed = doc;
    }
  if (listed == NULL)
    {
      /* Nothing was shown, or the other program deleted the shown document. */
      g_clear_pointer (&self->document, gloss_document_free);
      gloss_window_reload_documents (self, NULL);
      gloss_window_update_title (self);
      gloss_window_update_actions (self);
      return;
    }

  for (guint i = 0; i < documents->len; i++)
    g_ptr_array_add (items, gloss_document_item_new (g_ptr_array_index (documents, i)));
  g_signal_handlers_block_by_func (self->documents_selection, gloss_window_document_selection_changed_cb, self);
  g_list_store_splice (self->documents, 0, g_list_model_get_n_items (G_LIST_MODEL (self->documents)),
                       items->pdata, items->len);
  shown = G_LIST_MODEL (self->documents_selection);
  gtk_single_selection_set_selected (self->documents_selection, GTK_INVALID_LIST_POSITION);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(GlossDocumentItem) item = g_list_model_get_item (shown, i);

      if (g_strcmp0 (gloss_document_item_get_id (item), current) == 0)
        {
          gtk_single_selection_set_selected (self->documents_selection, i);
          break;
        }
    }
  g_signal_handlers_unblock_by_func (self->documents_selection, gloss_window_document_selection_changed_cb, self);

  /* The text of a document never changes; its title may have. */
  g_free (self->document->title);
  self->document->title = g_strdup (listed->title);

  annotations = gloss_store_list_annotations (self->store, current, &error);
  if (annotations == NULL)
    {
      gloss_window_toast_error (self, error);
      return;
    }
  selected = g_strdup (self->detail_id);
  self->keep_view_place = TRUE;
  gloss_document_view_set_annotations (self->document_view, annotations);
  gloss_window_set_annotation_items (self, annotations);
  if (selected != NULL)
    gloss_window_select_annotation (self, selected);
  self->keep_view_place = FALSE;

  gloss_window_update_title (self);
  gloss_window_update_actions (self);
}

/* Whether another connection committed to the project since we last looked; if so,
 * reloads. Cheap: PRAGMA data_version reads a counter. */
gboolean
gloss_window_check_external_change (GlossWindow *self)
{
  g_autoptr(GError) error = NULL;
  gint64 version;

  /* The window's own import writes through a connection of its own: that is no
   * outside change, and import_done_cb takes the version it leaves as seen. */
  if (self->store == NULL || self->importing || self->merging)
    return FALSE;
  version = gloss_share_data_version (self->store, &error);
  if (version < 0)
    {
      /* Busy or gone for a moment: look again at the next tick. */
      g_debug ("Could not check for outside changes: %s", error->message);
      return FALSE;
    }
  if (version == self->data_version)
    return FALSE;

  self->data_version = version;
  g_debug ("Project changed by another connection (data_version %" G_GINT64_FORMAT ")", version);
  gloss_window_reload_after_external_change (self);
  gloss_window_toast (self, _("Project updated by another program"));
  return TRUE;
}

void
gloss_window_reload_project (GlossWindow *self)
{
  g_return_if_fail (GLOSS_IS_WINDOW (self));

  if (self->store == NULL)
    return;
  /* This window's own work, whichever connection wrote it: no outside change. */
  self->data_version = gloss_share_data_version (self->store, NULL);
  gloss_window_reload_after_external_change (self);
}

void
gloss_window_set_merging (GlossWindow *self,
                          gboolean     merging)
{
  g_return_if_fail (GLOSS_IS_WINDOW (self));

  self->merging = merging;
  gloss_window_update_actions (self);
}

/* ------------------------------------------------------------------------- */
/* Projects                                                                  */

static void
store_changed_cb (GlossWindow     *self,
                  GlossChangeKind  kind,
                  const char      *detail,
                  GlossStore      *store)
{
  if (kind == GLOSS_CHANGE_LABELS)
    {
      g_autofree char *selected = g_strdup (self->detail_id);

      gloss_window_reload_labels (self);
      /* Names and colours of labels show in every annotation row: reload them. */
      if (self->document != NULL)
        {
          g_autoptr(GPtrArray) annotations = gloss_store_list_annotations (self->store, self->document->id, NULL);

          if (annotations != NULL)
            {
              gloss_document_view_set_annotations (self->document_view, annotations);
              gloss_window_set_annotation_items (self, annotations);
              if (selected != NULL)
                gloss_window_select_annotation (self, selected);
            }
        }
    }
  else if (kind == GLOSS_CHANGE_PROJECT)
    gloss_window_update_title (self);
}

/* The history names the analyst, as annotations do, for changes made here. */
void
gloss_window_sync_history_user (GlossWindow *self)
{
  g_autofree char *name = NULL;

  if (self->store != NULL)
    gloss_store_set_user (self->store, gloss_window_dup_annotator (self, &name));
}

static void
analyst_name_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          GlossWindow      *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (*name == '\0')
    {
      g_free (name);
      name = gloss_default_annotator ();
    }
  g_settings_set_string (self->settings, "analyst-name", name);
}

/* The name stamped on annotations is asked once, the first time it is needed. */
static void
gloss_window_ask_analyst_name (GlossWindow *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "analyst-name");
  GtkWidget *dialog;
  GtkWidget *entry;
  g_autofree char *proposed = NULL;

  if (*name != '\0')
    return;
  proposed = gloss_default_annotator ();

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("What Is Your Name?"),
                                   _("Gloss puts your name on every annotation you make, so that "
                                     "colleagues can see who wrote what. You can change it later "
                                     "in Preferences."));
  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (entry), proposed);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Your name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "ok", _("_Continue"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "ok", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  g_signal_connect_object (dialog, "response", G_CALLBACK (analyst_name_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

void
gloss_window_set_store (GlossWindow *self,
                        GlossStore  *store)
{
  const char *reason;

  g_return_if_fail (GLOSS_IS_WINDOW (self));
  g_return_if_fail (store == NULL || GLOSS_IS_STORE (store));

  if (self->note_timeout_id != 0)
    gloss_window_save_note (self);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->codebook != NULL)
    gtk_window_destroy (self->codebook);
  /* It exports the project it was opened on, through its own connection: let a
   * running export finish (or be cancelled) there. A new dialog serves this one. */
  gloss_window_set_weak (&self->export_dialog, NULL);
  g_set_object (&self->store, store);
  gloss_window_views_set_store (self);
  gloss_undo_stack_clear (self->undo);
  g_clear_pointer (&self->document, gloss_document_free);
  gloss_annotator_filter_set_store (self->annotator_filter, store);
  gloss_field_editor_set_context (self->field_editor, store, self->undo);
  gloss_links_editor_set_context (self->links_editor, store, self->undo, NULL);
  gloss_document_properties_set_document (self->document_properties, store, NULL);
  gloss_document_properties_set_undo_stack (self->document_properties, self->undo);

  if (store == NULL)
    {
      self->data_version = -1;
      g_list_store_remove_all (self->documents);
      g_list_store_remove_all (self->annotations);
      gtk_stack_set_visible_child_name (self->main_stack, "welcome");
      gloss_window_update_title (self);
      gloss_window_update_actions (self);
      return;
    }

  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  gloss_window_sync_history_user (self);

  reason = gloss_store_get_read_only_reason (store);
  if (gloss_store_is_read_only (store))
    {
      g_autofree char *network = gloss_share_unsafe_filesystem_reason (gloss_store_get_path (store));
      g_autofree char *text = NULL;

      if (network != NULL)
        /* Translators: %s says why, e.g. "it is on a network share (NFS), where Gloss
         * cannot lock the project file safely" */
        text = g_strdup_printf (_("This project is open for reading only: %s. To work on it, send a copy "
                                  "to a folder on this computer and open the copy."), network);
      else
        text = g_strdup_printf (_("This project is open for reading only: %s"),
                                reason ? reason : _("the file cannot be written."));
      gtk_label_set_text (self->banner_label, text);
    }
  gtk_revealer_set_reveal_child (self->banner_revealer, gloss_store_is_read_only (store));
  gloss_document_view_set_editable (self->document_view, !gloss_store_is_read_only (store));

  gtk_stack_set_visible_child_name (self->main_stack, "project");
  gloss_window_reload_labels (self);
  gloss_window_reload_documents (self, NULL);
  gloss_window_update_title (self);
  gloss_window_update_actions (self);
  /* What this connection sees now is the baseline for changes by other programs. */
  self->data_version = gloss_share_data_version (store, NULL);

  if (self->document != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->document_view));
  if (!gloss_store_is_read_only (store))
    gloss_window_ask_analyst_name (self);
}

GlossStore *
gloss_window_get_store (GlossWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_WINDOW (self), NULL);
  return self->store;
}

static void
gloss_window_show_open_error (GlossWindow  *self,
                              const char   *path,
                              const GError *error)
{
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree char *body = NULL;
  const char *heading = _("Could Not Open Project");

  if (error->domain == GLOSS_STORE_ERROR)
    {
      switch (error->code)
        {
        case GLOSS_STORE_ERROR_NOT_FOUND:
          heading = _("Project Not Found");
          body = g_strdup_printf (_("There is no file “%s”. It may have been moved or deleted."), name);
          break;
        case GLOSS_STORE_ERROR_NOT_SQLITE:
        case GLOSS_STORE_ERROR_NOT_GLOSS:
          heading = _("Not a Gloss Project");
          body = g_strdup_printf (_("“%s” is not a Gloss project file. To read an article, open or "
                                    "create a project and import the article into it."), name);
          break;
        case GLOSS_STORE_ERROR_TOO_NEW:
          heading = _("Project Made by a Newer Gloss");
          body = g_strdup_printf (_("“%s” was saved by a newer version of Gloss. Update Gloss to open it."),
                                  name);
          break;
        case GLOSS_STORE_ERROR_CORRUPT:
          heading = _("Project Is Damaged");
          body = g_strdup_printf (_("“%s” is damaged and cannot be opened safely. If you have a backup "
                                    "copy, open that instead.\n\nDetails: %s"), name, error->message);
          break;
        case GLOSS_STORE_ERROR_BUSY:
          heading = _("Project Is Busy");
          body = g_strdup_printf (_("Another program is using “%s”. Try again in a moment."), name);
          break;
        default:
          break;
        }
    }
  if (body == NULL)
    body = g_strdup_printf (_("“%s” could not be opened: %s"), name, error->message);
  gloss_window_show_message (self, heading, body);
}

gboolean
gloss_window_open_path (GlossWindow *self,
                        const char  *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = NULL;
  g_autofree char *absolute = NULL;
  g_autofree char *network = NULL;

  g_return_val_if_fail (GLOSS_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  absolute = g_canonicalize_filename (path, NULL);
  /* SQLite cannot lock a project on a network share safely (see gloss-share.c):
   * such a project is only read, and the banner says why and what to do. */
  network = gloss_share_unsafe_filesystem_reason (absolute);
  store = gloss_store_open (absolute,
                            network != NULL ? GLOSS_STORE_OPEN_READ_ONLY : GLOSS_STORE_OPEN_ALLOW_READ_ONLY,
                            &error);
  if (store == NULL)
    {
      gloss_window_show_open_error (self, absolute, error);
      return FALSE;
    }
  gloss_window_set_store (self, store);
  g_settings_set_string (self->settings, "recent-project", absolute);
  return TRUE;
}

void
gloss_window_open_sample (GlossWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = gloss_app_sample_ensure_project (&error);

  if (path == NULL)
    {
      gloss_window_show_message (self, _("Could Not Create the Sample Project"), error->message);
      return;
    }
  gloss_window_open_path (self, path);
}

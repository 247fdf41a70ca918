/* gloss-window-actions.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's commands that are not about import or the project file itself:
 * undo and redo, deleting, panes, find, codebook, export and saved sets, and
 * gloss_window_update_actions(), the one place that says which are enabled.
 */
#define G_LOG_DOMAIN "gloss-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-accessible.h"
#include "gloss-annotation-item.h"
#include "gloss-codebook-dialog.h"
#include "gloss-document-item.h"
#include "gloss-document-view.h"
#include "gloss-export-dialog.h"
#include "gloss-field-editor.h"
#include "gloss-scope.h"
#include "gloss-undo.h"
#include "gloss-window-private.h"

/* ------------------------------------------------------------------------- */
/* Actions                                                                   */

static void
gloss_window_after_undo (GlossWindow *self,
                         gboolean     ok,
                         GError      *error)
{
  const char *document_id = gloss_undo_stack_get_last_document_id (self->undo);
  const char *annotation_id = gloss_undo_stack_get_last_annotation_id (self->undo);

  GlossUndoKind kind = gloss_undo_stack_get_last_kind (self->undo);

  if (!ok && error != NULL)
    gloss_window_toast_error (self, error);
  /* A merge or a batch from the Entities window changed many annotations. */
  if (annotation_id == NULL && (kind == GLOSS_UNDO_MERGE || kind == GLOSS_UNDO_CREATE_MANY))
    gloss_window_reload_annotations (self);
  else if (annotation_id != NULL)
    {
      g_autofree char *doc = g_strdup (document_id);
      g_autofree char *ann = g_strdup (annotation_id);

      gloss_window_refresh_annotation (self, doc, ann, TRUE);
    }
  gloss_window_update_actions (self);
}

gboolean
gloss_window_undo (GlossWindow  *self,
                   GError      **error)
{
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_WINDOW (self), FALSE);

  if (!gloss_window_can_edit (self))
    return TRUE;
  /* A note being typed is saved first, so that undo undoes it; so is a field. */
  if (self->note_timeout_id != 0)
    gloss_window_save_note (self);
  gloss_field_editor_flush (self->field_editor);
  ok = gloss_undo_stack_undo (self->undo, self->store, error);
  gloss_window_after_undo (self, ok, NULL);
  return ok;
}

void
gloss_window_undo_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GlossWindow *self = GLOSS_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!gloss_window_undo (self, &error))
    gloss_window_toast_error (self, error);
}

void
gloss_window_redo_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GlossWindow *self = GLOSS_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (!gloss_window_can_edit (self))
    return;
  ok = gloss_undo_stack_redo (self->undo, self->store, &error);
  gloss_window_after_undo (self, ok, error);
}

void
gloss_window_delete_annotation_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *parameter)
{
  GlossWindow *self = GLOSS_WINDOW (widget);
  GlossAnnotationItem *item = gloss_window_get_selected_item (self);

  if (item != NULL)
    gloss_window_delete_annotation (self, gloss_annotation_item_get_id (item));
}

void
gloss_window_toggle_panes_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  GlossWindow *self = GLOSS_WINDOW (widget);
  gboolean shown = adw_flap_get_reveal_flap (self->sidebar_flap) ||
                   adw_flap_get_reveal_flap (self->annotations_flap);

  adw_flap_set_reveal_flap (self->sidebar_flap, !shown);
  adw_flap_set_reveal_flap (self->annotations_flap, !shown);
}

void
gloss_window_find_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GlossWindow *self = GLOSS_WINDOW (widget);

  if (self->document != NULL)
    gloss_document_view_begin_search (self->document_view);
}

GtkWindow *
gloss_window_show_codebook (GlossWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_WINDOW (self), NULL);

  if (self->store == NULL)
    return NULL;
  if (self->codebook == NULL)
    gloss_window_set_weak (&self->codebook,
                           GTK_WINDOW (gloss_codebook_dialog_new (GTK_WINDOW (self), self->store)));
  gtk_window_present (self->codebook);
  return self->codebook;
}

void
gloss_window_codebook_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  gloss_window_show_codebook (GLOSS_WINDOW (widget));
}

/* ------------------------------------------------------------------------- */
/* Export and saved sets                                                     */

static void
show_items_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  GlossWindow *self = g_task_get_source_object (task);

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  /* No file manager answers on the bus: open the folder instead. */
  if (reply == NULL)
    gtk_show_uri (GTK_WINDOW (self), g_task_get_task_data (task), GDK_CURRENT_TIME);
}

/* Shows @path in the file manager, selected, or else opens its folder. */
static void
gloss_window_show_file (GlossWindow *self,
                        const char  *path)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  GDBusConnection *bus = app ? g_application_get_dbus_connection (app) : NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) folder = g_file_get_parent (file);
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *folder_uri = folder ? g_file_get_uri (folder) : g_strdup (uri);
  const char *uris[] = { uri, NULL };
  GTask *task;

  if (bus == NULL)
    {
      gtk_show_uri (GTK_WINDOW (self), folder_uri, GDK_CURRENT_TIME);
      return;
    }
  task = g_task_new (self, NULL, NULL, NULL);
  g_task_set_task_data (task, g_steal_pointer (&folder_uri), g_free);
  g_dbus_connection_call (bus, "org.freedesktop.FileManager1", "/org/freedesktop/FileManager1",
                          "org.freedesktop.FileManager1", "ShowItems",
                          g_variant_new ("(^ass)", uris, ""), NULL, G_DBUS_CALL_FLAGS_NONE,
                          5000, NULL, show_items_cb, task);
}

void
gloss_window_export_toast_clicked_cb (AdwToast    *toast,
                                      GlossWindow *self)
{
  gloss_window_show_file (self, g_object_get_data (G_OBJECT (toast), "gloss-path"));
}

static void
exported_cb (GlossWindow       *self,
             const char        *path,
             int                format,
             char             **warnings,
             GlossExportDialog *dialog)
{
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree char *title = g_strdup_printf (_("Exported to “%s”"), name);
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 8);
  adw_toast_set_button_label (toast, _("_Show in Folder"));
  g_object_set_data_full (G_OBJECT (toast), "gloss-path", g_strdup (path), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (gloss_window_export_toast_clicked_cb), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  /* What the format cannot carry is not an error, but the analyst should know. */
  if (warnings != NULL && warnings[0] != NULL)
    {
      g_autoptr(GString) body = g_string_new (NULL);

      /* Translators: %s is a file name, then the name of a format */
      g_string_append_printf (body, _("“%s” was written, but %s cannot hold everything in the project:"),
                              name, gloss_format_title ((GlossFormat) format));
      g_string_append_c (body, '\n');
      for (guint i = 0; warnings[i] != NULL; i++)
        g_string_append_printf (body, "\n• %s", warnings[i]);
      gloss_window_show_message (self, _("Exported With Omissions"), body->str);
    }
}

GtkWindow *
gloss_window_show_export (GlossWindow *self)
{
  GlossExportDialog *dialog;

  g_return_val_if_fail (GLOSS_IS_WINDOW (self), NULL);

  if (self->store == NULL)
    return NULL;
  if (self->export_dialog == NULL)
    {
      /* A note being typed belongs in the export. */
      if (self->note_timeout_id != 0)
        gloss_window_save_note (self);
      dialog = gloss_export_dialog_new (GTK_WINDOW (self), self->store,
                                        self->document ? self->document->id : NULL,
                                        self->document ? self->document->title : NULL);
      g_signal_connect_object (dialog, "exported", G_CALLBACK (exported_cb), self, G_CONNECT_SWAPPED);
      gloss_window_set_weak (&self->export_dialog, GTK_WINDOW (dialog));
    }
  gtk_window_present (self->export_dialog);
  return self->export_dialog;
}

void
gloss_window_export_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  gloss_window_show_export (GLOSS_WINDOW (widget));
}

/* The documents the sidebar lists now (after the title filter), or NULL when the
 * filter hides none: then the set follows the project as documents are added. */
static GStrv
gloss_window_dup_listed_document_ids (GlossWindow *self)
{
  GListModel *listed = G_LIST_MODEL (self->documents_selection);
  guint n = g_list_model_get_n_items (listed);
  g_autoptr(GStrvBuilder) ids = NULL;

  if (n == g_list_model_get_n_items (G_LIST_MODEL (self->documents)))
    return NULL;
  ids = g_strv_builder_new ();
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlossDocumentItem) item = g_list_model_get_item (listed, i);

      g_strv_builder_add (ids, gloss_document_item_get_id (item));
    }
  return g_strv_builder_end (ids);
}

gboolean
gloss_window_save_set (GlossWindow  *self,
                       const char   *name,
                       gboolean      current_document,
                       const char   *label_id,
                       GError      **error)
{
  g_autoptr(GlossScope) scope = gloss_scope_new ();
  g_autoptr(GlossSet) set = NULL;
  g_autofree char *text = NULL;
  const GlossLabel *label = NULL;

  g_return_val_if_fail (GLOSS_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!gloss_window_can_edit (self))
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_READ_ONLY,
                           _("This project is open for reading only"));
      return FALSE;
    }
  if (current_document)
    {
      if (self->document == NULL)
        {
          g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                               _("No document is open"));
          return FALSE;
        }
      scope->document_ids = g_new0 (char *, 2);
      scope->document_ids[0] = g_strdup (self->document->id);
    }
  else
    {
      scope->document_ids = gloss_window_dup_listed_document_ids (self);
      if (scope->document_ids != NULL && scope->document_ids[0] == NULL)
        {
          g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                               _("The document list is empty: change the filter first"));
          return FALSE;
        }
    }
  if (label_id != NULL)
    {
      label = gloss_window_find_label (self, label_id, NULL);
      if (label == NULL)
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, _("No label with id %s"), label_id);
          return FALSE;
        }
      scope->label_names = g_new0 (char *, 2);
      scope->label_names[0] = g_strdup (label->name);
    }

  set = gloss_set_add (self->store, name, scope, error);
  if (set == NULL)
    return FALSE;
  text = g_strdup_printf (_("Saved set “%s”"), set->name);
  gloss_window_toast (self, text);
  return TRUE;
}

static void
save_set_name_changed_cb (GtkEditable      *entry,
                          AdwMessageDialog *dialog)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "save", *name != '\0');
}

static void
save_set_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      GlossWindow      *self)
{
  g_autoptr(GError) error = NULL;
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "gloss-name");
  GtkCheckButton *current = g_object_get_data (G_OBJECT (dialog), "gloss-current");
  GtkDropDown *labels = g_object_get_data (G_OBJECT (dialog), "gloss-labels");
  g_autofree char *name = NULL;
  guint selected;
  const char *label_id = NULL;

  if (g_strcmp0 (response, "save") != 0)
    return;
  name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  selected = gtk_drop_down_get_selected (labels);
  /* Item 0 is "All Labels"; then the codebook in order. */
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && selected - 1 < self->labels->len)
    label_id = ((GlossLabel *) g_ptr_array_index (self->labels, selected - 1))->id;
  if (!gloss_window_save_set (self, name, gtk_check_button_get_active (current), label_id, &error))
    gloss_window_toast_error (self, error);
}

void
gloss_window_save_set_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  GlossWindow *self = GLOSS_WINDOW (widget);
  g_autoptr(GtkStringList) label_names = gtk_string_list_new (NULL);
  g_auto(GStrv) listed = gloss_window_dup_listed_document_ids (self);
  g_autofree char *listed_text = NULL;
  g_autofree char *current_text = NULL;
  GtkWidget *dialog, *box, *entry, *all, *current, *labels;

  if (!gloss_window_can_edit (self))
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save as Set"),
                                   _("A set is a named part of the project that you can export again "
                                     "at any time."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Set name"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Set name"), -1);
  gtk_widget_set_margin_bottom (entry, 6);
  gtk_box_append (GTK_BOX (box), entry);

  if (listed == NULL)
    listed_text = g_strdup (_("_All documents"));
  else
    listed_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The %u document _listed",
                                                "The %u documents _listed", g_strv_length (listed)),
                                   g_strv_length (listed));
  all = gtk_check_button_new_with_mnemonic (listed_text);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (all), TRUE);
  gtk_box_append (GTK_BOX (box), all);

  if (self->document != NULL)
    /* Translators: %s is a document title */
    current_text = g_strdup_printf (_("Only “%s”"), self->document->title);
  current = gtk_check_button_new_with_label (current_text ? current_text : _("Only the current document"));
  gtk_check_button_set_group (GTK_CHECK_BUTTON (current), GTK_CHECK_BUTTON (all));
  gtk_widget_set_sensitive (current, self->document != NULL);
  /* A long title must not widen the dialog past a narrow window. */
  if (GTK_IS_LABEL (gtk_widget_get_last_child (current)))
    gtk_label_set_ellipsize (GTK_LABEL (gtk_widget_get_last_child (current)), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), current);

  gtk_string_list_append (label_names, _("All Labels"));
  for (guint i = 0; i < self->labels->len; i++)
    {
      /* Translators: %s is a label name, in the "Save as Set" dialog */
      g_autofree char *text = g_strdup_printf (_("Only %s"), ((GlossLabel *) g_ptr_array_index (self->labels, i))->name);

      gtk_string_list_append (label_names, text);
    }
  labels = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (label_names)), NULL);
  gtk_widget_set_margin_top (labels, 6);
  gloss_accessible_name (labels, _("Labels"));
  gtk_box_append (GTK_BOX (box), labels);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save", FALSE);
  g_object_set_data (G_OBJECT (dialog), "gloss-name", entry);
  g_object_set_data (G_OBJECT (dialog), "gloss-current", current);
  g_object_set_data (G_OBJECT (dialog), "gloss-labels", labels);
  g_signal_connect_object (entry, "changed", G_CALLBACK (save_set_name_changed_cb), dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (save_set_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

void
gloss_window_open_sample_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  gloss_window_open_sample (GLOSS_WINDOW (widget));
}

void
gloss_window_close_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

void
gloss_window_update_actions (GlossWindow *self)
{
  gboolean editable = gloss_window_can_edit (self);
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "win.import", editable && !self->importing);
  gtk_widget_action_set_enabled (widget, "win.import-cancel", self->importing);
  gtk_widget_action_set_enabled (widget, "win.import-address", editable && !self->importing);
  gtk_widget_action_set_enabled (widget, "win.paste-document", editable);
  gtk_widget_action_set_enabled (widget, "win.undo", editable && gloss_undo_stack_get_can_undo (self->undo));
  gtk_widget_action_set_enabled (widget, "win.redo", editable && gloss_undo_stack_get_can_redo (self->undo));
  gtk_widget_action_set_enabled (widget, "win.delete-annotation",
                                 editable && gloss_window_get_selected_item (self) != NULL);
  gtk_widget_action_set_enabled (widget, "win.add-to-analysis",
                                 editable && gloss_window_get_selected_item (self) != NULL);
  gtk_widget_action_set_enabled (widget, "win.ach", self->store != NULL);
  gtk_widget_action_set_enabled (widget, "win.timeline", self->store != NULL);
  gtk_widget_action_set_enabled (widget, "win.graph", self->store != NULL);
  gtk_widget_action_set_enabled (widget, "win.codebook", self->store != NULL);
  gtk_widget_action_set_enabled (widget, "win.export", self->store != NULL);
  gtk_widget_action_set_enabled (widget, "win.send-copy", self->store != NULL && !self->copying);
  gtk_widget_action_set_enabled (widget, "win.merge", editable && !self->merging);
  gtk_widget_action_set_enabled (widget, "win.history", self->document != NULL);
  gtk_widget_action_set_enabled (widget, "win.save-set", editable);
  gtk_widget_action_set_enabled (widget, "win.find", self->document != NULL);
  gtk_widget_action_set_enabled (widget, "win.toggle-panes", self->store != NULL);
}

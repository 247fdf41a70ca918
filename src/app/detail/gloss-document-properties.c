/* gloss-document-properties.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-document-properties"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "gloss-document-properties.h"
#include "gloss-file.h"
#include "gloss-originals.h"
#include "gloss-session.h"

struct _GlossDocumentProperties
{
  GtkWidget      parent_instance;

  GtkMenuButton *button;
  GtkLabel      *marking_label;
  GtkLabel      *summary_label;
  GtkPopover    *popover;
  GtkDropDown   *reliability_dropdown;
  GtkDropDown   *tlp_dropdown;
  GtkEntry      *author_entry;
  GtkEntry      *publisher_entry;
  GtkEntry      *published_entry;
  GtkPopover    *calendar_popover;
  GtkCalendar   *calendar;
  GtkEntry      *url_entry;
  GtkLabel      *error_label;
  GtkFileChooserNative *save_chooser;

  GlossStore    *store;
  GlossUndoStack *undo;      /* the window's: each edit is one step */
  GlossDocument *document;   /* as stored, with its properties */
  gboolean       filling;
  gboolean       has_original;
};

G_DEFINE_FINAL_TYPE (GlossDocumentProperties, gloss_document_properties, GTK_TYPE_WIDGET)

static const char * const reliability_codes[] = { "A", "B", "C", "D", "E", "F" };
static const char * const tlp_markings[] = { "CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED" };

static void
gloss_document_properties_set_error (GlossDocumentProperties *self,
                                     const char              *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static char *
tlp_css_class (const char *marking)
{
  g_autofree char *lower = g_ascii_strdown (marking, -1);

  g_strdelimit (lower, "+", '-');
  return g_strconcat ("gloss-tlp-", lower, NULL);
}

/* The line: marking chip, then what else is known, in the order a citation has it. */
static void
gloss_document_properties_update_line (GlossDocumentProperties *self)
{
  const GlossDocument *d = self->document;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *summary = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (tlp_markings); i++)
    {
      g_autofree char *klass = tlp_css_class (tlp_markings[i]);

      gtk_widget_remove_css_class (GTK_WIDGET (self->marking_label), klass);
    }
  if (d != NULL && d->tlp != NULL)
    {
      g_autofree char *text = g_strconcat ("TLP:", d->tlp, NULL);
      g_autofree char *klass = tlp_css_class (d->tlp);

      gtk_label_set_text (self->marking_label, text);
      gtk_widget_add_css_class (GTK_WIDGET (self->marking_label), klass);
    }
  else
    gtk_label_set_text (self->marking_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->marking_label), d != NULL && d->tlp != NULL);

  if (d != NULL && d->reliability != NULL)
    /* Translators: source reliability on the Admiralty scale, "Reliability B" */
    g_ptr_array_add (parts, g_strdup_printf (_("Reliability %s"), d->reliability));
  if (d != NULL && d->author != NULL)
    g_ptr_array_add (parts, g_strdup (d->author));
  if (d != NULL && d->publisher != NULL)
    g_ptr_array_add (parts, g_strdup (d->publisher));
  if (d != NULL && d->published != NULL)
    g_ptr_array_add (parts, g_strdup (d->published));
  if (d != NULL && d->url != NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (d->url, G_URI_FLAGS_NONE, NULL);

      g_ptr_array_add (parts, g_strdup (uri && g_uri_get_host (uri) ? g_uri_get_host (uri) : d->url));
    }
  g_ptr_array_add (parts, NULL);

  if (parts->len > 1)
    {
      summary = g_strjoinv (" · ", (char **) parts->pdata);
      gtk_widget_remove_css_class (GTK_WIDGET (self->summary_label), "dim-label");
    }
  else
    {
      summary = g_strdup (gtk_widget_get_visible (GTK_WIDGET (self->marking_label)) ? "" : _("Add source details…"));
      gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "dim-label");
    }
  gtk_label_set_text (self->summary_label, summary);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), *summary != '\0');

  if (d != NULL && d->reliability != NULL && gloss_reliability_describe (d->reliability) != NULL)
    {
      /* Translators: tooltip of the source line, "Reliability B: usually reliable" */
      g_autofree char *tip = g_strdup_printf (_("Reliability %s: %s"), d->reliability,
                                              gloss_reliability_describe (d->reliability));

      gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), tip);
    }
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), _("Source Details"));
}

static void
set_entry (GtkEntry   *entry,
           const char *value)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), value ? value : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (entry), value ? value : "");
  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
}

/* The popover's inputs take the stored values. */
static void
gloss_document_properties_fill (GlossDocumentProperties *self)
{
  const GlossDocument *d = self->document;
  guint reliability = 0, tlp = 0;

  self->filling = TRUE;
  for (guint i = 0; d != NULL && d->reliability != NULL && i < G_N_ELEMENTS (reliability_codes); i++)
    if (g_str_equal (d->reliability, reliability_codes[i]))
      reliability = i + 1;
  for (guint i = 0; d != NULL && d->tlp != NULL && i < G_N_ELEMENTS (tlp_markings); i++)
    if (g_str_equal (d->tlp, tlp_markings[i]))
      tlp = i + 1;
  gtk_drop_down_set_selected (self->reliability_dropdown, reliability);
  gtk_drop_down_set_selected (self->tlp_dropdown, tlp);
  set_entry (self->author_entry, d ? d->author : NULL);
  set_entry (self->publisher_entry, d ? d->publisher : NULL);
  set_entry (self->published_entry, d ? d->published : NULL);
  set_entry (self->url_entry, d ? d->url : NULL);
  self->filling = FALSE;
}

static void
gloss_document_properties_reload (GlossDocumentProperties *self)
{
  g_autoptr(GlossDocument) document = NULL;

  if (self->store != NULL && self->document != NULL)
    document = gloss_store_get_document (self->store, self->document->id, NULL);
  if (document != NULL)
    {
      /* The text is not needed here. */
      g_clear_pointer (&document->text, g_free);
      g_clear_pointer (&self->document, gloss_document_free);
      self->document = g_steal_pointer (&document);
    }
  gloss_document_properties_update_line (self);
}

gboolean
gloss_document_properties_apply (GlossDocumentProperties *self,
                                 const char              *property,
                                 const char              *value,
                                 GError                 **error)
{
  g_autoptr(GlossDocument) edited = NULL;
  g_autoptr(GlossSession) session = NULL;
  char **slot = NULL;

  g_return_val_if_fail (GLOSS_IS_DOCUMENT_PROPERTIES (self), FALSE);

  if (self->document == NULL || self->store == NULL || gloss_store_is_read_only (self->store))
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_READ_ONLY,
                           _("The source details of this document cannot be changed"));
      return FALSE;
    }
  edited = gloss_document_copy (self->document);
  if (g_str_equal (property, "reliability"))
    slot = &edited->reliability;
  else if (g_str_equal (property, "tlp"))
    slot = &edited->tlp;
  else if (g_str_equal (property, "author"))
    slot = &edited->author;
  else if (g_str_equal (property, "publisher"))
    slot = &edited->publisher;
  else if (g_str_equal (property, "published"))
    slot = &edited->published;
  else if (g_str_equal (property, "url"))
    slot = &edited->url;
  g_return_val_if_fail (slot != NULL, FALSE);

  if (value != NULL && *value == '\0')
    value = NULL;
  if (g_strcmp0 (*slot, value) == 0)
    return TRUE;
  g_free (*slot);
  *slot = g_strdup (value);

  /* One core action: the core checks and tidies the value (a grade, a marking, a
   * date, an absolute URL), refuses a wrong one with a message naming it, and
   * records one undo step. */
  session = gloss_session_new (self->store, self->undo);
  if (!gloss_session_set_document_properties (session, edited->id, edited, error))
    return FALSE;
  gloss_document_properties_reload (self);
  return TRUE;
}

static void
apply_and_report (GlossDocumentProperties *self,
                  const char              *property,
                  const char              *value,
                  GtkEntry                *entry)
{
  g_autoptr(GError) error = NULL;

  if (self->filling)
    return;
  if (!gloss_document_properties_apply (self, property, value, &error))
    {
      gloss_document_properties_set_error (self, error->message);
      if (entry != NULL)
        gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      else
        gloss_document_properties_fill (self);
      return;
    }
  gloss_document_properties_set_error (self, NULL);
  if (entry != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  /* Show the tidied value (trimmed, upper-cased...). */
  gloss_document_properties_fill (self);
}

static void
reliability_selected_cb (GlossDocumentProperties *self)
{
  guint selected = gtk_drop_down_get_selected (self->reliability_dropdown);

  apply_and_report (self, "reliability",
                    selected > 0 && selected <= G_N_ELEMENTS (reliability_codes) ? reliability_codes[selected - 1] : NULL,
                    NULL);
}

static void
tlp_selected_cb (GlossDocumentProperties *self)
{
  guint selected = gtk_drop_down_get_selected (self->tlp_dropdown);

  apply_and_report (self, "tlp",
                    selected > 0 && selected <= G_N_ELEMENTS (tlp_markings) ? tlp_markings[selected - 1] : NULL,
                    NULL);
}

static void
entry_commit (GlossDocumentProperties *self,
              GtkEntry                *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  const char *property = g_object_get_data (G_OBJECT (entry), "gloss-property");

  apply_and_report (self, property, text, entry);
}

static void
entry_focus_leave_cb (GtkEventControllerFocus *focus,
                      GlossDocumentProperties *self)
{
  entry_commit (self, GTK_ENTRY (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (focus))));
}

static void
day_selected_cb (GlossDocumentProperties *self)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (self->calendar);
  g_autofree char *text = g_date_time_format (date, "%Y-%m-%d");

  if (self->filling)
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->published_entry), text);
  gtk_popover_popdown (self->calendar_popover);
  entry_commit (self, self->published_entry);
}

static void
popover_show_cb (GlossDocumentProperties *self)
{
  gloss_document_properties_set_error (self, NULL);
  gloss_document_properties_fill (self);
  if (self->document != NULL && self->document->published != NULL)
    {
      g_autofree char *iso = g_strconcat (self->document->published, "T12:00:00Z", NULL);
      g_autoptr(GDateTime) date = g_date_time_new_from_iso8601 (iso, NULL);

      self->filling = TRUE;
      if (date != NULL)
        gtk_calendar_select_day (self->calendar, date);
      self->filling = FALSE;
    }
}

/* Open Original and Save Original As… need a document that has one. */
static void
gloss_document_properties_update_actions (GlossDocumentProperties *self)
{
  gboolean has = self->store != NULL && self->document != NULL &&
                 gloss_store_has_original (self->store, self->document->id);

  self->has_original = has;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "properties.open-original", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "properties.save-original", has);
}

/* The original's file name: the name it was imported under, else the document's
 * id, with the extension of its media type (the core's choice, safe as a name). */
static char *
original_file_name (GlossDocumentProperties *self,
                    const char              *media_type)
{
  g_autofree char *path = gloss_original_cache_path (G_DIR_SEPARATOR_S, self->document, media_type);

  return g_path_get_basename (path);
}

static void
launch_original_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GlossDocumentProperties) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    {
      /* Translators: %s says why, e.g. "No application is registered as handling this file" */
      g_autofree char *message = g_strdup_printf (_("Could not open the original: %s"), error->message);

      gloss_document_properties_set_error (self, message);
    }
}

/* Writes the original to the cache (one folder per document, under its own name)
 * and hands it to the system's viewer. */
static void
open_original_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  GlossDocumentProperties *self = GLOSS_DOCUMENT_PROPERTIES (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GAppLaunchContext) context = NULL;
  g_autofree char *media_type = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;

  if (self->store == NULL || self->document == NULL)
    return;
  bytes = gloss_store_get_original (self->store, self->document->id, &media_type, &error);
  if (bytes != NULL)
    {
      g_autofree char *cache = g_build_filename (g_get_user_cache_dir (), "gloss", "originals", NULL);

      path = gloss_original_cache_path (cache, self->document, media_type);
      dir = g_path_get_dirname (path);
      if (g_mkdir_with_parents (dir, 0700) != 0)
        g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s", dir, g_strerror (errno));
      else
        gloss_file_write_all (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
    }
  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not open the original: %s"), error->message);

      gloss_document_properties_set_error (self, message);
      return;
    }
  gloss_document_properties_set_error (self, NULL);
  uri = g_filename_to_uri (path, NULL, NULL);
  context = G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (gtk_widget_get_display (widget)));
  g_app_info_launch_default_for_uri_async (uri, context, NULL, launch_original_cb, g_object_ref (self));
}

static void
save_chooser_response_cb (GlossDocumentProperties *self,
                          int                      response,
                          GtkNativeDialog         *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->store != NULL && self->document != NULL &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL &&
      (path = g_file_get_path (file)) != NULL &&
      !gloss_store_save_original (self->store, self->document->id, path, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not save the original: %s"), error->message);

      gloss_document_properties_set_error (self, message);
    }
  g_clear_object (&self->save_chooser);
}

static void
save_original_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  GlossDocumentProperties *self = GLOSS_DOCUMENT_PROPERTIES (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GlossOriginal) original = NULL;
  g_autofree char *name = NULL;

  if (self->store == NULL || self->document == NULL || self->save_chooser != NULL)
    return;
  original = gloss_store_dup_original (self->store, self->document->id, NULL);
  name = original_file_name (self, original ? original->media_type : NULL);
  gtk_popover_popdown (self->popover);
  self->save_chooser = gtk_file_chooser_native_new (_("Save Original"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                    GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->save_chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->save_chooser), name);
  g_signal_connect_object (self->save_chooser, "response", G_CALLBACK (save_chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->save_chooser));
}

static void
store_changed_cb (GlossDocumentProperties *self,
                  GlossChangeKind          kind,
                  const char              *detail,
                  GlossStore              *store)
{
  if (self->document == NULL)
    return;
  if (kind == GLOSS_CHANGE_ALL || (kind == GLOSS_CHANGE_DOCUMENTS && g_strcmp0 (detail, self->document->id) == 0))
    {
      gloss_document_properties_reload (self);
      gloss_document_properties_update_actions (self);
    }
}

void
gloss_document_properties_set_document (GlossDocumentProperties *self,
                                        GlossStore              *store,
                                        const char              *document_id)
{
  g_return_if_fail (GLOSS_IS_DOCUMENT_PROPERTIES (self));

  if (self->store != store)
    {
      if (self->store != NULL)
        g_signal_handlers_disconnect_by_data (self->store, self);
      g_set_object (&self->store, store);
      if (store != NULL)
        g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
    }
  g_clear_pointer (&self->document, gloss_document_free);
  if (store != NULL && document_id != NULL)
    {
      self->document = gloss_store_get_document (store, document_id, NULL);
      if (self->document != NULL)
        g_clear_pointer (&self->document->text, g_free);
    }
  gtk_popover_popdown (self->popover);
  gloss_document_properties_update_line (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->button), self->document != NULL);
  gloss_document_properties_update_actions (self);
  {
    gboolean editable = store != NULL && !gloss_store_is_read_only (store);
    GtkWidget *inputs[] = { GTK_WIDGET (self->reliability_dropdown), GTK_WIDGET (self->tlp_dropdown),
                            GTK_WIDGET (self->author_entry), GTK_WIDGET (self->publisher_entry),
                            GTK_WIDGET (self->published_entry), GTK_WIDGET (self->url_entry) };

    for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
      gtk_widget_set_sensitive (inputs[i], editable);
  }
}

gboolean
gloss_document_properties_has_original (GlossDocumentProperties *self)
{
  g_return_val_if_fail (GLOSS_IS_DOCUMENT_PROPERTIES (self), FALSE);
  return self->has_original;
}

const char *
gloss_document_properties_get_marking (GlossDocumentProperties *self)
{
  return gtk_label_get_text (self->marking_label);
}

const char *
gloss_document_properties_get_summary (GlossDocumentProperties *self)
{
  return gtk_label_get_text (self->summary_label);
}

void
gloss_document_properties_edit (GlossDocumentProperties *self)
{
  gtk_menu_button_popup (self->button);
}

static void
gloss_document_properties_dispose (GObject *object)
{
  GlossDocumentProperties *self = GLOSS_DOCUMENT_PROPERTIES (object);

  self->filling = TRUE;
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_object (&self->undo);
  if (self->save_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->save_chooser));
  g_clear_object (&self->save_chooser);
  g_clear_pointer (&self->document, gloss_document_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), GLOSS_TYPE_DOCUMENT_PROPERTIES);

  G_OBJECT_CLASS (gloss_document_properties_parent_class)->dispose (object);
}

static void
gloss_document_properties_class_init (GlossDocumentPropertiesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gloss_document_properties_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "glossdocumentproperties");
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Gloss/gloss-document-properties.ui");
  gtk_widget_class_bind_template_child (widget_class, GlossDocumentProperties, button);
  gtk_widget_class_bind_template_child (widget_class, GlossDocumentProperties, marking_label);
  gtk_widget_class_bind_template_child (widget_class, GlossDocumentProperties, summary_label);
  gtk_widget_class_bind_template_child (widget_class, GlossDocumentProperties, popover);
  gtk_widget_class_bind_template_child (widget_class, GlossDocumentProperties, reliability_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GlossDocumentProperties, tlp_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GlossDocumentProperties, author_entry);
  gtk_widget_class_bind_template_child (widget_class, GlossDocumentProperties, publisher_entry);
  gtk_widget_class_bind_template_child (widget_class, GlossDocumentProperties, published_entry);
  gtk_widget_class_bind_template_child (widget_class, GlossDocumentProperties, calendar_popover);
  gtk_widget_class_bind_template_child (widget_class, GlossDocumentProperties, calendar);
  gtk_widget_class_bind_template_child (widget_class, GlossDocumentProperties, url_entry);
  gtk_widget_class_bind_template_child (widget_class, GlossDocumentProperties, error_label);
  gtk_widget_class_bind_template_callback (widget_class, reliability_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, tlp_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, popover_show_cb);

  gtk_widget_class_install_action (widget_class, "properties.open-original", NULL, open_original_action);
  gtk_widget_class_install_action (widget_class, "properties.save-original", NULL, save_original_action);
}

static void
commit_on_leave (GlossDocumentProperties *self,
                 GtkEntry                *entry,
                 const char              *property)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_object_set_data (G_OBJECT (entry), "gloss-property", (gpointer) property);
  g_signal_connect_object (entry, "activate", G_CALLBACK (entry_commit), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (focus, "leave", G_CALLBACK (entry_focus_leave_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (entry), focus);
}

static void
gloss_document_properties_init (GlossDocumentProperties *self)
{
  g_autoptr(GtkStringList) reliability = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) tlp = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Translators: no reliability grade given */
  gtk_string_list_append (reliability, _("Not graded"));
  for (guint i = 0; i < G_N_ELEMENTS (reliability_codes); i++)
    {
      /* Translators: an Admiralty grade and what it means, "B — usually reliable" */
      g_autofree char *item = g_strdup_printf (_("%s — %s"), reliability_codes[i],
                                               gloss_reliability_describe (reliability_codes[i]));

      gtk_string_list_append (reliability, item);
    }
  gtk_drop_down_set_model (self->reliability_dropdown, G_LIST_MODEL (reliability));

  /* Translators: no TLP handling marking */
  gtk_string_list_append (tlp, _("No marking"));
  for (guint i = 0; i < G_N_ELEMENTS (tlp_markings); i++)
    {
      g_autofree char *item = g_strconcat ("TLP:", tlp_markings[i], NULL);

      gtk_string_list_append (tlp, item);
    }
  gtk_drop_down_set_model (self->tlp_dropdown, G_LIST_MODEL (tlp));

  commit_on_leave (self, self->author_entry, "author");
  commit_on_leave (self, self->publisher_entry, "publisher");
  commit_on_leave (self, self->published_entry, "published");
  commit_on_leave (self, self->url_entry, "url");
  gloss_document_properties_update_line (self);
}

/* The undo stack that edits are recorded on (the window's). */
void
gloss_document_properties_set_undo_stack (GlossDocumentProperties *self,
                                          GlossUndoStack          *undo)
{
  g_return_if_fail (GLOSS_IS_DOCUMENT_PROPERTIES (self));
  g_set_object (&self->undo, undo);
}

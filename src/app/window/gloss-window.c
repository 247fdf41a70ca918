/* gloss-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-agreement-window.h"
#include "gloss-annotation-item.h"
#include "gloss-annotator-filter.h"
#include "gloss-application.h"
#include "gloss-claims-window.h"
#include "gloss-codebook-dialog.h"
#include "gloss-compare-window.h"
#include "gloss-document-item.h"
#include "gloss-document-properties.h"
#include "gloss-document-view.h"
#include "gloss-entities-window.h"
#include "gloss-exchange.h"
#include "gloss-export-dialog.h"
#include "gloss-field-editor.h"
#include "gloss-history-dialog.h"
#include "gloss-import.h"
#include "gloss-links-editor.h"
#include "gloss-merge-dialog.h"
#include "gloss-risk-window.h"
#include "gloss-scope.h"
#include "gloss-share.h"
#include "gloss-util.h"
#include "gloss-undo.h"
#include "gloss-window.h"
#include "gloss-window-private.h"

/* A note is saved this long after the last keystroke (or when the field loses focus). */
#define NOTE_SAVE_DELAY_MS 600
/* How often a shown window asks whether another program changed the project
 * (PRAGMA data_version: a counter read, no data). */
#define EXTERNAL_CHECK_SECONDS 1

struct _GlossWindow
{
  AdwApplicationWindow parent_instance;

  /* Template children */
  AdwToastOverlay     *toast_overlay;
  GtkStack            *main_stack;
  AdwWindowTitle      *window_title;
  GtkRevealer         *banner_revealer;
  GtkLabel            *banner_label;
  GtkButton           *banner_button;
  AdwFlap             *sidebar_flap;
  AdwFlap             *annotations_flap;
  GtkSearchEntry      *filter_entry;
  GtkListView         *documents_view;
  GtkRevealer         *progress_revealer;
  GtkProgressBar      *progress_bar;
  GtkLabel            *progress_label;
  GtkStack            *content_stack;
  GlossDocumentView   *document_view;
  GlossAnnotatorFilter *annotator_filter;
  GtkStack            *annotations_stack;
  GtkListView         *annotations_view;
  GtkRevealer         *detail_revealer;
  GtkLabel            *quote_label;
  GtkDropDown         *label_dropdown;
  GtkTextView         *note_view;
  GtkLabel            *annotator_label;
  GtkLabel            *dates_label;
  GlossFieldEditor    *field_editor;
  GlossLinksEditor    *links_editor;
  GlossDocumentProperties *document_properties;

  GSettings           *settings;
  GlossStore          *store;
  GlossUndoStack      *undo;
  GCancellable        *cancellable;

  GListStore          *documents;              /* GlossDocumentItem */
  GtkStringFilter     *documents_filter;
  GtkSingleSelection  *documents_selection;
  GListStore          *annotations;            /* GlossAnnotationItem, text order */
  GtkSingleSelection  *annotations_selection;
  GPtrArray           *labels;                 /* GlossLabel*, codebook order */
  GtkStringList       *label_names;
  GtkCssProvider      *label_css;

  GlossDocument       *document;               /* shown, with text */
  char                *detail_id;              /* annotation in the detail pane */
  guint                note_timeout_id;
  gboolean             filling_detail;
  gboolean             activating_from_view;
  gboolean             importing;
  gboolean             copying;                /* Send a Copy running in a thread */
  gboolean             merging;                /* a merge writing through its own connection */
  gboolean             keep_view_place;        /* refreshing after another program's change */
  gint64               data_version;           /* of self->store when last in step with the file */
  guint                external_check_id;      /* polls data_version while mapped */

  GtkWindow           *codebook;               /* weak */
  GtkWindow           *error_dialog;           /* weak */
  GtkWindow           *export_dialog;          /* weak */
};

G_DEFINE_FINAL_TYPE (GlossWindow, gloss_window, ADW_TYPE_APPLICATION_WINDOW)

static void gloss_window_update_actions (GlossWindow *self);
static void gloss_window_load_document  (GlossWindow *self, const char *id);
static void gloss_window_reload_documents (GlossWindow *self, const char *select_id);
static void gloss_window_fill_detail    (GlossWindow *self);

/* ------------------------------------------------------------------------- */
/* Small helpers                                                             */

static void
gloss_window_toast (GlossWindow *self,
                    const char  *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
gloss_window_toast_error (GlossWindow  *self,
                          const GError *error)
{
  gloss_window_toast (self, error->message);
}

static void
gloss_window_set_weak (GtkWindow **slot,
                       GtkWindow  *window)
{
  if (*slot != NULL)
    g_object_remove_weak_pointer (G_OBJECT (*slot), (gpointer *) slot);
  *slot = window;
  if (window != NULL)
    g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) slot);
}

static void
gloss_window_show_message (GlossWindow *self,
                           const char  *heading,
                           const char  *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gloss_window_set_weak (&self->error_dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static char *
format_timestamp (const char *iso)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso == NULL)
    return g_strdup ("");
  utc = g_date_time_new_from_iso8601 (iso, NULL);
  if (utc == NULL)
    return g_strdup (iso);
  local = g_date_time_to_local (utc);
  /* Translators: date and time of an annotation, see g_date_time_format() */
  return g_date_time_format (local, _("%e %b %Y, %H:%M"));
}

static const char *
gloss_window_dup_annotator (GlossWindow *self,
                            char       **owned)
{
  *owned = g_settings_get_string (self->settings, "analyst-name");
  if (**owned == '\0')
    {
      g_free (*owned);
      *owned = g_strdup (g_get_real_name ());
    }
  return *owned;
}

static const GlossLabel *
gloss_window_find_label (GlossWindow *self,
                         const char  *id,
                         guint       *position)
{
  for (guint i = 0; self->labels != NULL && i < self->labels->len; i++)
    {
      const GlossLabel *label = g_ptr_array_index (self->labels, i);

      if (g_strcmp0 (label->id, id) == 0)
        {
          if (position)
            *position = i;
          return label;
        }
    }
  return NULL;
}

/* Linear, but only called per user action; 20k rows take well under a millisecond. */
static gboolean
find_annotation_position (GlossWindow *self,
                          const char  *id,
                          guint       *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->annotations));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlossAnnotationItem) item = g_list_model_get_item (G_LIST_MODEL (self->annotations), i);

      if (g_strcmp0 (gloss_annotation_item_get_id (item), id) == 0)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

static GlossDocumentItem *
find_document_item (GlossWindow *self,
                    const char  *id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->documents));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlossDocumentItem) item = g_list_model_get_item (G_LIST_MODEL (self->documents), i);

      if (g_strcmp0 (gloss_document_item_get_id (item), id) == 0)
        return item;   /* the store keeps it alive */
    }
  return NULL;
}

static GlossAnnotationItem *
gloss_window_get_selected_item (GlossWindow *self)
{
  gpointer item = gtk_single_selection_get_selected_item (self->annotations_selection);

  return item ? GLOSS_ANNOTATION_ITEM (item) : NULL;
}

static gboolean
gloss_window_can_edit (GlossWindow *self)
{
  return self->store != NULL && !gloss_store_is_read_only (self->store);
}

/* ------------------------------------------------------------------------- */
/* Title, banner, labels                                                     */

static void
gloss_window_update_title (GlossWindow *self)
{
  g_autofree char *project = NULL;
  g_autofree char *title = NULL;

  if (self->store == NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Gloss"));
      return;
    }
  project = gloss_store_dup_name (self->store);
  if (self->document != NULL)
    {
      /* Translators: window title, "document — project" */
      title = g_strdup_printf (_("%s — %s"), self->document->title, project);
      adw_window_title_set_title (self->window_title, self->document->title);
      adw_window_title_set_subtitle (self->window_title, project);
    }
  else
    {
      title = g_strdup (project);
      adw_window_title_set_title (self->window_title, project);
      adw_window_title_set_subtitle (self->window_title, NULL);
    }
  gtk_window_set_title (GTK_WINDOW (self), title);
}

/* Label colours become CSS classes for the chips in the annotations pane. The
 * colour is a translucent background behind normal text, plus a solid edge, so
 * any label colour stays readable on light and dark backgrounds. */
static void
gloss_window_update_label_css (GlossWindow *self)
{
  g_autoptr(GString) css = g_string_new (NULL);

  for (guint i = 0; i < self->labels->len; i++)
    {
      const GlossLabel *label = g_ptr_array_index (self->labels, i);
      g_autofree char *klass = gloss_label_css_class (label->id);

      if (!gloss_colour_is_valid (label->colour))
        continue;
      g_string_append_printf (css,
                              ".label-chip.%s { background-color: alpha(%s, 0.22); "
                              "border-left-color: %s; }\n",
                              klass, label->colour, label->colour);
    }
  gtk_css_provider_load_from_data (self->label_css, css->str, css->len);
}

static void
gloss_window_reload_labels (GlossWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GPtrArray) names = NULL;

  labels = gloss_store_list_labels (self->store, &error);
  if (labels == NULL)
    {
      gloss_window_toast_error (self, error);
      labels = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_label_free);
    }
  g_clear_pointer (&self->labels, g_ptr_array_unref);
  self->labels = g_steal_pointer (&labels);

  names = g_ptr_array_new ();
  for (guint i = 0; i < self->labels->len; i++)
    g_ptr_array_add (names, ((GlossLabel *) g_ptr_array_index (self->labels, i))->name);
  g_ptr_array_add (names, NULL);

  self->filling_detail = TRUE;
  gtk_string_list_splice (self->label_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->label_names)),
                          (const char * const *) names->pdata);
  self->filling_detail = FALSE;

  gloss_document_view_set_labels (self->document_view, self->labels);
  gloss_window_update_label_css (self);
}

/* ------------------------------------------------------------------------- */
/* Annotations pane                                                          */

static void
gloss_window_update_counts (GlossWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->annotations));
  GlossDocumentItem *item;

  gtk_stack_set_visible_child_name (self->annotations_stack, n > 0 ? "list" : "empty");
  if (self->document != NULL && (item = find_document_item (self, self->document->id)) != NULL)
    gloss_document_item_set_n_annotations (item, n);
}

static void
gloss_window_set_annotation_items (GlossWindow *self,
                                   GPtrArray   *annotations)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  /* A reload is when a new annotator may have joined (a colour to give). */
  gloss_annotator_filter_refresh (self->annotator_filter);
  for (guint i = 0; annotations != NULL && i < annotations->len; i++)
    {
      const GlossAnnotation *a = g_ptr_array_index (annotations, i);

      /* The pane lists what the annotators button shows (the view hides the rest). */
      if (gloss_annotator_filter_is_shown (self->annotator_filter, a->annotator))
        g_ptr_array_add (items, gloss_annotation_item_new (a));
    }
  /* The store lists them by start and end already: text order. */
  g_list_store_splice (self->annotations, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->annotations)),
                       items->pdata, items->len);
  gloss_window_update_counts (self);
}

static void
gloss_window_scroll_to_annotation (GlossWindow *self,
                                   guint        position)
{
  gtk_widget_activate_action (GTK_WIDGET (self->annotations_view), "list.scroll-to-item", "u", position);
}

gboolean
gloss_window_select_annotation (GlossWindow *self,
                                const char  *id)
{
  guint position;

  g_return_val_if_fail (GLOSS_IS_WINDOW (self), FALSE);

  if (id == NULL)
    {
      gtk_single_selection_set_selected (self->annotations_selection, GTK_INVALID_LIST_POSITION);
      return TRUE;
    }
  if (!find_annotation_position (self, id, &position))
    return FALSE;
  gtk_single_selection_set_selected (self->annotations_selection, position);
  gloss_window_scroll_to_annotation (self, position);
  return TRUE;
}

void
gloss_window_reload_annotations (GlossWindow *self)
{
  g_autoptr(GPtrArray) annotations = NULL;
  g_autofree char *selected = NULL;

  g_return_if_fail (GLOSS_IS_WINDOW (self));

  if (self->store == NULL || self->document == NULL)
    return;
  selected = g_strdup (self->detail_id);
  annotations = gloss_store_list_annotations (self->store, self->document->id, NULL);
  if (annotations == NULL)
    return;
  gloss_document_view_set_annotations (self->document_view, annotations);
  gloss_window_set_annotation_items (self, annotations);
  if (selected != NULL)
    gloss_window_select_annotation (self, selected);
}

/* Re-reads one annotation after a change and brings the view and the pane up to
 * date: updated, added back (restore) or removed (delete). */
static void
gloss_window_refresh_annotation (GlossWindow *self,
                                 const char  *document_id,
                                 const char  *annotation_id,
                                 gboolean     select)
{
  g_autoptr(GlossAnnotation) annotation = NULL;
  guint position;
  gboolean listed;

  if (self->document == NULL || g_strcmp0 (document_id, self->document->id) != 0)
    {
      /* The change is in another document: show that one, freshly loaded. */
      if (document_id != NULL && gloss_window_select_document (self, document_id) && select)
        gloss_window_select_annotation (self, annotation_id);
      return;
    }

  annotation = gloss_store_get_annotation (self->store, annotation_id, NULL);
  listed = find_annotation_position (self, annotation_id, &position);
  if (annotation != NULL && listed)
    {
      g_autoptr(GlossAnnotationItem) item = g_list_model_get_item (G_LIST_MODEL (self->annotations), position);

      gloss_annotation_item_set_annotation (item, annotation);
      gloss_document_view_update_annotation (self->document_view, annotation);
      if (g_strcmp0 (self->detail_id, annotation_id) == 0)
        gloss_window_fill_detail (self);
    }
  else if (annotation != NULL && gloss_annotator_filter_is_shown (self->annotator_filter, annotation->annotator))
    {
      g_autoptr(GlossAnnotationItem) item = gloss_annotation_item_new (annotation);

      g_list_store_insert_sorted (self->annotations, item, gloss_annotation_item_compare, NULL);
      gloss_document_view_add_annotation (self->document_view, annotation);
    }
  else if (listed)
    {
      g_list_store_remove (self->annotations, position);
      gloss_document_view_remove_annotation (self->document_view, annotation_id);
    }
  gloss_window_update_counts (self);
  if (select && annotation != NULL)
    gloss_window_select_annotation (self, annotation_id);
}

/* ------------------------------------------------------------------------- */
/* Detail pane: label and note                                               */

static void
gloss_window_fill_detail (GlossWindow *self)
{
  GlossAnnotationItem *item = gloss_window_get_selected_item (self);
  const GlossAnnotation *a;
  g_autofree char *created = NULL;
  g_autofree char *modified = NULL;
  g_autofree char *dates = NULL;
  g_autofree char *by = NULL;
  guint label_position = GTK_INVALID_LIST_POSITION;
  gboolean editable = gloss_window_can_edit (self);

  g_clear_pointer (&self->detail_id, g_free);
  gtk_revealer_set_reveal_child (self->detail_revealer, item != NULL);
  gloss_field_editor_set_annotation (self->field_editor, item ? gloss_annotation_item_get_id (item) : NULL);
  gloss_links_editor_set_annotation (self->links_editor, item ? gloss_annotation_item_get_id (item) : NULL);
  if (item == NULL)
    return;

  a = gloss_annotation_item_get_annotation (item);
  self->detail_id = g_strdup (a->id);
  self->filling_detail = TRUE;

  gtk_label_set_text (self->quote_label, a->quote);
  gloss_window_find_label (self, a->label_id, &label_position);
  gtk_drop_down_set_selected (self->label_dropdown, label_position);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_view), a->note ? a->note : "", -1);

  if (a->annotator != NULL && *a->annotator)
    /* Translators: who made an annotation */
    by = g_strdup_printf (_("By %s"), a->annotator);
  gtk_label_set_text (self->annotator_label, by ? by : "");

  created = format_timestamp (a->created);
  modified = format_timestamp (a->modified);
  if (g_strcmp0 (a->created, a->modified) == 0)
    dates = g_strdup_printf (_("Created %s"), created);
  else
    dates = g_strdup_printf (_("Created %s · Modified %s"), created, modified);
  gtk_label_set_text (self->dates_label, dates);

  gtk_widget_set_sensitive (GTK_WIDGET (self->label_dropdown), editable);
  gtk_text_view_set_editable (self->note_view, editable);

  self->filling_detail = FALSE;
}

static void
gloss_window_save_note (GlossWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  const GlossAnnotation *a;
  GlossAnnotationItem *item;
  guint position;
  g_autofree char *old_note = NULL;
  const char *document_id;

  g_clear_handle_id (&self->note_timeout_id, g_source_remove);

  if (self->detail_id == NULL || !gloss_window_can_edit (self) ||
      !find_annotation_position (self, self->detail_id, &position))
    return;

  item = g_list_model_get_item (G_LIST_MODEL (self->annotations), position);
  g_object_unref (item);   /* the list store keeps it */
  a = gloss_annotation_item_get_annotation (item);

  buffer = gtk_text_view_get_buffer (self->note_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (g_strcmp0 (text, a->note ? a->note : "") == 0)
    return;

  old_note = g_strdup (a->note);
  document_id = self->document->id;
  if (!gloss_store_set_annotation_note (self->store, a->id, *text ? text : NULL, &error))
    {
      gloss_window_toast_error (self, error);
      return;
    }
  gloss_undo_stack_push_note (self->undo, document_id, self->detail_id, old_note, *text ? text : NULL);

  /* Refresh the row and view without refilling the field being typed in. */
  {
    g_autoptr(GlossAnnotation) annotation = gloss_store_get_annotation (self->store, self->detail_id, NULL);

    if (annotation != NULL)
      {
        g_autofree char *modified = format_timestamp (annotation->modified);
        g_autofree char *created = format_timestamp (annotation->created);
        g_autofree char *dates = g_strdup_printf (_("Created %s · Modified %s"), created, modified);

        gloss_annotation_item_set_annotation (item, annotation);
        gloss_document_view_update_annotation (self->document_view, annotation);
        gtk_label_set_text (self->dates_label, dates);
      }
  }
}

void
gloss_window_flush_note (GlossWindow *self)
{
  g_return_if_fail (GLOSS_IS_WINDOW (self));
  gloss_window_save_note (self);
}

static gboolean
note_timeout_cb (gpointer user_data)
{
  GlossWindow *self = user_data;

  self->note_timeout_id = 0;
  gloss_window_save_note (self);
  return G_SOURCE_REMOVE;
}

static void
note_changed_cb (GlossWindow   *self,
                 GtkTextBuffer *buffer)
{
  if (self->filling_detail)
    return;
  g_clear_handle_id (&self->note_timeout_id, g_source_remove);
  self->note_timeout_id = g_timeout_add (NOTE_SAVE_DELAY_MS, note_timeout_cb, self);
}

static void
note_focus_leave_cb (GlossWindow *self)
{
  if (self->note_timeout_id != 0)
    gloss_window_save_note (self);
}

static void
label_dropdown_selected_cb (GlossWindow *self)
{
  g_autoptr(GError) error = NULL;
  GlossAnnotationItem *item;
  const GlossAnnotation *a;
  const GlossLabel *label;
  guint selected;
  g_autofree char *old_label = NULL;
  g_autofree char *id = NULL;

  if (self->filling_detail || !gloss_window_can_edit (self))
    return;
  item = gloss_window_get_selected_item (self);
  selected = gtk_drop_down_get_selected (self->label_dropdown);
  if (item == NULL || selected == GTK_INVALID_LIST_POSITION || selected >= self->labels->len)
    return;

  a = gloss_annotation_item_get_annotation (item);
  label = g_ptr_array_index (self->labels, selected);
  if (g_strcmp0 (a->label_id, label->id) == 0)
    return;

  old_label = g_strdup (a->label_id);
  id = g_strdup (a->id);
  if (!gloss_store_set_annotation_label (self->store, id, label->id, &error))
    {
      gloss_window_toast_error (self, error);
      gloss_window_fill_detail (self);
      return;
    }
  gloss_undo_stack_push_relabel (self->undo, self->document->id, id, old_label, label->id);
  gloss_window_refresh_annotation (self, self->document->id, id, FALSE);
}

static void
annotation_selection_changed_cb (GlossWindow *self)
{
  GlossAnnotationItem *item;

  /* A note typed for the previous annotation belongs to it. */
  if (self->note_timeout_id != 0)
    gloss_window_save_note (self);

  item = gloss_window_get_selected_item (self);
  gloss_window_fill_detail (self);
  if (self->keep_view_place)
    gloss_document_view_mark_annotation (self->document_view, item ? gloss_annotation_item_get_id (item) : NULL);
  else
    gloss_document_view_select_annotation (self->document_view,
                                           item ? gloss_annotation_item_get_id (item) : NULL,
                                           item != NULL && !self->activating_from_view);
  gloss_window_update_actions (self);
}

/* The field editor changed a field or the entity of the annotation shown: its row
 * and dates follow. */
static void
detail_annotation_changed_cb (GlossWindow      *self,
                              const char       *annotation_id,
                              GlossFieldEditor *editor)
{
  g_autofree char *id = g_strdup (annotation_id);

  if (self->document != NULL)
    gloss_window_refresh_annotation (self, self->document->id, id, FALSE);
}

/* A link's other end was clicked: show it, in its own document if need be. */
static void
links_navigate_cb (GlossWindow      *self,
                   const char       *document_id,
                   const char       *annotation_id,
                   GlossLinksEditor *editor)
{
  g_autofree char *document = g_strdup (document_id);
  g_autofree char *annotation = g_strdup (annotation_id);

  if ((self->document == NULL || g_strcmp0 (self->document->id, document) != 0) &&
      !gloss_window_select_document (self, document))
    return;
  gloss_window_select_annotation (self, annotation);
}

/* ------------------------------------------------------------------------- */
/* Annotating                                                                */

static void
create_annotation_cb (GlossWindow       *self,
                      const char        *label_id,
                      gint64             start,
                      gint64             end,
                      GlossDocumentView *view)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) annotation = NULL;
  g_autoptr(GlossAnnotationItem) item = NULL;
  g_autofree char *annotator_owned = NULL;
  const GlossLabel *label;
  const char *annotator;

  if (!gloss_window_can_edit (self) || self->document == NULL)
    return;

  annotator = gloss_window_dup_annotator (self, &annotator_owned);
  /* What you mark is shown, even if you had hidden your own annotations. */
  gloss_annotator_filter_set_shown (self->annotator_filter, annotator, TRUE);
  label = gloss_window_find_label (self, label_id, NULL);
  /* A mention of an entity is linked to the register's entry of that name, or to a new one. */
  if (label != NULL)
    annotation = gloss_annotate_linking_entity (self->store, self->document->id, label,
                                                start, end, annotator, &error);
  else
    annotation = gloss_store_add_annotation (self->store, self->document->id, label_id,
                                             start, end, NULL, annotator, &error);
  if (annotation == NULL)
    {
      gloss_window_toast_error (self, error);
      return;
    }
  gloss_undo_stack_push_create (self->undo, self->document->id, annotation->id);

  gloss_document_view_add_annotation (self->document_view, annotation);
  item = gloss_annotation_item_new (annotation);
  g_list_store_insert_sorted (self->annotations, item, gloss_annotation_item_compare, NULL);
  gloss_window_update_counts (self);

  self->activating_from_view = TRUE;
  gloss_window_select_annotation (self, annotation->id);
  self->activating_from_view = FALSE;
}

static void
annotation_activated_cb (GlossWindow       *self,
                         const char        *annotation_id,
                         GlossDocumentView *view)
{
  /* "Add Link…" waits for a click on the other end in the text. */
  if (gloss_links_editor_pick (self->links_editor, annotation_id))
    return;

  self->activating_from_view = TRUE;
  gloss_window_select_annotation (self, annotation_id);
  self->activating_from_view = FALSE;

  /* On a narrow window the pane is an overlay: show it so the click shows something. */
  if (!adw_flap_get_folded (self->annotations_flap))
    adw_flap_set_reveal_flap (self->annotations_flap, TRUE);
}

static void
gloss_window_delete_annotation (GlossWindow *self,
                                const char  *id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *annotation_id = g_strdup (id);
  AdwToast *toast;

  if (!gloss_window_can_edit (self) || id == NULL || self->document == NULL)
    return;

  g_clear_handle_id (&self->note_timeout_id, g_source_remove);
  if (!gloss_store_delete_annotation (self->store, annotation_id, &error))
    {
      gloss_window_toast_error (self, error);
      return;
    }
  gloss_undo_stack_push_delete (self->undo, self->document->id, annotation_id);
  gloss_window_refresh_annotation (self, self->document->id, annotation_id, FALSE);

  toast = adw_toast_new (_("Annotation deleted"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo");
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
delete_annotation_cb (GlossWindow       *self,
                      const char        *annotation_id,
                      GlossDocumentView *view)
{
  gloss_window_delete_annotation (self, annotation_id);
}

/* ------------------------------------------------------------------------- */
/* Documents                                                                 */

static void
gloss_window_load_document (GlossWindow *self,
                            const char  *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossDocument) document = NULL;
  g_autoptr(GPtrArray) annotations = NULL;

  if (self->note_timeout_id != 0)
    gloss_window_save_note (self);

  if (id != NULL)
    {
      document = gloss_store_get_document (self->store, id, &error);
      if (document != NULL)
        annotations = gloss_store_list_annotations (self->store, id, &error);
      if (document == NULL || annotations == NULL)
        {
          gloss_window_toast_error (self, error);
          return;
        }
    }

  g_clear_pointer (&self->document, gloss_document_free);
  self->document = g_steal_pointer (&document);

  gtk_single_selection_set_selected (self->annotations_selection, GTK_INVALID_LIST_POSITION);
  gloss_document_view_set_document (self->document_view, self->document);
  gloss_document_properties_set_document (self->document_properties, self->store,
                                          self->document ? self->document->id : NULL);
  if (self->document != NULL)
    gloss_document_view_set_annotations (self->document_view, annotations);
  gloss_window_set_annotation_items (self, annotations);

  gtk_stack_set_visible_child_name (self->content_stack, self->document ? "document" : "empty");
  gloss_window_update_title (self);
  gloss_window_update_actions (self);
}

gboolean
gloss_window_select_document (GlossWindow *self,
                              const char  *id)
{
  GListModel *model = G_LIST_MODEL (self->documents_selection);
  guint n;

  g_return_val_if_fail (GLOSS_IS_WINDOW (self), FALSE);

  if (self->document != NULL && g_strcmp0 (self->document->id, id) == 0)
    return TRUE;

  for (int attempt = 0; attempt < 2; attempt++)
    {
      n = g_list_model_get_n_items (model);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GlossDocumentItem) item = g_list_model_get_item (model, i);

          if (g_strcmp0 (gloss_document_item_get_id (item), id) == 0)
            {
              gtk_single_selection_set_selected (self->documents_selection, i);
              gtk_widget_activate_action (GTK_WIDGET (self->documents_view), "list.scroll-to-item", "u", i);
              /* Selecting loads it, unless it was selected already. */
              if (self->document == NULL || g_strcmp0 (self->document->id, id) != 0)
                gloss_window_load_document (self, id);
              return self->document != NULL;
            }
        }
      /* Hidden by the filter: clear the filter and look again. */
      gtk_editable_set_text (GTK_EDITABLE (self->filter_entry), "");
      gtk_string_filter_set_search (self->documents_filter, NULL);
    }
  return FALSE;
}

static void
document_selection_changed_cb (GlossWindow *self)
{
  GlossDocumentItem *item = gtk_single_selection_get_selected_item (self->documents_selection);

  /* A filter hiding the shown document leaves no selection: keep reading it. */
  if (item == NULL)
    return;
  if (self->document != NULL && g_strcmp0 (self->document->id, gloss_document_item_get_id (item)) == 0)
    return;
  gloss_window_load_document (self, gloss_document_item_get_id (item));
  if (adw_flap_get_folded (self->sidebar_flap))
    adw_flap_set_reveal_flap (self->sidebar_flap, FALSE);
}

static void
filter_changed_cb (GlossWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->filter_entry));

  gtk_string_filter_set_search (self->documents_filter, *text ? text : NULL);
}

static void
gloss_window_reload_documents (GlossWindow *self,
                               const char  *select_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *current = NULL;

  if (self->store != NULL)
    {
      documents = gloss_store_list_documents (self->store, &error);
      if (documents == NULL)
        gloss_window_toast_error (self, error);
    }
  for (guint i = 0; documents != NULL && i < documents->len; i++)
    g_ptr_array_add (items, gloss_document_item_new (g_ptr_array_index (documents, i)));

  current = self->document ? g_strdup (self->document->id) : NULL;

  g_signal_handlers_block_by_func (self->documents_selection, document_selection_changed_cb, self);
  g_list_store_splice (self->documents, 0, g_list_model_get_n_items (G_LIST_MODEL (self->documents)),
                       items->pdata, items->len);
  gtk_single_selection_set_selected (self->documents_selection, GTK_INVALID_LIST_POSITION);
  g_signal_handlers_unblock_by_func (self->documents_selection, document_selection_changed_cb, self);

  if (select_id == NULL)
    select_id = current;
  if (select_id == NULL && items->len > 0)
    select_id = gloss_document_item_get_id (g_ptr_array_index (items, 0));

  g_clear_pointer (&self->document, gloss_document_free);
  if (select_id == NULL || !gloss_window_select_document (self, select_id))
    gloss_window_load_document (self, NULL);
}

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
  gboolean    changed;      /* an annotation file added something */
  gboolean    labels_changed;
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
  g_free (data);
}

typedef struct {
  GlossWindow *self;
  double       fraction;
  char        *name;
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
  /* Translators: progress of an import, %s is a file name */
  text = g_strdup_printf (_("Importing “%s”…"), p->name);
  gtk_label_set_text (p->self->progress_label, text);
  gtk_progress_bar_set_fraction (p->self->progress_bar, p->fraction);
  return G_SOURCE_REMOVE;
}

/* Runs in the worker thread: an annotation file (Gloss JSON, W3C, JSON Lines, brat),
 * recognised by its content. The core imports it in one transaction: all or nothing. */
static void
import_annotation_file (ImportData  *data,
                        GlossStore  *store,
                        const char  *path,
                        const char  *name,
                        GlossFormat  format)
{
  g_autoptr(GlossImportReport) report = gloss_import_report_new ();
  g_autoptr(GError) error = NULL;

  if (!gloss_exchange_import (store, path, format, report, &error))
    {
      g_ptr_array_add (data->errors, g_strdup_printf ("%s: %s", name, error->message));
      return;
    }

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
      g_autofree char *name = g_filename_display_basename (path);
      g_autoptr(GlossImportedText) imported = NULL;
      g_autoptr(GlossDocument) document = NULL;
      ImportProgress *progress;
      GlossFormat format;

      if (g_cancellable_is_cancelled (cancellable))
        break;

      progress = g_new0 (ImportProgress, 1);
      progress->self = g_object_ref (source_object);
      progress->fraction = (double) i / n;
      progress->name = g_strdup (name);
      g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, import_progress_cb, progress, import_progress_free);

      /* By content, not by name: a .json may be Gloss JSON or W3C, a .zip a brat export. */
      format = gloss_exchange_sniff (path);
      if (format != GLOSS_FORMAT_ARTICLE)
        {
          import_annotation_file (data, store, path, name, format);
          continue;
        }

      imported = gloss_import_read_file (path, &error);
      if (imported != NULL)
        document = gloss_store_add_document (store, imported->title, imported->text, path,
                                             imported->format, NULL, &error);
      if (document != NULL)
        {
          g_ptr_array_add (data->added, g_strdup (document->id));
          if (imported->warning != NULL)
            g_ptr_array_add (data->warnings, g_strdup_printf ("%s: %s", name, imported->warning));
        }
      else if (g_error_matches (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE))
        g_ptr_array_add (data->duplicates, g_strdup (name));
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

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GlossWindow *self = GLOSS_WINDOW (object);
  ImportData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->importing = FALSE;
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

      for (guint i = 0; i < data->errors->len; i++)
        g_string_append_printf (body, "%s%s", i ? "\n\n" : "", (char *) g_ptr_array_index (data->errors, i));
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
}

void
gloss_window_import_paths (GlossWindow        *self,
                           const char * const *paths)
{
  g_autoptr(GTask) task = NULL;
  ImportData *data;

  g_return_if_fail (GLOSS_IS_WINDOW (self));

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

  self->importing = TRUE;
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_text (self->progress_label, _("Importing…"));
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  if (!adw_flap_get_folded (self->sidebar_flap))
    adw_flap_set_reveal_flap (self->sidebar_flap, TRUE);
  gloss_window_update_actions (self);

  task = g_task_new (self, self->cancellable, import_done_cb, NULL);
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

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GlossWindow *self = GLOSS_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) articles = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) annotations = gtk_file_filter_new ();
  const char * const article_patterns[] = { "*.txt", "*.md", "*.html", "*.htm", NULL };
  /* What gloss_exchange_sniff() recognises; the content decides, these only list them. */
  const char * const annotation_patterns[] = { "*.json", "*.jsonld", "*.jsonl", "*.ndjson", "*.zip", NULL };

  chooser = gtk_file_chooser_native_new (_("Import Articles or Annotations"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);

  gtk_file_filter_set_name (all, _("Articles and Annotations"));
  gtk_file_filter_set_name (articles, _("Articles (text, Markdown, web pages)"));
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

static gboolean
drop_cb (GtkDropTarget *target,
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

static void
paste_document_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  GlossWindow *self = GLOSS_WINDOW (widget);

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), self->cancellable,
                                 paste_text_cb, g_object_ref (self));
}

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

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GlossWindow *self = GLOSS_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!gloss_window_undo (self, &error))
    gloss_window_toast_error (self, error);
}

static void
redo_action (GtkWidget  *widget,
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

static void
delete_annotation_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GlossWindow *self = GLOSS_WINDOW (widget);
  GlossAnnotationItem *item = gloss_window_get_selected_item (self);

  if (item != NULL)
    gloss_window_delete_annotation (self, gloss_annotation_item_get_id (item));
}

static void
toggle_panes_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  GlossWindow *self = GLOSS_WINDOW (widget);
  gboolean shown = adw_flap_get_reveal_flap (self->sidebar_flap) ||
                   adw_flap_get_reveal_flap (self->annotations_flap);

  adw_flap_set_reveal_flap (self->sidebar_flap, !shown);
  adw_flap_set_reveal_flap (self->annotations_flap, !shown);
}

static void
find_action (GtkWidget  *widget,
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

static void
codebook_action (GtkWidget  *widget,
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

static void
export_toast_clicked_cb (AdwToast    *toast,
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
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (export_toast_clicked_cb), self, 0);
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

static void
export_action (GtkWidget  *widget,
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

static void
save_set_action (GtkWidget  *widget,
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
  gtk_accessible_update_property (GTK_ACCESSIBLE (labels), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Labels"), -1);
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
      store = gloss_store_create (path, base, GLOSS_STORE_CREATE_DEFAULT, &error);
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

static void
new_project_action (GtkWidget  *widget,
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

static void
open_project_action (GtkWidget  *widget,
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

static void
open_sample_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  gloss_window_open_sample (GLOSS_WINDOW (widget));
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
gloss_window_update_actions (GlossWindow *self)
{
  gboolean editable = gloss_window_can_edit (self);
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "win.import", editable && !self->importing);
  gtk_widget_action_set_enabled (widget, "win.paste-document", editable);
  gtk_widget_action_set_enabled (widget, "win.undo", editable && gloss_undo_stack_get_can_undo (self->undo));
  gtk_widget_action_set_enabled (widget, "win.redo", editable && gloss_undo_stack_get_can_redo (self->undo));
  gtk_widget_action_set_enabled (widget, "win.delete-annotation",
                                 editable && gloss_window_get_selected_item (self) != NULL);
  gtk_widget_action_set_enabled (widget, "win.codebook", self->store != NULL);
  gtk_widget_action_set_enabled (widget, "win.export", self->store != NULL);
  gtk_widget_action_set_enabled (widget, "win.send-copy", self->store != NULL && !self->copying);
  gtk_widget_action_set_enabled (widget, "win.merge", editable && !self->merging);
  gtk_widget_action_set_enabled (widget, "win.history", self->document != NULL);
  gtk_widget_action_set_enabled (widget, "win.save-set", editable);
  gtk_widget_action_set_enabled (widget, "win.find", self->document != NULL);
  gtk_widget_action_set_enabled (widget, "win.toggle-panes", self->store != NULL);
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
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (export_toast_clicked_cb), self, 0);
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

static void
send_copy_action (GtkWidget  *widget,
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
  g_signal_handlers_block_by_func (self->documents_selection, document_selection_changed_cb, self);
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
  g_signal_handlers_unblock_by_func (self->documents_selection, document_selection_changed_cb, self);

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
static gboolean
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

static gboolean
external_check_cb (gpointer user_data)
{
  gloss_window_check_external_change (GLOSS_WINDOW (user_data));
  return G_SOURCE_CONTINUE;
}

/* Coming back to the window is when a change elsewhere is most likely: look at once. */
static void
is_active_changed_cb (GlossWindow *self)
{
  if (gtk_window_is_active (GTK_WINDOW (self)))
    gloss_window_check_external_change (self);
}

/* Only a window on screen polls; an unmapped one costs nothing and catches up as
 * soon as it is mapped again. */
static void
gloss_window_map (GtkWidget *widget)
{
  GlossWindow *self = GLOSS_WINDOW (widget);

  GTK_WIDGET_CLASS (gloss_window_parent_class)->map (widget);
  if (self->external_check_id == 0)
    self->external_check_id = g_timeout_add_seconds (EXTERNAL_CHECK_SECONDS, external_check_cb, self);
  gloss_window_check_external_change (self);
}

static void
gloss_window_unmap (GtkWidget *widget)
{
  GlossWindow *self = GLOSS_WINDOW (widget);

  g_clear_handle_id (&self->external_check_id, g_source_remove);
  GTK_WIDGET_CLASS (gloss_window_parent_class)->unmap (widget);
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
static void
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
      name = g_strdup (g_get_real_name ());
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
  const char *real_name = g_get_real_name ();

  if (*name != '\0')
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("What Is Your Name?"),
                                   _("Gloss puts your name on every annotation you make, so that "
                                     "colleagues can see who wrote what. You can change it later "
                                     "in Preferences."));
  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  if (g_strcmp0 (real_name, "Unknown") != 0)
    gtk_editable_set_text (GTK_EDITABLE (entry), real_name);
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
  gloss_undo_stack_clear (self->undo);
  g_clear_pointer (&self->document, gloss_document_free);
  gloss_annotator_filter_set_store (self->annotator_filter, store);
  gloss_field_editor_set_context (self->field_editor, store, self->undo);
  gloss_links_editor_set_context (self->links_editor, store, self->undo, NULL);
  gloss_document_properties_set_document (self->document_properties, store, NULL);

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
  g_autofree char *path = gloss_application_ensure_sample_project (&error);

  if (path == NULL)
    {
      gloss_window_show_message (self, _("Could Not Create the Sample Project"), error->message);
      return;
    }
  gloss_window_open_path (self, path);
}

/* ------------------------------------------------------------------------- */
/* Test hooks                                                                */

GlossDocumentView *
gloss_window_get_document_view (GlossWindow *self)
{
  return self->document_view;
}

GListModel *
gloss_window_get_annotations (GlossWindow *self)
{
  return G_LIST_MODEL (self->annotations);
}

const char *
gloss_window_get_selected_annotation_id (GlossWindow *self)
{
  GlossAnnotationItem *item = gloss_window_get_selected_item (self);

  return item ? gloss_annotation_item_get_id (item) : NULL;
}

GtkDropDown *
gloss_window_get_label_dropdown (GlossWindow *self)
{
  return self->label_dropdown;
}

GtkTextView *
gloss_window_get_note_view (GlossWindow *self)
{
  return self->note_view;
}

GlossUndoStack *
gloss_window_get_undo_stack (GlossWindow *self)
{
  return self->undo;
}

GtkWidget *
gloss_window_get_field_editor (GlossWindow *self)
{
  return GTK_WIDGET (self->field_editor);
}

GtkWidget *
gloss_window_get_links_editor (GlossWindow *self)
{
  return GTK_WIDGET (self->links_editor);
}

GtkWidget *
gloss_window_get_document_properties (GlossWindow *self)
{
  return GTK_WIDGET (self->document_properties);
}

GtkWindow *
gloss_window_get_error_dialog (GlossWindow *self)
{
  return self->error_dialog;
}

GtkLabel *
gloss_window_get_banner_label (GlossWindow *self)
{
  return self->banner_label;
}

GListModel *
gloss_window_get_documents (GlossWindow *self)
{
  return G_LIST_MODEL (self->documents);
}

GlossAnnotatorFilter *
gloss_window_get_annotator_filter (GlossWindow *self)
{
  return self->annotator_filter;
}

/* ------------------------------------------------------------------------- */
/* Annotators: filter and colour                                             */

static void
annotator_filter_changed_cb (GlossWindow *self)
{
  g_auto(GStrv) hidden = gloss_annotator_filter_dup_hidden (self->annotator_filter);

  gloss_document_view_set_hidden_annotators (self->document_view, (const char * const *) hidden);
  gloss_window_reload_annotations (self);
}

static void
annotator_colours_changed_cb (GlossWindow *self)
{
  gloss_document_view_set_annotator_colours (self->document_view,
                                             gloss_annotator_filter_get_colours (self->annotator_filter));
}

/* ------------------------------------------------------------------------- */
/* GObject                                                                   */

static void
snap_to_words_changed_cb (GlossWindow *self)
{
  gloss_document_view_set_snap_to_words (self->document_view,
                                         g_settings_get_boolean (self->settings, "snap-to-words"));
}

static gboolean
gloss_window_close_request (GtkWindow *window)
{
  GlossWindow *self = GLOSS_WINDOW (window);
  int width, height;

  if (self->note_timeout_id != 0)
    gloss_window_save_note (self);

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  if (!gtk_window_is_maximized (window))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  /* Folded panes hide themselves; only the user's choice is remembered. */
  if (self->store != NULL && !adw_flap_get_folded (self->sidebar_flap))
    g_settings_set_boolean (self->settings, "show-sidebar", adw_flap_get_reveal_flap (self->sidebar_flap));
  if (self->store != NULL && !adw_flap_get_folded (self->annotations_flap))
    g_settings_set_boolean (self->settings, "show-annotations", adw_flap_get_reveal_flap (self->annotations_flap));
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (gloss_window_parent_class)->close_request (window);
}

static void
gloss_window_dispose (GObject *object)
{
  GlossWindow *self = GLOSS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->note_timeout_id, g_source_remove);
  g_clear_handle_id (&self->external_check_id, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  gloss_window_set_weak (&self->codebook, NULL);
  gloss_window_set_weak (&self->error_dialog, NULL);
  gloss_window_set_weak (&self->export_dialog, NULL);
  if (self->label_css != NULL)
    gtk_style_context_remove_provider_for_display (gdk_display_get_default (),
                                                   GTK_STYLE_PROVIDER (self->label_css));

  gtk_widget_dispose_template (GTK_WIDGET (self), GLOSS_TYPE_WINDOW);

  G_OBJECT_CLASS (gloss_window_parent_class)->dispose (object);
}

static void
gloss_window_finalize (GObject *object)
{
  GlossWindow *self = GLOSS_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->undo);
  g_clear_object (&self->settings);
  g_clear_object (&self->documents);
  g_clear_object (&self->documents_filter);
  g_clear_object (&self->documents_selection);
  g_clear_object (&self->annotations);
  g_clear_object (&self->annotations_selection);
  g_clear_object (&self->label_names);
  g_clear_object (&self->label_css);
  g_clear_pointer (&self->labels, g_ptr_array_unref);
  g_clear_pointer (&self->document, gloss_document_free);
  g_clear_pointer (&self->detail_id, g_free);

  G_OBJECT_CLASS (gloss_window_parent_class)->finalize (object);
}

static void
gloss_window_class_init (GlossWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = gloss_window_dispose;
  object_class->finalize = gloss_window_finalize;
  window_class->close_request = gloss_window_close_request;
  widget_class->map = gloss_window_map;
  widget_class->unmap = gloss_window_unmap;

  g_type_ensure (GLOSS_TYPE_DOCUMENT_VIEW);
  g_type_ensure (GLOSS_TYPE_ANNOTATOR_FILTER);
  g_type_ensure (GLOSS_TYPE_DOCUMENT_ITEM);
  g_type_ensure (GLOSS_TYPE_ANNOTATION_ITEM);
  g_type_ensure (GLOSS_TYPE_FIELD_EDITOR);
  g_type_ensure (GLOSS_TYPE_LINKS_EDITOR);
  g_type_ensure (GLOSS_TYPE_DOCUMENT_PROPERTIES);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Gloss/gloss-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, banner_button);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, sidebar_flap);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, annotations_flap);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, documents_view);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, document_view);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, annotator_filter);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, annotations_stack);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, annotations_view);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, detail_revealer);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, quote_label);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, label_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, note_view);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, annotator_label);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, dates_label);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, field_editor);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, links_editor);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, document_properties);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_annotation_cb);
  gtk_widget_class_bind_template_callback (widget_class, annotation_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, delete_annotation_cb);
  gtk_widget_class_bind_template_callback (widget_class, label_dropdown_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, detail_annotation_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, links_navigate_cb);

  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.paste-document", NULL, paste_document_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "win.delete-annotation", NULL, delete_annotation_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-panes", NULL, toggle_panes_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.codebook", NULL, codebook_action);
  gtk_widget_class_install_action (widget_class, "win.compare", NULL, gloss_compare_window_action);
  gtk_widget_class_install_action (widget_class, "win.agreement", NULL, gloss_agreement_window_action);
  gtk_widget_class_install_action (widget_class, "win.claims", NULL, gloss_claims_window_action);
  gtk_widget_class_install_action (widget_class, "win.risks", NULL, gloss_risk_window_action);
  gtk_widget_class_install_action (widget_class, "win.entities", NULL, gloss_entities_window_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.send-copy", NULL, send_copy_action);
  gtk_widget_class_install_action (widget_class, "win.merge", NULL, gloss_merge_dialog_action);
  gtk_widget_class_install_action (widget_class, "win.history", NULL, gloss_history_dialog_action);
  gtk_widget_class_install_action (widget_class, "win.save-set", NULL, save_set_action);
  gtk_widget_class_install_action (widget_class, "win.new-project", NULL, new_project_action);
  gtk_widget_class_install_action (widget_class, "win.open-project", NULL, open_project_action);
  gtk_widget_class_install_action (widget_class, "win.open-sample", NULL, open_sample_action);
  gtk_widget_class_install_action (widget_class, "win.close", NULL, close_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "win.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_S, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.send-copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_V, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.paste-document", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-panes", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_h, GDK_CONTROL_MASK, "win.history", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open-project", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-project", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "win.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_C, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.claims", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_R, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.risks", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_E, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.entities", NULL);
}

static void
gloss_window_init (GlossWindow *self)
{
  g_autoptr(GtkExpression) title_expression = NULL;
  GtkEventController *focus;
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->undo = gloss_undo_stack_new ();
  self->cancellable = g_cancellable_new ();
  self->data_version = -1;
  self->labels = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_label_free);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  adw_flap_set_reveal_flap (self->sidebar_flap, g_settings_get_boolean (self->settings, "show-sidebar"));
  adw_flap_set_reveal_flap (self->annotations_flap, g_settings_get_boolean (self->settings, "show-annotations"));

  /* Documents: store -> filter by title -> single selection */
  self->documents = g_list_store_new (GLOSS_TYPE_DOCUMENT_ITEM);
  title_expression = gtk_property_expression_new (GLOSS_TYPE_DOCUMENT_ITEM, NULL, "title");
  self->documents_filter = gtk_string_filter_new (g_steal_pointer (&title_expression));
  gtk_string_filter_set_match_mode (self->documents_filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  gtk_string_filter_set_ignore_case (self->documents_filter, TRUE);
  self->documents_selection =
    gtk_single_selection_new (G_LIST_MODEL (gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->documents)),
                                                                       g_object_ref (GTK_FILTER (self->documents_filter)))));
  gtk_single_selection_set_autoselect (self->documents_selection, FALSE);
  gtk_list_view_set_model (self->documents_view, GTK_SELECTION_MODEL (self->documents_selection));
  g_signal_connect_object (self->documents_selection, "notify::selected-item",
                           G_CALLBACK (document_selection_changed_cb), self, G_CONNECT_SWAPPED);

  /* Annotations of the shown document */
  self->annotations = g_list_store_new (GLOSS_TYPE_ANNOTATION_ITEM);
  self->annotations_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->annotations)));
  gtk_single_selection_set_autoselect (self->annotations_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->annotations_selection, TRUE);
  gtk_single_selection_set_selected (self->annotations_selection, GTK_INVALID_LIST_POSITION);
  gtk_list_view_set_model (self->annotations_view, GTK_SELECTION_MODEL (self->annotations_selection));
  g_signal_connect_object (self->annotations_selection, "notify::selected-item",
                           G_CALLBACK (annotation_selection_changed_cb), self, G_CONNECT_SWAPPED);

  /* Detail pane */
  self->label_names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->label_dropdown, G_LIST_MODEL (self->label_names));
  g_signal_connect_object (gtk_text_view_get_buffer (self->note_view), "changed",
                           G_CALLBACK (note_changed_cb), self, G_CONNECT_SWAPPED);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (focus, "leave", G_CALLBACK (note_focus_leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->note_view), focus);

  self->label_css = gtk_css_provider_new ();
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (self->label_css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  g_signal_connect_object (self->undo, "notify", G_CALLBACK (gloss_window_update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->annotator_filter, "filter-changed",
                           G_CALLBACK (annotator_filter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->annotator_filter, "colours-changed",
                           G_CALLBACK (annotator_colours_changed_cb), self, G_CONNECT_SWAPPED);
  annotator_colours_changed_cb (self);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (is_active_changed_cb), NULL);
  g_signal_connect_object (self->settings, "changed::snap-to-words",
                           G_CALLBACK (snap_to_words_changed_cb), self, G_CONNECT_SWAPPED);
  snap_to_words_changed_cb (self);
  g_signal_connect_object (self->settings, "changed::analyst-name",
                           G_CALLBACK (gloss_window_sync_history_user), self, G_CONNECT_SWAPPED);

  gtk_stack_set_visible_child_name (self->main_stack, "welcome");
  gloss_window_update_actions (self);
}

GlossWindow *
gloss_window_new (GtkApplication *application)
{
  return g_object_new (GLOSS_TYPE_WINDOW, "application", application, NULL);
}

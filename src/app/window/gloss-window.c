/* gloss-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window: its panes (documents, article, annotations, detail), the
 * template and the GObject side. Actions are installed in class_init; their
 * handlers live with what they do in gloss-window-{actions,import,project,views}.c.
 */
#define G_LOG_DOMAIN "gloss-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-codebook-names.h"
#include "gloss-keynav.h"
#include "gloss-accessible.h"
#include "gloss-annotation-item.h"
#include "gloss-annotator-filter.h"
#include "gloss-conflicts.h"
#include "gloss-document-item.h"
#include "gloss-document-properties.h"
#include "gloss-document-view.h"
#include "gloss-field-editor.h"
#include "gloss-entities-window.h"
#include "gloss-links-editor.h"
#include "gloss-pages.h"
#include "gloss-undo.h"
#include "gloss-util.h"
#include "gloss-pages.h"
#include "gloss-window-private.h"

/* A note is saved this long after the last keystroke (or when the field loses focus). */
#define NOTE_SAVE_DELAY_MS 600
/* How often a shown window asks whether another program changed the project
 * (PRAGMA data_version: a counter read, no data). */
#define EXTERNAL_CHECK_SECONDS 1

G_DEFINE_FINAL_TYPE (GlossWindow, gloss_window, ADW_TYPE_APPLICATION_WINDOW)

static void gloss_window_load_document  (GlossWindow *self, const char *id);
static void gloss_window_fill_detail    (GlossWindow *self);

/* ------------------------------------------------------------------------- */
/* Small helpers                                                             */

void
gloss_window_toast (GlossWindow *self,
                    const char  *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
gloss_window_toast_error (GlossWindow  *self,
                          const GError *error)
{
  gloss_window_toast (self, error->message);
}

void
gloss_window_set_weak (GtkWindow **slot,
                       GtkWindow  *window)
{
  if (*slot != NULL)
    g_object_remove_weak_pointer (G_OBJECT (*slot), (gpointer *) slot);
  *slot = window;
  if (window != NULL)
    g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) slot);
}

void
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

/**
 * gloss_window_new_session:
 *
 * The core's session for one user action: the window's project and undo stack, and
 * the analyst's name. The core function it offers makes the change, in one
 * transaction with its undo step; the window only shows the result.
 *
 * Returns: (transfer full): a session
 */
GlossSession *
gloss_window_new_session (GlossWindow *self)
{
  g_autofree char *owned = NULL;
  GlossSession *session = gloss_session_new (self->store, self->undo);

  gloss_session_set_annotator (session, gloss_window_dup_annotator (self, &owned));
  return session;
}

const char *
gloss_window_dup_annotator (GlossWindow *self,
                            char       **owned)
{
  *owned = g_settings_get_string (self->settings, "analyst-name");
  if (**owned == '\0')
    {
      g_free (*owned);
      *owned = gloss_default_annotator ();
    }
  return *owned;
}

const GlossLabel *
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

GlossAnnotationItem *
gloss_window_get_selected_item (GlossWindow *self)
{
  gpointer item = gtk_single_selection_get_selected_item (self->annotations_selection);

  return item ? GLOSS_ANNOTATION_ITEM (item) : NULL;
}

gboolean
gloss_window_can_edit (GlossWindow *self)
{
  return self->store != NULL && !gloss_store_is_read_only (self->store);
}

/* ------------------------------------------------------------------------- */
/* Title, banner, labels                                                     */

void
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

void
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
    g_ptr_array_add (names, (char *) gloss_codebook_name (((GlossLabel *) g_ptr_array_index (self->labels, i))->name));
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

void
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
  gloss_window_mark_conflicts (self);
  gloss_window_update_counts (self);
}

/* Marks the listed annotations that a merge left a conflict on (on the annotation or
 * one of its field values), and shows Resolve Conflict… for the selected one. */
void
gloss_window_mark_conflicts (GlossWindow *self)
{
  g_autoptr(GPtrArray) conflicts = self->store ? gloss_store_list_conflicts (self->store, NULL, NULL) : NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  GlossAnnotationItem *selected = gloss_window_get_selected_item (self);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->annotations));

  for (guint i = 0; conflicts != NULL && i < conflicts->len; i++)
    g_hash_table_add (ids, ((GlossConflict *) conflicts->pdata[i])->row_id);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlossAnnotationItem) item = g_list_model_get_item (G_LIST_MODEL (self->annotations), i);

      gloss_annotation_item_set_has_conflict (item, g_hash_table_contains (ids, gloss_annotation_item_get_id (item)));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->resolve_conflict_button),
                          selected != NULL && gloss_annotation_item_get_has_conflict (selected));
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
void
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
      gloss_window_mark_conflicts (self);
      gloss_document_view_update_annotation (self->document_view, annotation);
      if (g_strcmp0 (self->detail_id, annotation_id) == 0)
        gloss_window_fill_detail (self);
    }
  else if (annotation != NULL && gloss_annotator_filter_is_shown (self->annotator_filter, annotation->annotator))
    {
      g_autoptr(GlossAnnotationItem) item = gloss_annotation_item_new (annotation);

      g_list_store_insert_sorted (self->annotations, item, gloss_annotation_item_compare, NULL);
      gloss_window_mark_conflicts (self);
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

static void gloss_window_fill_detail (GlossWindow *self);

static void
pane_page_changed_cb (GlossWindow *self)
{
  if (self->detail_stale && g_strcmp0 (gtk_stack_get_visible_child_name (self->pane_stack), "annotations") == 0)
    gloss_window_fill_detail (self);
}

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

  /* While the Claims page covers the detail, its fields are not rebuilt: a screen
   * reader would find controls that were never shown (and so never named). They
   * follow the selection when the annotations page is shown again. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->pane_stack), "annotations") != 0)
    {
      self->detail_stale = TRUE;
      return;
    }
  self->detail_stale = FALSE;
  g_clear_pointer (&self->detail_id, g_free);
  gtk_revealer_set_reveal_child (self->detail_revealer, item != NULL);
  gloss_field_editor_set_annotation (self->field_editor, item ? gloss_annotation_item_get_id (item) : NULL);
  gloss_links_editor_set_annotation (self->links_editor, item ? gloss_annotation_item_get_id (item) : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->resolve_conflict_button),
                          item != NULL && gloss_annotation_item_get_has_conflict (item));
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
  {
    /* A span in a PDF or scan says its page: "By Ana Ruiz · p. 12". */
    g_autoptr(GArray) pages = gloss_store_get_document_pages (self->store, a->document_id, NULL);
    g_autofree char *where = gloss_pages_describe (pages, a->start, a->end);

    if (where != NULL)
      {
        char *joined = by ? g_strdup_printf ("%s · %s", by, where) : g_strdup (where);

        g_free (by);
        by = joined;
      }
  }
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

void
gloss_window_save_note (GlossWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  const GlossAnnotation *a;
  GlossAnnotationItem *item;
  guint position;
  g_autoptr(GlossSession) session = NULL;

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

  session = gloss_window_new_session (self);
  if (!gloss_session_set_note (session, a->id, text, &error))
    {
      gloss_window_toast_error (self, error);
      return;
    }

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
  /* Only typing not yet saved: a note field that was never typed in is not
   * written back over what the project holds (after a merge, say). */
  if (self->note_timeout_id != 0)
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
  g_autoptr(GlossSession) session = NULL;
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

  id = g_strdup (a->id);
  session = gloss_window_new_session (self);
  if (!gloss_session_set_label (session, id, label->id, &error))
    {
      gloss_window_toast_error (self, error);
      gloss_window_fill_detail (self);
      return;
    }
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

/* A link to an entity was activated: the register opens on it. */
static void
links_open_entity_cb (GlossWindow      *self,
                      const char       *entity_id,
                      GlossLinksEditor *editor)
{
  GtkWindow *entities = gloss_window_show_entities (self);

  if (entities != NULL)
    gloss_entities_window_select (GLOSS_ENTITIES_WINDOW (entities), (const char *[]) { entity_id, NULL });
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
  g_autoptr(GlossSession) session = NULL;
  g_autofree char *annotator_owned = NULL;
  const char *annotator;

  if (!gloss_window_can_edit (self) || self->document == NULL)
    return;

  annotator = gloss_window_dup_annotator (self, &annotator_owned);
  /* What you mark is shown, even if you had hidden your own annotations. */
  gloss_annotator_filter_set_shown (self->annotator_filter, annotator, TRUE);
  /* One core action: the annotation, and for a mention of an entity its link to the
   * register's entry of that name (or a new one), in one transaction and one undo step. */
  session = gloss_window_new_session (self);
  annotation = gloss_session_annotate (session, self->document->id, label_id, start, end, NULL, &error);
  if (annotation == NULL)
    {
      gloss_window_toast_error (self, error);
      return;
    }

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

/* A narrow window folds the side panes into overlays over the article: one at a time,
 * or the article would be covered (at 700 px, two panes left it 150 px). Opening one
 * closes the other; when the window narrows with both open, the document list goes. */
static void
gloss_window_one_overlay (GlossWindow *self,
                          AdwFlap     *keep)
{
  AdwFlap *other = keep == self->sidebar_flap ? self->annotations_flap : self->sidebar_flap;

  if (adw_flap_get_reveal_flap (keep) && adw_flap_get_reveal_flap (other) &&
      (adw_flap_get_folded (keep) || adw_flap_get_folded (other)))
    adw_flap_set_reveal_flap (other, FALSE);
}

static void
flap_revealed_cb (AdwFlap     *flap,
                  GParamSpec  *pspec,
                  GlossWindow *self)
{
  gloss_window_one_overlay (self, flap);
}

static void
flap_folded_cb (AdwFlap     *flap,
                GParamSpec  *pspec,
                GlossWindow *self)
{
  gloss_window_one_overlay (self, self->annotations_flap);
}

void
gloss_window_delete_annotation (GlossWindow *self,
                                const char  *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossSession) session = NULL;
  g_autofree char *annotation_id = g_strdup (id);
  AdwToast *toast;

  if (!gloss_window_can_edit (self) || id == NULL || self->document == NULL)
    return;

  g_clear_handle_id (&self->note_timeout_id, g_source_remove);
  session = gloss_window_new_session (self);
  if (!gloss_session_delete_annotation (session, annotation_id, &error))
    {
      gloss_window_toast_error (self, error);
      return;
    }
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

/* Shift+Alt+arrows in the reading view: the selected annotation's edges move. */
static void
resize_annotation_cb (GlossWindow       *self,
                      const char        *annotation_id,
                      gint64             start,
                      gint64             end,
                      GlossDocumentView *view)
{
  g_autoptr(GlossSession) session = NULL;
  g_autoptr(GError) error = NULL;

  if (!gloss_window_can_edit (self) || self->document == NULL)
    return;
  session = gloss_window_new_session (self);
  if (!gloss_session_resize_annotation (session, annotation_id, start, end, &error))
    {
      gloss_window_toast_error (self, error);
      return;
    }
  gloss_window_refresh_annotation (self, self->document->id, annotation_id, FALSE);
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
  if (self->document != NULL)
    {
      /* A PDF's or scan's pages and OCR's unsure text; a failure costs only the marks. */
      g_autoptr(GArray) pages = gloss_store_get_document_pages (self->store, self->document->id, NULL);
      g_autoptr(GArray) confidence = gloss_store_get_document_confidence (self->store, self->document->id, NULL);

      gloss_document_view_set_pages (self->document_view, pages);
      gloss_document_view_set_confidence (self->document_view, confidence);
    }
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

void
gloss_window_document_selection_changed_cb (GlossWindow *self)
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

void
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

  g_signal_handlers_block_by_func (self->documents_selection, gloss_window_document_selection_changed_cb, self);
  g_list_store_splice (self->documents, 0, g_list_model_get_n_items (G_LIST_MODEL (self->documents)),
                       items->pdata, items->len);
  gtk_single_selection_set_selected (self->documents_selection, GTK_INVALID_LIST_POSITION);
  g_signal_handlers_unblock_by_func (self->documents_selection, gloss_window_document_selection_changed_cb, self);

  if (select_id == NULL)
    select_id = current;
  if (select_id == NULL && items->len > 0)
    select_id = gloss_document_item_get_id (g_ptr_array_index (items, 0));

  g_clear_pointer (&self->document, gloss_document_free);
  if (select_id == NULL || !gloss_window_select_document (self, select_id))
    gloss_window_load_document (self, NULL);
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
  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  g_clear_handle_id (&self->import_reveal_id, g_source_remove);
  g_clear_handle_id (&self->note_timeout_id, g_source_remove);
  g_clear_handle_id (&self->external_check_id, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  gloss_window_set_weak (&self->codebook, NULL);
  gloss_window_set_weak (&self->error_dialog, NULL);
  gloss_window_set_weak (&self->export_dialog, NULL);
  gloss_window_views_dispose (self);
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
  g_clear_object (&self->import_cancellable);
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
  g_type_ensure (GLOSS_TYPE_LIST_ROW);
  gloss_accessible_init ();
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
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, resolve_conflict_button);
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
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, pane_stack);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, claims_pane);
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
  gtk_widget_class_bind_template_callback (widget_class, resize_annotation_cb);
  gtk_widget_class_bind_template_callback (widget_class, label_dropdown_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, detail_annotation_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, links_navigate_cb);
  gtk_widget_class_bind_template_callback (widget_class, links_open_entity_cb);

  gtk_widget_class_install_action (widget_class, "win.import", NULL, gloss_window_import_action);
  gtk_widget_class_install_action (widget_class, "win.import-cancel", NULL, gloss_window_import_cancel_action);
  gtk_widget_class_install_action (widget_class, "win.import-address", NULL, gloss_window_import_address_action);
  gtk_widget_class_install_action (widget_class, "win.paste-document", NULL, gloss_window_paste_document_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, gloss_window_undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, gloss_window_redo_action);
  gtk_widget_class_install_action (widget_class, "win.delete-annotation", NULL, gloss_window_delete_annotation_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-panes", NULL, gloss_window_toggle_panes_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, gloss_window_find_action);
  gtk_widget_class_install_action (widget_class, "win.codebook", NULL, gloss_window_codebook_action);
  gtk_widget_class_install_action (widget_class, "win.compare", NULL, gloss_window_compare_action);
  gtk_widget_class_install_action (widget_class, "win.agreement", NULL, gloss_window_agreement_action);
  gtk_widget_class_install_action (widget_class, "win.claims", NULL, gloss_window_claims_action);
  gtk_widget_class_install_action (widget_class, "win.claims-pane", NULL, gloss_window_claims_pane_action);
  gtk_widget_class_install_action (widget_class, "win.ach", NULL, gloss_window_ach_action);
  gtk_widget_class_install_action (widget_class, "win.timeline", NULL, gloss_window_timeline_action);
  gtk_widget_class_install_action (widget_class, "win.graph", NULL, gloss_window_graph_action);
  gtk_widget_class_install_action (widget_class, "win.add-to-analysis", NULL, gloss_window_add_to_analysis_action);
  gtk_widget_class_install_action (widget_class, "win.risks", NULL, gloss_window_risks_action);
  gtk_widget_class_install_action (widget_class, "win.entities", NULL, gloss_window_entities_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, gloss_window_export_action);
  gtk_widget_class_install_action (widget_class, "win.send-copy", NULL, gloss_window_send_copy_action);
  gtk_widget_class_install_action (widget_class, "win.merge", NULL, gloss_window_merge_action);
  gtk_widget_class_install_action (widget_class, "win.history", NULL, gloss_window_history_action);
  gtk_widget_class_install_action (widget_class, "win.resolve-conflict", NULL, gloss_window_resolve_conflict_action);
  gtk_widget_class_install_action (widget_class, "win.save-set", NULL, gloss_window_save_set_action);
  gtk_widget_class_install_action (widget_class, "win.new-project", NULL, gloss_window_new_project_action);
  gtk_widget_class_install_action (widget_class, "win.open-project", NULL, gloss_window_open_project_action);
  gtk_widget_class_install_action (widget_class, "win.open-sample", NULL, gloss_window_open_sample_action);
  gtk_widget_class_install_action (widget_class, "win.close", NULL, gloss_window_close_action);

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
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_T, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.timeline", NULL);
  /* Ctrl+Shift+G is the reading view's "find previous": L for link chart. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_L, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.graph", NULL);
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
  /* Tab from the annotations goes on to the detail (the fields), not row by row. */
  gloss_keynav_tab_leaves (GTK_WIDGET (self->annotations_view));
  gloss_keynav_tab_leaves (GTK_WIDGET (self->documents_view));
  g_signal_connect_swapped (self->pane_stack, "notify::visible-child", G_CALLBACK (pane_page_changed_cb), self);
  gloss_keynav_escape_leaves (GTK_WIDGET (self->claims_pane), G_CALLBACK (gloss_window_leave_claims_pane), self);
  g_signal_connect (self->sidebar_flap, "notify::reveal-flap", G_CALLBACK (flap_revealed_cb), self);
  g_signal_connect (self->annotations_flap, "notify::reveal-flap", G_CALLBACK (flap_revealed_cb), self);
  g_signal_connect (self->sidebar_flap, "notify::folded", G_CALLBACK (flap_folded_cb), self);
  g_signal_connect (self->annotations_flap, "notify::folded", G_CALLBACK (flap_folded_cb), self);

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
                           G_CALLBACK (gloss_window_document_selection_changed_cb), self, G_CONNECT_SWAPPED);

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
  g_signal_connect_object (drop, "drop", G_CALLBACK (gloss_window_drop_cb), self, 0);
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

/* gloss-window-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Internals of GlossWindow that the UI tests drive directly. Each function is the
 * code path a widget of the window uses, not a shortcut around it.
 */
#pragma once

#include "gloss-window.h"
#include "gloss-agreement-window.h"
#include "gloss-annotation-item.h"
#include "gloss-annotator-filter.h"
#include "gloss-compare-window.h"
#include "gloss-document-properties.h"
#include "gloss-document-view.h"
#include "gloss-field-editor.h"
#include "gloss-links-editor.h"
#include "gloss-merge-dialog.h"
#include "gloss-undo.h"
#include "gloss-session.h"

G_BEGIN_DECLS

GlossDocumentView *gloss_window_get_document_view        (GlossWindow *self);
/* Loads document @id into the view and selects it in the sidebar. */
gboolean           gloss_window_select_document          (GlossWindow *self,
                                                          const char  *id);
/* The annotations pane's model (GlossAnnotationItem*, text order). */
GListModel        *gloss_window_get_annotations          (GlossWindow *self);
/* Selects an annotation in the pane as a click on its row does. */
gboolean           gloss_window_select_annotation        (GlossWindow *self,
                                                          const char  *id);
const char        *gloss_window_get_selected_annotation_id (GlossWindow *self);
/* Reads the shown document's annotations again (after a view window changed many),
 * keeping the selected one selected. */
void               gloss_window_reload_annotations       (GlossWindow *self);
/* The detail pane's label drop-down and note editor. */
GtkDropDown       *gloss_window_get_label_dropdown       (GlossWindow *self);
GtkTextView       *gloss_window_get_note_view            (GlossWindow *self);
/* Saves a pending note edit now (as leaving the note field does). */
void               gloss_window_flush_note               (GlossWindow *self);
GlossUndoStack    *gloss_window_get_undo_stack           (GlossWindow *self);
/* Undoes the newest step of the undo stack as Ctrl+Z does (saving a note being
 * typed first) and brings the window up to date; the caller shows @error. The
 * Entities window's Undo goes through here too (its "undo" signal). */
gboolean           gloss_window_undo                     (GlossWindow  *self,
                                                          GError      **error);
/* The detail pane's field and link editors, and the source line above the article. */
GtkWidget         *gloss_window_get_field_editor         (GlossWindow *self);
GtkWidget         *gloss_window_get_links_editor         (GlossWindow *self);
GtkWidget         *gloss_window_get_document_properties  (GlossWindow *self);
/* The codebook dialog, opened if needed. */
GtkWindow         *gloss_window_show_codebook            (GlossWindow *self);
/* The last error dialog shown (weak), for tests. */
GtkWindow         *gloss_window_get_error_dialog         (GlossWindow *self);
/* Starts importing @paths in a thread (own store connection); the list reloads after. */
void               gloss_window_import_paths             (GlossWindow        *self,
                                                          const char * const *paths);
gboolean           gloss_window_is_importing             (GlossWindow *self);
/* The export dialog (Ctrl+E), opened if needed. */
GtkWindow         *gloss_window_show_export              (GlossWindow *self);
/* What "Save as Set…" saves: the documents the sidebar lists (all of them, as a
 * scope that follows the project, when the filter hides none) or only the current
 * document, optionally only annotations with label @label_id. */
gboolean           gloss_window_save_set                 (GlossWindow  *self,
                                                          const char   *name,
                                                          gboolean      current_document,
                                                          const char   *label_id,
                                                          GError      **error);
/* Writes a copy of the project to the new file @path in a thread (its own
 * read-only connection); a toast reports it, a dialog any failure. */
void               gloss_window_send_copy_to             (GlossWindow  *self,
                                                          const char   *path);
gboolean           gloss_window_is_copying               (GlossWindow  *self);
/* The read-only banner's text (inside a GtkRevealer shown when read-only). */
GtkLabel          *gloss_window_get_banner_label         (GlossWindow  *self);
/* The sidebar's documents (GlossDocumentItem*, unfiltered). */
GListModel        *gloss_window_get_documents            (GlossWindow  *self);
/* The annotators button (filter and colour by annotator). */
GlossAnnotatorFilter *gloss_window_get_annotator_filter  (GlossWindow  *self);
/* Reads the project again after a change the window's own editing did not make
 * (a merge through a connection of its own, a restore from the history): the
 * codebook, the documents and the shown document's annotations, keeping the
 * article, the selection and the reading position. Drops the undo steps, which may
 * name rows that changed. */
void               gloss_window_reload_project           (GlossWindow  *self);
/* While a merge writes through its own connection, the window does not take its
 * commit for another program's. */
void               gloss_window_set_merging              (GlossWindow  *self,
                                                          gboolean      merging);

/* The project's views, one of each per window, made if needed and presented (NULL
 * when no project is open, for those that need one). */
GtkWindow            *gloss_window_show_claims           (GlossWindow  *self);
/* The Claims table in the side pane beside the article (a GlossClaimsView), shown. */
GtkWidget            *gloss_window_show_claims_pane      (GlossWindow  *self);
/* Back from the Claims page to the annotations and the article (Escape there). */
void                  gloss_window_leave_claims_pane     (GlossWindow  *self);
GtkWindow            *gloss_window_show_risks            (GlossWindow  *self);
GtkWindow            *gloss_window_show_entities         (GlossWindow  *self);
GtkWindow            *gloss_window_show_ach              (GlossWindow  *self);
GtkWindow            *gloss_window_show_timeline         (GlossWindow  *self);
GtkWindow            *gloss_window_show_graph            (GlossWindow  *self);
/* Compares again when already open. */
GlossCompareWindow   *gloss_window_show_compare          (GlossWindow  *self);
/* Computes again when already open. */
GlossAgreementWindow *gloss_window_show_agreement        (GlossWindow  *self);
/* A merge dialog on this window's project, not shown yet (win.merge shows a file
 * chooser first). */
GlossMergeDialog     *gloss_window_new_merge_dialog      (GlossWindow  *self);

/* ------------------------------------------------------------------------- */
/* Internals shared by gloss-window*.c                                       */

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
  GtkButton           *resolve_conflict_button;
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
  GtkStack            *pane_stack;             /* the side pane: annotations or claims */
  GtkBox              *claims_pane;
  GtkWidget           *claims_view;            /* in claims_pane, made when first shown */
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
  gboolean             detail_stale;    /* the selection changed while the Claims page hid the detail */
  gboolean             activating_from_view;
  gboolean             importing;
  GCancellable        *import_cancellable;     /* the running import's, for its Cancel button */
  guint                import_reveal_id;       /* shows the progress once an import runs a second */
  gboolean             copying;                /* Send a Copy running in a thread */
  gboolean             merging;                /* a merge writing through its own connection */
  gboolean             keep_view_place;        /* refreshing after another program's change */
  gint64               data_version;           /* of self->store when last in step with the file */
  guint                external_check_id;      /* polls data_version while mapped */

  GtkWindow           *codebook;               /* weak */
  GtkWindow           *error_dialog;           /* weak */
  GtkWindow           *export_dialog;          /* weak */
  GtkWindow           *claims_window;          /* weak */
  GtkWindow           *risk_window;            /* weak */
  GtkWindow           *entities_window;        /* weak */
  GtkWindow           *compare_window;         /* weak */
  GtkWindow           *agreement_window;       /* weak */
  GtkWindow           *ach_window;             /* weak */
  GtkWindow           *timeline_window;        /* weak */
  GtkWindow           *graph_window;           /* weak */
};

/* gloss-window.c */
gboolean gloss_window_can_edit (GlossWindow *self);
void gloss_window_delete_annotation (GlossWindow *self,
                                     const char  *id);
void gloss_window_document_selection_changed_cb (GlossWindow *self);
GlossSession *gloss_window_new_session (GlossWindow *self);
const char *gloss_window_dup_annotator (GlossWindow *self,
                                        char       **owned);
const GlossLabel *gloss_window_find_label (GlossWindow *self,
                                           const char  *id,
                                           guint       *position);
GlossAnnotationItem *gloss_window_get_selected_item (GlossWindow *self);
void gloss_window_refresh_annotation (GlossWindow *self,
                                      const char  *document_id,
                                      const char  *annotation_id,
                                      gboolean     select);
void gloss_window_reload_documents (GlossWindow *self,
                                    const char  *select_id);
void gloss_window_reload_labels (GlossWindow *self);
void gloss_window_save_note (GlossWindow *self);
void gloss_window_set_annotation_items (GlossWindow *self,
                                        GPtrArray   *annotations);
void gloss_window_set_weak (GtkWindow **slot,
                            GtkWindow  *window);
void gloss_window_show_message (GlossWindow *self,
                                const char  *heading,
                                const char  *body);
void gloss_window_toast (GlossWindow *self,
                         const char  *message);
void gloss_window_toast_error (GlossWindow  *self,
                               const GError *error);
void gloss_window_update_title (GlossWindow *self);

/* gloss-window-actions.c */
void gloss_window_close_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter);
void gloss_window_codebook_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter);
void gloss_window_delete_annotation_action (GtkWidget  *widget,
                                            const char *action_name,
                                            GVariant   *parameter);
void gloss_window_export_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter);
void gloss_window_export_toast_clicked_cb (AdwToast    *toast,
                                           GlossWindow *self);
void gloss_window_find_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter);
void gloss_window_open_sample_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter);
void gloss_window_redo_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter);
void gloss_window_save_set_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter);
void gloss_window_toggle_panes_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *parameter);
void gloss_window_undo_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter);
void gloss_window_update_actions (GlossWindow *self);

/* gloss-window-import.c */
gboolean gloss_window_drop_cb (GtkDropTarget *target,
                               const GValue  *value,
                               double         x,
                               double         y,
                               GlossWindow   *self);
void gloss_window_import_address_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter);
void gloss_window_import_cancel_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter);
void gloss_window_import_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter);
void gloss_window_paste_document_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter);

/* gloss-window-project.c */
gboolean gloss_window_check_external_change (GlossWindow *self);
void gloss_window_new_project_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter);
void gloss_window_open_project_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *parameter);
void gloss_window_send_copy_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter);
void gloss_window_sync_history_user (GlossWindow *self);

/* gloss-window-views.c */
void gloss_window_agreement_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter);
void gloss_window_ach_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter);
void gloss_window_timeline_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter);
void gloss_window_graph_action    (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter);
void gloss_window_add_to_analysis_action (GtkWidget  *widget,
                                          const char *action_name,
                                          GVariant   *parameter);
void gloss_window_claims_pane_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter);
void gloss_window_claims_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter);
void gloss_window_compare_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter);
void gloss_window_entities_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter);
void gloss_window_resolve_conflict_action (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *parameter);
void gloss_window_mark_conflicts (GlossWindow *self);
void gloss_window_history_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter);
void gloss_window_merge_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter);
void gloss_window_risks_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter);
/* Tells the open Compare and Agreement windows that the window shows another project. */
void gloss_window_views_set_store (GlossWindow *self);
void gloss_window_views_dispose (GlossWindow *self);

G_END_DECLS

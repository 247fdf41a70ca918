/* gloss-window-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Internals of GlossWindow that the UI tests drive directly. Each function is the
 * code path a widget of the window uses, not a shortcut around it.
 */
#pragma once

#include "gloss-window.h"
#include "gloss-document-view.h"
#include "gloss-undo.h"
#include "gloss-annotator-filter.h"

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
 * Entities window's Undo goes through here too. */
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

G_END_DECLS

/* gloss-document-view.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reading view: one document's text in a read-only GtkTextView made for reading,
 * with its annotations drawn as highlights (one GtkTextTag per label), selection that
 * snaps to words, a label popover for the selection, hover tooltips, a picker where
 * highlights overlap, and a search bar. It shows data it is given and reports what the
 * user asks for through signals; it never writes to the project itself.
 */
#pragma once

#include <gtk/gtk.h>
#include "gloss-model.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_DOCUMENT_VIEW (gloss_document_view_get_type ())
G_DECLARE_FINAL_TYPE (GlossDocumentView, gloss_document_view, GLOSS, DOCUMENT_VIEW, GtkWidget)

GtkWidget *gloss_document_view_new             (void);

/* Shows @document (its text must be loaded) or nothing when NULL. Clears annotations. */
void       gloss_document_view_set_document    (GlossDocumentView *self,
                                                const GlossDocument *document);
const char *gloss_document_view_get_document_id (GlossDocumentView *self);
/* Pages of a paged source (gint64 code point where each page starts, page 1 first;
 * NULL or empty for none): each page after the first is marked where it starts.
 * Call after set_document, which clears them. */
void       gloss_document_view_set_pages       (GlossDocumentView *self,
                                                const GArray      *page_starts);
/* Text OCR read with a confidence below GLOSS_PAGES_LOW_CONFIDENCE is underlined;
 * @spans are GlossConfidenceSpan (NULL for none). */
void       gloss_document_view_set_confidence  (GlossDocumentView *self,
                                                const GArray      *spans);
/* The page marked at code point @offset's line, 0 when none is (for tests). */
/* Offsets in [@start, @end) where a highlight starts right where another of the
 * same label ends: the view draws a thin gap there. gint64 array. */
GArray    *gloss_document_view_get_boundaries  (GlossDocumentView *self,
                                                gint64             start,
                                                gint64             end);
guint      gloss_document_view_get_page_at     (GlossDocumentView *self,
                                                gint64             offset);

/* The codebook: GlossLabel* in order; used for tag colours, the popover and shortcut keys. */
void       gloss_document_view_set_labels      (GlossDocumentView *self,
                                                GPtrArray         *labels);

/* Replaces all highlights with @annotations (GlossAnnotation*, any order), applied in
 * batches. The view keeps its own copies. */
void       gloss_document_view_set_annotations (GlossDocumentView *self,
                                                GPtrArray         *annotations);
/* Incremental updates, for one user action (fast path: no full reload). */
void       gloss_document_view_add_annotation    (GlossDocumentView     *self,
                                                  const GlossAnnotation *annotation);
void       gloss_document_view_remove_annotation (GlossDocumentView     *self,
                                                  const char            *annotation_id);
void       gloss_document_view_update_annotation (GlossDocumentView     *self,
                                                  const GlossAnnotation *annotation);

/* Marks @annotation_id as the selected one (outline style), scrolls to it and, when
 * @flash, flashes it briefly. NULL clears the selection. */
void       gloss_document_view_select_annotation (GlossDocumentView *self,
                                                  const char        *annotation_id,
                                                  gboolean           flash);

/* Marks @annotation_id as the selected one without scrolling or flashing, so that a
 * refresh keeps the reader's place. NULL clears the selection. */
void       gloss_document_view_mark_annotation   (GlossDocumentView *self,
                                                  const char        *annotation_id);
/* The current text selection in code points; FALSE when nothing is selected. */
gboolean   gloss_document_view_get_selection   (GlossDocumentView *self,
                                                gint64            *start,
                                                gint64            *end);
/* Selects [start, end) in the text and scrolls to it (used by tests and search). */
void       gloss_document_view_set_selection   (GlossDocumentView *self,
                                                gint64             start,
                                                gint64             end);

void       gloss_document_view_set_snap_to_words (GlossDocumentView *self,
                                                  gboolean           snap);
/* Expands the current selection to whole words, as a finished mouse selection is when
 * snapping is on (also for tests). FALSE when nothing is selected. */
gboolean   gloss_document_view_snap_selection    (GlossDocumentView *self);
/* Read-only projects: no popover, no shortcut keys. */
void       gloss_document_view_set_editable      (GlossDocumentView *self,
                                                  gboolean           editable);

/* Opens the search bar (Ctrl+F does it too). */
void       gloss_document_view_begin_search      (GlossDocumentView *self);

/* The ids of the annotations covering code point @offset, innermost first (interval
 * index lookup). Free with g_ptr_array_unref. */
GPtrArray *gloss_document_view_annotations_at    (GlossDocumentView *self,
                                                  gint64             offset);

/* The labels of the highlights covering @offset, innermost first ("Claim, Person"),
 * or NULL: what the text's accessible description says while the caret is there. */
char      *gloss_document_view_describe_position (GlossDocumentView *self,
                                                  gint64             offset);

/* Colours the highlights by annotator instead of by label: @colours maps annotator
 * names to colours ("#rrggbb"; one text tag per annotator, named
 * "gloss-annotator:NAME"); annotations by anyone else are grey. NULL colours by label
 * again. The table is read, not kept. */
void       gloss_document_view_set_annotator_colours (GlossDocumentView *self,
                                                      GHashTable        *colours);
gboolean   gloss_document_view_get_colour_by_annotator (GlossDocumentView *self);
/* Hides the highlights of the annotations these annotators made (no tag, no tooltip,
 * no click); NULL or an empty list shows every annotator. Annotations without an
 * annotator are always shown. */
void       gloss_document_view_set_hidden_annotators (GlossDocumentView  *self,
                                                      const char * const *names);

/* Dragging an edge of the selected annotation with the mouse (the gesture on the
 * text view calls these; tests may too). Coordinates are the text view's. */
typedef enum {
  GLOSS_DOCUMENT_VIEW_EDGE_NONE,
  GLOSS_DOCUMENT_VIEW_EDGE_START,
  GLOSS_DOCUMENT_VIEW_EDGE_END,
} GlossDocumentViewEdge;

/* Which edge of the selected annotation is within a few pixels of (@x, @y); NONE
 * when nothing is selected or the view is read only. */
GlossDocumentViewEdge gloss_document_view_edge_at (GlossDocumentView *self,
                                                   double             x,
                                                   double             y);
/* The middle of @edge of the selected annotation, in text view coordinates. */
gboolean   gloss_document_view_get_edge_point    (GlossDocumentView     *self,
                                                  GlossDocumentViewEdge  edge,
                                                  double                *x,
                                                  double                *y);
/* A press at (@x, @y): TRUE when it grabbed an edge and a drag began. */
gboolean   gloss_document_view_edge_drag_begin   (GlossDocumentView *self,
                                                  double             x,
                                                  double             y);
/* The pointer moved: the edge follows to the word boundary there (the character
 * boundary when @by_character), never past the other edge; the view previews it. */
void       gloss_document_view_edge_drag_update  (GlossDocumentView *self,
                                                  double             x,
                                                  double             y,
                                                  gboolean           by_character);
/* The release: emits "resize-annotation" once when the span changed (TRUE). */
gboolean   gloss_document_view_edge_drag_end     (GlossDocumentView *self);
/* Escape: the drag ends and the span is as before. */
void       gloss_document_view_edge_drag_cancel  (GlossDocumentView *self);
/* The previewed span while a drag lasts; FALSE when none does. */
gboolean   gloss_document_view_get_edge_drag     (GlossDocumentView *self,
                                                  gint64            *start,
                                                  gint64            *end);

/*
 * Signals:
 *  "create-annotation" (GlossDocumentView*, const char *label_id, gint64 start, gint64 end)
 *      the user picked a label for the selection (popover button or shortcut key).
 *  "annotation-activated" (GlossDocumentView*, const char *annotation_id)
 *      the user clicked a highlight (after picking one where several overlap).
 *  "delete-annotation" (GlossDocumentView*, const char *annotation_id)
 *      Delete pressed while an annotation is selected in the view.
 *  "resize-annotation" (GlossDocumentView*, const char *annotation_id, gint64 start, gint64 end)
 *      Shift+Alt+arrows moved an edge of the selected annotation by a word: Right and
 *      Left move its end, Up and Down its start (the span never becomes empty); or
 *      the mouse dragged one of its edges and let go.
 *  "highlights-ready" (GlossDocumentView*)
 *      every highlight given to set_annotations (or after a label change) is applied;
 *      emitted after the last batch (used by the benchmark and tests).
 *
 * Actions (keys bound in class_init, active when focus is inside the view):
 *  document.search (Ctrl+F), document.search-next (Ctrl+G),
 *  document.search-previous (Ctrl+Shift+G), document.show-labels (Menu, Shift+F10:
 *  the label popover for a keyboard-made selection).
 */

G_END_DECLS

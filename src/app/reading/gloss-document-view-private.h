/* gloss-document-view-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Internals shared by the parts of GlossDocumentView: gloss-document-view.c (widget,
 * layout, public API), -highlights.c and -selection.c. Only those files include it.
 */
#pragma once

#include <gtk/gtk.h>

#include "gloss-document-view.h"

G_BEGIN_DECLS

typedef struct _GlossIndexNode GlossIndexNode;

struct _GlossDocumentView
{
  GtkWidget      parent_instance;

  GtkWidget     *box;
  GtkWidget     *search_bar;
  GtkWidget     *search_entry;
  GtkWidget     *match_label;
  GtkWidget     *scrolled;
  GtkWidget     *text_view;
  GtkWidget     *title_label;
  GtkWidget     *label_popover;
  GtkWidget     *picker_popover;
  GtkTextBuffer *buffer;
  char          *cursor_labels;   /* the labels the caret is in, as last told to a screen reader */

  GtkTextTag    *overlap_tag;
  GtkTextTag    *selected_tag;
  GtkTextTag    *flash_tag;
  GtkTextTag    *unknown_tag;   /* annotations whose label is not in the codebook */

  char          *document_id;
  /* Paged sources (PDF, scans): where pages 2.. start, in code points, drawn as a
   * marker in the margin; OCR's unsure text is underlined with low_confidence_tag. */
  GArray        *page_starts;   /* gint64, page n at index n - 1; NULL without pages */
  GtkTextTag    *low_confidence_tag;

  GPtrArray     *labels;        /* GlossLabel*, owned copies, codebook order */
  GHashTable    *label_tags;    /* label id -> GtkTextTag* (owned by the tag table) */
  /* Colour by annotator: one tag per annotator (never per annotation), used instead of
   * the label tags while colour_by_annotator is set. */
  GHashTable    *annotator_tags;     /* annotator name -> GtkTextTag* (owned by the table) */
  gboolean       colour_by_annotator;
  /* Annotators whose annotations are left out of the index (no highlight, no hover,
   * no click); NULL when every annotator is shown. */
  GHashTable    *hidden_annotators;  /* name set */

  /* Annotations: the hash table owns the copies; the index borrows them. The index is
   * a treap by start (then longer first) with subtree max ends, updated in O(log n) per
   * annotation added, removed or changed, and rebuilt from scratch (O(n log n)) only
   * after index_dirty is set by a full reload. sorted is its in-order copy for the
   * batched apply, refreshed lazily when sorted_dirty. */
  GHashTable    *annotations;   /* id -> GlossAnnotation* */
  GlossIndexNode *index_root;
  GPtrArray     *sorted;
  gboolean       index_dirty;
  gboolean       sorted_dirty;

  /* Batched application of highlights. */
  guint          apply_source;
  guint          apply_pos;
  gboolean       apply_visible_done;

  char          *selected_id;
  guint          flash_source;
  guint          flash_count;
  GtkTextMark   *scroll_mark;

  /* Mouse selection tracking (for snapping and click detection). */
  double         press_x;
  double         press_y;
  gboolean       pressed;
  guint          release_source;
  gint64         popover_start;
  gint64         popover_end;

  /* Title geometry in text view coordinates, from the last measure. */
  int            title_x;
  int            title_width;
  int            title_height;

  guint          count_source;

  gboolean       editable;
  gboolean       snap_to_words;
  const char    *cursor_name;   /* the text view's cursor as last set (static string) */

  /* Dragging an edge of the selected annotation (gloss-document-view-edges.c). */
  GtkGesture    *edge_gesture;
  GlossDocumentViewEdge edge_drag;
  char          *edge_drag_id;
  gint64         edge_drag_start;   /* the span when the drag began */
  gint64         edge_drag_end;
  double         edge_press_x;
  double         edge_press_y;
  gboolean       edge_press;        /* the primary button's press grabbed an edge */
};

enum {
  CREATE_ANNOTATION,
  ANNOTATION_ACTIVATED,
  DELETE_ANNOTATION,
  RESIZE_ANNOTATION,
  HIGHLIGHTS_READY,
  N_SIGNALS
};

extern guint gloss_document_view_signals[N_SIGNALS];

/* gloss-document-view.c */
void gloss_document_view_cursor_moved_cb (GlossDocumentView *self);
GArray *gloss_document_view_boundaries (GlossDocumentView *self,
                                        gint64             start,
                                        gint64             end);

/* gloss-document-view-edges.c */
void gloss_document_view_add_edge_gesture (GlossDocumentView *self);
void gloss_document_view_snapshot_edges (GlossDocumentView *self,
                                         GtkSnapshot       *snapshot);

/* gloss-document-view-highlights.c */
GPtrArray *gloss_document_view_annotations_covering (GlossDocumentView *self,
                                                     gint64             offset);
void gloss_document_view_apply_selected_tag (GlossDocumentView *self);
gboolean gloss_document_view_check_index (GlossDocumentView *self);
void gloss_document_view_index_insert (GlossDocumentView     *self,
                                       const GlossAnnotation *a);
void gloss_document_view_index_invalidate (GlossDocumentView *self);
void gloss_document_view_index_remove (GlossDocumentView     *self,
                                       const GlossAnnotation *a);
const GlossLabel *gloss_document_view_find_label (GlossDocumentView *self,
                                                  const char        *label_id);
void gloss_document_view_get_range (GlossDocumentView *self,
                                    gint64             start,
                                    gint64             end,
                                    GtkTextIter       *s,
                                    GtkTextIter       *e);
gboolean gloss_document_view_parse_colour (const char *colour,
                                           double      alpha,
                                           GdkRGBA    *rgba);
void gloss_document_view_raise_decoration_tags (GlossDocumentView *self);
void gloss_document_view_refresh_range (GlossDocumentView *self,
                                        gint64             start,
                                        gint64             end);
void gloss_document_view_remove_all_highlights (GlossDocumentView *self);
void gloss_document_view_schedule_apply (GlossDocumentView *self);
void gloss_document_view_scroll_to_range (GlossDocumentView *self,
                                          gint64             start,
                                          gint64             end);
void gloss_document_view_start_flash (GlossDocumentView *self);
void gloss_document_view_stop_apply (GlossDocumentView *self);
GtkTextTag *gloss_document_view_tag_for_annotation (GlossDocumentView     *self,
                                                    const GlossAnnotation *a);

/* gloss-document-view-selection.c */
gboolean gloss_document_view_entry_key_pressed_cb (GtkEventControllerKey *controller,
                                                   guint                  keyval,
                                                   guint                  keycode,
                                                   GdkModifierType        state,
                                                   GlossDocumentView     *self);
gboolean gloss_document_view_get_selection_offsets (GlossDocumentView *self,
                                                    gint64            *start,
                                                    gint64            *end);
gboolean gloss_document_view_key_pressed_cb (GtkEventControllerKey *controller,
                                             guint                  keyval,
                                             guint                  keycode,
                                             GdkModifierType        state,
                                             GlossDocumentView     *self);
gboolean gloss_document_view_legacy_event_cb (GtkEventControllerLegacy *controller,
                                              GdkEvent                 *event,
                                              GlossDocumentView        *self);
void gloss_document_view_motion_cb (GtkEventControllerMotion *controller,
                                    double                    x,
                                    double                    y,
                                    GlossDocumentView        *self);
void gloss_document_view_popover_closed_cb (GtkPopover        *popover,
                                            GlossDocumentView *self);
gboolean gloss_document_view_popover_key_pressed_cb (GtkEventControllerKey *controller,
                                                     guint                  keyval,
                                                     guint                  keycode,
                                                     GdkModifierType        state,
                                                     GlossDocumentView     *self);
gboolean gloss_document_view_query_tooltip_cb (GtkWidget         *widget,
                                               int                x,
                                               int                y,
                                               gboolean           keyboard_mode,
                                               GtkTooltip        *tooltip,
                                               GlossDocumentView *self);
void gloss_document_view_rebuild_label_popover (GlossDocumentView *self);
void gloss_document_view_search_changed_cb (GtkSearchEntry    *entry,
                                            GlossDocumentView *self);
void gloss_document_view_search_mode_cb (GtkSearchBar      *bar,
                                         GParamSpec        *pspec,
                                         GlossDocumentView *self);
void gloss_document_view_search_next_cb (GlossDocumentView *self);
void gloss_document_view_search_previous_cb (GlossDocumentView *self);
void gloss_document_view_search_step (GlossDocumentView *self,
                                      gboolean           forward,
                                      gboolean           include_current);
void gloss_document_view_show_label_popover (GlossDocumentView *self,
                                             gint64             start,
                                             gint64             end);
void gloss_document_view_snap_selection_to_words (GlossDocumentView *self);
void gloss_document_view_stop_search_cb (GtkSearchEntry    *entry,
                                         GlossDocumentView *self);

G_END_DECLS

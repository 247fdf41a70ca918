/* gloss-document-view-edges.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Resizing the selected highlight with the mouse: its two edges get handles, the
 * pointer over one shows a resize cursor, and a press there drags that edge (to word
 * boundaries, to characters with Alt) with a live preview. The release reports the
 * new span once through "resize-annotation", the signal Shift+Alt+arrows use, so the
 * window makes one undoable change; Escape cancels. A press anywhere else is left to
 * the text view, so ordinary selection by dragging is unchanged.
 *
 * During a drag the view's own copy of the annotation holds the preview span (so the
 * highlight, the selected tag and the handles follow the pointer); the span the drag
 * started from is put back before the signal, and the window then sets what it saved.
 */
#define G_LOG_DOMAIN "gloss-document-view"

#include "gloss-document-view-private.h"

/* How far from an edge (in pixels, either side) the pointer still grabs it. */
#define EDGE_SLOP     5
/* The handles: a bar across the line and a knob at its outer end. */
#define HANDLE_WIDTH  2
#define KNOB_SIZE     7

/* The selected annotation, when its edges can be dragged. */
static GlossAnnotation *
draggable_annotation (GlossDocumentView *self)
{
  if (!self->editable || self->selected_id == NULL)
    return NULL;
  return g_hash_table_lookup (self->annotations, self->selected_id);
}

/* Where an edge of [start, end) is drawn, in buffer coordinates: the left side of the
 * first character, or the right side of the last one (not the start of the next
 * character, which may be on the next display line). */
static gboolean
edge_location (GlossDocumentView     *self,
               gint64                 start,
               gint64                 end,
               GlossDocumentViewEdge  edge,
               GdkRectangle          *out)
{
  GtkTextIter s, e;
  GdkRectangle rect;

  if (end <= start)
    return FALSE;
  gloss_document_view_get_range (self, start, end, &s, &e);
  if (edge == GLOSS_DOCUMENT_VIEW_EDGE_START)
    {
      gtk_text_view_get_iter_location (GTK_TEXT_VIEW (self->text_view), &s, &rect);
      out->x = rect.x;
    }
  else
    {
      gtk_text_iter_backward_char (&e);
      gtk_text_view_get_iter_location (GTK_TEXT_VIEW (self->text_view), &e, &rect);
      out->x = rect.x + rect.width;
    }
  out->y = rect.y;
  out->width = 0;
  out->height = rect.height;
  return TRUE;
}

GlossDocumentViewEdge
gloss_document_view_edge_at (GlossDocumentView *self,
                             double             x,
                             double             y)
{
  const GlossAnnotation *a;
  int bx, by;

  g_return_val_if_fail (GLOSS_IS_DOCUMENT_VIEW (self), GLOSS_DOCUMENT_VIEW_EDGE_NONE);

  a = draggable_annotation (self);
  if (a == NULL)
    return GLOSS_DOCUMENT_VIEW_EDGE_NONE;
  gtk_text_view_window_to_buffer_coords (GTK_TEXT_VIEW (self->text_view), GTK_TEXT_WINDOW_WIDGET,
                                         (int) x, (int) y, &bx, &by);
  /* The end first: on a one-character span both edges are near, and growing is the
   * likelier wish there. */
  for (int i = 0; i < 2; i++)
    {
      GlossDocumentViewEdge edge = i == 0 ? GLOSS_DOCUMENT_VIEW_EDGE_END : GLOSS_DOCUMENT_VIEW_EDGE_START;
      GdkRectangle where;
      int top, bottom;

      if (!edge_location (self, a->start, a->end, edge, &where))
        continue;
      /* The knob sits above the start's line and below the end's. */
      top = where.y - (edge == GLOSS_DOCUMENT_VIEW_EDGE_START ? KNOB_SIZE : 0);
      bottom = where.y + where.height + (edge == GLOSS_DOCUMENT_VIEW_EDGE_END ? KNOB_SIZE : 0);
      if (ABS (bx - where.x) <= EDGE_SLOP && by >= top && by < bottom)
        return edge;
    }
  return GLOSS_DOCUMENT_VIEW_EDGE_NONE;
}

gboolean
gloss_document_view_get_edge_point (GlossDocumentView     *self,
                                    GlossDocumentViewEdge  edge,
                                    double                *x,
                                    double                *y)
{
  const GlossAnnotation *a;
  GdkRectangle where;
  int wx, wy;

  g_return_val_if_fail (GLOSS_IS_DOCUMENT_VIEW (self), FALSE);

  a = self->selected_id ? g_hash_table_lookup (self->annotations, self->selected_id) : NULL;
  if (a == NULL || edge == GLOSS_DOCUMENT_VIEW_EDGE_NONE || !edge_location (self, a->start, a->end, edge, &where))
    return FALSE;
  gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (self->text_view), GTK_TEXT_WINDOW_WIDGET,
                                         where.x, where.y + where.height / 2, &wx, &wy);
  *x = wx;
  *y = wy;
  return TRUE;
}

/* The offset a dragged edge goes to for the pointer at (@x, @y) in text view
 * coordinates: the nearest place between two characters, then (unless
 * @by_character) the word boundary that edge would take, without crossing white
 * space or clause separators. */
static gint64
edge_target (GlossDocumentView     *self,
             GlossDocumentViewEdge  edge,
             double                 x,
             double                 y,
             gboolean               by_character)
{
  GtkTextView *view = GTK_TEXT_VIEW (self->text_view);
  GtkTextIter iter, t;
  int bx, by, trailing = 0;

  gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, (int) x, (int) y, &bx, &by);
  gtk_text_view_get_iter_at_position (view, &iter, &trailing, bx, by);
  /* Past the middle of a character: the place after it. */
  if (trailing > 0 && !gtk_text_iter_ends_line (&iter))
    gtk_text_iter_forward_char (&iter);
  if (by_character)
    return gtk_text_iter_get_offset (&iter);

  if (edge == GLOSS_DOCUMENT_VIEW_EDGE_START)
    {
      if (gtk_text_iter_inside_word (&iter) && !gtk_text_iter_starts_word (&iter))
        {
          t = iter;
          if (gtk_text_iter_backward_word_start (&t) && gtk_text_iter_get_line (&t) == gtk_text_iter_get_line (&iter))
            iter = t;
        }
      else
        while (!gtk_text_iter_ends_line (&iter) && !gtk_text_iter_starts_word (&iter) &&
               g_unichar_isspace (gtk_text_iter_get_char (&iter)))
          gtk_text_iter_forward_char (&iter);
    }
  else
    {
      t = iter;
      if (gtk_text_iter_backward_char (&t) && gtk_text_iter_inside_word (&t) && !gtk_text_iter_ends_word (&iter))
        {
          t = iter;
          if (gtk_text_iter_forward_word_end (&t) && gtk_text_iter_get_line (&t) == gtk_text_iter_get_line (&iter))
            iter = t;
        }
      else
        for (;;)
          {
            t = iter;
            if (gtk_text_iter_starts_line (&iter) || !gtk_text_iter_backward_char (&t) ||
                gtk_text_iter_ends_word (&iter) || !g_unichar_isspace (gtk_text_iter_get_char (&t)))
              break;
            iter = t;
          }
    }
  return gtk_text_iter_get_offset (&iter);
}

/* Moves the view's copy of the dragged annotation to [start, end) and redraws. */
static void
preview_span (GlossDocumentView *self,
              gint64             start,
              gint64             end)
{
  GlossAnnotation *a = g_hash_table_lookup (self->annotations, self->edge_drag_id);
  gint64 old_start, old_end;
  GtkTextIter s, e;

  if (a == NULL || (a->start == start && a->end == end))
    return;
  old_start = a->start;
  old_end = a->end;
  gloss_document_view_get_range (self, MIN (old_start, start), MAX (old_end, end), &s, &e);
  gtk_text_buffer_remove_tag (self->buffer, gloss_document_view_tag_for_annotation (self, a), &s, &e);
  a->start = start;
  a->end = end;
  self->index_dirty = TRUE;
  /* Others of the same label in the old range lost their tag too. */
  gloss_document_view_refresh_range (self, MIN (old_start, start), MAX (old_end, end));
  gloss_document_view_apply_selected_tag (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
gloss_document_view_edge_drag_begin (GlossDocumentView *self,
                                     double             x,
                                     double             y)
{
  const GlossAnnotation *a;
  GlossDocumentViewEdge edge;

  g_return_val_if_fail (GLOSS_IS_DOCUMENT_VIEW (self), FALSE);

  if (self->edge_drag != GLOSS_DOCUMENT_VIEW_EDGE_NONE)
    gloss_document_view_edge_drag_cancel (self);
  edge = gloss_document_view_edge_at (self, x, y);
  a = draggable_annotation (self);
  if (edge == GLOSS_DOCUMENT_VIEW_EDGE_NONE || a == NULL)
    return FALSE;
  self->edge_drag = edge;
  self->edge_drag_id = g_strdup (a->id);
  self->edge_drag_start = a->start;
  self->edge_drag_end = a->end;
  /* A flash would paint over the preview. */
  g_clear_handle_id (&self->flash_source, g_source_remove);
  gtk_popover_popdown (GTK_POPOVER (self->label_popover));
  gtk_widget_set_cursor_from_name (self->text_view, "col-resize");
  self->cursor_name = "col-resize";
  return TRUE;
}

void
gloss_document_view_edge_drag_update (GlossDocumentView *self,
                                      double             x,
                                      double             y,
                                      gboolean           by_character)
{
  const GlossAnnotation *a;
  gint64 target, start, end;

  g_return_if_fail (GLOSS_IS_DOCUMENT_VIEW (self));

  if (self->edge_drag == GLOSS_DOCUMENT_VIEW_EDGE_NONE)
    return;
  a = g_hash_table_lookup (self->annotations, self->edge_drag_id);
  if (a == NULL)
    {
      /* The annotation went away under the drag (undo, another window). */
      gloss_document_view_edge_drag_cancel (self);
      return;
    }
  target = edge_target (self, self->edge_drag, x, y, by_character);
  start = a->start;
  end = a->end;
  if (self->edge_drag == GLOSS_DOCUMENT_VIEW_EDGE_START)
    start = target;
  else
    end = target;
  /* Never an empty or inverted span: the edge stops where it last was. */
  if (start >= end)
    return;
  preview_span (self, start, end);
}

/* Ends the drag and puts the annotation's own span back in the view. */
static void
finish_drag (GlossDocumentView *self,
             gint64            *start,
             gint64            *end)
{
  const GlossAnnotation *a = g_hash_table_lookup (self->annotations, self->edge_drag_id);

  *start = a ? a->start : self->edge_drag_start;
  *end = a ? a->end : self->edge_drag_end;
  if (a != NULL)
    preview_span (self, self->edge_drag_start, self->edge_drag_end);
  self->edge_drag = GLOSS_DOCUMENT_VIEW_EDGE_NONE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
gloss_document_view_edge_drag_end (GlossDocumentView *self)
{
  g_autofree char *id = NULL;
  gint64 start, end;

  g_return_val_if_fail (GLOSS_IS_DOCUMENT_VIEW (self), FALSE);

  if (self->edge_drag == GLOSS_DOCUMENT_VIEW_EDGE_NONE)
    return FALSE;
  finish_drag (self, &start, &end);
  id = g_steal_pointer (&self->edge_drag_id);
  if (start == self->edge_drag_start && end == self->edge_drag_end)
    return FALSE;
  g_signal_emit (self, gloss_document_view_signals[RESIZE_ANNOTATION], 0, id, start, end);
  return TRUE;
}

void
gloss_document_view_edge_drag_cancel (GlossDocumentView *self)
{
  gint64 start, end;

  g_return_if_fail (GLOSS_IS_DOCUMENT_VIEW (self));

  if (self->edge_drag == GLOSS_DOCUMENT_VIEW_EDGE_NONE)
    return;
  finish_drag (self, &start, &end);
  g_clear_pointer (&self->edge_drag_id, g_free);
}

gboolean
gloss_document_view_get_edge_drag (GlossDocumentView *self,
                                   gint64            *start,
                                   gint64            *end)
{
  const GlossAnnotation *a;

  g_return_val_if_fail (GLOSS_IS_DOCUMENT_VIEW (self), FALSE);

  if (self->edge_drag == GLOSS_DOCUMENT_VIEW_EDGE_NONE)
    return FALSE;
  a = g_hash_table_lookup (self->annotations, self->edge_drag_id);
  if (a == NULL)
    return FALSE;
  *start = a->start;
  *end = a->end;
  return TRUE;
}

/* ------------------------------------------------------------------------- */
/* The gesture                                                                */

static void
drag_begin_cb (GtkGestureDrag    *gesture,
               double             x,
               double             y,
               GlossDocumentView *self)
{
  if (!gloss_document_view_edge_drag_begin (self, x, y))
    {
      /* Not on an edge: the text view selects as ever. */
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  self->edge_press = TRUE;
  self->edge_press_x = x;
  self->edge_press_y = y;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  /* Escape must reach us while the drag lasts. */
  gtk_widget_grab_focus (self->text_view);
}

static void
drag_update_cb (GtkGestureDrag    *gesture,
                double             dx,
                double             dy,
                GlossDocumentView *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  gloss_document_view_edge_drag_update (self, self->edge_press_x + dx, self->edge_press_y + dy,
                                        (state & GDK_ALT_MASK) != 0);
}

static void
drag_end_cb (GtkGestureDrag    *gesture,
             double             dx,
             double             dy,
             GlossDocumentView *self)
{
  gloss_document_view_edge_drag_end (self);
}

static void
drag_cancel_cb (GtkGesture        *gesture,
                GdkEventSequence  *sequence,
                GlossDocumentView *self)
{
  gloss_document_view_edge_drag_cancel (self);
}

/* Added to the text view in the capture phase, ahead of its own selection gestures:
 * a press on an edge is claimed (the text view never sees it), any other is denied. */
void
gloss_document_view_add_edge_gesture (GlossDocumentView *self)
{
  GtkGesture *gesture = gtk_gesture_drag_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
  gtk_event_controller_set_name (GTK_EVENT_CONTROLLER (gesture), "gloss-edge-drag");
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (drag_end_cb), self);
  g_signal_connect (gesture, "cancel", G_CALLBACK (drag_cancel_cb), self);
  gtk_widget_add_controller (self->text_view, GTK_EVENT_CONTROLLER (gesture));
  self->edge_gesture = gesture;
}

/* ------------------------------------------------------------------------- */
/* Handles                                                                    */

void
gloss_document_view_snapshot_edges (GlossDocumentView *self,
                                    GtkSnapshot       *snapshot)
{
  const GlossAnnotation *a = draggable_annotation (self);
  const GlossLabel *label;
  graphene_rect_t text_bounds;
  GdkRGBA colour;

  if (a == NULL || !gtk_widget_compute_bounds (self->text_view, GTK_WIDGET (self), &text_bounds))
    return;
  /* The label's colour at full strength, the highlight's own hue. */
  label = gloss_document_view_find_label (self, a->label_id);
  gloss_document_view_parse_colour (label ? label->colour : NULL, 1.0, &colour);

  gtk_snapshot_push_clip (snapshot, &text_bounds);
  for (int i = 0; i < 2; i++)
    {
      GlossDocumentViewEdge edge = i == 0 ? GLOSS_DOCUMENT_VIEW_EDGE_START : GLOSS_DOCUMENT_VIEW_EDGE_END;
      GdkRectangle where;
      graphene_point_t point;
      GskRoundedRect knob;
      float knob_y;
      int wx, wy;

      if (!edge_location (self, a->start, a->end, edge, &where))
        continue;
      gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (self->text_view), GTK_TEXT_WINDOW_WIDGET,
                                             where.x, where.y, &wx, &wy);
      if (!gtk_widget_compute_point (self->text_view, GTK_WIDGET (self), &GRAPHENE_POINT_INIT (wx, wy), &point))
        continue;
      gtk_snapshot_append_color (snapshot, &colour,
                                 &GRAPHENE_RECT_INIT (point.x - HANDLE_WIDTH / 2.f, point.y,
                                                      HANDLE_WIDTH, where.height));
      knob_y = edge == GLOSS_DOCUMENT_VIEW_EDGE_START ? point.y - KNOB_SIZE + 1 : point.y + where.height - 1;
      gsk_rounded_rect_init_from_rect (&knob, &GRAPHENE_RECT_INIT (point.x - KNOB_SIZE / 2.f, knob_y,
                                                                   KNOB_SIZE, KNOB_SIZE),
                                       KNOB_SIZE / 2.f);
      gtk_snapshot_push_rounded_clip (snapshot, &knob);
      gtk_snapshot_append_color (snapshot, &colour, &knob.bounds);
      gtk_snapshot_pop (snapshot);
    }
  gtk_snapshot_pop (snapshot);
}

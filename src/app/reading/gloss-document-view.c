/* gloss-document-view.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reading view. The widget tree is built in code (no template) because most of it
 * is computed: the measure, the title overlay, the per-label tags and the popovers.
 *
 *   GlossDocumentView
 *   ├── GtkBox (vertical)
 *   │   ├── GtkSearchBar ─ GtkBox ─ GtkSearchEntry, match count, previous / next
 *   │   └── GtkScrolledWindow ─ GtkTextView (read-only, cursor visible)
 *   ├── GtkLabel .title-1 (document title, placed in the text view's top margin)
 *   ├── GtkPopover  (labels for the selection)
 *   └── GtkPopover  (picker where highlights overlap)
 *
 * Offsets: the buffer holds exactly the document text, so buffer character offsets
 * are the document's code point offsets. The title is a label of ours drawn in the
 * text view's top margin, never text in the buffer.
 *
 * Known limitation: GtkTextView lays out a whole buffer line (paragraph) at once on the
 * main thread. A document made of one huge line (1 MB without a newline) makes every
 * relayout of that line take a long time (see PERFORMANCE.md). We do not split lines,
 * since that would break the offset identity above.
 */
#define G_LOG_DOMAIN "gloss-document-view"

#include <glib/gi18n.h>

#include "gloss-document-view-private.h"
#include "gloss-pages.h"

/* Reading measure in average characters, and the smallest side margin. */
#define MEASURE_CHARS     72
#define MIN_SIDE_MARGIN   24
#define TITLE_TOP         36
#define TITLE_GAP         20
#define HIGHLIGHT_ALPHA   0.35

G_DEFINE_FINAL_TYPE (GlossDocumentView, gloss_document_view, GTK_TYPE_WIDGET)

guint gloss_document_view_signals[N_SIGNALS];

/* ------------------------------------------------------------------------- */
/* Actions                                                                    */

static void
update_actions (GlossDocumentView *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "document.show-labels",
                                 self->editable && self->labels->len > 0);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gloss_document_view_begin_search (GLOSS_DOCUMENT_VIEW (widget));
}

static void
search_next_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  gloss_document_view_search_step (GLOSS_DOCUMENT_VIEW (widget), TRUE, FALSE);
}

static void
search_previous_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  gloss_document_view_search_step (GLOSS_DOCUMENT_VIEW (widget), FALSE, FALSE);
}

/* Keyboard users open the label popover for a keyboard selection on purpose. */
static void
show_labels_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  GlossDocumentView *self = GLOSS_DOCUMENT_VIEW (widget);
  gint64 start, end;

  if (gloss_document_view_get_selection_offsets (self, &start, &end))
    gloss_document_view_show_label_popover (self, start, end);
}

/* ------------------------------------------------------------------------- */
/* Layout                                                                     */

static void
gloss_document_view_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  GlossDocumentView *self = GLOSS_DOCUMENT_VIEW (widget);

  gtk_widget_measure (self->box, orientation, for_size, minimum, natural, NULL, NULL);
}

/* Centres a comfortable measure (about 72 average characters of the reading font) by
 * giving the text view side margins, and reserves the top margin for the title. */
static void
update_measure (GlossDocumentView *self,
                int                width)
{
  GtkTextView *view = GTK_TEXT_VIEW (self->text_view);
  PangoContext *context = gtk_widget_get_pango_context (self->text_view);
  PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);
  int char_width = MAX (pango_font_metrics_get_approximate_char_width (metrics) / PANGO_SCALE, 4);
  int text_width = MIN (width - 2 * MIN_SIDE_MARGIN, MEASURE_CHARS * char_width);
  int side = MAX (MIN_SIDE_MARGIN, (width - text_width) / 2);
  int title_height = 0;

  pango_font_metrics_unref (metrics);
  text_width = MAX (width - 2 * side, 50);

  if (gtk_text_view_get_left_margin (view) != side)
    gtk_text_view_set_left_margin (view, side);
  if (gtk_text_view_get_right_margin (view) != side)
    gtk_text_view_set_right_margin (view, side);

  if (gtk_widget_get_visible (self->title_label))
    {
      /* The title wraps at the width of the text column. */
      gtk_widget_measure (self->title_label, GTK_ORIENTATION_VERTICAL, text_width,
                          NULL, &title_height, NULL, NULL);
      self->title_x = side;
      self->title_width = text_width;
      self->title_height = title_height;
      title_height += TITLE_GAP;
    }

  if (gtk_text_view_get_top_margin (view) != TITLE_TOP + title_height)
    gtk_text_view_set_top_margin (view, TITLE_TOP + title_height);

}

/* Puts the title in the text view's top margin, right above the first line, wherever
 * the text is scrolled to. It is our child rather than a text view overlay because GTK
 * 4.8 never moves overlay children when the text view scrolls: the title stayed put and
 * was drawn over the text after any scroll. Runs after the text view is allocated, so
 * its scroll offset is current. */
static void
place_title (GlossDocumentView *self)
{
  GtkTextIter start;
  graphene_point_t point;
  int first_y, first_height, y;

  if (!gtk_widget_get_visible (self->title_label))
    return;

  gtk_text_buffer_get_start_iter (self->buffer, &start);
  gtk_text_view_get_line_yrange (GTK_TEXT_VIEW (self->text_view), &start, &first_y, &first_height);
  gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (self->text_view), GTK_TEXT_WINDOW_WIDGET,
                                         0, first_y, NULL, &y);
  if (!gtk_widget_compute_point (self->text_view, GTK_WIDGET (self),
                                 &GRAPHENE_POINT_INIT (self->title_x, y - TITLE_GAP - self->title_height),
                                 &point))
    return;
  gtk_widget_size_allocate (self->title_label,
                            &(GtkAllocation) { (int) point.x, (int) point.y,
                                               self->title_width, self->title_height },
                            -1);
}

/* Scrolling moves the text without allocating anything of ours; the title follows it
 * at the next layout. Only our own allocation runs again: the box and the text view
 * keep their size, so GTK skips allocating them. */
static void
title_scrolled_cb (GlossDocumentView *self)
{
  if (gtk_widget_get_visible (self->title_label))
    gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static void
gloss_document_view_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  GlossDocumentView *self = GLOSS_DOCUMENT_VIEW (widget);

  update_measure (self, width);
  gtk_widget_allocate (self->box, width, height, baseline, NULL);
  place_title (self);
  gtk_popover_present (GTK_POPOVER (self->label_popover));
  gtk_popover_present (GTK_POPOVER (self->picker_popover));
}

/* A page of a PDF or scan starts here: "p. 12" in the margin left of its line, a
 * short rule when the margin is too narrow for the label. Only the pages in view are
 * measured. */
static void
snapshot_page_marks (GlossDocumentView *self,
                     GtkSnapshot       *snapshot)
{
  GtkTextView *view = GTK_TEXT_VIEW (self->text_view);
  GtkStyleContext *style = gtk_widget_get_style_context (self->text_view);
  graphene_rect_t text_bounds;
  GdkRectangle visible;
  GdkRGBA colour;
  int margin = gtk_text_view_get_left_margin (view);

  if (self->page_starts == NULL || self->page_starts->len < 2 ||
      !gtk_widget_compute_bounds (self->text_view, GTK_WIDGET (self), &text_bounds))
    return;
  gtk_style_context_get_color (style, &colour);
  colour.alpha *= 0.55f;
  gtk_text_view_get_visible_rect (view, &visible);
  gtk_snapshot_push_clip (snapshot, &text_bounds);
  for (guint i = 1; i < self->page_starts->len; i++)
    {
      gint64 at = g_array_index (self->page_starts, gint64, i);
      g_autofree char *text = NULL;
      g_autoptr(PangoLayout) layout = NULL;
      GtkTextIter iter;
      GdkRectangle where;
      graphene_point_t point;
      int wx, wy, width, height;

      gtk_text_buffer_get_iter_at_offset (self->buffer, &iter, (int) MIN (at, G_MAXINT));
      gtk_text_view_get_iter_location (view, &iter, &where);
      if (where.y + where.height < visible.y)
        continue;
      if (where.y > visible.y + visible.height)
        break;
      gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET, 0, where.y, &wx, &wy);
      if (!gtk_widget_compute_point (self->text_view, GTK_WIDGET (self), &GRAPHENE_POINT_INIT (0, wy), &point))
        continue;
      /* Translators: a page of a PDF, in the reading view's margin */
      text = g_strdup_printf (_("p. %u"), i + 1);
      layout = gtk_widget_create_pango_layout (self->text_view, text);
      pango_layout_get_pixel_size (layout, &width, &height);
      if (margin >= width + 16)
        {
          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (point.x + margin - width - 12,
                                                                  point.y + MAX (0, (where.height - height) / 2)));
          gtk_snapshot_append_layout (snapshot, layout, &colour);
          gtk_snapshot_restore (snapshot);
        }
      else
        {
          /* A narrow window: a page that starts a paragraph is labelled in the blank
           * line above it, at the column's right end; one that starts mid-paragraph gets
           * a short rule in what margin there is. */
          GtkTextIter before = iter;
          gboolean after_blank = gtk_text_iter_starts_line (&iter) && gtk_text_iter_backward_line (&before) &&
                                 gtk_text_iter_ends_line (&before);
          int right = gtk_text_view_get_right_margin (view);

          if (after_blank)
            {
              gtk_snapshot_save (snapshot);
              gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (point.x + text_bounds.size.width - right - width,
                                                                      point.y - height - 2));
              gtk_snapshot_append_layout (snapshot, layout, &colour);
              gtk_snapshot_restore (snapshot);
            }
          else if (margin >= 8)
            gtk_snapshot_append_color (snapshot, &colour,
                                       &GRAPHENE_RECT_INIT (point.x + margin - 7, point.y + where.height / 2.f, 5, 1));
        }
    }
  gtk_snapshot_pop (snapshot);
}

/* The offsets shown now: from the first character in view to the last. */
static void
visible_offsets (GlossDocumentView *self,
                 gint64            *start,
                 gint64            *end)
{
  GtkTextView *view = GTK_TEXT_VIEW (self->text_view);
  GdkRectangle visible;
  GtkTextIter first, last;

  gtk_text_view_get_visible_rect (view, &visible);
  gtk_text_view_get_iter_at_location (view, &first, visible.x, visible.y);
  gtk_text_view_get_iter_at_location (view, &last, visible.x + visible.width, visible.y + visible.height);
  gtk_text_iter_forward_to_line_end (&last);
  *start = gtk_text_iter_get_offset (&first);
  *end = gtk_text_iter_get_offset (&last);
}

/* A thin gap in the view's background where two highlights of one label touch, so
 * that they read as two spans. */
static void
snapshot_boundaries (GlossDocumentView *self,
                     GtkSnapshot       *snapshot)
{
  GtkTextView *view = GTK_TEXT_VIEW (self->text_view);
  GtkStyleContext *style = gtk_widget_get_style_context (self->text_view);
  g_autoptr(GArray) marks = NULL;
  graphene_rect_t text_bounds;
  GdkRGBA gap;
  gint64 start, end;

  if (self->document_id == NULL || !gtk_widget_compute_bounds (self->text_view, GTK_WIDGET (self), &text_bounds))
    return;
  visible_offsets (self, &start, &end);
  marks = gloss_document_view_boundaries (self, start, end);
  if (marks->len == 0)
    return;
  if (!gtk_style_context_lookup_color (style, "view_bg_color", &gap))
    gap = (GdkRGBA) { 1, 1, 1, 1 };
  gtk_snapshot_push_clip (snapshot, &text_bounds);
  for (guint i = 0; i < marks->len; i++)
    {
      GtkTextIter iter;
      GdkRectangle where;
      graphene_point_t point;
      int wx, wy;

      gtk_text_buffer_get_iter_at_offset (self->buffer, &iter, (int) MIN (g_array_index (marks, gint64, i), G_MAXINT));
      gtk_text_view_get_iter_location (view, &iter, &where);
      gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET, where.x, where.y, &wx, &wy);
      if (!gtk_widget_compute_point (self->text_view, GTK_WIDGET (self), &GRAPHENE_POINT_INIT (wx, wy), &point))
        continue;
      gtk_snapshot_append_color (snapshot, &gap, &GRAPHENE_RECT_INIT (point.x - 1, point.y, 2, where.height));
    }
  gtk_snapshot_pop (snapshot);
}

static void
gloss_document_view_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  GlossDocumentView *self = GLOSS_DOCUMENT_VIEW (widget);
  graphene_rect_t text_bounds, title_bounds;

  gtk_widget_snapshot_child (widget, self->box, snapshot);

  /* The title shows only inside the text view's viewport, as the text does: scrolled
   * away, it must not be drawn over the search bar. */
  if (gtk_widget_get_visible (self->title_label) &&
      gtk_widget_compute_bounds (self->text_view, widget, &text_bounds) &&
      gtk_widget_compute_bounds (self->title_label, widget, &title_bounds) &&
      graphene_rect_intersection (&text_bounds, &title_bounds, NULL))
    {
      gtk_snapshot_push_clip (snapshot, &text_bounds);
      gtk_widget_snapshot_child (widget, self->title_label, snapshot);
      gtk_snapshot_pop (snapshot);
    }
  snapshot_boundaries (self, snapshot);
  snapshot_page_marks (self, snapshot);
  gloss_document_view_snapshot_edges (self, snapshot);
}

static gboolean
gloss_document_view_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GLOSS_DOCUMENT_VIEW (widget)->text_view);
}

/* ------------------------------------------------------------------------- */
/* GObject                                                                    */

static void
gloss_document_view_dispose (GObject *object)
{
  GlossDocumentView *self = GLOSS_DOCUMENT_VIEW (object);

  gloss_document_view_stop_apply (self);
  g_clear_handle_id (&self->flash_source, g_source_remove);
  g_clear_handle_id (&self->release_source, g_source_remove);
  g_clear_handle_id (&self->count_source, g_source_remove);
  g_clear_pointer (&self->label_popover, gtk_widget_unparent);
  g_clear_pointer (&self->picker_popover, gtk_widget_unparent);
  g_clear_pointer (&self->title_label, gtk_widget_unparent);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (gloss_document_view_parent_class)->dispose (object);
}

static void
gloss_document_view_finalize (GObject *object)
{
  GlossDocumentView *self = GLOSS_DOCUMENT_VIEW (object);

  g_clear_object (&self->buffer);
  g_free (self->document_id);
  g_clear_pointer (&self->page_starts, g_array_unref);
  g_free (self->selected_id);
  g_free (self->edge_drag_id);
  g_free (self->cursor_labels);
  g_clear_pointer (&self->labels, g_ptr_array_unref);
  g_clear_pointer (&self->label_tags, g_hash_table_unref);
  g_clear_pointer (&self->annotator_tags, g_hash_table_unref);
  g_clear_pointer (&self->hidden_annotators, g_hash_table_unref);
  gloss_document_view_index_invalidate (self);
  g_clear_pointer (&self->sorted, g_ptr_array_unref);
  g_clear_pointer (&self->annotations, g_hash_table_unref);

  G_OBJECT_CLASS (gloss_document_view_parent_class)->finalize (object);
}

static void
gloss_document_view_class_init (GlossDocumentViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gloss_document_view_dispose;
  object_class->finalize = gloss_document_view_finalize;
  widget_class->measure = gloss_document_view_measure;
  widget_class->size_allocate = gloss_document_view_size_allocate;
  widget_class->snapshot = gloss_document_view_snapshot;
  widget_class->grab_focus = gloss_document_view_grab_focus;
  gtk_widget_class_set_css_name (widget_class, "glossdocumentview");

  gloss_document_view_signals[CREATE_ANNOTATION] =
    g_signal_new ("create-annotation", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_INT64, G_TYPE_INT64);
  gloss_document_view_signals[ANNOTATION_ACTIVATED] =
    g_signal_new ("annotation-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gloss_document_view_signals[DELETE_ANNOTATION] =
    g_signal_new ("delete-annotation", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gloss_document_view_signals[RESIZE_ANNOTATION] =
    g_signal_new ("resize-annotation", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_INT64, G_TYPE_INT64);
  gloss_document_view_signals[HIGHLIGHTS_READY] =
    g_signal_new ("highlights-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "document.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "document.search-next", NULL, search_next_action);
  gtk_widget_class_install_action (widget_class, "document.search-previous", NULL, search_previous_action);
  gtk_widget_class_install_action (widget_class, "document.show-labels", NULL, show_labels_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "document.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "document.search-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "document.search-previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "document.show-labels", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "document.show-labels", NULL);
}

static void
ensure_css (void)
{
  static gboolean done;
  g_autoptr(GtkCssProvider) provider = NULL;

  if (done || gdk_display_get_default () == NULL)
    return;
  done = TRUE;
  /* Scoped to our own classes; the app's style.css may override it. */
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider,
    "textview.gloss-reading { font-size: 13pt; }\n"
    /* A search match must stay visible while the keyboard is in the search entry. */
    "textview.gloss-reading > text > selection { background-color: rgba(53, 132, 228, 0.45); }\n"
    "label.gloss-document-title { font-size: 20pt; }\n", -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION - 1);
}

static void
gloss_document_view_init (GlossDocumentView *self)
{
  GtkTextView *view;
  GtkEventController *controller;
  GtkWidget *search_box, *button;
  GdkRGBA flash = { 0.96, 0.83, 0.18, 0.85 };

  ensure_css ();

  self->editable = TRUE;
  self->snap_to_words = TRUE;
  self->labels = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_label_free);
  self->label_tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->annotator_tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->annotations = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                             (GDestroyNotify) gloss_annotation_free);
  self->sorted = g_ptr_array_new ();
  self->index_dirty = TRUE;

  self->buffer = gtk_text_buffer_new (NULL);
  /* Highlights are not edits; an undo stack on a 2 MB set_text would only cost memory. */
  gtk_text_buffer_set_enable_undo (self->buffer, FALSE);
  self->unknown_tag = gtk_text_buffer_create_tag (self->buffer, "gloss-unknown-label", NULL);
  {
    GdkRGBA grey;

    gloss_document_view_parse_colour (NULL, HIGHLIGHT_ALPHA, &grey);
    g_object_set (self->unknown_tag, "background-rgba", &grey, NULL);
  }
  /* Overlaps get a double underline in the text colour, so it reads in light and dark. */
  self->overlap_tag = gtk_text_buffer_create_tag (self->buffer, "gloss-overlap",
                                                  "underline", PANGO_UNDERLINE_DOUBLE, NULL);
  self->selected_tag = gtk_text_buffer_create_tag (self->buffer, "gloss-selected", NULL);
  self->flash_tag = gtk_text_buffer_create_tag (self->buffer, "gloss-flash", "background-rgba", &flash, NULL);
  self->low_confidence_tag = gtk_text_buffer_create_tag (self->buffer, "gloss-low-confidence",
                                                         "underline", PANGO_UNDERLINE_ERROR, NULL);
  gloss_document_view_raise_decoration_tags (self);
  {
    GtkTextIter start;

    gtk_text_buffer_get_start_iter (self->buffer, &start);
    self->scroll_mark = gtk_text_buffer_create_mark (self->buffer, "gloss-scroll", &start, TRUE);
  }

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  /* Search bar. */
  self->search_bar = gtk_search_bar_new ();
  search_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->search_entry = gtk_search_entry_new ();
  gtk_widget_set_size_request (self->search_entry, 280, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Find in document"), -1);
  self->match_label = gtk_label_new ("");
  gtk_widget_add_css_class (self->match_label, "dim-label");
  gtk_label_set_width_chars (GTK_LABEL (self->match_label), 10);
  gtk_box_append (GTK_BOX (search_box), self->search_entry);
  gtk_box_append (GTK_BOX (search_box), self->match_label);
  button = gtk_button_new_from_icon_name ("go-up-symbolic");
  gtk_widget_set_tooltip_text (button, _("Previous Match"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "document.search-previous");
  gtk_box_append (GTK_BOX (search_box), button);
  button = gtk_button_new_from_icon_name ("go-down-symbolic");
  gtk_widget_set_tooltip_text (button, _("Next Match"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "document.search-next");
  gtk_box_append (GTK_BOX (search_box), button);
  gtk_search_bar_set_child (GTK_SEARCH_BAR (self->search_bar), search_box);
  gtk_search_bar_connect_entry (GTK_SEARCH_BAR (self->search_bar), GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_show_close_button (GTK_SEARCH_BAR (self->search_bar), TRUE);
  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (gloss_document_view_search_changed_cb), self);
  g_signal_connect_swapped (self->search_entry, "activate", G_CALLBACK (gloss_document_view_search_next_cb), self);
  g_signal_connect_swapped (self->search_entry, "next-match", G_CALLBACK (gloss_document_view_search_next_cb), self);
  g_signal_connect_swapped (self->search_entry, "previous-match", G_CALLBACK (gloss_document_view_search_previous_cb), self);
  g_signal_connect (self->search_entry, "stop-search", G_CALLBACK (gloss_document_view_stop_search_cb), self);
  g_signal_connect (self->search_bar, "notify::search-mode-enabled", G_CALLBACK (gloss_document_view_search_mode_cb), self);
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (gloss_document_view_entry_key_pressed_cb), self);
  gtk_widget_add_controller (self->search_entry, controller);
  gtk_box_append (GTK_BOX (self->box), self->search_bar);

  /* The text. */
  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (self->scrolled, TRUE);
  self->text_view = gtk_text_view_new_with_buffer (self->buffer);
  view = GTK_TEXT_VIEW (self->text_view);
  gtk_text_view_set_editable (view, FALSE);
  /* Visible cursor so keyboard users can move and shift-select in read-only text. */
  gtk_text_view_set_cursor_visible (view, TRUE);
  gtk_text_view_set_wrap_mode (view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_pixels_inside_wrap (view, 7);
  gtk_text_view_set_pixels_below_lines (view, 7);
  gtk_text_view_set_bottom_margin (view, 64);
  gtk_text_view_set_top_margin (view, TITLE_TOP);
  gtk_widget_add_css_class (self->text_view, "gloss-reading");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Document text"), -1);
  g_signal_connect_swapped (self->buffer, "notify::cursor-position",
                            G_CALLBACK (gloss_document_view_cursor_moved_cb), self);
  gtk_widget_set_has_tooltip (self->text_view, TRUE);
  g_signal_connect (self->text_view, "query-tooltip", G_CALLBACK (gloss_document_view_query_tooltip_cb), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), self->text_view);
  gtk_box_append (GTK_BOX (self->box), self->scrolled);

  /* The title lives in the top margin (see place_title), so it scrolls with the text
   * but is not in the buffer and offsets stay document offsets. */
  self->title_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->title_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->title_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (self->title_label), 0.0);
  gtk_label_set_selectable (GTK_LABEL (self->title_label), FALSE);
  gtk_widget_add_css_class (self->title_label, "title-1");
  gtk_widget_add_css_class (self->title_label, "gloss-document-title");
  gtk_widget_set_visible (self->title_label, FALSE);
  /* Clicks and hovering in the margin go to the text view beneath, as before. */
  gtk_widget_set_can_target (self->title_label, FALSE);
  gtk_widget_set_parent (self->title_label, GTK_WIDGET (self));
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled)),
                           "value-changed", G_CALLBACK (title_scrolled_cb), self, G_CONNECT_SWAPPED);

  controller = gtk_event_controller_key_new ();
  /* Capture phase: a read-only text view would otherwise swallow or ignore the keys. */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (gloss_document_view_key_pressed_cb), self);
  gtk_widget_add_controller (self->text_view, controller);

  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "event", G_CALLBACK (gloss_document_view_legacy_event_cb), self);
  gtk_widget_add_controller (self->text_view, controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (gloss_document_view_motion_cb), self);
  gtk_widget_add_controller (self->text_view, controller);

  /* After the legacy controller, which must still see the press and release. */
  gloss_document_view_add_edge_gesture (self);

  /* Popovers are our children (not the text view's) so that we present them. */
  self->label_popover = gtk_popover_new ();
  gtk_popover_set_has_arrow (GTK_POPOVER (self->label_popover), TRUE);
  gtk_widget_set_parent (self->label_popover, GTK_WIDGET (self));
  g_signal_connect (self->label_popover, "closed", G_CALLBACK (gloss_document_view_popover_closed_cb), self);
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (gloss_document_view_popover_key_pressed_cb), self);
  gtk_widget_add_controller (self->label_popover, controller);

  self->picker_popover = gtk_popover_new ();
  gtk_widget_set_parent (self->picker_popover, GTK_WIDGET (self));
  g_signal_connect (self->picker_popover, "closed", G_CALLBACK (gloss_document_view_popover_closed_cb), self);

  update_actions (self);
}

/* ------------------------------------------------------------------------- */
/* Public API                                                                 */

GtkWidget *
gloss_document_view_new (void)
{
  return g_object_new (GLOSS_TYPE_DOCUMENT_VIEW, NULL);
}

static void
clear_annotations (GlossDocumentView *self)
{
  gloss_document_view_edge_drag_cancel (self);
  gloss_document_view_stop_apply (self);
  g_clear_handle_id (&self->flash_source, g_source_remove);
  g_clear_pointer (&self->selected_id, g_free);
  gloss_document_view_index_invalidate (self);
  g_hash_table_remove_all (self->annotations);
}

void
gloss_document_view_set_document (GlossDocumentView   *self,
                                  const GlossDocument *document)
{
  const char *text = document && document->text ? document->text : "";
  g_autofree char *valid = NULL;
  GtkTextIter start;

  g_return_if_fail (GLOSS_IS_DOCUMENT_VIEW (self));

  clear_annotations (self);
  g_free (self->document_id);
  self->document_id = document ? g_strdup (document->id) : NULL;
  g_clear_pointer (&self->page_starts, g_array_unref);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_warning ("Document %s text is not valid UTF-8", self->document_id);
      text = valid = g_utf8_make_valid (text, -1);
    }

  /* Tags go away with the text; no need to remove them first. */
  gtk_text_buffer_set_text (self->buffer, text, -1);
  gtk_text_buffer_get_start_iter (self->buffer, &start);
  gtk_text_buffer_select_range (self->buffer, &start, &start);
  /* To the very top, title included. scroll_to_iter would measure with the layout of
   * the previous text and could leave the new one scrolled part way into its first
   * paragraph, the title out of sight. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled)), 0.0);

  gtk_label_set_text (GTK_LABEL (self->title_label), document && document->title ? document->title : "");
  gtk_widget_set_visible (self->title_label, document && document->title && *document->title);
  gtk_widget_queue_resize (GTK_WIDGET (self));

  if (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (self->search_bar)))
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

void
gloss_document_view_set_pages (GlossDocumentView *self,
                               const GArray      *page_starts)
{
  g_return_if_fail (GLOSS_IS_DOCUMENT_VIEW (self));

  g_clear_pointer (&self->page_starts, g_array_unref);
  if (page_starts != NULL && page_starts->len > 0)
    {
      self->page_starts = g_array_sized_new (FALSE, FALSE, sizeof (gint64), page_starts->len);
      g_array_append_vals (self->page_starts, page_starts->data, page_starts->len);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
gloss_document_view_get_page_at (GlossDocumentView *self,
                                 gint64             offset)
{
  g_return_val_if_fail (GLOSS_IS_DOCUMENT_VIEW (self), 0);

  return gloss_pages_at (self->page_starts, offset);
}

void
gloss_document_view_set_confidence (GlossDocumentView *self,
                                    const GArray      *spans)
{
  GtkTextIter start, end;
  int length;

  g_return_if_fail (GLOSS_IS_DOCUMENT_VIEW (self));

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  gtk_text_buffer_remove_tag (self->buffer, self->low_confidence_tag, &start, &end);
  length = gtk_text_buffer_get_char_count (self->buffer);
  for (guint i = 0; spans != NULL && i < spans->len; i++)
    {
      const GlossConfidenceSpan *span = &g_array_index (spans, GlossConfidenceSpan, i);

      if (span->confidence >= GLOSS_PAGES_LOW_CONFIDENCE || span->start >= length || span->end <= span->start)
        continue;
      gtk_text_buffer_get_iter_at_offset (self->buffer, &start, (int) span->start);
      gtk_text_buffer_get_iter_at_offset (self->buffer, &end, (int) MIN (span->end, (gint64) length));
      gtk_text_buffer_apply_tag (self->buffer, self->low_confidence_tag, &start, &end);
    }
}

const char *
gloss_document_view_get_document_id (GlossDocumentView *self)
{
  g_return_val_if_fail (GLOSS_IS_DOCUMENT_VIEW (self), NULL);
  return self->document_id;
}

void
gloss_document_view_set_labels (GlossDocumentView *self,
                                GPtrArray         *labels)
{
  GtkTextTagTable *table;
  g_autoptr(GHashTable) keep = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;
  gboolean changed = FALSE;

  g_return_if_fail (GLOSS_IS_DOCUMENT_VIEW (self));

  table = gtk_text_buffer_get_tag_table (self->buffer);
  g_ptr_array_set_size (self->labels, 0);

  for (guint i = 0; labels != NULL && i < labels->len; i++)
    {
      const GlossLabel *label = g_ptr_array_index (labels, i);
      GtkTextTag *tag;
      GdkRGBA rgba;

      g_ptr_array_add (self->labels, gloss_label_copy (label));
      g_hash_table_add (keep, label->id);

      gloss_document_view_parse_colour (label->colour, HIGHLIGHT_ALPHA, &rgba);
      tag = g_hash_table_lookup (self->label_tags, label->id);
      if (tag == NULL)
        {
          tag = gtk_text_tag_new (NULL);
          gtk_text_tag_table_add (table, tag);
          g_object_unref (tag);
          g_hash_table_insert (self->label_tags, g_strdup (label->id), tag);
          changed = TRUE;
        }
      g_object_set (tag, "background-rgba", &rgba, NULL);
    }

  g_hash_table_iter_init (&iter, self->label_tags);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (keep, key))
      {
        gtk_text_tag_table_remove (table, value);
        g_hash_table_iter_remove (&iter);
        changed = TRUE;
      }

  gloss_document_view_raise_decoration_tags (self);
  gloss_document_view_rebuild_label_popover (self);
  update_actions (self);

  /* Annotations may now map to other tags (a label appeared or went away). */
  if (changed && g_hash_table_size (self->annotations) > 0)
    {
      gloss_document_view_remove_all_highlights (self);
      gloss_document_view_schedule_apply (self);
    }
}

void
gloss_document_view_set_annotations (GlossDocumentView *self,
                                     GPtrArray         *annotations)
{
  g_return_if_fail (GLOSS_IS_DOCUMENT_VIEW (self));

  gloss_document_view_remove_all_highlights (self);
  clear_annotations (self);

  for (guint i = 0; annotations != NULL && i < annotations->len; i++)
    {
      const GlossAnnotation *a = g_ptr_array_index (annotations, i);
      GlossAnnotation *copy;

      if (a->id == NULL || a->end <= a->start)
        continue;
      copy = gloss_annotation_copy (a);
      g_hash_table_replace (self->annotations, copy->id, copy);
    }
  gloss_document_view_index_invalidate (self);
  gloss_document_view_schedule_apply (self);
}

void
gloss_document_view_add_annotation (GlossDocumentView     *self,
                                    const GlossAnnotation *annotation)
{
  GlossAnnotation *copy;

  g_return_if_fail (GLOSS_IS_DOCUMENT_VIEW (self));
  g_return_if_fail (annotation != NULL && annotation->id != NULL);

  if (g_hash_table_contains (self->annotations, annotation->id))
    {
      gloss_document_view_update_annotation (self, annotation);
      return;
    }
  if (annotation->end <= annotation->start)
    return;

  copy = gloss_annotation_copy (annotation);
  g_hash_table_replace (self->annotations, copy->id, copy);
  gloss_document_view_index_insert (self, copy);

  if (self->apply_source != 0)
    gloss_document_view_schedule_apply (self);
  else
    gloss_document_view_refresh_range (self, copy->start, copy->end);
}

void
gloss_document_view_remove_annotation (GlossDocumentView *self,
                                       const char        *annotation_id)
{
  GlossAnnotation *a;
  gint64 start, end;
  GtkTextIter s, e;

  g_return_if_fail (GLOSS_IS_DOCUMENT_VIEW (self));

  a = annotation_id ? g_hash_table_lookup (self->annotations, annotation_id) : NULL;
  if (a == NULL)
    return;

  start = a->start;
  end = a->end;
  gloss_document_view_get_range (self, start, end, &s, &e);
  gtk_text_buffer_remove_tag (self->buffer, gloss_document_view_tag_for_annotation (self, a), &s, &e);
  if (g_strcmp0 (self->selected_id, annotation_id) == 0)
    {
      g_clear_pointer (&self->selected_id, g_free);
      gtk_text_buffer_remove_tag (self->buffer, self->selected_tag, &s, &e);
      gtk_text_buffer_remove_tag (self->buffer, self->flash_tag, &s, &e);
    }
  gloss_document_view_index_remove (self, a);
  g_hash_table_remove (self->annotations, annotation_id);

  /* Other annotations of the same label in that range lost their tag too. */
  if (self->apply_source != 0)
    gloss_document_view_schedule_apply (self);
  else
    gloss_document_view_refresh_range (self, start, end);
}

void
gloss_document_view_update_annotation (GlossDocumentView     *self,
                                       const GlossAnnotation *annotation)
{
  GlossAnnotation *old;
  g_autofree char *selected = NULL;

  g_return_if_fail (GLOSS_IS_DOCUMENT_VIEW (self));
  g_return_if_fail (annotation != NULL && annotation->id != NULL);

  old = g_hash_table_lookup (self->annotations, annotation->id);
  if (old != NULL && old->start == annotation->start && old->end == annotation->end &&
      g_strcmp0 (old->label_id, annotation->label_id) == 0)
    {
      /* Only the note or other text changed: nothing to redraw. */
      GlossAnnotation *copy = gloss_annotation_copy (annotation);

      /* Same place in the index, but the index borrows the copy being replaced (and
       * a new annotator may be hidden). */
      gloss_document_view_index_remove (self, old);
      g_hash_table_replace (self->annotations, copy->id, copy);
      gloss_document_view_index_insert (self, copy);
      return;
    }

  if (g_strcmp0 (self->selected_id, annotation->id) == 0)
    selected = g_strdup (self->selected_id);
  gloss_document_view_remove_annotation (self, annotation->id);
  gloss_document_view_add_annotation (self, annotation);
  if (selected != NULL)
    {
      self->selected_id = g_steal_pointer (&selected);
      gloss_document_view_apply_selected_tag (self);
    }
}

void
gloss_document_view_mark_annotation (GlossDocumentView *self,
                                     const char        *annotation_id)
{
  g_return_if_fail (GLOSS_IS_DOCUMENT_VIEW (self));

  g_clear_handle_id (&self->flash_source, g_source_remove);
  g_free (self->selected_id);
  self->selected_id = g_strdup (annotation_id);
  gloss_document_view_apply_selected_tag (self);
  {
    GtkTextIter s, e;

    gtk_text_buffer_get_bounds (self->buffer, &s, &e);
    gtk_text_buffer_remove_tag (self->buffer, self->flash_tag, &s, &e);
  }
}

void
gloss_document_view_select_annotation (GlossDocumentView *self,
                                       const char        *annotation_id,
                                       gboolean           flash)
{
  const GlossAnnotation *a;

  g_return_if_fail (GLOSS_IS_DOCUMENT_VIEW (self));

  gloss_document_view_mark_annotation (self, annotation_id);
  a = annotation_id ? g_hash_table_lookup (self->annotations, annotation_id) : NULL;
  if (a == NULL)
    return;

  gloss_document_view_scroll_to_range (self, a->start, a->end);
  if (flash)
    gloss_document_view_start_flash (self);
}

gboolean
gloss_document_view_get_selection (GlossDocumentView *self,
                                   gint64            *start,
                                   gint64            *end)
{
  gint64 s = 0, e = 0;
  gboolean ret;

  g_return_val_if_fail (GLOSS_IS_DOCUMENT_VIEW (self), FALSE);

  ret = gloss_document_view_get_selection_offsets (self, &s, &e);
  if (start)
    *start = ret ? s : 0;
  if (end)
    *end = ret ? e : 0;
  return ret;
}

void
gloss_document_view_set_selection (GlossDocumentView *self,
                                   gint64             start,
                                   gint64             end)
{
  GtkTextIter s, e;

  g_return_if_fail (GLOSS_IS_DOCUMENT_VIEW (self));

  gloss_document_view_get_range (self, start, end, &s, &e);
  gtk_text_buffer_select_range (self->buffer, &e, &s);
  gloss_document_view_scroll_to_range (self, start, end);
}

void
gloss_document_view_set_snap_to_words (GlossDocumentView *self,
                                       gboolean           snap)
{
  g_return_if_fail (GLOSS_IS_DOCUMENT_VIEW (self));
  self->snap_to_words = !!snap;
}

gboolean
gloss_document_view_snap_selection (GlossDocumentView *self)
{
  gint64 start, end;

  g_return_val_if_fail (GLOSS_IS_DOCUMENT_VIEW (self), FALSE);

  gloss_document_view_snap_selection_to_words (self);
  return gloss_document_view_get_selection_offsets (self, &start, &end);
}

void
gloss_document_view_set_editable (GlossDocumentView *self,
                                  gboolean           editable)
{
  g_return_if_fail (GLOSS_IS_DOCUMENT_VIEW (self));

  if (self->editable == !!editable)
    return;
  self->editable = !!editable;
  if (!self->editable)
    gtk_popover_popdown (GTK_POPOVER (self->label_popover));
  update_actions (self);
}

void
gloss_document_view_begin_search (GlossDocumentView *self)
{
  g_return_if_fail (GLOSS_IS_DOCUMENT_VIEW (self));

  gtk_search_bar_set_search_mode (GTK_SEARCH_BAR (self->search_bar), TRUE);
  gtk_widget_grab_focus (self->search_entry);
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

GPtrArray *
gloss_document_view_annotations_at (GlossDocumentView *self,
                                    gint64             offset)
{
  g_autoptr(GPtrArray) covering = NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (GLOSS_IS_DOCUMENT_VIEW (self), ids);

  covering = gloss_document_view_annotations_covering (self, offset);
  for (guint i = 0; i < covering->len; i++)
    g_ptr_array_add (ids, g_strdup (((GlossAnnotation *) g_ptr_array_index (covering, i))->id));
  return ids;
}

/**
 * gloss_document_view_describe_position:
 * @offset: a code point offset into the document
 *
 * What a screen reader says about the text at @offset: the labels of the
 * highlights covering it, innermost first ("Claim, Person"), or NULL outside them.
 */
char *
gloss_document_view_describe_position (GlossDocumentView *self,
                                       gint64             offset)
{
  g_autoptr(GPtrArray) covering = NULL;
  g_autoptr(GString) labels = NULL;

  g_return_val_if_fail (GLOSS_IS_DOCUMENT_VIEW (self), NULL);

  covering = gloss_document_view_annotations_covering (self, offset);
  if (covering->len == 0)
    return NULL;
  labels = g_string_new (NULL);
  for (guint i = 0; i < covering->len; i++)
    {
      const GlossAnnotation *a = g_ptr_array_index (covering, i);

      g_string_append_printf (labels, "%s%s", labels->len ? ", " : "", a->label_name ? a->label_name : "");
    }
  return g_string_free (g_steal_pointer (&labels), FALSE);
}

/* The caret entered or left a highlight: the text's accessible description says
 * which labels it is in, which Orca reads with the line. (GTK 4.8 has no way to
 * make a screen reader announce something at once; gtk_accessible_announce came
 * in 4.14.) */
void
gloss_document_view_cursor_moved_cb (GlossDocumentView *self)
{
  gint offset = 0;
  g_autofree char *labels = NULL;

  g_object_get (self->buffer, "cursor-position", &offset, NULL);
  labels = gloss_document_view_describe_position (self, offset);
  if (g_strcmp0 (labels, self->cursor_labels) == 0)
    return;
  g_free (self->cursor_labels);
  self->cursor_labels = g_steal_pointer (&labels);
  if (self->cursor_labels != NULL)
    {
      /* Translators: what a screen reader says when the caret is inside highlights; %s is their labels */
      g_autofree char *description = g_strdup_printf (_("Highlighted: %s"), self->cursor_labels);

      gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
    }
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->text_view), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

/* ------------------------------------------------------------------------- */
/* Annotators: filter and colour                                              */

void
gloss_document_view_set_annotator_colours (GlossDocumentView *self,
                                           GHashTable        *colours)
{
  GtkTextTagTable *table;
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (GLOSS_IS_DOCUMENT_VIEW (self));

  table = gtk_text_buffer_get_tag_table (self->buffer);
  /* The old highlights go with the tags that drew them. */
  gloss_document_view_remove_all_highlights (self);

  /* Tags of annotators no longer listed go; the others get their (new) colour. */
  g_hash_table_iter_init (&iter, self->annotator_tags);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (colours == NULL || !g_hash_table_contains (colours, key))
      {
        gtk_text_tag_table_remove (table, value);
        g_hash_table_iter_remove (&iter);
      }

  if (colours != NULL)
    {
      g_hash_table_iter_init (&iter, colours);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          GtkTextTag *tag = g_hash_table_lookup (self->annotator_tags, key);
          GdkRGBA rgba;

          if (tag == NULL)
            {
              g_autofree char *name = g_strconcat ("gloss-annotator:", (const char *) key, NULL);

              tag = gtk_text_tag_new (name);
              gtk_text_tag_table_add (table, tag);
              g_object_unref (tag);
              g_hash_table_insert (self->annotator_tags, g_strdup (key), tag);
            }
          gloss_document_view_parse_colour (value, HIGHLIGHT_ALPHA, &rgba);
          g_object_set (tag, "background-rgba", &rgba, NULL);
        }
    }
  self->colour_by_annotator = colours != NULL;
  gloss_document_view_raise_decoration_tags (self);

  if (g_hash_table_size (self->annotations) > 0)
    gloss_document_view_schedule_apply (self);
}

gboolean
gloss_document_view_get_colour_by_annotator (GlossDocumentView *self)
{
  g_return_val_if_fail (GLOSS_IS_DOCUMENT_VIEW (self), FALSE);
  return self->colour_by_annotator;
}

void
gloss_document_view_set_hidden_annotators (GlossDocumentView  *self,
                                           const char * const *names)
{
  g_return_if_fail (GLOSS_IS_DOCUMENT_VIEW (self));

  g_clear_pointer (&self->hidden_annotators, g_hash_table_unref);
  if (names != NULL && names[0] != NULL)
    {
      self->hidden_annotators = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; names[i] != NULL; i++)
        g_hash_table_add (self->hidden_annotators, g_strdup (names[i]));
    }

  /* Hidden annotations lose their highlight at once; the rest come back in batches. */
  gloss_document_view_remove_all_highlights (self);
  gloss_document_view_index_invalidate (self);
  gloss_document_view_schedule_apply (self);
}

GArray *
gloss_document_view_get_boundaries (GlossDocumentView *self,
                                    gint64             start,
                                    gint64             end)
{
  g_return_val_if_fail (GLOSS_IS_DOCUMENT_VIEW (self), NULL);
  return gloss_document_view_boundaries (self, start, end);
}

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

#include "gloss-document-view.h"

/* Reading measure in average characters, and the smallest side margin. */
#define MEASURE_CHARS     72
#define MIN_SIDE_MARGIN   24
#define TITLE_TOP         36
#define TITLE_GAP         20
/* Highlights applied per idle iteration. */
#define APPLY_BATCH       2500
/* Interval index block size for the "max end" skip list. */
#define INDEX_BLOCK       64
#define FLASH_TOGGLES     6
#define FLASH_INTERVAL_MS 100
#define COUNT_CAP         1000
#define HIGHLIGHT_ALPHA   0.35
#define SELECTED_ALPHA    0.70

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

  GtkTextTag    *overlap_tag;
  GtkTextTag    *selected_tag;
  GtkTextTag    *flash_tag;
  GtkTextTag    *unknown_tag;   /* annotations whose label is not in the codebook */

  char          *document_id;

  GPtrArray     *labels;        /* GlossLabel*, owned copies, codebook order */
  GHashTable    *label_tags;    /* label id -> GtkTextTag* (owned by the tag table) */
  /* Colour by annotator: one tag per annotator (never per annotation), used instead of
   * the label tags while colour_by_annotator is set. */
  GHashTable    *annotator_tags;     /* annotator name -> GtkTextTag* (owned by the table) */
  gboolean       colour_by_annotator;
  /* Annotators whose annotations are left out of the index (no highlight, no hover,
   * no click); NULL when every annotator is shown. */
  GHashTable    *hidden_annotators;  /* name set */

  /* Annotations: the hash table owns the copies; the sorted array borrows them and is
   * rebuilt lazily. Sorted by start, then longer first, with prefix and block max ends. */
  GHashTable    *annotations;   /* id -> GlossAnnotation* */
  GPtrArray     *sorted;
  gint64        *prefix_max_end;
  gint64        *block_max_end;
  gboolean       index_dirty;

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
  gboolean       pointer_over_highlight;
};

G_DEFINE_FINAL_TYPE (GlossDocumentView, gloss_document_view, GTK_TYPE_WIDGET)

enum {
  CREATE_ANNOTATION,
  ANNOTATION_ACTIVATED,
  DELETE_ANNOTATION,
  HIGHLIGHTS_READY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_apply       (GlossDocumentView *self);
static void search_step          (GlossDocumentView *self,
                                  gboolean           forward,
                                  gboolean           include_current);
static void schedule_match_count (GlossDocumentView *self);

/* ------------------------------------------------------------------------- */
/* Interval index                                                             */

static int
compare_annotations (gconstpointer a,
                     gconstpointer b)
{
  const GlossAnnotation *x = *(const GlossAnnotation **) a;
  const GlossAnnotation *y = *(const GlossAnnotation **) b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  /* Longer (outer) first so the tags of nested annotations are applied after. */
  if (x->end != y->end)
    return x->end > y->end ? -1 : 1;
  return g_strcmp0 (x->id, y->id);
}

static void
ensure_index (GlossDocumentView *self)
{
  GHashTableIter iter;
  gpointer value;
  guint n;
  gint64 max_end = G_MININT64;

  if (!self->index_dirty)
    return;

  g_ptr_array_set_size (self->sorted, 0);
  g_hash_table_iter_init (&iter, self->annotations);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const char *annotator = ((GlossAnnotation *) value)->annotator;

      /* Hidden annotators' annotations stay in the table (so that incremental updates
       * keep working) but out of the index that drawing and hit testing use. */
      if (self->hidden_annotators != NULL && annotator != NULL &&
          g_hash_table_contains (self->hidden_annotators, annotator))
        continue;
      g_ptr_array_add (self->sorted, value);
    }
  g_ptr_array_sort (self->sorted, compare_annotations);

  n = self->sorted->len;
  g_free (self->prefix_max_end);
  g_free (self->block_max_end);
  self->prefix_max_end = g_new (gint64, MAX (n, 1));
  self->block_max_end = g_new (gint64, MAX ((n + INDEX_BLOCK - 1) / INDEX_BLOCK, 1));

  for (guint i = 0; i < n; i++)
    {
      const GlossAnnotation *a = g_ptr_array_index (self->sorted, i);

      max_end = MAX (max_end, a->end);
      self->prefix_max_end[i] = max_end;
      if (i % INDEX_BLOCK == 0)
        self->block_max_end[i / INDEX_BLOCK] = a->end;
      else
        self->block_max_end[i / INDEX_BLOCK] = MAX (self->block_max_end[i / INDEX_BLOCK], a->end);
    }

  self->index_dirty = FALSE;
}

/* First index whose start is >= @offset. */
static guint
lower_bound (GlossDocumentView *self,
             gint64             offset)
{
  guint lo = 0, hi = self->sorted->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const GlossAnnotation *a = g_ptr_array_index (self->sorted, mid);

      if (a->start < offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Appends to @out (borrowed) every annotation with start < @end and end > @start. It
 * walks backwards from the last candidate start, skipping whole blocks whose max end
 * cannot reach @start and stopping where the prefix max end falls short. */
static void
collect_intersecting (GlossDocumentView *self,
                      gint64             start,
                      gint64             end,
                      GPtrArray         *out)
{
  gint64 i;

  ensure_index (self);
  i = (gint64) lower_bound (self, end) - 1;

  while (i >= 0)
    {
      const GlossAnnotation *a;

      if (self->prefix_max_end[i] <= start)
        break;
      if (self->block_max_end[i / INDEX_BLOCK] <= start)
        {
          i = (i / INDEX_BLOCK) * INDEX_BLOCK - 1;
          continue;
        }
      a = g_ptr_array_index (self->sorted, i);
      if (a->end > start)
        g_ptr_array_add (out, (gpointer) a);
      i--;
    }
}

static int
compare_innermost (gconstpointer a,
                   gconstpointer b)
{
  const GlossAnnotation *x = *(const GlossAnnotation **) a;
  const GlossAnnotation *y = *(const GlossAnnotation **) b;
  gint64 lx = x->end - x->start, ly = y->end - y->start;

  if (lx != ly)
    return lx < ly ? -1 : 1;
  if (x->start != y->start)
    return x->start > y->start ? -1 : 1;
  return g_strcmp0 (x->id, y->id);
}

/* Borrowed annotations covering @offset, innermost first. */
static GPtrArray *
annotations_covering (GlossDocumentView *self,
                      gint64             offset)
{
  GPtrArray *out = g_ptr_array_new ();

  collect_intersecting (self, offset, offset + 1, out);
  g_ptr_array_sort (out, compare_innermost);
  return out;
}

/* ------------------------------------------------------------------------- */
/* Tags                                                                       */

static gboolean
parse_colour (const char *colour,
              double      alpha,
              GdkRGBA    *rgba)
{
  if (colour == NULL || !gdk_rgba_parse (rgba, colour))
    {
      gdk_rgba_parse (rgba, "#9a9996");
      rgba->alpha = alpha;
      return FALSE;
    }
  rgba->alpha = alpha;
  return TRUE;
}

static const GlossLabel *
find_label (GlossDocumentView *self,
            const char        *label_id)
{
  if (label_id == NULL)
    return NULL;
  for (guint i = 0; i < self->labels->len; i++)
    {
      const GlossLabel *label = g_ptr_array_index (self->labels, i);

      if (g_strcmp0 (label->id, label_id) == 0)
        return label;
    }
  return NULL;
}

static GtkTextTag *
tag_for_label (GlossDocumentView *self,
               const char        *label_id)
{
  GtkTextTag *tag = label_id ? g_hash_table_lookup (self->label_tags, label_id) : NULL;

  return tag ? tag : self->unknown_tag;
}

/* The tag that draws @a: its annotator's in colour-by-annotator mode (grey for an
 * annotator without a colour), else its label's. */
static GtkTextTag *
tag_for_annotation (GlossDocumentView     *self,
                    const GlossAnnotation *a)
{
  GtkTextTag *tag;

  if (!self->colour_by_annotator)
    return tag_for_label (self, a->label_id);
  tag = a->annotator ? g_hash_table_lookup (self->annotator_tags, a->annotator) : NULL;
  return tag ? tag : self->unknown_tag;
}

/* The decoration tags must stay above every label tag so that they win where they set
 * the same property (the selected and flash backgrounds). */
static void
raise_decoration_tags (GlossDocumentView *self)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (self->buffer);
  int top = gtk_text_tag_table_get_size (table) - 1;

  gtk_text_tag_set_priority (self->overlap_tag, top);
  gtk_text_tag_set_priority (self->selected_tag, top);
  gtk_text_tag_set_priority (self->flash_tag, top);
}

static void
get_range (GlossDocumentView *self,
           gint64             start,
           gint64             end,
           GtkTextIter       *s,
           GtkTextIter       *e)
{
  int length = gtk_text_buffer_get_char_count (self->buffer);

  start = CLAMP (start, 0, length);
  end = CLAMP (end, start, length);
  gtk_text_buffer_get_iter_at_offset (self->buffer, s, (int) start);
  gtk_text_buffer_get_iter_at_offset (self->buffer, e, (int) end);
}

static void
apply_annotation_tag (GlossDocumentView     *self,
                      const GlossAnnotation *a,
                      gint64                 clip_start,
                      gint64                 clip_end)
{
  GtkTextIter s, e;
  gint64 start = MAX (a->start, clip_start);
  gint64 end = MIN (a->end, clip_end);

  if (end <= start)
    return;
  get_range (self, start, end, &s, &e);
  gtk_text_buffer_apply_tag (self->buffer, tag_for_annotation (self, a), &s, &e);
}

typedef struct
{
  gint64 pos;
  int    delta;
} SweepEvent;

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  const SweepEvent *x = a, *y = b;

  if (x->pos != y->pos)
    return x->pos < y->pos ? -1 : 1;
  /* Ends before starts: ranges are half-open, touching ranges do not overlap. */
  return x->delta - y->delta;
}

/* Applies the overlap tag where two or more of @list (clipped to [clip_start,
 * clip_end)) cover the text, after clearing it from that range. */
static void
apply_overlaps (GlossDocumentView *self,
                GPtrArray         *list,
                gint64             clip_start,
                gint64             clip_end)
{
  g_autoptr(GArray) events = g_array_sized_new (FALSE, FALSE, sizeof (SweepEvent), list->len * 2);
  GtkTextIter s, e;
  int depth = 0;
  gint64 region_start = -1;

  get_range (self, clip_start, clip_end, &s, &e);
  gtk_text_buffer_remove_tag (self->buffer, self->overlap_tag, &s, &e);

  for (guint i = 0; i < list->len; i++)
    {
      const GlossAnnotation *a = g_ptr_array_index (list, i);
      SweepEvent open = { MAX (a->start, clip_start), +1 };
      SweepEvent close = { MIN (a->end, clip_end), -1 };

      if (close.pos <= open.pos)
        continue;
      g_array_append_val (events, open);
      g_array_append_val (events, close);
    }
  g_array_sort (events, compare_events);

  for (guint i = 0; i < events->len; i++)
    {
      const SweepEvent *ev = &g_array_index (events, SweepEvent, i);

      depth += ev->delta;
      if (depth >= 2 && region_start < 0)
        region_start = ev->pos;
      else if (depth < 2 && region_start >= 0)
        {
          if (ev->pos > region_start)
            {
              get_range (self, region_start, ev->pos, &s, &e);
              gtk_text_buffer_apply_tag (self->buffer, self->overlap_tag, &s, &e);
            }
          region_start = -1;
        }
    }
}

static void
refresh_range (GlossDocumentView *self,
               gint64             start,
               gint64             end)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new ();

  collect_intersecting (self, start, end, list);
  for (guint i = 0; i < list->len; i++)
    apply_annotation_tag (self, g_ptr_array_index (list, i), start, end);
  apply_overlaps (self, list, start, end);
}

static void
apply_selected_tag (GlossDocumentView *self)
{
  GtkTextIter s, e;
  const GlossAnnotation *a;
  const GlossLabel *label;
  GdkRGBA rgba;

  gtk_text_buffer_get_bounds (self->buffer, &s, &e);
  gtk_text_buffer_remove_tag (self->buffer, self->selected_tag, &s, &e);

  a = self->selected_id ? g_hash_table_lookup (self->annotations, self->selected_id) : NULL;
  if (a == NULL)
    return;

  /* One "selected" tag whose colour follows the selected annotation's label (or its
   * annotator's, when colouring by annotator). */
  label = find_label (self, a->label_id);
  parse_colour (label ? label->colour : NULL, SELECTED_ALPHA, &rgba);
  if (self->colour_by_annotator)
    {
      GtkTextTag *tag = tag_for_annotation (self, a);
      GdkRGBA *own = NULL;

      g_object_get (tag, "background-rgba", &own, NULL);
      if (own != NULL)
        {
          rgba = *own;
          rgba.alpha = SELECTED_ALPHA;
          gdk_rgba_free (own);
        }
    }
  g_object_set (self->selected_tag, "background-rgba", &rgba, NULL);
  get_range (self, a->start, a->end, &s, &e);
  gtk_text_buffer_apply_tag (self->buffer, self->selected_tag, &s, &e);
}

static void
stop_apply (GlossDocumentView *self)
{
  g_clear_handle_id (&self->apply_source, g_source_remove);
}

/* One idle iteration of the batched apply. The first one does what is on screen so the
 * reader sees highlights at once; then the rest in document order; the last computes
 * the overlap regions with one sweep. */
static gboolean
apply_batch_cb (gpointer user_data)
{
  GlossDocumentView *self = user_data;
  guint stop;

  ensure_index (self);

  if (!self->apply_visible_done)
    {
      GdkRectangle rect;
      GtkTextIter s, e;

      self->apply_visible_done = TRUE;
      if (gtk_widget_get_mapped (self->text_view))
        {
          gtk_text_view_get_visible_rect (GTK_TEXT_VIEW (self->text_view), &rect);
          gtk_text_view_get_iter_at_location (GTK_TEXT_VIEW (self->text_view), &s, rect.x, rect.y);
          gtk_text_view_get_iter_at_location (GTK_TEXT_VIEW (self->text_view), &e,
                                              rect.x + rect.width, rect.y + rect.height);
          gtk_text_iter_forward_line (&e);
          refresh_range (self, gtk_text_iter_get_offset (&s), gtk_text_iter_get_offset (&e));
          return G_SOURCE_CONTINUE;
        }
    }

  stop = MIN (self->apply_pos + APPLY_BATCH, self->sorted->len);
  for (; self->apply_pos < stop; self->apply_pos++)
    apply_annotation_tag (self, g_ptr_array_index (self->sorted, self->apply_pos),
                          G_MININT64, G_MAXINT64);

  if (self->apply_pos < self->sorted->len)
    return G_SOURCE_CONTINUE;

  apply_overlaps (self, self->sorted, 0, G_MAXINT64);
  apply_selected_tag (self);
  self->apply_source = 0;
  g_debug ("applied %u highlights", self->sorted->len);
  g_signal_emit (self, signals[HIGHLIGHTS_READY], 0);
  return G_SOURCE_REMOVE;
}

static void
schedule_apply (GlossDocumentView *self)
{
  self->apply_pos = 0;
  self->apply_visible_done = FALSE;
  if (self->apply_source != 0)
    return;
  /* Above GtkTextView's background validation (GDK_PRIORITY_REDRAW + 5) or a large
   * document's full layout would run first; below redraw so frames still come. */
  self->apply_source = g_idle_add_full (GDK_PRIORITY_REDRAW + 1, apply_batch_cb, self, NULL);
}

static void
remove_all_highlights (GlossDocumentView *self)
{
  GtkTextIter s, e;
  GHashTableIter iter;
  gpointer tag;

  gtk_text_buffer_get_bounds (self->buffer, &s, &e);
  g_hash_table_iter_init (&iter, self->label_tags);
  while (g_hash_table_iter_next (&iter, NULL, &tag))
    gtk_text_buffer_remove_tag (self->buffer, tag, &s, &e);
  g_hash_table_iter_init (&iter, self->annotator_tags);
  while (g_hash_table_iter_next (&iter, NULL, &tag))
    gtk_text_buffer_remove_tag (self->buffer, tag, &s, &e);
  gtk_text_buffer_remove_tag (self->buffer, self->unknown_tag, &s, &e);
  gtk_text_buffer_remove_tag (self->buffer, self->overlap_tag, &s, &e);
  gtk_text_buffer_remove_tag (self->buffer, self->selected_tag, &s, &e);
  gtk_text_buffer_remove_tag (self->buffer, self->flash_tag, &s, &e);
}

/* ------------------------------------------------------------------------- */
/* Flash and scrolling                                                        */

static gboolean
flash_cb (gpointer user_data)
{
  GlossDocumentView *self = user_data;
  const GlossAnnotation *a = self->selected_id ? g_hash_table_lookup (self->annotations, self->selected_id) : NULL;
  GtkTextIter s, e;

  if (a != NULL)
    {
      get_range (self, a->start, a->end, &s, &e);
      if (self->flash_count % 2 == 0)
        gtk_text_buffer_apply_tag (self->buffer, self->flash_tag, &s, &e);
      else
        gtk_text_buffer_remove_tag (self->buffer, self->flash_tag, &s, &e);
    }

  if (a == NULL || ++self->flash_count >= FLASH_TOGGLES)
    {
      gtk_text_buffer_get_bounds (self->buffer, &s, &e);
      gtk_text_buffer_remove_tag (self->buffer, self->flash_tag, &s, &e);
      self->flash_source = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
start_flash (GlossDocumentView *self)
{
  g_clear_handle_id (&self->flash_source, g_source_remove);
  self->flash_count = 0;
  flash_cb (self);
  if (self->flash_count < FLASH_TOGGLES)
    self->flash_source = g_timeout_add (FLASH_INTERVAL_MS, flash_cb, self);
}

/* Scrolls to [start, end) unless it is already comfortably on screen, so that clicking a
 * visible highlight does not make the page jump. */
static void
scroll_to_range (GlossDocumentView *self,
                 gint64             start,
                 gint64             end)
{
  GtkTextView *view = GTK_TEXT_VIEW (self->text_view);
  GtkTextIter s, e;

  get_range (self, start, end, &s, &e);
  if (gtk_widget_get_mapped (self->text_view))
    {
      GdkRectangle visible, rs, re;

      gtk_text_view_get_visible_rect (view, &visible);
      gtk_text_view_get_iter_location (view, &s, &rs);
      gtk_text_view_get_iter_location (view, &e, &re);
      if (rs.y >= visible.y && re.y + re.height <= visible.y + visible.height)
        return;
    }
  /* Scrolling to a mark waits until the layout there is valid, unlike scroll_to_iter. */
  gtk_text_buffer_move_mark (self->buffer, self->scroll_mark, &s);
  gtk_text_view_scroll_to_mark (view, self->scroll_mark, 0.2, TRUE, 0.0, 0.3);
}

/* ------------------------------------------------------------------------- */
/* Popovers                                                                   */

static char *
dot_markup (const char *colour)
{
  GdkRGBA rgba;
  g_autofree char *hex = NULL;

  parse_colour (colour, 1.0, &rgba);
  hex = g_strdup_printf ("#%02x%02x%02x", (int) (rgba.red * 255 + .5),
                         (int) (rgba.green * 255 + .5), (int) (rgba.blue * 255 + .5));
  return g_strdup_printf ("<span foreground=\"%s\">●</span>", hex);
}

static void
emit_create (GlossDocumentView *self,
             const char        *label_id,
             gint64             start,
             gint64             end)
{
  if (!self->editable || end <= start || label_id == NULL)
    return;
  g_signal_emit (self, signals[CREATE_ANNOTATION], 0, label_id, start, end);
}

static void
label_button_clicked_cb (GtkButton         *button,
                         GlossDocumentView *self)
{
  const char *label_id = g_object_get_data (G_OBJECT (button), "gloss-label-id");
  gint64 start = self->popover_start, end = self->popover_end;

  gtk_popover_popdown (GTK_POPOVER (self->label_popover));
  emit_create (self, label_id, start, end);
}

static void
rebuild_label_popover (GlossDocumentView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  for (guint i = 0; i < self->labels->len; i++)
    {
      const GlossLabel *label = g_ptr_array_index (self->labels, i);
      GtkWidget *button = gtk_button_new ();
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *dot = gtk_label_new (NULL);
      GtkWidget *name = gtk_label_new (label->name);
      g_autofree char *markup = dot_markup (label->colour);

      gtk_label_set_markup (GTK_LABEL (dot), markup);
      gtk_label_set_xalign (GTK_LABEL (name), 0.0);
      gtk_widget_set_hexpand (name, TRUE);
      gtk_box_append (GTK_BOX (row), dot);
      gtk_box_append (GTK_BOX (row), name);
      if (label->shortcut != NULL && *label->shortcut != '\0')
        {
          GtkWidget *key = gtk_label_new (label->shortcut);

          gtk_widget_add_css_class (key, "dim-label");
          gtk_widget_set_margin_start (key, 16);
          gtk_box_append (GTK_BOX (row), key);
        }
      gtk_button_set_child (GTK_BUTTON (button), row);
      gtk_widget_add_css_class (button, "flat");
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label->name, -1);
      g_object_set_data_full (G_OBJECT (button), "gloss-label-id", g_strdup (label->id), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (label_button_clicked_cb), self);
      gtk_box_append (GTK_BOX (box), button);
    }

  gtk_popover_set_child (GTK_POPOVER (self->label_popover), box);
}

/* A rectangle in our own coordinates around the text of [start, end). */
static void
range_rectangle (GlossDocumentView *self,
                 gint64             start,
                 gint64             end,
                 GdkRectangle      *out)
{
  GtkTextView *view = GTK_TEXT_VIEW (self->text_view);
  GtkTextIter s, e;
  GdkRectangle rs, re;
  int x1, y1, x2, y2;
  double dx, dy;

  get_range (self, start, end, &s, &e);
  gtk_text_view_get_iter_location (view, &s, &rs);
  gtk_text_view_get_iter_location (view, &e, &re);
  gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET, rs.x, rs.y, &x1, &y1);
  gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET, re.x, re.y + re.height, &x2, &y2);

  if (y2 - y1 > rs.height + 1)
    {
      /* Several lines: point at the first line, from the start to the text's right edge. */
      int right = gtk_widget_get_width (self->text_view) - gtk_text_view_get_right_margin (view);

      x2 = MAX (x1 + 1, right);
      y2 = y1 + rs.height;
    }

  if (!gtk_widget_translate_coordinates (self->text_view, GTK_WIDGET (self), x1, y1, &dx, &dy))
    dx = x1, dy = y1;
  out->x = (int) dx;
  out->y = (int) dy;
  out->width = MAX (x2 - x1, 1);
  out->height = MAX (y2 - y1, 1);
}

static void
show_label_popover (GlossDocumentView *self,
                    gint64             start,
                    gint64             end)
{
  GdkRectangle rect;

  if (!self->editable || self->labels->len == 0 || end <= start)
    return;

  self->popover_start = start;
  self->popover_end = end;
  range_rectangle (self, start, end, &rect);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->label_popover), &rect);
  gtk_popover_popup (GTK_POPOVER (self->label_popover));
}

static void
picker_button_clicked_cb (GtkButton         *button,
                          GlossDocumentView *self)
{
  g_autofree char *id = g_strdup (g_object_get_data (G_OBJECT (button), "gloss-annotation-id"));

  gtk_popover_popdown (GTK_POPOVER (self->picker_popover));
  g_free (self->selected_id);
  self->selected_id = g_strdup (id);
  apply_selected_tag (self);
  g_signal_emit (self, signals[ANNOTATION_ACTIVATED], 0, id);
}

static char *
excerpt (const char *text,
         glong       max_chars)
{
  g_autofree char *flat = NULL;

  if (text == NULL)
    return g_strdup ("");
  flat = g_strdelimit (g_strdup (text), "\n\r\t", ' ');
  if (g_utf8_strlen (flat, -1) <= max_chars)
    return g_steal_pointer (&flat);
  {
    g_autofree char *head = g_utf8_substring (flat, 0, max_chars - 1);
    return g_strconcat (head, "…", NULL);
  }
}

static void
show_picker (GlossDocumentView *self,
             GPtrArray         *covering,
             double             x,
             double             y)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GdkRectangle rect = { (int) x, (int) y, 1, 1 };

  for (guint i = 0; i < covering->len; i++)
    {
      const GlossAnnotation *a = g_ptr_array_index (covering, i);
      const GlossLabel *label = find_label (self, a->label_id);
      const char *name = label ? label->name : (a->label_name ? a->label_name : _("Unknown label"));
      GtkWidget *button = gtk_button_new ();
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *dot = gtk_label_new (NULL);
      GtkWidget *name_label = gtk_label_new (name);
      GtkWidget *quote_label;
      g_autofree char *markup = dot_markup (label ? label->colour : NULL);
      g_autofree char *quote = NULL;
      g_autofree char *text = NULL;
      g_autofree char *accessible = NULL;
      GtkTextIter s, e;

      if (a->quote != NULL)
        quote = excerpt (a->quote, 40);
      else
        {
          g_autofree char *slice = NULL;

          get_range (self, a->start, a->end, &s, &e);
          slice = gtk_text_buffer_get_text (self->buffer, &s, &e, FALSE);
          quote = excerpt (slice, 40);
        }
      text = g_strdup_printf ("“%s”", quote);
      quote_label = gtk_label_new (text);
      gtk_label_set_ellipsize (GTK_LABEL (quote_label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (quote_label), 40);
      gtk_label_set_xalign (GTK_LABEL (quote_label), 0.0);
      gtk_widget_add_css_class (quote_label, "dim-label");

      gtk_label_set_markup (GTK_LABEL (dot), markup);
      gtk_box_append (GTK_BOX (row), dot);
      gtk_box_append (GTK_BOX (row), name_label);
      gtk_box_append (GTK_BOX (row), quote_label);
      gtk_button_set_child (GTK_BUTTON (button), row);
      gtk_widget_add_css_class (button, "flat");
      accessible = g_strdup_printf ("%s: %s", name, quote);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      g_object_set_data_full (G_OBJECT (button), "gloss-annotation-id", g_strdup (a->id), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (picker_button_clicked_cb), self);
      gtk_box_append (GTK_BOX (box), button);
    }

  gtk_popover_set_child (GTK_POPOVER (self->picker_popover), box);
  if (gtk_widget_translate_coordinates (self->text_view, GTK_WIDGET (self), x, y, &x, &y))
    rect.x = (int) x, rect.y = (int) y;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->picker_popover), &rect);
  gtk_popover_popup (GTK_POPOVER (self->picker_popover));
}

static void
popover_closed_cb (GtkPopover        *popover,
                   GlossDocumentView *self)
{
  /* Give the keyboard back to the text so shortcut keys keep working. */
  if (gtk_widget_get_mapped (self->text_view))
    gtk_widget_grab_focus (self->text_view);
}

/* ------------------------------------------------------------------------- */
/* Selection, keys and pointer                                                */

static gboolean
get_selection_offsets (GlossDocumentView *self,
                       gint64            *start,
                       gint64            *end)
{
  GtkTextIter s, e;

  if (!gtk_text_buffer_get_selection_bounds (self->buffer, &s, &e))
    return FALSE;
  *start = gtk_text_iter_get_offset (&s);
  *end = gtk_text_iter_get_offset (&e);
  return *end > *start;
}

static gboolean
is_apostrophe (gunichar c)
{
  return c == '\'' || c == 0x2019;
}

/* Pango breaks words at apostrophes ("ship’s" is "ship" + "s"); an analyst selecting
 * part of it means the whole possessive or contraction, so we step over them. */
static void
extend_over_apostrophes (GtkTextIter *s,
                         GtkTextIter *e)
{
  for (;;)
    {
      GtkTextIter t = *e;

      if (!is_apostrophe (gtk_text_iter_get_char (&t)) || !gtk_text_iter_forward_char (&t) ||
          !g_unichar_isalnum (gtk_text_iter_get_char (&t)) || !gtk_text_iter_ends_word (e))
        break;
      if (!gtk_text_iter_forward_word_end (&t) || gtk_text_iter_get_line (&t) != gtk_text_iter_get_line (e))
        break;
      *e = t;
    }
  for (;;)
    {
      GtkTextIter t = *s;

      if (!gtk_text_iter_starts_word (s) || !gtk_text_iter_backward_char (&t) ||
          !is_apostrophe (gtk_text_iter_get_char (&t)) || !gtk_text_iter_backward_char (&t) ||
          !g_unichar_isalnum (gtk_text_iter_get_char (&t)))
        break;
      gtk_text_iter_forward_char (&t);
      if (!gtk_text_iter_backward_word_start (&t) || gtk_text_iter_get_line (&t) != gtk_text_iter_get_line (s))
        break;
      *s = t;
    }
}

/* Expands the selection to whole words, without crossing a line end, after trimming
 * white space at both ends. */
static void
snap_selection (GlossDocumentView *self)
{
  GtkTextIter s, e, t;

  if (!gtk_text_buffer_get_selection_bounds (self->buffer, &s, &e))
    return;

  while (gtk_text_iter_compare (&s, &e) < 0 && g_unichar_isspace (gtk_text_iter_get_char (&s)))
    gtk_text_iter_forward_char (&s);
  while (gtk_text_iter_compare (&s, &e) < 0)
    {
      t = e;
      gtk_text_iter_backward_char (&t);
      if (!g_unichar_isspace (gtk_text_iter_get_char (&t)))
        break;
      e = t;
    }
  if (gtk_text_iter_equal (&s, &e))
    return;

  if (gtk_text_iter_inside_word (&s) && !gtk_text_iter_starts_word (&s))
    {
      t = s;
      if (gtk_text_iter_backward_word_start (&t) &&
          gtk_text_iter_get_line (&t) == gtk_text_iter_get_line (&s))
        s = t;
    }
  t = e;
  gtk_text_iter_backward_char (&t);
  if (gtk_text_iter_inside_word (&t) && !gtk_text_iter_ends_word (&e))
    {
      t = e;
      if (gtk_text_iter_forward_word_end (&t) &&
          gtk_text_iter_get_line (&t) == gtk_text_iter_get_line (&e))
        e = t;
    }

  extend_over_apostrophes (&s, &e);
  gtk_text_buffer_select_range (self->buffer, &e, &s);
}

static const GlossLabel *
label_for_key (GlossDocumentView *self,
               guint              keyval)
{
  gunichar pressed = gdk_keyval_to_unicode (keyval);

  if (pressed == 0)
    return NULL;

  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->labels->len; i++)
      {
        const GlossLabel *label = g_ptr_array_index (self->labels, i);
        gunichar key;

        if (label->shortcut == NULL || *label->shortcut == '\0')
          continue;
        key = g_utf8_get_char (label->shortcut);
        /* Exact first, then caseless so Caps Lock or Shift+p still means "p". */
        if (pass == 0 ? key == pressed : g_unichar_tolower (key) == g_unichar_tolower (pressed))
          return label;
      }
  return NULL;
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GlossDocumentView     *self)
{
  GdkModifierType mods = state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK | GDK_META_MASK);
  gint64 start, end;

  if (mods != 0)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
    case GDK_KEY_BackSpace:
      if (self->editable && self->selected_id != NULL)
        {
          g_autofree char *id = g_strdup (self->selected_id);

          g_signal_emit (self, signals[DELETE_ANNOTATION], 0, id);
          return TRUE;
        }
      return FALSE;

    case GDK_KEY_Escape:
      if (self->selected_id != NULL)
        {
          gloss_document_view_select_annotation (self, NULL, FALSE);
          return TRUE;
        }
      if (get_selection_offsets (self, &start, &end))
        {
          GtkTextIter iter;

          gtk_text_buffer_get_iter_at_mark (self->buffer, &iter, gtk_text_buffer_get_insert (self->buffer));
          gtk_text_buffer_select_range (self->buffer, &iter, &iter);
          return TRUE;
        }
      return FALSE;

    default:
      break;
    }

  if (self->editable && get_selection_offsets (self, &start, &end))
    {
      const GlossLabel *label = label_for_key (self, keyval);

      if (label != NULL)
        {
          emit_create (self, label->id, start, end);
          return TRUE;
        }
    }
  return FALSE;
}

/* Keys pressed while the label popover has focus act on the selection it was shown for. */
static gboolean
popover_key_pressed_cb (GtkEventControllerKey *controller,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        GlossDocumentView     *self)
{
  const GlossLabel *label;

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK | GDK_META_MASK)) != 0)
    return FALSE;
  label = label_for_key (self, keyval);
  if (label == NULL)
    return FALSE;
  gtk_popover_popdown (GTK_POPOVER (self->label_popover));
  emit_create (self, label->id, self->popover_start, self->popover_end);
  return TRUE;
}

static gboolean
offset_at_widget_point (GlossDocumentView *self,
                        double             x,
                        double             y,
                        gint64            *offset)
{
  GtkTextView *view = GTK_TEXT_VIEW (self->text_view);
  GtkTextIter iter;
  GdkRectangle rect;
  int bx, by;

  gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, (int) x, (int) y, &bx, &by);
  /* get_iter_at_position gives the character under the point (get_iter_at_location
   * gives the nearest cursor position); then require the point to be on it, not in
   * the margin or past the end of a line. */
  if (!gtk_text_view_get_iter_at_position (view, &iter, NULL, bx, by))
    return FALSE;
  gtk_text_view_get_iter_location (view, &iter, &rect);
  if (bx < rect.x || bx >= rect.x + MAX (rect.width, 1) || by < rect.y || by >= rect.y + rect.height)
    return FALSE;
  *offset = gtk_text_iter_get_offset (&iter);
  return TRUE;
}

static void
handle_click (GlossDocumentView *self,
              double             x,
              double             y)
{
  g_autoptr(GPtrArray) covering = NULL;
  gint64 offset;

  if (!offset_at_widget_point (self, x, y, &offset))
    {
      return;
    }
  covering = annotations_covering (self, offset);
  g_debug ("click at %.0f,%.0f: offset %" G_GINT64_FORMAT ", %u highlights", x, y, offset, covering->len);
  if (covering->len == 1)
    {
      const GlossAnnotation *a = g_ptr_array_index (covering, 0);
      g_autofree char *id = g_strdup (a->id);

      g_free (self->selected_id);
      self->selected_id = g_strdup (id);
      apply_selected_tag (self);
      g_signal_emit (self, signals[ANNOTATION_ACTIVATED], 0, id);
    }
  else if (covering->len > 1)
    show_picker (self, covering, x, y);
}

static gboolean
release_idle_cb (gpointer user_data)
{
  GlossDocumentView *self = user_data;
  double x = self->press_x, y = self->press_y;
  gint64 start, end;

  self->release_source = 0;

  if (get_selection_offsets (self, &start, &end))
    {
      if (self->snap_to_words)
        {
          snap_selection (self);
          if (!get_selection_offsets (self, &start, &end))
            return G_SOURCE_REMOVE;
        }
      show_label_popover (self, start, end);
    }
  else
    handle_click (self, x, y);

  return G_SOURCE_REMOVE;
}

/* Watches raw button events in the capture phase: the text view's own gestures still
 * get every event, we only learn when a mouse selection or a click has finished. */
static gboolean
legacy_event_cb (GtkEventControllerLegacy *controller,
                 GdkEvent                 *event,
                 GlossDocumentView        *self)
{
  GdkEventType type = gdk_event_get_event_type (event);
  double x, y;

  if (type != GDK_BUTTON_PRESS && type != GDK_BUTTON_RELEASE)
    return GDK_EVENT_PROPAGATE;
  if (gdk_button_event_get_button (event) != GDK_BUTTON_PRIMARY)
    return GDK_EVENT_PROPAGATE;
  if (!gdk_event_get_position (event, &x, &y))
    return GDK_EVENT_PROPAGATE;
  {
    /* Event positions are in surface coordinates; we want text view coordinates. */
    GtkNative *native = gtk_widget_get_native (self->text_view);
    double nx = 0, ny = 0;

    gtk_native_get_surface_transform (native, &nx, &ny);
    x -= nx, y -= ny;
    gtk_widget_translate_coordinates (GTK_WIDGET (native), self->text_view, x, y, &x, &y);
  }

  if (type == GDK_BUTTON_PRESS)
    {
      self->pressed = TRUE;
      self->press_x = x;
      self->press_y = y;
      return GDK_EVENT_PROPAGATE;
    }

  if (!self->pressed)
    return GDK_EVENT_PROPAGATE;
  self->pressed = FALSE;
  if (self->release_source == 0)
    self->release_source = g_idle_add (release_idle_cb, self);
  return GDK_EVENT_PROPAGATE;
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           GlossDocumentView        *self)
{
  gint64 offset;
  gboolean over = FALSE;

  if (offset_at_widget_point (self, x, y, &offset))
    {
      g_autoptr(GPtrArray) covering = annotations_covering (self, offset);
      over = covering->len > 0;
    }
  if (over == self->pointer_over_highlight)
    return;
  self->pointer_over_highlight = over;
  gtk_widget_set_cursor_from_name (self->text_view, over ? "pointer" : "text");
}

static gboolean
query_tooltip_cb (GtkWidget         *widget,
                  int                x,
                  int                y,
                  gboolean           keyboard_mode,
                  GtkTooltip        *tooltip,
                  GlossDocumentView *self)
{
  g_autoptr(GPtrArray) covering = NULL;
  g_autoptr(GString) text = NULL;
  gint64 offset;

  /* The popovers already say what is here; a tooltip on top would hide them. */
  if (gtk_widget_get_visible (self->label_popover) || gtk_widget_get_visible (self->picker_popover))
    return FALSE;

  if (keyboard_mode)
    {
      GtkTextIter iter;

      gtk_text_buffer_get_iter_at_mark (self->buffer, &iter, gtk_text_buffer_get_insert (self->buffer));
      offset = gtk_text_iter_get_offset (&iter);
    }
  else if (!offset_at_widget_point (self, x, y, &offset))
    return FALSE;

  covering = annotations_covering (self, offset);
  if (covering->len == 0)
    return FALSE;

  text = g_string_new (NULL);
  for (guint i = 0; i < covering->len && i < 6; i++)
    {
      const GlossAnnotation *a = g_ptr_array_index (covering, i);
      const GlossLabel *label = find_label (self, a->label_id);
      const char *name = label ? label->name : (a->label_name ? a->label_name : _("Unknown label"));
      g_autofree char *dot = dot_markup (label ? label->colour : NULL);
      g_autofree char *escaped = g_markup_escape_text (name, -1);

      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "%s <b>%s</b>", dot, escaped);
      if (a->note != NULL && *a->note != '\0')
        {
          g_autofree char *note = excerpt (a->note, 80);
          g_autofree char *note_escaped = g_markup_escape_text (note, -1);

          g_string_append_printf (text, "\n<small>%s</small>", note_escaped);
        }
    }
  if (covering->len > 6)
    g_string_append_printf (text, "\n<small>%s</small>", _("and more…"));

  gtk_tooltip_set_markup (tooltip, text->str);
  return TRUE;
}

/* ------------------------------------------------------------------------- */
/* Search                                                                     */

static void
update_match_label (GlossDocumentView *self,
                    int                index,
                    int                total,
                    gboolean           capped)
{
  g_autofree char *text = NULL;

  if (total == 0)
    text = g_strdup (_("No matches"));
  else if (capped)
    text = g_strdup_printf (_("%d of %d+"), index, total);
  else
    text = g_strdup_printf (_("%d of %d"), index, total);
  gtk_label_set_text (GTK_LABEL (self->match_label), text);
}

/* Counting is done after the search settles, capped, so typing stays responsive. */
static gboolean
count_matches_cb (gpointer user_data)
{
  GlossDocumentView *self = user_data;
  const char *needle = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  GtkTextIter iter, ms, me, sel_s, sel_e;
  gboolean has_sel;
  int total = 0, index = 0;

  self->count_source = 0;
  if (*needle == '\0')
    {
      gtk_label_set_text (GTK_LABEL (self->match_label), "");
      return G_SOURCE_REMOVE;
    }

  has_sel = gtk_text_buffer_get_selection_bounds (self->buffer, &sel_s, &sel_e);
  gtk_text_buffer_get_start_iter (self->buffer, &iter);
  while (total < COUNT_CAP &&
         gtk_text_iter_forward_search (&iter, needle, GTK_TEXT_SEARCH_CASE_INSENSITIVE, &ms, &me, NULL))
    {
      total++;
      if (has_sel && gtk_text_iter_equal (&ms, &sel_s) && gtk_text_iter_equal (&me, &sel_e))
        index = total;
      iter = me;
    }
  update_match_label (self, index, total, total >= COUNT_CAP);
  return G_SOURCE_REMOVE;
}

static void
schedule_match_count (GlossDocumentView *self)
{
  g_clear_handle_id (&self->count_source, g_source_remove);
  self->count_source = g_timeout_add (250, count_matches_cb, self);
}

static void
search_step (GlossDocumentView *self,
             gboolean           forward,
             gboolean           include_current)
{
  const char *needle = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  GtkTextIter sel_s, sel_e, from, ms, me;
  gboolean found;

  if (*needle == '\0')
    return;

  gtk_text_buffer_get_selection_bounds (self->buffer, &sel_s, &sel_e);
  if (forward)
    {
      from = include_current ? sel_s : sel_e;
      found = gtk_text_iter_forward_search (&from, needle, GTK_TEXT_SEARCH_CASE_INSENSITIVE, &ms, &me, NULL);
      if (!found)
        {
          gtk_text_buffer_get_start_iter (self->buffer, &from);
          found = gtk_text_iter_forward_search (&from, needle, GTK_TEXT_SEARCH_CASE_INSENSITIVE, &ms, &me, NULL);
        }
    }
  else
    {
      from = sel_s;
      found = gtk_text_iter_backward_search (&from, needle, GTK_TEXT_SEARCH_CASE_INSENSITIVE, &ms, &me, NULL);
      if (!found)
        {
          gtk_text_buffer_get_end_iter (self->buffer, &from);
          found = gtk_text_iter_backward_search (&from, needle, GTK_TEXT_SEARCH_CASE_INSENSITIVE, &ms, &me, NULL);
        }
    }

  if (!found)
    {
      gtk_widget_add_css_class (self->search_entry, "error");
      update_match_label (self, 0, 0, FALSE);
      return;
    }

  gtk_widget_remove_css_class (self->search_entry, "error");
  gtk_text_buffer_select_range (self->buffer, &ms, &me);
  scroll_to_range (self, gtk_text_iter_get_offset (&ms), gtk_text_iter_get_offset (&me));
  schedule_match_count (self);
}

static void
search_changed_cb (GtkSearchEntry    *entry,
                   GlossDocumentView *self)
{
  /* The first match at or after the cursor, so refining the query keeps the match. */
  search_step (self, TRUE, TRUE);
  if (*gtk_editable_get_text (GTK_EDITABLE (entry)) == '\0')
    {
      gtk_widget_remove_css_class (self->search_entry, "error");
      gtk_label_set_text (GTK_LABEL (self->match_label), "");
    }
}

static void
search_next_cb (GlossDocumentView *self)
{
  search_step (self, TRUE, FALSE);
}

static void
search_previous_cb (GlossDocumentView *self)
{
  search_step (self, FALSE, FALSE);
}

static gboolean
entry_key_pressed_cb (GtkEventControllerKey *controller,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      GlossDocumentView     *self)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter) &&
      (state & GDK_SHIFT_MASK) != 0)
    {
      search_step (self, FALSE, FALSE);
      return TRUE;
    }
  return FALSE;
}

static void
search_mode_cb (GtkSearchBar      *bar,
                GParamSpec        *pspec,
                GlossDocumentView *self)
{
  /* Closing the bar leaves the match selected and the keyboard in the text, so the next
   * shortcut key annotates the match. */
  if (!gtk_search_bar_get_search_mode (bar))
    gtk_widget_grab_focus (self->text_view);
}

static void
stop_search_cb (GtkSearchEntry    *entry,
                GlossDocumentView *self)
{
  gtk_search_bar_set_search_mode (GTK_SEARCH_BAR (self->search_bar), FALSE);
  gtk_widget_grab_focus (self->text_view);
}

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
  search_step (GLOSS_DOCUMENT_VIEW (widget), TRUE, FALSE);
}

static void
search_previous_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  search_step (GLOSS_DOCUMENT_VIEW (widget), FALSE, FALSE);
}

/* Keyboard users open the label popover for a keyboard selection on purpose. */
static void
show_labels_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  GlossDocumentView *self = GLOSS_DOCUMENT_VIEW (widget);
  gint64 start, end;

  if (get_selection_offsets (self, &start, &end))
    show_label_popover (self, start, end);
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

  stop_apply (self);
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
  g_free (self->selected_id);
  g_clear_pointer (&self->labels, g_ptr_array_unref);
  g_clear_pointer (&self->label_tags, g_hash_table_unref);
  g_clear_pointer (&self->annotator_tags, g_hash_table_unref);
  g_clear_pointer (&self->hidden_annotators, g_hash_table_unref);
  g_clear_pointer (&self->sorted, g_ptr_array_unref);
  g_clear_pointer (&self->annotations, g_hash_table_unref);
  g_free (self->prefix_max_end);
  g_free (self->block_max_end);

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

  signals[CREATE_ANNOTATION] =
    g_signal_new ("create-annotation", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_INT64, G_TYPE_INT64);
  signals[ANNOTATION_ACTIVATED] =
    g_signal_new ("annotation-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[DELETE_ANNOTATION] =
    g_signal_new ("delete-annotation", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[HIGHLIGHTS_READY] =
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

    parse_colour (NULL, HIGHLIGHT_ALPHA, &grey);
    g_object_set (self->unknown_tag, "background-rgba", &grey, NULL);
  }
  /* Overlaps get a double underline in the text colour, so it reads in light and dark. */
  self->overlap_tag = gtk_text_buffer_create_tag (self->buffer, "gloss-overlap",
                                                  "underline", PANGO_UNDERLINE_DOUBLE, NULL);
  self->selected_tag = gtk_text_buffer_create_tag (self->buffer, "gloss-selected", NULL);
  self->flash_tag = gtk_text_buffer_create_tag (self->buffer, "gloss-flash", "background-rgba", &flash, NULL);
  raise_decoration_tags (self);
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
  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  g_signal_connect_swapped (self->search_entry, "activate", G_CALLBACK (search_next_cb), self);
  g_signal_connect_swapped (self->search_entry, "next-match", G_CALLBACK (search_next_cb), self);
  g_signal_connect_swapped (self->search_entry, "previous-match", G_CALLBACK (search_previous_cb), self);
  g_signal_connect (self->search_entry, "stop-search", G_CALLBACK (stop_search_cb), self);
  g_signal_connect (self->search_bar, "notify::search-mode-enabled", G_CALLBACK (search_mode_cb), self);
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (entry_key_pressed_cb), self);
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
  gtk_widget_set_has_tooltip (self->text_view, TRUE);
  g_signal_connect (self->text_view, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
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
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (self->text_view, controller);

  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "event", G_CALLBACK (legacy_event_cb), self);
  gtk_widget_add_controller (self->text_view, controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (self->text_view, controller);

  /* Popovers are our children (not the text view's) so that we present them. */
  self->label_popover = gtk_popover_new ();
  gtk_popover_set_has_arrow (GTK_POPOVER (self->label_popover), TRUE);
  gtk_widget_set_parent (self->label_popover, GTK_WIDGET (self));
  g_signal_connect (self->label_popover, "closed", G_CALLBACK (popover_closed_cb), self);
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (popover_key_pressed_cb), self);
  gtk_widget_add_controller (self->label_popover, controller);

  self->picker_popover = gtk_popover_new ();
  gtk_widget_set_parent (self->picker_popover, GTK_WIDGET (self));
  g_signal_connect (self->picker_popover, "closed", G_CALLBACK (popover_closed_cb), self);

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
  stop_apply (self);
  g_clear_handle_id (&self->flash_source, g_source_remove);
  g_clear_pointer (&self->selected_id, g_free);
  g_ptr_array_set_size (self->sorted, 0);
  g_hash_table_remove_all (self->annotations);
  self->index_dirty = TRUE;
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

      parse_colour (label->colour, HIGHLIGHT_ALPHA, &rgba);
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

  raise_decoration_tags (self);
  rebuild_label_popover (self);
  update_actions (self);

  /* Annotations may now map to other tags (a label appeared or went away). */
  if (changed && g_hash_table_size (self->annotations) > 0)
    {
      remove_all_highlights (self);
      schedule_apply (self);
    }
}

void
gloss_document_view_set_annotations (GlossDocumentView *self,
                                     GPtrArray         *annotations)
{
  g_return_if_fail (GLOSS_IS_DOCUMENT_VIEW (self));

  remove_all_highlights (self);
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
  self->index_dirty = TRUE;
  schedule_apply (self);
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
  self->index_dirty = TRUE;

  if (self->apply_source != 0)
    schedule_apply (self);
  else
    refresh_range (self, copy->start, copy->end);
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
  get_range (self, start, end, &s, &e);
  gtk_text_buffer_remove_tag (self->buffer, tag_for_annotation (self, a), &s, &e);
  if (g_strcmp0 (self->selected_id, annotation_id) == 0)
    {
      g_clear_pointer (&self->selected_id, g_free);
      gtk_text_buffer_remove_tag (self->buffer, self->selected_tag, &s, &e);
      gtk_text_buffer_remove_tag (self->buffer, self->flash_tag, &s, &e);
    }
  g_hash_table_remove (self->annotations, annotation_id);
  self->index_dirty = TRUE;

  /* Other annotations of the same label in that range lost their tag too. */
  if (self->apply_source != 0)
    schedule_apply (self);
  else
    refresh_range (self, start, end);
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

      g_hash_table_replace (self->annotations, copy->id, copy);
      self->index_dirty = TRUE;
      return;
    }

  if (g_strcmp0 (self->selected_id, annotation->id) == 0)
    selected = g_strdup (self->selected_id);
  gloss_document_view_remove_annotation (self, annotation->id);
  gloss_document_view_add_annotation (self, annotation);
  if (selected != NULL)
    {
      self->selected_id = g_steal_pointer (&selected);
      apply_selected_tag (self);
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
  apply_selected_tag (self);
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

  scroll_to_range (self, a->start, a->end);
  if (flash)
    start_flash (self);
}

gboolean
gloss_document_view_get_selection (GlossDocumentView *self,
                                   gint64            *start,
                                   gint64            *end)
{
  gint64 s = 0, e = 0;
  gboolean ret;

  g_return_val_if_fail (GLOSS_IS_DOCUMENT_VIEW (self), FALSE);

  ret = get_selection_offsets (self, &s, &e);
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

  get_range (self, start, end, &s, &e);
  gtk_text_buffer_select_range (self->buffer, &e, &s);
  scroll_to_range (self, start, end);
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

  snap_selection (self);
  return get_selection_offsets (self, &start, &end);
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

  covering = annotations_covering (self, offset);
  for (guint i = 0; i < covering->len; i++)
    g_ptr_array_add (ids, g_strdup (((GlossAnnotation *) g_ptr_array_index (covering, i))->id));
  return ids;
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
  remove_all_highlights (self);

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
          parse_colour (value, HIGHLIGHT_ALPHA, &rgba);
          g_object_set (tag, "background-rgba", &rgba, NULL);
        }
    }
  self->colour_by_annotator = colours != NULL;
  raise_decoration_tags (self);

  if (g_hash_table_size (self->annotations) > 0)
    schedule_apply (self);
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
  remove_all_highlights (self);
  self->index_dirty = TRUE;
  schedule_apply (self);
}

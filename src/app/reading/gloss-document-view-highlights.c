/* gloss-document-view-highlights.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Highlights: the interval index of the annotations (a treap sorted by start, with
 * subtree max ends), one text tag per label or annotator, the batched idle
 * application of tags, the selected highlight, the flash and scrolling to a range.
 */
#define G_LOG_DOMAIN "gloss-document-view"

#include <glib/gi18n.h>

#include "gloss-document-view-private.h"

/* Highlights applied per idle iteration. */
#define APPLY_BATCH       2500
#define FLASH_TOGGLES     6
#define FLASH_INTERVAL_MS 100
#define SELECTED_ALPHA    0.70

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

static int
compare_offsets_asc (gconstpointer a,
                     gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The index is a treap (a binary search tree on compare_annotations kept balanced by
 * random heap priorities) whose nodes also hold the largest end in their subtree, so
 * that adding, removing or changing one highlight costs O(log n) expected and an
 * interval query O(log n + hits). A full reload builds it from one sort in O(n). */
struct _GlossIndexNode
{
  const GlossAnnotation *a;   /* borrowed from self->annotations */
  GlossIndexNode        *left;
  GlossIndexNode        *right;
  guint32                priority;
  gint64                 max_end;
};

static inline int
compare_keys (const GlossAnnotation *x,
              const GlossAnnotation *y)
{
  return compare_annotations (&x, &y);
}

static inline void
node_update (GlossIndexNode *n)
{
  n->max_end = n->a->end;
  if (n->left != NULL && n->left->max_end > n->max_end)
    n->max_end = n->left->max_end;
  if (n->right != NULL && n->right->max_end > n->max_end)
    n->max_end = n->right->max_end;
}

static GlossIndexNode *
node_new (const GlossAnnotation *a)
{
  GlossIndexNode *n = g_new0 (GlossIndexNode, 1);

  n->a = a;
  n->priority = g_random_int ();
  n->max_end = a->end;
  return n;
}

static void
node_free_all (GlossIndexNode *t)
{
  while (t != NULL)
    {
      GlossIndexNode *right = t->right;

      node_free_all (t->left);
      g_free (t);
      t = right;
    }
}

/* Splits @t into the keys before @a (*l) and the rest (*r). */
static void
node_split (GlossIndexNode        *t,
            const GlossAnnotation *a,
            GlossIndexNode       **l,
            GlossIndexNode       **r)
{
  if (t == NULL)
    {
      *l = *r = NULL;
      return;
    }
  if (compare_keys (t->a, a) < 0)
    {
      node_split (t->right, a, &t->right, r);
      *l = t;
    }
  else
    {
      node_split (t->left, a, l, &t->left);
      *r = t;
    }
  node_update (t);
}

/* Joins two treaps where every key of @l is before every key of @r. */
static GlossIndexNode *
node_merge (GlossIndexNode *l,
            GlossIndexNode *r)
{
  if (l == NULL)
    return r;
  if (r == NULL)
    return l;
  if (l->priority > r->priority)
    {
      l->right = node_merge (l->right, r);
      node_update (l);
      return l;
    }
  r->left = node_merge (l, r->left);
  node_update (r);
  return r;
}

static GlossIndexNode *
node_insert (GlossIndexNode *t,
             GlossIndexNode *n)
{
  if (t == NULL)
    return n;
  if (n->priority > t->priority)
    {
      node_split (t, n->a, &n->left, &n->right);
      node_update (n);
      return n;
    }
  if (compare_keys (n->a, t->a) < 0)
    t->left = node_insert (t->left, n);
  else
    t->right = node_insert (t->right, n);
  node_update (t);
  return t;
}

static GlossIndexNode *
node_erase (GlossIndexNode        *t,
            const GlossAnnotation *a,
            gboolean              *found)
{
  int c;

  if (t == NULL)
    return NULL;
  c = compare_keys (a, t->a);
  if (c == 0)
    {
      GlossIndexNode *joined = node_merge (t->left, t->right);

      g_free (t);
      *found = TRUE;
      return joined;
    }
  if (c < 0)
    t->left = node_erase (t->left, a, found);
  else
    t->right = node_erase (t->right, a, found);
  node_update (t);
  return t;
}

/* A treap over @sorted (already in key order) in O(n): the Cartesian tree of random
 * priorities, built along its right spine. */
static GlossIndexNode *
node_build (GPtrArray *sorted)
{
  g_autofree GlossIndexNode **spine = g_new (GlossIndexNode *, sorted->len + 1);
  guint depth = 0;

  for (guint i = 0; i < sorted->len; i++)
    {
      GlossIndexNode *n = node_new (g_ptr_array_index (sorted, i));
      GlossIndexNode *last = NULL;

      while (depth > 0 && spine[depth - 1]->priority < n->priority)
        {
          last = spine[--depth];
          node_update (last);
        }
      n->left = last;
      if (depth > 0)
        spine[depth - 1]->right = n;
      spine[depth++] = n;
    }
  while (depth > 1)
    node_update (spine[--depth]);
  if (depth == 0)
    return NULL;
  node_update (spine[0]);
  return spine[0];
}

static void
node_collect_all (GlossIndexNode *t,
                  GPtrArray      *out)
{
  while (t != NULL)
    {
      node_collect_all (t->left, out);
      g_ptr_array_add (out, (gpointer) t->a);
      t = t->right;
    }
}

/* Appends to @out every annotation of @t with start < @end and end > @start, in key
 * order, skipping subtrees whose largest end cannot reach @start. */
static void
node_collect (GlossIndexNode *t,
              gint64          start,
              gint64          end,
              GPtrArray      *out)
{
  while (t != NULL && t->max_end > start)
    {
      node_collect (t->left, start, end, out);
      if (t->a->start >= end)
        return;
      if (t->a->end > start)
        g_ptr_array_add (out, (gpointer) t->a);
      t = t->right;
    }
}

static gboolean
is_hidden (GlossDocumentView     *self,
           const GlossAnnotation *a)
{
  /* Hidden annotators' annotations stay in the table (so that incremental updates
   * keep working) but out of the index that drawing and hit testing use. */
  return self->hidden_annotators != NULL && a->annotator != NULL &&
         g_hash_table_contains (self->hidden_annotators, a->annotator);
}

/* The annotations the index should hold, sorted: what a full rebuild starts from. */
static GPtrArray *
sorted_from_scratch (GlossDocumentView *self)
{
  GPtrArray *sorted = g_ptr_array_sized_new (g_hash_table_size (self->annotations));
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->annotations);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (!is_hidden (self, value))
      g_ptr_array_add (sorted, value);
  g_ptr_array_sort (sorted, compare_annotations);
  return sorted;
}

static void
ensure_index (GlossDocumentView *self)
{
  g_autoptr(GPtrArray) sorted = NULL;

  if (!self->index_dirty)
    return;

  node_free_all (self->index_root);
  sorted = sorted_from_scratch (self);
  self->index_root = node_build (sorted);
  g_ptr_array_unref (self->sorted);
  self->sorted = g_steal_pointer (&sorted);
  self->sorted_dirty = FALSE;
  self->index_dirty = FALSE;
}

/* The index as an array in key order, for the batched apply (which is O(n) anyway). */
static void
ensure_sorted (GlossDocumentView *self)
{
  ensure_index (self);
  if (!self->sorted_dirty)
    return;
  g_ptr_array_set_size (self->sorted, 0);
  node_collect_all (self->index_root, self->sorted);
  self->sorted_dirty = FALSE;
}

/* Forgets the index; the next query rebuilds it from self->annotations. */
void
gloss_document_view_index_invalidate (GlossDocumentView *self)
{
  node_free_all (self->index_root);
  self->index_root = NULL;
  g_ptr_array_set_size (self->sorted, 0);
  self->index_dirty = TRUE;
}

/* @a has just been put in self->annotations. */
void
gloss_document_view_index_insert (GlossDocumentView     *self,
                                  const GlossAnnotation *a)
{
  if (self->index_dirty || is_hidden (self, a))
    return;
  self->index_root = node_insert (self->index_root, node_new (a));
  self->sorted_dirty = TRUE;
}

/* @a is about to leave self->annotations (call it while @a is still valid). */
void
gloss_document_view_index_remove (GlossDocumentView     *self,
                                  const GlossAnnotation *a)
{
  gboolean found = FALSE;

  if (self->index_dirty)
    return;
  self->index_root = node_erase (self->index_root, a, &found);
  if (found)
    self->sorted_dirty = TRUE;
}

static gboolean
node_check (GlossIndexNode *t,
            GPtrArray      *in_order)
{
  gint64 max_end;

  if (t == NULL)
    return TRUE;
  if (!node_check (t->left, in_order))
    return FALSE;
  g_ptr_array_add (in_order, (gpointer) t->a);
  if (!node_check (t->right, in_order))
    return FALSE;
  max_end = t->a->end;
  if (t->left != NULL)
    max_end = MAX (max_end, t->left->max_end);
  if (t->right != NULL)
    max_end = MAX (max_end, t->right->max_end);
  return t->max_end == max_end &&
         (t->left == NULL || t->left->priority <= t->priority) &&
         (t->right == NULL || t->right->priority <= t->priority);
}

/* For the tests: whether the index as kept up to date one change at a time equals a
 * rebuild from scratch (same annotations in the same order, every subtree's max end
 * right, priorities in heap order). */
gboolean
gloss_document_view_check_index (GlossDocumentView *self)
{
  g_autoptr(GPtrArray) in_order = g_ptr_array_new ();
  g_autoptr(GPtrArray) expected = sorted_from_scratch (self);

  if (self->index_dirty)
    return self->index_root == NULL;
  if (!node_check (self->index_root, in_order) || in_order->len != expected->len)
    return FALSE;
  for (guint i = 0; i < expected->len; i++)
    if (in_order->pdata[i] != expected->pdata[i])
      return FALSE;
  return TRUE;
}

/* Appends to @out (borrowed) every annotation with start < @end and end > @start. */
static void
collect_intersecting (GlossDocumentView *self,
                      gint64             start,
                      gint64             end,
                      GPtrArray         *out)
{
  ensure_index (self);
  node_collect (self->index_root, start, end, out);
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
GPtrArray *
gloss_document_view_annotations_covering (GlossDocumentView *self,
                                          gint64             offset)
{
  GPtrArray *out = g_ptr_array_new ();

  collect_intersecting (self, offset, offset + 1, out);
  g_ptr_array_sort (out, compare_innermost);
  return out;
}

/* ------------------------------------------------------------------------- */
/* Tags                                                                       */

gboolean
gloss_document_view_parse_colour (const char *colour,
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

const GlossLabel *
gloss_document_view_find_label (GlossDocumentView *self,
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
GtkTextTag *
gloss_document_view_tag_for_annotation (GlossDocumentView     *self,
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
void
gloss_document_view_raise_decoration_tags (GlossDocumentView *self)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (self->buffer);
  int top = gtk_text_tag_table_get_size (table) - 1;

  gtk_text_tag_set_priority (self->overlap_tag, top);
  gtk_text_tag_set_priority (self->selected_tag, top);
  gtk_text_tag_set_priority (self->flash_tag, top);
}

void
gloss_document_view_get_range (GlossDocumentView *self,
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
  gloss_document_view_get_range (self, start, end, &s, &e);
  gtk_text_buffer_apply_tag (self->buffer, gloss_document_view_tag_for_annotation (self, a), &s, &e);
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

  gloss_document_view_get_range (self, clip_start, clip_end, &s, &e);
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
              gloss_document_view_get_range (self, region_start, ev->pos, &s, &e);
              gtk_text_buffer_apply_tag (self->buffer, self->overlap_tag, &s, &e);
            }
          region_start = -1;
        }
    }
}

void
gloss_document_view_refresh_range (GlossDocumentView *self,
                                   gint64             start,
                                   gint64             end)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new ();

  collect_intersecting (self, start, end, list);
  for (guint i = 0; i < list->len; i++)
    apply_annotation_tag (self, g_ptr_array_index (list, i), start, end);
  apply_overlaps (self, list, start, end);
}

void
gloss_document_view_apply_selected_tag (GlossDocumentView *self)
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
  label = gloss_document_view_find_label (self, a->label_id);
  gloss_document_view_parse_colour (label ? label->colour : NULL, SELECTED_ALPHA, &rgba);
  if (self->colour_by_annotator)
    {
      GtkTextTag *tag = gloss_document_view_tag_for_annotation (self, a);
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
  gloss_document_view_get_range (self, a->start, a->end, &s, &e);
  gtk_text_buffer_apply_tag (self->buffer, self->selected_tag, &s, &e);
}

void
gloss_document_view_stop_apply (GlossDocumentView *self)
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

  ensure_sorted (self);

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
          gloss_document_view_refresh_range (self, gtk_text_iter_get_offset (&s), gtk_text_iter_get_offset (&e));
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
  gloss_document_view_apply_selected_tag (self);
  self->apply_source = 0;
  g_debug ("applied %u highlights", self->sorted->len);
  g_signal_emit (self, gloss_document_view_signals[HIGHLIGHTS_READY], 0);
  return G_SOURCE_REMOVE;
}

void
gloss_document_view_schedule_apply (GlossDocumentView *self)
{
  self->apply_pos = 0;
  self->apply_visible_done = FALSE;
  if (self->apply_source != 0)
    return;
  /* Above GtkTextView's background validation (GDK_PRIORITY_REDRAW + 5) or a large
   * document's full layout would run first; below redraw so frames still come. */
  self->apply_source = g_idle_add_full (GDK_PRIORITY_REDRAW + 1, apply_batch_cb, self, NULL);
}

void
gloss_document_view_remove_all_highlights (GlossDocumentView *self)
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
      gloss_document_view_get_range (self, a->start, a->end, &s, &e);
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

void
gloss_document_view_start_flash (GlossDocumentView *self)
{
  g_clear_handle_id (&self->flash_source, g_source_remove);
  self->flash_count = 0;
  flash_cb (self);
  if (self->flash_count < FLASH_TOGGLES)
    self->flash_source = g_timeout_add (FLASH_INTERVAL_MS, flash_cb, self);
}

/* Scrolls to [start, end) unless it is already comfortably on screen, so that clicking a
 * visible highlight does not make the page jump. */
void
gloss_document_view_scroll_to_range (GlossDocumentView *self,
                                     gint64             start,
                                     gint64             end)
{
  GtkTextView *view = GTK_TEXT_VIEW (self->text_view);
  GtkTextIter s, e;

  gloss_document_view_get_range (self, start, end, &s, &e);
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

/* Where a highlight starts right where another of the same label ends ("Ankara"
 * "Istanbul" tagged apart, touching): the two would read as one span. Offsets of such
 * starts in [@start, @end), ascending; none when the view holds too many highlights
 * to look at per frame. */
GArray *
gloss_document_view_boundaries (GlossDocumentView *self,
                                gint64             start,
                                gint64             end)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  g_autoptr(GHashTable) ends = NULL;

  collect_intersecting (self, start, end + 1, list);
  if (list->len < 2 || list->len > 4000)
    return out;
  ends = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < list->len; i++)
    {
      const GlossAnnotation *a = list->pdata[i];

      g_hash_table_add (ends, g_strdup_printf ("%" G_GINT64_FORMAT ":%s", a->end, a->label_id));
    }
  for (guint i = 0; i < list->len; i++)
    {
      const GlossAnnotation *a = list->pdata[i];
      g_autofree char *key = NULL;

      if (a->start < start || a->start >= end)
        continue;
      key = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", a->start, a->label_id);
      if (g_hash_table_contains (ends, key))
        g_array_append_val (out, a->start);
    }
  g_array_sort (out, compare_offsets_asc);
  /* Two annotations may start at one boundary: one mark is enough. */
  for (guint i = 1; i < out->len;)
    if (g_array_index (out, gint64, i) == g_array_index (out, gint64, i - 1))
      g_array_remove_index (out, i);
    else
      i++;
  return out;
}

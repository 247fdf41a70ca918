/* gloss-document-view-selection.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the reader does with the text: the label popover and the picker where
 * highlights overlap, the selection (snapped to words), keys, clicks, hover and
 * tooltips, and find in the document.
 */
#define G_LOG_DOMAIN "gloss-document-view"

#include <glib/gi18n.h>

#include "gloss-codebook-names.h"
#include "gloss-document-view-private.h"

#define COUNT_CAP         1000

/* ------------------------------------------------------------------------- */
/* Popovers                                                                   */

static char *
dot_markup (const char *colour)
{
  GdkRGBA rgba;
  g_autofree char *hex = NULL;

  gloss_document_view_parse_colour (colour, 1.0, &rgba);
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
  g_signal_emit (self, gloss_document_view_signals[CREATE_ANNOTATION], 0, label_id, start, end);
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

void
gloss_document_view_rebuild_label_popover (GlossDocumentView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  for (guint i = 0; i < self->labels->len; i++)
    {
      const GlossLabel *label = g_ptr_array_index (self->labels, i);
      GtkWidget *button = gtk_button_new ();
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *dot = gtk_label_new (NULL);
      GtkWidget *name = gtk_label_new (gloss_codebook_name (label->name));
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
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, gloss_codebook_name (label->name), -1);
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

  gloss_document_view_get_range (self, start, end, &s, &e);
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

void
gloss_document_view_show_label_popover (GlossDocumentView *self,
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
  gloss_document_view_apply_selected_tag (self);
  g_signal_emit (self, gloss_document_view_signals[ANNOTATION_ACTIVATED], 0, id);
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
      const GlossLabel *label = gloss_document_view_find_label (self, a->label_id);
      const char *name = label ? gloss_codebook_name (label->name)
                                : (a->label_name ? gloss_codebook_name (a->label_name) : _("Unknown label"));
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

          gloss_document_view_get_range (self, a->start, a->end, &s, &e);
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

void
gloss_document_view_popover_closed_cb (GtkPopover        *popover,
                                       GlossDocumentView *self)
{
  /* Give the keyboard back to the text so shortcut keys keep working. */
  if (gtk_widget_get_mapped (self->text_view))
    gtk_widget_grab_focus (self->text_view);
}

/* ------------------------------------------------------------------------- */
/* Selection, keys and pointer                                                */

gboolean
gloss_document_view_get_selection_offsets (GlossDocumentView *self,
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

/* What a drag that starts or ends between words picks up and no span means: white
 * space, the separators that end a clause (", " "; " ": "), and dashes used as
 * punctuation. A span may still end on "." "?" "!" or a closing quote (a whole
 * sentence), and may start on an opening quote or a hyphen ("-5%"). */
static gboolean
is_edge_junk (gunichar c,
              gboolean at_start)
{
  if (g_unichar_isspace (c))
    return TRUE;
  switch (c)
    {
    case ',': case ';': case ':':
    case 0x2013: case 0x2014:            /* en and em dashes */
    case 0x3001: case 0xFF0C: case 0xFF1B: case 0xFF1A:   /* 、，；： */
      return TRUE;
    case '.': case '!': case '?': case 0x3002:            /* 。 */
      return at_start;
    default:
      return FALSE;
    }
}

/* Expands the selection to whole words, without crossing a line end, after trimming
 * white space and stray separators at both ends. */
void
gloss_document_view_snap_selection_to_words (GlossDocumentView *self)
{
  GtkTextIter s, e, t;

  if (!gtk_text_buffer_get_selection_bounds (self->buffer, &s, &e))
    return;

  while (gtk_text_iter_compare (&s, &e) < 0 && is_edge_junk (gtk_text_iter_get_char (&s), TRUE))
    gtk_text_iter_forward_char (&s);
  while (gtk_text_iter_compare (&s, &e) < 0)
    {
      t = e;
      gtk_text_iter_backward_char (&t);
      if (!is_edge_junk (gtk_text_iter_get_char (&t), FALSE))
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

/* The selected annotation's edges after Shift+Alt+@keyval: Right/Left move the end to
 * the next/previous word end, Up/Down the start to the previous/next word start. FALSE
 * when that edge cannot move (the text's edge, or the span would become empty). */
static gboolean
resized_span (GlossDocumentView     *self,
              const GlossAnnotation *a,
              guint                  keyval,
              gint64                *start,
              gint64                *end)
{
  GtkTextIter iter, prev;

  *start = a->start;
  *end = a->end;
  switch (keyval)
    {
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      gtk_text_buffer_get_iter_at_offset (self->buffer, &iter, (int) a->end);
      if (!gtk_text_iter_forward_word_end (&iter))
        return FALSE;
      *end = gtk_text_iter_get_offset (&iter);
      break;
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      /* The end of the word before the span's last word. */
      gtk_text_buffer_get_iter_at_offset (self->buffer, &iter, (int) a->end);
      if (!gtk_text_iter_backward_word_start (&iter))
        return FALSE;
      prev = iter;
      if (!gtk_text_iter_backward_word_start (&prev))
        return FALSE;
      gtk_text_iter_forward_word_end (&prev);
      *end = gtk_text_iter_get_offset (&prev);
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      gtk_text_buffer_get_iter_at_offset (self->buffer, &iter, (int) a->start);
      if (!gtk_text_iter_backward_word_start (&iter))
        return FALSE;
      *start = gtk_text_iter_get_offset (&iter);
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      /* The start of the word after the span's first word. */
      gtk_text_buffer_get_iter_at_offset (self->buffer, &iter, (int) a->start);
      if (!gtk_text_iter_forward_word_end (&iter) || !gtk_text_iter_forward_word_end (&iter))
        return FALSE;
      gtk_text_iter_backward_word_start (&iter);
      *start = gtk_text_iter_get_offset (&iter);
      break;
    default:
      return FALSE;
    }
  return *start < *end && (*start != a->start || *end != a->end);
}

gboolean
gloss_document_view_key_pressed_cb (GtkEventControllerKey *controller,
                                    guint                  keyval,
                                    guint                  keycode,
                                    GdkModifierType        state,
                                    GlossDocumentView     *self)
{
  GdkModifierType mods = state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK | GDK_META_MASK);
  gint64 start, end;

  /* Escape while an edge is being dragged: the span stays as it was. */
  if (self->edge_drag != GLOSS_DOCUMENT_VIEW_EDGE_NONE && keyval == GDK_KEY_Escape)
    {
      gloss_document_view_edge_drag_cancel (self);
      gtk_event_controller_reset (GTK_EVENT_CONTROLLER (self->edge_gesture));
      return TRUE;
    }

  /* Shift+Alt+arrows: move an edge of the selected annotation by a word. */
  if (mods == GDK_ALT_MASK && (state & GDK_SHIFT_MASK) != 0 && self->editable && self->selected_id != NULL)
    {
      const GlossAnnotation *a = g_hash_table_lookup (self->annotations, self->selected_id);

      switch (keyval)
        {
        case GDK_KEY_Left: case GDK_KEY_KP_Left: case GDK_KEY_Right: case GDK_KEY_KP_Right:
        case GDK_KEY_Up: case GDK_KEY_KP_Up: case GDK_KEY_Down: case GDK_KEY_KP_Down:
          if (a != NULL && resized_span (self, a, keyval, &start, &end))
            {
              g_autofree char *id = g_strdup (self->selected_id);

              g_signal_emit (self, gloss_document_view_signals[RESIZE_ANNOTATION], 0, id, start, end);
            }
          else
            gtk_widget_error_bell (GTK_WIDGET (self));
          /* Handled either way: the text view must not move the cursor instead. */
          return TRUE;
        default:
          break;
        }
    }
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

          g_signal_emit (self, gloss_document_view_signals[DELETE_ANNOTATION], 0, id);
          return TRUE;
        }
      return FALSE;

    case GDK_KEY_Escape:
      if (self->selected_id != NULL)
        {
          gloss_document_view_select_annotation (self, NULL, FALSE);
          return TRUE;
        }
      if (gloss_document_view_get_selection_offsets (self, &start, &end))
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

  if (self->editable && gloss_document_view_get_selection_offsets (self, &start, &end))
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
gboolean
gloss_document_view_popover_key_pressed_cb (GtkEventControllerKey *controller,
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
  covering = gloss_document_view_annotations_covering (self, offset);
  g_debug ("click at %.0f,%.0f: offset %" G_GINT64_FORMAT ", %u highlights", x, y, offset, covering->len);
  if (covering->len == 1)
    {
      const GlossAnnotation *a = g_ptr_array_index (covering, 0);
      g_autofree char *id = g_strdup (a->id);

      g_free (self->selected_id);
      self->selected_id = g_strdup (id);
      gloss_document_view_apply_selected_tag (self);
      g_signal_emit (self, gloss_document_view_signals[ANNOTATION_ACTIVATED], 0, id);
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

  if (gloss_document_view_get_selection_offsets (self, &start, &end))
    {
      if (self->snap_to_words)
        {
          gloss_document_view_snap_selection_to_words (self);
          if (!gloss_document_view_get_selection_offsets (self, &start, &end))
            return G_SOURCE_REMOVE;
        }
      gloss_document_view_show_label_popover (self, start, end);
    }
  else
    handle_click (self, x, y);

  return G_SOURCE_REMOVE;
}

/* Watches raw button events in the capture phase: the text view's own gestures still
 * get every event, we only learn when a mouse selection or a click has finished. */
gboolean
gloss_document_view_legacy_event_cb (GtkEventControllerLegacy *controller,
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
      /* The edge gesture, after us, says whether this press grabbed an edge. */
      self->edge_press = FALSE;
      self->press_x = x;
      self->press_y = y;
      return GDK_EVENT_PROPAGATE;
    }

  if (!self->pressed)
    return GDK_EVENT_PROPAGATE;
  self->pressed = FALSE;
  /* The release of an edge drag (or of one Escape cancelled) is neither a click nor
   * the end of a selection. */
  if (self->edge_press)
    {
      self->edge_press = FALSE;
      return GDK_EVENT_PROPAGATE;
    }
  if (self->release_source == 0)
    self->release_source = g_idle_add (release_idle_cb, self);
  return GDK_EVENT_PROPAGATE;
}

void
gloss_document_view_motion_cb (GtkEventControllerMotion *controller,
                               double                    x,
                               double                    y,
                               GlossDocumentView        *self)
{
  gint64 offset;
  gboolean over = FALSE;
  const char *cursor;

  if (offset_at_widget_point (self, x, y, &offset))
    {
      g_autoptr(GPtrArray) covering = gloss_document_view_annotations_covering (self, offset);
      over = covering->len > 0;
    }
  /* Over an edge of the selected highlight (or dragging one): it can be resized. */
  if (self->edge_drag != GLOSS_DOCUMENT_VIEW_EDGE_NONE ||
      gloss_document_view_edge_at (self, x, y) != GLOSS_DOCUMENT_VIEW_EDGE_NONE)
    cursor = "col-resize";
  else
    cursor = over ? "pointer" : "text";
  if (g_strcmp0 (cursor, self->cursor_name) == 0)
    return;
  self->cursor_name = cursor;
  gtk_widget_set_cursor_from_name (self->text_view, cursor);
}

gboolean
gloss_document_view_query_tooltip_cb (GtkWidget         *widget,
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

  covering = gloss_document_view_annotations_covering (self, offset);
  if (covering->len == 0)
    return FALSE;

  text = g_string_new (NULL);
  for (guint i = 0; i < covering->len && i < 6; i++)
    {
      const GlossAnnotation *a = g_ptr_array_index (covering, i);
      const GlossLabel *label = gloss_document_view_find_label (self, a->label_id);
      const char *name = label ? gloss_codebook_name (label->name)
                                : (a->label_name ? gloss_codebook_name (a->label_name) : _("Unknown label"));
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

void
gloss_document_view_search_step (GlossDocumentView *self,
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
  /* The cursor at the end, the anchor at the start: Shift+Ctrl+Right after the search
   * extends the match, as after selecting it by hand from left to right. */
  gtk_text_buffer_select_range (self->buffer, &me, &ms);
  gloss_document_view_scroll_to_range (self, gtk_text_iter_get_offset (&ms), gtk_text_iter_get_offset (&me));
  schedule_match_count (self);
}

void
gloss_document_view_search_changed_cb (GtkSearchEntry    *entry,
                                       GlossDocumentView *self)
{
  /* The first match at or after the cursor, so refining the query keeps the match. */
  gloss_document_view_search_step (self, TRUE, TRUE);
  if (*gtk_editable_get_text (GTK_EDITABLE (entry)) == '\0')
    {
      gtk_widget_remove_css_class (self->search_entry, "error");
      gtk_label_set_text (GTK_LABEL (self->match_label), "");
    }
}

void
gloss_document_view_search_next_cb (GlossDocumentView *self)
{
  gloss_document_view_search_step (self, TRUE, FALSE);
}

void
gloss_document_view_search_previous_cb (GlossDocumentView *self)
{
  gloss_document_view_search_step (self, FALSE, FALSE);
}

gboolean
gloss_document_view_entry_key_pressed_cb (GtkEventControllerKey *controller,
                                          guint                  keyval,
                                          guint                  keycode,
                                          GdkModifierType        state,
                                          GlossDocumentView     *self)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter) &&
      (state & GDK_SHIFT_MASK) != 0)
    {
      gloss_document_view_search_step (self, FALSE, FALSE);
      return TRUE;
    }
  return FALSE;
}

void
gloss_document_view_search_mode_cb (GtkSearchBar      *bar,
                                    GParamSpec        *pspec,
                                    GlossDocumentView *self)
{
  /* Closing the bar leaves the match selected and the keyboard in the text, so the next
   * shortcut key annotates the match. */
  if (!gtk_search_bar_get_search_mode (bar))
    gtk_widget_grab_focus (self->text_view);
}

void
gloss_document_view_stop_search_cb (GtkSearchEntry    *entry,
                                    GlossDocumentView *self)
{
  gtk_search_bar_set_search_mode (GTK_SEARCH_BAR (self->search_bar), FALSE);
  gtk_widget_grab_focus (self->text_view);
}

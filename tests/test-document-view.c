/* test-document-view.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GlossDocumentView as a user sees it: highlights in the text, what lies under a point,
 * shortcut keys creating annotations at code point offsets, selection and deletion,
 * the search bar, and the title scrolling with the text. Runs under Xvfb.
 */
#define G_LOG_DOMAIN "test-document-view"

#include <gtk/gtk.h>

#include "gloss-document-view.h"
#include "gloss-document-view-private.h"
#include "gloss-pages.h"
#include "gloss-model.h"

/* An emoji (outside the BMP: 2 UTF-16 units, 4 bytes, 1 code point), CJK and curly
 * quotes, so byte, UTF-16 and code point offsets all differ. */
static const char *TEXT =
  "Ships 🚢 reached the 港口 port at dawn. The ship’s “manifest” was late.\n"
  "\n"
  "Second paragraph, about cargo and the harbour master’s report.";

typedef struct
{
  GtkWidget         *window;
  GlossDocumentView *view;
  GtkTextView       *text_view;
  GtkTextBuffer     *buffer;
  gboolean           ready;
  guint              n_created;
  char              *created_label;
  gint64             created_start;
  gint64             created_end;
  char              *deleted_id;
  char              *activated_id;
  guint              n_resized;
  char              *resized_id;
  gint64             resized_start;
  gint64             resized_end;
} Fixture;

static gint64
offset_of (const char *needle)
{
  const char *p = strstr (TEXT, needle);

  g_assert_nonnull (p);
  return g_utf8_pointer_to_offset (TEXT, p);
}

static gint64
end_of (const char *needle)
{
  return offset_of (needle) + g_utf8_strlen (needle, -1);
}

static GlossLabel *
make_label (const char *id,
            const char *name,
            const char *colour,
            const char *shortcut)
{
  GlossLabel *l = g_new0 (GlossLabel, 1);

  l->id = g_strdup (id);
  l->name = g_strdup (name);
  l->colour = g_strdup (colour);
  l->shortcut = g_strdup (shortcut);
  l->kind = g_strdup (GLOSS_LABEL_KIND_TAG);
  return l;
}

static GlossAnnotation *
make_annotation (const char *id,
                 const char *label_id,
                 gint64      start,
                 gint64      end)
{
  GlossAnnotation *a = g_new0 (GlossAnnotation, 1);

  a->id = g_strdup (id);
  a->document_id = g_strdup ("doc-1");
  a->label_id = g_strdup (label_id);
  a->start = start;
  a->end = end;
  a->note = g_strdup ("A note");
  return a;
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found)
        return found;
    }
  return NULL;
}

static void
iterate (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }
}

static void
highlights_ready_cb (GlossDocumentView *view,
                     Fixture           *f)
{
  f->ready = TRUE;
}

static void
create_annotation_cb (GlossDocumentView *view,
                      const char        *label_id,
                      gint64             start,
                      gint64             end,
                      Fixture           *f)
{
  f->n_created++;
  g_free (f->created_label);
  f->created_label = g_strdup (label_id);
  f->created_start = start;
  f->created_end = end;
}

static void
delete_annotation_cb (GlossDocumentView *view,
                      const char        *id,
                      Fixture           *f)
{
  g_free (f->deleted_id);
  f->deleted_id = g_strdup (id);
}

static void
resize_annotation_cb (GlossDocumentView *view,
                      const char        *id,
                      gint64             start,
                      gint64             end,
                      Fixture           *f)
{
  f->n_resized++;
  g_free (f->resized_id);
  f->resized_id = g_strdup (id);
  f->resized_start = start;
  f->resized_end = end;
}

static void
wait_ready (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!f->ready && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (f->ready);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GlossDocument) doc = g_new0 (GlossDocument, 1);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_label_free);
  g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_annotation_free);

  doc->id = g_strdup ("doc-1");
  doc->title = g_strdup ("Harbour log");
  doc->text = g_strdup (TEXT);
  doc->length = g_utf8_strlen (TEXT, -1);

  g_ptr_array_add (labels, make_label ("l-place", "Place", "#33d17a", "1"));
  g_ptr_array_add (labels, make_label ("l-org", "Organisation", "#3584e4", "2"));
  g_ptr_array_add (labels, make_label ("l-risk", "Risk", "#e01b24", "r"));

  /* "港口" inside "港口 port": an overlap, innermost "港口". */
  g_ptr_array_add (annotations, make_annotation ("a-inner", "l-place", offset_of ("港口"), end_of ("港口")));
  g_ptr_array_add (annotations, make_annotation ("a-outer", "l-org", offset_of ("港口"), end_of ("港口 port")));
  g_ptr_array_add (annotations, make_annotation ("a-ship", "l-risk", offset_of ("ship’s"), end_of ("ship’s")));

  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 800, 600);
  f->view = GLOSS_DOCUMENT_VIEW (gloss_document_view_new ());
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->view));
  f->text_view = GTK_TEXT_VIEW (find_descendant (GTK_WIDGET (f->view), GTK_TYPE_TEXT_VIEW));
  g_assert_nonnull (f->text_view);
  f->buffer = gtk_text_view_get_buffer (f->text_view);

  g_signal_connect (f->view, "highlights-ready", G_CALLBACK (highlights_ready_cb), f);
  g_signal_connect (f->view, "create-annotation", G_CALLBACK (create_annotation_cb), f);
  g_signal_connect (f->view, "delete-annotation", G_CALLBACK (delete_annotation_cb), f);
  g_signal_connect (f->view, "resize-annotation", G_CALLBACK (resize_annotation_cb), f);

  gloss_document_view_set_labels (f->view, labels);
  gloss_document_view_set_document (f->view, doc);
  gloss_document_view_set_annotations (f->view, annotations);
  gtk_window_present (GTK_WINDOW (f->window));
  wait_ready (f);
  iterate (50);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  iterate (10);
  g_free (f->created_label);
  g_free (f->deleted_id);
  g_free (f->activated_id);
  g_free (f->resized_id);
}

static gboolean
has_highlight_at (Fixture *f,
                  gint64   offset)
{
  GtkTextIter iter;
  g_autoptr(GSList) tags = NULL;
  gboolean found = FALSE;

  gtk_text_buffer_get_iter_at_offset (f->buffer, &iter, (int) offset);
  tags = gtk_text_iter_get_tags (&iter);
  for (GSList *l = tags; l; l = l->next)
    {
      GdkRGBA *bg = NULL;
      gboolean set = FALSE;

      g_object_get (l->data, "background-set", &set, "background-rgba", &bg, NULL);
      if (set && bg && bg->alpha > 0.2 && bg->alpha < 0.5)
        found = TRUE;
      g_clear_pointer (&bg, gdk_rgba_free);
    }
  return found;
}

static gboolean
has_named_tag_at (Fixture    *f,
                  const char *name,
                  gint64      offset)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (f->buffer), name);
  GtkTextIter iter;

  g_assert_nonnull (tag);
  gtk_text_buffer_get_iter_at_offset (f->buffer, &iter, (int) offset);
  return gtk_text_iter_has_tag (&iter, tag);
}

static gboolean
send_key (Fixture         *f,
          guint            keyval,
          GdkModifierType  state)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->text_view));
  gboolean handled = FALSE;

  /* The view's key handler runs in the capture phase; emit its signal as GTK would. */
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (c) &&
          gtk_event_controller_get_propagation_phase (c) == GTK_PHASE_CAPTURE)
        {
          g_signal_emit_by_name (c, "key-pressed", keyval, 0, state, &handled);
          return handled;
        }
    }
  g_assert_not_reached ();
  return FALSE;
}

static void
test_text_and_offsets (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *text = NULL;
  GtkTextIter s, e;

  /* The buffer is exactly the document: the title is not in it. */
  gtk_text_buffer_get_bounds (f->buffer, &s, &e);
  text = gtk_text_buffer_get_text (f->buffer, &s, &e, TRUE);
  g_assert_cmpstr (text, ==, TEXT);
  g_assert_cmpint (gtk_text_buffer_get_char_count (f->buffer), ==, g_utf8_strlen (TEXT, -1));
  g_assert_cmpstr (gloss_document_view_get_document_id (f->view), ==, "doc-1");
  g_assert_false (gtk_text_view_get_editable (f->text_view));
  g_assert_true (gtk_text_view_get_cursor_visible (f->text_view));
}

static void
test_tags_per_label (Fixture       *f,
                     gconstpointer  data)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (f->buffer);
  int size_before = gtk_text_tag_table_get_size (table);
  g_autoptr(GPtrArray) many = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_annotation_free);
  gint64 length = g_utf8_strlen (TEXT, -1);
  const char *label_ids[] = { "l-place", "l-org", "l-risk" };

  g_assert_true (has_highlight_at (f, offset_of ("港口")));
  g_assert_true (has_highlight_at (f, offset_of ("ship’s") + 5));
  g_assert_false (has_highlight_at (f, offset_of ("dawn")));
  /* The overlap is marked; the single highlight next to it is not. */
  g_assert_true (has_named_tag_at (f, "gloss-overlap", offset_of ("港口")));
  g_assert_false (has_named_tag_at (f, "gloss-overlap", offset_of ("port")));

  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *id = g_strdup_printf ("bulk-%u", i);
      gint64 start = (i * 7) % (length - 10);

      g_ptr_array_add (many, make_annotation (id, label_ids[i % 3], start, start + 1 + i % 9));
    }
  f->ready = FALSE;
  gloss_document_view_set_annotations (f->view, many);
  /* Changes while the batches are still being applied must not be lost. */
  gloss_document_view_remove_annotation (f->view, "bulk-1");
  {
    g_autoptr(GlossAnnotation) extra = make_annotation ("extra", "l-risk", offset_of ("cargo"), end_of ("cargo"));

    gloss_document_view_add_annotation (f->view, extra);
  }
  wait_ready (f);
  {
    g_autoptr(GPtrArray) ids = gloss_document_view_annotations_at (f->view, 7);

    for (guint i = 0; i < ids->len; i++)
      g_assert_cmpstr (g_ptr_array_index (ids, i), !=, "bulk-1");
  }
  g_assert_true (has_highlight_at (f, offset_of ("cargo")));

  /* One tag per label plus a fixed few, never one per annotation. */
  g_assert_cmpint (gtk_text_tag_table_get_size (table), ==, size_before);
  g_assert_cmpint (gtk_text_tag_table_get_size (table), <=, 3 + 5);
  g_assert_true (has_highlight_at (f, 0));
}

static void
test_annotations_at (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) at_cjk = gloss_document_view_annotations_at (f->view, offset_of ("港口") + 1);
  g_autoptr(GPtrArray) at_port = gloss_document_view_annotations_at (f->view, offset_of ("port"));
  g_autoptr(GPtrArray) at_ship = gloss_document_view_annotations_at (f->view, offset_of ("ship’s"));
  g_autoptr(GPtrArray) before_ship = gloss_document_view_annotations_at (f->view, offset_of ("ship’s") - 1);
  g_autoptr(GPtrArray) at_end = gloss_document_view_annotations_at (f->view, end_of ("港口 port"));

  g_assert_cmpuint (at_cjk->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (at_cjk, 0), ==, "a-inner");
  g_assert_cmpstr (g_ptr_array_index (at_cjk, 1), ==, "a-outer");
  g_assert_cmpuint (at_port->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (at_port, 0), ==, "a-outer");
  /* After the emoji: code points, not bytes or UTF-16 units. */
  g_assert_cmpuint (at_ship->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (at_ship, 0), ==, "a-ship");
  g_assert_cmpuint (before_ship->len, ==, 0);
  /* Half-open ranges. */
  g_assert_cmpuint (at_end->len, ==, 0);
}

static void
test_shortcut_creates (Fixture       *f,
                       gconstpointer  data)
{
  gint64 start, end;

  /* No selection: the key is not ours. */
  gloss_document_view_set_selection (f->view, 3, 3);
  g_assert_false (gloss_document_view_get_selection (f->view, NULL, NULL));
  g_assert_false (send_key (f, GDK_KEY_1, 0));
  g_assert_cmpuint (f->n_created, ==, 0);

  gloss_document_view_set_selection (f->view, offset_of ("manifest"), end_of ("manifest"));
  g_assert_true (gloss_document_view_get_selection (f->view, &start, &end));
  g_assert_cmpint (start, ==, offset_of ("manifest"));
  g_assert_cmpint (end, ==, end_of ("manifest"));

  g_assert_true (send_key (f, GDK_KEY_2, 0));
  g_assert_cmpuint (f->n_created, ==, 1);
  g_assert_cmpstr (f->created_label, ==, "l-org");
  g_assert_cmpint (f->created_start, ==, offset_of ("manifest"));
  g_assert_cmpint (f->created_end, ==, end_of ("manifest"));

  /* A letter shortcut works with Shift too; Ctrl is left to the application. */
  g_assert_true (send_key (f, GDK_KEY_R, GDK_SHIFT_MASK));
  g_assert_cmpstr (f->created_label, ==, "l-risk");
  g_assert_false (send_key (f, GDK_KEY_r, GDK_CONTROL_MASK));
  g_assert_cmpuint (f->n_created, ==, 2);
  /* A key that is no label's shortcut. */
  g_assert_false (send_key (f, GDK_KEY_9, 0));
  g_assert_cmpuint (f->n_created, ==, 2);

  /* Read-only projects create nothing. */
  gloss_document_view_set_editable (f->view, FALSE);
  g_assert_false (send_key (f, GDK_KEY_1, 0));
  g_assert_cmpuint (f->n_created, ==, 2);
  gloss_document_view_set_editable (f->view, TRUE);
  g_assert_true (send_key (f, GDK_KEY_1, 0));
  g_assert_cmpuint (f->n_created, ==, 3);
  g_assert_cmpstr (f->created_label, ==, "l-place");

  /* Escape clears the selection. */
  g_assert_true (send_key (f, GDK_KEY_Escape, 0));
  g_assert_false (gloss_document_view_get_selection (f->view, NULL, NULL));
}

static void
assert_snaps (Fixture *f,
              gint64   start,
              gint64   end,
              gint64   want_start,
              gint64   want_end)
{
  gint64 s, e;

  gloss_document_view_set_selection (f->view, start, end);
  g_assert_true (gloss_document_view_snap_selection (f->view));
  g_assert_true (gloss_document_view_get_selection (f->view, &s, &e));
  g_assert_cmpint (s, ==, want_start);
  g_assert_cmpint (e, ==, want_end);
}

static void
test_snap_to_words (Fixture       *f,
                    gconstpointer  data)
{
  gint64 ship = offset_of ("ship’s");
  gint64 cargo = offset_of ("cargo");

  /* Mid-word on both ends grows to whole words. */
  assert_snaps (f, cargo + 2, cargo + 9, cargo, end_of ("cargo and"));
  /* The possessive stays whole, from either side of the apostrophe. */
  assert_snaps (f, ship + 1, ship + 3, ship, end_of ("ship’s"));
  assert_snaps (f, ship + 5, ship + 6, ship, end_of ("ship’s"));
  /* Quotes outside the word are left alone; white space at the ends is trimmed. */
  assert_snaps (f, offset_of ("manifest") + 2, offset_of ("manifest") + 4,
                offset_of ("manifest"), end_of ("manifest"));
  assert_snaps (f, offset_of (" was late"), end_of (" was"), offset_of ("was late"), end_of (" was"));
  /* A drag that starts on ". " or ends on ", " or a dash keeps only the words; a
   * sentence keeps its full stop. */
  assert_snaps (f, offset_of (". The ship"), end_of ("The ship"), offset_of ("The ship"), end_of ("The ship’s"));
  assert_snaps (f, offset_of ("port at"), end_of ("dawn. "), offset_of ("port at"), end_of ("dawn."));
  assert_snaps (f, offset_of (", about"), end_of ("about"), offset_of ("about"), end_of ("about"));
  assert_snaps (f, offset_of ("Second"), end_of ("Second paragraph, "), offset_of ("Second"), end_of ("Second paragraph"));
  /* CJK and emoji: code points. */
  assert_snaps (f, offset_of ("港口") + 1, offset_of ("港口") + 4, offset_of ("港口"), end_of ("港口 port"));
  /* Never across a line end. */
  assert_snaps (f, offset_of ("late."), offset_of ("Second") + 2,
                offset_of ("late."), end_of ("Second"));

  gloss_document_view_set_selection (f->view, 4, 4);
  g_assert_false (gloss_document_view_snap_selection (f->view));
}

static void
test_select_and_delete (Fixture       *f,
                        gconstpointer  data)
{
  gint64 ship = offset_of ("ship’s");

  /* Nothing selected: Delete is not ours. */
  g_assert_false (send_key (f, GDK_KEY_Delete, 0));
  g_assert_null (f->deleted_id);

  gloss_document_view_select_annotation (f->view, "a-ship", TRUE);
  g_assert_true (has_named_tag_at (f, "gloss-selected", ship));
  g_assert_false (has_named_tag_at (f, "gloss-selected", offset_of ("港口")));
  g_assert_true (has_named_tag_at (f, "gloss-flash", ship));
  iterate (800);
  g_assert_false (has_named_tag_at (f, "gloss-flash", ship));

  gloss_document_view_set_editable (f->view, FALSE);
  g_assert_false (send_key (f, GDK_KEY_Delete, 0));
  g_assert_null (f->deleted_id);
  gloss_document_view_set_editable (f->view, TRUE);
  g_assert_true (send_key (f, GDK_KEY_Delete, 0));
  g_assert_cmpstr (f->deleted_id, ==, "a-ship");

  /* The window performs the deletion and tells the view. */
  gloss_document_view_remove_annotation (f->view, "a-ship");
  g_assert_false (has_highlight_at (f, ship));
  g_assert_false (has_named_tag_at (f, "gloss-selected", ship));
  {
    g_autoptr(GPtrArray) ids = gloss_document_view_annotations_at (f->view, ship);
    g_assert_cmpuint (ids->len, ==, 0);
  }

  /* Removing the outer of two overlapping keeps the inner highlighted, drops the overlap. */
  gloss_document_view_remove_annotation (f->view, "a-outer");
  g_assert_true (has_highlight_at (f, offset_of ("港口")));
  g_assert_false (has_highlight_at (f, offset_of ("port")));
  g_assert_false (has_named_tag_at (f, "gloss-overlap", offset_of ("港口")));

  /* Adding one back and moving it with update. */
  {
    g_autoptr(GlossAnnotation) a = make_annotation ("a-new", "l-risk", offset_of ("dawn"), end_of ("dawn"));
    g_autoptr(GPtrArray) ids = NULL;

    gloss_document_view_add_annotation (f->view, a);
    g_assert_true (has_highlight_at (f, offset_of ("dawn")));
    g_clear_pointer (&a->label_id, g_free);
    a->label_id = g_strdup ("l-org");
    a->start = offset_of ("cargo");
    a->end = end_of ("cargo");
    gloss_document_view_update_annotation (f->view, a);
    g_assert_false (has_highlight_at (f, offset_of ("dawn")));
    g_assert_true (has_highlight_at (f, offset_of ("cargo")));
    ids = gloss_document_view_annotations_at (f->view, offset_of ("cargo") + 2);
    g_assert_cmpuint (ids->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, "a-new");
  }

  /* Clearing the selection. */
  gloss_document_view_select_annotation (f->view, "a-inner", FALSE);
  g_assert_true (has_named_tag_at (f, "gloss-selected", offset_of ("港口")));
  g_assert_true (send_key (f, GDK_KEY_Escape, 0));
  g_assert_false (has_named_tag_at (f, "gloss-selected", offset_of ("港口")));
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *entry = find_descendant (GTK_WIDGET (f->view), GTK_TYPE_SEARCH_ENTRY);
  GtkWidget *bar = find_descendant (GTK_WIDGET (f->view), GTK_TYPE_SEARCH_BAR);
  gint64 start = -1, end = -1;
  gint64 deadline;

  g_assert_nonnull (entry);
  gloss_document_view_set_selection (f->view, 0, 0);
  gloss_document_view_begin_search (f->view);
  iterate (50);
  g_assert_true (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (bar)));

  /* Case-insensitive, first match after the cursor, in code points. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "HARBOUR");
  deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  while (!gloss_document_view_get_selection (f->view, &start, &end) && g_get_monotonic_time () < deadline)
    iterate (10);
  g_assert_cmpint (start, ==, offset_of ("harbour"));
  g_assert_cmpint (end, ==, end_of ("harbour"));
  /* The cursor is at the match's end (the anchor at its start), so that
   * Shift+Ctrl+Right extends the match rather than shrinking it. */
  {
    GtkTextIter cursor;
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (f->text_view);

    gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
    g_assert_cmpint (gtk_text_iter_get_offset (&cursor), ==, end_of ("harbour"));
    g_signal_emit_by_name (f->text_view, "move-cursor", GTK_MOVEMENT_WORDS, 1, TRUE);
    g_assert_true (gloss_document_view_get_selection (f->view, &start, &end));
    g_assert_cmpint (start, ==, offset_of ("harbour"));
    g_assert_cmpint (end, >, end_of ("harbour"));
    gloss_document_view_set_selection (f->view, 0, 0);
  }

  /* Text after the emoji and CJK. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  iterate (50);
  gloss_document_view_set_selection (f->view, 0, 0);
  gtk_editable_set_text (GTK_EDITABLE (entry), "ship’s");
  deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  while (!gloss_document_view_get_selection (f->view, &start, &end) && g_get_monotonic_time () < deadline)
    iterate (10);
  g_assert_cmpint (start, ==, offset_of ("ship’s"));

  /* Next wraps around; previous wraps back. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  iterate (50);
  gloss_document_view_set_selection (f->view, 0, 0);
  gtk_editable_set_text (GTK_EDITABLE (entry), "the");
  deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  while (!gloss_document_view_get_selection (f->view, &start, &end) && g_get_monotonic_time () < deadline)
    iterate (10);
  g_assert_cmpint (start, ==, offset_of ("the 港口"));
  g_signal_emit_by_name (entry, "next-match");
  g_assert_true (gloss_document_view_get_selection (f->view, &start, &end));
  g_assert_cmpint (start, ==, offset_of ("The ship"));
  g_signal_emit_by_name (entry, "next-match");
  g_assert_true (gloss_document_view_get_selection (f->view, &start, &end));
  g_assert_cmpint (start, ==, offset_of ("the harbour"));
  g_signal_emit_by_name (entry, "next-match");
  g_assert_true (gloss_document_view_get_selection (f->view, &start, &end));
  g_assert_cmpint (start, ==, offset_of ("the 港口"));
  g_signal_emit_by_name (entry, "previous-match");
  g_assert_true (gloss_document_view_get_selection (f->view, &start, &end));
  g_assert_cmpint (start, ==, offset_of ("the harbour"));
  iterate (400);
  {
    GtkWidget *count = gtk_widget_get_next_sibling (entry);

    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, "3 of 3");
  }

  /* Escape (the entry's stop-search) closes the bar, keeps the match selected and puts
   * the keyboard in the text, where a shortcut key annotates the match. */
  g_signal_emit_by_name (entry, "stop-search");
  iterate (100);
  g_assert_false (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (bar)));
  g_assert_true (gloss_document_view_get_selection (f->view, &start, &end));
  g_assert_cmpint (start, ==, offset_of ("the harbour"));
  g_assert_cmpint (end, ==, offset_of ("the harbour") + 3);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (f->window)) == GTK_WIDGET (f->text_view));
  g_assert_true (send_key (f, GDK_KEY_1, 0));
  g_assert_cmpstr (f->created_label, ==, "l-place");
  g_assert_cmpint (f->created_start, ==, offset_of ("the harbour"));
  g_assert_cmpint (f->created_end, ==, offset_of ("the harbour") + 3);

  /* Ctrl+F's action opens it again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "document.search", NULL));
  g_assert_true (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (bar)));
}

/* The document title is drawn in the text view's top margin and must scroll with it:
 * after a programmatic scroll (an annotation picked in the list, a search match) it
 * must not stay behind, drawn over the text. */

static GtkWidget *
find_title (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "gloss-document-title"))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_title (child);

      if (found)
        return found;
    }
  return NULL;
}

/* Where the title label is drawn, in text view coordinates. */
static void
title_bounds (Fixture         *f,
              graphene_rect_t *bounds)
{
  GtkWidget *title = find_title (GTK_WIDGET (f->view));

  g_assert_nonnull (title);
  g_assert_true (gtk_widget_get_mapped (title));
  g_assert_true (gtk_widget_compute_bounds (title, GTK_WIDGET (f->text_view), bounds));
  g_assert_cmpfloat (bounds->size.height, >, 10);
}

/* The top of the first line of text, in text view (widget) coordinates. */
static int
first_line_y (Fixture *f)
{
  GtkTextIter start;
  GdkRectangle rect;
  int x, y;

  gtk_text_buffer_get_start_iter (f->buffer, &start);
  gtk_text_view_get_iter_location (f->text_view, &start, &rect);
  gtk_text_view_buffer_to_window_coords (f->text_view, GTK_TEXT_WINDOW_WIDGET, rect.x, rect.y, &x, &y);
  return y;
}

/* Checks the title sits in the top margin, right above the first line, wherever the
 * view is scrolled to, and returns its bottom edge. */
static double
assert_title_in_margin (Fixture    *f,
                        const char *where)
{
  graphene_rect_t b;
  int top = first_line_y (f);
  double bottom;

  title_bounds (f, &b);
  bottom = b.origin.y + b.size.height;
  g_test_message ("%s: first line at y=%d, title at y=%.0f..%.0f", where, top, b.origin.y, bottom);
  g_assert_cmpfloat (bottom, <=, top);
  g_assert_cmpfloat (bottom, >=, top - 40);
  return bottom;
}

/* Waits until the view has stopped scrolling (scroll_to_mark waits for the layout) and
 * every pending frame is drawn. */
static void
settle (Fixture *f)
{
  GtkAdjustment *vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (f->text_view));
  double value = -1;
  guint stable = 0;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (stable < 5 && g_get_monotonic_time () < deadline)
    {
      iterate (20);
      if (gtk_adjustment_get_value (vadj) == value)
        stable++;
      else
        stable = 0;
      value = gtk_adjustment_get_value (vadj);
    }
}

static void
test_title_scrolls (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GlossDocument) doc = g_new0 (GlossDocument, 1);
  g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_annotation_free);
  g_autoptr(GString) text = g_string_new (NULL);
  GtkAdjustment *vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (f->text_view));
  GtkWidget *entry = find_descendant (GTK_WIDGET (f->view), GTK_TYPE_SEARCH_ENTRY);
  int view_height = gtk_widget_get_height (GTK_WIDGET (f->text_view));
  gint64 end_start, middle_start, start = -1, end = -1;
  gint64 deadline;
  double bottom;

  /* Sixty paragraphs of about 600 characters: many screens at 800×600. */
  for (guint i = 0; i < 60; i++)
    {
      g_string_append_printf (text, "Paragraph %u. ", i);
      for (guint j = 0; j < 10; j++)
        g_string_append (text, "The harbour master logged the cargo before the tide turned. ");
      g_string_append (text, "\n\n");
    }
  middle_start = g_utf8_strlen (text->str, -1) / 2;
  g_string_append (text, "Closing remarks on food inflation.");
  end_start = g_utf8_strlen (text->str, -1) - (gint64) strlen ("food inflation.");

  doc->id = g_strdup ("doc-long");
  doc->title = g_strdup ("A long report on the harbour");
  doc->text = g_strdup (text->str);
  doc->length = g_utf8_strlen (text->str, -1);
  g_ptr_array_add (annotations, make_annotation ("a-end", "l-risk", end_start, end_start + 14));
  g_ptr_array_add (annotations, make_annotation ("a-middle", "l-org", middle_start, middle_start + 5));
  g_ptr_array_add (annotations, make_annotation ("a-top", "l-place", 0, 9));

  f->ready = FALSE;
  gloss_document_view_set_document (f->view, doc);
  gloss_document_view_set_annotations (f->view, annotations);
  wait_ready (f);
  settle (f);
  g_assert_cmpint (view_height, >, 200);

  /* At the top: the title is on screen, above the first line. */
  bottom = assert_title_in_margin (f, "top");
  g_assert_cmpfloat (bottom, >, 0);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), ==, 0);

  /* An annotation at the very end, picked from the list: the view scrolls by many
   * screens and the title goes off the top with the margin. */
  gloss_document_view_select_annotation (f->view, "a-end", FALSE);
  settle (f);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), >, 10 * view_height);
  bottom = assert_title_in_margin (f, "end");
  g_assert_cmpfloat (bottom, <=, 0);

  /* To the middle, then back to the top. */
  gloss_document_view_select_annotation (f->view, "a-middle", TRUE);
  settle (f);
  bottom = assert_title_in_margin (f, "middle");
  g_assert_cmpfloat (bottom, <=, 0);
  gloss_document_view_select_annotation (f->view, "a-top", FALSE);
  settle (f);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), <, view_height);
  bottom = assert_title_in_margin (f, "back at the top");
  g_assert_cmpfloat (bottom, >, 0);

  /* Marking an annotation (no scroll) and a search match at the end. */
  gloss_document_view_mark_annotation (f->view, "a-end");
  settle (f);
  assert_title_in_margin (f, "marked");
  gloss_document_view_begin_search (f->view);
  gtk_editable_set_text (GTK_EDITABLE (entry), "food inflation");
  deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  while (!gloss_document_view_get_selection (f->view, &start, &end) && g_get_monotonic_time () < deadline)
    iterate (10);
  g_assert_cmpint (start, ==, end_start);
  g_signal_emit_by_name (entry, "stop-search");
  settle (f);
  bottom = assert_title_in_margin (f, "search match");
  g_assert_cmpfloat (bottom, <=, 0);

  /* A new document starts at the top with its own title on screen. */
  gloss_document_view_set_document (f->view, doc);
  settle (f);
  bottom = assert_title_in_margin (f, "reloaded");
  g_assert_cmpfloat (bottom, >, 0);
}

static void
test_clear_document (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = NULL;

  gloss_document_view_set_document (f->view, NULL);
  g_assert_null (gloss_document_view_get_document_id (f->view));
  g_assert_cmpint (gtk_text_buffer_get_char_count (f->buffer), ==, 0);
  ids = gloss_document_view_annotations_at (f->view, 2);
  g_assert_cmpuint (ids->len, ==, 0);
}


/* A PDF's pages: marked where each starts, OCR's unsure text underlined; a new
 * document clears both. */
static void
test_pages_and_confidence (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GArray) pages = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (GlossConfidenceSpan));
  gint64 second = offset_of ("dawn");
  GlossConfidenceSpan unsure = { 0, 4, 41.5 }, sure = { second, second + 4, 96.0 };
  gint64 zero = 0;

  g_array_append_val (pages, zero);
  g_array_append_val (pages, second);
  gloss_document_view_set_pages (f->view, pages);
  g_assert_cmpuint (gloss_document_view_get_page_at (f->view, 0), ==, 1);
  g_assert_cmpuint (gloss_document_view_get_page_at (f->view, second - 1), ==, 1);
  g_assert_cmpuint (gloss_document_view_get_page_at (f->view, second), ==, 2);

  g_array_append_val (spans, unsure);
  g_array_append_val (spans, sure);
  gloss_document_view_set_confidence (f->view, spans);
  g_assert_true (has_named_tag_at (f, "gloss-low-confidence", 0));
  g_assert_true (has_named_tag_at (f, "gloss-low-confidence", 3));
  g_assert_false (has_named_tag_at (f, "gloss-low-confidence", 4));
  g_assert_false (has_named_tag_at (f, "gloss-low-confidence", second));
  /* Drawn with the marks, whatever the scroll. */
  settle (f);

  gloss_document_view_set_document (f->view, NULL);
  g_assert_cmpuint (gloss_document_view_get_page_at (f->view, second), ==, 0);
  gloss_document_view_set_confidence (f->view, NULL);
}

/* Issue 15: two highlights of one label that touch are told apart by a gap drawn at
 * their boundary; touching highlights of different labels need none. */
static void
test_adjacent_boundaries (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_annotation_free);
  g_autoptr(GArray) marks = NULL;
  gint64 length = g_utf8_strlen (TEXT, -1);

  g_ptr_array_add (annotations, make_annotation ("a-1", "l-place", offset_of ("reached"), end_of ("reached")));
  g_ptr_array_add (annotations, make_annotation ("a-2", "l-place", end_of ("reached"), end_of ("reached the")));
  g_ptr_array_add (annotations, make_annotation ("a-3", "l-org", end_of ("reached the"), end_of ("reached the 港口")));
  f->ready = FALSE;
  gloss_document_view_set_annotations (f->view, annotations);
  wait_ready (f);
  marks = gloss_document_view_get_boundaries (f->view, 0, length);
  g_assert_cmpuint (marks->len, ==, 1);
  g_assert_cmpint (g_array_index (marks, gint64, 0), ==, end_of ("reached"));
  g_clear_pointer (&marks, g_array_unref);
  /* Outside the range asked for: nothing. */
  marks = gloss_document_view_get_boundaries (f->view, end_of ("reached") + 1, length);
  g_assert_cmpuint (marks->len, ==, 0);
  /* Drawn with the text. */
  settle (f);
}

/* A point on the left half of the character at @offset, in text view coordinates. */
static void
point_at_offset (Fixture *f,
                 gint64   offset,
                 double  *x,
                 double  *y)
{
  GtkTextIter iter;
  GdkRectangle rect;
  int wx, wy;

  gtk_text_buffer_get_iter_at_offset (f->buffer, &iter, (int) offset);
  gtk_text_view_get_iter_location (f->text_view, &iter, &rect);
  gtk_text_view_buffer_to_window_coords (f->text_view, GTK_TEXT_WINDOW_WIDGET,
                                         rect.x + 1, rect.y + rect.height / 2, &wx, &wy);
  *x = wx;
  *y = wy;
}

static GtkEventController *
edge_gesture (Fixture *f)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->text_view));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_DRAG (c) && g_strcmp0 (gtk_event_controller_get_name (c), "gloss-edge-drag") == 0)
        return c;   /* the widget keeps it */
    }
  g_assert_not_reached ();
  return NULL;
}

/* Issue 15: the selected highlight's edges are grabbed with the mouse (a few pixels
 * either side), dragged to word boundaries (characters with Alt) with a live preview,
 * and the release reports one resize; Escape cancels; a span never becomes empty; a
 * press elsewhere is left to the text view's own selection. */
static void
test_drag_edges (Fixture       *f,
                 gconstpointer  data)
{
  GtkEventController *gesture = edge_gesture (f);
  gint64 ship = offset_of ("ship’s"), ship_end = end_of ("ship’s");
  gint64 start, end;
  double sx, sy, ex, ey, x, y;

  /* Nothing selected: no edges. */
  g_assert_false (gloss_document_view_get_edge_point (f->view, GLOSS_DOCUMENT_VIEW_EDGE_END, &ex, &ey));
  gloss_document_view_select_annotation (f->view, "a-ship", FALSE);
  settle (f);

  /* Hit test: each edge and a few pixels around it; not the middle, not far away. */
  g_assert_true (gloss_document_view_get_edge_point (f->view, GLOSS_DOCUMENT_VIEW_EDGE_START, &sx, &sy));
  g_assert_true (gloss_document_view_get_edge_point (f->view, GLOSS_DOCUMENT_VIEW_EDGE_END, &ex, &ey));
  g_assert_cmpfloat (sx, <, ex);
  g_assert_cmpint (gloss_document_view_edge_at (f->view, sx, sy), ==, GLOSS_DOCUMENT_VIEW_EDGE_START);
  g_assert_cmpint (gloss_document_view_edge_at (f->view, sx - 3, sy), ==, GLOSS_DOCUMENT_VIEW_EDGE_START);
  g_assert_cmpint (gloss_document_view_edge_at (f->view, ex, ey), ==, GLOSS_DOCUMENT_VIEW_EDGE_END);
  g_assert_cmpint (gloss_document_view_edge_at (f->view, ex + 3, ey), ==, GLOSS_DOCUMENT_VIEW_EDGE_END);
  g_assert_cmpint (gloss_document_view_edge_at (f->view, (sx + ex) / 2, sy), ==, GLOSS_DOCUMENT_VIEW_EDGE_NONE);
  g_assert_cmpint (gloss_document_view_edge_at (f->view, ex + 30, ey), ==, GLOSS_DOCUMENT_VIEW_EDGE_NONE);
  g_assert_cmpint (gloss_document_view_edge_at (f->view, ex, ey + 60), ==, GLOSS_DOCUMENT_VIEW_EDGE_NONE);

  /* The gesture: a press on the end, a move into the middle of "manifest", snapped to
   * its end and previewed; the release reports it once and the view shows the span
   * it holds until the window says otherwise. */
  g_signal_emit_by_name (gesture, "drag-begin", ex, ey);
  g_assert_true (gloss_document_view_get_edge_drag (f->view, &start, &end));
  point_at_offset (f, offset_of ("manifest") + 3, &x, &y);
  g_signal_emit_by_name (gesture, "drag-update", x - ex, y - ey);
  g_assert_true (gloss_document_view_get_edge_drag (f->view, &start, &end));
  g_assert_cmpint (start, ==, ship);
  g_assert_cmpint (end, ==, end_of ("manifest"));
  g_assert_true (has_named_tag_at (f, "gloss-selected", offset_of ("manifest")));
  g_assert_cmpuint (f->n_resized, ==, 0);
  g_signal_emit_by_name (gesture, "drag-end", x - ex, y - ey);
  g_assert_false (gloss_document_view_get_edge_drag (f->view, &start, &end));
  g_assert_cmpuint (f->n_resized, ==, 1);
  g_assert_cmpstr (f->resized_id, ==, "a-ship");
  g_assert_cmpint (f->resized_start, ==, ship);
  g_assert_cmpint (f->resized_end, ==, end_of ("manifest"));
  g_assert_false (has_named_tag_at (f, "gloss-selected", offset_of ("manifest")));
  g_assert_true (has_named_tag_at (f, "gloss-selected", ship));

  /* The start, by character (Alt): exactly where the pointer is, inside "ship". */
  g_assert_true (gloss_document_view_edge_drag_begin (f->view, sx, sy));
  point_at_offset (f, ship + 2, &x, &y);
  gloss_document_view_edge_drag_update (f->view, x, y, TRUE);
  g_assert_true (gloss_document_view_get_edge_drag (f->view, &start, &end));
  g_assert_cmpint (start, ==, ship + 2);
  g_assert_cmpint (end, ==, ship_end);
  /* Without Alt the same place snaps back to the word's start. */
  gloss_document_view_edge_drag_update (f->view, x, y, FALSE);
  g_assert_true (gloss_document_view_get_edge_drag (f->view, &start, &end));
  g_assert_cmpint (start, ==, ship);
  /* Past the other edge: refused, the edge stays where it last was. */
  gloss_document_view_edge_drag_update (f->view, x, y, TRUE);
  point_at_offset (f, offset_of ("late"), &x, &y);
  gloss_document_view_edge_drag_update (f->view, x, y, FALSE);
  g_assert_true (gloss_document_view_get_edge_drag (f->view, &start, &end));
  g_assert_cmpint (start, ==, ship + 2);
  g_assert_cmpint (end, ==, ship_end);
  g_assert_false (has_named_tag_at (f, "gloss-selected", ship));
  /* Escape: nothing reported, the span as it was. */
  g_assert_true (send_key (f, GDK_KEY_Escape, 0));
  g_assert_false (gloss_document_view_get_edge_drag (f->view, &start, &end));
  g_assert_cmpuint (f->n_resized, ==, 1);
  g_assert_true (has_named_tag_at (f, "gloss-selected", ship));
  g_assert_false (gloss_document_view_edge_drag_end (f->view));
  g_assert_cmpuint (f->n_resized, ==, 1);
  /* The annotation is still selected after the drag's Escape. */
  g_assert_cmpint (gloss_document_view_edge_at (f->view, ex, ey), ==, GLOSS_DOCUMENT_VIEW_EDGE_END);

  /* A press that is on no edge does not start a drag: the text view selects. */
  point_at_offset (f, offset_of ("cargo"), &x, &y);
  g_signal_emit_by_name (gesture, "drag-begin", x, y);
  g_assert_false (gloss_document_view_get_edge_drag (f->view, &start, &end));
  g_signal_emit_by_name (gesture, "drag-end", 10.0, 0.0);
  g_assert_cmpuint (f->n_resized, ==, 1);

  /* A release without a move changes nothing. */
  g_assert_true (gloss_document_view_edge_drag_begin (f->view, ex, ey));
  g_assert_false (gloss_document_view_edge_drag_end (f->view));
  g_assert_cmpuint (f->n_resized, ==, 1);

  /* Read only: no edges. */
  gloss_document_view_set_editable (f->view, FALSE);
  g_assert_cmpint (gloss_document_view_edge_at (f->view, ex, ey), ==, GLOSS_DOCUMENT_VIEW_EDGE_NONE);
  g_assert_false (gloss_document_view_edge_drag_begin (f->view, ex, ey));
}


/* Adding, removing and changing highlights one at a time, in random order, keeps the
 * view's interval index equal to a rebuild from scratch, and hit testing equal to a
 * plain scan of what was added. Some annotators are hidden: they stay out of it. */
static void
test_index_incremental (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (14);
  g_autoptr(GHashTable) model = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                      (GDestroyNotify) gloss_annotation_free);
  const char *labels[] = { "l-place", "l-org", "l-risk" };
  const char *annotators[] = { "ana", "bob", NULL };
  const char *hidden[] = { "bob", NULL };
  gint64 length = g_utf8_strlen (TEXT, -1);

  gloss_document_view_set_annotations (f->view, NULL);
  gloss_document_view_set_hidden_annotators (f->view, hidden);
  /* Build the (empty) index, so that what follows is all incremental. */
  g_ptr_array_unref (gloss_document_view_annotations_at (f->view, 0));
  g_assert_false (f->view->index_dirty);
  g_assert_true (gloss_document_view_check_index (f->view));

  for (guint step = 0; step < 1500; step++)
    {
      g_autofree char *id = g_strdup_printf ("a-%02d", g_rand_int_range (rand, 0, 80));
      GlossAnnotation *old = g_hash_table_lookup (model, id);
      int what = g_rand_int_range (rand, 0, 4);
      gint64 offset = g_rand_int_range (rand, 0, (gint32) length);
      g_autoptr(GPtrArray) at = NULL;
      guint expected = 0;
      GHashTableIter iter;
      gpointer value;

      if (old != NULL && what == 0)
        {
          gloss_document_view_remove_annotation (f->view, id);
          g_hash_table_remove (model, id);
        }
      else
        {
          /* Short spans in a narrow stretch, so that many overlap, nest and share starts. */
          gint64 start = g_rand_int_range (rand, 0, 40);
          GlossAnnotation *a = make_annotation (id, labels[g_rand_int_range (rand, 0, 3)],
                                                start, start + g_rand_int_range (rand, 1, 12));

          a->annotator = g_strdup (annotators[g_rand_int_range (rand, 0, 3)]);
          if (old != NULL && what == 1)
            {
              /* Only the note changes (the view's no-redraw path), maybe the annotator. */
              a->start = old->start;
              a->end = old->end;
              g_free (a->label_id);
              a->label_id = g_strdup (old->label_id);
              g_free (a->note);
              a->note = g_strdup_printf ("note %u", step);
            }
          if (old != NULL)
            gloss_document_view_update_annotation (f->view, a);
          else
            gloss_document_view_add_annotation (f->view, a);
          g_hash_table_replace (model, a->id, a);
        }
      g_assert_false (f->view->index_dirty);
      g_assert_true (gloss_document_view_check_index (f->view));

      at = gloss_document_view_annotations_at (f->view, offset);
      g_hash_table_iter_init (&iter, model);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          const GlossAnnotation *a = value;

          if (a->start <= offset && offset < a->end && g_strcmp0 (a->annotator, "bob") != 0)
            {
              expected++;
              g_assert_true (g_ptr_array_find_with_equal_func (at, a->id, g_str_equal, NULL));
            }
        }
      g_assert_cmpuint (at->len, ==, expected);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add ("/app/document-view/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("text-and-offsets", test_text_and_offsets);
  ADD ("tags-per-label", test_tags_per_label);
  ADD ("annotations-at", test_annotations_at);
  ADD ("shortcut-creates", test_shortcut_creates);
  ADD ("snap-to-words", test_snap_to_words);
  ADD ("select-and-delete", test_select_and_delete);
  ADD ("search", test_search);
  ADD ("clear-document", test_clear_document);
  ADD ("title-scrolls", test_title_scrolls);
  ADD ("pages-and-confidence", test_pages_and_confidence);
  ADD ("adjacent-boundaries", test_adjacent_boundaries);
  ADD ("drag-edges", test_drag_edges);
  ADD ("index-incremental", test_index_incremental);
#undef ADD

  return g_test_run ();
}

/* bench-view.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Measures GlossDocumentView under a real display (Xvfb in CI): showing a ~2 MB article
 * with 20,000 highlights, adding one highlight until it is painted, and peak memory.
 * The add is measured against a baseline in the same run: a bare GtkTextView with the
 * same text and the same highlights (one tag per label) applying one more tag, runs
 * alternating between the two. `--megabytes=10 --annotations=100000` is issue 14's
 * row. Not a test: it prints figures. `bench-view --demo [--dark]` instead shows a small
 * article for screenshots; `--demo-popover` also opens the label popover.
 */
#define G_LOG_DOMAIN "bench-view"

#include <gtk/gtk.h>

#include "gloss-document-view.h"
#include "gloss-model.h"

#define N_ANNOTATIONS   20000
#define TARGET_MB       2
#define N_ADDS          21

static const char *words[] = {
  "the", "harbour", "authority", "reported", "that", "shipments", "of", "grain", "were",
  "delayed", "by", "weeks", "after", "the", "storm", "café", "owners", "said", "naïve",
  "estimates", "港口", "officials", "ship’s", "manifest", "listed", "containers", "🚢",
  "according", "to", "a", "statement", "issued", "on", "Tuesday", "Zürich", "insurers",
  "disputed", "claims", "and", "the", "minister", "promised", "an", "inquiry", "into",
  "“unacceptable”", "failures", "at", "the", "port", "while", "dockworkers", "struck",
};

static const struct { const char *id, *name, *colour, *shortcut; } label_defs[] = {
  { "l-person", "Person", "#3584e4", "1" },
  { "l-place", "Place", "#33d17a", "2" },
  { "l-org", "Organisation", "#f6d32d", "3" },
  { "l-claim", "Claim", "#ff7800", "4" },
  { "l-risk", "Risk", "#e01b24", "5" },
};

static GPtrArray *
make_labels (void)
{
  GPtrArray *labels = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_label_free);

  for (guint i = 0; i < G_N_ELEMENTS (label_defs); i++)
    {
      GlossLabel *l = g_new0 (GlossLabel, 1);

      l->id = g_strdup (label_defs[i].id);
      l->name = g_strdup (label_defs[i].name);
      l->colour = g_strdup (label_defs[i].colour);
      l->shortcut = g_strdup (label_defs[i].shortcut);
      l->kind = g_strdup (GLOSS_LABEL_KIND_TAG);
      l->position = i;
      g_ptr_array_add (labels, l);
    }
  return labels;
}

/* Paragraphs of about 600 characters separated by blank lines. */
static GlossDocument *
make_document (GRand *rand,
               gsize  target_bytes,
               const char *title)
{
  GlossDocument *doc = g_new0 (GlossDocument, 1);
  GString *text = g_string_new (NULL);

  while (text->len < target_bytes)
    {
      gsize para_start = text->len;
      gboolean sentence_start = TRUE;

      while (text->len - para_start < 600)
        {
          const char *w = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];

          if (sentence_start)
            {
              gunichar c = g_unichar_toupper (g_utf8_get_char (w));

              g_string_append_unichar (text, c);
              g_string_append (text, g_utf8_next_char (w));
              sentence_start = FALSE;
            }
          else
            g_string_append (text, w);

          if (g_rand_int_range (rand, 0, 12) == 0)
            {
              g_string_append (text, ". ");
              sentence_start = TRUE;
            }
          else
            g_string_append_c (text, ' ');
        }
      g_string_truncate (text, text->len - 1);
      g_string_append (text, ".\n\n");
    }

  doc->id = g_strdup ("doc-bench");
  doc->title = g_strdup (title);
  doc->length = g_utf8_strlen (text->str, -1);
  doc->text = g_string_free (text, FALSE);
  return doc;
}

static GPtrArray *
make_annotations (GRand  *rand,
                  gint64  length,
                  guint   n)
{
  GPtrArray *annotations = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_annotation_free);

  for (guint i = 0; i < n; i++)
    {
      GlossAnnotation *a = g_new0 (GlossAnnotation, 1);
      gint64 len = g_rand_int_range (rand, 4, 60);

      a->id = g_strdup_printf ("a-%06u", i);
      a->document_id = g_strdup ("doc-bench");
      a->label_id = g_strdup (label_defs[g_rand_int_range (rand, 0, G_N_ELEMENTS (label_defs))].id);
      a->start = (gint64) (g_rand_double (rand) * (double) (length - len - 1));
      a->end = a->start + len;
      if (i % 7 == 0)
        a->note = g_strdup ("Check this against the port authority’s own figures.");
      g_ptr_array_add (annotations, a);
    }
  return annotations;
}

static gboolean ready;
static gboolean painted;

static void
highlights_ready_cb (GlossDocumentView *view,
                     gpointer           user_data)
{
  ready = TRUE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  painted = TRUE;
}

static void
wait_for_paint (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gulong id;

  painted = FALSE;
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  gtk_widget_queue_draw (window);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
}

static long
vm_hwm_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line ? strtol (line + 6, NULL, 10) : -1;
}

static double
ms_since (gint64 t0)
{
  return (g_get_monotonic_time () - t0) / 1000.0;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static void
demo_activated_cb (GlossDocumentView *view,
                   const char        *id,
                   gpointer           user_data)
{
  g_printerr ("annotation-activated %s\n", id);
}

static void
demo_create_cb (GlossDocumentView *view,
                const char        *label_id,
                gint64             start,
                gint64             end,
                gpointer           user_data)
{
  g_printerr ("create-annotation %s [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")\n", label_id, start, end);
}

static int
run_demo (gboolean popover)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GlossDocument) doc = make_document (rand, 6000, "Storm delays grain shipments at the harbour 🚢");
  g_autoptr(GPtrArray) labels = make_labels ();
  g_autoptr(GPtrArray) annotations = make_annotations (rand, MIN (doc->length, 2500), 40);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = gloss_document_view_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_window_set_title (GTK_WINDOW (window), "Gloss reading view");
  gtk_window_set_child (GTK_WINDOW (window), view);
  g_signal_connect (view, "annotation-activated", G_CALLBACK (demo_activated_cb), NULL);
  g_signal_connect (view, "create-annotation", G_CALLBACK (demo_create_cb), NULL);
  gloss_document_view_set_labels (GLOSS_DOCUMENT_VIEW (view), labels);
  gloss_document_view_set_document (GLOSS_DOCUMENT_VIEW (view), doc);
  gloss_document_view_set_annotations (GLOSS_DOCUMENT_VIEW (view), annotations);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_grab_focus (view);
  if (popover)
    gloss_document_view_select_annotation (GLOSS_DOCUMENT_VIEW (view), "a-000003", FALSE);
  if (popover)
    {
      for (int i = 0; i < 50; i++)
        g_main_context_iteration (NULL, FALSE);
      g_usleep (300000);
      for (int i = 0; i < 50; i++)
        g_main_context_iteration (NULL, FALSE);
      gloss_document_view_set_selection (GLOSS_DOCUMENT_VIEW (view), 120, 140);
      gtk_widget_activate_action (view, "document.show-labels", NULL);
    }
  while (g_list_model_get_n_items (gtk_window_get_toplevels ()) > 0)
    g_main_context_iteration (NULL, TRUE);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GlossDocument) doc = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(GlossDocument) empty = g_new0 (GlossDocument, 1);
  GtkWidget *window, *view;
  gint64 t0;
  double t_shown, t_ready, t_query_us, t_search;
  double add_ms[N_ADDS], base_ms[N_ADDS];
  long hwm_before;
  int n_annotations = N_ANNOTATIONS, megabytes = TARGET_MB;
  GtkWidget *base_window, *base_view;
  GtkTextBuffer *base_buffer;
  GOptionEntry entries[] = {
    { "annotations", 0, 0, G_OPTION_ARG_INT, &n_annotations, "Highlights in the article (default 20000)", "N" },
    { "megabytes", 0, 0, G_OPTION_ARG_INT, &megabytes, "Size of the article in MB (default 2)", "M" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- benchmark the reading view");

  gtk_init ();

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_ignore_unknown_options (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, NULL))
    return 1;

  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--dark"))
      g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", TRUE, NULL);
  for (int i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--demo"))
      return run_demo (g_str_equal (argv[i], "--demo-popover"));

  doc = make_document (rand, (gsize) megabytes * 1024 * 1024, "Benchmark article");
  labels = make_labels ();
  annotations = make_annotations (rand, doc->length, (guint) n_annotations);

  window = gtk_window_new ();
  view = gloss_document_view_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 800);
  gtk_window_set_child (GTK_WINDOW (window), view);
  g_signal_connect (view, "highlights-ready", G_CALLBACK (highlights_ready_cb), NULL);
  gloss_document_view_set_labels (GLOSS_DOCUMENT_VIEW (view), labels);
  empty->id = g_strdup ("empty");
  empty->text = g_strdup ("");
  gloss_document_view_set_document (GLOSS_DOCUMENT_VIEW (view), empty);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (view))
    g_main_context_iteration (NULL, TRUE);
  wait_for_paint (window);
  hwm_before = vm_hwm_kb ();

  /* (1) Document and all highlights on screen. */
  t0 = g_get_monotonic_time ();
  gloss_document_view_set_document (GLOSS_DOCUMENT_VIEW (view), doc);
  gloss_document_view_set_annotations (GLOSS_DOCUMENT_VIEW (view), annotations);
  wait_for_paint (window);
  t_shown = ms_since (t0);
  while (!ready)
    g_main_context_iteration (NULL, TRUE);
  wait_for_paint (window);
  t_ready = ms_since (t0);

  /* The baseline: a bare GtkTextView with the same text and highlights, one tag per
   * label, applied before timing. */
  base_window = gtk_window_new ();
  base_view = gtk_text_view_new ();
  gtk_window_set_default_size (GTK_WINDOW (base_window), 1100, 800);
  {
    GtkWidget *scrolled = gtk_scrolled_window_new ();
    GtkTextIter s, e;

    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), base_view);
    gtk_window_set_child (GTK_WINDOW (base_window), scrolled);
    gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (base_view), GTK_WRAP_WORD_CHAR);
    base_buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (base_view));
    gtk_text_buffer_set_text (base_buffer, doc->text, -1);
    for (guint i = 0; i < G_N_ELEMENTS (label_defs); i++)
      gtk_text_buffer_create_tag (base_buffer, label_defs[i].id, "background", label_defs[i].colour, NULL);
    for (guint i = 0; i < annotations->len; i++)
      {
        const GlossAnnotation *a = g_ptr_array_index (annotations, i);

        gtk_text_buffer_get_iter_at_offset (base_buffer, &s, (int) a->start);
        gtk_text_buffer_get_iter_at_offset (base_buffer, &e, (int) a->end);
        gtk_text_buffer_apply_tag_by_name (base_buffer, a->label_id, &s, &e);
      }
    gtk_window_present (GTK_WINDOW (base_window));
    while (!gtk_widget_get_mapped (base_view))
      g_main_context_iteration (NULL, TRUE);
    wait_for_paint (base_window);
  }

  /* (2) One more highlight, on screen, until painted; alternating with the baseline
   * applying one more tag there until painted. */
  for (guint i = 0; i < N_ADDS; i++)
    {
      g_autoptr(GlossAnnotation) a = g_new0 (GlossAnnotation, 1);
      GtkTextIter s, e;

      a->id = g_strdup_printf ("added-%u", i);
      a->label_id = g_strdup (label_defs[i % G_N_ELEMENTS (label_defs)].id);
      a->start = 40 + i * 17;
      a->end = a->start + 12;
      t0 = g_get_monotonic_time ();
      gloss_document_view_add_annotation (GLOSS_DOCUMENT_VIEW (view), a);
      wait_for_paint (window);
      add_ms[i] = ms_since (t0);

      t0 = g_get_monotonic_time ();
      gtk_text_buffer_get_iter_at_offset (base_buffer, &s, (int) a->start);
      gtk_text_buffer_get_iter_at_offset (base_buffer, &e, (int) a->end);
      gtk_text_buffer_apply_tag_by_name (base_buffer, a->label_id, &s, &e);
      wait_for_paint (base_window);
      base_ms[i] = ms_since (t0);
    }
  qsort (add_ms, G_N_ELEMENTS (add_ms), sizeof (double), compare_double);
  qsort (base_ms, G_N_ELEMENTS (base_ms), sizeof (double), compare_double);
  gtk_window_destroy (GTK_WINDOW (base_window));

  /* Interval index lookups, for the hover and click paths. */
  {
    guint n = 0;

    t0 = g_get_monotonic_time ();
    for (guint i = 0; i < 10000; i++)
      {
        g_autoptr(GPtrArray) ids = gloss_document_view_annotations_at (GLOSS_DOCUMENT_VIEW (view),
                                                                        (gint64) i * (doc->length / 10000));
        n += ids->len;
      }
    t_query_us = (g_get_monotonic_time () - t0) / 10000.0;
    g_print ("(%u hits in 10000 lookups)\n", n);
  }

  /* Case-insensitive search that finds nothing scans the whole text: the worst case
   * for typing in the search bar (the match count does the same scan). */
  {
    GtkWidget *tv = gtk_widget_get_first_child (view);
    GtkTextIter start, ms, me;

    while (tv != NULL && !GTK_IS_TEXT_VIEW (tv))
      {
        GtkWidget *next = gtk_widget_get_first_child (tv);

        for (GtkWidget *c = next; c != NULL && !GTK_IS_TEXT_VIEW (c); c = gtk_widget_get_next_sibling (c))
          if (GTK_IS_SCROLLED_WINDOW (c))
            next = c;
        tv = next;
      }
    g_assert (tv != NULL);
    gtk_text_buffer_get_start_iter (gtk_text_view_get_buffer (GTK_TEXT_VIEW (tv)), &start);
    t0 = g_get_monotonic_time ();
    gtk_text_iter_forward_search (&start, "Quixotic", GTK_TEXT_SEARCH_CASE_INSENSITIVE, &ms, &me, NULL);
    t_search = ms_since (t0);
  }

  g_print ("GlossDocumentView benchmark: %.1f MB text, %u chars, %d annotations, %u labels\n",
           strlen (doc->text) / 1048576.0, (guint) doc->length, n_annotations,
           (guint) G_N_ELEMENTS (label_defs));
  g_print ("%-48s %10s %10s\n", "measure", "value", "target");
  g_print ("%-48s %8.0f ms %10s\n", "set_document+set_annotations -> first frame", t_shown, "");
  g_print ("%-48s %8.0f ms %10s\n", "  -> all highlights applied and painted", t_ready, "< 1000 ms");
  g_print ("%-48s %8.1f ms %10s\n", "add_annotation -> painted (median of 21)", add_ms[N_ADDS / 2], "< 50 ms");
  g_print ("%-48s %8.1f ms %10s\n", "add_annotation -> painted (max of 21)", add_ms[N_ADDS - 1], "");
  g_print ("%-48s %8.1f ms %10s\n", "bare GtkTextView: apply_tag -> painted (median)", base_ms[N_ADDS / 2], "");
  g_print ("%-48s %8.2f x  %10s\n", "add one highlight: Gloss / bare GtkTextView",
           add_ms[N_ADDS / 2] / base_ms[N_ADDS / 2], "<= 1.1 x");
  g_print ("%-48s %8.2f us %10s\n", "annotations_at (mean)", t_query_us, "");
  g_print ("%-48s %8.0f ms %10s\n", "case-insensitive search, no match, 2 MB", t_search, "");
  g_print ("%-48s %8ld MB %10s\n", "peak RSS (VmHWM) before document", hwm_before / 1024, "");
  g_print ("%-48s %8ld MB %10s\n", "peak RSS (VmHWM) at end", vm_hwm_kb () / 1024, "");

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

/* bench-pdf.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Benchmark of the PDF and OCR readers: pages per second for a generated PDF of
 * 300 two-column pages (running head, page numbers, broken words), with the growth
 * of the peak resident set while reading it; and OCR seconds per page for an A4
 * page of text rendered at 300 dpi.
 *
 *   bench-pdf [--pages N] [--ocr-pages M]
 *
 * Not a test (`meson test --benchmark bench-pdf` runs it).
 */
#include <stdio.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <glib/gstdio.h>

#include "gloss-ocr.h"
#include "gloss-pdf.h"

static const char *words[] = {
  "harbour", "authority", "reported", "vessels", "delayed", "customs", "inspection",
  "cargo", "manifest", "shipping", "agent", "container", "terminal", "berth", "quay",
};

static gint64
peak_kib (void)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (p = strstr (status, "VmHWM:")) == NULL)
    return 0;
  return g_ascii_strtoll (p + 6, NULL, 10);
}

static void
write_column (cairo_t *cr, double x, guint seed)
{
  for (guint line = 0; line < 50; line++)
    {
      GString *s = g_string_new (NULL);

      for (guint k = 0; k < 6; k++)
        g_string_append_printf (s, "%s%s", k ? " " : "", words[(seed + line * 7 + k * 3) % G_N_ELEMENTS (words)]);
      if (line % 9 == 8)
        g_string_append (s, " inter-");
      cairo_move_to (cr, x, 90 + line * 13.5 + (line / 10) * 6);
      cairo_show_text (cr, s->str);
      g_string_free (s, TRUE);
    }
}

static char *
make_pdf (const char *dir, guint pages)
{
  char *path = g_build_filename (dir, "bench.pdf", NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);

  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  for (guint p = 1; p <= pages; p++)
    {
      g_autofree char *number = g_strdup_printf ("Page %u of %u", p, pages);

      cairo_set_font_size (cr, 8);
      cairo_move_to (cr, 60, 40);
      cairo_show_text (cr, "Regional Shipping Review — Restricted");
      cairo_move_to (cr, 270, 810);
      cairo_show_text (cr, number);
      cairo_set_font_size (cr, 9.5);
      write_column (cr, 60, p);
      write_column (cr, 315, p * 13);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return path;
}

static char *
make_scan (const char *dir)
{
  char *path = g_build_filename (dir, "scan.png", NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 2480, 3508);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_select_font_face (cr, "DejaVu Serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 42);
  for (guint line = 0; line < 60; line++)
    {
      GString *s = g_string_new (NULL);

      for (guint k = 0; k < 7; k++)
        g_string_append_printf (s, "%s%s", k ? " " : "", words[(line * 5 + k * 2) % G_N_ELEMENTS (words)]);
      cairo_move_to (cr, 250, 300 + line * 50);
      cairo_show_text (cr, s->str);
      g_string_free (s, TRUE);
    }
  cairo_destroy (cr);
  cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);
  return path;
}

int
main (int argc, char **argv)
{
  int pages = 300, ocr_pages = 2;
  GOptionEntry entries[] = {
    { "pages", 0, 0, G_OPTION_ARG_INT, &pages, "Pages of the generated PDF (300)", "N" },
    { "ocr-pages", 0, 0, G_OPTION_ARG_INT, &ocr_pages, "Scanned pages to OCR (2)", "M" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- PDF and OCR reader benchmark");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *scan = NULL;
  gint64 t0, before;
  double secs;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  dir = g_dir_make_tmp ("gloss-bench-pdf-XXXXXX", &error);
  g_assert_no_error (error);

  pdf = make_pdf (dir, (guint) pages);
  before = peak_kib ();
  t0 = g_get_monotonic_time ();
  {
    g_autoptr(GlossImportedText) text = gloss_pdf_read_file (pdf, NULL, &error);

    g_assert_no_error (error);
    secs = (g_get_monotonic_time () - t0) / 1e6;
    printf ("PDF: %d pages, %ld characters in %.2f s: %.1f pages/s; peak RSS grew %.1f MiB (to %.1f MiB)\n",
            pages, g_utf8_strlen (text->text, -1), secs, pages / secs,
            (peak_kib () - before) / 1024.0, peak_kib () / 1024.0);
  }
  g_remove (pdf);

  scan = make_scan (dir);
  {
    double total = 0;

    for (int i = 0; i < ocr_pages; i++)
      {
        g_autoptr(GlossImportedText) text = NULL;

        t0 = g_get_monotonic_time ();
        text = gloss_ocr_read_image_file (scan, NULL, &error);
        g_assert_no_error (error);
        total += (g_get_monotonic_time () - t0) / 1e6;
      }
    printf ("OCR (eng, A4 at 300 dpi, 60 lines): %.2f s per page over %d pages\n", total / ocr_pages, ocr_pages);
  }
  g_remove (scan);
  g_rmdir (dir);
  return 0;
}

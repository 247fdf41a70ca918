/* test-pdf.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The PDF and OCR readers on files drawn here with cairo: two columns, a word broken
 * at a line end, running heads and page numbers, metadata, pages stored with the
 * document; broken and empty files; a scanned image read with Tesseract.
 */
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <glib/gstdio.h>

#include "gloss-csv.h"
#include "gloss-exchange.h"
#include "gloss-report.h"
#include "gloss-views.h"
#include "gloss-json.h"
#include "gloss-w3c.h"
#include "gloss-ocr.h"
#include "gloss-pages.h"
#include "gloss-pdf.h"
#include "gloss-project.h"

typedef struct {
  char *dir;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("gloss-pdf-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static void
show (cairo_t *cr, double x, double y, const char *text)
{
  cairo_move_to (cr, x, y);
  cairo_show_text (cr, text);
}

/* A report of @n_pages A4 pages: a running head, two columns of body text whose
 * left column breaks "inter-national" over two lines, a second paragraph after a
 * blank line, and the page number at the foot. */
static char *
make_report (const char *dir, const char *name, guint n_pages)
{
  char *path = g_build_filename (dir, name, NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr;

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, "Quarterly Report");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, "Jane Roe");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, "Ports");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, "2024-03-15T10:00:00Z");
  cr = cairo_create (surface);
  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  for (guint p = 1; p <= n_pages; p++)
    {
      g_autofree char *number = g_strdup_printf ("%u", p);
      g_autofree char *first = g_strdup_printf ("Page %u left column begins here and", p);

      cairo_set_font_size (cr, 9);
      show (cr, 60, 40, "ACME Confidential Report");
      cairo_set_font_size (cr, 11);
      show (cr, 60, 100, first);
      show (cr, 60, 114, "continues with more words about");
      show (cr, 60, 128, "the inter-");
      show (cr, 60, 142, "national situation today.");
      show (cr, 60, 170, "Second paragraph on the left.");
      show (cr, 320, 100, "Right column text starts at");
      show (cr, 320, 114, "the top of the page and goes");
      show (cr, 320, 128, "down to the end.");
      cairo_set_font_size (cr, 9);
      show (cr, 290, 800, number);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

static void
test_reading_order (Fixture *f, gconstpointer data)
{
  g_autofree char *path = make_report (f->dir, "report.pdf", 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossImportedText) text = gloss_pdf_read_file (path, NULL, &error);
  const char *page2;

  g_assert_no_error (error);
  g_assert_nonnull (text);
  g_assert_cmpstr (text->format, ==, "pdf");
  g_assert_cmpstr (text->title, ==, "Quarterly Report");
  g_assert_cmpstr (text->author, ==, "Jane Roe");
  g_assert_cmpstr (text->published, ==, "2024-03-15");
  g_assert_nonnull (strstr (text->metadata, "\"subject\":\"Ports\""));
  g_assert_nonnull (strstr (text->metadata, "\"pages\":3"));

  /* Columns in order, the broken word whole, paragraphs from the spacing. */
  g_assert_true (g_str_has_prefix (text->text,
      "Page 1 left column begins here and continues with more words about the international situation today."
      "\n\nSecond paragraph on the left."
      "\n\nRight column text starts at the top of the page and goes down to the end."
      "\n\nPage 2 left column"));
  /* The running head and the page numbers are gone. */
  g_assert_null (strstr (text->text, "ACME"));
  g_assert_null (strstr (text->text, "\n1\n"));
  g_assert_false (g_str_has_suffix (text->text, "3"));

  /* Pages: page 2 starts at "Page 2 left column". */
  g_assert_nonnull (text->pages);
  g_assert_cmpuint (text->pages->len, ==, 3);
  g_assert_cmpuint (g_array_index (text->pages, guint64, 0), ==, 0);
  page2 = strstr (text->text, "Page 2 left");
  g_assert_cmpuint (g_array_index (text->pages, guint64, 1), ==, g_utf8_strlen (text->text, page2 - text->text));
  g_assert_null (text->confidence);
}

static void
test_import_stores_pages (Fixture *f, gconstpointer data)
{
  g_autofree char *path = make_report (f->dir, "report.pdf", 12);
  g_autofree char *project = g_build_filename (f->dir, "p.gloss", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_project_create (project, NULL, 0, &error);
  g_autoptr(GlossImportOutcome) outcome = gloss_import_outcome_new ();
  g_autoptr(GArray) pages = NULL;
  g_autofree char *where = NULL;
  const char *at;
  gint64 offset;

  g_assert_no_error (error);
  g_assert_true (gloss_exchange_import_any (store, path, outcome, &error));
  g_assert_no_error (error);
  g_assert_nonnull (outcome->document);
  g_assert_cmpstr (outcome->document->author, ==, "Jane Roe");
  g_assert_cmpstr (outcome->document->published, ==, "2024-03-15");

  pages = gloss_store_get_document_pages (store, outcome->document->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pages->len, ==, 12);
  at = strstr (outcome->document->text, "Page 12 left");
  g_assert_nonnull (at);
  offset = g_utf8_strlen (outcome->document->text, at - outcome->document->text);
  g_assert_cmpint (g_array_index (pages, gint64, 11), ==, offset);
  g_assert_cmpuint (gloss_pages_at (pages, offset), ==, 12);
  g_assert_cmpuint (gloss_pages_at (pages, offset - 1), ==, 11);
  where = gloss_pages_describe (pages, offset - 5, offset + 5);
  g_assert_cmpstr (where, ==, "pp. 11–12");
  g_clear_pointer (&where, g_free);
  where = gloss_pages_describe (pages, 0, 4);
  g_assert_cmpstr (where, ==, "p. 1");
}

/* An annotation on page 2 carries "page": 2 in Gloss JSON, and importing that file
 * into another project brings the document's pages along. */
static void
test_json_round_trip (Fixture *f, gconstpointer data)
{
  g_autofree char *path = make_report (f->dir, "report.pdf", 3);
  g_autofree char *project = g_build_filename (f->dir, "p.gloss", NULL);
  g_autofree char *copy = g_build_filename (f->dir, "q.gloss", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_project_create (project, NULL, 0, &error);
  g_autoptr(GlossStore) other = NULL;
  g_autoptr(GlossImportOutcome) outcome = gloss_import_outcome_new ();
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GlossAnnotation) a = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GlossScope) scope = gloss_scope_new ();
  g_autoptr(GlossImportReport) report = gloss_import_report_new ();
  g_autoptr(GArray) pages = NULL;
  g_autoptr(GArray) copied = NULL;
  g_autofree char *json = NULL;
  const char *at;
  gint64 offset;

  g_assert_no_error (error);
  g_assert_true (gloss_exchange_import_any (store, path, outcome, &error));
  g_assert_no_error (error);
  at = strstr (outcome->document->text, "Page 2 left");
  offset = g_utf8_strlen (outcome->document->text, at - outcome->document->text);
  labels = gloss_store_list_labels (store, &error);
  a = gloss_store_add_annotation (store, outcome->document->id, ((GlossLabel *) labels->pdata[0])->id,
                                  offset, offset + 6, NULL, "Ana", &error);
  g_assert_no_error (error);

  g_assert_true (gloss_json_export_full (store, scope, TRUE, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  json = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
  g_assert_nonnull (strstr (json, "\"end\": 215,\n      \"page\": 2,"));
  g_assert_null (strstr (json, "\"page_end\""));
  g_assert_nonnull (strstr (json, "\"pages\": [\n        0,\n        209,"));

  {
    g_autoptr(GOutputStream) w3c = g_memory_output_stream_new_resizable ();
    g_autofree char *text = NULL;

    g_assert_true (gloss_w3c_export (store, scope, w3c, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (g_output_stream_write_all (w3c, "", 1, NULL, NULL, NULL));
    g_assert_true (g_output_stream_close (w3c, NULL, NULL));
    text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (w3c));
    g_assert_nonnull (strstr (text, "\"type\": \"FragmentSelector\""));
    g_assert_nonnull (strstr (text, "\"value\": \"page=2\""));
  }

  other = gloss_project_create (copy, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_json_import_data (other, json, strlen (json), "export.json", report, &error));
  g_assert_no_error (error);
  pages = gloss_store_get_document_pages (store, outcome->document->id, &error);
  copied = gloss_store_get_document_pages (other, outcome->document->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (copied->len, ==, 3);
  g_assert_cmpmem (copied->data, copied->len * sizeof (gint64), pages->data, pages->len * sizeof (gint64));
}


/* Everything written out (export stream) as one string. */
static char *
steal_text (GOutputStream *out)
{
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

/* A claim on page 2 and a risk across pages 1 and 2 say so in the claims and risks
 * tables, the CSV export's page column and the report; an article without pages
 * says nothing. */
static void
test_pages_in_tables (Fixture *f, gconstpointer data)
{
  g_autofree char *path = make_report (f->dir, "report.pdf", 3);
  g_autofree char *project = g_build_filename (f->dir, "p.gloss", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_project_create (project, NULL, 0, &error);
  g_autoptr(GlossImportOutcome) outcome = gloss_import_outcome_new ();
  g_autoptr(GlossDocument) plain = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GPtrArray) risks = NULL;
  g_autoptr(GlossAnnotation) claim = NULL;
  g_autoptr(GlossAnnotation) risk = NULL;
  g_autoptr(GlossAnnotation) other = NULL;
  g_autoptr(GlossScope) scope = gloss_scope_new ();
  g_autoptr(GOutputStream) csv_out = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) report_out = g_memory_output_stream_new_resizable ();
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *csv = NULL;
  g_autofree char *report = NULL;
  g_autofree char *csv_row = NULL;
  const GlossLabel *claim_label = NULL, *risk_label = NULL;
  const char *at;
  gint64 offset;

  g_assert_no_error (error);
  g_assert_true (gloss_exchange_import_any (store, path, outcome, &error));
  g_assert_no_error (error);
  plain = gloss_store_add_document (store, "Plain", "A plain note without pages.", NULL, "txt", NULL, &error);
  g_assert_no_error (error);
  labels = gloss_store_list_labels (store, &error);
  for (guint i = 0; i < labels->len; i++)
    {
      const GlossLabel *l = labels->pdata[i];

      if (claim_label == NULL && g_strcmp0 (l->kind, GLOSS_LABEL_KIND_CLAIM) == 0)
        claim_label = l;
      if (risk_label == NULL && g_strcmp0 (l->kind, GLOSS_LABEL_KIND_RISK) == 0)
        risk_label = l;
    }
  g_assert_nonnull (claim_label);
  g_assert_nonnull (risk_label);
  at = strstr (outcome->document->text, "Page 2 left");
  offset = g_utf8_strlen (outcome->document->text, at - outcome->document->text);
  claim = gloss_store_add_annotation (store, outcome->document->id, claim_label->id, offset, offset + 6, NULL, "Ana", &error);
  g_assert_no_error (error);
  risk = gloss_store_add_annotation (store, outcome->document->id, risk_label->id, offset - 4, offset + 4, NULL, "Ana", &error);
  g_assert_no_error (error);
  other = gloss_store_add_annotation (store, plain->id, claim_label->id, 2, 7, NULL, "Ana", &error);
  g_assert_no_error (error);

  claims = gloss_store_list_claims (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claims->len, ==, 2);
  for (guint i = 0; i < claims->len; i++)
    {
      const GlossClaimRow *row = claims->pdata[i];

      if (g_str_equal (row->annotation_id, claim->id))
        g_assert_cmpstr (row->pages, ==, "p. 2");
      else
        g_assert_null (row->pages);
    }
  risks = gloss_store_list_risks (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (risks->len, ==, 1);
  g_assert_cmpstr (((GlossRiskRow *) risks->pdata[0])->pages, ==, "pp. 1–2");

  g_assert_true (gloss_csv_export (store, scope, csv_out, FALSE, warnings, NULL, &error));
  g_assert_no_error (error);
  csv = steal_text (csv_out);
  g_assert_true (g_str_has_prefix (csv, "document,title,start,end,quote,label,note,annotator,created,modified,id,entity,entity_id,page,"));
  csv_row = g_strdup_printf (",%s,,,2,", claim->id);
  g_assert_nonnull (strstr (csv, csv_row));
  g_clear_pointer (&csv_row, g_free);
  csv_row = g_strdup_printf (",%s,,,1-2,", risk->id);
  g_assert_nonnull (strstr (csv, csv_row));
  g_clear_pointer (&csv_row, g_free);
  csv_row = g_strdup_printf (",%s,,,,", other->id);
  g_assert_nonnull (strstr (csv, csv_row));

  g_assert_true (gloss_report_export (store, scope, report_out, warnings, NULL, &error));
  g_assert_no_error (error);
  report = steal_text (report_out);
  g_assert_nonnull (strstr (report, "</a>, p. 2</td>"));
  g_assert_nonnull (strstr (report, "</a>, pp. 1–2</td>"));
}

static void
test_bad_files (Fixture *f, gconstpointer data)
{
  g_autofree char *good = make_report (f->dir, "good.pdf", 2);
  g_autofree char *empty = g_build_filename (f->dir, "empty.pdf", NULL);
  g_autofree char *cut = g_build_filename (f->dir, "cut.pdf", NULL);
  g_autofree char *junk = g_build_filename (f->dir, "junk.pdf", NULL);
  g_autofree char *project = g_build_filename (f->dir, "p.gloss", NULL);
  g_autofree char *bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  gsize len;

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_true (g_file_get_contents (good, &bytes, &len, NULL));
  g_assert_true (g_file_set_contents (cut, bytes, 40, NULL));
  g_assert_true (g_file_set_contents (junk, "%PDF-1.7\n\x01\x02 this is no PDF at all", -1, NULL));

  store = gloss_project_create (project, NULL, 0, &error);
  g_assert_no_error (error);

  {
    g_autoptr(GlossImportOutcome) outcome = gloss_import_outcome_new ();

    /* Zero bytes: the text importer's "is empty". */
    g_assert_false (gloss_exchange_import_any (store, empty, outcome, &error));
    g_assert_nonnull (strstr (error->message, "empty"));
    g_clear_error (&error);
  }
  {
    g_autoptr(GlossImportedText) text = gloss_pdf_read_file (cut, NULL, &error);

    g_assert_null (text);
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "cut.pdf"));
    g_clear_error (&error);
  }
  {
    g_autoptr(GlossImportOutcome) outcome = gloss_import_outcome_new ();

    g_assert_false (gloss_exchange_import_any (store, junk, outcome, &error));
    g_assert_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, "“junk.pdf” is damaged or not a PDF"));
    g_clear_error (&error);
  }
  docs = gloss_store_list_documents (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, 0);
}

/* An encrypted PDF (qpdf --encrypt, AES-256): without a password or with a wrong one
 * the import stops with GLOSS_IMPORT_ERROR_PASSWORD and adds nothing; with the right
 * one the document comes in with its pages. */
static void
test_password (Fixture *f, gconstpointer data)
{
  g_autofree char *qpdf = g_find_program_in_path ("qpdf");
  g_autofree char *plain = make_report (f->dir, "plain.pdf", 2);
  g_autofree char *locked = g_build_filename (f->dir, "locked.pdf", NULL);
  g_autofree char *project = g_build_filename (f->dir, "p.gloss", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  int status = -1;

  if (qpdf == NULL)
    {
      g_test_skip ("qpdf is not installed (tools/deps.sh --test installs it)");
      return;
    }
  {
    const char *argv[] = { qpdf, "--encrypt", "s3cret", "owner", "256", "--", plain, locked, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 NULL, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  store = gloss_project_create (project, NULL, 0, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GlossImportOutcome) outcome = gloss_import_outcome_new ();
      GlossReadOptions options = { 0 };

      options.password = i == 0 ? NULL : "wrong";
      g_assert_false (gloss_exchange_import_any_with_options (store, locked, &options, outcome, &error));
      g_assert_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_PASSWORD);
      g_assert_nonnull (strstr (error->message, "locked.pdf"));
      g_clear_error (&error);
    }
  docs = gloss_store_list_documents (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, 0);
  g_clear_pointer (&docs, g_ptr_array_unref);

  {
    g_autoptr(GlossImportOutcome) outcome = gloss_import_outcome_new ();
    g_autoptr(GArray) pages = NULL;
    GlossReadOptions options = { 0 };

    options.password = "s3cret";
    g_assert_true (gloss_exchange_import_any_with_options (store, locked, &options, outcome, &error));
    g_assert_no_error (error);
    g_assert_nonnull (outcome->document);
    g_assert_nonnull (strstr (outcome->document->text, "Page 2 left column"));
    pages = gloss_store_get_document_pages (store, outcome->document->id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (pages->len, ==, 2);
  }
  docs = gloss_store_list_documents (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, 1);
}

/* An image of printed text, as a scanner would give, at 300 dpi. */
static char *
make_scan (const char *dir, const char *name)
{
  char *path = g_build_filename (dir, name, NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1800, 700);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_select_font_face (cr, "DejaVu Serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 50);
  show (cr, 100, 150, "The harbour authority reported");
  show (cr, 100, 220, "three ships delayed in March.");
  show (cr, 100, 420, "A second paragraph follows here.");
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

static void
test_ocr_image (Fixture *f, gconstpointer data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossImportedText) text = NULL;
  g_auto(GStrv) languages = gloss_ocr_list_languages ();

  if (!g_strv_contains ((const char * const *) languages, "eng"))
    {
      g_test_skip ("tesseract-ocr-eng is not installed");
      return;
    }
  path = make_scan (f->dir, "scan.png");
  text = gloss_ocr_read_image_file (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text->format, ==, "image");
  g_assert_nonnull (strstr (text->text, "harbour authority reported three ships delayed in March."));
  g_assert_nonnull (strstr (text->text, "\n\nA second paragraph"));
  g_assert_nonnull (text->confidence);
  g_assert_cmpuint (text->confidence->len, ==, 2);
  g_assert_cmpfloat (g_array_index (text->confidence, GlossTextConfidence, 0).confidence, >, 50);
  g_assert_cmpuint (g_array_index (text->confidence, GlossTextConfidence, 0).start, ==, 0);
  g_assert_cmpuint (text->pages->len, ==, 1);
}

static void
test_ocr_unknown_language (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossOcr) ocr = gloss_ocr_new ("xx_no_such", &error);

  g_assert_null (ocr);
  g_assert_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "xx_no_such"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/core/pdf/reading-order", Fixture, NULL, fixture_setup, test_reading_order, fixture_teardown);
  g_test_add ("/core/pdf/import-stores-pages", Fixture, NULL, fixture_setup, test_import_stores_pages, fixture_teardown);
  g_test_add ("/core/pdf/pages-in-tables", Fixture, NULL, fixture_setup, test_pages_in_tables, fixture_teardown);
  g_test_add ("/core/pdf/json-round-trip", Fixture, NULL, fixture_setup, test_json_round_trip, fixture_teardown);
  g_test_add ("/core/pdf/bad-files", Fixture, NULL, fixture_setup, test_bad_files, fixture_teardown);
  g_test_add ("/core/pdf/password", Fixture, NULL, fixture_setup, test_password, fixture_teardown);
  g_test_add ("/core/ocr/image", Fixture, NULL, fixture_setup, test_ocr_image, fixture_teardown);
  g_test_add ("/core/ocr/unknown-language", Fixture, NULL, fixture_setup, test_ocr_unknown_language, fixture_teardown);
  {
    int status = g_test_run ();

    /* cairo's font faces and fontconfig's configuration live until the process
     * ends; freed here so that LeakSanitizer sees only what Gloss leaves. */
    cairo_debug_reset_static_data ();
    FcFini ();
    return status;
  }
}

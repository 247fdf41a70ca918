/* test-originals.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Originals: each imported file's bytes kept once per SHA-256, given back verified,
 * checked, bounded in size, carried by merge and by QDPX exports.
 */
#define G_LOG_DOMAIN "test-originals"

#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "gloss-exchange.h"
#include "gloss-merge.h"
#include "gloss-originals.h"
#include "gloss-project.h"
#include "gloss-qdpx.h"
#include "gloss-store.h"
#include "gloss-util.h"
#include "test-files.h"

static const char html[] =
  "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Port strike</title></head>\n"
  "<body><h1>Port strike</h1><p>Ana Ruiz said the port of Valdor will close on Monday.</p></body></html>\n";

typedef struct {
  char       *dir;
  char       *path;
  GlossStore *store;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("gloss-test-originals-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "p.gloss", NULL);
  f->store = gloss_project_create (f->path, "originals", 0, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  gloss_exchange_set_original_limit (0);
  test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static char *
write_file (Fixture *f, const char *name, const char *data, gssize len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
  return path;
}

static char *
import_ok (GlossStore *store, const char *path, char **warning)
{
  g_autoptr(GlossImportOutcome) outcome = gloss_import_outcome_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (gloss_exchange_import_any (store, path, outcome, &error));
  g_assert_no_error (error);
  if (warning != NULL)
    *warning = g_strdup (outcome->warning);
  return g_strdup (outcome->document->id);
}

static void
assert_original (GlossStore *store, const char *id, const char *data, gsize len, const char *type)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *media_type = NULL;
  g_autoptr(GBytes) bytes = gloss_store_get_original (store, id, &media_type, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), data, len);
  g_assert_cmpstr (media_type, ==, type);
}

/* An HTML file's bytes come back as they were, from the store and saved to a file;
 * the check passes; a document made from pasted text has none. */
static void
test_round_trip (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_file (f, "strike.html", html, -1);
  g_autofree char *id = import_ok (f->store, path, NULL);
  g_autofree char *saved = g_build_filename (f->dir, "saved.html", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GlossDocument) pasted = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  gsize len;

  assert_original (f->store, id, html, strlen (html), "text/html");
  g_assert_true (gloss_store_has_original (f->store, id));
  g_assert_true (gloss_store_save_original (f->store, id, saved, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (saved, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, html, strlen (html));

  /* Saving over the project itself is refused. */
  g_assert_false (gloss_store_save_original (f->store, id, f->path, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_IN_USE);
  g_clear_error (&error);

  pasted = gloss_store_add_document (f->store, "Pasted", "Bo Lind met the union.", NULL, "txt", NULL, &error);
  g_assert_no_error (error);
  g_assert_false (gloss_store_has_original (f->store, pasted->id));
  g_assert_null (gloss_store_get_original (f->store, pasted->id, NULL, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (gloss_project_check (f->store, report, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (report->str, ==, "");
}

/* The same bytes imported again (after the first document was deleted, since a live
 * duplicate is refused) are stored once and shared. A second import of the same
 * file while the first is live is refused as a duplicate, and adds no original. */
static void
test_stored_once (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossImportOutcome) outcome = gloss_import_outcome_new ();
  g_autofree char *path = write_file (f, "strike.html", html, -1);
  g_autofree char *copy = write_file (f, "copy.html", html, -1);
  g_autofree char *first = import_ok (f->store, path, NULL);
  g_autofree char *second = NULL;
  g_autofree char *originals = NULL;
  g_autofree char *links = NULL;

  g_assert_false (gloss_exchange_import_any (f->store, copy, outcome, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);

  g_assert_true (gloss_store_delete_document (f->store, first, &error));
  g_assert_no_error (error);
  second = import_ok (f->store, copy, NULL);
  g_assert_cmpstr (first, !=, second);
  assert_original (f->store, second, html, strlen (html), "text/html");

  g_clear_object (&f->store);
  originals = test_sql_value (f->path, "SELECT count(*) FROM originals");
  links = test_sql_value (f->path, "SELECT count(DISTINCT document) || '/' || count(DISTINCT original) FROM document_originals");
  g_assert_cmpstr (originals, ==, "1");
  g_assert_cmpstr (links, ==, "2/1");
}

/* A changed SHA-256 or damaged compressed bytes are caught when the original is read
 * and by the project check. */
static void
test_corrupt (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_file (f, "strike.html", html, -1);
  g_autofree char *id = import_ok (f->store, path, NULL);
  static const char *damage[] = {
    "UPDATE originals SET sha256 = '0000000000000000000000000000000000000000000000000000000000000000'",
    "UPDATE originals SET data = substr (data, 1, length (data) - 9) || X'000000000000000000'",
    "UPDATE originals SET data = X'1f8b0800'",
    "UPDATE originals SET size = size + 1",
  };

  g_clear_object (&f->store);
  for (guint i = 0; i < G_N_ELEMENTS (damage); i++)
    {
      g_autofree char *copy = g_strdup_printf ("%s/damaged-%u.gloss", f->dir, i);
      g_autofree char *contents = NULL;
      g_autoptr(GlossStore) store = NULL;
      g_autoptr(GString) report = g_string_new (NULL);
      g_autoptr(GBytes) bytes = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (f->path, &contents, &len, NULL));
      g_assert_true (g_file_set_contents (copy, contents, len, NULL));
      test_sql_exec (copy, damage[i]);
      store = gloss_store_open (copy, 0, &error);
      g_assert_no_error (error);
      bytes = gloss_store_get_original (store, id, NULL, &error);
      g_assert_null (bytes);
      g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_CORRUPT);
      g_clear_error (&error);
      g_assert_false (gloss_project_check (store, report, &error));
      g_assert_no_error (error);
      g_assert_nonnull (strstr (report->str, "original '"));
    }
}

/* A file over the limit is imported without its original, and the warning says so. */
static void
test_size_bound (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_file (f, "strike.html", html, -1);
  g_autofree char *warning = NULL;
  g_autofree char *id = NULL;

  gloss_exchange_set_original_limit (64);
  id = import_ok (f->store, path, &warning);
  g_assert_nonnull (warning);
  g_assert_nonnull (strstr (warning, "its original is not kept"));
  g_assert_false (gloss_store_has_original (f->store, id));
}

static char *
draw_pdf (Fixture *f)
{
  char *path = g_build_filename (f->dir, "report.pdf", NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);

  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 12);
  cairo_move_to (cr, 72, 100);
  cairo_show_text (cr, "The port of Valdor will close on Monday after the strike.");
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  return path;
}

static GHashTable *
unzip (const char *path)
{
  GHashTable *files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;

  archive_read_support_format_zip (a);
  g_assert_cmpint (archive_read_open_filename (a, path, 16384), ==, ARCHIVE_OK);
  while (archive_read_next_header (a, &entry) == ARCHIVE_OK)
    {
      GByteArray *data = g_byte_array_new ();
      guint8 chunk[8192];
      la_ssize_t n;

      while ((n = archive_read_data (a, chunk, sizeof chunk)) > 0)
        g_byte_array_append (data, chunk, n);
      g_assert_cmpint (n, ==, 0);
      g_hash_table_insert (files, g_strdup (archive_entry_pathname (entry)), g_byte_array_free_to_bytes (data));
    }
  archive_read_free (a);
  return files;
}

/* A PDF's bytes are its original (application/pdf); a QDPX export carries them in
 * sources/ and names them as the source's richTextPath. */
static void
test_pdf_qdpx (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = draw_pdf (f);
  g_autofree char *id = import_ok (f->store, pdf, NULL);
  g_autofree char *pdf_bytes = NULL;
  g_autofree char *out = g_build_filename (f->dir, "p.qdpx", NULL);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) files = NULL;
  GHashTableIter iter;
  gpointer key, value;
  GBytes *qde;
  g_autofree char *qde_text = NULL;
  const char *original_name = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (pdf, &pdf_bytes, &len, NULL));
  assert_original (f->store, id, pdf_bytes, len, "application/pdf");

  g_assert_true (gloss_qdpx_export (f->store, NULL, out, warnings, NULL, &error));
  g_assert_no_error (error);
  files = unzip (out);
  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_str_has_prefix (key, "sources/") && g_str_has_suffix (key, ".pdf"))
      {
        original_name = key;
        g_assert_cmpmem (g_bytes_get_data (value, NULL), g_bytes_get_size (value), pdf_bytes, len);
      }
  g_assert_nonnull (original_name);
  qde = g_hash_table_lookup (files, "project.qde");
  g_assert_nonnull (qde);
  qde_text = g_strndup (g_bytes_get_data (qde, NULL), g_bytes_get_size (qde));
  {
    g_autofree char *attr = g_strdup_printf ("richTextPath=\"internal://%s\"", original_name + strlen ("sources/"));

    g_assert_nonnull (strstr (qde_text, attr));
  }
}

/* Merging a copy brings the originals of the documents it adds. */
static void
test_merge (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *other_path = g_build_filename (f->dir, "other.gloss", NULL);
  g_autofree char *path = write_file (f, "strike.html", html, -1);
  g_autofree char *id = NULL;
  g_autoptr(GlossMergeReport) report = gloss_merge_report_new ();

  {
    g_autoptr(GlossStore) other = gloss_project_create (other_path, "other", 0, &error);

    g_assert_no_error (error);
    id = import_ok (other, path, NULL);
  }
  g_assert_true (gloss_merge (f->store, other_path, report, &error));
  g_assert_no_error (error);
  assert_original (f->store, id, html, strlen (html), "text/html");
}

/* A colleague's (or a hostile) project chooses ids and sources: the path the original
 * is opened from stays inside the cache folder. */
static void
test_cache_path (void)
{
  static const struct { const char *id, *source, *type, *name; } cases[] = {
    { "0b5e3c1a-8f0e-4c1e-9a6b-2d7f1f0e9c11", "/home/a/report.pdf", "application/pdf", "report.pdf" },
    { "0b5e3c1a-8f0e-4c1e-9a6b-2d7f1f0e9c11", "https://example.org/a", "text/html",
      "0b5e3c1a-8f0e-4c1e-9a6b-2d7f1f0e9c11.html" },
    { "0b5e3c1a-8f0e-4c1e-9a6b-2d7f1f0e9c11", NULL, "application/x-unknown",
      "0b5e3c1a-8f0e-4c1e-9a6b-2d7f1f0e9c11.bin" },
    { "0b5e3c1a-8f0e-4c1e-9a6b-2d7f1f0e9c11", "/tmp/..", "text/plain", "0b5e3c1a-8f0e-4c1e-9a6b-2d7f1f0e9c11.txt" },
    { "../../../../home/user/.bashrc", "..", "text/plain", NULL },
    { "..", "/x/a\\b.txt", "text/plain", NULL },
    { "/etc", "/x/line\nbreak.txt", "text/plain", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GlossDocument doc = { .id = (char *) cases[i].id, .source = (char *) cases[i].source };
      g_autofree char *path = gloss_original_cache_path ("/cache/originals", &doc, cases[i].type);
      g_autofree char *dir = g_path_get_dirname (path);
      g_autofree char *parent = g_path_get_dirname (dir);
      g_autofree char *segment = g_path_get_basename (dir);
      g_autofree char *name = g_path_get_basename (path);

      g_test_message ("%s", path);
      g_assert_cmpstr (parent, ==, "/cache/originals");
      g_assert_null (strstr (path, "/../"));
      g_assert_true (gloss_uuid_is_valid (segment) || strlen (segment) == 64);
      if (cases[i].name != NULL)
        g_assert_cmpstr (name, ==, cases[i].name);
      else
        g_assert_true (g_str_has_prefix (name, segment));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/originals/cache-path", test_cache_path);
  g_test_add ("/core/originals/round-trip", Fixture, NULL, fixture_setup, test_round_trip, fixture_teardown);
  g_test_add ("/core/originals/stored-once", Fixture, NULL, fixture_setup, test_stored_once, fixture_teardown);
  g_test_add ("/core/originals/corrupt", Fixture, NULL, fixture_setup, test_corrupt, fixture_teardown);
  g_test_add ("/core/originals/size-bound", Fixture, NULL, fixture_setup, test_size_bound, fixture_teardown);
  g_test_add ("/core/originals/pdf-qdpx", Fixture, NULL, fixture_setup, test_pdf_qdpx, fixture_teardown);
  g_test_add ("/core/originals/merge", Fixture, NULL, fixture_setup, test_merge, fixture_teardown);
  {
    int status = g_test_run ();

    /* cairo's font faces and fontconfig's configuration live until the process
     * ends; freed here so that LeakSanitizer sees only what Gloss leaves. */
    cairo_debug_reset_static_data ();
    FcFini ();
    return status;
  }
}

/* test-golden.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Golden-file tests of every exchange format, and the checks that cut across them.
 *
 * The fixture is tests/golden/fixture.json, a hand-checked Gloss JSON file (three
 * documents with curly quotes, accented names, emoji outside the BMP before spans
 * and a CJK word; overlapping and nested annotations; notes with quotes, commas,
 * CR/LF and <script>; two annotators and a missing one; six labels; typed fields,
 * entities, relations and document properties). It is imported
 * into an empty project whose own id and times are then fixed, so that every export
 * is the same bytes on every run. Each export goes through gloss-exchange.h and is
 * compared byte for byte with tests/golden/: gloss.json, w3c.json, with-text.jsonl,
 * no-text.jsonl, annotations.csv, annotations-bom.csv, brat/ (every file),
 * qdpx/ (project.qde and the sources inside the zip, not the zip bytes), report.html,
 * and FORMAT.warnings.txt with what each export said it could not carry.
 *
 * To regenerate the golden files after an intended change, run
 *
 *   GLOSS_UPDATE_GOLDEN=1 meson test -C BUILD test-golden
 *
 * then read every changed file (git diff tests/golden) before accepting it. On a
 * mismatch the test prints the first differing lines and the path of the actual
 * output (BUILD/tests/golden-actual/...).
 *
 * Besides the goldens: the CSV is read back with a strict RFC 4180 reader and compared
 * with the fixture; scopes (document + label + annotator, and a time window) export
 * exactly the matching annotations in every format; and malformed files of every
 * importable format are refused with a clear error that leaves every table of the
 * project as it was.
 */
#define G_LOG_DOMAIN "test-golden"

#include <string.h>
#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <sqlite3.h>

#include "gloss-exchange.h"
#include "gloss-fields.h"
#include "gloss-json.h"
#include "gloss-project.h"
#include "gloss-relations.h"
#include "gloss-store.h"

/* The report's "generated" time and the QDPX creation time: 2025-11-29T00:00:00Z. */
#define FIXED_EPOCH "1764374400"
#define PROJECT_ID "00000000-9999-4000-8000-000000000001"
#define PROJECT_TIME "2025-11-01T07:00:00.000Z"

/* ---- the fixture as written in fixture.json (read without the store) ---- */

typedef struct {
  char   *id;
  char   *document;
  char   *label;      /* name */
  gint64  start;
  gint64  end;
  char   *quote;
  char   *note;
  char   *annotator;
  char   *created;
  char   *modified;
  char   *entity;     /* the linked entity's name, or NULL */
  char   *entity_id;
  GHashTable *values; /* CSV column "Label.field" -> value as written (an entity by its name) */
} Ann;

typedef struct {
  char *id;
  char *title;
  char *text;
  char *source[6];   /* author, publisher, published, url, reliability, tlp, as the CSV orders them */
} Doc;

static const char * const source_members[] = { "author", "publisher", "published", "url", "reliability", "tlp" };

typedef struct {
  char       *dir;
  char       *path;
  GlossStore *store;
  GPtrArray  *docs;   /* Doc* in file order */
  GPtrArray  *anns;   /* Ann* in file order (document, start, end) */
} Fixture;

static void
ann_free (Ann *a)
{
  g_free (a->id);
  g_free (a->document);
  g_free (a->label);
  g_free (a->quote);
  g_free (a->note);
  g_free (a->annotator);
  g_free (a->created);
  g_free (a->modified);
  g_free (a->entity);
  g_free (a->entity_id);
  g_hash_table_unref (a->values);
  g_free (a);
}

static void
doc_free (Doc *d)
{
  g_free (d->id);
  g_free (d->title);
  for (guint k = 0; k < G_N_ELEMENTS (d->source); k++)
    g_free (d->source[k]);
  g_free (d->text);
  g_free (d);
}

static char *
dup_member (JsonObject *o, const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  return n == NULL || JSON_NODE_HOLDS_NULL (n) ? NULL : g_strdup (json_node_get_string (n));
}

static char *
golden_path (const char *rel)
{
  return g_test_build_filename (G_TEST_DIST, "golden", rel, NULL);
}

static void
load_expected (Fixture *f)
{
  g_autofree char *path = golden_path ("fixture.json");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) field_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) entities = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonObject *root;
  JsonArray *arr;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  arr = json_object_get_array_member (root, "labels");
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonObject *o = json_array_get_object_element (arr, i);
      JsonArray *fields = json_object_get_array_member (o, "fields");

      g_hash_table_insert (labels, dup_member (o, "id"), dup_member (o, "name"));
      for (guint j = 0; fields != NULL && j < json_array_get_length (fields); j++)
        {
          JsonObject *fo = json_array_get_object_element (fields, j);

          g_hash_table_insert (columns, dup_member (fo, "id"),
                               g_strdup_printf ("%s.%s", json_object_get_string_member (o, "name"),
                                                json_object_get_string_member (fo, "name")));
          g_hash_table_insert (field_types, dup_member (fo, "id"), dup_member (fo, "type"));
        }
    }
  arr = json_object_get_array_member (root, "entities");
  for (guint i = 0; arr != NULL && i < json_array_get_length (arr); i++)
    {
      JsonObject *o = json_array_get_object_element (arr, i);
      g_hash_table_insert (entities, dup_member (o, "id"), dup_member (o, "name"));
    }
  f->docs = g_ptr_array_new_with_free_func ((GDestroyNotify) doc_free);
  arr = json_object_get_array_member (root, "documents");
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonObject *o = json_array_get_object_element (arr, i);
      Doc *d = g_new0 (Doc, 1);

      d->id = dup_member (o, "id");
      d->title = dup_member (o, "title");
      d->text = dup_member (o, "text");
      for (guint k = 0; k < G_N_ELEMENTS (source_members); k++)
        d->source[k] = dup_member (o, source_members[k]);
      g_ptr_array_add (f->docs, d);
    }
  f->anns = g_ptr_array_new_with_free_func ((GDestroyNotify) ann_free);
  arr = json_object_get_array_member (root, "annotations");
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonObject *o = json_array_get_object_element (arr, i);
      Ann *a = g_new0 (Ann, 1);
      g_autofree char *label_id = dup_member (o, "label");

      a->id = dup_member (o, "id");
      a->document = dup_member (o, "document");
      a->label = g_strdup (g_hash_table_lookup (labels, label_id));
      a->start = json_object_get_int_member (o, "start");
      a->end = json_object_get_int_member (o, "end");
      a->quote = dup_member (o, "quote");
      a->note = dup_member (o, "note");
      a->annotator = dup_member (o, "annotator");
      a->created = dup_member (o, "created");
      a->modified = dup_member (o, "modified");
      a->entity_id = dup_member (o, "entity");
      a->entity = a->entity_id ? g_strdup (g_hash_table_lookup (entities, a->entity_id)) : NULL;
      a->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      {
        JsonArray *values = json_object_get_array_member (o, "fields");

        for (guint j = 0; values != NULL && j < json_array_get_length (values); j++)
          {
            JsonObject *vo = json_array_get_object_element (values, j);
            const char *field = json_object_get_string_member (vo, "field");
            const char *value = json_object_get_string_member (vo, "value");

            if (g_strcmp0 (g_hash_table_lookup (field_types, field), "entity") == 0)
              value = g_hash_table_lookup (entities, value);
            g_hash_table_insert (a->values, g_strdup (g_hash_table_lookup (columns, field)), g_strdup (value));
          }
      }
      g_assert_nonnull (a->label);
      g_ptr_array_add (f->anns, a);
    }
}

static Doc *
find_doc (Fixture *f, const char *id)
{
  for (guint i = 0; i < f->docs->len; i++)
    if (g_str_equal (((Doc *) f->docs->pdata[i])->id, id))
      return f->docs->pdata[i];
  g_assert_not_reached ();
}

/* ---- building the fixture ---- */

static void
exec_sql (sqlite3 *db, const char *sql, const char *a, const char *b)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (a)
    sqlite3_bind_text (stmt, 1, a, -1, SQLITE_STATIC);
  if (b)
    sqlite3_bind_text (stmt, 2, b, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossImportReport) report = gloss_import_report_new ();
  g_autofree char *json = golden_path ("fixture.json");
  sqlite3 *db = NULL;

  load_expected (f);
  f->dir = g_dir_make_tmp ("gloss-test-golden-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "golden.gloss", NULL);

  /* An empty project (as `gloss-cli init --empty`) ... */
  f->store = gloss_project_create (f->path, "Golden “fixture”", GLOSS_PROJECT_CREATE_NO_CODEBOOK, &error);
  g_assert_no_error (error);
  g_clear_object (&f->store);
  /* ... whose own id and times, which the store API draws afresh for every new
   * project, are fixed so that the W3C collection id does not change. */
  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  exec_sql (db, "UPDATE meta SET value = ?2 WHERE key = ?1", "id", PROJECT_ID);
  exec_sql (db, "UPDATE meta SET value = ?2 WHERE key = ?1", "created", PROJECT_TIME);
  exec_sql (db, "UPDATE meta SET value = ?2 WHERE key = ?1", "modified", PROJECT_TIME);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  /* ... into which the fixture is imported: Gloss JSON keeps ids and times. */
  f->store = gloss_store_open (f->path, 0, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_json_import_file (f->store, json, report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->documents_added, ==, f->docs->len);
  g_assert_cmpuint (report->annotations_added, ==, f->anns->len);
  g_assert_cmpuint (report->labels_added, ==, 6);
  g_assert_cmpuint (report->annotators_added, ==, 2);
}

static void
rm_rf (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      rm_rf (child);
    }
  g_dir_close (dir);
  g_rmdir (path);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_ptr_array_unref (f->docs);
  g_ptr_array_unref (f->anns);
}

/* ---- comparing with the golden files ---- */

static gboolean
updating (void)
{
  return g_strcmp0 (g_getenv ("GLOSS_UPDATE_GOLDEN"), "1") == 0;
}

static char **
split_lines (const char *data, gsize len)
{
  g_autofree char *copy = g_strndup (data, len);
  return g_strsplit (copy, "\n", -1);
}

/* Prints where @expected and @actual part: the first differing line with a little
 * context, in the shape of a unified diff. */
static void
print_diff_hint (const char *name, const char *expected, gsize expected_len,
                 const char *actual, gsize actual_len)
{
  g_auto(GStrv) a = split_lines (expected, expected_len);
  g_auto(GStrv) b = split_lines (actual, actual_len);
  guint na = g_strv_length (a), nb = g_strv_length (b), i = 0;
  g_autoptr(GString) s = g_string_new (NULL);

  while (i < na && i < nb && g_str_equal (a[i], b[i]))
    i++;
  g_string_append_printf (s, "--- golden/%s\n+++ actual\n@@ line %u @@\n", name, i + 1);
  for (guint j = i >= 2 ? i - 2 : 0; j < i; j++)
    g_string_append_printf (s, " %s\n", a[j]);
  for (guint j = i; j < na && j < i + 4; j++)
    g_string_append_printf (s, "-%s\n", a[j]);
  for (guint j = i; j < nb && j < i + 4; j++)
    g_string_append_printf (s, "+%s\n", b[j]);
  g_test_message ("%s", s->str);
  g_printerr ("%s", s->str);
}

static void
write_file_mkdir (const char *path, const char *data, gsize len)
{
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_file_set_contents (path, data, (gssize) len, &error);
  g_assert_no_error (error);
}

/* Compares @data with tests/golden/@name, or writes it there in update mode. */
static void
check_golden (const char *name, const char *data, gsize len)
{
  g_autofree char *path = golden_path (name);
  g_autofree char *expected = NULL;
  gsize expected_len = 0;

  if (updating ())
    {
      write_file_mkdir (path, data, len);
      g_test_message ("updated %s", path);
      return;
    }
  if (!g_file_get_contents (path, &expected, &expected_len, NULL))
    {
      g_test_message ("golden file %s is missing; create it with GLOSS_UPDATE_GOLDEN=1", path);
      g_test_fail ();
      return;
    }
  if (expected_len != len || memcmp (expected, data, len) != 0)
    {
      g_autofree char *actual = g_test_build_filename (G_TEST_BUILT, "golden-actual", name, NULL);

      write_file_mkdir (actual, data, len);
      print_diff_hint (name, expected, expected_len, data, len);
      g_test_message ("golden/%s differs: the actual output is %s", name, actual);
      g_printerr ("golden/%s differs: the actual output is %s\n", name, actual);
      g_test_fail ();
    }
}

/* The golden files under tests/golden/@sub, relative to it, sorted. */
static GPtrArray *
list_golden_dir (const char *sub)
{
  g_autofree char *dir = golden_path (sub);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) todo = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (todo, g_strdup (""));
  while (todo->len > 0)
    {
      g_autofree char *rel = g_ptr_array_steal_index (todo, todo->len - 1);
      g_autofree char *full = g_build_filename (dir, rel, NULL);
      GDir *d = g_dir_open (full, 0, NULL);
      const char *name;

      if (d == NULL)
        continue;
      while ((name = g_dir_read_name (d)) != NULL)
        {
          char *child_rel = *rel ? g_strconcat (rel, "/", name, NULL) : g_strdup (name);
          g_autofree char *child = g_build_filename (dir, child_rel, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR))
            g_ptr_array_add (todo, child_rel);
          else
            g_ptr_array_add (names, child_rel);
        }
      g_dir_close (d);
    }
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  return names;
}

static int
compare_str_ptr (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* @files: name -> GBytes, everything an export wrote under @sub. Each is compared
 * with its golden file, and a golden file the export did not write is an error. */
static void
check_golden_set (const char *sub, GHashTable *files)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) golden = list_golden_dir (sub);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (names, key);
  g_ptr_array_sort (names, compare_str_ptr);
  g_assert_cmpuint (names->len, >, 0);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *rel = g_strconcat (sub, "/", (char *) names->pdata[i], NULL);
      gsize len;
      const char *data = g_bytes_get_data (g_hash_table_lookup (files, names->pdata[i]), &len);

      check_golden (rel, data, len);
    }
  for (guint i = 0; i < golden->len; i++)
    if (!g_hash_table_contains (files, golden->pdata[i]))
      {
        g_autofree char *rel = g_strconcat (sub, "/", (char *) golden->pdata[i], NULL);
        g_autofree char *path = golden_path (rel);

        if (updating ())
          {
            g_unlink (path);
            g_test_message ("removed stale %s", path);
          }
        else
          {
            g_test_message ("golden/%s was not written by the export", rel);
            g_test_fail ();
          }
      }
}

static GBytes *
read_bytes (const char *path)
{
  char *data = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

/* Every regular file under @dir (relative name -> GBytes). */
static GHashTable *
read_tree (const char *dir)
{
  GHashTable *files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      g_assert_true (g_file_test (child, G_FILE_TEST_IS_REGULAR));
      g_hash_table_insert (files, g_strdup (name), read_bytes (child));
    }
  g_dir_close (d);
  return files;
}

/* The entries of a zip (name -> GBytes); each name must be unique. */
static GHashTable *
read_zip (const char *path)
{
  GHashTable *files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;

  archive_read_support_format_zip (a);
  g_assert_cmpint (archive_read_open_filename (a, path, 65536), ==, ARCHIVE_OK);
  while (archive_read_next_header (a, &entry) == ARCHIVE_OK)
    {
      GByteArray *buf = g_byte_array_new ();
      char chunk[65536];
      la_ssize_t n;

      while ((n = archive_read_data (a, chunk, sizeof chunk)) > 0)
        g_byte_array_append (buf, (const guint8 *) chunk, (guint) n);
      g_assert_cmpint (n, ==, 0);
      g_assert_false (g_hash_table_contains (files, archive_entry_pathname (entry)));
      g_hash_table_insert (files, g_strdup (archive_entry_pathname (entry)), g_byte_array_free_to_bytes (buf));
    }
  archive_read_free (a);
  return files;
}

/* ---- exporting ---- */

static char *
warnings_text (GPtrArray *warnings)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < warnings->len; i++)
    g_string_append_printf (s, "%s\n", (char *) warnings->pdata[i]);
  return g_string_free (s, FALSE);
}

/* Exports to @dir/@name through the exchange door and returns the path. For a format
 * that can go to a stream, the stream export must give the very same bytes. */
static char *
export_to (Fixture *f, const GlossScope *scope, GlossFormat format, const GlossExportOptions *options,
           const char *name, GPtrArray *warnings)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (gloss_exchange_export_path (f->store, scope, format, options, path, warnings, NULL, &error));
  g_assert_no_error (error);
  if (!gloss_format_writes_path (format))
    {
      g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
      g_autoptr(GBytes) streamed = NULL;
      g_autoptr(GBytes) written = read_bytes (path);
      g_autoptr(GPtrArray) w2 = g_ptr_array_new_with_free_func (g_free);

      g_assert_true (gloss_exchange_export_stream (f->store, scope, format, options, out, w2, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_output_stream_close (out, NULL, NULL));
      streamed = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
      g_assert_true (g_bytes_equal (streamed, written));
      if (warnings != NULL)
        {
          g_autofree char *a = warnings_text (warnings);
          g_autofree char *b = warnings_text (w2);
          g_assert_cmpstr (a, ==, b);
        }
    }
  return path;
}

typedef struct {
  const char  *test;
  GlossFormat  format;
  gboolean     omit_text;
  gboolean     bom;
  const char  *golden;     /* a file, or a folder for brat and qdpx */
  const char  *warnings;   /* golden file of the warnings */
} GoldenCase;

static const GoldenCase golden_cases[] = {
  { "json",         GLOSS_FORMAT_JSON,  FALSE, FALSE, "gloss.json",          "json.warnings.txt" },
  { "w3c",          GLOSS_FORMAT_W3C,   FALSE, FALSE, "w3c.json",            "w3c.warnings.txt" },
  { "jsonl",        GLOSS_FORMAT_JSONL, FALSE, FALSE, "with-text.jsonl",     "jsonl.warnings.txt" },
  { "jsonl-no-text", GLOSS_FORMAT_JSONL, TRUE, FALSE, "no-text.jsonl",       "jsonl-no-text.warnings.txt" },
  { "csv",          GLOSS_FORMAT_CSV,   FALSE, FALSE, "annotations.csv",     "csv.warnings.txt" },
  { "csv-bom",      GLOSS_FORMAT_CSV,   FALSE, TRUE,  "annotations-bom.csv", "csv-bom.warnings.txt" },
  { "brat",         GLOSS_FORMAT_BRAT,  FALSE, FALSE, "brat",                "brat.warnings.txt" },
  { "qdpx",         GLOSS_FORMAT_QDPX,  FALSE, FALSE, "qdpx",                "qdpx.warnings.txt" },
  { "html",         GLOSS_FORMAT_HTML,  FALSE, FALSE, "report.html",         "html.warnings.txt" },
};

static void
test_golden (Fixture *f, gconstpointer data)
{
  const GoldenCase *c = data;
  /* Pretty JSON, so that the golden file reads (and diffs) line by line. */
  GlossExportOptions options = { .omit_text = c->omit_text, .bom = c->bom, .pretty = TRUE };
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *name = g_strconcat ("out-", c->test, c->format == GLOSS_FORMAT_QDPX ? ".qdpx" : "", NULL);
  g_autofree char *path = export_to (f, NULL, c->format, &options, name, warnings);
  g_autofree char *w = warnings_text (warnings);

  if (c->format == GLOSS_FORMAT_BRAT)
    {
      g_autoptr(GHashTable) files = read_tree (path);
      check_golden_set (c->golden, files);
    }
  else if (c->format == GLOSS_FORMAT_QDPX)
    {
      g_autoptr(GHashTable) files = read_zip (path);
      check_golden_set (c->golden, files);
    }
  else
    {
      g_autoptr(GBytes) bytes = read_bytes (path);
      gsize len;
      const char *d = g_bytes_get_data (bytes, &len);

      check_golden (c->golden, d, len);
    }
  check_golden (c->warnings, w, strlen (w));

  /* A second export of the same project is the same bytes (nothing random, no clock). */
  if (!gloss_format_writes_path (c->format))
    {
      g_autofree char *again = export_to (f, NULL, c->format, &options, "again", NULL);
      g_autoptr(GBytes) a = read_bytes (path);
      g_autoptr(GBytes) b = read_bytes (again);
      g_assert_true (g_bytes_equal (a, b));
    }
}

/* ---- CSV read back ---- */

/* A strict RFC 4180 reader: records end in CRLF, fields containing a comma, quote,
 * CR or LF are quoted with inner quotes doubled, no bare quote or line break in an
 * unquoted field, and every record ends with CRLF. */
static GPtrArray *
parse_csv (const char *data, gsize len)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  gboolean quoted = FALSE;
  gsize i = 0;

  while (i < len)
    {
      char c = data[i];

      if (c == '"' && field->len == 0 && !quoted)
        {
          quoted = TRUE;
          for (i++;; i++)
            {
              g_assert_cmpuint (i, <, len);   /* an unterminated quoted field */
              if (data[i] == '"')
                {
                  if (i + 1 < len && data[i + 1] == '"')
                    {
                      g_string_append_c (field, '"');
                      i++;
                      continue;
                    }
                  break;
                }
              g_string_append_c (field, data[i]);
            }
          i++;
          g_assert_true (i == len || data[i] == ',' || data[i] == '\r');
          continue;
        }
      if (c == ',' || c == '\r')
        {
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
          quoted = FALSE;
          if (c == '\r')
            {
              g_assert_cmpuint (i + 1, <, len);
              g_assert_cmpint (data[i + 1], ==, '\n');
              g_ptr_array_add (rows, row);
              row = g_ptr_array_new_with_free_func (g_free);
              i++;
            }
          i++;
          continue;
        }
      g_assert_false (quoted);
      g_assert_cmpint (c, !=, '\n');
      g_assert_cmpint (c, !=, '"');
      g_string_append_c (field, c);
      i++;
    }
  g_assert_cmpuint (row->len, ==, 0);
  g_assert_cmpuint (field->len, ==, 0);
  g_ptr_array_unref (row);
  return rows;
}

/* What the CSV export writes for a value: empty for none, and a ' before what a
 * spreadsheet would run as a formula (=, +, @, tab, CR). */
static char *
csv_cell (const char *value)
{
  if (value == NULL)
    return g_strdup ("");
  if (value[0] != '\0' && strchr ("=+@\t\r", value[0]) != NULL)
    return g_strconcat ("'", value, NULL);
  return g_strdup (value);
}

static void
check_csv_rows (Fixture *f, const char *csv, gsize len)
{
  g_autoptr(GPtrArray) rows = parse_csv (csv, len);
  static const char * const header[] = { "document", "title", "start", "end", "quote", "label", "note",
                                         "annotator", "created", "modified", "id", "entity", "entity_id", "page",
                                         "author", "publisher", "published", "url", "reliability", "tlp" };
  GPtrArray *h;

  g_assert_cmpuint (rows->len, ==, f->anns->len + 1);
  h = rows->pdata[0];
  /* The fixed columns, then one per field of the fixture's labels: Claim's six,
   * Risk's five, Économie's one. */
  g_assert_cmpuint (h->len, ==, G_N_ELEMENTS (header) + 12);
  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    g_assert_cmpstr (h->pdata[i], ==, header[i]);
  g_assert_cmpstr (h->pdata[G_N_ELEMENTS (header)], ==, "Claim.speaker");
  g_assert_cmpstr (h->pdata[h->len - 1], ==, "Économie.verified");
  for (guint r = 0; r < f->anns->len; r++)
    {
      Ann *a = f->anns->pdata[r];
      GPtrArray *row = rows->pdata[r + 1];
      Doc *d = find_doc (f, a->document);
      g_autofree char *start = g_strdup_printf ("%" G_GINT64_FORMAT, a->start);
      g_autofree char *end = g_strdup_printf ("%" G_GINT64_FORMAT, a->end);
      g_autofree char *title = csv_cell (d->title);
      g_autofree char *quote = csv_cell (a->quote);
      g_autofree char *label = csv_cell (a->label);
      g_autofree char *note = csv_cell (a->note);
      g_autofree char *annotator = csv_cell (a->annotator);
      g_autofree char *slice = g_utf8_substring (d->text, a->start, a->end);

      g_assert_cmpuint (row->len, ==, h->len);
      g_assert_cmpstr (row->pdata[0], ==, a->document);
      g_assert_cmpstr (row->pdata[1], ==, title);
      g_assert_cmpstr (row->pdata[2], ==, start);
      g_assert_cmpstr (row->pdata[3], ==, end);
      g_assert_cmpstr (row->pdata[4], ==, quote);
      g_assert_cmpstr (row->pdata[5], ==, label);
      g_assert_cmpstr (row->pdata[6], ==, note);
      g_assert_cmpstr (row->pdata[7], ==, annotator);
      g_assert_cmpstr (row->pdata[8], ==, a->created);
      g_assert_cmpstr (row->pdata[9], ==, a->modified);
      g_assert_cmpstr (row->pdata[10], ==, a->id);
      g_assert_cmpstr (row->pdata[11], ==, a->entity ? a->entity : "");
      g_assert_cmpstr (row->pdata[12], ==, a->entity_id ? a->entity_id : "");
      g_assert_cmpstr (row->pdata[13], ==, "");   /* no PDFs in the fixture: no pages */
      /* The document's source details on each of its rows. */
      for (guint k = 0; k < G_N_ELEMENTS (source_members); k++)
        {
          g_autofree char *expected = csv_cell (d->source[k]);

          g_assert_cmpstr (row->pdata[14 + k], ==, expected);
        }
      /* Every field column holds the fixture's value, or nothing. */
      for (guint c = G_N_ELEMENTS (header); c < h->len; c++)
        {
          g_autofree char *expected = csv_cell (g_hash_table_lookup (a->values, h->pdata[c]));
          g_assert_cmpstr (row->pdata[c], ==, expected);
        }
      /* The offsets are code points: the quote is that slice of the text. */
      g_assert_cmpstr (slice, ==, a->quote);
    }
}

static void
test_csv_read_back (Fixture *f, gconstpointer data)
{
  GlossExportOptions plain = { 0 }, bom = { .bom = TRUE };
  g_autofree char *p1 = export_to (f, NULL, GLOSS_FORMAT_CSV, &plain, "plain.csv", NULL);
  g_autofree char *p2 = export_to (f, NULL, GLOSS_FORMAT_CSV, &bom, "bom.csv", NULL);
  g_autoptr(GBytes) b1 = read_bytes (p1);
  g_autoptr(GBytes) b2 = read_bytes (p2);
  gsize l1, l2;
  const char *c1 = g_bytes_get_data (b1, &l1);
  const char *c2 = g_bytes_get_data (b2, &l2);

  g_assert_true (g_utf8_validate (c1, (gssize) l1, NULL));
  g_assert_false (l1 >= 3 && memcmp (c1, "\xef\xbb\xbf", 3) == 0);
  /* The BOM is the only difference. */
  g_assert_cmpuint (l2, ==, l1 + 3);
  g_assert_true (memcmp (c2, "\xef\xbb\xbf", 3) == 0);
  g_assert_true (memcmp (c2 + 3, c1, l1) == 0);
  check_csv_rows (f, c1, l1);
}

/* ---- scopes ---- */

typedef struct {
  const char *name;
  const char *document;     /* fixture document id, or NULL */
  const char *labels;       /* comma-separated names, or NULL */
  const char *annotator;    /* or NULL */
  const char *since;        /* or NULL */
  const char *until;        /* or NULL */
} ScopeCase;

static const ScopeCase scope_cases[] = {
  { "document-label-annotator", "d0c00000-0000-4000-8000-000000000001", "Person,Claim", "Ana Ruiz", NULL, NULL },
  { "time-window", NULL, NULL, NULL, "2025-11-04T11:05:00.000Z", "2025-11-04T11:12:00.000Z" },
  { "label-annotator-two-documents", NULL, "Économie,Risk", "Björn Ångström", NULL, NULL },
};

static gboolean
in_list (const char *csv_list, const char *value)
{
  g_auto(GStrv) items = g_strsplit (csv_list, ",", -1);

  return g_strv_contains ((const char * const *) items, value);
}

static gboolean
ann_in_scope (const ScopeCase *c, const Ann *a)
{
  return (c->document == NULL || g_str_equal (a->document, c->document)) &&
         (c->labels == NULL || in_list (c->labels, a->label)) &&
         (c->annotator == NULL || g_strcmp0 (a->annotator, c->annotator) == 0) &&
         (c->since == NULL || strcmp (a->created, c->since) >= 0) &&
         (c->until == NULL || strcmp (a->created, c->until) < 0);
}

static void
add_key (GPtrArray *keys, const char *doc, gint64 start, gint64 end, const char *label)
{
  g_ptr_array_add (keys, g_strdup_printf ("%s|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%s",
                                          doc, start, end, label));
}

static char *
sorted_join (GPtrArray *keys)
{
  GString *s = g_string_new (NULL);

  g_ptr_array_sort (keys, compare_str_ptr);
  for (guint i = 0; i < keys->len; i++)
    g_string_append_printf (s, "%s\n", (char *) keys->pdata[i]);
  return g_string_free (s, FALSE);
}

static JsonNode *
parse_json (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* The annotations an export holds, each as "document|start|end|label" (brat and the
 * report have no annotation ids, so all formats are compared on what they all have). */
static char *
keys_json (const char *path, GPtrArray *doc_ids)
{
  g_autoptr(JsonNode) root = parse_json (path);
  JsonObject *o = json_node_get_object (root);
  JsonArray *labels = json_object_get_array_member (o, "labels");
  JsonArray *docs = json_object_get_array_member (o, "documents");
  JsonArray *anns = json_object_get_array_member (o, "annotations");
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (labels); i++)
    {
      JsonObject *l = json_array_get_object_element (labels, i);
      g_hash_table_insert (names, (char *) json_object_get_string_member (l, "id"),
                           (char *) json_object_get_string_member (l, "name"));
    }
  for (guint i = 0; i < json_array_get_length (docs); i++)
    g_ptr_array_add (doc_ids, g_strdup (json_object_get_string_member (json_array_get_object_element (docs, i), "id")));
  for (guint i = 0; i < json_array_get_length (anns); i++)
    {
      JsonObject *a = json_array_get_object_element (anns, i);
      add_key (keys, json_object_get_string_member (a, "document"), json_object_get_int_member (a, "start"),
               json_object_get_int_member (a, "end"),
               g_hash_table_lookup (names, json_object_get_string_member (a, "label")));
    }
  return sorted_join (keys);
}

static const char *
strip_urn (const char *id)
{
  return g_str_has_prefix (id, "urn:uuid:") ? id + strlen ("urn:uuid:") : id;
}

static char *
keys_w3c (const char *path)
{
  g_autoptr(JsonNode) root = parse_json (path);
  JsonObject *collection = json_node_get_object (root);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  JsonObject *page;
  gint64 total = json_object_get_int_member (collection, "total");
  gint64 n_links = 0;

  g_assert_cmpstr (json_object_get_string_member (collection, "type"), ==, "AnnotationCollection");
  page = json_object_has_member (collection, "first") ? json_object_get_object_member (collection, "first") : NULL;
  for (; page != NULL;
       page = json_object_has_member (page, "next") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (page, "next"))
              ? json_object_get_object_member (page, "next") : NULL)
    {
      JsonArray *items = json_object_get_array_member (page, "items");

      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *a = json_array_get_object_element (items, i);
          JsonObject *target;
          JsonArray *selectors;
          JsonArray *bodies = json_object_get_array_member (a, "body");
          const char *label = NULL;
          gint64 start = -1, end = -1;

          /* Relations are linking annotations; they are counted in "total". */
          if (g_strcmp0 (json_object_get_string_member_with_default (a, "motivation", ""), "linking") == 0)
            {
              n_links++;
              continue;
            }
          target = json_object_get_object_member (a, "target");
          selectors = json_object_get_array_member (target, "selector");
          for (guint j = 0; j < json_array_get_length (bodies); j++)
            {
              JsonObject *b = json_array_get_object_element (bodies, j);
              if (g_strcmp0 (json_object_get_string_member_with_default (b, "purpose", ""), "tagging") == 0)
                label = json_object_get_string_member (b, "value");
            }
          for (guint j = 0; j < json_array_get_length (selectors); j++)
            {
              JsonObject *s = json_array_get_object_element (selectors, j);
              if (g_str_equal (json_object_get_string_member (s, "type"), "TextPositionSelector"))
                {
                  start = json_object_get_int_member (s, "start");
                  end = json_object_get_int_member (s, "end");
                }
            }
          {
            JsonNode *source = json_object_get_member (target, "source");

            /* A document with source details is an object with them; else its urn. */
            if (JSON_NODE_HOLDS_OBJECT (source))
              {
                JsonObject *o = json_node_get_object (source);

                g_assert_cmpstr (json_object_get_string_member (o, "type"), ==, "Text");
                g_assert_true (json_object_has_member (o, "dcterms:accessRights"));
                source = json_object_get_member (o, "id");
              }
            add_key (keys, strip_urn (json_node_get_string (source)), start, end, label);
          }
        }
    }
  g_assert_cmpint (total, ==, (gint64) keys->len + n_links);
  return sorted_join (keys);
}

static char *
keys_jsonl (const char *path, GPtrArray *doc_ids)
{
  g_autoptr(GBytes) bytes = read_bytes (path);
  g_auto(GStrv) lines = g_strsplit (g_bytes_get_data (bytes, NULL), "\n", -1);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonObject *o;
      JsonArray *spans;
      const char *doc;

      if (lines[i][0] == '\0')
        {
          g_assert_null (lines[i + 1]);   /* only after the last line */
          continue;
        }
      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      o = json_node_get_object (json_parser_get_root (parser));
      doc = json_object_get_string_member (o, "id");
      g_ptr_array_add (doc_ids, g_strdup (doc));
      spans = json_object_get_array_member (o, "spans");
      for (guint j = 0; j < json_array_get_length (spans); j++)
        {
          JsonObject *s = json_array_get_object_element (spans, j);
          add_key (keys, doc, json_object_get_int_member (s, "start"), json_object_get_int_member (s, "end"),
                   json_object_get_string_member (s, "label"));
        }
    }
  return sorted_join (keys);
}

static char *
keys_csv (const char *path)
{
  g_autoptr(GBytes) bytes = read_bytes (path);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  g_autoptr(GPtrArray) rows = parse_csv (data, len);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  for (guint r = 1; r < rows->len; r++)
    {
      GPtrArray *row = rows->pdata[r];
      const char *label = row->pdata[5];

      add_key (keys, row->pdata[0], g_ascii_strtoll (row->pdata[2], NULL, 10),
               g_ascii_strtoll (row->pdata[3], NULL, 10), label[0] == '\'' ? label + 1 : label);
    }
  return sorted_join (keys);
}

/* brat names files after titles: a document is found by its text. */
static char *
keys_brat (Fixture *f, const char *dir, GPtrArray *doc_ids)
{
  g_autoptr(GHashTable) files = read_tree (dir);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;

  g_assert_true (g_hash_table_contains (files, "annotation.conf"));
  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *name = key;
      g_autofree char *stem = NULL;
      g_autofree char *ann_name = NULL;
      GBytes *ann;
      const char *doc = NULL;
      g_auto(GStrv) lines = NULL;

      if (!g_str_has_suffix (name, ".txt"))
        continue;
      stem = g_strndup (name, strlen (name) - 4);
      for (guint i = 0; i < f->docs->len; i++)
        {
          Doc *d = f->docs->pdata[i];
          gsize len;
          const char *text = g_bytes_get_data (value, &len);

          if (strlen (d->text) == len && memcmp (d->text, text, len) == 0)
            doc = d->id;
        }
      g_assert_nonnull (doc);
      g_ptr_array_add (doc_ids, g_strdup (doc));
      ann_name = g_strconcat (stem, ".ann", NULL);
      ann = g_hash_table_lookup (files, ann_name);
      g_assert_nonnull (ann);
      lines = g_strsplit (g_bytes_get_data (ann, NULL), "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_auto(GStrv) fields = NULL;
          g_auto(GStrv) middle = NULL;

          if (lines[i][0] != 'T')
            continue;
          fields = g_strsplit (lines[i], "\t", 3);
          middle = g_strsplit (fields[1], " ", 3);
          add_key (keys, doc, g_ascii_strtoll (middle[1], NULL, 10), g_ascii_strtoll (middle[2], NULL, 10), middle[0]);
        }
    }
  return sorted_join (keys);
}

static char *
xml_prop (xmlNode *node, const char *name)
{
  xmlChar *v = xmlGetProp (node, (const xmlChar *) name);
  char *s = g_strdup ((const char *) v);

  xmlFree (v);
  return s;
}

static char *
keys_qdpx (const char *path, GPtrArray *doc_ids)
{
  g_autoptr(GHashTable) files = read_zip (path);
  GBytes *qde = g_hash_table_lookup (files, "project.qde");
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gsize len;
  const char *data;
  xmlDoc *xml;
  g_autoptr(GPtrArray) todo = g_ptr_array_new ();

  g_assert_nonnull (qde);
  data = g_bytes_get_data (qde, &len);
  xml = xmlReadMemory (data, (int) len, "project.qde", NULL, XML_PARSE_NONET);
  g_assert_nonnull (xml);
  /* Two passes: codes first (they come before the sources, but do not rely on it). */
  for (int pass = 0; pass < 2; pass++)
    {
      g_ptr_array_add (todo, xmlDocGetRootElement (xml));
      while (todo->len > 0)
        {
          xmlNode *n = g_ptr_array_steal_index (todo, todo->len - 1);

          for (xmlNode *c = n->children; c != NULL; c = c->next)
            if (c->type == XML_ELEMENT_NODE)
              g_ptr_array_add (todo, c);
          if (n->type != XML_ELEMENT_NODE)
            continue;
          if (pass == 0 && xmlStrEqual (n->name, (const xmlChar *) "Code"))
            g_hash_table_insert (codes, xml_prop (n, "guid"), xml_prop (n, "name"));
          if (pass == 1 && xmlStrEqual (n->name, (const xmlChar *) "TextSource"))
            g_ptr_array_add (doc_ids, xml_prop (n, "guid"));
          if (pass == 1 && xmlStrEqual (n->name, (const xmlChar *) "PlainTextSelection"))
            {
              g_autofree char *doc = xml_prop (n->parent, "guid");
              g_autofree char *start = xml_prop (n, "startPosition");
              g_autofree char *end = xml_prop (n, "endPosition");
              const char *label = NULL;

              for (xmlNode *c = n->children; c != NULL; c = c->next)
                if (c->type == XML_ELEMENT_NODE && xmlStrEqual (c->name, (const xmlChar *) "Coding"))
                  for (xmlNode *r = c->children; r != NULL; r = r->next)
                    if (r->type == XML_ELEMENT_NODE && xmlStrEqual (r->name, (const xmlChar *) "CodeRef"))
                      {
                        g_autofree char *target = xml_prop (r, "targetGUID");
                        label = g_hash_table_lookup (codes, target);
                      }
              g_assert_nonnull (label);
              add_key (keys, doc, g_ascii_strtoll (start, NULL, 10), g_ascii_strtoll (end, NULL, 10), label);
            }
        }
    }
  xmlFreeDoc (xml);
  return sorted_join (keys);
}

/* The report numbers annotations instead of naming their ids or offsets: each
 * annotation is one <mark ... id="aN" title="LABEL[ — note]"> (the first piece of
 * its span) in the section of its document. The labels of those marks are checked. */
/* What the report writes for a title: & < > " and ' as entities. */
static char *
html_escape (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    switch (*p)
      {
      case '&': g_string_append (s, "&amp;"); break;
      case '<': g_string_append (s, "&lt;"); break;
      case '>': g_string_append (s, "&gt;"); break;
      case '"': g_string_append (s, "&quot;"); break;
      case '\'': g_string_append (s, "&#39;"); break;
      default: g_string_append_c (s, *p);
      }
  return g_string_free (s, FALSE);
}

static void
html_labels (Fixture *f, const char *path, GPtrArray *doc_ids, GPtrArray *labels)
{
  g_autoptr(GBytes) bytes = read_bytes (path);
  const char *html = g_bytes_get_data (bytes, NULL);
  const char *p = html;
  guint sections = 0;

  while ((p = strstr (p, "<section class=\"document\"")) != NULL)
    {
      const char *h2 = strstr (p, "<h2>");
      const char *next = strstr (p + 1, "<section");
      const char *m = p;

      sections++;
      g_assert_nonnull (h2);
      /* The heading is the escaped title: find the document by it. */
      for (guint i = 0; i < f->docs->len; i++)
        {
          Doc *d = f->docs->pdata[i];
          g_autofree char *escaped = html_escape (d->title);
          if (g_str_has_prefix (h2 + 4, escaped) && h2[4 + strlen (escaped)] == '<')
            g_ptr_array_add (doc_ids, g_strdup (d->id));
        }
      while ((m = strstr (m, "<mark ")) != NULL && (next == NULL || m < next))
        {
          const char *end = strchr (m, '>');
          g_autofree char *tag = g_strndup (m, end - m);
          const char *title = strstr (tag, " title=\"");

          m = end;
          if (strstr (tag, " id=\"a") == NULL)
            continue;
          g_assert_nonnull (title);
          title += strlen (" title=\"");
          {
            const char *stop = strstr (title, " — ");
            const char *q = strchr (title, '"');
            g_ptr_array_add (labels, g_strndup (title, (stop && stop < q ? stop : q) - title));
          }
        }
      p++;
    }
  g_assert_cmpuint (sections, ==, doc_ids->len);
}

static void
test_scope (Fixture *f, gconstpointer data)
{
  const ScopeCase *c = data;
  g_autoptr(GlossScope) scope = gloss_scope_new ();
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) expected_labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) expected_docs = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *want = NULL;
  g_autofree char *want_docs = NULL;
  g_autofree char *want_labels = NULL;
  GlossExportOptions options = { 0 };
  g_autoptr(GError) error = NULL;

  if (c->document)
    scope->document_ids = g_strsplit (c->document, ",", -1);
  if (c->labels)
    scope->label_names = g_strsplit (c->labels, ",", -1);
  if (c->annotator)
    scope->annotators = g_strsplit (c->annotator, ",", -1);
  scope->since = g_strdup (c->since);
  scope->until = g_strdup (c->until);
  g_assert_true (gloss_scope_validate (f->store, scope, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < f->anns->len; i++)
    {
      Ann *a = f->anns->pdata[i];
      if (ann_in_scope (c, a))
        {
          add_key (expected, a->document, a->start, a->end, a->label);
          g_ptr_array_add (expected_labels, g_strdup (a->label));
        }
    }
  /* Every scope here leaves some annotations out and keeps some. */
  g_assert_cmpuint (expected->len, >, 0);
  g_assert_cmpuint (expected->len, <, f->anns->len);
  for (guint i = 0; i < f->docs->len; i++)
    {
      Doc *d = f->docs->pdata[i];
      if (c->document == NULL || g_str_equal (c->document, d->id))
        g_ptr_array_add (expected_docs, g_strdup (d->id));
    }
  want = sorted_join (expected);
  want_docs = sorted_join (expected_docs);
  want_labels = sorted_join (expected_labels);
  g_test_message ("expected:\n%s", want);

  {
    g_autofree char *path = export_to (f, scope, GLOSS_FORMAT_JSON, &options, "scope.json", NULL);
    g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *got = keys_json (path, docs);
    g_autofree char *got_docs = sorted_join (docs);

    g_assert_cmpstr (got, ==, want);
    g_assert_cmpstr (got_docs, ==, want_docs);
  }
  {
    g_autofree char *path = export_to (f, scope, GLOSS_FORMAT_W3C, &options, "scope.w3c.json", NULL);
    g_autofree char *got = keys_w3c (path);

    g_assert_cmpstr (got, ==, want);
  }
  for (int omit = 0; omit < 2; omit++)
    {
      GlossExportOptions o = { .omit_text = omit };
      g_autofree char *path = export_to (f, scope, GLOSS_FORMAT_JSONL, &o, "scope.jsonl", NULL);
      g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *got = keys_jsonl (path, docs);
      g_autofree char *got_docs = sorted_join (docs);

      g_assert_cmpstr (got, ==, want);
      g_assert_cmpstr (got_docs, ==, want_docs);
    }
  {
    g_autofree char *path = export_to (f, scope, GLOSS_FORMAT_CSV, &options, "scope.csv", NULL);
    g_autofree char *got = keys_csv (path);

    g_assert_cmpstr (got, ==, want);
  }
  {
    g_autofree char *path = export_to (f, scope, GLOSS_FORMAT_BRAT, &options, "scope-brat", NULL);
    g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *got = keys_brat (f, path, docs);
    g_autofree char *got_docs = sorted_join (docs);

    g_assert_cmpstr (got, ==, want);
    g_assert_cmpstr (got_docs, ==, want_docs);
  }
  {
    g_autofree char *path = export_to (f, scope, GLOSS_FORMAT_QDPX, &options, "scope.qdpx", NULL);
    g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *got = keys_qdpx (path, docs);
    g_autofree char *got_docs = sorted_join (docs);

    g_assert_cmpstr (got, ==, want);
    g_assert_cmpstr (got_docs, ==, want_docs);
  }
  {
    g_autofree char *path = export_to (f, scope, GLOSS_FORMAT_HTML, &options, "scope.html", NULL);
    g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *got_docs = NULL;
    g_autofree char *got_labels = NULL;

    html_labels (f, path, docs, labels);
    got_docs = sorted_join (docs);
    got_labels = sorted_join (labels);
    g_assert_cmpstr (got_labels, ==, want_labels);
    g_assert_cmpstr (got_docs, ==, want_docs);
  }
}

/* ---- malformed imports leave the project as it was ---- */

static void
append_value (GString *s, sqlite3_stmt *stmt, int col)
{
  switch (sqlite3_column_type (stmt, col))
    {
    case SQLITE_NULL:
      g_string_append (s, "NULL");
      break;
    case SQLITE_INTEGER:
      g_string_append_printf (s, "%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, col));
      break;
    case SQLITE_FLOAT:
      g_string_append_printf (s, "%.17g", sqlite3_column_double (stmt, col));
      break;
    case SQLITE_TEXT:
      /* One row per line: line breaks and backslashes escaped, UTF-8 kept. */
      g_string_append_c (s, '\'');
      for (const char *p = (const char *) sqlite3_column_text (stmt, col); *p; p++)
        {
          if (*p == '\n')
            g_string_append (s, "\\n");
          else if (*p == '\r')
            g_string_append (s, "\\r");
          else if (*p == '\\')
            g_string_append (s, "\\\\");
          else
            g_string_append_c (s, *p);
        }
      g_string_append_c (s, '\'');
      break;
    default:
      {
        const guchar *blob = sqlite3_column_blob (stmt, col);
        int n = sqlite3_column_bytes (stmt, col);

        g_string_append (s, "x'");
        for (int i = 0; i < n; i++)
          g_string_append_printf (s, "%02x", blob[i]);
        g_string_append_c (s, '\'');
      }
    }
}

/* Every row of every table of the project (FTS shadow tables included), tables by
 * name and rows sorted, read on a connection of its own. */
static char *
dump_project (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *tables = NULL;
  GString *s = g_string_new (NULL);

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name, sql FROM sqlite_schema WHERE type = 'table' ORDER BY name",
                                       -1, &tables, NULL), ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (tables, 0);
      const char *sql = (const char *) sqlite3_column_text (tables, 1);
      g_autoptr(GString) quoted = g_string_new ("\"");
      g_autofree char *select = NULL;
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
      sqlite3_stmt *stmt = NULL;

      /* The FTS index itself is read through its shadow tables. */
      if (sql != NULL && g_str_has_prefix (sql, "CREATE VIRTUAL TABLE"))
        continue;
      /* An identifier cannot be bound: quote the schema's own table name. */
      for (const char *p = name; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (quoted, '"');
          g_string_append_c (quoted, *p);
        }
      g_string_append_c (quoted, '"');
      select = g_strdup_printf ("SELECT * FROM %s", quoted->str);
      g_assert_cmpint (sqlite3_prepare_v2 (db, select, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          GString *row = g_string_new (NULL);

          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              if (c > 0)
                g_string_append_c (row, '|');
              append_value (row, stmt, c);
            }
          g_ptr_array_add (rows, g_string_free (row, FALSE));
        }
      sqlite3_finalize (stmt);
      g_ptr_array_sort (rows, compare_str_ptr);
      g_string_append_printf (s, "[%s] %u rows\n", name, rows->len);
      for (guint i = 0; i < rows->len; i++)
        g_string_append_printf (s, "%s\n", (char *) rows->pdata[i]);
    }
  sqlite3_finalize (tables);
  sqlite3_close (db);
  return g_string_free (s, FALSE);
}

typedef struct {
  const char *file;          /* name to write it under */
  const char *content;       /* NULL: built by the test (zips) */
  GlossFormat format;
  const char *message_part;  /* what the error must say */
} BadFile;

/* A new document and a valid annotation on it come before the fault in each file,
 * so that an import that is not one transaction would leave them behind. */
#define NEW_TEXT "A new text, never seen before.\n"
#define NEW_DOC "{\"id\": \"d0c00000-0000-4000-8000-0000000000ff\", \"title\": \"New\", \"text\": \"" \
                "A new text, never seen before.\\n\"}"
#define GOOD_ANN "{\"id\": \"a0000000-0000-4000-8000-0000000000f1\", \"document\": " \
                 "\"d0c00000-0000-4000-8000-0000000000ff\", \"label\": \"11111111-0000-4000-8000-000000000001\", " \
                 "\"start\": 2, \"end\": 5, \"quote\": \"new\"}"
#define BAD_ANN(start, end, quote) \
  "{\"id\": \"a0000000-0000-4000-8000-0000000000f2\", \"document\": " \
  "\"d0c00000-0000-4000-8000-0000000000ff\", \"label\": \"11111111-0000-4000-8000-000000000002\", " \
  "\"start\": " start ", \"end\": " end ", \"quote\": " quote "}"
#define GLOSS_FILE(docs, anns) \
  "{\"format\": \"gloss\", \"version\": 1, \"labels\": [], \"documents\": " docs ", \"annotations\": " anns "}"

/* W3C: one annotation anchored on the fixture's first document, then a bad one. */
#define W3C_GOOD \
  "{\"id\": \"urn:uuid:a0000000-0000-4000-8000-0000000000e1\", \"type\": \"Annotation\", " \
  "\"body\": {\"type\": \"TextualBody\", \"value\": \"Harbour\", \"purpose\": \"tagging\"}, " \
  "\"target\": {\"source\": \"urn:uuid:d0c00000-0000-4000-8000-000000000001\", \"selector\": [" \
  "{\"type\": \"TextQuoteSelector\", \"exact\": \"Port\"}, {\"type\": \"TextPositionSelector\", \"start\": 2, \"end\": 6}]}}"
#define W3C_BAD(selector) \
  "{\"id\": \"urn:uuid:a0000000-0000-4000-8000-0000000000e2\", \"type\": \"Annotation\", " \
  "\"body\": {\"type\": \"TextualBody\", \"value\": \"Harbour\", \"purpose\": \"tagging\"}, " \
  "\"target\": {\"source\": \"urn:uuid:d0c00000-0000-4000-8000-000000000001\", \"selector\": [" selector "]}}"
#define W3C_PAGE(items) "{\"@context\": \"http://www.w3.org/ns/anno.jsonld\", \"type\": \"AnnotationPage\", \"items\": [" items "]}"

#define JSONL_GOOD "{\"id\": \"new-1\", \"text\": \"" "A new text, never seen before.\\n" "\", " \
                   "\"spans\": [{\"start\": 2, \"end\": 5, \"label\": \"Person\"}]}\n"

static const BadFile bad_files[] = {
  /* Gloss JSON */
  { "truncated.json", NULL, GLOSS_FORMAT_JSON, "truncated.json" },
  { "wrong-type.json", GLOSS_FILE ("[" NEW_DOC "]", "[" GOOD_ANN ", " BAD_ANN ("\"2\"", "5", "\"new\"") "]"),
    GLOSS_FORMAT_JSON, "annotations[1]" },
  { "past-end.json", GLOSS_FILE ("[" NEW_DOC "]", "[" GOOD_ANN ", " BAD_ANN ("2", "999", "\"new\"") "]"),
    GLOSS_FORMAT_JSON, "annotations[1]" },
  { "quote-mismatch.json", GLOSS_FILE ("[" NEW_DOC "]", "[" GOOD_ANN ", " BAD_ANN ("2", "5", "\"old\"") "]"),
    GLOSS_FORMAT_JSON, "annotations[1]" },
  { "documents-not-array.json", GLOSS_FILE ("{}", "[]"), GLOSS_FORMAT_JSON, "documents" },
  { "newer.json", "{\"format\": \"gloss\", \"version\": 99, \"labels\": [], \"documents\": [], \"annotations\": []}",
    GLOSS_FORMAT_JSON, "99" },
  /* W3C Web Annotation */
  { "truncated.jsonld", NULL, GLOSS_FORMAT_W3C, "not valid JSON" },
  { "wrong-type.jsonld",
    W3C_PAGE (W3C_GOOD ", " W3C_BAD ("{\"type\": \"TextPositionSelector\", \"start\": \"2\", \"end\": 6}")),
    GLOSS_FORMAT_W3C, "items[1]" },
  { "negative-start.jsonld",
    W3C_PAGE (W3C_GOOD ", " W3C_BAD ("{\"type\": \"TextPositionSelector\", \"start\": -2, \"end\": 6}")),
    GLOSS_FORMAT_W3C, "items[1]" },
  { "body-not-object.jsonld",
    W3C_PAGE (W3C_GOOD ", {\"id\": \"urn:uuid:a0000000-0000-4000-8000-0000000000e3\", \"type\": \"Annotation\", "
              "\"body\": 42, \"target\": {\"source\": \"urn:uuid:d0c00000-0000-4000-8000-000000000001\", "
              "\"selector\": {\"type\": \"TextPositionSelector\", \"start\": 2, \"end\": 6}}}"),
    GLOSS_FORMAT_W3C, "items[1]" },
  /* JSON Lines */
  { "truncated.jsonl", NULL, GLOSS_FORMAT_JSONL, "line 2" },
  { "wrong-type.jsonl", JSONL_GOOD "{\"id\": \"new-2\", \"text\": \"Another new text.\", \"spans\": \"all\"}\n",
    GLOSS_FORMAT_JSONL, "line 2" },
  { "past-end.jsonl", JSONL_GOOD "{\"id\": \"new-2\", \"text\": \"Another new text.\", "
                      "\"spans\": [{\"start\": 3, \"end\": 300, \"label\": \"Person\"}]}\n",
    GLOSS_FORMAT_JSONL, "line 2" },
  { "label-number.jsonl", JSONL_GOOD "{\"id\": \"new-2\", \"text\": \"Another new text.\", "
                          "\"spans\": [{\"start\": 0, \"end\": 7, \"label\": 7}]}\n",
    GLOSS_FORMAT_JSONL, "line 2" },
  /* brat folders: a valid new pair first (a-new), then the bad one (z-bad) */
  { "brat-text-mismatch", "T1\tPerson 2 5\tnow\n", GLOSS_FORMAT_BRAT, "z-bad.ann" },
  { "brat-past-end", "T1\tPerson 2 5\tnew\nT2\tPerson 20 99\tnever\n", GLOSS_FORMAT_BRAT, "z-bad.ann" },
  { "brat-truncated-line", "T1\tPerson 2 5\tnew\nT2\tPerson 7", GLOSS_FORMAT_BRAT, "z-bad.ann" },
  /* brat zips */
  { "traversal.zip", NULL, GLOSS_FORMAT_BRAT, "“../../evil.txt”, which points outside" },
  { "absolute.zip", NULL, GLOSS_FORMAT_BRAT, "“/tmp/evil.txt”, which points outside" },
  { "truncated.zip", NULL, GLOSS_FORMAT_BRAT, "truncated.zip" },
  /* export-only formats */
  { "annotations.csv", "document,title\r\n", GLOSS_FORMAT_CSV, "does not import" },
  { "project.qdpx", "PK", GLOSS_FORMAT_QDPX, "does not import" },
  { "report.html", "<html></html>", GLOSS_FORMAT_HTML, "does not import" },
};

static void
write_zip (const char *path, const char * const *names, const char * const *contents)
{
  struct archive *a = archive_write_new ();

  g_assert_cmpint (archive_write_set_format_zip (a), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_open_filename (a, path), ==, ARCHIVE_OK);
  for (guint i = 0; names[i] != NULL; i++)
    {
      struct archive_entry *e = archive_entry_new ();
      size_t len = strlen (contents[i]);

      archive_entry_set_pathname (e, names[i]);
      archive_entry_set_filetype (e, AE_IFREG);
      archive_entry_set_perm (e, 0644);
      archive_entry_set_size (e, (la_int64_t) len);
      g_assert_cmpint (archive_write_header (a, e), ==, ARCHIVE_OK);
      g_assert_cmpint (archive_write_data (a, contents[i], len), ==, (la_ssize_t) len);
      archive_entry_free (e);
    }
  g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
  archive_write_free (a);
}

static void
cut_in_half (const char *path, const char *data, gsize len)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, (gssize) (len / 2), &error);
  g_assert_no_error (error);
}

static char *
make_bad_file (Fixture *f, const BadFile *b)
{
  g_autofree char *sub = g_build_filename (f->dir, "bad", "deeper", NULL);
  char *path = g_build_filename (sub, b->file, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (sub, 0755), ==, 0);
  if (g_str_equal (b->file, "truncated.json"))
    {
      static const char full[] = GLOSS_FILE ("[" NEW_DOC "]", "[" GOOD_ANN "]");
      cut_in_half (path, full, strlen (full));
    }
  else if (g_str_equal (b->file, "truncated.jsonld"))
    {
      static const char full[] = W3C_PAGE (W3C_GOOD);
      cut_in_half (path, full, strlen (full));
    }
  else if (g_str_equal (b->file, "truncated.jsonl"))
    {
      static const char full[] = JSONL_GOOD "{\"id\": \"new-2\", \"text\": \"Another new text.\", \"spans\": []}\n";
      /* The first line whole, the second cut. */
      g_file_set_contents (path, full, (gssize) (strlen (JSONL_GOOD) + 20), &error);
      g_assert_no_error (error);
    }
  else if (g_str_has_prefix (b->file, "brat-"))
    {
      g_autofree char *good_txt = g_build_filename (path, "a-new.txt", NULL);
      g_autofree char *good_ann = g_build_filename (path, "a-new.ann", NULL);
      g_autofree char *txt = g_build_filename (path, "z-bad.txt", NULL);
      g_autofree char *ann = g_build_filename (path, "z-bad.ann", NULL);

      g_assert_cmpint (g_mkdir (path, 0755), ==, 0);
      g_assert_true (g_file_set_contents (good_txt, "Ostrava is a city.\n", -1, NULL));
      g_assert_true (g_file_set_contents (good_ann, "T1\tLocation 0 7\tOstrava\n", -1, NULL));
      g_assert_true (g_file_set_contents (txt, NEW_TEXT, -1, NULL));
      g_assert_true (g_file_set_contents (ann, b->content, -1, NULL));
    }
  else if (g_str_equal (b->file, "traversal.zip") || g_str_equal (b->file, "absolute.zip") ||
           g_str_equal (b->file, "truncated.zip"))
    {
      const char *evil = g_str_equal (b->file, "absolute.zip") ? "/tmp/evil" : "../../evil";
      g_autofree char *evil_txt = g_strconcat (evil, ".txt", NULL);
      g_autofree char *evil_ann = g_strconcat (evil, ".ann", NULL);
      const char *names[] = { "a-new.txt", "a-new.ann", evil_txt, evil_ann, NULL };
      const char *contents[] = { "Ostrava is a city.\n", "T1\tLocation 0 7\tOstrava\n",
                                 NEW_TEXT, "T1\tPerson 2 5\tnew\n", NULL };

      if (g_str_equal (b->file, "truncated.zip"))
        {
          g_autofree char *whole = g_build_filename (f->dir, "whole.zip", NULL);
          g_autoptr(GBytes) bytes = NULL;
          const char *good_names[] = { "a-new.txt", "a-new.ann", "z-new.txt", "z-new.ann", NULL };
          gsize len;
          const char *zip_data;

          write_zip (whole, good_names, contents);
          bytes = read_bytes (whole);
          zip_data = g_bytes_get_data (bytes, &len);
          cut_in_half (path, zip_data, len);
        }
      else
        write_zip (path, names, contents);
    }
  else
    {
      g_file_set_contents (path, b->content, -1, &error);
      g_assert_no_error (error);
    }
  return path;
}

/* Prints the rows one dump has and the other lacks. */
static void
print_dump_difference (const char *before, const char *after)
{
  g_auto(GStrv) a = g_strsplit (before, "\n", -1);
  g_auto(GStrv) b = g_strsplit (after, "\n", -1);
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; a[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) b, a[i]))
      g_string_append_printf (s, "-%s\n", a[i]);
  for (guint i = 0; b[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) a, b[i]))
      g_string_append_printf (s, "+%s\n", b[i]);
  g_test_message ("project rows removed (-) and added (+):\n%s", s->str);
}

static void
test_malformed (Fixture *f, gconstpointer data)
{
  g_autofree char *before = dump_project (f->path);

  /* The dump sees the fixture. */
  g_assert_nonnull (strstr (before, "Zoë Okafor"));
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      const BadFile *b = &bad_files[i];
      g_autofree char *path = make_bad_file (f, b);
      g_autoptr(GError) error = NULL;
      g_autoptr(GlossImportReport) report = gloss_import_report_new ();
      g_autofree char *after = NULL;
      gboolean ok;

      /* After a failure, each case is still judged on its own. */
      g_free (before);
      before = dump_project (f->path);

      ok = gloss_exchange_import (f->store, path, b->format, report, &error);
      g_test_message ("%s: %s", b->file, error ? error->message : "(imported!)");
      if (ok)
        {
          g_test_message ("%s was imported but must be refused", b->file);
          g_test_fail ();
          continue;
        }
      g_assert_nonnull (error);
      if (strstr (error->message, b->message_part) == NULL)
        {
          g_test_message ("%s: the error does not say “%s”", b->file, b->message_part);
          g_test_fail ();
        }
      after = dump_project (f->path);
      if (!g_str_equal (before, after))
        {
          print_dump_difference (before, after);
          g_test_message ("%s changed the project", b->file);
          g_test_fail ();
        }
    }
  /* Nothing was written where the traversal names point. */
  {
    g_autofree char *evil1 = g_build_filename (f->dir, "evil.ann", NULL);
    g_autofree char *evil2 = g_build_filename (f->dir, "bad", "evil.ann", NULL);

    g_assert_false (g_file_test (evil1, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (evil2, G_FILE_TEST_EXISTS));
  }
}

/* W3C import re-anchors what it can and reports the rest (issue 5): an annotation
 * whose position does not fit its document and that has no quote is not added, and
 * the report says why, naming it; the valid one beside it is added. */
static void
test_w3c_unanchored (Fixture *f, gconstpointer data)
{
  static const char page[] =
    W3C_PAGE (W3C_GOOD ", " W3C_BAD ("{\"type\": \"TextPositionSelector\", \"start\": 500, \"end\": 510}"));
  g_autofree char *path = g_build_filename (f->dir, "past-end.jsonld", NULL);
  g_autoptr(GlossImportReport) report = gloss_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) good = NULL;
  g_autoptr(GlossAnnotation) bad = NULL;
  gboolean noted = FALSE;

  g_assert_true (g_file_set_contents (path, page, -1, NULL));
  g_assert_cmpint (gloss_exchange_sniff (path), ==, GLOSS_FORMAT_W3C);
  g_assert_true (gloss_exchange_import (f->store, path, GLOSS_FORMAT_W3C, report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->annotations_added, ==, 1);
  good = gloss_store_get_annotation (f->store, "a0000000-0000-4000-8000-0000000000e1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (good->quote, ==, "Port");
  bad = gloss_store_get_annotation (f->store, "a0000000-0000-4000-8000-0000000000e2", &error);
  g_assert_null (bad);
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND);
  for (guint i = 0; i < report->notes->len; i++)
    {
      const char *note = report->notes->pdata[i];

      g_test_message ("note: %s", note);
      if (strstr (note, "a0000000-0000-4000-8000-0000000000e2") && strstr (note, "not anchored") &&
          strstr (note, "[500, 510) does not fit"))
        noted = TRUE;
    }
  g_assert_true (noted);
}

/* The fixture imports whole (every quote is the code-point slice of its text), and
 * its Gloss JSON export, imported into another empty project and exported again,
 * gives the same bytes: ids, times, order and context are kept, and so are fields,
 * entities, relations and document properties (fixture.json is format version 2;
 * test-json checks that version 1 files still import). */
static void
test_fixture_round_trip (Fixture *f, gconstpointer data)
{
  GlossExportOptions options = { 0 };
  g_autofree char *first = export_to (f, NULL, GLOSS_FORMAT_JSON, &options, "first.json", NULL);
  g_autofree char *copy_path = g_build_filename (f->dir, "copy.gloss", NULL);
  g_autoptr(GlossImportReport) report = gloss_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) copy = NULL;
  g_autoptr(GBytes) a = NULL;
  g_autoptr(GBytes) b = NULL;
  g_autoptr(GPtrArray) list = gloss_store_list_annotations (f->store, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, f->anns->len);
  for (guint i = 0; i < f->anns->len; i++)
    {
      Ann *ann = f->anns->pdata[i];
      GlossAnnotation *stored = list->pdata[i];
      Doc *d = find_doc (f, ann->document);
      g_autofree char *slice = g_utf8_substring (d->text, ann->start, ann->end);

      g_assert_cmpstr (slice, ==, ann->quote);
      g_assert_cmpstr (stored->id, ==, ann->id);
      g_assert_cmpstr (stored->quote, ==, ann->quote);
      g_assert_cmpstr (stored->note, ==, ann->note);
      g_assert_cmpstr (stored->annotator, ==, ann->annotator);
      g_assert_cmpstr (stored->created, ==, ann->created);
      g_assert_cmpstr (stored->modified, ==, ann->modified);
    }

  copy = gloss_project_create (copy_path, "Golden “fixture”", GLOSS_PROJECT_CREATE_NO_CODEBOOK, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_json_import_file (copy, first, report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->annotations_added, ==, f->anns->len);
  g_clear_object (&f->store);
  f->store = g_steal_pointer (&copy);
  {
    g_autofree char *second = export_to (f, NULL, GLOSS_FORMAT_JSON, &options, "second.json", NULL);

    a = read_bytes (first);
    b = read_bytes (second);
  }
  if (!g_bytes_equal (a, b))
    {
      print_diff_hint ("(first export)", g_bytes_get_data (a, NULL), g_bytes_get_size (a),
                       g_bytes_get_data (b, NULL), g_bytes_get_size (b));
      g_test_fail ();
    }
}

/* The analyst structures come back from the formats that import them: the fixture is
 * exported, and imported into a project that has the fixture's documents and codebook
 * (labels, fields, relation types) but no annotations, entities or relations. */
typedef struct {
  const char  *name;
  GlossFormat  format;
  const char  *file;
  guint        relations;      /* brat: not the one across documents */
  guint        field_values;   /* brat: no entity or text fields, no false yes/no */
} StructureCase;

static const StructureCase structure_cases[] = {
  { "w3c",   GLOSS_FORMAT_W3C,   "s.jsonld", 7, 29 },
  { "jsonl", GLOSS_FORMAT_JSONL, "s.jsonl",  7, 29 },
  { "brat",  GLOSS_FORMAT_BRAT,  "s-brat",   6, 24 },
};

static void
test_structures (Fixture *f, gconstpointer data)
{
  const StructureCase *c = data;
  GlossExportOptions options = { 0 };
  g_autofree char *exported = export_to (f, NULL, c->format, &options, c->file, NULL);
  g_autofree char *fixture = golden_path ("fixture.json");
  g_autofree char *bare_path = g_build_filename (f->dir, "bare.json", NULL);
  g_autofree char *copy_path = g_build_filename (f->dir, "structures.gloss", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GlossImportReport) report = gloss_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) copy = NULL;
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(GPtrArray) relations = NULL;
  JsonObject *root;
  guint links = 0, values = 0;

  g_assert_true (json_parser_load_from_file (parser, fixture, &error));
  root = json_node_get_object (json_parser_get_root (parser));
  json_object_set_array_member (root, "annotations", json_array_new ());
  json_object_set_array_member (root, "entities", json_array_new ());
  json_object_set_array_member (root, "relations", json_array_new ());
  json_generator_set_root (generator, json_parser_get_root (parser));
  g_assert_true (json_generator_to_file (generator, bare_path, &error));
  copy = gloss_project_create (copy_path, "structures", GLOSS_PROJECT_CREATE_NO_CODEBOOK, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_json_import_file (copy, bare_path, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (gloss_exchange_import (copy, exported, c->format, report, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < report->notes->len; i++)
    g_test_message ("%s: %s", c->name, (char *) report->notes->pdata[i]);
  g_assert_cmpuint (report->annotations_added, ==, f->anns->len);
  g_assert_cmpuint (report->entities_added, ==, 6);
  g_assert_cmpuint (report->relations_added, ==, c->relations);
  g_assert_cmpuint (report->relation_types_added, ==, 0);
  g_assert_cmpuint (report->fields_added, ==, 0);

  annotations = gloss_store_list_annotations (copy, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < annotations->len; i++)
    {
      GlossAnnotation *a = annotations->pdata[i];
      g_autoptr(GPtrArray) list = gloss_store_list_field_values (copy, a->id, &error);

      g_assert_no_error (error);
      values += list->len;
      if (a->entity_id != NULL)
        links++;
    }
  g_assert_cmpuint (links, ==, 6);
  g_assert_cmpuint (values, ==, c->field_values);
  relations = gloss_store_list_relations (copy, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (relations->len, ==, c->relations);
  {
    gboolean found = FALSE;

    /* Direction and type survive: the claim is attributed to its speaker's mention. */
    for (guint i = 0; i < relations->len; i++)
      {
        GlossRelation *r = relations->pdata[i];

        if (g_str_equal (r->type_name, "attributed to") &&
            g_str_equal (r->from_quote, "Zoë Okafor said the strike “will end by Friday”") &&
            g_str_equal (r->to_quote, "Zoë Okafor"))
          found = TRUE;
      }
    g_assert_true (found);
  }
  /* A claim's values, by name; a risk's score is derived from the scales. */
  for (guint i = 0; i < annotations->len; i++)
    {
      GlossAnnotation *a = annotations->pdata[i];
      g_autofree char *likelihood = NULL;

      if (g_str_equal (a->quote, "José Müller of the Dock Union denied it"))
        {
          likelihood = gloss_store_dup_field_value (copy, a->id, "likelihood", &error);
          g_assert_cmpstr (likelihood, ==, "roughly even chance");
        }
      else if (g_str_equal (a->quote, "talks resume"))
        g_assert_cmpint (gloss_store_get_risk_score (copy, a->id, &error), ==, 12);
      g_assert_no_error (error);
    }
}

int
main (int argc, char **argv)
{
  g_setenv ("SOURCE_DATE_EPOCH", FIXED_EPOCH, TRUE);
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/golden/fixture-round-trip", Fixture, NULL, fixture_setup, test_fixture_round_trip, fixture_teardown);
  for (guint i = 0; i < G_N_ELEMENTS (golden_cases); i++)
    {
      g_autofree char *name = g_strconcat ("/golden/export/", golden_cases[i].test, NULL);
      g_test_add (name, Fixture, &golden_cases[i], fixture_setup, test_golden, fixture_teardown);
    }
  g_test_add ("/golden/csv-read-back", Fixture, NULL, fixture_setup, test_csv_read_back, fixture_teardown);
  for (guint i = 0; i < G_N_ELEMENTS (scope_cases); i++)
    {
      g_autofree char *name = g_strconcat ("/golden/scope/", scope_cases[i].name, NULL);
      g_test_add (name, Fixture, &scope_cases[i], fixture_setup, test_scope, fixture_teardown);
    }
  for (guint i = 0; i < G_N_ELEMENTS (structure_cases); i++)
    {
      g_autofree char *name = g_strconcat ("/golden/structures/", structure_cases[i].name, NULL);
      g_test_add (name, Fixture, &structure_cases[i], fixture_setup, test_structures, fixture_teardown);
    }
  g_test_add ("/golden/import-malformed", Fixture, NULL, fixture_setup, test_malformed, fixture_teardown);
  g_test_add ("/golden/import-w3c-unanchored", Fixture, NULL, fixture_setup, test_w3c_unanchored, fixture_teardown);
  return g_test_run ();
}

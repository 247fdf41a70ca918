/* test-readers.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 13: documents recognised by content (RTF, DOCX, ODT, EPUB, e-mail), and a
 * batch import in which each file gets its own outcome. Every fixture is written
 * here: RTF and e-mail as text, DOCX/ODT/EPUB zipped from XML with libarchive.
 */
#define G_LOG_DOMAIN "test-readers"

#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gloss-exchange.h"
#include "gloss-import.h"
#include "gloss-project.h"
#include "gloss-readers.h"
#include "gloss-store.h"

typedef struct {
  char       *dir;
  GlossStore *store;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("gloss-test-readers-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "project.gloss", NULL);
  f->store = gloss_project_create (path, "Readers", GLOSS_PROJECT_CREATE_NO_CODEBOOK, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) dir = NULL;
  const char *entry;

  gloss_store_close (f->store);
  g_clear_object (&f->store);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, entry, NULL);
      g_remove (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static char *
write_file (Fixture *f, const char *name, const char *data, gssize len)
{
  char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
  return path;
}

/* A zip of (name, content) pairs, NULL-terminated, as a word processor writes it. */
G_GNUC_UNUSED static GBytes *
make_zip (const char *first_name, ...)
{
  struct archive *a = archive_write_new ();
  g_autoptr(GByteArray) out = g_byte_array_new ();
  size_t used = 0;
  gsize cap = 32 * 1024 * 1024;
  va_list args;

  g_byte_array_set_size (out, cap);
  archive_write_set_format_zip (a);
  g_assert_cmpint (archive_write_open_memory (a, out->data, cap, &used), ==, ARCHIVE_OK);
  va_start (args, first_name);
  for (const char *name = first_name; name != NULL; name = va_arg (args, const char *))
    {
      const char *content = va_arg (args, const char *);
      struct archive_entry *e = archive_entry_new ();

      archive_entry_set_pathname (e, name);
      archive_entry_set_size (e, strlen (content));
      archive_entry_set_filetype (e, AE_IFREG);
      archive_entry_set_perm (e, 0644);
      g_assert_cmpint (archive_write_header (a, e), ==, ARCHIVE_OK);
      g_assert_cmpint (archive_write_data (a, content, strlen (content)), ==, (la_ssize_t) strlen (content));
      archive_entry_free (e);
    }
  va_end (args);
  g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
  archive_write_free (a);
  g_byte_array_set_size (out, used);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

G_GNUC_UNUSED static char *
write_bytes (Fixture *f, const char *name, GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return write_file (f, name, data, len);
}

/* The one text a reader made of @data, failing the test on an error. */
static GlossImportedText *
read_one (const char *data, gsize len, const char *name)
{
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (gloss_readers_read_bytes (data, len, name, &texts, &error));
  g_assert_no_error (error);
  g_assert_nonnull (texts);
  g_assert_cmpuint (texts->len, ==, 1);
  return g_ptr_array_steal_index (texts, 0);
}

static char *
metadata_member (const char *json, const char *member)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL))
    return NULL;
  object = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (object, member))
    return NULL;
  return g_strdup (json_object_get_string_member (object, member));
}

/* ------------------------------------------------------------------------ */
/* RTF                                                                       */

static const char rtf_sample[] =
  "{\\rtf1\\ansi\\ansicpg1252\\deff0\\uc1"
  "{\\fonttbl{\\f0\\fswiss\\fcharset0 Arial;}{\\f1\\froman\\fcharset204{\\*\\panose 02020603050405020304}Times Cyr;}}\n"
  "{\\colortbl;\\red255\\green0\\blue0;}\n"
  "{\\stylesheet{\\s0\\snext0 Normal;}{\\s1 heading 1;}}\n"
  "{\\info{\\title The Caf\\'e9 Report}{\\author Jane Doe}{\\company Acme Ltd}"
  "{\\creatim\\yr2024\\mo3\\dy5\\hr10\\min3}}\n"
  "{\\*\\generator Msftedit 5.41;}\\viewkind4\\pard\\plain\\f0\\fs24 Caf\\'e9 na\\u239?ve "
  "\\u8220?quoted\\u8221? \\b bold\\b0  text\\par\n"
  "{\\f1 \\'cf\\'f0\\'e8\\'e2\\'e5\\'f2}\\par\n"
  "Line one\\line line two\\tab tabbed\\emdash done.\\par\n"
  "{\\*\\unknowndest secret words}{\\field{\\*\\fldinst HYPERLINK \"http://x\"}{\\fldrslt link text}}\\par\n"
  "{\\pict\\pngblip 89504e470d0a}Braces \\{ and \\} and \\\\ kept.\\par\n"
  "Emoji \\u-10179?\\u-8704? end\\par\n"
  "}";

static void
test_rtf_text (void)
{
  g_autoptr(GlossImportedText) t = read_one (rtf_sample, strlen (rtf_sample), "report.rtf");
  g_autofree char *created = metadata_member (t->metadata, "created");

  g_assert_cmpstr (t->text, ==,
                   "Café naïve “quoted” bold text\n\n"
                   "Привет\n\n"
                   "Line one\nline two\ttabbed—done.\n\n"
                   "link text\n\n"
                   "Braces { and } and \\ kept.\n\n"
                   "Emoji \xf0\x9f\x98\x80 end");
  /* Raw markup never reaches the text. */
  g_assert_null (strstr (t->text, "\\"
                         "rtf"));
  g_assert_null (strstr (t->text, "Arial"));
  g_assert_null (strstr (t->text, "secret"));
  g_assert_null (strstr (t->text, "HYPERLINK"));
  g_assert_null (strstr (t->text, "Normal"));
  g_assert_cmpstr (t->title, ==, "The Café Report");
  g_assert_cmpstr (t->author, ==, "Jane Doe");
  g_assert_cmpstr (t->publisher, ==, "Acme Ltd");
  g_assert_cmpstr (created, ==, "2024-03-05");
  g_assert_cmpstr (t->format, ==, "rtf");
}

/* Another code page declared: \'hh are read in it. */
static void
test_rtf_codepage (void)
{
  const char *rtf = "{\\rtf1\\ansi\\ansicpg1251 \\'cf\\'f0\\'e8\\'e2\\'e5\\'f2, \\'ec\\'e8\\'f0!\\par}";
  const char *mac = "{\\rtf1\\mac Caf\\'8e\\par}";
  const char *sjis = "{\\rtf1\\ansi\\ansicpg932 \\'93\\'fa\\'96\\'7b\\par}";
  g_autoptr(GlossImportedText) t = read_one (rtf, strlen (rtf), "ru.rtf");
  g_autoptr(GlossImportedText) m = read_one (mac, strlen (mac), "mac.rtf");
  g_autoptr(GlossImportedText) j = read_one (sjis, strlen (sjis), "ja.rtf");

  g_assert_cmpstr (t->text, ==, "Привет, мир!");
  g_assert_cmpstr (t->encoding, ==, "CP1251");
  g_assert_cmpstr (m->text, ==, "Café");
  g_assert_cmpstr (j->text, ==, "日本");
}

/* Damaged RTF: never a crash, never markup; only markup and no text is an error. */
static void
test_rtf_broken (void)
{
  const char *truncated = "{\\rtf1\\ansi Some text that stops \\'e9";
  const char *only_markup = "{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\pard\\par}";
  const char *deep_prefix = "{\\rtf1 ";
  g_autoptr(GlossImportedText) t = read_one (truncated, strlen (truncated), "cut.rtf");
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) deep = g_string_new (deep_prefix);

  g_assert_cmpstr (t->text, ==, "Some text that stops é");

  g_assert_false (gloss_readers_read_bytes (only_markup, strlen (only_markup), "blank.rtf", &texts, &error));
  g_assert_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_EMPTY);
  g_assert_nonnull (strstr (error->message, "blank.rtf"));
  g_clear_error (&error);

  for (int i = 0; i < 10000; i++)
    g_string_append_c (deep, '{');
  g_assert_false (gloss_readers_read_bytes (deep->str, deep->len, "deep.rtf", &texts, &error));
  g_assert_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "deep.rtf"));
}

/* ------------------------------------------------------------------------ */
/* Batch import                                                              */

static guint
count_documents (GlossStore *store)
{
  g_autoptr(GPtrArray) docs = gloss_store_list_documents (store, NULL);

  return docs->len;
}

/* Fifty files, one broken in each way the issue lists: the others are imported, and
 * each broken one gets an error that names it. An RTF named .txt is read as RTF. */
static void
test_batch_outcomes (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  guint imported = 0, duplicates = 0, failed = 0;
  g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func (g_free);
  const char junk[] = "\x01\x02\x03\x04garbage\x05\x06\x07\x00\x00\xff\xfe\x10\x11\x12\x13\x14\x15";

  for (guint i = 0; i < 44; i++)
    {
      g_autofree char *name = g_strdup_printf ("note-%02u.txt", i);
      g_autofree char *text = g_strdup_printf ("Field note number %u.\n\nNothing to report.\n", i);

      g_ptr_array_add (paths, write_file (f, name, text, -1));
    }
  g_ptr_array_add (paths, write_file (f, "empty.txt", "", 0));
  g_ptr_array_add (paths, write_file (f, "junk.bin", junk, sizeof junk));
  g_ptr_array_add (paths, write_file (f, "lying.docx", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", -1));
  g_ptr_array_add (paths, write_file (f, "again.txt", "Field note number 3.\n\nNothing to report.\n", -1));
  g_ptr_array_add (paths, write_file (f, "rtf-in-disguise.txt", rtf_sample, -1));
  g_ptr_array_add (paths, g_build_filename (f->dir, "missing.txt", NULL));

  for (guint i = 0; i < paths->len; i++)
    {
      g_autoptr(GlossImportOutcome) outcome = gloss_import_outcome_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *base = g_path_get_basename (paths->pdata[i]);

      if (gloss_exchange_import_any (f->store, paths->pdata[i], outcome, &error))
        {
          imported++;
          g_assert_cmpuint (outcome->documents->len, ==, 1);
          if (g_str_equal (base, "rtf-in-disguise.txt"))
            {
              g_assert_cmpstr (outcome->document->format, ==, "rtf");
              g_assert_cmpstr (outcome->document->title, ==, "The Café Report");
              g_assert_cmpstr (outcome->document->author, ==, "Jane Doe");
            }
        }
      else if (g_error_matches (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE))
        duplicates++;
      else
        {
          failed++;
          g_assert_nonnull (strstr (error->message, base));
          g_ptr_array_add (failures, g_strdup (error->message));
        }
    }
  g_assert_cmpuint (imported, ==, 45);
  g_assert_cmpuint (duplicates, ==, 1);
  g_assert_cmpuint (failed, ==, 4);
  g_assert_cmpuint (count_documents (f->store), ==, 45);
  g_assert_nonnull (strstr (failures->pdata[0], "empty"));
  g_assert_true (strstr (failures->pdata[1], "binary") || strstr (failures->pdata[1], "format"));
  g_assert_nonnull (strstr (failures->pdata[2], "PDF"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/readers/rtf-text", test_rtf_text);
  g_test_add_func ("/core/readers/rtf-codepage", test_rtf_codepage);
  g_test_add_func ("/core/readers/rtf-broken", test_rtf_broken);
  g_test_add ("/core/readers/batch-outcomes", Fixture, NULL, fixture_setup, test_batch_outcomes, fixture_teardown);

  return g_test_run ();
}

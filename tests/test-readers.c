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
#include <libsoup/soup.h>

#include "gloss-originals.h"
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
static GBytes *
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

static char *
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


/* ------------------------------------------------------------------------ */
/* DOCX and ODT                                                              */

#define W "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

static const char docx_document[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
  "<w:document " W "><w:body>"
  "<w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr><w:r><w:t>Port Report</w:t></w:r></w:p>"
  "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>Summary</w:t></w:r></w:p>"
  "<w:p><w:r><w:t xml:space=\"preserve\">The cranes </w:t></w:r>"
  "<w:del w:id=\"1\" w:author=\"Ed\"><w:r><w:delText>never </w:delText></w:r></w:del>"
  "<w:ins w:id=\"2\" w:author=\"Ed\"><w:r><w:t xml:space=\"preserve\">were idle </w:t></w:r></w:ins>"
  "<w:r><w:t>all week.</w:t></w:r><w:r><w:footnoteReference w:id=\"2\"/></w:r>"
  "<w:r><w:commentReference w:id=\"0\"/></w:r></w:p>"
  "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>"
  "<w:r><w:t>First point</w:t></w:r></w:p>"
  "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>"
  "<w:r><w:t>Second</w:t></w:r><w:r><w:tab/><w:t>point</w:t></w:r></w:p>"
  "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Ship</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Tons</w:t></w:r></w:p></w:tc></w:tr>"
  "<w:tr><w:tc><w:p><w:r><w:t>Aurora</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1200</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
  "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>HYPERLINK \"http://x\"</w:instrText></w:r>"
  "<w:r><w:t>See the log</w:t></w:r><w:r><w:endnoteReference w:id=\"1\"/></w:r></w:p>"
  "<w:sectPr/></w:body></w:document>";
static const char docx_footnotes[] =
  "<w:footnotes " W "><w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>"
  "<w:footnote w:id=\"2\"><w:p><w:r><w:t>Harbour master, 3 May.</w:t></w:r></w:p></w:footnote></w:footnotes>";
static const char docx_endnotes[] =
  "<w:endnotes " W "><w:endnote w:id=\"1\"><w:p><w:r><w:t>Log kept by the port.</w:t></w:r></w:p></w:endnote></w:endnotes>";
static const char docx_comments[] =
  "<w:comments " W "><w:comment w:id=\"0\" w:author=\"Ana\"><w:p><w:r><w:t>Check this.</w:t></w:r></w:p></w:comment></w:comments>";
static const char docx_core[] =
  "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
  "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\">"
  "<dc:title>Port Report (props)</dc:title><dc:creator>Jane Doe</dc:creator>"
  "<dcterms:created>2024-05-03T09:00:00Z</dcterms:created><cp:keywords>ports</cp:keywords></cp:coreProperties>";
static const char docx_app[] =
  "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
  "<Company>Harbour Watch</Company></Properties>";

static const char docx_expected[] =
  "Port Report\n\nSummary\n\nThe cranes were idle all week.[1]\n\n[Comment by Ana: Check this.]\n\n"
  "• First point\n\n• Second\tpoint\n\nShip\tTons\nAurora\t1200\n\nSee the log[e1]\n\n"
  "Notes\n\n[1] Harbour master, 3 May.\n\n[e1] Log kept by the port.";

static void
test_docx (void)
{
  g_autoptr(GBytes) zip = make_zip ("[Content_Types].xml", "<Types/>", "word/document.xml", docx_document,
                                    "word/footnotes.xml", docx_footnotes, "word/endnotes.xml", docx_endnotes,
                                    "word/comments.xml", docx_comments, "docProps/core.xml", docx_core,
                                    "docProps/app.xml", docx_app, "word/media/image1.png", "\x89PNG....", NULL);
  gsize len;
  const char *data = g_bytes_get_data (zip, &len);
  g_autoptr(GlossImportedText) t = read_one (data, len, "report.docx");
  g_autofree char *keywords = metadata_member (t->metadata, "keywords");

  g_assert_cmpstr (t->text, ==, docx_expected);
  g_assert_cmpstr (t->format, ==, "docx");
  g_assert_cmpstr (t->title, ==, "Port Report (props)");
  g_assert_cmpstr (t->author, ==, "Jane Doe");
  g_assert_cmpstr (t->publisher, ==, "Harbour Watch");
  g_assert_cmpstr (t->published, ==, "2024-05-03");
  g_assert_cmpstr (keywords, ==, "ports");
  g_assert_null (strstr (t->text, "never"));
  g_assert_null (strstr (t->text, "HYPERLINK"));
  g_assert_null (strstr (t->text, "<"));
}

#define ODT_NS "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" " \
  "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" " \
  "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" " \
  "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" " \
  "xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\""

static const char odt_content[] =
  "<office:document-content " ODT_NS "><office:body><office:text>"
  "<text:tracked-changes><text:changed-region text:id=\"c1\"><text:deletion><office:change-info/>"
  "<text:p>never</text:p></text:deletion></text:changed-region></text:tracked-changes>"
  "<text:sequence-decls><text:sequence-decl text:name=\"Figure\"/></text:sequence-decls>"
  "<text:h text:outline-level=\"1\">Summary</text:h>"
  "<text:p>The cranes<text:change text:change-id=\"c1\"/> were  <text:s text:c=\"2\"/>idle"
  "<text:note text:note-class=\"footnote\"><text:note-citation>1</text:note-citation>"
  "<text:note-body><text:p>Harbour master.</text:p></text:note-body></text:note>."
  "<office:annotation><dc:creator>Ana</dc:creator><dc:date>2024-01-01</dc:date><text:p>Check this.</text:p>"
  "</office:annotation></text:p>"
  "<text:list><text:list-item><text:p>First point</text:p></text:list-item>"
  "<text:list-item><text:p>Second<text:tab/>point</text:p></text:list-item></text:list>"
  "<table:table><table:table-row><table:table-cell><text:p>Ship</text:p></table:table-cell>"
  "<table:table-cell><text:p>Tons</text:p></table:table-cell></table:table-row>"
  "<table:table-row><table:table-cell><text:p>Aurora</text:p></table:table-cell>"
  "<table:table-cell><text:p>1200</text:p></table:table-cell></table:table-row></table:table>"
  "<text:p>Line<text:line-break/>break<text:note text:note-class=\"endnote\"><text:note-citation>i</text:note-citation>"
  "<text:note-body><text:p>An endnote.</text:p></text:note-body></text:note></text:p>"
  "</office:text></office:body></office:document-content>";
static const char odt_meta[] =
  "<office:document-meta " ODT_NS "><office:meta><dc:title>Port Report</dc:title>"
  "<meta:initial-creator>Jane Doe</meta:initial-creator><meta:creation-date>2023-11-02T08:00:00</meta:creation-date>"
  "</office:meta></office:document-meta>";

static void
test_odt (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) zip = make_zip ("mimetype", "application/vnd.oasis.opendocument.text",
                                    "content.xml", odt_content, "meta.xml", odt_meta,
                                    "META-INF/manifest.xml", "<manifest/>", NULL);
  /* Named .txt: only the content says it is ODT. */
  g_autofree char *path = write_bytes (f, "minutes.txt", zip);
  g_autoptr(GlossImportOutcome) outcome = gloss_import_outcome_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossDocument) doc = NULL;

  g_assert_true (gloss_exchange_import_any (f->store, path, outcome, &error));
  g_assert_no_error (error);
  doc = gloss_store_get_document (f->store, outcome->document->id, &error);
  g_assert_cmpstr (doc->text, ==,
                   "Summary\n\nThe cranes were   idle[1].\n\n[Comment by Ana: Check this.]\n\n"
                   "• First point\n\n• Second\tpoint\n\nShip\tTons\nAurora\t1200\n\nLine\nbreak[e1]\n\n"
                   "Notes\n\n[1] Harbour master.\n\n[e1] An endnote.");
  g_assert_cmpstr (doc->format, ==, "odt");
  g_assert_cmpstr (doc->title, ==, "Port Report");
  g_assert_cmpstr (doc->author, ==, "Jane Doe");
  g_assert_cmpstr (doc->published, ==, "2023-11-02");
}

/* A zip bomb: a small DOCX whose document unpacks to far more than its ratio allows.
 * Refused by name before it fills memory; a damaged zip is refused too. */
static void
test_office_hostile (Fixture *f, gconstpointer data)
{
  gsize big = 24 * 1024 * 1024;
  g_autofree char *spaces = g_malloc (big + 1);
  g_autoptr(GBytes) bomb = NULL;
  g_autoptr(GBytes) good = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossImportOutcome) outcome = gloss_import_outcome_new ();
  g_autofree char *bomb_path = NULL;
  g_autofree char *cut_path = NULL;
  gsize len;
  const char *bytes;

  memset (spaces, ' ', big);
  spaces[big] = '\0';
  bomb = make_zip ("word/document.xml", spaces, NULL);
  bytes = g_bytes_get_data (bomb, &len);
  g_assert_cmpuint (len, <, big / GLOSS_READERS_MAX_RATIO);
  g_assert_false (gloss_readers_read_bytes (bytes, len, "bomb.docx", &texts, &error));
  g_assert_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "bomb.docx"));
  g_assert_nonnull (strstr (error->message, "zip bomb"));
  g_clear_error (&error);

  /* Through the importer: the project is untouched. */
  bomb_path = write_bytes (f, "bomb.docx", bomb);
  g_assert_false (gloss_exchange_import_any (f->store, bomb_path, outcome, &error));
  g_assert_nonnull (strstr (error->message, "bomb.docx"));
  g_assert_cmpuint (count_documents (f->store), ==, 0);
  g_clear_error (&error);

  /* Truncated: no crash, an error naming the file. */
  good = make_zip ("word/document.xml", docx_document, NULL);
  bytes = g_bytes_get_data (good, &len);
  cut_path = write_file (f, "cut.docx", bytes, len / 2);
  g_clear_pointer (&outcome, gloss_import_outcome_free);
  outcome = gloss_import_outcome_new ();
  g_assert_false (gloss_exchange_import_any (f->store, cut_path, outcome, &error));
  g_assert_nonnull (strstr (error->message, "cut.docx"));
  g_assert_cmpuint (count_documents (f->store), ==, 0);
}

/* ------------------------------------------------------------------------ */
/* E-mail                                                                    */

static const char eml_sample[] =
  "Return-Path: <ana@example.org>\r\n"
  "From: =?UTF-8?Q?Ana_Mu=C3=B1oz?= <ana@example.org>\r\n"
  "To: Desk <desk@example.org>\r\n"
  "Subject: =?ISO-8859-1?Q?Caf=E9?= meeting\r\n"
  "Date: Tue, 05 Mar 2024 10:03:00 +0100\r\n"
  "Message-ID: <m1@example.org>\r\n"
  "MIME-Version: 1.0\r\n"
  "Content-Type: multipart/mixed; boundary=\"OUTER\"\r\n"
  "\r\n"
  "--OUTER\r\n"
  "Content-Type: multipart/alternative; boundary=\"ALT\"\r\n"
  "\r\n"
  "--ALT\r\n"
  "Content-Type: text/plain; charset=iso-8859-1\r\n"
  "Content-Transfer-Encoding: quoted-printable\r\n"
  "\r\n"
  "We meet at the caf=E9 at noon.\r\n"
  "--ALT\r\n"
  "Content-Type: text/html; charset=utf-8\r\n"
  "\r\n"
  "<html><body><p>HTML version</p></body></html>\r\n"
  "--ALT--\r\n"
  "--OUTER\r\n"
  "Content-Type: text/plain; charset=utf-8; name=\"notes.txt\"\r\n"
  "Content-Disposition: attachment; filename=\"notes.txt\"\r\n"
  "Content-Transfer-Encoding: base64\r\n"
  "\r\n"
  "QXR0YWNoZWQgbm90ZXMgYWJvdXQgdGhlIGhhcmJvdXIu\r\n"
  "--OUTER\r\n"
  "Content-Type: image/png; name=\"x.png\"\r\n"
  "Content-Disposition: attachment; filename=\"x.png\"\r\n"
  "Content-Transfer-Encoding: base64\r\n"
  "\r\n"
  "iVBORw0KGgo=\r\n"
  "--OUTER--\r\n";

static void
test_eml (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_file (f, "message.dat", eml_sample, -1);
  g_autoptr(GlossImportOutcome) outcome = gloss_import_outcome_new ();
  g_autoptr(GError) error = NULL;
  GlossDocument *message, *attachment;
  g_autofree char *message_id = NULL;
  g_autofree char *to = NULL;
  g_autofree char *back = NULL;

  g_assert_true (gloss_exchange_import_any (f->store, path, outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (outcome->documents->len, ==, 2);
  message = outcome->documents->pdata[0];
  attachment = outcome->documents->pdata[1];
  g_assert_cmpstr (message->title, ==, "Café meeting");
  g_assert_cmpstr (message->format, ==, "email");
  g_assert_cmpstr (message->text, ==,
                   "From: Ana Muñoz <ana@example.org>\nTo: Desk <desk@example.org>\n"
                   "Date: Tue, 05 Mar 2024 10:03:00 +0100\nSubject: Café meeting\n\n"
                   "We meet at the café at noon.");
  g_assert_cmpstr (message->author, ==, "Ana Muñoz <ana@example.org>");
  g_assert_cmpstr (message->published, ==, "2024-03-05");
  message_id = metadata_member (message->metadata, "message_id");
  to = metadata_member (message->metadata, "to");
  g_assert_cmpstr (message_id, ==, "m1@example.org");
  g_assert_cmpstr (to, ==, "Desk <desk@example.org>");
  g_assert_cmpstr (attachment->text, ==, "Attached notes about the harbour.");
  g_assert_cmpstr (attachment->title, ==, "notes.txt (attached to “Café meeting”)");
  back = metadata_member (attachment->metadata, "attached_to_message_id");
  g_assert_cmpstr (back, ==, "m1@example.org");
}

/* An HTML-only message goes through the HTML extractor: no markup in the text. */
static void
test_eml_html_only (void)
{
  const char *eml =
    "From: news@example.org\nTo: desk@example.org\nSubject: Bulletin\nMIME-Version: 1.0\n"
    "Content-Type: text/html; charset=utf-8\n\n"
    "<html><head><style>p{color:red}</style></head><body><p>Ships <b>left</b> port.</p></body></html>\n";
  g_autoptr(GlossImportedText) t = read_one (eml, strlen (eml), "bulletin.eml");

  g_assert_nonnull (strstr (t->text, "Ships left port."));
  g_assert_null (strstr (t->text, "<"));
  g_assert_null (strstr (t->text, "color"));
}

/* A mailbox: one document per message, in order; a message already in the project is
 * counted, not a failure; a second import is a duplicate. */
static void
test_mbox (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) mbox = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autoptr(GlossImportOutcome) outcome = gloss_import_outcome_new ();
  g_autoptr(GlossImportOutcome) again = gloss_import_outcome_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 5; i++)
    g_string_append_printf (mbox,
                            "From sender%u@example.org Sat Jan  3 01:05:34 2024\n"
                            "From: Sender %u <sender%u@example.org>\nTo: desk@example.org\n"
                            "Subject: Report %u\nDate: Sat, 03 Jan 2024 01:05:%02u +0000\n"
                            "Message-ID: <r%u@example.org>\n\nBody of report %u.\n>From the field.\n\n",
                            i, i, i, i, i, i, i);
  path = write_file (f, "inbox", mbox->str, mbox->len);
  g_assert_true (gloss_exchange_import_any (f->store, path, outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (outcome->documents->len, ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      GlossDocument *doc = outcome->documents->pdata[i];
      g_autofree char *title = g_strdup_printf ("Report %u", i);
      g_autofree char *body = g_strdup_printf ("Body of report %u.", i);

      g_assert_cmpstr (doc->title, ==, title);
      g_assert_nonnull (strstr (doc->text, body));
    }
  g_assert_false (gloss_exchange_import_any (f->store, path, again, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE);
  g_assert_cmpuint (count_documents (f->store), ==, 5);
}

/* Text that only resembles mail is not mail. */
static void
test_mail_sniff (void)
{
  const char *markdown = "Title: Notes\nAuthor: me\n\nSome notes.\n";
  const char *prose = "From the harbour we watched the ships.\nSubject: none\n";

  g_assert_cmpint (gloss_readers_sniff_bytes (markdown, strlen (markdown)), ==, GLOSS_READER_KIND_NONE);
  g_assert_cmpint (gloss_readers_sniff_bytes (prose, strlen (prose)), ==, GLOSS_READER_KIND_NONE);
  g_assert_cmpint (gloss_readers_sniff_bytes (eml_sample, strlen (eml_sample)), ==, GLOSS_READER_KIND_EMAIL);
}

/* ------------------------------------------------------------------------ */
/* EPUB                                                                      */

static void
test_epub (Fixture *f, gconstpointer data)
{
  const char *container =
    "<?xml version=\"1.0\"?><container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">"
    "<rootfiles><rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/>"
    "</rootfiles></container>";
  const char *opf =
    "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\">"
    "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>The Harbour</dc:title>"
    "<dc:creator>Zoë Okafor</dc:creator><dc:creator>Ana Muñoz</dc:creator><dc:publisher>Valdria Press</dc:publisher>"
    "<dc:date>2021-06-01</dc:date><dc:language>en</dc:language><dc:identifier>urn:isbn:123</dc:identifier></metadata>"
    "<manifest><item id=\"c2\" href=\"text/chapter%202.xhtml\" media-type=\"application/xhtml+xml\"/>"
    "<item id=\"c1\" href=\"text/ch1.xhtml\" media-type=\"application/xhtml+xml\"/>"
    "<item id=\"note\" href=\"text/note.xhtml\" media-type=\"application/xhtml+xml\"/>"
    "<item id=\"css\" href=\"style.css\" media-type=\"text/css\"/></manifest>"
    "<spine><itemref idref=\"c1\"/><itemref idref=\"note\" linear=\"no\"/><itemref idref=\"c2\"/></spine></package>";
  const char *ch1 =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>One</title>"
    "<link rel=\"stylesheet\" href=\"../style.css\"/></head><body><h1>Chapter One</h1><p>The cranes were idle.</p></body></html>";
  const char *ch2 =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>Two</title></head>"
    "<body><h1>Chapter Two</h1><p>The ships <em>left</em> port.</p></body></html>";
  g_autoptr(GBytes) zip = make_zip ("mimetype", "application/epub+zip", "META-INF/container.xml", container,
                                    "OEBPS/content.opf", opf, "OEBPS/text/ch1.xhtml", ch1,
                                    "OEBPS/text/chapter 2.xhtml", ch2, "OEBPS/text/note.xhtml",
                                    "<html><body><p>Aside</p></body></html>", "OEBPS/style.css", "p{color:red}", NULL);
  g_autofree char *path = write_bytes (f, "book.bin", zip);
  g_autoptr(GlossImportOutcome) outcome = gloss_import_outcome_new ();
  g_autoptr(GError) error = NULL;
  GlossDocument *doc;

  g_assert_true (gloss_exchange_import_any (f->store, path, outcome, &error));
  g_assert_no_error (error);
  doc = outcome->document;
  g_assert_cmpstr (doc->format, ==, "epub");
  g_assert_cmpstr (doc->text, ==, "Chapter One\n\nThe cranes were idle.\n\nChapter Two\n\nThe ships left port.");
  g_assert_cmpstr (doc->title, ==, "The Harbour");
  g_assert_cmpstr (doc->author, ==, "Zoë Okafor; Ana Muñoz");
  g_assert_cmpstr (doc->publisher, ==, "Valdria Press");
  g_assert_cmpstr (doc->published, ==, "2021-06-01");
}

/* ------------------------------------------------------------------------ */
/* Web addresses, from a local libsoup server (never the network)            */

typedef struct {
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
  char         *base;
  GMutex        mutex;
  GCond         cond;
} WebServer;

static void
web_handler (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           data)
{
  /* "Café au lait" in Latin-1, said by the header only. */
  static const char page[] = "<html><head><title>Harbour news</title></head><body><article>"
                             "<h1>Harbour news</h1><p>Caf\xe9 au lait at the port.</p></article></body></html>";
  static const char text[] = "Plain notes from the port.\n";

  if (g_str_equal (path, "/page"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html; charset=iso-8859-1", SOUP_MEMORY_STATIC, page,
                                        strlen (page));
    }
  else if (g_str_equal (path, "/notes"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/plain; charset=utf-8", SOUP_MEMORY_STATIC, text, strlen (text));
    }
  else if (g_str_equal (path, "/old"))
    soup_server_message_set_redirect (msg, 302, "/page");
  else if (g_str_equal (path, "/loop"))
    soup_server_message_set_redirect (msg, 302, "/loop");
  else
    soup_server_message_set_status (msg, 404, NULL);
}

static gpointer
web_thread (gpointer data)
{
  WebServer *w = data;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (w->context);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, web_handler, w, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  g_mutex_lock (&w->mutex);
  w->base = g_uri_to_string (uris->data);
  g_cond_signal (&w->cond);
  g_mutex_unlock (&w->mutex);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_main_loop_run (w->loop);
  /* Closing the connections the client kept alive takes a few turns of the loop. */
  soup_server_disconnect (server);
  g_clear_object (&server);
  while (g_main_context_iteration (w->context, FALSE))
    ;
  g_main_context_pop_thread_default (w->context);
  return NULL;
}

static void
web_start (WebServer *w)
{
  memset (w, 0, sizeof *w);
  g_mutex_init (&w->mutex);
  g_cond_init (&w->cond);
  w->context = g_main_context_new ();
  w->loop = g_main_loop_new (w->context, FALSE);
  w->thread = g_thread_new ("web-server", web_thread, w);
  g_mutex_lock (&w->mutex);
  while (w->base == NULL)
    g_cond_wait (&w->cond, &w->mutex);
  g_mutex_unlock (&w->mutex);
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
web_stop (WebServer *w)
{
  g_main_context_invoke (w->context, quit_cb, w->loop);
  g_thread_join (w->thread);
  g_main_loop_unref (w->loop);
  g_main_context_unref (w->context);
  g_free (w->base);
  g_mutex_clear (&w->mutex);
  g_cond_clear (&w->cond);
}

static void
test_web (Fixture *f, gconstpointer data)
{
  WebServer w;
  g_autofree char *page = NULL, *old = NULL, *notes = NULL, *missing = NULL, *loop = NULL;
  g_autoptr(GlossImportOutcome) outcome = gloss_import_outcome_new ();
  g_autoptr(GlossImportOutcome) redirected = gloss_import_outcome_new ();
  g_autoptr(GlossImportOutcome) plain = gloss_import_outcome_new ();
  g_autoptr(GlossImportOutcome) failed = gloss_import_outcome_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *retrieved = NULL;
  g_autofree char *requested = NULL;
  g_autoptr(GlossImportedText) t = NULL;

  web_start (&w);
  page = g_strconcat (w.base, "page", NULL);
  old = g_strconcat (w.base, "old", NULL);
  notes = g_strconcat (w.base, "notes", NULL);
  missing = g_strconcat (w.base, "missing", NULL);
  loop = g_strconcat (w.base, "loop", NULL);

  g_assert_true (gloss_exchange_import_any (f->store, page, outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (outcome->document->title, ==, "Harbour news");
  g_assert_nonnull (strstr (outcome->document->text, "Café au lait at the port."));
  g_assert_null (strstr (outcome->document->text, "<"));
  g_assert_cmpstr (outcome->document->url, ==, page);
  {
    /* The page as the server sent it, in Latin-1, is the document's original. */
    g_autofree char *media_type = NULL;
    g_autoptr(GBytes) original = gloss_store_get_original (f->store, outcome->document->id, &media_type, &error);
    g_autofree char *bytes = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (media_type, ==, "text/html");
    bytes = g_strndup (g_bytes_get_data (original, NULL), g_bytes_get_size (original));
    g_assert_nonnull (strstr (bytes, "<p>Caf\xe9 au lait at the port.</p>"));
  }
  retrieved = metadata_member (outcome->document->metadata, "retrieved");
  g_assert_nonnull (retrieved);
  g_assert_true (g_str_has_prefix (retrieved, "20"));

  /* A redirect: the address kept is where the page was; the same text is a duplicate. */
  t = gloss_web_fetch (old, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (t->url, ==, page);
  requested = metadata_member (t->metadata, "requested_address");
  g_assert_cmpstr (requested, ==, old);
  g_assert_false (gloss_exchange_import_any (f->store, old, redirected, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);

  g_assert_true (gloss_exchange_import_any (f->store, notes, plain, &error));
  g_assert_cmpstr (plain->document->text, ==, "Plain notes from the port.");

  /* Errors name the address; nothing is added. */
  g_assert_false (gloss_exchange_import_any (f->store, missing, failed, &error));
  g_assert_nonnull (strstr (error->message, missing));
  g_assert_nonnull (strstr (error->message, "404"));
  g_clear_error (&error);
  g_assert_null (gloss_web_fetch (loop, NULL, &error));
  g_assert_nonnull (strstr (error->message, loop));
  g_clear_error (&error);
  g_assert_cmpuint (count_documents (f->store), ==, 2);

  web_stop (&w);
}

int
main (int argc, char **argv)
{
  /* The isolated data dirs hold no GSettings schemas, which GNOME's proxy resolver
   * would need; the local server needs no proxy. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/readers/rtf-text", test_rtf_text);
  g_test_add_func ("/core/readers/rtf-codepage", test_rtf_codepage);
  g_test_add_func ("/core/readers/rtf-broken", test_rtf_broken);
  g_test_add_func ("/core/readers/docx", test_docx);
  g_test_add ("/core/readers/odt", Fixture, NULL, fixture_setup, test_odt, fixture_teardown);
  g_test_add ("/core/readers/office-hostile", Fixture, NULL, fixture_setup, test_office_hostile, fixture_teardown);
  g_test_add ("/core/readers/eml", Fixture, NULL, fixture_setup, test_eml, fixture_teardown);
  g_test_add_func ("/core/readers/eml-html-only", test_eml_html_only);
  g_test_add ("/core/readers/mbox", Fixture, NULL, fixture_setup, test_mbox, fixture_teardown);
  g_test_add_func ("/core/readers/mail-sniff", test_mail_sniff);
  g_test_add ("/core/readers/epub", Fixture, NULL, fixture_setup, test_epub, fixture_teardown);
  g_test_add ("/core/readers/web", Fixture, NULL, fixture_setup, test_web, fixture_teardown);
  g_test_add ("/core/readers/batch-outcomes", Fixture, NULL, fixture_setup, test_batch_outcomes, fixture_teardown);

  return g_test_run ();
}

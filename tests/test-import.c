/* test-import.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-import"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "gloss-import.h"

/* Temp files live in a fresh directory per test, removed afterwards. */
typedef struct {
  char *dir;
} TmpDir;

static void
tmp_dir_setup (TmpDir *fixture, G_GNUC_UNUSED gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("gloss-test-import-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
tmp_dir_teardown (TmpDir *fixture, G_GNUC_UNUSED gconstpointer data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *entry;

  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, entry, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        g_rmdir (path);
      else
        g_remove (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static char *
write_tmp (TmpDir *fixture, const char *name, const char *data, gssize len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
  return path;
}

static char *
sample_path (const char *name)
{
  const char *root = g_getenv ("GLOSS_SOURCE_ROOT");

  if (root != NULL)
    return g_build_filename (root, "data", "samples", name, NULL);
  return g_test_build_filename (G_TEST_DIST, "..", "data", "samples", name, NULL);
}

static GlossImportedText *
import_ok (const char *data, gssize len, const char *hint)
{
  g_autoptr(GError) error = NULL;
  GlossImportedText *t;

  t = gloss_import_read_bytes (data, len < 0 ? strlen (data) : (gsize) len, hint, "test", &error);
  g_assert_no_error (error);
  g_assert_nonnull (t);
  return t;
}

/* What every successful import promises, whatever the input. */
static void
assert_text_invariants (const GlossImportedText *t)
{
  gsize len;

  g_assert_nonnull (t->title);
  g_assert_nonnull (t->text);
  g_assert_cmpstr (t->text, !=, "");
  g_assert_true (g_utf8_validate (t->text, -1, NULL));
  g_assert_null (strchr (t->text, '\r'));
  g_assert_false (g_str_has_prefix (t->text, "\xef\xbb\xbf"));
  len = strlen (t->text);
  g_assert_false (g_ascii_isspace (t->text[len - 1]));
}

/* Paragraphs are separated by exactly one blank line: no run of three newlines. */
static void
assert_single_blank_lines (const char *text)
{
  g_assert_null (strstr (text, "\n\n\n"));
}

/* ------------------------------------------------------------------------ */

static void
test_sample_txt (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = sample_path ("harbour-strike.txt");
  g_autoptr(GlossImportedText) t = gloss_import_read_file (path, &error);
  const char *quote = "“If this lasts a week, I lose my contracts — simple as that,”";
  const char *first_quote = "“We are not going back until the cranes are safe,”";
  g_autofree char *at_quote = NULL;
  g_autofree char *at_first = NULL;
  g_autofree char *emoji = NULL;
  g_autofree char *after_emoji = NULL;
  const char *p;
  glong offset;

  g_assert_no_error (error);
  assert_text_invariants (t);
  g_assert_cmpstr (t->format, ==, "txt");
  g_assert_cmpstr (t->encoding, ==, "UTF-8");
  g_assert_null (t->warning);
  g_assert_cmpstr (t->title, ==, "Dockworkers at Port Calloway walk out over crane safety");

  g_assert_nonnull (strstr (t->text, "PORT CALLOWAY — About 1,400 dockworkers"));
  g_assert_nonnull (strstr (t->text, "said Zoë Łukasiewicz, the union’s branch secretary"));
  g_assert_nonnull (strstr (t->text, "said José Núñez"));
  g_assert_nonnull (strstr (t->text, "海洋港口"));
  g_assert_cmpint (g_utf8_strlen (t->text, -1), ==, 3123);

  /* Offsets are in code points, as annotations store them. These numbers come
   * from counting the sample file with another tool (Python's str.find). */
  p = strstr (t->text, first_quote);
  g_assert_nonnull (p);
  offset = g_utf8_pointer_to_offset (t->text, p);
  g_assert_cmpint (offset, ==, 553);
  at_first = g_utf8_substring (t->text, offset, offset + g_utf8_strlen (first_quote, -1));
  g_assert_cmpstr (at_first, ==, first_quote);

  /* The ship is one code point (four UTF-8 bytes, two UTF-16 units)... */
  p = strstr (t->text, "🚢");
  g_assert_nonnull (p);
  offset = g_utf8_pointer_to_offset (t->text, p);
  g_assert_cmpint (offset, ==, 1470);
  emoji = g_utf8_substring (t->text, offset, offset + 1);
  g_assert_cmpstr (emoji, ==, "🚢");
  after_emoji = g_utf8_substring (t->text, offset + 1, offset + 4);
  g_assert_cmpstr (after_emoji, ==, " By");

  /* ...so a quote after it sits at its code-point offset, not one further. */
  p = strstr (t->text, quote);
  g_assert_nonnull (p);
  offset = g_utf8_pointer_to_offset (t->text, p);
  g_assert_cmpint (offset, ==, 1735);
  at_quote = g_utf8_substring (t->text, offset, offset + g_utf8_strlen (quote, -1));
  g_assert_cmpstr (at_quote, ==, quote);
}

static void
test_sample_html (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = sample_path ("river-dam-report.html");
  g_autoptr(GlossImportedText) t = gloss_import_read_file (path, &error);
  static const char * const absent[] = {
    "SHOULD-NOT-APPEAR", "font-family", "analytics", "News from the Ostvale valley",
    "Home", "Business", "Related", "record low", "rights reserved", "&amp;", "&#8220;",
    "&nbsp;", "\xc2\xa0", NULL
  };

  g_assert_no_error (error);
  assert_text_invariants (t);
  assert_single_blank_lines (t->text);
  g_assert_cmpstr (t->format, ==, "html");
  g_assert_cmpstr (t->encoding, ==, "UTF-8");
  g_assert_null (t->warning);
  /* The site's name goes from the title. */
  g_assert_cmpstr (t->title, ==, "Report warns Ostvale dam spillway & gates need urgent repair");
  g_assert_cmpstr (t->author, ==, "Mirela Dautović, environment correspondent");

  /* The article's own headline stays (it is not the title here); the byline and the site's header go. */
  g_assert_true (g_str_has_prefix (t->text,
                                   "Engineers warn Ostvale dam spillway & gates need urgent repair\n\n"
                                   "An engineering review of the Ostvale dam has found cracks in the concrete of its main spillway"));
  g_assert_nonnull (strstr (t->text, "the consultancy Halden & Marsh. It recommends"));
  g_assert_nonnull (strstr (t->text,
                            "\n\n“The dam is not about to fail. But the margin we would expect in a major flood "
                            "is simply not there any more,” the report’s lead author, René Kowalczyk-Ibarra, "
                            "told the Courier.\n\n"));
  g_assert_nonnull (strstr (t->text, "cut irrigation water by up to a third during the summer."));
  g_assert_nonnull (strstr (t->text,
                            "main risks for members:\n\n"
                            "• Lower yields of barley and sugar beet on the eastern terraces.\n\n"
                            "• Higher pumping costs from the river during dry months.\n\n"
                            "• Uncertainty over compensation, which the board has not promised.\n\n"
                            "The regional government"));
  g_assert_true (g_str_has_suffix (t->text, "subject to approval of the budget."));

  for (guint i = 0; absent[i] != NULL; i++)
    {
      if (strstr (t->text, absent[i]) != NULL)
        g_error ("“%s” should not be in the extracted text", absent[i]);
    }

  /* Every newline belongs to a paragraph break: the source's own line wrapping is gone. */
  for (const char *p = strchr (t->text, '\n'); p != NULL; p = strchr (p + 2, '\n'))
    g_assert_cmpint (p[1], ==, '\n');
}

static void
test_sample_md (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = sample_path ("grain-prices.md");
  g_autoptr(GlossImportedText) t = gloss_import_read_file (path, &error);

  g_assert_no_error (error);
  assert_text_invariants (t);
  g_assert_cmpstr (t->format, ==, "md");
  g_assert_cmpstr (t->encoding, ==, "UTF-8");
  g_assert_cmpstr (t->title, ==, "Grain prices climb as dry spell grips the Orlen plains");
  /* Markdown reads as text: headings and list items are paragraphs, the marks are gone. */
  g_assert_true (g_str_has_prefix (t->text, "Grain prices climb as dry spell grips the Orlen plains\n\n"));
  g_assert_nonnull (strstr (t->text, "\n\nWhat traders are saying\n\n"));
  g_assert_nonnull (strstr (t->text, "said Oskar Varga-Lindqvist, a broker"));
  g_assert_nonnull (strstr (t->text, "\n\u2022 Feed barley (September): 241 crowns/tonne, +6% this month\n"));
  g_assert_null (strstr (t->text, "**"));
  g_assert_null (strstr (t->text, "\n#"));
}

/* ------------------------------------------------------------------------ */

static void
test_html_structure (void)
{
  const char *html =
    "<!DOCTYPE html><html><head><title>T</title><style>p { color: red }</style></head><body>\n"
    "<nav><a href=\"/\">Home</a></nav>\n"
    "<header><p>Site name</p></header>\n"
    "<main><h2>Heading</h2>\n"
    "<p>One   two\n   three</p>\n"
    "<div>Line a<br>Line b</div>\n"
    "<pre>\n  code  line 1\n  code line 2\n</pre>\n"
    "<ol><li>first</li><li><p>second</p></li></ol>\n"
    "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>\n"
    "<p>x&nbsp;&amp;&lt;&eacute;&#8212;&#x1F6A2;<!-- comment --></p>\n"
    "<aside>Aside</aside><form><button>Send</button><select><option>Opt</option></select></form>\n"
    "<iframe src=\"x\">Frame</iframe><svg><title>Icon</title><text>Svg</text></svg>\n"
    "<p hidden>Hidden</p><template><p>Tpl</p></template>\n"
    "<script>bad()</script><noscript>No JS</noscript><footer>Foot</footer></main></body></html>";
  g_autoptr(GlossImportedText) t = import_ok (html, -1, "html");

  assert_text_invariants (t);
  g_assert_cmpstr (t->title, ==, "T");
  g_assert_cmpstr (t->text, ==,
                   "Heading\n\n"
                   "One two three\n\n"
                   "Line a\nLine b\n\n"
                   "  code  line 1\n  code line 2\n\n"
                   "1. first\n\n"
                   "2. second\n\n"
                   "a\tb\n\n"
                   "1\t2\n\n"
                   "x &<é—🚢");
}

static void
test_html_paragraphs (void)
{
  /* Blocks nested in blocks, empty paragraphs and <br> runs still give one blank line. */
  const char *html =
    "<html><body><section><div><p>First.</p></div></section>"
    "<p>&nbsp;</p><p></p><div><div>Second <b>bold</b> <i>and</i>"
    "<span>glued</span>.<br><br><br>Third.</div></div>"
    "<blockquote><p>Quoted.</p></blockquote><hr><figure><img src=\"a.png\"><figcaption>Caption.</figcaption></figure>"
    "<dl><dt>Term</dt><dd>Definition.</dd></dl></body></html>";
  g_autoptr(GlossImportedText) t = import_ok (html, -1, "html");

  assert_text_invariants (t);
  assert_single_blank_lines (t->text);
  g_assert_cmpstr (t->text, ==,
                   "First.\n\n"
                   "Second bold andglued.\n\n"
                   "Third.\n\n"
                   "Quoted.\n\n"
                   "Caption.\n\n"
                   "Term\n\n"
                   "Definition.");
}

static void
test_html_titles (void)
{
  g_autoptr(GlossImportedText) from_title = NULL;
  g_autoptr(GlossImportedText) from_h1 = NULL;
  g_autoptr(GlossImportedText) from_text = NULL;
  g_autoptr(GlossImportedText) article = NULL;

  from_title = import_ok ("<html><head><title>\n  A   spaced\n title &amp; more </title></head>"
                          "<body><h1>Headline</h1><p>Body.</p></body></html>", -1, "html");
  g_assert_cmpstr (from_title->title, ==, "A spaced title & more");
  /* The headline stays in the text: it is what the user sees. */
  g_assert_cmpstr (from_title->text, ==, "Headline\n\nBody.");

  from_h1 = import_ok ("<html><body><h1>Flood  <em>defences</em>\n hold</h1><p>Body.</p></body></html>",
                       -1, "html");
  g_assert_cmpstr (from_h1->title, ==, "Flood defences hold");
  g_assert_cmpstr (from_h1->text, ==, "Flood defences hold\n\nBody.");

  from_text = import_ok ("<html><body><p>First   line here.</p><p>Second.</p></body></html>", -1, "html");
  g_assert_cmpstr (from_text->title, ==, "First line here.");

  /* An <article> wins over the rest of <body>, and a page header outside it goes. */
  article = import_ok ("<html><body><header><h1>Site</h1></header><div>Teaser</div>"
                       "<article><header><h1>Story</h1></header><p>Text.</p><footer>Tags</footer></article>"
                       "</body></html>", -1, "html");
  g_assert_cmpstr (article->title, ==, "Story");
  g_assert_cmpstr (article->text, ==, "Story\n\nText.");
}

static void
test_html_only_script (TmpDir *fixture, G_GNUC_UNUSED gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_tmp (fixture, "only-script.html",
                                     "<html><head><script>var a = 1;</script></head>"
                                     "<body>\n  <script>document.write('x')</script>\n<style>p{}</style></body></html>",
                                     -1);
  g_autoptr(GlossImportedText) t = gloss_import_read_file (path, &error);

  g_assert_null (t);
  g_assert_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_EMPTY);
  g_assert_cmpstr (error->message, ==, "“only-script.html” has no readable text.");
}

static void
test_html_sniff (void)
{
  g_autoptr(GlossImportedText) html = NULL;
  g_autoptr(GlossImportedText) commented = NULL;
  g_autoptr(GlossImportedText) text = NULL;

  html = import_ok ("\n<!DOCTYPE html><p>Hi <b>there</b></p>", -1, NULL);
  g_assert_cmpstr (html->format, ==, "html");
  g_assert_cmpstr (html->text, ==, "Hi there");

  commented = import_ok ("<!-- saved from url=(0014)about:internet -->\n<HTML><body>Saved</body></HTML>", -1, NULL);
  g_assert_cmpstr (commented->format, ==, "html");
  g_assert_cmpstr (commented->text, ==, "Saved");

  text = import_ok ("Plain text that mentions <b> and <html>.", -1, NULL);
  g_assert_cmpstr (text->format, ==, "txt");
  g_assert_cmpstr (text->text, ==, "Plain text that mentions <b> and <html>.");
}

static void
test_html_charset (void)
{
  g_autoptr(GlossImportedText) latin1 = NULL;
  g_autoptr(GlossImportedText) koi8 = NULL;
  g_autoptr(GlossImportedText) undeclared = NULL;

  /* Browsers read an ISO-8859-1 label as Windows-1252, so 0x93/0x94 are quotes. */
  latin1 = import_ok ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">"
                      "</head><body><p>\x93" "Caf\xe9\x94</p></body></html>", -1, "html");
  g_assert_cmpstr (latin1->text, ==, "“Café”");
  g_assert_cmpstr (latin1->encoding, ==, "WINDOWS-1252");
  g_assert_null (latin1->warning);

  /* "Привет" in KOI8-R. */
  koi8 = import_ok ("<html><head><meta charset='koi8-r'></head><body><p>\xf0\xd2\xc9\xd7\xc5\xd4</p></body></html>",
                    -1, "html");
  g_assert_cmpstr (koi8->text, ==, "Привет");
  g_assert_cmpstr (koi8->encoding, ==, "KOI8-R");

  undeclared = import_ok ("<html><body><p>Caf\xe9</p></body></html>", -1, "html");
  g_assert_cmpstr (undeclared->text, ==, "Café");
  g_assert_cmpstr (undeclared->encoding, ==, "WINDOWS-1252");
  g_assert_cmpstr (undeclared->warning, ==, "Not valid UTF-8; read as Windows-1252 (Latin-1) text.");
}

/* ------------------------------------------------------------------------ */

static char *
utf16_with_bom (const char *utf8, const char *charset, gsize *len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  gsize body_len = 0;
  char *out;

  body = g_convert (utf8, -1, charset, "UTF-8", NULL, &body_len, &error);
  g_assert_no_error (error);
  out = g_malloc (body_len + 2);
  if (g_str_equal (charset, "UTF-16LE"))
    memcpy (out, "\xff\xfe", 2);
  else
    memcpy (out, "\xfe\xff", 2);
  memcpy (out + 2, body, body_len);
  *len = body_len + 2;
  return out;
}

static void
test_encoding_utf16 (TmpDir *fixture, G_GNUC_UNUSED gconstpointer data)
{
  static const char * const charsets[] = { "UTF-16LE", "UTF-16BE" };

  for (guint i = 0; i < G_N_ELEMENTS (charsets); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GlossImportedText) t = NULL;
      g_autofree char *bytes = NULL;
      g_autofree char *path = NULL;
      gsize len = 0;

      bytes = utf16_with_bom ("Hello “world”\r\nSecond 🚢 line\r\n", charsets[i], &len);
      path = write_tmp (fixture, "utf16.txt", bytes, len);
      t = gloss_import_read_file (path, &error);
      g_assert_no_error (error);
      assert_text_invariants (t);
      g_assert_cmpstr (t->encoding, ==, charsets[i]);
      g_assert_cmpstr (t->text, ==, "Hello “world”\nSecond 🚢 line");
      g_assert_cmpstr (t->title, ==, "Hello “world”");
      g_assert_null (t->warning);
    }
}

static void
test_encoding_utf16_html (void)
{
  g_autoptr(GlossImportedText) t = NULL;
  g_autofree char *bytes = NULL;
  gsize len = 0;

  /* Notepad keeps a stale charset=utf-8 in pages it saves as UTF-16; the BOM wins. */
  bytes = utf16_with_bom ("<html><head><meta charset=\"utf-8\"><title>Ünïcode</title></head>"
                          "<body><p>Grüße</p></body></html>", "UTF-16LE", &len);
  t = import_ok (bytes, len, "html");
  g_assert_cmpstr (t->encoding, ==, "UTF-16LE");
  g_assert_cmpstr (t->title, ==, "Ünïcode");
  g_assert_cmpstr (t->text, ==, "Grüße");
}

static void
test_encoding_utf16_broken (void)
{
  /* An odd number of bytes, and an unpaired high surrogate. */
  static const struct {
    const char *bytes;
    gsize       len;
  } cases[] = {
    { "\xff\xfeH\x00i\x00!", 7 },
    { "\xff\xfeH\x00\x00\xd8i\x00", 8 },
    { "\xfe\xff\x00H\xdc\x00\x00i", 8 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GlossImportedText) t = gloss_import_read_bytes (cases[i].bytes, cases[i].len, "txt",
                                                                "broken.txt", &error);

      g_assert_null (t);
      g_assert_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_ENCODING);
      g_assert_cmpstr (error->message, ==,
                       "“broken.txt” starts with a UTF-16 byte order mark but is not valid UTF-16 text.");
    }
}

static void
test_encoding_utf8_bom (void)
{
  g_autoptr(GlossImportedText) t = import_ok ("\xef\xbb\xbfTitle line\nBody “text”\n", -1, "txt");

  g_assert_cmpstr (t->encoding, ==, "UTF-8");
  g_assert_cmpstr (t->text, ==, "Title line\nBody “text”");
  g_assert_cmpstr (t->title, ==, "Title line");
  g_assert_null (t->warning);
}

static void
test_encoding_windows_1252 (TmpDir *fixture, G_GNUC_UNUSED gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_tmp (fixture, "legacy.txt",
                                     "\x93Quoted\x94 caf\xe9 \x96 na\xefve \x80" "5\r\nIt\x92s fine.\r\n", -1);
  g_autoptr(GlossImportedText) t = gloss_import_read_file (path, &error);
  g_autoptr(GlossImportedText) undefined = NULL;

  g_assert_no_error (error);
  assert_text_invariants (t);
  g_assert_cmpstr (t->encoding, ==, "WINDOWS-1252");
  g_assert_cmpstr (t->warning, ==, "Not valid UTF-8; read as Windows-1252 (Latin-1) text.");
  g_assert_cmpstr (t->text, ==, "“Quoted” café – naïve €5\nIt’s fine.");
  g_assert_cmpstr (t->title, ==, "“Quoted” café – naïve €5");

  /* Bytes Windows-1252 leaves undefined take their Latin-1 code point rather than failing. */
  undefined = import_ok ("A long enough line of ordinary text with one odd byte: \x81 and \xe9.", -1, "txt");
  g_assert_cmpstr (undefined->text, ==, "A long enough line of ordinary text with one odd byte: \xc2\x81 and é.");
}

static void
test_newlines (void)
{
  g_autoptr(GlossImportedText) t = import_ok ("\r\n\r\n  \r\nFirst\r\nsecond\rthird\n\r\nfourth\tcol\r\n\r\n  ", -1, "txt");

  g_assert_cmpstr (t->text, ==, "First\nsecond\nthird\n\nfourth\tcol");
  g_assert_cmpstr (t->title, ==, "First");
}

/* ------------------------------------------------------------------------ */

static void
test_binary (TmpDir *fixture, G_GNUC_UNUSED gconstpointer data)
{
  static const char png[] = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
  static const char nul[] = "Some text\x00with a NUL byte in the middle";
  static const struct {
    const char *name;
    const char *bytes;
    gsize       len;
    const char *message;
  } cases[] = {
    { "report.pdf", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", 22,
      "“report.pdf” looks like a binary file (PDF), not text." },
    { "picture.txt", png, sizeof png - 1,
      "“picture.txt” looks like a binary file (PNG image), not text." },
    { "letter.docx", "PK\x03\x04\x14\x00\x06\x00", 8,
      "“letter.docx” looks like a binary file (Word document), not text." },
    { "nul.txt", nul, sizeof nul - 1,
      "“nul.txt” looks like a binary file, not text." },
    { "controls.md", "\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f text \x10\x11\x12", 19,
      "“controls.md” looks like a binary file, not text." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = write_tmp (fixture, cases[i].name, cases[i].bytes, cases[i].len);
      g_autoptr(GlossImportedText) t = gloss_import_read_file (path, &error);

      g_assert_null (t);
      g_assert_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_BINARY);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_empty (TmpDir *fixture, G_GNUC_UNUSED gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) blank_error = NULL;
  g_autoptr(GError) pasted_error = NULL;
  g_autofree char *empty = write_tmp (fixture, "empty.txt", "", 0);
  g_autofree char *blank = write_tmp (fixture, "blank.md", "\xef\xbb\xbf \n\t\r\n  \xc2\xa0\n", -1);
  g_autoptr(GlossImportedText) t = NULL;

  t = gloss_import_read_file (empty, &error);
  g_assert_null (t);
  g_assert_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_EMPTY);
  g_assert_cmpstr (error->message, ==, "“empty.txt” is empty.");

  t = gloss_import_read_file (blank, &blank_error);
  g_assert_null (t);
  g_assert_error (blank_error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_EMPTY);
  g_assert_cmpstr (blank_error->message, ==, "“blank.md” has no text, only blank space.");

  t = gloss_import_read_bytes ("", 0, NULL, NULL, &pasted_error);
  g_assert_null (t);
  g_assert_error (pasted_error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_EMPTY);
  g_assert_cmpstr (pasted_error->message, ==, "The text is empty.");
}

static void
test_too_large (TmpDir *fixture, G_GNUC_UNUSED gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "big.txt", NULL);
  g_autoptr(GlossImportedText) t = NULL;
  int fd;

  /* A sparse file: one byte over the limit costs no disk space. It is all
   * NULs, so this also shows that size is checked before content. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) GLOSS_IMPORT_MAX_BYTES + 1), ==, 0);
  g_assert_true (g_close (fd, NULL));

  t = gloss_import_read_file (path, &error);
  g_assert_null (t);
  g_assert_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, "“big.txt” is 64.1 MB; the limit is 64 MB.");
}

static void
test_unknown_extension (TmpDir *fixture, G_GNUC_UNUSED gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) bin_error = NULL;
  g_autoptr(GError) magic_error = NULL;
  g_autofree char *log = write_tmp (fixture, "notes.log", "Ship log\nDay one: calm seas.\n", -1);
  g_autofree char *page = write_tmp (fixture, "saved-page", "<!doctype html><title>Saved</title><p>Body</p>", -1);
  g_autofree char *bin = write_tmp (fixture, "data.bin", "\x01\x00\x02\x00\x03", 5);
  g_autofree char *img = write_tmp (fixture, "photo.xyz", "\xff\xd8\xff\xe0\x00\x10JFIF", 10);
  g_autoptr(GlossImportedText) t = NULL;
  g_autoptr(GlossImportedText) h = NULL;
  g_autoptr(GlossImportedText) none = NULL;

  t = gloss_import_read_file (log, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (t->format, ==, "txt");
  g_assert_cmpstr (t->title, ==, "Ship log");
  g_assert_cmpstr (t->text, ==, "Ship log\nDay one: calm seas.");

  h = gloss_import_read_file (page, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (h->format, ==, "html");
  g_assert_cmpstr (h->title, ==, "Saved");
  g_assert_cmpstr (h->text, ==, "Body");

  none = gloss_import_read_file (bin, &bin_error);
  g_assert_null (none);
  g_assert_error (bin_error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_UNSUPPORTED);
  g_assert_cmpstr (bin_error->message, ==,
                   "“data.bin” is not in a format Gloss can import; use plain text, Markdown or HTML.");

  none = gloss_import_read_file (img, &magic_error);
  g_assert_null (none);
  g_assert_error (magic_error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_BINARY);
  g_assert_cmpstr (magic_error->message, ==, "“photo.xyz” looks like a binary file (JPEG image), not text.");
}

static void
test_extension_case (TmpDir *fixture, G_GNUC_UNUSED gconstpointer data)
{
  static const struct {
    const char *name;
    const char *format;
  } cases[] = {
    { "REPORT.HTM", "html" }, { "page.XHTML", "html" }, { "notes.MarkDown", "md" },
    { "plain.TEXT", "txt" }, { "x.Md", "md" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = write_tmp (fixture, cases[i].name, "<p># Heading</p>", -1);
      g_autoptr(GlossImportedText) t = gloss_import_read_file (path, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (t->format, ==, cases[i].format);
      /* HTML and Markdown (whose HTML blocks are markup too) read as text; plain text is kept as written. */
      if (!g_str_equal (cases[i].format, "txt"))
        g_assert_cmpstr (t->text, ==, "# Heading");
      else
        g_assert_cmpstr (t->text, ==, "<p># Heading</p>");
    }
}

static void
test_unreadable (TmpDir *fixture, G_GNUC_UNUSED gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) dir_error = NULL;
  g_autoptr(GError) hint_error = NULL;
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.txt", NULL);
  g_autofree char *folder = g_build_filename (fixture->dir, "folder.txt", NULL);
  g_autoptr(GlossImportedText) t = NULL;

  t = gloss_import_read_file (missing, &error);
  g_assert_null (t);
  g_assert_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==,
                   "Could not read “missing.txt”: " "No such file or directory" ".");
  g_assert_null (strstr (error->message, fixture->dir));

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  t = gloss_import_read_file (folder, &dir_error);
  g_assert_null (t);
  g_assert_error (dir_error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_FAILED);
  g_assert_cmpstr (dir_error->message, ==, "“folder.txt” is a folder, not a file.");

  t = gloss_import_read_bytes ("text", 4, "rtf", "note.rtf", &hint_error);
  g_assert_null (t);
  g_assert_error (hint_error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_UNSUPPORTED);
}

/* ------------------------------------------------------------------------ */

static void
test_normalize (void)
{
  static const char input[] = "\xef\xbb\xbf\n  \n\tIndented\x01 text\x7f\r\nnext\x00line\fpage\r\r  \n\n";
  g_autofree char *out = gloss_import_normalize_text (input, sizeof input - 1);
  g_autofree char *invalid = gloss_import_normalize_text ("ok \xff\xfe done", 11);
  g_autofree char *empty = gloss_import_normalize_text ("", 0);
  g_autofree char *spaces = gloss_import_normalize_text (" \n \xe3\x80\x80\n", 8);
  g_autofree char *inner_bom = gloss_import_normalize_text ("a\xef\xbb\xbf" "b", 5);

  g_assert_cmpstr (out, ==, "\tIndented text\nnextline\npage");
  g_assert_cmpstr (invalid, ==, "ok \xef\xbf\xbd\xef\xbf\xbd done");
  g_assert_cmpstr (empty, ==, "");
  g_assert_cmpstr (spaces, ==, "");
  /* Only a leading BOM is a BOM; inside the text it is a character. */
  g_assert_cmpstr (inner_bom, ==, "a\xef\xbb\xbf" "b");
}

static void
test_guess_title (void)
{
  g_autoptr(GString) words = g_string_new (NULL);
  g_autoptr(GString) cjk = g_string_new (NULL);
  g_autofree char *simple = gloss_import_guess_title ("\n\n   Hello \t  world  \nmore");
  g_autofree char *none = gloss_import_guess_title (" \n\t\n");
  g_autofree char *long_title = NULL;
  g_autofree char *cjk_title = NULL;
  g_autofree char *exact = NULL;
  const char *before_ellipsis;

  g_assert_cmpstr (simple, ==, "Hello world");
  g_assert_cmpstr (none, ==, "");

  for (int i = 0; i < 40; i++)
    g_string_append (words, "harbour ");
  long_title = gloss_import_guess_title (words->str);
  g_assert_cmpint (g_utf8_strlen (long_title, -1), <=, 120);
  g_assert_true (g_str_has_suffix (long_title, "harbour…"));
  before_ellipsis = g_utf8_find_prev_char (long_title, long_title + strlen (long_title) - strlen ("…"));
  g_assert_cmpint (*before_ellipsis, ==, 'r');

  for (int i = 0; i < 100; i++)
    g_string_append (cjk, "港口");
  cjk_title = gloss_import_guess_title (cjk->str);
  g_assert_cmpint (g_utf8_strlen (cjk_title, -1), ==, 120);
  g_assert_true (g_str_has_suffix (cjk_title, "…"));

  g_string_truncate (cjk, strlen ("港") * 120);
  exact = gloss_import_guess_title (cjk->str);
  g_assert_cmpstr (exact, ==, cjk->str);
}

static void
test_markdown_title (void)
{
  g_autoptr(GlossImportedText) closed = import_ok ("\n### Closed heading ##\n\nBody", -1, "md");
  g_autoptr(GlossImportedText) front = import_ok ("---\nauthor: Ana\ntitle: \"From front matter\"\n---\n# Heading\n", -1, "md");
  g_autoptr(GlossImportedText) plain = import_ok ("Just a line\n=====\n", -1, "md");

  g_assert_cmpstr (closed->title, ==, "Closed heading");
  g_assert_cmpstr (front->title, ==, "From front matter");
  g_assert_cmpstr (plain->title, ==, "Just a line");
}

static void
test_markdown_render (void)
{
  const char *md =
    "---\ntitle: x\n---\n"
    "Intro with *emphasis*, __strong__, `code` and a [link](https://example.org \"t\").\n"
    "Soft\nbreak &amp; &#233; &#x20AC; &bogus;\n\n"
    "## Second *level*\n\n"
    "3. third\n4. fourth\n   - nested\n\n"
    "> quoted **line**\n\n"
    "| Name | Role |\n|---|---|\n| Ana | broker |\n\n"
    "```\nline one\n  line two\n```\n\n"
    "Inline <b>bold</b> html.\n\n"
    "<div class=\"note\">\nblock html\n</div>\n\n"
    "***\n\n"
    "\xe4\xb8\xad\xe6\x96\x87\xe6\xae\xb5\xe8\x90\xbd\n";
  g_autoptr(GlossImportedText) t = import_ok (md, -1, "md");
  g_autoptr(GlossImportedText) only_marks = NULL;
  g_autoptr(GError) error = NULL;

  assert_text_invariants (t);
  g_assert_cmpstr (t->text, ==,
                   "Intro with emphasis, strong, code and a link. Soft break & \u00e9 \u20ac &bogus;\n\n"
                   "Second level\n\n"
                   "3. third\n\n"
                   "4. fourth\n\n"
                   "\u2022 nested\n\n"
                   "quoted line\n\n"
                   "Name\tRole\n\n"
                   "Ana\tbroker\n\n"
                   "line one\n  line two\n\n"
                   "Inline bold html.\n\n"
                   "block html\n\n"
                   "\xe4\xb8\xad\xe6\x96\x87\xe6\xae\xb5\xe8\x90\xbd");
  /* The front matter's title wins over the first heading. */
  g_assert_cmpstr (t->title, ==, "x");

  {
    g_autoptr(GlossImportedText) h = import_ok ("Lead line\n\n### Minor\n\n# **Main** title\n", -1, "md");
    g_assert_cmpstr (h->title, ==, "Main title");
  }

  only_marks = gloss_import_read_bytes ("***\n\n---\n", 9, "md", "marks.md", &error);
  g_assert_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_EMPTY);
  g_assert_null (only_marks);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/import/sample/txt", test_sample_txt);
  g_test_add_func ("/core/import/sample/html", test_sample_html);
  g_test_add_func ("/core/import/sample/md", test_sample_md);
  g_test_add_func ("/core/import/html/structure", test_html_structure);
  g_test_add_func ("/core/import/html/paragraphs", test_html_paragraphs);
  g_test_add_func ("/core/import/html/titles", test_html_titles);
  g_test_add ("/core/import/html/only-script", TmpDir, NULL, tmp_dir_setup, test_html_only_script, tmp_dir_teardown);
  g_test_add_func ("/core/import/html/sniff", test_html_sniff);
  g_test_add_func ("/core/import/html/charset", test_html_charset);
  g_test_add ("/core/import/encoding/utf16", TmpDir, NULL, tmp_dir_setup, test_encoding_utf16, tmp_dir_teardown);
  g_test_add_func ("/core/import/encoding/utf16-html", test_encoding_utf16_html);
  g_test_add_func ("/core/import/encoding/utf16-broken", test_encoding_utf16_broken);
  g_test_add_func ("/core/import/encoding/utf8-bom", test_encoding_utf8_bom);
  g_test_add ("/core/import/encoding/windows-1252", TmpDir, NULL, tmp_dir_setup, test_encoding_windows_1252, tmp_dir_teardown);
  g_test_add_func ("/core/import/newlines", test_newlines);
  g_test_add ("/core/import/binary", TmpDir, NULL, tmp_dir_setup, test_binary, tmp_dir_teardown);
  g_test_add ("/core/import/empty", TmpDir, NULL, tmp_dir_setup, test_empty, tmp_dir_teardown);
  g_test_add ("/core/import/too-large", TmpDir, NULL, tmp_dir_setup, test_too_large, tmp_dir_teardown);
  g_test_add ("/core/import/unknown-extension", TmpDir, NULL, tmp_dir_setup, test_unknown_extension, tmp_dir_teardown);
  g_test_add ("/core/import/extension-case", TmpDir, NULL, tmp_dir_setup, test_extension_case, tmp_dir_teardown);
  g_test_add ("/core/import/unreadable", TmpDir, NULL, tmp_dir_setup, test_unreadable, tmp_dir_teardown);
  g_test_add_func ("/core/import/normalize", test_normalize);
  g_test_add_func ("/core/import/title/guess", test_guess_title);
  g_test_add_func ("/core/import/title/markdown", test_markdown_title);
  g_test_add_func ("/core/import/markdown/render", test_markdown_render);

  return g_test_run ();
}

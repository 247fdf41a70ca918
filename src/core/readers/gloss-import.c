/* gloss-import.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-import"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gloss-file.h"
#include "gloss-import.h"
#include "gloss-markdown.h"
#include "gloss-html.h"

G_DEFINE_QUARK (gloss-import-error-quark, gloss_import_error)

/* Titles longer than this are cut: they label a document in lists and tabs. */
#define TITLE_MAX_CHARS 120

/* More than one control character in ten code points means the data is not prose. */
#define CONTROL_RATIO_LIMIT 10

/* How far into an HTML file we look for <meta charset>; heads with big inline
 * styles push it well past the 1024 bytes a browser's prescan uses. */
#define CHARSET_PRESCAN_BYTES 16384

#define WARNING_CP1252 "Not valid UTF-8; read as Windows-1252 (Latin-1) text."
#define WARNING_REPLACED "Some bytes were not valid UTF-8 and were replaced with “\xef\xbf\xbd”."

void
gloss_imported_text_free (GlossImportedText *t)
{
  if (t == NULL)
    return;
  g_free (t->title);
  g_free (t->text);
  g_free (t->format);
  g_free (t->encoding);
  g_free (t->warning);
  g_free (t->author);
  g_free (t->publisher);
  g_free (t->published);
  g_free (t->url);
  g_free (t->metadata);
  g_clear_pointer (&t->pages, g_array_unref);
  g_clear_pointer (&t->confidence, g_array_unref);
  g_clear_pointer (&t->original, g_bytes_unref);
  g_free (t->original_type);
  g_free (t);
}

/* "“report.pdf”" for a named source, a neutral phrase for pasted text. */
static char *
describe_source (const char *name)
{
  if (name != NULL && *name != '\0')
    return g_strdup_printf ("“%s”", name);
  return g_strdup ("The text");
}

static void
set_too_large_error (GError **error, const char *subject, guint64 size)
{
  const guint64 mib = 1024 * 1024;
  /* Rounded up, so a file one byte over the limit never reads as "64.0 MB". */
  guint64 tenths = (size * 10 + mib - 1) / mib;

  g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_TOO_LARGE,
               "%s is %" G_GUINT64_FORMAT ".%u MB; the limit is %d MB.",
               subject, tenths / 10, (guint) (tenths % 10),
               GLOSS_IMPORT_MAX_BYTES / (1024 * 1024));
}

/* ------------------------------------------------------------------------ */
/* Normalisation and titles                                                 */

static gboolean
is_control (gunichar c)
{
  return (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f;
}

/**
 * gloss_import_normalize_text:
 * @utf8: text, normally UTF-8 (invalid bytes become U+FFFD)
 * @len: length of @utf8 in bytes; NUL bytes inside it are dropped
 *
 * Cleans text the way every import does: CRLF and CR become LF, a leading
 * byte order mark goes, control characters other than newline and tab go
 * (form and vertical feeds become newlines), and leading blank lines and
 * trailing whitespace are trimmed.
 *
 * Returns: (transfer full): the cleaned text, possibly empty
 */
char *
gloss_import_normalize_text (const char *utf8, gsize len)
{
  const char *p = utf8;
  const char *end = utf8 + len;
  GString *out;
  gsize keep_from = 0;

  g_return_val_if_fail (utf8 != NULL || len == 0, NULL);

  out = g_string_sized_new (len + 1);

  if (len >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;

  while (p < end)
    {
      guchar b = (guchar) *p;

      if (b < 0x80)
        {
          if (b == '\r')
            {
              g_string_append_c (out, '\n');
              if (p + 1 < end && p[1] == '\n')
                p++;
            }
          else if (b == '\f' || b == '\v')
            {
              /* Page and line feeds separate words; dropping them would glue
               * the last word of a page to the first of the next. */
              g_string_append_c (out, '\n');
            }
          else if (!is_control (b))
            {
              g_string_append_c (out, (char) b);
            }
          p++;
        }
      else
        {
          gunichar c = g_utf8_get_char_validated (p, end - p);

          if (c == (gunichar) -1 || c == (gunichar) -2)
            {
              /* Pasted text can hold anything; keep the rest readable. */
              g_string_append (out, "\xef\xbf\xbd");
              p++;
            }
          else
            {
              const char *next = g_utf8_next_char (p);

              g_string_append_len (out, p, next - p);
              p = next;
            }
        }
    }

  /* Trailing whitespace at the end of the document, Unicode spaces included. */
  while (out->len > 0)
    {
      const char *last = g_utf8_find_prev_char (out->str, out->str + out->len);

      if (last == NULL || !g_unichar_isspace (g_utf8_get_char (last)))
        break;
      g_string_truncate (out, last - out->str);
    }

  /* Leading blank lines, but not the indentation of the first real line. */
  for (const char *q = out->str; *q != '\0'; q = g_utf8_next_char (q))
    {
      gunichar c = g_utf8_get_char (q);

      if (c == '\n')
        keep_from = (q - out->str) + 1;
      else if (!g_unichar_isspace (c))
        break;
    }
  if (keep_from > 0)
    g_string_erase (out, 0, keep_from);

  return g_string_free (out, FALSE);
}

/* Runs of whitespace become one space; leading and trailing whitespace goes. */
static char *
collapse_whitespace (const char *s, gsize len)
{
  g_autofree char *valid = g_utf8_make_valid (s, len);
  GString *out = g_string_sized_new (len + 1);
  gboolean space = FALSE;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || is_control (c))
        {
          space = TRUE;
          continue;
        }
      if (space && out->len > 0)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/* Cuts @title (one line, collapsed) to TITLE_MAX_CHARS code points, ellipsis included. */
static char *
cap_title (char *title)
{
  const char *limit;
  const char *floor;
  const char *cut = NULL;
  GString *out;

  if (g_utf8_strlen (title, -1) <= TITLE_MAX_CHARS)
    return title;

  limit = g_utf8_offset_to_pointer (title, TITLE_MAX_CHARS - 1);
  /* Cutting at a word boundary reads better, but not at the price of a title
   * half as long: text without spaces (CJK, URLs) is cut where it must be. */
  floor = g_utf8_offset_to_pointer (title, TITLE_MAX_CHARS / 2);
  for (const char *p = limit; p > floor; p--)
    {
      if (*p == ' ')
        {
          cut = p;
          break;
        }
    }
  if (cut == NULL)
    cut = limit;

  out = g_string_new_len (title, cut - title);
  while (out->len > 0 && strchr (" ,;:", out->str[out->len - 1]) != NULL)
    g_string_truncate (out, out->len - 1);
  g_string_append (out, "…");
  g_free (title);

  return g_string_free (out, FALSE);
}

/**
 * gloss_import_guess_title:
 * @text: (nullable): UTF-8 text
 *
 * Returns: (transfer full): the first line with visible text, whitespace
 *   collapsed, cut to 120 code points at a word boundary with "…"; or ""
 */
char *
gloss_import_guess_title (const char *text)
{
  const char *line = text;

  if (text == NULL)
    return g_strdup ("");

  while (*line != '\0')
    {
      const char *eol = strchr (line, '\n');
      g_autofree char *collapsed = NULL;

      if (eol == NULL)
        eol = line + strlen (line);
      collapsed = collapse_whitespace (line, eol - line);
      if (*collapsed != '\0')
        return cap_title (g_steal_pointer (&collapsed));
      line = *eol != '\0' ? eol + 1 : eol;
    }

  return g_strdup ("");
}

/* The title of a Markdown text: its first heading or line, without the "#"
 * marks, or the title: field of a YAML front matter block if it has one. */
static char *
markdown_title (const char *text)
{
  const char *line = text;

  if (g_str_has_prefix (text, "---\n"))
    {
      const char *close = strstr (text + 4, "\n---");

      if (close != NULL)
        {
          g_autofree char *block = g_strndup (text + 4, close - (text + 4));
          g_auto(GStrv) lines = g_strsplit (block, "\n", -1);

          for (guint i = 0; lines[i] != NULL; i++)
            {
              if (g_str_has_prefix (lines[i], "title:"))
                {
                  g_autofree char *value = collapse_whitespace (lines[i] + 6, strlen (lines[i] + 6));
                  gsize n = strlen (value);

                  if (n >= 2 && (value[0] == '"' || value[0] == '\'') && value[n - 1] == value[0])
                    {
                      memmove (value, value + 1, n - 2);
                      value[n - 2] = '\0';
                    }
                  if (*value != '\0')
                    return cap_title (g_steal_pointer (&value));
                }
            }
          line = strchr (close + 1, '\n');
          line = line != NULL ? line + 1 : close + strlen (close);
        }
    }

  while (*line != '\0')
    {
      const char *eol = strchr (line, '\n');
      const char *p = line;
      const char *q;
      g_autofree char *collapsed = NULL;

      if (eol == NULL)
        eol = line + strlen (line);

      while (p < eol && (*p == ' ' || *p == '\t'))
        p++;
      while (p < eol && *p == '#')
        p++;
      q = eol;
      /* An ATX heading may close with "#" marks too: "# Title #". */
      while (q > p && (q[-1] == ' ' || q[-1] == '\t'))
        q--;
      while (q > p && q[-1] == '#')
        q--;

      collapsed = collapse_whitespace (p, q - p);
      if (*collapsed != '\0')
        return cap_title (g_steal_pointer (&collapsed));
      line = *eol != '\0' ? eol + 1 : eol;
    }

  return g_strdup ("");
}

/* ------------------------------------------------------------------------ */
/* Sniffing and decoding                                                    */

static const struct {
  const char *magic;
  gsize       len;
  const char *kind;
} binary_magics[] = {
  { "%PDF-", 5, "PDF" },
  { "PK\x03\x04", 4, "ZIP archive" },
  { "PK\x05\x06", 4, "ZIP archive" },
  { "\x89PNG\r\n\x1a\n", 8, "PNG image" },
  { "GIF87a", 6, "GIF image" },
  { "GIF89a", 6, "GIF image" },
  { "\xff\xd8\xff", 3, "JPEG image" },
  { "\x7f" "ELF", 4, "program" },
  { "SQLite format 3\0", 16, "SQLite database" },
  { "\x1f\x8b", 2, "gzip archive" },
  { "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, "Microsoft Office document" },
  { "Rar!\x1a\x07", 6, "RAR archive" },
  { "7z\xbc\xaf\x27\x1c", 6, "7-Zip archive" },
  { "\xfd" "7zXZ\0", 6, "XZ archive" },
};

/* Office and e-book formats are ZIP archives; naming them is kinder than "ZIP". */
static const struct {
  const char *suffix;
  const char *kind;
} zip_kinds[] = {
  { ".docx", "Word document" },
  { ".xlsx", "Excel workbook" },
  { ".pptx", "PowerPoint presentation" },
  { ".odt", "OpenDocument text" },
  { ".ods", "OpenDocument spreadsheet" },
  { ".epub", "EPUB book" },
};

static const char *
binary_kind (const char *data, gsize len, const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (binary_magics); i++)
    {
      if (len < binary_magics[i].len || memcmp (data, binary_magics[i].magic, binary_magics[i].len) != 0)
        continue;
      if (data[0] == 'P' && name != NULL)
        {
          g_autofree char *lower = g_ascii_strdown (name, -1);

          for (guint j = 0; j < G_N_ELEMENTS (zip_kinds); j++)
            if (g_str_has_suffix (lower, zip_kinds[j].suffix))
              return zip_kinds[j].kind;
        }
      return binary_magics[i].kind;
    }
  return NULL;
}

/* Control characters per code point of decoded text. C1 controls count: real
 * text never holds them, but binary data read as Windows-1252 does. */
static gboolean
mostly_control (const char *text, gsize len)
{
  gsize chars = 0;
  gsize controls = 0;

  for (gsize i = 0; i < len; i++)
    {
      guchar b = (guchar) text[i];

      if ((b & 0xc0) == 0x80)
        continue;
      chars++;
      if ((b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f') || b == 0x7f)
        controls++;
      else if (b == 0xc2 && i + 1 < len && (guchar) text[i + 1] >= 0x80 && (guchar) text[i + 1] < 0xa0)
        controls++;
    }

  return chars > 0 && controls * CONTROL_RATIO_LIMIT > chars;
}

/* Windows-1252 0x80–0x9F. The five bytes it leaves undefined map to the
 * Latin-1 code point, as browsers do. We use our own table rather than
 * g_convert() because glibc's WINDOWS-1252 rejects those five bytes, and one
 * stray byte would then fail the whole file. */
static const gunichar cp1252_high[32] = {
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
  0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
  0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
  0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
};

static char *
decode_cp1252 (const char *data, gsize len, gsize *out_len)
{
  GString *out = g_string_sized_new (len + len / 4 + 1);

  for (gsize i = 0; i < len; i++)
    {
      guchar b = (guchar) data[i];

      if (b < 0x80)
        g_string_append_c (out, (char) b);
      else if (b < 0xa0)
        g_string_append_unichar (out, cp1252_high[b - 0x80]);
      else
        g_string_append_unichar (out, b);
    }

  *out_len = out->len;
  return g_string_free (out, FALSE);
}

static gboolean
has_utf16_bom (const char *data, gsize len)
{
  return len >= 2 && (memcmp (data, "\xff\xfe", 2) == 0 || memcmp (data, "\xfe\xff", 2) == 0);
}

/* Labels that browsers decode as Windows-1252 (WHATWG Encoding Standard). */
static gboolean
is_cp1252_label (const char *label)
{
  static const char * const labels[] = {
    "ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819",
    "iso-8859-1", "iso-ir-100", "iso8859-1", "iso88591", "iso_8859-1",
    "iso_8859-1:1987", "l1", "latin1", "us-ascii", "windows-1252", "x-cp1252",
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_ascii_strcasecmp (label, labels[i]) == 0)
      return TRUE;
  return FALSE;
}

typedef struct {
  char       *text;       /* UTF-8, may hold NULs from UTF-16 input */
  gsize       len;
  char       *encoding;
  const char *warning;    /* static string or NULL */
} Decoded;

static void
decoded_clear (Decoded *d)
{
  g_clear_pointer (&d->text, g_free);
  g_clear_pointer (&d->encoding, g_free);
  d->len = 0;
  d->warning = NULL;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Decoded, decoded_clear)

/* Decodes @data into @out. A byte order mark wins; then the charset an HTML
 * page declares (@declared, nullable); then UTF-8 if the bytes are valid
 * UTF-8; and Windows-1252 as the last resort, which cannot fail. */
static gboolean
decode_bytes (const char  *data,
              gsize        len,
              const char  *declared,
              const char  *subject,
              Decoded     *out,
              GError     **error)
{
  if (has_utf16_bom (data, len))
    {
      const char *charset = (guchar) data[0] == 0xff ? "UTF-16LE" : "UTF-16BE";
      g_autoptr(GError) local_error = NULL;
      gsize written = 0;
      char *text;

      /* The BOM is skipped here: with an explicit byte order iconv would keep
       * it as a ZERO WIDTH NO-BREAK SPACE. */
      text = g_convert (data + 2, len - 2, "UTF-8", charset, NULL, &written, &local_error);
      if (text == NULL)
        {
          g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_ENCODING,
                       "%s starts with a UTF-16 byte order mark but is not valid UTF-16 text.",
                       subject);
          return FALSE;
        }
      out->text = text;
      out->len = written;
      out->encoding = g_strdup (charset);
      return TRUE;
    }

  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      len -= 3;
      out->encoding = g_strdup ("UTF-8");
      if (g_utf8_validate_len (data, len, NULL))
        {
          out->text = g_strndup (data, len);
        }
      else
        {
          /* The mark says UTF-8, so a few bad bytes are damage, not another
           * encoding: keep the text and say what was replaced. */
          out->text = g_utf8_make_valid (data, len);
          out->warning = WARNING_REPLACED;
        }
      out->len = strlen (out->text);
      return TRUE;
    }

  if (declared != NULL && is_cp1252_label (declared))
    {
      out->text = decode_cp1252 (data, len, &out->len);
      out->encoding = g_strdup ("WINDOWS-1252");
      return TRUE;
    }

  if (declared != NULL &&
      g_ascii_strcasecmp (declared, "utf-8") != 0 &&
      g_ascii_strcasecmp (declared, "utf8") != 0 &&
      g_ascii_strncasecmp (declared, "utf-16", 6) != 0 &&
      g_ascii_strncasecmp (declared, "utf-32", 6) != 0)
    {
      gsize written = 0;
      char *text = g_convert (data, len, "UTF-8", declared, NULL, &written, NULL);

      if (text != NULL)
        {
          out->text = text;
          out->len = written;
          out->encoding = g_ascii_strup (declared, -1);
          return TRUE;
        }
      g_debug ("Declared charset “%s” failed for %s; guessing", declared, subject);
    }

  if (g_utf8_validate_len (data, len, NULL))
    {
      out->text = g_strndup (data, len);
      out->len = len;
      out->encoding = g_strdup ("UTF-8");
      return TRUE;
    }

  out->text = decode_cp1252 (data, len, &out->len);
  out->encoding = g_strdup ("WINDOWS-1252");
  out->warning = WARNING_CP1252;
  return TRUE;
}

/* The charset declared by a <meta> tag or an XML declaration, lower-cased, or NULL. */
static char *
html_declared_charset (const char *data, gsize len)
{
  gsize n = MIN (len, CHARSET_PRESCAN_BYTES);
  const char *keyword = NULL;
  gsize tag_end = 0;

  for (gsize i = 0; i < n; i++)
    {
      gsize j;
      gsize start;

      if (data[i] != '<' && keyword == NULL)
        continue;

      if (keyword == NULL)
        {
          if (i + 5 <= n && g_ascii_strncasecmp (data + i, "<meta", 5) == 0)
            keyword = "charset";
          else if (i == 0 && n >= 5 && g_ascii_strncasecmp (data, "<?xml", 5) == 0)
            keyword = "encoding";
          else
            continue;
          for (tag_end = i + 1; tag_end < n && data[tag_end] != '>'; tag_end++)
            ;
          continue;
        }

      if (i >= tag_end)
        {
          keyword = NULL;
          continue;
        }

      j = i + strlen (keyword);
      if (j > tag_end || g_ascii_strncasecmp (data + i, keyword, strlen (keyword)) != 0)
        continue;
      while (j < tag_end && g_ascii_isspace (data[j]))
        j++;
      if (j >= tag_end || data[j] != '=')
        continue;
      j++;
      while (j < tag_end && g_ascii_isspace (data[j]))
        j++;
      if (j < tag_end && (data[j] == '"' || data[j] == '\''))
        j++;
      start = j;
      while (j < tag_end && (g_ascii_isalnum (data[j]) || data[j] == '-' || data[j] == '_' ||
                             data[j] == '.' || data[j] == ':'))
        j++;
      if (j > start && j - start < 40)
        return g_ascii_strdown (data + start, j - start);
    }

  return NULL;
}

/* Whether decoded text starts like an HTML page, after blank space, an XML
 * declaration and comments such as "<!-- saved from url=... -->". */
static gboolean
looks_like_html (const char *text)
{
  const char *p = text;

  for (;;)
    {
      while (g_ascii_isspace (*p))
        p++;
      if (g_str_has_prefix (p, "<!--"))
        {
          const char *close = strstr (p, "-->");

          if (close == NULL)
            return FALSE;
          p = close + 3;
        }
      else if (g_str_has_prefix (p, "<?xml"))
        {
          const char *close = strstr (p, "?>");

          if (close == NULL)
            return FALSE;
          p = close + 2;
        }
      else
        break;
    }

  return g_ascii_strncasecmp (p, "<!doctype html", 14) == 0 ||
         (g_ascii_strncasecmp (p, "<html", 5) == 0 &&
          (p[5] == '>' || g_ascii_isspace (p[5])));
}

/* ------------------------------------------------------------------------ */
/* HTML                                                                     */

/* The article and its source details (gloss-html.c). The date goes into the
 * document's properties as YYYY-MM-DD; the full time, language, description and
 * the rest into its metadata object. */
static void
import_html (const char        *utf8,
             gsize              len,
             GlossImportedText *result)
{
  g_autoptr(GlossHtmlArticle) article = gloss_html_extract (utf8, len);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  guint members = 0;

  result->text = gloss_import_normalize_text (article->text, strlen (article->text));
  if (article->title != NULL && *article->title != '\0')
    result->title = g_strdup (article->title);
  else
    result->title = gloss_import_guess_title (result->text);
  result->author = g_strdup (article->author);
  result->publisher = g_strdup (article->publisher);
  result->url = g_strdup (article->url);
  if (article->published != NULL && strlen (article->published) >= 10)
    result->published = g_strndup (article->published, 10);

  json_builder_begin_object (builder);
#define MEMBER(name, value) \
  if ((value) != NULL) { json_builder_set_member_name (builder, name); \
                         json_builder_add_string_value (builder, value); members++; }
  MEMBER ("title", article->title);
  MEMBER ("author", article->author);
  MEMBER ("published", article->published);
  MEMBER ("modified", article->modified);
  MEMBER ("publisher", article->publisher);
  MEMBER ("url", article->url);
  MEMBER ("language", article->language);
  MEMBER ("description", article->description);
#undef MEMBER
  if (article->fallback)
    {
      json_builder_set_member_name (builder, "extraction");
      json_builder_add_string_value (builder, "visible-text");
      members++;
    }
  json_builder_end_object (builder);
  if (members > 0)
    {
      root = json_builder_get_root (builder);
      result->metadata = json_to_string (root, FALSE);
    }

  if (article->fallback && *result->text != '\0')
    {
      const char *note = "No clear article found on the page; imported all of its visible text.";
      char *joined = result->warning != NULL ? g_strdup_printf ("%s %s", result->warning, note) : g_strdup (note);

      g_free (result->warning);
      result->warning = joined;
    }
}

/* ------------------------------------------------------------------------ */
/* Entry points                                                             */

static char *
title_from_name (const char *name)
{
  const char *dot;

  if (name == NULL || *name == '\0')
    return g_strdup ("Untitled");
  dot = strrchr (name, '.');
  if (dot != NULL && dot != name)
    return g_strndup (name, dot - name);
  return g_strdup (name);
}

static void
set_not_text_error (GError     **error,
                    const char  *subject,
                    gboolean     format_known)
{
  /* With a text extension the user expects text, so say it isn't; with an
   * unknown one, say what we can read instead. */
  if (format_known)
    g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_BINARY,
                 "%s looks like a binary file, not text.", subject);
  else
    g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_UNSUPPORTED,
                 "%s is not in a format Gloss can import; use plain text, Markdown or HTML.",
                 subject);
}

static GlossImportedText *
import_bytes (const char  *data,
              gsize        len,
              const char  *format,
              const char  *name,
              GError     **error)
{
  g_autoptr(GlossImportedText) result = NULL;
  g_autofree char *subject = describe_source (name);
  g_auto(Decoded) decoded = { 0 };
  const char *kind;
  gboolean format_known = format != NULL;
  gboolean bom;

  if (len > GLOSS_IMPORT_MAX_BYTES)
    {
      set_too_large_error (error, subject, len);
      return NULL;
    }

  if (len == 0)
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_EMPTY, "%s is empty.", subject);
      return NULL;
    }

  kind = binary_kind (data, len, name);
  if (kind != NULL)
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_BINARY,
                   "%s looks like a binary file (%s), not text.", subject, kind);
      return NULL;
    }

  bom = has_utf16_bom (data, len) || (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0);

  /* NUL bytes are normal only in UTF-16, which we accept only with a BOM. */
  if (!has_utf16_bom (data, len) && memchr (data, '\0', len) != NULL)
    {
      set_not_text_error (error, subject, format_known);
      return NULL;
    }

  if (!decode_bytes (data, len, NULL, subject, &decoded, error))
    return NULL;

  if (format == NULL)
    format = looks_like_html (decoded.text) ? "html" : "txt";

  if (g_str_equal (format, "html") && !bom)
    {
      g_autofree char *declared = html_declared_charset (data, len);

      if (declared != NULL)
        {
          decoded_clear (&decoded);
          if (!decode_bytes (data, len, declared, subject, &decoded, error))
            return NULL;
        }
    }

  if (mostly_control (decoded.text, decoded.len))
    {
      set_not_text_error (error, subject, format_known);
      return NULL;
    }

  result = g_new0 (GlossImportedText, 1);
  result->format = g_strdup (format);
  result->encoding = g_strdup (decoded.encoding);
  result->warning = g_strdup (decoded.warning);

  if (g_str_equal (format, "html"))
    {
      /* Normalised first so libxml2 never sees NULs or stray controls. */
      g_autofree char *clean = gloss_import_normalize_text (decoded.text, decoded.len);

      import_html (clean, strlen (clean), result);
      if (*result->text == '\0')
        {
          g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_EMPTY,
                       "%s has no readable text.", subject);
          return NULL;
        }
    }
  else
    {
      result->text = gloss_import_normalize_text (decoded.text, decoded.len);
      if (*result->text == '\0')
        {
          g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_EMPTY,
                       "%s has no text, only blank space.", subject);
          return NULL;
        }
      if (g_str_equal (format, "md"))
        {
          /* The reading view shows what the Markdown says, not its "#" and "**". */
          g_autofree char *heading = NULL;
          g_autofree char *rendered = gloss_markdown_to_text (result->text, strlen (result->text), &heading);
          g_autofree char *front_title = g_str_has_prefix (result->text, "---\n") ? markdown_title (result->text) : NULL;

          g_free (result->text);
          result->text = gloss_import_normalize_text (rendered, strlen (rendered));
          if (*result->text == '\0')
            {
              g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_EMPTY,
                           "%s has no text, only Markdown markup.", subject);
              return NULL;
            }
          if (front_title != NULL && *front_title != '\0' && !g_str_equal (front_title, "---"))
            result->title = g_steal_pointer (&front_title);
          else if (heading != NULL && *heading != '\0')
            result->title = cap_title (g_steal_pointer (&heading));
          else
            result->title = gloss_import_guess_title (result->text);
        }
      else
        result->title = gloss_import_guess_title (result->text);
    }

  if (result->title == NULL || *result->title == '\0')
    {
      g_free (result->title);
      result->title = title_from_name (name);
    }

  return g_steal_pointer (&result);
}

/**
 * gloss_import_read_bytes:
 * @data: (array length=len): the bytes of a document
 * @len: length of @data
 * @format_hint: (nullable): "txt", "md", "html", or %NULL to sniff
 * @name: (nullable): shown in error messages and used as a last-resort title
 * @error: return location for a #GLOSS_IMPORT_ERROR
 *
 * Returns: (transfer full) (nullable): the imported text, or %NULL with @error set
 */
GlossImportedText *
gloss_import_read_bytes (const char  *data,
                         gsize        len,
                         const char  *format_hint,
                         const char  *name,
                         GError     **error)
{
  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (format_hint != NULL &&
      !g_str_equal (format_hint, "txt") &&
      !g_str_equal (format_hint, "md") &&
      !g_str_equal (format_hint, "html"))
    {
      g_autofree char *subject = describe_source (name);

      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_UNSUPPORTED,
                   "%s is in a format Gloss cannot import (%s); use plain text, Markdown or HTML.",
                   subject, format_hint);
      return NULL;
    }

  return import_bytes (data != NULL ? data : "", len, format_hint, name, error);
}

/* The format an extension promises, or NULL when it promises nothing we know. */
static const char *
format_for_path (const char *path)
{
  static const struct {
    const char *ext;
    const char *format;
  } formats[] = {
    { "txt", "txt" }, { "text", "txt" },
    { "md", "md" }, { "markdown", "md" },
    { "html", "html" }, { "htm", "html" }, { "xhtml", "html" },
  };
  g_autofree char *base = g_path_get_basename (path);
  const char *dot = strrchr (base, '.');

  if (dot == NULL || dot == base)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_ascii_strcasecmp (dot + 1, formats[i].ext) == 0)
      return formats[i].format;
  return NULL;
}

static void
set_read_error (GError **error, const char *subject, int errsv)
{
  g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_FAILED,
               "Could not read %s: %s.", subject, g_strerror (errsv));
}

/**
 * gloss_import_read_file:
 * @path: a file name in the GLib file name encoding
 * @error: return location for a #GLOSS_IMPORT_ERROR
 *
 * Reads and imports @path. The size is checked before anything is read.
 *
 * Returns: (transfer full) (nullable): the imported text, or %NULL with @error set
 */
GlossImportedText *
gloss_import_read_file (const char *path, GError **error)
{
  g_autofree char *name = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *buf = NULL;
  const gsize limit = (gsize) GLOSS_IMPORT_MAX_BYTES + 1;
  GStatBuf st;
  gsize cap;
  gsize used = 0;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_filename_display_basename (path);
  subject = describe_source (name);

  /* Size and type first: a file over the limit is never read (it may be
   * huge), and opening a FIFO would block. */
  if (g_stat (path, &st) != 0)
    {
      set_read_error (error, subject, errno);
      return NULL;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_FAILED,
                   "%s is a folder, not a file.", subject);
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_FAILED,
                   "%s is not a regular file.", subject);
      return NULL;
    }
  if ((guint64) st.st_size > GLOSS_IMPORT_MAX_BYTES)
    {
      set_too_large_error (error, subject, st.st_size);
      return NULL;
    }

  if (!gloss_file_refuse_open_project (path, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_UNSUPPORTED, error))
    return NULL;
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (fd < 0)
    {
      set_read_error (error, subject, errno);
      return NULL;
    }

  /* Read to end of file rather than trust st_size: the file may have changed
   * since, and must still stay under the limit. */
  cap = MIN ((gsize) st.st_size + 1, limit);
  buf = g_malloc (cap + 1);
  for (;;)
    {
      gssize n;

      if (used == cap)
        {
          if (cap == limit)
            break;
          cap = MIN (cap * 2, limit);
          buf = g_realloc (buf, cap + 1);
        }
      n = read (fd, buf + used, cap - used);
      if (n < 0)
        {
          int errsv = errno;

          if (errsv == EINTR)
            continue;
          g_close (fd, NULL);
          set_read_error (error, subject, errsv);
          return NULL;
        }
      if (n == 0)
        break;
      used += n;
    }
  g_close (fd, NULL);

  if (used > GLOSS_IMPORT_MAX_BYTES)
    {
      set_too_large_error (error, subject, used);
      return NULL;
    }
  buf[used] = '\0';

  return import_bytes (buf, used, format_for_path (path), name, error);
}

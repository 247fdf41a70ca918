/* gloss-readers.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Recognising a document by its content and handing it to its reader; the zip
 * reading (with bounded expansion) that DOCX, ODT and EPUB share.
 */
#define G_LOG_DOMAIN "gloss-readers"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "gloss-file.h"
#include "gloss-readers.h"


const char *
gloss_reader_kind_name (GlossReaderKind kind)
{
  switch (kind)
    {
    case GLOSS_READER_KIND_RTF:   return "RTF document";
    case GLOSS_READER_KIND_DOCX:  return "Word document";
    case GLOSS_READER_KIND_ODT:   return "OpenDocument text";
    case GLOSS_READER_KIND_EPUB:  return "EPUB book";
    case GLOSS_READER_KIND_EMAIL: return "e-mail message";
    case GLOSS_READER_KIND_MBOX:  return "mailbox";
    case GLOSS_READER_KIND_NONE:
    default:                      return NULL;
    }
}

/* ------------------------------------------------------------------------ */
/* Recognising by content                                                    */

/* A header field name as RFC 5322 allows it: printable ASCII but the colon. */
static gsize
header_name_length (const char *line, gsize len)
{
  gsize i = 0;

  while (i < len && line[i] > ' ' && line[i] < 127 && line[i] != ':')
    i++;
  return i < len && line[i] == ':' && i > 0 ? i : 0;
}

/* An .eml: the file starts with a header block in which From and at least one
 * other field only mail has stand before the first blank line. A Markdown file
 * with a "Title:" front line is not mail. */
static gboolean
looks_like_message (const char *data, gsize len)
{
  static const char * const fields[] = {
    "date", "subject", "message-id", "mime-version", "received", "return-path", "to", "x-mailer",
    "delivered-to", "content-type", "reply-to", "cc",
  };
  gboolean from = FALSE;
  guint others = 0;
  gsize pos = 0;
  guint lines = 0;

  len = MIN (len, 64 * 1024);
  while (pos < len && lines < 400)
    {
      const char *line = data + pos;
      const char *nl = memchr (line, '\n', len - pos);
      gsize line_len = nl ? (gsize) (nl - line) : len - pos;
      gsize name_len;

      if (line_len > 0 && line[line_len - 1] == '\r')
        line_len--;
      if (line_len == 0)
        break;                                  /* the end of the header block */
      lines++;
      if (line[0] == ' ' || line[0] == '\t')
        {
          if (lines == 1)
            return FALSE;                       /* a continuation needs a field before it */
        }
      else if ((name_len = header_name_length (line, line_len)) == 0)
        return FALSE;
      else
        {
          g_autofree char *name = g_ascii_strdown (line, name_len);

          if (g_str_equal (name, "from"))
            from = TRUE;
          else
            for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
              if (g_str_equal (name, fields[i]))
                {
                  others++;
                  break;
                }
        }
      if (nl == NULL)
        break;
      pos += (nl - line) + 1;
    }
  return from && others >= 1;
}

/* "From someone@example.org Sat Jan  3 01:05:34 1996": the separator line of mbox,
 * followed by a message's headers. */
static gboolean
looks_like_mbox (const char *data, gsize len)
{
  const char *nl;

  if (len < 6 || memcmp (data, "From ", 5) != 0)
    return FALSE;
  nl = memchr (data, '\n', MIN (len, 1024));
  if (nl == NULL)
    return FALSE;
  nl++;
  return looks_like_message (nl, len - (nl - data));
}

static GlossReaderKind
gloss_zip_sniff (GlossZip *zip)
{
  g_autoptr(GBytes) mimetype = NULL;

  if (gloss_zip_has (zip, "word/document.xml"))
    return GLOSS_READER_KIND_DOCX;
  if (gloss_zip_has (zip, "mimetype") && (mimetype = gloss_zip_read (zip, "mimetype", NULL)) != NULL)
    {
      gsize n;
      const char *m = g_bytes_get_data (mimetype, &n);
      g_autofree char *type = g_strstrip (g_strndup (m, n));

      if (g_str_equal (type, "application/epub+zip"))
        return GLOSS_READER_KIND_EPUB;
      if (g_str_equal (type, "application/vnd.oasis.opendocument.text"))
        return GLOSS_READER_KIND_ODT;
    }
  if (gloss_zip_has (zip, "META-INF/container.xml") && !gloss_zip_has (zip, "content.xml"))
    return GLOSS_READER_KIND_EPUB;
  if (gloss_zip_has (zip, "content.xml") && gloss_zip_has (zip, "META-INF/manifest.xml"))
    return GLOSS_READER_KIND_ODT;
  return GLOSS_READER_KIND_NONE;
}

/**
 * gloss_readers_sniff_bytes:
 *
 * What @data holds, by its first bytes. A zip answers %GLOSS_READER_KIND_DOCX only
 * after a look inside (see gloss_readers_read_bytes()); here every zip is NONE
 * unless it is readable as one of ours.
 */
GlossReaderKind
gloss_readers_sniff_bytes (const char *data, gsize len)
{
  gsize skip = 0;

  if (len >= 4 && memcmp (data, "PK\x03\x04", 4) == 0)
    {
      g_autoptr(GlossZip) zip = gloss_zip_open (data, len, NULL, NULL);

      return zip ? gloss_zip_sniff (zip) : GLOSS_READER_KIND_NONE;
    }
  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    skip = 3;
  if (len - skip >= 5 && memcmp (data + skip, "{\\rtf", 5) == 0)
    return GLOSS_READER_KIND_RTF;
  if (looks_like_mbox (data + skip, len - skip))
    return GLOSS_READER_KIND_MBOX;
  if (looks_like_message (data + skip, len - skip))
    return GLOSS_READER_KIND_EMAIL;
  return GLOSS_READER_KIND_NONE;
}

static GPtrArray *
one_text (GlossImportedText *text)
{
  GPtrArray *texts;

  if (text == NULL)
    return NULL;
  texts = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_imported_text_free);
  g_ptr_array_add (texts, text);
  return texts;
}

gboolean
gloss_readers_read_bytes (const char  *data,
                          gsize        len,
                          const char  *name,
                          GPtrArray  **texts,
                          GError     **error)
{
  GlossReaderKind kind;
  g_autoptr(GPtrArray) result = NULL;

  g_return_val_if_fail (texts != NULL, FALSE);
  *texts = NULL;
  if (len >= 4 && memcmp (data, "PK\x03\x04", 4) == 0)
    {
      g_autoptr(GError) local = NULL;
      g_autoptr(GlossZip) zip = gloss_zip_open (data, len, name, &local);

      /* A zip bomb is ours to refuse; any other broken zip is for the text importer
       * to call binary. */
      if (zip == NULL)
        {
          if (!g_error_matches (local, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_TOO_LARGE))
            return TRUE;
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      kind = gloss_zip_sniff (zip);
      if (kind == GLOSS_READER_KIND_EPUB)
        result = one_text (gloss_epub_read (zip, name, error));
      else if (kind == GLOSS_READER_KIND_DOCX || kind == GLOSS_READER_KIND_ODT)
        result = one_text (gloss_office_read (zip, kind, name, error));
      else
        return TRUE;
      if (result == NULL)
        return FALSE;
      *texts = g_steal_pointer (&result);
      return TRUE;
    }
  kind = gloss_readers_sniff_bytes (data, len);
  switch (kind)
    {
    case GLOSS_READER_KIND_RTF:
      result = one_text (gloss_rtf_read (data, len, name, error));
      break;
    case GLOSS_READER_KIND_EMAIL:
    case GLOSS_READER_KIND_MBOX:
      result = gloss_mail_read (data, len, name, gloss_readers_read_bytes, error);
      break;
    case GLOSS_READER_KIND_NONE:
    case GLOSS_READER_KIND_DOCX:
    case GLOSS_READER_KIND_ODT:
    case GLOSS_READER_KIND_EPUB:
    default:
      return TRUE;
    }
  if (result == NULL)
    return FALSE;
  *texts = g_steal_pointer (&result);
  return TRUE;
}

/**
 * gloss_readers_read_file:
 *
 * Reads @path whole (up to the import limit) when its first bytes say it is one of
 * the readers' kinds; otherwise leaves it for gloss_import_read_file(), which knows
 * what to say about empty, binary or oversized files.
 */
gboolean
gloss_readers_read_file (const char  *path,
                         GPtrArray  **texts,
                         GError     **error)
{
  g_autofree char *name = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  char head[4096];
  gssize n;
  GStatBuf st;
  int fd;

  g_return_val_if_fail (path != NULL && texts != NULL, FALSE);
  *texts = NULL;

  /* Anything odd (missing, a folder, a FIFO, a project open here, too large) is for
   * gloss_import_read_file() to explain. */
  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size == 0 ||
      (guint64) st.st_size > GLOSS_IMPORT_MAX_BYTES || gloss_file_is_open_project (path))
    return TRUE;
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (fd < 0)
    return TRUE;
  do
    n = read (fd, head, sizeof head);
  while (n < 0 && errno == EINTR);
  g_close (fd, NULL);
  if (n <= 0)
    return TRUE;
  /* Only the kinds that need a whole look (zips) or that are ours by their head go on. */
  if (!(n >= 4 && memcmp (head, "PK\x03\x04", 4) == 0) &&
      gloss_readers_sniff_bytes (head, n) == GLOSS_READER_KIND_NONE)
    return TRUE;

  name = g_filename_display_basename (path);
  mapped = g_mapped_file_new (path, FALSE, NULL);
  if (mapped == NULL)
    return TRUE;
  return gloss_readers_read_bytes (g_mapped_file_get_contents (mapped), g_mapped_file_get_length (mapped),
                                   name, texts, error);
}


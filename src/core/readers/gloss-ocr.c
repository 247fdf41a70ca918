/* gloss-ocr.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tesseract through its C API. One engine (one loaded language model, the slow
 * part) reads all the pages of a file. Tesseract finds the paragraphs; we join each
 * paragraph's lines as the PDF reader does (a word broken at a line end made whole)
 * and keep Tesseract's mean word confidence for it.
 */
#define G_LOG_DOMAIN "gloss-ocr"

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

#include "gloss-file.h"
#include "gloss-ocr.h"

/* Where Debian's tesseract-ocr-* packages put their models (Tesseract's own default). */
#define DEFAULT_TESSDATA "/usr/share/tesseract-ocr/5/tessdata"

/* Images of scans are big; their size is bounded by what Leptonica decodes. */
#define IMAGE_MAX_FILE_BYTES (256 * 1024 * 1024)

/* Scans without a resolution are taken to be at this many dots per inch. */
#define DEFAULT_DPI 300

struct _GlossOcr {
  TessBaseAPI *api;
};

static const char *
tessdata_dir (void)
{
  const char *env = g_getenv ("TESSDATA_PREFIX");

  return env != NULL && *env != '\0' ? env : DEFAULT_TESSDATA;
}

char **
gloss_ocr_list_languages (void)
{
  g_autoptr(GPtrArray) langs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (tessdata_dir (), 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      if (!g_str_has_suffix (name, ".traineddata"))
        continue;
      /* "osd" finds the orientation and script, it reads no language. */
      if (g_str_equal (name, "osd.traineddata") || g_str_equal (name, "equ.traineddata"))
        continue;
      g_ptr_array_add (langs, g_strndup (name, strlen (name) - strlen (".traineddata")));
    }
  for (guint i = 1; i < langs->len; i++)
    for (guint j = i; j > 0 && g_strcmp0 (langs->pdata[j - 1], langs->pdata[j]) > 0; j--)
      {
        gpointer t = langs->pdata[j];

        langs->pdata[j] = langs->pdata[j - 1];
        langs->pdata[j - 1] = t;
      }
  g_ptr_array_add (langs, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&langs), FALSE);
}

static gboolean
language_installed (const char *language,
                    char      **missing)
{
  g_auto(GStrv) parts = g_strsplit (language, "+", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *file = NULL;
      g_autofree char *path = NULL;

      /* Names are short ASCII words: anything else never reaches a file name. */
      for (const char *p = parts[i]; *p != '\0'; p++)
        if (!g_ascii_isalnum (*p) && *p != '_')
          {
            *missing = g_strdup (parts[i]);
            return FALSE;
          }
      file = g_strconcat (parts[i], ".traineddata", NULL);
      path = g_build_filename (tessdata_dir (), file, NULL);
      if (*parts[i] == '\0' || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          *missing = g_strdup (parts[i]);
          return FALSE;
        }
    }
  return TRUE;
}

GlossOcr *
gloss_ocr_new (const char *language,
               GError    **error)
{
  g_autofree char *missing = NULL;
  GlossOcr *ocr;

  if (language == NULL || *language == '\0')
    language = "eng";
  if (!language_installed (language, &missing))
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_UNSUPPORTED,
                   "The OCR language “%s” is not installed (install the tesseract-ocr-%s package).",
                   missing, missing);
      return NULL;
    }
  ocr = g_new0 (GlossOcr, 1);
  ocr->api = TessBaseAPICreate ();
  if (TessBaseAPIInit3 (ocr->api, tessdata_dir (), language) != 0)
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_FAILED,
                   "Tesseract could not load the OCR language “%s”.", language);
      gloss_ocr_free (ocr);
      return NULL;
    }
  /* Tesseract's notes ("Estimating resolution...") are not for the user. */
  TessBaseAPISetVariable (ocr->api, "debug_file", "/dev/null");
  TessBaseAPISetPageSegMode (ocr->api, PSM_AUTO);
  return ocr;
}

void
gloss_ocr_free (GlossOcr *ocr)
{
  if (ocr == NULL)
    return;
  if (ocr->api != NULL)
    {
      TessBaseAPIEnd (ocr->api);
      TessBaseAPIDelete (ocr->api);
    }
  g_free (ocr);
}

static bool
cancel_cb (void *cancellable,
           int   words)
{
  (void) words;
  return g_cancellable_is_cancelled (cancellable);
}

/* Appends one paragraph's lines to @out, joined with spaces, or without the hyphen
 * where a word was broken at the end of a line. */
static void
append_paragraph (GString    *out,
                  const char *para)
{
  g_auto(GStrv) lines = g_strsplit (para, "\n", -1);
  gsize start = out->len;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (*line == '\0')
        continue;
      if (out->len > start)
        {
          const char *last = g_utf8_find_prev_char (out->str + start, out->str + out->len);
          const char *before = last != NULL ? g_utf8_find_prev_char (out->str + start, last) : NULL;
          gunichar h = last != NULL ? g_utf8_get_char (last) : 0;

          if ((h == '-' || h == 0x00AD || h == 0x2010) && before != NULL &&
              g_unichar_isalpha (g_utf8_get_char (before)) && g_unichar_islower (g_utf8_get_char (line)))
            g_string_truncate (out, last - out->str);
          else
            g_string_append_c (out, ' ');
        }
      g_string_append (out, line);
    }
}

/* Runs recognition on the image already set and collects its paragraphs. */
static char *
recognize (GlossOcr      *ocr,
           GArray       **confidence,
           GCancellable  *cancellable,
           GError       **error)
{
  ETEXT_DESC *monitor = TessMonitorCreate ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GArray) conf = g_array_new (FALSE, FALSE, sizeof (GlossTextConfidence));
  TessResultIterator *it;
  int rc;

  if (cancellable != NULL)
    {
      TessMonitorSetCancelFunc (monitor, cancel_cb);
      TessMonitorSetCancelThis (monitor, cancellable);
    }
  rc = TessBaseAPIRecognize (ocr->api, monitor);
  TessMonitorDelete (monitor);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      TessBaseAPIClear (ocr->api);
      return NULL;
    }
  if (rc != 0)
    {
      TessBaseAPIClear (ocr->api);
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_FAILED, "OCR failed on a page.");
      return NULL;
    }

  it = TessBaseAPIGetIterator (ocr->api);
  if (it != NULL)
    {
      do
        {
          char *para = TessResultIteratorGetUTF8Text (it, RIL_PARA);
          GlossTextConfidence c;
          gsize before = out->len;

          if (para == NULL)
            continue;
          if (out->len > 0)
            g_string_append (out, "\n\n");
          c.start = out->len;
          if (g_utf8_validate (para, -1, NULL))
            append_paragraph (out, para);
          TessDeleteText (para);
          if (out->len == c.start)
            {
              g_string_truncate (out, before);
              continue;
            }
          c.end = out->len;
          c.confidence = TessResultIteratorConfidence (it, RIL_PARA);
          g_array_append_val (conf, c);
        }
      while (TessResultIteratorNext (it, RIL_PARA));
      TessResultIteratorDelete (it);
    }
  TessBaseAPIClear (ocr->api);
  *confidence = g_steal_pointer (&conf);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
gloss_ocr_read_grey (GlossOcr      *ocr,
                     const guint8  *pixels,
                     int            width,
                     int            height,
                     int            stride,
                     int            dpi,
                     GArray       **confidence,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_return_val_if_fail (ocr != NULL && pixels != NULL && confidence != NULL, NULL);

  TessBaseAPISetImage (ocr->api, pixels, width, height, 1, stride);
  TessBaseAPISetSourceResolution (ocr->api, dpi);
  return recognize (ocr, confidence, cancellable, error);
}

gboolean
gloss_ocr_sniff_image (const char *data,
                       gsize       len)
{
  if (len >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return TRUE;
  if (len >= 3 && memcmp (data, "\xff\xd8\xff", 3) == 0)
    return TRUE;
  if (len >= 4 && (memcmp (data, "II*\0", 4) == 0 || memcmp (data, "MM\0*", 4) == 0))
    return TRUE;
  return FALSE;
}

static gboolean
is_tiff (const char *path)
{
  char head[4] = { 0 };
  FILE *f = g_fopen (path, "rbe");
  gsize n;

  if (f == NULL)
    return FALSE;
  n = fread (head, 1, sizeof head, f);
  fclose (f);
  return n == 4 && (memcmp (head, "II*\0", 4) == 0 || memcmp (head, "MM\0*", 4) == 0);
}

/* Reads one decoded image into @out, with its confidences moved to @out's offsets. */
static gboolean
read_pix (GlossOcr      *ocr,
          PIX           *pix,
          GString       *out,
          GArray        *confidence,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(GArray) conf = NULL;
  g_autofree char *text = NULL;
  gsize base;

  TessBaseAPISetImage2 (ocr->api, pix);
  if (pixGetXRes (pix) < 70)
    TessBaseAPISetSourceResolution (ocr->api, DEFAULT_DPI);
  text = recognize (ocr, &conf, cancellable, error);
  if (text == NULL)
    return FALSE;
  if (*text == '\0')
    return TRUE;
  if (out->len > 0)
    g_string_append (out, "\n\n");
  base = out->len;
  g_string_append (out, text);
  for (guint i = 0; i < conf->len; i++)
    {
      GlossTextConfidence c = g_array_index (conf, GlossTextConfidence, i);

      c.start += base;
      c.end += base;
      g_array_append_val (confidence, c);
    }
  return TRUE;
}

/* Byte offsets to code points, in place, walking @text once: each offset given must
 * be at or after the one before. */
typedef struct {
  const char *text;
  const char *p;
  guint64     chars;
} Walker;

static void
walk_to (Walker  *w,
         guint64 *offset)
{
  const char *to = w->text + *offset;

  while (w->p < to && *w->p != '\0')
    {
      w->p = g_utf8_next_char (w->p);
      w->chars++;
    }
  *offset = w->chars;
}

GlossImportedText *
gloss_ocr_read_image_file (const char             *path,
                           const GlossReadOptions *options,
                           GError                **error)
{
  static const GlossReadOptions defaults = { 0 };
  g_autofree char *name = NULL;
  g_autoptr(GlossOcr) ocr = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GArray) pages = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GArray) confidence = g_array_new (FALSE, FALSE, sizeof (GlossTextConfidence));
  g_autoptr(GlossImportedText) result = NULL;
  g_autofree char *metadata = NULL;
  GStatBuf st;

  g_return_val_if_fail (path != NULL, NULL);

  if (options == NULL)
    options = &defaults;
  name = g_filename_display_basename (path);
  if (g_stat (path, &st) != 0)
    {
      int errsv = errno;

      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_FAILED,
                   "Could not read “%s”: %s.", name, g_strerror (errsv));
      return NULL;
    }
  if (!S_ISREG (st.st_mode) || st.st_size == 0)
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, st.st_size == 0 ? GLOSS_IMPORT_ERROR_EMPTY : GLOSS_IMPORT_ERROR_FAILED,
                   st.st_size == 0 ? "“%s” is empty." : "“%s” is not a regular file.", name);
      return NULL;
    }
  if (st.st_size > IMAGE_MAX_FILE_BYTES)
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_TOO_LARGE,
                   "“%s” is over %d MB, more than Gloss reads.", name, IMAGE_MAX_FILE_BYTES / (1024 * 1024));
      return NULL;
    }
  if (!gloss_file_refuse_open_project (path, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_UNSUPPORTED, error))
    return NULL;

  ocr = gloss_ocr_new (options->ocr_language, error);
  if (ocr == NULL)
    return NULL;

  if (is_tiff (path))
    {
      size_t offset = 0;

      /* Page by page: Leptonica reads one image of the TIFF at a time. */
      do
        {
          PIX *pix = pixReadFromMultipageTiff (path, &offset);
          guint64 start = out->len;
          gboolean ok;

          if (pix == NULL)
            break;
          ok = read_pix (ocr, pix, out, confidence, options->cancellable, error);
          pixDestroy (&pix);
          if (!ok)
            return NULL;
          /* The page starts after the blank line that went before its text. */
          if (start > 0 && out->len > start)
            start += 2;
          g_array_append_val (pages, start);
          if (options->progress != NULL)
            options->progress (pages->len, 0, options->progress_data);
        }
      while (offset != 0);
    }
  else
    {
      PIX *pix = pixRead (path);
      gboolean ok;
      guint64 start = 0;

      if (pix != NULL)
        {
          g_array_append_val (pages, start);
          ok = read_pix (ocr, pix, out, confidence, options->cancellable, error);
          pixDestroy (&pix);
          if (!ok)
            return NULL;
          if (options->progress != NULL)
            options->progress (1, 1, options->progress_data);
        }
    }
  if (pages->len == 0)
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_FAILED,
                   "“%s” is damaged or not an image Gloss can read (PNG, JPEG or TIFF).", name);
      return NULL;
    }
  if (out->len == 0)
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_EMPTY,
                   "OCR found no text in “%s”.", name);
      return NULL;
    }

  {
    Walker w = { out->str, out->str, 0 };
    Walker wc = { out->str, out->str, 0 };

    for (guint i = 0; i < pages->len; i++)
      walk_to (&w, &g_array_index (pages, guint64, i));
    for (guint i = 0; i < confidence->len; i++)
      {
        walk_to (&wc, &g_array_index (confidence, GlossTextConfidence, i).start);
        walk_to (&wc, &g_array_index (confidence, GlossTextConfidence, i).end);
      }
  }
  result = g_new0 (GlossImportedText, 1);
  result->text = g_string_free (g_steal_pointer (&out), FALSE);
  result->format = g_strdup ("image");
  result->encoding = g_strdup ("OCR");
  result->title = gloss_import_guess_title (result->text);
  if (result->title == NULL || *result->title == '\0')
    {
      g_free (result->title);
      result->title = g_strdup (name);
    }
  metadata = g_strdup_printf ("{\"pages\": %u, \"ocr_pages\": %u, \"ocr_language\": \"%s\"}",
                              pages->len, pages->len,
                              options->ocr_language != NULL ? options->ocr_language : "eng");
  result->metadata = g_steal_pointer (&metadata);
  result->warning = g_strdup ("Read with OCR: check the text against the original.");
  result->pages = g_steal_pointer (&pages);
  result->confidence = g_steal_pointer (&confidence);
  return g_steal_pointer (&result);
}

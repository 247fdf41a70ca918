/* gloss-exchange.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The table of exchange formats, export to a stream or a path, and import by content.
 */
#define G_LOG_DOMAIN "gloss-exchange"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "gloss-brat.h"
#include "gloss-csv.h"
#include "gloss-exchange.h"
#include "gloss-file.h"
#include "gloss-import.h"
#include "gloss-jsonl.h"
#include "gloss-ocr.h"
#include "gloss-originals.h"
#include "gloss-pages.h"
#include "gloss-pdf.h"
#include "gloss-qdpx.h"
#include "gloss-readers.h"
#include "gloss-report.h"
#include "gloss-w3c.h"

G_DEFINE_QUARK (gloss-exchange-error-quark, gloss_exchange_error)

typedef struct {
  GlossFormat  format;
  const char  *name;
  const char  *title;
  const char  *extension;
  gboolean     can_import;
  gboolean     writes_path;  /* a folder or an archive, not one stream */
} FormatInfo;

static const FormatInfo formats[] = {
  { GLOSS_FORMAT_JSON,  "json",  N_("Gloss JSON"),                  ".json",   TRUE,  FALSE },
  { GLOSS_FORMAT_W3C,   "w3c",   N_("W3C Web Annotation (JSON-LD)"), ".jsonld", TRUE,  FALSE },
  { GLOSS_FORMAT_BRAT,  "brat",  N_("brat standoff"),               ".zip",    TRUE,  TRUE  },
  { GLOSS_FORMAT_JSONL, "jsonl", N_("JSON Lines (doccano)"),        ".jsonl",  TRUE,  FALSE },
  { GLOSS_FORMAT_CSV,   "csv",   N_("CSV spreadsheet"),             ".csv",    FALSE, FALSE },
  { GLOSS_FORMAT_QDPX,  "qdpx",  N_("REFI-QDA project"),            ".qdpx",   FALSE, TRUE  },
  { GLOSS_FORMAT_HTML,  "html",  N_("HTML report"),                 ".html",   FALSE, FALSE },
};

static const FormatInfo *
info (GlossFormat format)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i].format == format)
      return &formats[i];
  return NULL;
}

GlossFormat
gloss_format_from_name (const char *name)
{
  if (name == NULL)
    return GLOSS_FORMAT_UNKNOWN;
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_ascii_strcasecmp (formats[i].name, name) == 0)
      return formats[i].format;
  return GLOSS_FORMAT_UNKNOWN;
}

const char *
gloss_format_name (GlossFormat format)
{
  const FormatInfo *i = info (format);
  return i ? i->name : NULL;
}

const char *
gloss_format_title (GlossFormat format)
{
  const FormatInfo *i = info (format);
  return i ? _(i->title) : NULL;
}

const char *
gloss_format_extension (GlossFormat format)
{
  const FormatInfo *i = info (format);
  return i ? i->extension : NULL;
}

gboolean
gloss_format_can_export (GlossFormat format)
{
  return info (format) != NULL;
}

gboolean
gloss_format_can_import (GlossFormat format)
{
  const FormatInfo *i = info (format);
  return format == GLOSS_FORMAT_ARTICLE || (i && i->can_import);
}

gboolean
gloss_format_writes_path (GlossFormat format)
{
  const FormatInfo *i = info (format);
  return i && i->writes_path;
}

/* "json|w3c|brat|jsonl|csv|qdpx|html", for usage messages. */
const char *
gloss_format_names (void)
{
  static char *names = NULL;

  if (g_once_init_enter (&names))
    {
      GString *s = g_string_new (NULL);

      for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
        g_string_append_printf (s, "%s%s", i ? "|" : "", formats[i].name);
      g_once_init_leave (&names, g_string_free (s, FALSE));
    }
  return names;
}

static gboolean
unknown_format (GlossFormat format,
                GError    **error)
{
  g_set_error (error, GLOSS_EXCHANGE_ERROR, GLOSS_EXCHANGE_ERROR_UNKNOWN_FORMAT,
               _("Unknown export format (the formats are %s)"), gloss_format_names ());
  return FALSE;
}

/**
 * gloss_exchange_export_stream:
 *
 * Writes @scope of the project to @out in a stream format. What the format cannot
 * carry is added to @warnings (one sentence each). Brat and REFI-QDA write a folder
 * or an archive: use gloss_exchange_export_path() for them.
 */
gboolean
gloss_exchange_export_stream (GlossStore               *store,
                              const GlossScope         *scope,
                              GlossFormat               format,
                              const GlossExportOptions *options,
                              GOutputStream            *out,
                              GPtrArray                *warnings,
                              GCancellable             *cancellable,
                              GError                  **error)
{
  GlossExportOptions none = { 0 };

  if (options == NULL)
    options = &none;
  switch (format)
    {
    case GLOSS_FORMAT_JSON:
      return gloss_json_export_full (store, scope, options->pretty, out, cancellable, error);
    case GLOSS_FORMAT_W3C:
      return gloss_w3c_export (store, scope, out, warnings, cancellable, error);
    case GLOSS_FORMAT_JSONL:
      return gloss_jsonl_export (store, scope, out, !options->omit_text, warnings, cancellable, error);
    case GLOSS_FORMAT_CSV:
      return gloss_csv_export (store, scope, out, options->bom, warnings, cancellable, error);
    case GLOSS_FORMAT_HTML:
      return gloss_report_export (store, scope, out, warnings, cancellable, error);
    case GLOSS_FORMAT_BRAT:
    case GLOSS_FORMAT_QDPX:
      g_set_error (error, GLOSS_EXCHANGE_ERROR, GLOSS_EXCHANGE_ERROR_NEEDS_PATH,
                   _("The %s format writes a folder or an archive: give an output path"),
                   gloss_format_name (format));
      return FALSE;
    case GLOSS_FORMAT_ARTICLE:
    case GLOSS_FORMAT_UNKNOWN:
    default:
      return unknown_format (format, error);
    }
}

/**
 * gloss_exchange_export_path:
 *
 * Writes @scope of the project to @path. Stream formats are written to a temporary
 * file renamed over @path only when complete, so a failed or cancelled export leaves
 * any earlier file as it was.
 */
gboolean
gloss_exchange_export_path (GlossStore               *store,
                            const GlossScope         *scope,
                            GlossFormat               format,
                            const GlossExportOptions *options,
                            const char               *path,
                            GPtrArray                *warnings,
                            GCancellable             *cancellable,
                            GError                  **error)
{
  g_autoptr(GlossAtomicFile) file = NULL;

  switch (format)
    {
    case GLOSS_FORMAT_BRAT:
      return gloss_brat_export (store, scope, path, warnings, cancellable, error);
    case GLOSS_FORMAT_QDPX:
      return gloss_qdpx_export (store, scope, path, warnings, cancellable, error);
    case GLOSS_FORMAT_JSON:
    case GLOSS_FORMAT_W3C:
    case GLOSS_FORMAT_JSONL:
    case GLOSS_FORMAT_CSV:
    case GLOSS_FORMAT_HTML:
      break;
    case GLOSS_FORMAT_ARTICLE:
    case GLOSS_FORMAT_UNKNOWN:
    default:
      return unknown_format (format, error);
    }

  file = gloss_atomic_file_new (path, error);
  if (file == NULL)
    return FALSE;
  if (!gloss_exchange_export_stream (store, scope, format, options, gloss_atomic_file_get_stream (file),
                                     warnings, cancellable, error))
    return FALSE;  /* freeing @file drops the temporary file and keeps any old one */
  return gloss_atomic_file_commit (file, error);
}

static gboolean
has_gloss_format_key (const char *data,
                      gsize       len)
{
  static GRegex *regex = NULL;
  g_autofree char *head = NULL;
  const char *end = NULL;

  if (g_once_init_enter (&regex))
    g_once_init_leave (&regex, g_regex_new ("^\\s*\\{\\s*\"format\"\\s*:\\s*\"gloss\"", 0, 0, NULL));
  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    data += 3, len -= 3;
  head = g_strndup (data, MIN (len, 4096));
  if (!g_utf8_validate (head, -1, &end))
    head[end - head] = '\0';
  return g_regex_match (regex, head, 0, NULL);
}

/**
 * gloss_exchange_sniff:
 * @path: a file or folder to import
 *
 * Recognises what @path holds by its content: a brat folder or zip, Gloss JSON (an
 * object that starts with "format": "gloss"), W3C Web Annotations, JSON Lines of
 * documents with spans. Any other .json file is taken as Gloss JSON, so that its
 * importer says what is wrong with it; everything else is an article.
 *
 * Returns: the format, or %GLOSS_FORMAT_UNKNOWN for a folder without .ann files
 */
GlossFormat
gloss_exchange_sniff (const char *path)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autofree char *lower = NULL;
  const char *data;
  gsize len;

  /* A project open here must not be opened by descriptor (that would drop its
   * locks); the article importer then says what it is. */
  if (gloss_file_is_open_project (path))
    return GLOSS_FORMAT_ARTICLE;
  if (gloss_brat_sniff (path))
    return GLOSS_FORMAT_BRAT;
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    return GLOSS_FORMAT_UNKNOWN;

  lower = g_ascii_strdown (path, -1);
  mapped = g_mapped_file_new (path, FALSE, NULL);
  if (mapped != NULL && (data = g_mapped_file_get_contents (mapped)) != NULL)
    {
      len = g_mapped_file_get_length (mapped);
      if (has_gloss_format_key (data, len))
        return GLOSS_FORMAT_JSON;
      if (gloss_w3c_sniff (data, len))
        return GLOSS_FORMAT_W3C;
      if (gloss_jsonl_sniff (data, len))
        return GLOSS_FORMAT_JSONL;
    }
  if (g_str_has_suffix (lower, ".json") || g_str_has_suffix (lower, ".jsonld"))
    return GLOSS_FORMAT_JSON;
  if (g_str_has_suffix (lower, ".jsonl") || g_str_has_suffix (lower, ".ndjson"))
    return GLOSS_FORMAT_JSONL;
  /* Gloss's own export-only formats: say so rather than import them as text. */
  if (g_str_has_suffix (lower, ".csv"))
    return GLOSS_FORMAT_CSV;
  if (g_str_has_suffix (lower, ".qdpx"))
    return GLOSS_FORMAT_QDPX;
  return GLOSS_FORMAT_ARTICLE;
}

/**
 * gloss_exchange_import:
 * @format: what gloss_exchange_sniff() said, or the format the user chose
 *
 * Imports an annotation file of @format into the project, in one transaction: on an
 * error nothing is added. Articles are not handled here (see gloss-import.h).
 */
gboolean
gloss_exchange_import (GlossStore        *store,
                       const char        *path,
                       GlossFormat        format,
                       GlossImportReport *report,
                       GError           **error)
{
  if (!gloss_file_refuse_open_project (path, GLOSS_EXCHANGE_ERROR, GLOSS_EXCHANGE_ERROR_UNKNOWN_FORMAT, error))
    return FALSE;
  switch (format)
    {
    case GLOSS_FORMAT_JSON:
      return gloss_json_import_file (store, path, report, error);
    case GLOSS_FORMAT_W3C:
      return gloss_w3c_import_file (store, path, report, error);
    case GLOSS_FORMAT_JSONL:
      return gloss_jsonl_import_file (store, path, report, error);
    case GLOSS_FORMAT_BRAT:
      return gloss_brat_import (store, path, report, error);
    case GLOSS_FORMAT_CSV:
    case GLOSS_FORMAT_QDPX:
    case GLOSS_FORMAT_HTML:
      g_set_error (error, GLOSS_EXCHANGE_ERROR, GLOSS_EXCHANGE_ERROR_NOT_IMPORTABLE,
                   _("Gloss exports %s but does not import it"), gloss_format_name (format));
      return FALSE;
    case GLOSS_FORMAT_ARTICLE:
    case GLOSS_FORMAT_UNKNOWN:
    default:
      g_set_error (error, GLOSS_EXCHANGE_ERROR, GLOSS_EXCHANGE_ERROR_UNKNOWN_FORMAT,
                   _("%s is not a file Gloss can import annotations from (Gloss JSON, W3C Web "
                     "Annotation, JSON Lines, or a brat folder or zip)"), path);
      return FALSE;
    }
}

GlossImportOutcome *
gloss_import_outcome_new (void)
{
  GlossImportOutcome *outcome = g_new0 (GlossImportOutcome, 1);

  outcome->report = gloss_import_report_new ();
  outcome->documents = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_document_free);
  return outcome;
}

void
gloss_import_outcome_free (GlossImportOutcome *outcome)
{
  if (outcome == NULL)
    return;
  g_clear_pointer (&outcome->document, gloss_document_free);
  g_free (outcome->warning);
  g_clear_pointer (&outcome->report, gloss_import_report_free);
  g_clear_pointer (&outcome->documents, g_ptr_array_unref);
  g_free (outcome);
}

/* Writes the source details a reader found (author, publisher, publication date,
 * address) into the new @document's properties. A detail the store would refuse
 * (a date that is not a calendar date, an address that is not absolute) is left out
 * with a note in @warning rather than failing the import: the text is what matters. */
static gboolean
import_source_details (GlossStore              *store,
                       GlossDocument           *document,
                       const GlossImportedText *text,
                       char                   **warning,
                       GError                 **error)
{
  GlossDocument props = { 0 };
  g_autoptr(GError) local = NULL;

  if (text->author == NULL && text->publisher == NULL && text->published == NULL && text->url == NULL)
    return TRUE;

  props.author = text->author;
  props.publisher = text->publisher;
  props.published = text->published;
  props.url = text->url;
  if (gloss_store_set_document_properties (store, document->id, &props, &local))
    {
      g_free (document->author);
      document->author = g_strdup (text->author);
      g_free (document->publisher);
      document->publisher = g_strdup (text->publisher);
      g_free (document->published);
      document->published = g_strdup (text->published);
      g_free (document->url);
      document->url = g_strdup (text->url);
      return TRUE;
    }
  if (!g_error_matches (local, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  {
    char *joined = g_strdup_printf ("%s%sSource details left out: %s",
                                    *warning ? *warning : "", *warning ? " " : "", local->message);
    g_free (*warning);
    *warning = joined;
  }
  return TRUE;
}

/* A PDF or a scanned image, by the first bytes; never a project open here (its
 * locks would go with the descriptor). */
static const char *
paged_kind (const char *path)
{
  char head[1024];
  gsize n;
  FILE *f;

  if (gloss_file_is_open_project (path) || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return NULL;
  f = fopen (path, "rbe");
  if (f == NULL)
    return NULL;
  n = fread (head, 1, sizeof head, f);
  fclose (f);
  if (gloss_pdf_sniff (head, n))
    return "pdf";
  if (gloss_ocr_sniff_image (head, n))
    return "image";
  return NULL;
}

/* Reads a PDF or a scan through its reader. Anything else leaves *text NULL and
 * returns TRUE, for the other readers. */
static gboolean
read_paged (const char              *path,
            const GlossReadOptions  *options,
            GlossImportedText      **text,
            GError                 **error)
{
  const char *kind = paged_kind (path);

  *text = NULL;
  if (g_strcmp0 (kind, "pdf") == 0)
    *text = gloss_pdf_read_file (path, options, error);
  else if (g_strcmp0 (kind, "image") == 0)
    *text = gloss_ocr_read_image_file (path, options, error);
  else
    return TRUE;
  return *text != NULL;
}

/* Stores where the pages of the new document start and what OCR was unsure of. */
static gboolean
import_pages (GlossStore              *store,
              const GlossDocument     *document,
              const GlossImportedText *text,
              GError                 **error)
{
  if (text->pages != NULL &&
      !gloss_store_set_document_pages (store, document->id, (const gint64 *) (gpointer) text->pages->data,
                                       text->pages->len, error))
    return FALSE;
  for (guint i = 0; text->confidence != NULL && i < text->confidence->len; i++)
    {
      const GlossTextConfidence *c = &g_array_index (text->confidence, GlossTextConfidence, i);

      if (!gloss_store_add_document_confidence (store, document->id, (gint64) c->start, (gint64) c->end,
                                                CLAMP (c->confidence, 0.0, 100.0), error))
        return FALSE;
    }
  return TRUE;
}

static guint64 original_limit = GLOSS_ORIGINAL_MAX_BYTES;

void
gloss_exchange_set_original_limit (guint64 max_bytes)
{
  original_limit = max_bytes ? max_bytes : GLOSS_ORIGINAL_MAX_BYTES;
}

static void
append_warning (char       **warning,
                const char  *sentence)
{
  char *joined;

  if (*warning != NULL && strstr (*warning, sentence) != NULL)
    return;
  joined = g_strdup_printf ("%s%s%s", *warning ? *warning : "", *warning ? " " : "", sentence);
  g_free (*warning);
  *warning = joined;
}

/* The media type of what a reader found in @head, by the bytes Gloss itself
 * recognises, so that it does not depend on the system's MIME database; NULL to ask
 * GIO. @format is the first text's ("txt", "md", "html"). */
static const char *
sniff_media_type (const char *path,
                  const char *head,
                  gsize       n,
                  const char *format)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (gloss_pdf_sniff (head, n))
    return "application/pdf";
  if (n >= 8 && memcmp (head, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "image/png";
  if (n >= 3 && memcmp (head, "\xff\xd8\xff", 3) == 0)
    return "image/jpeg";
  if (n >= 4 && (memcmp (head, "II*\0", 4) == 0 || memcmp (head, "MM\0*", 4) == 0))
    return "image/tiff";
  if (n >= 5 && memcmp (head, "{\\rtf", 5) == 0)
    return "application/rtf";
  if (n >= 4 && memcmp (head, "PK\x03\x04", 4) == 0)
    {
      if (g_str_has_suffix (lower, ".docx"))
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
      if (g_str_has_suffix (lower, ".odt"))
        return "application/vnd.oasis.opendocument.text";
      if (g_str_has_suffix (lower, ".epub"))
        return "application/epub+zip";
      return NULL;
    }
  if (n >= 5 && memcmp (head, "From ", 5) == 0)
    return "application/mbox";
  if (g_str_has_suffix (lower, ".eml"))
    return "message/rfc822";
  if (g_strcmp0 (format, "html") == 0)
    return "text/html";
  if (g_strcmp0 (format, "md") == 0)
    return "text/markdown";
  return NULL;
}

/* The media type of the file at @path, from its content (and its name where the
 * content says only "zip"). */
static char *
file_media_type (const char *path,
                 const char *format)
{
  g_autofree char *type = NULL;
  const char *known;
  char head[4096];
  gsize n = 0;
  FILE *f;

  if (gloss_file_is_open_project (path))
    return NULL;
  f = fopen (path, "rbe");
  if (f != NULL)
    {
      n = fread (head, 1, sizeof head, f);
      fclose (f);
    }
  known = sniff_media_type (path, head, n, format);
  if (known != NULL)
    return g_strdup (known);
  type = g_content_type_guess (path, n > 0 ? (const guchar *) head : NULL, n, NULL);
  return type ? g_content_type_get_mime_type (type) : NULL;
}

/* The bytes the texts of @path were read from, ready to store with them: the body of
 * a web page, or the file. A file over the limit is imported without its original,
 * and @warning says so. */
static gboolean
prepare_original (const char              *path,
                  GPtrArray               *texts,
                  const GlossReadOptions  *options,
                  GlossOriginal          **original,
                  char                   **warning,
                  GError                 **error)
{
  GlossImportedText *first = texts->len > 0 ? texts->pdata[0] : NULL;
  g_autoptr(GError) local = NULL;

  *original = NULL;
  if (first != NULL && first->original != NULL)
    *original = gloss_original_new_from_bytes (first->original, first->original_type, original_limit, &local);
  else if (!gloss_web_is_address (path) && g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *type = file_media_type (path, first ? first->format : NULL);

      *original = gloss_original_new_from_file (path, type, original_limit,
                                                options ? options->cancellable : NULL, &local);
    }
  else
    return TRUE;
  if (*original != NULL)
    return TRUE;
  if (g_error_matches (local, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_TOO_LARGE))
    {
      append_warning (warning, local->message);
      return TRUE;
    }
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

/* Adds what a reader made of one file, in one transaction: a mailbox's messages all
 * or none, each with the file's bytes as its original (stored once). A message
 * already in the project is counted and left out; a file whose only text is a
 * duplicate is refused with %GLOSS_STORE_ERROR_DUPLICATE. */
static gboolean
import_texts (GlossStore             *store,
              const char             *path,
              GPtrArray              *texts,
              const GlossReadOptions *options,
              GlossImportOutcome     *outcome,
              GError                **error)
{
  g_autoptr(GlossOriginal) original = NULL;

  g_autoptr(GError) duplicate = NULL;

  /* Read, hashed and compressed before the transaction, so that it stays short. */
  if (!prepare_original (path, texts, options, &original, &outcome->warning, error))
    return FALSE;
  if (!gloss_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < texts->len; i++)
    {
      GlossImportedText *text = texts->pdata[i];
      g_autoptr(GlossDocument) document = NULL;
      g_autoptr(GError) local = NULL;

      document = gloss_store_add_document (store, text->title, text->text, path, text->format,
                                           text->metadata, &local);
      if (document == NULL && g_error_matches (local, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE))
        {
          outcome->duplicates++;
          if (duplicate == NULL)
            duplicate = g_steal_pointer (&local);
          continue;
        }
      if (document == NULL ||
          !import_source_details (store, document, text, &outcome->warning, &local) ||
          !import_pages (store, document, text, &local) ||
          (original != NULL && !gloss_store_set_document_original (store, document->id, original, &local)))
        {
          gloss_store_rollback (store);
          g_ptr_array_set_size (outcome->documents, 0);
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (text->warning != NULL && (outcome->warning == NULL || !strstr (outcome->warning, text->warning)))
        {
          char *joined = g_strdup_printf ("%s%s%s", outcome->warning ? outcome->warning : "",
                                          outcome->warning ? " " : "", text->warning);
          g_free (outcome->warning);
          outcome->warning = joined;
        }
      g_ptr_array_add (outcome->documents, g_steal_pointer (&document));
    }
  if (outcome->documents->len == 0)
    {
      gloss_store_rollback (store);
      g_propagate_error (error, g_steal_pointer (&duplicate));
      return FALSE;
    }
  if (!gloss_store_commit (store, error))
    {
      g_ptr_array_set_size (outcome->documents, 0);
      return FALSE;
    }
  outcome->document = gloss_document_copy (outcome->documents->pdata[0]);
  return TRUE;
}

/**
 * gloss_exchange_import_any:
 * @path: a file (or a brat folder) the user chose to import
 * @outcome: (out caller-allocates): filled with what was added
 *
 * Imports one file as the workbench and gloss-cli do, recognised by its content:
 * an annotation file (Gloss JSON, W3C, JSON Lines, brat) adds what it has and the
 * project lacks; anything else is read as an article (text, Markdown, HTML, RTF,
 * Word, OpenDocument, EPUB, e-mail or a mailbox) and added as one document or, for
 * a mailbox, one per message and readable attachment. One transaction per file: on
 * an error nothing of it is added. An article already in the project is refused with
 * %GLOSS_STORE_ERROR_DUPLICATE (a mailbox's known messages are only counted).
 */
gboolean
gloss_exchange_import_any (GlossStore         *store,
                           const char         *path,
                           GlossImportOutcome *outcome,
                           GError            **error)
{
  return gloss_exchange_import_any_with_options (store, path, NULL, outcome, error);
}

/**
 * gloss_exchange_import_any_with_options:
 * @options: (nullable): a PDF's password, the OCR language, progress and cancelling
 *
 * gloss_exchange_import_any() with what readers of PDFs and scans may need. A PDF
 * or scan keeps its pages (and OCR's confidence) with the document.
 */
gboolean
gloss_exchange_import_any_with_options (GlossStore             *store,
                                        const char             *path,
                                        const GlossReadOptions *options,
                                        GlossImportOutcome     *outcome,
                                        GError                **error)
{
  g_autoptr(GPtrArray) texts = NULL;
  GlossImportedText *paged = NULL;
  g_autofree char *base = NULL;

  g_return_val_if_fail (GLOSS_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL && outcome != NULL, FALSE);

  if (gloss_web_is_address (path))
    {
      GlossImportedText *page = gloss_web_fetch (path, NULL, error);

      outcome->format = GLOSS_FORMAT_ARTICLE;
      if (page == NULL)
        return FALSE;
      texts = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_imported_text_free);
      g_ptr_array_add (texts, page);
      return import_texts (store, path, texts, options, outcome, error);
    }
  base = g_filename_display_basename (path);
  outcome->format = gloss_exchange_sniff (path);
  if (outcome->format == GLOSS_FORMAT_UNKNOWN)
    {
      g_set_error (error, GLOSS_EXCHANGE_ERROR, GLOSS_EXCHANGE_ERROR_UNKNOWN_FORMAT,
                   _("%s: a folder without brat .ann files; nothing to import"), base);
      return FALSE;
    }
  if (outcome->format != GLOSS_FORMAT_ARTICLE)
    {
      if (gloss_exchange_import (store, path, outcome->format, outcome->report, error))
        return TRUE;
      g_prefix_error (error, "%s (%s): ", base, gloss_format_title (outcome->format));
      return FALSE;
    }

  /* PDF and scans, then RTF, DOCX, ODT, EPUB and e-mail, by their content; the rest is
   * text, Markdown or HTML. */
  if (!read_paged (path, options, &paged, error))
    return FALSE;
  if (paged != NULL)
    {
      texts = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_imported_text_free);
      g_ptr_array_add (texts, paged);
    }
  else if (!gloss_readers_read_file (path, &texts, error))
    return FALSE;
  if (texts == NULL)
    {
      GlossImportedText *text = gloss_import_read_file (path, error);

      if (text == NULL)
        return FALSE;
      texts = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_imported_text_free);
      g_ptr_array_add (texts, text);
    }
  return import_texts (store, path, texts, options, outcome, error);
}

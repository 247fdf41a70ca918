/* gloss-import.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Turns a file (plain text, Markdown or HTML) into the text of a Gloss document:
 * decoded to UTF-8, newlines normalised, and for HTML the readable article text
 * without page furniture. It only reads; it never writes a file and does not
 * know about the store, so the GUI, the CLI and a worker thread can all call it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GLOSS_IMPORT_ERROR (gloss_import_error_quark ())
GQuark gloss_import_error_quark (void);

typedef enum {
  GLOSS_IMPORT_ERROR_FAILED,        /* could not read the file (message includes the reason) */
  GLOSS_IMPORT_ERROR_EMPTY,         /* empty, or only whitespace after extraction */
  GLOSS_IMPORT_ERROR_TOO_LARGE,     /* over GLOSS_IMPORT_MAX_BYTES */
  GLOSS_IMPORT_ERROR_BINARY,        /* looks binary (NUL bytes / control chars / known magic numbers like PDF, ZIP, PNG...) */
  GLOSS_IMPORT_ERROR_ENCODING,      /* invalid encoding that cannot be decoded (e.g. broken UTF-16) */
  GLOSS_IMPORT_ERROR_UNSUPPORTED,   /* unknown extension / format */
  GLOSS_IMPORT_ERROR_PASSWORD,      /* encrypted: no password given, or a wrong one */
} GlossImportError;

#define GLOSS_IMPORT_MAX_BYTES (64 * 1024 * 1024)   /* documented size limit: 64 MiB */

typedef struct {
  char *title;      /* never NULL */
  char *text;       /* valid UTF-8, "\n" newlines only, no BOM, never empty */
  char *format;     /* "txt", "md" or "html" */
  char *encoding;   /* what the bytes were decoded from: "UTF-8", "UTF-16LE", "UTF-16BE", "WINDOWS-1252"
                     * (or, for HTML that declares another charset, that charset, upper-cased) */
  char *warning;    /* nullable: a sentence for the user, e.g. "Not valid UTF-8; read as Windows-1252 (Latin-1) text." */
  /* Source details the reader found in the file, each nullable. The importer writes
   * them into the new document's properties (author, publisher, published, url) and,
   * with anything else worth keeping, into its metadata JSON object. */
  char *author;      /* one or more names, "; "-separated */
  char *publisher;   /* publisher or site name */
  char *published;   /* publication date YYYY-MM-DD (the full time, if any, goes into metadata) */
  char *url;         /* canonical absolute address */
  char *metadata;    /* JSON object text: further details (language, description, e-mail headers, ...) */
  /* Paged sources (PDF, scans): where page n (1-based) starts in @text, as the code
   * point offset at index n - 1 (guint64, ascending; a page without text starts where
   * the next one does). NULL for sources without pages. */
  GArray *pages;
  /* Text read by OCR: GlossTextConfidence per paragraph. NULL when nothing was. */
  GArray *confidence;
  /* The bytes the text was read from when they did not come from a file (a web
   * page), and their media type: kept as the document's original. Both nullable. */
  GBytes *original;
  char   *original_type;
} GlossImportedText;

/* How sure OCR was of the text in [start, end) (code points): 0 to 100. */
typedef struct {
  guint64 start;
  guint64 end;
  double  confidence;
} GlossTextConfidence;

void gloss_imported_text_free (GlossImportedText *t);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossImportedText, gloss_imported_text_free)

/* Reads @path; format from the extension (.txt .text, .md .markdown, .html .htm .xhtml; case-insensitive).
   Unknown extensions: treated as text if the content is text, else UNSUPPORTED/BINARY. */
GlossImportedText *gloss_import_read_file (const char *path, GError **error);
/* Same from memory. @format_hint: "txt", "md", "html" or NULL (sniff: leading "<!DOCTYPE html" / "<html" => html, else txt).
   @name is used in error messages and as a fallback title (may be NULL). */
GlossImportedText *gloss_import_read_bytes (const char *data, gsize len, const char *format_hint, const char *name, GError **error);
/* Decoding helpers, also used by the paste-as-document feature of the GUI: */
char *gloss_import_normalize_text (const char *utf8, gsize len);  /* CRLF/CR -> LF, strip BOM, drop NUL-free control chars except \n \t, trim trailing whitespace at end of document and leading blank lines */
char *gloss_import_guess_title (const char *text);                /* first non-empty line, trimmed, at most 120 code points (cut at a word boundary + "…") */

G_END_DECLS

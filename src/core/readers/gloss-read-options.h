/* gloss-read-options.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a caller may tell a reader of paged sources (PDF, scanned images) beyond
 * the file itself: a password, the OCR language, progress and cancelling.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Called from the reading thread after each page: @done of @total pages read. */
typedef void (*GlossReadProgressFunc) (guint done, guint total, gpointer user_data);

/* Zero-initialised means: no password, OCR in English where a page has no text,
 * no progress, no cancelling. */
typedef struct {
  const char           *password;      /* nullable: for an encrypted PDF */
  const char           *ocr_language;  /* nullable: Tesseract languages, "eng" or "deu+eng"; NULL = "eng" */
  gboolean              no_ocr;        /* TRUE: pages without a text layer are left empty */
  GlossReadProgressFunc progress;      /* nullable */
  gpointer              progress_data;
  GCancellable         *cancellable;   /* nullable */
} GlossReadOptions;

G_END_DECLS

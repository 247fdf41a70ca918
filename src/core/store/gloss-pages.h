/* gloss-pages.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pages of paged sources (PDF, scans): where each page starts in a document's text,
 * the page(s) a span falls on, and the confidence of text read by OCR.
 */
#pragma once

#include "gloss-store.h"

G_BEGIN_DECLS

/* Below this confidence (0 to 100) OCR's text is shown as unsure. */
#define GLOSS_PAGES_LOW_CONFIDENCE 70.0

/* How sure OCR was of [start, end) (code points), 0 to 100. */
typedef struct {
  gint64 start;
  gint64 end;
  double confidence;
} GlossConfidenceSpan;

/* Stores where each page of document @id starts: @starts[n - 1] is page n's first
 * code point, ascending, none past the text's end. Once per document, inside the
 * transaction that adds it. */
gboolean gloss_store_set_document_pages      (GlossStore    *self,
                                              const char    *id,
                                              const gint64  *starts,
                                              guint          n_pages,
                                              GError       **error);
/* Stores OCR's confidence of a paragraph of document @id. */
gboolean gloss_store_add_document_confidence (GlossStore    *self,
                                              const char    *id,
                                              gint64         start,
                                              gint64         end,
                                              double         confidence,
                                              GError       **error);

/* (transfer full): gint64 page starts of document @id, empty for a document without
 * pages; NULL only with @error set. Rows a hostile file holds out of order or past the
 * text are tidied (made ascending, cut to the text). */
GArray  *gloss_store_get_document_pages      (GlossStore    *self,
                                              const char    *id,
                                              GError       **error);
/* (transfer full): GlossConfidenceSpan of document @id in text order, maybe empty. */
GArray  *gloss_store_get_document_confidence (GlossStore    *self,
                                              const char    *id,
                                              GError       **error);

/* The page (1-based) that code point @offset is on, 0 when @pages is NULL or empty. */
guint    gloss_pages_at                      (const GArray  *pages,
                                              gint64         offset);
/* The first and last page of the span [@start, @end); FALSE without pages. */
gboolean gloss_pages_of_span                 (const GArray  *pages,
                                              gint64         start,
                                              gint64         end,
                                              guint         *first,
                                              guint         *last);
/* "p. 12" or "pp. 12–13" for the span, NULL without pages. */
char    *gloss_pages_describe                (const GArray  *pages,
                                              gint64         start,
                                              gint64         end);

G_END_DECLS

/* gloss-ocr.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Optical character recognition with Tesseract: scanned images (PNG, JPEG, TIFF)
 * read into a Gloss document's text, and the pages of a PDF without a text layer
 * (gloss-pdf.c renders them and hands the pixels here). Each paragraph's confidence
 * is kept, so that the reading view can mark what OCR was unsure of.
 */
#pragma once

#include <gio/gio.h>

#include "gloss-import.h"
#include "gloss-read-options.h"

G_BEGIN_DECLS

typedef struct _GlossOcr GlossOcr;

/* The Tesseract languages installed ("eng", "deu", ...), sorted; never NULL. */
char **gloss_ocr_list_languages (void);

/* An OCR engine for @language ("eng", "deu+eng"; NULL for "eng"). Fails with
 * %GLOSS_IMPORT_ERROR_UNSUPPORTED naming the language when it is not installed. */
GlossOcr *gloss_ocr_new (const char *language, GError **error);
void      gloss_ocr_free (GlossOcr *ocr);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossOcr, gloss_ocr_free)

/* Reads an 8-bit grey image of @dpi dots per inch. Returns its text in paragraphs
 * (separated by a blank line, broken words at line ends rejoined), possibly empty;
 * @confidence gets a GlossTextConfidence per paragraph with BYTE offsets into the
 * returned text. Cancelled through @cancellable with %G_IO_ERROR_CANCELLED. */
char *gloss_ocr_read_grey (GlossOcr      *ocr,
                           const guint8  *pixels,
                           int            width,
                           int            height,
                           int            stride,
                           int            dpi,
                           GArray       **confidence,
                           GCancellable  *cancellable,
                           GError       **error);

/* Whether @data starts like a PNG, JPEG or TIFF image. */
gboolean gloss_ocr_sniff_image (const char *data, gsize len);

/* Reads a scanned image (every page of a multi-page TIFF) with OCR. The result's
 * format is "image", with pages and per-paragraph confidence. */
GlossImportedText *gloss_ocr_read_image_file (const char             *path,
                                              const GlossReadOptions *options,
                                              GError                **error);

G_END_DECLS

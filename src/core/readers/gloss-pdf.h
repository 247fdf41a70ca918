/* gloss-pdf.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads a PDF into the text of a Gloss document with poppler: lines put in reading
 * order (columns left to right, full-width lines between them), hyphenation at line
 * ends rejoined, running headers, footers and page numbers dropped, paragraphs
 * rebuilt from line spacing, and where each page starts in the text. Pages without
 * a text layer are read with OCR (gloss-ocr.h) when the options allow it. Like the
 * other readers it never sees a project.
 */
#pragma once

#include <gio/gio.h>

#include "gloss-import.h"
#include "gloss-read-options.h"

G_BEGIN_DECLS

/* Whether @data (the first bytes of a file) is a PDF: "%PDF-" within its first
 * 1024 bytes, as readers accept. */
gboolean gloss_pdf_sniff (const char *data, gsize len);

/* Reads the PDF at @path. Encrypted files need @options->password; without it, or
 * with a wrong one, the error is %GLOSS_IMPORT_ERROR_PASSWORD. The result's format
 * is "pdf", its pages array holds where each page starts. */
GlossImportedText *gloss_pdf_read_file (const char             *path,
                                        const GlossReadOptions *options,
                                        GError                **error);

G_END_DECLS

/* gloss-readers.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The readers of documents that are not plain text, Markdown or HTML: RTF, Word
 * (DOCX), OpenDocument text (ODT), EPUB and e-mail (.eml, mbox). Each is recognised
 * by its content, never by its extension, and turned into one or more
 * GlossImportedText (text plus source details). Like gloss-import.h they only read:
 * they never see a project, so the importer, a worker thread or a fuzzer can call them.
 * Errors are in the GLOSS_IMPORT_ERROR domain and name the file.
 */
#pragma once

#include <gio/gio.h>

#include "gloss-import.h"
#include "gloss-reader-util.h"

G_BEGIN_DECLS

typedef enum {
  GLOSS_READER_KIND_NONE,    /* none of these: gloss_import_read_file() reads it (or says why not) */
  GLOSS_READER_KIND_RTF,
  GLOSS_READER_KIND_DOCX,
  GLOSS_READER_KIND_ODT,
  GLOSS_READER_KIND_EPUB,
  GLOSS_READER_KIND_EMAIL,   /* one message (.eml) */
  GLOSS_READER_KIND_MBOX,    /* a mailbox of messages, each starting with a "From " line */
} GlossReaderKind;

const char      *gloss_reader_kind_name     (GlossReaderKind kind);
GlossReaderKind  gloss_readers_sniff_bytes  (const char *data, gsize len);

/* Reads @path if its content is one of the kinds above. Returns FALSE with @error set
 * on a failure; TRUE with *@texts set to a non-empty array of GlossImportedText (a
 * mailbox gives one per message and per readable attachment), or TRUE with *@texts
 * NULL when the file is none of these kinds. */
gboolean   gloss_readers_read_file   (const char  *path,
                                      GPtrArray  **texts,
                                      GError     **error);
/* The same from memory (@name names the source in errors and titles). */
gboolean   gloss_readers_read_bytes  (const char  *data,
                                      gsize        len,
                                      const char  *name,
                                      GPtrArray  **texts,
                                      GError     **error);

GlossImportedText *gloss_rtf_read    (const char *data, gsize len, const char *name, GError **error);
/* Messages of an .eml or a mailbox, each followed by its readable attachments, which
 * @read_attachment (gloss_readers_read_bytes(), given by the caller so that the mail
 * reader needs no call back into the dispatcher) reads when they are documents. */
typedef gboolean (*GlossReadBytesFunc) (const char *data, gsize len, const char *name,
                                        GPtrArray **texts, GError **error);
GPtrArray         *gloss_mail_read   (const char *data, gsize len, const char *name,
                                      GlossReadBytesFunc read_attachment, GError **error);

GlossImportedText *gloss_office_read (GlossZip *zip, GlossReaderKind kind, const char *name, GError **error);
GlossImportedText *gloss_epub_read   (GlossZip *zip, const char *name, GError **error);

/* Web addresses (libsoup 3). */
gboolean           gloss_web_is_address  (const char *s);
GlossImportedText *gloss_web_fetch       (const char *url, GCancellable *cancellable, GError **error);
/* For tests: the timeout of the next fetches, in seconds (30 by default). */
void               gloss_web_set_timeout (guint seconds);

G_END_DECLS

/* gloss-originals.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Originals: the bytes of the file each document was imported from, kept in the
 * project once per SHA-256, gzip-compressed, with their media type.
 */
#pragma once

#include <gio/gio.h>

#include "gloss-store.h"

G_BEGIN_DECLS

/* Files larger than this are imported without their original. */
#define GLOSS_ORIGINAL_MAX_BYTES (200 * 1024 * 1024)

/* A file's bytes made ready to store: read, hashed and compressed before the
 * transaction that adds its document, so that the transaction stays short. */
typedef struct {
  char    *sha256;      /* lower-case hex of the uncompressed bytes */
  char    *media_type;  /* "application/pdf", "text/html", ... */
  guint64  size;        /* uncompressed */
  GBytes  *compressed;  /* gzip */
} GlossOriginal;

/* A file name extension for @media_type ("pdf", "html", "docx"...), "bin" when unknown. */
const char    *gloss_original_extension     (const char    *media_type);
/* Where the original of @document is put for another application to open it:
 * @cache_dir/ID/NAME, NAME the base name of the file it came from (or ID.EXT). A
 * project's id or source that would lead out of @cache_dir (a separator, "..") is
 * replaced by its SHA-256 or left out. */
char          *gloss_original_cache_path    (const char          *cache_dir,
                                             const GlossDocument *document,
                                             const char          *media_type);

void           gloss_original_free          (GlossOriginal *original);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossOriginal, gloss_original_free)

/* Reads @path in pieces (memory stays at the compressed size). More than @max_size
 * bytes: %GLOSS_STORE_ERROR_TOO_LARGE. */
GlossOriginal *gloss_original_new_from_file  (const char    *path,
                                              const char    *media_type,
                                              guint64        max_size,
                                              GCancellable  *cancellable,
                                              GError       **error);
GlossOriginal *gloss_original_new_from_bytes (GBytes        *bytes,
                                              const char    *media_type,
                                              guint64        max_size,
                                              GError       **error);

/* Makes @original the original of document @id, storing its bytes unless an original
 * with the same SHA-256 is already in the project. */
gboolean       gloss_store_set_document_original (GlossStore          *self,
                                              const char          *id,
                                              const GlossOriginal *original,
                                              GError             **error);
/* Whether document @id has an original. */
gboolean       gloss_store_has_original     (GlossStore    *self,
                                             const char    *id);
/* (transfer full) (nullable): document @id's original, decompressed, its SHA-256 and
 * size verified (%GLOSS_STORE_ERROR_CORRUPT when they do not match);
 * %GLOSS_STORE_ERROR_NOT_FOUND when it has none. @media_type: (out) (optional). */
GBytes        *gloss_store_get_original     (GlossStore    *self,
                                             const char    *id,
                                             char         **media_type,
                                             GError       **error);
/* Writes document @id's original to @path (replacing it). */
gboolean       gloss_store_save_original    (GlossStore    *self,
                                             const char    *id,
                                             const char    *path,
                                             GError       **error);
/* (transfer full) (nullable): the original of document @id as stored, still
 * compressed, to copy it into another project; NULL without error when it has none. */
GlossOriginal *gloss_store_dup_original     (GlossStore    *self,
                                             const char    *id,
                                             GError       **error);

G_END_DECLS

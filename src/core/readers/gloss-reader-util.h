/* gloss-reader-util.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the document readers (RTF, DOCX, ODT, EPUB, e-mail) share: zip entries read
 * with bounded expansion, tidy paragraphs, source details as a JSON object.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How far a zip (DOCX, ODT, EPUB) may expand: more than this in all, or more than
 * GLOSS_READERS_MAX_RATIO times the archive's own size past the first 8 MiB, is
 * refused as a likely zip bomb before it fills memory. */
#define GLOSS_READERS_MAX_EXPANDED (256 * 1024 * 1024)
#define GLOSS_READERS_MAX_RATIO    200

typedef struct _GlossZip GlossZip;
GlossZip   *gloss_zip_open     (const char *data, gsize len, const char *name, GError **error);
gboolean    gloss_zip_has      (GlossZip *zip, const char *entry);
/* The bytes of @entry (NUL-terminated past their length), or NULL with @error set. */
GBytes     *gloss_zip_read     (GlossZip *zip, const char *entry, GError **error);
void        gloss_zip_free     (GlossZip *zip);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossZip, gloss_zip_free)

/* Normalised text (gloss_import_normalize_text()) with spaces at the ends of lines
 * dropped and runs of blank lines cut to one. */
char       *gloss_readers_tidy_text     (GString *text);
/* A JSON object text from key/value pairs (a NULL or empty value is left out), or
 * NULL when every value is. */
char       *gloss_readers_metadata_json (const char *first_key, ...) G_GNUC_NULL_TERMINATED;

/* The members of both JSON objects (@b's win); either may be NULL or not an object. */
char       *gloss_readers_metadata_merge (const char *a, const char *b);

G_END_DECLS

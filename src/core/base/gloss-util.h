/* gloss-util.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

char    *gloss_uuid_new          (void);
gboolean gloss_uuid_is_valid     (const char *str);
char    *gloss_uuid_from_name    (const char *namespace_, const char *name);
char    *gloss_now_iso8601       (void);
gboolean gloss_timestamp_is_valid (const char *str);
char    *gloss_sha256_hex        (const char *data, gsize len);
gboolean gloss_colour_is_valid   (const char *colour);
char    *gloss_default_annotator (void);
/* The one key every name search of the app compares by (entity picker, link
 * targets, tables): compatibility-decomposed, case-folded, accents and other marks
 * dropped, runs of white space made one space. "ZOË  Łukasiewicz" and "zoe
 * łukasiewicz" give the same key. NULL gives "". */
char    *gloss_search_key        (const char *text);

/* The key entity names and aliases are compared by: letters and digits only,
 * case-folded, accents dropped ("U.S. Navy" and "us navy" are "usnavy", "Zoë" is
 * "zoe"). Never NULL; "" for a name with no letter or digit or invalid UTF-8. The
 * store keeps these keys in entity_keys, so that finding an entity by name is an
 * indexed lookup. */
char    *gloss_match_key         (const char *name);
/* Whether gloss_match_key (@name) is "", without building the key when an ASCII
 * letter or digit shows it is not (most names). */
gboolean gloss_match_key_is_empty (const char *name);
/* The match key of the last word of @name ("Sofia Brandt" -> "brandt"), or NULL for
 * a one-word name. */
char    *gloss_last_word_key     (const char *name);

/* JSON text kept in a project column (aliases, set definitions, metadata, history
 * snapshots...): the file may come from anyone, so the text may be NULL, blank,
 * malformed or of another type. See gloss-util.c. */
JsonNode *gloss_json_parse_text  (const char   *text,
                                  JsonNodeType  type,
                                  GError      **error);

/*
 * GlossTextIndex: converts Unicode code point offsets of a UTF-8 text into byte
 * offsets in O(1) plus a short scan, by keeping the byte position of every
 * GLOSS_TEXT_INDEX_STRIDE-th code point (8 bytes per 64 code points); within a block
 * of single-byte characters there is no scan. The text must be valid UTF-8 and is
 * borrowed: it must outlive the index.
 */
#define GLOSS_TEXT_INDEX_STRIDE 64

typedef struct _GlossTextIndex GlossTextIndex;

GlossTextIndex *gloss_text_index_new        (const char *text, gssize len);
void            gloss_text_index_free       (GlossTextIndex *index);
gint64          gloss_text_index_get_length (const GlossTextIndex *index);  /* code points */
const char     *gloss_text_index_get_text   (const GlossTextIndex *index);
/* Byte offset of code point @offset (0 <= offset <= length). */
gsize           gloss_text_index_byte_at    (const GlossTextIndex *index, gint64 offset);
/* Newly allocated copy of code points [start, end), clamped to the text. */
char           *gloss_text_index_slice      (const GlossTextIndex *index, gint64 start, gint64 end);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossTextIndex, gloss_text_index_free)

G_END_DECLS

/* gloss-json-scan.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GlossJsonScan: finds the top-level members of a large JSON object, and the items of
 * its arrays, without building a tree. json-glib reads a whole document into memory
 * (1.65 GB for a 175 MB file, see PERFORMANCE.md), so large imports scan the mapped
 * file once with this, then hand each array item, a small object, to json-glib.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define GLOSS_JSON_SCAN_ERROR (gloss_json_scan_error_quark ())
GQuark gloss_json_scan_error_quark (void);

typedef enum {
  GLOSS_JSON_SCAN_ERROR_SYNTAX,   /* not well-formed JSON (RFC 8259), or a duplicate top-level key */
  GLOSS_JSON_SCAN_ERROR_TYPE,     /* well-formed start, but the top level is not an object */
} GlossJsonScanError;

/* Containers may nest this deep, the top-level object included. */
#define GLOSS_JSON_SCAN_MAX_DEPTH 512

typedef struct {
  char  *key;          /* unescaped key */
  gsize  offset;       /* byte offset of the value's first byte */
  gsize  length;       /* byte length of the value */
  char   kind;         /* '{' object, '[' array, '"' string, 'n' number, 't'/'f' bool, 'z' null */
} GlossJsonMember;

void gloss_json_member_free (GlossJsonMember *member);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossJsonMember, gloss_json_member_free)

/* Scans the top-level object. Returns a GPtrArray of GlossJsonMember* (free func set), in file order.
   Fails with SYNTAX (message: "line L, column C: <what>") when the top level is not a well-formed object:
   it validates the full structure of every value (strings with escapes incl. \uXXXX and surrogate pairs,
   numbers per RFC 8259 grammar, literals, nesting up to depth 512 → error "nesting too deep"), rejects
   trailing garbage after the object, rejects invalid UTF-8 inside strings, and rejects duplicate top-level keys.
   Lone surrogate escapes are rejected, and so are top-level keys containing \u0000 (they cannot be
   C strings). A leading UTF-8 byte order mark is skipped. Fails with TYPE when the document is
   another kind of JSON value (e.g. an array). */
GPtrArray *gloss_json_scan_object (const char *data, gsize len, GError **error);

/* Iterates the items of an array value [offset, offset+length) found by scan_object.
   @index counts the items returned so far. */
typedef struct { const char *data; gsize pos; gsize end; guint index; } GlossJsonArrayIter;
void     gloss_json_array_iter_init (GlossJsonArrayIter *iter, const char *data, const GlossJsonMember *array);
/* Sets *offset and *length of the next item; FALSE at the end. (The structure is already validated.) */
gboolean gloss_json_array_iter_next (GlossJsonArrayIter *iter, gsize *offset, gsize *length);

/* Parses one value with json-glib (json_parser_load_from_data on the slice) and returns the root node
   (transfer full). On failure the json-glib error is prefixed with the slice's line and column in @data. */
JsonNode *gloss_json_parse_slice (const char *data, gsize offset, gsize length, GError **error);

/* Line and column (1-based) of a byte offset, for error messages. Columns count characters
   (UTF-8 lead bytes), not bytes. */
void gloss_json_position (const char *data, gsize offset, guint *line, guint *column);

G_END_DECLS

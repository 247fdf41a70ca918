/* gloss-json-scan.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GlossJsonScan: finds the top-level members of a large JSON object, and the items of
 * its arrays, without building a tree. json-glib reads a whole document into memory
 * (1.65 GB for a 175 MB file, see PERFORMANCE.md), so large imports scan the file once
 * with this, reading it in bounded chunks (a GlossJsonSource), then read each array
 * item, a small object, again in chunks: memory does not grow with the file's size.
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

/* The input of a scan: data in memory (borrowed, never copied), or a file read in
 * chunks of @chunk_size bytes (0: 1 MiB) with pread(), through a window that grows
 * only to hold one token or one array item whole. Offsets are from the input's start. */
typedef struct _GlossJsonSource GlossJsonSource;

GlossJsonSource *gloss_json_source_new_for_data (const char *data, gsize len);
/* Fails with a G_FILE_ERROR when @path cannot be opened. Only for JSON files: never a project file. */
GlossJsonSource *gloss_json_source_new_for_path (const char *path, gsize chunk_size, GError **error);
void             gloss_json_source_free         (GlossJsonSource *src);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossJsonSource, gloss_json_source_free)
/* Line and column of @offset, as gloss_json_position (a file is read again from its start). */
void             gloss_json_source_position     (GlossJsonSource *src, gsize offset, guint *line, guint *column);
/* A NUL-terminated copy of [offset, offset+length), or NULL when it cannot be read. */
char            *gloss_json_source_dup          (GlossJsonSource *src, gsize offset, gsize length);

/* gloss_json_scan_object over a source; a read error is a G_FILE_ERROR. */
GPtrArray *gloss_json_scan_source (GlossJsonSource *src, GError **error);

/* Iterates the items of an array value [offset, offset+length) found by scan_object.
   @index counts the items returned so far. */
typedef struct { const char *data; gsize pos; gsize end; guint index; } GlossJsonArrayIter;
void     gloss_json_array_iter_init (GlossJsonArrayIter *iter, const char *data, const GlossJsonMember *array);
/* Sets *offset and *length of the next item; FALSE at the end. (The structure is already validated.) */
gboolean gloss_json_array_iter_next (GlossJsonArrayIter *iter, gsize *offset, gsize *length);

/* Iterates the items of an array member of a scanned source. Each item is whole in
   memory from one call of _next to the next: *item points into the source's window. */
typedef struct { GlossJsonSource *src; gsize pos; gsize end; guint index; } GlossJsonItems;
void     gloss_json_items_init (GlossJsonItems *items, GlossJsonSource *src, const GlossJsonMember *array);
/* FALSE at the end, or with @error set when the file cannot be read. */
gboolean gloss_json_items_next (GlossJsonItems *items, const char **item, gsize *length, GError **error);

/* Parses one value with json-glib (json_parser_load_from_data on the slice) and returns the root node
   (transfer full). On failure the json-glib error is prefixed with the slice's line and column in @data. */
JsonNode *gloss_json_parse_slice (const char *data, gsize offset, gsize length, GError **error);

/* Line and column (1-based) of a byte offset, for error messages. Columns count characters
   (UTF-8 lead bytes), not bytes. */
void gloss_json_position (const char *data, gsize offset, guint *line, guint *column);

G_END_DECLS

/* gloss-json-writer.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GlossJsonWriter: a streaming writer for JSON, pretty-printed or compact. json-glib's generator
 * builds the whole document in memory (see PERFORMANCE.md), so exports go through this
 * instead: it keeps only a 64 KiB buffer (more only while a mark holds more) and a
 * stack of open containers. The output is deterministic and laid out like
 * JSON.stringify (value, null, 2), so the same data always exports to the same bytes.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define GLOSS_JSON_WRITER_ERROR (gloss_json_writer_error_quark ())
GQuark gloss_json_writer_error_quark (void);

typedef enum {
  /* The calls did not describe one complete JSON value (a value without a key in an
   * object, an unclosed container, ...). A g_critical() is logged as well. */
  GLOSS_JSON_WRITER_ERROR_MISUSE,
} GlossJsonWriterError;

typedef struct _GlossJsonWriter GlossJsonWriter;

GlossJsonWriter *gloss_json_writer_new (GOutputStream *stream);   /* takes a ref */
void     gloss_json_writer_free (GlossJsonWriter *w);               /* does not flush */
/* Compact output: no newlines or indentation, "key":value (the final "\n" stays).
 * Call before the first value. */
void     gloss_json_writer_set_compact (GlossJsonWriter *w, gboolean compact);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossJsonWriter, gloss_json_writer_free)

void gloss_json_writer_begin_object (GlossJsonWriter *w);
void gloss_json_writer_end_object   (GlossJsonWriter *w);
void gloss_json_writer_begin_array  (GlossJsonWriter *w);
void gloss_json_writer_end_array    (GlossJsonWriter *w);
void gloss_json_writer_key          (GlossJsonWriter *w, const char *key);  /* next value belongs to this key */

/* A key rendered once, for the members an export writes on every row: its JSON form,
 * quotes included, which is copied out as it is. GLOSS_JSON_KEY ("id") makes one from
 * a string literal, which must be plain ASCII (no quote, backslash or control
 * character: nothing in it is escaped). */
typedef struct {
  const char *quoted;
  gsize       len;
} GlossJsonKey;
#define GLOSS_JSON_KEY(literal) ((GlossJsonKey) { "\"" literal "\"", sizeof (literal) + 1 })
void gloss_json_writer_static_key   (GlossJsonWriter *w, GlossJsonKey key);
void gloss_json_writer_string       (GlossJsonWriter *w, const char *s);   /* NULL writes null */
/* @len < 0 means NUL-terminated. Embedded NULs are written as \u0000. */
void gloss_json_writer_string_len   (GlossJsonWriter *w, const char *s, gssize len);
void gloss_json_writer_int          (GlossJsonWriter *w, gint64 v);
/* Shortest representation that reads back as the same double, formatted like
 * JavaScript's Number.prototype.toString (so -0 is written as 0); NaN/Inf -> null. */
void gloss_json_writer_double       (GlossJsonWriter *w, double v);
void gloss_json_writer_bool         (GlossJsonWriter *w, gboolean v);
void gloss_json_writer_null         (GlossJsonWriter *w);
/* Writes a JsonNode (small objects, e.g. free metadata) in the same pretty style at the
 * current indentation. Object members keep their insertion order. NULL writes null. */
void gloss_json_writer_node         (GlossJsonWriter *w, JsonNode *node);

/* Taking back what was written: gloss_json_writer_rewind() forgets everything written
 * since the last gloss_json_writer_mark() (a key and its value, or values of an array,
 * back in the container open at the mark) and removes the mark. Until then, or until
 * gloss_json_writer_unmark() or a new mark, what follows the mark stays in memory. */
void gloss_json_writer_mark         (GlossJsonWriter *w);
void gloss_json_writer_rewind       (GlossJsonWriter *w);
void gloss_json_writer_unmark       (GlossJsonWriter *w);

/* Convenience: key + value */
void gloss_json_writer_member_string (GlossJsonWriter *w, const char *key, const char *s);
void gloss_json_writer_member_int    (GlossJsonWriter *w, const char *key, gint64 v);

/* Writes the final "\n", flushes the buffer and the stream, and reports the first error
 * that happened since creation (sticky: after it every call was a no-op). Fails with
 * GLOSS_JSON_WRITER_ERROR_MISUSE if the top-level value is missing or incomplete.
 * Does not close the stream. */
gboolean gloss_json_writer_finish (GlossJsonWriter *w, GCancellable *cancellable, GError **error);

G_END_DECLS

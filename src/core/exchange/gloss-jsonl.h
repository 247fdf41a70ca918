/* gloss-jsonl.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * JSON Lines for machine-learning pipelines, compatible with doccano's sequence
 * labelling format: one document per line,
 *
 *   {"id": DOC-ID, "title": ..., "text": ..., "sha256": ...,
 *    "spans": [{"id", "start", "end", "label", "quote", "note", "annotator", "created", "modified"}],
 *    "label": [[start, end, "Label"], ...]}
 *
 * "spans" and doccano's "label" carry the same spans. Offsets count Unicode code
 * points, start included, end excluded: the same unit as Python string indices,
 * which doccano uses. Never bytes, never UTF-16 units.
 */
#pragma once

#include <gio/gio.h>
#include "gloss-json.h"
#include "gloss-scope.h"
#include "gloss-store.h"

G_BEGIN_DECLS

#define GLOSS_JSONL_ERROR (gloss_jsonl_error_quark ())
GQuark gloss_jsonl_error_quark (void);

typedef enum {
  GLOSS_JSONL_ERROR_SYNTAX,    /* a line is not well-formed JSON: the message names the line */
  GLOSS_JSONL_ERROR_INVALID,   /* a line is JSON but wrong: the message names the line */
} GlossJsonlError;

gboolean gloss_jsonl_export      (GlossStore         *store,
                                  const GlossScope   *scope,
                                  GOutputStream      *out,
                                  gboolean            include_text,
                                  GPtrArray          *warnings,
                                  GCancellable       *cancellable,
                                  GError            **error);

gboolean gloss_jsonl_import_file (GlossStore         *store,
                                  const char         *path,
                                  GlossImportReport  *report,
                                  GError            **error);
gboolean gloss_jsonl_import_data (GlossStore         *store,
                                  const char         *data,
                                  gsize               len,
                                  const char         *name,
                                  GlossImportReport  *report,
                                  GError            **error);

gboolean gloss_jsonl_sniff       (const char         *data,
                                  gsize               len);

G_END_DECLS

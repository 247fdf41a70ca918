/* gloss-w3c.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * W3C Web Annotation Data Model (JSON-LD) export and import. An export is one
 * AnnotationCollection whose first AnnotationPage is embedded and holds every
 * annotation in scope; each annotation targets its document as
 * "urn:uuid:<document id>" with a TextQuoteSelector and a TextPositionSelector whose
 * offsets count Unicode code points, start included, end excluded (spec §4.2.4).
 */
#pragma once

#include <gio/gio.h>
#include "gloss-json.h"
#include "gloss-scope.h"
#include "gloss-store.h"

G_BEGIN_DECLS

#define GLOSS_W3C_ERROR (gloss_w3c_error_quark ())
GQuark gloss_w3c_error_quark (void);

typedef enum {
  GLOSS_W3C_ERROR_SYNTAX,    /* not well-formed JSON */
  GLOSS_W3C_ERROR_FORMAT,    /* JSON, but not Web Annotations */
  GLOSS_W3C_ERROR_INVALID,   /* an annotation is malformed: the message names it */
} GlossW3cError;

gboolean gloss_w3c_export      (GlossStore         *store,
                                const GlossScope   *scope,
                                GOutputStream      *out,
                                GPtrArray          *warnings,
                                GCancellable       *cancellable,
                                GError            **error);

gboolean gloss_w3c_import_file (GlossStore         *store,
                                const char         *path,
                                GlossImportReport  *report,
                                GError            **error);
gboolean gloss_w3c_import_data (GlossStore         *store,
                                const char         *data,
                                gsize               len,
                                const char         *name,
                                GlossImportReport  *report,
                                GError            **error);

gboolean gloss_w3c_sniff       (const char         *data,
                                gsize               len);

G_END_DECLS

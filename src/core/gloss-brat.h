/* gloss-brat.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * brat standoff (brat.nlplab.org/standoff.html): NAME.txt + NAME.ann per document and
 * an annotation.conf, in a folder or a zip. Offsets are Unicode code points, start
 * included, end excluded, as in Gloss (brat is written in Python).
 *
 * Gloss has no relations, events, attributes or normalisations yet: the importer keeps
 * R, E, A/M, N, * lines (and # notes on them) as lines of the form "brat R: ..." in the
 * note of the span they hang on, with the ids replaced by self-describing references
 * (Type@start-end), and the exporter writes those lines back as brat lines.
 */
#pragma once

#include <gio/gio.h>
#include "gloss-json.h"
#include "gloss-scope.h"
#include "gloss-store.h"

G_BEGIN_DECLS

#define GLOSS_BRAT_ERROR (gloss_brat_error_quark ())
GQuark gloss_brat_error_quark (void);

typedef enum {
  GLOSS_BRAT_ERROR_FAILED,    /* cannot read or write a file (message says which and why) */
  GLOSS_BRAT_ERROR_SYNTAX,    /* a malformed line: the message names the file and line */
  GLOSS_BRAT_ERROR_INVALID,   /* well-formed but wrong (offsets, text mismatch, unknown id) */
} GlossBratError;

gboolean gloss_brat_export (GlossStore        *store,
                            const GlossScope  *scope,
                            const char        *path,
                            GPtrArray         *warnings,
                            GCancellable      *cancellable,
                            GError           **error);
gboolean gloss_brat_import (GlossStore        *store,
                            const char        *path,
                            GlossImportReport *report,
                            GError           **error);
gboolean gloss_brat_sniff  (const char        *path);

G_END_DECLS

/* gloss-brat.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * brat standoff (brat.nlplab.org/standoff.html): NAME.txt + NAME.ann per document and
 * an annotation.conf, in a folder or a zip. Offsets are Unicode code points, start
 * included, end excluded, as in Gloss (brat is written in Python).
 *
 * Gloss's own structures map to brat lines: a relation between two spans of one
 * document is an R line (Arg1, Arg2), a choice, scale or yes/no field value an A line
 * (a false yes/no is an absent attribute), a linked entity an N line
 * ("Reference T1 <external reference>" or "Gloss:<entity id>", and its canonical name);
 * names with spaces are written with underscores and read back either way. What Gloss
 * has no place for (events, * groups, relations with other roles or that something
 * hangs on, attributes of events, a second normalisation of a span, normalisations of
 * spans whose label is not an entity type) the importer keeps as lines of the form
 * "brat R: ..." in the note of the span they hang on, with the ids replaced by
 * self-describing references (Type@start-end), and the exporter writes them back.
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

/* gloss-qdpx.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * REFI-QDA project exchange (.qdpx): a zip of project.qde (urn:QDA-XML:project:1.0,
 * valid against Project-mrt2019.xsd) and sources/<guid>.txt. Labels become Codes,
 * annotations PlainTextSelections with one Coding each, notes Notes, annotators Users.
 * Positions are what Gloss stores: Unicode code points from 0, startPosition included,
 * endPosition excluded (the spec's own example is end-exclusive; tools disagree).
 */
#pragma once

#include <gio/gio.h>
#include "gloss-scope.h"
#include "gloss-store.h"

G_BEGIN_DECLS

#define GLOSS_QDPX_ERROR (gloss_qdpx_error_quark ())
GQuark gloss_qdpx_error_quark (void);

typedef enum {
  GLOSS_QDPX_ERROR_FAILED,    /* cannot write the file (the message says why) */
} GlossQdpxError;

gboolean gloss_qdpx_export (GlossStore        *store,
                            const GlossScope  *scope,
                            const char        *path,
                            GPtrArray         *warnings,
                            GCancellable      *cancellable,
                            GError           **error);

G_END_DECLS

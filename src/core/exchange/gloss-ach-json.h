/* gloss-ach-json.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Analyses of competing hypotheses in the Gloss JSON format (called by gloss-json.c).
 */
#pragma once

#include <json-glib/json-glib.h>

#include "gloss-json-writer.h"
#include "gloss-scope.h"
#include "gloss-store.h"

G_BEGIN_DECLS

/* Writes an "analyses" member (nothing when the project has no analysis): evidence
 * rows on annotations outside @sql's scope are left out, with their ratings. */
gboolean gloss_ach_json_export          (GlossStore          *store,
                                         GlossJsonWriter     *w,
                                         const GlossScopeSql *sql,
                                         GError             **error);
/* Imports one item of "analyses" (an analysis already in the project is skipped).
 * Inside the caller's transaction; the annotations it points at must be imported. */
gboolean gloss_ach_json_import_analysis (GlossStore          *store,
                                         JsonObject          *obj,
                                         guint                index,
                                         GError             **error);

G_END_DECLS

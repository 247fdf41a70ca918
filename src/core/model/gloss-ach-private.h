/* gloss-ach-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the ACH session functions and the JSON import need of gloss-ach.c: rows are
 * written as their history snapshots. Not for the app or the CLI.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "gloss-ach.h"
#include "gloss-store-private.h"

G_BEGIN_DECLS

/* pk of a live analysis; 0 when absent. */
gint64      gloss_ach_analysis_pk (GlossStore  *self,
                                   const char  *id);
/* The row with UUID @id of @table as a JSON object (deleted or not); NULL when absent. */
JsonObject *gloss_ach_snapshot    (GlossStore  *self,
                                   const char  *table,
                                   const char  *id);
/* Writes the snapshot @o (inserting or updating the row), records it in the history
 * and, when @changes is given, appends a GlossAchRowChange for undo. Inside a
 * transaction of the caller. */
gboolean    gloss_ach_write_row   (GlossStore  *self,
                                   const char  *table,
                                   JsonObject  *o,
                                   GPtrArray   *changes,
                                   GError     **error);

G_END_DECLS

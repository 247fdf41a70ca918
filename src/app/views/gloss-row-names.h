/* gloss-row-names.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Readable names for the rows a merge report or a history entry mentions by UUID:
 * an annotation by its quote, a document by its title, a label, field, entity or
 * relation type by its name; and the members of a history snapshot (label ids, entity
 * ids...) as people read them. Rows deleted since are named from their last snapshot
 * in the history. Main thread only: it reads through the window's store.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "gloss-store.h"

G_BEGIN_DECLS

typedef struct _GlossRowNames GlossRowNames;

GlossRowNames *gloss_row_names_new      (GlossStore    *store);
void           gloss_row_names_free     (GlossRowNames *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossRowNames, gloss_row_names_free)

/* What a row of @table is, for people: "Annotation", "Document", "Label"... */
const char    *gloss_row_names_kind     (const char    *table);
/* The row's name: “quote” for an annotation (and for a field value, @id being its
 * annotation's), the title of a document, the name of a label... Never NULL. */
char          *gloss_row_names_name     (GlossRowNames *self,
                                         const char    *table,
                                         const char    *id);
/* The title of a member of a snapshot of @table ("Label", "Note"...); for a field
 * value's "value", the field's name (@sub_id is the field's id). */
char          *gloss_row_names_member   (GlossRowNames *self,
                                         const char    *table,
                                         const char    *member,
                                         const char    *sub_id);
/* A member's value for people: ids become names, null "—", long text shortened. */
char          *gloss_row_names_value    (GlossRowNames *self,
                                         const char    *table,
                                         const char    *member,
                                         const char    *sub_id,
                                         JsonNode      *value);
/* Short text for a label: collapses white space and cuts at @max characters. */
char          *gloss_row_names_shorten  (const char    *text,
                                         guint          max);

/* Loads the styles of the merge report and the History window (gloss-team.css)
 * once per process. */
void           gloss_row_names_load_css (void);

G_END_DECLS

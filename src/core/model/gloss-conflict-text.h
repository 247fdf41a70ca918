/* gloss-conflict-text.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Conflicts of a merge (gloss-conflicts.h) in words a person reads: the row by what
 * it shows (an annotation's quote, label and document; an entity's name), the field
 * by its name (a label field's own name) and each value by what it names (a label's
 * name rather than its id), never raw ids. And the way back: a value typed by a
 * person, for the field of a conflict, as the JSON a conflict holds.
 */
#pragma once

#include "gloss-conflicts.h"

G_BEGIN_DECLS

/* "annotation “Acme” (Organisation) in “Report”" */
char *gloss_conflict_row_title   (GlossStore          *store,
                                  const GlossConflict *conflict);
/* "note", "span", "Likelihood" (a field value: its field's name) */
char *gloss_conflict_field_title (GlossStore          *store,
                                  const GlossConflict *conflict);
/* @value_json (one of the conflict's values) as text: "(none)", "12–20 “Acme”", a
 * label's name... */
char *gloss_conflict_value_text  (GlossStore          *store,
                                  const GlossConflict *conflict,
                                  const char          *value_json);
/* One line: the field, the row, both values and which is kept meanwhile. */
char *gloss_conflict_describe    (GlossStore          *store,
                                  const GlossConflict *conflict);
/* @text, typed for @conflict's field, as conflict JSON: a span as "12-20", a label
 * or entity by name or id, a field value checked against its field; empty text is
 * no value where the field may have none. NULL with an INVALID error otherwise. */
char *gloss_conflict_value_from_text (GlossStore          *store,
                                      const GlossConflict *conflict,
                                      const char          *text,
                                      GError             **error);

G_END_DECLS

/* gloss-conflicts.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Conflicts a merge of copies kept (schema 9): a field that both copies changed to
 * different values since the version they share. The merge leaves one of the two in
 * the row (by a rule that does not depend on the order of merges: docs/MERGE.md) and
 * records the conflict here until a person settles it (gloss_session_resolve_conflict()).
 * Values are JSON text: a string, a number, null, or for a span [start, end].
 */
#pragma once

#include "gloss-store.h"

G_BEGIN_DECLS

typedef struct {
  char *id;           /* UUID of the conflict */
  char *table;        /* annotations, field_values, entities, relations, ... */
  char *row_id;       /* UUID of the row; of the annotation for a field value */
  char *sub_id;       /* field values: UUID of the field; else NULL */
  char *document_id;  /* the document the row belongs to, nullable */
  char *field;        /* the member: note, span, label, entity, value, name, ... */
  char *base;         /* JSON: the value in the common version; NULL when none was found */
  char *mine;         /* JSON: this project's value when the merge met the conflict */
  char *theirs;       /* JSON: the other copy's value */
  char *kept;         /* "mine" or "theirs": which the merge left in the row */
  char *mine_who;     /* who made each version and when (nullable) */
  char *mine_at;
  char *theirs_who;
  char *theirs_at;
  char *other_copy;   /* the other copy's file name, nullable */
  char *created;      /* when the merge recorded it */
} GlossConflict;

void           gloss_conflict_free (GlossConflict *conflict);
GlossConflict *gloss_conflict_copy (const GlossConflict *conflict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossConflict, gloss_conflict_free)

/* Whether @field is a member a conflict of @table may name. */
gboolean       gloss_conflict_field_is_valid (const char *table,
                                              const char *field);

/**
 * gloss_store_list_conflicts:
 * @row_id: (nullable): only the conflicts of this row (an annotation: also those of
 *   its field values); NULL: all
 *
 * Returns: (transfer full) (element-type GlossConflict): by document, row, field.
 */
GPtrArray     *gloss_store_list_conflicts (GlossStore  *self,
                                           const char  *row_id,
                                           GError     **error);
GlossConflict *gloss_store_get_conflict   (GlossStore  *self,
                                           const char  *conflict_id,
                                           GError     **error);
/* The number of conflicts (0 for a project older than schema 9). */
guint          gloss_store_count_conflicts (GlossStore *self);

/* The conflict's row as it is now, as the history's JSON snapshot. */
char          *gloss_store_conflict_row   (GlossStore          *self,
                                           const GlossConflict *conflict,
                                           GError             **error);
/**
 * gloss_store_write_conflict_row:
 * @row_json: the row to write (a snapshot from gloss_store_conflict_row(), changed);
 *   its modified time becomes now
 * @resolved: TRUE: the conflict is settled and its row deleted; FALSE: it is put back
 *   (undo)
 *
 * In one transaction, recorded in the history as "resolve".
 */
gboolean       gloss_store_write_conflict_row (GlossStore          *self,
                                               const GlossConflict *conflict,
                                               const char          *row_json,
                                               gboolean             resolved,
                                               GError             **error);

/* For the merge, inside its transaction: records @conflict (its id, if NULL, made
 * from the row, field and the two versions' times, so that both copies that meet it
 * give it the same id), replacing an earlier conflict on the same row and field. */
gboolean       gloss_store_add_conflict   (GlossStore          *self,
                                           const GlossConflict *conflict,
                                           GError             **error);

/* For the merge: deletes this project's conflicts on one row (and field value) whose
 * ids @other (another copy) does not have: that copy settled them. */
gboolean       gloss_store_drop_settled_conflicts (GlossStore  *self,
                                                   GlossStore  *other,
                                                   const char  *table,
                                                   const char  *row_id,
                                                   const char  *sub_id,
                                                   GError     **error);

G_END_DECLS

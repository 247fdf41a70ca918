/* gloss-history.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The history of a project (schema 4): every change to a document, label, field,
 * annotation, field value, entity or relation is recorded in the same transaction as
 * the change, with who made it, when (UTC), the action and the row as JSON before and
 * after. History is local to a project file: a merge records its own entries but does
 * not copy the other file's history.
 */
#pragma once

#include "gloss-store.h"

G_BEGIN_DECLS

/* The actions recorded (GLOSS_HISTORY_CREATE...) are in gloss-store.h. */

typedef struct {
  gint64  id;            /* the entry's number in this project (what restore takes) */
  char   *at;            /* ISO 8601 UTC with milliseconds */
  char   *who;           /* annotator name, nullable */
  char   *action;        /* GLOSS_HISTORY_* */
  char   *table;         /* documents, labels, label_fields, relation_types, entities,
                          * annotations, field_values, relations */
  char   *row_id;        /* UUID of the row; of the annotation for a field value */
  char   *sub_id;        /* field values: UUID of the field; else NULL */
  char   *document_id;   /* the document the row belongs to, nullable */
  char   *before;        /* the row as JSON before the change; NULL when it did not exist */
  char   *after;         /* the row as JSON after the change */
} GlossHistoryEntry;

void gloss_history_entry_free (GlossHistoryEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossHistoryEntry, gloss_history_entry_free)

/**
 * gloss_store_list_history:
 * @id: the UUID of a row. For a document: the document's own changes and those of its
 *   annotations, their field values and the relations that start in it. For an
 *   annotation: its changes and those of its field values. Any other row (label,
 *   entity, relation, field): its own changes.
 *
 * Returns: (transfer full) (element-type GlossHistoryEntry): newest first; empty
 *   when nothing was recorded.
 */
GPtrArray         *gloss_store_list_history     (GlossStore  *self,
                                                 const char  *id,
                                                 GError     **error);
GlossHistoryEntry *gloss_store_get_history_entry (GlossStore *self,
                                                 gint64       history_id,
                                                 GError     **error);
/**
 * gloss_store_restore_version:
 * @history_id: an entry of gloss_store_list_history()
 *
 * Brings the row back to the version it had before that change (its `before`; a row
 * that did not exist before is deleted, a field value cleared). For an entry written by
 * a merge, `before` is the version that lost, so this restores the losing version.
 * The restore is a change of its own (recorded as "restore", with the current time as
 * the row's modified time, so that a later merge carries it), in one transaction.
 * Fails with INVALID when the version refers to a document or label that is deleted.
 */
gboolean           gloss_store_restore_version  (GlossStore  *self,
                                                 gint64       history_id,
                                                 GError     **error);

/* A short human description of an entry ("alice edit annotations <id>: note"). */
char              *gloss_history_entry_describe (const GlossHistoryEntry *entry);
/* The members the change altered ("note, label"), modified left out; NULL for a
 * creation or when nothing but the time changed. */
char              *gloss_history_entry_changed_members (const GlossHistoryEntry *entry);

G_END_DECLS

/* gloss-merge.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Merging another copy of a project (a .gloss file or a Gloss JSON export) into a
 * project, exactly: rows are matched by UUID (documents also by the SHA-256 of their
 * text, labels by name and kind, label fields and relation types by name, entities
 * by type and canonical name). A row that differs is merged member by member from the
 * histories of both copies: a member only one copy changed takes that change, and a
 * member both changed is a conflict kept in the project (gloss-conflicts.h) for a
 * person to settle, holding meanwhile the value with the smaller JSON text. Both versions go to the history, where
 * gloss_store_restore_version() brings them back. Rules: docs/MERGE.md.
 */
#pragma once

#include "gloss-store.h"

G_BEGIN_DECLS

#define GLOSS_MERGE_ERROR (gloss_merge_error_quark ())
GQuark gloss_merge_error_quark (void);

typedef enum {
  GLOSS_MERGE_ERROR_FAILED,
  GLOSS_MERGE_ERROR_UNKNOWN_FORMAT,   /* OTHER is neither a project nor Gloss JSON */
  GLOSS_MERGE_ERROR_INCONSISTENT,     /* same id, different text: the copies are not of one project */
} GlossMergeError;

typedef struct {
  char *table;      /* documents, labels, label_fields, relation_types, entities, annotations,
                     * field_values, relations */
  char *id;         /* the row's UUID in this project (a field value: its annotation's) */
  char *other_id;   /* matched by content: the other of the two UUIDs, which the row no longer has; else NULL */
  char *detail;     /* what happened, for people: "same text (sha256)", "edited there after deleted here" */
  char *conflict_id;  /* a conflict kept in the project (gloss-conflicts.h) for a person to settle; else NULL */
} GlossMergeItem;

typedef struct {
  GPtrArray *added;      /* GlossMergeItem*: rows new to this project */
  GPtrArray *updated;    /* rows whose other version was newer */
  GPtrArray *deleted;    /* rows deleted in the other copy after their last change here */
  GPtrArray *matched;    /* rows matched by content rather than by id */
  GPtrArray *conflicts;  /* an edit newer than a deletion (the edit is kept), and the like */
  GPtrArray *collapsed;  /* annotations deleted as exact duplicates (same annotator, document, label,
                          * span, note, entity and field values) of another, other_id, which is kept */
  guint      unchanged;  /* rows already the same */
  guint      kept;       /* rows where this project's version was newer (the other is in the history) */
} GlossMergeReport;

GlossMergeReport *gloss_merge_report_new     (void);
void              gloss_merge_report_free    (GlossMergeReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossMergeReport, gloss_merge_report_free)

/* The report as text (a summary line, then one line per item) or as a JSON object
 * {"added": [{"table", "id", "other_id", "detail"}], "updated", "deleted", "matched",
 *  "conflicts", "collapsed", "unchanged", "kept"}. */
char             *gloss_merge_report_to_text (const GlossMergeReport *report);
char             *gloss_merge_report_to_json (const GlossMergeReport *report);

/**
 * gloss_merge:
 * @dest: the project to merge into
 * @other_path: a .gloss project (opened for reading only and never changed; an older
 *   version is upgraded in a temporary copy) or a Gloss JSON export (which carries
 *   no deletions)
 * @report: (nullable): filled with what the merge did
 *
 * Merges @other_path into @dest in one transaction: on any error @dest is exactly as
 * before and @report is left as it was.
 */
gboolean          gloss_merge                (GlossStore       *dest,
                                              const char       *other_path,
                                              GlossMergeReport *report,
                                              GError          **error);

G_END_DECLS

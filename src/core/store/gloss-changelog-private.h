/* gloss-changelog-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How each table's rows are recorded in the history and written back: shared by
 * gloss-changelog.c (recording, in the transaction of each change) and
 * gloss-history.c (listing and restoring). The recording functions themselves are
 * declared in gloss-store-private.h.
 */
#pragma once

#include "gloss-store-private.h"

G_BEGIN_DECLS

typedef enum {
  COL_TEXT,
  COL_INT,
  COL_REAL,
  COL_ANNOTATOR,     /* a name: the annotator row is created when missing */
  COL_REF,           /* the UUID of a row of ref_table */
} ColKind;

typedef struct {
  const char *member;
  ColKind     kind;
  const char *ref_table;
} Col;

typedef struct {
  const char *table;
  const char *snap_sql;     /* json, row_id, sub_id, document_id; pk ?5 (and field ?6) */
  const char *list_sql;     /* every row: json, row_id, sub_id, document_id */
  const char *find_sql;     /* pk (and second pk) by ?1 id (and ?2 field id) */
  const char *upsert_sql;   /* parameters in the order of cols */
  const char *insert_sql;   /* the same without its ON CONFLICT clause: for a row known to be new */
  const Col  *cols;
  guint       n_cols;
} TableSpec;

const TableSpec *gloss_changelog_spec_for (const char *table);

G_END_DECLS

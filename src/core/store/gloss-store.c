/* gloss-store.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-store"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <unistd.h>
#include <sys/stat.h>

#include "gloss-file.h"
#include "gloss-filesystem.h"
#include "gloss-entity-key-rows.h"
#include "gloss-store-private.h"
#include "gloss-util.h"

G_DEFINE_QUARK (gloss-store-error-quark, gloss_store_error)

#define BUSY_TIMEOUT_MS 5000


typedef struct {
  GlossChangeKind kind;
  char           *detail;
} PendingChange;

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (GlossStore, gloss_store, G_TYPE_OBJECT)

/*
 * The schema. Each entry is one migration, applied in order inside one transaction;
 * PRAGMA user_version counts how many have been applied. Never edit an entry that has
 * shipped: add a new one.
 *
 * Rows users create carry a UUID (`id`), created and modified times in UTC, and a
 * `deleted` flag: a deletion keeps the row as a tombstone so that merging two copies
 * of a project can tell "deleted here" from "never existed here". Joins use the
 * integer `pk`, which keeps a million annotations compact; the UUID is what leaves
 * the file. Later migrations add tables (entities, relations, field values) and
 * nullable columns without rewriting these.
 */
static const char * const migrations[] = {
  /* 1: the foundation */
  "CREATE TABLE meta (\n"
  "  key   TEXT PRIMARY KEY NOT NULL,\n"
  "  value TEXT NOT NULL\n"
  ") WITHOUT ROWID;\n"
  "CREATE TABLE annotators (\n"
  "  pk       INTEGER PRIMARY KEY,\n"
  "  id       TEXT NOT NULL UNIQUE,\n"
  "  name     TEXT NOT NULL UNIQUE,\n"
  "  created  TEXT NOT NULL,\n"
  "  modified TEXT NOT NULL\n"
  ");\n"
  "CREATE TABLE documents (\n"
  "  pk       INTEGER PRIMARY KEY,\n"
  "  id       TEXT NOT NULL UNIQUE,\n"
  "  title    TEXT NOT NULL,\n"
  "  text     TEXT NOT NULL,\n"
  "  length   INTEGER NOT NULL CHECK (length >= 0),\n"
  "  source   TEXT,\n"
  "  format   TEXT NOT NULL,\n"
  "  sha256   TEXT NOT NULL,\n"
  "  imported TEXT NOT NULL,\n"
  "  metadata TEXT,\n"
  "  created  TEXT NOT NULL,\n"
  "  modified TEXT NOT NULL,\n"
  "  deleted  INTEGER NOT NULL DEFAULT 0\n"
  ");\n"
  "CREATE INDEX documents_sha256 ON documents (sha256);\n"
  "CREATE TABLE labels (\n"
  "  pk          INTEGER PRIMARY KEY,\n"
  "  id          TEXT NOT NULL UNIQUE,\n"
  "  name        TEXT NOT NULL,\n"
  "  kind        TEXT NOT NULL,\n"
  "  colour      TEXT NOT NULL,\n"
  "  shortcut    TEXT,\n"
  "  description TEXT,\n"
  "  position    INTEGER NOT NULL,\n"
  "  created     TEXT NOT NULL,\n"
  "  modified    TEXT NOT NULL,\n"
  "  deleted     INTEGER NOT NULL DEFAULT 0\n"
  ");\n"
  "CREATE TABLE annotations (\n"
  "  pk         INTEGER PRIMARY KEY,\n"
  "  id         TEXT NOT NULL UNIQUE,\n"
  "  document   INTEGER NOT NULL REFERENCES documents (pk),\n"
  "  label      INTEGER NOT NULL REFERENCES labels (pk),\n"
  "  span_start INTEGER NOT NULL,\n"
  "  span_end   INTEGER NOT NULL,\n"
  "  quote      TEXT NOT NULL,\n"
  "  prefix     TEXT NOT NULL DEFAULT '',\n"
  "  suffix     TEXT NOT NULL DEFAULT '',\n"
  "  note       TEXT,\n"
  "  annotator  INTEGER REFERENCES annotators (pk),\n"
  "  created    TEXT NOT NULL,\n"
  "  modified   TEXT NOT NULL,\n"
  "  deleted    INTEGER NOT NULL DEFAULT 0,\n"
  "  CHECK (span_start >= 0 AND span_end > span_start)\n"
  ");\n"
  "CREATE INDEX annotations_document ON annotations (document, deleted, span_start, span_end);\n"
  "CREATE INDEX annotations_label ON annotations (label);\n"
  "CREATE VIRTUAL TABLE documents_fts USING fts5 (title, text, content='documents',\n"
  "  content_rowid='pk', tokenize='unicode61 remove_diacritics 2');\n",

  /* 2: annotated sets, saved selections used as the scope of exports */
  "CREATE TABLE sets (\n"
  "  pk         INTEGER PRIMARY KEY,\n"
  "  id         TEXT NOT NULL UNIQUE,\n"
  "  name       TEXT NOT NULL,\n"
  "  definition TEXT NOT NULL,\n"
  "  created    TEXT NOT NULL,\n"
  "  modified   TEXT NOT NULL,\n"
  "  deleted    INTEGER NOT NULL DEFAULT 0\n"
  ");\n",

  /* 3: analyst tradecraft. Typed fields on labels and their values on annotations,
   * the entity register (an annotation may mention an entity), typed relations
   * between annotations, and document properties (source grading, handling marking).
   * A field value is identified by its annotation and its field (two UUIDs); clearing
   * it keeps the row with a NULL value, as a tombstone. */
  "CREATE TABLE label_fields (\n"
  "  pk          INTEGER PRIMARY KEY,\n"
  "  id          TEXT NOT NULL UNIQUE,\n"
  "  label       INTEGER NOT NULL REFERENCES labels (pk),\n"
  "  name        TEXT NOT NULL,\n"
  "  type        TEXT NOT NULL,\n"
  "  options     TEXT,\n"
  "  min_value   REAL,\n"
  "  max_value   REAL,\n"
  "  required    INTEGER NOT NULL DEFAULT 0,\n"
  "  description TEXT,\n"
  "  position    INTEGER NOT NULL,\n"
  "  created     TEXT NOT NULL,\n"
  "  modified    TEXT NOT NULL,\n"
  "  deleted     INTEGER NOT NULL DEFAULT 0\n"
  ");\n"
  "CREATE INDEX label_fields_label ON label_fields (label, deleted, position);\n"
  "CREATE TABLE entities (\n"
  "  pk           INTEGER PRIMARY KEY,\n"
  "  id           TEXT NOT NULL UNIQUE,\n"
  "  name         TEXT NOT NULL,\n"
  "  label        INTEGER NOT NULL REFERENCES labels (pk),\n"
  "  aliases      TEXT NOT NULL DEFAULT '[]',\n"
  "  description  TEXT,\n"
  "  external_ref TEXT,\n"
  "  merged_into  INTEGER REFERENCES entities (pk),\n"
  "  created      TEXT NOT NULL,\n"
  "  modified     TEXT NOT NULL,\n"
  "  deleted      INTEGER NOT NULL DEFAULT 0\n"
  ");\n"
  "CREATE INDEX entities_label ON entities (label);\n"
  "CREATE TABLE field_values (\n"
  "  annotation INTEGER NOT NULL REFERENCES annotations (pk),\n"
  "  field      INTEGER NOT NULL REFERENCES label_fields (pk),\n"
  "  value      TEXT,\n"
  "  created    TEXT NOT NULL,\n"
  "  modified   TEXT NOT NULL,\n"
  "  PRIMARY KEY (annotation, field)\n"
  ") WITHOUT ROWID;\n"
  "CREATE INDEX field_values_field ON field_values (field);\n"
  "ALTER TABLE annotations ADD COLUMN entity INTEGER REFERENCES entities (pk);\n"
  "CREATE INDEX annotations_entity ON annotations (entity);\n"
  "CREATE TABLE relation_types (\n"
  "  pk          INTEGER PRIMARY KEY,\n"
  "  id          TEXT NOT NULL UNIQUE,\n"
  "  name        TEXT NOT NULL,\n"
  "  description TEXT,\n"
  "  from_labels TEXT,\n"
  "  to_labels   TEXT,\n"
  "  position    INTEGER NOT NULL,\n"
  "  created     TEXT NOT NULL,\n"
  "  modified    TEXT NOT NULL,\n"
  "  deleted     INTEGER NOT NULL DEFAULT 0\n"
  ");\n"
  "CREATE TABLE relations (\n"
  "  pk        INTEGER PRIMARY KEY,\n"
  "  id        TEXT NOT NULL UNIQUE,\n"
  "  type      INTEGER NOT NULL REFERENCES relation_types (pk),\n"
  "  source    INTEGER NOT NULL REFERENCES annotations (pk),\n"
  "  target    INTEGER NOT NULL REFERENCES annotations (pk),\n"
  "  annotator INTEGER REFERENCES annotators (pk),\n"
  "  created   TEXT NOT NULL,\n"
  "  modified  TEXT NOT NULL,\n"
  "  deleted   INTEGER NOT NULL DEFAULT 0,\n"
  "  CHECK (source <> target)\n"
  ");\n"
  "CREATE INDEX relations_source ON relations (source);\n"
  "CREATE INDEX relations_target ON relations (target);\n"
  "ALTER TABLE documents ADD COLUMN reliability TEXT;\n"
  "ALTER TABLE documents ADD COLUMN author TEXT;\n"
  "ALTER TABLE documents ADD COLUMN publisher TEXT;\n"
  "ALTER TABLE documents ADD COLUMN published TEXT;\n"
  "ALTER TABLE documents ADD COLUMN url TEXT;\n"
  "ALTER TABLE documents ADD COLUMN tlp TEXT;\n",

  /* 4: history. Every change to a row is recorded with who made it, when, and the
   * row as JSON before and after (see gloss-history.c), so that an earlier version,
   * or the version that lost in a merge, can be restored. The entries are local to
   * the file: merging does not copy them. row_id is the row's UUID (for a field value,
   * its annotation's, with the field's in sub_id); document_id lets a document's
   * history include its annotations'. */
  "CREATE TABLE history (\n"
  "  pk          INTEGER PRIMARY KEY,\n"
  "  changed_at  TEXT NOT NULL,\n"
  "  who         TEXT,\n"
  "  action      TEXT NOT NULL,\n"
  "  tbl         TEXT NOT NULL,\n"
  "  row_id      TEXT NOT NULL,\n"
  "  sub_id      TEXT,\n"
  "  document_id TEXT,\n"
  "  old_json    TEXT,\n"
  "  new_json    TEXT\n"
  ");\n"
  "CREATE INDEX history_row ON history (row_id);\n"
  "CREATE INDEX history_document ON history (document_id);\n",

  /* 5: Analysis of Competing Hypotheses (see gloss-ach.h, docs/ACH.md). An evidence row
   * points at an annotation (kept, marked "source deleted", when the annotation is
   * deleted) or is free text; credibility and relevance are NULL while they follow the
   * defaults. A rating is one analyst's on one cell; its UUID is derived from the cell
   * and the analyst, so that copies merge it, and a cleared rating is a tombstone. */
  "CREATE TABLE ach_analyses (\n"
  "  pk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, question TEXT NOT NULL, description TEXT,\n"
  "  created TEXT NOT NULL, modified TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0\n"
  ");\n"
  "CREATE TABLE ach_hypotheses (\n"
  "  pk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,\n"
  "  analysis INTEGER NOT NULL REFERENCES ach_analyses (pk), title TEXT NOT NULL, description TEXT,\n"
  "  position INTEGER NOT NULL, created TEXT NOT NULL, modified TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0\n"
  ");\n"
  "CREATE INDEX ach_hypotheses_analysis ON ach_hypotheses (analysis, deleted, position);\n"
  "CREATE TABLE ach_evidence (\n"
  "  pk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,\n"
  "  analysis INTEGER NOT NULL REFERENCES ach_analyses (pk), annotation INTEGER REFERENCES annotations (pk),\n"
  "  kind TEXT NOT NULL CHECK (kind IN ('annotation', 'assumption', 'absence', 'text')), text TEXT,\n"
  "  credibility TEXT CHECK (credibility IN ('H', 'M', 'L')), relevance TEXT CHECK (relevance IN ('H', 'M', 'L')),\n"
  "  position INTEGER NOT NULL, created TEXT NOT NULL, modified TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,\n"
  "  CHECK ((kind = 'annotation') = (annotation IS NOT NULL) AND (annotation IS NOT NULL OR text IS NOT NULL))\n"
  ");\n"
  "CREATE INDEX ach_evidence_analysis ON ach_evidence (analysis, deleted, position);\n"
  "CREATE INDEX ach_evidence_annotation ON ach_evidence (annotation);\n"
  "CREATE TABLE ach_ratings (\n"
  "  pk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,\n"
  "  evidence INTEGER NOT NULL REFERENCES ach_evidence (pk), hypothesis INTEGER NOT NULL REFERENCES ach_hypotheses (pk),\n"
  "  analyst INTEGER NOT NULL REFERENCES annotators (pk),\n"
  "  rating TEXT NOT NULL CHECK (rating IN ('CC', 'C', 'N', 'I', 'II', 'NA')),\n"
  "  created TEXT NOT NULL, modified TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,\n"
  "  UNIQUE (evidence, hypothesis, analyst)\n"
  ");\n"
  "CREATE INDEX ach_ratings_hypothesis ON ach_ratings (hypothesis);\n",

  /* 6: pages. Where each page of a paged source (PDF, scan) starts in the document's
   * text (code points; a page ends where the next starts), so that an annotation
   * knows its page; and how sure OCR was of each paragraph it read. Written once, by
   * the import that adds the document. */
  "CREATE TABLE document_pages (\n"
  "  document INTEGER NOT NULL REFERENCES documents(pk),\n"
  "  page     INTEGER NOT NULL CHECK (page >= 1),\n"
  "  start    INTEGER NOT NULL CHECK (start >= 0),\n"
  "  PRIMARY KEY (document, page)\n"
  ") WITHOUT ROWID;\n"
  "CREATE TABLE document_confidence (\n"
  "  document   INTEGER NOT NULL REFERENCES documents(pk),\n"
  "  span_start INTEGER NOT NULL CHECK (span_start >= 0),\n"
  "  span_end   INTEGER NOT NULL,\n"
  "  confidence REAL NOT NULL CHECK (confidence >= 0 AND confidence <= 100),\n"
  "  PRIMARY KEY (document, span_start),\n"
  "  CHECK (span_end > span_start)\n"
  ") WITHOUT ROWID;\n",

  /* 7: match keys of the entity register (gloss-store-entity-keys.c). Each live
   * entity's name (kind 0), aliases (1) and the last word of its name (2), as written
   * (text) and as compared (key: gloss_match_key(), letters and digits, case-folded,
   * without accents), with the entity's type, so that linking a mention or checking
   * a new name is an indexed lookup rather than a read of the whole register. Derived
   * data, written with every entity row; this migration's keys are built in C after
   * it (migration_fills below). entity and label are the pks of the entity and its
   * type, without REFERENCES: a foreign key check per key row would double the cost
   * of importing a register, and the open and gloss_store_check() verify them. */
  "CREATE TABLE entity_keys (\n"
  "  entity INTEGER NOT NULL,\n"
  "  kind   INTEGER NOT NULL CHECK (kind IN (0, 1, 2)),\n"
  "  text   TEXT NOT NULL,\n"
  "  key    TEXT NOT NULL CHECK (key <> ''),\n"
  "  label  INTEGER NOT NULL,\n"
  "  PRIMARY KEY (entity, kind, text)\n"
  ") WITHOUT ROWID;\n"
  ENTITY_KEYS_INDEX_SQL ";\n",

  /* 8: originals. The bytes of each file a document was imported from, once per
   * SHA-256 of those bytes, gzip-compressed, with its media type, so that the source
   * can be opened, saved back out and exported. A document points at its original
   * through document_originals; a mailbox's messages all point at the one mailbox. */
  "CREATE TABLE originals (\n"
  "  pk         INTEGER PRIMARY KEY,\n"
  "  sha256     TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),\n"
  "  media_type TEXT NOT NULL,\n"
  "  size       INTEGER NOT NULL CHECK (size >= 0),\n"
  "  data       BLOB NOT NULL,\n"
  "  created    TEXT NOT NULL\n"
  ");\n"
  "CREATE TABLE document_originals (\n"
  "  document INTEGER PRIMARY KEY REFERENCES documents(pk),\n"
  "  original INTEGER NOT NULL REFERENCES originals(pk)\n"
  ");\n"
  "CREATE INDEX document_originals_original ON document_originals (original);\n",

  /* 9: conflicts a merge of copies found and kept for a person to settle
   * (gloss-store-conflicts.c, docs/MERGE.md). One row per field that both copies
   * changed to different values since their common version: which row (by UUID, as
   * the history names rows; sub_id is a field value's field), which field, the
   * values as JSON (base NULL when the copies share no version of the row), which of
   * the two the merge left in the row, and who made each and when. Self-contained:
   * resolving a conflict deletes its row, undo puts it back. */
  "CREATE TABLE conflicts (\n"
  "  pk          INTEGER PRIMARY KEY,\n"
  "  id          TEXT NOT NULL UNIQUE,\n"
  "  tbl         TEXT NOT NULL,\n"
  "  row_id      TEXT NOT NULL,\n"
  "  sub_id      TEXT,\n"
  "  document_id TEXT,\n"
  "  field       TEXT NOT NULL,\n"
  "  base        TEXT,\n"
  "  mine        TEXT NOT NULL,\n"
  "  theirs      TEXT NOT NULL,\n"
  "  kept        TEXT NOT NULL CHECK (kept IN ('mine', 'theirs')),\n"
  "  mine_who    TEXT,\n"
  "  mine_at     TEXT,\n"
  "  theirs_who  TEXT,\n"
  "  theirs_at   TEXT,\n"
  "  other_copy  TEXT,\n"
  "  created     TEXT NOT NULL\n"
  ");\n"
  "CREATE INDEX conflicts_row ON conflicts (row_id);\n",
  /* 10: where the analyst put entities on the link chart (gloss-graph.h): one row per
   * entity dragged there, in the chart's own units. Layout, not findings: nothing
   * records it in the history, and merging copies leaves it out (each analyst keeps
   * their own chart). A row of an entity since deleted or merged is not shown. */
  "CREATE TABLE graph_positions (\n"
  "  entity   INTEGER PRIMARY KEY REFERENCES entities (pk),\n"
  "  x        REAL NOT NULL CHECK (x BETWEEN -1e9 AND 1e9),\n"
  "  y        REAL NOT NULL CHECK (y BETWEEN -1e9 AND 1e9),\n"
  "  modified TEXT NOT NULL\n"
  ");\n",
  /* 11: links to entities. A relation's target is an annotation (target) or an entity
   * of the register (target_entity), exactly one of the two: a claim "about" an
   * organisation, a span that "mentions" someone beyond its own tag. SQLite cannot drop
   * a NOT NULL, so the table is rebuilt under its name, keeping every pk and id. */
  "CREATE TABLE relations_v11 (\n"
  "  pk            INTEGER PRIMARY KEY,\n"
  "  id            TEXT NOT NULL UNIQUE,\n"
  "  type          INTEGER NOT NULL REFERENCES relation_types (pk),\n"
  "  source        INTEGER NOT NULL REFERENCES annotations (pk),\n"
  "  target        INTEGER REFERENCES annotations (pk),\n"
  "  annotator     INTEGER REFERENCES annotators (pk),\n"
  "  created       TEXT NOT NULL,\n"
  "  modified      TEXT NOT NULL,\n"
  "  deleted       INTEGER NOT NULL DEFAULT 0,\n"
  "  target_entity INTEGER REFERENCES entities (pk),\n"
  "  CHECK (source <> target),\n"
  "  CHECK ((target IS NULL) <> (target_entity IS NULL))\n"
  ");\n"
  "INSERT INTO relations_v11 (pk, id, type, source, target, annotator, created, modified, deleted)\n"
  "  SELECT pk, id, type, source, target, annotator, created, modified, deleted FROM relations;\n"
  "DROP TABLE relations;\n"
  "ALTER TABLE relations_v11 RENAME TO relations;\n"
  "CREATE INDEX relations_source ON relations (source);\n"
  "CREATE INDEX relations_target ON relations (target);\n"
  "CREATE INDEX relations_target_entity ON relations (target_entity);\n",
  /* 12: entity_keys' CHECK on kind written as comparisons. SQLite 3.40 evaluates
   * "kind IN (0, 1, 2)" in a CHECK by building a temporary b-tree for every row
   * written: each tag that adds an entity to the register paid for it. The same rule
   * (0, 1 or 2, nothing else, not 1.5) as three comparisons costs nothing. The table
   * is rebuilt under its name with its rows as they are. */
  "CREATE TABLE entity_keys_v12 (\n"
  "  entity INTEGER NOT NULL,\n"
  "  kind   INTEGER NOT NULL CHECK (kind = 0 OR kind = 1 OR kind = 2),\n"
  "  text   TEXT NOT NULL,\n"
  "  key    TEXT NOT NULL CHECK (key <> ''),\n"
  "  label  INTEGER NOT NULL,\n"
  "  PRIMARY KEY (entity, kind, text)\n"
  ") WITHOUT ROWID;\n"
  "INSERT INTO entity_keys_v12 (entity, kind, text, key, label)\n"
  "  SELECT entity, kind, text, key, label FROM entity_keys ORDER BY entity, kind, text;\n"
  "DROP TABLE entity_keys;\n"
  "ALTER TABLE entity_keys_v12 RENAME TO entity_keys;\n"
  ENTITY_KEYS_INDEX_SQL ";\n",
  /* 13: the identity of a version a merge made (docs/MERGE.md, "Version identity").
   * A merge that joins what two versions of a row hold writes a version of its own,
   * even when its content is that of one of them; the row cannot tell, so this
   * table does: the row's merge-made version is `version` (a SHA-256 of what it
   * holds) for as long as the row's snapshot is still `content`. Any later change of
   * the row (an edit, an undo, a restore) changes its snapshot, and the row is then
   * the version a person wrote. */
  "CREATE TABLE merge_versions (\n"
  "  tbl     TEXT NOT NULL,\n"
  "  row_id  TEXT NOT NULL,\n"
  "  sub_id  TEXT NOT NULL DEFAULT '',\n"
  "  content TEXT NOT NULL,\n"
  "  version TEXT NOT NULL CHECK (length (version) = 64 AND version NOT GLOB '*[^0-9a-f]*'),\n"
  "  PRIMARY KEY (tbl, row_id, sub_id)\n"
  ") WITHOUT ROWID;\n",
  /* 14: indexes fewer to write on every tag (docs/DESIGN.md,
   * "Pages per commit"). Every index a row is in is one more page that a commit
   * writes to the WAL (and checksums), and one more b-tree whose pages fill and split.
   * - history_document only holds the entries that belong to a document: an entity's
   *   entries (document_id NULL) were all kept at the index's NULL end, one more page
   *   for every entity added, and nothing looks entries up by a NULL document. The
   *   one query that uses the index, "document_id = ?", still does (SQLite knows
   *   that "=" implies IS NOT NULL).
   * - entities_label goes: only `gloss-cli entities --label` filtered entities by
   *   type, and it reads and sorts them anyway; the app lists the whole register.
   * - annotations_entity only holds annotations linked to an entity: every other one
   *   (a claim, a risk, a note: most of them) was appended at the index's NULL end.
   *   Its queries ("entity = ?", "a.entity = e.pk", "entity IS NOT NULL") imply
   *   that the entity is not NULL, and still use it.
   * - entity_keys is one b-tree, keyed by what a mention is looked up by (key, kind,
   *   type), instead of a table keyed by entity and an index on key: each key of a new
   *   name is written once, not twice. An entity's keys are found to be deleted by
   *   computing them from its row as it was (gloss_store_entity_keys_forget()). The
   *   keys are rebuilt from the entities (migration_fills below), so that every key
   *   in the table is one this build computes. */
  "DROP INDEX history_document;\n"
  "CREATE INDEX history_document ON history (document_id) WHERE document_id IS NOT NULL;\n"
  "DROP INDEX entities_label;\n"
  "DROP INDEX annotations_entity;\n"
  "CREATE INDEX annotations_entity ON annotations (entity) WHERE entity IS NOT NULL;\n"
  "DROP TABLE entity_keys;\n"
  ENTITY_KEYS_TABLE_SQL ";\n",
};

/* Rebuilds every match key of the entity register from the entities (migration 7,
 * and `gloss-cli check --repair`); see gloss-store-entity-keys.c. */
gboolean
gloss_store_entity_keys_rebuild (GlossStore *self,
                                 GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_exec (self->db, "DELETE FROM entity_keys", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      gloss_store_set_sqlite_error (self, rc, "building the entities' match keys", error);
      return FALSE;
    }
  /* Its own statement: the insert uses the cache while this one steps. */
  rc = sqlite3_prepare_v2 (self->db, "SELECT pk, label, name, aliases FROM entities WHERE deleted = 0 ORDER BY pk",
                           -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GArray) rows = gloss_entity_key_rows ((const char *) sqlite3_column_text (stmt, 2),
                                                      (const char *) sqlite3_column_text (stmt, 3), NULL);

      for (guint i = 0; i < rows->len; i++)
        {
          GlossKeyRow *row = &g_array_index (rows, GlossKeyRow, i);
          sqlite3_stmt *insert = gloss_store_prepare (self,
              "INSERT OR IGNORE INTO entity_keys (entity, kind, text, key, label) VALUES (?1, ?2, ?3, ?4, ?5)", error);

          if (insert == NULL)
            {
              sqlite3_finalize (stmt);
              return FALSE;
            }
          sqlite3_bind_int64 (insert, 1, sqlite3_column_int64 (stmt, 0));
          sqlite3_bind_int (insert, 2, row->kind);
          gloss_bind_text (insert, 3, row->text);
          gloss_bind_text (insert, 4, row->key);
          sqlite3_bind_int64 (insert, 5, sqlite3_column_int64 (stmt, 1));
          if (!gloss_store_step_done (self, insert, "building the entities' match keys", error))
            {
              sqlite3_finalize (stmt);
              return FALSE;
            }
        }
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (self, rc, "building the entities' match keys", error);
      return FALSE;
    }
  return TRUE;
}

/* Data a migration derives in C from rows already in the file, run right after its
 * SQL in the same transaction. */
static const struct {
  gint64     version;
  gboolean (*fill) (GlossStore *self, GError **error);
} migration_fills[] = {
  { 7, gloss_store_entity_keys_rebuild },
  { 14, gloss_store_entity_keys_rebuild },
};

/* ------------------------------------------------------------------------- */
/* Errors and statements                                                      */

static int
store_error_code_for (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return GLOSS_STORE_ERROR_BUSY;
    case SQLITE_READONLY:
      return GLOSS_STORE_ERROR_READ_ONLY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return GLOSS_STORE_ERROR_CORRUPT;
    case SQLITE_CONSTRAINT:
      return GLOSS_STORE_ERROR_INVALID;
    default:
      return GLOSS_STORE_ERROR_FAILED;
    }
}

void
gloss_store_set_sqlite_error (GlossStore *self,
                              int         rc,
                              const char *what,
                              GError    **error)
{
  int code = store_error_code_for (rc);
  const char *msg = self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  if (code == GLOSS_STORE_ERROR_BUSY)
    g_set_error (error, GLOSS_STORE_ERROR, code,
                 "The project is busy: another program has been writing to it for more than %d seconds. Try again.",
                 BUSY_TIMEOUT_MS / 1000);
  else if (code == GLOSS_STORE_ERROR_READ_ONLY)
    g_set_error (error, GLOSS_STORE_ERROR, code, "The project cannot be written (%s).", msg);
  else if (code == GLOSS_STORE_ERROR_CORRUPT)
    g_set_error (error, GLOSS_STORE_ERROR, code, "The project file is damaged (%s while %s).", msg, what);
  else
    g_set_error (error, GLOSS_STORE_ERROR, code, "Database error while %s: %s", what, msg);
}

sqlite3 *
gloss_store_get_db (GlossStore *self)
{
  return self->db;
}

sqlite3_stmt *
gloss_store_prepare (GlossStore  *self,
                     const char  *sql,
                     GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements_by_address, sql);
  int rc;

  /* By the text's address first: hashing the text (some statements are a thousand
   * characters) cost more than running a short statement. The same text at another
   * address (another file's copy of a literal) is found by the text. */
  if (stmt == NULL)
    {
      stmt = g_hash_table_lookup (self->statements, sql);
      if (stmt != NULL)
        g_hash_table_insert (self->statements_by_address, (gpointer) sql, stmt);
    }
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (self->db == NULL)
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_FAILED, "The project is closed.");
      return NULL;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      gloss_store_set_sqlite_error (self, rc, "preparing a query", error);
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  g_hash_table_insert (self->statements_by_address, (gpointer) sql, stmt);
  return stmt;
}

static gboolean
exec_sql (GlossStore  *self,
          const char  *sql,
          GError     **error)
{
  char *errmsg = NULL;
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, &errmsg);

  if (rc != SQLITE_OK)
    {
      gloss_store_set_sqlite_error (self, rc, "running a statement", error);
      sqlite3_free (errmsg);
      return FALSE;
    }
  return TRUE;
}

static void
bind_text (sqlite3_stmt *stmt, int i, const char *value)
{
  if (value == NULL)
    sqlite3_bind_null (stmt, i);
  else
    sqlite3_bind_text (stmt, i, value, -1, SQLITE_TRANSIENT);
}

static char *
column_dup (sqlite3_stmt *stmt, int i)
{
  const unsigned char *text = sqlite3_column_text (stmt, i);

  return text ? g_strdup ((const char *) text) : NULL;
}

gboolean
gloss_store_finish_query (GlossStore   *self,
                          sqlite3_stmt *stmt,
                          int           rc,
                          const char   *what,
                          GError      **error)
{
  /* The error first: the reset may replace the connection's message. */
  if (rc != SQLITE_DONE)
    gloss_store_set_sqlite_error (self, rc, what, error);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

/* Runs a statement that returns no row and resets it. */
gboolean
gloss_store_step_done (GlossStore   *self,
                       sqlite3_stmt *stmt,
                       const char   *what,
                       GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (self, rc, what, error);
      return FALSE;
    }
  return TRUE;
}

#define step_done gloss_store_step_done

/* A statement run often (transaction control in bulk work), prepared once. */
static gboolean
exec_cached (GlossStore  *self,
             const char  *sql,
             GError     **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self, sql, error);

  return stmt != NULL && step_done (self, stmt, "running a statement", error);
}

/* ------------------------------------------------------------------------- */
/* Transactions and change notification                                      */

gboolean
gloss_store_check_writable (GlossStore *self,
                            GError    **error)
{
  if (self->db == NULL)
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_FAILED, "The project is closed.");
      return FALSE;
    }
  if (self->read_only)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_READ_ONLY,
                   "The project is open for reading only: %s", self->read_only_reason);
      return FALSE;
    }
  return TRUE;
}

gboolean
gloss_store_op_begin (GlossStore *self,
                      GError    **error)
{
  if (!gloss_store_check_writable (self, error))
    return FALSE;

  /* Inside a bulk transaction a unit of work takes no savepoint (SQLite copies each
   * page a savepoint touches to a sub-journal: a third of a bulk create's time). */
  if (self->depth > 0 && self->bulk)
    {
      if (self->bulk_failed)
        {
          g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_FAILED,
                               "An earlier change of this bulk operation failed; none of it will be saved.");
          return FALSE;
        }
      self->depth++;
      return TRUE;
    }

  /* IMMEDIATE takes the write lock at once, so a second writer waits for the busy
   * timeout instead of failing on the upgrade from a read lock. */
  if (!exec_cached (self, self->depth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT gloss_op", error))
    return FALSE;
  self->depth++;
  return TRUE;
}

static void
emit_pending (GlossStore *self)
{
  g_autoptr(GArray) pending = self->pending;

  self->pending = g_array_new (FALSE, TRUE, sizeof (PendingChange));
  g_hash_table_remove_all (self->pending_keys);
  for (guint i = 0; i < pending->len; i++)
    {
      PendingChange *c = &g_array_index (pending, PendingChange, i);

      g_signal_emit (self, signals[CHANGED], 0, c->kind, c->detail);
    }
  for (guint i = 0; i < pending->len; i++)
    g_free (g_array_index (pending, PendingChange, i).detail);
}

static void
drop_pending (GlossStore *self)
{
  for (guint i = 0; i < self->pending->len; i++)
    g_free (g_array_index (self->pending, PendingChange, i).detail);
  g_array_set_size (self->pending, 0);
  g_hash_table_remove_all (self->pending_keys);
}

void
gloss_store_forget_bulk_lookups (GlossStore *self)
{
  g_clear_pointer (&self->bulk_doc_id, g_free);
  g_clear_pointer (&self->bulk_annotators, g_hash_table_unref);
  self->bulk_doc_pk = 0;
}

gboolean
gloss_store_op_end (GlossStore *self,
                    gboolean    ok,
                    GError    **error)
{
  g_return_val_if_fail (self->depth > 0, FALSE);

  if (!ok || self->depth == 1)
    gloss_store_forget_bulk_lookups (self);

  /* A rolled back insert frees its pk for the next document: the cached text of
   * that pk must not outlive it. */
  if (!ok)
    {
      g_clear_pointer (&self->cached_index, gloss_text_index_free);
      g_clear_pointer (&self->cached_text, g_free);
      self->cached_doc_pk = 0;
    }

  self->depth--;
  if (self->depth > 0 && self->bulk)
    {
      /* No savepoint to roll back to: what this unit wrote stays in the transaction,
       * so the whole bulk operation must go. */
      if (!ok)
        self->bulk_failed = TRUE;
      return ok;
    }
  if (self->depth == 0 && self->bulk)
    {
      gboolean failed = self->bulk_failed;

      self->bulk = FALSE;
      self->bulk_failed = FALSE;
      if (ok && failed)
        {
          g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_FAILED,
                               "A change of this bulk operation failed; none of it was saved.");
          ok = FALSE;
        }
    }
  if (self->depth > 0)
    {
      if (ok)
        return exec_cached (self, "RELEASE gloss_op", error);
      /* Undo just this unit; the outer transaction goes on. */
      exec_sql (self, "ROLLBACK TO gloss_op", NULL);
      exec_sql (self, "RELEASE gloss_op", NULL);
      return FALSE;
    }

  if (ok)
    {
      if (exec_cached (self, "COMMIT", error))
        {
          emit_pending (self);
          return TRUE;
        }
    }
  if (sqlite3_get_autocommit (self->db) == 0)
    exec_sql (self, "ROLLBACK", NULL);
  g_clear_pointer (&self->cached_index, gloss_text_index_free);
  g_clear_pointer (&self->cached_text, g_free);
  self->cached_doc_pk = 0;
  drop_pending (self);
  return FALSE;
}

/* A bulk transaction touches the same document many times: each change is queued
 * once (checked against a set, since the queue can hold thousands). */
void
gloss_store_queue_change (GlossStore      *self,
                          GlossChangeKind  kind,
                          const char      *detail)
{
  char *key;
  PendingChange c;

  /* The common case in bulk work: the same change as the last one. */
  if (self->pending->len > 0)
    {
      PendingChange *last = &g_array_index (self->pending, PendingChange, self->pending->len - 1);
      if (last->kind == kind && g_strcmp0 (last->detail, detail) == 0)
        return;
    }
  key = g_strdup_printf ("%u:%s", kind, detail ? detail : "");
  if (!g_hash_table_add (self->pending_keys, key))
    return;
  c.kind = kind;
  c.detail = g_strdup (detail);
  g_array_append_val (self->pending, c);
}

gboolean
gloss_store_begin (GlossStore *self,
                   GError    **error)
{
  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);
  return gloss_store_op_begin (self, error);
}

gboolean
gloss_store_begin_bulk (GlossStore *self,
                        GError    **error)
{
  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth == 0, FALSE);
  if (!gloss_store_op_begin (self, error))
    return FALSE;
  self->bulk = TRUE;
  self->bulk_failed = FALSE;
  return TRUE;
}

gboolean
gloss_store_commit (GlossStore *self,
                    GError    **error)
{
  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);
  return gloss_store_op_end (self, TRUE, error);
}

void
gloss_store_rollback (GlossStore *self)
{
  g_return_if_fail (GLOSS_IS_STORE (self));
  gloss_store_op_end (self, FALSE, NULL);
}

/* ------------------------------------------------------------------------- */
/* GObject                                                                    */

static void
clear_statements (GlossStore *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->statements);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    sqlite3_finalize (value);
  g_hash_table_remove_all (self->statements);
  g_hash_table_remove_all (self->statements_by_address);
}

void
gloss_store_close (GlossStore *self)
{
  g_return_if_fail (GLOSS_IS_STORE (self));

  if (self->db == NULL)
    return;
  while (self->depth > 0)
    gloss_store_op_end (self, FALSE, NULL);
  clear_statements (self);
  /* The checkpoint thread's connection closes first, so that this one is the last
   * and checkpoints and removes the log as it closes. */
  g_clear_pointer (&self->checkpointer, gloss_checkpointer_free);
  sqlite3_close_v2 (self->db);
  self->db = NULL;
  if (self->file_held)
    gloss_file_release_project (&self->file_key);
  self->file_held = FALSE;
}

static void
gloss_store_finalize (GObject *object)
{
  GlossStore *self = GLOSS_STORE (object);

  gloss_store_close (self);
  gloss_store_forget_bulk_lookups (self);
  g_hash_table_unref (self->statements);
  g_hash_table_unref (self->statements_by_address);
  drop_pending (self);
  g_array_unref (self->pending);
  g_hash_table_unref (self->pending_keys);
  g_clear_pointer (&self->deferred_keys, g_hash_table_unref);
  g_clear_pointer (&self->deferred_index, g_hash_table_unref);
  g_clear_pointer (&self->cached_index, gloss_text_index_free);
  g_free (self->cached_text);
  g_free (self->path);
  g_free (self->read_only_reason);
  g_free (self->user);

  G_OBJECT_CLASS (gloss_store_parent_class)->finalize (object);
}

static void
gloss_store_class_init (GlossStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gloss_store_finalize;

  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
}

static void
gloss_store_init (GlossStore *self)
{
  self->statements = g_hash_table_new (g_str_hash, g_str_equal);
  self->statements_by_address = g_hash_table_new (NULL, NULL);
  self->pending = g_array_new (FALSE, TRUE, sizeof (PendingChange));
  self->pending_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* ------------------------------------------------------------------------- */
/* Opening and creating                                                       */

static char *
display_name (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);

  return g_strdup_printf ("“%s”", base);
}

/* Settings for a file that may come from someone else: gloss_sqlite_harden() (see
 * SQLite's "Defense Against the Dark Arts"), a busy timeout, and the pragmas below. */
static gboolean
harden_connection (GlossStore *self,
                   GError    **error)
{
  gloss_sqlite_harden (self->db);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  /* A page cache of up to 32 MiB instead of SQLite's 2 MiB: without mmap every page
   * not cached is a read(2), and a tag touches pages all over the id and match-key
   * indexes of a large project (with 100,000 entities, a tag adding one read some
   * ten pages back from the OS each time). The cache grows only as pages are read. */
  return exec_sql (self,
                   "PRAGMA trusted_schema = OFF;"
                   "PRAGMA cell_size_check = ON;"
                   "PRAGMA mmap_size = 0;"
                   "PRAGMA cache_size = -32768;",
                   error);
}

gboolean
gloss_store_pragma_int (GlossStore *self,
                        const char *sql,
                        gint64     *value,
                        int        *rc_out)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *value = sqlite3_column_int64 (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  *rc_out = rc;
  return rc == SQLITE_OK;
}

static gboolean
migrate (GlossStore *self,
         gint64      from,
         GError    **error)
{
  g_autofree char *pragmas = NULL;

  if (from >= (gint64) G_N_ELEMENTS (migrations))
    return TRUE;

  if (!gloss_store_op_begin (self, error))
    return FALSE;

  for (gint64 v = from; v < (gint64) G_N_ELEMENTS (migrations); v++)
    {
      g_debug ("Applying migration %" G_GINT64_FORMAT, v + 1);
      gboolean ok = exec_sql (self, migrations[v], error);

      for (guint f = 0; ok && f < G_N_ELEMENTS (migration_fills); f++)
        if (migration_fills[f].version == v + 1)
          ok = migration_fills[f].fill (self, error);
      if (!ok)
        {
          g_prefix_error (error, "Could not upgrade the project to version %" G_GINT64_FORMAT ": ", v + 1);
          gloss_store_op_end (self, FALSE, NULL);
          return FALSE;
        }
    }

  pragmas = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                             GLOSS_APPLICATION_ID, (int) G_N_ELEMENTS (migrations));
  if (!exec_sql (self, pragmas, error))
    {
      gloss_store_op_end (self, FALSE, NULL);
      return FALSE;
    }
  return gloss_store_op_end (self, TRUE, error);
}

/* The schema a Gloss project of @version has: the type, name, table and SQL of each
 * object in sqlite_schema, from running the same migrations on an empty database in
 * memory. Keys are "type\037name", values "tbl_name\037sql". A project's schema must be
 * exactly this: a trigger or a view under a Gloss name, an index with another
 * definition, a table with an extra CHECK are all refused. Computed once per version. */
G_LOCK_DEFINE_STATIC (expected_schemas);
static GHashTable *expected_schemas[G_N_ELEMENTS (migrations) + 1];

static char *
schema_key (const char *type,
            const char *name)
{
  return g_strconcat (type, "\037", name, NULL);
}

/* @sql with each run of blanks made one space, and none after "(" or before ")" and
 * ",": the schema of a project is compared as SQL, not as layout (the statements a
 * project holds keep the layout of the Gloss, or the sqlite3 shell, that wrote them).
 * A blank inside a quoted name or string can only change a name or a default, which
 * the comparison then refuses or which does no harm. */
static char *
normalize_sql (const char *sql)
{
  GString *out = g_string_sized_new (strlen (sql));
  gboolean blank = FALSE;

  for (const char *p = sql; *p; p++)
    {
      if (g_ascii_isspace (*p))
        {
          blank = TRUE;
          continue;
        }
      if (blank && out->len > 0 && *p != ')' && *p != ',' && out->str[out->len - 1] != '(')
        g_string_append_c (out, ' ');
      blank = FALSE;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static char *
schema_value (const char *tbl_name,
              const char *sql)
{
  g_autofree char *normal = sql ? normalize_sql (sql) : NULL;

  /* An automatic index has no SQL; "\036" stands for that NULL. */
  return g_strconcat (tbl_name ? tbl_name : "", "\037", normal ? normal : "\036", NULL);
}

static GHashTable *
expected_schema (gint64   version,
                 GError **error)
{
  g_autoptr(GHashTable) schema = NULL;
  sqlite3 *mem = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (version >= 1 && version <= (gint64) G_N_ELEMENTS (migrations), NULL);

  G_LOCK (expected_schemas);
  if (expected_schemas[version] != NULL)
    {
      schema = g_hash_table_ref (expected_schemas[version]);
      G_UNLOCK (expected_schemas);
      return g_steal_pointer (&schema);
    }
  G_UNLOCK (expected_schemas);

  schema = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  rc = sqlite3_open_v2 (":memory:", &mem, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  for (gint64 v = 0; rc == SQLITE_OK && v < version; v++)
    rc = sqlite3_exec (mem, migrations[v], NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (mem, "SELECT type, name, tbl_name, sql FROM sqlite_schema", -1, &stmt, NULL);
  while (stmt != NULL && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (schema,
                         schema_key ((const char *) sqlite3_column_text (stmt, 0),
                                     (const char *) sqlite3_column_text (stmt, 1)),
                         schema_value ((const char *) sqlite3_column_text (stmt, 2),
                                       (const char *) sqlite3_column_text (stmt, 3)));
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_FAILED,
                   "Could not build the schema of project version %" G_GINT64_FORMAT ": %s",
                   version, mem ? sqlite3_errmsg (mem) : sqlite3_errstr (rc));
      sqlite3_finalize (stmt);
      sqlite3_close (mem);
      return NULL;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (mem);

  /* Statistics that `ANALYZE` in the sqlite3 shell leaves: data for the query planner,
   * never run. */
  g_hash_table_insert (schema, schema_key ("table", "sqlite_stat1"),
                       schema_value ("sqlite_stat1", "CREATE TABLE sqlite_stat1(tbl,idx,stat)"));

  G_LOCK (expected_schemas);
  if (expected_schemas[version] == NULL)
    expected_schemas[version] = g_hash_table_ref (schema);
  G_UNLOCK (expected_schemas);
  return g_steal_pointer (&schema);
}

/* Compares every object of the project's schema with what Gloss creates for @version
 * and adds one sentence per difference to @problems (at most @max). Only @error when
 * the schema cannot be read at all. */
gboolean
gloss_store_schema_problems (GlossStore *self,
                             gint64      version,
                             GPtrArray  *problems,
                             guint       max,
                             GError    **error)
{
  g_autoptr(GHashTable) expected = expected_schema (version, error);
  g_autoptr(GHashTable) seen = NULL;
  sqlite3_stmt *stmt = NULL;
  GHashTableIter iter;
  gpointer key;
  int rc;

  if (expected == NULL)
    return FALSE;
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  rc = sqlite3_prepare_v2 (self->db, "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY rowid",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      gloss_store_set_sqlite_error (self, rc, "reading the schema", error);
      return FALSE;
    }
  while (problems->len < max && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *type = (const char *) sqlite3_column_text (stmt, 0);
      const char *name = (const char *) sqlite3_column_text (stmt, 1);
      g_autofree char *k = NULL;
      g_autofree char *value = NULL;
      const char *want;

      if (type == NULL || name == NULL)
        {
          g_ptr_array_add (problems, g_strdup ("an object without a type or a name"));
          continue;
        }
      k = schema_key (type, name);
      value = schema_value ((const char *) sqlite3_column_text (stmt, 2), (const char *) sqlite3_column_text (stmt, 3));
      want = g_hash_table_lookup (expected, k);
      if (want == NULL)
        {
          const char *other_types[] = { "table", "index", "view", "trigger" };
          const char *gloss_type = NULL;

          for (guint i = 0; i < G_N_ELEMENTS (other_types) && gloss_type == NULL; i++)
            {
              g_autofree char *other = schema_key (other_types[i], name);

              if (g_hash_table_contains (expected, other))
                gloss_type = other_types[i];
            }
          if (gloss_type != NULL)
            g_ptr_array_add (problems, g_strdup_printf ("a %s “%s” (in Gloss projects “%s” is a %s)",
                                                        type, name, name, gloss_type));
          else
            g_ptr_array_add (problems, g_strdup_printf ("a %s “%s” that Gloss projects never have", type, name));
        }
      else if (!g_str_equal (want, value))
        g_ptr_array_add (problems, g_strdup_printf ("a %s “%s” whose definition is not the one Gloss creates",
                                                    type, name));
      g_hash_table_add (seen, g_steal_pointer (&k));
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (self, rc, "reading the schema", error);
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);

  g_hash_table_iter_init (&iter, expected);
  while (problems->len < max && g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (seen, key) && !g_str_has_suffix (key, "\037sqlite_stat1"))
      {
        g_auto(GStrv) parts = g_strsplit (key, "\037", 2);

        g_ptr_array_add (problems, g_strdup_printf ("no %s “%s”", parts[0], parts[1]));
      }
  return TRUE;
}

static gboolean
check_schema_objects (GlossStore *self,
                      gint64      version,
                      const char *shown,
                      GError    **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  if (!gloss_store_schema_problems (self, version, problems, 1, error))
    return FALSE;
  if (problems->len == 0)
    return TRUE;
  if (g_str_has_prefix (problems->pdata[0], "no "))
    g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_CORRUPT,
                 "%s is damaged: it has %s.", shown, (const char *) problems->pdata[0]);
  else
    g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_CORRUPT,
                 "%s contains %s; it was not opened, to be safe.", shown, (const char *) problems->pdata[0]);
  return FALSE;
}

/* ------------------------------------------------------------------------- */
/* Rows checked on open                                                       */

/*
 * The rows that exports, merges and every reader rely on are checked on each open,
 * read-only or not: PRAGMA quick_check does not test CHECK constraints on a read-only
 * connection (a merge source), and nothing in SQLite tests foreign keys on open. So:
 * every document's text is valid UTF-8 of its stored length; every annotation lies
 * inside its document ([start, end) integers with 0 <= start < end <= length: the
 * schema's CHECK and the end) and names a document, a label and an entity that exist;
 * entities, fields, field values and relations point at rows that exist, and no
 * relation links an annotation to itself (the schema's other CHECKs).
 *
 * They are chosen to cost little on a large project: one pass over the texts, which
 * quick_check reads anyway, and scans of the annotations' indexes rather than of
 * their table. What needs every annotation's text (its quote), hashes, and the
 * annotator of an annotation (no index covers it; an export shows a missing one as no
 * annotator) are left to gloss_store_check().
 */

typedef struct {
  gint64 pk;        /* the key: g_int64_hash reads it through the struct's address */
  gint64 length;
} DocLength;

static gboolean
refuse_row (const char *shown,
            GError    **error,
            const char *format,
            ...) G_GNUC_PRINTF (3, 4);

static gboolean
refuse_row (const char *shown,
            GError    **error,
            const char *format,
            ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_CORRUPT,
               "%s is damaged: %s; it was not opened, to be safe.", shown, what);
  return FALSE;
}

static gboolean
refuse_sqlite (GlossStore *self,
               const char *shown,
               GError    **error)
{
  g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_CORRUPT,
               "%s is damaged: %s", shown, sqlite3_errmsg (self->db));
  return FALSE;
}

/* Runs @sql, which returns at most one row naming an offending row in its first
 * column. *@found is that name (NULL when the query returns nothing). */
static gboolean
first_offender (GlossStore  *self,
                const char  *sql,
                const char  *shown,
                char       **found,
                GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  *found = NULL;
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      *found = column_dup (stmt, 0);
      if (*found == NULL)
        *found = g_strdup ("(without an id)");
      rc = SQLITE_DONE;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return refuse_sqlite (self, shown, error);
  return TRUE;
}

static gboolean
validate_documents (GlossStore *self,
                    const char *shown,
                    GHashTable *lengths,
                    GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, "SELECT pk, quote (id), length, text FROM documents", -1, &stmt, NULL);
  gboolean ok = TRUE;

  while (ok && stmt != NULL && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 1);
      const char *text = (const char *) sqlite3_column_text (stmt, 3);
      gsize n = sqlite3_column_bytes (stmt, 3);
      gint64 length = sqlite3_column_int64 (stmt, 2);
      DocLength *doc;

      if (sqlite3_column_type (stmt, 3) != SQLITE_TEXT || !g_utf8_validate_len (text, n, NULL))
        ok = refuse_row (shown, error, "the text of document %s is not valid UTF-8", id);
      else if (sqlite3_column_type (stmt, 2) != SQLITE_INTEGER || length < 0)
        ok = refuse_row (shown, error, "document %s has the length %s", id,
                         (const char *) sqlite3_column_text (stmt, 2));
      else if (g_utf8_strlen (text, n) != length)
        ok = refuse_row (shown, error, "document %s says it has %" G_GINT64_FORMAT " characters but its text has %ld",
                         id, length, g_utf8_strlen (text, n));
      else
        {
          doc = g_new (DocLength, 1);
          doc->pk = sqlite3_column_int64 (stmt, 0);
          doc->length = length;
          g_hash_table_replace (lengths, &doc->pk, doc);
        }
    }
  sqlite3_finalize (stmt);
  if (ok && rc != SQLITE_DONE)
    return refuse_sqlite (self, shown, error);
  return ok;
}

/* Walks the distinct values of an indexed column of annotations with one index seek
 * per value (@next_sql selects the smallest value above ?1; NULL binds as "from the
 * start"), and stops at the first for which @visit returns FALSE. *@stopped_at is then
 * that value, else NULL. A NULL in the column is left to quick_check (NOT NULL). */
typedef gboolean (*ValueVisit) (GlossStore *self, sqlite3_value *value, gpointer data, int *rc);

static gboolean
walk_distinct (GlossStore     *self,
               const char     *next_sql,
               ValueVisit      visit,
               gpointer        data,
               const char     *shown,
               sqlite3_value **stopped_at,
               GError        **error)
{
  sqlite3_stmt *stmt = NULL;
  sqlite3_value *last = NULL;
  int rc = sqlite3_prepare_v2 (self->db, next_sql, -1, &stmt, NULL);

  *stopped_at = NULL;
  while (rc == SQLITE_OK)
    {
      sqlite3_reset (stmt);
      if (last == NULL)
        sqlite3_bind_int64 (stmt, 1, G_MININT64);
      else
        sqlite3_bind_value (stmt, 1, last);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        break;
      if (rc != SQLITE_ROW)
        break;
      sqlite3_value_free (last);
      last = sqlite3_value_dup (sqlite3_column_value (stmt, 0));
      rc = SQLITE_OK;
      if (last == NULL)
        rc = SQLITE_NOMEM;
      else if (!visit (self, last, data, &rc))
        {
          if (rc == SQLITE_OK)
            *stopped_at = g_steal_pointer (&last);
          break;
        }
    }
  sqlite3_finalize (stmt);
  sqlite3_value_free (last);
  if (rc != SQLITE_OK && rc != SQLITE_DONE)
    return refuse_sqlite (self, shown, error);
  return TRUE;
}

/* TRUE when the document @value names is in @data (the lengths) and all of its
 * annotations lie inside its text; the scan of its span in the index touches a row of
 * the table only for an annotation that does not. */
static gboolean
document_spans_ok (GlossStore    *self,
                   sqlite3_value *value,
                   gpointer       data,
                   int           *rc)
{
  GHashTable *lengths = data;
  gint64 pk = sqlite3_value_int64 (value);
  DocLength *doc = sqlite3_value_type (value) == SQLITE_INTEGER ? g_hash_table_lookup (lengths, &pk) : NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  if (doc == NULL)
    return FALSE;
  stmt = gloss_store_prepare (self,
      "SELECT 1 FROM annotations WHERE document = ?1 "
      "AND (typeof (span_start) <> 'integer' OR typeof (span_end) <> 'integer' "
      "OR span_start < 0 OR span_end <= span_start OR span_end > ?2) LIMIT 1", NULL);
  if (stmt == NULL)
    {
      *rc = sqlite3_errcode (self->db);
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, pk);
  sqlite3_bind_int64 (stmt, 2, doc->length);
  *rc = sqlite3_step (stmt);
  ok = *rc == SQLITE_DONE;
  if (*rc == SQLITE_ROW || *rc == SQLITE_DONE)
    *rc = SQLITE_OK;
  sqlite3_reset (stmt);
  return ok;
}

/* TRUE when the row @value names exists in the table of @data's query. */
static gboolean
row_exists (GlossStore    *self,
            sqlite3_value *value,
            gpointer       data,
            int           *rc)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self, data, NULL);
  gboolean ok;

  if (stmt == NULL)
    {
      *rc = sqlite3_errcode (self->db);
      return FALSE;
    }
  sqlite3_bind_value (stmt, 1, value);
  *rc = sqlite3_step (stmt);
  ok = *rc == SQLITE_ROW;
  if (*rc == SQLITE_ROW || *rc == SQLITE_DONE)
    *rc = SQLITE_OK;
  sqlite3_reset (stmt);
  return ok;
}

/* Names the first annotation whose @column is @value, for a message. */
static char *
annotation_with (GlossStore    *self,
                 const char    *sql,
                 sqlite3_value *value)
{
  sqlite3_stmt *stmt = NULL;
  char *id = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_value (stmt, 1, value);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        id = column_dup (stmt, 0);
    }
  sqlite3_finalize (stmt);
  return id ? id : g_strdup ("(unknown)");
}

static gboolean
validate_annotations (GlossStore *self,
                      gint64      version,
                      const char *shown,
                      GHashTable *lengths,
                      GError    **error)
{
  sqlite3_value *bad = NULL;
  g_autofree char *id = NULL;

  if (!walk_distinct (self, "SELECT document FROM annotations WHERE document > ?1 ORDER BY document LIMIT 1",
                      document_spans_ok, lengths, shown, &bad, error))
    return FALSE;
  if (bad != NULL)
    {
      gint64 pk = sqlite3_value_int64 (bad);
      DocLength *doc = sqlite3_value_type (bad) == SQLITE_INTEGER ? g_hash_table_lookup (lengths, &pk) : NULL;
      sqlite3_stmt *stmt = NULL;
      gboolean ok = FALSE;

      if (doc == NULL)
        {
          id = annotation_with (self, "SELECT quote (id) FROM annotations WHERE document IS ?1 LIMIT 1", bad);
          sqlite3_value_free (bad);
          return refuse_row (shown, error, "annotation %s belongs to a document that is not in the project", id);
        }
      if (sqlite3_prepare_v2 (self->db,
              "SELECT quote (id), quote (span_start), quote (span_end) FROM annotations WHERE document = ?1 "
              "AND (typeof (span_start) <> 'integer' OR typeof (span_end) <> 'integer' "
              "OR span_start < 0 OR span_end <= span_start OR span_end > ?2) LIMIT 1", -1, &stmt, NULL) == SQLITE_OK)
        {
          sqlite3_bind_int64 (stmt, 1, pk);
          sqlite3_bind_int64 (stmt, 2, doc->length);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            ok = refuse_row (shown, error, "annotation %s spans [%s, %s), which is not a whole span inside the %"
                             G_GINT64_FORMAT " characters of its document", sqlite3_column_text (stmt, 0),
                             sqlite3_column_text (stmt, 1), sqlite3_column_text (stmt, 2), doc->length);
          else
            ok = refuse_sqlite (self, shown, error);
        }
      else
        ok = refuse_sqlite (self, shown, error);
      sqlite3_finalize (stmt);
      sqlite3_value_free (bad);
      return ok;
    }

  if (!walk_distinct (self, "SELECT label FROM annotations WHERE label > ?1 ORDER BY label LIMIT 1",
                      row_exists, (gpointer) "SELECT 1 FROM labels WHERE pk IS ?1", shown, &bad, error))
    return FALSE;
  if (bad != NULL)
    {
      id = annotation_with (self, "SELECT quote (id) FROM annotations WHERE label IS ?1 LIMIT 1", bad);
      sqlite3_value_free (bad);
      return refuse_row (shown, error, "annotation %s has a label that is not in the project", id);
    }

  if (version < 3)
    return TRUE;
  if (!walk_distinct (self, "SELECT entity FROM annotations WHERE entity > ?1 ORDER BY entity LIMIT 1",
                      row_exists, (gpointer) "SELECT 1 FROM entities WHERE pk IS ?1", shown, &bad, error))
    return FALSE;
  if (bad != NULL)
    {
      id = annotation_with (self, "SELECT quote (id) FROM annotations WHERE entity IS ?1 LIMIT 1", bad);
      sqlite3_value_free (bad);
      return refuse_row (shown, error, "annotation %s mentions an entity that is not in the project", id);
    }
  return TRUE;
}

static gboolean
validate_rows (GlossStore *self,
               gint64      version,
               const char *shown,
               GError    **error)
{
  /* Each: the first version that has the rows, a query naming the first offending
   * row, and what is wrong with it. A table whose rows point at another's is read in
   * the order of its primary key (ORDER BY), so that the rows it points at are looked
   * up in order: read through a smaller index instead, as SQLite chose for the match
   * keys (by key), the look-ups go all over the other table, and with the 2 MiB page
   * cache of a store opened for reading the check of a 100,000-entity register took
   * 0.8 s instead of 0.05 s. */
  static const struct {
    gint64      since;
    const char *sql;
    const char *format;
  } references[] = {
    { 3, "SELECT quote (id) FROM label_fields WHERE label NOT IN (SELECT pk FROM labels) LIMIT 1",
      "field %s belongs to a label that is not in the project" },
    { 3, "SELECT quote (id) FROM entities WHERE label NOT IN (SELECT pk FROM labels) "
         "OR (merged_into IS NOT NULL AND merged_into NOT IN (SELECT pk FROM entities)) LIMIT 1",
      "entity %s has a type or was merged into an entity that is not in the project" },
    { 3, "SELECT 'of annotation row ' || quote (annotation) || ' and field row ' || quote (field) FROM field_values "
         "WHERE annotation NOT IN (SELECT pk FROM annotations) OR field NOT IN (SELECT pk FROM label_fields) "
         "ORDER BY annotation, field LIMIT 1",
      "the field value %s points at a row that is not in the project" },
    { 3, "SELECT quote (id) FROM relations WHERE source = target LIMIT 1",
      "relation %s links an annotation to itself" },
    { 3, "SELECT quote (id) FROM relations WHERE type NOT IN (SELECT pk FROM relation_types) "
         "OR source NOT IN (SELECT pk FROM annotations) OR target NOT IN (SELECT pk FROM annotations) "
         "OR (annotator IS NOT NULL AND annotator NOT IN (SELECT pk FROM annotators)) LIMIT 1",
      "relation %s points at a type, an annotation or an annotator that is not in the project" },
    { 11, "SELECT quote (id) FROM relations WHERE target_entity IS NOT NULL "
         "AND target_entity NOT IN (SELECT pk FROM entities) LIMIT 1",
      "relation %s points at an entity that is not in the project" },
    /* The keys are in key order (schema 14): "+pk" makes SQLite build the list of
     * entities once and probe it, instead of looking each key's entity up in the
     * table, all over it (1 s for 100,000 entities with the 2 MiB cache of a store
     * opened for reading; 0.2 s this way). */
    { 7, "SELECT 'of entity row ' || quote (entity) FROM entity_keys "
         "WHERE entity NOT IN (SELECT +pk FROM entities) OR label NOT IN (SELECT +pk FROM labels) "
         "ORDER BY entity, kind, text LIMIT 1",
      "the match key %s points at a row that is not in the project" },
  };
  g_autoptr(GHashTable) lengths = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);

  if (!validate_documents (self, shown, lengths, error) ||
      !validate_annotations (self, version, shown, lengths, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (references); i++)
    {
      g_autofree char *found = NULL;

      if (version < references[i].since)
        continue;
      if (!first_offender (self, references[i].sql, shown, &found, error))
        return FALSE;
      if (found != NULL)
        {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
          g_autofree char *what = g_strdup_printf (references[i].format, found);
#pragma GCC diagnostic pop
          return refuse_row (shown, error, "%s", what);
        }
    }
  return TRUE;
}

static gboolean
quick_check (GlossStore *self,
             const char *shown,
             GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, "PRAGMA quick_check(1)", -1, &stmt, NULL);
  gboolean ok = FALSE;

  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *result = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (result, "ok") == 0)
        ok = TRUE;
      else
        g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_CORRUPT,
                     "%s is damaged: %s", shown, result ? result : "unknown problem");
    }
  else
    g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_CORRUPT,
                 "%s is damaged: %s", shown, sqlite3_errmsg (self->db));
  sqlite3_finalize (stmt);
  return ok;
}

/* What can be told of @path before SQLite opens it, from stat() alone: a plain
 * open() and close() here would drop every lock that connections of this process
 * hold on the file (SQLite's "How To Corrupt", 2.2), and a window keeps one open
 * while workers open the project again. The header is read through SQLite's VFS. */
static gboolean
read_header (const char *path,
             const char *shown,
             GError    **error)
{
  static const char magic[16] = "SQLite format 3";
  char header[100];
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;
  gsize n = 0;

  if (g_stat (path, &st) != 0)
    {
      int errsv = errno;

      if (errsv == ENOENT || errsv == ENOTDIR)
        g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                     "%s does not exist.", shown);
      else
        g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_FAILED,
                     "%s cannot be read: %s", shown, g_strerror (errsv));
      return FALSE;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_GLOSS,
                   "%s is a folder, not a Gloss project.", shown);
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      /* A pipe or a device would block or never end. */
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_GLOSS,
                   "%s is not a regular file, so it is not a Gloss project.", shown);
      return FALSE;
    }
  if (g_access (path, R_OK) != 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_FAILED,
                   "%s cannot be read: %s", shown, g_strerror (errno));
      return FALSE;
    }
  if (st.st_size == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_SQLITE,
                   "%s is empty; it is not a Gloss project.", shown);
      return FALSE;
    }
  if (!gloss_file_read_head (path, header, sizeof header, &n, &local_error))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_FAILED,
                   "%s cannot be read: %s", shown, local_error->message);
      return FALSE;
    }
  if (n < sizeof header || memcmp (header, magic, sizeof magic) != 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_SQLITE,
                   "%s is not a Gloss project (it is not an SQLite database).", shown);
      return FALSE;
    }
  return TRUE;
}

/* Why we cannot write @path, or NULL when we can. SQLite in WAL mode also needs to
 * create files beside the project, so the folder must be writable too. */
static char *
why_not_writable (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_access (path, W_OK) != 0)
    return g_strdup (_("the file is write-protected"));
  if (g_access (dir, W_OK) != 0)
    return g_strdup (_("its folder cannot be written"));
  return NULL;
}

static GlossStore *
open_connection (const char *path,
                 gboolean    read_only,
                 gboolean    create,
                 GError    **error)
{
  g_autoptr(GlossStore) self = g_object_new (GLOSS_TYPE_STORE, NULL);
  int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  int rc;

  if (create)
    flags |= SQLITE_OPEN_CREATE;
  flags |= SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;

  self->path = g_strdup (path);
  self->read_only = read_only;
  gloss_sqlite_setup ();
  rc = sqlite3_open_v2 (path, &self->db, flags, gloss_wal_vfs_register ());
  if (rc != SQLITE_OK)
    {
      g_autofree char *shown = display_name (path);

      g_set_error (error, GLOSS_STORE_ERROR,
                   (rc & 0xff) == SQLITE_CANTOPEN ? GLOSS_STORE_ERROR_FAILED : store_error_code_for (rc),
                   "%s cannot be opened: %s", shown,
                   self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  /* From here on nothing in this process may open the file outside SQLite. */
  self->file_held = gloss_file_hold_project (path, &self->file_key);
  if (!harden_connection (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* SQLite's own hook checkpoints in the commit that takes the log past 1,000 pages;
 * this one has the store's thread do it once the store is idle
 * (gloss-store-checkpoint.c, docs/DESIGN.md, "Pages per commit"), and does it in the
 * commit as SQLite would when that thread cannot run, or when commits have come
 * without a pause until the log passed CHECKPOINT_FRAMES_NOW pages (16 MiB). */
#define CHECKPOINT_FRAMES     1000
#define CHECKPOINT_FRAMES_NOW 4000

static int
wal_hook (void       *data,
          sqlite3    *db,
          const char *name,
          int         n_frames)
{
  GlossStore *self = data;

  if (n_frames < CHECKPOINT_FRAMES)
    {
      if (self->checkpointer != NULL)
        gloss_checkpointer_note_commit (self->checkpointer);
      return SQLITE_OK;
    }
  if (self->checkpointer == NULL)
    self->checkpointer = gloss_checkpointer_new (sqlite3_db_filename (db, name));
  if (!gloss_checkpointer_request (self->checkpointer) || n_frames >= CHECKPOINT_FRAMES_NOW)
    sqlite3_wal_checkpoint_v2 (db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  return SQLITE_OK;
}

guint
gloss_store_wait_checkpoints (GlossStore *self,
                              guint       after,
                              gint64      timeout_us)
{
  g_return_val_if_fail (GLOSS_IS_STORE (self), 0);
  return self->checkpointer ? gloss_checkpointer_wait (self->checkpointer, after, timeout_us) : 0;
}

static gboolean
apply_write_settings (GlossStore *self,
                      GError    **error)
{
  if (!exec_sql (self,
                 "PRAGMA journal_mode = WAL;"
                 "PRAGMA synchronous = NORMAL;"
                 "PRAGMA foreign_keys = ON;",
                 error))
    return FALSE;
  sqlite3_wal_hook (self->db, wal_hook, self);
  return TRUE;
}

GlossStore *
gloss_store_open (const char          *path,
                  GlossStoreOpenFlags  flags,
                  GError             **error)
{
  g_autoptr(GlossStore) self = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *reason = NULL;
  gint64 app_id = 0, version = 0;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  shown = display_name (path);
  if (!read_header (path, shown, error))
    return NULL;

  if (flags & GLOSS_STORE_OPEN_READ_ONLY)
    reason = g_strdup (_("it was opened for reading only"));
  else
    reason = why_not_writable (path);
  /* SQLite's locks are not reliable on network file systems: read only there. */
  if (reason == NULL && !(flags & GLOSS_STORE_OPEN_READ_ONLY))
    reason = gloss_filesystem_unsafe_reason (path);

  if (reason != NULL && !(flags & (GLOSS_STORE_OPEN_READ_ONLY | GLOSS_STORE_OPEN_ALLOW_READ_ONLY)))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_READ_ONLY,
                   "%s is read-only: %s.", shown, reason);
      return NULL;
    }

  self = open_connection (path, reason != NULL, FALSE, error);
  if (self == NULL)
    return NULL;
  self->read_only_reason = g_steal_pointer (&reason);
  /* A caller that only reads (an export, say) goes through the rows once, in order:
   * SQLite's own 2 MiB cache does, and the 32 MiB one only costs each page's first
   * touch (exporting 100,000 annotations: 0.36 s against 0.47 s, 10 MiB against 32). */
  if ((flags & GLOSS_STORE_OPEN_FOR_READING) && !exec_sql (self, "PRAGMA cache_size = -2000;", error))
    return NULL;

  /* Nothing below writes until the file has proved to be a sound Gloss project of a
   * version we know: a file we refuse is left exactly as it was. */
  if (!gloss_store_pragma_int (self, "PRAGMA application_id", &app_id, &rc))
    {
      if ((rc & 0xff) == SQLITE_NOTADB)
        g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_SQLITE,
                     "%s is not a Gloss project (it is not an SQLite database).", shown);
      else if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
        gloss_store_set_sqlite_error (self, rc, "opening", error);
      else
        g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_CORRUPT,
                     "%s is damaged: %s", shown, sqlite3_errmsg (self->db));
      return NULL;
    }
  if (app_id != GLOSS_APPLICATION_ID)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_GLOSS,
                   "%s is an SQLite database but not a Gloss project.", shown);
      return NULL;
    }
  if (!gloss_store_pragma_int (self, "PRAGMA user_version", &version, &rc))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_CORRUPT,
                   "%s is damaged: %s", shown, sqlite3_errmsg (self->db));
      return NULL;
    }
  if (version > GLOSS_SCHEMA_VERSION)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_TOO_NEW,
                   "%s was saved by a newer version of Gloss (project format %" G_GINT64_FORMAT
                   "; this version reads up to %d). Update Gloss to open it.",
                   shown, version, GLOSS_SCHEMA_VERSION);
      return NULL;
    }
  if (version < 1)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_CORRUPT,
                   "%s is marked as a Gloss project but has no schema version.", shown);
      return NULL;
    }
  /* The schema first: nothing below reads a row through a definition that is not
   * Gloss's own (quick_check evaluates the CHECK constraints it finds there). */
  if (!check_schema_objects (self, version, shown, error))
    return NULL;
  if (!validate_rows (self, version, shown, error))
    return NULL;
  /* quick_check reads every page (18% of a large export): it guards what will be
   * written, so a caller that only reads skips it unless a migration writes first. */
  if ((!(flags & GLOSS_STORE_OPEN_FOR_READING) || (!self->read_only && version < GLOSS_SCHEMA_VERSION)) &&
      !quick_check (self, shown, error))
    return NULL;

  if (!self->read_only)
    {
      if (!apply_write_settings (self, error))
        return NULL;
      if (!migrate (self, version, error))
        return NULL;
    }
  else if (version < GLOSS_SCHEMA_VERSION)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_READ_ONLY,
                   "%s was saved by an older version of Gloss and must be upgraded, but it is read-only (%s).",
                   shown, self->read_only_reason);
      return NULL;
    }
  else
    exec_sql (self, "PRAGMA foreign_keys = ON", NULL);

  return g_steal_pointer (&self);
}

static gboolean
set_meta (GlossStore *self,
          const char *key,
          const char *value,
          GError    **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self,
      "INSERT INTO meta (key, value) VALUES (?1, ?2) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  bind_text (stmt, 2, value);
  return step_done (self, stmt, "saving project metadata", error);
}

static char *
get_meta (GlossStore *self,
          const char *key)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self, "SELECT value FROM meta WHERE key = ?1", NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

GlossStore *
gloss_store_create (const char             *path,
                    const char             *name,
                    GlossStoreSetupFunc     setup,
                    gpointer                user_data,
                    GError                **error)
{
  g_autoptr(GlossStore) self = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *now = NULL;
  g_autofree char *id = NULL;
  g_autofree char *base = NULL;
  gboolean ok;

  g_return_val_if_fail (path != NULL, NULL);

  shown = display_name (path);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_EXISTS,
                   "%s already exists; Gloss will not overwrite it.", shown);
      return NULL;
    }

  {
    g_autofree char *unsafe = gloss_filesystem_unsafe_reason (path);

    if (unsafe != NULL)
      {
        g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_READ_ONLY,
                     "%s cannot be created here: %s.", shown, unsafe);
        return NULL;
      }
  }

  self = open_connection (path, FALSE, TRUE, error);
  if (self == NULL)
    return NULL;

  if (name == NULL)
    {
      base = g_path_get_basename (path);
      if (g_str_has_suffix (base, ".gloss"))
        base[strlen (base) - strlen (".gloss")] = '\0';
      name = base;
    }

  now = gloss_now_iso8601 ();
  id = gloss_uuid_new ();
  ok = apply_write_settings (self, error) && migrate (self, 0, error);
  if (ok && gloss_store_op_begin (self, error))
    {
      ok = set_meta (self, "id", id, error) &&
           set_meta (self, "name", name, error) &&
           set_meta (self, "created", now, error) &&
           set_meta (self, "modified", now, error) &&
           (setup == NULL || setup (self, user_data, error));
      ok = gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
    }
  else
    ok = FALSE;

  if (!ok)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      gloss_store_close (self);
      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
      return NULL;
    }
  return g_steal_pointer (&self);
}

const char *
gloss_store_get_path (GlossStore *self)
{
  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);
  return self->path;
}

gboolean
gloss_store_is_read_only (GlossStore *self)
{
  g_return_val_if_fail (GLOSS_IS_STORE (self), TRUE);
  return self->read_only;
}

const char *
gloss_store_get_read_only_reason (GlossStore *self)
{
  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);
  return self->read_only_reason;
}

char *
gloss_store_dup_name (GlossStore *self)
{
  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);
  return get_meta (self, "name");
}

char *
gloss_store_dup_id (GlossStore *self)
{
  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);
  return get_meta (self, "id");
}

const char *
gloss_store_get_user (GlossStore *self)
{
  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  if (self->user == NULL)
    self->user = gloss_default_annotator ();
  return self->user;
}

void
gloss_store_set_user (GlossStore *self,
                      const char *name)
{
  g_return_if_fail (GLOSS_IS_STORE (self));

  g_free (self->user);
  self->user = name && *name && g_utf8_validate (name, -1, NULL) ? g_strdup (name) : NULL;
}

gboolean
gloss_store_set_name (GlossStore *self,
                      const char *name,
                      GError    **error)
{
  g_autofree char *now = gloss_now_iso8601 ();
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);

  if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                           "A project name cannot be empty.");
      return FALSE;
    }
  if (!gloss_store_op_begin (self, error))
    return FALSE;
  ok = set_meta (self, "name", name, error) && set_meta (self, "modified", now, error);
  if (ok)
    gloss_store_queue_change (self, GLOSS_CHANGE_PROJECT, NULL);
  return gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
}

/* ------------------------------------------------------------------------- */
/* Lookups                                                                    */

static gint64
pk_for (GlossStore *self,
        const char *sql,
        const char *id)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self, sql, NULL);
  gint64 pk = 0;

  if (stmt == NULL || id == NULL)
    return 0;
  bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    pk = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return pk;
}

gint64
gloss_store_document_pk (GlossStore *self,
                         const char *id)
{
  return pk_for (self, "SELECT pk FROM documents WHERE id = ?1 AND deleted = 0", id);
}

gint64
gloss_store_label_pk (GlossStore *self,
                      const char *id)
{
  return pk_for (self, "SELECT pk FROM labels WHERE id = ?1 AND deleted = 0", id);
}

gint64
gloss_store_annotation_pk (GlossStore *self,
                           const char *id)
{
  return pk_for (self,
                 "SELECT a.pk FROM annotations a JOIN documents d ON d.pk = a.document "
                 "WHERE a.id = ?1 AND a.deleted = 0 AND d.deleted = 0", id);
}

gint64
gloss_store_entity_pk (GlossStore *self,
                       const char *id)
{
  return pk_for (self, "SELECT pk FROM entities WHERE id = ?1 AND deleted = 0", id);
}

gboolean
gloss_store_id_exists (GlossStore *self,
                       const char *table,
                       const char *id)
{
  if (g_str_equal (table, "documents"))
    return pk_for (self, "SELECT pk FROM documents WHERE id = ?1", id) != 0;
  if (g_str_equal (table, "labels"))
    return pk_for (self, "SELECT pk FROM labels WHERE id = ?1", id) != 0;
  if (g_str_equal (table, "annotations"))
    return pk_for (self, "SELECT pk FROM annotations WHERE id = ?1", id) != 0;
  if (g_str_equal (table, "annotators"))
    return pk_for (self, "SELECT pk FROM annotators WHERE id = ?1", id) != 0;
  if (g_str_equal (table, "entities"))
    return pk_for (self, "SELECT pk FROM entities WHERE id = ?1", id) != 0;
  if (g_str_equal (table, "label_fields"))
    return pk_for (self, "SELECT pk FROM label_fields WHERE id = ?1", id) != 0;
  if (g_str_equal (table, "relation_types"))
    return pk_for (self, "SELECT pk FROM relation_types WHERE id = ?1", id) != 0;
  if (g_str_equal (table, "relations"))
    return pk_for (self, "SELECT pk FROM relations WHERE id = ?1", id) != 0;
  g_return_val_if_reached (FALSE);
}

gint64
gloss_store_ensure_annotator (GlossStore *self,
                              const char *name,
                              const char *id,
                              const char *created,
                              GError    **error)
{
  g_autofree char *new_id = NULL;
  g_autofree char *now = NULL;
  sqlite3_stmt *stmt;
  gint64 pk;

  if (name == NULL || *name == '\0')
    return 0;

  pk = pk_for (self, "SELECT pk FROM annotators WHERE name = ?1", name);
  if (pk != 0)
    return pk;

  if (id == NULL || gloss_store_id_exists (self, "annotators", id))
    id = new_id = gloss_uuid_new ();
  if (created == NULL)
    created = now = gloss_now_iso8601 ();

  stmt = gloss_store_prepare (self,
      "INSERT INTO annotators (id, name, created, modified) VALUES (?1, ?2, ?3, ?3)", error);
  if (stmt == NULL)
    return -1;
  bind_text (stmt, 1, id);
  bind_text (stmt, 2, name);
  bind_text (stmt, 3, created);
  if (!step_done (self, stmt, "adding an annotator", error))
    return -1;
  return sqlite3_last_insert_rowid (self->db);
}

const GlossTextIndex *
gloss_store_document_text (GlossStore *self,
                           gint64      document_pk,
                           GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (self->cached_index != NULL && self->cached_doc_pk == document_pk)
    return self->cached_index;

  stmt = gloss_store_prepare (self, "SELECT text FROM documents WHERE pk = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, document_pk);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "No such document.");
      else
        gloss_store_set_sqlite_error (self, rc, "reading a document", error);
      sqlite3_reset (stmt);
      return NULL;
    }

  g_clear_pointer (&self->cached_index, gloss_text_index_free);
  g_free (self->cached_text);
  self->cached_text = g_strndup ((const char *) sqlite3_column_text (stmt, 0), sqlite3_column_bytes (stmt, 0));
  self->cached_index = gloss_text_index_new (self->cached_text, sqlite3_column_bytes (stmt, 0));
  self->cached_doc_pk = document_pk;
  sqlite3_reset (stmt);
  return self->cached_index;
}


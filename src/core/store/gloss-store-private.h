/* gloss-store-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the other core modules (JSON import and export) need of the store's insides.
 * Not for the app or the CLI: they go through gloss-store.h.
 */
#pragma once

#include <sqlite3.h>

#include "gloss-file.h"
#include "gloss-store.h"
#include "gloss-util.h"

G_BEGIN_DECLS

/* SQL for a row's new `modified` when a person changes it: now (the parameter @param),
 * or one millisecond after the row's last change when the clock has not moved on since
 * (two changes within a millisecond: a deletion and its undo). Each version of a row is
 * then newer than the one it replaced, which a merge relies on: two versions of one row
 * with the same time and different content cannot be ordered (the merge property test,
 * tests/merge-property.h, found copies that then merged differently in different orders). */
#define GLOSS_SQL_MODIFIED_AFTER(param) \
  "CASE WHEN " param " > modified THEN " param " ELSE strftime ('%Y-%m-%dT%H:%M:%fZ', modified, '+0.001 seconds') END"

/* The thread that checkpoints a store's write-ahead log (gloss-store-checkpoint.c). */
typedef struct _GlossCheckpointer GlossCheckpointer;
GlossCheckpointer *gloss_checkpointer_new     (const char        *path);
/* Asks for a checkpoint once the store is idle (a commit just made), starting the
 * thread at the first request; FALSE when it cannot run (the caller then checkpoints
 * itself). */
gboolean           gloss_checkpointer_request (GlossCheckpointer *self);
/* A commit was made: the checkpoint asked for waits for the store to be idle. */
void               gloss_checkpointer_note_commit (GlossCheckpointer *self);
/* Waits up to @timeout_us for more than @after checkpoints to have run; returns how
 * many have (for tests). */
guint              gloss_checkpointer_wait    (GlossCheckpointer *self,
                                               guint              after,
                                               gint64             timeout_us);
/* Lets a running checkpoint finish, then ends the thread and its connection. */
void               gloss_checkpointer_free    (GlossCheckpointer *self);

/* The connection's state, shared by the files of the store (gloss-store.c: the
 * connection, transactions, opening; gloss-store-documents.c, -labels.c,
 * -annotations.c: rows; gloss-store-check.c: the check). */
struct _GlossStore
{
  GObject     parent_instance;

  sqlite3    *db;
  char       *path;
  char       *read_only_reason;
  char       *user;          /* who the history names */
  gboolean    read_only;
  GHashTable *statements;    /* const char *sql (static) -> sqlite3_stmt* */
  GHashTable *statements_by_address;   /* the same, by the text's address */
  guint       depth;         /* nesting of op_begin */
  /* gloss_store_begin_bulk: units of work inside take no SAVEPOINT; the first that
   * fails makes the rest fail and the commit roll everything back. */
  gboolean    bulk;
  gboolean    bulk_failed;
  GArray     *pending;       /* PendingChange, emitted on commit */
  GHashTable *pending_keys;  /* "kind:detail" of what pending holds */

  /* In a bulk transaction (which holds the write lock), the last document a new
   * annotation named, by id, and the annotators named, by name: a bulk create names
   * the same ones row after row. Forgotten when the transaction ends or a unit fails, and
   * when a document is deleted or written back. */
  char           *bulk_doc_id;
  gint64          bulk_doc_pk;
  GHashTable     *bulk_annotators;   /* name -> pk (gint64 in a pointer); NULL: none yet */

  gint64          cached_doc_pk;
  char           *cached_text;
  GlossTextIndex *cached_index;

  /* Entity match keys a bulk operation has not written yet (gloss-store-entity-keys.c):
   * entity pk -> GArray of its key rows, and "kind\037key" -> GArray of entity pks. */
  GHashTable     *deferred_keys;
  GHashTable     *deferred_index;

  /* gloss_merge() is writing: the versions it writes name themselves (see
   * gloss_history_record()). */
  gboolean        merging;

  GlossFileKey    file_key;  /* this connection's file, noted in gloss-file.c */
  gboolean        file_held;

  /* Runs the log's checkpoints (gloss-store-checkpoint.c); NULL until the first. */
  GlossCheckpointer *checkpointer;
};

sqlite3      *gloss_store_get_db        (GlossStore  *self);
/* The checkpoints the store's thread has run, once more than @after have or after
 * @timeout_us (0 when none was ever asked for). For tests. */
guint         gloss_store_wait_checkpoints (GlossStore *self,
                                         guint        after,
                                         gint64       timeout_us);
/* The VFS every project connection opens with (gloss-wal-vfs.c): SQLite's default
 * one, writing the frames a transaction appends to its WAL with one system call. */
#define GLOSS_WAL_VFS_NAME "gloss-wal"
const char   *gloss_wal_vfs_register    (void);
/* A cached prepared statement, reset and with its bindings cleared. Borrowed. @sql
 * must outlive the store (a string literal): it is kept as the cache's key. */
sqlite3_stmt *gloss_store_prepare       (GlossStore  *self,
                                         const char  *sql,
                                         GError     **error);
/* Sets @error from the connection's last SQLite error with @what as context. */
void          gloss_store_set_sqlite_error (GlossStore *self,
                                         int          rc,
                                         const char  *what,
                                         GError     **error);
/* One unit of work: BEGIN IMMEDIATE at the outside, a SAVEPOINT inside. */
gboolean      gloss_store_op_begin      (GlossStore  *self,
                                         GError     **error);
gboolean      gloss_store_op_end        (GlossStore  *self,
                                         gboolean     ok,
                                         GError     **error);
/* Forgets the bulk transaction's last document and annotator (see GlossStore). */
void          gloss_store_forget_bulk_lookups (GlossStore *self);
/* Queues a "changed" emission for when the outermost transaction commits. */
void          gloss_store_queue_change  (GlossStore      *self,
                                         GlossChangeKind  kind,
                                         const char      *detail);
gboolean      gloss_store_check_writable (GlossStore *self,
                                         GError     **error);

/* Row lookups by UUID among live rows; 0 when absent. */
gint64        gloss_store_document_pk   (GlossStore  *self,
                                         const char  *id);
gint64        gloss_store_label_pk      (GlossStore  *self,
                                         const char  *id);
gint64        gloss_store_annotation_pk (GlossStore  *self,
                                         const char  *id);   /* live, in a live document */
gint64        gloss_store_entity_pk     (GlossStore  *self,
                                         const char  *id);
/* After stepping @stmt through its rows: resets it, and unless @rc is SQLITE_DONE sets
 * @error with @what and returns FALSE. */
gboolean      gloss_store_finish_query  (GlossStore   *self,
                                         sqlite3_stmt *stmt,
                                         int           rc,
                                         const char   *what,
                                         GError      **error);
/* Runs a statement that returns no row, resets it, and sets @error with @what on failure. */
gboolean      gloss_store_step_done     (GlossStore   *self,
                                         sqlite3_stmt *stmt,
                                         const char   *what,
                                         GError      **error);

static inline void
gloss_bind_text (sqlite3_stmt *stmt, int i, const char *value)
{
  if (value == NULL)
    sqlite3_bind_null (stmt, i);
  else
    sqlite3_bind_text (stmt, i, value, -1, SQLITE_TRANSIENT);
}

static inline char *
gloss_column_dup (sqlite3_stmt *stmt, int i)
{
  const unsigned char *text = sqlite3_column_text (stmt, i);

  return text ? g_strdup ((const char *) text) : NULL;
}
/* Any row, deleted or not, with that UUID exists. */
gboolean      gloss_store_id_exists     (GlossStore  *self,
                                         const char  *table,
                                         const char  *id);
/* pk of the annotator called @name, created if missing (0 for NULL). */
gint64        gloss_store_ensure_annotator (GlossStore *self,
                                         const char  *name,
                                         const char  *id,
                                         const char  *created,
                                         GError     **error);
/* Text of a live document with a code point index, cached (document text never changes). */
const GlossTextIndex *gloss_store_document_text (GlossStore *self,
                                         gint64       document_pk,
                                         GError     **error);

/* Search index upkeep for a document row: remove before its title, text or deleted
 * state changes (FTS5 needs the values it indexed), add when it is live again. */
gboolean      gloss_store_fts_remove    (GlossStore  *self,
                                         gint64       document_pk,
                                         GError     **error);
gboolean      gloss_store_fts_add       (GlossStore  *self,
                                         gint64       document_pk,
                                         GError     **error);

/* Match keys of the entity register (gloss-store-entity-keys.c, table entity_keys;
 * which keys an entity has: gloss-entity-key-rows.h). */
/* Exactly as migration 7 creates it (the schema check compares the text). */
#define ENTITY_KEYS_INDEX_SQL "CREATE INDEX entity_keys_key ON entity_keys (key, kind, label)"
/* Since schema 14 (see migration 14): one b-tree, keyed by what a mention is looked
 * up by. */
#define ENTITY_KEYS_TABLE_SQL \
  "CREATE TABLE entity_keys (\n" \
  "  key    TEXT NOT NULL CHECK (key <> ''),\n" \
  "  kind   INTEGER NOT NULL CHECK (kind = 0 OR kind = 1 OR kind = 2),\n" \
  "  label  INTEGER NOT NULL,\n" \
  "  entity INTEGER NOT NULL,\n" \
  "  text   TEXT NOT NULL,\n" \
  "  PRIMARY KEY (key, kind, label, entity, text)\n" \
  ") WITHOUT ROWID"
gboolean      gloss_store_entity_keys_refresh  (GlossStore *self,
                                         gint64       entity_pk,
                                         GError     **error);
/* Deletes the match keys of entity row @entity_pk as the row now is (none when it is
 * deleted): call it before every write of an existing row, and
 * gloss_store_entity_keys_refresh() after. */
gboolean      gloss_store_entity_keys_forget   (GlossStore *self,
                                         gint64       entity_pk,
                                         GError     **error);
gboolean      gloss_store_entity_keys_add      (GlossStore *self,
                                         gint64       entity_pk,
                                         gint64       label_pk,
                                         const char  *name,
                                         const char * const *aliases,
                                         GError     **error);
/* The same, with the aliases as the entities table holds them (JSON text): the keys
 * of a row a merge has just inserted as it read it. */
gboolean      gloss_store_entity_keys_add_json (GlossStore *self,
                                                gint64      entity_pk,
                                                gint64      label_pk,
                                                const char *name,
                                                const char *aliases_json,
                                                GError    **error);
gboolean      gloss_store_entity_keys_rebuild  (GlossStore *self,
                                         GError     **error);
/* For a bulk operation (importing or merging a register): from _defer() on, keys are
 * kept in memory, found by gloss_store_entity_keys_deferred(), and written sorted by
 * key in one go by _flush() (@write FALSE drops them, when the operation failed), so
 * adding N entities costs N appends rather than N random inserts into the key index. */
void          gloss_store_entity_keys_defer    (GlossStore *self);
gboolean      gloss_store_entity_keys_flush    (GlossStore *self,
                                         gboolean     write,
                                         GError     **error);
/* Entity pks whose not yet written key of @last_word's kind (a name or an alias, or
 * the last word of a name) is @key; NULL when none or not deferring. Borrowed. */
const GArray *gloss_store_entity_keys_deferred (GlossStore *self,
                                         const char  *key,
                                         gboolean     last_word);
gboolean      gloss_store_entity_keys_problems (GlossStore *self,
                                         GPtrArray   *problems,
                                         GError     **error);

/* History (gloss-history.c). A snapshot is the row as JSON, references as UUIDs;
 * @pk2 is the field's pk for field_values and ignored elsewhere. */
char         *gloss_history_snapshot    (GlossStore  *self,
                                         const char  *table,
                                         gint64       pk,
                                         gint64       pk2);
/* The identity a merge or a person's change gave the version @snapshot of a row, or
 * NULL (a version known by its content, or anything but 64 hexadecimal digits in a
 * colleague's file); gloss_history_keep_identity() keeps one. */
char         *gloss_history_version_of  (GlossStore  *self,
                                         const char  *table,
                                         const char  *row_id,
                                         const char  *sub_id,
                                         const char  *snapshot);
gboolean      gloss_history_keep_identity (GlossStore *self,
                                         const char  *table,
                                         const char  *row_id,
                                         const char  *sub_id,
                                         const char  *content,
                                         const char  *identity,
                                         GError     **error);
/* The snapshot alone, without the identity a merge gave the version (see
 * gloss_history_snapshot()). */
char         *gloss_history_snapshot_plain (GlossStore *self,
                                         const char  *table,
                                         gint64       pk,
                                         gint64       pk2);
/* Records a change of a row already written: the row as it is now is the "after";
 * @who NULL: the store's user. */
gboolean      gloss_history_record      (GlossStore  *self,
                                         const char  *action,
                                         const char  *table,
                                         gint64       pk,
                                         gint64       pk2,
                                         const char  *old_json,
                                         const char  *who,
                                         GError     **error);
/* The same for a row just created (action "create", no "before"), from its UUID and
 * its document's (or NULL) and the time it was written, without reading it back. */
gboolean      gloss_history_record_created (GlossStore *self,
                                         const char  *table,
                                         const char  *row_id,
                                         const char  *document_id,
                                         const char  *when,
                                         const char  *who,
                                         GError     **error);
gboolean      gloss_history_record_json (GlossStore  *self,
                                         const char  *action,
                                         const char  *table,
                                         const char  *row_id,
                                         const char  *sub_id,
                                         const char  *document_id,
                                         const char  *old_json,
                                         const char  *new_json,
                                         GError     **error);
/* Records the deletion of every live annotation of a document, before it happens. */
gboolean      gloss_history_record_document_annotations_deleted (GlossStore *self,
                                         gint64       document_pk,
                                         const char  *now,
                                         GError     **error);
/* The tables history and merge know, in merge order (NULL-terminated), and the query
 * listing every row of one as (json, row_id, sub_id, document_id). */
const char * const *gloss_history_tables (void);
const char   *gloss_history_list_sql    (const char  *table);
/* pk (and field pk) of the row with UUID @id (and field @sub_id), deleted or not. */
gboolean      gloss_history_find_row    (GlossStore  *self,
                                         const char  *table,
                                         const char  *id,
                                         const char  *sub_id,
                                         gint64      *pk,
                                         gint64      *pk2);
/* Writes a snapshot back (inserting the row when missing; a new document needs a
 * "text" member). References must exist. */
gboolean      gloss_history_apply       (GlossStore  *self,
                                         const char  *table,
                                         const char  *json,
                                         gint64      *out_pk,
                                         gint64      *out_pk2,
                                         GError     **error);
/* The same for a row already parsed; @o is not changed. */
gboolean      gloss_history_apply_object (GlossStore  *self,
                                          const char  *table,
                                          JsonObject  *o,
                                          gint64      *out_pk,
                                          gint64      *out_pk2,
                                          GError     **error);
/* The same, and @out_as_read set when the row was new and was written with every
 * value as @o holds it, each of the JSON type its table's snapshot gives (so that the
 * row's snapshot is the text @o was read from, if that text was a snapshot of the
 * table and @o has not been changed since). Only entities are vouched for so far.
 * @known_new: the caller has just looked the row up (gloss_history_find_row()) in
 * this transaction and not found it; it is not looked up again. */
gboolean      gloss_history_apply_object_full (GlossStore  *self,
                                               const char  *table,
                                               JsonObject  *o,
                                               gboolean     known_new,
                                               gint64      *out_pk,
                                               gint64      *out_pk2,
                                               gboolean    *out_as_read,
                                               GError     **error);

/* Checks a document text is storable: valid UTF-8, no NUL/CR or other control
 * characters than tab and newline. */
gboolean      gloss_text_is_storable    (const char  *text,
                                         gsize        len,
                                         GError     **error);

/* Row inserts with every value given (import keeps ids and times). */
gboolean      gloss_store_insert_document_row (GlossStore *self,
                                         const GlossDocument *doc,
                                         gint64      *out_pk,
                                         GError     **error);
gboolean      gloss_store_insert_label_row (GlossStore *self,
                                         const GlossLabel *label,
                                         gint64      *out_pk,
                                         GError     **error);
gboolean      gloss_store_insert_annotation_row (GlossStore *self,
                                         const GlossAnnotation *annotation,
                                         gint64       document_pk,
                                         gint64       label_pk,
                                         gint64       annotator_pk,
                                         GError     **error);

/* The columns gloss_annotation_from_row() reads; append WHERE / ORDER BY. */
#define GLOSS_ANNOTATION_SELECT \
  "SELECT a.id, d.id, l.id, l.name, a.span_start, a.span_end, a.quote, a.prefix, a.suffix, a.note, " \
  "       p.name, a.created, a.modified, ent.id " \
  "FROM annotations a " \
  "JOIN documents d ON d.pk = a.document " \
  "JOIN labels l ON l.pk = a.label " \
  "LEFT JOIN annotators p ON p.pk = a.annotator " \
  "LEFT JOIN entities ent ON ent.pk = a.entity "

GlossAnnotation *gloss_annotation_from_row (sqlite3_stmt *stmt);

/* For the check (gloss-store-check.c): one integer PRAGMA, and the differences
 * between the file's schema and Gloss's own for @version (at most @max). */
gboolean      gloss_store_pragma_int      (GlossStore  *self,
                                           const char  *sql,
                                           gint64      *value,
                                           int         *rc_out);
gboolean      gloss_store_schema_problems (GlossStore  *self,
                                           gint64       version,
                                           GPtrArray   *problems,
                                           guint        max,
                                           GError     **error);

/* For the check: each original decompresses to its recorded size and SHA-256
 * (gloss-store-originals.c). */
gboolean      gloss_store_check_originals (GlossStore  *self,
                                           GString     *report,
                                           gboolean    *ok,
                                           GError     **error);

G_END_DECLS

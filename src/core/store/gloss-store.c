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
#include "gloss-history.h"
#include "gloss-filesystem.h"
#include "gloss-store-private.h"

G_DEFINE_QUARK (gloss-store-error-quark, gloss_store_error)

#define BUSY_TIMEOUT_MS 5000

struct _GlossStore
{
  GObject     parent_instance;

  sqlite3    *db;
  char       *path;
  char       *read_only_reason;
  char       *user;          /* who the history names */
  gboolean    read_only;
  GHashTable *statements;    /* const char *sql (static) -> sqlite3_stmt* */
  guint       depth;         /* nesting of op_begin */
  GArray     *pending;       /* PendingChange, emitted on commit */
  GHashTable *pending_keys;  /* "kind:detail" of what pending holds */

  gint64          cached_doc_pk;
  char           *cached_text;
  GlossTextIndex *cached_index;

  GlossFileKey    file_key;  /* this connection's file, noted in gloss-file.c */
  gboolean        file_held;
};

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
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

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

gboolean
gloss_store_op_end (GlossStore *self,
                    gboolean    ok,
                    GError    **error)
{
  g_return_val_if_fail (self->depth > 0, FALSE);

  /* A rolled back insert frees its pk for the next document: the cached text of
   * that pk must not outlive it. */
  if (!ok)
    {
      g_clear_pointer (&self->cached_index, gloss_text_index_free);
      g_clear_pointer (&self->cached_text, g_free);
      self->cached_doc_pk = 0;
    }

  self->depth--;
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
      if (exec_sql (self, "COMMIT", error))
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
  g_hash_table_unref (self->statements);
  drop_pending (self);
  g_array_unref (self->pending);
  g_hash_table_unref (self->pending_keys);
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

/* Settings for a file that may come from someone else: see SQLite's "Defense
 * Against the Dark Arts". Triggers and views are switched off outright, since a
 * Gloss project has none. */
static gboolean
harden_connection (GlossStore *self,
                   GError    **error)
{
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  return exec_sql (self,
                   "PRAGMA trusted_schema = OFF;"
                   "PRAGMA cell_size_check = ON;"
                   "PRAGMA mmap_size = 0;",
                   error);
}

static gboolean
pragma_int (GlossStore *self,
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
      if (!exec_sql (self, migrations[v], error))
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
static gboolean
schema_problems (GlossStore *self,
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

  if (!schema_problems (self, version, problems, 1, error))
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
   * row, and what is wrong with it. */
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
         "WHERE annotation NOT IN (SELECT pk FROM annotations) OR field NOT IN (SELECT pk FROM label_fields) LIMIT 1",
      "the field value %s points at a row that is not in the project" },
    { 3, "SELECT quote (id) FROM relations WHERE source = target LIMIT 1",
      "relation %s links an annotation to itself" },
    { 3, "SELECT quote (id) FROM relations WHERE type NOT IN (SELECT pk FROM relation_types) "
         "OR source NOT IN (SELECT pk FROM annotations) OR target NOT IN (SELECT pk FROM annotations) "
         "OR (annotator IS NOT NULL AND annotator NOT IN (SELECT pk FROM annotators)) LIMIT 1",
      "relation %s points at a type, an annotation or an annotator that is not in the project" },
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
  rc = sqlite3_open_v2 (path, &self->db, flags, NULL);
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

static gboolean
apply_write_settings (GlossStore *self,
                      GError    **error)
{
  return exec_sql (self,
                   "PRAGMA journal_mode = WAL;"
                   "PRAGMA synchronous = NORMAL;"
                   "PRAGMA foreign_keys = ON;",
                   error);
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

  /* Nothing below writes until the file has proved to be a sound Gloss project of a
   * version we know: a file we refuse is left exactly as it was. */
  if (!pragma_int (self, "PRAGMA application_id", &app_id, &rc))
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
  if (!pragma_int (self, "PRAGMA user_version", &version, &rc))
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
  if (!quick_check (self, shown, error))
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
    {
      const char *name = g_getenv ("GLOSS_ANNOTATOR");

      if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL))
        name = g_get_real_name ();
      if (name == NULL || *name == '\0' || g_str_equal (name, "Unknown") || !g_utf8_validate (name, -1, NULL))
        name = g_get_user_name ();
      self->user = g_strdup (name);
    }
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

/* ------------------------------------------------------------------------- */
/* Documents                                                                  */

gboolean
gloss_text_is_storable (const char *text,
                        gsize       len,
                        GError    **error)
{
  const char *end = NULL;

  if (!g_utf8_validate_len (text, len, &end))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "The text is not valid UTF-8 (at byte %" G_GSIZE_FORMAT ").", (gsize) (end - text));
      return FALSE;
    }
  for (gsize i = 0; i < len; i++)
    {
      guchar c = text[i];

      if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                       "The text contains a control character (0x%02x) at byte %" G_GSIZE_FORMAT
                       "; only tabs and \\n line breaks are kept.", c, i);
          return FALSE;
        }
    }
  return TRUE;
}

#define DOCUMENT_COLUMNS \
  "d.id, d.title, d.source, d.format, d.sha256, d.imported, d.metadata, d.length, d.created, d.modified, " \
  "d.reliability, d.author, d.publisher, d.published, d.url, d.tlp"

static GlossDocument *
document_from_row (sqlite3_stmt *stmt)
{
  GlossDocument *doc = g_new0 (GlossDocument, 1);

  doc->id = column_dup (stmt, 0);
  doc->title = column_dup (stmt, 1);
  doc->source = column_dup (stmt, 2);
  doc->format = column_dup (stmt, 3);
  doc->sha256 = column_dup (stmt, 4);
  doc->imported = column_dup (stmt, 5);
  doc->metadata = column_dup (stmt, 6);
  doc->length = sqlite3_column_int64 (stmt, 7);
  doc->created = column_dup (stmt, 8);
  doc->modified = column_dup (stmt, 9);
  doc->reliability = column_dup (stmt, 10);
  doc->author = column_dup (stmt, 11);
  doc->publisher = column_dup (stmt, 12);
  doc->published = column_dup (stmt, 13);
  doc->url = column_dup (stmt, 14);
  doc->tlp = column_dup (stmt, 15);
  return doc;
}

GPtrArray *
gloss_store_list_documents (GlossStore *self,
                            GError    **error)
{
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_document_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  stmt = gloss_store_prepare (self,
      "SELECT " DOCUMENT_COLUMNS ", "
      "  (SELECT count(*) FROM annotations a WHERE a.document = d.pk AND a.deleted = 0) "
      "FROM documents d WHERE d.deleted = 0 ORDER BY d.pk", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GlossDocument *doc = document_from_row (stmt);

      doc->n_annotations = sqlite3_column_int64 (stmt, 16);
      g_ptr_array_add (docs, doc);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (self, rc, "listing documents", error);
      return NULL;
    }
  return g_steal_pointer (&docs);
}

static GlossDocument *
get_document_where (GlossStore *self,
                    const char *sql,
                    const char *value,
                    GError    **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self, sql, error);
  GlossDocument *doc = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, value);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      doc = document_from_row (stmt);
      doc->text = g_strndup ((const char *) sqlite3_column_text (stmt, 16), sqlite3_column_bytes (stmt, 16));
      doc->n_annotations = sqlite3_column_int64 (stmt, 17);
    }
  else if (rc != SQLITE_DONE)
    gloss_store_set_sqlite_error (self, rc, "reading a document", error);
  sqlite3_reset (stmt);
  return doc;
}

GlossDocument *
gloss_store_get_document (GlossStore *self,
                          const char *id,
                          GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  GlossDocument *doc;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  doc = get_document_where (self,
      "SELECT " DOCUMENT_COLUMNS ", d.text, "
      "  (SELECT count(*) FROM annotations a WHERE a.document = d.pk AND a.deleted = 0) "
      "FROM documents d WHERE d.id = ?1 AND d.deleted = 0", id, &local_error);
  if (doc == NULL && local_error == NULL)
    g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                 "There is no document with id %s.", id);
  else if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return doc;
}

GlossDocument *
gloss_store_find_document_by_sha256 (GlossStore *self,
                                     const char *sha256,
                                     GError    **error)
{
  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  return get_document_where (self,
      "SELECT " DOCUMENT_COLUMNS ", d.text, "
      "  (SELECT count(*) FROM annotations a WHERE a.document = d.pk AND a.deleted = 0) "
      "FROM documents d WHERE d.sha256 = ?1 AND d.deleted = 0 ORDER BY d.pk LIMIT 1", sha256, error);
}

static gboolean
fts_insert (GlossStore *self,
            gint64      pk,
            const char *title,
            const char *text,
            GError    **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self,
      "INSERT INTO documents_fts (rowid, title, text) VALUES (?1, ?2, ?3)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, pk);
  sqlite3_bind_text (stmt, 2, title, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, text, -1, SQLITE_STATIC);
  return step_done (self, stmt, "indexing a document for search", error);
}

/* An external-content FTS5 table forgets a row only when told the values it indexed. */
static gboolean
fts_delete (GlossStore *self,
            gint64      pk,
            GError    **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self,
      "INSERT INTO documents_fts (documents_fts, rowid, title, text) "
      "SELECT 'delete', pk, title, text FROM documents WHERE pk = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, pk);
  return step_done (self, stmt, "updating the search index", error);
}

gboolean
gloss_store_fts_remove (GlossStore *self,
                        gint64      document_pk,
                        GError    **error)
{
  return fts_delete (self, document_pk, error);
}

gboolean
gloss_store_fts_add (GlossStore *self,
                     gint64      document_pk,
                     GError    **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self,
      "INSERT INTO documents_fts (rowid, title, text) SELECT pk, title, text FROM documents WHERE pk = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, document_pk);
  return step_done (self, stmt, "indexing a document for search", error);
}

gboolean
gloss_store_insert_document_row (GlossStore          *self,
                                 const GlossDocument *doc,
                                 gint64              *out_pk,
                                 GError             **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self,
      "INSERT INTO documents (id, title, text, length, source, format, sha256, imported, metadata, created, modified, "
      "                       reliability, author, publisher, published, url, tlp) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)", error);
  gint64 pk;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, doc->id);
  bind_text (stmt, 2, doc->title);
  sqlite3_bind_text (stmt, 3, doc->text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, doc->length);
  bind_text (stmt, 5, doc->source);
  bind_text (stmt, 6, doc->format);
  bind_text (stmt, 7, doc->sha256);
  bind_text (stmt, 8, doc->imported);
  bind_text (stmt, 9, doc->metadata);
  bind_text (stmt, 10, doc->created);
  bind_text (stmt, 11, doc->modified);
  bind_text (stmt, 12, doc->reliability);
  bind_text (stmt, 13, doc->author);
  bind_text (stmt, 14, doc->publisher);
  bind_text (stmt, 15, doc->published);
  bind_text (stmt, 16, doc->url);
  bind_text (stmt, 17, doc->tlp);
  if (!step_done (self, stmt, "adding a document", error))
    return FALSE;
  pk = sqlite3_last_insert_rowid (self->db);
  if (!fts_insert (self, pk, doc->title, doc->text, error))
    return FALSE;
  if (out_pk)
    *out_pk = pk;
  gloss_store_queue_change (self, GLOSS_CHANGE_DOCUMENTS, doc->id);
  return TRUE;
}

GlossDocument *
gloss_store_add_document (GlossStore *self,
                          const char *title,
                          const char *text,
                          const char *source,
                          const char *format,
                          const char *metadata_json,
                          GError    **error)
{
  g_autoptr(GlossDocument) doc = NULL;
  g_autoptr(GlossDocument) existing = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *now = NULL;
  gsize len;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (!gloss_store_check_writable (self, error))
    return NULL;

  len = strlen (text);
  if (len == 0)
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "The document is empty.");
      return NULL;
    }
  if (!gloss_text_is_storable (text, len, error))
    return NULL;
  if (title == NULL || *title == '\0')
    title = "Untitled";
  if (!g_utf8_validate (title, -1, NULL))
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "The title is not valid UTF-8.");
      return NULL;
    }

  now = gloss_now_iso8601 ();
  doc = g_new0 (GlossDocument, 1);
  doc->id = gloss_uuid_new ();
  doc->title = g_strdup (title);
  doc->text = g_strdup (text);
  doc->source = g_strdup (source);
  doc->format = g_strdup (format ? format : "txt");
  doc->sha256 = gloss_sha256_hex (text, len);
  doc->imported = g_strdup (now);
  doc->metadata = g_strdup (metadata_json);
  doc->length = g_utf8_strlen (text, len);
  doc->created = g_strdup (now);
  doc->modified = g_strdup (now);

  if (!gloss_store_op_begin (self, error))
    return NULL;

  existing = gloss_store_find_document_by_sha256 (self, doc->sha256, &local_error);
  if (local_error != NULL)
    ok = FALSE;
  else if (existing != NULL)
    {
      g_set_error (&local_error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE,
                   "The same text is already in the project as “%s” (%s).", existing->title, existing->id);
      ok = FALSE;
    }
  else
    {
      gint64 pk = 0;

      ok = gloss_store_insert_document_row (self, doc, &pk, &local_error) &&
           gloss_history_record (self, GLOSS_HISTORY_CREATE, "documents", pk, 0, NULL, NULL, &local_error);
    }

  if (!gloss_store_op_end (self, ok, ok ? &local_error : NULL) || !ok)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&doc);
}

gboolean
gloss_store_set_document_title (GlossStore *self,
                                const char *id,
                                const char *title,
                                GError    **error)
{
  g_autofree char *now = gloss_now_iso8601 ();
  g_autofree char *before = NULL;
  g_autoptr(GlossDocument) doc = NULL;
  sqlite3_stmt *stmt;
  gint64 pk;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);

  if (title == NULL || *title == '\0' || !g_utf8_validate (title, -1, NULL))
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "A title cannot be empty.");
      return FALSE;
    }
  if (!gloss_store_op_begin (self, error))
    return FALSE;
  pk = gloss_store_document_pk (self, id);
  if (pk == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no document with id %s.", id);
      gloss_store_op_end (self, FALSE, NULL);
      return FALSE;
    }
  before = gloss_history_snapshot (self, "documents", pk, 0);
  ok = fts_delete (self, pk, error);
  if (ok && (stmt = gloss_store_prepare (self,
                "UPDATE documents SET title = ?2, modified = ?3 WHERE pk = ?1", error)) != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, pk);
      bind_text (stmt, 2, title);
      bind_text (stmt, 3, now);
      ok = step_done (self, stmt, "renaming a document", error);
    }
  else
    ok = FALSE;
  if (ok)
    {
      doc = gloss_store_get_document (self, id, error);
      ok = doc != NULL && fts_insert (self, pk, doc->title, doc->text, error) &&
           gloss_history_record (self, GLOSS_HISTORY_EDIT, "documents", pk, 0, before, NULL, error);
    }
  if (ok)
    gloss_store_queue_change (self, GLOSS_CHANGE_DOCUMENTS, id);
  return gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
}

gboolean
gloss_store_delete_document (GlossStore *self,
                             const char *id,
                             GError    **error)
{
  g_autofree char *now = gloss_now_iso8601 ();
  g_autofree char *before = NULL;
  sqlite3_stmt *stmt;
  gint64 pk;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);

  if (!gloss_store_op_begin (self, error))
    return FALSE;
  pk = gloss_store_document_pk (self, id);
  if (pk == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no document with id %s.", id);
      gloss_store_op_end (self, FALSE, NULL);
      return FALSE;
    }
  before = gloss_history_snapshot (self, "documents", pk, 0);
  ok = fts_delete (self, pk, error) &&
       gloss_history_record_document_annotations_deleted (self, pk, now, error);
  if (ok && (stmt = gloss_store_prepare (self,
                "UPDATE annotations SET deleted = 1, modified = ?2 WHERE document = ?1 AND deleted = 0", error)) != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, pk);
      bind_text (stmt, 2, now);
      ok = step_done (self, stmt, "deleting a document's annotations", error);
    }
  else
    ok = FALSE;
  if (ok && (stmt = gloss_store_prepare (self,
                "UPDATE documents SET deleted = 1, modified = ?2 WHERE pk = ?1", error)) != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, pk);
      bind_text (stmt, 2, now);
      ok = step_done (self, stmt, "deleting a document", error) &&
           gloss_history_record (self, GLOSS_HISTORY_DELETE, "documents", pk, 0, before, NULL, error);
    }
  else
    ok = FALSE;
  if (ok)
    {
      gloss_store_queue_change (self, GLOSS_CHANGE_DOCUMENTS, id);
      gloss_store_queue_change (self, GLOSS_CHANGE_ANNOTATIONS, id);
    }
  return gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
}

/* Checks a date written as YYYY-MM-DD. */
gboolean
gloss_date_is_valid (const char *text)
{
  guint64 y, m, d;
  g_auto(GStrv) parts = NULL;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  parts = g_strsplit (text, "-", 3);
  if (!g_ascii_string_to_unsigned (parts[0], 10, 1, 9999, &y, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, 12, &m, NULL) ||
      !g_ascii_string_to_unsigned (parts[2], 10, 1, 31, &d, NULL))
    return FALSE;
  return g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

static char *
clean_property (const char *value)
{
  char *clean;

  if (value == NULL)
    return NULL;
  clean = g_strstrip (g_strdup (value));
  if (*clean == '\0')
    g_clear_pointer (&clean, g_free);
  return clean;
}

gboolean
gloss_document_properties_normalize (GlossDocument *props,
                                     GError       **error)
{
  char **texts[] = { &props->reliability, &props->author, &props->publisher, &props->published,
                     &props->url, &props->tlp };
  static const char * const names[] = { "reliability", "author", "publisher", "publication date", "URL", "TLP marking" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      char *clean;

      if (*texts[i] != NULL && !g_utf8_validate (*texts[i], -1, NULL))
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "The %s is not valid UTF-8.", names[i]);
          return FALSE;
        }
      clean = clean_property (*texts[i]);
      g_free (*texts[i]);
      *texts[i] = clean;
      for (const char *p = clean; p && *p; p++)
        if ((guchar) *p < 0x20 || *p == 0x7f)
          {
            g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                         "The %s contains a line break or control character.", names[i]);
            return FALSE;
          }
    }

  if (props->reliability != NULL)
    {
      char *upper = g_ascii_strup (props->reliability, -1);

      g_free (props->reliability);
      props->reliability = upper;
      if (!gloss_reliability_is_valid (upper))
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                       "reliability: “%s” is not an Admiralty source grade; use A (completely reliable), "
                       "B (usually reliable), C (fairly reliable), D (not usually reliable), E (unreliable) "
                       "or F (reliability cannot be judged).", upper);
          return FALSE;
        }
    }
  if (props->tlp != NULL)
    {
      char *upper = g_ascii_strup (props->tlp, -1);
      const char *marking = upper;

      if (g_str_has_prefix (marking, "TLP:"))
        marking += strlen ("TLP:");
      g_free (props->tlp);
      props->tlp = g_strdup (marking);
      g_free (upper);
      if (!gloss_tlp_is_valid (props->tlp))
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                       "TLP: “%s” is not a Traffic Light Protocol marking; use CLEAR, GREEN, AMBER, "
                       "AMBER+STRICT or RED.", props->tlp);
          return FALSE;
        }
    }
  if (props->published != NULL && !gloss_date_is_valid (props->published))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "publication date: “%s” is not a date written as YYYY-MM-DD.", props->published);
      return FALSE;
    }
  if (props->url != NULL && !g_uri_is_valid (props->url, G_URI_FLAGS_NONE, NULL))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "URL: “%s” is not an absolute URL such as https://example.org/article.", props->url);
      return FALSE;
    }
  return TRUE;
}

gboolean
gloss_store_set_document_properties (GlossStore          *self,
                                     const char          *id,
                                     const GlossDocument *properties,
                                     GError             **error)
{
  g_autofree char *now = gloss_now_iso8601 ();
  g_autofree char *before = NULL;
  GlossDocument props = { 0 };
  sqlite3_stmt *stmt;
  gint64 pk;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);
  g_return_val_if_fail (properties != NULL, FALSE);

  props.reliability = g_strdup (properties->reliability);
  props.author = g_strdup (properties->author);
  props.publisher = g_strdup (properties->publisher);
  props.published = g_strdup (properties->published);
  props.url = g_strdup (properties->url);
  props.tlp = g_strdup (properties->tlp);
  ok = gloss_document_properties_normalize (&props, error);
  if (ok && !gloss_store_op_begin (self, error))
    ok = FALSE;
  else if (ok)
    {
      pk = gloss_store_document_pk (self, id);
      if (pk == 0)
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no document with id %s.", id);
          ok = FALSE;
        }
      else if ((before = gloss_history_snapshot (self, "documents", pk, 0)) != NULL &&
               (stmt = gloss_store_prepare (self,
                    "UPDATE documents SET reliability = ?2, author = ?3, publisher = ?4, published = ?5, url = ?6, "
                    "tlp = ?7, modified = ?8 WHERE pk = ?1", error)) != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, pk);
          bind_text (stmt, 2, props.reliability);
          bind_text (stmt, 3, props.author);
          bind_text (stmt, 4, props.publisher);
          bind_text (stmt, 5, props.published);
          bind_text (stmt, 6, props.url);
          bind_text (stmt, 7, props.tlp);
          bind_text (stmt, 8, now);
          ok = step_done (self, stmt, "changing document properties", error) &&
               gloss_history_record (self, GLOSS_HISTORY_EDIT, "documents", pk, 0, before, NULL, error);
        }
      else
        ok = FALSE;
      if (ok)
        gloss_store_queue_change (self, GLOSS_CHANGE_DOCUMENTS, id);
      ok = gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
    }
  g_free (props.reliability);
  g_free (props.author);
  g_free (props.publisher);
  g_free (props.published);
  g_free (props.url);
  g_free (props.tlp);
  return ok;
}

/* ------------------------------------------------------------------------- */
/* Labels                                                                     */

#define LABEL_COLUMNS "id, name, kind, colour, shortcut, description, position, created, modified"

static GlossLabel *
label_from_row (sqlite3_stmt *stmt)
{
  GlossLabel *label = g_new0 (GlossLabel, 1);

  label->id = column_dup (stmt, 0);
  label->name = column_dup (stmt, 1);
  label->kind = column_dup (stmt, 2);
  label->colour = column_dup (stmt, 3);
  label->shortcut = column_dup (stmt, 4);
  label->description = column_dup (stmt, 5);
  label->position = sqlite3_column_int (stmt, 6);
  label->created = column_dup (stmt, 7);
  label->modified = column_dup (stmt, 8);
  return label;
}

GPtrArray *
gloss_store_list_labels (GlossStore *self,
                         GError    **error)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_label_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  stmt = gloss_store_prepare (self,
      "SELECT " LABEL_COLUMNS " FROM labels WHERE deleted = 0 ORDER BY position, name, id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (labels, label_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (self, rc, "listing labels", error);
      return NULL;
    }
  return g_steal_pointer (&labels);
}

static GlossLabel *
get_label_where (GlossStore *self,
                 const char *sql,
                 const char *value,
                 GError    **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self, sql, error);
  GlossLabel *label = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, value);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    label = label_from_row (stmt);
  else if (rc != SQLITE_DONE)
    gloss_store_set_sqlite_error (self, rc, "reading a label", error);
  sqlite3_reset (stmt);
  return label;
}

GlossLabel *
gloss_store_get_label (GlossStore *self,
                       const char *id,
                       GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  GlossLabel *label;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  label = get_label_where (self, "SELECT " LABEL_COLUMNS " FROM labels WHERE id = ?1 AND deleted = 0",
                           id, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (label == NULL)
    g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no label with id %s.", id);
  return label;
}

/* Names compare without case so that "person" and "Person" cannot both exist. */
GlossLabel *
gloss_store_find_label_by_name (GlossStore *self,
                                const char *name,
                                GError    **error)
{
  g_autoptr(GPtrArray) labels = NULL;
  g_autofree char *folded = NULL;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  labels = gloss_store_list_labels (self, error);
  if (labels == NULL)
    return NULL;
  folded = g_utf8_casefold (name, -1);
  for (guint i = 0; i < labels->len; i++)
    {
      GlossLabel *label = g_ptr_array_index (labels, i);
      g_autofree char *f = g_utf8_casefold (label->name, -1);

      if (g_str_equal (f, folded))
        return gloss_label_copy (label);
    }
  g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no label called “%s”.", name);
  return NULL;
}

static gboolean
validate_label (GlossStore       *self,
                const GlossLabel *label,
                GError          **error)
{
  g_autoptr(GPtrArray) labels = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *stripped = NULL;

  if (label->name == NULL || !g_utf8_validate (label->name, -1, NULL) ||
      *(stripped = g_strstrip (g_strdup (label->name))) == '\0')
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "A label needs a name.");
      return FALSE;
    }
  if (g_utf8_strlen (label->name, -1) > 100)
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                           "A label name can have at most 100 characters.");
      return FALSE;
    }
  if (!gloss_label_kind_is_valid (label->kind))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "“%s” is not a label kind; use tag, entity, claim or risk.", label->kind ? label->kind : "");
      return FALSE;
    }
  if (!gloss_colour_is_valid (label->colour))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "“%s” is not a colour; write it as #RRGGBB.", label->colour ? label->colour : "");
      return FALSE;
    }
  if (label->shortcut != NULL &&
      (!g_utf8_validate (label->shortcut, -1, NULL) || g_utf8_strlen (label->shortcut, -1) != 1 ||
       !g_unichar_isgraph (g_utf8_get_char (label->shortcut))))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "“%s” is not a shortcut key; use a single letter, digit or sign.", label->shortcut);
      return FALSE;
    }
  if (label->description != NULL && !g_utf8_validate (label->description, -1, NULL))
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                           "The label description is not valid UTF-8.");
      return FALSE;
    }

  labels = gloss_store_list_labels (self, error);
  if (labels == NULL)
    return FALSE;
  folded = g_utf8_casefold (label->name, -1);
  for (guint i = 0; i < labels->len; i++)
    {
      GlossLabel *other = g_ptr_array_index (labels, i);
      g_autofree char *f = NULL;

      if (g_strcmp0 (other->id, label->id) == 0)
        continue;
      f = g_utf8_casefold (other->name, -1);
      if (g_str_equal (f, folded))
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE,
                       "There is already a label called “%s”.", other->name);
          return FALSE;
        }
      if (label->shortcut != NULL && g_strcmp0 (other->shortcut, label->shortcut) == 0)
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE,
                       "The shortcut key “%s” is already used by “%s”.", label->shortcut, other->name);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
gloss_store_insert_label_row (GlossStore       *self,
                              const GlossLabel *label,
                              gint64           *out_pk,
                              GError          **error)
{
  sqlite3_stmt *stmt;

  if (!validate_label (self, label, error))
    return FALSE;

  stmt = gloss_store_prepare (self,
      "INSERT INTO labels (id, name, kind, colour, shortcut, description, position, created, modified) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, label->id);
  bind_text (stmt, 2, label->name);
  bind_text (stmt, 3, label->kind);
  bind_text (stmt, 4, label->colour);
  bind_text (stmt, 5, label->shortcut);
  bind_text (stmt, 6, label->description);
  sqlite3_bind_int (stmt, 7, label->position);
  bind_text (stmt, 8, label->created);
  bind_text (stmt, 9, label->modified);
  if (!step_done (self, stmt, "adding a label", error))
    return FALSE;
  if (out_pk)
    *out_pk = sqlite3_last_insert_rowid (self->db);
  gloss_store_queue_change (self, GLOSS_CHANGE_LABELS, label->id);
  return TRUE;
}

/* A colour for a new label when none is given: the GNOME palette in turn. */
static const char *
next_colour (guint n)
{
  static const char * const palette[] = {
    "#3584e4", "#2ec27e", "#e5a50a", "#e66100", "#e01b24", "#9141ac", "#986a44", "#33c7de", "#c061cb",
  };
  return palette[n % G_N_ELEMENTS (palette)];
}

GlossLabel *
gloss_store_add_label (GlossStore *self,
                       const char *name,
                       const char *kind,
                       const char *colour,
                       const char *shortcut,
                       const char *description,
                       GError    **error)
{
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GlossLabel) label = NULL;
  g_autofree char *now = NULL;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  if (!gloss_store_op_begin (self, error))
    return NULL;
  labels = gloss_store_list_labels (self, error);
  if (labels == NULL)
    {
      gloss_store_op_end (self, FALSE, NULL);
      return NULL;
    }

  now = gloss_now_iso8601 ();
  label = g_new0 (GlossLabel, 1);
  label->id = gloss_uuid_new ();
  label->name = name ? g_strstrip (g_strdup (name)) : NULL;
  label->kind = g_strdup (kind ? kind : GLOSS_LABEL_KIND_TAG);
  label->colour = colour ? g_ascii_strdown (colour, -1) : g_strdup (next_colour (labels->len));
  label->shortcut = shortcut && *shortcut ? g_strdup (shortcut) : NULL;
  label->description = description && *description ? g_strdup (description) : NULL;
  label->position = labels->len > 0
    ? ((GlossLabel *) g_ptr_array_index (labels, labels->len - 1))->position + 1
    : 0;
  label->created = g_strdup (now);
  label->modified = g_strdup (now);

  {
    gint64 pk = 0;

    ok = gloss_store_insert_label_row (self, label, &pk, error) &&
         gloss_history_record (self, GLOSS_HISTORY_CREATE, "labels", pk, 0, NULL, NULL, error);
  }
  if (!gloss_store_op_end (self, ok, ok ? error : NULL) || !ok)
    return NULL;
  return g_steal_pointer (&label);
}

gboolean
gloss_store_update_label (GlossStore       *self,
                          const GlossLabel *label,
                          GError          **error)
{
  g_autofree char *now = gloss_now_iso8601 ();
  g_autofree char *before = NULL;
  g_autoptr(GlossLabel) clean = NULL;
  sqlite3_stmt *stmt;
  gint64 pk;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);
  g_return_val_if_fail (label != NULL && label->id != NULL, FALSE);

  clean = gloss_label_copy (label);
  if (clean->name)
    g_strstrip (clean->name);
  if (clean->colour)
    {
      char *lower = g_ascii_strdown (clean->colour, -1);
      g_free (clean->colour);
      clean->colour = lower;
    }
  if (clean->shortcut && *clean->shortcut == '\0')
    g_clear_pointer (&clean->shortcut, g_free);
  if (clean->description && *clean->description == '\0')
    g_clear_pointer (&clean->description, g_free);

  if (!gloss_store_op_begin (self, error))
    return FALSE;
  pk = gloss_store_label_pk (self, clean->id);
  if (pk == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no label with id %s.", clean->id);
      gloss_store_op_end (self, FALSE, NULL);
      return FALSE;
    }
  before = gloss_history_snapshot (self, "labels", pk, 0);
  ok = validate_label (self, clean, error);
  if (ok && (stmt = gloss_store_prepare (self,
                "UPDATE labels SET name = ?2, kind = ?3, colour = ?4, shortcut = ?5, description = ?6, modified = ?7 "
                "WHERE pk = ?1", error)) != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, pk);
      bind_text (stmt, 2, clean->name);
      bind_text (stmt, 3, clean->kind);
      bind_text (stmt, 4, clean->colour);
      bind_text (stmt, 5, clean->shortcut);
      bind_text (stmt, 6, clean->description);
      bind_text (stmt, 7, now);
      ok = step_done (self, stmt, "changing a label", error) &&
           gloss_history_record (self, GLOSS_HISTORY_EDIT, "labels", pk, 0, before, NULL, error);
    }
  else
    ok = FALSE;
  if (ok)
    gloss_store_queue_change (self, GLOSS_CHANGE_LABELS, clean->id);
  return gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
}

gboolean
gloss_store_move_label (GlossStore *self,
                        const char *id,
                        int         position,
                        GError    **error)
{
  g_autofree char *now = gloss_now_iso8601 ();
  g_autoptr(GPtrArray) labels = NULL;
  GlossLabel *moving = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);

  if (!gloss_store_op_begin (self, error))
    return FALSE;
  labels = gloss_store_list_labels (self, error);
  if (labels == NULL)
    {
      gloss_store_op_end (self, FALSE, NULL);
      return FALSE;
    }
  for (guint i = 0; i < labels->len && moving == NULL; i++)
    if (g_str_equal (((GlossLabel *) g_ptr_array_index (labels, i))->id, id))
      moving = g_ptr_array_steal_index (labels, i);
  if (moving == NULL)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no label with id %s.", id);
      gloss_store_op_end (self, FALSE, NULL);
      return FALSE;
    }
  position = CLAMP (position, 0, (int) labels->len);
  g_ptr_array_insert (labels, position, moving);

  for (guint i = 0; i < labels->len && ok; i++)
    {
      GlossLabel *label = g_ptr_array_index (labels, i);
      g_autofree char *before = NULL;
      sqlite3_stmt *stmt;
      gint64 pk;

      if (label->position == (int) i)
        continue;
      pk = gloss_store_label_pk (self, label->id);
      before = gloss_history_snapshot (self, "labels", pk, 0);
      stmt = gloss_store_prepare (self, "UPDATE labels SET position = ?2, modified = ?3 WHERE id = ?1", error);
      if (stmt == NULL)
        {
          ok = FALSE;
          break;
        }
      bind_text (stmt, 1, label->id);
      sqlite3_bind_int (stmt, 2, i);
      bind_text (stmt, 3, now);
      ok = step_done (self, stmt, "reordering labels", error) &&
           gloss_history_record (self, GLOSS_HISTORY_EDIT, "labels", pk, 0, before, NULL, error);
    }
  if (ok)
    gloss_store_queue_change (self, GLOSS_CHANGE_LABELS, id);
  return gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
}

gboolean
gloss_store_delete_label (GlossStore *self,
                          const char *id,
                          GError    **error)
{
  g_autofree char *now = gloss_now_iso8601 ();
  g_autofree char *before = NULL;
  sqlite3_stmt *stmt;
  gint64 pk, in_use = 0;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);

  if (!gloss_store_op_begin (self, error))
    return FALSE;
  pk = gloss_store_label_pk (self, id);
  if (pk == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no label with id %s.", id);
      gloss_store_op_end (self, FALSE, NULL);
      return FALSE;
    }
  stmt = gloss_store_prepare (self, "SELECT count(*) FROM annotations WHERE label = ?1 AND deleted = 0", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, pk);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        in_use = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  if (ok && in_use > 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_IN_USE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The label is used by %" G_GINT64_FORMAT " annotation; relabel or delete it first.",
                                "The label is used by %" G_GINT64_FORMAT " annotations; relabel or delete them first.",
                                in_use),
                   in_use);
      ok = FALSE;
    }
  if (ok)
    before = gloss_history_snapshot (self, "labels", pk, 0);
  if (ok && (stmt = gloss_store_prepare (self,
                "UPDATE labels SET deleted = 1, modified = ?2 WHERE pk = ?1", error)) != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, pk);
      bind_text (stmt, 2, now);
      ok = step_done (self, stmt, "deleting a label", error) &&
           gloss_history_record (self, GLOSS_HISTORY_DELETE, "labels", pk, 0, before, NULL, error);
    }
  else
    ok = FALSE;
  if (ok)
    gloss_store_queue_change (self, GLOSS_CHANGE_LABELS, id);
  return gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
}

/* ------------------------------------------------------------------------- */
/* Annotations                                                                */

#define ANNOTATION_SELECT GLOSS_ANNOTATION_SELECT
GlossAnnotation *
gloss_annotation_from_row (sqlite3_stmt *stmt)
{
  GlossAnnotation *a = g_new0 (GlossAnnotation, 1);

  a->id = column_dup (stmt, 0);
  a->document_id = column_dup (stmt, 1);
  a->label_id = column_dup (stmt, 2);
  a->label_name = column_dup (stmt, 3);
  a->start = sqlite3_column_int64 (stmt, 4);
  a->end = sqlite3_column_int64 (stmt, 5);
  a->quote = column_dup (stmt, 6);
  a->prefix = column_dup (stmt, 7);
  a->suffix = column_dup (stmt, 8);
  a->note = column_dup (stmt, 9);
  a->annotator = column_dup (stmt, 10);
  a->created = column_dup (stmt, 11);
  a->modified = column_dup (stmt, 12);
  a->entity_id = column_dup (stmt, 13);
  return a;
}

gboolean
gloss_store_insert_annotation_row (GlossStore            *self,
                                   const GlossAnnotation *a,
                                   gint64                 document_pk,
                                   gint64                 label_pk,
                                   gint64                 annotator_pk,
                                   GError               **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self,
      "INSERT INTO annotations (id, document, label, span_start, span_end, quote, prefix, suffix, note, "
      "                         annotator, created, modified) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, a->id);
  sqlite3_bind_int64 (stmt, 2, document_pk);
  sqlite3_bind_int64 (stmt, 3, label_pk);
  sqlite3_bind_int64 (stmt, 4, a->start);
  sqlite3_bind_int64 (stmt, 5, a->end);
  bind_text (stmt, 6, a->quote);
  bind_text (stmt, 7, a->prefix ? a->prefix : "");
  bind_text (stmt, 8, a->suffix ? a->suffix : "");
  bind_text (stmt, 9, a->note);
  if (annotator_pk > 0)
    sqlite3_bind_int64 (stmt, 10, annotator_pk);
  else
    sqlite3_bind_null (stmt, 10);
  bind_text (stmt, 11, a->created);
  bind_text (stmt, 12, a->modified);
  return step_done (self, stmt, "adding an annotation", error);
}

GlossAnnotation *
gloss_store_add_annotation (GlossStore *self,
                            const char *document_id,
                            const char *label_id,
                            gint64      start,
                            gint64      end,
                            const char *note,
                            const char *annotator,
                            GError    **error)
{
  g_autoptr(GlossAnnotation) a = NULL;
  g_autofree char *label_name = NULL;
  sqlite3_stmt *stmt;
  const GlossTextIndex *index;
  g_autofree char *now = NULL;
  gint64 doc_pk, label_pk, annotator_pk;
  gint64 length;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  if (note != NULL && *note == '\0')
    note = NULL;
  if ((note && !g_utf8_validate (note, -1, NULL)) || (annotator && !g_utf8_validate (annotator, -1, NULL)))
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                           "The note or annotator name is not valid UTF-8.");
      return NULL;
    }
  if (!gloss_store_op_begin (self, error))
    return NULL;

  doc_pk = gloss_store_document_pk (self, document_id);
  label_pk = gloss_store_label_pk (self, label_id);
  if (doc_pk == 0 || label_pk == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                   doc_pk == 0 ? "There is no document with id %s." : "There is no label with id %s.",
                   doc_pk == 0 ? document_id : label_id);
      gloss_store_op_end (self, FALSE, NULL);
      return NULL;
    }
  index = gloss_store_document_text (self, doc_pk, error);
  if (index == NULL)
    {
      gloss_store_op_end (self, FALSE, NULL);
      return NULL;
    }
  length = gloss_text_index_get_length (index);
  if (start < 0 || end <= start || end > length)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "The span [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") does not fit the document, "
                   "which has %" G_GINT64_FORMAT " characters.", start, end, length);
      gloss_store_op_end (self, FALSE, NULL);
      return NULL;
    }

  annotator_pk = gloss_store_ensure_annotator (self, annotator, NULL, NULL, error);
  if (annotator_pk < 0)
    {
      gloss_store_op_end (self, FALSE, NULL);
      return NULL;
    }
  stmt = gloss_store_prepare (self, "SELECT name FROM labels WHERE pk = ?1", NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, label_pk);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        label_name = column_dup (stmt, 0);
      sqlite3_reset (stmt);
    }

  now = gloss_now_iso8601 ();
  a = g_new0 (GlossAnnotation, 1);
  a->id = gloss_uuid_new ();
  a->document_id = g_strdup (document_id);
  a->label_id = g_strdup (label_id);
  a->label_name = g_steal_pointer (&label_name);
  a->start = start;
  a->end = end;
  a->quote = gloss_text_index_slice (index, start, end);
  a->prefix = gloss_text_index_slice (index, start - GLOSS_CONTEXT_CHARS, start);
  a->suffix = gloss_text_index_slice (index, end, end + GLOSS_CONTEXT_CHARS);
  a->note = g_strdup (note);
  a->annotator = annotator && *annotator ? g_strdup (annotator) : NULL;
  a->created = g_strdup (now);
  a->modified = g_strdup (now);

  ok = gloss_store_insert_annotation_row (self, a, doc_pk, label_pk, annotator_pk, error) &&
       gloss_history_record (self, GLOSS_HISTORY_CREATE, "annotations", sqlite3_last_insert_rowid (self->db), 0,
                             NULL, a->annotator, error);
  if (ok)
    gloss_store_queue_change (self, GLOSS_CHANGE_ANNOTATIONS, document_id);
  if (!gloss_store_op_end (self, ok, ok ? error : NULL) || !ok)
    return NULL;
  return g_steal_pointer (&a);
}

GlossAnnotation *
gloss_store_get_annotation (GlossStore *self,
                            const char *id,
                            GError    **error)
{
  sqlite3_stmt *stmt;
  GlossAnnotation *a = NULL;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  stmt = gloss_store_prepare (self, ANNOTATION_SELECT "WHERE a.id = ?1 AND a.deleted = 0", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    a = gloss_annotation_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no annotation with id %s.", id);
  else
    gloss_store_set_sqlite_error (self, rc, "reading an annotation", error);
  sqlite3_reset (stmt);
  return a;
}

GPtrArray *
gloss_store_list_annotations (GlossStore *self,
                              const char *document_id,
                              GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_annotation_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  if (document_id != NULL)
    {
      gint64 pk = gloss_store_document_pk (self, document_id);

      if (pk == 0)
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                       "There is no document with id %s.", document_id);
          return NULL;
        }
      stmt = gloss_store_prepare (self,
          ANNOTATION_SELECT "WHERE a.document = ?1 AND a.deleted = 0 "
          "ORDER BY a.span_start, a.span_end, a.id", error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, pk);
    }
  else
    {
      stmt = gloss_store_prepare (self,
          ANNOTATION_SELECT "WHERE a.deleted = 0 AND d.deleted = 0 "
          "ORDER BY a.document, a.span_start, a.span_end, a.id", error);
      if (stmt == NULL)
        return NULL;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, gloss_annotation_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (self, rc, "listing annotations", error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* Runs one UPDATE on one annotation found by id (live or, for restoring, deleted)
 * and announces the change for its document. */
static gboolean
update_annotation (GlossStore *self,
                   const char *action,
                   const char *id,
                   gboolean    want_deleted,
                   const char *sql,
                   const char *text_value,
                   gint64      int_value,
                   const char *what,
                   GError    **error)
{
  g_autofree char *now = gloss_now_iso8601 ();
  g_autofree char *doc_id = NULL;
  g_autofree char *before = NULL;
  sqlite3_stmt *stmt;
  gint64 pk = 0;
  gboolean ok;

  if (!gloss_store_op_begin (self, error))
    return FALSE;

  stmt = gloss_store_prepare (self,
      "SELECT a.pk, d.id FROM annotations a JOIN documents d ON d.pk = a.document "
      "WHERE a.id = ?1 AND a.deleted = ?2 AND d.deleted = 0", error);
  if (stmt == NULL)
    {
      gloss_store_op_end (self, FALSE, NULL);
      return FALSE;
    }
  bind_text (stmt, 1, id);
  sqlite3_bind_int (stmt, 2, want_deleted ? 1 : 0);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      pk = sqlite3_column_int64 (stmt, 0);
      doc_id = column_dup (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (pk == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                   want_deleted ? "There is no deleted annotation with id %s." : "There is no annotation with id %s.",
                   id);
      gloss_store_op_end (self, FALSE, NULL);
      return FALSE;
    }

  before = gloss_history_snapshot (self, "annotations", pk, 0);
  stmt = gloss_store_prepare (self, sql, error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, pk);
      bind_text (stmt, 2, now);
      if (text_value != NULL)
        bind_text (stmt, 3, text_value);
      else
        sqlite3_bind_int64 (stmt, 3, int_value);
      ok = step_done (self, stmt, what, error) &&
           gloss_history_record (self, action, "annotations", pk, 0, before, NULL, error);
    }
  if (ok)
    gloss_store_queue_change (self, GLOSS_CHANGE_ANNOTATIONS, doc_id);
  return gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
}

gboolean
gloss_store_set_annotation_label (GlossStore *self,
                                  const char *id,
                                  const char *label_id,
                                  GError    **error)
{
  gint64 label_pk;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);

  label_pk = gloss_store_label_pk (self, label_id);
  if (label_pk == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no label with id %s.", label_id);
      return FALSE;
    }
  return update_annotation (self, GLOSS_HISTORY_EDIT, id, FALSE,
                            "UPDATE annotations SET label = ?3, modified = ?2 WHERE pk = ?1",
                            NULL, label_pk, "relabelling an annotation", error);
}

/* An empty note is stored as NULL by a statement of its own: update_annotation()
 * binds ?3, which that statement does not use (SQLite then reports SQLITE_RANGE for
 * the bind, which is harmless). */
gboolean
gloss_store_set_annotation_note (GlossStore *self,
                                 const char *id,
                                 const char *note,
                                 GError    **error)
{
  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);

  if (note != NULL && !g_utf8_validate (note, -1, NULL))
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "The note is not valid UTF-8.");
      return FALSE;
    }
  if (note == NULL || *note == '\0')
    return update_annotation (self, GLOSS_HISTORY_EDIT, id, FALSE,
                              "UPDATE annotations SET note = NULL, modified = ?2 WHERE pk = ?1",
                              NULL, 0, "editing a note", error);
  return update_annotation (self, GLOSS_HISTORY_EDIT, id, FALSE,
                            "UPDATE annotations SET note = ?3, modified = ?2 WHERE pk = ?1",
                            note, 0, "editing a note", error);
}

gboolean
gloss_store_delete_annotation (GlossStore *self,
                               const char *id,
                               GError    **error)
{
  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);

  return update_annotation (self, GLOSS_HISTORY_DELETE, id, FALSE,
                            "UPDATE annotations SET deleted = ?3, modified = ?2 WHERE pk = ?1",
                            NULL, 1, "deleting an annotation", error);
}

gboolean
gloss_store_restore_annotation (GlossStore *self,
                                const char *id,
                                GError    **error)
{
  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);

  /* The label may have been deleted since; an annotation cannot come back without it. */
  return update_annotation (self, GLOSS_HISTORY_RESTORE, id, TRUE,
                            "UPDATE annotations SET deleted = ?3, modified = ?2 "
                            "WHERE pk = ?1 AND (SELECT deleted FROM labels WHERE pk = annotations.label) = 0",
                            NULL, 0, "restoring an annotation", error);
}

/* ------------------------------------------------------------------------- */
/* Annotators                                                                 */

GPtrArray *
gloss_store_list_annotators (GlossStore *self,
                             GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_annotator_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  stmt = gloss_store_prepare (self, "SELECT id, name, created, modified FROM annotators ORDER BY name, id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GlossAnnotator *p = g_new0 (GlossAnnotator, 1);

      p->id = column_dup (stmt, 0);
      p->name = column_dup (stmt, 1);
      p->created = column_dup (stmt, 2);
      p->modified = column_dup (stmt, 3);
      g_ptr_array_add (list, p);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (self, rc, "listing annotators", error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* ------------------------------------------------------------------------- */
/* Search                                                                     */

#define SNIPPET_CONTEXT 40

/* Makes a one-line snippet of code points [start, end) with some context. */
static char *
make_snippet (const GlossTextIndex *index,
              gint64                start,
              gint64                end)
{
  gint64 length = gloss_text_index_get_length (index);
  gint64 a = MAX (0, start - SNIPPET_CONTEXT);
  gint64 b = MIN (length, end + SNIPPET_CONTEXT);
  g_autofree char *before = gloss_text_index_slice (index, a, start);
  g_autofree char *match = gloss_text_index_slice (index, start, end);
  g_autofree char *after = gloss_text_index_slice (index, end, b);
  char *snippet = g_strdup_printf ("%s%s[%s]%s%s", a > 0 ? "…" : "", before, match, after, b < length ? "…" : "");

  for (char *p = snippet; *p; p++)
    if (*p == '\n' || *p == '\t')
      *p = ' ';
  return snippet;
}

/* Quotes each word so that a query typed by a person ("don't", "U.S.") is not read as
 * FTS5 syntax. */
static char *
quote_terms (const char *query)
{
  g_auto(GStrv) words = g_strsplit_set (query, " \t\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; words[i]; i++)
    {
      if (*words[i] == '\0')
        continue;
      if (out->len)
        g_string_append_c (out, ' ');
      g_string_append_c (out, '"');
      for (const char *p = words[i]; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  return g_string_free (out, FALSE);
}

static gboolean
search_run (GlossStore *self,
            const char *query,
            guint       max_hits,
            GPtrArray  *hits,
            GError    **error)
{
  /* highlight() marks the matched tokens in the stored text with \x01 and \x02, which
   * a stored text never contains; counting code points around them gives offsets in
   * the same unit as everything else. */
  sqlite3_stmt *stmt = gloss_store_prepare (self,
      "SELECT d.id, d.title, highlight(documents_fts, 1, char(1), char(2)) "
      "FROM documents_fts JOIN documents d ON d.pk = documents_fts.rowid "
      "WHERE documents_fts MATCH ?1 AND d.deleted = 0 ORDER BY rank", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, query);
  while (hits->len < max_hits && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *marked = (const char *) sqlite3_column_text (stmt, 2);
      g_autoptr(GString) plain = g_string_new (NULL);
      g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GlossTextIndex) index = NULL;
      gint64 offset = 0;

      if (marked == NULL)
        continue;
      for (const char *p = marked; *p; p = g_utf8_next_char (p))
        {
          if (*p == '\x01' || *p == '\x02')
            {
              g_array_append_val (spans, offset);
              continue;
            }
          g_string_append_len (plain, p, g_utf8_next_char (p) - p);
          offset++;
        }
      index = gloss_text_index_new (plain->str, plain->len);
      for (guint i = 0; i + 1 < spans->len && hits->len < max_hits; i += 2)
        {
          GlossSearchHit *hit = g_new0 (GlossSearchHit, 1);

          hit->document_id = column_dup (stmt, 0);
          hit->title = column_dup (stmt, 1);
          hit->start = g_array_index (spans, gint64, i);
          hit->end = g_array_index (spans, gint64, i + 1);
          hit->snippet = make_snippet (index, hit->start, hit->end);
          g_ptr_array_add (hits, hit);
        }
    }
  if (hits->len < max_hits && rc != SQLITE_DONE)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "The search “%s” could not be run: %s", query, sqlite3_errmsg (self->db));
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* Scripts written without spaces between words: the unicode61 tokenizer sees a whole
 * run of such text as one token, so a word inside it can only be found as a substring. */
static gboolean
needs_substring_search (const char *query)
{
  for (const char *p = query; *p; p = g_utf8_next_char (p))
    switch (g_unichar_get_script (g_utf8_get_char (p)))
      {
      case G_UNICODE_SCRIPT_HAN:
      case G_UNICODE_SCRIPT_HIRAGANA:
      case G_UNICODE_SCRIPT_KATAKANA:
      case G_UNICODE_SCRIPT_THAI:
      case G_UNICODE_SCRIPT_LAO:
      case G_UNICODE_SCRIPT_KHMER:
      case G_UNICODE_SCRIPT_MYANMAR:
      case G_UNICODE_SCRIPT_TIBETAN:
        return TRUE;
      default:
        break;
      }
  return FALSE;
}

static gboolean
substring_search (GlossStore *self,
                  const char *query,
                  guint       max_hits,
                  GPtrArray  *hits,
                  GError    **error)
{
  g_autofree char *needle = g_strstrip (g_strdup (query));
  gsize needle_len = strlen (needle);
  glong needle_chars = g_utf8_strlen (needle, -1);
  sqlite3_stmt *stmt = gloss_store_prepare (self,
      "SELECT id, title, text FROM documents WHERE deleted = 0 AND instr (text, ?1) > 0 ORDER BY pk", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, needle);
  while (hits->len < max_hits && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 2);
      g_autoptr(GlossTextIndex) index = gloss_text_index_new (text, sqlite3_column_bytes (stmt, 2));
      const char *from = text;
      const char *at;
      gint64 offset = 0;

      while (hits->len < max_hits && (at = strstr (from, needle)) != NULL)
        {
          GlossSearchHit *hit = g_new0 (GlossSearchHit, 1);

          offset += g_utf8_pointer_to_offset (from, at);
          hit->document_id = column_dup (stmt, 0);
          hit->title = column_dup (stmt, 1);
          hit->start = offset;
          hit->end = offset + needle_chars;
          hit->snippet = make_snippet (index, hit->start, hit->end);
          g_ptr_array_add (hits, hit);
          from = at + needle_len;
          offset += needle_chars;
        }
    }
  sqlite3_reset (stmt);
  return TRUE;
}

GPtrArray *
gloss_store_search (GlossStore *self,
                    const char *query,
                    guint       max_hits,
                    GError    **error)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_search_hit_free);
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  if (query == NULL || !g_utf8_validate (query, -1, NULL) || query[strspn (query, " \t\n")] == '\0')
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "The search is empty.");
      return NULL;
    }
  if (max_hits == 0)
    max_hits = G_MAXUINT;

  if (needs_substring_search (query))
    {
      if (!substring_search (self, query, max_hits, hits, error))
        return NULL;
      return g_steal_pointer (&hits);
    }

  if (!search_run (self, query, max_hits, hits, &local_error))
    {
      g_autofree char *quoted = quote_terms (query);

      g_ptr_array_set_size (hits, 0);
      if (!search_run (self, quoted, max_hits, hits, NULL))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  return g_steal_pointer (&hits);
}

/* ------------------------------------------------------------------------- */
/* Check                                                                      */

static void
report_line (GString    *report,
             gboolean   *ok,
             const char *format,
             ...) G_GNUC_PRINTF (3, 4);

static void
report_line (GString    *report,
             gboolean   *ok,
             const char *format,
             ...)
{
  va_list args;

  *ok = FALSE;
  if (report == NULL)
    return;
  va_start (args, format);
  g_string_append_vprintf (report, format, args);
  va_end (args);
  g_string_append_c (report, '\n');
}

/* The check fails loudly: a query that cannot be prepared or stepped is an error, not
 * an "ok" (a view shadowing a table makes one fail to prepare, for instance). */
static gboolean
check_failed (GlossStore *self,
              int         rc,
              const char *sql,
              GError    **error)
{
  g_autofree char *what = g_strdup_printf ("checking the project (%.40s…)", sql);

  gloss_store_set_sqlite_error (self, rc, what, error);
  return FALSE;
}

/* Runs @sql, which selects a kind of row, the row's id and a problem, and reports
 * every row it returns. */
static gboolean
report_rows (GlossStore *self,
             const char *sql,
             GString    *report,
             gboolean   *ok,
             GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    return check_failed (self, rc, sql, error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    report_line (report, ok, "%s %s: %s", (const char *) sqlite3_column_text (stmt, 0),
                 (const char *) sqlite3_column_text (stmt, 1), (const char *) sqlite3_column_text (stmt, 2));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return check_failed (self, rc, sql, error);
  return TRUE;
}

static gboolean
report_all (GlossStore         *self,
            const char * const *queries,
            gsize               n_queries,
            GString            *report,
            gboolean           *ok,
            GError            **error)
{
  for (gsize i = 0; i < n_queries; i++)
    if (!report_rows (self, queries[i], report, ok, error))
      return FALSE;
  return TRUE;
}

/* Rows that point at rows that do not exist, for every reference of the schema, and
 * the schema's CHECK constraints (the open refuses most of these; the file may have
 * been changed by another program since). */
static const char * const reference_queries[] = {
  "SELECT 'annotation', quote (id), 'its document ' || quote (document) || ' does not exist' FROM annotations "
  "WHERE document NOT IN (SELECT pk FROM documents)",
  "SELECT 'annotation', quote (id), 'its label ' || quote (label) || ' does not exist' FROM annotations "
  "WHERE label NOT IN (SELECT pk FROM labels)",
  "SELECT 'annotation', quote (id), 'its annotator ' || quote (annotator) || ' does not exist' FROM annotations "
  "WHERE annotator IS NOT NULL AND annotator NOT IN (SELECT pk FROM annotators)",
  "SELECT 'annotation', quote (id), 'span [' || quote (span_start) || ', ' || quote (span_end) || ') is not two "
  "offsets with start < end' FROM annotations WHERE typeof (span_start) <> 'integer' OR typeof (span_end) <> 'integer' "
  "OR span_start < 0 OR span_end <= span_start",
  "SELECT 'document', quote (id), 'its length ' || quote (length) || ' is not a count of characters' FROM documents "
  "WHERE typeof (length) <> 'integer' OR length < 0",
};

static const char * const reference_queries_v3[] = {
  "SELECT 'annotation', quote (id), 'its entity ' || quote (entity) || ' does not exist' FROM annotations "
  "WHERE entity IS NOT NULL AND entity NOT IN (SELECT pk FROM entities)",
  "SELECT 'field', quote (id), 'its label ' || quote (label) || ' does not exist' FROM label_fields "
  "WHERE label NOT IN (SELECT pk FROM labels)",
  "SELECT 'entity', quote (id), 'its type ' || quote (label) || ' does not exist' FROM entities "
  "WHERE label NOT IN (SELECT pk FROM labels)",
  "SELECT 'entity', quote (id), 'it was merged into ' || quote (merged_into) || ', which does not exist' FROM entities "
  "WHERE merged_into IS NOT NULL AND merged_into NOT IN (SELECT pk FROM entities)",
  "SELECT 'field value', 'of annotation row ' || quote (annotation) || ' and field row ' || quote (field), "
  "'its annotation does not exist' FROM field_values WHERE annotation NOT IN (SELECT pk FROM annotations)",
  "SELECT 'field value', 'of annotation row ' || quote (annotation) || ' and field row ' || quote (field), "
  "'its field does not exist' FROM field_values WHERE field NOT IN (SELECT pk FROM label_fields)",
  "SELECT 'relation', quote (id), 'its type ' || quote (type) || ' does not exist' FROM relations "
  "WHERE type NOT IN (SELECT pk FROM relation_types)",
  "SELECT 'relation', quote (id), 'its source annotation ' || quote (source) || ' does not exist' FROM relations "
  "WHERE source NOT IN (SELECT pk FROM annotations)",
  "SELECT 'relation', quote (id), 'its target annotation ' || quote (target) || ' does not exist' FROM relations "
  "WHERE target NOT IN (SELECT pk FROM annotations)",
  "SELECT 'relation', quote (id), 'its annotator ' || quote (annotator) || ' does not exist' FROM relations "
  "WHERE annotator IS NOT NULL AND annotator NOT IN (SELECT pk FROM annotators)",
  "SELECT 'relation', quote (id), 'it links annotation ' || quote (source) || ' to itself' FROM relations "
  "WHERE source = target",
};

/* Entities, relations, fields and document properties (schema 3). */
static const char * const tradecraft_queries[] = {
  "SELECT 'annotation', a.id, 'it mentions an entity that was deleted or merged' FROM annotations a "
  "JOIN entities e ON e.pk = a.entity WHERE a.deleted = 0 AND e.deleted = 1",
  "SELECT 'annotation', a.id, 'its label is not the type of the entity it mentions' FROM annotations a "
  "JOIN entities e ON e.pk = a.entity WHERE a.deleted = 0 AND e.label <> a.label",
  "SELECT 'entity', e.id, 'its type was deleted' FROM entities e JOIN labels l ON l.pk = e.label "
  "WHERE e.deleted = 0 AND l.deleted = 1",
  "SELECT 'entity', e.id, 'its aliases are not a list of names' FROM entities e "
  "WHERE json_valid (e.aliases) = 0 OR json_type (e.aliases) <> 'array'",
  "SELECT 'relation', r.id, 'its type was deleted' FROM relations r JOIN relation_types t ON t.pk = r.type "
  "WHERE r.deleted = 0 AND t.deleted = 1",
  "SELECT 'field', f.id, 'its options are not a JSON list' FROM label_fields f "
  "WHERE f.options IS NOT NULL AND (json_valid (f.options) = 0 OR json_type (f.options) <> 'array')",
  "SELECT 'document', id, 'source reliability ' || quote (reliability) || ' is not A to F' FROM documents "
  "WHERE deleted = 0 AND reliability IS NOT NULL AND reliability NOT IN ('A', 'B', 'C', 'D', 'E', 'F')",
  "SELECT 'document', id, 'TLP marking ' || quote (tlp) || ' is not CLEAR, GREEN, AMBER, AMBER+STRICT or RED' "
  "FROM documents WHERE deleted = 0 AND tlp IS NOT NULL "
  "AND tlp NOT IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')",
};

/* The tradecraft tables' own rules, in SQL. Field values against their field's
 * definition are the model's business: gloss_project_check() adds them. */
static gboolean
check_tradecraft (GlossStore *self,
                  GString    *report,
                  gboolean   *ok,
                  GError    **error)
{
  return report_all (self, tradecraft_queries, G_N_ELEMENTS (tradecraft_queries), report, ok, error);
}

/* Each document, deleted or not: valid UTF-8 text, its hash, its length. */
static gboolean
check_documents (GlossStore *self,
                 GString    *report,
                 gboolean   *ok,
                 GError    **error)
{
  static const char sql[] = "SELECT quote (id), text, sha256, length, title FROM documents ORDER BY pk";
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    return check_failed (self, rc, sql, error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      const char *t = (const char *) sqlite3_column_text (stmt, 1);
      const char *title = (const char *) sqlite3_column_text (stmt, 4);
      gsize n = sqlite3_column_bytes (stmt, 1);
      g_autofree char *sha = NULL;

      if (title != NULL && !g_utf8_validate_len (title, sqlite3_column_bytes (stmt, 4), NULL))
        report_line (report, ok, "document %s: title is not valid UTF-8", id);
      if (sqlite3_column_type (stmt, 1) != SQLITE_TEXT || !g_utf8_validate_len (t, n, NULL))
        {
          report_line (report, ok, "document %s: text is not valid UTF-8", id);
          continue;
        }
      sha = gloss_sha256_hex (t, n);
      if (g_strcmp0 (sha, (const char *) sqlite3_column_text (stmt, 2)) != 0)
        report_line (report, ok, "document %s: sha256 does not match its text", id);
      if (g_utf8_strlen (t, n) != sqlite3_column_int64 (stmt, 3))
        report_line (report, ok, "document %s: stored length %s but the text has %ld characters",
                     id, (const char *) sqlite3_column_text (stmt, 3), (long) g_utf8_strlen (t, n));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return check_failed (self, rc, sql, error);
  return TRUE;
}

/* Each annotation, tombstones included (a restore or a merge brings them back): its
 * span fits its document's text and its quote is the text there; a live one has a live
 * label and document. */
static gboolean
check_annotations (GlossStore *self,
                   GString    *report,
                   gboolean   *ok,
                   GError    **error)
{
  static const char sql[] =
      "SELECT quote (a.id), a.document, a.span_start, a.span_end, a.quote, l.deleted, d.deleted, d.text, a.deleted, "
      "typeof (a.span_start) = 'integer' AND typeof (a.span_end) = 'integer', typeof (d.text) = 'text' "
      "FROM annotations a JOIN documents d ON d.pk = a.document LEFT JOIN labels l ON l.pk = a.label "
      "ORDER BY a.document, a.span_start";
  sqlite3_stmt *stmt = NULL;
  gint64 current_doc = G_MININT64;
  g_autoptr(GlossTextIndex) index = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    return check_failed (self, rc, sql, error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      gint64 doc = sqlite3_column_int64 (stmt, 1);
      gint64 start = sqlite3_column_int64 (stmt, 2);
      gint64 end = sqlite3_column_int64 (stmt, 3);
      const char *quote = (const char *) sqlite3_column_text (stmt, 4);
      gboolean live = sqlite3_column_int (stmt, 8) == 0;
      g_autofree char *actual = NULL;

      if (live && sqlite3_column_int (stmt, 5))
        report_line (report, ok, "annotation %s: its label was deleted", id);
      if (live && sqlite3_column_int (stmt, 6))
        report_line (report, ok, "annotation %s: its document was deleted", id);

      if (doc != current_doc)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, 7);
          gsize n = sqlite3_column_bytes (stmt, 7);

          g_clear_pointer (&index, gloss_text_index_free);
          current_doc = doc;
          /* Text that is not UTF-8 is reported with its document. */
          if (sqlite3_column_int (stmt, 10) && g_utf8_validate_len (text, n, NULL))
            index = gloss_text_index_new (text, n);
        }
      if (index == NULL || !sqlite3_column_int (stmt, 9))
        continue;
      if (start < 0 || end <= start || end > gloss_text_index_get_length (index))
        {
          report_line (report, ok, "annotation %s: span [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                       ") is outside its document (%" G_GINT64_FORMAT " characters)",
                       id, start, end, gloss_text_index_get_length (index));
          continue;
        }
      actual = gloss_text_index_slice (index, start, end);
      if (g_strcmp0 (actual, quote) != 0)
        report_line (report, ok, "annotation %s: quote does not match the text at [%" G_GINT64_FORMAT
                     ", %" G_GINT64_FORMAT ")", id, start, end);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return check_failed (self, rc, sql, error);
  return TRUE;
}

/**
 * gloss_store_check:
 * @report: (nullable): gets one line per problem, each naming its row
 *
 * Checks the whole project: SQLite's integrity check, the schema against the one
 * Gloss creates, every reference between rows, every document's text, length and
 * hash, every annotation's span and quote, the analyst tradecraft rows and the search
 * index. Every row of every query is looked at.
 *
 * Returns: %TRUE when nothing is wrong; %FALSE with lines in @report when something
 *   is, or with @error when a check itself could not run.
 */
gboolean
gloss_store_check (GlossStore *self,
                   GString    *report,
                   GError    **error)
{
  g_autoptr(GPtrArray) schema = g_ptr_array_new_with_free_func (g_free);
  gboolean ok = TRUE;
  sqlite3_stmt *stmt = NULL;
  gint64 version = 0;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);

  if (self->db == NULL)
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_FAILED, "The project is closed.");
      return FALSE;
    }

  /* SQLite's own view of the file. */
  rc = sqlite3_prepare_v2 (self->db, "PRAGMA integrity_check(100)", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return check_failed (self, rc, "PRAGMA integrity_check", error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);
      if (g_strcmp0 (line, "ok") != 0)
        report_line (report, &ok, "integrity: %s", line);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return check_failed (self, rc, "PRAGMA integrity_check", error);

  /* The schema, which may have changed since the open (another program). */
  if (!pragma_int (self, "PRAGMA user_version", &version, &rc))
    return check_failed (self, rc, "PRAGMA user_version", error);
  if (version < 1 || version > GLOSS_SCHEMA_VERSION)
    {
      report_line (report, &ok, "schema: version %" G_GINT64_FORMAT " is not one this Gloss knows", version);
      return FALSE;
    }
  if (!schema_problems (self, version, schema, G_MAXUINT, error))
    return FALSE;
  for (guint i = 0; i < schema->len; i++)
    report_line (report, &ok, "schema: %s", (const char *) schema->pdata[i]);
  if (schema->len > 0)
    {
      /* The queries below read these objects: a view or a missing table would make
       * them fail or lie. */
      report_line (report, &ok, "schema: the rows were not checked, since the schema is not Gloss's");
      return FALSE;
    }

  if (!report_all (self, reference_queries, G_N_ELEMENTS (reference_queries), report, &ok, error))
    return FALSE;
  if (version >= 3 &&
      !report_all (self, reference_queries_v3, G_N_ELEMENTS (reference_queries_v3), report, &ok, error))
    return FALSE;

  if (!check_documents (self, report, &ok, error) ||
      !check_annotations (self, report, &ok, error))
    return FALSE;

  if (version >= 3 && !check_tradecraft (self, report, &ok, error))
    return FALSE;

  if (!self->read_only)
    {
      rc = sqlite3_exec (self->db, "INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 1)",
                         NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        report_line (report, &ok, "search index: %s (gloss-cli check can rebuild it)", sqlite3_errmsg (self->db));
    }

  return ok;
}

static gboolean
set_annotations_deleted (GlossStore         *self,
                         const char * const *ids,
                         gboolean            deleted,
                         GError            **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);
  g_return_val_if_fail (ids != NULL, FALSE);

  if (!gloss_store_op_begin (self, error))
    return FALSE;
  for (guint i = 0; ok && ids[i] != NULL; i++)
    ok = deleted ? gloss_store_delete_annotation (self, ids[i], error)
                 : gloss_store_restore_annotation (self, ids[i], error);
  if (!gloss_store_op_end (self, ok, ok ? error : NULL))
    return FALSE;
  return ok;
}

/**
 * gloss_store_delete_annotations:
 * @ids: (array zero-terminated=1): annotation ids
 *
 * Deletes (tombstones) every annotation of @ids in one transaction: all or none.
 * Undoes a bulk creation such as "annotate all mentions".
 */
gboolean
gloss_store_delete_annotations (GlossStore         *self,
                                const char * const *ids,
                                GError            **error)
{
  return set_annotations_deleted (self, ids, TRUE, error);
}

/* Brings back every annotation of @ids in one transaction (redo of the above). */
gboolean
gloss_store_restore_annotations (GlossStore         *self,
                                 const char * const *ids,
                                 GError            **error)
{
  return set_annotations_deleted (self, ids, FALSE, error);
}

/* test-store.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-store"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <signal.h>
#include <sys/wait.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "gloss-entities.h"
#include "gloss-history.h"
#include "gloss-project.h"
#include "gloss-store.h"
#include "gloss-store-private.h"
#include "gloss-util.h"
#include "test-files.h"

/* What migration 5 (analyses of competing hypotheses) adds. */
#define GLOSS_TEST_DROP_ACH "DROP TABLE ach_ratings; DROP TABLE ach_evidence; DROP TABLE ach_hypotheses; DROP TABLE ach_analyses;"

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("gloss-test-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "project.gloss", NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static char *
file_digest (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return g_strdup ("missing");
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

static const char sample_text[] =
  "Port officials in Valdria said on Monday that the 🚢 strike “will end soon”.\n\n"
  "Zoë Łukasiewicz, head of the 海洋港口 union, denied it.";

/* ------------------------------------------------------------------------- */

/* SQLite's memory statistics are off in a process whose first use of SQLite is
 * through Gloss (gloss_sqlite_setup()): sqlite3_memory_used() stays at 0, where it
 * would count the open connection's page cache and schema. Checked in a process of
 * its own, since SQLite takes the setting only before it first initialises. */
static void
test_sqlite_setup (Fixture *f, gconstpointer data)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GlossStore) store = gloss_project_create (f->path, "Setup", 0, &error);

      g_assert_no_error (error);
      g_assert_cmpint (sqlite3_memory_used (), ==, 0);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_create_and_reopen (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autofree char *name = NULL;
  g_autofree char *app_id = NULL;
  g_autofree char *version = NULL;
  g_autofree char *journal = NULL;

  store = gloss_project_create (f->path, "Harbour watch", GLOSS_PROJECT_CREATE_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_false (gloss_store_is_read_only (store));
  labels = gloss_store_list_labels (store, &error);
  g_assert_no_error (error);
  /* The Analyst codebook: Person, Organization, Location, Claim, Risk, Event. */
  g_assert_cmpuint (labels->len, ==, 6);
  g_assert_cmpstr (((GlossLabel *) labels->pdata[0])->name, ==, "Person");
  g_assert_cmpstr (((GlossLabel *) labels->pdata[5])->name, ==, "Event");
  g_assert_cmpstr (((GlossLabel *) labels->pdata[3])->kind, ==, "claim");
  g_assert_cmpstr (((GlossLabel *) labels->pdata[0])->shortcut, ==, "1");
  g_clear_object (&store);

  app_id = test_sql_value (f->path, "PRAGMA application_id");
  g_assert_cmpint (g_ascii_strtoll (app_id, NULL, 10), ==, GLOSS_APPLICATION_ID);
  version = test_sql_value (f->path, "PRAGMA user_version");
  g_assert_cmpint (g_ascii_strtoll (version, NULL, 10), ==, GLOSS_SCHEMA_VERSION);
  journal = test_sql_value (f->path, "PRAGMA journal_mode");
  g_assert_cmpstr (journal, ==, "wal");

  store = gloss_store_open (f->path, GLOSS_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  name = gloss_store_dup_name (store);
  g_assert_cmpstr (name, ==, "Harbour watch");

  /* Creating over an existing file is refused. */
  g_assert_null (gloss_project_create (f->path, NULL, 0, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_EXISTS);
}

static void
test_default_label_ids_are_stable (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *other = g_build_filename (f->dir, "other.gloss", NULL);
  g_autoptr(GlossStore) a = gloss_project_create (f->path, NULL, 0, &error);
  g_autoptr(GlossStore) b = gloss_project_create (other, NULL, 0, &error);
  g_autoptr(GPtrArray) la = gloss_store_list_labels (a, &error);
  g_autoptr(GPtrArray) lb = gloss_store_list_labels (b, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < la->len; i++)
    g_assert_cmpstr (((GlossLabel *) la->pdata[i])->id, ==, ((GlossLabel *) lb->pdata[i])->id);
}

static void
test_no_codebook (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_project_create (f->path, NULL, GLOSS_PROJECT_CREATE_NO_CODEBOOK, &error);
  g_autoptr(GPtrArray) labels = gloss_store_list_labels (store, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (labels->len, ==, 0);
}

static void
test_open_errors (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (f->dir, "missing.gloss", NULL);
  g_autofree char *text = g_build_filename (f->dir, "notes.gloss", NULL);
  g_autofree char *empty = g_build_filename (f->dir, "empty.gloss", NULL);
  g_autofree char *other_db = g_build_filename (f->dir, "other.gloss", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  sqlite3 *db;

  g_assert_null (gloss_store_open (missing, 0, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "missing.gloss"));
  g_clear_error (&error);

  g_file_set_contents (text, "This is just some text, not a database at all. It is long enough to "
                       "fill a header of one hundred bytes, so only the magic string differs.", -1, NULL);
  before = file_digest (text);
  g_assert_null (gloss_store_open (text, 0, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_SQLITE);
  g_assert_nonnull (strstr (error->message, "notes.gloss"));
  g_clear_error (&error);
  after = file_digest (text);
  g_assert_cmpstr (before, ==, after);

  g_file_set_contents (empty, "", 0, NULL);
  g_assert_null (gloss_store_open (empty, 0, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_SQLITE);
  g_clear_error (&error);

  /* Some other program's database. */
  g_assert_cmpint (sqlite3_open (other_db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE t (x); INSERT INTO t VALUES (1);", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_free (before);
  before = file_digest (other_db);
  g_assert_null (gloss_store_open (other_db, 0, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_GLOSS);
  g_clear_error (&error);
  g_free (after);
  after = file_digest (other_db);
  g_assert_cmpstr (before, ==, after);
}

static void
test_open_too_new (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_project_create (f->path, NULL, 0, &error);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_no_error (error);
  g_clear_object (&store);
  test_sql_exec (f->path, "PRAGMA user_version = 99");
  before = file_digest (f->path);
  g_assert_null (gloss_store_open (f->path, 0, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer version"));
  after = file_digest (f->path);
  g_assert_cmpstr (before, ==, after);
}

/* The schema of a project written by Gloss 0.1 at version 1 (the foundation) and 2
 * (sets), frozen here as those versions wrote it, with some data in it. */
static const char v1_schema[] =
  "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;"
  "CREATE TABLE annotators (pk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL UNIQUE,"
  "  created TEXT NOT NULL, modified TEXT NOT NULL);"
  "CREATE TABLE documents (pk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, title TEXT NOT NULL, text TEXT NOT NULL,"
  "  length INTEGER NOT NULL CHECK (length >= 0), source TEXT, format TEXT NOT NULL, sha256 TEXT NOT NULL,"
  "  imported TEXT NOT NULL, metadata TEXT, created TEXT NOT NULL, modified TEXT NOT NULL,"
  "  deleted INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX documents_sha256 ON documents (sha256);"
  "CREATE TABLE labels (pk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, kind TEXT NOT NULL,"
  "  colour TEXT NOT NULL, shortcut TEXT, description TEXT, position INTEGER NOT NULL, created TEXT NOT NULL,"
  "  modified TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE annotations (pk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
  "  document INTEGER NOT NULL REFERENCES documents (pk), label INTEGER NOT NULL REFERENCES labels (pk),"
  "  span_start INTEGER NOT NULL, span_end INTEGER NOT NULL, quote TEXT NOT NULL, prefix TEXT NOT NULL DEFAULT '',"
  "  suffix TEXT NOT NULL DEFAULT '', note TEXT, annotator INTEGER REFERENCES annotators (pk),"
  "  created TEXT NOT NULL, modified TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,"
  "  CHECK (span_start >= 0 AND span_end > span_start));"
  "CREATE INDEX annotations_document ON annotations (document, deleted, span_start, span_end);"
  "CREATE INDEX annotations_label ON annotations (label);"
  "CREATE VIRTUAL TABLE documents_fts USING fts5 (title, text, content='documents',"
  "  content_rowid='pk', tokenize='unicode61 remove_diacritics 2');"
  "INSERT INTO meta VALUES ('id', 'c0ffee00-0000-4000-8000-000000000001'), ('name', 'Old desk'),"
  "  ('created', '2025-01-01T00:00:00.000Z'), ('modified', '2025-01-01T00:00:00.000Z');"
  "INSERT INTO annotators VALUES (1, 'c0ffee00-0000-4000-8000-000000000002', 'Ana', '2025-01-01T00:00:00.000Z',"
  "  '2025-01-01T00:00:00.000Z');"
  "INSERT INTO documents VALUES (1, 'c0ffee00-0000-4000-8000-000000000003', 'Old', 'Ana Ruiz met Bo.', 16, NULL,"
  "  'txt', '6a36492940a5b7207e358084065a402ce06e661f91120d1d3cb2bb1bbf5be8c8', '2025-01-01T00:00:00.000Z', NULL,"
  "  '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', 0);"
  "INSERT INTO documents_fts (rowid, title, text) VALUES (1, 'Old', 'Ana Ruiz met Bo.');"
  "INSERT INTO labels VALUES (1, 'c0ffee00-0000-4000-8000-000000000004', 'Person', 'entity', '#3584e4', '1', NULL,"
  "  0, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', 0);"
  "INSERT INTO annotations VALUES (1, 'c0ffee00-0000-4000-8000-000000000005', 1, 1, 0, 8, 'Ana Ruiz', '',"
  "  ' met Bo.', 'first', 1, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', 0);";

static const char v2_schema[] =
  "CREATE TABLE sets (pk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
  "  definition TEXT NOT NULL, created TEXT NOT NULL, modified TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0);";

static void
write_old_project (const char *path, int version)
{
  g_autofree char *pragmas = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                                              GLOSS_APPLICATION_ID, version);

  test_sql_exec (path, v1_schema);
  if (version >= 2)
    test_sql_exec (path, v2_schema);
  test_sql_exec (path, pragmas);
}

/* A project from an older schema version is upgraded in place when opened, keeping
 * its data, and the new tables work at once. */
static void
test_migrate_old (Fixture *f, gconstpointer data)
{
  int from = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GlossDocument) props = g_new0 (GlossDocument, 1);
  g_autoptr(GlossDocument) doc = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  g_autofree char *version = NULL;
  g_autofree char *sets = NULL;
  g_autofree char *entity = NULL;
  g_autofree char *note = NULL;
  g_autofree char *digest = NULL;

  write_old_project (f->path, from);
  store = gloss_store_open (f->path, 0, &error);
  g_assert_no_error (error);
  docs = gloss_store_list_documents (store, &error);
  g_assert_cmpuint (docs->len, ==, 1);
  list = gloss_store_list_annotations (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((GlossAnnotation *) list->pdata[0])->quote, ==, "Ana Ruiz");
  g_assert_cmpstr (((GlossAnnotation *) list->pdata[0])->annotator, ==, "Ana");
  g_assert_null (((GlossAnnotation *) list->pdata[0])->entity_id);

  /* Document properties can be set on the old document. */
  props->reliability = g_strdup ("b");
  props->tlp = g_strdup ("tlp:amber+strict");
  g_assert_true (gloss_store_set_document_properties (store, ((GlossDocument *) docs->pdata[0])->id, props, &error));
  g_assert_no_error (error);
  doc = gloss_store_get_document (store, ((GlossDocument *) docs->pdata[0])->id, &error);
  g_assert_cmpstr (doc->reliability, ==, "B");
  g_assert_cmpstr (doc->tlp, ==, "AMBER+STRICT");
  g_assert_true (gloss_store_check (store, report, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (report->str, ==, "");
  g_clear_object (&store);

  version = test_sql_value (f->path, "PRAGMA user_version");
  g_assert_cmpint (g_ascii_strtoll (version, NULL, 10), ==, GLOSS_SCHEMA_VERSION);
  sets = test_sql_value (f->path, "SELECT count(*) FROM sets");
  g_assert_cmpstr (sets, ==, "0");
  entity = test_sql_value (f->path, "SELECT count(*) FROM annotations WHERE entity IS NULL");
  g_assert_cmpstr (entity, ==, "1");
  note = test_sql_value (f->path, "SELECT note FROM annotations");
  g_assert_cmpstr (note, ==, "first");
  /* Schema 4: the change made after the upgrade is in the history. */
  {
    g_autofree char *history = test_sql_value (f->path, "SELECT action || ' ' || tbl || ' ' || row_id FROM history");
    g_autofree char *expected = g_strdup_printf ("edit documents %s", ((GlossDocument *) docs->pdata[0])->id);

    g_assert_cmpstr (history, ==, expected);
  }

  /* Opening again changes nothing more. */
  digest = file_digest (f->path);
  store = gloss_store_open (f->path, GLOSS_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  {
    g_autofree char *after = file_digest (f->path);
    g_assert_cmpstr (digest, ==, after);
  }
}

/* A project of schema 3 (before the history) is upgraded in place and keeps working;
 * it is made from a current one without what migration 4 adds. */
static void
test_migrate_from_3 (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_project_create (f->path, NULL, 0, &error);
  g_autoptr(GlossDocument) doc = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GlossAnnotation) a = NULL;
  g_autofree char *version = NULL;
  g_autofree char *count = NULL;

  g_assert_no_error (error);
  doc = gloss_store_add_document (store, "Old", "Ana Ruiz met Bo.", NULL, "txt", NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  test_sql_exec (f->path, GLOSS_TEST_BEFORE_V13 "DROP TABLE history; " GLOSS_TEST_DROP_ACH " DROP TABLE document_confidence; DROP TABLE document_pages; DROP TABLE entity_keys; DROP TABLE document_originals; DROP TABLE originals; DROP TABLE conflicts; DROP TABLE graph_positions; " GLOSS_TEST_RELATIONS_BEFORE_V11 " PRAGMA user_version = 3;");

  /* Read-only, an older project cannot be upgraded and is refused. */
  g_assert_null (gloss_store_open (f->path, GLOSS_STORE_OPEN_READ_ONLY, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);

  store = gloss_store_open (f->path, 0, &error);
  g_assert_no_error (error);
  labels = gloss_store_list_labels (store, &error);
  a = gloss_store_add_annotation (store, doc->id, ((GlossLabel *) labels->pdata[0])->id, 0, 8, NULL, "Ana", &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  version = test_sql_value (f->path, "PRAGMA user_version");
  g_assert_cmpint (g_ascii_strtoll (version, NULL, 10), ==, GLOSS_SCHEMA_VERSION);
  count = test_sql_value (f->path, "SELECT count(*) FROM history WHERE action = 'create' AND tbl = 'annotations'");
  g_assert_cmpstr (count, ==, "1");
}

/* A project of schema 11 is upgraded to 12 (entity_keys rebuilt with a CHECK SQLite
 * evaluates without a temporary b-tree per row), keeping every match key; the upgraded
 * file's schema is the one a new project has, and the CHECK still refuses what the old
 * one refused. */
static void
test_migrate_from_11 (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_project_create (f->path, NULL, 0, &error);
  g_autoptr(GlossLabel) person = NULL;
  g_autoptr(GlossEntity) ana = NULL;
  g_autoptr(GlossEntity) bo = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autofree char *keys_before = NULL;
  g_autofree char *keys_after = NULL;
  g_autofree char *schema_new = NULL;
  g_autofree char *schema_upgraded = NULL;
  g_autofree char *version = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *fresh_path = g_build_filename (f->dir, "fresh.gloss", NULL);
  const char *aliases[] = { "A. Ruiz", "Anita", NULL };
  const char *keys_sql = "SELECT group_concat (entity || '/' || kind || '/' || text || '/' || key || '/' || label, '|') "
                         "FROM (SELECT * FROM entity_keys ORDER BY entity, kind, text)";
  const char *schema_sql = "SELECT group_concat (type || ' ' || name || ' ' || coalesce (sql, ''), '|') "
                           "FROM (SELECT * FROM sqlite_schema ORDER BY type, name)";

  g_assert_no_error (error);
  person = gloss_store_find_label_by_name (store, "Person", &error);
  g_assert_no_error (error);
  ana = gloss_store_add_entity (store, "Ana Ruiz", person->id, aliases, NULL, NULL, &error);
  g_assert_no_error (error);
  bo = gloss_store_add_entity (store, "Bo", person->id, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  keys_before = test_sql_value (f->path, keys_sql);
  g_assert_nonnull (strstr (keys_before, "anaruiz"));

  /* Back to schema 11: the keys' table as it was, with its rows. */
  test_sql_exec (f->path,
                 GLOSS_TEST_BEFORE_V13
                 GLOSS_TEST_ENTITY_KEYS_BEFORE_V12 "PRAGMA user_version = 11;");
  sql = test_sql_value (f->path, "SELECT sql FROM sqlite_schema WHERE name = 'entity_keys'");
  g_assert_nonnull (strstr (sql, "kind IN (0, 1, 2)"));
  g_clear_pointer (&sql, g_free);

  store = gloss_store_open (f->path, 0, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_store_check (store, problems, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (problems->str, ==, "");
  g_clear_object (&store);

  version = test_sql_value (f->path, "PRAGMA user_version");
  g_assert_cmpint (g_ascii_strtoll (version, NULL, 10), ==, GLOSS_SCHEMA_VERSION);
  g_assert_cmpint (GLOSS_SCHEMA_VERSION, >=, 12);
  keys_after = test_sql_value (f->path, keys_sql);
  g_assert_cmpstr (keys_after, ==, keys_before);
  sql = test_sql_value (f->path, "SELECT sql FROM sqlite_schema WHERE name = 'entity_keys'");
  g_assert_null (strstr (sql, " IN "));
  store = gloss_project_create (fresh_path, NULL, 0, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  schema_new = test_sql_value (fresh_path, schema_sql);
  schema_upgraded = test_sql_value (f->path, schema_sql);
  g_assert_cmpstr (schema_upgraded, ==, schema_new);

  /* The rule is the old one: 0, 1 or 2 and nothing else. */
  {
    sqlite3 *db = NULL;
    const char *bad[] = { "7", "1.5", "-1", "'one'" };

    g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
    sqlite3_extended_result_codes (db, 1);
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *insert = g_strdup_printf ("INSERT INTO entity_keys (entity, kind, text, key, label) "
                                                   "VALUES (1, %s, 'x', 'x', 1)", bad[i]);

        g_assert_cmpint (sqlite3_exec (db, insert, NULL, NULL, NULL), ==, SQLITE_CONSTRAINT_CHECK);
      }
    g_assert_cmpint (sqlite3_exec (db, "INSERT INTO entity_keys (entity, kind, text, key, label) "
                                       "VALUES (1, 2, 'x', 'x', 1)", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }

  /* And the upgraded project works as a new one: a name added is found. */
  store = gloss_store_open (f->path, 0, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GlossEntity) found = gloss_store_find_entity (store, "anita", person->id, &error);

    g_assert_no_error (error);
    g_assert_nonnull (found);
    g_assert_cmpstr (found->id, ==, ana->id);
  }
}

/* A project of schema 12 is upgraded to 13 (merge_versions, the identity of versions a
 * merge made: docs/MERGE.md, "Version identity") when opened for writing, keeping its
 * rows; read-only it is refused as any older project is, unchanged. The upgraded
 * file's schema is a new project's, and the table refuses an identity that is not 64
 * hexadecimal digits (it is spliced into snapshots). */
static void
test_migrate_from_12 (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_project_create (f->path, NULL, 0, &error);
  g_autoptr(GlossDocument) doc = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autofree char *fresh_path = g_build_filename (f->dir, "fresh.gloss", NULL);
  g_autofree char *digest = NULL;
  g_autofree char *after = NULL;
  g_autofree char *version = NULL;
  g_autofree char *title = NULL;
  g_autofree char *schema_new = NULL;
  g_autofree char *schema_upgraded = NULL;
  const char *schema_sql = "SELECT group_concat (type || ' ' || name || ' ' || coalesce (sql, ''), '|') "
                           "FROM (SELECT * FROM sqlite_schema ORDER BY type, name)";

  g_assert_no_error (error);
  doc = gloss_store_add_document (store, "Kept", "Ana Ruiz met Bo.", NULL, "txt", NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  test_sql_exec (f->path, GLOSS_TEST_BEFORE_V13 "PRAGMA user_version = 12;");

  digest = file_digest (f->path);
  g_assert_null (gloss_store_open (f->path, GLOSS_STORE_OPEN_READ_ONLY, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  after = file_digest (f->path);
  g_assert_cmpstr (after, ==, digest);

  store = gloss_store_open (f->path, 0, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_store_check (store, problems, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (problems->str, ==, "");
  g_clear_object (&store);

  version = test_sql_value (f->path, "PRAGMA user_version");
  g_assert_cmpint (g_ascii_strtoll (version, NULL, 10), ==, GLOSS_SCHEMA_VERSION);
  g_assert_cmpint (GLOSS_SCHEMA_VERSION, >=, 13);
  title = test_sql_value (f->path, "SELECT title FROM documents");
  g_assert_cmpstr (title, ==, "Kept");
  store = gloss_project_create (fresh_path, NULL, 0, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  schema_new = test_sql_value (fresh_path, schema_sql);
  schema_upgraded = test_sql_value (f->path, schema_sql);
  g_assert_cmpstr (schema_upgraded, ==, schema_new);

  {
    sqlite3 *db = NULL;
    const char *bad[] = { "'x'", "'0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\"'",
                          "'0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef'" };

    g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
    sqlite3_extended_result_codes (db, 1);
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *insert = g_strdup_printf ("INSERT INTO merge_versions (tbl, row_id, sub_id, content, version) "
                                                   "VALUES ('documents', 'r%u', '', '{}', %s)", i, bad[i]);

        g_assert_cmpint (sqlite3_exec (db, insert, NULL, NULL, NULL), ==, SQLITE_CONSTRAINT_CHECK);
      }
    g_assert_cmpint (sqlite3_exec (db, "INSERT INTO merge_versions (tbl, row_id, sub_id, content, version) VALUES "
                                       "('documents', 'r', '', '{}', "
                                       "'0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef')",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
}

/* The plan SQLite chooses for @sql on the project at @path, its lines joined by "|". */
static char *
query_plan (const char *path,
            const char *sql)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  GString *plan = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, explain, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s%s", plan->len ? "|" : "", (const char *) sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (plan, FALSE);
}

/* A project of schema 13 is upgraded to 14 when opened for writing: history_document
 * holds only the entries that belong to a document (an entity's have none),
 * annotations_entity only the annotations linked to an entity, and entities_label is
 * gone. The upgraded schema is a new project's; a document's
 * history is still found through the index, and lists what it did before. */
static void
test_migrate_from_13 (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_project_create (f->path, NULL, 0, &error);
  g_autoptr(GlossDocument) doc = NULL;
  g_autoptr(GlossLabel) person = NULL;
  g_autoptr(GlossEntity) ana = NULL;
  g_autoptr(GlossAnnotation) a = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *fresh_path = g_build_filename (f->dir, "fresh.gloss", NULL);
  g_autofree char *version = NULL;
  g_autofree char *schema_new = NULL;
  g_autofree char *schema_upgraded = NULL;
  g_autofree char *plan = NULL;
  g_autofree char *indexed = NULL;
  g_autofree char *with_document = NULL;
  g_autofree char *label_index = NULL;
  g_autoptr(GlossAnnotation) bo = NULL;
  const char *schema_sql = "SELECT group_concat (type || ' ' || name || ' ' || coalesce (sql, ''), '|') "
                           "FROM (SELECT * FROM sqlite_schema ORDER BY type, name)";

  g_assert_no_error (error);
  doc = gloss_store_add_document (store, "Kept", "Ana Ruiz met Bo.", NULL, "txt", NULL, &error);
  g_assert_no_error (error);
  person = gloss_store_find_label_by_name (store, "Person", &error);
  g_assert_no_error (error);
  ana = gloss_store_add_entity (store, "Ana Ruiz", person->id, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  a = gloss_store_add_annotation (store, doc->id, person->id, 0, 8, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_store_set_annotation_entity (store, a->id, ana->id, &error));
  g_assert_no_error (error);
  bo = gloss_store_add_annotation (store, doc->id, person->id, 13, 15, NULL, NULL, &error);
  g_assert_no_error (error);
  before = gloss_store_list_history (store, doc->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (before->len, >=, 2);
  g_clear_object (&store);
  test_sql_exec (f->path, GLOSS_TEST_BEFORE_V14 "PRAGMA user_version = 13;"
                 /* A key no entity gives: the migration builds the keys again. */
                 "INSERT INTO entity_keys (entity, kind, text, key, label) "
                 "SELECT entity, 1, 'Stale', 'stale', label FROM entity_keys LIMIT 1;");
  label_index = test_sql_value (f->path, "SELECT count (*) FROM sqlite_schema WHERE name = 'entities_label'");
  g_assert_cmpstr (label_index, ==, "1");
  g_clear_pointer (&label_index, g_free);

  store = gloss_store_open (f->path, 0, &error);
  g_assert_no_error (error);
  after = gloss_store_list_history (store, doc->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < after->len; i++)
    {
      const GlossHistoryEntry *x = before->pdata[i], *y = after->pdata[i];

      g_assert_cmpstr (x->row_id, ==, y->row_id);
      g_assert_cmpstr (x->action, ==, y->action);
    }
  g_clear_object (&store);

  version = test_sql_value (f->path, "PRAGMA user_version");
  g_assert_cmpint (g_ascii_strtoll (version, NULL, 10), ==, GLOSS_SCHEMA_VERSION);
  g_assert_cmpint (GLOSS_SCHEMA_VERSION, >=, 14);
  store = gloss_project_create (fresh_path, NULL, 0, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  schema_new = test_sql_value (fresh_path, schema_sql);
  schema_upgraded = test_sql_value (f->path, schema_sql);
  g_assert_cmpstr (schema_upgraded, ==, schema_new);

  label_index = test_sql_value (f->path, "SELECT count (*) FROM sqlite_schema WHERE name = 'entities_label'");
  g_assert_cmpstr (label_index, ==, "0");
  g_clear_pointer (&label_index, g_free);
  label_index = test_sql_value (f->path, "SELECT sql FROM sqlite_schema WHERE name = 'history_document'");
  g_assert_true (g_str_has_suffix (label_index, "WHERE document_id IS NOT NULL"));
  /* The entity's entry is in the history but not in the index. */
  indexed = test_sql_value (f->path, "SELECT count (*) FROM history INDEXED BY history_document "
                                     "WHERE document_id IS NOT NULL");
  with_document = test_sql_value (f->path, "SELECT count (*) FROM history WHERE document_id IS NOT NULL");
  g_assert_cmpstr (indexed, ==, with_document);
  g_clear_pointer (&with_document, g_free);
  with_document = test_sql_value (f->path, "SELECT count (*) > 0 FROM history WHERE document_id IS NULL");
  g_assert_cmpstr (with_document, ==, "1");
  plan = query_plan (f->path, "SELECT action, new_json FROM history WHERE document_id = ?1");
  g_assert_nonnull (strstr (plan, "USING INDEX history_document (document_id=?)"));
  g_clear_pointer (&plan, g_free);

  /* annotations_entity holds the linked annotation only, and the register's queries
   * (an entity's mentions, the counts beside each entity) still use it. */
  g_clear_pointer (&label_index, g_free);
  label_index = test_sql_value (f->path, "SELECT sql FROM sqlite_schema WHERE name = 'annotations_entity'");
  g_assert_true (g_str_has_suffix (label_index, "WHERE entity IS NOT NULL"));
  g_clear_pointer (&indexed, g_free);
  indexed = test_sql_value (f->path, "SELECT group_concat (id) FROM annotations INDEXED BY annotations_entity "
                                     "WHERE entity IS NOT NULL");
  g_assert_cmpstr (indexed, ==, a->id);
  plan = query_plan (f->path, "SELECT id FROM annotations WHERE entity = ?1 AND deleted = 0");
  g_assert_nonnull (strstr (plan, "USING INDEX annotations_entity (entity=?)"));
  g_clear_pointer (&plan, g_free);
  plan = query_plan (f->path, "SELECT e.id, (SELECT count(*) FROM annotations a JOIN documents d ON d.pk = a.document "
                              "WHERE a.entity = e.pk AND a.deleted = 0 AND d.deleted = 0) FROM entities e");
  g_assert_nonnull (strstr (plan, "USING INDEX annotations_entity (entity=?)"));
  g_clear_pointer (&plan, g_free);

  /* The match keys are one b-tree keyed by key, built again from the entities (the
   * stale key is gone, Ana's are there), and a mention is looked up through it. */
  g_clear_pointer (&label_index, g_free);
  label_index = test_sql_value (f->path, "SELECT count (*) FROM sqlite_schema WHERE tbl_name = 'entity_keys'");
  g_assert_cmpstr (label_index, ==, "1");
  g_clear_pointer (&label_index, g_free);
  label_index = test_sql_value (f->path, "SELECT group_concat (key || ':' || kind || ':' || text, ' ') FROM entity_keys");
  g_assert_cmpstr (label_index, ==, "anaruiz:0:Ana Ruiz ruiz:2:Ruiz");
  plan = query_plan (f->path, "SELECT entity FROM entity_keys WHERE key = ?1 AND kind = 0");
  g_assert_nonnull (strstr (plan, "USING PRIMARY KEY (key=? AND kind=?)"));
  store = gloss_store_open (f->path, 0, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GString) report = g_string_new (NULL);

    g_assert_true (gloss_store_check (store, report, &error));
    g_assert_cmpstr (report->str, ==, "");
  }
}

/* A project one schema version ahead of this build is refused, unchanged. */
static void
test_open_next_version (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_project_create (f->path, NULL, 0, &error);
  g_autofree char *pragma = g_strdup_printf ("PRAGMA user_version = %d", GLOSS_SCHEMA_VERSION + 1);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_no_error (error);
  g_clear_object (&store);
  test_sql_exec (f->path, pragma);
  before = file_digest (f->path);
  g_assert_null (gloss_store_open (f->path, 0, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_TOO_NEW);
  g_clear_error (&error);
  g_assert_null (gloss_store_open (f->path, GLOSS_STORE_OPEN_READ_ONLY, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_TOO_NEW);
  after = file_digest (f->path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_open_hostile_trigger (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_project_create (f->path, NULL, 0, &error);

  g_assert_no_error (error);
  g_clear_object (&store);
  test_sql_exec (f->path, "CREATE TRIGGER evil AFTER INSERT ON annotations BEGIN DELETE FROM documents; END;");
  g_assert_null (gloss_store_open (f->path, 0, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "evil"));
}

static void
test_open_corrupt (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_project_create (f->path, NULL, 0, &error);
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_no_error (error);
  for (int i = 0; i < 50; i++)
    {
      g_autofree char *text = g_strdup_printf ("Document %d. %s", i, sample_text);
      g_autoptr(GlossDocument) doc = gloss_store_add_document (store, NULL, text, NULL, "txt", NULL, &error);
      g_assert_no_error (error);
    }
  g_clear_object (&store);
  test_sql_exec (f->path, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;");

  /* Scribble over the pages after the first: the header still says Gloss. */
  g_assert_true (g_file_get_contents (f->path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 8192);
  for (gsize i = 4096 + 16; i < len; i += 7)
    contents[i] = (char) (i * 31);
  g_assert_true (g_file_set_contents (f->path, contents, len, NULL));

  g_assert_null (gloss_store_open (f->path, 0, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == GLOSS_STORE_ERROR);
  g_assert_true (error->code == GLOSS_STORE_ERROR_CORRUPT || error->code == GLOSS_STORE_ERROR_NOT_GLOSS);
}

static void
test_open_read_only (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_project_create (f->path, NULL, 0, &error);
  g_autoptr(GlossDocument) doc = NULL;
  g_autoptr(GPtrArray) docs = NULL;

  g_assert_no_error (error);
  doc = gloss_store_add_document (store, "T", sample_text, NULL, "txt", NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  /* Opening for reading only, explicitly. */
  store = gloss_store_open (f->path, GLOSS_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_store_is_read_only (store));
  g_assert_nonnull (gloss_store_get_read_only_reason (store));
  docs = gloss_store_list_documents (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, 1);
  g_assert_null (gloss_store_add_label (store, "New", NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_clear_object (&store);

  /* A write-protected file (root can write anything, so only when not root). */
  if (geteuid () != 0)
    {
      g_chmod (f->path, 0444);
      g_assert_null (gloss_store_open (f->path, 0, &error));
      g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_READ_ONLY);
      g_clear_error (&error);
      store = gloss_store_open (f->path, GLOSS_STORE_OPEN_ALLOW_READ_ONLY, &error);
      g_assert_no_error (error);
      g_assert_true (gloss_store_is_read_only (store));
      g_chmod (f->path, 0644);
    }
}

static void
test_documents (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_project_create (f->path, NULL, 0, &error);
  g_autoptr(GlossDocument) doc = NULL;
  g_autoptr(GlossDocument) again = NULL;
  g_autoptr(GlossDocument) got = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autofree char *sha = gloss_sha256_hex (sample_text, strlen (sample_text));

  doc = gloss_store_add_document (store, "Strike", sample_text, "/tmp/strike.txt", "txt", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_uuid_is_valid (doc->id));
  g_assert_cmpstr (doc->sha256, ==, sha);
  g_assert_cmpint (doc->length, ==, g_utf8_strlen (sample_text, -1));

  /* The same text again is reported, not duplicated. */
  again = gloss_store_add_document (store, "Copy", sample_text, NULL, "txt", NULL, &error);
  g_assert_null (again);
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "Strike"));
  g_clear_error (&error);

  /* Text that cannot be stored as it is. */
  g_assert_null (gloss_store_add_document (store, "Bad", "a\rb", NULL, "txt", NULL, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (gloss_store_add_document (store, "Bad", "a\xff" "b", NULL, "txt", NULL, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (gloss_store_add_document (store, "Bad", "", NULL, "txt", NULL, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
  g_clear_error (&error);

  got = gloss_store_get_document (store, doc->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->text, ==, sample_text);
  g_assert_cmpstr (got->source, ==, "/tmp/strike.txt");

  g_assert_true (gloss_store_set_document_title (store, doc->id, "Harbour strike", &error));
  g_assert_no_error (error);
  docs = gloss_store_list_documents (store, &error);
  g_assert_cmpuint (docs->len, ==, 1);
  g_assert_cmpstr (((GlossDocument *) docs->pdata[0])->title, ==, "Harbour strike");
  g_assert_null (((GlossDocument *) docs->pdata[0])->text);
  g_clear_pointer (&docs, g_ptr_array_unref);

  g_assert_true (gloss_store_delete_document (store, doc->id, &error));
  g_assert_no_error (error);
  docs = gloss_store_list_documents (store, &error);
  g_assert_cmpuint (docs->len, ==, 0);
  g_assert_null (gloss_store_get_document (store, doc->id, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* Tombstone: the row is still in the file, marked deleted. */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT deleted FROM documents WHERE id = '%s'", doc->id);
    g_autofree char *deleted = test_sql_value (f->path, sql);
    g_assert_cmpstr (deleted, ==, "1");
  }
}

static void
test_labels (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_project_create (f->path, NULL, 0, &error);
  g_autoptr(GlossLabel) label = NULL;
  g_autoptr(GlossLabel) found = NULL;
  g_autoptr(GPtrArray) labels = NULL;

  label = gloss_store_add_label (store, "Facility", GLOSS_LABEL_KIND_ENTITY, "#C061CB", "e", "A building or site.", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (label->colour, ==, "#c061cb");
  g_assert_cmpint (label->position, ==, 6);

  g_assert_null (gloss_store_add_label (store, "facility", NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_null (gloss_store_add_label (store, "Other", NULL, NULL, "1", NULL, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "Person"));
  g_clear_error (&error);
  g_assert_null (gloss_store_add_label (store, "Other", "weird", NULL, NULL, NULL, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (gloss_store_add_label (store, "Other", NULL, "red", NULL, NULL, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (gloss_store_add_label (store, "  ", NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_free (label->name);
  label->name = g_strdup ("Incident");
  g_free (label->colour);
  label->colour = g_strdup ("#33c7de");
  g_assert_true (gloss_store_update_label (store, label, &error));
  g_assert_no_error (error);
  found = gloss_store_find_label_by_name (store, "INCIDENT", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->id, ==, label->id);
  g_assert_cmpstr (found->colour, ==, "#33c7de");

  g_assert_true (gloss_store_move_label (store, label->id, 0, &error));
  g_assert_no_error (error);
  labels = gloss_store_list_labels (store, &error);
  g_assert_cmpstr (((GlossLabel *) labels->pdata[0])->name, ==, "Incident");
  g_assert_cmpstr (((GlossLabel *) labels->pdata[1])->name, ==, "Person");
  for (guint i = 0; i < labels->len; i++)
    g_assert_cmpint (((GlossLabel *) labels->pdata[i])->position, ==, i);

  g_assert_true (gloss_store_delete_label (store, label->id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&labels, g_ptr_array_unref);
  labels = gloss_store_list_labels (store, &error);
  g_assert_cmpuint (labels->len, ==, 6);
}

static void
on_changed (GlossStore *store, guint kind, const char *detail, gpointer user_data)
{
  GPtrArray *seen = user_data;
  g_ptr_array_add (seen, g_strdup_printf ("%u:%s", kind, detail ? detail : ""));
}

static void
test_annotations (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_project_create (f->path, NULL, 0, &error);
  g_autoptr(GlossDocument) doc = NULL;
  g_autoptr(GlossLabel) person = NULL;
  g_autoptr(GlossLabel) claim = NULL;
  g_autoptr(GlossAnnotation) a = NULL;
  g_autoptr(GlossAnnotation) b = NULL;
  g_autoptr(GlossAnnotation) got = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  const char *zoe;
  gint64 zoe_start;
  const char *will;
  gint64 will_start;

  doc = gloss_store_add_document (store, "Strike", sample_text, NULL, "txt", NULL, &error);
  person = gloss_store_find_label_by_name (store, "Person", &error);
  claim = gloss_store_find_label_by_name (store, "Claim", &error);
  g_assert_no_error (error);
  g_signal_connect (store, "changed", G_CALLBACK (on_changed), seen);

  /* Offsets are code points: after the ship emoji (one code point, four bytes). */
  zoe = strstr (sample_text, "Zoë Łukasiewicz");
  zoe_start = g_utf8_pointer_to_offset (sample_text, zoe);
  a = gloss_store_add_annotation (store, doc->id, person->id, zoe_start, zoe_start + 15, "The union head", "Ana", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a->quote, ==, "Zoë Łukasiewicz");
  g_assert_cmpstr (a->suffix, ==, ", head of the 海洋港口 union, denied");
  g_assert_cmpint (g_utf8_strlen (a->prefix, -1), ==, GLOSS_CONTEXT_CHARS);
  g_assert_true (g_str_has_suffix (a->prefix, "soon”.\n\n"));
  g_assert_cmpstr (a->annotator, ==, "Ana");
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_true (g_str_has_suffix (seen->pdata[0], doc->id));

  will = strstr (sample_text, "“will end soon”");
  will_start = g_utf8_pointer_to_offset (sample_text, will);
  b = gloss_store_add_annotation (store, doc->id, claim->id, will_start, will_start + 15, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (b->quote, ==, "“will end soon”");
  g_assert_cmpstr (b->prefix, ==, "aid on Monday that the 🚢 strike ");
  g_assert_cmpint (g_utf8_strlen (b->prefix, -1), ==, 32);

  /* Offsets out of range or empty spans are refused, naming the document length. */
  g_assert_null (gloss_store_add_annotation (store, doc->id, claim->id, 10, 10000, NULL, NULL, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "characters"));
  g_clear_error (&error);
  g_assert_null (gloss_store_add_annotation (store, doc->id, claim->id, 5, 5, NULL, NULL, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (gloss_store_add_annotation (store, doc->id, claim->id, -1, 3, NULL, NULL, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (gloss_store_add_annotation (store, "nope", claim->id, 0, 3, NULL, NULL, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* In text order. */
  list = gloss_store_list_annotations (store, doc->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((GlossAnnotation *) list->pdata[0])->id, ==, b->id);
  g_assert_cmpstr (((GlossAnnotation *) list->pdata[1])->label_name, ==, "Person");
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Relabel and note. */
  g_assert_true (gloss_store_set_annotation_label (store, b->id, person->id, &error));
  g_assert_true (gloss_store_set_annotation_note (store, b->id, "Said by the port", &error));
  g_assert_no_error (error);
  got = gloss_store_get_annotation (store, b->id, &error);
  g_assert_cmpstr (got->label_name, ==, "Person");
  g_assert_cmpstr (got->note, ==, "Said by the port");
  g_clear_pointer (&got, gloss_annotation_free);
  g_assert_true (gloss_store_set_annotation_note (store, b->id, "", &error));
  got = gloss_store_get_annotation (store, b->id, &error);
  g_assert_null (got->note);
  g_clear_pointer (&got, gloss_annotation_free);

  /* A label in use cannot be deleted. */
  g_assert_false (gloss_store_delete_label (store, person->id, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_IN_USE);
  g_clear_error (&error);

  /* Delete keeps a tombstone; restore brings it back. */
  g_assert_true (gloss_store_delete_annotation (store, a->id, &error));
  g_assert_no_error (error);
  g_assert_null (gloss_store_get_annotation (store, a->id, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT deleted FROM annotations WHERE id = '%s'", a->id);
    g_autofree char *deleted = test_sql_value (f->path, sql);
    g_assert_cmpstr (deleted, ==, "1");
  }
  list = gloss_store_list_annotations (store, NULL, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  g_assert_false (gloss_store_delete_annotation (store, a->id, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (gloss_store_restore_annotation (store, a->id, &error));
  g_assert_no_error (error);
  got = gloss_store_get_annotation (store, a->id, &error);
  g_assert_cmpstr (got->quote, ==, "Zoë Łukasiewicz");

  {
    g_autoptr(GPtrArray) annotators = gloss_store_list_annotators (store, &error);
    g_assert_cmpuint (annotators->len, ==, 1);
    g_assert_cmpstr (((GlossAnnotator *) annotators->pdata[0])->name, ==, "Ana");
  }

  {
    g_autoptr(GString) report = g_string_new (NULL);
    g_assert_true (gloss_store_check (store, report, &error));
    g_assert_cmpstr (report->str, ==, "");
  }
}

/* A failure inside an explicit transaction rolls back only that unit; rollback of
 * the transaction leaves the file as before. */
static void
test_transactions (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_project_create (f->path, NULL, 0, &error);
  g_autoptr(GlossDocument) doc = NULL;
  g_autoptr(GlossLabel) person = gloss_store_find_label_by_name (store, "Person", &error);
  g_autoptr(GlossAnnotation) a = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);

  doc = gloss_store_add_document (store, "Strike", sample_text, NULL, "txt", NULL, &error);
  g_signal_connect (store, "changed", G_CALLBACK (on_changed), seen);

  g_assert_true (gloss_store_begin (store, &error));
  a = gloss_store_add_annotation (store, doc->id, person->id, 0, 4, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (gloss_store_add_annotation (store, doc->id, person->id, 0, 99999, NULL, NULL, &error));
  g_clear_error (&error);
  g_assert_cmpuint (seen->len, ==, 0);
  gloss_store_rollback (store);
  g_assert_cmpuint (seen->len, ==, 0);

  list = gloss_store_list_annotations (store, doc->id, &error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  g_assert_true (gloss_store_begin (store, &error));
  g_clear_pointer (&a, gloss_annotation_free);
  a = gloss_store_add_annotation (store, doc->id, person->id, 0, 4, NULL, NULL, &error);
  g_assert_true (gloss_store_commit (store, &error));
  g_assert_cmpuint (seen->len, ==, 1);
  list = gloss_store_list_annotations (store, doc->id, &error);
  g_assert_cmpuint (list->len, ==, 1);
}

/* The log's checkpoint runs on the store's thread once no commit has been made for a
 * while (gloss-store-checkpoint.c), not in the commit that takes the log past 1,000
 * pages: right after that commit the project file has not grown; once the store has
 * been idle, the thread has copied the pages into it; and the project reopens whole. */
static void
test_checkpoint_when_idle (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_project_create (f->path, NULL, 0, &error);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) docs = NULL;
  GStatBuf st;
  gint64 size_before, committed;
  guint n_docs = 0;

  g_assert_no_error (error);
  for (guint i = 0; text->len < 1000 * 1000; i++)
    g_string_append_printf (text, "word%u harbour%u ", i, i * 7);
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  size_before = st.st_size;
  g_assert_cmpuint (gloss_store_wait_checkpoints (store, 0, 0), ==, 0);

  /* Documents of 1 MB (a commit each) until the log passes 1,000 pages. */
  do
    {
      g_autoptr(GlossDocument) doc = NULL;
      g_autofree char *title = g_strdup_printf ("Report %u", n_docs);
      g_autofree char *body = g_strdup_printf ("%s %s", title, text->str);

      n_docs++;
      doc = gloss_store_add_document (store, title, body, NULL, "txt", NULL, &error);
      g_assert_no_error (error);
      committed = g_get_monotonic_time ();
      g_assert_cmpint (g_stat (wal, &st), ==, 0);
    }
  while (st.st_size < 1000 * (4096 + 24));
  /* Below the size at which the commit checkpoints itself. */
  g_assert_cmpint (st.st_size, <, 4000 * (4096 + 24));

  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  if (g_get_monotonic_time () - committed < 200 * G_TIME_SPAN_MILLISECOND)
    {
      g_assert_cmpint (st.st_size, ==, size_before);
      g_assert_cmpuint (gloss_store_wait_checkpoints (store, 0, 0), ==, 0);
    }
  else
    g_test_message ("the machine is slow: the commit's own check is skipped");

  g_assert_cmpuint (gloss_store_wait_checkpoints (store, 0, 20 * G_TIME_SPAN_SECOND), >=, 1);
  g_assert_cmpint (g_get_monotonic_time () - committed, >=, 250 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, size_before + (gint64) (n_docs * text->len));

  gloss_store_close (store);
  g_clear_object (&store);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  store = gloss_store_open (f->path, GLOSS_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  docs = gloss_store_list_documents (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, n_docs);
}

static void
test_search (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_project_create (f->path, NULL, 0, &error);
  g_autoptr(GlossDocument) doc = NULL;
  g_autoptr(GlossDocument) doc2 = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  GlossSearchHit *hit;
  g_autofree char *quote = NULL;

  doc = gloss_store_add_document (store, "Strike", sample_text, NULL, "txt", NULL, &error);
  doc2 = gloss_store_add_document (store, "Grain", "Grain prices rose in Valdria.", NULL, "txt", NULL, &error);
  g_assert_no_error (error);

  /* Diacritics are folded: "lukasiewicz" finds "Łukasiewicz"... */
  hits = gloss_store_search (store, "union", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  hit = hits->pdata[0];
  g_assert_cmpstr (hit->document_id, ==, doc->id);
  quote = g_utf8_substring (sample_text, hit->start, hit->end);
  g_assert_cmpstr (quote, ==, "union");
  g_assert_nonnull (strstr (hit->snippet, "[union]"));
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = gloss_store_search (store, "valdria", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 2);
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = gloss_store_search (store, "zoe", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&quote, g_free);
  quote = g_utf8_substring (sample_text, ((GlossSearchHit *) hits->pdata[0])->start, ((GlossSearchHit *) hits->pdata[0])->end);
  g_assert_cmpstr (quote, ==, "Zoë");
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* A CJK word inside a longer run of CJK text is found as a substring. */
  hits = gloss_store_search (store, "港口", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&quote, g_free);
  quote = g_utf8_substring (sample_text, ((GlossSearchHit *) hits->pdata[0])->start, ((GlossSearchHit *) hits->pdata[0])->end);
  g_assert_cmpstr (quote, ==, "港口");
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Text that is not FTS5 syntax still searches. */
  hits = gloss_store_search (store, "officials\"", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Deleted documents drop out of the index. */
  g_assert_true (gloss_store_delete_document (store, doc2->id, &error));
  hits = gloss_store_search (store, "grain", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);

  g_assert_null (gloss_store_search (store, "  ", 0, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
}

static void
test_check_finds_damage (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_project_create (f->path, NULL, 0, &error);
  g_autoptr(GlossDocument) doc = NULL;
  g_autoptr(GlossLabel) person = gloss_store_find_label_by_name (store, "Person", &error);
  g_autoptr(GlossAnnotation) a = NULL;
  g_autoptr(GString) report = g_string_new (NULL);

  doc = gloss_store_add_document (store, "Strike", sample_text, NULL, "txt", NULL, &error);
  a = gloss_store_add_annotation (store, doc->id, person->id, 0, 4, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  test_sql_exec (f->path, "UPDATE annotations SET quote = 'Xort'; UPDATE documents SET sha256 = 'abc';");
  store = gloss_store_open (f->path, 0, &error);
  g_assert_no_error (error);
  g_assert_false (gloss_store_check (store, report, &error));
  g_assert_nonnull (strstr (report->str, "quote does not match"));
  g_assert_nonnull (strstr (report->str, "sha256"));
}

/* Begins a bulk transaction (left open) and adds @n annotations to the project's one
 * document; the one at @bad_at (when >= 0) lies past the text and is refused. */
static void
bulk_add (GlossStore *store, guint n, gint64 bad_at, gboolean *failed_at_bad)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = gloss_store_list_documents (store, &error);
  g_autoptr(GPtrArray) labels = gloss_store_list_labels (store, &error);
  const GlossDocument *doc = docs->pdata[0];
  const GlossLabel *label = labels->pdata[0];

  g_assert_true (gloss_store_begin_bulk (store, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      gint64 start = i % 30;
      g_autoptr(GlossAnnotation) a = NULL;
      g_autoptr(GError) local = NULL;

      /* Past the end of the text: refused. */
      if ((gint64) i == bad_at)
        start = doc->length + 5;
      a = gloss_store_add_annotation (store, doc->id, label->id, start, start + 3, NULL, "Ana", &local);
      if ((gint64) i == bad_at)
        {
          g_assert_null (a);
          *failed_at_bad = TRUE;
        }
      else if (bad_at >= 0 && (gint64) i > bad_at)
        {
          /* Everything after a failure fails too. */
          g_assert_null (a);
          g_assert_error (local, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_FAILED);
        }
      else
        g_assert_no_error (local);
    }
}

static guint
count_annotations (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_store_open (path, 0, &error);
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_assert_no_error (error);
  docs = gloss_store_list_documents (store, &error);
  list = gloss_store_list_annotations (store, ((GlossDocument *) docs->pdata[0])->id, &error);
  g_assert_no_error (error);
  return list->len;
}

/* A bulk transaction (no savepoint per change) is all or nothing: committed whole;
 * one failed change fails the rest and the commit; killed before the commit, none. */
static void
test_bulk_all_or_nothing (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gboolean failed = FALSE;
  int status = 0;
  pid_t pid;

  {
    g_autoptr(GlossStore) store = gloss_project_create (f->path, "Bulk", 0, &error);
    g_autoptr(GlossDocument) doc = NULL;

    g_assert_no_error (error);
    doc = gloss_store_add_document (store, "Text", "Harbour officials said the strike will end soon.",
                                    NULL, "txt", NULL, &error);
    g_assert_no_error (error);
    bulk_add (store, 500, -1, NULL);
    g_assert_true (gloss_store_commit (store, &error));
    g_assert_no_error (error);
    g_assert_true (gloss_store_check (store, NULL, &error));
    g_assert_no_error (error);

    bulk_add (store, 100, 40, &failed);
    g_assert_true (failed);
    g_assert_false (gloss_store_commit (store, &error));
    g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_FAILED);
    g_clear_error (&error);
    /* The store is usable again, out of bulk mode. */
    g_assert_true (gloss_store_begin (store, &error));
    g_assert_true (gloss_store_commit (store, &error));
  }
  g_assert_cmpuint (count_annotations (f->path), ==, 500);

  /* kill -9 in the middle of a bulk operation. */
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      GlossStore *store = gloss_store_open (f->path, 0, NULL);

      if (store != NULL)
        bulk_add (store, 3000, -1, NULL);
      kill (getpid (), SIGKILL);
      _exit (1);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
  g_assert_cmpuint (count_annotations (f->path), ==, 500);
  {
    g_autoptr(GlossStore) store = gloss_store_open (f->path, 0, &error);

    g_assert_no_error (error);
    g_assert_true (gloss_store_check (store, NULL, &error));
    g_assert_no_error (error);
  }
}

/* What a write-ahead log holds, read by its format (sqlite.org/fileformat2.html#walformat)
 * and not by SQLite: its frames up to the first whose salt or checksum is wrong (where
 * SQLite's recovery stops too), how many of those end a transaction, and where the
 * first bad one is (-1: none, every byte of the file belongs to a good frame). */
typedef struct {
  guint   frames;
  guint   commits;
  gint64  bad_frame;
} WalScan;

static guint32
get_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static void
wal_checksum (gboolean big_endian, const guint8 *data, gsize len, guint32 *s0, guint32 *s1)
{
  for (gsize i = 0; i + 8 <= len; i += 8)
    {
      guint32 x0, x1;

      if (big_endian)
        {
          x0 = get_be32 (data + i);
          x1 = get_be32 (data + i + 4);
        }
      else
        {
          x0 = GUINT32_FROM_LE (*(const guint32 *) (data + i));
          x1 = GUINT32_FROM_LE (*(const guint32 *) (data + i + 4));
        }
      *s0 += x0 + *s1;
      *s1 += x1 + *s0;
    }
}

static WalScan
wal_scan (const char *wal_path)
{
  g_autofree char *contents = NULL;
  gsize len = 0, page_size, at;
  const guint8 *p;
  guint32 magic, s0 = 0, s1 = 0;
  gboolean big_endian;
  WalScan scan = { 0, 0, -1 };

  g_assert_true (g_file_get_contents (wal_path, &contents, &len, NULL));
  g_assert_cmpuint (len, >=, 32);
  p = (const guint8 *) contents;
  magic = get_be32 (p);
  g_assert_true (magic == 0x377f0682 || magic == 0x377f0683);
  big_endian = magic & 1;
  page_size = get_be32 (p + 8);
  g_assert_cmpuint (page_size, >=, 512);
  wal_checksum (big_endian, p, 24, &s0, &s1);
  g_assert_cmpuint (s0, ==, get_be32 (p + 24));
  g_assert_cmpuint (s1, ==, get_be32 (p + 28));
  for (at = 32; at + 24 + page_size <= len; at += 24 + page_size)
    {
      const guint8 *frame = p + at;

      if (memcmp (frame + 8, p + 16, 8) != 0)
        break;   /* an older log's frame, after a restart: not this log's */
      wal_checksum (big_endian, frame, 8, &s0, &s1);
      wal_checksum (big_endian, frame + 24, page_size, &s0, &s1);
      if (s0 != get_be32 (frame + 16) || s1 != get_be32 (frame + 20))
        {
          scan.bad_frame = scan.frames;
          return scan;
        }
      scan.frames++;
      if (get_be32 (frame + 4) != 0)
        scan.commits++;
    }
  if (at != len)
    scan.bad_frame = scan.frames;
  return scan;
}

/* Flips one bit of the page of the @nth frame of a log. */
static void
flip_frame_bit (const char *wal_path, guint nth)
{
  g_autofree char *contents = NULL;
  gsize len = 0, page_size, at;

  g_assert_true (g_file_get_contents (wal_path, &contents, &len, NULL));
  page_size = get_be32 ((const guint8 *) contents + 8);
  at = 32 + (gsize) nth * (24 + page_size) + 24 + page_size / 2;
  g_assert_cmpuint (at, <, len);
  contents[at] ^= 0x10;
  g_assert_true (g_file_set_contents (wal_path, contents, len, NULL));
}


/* Runs @body in a child process that opens the project, turns automatic checkpoints
 * off (so that its commits stay in the WAL), and is killed right after @body returns:
 * no close, no checkpoint, no later write to the log. */
static void
run_and_kill (const char *path, void (*body) (GlossStore *store, GlossLabel *label, const char *document_id))
{
  int status = 0;
  pid_t pid = fork ();

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      GlossStore *store = gloss_store_open (path, 0, NULL);
      GlossLabel *label = store ? gloss_store_find_label_by_name (store, "Claim", NULL) : NULL;
      GPtrArray *docs = store ? gloss_store_list_documents (store, NULL) : NULL;

      if (label == NULL || docs == NULL || docs->len != 1 ||
          sqlite3_exec (gloss_store_get_db (store), "PRAGMA wal_autocheckpoint = 0", NULL, NULL, NULL) != SQLITE_OK)
        _exit (1);
      body (store, label, ((GlossDocument *) docs->pdata[0])->id);
      kill (getpid (), SIGKILL);
      _exit (1);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
}

static void
new_project_with_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_project_create (path, "Frames", 0, &error);
  g_autoptr(GlossDocument) doc = NULL;
  sqlite3_vfs *vfs = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_file_control (gloss_store_get_db (store), "main", SQLITE_FCNTL_VFS_POINTER, &vfs), ==,
                   SQLITE_OK);
  g_assert_nonnull (vfs);
  g_assert_cmpstr (vfs->zName, ==, GLOSS_WAL_VFS_NAME);
  doc = gloss_store_add_document (store, "Text", "Harbour officials said the strike will end soon.",
                                  NULL, "txt", NULL, &error);
  g_assert_no_error (error);
}

/* In the child of run_and_kill(): @n annotations, each a transaction of its own
 * unless a bulk one is open. */
static void
add_annotations (GlossStore *store, GlossLabel *label, const char *document_id, int n)
{
  for (int i = 0; i < n; i++)
    {
      GlossAnnotation *a = gloss_store_add_annotation (store, document_id, label->id, i % 40, i % 40 + 5,
                                                       NULL, "Ana", NULL);
      if (a == NULL)
        _exit (1);
      gloss_annotation_free (a);
    }
}

static void
add_300_one_by_one (GlossStore *store, GlossLabel *label, const char *document_id)
{
  /* Each annotation its own transaction: some hundred commits of a few frames. */
  add_annotations (store, label, document_id, 300);
}

/* A project's connection writes its WAL through Gloss's VFS, which holds the frames a
 * transaction appends and writes them with one call at the commit frame. The log a killed process leaves is read here by its
 * format, not by SQLite: every frame whole, its checksum right, so that the next open
 * recovers every commit. A bit flipped in one frame's page (a copy of the files) is
 * caught both by this reading and by SQLite, which then keeps only the commits before
 * it: the check can fail. */
static void
test_wal_frames_survive_kill (Fixture *f, gconstpointer data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *copy = g_strconcat (f->path, ".copy.gloss", NULL);
  g_autofree char *copy_wal = g_strconcat (copy, "-wal", NULL);
  WalScan scan;
  guint kept;

  new_project_with_text (f->path);
  run_and_kill (f->path, add_300_one_by_one);
  scan = wal_scan (wal);
  g_assert_cmpint (scan.bad_frame, ==, -1);
  g_assert_cmpuint (scan.commits, >=, 300);
  g_assert_cmpuint (scan.frames, >, scan.commits);

  test_copy_file (f->path, copy);
  test_copy_file (wal, copy_wal);
  flip_frame_bit (copy_wal, scan.frames / 2);
  g_assert_cmpint (wal_scan (copy_wal).bad_frame, ==, scan.frames / 2);
  kept = count_annotations (copy);
  g_assert_cmpuint (kept, >, 0);
  g_assert_cmpuint (kept, <, 300);

  g_assert_cmpuint (count_annotations (f->path), ==, 300);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GlossStore) store = gloss_store_open (f->path, 0, &error);

    g_assert_no_error (error);
    g_assert_true (gloss_store_check (store, NULL, &error));
    g_assert_no_error (error);
  }
}

static void
add_2000_in_one_transaction (GlossStore *store, GlossLabel *label, const char *document_id)
{
  /* A page cache of a few pages: the transaction spills pages to the log before its
   * commit and writes some of them again, so that SQLite rewrites its frames'
   * checksums at the commit (walRewriteChecksums()). */
  if (sqlite3_exec (gloss_store_get_db (store), "PRAGMA cache_size = 8", NULL, NULL, NULL) != SQLITE_OK ||
      !gloss_store_begin_bulk (store, NULL))
    _exit (1);
  add_annotations (store, label, document_id, 2000);
  if (!gloss_store_commit (store, NULL))
    _exit (1);
}

/* A process killed right after a commit whose frames' checksums SQLite rewrote (a
 * big transaction spilling pages to the log) keeps that commit: the VFS writes those
 * rewritten headers at once instead of holding the last one back. */
static void
test_wal_rewritten_checksums_survive_kill (Fixture *f, gconstpointer data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  WalScan scan;

  new_project_with_text (f->path);
  run_and_kill (f->path, add_2000_in_one_transaction);
  scan = wal_scan (wal);
  g_assert_cmpint (scan.bad_frame, ==, -1);
  g_assert_cmpuint (scan.commits, >=, 1);
  g_assert_cmpuint (count_annotations (f->path), ==, 2000);
}

/* What a bulk transaction remembers of the last document and annotator it wrote to
 * does not outlive them: a document deleted in the middle refuses later rows, and an
 * annotator whose creation was rolled back is made again, not referred to. Each row
 * gets its creation entry in the history. */
static void
test_bulk_lookups (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_project_create (f->path, "Bulk", 0, &error);
  g_autoptr(GlossLabel) person = gloss_store_find_label_by_name (store, "Person", &error);
  g_autoptr(GlossDocument) one = gloss_store_add_document (store, "One", sample_text, NULL, "txt", NULL, &error);
  g_autoptr(GlossDocument) two = gloss_store_add_document (store, "Two", "Another text entirely.", NULL, "txt",
                                                           NULL, &error);
  g_autoptr(GlossAnnotation) a = NULL;
  g_autoptr(GlossAnnotation) b = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) annotators = NULL;

  g_assert_no_error (error);
  /* Rolled back: the annotator "Zoë" made by the first row goes with it. */
  g_assert_true (gloss_store_begin_bulk (store, &error));
  a = gloss_store_add_annotation (store, one->id, person->id, 0, 4, NULL, "Zoë", &error);
  g_assert_no_error (error);
  g_clear_pointer (&a, gloss_annotation_free);
  gloss_store_rollback (store);

  g_assert_true (gloss_store_begin_bulk (store, &error));
  a = gloss_store_add_annotation (store, one->id, person->id, 0, 4, NULL, "Zoë", &error);
  g_assert_no_error (error);
  b = gloss_store_add_annotation (store, one->id, person->id, 5, 9, NULL, "Zoë", &error);
  g_assert_no_error (error);
  g_assert_true (gloss_store_delete_document (store, one->id, &error));
  g_assert_no_error (error);
  g_assert_null (gloss_store_add_annotation (store, one->id, person->id, 10, 12, NULL, "Zoë", &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (gloss_store_commit (store, &error));
  g_clear_error (&error);
  g_clear_pointer (&a, gloss_annotation_free);
  g_clear_pointer (&b, gloss_annotation_free);

  g_assert_true (gloss_store_begin_bulk (store, &error));
  a = gloss_store_add_annotation (store, one->id, person->id, 0, 4, NULL, "Zoë", &error);
  g_assert_no_error (error);
  b = gloss_store_add_annotation (store, two->id, person->id, 0, 7, NULL, "Zoë", &error);
  g_assert_no_error (error);
  g_assert_true (gloss_store_commit (store, &error));
  g_assert_no_error (error);
  g_assert_true (gloss_store_check (store, NULL, &error));
  g_assert_no_error (error);
  annotators = gloss_store_list_annotators (store, &error);
  g_assert_cmpuint (annotators->len, >=, 1);
  g_assert_cmpstr (((GlossAnnotator *) annotators->pdata[annotators->len - 1])->name, ==, "Zoë");

  history = gloss_store_list_history (store, b->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 1);
  {
    const GlossHistoryEntry *e = history->pdata[0];

    g_assert_cmpstr (e->action, ==, GLOSS_HISTORY_CREATE);
    g_assert_cmpstr (e->table, ==, "annotations");
    g_assert_cmpstr (e->document_id, ==, two->id);
    g_assert_cmpstr (e->who, ==, "Zoë");
    g_assert_cmpstr (e->at, ==, b->created);
    g_assert_null (e->before);
    /* The row as it is. */
    g_assert_nonnull (e->after);
    g_assert_nonnull (strstr (e->after, b->id));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/core/store/sqlite-setup", test_sqlite_setup);
  ADD ("/core/store/create-and-reopen", test_create_and_reopen);
  ADD ("/core/store/bulk-all-or-nothing", test_bulk_all_or_nothing);
  ADD ("/core/store/bulk-lookups", test_bulk_lookups);
  ADD ("/core/store/wal-frames-survive-kill", test_wal_frames_survive_kill);
  ADD ("/core/store/wal-rewritten-checksums-survive-kill", test_wal_rewritten_checksums_survive_kill);
  ADD ("/core/store/default-label-ids", test_default_label_ids_are_stable);
  ADD ("/core/store/no-codebook", test_no_codebook);
  ADD ("/core/store/open-errors", test_open_errors);
  ADD ("/core/store/open-too-new", test_open_too_new);
  ADD ("/core/store/open-hostile-trigger", test_open_hostile_trigger);
  g_test_add ("/core/store/migrate-from-1", Fixture, GINT_TO_POINTER (1), fixture_setup, test_migrate_old, fixture_teardown);
  g_test_add ("/core/store/migrate-from-2", Fixture, GINT_TO_POINTER (2), fixture_setup, test_migrate_old, fixture_teardown);
  ADD ("/core/store/migrate-from-3", test_migrate_from_3);
  ADD ("/core/store/migrate-from-11", test_migrate_from_11);
  ADD ("/core/store/migrate-from-12", test_migrate_from_12);
  ADD ("/core/store/migrate-from-13", test_migrate_from_13);
  ADD ("/core/store/open-next-version", test_open_next_version);
  ADD ("/core/store/open-corrupt", test_open_corrupt);
  ADD ("/core/store/open-read-only", test_open_read_only);
  ADD ("/core/store/documents", test_documents);
  ADD ("/core/store/labels", test_labels);
  ADD ("/core/store/annotations", test_annotations);
  ADD ("/core/store/transactions", test_transactions);
  ADD ("/core/store/checkpoint-when-idle", test_checkpoint_when_idle);
  ADD ("/core/store/search", test_search);
  ADD ("/core/store/check", test_check_finds_damage);
#undef ADD

  return g_test_run ();
}

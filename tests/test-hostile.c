/* test-hostile.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Hostile project files (issue 10). Each case starts from a valid project made with the
 * core API, alters the closed file with SQLite itself (or its bytes), and asserts what
 * a user relies on: the file is refused with a specific message, or it opens safely and
 * gloss_store_check() reports the planted problem; no trigger ever runs (a canary
 * table stays empty, the documents stay); a refused file is byte-identical afterwards;
 * and used as a merge source it is refused too, with the merge target byte-identical.
 */
#include <string.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

#include "gloss-entities.h"
#include "gloss-merge.h"
#include "gloss-project.h"
#include "gloss-store.h"
#include "test-files.h"

typedef enum {
  REFUSED,   /* gloss_store_open fails with @code and a message holding @text */
  CHECKED,   /* opens; gloss_store_check reports a line holding @text */
} Outcome;

typedef struct {
  const char *name;
  const char *sql;      /* run on the closed file; NULL: see @bytes */
  int         bytes;    /* 0, or the size to truncate the file to */
  Outcome     outcome;
  int         code;     /* GlossStoreError for REFUSED; -1: any of CORRUPT, NOT_SQLITE */
  const char *text;
} HostileCase;

/* Ids in the base project: documents 1 (long) and 2 (short, 17 characters), labels
 * from the default codebook, annotations 1..3 in document 1, one entity. */
#define CANARY "CREATE TABLE canary (x); "
#define LOOSE "PRAGMA ignore_check_constraints = ON; PRAGMA foreign_keys = OFF; "

static const HostileCase cases[] = {
  /* Triggers and views, under new names and under Gloss's own. */
  { "trigger-canary", CANARY "CREATE TRIGGER evil AFTER INSERT ON annotations BEGIN INSERT INTO canary VALUES (1); END;",
    0, REFUSED, GLOSS_STORE_ERROR_CORRUPT, "“canary” that Gloss projects never have" },
  { "trigger-named-meta", "CREATE TRIGGER meta AFTER INSERT ON annotations BEGIN DELETE FROM documents; END;",
    0, REFUSED, GLOSS_STORE_ERROR_CORRUPT, "trigger “meta” (in Gloss projects “meta” is a table)" },
  { "trigger-named-documents", "CREATE TRIGGER documents AFTER UPDATE ON labels BEGIN DELETE FROM documents; END;",
    0, REFUSED, GLOSS_STORE_ERROR_CORRUPT, "trigger “documents”" },
  { "trigger-named-labels", "CREATE TRIGGER labels BEFORE INSERT ON history BEGIN DELETE FROM documents; END;",
    0, REFUSED, GLOSS_STORE_ERROR_CORRUPT, "trigger “labels”" },
  { "trigger-named-sets", "CREATE TRIGGER sets AFTER INSERT ON sets BEGIN DELETE FROM documents; END;",
    0, REFUSED, GLOSS_STORE_ERROR_CORRUPT, "trigger “sets”" },
  { "view-named-sets", "DROP TABLE sets; CREATE VIEW sets AS SELECT pk, id, title AS name, '{}' AS definition, "
    "created, modified, deleted FROM documents;", 0, REFUSED, GLOSS_STORE_ERROR_CORRUPT, "view “sets” (in Gloss projects “sets” is a table)" },
  { "view-named-meta", "DROP TABLE meta; CREATE VIEW meta AS SELECT 'name' AS key, 'x' AS value;",
    0, REFUSED, GLOSS_STORE_ERROR_CORRUPT, "view “meta”" },
  { "view-new-name", "CREATE VIEW labels_all AS SELECT * FROM labels;", 0, REFUSED, GLOSS_STORE_ERROR_CORRUPT, "view “labels_all”" },
  { "index-redefined", "DROP INDEX annotations_label; CREATE INDEX annotations_label ON annotations (label, note);",
    0, REFUSED, GLOSS_STORE_ERROR_CORRUPT, "index “annotations_label” whose definition is not the one Gloss creates" },
  { "table-missing", "DROP TABLE history;", 0, REFUSED, GLOSS_STORE_ERROR_CORRUPT, "is damaged: it has no " },
  /* Who the file says it is. */
  { "wrong-application-id", "PRAGMA application_id = 1;", 0, REFUSED, GLOSS_STORE_ERROR_NOT_GLOSS, "not a Gloss project" },
  { "newer-version", "PRAGMA user_version = 99;", 0, REFUSED, GLOSS_STORE_ERROR_TOO_NEW, "newer version of Gloss" },
  { "no-version", "PRAGMA user_version = 0;", 0, REFUSED, GLOSS_STORE_ERROR_CORRUPT, "no schema version" },
  /* Bytes. */
  { "truncated-half", NULL, -2, REFUSED, -1, "" },
  { "truncated-header", NULL, 50, REFUSED, GLOSS_STORE_ERROR_NOT_SQLITE, "not an SQLite database" },
  /* Rows: offsets, values, text. */
  { "span-past-end", LOOSE "UPDATE annotations SET span_start = 5000, span_end = 5010 WHERE pk = 1;",
    0, REFUSED, GLOSS_STORE_ERROR_CORRUPT, "spans [5000, 5010), which is not a whole span inside the 125" },
  { "span-huge", LOOSE "UPDATE annotations SET span_end = 9223372036854775807 WHERE pk = 2;",
    0, REFUSED, GLOSS_STORE_ERROR_CORRUPT, "spans [" },
  { "span-empty", LOOSE "UPDATE annotations SET span_end = span_start WHERE pk = 1;", 0, REFUSED, GLOSS_STORE_ERROR_CORRUPT, "spans [" },
  { "span-negative", LOOSE "UPDATE annotations SET span_start = -3 WHERE pk = 1;", 0, REFUSED, GLOSS_STORE_ERROR_CORRUPT, "spans [-3," },
  { "span-text", LOOSE "UPDATE annotations SET span_end = 'far' WHERE pk = 1;", 0, REFUSED, GLOSS_STORE_ERROR_CORRUPT, "'far'" },
  { "span-real", LOOSE "UPDATE annotations SET span_end = 3.5 WHERE pk = 1;", 0, REFUSED, GLOSS_STORE_ERROR_CORRUPT, "3.5" },
  { "tombstone-past-end", LOOSE "UPDATE annotations SET deleted = 1, span_end = 100000 WHERE pk = 3;",
    0, REFUSED, GLOSS_STORE_ERROR_CORRUPT, "spans [" },
  { "text-invalid-utf8", "UPDATE documents SET text = CAST (x'4f6e65ff20747769636520' AS TEXT) WHERE pk = 2;",
    0, REFUSED, GLOSS_STORE_ERROR_CORRUPT, "is not valid UTF-8" },
  { "text-blob", "UPDATE documents SET text = x'00ff00' WHERE pk = 2;", 0, REFUSED, GLOSS_STORE_ERROR_CORRUPT, "is not valid UTF-8" },
  { "text-nul", "UPDATE documents SET text = CAST (x'41004142434445464748494a4b4c4d4e4f' AS TEXT) WHERE pk = 2;",
    0, REFUSED, GLOSS_STORE_ERROR_CORRUPT, "is not valid UTF-8" },
  { "length-wrong", "UPDATE documents SET length = length + 1 WHERE pk = 2;", 0, REFUSED, GLOSS_STORE_ERROR_CORRUPT, "characters but its text has" },
  { "length-negative", LOOSE "UPDATE documents SET length = -1 WHERE pk = 2;", 0, REFUSED, GLOSS_STORE_ERROR_CORRUPT, "has the length -1" },
  { "length-huge", "UPDATE documents SET length = 9223372036854775807 WHERE pk = 2;", 0, REFUSED, GLOSS_STORE_ERROR_CORRUPT, "characters" },
  /* References. */
  { "dangling-label", LOOSE "UPDATE annotations SET label = 4242 WHERE pk = 2;", 0, REFUSED, GLOSS_STORE_ERROR_CORRUPT, "label that is not in" },
  { "dangling-document", LOOSE "UPDATE annotations SET document = 4242 WHERE pk = 2;", 0, REFUSED, GLOSS_STORE_ERROR_CORRUPT,
    "belongs to a document that is not in" },
  { "dangling-entity", LOOSE "UPDATE annotations SET entity = 4242 WHERE pk = 1;", 0, REFUSED, GLOSS_STORE_ERROR_CORRUPT,
    "mentions an entity that is not in" },
  { "dangling-entity-type", LOOSE "UPDATE entities SET label = 4242;", 0, REFUSED, GLOSS_STORE_ERROR_CORRUPT, "has a type" },
  { "dangling-match-key", LOOSE "UPDATE entity_keys SET entity = 4242;", 0, REFUSED, GLOSS_STORE_ERROR_CORRUPT,
    "the match key of entity row 4242 points at" },
  { "dangling-field-value", LOOSE "INSERT INTO field_values (annotation, field, value, created, modified) "
    "VALUES (1, 4242, 'x', 'c', 'm');", 0, REFUSED, GLOSS_STORE_ERROR_CORRUPT,
    "the field value of annotation row 1 and field row 4242 points at" },
  { "relation-to-itself", LOOSE "INSERT INTO relation_types (id, name, position, created, modified) "
    "VALUES ('rt', 'knows', 0, 'c', 'm'); INSERT INTO relations (id, type, source, target, created, modified) "
    "VALUES ('rel', (SELECT pk FROM relation_types WHERE id = 'rt'), 1, 1, 'c', 'm');", 0, REFUSED, GLOSS_STORE_ERROR_CORRUPT, "to itself" },
  { "relation-dangling", LOOSE "INSERT INTO relation_types (id, name, position, created, modified) "
    "VALUES ('rt', 'knows', 0, 'c', 'm'); INSERT INTO relations (id, type, source, target, created, modified) "
    "VALUES ('rel', (SELECT pk FROM relation_types WHERE id = 'rt'), 1, 4242, 'c', 'm');", 0, REFUSED, GLOSS_STORE_ERROR_CORRUPT,
    "relation 'rel' points at" },
  { "not-null", "PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = replace (sql, 'quote      TEXT NOT NULL', "
    "'quote      TEXT') WHERE name = 'annotations'; PRAGMA writable_schema = OFF;", 0, REFUSED, GLOSS_STORE_ERROR_CORRUPT,
    "table “annotations” whose definition" },
  /* Newer-dated bad rows: a merge would prefer them, so they must not get that far. */
  { "newer-dated-bad-span", LOOSE "UPDATE annotations SET modified = '2999-01-01T00:00:00.000Z', span_end = 99999 "
    "WHERE pk = 1;", 0, REFUSED, GLOSS_STORE_ERROR_CORRUPT, "spans [" },
  { "newer-dated-bad-text", "UPDATE documents SET modified = '2999-01-01T00:00:00.000Z', "
    "text = CAST (x'c0af' AS TEXT) WHERE pk = 2;", 0, REFUSED, GLOSS_STORE_ERROR_CORRUPT, "not valid UTF-8" },
  /* What opens (cheap checks do not find it) and check reports, with its row. */
  { "sha256-wrong", "UPDATE documents SET sha256 = 'abc' WHERE pk = 2;", 0, CHECKED, 0, "sha256 does not match" },
  { "quote-wrong", "UPDATE annotations SET quote = 'Xyz' WHERE pk = 1;", 0, CHECKED, 0, "quote does not match" },
  { "newer-dated-bad-quote", "UPDATE annotations SET quote = 'Xyz', modified = '2999-01-01T00:00:00.000Z' "
    "WHERE pk = 2;", 0, CHECKED, 0, "quote does not match" },
  { "dangling-annotator", LOOSE "UPDATE annotations SET annotator = 4242 WHERE pk = 1;", 0, CHECKED, 0,
    "its annotator 4242 does not exist" },
  { "title-invalid-utf8", "UPDATE documents SET title = CAST (x'41ff' AS TEXT) WHERE pk = 2;", 0, CHECKED, 0,
    "title is not valid UTF-8" },
  { "aliases-not-json", "UPDATE entities SET aliases = 'nope';", 0, CHECKED, 0, "aliases are not a list" },
};

static const char long_text[] =
  "Port officials in Valdria said on Monday that the strike “will end soon”. "
  "Zoë Łukasiewicz, head of the 海洋港口 union, denied it.";

typedef struct {
  char *dir;
  char *base;     /* the valid project every case starts from */
} Fixture;

static char *
file_digest (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return g_strdup ("missing");
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

/* Runs @sql on the closed file at @path with a plain SQLite connection, and leaves it
 * in rollback-journal mode so that the file alone is the project. */
static void
raw_exec (const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static gint64
raw_count (const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}


static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GlossDocument) one = NULL;
  g_autoptr(GlossDocument) two = NULL;
  g_autoptr(GlossLabel) person = NULL;
  g_autoptr(GlossEntity) entity = NULL;

  f->dir = g_dir_make_tmp ("gloss-hostile-XXXXXX", &error);
  g_assert_no_error (error);
  f->base = g_build_filename (f->dir, "base.gloss", NULL);

  store = gloss_project_create (f->base, "Base", 0, &error);
  g_assert_no_error (error);
  one = gloss_store_add_document (store, "Strike", long_text, NULL, "txt", NULL, &error);
  g_assert_no_error (error);
  two = gloss_store_add_document (store, "Short", "Second text here.", NULL, "txt", NULL, &error);
  g_assert_no_error (error);
  person = gloss_store_find_label_by_name (store, "Person", &error);
  g_assert_no_error (error);
  for (int i = 0; i < 3; i++)
    {
      g_autoptr(GlossAnnotation) a = gloss_store_add_annotation (store, one->id, person->id, i * 10, i * 10 + 4,
                                                                 NULL, "Ana", &error);
      g_assert_no_error (error);
    }
  entity = gloss_store_add_entity (store, "Zoë Łukasiewicz", person->id, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  gloss_store_close (store);
  raw_exec (f->base, "PRAGMA wal_checkpoint(TRUNCATE);");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->base);
}

static void
plant (Fixture *f, const HostileCase *c, const char *path)
{
  test_copy_file (f->base, path);
  if (c->sql != NULL)
    raw_exec (path, c->sql);
  else
    {
      g_autofree char *contents = NULL;
      gsize len = 0;

      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      g_assert_true (g_file_set_contents (path, contents, c->bytes < 0 ? len / -c->bytes : (gsize) c->bytes, NULL));
    }
}

static void
assert_refused (const HostileCase *c, const GError *error)
{
  g_assert_nonnull (error);
  g_test_message ("%s: %s", c->name, error->message);
  g_assert_true (error->domain == GLOSS_STORE_ERROR);
  if (c->code >= 0)
    g_assert_cmpint (error->code, ==, c->code);
  else
    g_assert_true (error->code == GLOSS_STORE_ERROR_CORRUPT || error->code == GLOSS_STORE_ERROR_NOT_SQLITE);
  if (strstr (error->message, c->text) == NULL)
    g_error ("%s: “%s” is not in “%s”", c->name, c->text, error->message);
}

/* Triggers in these cases would insert into canary or delete documents. */
static void
assert_nothing_ran (const char *path, gboolean readable)
{
  if (!readable)
    return;
  g_assert_cmpint (raw_count (path, "SELECT count(*) FROM documents"), ==, 2);
  if (raw_count (path, "SELECT count(*) FROM sqlite_schema WHERE name = 'canary'") == 1)
    g_assert_cmpint (raw_count (path, "SELECT count(*) FROM canary"), ==, 0);
}

static void
test_case (Fixture *f, gconstpointer data)
{
  const HostileCase *c = data;
  g_autofree char *path = g_build_filename (f->dir, "hostile.gloss", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *target = g_build_filename (f->dir, "target.gloss", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = NULL;
  gboolean readable = c->sql != NULL;

  plant (f, c, path);
  before = file_digest (path);

  for (int flags = 0; flags < 2; flags++)
    {
      g_clear_error (&error);
      store = gloss_store_open (path, flags ? GLOSS_STORE_OPEN_READ_ONLY : GLOSS_STORE_OPEN_DEFAULT, &error);
      if (c->outcome == REFUSED)
        {
          g_assert_null (store);
          assert_refused (c, error);
          after = file_digest (path);
          g_assert_cmpstr (before, ==, after);
          g_clear_pointer (&after, g_free);
          g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
        }
      else
        {
          g_autoptr(GString) report = g_string_new (NULL);

          g_assert_no_error (error);
          g_assert_nonnull (store);
          g_assert_false (gloss_store_check (store, report, &error));
          g_assert_no_error (error);
          g_test_message ("%s: %s", c->name, report->str);
          if (strstr (report->str, c->text) == NULL)
            g_error ("%s: “%s” is not in the report “%s”", c->name, c->text, report->str);
          g_clear_object (&store);
        }
      assert_nothing_ran (path, readable);
    }

  /* As a merge source: a refused file is refused again, and the target is untouched. */
  if (c->outcome == REFUSED)
    {
      g_autoptr(GlossStore) dest = NULL;
      g_autoptr(GlossMergeReport) report = gloss_merge_report_new ();
      g_autofree char *target_before = NULL;
      g_autofree char *target_after = NULL;

      g_clear_error (&error);
      test_copy_file (f->base, target);
      /* Once opened by Gloss (in WAL mode) and closed, the target is as a user has it. */
      dest = gloss_store_open (target, GLOSS_STORE_OPEN_DEFAULT, &error);
      g_assert_no_error (error);
      g_clear_object (&dest);
      target_before = file_digest (target);
      dest = gloss_store_open (target, GLOSS_STORE_OPEN_DEFAULT, &error);
      g_assert_no_error (error);
      g_assert_false (gloss_merge (dest, path, report, &error));
      g_assert_nonnull (error);
      g_test_message ("%s as a merge source: %s", c->name, error->message);
      g_assert_cmpuint (report->added->len + report->updated->len + report->deleted->len, ==, 0);
      g_clear_object (&dest);
      target_after = file_digest (target);
      g_assert_cmpstr (target_before, ==, target_after);
      after = file_digest (path);
      g_assert_cmpstr (before, ==, after);
      assert_nothing_ran (path, readable);
      assert_nothing_ran (target, TRUE);
    }
}

/* The base project itself is sound: each case's problem is the planted one. */
static void
test_base_is_sound (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_store_open (f->base, GLOSS_STORE_OPEN_READ_ONLY, &error);
  g_autoptr(GString) report = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_true (gloss_store_check (store, report, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (report->str, ==, "");
}

/* Problems that appear after the open (another program writes the file meanwhile)
 * are the check's to find, each with its row: every row of every query is looked at. */
static void
test_check_finds_every_row (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_store_open (f->base, GLOSS_STORE_OPEN_DEFAULT, &error);
  g_autoptr(GString) report = g_string_new (NULL);
  sqlite3 *db = NULL;
  static const char * const expected[] = {
    "annotation '", "span [5000, 5010) is outside its document (17 characters)",
    "span [10, 10) is not two offsets",
    "its label 4242 does not exist", "its annotator 4243 does not exist", "its entity 4244 does not exist",
    "document '", "sha256 does not match its text", "stored length 99 but the text has",
    "its type 4245 does not exist",
  };

  g_assert_no_error (error);
  /* A second SQLite connection, as another program would have: no descriptor of ours. */
  g_assert_cmpint (sqlite3_open (f->base, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, LOOSE
      "UPDATE annotations SET document = 2, span_start = 5000, span_end = 5010 WHERE pk = 1;"
      "UPDATE annotations SET span_end = span_start WHERE pk = 2;"
      "UPDATE annotations SET label = 4242, annotator = 4243, entity = 4244 WHERE pk = 3;"
      "UPDATE documents SET sha256 = 'abc', length = 99;"
      "UPDATE entities SET label = 4245;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_assert_false (gloss_store_check (store, report, &error));
  g_assert_no_error (error);
  g_test_message ("%s", report->str);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    if (strstr (report->str, expected[i]) == NULL)
      g_error ("“%s” is not in the report “%s”", expected[i], report->str);
  /* Both documents, not only the first row of the query. */
  {
    g_auto(GStrv) parts = g_strsplit (report->str, "sha256 does not match", -1);

    g_assert_cmpuint (g_strv_length (parts), ==, 3);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/core/hostile/base-is-sound", Fixture, NULL, fixture_setup, test_base_is_sound, fixture_teardown);
  g_test_add ("/core/hostile/check-finds-every-row", Fixture, NULL, fixture_setup, test_check_finds_every_row,
              fixture_teardown);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/core/hostile/%s", cases[i].name);

      g_test_add (name, Fixture, &cases[i], fixture_setup, test_case, fixture_teardown);
    }
  return g_test_run ();
}

/* test-files.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Files in the tests: removing a test's temporary folder, and reading or changing a
 * closed project file behind Gloss's back with a plain SQLite connection (as an old
 * version or a hostile colleague would have written it). Header-only; each test
 * includes what it uses.
 */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

/* Removes @dir and all that is in it. NULL does nothing. */
static inline void
test_remove_tree (const char *dir)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (dir == NULL)
    return;
  d = g_dir_open (dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        test_remove_tree (path);
      else
        g_remove (path);
    }
  g_rmdir (dir);
}

/* Copies the closed file @from to @to (replacing it), failing the test if it cannot. */
static inline void
test_copy_file (const char *from,
                const char *to)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (from, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (to, contents, len, NULL));
}

/* Runs @sql on the closed project at @path; fails the test naming the statement. */
static inline void
test_sql_exec (const char *path,
               const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/* The first column of the first row @sql gives on the project at @path, read only;
 * NULL when there is no row or the value is NULL. */
static inline char *
test_sql_value (const char *path,
                const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* Puts entity_keys back in the shape schema 7 to 11 gave it (its CHECK on kind an IN
 * list), keeping its rows, so that a test can write a project of an older version:
 * the text is migration 7's. */
#define GLOSS_TEST_ENTITY_KEYS_BEFORE_V12 \
  "ALTER TABLE entity_keys RENAME TO entity_keys_v12;" \
  "DROP INDEX entity_keys_key;" \
  "CREATE TABLE entity_keys (\n" \
  "  entity INTEGER NOT NULL,\n" \
  "  kind   INTEGER NOT NULL CHECK (kind IN (0, 1, 2)),\n" \
  "  text   TEXT NOT NULL,\n" \
  "  key    TEXT NOT NULL CHECK (key <> ''),\n" \
  "  label  INTEGER NOT NULL,\n" \
  "  PRIMARY KEY (entity, kind, text)\n" \
  ") WITHOUT ROWID;" \
  "INSERT INTO entity_keys SELECT * FROM entity_keys_v12;" \
  "DROP TABLE entity_keys_v12;" \
  "CREATE INDEX entity_keys_key ON entity_keys (key, kind, label);\n"

/* Puts back the indexes schema 14 changed (see migration 14), so that a test can
 * write a project of an older version. */
#define GLOSS_TEST_BEFORE_V14 \
  "DROP INDEX history_document;" \
  "CREATE INDEX history_document ON history (document_id);" \
  "CREATE INDEX entities_label ON entities (label);" \
  "DROP INDEX annotations_entity;" \
  "CREATE INDEX annotations_entity ON annotations (entity);" \
  "CREATE TABLE entity_keys_v12 (\n" \
  "  entity INTEGER NOT NULL,\n" \
  "  kind   INTEGER NOT NULL CHECK (kind = 0 OR kind = 1 OR kind = 2),\n" \
  "  text   TEXT NOT NULL,\n" \
  "  key    TEXT NOT NULL CHECK (key <> ''),\n" \
  "  label  INTEGER NOT NULL,\n" \
  "  PRIMARY KEY (entity, kind, text)\n" \
  ") WITHOUT ROWID;" \
  "INSERT INTO entity_keys_v12 (entity, kind, text, key, label) SELECT entity, kind, text, key, label FROM entity_keys;" \
  "DROP TABLE entity_keys;" \
  "ALTER TABLE entity_keys_v12 RENAME TO entity_keys;" \
  "CREATE INDEX entity_keys_key ON entity_keys (key, kind, label);"

/* Takes out what schema 13 added (the identity of versions a merge made), and what
 * 14 changed. */
#define GLOSS_TEST_BEFORE_V13 GLOSS_TEST_BEFORE_V14 "DROP TABLE merge_versions;"

/* Puts the relations table back in the shape it had before schema 11 (no entity
 * targets), keeping its links between annotations, so that a test can write a project
 * of an older version: the text is migration 3's, which an older project's schema must
 * match exactly. */
#define GLOSS_TEST_RELATIONS_BEFORE_V11 \
  "ALTER TABLE relations RENAME TO relations_v11;" \
  "CREATE TABLE relations (\n" \
  "  pk        INTEGER PRIMARY KEY,\n" \
  "  id        TEXT NOT NULL UNIQUE,\n" \
  "  type      INTEGER NOT NULL REFERENCES relation_types (pk),\n" \
  "  source    INTEGER NOT NULL REFERENCES annotations (pk),\n" \
  "  target    INTEGER NOT NULL REFERENCES annotations (pk),\n" \
  "  annotator INTEGER REFERENCES annotators (pk),\n" \
  "  created   TEXT NOT NULL,\n" \
  "  modified  TEXT NOT NULL,\n" \
  "  deleted   INTEGER NOT NULL DEFAULT 0,\n" \
  "  CHECK (source <> target)\n" \
  ");" \
  "INSERT INTO relations SELECT pk, id, type, source, target, annotator, created, modified, deleted " \
  "FROM relations_v11 WHERE target IS NOT NULL;" \
  "DROP TABLE relations_v11;" \
  "CREATE INDEX relations_source ON relations (source);\n" \
  "CREATE INDEX relations_target ON relations (target);\n"

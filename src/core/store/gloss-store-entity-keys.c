/* gloss-store-entity-keys.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rows of entity_keys (migration 7): each live entity's name, aliases and the last
 * word of its name as match keys (gloss_match_key()), so that linking a mention to the
 * register, and checking a new name against it, is an indexed lookup however large
 * the register. The store writes them wherever it writes an entity row (the model's
 * add, edit, delete, merge and restore call gloss_store_entity_keys_forget() before
 * the write and gloss_store_entity_keys_refresh() after; a row written back from
 * history, by undo, restore or a merge of copies, the same in gloss_history_apply()),
 * and gloss_store_check() compares them with the entities. Since schema 14 the table
 * is one b-tree keyed by key (docs/DESIGN.md, "Pages per commit"): an entity's keys
 * are found by computing them from its row.
 */
#define G_LOG_DOMAIN "gloss-store"

#include "config.h"

#include <string.h>

#include "gloss-entity-key-rows.h"
#include "gloss-store-private.h"

static char *
index_key (int         kind,
           const char *key)
{
  return g_strdup_printf ("%d\037%s", kind == GLOSS_ENTITY_KEY_LAST_WORD ? 2 : 0, key);
}

/* Keeps @rows of entity @entity_pk in memory instead of writing them. */
static void
defer_rows (GlossStore *self,
            gint64      entity_pk,
            gint64      label_pk,
            GArray     *rows)   /* (transfer full) */
{
  gint64 *pk = g_memdup2 (&entity_pk, sizeof entity_pk);

  for (guint i = 0; i < rows->len; i++)
    {
      GlossKeyRow *row = &g_array_index (rows, GlossKeyRow, i);
      g_autofree char *k = index_key (row->kind, row->key);
      GArray *pks = g_hash_table_lookup (self->deferred_index, k);

      row->label = label_pk;
      if (pks == NULL)
        {
          pks = g_array_new (FALSE, FALSE, sizeof (gint64));
          g_hash_table_insert (self->deferred_index, g_steal_pointer (&k), pks);
        }
      g_array_append_val (pks, entity_pk);
    }
  g_hash_table_replace (self->deferred_keys, pk, rows);
}

static gboolean
write_rows (GlossStore *self,
            gint64      entity_pk,
            gint64      label_pk,
            GArray     *rows,
            GError    **error)
{
  for (guint i = 0; i < rows->len; i++)
    {
      GlossKeyRow *row = &g_array_index (rows, GlossKeyRow, i);
      sqlite3_stmt *stmt = gloss_store_prepare (self,
          "INSERT OR IGNORE INTO entity_keys (entity, kind, text, key, label) VALUES (?1, ?2, ?3, ?4, ?5)", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, entity_pk);
      sqlite3_bind_int (stmt, 2, row->kind);
      gloss_bind_text (stmt, 3, row->text);
      gloss_bind_text (stmt, 4, row->key);
      sqlite3_bind_int64 (stmt, 5, label_pk);
      if (!gloss_store_step_done (self, stmt, "writing an entity's match keys", error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_keys (GlossStore         *self,
             gint64              entity_pk,
             gint64              label_pk,
             const char         *name,
             const char         *aliases_json,
             const char * const *aliases,
             GError            **error)
{
  g_autoptr(GArray) rows = gloss_entity_key_rows (name, aliases_json, aliases);

  if (self->deferred_keys != NULL)
    {
      for (guint i = 0; i < rows->len; i++)
        g_array_index (rows, GlossKeyRow, i).entity = entity_pk;
      defer_rows (self, entity_pk, label_pk, g_steal_pointer (&rows));
      return TRUE;
    }
  return write_rows (self, entity_pk, label_pk, rows, error);
}

/* The live entity row @entity_pk as it is now: FALSE on an error; *@found FALSE when
 * it is deleted or merged (a tombstone has no keys) or not there. */
static gboolean
read_live_row (GlossStore *self,
               gint64      entity_pk,
               gboolean   *found,
               char      **name,
               gint64     *label_pk,
               char      **aliases,
               GError    **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self, "SELECT name, label, aliases FROM entities WHERE pk = ?1 AND deleted = 0", error);
  int rc;

  *found = FALSE;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entity_pk);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *found = TRUE;
      *name = gloss_column_dup (stmt, 0);
      *label_pk = sqlite3_column_int64 (stmt, 1);
      *aliases = gloss_column_dup (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (self, rc, "writing an entity's match keys", error);
      return FALSE;
    }
  return TRUE;
}

/**
 * gloss_store_entity_keys_forget:
 *
 * Deletes the match keys of entity row @entity_pk as the row now is: the keys its
 * name, aliases and type give (the table is keyed by key, so an entity's keys are
 * found by computing them), none when it is a tombstone. Call it before every write
 * of an existing row, and gloss_store_entity_keys_refresh() after, in the same
 * transaction.
 */
gboolean
gloss_store_entity_keys_forget (GlossStore *self,
                                gint64      entity_pk,
                                GError    **error)
{
  g_autofree char *name = NULL;
  g_autofree char *aliases = NULL;
  g_autoptr(GArray) rows = NULL;
  gint64 label_pk = 0;
  gboolean found;

  /* Keys still in memory (a bulk import's) are forgotten with the entity (entries
   * of the in-memory index pointing at it are checked against its rows when looked
   * up). */
  if (self->deferred_keys != NULL)
    g_hash_table_remove (self->deferred_keys, &entity_pk);
  if (!read_live_row (self, entity_pk, &found, &name, &label_pk, &aliases, error))
    return FALSE;
  if (!found)
    return TRUE;
  rows = gloss_entity_key_rows (name, aliases, NULL);
  for (guint i = 0; i < rows->len; i++)
    {
      GlossKeyRow *row = &g_array_index (rows, GlossKeyRow, i);
      sqlite3_stmt *stmt = gloss_store_prepare (self,
          "DELETE FROM entity_keys WHERE key = ?1 AND kind = ?2 AND label = ?3 AND entity = ?4 AND text = ?5", error);

      if (stmt == NULL)
        return FALSE;
      gloss_bind_text (stmt, 1, row->key);
      sqlite3_bind_int (stmt, 2, row->kind);
      sqlite3_bind_int64 (stmt, 3, label_pk);
      sqlite3_bind_int64 (stmt, 4, entity_pk);
      gloss_bind_text (stmt, 5, row->text);
      if (!gloss_store_step_done (self, stmt, "writing an entity's match keys", error))
        return FALSE;
    }
  return TRUE;
}

/**
 * gloss_store_entity_keys_refresh:
 *
 * Writes the match keys of entity row @entity_pk from the row as it now is: none
 * when it is deleted or merged (a tombstone matches nothing), else its name, aliases
 * and last word. Call it after every write of the row, in the same transaction, with
 * gloss_store_entity_keys_forget() before the write of a row that was there.
 */
gboolean
gloss_store_entity_keys_refresh (GlossStore *self,
                                 gint64      entity_pk,
                                 GError    **error)
{
  g_autofree char *name = NULL;
  g_autofree char *aliases = NULL;
  gint64 label_pk = 0;
  gboolean found;

  if (!read_live_row (self, entity_pk, &found, &name, &label_pk, &aliases, error))
    return FALSE;
  if (!found)
    return TRUE;
  return insert_keys (self, entity_pk, label_pk, name, aliases, NULL, error);
}

/**
 * gloss_store_entity_keys_add:
 *
 * The keys of a live entity row just inserted, from the values it was inserted
 * with: what a bulk import calls, without reading the row back.
 */
gboolean
gloss_store_entity_keys_add (GlossStore         *self,
                             gint64              entity_pk,
                             gint64              label_pk,
                             const char         *name,
                             const char * const *aliases,
                             GError            **error)
{
  static const char * const none[] = { NULL };

  return insert_keys (self, entity_pk, label_pk, name, NULL, aliases ? aliases : none, error);
}

gboolean
gloss_store_entity_keys_add_json (GlossStore *self,
                                  gint64      entity_pk,
                                  gint64      label_pk,
                                  const char *name,
                                  const char *aliases_json,
                                  GError    **error)
{
  return insert_keys (self, entity_pk, label_pk, name, aliases_json, NULL, error);
}

void
gloss_store_entity_keys_defer (GlossStore *self)
{
  g_return_if_fail (self->deferred_keys == NULL);
  self->deferred_keys = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_array_unref);
  self->deferred_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const GlossKeyRow *x = *(GlossKeyRow * const *) a, *y = *(GlossKeyRow * const *) b;
  int c = strcmp (x->key, y->key);

  if (c != 0)
    return c;
  if (x->kind != y->kind)
    return x->kind - y->kind;
  if (x->label != y->label)
    return x->label < y->label ? -1 : 1;
  if (x->entity != y->entity)
    return x->entity < y->entity ? -1 : 1;
  return strcmp (x->text, y->text);
}

/* Writes @all, built by gloss_entity_key_rows(), with one prepared statement. */
static gboolean
write_sorted_rows (GlossStore *self,
                   GPtrArray  *all,
                   GError    **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self,
      "INSERT OR IGNORE INTO entity_keys (entity, kind, text, key, label) VALUES (?1, ?2, ?3, ?4, ?5)", error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < all->len; i++)
    {
      GlossKeyRow *row = all->pdata[i];

      sqlite3_bind_int64 (stmt, 1, row->entity);
      sqlite3_bind_int (stmt, 2, row->kind);
      gloss_bind_text (stmt, 3, row->text);
      gloss_bind_text (stmt, 4, row->key);
      sqlite3_bind_int64 (stmt, 5, row->label);
      if (!gloss_store_step_done (self, stmt, "writing the entities' match keys", error))
        return FALSE;
    }
  return TRUE;
}

gboolean
gloss_store_entity_keys_flush (GlossStore *self,
                               gboolean    write,
                               GError    **error)
{
  g_autoptr(GHashTable) keys = g_steal_pointer (&self->deferred_keys);
  g_autoptr(GHashTable) index = g_steal_pointer (&self->deferred_index);
  g_autoptr(GPtrArray) all = NULL;
  GHashTableIter iter;
  gpointer value;

  if (keys == NULL || !write)
    return TRUE;
  all = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, keys);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GArray *rows = value;

      for (guint i = 0; i < rows->len; i++)
        g_ptr_array_add (all, &g_array_index (rows, GlossKeyRow, i));
    }
  /* In the table's order, so that rows are appended to what is there (all of them, in
   * a new register). */
  g_ptr_array_sort (all, compare_rows);
  return write_sorted_rows (self, all, error);
}

const GArray *
gloss_store_entity_keys_deferred (GlossStore *self,
                                  const char *key,
                                  gboolean    last_word)
{
  g_autofree char *k = NULL;
  GArray *pks;
  guint kept = 0;

  if (self->deferred_index == NULL || key == NULL)
    return NULL;
  k = index_key (last_word ? GLOSS_ENTITY_KEY_LAST_WORD : GLOSS_ENTITY_KEY_NAME, key);
  pks = g_hash_table_lookup (self->deferred_index, k);
  if (pks == NULL)
    return NULL;
  /* Drop entries of entities whose keys changed since (refreshed, or written). */
  for (guint i = 0; i < pks->len; i++)
    {
      gint64 pk = g_array_index (pks, gint64, i);
      GArray *rows = g_hash_table_lookup (self->deferred_keys, &pk);
      gboolean still = FALSE;

      for (guint r = 0; rows != NULL && r < rows->len && !still; r++)
        {
          GlossKeyRow *row = &g_array_index (rows, GlossKeyRow, r);

          still = g_str_equal (row->key, key) &&
                  (row->kind == GLOSS_ENTITY_KEY_LAST_WORD) == (last_word != FALSE);
        }
      for (guint j = 0; still && j < kept; j++)
        still = g_array_index (pks, gint64, j) != pk;
      if (still)
        g_array_index (pks, gint64, kept++) = pk;
    }
  g_array_set_size (pks, kept);
  return kept > 0 ? pks : NULL;
}

static char *
row_string (gint64      entity_pk,
            int         kind,
            const char *text,
            const char *key,
            gint64      label_pk)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "\037%d\037%s\037%s\037%" G_GINT64_FORMAT,
                          entity_pk, kind, text ? text : "", key ? key : "", label_pk);
}

/**
 * gloss_store_entity_keys_problems:
 * @problems: (element-type utf8): gets one sentence per entity whose keys are wrong
 *
 * Compares entity_keys with the keys the live entities give, row for row: a key
 * missing, one too many (or left by a deleted entity), or one under the wrong type.
 */
gboolean
gloss_store_entity_keys_problems (GlossStore *self,
                                  GPtrArray  *problems,
                                  GError    **error)
{
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) reported = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  sqlite3_stmt *stmt = NULL;
  GHashTableIter iter;
  gpointer value;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "SELECT pk, label, name, aliases, id FROM entities WHERE deleted = 0", -1,
                           &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 pk = sqlite3_column_int64 (stmt, 0);
      gint64 label = sqlite3_column_int64 (stmt, 1);
      g_autoptr(GArray) rows = gloss_entity_key_rows ((const char *) sqlite3_column_text (stmt, 2),
                                                      (const char *) sqlite3_column_text (stmt, 3), NULL);
      gint64 *k = g_new (gint64, 1);

      *k = pk;
      g_hash_table_insert (ids, k, gloss_column_dup (stmt, 4));
      for (guint i = 0; i < rows->len; i++)
        {
          GlossKeyRow *row = &g_array_index (rows, GlossKeyRow, i);
          g_hash_table_insert (expected, row_string (pk, row->kind, row->text, row->key, label), k);
        }
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (rc == SQLITE_DONE)
    rc = sqlite3_prepare_v2 (self->db, "SELECT entity, kind, text, key, label FROM entity_keys", -1, &stmt, NULL);
  else
    rc = rc == SQLITE_OK ? SQLITE_ERROR : rc;
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 pk = sqlite3_column_int64 (stmt, 0);
      g_autofree char *s = row_string (pk, sqlite3_column_int (stmt, 1), (const char *) sqlite3_column_text (stmt, 2),
                                       (const char *) sqlite3_column_text (stmt, 3), sqlite3_column_int64 (stmt, 4));

      if (!g_hash_table_remove (expected, s) && !g_hash_table_contains (reported, &pk))
        {
          const char *id = g_hash_table_lookup (ids, &pk);
          gint64 *k = g_new (gint64, 1);

          *k = pk;
          g_hash_table_add (reported, k);
          g_ptr_array_add (problems, id != NULL
              ? g_strdup_printf ("entity %s: a match key does not match its name, aliases or type "
                                 "(gloss-cli check --repair rebuilds them)", id)
              : g_strdup_printf ("entity row %" G_GINT64_FORMAT ": it has match keys but is not a live entity "
                                 "(gloss-cli check --repair rebuilds them)", pk));
        }
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (self, rc, "checking the entities' match keys", error);
      return FALSE;
    }
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      gint64 *k = value;

      if (!g_hash_table_contains (reported, k))
        {
          g_hash_table_add (reported, g_memdup2 (k, sizeof *k));
          g_ptr_array_add (problems, g_strdup_printf ("entity %s: a match key of its name or aliases is missing "
                                                      "(gloss-cli check --repair rebuilds them)",
                                                      (const char *) g_hash_table_lookup (ids, k)));
        }
    }
  return TRUE;
}

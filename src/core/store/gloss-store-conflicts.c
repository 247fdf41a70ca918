/* gloss-store-conflicts.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The conflicts table (schema 9): what a merge of copies could not decide. Rows are
 * named by UUID, as in the history, so a conflict means the same after ids change
 * hands in a merge (the merge rekeys them with the history).
 */
#define G_LOG_DOMAIN "gloss-store"

#include "config.h"

#include <string.h>

#include "gloss-changelog-private.h"
#include "gloss-conflicts.h"
#include "gloss-history.h"
#include <json-glib/json-glib.h>

#include "gloss-store-private.h"

#define CONFLICT_COLUMNS \
  "id, tbl, row_id, sub_id, document_id, field, base, mine, theirs, kept, mine_who, mine_at, " \
  "theirs_who, theirs_at, other_copy, created"

void
gloss_conflict_free (GlossConflict *c)
{
  if (c == NULL)
    return;
  g_free (c->id);
  g_free (c->table);
  g_free (c->row_id);
  g_free (c->sub_id);
  g_free (c->document_id);
  g_free (c->field);
  g_free (c->base);
  g_free (c->mine);
  g_free (c->theirs);
  g_free (c->kept);
  g_free (c->mine_who);
  g_free (c->mine_at);
  g_free (c->theirs_who);
  g_free (c->theirs_at);
  g_free (c->other_copy);
  g_free (c->created);
  g_free (c);
}

GlossConflict *
gloss_conflict_copy (const GlossConflict *c)
{
  GlossConflict *n = g_new0 (GlossConflict, 1);

  n->id = g_strdup (c->id);
  n->table = g_strdup (c->table);
  n->row_id = g_strdup (c->row_id);
  n->sub_id = g_strdup (c->sub_id);
  n->document_id = g_strdup (c->document_id);
  n->field = g_strdup (c->field);
  n->base = g_strdup (c->base);
  n->mine = g_strdup (c->mine);
  n->theirs = g_strdup (c->theirs);
  n->kept = g_strdup (c->kept);
  n->mine_who = g_strdup (c->mine_who);
  n->mine_at = g_strdup (c->mine_at);
  n->theirs_who = g_strdup (c->theirs_who);
  n->theirs_at = g_strdup (c->theirs_at);
  n->other_copy = g_strdup (c->other_copy);
  n->created = g_strdup (c->created);
  return n;
}

gboolean
gloss_conflict_field_is_valid (const char *table,
                               const char *field)
{
  const TableSpec *spec = gloss_changelog_spec_for (table);

  if (spec == NULL || field == NULL)
    return FALSE;
  if (g_str_equal (table, "annotations") && g_str_equal (field, "span"))
    return TRUE;
  /* What identifies a row, its times and what is derived from others are never a conflict. */
  for (const char * const *m = (const char * const[]) { "id", "annotation", "field", "created", "modified",
                                                         "quote", "text", "start", "end", NULL };
       *m; m++)
    if (g_str_equal (field, *m))
      return FALSE;
  for (guint i = 0; i < spec->n_cols; i++)
    if (g_str_equal (spec->cols[i].member, field))
      return TRUE;
  return FALSE;
}

static gboolean
have_table (GlossStore *self)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self,
      "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'conflicts'", NULL);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

static GlossConflict *
conflict_from_row (sqlite3_stmt *stmt)
{
  GlossConflict *c = g_new0 (GlossConflict, 1);

  c->id = gloss_column_dup (stmt, 0);
  c->table = gloss_column_dup (stmt, 1);
  c->row_id = gloss_column_dup (stmt, 2);
  c->sub_id = gloss_column_dup (stmt, 3);
  c->document_id = gloss_column_dup (stmt, 4);
  c->field = gloss_column_dup (stmt, 5);
  c->base = gloss_column_dup (stmt, 6);
  c->mine = gloss_column_dup (stmt, 7);
  c->theirs = gloss_column_dup (stmt, 8);
  c->kept = gloss_column_dup (stmt, 9);
  c->mine_who = gloss_column_dup (stmt, 10);
  c->mine_at = gloss_column_dup (stmt, 11);
  c->theirs_who = gloss_column_dup (stmt, 12);
  c->theirs_at = gloss_column_dup (stmt, 13);
  c->other_copy = gloss_column_dup (stmt, 14);
  c->created = gloss_column_dup (stmt, 15);
  return c;
}

GPtrArray *
gloss_store_list_conflicts (GlossStore  *self,
                            const char  *row_id,
                            GError     **error)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_conflict_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);
  if (!have_table (self))
    return list;
  stmt = gloss_store_prepare (self,
      "SELECT " CONFLICT_COLUMNS " FROM conflicts WHERE ?1 IS NULL OR row_id = ?1 "
      "ORDER BY document_id, row_id, sub_id, field, id", error);
  if (stmt == NULL)
    {
      g_ptr_array_unref (list);
      return NULL;
    }
  gloss_bind_text (stmt, 1, row_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, conflict_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (self, rc, "listing conflicts", error);
      g_ptr_array_unref (list);
      return NULL;
    }
  return list;
}

GlossConflict *
gloss_store_get_conflict (GlossStore  *self,
                          const char  *conflict_id,
                          GError     **error)
{
  GlossConflict *c = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);
  if (conflict_id != NULL && have_table (self))
    {
      stmt = gloss_store_prepare (self, "SELECT " CONFLICT_COLUMNS " FROM conflicts WHERE id = ?1", error);
      if (stmt == NULL)
        return NULL;
      gloss_bind_text (stmt, 1, conflict_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        c = conflict_from_row (stmt);
      sqlite3_reset (stmt);
    }
  if (c == NULL)
    g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no conflict %s.",
                 conflict_id ? conflict_id : "");
  return c;
}

guint
gloss_store_count_conflicts (GlossStore *self)
{
  sqlite3_stmt *stmt;
  guint n = 0;

  g_return_val_if_fail (GLOSS_IS_STORE (self), 0);
  if (!have_table (self))
    return 0;
  stmt = gloss_store_prepare (self, "SELECT count(*) FROM conflicts", NULL);
  if (stmt == NULL)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static gboolean
insert_conflict (GlossStore          *self,
                 const GlossConflict *c,
                 const char          *id,
                 GError             **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self,
      "INSERT INTO conflicts (" CONFLICT_COLUMNS ") VALUES "
      "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)", error);
  g_autofree char *now = NULL;

  if (stmt == NULL)
    return FALSE;
  gloss_bind_text (stmt, 1, id);
  gloss_bind_text (stmt, 2, c->table);
  gloss_bind_text (stmt, 3, c->row_id);
  gloss_bind_text (stmt, 4, c->sub_id);
  gloss_bind_text (stmt, 5, c->document_id);
  gloss_bind_text (stmt, 6, c->field);
  gloss_bind_text (stmt, 7, c->base);
  gloss_bind_text (stmt, 8, c->mine);
  gloss_bind_text (stmt, 9, c->theirs);
  gloss_bind_text (stmt, 10, c->kept);
  gloss_bind_text (stmt, 11, c->mine_who);
  gloss_bind_text (stmt, 12, c->mine_at);
  gloss_bind_text (stmt, 13, c->theirs_who);
  gloss_bind_text (stmt, 14, c->theirs_at);
  gloss_bind_text (stmt, 15, c->other_copy);
  if (c->created == NULL)
    now = gloss_now_iso8601 ();
  gloss_bind_text (stmt, 16, c->created ? c->created : now);
  return gloss_store_step_done (self, stmt, "recording a conflict", error);
}

gboolean
gloss_store_add_conflict (GlossStore          *self,
                          const GlossConflict *c,
                          GError             **error)
{
  g_autofree char *id = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);
  g_return_val_if_fail (c != NULL && c->table && c->row_id && c->field && c->mine && c->theirs && c->kept, FALSE);

  if (!gloss_conflict_field_is_valid (c->table, c->field))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "“%s” is not a field of %s.", c->field,
                   c->table);
      return FALSE;
    }
  if (c->id != NULL)
    id = g_strdup (c->id);
  else
    {
      /* The same conflict met in any copy gets the same id. */
      const char *a = c->mine_at ? c->mine_at : "", *b = c->theirs_at ? c->theirs_at : "";
      g_autofree char *name = g_strjoin ("\037", c->table, c->row_id, c->sub_id ? c->sub_id : "", c->field,
                                         strcmp (a, b) < 0 ? a : b, strcmp (a, b) < 0 ? b : a, NULL);

      id = gloss_uuid_from_name ("6f1c2a47-2f4e-5b0e-9c31-7a4d8e2b5c10", name);
    }
  stmt = gloss_store_prepare (self,
      "DELETE FROM conflicts WHERE id = ?1 OR (tbl = ?2 AND row_id = ?3 AND sub_id IS ?4 AND field = ?5)", error);
  if (stmt == NULL)
    return FALSE;
  gloss_bind_text (stmt, 1, id);
  gloss_bind_text (stmt, 2, c->table);
  gloss_bind_text (stmt, 3, c->row_id);
  gloss_bind_text (stmt, 4, c->sub_id);
  gloss_bind_text (stmt, 5, c->field);
  if (!gloss_store_step_done (self, stmt, "recording a conflict", error))
    return FALSE;
  return insert_conflict (self, c, id, error);
}

char *
gloss_store_conflict_row (GlossStore          *self,
                          const GlossConflict *conflict,
                          GError             **error)
{
  gint64 pk = 0, pk2 = 0;
  char *json;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);
  if (gloss_changelog_spec_for (conflict->table) == NULL ||
      !gloss_history_find_row (self, conflict->table, conflict->row_id, conflict->sub_id, &pk, &pk2))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                   "The row of conflict %s is not in the project.", conflict->id);
      return NULL;
    }
  json = gloss_history_snapshot (self, conflict->table, pk, pk2);
  if (json == NULL)
    g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                 "The row of conflict %s cannot be read.", conflict->id);
  return json;
}

gboolean
gloss_store_write_conflict_row (GlossStore          *self,
                                const GlossConflict *conflict,
                                const char          *row_json,
                                gboolean             resolved,
                                GError             **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) gen = NULL;
  g_autofree char *before = NULL;
  g_autofree char *json = NULL;
  g_autofree char *now = NULL;
  gint64 pk = 0, pk2 = 0;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);
  g_return_val_if_fail (conflict != NULL && conflict->id != NULL && row_json != NULL, FALSE);

  if (!gloss_store_check_writable (self, error))
    return FALSE;
  root = gloss_json_parse_text (row_json, JSON_NODE_OBJECT, error);
  if (root == NULL)
    return FALSE;
  /* A settled value is a change of its own: the next merge carries it. */
  now = gloss_now_iso8601 ();
  json_object_set_string_member (json_node_get_object (root), "modified", now);
  gen = json_generator_new ();
  json_generator_set_root (gen, root);
  json = json_generator_to_data (gen, NULL);

  if (!gloss_store_op_begin (self, error))
    return FALSE;
  ok = gloss_history_find_row (self, conflict->table, conflict->row_id, conflict->sub_id, &pk, &pk2);
  if (!ok)
    g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                 "The row of conflict %s is not in the project.", conflict->id);
  if (ok)
    {
      before = gloss_history_snapshot (self, conflict->table, pk, pk2);
      ok = gloss_history_apply (self, conflict->table, json, &pk, &pk2, error) &&
           gloss_history_record (self, GLOSS_HISTORY_RESOLVE, conflict->table, pk, pk2, before, NULL, error);
    }
  if (ok && resolved)
    {
      sqlite3_stmt *stmt = gloss_store_prepare (self, "DELETE FROM conflicts WHERE id = ?1", error);

      ok = stmt != NULL;
      if (ok)
        {
          gloss_bind_text (stmt, 1, conflict->id);
          ok = gloss_store_step_done (self, stmt, "settling a conflict", error);
        }
    }
  else if (ok)
    ok = insert_conflict (self, conflict, conflict->id, error);
  if (ok)
    gloss_store_queue_change (self, conflict->document_id ? GLOSS_CHANGE_ANNOTATIONS : GLOSS_CHANGE_ALL,
                              conflict->document_id);
  return gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
}

gboolean
gloss_store_drop_settled_conflicts (GlossStore  *self,
                                    GlossStore  *other,
                                    const char  *table,
                                    const char  *row_id,
                                    const char  *sub_id,
                                    GError     **error)
{
  g_autoptr(GPtrArray) ours = gloss_store_list_conflicts (self, row_id, error);

  if (ours == NULL)
    return FALSE;
  for (guint i = 0; i < ours->len; i++)
    {
      GlossConflict *c = ours->pdata[i];
      g_autoptr(GlossConflict) theirs = NULL;
      sqlite3_stmt *stmt;

      if (g_strcmp0 (c->table, table) != 0 || g_strcmp0 (c->sub_id, sub_id) != 0)
        continue;
      theirs = gloss_store_get_conflict (other, c->id, NULL);
      if (theirs != NULL)
        continue;
      stmt = gloss_store_prepare (self, "DELETE FROM conflicts WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      gloss_bind_text (stmt, 1, c->id);
      if (!gloss_store_step_done (self, stmt, "dropping a settled conflict", error))
        return FALSE;
    }
  return TRUE;
}

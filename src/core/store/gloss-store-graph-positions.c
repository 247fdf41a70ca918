/* gloss-store-graph-positions.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rows of graph_positions (migration 10). They are the analyst's arrangement of
 * the link chart, so unlike findings they queue no "changed" signal: a window that
 * saves a drag already shows it, and nothing else depends on it.
 */
#define G_LOG_DOMAIN "gloss-store"

#include <math.h>

#include "gloss-graph-positions.h"
#include "gloss-store-private.h"
#include "gloss-util.h"

#define LIMIT 1e9

void
gloss_graph_position_free (GlossGraphPosition *position)
{
  if (position == NULL)
    return;
  g_free (position->entity_id);
  g_free (position);
}

GPtrArray *
gloss_store_list_graph_positions (GlossStore  *self,
                                  GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_graph_position_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  stmt = gloss_store_prepare (self,
      "SELECT e.id, g.x, g.y FROM graph_positions g JOIN entities e ON e.pk = g.entity "
      "WHERE e.deleted = 0 AND e.merged_into IS NULL ORDER BY e.id",
      error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GlossGraphPosition *p = g_new0 (GlossGraphPosition, 1);

      p->entity_id = gloss_column_dup (stmt, 0);
      p->x = sqlite3_column_double (stmt, 1);
      p->y = sqlite3_column_double (stmt, 2);
      g_ptr_array_add (list, p);
    }
  if (!gloss_store_finish_query (self, stmt, rc, "listing the link chart's positions", error))
    return NULL;
  return g_steal_pointer (&list);
}

gboolean
gloss_store_set_graph_positions (GlossStore               *self,
                                 const GlossGraphPosition *positions,
                                 guint                     n,
                                 GError                  **error)
{
  g_autofree char *now = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);
  g_return_val_if_fail (positions != NULL || n == 0, FALSE);

  if (!gloss_store_op_begin (self, error))
    return FALSE;
  now = gloss_now_iso8601 ();
  for (guint i = 0; ok && i < n; i++)
    {
      const GlossGraphPosition *p = &positions[i];
      gint64 pk = p->entity_id ? gloss_store_entity_pk (self, p->entity_id) : 0;
      sqlite3_stmt *stmt;

      if (pk == 0)
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no entity with id %s.",
                       p->entity_id ? p->entity_id : "(none)");
          ok = FALSE;
          break;
        }
      if (!isfinite (p->x) || !isfinite (p->y) || fabs (p->x) > LIMIT || fabs (p->y) > LIMIT)
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                       "A position on the link chart must be a finite point within ±1e9.");
          ok = FALSE;
          break;
        }
      stmt = gloss_store_prepare (self,
          "INSERT INTO graph_positions (entity, x, y, modified) VALUES (?1, ?2, ?3, ?4) "
          "ON CONFLICT (entity) DO UPDATE SET x = excluded.x, y = excluded.y, modified = excluded.modified",
          error);
      if (stmt == NULL)
        {
          ok = FALSE;
          break;
        }
      sqlite3_bind_int64 (stmt, 1, pk);
      sqlite3_bind_double (stmt, 2, p->x);
      sqlite3_bind_double (stmt, 3, p->y);
      gloss_bind_text (stmt, 4, now);
      ok = gloss_store_step_done (self, stmt, "saving a position on the link chart", error);
    }
  return gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
}

gboolean
gloss_store_clear_graph_positions (GlossStore         *self,
                                   const char * const *entity_ids,
                                   GError            **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);

  if (!gloss_store_op_begin (self, error))
    return FALSE;
  if (entity_ids == NULL)
    {
      stmt = gloss_store_prepare (self, "DELETE FROM graph_positions", error);
      ok = stmt != NULL && gloss_store_step_done (self, stmt, "clearing the link chart's positions", error);
    }
  for (guint i = 0; ok && entity_ids != NULL && entity_ids[i] != NULL; i++)
    {
      stmt = gloss_store_prepare (self,
          "DELETE FROM graph_positions WHERE entity = (SELECT pk FROM entities WHERE id = ?1)", error);
      if (stmt == NULL)
        {
          ok = FALSE;
          break;
        }
      gloss_bind_text (stmt, 1, entity_ids[i]);
      ok = gloss_store_step_done (self, stmt, "clearing a position on the link chart", error);
    }
  return gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
}

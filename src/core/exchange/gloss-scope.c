/* gloss-scope.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-scope"

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "gloss-scope.h"
#include "gloss-store-private.h"

GlossScope *
gloss_scope_new (void)
{
  return g_new0 (GlossScope, 1);
}

GlossScope *
gloss_scope_copy (const GlossScope *scope)
{
  GlossScope *copy = gloss_scope_new ();

  if (scope == NULL)
    return copy;
  copy->document_ids = g_strdupv (scope->document_ids);
  copy->label_names = g_strdupv (scope->label_names);
  copy->annotators = g_strdupv (scope->annotators);
  copy->since = g_strdup (scope->since);
  copy->until = g_strdup (scope->until);
  copy->query = g_strdup (scope->query);
  return copy;
}

void
gloss_scope_free (GlossScope *scope)
{
  if (scope == NULL)
    return;
  g_strfreev (scope->document_ids);
  g_strfreev (scope->label_names);
  g_strfreev (scope->annotators);
  g_free (scope->since);
  g_free (scope->until);
  g_free (scope->query);
  g_free (scope);
}

gboolean
gloss_scope_is_everything (const GlossScope *scope)
{
  return scope == NULL ||
         (scope->document_ids == NULL && scope->label_names == NULL && scope->annotators == NULL &&
          scope->since == NULL && scope->until == NULL && scope->query == NULL);
}

static char *
strv_to_json (const char * const *strv)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; strv && strv[i]; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

/* A date (YYYY-MM-DD) or a time with a zone, as a UTC bound in the stored format.
 * @end_of_day moves a plain date to the start of the next day (an exclusive bound). */
static char *
time_bound (const char *text,
            gboolean    end_of_day,
            const char *what,
            GError    **error)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_utc ();

  if (strlen (text) == 10)
    {
      g_autofree char *midnight = g_strconcat (text, "T00:00:00Z", NULL);
      dt = g_date_time_new_from_iso8601 (midnight, NULL);
      if (dt != NULL && end_of_day)
        {
          GDateTime *next = g_date_time_add_days (dt, 1);
          g_date_time_unref (dt);
          dt = next;
        }
    }
  else
    dt = g_date_time_new_from_iso8601 (text, tz);

  if (dt == NULL)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "“%s” is not a date (YYYY-MM-DD) or a time (YYYY-MM-DDTHH:MM:SSZ) for %s.", text, what);
      return NULL;
    }
  utc = g_date_time_to_utc (dt);
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                          g_date_time_get_year (utc), g_date_time_get_month (utc),
                          g_date_time_get_day_of_month (utc), g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc), g_date_time_get_second (utc),
                          g_date_time_get_microsecond (utc) / 1000);
}

/* Ids of the live documents the full-text query finds. */
static GPtrArray *
documents_matching (GlossStore *store,
                    const char *query,
                    GError    **error)
{
  g_autoptr(GPtrArray) hits = gloss_store_search (store, query, 0, error);
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GHashTable) seen = NULL;

  if (hits == NULL)
    return NULL;
  ids = g_ptr_array_new_with_free_func (g_free);
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < hits->len; i++)
    {
      GlossSearchHit *hit = hits->pdata[i];

      if (g_hash_table_add (seen, hit->document_id))
        g_ptr_array_add (ids, g_strdup (hit->document_id));
    }
  return g_steal_pointer (&ids);
}

void
gloss_scope_sql_clear (GlossScopeSql *sql)
{
  g_clear_pointer (&sql->document_ids, g_free);
  g_clear_pointer (&sql->label_ids, g_free);
  g_clear_pointer (&sql->annotators, g_free);
  g_clear_pointer (&sql->since, g_free);
  g_clear_pointer (&sql->until, g_free);
}

gboolean
gloss_scope_sql_init (GlossStore       *store,
                      const GlossScope *scope,
                      GlossScopeSql    *sql,
                      GError          **error)
{
  memset (sql, 0, sizeof *sql);
  if (scope == NULL)
    return TRUE;

  if (scope->document_ids != NULL || scope->query != NULL)
    {
      g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; scope->document_ids && scope->document_ids[i]; i++)
        {
          if (gloss_store_document_pk (store, scope->document_ids[i]) == 0)
            {
              g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                           "There is no document with id %s.", scope->document_ids[i]);
              return FALSE;
            }
          g_ptr_array_add (ids, g_strdup (scope->document_ids[i]));
        }
      if (scope->query != NULL)
        {
          g_autoptr(GPtrArray) found = documents_matching (store, scope->query, error);

          if (found == NULL)
            return FALSE;
          if (scope->document_ids != NULL)
            {
              /* Both given: the documents named that the query also finds. */
              g_autoptr(GPtrArray) both = g_ptr_array_new_with_free_func (g_free);

              for (guint i = 0; i < ids->len; i++)
                for (guint j = 0; j < found->len; j++)
                  if (g_str_equal (ids->pdata[i], found->pdata[j]))
                    {
                      g_ptr_array_add (both, g_strdup (ids->pdata[i]));
                      break;
                    }
              g_ptr_array_unref (ids);
              ids = g_steal_pointer (&both);
            }
          else
            {
              g_ptr_array_unref (ids);
              ids = g_steal_pointer (&found);
            }
        }
      g_ptr_array_add (ids, NULL);
      sql->document_ids = strv_to_json ((const char * const *) ids->pdata);
    }

  if (scope->label_names != NULL)
    {
      g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; scope->label_names[i]; i++)
        {
          g_autoptr(GlossLabel) label = gloss_store_find_label_by_name (store, scope->label_names[i], error);

          if (label == NULL)
            {
              gloss_scope_sql_clear (sql);
              return FALSE;
            }
          g_ptr_array_add (ids, g_strdup (label->id));
        }
      g_ptr_array_add (ids, NULL);
      sql->label_ids = strv_to_json ((const char * const *) ids->pdata);
    }

  if (scope->annotators != NULL)
    sql->annotators = strv_to_json ((const char * const *) scope->annotators);

  if (scope->since != NULL && (sql->since = time_bound (scope->since, FALSE, "--since", error)) == NULL)
    {
      gloss_scope_sql_clear (sql);
      return FALSE;
    }
  if (scope->until != NULL && (sql->until = time_bound (scope->until, TRUE, "--until", error)) == NULL)
    {
      gloss_scope_sql_clear (sql);
      return FALSE;
    }
  return TRUE;
}

gboolean
gloss_scope_validate (GlossStore       *store,
                      const GlossScope *scope,
                      GError          **error)
{
  GlossScopeSql sql;

  if (!gloss_scope_sql_init (store, scope, &sql, error))
    return FALSE;
  gloss_scope_sql_clear (&sql);
  return TRUE;
}

static gboolean
json_list_contains (const char *json_list,
                    const char *value)
{
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;

  if (json_list == NULL)
    return TRUE;
  root = gloss_json_parse_text (json_list, JSON_NODE_ARRAY, NULL);
  if (root == NULL)
    return FALSE;
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

GPtrArray *
gloss_scope_list_documents (GlossStore       *store,
                            const GlossScope *scope,
                            gboolean          with_text,
                            GError          **error)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_document_free);
  GlossScopeSql sql;

  if (!gloss_scope_sql_init (store, scope, &sql, error))
    return NULL;
  all = gloss_store_list_documents (store, error);
  if (all == NULL)
    {
      gloss_scope_sql_clear (&sql);
      return NULL;
    }
  for (guint i = 0; i < all->len; i++)
    {
      GlossDocument *doc = all->pdata[i];

      if (!json_list_contains (sql.document_ids, doc->id))
        continue;
      if (with_text)
        {
          GlossDocument *full = gloss_store_get_document (store, doc->id, error);

          if (full == NULL)
            {
              gloss_scope_sql_clear (&sql);
              return NULL;
            }
          g_ptr_array_add (out, full);
        }
      else
        g_ptr_array_add (out, gloss_document_copy (doc));
    }
  gloss_scope_sql_clear (&sql);
  return g_steal_pointer (&out);
}

GPtrArray *
gloss_scope_list_labels (GlossStore       *store,
                         const GlossScope *scope,
                         GError          **error)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_label_free);
  GlossScopeSql sql;

  if (!gloss_scope_sql_init (store, scope, &sql, error))
    return NULL;
  all = gloss_store_list_labels (store, error);
  if (all == NULL)
    {
      gloss_scope_sql_clear (&sql);
      return NULL;
    }
  for (guint i = 0; i < all->len; i++)
    if (json_list_contains (sql.label_ids, ((GlossLabel *) all->pdata[i])->id))
      g_ptr_array_add (out, gloss_label_copy (all->pdata[i]));
  gloss_scope_sql_clear (&sql);
  return g_steal_pointer (&out);
}

GPtrArray *
gloss_scope_sql_list_annotations (GlossStore          *store,
                                  const GlossScopeSql *sql,
                                  const char          *document_id,
                                  GError             **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_annotation_free);
  sqlite3_stmt *stmt;
  gint64 pk;
  int rc;

  g_return_val_if_fail (document_id != NULL, NULL);

  pk = gloss_store_document_pk (store, document_id);
  if (pk == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no document with id %s.", document_id);
      return NULL;
    }
  stmt = gloss_store_prepare (store,
      GLOSS_ANNOTATION_SELECT
      "WHERE a.document = ?1 AND a.deleted = 0 AND l.deleted = 0 "
      "AND (?2 IS NULL OR l.id IN (SELECT value FROM json_each (?2))) "
      "AND (?3 IS NULL OR p.name IN (SELECT value FROM json_each (?3))) "
      "AND (?4 IS NULL OR a.created >= ?4) "
      "AND (?5 IS NULL OR a.created < ?5) "
      "ORDER BY a.span_start, a.span_end, a.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, pk);
  sqlite3_bind_text (stmt, 2, sql ? sql->label_ids : NULL, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, sql ? sql->annotators : NULL, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, sql ? sql->since : NULL, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, sql ? sql->until : NULL, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, gloss_annotation_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (store, rc, "listing annotations", error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

GPtrArray *
gloss_scope_list_annotations (GlossStore       *store,
                              const GlossScope *scope,
                              const char       *document_id,
                              GError          **error)
{
  GlossScopeSql sql;
  GPtrArray *out;

  if (!gloss_scope_sql_init (store, scope, &sql, error))
    return NULL;
  out = gloss_scope_sql_list_annotations (store, &sql, document_id, error);
  gloss_scope_sql_clear (&sql);
  return out;
}

/* ------------------------------------------------------------------------- */
/* Sets                                                                       */

static void
add_strv_member (JsonBuilder *builder,
                 const char  *key,
                 char       **strv)
{
  if (strv == NULL)
    return;
  json_builder_set_member_name (builder, key);
  json_builder_begin_array (builder);
  for (guint i = 0; strv[i]; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *key,
                   const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, key);
  json_builder_add_string_value (builder, value);
}

char *
gloss_scope_to_json (const GlossScope *scope)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  if (scope != NULL)
    {
      add_strv_member (builder, "documents", scope->document_ids);
      add_strv_member (builder, "labels", scope->label_names);
      add_strv_member (builder, "annotators", scope->annotators);
      add_string_member (builder, "since", scope->since);
      add_string_member (builder, "until", scope->until);
      add_string_member (builder, "query", scope->query);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static gboolean
read_strv_member (JsonObject *obj,
                  const char *key,
                  char     ***out,
                  GError    **error)
{
  JsonNode *node = json_object_get_member (obj, key);
  JsonArray *array;
  g_autoptr(GStrvBuilder) builder = NULL;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "“%s” of a set must be a list.", key);
      return FALSE;
    }
  array = json_node_get_array (node);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "“%s” of a set must list strings.", key);
          return FALSE;
        }
      g_strv_builder_add (builder, json_node_get_string (item));
    }
  *out = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
read_string_member (JsonObject *obj,
                    const char *key,
                    char      **out,
                    GError    **error)
{
  JsonNode *node = json_object_get_member (obj, key);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "“%s” of a set must be a string.", key);
      return FALSE;
    }
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

GlossScope *
gloss_scope_from_json (const char *json,
                       GError    **error)
{
  g_autoptr(GlossScope) scope = gloss_scope_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = gloss_json_parse_text (json, JSON_NODE_OBJECT, &local_error);
  JsonObject *obj;

  /* Not read as "everything": a set exists to leave things out of an export. */
  if (root == NULL)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_CORRUPT,
                   "A saved set is not readable: %s", local_error->message);
      return NULL;
    }
  obj = json_node_get_object (root);
  if (!read_strv_member (obj, "documents", &scope->document_ids, error) ||
      !read_strv_member (obj, "labels", &scope->label_names, error) ||
      !read_strv_member (obj, "annotators", &scope->annotators, error) ||
      !read_string_member (obj, "since", &scope->since, error) ||
      !read_string_member (obj, "until", &scope->until, error) ||
      !read_string_member (obj, "query", &scope->query, error))
    return NULL;
  return g_steal_pointer (&scope);
}

void
gloss_set_free (GlossSet *set)
{
  if (set == NULL)
    return;
  g_free (set->id);
  g_free (set->name);
  gloss_scope_free (set->scope);
  g_free (set->created);
  g_free (set->modified);
  g_free (set);
}

GPtrArray *
gloss_set_list (GlossStore *store,
                GError    **error)
{
  g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_set_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = gloss_store_prepare (store,
      "SELECT id, name, definition, created, modified FROM sets WHERE deleted = 0 ORDER BY name COLLATE NOCASE, id",
      error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GlossSet) set = g_new0 (GlossSet, 1);

      set->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      set->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      set->scope = gloss_scope_from_json ((const char *) sqlite3_column_text (stmt, 2), error);
      set->created = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      set->modified = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      if (set->scope == NULL)
        {
          sqlite3_reset (stmt);
          g_prefix_error (error, "Set “%s”: ", set->name);
          return NULL;
        }
      g_ptr_array_add (sets, g_steal_pointer (&set));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (store, rc, "listing sets", error);
      return NULL;
    }
  return g_steal_pointer (&sets);
}

GlossSet *
gloss_set_find (GlossStore *store,
                const char *name_or_id,
                GError    **error)
{
  g_autoptr(GPtrArray) sets = gloss_set_list (store, error);
  g_autofree char *folded = NULL;

  if (sets == NULL)
    return NULL;
  folded = g_utf8_casefold (name_or_id, -1);
  for (guint i = 0; i < sets->len; i++)
    {
      GlossSet *set = sets->pdata[i];
      g_autofree char *f = g_utf8_casefold (set->name, -1);

      if (g_str_equal (f, folded) || g_str_equal (set->id, name_or_id))
        return g_ptr_array_steal_index (sets, i);
    }
  g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no set called “%s”.", name_or_id);
  return NULL;
}

GlossSet *
gloss_set_add (GlossStore       *store,
               const char       *name,
               const GlossScope *scope,
               GError          **error)
{
  g_autoptr(GlossSet) set = NULL;
  g_autoptr(GlossSet) existing = NULL;
  g_autofree char *now = NULL;
  g_autofree char *definition = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  if (name == NULL || !g_utf8_validate (name, -1, NULL) || name[strspn (name, " \t\n")] == '\0')
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "A set needs a name.");
      return NULL;
    }
  if (!gloss_scope_validate (store, scope, error))
    return NULL;
  if (!gloss_store_op_begin (store, error))
    return NULL;

  existing = gloss_set_find (store, name, NULL);
  if (existing != NULL)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE, "There is already a set called “%s”.", existing->name);
      gloss_store_op_end (store, FALSE, NULL);
      return NULL;
    }

  now = gloss_now_iso8601 ();
  definition = gloss_scope_to_json (scope);
  set = g_new0 (GlossSet, 1);
  set->id = gloss_uuid_new ();
  set->name = g_strstrip (g_strdup (name));
  set->scope = gloss_scope_copy (scope);
  set->created = g_strdup (now);
  set->modified = g_strdup (now);

  stmt = gloss_store_prepare (store,
      "INSERT INTO sets (id, name, definition, created, modified) VALUES (?1, ?2, ?3, ?4, ?4)", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, set->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, set->name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, definition, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          gloss_store_set_sqlite_error (store, sqlite3_errcode (gloss_store_get_db (store)), "saving a set", error);
          ok = FALSE;
        }
      sqlite3_reset (stmt);
    }
  if (ok)
    gloss_store_queue_change (store, GLOSS_CHANGE_PROJECT, NULL);
  if (!gloss_store_op_end (store, ok, ok ? error : NULL) || !ok)
    return NULL;
  return g_steal_pointer (&set);
}

gboolean
gloss_set_delete (GlossStore *store,
                  const char *id,
                  GError    **error)
{
  g_autofree char *now = gloss_now_iso8601 ();
  sqlite3_stmt *stmt;
  gboolean ok;

  if (!gloss_store_op_begin (store, error))
    return FALSE;
  stmt = gloss_store_prepare (store, "UPDATE sets SET deleted = 1, modified = ?2 WHERE id = ?1 AND deleted = 0", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      sqlite3_reset (stmt);
      if (!ok)
        gloss_store_set_sqlite_error (store, sqlite3_errcode (gloss_store_get_db (store)), "deleting a set", error);
      else if (sqlite3_changes (gloss_store_get_db (store)) == 0)
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no set with id %s.", id);
          ok = FALSE;
        }
    }
  if (ok)
    gloss_store_queue_change (store, GLOSS_CHANGE_PROJECT, NULL);
  return gloss_store_op_end (store, ok, ok ? error : NULL) && ok;
}

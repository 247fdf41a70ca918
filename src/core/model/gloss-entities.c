/* gloss-entities.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-entities"

#include "config.h"

#include <string.h>

#include "gloss-entities.h"
#include "gloss-history.h"
#include "gloss-matcher.h"
#include "gloss-tradecraft-private.h"

#define MAX_ENTITY_NAME 500

/* ------------------------------------------------------------------------- */
/* Names                                                                      */

char *
gloss_entity_match_key (const char *name)
{
  return gloss_match_key (name);
}

gboolean
gloss_entity_matches_key (const GlossEntity *entity,
                          const char        *key,
                          gboolean          *exact)
{
  g_autofree char *name_key = NULL;
  gboolean found, whole;

  g_return_val_if_fail (entity != NULL && key != NULL, FALSE);

  name_key = gloss_entity_match_key (entity->name);
  found = strstr (name_key, key) != NULL;
  whole = *key != '\0' && g_str_equal (name_key, key);
  for (guint i = 0; entity->aliases != NULL && entity->aliases[i] != NULL && !(found && (whole || exact == NULL)); i++)
    {
      g_autofree char *alias_key = gloss_entity_match_key (entity->aliases[i]);

      found = found || strstr (alias_key, key) != NULL;
      whole = whole || (*key != '\0' && g_str_equal (alias_key, key));
    }
  if (exact != NULL)
    *exact = whole;
  return found;
}

char *
gloss_aliases_to_json (char * const *aliases)
{
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonGenerator) gen = NULL;
  g_autoptr(JsonNode) root = NULL;

  /* The common case (a name tagged for the first time) without a builder or a
   * generator, not even made. */
  if (aliases == NULL || aliases[0] == NULL)
    return g_strdup ("[]");
  b = json_builder_new ();
  gen = json_generator_new ();
  json_builder_begin_array (b);
  for (guint i = 0; aliases && aliases[i]; i++)
    json_builder_add_string_value (b, aliases[i]);
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

char **
gloss_aliases_from_json (const char *json)
{
  /* Text that is blank, broken or not an array reads as no names (gloss_store_check()
   * reports it): a colleague's damaged file still opens and lists its entities. */
  g_autoptr(JsonNode) root = gloss_json_parse_text (json, JSON_NODE_ARRAY, NULL);
  g_autoptr(GStrvBuilder) out = g_strv_builder_new ();

  if (root != NULL)
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            g_strv_builder_add (out, json_node_get_string (node));
        }
    }
  return g_strv_builder_end (out);
}

/* Trims each alias, drops empty ones, ones that match the name, and repeats. */
static char **
clean_aliases (const char         *name,
               const char * const *aliases)
{
  g_autoptr(GStrvBuilder) out = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = NULL;

  /* No aliases (a tag adding a name): nothing to compare with the name's key. */
  if (aliases == NULL || aliases[0] == NULL)
    return g_strv_builder_end (out);
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (seen, gloss_entity_match_key (name));
  for (guint i = 0; aliases && aliases[i]; i++)
    {
      g_autofree char *alias = g_strstrip (g_strdup (aliases[i]));
      char *key;

      if (*alias == '\0')
        continue;
      key = gloss_entity_match_key (alias);
      if (*key == '\0' || !g_hash_table_add (seen, key))
        continue;
      g_strv_builder_add (out, alias);
    }
  return g_strv_builder_end (out);
}

static gboolean
check_text (const char *what,
            const char *value,
            gsize       max_chars,
            gboolean    required,
            GError    **error)
{
  if (value == NULL || *value == '\0')
    {
      if (!required)
        return TRUE;
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "An entity needs a %s.", what);
      return FALSE;
    }
  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "The entity's %s is not valid UTF-8.", what);
      return FALSE;
    }
  if (max_chars > 0 && (gsize) g_utf8_strlen (value, -1) > max_chars)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "The entity's %s is longer than %" G_GSIZE_FORMAT " characters.", what, max_chars);
      return FALSE;
    }
  for (const char *p = value; *p; p++)
    if ((guchar) *p < 0x20 && (max_chars > 0 || (*p != '\n' && *p != '\t')))
      {
        g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                     "The entity's %s contains a line break or control character.", what);
        return FALSE;
      }
  return TRUE;
}

/* ------------------------------------------------------------------------- */
/* Reading                                                                    */

#define ENTITY_COLUMNS \
  "SELECT e.id, e.name, l.id, l.name, e.aliases, e.description, e.external_ref, e.created, e.modified, " \
  "  (SELECT count(*) FROM annotations a JOIN documents d ON d.pk = a.document " \
  "   WHERE a.entity = e.pk AND a.deleted = 0 AND d.deleted = 0), " \
  "  (SELECT count(DISTINCT a.document) FROM annotations a JOIN documents d ON d.pk = a.document " \
  "   WHERE a.entity = e.pk AND a.deleted = 0 AND d.deleted = 0) "
#define ENTITY_SELECT ENTITY_COLUMNS "FROM entities e JOIN labels l ON l.pk = e.label "

static GlossEntity *
entity_from_row (sqlite3_stmt *stmt)
{
  GlossEntity *e = g_new0 (GlossEntity, 1);

  e->id = gloss_column_dup (stmt, 0);
  e->name = gloss_column_dup (stmt, 1);
  e->label_id = gloss_column_dup (stmt, 2);
  e->label_name = gloss_column_dup (stmt, 3);
  e->aliases = gloss_aliases_from_json ((const char *) sqlite3_column_text (stmt, 4));
  e->description = gloss_column_dup (stmt, 5);
  e->external_ref = gloss_column_dup (stmt, 6);
  e->created = gloss_column_dup (stmt, 7);
  e->modified = gloss_column_dup (stmt, 8);
  e->n_mentions = sqlite3_column_int64 (stmt, 9);
  e->n_documents = sqlite3_column_int64 (stmt, 10);
  return e;
}

GPtrArray *
gloss_store_list_entities (GlossStore *self,
                           const char *label_id,
                           GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_entity_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  stmt = gloss_store_prepare (self,
      ENTITY_SELECT "WHERE e.deleted = 0 AND (?1 IS NULL OR l.id = ?1) "
      "ORDER BY l.position, e.name COLLATE NOCASE, e.id", error);
  if (stmt == NULL)
    return NULL;
  gloss_bind_text (stmt, 1, label_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, entity_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (self, rc, "listing entities", error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

static GlossEntity *
get_entity (GlossStore *self,
            const char *id,
            gboolean    deleted,
            GError    **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self, ENTITY_SELECT "WHERE e.id = ?1 AND e.deleted = ?2", error);
  GlossEntity *e = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  gloss_bind_text (stmt, 1, id);
  sqlite3_bind_int (stmt, 2, deleted ? 1 : 0);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    e = entity_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                 deleted ? "There is no merged or deleted entity with id %s." : "There is no entity with id %s.",
                 id ? id : "");
  else
    gloss_store_set_sqlite_error (self, rc, "reading an entity", error);
  sqlite3_reset (stmt);
  return e;
}

GlossEntity *
gloss_store_get_entity (GlossStore *self,
                        const char *id,
                        GError    **error)
{
  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);
  return get_entity (self, id, FALSE, error);
}

/* Live entities whose match key of @kinds (a name or an alias; or the last word of the
 * name) is @key, of @label_id (any when NULL), except @except_id, in the register's
 * order. An indexed lookup in entity_keys: the register is never read whole. */
static GPtrArray *
entities_with_key (GlossStore *self,
                   const char *key,
                   gboolean    last_word,
                   const char *label_id,
                   const char *except_id,
                   GError    **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_entity_free);
  sqlite3_stmt *stmt;
  int rc;

  if (key == NULL || *key == '\0')
    return g_steal_pointer (&out);
  /* A join from the key's index, not "e.pk IN (SELECT ...)": SQLite would build and
   * free a temporary table for the subquery on every call. An entity whose name and
   * alias share a key comes twice, next to each other. */
  stmt = gloss_store_prepare (self,
      ENTITY_COLUMNS "FROM entity_keys k JOIN entities e ON e.pk = k.entity JOIN labels l ON l.pk = e.label "
      "WHERE k.key = ?1 AND (CASE WHEN ?2 THEN k.kind = 2 ELSE k.kind < 2 END) AND (?3 IS NULL OR l.id = ?3) "
      "AND e.deleted = 0 AND (?4 IS NULL OR e.id <> ?4) "
      "ORDER BY l.position, e.name COLLATE NOCASE, e.id", error);
  if (stmt == NULL)
    return NULL;
  gloss_bind_text (stmt, 1, key);
  sqlite3_bind_int (stmt, 2, last_word ? 1 : 0);
  gloss_bind_text (stmt, 3, label_id);
  gloss_bind_text (stmt, 4, except_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);

      if (out->len == 0 || g_strcmp0 (((GlossEntity *) out->pdata[out->len - 1])->id, id) != 0)
        g_ptr_array_add (out, entity_from_row (stmt));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (self, rc, "finding an entity", error);
      return NULL;
    }
  /* Entities a bulk import added whose keys are still in memory. */
  {
    const GArray *pks = gloss_store_entity_keys_deferred (self, key, last_word);

    for (guint i = 0; pks != NULL && i < pks->len; i++)
      {
        GlossEntity *e = NULL;

        stmt = gloss_store_prepare (self, ENTITY_SELECT "WHERE e.pk = ?1 AND e.deleted = 0", error);
        if (stmt == NULL)
          return NULL;
        sqlite3_bind_int64 (stmt, 1, g_array_index (pks, gint64, i));
        rc = sqlite3_step (stmt);
        if (rc == SQLITE_ROW)
          e = entity_from_row (stmt);
        sqlite3_reset (stmt);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
          {
            gloss_store_set_sqlite_error (self, rc, "finding an entity", error);
            return NULL;
          }
        if (e == NULL || (label_id != NULL && g_strcmp0 (e->label_id, label_id) != 0) ||
            (except_id != NULL && g_str_equal (e->id, except_id)))
          g_clear_pointer (&e, gloss_entity_free);
        else
          g_ptr_array_add (out, e);
      }
  }
  return g_steal_pointer (&out);
}

/* Entities of @label_id (any when NULL) matching @name, except @except_id. */
static GPtrArray *
matching_entities (GlossStore *self,
                   const char *name,
                   const char *label_id,
                   const char *except_id,
                   GError    **error)
{
  g_autofree char *key = gloss_entity_match_key (name);

  return entities_with_key (self, key, FALSE, label_id, except_id, error);
}

GlossEntity *
gloss_store_find_entity (GlossStore *self,
                         const char *name,
                         const char *label_id,
                         GError    **error)
{
  g_autoptr(GPtrArray) found = NULL;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  found = matching_entities (self, name, label_id, NULL, error);
  if (found == NULL)
    return NULL;
  if (found->len == 1)
    return gloss_entity_copy (found->pdata[0]);
  if (found->len == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                   "There is no entity called “%s”.", name ? name : "");
      return NULL;
    }
  {
    GString *list = g_string_new (NULL);

    for (guint i = 0; i < found->len; i++)
      {
        GlossEntity *e = found->pdata[i];
        g_string_append_printf (list, "%s%s (%s, %s)", i ? ", " : "", e->name, e->label_name, e->id);
      }
    g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                 "“%s” matches several entities: %s; give the id.", name, list->str);
    g_string_free (list, TRUE);
  }
  return NULL;
}

/**
 * gloss_store_find_entity_by_surname:
 *
 * A one-word mention ("Brandt") names the entity of @label_id whose name ends in
 * that word ("Sofia Brandt"), when exactly one does, as a reader takes a surname
 * after the full name. Accents, case and punctuation are ignored, as everywhere.
 *
 * Returns: (transfer full) (nullable): the entity, or %NULL (NOT_FOUND) when
 *   none or several end in it, or when @name is more than one word
 */
GlossEntity *
gloss_store_find_entity_by_surname (GlossStore *self,
                                    const char *name,
                                    const char *label_id,
                                    GError    **error)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *key = NULL;
  g_autofree char *trimmed = NULL;
  GlossEntity *found = NULL;
  guint n = 0;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  trimmed = g_strstrip (g_strdup (name ? name : ""));
  key = gloss_entity_match_key (trimmed);
  if (*key == '\0' || strpbrk (trimmed, " \t\n") != NULL)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                   "“%s” is not one word.", trimmed);
      return NULL;
    }
  all = entities_with_key (self, key, TRUE, label_id, NULL, error);
  if (all == NULL)
    return NULL;
  n = all->len;
  if (n == 1)
    found = all->pdata[0];
  if (n != 1)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                   n == 0 ? "No entity’s name ends in “%s”." : "Several entities’ names end in “%s”.",
                   trimmed);
      return NULL;
    }
  return gloss_entity_copy (found);
}

/* The pk of label @label_id for entity_ids_with_key(): 0 for any label (NULL), -1
 * when there is no such label (no entity then matches). */
static gint64
label_filter (GlossStore *self,
              const char *label_id)
{
  sqlite3_stmt *stmt;
  gint64 pk = -1;

  if (label_id == NULL)
    return 0;
  stmt = gloss_store_prepare (self, "SELECT pk FROM labels WHERE id = ?1", NULL);
  if (stmt == NULL)
    return -1;
  gloss_bind_text (stmt, 1, label_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    pk = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return pk;
}

/* Ids of the live entities of label @label_pk (any when 0, none when -1) whose key
 * of @kinds is @key, at most two (enough to tell one from several), without reading
 * the entities themselves: tagging asks this on every mention, and reading an entity
 * costs a parse of its aliases and a count of its mentions. The type is matched on
 * the keys' own copy of it, so no label is read. @first_pk (or NULL) gets the pk of
 * the first id found. */
static gboolean
entity_ids_with_key (GlossStore *self,
                     const char *key,
                     gboolean    last_word,
                     gint64      label_pk,
                     const char *except_id,
                     GPtrArray  *ids,
                     gint64     *first_pk,
                     GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (key == NULL || *key == '\0' || label_pk < 0)
    return TRUE;
  stmt = gloss_store_prepare (self,
      "SELECT e.pk, e.id FROM entity_keys k JOIN entities e ON e.pk = k.entity "
      "WHERE k.key = ?1 AND (CASE WHEN ?2 THEN k.kind = 2 ELSE k.kind < 2 END) AND (?3 = 0 OR k.label = ?3) "
      "AND e.deleted = 0 AND (?4 IS NULL OR e.id <> ?4)", error);
  if (stmt == NULL)
    return FALSE;
  gloss_bind_text (stmt, 1, key);
  sqlite3_bind_int (stmt, 2, last_word ? 1 : 0);
  sqlite3_bind_int64 (stmt, 3, label_pk);
  gloss_bind_text (stmt, 4, except_id);
  /* An entity whose name and alias share the key comes twice: counted once, in C
   * (DISTINCT would make SQLite build a temporary table on every call). */
  while (ids->len < 2 && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 1);

      if (ids->len == 0 && first_pk != NULL)
        *first_pk = sqlite3_column_int64 (stmt, 0);
      if (ids->len == 0 || g_strcmp0 (ids->pdata[0], id) != 0)
        g_ptr_array_add (ids, g_strdup (id));
    }
  if (ids->len == 2)
    rc = SQLITE_DONE;
  if (!gloss_store_finish_query (self, stmt, rc, "finding an entity", error))
    return FALSE;
  /* Entities a bulk import added whose keys are still in memory. */
  {
    const GArray *pks = gloss_store_entity_keys_deferred (self, key, last_word);

    for (guint i = 0; pks != NULL && i < pks->len && ids->len < 2; i++)
      {
        gint64 pk = g_array_index (pks, gint64, i);
        char *id = NULL;

        stmt = gloss_store_prepare (self,
            "SELECT id FROM entities WHERE pk = ?1 AND deleted = 0 AND (?2 = 0 OR label = ?2)", error);
        if (stmt == NULL)
          return FALSE;
        sqlite3_bind_int64 (stmt, 1, pk);
        sqlite3_bind_int64 (stmt, 2, label_pk);
        rc = sqlite3_step (stmt);
        if (rc == SQLITE_ROW)
          {
            id = gloss_column_dup (stmt, 0);
            rc = sqlite3_step (stmt);
          }
        if (!gloss_store_finish_query (self, stmt, rc, "finding an entity", error))
          {
            g_free (id);
            return FALSE;
          }
        if (id != NULL && (ids->len == 0 || !g_str_equal (ids->pdata[0], id)) &&
            (except_id == NULL || !g_str_equal (id, except_id)))
          {
            if (ids->len == 0 && first_pk != NULL)
              *first_pk = pk;
            g_ptr_array_add (ids, id);
          }
        else
          g_free (id);
      }
  }
  return TRUE;
}

/**
 * gloss_store_resolve_mention:
 * @mention: the text of a mention
 * @label_id: (nullable): the entity type (NULL: any)
 * @ambiguous: (out): set when several entities match, which leaves the mention unlinked
 *
 * The entity a mention names, as tagging links it: the one whose name or an alias
 * matches (see gloss_entity_match_key()), or else, for a one-word mention, the one
 * whose name ends in that word (gloss_store_find_entity_by_surname()). Two indexed
 * lookups in the match keys; no entity is read.
 *
 * Returns: (transfer full) (nullable): the entity's id; NULL without an error when
 *   none or several match
 */
char *
gloss_store_resolve_mention (GlossStore *self,
                             const char *mention,
                             const char *label_id,
                             gboolean   *ambiguous,
                             GError    **error)
{
  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  return gloss_store_resolve_mention_pk (self, mention, label_filter (self, label_id), ambiguous, NULL, error);
}

char *
gloss_store_resolve_mention_pk (GlossStore *self,
                                const char *mention,
                                gint64      label_pk,
                                gboolean   *ambiguous,
                                gint64     *pk,
                                GError    **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *trimmed = NULL;
  g_autofree char *key = NULL;
  gint64 found = 0;

  *ambiguous = FALSE;
  if (pk != NULL)
    *pk = 0;
  trimmed = g_strstrip (g_strdup (mention ? mention : ""));
  key = gloss_entity_match_key (trimmed);
  if (!entity_ids_with_key (self, key, FALSE, label_pk, NULL, ids, &found, error))
    return NULL;
  if (ids->len > 1)
    {
      *ambiguous = TRUE;
      return NULL;
    }
  /* A surname after the full name ("Brandt" after "Sofia Brandt") is that person;
   * when several names end in it, the mention is new (as gloss_store_find_entity_by_surname()). */
  if (ids->len == 0 && *key != '\0' && strpbrk (trimmed, " \t\n") == NULL &&
      !entity_ids_with_key (self, key, TRUE, label_pk, NULL, ids, &found, error))
    return NULL;
  if (ids->len != 1)
    return NULL;
  if (pk != NULL)
    *pk = found;
  return g_strdup (ids->pdata[0]);
}

/**
 * gloss_store_find_entity_id:
 * @several: (out) (optional): set when several entities match
 *
 * What gloss_store_find_entity() finds, as an id, without reading the entity: for
 * work that asks once per entity of a register (an import, a merge).
 *
 * Returns: (transfer full) (nullable): the id of the one entity of @label_id whose
 *   name or an alias matches @name; NULL when none or several do
 */
char *
gloss_store_find_entity_id (GlossStore *self,
                            const char *name,
                            const char *label_id,
                            gboolean   *several,
                            GError    **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *key = NULL;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  if (several != NULL)
    *several = FALSE;
  key = gloss_entity_match_key (name);
  if (!entity_ids_with_key (self, key, FALSE, label_filter (self, label_id), NULL, ids, NULL, error))
    return NULL;
  if (several != NULL)
    *several = ids->len > 1;
  return ids->len == 1 ? g_strdup (ids->pdata[0]) : NULL;
}

/* ------------------------------------------------------------------------- */
/* Writing                                                                    */

static gboolean
check_entity_label (GlossStore *self,
                    const char *label_id,
                    gint64     *label_pk,
                    char      **label_name,
                    GError    **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self, "SELECT pk, kind, name FROM labels WHERE id = ?1 AND deleted = 0",
                                            error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  gloss_bind_text (stmt, 1, label_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), GLOSS_LABEL_KIND_ENTITY) != 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "“%s” is a %s label, not an entity type.", sqlite3_column_text (stmt, 2),
                   sqlite3_column_text (stmt, 1));
      sqlite3_reset (stmt);
      return FALSE;
    }
  if (rc == SQLITE_ROW)
    {
      *label_pk = sqlite3_column_int64 (stmt, 0);
      if (label_name != NULL)
        *label_name = gloss_column_dup (stmt, 2);
      sqlite3_reset (stmt);
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no label with id %s.", label_id);
  return gloss_store_finish_query (self, stmt, rc, "reading a label", error) && FALSE;
}

static gboolean
validate_entity (GlossStore        *self,
                 const GlossEntity *e,
                 gboolean           name_free,
                 gint64            *label_pk,
                 char             **label_name,
                 GError           **error)
{
  g_autoptr(GPtrArray) same = NULL;
  g_autofree char *key = NULL;

  if (!check_text ("name", e->name, MAX_ENTITY_NAME, TRUE, error) ||
      !check_text ("description", e->description, 0, FALSE, error) ||
      !check_text ("external reference", e->external_ref, 2000, FALSE, error))
    return FALSE;
  if (gloss_match_key_is_empty (e->name))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "“%s” is not an entity name: it has no letters or digits.", e->name);
      return FALSE;
    }
  for (guint i = 0; e->aliases && e->aliases[i]; i++)
    if (!check_text ("alias", e->aliases[i], MAX_ENTITY_NAME, TRUE, error))
      return FALSE;
  if (!check_entity_label (self, e->label_id, label_pk, label_name, error))
    return FALSE;
  if (name_free)
    return TRUE;
  key = gloss_entity_match_key (e->name);
  /* Ids first (an import asks this for every entity); the other entity is read only
   * to name it. */
  same = g_ptr_array_new_with_free_func (g_free);
  if (!entity_ids_with_key (self, key, FALSE, *label_pk, e->id, same, NULL, error))
    return FALSE;
  if (same->len > 0)
    {
      g_autoptr(GlossEntity) other = get_entity (self, same->pdata[0], FALSE, error);

      if (other == NULL)
        return FALSE;

      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE,
                   "There is already an entity “%s” (%s, %s); merge them or choose another name.",
                   other->name, other->label_name, other->id);
      return FALSE;
    }
  return TRUE;
}

/* Writes the row of @e, validated, of type @label_pk, with its match keys. */
static gboolean
write_entity_row (GlossStore        *self,
                  const GlossEntity *e,
                  gint64             label_pk,
                  gint64            *out_pk,
                  GError           **error)
{
  g_autofree char *aliases = NULL;
  sqlite3_stmt *stmt;
  gint64 pk;

  aliases = gloss_aliases_to_json (e->aliases);
  stmt = gloss_store_prepare (self,
      "INSERT INTO entities (id, name, label, aliases, description, external_ref, created, modified) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);
  if (stmt == NULL)
    return FALSE;
  gloss_bind_text (stmt, 1, e->id);
  gloss_bind_text (stmt, 2, e->name);
  sqlite3_bind_int64 (stmt, 3, label_pk);
  gloss_bind_text (stmt, 4, aliases);
  gloss_bind_text (stmt, 5, e->description);
  gloss_bind_text (stmt, 6, e->external_ref);
  gloss_bind_text (stmt, 7, e->created);
  gloss_bind_text (stmt, 8, e->modified);
  if (!gloss_store_step_done (self, stmt, "adding an entity", error))
    return FALSE;
  pk = sqlite3_last_insert_rowid (gloss_store_get_db (self));
  if (out_pk != NULL)
    *out_pk = pk;
  if (!gloss_store_entity_keys_add (self, pk, label_pk, e->name, (const char * const *) e->aliases, error))
    return FALSE;
  gloss_store_queue_change (self, GLOSS_CHANGE_ALL, NULL);
  return TRUE;
}

static gboolean
insert_entity_row (GlossStore        *self,
                   const GlossEntity *e,
                   gboolean           name_free,
                   GError           **error)
{
  gint64 label_pk = 0;

  return validate_entity (self, e, name_free, &label_pk, NULL, error) &&
         write_entity_row (self, e, label_pk, NULL, error);
}

gboolean
gloss_store_insert_entity_row (GlossStore        *self,
                               const GlossEntity *e,
                               GError           **error)
{
  return insert_entity_row (self, e, FALSE, error);
}

gboolean
gloss_store_insert_entity_row_name_free (GlossStore        *self,
                                         const GlossEntity *e,
                                         GError           **error)
{
  return insert_entity_row (self, e, TRUE, error);
}

static char *
empty_to_null (const char *s)
{
  char *copy;

  if (s == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (s));
  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

static GlossEntity *
add_entity (GlossStore         *self,
            const char         *name,
            const char         *label_id,
            const char * const *aliases,
            const char         *description,
            const char         *external_ref,
            gboolean            name_free,
            gint64             *pk,
            GError            **error)
{
  g_autoptr(GlossEntity) e = g_new0 (GlossEntity, 1);
  g_autofree char *now = gloss_now_iso8601 ();
  gint64 label_pk = 0;
  gboolean in_transaction, ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  e->id = gloss_uuid_new ();
  e->name = name ? g_strstrip (g_strdup (name)) : NULL;
  e->label_id = g_strdup (label_id);
  e->aliases = clean_aliases (e->name, aliases);
  e->description = empty_to_null (description);
  e->external_ref = empty_to_null (external_ref);
  e->created = g_strdup (now);
  e->modified = g_strdup (now);

  /* Inside a caller's transaction the name is checked before the unit of work
   * begins: a name refused has then written nothing, so the caller may go on without
   * it even when its units take no savepoint (a tag whose quote names no entity stays
   * unlinked). On its own, checked inside it, so that no other writer comes between. */
  in_transaction = gloss_store_get_db (self) != NULL && !sqlite3_get_autocommit (gloss_store_get_db (self));
  if (in_transaction &&
      (!gloss_store_check_writable (self, error) ||
       !validate_entity (self, e, name_free, &label_pk, &e->label_name, error)))
    return NULL;
  if (!gloss_store_op_begin (self, error))
    return NULL;
  ok = (in_transaction || validate_entity (self, e, name_free, &label_pk, &e->label_name, error)) &&
       write_entity_row (self, e, label_pk, pk, error) &&
       gloss_history_record_created (self, "entities", e->id, NULL, now, NULL, error);
  if (!gloss_store_op_end (self, ok, ok ? error : NULL) || !ok)
    return NULL;
  return g_steal_pointer (&e);
}

GlossEntity *
gloss_store_add_entity (GlossStore         *self,
                        const char         *name,
                        const char         *label_id,
                        const char * const *aliases,
                        const char         *description,
                        const char         *external_ref,
                        GError            **error)
{
  return add_entity (self, name, label_id, aliases, description, external_ref, FALSE, NULL, error);
}

GlossEntity *
gloss_store_add_entity_name_free (GlossStore *self,
                                  const char *name,
                                  const char *label_id,
                                  gint64     *pk,
                                  GError    **error)
{
  return add_entity (self, name, label_id, NULL, NULL, NULL, TRUE, pk, error);
}

/* Writes every column of a live (or, with @deleted, a tombstoned) entity. */
static gboolean
write_entity (GlossStore        *self,
              const GlossEntity *e,
              const char        *modified,
              GError           **error)
{
  g_autofree char *aliases = gloss_aliases_to_json (e->aliases);
  sqlite3_stmt *stmt;
  gint64 label_pk = 0;

  gint64 pk;
  g_autofree char *before = NULL;

  if (!validate_entity (self, e, FALSE, &label_pk, NULL, error))
    return FALSE;
  pk = gloss_store_entity_pk (self, e->id);
  before = gloss_history_snapshot (self, "entities", pk, 0);
  if (!gloss_store_entity_keys_forget (self, pk, error))
    return FALSE;
  stmt = gloss_store_prepare (self,
      "UPDATE entities SET name = ?2, label = ?3, aliases = ?4, description = ?5, external_ref = ?6, modified = ?7 "
      "WHERE id = ?1 AND deleted = 0", error);
  if (stmt == NULL)
    return FALSE;
  gloss_bind_text (stmt, 1, e->id);
  gloss_bind_text (stmt, 2, e->name);
  sqlite3_bind_int64 (stmt, 3, label_pk);
  gloss_bind_text (stmt, 4, aliases);
  gloss_bind_text (stmt, 5, e->description);
  gloss_bind_text (stmt, 6, e->external_ref);
  gloss_bind_text (stmt, 7, modified);
  if (!gloss_store_step_done (self, stmt, "changing an entity", error) ||
      !gloss_store_entity_keys_refresh (self, pk, error) ||
      !gloss_history_record (self, GLOSS_HISTORY_EDIT, "entities", pk, 0, before, NULL, error))
    return FALSE;
  gloss_store_queue_change (self, GLOSS_CHANGE_ALL, NULL);
  return TRUE;
}

gboolean
gloss_store_update_entity (GlossStore        *self,
                           const GlossEntity *entity,
                           GError           **error)
{
  g_autoptr(GlossEntity) old = NULL;
  g_autoptr(GlossEntity) clean = NULL;
  g_autofree char *now = gloss_now_iso8601 ();
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);
  g_return_val_if_fail (entity != NULL, FALSE);

  clean = gloss_entity_copy (entity);
  g_free (clean->name);
  clean->name = entity->name ? g_strstrip (g_strdup (entity->name)) : NULL;
  g_strfreev (clean->aliases);
  clean->aliases = clean_aliases (clean->name, (const char * const *) entity->aliases);
  g_free (clean->description);
  clean->description = empty_to_null (entity->description);
  g_free (clean->external_ref);
  clean->external_ref = empty_to_null (entity->external_ref);

  if (!gloss_store_op_begin (self, error))
    return FALSE;
  old = gloss_store_get_entity (self, entity->id, error);
  ok = old != NULL;
  /* A type change must keep every mention's label equal to the entity's type. */
  if (ok && g_strcmp0 (old->label_id, clean->label_id) != 0 && old->n_mentions > 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_IN_USE,
                   "“%s” cannot change type while %" G_GINT64_FORMAT " annotations mention it as a %s.",
                   old->name, old->n_mentions, old->label_name);
      ok = FALSE;
    }
  ok = ok && write_entity (self, clean, now, error);
  return gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
}

gboolean
gloss_store_rename_entity (GlossStore *self,
                           const char *id,
                           const char *name,
                           GError    **error)
{
  g_autoptr(GlossEntity) e = gloss_store_get_entity (self, id, error);

  if (e == NULL)
    return FALSE;
  g_free (e->name);
  e->name = g_strdup (name);
  return gloss_store_update_entity (self, e, error);
}

gboolean
gloss_store_set_entity_aliases (GlossStore         *self,
                                const char         *id,
                                const char * const *aliases,
                                GError            **error)
{
  g_autoptr(GlossEntity) e = gloss_store_get_entity (self, id, error);

  if (e == NULL)
    return FALSE;
  g_strfreev (e->aliases);
  e->aliases = g_strdupv ((char **) aliases);
  if (e->aliases == NULL)
    e->aliases = g_new0 (char *, 1);
  return gloss_store_update_entity (self, e, error);
}

static gboolean set_entity_state (GlossStore *self, const char *id, gboolean deleted,
                                  gint64 merged_into, const char *modified, GError **error);

gboolean
gloss_store_delete_entity (GlossStore *self,
                           const char *id,
                           GError    **error)
{
  g_autoptr(GlossEntity) e = NULL;
  g_autofree char *now = gloss_now_iso8601 ();
  g_autofree char *before = NULL;
  sqlite3_stmt *stmt;
  gint64 pk = 0;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);

  if (!gloss_store_op_begin (self, error))
    return FALSE;
  e = gloss_store_get_entity (self, id, error);
  ok = e != NULL;
  if (ok && e->n_mentions > 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_IN_USE,
                   "“%s” is mentioned by %" G_GINT64_FORMAT " annotations; unlink or merge them first.",
                   e->name, e->n_mentions);
      ok = FALSE;
    }
  if (ok)
    {
      pk = gloss_store_entity_pk (self, id);
      before = gloss_history_snapshot (self, "entities", pk, 0);
      ok = gloss_store_entity_keys_forget (self, pk, error);
    }
  if (ok && (stmt = gloss_store_prepare (self,
                "UPDATE entities SET deleted = 1, modified = ?2 WHERE id = ?1", error)) != NULL)
    {
      gloss_bind_text (stmt, 1, id);
      gloss_bind_text (stmt, 2, now);
      ok = gloss_store_step_done (self, stmt, "deleting an entity", error) &&
           gloss_store_entity_keys_refresh (self, pk, error) &&
           gloss_history_record (self, GLOSS_HISTORY_DELETE, "entities", pk, 0, before, NULL, error);
    }
  else
    ok = FALSE;
  if (ok)
    gloss_store_queue_change (self, GLOSS_CHANGE_ALL, NULL);
  return gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
}

gboolean
gloss_store_restore_entity (GlossStore *self,
                            const char *id,
                            GError    **error)
{
  g_autofree char *now = gloss_now_iso8601 ();
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);

  if (!gloss_store_op_begin (self, error))
    return FALSE;
  {
    gint64 pk = 0, pk2 = 0;

    gloss_history_find_row (self, "entities", id, NULL, &pk, &pk2);
    ok = pk > 0;
  }
  if (!ok)
    g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "No entity has the id %s.", id);
  ok = ok && set_entity_state (self, id, FALSE, 0, now, error);
  if (ok)
    gloss_store_queue_change (self, GLOSS_CHANGE_ALL, NULL);
  return gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
}

/* ------------------------------------------------------------------------- */
/* Mentions                                                                   */

gboolean
gloss_store_write_annotation_entity (GlossStore *self,
                                     gint64      annotation_pk,
                                     gint64      entity_pk,
                                     GError    **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self, "UPDATE annotations SET entity = ?2 WHERE pk = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, annotation_pk);
  if (entity_pk > 0)
    sqlite3_bind_int64 (stmt, 2, entity_pk);
  else
    sqlite3_bind_null (stmt, 2);
  return gloss_store_step_done (self, stmt, "linking an annotation to an entity", error);
}

/**
 * gloss_store_link_created_annotation:
 *
 * Links an annotation created in the current transaction to an entity of its label,
 * as part of that creation: the annotation's creation in the history is the row as it
 * stands when the transaction commits (its first version is not stored apart), so
 * the link needs no history entry of its own, and undoing the creation undoes it.
 * For any other annotation use gloss_store_set_annotation_entity().
 */
gboolean
gloss_store_link_created_annotation (GlossStore *self,
                                     const char *annotation_id,
                                     const char *entity_id,
                                     GError    **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);
  g_return_val_if_fail (!sqlite3_get_autocommit (gloss_store_get_db (self)), FALSE);

  /* The entity's type must be the annotation's label; the join says so, and no row
   * changes otherwise. */
  stmt = gloss_store_prepare (self,
      "UPDATE annotations SET entity = (SELECT e.pk FROM entities e WHERE e.id = ?2 AND e.deleted = 0 "
      "                                 AND e.label = annotations.label) "
      "WHERE id = ?1 AND deleted = 0 AND entity IS NULL "
      "AND EXISTS (SELECT 1 FROM entities e WHERE e.id = ?2 AND e.deleted = 0 AND e.label = annotations.label)",
      error);
  if (stmt == NULL)
    return FALSE;
  gloss_bind_text (stmt, 1, annotation_id);
  gloss_bind_text (stmt, 2, entity_id);
  ok = gloss_store_step_done (self, stmt, "linking an annotation to an entity", error);
  if (ok && sqlite3_changes (gloss_store_get_db (self)) != 1)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "Annotation %s cannot be linked to entity %s.", annotation_id, entity_id);
      return FALSE;
    }
  return ok;
}

gboolean
gloss_store_set_annotation_entity (GlossStore *self,
                                   const char *annotation_id,
                                   const char *entity_id,
                                   GError    **error)
{
  g_autoptr(GlossAnnotation) a = NULL;
  g_autoptr(GlossEntity) e = NULL;
  g_autofree char *now = gloss_now_iso8601 ();
  g_autofree char *before = NULL;
  sqlite3_stmt *stmt;
  gint64 apk = 0, epk = 0;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);

  if (!gloss_store_op_begin (self, error))
    return FALSE;
  a = gloss_store_get_annotation (self, annotation_id, error);
  ok = a != NULL && (apk = gloss_store_annotation_pk (self, annotation_id)) != 0;
  if (a != NULL && apk == 0)
    g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                 "The document of annotation %s was deleted.", annotation_id);
  if (ok && entity_id != NULL)
    {
      e = gloss_store_get_entity (self, entity_id, error);
      ok = e != NULL;
      if (ok && g_strcmp0 (e->label_id, a->label_id) != 0)
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                       "“%s” is a %s but the annotation is a %s; only a %s annotation can mention it.",
                       e->name, e->label_name, a->label_name, e->label_name);
          ok = FALSE;
        }
      if (ok)
        epk = gloss_store_entity_pk (self, entity_id);
    }
  if (ok)
    before = gloss_history_snapshot (self, "annotations", apk, 0);
  ok = ok && gloss_store_write_annotation_entity (self, apk, epk, error);
  if (ok && (stmt = gloss_store_prepare (self, "UPDATE annotations SET modified = ?2 WHERE pk = ?1", error)) != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, apk);
      gloss_bind_text (stmt, 2, now);
      ok = gloss_store_step_done (self, stmt, "linking an annotation to an entity", error) &&
           gloss_history_record (self, GLOSS_HISTORY_EDIT, "annotations", apk, 0, before, NULL, error);
    }
  else
    ok = FALSE;
  if (ok)
    gloss_store_queue_change (self, GLOSS_CHANGE_ANNOTATIONS, a->document_id);
  return gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
}

GPtrArray *
gloss_store_list_mentions (GlossStore *self,
                           const char *entity_id,
                           GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_annotation_free);
  sqlite3_stmt *stmt;
  gint64 pk;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  pk = gloss_store_entity_pk (self, entity_id);
  if (pk == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no entity with id %s.", entity_id);
      return NULL;
    }
  stmt = gloss_store_prepare (self,
      GLOSS_ANNOTATION_SELECT "WHERE a.entity = ?1 AND a.deleted = 0 AND d.deleted = 0 "
      "ORDER BY a.document, a.span_start, a.span_end, a.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, pk);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, gloss_annotation_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (self, rc, "listing mentions", error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* ------------------------------------------------------------------------- */
/* Merge                                                                      */

void
gloss_entity_merge_free (GlossEntityMerge *merge)
{
  if (merge == NULL)
    return;
  g_free (merge->keep_id);
  g_free (merge->other_id);
  g_strfreev (merge->keep_aliases);
  g_free (merge->keep_description);
  g_free (merge->keep_external_ref);
  g_free (merge->keep_modified);
  g_strfreev (merge->annotation_ids);
  g_strfreev (merge->value_annotation_ids);
  g_strfreev (merge->value_field_ids);
  g_free (merge);
}

static gboolean
set_entity_state (GlossStore *self,
                  const char *id,
                  gboolean    deleted,
                  gint64      merged_into,
                  const char *modified,
                  GError    **error)
{
  gint64 pk = 0, pk2 = 0;
  g_autofree char *before = NULL;
  sqlite3_stmt *stmt;

  gloss_history_find_row (self, "entities", id, NULL, &pk, &pk2);
  before = gloss_history_snapshot (self, "entities", pk, 0);
  if (!gloss_store_entity_keys_forget (self, pk, error))
    return FALSE;
  stmt = gloss_store_prepare (self,
      "UPDATE entities SET deleted = ?2, merged_into = ?3, modified = ?4 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  gloss_bind_text (stmt, 1, id);
  sqlite3_bind_int (stmt, 2, deleted ? 1 : 0);
  if (merged_into > 0)
    sqlite3_bind_int64 (stmt, 3, merged_into);
  else
    sqlite3_bind_null (stmt, 3);
  gloss_bind_text (stmt, 4, modified);
  return gloss_store_step_done (self, stmt, "merging entities", error) &&
         gloss_store_entity_keys_refresh (self, pk, error) &&
         gloss_history_record (self, deleted ? GLOSS_HISTORY_DELETE : GLOSS_HISTORY_RESTORE, "entities",
                               pk, 0, before, NULL, error);
}

/* Ids of live annotations mentioning entity @pk, and of (annotation, field) pairs of
 * entity field values naming entity @id. */
static gboolean
collect_references (GlossStore *self,
                    gint64      pk,
                    const char *id,
                    char     ***annotation_ids,
                    char     ***value_annotation_ids,
                    char     ***value_field_ids,
                    GError    **error)
{
  g_autoptr(GStrvBuilder) a = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) va = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) vf = g_strv_builder_new ();
  sqlite3_stmt *stmt;
  int rc;

  stmt = gloss_store_prepare (self, "SELECT id FROM annotations WHERE entity = ?1 AND deleted = 0", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, pk);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (a, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (self, rc, "merging entities", error);
      return FALSE;
    }
  stmt = gloss_store_prepare (self,
      "SELECT a.id, f.id FROM field_values v JOIN label_fields f ON f.pk = v.field "
      "JOIN annotations a ON a.pk = v.annotation WHERE f.type = 'entity' AND v.value = ?1", error);
  if (stmt == NULL)
    return FALSE;
  gloss_bind_text (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_strv_builder_add (va, (const char *) sqlite3_column_text (stmt, 0));
      g_strv_builder_add (vf, (const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (self, rc, "merging entities", error);
      return FALSE;
    }
  *annotation_ids = g_strv_builder_end (a);
  *value_annotation_ids = g_strv_builder_end (va);
  *value_field_ids = g_strv_builder_end (vf);
  return TRUE;
}

/* Points annotations @ids at entity @pk, and entity values @va/@vf at @entity_id. */
static gboolean
move_references (GlossStore  *self,
                 char       **ids,
                 gint64       pk,
                 char       **va,
                 char       **vf,
                 const char  *entity_id,
                 const char  *now,
                 GError     **error)
{
  for (guint i = 0; ids[i]; i++)
    {
      gint64 apk = 0, unused = 0;
      g_autofree char *before = NULL;
      sqlite3_stmt *stmt;

      gloss_history_find_row (self, "annotations", ids[i], NULL, &apk, &unused);
      before = gloss_history_snapshot (self, "annotations", apk, 0);
      stmt = gloss_store_prepare (self, "UPDATE annotations SET entity = ?2, modified = ?3 WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      gloss_bind_text (stmt, 1, ids[i]);
      sqlite3_bind_int64 (stmt, 2, pk);
      gloss_bind_text (stmt, 3, now);
      if (!gloss_store_step_done (self, stmt, "moving mentions", error) ||
          !gloss_history_record (self, GLOSS_HISTORY_EDIT, "annotations", apk, 0, before, NULL, error))
        return FALSE;
    }
  for (guint i = 0; va[i] && vf[i]; i++)
    {
      sqlite3_stmt *stmt = gloss_store_prepare (self,
          "UPDATE field_values SET value = ?3, modified = ?4 "
          "WHERE annotation = (SELECT pk FROM annotations WHERE id = ?1) "
          "AND field = (SELECT pk FROM label_fields WHERE id = ?2)", error);

      if (stmt == NULL)
        return FALSE;
      gloss_bind_text (stmt, 1, va[i]);
      gloss_bind_text (stmt, 2, vf[i]);
      gloss_bind_text (stmt, 3, entity_id);
      gloss_bind_text (stmt, 4, now);
      if (!gloss_store_step_done (self, stmt, "moving entity references", error))
        return FALSE;
    }
  return TRUE;
}

GlossEntityMerge *
gloss_store_merge_entities (GlossStore *self,
                            const char *keep_id,
                            const char *other_id,
                            GError    **error)
{
  g_autoptr(GlossEntityMerge) merge = g_new0 (GlossEntityMerge, 1);
  g_autoptr(GlossEntity) keep = NULL;
  g_autoptr(GlossEntity) other = NULL;
  g_autoptr(GlossEntity) merged = NULL;
  g_autoptr(GStrvBuilder) aliases = g_strv_builder_new ();
  g_autofree char *now = gloss_now_iso8601 ();
  gint64 keep_pk, other_pk;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  if (g_strcmp0 (keep_id, other_id) == 0)
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "An entity cannot be merged into itself.");
      return NULL;
    }
  if (!gloss_store_op_begin (self, error))
    return NULL;
  keep = gloss_store_get_entity (self, keep_id, error);
  other = keep ? gloss_store_get_entity (self, other_id, error) : NULL;
  ok = keep != NULL && other != NULL;
  if (ok && g_strcmp0 (keep->label_id, other->label_id) != 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "“%s” is a %s and “%s” a %s: only entities of the same type can be merged.",
                   keep->name, keep->label_name, other->name, other->label_name);
      ok = FALSE;
    }
  if (!ok)
    {
      gloss_store_op_end (self, FALSE, NULL);
      return NULL;
    }
  keep_pk = gloss_store_entity_pk (self, keep_id);
  other_pk = gloss_store_entity_pk (self, other_id);

  merge->keep_id = g_strdup (keep->id);
  merge->other_id = g_strdup (other->id);
  merge->keep_aliases = g_strdupv (keep->aliases);
  merge->keep_description = g_strdup (keep->description);
  merge->keep_external_ref = g_strdup (keep->external_ref);
  merge->keep_modified = g_strdup (keep->modified);

  ok = collect_references (self, other_pk, other_id, &merge->annotation_ids,
                           &merge->value_annotation_ids, &merge->value_field_ids, error);
  /* The other must be out of the way before the kept one takes its names, or the
   * duplicate-name check would refuse them. */
  ok = ok && set_entity_state (self, other_id, TRUE, keep_pk, now, error);
  if (ok)
    {
      g_auto(GStrv) all = NULL;

      merged = gloss_entity_copy (keep);
      g_strv_builder_addv (aliases, (const char **) keep->aliases);
      g_strv_builder_add (aliases, other->name);
      g_strv_builder_addv (aliases, (const char **) other->aliases);
      all = g_strv_builder_end (aliases);
      g_strfreev (merged->aliases);
      merged->aliases = clean_aliases (keep->name, (const char * const *) all);
      if (merged->description == NULL)
        merged->description = g_strdup (other->description);
      if (merged->external_ref == NULL)
        merged->external_ref = g_strdup (other->external_ref);
      ok = write_entity (self, merged, now, error);
    }
  ok = ok && move_references (self, merge->annotation_ids, keep_pk, merge->value_annotation_ids,
                              merge->value_field_ids, keep_id, now, error);
  if (ok)
    gloss_store_queue_change (self, GLOSS_CHANGE_ALL, NULL);
  if (!gloss_store_op_end (self, ok, ok ? error : NULL) || !ok)
    return NULL;
  return g_steal_pointer (&merge);
}

gboolean
gloss_store_unmerge_entities (GlossStore             *self,
                              const GlossEntityMerge *merge,
                              GError                **error)
{
  g_autoptr(GlossEntity) keep = NULL;
  g_autoptr(GlossEntity) other = NULL;
  g_autofree char *now = gloss_now_iso8601 ();
  gint64 other_pk = 0;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);
  g_return_val_if_fail (merge != NULL, FALSE);

  if (!gloss_store_op_begin (self, error))
    return FALSE;
  keep = gloss_store_get_entity (self, merge->keep_id, error);
  other = keep ? get_entity (self, merge->other_id, TRUE, error) : NULL;
  ok = keep != NULL && other != NULL;
  /* The kept entity gives back the names it took, then the other comes back. */
  if (ok)
    {
      g_strfreev (keep->aliases);
      keep->aliases = g_strdupv (merge->keep_aliases);
      g_free (keep->description);
      keep->description = g_strdup (merge->keep_description);
      g_free (keep->external_ref);
      keep->external_ref = g_strdup (merge->keep_external_ref);
      ok = write_entity (self, keep, now, error);
    }
  ok = ok && set_entity_state (self, merge->other_id, FALSE, 0, now, error);
  if (ok)
    {
      other_pk = gloss_store_entity_pk (self, merge->other_id);
      ok = move_references (self, merge->annotation_ids, other_pk, merge->value_annotation_ids,
                            merge->value_field_ids, merge->other_id, now, error);
    }
  if (ok)
    gloss_store_queue_change (self, GLOSS_CHANGE_ALL, NULL);
  return gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
}

/* ------------------------------------------------------------------------- */
/* Annotate all mentions                                                      */

void
gloss_mention_free (GlossMention *mention)
{
  if (mention == NULL)
    return;
  g_free (mention->document_id);
  g_free (mention->document_title);
  g_free (mention->quote);
  g_free (mention->matched);
  g_free (mention->entity_id);
  g_free (mention);
}

/* One code point per position, lower-cased, without accents, every white space a
 * plain space: a match in this array is a match in the text at the same code point
 * offsets. */
static gunichar *
fold_ucs4 (const char *text,
           glong      *n)
{
  gunichar *u = g_utf8_to_ucs4_fast (text, -1, n);

  for (glong i = 0; i < *n; i++)
    {
      gunichar c = u[i];

      /* Typographic quotes and dashes match their plain forms ("Dockworkers’" is
       * found for "Dockworkers'"): one code point for one, so offsets still hold. */
      if (g_unichar_isspace (c))
        c = ' ';
      else if (c == 0x2018 || c == 0x2019 || c == 0x02bc || c == 0x2032)
        c = '\'';
      else if (c == 0x201c || c == 0x201d || c == 0x2033)
        c = '"';
      else if (c >= 0x2010 && c <= 0x2015)
        c = '-';
      else
        {
          /* A precomposed letter stands for its base letter ("ë" for "e"), as names
           * are matched without accents. */
          gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];

          if (g_unichar_fully_decompose (c, FALSE, decomposed, G_N_ELEMENTS (decomposed)) > 1)
            c = decomposed[0];
        }
      u[i] = g_unichar_tolower (c);
    }
  return u;
}

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

/* The names and aliases being looked for, folded, in one Aho-Corasick matcher: one
 * pass over a text finds every one of them, however many entities there are. */
typedef struct {
  gint64  pk;
  char   *id;
  gint64  label_pk;
} Target;

typedef struct {
  guint       target;       /* index in Patterns.targets */
  const char *text;         /* the name or alias as written (in Patterns.strings) */
} Owner;

typedef struct {
  GlossMatcher *matcher;
  GArray       *targets;    /* Target */
  GPtrArray    *owners;     /* per pattern: GArray of Owner */
  GStringChunk *strings;
} Patterns;

static void
target_clear (gpointer data)
{
  g_free (((Target *) data)->id);
}

static Patterns *
patterns_new (void)
{
  Patterns *p = g_new0 (Patterns, 1);

  p->matcher = gloss_matcher_new ();
  p->targets = g_array_new (FALSE, FALSE, sizeof (Target));
  g_array_set_clear_func (p->targets, target_clear);
  p->owners = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  p->strings = g_string_chunk_new (4096);
  return p;
}

static void
patterns_free (Patterns *p)
{
  gloss_matcher_free (p->matcher);
  g_array_unref (p->targets);
  g_ptr_array_unref (p->owners);
  g_string_chunk_free (p->strings);
  g_free (p);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Patterns, patterns_free)

static guint
patterns_add_target (Patterns   *p,
                     gint64      pk,
                     const char *id,
                     gint64      label_pk)
{
  Target t = { pk, g_strdup (id), label_pk };

  g_array_append_val (p->targets, t);
  return p->targets->len - 1;
}

/* One name or alias of target @target; a name that folds to nothing is skipped. */
static void
patterns_add_name (Patterns   *p,
                   guint       target,
                   const char *name)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name ? name : ""));
  g_autofree gunichar *needle = NULL;
  glong m = 0;
  guint pattern;
  GArray *owners;
  Owner owner;

  if (*trimmed == '\0' || !g_utf8_validate (trimmed, -1, NULL))
    return;
  needle = fold_ucs4 (trimmed, &m);
  if (m == 0)
    return;
  pattern = gloss_matcher_add (p->matcher, needle, m);
  if (pattern == p->owners->len)
    g_ptr_array_add (p->owners, g_array_new (FALSE, FALSE, sizeof (Owner)));
  owners = p->owners->pdata[pattern];
  /* A name and an alias that fold alike are one pattern: the first one names it. */
  for (guint i = 0; i < owners->len; i++)
    if (g_array_index (owners, Owner, i).target == target)
      return;
  owner.target = target;
  owner.text = g_string_chunk_insert_const (p->strings, name);
  g_array_append_val (owners, owner);
}

/* Spans of annotations of one label, sorted by start, with the greatest end so far:
 * whether [start, end) overlaps one of them is a binary search. */
typedef struct {
  gint64 start, end, max_end;
} Covered;

static int
compare_covered (gconstpointer a,
                 gconstpointer b)
{
  const Covered *x = a, *y = b;

  return x->start < y->start ? -1 : x->start > y->start;
}

static gboolean
is_covered (GArray *covered,
            gint64  start,
            gint64  end)
{
  guint lo = 0, hi;

  if (covered == NULL || covered->len == 0)
    return FALSE;
  /* The last span starting before @end: any span overlapping starts before it. */
  hi = covered->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (covered, Covered, mid).start < end)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo > 0 && g_array_index (covered, Covered, lo - 1).max_end > start;
}

/* label pk -> GArray of Covered, for the live annotations of a document. */
static GHashTable *
covered_spans (GlossStore *self,
               gint64      doc_pk,
               GError    **error)
{
  g_autoptr(GHashTable) by_label = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                          (GDestroyNotify) g_array_unref);
  sqlite3_stmt *stmt = gloss_store_prepare (self,
      "SELECT label, span_start, span_end FROM annotations WHERE document = ?1 AND deleted = 0", error);
  GHashTableIter iter;
  gpointer value;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, doc_pk);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 label = sqlite3_column_int64 (stmt, 0);
      Covered c = { sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 2), 0 };
      GArray *spans = g_hash_table_lookup (by_label, &label);

      if (spans == NULL)
        {
          spans = g_array_new (FALSE, FALSE, sizeof (Covered));
          g_hash_table_insert (by_label, g_memdup2 (&label, sizeof label), spans);
        }
      g_array_append_val (spans, c);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (self, rc, "finding mentions", error);
      return NULL;
    }
  g_hash_table_iter_init (&iter, by_label);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GArray *spans = value;
      gint64 max_end = G_MININT64;

      g_array_sort (spans, compare_covered);
      for (guint i = 0; i < spans->len; i++)
        {
          Covered *c = &g_array_index (spans, Covered, i);

          max_end = MAX (max_end, c->end);
          c->max_end = max_end;
        }
    }
  return g_steal_pointer (&by_label);
}

typedef struct {
  gint64 start, end;
  guint  pattern;
  const Owner *owner;
} Span;

static int
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const Span *x = a, *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end > y->end ? -1 : 1;   /* longer first */
  return 0;
}

typedef struct {
  const gunichar *text;
  gsize           n;
  GArray         *spans;
} Scan;

static gboolean
collect_span_cb (gsize    start,
                 gsize    end,
                 guint    pattern,
                 gpointer user_data)
{
  Scan *scan = user_data;
  const gunichar *text = scan->text;
  Span span = { start, end, pattern, NULL };

  /* Whole words: a name that starts (ends) with a letter does not start (end) inside a word. */
  if ((start > 0 && is_word_char (text[start - 1]) && is_word_char (text[start])) ||
      (end < scan->n && is_word_char (text[end]) && is_word_char (text[end - 1])))
    return TRUE;
  g_array_append_val (scan->spans, span);
  return TRUE;
}

/* Occurrences of @patterns in one document that no annotation of their entity's type
 * covers, the longer (then the earlier) kept where two overlap. A name or alias that
 * two entities share names neither: it is left out rather than guessed. */
static gboolean
find_in_document (GlossStore *self,
                  Patterns   *patterns,
                  const char *doc_id,
                  const char *title,
                  gint64      doc_pk,
                  GPtrArray  *out,
                  GError    **error)
{
  const GlossTextIndex *index = gloss_store_document_text (self, doc_pk, error);
  g_autoptr(GHashTable) covered = NULL;
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (Span));
  g_autofree gunichar *text = NULL;
  gint64 last_end = -1;
  glong n = 0;
  guint kept = 0;
  Scan scan;

  if (index == NULL)
    return FALSE;
  if (gloss_matcher_get_n_patterns (patterns->matcher) == 0)
    return TRUE;
  covered = covered_spans (self, doc_pk, error);
  if (covered == NULL)
    return FALSE;
  text = fold_ucs4 (gloss_text_index_get_text (index), &n);
  scan.text = text;
  scan.n = n;
  scan.spans = spans;
  gloss_matcher_scan (patterns->matcher, text, n, collect_span_cb, &scan);

  /* Each span's entity: the one owner of its pattern whose type does not cover it. */
  for (guint i = 0; i < spans->len; i++)
    {
      Span *s = &g_array_index (spans, Span, i);
      GArray *owners = patterns->owners->pdata[s->pattern];
      const Owner *found = NULL;
      gboolean ambiguous = FALSE;

      for (guint o = 0; o < owners->len && !ambiguous; o++)
        {
          const Owner *owner = &g_array_index (owners, Owner, o);
          gint64 label = g_array_index (patterns->targets, Target, owner->target).label_pk;

          if (is_covered (g_hash_table_lookup (covered, &label), s->start, s->end))
            continue;
          if (found != NULL)
            ambiguous = TRUE;
          found = owner;
        }
      if (found == NULL || ambiguous)
        continue;
      s->owner = found;
      g_array_index (spans, Span, kept++) = *s;
    }
  g_array_set_size (spans, kept);

  g_array_sort (spans, compare_spans);
  for (guint i = 0; i < spans->len; i++)
    {
      Span *s = &g_array_index (spans, Span, i);
      GlossMention *mention;

      if (s->start < last_end)
        continue;   /* overlaps a longer or earlier match */
      last_end = s->end;
      mention = g_new0 (GlossMention, 1);
      mention->document_id = g_strdup (doc_id);
      mention->document_title = g_strdup (title);
      mention->start = s->start;
      mention->end = s->end;
      mention->quote = gloss_text_index_slice (index, s->start, s->end);
      mention->matched = g_strdup (s->owner->text);
      mention->entity_id = g_strdup (g_array_index (patterns->targets, Target, s->owner->target).id);
      g_ptr_array_add (out, mention);
    }
  return TRUE;
}

static GPtrArray *
find_mentions (GlossStore *self,
               Patterns   *patterns,
               const char *document_id,
               GError    **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_mention_free);
  g_autoptr(GPtrArray) docs = NULL;

  if (document_id != NULL)
    {
      g_autoptr(GlossDocument) doc = gloss_store_get_document (self, document_id, error);

      if (doc == NULL)
        return NULL;
      docs = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_document_free);
      g_clear_pointer (&doc->text, g_free);
      g_ptr_array_add (docs, g_steal_pointer (&doc));
    }
  else if ((docs = gloss_store_list_documents (self, error)) == NULL)
    return NULL;

  for (guint i = 0; i < docs->len; i++)
    {
      GlossDocument *doc = docs->pdata[i];

      if (!find_in_document (self, patterns, doc->id, doc->title, gloss_store_document_pk (self, doc->id),
                             out, error))
        return NULL;
    }
  return g_steal_pointer (&out);
}

GPtrArray *
gloss_store_find_unannotated_mentions (GlossStore *self,
                                       const char *entity_id,
                                       const char *document_id,
                                       GError    **error)
{
  g_autoptr(Patterns) patterns = patterns_new ();
  g_autoptr(GlossEntity) e = NULL;
  guint target;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  e = gloss_store_get_entity (self, entity_id, error);
  if (e == NULL)
    return NULL;
  target = patterns_add_target (patterns, gloss_store_entity_pk (self, e->id), e->id,
                                gloss_store_label_pk (self, e->label_id));
  patterns_add_name (patterns, target, e->name);
  for (guint k = 0; e->aliases[k]; k++)
    patterns_add_name (patterns, target, e->aliases[k]);
  return find_mentions (self, patterns, document_id, error);
}

/**
 * gloss_store_find_all_unannotated_mentions:
 * @label_id: (nullable): only entities of this type
 * @document_id: (nullable): only in this document
 *
 * What gloss_store_find_unannotated_mentions() finds, for every live entity of the
 * register at once: the names and aliases come from the register's match keys and
 * are looked for together, in one pass over each text. A name or alias that two
 * entities share is not a mention of either (it is left for the analyst to decide).
 *
 * Returns: (transfer full) (element-type GlossMention): each with its entity_id
 */
GPtrArray *
gloss_store_find_all_unannotated_mentions (GlossStore *self,
                                           const char *label_id,
                                           const char *document_id,
                                           GError    **error)
{
  g_autoptr(Patterns) patterns = patterns_new ();
  sqlite3_stmt *stmt;
  gint64 last_pk = 0;
  guint target = 0;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  stmt = gloss_store_prepare (self,
      "SELECT k.entity, e.id, k.label, k.text FROM entity_keys k JOIN entities e ON e.pk = k.entity "
      "JOIN labels l ON l.pk = k.label WHERE k.kind IN (0, 1) AND e.deleted = 0 AND (?1 IS NULL OR l.id = ?1) "
      "ORDER BY k.entity, k.kind", error);
  if (stmt == NULL)
    return NULL;
  gloss_bind_text (stmt, 1, label_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 pk = sqlite3_column_int64 (stmt, 0);

      if (pk != last_pk)
        {
          target = patterns_add_target (patterns, pk, (const char *) sqlite3_column_text (stmt, 1),
                                        sqlite3_column_int64 (stmt, 2));
          last_pk = pk;
        }
      patterns_add_name (patterns, target, (const char *) sqlite3_column_text (stmt, 3));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (self, rc, "reading the entity register", error);
      return NULL;
    }
  return find_mentions (self, patterns, document_id, error);
}

/* An entity read once per batch, with its pk. */
typedef struct {
  GlossEntity *entity;
  gint64       pk;
} BatchEntity;

static void
batch_entity_free (gpointer data)
{
  BatchEntity *b = data;

  gloss_entity_free (b->entity);
  g_free (b);
}

/* The entity a mention goes to: @entity_id, or the mention's own when NULL. */
static const GlossEntity *
mention_entity (GlossStore   *self,
                GHashTable   *entities,
                const char   *entity_id,
                GlossMention *m,
                gint64       *pk,
                GError      **error)
{
  const char *id = entity_id != NULL ? entity_id : m->entity_id;
  BatchEntity *b;

  if (id == NULL)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "The mention at [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") of document %s names no entity.",
                   m->start, m->end, m->document_id);
      return NULL;
    }
  b = g_hash_table_lookup (entities, id);
  if (b == NULL)
    {
      GlossEntity *e = gloss_store_get_entity (self, id, error);

      if (e == NULL)
        return NULL;
      b = g_new0 (BatchEntity, 1);
      b->entity = e;
      b->pk = gloss_store_entity_pk (self, id);
      g_hash_table_insert (entities, g_strdup (id), b);
    }
  *pk = b->pk;
  return b->entity;
}

typedef struct {
  const GlossMention *mention;
  gint64              entity_pk;
  gboolean            linked;
} MentionLink;

/* The resolver of an accepted mention's annotation: its entity, known already, once
 * the text is found to be what was reviewed (a mention from a stale list is refused
 * before anything is written). */
static gint64
link_mention_cb (GlossStore *store,
                 const char *quote,
                 gint64      label_pk,
                 gpointer    data,
                 GError    **error)
{
  MentionLink *link = data;
  const GlossMention *m = link->mention;

  if (m->quote != NULL && g_strcmp0 (quote, m->quote) != 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "The text at [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") of document %s is “%s”, not “%s”.",
                   m->start, m->end, m->document_id, quote, m->quote);
      return -1;
    }
  link->linked = TRUE;
  return link->entity_pk;
}

GPtrArray *
gloss_store_annotate_mentions (GlossStore *self,
                               const char *entity_id,
                               GPtrArray  *mentions,
                               const char *annotator,
                               GError    **error)
{
  g_autoptr(GPtrArray) created = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_annotation_free);
  g_autoptr(GHashTable) entities = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, batch_entity_free);
  gboolean ok = TRUE;
  sqlite3 *db = gloss_store_get_db (self);

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);
  g_return_val_if_fail (mentions != NULL, NULL);

  /* All or nothing: on its own, one transaction whose annotations take no savepoint
   * each (SQLite would copy every page each one touches to a sub-journal); inside a
   * caller's transaction, one unit of it. */
  if (!(db != NULL && sqlite3_get_autocommit (db) ? gloss_store_begin_bulk (self, error)
                                                  : gloss_store_op_begin (self, error)))
    return NULL;
  /* An unknown entity is refused even when there is nothing to annotate. */
  if (entity_id != NULL)
    {
      gint64 pk;

      ok = mention_entity (self, entities, entity_id, NULL, &pk, error) != NULL;
    }
  for (guint i = 0; ok && i < mentions->len; i++)
    {
      GlossMention *m = mentions->pdata[i];
      g_autoptr(GlossAnnotation) a = NULL;
      const GlossEntity *e;
      MentionLink link = { m, 0, FALSE };

      e = mention_entity (self, entities, entity_id, m, &link.entity_pk, error);
      ok = e != NULL;
      /* The row is written once, linked (the resolver checks the text first). */
      if (ok)
        {
          a = gloss_store_add_annotation_resolving (self, m->document_id, e->label_id, m->start, m->end, NULL,
                                                    annotator, link_mention_cb, &link, error);
          ok = a != NULL;
        }
      /* The text is what was reviewed: a mention from a stale list is refused. */
      if (ok && m->quote != NULL && g_strcmp0 (a->quote, m->quote) != 0)
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                       "The text at [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") of document %s is “%s”, not “%s”.",
                       m->start, m->end, m->document_id, a->quote, m->quote);
          ok = FALSE;
        }
      if (ok && !link.linked)
        ok = gloss_store_write_annotation_entity (self, gloss_store_annotation_pk (self, a->id), link.entity_pk, error);
      if (ok)
        {
          a->entity_id = g_strdup (e->id);
          g_ptr_array_add (created, g_steal_pointer (&a));
        }
    }
  if (!gloss_store_op_end (self, ok, ok ? error : NULL) || !ok)
    return NULL;
  return g_steal_pointer (&created);
}

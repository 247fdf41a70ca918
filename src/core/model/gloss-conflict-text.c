/* gloss-conflict-text.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-conflicts"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "gloss-conflict-text.h"
#include "gloss-entities.h"
#include "gloss-fields.h"
#include "gloss-store-private.h"

/* One text column of the row @sql selects by ?1; NULL when none. */
static char *
lookup (GlossStore *store,
        const char *sql,
        const char *id)
{
  sqlite3_stmt *stmt = gloss_store_prepare (store, sql, NULL);
  char *text = NULL;

  if (stmt == NULL || id == NULL)
    return NULL;
  gloss_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = gloss_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return text;
}

static char *
annotation_title (GlossStore *store,
                  const char *annotation_id)
{
  g_autofree char *title = lookup (store,
      "SELECT '“' || a.quote || '” (' || l.name || ') in “' || d.title || '”' FROM annotations a "
      "JOIN labels l ON l.pk = a.label JOIN documents d ON d.pk = a.document WHERE a.id = ?1", annotation_id);

  return title ? g_strconcat ("annotation ", title, NULL) : g_strdup_printf ("annotation %s", annotation_id);
}

char *
gloss_conflict_row_title (GlossStore          *store,
                          const GlossConflict *c)
{
  const char *t = c->table;
  g_autofree char *name = NULL;

  if (g_str_equal (t, "annotations") || g_str_equal (t, "field_values"))
    return annotation_title (store, c->row_id);
  if (g_str_equal (t, "entities"))
    name = lookup (store, "SELECT '“' || e.name || '” (' || l.name || ')' FROM entities e "
                          "JOIN labels l ON l.pk = e.label WHERE e.id = ?1", c->row_id);
  else if (g_str_equal (t, "relations"))
    name = lookup (store, "SELECT '“' || s.quote || '” → “' || coalesce (g.quote, e.name) || '”' FROM relations r "
                          "JOIN annotations s ON s.pk = r.source LEFT JOIN annotations g ON g.pk = r.target "
                          "LEFT JOIN entities e ON e.pk = r.target_entity WHERE r.id = ?1", c->row_id);
  else if (g_str_equal (t, "documents"))
    name = lookup (store, "SELECT '“' || title || '”' FROM documents WHERE id = ?1", c->row_id);
  else if (g_str_equal (t, "labels"))
    name = lookup (store, "SELECT '“' || name || '”' FROM labels WHERE id = ?1", c->row_id);
  else if (g_str_equal (t, "label_fields"))
    name = lookup (store, "SELECT '“' || name || '”' FROM label_fields WHERE id = ?1", c->row_id);
  else if (g_str_equal (t, "relation_types"))
    name = lookup (store, "SELECT '“' || name || '”' FROM relation_types WHERE id = ?1", c->row_id);

  {
    static const char * const names[][2] = {
      { "entities", "entity" }, { "relations", "link" }, { "documents", "document" }, { "labels", "label" },
      { "label_fields", "field" }, { "relation_types", "link type" },
    };
    const char *kind = t;

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      if (g_str_equal (names[i][0], t))
        kind = names[i][1];
    return g_strdup_printf ("%s %s", kind, name ? name : c->row_id);
  }
}

char *
gloss_conflict_field_title (GlossStore          *store,
                            const GlossConflict *c)
{
  if (g_str_equal (c->table, "field_values"))
    {
      char *name = lookup (store, "SELECT name FROM label_fields WHERE id = ?1", c->sub_id);

      return name ? name : g_strdup ("field value");
    }
  if (g_str_equal (c->field, "deleted"))
    return g_strdup ("deletion");
  if (g_str_equal (c->field, "external_ref"))
    return g_strdup ("external reference");
  if (g_str_equal (c->field, "label"))
    return g_strdup (g_str_equal (c->table, "entities") ? "type" : "label");
  if (g_str_equal (c->table, "relations") && g_str_equal (c->field, "type"))
    return g_strdup ("link type");
  return g_strdup (c->field);
}

/* The table whose rows member @field of @table names, for showing a name. */
static const char *
named_table (const GlossConflict *c)
{
  const char *f = c->field;

  if (g_str_equal (f, "label"))
    return "labels";
  if (g_str_equal (f, "entity") || g_str_equal (f, "merged_into"))
    return "entities";
  if (g_str_equal (c->table, "relations") && g_str_equal (f, "type"))
    return "relation_types";
  if (g_str_equal (f, "source") || g_str_equal (f, "target"))
    return "annotations";
  if (g_str_equal (f, "document"))
    return "documents";
  return NULL;
}

char *
gloss_conflict_value_text (GlossStore          *store,
                           const GlossConflict *c,
                           const char          *value_json)
{
  g_autoptr(JsonNode) node = value_json ? json_from_string (value_json, NULL) : NULL;
  const char *table;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("(none)");
  if (JSON_NODE_HOLDS_ARRAY (node) && g_str_equal (c->field, "span"))
    {
      JsonArray *span = json_node_get_array (node);
      gint64 start = json_array_get_length (span) == 2 ? json_array_get_int_element (span, 0) : 0;
      gint64 end = json_array_get_length (span) == 2 ? json_array_get_int_element (span, 1) : 0;
      g_autofree char *doc = lookup (store, "SELECT document FROM annotations WHERE id = ?1", c->row_id);
      const GlossTextIndex *index = doc ? gloss_store_document_text (store, g_ascii_strtoll (doc, NULL, 10), NULL) : NULL;
      g_autofree char *quote = NULL;

      if (index && start >= 0 && end > start && end <= gloss_text_index_get_length (index))
        quote = gloss_text_index_slice (index, start, end);
      if (quote)
        return g_strdup_printf ("%" G_GINT64_FORMAT "–%" G_GINT64_FORMAT " “%s”", start, end, quote);
      return g_strdup_printf ("%" G_GINT64_FORMAT "–%" G_GINT64_FORMAT, start, end);
    }
  if (JSON_NODE_HOLDS_ARRAY (node) && g_str_equal (c->field, "label") &&
      json_array_get_length (json_node_get_array (node)) == 2)
    {
      /* An annotation's label and the entity it mentions. */
      JsonArray *pair = json_node_get_array (node);
      const char *label_id = json_node_get_string (json_array_get_element (pair, 0));
      const char *entity_id = JSON_NODE_HOLDS_VALUE (json_array_get_element (pair, 1))
                              ? json_node_get_string (json_array_get_element (pair, 1)) : NULL;
      g_autofree char *label = lookup (store, "SELECT name FROM labels WHERE id = ?1", label_id);
      g_autofree char *entity = lookup (store, "SELECT name FROM entities WHERE id = ?1", entity_id);

      if (entity != NULL)
        return g_strdup_printf ("%s: %s", label ? label : label_id, entity);
      return g_strdup (label ? label : label_id ? label_id : "(none)");
    }
  if (!JSON_NODE_HOLDS_VALUE (node))
    return json_to_string (node, FALSE);
  if (g_str_equal (c->field, "deleted") && json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup (json_node_get_int (node) ? "deleted" : "not deleted");
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return json_to_string (node, FALSE);

  table = named_table (c);
  if (table == NULL && g_str_equal (c->table, "field_values") && gloss_uuid_is_valid (json_node_get_string (node)))
    table = "entities";   /* an entity field */
  if (table != NULL)
    {
      static const char * const sql[][2] = {
        { "labels", "SELECT name FROM labels WHERE id = ?1" },
        { "entities", "SELECT name FROM entities WHERE id = ?1" },
        { "relation_types", "SELECT name FROM relation_types WHERE id = ?1" },
        { "annotations", "SELECT '“' || quote || '”' FROM annotations WHERE id = ?1" },
        { "documents", "SELECT '“' || title || '”' FROM documents WHERE id = ?1" },
      };
      for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
        if (g_str_equal (sql[i][0], table))
          {
            char *name = lookup (store, sql[i][1], json_node_get_string (node));

            if (name)
              return name;
          }
    }
  return g_strdup (json_node_get_string (node));
}

char *
gloss_conflict_describe (GlossStore          *store,
                         const GlossConflict *c)
{
  g_autofree char *row = gloss_conflict_row_title (store, c);
  g_autofree char *field = gloss_conflict_field_title (store, c);
  g_autofree char *mine = gloss_conflict_value_text (store, c, c->mine);
  g_autofree char *theirs = gloss_conflict_value_text (store, c, c->theirs);
  g_autofree char *base = c->base ? gloss_conflict_value_text (store, c, c->base) : NULL;

  return g_strdup_printf ("%s of %s: here %s%s%s%s, in %s %s%s%s%s; %s%s%s; keeps %s until settled",
                          field, row, mine, c->mine_who ? " (" : "", c->mine_who ? c->mine_who : "",
                          c->mine_who ? ")" : "", c->other_copy ? c->other_copy : "the other copy", theirs,
                          c->theirs_who ? " (" : "", c->theirs_who ? c->theirs_who : "", c->theirs_who ? ")" : "",
                          base ? "before both: " : "no common version", base ? base : "", "",
                          g_strcmp0 (c->kept, "theirs") == 0 ? theirs : mine);
}

static char *
string_json (const char *text)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

  if (text == NULL)
    return g_strdup ("null");
  json_node_set_string (node, text);
  return json_to_string (node, FALSE);
}

char *
gloss_conflict_value_from_text (GlossStore          *store,
                                const GlossConflict *c,
                                const char          *text,
                                GError             **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));
  g_autoptr(JsonNode) mine = c->mine ? json_from_string (c->mine, NULL) : NULL;
  const char *table = named_table (c);

  if (g_str_equal (c->field, "span"))
    {
      char *end = NULL;
      gint64 s = g_ascii_strtoll (stripped, &end, 10);
      gint64 e;

      if (end == stripped)
        goto invalid;
      while (*end == ' ' || *end == '-' || *end == ',' || (guchar) *end >= 0x80)
        end++;   /* "12-20", "12, 20", "12–20" */
      if (!g_ascii_isdigit (*end))
        goto invalid;
      e = g_ascii_strtoll (end, NULL, 10);
      if (s < 0 || e <= s)
        goto invalid;
      return g_strdup_printf ("[%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT "]", s, e);
    }

  if (g_str_equal (c->table, "field_values"))
    {
      g_autofree char *label_id = lookup (store,
          "SELECT l.id FROM annotations a JOIN labels l ON l.pk = a.label WHERE a.id = ?1", c->row_id);
      g_autoptr(GlossField) field = label_id ? gloss_store_find_field (store, label_id, c->sub_id, error) : NULL;
      g_autofree char *value = NULL;

      if (*stripped == '\0')
        return g_strdup ("null");
      if (field == NULL)
        {
          if (label_id == NULL)
            g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                         "The annotation of conflict %s is not in the project.", c->id);
          return NULL;
        }
      value = gloss_field_normalize_value (store, field, stripped, error);
      return value ? string_json (value) : NULL;
    }

  if (table != NULL && (g_str_equal (table, "labels") || g_str_equal (table, "entities")))
    {
      g_autofree char *id = NULL;

      if (*stripped == '\0' && g_str_equal (table, "entities"))
        return g_strdup ("null");
      if (g_str_equal (table, "labels"))
        id = lookup (store, "SELECT id FROM labels WHERE deleted = 0 AND (id = ?1 OR lower (name) = lower (?1)) "
                            "ORDER BY id = ?1 DESC, pk LIMIT 1", stripped);
      else
        id = lookup (store, "SELECT id FROM entities WHERE deleted = 0 AND (id = ?1 OR lower (name) = lower (?1)) "
                            "ORDER BY id = ?1 DESC, pk LIMIT 1", stripped);
      if (id == NULL)
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no %s “%s”.",
                       g_str_equal (table, "labels") ? "label" : "entity", stripped);
          return NULL;
        }
      if (g_str_equal (table, "labels") && g_str_equal (c->table, "annotations"))
        {
          /* An annotation's label goes with its entity: another label, no entity. */
          g_autofree char *label = string_json (id);

          return g_strdup_printf ("[%s,null]", label);
        }
      return string_json (id);
    }

  if (mine != NULL && JSON_NODE_HOLDS_VALUE (mine) && json_node_get_value_type (mine) == G_TYPE_INT64)
    {
      char *end = NULL;
      gint64 v = g_ascii_strtoll (stripped, &end, 10);

      if (end == stripped || *end != '\0')
        goto invalid;
      return g_strdup_printf ("%" G_GINT64_FORMAT, v);
    }
  /* Text: empty is none, as when a note is cleared. */
  return string_json (*text == '\0' ? NULL : text);

invalid:
  g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
               "“%s” is not a value for %s (a span is written as start-end).", text ? text : "", c->field);
  return NULL;
}

/* gloss-entity-key-rows.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which match keys an entity has (entity_keys, migration 7): computed from its name
 * and aliases alone, so that the migration (gloss-store.c), the upkeep on every write
 * (gloss-store-entity-keys.c) and the check agree.
 */
#define G_LOG_DOMAIN "gloss-store"

#include "config.h"

#include <string.h>

#include "gloss-entity-key-rows.h"
#include "gloss-util.h"


static void
key_row_clear (gpointer data)
{
  GlossKeyRow *row = data;

  g_free (row->text);
  g_free (row->key);
}

static void
add_row (GArray     *rows,
         int         kind,
         const char *text,
         char       *key)   /* (transfer full) */
{
  GlossKeyRow row;

  if (key == NULL || *key == '\0')
    {
      g_free (key);
      return;
    }
  /* The primary key is (entity, kind, text): a repeated alias is one row. */
  for (guint i = 0; i < rows->len; i++)
    {
      GlossKeyRow *r = &g_array_index (rows, GlossKeyRow, i);

      if (r->kind == kind && g_str_equal (r->text, text))
        {
          g_free (key);
          return;
        }
    }
  row.kind = kind;
  row.text = g_strdup (text);
  row.key = key;
  row.entity = 0;
  row.label = 0;
  g_array_append_val (rows, row);
}

static void
add_alias (GArray     *rows,
           const char *text)
{
  g_autofree char *alias = g_strstrip (g_strdup (text));

  if (g_utf8_validate (alias, -1, NULL))
    add_row (rows, GLOSS_ENTITY_KEY_ALIAS, alias, gloss_match_key (alias));
}

GArray *
gloss_entity_key_rows (const char         *name,
                      const char         *aliases_json,
                      const char * const *aliases)
{
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (GlossKeyRow));
  g_autofree char *trimmed = g_strstrip (g_strdup (name ? name : ""));
  g_autoptr(JsonNode) root = NULL;

  g_array_set_clear_func (rows, key_row_clear);
  if (!g_utf8_validate (trimmed, -1, NULL))
    return rows;
  add_row (rows, GLOSS_ENTITY_KEY_NAME, trimmed, gloss_match_key (trimmed));
  for (guint i = 0; aliases != NULL && aliases[i]; i++)
    add_alias (rows, aliases[i]);
  root = aliases == NULL ? gloss_json_parse_text (aliases_json, JSON_NODE_ARRAY, NULL) : NULL;
  if (root != NULL)
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            add_alias (rows, json_node_get_string (node));
        }
    }
  {
    const char *space = NULL;

    for (const char *p = trimmed; *p; p = g_utf8_next_char (p))
      if (g_unichar_isspace (g_utf8_get_char (p)))
        space = p;
    if (space != NULL)
      {
        g_autofree char *word = g_strstrip (g_strdup (space));

        add_row (rows, GLOSS_ENTITY_KEY_LAST_WORD, word, gloss_match_key (word));
      }
  }
  return rows;
}

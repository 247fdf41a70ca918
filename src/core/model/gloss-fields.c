/* gloss-fields.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-fields"

#include "config.h"

#include <math.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "gloss-entities.h"
#include "gloss-fields.h"
#include "gloss-history.h"
#include "gloss-store-private.h"

#define MAX_FIELD_NAME   100
#define MAX_TEXT_VALUE   10000
#define MAX_SCALE_POINTS 100

/* ------------------------------------------------------------------------- */
/* Options as JSON                                                            */

char *
gloss_field_options_to_json (GPtrArray *options)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  if (options == NULL || options->len == 0)
    return NULL;
  json_builder_begin_array (b);
  for (guint i = 0; i < options->len; i++)
    {
      GlossFieldOption *o = options->pdata[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "value");
      json_builder_add_string_value (b, o->value);
      json_builder_set_member_name (b, "label");
      if (o->label)
        json_builder_add_string_value (b, o->label);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "colour");
      if (o->colour)
        json_builder_add_string_value (b, o->colour);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static const char *
member_string (JsonObject *obj,
               const char *key)
{
  JsonNode *node = json_object_get_member (obj, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Reads an options array (from the project or a file). FALSE when it is not an array
 * of objects with a string "value". */
gboolean
gloss_field_options_from_node (JsonNode   *node,
                               GPtrArray  *options,
                               GError    **error)
{
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "“options” must be an array.");
      return FALSE;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonObject *obj;
      const char *value;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "options[%u] must be an object.", i);
          return FALSE;
        }
      obj = json_node_get_object (item);
      value = member_string (obj, "value");
      if (value == NULL)
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "options[%u] has no string “value”.", i);
          return FALSE;
        }
      g_ptr_array_add (options, gloss_field_option_new (value, member_string (obj, "label"),
                                                        member_string (obj, "colour")));
    }
  return TRUE;
}

static void
options_from_text (const char *text,
                   GPtrArray  *options)
{
  /* A project file is untrusted: options that are blank, do not parse or are not an
   * array are shown as none, and gloss_store_check() reports them. */
  g_autoptr(JsonNode) root = gloss_json_parse_text (text, JSON_NODE_ARRAY, NULL);

  if (root != NULL)
    gloss_field_options_from_node (root, options, NULL);
}

/* ------------------------------------------------------------------------- */
/* Definitions                                                                */

#define FIELD_COLUMNS \
  "f.id, l.id, f.name, f.type, f.options, f.min_value, f.max_value, f.required, f.description, f.position, " \
  "f.created, f.modified"

static GlossField *
gloss_field_from_row (sqlite3_stmt *stmt)
{
  GlossField *field = gloss_field_new ();

  field->id = gloss_column_dup (stmt, 0);
  field->label_id = gloss_column_dup (stmt, 1);
  field->name = gloss_column_dup (stmt, 2);
  field->type = gloss_column_dup (stmt, 3);
  options_from_text ((const char *) sqlite3_column_text (stmt, 4), field->options);
  field->has_min = sqlite3_column_type (stmt, 5) != SQLITE_NULL;
  field->min = sqlite3_column_double (stmt, 5);
  field->has_max = sqlite3_column_type (stmt, 6) != SQLITE_NULL;
  field->max = sqlite3_column_double (stmt, 6);
  field->required = sqlite3_column_int (stmt, 7) != 0;
  field->description = gloss_column_dup (stmt, 8);
  field->position = sqlite3_column_int (stmt, 9);
  field->created = gloss_column_dup (stmt, 10);
  field->modified = gloss_column_dup (stmt, 11);
  return field;
}

/* Without floor() and fabs(), so the core does not need libm. */
GlossField *
gloss_store_get_field_by_pk (GlossStore *self,
                             gint64      pk)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self,
      "SELECT " FIELD_COLUMNS " FROM label_fields f JOIN labels l ON l.pk = f.label WHERE f.pk = ?1", NULL);
  GlossField *field = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, pk);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    field = gloss_field_from_row (stmt);
  sqlite3_reset (stmt);
  return field;
}

static gboolean
is_integral (double v)
{
  return isfinite (v) && v > -1e9 && v < 1e9 && (double) (gint64) v == v;
}

static char *
option_list (const GlossField *field)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < field->options->len; i++)
    {
      GlossFieldOption *o = field->options->pdata[i];

      if (i > 0)
        g_string_append (out, i + 1 == field->options->len ? " or " : ", ");
      g_string_append (out, o->value);
    }
  return g_string_free (out, FALSE);
}

gboolean
gloss_field_validate_definition (const GlossField *field,
                                 GError          **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *stripped = NULL;
  const char *name = field->name ? field->name : "";

  if (field->name == NULL || !g_utf8_validate (field->name, -1, NULL) ||
      *(stripped = g_strstrip (g_strdup (field->name))) == '\0')
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "A field needs a name.");
      return FALSE;
    }
  if (g_utf8_strlen (field->name, -1) > MAX_FIELD_NAME || strpbrk (field->name, "=\t\n\r") != NULL)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "“%s” is not a field name: at most %d characters, without “=”, tabs or line breaks.",
                   name, MAX_FIELD_NAME);
      return FALSE;
    }
  if (!gloss_field_type_is_valid (field->type))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "%s: “%s” is not a field type; use choice, text, number, scale, date, boolean or entity.",
                   name, field->type ? field->type : "");
      return FALSE;
    }
  if (field->description != NULL && !g_utf8_validate (field->description, -1, NULL))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "%s: the description is not valid UTF-8.", name);
      return FALSE;
    }

  for (guint i = 0; field->options && i < field->options->len; i++)
    {
      GlossFieldOption *o = field->options->pdata[i];
      g_autofree char *folded = NULL;

      if (o->value == NULL || !g_utf8_validate (o->value, -1, NULL) || *o->value == '\0' ||
          (o->label != NULL && !g_utf8_validate (o->label, -1, NULL)))
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "%s: option %u has no value.", name, i + 1);
          return FALSE;
        }
      if (o->colour != NULL && !gloss_colour_is_valid (o->colour))
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                       "%s: option “%s”: “%s” is not a colour; write it as #RRGGBB.", name, o->value, o->colour);
          return FALSE;
        }
      folded = g_utf8_casefold (o->value, -1);
      if (!g_hash_table_add (seen, g_steal_pointer (&folded)))
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE,
                       "%s: the option “%s” is there twice.", name, o->value);
          return FALSE;
        }
    }

  if (g_str_equal (field->type, GLOSS_FIELD_TYPE_CHOICE))
    {
      if (field->options == NULL || field->options->len == 0)
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "%s: a choice field needs options.", name);
          return FALSE;
        }
    }
  else if (g_str_equal (field->type, GLOSS_FIELD_TYPE_SCALE))
    {
      if (!field->has_min || !field->has_max || !is_integral (field->min) || !is_integral (field->max) ||
          field->min >= field->max || field->max - field->min > MAX_SCALE_POINTS)
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                       "%s: a scale needs a whole-number minimum and maximum, the minimum below the maximum "
                       "(at most %d steps).", name, MAX_SCALE_POINTS);
          return FALSE;
        }
      for (guint i = 0; i < field->options->len; i++)
        {
          GlossFieldOption *o = field->options->pdata[i];
          gint64 v;

          if (!g_ascii_string_to_signed (o->value, 10, (gint64) field->min, (gint64) field->max, &v, NULL))
            {
              g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                           "%s: the scale point “%s” is not a whole number from %g to %g.",
                           name, o->value, field->min, field->max);
              return FALSE;
            }
        }
    }
  else
    {
      if (field->options != NULL && field->options->len > 0)
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                       "%s: only choice and scale fields have options.", name);
          return FALSE;
        }
      if (g_str_equal (field->type, GLOSS_FIELD_TYPE_NUMBER))
        {
          if ((field->has_min && !isfinite (field->min)) || (field->has_max && !isfinite (field->max)) ||
              (field->has_min && field->has_max && field->min > field->max))
            {
              g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                           "%s: the minimum is above the maximum.", name);
              return FALSE;
            }
        }
      else if (field->has_min || field->has_max)
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                       "%s: only number and scale fields have a minimum and maximum.", name);
          return FALSE;
        }
    }
  return TRUE;
}

GPtrArray *
gloss_store_list_fields (GlossStore *self,
                         const char *label_id,
                         GError    **error)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_field_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  if (gloss_store_label_pk (self, label_id) == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no label with id %s.", label_id);
      return NULL;
    }
  stmt = gloss_store_prepare (self,
      "SELECT " FIELD_COLUMNS " FROM label_fields f JOIN labels l ON l.pk = f.label "
      "WHERE l.id = ?1 AND f.deleted = 0 ORDER BY f.position, f.name, f.id", error);
  if (stmt == NULL)
    return NULL;
  gloss_bind_text (stmt, 1, label_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (fields, gloss_field_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (self, rc, "listing fields", error);
      return NULL;
    }
  return g_steal_pointer (&fields);
}

GlossField *
gloss_store_find_field (GlossStore *self,
                        const char *label_id,
                        const char *name_or_id,
                        GError    **error)
{
  g_autoptr(GPtrArray) fields = NULL;
  g_autofree char *folded = NULL;
  g_autoptr(GlossLabel) label = NULL;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  fields = gloss_store_list_fields (self, label_id, error);
  if (fields == NULL)
    return NULL;
  folded = g_utf8_casefold (name_or_id ? name_or_id : "", -1);
  for (guint i = 0; i < fields->len; i++)
    {
      GlossField *field = fields->pdata[i];
      g_autofree char *f = g_utf8_casefold (field->name, -1);

      if (g_str_equal (f, folded) || g_strcmp0 (field->id, name_or_id) == 0)
        return gloss_field_copy (field);
    }
  label = gloss_store_get_label (self, label_id, NULL);
  if (fields->len == 0)
    g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                 "The label “%s” has no fields, so it has no field “%s”.",
                 label ? label->name : label_id, name_or_id ? name_or_id : "");
  else
    {
      GString *names = g_string_new (NULL);

      for (guint i = 0; i < fields->len; i++)
        g_string_append_printf (names, "%s%s", i ? ", " : "", ((GlossField *) fields->pdata[i])->name);
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                   "The label “%s” has no field “%s” (its fields are %s).",
                   label ? label->name : label_id, name_or_id ? name_or_id : "", names->str);
      g_string_free (names, TRUE);
    }
  return NULL;
}

/* The same name twice on one label would make --field NAME=VALUE ambiguous. */
static gboolean
check_unique_name (GlossStore       *self,
                   const GlossField *field,
                   GError          **error)
{
  g_autoptr(GPtrArray) fields = gloss_store_list_fields (self, field->label_id, error);
  g_autofree char *folded = NULL;

  if (fields == NULL)
    return FALSE;
  folded = g_utf8_casefold (field->name, -1);
  for (guint i = 0; i < fields->len; i++)
    {
      GlossField *other = fields->pdata[i];
      g_autofree char *f = g_utf8_casefold (other->name, -1);

      if (g_strcmp0 (other->id, field->id) != 0 && g_str_equal (f, folded))
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE,
                       "The label already has a field called “%s”.", other->name);
          return FALSE;
        }
    }
  return TRUE;
}

static void
bind_range (sqlite3_stmt     *stmt,
            int               i,
            gboolean          has,
            double            v)
{
  if (has)
    sqlite3_bind_double (stmt, i, v);
  else
    sqlite3_bind_null (stmt, i);
}

gboolean
gloss_store_insert_field_row (GlossStore       *self,
                              const GlossField *field,
                              gint64            label_pk,
                              GError          **error)
{
  g_autofree char *options = NULL;
  sqlite3_stmt *stmt;

  if (!gloss_field_validate_definition (field, error) || !check_unique_name (self, field, error))
    return FALSE;
  options = gloss_field_options_to_json (field->options);
  stmt = gloss_store_prepare (self,
      "INSERT INTO label_fields (id, label, name, type, options, min_value, max_value, required, description, "
      "                          position, created, modified) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", error);
  if (stmt == NULL)
    return FALSE;
  gloss_bind_text (stmt, 1, field->id);
  sqlite3_bind_int64 (stmt, 2, label_pk);
  gloss_bind_text (stmt, 3, field->name);
  gloss_bind_text (stmt, 4, field->type);
  gloss_bind_text (stmt, 5, options);
  bind_range (stmt, 6, field->has_min, field->min);
  bind_range (stmt, 7, field->has_max, field->max);
  sqlite3_bind_int (stmt, 8, field->required ? 1 : 0);
  gloss_bind_text (stmt, 9, field->description);
  sqlite3_bind_int (stmt, 10, field->position);
  gloss_bind_text (stmt, 11, field->created);
  gloss_bind_text (stmt, 12, field->modified);
  if (!gloss_store_step_done (self, stmt, "adding a field", error))
    return FALSE;
  gloss_store_queue_change (self, GLOSS_CHANGE_LABELS, field->label_id);
  return TRUE;
}

static GlossField *
clean_copy (const GlossField *field)
{
  GlossField *clean = gloss_field_copy (field);

  if (clean->name)
    g_strstrip (clean->name);
  if (clean->description && *clean->description == '\0')
    g_clear_pointer (&clean->description, g_free);
  for (guint i = 0; i < clean->options->len; i++)
    {
      GlossFieldOption *o = clean->options->pdata[i];

      if (o->value)
        g_strstrip (o->value);
      if (o->label && *o->label == '\0')
        g_clear_pointer (&o->label, g_free);
      if (o->colour)
        {
          char *lower = g_ascii_strdown (o->colour, -1);
          g_free (o->colour);
          o->colour = lower;
        }
    }
  return clean;
}

GlossField *
gloss_store_add_field (GlossStore       *self,
                       const char       *label_id,
                       const GlossField *field,
                       GError          **error)
{
  g_autoptr(GlossField) clean = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autofree char *now = gloss_now_iso8601 ();
  gint64 label_pk;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  clean = clean_copy (field);
  g_free (clean->label_id);
  clean->label_id = g_strdup (label_id);
  if (clean->id == NULL)
    clean->id = gloss_uuid_new ();
  if (clean->created == NULL)
    clean->created = g_strdup (now);
  if (clean->modified == NULL)
    clean->modified = g_strdup (clean->created);

  if (!gloss_store_op_begin (self, error))
    return NULL;
  label_pk = gloss_store_label_pk (self, label_id);
  if (label_pk == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no label with id %s.", label_id);
      gloss_store_op_end (self, FALSE, NULL);
      return NULL;
    }
  if (!gloss_uuid_is_valid (clean->id) || gloss_store_id_exists (self, "label_fields", clean->id))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE,
                   "A field with id %s is already in the project (or the id is not a UUID).", clean->id);
      gloss_store_op_end (self, FALSE, NULL);
      return NULL;
    }
  fields = gloss_store_list_fields (self, label_id, error);
  ok = fields != NULL;
  if (ok)
    {
      clean->position = fields->len > 0 ? ((GlossField *) fields->pdata[fields->len - 1])->position + 1 : 0;
      ok = gloss_store_insert_field_row (self, clean, label_pk, error) &&
           gloss_history_record (self, GLOSS_HISTORY_CREATE, "label_fields",
                                 sqlite3_last_insert_rowid (gloss_store_get_db (self)), 0, NULL, NULL, error);
    }
  if (!gloss_store_op_end (self, ok, ok ? error : NULL) || !ok)
    return NULL;
  return g_steal_pointer (&clean);
}

static gint64
field_pk (GlossStore *self,
          const char *id,
          gint64     *n_values)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self,
      "SELECT f.pk, (SELECT count(*) FROM field_values v WHERE v.field = f.pk AND v.value IS NOT NULL) "
      "FROM label_fields f WHERE f.id = ?1 AND f.deleted = 0", NULL);
  gint64 pk = 0;

  if (stmt == NULL)
    return 0;
  gloss_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      pk = sqlite3_column_int64 (stmt, 0);
      if (n_values)
        *n_values = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  return pk;
}

gboolean
gloss_store_update_field (GlossStore       *self,
                          const GlossField *field,
                          GError          **error)
{
  g_autoptr(GlossField) clean = NULL;
  g_autoptr(GlossField) old = NULL;
  g_autofree char *now = gloss_now_iso8601 ();
  g_autofree char *options = NULL;
  g_autofree char *before = NULL;
  sqlite3_stmt *stmt;
  gint64 pk, n_values = 0;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);
  g_return_val_if_fail (field != NULL && field->id != NULL, FALSE);

  clean = clean_copy (field);
  if (!gloss_store_op_begin (self, error))
    return FALSE;
  pk = field_pk (self, clean->id, &n_values);
  stmt = pk ? gloss_store_prepare (self,
      "SELECT " FIELD_COLUMNS " FROM label_fields f JOIN labels l ON l.pk = f.label WHERE f.pk = ?1", error) : NULL;
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, pk);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        old = gloss_field_from_row (stmt);
      sqlite3_reset (stmt);
    }
  if (old == NULL)
    {
      if (pk == 0)
        g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no field with id %s.", clean->id);
      gloss_store_op_end (self, FALSE, NULL);
      return FALSE;
    }
  g_free (clean->label_id);
  clean->label_id = g_strdup (old->label_id);
  if (n_values > 0 && g_strcmp0 (old->type, clean->type) != 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_IN_USE,
                   "%s: the type cannot change while %" G_GINT64_FORMAT " annotations have a value.",
                   old->name, n_values);
      gloss_store_op_end (self, FALSE, NULL);
      return FALSE;
    }
  ok = gloss_field_validate_definition (clean, error) && check_unique_name (self, clean, error);
  options = gloss_field_options_to_json (clean->options);
  before = gloss_history_snapshot (self, "label_fields", pk, 0);
  if (ok && (stmt = gloss_store_prepare (self,
                "UPDATE label_fields SET name = ?2, type = ?3, options = ?4, min_value = ?5, max_value = ?6, "
                "required = ?7, description = ?8, modified = ?9 WHERE pk = ?1", error)) != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, pk);
      gloss_bind_text (stmt, 2, clean->name);
      gloss_bind_text (stmt, 3, clean->type);
      gloss_bind_text (stmt, 4, options);
      bind_range (stmt, 5, clean->has_min, clean->min);
      bind_range (stmt, 6, clean->has_max, clean->max);
      sqlite3_bind_int (stmt, 7, clean->required ? 1 : 0);
      gloss_bind_text (stmt, 8, clean->description);
      gloss_bind_text (stmt, 9, now);
      ok = gloss_store_step_done (self, stmt, "changing a field", error) &&
           gloss_history_record (self, GLOSS_HISTORY_EDIT, "label_fields", pk, 0, before, NULL, error);
    }
  else
    ok = FALSE;
  if (ok)
    gloss_store_queue_change (self, GLOSS_CHANGE_LABELS, clean->label_id);
  return gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
}

gboolean
gloss_store_delete_field (GlossStore *self,
                          const char *field_id,
                          GError    **error)
{
  g_autofree char *now = gloss_now_iso8601 ();
  g_autofree char *before = NULL;
  sqlite3_stmt *stmt;
  gint64 pk;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);

  if (!gloss_store_op_begin (self, error))
    return FALSE;
  pk = field_pk (self, field_id, NULL);
  if (pk == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no field with id %s.", field_id);
      gloss_store_op_end (self, FALSE, NULL);
      return FALSE;
    }
  before = gloss_history_snapshot (self, "label_fields", pk, 0);
  stmt = gloss_store_prepare (self, "UPDATE label_fields SET deleted = 1, modified = ?2 WHERE pk = ?1", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, pk);
      gloss_bind_text (stmt, 2, now);
      ok = gloss_store_step_done (self, stmt, "deleting a field", error) &&
           gloss_history_record (self, GLOSS_HISTORY_DELETE, "label_fields", pk, 0, before, NULL, error);
    }
  if (ok)
    gloss_store_queue_change (self, GLOSS_CHANGE_LABELS, NULL);
  return gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
}

/* ------------------------------------------------------------------------- */
/* Values                                                                     */

const GlossFieldOption *
gloss_field_find_option (const GlossField *field,
                         const char       *value)
{
  for (guint i = 0; value != NULL && field->options && i < field->options->len; i++)
    {
      GlossFieldOption *o = field->options->pdata[i];

      if (g_str_equal (o->value, value))
        return o;
    }
  return NULL;
}

/* An option whose value or label is @input, ignoring case. */
static const GlossFieldOption *
match_option (const GlossField *field,
              const char       *input)
{
  g_autofree char *folded = g_utf8_casefold (input, -1);

  for (guint i = 0; i < field->options->len; i++)
    {
      GlossFieldOption *o = field->options->pdata[i];
      g_autofree char *v = g_utf8_casefold (o->value, -1);
      g_autofree char *l = o->label ? g_utf8_casefold (o->label, -1) : NULL;

      if (g_str_equal (v, folded) || g_strcmp0 (l, folded) == 0)
        return o;
    }
  return NULL;
}

char *
gloss_field_normalize_value (GlossStore       *store,
                             const GlossField *field,
                             const char       *input,
                             GError          **error)
{
  g_autofree char *text = NULL;
  const char *type = field->type ? field->type : "";

  if (input == NULL || !g_utf8_validate (input, -1, NULL))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "%s: the value is not valid UTF-8.", field->name);
      return NULL;
    }
  text = g_strstrip (g_strdup (input));
  if (*text == '\0')
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "%s: the value is empty.", field->name);
      return NULL;
    }

  if (g_str_equal (type, GLOSS_FIELD_TYPE_CHOICE))
    {
      const GlossFieldOption *o = match_option (field, text);
      g_autofree char *list = NULL;

      if (o != NULL)
        return g_strdup (o->value);
      list = option_list (field);
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "%s: “%s” is not one of %s.", field->name, text, list);
      return NULL;
    }
  if (g_str_equal (type, GLOSS_FIELD_TYPE_TEXT))
    {
      if (g_utf8_strlen (text, -1) > MAX_TEXT_VALUE)
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                       "%s: the text is longer than %d characters.", field->name, MAX_TEXT_VALUE);
          return NULL;
        }
      for (const char *p = text; *p; p++)
        if (((guchar) *p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
          {
            g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                         "%s: the text contains a control character.", field->name);
            return NULL;
          }
      return g_steal_pointer (&text);
    }
  if (g_str_equal (type, GLOSS_FIELD_TYPE_NUMBER))
    {
      char *end = NULL;
      double v = g_ascii_strtod (text, &end);
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      if (end == text || *end != '\0' || !isfinite (v))
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                       "%s: “%s” is not a number.", field->name, text);
          return NULL;
        }
      if ((field->has_min && v < field->min) || (field->has_max && v > field->max))
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                       "%s: %s is outside the range %g to %g.", field->name, text,
                       field->has_min ? field->min : -INFINITY, field->has_max ? field->max : INFINITY);
          return NULL;
        }
      if (v == 0)
        v = 0;   /* no "-0" */
      return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.15g", v));
    }
  if (g_str_equal (type, GLOSS_FIELD_TYPE_SCALE))
    {
      const GlossFieldOption *o = NULL;
      gint64 v;

      if (!g_ascii_string_to_signed (text, 10, G_MININT32, G_MAXINT32, &v, NULL))
        {
          o = match_option (field, text);
          if (o == NULL)
            {
              GString *names = g_string_new (NULL);

              for (guint i = 0; i < field->options->len; i++)
                {
                  GlossFieldOption *p = field->options->pdata[i];
                  g_string_append_printf (names, "%s%s%s%s", i ? ", " : " (", p->value,
                                          p->label ? " " : "", p->label ? p->label : "");
                }
              if (names->len)
                g_string_append_c (names, ')');
              g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                           "%s: “%s” is not a whole number from %g to %g%s.", field->name, text,
                           field->min, field->max, names->str);
              g_string_free (names, TRUE);
              return NULL;
            }
          v = g_ascii_strtoll (o->value, NULL, 10);
        }
      if (v < field->min || v > field->max)
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                       "%s: %" G_GINT64_FORMAT " is outside the scale %g to %g.", field->name, v, field->min, field->max);
          return NULL;
        }
      return g_strdup_printf ("%" G_GINT64_FORMAT, v);
    }
  if (g_str_equal (type, GLOSS_FIELD_TYPE_DATE))
    {
      if (!gloss_date_is_valid (text))
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                       "%s: “%s” is not a date written as YYYY-MM-DD.", field->name, text);
          return NULL;
        }
      return g_steal_pointer (&text);
    }
  if (g_str_equal (type, GLOSS_FIELD_TYPE_BOOLEAN))
    {
      static const char * const yes[] = { "true", "yes", "1", "on", NULL };
      static const char * const no[] = { "false", "no", "0", "off", NULL };
      g_autofree char *lower = g_ascii_strdown (text, -1);

      if (g_strv_contains (yes, lower))
        return g_strdup ("true");
      if (g_strv_contains (no, lower))
        return g_strdup ("false");
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "%s: “%s” is not true or false.", field->name, text);
      return NULL;
    }
  if (g_str_equal (type, GLOSS_FIELD_TYPE_ENTITY))
    {
      g_autoptr(GlossEntity) entity = NULL;
      g_autoptr(GError) local_error = NULL;

      if (store == NULL)
        {
          if (gloss_uuid_is_valid (text))
            return g_steal_pointer (&text);
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                       "%s: “%s” is not an entity id.", field->name, text);
          return NULL;
        }
      if (gloss_uuid_is_valid (text))
        entity = gloss_store_get_entity (store, text, NULL);
      if (entity == NULL)
        entity = gloss_store_find_entity (store, text, NULL, &local_error);
      if (entity == NULL)
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "%s: %s", field->name,
                       local_error ? local_error->message : "no such entity");
          return NULL;
        }
      return g_strdup (entity->id);
    }
  g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "%s: the field has an unknown type “%s”.",
               field->name, type);
  return NULL;
}

/* The annotation's pk, document and label ids, for a live annotation. */
static gboolean
annotation_info (GlossStore *self,
                 const char *annotation_id,
                 gint64     *pk,
                 char      **document_id,
                 char      **label_id,
                 GError    **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self,
      "SELECT a.pk, d.id, l.id FROM annotations a JOIN documents d ON d.pk = a.document "
      "JOIN labels l ON l.pk = a.label WHERE a.id = ?1 AND a.deleted = 0 AND d.deleted = 0", error);

  *pk = 0;
  if (stmt == NULL)
    return FALSE;
  gloss_bind_text (stmt, 1, annotation_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *pk = sqlite3_column_int64 (stmt, 0);
      if (document_id)
        *document_id = gloss_column_dup (stmt, 1);
      if (label_id)
        *label_id = gloss_column_dup (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (*pk == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                   "There is no annotation with id %s.", annotation_id ? annotation_id : "");
      return FALSE;
    }
  return TRUE;
}

gboolean
gloss_store_write_field_value (GlossStore *self,
                               gint64      annotation_pk,
                               const char *field_id,
                               const char *value,
                               const char *created,
                               const char *modified,
                               GError    **error)
{
  gint64 fpk = 0;
  sqlite3_stmt *stmt = gloss_store_prepare (self, "SELECT pk FROM label_fields WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  gloss_bind_text (stmt, 1, field_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    fpk = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (fpk == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no field with id %s.", field_id);
      return FALSE;
    }
  stmt = gloss_store_prepare (self,
      "INSERT INTO field_values (annotation, field, value, created, modified) VALUES (?1, ?2, ?3, ?4, ?5) "
      "ON CONFLICT (annotation, field) DO UPDATE SET value = excluded.value, modified = excluded.modified", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, annotation_pk);
  sqlite3_bind_int64 (stmt, 2, fpk);
  gloss_bind_text (stmt, 3, value);
  gloss_bind_text (stmt, 4, created);
  gloss_bind_text (stmt, 5, modified);
  return gloss_store_step_done (self, stmt, "saving a field value", error);
}

/* Whether the history holds the version of the annotation that @row (JSON) is. */
gboolean
gloss_store_set_field_value (GlossStore *self,
                             const char *annotation_id,
                             const char *name_or_id,
                             const char *value,
                             GError    **error)
{
  g_autofree char *document_id = NULL;
  g_autofree char *label_id = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *now = gloss_now_iso8601 ();
  g_autofree char *before = NULL;
  g_autofree char *ann_before = NULL;
  g_autoptr(GlossField) field = NULL;
  sqlite3_stmt *stmt;
  gint64 pk;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);

  if (!gloss_store_op_begin (self, error))
    return FALSE;
  ok = annotation_info (self, annotation_id, &pk, &document_id, &label_id, error) &&
       (field = gloss_store_find_field (self, label_id, name_or_id, error)) != NULL;
  if (ok && value != NULL && value[strspn (value, " \t\n")] != '\0')
    ok = (canonical = gloss_field_normalize_value (self, field, value, error)) != NULL;
  if (ok)
    {
      gint64 apk = 0, fpk = 0;

      if (gloss_history_find_row (self, "field_values", annotation_id, field->id, &apk, &fpk))
        before = gloss_history_snapshot (self, "field_values", apk, fpk);
      ok = gloss_store_write_field_value (self, pk, field->id, canonical, now, now, error) &&
           gloss_history_find_row (self, "field_values", annotation_id, field->id, &apk, &fpk) &&
           gloss_history_record (self, before ? GLOSS_HISTORY_EDIT : GLOSS_HISTORY_CREATE, "field_values",
                                 apk, fpk, before, NULL, error);
    }
  /* The annotation changed too (its modified time), and the change goes to the
   * history, before and after, like any other: a merge follows the versions of a
   * row from one to the next, and a version no change leads to would stand alone
   * there, as if written on its own (see heads_of() in gloss-merge.c). */
  if (ok)
    ann_before = gloss_history_snapshot (self, "annotations", pk, 0);
  if (ok && (stmt = gloss_store_prepare (self, "UPDATE annotations SET modified = " GLOSS_SQL_MODIFIED_AFTER ("?2")
                                                  " WHERE pk = ?1", error)) != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, pk);
      gloss_bind_text (stmt, 2, now);
      ok = gloss_store_step_done (self, stmt, "saving a field value", error);
    }
  else
    ok = FALSE;
  if (ok && ann_before != NULL)
    ok = gloss_history_record (self, GLOSS_HISTORY_EDIT, "annotations", pk, 0, ann_before, NULL, error);
  if (ok)
    gloss_store_queue_change (self, GLOSS_CHANGE_ANNOTATIONS, document_id);
  return gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
}

GPtrArray *
gloss_store_list_field_values (GlossStore *self,
                               const char *annotation_id,
                               GError    **error)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_field_value_free);
  sqlite3_stmt *stmt;
  gint64 pk;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  if (!annotation_info (self, annotation_id, &pk, NULL, NULL, error))
    return NULL;
  /* Only fields of the annotation's current label: after a relabel the old values
   * stay (relabelling back, or undo, brings them back) but are not shown. */
  stmt = gloss_store_prepare (self,
      "SELECT f.id, f.name, v.value, v.modified FROM field_values v "
      "JOIN label_fields f ON f.pk = v.field JOIN annotations a ON a.pk = v.annotation "
      "WHERE v.annotation = ?1 AND f.label = a.label AND f.deleted = 0 AND v.value IS NOT NULL "
      "ORDER BY f.position, f.name, f.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, pk);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GlossFieldValue *v = g_new0 (GlossFieldValue, 1);

      v->field_id = gloss_column_dup (stmt, 0);
      v->field_name = gloss_column_dup (stmt, 1);
      v->value = gloss_column_dup (stmt, 2);
      v->modified = gloss_column_dup (stmt, 3);
      g_ptr_array_add (values, v);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (self, rc, "reading field values", error);
      return NULL;
    }
  return g_steal_pointer (&values);
}

char *
gloss_store_dup_field_value (GlossStore *self,
                             const char *annotation_id,
                             const char *name_or_id,
                             GError    **error)
{
  g_autoptr(GPtrArray) values = gloss_store_list_field_values (self, annotation_id, error);
  g_autofree char *folded = NULL;

  if (values == NULL)
    return NULL;
  folded = g_utf8_casefold (name_or_id, -1);
  for (guint i = 0; i < values->len; i++)
    {
      GlossFieldValue *v = values->pdata[i];
      g_autofree char *f = g_utf8_casefold (v->field_name, -1);

      if (g_str_equal (f, folded) || g_str_equal (v->field_id, name_or_id))
        return g_strdup (v->value);
    }
  return NULL;
}

char **
gloss_store_missing_required_fields (GlossStore *self,
                                     const char *annotation_id,
                                     GError    **error)
{
  g_autofree char *label_id = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GStrvBuilder) missing = g_strv_builder_new ();
  gint64 pk;

  if (!annotation_info (self, annotation_id, &pk, NULL, &label_id, error) ||
      (fields = gloss_store_list_fields (self, label_id, error)) == NULL ||
      (values = gloss_store_list_field_values (self, annotation_id, error)) == NULL)
    return NULL;
  for (guint i = 0; i < fields->len; i++)
    {
      GlossField *field = fields->pdata[i];
      gboolean has = FALSE;

      for (guint j = 0; j < values->len && !has; j++)
        has = g_str_equal (((GlossFieldValue *) values->pdata[j])->field_id, field->id);
      if (field->required && !has)
        g_strv_builder_add (missing, field->name);
    }
  return g_strv_builder_end (missing);
}

int
gloss_risk_score (const char *likelihood,
                  const char *impact)
{
  gint64 l, i;

  if (likelihood == NULL || impact == NULL ||
      !g_ascii_string_to_signed (likelihood, 10, 0, 1000, &l, NULL) ||
      !g_ascii_string_to_signed (impact, 10, 0, 1000, &i, NULL))
    return -1;
  return (int) (l * i);
}

int
gloss_store_get_risk_score (GlossStore *self,
                            const char *annotation_id,
                            GError    **error)
{
  g_autofree char *label_id = NULL;
  g_autofree char *likelihood = NULL;
  g_autofree char *impact = NULL;
  g_autoptr(GlossField) lf = NULL;
  g_autoptr(GlossField) imf = NULL;
  gint64 pk;

  g_return_val_if_fail (GLOSS_IS_STORE (self), -1);

  if (!annotation_info (self, annotation_id, &pk, NULL, &label_id, error))
    return -1;
  lf = gloss_store_find_field (self, label_id, GLOSS_FIELD_LIKELIHOOD, error);
  if (lf == NULL)
    return -1;
  imf = gloss_store_find_field (self, label_id, GLOSS_FIELD_IMPACT, error);
  if (imf == NULL)
    return -1;
  if (!g_str_equal (lf->type, GLOSS_FIELD_TYPE_SCALE) || !g_str_equal (imf->type, GLOSS_FIELD_TYPE_SCALE))
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                           "A risk score needs likelihood and impact to be scales.");
      return -1;
    }
  likelihood = gloss_store_dup_field_value (self, annotation_id, lf->id, error);
  impact = gloss_store_dup_field_value (self, annotation_id, imf->id, error);
  return gloss_risk_score (likelihood, impact);
}

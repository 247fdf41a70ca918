/* gloss-codebook.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-codebook"

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "gloss-codebook.h"
#include "gloss-file.h"
#include "gloss-codebooks-resources.h"
#include "gloss-fields.h"
#include "gloss-relations.h"
#include "gloss-tradecraft-private.h"

G_DEFINE_QUARK (gloss-codebook-error-quark, gloss_codebook_error)

GlossCodebookReport *
gloss_codebook_report_new (void)
{
  GlossCodebookReport *report = g_new0 (GlossCodebookReport, 1);

  report->notes = g_ptr_array_new_with_free_func (g_free);
  return report;
}

void
gloss_codebook_report_free (GlossCodebookReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->notes);
  g_free (report);
}

/* ------------------------------------------------------------------------- */
/* Loading                                                                    */

typedef struct {
  GlossStore          *store;
  GlossCodebookReport *report;
  int                  next_position;
} Load;

static void G_GNUC_PRINTF (5, 6)
item_error (GError    **error,
            const char *array,
            guint       index,
            const char *name,
            const char *format,
            ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  if (name != NULL)
    g_set_error (error, GLOSS_CODEBOOK_ERROR, GLOSS_CODEBOOK_ERROR_INVALID, "%s[%u] (%s): %s", array, index, name, what);
  else
    g_set_error (error, GLOSS_CODEBOOK_ERROR, GLOSS_CODEBOOK_ERROR_INVALID, "%s[%u]: %s", array, index, what);
}

/* A string member: NULL when missing or null; FALSE for another type. */
static gboolean
get_string (JsonObject  *obj,
            const char  *key,
            const char **out)
{
  JsonNode *node = json_object_get_member (obj, key);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_number (JsonObject *obj,
            const char *key,
            gboolean   *has,
            double     *out)
{
  JsonNode *node = json_object_get_member (obj, key);
  GType type;

  *has = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return FALSE;
  *out = json_node_get_double (node);
  *has = TRUE;
  return TRUE;
}

static JsonArray *
get_array (JsonObject *obj,
           const char *key,
           gboolean   *ok)
{
  JsonNode *node = json_object_get_member (obj, key);

  *ok = TRUE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      *ok = FALSE;
      return NULL;
    }
  return json_node_get_array (node);
}

static gboolean
load_field (Load       *load,
            JsonObject *obj,
            const char *label_name,
            const char *file_label_id,
            const char *label_id,
            guint       index,
            GError    **error)
{
  g_autoptr(GlossField) field = gloss_field_new ();
  g_autoptr(GlossField) existing = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *array = g_strdup_printf ("%s: fields", label_name);
  g_autofree char *now = gloss_now_iso8601 ();
  const char *id, *name, *type, *description;
  JsonNode *required;
  gboolean ok;

  if (!get_string (obj, "id", &id) || !get_string (obj, "name", &name) || !get_string (obj, "type", &type) ||
      !get_string (obj, "description", &description))
    {
      item_error (error, array, index, NULL, "“id”, “name”, “type” and “description” must be strings");
      return FALSE;
    }
  if (name == NULL)
    {
      item_error (error, array, index, NULL, "“name” is missing");
      return FALSE;
    }
  if (id != NULL && !gloss_uuid_is_valid (id))
    {
      item_error (error, array, index, name, "“%s” is not a valid id (a UUID)", id);
      return FALSE;
    }
  field->id = id ? g_strdup (id) : gloss_uuid_from_name (file_label_id, name);
  field->label_id = g_strdup (label_id);
  field->name = g_strdup (name);
  field->type = g_strdup (type ? type : GLOSS_FIELD_TYPE_TEXT);
  field->description = g_strdup (description);
  required = json_object_get_member (obj, "required");
  if (required != NULL && !JSON_NODE_HOLDS_NULL (required))
    {
      if (!JSON_NODE_HOLDS_VALUE (required) || json_node_get_value_type (required) != G_TYPE_BOOLEAN)
        {
          item_error (error, array, index, name, "“required” must be true or false");
          return FALSE;
        }
      field->required = json_node_get_boolean (required);
    }
  if (!get_number (obj, "min", &field->has_min, &field->min) || !get_number (obj, "max", &field->has_max, &field->max))
    {
      item_error (error, array, index, name, "“min” and “max” must be numbers");
      return FALSE;
    }
  if (!gloss_field_options_from_node (json_object_get_member (obj, "options"), field->options, &local_error) ||
      !gloss_field_validate_definition (field, &local_error))
    {
      item_error (error, array, index, name, "%s", local_error->message);
      return FALSE;
    }

  if (gloss_store_id_exists (load->store, "label_fields", field->id))
    {
      load->report->fields_present++;
      return TRUE;
    }
  existing = gloss_store_find_field (load->store, label_id, name, NULL);
  if (existing != NULL)
    {
      load->report->fields_present++;
      if (g_strcmp0 (existing->type, field->type) != 0)
        g_ptr_array_add (load->report->notes,
                         g_strdup_printf ("%s: the project's field “%s” is a %s field, the codebook's a %s field; "
                                          "the project's was kept", label_name, existing->name, existing->type,
                                          field->type));
      return TRUE;
    }

  fields = gloss_store_list_fields (load->store, label_id, error);
  if (fields == NULL)
    return FALSE;
  field->position = fields->len > 0 ? ((GlossField *) fields->pdata[fields->len - 1])->position + 1 : 0;
  field->created = g_strdup (now);
  field->modified = g_strdup (now);
  ok = gloss_store_insert_field_row (load->store, field, gloss_store_label_pk (load->store, label_id), &local_error);
  if (!ok)
    {
      item_error (error, array, index, name, "%s", local_error->message);
      return FALSE;
    }
  load->report->fields_added++;
  return TRUE;
}

static gboolean
load_label (Load       *load,
            JsonObject *obj,
            guint       index,
            GError    **error)
{
  const char *id, *name, *kind, *colour, *shortcut, *description;
  g_autofree char *file_id = NULL;
  g_autofree char *project_id = NULL;
  g_autofree char *now = gloss_now_iso8601 ();
  g_autoptr(GlossLabel) existing = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonArray *fields;
  gboolean ok;

  if (!get_string (obj, "id", &id) || !get_string (obj, "name", &name) || !get_string (obj, "kind", &kind) ||
      !get_string (obj, "colour", &colour) || !get_string (obj, "shortcut", &shortcut) ||
      !get_string (obj, "description", &description))
    {
      item_error (error, "labels", index, NULL, "“id”, “name”, “kind”, “colour”, “shortcut” and “description” must be strings");
      return FALSE;
    }
  if (name == NULL)
    {
      item_error (error, "labels", index, NULL, "“name” is missing");
      return FALSE;
    }
  if (id != NULL && !gloss_uuid_is_valid (id))
    {
      item_error (error, "labels", index, name, "“%s” is not a valid id (a UUID)", id);
      return FALSE;
    }
  fields = get_array (obj, "fields", &ok);
  if (!ok)
    {
      item_error (error, "labels", index, name, "“fields” must be an array");
      return FALSE;
    }
  file_id = id ? g_strdup (id) : gloss_uuid_from_name (GLOSS_CODEBOOK_NAMESPACE, name);

  if (gloss_store_label_pk (load->store, file_id) != 0)
    project_id = g_strdup (file_id);
  else if (gloss_store_id_exists (load->store, "labels", file_id))
    {
      g_ptr_array_add (load->report->notes,
                       g_strdup_printf ("label “%s” was deleted in this project and was not added again", name));
      return TRUE;
    }
  else if ((existing = gloss_store_find_label_by_name (load->store, name, NULL)) != NULL)
    project_id = g_strdup (existing->id);

  if (project_id != NULL)
    load->report->labels_present++;
  else
    {
      GlossLabel label = {
        .id = file_id, .name = (char *) name, .kind = (char *) (kind ? kind : GLOSS_LABEL_KIND_TAG),
        .colour = (char *) (colour ? colour : "#3584e4"), .shortcut = (char *) shortcut,
        .description = (char *) description, .position = load->next_position,
        .created = now, .modified = now,
      };

      if (!gloss_store_insert_label_row (load->store, &label, NULL, &local_error) &&
          g_error_matches (local_error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE) && shortcut != NULL)
        {
          /* A key the project gives another label is left out rather than refusing the codebook. */
          g_clear_error (&local_error);
          label.shortcut = NULL;
          if (gloss_store_insert_label_row (load->store, &label, NULL, &local_error))
            g_ptr_array_add (load->report->notes,
                             g_strdup_printf ("label “%s”: shortcut key “%s” is taken in this project and was left out",
                                              name, shortcut));
        }
      if (local_error != NULL)
        {
          item_error (error, "labels", index, name, "%s", local_error->message);
          return FALSE;
        }
      load->next_position++;
      load->report->labels_added++;
      project_id = g_strdup (file_id);
    }

  for (guint i = 0; fields && i < json_array_get_length (fields); i++)
    {
      JsonNode *node = json_array_get_element (fields, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          item_error (error, "labels", index, name, "fields[%u] must be an object", i);
          return FALSE;
        }
      if (!load_field (load, json_node_get_object (node), name, file_id, project_id, i, error))
        return FALSE;
    }
  return TRUE;
}

/* Label names or ids of one end of a relation type, as project label ids. */
static gboolean
resolve_labels (Load       *load,
                JsonObject *obj,
                const char *key,
                const char *name,
                guint       index,
                char     ***out,
                GError    **error)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  JsonArray *array;
  gboolean ok;

  *out = NULL;
  array = get_array (obj, key, &ok);
  if (!ok)
    {
      item_error (error, "relation_types", index, name, "“%s” must be an array of label names", key);
      return FALSE;
    }
  if (array == NULL || json_array_get_length (array) == 0)
    return TRUE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr(GlossLabel) label = NULL;
      const char *ref;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          item_error (error, "relation_types", index, name, "“%s” must be an array of label names", key);
          return FALSE;
        }
      ref = json_node_get_string (node);
      if (gloss_store_label_pk (load->store, ref) != 0)
        label = gloss_store_get_label (load->store, ref, NULL);
      else
        label = gloss_store_find_label_by_name (load->store, ref, NULL);
      if (label == NULL)
        {
          item_error (error, "relation_types", index, name, "“%s” names no label of the codebook or the project", ref);
          return FALSE;
        }
      g_strv_builder_add (ids, label->id);
    }
  *out = g_strv_builder_end (ids);
  return TRUE;
}

static gboolean
load_relation_type (Load       *load,
                    JsonObject *obj,
                    guint       index,
                    GError    **error)
{
  g_autoptr(GlossRelationType) t = g_new0 (GlossRelationType, 1);
  g_autoptr(GlossRelationType) existing = NULL;
  g_autoptr(GPtrArray) types = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *derived = NULL;
  const char *id, *name, *description;

  if (!get_string (obj, "id", &id) || !get_string (obj, "name", &name) || !get_string (obj, "description", &description))
    {
      item_error (error, "relation_types", index, NULL, "“id”, “name” and “description” must be strings");
      return FALSE;
    }
  if (name == NULL)
    {
      item_error (error, "relation_types", index, NULL, "“name” is missing");
      return FALSE;
    }
  if (id != NULL && !gloss_uuid_is_valid (id))
    {
      item_error (error, "relation_types", index, name, "“%s” is not a valid id (a UUID)", id);
      return FALSE;
    }
  derived = g_strconcat ("relation:", name, NULL);
  t->id = id ? g_strdup (id) : gloss_uuid_from_name (GLOSS_CODEBOOK_NAMESPACE, derived);
  t->name = g_strdup (name);
  t->description = g_strdup (description);
  if (!resolve_labels (load, obj, "from", name, index, &t->from_labels, error) ||
      !resolve_labels (load, obj, "to", name, index, &t->to_labels, error))
    return FALSE;

  if (gloss_store_id_exists (load->store, "relation_types", t->id) ||
      (existing = gloss_store_find_relation_type (load->store, name, NULL)) != NULL)
    {
      load->report->relation_types_present++;
      return TRUE;
    }
  types = gloss_store_list_relation_types (load->store, error);
  if (types == NULL)
    return FALSE;
  t->position = types->len > 0 ? ((GlossRelationType *) types->pdata[types->len - 1])->position + 1 : 0;
  t->created = gloss_now_iso8601 ();
  t->modified = g_strdup (t->created);
  if (!gloss_store_insert_relation_type_row (load->store, t, &local_error))
    {
      item_error (error, "relation_types", index, name, "%s", local_error->message);
      return FALSE;
    }
  load->report->relation_types_added++;
  return TRUE;
}

static gboolean
load_array (Load       *load,
            JsonObject *root,
            const char *key,
            gboolean  (*func) (Load *, JsonObject *, guint, GError **),
            GError    **error)
{
  gboolean ok;
  JsonArray *array = get_array (root, key, &ok);

  if (!ok)
    {
      g_set_error (error, GLOSS_CODEBOOK_ERROR, GLOSS_CODEBOOK_ERROR_INVALID, "“%s” must be an array.", key);
      return FALSE;
    }
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          item_error (error, key, i, NULL, "must be an object");
          return FALSE;
        }
      if (!func (load, json_node_get_object (node), i, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
gloss_codebook_load_data (GlossStore          *store,
                          const char          *data,
                          gsize                len,
                          const char          *name,
                          GlossCodebookReport *report,
                          GError             **error)
{
  g_autoptr(GlossCodebookReport) own_report = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autofree char *shown = g_strdup_printf ("“%s”", name ? name : "the codebook");
  JsonNode *root;
  JsonObject *obj;
  JsonNode *version;
  const char *format = NULL;
  Load load = { 0 };
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (store), FALSE);

  if (report == NULL)
    report = own_report = gloss_codebook_report_new ();
  if (!json_parser_load_from_data (parser, data, len, &local_error))
    {
      g_set_error (error, GLOSS_CODEBOOK_ERROR, GLOSS_CODEBOOK_ERROR_SYNTAX, "%s is not valid JSON: %s",
                   shown, local_error->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      !get_string ((obj = json_node_get_object (root)), "format", &format) ||
      g_strcmp0 (format, "gloss-codebook") != 0)
    {
      g_set_error (error, GLOSS_CODEBOOK_ERROR, GLOSS_CODEBOOK_ERROR_FORMAT,
                   "%s is not a Gloss codebook (it has no \"format\": \"gloss-codebook\").", shown);
      return FALSE;
    }
  version = json_object_get_member (obj, "version");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) || json_node_get_value_type (version) != G_TYPE_INT64 ||
      json_node_get_int (version) < 1)
    {
      g_set_error (error, GLOSS_CODEBOOK_ERROR, GLOSS_CODEBOOK_ERROR_FORMAT, "%s has no whole-number \"version\".", shown);
      return FALSE;
    }
  if (json_node_get_int (version) > GLOSS_CODEBOOK_VERSION)
    {
      g_set_error (error, GLOSS_CODEBOOK_ERROR, GLOSS_CODEBOOK_ERROR_FORMAT,
                   "%s was written by a newer version of Gloss (codebook version %" G_GINT64_FORMAT
                   "; this version reads up to %d).", shown, json_node_get_int (version), GLOSS_CODEBOOK_VERSION);
      return FALSE;
    }

  if (!gloss_store_op_begin (store, error))
    return FALSE;
  load.store = store;
  load.report = report;
  labels = gloss_store_list_labels (store, &local_error);
  ok = labels != NULL;
  if (ok)
    {
      load.next_position = labels->len > 0 ? ((GlossLabel *) labels->pdata[labels->len - 1])->position + 1 : 0;
      /* Labels first: relation types name them. */
      ok = load_array (&load, obj, "labels", load_label, &local_error) &&
           load_array (&load, obj, "relation_types", load_relation_type, &local_error);
    }
  ok = gloss_store_op_end (store, ok, ok ? &local_error : NULL) && ok;
  if (!ok)
    {
      if (local_error->domain == GLOSS_CODEBOOK_ERROR)
        g_set_error (error, local_error->domain, local_error->code, "%s: %s", shown, local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
gloss_codebook_load_file (GlossStore          *store,
                          const char          *path,
                          GlossCodebookReport *report,
                          GError             **error)
{
  g_autofree char *data = NULL;
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr(GError) local_error = NULL;
  gsize len = 0;

  if (!gloss_file_refuse_open_project (path, GLOSS_CODEBOOK_ERROR, GLOSS_CODEBOOK_ERROR_SYNTAX, error))
    return FALSE;
  if (!g_file_get_contents (path, &data, &len, &local_error))
    {
      g_set_error (error, GLOSS_CODEBOOK_ERROR, GLOSS_CODEBOOK_ERROR_SYNTAX, "“%s” cannot be read: %s",
                   base, local_error->message);
      return FALSE;
    }
  return gloss_codebook_load_data (store, data, len, base, report, error);
}

gboolean
gloss_codebook_load_bundled (GlossStore          *store,
                             const char          *bundled,
                             GlossCodebookReport *report,
                             GError             **error)
{
  g_autofree char *path = g_strdup_printf ("/org/example/Gloss/codebooks/%s.json", bundled);
  g_autofree char *name = g_strdup_printf ("%s.json", bundled);
  g_autoptr(GBytes) bytes = NULL;
  gsize len = 0;
  const char *data;

  bytes = g_resource_lookup_data (gloss_codebooks_get_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    {
      g_set_error (error, GLOSS_CODEBOOK_ERROR, GLOSS_CODEBOOK_ERROR_FORMAT,
                   "There is no bundled codebook “%s” (there are analyst and entities).", bundled);
      return FALSE;
    }
  data = g_bytes_get_data (bytes, &len);
  return gloss_codebook_load_data (store, data, len, name, report, error);
}

gboolean
gloss_codebook_load_default (GlossStore          *store,
                             GlossCodebookReport *report,
                             GError             **error)
{
  return gloss_codebook_load_bundled (store, "analyst", report, error);
}

/* ------------------------------------------------------------------------- */
/* Saving                                                                     */

static void
add_string (JsonBuilder *b,
            const char  *key,
            const char  *value)
{
  json_builder_set_member_name (b, key);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_label_refs (JsonBuilder  *b,
                const char   *key,
                char * const *ids,
                GPtrArray    *labels)
{
  json_builder_set_member_name (b, key);
  json_builder_begin_array (b);
  for (guint i = 0; ids && ids[i]; i++)
    {
      const char *ref = ids[i];

      /* Names, as a person writes them; a label the project deleted keeps its id. */
      for (guint j = 0; j < labels->len; j++)
        if (g_str_equal (((GlossLabel *) labels->pdata[j])->id, ids[i]))
          ref = ((GlossLabel *) labels->pdata[j])->name;
      json_builder_add_string_value (b, ref);
    }
  json_builder_end_array (b);
}

char *
gloss_codebook_to_json (GlossStore *store,
                        GError    **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GPtrArray) types = NULL;
  g_autofree char *name = NULL;
  char *text;

  g_return_val_if_fail (GLOSS_IS_STORE (store), NULL);

  labels = gloss_store_list_labels (store, error);
  if (labels == NULL)
    return NULL;
  types = gloss_store_list_relation_types (store, error);
  if (types == NULL)
    return NULL;
  name = gloss_store_dup_name (store);

  json_builder_begin_object (b);
  add_string (b, "format", "gloss-codebook");
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, GLOSS_CODEBOOK_VERSION);
  add_string (b, "name", name);
  add_string (b, "description", NULL);
  json_builder_set_member_name (b, "labels");
  json_builder_begin_array (b);
  for (guint i = 0; i < labels->len; i++)
    {
      GlossLabel *label = labels->pdata[i];
      g_autoptr(GPtrArray) fields = gloss_store_list_fields (store, label->id, error);

      if (fields == NULL)
        return NULL;
      json_builder_begin_object (b);
      add_string (b, "id", label->id);
      add_string (b, "name", label->name);
      add_string (b, "kind", label->kind);
      add_string (b, "colour", label->colour);
      add_string (b, "shortcut", label->shortcut);
      add_string (b, "description", label->description);
      json_builder_set_member_name (b, "fields");
      json_builder_begin_array (b);
      for (guint j = 0; j < fields->len; j++)
        {
          GlossField *f = fields->pdata[j];

          json_builder_begin_object (b);
          add_string (b, "id", f->id);
          add_string (b, "name", f->name);
          add_string (b, "type", f->type);
          add_string (b, "description", f->description);
          json_builder_set_member_name (b, "required");
          json_builder_add_boolean_value (b, f->required);
          if (f->has_min)
            {
              json_builder_set_member_name (b, "min");
              json_builder_add_double_value (b, f->min);
            }
          if (f->has_max)
            {
              json_builder_set_member_name (b, "max");
              json_builder_add_double_value (b, f->max);
            }
          json_builder_set_member_name (b, "options");
          json_builder_begin_array (b);
          for (guint k = 0; k < f->options->len; k++)
            {
              GlossFieldOption *o = f->options->pdata[k];

              json_builder_begin_object (b);
              add_string (b, "value", o->value);
              add_string (b, "label", o->label);
              add_string (b, "colour", o->colour);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "relation_types");
  json_builder_begin_array (b);
  for (guint i = 0; i < types->len; i++)
    {
      GlossRelationType *t = types->pdata[i];

      json_builder_begin_object (b);
      add_string (b, "id", t->id);
      add_string (b, "name", t->name);
      add_string (b, "description", t->description);
      add_label_refs (b, "from", t->from_labels, labels);
      add_label_refs (b, "to", t->to_labels, labels);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  text = json_generator_to_data (gen, NULL);
  {
    char *with_newline = g_strconcat (text, "\n", NULL);
    g_free (text);
    return with_newline;
  }
}

gboolean
gloss_codebook_save (GlossStore *store,
                     const char *path,
                     GError    **error)
{
  g_autofree char *text = gloss_codebook_to_json (store, error);

  if (text == NULL)
    return FALSE;
  /* Written beside @path and renamed over it; never over an open project. */
  return gloss_file_write_all (path, text, strlen (text), error);
}

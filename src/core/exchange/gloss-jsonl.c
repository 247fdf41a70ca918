/* gloss-jsonl.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-jsonl"

#include "config.h"

#include "gloss-file.h"

#include <stdio.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "gloss-jsonl.h"
#include "gloss-store-private.h"
#include "gloss-export-extras.h"

G_DEFINE_QUARK (gloss-jsonl-error-quark, gloss_jsonl_error)

/* Lines are gathered in a buffer and written in blocks of about this size. */
#define FLUSH_SIZE (64 * 1024)

static void G_GNUC_PRINTF (2, 3)
add_warning (GPtrArray  *warnings,
             const char *format,
             ...)
{
  va_list args;

  if (warnings == NULL)
    return;
  va_start (args, format);
  g_ptr_array_add (warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

/* ------------------------------------------------------------------------- */
/* Export                                                                     */

/* GlossJsonWriter pretty-prints over many lines, and JSON Lines needs each
 * document on one, so the few value kinds used here are written directly. */
static void
append_string (GString    *out,
               const char *s)
{
  g_autofree char *valid = NULL;
  const char *p;

  if (s == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  /* The store keeps valid UTF-8; this is belt and braces, never invalid output. */
  if (!g_utf8_validate (s, -1, NULL))
    s = valid = g_utf8_make_valid (s, -1);

  g_string_append_c (out, '"');
  for (p = s; *p != '\0'; p++)
    {
      guchar c = *p;

      switch (c)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static void
append_member (GString    *out,
               const char *key,
               const char *value,
               gboolean    first)
{
  if (!first)
    g_string_append_c (out, ',');
  append_string (out, key);
  g_string_append_c (out, ':');
  append_string (out, value);
}

static void
append_int_member (GString    *out,
                   const char *key,
                   gint64      value)
{
  g_string_append_c (out, ',');
  append_string (out, key);
  g_string_append_printf (out, ":%" G_GINT64_FORMAT, value);
}

/* doccano's relation shape, plus "to_document" when the target is in another
 * document (the relation is written on its source's line). */
static gboolean
write_relation_cb (const GlossRelation *r,
                   gpointer             user_data,
                   GError             **error)
{
  GString *buf = user_data;

  if (buf->str[buf->len - 1] != '[')
    g_string_append_c (buf, ',');
  g_string_append_c (buf, '{');
  append_member (buf, "id", r->id, TRUE);
  append_member (buf, "from_id", r->from_id, FALSE);
  append_member (buf, "to_id", r->to_id, FALSE);
  append_member (buf, "type", r->type_name, FALSE);
  if (g_strcmp0 (r->from_document_id, r->to_document_id) != 0)
    append_member (buf, "to_document", r->to_document_id, FALSE);
  if (r->annotator != NULL)
    append_member (buf, "annotator", r->annotator, FALSE);
  append_member (buf, "created", r->created, FALSE);
  append_member (buf, "modified", r->modified, FALSE);
  g_string_append_c (buf, '}');
  (void) error;
  return TRUE;
}

/* A span's field values as {"field name": "value"} (an entity field by the entity's
 * name), and its linked entity as {"id", "name", "ref"}. */
static gboolean
append_extras (GString               *buf,
               GlossExportExtras     *extras,
               const GlossAnnotation *a,
               GError               **error)
{
  g_autoptr(GPtrArray) values = gloss_export_extras_list_values (extras, a, error);

  if (values == NULL)
    return FALSE;
  if (values->len > 0)
    {
      g_string_append (buf, ",\"fields\":{");
      for (guint i = 0; i < values->len; i++)
        {
          GlossExportValue *v = values->pdata[i];

          if (i > 0)
            g_string_append_c (buf, ',');
          append_string (buf, v->field->name);
          g_string_append_c (buf, ':');
          append_string (buf, v->display);
        }
      g_string_append_c (buf, '}');
    }
  if (a->entity_id != NULL)
    {
      const GlossEntity *e = gloss_export_extras_get_entity (extras, a->entity_id, error);

      if (e == NULL)
        return FALSE;
      g_string_append (buf, ",\"entity\":{");
      append_member (buf, "id", e->id, TRUE);
      append_member (buf, "name", e->name, FALSE);
      if (e->external_ref != NULL)
        append_member (buf, "ref", e->external_ref, FALSE);
      g_string_append_c (buf, '}');
    }
  return TRUE;
}

static gboolean
flush (GOutputStream *out,
       GString       *buf,
       GCancellable  *cancellable,
       GError       **error)
{
  if (buf->len > 0 && !g_output_stream_write_all (out, buf->str, buf->len, NULL, cancellable, error))
    return FALSE;
  g_string_truncate (buf, 0);
  return TRUE;
}

/**
 * gloss_jsonl_export:
 * @store: the project
 * @scope: (nullable): what to export; %NULL for everything
 * @out: where the lines go; it is flushed, not closed
 * @include_text: whether each line carries the document's full text
 * @warnings: (nullable) (element-type utf8): gets one sentence for each kind of data
 *   the project has that the export leaves out
 * @cancellable: (nullable): checked between documents
 * @error: return location for an error
 *
 * Writes one JSON object per line for each document in scope, with its spans in
 * text order (see gloss-jsonl.h for the layout). Documents in scope without an
 * annotation in scope are written too, with no spans, as machine-learning sets
 * need their negatives. Only one document is in memory at a time.
 *
 * Returns: %TRUE on success
 */
gboolean
gloss_jsonl_export (GlossStore         *store,
                    const GlossScope   *scope,
                    GOutputStream      *out,
                    gboolean            include_text,
                    GPtrArray          *warnings,
                    GCancellable       *cancellable,
                    GError            **error)
{
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GString) buf = g_string_sized_new (FLUSH_SIZE + 4096);
  g_autoptr(GlossExportExtras) extras = gloss_export_extras_new (store);
  GlossExportCounts counts;
  GlossScopeSql sql;
  sqlite3 *db;
  gboolean own_transaction, ok = FALSE;

  g_return_val_if_fail (GLOSS_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  if (!gloss_scope_sql_init (store, scope, &sql, error))
    return FALSE;
  db = gloss_store_get_db (store);
  own_transaction = sqlite3_get_autocommit (db);
  if (own_transaction && sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    {
      gloss_store_set_sqlite_error (store, sqlite3_errcode (db), "starting the export", error);
      gloss_scope_sql_clear (&sql);
      return FALSE;
    }

  docs = gloss_scope_list_documents (store, scope, FALSE, error);
  if (docs == NULL || !gloss_export_count (store, &sql, &counts, error))
    goto out;

  for (guint i = 0; i < docs->len; i++)
    {
      GlossDocument *doc = docs->pdata[i];
      g_autoptr(GPtrArray) list = gloss_scope_sql_list_annotations (store, &sql, doc->id, error);

      if (list == NULL)
        goto out;

      g_string_append_c (buf, '{');
      append_member (buf, "id", doc->id, TRUE);
      append_member (buf, "title", doc->title, FALSE);
      if (include_text)
        {
          const GlossTextIndex *index = gloss_store_document_text (store, gloss_store_document_pk (store, doc->id), error);

          if (index == NULL)
            goto out;
          append_member (buf, "text", gloss_text_index_get_text (index), FALSE);
        }
      append_member (buf, "sha256", doc->sha256, FALSE);

      g_string_append (buf, ",\"spans\":[");
      for (guint j = 0; j < list->len; j++)
        {
          GlossAnnotation *a = list->pdata[j];

          if (j > 0)
            g_string_append_c (buf, ',');
          g_string_append_c (buf, '{');
          append_member (buf, "id", a->id, TRUE);
          append_int_member (buf, "start", a->start);
          append_int_member (buf, "end", a->end);
          append_member (buf, "label", a->label_name, FALSE);
          append_member (buf, "quote", a->quote, FALSE);
          if (a->note != NULL)
            append_member (buf, "note", a->note, FALSE);
          if (a->annotator != NULL)
            append_member (buf, "annotator", a->annotator, FALSE);
          append_member (buf, "created", a->created, FALSE);
          append_member (buf, "modified", a->modified, FALSE);
          if (!append_extras (buf, extras, a, error))
            goto out;
          g_string_append_c (buf, '}');
        }
      /* doccano's relations: those whose source is in this document. */
      g_string_append (buf, "],\"relations\":[");
      if (counts.relations > 0 && !gloss_export_foreach_relation (store, &sql, doc->id, write_relation_cb, buf, error))
        goto out;
      /* doccano's own form of the same spans. */
      g_string_append (buf, "],\"label\":[");
      for (guint j = 0; j < list->len; j++)
        {
          GlossAnnotation *a = list->pdata[j];

          g_string_append_printf (buf, "%s[%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",", j > 0 ? "," : "",
                                  a->start, a->end);
          append_string (buf, a->label_name);
          g_string_append_c (buf, ']');
        }
      g_string_append (buf, "]}\n");

      if (buf->len >= FLUSH_SIZE && !flush (out, buf, cancellable, error))
        goto out;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
    }
  ok = flush (out, buf, cancellable, error) && g_output_stream_flush (out, cancellable, error);

  if (ok && docs->len > 0)
    {
      add_warning (warnings, "JSON Lines spans carry label names only: label colours, kinds, shortcut keys "
                   "and descriptions are left out.");
      add_warning (warnings, "JSON Lines leaves out each document's source, format, import time and metadata.");
      if (counts.documents_with_properties > 0)
        add_warning (warnings, "JSON Lines leaves out document properties (source reliability, author, publisher, "
                     "publication date, URL, TLP marking).");
      if (counts.field_values > 0 || counts.entity_links > 0 || counts.relations > 0)
        add_warning (warnings, "JSON Lines carries field values by field name, linked entities by id, name and "
                     "reference, and relations by type name: field definitions, relation types and the entity "
                     "register's aliases and descriptions are left out.");
      if (!include_text)
        add_warning (warnings, "Document texts are left out: importing this file needs the same documents "
                     "in the project (they are matched by id or sha256).");
    }

out:
  if (own_transaction)
    sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  gloss_scope_sql_clear (&sql);
  return ok;
}

/* ------------------------------------------------------------------------- */
/* Import                                                                     */

typedef struct {
  GlossStore        *store;
  GlossImportReport *report;
  JsonParser        *parser;
  GHashTable        *label_pks;      /* name as in the file -> pk */
  GHashTable        *annotator_pks;  /* name -> pk */
  GHashTable        *span_ids;       /* "document id\tspan id in the file" -> annotation id */
  GPtrArray         *relations;      /* PendingRelation*, made once every line is read */
  guint              line;
} Import;

/* A relation of a line, made after every line is read: it may name a span of a
 * later line. */
typedef struct {
  guint  line;
  char  *id;
  char  *type;
  char  *from_key;
  char  *to_key;
  char  *annotator;
  char  *created;
  char  *modified;
} PendingRelation;

static void
pending_relation_free (PendingRelation *r)
{
  g_free (r->id);
  g_free (r->type);
  g_free (r->from_key);
  g_free (r->to_key);
  g_free (r->annotator);
  g_free (r->created);
  g_free (r->modified);
  g_free (r);
}

static void G_GNUC_PRINTF (3, 4)
line_error (Import     *im,
            GError    **error,
            const char *format,
            ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, GLOSS_JSONL_ERROR, GLOSS_JSONL_ERROR_INVALID, "line %u: %s", im->line, what);
}

static gboolean
node_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
node_is_int (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

static gboolean
get_string (Import      *im,
            JsonObject  *obj,
            const char  *key,
            const char  *where,
            const char **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (obj, key);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!node_is_string (node))
    {
      line_error (im, error, "%s“%s” must be a string", where, key);
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

static gint64
ensure_label (Import     *im,
              const char *name,
              const char *where,
              GError    **error)
{
  gint64 *known = g_hash_table_lookup (im->label_pks, name);
  g_autoptr(GlossLabel) label = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 pk;

  if (known != NULL)
    return *known;
  label = gloss_store_find_label_by_name (im->store, name, NULL);
  if (label == NULL)
    {
      label = gloss_store_add_label (im->store, name, GLOSS_LABEL_KIND_TAG, NULL, NULL, NULL, &local_error);
      if (label == NULL)
        {
          line_error (im, error, "%sthe label “%s” cannot be added: %s", where, name, local_error->message);
          return 0;
        }
      im->report->labels_added++;
    }
  pk = gloss_store_label_pk (im->store, label->id);
  g_hash_table_insert (im->label_pks, g_strdup (name), g_memdup2 (&pk, sizeof pk));
  return pk;
}

static gint64
ensure_annotator (Import     *im,
                  const char *name,
                  const char *where,
                  GError    **error)
{
  gint64 *known = g_hash_table_lookup (im->annotator_pks, name);
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  gboolean existed;
  gint64 pk;

  if (known != NULL)
    return *known;
  stmt = gloss_store_prepare (im->store, "SELECT 1 FROM annotators WHERE name = ?1", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  existed = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  pk = gloss_store_ensure_annotator (im->store, name, NULL, NULL, &local_error);
  if (pk <= 0)
    {
      line_error (im, error, "%sthe annotator “%s” cannot be added: %s", where, name,
                  local_error ? local_error->message : "unknown error");
      return -1;
    }
  if (!existed)
    im->report->annotators_added++;
  g_hash_table_insert (im->annotator_pks, g_strdup (name), g_memdup2 (&pk, sizeof pk));
  return pk;
}

/* One span, in any of the three shapes: Gloss's {"start", "end", "label", ...},
 * doccano's [start, end, "label"] and doccano's newer
 * {"start_offset", "end_offset", "label"}. */
typedef struct {
  const char *id;        /* a string id, or NULL */
  gint64      int_id;    /* doccano's numeric id when has_int_id */
  gboolean    has_int_id;
  gint64      start;
  gint64      end;
  const char *label;
  const char *quote;
  const char *note;
  const char *annotator;
  const char *created;
  const char *modified;
  JsonObject *fields;    /* {"name": "value"}, or NULL */
  JsonNode   *entity;    /* {"id", "name", "ref"} or a name, or NULL */
} Span;

static gboolean
read_span (Import     *im,
           JsonNode   *node,
           const char *where,
           Span       *span,
           GError    **error)
{
  JsonObject *obj;
  JsonNode *start, *end, *id;

  memset (span, 0, sizeof *span);
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      if (json_array_get_length (array) < 3 ||
          !node_is_int (json_array_get_element (array, 0)) ||
          !node_is_int (json_array_get_element (array, 1)) ||
          !node_is_string (json_array_get_element (array, 2)))
        {
          line_error (im, error, "%smust be [start, end, \"label\"]", where);
          return FALSE;
        }
      span->start = json_array_get_int_element (array, 0);
      span->end = json_array_get_int_element (array, 1);
      span->label = json_array_get_string_element (array, 2);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      line_error (im, error, "%smust be an object or [start, end, \"label\"]", where);
      return FALSE;
    }
  obj = json_node_get_object (node);
  start = json_object_get_member (obj, "start");
  if (start == NULL)
    start = json_object_get_member (obj, "start_offset");
  end = json_object_get_member (obj, "end");
  if (end == NULL)
    end = json_object_get_member (obj, "end_offset");
  if (!node_is_int (start) || !node_is_int (end))
    {
      line_error (im, error, "%sneeds whole-number “start” and “end”", where);
      return FALSE;
    }
  span->start = json_node_get_int (start);
  span->end = json_node_get_int (end);
  id = json_object_get_member (obj, "id");
  if (node_is_int (id))
    {
      span->int_id = json_node_get_int (id);
      span->has_int_id = TRUE;
    }
  else if (!get_string (im, obj, "id", where, &span->id, error))
    return FALSE;
  if (!get_string (im, obj, "label", where, &span->label, error) ||
      !get_string (im, obj, "quote", where, &span->quote, error) ||
      !get_string (im, obj, "note", where, &span->note, error) ||
      !get_string (im, obj, "annotator", where, &span->annotator, error) ||
      !get_string (im, obj, "created", where, &span->created, error) ||
      !get_string (im, obj, "modified", where, &span->modified, error))
    return FALSE;
  if (span->label == NULL)
    {
      line_error (im, error, "%shas no “label”", where);
      return FALSE;
    }
  {
    JsonNode *fields = json_object_get_member (obj, "fields");
    JsonNode *entity = json_object_get_member (obj, "entity");

    if (fields != NULL && !JSON_NODE_HOLDS_NULL (fields))
      {
        if (!JSON_NODE_HOLDS_OBJECT (fields))
          {
            line_error (im, error, "%s“fields” must be an object of field names and values", where);
            return FALSE;
          }
        span->fields = json_node_get_object (fields);
      }
    if (entity != NULL && !JSON_NODE_HOLDS_NULL (entity))
      {
        if (!JSON_NODE_HOLDS_OBJECT (entity) && !node_is_string (entity))
          {
            line_error (im, error, "%s“entity” must be an object {\"id\", \"name\", \"ref\"} or a name", where);
            return FALSE;
          }
        span->entity = entity;
      }
  }
  if ((span->created && !gloss_timestamp_is_valid (span->created)) ||
      (span->modified && !gloss_timestamp_is_valid (span->modified)))
    {
      line_error (im, error, "%s“created” and “modified” must be UTC times such as 2026-01-31T12:00:00.000Z", where);
      return FALSE;
    }
  return TRUE;
}

/* The key a relation names a span by: its document and its id in the file. */
static char *
span_key (const char *doc_id,
          const char *file_id)
{
  return g_strconcat (doc_id, "\t", file_id, NULL);
}

static void
span_map_add (Import     *im,
              const char *doc_id,
              const Span *s,
              const char *annotation_id)
{
  g_autofree char *file_id = s->id ? g_strdup (s->id) : s->has_int_id ? g_strdup_printf ("%" G_GINT64_FORMAT, s->int_id) : NULL;

  if (file_id != NULL)
    g_hash_table_insert (im->span_ids, span_key (doc_id, file_id), g_strdup (annotation_id));
}

static gboolean
apply_span_extras (Import     *im,
                   const Span *s,
                   const char *id,
                   const char *created,
                   const char *modified,
                   const char *where,
                   GError    **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autofree char *shown = g_strdup_printf ("line %u: %.*s", im->line, (int) MAX (strlen (where), 2) - 2, where);
  const char *entity_id = NULL, *entity_name = NULL, *entity_ref = NULL;

  if (s->fields != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (s->fields);

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *v = json_object_get_member (s->fields, l->data);

          if (!node_is_string (v))
            {
              line_error (im, error, "%sthe value of the field “%s” must be a string", where, (char *) l->data);
              return FALSE;
            }
          g_ptr_array_add (names, l->data);
          g_ptr_array_add (values, (gpointer) json_node_get_string (v));
        }
    }
  if (s->entity != NULL && node_is_string (s->entity))
    entity_name = json_node_get_string (s->entity);
  else if (s->entity != NULL)
    {
      JsonObject *e = json_node_get_object (s->entity);

      if (!get_string (im, e, "id", where, &entity_id, error) ||
          !get_string (im, e, "name", where, &entity_name, error) ||
          !get_string (im, e, "ref", where, &entity_ref, error))
        return FALSE;
    }
  return gloss_exchange_apply_extras (im->store, im->report, id, names, values, entity_id, entity_name, entity_ref,
                                      created, modified, shown, error);
}

static gboolean
import_span (Import     *im,
             JsonNode   *node,
             const char *where,
             const char *doc_id,
             gint64      doc_pk,
             GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *quote = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *suffix = NULL;
  g_autofree char *now = NULL;
  const GlossTextIndex *index;
  gint64 length, label_pk, annotator_pk = 0;
  Span s;

  if (!read_span (im, node, where, &s, error))
    return FALSE;
  index = gloss_store_document_text (im->store, doc_pk, &local_error);
  if (index == NULL)
    {
      line_error (im, error, "%s%s", where, local_error->message);
      return FALSE;
    }
  length = gloss_text_index_get_length (index);
  if (s.start < 0 || s.end <= s.start || s.end > length)
    {
      line_error (im, error, "%sthe span [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") does not fit the document, "
                  "which has %" G_GINT64_FORMAT " characters", where, s.start, s.end, length);
      return FALSE;
    }
  quote = gloss_text_index_slice (index, s.start, s.end);
  if (s.quote != NULL && strcmp (s.quote, quote) != 0)
    {
      line_error (im, error, "%sthe quote “%s” does not match the text at [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                  "), which is “%s” (offsets count code points)", where, s.quote, s.start, s.end, quote);
      return FALSE;
    }
  if (*s.label == '\0')
    {
      line_error (im, error, "%sthe label is empty", where);
      return FALSE;
    }

  /* Spans without a Gloss id get a name-based one, so that importing the same file
   * twice adds nothing. */
  if (s.id != NULL && gloss_uuid_is_valid (s.id))
    id = g_ascii_strdown (s.id, -1);
  else
    {
      g_autofree char *name = NULL;

      if (s.id != NULL)
        name = g_strdup_printf ("jsonl span id %s", s.id);
      else if (s.has_int_id)
        name = g_strdup_printf ("jsonl span id %" G_GINT64_FORMAT, s.int_id);
      else
        name = g_strdup_printf ("jsonl span %" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%s", s.start, s.end, s.label);
      id = gloss_uuid_from_name (doc_id, name);
    }
  span_map_add (im, doc_id, &s, id);
  if (gloss_store_id_exists (im->store, "annotations", id))
    {
      im->report->annotations_present++;
      return TRUE;
    }

  label_pk = ensure_label (im, s.label, where, error);
  if (label_pk == 0)
    return FALSE;
  if (s.annotator != NULL && *s.annotator != '\0')
    {
      annotator_pk = ensure_annotator (im, s.annotator, where, error);
      if (annotator_pk < 0)
        return FALSE;
    }
  /* The index is the store's cache, borrowed: fetched again rather than trusted
   * across the store calls that added the label and the annotator. */
  index = gloss_store_document_text (im->store, doc_pk, error);
  if (index == NULL)
    return FALSE;
  prefix = gloss_text_index_slice (index, s.start - GLOSS_CONTEXT_CHARS, s.start);
  suffix = gloss_text_index_slice (index, s.end, s.end + GLOSS_CONTEXT_CHARS);
  now = gloss_now_iso8601 ();
  {
    GlossAnnotation a = {
      .id = id, .start = s.start, .end = s.end, .quote = quote, .prefix = prefix, .suffix = suffix,
      .note = (char *) (s.note && *s.note ? s.note : NULL),
      .created = (char *) (s.created ? s.created : now),
      .modified = (char *) (s.modified ? s.modified : s.created ? s.created : now),
    };

    if (!gloss_store_insert_annotation_row (im->store, &a, doc_pk, label_pk, annotator_pk, &local_error))
      {
        line_error (im, error, "%s%s", where, local_error->message);
        return FALSE;
      }
    if (!apply_span_extras (im, &s, id, a.created, a.modified, where, error))
      return FALSE;
  }
  im->report->annotations_added++;
  return TRUE;
}

static char *
title_from_text (const char *text)
{
  const char *nl = strchr (text, '\n');
  g_autofree char *line = nl ? g_strndup (text, nl - text) : g_strdup (text);
  glong n;

  g_strstrip (line);
  n = g_utf8_strlen (line, -1);
  if (n == 0)
    return g_strdup ("Untitled");
  if (n > 80)
    {
      g_autofree char *cut = g_utf8_substring (line, 0, 79);
      return g_strconcat (cut, "…", NULL);
    }
  return g_steal_pointer (&line);
}

/* Finds the line's document in the project (by id, then by text or sha256), or adds
 * it from its text. */
static gboolean
resolve_document (Import      *im,
                  JsonObject  *obj,
                  char       **out_id,
                  gint64      *out_pk,
                  GError     **error)
{
  const char *id = NULL, *title, *text, *sha256;
  g_autofree char *actual_sha = NULL;
  g_autofree char *new_id = NULL;
  g_autofree char *now = NULL;
  g_autofree char *made_title = NULL;
  g_autoptr(GlossDocument) same = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *id_node = json_object_get_member (obj, "id");
  gint64 pk;

  if (node_is_string (id_node))
    id = json_node_get_string (id_node);
  else if (id_node != NULL && !node_is_int (id_node) && !JSON_NODE_HOLDS_NULL (id_node))
    {
      line_error (im, error, "“id” must be a string or a number");
      return FALSE;
    }
  if (!get_string (im, obj, "title", "", &title, error) ||
      !get_string (im, obj, "text", "", &text, error) ||
      !get_string (im, obj, "sha256", "", &sha256, error))
    return FALSE;

  if (text != NULL)
    {
      gsize len = strlen (text);

      if (len == 0)
        {
          line_error (im, error, "the text is empty");
          return FALSE;
        }
      if (!gloss_text_is_storable (text, len, &local_error))
        {
          line_error (im, error, "%s", local_error->message);
          return FALSE;
        }
      actual_sha = gloss_sha256_hex (text, len);
      if (sha256 != NULL && g_ascii_strcasecmp (sha256, actual_sha) != 0)
        {
          line_error (im, error, "“sha256” does not match the text (the text's is %s)", actual_sha);
          return FALSE;
        }
      sha256 = actual_sha;
    }

  if (id != NULL && gloss_uuid_is_valid (id) && (pk = gloss_store_document_pk (im->store, id)) != 0)
    {
      g_autoptr(GlossDocument) mine = gloss_store_get_document (im->store, id, error);

      if (mine == NULL)
        return FALSE;
      if (sha256 != NULL && g_ascii_strcasecmp (mine->sha256, sha256) != 0)
        {
          line_error (im, error, "the project has a document with id %s but a different text", id);
          return FALSE;
        }
      im->report->documents_present++;
      *out_id = g_strdup (mine->id);
      *out_pk = pk;
      return TRUE;
    }

  if (sha256 != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (sha256, -1);

      same = gloss_store_find_document_by_sha256 (im->store, lower, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  if (same != NULL)
    {
      im->report->documents_matched++;
      if (id != NULL && g_strcmp0 (id, same->id) != 0)
        g_ptr_array_add (im->report->notes,
                         g_strdup_printf ("line %u: document %s has the same text as the project's “%s” (%s); "
                                          "its spans go there", im->line, id, same->title, same->id));
      *out_id = g_strdup (same->id);
      *out_pk = gloss_store_document_pk (im->store, same->id);
      return TRUE;
    }

  if (text == NULL)
    {
      line_error (im, error, "the document %s is not in the project, and the line has no “text” to add it from",
                  id ? id : sha256 ? sha256 : "(no id)");
      return FALSE;
    }

  if (id == NULL || !gloss_uuid_is_valid (id) || gloss_store_id_exists (im->store, "documents", id))
    id = new_id = gloss_uuid_new ();
  if (title == NULL || *title == '\0')
    title = made_title = title_from_text (text);
  now = gloss_now_iso8601 ();
  {
    GlossDocument doc = {
      .id = (char *) id, .title = (char *) title, .text = (char *) text, .format = (char *) "jsonl",
      .sha256 = actual_sha, .length = g_utf8_strlen (text, -1),
      .imported = now, .created = now, .modified = now,
    };
    GlossDocument *added;

    if (!gloss_store_insert_document_row (im->store, &doc, out_pk, &local_error))
      {
        line_error (im, error, "%s", local_error->message);
        return FALSE;
      }
    added = gloss_document_copy (&doc);
    g_clear_pointer (&added->text, g_free);
    g_ptr_array_add (im->report->new_documents, added);
  }
  im->report->documents_added++;
  *out_id = g_strdup (id);
  return TRUE;
}

/* A relation's span id: a string or doccano's number. */
static char *
id_text (JsonNode *node)
{
  if (node_is_string (node))
    return g_strdup (json_node_get_string (node));
  if (node_is_int (node))
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return NULL;
}

static gboolean
read_relations (Import     *im,
                JsonObject *obj,
                const char *doc_id,
                GError    **error)
{
  JsonNode *node = json_object_get_member (obj, "relations");
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      line_error (im, error, "“relations” must be an array");
      return FALSE;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *where = g_strdup_printf ("relations[%u]: ", i);
      g_autofree char *id = NULL;
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;
      const char *type = NULL, *to_document = NULL, *annotator = NULL, *created = NULL, *modified = NULL;
      PendingRelation *r;
      JsonObject *o;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          line_error (im, error, "%smust be an object {\"id\", \"from_id\", \"to_id\", \"type\"}", where);
          return FALSE;
        }
      o = json_node_get_object (element);
      id = id_text (json_object_get_member (o, "id"));
      from = id_text (json_object_get_member (o, "from_id"));
      to = id_text (json_object_get_member (o, "to_id"));
      if (from == NULL || to == NULL)
        {
          line_error (im, error, "%sneeds “from_id” and “to_id”", where);
          return FALSE;
        }
      if (!get_string (im, o, "type", where, &type, error) ||
          !get_string (im, o, "to_document", where, &to_document, error) ||
          !get_string (im, o, "annotator", where, &annotator, error) ||
          !get_string (im, o, "created", where, &created, error) ||
          !get_string (im, o, "modified", where, &modified, error))
        return FALSE;
      if (type == NULL || *type == '\0')
        {
          line_error (im, error, "%shas no “type”", where);
          return FALSE;
        }
      if ((created && !gloss_timestamp_is_valid (created)) || (modified && !gloss_timestamp_is_valid (modified)))
        {
          line_error (im, error, "%s“created” and “modified” must be UTC times such as 2026-01-31T12:00:00.000Z", where);
          return FALSE;
        }
      r = g_new0 (PendingRelation, 1);
      r->line = im->line;
      /* Gloss ids come back as themselves; others get a name-based one. */
      if (id != NULL && gloss_uuid_is_valid (id))
        r->id = g_ascii_strdown (id, -1);
      else
        {
          g_autofree char *name = g_strdup_printf ("jsonl relation %s:%s:%s:%s", id ? id : "", from, type, to);
          r->id = gloss_uuid_from_name (doc_id, name);
        }
      r->type = g_strdup (type);
      r->from_key = span_key (doc_id, from);
      r->to_key = span_key (to_document ? to_document : doc_id, to);
      r->annotator = g_strdup (annotator);
      r->created = g_strdup (created);
      r->modified = g_strdup (modified);
      g_ptr_array_add (im->relations, r);
    }
  return TRUE;
}

static gboolean
import_line (Import     *im,
             JsonObject *obj,
             GError    **error)
{
  g_autofree char *doc_id = NULL;
  JsonNode *spans = json_object_get_member (obj, "spans");
  const char *key = "spans";
  gint64 doc_pk = 0;

  if (!resolve_document (im, obj, &doc_id, &doc_pk, error))
    return FALSE;
  if (!read_relations (im, obj, doc_id, error))
    return FALSE;

  /* "spans" wins when both it and doccano's "label" are there: they hold the same spans. */
  if (spans == NULL || JSON_NODE_HOLDS_NULL (spans))
    {
      key = "entities";
      spans = json_object_get_member (obj, key);
    }
  if (spans == NULL || JSON_NODE_HOLDS_NULL (spans))
    {
      key = "label";
      spans = json_object_get_member (obj, key);
      /* doccano's text classification writes "label": ["cat", ...]: document
       * categories, not spans. */
      if (spans != NULL && JSON_NODE_HOLDS_ARRAY (spans) && json_array_get_length (json_node_get_array (spans)) > 0 &&
          node_is_string (json_array_get_element (json_node_get_array (spans), 0)))
        {
          g_ptr_array_add (im->report->notes,
                           g_strdup_printf ("line %u: the document categories in “label” were left out: "
                                            "Gloss labels spans, not documents", im->line));
          return TRUE;
        }
    }
  if (spans == NULL || JSON_NODE_HOLDS_NULL (spans))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (spans))
    {
      line_error (im, error, "“%s” must be an array", key);
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (spans)); i++)
    {
      g_autofree char *where = g_strdup_printf ("%s[%u]: ", key, i);

      if (!import_span (im, json_array_get_element (json_node_get_array (spans), i), where, doc_id, doc_pk, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
import_lines (Import     *im,
              const char *data,
              gsize       len,
              GError    **error)
{
  const char *p = data, *end = data + len;

  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    p += 3;
  for (im->line = 1; p < end; im->line++)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *line_end = nl ? nl : end;
      const char *q;
      g_autoptr(GError) local_error = NULL;
      JsonNode *root;

      for (q = p; q < line_end && g_ascii_isspace (*q); q++)
        ;
      if (q < line_end)
        {
          if (!json_parser_load_from_data (im->parser, p, line_end - p, &local_error))
            {
              const char *msg = local_error->message;
              guint l = 0, column = 0;
              int used = 0;

              /* json-glib says "<data>:1:15: Parse error: ..."; the line is ours, the
               * column is the useful part of the rest. */
              if (g_str_has_prefix (msg, "<data>:") &&
                  sscanf (msg + strlen ("<data>:"), "%u:%u: %n", &l, &column, &used) == 2 && used > 0)
                g_set_error (error, GLOSS_JSONL_ERROR, GLOSS_JSONL_ERROR_SYNTAX,
                             "line %u is not valid JSON: column %u: %s", im->line, column,
                             msg + strlen ("<data>:") + used);
              else
                g_set_error (error, GLOSS_JSONL_ERROR, GLOSS_JSONL_ERROR_SYNTAX, "line %u is not valid JSON: %s",
                             im->line, msg);
              return FALSE;
            }
          root = json_parser_get_root (im->parser);
          if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
            {
              line_error (im, error, "must be a JSON object (one document)");
              return FALSE;
            }
          if (!import_line (im, json_node_get_object (root), error))
            return FALSE;
        }
      p = nl ? nl + 1 : end;
    }
  return TRUE;
}

/**
 * gloss_jsonl_import_data:
 * @store: the project
 * @data: the JSON Lines text
 * @len: its length in bytes
 * @name: (nullable): the file name, for messages
 * @report: (nullable): gets counts and notes
 * @error: return location for an error
 *
 * Imports JSON Lines: each line a document, matched in the project by id, then by
 * text (sha256), or else added from its "text"; its spans ("spans", or doccano's
 * "label" [[start, end, "Label"], ...] or "entities") become annotations, with labels
 * found by name or added as tags. Offsets count code points. All in one
 * transaction: on an error, which names the line, nothing is added.
 *
 * Returns: %TRUE on success
 */
gboolean
gloss_jsonl_import_data (GlossStore         *store,
                         const char         *data,
                         gsize               len,
                         const char         *name,
                         GlossImportReport  *report,
                         GError            **error)
{
  g_autoptr(GlossImportReport) own_report = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *shown = g_strdup_printf ("“%s”", name ? name : "the JSON Lines data");
  Import im = { 0 };
  guint n_notes;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (store), FALSE);

  if (report == NULL)
    report = own_report = gloss_import_report_new ();
  if (!gloss_store_check_writable (store, error))
    return FALSE;

  im.store = store;
  im.report = report;
  im.parser = json_parser_new_immutable ();
  im.label_pks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  im.annotator_pks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  im.span_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  im.relations = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_relation_free);
  n_notes = report->notes->len;

  if (!gloss_store_op_begin (store, error))
    ok = FALSE;
  else
    {
      ok = import_lines (&im, data, len, &local_error);
      for (guint i = 0; ok && i < im.relations->len; i++)
        {
          PendingRelation *r = im.relations->pdata[i];
          g_autofree char *where = g_strdup_printf ("line %u: relation %s", r->line, r->id);

          ok = gloss_exchange_add_relation (store, report, r->id, r->type,
                                            g_hash_table_lookup (im.span_ids, r->from_key),
                                            g_hash_table_lookup (im.span_ids, r->to_key),
                                            r->annotator, r->created, r->modified, where, &local_error);
        }
      if (ok && (report->labels_added || report->documents_added || report->annotations_added))
        gloss_store_queue_change (store, GLOSS_CHANGE_ALL, NULL);
      ok = gloss_store_op_end (store, ok, ok ? &local_error : NULL) && ok;
    }
  g_clear_object (&im.parser);
  g_clear_pointer (&im.label_pks, g_hash_table_unref);
  g_clear_pointer (&im.annotator_pks, g_hash_table_unref);
  g_clear_pointer (&im.span_ids, g_hash_table_unref);
  g_clear_pointer (&im.relations, g_ptr_array_unref);

  if (!ok)
    {
      g_ptr_array_set_size (report->notes, n_notes);
      g_ptr_array_set_size (report->new_documents, 0);
      if (local_error != NULL && local_error->domain == GLOSS_JSONL_ERROR)
        g_set_error (error, local_error->domain, local_error->code, "%s: %s", shown, local_error->message);
      else if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/**
 * gloss_jsonl_import_file:
 * @store: the project
 * @path: a JSON Lines file
 * @report: (nullable): see gloss_jsonl_import_data()
 * @error: return location for an error
 *
 * As gloss_jsonl_import_data() on the contents of @path (mapped, not copied).
 *
 * Returns: %TRUE on success
 */
gboolean
gloss_jsonl_import_file (GlossStore         *store,
                         const char         *path,
                         GlossImportReport  *report,
                         GError            **error)
{
  g_autoptr(GMappedFile) mapped = gloss_map_import_file (path, GLOSS_JSONL_ERROR, GLOSS_JSONL_ERROR_SYNTAX, error);
  g_autofree char *base = g_path_get_basename (path);

  if (mapped == NULL)
    return FALSE;
  return gloss_jsonl_import_data (store, g_mapped_file_get_contents (mapped), g_mapped_file_get_length (mapped),
                                  base, report, error);
}

/**
 * gloss_jsonl_sniff:
 * @data: the start of a file; it must hold the whole first non-empty line
 * @len: its length
 *
 * Tells whether the data looks like JSON Lines of documents with spans: the first
 * non-empty line is one JSON object with "text" or "id" and "spans", "label" or
 * "entities", and it is not Web Annotation or Gloss JSON (no "type", "@context" or
 * "format").
 *
 * Returns: %TRUE when it looks like JSON Lines Gloss can import
 */
gboolean
gloss_jsonl_sniff (const char *data,
                   gsize       len)
{
  g_autoptr(JsonParser) parser = NULL;
  const char *p, *end, *nl;
  JsonObject *obj;

  if (data == NULL)
    return FALSE;
  p = data;
  end = data + len;
  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    p += 3;
  while (p < end && g_ascii_isspace (*p))
    p++;
  if (p >= end || *p != '{')
    return FALSE;
  nl = memchr (p, '\n', end - p);
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, p, (nl ? nl : end) - p, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;
  obj = json_node_get_object (json_parser_get_root (parser));
  if (json_object_has_member (obj, "type") || json_object_has_member (obj, "@context") ||
      json_object_has_member (obj, "format"))
    return FALSE;
  return (json_object_has_member (obj, "text") || json_object_has_member (obj, "id")) &&
         (json_object_has_member (obj, "spans") || json_object_has_member (obj, "label") ||
          json_object_has_member (obj, "entities"));
}

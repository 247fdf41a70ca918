/* gloss-json.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-json"

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>
#include <glib/gstdio.h>

#include "gloss-json.h"
#include "gloss-json-scan.h"
#include "gloss-json-writer.h"
#include "gloss-store-private.h"

G_DEFINE_QUARK (gloss-json-error-quark, gloss_json_error)

/* ------------------------------------------------------------------------- */
/* Export                                                                     */

static void
column_member (GlossJsonWriter *w,
               const char      *key,
               sqlite3_stmt    *stmt,
               int              col)
{
  gloss_json_writer_key (w, key);
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    gloss_json_writer_null (w);
  else
    gloss_json_writer_string_len (w, (const char *) sqlite3_column_text (stmt, col), sqlite3_column_bytes (stmt, col));
}

static void
write_metadata (GlossJsonWriter *w,
                sqlite3_stmt    *stmt,
                int              col)
{
  const char *text = (const char *) sqlite3_column_text (stmt, col);
  g_autoptr(JsonParser) parser = NULL;

  gloss_json_writer_key (w, "metadata");
  if (text == NULL)
    {
      gloss_json_writer_null (w);
      return;
    }
  parser = json_parser_new ();
  if (json_parser_load_from_data (parser, text, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    gloss_json_writer_node (w, json_parser_get_root (parser));
  else
    gloss_json_writer_null (w);
}

static gboolean
step_error (GlossStore *store,
            int         rc,
            const char *what,
            GError    **error)
{
  if (rc == SQLITE_DONE)
    return TRUE;
  gloss_store_set_sqlite_error (store, rc, what, error);
  return FALSE;
}

gboolean
gloss_json_export (GlossStore             *store,
                   const GlossScope       *scope,
                   GOutputStream          *out,
                   GCancellable           *cancellable,
                   GError                **error)
{
  g_autoptr(GlossJsonWriter) w = NULL;
  g_autoptr(GArray) doc_pks = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3 *db = gloss_store_get_db (store);
  sqlite3_stmt *stmt = NULL;
  GlossScopeSql sql;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (store), FALSE);

  if (!gloss_scope_sql_init (store, scope, &sql, error))
    return FALSE;

  /* One read transaction, so the export is one consistent snapshot even while the
   * app or another process writes. */
  if (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    {
      gloss_store_set_sqlite_error (store, sqlite3_errcode (db), "starting the export", error);
      gloss_scope_sql_clear (&sql);
      return FALSE;
    }

  w = gloss_json_writer_new (out);
  gloss_json_writer_begin_object (w);
  gloss_json_writer_member_string (w, "format", "gloss");
  gloss_json_writer_member_int (w, "version", GLOSS_JSON_VERSION);

  /* Labels */
  gloss_json_writer_key (w, "labels");
  gloss_json_writer_begin_array (w);
  rc = sqlite3_prepare_v2 (db,
      "SELECT id, name, kind, colour, shortcut, description, position, created, modified FROM labels "
      "WHERE deleted = 0 AND (?1 IS NULL OR id IN (SELECT value FROM json_each (?1))) "
      "ORDER BY position, name, id", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    goto sql_error;
  sqlite3_bind_text (stmt, 1, sql.label_ids, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gloss_json_writer_begin_object (w);
      column_member (w, "id", stmt, 0);
      column_member (w, "name", stmt, 1);
      column_member (w, "kind", stmt, 2);
      column_member (w, "colour", stmt, 3);
      column_member (w, "shortcut", stmt, 4);
      column_member (w, "description", stmt, 5);
      gloss_json_writer_member_int (w, "position", sqlite3_column_int64 (stmt, 6));
      column_member (w, "created", stmt, 7);
      column_member (w, "modified", stmt, 8);
      gloss_json_writer_end_object (w);
    }
  if (!step_error (store, rc, "exporting labels", error))
    goto out;
  g_clear_pointer (&stmt, sqlite3_finalize);
  gloss_json_writer_end_array (w);

  /* Annotators who made at least one exported annotation */
  gloss_json_writer_key (w, "annotators");
  gloss_json_writer_begin_array (w);
  rc = sqlite3_prepare_v2 (db,
      "SELECT p.id, p.name, p.created, p.modified FROM annotators p WHERE EXISTS ("
      "  SELECT 1 FROM annotations a JOIN documents d ON d.pk = a.document JOIN labels l ON l.pk = a.label "
      "  WHERE a.annotator = p.pk AND a.deleted = 0 AND d.deleted = 0 "
      "  AND l.deleted = 0 "
      "  AND (?1 IS NULL OR d.id IN (SELECT value FROM json_each (?1))) "
      "  AND (?2 IS NULL OR l.id IN (SELECT value FROM json_each (?2))) "
      "  AND (?3 IS NULL OR p.name IN (SELECT value FROM json_each (?3))) "
      "  AND (?4 IS NULL OR a.created >= ?4) "
      "  AND (?5 IS NULL OR a.created < ?5)) "
      "ORDER BY p.name, p.id", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    goto sql_error;
  sqlite3_bind_text (stmt, 1, sql.document_ids, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, sql.label_ids, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, sql.annotators, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, sql.since, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, sql.until, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gloss_json_writer_begin_object (w);
      column_member (w, "id", stmt, 0);
      column_member (w, "name", stmt, 1);
      column_member (w, "created", stmt, 2);
      column_member (w, "modified", stmt, 3);
      gloss_json_writer_end_object (w);
    }
  if (!step_error (store, rc, "exporting annotators", error))
    goto out;
  g_clear_pointer (&stmt, sqlite3_finalize);
  gloss_json_writer_end_array (w);

  /* Documents, with their full text */
  gloss_json_writer_key (w, "documents");
  gloss_json_writer_begin_array (w);
  rc = sqlite3_prepare_v2 (db,
      "SELECT pk, id, title, source, format, sha256, length, imported, created, modified, metadata, text "
      "FROM documents WHERE deleted = 0 AND (?1 IS NULL OR id IN (SELECT value FROM json_each (?1))) "
      "ORDER BY pk", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    goto sql_error;
  sqlite3_bind_text (stmt, 1, sql.document_ids, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 pk = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (doc_pks, pk);
      gloss_json_writer_begin_object (w);
      column_member (w, "id", stmt, 1);
      column_member (w, "title", stmt, 2);
      column_member (w, "source", stmt, 3);
      column_member (w, "format", stmt, 4);
      column_member (w, "sha256", stmt, 5);
      gloss_json_writer_member_int (w, "length", sqlite3_column_int64 (stmt, 6));
      column_member (w, "imported", stmt, 7);
      column_member (w, "created", stmt, 8);
      column_member (w, "modified", stmt, 9);
      write_metadata (w, stmt, 10);
      column_member (w, "text", stmt, 11);
      gloss_json_writer_end_object (w);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
    }
  if (!step_error (store, rc, "exporting documents", error))
    goto out;
  g_clear_pointer (&stmt, sqlite3_finalize);
  gloss_json_writer_end_array (w);

  /* Annotations, document by document in text order: each document's rows come
   * straight off the (document, deleted, start, end) index, so a million rows need
   * no sort and no memory. */
  gloss_json_writer_key (w, "annotations");
  gloss_json_writer_begin_array (w);
  rc = sqlite3_prepare_v2 (db,
      "SELECT a.id, d.id, l.id, a.span_start, a.span_end, a.quote, a.prefix, a.suffix, a.note, p.name, "
      "       a.created, a.modified "
      "FROM annotations a JOIN documents d ON d.pk = a.document JOIN labels l ON l.pk = a.label "
      "LEFT JOIN annotators p ON p.pk = a.annotator "
      "WHERE a.document = ?1 AND a.deleted = 0 AND l.deleted = 0 "
      "AND (?2 IS NULL OR l.id IN (SELECT value FROM json_each (?2))) "
      "AND (?3 IS NULL OR p.name IN (SELECT value FROM json_each (?3))) "
      "AND (?4 IS NULL OR a.created >= ?4) "
      "AND (?5 IS NULL OR a.created < ?5) "
      "ORDER BY a.span_start, a.span_end, a.id", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    goto sql_error;
  for (guint i = 0; i < doc_pks->len; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, g_array_index (doc_pks, gint64, i));
      sqlite3_bind_text (stmt, 2, sql.label_ids, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, sql.annotators, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, sql.since, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, sql.until, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gloss_json_writer_begin_object (w);
          column_member (w, "id", stmt, 0);
          column_member (w, "document", stmt, 1);
          column_member (w, "label", stmt, 2);
          gloss_json_writer_member_int (w, "start", sqlite3_column_int64 (stmt, 3));
          gloss_json_writer_member_int (w, "end", sqlite3_column_int64 (stmt, 4));
          column_member (w, "quote", stmt, 5);
          column_member (w, "prefix", stmt, 6);
          column_member (w, "suffix", stmt, 7);
          column_member (w, "note", stmt, 8);
          column_member (w, "annotator", stmt, 9);
          column_member (w, "created", stmt, 10);
          column_member (w, "modified", stmt, 11);
          gloss_json_writer_end_object (w);
        }
      if (!step_error (store, rc, "exporting annotations", error))
        goto out;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  gloss_json_writer_end_array (w);

  gloss_json_writer_end_object (w);
  ok = gloss_json_writer_finish (w, cancellable, error);
  goto out;

sql_error:
  gloss_store_set_sqlite_error (store, rc, "exporting", error);
out:
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  gloss_scope_sql_clear (&sql);
  return ok;
}

gboolean
gloss_json_export_to_file (GlossStore             *store,
                           const GlossScope       *scope,
                           const char             *path,
                           GCancellable           *cancellable,
                           GError                **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GOutputStream) buffered = NULL;
  gboolean ok;

  /* g_file_replace writes a temporary file and renames it on a successful close. */
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable, error);
  if (out == NULL)
    return FALSE;
  ok = gloss_json_export (store, scope, G_OUTPUT_STREAM (out), cancellable, error);
  if (!ok)
    {
      /* Cancelling the close drops the temporary file and keeps any old one. */
      g_autoptr(GCancellable) abort = g_cancellable_new ();
      g_cancellable_cancel (abort);
      g_output_stream_close (G_OUTPUT_STREAM (out), abort, NULL);
      return FALSE;
    }
  return g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, error);
}

/* ------------------------------------------------------------------------- */
/* Import                                                                     */

GlossImportReport *
gloss_import_report_new (void)
{
  GlossImportReport *report = g_new0 (GlossImportReport, 1);

  report->new_documents = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_document_free);
  report->notes = g_ptr_array_new_with_free_func (g_free);
  return report;
}

void
gloss_import_report_free (GlossImportReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->new_documents);
  g_ptr_array_unref (report->notes);
  g_free (report);
}

gboolean
gloss_json_is_json_path (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".json");
}

typedef struct {
  GlossStore        *store;
  const char        *data;
  const char        *name;       /* for messages */
  GlossImportReport *report;
  JsonParser        *parser;
  GHashTable        *label_pks;  /* id in file -> pk (gint64 boxed) */
  GHashTable        *doc_pks;    /* id in file -> pk */
  GHashTable        *doc_titles; /* id in file -> title */
  GHashTable        *annotator_pks; /* name -> pk */
} Import;

static void
import_clear (Import *im)
{
  g_clear_object (&im->parser);
  g_clear_pointer (&im->label_pks, g_hash_table_unref);
  g_clear_pointer (&im->doc_pks, g_hash_table_unref);
  g_clear_pointer (&im->doc_titles, g_hash_table_unref);
  g_clear_pointer (&im->annotator_pks, g_hash_table_unref);
}

static void
map_insert (GHashTable *map, const char *key, gint64 pk)
{
  g_hash_table_insert (map, g_strdup (key), g_memdup2 (&pk, sizeof pk));
}

static gint64
map_lookup (GHashTable *map, const char *key)
{
  gint64 *pk = key ? g_hash_table_lookup (map, key) : NULL;

  return pk ? *pk : 0;
}

/* Every message about an item says which one: "annotations[12] (id …)". */
static void G_GNUC_PRINTF (5, 6)
item_error (GError    **error,
            const char *array,
            guint       index,
            const char *id,
            const char *format,
            ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  if (id != NULL)
    g_set_error (error, GLOSS_JSON_ERROR, GLOSS_JSON_ERROR_INVALID, "%s[%u] (id %s): %s", array, index, id, what);
  else
    g_set_error (error, GLOSS_JSON_ERROR, GLOSS_JSON_ERROR_INVALID, "%s[%u]: %s", array, index, what);
}

/* Reads member @key of @obj as a string. A missing or null member gives NULL when
 * @optional; any other type is an error. */
static gboolean
get_string (JsonObject *obj,
            const char *key,
            gboolean    optional,
            const char **out,
            const char *array,
            guint       index,
            const char *id,
            GError    **error)
{
  JsonNode *node = json_object_get_member (obj, key);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (optional)
        return TRUE;
      item_error (error, array, index, id, "“%s” is missing", key);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      item_error (error, array, index, id, "“%s” must be a string", key);
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_int (JsonObject *obj,
         const char *key,
         gboolean    optional,
         gint64     *out,
         gboolean   *present,
         const char *array,
         guint       index,
         const char *id,
         GError    **error)
{
  JsonNode *node = json_object_get_member (obj, key);

  if (present)
    *present = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (optional)
        return TRUE;
      item_error (error, array, index, id, "“%s” is missing", key);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      item_error (error, array, index, id, "“%s” must be a whole number", key);
      return FALSE;
    }
  *out = json_node_get_int (node);
  if (present)
    *present = TRUE;
  return TRUE;
}

static gboolean
check_id (const char *id,
          const char *array,
          guint       index,
          GError    **error)
{
  if (!gloss_uuid_is_valid (id))
    {
      item_error (error, array, index, NULL, "“%s” is not a valid id (a UUID)", id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_times (const char  *id,
             const char **created,
             const char **modified,
             const char  *array,
             guint        index,
             GError     **error)
{
  if (*created && !gloss_timestamp_is_valid (*created))
    {
      item_error (error, array, index, id, "“created” is not a UTC time such as 2026-01-31T12:00:00.000Z");
      return FALSE;
    }
  if (*modified && !gloss_timestamp_is_valid (*modified))
    {
      item_error (error, array, index, id, "“modified” is not a UTC time such as 2026-01-31T12:00:00.000Z");
      return FALSE;
    }
  return TRUE;
}

/* Parses item @index of an array into an object. */
static JsonObject *
parse_item (Import     *im,
            gsize       offset,
            gsize       length,
            const char *array,
            guint       index,
            GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (im->parser, im->data + offset, length, &local_error))
    {
      item_error (error, array, index, NULL, "%s", local_error->message);
      return NULL;
    }
  root = json_parser_get_root (im->parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      item_error (error, array, index, NULL, "must be an object");
      return NULL;
    }
  return json_node_get_object (root);
}

static gboolean
import_label (Import     *im,
              JsonObject *obj,
              guint       index,
              GError    **error)
{
  const char *id, *name, *kind, *colour, *shortcut, *description, *created, *modified;
  g_autoptr(GlossLabel) existing = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *now = NULL;
  gint64 position = G_MAXINT, pk = 0;
  gboolean has_position;

  if (!get_string (obj, "id", FALSE, &id, "labels", index, NULL, error) ||
      !check_id (id, "labels", index, error) ||
      !get_string (obj, "name", FALSE, &name, "labels", index, id, error) ||
      !get_string (obj, "kind", TRUE, &kind, "labels", index, id, error) ||
      !get_string (obj, "colour", TRUE, &colour, "labels", index, id, error) ||
      !get_string (obj, "shortcut", TRUE, &shortcut, "labels", index, id, error) ||
      !get_string (obj, "description", TRUE, &description, "labels", index, id, error) ||
      !get_int (obj, "position", TRUE, &position, &has_position, "labels", index, id, error) ||
      !get_string (obj, "created", TRUE, &created, "labels", index, id, error) ||
      !get_string (obj, "modified", TRUE, &modified, "labels", index, id, error) ||
      !check_times (id, &created, &modified, "labels", index, error))
    return FALSE;

  if (gloss_store_id_exists (im->store, "labels", id))
    {
      pk = gloss_store_label_pk (im->store, id);
      if (pk == 0)
        {
          item_error (error, "labels", index, id, "the label “%s” was deleted in this project", name);
          return FALSE;
        }
      map_insert (im->label_pks, id, pk);
      return TRUE;
    }

  existing = gloss_store_find_label_by_name (im->store, name, NULL);
  if (existing != NULL)
    {
      map_insert (im->label_pks, id, gloss_store_label_pk (im->store, existing->id));
      im->report->labels_matched++;
      g_ptr_array_add (im->report->notes,
                       g_strdup_printf ("label “%s” (%s) matched the project's label of the same name (%s)",
                                        name, id, existing->id));
      return TRUE;
    }

  now = gloss_now_iso8601 ();
  {
    GlossLabel label = {
      .id = (char *) id, .name = (char *) name,
      .kind = (char *) (kind ? kind : GLOSS_LABEL_KIND_TAG),
      .colour = (char *) (colour ? colour : "#3584e4"),
      .shortcut = (char *) shortcut, .description = (char *) description,
      .position = has_position ? (int) CLAMP (position, 0, G_MAXINT) : G_MAXINT,
      .created = (char *) (created ? created : now),
      .modified = (char *) (modified ? modified : created ? created : now),
    };

    if (!gloss_store_insert_label_row (im->store, &label, &pk, &local_error))
      {
        /* A shortcut key the project already gives another label is dropped rather
         * than refusing the whole file. */
        if (g_error_matches (local_error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE) && shortcut != NULL)
          {
            g_clear_error (&local_error);
            label.shortcut = NULL;
            if (gloss_store_insert_label_row (im->store, &label, &pk, &local_error))
              g_ptr_array_add (im->report->notes,
                               g_strdup_printf ("label “%s”: shortcut key “%s” is taken in this project and was left out",
                                                name, shortcut));
          }
        if (local_error != NULL)
          {
            item_error (error, "labels", index, id, "%s", local_error->message);
            return FALSE;
          }
      }
  }
  map_insert (im->label_pks, id, pk);
  im->report->labels_added++;
  return TRUE;
}

static gboolean
import_annotator (Import     *im,
                  JsonObject *obj,
                  guint       index,
                  GError    **error)
{
  const char *id, *name, *created, *modified;
  g_autoptr(GError) local_error = NULL;
  gboolean existed;
  gint64 pk;

  if (!get_string (obj, "id", FALSE, &id, "annotators", index, NULL, error) ||
      !check_id (id, "annotators", index, error) ||
      !get_string (obj, "name", FALSE, &name, "annotators", index, id, error) ||
      !get_string (obj, "created", TRUE, &created, "annotators", index, id, error) ||
      !get_string (obj, "modified", TRUE, &modified, "annotators", index, id, error) ||
      !check_times (id, &created, &modified, "annotators", index, error))
    return FALSE;
  if (*name == '\0')
    {
      item_error (error, "annotators", index, id, "the name is empty");
      return FALSE;
    }

  existed = gloss_store_id_exists (im->store, "annotators", id);
  pk = gloss_store_ensure_annotator (im->store, name, id, created, &local_error);
  if (pk <= 0)
    {
      item_error (error, "annotators", index, id, "%s", local_error ? local_error->message : "cannot be added");
      return FALSE;
    }
  if (!existed && gloss_store_id_exists (im->store, "annotators", id))
    im->report->annotators_added++;
  g_hash_table_insert (im->annotator_pks, g_strdup (name), g_memdup2 (&pk, sizeof pk));
  return TRUE;
}

static gboolean
import_document (Import     *im,
                 JsonObject *obj,
                 guint       index,
                 GError    **error)
{
  const char *id, *title, *text, *source, *format, *sha256, *imported, *created, *modified;
  g_autofree char *actual_sha = NULL;
  g_autofree char *metadata = NULL;
  g_autofree char *now = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GlossDocument) same = NULL;
  JsonNode *meta_node;
  gint64 length = -1, pk = 0, actual_length;
  gboolean has_length;
  gsize text_len;

  if (!get_string (obj, "id", FALSE, &id, "documents", index, NULL, error) ||
      !check_id (id, "documents", index, error) ||
      !get_string (obj, "title", FALSE, &title, "documents", index, id, error) ||
      !get_string (obj, "text", FALSE, &text, "documents", index, id, error) ||
      !get_string (obj, "source", TRUE, &source, "documents", index, id, error) ||
      !get_string (obj, "format", TRUE, &format, "documents", index, id, error) ||
      !get_string (obj, "sha256", TRUE, &sha256, "documents", index, id, error) ||
      !get_int (obj, "length", TRUE, &length, &has_length, "documents", index, id, error) ||
      !get_string (obj, "imported", TRUE, &imported, "documents", index, id, error) ||
      !get_string (obj, "created", TRUE, &created, "documents", index, id, error) ||
      !get_string (obj, "modified", TRUE, &modified, "documents", index, id, error) ||
      !check_times (id, &created, &modified, "documents", index, error))
    return FALSE;
  if (imported && !gloss_timestamp_is_valid (imported))
    {
      item_error (error, "documents", index, id, "“imported” is not a UTC time such as 2026-01-31T12:00:00.000Z");
      return FALSE;
    }

  text_len = strlen (text);
  if (text_len == 0)
    {
      item_error (error, "documents", index, id, "the text is empty");
      return FALSE;
    }
  if (!gloss_text_is_storable (text, text_len, &local_error))
    {
      item_error (error, "documents", index, id, "%s", local_error->message);
      return FALSE;
    }
  actual_sha = gloss_sha256_hex (text, text_len);
  if (sha256 != NULL && g_ascii_strcasecmp (sha256, actual_sha) != 0)
    {
      item_error (error, "documents", index, id, "“sha256” does not match the text (the text is %s)", actual_sha);
      return FALSE;
    }
  actual_length = g_utf8_strlen (text, text_len);
  if (has_length && length != actual_length)
    {
      item_error (error, "documents", index, id, "“length” is %" G_GINT64_FORMAT " but the text has %"
                  G_GINT64_FORMAT " characters", length, actual_length);
      return FALSE;
    }
  meta_node = json_object_get_member (obj, "metadata");
  if (meta_node != NULL && !JSON_NODE_HOLDS_NULL (meta_node))
    {
      g_autoptr(JsonGenerator) gen = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (meta_node))
        {
          item_error (error, "documents", index, id, "“metadata” must be an object");
          return FALSE;
        }
      gen = json_generator_new ();
      json_generator_set_root (gen, meta_node);
      metadata = json_generator_to_data (gen, NULL);
    }

  g_hash_table_insert (im->doc_titles, g_strdup (id), g_strdup (title));

  if (gloss_store_id_exists (im->store, "documents", id))
    {
      g_autoptr(GlossDocument) mine = gloss_store_get_document (im->store, id, NULL);

      if (mine == NULL)
        {
          item_error (error, "documents", index, id, "the document “%s” was deleted in this project", title);
          return FALSE;
        }
      if (g_strcmp0 (mine->sha256, actual_sha) != 0)
        {
          item_error (error, "documents", index, id,
                      "the project has a document with this id but a different text");
          return FALSE;
        }
      map_insert (im->doc_pks, id, gloss_store_document_pk (im->store, id));
      im->report->documents_present++;
      return TRUE;
    }

  same = gloss_store_find_document_by_sha256 (im->store, actual_sha, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (same != NULL)
    {
      map_insert (im->doc_pks, id, gloss_store_document_pk (im->store, same->id));
      im->report->documents_matched++;
      g_ptr_array_add (im->report->notes,
                       g_strdup_printf ("document “%s” (%s) has the same text as the project's “%s” (%s); "
                                        "its annotations go there", title, id, same->title, same->id));
      return TRUE;
    }

  now = gloss_now_iso8601 ();
  {
    GlossDocument doc = {
      .id = (char *) id, .title = (char *) title, .text = (char *) text,
      .source = (char *) source, .format = (char *) (format ? format : "txt"),
      .sha256 = actual_sha, .length = actual_length, .metadata = metadata,
      .imported = (char *) (imported ? imported : now),
      .created = (char *) (created ? created : now),
      .modified = (char *) (modified ? modified : created ? created : now),
    };
    GlossDocument *added;

    if (!gloss_store_insert_document_row (im->store, &doc, &pk, &local_error))
      {
        item_error (error, "documents", index, id, "%s", local_error->message);
        return FALSE;
      }
    added = gloss_document_copy (&doc);
    g_clear_pointer (&added->text, g_free);
    g_ptr_array_add (im->report->new_documents, added);
  }
  map_insert (im->doc_pks, id, pk);
  im->report->documents_added++;
  return TRUE;
}

static gboolean
import_annotation (Import     *im,
                   JsonObject *obj,
                   guint       index,
                   GError    **error)
{
  const char *id, *document, *label, *quote, *note, *annotator, *created, *modified;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *actual = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *suffix = NULL;
  g_autofree char *now = NULL;
  const GlossTextIndex *text;
  gint64 start = 0, end = 0, doc_pk, label_pk, annotator_pk = 0, length;

  if (!get_string (obj, "id", FALSE, &id, "annotations", index, NULL, error) ||
      !check_id (id, "annotations", index, error) ||
      !get_string (obj, "document", FALSE, &document, "annotations", index, id, error) ||
      !get_string (obj, "label", FALSE, &label, "annotations", index, id, error) ||
      !get_int (obj, "start", FALSE, &start, NULL, "annotations", index, id, error) ||
      !get_int (obj, "end", FALSE, &end, NULL, "annotations", index, id, error) ||
      !get_string (obj, "quote", FALSE, &quote, "annotations", index, id, error) ||
      !get_string (obj, "note", TRUE, &note, "annotations", index, id, error) ||
      !get_string (obj, "annotator", TRUE, &annotator, "annotations", index, id, error) ||
      !get_string (obj, "created", TRUE, &created, "annotations", index, id, error) ||
      !get_string (obj, "modified", TRUE, &modified, "annotations", index, id, error) ||
      !check_times (id, &created, &modified, "annotations", index, error))
    return FALSE;

  if (gloss_store_id_exists (im->store, "annotations", id))
    {
      im->report->annotations_present++;
      return TRUE;
    }

  doc_pk = map_lookup (im->doc_pks, document);
  if (doc_pk == 0)
    doc_pk = gloss_store_document_pk (im->store, document);
  if (doc_pk == 0)
    {
      item_error (error, "annotations", index, id, "unknown document %s", document);
      return FALSE;
    }
  label_pk = map_lookup (im->label_pks, label);
  if (label_pk == 0)
    label_pk = gloss_store_label_pk (im->store, label);
  if (label_pk == 0)
    {
      item_error (error, "annotations", index, id, "unknown label %s", label);
      return FALSE;
    }

  text = gloss_store_document_text (im->store, doc_pk, &local_error);
  if (text == NULL)
    {
      item_error (error, "annotations", index, id, "%s", local_error->message);
      return FALSE;
    }
  length = gloss_text_index_get_length (text);
  if (start < 0 || end <= start || end > length)
    {
      const char *title = g_hash_table_lookup (im->doc_titles, document);

      item_error (error, "annotations", index, id,
                  "the span [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") does not fit document %s%s%s%s, "
                  "which has %" G_GINT64_FORMAT " characters",
                  start, end, document, title ? " (“" : "", title ? title : "", title ? "”)" : "", length);
      return FALSE;
    }
  actual = gloss_text_index_slice (text, start, end);
  if (strcmp (actual, quote) != 0)
    {
      item_error (error, "annotations", index, id,
                  "the quote “%s” does not match the text at [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "), which is “%s”",
                  quote, start, end, actual);
      return FALSE;
    }

  if (annotator != NULL && *annotator != '\0')
    {
      gint64 *known = g_hash_table_lookup (im->annotator_pks, annotator);

      annotator_pk = known ? *known : gloss_store_ensure_annotator (im->store, annotator, NULL, NULL, &local_error);
      if (annotator_pk < 0)
        {
          item_error (error, "annotations", index, id, "%s", local_error->message);
          return FALSE;
        }
      if (!known)
        g_hash_table_insert (im->annotator_pks, g_strdup (annotator), g_memdup2 (&annotator_pk, sizeof annotator_pk));
    }

  /* Context is recomputed from the stored text, the one source of truth. */
  prefix = gloss_text_index_slice (text, start - GLOSS_CONTEXT_CHARS, start);
  suffix = gloss_text_index_slice (text, end, end + GLOSS_CONTEXT_CHARS);
  now = gloss_now_iso8601 ();
  {
    GlossAnnotation a = {
      .id = (char *) id, .start = start, .end = end, .quote = actual,
      .prefix = prefix, .suffix = suffix, .note = (char *) (note && *note ? note : NULL),
      .created = (char *) (created ? created : now),
      .modified = (char *) (modified ? modified : created ? created : now),
    };

    if (!gloss_store_insert_annotation_row (im->store, &a, doc_pk, label_pk, annotator_pk, &local_error))
      {
        item_error (error, "annotations", index, id, "%s", local_error->message);
        return FALSE;
      }
  }
  im->report->annotations_added++;
  return TRUE;
}

typedef gboolean (*ImportItemFunc) (Import *im, JsonObject *obj, guint index, GError **error);

static gboolean
import_array (Import           *im,
              GPtrArray        *members,
              const char       *key,
              ImportItemFunc    func,
              GError          **error)
{
  const GlossJsonMember *member = NULL;
  GlossJsonArrayIter iter;
  gsize offset, length;

  for (guint i = 0; i < members->len && member == NULL; i++)
    if (g_str_equal (((GlossJsonMember *) members->pdata[i])->key, key))
      member = members->pdata[i];
  if (member == NULL)
    return TRUE;
  if (member->kind != '[')
    {
      g_set_error (error, GLOSS_JSON_ERROR, GLOSS_JSON_ERROR_INVALID, "“%s” must be an array.", key);
      return FALSE;
    }

  gloss_json_array_iter_init (&iter, im->data, member);
  while (gloss_json_array_iter_next (&iter, &offset, &length))
    {
      guint index = iter.index - 1;
      JsonObject *obj = parse_item (im, offset, length, key, index, error);

      if (obj == NULL || !func (im, obj, index, error))
        return FALSE;
    }
  return TRUE;
}

static const GlossJsonMember *
find_member (GPtrArray *members, const char *key)
{
  for (guint i = 0; i < members->len; i++)
    if (g_str_equal (((GlossJsonMember *) members->pdata[i])->key, key))
      return members->pdata[i];
  return NULL;
}

static gboolean
check_header (const char *data,
              GPtrArray  *members,
              const char *shown,
              GError    **error)
{
  const GlossJsonMember *format = find_member (members, "format");
  const GlossJsonMember *version = find_member (members, "version");
  g_autoptr(JsonNode) format_node = NULL;
  g_autoptr(JsonNode) version_node = NULL;
  gint64 v;

  if (format != NULL)
    format_node = gloss_json_parse_slice (data, format->offset, format->length, NULL);
  if (format_node == NULL || !JSON_NODE_HOLDS_VALUE (format_node) ||
      json_node_get_value_type (format_node) != G_TYPE_STRING ||
      g_strcmp0 (json_node_get_string (format_node), "gloss") != 0)
    {
      g_set_error (error, GLOSS_JSON_ERROR, GLOSS_JSON_ERROR_FORMAT,
                   "%s is JSON but not a Gloss export (it has no \"format\": \"gloss\").", shown);
      return FALSE;
    }
  if (version != NULL)
    version_node = gloss_json_parse_slice (data, version->offset, version->length, NULL);
  if (version_node == NULL || !JSON_NODE_HOLDS_VALUE (version_node) ||
      json_node_get_value_type (version_node) != G_TYPE_INT64)
    {
      g_set_error (error, GLOSS_JSON_ERROR, GLOSS_JSON_ERROR_FORMAT,
                   "%s has no whole-number \"version\".", shown);
      return FALSE;
    }
  v = json_node_get_int (version_node);
  if (v > GLOSS_JSON_VERSION)
    {
      g_set_error (error, GLOSS_JSON_ERROR, GLOSS_JSON_ERROR_VERSION,
                   "%s was written by a newer version of Gloss (format version %" G_GINT64_FORMAT
                   "; this version reads up to %d). Update Gloss to import it.", shown, v, GLOSS_JSON_VERSION);
      return FALSE;
    }
  if (v < 1)
    {
      g_set_error (error, GLOSS_JSON_ERROR, GLOSS_JSON_ERROR_FORMAT,
                   "%s has an unknown format version %" G_GINT64_FORMAT ".", shown, v);
      return FALSE;
    }
  return TRUE;
}

gboolean
gloss_json_import_data (GlossStore         *store,
                        const char         *data,
                        gsize               len,
                        const char         *name,
                        GlossImportReport  *report,
                        GError            **error)
{
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GlossImportReport) own_report = NULL;
  g_autofree char *shown = g_strdup_printf ("“%s”", name ? name : "the JSON data");
  Import im = { 0 };
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (store), FALSE);

  if (report == NULL)
    report = own_report = gloss_import_report_new ();

  if (!gloss_store_check_writable (store, error))
    return FALSE;

  members = gloss_json_scan_object (data, len, &local_error);
  if (members == NULL)
    {
      if (g_error_matches (local_error, GLOSS_JSON_SCAN_ERROR, GLOSS_JSON_SCAN_ERROR_TYPE))
        g_set_error (error, GLOSS_JSON_ERROR, GLOSS_JSON_ERROR_FORMAT,
                     "%s is not a Gloss export: %s", shown, local_error->message);
      else
        g_set_error (error, GLOSS_JSON_ERROR, GLOSS_JSON_ERROR_SYNTAX,
                     "%s is not valid JSON: %s", shown, local_error->message);
      return FALSE;
    }
  if (!check_header (data, members, shown, error))
    return FALSE;

  im.store = store;
  im.data = data;
  im.name = name;
  im.report = report;
  im.parser = json_parser_new_immutable ();
  im.label_pks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  im.doc_pks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  im.doc_titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  im.annotator_pks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (!gloss_store_op_begin (store, error))
    {
      import_clear (&im);
      return FALSE;
    }
  /* Whatever order the keys have in the file, what is referred to comes first. */
  ok = import_array (&im, members, "labels", import_label, &local_error) &&
       import_array (&im, members, "annotators", import_annotator, &local_error) &&
       import_array (&im, members, "documents", import_document, &local_error) &&
       import_array (&im, members, "annotations", import_annotation, &local_error);
  if (ok && (report->labels_added || report->documents_added || report->annotations_added))
    gloss_store_queue_change (store, GLOSS_CHANGE_ALL, NULL);
  ok = gloss_store_op_end (store, ok, ok ? &local_error : NULL) && ok;
  import_clear (&im);

  if (!ok)
    {
      g_ptr_array_set_size (report->new_documents, 0);
      if (local_error && local_error->domain == GLOSS_JSON_ERROR)
        g_set_error (error, local_error->domain, local_error->code, "%s: %s", shown, local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
gloss_json_import_file (GlossStore         *store,
                        const char         *path,
                        GlossImportReport  *report,
                        GError            **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *base = g_path_get_basename (path);

  /* Mapped, not read: a large export is paged in as the scan goes, not copied. */
  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, GLOSS_JSON_ERROR, GLOSS_JSON_ERROR_SYNTAX,
                   "“%s” cannot be read: %s", base, local_error->message);
      return FALSE;
    }
  if (g_mapped_file_get_length (mapped) == 0)
    {
      g_set_error (error, GLOSS_JSON_ERROR, GLOSS_JSON_ERROR_SYNTAX, "“%s” is empty.", base);
      return FALSE;
    }
  return gloss_json_import_data (store, g_mapped_file_get_contents (mapped),
                                 g_mapped_file_get_length (mapped), base, report, error);
}

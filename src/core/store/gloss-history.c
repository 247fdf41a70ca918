/* gloss-history.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The history as the user sees it: every recorded change of a row, newest first,
 * described in words, and an earlier version written back as a change of its own.
 * What is recorded and how a row is written back is in gloss-changelog.c.
 */
#define G_LOG_DOMAIN "gloss-history"

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "gloss-changelog-private.h"
#include "gloss-history.h"
#include "gloss-store-private.h"

static gint64
ref_pk (GlossStore *self,
        const char *table,
        const char *id)
{
  gint64 pk = 0, pk2 = 0;

  gloss_history_find_row (self, table, id, NULL, &pk, &pk2);
  return pk;
}

static const char *
member_string (JsonObject *o,
               const char *member)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
member_is_true (JsonObject *o,
                const char *member)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node) != 0;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  return FALSE;
}

/* Annotations keep their quote and context as the text has them at their span. */
static gboolean
fix_annotation_context (GlossStore *self,
                        gint64      pk,
                        GError    **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self,
      "SELECT document, span_start, span_end, id FROM annotations WHERE pk = ?1", error);
  g_autofree char *quote = NULL, *prefix = NULL, *suffix = NULL, *id = NULL;
  const GlossTextIndex *index;
  gint64 doc_pk = 0, start = 0, end = 0;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, pk);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      doc_pk = sqlite3_column_int64 (stmt, 0);
      start = sqlite3_column_int64 (stmt, 1);
      end = sqlite3_column_int64 (stmt, 2);
      id = gloss_column_dup (stmt, 3);
    }
  sqlite3_reset (stmt);
  index = gloss_store_document_text (self, doc_pk, error);
  if (index == NULL)
    return FALSE;
  if (end > gloss_text_index_get_length (index))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "annotation %s: the span [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                   ") does not fit its document (%" G_GINT64_FORMAT " characters).",
                   id, start, end, gloss_text_index_get_length (index));
      return FALSE;
    }
  quote = gloss_text_index_slice (index, start, end);
  prefix = gloss_text_index_slice (index, start - GLOSS_CONTEXT_CHARS, start);
  suffix = gloss_text_index_slice (index, end, end + GLOSS_CONTEXT_CHARS);
  stmt = gloss_store_prepare (self, "UPDATE annotations SET quote = ?2, prefix = ?3, suffix = ?4 WHERE pk = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, pk);
  gloss_bind_text (stmt, 2, quote);
  gloss_bind_text (stmt, 3, prefix);
  gloss_bind_text (stmt, 4, suffix);
  return gloss_store_step_done (self, stmt, "writing an annotation", error);
}

static gboolean
document_is_live (GlossStore *self,
                  gint64      pk)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self, "SELECT deleted FROM documents WHERE pk = ?1", NULL);
  gboolean live = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, pk);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    live = sqlite3_column_int (stmt, 0) == 0;
  sqlite3_reset (stmt);
  return live;
}

/* Checks what a row from elsewhere (another copy, an old version) must satisfy
 * beyond the schema's own constraints. */
static gboolean
validate_row (GlossStore  *self,
              const char  *table,
              JsonObject  *o,
              GError     **error)
{
  const char *id = member_string (o, "id");

  if (g_str_equal (table, "labels"))
    {
      if (!gloss_label_kind_is_valid (member_string (o, "kind")) || !gloss_colour_is_valid (member_string (o, "colour")))
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                       "label %s: its kind or colour is not valid.", id ? id : "");
          return FALSE;
        }
    }
  for (const char * const *t = (const char * const[]) { "created", "modified", NULL }; *t; t++)
    if (!gloss_timestamp_is_valid (member_string (o, *t)))
      {
        g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                     "%s %s: “%s” is not a time.", table, id ? id : member_string (o, "annotation"), *t);
        return FALSE;
      }
  if (id != NULL && !gloss_uuid_is_valid (id))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "%s: “%s” is not a UUID.", table, id);
      return FALSE;
    }
  return TRUE;
}

gboolean
gloss_history_apply (GlossStore *self,
                     const char *table,
                     const char *json,
                     gint64     *out_pk,
                     gint64     *out_pk2,
                     GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (gloss_changelog_spec_for (table) != NULL, FALSE);
  root = gloss_json_parse_text (json, JSON_NODE_OBJECT, &local_error);
  if (root == NULL)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "A %s row is not a JSON object: %s.",
                   table, local_error->message);
      return FALSE;
    }
  return gloss_history_apply_object (self, table, json_node_get_object (root), out_pk, out_pk2, error);
}

/* Whether @node is what a snapshot (json_object()) gives for a value of a column of
 * @kind: null, or a string for text and references, an integer for an integer, a
 * double for a real (SQLite writes a real with a point or an exponent). */
static gboolean
node_as_snapshot (JsonNode *node,
                  ColKind   kind)
{
  GType type;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return node != NULL;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  switch (kind)
    {
    case COL_INT:
      return type == G_TYPE_INT64;
    case COL_REAL:
      return type == G_TYPE_DOUBLE;
    case COL_TEXT:
    case COL_REF:
    case COL_ANNOTATOR:
    default:
      return type == G_TYPE_STRING;
    }
}

/* gloss_history_apply() of a row already parsed (a merge has it as an object): the
 * same checks, without writing it out and reading it back. */
gboolean
gloss_history_apply_object (GlossStore *self,
                            const char *table,
                            JsonObject *o,
                            gint64     *out_pk,
                            gint64     *out_pk2,
                            GError    **error)
{
  return gloss_history_apply_object_full (self, table, o, FALSE, out_pk, out_pk2, NULL, error);
}

gboolean
gloss_history_apply_object_full (GlossStore *self,
                                 const char *table,
                                 JsonObject *o,
                                 gboolean    known_new,
                                 gint64     *out_pk,
                                 gint64     *out_pk2,
                                 gboolean   *out_as_read,
                                 GError    **error)
{
  const TableSpec *spec = gloss_changelog_spec_for (table);
  sqlite3_stmt *stmt;
  gint64 pk = 0, pk2 = 0, label_pk = 0;
  gboolean is_doc, is_value, exists, was_live = FALSE, as_read;

  g_return_val_if_fail (spec != NULL, FALSE);
  if (out_as_read != NULL)
    *out_as_read = FALSE;
  if (!validate_row (self, table, o, error))
    return FALSE;

  is_doc = g_str_equal (table, "documents");
  is_value = g_str_equal (table, "field_values");
  if (is_doc)
    gloss_store_forget_bulk_lookups (self);
  if (known_new)
    exists = FALSE;
  else if (is_value)
    exists = gloss_history_find_row (self, table, member_string (o, "annotation"), member_string (o, "field"), &pk, &pk2);
  else
    exists = gloss_history_find_row (self, table, member_string (o, "id"), NULL, &pk, &pk2);
  /* The match keys of an entity that is there are found by what it holds now. */
  if (exists && g_str_equal (table, "entities") && !gloss_store_entity_keys_forget (self, pk, error))
    return FALSE;
  if (is_doc && exists)
    {
      /* The search index forgets a document only when told what it indexed. */
      was_live = document_is_live (self, pk);
      if (was_live && !gloss_store_fts_remove (self, pk, error))
        return FALSE;
    }

  /* A new row is inserted without the upsert's ON CONFLICT clause: an upsert's UPDATE
   * of a table with foreign keys makes SQLite keep a statement journal (a copy of
   * every page the statement writes), and a merge adds rows by the thousand. */
  stmt = gloss_store_prepare (self, exists ? spec->upsert_sql : spec->insert_sql, error);
  if (stmt == NULL)
    return FALSE;
  /* Whether the row is written as @o holds it, to the letter: see the header. An
   * entity's columns keep what they are given (text affinity for its text, integers
   * for the rest); other tables are not vouched for. */
  as_read = !exists && g_str_equal (table, "entities") && json_object_get_size (o) == spec->n_cols;
  for (guint i = 0; i < spec->n_cols; i++)
    {
      const Col *col = &spec->cols[i];
      JsonNode *node = json_object_get_member (o, col->member);
      int p = i + 1;

      as_read = as_read && node_as_snapshot (node, col->kind);
      if (node == NULL || JSON_NODE_HOLDS_NULL (node) || !JSON_NODE_HOLDS_VALUE (node))
        {
          /* An existing document keeps its text: the upsert only needs a value. */
          if (is_doc && g_str_equal (col->member, "text"))
            sqlite3_bind_text (stmt, p, "", 0, SQLITE_STATIC);
          else
            sqlite3_bind_null (stmt, p);
          continue;
        }
      switch (col->kind)
        {
        case COL_TEXT:
          if (json_node_get_value_type (node) == G_TYPE_STRING)
            gloss_bind_text (stmt, p, json_node_get_string (node));
          else
            sqlite3_bind_null (stmt, p);
          break;
        case COL_INT:
          if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
            sqlite3_bind_int64 (stmt, p, json_node_get_boolean (node));
          else
            sqlite3_bind_int64 (stmt, p, json_node_get_int (node));
          break;
        case COL_REAL:
          sqlite3_bind_double (stmt, p, json_node_get_double (node));
          break;
        case COL_ANNOTATOR:
          {
            gint64 apk = gloss_store_ensure_annotator (self, member_string (o, col->member), NULL, NULL, error);

            if (apk < 0)
              return FALSE;
            if (apk > 0)
              sqlite3_bind_int64 (stmt, p, apk);
            else
              sqlite3_bind_null (stmt, p);
            /* Preparing another statement may not reset this one: it is cached by its own text. */
          }
          break;
        case COL_REF:
          {
            const char *ref = member_string (o, col->member);
            gint64 rpk = ref ? ref_pk (self, col->ref_table, ref) : 0;

            if (ref != NULL && rpk == 0)
              {
                g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                             "%s %s refers to %s %s, which is not in the project.", table,
                             member_string (o, "id") ? member_string (o, "id") : member_string (o, "annotation"),
                             col->member, ref);
                sqlite3_reset (stmt);
                return FALSE;
              }
            if (rpk > 0)
              sqlite3_bind_int64 (stmt, p, rpk);
            else
              sqlite3_bind_null (stmt, p);
            if (g_str_equal (col->member, "label"))
              label_pk = rpk;
          }
          break;
        }
    }
  if (!gloss_store_step_done (self, stmt, "writing a row", error))
    return FALSE;

  if (exists)
    ;
  else if (is_value)
    gloss_history_find_row (self, table, member_string (o, "annotation"), member_string (o, "field"), &pk, &pk2);
  else
    pk = sqlite3_last_insert_rowid (self->db);
  if (pk == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_FAILED, "A %s row was not written.", table);
      return FALSE;
    }
  if (g_str_equal (table, "annotations") && !fix_annotation_context (self, pk, error))
    return FALSE;
  /* Undo, restore and a merge of copies write entities back here: their match keys
   * follow. A new row written as @o holds it has the keys of @o's values, which need
   * not be read back (nor old keys of its pk deleted: a project whose keys point at no
   * entity is refused when opened). */
  if (g_str_equal (table, "entities"))
    {
      if (as_read)
        {
          if (json_object_get_int_member (o, "deleted") == 0 &&
              !gloss_store_entity_keys_add_json (self, pk, label_pk, member_string (o, "name"),
                                                 member_string (o, "aliases"), error))
            return FALSE;
        }
      else if (!gloss_store_entity_keys_refresh (self, pk, error))
        return FALSE;
    }
  if (is_doc && !member_is_true (o, "deleted") && !gloss_store_fts_add (self, pk, error))
    return FALSE;

  if (is_doc)
    gloss_store_queue_change (self, GLOSS_CHANGE_DOCUMENTS, member_string (o, "id"));
  else if (g_str_equal (table, "labels") || g_str_equal (table, "label_fields") ||
           g_str_equal (table, "relation_types"))
    gloss_store_queue_change (self, GLOSS_CHANGE_LABELS, NULL);
  else if (g_str_has_prefix (table, "ach_"))
    gloss_store_queue_change (self, GLOSS_CHANGE_ANALYSES, NULL);
  else
    gloss_store_queue_change (self, GLOSS_CHANGE_ALL, NULL);
  if (out_pk)
    *out_pk = pk;
  if (out_pk2)
    *out_pk2 = pk2;
  if (out_as_read != NULL)
    *out_as_read = as_read;
  return TRUE;
}

/* ------------------------------------------------------------------------- */
/* Reading and restoring                                                      */

void
gloss_history_entry_free (GlossHistoryEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->at);
  g_free (entry->who);
  g_free (entry->action);
  g_free (entry->table);
  g_free (entry->row_id);
  g_free (entry->sub_id);
  g_free (entry->document_id);
  g_free (entry->before);
  g_free (entry->after);
  g_free (entry);
}

#define ENTRY_COLUMNS "pk, changed_at, who, action, tbl, row_id, sub_id, document_id, old_json, new_json"

static GlossHistoryEntry *
entry_from_row (sqlite3_stmt *stmt)
{
  GlossHistoryEntry *e = g_new0 (GlossHistoryEntry, 1);

  e->id = sqlite3_column_int64 (stmt, 0);
  e->at = gloss_column_dup (stmt, 1);
  e->who = gloss_column_dup (stmt, 2);
  e->action = gloss_column_dup (stmt, 3);
  e->table = gloss_column_dup (stmt, 4);
  e->row_id = gloss_column_dup (stmt, 5);
  e->sub_id = gloss_column_dup (stmt, 6);
  e->document_id = gloss_column_dup (stmt, 7);
  e->before = gloss_column_dup (stmt, 8);
  e->after = gloss_column_dup (stmt, 9);
  return e;
}

/* The "after" left out of a creation entry: the "before" of the row's next entry, or
 * the row as it is. */
static void
fill_after (GlossStore        *self,
            GlossHistoryEntry *e)
{
  sqlite3_stmt *stmt;
  gint64 pk = 0, pk2 = 0;

  if (e->after != NULL || g_strcmp0 (e->action, GLOSS_HISTORY_CREATE) != 0)
    return;
  stmt = gloss_store_prepare (self,
      "SELECT old_json FROM history WHERE row_id = ?1 AND tbl = ?2 AND coalesce (sub_id, '') = ?3 AND "
      "(changed_at > ?5 OR (changed_at = ?5 AND pk > ?4)) ORDER BY changed_at, pk LIMIT 1", NULL);
  if (stmt == NULL)
    return;
  gloss_bind_text (stmt, 1, e->row_id);
  gloss_bind_text (stmt, 2, e->table);
  gloss_bind_text (stmt, 3, e->sub_id ? e->sub_id : "");
  sqlite3_bind_int64 (stmt, 4, e->id);
  gloss_bind_text (stmt, 5, e->at);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    e->after = gloss_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (e->after == NULL && gloss_changelog_spec_for (e->table) != NULL &&
      gloss_history_find_row (self, e->table, e->row_id, e->sub_id, &pk, &pk2))
    e->after = gloss_history_snapshot (self, e->table, pk, pk2);
}

GPtrArray *
gloss_store_list_history (GlossStore *self,
                          const char *id,
                          GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_history_entry_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stmt = gloss_store_prepare (self,
      "SELECT " ENTRY_COLUMNS " FROM ("
      "SELECT " ENTRY_COLUMNS " FROM history WHERE row_id = ?1 "
      "UNION SELECT " ENTRY_COLUMNS " FROM history WHERE document_id = ?1) "
      /* An edit that moved only the time on (an annotation's, when one of its field
       * values was set: the field value has its own entry) is for merges, not people. */
      "WHERE NOT (action = 'edit' AND old_json IS NOT NULL AND new_json IS NOT NULL AND "
      "           json_valid (old_json) AND json_valid (new_json) AND "
      "           json_type (old_json) = 'object' AND json_type (new_json) = 'object' AND "
      "           json_extract (old_json, '$.modified') < json_extract (new_json, '$.modified') AND "
      "           json_remove (old_json, '$.modified', '$.version') = json_remove (new_json, '$.modified', '$.version')) "
      /* By time: a merge brings in the other copy's entries after ours. */
      "ORDER BY changed_at DESC, pk DESC", error);
  if (stmt == NULL)
    return NULL;
  gloss_bind_text (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, entry_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (self, rc, "reading the history", error);
      return NULL;
    }
  for (guint i = 0; i < list->len; i++)
    fill_after (self, list->pdata[i]);
  return g_steal_pointer (&list);
}

GlossHistoryEntry *
gloss_store_get_history_entry (GlossStore *self,
                               gint64      history_id,
                               GError    **error)
{
  sqlite3_stmt *stmt;
  GlossHistoryEntry *entry = NULL;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  stmt = gloss_store_prepare (self, "SELECT " ENTRY_COLUMNS " FROM history WHERE pk = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, history_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    entry = entry_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                 "There is no history entry %" G_GINT64_FORMAT ".", history_id);
  else
    gloss_store_set_sqlite_error (self, rc, "reading the history", error);
  sqlite3_reset (stmt);
  if (entry != NULL)
    fill_after (self, entry);
  return entry;
}

/* A live row may only refer to live documents and labels. */
static gboolean
check_restorable (GlossStore *self,
                  const char *table,
                  JsonObject *o,
                  GError    **error)
{
  const char *doc = member_string (o, "document");
  const char *label = member_string (o, "label");

  if (member_is_true (o, "deleted") || !g_str_equal (table, "annotations"))
    return TRUE;
  if (doc != NULL && gloss_store_document_pk (self, doc) == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "That version cannot come back: its document %s is deleted.", doc);
      return FALSE;
    }
  if (label != NULL && gloss_store_label_pk (self, label) == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "That version cannot come back: its label %s is deleted.", label);
      return FALSE;
    }
  return TRUE;
}

gboolean
gloss_store_restore_version (GlossStore *self,
                             gint64      history_id,
                             GError    **error)
{
  g_autoptr(GlossHistoryEntry) entry = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *now = gloss_now_iso8601 ();
  g_autofree char *current = NULL;
  g_autofree char *target = NULL;
  const TableSpec *spec;
  JsonObject *o;
  gint64 pk = 0, pk2 = 0;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);

  if (!gloss_store_op_begin (self, error))
    return FALSE;
  entry = gloss_store_get_history_entry (self, history_id, error);
  spec = entry ? gloss_changelog_spec_for (entry->table) : NULL;
  if (entry != NULL && spec == NULL)
    g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                 "History entry %" G_GINT64_FORMAT " is about “%s”, which cannot be restored.", history_id, entry->table);
  /* The version to bring back: the row before the change, or, for a change that
   * created the row, that row deleted (a field value cleared). */
  if (spec != NULL)
    root = gloss_json_parse_text (entry->before ? entry->before : entry->after, JSON_NODE_OBJECT, &local_error);
  ok = root != NULL;
  if (spec != NULL && !ok)
    g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                 "History entry %" G_GINT64_FORMAT " holds no version to restore (%s).", history_id,
                 local_error->message);
  if (ok)
    {
      o = json_node_get_object (root);
      if (entry->before == NULL)
        {
          if (g_str_equal (entry->table, "field_values"))
            json_object_set_null_member (o, "value");
          else
            json_object_set_int_member (o, "deleted", 1);
        }
      json_object_set_string_member (o, "modified", now);
      ok = check_restorable (self, entry->table, o, error);
      if (ok && gloss_history_find_row (self, entry->table, entry->row_id, entry->sub_id, &pk, &pk2))
        current = gloss_history_snapshot (self, entry->table, pk, pk2);
      if (ok && current == NULL)
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                       "The row of history entry %" G_GINT64_FORMAT " is no longer in the project.", history_id);
          ok = FALSE;
        }
      if (ok)
        {
          json_generator_set_root (generator, root);
          target = json_generator_to_data (generator, NULL);
          ok = gloss_history_apply (self, entry->table, target, &pk, &pk2, error) &&
               gloss_history_record (self, GLOSS_HISTORY_RESTORE, entry->table, pk, pk2, current, NULL, error);
        }
    }
  return gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
}

/* The members that differ between two versions, for a one-line description. */
static char *
changed_members (const char *before,
                 const char *after)
{
  g_autoptr(JsonNode) a = gloss_json_parse_text (before, JSON_NODE_OBJECT, NULL);
  g_autoptr(JsonNode) b = gloss_json_parse_text (after, JSON_NODE_OBJECT, NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GList) members = NULL;
  JsonObject *oa, *ob;

  /* A version that does not read (a damaged file) describes no change, rather than a wrong one. */
  if (a == NULL || b == NULL)
    return NULL;
  oa = json_node_get_object (a);
  ob = json_node_get_object (b);
  members = json_object_get_members (ob);
  for (GList *l = members; l; l = l->next)
    {
      JsonNode *na = json_object_get_member (oa, l->data);
      JsonNode *nb = json_object_get_member (ob, l->data);

      /* The version's identity changes with every change (gloss-changelog.c). */
      if (g_str_equal (l->data, "modified") || g_str_equal (l->data, "version"))
        continue;
      if (na == NULL || !json_node_equal (na, nb))
        g_string_append_printf (out, "%s%s", out->len ? ", " : "", (const char *) l->data);
    }
  return out->len ? g_strdup (out->str) : NULL;
}

char *
gloss_history_entry_changed_members (const GlossHistoryEntry *entry)
{
  return changed_members (entry->before, entry->after);
}

char *
gloss_history_entry_describe (const GlossHistoryEntry *entry)
{
  g_autofree char *what = changed_members (entry->before, entry->after);
  const char *table = entry->table;

  if (g_strcmp0 (table, "field_values") == 0)
    return g_strdup_printf ("%s %s field %s of annotation %s", entry->who ? entry->who : "someone",
                            entry->action, entry->sub_id, entry->row_id);
  return g_strdup_printf ("%s %s %s %s%s%s", entry->who ? entry->who : "someone", entry->action, table,
                          entry->row_id, what ? ": " : "", what ? what : "");
}

/* gloss-ach-json.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Analyses of competing hypotheses in the Gloss JSON export: an "analyses" array
 * after "relations", written only when the project has an analysis (so exports of
 * projects without one are unchanged). Each analysis holds its hypotheses, its
 * evidence rows (those on annotations the export takes, and free text) and every
 * analyst's ratings. Import writes the rows with their ids and times, so that export,
 * import and export again give the same bytes.
 */
#define G_LOG_DOMAIN "gloss-json"

#include "config.h"

#include <string.h>

#include "gloss-ach-json.h"
#include "gloss-ach-private.h"
#include "gloss-scope-private.h"

static void
column (GlossJsonWriter *w,
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

#define EVIDENCE_IN_SCOPE \
  "(v.annotation IS NULL OR EXISTS (SELECT 1 FROM annotations a JOIN documents d ON d.pk = a.document " \
  "JOIN labels l ON l.pk = a.label LEFT JOIN annotators p ON p.pk = a.annotator WHERE a.pk = v.annotation AND " \
  GLOSS_SCOPE_SQL_WHERE ("a", "d", "l", "p") "))"

gboolean
gloss_ach_json_export (GlossStore          *store,
                       GlossJsonWriter     *w,
                       const GlossScopeSql *sql,
                       GError             **error)
{
  sqlite3 *db = gloss_store_get_db (store);
  sqlite3_stmt *analyses = NULL, *hyps = NULL, *evidence = NULL, *ratings = NULL;
  gboolean any = FALSE, ok = FALSE;
  int rc;

  rc = sqlite3_prepare_v2 (db, "SELECT pk, id, question, description, created, modified FROM ach_analyses "
                           "WHERE deleted = 0 ORDER BY created, id", -1, &analyses, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "SELECT id, title, description, position, created, modified FROM ach_hypotheses "
                             "WHERE analysis = ?1 AND deleted = 0 ORDER BY position, created, id", -1, &hyps, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db,
        "SELECT v.id, (SELECT a.id FROM annotations a WHERE a.pk = v.annotation), v.kind, v.text, v.credibility, "
        "v.relevance, v.position, v.created, v.modified FROM ach_evidence v "
        "WHERE v.analysis = ?6 AND v.deleted = 0 AND " EVIDENCE_IN_SCOPE " ORDER BY v.position, v.created, v.id",
        -1, &evidence, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db,
        "SELECT r.id, v.id, h.id, n.name, r.rating, r.created, r.modified FROM ach_ratings r "
        "JOIN ach_evidence v ON v.pk = r.evidence JOIN ach_hypotheses h ON h.pk = r.hypothesis "
        "JOIN annotators n ON n.pk = r.analyst WHERE v.analysis = ?6 AND r.deleted = 0 AND v.deleted = 0 "
        "AND h.deleted = 0 AND " EVIDENCE_IN_SCOPE
        " ORDER BY v.position, v.created, v.id, h.position, h.created, h.id, n.name", -1, &ratings, NULL);
  if (rc != SQLITE_OK)
    goto sql_error;

  while ((rc = sqlite3_step (analyses)) == SQLITE_ROW)
    {
      sqlite3_stmt *subs[] = { hyps, evidence, ratings };

      if (!any)
        {
          gloss_json_writer_key (w, "analyses");
          gloss_json_writer_begin_array (w);
          any = TRUE;
        }
      gloss_json_writer_begin_object (w);
      column (w, "id", analyses, 1);
      column (w, "question", analyses, 2);
      column (w, "description", analyses, 3);
      column (w, "created", analyses, 4);
      column (w, "modified", analyses, 5);
      for (guint i = 0; i < G_N_ELEMENTS (subs); i++)
        {
          sqlite3_reset (subs[i]);
          if (subs[i] != hyps)
            gloss_scope_sql_bind (subs[i], sql);
          sqlite3_bind_int64 (subs[i], subs[i] == hyps ? 1 : 6, sqlite3_column_int64 (analyses, 0));
        }

      gloss_json_writer_key (w, "hypotheses");
      gloss_json_writer_begin_array (w);
      while ((rc = sqlite3_step (hyps)) == SQLITE_ROW)
        {
          gloss_json_writer_begin_object (w);
          column (w, "id", hyps, 0);
          column (w, "title", hyps, 1);
          column (w, "description", hyps, 2);
          gloss_json_writer_member_int (w, "position", sqlite3_column_int64 (hyps, 3));
          column (w, "created", hyps, 4);
          column (w, "modified", hyps, 5);
          gloss_json_writer_end_object (w);
        }
      if (rc != SQLITE_DONE)
        goto sql_error;
      gloss_json_writer_end_array (w);

      gloss_json_writer_key (w, "evidence");
      gloss_json_writer_begin_array (w);
      while ((rc = sqlite3_step (evidence)) == SQLITE_ROW)
        {
          gloss_json_writer_begin_object (w);
          column (w, "id", evidence, 0);
          column (w, "annotation", evidence, 1);
          column (w, "kind", evidence, 2);
          column (w, "text", evidence, 3);
          column (w, "credibility", evidence, 4);
          column (w, "relevance", evidence, 5);
          gloss_json_writer_member_int (w, "position", sqlite3_column_int64 (evidence, 6));
          column (w, "created", evidence, 7);
          column (w, "modified", evidence, 8);
          gloss_json_writer_end_object (w);
        }
      if (rc != SQLITE_DONE)
        goto sql_error;
      gloss_json_writer_end_array (w);

      gloss_json_writer_key (w, "ratings");
      gloss_json_writer_begin_array (w);
      while ((rc = sqlite3_step (ratings)) == SQLITE_ROW)
        {
          gloss_json_writer_begin_object (w);
          column (w, "id", ratings, 0);
          column (w, "evidence", ratings, 1);
          column (w, "hypothesis", ratings, 2);
          column (w, "analyst", ratings, 3);
          column (w, "rating", ratings, 4);
          column (w, "created", ratings, 5);
          column (w, "modified", ratings, 6);
          gloss_json_writer_end_object (w);
        }
      if (rc != SQLITE_DONE)
        goto sql_error;
      gloss_json_writer_end_array (w);
      gloss_json_writer_end_object (w);
    }
  if (rc != SQLITE_DONE)
    goto sql_error;
  if (any)
    gloss_json_writer_end_array (w);
  ok = TRUE;
  goto out;

sql_error:
  gloss_store_set_sqlite_error (store, rc, "exporting analyses", error);
out:
  sqlite3_finalize (analyses);
  sqlite3_finalize (hyps);
  sqlite3_finalize (evidence);
  sqlite3_finalize (ratings);
  return ok;
}

/* ------------------------------------------------------------------------- */
/* Import                                                                     */

static gboolean G_GNUC_PRINTF (4, 5)
fail (GError    **error,
      guint       index,
      const char *id,
      const char *format,
      ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "analyses[%u]%s%s%s: %s", index,
               id ? " (" : "", id ? id : "", id ? ")" : "", msg);
  return FALSE;
}

/* Copies the members @names of @from into a new row object, checking each is a
 * string (or null where allowed: names starting with '?'), or an integer (names
 * starting with '#'). */
static JsonObject *
take (JsonObject         *from,
      const char * const *names,
      const char         *what,
      guint               index,
      const char         *analysis_id,
      GError            **error)
{
  g_autoptr(JsonObject) o = json_object_new ();
  g_autofree char *now = gloss_now_iso8601 ();

  for (guint i = 0; names[i]; i++)
    {
      gboolean nullable = names[i][0] == '?', integer = names[i][0] == '#';
      const char *name = names[i] + (nullable || integer ? 1 : 0);
      JsonNode *node = json_object_get_member (from, name);

      if ((node == NULL || JSON_NODE_HOLDS_NULL (node)) && (g_str_equal (name, "created") || g_str_equal (name, "modified")))
        {
          json_object_set_string_member (o, name, now);
          continue;
        }
      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        {
          if (!nullable)
            {
              fail (error, index, analysis_id, "%s has no “%s”.", what, name);
              return NULL;
            }
          json_object_set_null_member (o, name);
          continue;
        }
      if (!JSON_NODE_HOLDS_VALUE (node) ||
          json_node_get_value_type (node) != (integer ? G_TYPE_INT64 : G_TYPE_STRING))
        {
          fail (error, index, analysis_id, "%s: “%s” must be %s.", what, name, integer ? "a whole number" : "a string");
          return NULL;
        }
      json_object_set_member (o, name, json_node_copy (node));
    }
  json_object_set_int_member (o, "deleted", 0);
  return g_steal_pointer (&o);
}

static JsonArray *
array_member (JsonObject *obj,
              const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gboolean
write_item (GlossStore *store,
            const char *table,
            JsonObject *o,
            const char *what,
            guint       index,
            const char *analysis_id,
            GError    **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!gloss_ach_write_row (store, table, o, NULL, &local_error))
    return fail (error, index, analysis_id, "%s %s: %s", what,
                 json_object_get_string_member (o, "id") ? json_object_get_string_member (o, "id") : "",
                 local_error->message);
  return TRUE;
}

gboolean
gloss_ach_json_import_analysis (GlossStore *store,
                                JsonObject *obj,
                                guint       index,
                                GError    **error)
{
  static const char * const a_names[] = { "id", "question", "?description", "created", "modified", NULL };
  static const char * const h_names[] = { "id", "title", "?description", "#position", "created", "modified", NULL };
  static const char * const e_names[] = { "id", "?annotation", "kind", "?text", "?credibility", "?relevance",
                                          "#position", "created", "modified", NULL };
  static const char * const r_names[] = { "id", "evidence", "hypothesis", "analyst", "rating", "created",
                                          "modified", NULL };
  g_autoptr(JsonObject) a = take (obj, a_names, "the analysis", index, NULL, error);
  g_autoptr(GHashTable) hyps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) evs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *parts[3];
  const char *id;

  if (a == NULL)
    return FALSE;
  id = json_object_get_string_member (a, "id");
  if (!gloss_uuid_is_valid (id))
    return fail (error, index, NULL, "“%s” is not a UUID.", id);
  {
    gint64 pk = 0, pk2 = 0;

    if (gloss_history_find_row (store, "ach_analyses", id, NULL, &pk, &pk2))
      return TRUE;   /* imported before */
  }
  parts[0] = array_member (obj, "hypotheses");
  parts[1] = array_member (obj, "evidence");
  parts[2] = array_member (obj, "ratings");
  for (guint i = 0; i < 3; i++)
    if (json_object_has_member (obj, (const char *[]) { "hypotheses", "evidence", "ratings" }[i]) && parts[i] == NULL)
      return fail (error, index, id, "“%s” must be an array.", (const char *[]) { "hypotheses", "evidence", "ratings" }[i]);
  if (strspn (json_object_get_string_member (a, "question"), " \t\n\r") == strlen (json_object_get_string_member (a, "question")))
    return fail (error, index, id, "the question is empty.");
  if (!write_item (store, "ach_analyses", a, "the analysis", index, id, error))
    return FALSE;

  for (guint i = 0; parts[0] && i < json_array_get_length (parts[0]); i++)
    {
      JsonNode *node = json_array_get_element (parts[0], i);
      g_autoptr(JsonObject) h = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (error, index, id, "hypotheses[%u] is not an object.", i);
      h = take (json_node_get_object (node), h_names, "a hypothesis", index, id, error);
      if (h == NULL)
        return FALSE;
      json_object_set_string_member (h, "analysis", id);
      if (!write_item (store, "ach_hypotheses", h, "hypothesis", index, id, error))
        return FALSE;
      g_hash_table_add (hyps, g_strdup (json_object_get_string_member (h, "id")));
    }

  for (guint i = 0; parts[1] && i < json_array_get_length (parts[1]); i++)
    {
      JsonNode *node = json_array_get_element (parts[1], i);
      g_autoptr(JsonObject) e = NULL;
      const char *annotation, *kind, *level;
      GlossAchEvidenceKind k;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (error, index, id, "evidence[%u] is not an object.", i);
      e = take (json_node_get_object (node), e_names, "an evidence row", index, id, error);
      if (e == NULL)
        return FALSE;
      json_object_set_string_member (e, "analysis", id);
      annotation = json_object_get_string_member (e, "annotation");
      kind = json_object_get_string_member (e, "kind");
      if (!gloss_ach_evidence_kind_parse (kind, &k, NULL) || !g_str_equal (kind, gloss_ach_evidence_kind_to_string (k)))
        return fail (error, index, id, "evidence[%u]: “%s” is not a kind of evidence.", i, kind);
      if (annotation != NULL && gloss_store_annotation_pk (store, annotation) == 0)
        return fail (error, index, id, "evidence[%u]: unknown annotation %s.", i, annotation);
      if ((annotation != NULL) != (k == GLOSS_ACH_EVIDENCE_ANNOTATION) ||
          (annotation == NULL && json_object_get_string_member (e, "text") == NULL))
        return fail (error, index, id, "evidence[%u]: an annotation row needs “annotation”, any other “text”.", i);
      for (const char * const *m = (const char * const[]) { "credibility", "relevance", NULL }; *m; m++)
        if ((level = json_object_get_string_member (e, *m)) != NULL &&
            !g_str_equal (level, "H") && !g_str_equal (level, "M") && !g_str_equal (level, "L"))
          return fail (error, index, id, "evidence[%u]: %s “%s” is not H, M or L.", i, *m, level);
      if (!write_item (store, "ach_evidence", e, "evidence row", index, id, error))
        return FALSE;
      g_hash_table_add (evs, g_strdup (json_object_get_string_member (e, "id")));
    }

  for (guint i = 0; parts[2] && i < json_array_get_length (parts[2]); i++)
    {
      JsonNode *node = json_array_get_element (parts[2], i);
      g_autoptr(JsonObject) r = NULL;
      GlossAchRating rating;
      g_autoptr(GError) local_error = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (error, index, id, "ratings[%u] is not an object.", i);
      r = take (json_node_get_object (node), r_names, "a rating", index, id, error);
      if (r == NULL)
        return FALSE;
      if (!g_hash_table_contains (evs, json_object_get_string_member (r, "evidence")) ||
          !g_hash_table_contains (hyps, json_object_get_string_member (r, "hypothesis")))
        return fail (error, index, id, "ratings[%u] is about an evidence row or a hypothesis not in the analysis.", i);
      if (!gloss_ach_rating_parse (json_object_get_string_member (r, "rating"), &rating, &local_error) ||
          !g_str_equal (json_object_get_string_member (r, "rating"), gloss_ach_rating_to_string (rating)))
        return fail (error, index, id, "ratings[%u]: “%s” is not on the ACH scale (CC, C, N, I, II, NA).", i,
                     json_object_get_string_member (r, "rating"));
      if (*json_object_get_string_member (r, "analyst") == '\0')
        return fail (error, index, id, "ratings[%u] names no analyst.", i);
      if (!write_item (store, "ach_ratings", r, "rating", index, id, error))
        return FALSE;
    }
  return TRUE;
}

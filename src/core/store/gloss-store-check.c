/* gloss-store-check.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The check of a whole project: SQLite's integrity check, the schema, every row.
 */
#define G_LOG_DOMAIN "gloss-store"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <unistd.h>
#include <sys/stat.h>

#include "gloss-conflicts.h"
#include "gloss-store-private.h"

/* ------------------------------------------------------------------------- */
/* Check                                                                      */

static void
report_line (GString    *report,
             gboolean   *ok,
             const char *format,
             ...) G_GNUC_PRINTF (3, 4);

static void
report_line (GString    *report,
             gboolean   *ok,
             const char *format,
             ...)
{
  va_list args;

  *ok = FALSE;
  if (report == NULL)
    return;
  va_start (args, format);
  g_string_append_vprintf (report, format, args);
  va_end (args);
  g_string_append_c (report, '\n');
}

/* The check fails loudly: a query that cannot be prepared or stepped is an error, not
 * an "ok" (a view shadowing a table makes one fail to prepare, for instance). */
static gboolean
check_failed (GlossStore *self,
              int         rc,
              const char *sql,
              GError    **error)
{
  g_autofree char *what = g_strdup_printf ("checking the project (%.40s…)", sql);

  gloss_store_set_sqlite_error (self, rc, what, error);
  return FALSE;
}

/* Runs @sql, which selects a kind of row, the row's id and a problem, and reports
 * every row it returns. */
static gboolean
report_rows (GlossStore *self,
             const char *sql,
             GString    *report,
             gboolean   *ok,
             GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    return check_failed (self, rc, sql, error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    report_line (report, ok, "%s %s: %s", (const char *) sqlite3_column_text (stmt, 0),
                 (const char *) sqlite3_column_text (stmt, 1), (const char *) sqlite3_column_text (stmt, 2));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return check_failed (self, rc, sql, error);
  return TRUE;
}

static gboolean
report_all (GlossStore         *self,
            const char * const *queries,
            gsize               n_queries,
            GString            *report,
            gboolean           *ok,
            GError            **error)
{
  for (gsize i = 0; i < n_queries; i++)
    if (!report_rows (self, queries[i], report, ok, error))
      return FALSE;
  return TRUE;
}

/* Rows that point at rows that do not exist, for every reference of the schema, and
 * the schema's CHECK constraints (the open refuses most of these; the file may have
 * been changed by another program since). */
static const char * const reference_queries[] = {
  "SELECT 'annotation', quote (id), 'its document ' || quote (document) || ' does not exist' FROM annotations "
  "WHERE document NOT IN (SELECT pk FROM documents)",
  "SELECT 'annotation', quote (id), 'its label ' || quote (label) || ' does not exist' FROM annotations "
  "WHERE label NOT IN (SELECT pk FROM labels)",
  "SELECT 'annotation', quote (id), 'its annotator ' || quote (annotator) || ' does not exist' FROM annotations "
  "WHERE annotator IS NOT NULL AND annotator NOT IN (SELECT pk FROM annotators)",
  "SELECT 'annotation', quote (id), 'span [' || quote (span_start) || ', ' || quote (span_end) || ') is not two "
  "offsets with start < end' FROM annotations WHERE typeof (span_start) <> 'integer' OR typeof (span_end) <> 'integer' "
  "OR span_start < 0 OR span_end <= span_start",
  "SELECT 'document', quote (id), 'its length ' || quote (length) || ' is not a count of characters' FROM documents "
  "WHERE typeof (length) <> 'integer' OR length < 0",
};

static const char * const originals_queries[] = {
  "SELECT 'document original', 'of document row ' || quote (document), 'its document does not exist' "
  "FROM document_originals WHERE document NOT IN (SELECT pk FROM documents)",
  "SELECT 'document original', 'of document row ' || quote (document), 'its original ' || quote (original) || "
  "' does not exist' FROM document_originals WHERE original NOT IN (SELECT pk FROM originals)",
  "SELECT 'original', quote (sha256), 'its media type or size is not one' FROM originals "
  "WHERE typeof (media_type) <> 'text' OR media_type = '' OR typeof (size) <> 'integer' OR size < 0 "
  "OR typeof (data) <> 'blob'",
};

static const char * const reference_queries_v3[] = {
  "SELECT 'annotation', quote (id), 'its entity ' || quote (entity) || ' does not exist' FROM annotations "
  "WHERE entity IS NOT NULL AND entity NOT IN (SELECT pk FROM entities)",
  "SELECT 'field', quote (id), 'its label ' || quote (label) || ' does not exist' FROM label_fields "
  "WHERE label NOT IN (SELECT pk FROM labels)",
  "SELECT 'entity', quote (id), 'its type ' || quote (label) || ' does not exist' FROM entities "
  "WHERE label NOT IN (SELECT pk FROM labels)",
  "SELECT 'entity', quote (id), 'it was merged into ' || quote (merged_into) || ', which does not exist' FROM entities "
  "WHERE merged_into IS NOT NULL AND merged_into NOT IN (SELECT pk FROM entities)",
  "SELECT 'field value', 'of annotation row ' || quote (annotation) || ' and field row ' || quote (field), "
  "'its annotation does not exist' FROM field_values WHERE annotation NOT IN (SELECT pk FROM annotations)",
  "SELECT 'field value', 'of annotation row ' || quote (annotation) || ' and field row ' || quote (field), "
  "'its field does not exist' FROM field_values WHERE field NOT IN (SELECT pk FROM label_fields)",
  "SELECT 'relation', quote (id), 'its type ' || quote (type) || ' does not exist' FROM relations "
  "WHERE type NOT IN (SELECT pk FROM relation_types)",
  "SELECT 'relation', quote (id), 'its source annotation ' || quote (source) || ' does not exist' FROM relations "
  "WHERE source NOT IN (SELECT pk FROM annotations)",
  "SELECT 'relation', quote (id), 'its target annotation ' || quote (target) || ' does not exist' FROM relations "
  "WHERE target NOT IN (SELECT pk FROM annotations)",
  "SELECT 'relation', quote (id), 'its annotator ' || quote (annotator) || ' does not exist' FROM relations "
  "WHERE annotator IS NOT NULL AND annotator NOT IN (SELECT pk FROM annotators)",
  "SELECT 'relation', quote (id), 'it links annotation ' || quote (source) || ' to itself' FROM relations "
  "WHERE source = target",
};

/* Analyses of competing hypotheses (schema 5): every reference, and the rules the
 * table's CHECK constraints state (a file written by another program may break them:
 * SQLite does not check old rows against constraints). */
/* Links to entities (schema 11). */
static const char * const entity_link_queries[] = {
  "SELECT 'relation', quote (id), 'its target entity ' || quote (target_entity) || ' does not exist' FROM relations "
  "WHERE target_entity IS NOT NULL AND target_entity NOT IN (SELECT pk FROM entities)",
};

static const char * const ach_queries[] = {
  "SELECT 'hypothesis', quote (id), 'its analysis ' || quote (analysis) || ' does not exist' FROM ach_hypotheses "
  "WHERE analysis NOT IN (SELECT pk FROM ach_analyses)",
  "SELECT 'evidence', quote (id), 'its analysis ' || quote (analysis) || ' does not exist' FROM ach_evidence "
  "WHERE analysis NOT IN (SELECT pk FROM ach_analyses)",
  "SELECT 'evidence', quote (id), 'its annotation ' || quote (annotation) || ' does not exist' FROM ach_evidence "
  "WHERE annotation IS NOT NULL AND annotation NOT IN (SELECT pk FROM annotations)",
  "SELECT 'evidence', quote (id), 'kind ' || quote (kind) || ' does not match what it points at' FROM ach_evidence "
  "WHERE kind NOT IN ('annotation', 'assumption', 'absence', 'text') "
  "OR (kind = 'annotation') <> (annotation IS NOT NULL) OR (annotation IS NULL AND text IS NULL)",
  "SELECT 'evidence', quote (id), 'credibility or relevance is not H, M or L' FROM ach_evidence "
  "WHERE (credibility IS NOT NULL AND credibility NOT IN ('H', 'M', 'L')) "
  "OR (relevance IS NOT NULL AND relevance NOT IN ('H', 'M', 'L'))",
  "SELECT 'rating', quote (id), 'its evidence ' || quote (evidence) || ' does not exist' FROM ach_ratings "
  "WHERE evidence NOT IN (SELECT pk FROM ach_evidence)",
  "SELECT 'rating', quote (id), 'its hypothesis ' || quote (hypothesis) || ' does not exist' FROM ach_ratings "
  "WHERE hypothesis NOT IN (SELECT pk FROM ach_hypotheses)",
  "SELECT 'rating', quote (id), 'its analyst ' || quote (analyst) || ' does not exist' FROM ach_ratings "
  "WHERE analyst NOT IN (SELECT pk FROM annotators)",
  "SELECT 'rating', quote (id), 'rating ' || quote (rating) || ' is not on the scale CC, C, N, I, II, NA' "
  "FROM ach_ratings WHERE rating NOT IN ('CC', 'C', 'N', 'I', 'II', 'NA')",
  "SELECT 'rating', quote (r.id), 'its evidence and its hypothesis belong to different analyses' "
  "FROM ach_ratings r JOIN ach_evidence e ON e.pk = r.evidence JOIN ach_hypotheses h ON h.pk = r.hypothesis "
  "WHERE e.analysis <> h.analysis",
};

/* Conflicts a merge kept (schema 9): each names a row that exists, in a table a merge
 * goes through, with its values as JSON. */
#define CONFLICT_ROW_EXISTS(tbl, sql) "(c.tbl = '" tbl "' AND EXISTS (" sql "))"
static const char * const conflict_queries[] = {
  "SELECT 'conflict', quote (c.id), 'its table ' || quote (c.tbl) || ' is not one a merge goes through' "
  "FROM conflicts c WHERE c.tbl NOT IN ('labels', 'label_fields', 'relation_types', 'documents', 'entities', "
  "'annotations', 'field_values', 'relations', 'ach_analyses', 'ach_hypotheses', 'ach_evidence', 'ach_ratings')",
  "SELECT 'conflict', quote (c.id), 'its row ' || quote (c.row_id) || ' does not exist' FROM conflicts c "
  "WHERE NOT (" CONFLICT_ROW_EXISTS ("annotations", "SELECT 1 FROM annotations x WHERE x.id = c.row_id") " OR "
  CONFLICT_ROW_EXISTS ("field_values", "SELECT 1 FROM field_values v JOIN annotations a ON a.pk = v.annotation "
                       "JOIN label_fields f ON f.pk = v.field WHERE a.id = c.row_id AND f.id = c.sub_id") " OR "
  CONFLICT_ROW_EXISTS ("entities", "SELECT 1 FROM entities x WHERE x.id = c.row_id") " OR "
  CONFLICT_ROW_EXISTS ("relations", "SELECT 1 FROM relations x WHERE x.id = c.row_id") " OR "
  CONFLICT_ROW_EXISTS ("documents", "SELECT 1 FROM documents x WHERE x.id = c.row_id") " OR "
  CONFLICT_ROW_EXISTS ("labels", "SELECT 1 FROM labels x WHERE x.id = c.row_id") " OR "
  CONFLICT_ROW_EXISTS ("label_fields", "SELECT 1 FROM label_fields x WHERE x.id = c.row_id") " OR "
  CONFLICT_ROW_EXISTS ("relation_types", "SELECT 1 FROM relation_types x WHERE x.id = c.row_id") " OR "
  CONFLICT_ROW_EXISTS ("ach_analyses", "SELECT 1 FROM ach_analyses x WHERE x.id = c.row_id") " OR "
  CONFLICT_ROW_EXISTS ("ach_hypotheses", "SELECT 1 FROM ach_hypotheses x WHERE x.id = c.row_id") " OR "
  CONFLICT_ROW_EXISTS ("ach_evidence", "SELECT 1 FROM ach_evidence x WHERE x.id = c.row_id") " OR "
  CONFLICT_ROW_EXISTS ("ach_ratings", "SELECT 1 FROM ach_ratings x WHERE x.id = c.row_id") ")",
  "SELECT 'conflict', quote (c.id), 'its values are not JSON' FROM conflicts c "
  "WHERE typeof (c.mine) <> 'text' OR typeof (c.theirs) <> 'text' OR json_valid (c.mine) = 0 "
  "OR json_valid (c.theirs) = 0 OR (c.base IS NOT NULL AND (typeof (c.base) <> 'text' OR json_valid (c.base) = 0))",
  "SELECT 'conflict', quote (c.id), 'kept ' || quote (c.kept) || ' is not mine or theirs' FROM conflicts c "
  "WHERE c.kept IS NOT 'mine' AND c.kept IS NOT 'theirs'",
};

/* The field each conflict names must be one of its table's (what a merge compares). */
static gboolean
check_conflict_fields (GlossStore *self,
                       GString    *report,
                       gboolean   *ok,
                       GError    **error)
{
  static const char sql[] = "SELECT quote (id), tbl, field FROM conflicts ORDER BY pk";
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    return check_failed (self, rc, sql, error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (stmt, 1);
      const char *field = (const char *) sqlite3_column_text (stmt, 2);

      if (!gloss_conflict_field_is_valid (table, field))
        report_line (report, ok, "conflict %s: “%s” is not a field of %s", (const char *) sqlite3_column_text (stmt, 0),
                     field ? field : "", table ? table : "");
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return check_failed (self, rc, sql, error);
  return TRUE;
}

/* Entities, relations, fields and document properties (schema 3). */
static const char * const tradecraft_queries[] = {
  "SELECT 'annotation', a.id, 'it mentions an entity that was deleted or merged' FROM annotations a "
  "JOIN entities e ON e.pk = a.entity WHERE a.deleted = 0 AND e.deleted = 1",
  "SELECT 'annotation', a.id, 'its label is not the type of the entity it mentions' FROM annotations a "
  "JOIN entities e ON e.pk = a.entity WHERE a.deleted = 0 AND e.label <> a.label",
  "SELECT 'entity', e.id, 'its type was deleted' FROM entities e JOIN labels l ON l.pk = e.label "
  "WHERE e.deleted = 0 AND l.deleted = 1",
  "SELECT 'entity', e.id, 'its aliases are not a list of names' FROM entities e "
  "WHERE json_valid (e.aliases) = 0 OR json_type (e.aliases) <> 'array'",
  "SELECT 'relation', r.id, 'its type was deleted' FROM relations r JOIN relation_types t ON t.pk = r.type "
  "WHERE r.deleted = 0 AND t.deleted = 1",
  "SELECT 'field', f.id, 'its options are not a JSON list' FROM label_fields f "
  "WHERE f.options IS NOT NULL AND (json_valid (f.options) = 0 OR json_type (f.options) <> 'array')",
  "SELECT 'document', id, 'source reliability ' || quote (reliability) || ' is not A to F' FROM documents "
  "WHERE deleted = 0 AND reliability IS NOT NULL AND reliability NOT IN ('A', 'B', 'C', 'D', 'E', 'F')",
  "SELECT 'document', id, 'TLP marking ' || quote (tlp) || ' is not CLEAR, GREEN, AMBER, AMBER+STRICT or RED' "
  "FROM documents WHERE deleted = 0 AND tlp IS NOT NULL "
  "AND tlp NOT IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')",
};

/* The tradecraft tables' own rules, in SQL. Field values against their field's
 * definition are the model's business: gloss_project_check() adds them. */
static gboolean
check_tradecraft (GlossStore *self,
                  GString    *report,
                  gboolean   *ok,
                  GError    **error)
{
  return report_all (self, tradecraft_queries, G_N_ELEMENTS (tradecraft_queries), report, ok, error);
}

/* Each document, deleted or not: valid UTF-8 text, its hash, its length. */
static gboolean
check_documents (GlossStore *self,
                 GString    *report,
                 gboolean   *ok,
                 GError    **error)
{
  static const char sql[] = "SELECT quote (id), text, sha256, length, title FROM documents ORDER BY pk";
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    return check_failed (self, rc, sql, error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      const char *t = (const char *) sqlite3_column_text (stmt, 1);
      const char *title = (const char *) sqlite3_column_text (stmt, 4);
      gsize n = sqlite3_column_bytes (stmt, 1);
      g_autofree char *sha = NULL;

      if (title != NULL && !g_utf8_validate_len (title, sqlite3_column_bytes (stmt, 4), NULL))
        report_line (report, ok, "document %s: title is not valid UTF-8", id);
      if (sqlite3_column_type (stmt, 1) != SQLITE_TEXT || !g_utf8_validate_len (t, n, NULL))
        {
          report_line (report, ok, "document %s: text is not valid UTF-8", id);
          continue;
        }
      sha = gloss_sha256_hex (t, n);
      if (g_strcmp0 (sha, (const char *) sqlite3_column_text (stmt, 2)) != 0)
        report_line (report, ok, "document %s: sha256 does not match its text", id);
      if (g_utf8_strlen (t, n) != sqlite3_column_int64 (stmt, 3))
        report_line (report, ok, "document %s: stored length %s but the text has %ld characters",
                     id, (const char *) sqlite3_column_text (stmt, 3), (long) g_utf8_strlen (t, n));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return check_failed (self, rc, sql, error);
  return TRUE;
}

/* Each annotation, tombstones included (a restore or a merge brings them back): its
 * span fits its document's text and its quote is the text there; a live one has a live
 * label and document. */
static gboolean
check_annotations (GlossStore *self,
                   GString    *report,
                   gboolean   *ok,
                   GError    **error)
{
  static const char sql[] =
      "SELECT quote (a.id), a.document, a.span_start, a.span_end, a.quote, l.deleted, d.deleted, d.text, a.deleted, "
      "typeof (a.span_start) = 'integer' AND typeof (a.span_end) = 'integer', typeof (d.text) = 'text' "
      "FROM annotations a JOIN documents d ON d.pk = a.document LEFT JOIN labels l ON l.pk = a.label "
      "ORDER BY a.document, a.span_start";
  sqlite3_stmt *stmt = NULL;
  gint64 current_doc = G_MININT64;
  g_autoptr(GlossTextIndex) index = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    return check_failed (self, rc, sql, error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      gint64 doc = sqlite3_column_int64 (stmt, 1);
      gint64 start = sqlite3_column_int64 (stmt, 2);
      gint64 end = sqlite3_column_int64 (stmt, 3);
      const char *quote = (const char *) sqlite3_column_text (stmt, 4);
      gboolean live = sqlite3_column_int (stmt, 8) == 0;
      g_autofree char *actual = NULL;

      if (live && sqlite3_column_int (stmt, 5))
        report_line (report, ok, "annotation %s: its label was deleted", id);
      if (live && sqlite3_column_int (stmt, 6))
        report_line (report, ok, "annotation %s: its document was deleted", id);

      if (doc != current_doc)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, 7);
          gsize n = sqlite3_column_bytes (stmt, 7);

          g_clear_pointer (&index, gloss_text_index_free);
          current_doc = doc;
          /* Text that is not UTF-8 is reported with its document. */
          if (sqlite3_column_int (stmt, 10) && g_utf8_validate_len (text, n, NULL))
            index = gloss_text_index_new (text, n);
        }
      if (index == NULL || !sqlite3_column_int (stmt, 9))
        continue;
      if (start < 0 || end <= start || end > gloss_text_index_get_length (index))
        {
          report_line (report, ok, "annotation %s: span [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                       ") is outside its document (%" G_GINT64_FORMAT " characters)",
                       id, start, end, gloss_text_index_get_length (index));
          continue;
        }
      actual = gloss_text_index_slice (index, start, end);
      if (g_strcmp0 (actual, quote) != 0)
        report_line (report, ok, "annotation %s: quote does not match the text at [%" G_GINT64_FORMAT
                     ", %" G_GINT64_FORMAT ")", id, start, end);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return check_failed (self, rc, sql, error);
  return TRUE;
}

/**
 * gloss_store_check:
 * @report: (nullable): gets one line per problem, each naming its row
 *
 * Checks the whole project: SQLite's integrity check, the schema against the one
 * Gloss creates, every reference between rows, every document's text, length and
 * hash, every annotation's span and quote, the analyst tradecraft rows, the analyses
 * of competing hypotheses and the search
 * index. Every row of every query is looked at.
 *
 * Returns: %TRUE when nothing is wrong; %FALSE with lines in @report when something
 *   is, or with @error when a check itself could not run.
 */
gboolean
gloss_store_check (GlossStore *self,
                   GString    *report,
                   GError    **error)
{
  g_autoptr(GPtrArray) schema = g_ptr_array_new_with_free_func (g_free);
  gboolean ok = TRUE;
  sqlite3_stmt *stmt = NULL;
  gint64 version = 0;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);

  if (self->db == NULL)
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_FAILED, "The project is closed.");
      return FALSE;
    }

  /* SQLite's own view of the file. */
  rc = sqlite3_prepare_v2 (self->db, "PRAGMA integrity_check(100)", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return check_failed (self, rc, "PRAGMA integrity_check", error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);
      if (g_strcmp0 (line, "ok") != 0)
        report_line (report, &ok, "integrity: %s", line);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return check_failed (self, rc, "PRAGMA integrity_check", error);

  /* The schema, which may have changed since the open (another program). */
  if (!gloss_store_pragma_int (self, "PRAGMA user_version", &version, &rc))
    return check_failed (self, rc, "PRAGMA user_version", error);
  if (version < 1 || version > GLOSS_SCHEMA_VERSION)
    {
      report_line (report, &ok, "schema: version %" G_GINT64_FORMAT " is not one this Gloss knows", version);
      return FALSE;
    }
  if (!gloss_store_schema_problems (self, version, schema, G_MAXUINT, error))
    return FALSE;
  for (guint i = 0; i < schema->len; i++)
    report_line (report, &ok, "schema: %s", (const char *) schema->pdata[i]);
  if (schema->len > 0)
    {
      /* The queries below read these objects: a view or a missing table would make
       * them fail or lie. */
      report_line (report, &ok, "schema: the rows were not checked, since the schema is not Gloss's");
      return FALSE;
    }

  if (!report_all (self, reference_queries, G_N_ELEMENTS (reference_queries), report, &ok, error))
    return FALSE;
  if (version >= 3 &&
      !report_all (self, reference_queries_v3, G_N_ELEMENTS (reference_queries_v3), report, &ok, error))
    return FALSE;

  if (!check_documents (self, report, &ok, error) ||
      !check_annotations (self, report, &ok, error))
    return FALSE;

  if (version >= 3 && !check_tradecraft (self, report, &ok, error))
    return FALSE;
  if (version >= 5 && !report_all (self, ach_queries, G_N_ELEMENTS (ach_queries), report, &ok, error))
    return FALSE;

  /* The register's match keys are derived from the entities: a key another program
   * left out of date would link mentions to the wrong entity. */
  if (version >= 7)
    {
      g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

      if (!gloss_store_entity_keys_problems (self, problems, error))
        return FALSE;
      for (guint i = 0; i < problems->len; i++)
        report_line (report, &ok, "%s", (const char *) problems->pdata[i]);
    }
  if (version >= 8 &&
      (!report_all (self, originals_queries, G_N_ELEMENTS (originals_queries), report, &ok, error) ||
       !gloss_store_check_originals (self, report, &ok, error)))
    return FALSE;

  if (version >= 9 &&
      (!report_all (self, conflict_queries, G_N_ELEMENTS (conflict_queries), report, &ok, error) ||
       !check_conflict_fields (self, report, &ok, error)))
    return FALSE;

  if (version >= 11 &&
      !report_all (self, entity_link_queries, G_N_ELEMENTS (entity_link_queries), report, &ok, error))
    return FALSE;

  if (!self->read_only)
    {
      rc = sqlite3_exec (self->db, "INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 1)",
                         NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        report_line (report, &ok, "search index: %s (gloss-cli check can rebuild it)", sqlite3_errmsg (self->db));
    }

  return ok;
}

gboolean
gloss_store_rebuild_entity_keys (GlossStore *self,
                                 GError    **error)
{
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);

  if (!gloss_store_op_begin (self, error))
    return FALSE;
  ok = gloss_store_entity_keys_rebuild (self, error);
  return gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
}

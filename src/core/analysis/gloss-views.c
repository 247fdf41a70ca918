/* gloss-views.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-views"

#include "config.h"

#include "gloss-fields.h"
#include "gloss-pages.h"
#include "gloss-store-private.h"
#include "gloss-views.h"

void
gloss_claim_row_free (GlossClaimRow *row)
{
  if (row == NULL)
    return;
  g_free (row->annotation_id);
  g_free (row->document_id);
  g_free (row->document_title);
  g_free (row->label_id);
  g_free (row->label_name);
  g_free (row->quote);
  g_free (row->speaker_id);
  g_free (row->speaker);
  g_free (row->claim_type);
  g_free (row->likelihood);
  g_free (row->confidence);
  g_free (row->credibility);
  g_free (row->status);
  g_free (row->pages);
  g_free (row);
}

void
gloss_risk_row_free (GlossRiskRow *row)
{
  if (row == NULL)
    return;
  g_free (row->annotation_id);
  g_free (row->document_id);
  g_free (row->document_title);
  g_free (row->label_id);
  g_free (row->label_name);
  g_free (row->quote);
  g_free (row->category);
  g_free (row->horizon);
  g_free (row->rationale);
  g_free (row->pages);
  g_free (row);
}

/* The page(s) of a span, "p. 12", for rows that come in document order: the pages
 * of one document are read once, when its first row comes. NULL where the document
 * has no pages. */
typedef struct {
  char   *document_id;
  GArray *pages;
} PageCache;

static gboolean
describe_pages (GlossStore  *self,
                PageCache   *cache,
                const char  *document_id,
                gint64       start,
                gint64       end,
                char       **pages,
                GError     **error)
{
  if (g_strcmp0 (cache->document_id, document_id) != 0)
    {
      g_clear_pointer (&cache->pages, g_array_unref);
      g_free (cache->document_id);
      cache->document_id = g_strdup (document_id);
      cache->pages = gloss_store_get_document_pages (self, document_id, error);
      if (cache->pages == NULL)
        return FALSE;
    }
  *pages = gloss_pages_describe (cache->pages, start, end);
  return TRUE;
}

static void
page_cache_clear (PageCache *cache)
{
  g_clear_pointer (&cache->document_id, g_free);
  g_clear_pointer (&cache->pages, g_array_unref);
}

/* The columns every row starts with, then one value per field name bound at ?N.
 * Only values of live fields of the annotation's current label count, as in
 * gloss_store_list_field_values(). The outer loop runs over the labels of one kind,
 * so that the annotations_label index finds their annotations without a scan of
 * every annotation in the project. */
#define ROW_SELECT \
  "SELECT a.id, d.id, d.title, l.id, l.name, a.span_start, a.span_end, a.quote"
#define FIELD_VALUE(n) \
  ", (SELECT v.value FROM field_values v JOIN label_fields f ON f.pk = v.field " \
  "   WHERE v.annotation = a.pk AND f.label = a.label AND f.deleted = 0 " \
  "     AND f.name = ?" #n " COLLATE NOCASE)"
#define ROW_FROM \
  " FROM labels l JOIN annotations a ON a.label = l.pk JOIN documents d ON d.pk = a.document " \
  "WHERE l.kind = ?1 AND a.deleted = 0 AND d.deleted = 0 " \
  "ORDER BY d.pk, a.span_start, a.span_end, a.pk"

GPtrArray *
gloss_store_list_claims (GlossStore  *self,
                         GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_claim_row_free);
  PageCache cache = { NULL, NULL };
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  /* The speaker is an entity field: its value is the entity's UUID, its name is
   * looked up through the unique index on entities.id (a merged entity's mentions
   * and values already point at the kept one). */
  stmt = gloss_store_prepare (self,
      ROW_SELECT FIELD_VALUE (2) ", (SELECT e.name FROM entities e WHERE e.id = "
      "  (SELECT v.value FROM field_values v JOIN label_fields f ON f.pk = v.field "
      "   WHERE v.annotation = a.pk AND f.label = a.label AND f.deleted = 0 AND f.name = ?2 COLLATE NOCASE))"
      FIELD_VALUE (3) FIELD_VALUE (4) FIELD_VALUE (5) FIELD_VALUE (6) FIELD_VALUE (7)
      ROW_FROM, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, GLOSS_LABEL_KIND_CLAIM, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, GLOSS_CLAIM_FIELD_SPEAKER, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, GLOSS_CLAIM_FIELD_TYPE, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, GLOSS_CLAIM_FIELD_LIKELIHOOD, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, GLOSS_CLAIM_FIELD_CONFIDENCE, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, GLOSS_CLAIM_FIELD_CREDIBILITY, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, GLOSS_CLAIM_FIELD_STATUS, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GlossClaimRow *row = g_new0 (GlossClaimRow, 1);

      row->annotation_id = gloss_column_dup (stmt, 0);
      row->document_id = gloss_column_dup (stmt, 1);
      row->document_title = gloss_column_dup (stmt, 2);
      row->label_id = gloss_column_dup (stmt, 3);
      row->label_name = gloss_column_dup (stmt, 4);
      row->start = sqlite3_column_int64 (stmt, 5);
      row->end = sqlite3_column_int64 (stmt, 6);
      row->quote = gloss_column_dup (stmt, 7);
      row->speaker_id = gloss_column_dup (stmt, 8);
      row->speaker = gloss_column_dup (stmt, 9);
      row->claim_type = gloss_column_dup (stmt, 10);
      row->likelihood = gloss_column_dup (stmt, 11);
      row->confidence = gloss_column_dup (stmt, 12);
      row->credibility = gloss_column_dup (stmt, 13);
      row->status = gloss_column_dup (stmt, 14);
      g_ptr_array_add (rows, row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (self, rc, "listing claims", error);
      return NULL;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      GlossClaimRow *row = rows->pdata[i];

      if (!describe_pages (self, &cache, row->document_id, row->start, row->end, &row->pages, error))
        {
          page_cache_clear (&cache);
          return NULL;
        }
    }
  page_cache_clear (&cache);
  return g_steal_pointer (&rows);
}

/* A scale value 1..GLOSS_RISK_LEVELS, or 0. */
static int
risk_level (const char *value)
{
  gint64 n;

  if (value == NULL || !g_ascii_string_to_signed (value, 10, 1, GLOSS_RISK_LEVELS, &n, NULL))
    return 0;
  return (int) n;
}

GPtrArray *
gloss_store_list_risks (GlossStore  *self,
                        GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_risk_row_free);
  PageCache cache = { NULL, NULL };
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  stmt = gloss_store_prepare (self,
      ROW_SELECT FIELD_VALUE (2) FIELD_VALUE (3) FIELD_VALUE (4) FIELD_VALUE (5) FIELD_VALUE (6)
      ROW_FROM, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, GLOSS_LABEL_KIND_RISK, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, GLOSS_RISK_FIELD_CATEGORY, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, GLOSS_FIELD_LIKELIHOOD, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, GLOSS_FIELD_IMPACT, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, GLOSS_RISK_FIELD_HORIZON, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, GLOSS_RISK_FIELD_RATIONALE, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GlossRiskRow *row = g_new0 (GlossRiskRow, 1);

      row->annotation_id = gloss_column_dup (stmt, 0);
      row->document_id = gloss_column_dup (stmt, 1);
      row->document_title = gloss_column_dup (stmt, 2);
      row->label_id = gloss_column_dup (stmt, 3);
      row->label_name = gloss_column_dup (stmt, 4);
      row->start = sqlite3_column_int64 (stmt, 5);
      row->end = sqlite3_column_int64 (stmt, 6);
      row->quote = gloss_column_dup (stmt, 7);
      row->category = gloss_column_dup (stmt, 8);
      row->likelihood = risk_level ((const char *) sqlite3_column_text (stmt, 9));
      row->impact = risk_level ((const char *) sqlite3_column_text (stmt, 10));
      row->score = row->likelihood > 0 && row->impact > 0 ? row->likelihood * row->impact : -1;
      row->horizon = gloss_column_dup (stmt, 11);
      row->rationale = gloss_column_dup (stmt, 12);
      g_ptr_array_add (rows, row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (self, rc, "listing risks", error);
      return NULL;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      GlossRiskRow *row = rows->pdata[i];

      if (!describe_pages (self, &cache, row->document_id, row->start, row->end, &row->pages, error))
        {
          page_cache_clear (&cache);
          return NULL;
        }
    }
  page_cache_clear (&cache);
  return g_steal_pointer (&rows);
}

guint
gloss_risk_matrix_count (GPtrArray *risks,
                         guint      counts[GLOSS_RISK_LEVELS][GLOSS_RISK_LEVELS])
{
  guint unplaced = 0;

  for (guint l = 0; l < GLOSS_RISK_LEVELS; l++)
    for (guint i = 0; i < GLOSS_RISK_LEVELS; i++)
      counts[l][i] = 0;
  for (guint k = 0; risks != NULL && k < risks->len; k++)
    {
      const GlossRiskRow *row = risks->pdata[k];

      if (row->likelihood >= 1 && row->likelihood <= GLOSS_RISK_LEVELS &&
          row->impact >= 1 && row->impact <= GLOSS_RISK_LEVELS)
        counts[row->likelihood - 1][row->impact - 1]++;
      else
        unplaced++;
    }
  return unplaced;
}

int
gloss_risk_score_band (int score)
{
  if (score < 1)
    return -1;
  if (score <= 4)
    return 0;
  if (score <= 9)
    return 1;
  if (score <= 16)
    return 2;
  return 3;
}

/* gloss-store-pages.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rows of document_pages and document_confidence (migration 5), and the
 * arithmetic of which page a span is on.
 */
#define G_LOG_DOMAIN "gloss-store"

#include "gloss-pages.h"
#include "gloss-store-private.h"

static gint64
document_length (GlossStore *self,
                 gint64      pk,
                 GError    **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self, "SELECT length FROM documents WHERE pk = ?1", error);
  gint64 length = -1;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, pk);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    length = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return length;
}

static gint64
live_document (GlossStore *self,
               const char *id,
               gint64     *length,
               GError    **error)
{
  gint64 pk = gloss_store_document_pk (self, id);

  if (pk == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no document with id %s.", id);
      return 0;
    }
  *length = document_length (self, pk, error);
  return *length < 0 ? 0 : pk;
}

gboolean
gloss_store_set_document_pages (GlossStore   *self,
                                const char   *id,
                                const gint64 *starts,
                                guint         n_pages,
                                GError      **error)
{
  sqlite3_stmt *stmt;
  gint64 pk, length = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL && (starts != NULL || n_pages == 0), FALSE);

  if (!gloss_store_op_begin (self, error))
    return FALSE;
  pk = live_document (self, id, &length, error);
  ok = pk != 0;
  for (guint i = 0; ok && i < n_pages; i++)
    if (starts[i] < 0 || starts[i] > length || (i > 0 && starts[i] < starts[i - 1]))
      {
        g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                     "Page %u starts at %" G_GINT64_FORMAT ", outside the text or before the page before it.",
                     i + 1, starts[i]);
        ok = FALSE;
      }
  if (ok && (stmt = gloss_store_prepare (self, "DELETE FROM document_pages WHERE document = ?1", error)) != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, pk);
      ok = gloss_store_step_done (self, stmt, "replacing a document's pages", error);
    }
  else
    ok = FALSE;
  for (guint i = 0; ok && i < n_pages; i++)
    {
      stmt = gloss_store_prepare (self, "INSERT INTO document_pages (document, page, start) VALUES (?1, ?2, ?3)", error);
      if (stmt == NULL)
        {
          ok = FALSE;
          break;
        }
      sqlite3_bind_int64 (stmt, 1, pk);
      sqlite3_bind_int64 (stmt, 2, (gint64) i + 1);
      sqlite3_bind_int64 (stmt, 3, starts[i]);
      ok = gloss_store_step_done (self, stmt, "storing a document's pages", error);
    }
  if (ok)
    gloss_store_queue_change (self, GLOSS_CHANGE_DOCUMENTS, id);
  return gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
}

gboolean
gloss_store_add_document_confidence (GlossStore *self,
                                     const char *id,
                                     gint64      start,
                                     gint64      end,
                                     double      confidence,
                                     GError    **error)
{
  sqlite3_stmt *stmt;
  gint64 pk, length = 0;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);

  if (!gloss_store_op_begin (self, error))
    return FALSE;
  pk = live_document (self, id, &length, error);
  ok = pk != 0;
  if (ok && (start < 0 || end <= start || end > length || !(confidence >= 0 && confidence <= 100)))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "An OCR confidence of %.1f for [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") does not fit the document.",
                   confidence, start, end);
      ok = FALSE;
    }
  if (ok && (stmt = gloss_store_prepare (self,
                "INSERT OR REPLACE INTO document_confidence (document, span_start, span_end, confidence) "
                "VALUES (?1, ?2, ?3, ?4)", error)) != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, pk);
      sqlite3_bind_int64 (stmt, 2, start);
      sqlite3_bind_int64 (stmt, 3, end);
      sqlite3_bind_double (stmt, 4, confidence);
      ok = gloss_store_step_done (self, stmt, "storing OCR confidence", error);
    }
  else
    ok = FALSE;
  return gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
}

GArray *
gloss_store_get_document_pages (GlossStore *self,
                                const char *id,
                                GError    **error)
{
  g_autoptr(GArray) pages = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  gint64 pk, length = 0;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  pk = live_document (self, id, &length, error);
  if (pk == 0)
    return NULL;
  stmt = gloss_store_prepare (self, "SELECT start FROM document_pages WHERE document = ?1 ORDER BY page", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, pk);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 start = CLAMP (sqlite3_column_int64 (stmt, 0), 0, length);

      if (pages->len > 0)
        start = MAX (start, g_array_index (pages, gint64, pages->len - 1));
      g_array_append_val (pages, start);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (self, rc, "reading a document's pages", error);
      return NULL;
    }
  return g_steal_pointer (&pages);
}

GArray *
gloss_store_get_document_confidence (GlossStore *self,
                                     const char *id,
                                     GError    **error)
{
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (GlossConfidenceSpan));
  sqlite3_stmt *stmt;
  gint64 pk, length = 0;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  pk = live_document (self, id, &length, error);
  if (pk == 0)
    return NULL;
  stmt = gloss_store_prepare (self,
      "SELECT span_start, span_end, confidence FROM document_confidence WHERE document = ?1 ORDER BY span_start",
      error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, pk);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GlossConfidenceSpan span = {
        sqlite3_column_int64 (stmt, 0),
        MIN (sqlite3_column_int64 (stmt, 1), length),
        sqlite3_column_double (stmt, 2),
      };

      if (span.start < span.end)
        g_array_append_val (spans, span);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (self, rc, "reading OCR confidence", error);
      return NULL;
    }
  return g_steal_pointer (&spans);
}

guint
gloss_pages_at (const GArray *pages,
                gint64        offset)
{
  guint lo = 0, hi;

  if (pages == NULL || pages->len == 0)
    return 0;
  /* The last page starting at or before @offset: of pages that start at the same
   * place, the earlier ones are empty. */
  hi = pages->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (pages, gint64, mid) <= offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  return MAX (lo, 1);
}

gboolean
gloss_pages_of_span (const GArray *pages,
                     gint64        start,
                     gint64        end,
                     guint        *first,
                     guint        *last)
{
  if (pages == NULL || pages->len == 0)
    return FALSE;
  *first = gloss_pages_at (pages, start);
  *last = end > start ? gloss_pages_at (pages, end - 1) : *first;
  return TRUE;
}

char *
gloss_pages_describe (const GArray *pages,
                      gint64        start,
                      gint64        end)
{
  guint first, last;

  if (!gloss_pages_of_span (pages, start, end, &first, &last))
    return NULL;
  if (first == last)
    return g_strdup_printf ("p. %u", first);
  return g_strdup_printf ("pp. %u–%u", first, last);
}

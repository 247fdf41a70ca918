/* gloss-store-documents.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Documents: their text (stored once, never changed), title, source details, full-text index.
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

#include "gloss-store-private.h"

/* ------------------------------------------------------------------------- */
/* Documents                                                                  */

gboolean
gloss_text_is_storable (const char *text,
                        gsize       len,
                        GError    **error)
{
  const char *end = NULL;

  if (!g_utf8_validate_len (text, len, &end))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "The text is not valid UTF-8 (at byte %" G_GSIZE_FORMAT ").", (gsize) (end - text));
      return FALSE;
    }
  for (gsize i = 0; i < len; i++)
    {
      guchar c = text[i];

      if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                       "The text contains a control character (0x%02x) at byte %" G_GSIZE_FORMAT
                       "; only tabs and \\n line breaks are kept.", c, i);
          return FALSE;
        }
    }
  return TRUE;
}

#define DOCUMENT_COLUMNS \
  "d.id, d.title, d.source, d.format, d.sha256, d.imported, d.metadata, d.length, d.created, d.modified, " \
  "d.reliability, d.author, d.publisher, d.published, d.url, d.tlp"

static GlossDocument *
document_from_row (sqlite3_stmt *stmt)
{
  GlossDocument *doc = g_new0 (GlossDocument, 1);

  doc->id = gloss_column_dup (stmt, 0);
  doc->title = gloss_column_dup (stmt, 1);
  doc->source = gloss_column_dup (stmt, 2);
  doc->format = gloss_column_dup (stmt, 3);
  doc->sha256 = gloss_column_dup (stmt, 4);
  doc->imported = gloss_column_dup (stmt, 5);
  doc->metadata = gloss_column_dup (stmt, 6);
  doc->length = sqlite3_column_int64 (stmt, 7);
  doc->created = gloss_column_dup (stmt, 8);
  doc->modified = gloss_column_dup (stmt, 9);
  doc->reliability = gloss_column_dup (stmt, 10);
  doc->author = gloss_column_dup (stmt, 11);
  doc->publisher = gloss_column_dup (stmt, 12);
  doc->published = gloss_column_dup (stmt, 13);
  doc->url = gloss_column_dup (stmt, 14);
  doc->tlp = gloss_column_dup (stmt, 15);
  return doc;
}

GPtrArray *
gloss_store_list_documents (GlossStore *self,
                            GError    **error)
{
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_document_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  stmt = gloss_store_prepare (self,
      "SELECT " DOCUMENT_COLUMNS ", "
      "  (SELECT count(*) FROM annotations a WHERE a.document = d.pk AND a.deleted = 0) "
      "FROM documents d WHERE d.deleted = 0 ORDER BY d.pk", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GlossDocument *doc = document_from_row (stmt);

      doc->n_annotations = sqlite3_column_int64 (stmt, 16);
      g_ptr_array_add (docs, doc);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (self, rc, "listing documents", error);
      return NULL;
    }
  return g_steal_pointer (&docs);
}

static GlossDocument *
get_document_where (GlossStore *self,
                    const char *sql,
                    const char *value,
                    GError    **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self, sql, error);
  GlossDocument *doc = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  gloss_bind_text (stmt, 1, value);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      doc = document_from_row (stmt);
      doc->text = g_strndup ((const char *) sqlite3_column_text (stmt, 16), sqlite3_column_bytes (stmt, 16));
      doc->n_annotations = sqlite3_column_int64 (stmt, 17);
    }
  else if (rc != SQLITE_DONE)
    gloss_store_set_sqlite_error (self, rc, "reading a document", error);
  sqlite3_reset (stmt);
  return doc;
}

GlossDocument *
gloss_store_get_document (GlossStore *self,
                          const char *id,
                          GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  GlossDocument *doc;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  doc = get_document_where (self,
      "SELECT " DOCUMENT_COLUMNS ", d.text, "
      "  (SELECT count(*) FROM annotations a WHERE a.document = d.pk AND a.deleted = 0) "
      "FROM documents d WHERE d.id = ?1 AND d.deleted = 0", id, &local_error);
  if (doc == NULL && local_error == NULL)
    g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                 "There is no document with id %s.", id);
  else if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return doc;
}

GlossDocument *
gloss_store_find_document_by_sha256 (GlossStore *self,
                                     const char *sha256,
                                     GError    **error)
{
  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  return get_document_where (self,
      "SELECT " DOCUMENT_COLUMNS ", d.text, "
      "  (SELECT count(*) FROM annotations a WHERE a.document = d.pk AND a.deleted = 0) "
      "FROM documents d WHERE d.sha256 = ?1 AND d.deleted = 0 ORDER BY d.pk LIMIT 1", sha256, error);
}

static gboolean
fts_insert (GlossStore *self,
            gint64      pk,
            const char *title,
            const char *text,
            GError    **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self,
      "INSERT INTO documents_fts (rowid, title, text) VALUES (?1, ?2, ?3)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, pk);
  sqlite3_bind_text (stmt, 2, title, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, text, -1, SQLITE_STATIC);
  return gloss_store_step_done (self, stmt, "indexing a document for search", error);
}

/* An external-content FTS5 table forgets a row only when told the values it indexed. */
static gboolean
fts_delete (GlossStore *self,
            gint64      pk,
            GError    **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self,
      "INSERT INTO documents_fts (documents_fts, rowid, title, text) "
      "SELECT 'delete', pk, title, text FROM documents WHERE pk = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, pk);
  return gloss_store_step_done (self, stmt, "updating the search index", error);
}

gboolean
gloss_store_fts_remove (GlossStore *self,
                        gint64      document_pk,
                        GError    **error)
{
  return fts_delete (self, document_pk, error);
}

gboolean
gloss_store_fts_add (GlossStore *self,
                     gint64      document_pk,
                     GError    **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self,
      "INSERT INTO documents_fts (rowid, title, text) SELECT pk, title, text FROM documents WHERE pk = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, document_pk);
  return gloss_store_step_done (self, stmt, "indexing a document for search", error);
}

gboolean
gloss_store_insert_document_row (GlossStore          *self,
                                 const GlossDocument *doc,
                                 gint64              *out_pk,
                                 GError             **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self,
      "INSERT INTO documents (id, title, text, length, source, format, sha256, imported, metadata, created, modified, "
      "                       reliability, author, publisher, published, url, tlp) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)", error);
  gint64 pk;

  if (stmt == NULL)
    return FALSE;
  gloss_bind_text (stmt, 1, doc->id);
  gloss_bind_text (stmt, 2, doc->title);
  sqlite3_bind_text (stmt, 3, doc->text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, doc->length);
  gloss_bind_text (stmt, 5, doc->source);
  gloss_bind_text (stmt, 6, doc->format);
  gloss_bind_text (stmt, 7, doc->sha256);
  gloss_bind_text (stmt, 8, doc->imported);
  gloss_bind_text (stmt, 9, doc->metadata);
  gloss_bind_text (stmt, 10, doc->created);
  gloss_bind_text (stmt, 11, doc->modified);
  gloss_bind_text (stmt, 12, doc->reliability);
  gloss_bind_text (stmt, 13, doc->author);
  gloss_bind_text (stmt, 14, doc->publisher);
  gloss_bind_text (stmt, 15, doc->published);
  gloss_bind_text (stmt, 16, doc->url);
  gloss_bind_text (stmt, 17, doc->tlp);
  if (!gloss_store_step_done (self, stmt, "adding a document", error))
    return FALSE;
  pk = sqlite3_last_insert_rowid (self->db);
  if (!fts_insert (self, pk, doc->title, doc->text, error))
    return FALSE;
  if (out_pk)
    *out_pk = pk;
  gloss_store_queue_change (self, GLOSS_CHANGE_DOCUMENTS, doc->id);
  return TRUE;
}

GlossDocument *
gloss_store_add_document (GlossStore *self,
                          const char *title,
                          const char *text,
                          const char *source,
                          const char *format,
                          const char *metadata_json,
                          GError    **error)
{
  g_autoptr(GlossDocument) doc = NULL;
  g_autoptr(GlossDocument) existing = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *now = NULL;
  gsize len;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (!gloss_store_check_writable (self, error))
    return NULL;

  len = strlen (text);
  if (len == 0)
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "The document is empty.");
      return NULL;
    }
  if (!gloss_text_is_storable (text, len, error))
    return NULL;
  if (title == NULL || *title == '\0')
    title = "Untitled";
  if (!g_utf8_validate (title, -1, NULL))
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "The title is not valid UTF-8.");
      return NULL;
    }

  now = gloss_now_iso8601 ();
  doc = g_new0 (GlossDocument, 1);
  doc->id = gloss_uuid_new ();
  doc->title = g_strdup (title);
  doc->text = g_strdup (text);
  doc->source = g_strdup (source);
  doc->format = g_strdup (format ? format : "txt");
  doc->sha256 = gloss_sha256_hex (text, len);
  doc->imported = g_strdup (now);
  doc->metadata = g_strdup (metadata_json);
  doc->length = g_utf8_strlen (text, len);
  doc->created = g_strdup (now);
  doc->modified = g_strdup (now);

  if (!gloss_store_op_begin (self, error))
    return NULL;

  existing = gloss_store_find_document_by_sha256 (self, doc->sha256, &local_error);
  if (local_error != NULL)
    ok = FALSE;
  else if (existing != NULL)
    {
      g_set_error (&local_error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE,
                   "The same text is already in the project as “%s” (%s).", existing->title, existing->id);
      ok = FALSE;
    }
  else
    {
      gint64 pk = 0;

      ok = gloss_store_insert_document_row (self, doc, &pk, &local_error) &&
           gloss_history_record (self, GLOSS_HISTORY_CREATE, "documents", pk, 0, NULL, NULL, &local_error);
    }

  if (!gloss_store_op_end (self, ok, ok ? &local_error : NULL) || !ok)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&doc);
}

gboolean
gloss_store_set_document_title (GlossStore *self,
                                const char *id,
                                const char *title,
                                GError    **error)
{
  g_autofree char *now = gloss_now_iso8601 ();
  g_autofree char *before = NULL;
  g_autoptr(GlossDocument) doc = NULL;
  sqlite3_stmt *stmt;
  gint64 pk;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);

  if (title == NULL || *title == '\0' || !g_utf8_validate (title, -1, NULL))
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "A title cannot be empty.");
      return FALSE;
    }
  if (!gloss_store_op_begin (self, error))
    return FALSE;
  pk = gloss_store_document_pk (self, id);
  if (pk == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no document with id %s.", id);
      gloss_store_op_end (self, FALSE, NULL);
      return FALSE;
    }
  before = gloss_history_snapshot (self, "documents", pk, 0);
  ok = fts_delete (self, pk, error);
  if (ok && (stmt = gloss_store_prepare (self,
                "UPDATE documents SET title = ?2, modified = ?3 WHERE pk = ?1", error)) != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, pk);
      gloss_bind_text (stmt, 2, title);
      gloss_bind_text (stmt, 3, now);
      ok = gloss_store_step_done (self, stmt, "renaming a document", error);
    }
  else
    ok = FALSE;
  if (ok)
    {
      doc = gloss_store_get_document (self, id, error);
      ok = doc != NULL && fts_insert (self, pk, doc->title, doc->text, error) &&
           gloss_history_record (self, GLOSS_HISTORY_EDIT, "documents", pk, 0, before, NULL, error);
    }
  if (ok)
    gloss_store_queue_change (self, GLOSS_CHANGE_DOCUMENTS, id);
  return gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
}

gboolean
gloss_store_delete_document (GlossStore *self,
                             const char *id,
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
  gloss_store_forget_bulk_lookups (self);
  pk = gloss_store_document_pk (self, id);
  if (pk == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no document with id %s.", id);
      gloss_store_op_end (self, FALSE, NULL);
      return FALSE;
    }
  before = gloss_history_snapshot (self, "documents", pk, 0);
  ok = fts_delete (self, pk, error) &&
       gloss_history_record_document_annotations_deleted (self, pk, now, error);
  if (ok && (stmt = gloss_store_prepare (self,
                "UPDATE annotations SET deleted = 1, modified = ?2 WHERE document = ?1 AND deleted = 0", error)) != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, pk);
      gloss_bind_text (stmt, 2, now);
      ok = gloss_store_step_done (self, stmt, "deleting a document's annotations", error);
    }
  else
    ok = FALSE;
  if (ok && (stmt = gloss_store_prepare (self,
                "UPDATE documents SET deleted = 1, modified = ?2 WHERE pk = ?1", error)) != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, pk);
      gloss_bind_text (stmt, 2, now);
      ok = gloss_store_step_done (self, stmt, "deleting a document", error) &&
           gloss_history_record (self, GLOSS_HISTORY_DELETE, "documents", pk, 0, before, NULL, error);
    }
  else
    ok = FALSE;
  if (ok)
    {
      gloss_store_queue_change (self, GLOSS_CHANGE_DOCUMENTS, id);
      gloss_store_queue_change (self, GLOSS_CHANGE_ANNOTATIONS, id);
    }
  return gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
}

/* Checks a date written as YYYY-MM-DD. */
gboolean
gloss_date_is_valid (const char *text)
{
  guint64 y, m, d;
  g_auto(GStrv) parts = NULL;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  parts = g_strsplit (text, "-", 3);
  if (!g_ascii_string_to_unsigned (parts[0], 10, 1, 9999, &y, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, 12, &m, NULL) ||
      !g_ascii_string_to_unsigned (parts[2], 10, 1, 31, &d, NULL))
    return FALSE;
  return g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

static char *
clean_property (const char *value)
{
  char *clean;

  if (value == NULL)
    return NULL;
  clean = g_strstrip (g_strdup (value));
  if (*clean == '\0')
    g_clear_pointer (&clean, g_free);
  return clean;
}

gboolean
gloss_document_properties_normalize (GlossDocument *props,
                                     GError       **error)
{
  char **texts[] = { &props->reliability, &props->author, &props->publisher, &props->published,
                     &props->url, &props->tlp };
  static const char * const names[] = { "reliability", "author", "publisher", "publication date", "URL", "TLP marking" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      char *clean;

      if (*texts[i] != NULL && !g_utf8_validate (*texts[i], -1, NULL))
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "The %s is not valid UTF-8.", names[i]);
          return FALSE;
        }
      clean = clean_property (*texts[i]);
      g_free (*texts[i]);
      *texts[i] = clean;
      for (const char *p = clean; p && *p; p++)
        if ((guchar) *p < 0x20 || *p == 0x7f)
          {
            g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                         "The %s contains a line break or control character.", names[i]);
            return FALSE;
          }
    }

  if (props->reliability != NULL)
    {
      char *upper = g_ascii_strup (props->reliability, -1);

      g_free (props->reliability);
      props->reliability = upper;
      if (!gloss_reliability_is_valid (upper))
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                       "reliability: “%s” is not an Admiralty source grade; use A (completely reliable), "
                       "B (usually reliable), C (fairly reliable), D (not usually reliable), E (unreliable) "
                       "or F (reliability cannot be judged).", upper);
          return FALSE;
        }
    }
  if (props->tlp != NULL)
    {
      char *upper = g_ascii_strup (props->tlp, -1);
      const char *marking = upper;

      if (g_str_has_prefix (marking, "TLP:"))
        marking += strlen ("TLP:");
      g_free (props->tlp);
      props->tlp = g_strdup (marking);
      g_free (upper);
      if (!gloss_tlp_is_valid (props->tlp))
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                       "TLP: “%s” is not a Traffic Light Protocol marking; use CLEAR, GREEN, AMBER, "
                       "AMBER+STRICT or RED.", props->tlp);
          return FALSE;
        }
    }
  if (props->published != NULL && !gloss_date_is_valid (props->published))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "publication date: “%s” is not a date written as YYYY-MM-DD.", props->published);
      return FALSE;
    }
  if (props->url != NULL && !g_uri_is_valid (props->url, G_URI_FLAGS_NONE, NULL))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "URL: “%s” is not an absolute URL such as https://example.org/article.", props->url);
      return FALSE;
    }
  return TRUE;
}

gboolean
gloss_store_set_document_properties (GlossStore          *self,
                                     const char          *id,
                                     const GlossDocument *properties,
                                     GError             **error)
{
  g_autofree char *now = gloss_now_iso8601 ();
  g_autofree char *before = NULL;
  GlossDocument props = { 0 };
  sqlite3_stmt *stmt;
  gint64 pk;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);
  g_return_val_if_fail (properties != NULL, FALSE);

  props.reliability = g_strdup (properties->reliability);
  props.author = g_strdup (properties->author);
  props.publisher = g_strdup (properties->publisher);
  props.published = g_strdup (properties->published);
  props.url = g_strdup (properties->url);
  props.tlp = g_strdup (properties->tlp);
  ok = gloss_document_properties_normalize (&props, error);
  if (ok && !gloss_store_op_begin (self, error))
    ok = FALSE;
  else if (ok)
    {
      pk = gloss_store_document_pk (self, id);
      if (pk == 0)
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no document with id %s.", id);
          ok = FALSE;
        }
      else if ((before = gloss_history_snapshot (self, "documents", pk, 0)) != NULL &&
               (stmt = gloss_store_prepare (self,
                    "UPDATE documents SET reliability = ?2, author = ?3, publisher = ?4, published = ?5, url = ?6, "
                    "tlp = ?7, modified = ?8 WHERE pk = ?1", error)) != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, pk);
          gloss_bind_text (stmt, 2, props.reliability);
          gloss_bind_text (stmt, 3, props.author);
          gloss_bind_text (stmt, 4, props.publisher);
          gloss_bind_text (stmt, 5, props.published);
          gloss_bind_text (stmt, 6, props.url);
          gloss_bind_text (stmt, 7, props.tlp);
          gloss_bind_text (stmt, 8, now);
          ok = gloss_store_step_done (self, stmt, "changing document properties", error) &&
               gloss_history_record (self, GLOSS_HISTORY_EDIT, "documents", pk, 0, before, NULL, error);
        }
      else
        ok = FALSE;
      if (ok)
        gloss_store_queue_change (self, GLOSS_CHANGE_DOCUMENTS, id);
      ok = gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
    }
  g_free (props.reliability);
  g_free (props.author);
  g_free (props.publisher);
  g_free (props.published);
  g_free (props.url);
  g_free (props.tlp);
  return ok;
}


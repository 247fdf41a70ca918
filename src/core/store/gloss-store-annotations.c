/* gloss-store-annotations.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Annotations (spans in code points with their quote and context), annotators, search.
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
/* Annotations                                                                */

#define ANNOTATION_SELECT GLOSS_ANNOTATION_SELECT
GlossAnnotation *
gloss_annotation_from_row (sqlite3_stmt *stmt)
{
  GlossAnnotation *a = g_new0 (GlossAnnotation, 1);

  a->id = gloss_column_dup (stmt, 0);
  a->document_id = gloss_column_dup (stmt, 1);
  a->label_id = gloss_column_dup (stmt, 2);
  a->label_name = gloss_column_dup (stmt, 3);
  a->start = sqlite3_column_int64 (stmt, 4);
  a->end = sqlite3_column_int64 (stmt, 5);
  a->quote = gloss_column_dup (stmt, 6);
  a->prefix = gloss_column_dup (stmt, 7);
  a->suffix = gloss_column_dup (stmt, 8);
  a->note = gloss_column_dup (stmt, 9);
  a->annotator = gloss_column_dup (stmt, 10);
  a->created = gloss_column_dup (stmt, 11);
  a->modified = gloss_column_dup (stmt, 12);
  a->entity_id = gloss_column_dup (stmt, 13);
  return a;
}

static gboolean
insert_annotation_row (GlossStore            *self,
                       const GlossAnnotation *a,
                       gint64                 document_pk,
                       gint64                 label_pk,
                       gint64                 annotator_pk,
                       gint64                 entity_pk,
                       GError               **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self,
      "INSERT INTO annotations (id, document, label, span_start, span_end, quote, prefix, suffix, note, "
      "                         annotator, created, modified, entity) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)", error);

  if (stmt == NULL)
    return FALSE;
  gloss_bind_text (stmt, 1, a->id);
  sqlite3_bind_int64 (stmt, 2, document_pk);
  sqlite3_bind_int64 (stmt, 3, label_pk);
  sqlite3_bind_int64 (stmt, 4, a->start);
  sqlite3_bind_int64 (stmt, 5, a->end);
  gloss_bind_text (stmt, 6, a->quote);
  gloss_bind_text (stmt, 7, a->prefix ? a->prefix : "");
  gloss_bind_text (stmt, 8, a->suffix ? a->suffix : "");
  gloss_bind_text (stmt, 9, a->note);
  if (annotator_pk > 0)
    sqlite3_bind_int64 (stmt, 10, annotator_pk);
  else
    sqlite3_bind_null (stmt, 10);
  gloss_bind_text (stmt, 11, a->created);
  gloss_bind_text (stmt, 12, a->modified);
  if (entity_pk > 0)
    sqlite3_bind_int64 (stmt, 13, entity_pk);
  else
    sqlite3_bind_null (stmt, 13);
  return gloss_store_step_done (self, stmt, "adding an annotation", error);
}

gboolean
gloss_store_insert_annotation_row (GlossStore            *self,
                                   const GlossAnnotation *a,
                                   gint64                 document_pk,
                                   gint64                 label_pk,
                                   gint64                 annotator_pk,
                                   GError               **error)
{
  return insert_annotation_row (self, a, document_pk, label_pk, annotator_pk, 0, error);
}

/* The text of document @doc_pk if [@start, @end) is a non-empty span inside it;
 * else NULL and an error saying why. */
static const GlossTextIndex *
span_document_text (GlossStore *self,
                    gint64      doc_pk,
                    gint64      start,
                    gint64      end,
                    GError    **error)
{
  const GlossTextIndex *index = gloss_store_document_text (self, doc_pk, error);
  gint64 length;

  if (index == NULL)
    return NULL;
  length = gloss_text_index_get_length (index);
  if (start < 0 || end <= start || end > length)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "The span [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") does not fit the document, "
                   "which has %" G_GINT64_FORMAT " characters.", start, end, length);
      return NULL;
    }
  return index;
}

GlossAnnotation *
gloss_store_add_annotation (GlossStore *self,
                            const char *document_id,
                            const char *label_id,
                            gint64      start,
                            gint64      end,
                            const char *note,
                            const char *annotator,
                            GError    **error)
{
  return gloss_store_add_annotation_resolving (self, document_id, label_id, start, end, note, annotator, NULL, NULL,
                                               error);
}

GlossAnnotation *
gloss_store_add_annotation_resolving (GlossStore          *self,
                                      const char          *document_id,
                                      const char          *label_id,
                                      gint64               start,
                                      gint64               end,
                                      const char          *note,
                                      const char          *annotator,
                                      GlossMentionResolver resolve,
                                      gpointer             user_data,
                                      GError             **error)
{
  g_autoptr(GlossAnnotation) a = NULL;
  g_autofree char *label_name = NULL;
  g_autofree char *label_kind = NULL;
  sqlite3_stmt *stmt;
  const GlossTextIndex *index;
  g_autofree char *now = NULL;
  gint64 doc_pk, label_pk, annotator_pk, entity_pk = 0;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);
  /* All or nothing needs the caller's transaction round the resolver's writes. */
  g_return_val_if_fail (resolve == NULL || !sqlite3_get_autocommit (self->db), NULL);

  if (note != NULL && *note == '\0')
    note = NULL;
  if ((note && !g_utf8_validate (note, -1, NULL)) || (annotator && !g_utf8_validate (annotator, -1, NULL)))
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                           "The note or annotator name is not valid UTF-8.");
      return NULL;
    }
  if (!gloss_store_op_begin (self, error))
    return NULL;

  if (self->bulk && self->bulk_doc_id != NULL && g_strcmp0 (self->bulk_doc_id, document_id) == 0)
    doc_pk = self->bulk_doc_pk;
  else
    {
      doc_pk = gloss_store_document_pk (self, document_id);
      if (self->bulk && doc_pk != 0)
        {
          g_free (self->bulk_doc_id);
          self->bulk_doc_id = g_strdup (document_id);
          self->bulk_doc_pk = doc_pk;
        }
    }
  label_pk = 0;
  stmt = gloss_store_prepare (self, "SELECT pk, name, kind FROM labels WHERE id = ?1 AND deleted = 0", NULL);
  if (stmt != NULL && label_id != NULL)
    {
      sqlite3_bind_text (stmt, 1, label_id, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          label_pk = sqlite3_column_int64 (stmt, 0);
          label_name = gloss_column_dup (stmt, 1);
          label_kind = gloss_column_dup (stmt, 2);
        }
      sqlite3_reset (stmt);
    }
  if (doc_pk == 0 || label_pk == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                   doc_pk == 0 ? "There is no document with id %s." : "There is no label with id %s.",
                   doc_pk == 0 ? document_id : label_id);
      gloss_store_op_end (self, FALSE, NULL);
      return NULL;
    }
  index = span_document_text (self, doc_pk, start, end, error);
  if (index == NULL)
    {
      gloss_store_op_end (self, FALSE, NULL);
      return NULL;
    }

  annotator_pk = 0;
  if (self->bulk && annotator != NULL && self->bulk_annotators != NULL)
    annotator_pk = (gint64) GPOINTER_TO_SIZE (g_hash_table_lookup (self->bulk_annotators, annotator));
  if (annotator_pk == 0)
    {
      annotator_pk = gloss_store_ensure_annotator (self, annotator, NULL, NULL, error);
      if (annotator_pk < 0)
        {
          gloss_store_op_end (self, FALSE, NULL);
          return NULL;
        }
      if (self->bulk && annotator_pk > 0 && annotator_pk <= G_MAXINT32)
        {
          if (self->bulk_annotators == NULL)
            self->bulk_annotators = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_hash_table_replace (self->bulk_annotators, g_strdup (annotator), GSIZE_TO_POINTER ((gsize) annotator_pk));
        }
    }
  now = gloss_now_iso8601 ();
  a = g_new0 (GlossAnnotation, 1);
  a->id = gloss_uuid_new ();
  a->document_id = g_strdup (document_id);
  a->label_id = g_strdup (label_id);
  a->label_name = g_steal_pointer (&label_name);
  a->start = start;
  a->end = end;
  a->quote = gloss_text_index_slice (index, start, end);
  a->prefix = gloss_text_index_slice (index, start - GLOSS_CONTEXT_CHARS, start);
  a->suffix = gloss_text_index_slice (index, end, end + GLOSS_CONTEXT_CHARS);
  a->note = g_strdup (note);
  a->annotator = annotator && *annotator ? g_strdup (annotator) : NULL;
  a->created = g_strdup (now);
  a->modified = g_strdup (now);

  /* The entity first (it may be added to the register), so that the row is written
   * once, with its link; outside this unit's savepoint, since the resolver's own
   * nested in it would together overflow SQLite's in-memory statement journal into a
   * temporary file on every tag adding an entity. What the unit wrote so far (an
   * annotator row at most) stays in the caller's transaction. */
  if (resolve != NULL && g_strcmp0 (label_kind, GLOSS_LABEL_KIND_ENTITY) == 0)
    {
      if (!gloss_store_op_end (self, TRUE, error))
        return NULL;
      entity_pk = resolve (self, a->quote, label_pk, user_data, error);
      if (entity_pk < 0 || !gloss_store_op_begin (self, error))
        return NULL;
    }
  ok = insert_annotation_row (self, a, doc_pk, label_pk, annotator_pk, entity_pk, error) &&
       gloss_history_record_created (self, "annotations", a->id, document_id, now, a->annotator, error);
  if (ok)
    gloss_store_queue_change (self, GLOSS_CHANGE_ANNOTATIONS, document_id);
  if (!gloss_store_op_end (self, ok, ok ? error : NULL) || !ok)
    return NULL;
  return g_steal_pointer (&a);
}

GlossAnnotation *
gloss_store_get_annotation (GlossStore *self,
                            const char *id,
                            GError    **error)
{
  sqlite3_stmt *stmt;
  GlossAnnotation *a = NULL;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  stmt = gloss_store_prepare (self, ANNOTATION_SELECT "WHERE a.id = ?1 AND a.deleted = 0", error);
  if (stmt == NULL)
    return NULL;
  gloss_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    a = gloss_annotation_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no annotation with id %s.", id);
  else
    gloss_store_set_sqlite_error (self, rc, "reading an annotation", error);
  sqlite3_reset (stmt);
  return a;
}

GPtrArray *
gloss_store_list_annotations (GlossStore *self,
                              const char *document_id,
                              GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_annotation_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  if (document_id != NULL)
    {
      gint64 pk = gloss_store_document_pk (self, document_id);

      if (pk == 0)
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                       "There is no document with id %s.", document_id);
          return NULL;
        }
      stmt = gloss_store_prepare (self,
          ANNOTATION_SELECT "WHERE a.document = ?1 AND a.deleted = 0 "
          "ORDER BY a.span_start, a.span_end, a.id", error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, pk);
    }
  else
    {
      stmt = gloss_store_prepare (self,
          ANNOTATION_SELECT "WHERE a.deleted = 0 AND d.deleted = 0 "
          "ORDER BY a.document, a.span_start, a.span_end, a.id", error);
      if (stmt == NULL)
        return NULL;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, gloss_annotation_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (self, rc, "listing annotations", error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* Runs one UPDATE on one annotation found by id (live or, for restoring, deleted)
 * and announces the change for its document. */
static gboolean
update_annotation (GlossStore *self,
                   const char *action,
                   const char *id,
                   gboolean    want_deleted,
                   const char *sql,
                   const char *text_value,
                   gint64      int_value,
                   const char *what,
                   GError    **error)
{
  g_autofree char *now = gloss_now_iso8601 ();
  g_autofree char *doc_id = NULL;
  g_autofree char *before = NULL;
  sqlite3_stmt *stmt;
  gint64 pk = 0;
  gboolean ok;

  if (!gloss_store_op_begin (self, error))
    return FALSE;

  stmt = gloss_store_prepare (self,
      "SELECT a.pk, d.id FROM annotations a JOIN documents d ON d.pk = a.document "
      "WHERE a.id = ?1 AND a.deleted = ?2 AND d.deleted = 0", error);
  if (stmt == NULL)
    {
      gloss_store_op_end (self, FALSE, NULL);
      return FALSE;
    }
  gloss_bind_text (stmt, 1, id);
  sqlite3_bind_int (stmt, 2, want_deleted ? 1 : 0);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      pk = sqlite3_column_int64 (stmt, 0);
      doc_id = gloss_column_dup (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (pk == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                   want_deleted ? "There is no deleted annotation with id %s." : "There is no annotation with id %s.",
                   id);
      gloss_store_op_end (self, FALSE, NULL);
      return FALSE;
    }

  before = gloss_history_snapshot (self, "annotations", pk, 0);
  stmt = gloss_store_prepare (self, sql, error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, pk);
      gloss_bind_text (stmt, 2, now);
      if (text_value != NULL)
        gloss_bind_text (stmt, 3, text_value);
      else
        sqlite3_bind_int64 (stmt, 3, int_value);
      ok = gloss_store_step_done (self, stmt, what, error) &&
           gloss_history_record (self, action, "annotations", pk, 0, before, NULL, error);
    }
  if (ok)
    gloss_store_queue_change (self, GLOSS_CHANGE_ANNOTATIONS, doc_id);
  return gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
}

gboolean
gloss_store_set_annotation_label (GlossStore *self,
                                  const char *id,
                                  const char *label_id,
                                  GError    **error)
{
  gint64 label_pk;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);

  label_pk = gloss_store_label_pk (self, label_id);
  if (label_pk == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no label with id %s.", label_id);
      return FALSE;
    }
  return update_annotation (self, GLOSS_HISTORY_EDIT, id, FALSE,
                            "UPDATE annotations SET label = ?3, modified = " GLOSS_SQL_MODIFIED_AFTER ("?2") " WHERE pk = ?1",
                            NULL, label_pk, "relabelling an annotation", error);
}

/* An empty note is stored as NULL by a statement of its own: update_annotation()
 * binds ?3, which that statement does not use (SQLite then reports SQLITE_RANGE for
 * the bind, which is harmless). */
gboolean
gloss_store_set_annotation_note (GlossStore *self,
                                 const char *id,
                                 const char *note,
                                 GError    **error)
{
  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);

  if (note != NULL && !g_utf8_validate (note, -1, NULL))
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "The note is not valid UTF-8.");
      return FALSE;
    }
  if (note == NULL || *note == '\0')
    return update_annotation (self, GLOSS_HISTORY_EDIT, id, FALSE,
                              "UPDATE annotations SET note = NULL, modified = " GLOSS_SQL_MODIFIED_AFTER ("?2") " WHERE pk = ?1",
                              NULL, 0, "editing a note", error);
  return update_annotation (self, GLOSS_HISTORY_EDIT, id, FALSE,
                            "UPDATE annotations SET note = ?3, modified = " GLOSS_SQL_MODIFIED_AFTER ("?2") " WHERE pk = ?1",
                            note, 0, "editing a note", error);
}

gboolean
gloss_store_set_annotation_span (GlossStore *self,
                                 const char *id,
                                 gint64      start,
                                 gint64      end,
                                 GError    **error)
{
  g_autofree char *now = gloss_now_iso8601 ();
  g_autofree char *doc_id = NULL;
  g_autofree char *before = NULL;
  g_autofree char *quote = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *suffix = NULL;
  const GlossTextIndex *index;
  sqlite3_stmt *stmt;
  gint64 pk = 0, doc_pk = 0;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!gloss_store_op_begin (self, error))
    return FALSE;

  stmt = gloss_store_prepare (self,
      "SELECT a.pk, d.pk, d.id FROM annotations a JOIN documents d ON d.pk = a.document "
      "WHERE a.id = ?1 AND a.deleted = 0 AND d.deleted = 0", error);
  if (stmt == NULL)
    {
      gloss_store_op_end (self, FALSE, NULL);
      return FALSE;
    }
  gloss_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      pk = sqlite3_column_int64 (stmt, 0);
      doc_pk = sqlite3_column_int64 (stmt, 1);
      doc_id = gloss_column_dup (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (pk == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no annotation with id %s.", id);
      gloss_store_op_end (self, FALSE, NULL);
      return FALSE;
    }
  index = span_document_text (self, doc_pk, start, end, error);
  if (index == NULL)
    {
      gloss_store_op_end (self, FALSE, NULL);
      return FALSE;
    }
  quote = gloss_text_index_slice (index, start, end);
  prefix = gloss_text_index_slice (index, start - GLOSS_CONTEXT_CHARS, start);
  suffix = gloss_text_index_slice (index, end, end + GLOSS_CONTEXT_CHARS);

  before = gloss_history_snapshot (self, "annotations", pk, 0);
  stmt = gloss_store_prepare (self,
      "UPDATE annotations SET span_start = ?2, span_end = ?3, quote = ?4, prefix = ?5, suffix = ?6, "
      "modified = " GLOSS_SQL_MODIFIED_AFTER ("?7") " WHERE pk = ?1", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, pk);
      sqlite3_bind_int64 (stmt, 2, start);
      sqlite3_bind_int64 (stmt, 3, end);
      gloss_bind_text (stmt, 4, quote);
      gloss_bind_text (stmt, 5, prefix);
      gloss_bind_text (stmt, 6, suffix);
      gloss_bind_text (stmt, 7, now);
      ok = gloss_store_step_done (self, stmt, "moving an annotation's edges", error) &&
           gloss_history_record (self, GLOSS_HISTORY_EDIT, "annotations", pk, 0, before, NULL, error);
    }
  if (ok)
    gloss_store_queue_change (self, GLOSS_CHANGE_ANNOTATIONS, doc_id);
  return gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
}

gboolean
gloss_store_delete_annotation (GlossStore *self,
                               const char *id,
                               GError    **error)
{
  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);

  return update_annotation (self, GLOSS_HISTORY_DELETE, id, FALSE,
                            "UPDATE annotations SET deleted = ?3, modified = " GLOSS_SQL_MODIFIED_AFTER ("?2") " WHERE pk = ?1",
                            NULL, 1, "deleting an annotation", error);
}

gboolean
gloss_store_restore_annotation (GlossStore *self,
                                const char *id,
                                GError    **error)
{
  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);

  /* The label may have been deleted since; an annotation cannot come back without it. */
  return update_annotation (self, GLOSS_HISTORY_RESTORE, id, TRUE,
                            "UPDATE annotations SET deleted = ?3, modified = " GLOSS_SQL_MODIFIED_AFTER ("?2") " "
                            "WHERE pk = ?1 AND (SELECT deleted FROM labels WHERE pk = annotations.label) = 0",
                            NULL, 0, "restoring an annotation", error);
}

/* ------------------------------------------------------------------------- */
/* Annotators                                                                 */

GPtrArray *
gloss_store_list_annotators (GlossStore *self,
                             GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_annotator_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  stmt = gloss_store_prepare (self, "SELECT id, name, created, modified FROM annotators ORDER BY name, id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GlossAnnotator *p = g_new0 (GlossAnnotator, 1);

      p->id = gloss_column_dup (stmt, 0);
      p->name = gloss_column_dup (stmt, 1);
      p->created = gloss_column_dup (stmt, 2);
      p->modified = gloss_column_dup (stmt, 3);
      g_ptr_array_add (list, p);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (self, rc, "listing annotators", error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* ------------------------------------------------------------------------- */
/* Search                                                                     */

#define SNIPPET_CONTEXT 40

/* Makes a one-line snippet of code points [start, end) with some context. */
static char *
make_snippet (const GlossTextIndex *index,
              gint64                start,
              gint64                end)
{
  gint64 length = gloss_text_index_get_length (index);
  gint64 a = MAX (0, start - SNIPPET_CONTEXT);
  gint64 b = MIN (length, end + SNIPPET_CONTEXT);
  g_autofree char *before = gloss_text_index_slice (index, a, start);
  g_autofree char *match = gloss_text_index_slice (index, start, end);
  g_autofree char *after = gloss_text_index_slice (index, end, b);
  char *snippet = g_strdup_printf ("%s%s[%s]%s%s", a > 0 ? "…" : "", before, match, after, b < length ? "…" : "");

  for (char *p = snippet; *p; p++)
    if (*p == '\n' || *p == '\t')
      *p = ' ';
  return snippet;
}

/* Quotes each word so that a query typed by a person ("don't", "U.S.") is not read as
 * FTS5 syntax. */
static char *
quote_terms (const char *query)
{
  g_auto(GStrv) words = g_strsplit_set (query, " \t\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; words[i]; i++)
    {
      if (*words[i] == '\0')
        continue;
      if (out->len)
        g_string_append_c (out, ' ');
      g_string_append_c (out, '"');
      for (const char *p = words[i]; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  return g_string_free (out, FALSE);
}

static gboolean
search_run (GlossStore *self,
            const char *query,
            guint       max_hits,
            GPtrArray  *hits,
            GError    **error)
{
  /* highlight() marks the matched tokens in the stored text with \x01 and \x02, which
   * a stored text never contains; counting code points around them gives offsets in
   * the same unit as everything else. */
  sqlite3_stmt *stmt = gloss_store_prepare (self,
      "SELECT d.id, d.title, highlight(documents_fts, 1, char(1), char(2)) "
      "FROM documents_fts JOIN documents d ON d.pk = documents_fts.rowid "
      "WHERE documents_fts MATCH ?1 AND d.deleted = 0 ORDER BY rank", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  gloss_bind_text (stmt, 1, query);
  while (hits->len < max_hits && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *marked = (const char *) sqlite3_column_text (stmt, 2);
      g_autoptr(GString) plain = g_string_new (NULL);
      g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GlossTextIndex) index = NULL;
      gint64 offset = 0;

      if (marked == NULL)
        continue;
      for (const char *p = marked; *p; p = g_utf8_next_char (p))
        {
          if (*p == '\x01' || *p == '\x02')
            {
              g_array_append_val (spans, offset);
              continue;
            }
          g_string_append_len (plain, p, g_utf8_next_char (p) - p);
          offset++;
        }
      index = gloss_text_index_new (plain->str, plain->len);
      for (guint i = 0; i + 1 < spans->len && hits->len < max_hits; i += 2)
        {
          GlossSearchHit *hit = g_new0 (GlossSearchHit, 1);

          hit->document_id = gloss_column_dup (stmt, 0);
          hit->title = gloss_column_dup (stmt, 1);
          hit->start = g_array_index (spans, gint64, i);
          hit->end = g_array_index (spans, gint64, i + 1);
          hit->snippet = make_snippet (index, hit->start, hit->end);
          g_ptr_array_add (hits, hit);
        }
    }
  if (hits->len < max_hits && rc != SQLITE_DONE)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "The search “%s” could not be run: %s", query, sqlite3_errmsg (self->db));
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* Scripts written without spaces between words: the unicode61 tokenizer sees a whole
 * run of such text as one token, so a word inside it can only be found as a substring. */
static gboolean
needs_substring_search (const char *query)
{
  for (const char *p = query; *p; p = g_utf8_next_char (p))
    switch (g_unichar_get_script (g_utf8_get_char (p)))
      {
      case G_UNICODE_SCRIPT_HAN:
      case G_UNICODE_SCRIPT_HIRAGANA:
      case G_UNICODE_SCRIPT_KATAKANA:
      case G_UNICODE_SCRIPT_THAI:
      case G_UNICODE_SCRIPT_LAO:
      case G_UNICODE_SCRIPT_KHMER:
      case G_UNICODE_SCRIPT_MYANMAR:
      case G_UNICODE_SCRIPT_TIBETAN:
        return TRUE;
      default:
        break;
      }
  return FALSE;
}

static gboolean
substring_search (GlossStore *self,
                  const char *query,
                  guint       max_hits,
                  GPtrArray  *hits,
                  GError    **error)
{
  g_autofree char *needle = g_strstrip (g_strdup (query));
  gsize needle_len = strlen (needle);
  glong needle_chars = g_utf8_strlen (needle, -1);
  sqlite3_stmt *stmt = gloss_store_prepare (self,
      "SELECT id, title, text FROM documents WHERE deleted = 0 AND instr (text, ?1) > 0 ORDER BY pk", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  gloss_bind_text (stmt, 1, needle);
  while (hits->len < max_hits && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 2);
      g_autoptr(GlossTextIndex) index = gloss_text_index_new (text, sqlite3_column_bytes (stmt, 2));
      const char *from = text;
      const char *at;
      gint64 offset = 0;

      while (hits->len < max_hits && (at = strstr (from, needle)) != NULL)
        {
          GlossSearchHit *hit = g_new0 (GlossSearchHit, 1);

          offset += g_utf8_pointer_to_offset (from, at);
          hit->document_id = gloss_column_dup (stmt, 0);
          hit->title = gloss_column_dup (stmt, 1);
          hit->start = offset;
          hit->end = offset + needle_chars;
          hit->snippet = make_snippet (index, hit->start, hit->end);
          g_ptr_array_add (hits, hit);
          from = at + needle_len;
          offset += needle_chars;
        }
    }
  sqlite3_reset (stmt);
  return TRUE;
}

GPtrArray *
gloss_store_search (GlossStore *self,
                    const char *query,
                    guint       max_hits,
                    GError    **error)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_search_hit_free);
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  if (query == NULL || !g_utf8_validate (query, -1, NULL) || query[strspn (query, " \t\n")] == '\0')
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "The search is empty.");
      return NULL;
    }
  if (max_hits == 0)
    max_hits = G_MAXUINT;

  if (needs_substring_search (query))
    {
      if (!substring_search (self, query, max_hits, hits, error))
        return NULL;
      return g_steal_pointer (&hits);
    }

  if (!search_run (self, query, max_hits, hits, &local_error))
    {
      g_autofree char *quoted = quote_terms (query);

      g_ptr_array_set_size (hits, 0);
      if (!search_run (self, quoted, max_hits, hits, NULL))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  return g_steal_pointer (&hits);
}


static gboolean
set_annotations_deleted (GlossStore         *self,
                         const char * const *ids,
                         gboolean            deleted,
                         GError            **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);
  g_return_val_if_fail (ids != NULL, FALSE);

  if (!gloss_store_op_begin (self, error))
    return FALSE;
  for (guint i = 0; ok && ids[i] != NULL; i++)
    ok = deleted ? gloss_store_delete_annotation (self, ids[i], error)
                 : gloss_store_restore_annotation (self, ids[i], error);
  if (!gloss_store_op_end (self, ok, ok ? error : NULL))
    return FALSE;
  return ok;
}

/**
 * gloss_store_delete_annotations:
 * @ids: (array zero-terminated=1): annotation ids
 *
 * Deletes (tombstones) every annotation of @ids in one transaction: all or none.
 * Undoes a bulk creation such as "annotate all mentions".
 */
gboolean
gloss_store_delete_annotations (GlossStore         *self,
                                const char * const *ids,
                                GError            **error)
{
  return set_annotations_deleted (self, ids, TRUE, error);
}

/* Brings back every annotation of @ids in one transaction (redo of the above). */
gboolean
gloss_store_restore_annotations (GlossStore         *self,
                                 const char * const *ids,
                                 GError            **error)
{
  return set_annotations_deleted (self, ids, FALSE, error);
}


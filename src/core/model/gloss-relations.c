/* gloss-relations.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-relations"

#include "config.h"

#include <string.h>

#include "gloss-entities.h"
#include "gloss-history.h"
#include "gloss-relations.h"
#include "gloss-tradecraft-private.h"

/* ------------------------------------------------------------------------- */
/* Types                                                                      */

static char *
ids_to_json (char * const *ids)
{
  if (ids == NULL)
    return NULL;
  return gloss_aliases_to_json (ids);   /* the same shape: an array of strings */
}

static char **
ids_from_column (sqlite3_stmt *stmt,
                 int           col)
{
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    return NULL;
  return gloss_aliases_from_json ((const char *) sqlite3_column_text (stmt, col));
}

#define TYPE_COLUMNS "id, name, description, from_labels, to_labels, position, created, modified"

static GlossRelationType *
type_from_row (sqlite3_stmt *stmt)
{
  GlossRelationType *t = g_new0 (GlossRelationType, 1);

  t->id = gloss_column_dup (stmt, 0);
  t->name = gloss_column_dup (stmt, 1);
  t->description = gloss_column_dup (stmt, 2);
  t->from_labels = ids_from_column (stmt, 3);
  t->to_labels = ids_from_column (stmt, 4);
  t->position = sqlite3_column_int (stmt, 5);
  t->created = gloss_column_dup (stmt, 6);
  t->modified = gloss_column_dup (stmt, 7);
  return t;
}

GPtrArray *
gloss_store_list_relation_types (GlossStore *self,
                                 GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_relation_type_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  stmt = gloss_store_prepare (self,
      "SELECT " TYPE_COLUMNS " FROM relation_types WHERE deleted = 0 ORDER BY position, name, id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, type_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (self, rc, "listing relation types", error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

GlossRelationType *
gloss_store_find_relation_type (GlossStore *self,
                                const char *name_or_id,
                                GError    **error)
{
  g_autoptr(GPtrArray) types = gloss_store_list_relation_types (self, error);
  g_autofree char *folded = NULL;
  GString *names;

  if (types == NULL)
    return NULL;
  folded = g_utf8_casefold (name_or_id ? name_or_id : "", -1);
  for (guint i = 0; i < types->len; i++)
    {
      GlossRelationType *t = types->pdata[i];
      g_autofree char *f = g_utf8_casefold (t->name, -1);

      if (g_str_equal (f, folded) || g_strcmp0 (t->id, name_or_id) == 0)
        return gloss_relation_type_copy (t);
    }
  names = g_string_new (NULL);
  for (guint i = 0; i < types->len; i++)
    g_string_append_printf (names, "%s“%s”", i ? ", " : "", ((GlossRelationType *) types->pdata[i])->name);
  g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
               "There is no relation type “%s” (the codebook has %s).", name_or_id ? name_or_id : "",
               names->len ? names->str : "none");
  g_string_free (names, TRUE);
  return NULL;
}

static gboolean
validate_type (GlossStore              *self,
               const GlossRelationType *t,
               GError                 **error)
{
  g_autoptr(GPtrArray) types = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *stripped = NULL;
  char * const *ends[] = { t->from_labels, t->to_labels };

  if (t->name == NULL || !g_utf8_validate (t->name, -1, NULL) ||
      *(stripped = g_strstrip (g_strdup (t->name))) == '\0' || g_utf8_strlen (t->name, -1) > 100 ||
      strpbrk (t->name, "\t\n\r") != NULL)
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                           "A relation type needs a name of at most 100 characters on one line.");
      return FALSE;
    }
  if (t->description != NULL && !g_utf8_validate (t->description, -1, NULL))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "%s: the description is not valid UTF-8.", t->name);
      return FALSE;
    }
  for (guint e = 0; e < G_N_ELEMENTS (ends); e++)
    for (guint i = 0; ends[e] && ends[e][i]; i++)
      if (gloss_store_label_pk (self, ends[e][i]) == 0)
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                       "%s: there is no label with id %s.", t->name, ends[e][i]);
          return FALSE;
        }
  types = gloss_store_list_relation_types (self, error);
  if (types == NULL)
    return FALSE;
  folded = g_utf8_casefold (t->name, -1);
  for (guint i = 0; i < types->len; i++)
    {
      GlossRelationType *other = types->pdata[i];
      g_autofree char *f = g_utf8_casefold (other->name, -1);

      if (g_strcmp0 (other->id, t->id) != 0 && g_str_equal (f, folded))
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE,
                       "There is already a relation type called “%s”.", other->name);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
gloss_store_insert_relation_type_row (GlossStore              *self,
                                      const GlossRelationType *t,
                                      GError                 **error)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  sqlite3_stmt *stmt;

  if (!validate_type (self, t, error))
    return FALSE;
  from = ids_to_json (t->from_labels);
  to = ids_to_json (t->to_labels);
  stmt = gloss_store_prepare (self,
      "INSERT INTO relation_types (id, name, description, from_labels, to_labels, position, created, modified) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);
  if (stmt == NULL)
    return FALSE;
  gloss_bind_text (stmt, 1, t->id);
  gloss_bind_text (stmt, 2, t->name);
  gloss_bind_text (stmt, 3, t->description);
  gloss_bind_text (stmt, 4, from);
  gloss_bind_text (stmt, 5, to);
  sqlite3_bind_int (stmt, 6, t->position);
  gloss_bind_text (stmt, 7, t->created);
  gloss_bind_text (stmt, 8, t->modified);
  if (!gloss_store_step_done (self, stmt, "adding a relation type", error))
    return FALSE;
  gloss_store_queue_change (self, GLOSS_CHANGE_LABELS, NULL);
  return TRUE;
}

GlossRelationType *
gloss_store_add_relation_type (GlossStore         *self,
                               const char         *name,
                               const char         *description,
                               const char * const *from_labels,
                               const char * const *to_labels,
                               GError            **error)
{
  g_autoptr(GlossRelationType) t = g_new0 (GlossRelationType, 1);
  g_autoptr(GPtrArray) types = NULL;
  g_autofree char *now = gloss_now_iso8601 ();
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  t->id = gloss_uuid_new ();
  t->name = name ? g_strstrip (g_strdup (name)) : NULL;
  t->description = description && *description ? g_strdup (description) : NULL;
  t->from_labels = from_labels && from_labels[0] ? g_strdupv ((char **) from_labels) : NULL;
  t->to_labels = to_labels && to_labels[0] ? g_strdupv ((char **) to_labels) : NULL;
  t->created = g_strdup (now);
  t->modified = g_strdup (now);

  if (!gloss_store_op_begin (self, error))
    return NULL;
  types = gloss_store_list_relation_types (self, error);
  ok = types != NULL;
  if (ok)
    {
      t->position = types->len > 0 ? ((GlossRelationType *) types->pdata[types->len - 1])->position + 1 : 0;
      ok = gloss_store_insert_relation_type_row (self, t, error);
    }
  if (!gloss_store_op_end (self, ok, ok ? error : NULL) || !ok)
    return NULL;
  return g_steal_pointer (&t);
}

gboolean
gloss_store_delete_relation_type (GlossStore *self,
                                  const char *id,
                                  GError    **error)
{
  g_autofree char *now = gloss_now_iso8601 ();
  sqlite3_stmt *stmt;
  gint64 pk = 0, in_use = 0;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);

  if (!gloss_store_op_begin (self, error))
    return FALSE;
  stmt = gloss_store_prepare (self,
      "SELECT t.pk, (SELECT count(*) FROM relations r WHERE r.type = t.pk AND r.deleted = 0) "
      "FROM relation_types t WHERE t.id = ?1 AND t.deleted = 0", error);
  ok = stmt != NULL;
  if (ok)
    {
      gloss_bind_text (stmt, 1, id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          pk = sqlite3_column_int64 (stmt, 0);
          in_use = sqlite3_column_int64 (stmt, 1);
        }
      sqlite3_reset (stmt);
    }
  if (ok && pk == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no relation type with id %s.", id);
      ok = FALSE;
    }
  if (ok && in_use > 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_IN_USE,
                   "The relation type is used by %" G_GINT64_FORMAT " relations; delete them first.", in_use);
      ok = FALSE;
    }
  if (ok && (stmt = gloss_store_prepare (self,
                "UPDATE relation_types SET deleted = 1, modified = ?2 WHERE pk = ?1", error)) != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, pk);
      gloss_bind_text (stmt, 2, now);
      ok = gloss_store_step_done (self, stmt, "deleting a relation type", error);
    }
  else
    ok = FALSE;
  if (ok)
    gloss_store_queue_change (self, GLOSS_CHANGE_LABELS, NULL);
  return gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
}

/* ------------------------------------------------------------------------- */
/* Relations                                                                  */

/* A relation is visible while it, both its ends and their documents are live. An
 * entity target merged into another is shown as the one it was merged into (one
 * step, as the register keeps it), so that links follow a merge and come back with
 * an undo of it without being rewritten; a deleted entity hides its links, as a
 * deleted annotation does, and restoring it brings them back. */
#define RELATION_SELECT \
  "SELECT r.id, t.id, t.name, fa.id, fd.id, fa.quote, ta.id, td.id, ta.quote, p.name, r.created, r.modified, " \
  "te.id, te.name " \
  "FROM relations r JOIN relation_types t ON t.pk = r.type " \
  "JOIN annotations fa ON fa.pk = r.source JOIN documents fd ON fd.pk = fa.document " \
  "LEFT JOIN annotations ta ON ta.pk = r.target LEFT JOIN documents td ON td.pk = ta.document " \
  "LEFT JOIN entities te ON te.pk = (SELECT coalesce (e.merged_into, e.pk) FROM entities e " \
  "                                  WHERE e.pk = r.target_entity) " \
  "LEFT JOIN annotators p ON p.pk = r.annotator " \
  "WHERE r.deleted = 0 AND fa.deleted = 0 AND fd.deleted = 0 " \
  "AND ((ta.deleted = 0 AND td.deleted = 0) OR te.deleted = 0) "

static GlossRelation *
relation_from_row (sqlite3_stmt *stmt)
{
  GlossRelation *r = g_new0 (GlossRelation, 1);

  r->id = gloss_column_dup (stmt, 0);
  r->type_id = gloss_column_dup (stmt, 1);
  r->type_name = gloss_column_dup (stmt, 2);
  r->from_id = gloss_column_dup (stmt, 3);
  r->from_document_id = gloss_column_dup (stmt, 4);
  r->from_quote = gloss_column_dup (stmt, 5);
  r->to_id = gloss_column_dup (stmt, 6);
  r->to_document_id = gloss_column_dup (stmt, 7);
  r->to_quote = gloss_column_dup (stmt, 8);
  r->annotator = gloss_column_dup (stmt, 9);
  r->created = gloss_column_dup (stmt, 10);
  r->modified = gloss_column_dup (stmt, 11);
  r->to_entity_id = gloss_column_dup (stmt, 12);
  r->to_entity_name = gloss_column_dup (stmt, 13);
  return r;
}

GlossRelation *
gloss_store_get_relation (GlossStore *self,
                          const char *id,
                          GError    **error)
{
  sqlite3_stmt *stmt;
  GlossRelation *r = NULL;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  stmt = gloss_store_prepare (self, RELATION_SELECT "AND r.id = ?1", error);
  if (stmt == NULL)
    return NULL;
  gloss_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    r = relation_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no relation with id %s.", id ? id : "");
  else
    gloss_store_set_sqlite_error (self, rc, "reading a relation", error);
  sqlite3_reset (stmt);
  return r;
}

GPtrArray *
gloss_store_list_relations (GlossStore *self,
                            const char *annotation_id,
                            GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_relation_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  stmt = gloss_store_prepare (self,
      RELATION_SELECT "AND (?1 IS NULL OR fa.id = ?1 OR ta.id = ?1 OR te.id = ?1) ORDER BY r.created, r.id", error);
  if (stmt == NULL)
    return NULL;
  gloss_bind_text (stmt, 1, annotation_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, relation_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (self, rc, "listing relations", error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

static gboolean
label_allowed (char * const *allowed,
               const char   *label_id)
{
  if (allowed == NULL || allowed[0] == NULL)
    return TRUE;
  return g_strv_contains ((const char * const *) allowed, label_id);
}

static char *
label_names (GlossStore   *self,
             char * const *ids)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; ids[i]; i++)
    {
      g_autoptr(GlossLabel) label = gloss_store_get_label (self, ids[i], NULL);

      if (out->len)
        g_string_append (out, ids[i + 1] ? ", " : " or ");
      g_string_append (out, label ? label->name : ids[i]);
    }
  return g_string_free (out, FALSE);
}

gboolean
gloss_store_insert_relation_row (GlossStore *self,
                                 const char *id,
                                 const char *type_id,
                                 const char *from_id,
                                 const char *to_id,
                                 const char *to_entity_id,
                                 const char *annotator,
                                 const char *created,
                                 const char *modified,
                                 GError    **error)
{
  g_autoptr(GlossRelationType) type = NULL;
  g_autoptr(GlossAnnotation) from = NULL;
  g_autoptr(GlossAnnotation) to = NULL;
  g_autoptr(GlossEntity) entity = NULL;
  const char *to_label_id, *to_label_name, *to_name;
  sqlite3_stmt *stmt;
  gint64 type_pk = 0, from_pk, to_pk = 0, entity_pk = 0, annotator_pk, existing = 0;

  if ((to_id == NULL) == (to_entity_id == NULL))
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                           "A link points at an annotation or at an entity.");
      return FALSE;
    }
  if (g_strcmp0 (from_id, to_id) == 0)
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                           "An annotation cannot be linked to itself.");
      return FALSE;
    }
  type = gloss_store_find_relation_type (self, type_id, error);
  if (type == NULL)
    return FALSE;
  from = gloss_store_get_annotation (self, from_id, error);
  if (from == NULL)
    return FALSE;
  from_pk = gloss_store_annotation_pk (self, from_id);
  if (to_id != NULL)
    {
      to = gloss_store_get_annotation (self, to_id, error);
      if (to == NULL)
        return FALSE;
      to_pk = gloss_store_annotation_pk (self, to_id);
      to_label_id = to->label_id;
      to_label_name = to->label_name;
      to_name = to->quote;
    }
  else
    {
      entity = gloss_store_get_entity (self, to_entity_id, error);
      if (entity == NULL)
        return FALSE;
      entity_pk = gloss_store_entity_pk (self, entity->id);
      /* The tag already says it: "Sofia Brandt" mentions Sofia Brandt. */
      if (g_strcmp0 (from->entity_id, entity->id) == 0)
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                       "“%s” is already tagged as %s.", from->quote, entity->name);
          return FALSE;
        }
      to_label_id = entity->label_id;
      to_label_name = entity->label_name;
      to_name = entity->name;
    }
  if (from_pk == 0 || (to_id != NULL && to_pk == 0) || (to_entity_id != NULL && entity_pk == 0))
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                           "One end of the relation is in a deleted document.");
      return FALSE;
    }
  if (!label_allowed (type->from_labels, from->label_id) || !label_allowed (type->to_labels, to_label_id))
    {
      gboolean from_bad = !label_allowed (type->from_labels, from->label_id);
      g_autofree char *allowed = label_names (self, from_bad ? type->from_labels : type->to_labels);

      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "%s: the %s is a %s but must be a %s.", type->name, from_bad ? "source" : "target",
                   from_bad ? from->label_name : to_label_name, allowed);
      return FALSE;
    }

  stmt = gloss_store_prepare (self,
      "SELECT r.pk, t.pk FROM relation_types t LEFT JOIN relations r ON r.type = t.pk AND r.source = ?2 "
      "AND r.target IS ?3 AND r.target_entity IS ?4 AND r.deleted = 0 WHERE t.id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  gloss_bind_text (stmt, 1, type->id);
  sqlite3_bind_int64 (stmt, 2, from_pk);
  if (to_pk > 0)
    sqlite3_bind_int64 (stmt, 3, to_pk);
  else
    sqlite3_bind_null (stmt, 3);
  if (entity_pk > 0)
    sqlite3_bind_int64 (stmt, 4, entity_pk);
  else
    sqlite3_bind_null (stmt, 4);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      existing = sqlite3_column_int64 (stmt, 0);
      type_pk = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (existing != 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE,
                   "“%s” already %s “%s”.", from->quote, type->name, to_name);
      return FALSE;
    }

  annotator_pk = gloss_store_ensure_annotator (self, annotator, NULL, NULL, error);
  if (annotator_pk < 0)
    return FALSE;
  stmt = gloss_store_prepare (self,
      "INSERT INTO relations (id, type, source, target, target_entity, annotator, created, modified) "
      "VALUES (?1, ?2, ?3, ?4, ?8, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return FALSE;
  gloss_bind_text (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, type_pk);
  sqlite3_bind_int64 (stmt, 3, from_pk);
  if (to_pk > 0)
    sqlite3_bind_int64 (stmt, 4, to_pk);
  else
    sqlite3_bind_null (stmt, 4);
  if (annotator_pk > 0)
    sqlite3_bind_int64 (stmt, 5, annotator_pk);
  else
    sqlite3_bind_null (stmt, 5);
  gloss_bind_text (stmt, 6, created);
  gloss_bind_text (stmt, 7, modified);
  if (entity_pk > 0)
    sqlite3_bind_int64 (stmt, 8, entity_pk);
  else
    sqlite3_bind_null (stmt, 8);
  if (!gloss_store_step_done (self, stmt, "adding a relation", error))
    return FALSE;
  gloss_store_queue_change (self, GLOSS_CHANGE_ANNOTATIONS, from->document_id);
  if (to != NULL)
    gloss_store_queue_change (self, GLOSS_CHANGE_ANNOTATIONS, to->document_id);
  return TRUE;
}

static GlossRelation *
add_relation (GlossStore *self,
              const char *type_id,
              const char *from_id,
              const char *to_id,
              const char *to_entity_id,
              const char *annotator,
              GError    **error)
{
  g_autofree char *id = gloss_uuid_new ();
  g_autofree char *now = gloss_now_iso8601 ();
  GlossRelation *r = NULL;
  gboolean ok;

  if (annotator != NULL && (*annotator == '\0' || !g_utf8_validate (annotator, -1, NULL)))
    annotator = NULL;
  if (!gloss_store_op_begin (self, error))
    return NULL;
  ok = gloss_store_insert_relation_row (self, id, type_id, from_id, to_id, to_entity_id, annotator, now, now, error) &&
       gloss_history_record (self, GLOSS_HISTORY_CREATE, "relations",
                             sqlite3_last_insert_rowid (gloss_store_get_db (self)), 0, NULL, annotator, error);
  if (ok)
    ok = (r = gloss_store_get_relation (self, id, error)) != NULL;
  if (!gloss_store_op_end (self, ok, ok ? error : NULL) || !ok)
    {
      g_clear_pointer (&r, gloss_relation_free);
      return NULL;
    }
  return r;
}

GlossRelation *
gloss_store_add_relation (GlossStore *self,
                          const char *type_id,
                          const char *from_id,
                          const char *to_id,
                          const char *annotator,
                          GError    **error)
{
  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);
  g_return_val_if_fail (to_id != NULL, NULL);
  return add_relation (self, type_id, from_id, to_id, NULL, annotator, error);
}

GlossRelation *
gloss_store_add_entity_relation (GlossStore *self,
                                 const char *type_id,
                                 const char *from_id,
                                 const char *entity_id,
                                 const char *annotator,
                                 GError    **error)
{
  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);
  g_return_val_if_fail (entity_id != NULL, NULL);
  return add_relation (self, type_id, from_id, NULL, entity_id, annotator, error);
}

static gboolean
set_relation_deleted (GlossStore *self,
                      const char *id,
                      gboolean    deleted,
                      GError    **error)
{
  g_autofree char *now = gloss_now_iso8601 ();
  g_autofree char *before = NULL;
  g_autoptr(GlossRelation) r = NULL;
  sqlite3_stmt *stmt;
  gint64 pk = 0, pk2 = 0;
  gboolean ok;

  if (!gloss_store_op_begin (self, error))
    return FALSE;
  gloss_history_find_row (self, "relations", id, NULL, &pk, &pk2);
  before = pk ? gloss_history_snapshot (self, "relations", pk, 0) : NULL;
  stmt = gloss_store_prepare (self,
      "UPDATE relations SET deleted = ?2, modified = ?3 WHERE id = ?1 AND deleted = ?4", error);
  ok = stmt != NULL;
  if (ok)
    {
      gloss_bind_text (stmt, 1, id);
      sqlite3_bind_int (stmt, 2, deleted ? 1 : 0);
      gloss_bind_text (stmt, 3, now);
      sqlite3_bind_int (stmt, 4, deleted ? 0 : 1);
      ok = gloss_store_step_done (self, stmt, deleted ? "deleting a relation" : "restoring a relation", error);
    }
  if (ok && sqlite3_changes (gloss_store_get_db (self)) == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                   deleted ? "There is no relation with id %s." : "There is no deleted relation with id %s.", id);
      ok = FALSE;
    }
  ok = ok && gloss_history_record (self, deleted ? GLOSS_HISTORY_DELETE : GLOSS_HISTORY_RESTORE, "relations",
                                   pk, 0, before, NULL, error);
  /* Announce the change on the documents of both ends (visible or not). */
  if (ok && (stmt = gloss_store_prepare (self,
                "SELECT fd.id, td.id FROM relations r JOIN annotations fa ON fa.pk = r.source "
                "JOIN documents fd ON fd.pk = fa.document LEFT JOIN annotations ta ON ta.pk = r.target "
                "LEFT JOIN documents td ON td.pk = ta.document WHERE r.id = ?1", NULL)) != NULL)
    {
      gloss_bind_text (stmt, 1, id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gloss_store_queue_change (self, GLOSS_CHANGE_ANNOTATIONS, (const char *) sqlite3_column_text (stmt, 0));
          if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
            gloss_store_queue_change (self, GLOSS_CHANGE_ANNOTATIONS, (const char *) sqlite3_column_text (stmt, 1));
        }
      sqlite3_reset (stmt);
    }
  return gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
}

gboolean
gloss_store_delete_relation (GlossStore *self,
                             const char *id,
                             GError    **error)
{
  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);
  return set_relation_deleted (self, id, TRUE, error);
}

gboolean
gloss_store_restore_relation (GlossStore *self,
                              const char *id,
                              GError    **error)
{
  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);
  return set_relation_deleted (self, id, FALSE, error);
}

/* gloss-export-extras.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-export"

#include "config.h"

#include <string.h>

#include "gloss-export-extras.h"
#include "gloss-entities.h"
#include "gloss-fields.h"
#include "gloss-relations.h"
#include "gloss-scope-private.h"
#include "gloss-store-private.h"
#include "gloss-tradecraft-private.h"

struct _GlossExportExtras {
  GlossStore *store;
  GHashTable *fields;     /* label id -> GPtrArray of GlossField* */
  GHashTable *entities;   /* entity id -> GlossEntity* */
};

#define SCOPED GLOSS_SCOPE_SQL_WHERE

void
gloss_export_value_free (GlossExportValue *value)
{
  g_free (value->value);
  g_free (value->display);
  g_free (value);
}

GlossExportExtras *
gloss_export_extras_new (GlossStore *store)
{
  GlossExportExtras *x = g_new0 (GlossExportExtras, 1);

  x->store = g_object_ref (store);
  x->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  x->entities = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) gloss_entity_free);
  return x;
}

void
gloss_export_extras_free (GlossExportExtras *extras)
{
  if (extras == NULL)
    return;
  g_hash_table_unref (extras->fields);
  g_hash_table_unref (extras->entities);
  g_object_unref (extras->store);
  g_free (extras);
}

GPtrArray *
gloss_export_extras_get_fields (GlossExportExtras *extras,
                                const char        *label_id,
                                GError           **error)
{
  GPtrArray *fields = g_hash_table_lookup (extras->fields, label_id);

  if (fields != NULL)
    return fields;
  fields = gloss_store_list_fields (extras->store, label_id, error);
  if (fields == NULL)
    return NULL;
  g_hash_table_insert (extras->fields, g_strdup (label_id), fields);
  return fields;
}

const GlossEntity *
gloss_export_extras_get_entity (GlossExportExtras *extras,
                                const char        *entity_id,
                                GError           **error)
{
  GlossEntity *entity = g_hash_table_lookup (extras->entities, entity_id);

  if (entity != NULL)
    return entity;
  entity = gloss_store_get_entity (extras->store, entity_id, error);
  if (entity == NULL)
    return NULL;
  g_hash_table_insert (extras->entities, g_strdup (entity_id), entity);
  return entity;
}

GPtrArray *
gloss_export_extras_list_values (GlossExportExtras     *extras,
                                 const GlossAnnotation *annotation,
                                 GError               **error)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_export_value_free);
  GPtrArray *fields;
  sqlite3_stmt *stmt;
  int rc;

  fields = gloss_export_extras_get_fields (extras, annotation->label_id, error);
  if (fields == NULL)
    return NULL;
  if (fields->len == 0)
    return g_steal_pointer (&values);

  /* Only fields of the annotation's current label, as the app shows them. */
  stmt = gloss_store_prepare (extras->store,
      "SELECT f.id, v.value FROM annotations a JOIN field_values v ON v.annotation = a.pk "
      "JOIN label_fields f ON f.pk = v.field "
      "WHERE a.id = ?1 AND f.label = a.label AND f.deleted = 0 AND v.value IS NOT NULL "
      "ORDER BY f.position, f.name, f.id", error);
  if (stmt == NULL)
    return NULL;
  gloss_bind_text (stmt, 1, annotation->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *field_id = (const char *) sqlite3_column_text (stmt, 0);
      const GlossField *field = NULL;
      GlossExportValue *v;

      for (guint i = 0; i < fields->len && field == NULL; i++)
        if (g_str_equal (((GlossField *) fields->pdata[i])->id, field_id))
          field = fields->pdata[i];
      if (field == NULL)
        continue;
      v = g_new0 (GlossExportValue, 1);
      v->field = field;
      v->value = gloss_column_dup (stmt, 1);
      g_ptr_array_add (values, v);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (extras->store, rc, "reading field values", error);
      return NULL;
    }
  /* Names of entities are read after the statement is done with, since reading an
   * entity uses statements of its own. */
  for (guint i = 0; i < values->len; i++)
    {
      GlossExportValue *v = values->pdata[i];

      if (g_str_equal (v->field->type, GLOSS_FIELD_TYPE_ENTITY))
        {
          const GlossEntity *e = gloss_export_extras_get_entity (extras, v->value, NULL);
          v->display = g_strdup (e ? e->name : v->value);
        }
      else
        v->display = g_strdup (v->value);
    }
  return g_steal_pointer (&values);
}

const GlossExportValue *
gloss_export_values_find (GPtrArray  *values,
                          const char *name)
{
  for (guint i = 0; values != NULL && i < values->len; i++)
    {
      GlossExportValue *v = values->pdata[i];

      if (g_ascii_strcasecmp (v->field->name, name) == 0)
        return v;
    }
  return NULL;
}

/* Both relation queries give the same columns (a link to an annotation leaves the
 * entity's NULL, a link to an entity the annotation's), read here into a
 * GlossRelation for each row. */
#define RELATION_COLUMNS \
  "SELECT r.id, t.id, t.name, fa.id, fd.id, fa.quote, "
#define RELATION_TAIL_COLUMNS "rp.name, r.created, r.modified "

static gboolean
foreach_relation_row (GlossStore             *store,
                      sqlite3_stmt           *stmt,
                      const char             *what,
                      GlossExportRelationFunc func,
                      gpointer                user_data,
                      GError                **error)
{
  gboolean ok = TRUE;
  int rc;

  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GlossRelation r = {
        .id = (char *) sqlite3_column_text (stmt, 0),
        .type_id = (char *) sqlite3_column_text (stmt, 1),
        .type_name = (char *) sqlite3_column_text (stmt, 2),
        .from_id = (char *) sqlite3_column_text (stmt, 3),
        .from_document_id = (char *) sqlite3_column_text (stmt, 4),
        .from_quote = (char *) sqlite3_column_text (stmt, 5),
        .to_id = (char *) sqlite3_column_text (stmt, 6),
        .to_document_id = (char *) sqlite3_column_text (stmt, 7),
        .to_quote = (char *) sqlite3_column_text (stmt, 8),
        .to_entity_id = (char *) sqlite3_column_text (stmt, 9),
        .to_entity_name = (char *) sqlite3_column_text (stmt, 10),
        .annotator = (char *) sqlite3_column_text (stmt, 11),
        .created = (char *) sqlite3_column_text (stmt, 12),
        .modified = (char *) sqlite3_column_text (stmt, 13),
      };

      ok = func (&r, user_data, error);
    }
  if (ok && rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (store, rc, what, error);
      ok = FALSE;
    }
  sqlite3_finalize (stmt);
  return ok;
}

gboolean
gloss_export_foreach_relation (GlossStore             *store,
                               const GlossScopeSql    *sql,
                               const char             *from_document_id,
                               GlossExportRelationFunc func,
                               gpointer                user_data,
                               GError                **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* A statement of its own (not the store's cache): the callback may read the store. */
  rc = sqlite3_prepare_v2 (gloss_store_get_db (store),
      RELATION_COLUMNS "ta.id, td.id, ta.quote, NULL, NULL, " RELATION_TAIL_COLUMNS
      "FROM relations r JOIN relation_types t ON t.pk = r.type "
      "JOIN annotations fa ON fa.pk = r.source JOIN documents fd ON fd.pk = fa.document "
      "JOIN labels fl ON fl.pk = fa.label LEFT JOIN annotators fp ON fp.pk = fa.annotator "
      "JOIN annotations ta ON ta.pk = r.target JOIN documents td ON td.pk = ta.document "
      "JOIN labels tl ON tl.pk = ta.label LEFT JOIN annotators tp ON tp.pk = ta.annotator "
      "LEFT JOIN annotators rp ON rp.pk = r.annotator "
      "WHERE r.deleted = 0 AND t.deleted = 0 AND " SCOPED ("fa", "fd", "fl", "fp")
      "AND " SCOPED ("ta", "td", "tl", "tp")
      "AND (?6 IS NULL OR fd.id = ?6) "
      "ORDER BY r.created, r.id", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      gloss_store_set_sqlite_error (store, rc, "reading relations", error);
      return FALSE;
    }
  gloss_scope_sql_bind (stmt, sql);
  gloss_bind_text (stmt, 6, from_document_id);
  return foreach_relation_row (store, stmt, "reading relations", func, user_data, error);
}

gboolean
gloss_export_foreach_entity_link (GlossStore             *store,
                                  const GlossScopeSql    *sql,
                                  GlossExportRelationFunc func,
                                  gpointer                user_data,
                                  GError                **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (gloss_store_get_db (store),
      RELATION_COLUMNS "NULL, NULL, NULL, te.id, te.name, " RELATION_TAIL_COLUMNS
      "FROM relations r JOIN relation_types t ON t.pk = r.type "
      "JOIN annotations fa ON fa.pk = r.source JOIN documents fd ON fd.pk = fa.document "
      "JOIN labels fl ON fl.pk = fa.label LEFT JOIN annotators fp ON fp.pk = fa.annotator "
      "JOIN entities te ON te.pk = (SELECT coalesce (e.merged_into, e.pk) FROM entities e "
      "                             WHERE e.pk = r.target_entity) "
      "LEFT JOIN annotators rp ON rp.pk = r.annotator "
      "WHERE r.deleted = 0 AND t.deleted = 0 AND te.deleted = 0 AND " SCOPED ("fa", "fd", "fl", "fp")
      "ORDER BY r.created, r.id", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      gloss_store_set_sqlite_error (store, rc, "reading links to entities", error);
      return FALSE;
    }
  gloss_scope_sql_bind (stmt, sql);
  return foreach_relation_row (store, stmt, "reading links to entities", func, user_data, error);
}

static gboolean
count_one (GlossStore          *store,
           const GlossScopeSql *sql,
           const char          *query,
           gint64              *out,
           GError             **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (store, query, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  gloss_scope_sql_bind (stmt, sql);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      gloss_store_set_sqlite_error (store, rc, "counting", error);
      return FALSE;
    }
  return TRUE;
}

gboolean
gloss_export_count (GlossStore          *store,
                    const GlossScopeSql *sql,
                    GlossExportCounts   *counts,
                    GError             **error)
{
  memset (counts, 0, sizeof *counts);
  return count_one (store, sql,
                    "SELECT count(*) FROM field_values v JOIN label_fields f ON f.pk = v.field "
                    "JOIN annotations a ON a.pk = v.annotation JOIN documents d ON d.pk = a.document "
                    "JOIN labels l ON l.pk = a.label LEFT JOIN annotators p ON p.pk = a.annotator "
                    "WHERE v.value IS NOT NULL AND f.label = a.label AND f.deleted = 0 AND "
                    SCOPED ("a", "d", "l", "p"), &counts->field_values, error) &&
         count_one (store, sql,
                    "SELECT count(*) FROM annotations a JOIN documents d ON d.pk = a.document "
                    "JOIN labels l ON l.pk = a.label LEFT JOIN annotators p ON p.pk = a.annotator "
                    "WHERE a.entity IS NOT NULL AND " SCOPED ("a", "d", "l", "p"), &counts->entity_links, error) &&
         count_one (store, sql,
                    "SELECT count(*), coalesce (sum (fd.pk <> td.pk), 0) FROM relations r "
                    "JOIN relation_types t ON t.pk = r.type "
                    "JOIN annotations fa ON fa.pk = r.source JOIN documents fd ON fd.pk = fa.document "
                    "JOIN labels fl ON fl.pk = fa.label LEFT JOIN annotators fp ON fp.pk = fa.annotator "
                    "JOIN annotations ta ON ta.pk = r.target JOIN documents td ON td.pk = ta.document "
                    "JOIN labels tl ON tl.pk = ta.label LEFT JOIN annotators tp ON tp.pk = ta.annotator "
                    "WHERE r.deleted = 0 AND t.deleted = 0 AND " SCOPED ("fa", "fd", "fl", "fp")
                    "AND " SCOPED ("ta", "td", "tl", "tp"), &counts->relations, error) &&
         count_one (store, sql,
                    "SELECT coalesce (sum (fd.pk <> td.pk), 0) FROM relations r "
                    "JOIN relation_types t ON t.pk = r.type "
                    "JOIN annotations fa ON fa.pk = r.source JOIN documents fd ON fd.pk = fa.document "
                    "JOIN labels fl ON fl.pk = fa.label LEFT JOIN annotators fp ON fp.pk = fa.annotator "
                    "JOIN annotations ta ON ta.pk = r.target JOIN documents td ON td.pk = ta.document "
                    "JOIN labels tl ON tl.pk = ta.label LEFT JOIN annotators tp ON tp.pk = ta.annotator "
                    "WHERE r.deleted = 0 AND t.deleted = 0 AND " SCOPED ("fa", "fd", "fl", "fp")
                    "AND " SCOPED ("ta", "td", "tl", "tp"), &counts->cross_document, error) &&
         count_one (store, sql,
                    "SELECT count(*) FROM documents d WHERE d.deleted = 0 "
                    "AND (?1 IS NULL OR d.id IN (SELECT value FROM json_each (?1))) "
                    "AND (?2 IS NULL OR ?2 IS NOT NULL) AND (?3 IS NULL OR ?3 IS NOT NULL) "
                    "AND (?4 IS NULL OR ?4 IS NOT NULL) AND (?5 IS NULL OR ?5 IS NOT NULL) "
                    "AND coalesce (d.reliability, d.author, d.publisher, d.published, d.url, d.tlp) IS NOT NULL",
                    &counts->documents_with_properties, error);
}

/* ------------------------------------------------------------------------- */
/* Import                                                                     */

static void G_GNUC_PRINTF (3, 4)
note (GlossImportReport *report,
      const char        *where,
      const char        *format,
      ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (report->notes, g_strdup_printf ("%s: %s", where, what));
}

static gint64
resolve_entity (GlossStore        *store,
                GlossImportReport *report,
                const char        *entity_id,
                const char        *entity_name,
                const char        *entity_ref,
                const char        *label_id,
                const char        *label_kind,
                const char        *created,
                const char        *where,
                GError           **error)
{
  g_autoptr(GlossEntity) found = NULL;
  g_autoptr(GError) local_error = NULL;

  if (entity_id != NULL && gloss_store_entity_pk (store, entity_id) != 0)
    found = gloss_store_get_entity (store, entity_id, NULL);
  if (found == NULL && entity_name != NULL)
    found = gloss_store_find_entity (store, entity_name, label_id, NULL);
  if (found != NULL)
    {
      if (!g_str_equal (found->label_id, label_id))
        {
          note (report, where, "the entity “%s” is a %s, not of the annotation's label; the link was left out",
                found->name, found->label_name);
          return 0;
        }
      return gloss_store_entity_pk (store, found->id);
    }
  if (entity_name == NULL || *entity_name == '\0')
    {
      note (report, where, "the entity %s is not in the project and has no name; the link was left out",
            entity_id ? entity_id : "(no id)");
      return 0;
    }
  if (g_strcmp0 (label_kind, GLOSS_LABEL_KIND_ENTITY) != 0)
    {
      note (report, where, "the entity “%s” was left out: the annotation's label is not an entity type", entity_name);
      return 0;
    }
  {
    char *no_aliases[] = { NULL };
    g_autofree char *new_id = entity_id && gloss_uuid_is_valid (entity_id) && !gloss_store_id_exists (store, "entities", entity_id)
                              ? g_ascii_strdown (entity_id, -1) : gloss_uuid_new ();
    g_autofree char *now = gloss_now_iso8601 ();
    GlossEntity e = {
      .id = new_id, .name = (char *) entity_name, .label_id = (char *) label_id,
      .aliases = no_aliases, .external_ref = (char *) (entity_ref && *entity_ref ? entity_ref : NULL),
      .created = (char *) (created ? created : now), .modified = (char *) (created ? created : now),
    };

    if (!gloss_store_insert_entity_row (store, &e, &local_error))
      {
        note (report, where, "the entity “%s” was left out: %s", entity_name, local_error->message);
        return 0;
      }
    report->entities_added++;
    return gloss_store_entity_pk (store, new_id);
  }
}

gboolean
gloss_exchange_apply_extras (GlossStore        *store,
                             GlossImportReport *report,
                             const char        *annotation_id,
                             GPtrArray         *field_names,
                             GPtrArray         *field_values,
                             const char        *entity_id,
                             const char        *entity_name,
                             const char        *entity_ref,
                             const char        *created,
                             const char        *modified,
                             const char        *where,
                             GError           **error)
{
  g_autofree char *label_id = NULL;
  g_autofree char *label_kind = NULL;
  g_autofree char *now = NULL;
  sqlite3_stmt *stmt;
  gint64 pk;
  guint n_fields = field_names ? field_names->len : 0;

  if (n_fields == 0 && entity_id == NULL && entity_name == NULL)
    return TRUE;
  pk = gloss_store_annotation_pk (store, annotation_id);
  stmt = gloss_store_prepare (store,
      "SELECT l.id, l.kind FROM annotations a JOIN labels l ON l.pk = a.label WHERE a.pk = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, pk);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      label_id = gloss_column_dup (stmt, 0);
      label_kind = gloss_column_dup (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (label_id == NULL)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "%s: the annotation just added is missing",
                   where);
      return FALSE;
    }
  now = gloss_now_iso8601 ();
  if (created == NULL)
    created = now;
  if (modified == NULL)
    modified = created;

  for (guint i = 0; i < n_fields; i++)
    {
      const char *name = field_names->pdata[i];
      const char *value = field_values->pdata[i];
      g_autoptr(GlossField) field = gloss_store_find_field (store, label_id, name, NULL);
      g_autoptr(GError) local_error = NULL;
      g_autofree char *canonical = NULL;

      if (field == NULL)
        {
          note (report, where, "the value “%s” of “%s” was left out: the label has no such field", value, name);
          continue;
        }
      canonical = gloss_field_normalize_value (store, field, value, &local_error);
      if (canonical == NULL)
        {
          note (report, where, "a value was left out: %s", local_error->message);
          continue;
        }
      if (!gloss_store_write_field_value (store, pk, field->id, canonical, created, modified, error))
        return FALSE;
    }

  if (entity_id != NULL || entity_name != NULL)
    {
      gint64 entity_pk = resolve_entity (store, report, entity_id, entity_name, entity_ref, label_id, label_kind,
                                         created, where, error);

      if (entity_pk > 0 && !gloss_store_write_annotation_entity (store, pk, entity_pk, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
gloss_exchange_add_relation (GlossStore        *store,
                             GlossImportReport *report,
                             const char        *id,
                             const char        *type_name,
                             const char        *from_id,
                             const char        *to_id,
                             const char        *annotator,
                             const char        *created,
                             const char        *modified,
                             const char        *where,
                             GError           **error)
{
  g_autoptr(GlossRelationType) type = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *now = gloss_now_iso8601 ();
  gboolean to_is_entity;

  if (gloss_store_id_exists (store, "relations", id))
    return TRUE;
  /* The target may be an entity of the register (a link to an entity, schema 11). */
  to_is_entity = to_id != NULL && gloss_store_annotation_pk (store, to_id) == 0 &&
                 gloss_store_entity_pk (store, to_id) != 0;
  if (from_id == NULL || to_id == NULL || gloss_store_annotation_pk (store, from_id) == 0 ||
      (gloss_store_annotation_pk (store, to_id) == 0 && !to_is_entity))
    {
      note (report, where, "the relation “%s” was left out: its end %s is not an annotation of the project",
            type_name, from_id == NULL || gloss_store_annotation_pk (store, from_id) == 0
                       ? (from_id ? from_id : "(none)") : to_id ? to_id : "(none)");
      return TRUE;
    }
  type = gloss_store_find_relation_type (store, type_name, NULL);
  if (type == NULL)
    {
      type = gloss_store_add_relation_type (store, type_name, NULL, NULL, NULL, &local_error);
      if (type == NULL)
        {
          note (report, where, "the relation type “%s” cannot be added (%s); the relation was left out",
                type_name, local_error->message);
          return TRUE;
        }
      report->relation_types_added++;
    }
  if (created == NULL)
    created = now;
  if (!gloss_store_insert_relation_row (store, id, type->id, from_id, to_is_entity ? NULL : to_id,
                                        to_is_entity ? to_id : NULL,
                                        annotator && *annotator ? annotator : NULL,
                                        created, modified ? modified : created, &local_error))
    {
      note (report, where, "the relation “%s” was left out: %s", type->name, local_error->message);
      return TRUE;
    }
  report->relations_added++;
  (void) error;
  return TRUE;
}

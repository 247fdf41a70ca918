/* gloss-project.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-project"

#include "config.h"


#include "gloss-codebook.h"
#include "gloss-fields.h"
#include "gloss-project.h"
#include "gloss-store-private.h"
#include "gloss-tradecraft-private.h"

static gboolean
load_default_codebook (GlossStore *store,
                       gpointer    user_data,
                       GError    **error)
{
  return gloss_codebook_load_default (store, NULL, error);
}

/**
 * gloss_project_create:
 * @name: (nullable): the project's name; NULL takes the file's name
 *
 * Creates a new project file with the default (Analyst) codebook, or none with
 * %GLOSS_PROJECT_CREATE_NO_CODEBOOK, in one transaction: on any error no file is left.
 *
 * Returns: (transfer full): the open project
 */
GlossStore *
gloss_project_create (const char              *path,
                      const char              *name,
                      GlossProjectCreateFlags  flags,
                      GError                 **error)
{
  return gloss_store_create (path, name,
                             (flags & GLOSS_PROJECT_CREATE_NO_CODEBOOK) ? NULL : load_default_codebook,
                             NULL, error);
}

/* Each shown field value against its field's definition: a file from elsewhere may
 * hold values the app would never have written. */
static gboolean
check_field_values (GlossStore *store,
                    GString    *report,
                    gboolean   *ok,
                    GError    **error)
{
  static const char sql[] =
      "SELECT a.id, f.pk, v.value FROM field_values v JOIN annotations a ON a.pk = v.annotation "
      "JOIN label_fields f ON f.pk = v.field "
      "WHERE a.deleted = 0 AND f.deleted = 0 AND f.label = a.label AND v.value IS NOT NULL "
      "ORDER BY f.pk";
  sqlite3 *db = gloss_store_get_db (store);
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_CORRUPT,
                   "The check could not read the field values: %s", sqlite3_errmsg (db));
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GlossField) field = gloss_store_get_field_by_pk (store, sqlite3_column_int64 (stmt, 1));
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      const char *value = (const char *) sqlite3_column_text (stmt, 2);
      g_autofree char *canonical = NULL;

      if (field == NULL)
        continue;
      canonical = gloss_field_normalize_value (store, field, value, &local_error);
      if (canonical == NULL)
        {
          *ok = FALSE;
          if (report != NULL)
            g_string_append_printf (report, "annotation %s: %s\n", id, local_error->message);
        }
      else if (!g_str_equal (canonical, value))
        {
          *ok = FALSE;
          if (report != NULL)
            g_string_append_printf (report, "annotation %s: %s: “%s” is not stored in its usual form “%s”\n",
                                    id, field->name, value, canonical);
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_CORRUPT,
                   "The check could not read the field values: %s", sqlite3_errmsg (db));
      return FALSE;
    }
  return TRUE;
}

/**
 * gloss_project_check:
 * @report: (nullable): one line per problem is appended
 *
 * Everything gloss_store_check() checks, and every field value against its field's
 * definition.
 *
 * Returns: %FALSE when a problem was found (@report says which; @error unset) or
 *   when the check could not run (@error set)
 */
gboolean
gloss_project_check (GlossStore *store,
                     GString    *report,
                     GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok = gloss_store_check (store, report, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  /* The schema may have changed since the open (another program): when it is not
   * Gloss's, the store's check reported it and its rows are not to be read. */
  if (!ok)
    {
      g_autoptr(GPtrArray) schema = g_ptr_array_new_with_free_func (g_free);
      gint64 version = 0;
      int rc = SQLITE_OK;

      if (!gloss_store_pragma_int (store, "PRAGMA user_version", &version, &rc) ||
          version != GLOSS_SCHEMA_VERSION)
        return FALSE;
      if (!gloss_store_schema_problems (store, version, schema, 1, error) || schema->len > 0)
        return FALSE;
    }
  if (!check_field_values (store, report, &ok, error))
    return FALSE;
  return ok;
}

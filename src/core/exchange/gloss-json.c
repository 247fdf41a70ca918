/* gloss-json.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-json"

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>
#include <glib/gstdio.h>

#include "gloss-file.h"
#include "gloss-scope-private.h"
#include "gloss-history.h"
#include "gloss-json.h"
#include "gloss-json-scan.h"
#include "gloss-json-writer.h"
#include "gloss-pages.h"
#include "gloss-fields.h"
#include "gloss-entities.h"
#include "gloss-relations.h"
#include "gloss-ach-json.h"
#include "gloss-tradecraft-private.h"

G_DEFINE_QUARK (gloss-json-error-quark, gloss_json_error)

/* ------------------------------------------------------------------------- */
/* Export                                                                     */

/* The members written once per row have their keys rendered once (GLOSS_JSON_KEY):
 * escaping each key again was a sixth of the export's instructions. */
static void
column_member (GlossJsonWriter *w,
               GlossJsonKey     key,
               sqlite3_stmt    *stmt,
               int              col)
{
  /* NULL only for an SQL NULL (or no memory), so the type need not be asked first;
   * the text before its length, as SQLite advises. */
  const char *text = (const char *) sqlite3_column_text (stmt, col);

  gloss_json_writer_static_key (w, key);
  if (text == NULL)
    gloss_json_writer_null (w);
  else
    gloss_json_writer_string_len (w, text, sqlite3_column_bytes (stmt, col));
}

/* A copy of a column as column_member() writes it: NULL for an SQL NULL. */
static GBytes *
column_copy (sqlite3_stmt *stmt,
             int           col)
{
  const char *text = (const char *) sqlite3_column_text (stmt, col);

  return text != NULL ? g_bytes_new (text, sqlite3_column_bytes (stmt, col)) : NULL;
}

static void
bytes_unref0 (GBytes *bytes)
{
  if (bytes != NULL)
    g_bytes_unref (bytes);
}

static void
int_member (GlossJsonWriter *w,
            GlossJsonKey     key,
            gint64           v)
{
  gloss_json_writer_static_key (w, key);
  gloss_json_writer_int (w, v);
}

static void
write_metadata (GlossJsonWriter *w,
                sqlite3_stmt    *stmt,
                int              col)
{
  /* Metadata that is blank, broken or not an object leaves as null: the export
   * promises an object or null here. */
  g_autoptr(JsonNode) root = gloss_json_parse_text ((const char *) sqlite3_column_text (stmt, col),
                                                    JSON_NODE_OBJECT, NULL);

  gloss_json_writer_key (w, "metadata");
  if (root != NULL)
    gloss_json_writer_node (w, root);
  else
    gloss_json_writer_null (w);
}

static gboolean
step_error (GlossStore *store,
            int         rc,
            const char *what,
            GError    **error)
{
  if (rc == SQLITE_DONE)
    return TRUE;
  gloss_store_set_sqlite_error (store, rc, what, error);
  return FALSE;
}

/* A column holding a JSON array of strings (aliases, label ids), or null. */
static void
string_array_member (GlossJsonWriter *w,
                     const char      *key,
                     sqlite3_stmt    *stmt,
                     int              col,
                     gboolean         null_when_empty)
{
  g_auto(GStrv) items = NULL;

  gloss_json_writer_key (w, key);
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    {
      if (null_when_empty)
        gloss_json_writer_null (w);
      else
        {
          gloss_json_writer_begin_array (w);
          gloss_json_writer_end_array (w);
        }
      return;
    }
  items = gloss_aliases_from_json ((const char *) sqlite3_column_text (stmt, col));
  gloss_json_writer_begin_array (w);
  for (guint i = 0; items[i]; i++)
    gloss_json_writer_string (w, items[i]);
  gloss_json_writer_end_array (w);
}

static void
double_member (GlossJsonWriter *w,
               const char      *key,
               sqlite3_stmt    *stmt,
               int              col)
{
  gloss_json_writer_key (w, key);
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    gloss_json_writer_null (w);
  else
    gloss_json_writer_double (w, sqlite3_column_double (stmt, col));
}

/* The fields of label @label_pk, inside the label's object. */
static gboolean
export_fields (GlossStore      *store,
               GlossJsonWriter *w,
               sqlite3_stmt    *stmt,
               gint64           label_pk,
               GError         **error)
{
  int rc;

  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 1, label_pk);
  gloss_json_writer_key (w, "fields");
  gloss_json_writer_begin_array (w);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GPtrArray) options = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_field_option_free);
      g_autoptr(JsonNode) root = gloss_json_parse_text ((const char *) sqlite3_column_text (stmt, 3),
                                                        JSON_NODE_ARRAY, NULL);

      if (root != NULL)
        gloss_field_options_from_node (root, options, NULL);
      gloss_json_writer_begin_object (w);
      column_member (w, GLOSS_JSON_KEY ("id"), stmt, 0);
      column_member (w, GLOSS_JSON_KEY ("name"), stmt, 1);
      column_member (w, GLOSS_JSON_KEY ("type"), stmt, 2);
      gloss_json_writer_key (w, "options");
      if (options->len == 0)
        gloss_json_writer_null (w);
      else
        {
          gloss_json_writer_begin_array (w);
          for (guint i = 0; i < options->len; i++)
            {
              GlossFieldOption *o = options->pdata[i];

              gloss_json_writer_begin_object (w);
              gloss_json_writer_member_string (w, "value", o->value);
              gloss_json_writer_member_string (w, "label", o->label);
              gloss_json_writer_member_string (w, "colour", o->colour);
              gloss_json_writer_end_object (w);
            }
          gloss_json_writer_end_array (w);
        }
      double_member (w, "min", stmt, 4);
      double_member (w, "max", stmt, 5);
      gloss_json_writer_key (w, "required");
      gloss_json_writer_bool (w, sqlite3_column_int (stmt, 6) != 0);
      column_member (w, GLOSS_JSON_KEY ("description"), stmt, 7);
      int_member (w, GLOSS_JSON_KEY ("position"), sqlite3_column_int64 (stmt, 8));
      column_member (w, GLOSS_JSON_KEY ("created"), stmt, 9);
      column_member (w, GLOSS_JSON_KEY ("modified"), stmt, 10);
      gloss_json_writer_end_object (w);
    }
  gloss_json_writer_end_array (w);
  return step_error (store, rc, "exporting fields", error);
}

/* The field values of annotation @annotation_pk, inside the annotation's object. */
static gboolean
export_values (GlossStore      *store,
               GlossJsonWriter *w,
               sqlite3_stmt    *stmt,
               gint64           annotation_pk,
               GError         **error)
{
  int rc;

  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 1, annotation_pk);
  gloss_json_writer_static_key (w, GLOSS_JSON_KEY ("fields"));
  gloss_json_writer_begin_array (w);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gloss_json_writer_begin_object (w);
      column_member (w, GLOSS_JSON_KEY ("field"), stmt, 0);
      column_member (w, GLOSS_JSON_KEY ("value"), stmt, 1);
      gloss_json_writer_end_object (w);
    }
  gloss_json_writer_end_array (w);
  return step_error (store, rc, "exporting field values", error);
}

/* The exported annotations of the scope: see gloss-scope-private.h. */
#define SCOPED_ANNOTATION GLOSS_SCOPE_SQL_WHERE

gboolean
gloss_json_export (GlossStore             *store,
                   const GlossScope       *scope,
                   GOutputStream          *out,
                   GCancellable           *cancellable,
                   GError                **error)
{
  return gloss_json_export_full (store, scope, FALSE, out, cancellable, error);
}

/* The pks of the annotations with a field value set, in order, into @pks. */
static gboolean
annotations_with_values (sqlite3 *db,
                         GArray  *pks,
                         int     *rc_out)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db,
      "SELECT DISTINCT annotation FROM field_values WHERE value IS NOT NULL ORDER BY annotation", -1, &stmt, NULL);

  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 pk = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (pks, pk);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  *rc_out = rc == SQLITE_DONE ? SQLITE_OK : rc;
  return *rc_out == SQLITE_OK;
}

/* Whether @pk is in the sorted @pks. */
static gboolean
has_values (GArray *pks,
            gint64  pk)
{
  guint lo = 0, hi = pks->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      gint64 v = g_array_index (pks, gint64, mid);

      if (v == pk)
        return TRUE;
      if (v < pk)
        lo = mid + 1;
      else
        hi = mid;
    }
  return FALSE;
}

/* An annotation's span, [start, end). */
typedef struct {
  gint64 start;
  gint64 end;
} GlossSpan;

static inline gboolean
span_equal (const GlossSpan *a,
            const GlossSpan *b)
{
  return a->start == b->start && a->end == b->end;
}

/* The exported annotations of one document (?1), with their label's and annotator's
 * pks, whose id and name come from the labels' and annotators' passes: joins for
 * them cost some 1,300 instructions a row (one for the document's id, which the
 * caller has, 450). Without a scope, a row of a deleted label is left out by the
 * caller (its label is not among the exported ones); with one, the joins filter
 * (ANNOTATION_SCOPE: ?2 to ?5, bound by bind_annotation_query()), and so do they
 * for the rows asked for again by id. The caller adds the order. */
#define ANNOTATION_COLUMNS \
  "SELECT a.id, a.label, a.span_start, a.span_end, a.quote, a.prefix, a.suffix, a.note, a.annotator, " \
  "       a.created, a.modified, e.id, a.pk "
#define ANNOTATION_FROM \
  "FROM annotations a LEFT JOIN entities e ON e.pk = a.entity " \
  "WHERE a.document = ?1 AND a.deleted = 0 "
#define ANNOTATION_FROM_JOINED \
  "FROM annotations a JOIN labels l ON l.pk = a.label " \
  "LEFT JOIN annotators p ON p.pk = a.annotator LEFT JOIN entities e ON e.pk = a.entity " \
  "WHERE a.document = ?1 AND a.deleted = 0 AND l.deleted = 0 "
#define ANNOTATION_SCOPE \
  "AND (?2 IS NULL OR l.id IN (SELECT value FROM json_each (?2))) " \
  "AND (?3 IS NULL OR p.name IN (SELECT value FROM json_each (?3))) " \
  "AND (?4 IS NULL OR a.created >= ?4) " \
  "AND (?5 IS NULL OR a.created < ?5) "

/* A text by pk (a label's id, an annotator's name), in arrays sorted by pk. */
typedef struct {
  gint64  pk;
  GBytes *text;
} PkText;

static void
pk_text_clear (gpointer data)
{
  PkText *item = data;

  g_clear_pointer (&item->text, g_bytes_unref);
}

static gint
pk_text_compare (gconstpointer a,
                 gconstpointer b)
{
  gint64 x = ((const PkText *) a)->pk;
  gint64 y = ((const PkText *) b)->pk;

  return x < y ? -1 : x > y;
}

/* The item of @pk in @items, or NULL. */
static const PkText *
pk_text_find (GArray *items,
              gint64  pk)
{
  guint lo = 0, hi = items->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const PkText *item = &g_array_index (items, PkText, mid);

      if (item->pk == pk)
        return item;
      if (item->pk < pk)
        lo = mid + 1;
      else
        hi = mid;
    }
  return NULL;
}

static void
bytes_member (GlossJsonWriter *w,
              GlossJsonKey     key,
              GBytes          *text)
{
  gloss_json_writer_static_key (w, key);
  if (text == NULL)
    gloss_json_writer_null (w);
  else
    gloss_json_writer_string_len (w, g_bytes_get_data (text, NULL), g_bytes_get_size (text));
}

static gboolean
scope_filters_annotations (const GlossScopeSql *sql)
{
  return sql->label_ids != NULL || sql->annotators != NULL || sql->since != NULL || sql->until != NULL;
}

static void
bind_annotation_query (sqlite3_stmt        *stmt,
                       gint64               doc_pk,
                       const GlossScopeSql *sql)
{
  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 1, doc_pk);
  if (scope_filters_annotations (sql))
    {
      sqlite3_bind_text (stmt, 2, sql->label_ids, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, sql->annotators, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, sql->since, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, sql->until, -1, SQLITE_STATIC);
    }
}

/* One row of ANNOTATION_COLUMNS in the document whose id is @doc_id, its label
 * @label, with its annotator's name from @annotators, its page (@pages: where the
 * document's pages start) and its field values (@values, when its pk is in
 * @with_values). */
static gboolean
write_annotation (GlossStore      *store,
                  GlossJsonWriter *w,
                  sqlite3_stmt    *stmt,
                  GBytes          *doc_id,
                  const PkText    *label,
                  GArray          *annotators,
                  GArray          *pages,
                  GArray          *with_values,
                  sqlite3_stmt    *values,
                  GError         **error)
{
  const PkText *annotator = sqlite3_column_type (stmt, 8) == SQLITE_INTEGER
                            ? pk_text_find (annotators, sqlite3_column_int64 (stmt, 8)) : NULL;
  gint64 start = sqlite3_column_int64 (stmt, 2);
  gint64 end = sqlite3_column_int64 (stmt, 3);
  gint64 pk = sqlite3_column_int64 (stmt, 12);
  guint first, last;

  gloss_json_writer_begin_object (w);
  column_member (w, GLOSS_JSON_KEY ("id"), stmt, 0);
  bytes_member (w, GLOSS_JSON_KEY ("document"), doc_id);
  bytes_member (w, GLOSS_JSON_KEY ("label"), label->text);
  int_member (w, GLOSS_JSON_KEY ("start"), start);
  int_member (w, GLOSS_JSON_KEY ("end"), end);
  if (gloss_pages_of_span (pages, start, end, &first, &last))
    {
      int_member (w, GLOSS_JSON_KEY ("page"), first);
      if (last != first)
        int_member (w, GLOSS_JSON_KEY ("page_end"), last);
    }
  column_member (w, GLOSS_JSON_KEY ("quote"), stmt, 4);
  column_member (w, GLOSS_JSON_KEY ("prefix"), stmt, 5);
  column_member (w, GLOSS_JSON_KEY ("suffix"), stmt, 6);
  column_member (w, GLOSS_JSON_KEY ("note"), stmt, 7);
  bytes_member (w, GLOSS_JSON_KEY ("annotator"), annotator != NULL ? annotator->text : NULL);
  column_member (w, GLOSS_JSON_KEY ("created"), stmt, 9);
  column_member (w, GLOSS_JSON_KEY ("modified"), stmt, 10);
  column_member (w, GLOSS_JSON_KEY ("entity"), stmt, 11);
  if (has_values (with_values, pk))
    {
      if (!export_values (store, w, values, pk, error))
        return FALSE;
    }
  else
    {
      gloss_json_writer_static_key (w, GLOSS_JSON_KEY ("fields"));
      gloss_json_writer_begin_array (w);
      gloss_json_writer_end_array (w);
    }
  gloss_json_writer_end_object (w);
  return TRUE;
}

/* Every annotator's name by pk, into @names. */
static gboolean
annotator_names (sqlite3 *db,
                 GArray  *names,
                 int     *rc_out)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, "SELECT pk, name FROM annotators ORDER BY pk", -1, &stmt, NULL);

  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PkText name = { sqlite3_column_int64 (stmt, 0), column_copy (stmt, 1) };

      g_array_append_val (names, name);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  *rc_out = rc == SQLITE_DONE ? SQLITE_OK : rc;
  return *rc_out == SQLITE_OK;
}

gboolean
gloss_json_export_full (GlossStore             *store,
                        const GlossScope       *scope,
                        gboolean                pretty,
                        GOutputStream          *out,
                        GCancellable           *cancellable,
                        GError                **error)
{
  g_autoptr(GlossJsonWriter) w = NULL;
  g_autoptr(GArray) doc_pks = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) doc_ids = g_ptr_array_new_with_free_func ((GDestroyNotify) bytes_unref0);
  g_autoptr(GArray) labels = g_array_new (FALSE, FALSE, sizeof (PkText));       /* the exported ones */
  g_autoptr(GArray) annotators = g_array_new (FALSE, FALSE, sizeof (PkText));
  g_autoptr(GArray) with_values = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) doc_pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  sqlite3 *db = gloss_store_get_db (store);
  sqlite3_stmt *stmt = NULL;
  sqlite3_stmt *sub = NULL;
  sqlite3_stmt *tied = NULL;
  GlossScopeSql sql;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (store), FALSE);

  g_array_set_clear_func (labels, pk_text_clear);
  g_array_set_clear_func (annotators, pk_text_clear);
  if (!gloss_scope_sql_init (store, scope, &sql, error))
    return FALSE;

  /* One read transaction, so the export is one consistent snapshot even while the
   * app or another process writes. */
  if (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    {
      gloss_store_set_sqlite_error (store, sqlite3_errcode (db), "starting the export", error);
      gloss_scope_sql_clear (&sql);
      return FALSE;
    }

  w = gloss_json_writer_new (out);
  gloss_json_writer_set_compact (w, !pretty);
  gloss_json_writer_begin_object (w);
  gloss_json_writer_member_string (w, "format", "gloss");
  gloss_json_writer_member_int (w, "version", GLOSS_JSON_VERSION);

  /* Labels */
  gloss_json_writer_key (w, "labels");
  gloss_json_writer_begin_array (w);
  rc = sqlite3_prepare_v2 (db,
      "SELECT id, name, kind, colour, shortcut, description, position, created, modified, pk FROM labels "
      "WHERE deleted = 0 AND (?1 IS NULL OR id IN (SELECT value FROM json_each (?1))) "
      "ORDER BY position, name, id", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    goto sql_error;
  rc = sqlite3_prepare_v2 (db,
      "SELECT id, name, type, options, min_value, max_value, required, description, position, created, modified "
      "FROM label_fields WHERE label = ?1 AND deleted = 0 ORDER BY position, name, id", -1, &sub, NULL);
  if (rc != SQLITE_OK)
    goto sql_error;
  sqlite3_bind_text (stmt, 1, sql.label_ids, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gloss_json_writer_begin_object (w);
      column_member (w, GLOSS_JSON_KEY ("id"), stmt, 0);
      column_member (w, GLOSS_JSON_KEY ("name"), stmt, 1);
      column_member (w, GLOSS_JSON_KEY ("kind"), stmt, 2);
      column_member (w, GLOSS_JSON_KEY ("colour"), stmt, 3);
      column_member (w, GLOSS_JSON_KEY ("shortcut"), stmt, 4);
      column_member (w, GLOSS_JSON_KEY ("description"), stmt, 5);
      int_member (w, GLOSS_JSON_KEY ("position"), sqlite3_column_int64 (stmt, 6));
      column_member (w, GLOSS_JSON_KEY ("created"), stmt, 7);
      column_member (w, GLOSS_JSON_KEY ("modified"), stmt, 8);
      if (!export_fields (store, w, sub, sqlite3_column_int64 (stmt, 9), error))
        goto out;
      gloss_json_writer_end_object (w);
      {
        PkText label = { sqlite3_column_int64 (stmt, 9), column_copy (stmt, 0) };

        g_array_append_val (labels, label);
      }
    }
  if (!step_error (store, rc, "exporting labels", error))
    goto out;
  g_clear_pointer (&stmt, sqlite3_finalize);
  g_clear_pointer (&sub, sqlite3_finalize);
  gloss_json_writer_end_array (w);

  /* Relation types: all of them, they are part of the codebook. */
  gloss_json_writer_key (w, "relation_types");
  gloss_json_writer_begin_array (w);
  rc = sqlite3_prepare_v2 (db,
      "SELECT id, name, description, from_labels, to_labels, position, created, modified FROM relation_types "
      "WHERE deleted = 0 ORDER BY position, name, id", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    goto sql_error;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gloss_json_writer_begin_object (w);
      column_member (w, GLOSS_JSON_KEY ("id"), stmt, 0);
      column_member (w, GLOSS_JSON_KEY ("name"), stmt, 1);
      column_member (w, GLOSS_JSON_KEY ("description"), stmt, 2);
      string_array_member (w, "from", stmt, 3, TRUE);
      string_array_member (w, "to", stmt, 4, TRUE);
      int_member (w, GLOSS_JSON_KEY ("position"), sqlite3_column_int64 (stmt, 5));
      column_member (w, GLOSS_JSON_KEY ("created"), stmt, 6);
      column_member (w, GLOSS_JSON_KEY ("modified"), stmt, 7);
      gloss_json_writer_end_object (w);
    }
  if (!step_error (store, rc, "exporting relation types", error))
    goto out;
  g_clear_pointer (&stmt, sqlite3_finalize);
  gloss_json_writer_end_array (w);

  /* Annotators who made at least one exported annotation */
  gloss_json_writer_key (w, "annotators");
  gloss_json_writer_begin_array (w);
  rc = sqlite3_prepare_v2 (db,
      "SELECT p.id, p.name, p.created, p.modified FROM annotators p WHERE EXISTS ("
      "  SELECT 1 FROM annotations a JOIN documents d ON d.pk = a.document JOIN labels l ON l.pk = a.label "
      "  WHERE a.annotator = p.pk AND a.deleted = 0 AND d.deleted = 0 "
      "  AND l.deleted = 0 "
      "  AND (?1 IS NULL OR d.id IN (SELECT value FROM json_each (?1))) "
      "  AND (?2 IS NULL OR l.id IN (SELECT value FROM json_each (?2))) "
      "  AND (?3 IS NULL OR p.name IN (SELECT value FROM json_each (?3))) "
      "  AND (?4 IS NULL OR a.created >= ?4) "
      "  AND (?5 IS NULL OR a.created < ?5)) "
      "ORDER BY p.name, p.id", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    goto sql_error;
  gloss_scope_sql_bind (stmt, &sql);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gloss_json_writer_begin_object (w);
      column_member (w, GLOSS_JSON_KEY ("id"), stmt, 0);
      column_member (w, GLOSS_JSON_KEY ("name"), stmt, 1);
      column_member (w, GLOSS_JSON_KEY ("created"), stmt, 2);
      column_member (w, GLOSS_JSON_KEY ("modified"), stmt, 3);
      gloss_json_writer_end_object (w);
    }
  if (!step_error (store, rc, "exporting annotators", error))
    goto out;
  g_clear_pointer (&stmt, sqlite3_finalize);
  gloss_json_writer_end_array (w);

  /* Entities of the exported types: the register is project-wide, so all of them,
   * not only those mentioned in the exported documents. */
  gloss_json_writer_key (w, "entities");
  gloss_json_writer_begin_array (w);
  rc = sqlite3_prepare_v2 (db,
      "SELECT e.id, e.name, l.id, e.aliases, e.description, e.external_ref, e.created, e.modified "
      "FROM entities e JOIN labels l ON l.pk = e.label "
      "WHERE e.deleted = 0 AND l.deleted = 0 AND (?1 IS NULL OR l.id IN (SELECT value FROM json_each (?1))) "
      "ORDER BY e.created, e.id", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    goto sql_error;
  sqlite3_bind_text (stmt, 1, sql.label_ids, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gloss_json_writer_begin_object (w);
      column_member (w, GLOSS_JSON_KEY ("id"), stmt, 0);
      column_member (w, GLOSS_JSON_KEY ("name"), stmt, 1);
      column_member (w, GLOSS_JSON_KEY ("type"), stmt, 2);
      string_array_member (w, "aliases", stmt, 3, FALSE);
      column_member (w, GLOSS_JSON_KEY ("description"), stmt, 4);
      column_member (w, GLOSS_JSON_KEY ("external_ref"), stmt, 5);
      column_member (w, GLOSS_JSON_KEY ("created"), stmt, 6);
      column_member (w, GLOSS_JSON_KEY ("modified"), stmt, 7);
      gloss_json_writer_end_object (w);
    }
  if (!step_error (store, rc, "exporting entities", error))
    goto out;
  g_clear_pointer (&stmt, sqlite3_finalize);
  gloss_json_writer_end_array (w);

  /* Documents, with their full text. Rows are in the order of what they are (created,
   * then id), never of where they are in the file, so that copies merged in another
   * order export the same bytes. */
  gloss_json_writer_key (w, "documents");
  gloss_json_writer_begin_array (w);
  rc = sqlite3_prepare_v2 (db,
      "SELECT pk, id, title, source, format, sha256, length, imported, created, modified, metadata, text, "
      "       reliability, author, publisher, published, url, tlp "
      "FROM documents WHERE deleted = 0 AND (?1 IS NULL OR id IN (SELECT value FROM json_each (?1))) "
      "ORDER BY created, id", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    goto sql_error;
  sqlite3_bind_text (stmt, 1, sql.document_ids, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 pk = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (doc_pks, pk);
      g_ptr_array_add (doc_ids, column_copy (stmt, 1));
      gloss_json_writer_begin_object (w);
      column_member (w, GLOSS_JSON_KEY ("id"), stmt, 1);
      column_member (w, GLOSS_JSON_KEY ("title"), stmt, 2);
      column_member (w, GLOSS_JSON_KEY ("source"), stmt, 3);
      column_member (w, GLOSS_JSON_KEY ("format"), stmt, 4);
      column_member (w, GLOSS_JSON_KEY ("sha256"), stmt, 5);
      int_member (w, GLOSS_JSON_KEY ("length"), sqlite3_column_int64 (stmt, 6));
      column_member (w, GLOSS_JSON_KEY ("imported"), stmt, 7);
      column_member (w, GLOSS_JSON_KEY ("created"), stmt, 8);
      column_member (w, GLOSS_JSON_KEY ("modified"), stmt, 9);
      column_member (w, GLOSS_JSON_KEY ("reliability"), stmt, 12);
      column_member (w, GLOSS_JSON_KEY ("author"), stmt, 13);
      column_member (w, GLOSS_JSON_KEY ("publisher"), stmt, 14);
      column_member (w, GLOSS_JSON_KEY ("published"), stmt, 15);
      column_member (w, GLOSS_JSON_KEY ("url"), stmt, 16);
      column_member (w, GLOSS_JSON_KEY ("tlp"), stmt, 17);
      {
        /* A paged source: where each page starts, so that a round trip keeps them. */
        GArray *pages = gloss_store_get_document_pages (store, (const char *) sqlite3_column_text (stmt, 1), NULL);

        if (pages == NULL)
          pages = g_array_new (FALSE, FALSE, sizeof (gint64));
        if (pages->len > 0)
          {
            gloss_json_writer_key (w, "pages");
            gloss_json_writer_begin_array (w);
            for (guint k = 0; k < pages->len; k++)
              gloss_json_writer_int (w, g_array_index (pages, gint64, k));
            gloss_json_writer_end_array (w);
          }
        g_ptr_array_add (doc_pages, pages);
      }
      write_metadata (w, stmt, 10);
      column_member (w, GLOSS_JSON_KEY ("text"), stmt, 11);
      gloss_json_writer_end_object (w);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
    }
  if (!step_error (store, rc, "exporting documents", error))
    goto out;
  g_clear_pointer (&stmt, sqlite3_finalize);
  gloss_json_writer_end_array (w);

  /* Annotations, document by document in text order: each document's rows come
   * straight off the (document, deleted, start, end) index, so a million rows need
   * no sort and no memory. Annotations that share a span are ordered by id, which the
   * index does not hold: asked of SQLite for every row, that order cost a temporary
   * b-tree per document and some 4,500 instructions a row (a fifth of the export).
   * So each row is written under a mark, and when the next one turns out to share its
   * span, it is taken back and the span's rows are asked for again, by id. */
  gloss_json_writer_key (w, "annotations");
  gloss_json_writer_begin_array (w);
  rc = sqlite3_prepare_v2 (db, scope_filters_annotations (&sql)
                               ? ANNOTATION_COLUMNS ANNOTATION_FROM_JOINED ANNOTATION_SCOPE
                                 "ORDER BY a.span_start, a.span_end"
                               : ANNOTATION_COLUMNS ANNOTATION_FROM "ORDER BY a.span_start, a.span_end",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    goto sql_error;
  rc = sqlite3_prepare_v2 (db, scope_filters_annotations (&sql)
                               ? ANNOTATION_COLUMNS ANNOTATION_FROM_JOINED ANNOTATION_SCOPE
                                 "AND a.span_start = ?6 AND a.span_end = ?7 ORDER BY a.id"
                               : ANNOTATION_COLUMNS ANNOTATION_FROM_JOINED
                                 "AND a.span_start = ?6 AND a.span_end = ?7 ORDER BY a.id",
                           -1, &tied, NULL);
  if (rc != SQLITE_OK)
    goto sql_error;
  if (!annotator_names (db, annotators, &rc))
    goto sql_error;
  g_array_sort (labels, pk_text_compare);
  /* Values of the annotation's current label's live fields: what the app shows. */
  rc = sqlite3_prepare_v2 (db,
      "SELECT f.id, v.value FROM field_values v JOIN label_fields f ON f.pk = v.field "
      "JOIN annotations a ON a.pk = v.annotation "
      "WHERE v.annotation = ?1 AND f.label = a.label AND f.deleted = 0 AND v.value IS NOT NULL "
      "ORDER BY f.position, f.name, f.id", -1, &sub, NULL);
  if (rc != SQLITE_OK)
    goto sql_error;
  /* Which annotations have a field value, asked once: a correlated EXISTS in the
   * query above cost some 1,800 instructions a row even with no values at all (a
   * fifth of SQLite's part of the export). Sorted pks, 8 bytes each. */
  if (!annotations_with_values (db, with_values, &rc))
    goto sql_error;
  for (guint i = 0; i < doc_pks->len; i++)
    {
      gint64 doc_pk = g_array_index (doc_pks, gint64, i);
      GArray *pages = g_ptr_array_index (doc_pages, i);
      GBytes *doc_id = g_ptr_array_index (doc_ids, i);
      GlossSpan last = { -1, -1 };   /* of the row written last, under the mark */

      bind_annotation_query (stmt, doc_pk, &sql);
      rc = sqlite3_step (stmt);
      while (rc == SQLITE_ROW)
        {
          GlossSpan span = { sqlite3_column_int64 (stmt, 2), sqlite3_column_int64 (stmt, 3) };
          const PkText *label = pk_text_find (labels, sqlite3_column_int64 (stmt, 1));

          /* A label that is not exported: deleted, or out of the scope. */
          if (label == NULL)
            {
              rc = sqlite3_step (stmt);
              continue;
            }
          if (span_equal (&span, &last))
            {
              gloss_json_writer_rewind (w);
              bind_annotation_query (tied, doc_pk, &sql);
              sqlite3_bind_int64 (tied, 6, span.start);
              sqlite3_bind_int64 (tied, 7, span.end);
              while ((rc = sqlite3_step (tied)) == SQLITE_ROW)
                {
                  const PkText *tied_label = pk_text_find (labels, sqlite3_column_int64 (tied, 1));

                  if (tied_label != NULL &&
                      !write_annotation (store, w, tied, doc_id, tied_label, annotators, pages, with_values, sub,
                                         error))
                    goto out;
                }
              if (!step_error (store, rc, "exporting annotations", error))
                goto out;
              /* The same rows, in the other order: passed over. */
              while ((rc = sqlite3_step (stmt)) == SQLITE_ROW &&
                     sqlite3_column_int64 (stmt, 2) == span.start && sqlite3_column_int64 (stmt, 3) == span.end)
                ;
              last.start = last.end = -1;
              continue;
            }
          gloss_json_writer_mark (w);
          if (!write_annotation (store, w, stmt, doc_id, label, annotators, pages, with_values, sub, error))
            goto out;
          last = span;
          rc = sqlite3_step (stmt);
        }
      gloss_json_writer_unmark (w);
      if (!step_error (store, rc, "exporting annotations", error))
        goto out;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  g_clear_pointer (&sub, sqlite3_finalize);
  g_clear_pointer (&tied, sqlite3_finalize);
  gloss_json_writer_end_array (w);

  /* Relations whose two ends are both exported (possibly in two documents): an
   * annotation in the scope, and an annotation in the scope or a live entity of an
   * exported type ("to_entity"; one merged since is named by the one it went into). */
  gloss_json_writer_key (w, "relations");
  gloss_json_writer_begin_array (w);
  rc = sqlite3_prepare_v2 (db,
      "SELECT r.id, t.id, fa.id, ta.id, rp.name, r.created, r.modified, te.id FROM relations r "
      "JOIN relation_types t ON t.pk = r.type "
      "JOIN annotations fa ON fa.pk = r.source JOIN documents fd ON fd.pk = fa.document "
      "JOIN labels fl ON fl.pk = fa.label LEFT JOIN annotators fp ON fp.pk = fa.annotator "
      "LEFT JOIN annotations ta ON ta.pk = r.target LEFT JOIN documents td ON td.pk = ta.document "
      "LEFT JOIN labels tl ON tl.pk = ta.label LEFT JOIN annotators tp ON tp.pk = ta.annotator "
      "LEFT JOIN entities te ON te.pk = (SELECT coalesce (e.merged_into, e.pk) FROM entities e "
      "                                  WHERE e.pk = r.target_entity) "
      "LEFT JOIN labels el ON el.pk = te.label "
      "LEFT JOIN annotators rp ON rp.pk = r.annotator "
      "WHERE r.deleted = 0 AND t.deleted = 0 AND " SCOPED_ANNOTATION ("fa", "fd", "fl", "fp")
      "AND ((ta.pk IS NOT NULL AND " SCOPED_ANNOTATION ("ta", "td", "tl", "tp") ") "
      "     OR (te.deleted = 0 AND el.deleted = 0 AND (?2 IS NULL OR el.id IN (SELECT value FROM json_each (?2))))) "
      "ORDER BY r.created, r.id", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    goto sql_error;
  gloss_scope_sql_bind (stmt, &sql);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gloss_json_writer_begin_object (w);
      column_member (w, GLOSS_JSON_KEY ("id"), stmt, 0);
      column_member (w, GLOSS_JSON_KEY ("type"), stmt, 1);
      column_member (w, GLOSS_JSON_KEY ("from"), stmt, 2);
      if (sqlite3_column_type (stmt, 7) != SQLITE_NULL)
        column_member (w, GLOSS_JSON_KEY ("to_entity"), stmt, 7);
      else
        column_member (w, GLOSS_JSON_KEY ("to"), stmt, 3);
      column_member (w, GLOSS_JSON_KEY ("annotator"), stmt, 4);
      column_member (w, GLOSS_JSON_KEY ("created"), stmt, 5);
      column_member (w, GLOSS_JSON_KEY ("modified"), stmt, 6);
      gloss_json_writer_end_object (w);
    }
  if (!step_error (store, rc, "exporting relations", error))
    goto out;
  g_clear_pointer (&stmt, sqlite3_finalize);
  gloss_json_writer_end_array (w);
  if (!gloss_ach_json_export (store, w, &sql, error))
    goto out;

  gloss_json_writer_end_object (w);
  ok = gloss_json_writer_finish (w, cancellable, error);
  goto out;

sql_error:
  gloss_store_set_sqlite_error (store, rc, "exporting", error);
out:
  g_clear_pointer (&stmt, sqlite3_finalize);
  g_clear_pointer (&sub, sqlite3_finalize);
  g_clear_pointer (&tied, sqlite3_finalize);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  gloss_scope_sql_clear (&sql);
  return ok;
}

gboolean
gloss_json_export_to_file (GlossStore             *store,
                           const GlossScope       *scope,
                           const char             *path,
                           GCancellable           *cancellable,
                           GError                **error)
{
  g_autoptr(GlossAtomicFile) file = gloss_atomic_file_new (path, error);

  /* Written beside @path and renamed over it only when complete. */
  if (file == NULL)
    return FALSE;
  if (!gloss_json_export (store, scope, gloss_atomic_file_get_stream (file), cancellable, error))
    return FALSE;
  return gloss_atomic_file_commit (file, error);
}

/* ------------------------------------------------------------------------- */
/* Import                                                                     */

GlossImportReport *
gloss_import_report_new (void)
{
  GlossImportReport *report = g_new0 (GlossImportReport, 1);

  report->new_documents = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_document_free);
  report->notes = g_ptr_array_new_with_free_func (g_free);
  return report;
}

void
gloss_import_report_free (GlossImportReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->new_documents);
  g_ptr_array_unref (report->notes);
  g_free (report);
}

gboolean
gloss_json_is_json_path (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".json");
}

typedef struct {
  GlossStore        *store;
  GlossJsonSource   *src;
  const char        *name;       /* for messages */
  GlossImportReport *report;
  JsonParser        *parser;
  GHashTable        *label_pks;  /* id in file -> pk (gint64 boxed) */
  GHashTable        *doc_pks;    /* id in file -> pk */
  GHashTable        *doc_titles; /* id in file -> title */
  GHashTable        *annotator_pks; /* name -> pk */
  GHashTable        *label_ids;  /* label id in file -> the project's label id */
  GHashTable        *field_ids;  /* field id in file -> the project's field id */
  GHashTable        *type_ids;   /* relation type id in file -> the project's */
  GHashTable        *entity_ids; /* entity id in file -> the project's */
  char              *arena;      /* an annotation's unescaped strings */
  gsize              arena_size;
  char              *now;        /* the import's time, for rows without one */
} Import;

static void
import_clear (Import *im)
{
  g_clear_object (&im->parser);
  g_clear_pointer (&im->label_pks, g_hash_table_unref);
  g_clear_pointer (&im->doc_pks, g_hash_table_unref);
  g_clear_pointer (&im->doc_titles, g_hash_table_unref);
  g_clear_pointer (&im->annotator_pks, g_hash_table_unref);
  g_clear_pointer (&im->label_ids, g_hash_table_unref);
  g_clear_pointer (&im->field_ids, g_hash_table_unref);
  g_clear_pointer (&im->type_ids, g_hash_table_unref);
  g_clear_pointer (&im->entity_ids, g_hash_table_unref);
  g_clear_pointer (&im->arena, g_free);
  g_clear_pointer (&im->now, g_free);
}

static void
id_insert (GHashTable *map, const char *key, const char *value)
{
  g_hash_table_insert (map, g_strdup (key), g_strdup (value));
}

static void
map_insert (GHashTable *map, const char *key, gint64 pk)
{
  g_hash_table_insert (map, g_strdup (key), g_memdup2 (&pk, sizeof pk));
}

static gint64
map_lookup (GHashTable *map, const char *key)
{
  gint64 *pk = key ? g_hash_table_lookup (map, key) : NULL;

  return pk ? *pk : 0;
}

/* Every message about an item says which one: "annotations[12] (id …)". */
static void G_GNUC_PRINTF (5, 6)
item_error (GError    **error,
            const char *array,
            guint       index,
            const char *id,
            const char *format,
            ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  if (id != NULL)
    g_set_error (error, GLOSS_JSON_ERROR, GLOSS_JSON_ERROR_INVALID, "%s[%u] (id %s): %s", array, index, id, what);
  else
    g_set_error (error, GLOSS_JSON_ERROR, GLOSS_JSON_ERROR_INVALID, "%s[%u]: %s", array, index, what);
}

/* Reads member @key of @obj as a string. A missing or null member gives NULL when
 * @optional; any other type is an error. */
static gboolean
get_string (JsonObject *obj,
            const char *key,
            gboolean    optional,
            const char **out,
            const char *array,
            guint       index,
            const char *id,
            GError    **error)
{
  JsonNode *node = json_object_get_member (obj, key);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (optional)
        return TRUE;
      item_error (error, array, index, id, "“%s” is missing", key);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      item_error (error, array, index, id, "“%s” must be a string", key);
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_int (JsonObject *obj,
         const char *key,
         gboolean    optional,
         gint64     *out,
         gboolean   *present,
         const char *array,
         guint       index,
         const char *id,
         GError    **error)
{
  JsonNode *node = json_object_get_member (obj, key);

  if (present)
    *present = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (optional)
        return TRUE;
      item_error (error, array, index, id, "“%s” is missing", key);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      item_error (error, array, index, id, "“%s” must be a whole number", key);
      return FALSE;
    }
  *out = json_node_get_int (node);
  if (present)
    *present = TRUE;
  return TRUE;
}

static gboolean
check_id (const char *id,
          const char *array,
          guint       index,
          GError    **error)
{
  if (!gloss_uuid_is_valid (id))
    {
      item_error (error, array, index, NULL, "“%s” is not a valid id (a UUID)", id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_times (const char  *id,
             const char **created,
             const char **modified,
             const char  *array,
             guint        index,
             GError     **error)
{
  if (*created && !gloss_timestamp_is_valid (*created))
    {
      item_error (error, array, index, id, "“created” is not a UTC time such as 2026-01-31T12:00:00.000Z");
      return FALSE;
    }
  if (*modified && !gloss_timestamp_is_valid (*modified))
    {
      item_error (error, array, index, id, "“modified” is not a UTC time such as 2026-01-31T12:00:00.000Z");
      return FALSE;
    }
  return TRUE;
}

/* Parses item @index of an array into an object. */
static JsonObject *
parse_item (Import     *im,
            const char *item,
            gsize       length,
            const char *array,
            guint       index,
            GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (im->parser, item, length, &local_error))
    {
      item_error (error, array, index, NULL, "%s", local_error->message);
      return NULL;
    }
  root = json_parser_get_root (im->parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      item_error (error, array, index, NULL, "must be an object");
      return NULL;
    }
  return json_node_get_object (root);
}

static gboolean
import_label_row (Import     *im,
                  JsonObject *obj,
                  guint       index,
                  GError    **error)
{
  const char *id, *name, *kind, *colour, *shortcut, *description, *created, *modified;
  g_autoptr(GlossLabel) existing = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *now = NULL;
  gint64 position = G_MAXINT, pk = 0;
  gboolean has_position;

  if (!get_string (obj, "id", FALSE, &id, "labels", index, NULL, error) ||
      !check_id (id, "labels", index, error) ||
      !get_string (obj, "name", FALSE, &name, "labels", index, id, error) ||
      !get_string (obj, "kind", TRUE, &kind, "labels", index, id, error) ||
      !get_string (obj, "colour", TRUE, &colour, "labels", index, id, error) ||
      !get_string (obj, "shortcut", TRUE, &shortcut, "labels", index, id, error) ||
      !get_string (obj, "description", TRUE, &description, "labels", index, id, error) ||
      !get_int (obj, "position", TRUE, &position, &has_position, "labels", index, id, error) ||
      !get_string (obj, "created", TRUE, &created, "labels", index, id, error) ||
      !get_string (obj, "modified", TRUE, &modified, "labels", index, id, error) ||
      !check_times (id, &created, &modified, "labels", index, error))
    return FALSE;

  if (gloss_store_id_exists (im->store, "labels", id))
    {
      pk = gloss_store_label_pk (im->store, id);
      if (pk == 0)
        {
          item_error (error, "labels", index, id, "the label “%s” was deleted in this project", name);
          return FALSE;
        }
      map_insert (im->label_pks, id, pk);
      return TRUE;
    }

  existing = gloss_store_find_label_by_name (im->store, name, NULL);
  if (existing != NULL)
    {
      map_insert (im->label_pks, id, gloss_store_label_pk (im->store, existing->id));
      im->report->labels_matched++;
      g_ptr_array_add (im->report->notes,
                       g_strdup_printf ("label “%s” (%s) matched the project's label of the same name (%s)",
                                        name, id, existing->id));
      return TRUE;
    }

  now = gloss_now_iso8601 ();
  {
    GlossLabel label = {
      .id = (char *) id, .name = (char *) name,
      .kind = (char *) (kind ? kind : GLOSS_LABEL_KIND_TAG),
      .colour = (char *) (colour ? colour : "#3584e4"),
      .shortcut = (char *) shortcut, .description = (char *) description,
      .position = has_position ? (int) CLAMP (position, 0, G_MAXINT) : G_MAXINT,
      .created = (char *) (created ? created : now),
      .modified = (char *) (modified ? modified : created ? created : now),
    };

    if (!gloss_store_insert_label_row (im->store, &label, &pk, &local_error))
      {
        /* A shortcut key the project already gives another label is dropped rather
         * than refusing the whole file. */
        if (g_error_matches (local_error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE) && shortcut != NULL)
          {
            g_clear_error (&local_error);
            label.shortcut = NULL;
            if (gloss_store_insert_label_row (im->store, &label, &pk, &local_error))
              g_ptr_array_add (im->report->notes,
                               g_strdup_printf ("label “%s”: shortcut key “%s” is taken in this project and was left out",
                                                name, shortcut));
          }
        if (local_error != NULL)
          {
            item_error (error, "labels", index, id, "%s", local_error->message);
            return FALSE;
          }
      }
  }
  map_insert (im->label_pks, id, pk);
  im->report->labels_added++;
  return TRUE;
}

static gboolean
get_double (JsonObject *obj,
            const char *key,
            gboolean   *has,
            double     *out)
{
  JsonNode *node = json_object_get_member (obj, key);
  GType type;

  *has = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return FALSE;
  *out = json_node_get_double (node);
  *has = TRUE;
  return TRUE;
}

/* An array member of strings; NULL @out for a missing or null member. */
static gboolean
get_strv (JsonObject *obj,
          const char *key,
          char     ***out)
{
  JsonNode *node = json_object_get_member (obj, key);
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  JsonArray *array;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        return FALSE;
      g_strv_builder_add (b, json_node_get_string (item));
    }
  *out = g_strv_builder_end (b);
  return TRUE;
}

/* The project's id of a label named by its id in the file. */
static const char *
project_label_id (Import     *im,
                  const char *file_id)
{
  const char *mapped = file_id ? g_hash_table_lookup (im->label_ids, file_id) : NULL;

  if (mapped)
    return mapped;
  return gloss_store_label_pk (im->store, file_id) != 0 ? file_id : NULL;
}

static gboolean
import_field (Import     *im,
              JsonObject *obj,
              guint       label_index,
              const char *label_file_id,
              const char *label_id,
              gint64      label_pk,
              guint       index,
              GError    **error)
{
  g_autoptr(GlossField) field = gloss_field_new ();
  g_autoptr(GlossField) existing = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *now = gloss_now_iso8601 ();
  const char *id, *name, *type, *description, *created, *modified;
  gint64 position = 0;
  gboolean has_position;
  JsonNode *required;

  if (!get_string (obj, "id", FALSE, &id, "labels", label_index, label_file_id, error) ||
      !check_id (id, "labels", label_index, error) ||
      !get_string (obj, "name", FALSE, &name, "labels", label_index, label_file_id, error) ||
      !get_string (obj, "type", FALSE, &type, "labels", label_index, label_file_id, error) ||
      !get_string (obj, "description", TRUE, &description, "labels", label_index, label_file_id, error) ||
      !get_int (obj, "position", TRUE, &position, &has_position, "labels", label_index, label_file_id, error) ||
      !get_string (obj, "created", TRUE, &created, "labels", label_index, label_file_id, error) ||
      !get_string (obj, "modified", TRUE, &modified, "labels", label_index, label_file_id, error) ||
      !check_times (label_file_id, &created, &modified, "labels", label_index, error))
    {
      g_prefix_error (error, "fields[%u]: ", index);
      return FALSE;
    }
  if (gloss_store_id_exists (im->store, "label_fields", id))
    {
      id_insert (im->field_ids, id, id);
      return TRUE;
    }
  existing = gloss_store_find_field (im->store, label_id, name, NULL);
  if (existing != NULL)
    {
      id_insert (im->field_ids, id, existing->id);
      g_ptr_array_add (im->report->notes,
                       g_strdup_printf ("field “%s” (%s) matched the project's field of the same name (%s)",
                                        name, id, existing->id));
      return TRUE;
    }

  field->id = g_strdup (id);
  field->label_id = g_strdup (label_id);
  field->name = g_strdup (name);
  field->type = g_strdup (type);
  field->description = g_strdup (description);
  field->position = has_position ? (int) CLAMP (position, 0, G_MAXINT) : (int) index;
  field->created = g_strdup (created ? created : now);
  field->modified = g_strdup (modified ? modified : field->created);
  required = json_object_get_member (obj, "required");
  if (required != NULL && JSON_NODE_HOLDS_VALUE (required) && json_node_get_value_type (required) == G_TYPE_BOOLEAN)
    field->required = json_node_get_boolean (required);
  else if (required != NULL && !JSON_NODE_HOLDS_NULL (required))
    {
      item_error (error, "labels", label_index, label_file_id, "fields[%u]: “required” must be true or false", index);
      return FALSE;
    }
  if (!get_double (obj, "min", &field->has_min, &field->min) || !get_double (obj, "max", &field->has_max, &field->max))
    {
      item_error (error, "labels", label_index, label_file_id, "fields[%u]: “min” and “max” must be numbers", index);
      return FALSE;
    }
  if (!gloss_field_options_from_node (json_object_get_member (obj, "options"), field->options, &local_error) ||
      !gloss_store_insert_field_row (im->store, field, label_pk, &local_error))
    {
      item_error (error, "labels", label_index, label_file_id, "fields[%u] (%s): %s", index, name, local_error->message);
      return FALSE;
    }
  id_insert (im->field_ids, id, id);
  im->report->fields_added++;
  return TRUE;
}

static gboolean
import_label (Import     *im,
              JsonObject *obj,
              guint       index,
              GError    **error)
{
  g_autofree char *project_id = NULL;
  const char *id;
  JsonNode *fields;
  sqlite3_stmt *stmt;
  gint64 pk;

  if (!import_label_row (im, obj, index, error))
    return FALSE;
  id = json_object_get_string_member (obj, "id");
  pk = map_lookup (im->label_pks, id);
  stmt = gloss_store_prepare (im->store, "SELECT id FROM labels WHERE pk = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, pk);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    project_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (project_id == NULL)
    return TRUE;
  id_insert (im->label_ids, id, project_id);

  fields = json_object_get_member (obj, "fields");
  if (fields == NULL || JSON_NODE_HOLDS_NULL (fields))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (fields))
    {
      item_error (error, "labels", index, id, "“fields” must be an array");
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (fields)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (fields), i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          item_error (error, "labels", index, id, "fields[%u] must be an object", i);
          return FALSE;
        }
      if (!import_field (im, json_node_get_object (node), index, id, project_id, pk, i, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
map_label_ids (Import     *im,
               char      **ids,
               const char *array,
               guint       index,
               const char *id,
               GError    **error)
{
  for (guint i = 0; ids && ids[i]; i++)
    {
      const char *mapped = project_label_id (im, ids[i]);

      if (mapped == NULL)
        {
          item_error (error, array, index, id, "unknown label %s", ids[i]);
          return FALSE;
        }
      g_free (ids[i]);
      ids[i] = g_strdup (mapped);
    }
  return TRUE;
}

static gboolean
import_relation_type (Import     *im,
                      JsonObject *obj,
                      guint       index,
                      GError    **error)
{
  g_autoptr(GlossRelationType) t = g_new0 (GlossRelationType, 1);
  g_autoptr(GlossRelationType) existing = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *now = gloss_now_iso8601 ();
  const char *id, *name, *description, *created, *modified;
  gint64 position = 0;
  gboolean has_position;

  if (!get_string (obj, "id", FALSE, &id, "relation_types", index, NULL, error) ||
      !check_id (id, "relation_types", index, error) ||
      !get_string (obj, "name", FALSE, &name, "relation_types", index, id, error) ||
      !get_string (obj, "description", TRUE, &description, "relation_types", index, id, error) ||
      !get_int (obj, "position", TRUE, &position, &has_position, "relation_types", index, id, error) ||
      !get_string (obj, "created", TRUE, &created, "relation_types", index, id, error) ||
      !get_string (obj, "modified", TRUE, &modified, "relation_types", index, id, error) ||
      !check_times (id, &created, &modified, "relation_types", index, error))
    return FALSE;
  if (!get_strv (obj, "from", &t->from_labels) || !get_strv (obj, "to", &t->to_labels))
    {
      item_error (error, "relation_types", index, id, "“from” and “to” must be arrays of label ids");
      return FALSE;
    }
  if (gloss_store_id_exists (im->store, "relation_types", id))
    {
      id_insert (im->type_ids, id, id);
      return TRUE;
    }
  existing = gloss_store_find_relation_type (im->store, name, NULL);
  if (existing != NULL)
    {
      id_insert (im->type_ids, id, existing->id);
      g_ptr_array_add (im->report->notes,
                       g_strdup_printf ("relation type “%s” (%s) matched the project's of the same name (%s)",
                                        name, id, existing->id));
      return TRUE;
    }
  if (!map_label_ids (im, t->from_labels, "relation_types", index, id, error) ||
      !map_label_ids (im, t->to_labels, "relation_types", index, id, error))
    return FALSE;
  t->id = g_strdup (id);
  t->name = g_strdup (name);
  t->description = g_strdup (description);
  t->position = has_position ? (int) CLAMP (position, 0, G_MAXINT) : G_MAXINT;
  t->created = g_strdup (created ? created : now);
  t->modified = g_strdup (modified ? modified : t->created);
  if (!gloss_store_insert_relation_type_row (im->store, t, &local_error))
    {
      item_error (error, "relation_types", index, id, "%s", local_error->message);
      return FALSE;
    }
  id_insert (im->type_ids, id, id);
  im->report->relation_types_added++;
  return TRUE;
}

/* One entity of the register, its members read and checked (@aliases: taken). */
static gboolean
import_entity (Import     *im,
               const char *id,
               const char *name,
               const char *type,
               char      **aliases,
               const char *description,
               const char *external_ref,
               const char *created,
               const char *modified,
               guint       index,
               GError    **error)
{
  g_autoptr(GlossEntity) e = g_new0 (GlossEntity, 1);
  g_autoptr(GlossEntity) existing = NULL;
  g_autofree char *existing_id = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *now = gloss_now_iso8601 ();
  const char *label_id;
  gboolean several = FALSE;

  e->aliases = aliases != NULL ? aliases : g_new0 (char *, 1);
  label_id = project_label_id (im, type);
  if (label_id == NULL)
    {
      item_error (error, "entities", index, id, "unknown label %s", type);
      return FALSE;
    }

  if (gloss_store_id_exists (im->store, "entities", id))
    {
      sqlite3_stmt *stmt;
      g_autofree char *live = NULL;

      if (gloss_store_entity_pk (im->store, id) != 0)
        {
          id_insert (im->entity_ids, id, id);
          return TRUE;
        }
      /* Merged here since: its mentions go to the entity it was merged into. */
      stmt = gloss_store_prepare (im->store,
          "SELECT m.id FROM entities e JOIN entities m ON m.pk = e.merged_into WHERE e.id = ?1 AND m.deleted = 0",
          error);
      if (stmt == NULL)
        return FALSE;
      gloss_bind_text (stmt, 1, id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        live = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
      if (live == NULL)
        {
          item_error (error, "entities", index, id, "the entity “%s” was deleted in this project", name);
          return FALSE;
        }
      id_insert (im->entity_ids, id, live);
      g_ptr_array_add (im->report->notes,
                       g_strdup_printf ("entity “%s” (%s) was merged into %s in this project; its mentions go there",
                                        name, id, live));
      return TRUE;
    }
  /* An id first, the entity read only when it matches (a register's import asks
   * this for every entry). */
  existing_id = gloss_store_find_entity_id (im->store, name, label_id, &several, NULL);
  if (existing_id != NULL)
    existing = gloss_store_get_entity (im->store, existing_id, NULL);
  if (existing != NULL)
    {
      id_insert (im->entity_ids, id, existing->id);
      im->report->entities_matched++;
      g_ptr_array_add (im->report->notes,
                       g_strdup_printf ("entity “%s” (%s) matched the project's “%s” (%s)",
                                        name, id, existing->name, existing->id));
      return TRUE;
    }
  e->id = g_strdup (id);
  e->name = g_strdup (name);
  e->label_id = g_strdup (label_id);
  e->description = g_strdup (description);
  e->external_ref = g_strdup (external_ref);
  e->created = g_strdup (created ? created : now);
  e->modified = g_strdup (modified ? modified : e->created);
  /* No entity of that name was found just now: the insert need not look again. */
  if (!(existing_id == NULL && !several ? gloss_store_insert_entity_row_name_free (im->store, e, &local_error)
                                        : gloss_store_insert_entity_row (im->store, e, &local_error)))
    {
      item_error (error, "entities", index, id, "%s", local_error->message);
      return FALSE;
    }
  id_insert (im->entity_ids, id, id);
  im->report->entities_added++;
  return TRUE;
}

/* ------------------------------------------------------------------------- */
/* Annotations: the numerous items, read straight from their bytes            */

/* A member of an annotation as json-glib would have typed it. */
typedef enum {
  VAL_MISSING, VAL_NULL, VAL_STRING, VAL_INT, VAL_DOUBLE, VAL_BOOL, VAL_ARRAY, VAL_OBJECT,
} ValKind;

typedef struct {
  ValKind     kind;
  const char *str;      /* VAL_STRING: unescaped, in the item's arena */
  gint64      num;      /* VAL_INT */
  const char *raw;      /* VAL_ARRAY: the value's bytes */
  gsize       raw_len;
} Val;

enum { A_ID, A_DOCUMENT, A_LABEL, A_START, A_END, A_QUOTE, A_NOTE, A_ANNOTATOR, A_CREATED, A_MODIFIED,
       A_ENTITY, A_FIELDS, N_A };

typedef struct {
  const char *p;
  const char *end;
  char       *out;      /* where the next unescaped string goes */
} Lex;

static inline const char *
lex_ws (const char *p,
        const char *end)
{
  while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
    p++;
  return p;
}

static inline int
lex_hex4 (const char *p,
          const char *end)
{
  int v = 0;

  if (end - p < 4)
    return -1;
  for (int i = 0; i < 4; i++)
    {
      char c = p[i];
      int h = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

      if (h < 0)
        return -1;
      v = (v << 4) | h;
    }
  return v;
}

/* The string at lx->p (its opening quote), unescaped into lx->out and NUL-terminated.
 * A \u0000 ends it there, as json-glib's strings end. FALSE when it is not a valid
 * JSON string, which the scan has already checked: only a file changed since can. */
static gboolean
lex_string (Lex         *lx,
            const char **out)
{
  const char *p = lx->p + 1;
  const char *end = lx->end;
  char *o = lx->out;
  guchar high = 0;

  *out = o;
  for (;;)
    {
      const char *run = p;

      for (; p < end; p++)
        {
          guchar c = *p;

          if (c == '"' || c == '\\' || c < 0x20)
            break;
          high |= c;
        }
      memcpy (o, run, p - run);
      o += p - run;
      if (p >= end || (guchar) *p < 0x20)
        return FALSE;
      if (*p == '"')
        break;
      if (end - p < 2)
        return FALSE;
      switch (p[1])
        {
        case '"': *o++ = '"'; p += 2; break;
        case '\\': *o++ = '\\'; p += 2; break;
        case '/': *o++ = '/'; p += 2; break;
        case 'b': *o++ = '\b'; p += 2; break;
        case 'f': *o++ = '\f'; p += 2; break;
        case 'n': *o++ = '\n'; p += 2; break;
        case 'r': *o++ = '\r'; p += 2; break;
        case 't': *o++ = '\t'; p += 2; break;
        case 'u':
          {
            int u = lex_hex4 (p + 2, end);

            if (u < 0 || (u >= 0xdc00 && u <= 0xdfff))
              return FALSE;
            p += 6;
            if (u >= 0xd800 && u <= 0xdbff)
              {
                int lo = end - p >= 6 && p[0] == '\\' && p[1] == 'u' ? lex_hex4 (p + 2, end) : -1;

                if (lo < 0xdc00 || lo > 0xdfff)
                  return FALSE;
                u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
                p += 6;
              }
            o += g_unichar_to_utf8 (u, o);
            high |= u >= 0x80 ? 0x80 : 0;
          }
          break;
        default:
          return FALSE;
        }
    }
  *o++ = '\0';
  lx->p = p + 1;
  lx->out = o;
  /* Bytes the scan checked, unless the file changed since: check what is kept. */
  return high < 0x80 || g_utf8_validate (*out, -1, NULL);
}

/* Moves past the value at lx->p, whatever it is. */
static gboolean
lex_skip (Lex *lx)
{
  const char *p = lx->p;
  const char *end = lx->end;

  if (p >= end)
    return FALSE;
  if (*p == '"' || *p == '{' || *p == '[')
    {
      guint depth = 0;

      do
        {
          char c = *p;

          if (c == '"')
            {
              p++;
              for (;;)
                {
                  const char *q = memchr (p, '"', end - p);
                  const char *b = q;

                  if (q == NULL)
                    return FALSE;
                  while (b > p && b[-1] == '\\')
                    b--;
                  p = q + 1;
                  if (((q - b) & 1) == 0)
                    break;
                }
              continue;
            }
          p++;
          if (c == '{' || c == '[')
            depth++;
          else if (c == '}' || c == ']')
            depth--;
        }
      while (depth > 0 && p < end);
      if (depth > 0)
        return FALSE;
    }
  else
    while (p < end && *p != ',' && *p != '}' && *p != ']' && *p != ' ' && *p != '\n' && *p != '\r' && *p != '\t')
      p++;
  lx->p = p;
  return TRUE;
}

/* A number as json-glib types it: whole (an int64, with json-glib's wrap-around
 * past its range) unless it has a fraction or an exponent. */
static gboolean
lex_number (Lex *lx,
            Val *v)
{
  const char *p = lx->p;
  const char *end = lx->end;
  gboolean neg = FALSE, whole = TRUE;
  guint64 u = 0;

  if (p < end && *p == '-')
    {
      neg = TRUE;
      p++;
    }
  if (p >= end || *p < '0' || *p > '9')
    return FALSE;
  for (; p < end && *p >= '0' && *p <= '9'; p++)
    {
      guint d = *p - '0';

      u = u > (G_MAXUINT64 - d) / 10 ? G_MAXUINT64 : u * 10 + d;
    }
  while (p < end && ((*p >= '0' && *p <= '9') || *p == '.' || *p == 'e' || *p == 'E' || *p == '+' || *p == '-'))
    {
      whole = FALSE;
      p++;
    }
  v->kind = whole ? VAL_INT : VAL_DOUBLE;
  v->num = neg ? (gint64) (0 - u) : (gint64) u;
  lx->p = p;
  return TRUE;
}

static int
annotation_key (const char *key)
{
  switch (key[0])
    {
    case 'i': return g_str_equal (key, "id") ? A_ID : -1;
    case 'd': return g_str_equal (key, "document") ? A_DOCUMENT : -1;
    case 'l': return g_str_equal (key, "label") ? A_LABEL : -1;
    case 's': return g_str_equal (key, "start") ? A_START : -1;
    case 'q': return g_str_equal (key, "quote") ? A_QUOTE : -1;
    case 'n': return g_str_equal (key, "note") ? A_NOTE : -1;
    case 'a': return g_str_equal (key, "annotator") ? A_ANNOTATOR : -1;
    case 'c': return g_str_equal (key, "created") ? A_CREATED : -1;
    case 'm': return g_str_equal (key, "modified") ? A_MODIFIED : -1;
    case 'f': return g_str_equal (key, "fields") ? A_FIELDS : -1;
    case 'e':
      if (g_str_equal (key, "end"))
        return A_END;
      return g_str_equal (key, "entity") ? A_ENTITY : -1;
    default: return -1;
    }
}

/* Reads the members of the object [item, item + length) that the import uses (those
 * @key_of gives an index below @n_vals) into @vals (a member given twice counts with
 * its last value, as in json-glib); the others are skipped. @arena holds length + 1
 * bytes. *is_object is FALSE for an item of another kind. FALSE when the bytes are
 * not JSON. */
static gboolean
lex_object (const char *item,
            gsize       length,
            char       *arena,
            int       (*key_of) (const char *key),
            Val        *vals,
            guint       n_vals,
            gboolean   *is_object)
{
  Lex lx = { item, item + length, arena };

  for (guint i = 0; i < n_vals; i++)
    vals[i].kind = VAL_MISSING;
  lx.p = lex_ws (lx.p, lx.end);
  *is_object = lx.p < lx.end && *lx.p == '{';
  if (!*is_object)
    return TRUE;
  lx.p = lex_ws (lx.p + 1, lx.end);
  if (lx.p < lx.end && *lx.p == '}')
    return TRUE;
  for (;;)
    {
      const char *key;
      char *mark;
      int k;
      Val *v;

      if (lx.p >= lx.end || *lx.p != '"')
        return FALSE;
      mark = lx.out;
      if (!lex_string (&lx, &key))
        return FALSE;
      k = key_of (key);
      lx.out = mark;      /* keys are not kept */
      lx.p = lex_ws (lx.p, lx.end);
      if (lx.p >= lx.end || *lx.p != ':')
        return FALSE;
      lx.p = lex_ws (lx.p + 1, lx.end);
      if (lx.p >= lx.end)
        return FALSE;

      if (k < 0)
        {
          if (!lex_skip (&lx))
            return FALSE;
        }
      else
        {
          v = &vals[k];
          v->raw = lx.p;
          switch (*lx.p)
            {
            case '"':
              v->kind = VAL_STRING;
              if (!lex_string (&lx, &v->str))
                return FALSE;
              break;
            case '{': case '[':
              v->kind = *lx.p == '[' ? VAL_ARRAY : VAL_OBJECT;
              if (!lex_skip (&lx))
                return FALSE;
              break;
            case 't': case 'f':
              v->kind = VAL_BOOL;
              if (!lex_skip (&lx))
                return FALSE;
              break;
            case 'n':
              v->kind = VAL_NULL;
              if (!lex_skip (&lx))
                return FALSE;
              break;
            default:
              if (!lex_number (&lx, v))
                return FALSE;
              break;
            }
          v->raw_len = lx.p - v->raw;
        }

      lx.p = lex_ws (lx.p, lx.end);
      if (lx.p < lx.end && *lx.p == ',')
        {
          lx.p = lex_ws (lx.p + 1, lx.end);
          continue;
        }
      if (lx.p < lx.end && *lx.p == '}')
        return lex_ws (lx.p + 1, lx.end) == lx.end;
      return FALSE;
    }
}

/* The strings of the array @v (lexed by lex_object()), as get_strv() reads them:
 * NULL in *out for null or a missing member; FALSE when it is anything but an array
 * of strings. */
static gboolean
lex_string_array (const Val *v,
                  char    ***out)
{
  g_autoptr(GStrvBuilder) b = NULL;
  g_autofree char *scratch = NULL;
  Lex lx;

  *out = NULL;
  if (v->kind == VAL_MISSING || v->kind == VAL_NULL)
    return TRUE;
  if (v->kind != VAL_ARRAY)
    return FALSE;
  b = g_strv_builder_new ();
  scratch = g_malloc (v->raw_len + 1);
  lx.p = lex_ws (v->raw + 1, v->raw + v->raw_len);
  lx.end = v->raw + v->raw_len;
  lx.out = scratch;
  if (lx.p < lx.end && *lx.p == ']')
    {
      *out = g_strv_builder_end (b);
      return TRUE;
    }
  for (;;)
    {
      const char *str;

      if (lx.p >= lx.end || *lx.p != '"' || !lex_string (&lx, &str))
        return FALSE;
      g_strv_builder_add (b, str);
      lx.p = lex_ws (lx.p, lx.end);
      if (lx.p < lx.end && *lx.p == ',')
        {
          lx.p = lex_ws (lx.p + 1, lx.end);
          continue;
        }
      if (lx.p < lx.end && *lx.p == ']')
        break;
      return FALSE;
    }
  *out = g_strv_builder_end (b);
  return TRUE;
}

/* get_string () for a lexed member of an item of @array. */
static gboolean
val_item_string (const Val   *v,
                 const char  *array,
                 const char  *key,
                 gboolean     optional,
                 const char **out,
                 guint        index,
                 const char  *id,
                 GError     **error)
{
  *out = NULL;
  if (v->kind == VAL_MISSING || v->kind == VAL_NULL)
    {
      if (optional)
        return TRUE;
      item_error (error, array, index, id, "“%s” is missing", key);
      return FALSE;
    }
  if (v->kind != VAL_STRING)
    {
      item_error (error, array, index, id, "“%s” must be a string", key);
      return FALSE;
    }
  *out = v->str;
  return TRUE;
}

/* The same for an annotation's. */
static gboolean
val_string (const Val   *v,
            const char  *key,
            gboolean     optional,
            const char **out,
            guint        index,
            const char  *id,
            GError     **error)
{
  return val_item_string (v, "annotations", key, optional, out, index, id, error);
}

/* get_int () for a lexed member that must be there. */
static gboolean
val_int (const Val  *v,
         const char *key,
         gint64     *out,
         guint       index,
         const char *id,
         GError    **error)
{
  if (v->kind == VAL_MISSING || v->kind == VAL_NULL)
    {
      item_error (error, "annotations", index, id, "“%s” is missing", key);
      return FALSE;
    }
  if (v->kind != VAL_INT)
    {
      item_error (error, "annotations", index, id, "“%s” must be a whole number", key);
      return FALSE;
    }
  *out = v->num;
  return TRUE;
}

/* Lexes item @index of array @table (@length bytes at @item) into @vals, in the
 * import's arena (grown to fit): FALSE, with the error the items of a json-glib tree
 * get, when it is not valid JSON or not an object. */
static gboolean
lex_item (Import     *im,
          const char *table,
          const char *item,
          gsize       length,
          guint       index,
          int       (*key_of) (const char *key),
          Val        *vals,
          guint       n_vals,
          GError    **error)
{
  gboolean is_object;

  if (im->arena_size < length + 1)
    {
      im->arena_size = MAX (length + 1, im->arena_size * 2);
      im->arena = g_realloc (im->arena, im->arena_size);
    }
  if (!lex_object (item, length, im->arena, key_of, vals, n_vals, &is_object))
    {
      item_error (error, table, index, NULL, "is not valid JSON (did the file change while it was read?)");
      return FALSE;
    }
  if (!is_object)
    {
      item_error (error, table, index, NULL, "must be an object");
      return FALSE;
    }
  return TRUE;
}

enum { E_ID, E_NAME, E_TYPE, E_ALIASES, E_DESCRIPTION, E_EXTERNAL_REF, E_CREATED, E_MODIFIED, N_E };

static int
entity_key (const char *key)
{
  switch (key[0])
    {
    case 'i': return g_str_equal (key, "id") ? E_ID : -1;
    case 'n': return g_str_equal (key, "name") ? E_NAME : -1;
    case 't': return g_str_equal (key, "type") ? E_TYPE : -1;
    case 'a': return g_str_equal (key, "aliases") ? E_ALIASES : -1;
    case 'd': return g_str_equal (key, "description") ? E_DESCRIPTION : -1;
    case 'e': return g_str_equal (key, "external_ref") ? E_EXTERNAL_REF : -1;
    case 'c': return g_str_equal (key, "created") ? E_CREATED : -1;
    case 'm': return g_str_equal (key, "modified") ? E_MODIFIED : -1;
    default: return -1;
    }
}

/* One entity of the register, read with the lexer above (a register has as many
 * entries as a project has annotations, and a json-glib tree for each was a third
 * of its import): the same checks and messages as get_string ()/get_strv (). */
static gboolean
import_entity_raw (Import     *im,
                   const char *item,
                   gsize       length,
                   guint       index,
                   GError    **error)
{
  const char *id, *name, *type, *description, *external_ref, *created, *modified;
  char **aliases = NULL;
  Val vals[N_E];

  if (!lex_item (im, "entities", item, length, index, entity_key, vals, N_E, error))
    return FALSE;
  if (!val_item_string (&vals[E_ID], "entities", "id", FALSE, &id, index, NULL, error) ||
      !check_id (id, "entities", index, error) ||
      !val_item_string (&vals[E_NAME], "entities", "name", FALSE, &name, index, id, error) ||
      !val_item_string (&vals[E_TYPE], "entities", "type", FALSE, &type, index, id, error) ||
      !val_item_string (&vals[E_DESCRIPTION], "entities", "description", TRUE, &description, index, id, error) ||
      !val_item_string (&vals[E_EXTERNAL_REF], "entities", "external_ref", TRUE, &external_ref, index, id, error) ||
      !val_item_string (&vals[E_CREATED], "entities", "created", TRUE, &created, index, id, error) ||
      !val_item_string (&vals[E_MODIFIED], "entities", "modified", TRUE, &modified, index, id, error) ||
      !check_times (id, &created, &modified, "entities", index, error))
    return FALSE;
  if (!lex_string_array (&vals[E_ALIASES], &aliases))
    {
      item_error (error, "entities", index, id, "“aliases” must be an array of names");
      return FALSE;
    }
  return import_entity (im, id, name, type, aliases, description, external_ref, created, modified, index, error);
}

/* A file's annotation that the project has already (by id, live or deleted) is
 * counted and left alone. Asked only when something else stops the row: the insert
 * itself finds a taken id. */
static gboolean
annotation_present (Import     *im,
                    const char *id)
{
  if (!gloss_store_id_exists (im->store, "annotations", id))
    return FALSE;
  im->report->annotations_present++;
  return TRUE;
}

#define FAIL_UNLESS_PRESENT(im, id) G_STMT_START { \
    if (annotation_present ((im), (id))) { g_clear_error (error); return TRUE; } \
    return FALSE; \
  } G_STMT_END

static gboolean import_annotation_extras (Import *im, const Val *vals, guint index, const char *id, gint64 pk,
                                          gint64 label_pk, const char *created, const char *modified,
                                          GError **error);

/* One annotation, read with the lexer above: the same checks and messages as the
 * other items' get_string ()/get_int () on a json-glib tree, without the tree. */
static gboolean
import_annotation (Import     *im,
                   const char *item,
                   gsize       length,
                   guint       index,
                   GError    **error)
{
  const char *id, *document, *label, *quote, *note, *annotator, *created, *modified;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *actual = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *suffix = NULL;
  const GlossTextIndex *text;
  gint64 start = 0, end = 0, doc_pk, label_pk, annotator_pk = 0, text_length, pk;
  Val vals[N_A];

  if (!lex_item (im, "annotations", item, length, index, annotation_key, vals, N_A, error))
    return FALSE;

  if (!val_string (&vals[A_ID], "id", FALSE, &id, index, NULL, error) ||
      !check_id (id, "annotations", index, error) ||
      !val_string (&vals[A_DOCUMENT], "document", FALSE, &document, index, id, error) ||
      !val_string (&vals[A_LABEL], "label", FALSE, &label, index, id, error) ||
      !val_int (&vals[A_START], "start", &start, index, id, error) ||
      !val_int (&vals[A_END], "end", &end, index, id, error) ||
      !val_string (&vals[A_QUOTE], "quote", FALSE, &quote, index, id, error) ||
      !val_string (&vals[A_NOTE], "note", TRUE, &note, index, id, error) ||
      !val_string (&vals[A_ANNOTATOR], "annotator", TRUE, &annotator, index, id, error) ||
      !val_string (&vals[A_CREATED], "created", TRUE, &created, index, id, error) ||
      !val_string (&vals[A_MODIFIED], "modified", TRUE, &modified, index, id, error) ||
      !check_times (id, &created, &modified, "annotations", index, error))
    return FALSE;

  /* Documents and labels the file names but does not carry are the project's:
   * looked up once, then remembered with the file's. */
  doc_pk = map_lookup (im->doc_pks, document);
  if (doc_pk == 0 && (doc_pk = gloss_store_document_pk (im->store, document)) != 0)
    map_insert (im->doc_pks, document, doc_pk);
  if (doc_pk == 0)
    {
      item_error (error, "annotations", index, id, "unknown document %s", document);
      FAIL_UNLESS_PRESENT (im, id);
    }
  label_pk = map_lookup (im->label_pks, label);
  if (label_pk == 0 && (label_pk = gloss_store_label_pk (im->store, label)) != 0)
    map_insert (im->label_pks, label, label_pk);
  if (label_pk == 0)
    {
      item_error (error, "annotations", index, id, "unknown label %s", label);
      FAIL_UNLESS_PRESENT (im, id);
    }

  text = gloss_store_document_text (im->store, doc_pk, &local_error);
  if (text == NULL)
    {
      item_error (error, "annotations", index, id, "%s", local_error->message);
      FAIL_UNLESS_PRESENT (im, id);
    }
  text_length = gloss_text_index_get_length (text);
  if (start < 0 || end <= start || end > text_length)
    {
      const char *title = g_hash_table_lookup (im->doc_titles, document);

      item_error (error, "annotations", index, id,
                  "the span [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") does not fit document %s%s%s%s, "
                  "which has %" G_GINT64_FORMAT " characters",
                  start, end, document, title ? " (“" : "", title ? title : "", title ? "”)" : "", text_length);
      FAIL_UNLESS_PRESENT (im, id);
    }
  actual = gloss_text_index_slice (text, start, end);
  if (strcmp (actual, quote) != 0)
    {
      item_error (error, "annotations", index, id,
                  "the quote “%s” does not match the text at [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "), which is “%s”",
                  quote, start, end, actual);
      FAIL_UNLESS_PRESENT (im, id);
    }

  if (annotator != NULL && *annotator != '\0')
    {
      gint64 *known = g_hash_table_lookup (im->annotator_pks, annotator);

      if (!known)
        {
          /* Adding an annotator is a change: not for an annotation the project has. */
          if (annotation_present (im, id))
            return TRUE;
          annotator_pk = gloss_store_ensure_annotator (im->store, annotator, NULL, NULL, &local_error);
          if (annotator_pk < 0)
            {
              item_error (error, "annotations", index, id, "%s", local_error->message);
              return FALSE;
            }
          g_hash_table_insert (im->annotator_pks, g_strdup (annotator), g_memdup2 (&annotator_pk, sizeof annotator_pk));
        }
      else
        annotator_pk = *known;
    }

  /* Context is recomputed from the stored text, the one source of truth. */
  prefix = gloss_text_index_slice (text, start - GLOSS_CONTEXT_CHARS, start);
  suffix = gloss_text_index_slice (text, end, end + GLOSS_CONTEXT_CHARS);
  if (created == NULL && im->now == NULL)
    im->now = gloss_now_iso8601 ();
  {
    GlossAnnotation a = {
      .id = (char *) id, .start = start, .end = end, .quote = actual,
      .prefix = prefix, .suffix = suffix, .note = (char *) (note && *note ? note : NULL),
      .created = (char *) (created ? created : im->now),
      .modified = (char *) (modified ? modified : created ? created : im->now),
    };

    if (!gloss_store_insert_annotation_row (im->store, &a, doc_pk, label_pk, annotator_pk, &local_error))
      {
        /* The id is taken (the only unique column): an annotation the project has. */
        if (annotation_present (im, id))
          return TRUE;
        item_error (error, "annotations", index, id, "%s", local_error->message);
        return FALSE;
      }
    pk = sqlite3_last_insert_rowid (gloss_store_get_db (im->store));
    if (!import_annotation_extras (im, vals, index, id, pk, label_pk, a.created, a.modified, error))
      return FALSE;
  }
  im->report->annotations_added++;
  return TRUE;
}

/* The entity and the field values of a newly added annotation. */
static gboolean
import_annotation_extras (Import     *im,
                          const Val  *vals,
                          guint       index,
                          const char *id,
                          gint64      pk,
                          gint64      label_pk,
                          const char *created,
                          const char *modified,
                          GError    **error)
{
  const Val *fv = &vals[A_FIELDS];
  const char *entity, *p;
  JsonNode *fields;

  if (!val_string (&vals[A_ENTITY], "entity", TRUE, &entity, index, id, error))
    return FALSE;
  if (entity != NULL)
    {
      const char *mapped = g_hash_table_lookup (im->entity_ids, entity);
      gint64 entity_pk, entity_label = 0;
      sqlite3_stmt *stmt;

      if (mapped == NULL && gloss_store_entity_pk (im->store, entity) != 0)
        mapped = entity;
      entity_pk = mapped ? gloss_store_entity_pk (im->store, mapped) : 0;
      if (entity_pk == 0)
        {
          item_error (error, "annotations", index, id, "unknown entity %s", entity);
          return FALSE;
        }
      stmt = gloss_store_prepare (im->store, "SELECT label FROM entities WHERE pk = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, entity_pk);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        entity_label = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (entity_label != label_pk)
        {
          item_error (error, "annotations", index, id, "the entity %s is not of the annotation's label", entity);
          return FALSE;
        }
      if (!gloss_store_write_annotation_entity (im->store, pk, entity_pk, error))
        return FALSE;
    }

  if (fv->kind == VAL_MISSING || fv->kind == VAL_NULL)
    return TRUE;
  if (fv->kind != VAL_ARRAY)
    {
      item_error (error, "annotations", index, id, "“fields” must be an array");
      return FALSE;
    }
  /* Most annotations have no field values: "[]" needs no parser. */
  p = lex_ws (fv->raw + 1, fv->raw + fv->raw_len);
  if (p < fv->raw + fv->raw_len && *p == ']')
    return TRUE;
  {
    g_autoptr(GError) local_error = NULL;

    if (!json_parser_load_from_data (im->parser, fv->raw, fv->raw_len, &local_error))
      {
        item_error (error, "annotations", index, id, "%s", local_error->message);
        return FALSE;
      }
  }
  fields = json_parser_get_root (im->parser);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (fields)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (fields), i);
      g_autoptr(GlossField) field = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *canonical = NULL;
      const char *field_id, *value, *mapped;
      JsonObject *fobj;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          item_error (error, "annotations", index, id, "fields[%u] must be an object", i);
          return FALSE;
        }
      fobj = json_node_get_object (node);
      if (!get_string (fobj, "field", FALSE, &field_id, "annotations", index, id, error) ||
          !get_string (fobj, "value", FALSE, &value, "annotations", index, id, error))
        {
          g_prefix_error (error, "fields[%u]: ", i);
          return FALSE;
        }
      mapped = g_hash_table_lookup (im->field_ids, field_id);
      {
        sqlite3_stmt *stmt = gloss_store_prepare (im->store,
            "SELECT pk FROM label_fields WHERE id = ?1 AND label = ?2 AND deleted = 0", error);
        gint64 fpk = 0;

        if (stmt == NULL)
          return FALSE;
        gloss_bind_text (stmt, 1, mapped ? mapped : field_id);
        sqlite3_bind_int64 (stmt, 2, label_pk);
        if (sqlite3_step (stmt) == SQLITE_ROW)
          fpk = sqlite3_column_int64 (stmt, 0);
        sqlite3_reset (stmt);
        field = fpk ? gloss_store_get_field_by_pk (im->store, fpk) : NULL;
      }
      if (field == NULL)
        {
          item_error (error, "annotations", index, id, "fields[%u]: unknown field %s for its label", i, field_id);
          return FALSE;
        }
      if (g_str_equal (field->type, GLOSS_FIELD_TYPE_ENTITY))
        {
          const char *target = g_hash_table_lookup (im->entity_ids, value);

          if (target == NULL && gloss_store_entity_pk (im->store, value) != 0)
            target = value;
          if (target == NULL)
            {
              /* A scoped export may leave out the entity a value names. */
              g_ptr_array_add (im->report->notes,
                               g_strdup_printf ("annotation %s: %s names entity %s, which is neither in the file "
                                                "nor in the project; the value was left out", id, field->name, value));
              continue;
            }
          canonical = g_strdup (target);
        }
      else if ((canonical = gloss_field_normalize_value (im->store, field, value, &local_error)) == NULL)
        {
          item_error (error, "annotations", index, id, "%s", local_error->message);
          return FALSE;
        }
      if (!gloss_store_write_field_value (im->store, pk, field->id, canonical, created, modified, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
import_relation (Import     *im,
                 JsonObject *obj,
                 guint       index,
                 GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *now = gloss_now_iso8601 ();
  const char *id, *type, *from, *to, *to_entity, *annotator, *created, *modified, *type_id;

  if (!get_string (obj, "id", FALSE, &id, "relations", index, NULL, error) ||
      !check_id (id, "relations", index, error) ||
      !get_string (obj, "type", FALSE, &type, "relations", index, id, error) ||
      !get_string (obj, "from", FALSE, &from, "relations", index, id, error) ||
      !get_string (obj, "to", TRUE, &to, "relations", index, id, error) ||
      !get_string (obj, "to_entity", TRUE, &to_entity, "relations", index, id, error) ||
      !get_string (obj, "annotator", TRUE, &annotator, "relations", index, id, error) ||
      !get_string (obj, "created", TRUE, &created, "relations", index, id, error) ||
      !get_string (obj, "modified", TRUE, &modified, "relations", index, id, error) ||
      !check_times (id, &created, &modified, "relations", index, error))
    return FALSE;
  if (gloss_store_id_exists (im->store, "relations", id))
    return TRUE;
  type_id = g_hash_table_lookup (im->type_ids, type);
  if (type_id == NULL)
    type_id = type;
  if ((to == NULL) == (to_entity == NULL))
    {
      item_error (error, "relations", index, id, "a relation has either “to” or “to_entity”");
      return FALSE;
    }
  if (gloss_store_annotation_pk (im->store, from) == 0 || (to != NULL && gloss_store_annotation_pk (im->store, to) == 0))
    {
      item_error (error, "relations", index, id, "unknown annotation %s",
                  gloss_store_annotation_pk (im->store, from) == 0 ? from : to);
      return FALSE;
    }
  if (to_entity != NULL)
    {
      /* The entity as this import took it: matched by name, merged here, or added. */
      const char *mapped = g_hash_table_lookup (im->entity_ids, to_entity);

      if (mapped == NULL && gloss_store_entity_pk (im->store, to_entity) == 0)
        {
          item_error (error, "relations", index, id, "unknown entity %s", to_entity);
          return FALSE;
        }
      if (mapped != NULL)
        to_entity = mapped;
    }
  if (!gloss_store_insert_relation_row (im->store, id, type_id, from, to, to_entity,
                                        annotator && *annotator ? annotator : NULL,
                                        created ? created : now, modified ? modified : created ? created : now,
                                        &local_error))
    {
      item_error (error, "relations", index, id, "%s", local_error->message);
      return FALSE;
    }
  im->report->relations_added++;
  return TRUE;
}

static gboolean
import_annotator (Import     *im,
                  JsonObject *obj,
                  guint       index,
                  GError    **error)
{
  const char *id, *name, *created, *modified;
  g_autoptr(GError) local_error = NULL;
  gboolean existed;
  gint64 pk;

  if (!get_string (obj, "id", FALSE, &id, "annotators", index, NULL, error) ||
      !check_id (id, "annotators", index, error) ||
      !get_string (obj, "name", FALSE, &name, "annotators", index, id, error) ||
      !get_string (obj, "created", TRUE, &created, "annotators", index, id, error) ||
      !get_string (obj, "modified", TRUE, &modified, "annotators", index, id, error) ||
      !check_times (id, &created, &modified, "annotators", index, error))
    return FALSE;
  if (*name == '\0')
    {
      item_error (error, "annotators", index, id, "the name is empty");
      return FALSE;
    }

  existed = gloss_store_id_exists (im->store, "annotators", id);
  pk = gloss_store_ensure_annotator (im->store, name, id, created, &local_error);
  if (pk <= 0)
    {
      item_error (error, "annotators", index, id, "%s", local_error ? local_error->message : "cannot be added");
      return FALSE;
    }
  if (!existed && gloss_store_id_exists (im->store, "annotators", id))
    im->report->annotators_added++;
  g_hash_table_insert (im->annotator_pks, g_strdup (name), g_memdup2 (&pk, sizeof pk));
  return TRUE;
}

static void
clear_properties (GlossDocument *props)
{
  g_clear_pointer (&props->reliability, g_free);
  g_clear_pointer (&props->author, g_free);
  g_clear_pointer (&props->publisher, g_free);
  g_clear_pointer (&props->published, g_free);
  g_clear_pointer (&props->url, g_free);
  g_clear_pointer (&props->tlp, g_free);
}

/* A document's "pages" (where each page starts, ascending code points), if it has
 * them: stored with the document so that its annotations keep their pages. */
static gboolean
import_document_pages (Import     *im,
                       JsonObject *obj,
                       const char *id,
                       guint       index,
                       GError    **error)
{
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) local_error = NULL;
  JsonNode *node = json_object_get_member (obj, "pages");
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      item_error (error, "documents", index, id, "“pages” must be an array of whole numbers");
      return FALSE;
    }
  array = json_node_get_array (node);
  for (guint k = 0; k < json_array_get_length (array); k++)
    {
      JsonNode *e = json_array_get_element (array, k);
      gint64 v;

      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_INT64)
        {
          item_error (error, "documents", index, id, "“pages” must be an array of whole numbers");
          return FALSE;
        }
      v = json_node_get_int (e);
      g_array_append_val (starts, v);
    }
  if (starts->len > 0 &&
      !gloss_store_set_document_pages (im->store, id, (const gint64 *) (gpointer) starts->data, starts->len,
                                       &local_error))
    {
      item_error (error, "documents", index, id, "%s", local_error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
import_document (Import     *im,
                 JsonObject *obj,
                 guint       index,
                 GError    **error)
{
  const char *id, *title, *text, *source, *format, *sha256, *imported, *created, *modified;
  GlossDocument props = { 0 };
  g_autofree char *actual_sha = NULL;
  g_autofree char *metadata = NULL;
  g_autofree char *now = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GlossDocument) same = NULL;
  JsonNode *meta_node;
  gint64 length = -1, pk = 0, actual_length;
  gboolean has_length;
  gsize text_len;

  if (!get_string (obj, "id", FALSE, &id, "documents", index, NULL, error) ||
      !check_id (id, "documents", index, error) ||
      !get_string (obj, "title", FALSE, &title, "documents", index, id, error) ||
      !get_string (obj, "text", FALSE, &text, "documents", index, id, error) ||
      !get_string (obj, "source", TRUE, &source, "documents", index, id, error) ||
      !get_string (obj, "format", TRUE, &format, "documents", index, id, error) ||
      !get_string (obj, "sha256", TRUE, &sha256, "documents", index, id, error) ||
      !get_int (obj, "length", TRUE, &length, &has_length, "documents", index, id, error) ||
      !get_string (obj, "imported", TRUE, &imported, "documents", index, id, error) ||
      !get_string (obj, "created", TRUE, &created, "documents", index, id, error) ||
      !get_string (obj, "modified", TRUE, &modified, "documents", index, id, error) ||
      !check_times (id, &created, &modified, "documents", index, error))
    return FALSE;
  if (imported && !gloss_timestamp_is_valid (imported))
    {
      item_error (error, "documents", index, id, "“imported” is not a UTC time such as 2026-01-31T12:00:00.000Z");
      return FALSE;
    }

  text_len = strlen (text);
  if (text_len == 0)
    {
      item_error (error, "documents", index, id, "the text is empty");
      return FALSE;
    }
  if (!gloss_text_is_storable (text, text_len, &local_error))
    {
      item_error (error, "documents", index, id, "%s", local_error->message);
      return FALSE;
    }
  actual_sha = gloss_sha256_hex (text, text_len);
  if (sha256 != NULL && g_ascii_strcasecmp (sha256, actual_sha) != 0)
    {
      item_error (error, "documents", index, id, "“sha256” does not match the text (the text is %s)", actual_sha);
      return FALSE;
    }
  actual_length = g_utf8_strlen (text, text_len);
  if (has_length && length != actual_length)
    {
      item_error (error, "documents", index, id, "“length” is %" G_GINT64_FORMAT " but the text has %"
                  G_GINT64_FORMAT " characters", length, actual_length);
      return FALSE;
    }
  meta_node = json_object_get_member (obj, "metadata");
  if (meta_node != NULL && !JSON_NODE_HOLDS_NULL (meta_node))
    {
      g_autoptr(JsonGenerator) gen = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (meta_node))
        {
          item_error (error, "documents", index, id, "“metadata” must be an object");
          return FALSE;
        }
      gen = json_generator_new ();
      json_generator_set_root (gen, meta_node);
      metadata = json_generator_to_data (gen, NULL);
    }

  g_hash_table_insert (im->doc_titles, g_strdup (id), g_strdup (title));

  if (gloss_store_id_exists (im->store, "documents", id))
    {
      g_autoptr(GlossDocument) mine = gloss_store_get_document (im->store, id, NULL);

      if (mine == NULL)
        {
          item_error (error, "documents", index, id, "the document “%s” was deleted in this project", title);
          return FALSE;
        }
      if (g_strcmp0 (mine->sha256, actual_sha) != 0)
        {
          item_error (error, "documents", index, id,
                      "the project has a document with this id but a different text");
          return FALSE;
        }
      map_insert (im->doc_pks, id, gloss_store_document_pk (im->store, id));
      im->report->documents_present++;
      return TRUE;
    }

  same = gloss_store_find_document_by_sha256 (im->store, actual_sha, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (same != NULL)
    {
      map_insert (im->doc_pks, id, gloss_store_document_pk (im->store, same->id));
      im->report->documents_matched++;
      g_ptr_array_add (im->report->notes,
                       g_strdup_printf ("document “%s” (%s) has the same text as the project's “%s” (%s); "
                                        "its annotations go there", title, id, same->title, same->id));
      return TRUE;
    }

  {
    const char *values[6];
    static const char * const keys[] = { "reliability", "author", "publisher", "published", "url", "tlp" };

    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      if (!get_string (obj, keys[i], TRUE, &values[i], "documents", index, id, error))
        return FALSE;
    props.reliability = g_strdup (values[0]);
    props.author = g_strdup (values[1]);
    props.publisher = g_strdup (values[2]);
    props.published = g_strdup (values[3]);
    props.url = g_strdup (values[4]);
    props.tlp = g_strdup (values[5]);
    if (!gloss_document_properties_normalize (&props, &local_error))
      {
        item_error (error, "documents", index, id, "%s", local_error->message);
        clear_properties (&props);
        return FALSE;
      }
  }
  now = gloss_now_iso8601 ();
  {
    GlossDocument doc = {
      .id = (char *) id, .title = (char *) title, .text = (char *) text,
      .source = (char *) source, .format = (char *) (format ? format : "txt"),
      .sha256 = actual_sha, .length = actual_length, .metadata = metadata,
      .imported = (char *) (imported ? imported : now),
      .created = (char *) (created ? created : now),
      .modified = (char *) (modified ? modified : created ? created : now),
      .reliability = props.reliability, .author = props.author, .publisher = props.publisher,
      .published = props.published, .url = props.url, .tlp = props.tlp,
    };
    GlossDocument *added;
    /* A bulk import is one "import" entry per new document in the history, not one
     * per row it brings: a million imported annotations would double the file. */
    gboolean inserted = gloss_store_insert_document_row (im->store, &doc, &pk, &local_error) &&
                        gloss_history_record (im->store, GLOSS_HISTORY_IMPORT, "documents", pk, 0, NULL, NULL,
                                              &local_error);

    clear_properties (&props);
    doc.reliability = doc.author = doc.publisher = doc.published = doc.url = doc.tlp = NULL;
    if (!inserted)
      {
        item_error (error, "documents", index, id, "%s", local_error->message);
        return FALSE;
      }
    if (!import_document_pages (im, obj, id, index, error))
      return FALSE;
    added = gloss_document_copy (&doc);
    g_clear_pointer (&added->text, g_free);
    g_ptr_array_add (im->report->new_documents, added);
  }
  map_insert (im->doc_pks, id, pk);
  im->report->documents_added++;
  return TRUE;
}

/* A file that cannot be read on, in the middle of an import. */
static gboolean
read_error_check (GError  *read_error,
                  GError **error)
{
  if (read_error == NULL)
    return TRUE;
  g_set_error (error, GLOSS_JSON_ERROR, GLOSS_JSON_ERROR_SYNTAX, "the file cannot be read: %s", read_error->message);
  return FALSE;
}

typedef gboolean (*ImportItemFunc) (Import *im, JsonObject *obj, guint index, GError **error);

static gboolean
import_analysis (Import *im, JsonObject *obj, guint index, GError **error)
{
  return gloss_ach_json_import_analysis (im->store, obj, index, error);
}

typedef gboolean (*ImportRawFunc) (Import *im, const char *item, gsize length, guint index, GError **error);

/* Imports the items of array @key with @func, or straight from their bytes with @raw. */
static gboolean
import_array_full (Import           *im,
                   GPtrArray        *members,
                   const char       *key,
                   ImportItemFunc    func,
                   ImportRawFunc     raw,
                   GError          **error)
{
  const GlossJsonMember *member = NULL;
  g_autoptr(GError) read_error = NULL;
  GlossJsonItems items;
  const char *item;
  gsize length;

  for (guint i = 0; i < members->len && member == NULL; i++)
    if (g_str_equal (((GlossJsonMember *) members->pdata[i])->key, key))
      member = members->pdata[i];
  if (member == NULL)
    return TRUE;
  if (member->kind != '[')
    {
      g_set_error (error, GLOSS_JSON_ERROR, GLOSS_JSON_ERROR_INVALID, "“%s” must be an array.", key);
      return FALSE;
    }

  gloss_json_items_init (&items, im->src, member);
  while (gloss_json_items_next (&items, &item, &length, &read_error))
    {
      guint index = items.index - 1;
      JsonObject *obj;

      if (raw != NULL)
        {
          if (!raw (im, item, length, index, error))
            return FALSE;
          continue;
        }
      obj = parse_item (im, item, length, key, index, error);
      if (obj == NULL || !func (im, obj, index, error))
        return FALSE;
    }
  return read_error_check (read_error, error);
}

static gboolean
import_array (Import           *im,
              GPtrArray        *members,
              const char       *key,
              ImportItemFunc    func,
              GError          **error)
{
  return import_array_full (im, members, key, func, NULL, error);
}

/* The register in one go: the match keys of the entities added are kept in memory
 * for the array's duration and written sorted at its end (linear in the register's
 * size, however large), and duplicate names within the file are still found. */
static gboolean
import_entities (Import     *im,
                 GPtrArray  *members,
                 GError    **error)
{
  gboolean ok;

  gloss_store_entity_keys_defer (im->store);
  ok = import_array_full (im, members, "entities", NULL, import_entity_raw, error);
  return gloss_store_entity_keys_flush (im->store, ok, ok ? error : NULL) && ok;
}

static const GlossJsonMember *
find_member (GPtrArray *members, const char *key)
{
  for (guint i = 0; i < members->len; i++)
    if (g_str_equal (((GlossJsonMember *) members->pdata[i])->key, key))
      return members->pdata[i];
  return NULL;
}

/* A small top-level value, parsed; NULL when it is not one. */
static JsonNode *
parse_member (GlossJsonSource       *src,
              const GlossJsonMember *member)
{
  g_autofree char *copy = NULL;

  /* "format" and "version" are a few bytes: anything long is neither "gloss" nor a version. */
  if (member == NULL || member->length > 4096)
    return NULL;
  copy = gloss_json_source_dup (src, member->offset, member->length);
  return copy ? gloss_json_parse_slice (copy, 0, member->length, NULL) : NULL;
}

static gboolean
check_header (GlossJsonSource *src,
              GPtrArray       *members,
              const char      *shown,
              GError         **error)
{
  const GlossJsonMember *format = find_member (members, "format");
  const GlossJsonMember *version = find_member (members, "version");
  g_autoptr(JsonNode) format_node = NULL;
  g_autoptr(JsonNode) version_node = NULL;
  gint64 v;

  format_node = parse_member (src, format);
  if (format_node == NULL || !JSON_NODE_HOLDS_VALUE (format_node) ||
      json_node_get_value_type (format_node) != G_TYPE_STRING ||
      g_strcmp0 (json_node_get_string (format_node), "gloss") != 0)
    {
      g_set_error (error, GLOSS_JSON_ERROR, GLOSS_JSON_ERROR_FORMAT,
                   "%s is JSON but not a Gloss export (it has no \"format\": \"gloss\").", shown);
      return FALSE;
    }
  version_node = parse_member (src, version);
  if (version_node == NULL || !JSON_NODE_HOLDS_VALUE (version_node) ||
      json_node_get_value_type (version_node) != G_TYPE_INT64)
    {
      g_set_error (error, GLOSS_JSON_ERROR, GLOSS_JSON_ERROR_FORMAT,
                   "%s has no whole-number \"version\".", shown);
      return FALSE;
    }
  v = json_node_get_int (version_node);
  if (v > GLOSS_JSON_VERSION)
    {
      g_set_error (error, GLOSS_JSON_ERROR, GLOSS_JSON_ERROR_VERSION,
                   "%s was written by a newer version of Gloss (format version %" G_GINT64_FORMAT
                   "; this version reads up to %d). Update Gloss to import it.", shown, v, GLOSS_JSON_VERSION);
      return FALSE;
    }
  if (v < 1)
    {
      g_set_error (error, GLOSS_JSON_ERROR, GLOSS_JSON_ERROR_FORMAT,
                   "%s has an unknown format version %" G_GINT64_FORMAT ".", shown, v);
      return FALSE;
    }
  return TRUE;
}

/* The page cache of a JSON import, in KiB. With the rest (about 12 MiB for a
 * million annotations) and gloss-cli's libraries (26 MiB) it stays well under 64 MiB. */
#define IMPORT_CACHE_KIB 16384

static gboolean
import_source (GlossStore         *store,
               GlossJsonSource    *src,
               const char         *name,
               GlossImportReport  *report,
               GError            **error)
{
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GlossImportReport) own_report = NULL;
  g_autofree char *shown = g_strdup_printf ("“%s”", name ? name : "the JSON data");
  Import im = { 0 };
  gint64 cache_size = 0;
  gboolean ok;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (store), FALSE);

  if (report == NULL)
    report = own_report = gloss_import_report_new ();

  if (!gloss_store_check_writable (store, error))
    return FALSE;

  members = gloss_json_scan_source (src, &local_error);
  if (members == NULL)
    {
      if (local_error->domain != GLOSS_JSON_SCAN_ERROR)
        g_set_error (error, GLOSS_JSON_ERROR, GLOSS_JSON_ERROR_SYNTAX,
                     "%s cannot be read: %s", shown, local_error->message);
      else if (g_error_matches (local_error, GLOSS_JSON_SCAN_ERROR, GLOSS_JSON_SCAN_ERROR_TYPE))
        g_set_error (error, GLOSS_JSON_ERROR, GLOSS_JSON_ERROR_FORMAT,
                     "%s is not a Gloss export: %s", shown, local_error->message);
      else
        g_set_error (error, GLOSS_JSON_ERROR, GLOSS_JSON_ERROR_SYNTAX,
                     "%s is not valid JSON: %s", shown, local_error->message);
      return FALSE;
    }
  if (!check_header (src, members, shown, error))
    return FALSE;

  im.store = store;
  im.src = src;
  im.name = name;
  im.report = report;
  im.parser = json_parser_new_immutable ();
  im.label_pks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  im.doc_pks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  im.doc_titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  im.annotator_pks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  im.label_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  im.field_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  im.type_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  im.entity_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (!gloss_store_op_begin (store, error))
    {
      import_clear (&im);
      return FALSE;
    }
  /* A large import inserts into the id index all over the file: with SQLite's
   * default page cache (2 MiB) each page is written out to the WAL again and again
   * before the commit. The import sets its own cache, 16 MiB (allocated only as
   * pages are read), whatever the connection's is, then puts that back: a store's
   * connection has 32 MiB, which would take gloss-cli's import of 1M annotations to
   * 63 MiB at its peak, while 16 MiB keeps it at 44 MiB for the same speed. */
  if (!gloss_store_pragma_int (store, "PRAGMA cache_size", &cache_size, &rc))
    cache_size = 0;
  if (cache_size != 0)
    sqlite3_exec (gloss_store_get_db (store), "PRAGMA cache_size = -" G_STRINGIFY (IMPORT_CACHE_KIB), NULL, NULL, NULL);
  /* Whatever order the keys have in the file, what is referred to comes first. */
  ok = import_array (&im, members, "labels", import_label, &local_error) &&
       import_array (&im, members, "relation_types", import_relation_type, &local_error) &&
       import_array (&im, members, "annotators", import_annotator, &local_error) &&
       import_entities (&im, members, &local_error) &&
       import_array (&im, members, "documents", import_document, &local_error) &&
       import_array_full (&im, members, "annotations", NULL, import_annotation, &local_error) &&
       import_array (&im, members, "relations", import_relation, &local_error) &&
       import_array (&im, members, "analyses", import_analysis, &local_error);
  if (ok && (report->labels_added || report->documents_added || report->annotations_added ||
             report->fields_added || report->relation_types_added || report->entities_added ||
             report->relations_added))
    gloss_store_queue_change (store, GLOSS_CHANGE_ALL, NULL);
  ok = gloss_store_op_end (store, ok, ok ? &local_error : NULL) && ok;
  if (cache_size != 0)
    {
      /* A number read from SQLite just now, not text from the file. */
      g_autofree char *restore = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT, cache_size);

      sqlite3_exec (gloss_store_get_db (store), restore, NULL, NULL, NULL);
    }
  import_clear (&im);

  if (!ok)
    {
      g_ptr_array_set_size (report->new_documents, 0);
      if (local_error && local_error->domain == GLOSS_JSON_ERROR)
        g_set_error (error, local_error->domain, local_error->code, "%s: %s", shown, local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
gloss_json_import_data (GlossStore         *store,
                        const char         *data,
                        gsize               len,
                        const char         *name,
                        GlossImportReport  *report,
                        GError            **error)
{
  g_autoptr(GlossJsonSource) src = gloss_json_source_new_for_data (data, len);

  g_return_val_if_fail (GLOSS_IS_STORE (store), FALSE);
  return import_source (store, src, name, report, error);
}

/* The file is read in chunks, twice (a scan that checks all of it, then the import),
 * never whole: memory does not grow with its size. */
gboolean
gloss_json_import_file (GlossStore         *store,
                        const char         *path,
                        GlossImportReport  *report,
                        GError            **error)
{
  g_autoptr(GlossJsonSource) src = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *base = g_path_get_basename (path);
  GStatBuf st;

  g_return_val_if_fail (GLOSS_IS_STORE (store), FALSE);

  if (!gloss_file_refuse_open_project (path, GLOSS_JSON_ERROR, GLOSS_JSON_ERROR_SYNTAX, error))
    return FALSE;
  src = gloss_json_source_new_for_path (path, 0, &local_error);
  if (src == NULL)
    {
      g_set_error (error, GLOSS_JSON_ERROR, GLOSS_JSON_ERROR_SYNTAX, "“%s” cannot be read: %s", base,
                   local_error->message);
      return FALSE;
    }
  if (g_stat (path, &st) == 0 && st.st_size == 0)
    {
      g_set_error (error, GLOSS_JSON_ERROR, GLOSS_JSON_ERROR_SYNTAX, "“%s” is empty.", base);
      return FALSE;
    }
  return import_source (store, src, base, report, error);
}

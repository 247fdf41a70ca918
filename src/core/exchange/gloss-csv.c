/* gloss-csv.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-csv"

#include "config.h"

#include <string.h>

#include "gloss-csv.h"
#include "gloss-store-private.h"
#include "gloss-export-extras.h"
#include "gloss-pages.h"

G_DEFINE_QUARK (gloss-csv-error-quark, gloss_csv_error)

/* Rows are gathered in a buffer and written in blocks of about this size. */
#define FLUSH_SIZE (64 * 1024)

typedef struct {
  GString *buf;
  guint    n_protected;   /* fields given a leading ' against formula injection */
} Csv;

/* One field, RFC 4180: quoted when it holds a comma, a quote, CR or LF, with its
 * quotes doubled. A field a spreadsheet would run as a formula gets a leading ' (see
 * gloss-csv.h); with @protect_dash also one that starts with "-" and no digit. */
gboolean
gloss_csv_append_field (GString    *buf,
                        const char *value,
                        gboolean    first,
                        gboolean    protect_dash)
{
  gboolean protect, quote;

  if (!first)
    g_string_append_c (buf, ',');
  if (value == NULL || *value == '\0')
    return FALSE;

  protect = value[0] == '=' || value[0] == '+' || value[0] == '@' || value[0] == '\t' || value[0] == '\r' ||
            (protect_dash && value[0] == '-' && !g_ascii_isdigit (value[1]));
  quote = strpbrk (value, ",\"\r\n") != NULL;
  if (quote)
    g_string_append_c (buf, '"');
  if (protect)
    g_string_append_c (buf, '\'');
  if (quote)
    {
      for (const char *p = value; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (buf, '"');
          g_string_append_c (buf, *p);
        }
      g_string_append_c (buf, '"');
    }
  else
    g_string_append (buf, value);
  return protect;
}

static void
append_field (Csv        *csv,
              const char *value,
              gboolean    first)
{
  if (gloss_csv_append_field (csv->buf, value, first, FALSE))
    csv->n_protected++;
}

static void
append_int_field (Csv   *csv,
                  gint64 value)
{
  g_string_append_printf (csv->buf, ",%" G_GINT64_FORMAT, value);
}

static gboolean
flush (GOutputStream *out,
       GString       *buf,
       GCancellable  *cancellable,
       GError       **error)
{
  if (buf->len > 0 && !g_output_stream_write_all (out, buf->str, buf->len, NULL, cancellable, error))
    return FALSE;
  g_string_truncate (buf, 0);
  return TRUE;
}

/**
 * gloss_csv_export:
 * @store: the project
 * @scope: (nullable): what to export; %NULL for everything
 * @out: where the CSV goes; it is flushed, not closed
 * @bom: whether to start with a UTF-8 byte order mark, which Excel needs to read
 *   UTF-8
 * @warnings: (nullable) (element-type utf8): gets one sentence for each kind of data
 *   left out or changed
 * @cancellable: (nullable): checked between documents
 * @error: return location for an error
 *
 * Writes one CSV row per annotation in scope, by document and then in text order
 * (see gloss-csv.h for the columns, quoting and the formula-injection guard). Only
 * one document's annotations are in memory at a time.
 *
 * Returns: %TRUE on success
 */
gboolean
gloss_csv_export (GlossStore         *store,
                  const GlossScope   *scope,
                  GOutputStream      *out,
                  gboolean            bom,
                  GPtrArray          *warnings,
                  GCancellable       *cancellable,
                  GError            **error)
{
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GPtrArray) columns = g_ptr_array_new ();   /* GlossField*, borrowed from extras */
  g_autoptr(GString) buf = g_string_sized_new (FLUSH_SIZE + 4096);
  g_autoptr(GlossExportExtras) extras = gloss_export_extras_new (store);
  GlossExportCounts counts;
  GlossScopeSql sql;
  Csv csv = { buf, 0 };
  sqlite3 *db;
  gboolean own_transaction, ok = FALSE;
  guint64 n_rows = 0;

  g_return_val_if_fail (GLOSS_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  if (!gloss_scope_sql_init (store, scope, &sql, error))
    return FALSE;
  /* One read transaction: one consistent snapshot even while another process writes. */
  db = gloss_store_get_db (store);
  own_transaction = sqlite3_get_autocommit (db);
  if (own_transaction && sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    {
      gloss_store_set_sqlite_error (store, sqlite3_errcode (db), "starting the export", error);
      gloss_scope_sql_clear (&sql);
      return FALSE;
    }

  docs = gloss_scope_list_documents (store, scope, FALSE, error);
  labels = docs ? gloss_scope_list_labels (store, scope, error) : NULL;
  if (labels == NULL || !gloss_export_count (store, &sql, &counts, error))
    goto out;
  /* One column per field of the labels in scope, named "Label.field": two labels may
   * have fields of the same name (a claim's likelihood is a word, a risk's a number). */
  for (guint i = 0; i < labels->len; i++)
    {
      GPtrArray *fields = gloss_export_extras_get_fields (extras, ((GlossLabel *) labels->pdata[i])->id, error);

      if (fields == NULL)
        goto out;
      for (guint j = 0; j < fields->len; j++)
        g_ptr_array_add (columns, fields->pdata[j]);
    }

  if (bom)
    g_string_append (buf, "\xef\xbb\xbf");
  g_string_append (buf, "document,title,start,end,quote,label,note,annotator,created,modified,id,entity,entity_id,page,"
                      "author,publisher,published,url,reliability,tlp");
  for (guint i = 0; i < columns->len; i++)
    {
      GlossField *f = columns->pdata[i];
      g_autofree char *name = NULL;

      for (guint j = 0; j < labels->len; j++)
        if (g_str_equal (((GlossLabel *) labels->pdata[j])->id, f->label_id))
          name = g_strdup_printf ("%s.%s", ((GlossLabel *) labels->pdata[j])->name, f->name);
      append_field (&csv, name, FALSE);
    }
  g_string_append (buf, "\r\n");
  for (guint i = 0; i < docs->len; i++)
    {
      GlossDocument *doc = docs->pdata[i];
      g_autoptr(GPtrArray) list = gloss_scope_sql_list_annotations (store, &sql, doc->id, error);
      g_autoptr(GArray) pages = list ? gloss_store_get_document_pages (store, doc->id, error) : NULL;

      if (list == NULL || pages == NULL)
        goto out;
      for (guint j = 0; j < list->len; j++)
        {
          GlossAnnotation *a = list->pdata[j];

          append_field (&csv, doc->id, TRUE);
          append_field (&csv, doc->title, FALSE);
          append_int_field (&csv, a->start);
          append_int_field (&csv, a->end);
          append_field (&csv, a->quote, FALSE);
          append_field (&csv, a->label_name, FALSE);
          append_field (&csv, a->note, FALSE);
          append_field (&csv, a->annotator, FALSE);
          append_field (&csv, a->created, FALSE);
          append_field (&csv, a->modified, FALSE);
          append_field (&csv, a->id, FALSE);
          if (a->entity_id != NULL)
            {
              const GlossEntity *e = gloss_export_extras_get_entity (extras, a->entity_id, error);

              if (e == NULL)
                goto out;
              append_field (&csv, e->name, FALSE);
              append_field (&csv, e->id, FALSE);
            }
          else
            {
              append_field (&csv, NULL, FALSE);
              append_field (&csv, NULL, FALSE);
            }
          {
            /* The page(s) of a span in a PDF or scan: "12", or "12-13" across a break. */
            guint first, last;
            g_autofree char *page = NULL;

            if (gloss_pages_of_span (pages, a->start, a->end, &first, &last))
              page = first == last ? g_strdup_printf ("%u", first) : g_strdup_printf ("%u-%u", first, last);
            append_field (&csv, page, FALSE);
          }
          /* The source's details, on every row: a spreadsheet filters and pivots rows. */
          append_field (&csv, doc->author, FALSE);
          append_field (&csv, doc->publisher, FALSE);
          append_field (&csv, doc->published, FALSE);
          append_field (&csv, doc->url, FALSE);
          append_field (&csv, doc->reliability, FALSE);
          append_field (&csv, doc->tlp, FALSE);
          if (columns->len > 0)
            {
              g_autoptr(GPtrArray) values = gloss_export_extras_list_values (extras, a, error);

              if (values == NULL)
                goto out;
              for (guint c = 0; c < columns->len; c++)
                {
                  const char *value = NULL;

                  for (guint v = 0; v < values->len && value == NULL; v++)
                    if (((GlossExportValue *) values->pdata[v])->field == columns->pdata[c])
                      value = ((GlossExportValue *) values->pdata[v])->display;
                  append_field (&csv, value, FALSE);
                }
            }
          g_string_append (buf, "\r\n");
          n_rows++;
          if (buf->len >= FLUSH_SIZE && !flush (out, buf, cancellable, error))
            goto out;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
    }
  ok = flush (out, buf, cancellable, error) && g_output_stream_flush (out, cancellable, error);

  if (ok && n_rows > 0 && warnings != NULL)
    {
      g_ptr_array_add (warnings, g_strdup ("CSV has one row per annotation: document texts, the context "
                                           "around quotes, label colours and kinds are left out."));
      if (counts.relations > 0)
        g_ptr_array_add (warnings, g_strdup_printf ("CSV has no place for relations: %" G_GINT64_FORMAT
                                                    " relation(s) between annotations are left out.", counts.relations));
      if (counts.entity_links > 0)
        g_ptr_array_add (warnings, g_strdup ("CSV names each linked entity by name and id: the entity register's "
                                             "types, aliases, descriptions and external references are left out."));
      if (csv.n_protected > 0)
        g_ptr_array_add (warnings, g_strdup_printf (
            "%u CSV field(s) began with =, +, @, a tab or a carriage return and were written with a "
            "leading ' so that spreadsheet apps show them as text instead of running them as formulas.",
            csv.n_protected));
    }

out:
  if (own_transaction)
    sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  gloss_scope_sql_clear (&sql);
  return ok;
}

/* gloss-report.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-report"

#include "config.h"

#include <string.h>

#include "gloss-report.h"
#include "gloss-store-private.h"

G_DEFINE_QUARK (gloss-report-error-quark, gloss_report_error)

/* Flushed to the stream past this size, so a large project never sits in memory. */
#define FLUSH_AT (64 * 1024)

static const char style_sheet[] =
  "body{font-family:Cantarell,'Noto Sans',sans-serif;max-width:48em;margin:2em auto;padding:0 1em;"
  "line-height:1.55;color:#1d1d1d;background:#fff}\n"
  "h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.3em;margin-top:2em;border-bottom:1px solid #ccc}\n"
  ".meta{color:#555;font-size:.9em}\n"
  ".legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4em 1.2em}\n"
  ".swatch{display:inline-block;width:.9em;height:.9em;border-radius:2px;vertical-align:middle;margin-right:.3em}\n"
  ".text p{white-space:pre-wrap}\n"
  "mark{color:inherit;border-radius:2px;padding:.05em 0}\n"
  "sup a{text-decoration:none}\n"
  "table{border-collapse:collapse;width:100%;font-size:.92em}\n"
  "th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}\n"
  ".notes{font-size:.92em}.kind{color:#555;font-size:.85em}\n"
  "@media print{body{max-width:none;margin:0}section.document{break-before:page;page-break-before:always}"
  "mark,.swatch{-webkit-print-color-adjust:exact;print-color-adjust:exact}a{color:inherit;text-decoration:none}}\n";

typedef struct {
  GOutputStream *out;
  GCancellable  *cancellable;
  GString       *buf;
} Html;

static gboolean
html_flush (Html    *h,
            GError **error)
{
  gboolean ok = g_output_stream_write_all (h->out, h->buf->str, h->buf->len, NULL, h->cancellable, error);

  g_string_truncate (h->buf, 0);
  return ok;
}

/* Escapes text for both element content and quoted attribute values. */
static void
esc_len (GString    *s,
         const char *text,
         gssize      len)
{
  const char *end = len < 0 ? text + strlen (text) : text + len;

  for (const char *p = text; p < end; p++)
    switch (*p)
      {
      case '&': g_string_append (s, "&amp;"); break;
      case '<': g_string_append (s, "&lt;"); break;
      case '>': g_string_append (s, "&gt;"); break;
      case '"': g_string_append (s, "&quot;"); break;
      case '\'': g_string_append (s, "&#39;"); break;
      default: g_string_append_c (s, *p); break;
      }
}

static void
esc (GString    *s,
     const char *text)
{
  if (text != NULL)
    esc_len (s, text, -1);
}

static void
warn_once (GPtrArray  *warnings,
           const char *message)
{
  if (warnings == NULL)
    return;
  for (guint i = 0; i < warnings->len; i++)
    if (g_str_equal (warnings->pdata[i], message))
      return;
  g_ptr_array_add (warnings, g_strdup (message));
}

/* A mention listed after the documents (claims, risks, entities). */
typedef struct {
  guint  number;    /* the annotation's number in the report: anchor a<number> */
  char  *quote;
  char  *note;
  char  *annotator;
  char  *label;
  char  *document;
} Item;

static void
item_free (Item *item)
{
  g_free (item->quote);
  g_free (item->note);
  g_free (item->annotator);
  g_free (item->label);
  g_free (item->document);
  g_free (item);
}

static Item *
item_new (guint                  number,
          const GlossAnnotation *a,
          const char            *document)
{
  Item *item = g_new0 (Item, 1);

  item->number = number;
  item->quote = g_strdup (a->quote);
  item->note = g_strdup (a->note);
  item->annotator = g_strdup (a->annotator);
  item->label = g_strdup (a->label_name);
  item->document = g_strdup (document);
  return item;
}

typedef struct {
  GlossAnnotation *a;
  guint            number;
  guint            note_number;   /* 0: no note */
  char            *css;           /* class of its label */
  gboolean         anchored;      /* its first piece carries id="a<number>" */
} Span;

/* Outer spans first, so that marks nest: start ascending, end descending. */
static int
compare_spans (gconstpointer pa,
               gconstpointer pb)
{
  const Span *a = pa, *b = pb;

  if (a->a->start != b->a->start)
    return a->a->start < b->a->start ? -1 : 1;
  if (a->a->end != b->a->end)
    return a->a->end > b->a->end ? -1 : 1;
  return a->number < b->number ? -1 : a->number > b->number;
}

static int
compare_offsets (gconstpointer pa,
                 gconstpointer pb)
{
  gint64 a = *(const gint64 *) pa, b = *(const gint64 *) pb;
  return a < b ? -1 : a > b;
}

static void
flush_newlines (GString *s,
                guint   *newlines)
{
  /* A blank line starts a paragraph; a single line break stays one. */
  if (*newlines >= 2)
    g_string_append (s, "</p>\n<p>");
  else if (*newlines == 1)
    g_string_append (s, "<br>\n");
  *newlines = 0;
}

static void
open_mark (GString    *s,
           Span       *span)
{
  g_string_append_printf (s, "<mark class=\"%s\" data-a=\"%u\"", span->css, span->number);
  if (!span->anchored)
    {
      g_string_append_printf (s, " id=\"a%u\"", span->number);
      span->anchored = TRUE;
    }
  g_string_append (s, " title=\"");
  esc (s, span->a->label_name);
  if (span->a->note != NULL)
    {
      g_string_append (s, " — ");
      esc (s, span->a->note);
    }
  g_string_append (s, "\">");
}

/* The text with every annotation as <mark>s: the text is cut at every span boundary
 * and line break, and each piece is wrapped in the marks of all spans covering it,
 * outermost first, so overlapping spans nest correctly. */
static void
render_text (GString              *s,
             const GlossTextIndex *index,
             GArray               *spans)
{
  g_autoptr(GArray) bounds = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) active = g_ptr_array_new ();
  gint64 length = gloss_text_index_get_length (index);
  const char *text = gloss_text_index_get_text (index);
  guint next = 0, newlines = 0;
  gint64 zero = 0;

  g_array_append_val (bounds, zero);
  g_array_append_val (bounds, length);
  for (guint i = 0; i < spans->len; i++)
    {
      Span *sp = &g_array_index (spans, Span, i);
      g_array_append_val (bounds, sp->a->start);
      g_array_append_val (bounds, sp->a->end);
    }
  g_array_sort (bounds, compare_offsets);

  g_string_append (s, "<div class=\"text\"><p>");
  for (guint b = 0; b < bounds->len; b++)
    {
      gint64 at = g_array_index (bounds, gint64, b);
      gint64 to;
      const char *p, *end;

      if (b > 0 && at == g_array_index (bounds, gint64, b - 1))
        continue;
      /* Spans ending here: their footnote marker, then they leave the active set. */
      for (guint i = 0; i < active->len; )
        {
          Span *sp = active->pdata[i];

          if (sp->a->end == at)
            {
              if (sp->note_number > 0)
                {
                  flush_newlines (s, &newlines);
                  g_string_append_printf (s, "<sup id=\"r%u\"><a href=\"#n%u\">[%u]</a></sup>",
                                          sp->number, sp->number, sp->note_number);
                }
              g_ptr_array_remove_index (active, i);
            }
          else
            i++;
        }
      while (next < spans->len && g_array_index (spans, Span, next).a->start == at)
        g_ptr_array_add (active, &g_array_index (spans, Span, next++));
      if (at >= length)
        break;

      /* The next boundary after this one. */
      to = length;
      for (guint c = b + 1; c < bounds->len; c++)
        if (g_array_index (bounds, gint64, c) > at)
          {
            to = g_array_index (bounds, gint64, c);
            break;
          }
      p = text + gloss_text_index_byte_at (index, at);
      end = text + gloss_text_index_byte_at (index, to);
      while (p < end)
        {
          const char *run;

          if (*p == '\n')
            {
              newlines++;
              p++;
              continue;
            }
          run = p;
          while (p < end && *p != '\n')
            p++;
          flush_newlines (s, &newlines);
          for (guint i = 0; i < active->len; i++)
            open_mark (s, active->pdata[i]);
          esc_len (s, run, p - run);
          for (guint i = 0; i < active->len; i++)
            g_string_append (s, "</mark>");
        }
    }
  g_string_append (s, "</p></div>\n");
}

static void
write_scope (GString          *s,
             const GlossScope *scope)
{
  g_string_append (s, "<p class=\"meta\">Scope: ");
  if (scope == NULL || gloss_scope_is_everything (scope))
    {
      g_string_append (s, "the whole project.</p>\n");
      return;
    }
  if (scope->document_ids != NULL)
    g_string_append_printf (s, "%u chosen document(s); ", g_strv_length (scope->document_ids));
  if (scope->query != NULL)
    {
      g_string_append (s, "documents matching “");
      esc (s, scope->query);
      g_string_append (s, "”; ");
    }
  if (scope->label_names != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", scope->label_names);
      g_string_append (s, "labels ");
      esc (s, joined);
      g_string_append (s, "; ");
    }
  if (scope->annotators != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", scope->annotators);
      g_string_append (s, "annotators ");
      esc (s, joined);
      g_string_append (s, "; ");
    }
  if (scope->since != NULL)
    {
      g_string_append (s, "created since ");
      esc (s, scope->since);
      g_string_append (s, "; ");
    }
  if (scope->until != NULL)
    {
      g_string_append (s, "created until ");
      esc (s, scope->until);
      g_string_append (s, "; ");
    }
  g_string_truncate (s, s->len - 2);
  g_string_append (s, ".</p>\n");
}

static void
write_mention_link (GString    *s,
                    const Item *item)
{
  g_string_append_printf (s, "<a href=\"#a%u\">", item->number);
  esc (s, item->document);
  g_string_append (s, "</a>");
}

/* Tables and the index can hold a row per annotation: they are flushed as they grow
 * so that the report streams like the documents above them. */
static gboolean
write_table (Html       *h,
             GPtrArray  *items,
             gboolean    with_label,
             GError    **error)
{
  GString *s = h->buf;

  g_string_append (s, "<table><thead><tr><th>Quote</th>");
  if (with_label)
    g_string_append (s, "<th>Label</th>");
  g_string_append (s, "<th>Note</th><th>Annotator</th><th>Document</th></tr></thead><tbody>\n");
  for (guint i = 0; i < items->len; i++)
    {
      Item *item = items->pdata[i];

      g_string_append (s, "<tr><td>“");
      esc (s, item->quote);
      g_string_append (s, "”</td>");
      if (with_label)
        {
          g_string_append (s, "<td>");
          esc (s, item->label);
          g_string_append (s, "</td>");
        }
      g_string_append (s, "<td>");
      esc (s, item->note);
      g_string_append (s, "</td><td>");
      esc (s, item->annotator);
      g_string_append (s, "</td><td>");
      write_mention_link (s, item);
      g_string_append (s, "</td></tr>\n");
      if (s->len >= FLUSH_AT && !html_flush (h, error))
        return FALSE;
    }
  g_string_append (s, "</tbody></table>\n");
  return TRUE;
}

typedef struct {
  char      *key;
  char      *sort_key;
  GPtrArray *items;   /* Item*, borrowed */
} Entity;

static void
entity_free (Entity *e)
{
  g_free (e->key);
  g_free (e->sort_key);
  g_ptr_array_unref (e->items);
  g_free (e);
}

static int
compare_entities (gconstpointer pa,
                  gconstpointer pb)
{
  const Entity *a = *(Entity * const *) pa, *b = *(Entity * const *) pb;
  return strcmp (a->sort_key, b->sort_key);
}

/* Mentions of the same name group together whatever their case and spacing. */
static char *
entity_key (const char *quote)
{
  g_autofree char *folded = g_utf8_casefold (quote, -1);
  g_auto(GStrv) words = g_strsplit_set (folded, " \t\n", -1);
  GString *s = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_string_append_printf (s, "%s%s", s->len ? " " : "", words[i]);
  return g_string_free (s, FALSE);
}

static gboolean
write_entity_index (Html       *h,
                    GPtrArray  *entities,
                    GError    **error)
{
  GString *s = h->buf;
  g_autoptr(GHashTable) groups = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) entity_free);

  for (guint i = 0; i < entities->len; i++)
    {
      Item *item = entities->pdata[i];
      g_autofree char *key = entity_key (item->quote);
      Entity *e = g_hash_table_lookup (groups, key);

      if (e == NULL)
        {
          e = g_new0 (Entity, 1);
          e->key = g_steal_pointer (&key);
          e->sort_key = g_utf8_collate_key (e->key, -1);
          e->items = g_ptr_array_new ();
          g_hash_table_insert (groups, e->key, e);
          g_ptr_array_add (list, e);
        }
      g_ptr_array_add (e->items, item);
    }
  g_ptr_array_sort (list, compare_entities);

  g_string_append (s, "<section class=\"index\"><h2 id=\"entities\">Entity index</h2>\n");
  if (list->len == 0)
    g_string_append (s, "<p>No entities in scope.</p>\n");
  else
    g_string_append (s, "<ul class=\"entities\">\n");
  for (guint i = 0; i < list->len; i++)
    {
      Entity *e = list->pdata[i];
      Item *first = e->items->pdata[0];

      g_string_append (s, "<li><strong>");
      esc (s, first->quote);
      g_string_append (s, "</strong> <span class=\"kind\">");
      esc (s, first->label);
      g_string_append_printf (s, ", %u mention%s</span>: ", e->items->len, e->items->len == 1 ? "" : "s");
      for (guint j = 0; j < e->items->len; j++)
        {
          Item *item = e->items->pdata[j];

          if (j > 0)
            g_string_append (s, ", ");
          write_mention_link (s, item);
        }
      g_string_append (s, "</li>\n");
      if (s->len >= FLUSH_AT && !html_flush (h, error))
        return FALSE;
    }
  if (list->len > 0)
    g_string_append (s, "</ul>\n");
  g_string_append (s, "</section>\n");
  return TRUE;
}

/* The time the report says it was made: now, or SOURCE_DATE_EPOCH (seconds since
 * 1970, the reproducible-builds convention) so that a report can be made byte for
 * byte again and compared. */
static char *
report_time (void)
{
  const char *epoch = g_getenv ("SOURCE_DATE_EPOCH");
  guint64 seconds;

  if (epoch && g_ascii_string_to_unsigned (epoch, 10, 0, G_MAXINT64 / G_USEC_PER_SEC, &seconds, NULL))
    {
      g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc ((gint64) seconds);

      if (t)
        return g_date_time_format (t, "%Y-%m-%dT%H:%M:%SZ");
    }
  return gloss_now_iso8601 ();
}

/**
 * gloss_report_export:
 * @store: the project
 * @scope: (nullable): what the report covers; %NULL for everything
 * @out: where the HTML goes; written document by document
 * @warnings: (nullable) (element-type utf8): gets one sentence per thing the report cannot show
 * @cancellable: (nullable): checked between documents
 * @error: return location for a #GError
 *
 * Writes one self-contained HTML file (inline CSS, no scripts, printable): a legend of
 * the labels, each document's text with its annotations as nested <mark>s in label
 * colours and its notes as footnotes linked both ways, then a table of claims, the
 * risks and an index of entity mentions. Every string from the project is escaped.
 *
 * Returns: %TRUE on success
 */
gboolean
gloss_report_export (GlossStore        *store,
                     const GlossScope  *scope,
                     GOutputStream     *out,
                     GPtrArray         *warnings,
                     GCancellable      *cancellable,
                     GError           **error)
{
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GHashTable) label_index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) claims = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  g_autoptr(GPtrArray) risks = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  g_autoptr(GPtrArray) entities = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  g_autofree char *name = NULL;
  g_autofree char *now = report_time ();
  g_autoptr(GString) buf = g_string_sized_new (FLUSH_AT + 4096);
  Html h = { out, cancellable, buf };
  sqlite3 *db;
  gboolean own_transaction;
  GlossScopeSql sql;
  guint number = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (GLOSS_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  if (!gloss_scope_sql_init (store, scope, &sql, error))
    return FALSE;
  db = gloss_store_get_db (store);
  /* One read transaction: the report is one consistent snapshot. */
  own_transaction = sqlite3_get_autocommit (db) && sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;

  name = gloss_store_dup_name (store);
  documents = gloss_scope_list_documents (store, scope, FALSE, error);
  labels = documents ? gloss_scope_list_labels (store, scope, error) : NULL;
  if (labels == NULL)
    goto out;

  g_string_append (buf, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                        "<meta name=\"generator\" content=\"Gloss " PACKAGE_VERSION "\">\n<title>");
  esc (buf, name);
  g_string_append (buf, " — Gloss report</title>\n<style>\n");
  g_string_append (buf, style_sheet);
  /* One class per label; colours are checked as #rrggbb before they reach CSS. */
  for (guint i = 0; i < labels->len; i++)
    {
      GlossLabel *l = labels->pdata[i];
      const char *colour = gloss_colour_is_valid (l->colour) ? l->colour : "#9a9996";
      guint r = g_ascii_xdigit_value (colour[1]) * 16 + g_ascii_xdigit_value (colour[2]);
      guint g = g_ascii_xdigit_value (colour[3]) * 16 + g_ascii_xdigit_value (colour[4]);
      guint b = g_ascii_xdigit_value (colour[5]) * 16 + g_ascii_xdigit_value (colour[6]);

      g_hash_table_insert (label_index, l->id, GUINT_TO_POINTER (i + 1));
      g_string_append_printf (buf, ".l%u{background:rgba(%u,%u,%u,.28);border-bottom:2px solid %s}\n",
                              i + 1, r, g, b, colour);
    }
  g_string_append (buf, "</style>\n</head>\n<body>\n<header>\n<h1>");
  esc (buf, name);
  g_string_append (buf, "</h1>\n<p class=\"meta\">Gloss report generated ");
  esc (buf, now);
  g_string_append_printf (buf, " · %u document%s</p>\n", documents->len, documents->len == 1 ? "" : "s");
  write_scope (buf, scope);

  g_string_append (buf, "<h2 id=\"legend\">Labels</h2>\n<ul class=\"legend\">\n");
  for (guint i = 0; i < labels->len; i++)
    {
      GlossLabel *l = labels->pdata[i];

      g_string_append_printf (buf, "<li><span class=\"swatch l%u\"></span>", i + 1);
      esc (buf, l->name);
      g_string_append (buf, " <span class=\"kind\">");
      esc (buf, l->kind);
      g_string_append (buf, "</span></li>\n");
    }
  g_string_append (buf, "</ul>\n</header>\n");
  if (!html_flush (&h, error))
    goto out;

  for (guint i = 0; i < documents->len; i++)
    {
      GlossDocument *listed = documents->pdata[i];
      g_autoptr(GlossDocument) doc = NULL;
      g_autoptr(GPtrArray) annotations = NULL;
      g_autoptr(GlossTextIndex) index = NULL;
      g_autoptr(GArray) spans = g_array_new (FALSE, TRUE, sizeof (Span));
      guint n_notes = 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      doc = gloss_store_get_document (store, listed->id, error);
      annotations = doc ? gloss_scope_sql_list_annotations (store, &sql, doc->id, error) : NULL;
      if (annotations == NULL)
        goto out;
      index = gloss_text_index_new (doc->text, -1);

      for (guint j = 0; j < annotations->len; j++)
        {
          GlossAnnotation *a = annotations->pdata[j];
          GlossLabel *label = NULL;
          guint li = GPOINTER_TO_UINT (g_hash_table_lookup (label_index, a->label_id));
          Span sp = { a, ++number, 0, NULL, FALSE };

          if (li > 0)
            label = labels->pdata[li - 1];
          sp.css = g_strdup_printf ("l%u", li);
          g_array_append_val (spans, sp);
          if (label == NULL)
            continue;
          if (g_str_equal (label->kind, GLOSS_LABEL_KIND_CLAIM))
            g_ptr_array_add (claims, item_new (number, a, doc->title));
          else if (g_str_equal (label->kind, GLOSS_LABEL_KIND_RISK))
            g_ptr_array_add (risks, item_new (number, a, doc->title));
          else if (g_str_equal (label->kind, GLOSS_LABEL_KIND_ENTITY))
            g_ptr_array_add (entities, item_new (number, a, doc->title));
        }
      g_array_sort (spans, compare_spans);
      /* Notes are numbered in the order of the list under the text. */
      for (guint j = 0; j < spans->len; j++)
        if (g_array_index (spans, Span, j).a->note != NULL)
          g_array_index (spans, Span, j).note_number = ++n_notes;

      g_string_append_printf (buf, "<section class=\"document\" id=\"d%u\">\n<h2>", i + 1);
      esc (buf, doc->title);
      g_string_append_printf (buf, "</h2>\n<p class=\"meta\">%u annotation%s</p>\n",
                              spans->len, spans->len == 1 ? "" : "s");
      render_text (buf, index, spans);
      if (n_notes > 0)
        {
          g_string_append (buf, "<h3>Notes</h3>\n<ol class=\"notes\">\n");
          for (guint j = 0; j < spans->len; j++)
            {
              Span *sp = &g_array_index (spans, Span, j);

              if (sp->note_number == 0)
                continue;
              g_string_append_printf (buf, "<li id=\"n%u\" value=\"%u\"><a href=\"#a%u\">“", sp->number,
                                      sp->note_number, sp->number);
              esc (buf, sp->a->quote);
              g_string_append (buf, "”</a> <span class=\"kind\">");
              esc (buf, sp->a->label_name);
              if (sp->a->annotator)
                {
                  g_string_append (buf, ", ");
                  esc (buf, sp->a->annotator);
                }
              g_string_append (buf, "</span>: ");
              esc (buf, sp->a->note);
              g_string_append_printf (buf, " <a href=\"#r%u\" title=\"back to the text\">↩</a></li>\n", sp->number);
            }
          g_string_append (buf, "</ol>\n");
        }
      g_string_append (buf, "</section>\n");
      for (guint j = 0; j < spans->len; j++)
        g_free (g_array_index (spans, Span, j).css);
      if (buf->len >= FLUSH_AT && !html_flush (&h, error))
        goto out;
    }

  g_string_append (buf, "<section class=\"claims\"><h2 id=\"claims\">Claims</h2>\n");
  if (claims->len == 0)
    g_string_append (buf, "<p>No claims in scope.</p>\n");
  else if (!write_table (&h, claims, FALSE, error))
    goto out;
  g_string_append (buf, "</section>\n");

  g_string_append (buf, "<section class=\"risks\"><h2 id=\"risks\">Risks</h2>\n");
  if (risks->len == 0)
    g_string_append (buf, "<p>No risks in scope.</p>\n");
  else
    {
      /* The 5×5 matrix needs likelihood and impact per risk, which Gloss does not
       * record yet: list the risks rather than draw an empty grid. */
      g_string_append (buf, "<p class=\"meta\">Likelihood and impact are not recorded for risks yet, so the "
                            "risk matrix cannot be drawn; the risks are listed instead.</p>\n");
      if (!write_table (&h, risks, TRUE, error))
        goto out;
      warn_once (warnings, "The risk matrix needs likelihood and impact, which are not recorded yet: "
                           "the report lists the risks instead.");
    }
  g_string_append (buf, "</section>\n");

  if (!write_entity_index (&h, entities, error))
    goto out;
  g_string_append (buf, "</body>\n</html>\n");
  if (!html_flush (&h, error))
    goto out;
  ok = TRUE;

out:
  if (own_transaction)
    sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  gloss_scope_sql_clear (&sql);
  return ok;
}

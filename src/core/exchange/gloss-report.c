/* gloss-report.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-report"

#include "config.h"

#include <string.h>

#include "gloss-ach-out.h"
#include "gloss-pages.h"
#include "gloss-report.h"
#include "gloss-scope-private.h"
#include "gloss-store-private.h"
#include "gloss-export-extras.h"
#include "gloss-fields.h"

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
  /* Wide tables scroll inside the text column instead of overflowing it; long words
   * (addresses, ids) break rather than widen a column. */
  ".wide{overflow-x:auto;max-width:100%}.wide td{overflow-wrap:anywhere}\n"
  /* The highest marking of what the report holds, at its top and bottom. */
  ".banner{text-align:center;margin:.5em 0}\n"
  "th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}\n"
  ".notes{font-size:.92em}.kind{color:#555;font-size:.85em}\n"
  /* TLP 2.0 markings: coloured text on black, as FIRST prescribes. */
  ".tlp{display:inline-block;background:#000;font-weight:bold;font-size:1.1em;padding:.15em .6em;"
  "border-radius:3px;letter-spacing:.05em}\n"
  ".tlp-red{color:#ff2b2b}.tlp-amber,.tlp-amber-strict{color:#ffc000}.tlp-green{color:#33ff00}.tlp-clear{color:#fff}\n"
  ".props{display:grid;grid-template-columns:max-content auto;gap:.1em 1em;font-size:.9em;color:#333}"
  ".props dt{font-weight:bold}.props dd{margin:0}\n"
  "table.matrix{width:auto}table.matrix td{width:3.2em;height:2.4em;text-align:center;vertical-align:middle;"
  "font-weight:bold}table.matrix th{font-weight:normal;font-size:.85em;text-align:center}\n"
  ".s-low{background:#8ff0a4}.s-medium{background:#f9f06b}.s-high{background:#ffbe6f}.s-extreme{background:#f66151}\n"
  "@media print{body{max-width:none;margin:0}section.document{break-before:page;page-break-before:always}"
  "mark,.swatch,.tlp,table.matrix td{-webkit-print-color-adjust:exact;print-color-adjust:exact}a{color:inherit;text-decoration:none}}\n";

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

/* A link to an annotation's mark in the text: anchors are a<number>, numbered in the
 * order the documents are written, so a later pass over the same documents in the
 * same order gives the same numbers. */
static void
write_mention_link (GString    *s,
                    guint       number,
                    const char *document)
{
  g_string_append_printf (s, "<a href=\"#a%u\">", number);
  esc (s, document);
  g_string_append (s, "</a>");
}

/* A choice or scale value with its option's text: "unlikely (20-45%)". */
static void
write_value (GString                *s,
             const GlossExportValue *v)
{
  const GlossFieldOption *option;

  if (v == NULL)
    return;
  esc (s, v->display);
  option = gloss_field_find_option (v->field, v->value);
  if (option != NULL && option->label != NULL)
    {
      g_string_append (s, " <span class=\"kind\">(");
      esc (s, option->label);
      g_string_append (s, ")</span>");
    }
}

static void
write_cell (GString                *s,
            const GlossExportValue *v)
{
  g_string_append (s, "<td>");
  write_value (s, v);
  g_string_append (s, "</td>");
}

/* The bands a risk score falls in (likelihood x impact, 1 to 25). */
static const char *
score_class (int score)
{
  if (score >= 15)
    return "s-extreme";
  if (score >= 10)
    return "s-high";
  if (score >= 5)
    return "s-medium";
  return "s-low";
}

/* What the end of the report needs of one pass over the documents. */
typedef struct {
  GlossStore        *store;
  GlossScopeSql     *sql;
  GPtrArray         *documents;
  GHashTable        *label_kinds;   /* label id -> kind (borrowed) */
  GlossExportExtras *extras;
  Html              *h;
  GCancellable      *cancellable;
  GArray            *pages;         /* the current document's page starts (borrowed) */
} Pass;

typedef gboolean (*RowFunc) (Pass *pass, const GlossAnnotation *a, guint number, const char *title, GError **error);

/* Goes over the annotations in scope again, document by document in the order the
 * documents were written, numbering them as they were numbered there, and calls
 * @func for those of label kind @kind. Only one document's annotations are in memory. */
static gboolean
for_each_of_kind (Pass        *pass,
                  const char  *kind,
                  RowFunc      func,
                  GError     **error)
{
  guint number = 0;

  for (guint i = 0; i < pass->documents->len; i++)
    {
      GlossDocument *doc = pass->documents->pdata[i];
      g_autoptr(GPtrArray) list = NULL;
      g_autoptr(GArray) pages = NULL;

      if (g_cancellable_set_error_if_cancelled (pass->cancellable, error))
        return FALSE;
      list = gloss_scope_sql_list_annotations (pass->store, pass->sql, doc->id, error);
      if (list == NULL)
        return FALSE;
      pages = gloss_store_get_document_pages (pass->store, doc->id, error);
      if (pages == NULL)
        return FALSE;
      pass->pages = pages;
      for (guint j = 0; j < list->len; j++)
        {
          GlossAnnotation *a = list->pdata[j];

          number++;
          if (g_strcmp0 (g_hash_table_lookup (pass->label_kinds, a->label_id), kind) != 0)
            continue;
          if (!func (pass, a, number, doc->title, error) ||
              (pass->h->buf->len >= FLUSH_AT && !html_flush (pass->h, error)))
            {
              pass->pages = NULL;
              return FALSE;
            }
        }
      pass->pages = NULL;
    }
  return TRUE;
}

/* The link to a row's mention in the text, with its page in a PDF or scan: "Report, p. 12". */
static void
write_row_source (Pass                  *pass,
                  const GlossAnnotation *a,
                  guint                  number,
                  const char            *title)
{
  g_autofree char *where = gloss_pages_describe (pass->pages, a->start, a->end);

  write_mention_link (pass->h->buf, number, title);
  if (where != NULL)
    {
      g_string_append (pass->h->buf, ", ");
      esc (pass->h->buf, where);
    }
}

static gboolean
claim_row (Pass                  *pass,
           const GlossAnnotation *a,
           guint                  number,
           const char            *title,
           GError               **error)
{
  GString *s = pass->h->buf;
  g_autoptr(GPtrArray) values = gloss_export_extras_list_values (pass->extras, a, error);

  if (values == NULL)
    return FALSE;
  g_string_append (s, "<tr><td>“");
  esc (s, a->quote);
  g_string_append (s, "”</td>");
  write_cell (s, gloss_export_values_find (values, "speaker"));
  write_cell (s, gloss_export_values_find (values, "claim type"));
  write_cell (s, gloss_export_values_find (values, "likelihood"));
  write_cell (s, gloss_export_values_find (values, "confidence"));
  write_cell (s, gloss_export_values_find (values, "credibility"));
  write_cell (s, gloss_export_values_find (values, "status"));
  g_string_append (s, "<td>");
  esc (s, a->note);
  g_string_append (s, "</td><td>");
  write_row_source (pass, a, number, title);
  g_string_append (s, "</td></tr>\n");
  return TRUE;
}

static gboolean
risk_row (Pass                  *pass,
          const GlossAnnotation *a,
          guint                  number,
          const char            *title,
          GError               **error)
{
  GString *s = pass->h->buf;
  g_autoptr(GPtrArray) values = gloss_export_extras_list_values (pass->extras, a, error);
  const GlossExportValue *likelihood, *impact;
  int score;

  if (values == NULL)
    return FALSE;
  likelihood = gloss_export_values_find (values, GLOSS_FIELD_LIKELIHOOD);
  impact = gloss_export_values_find (values, GLOSS_FIELD_IMPACT);
  score = gloss_risk_score (likelihood ? likelihood->value : NULL, impact ? impact->value : NULL);
  g_string_append (s, "<tr><td>“");
  esc (s, a->quote);
  g_string_append (s, "”</td>");
  write_cell (s, gloss_export_values_find (values, "category"));
  write_cell (s, likelihood);
  write_cell (s, impact);
  if (score > 0)
    g_string_append_printf (s, "<td class=\"%s\">%d</td>", score_class (score), score);
  else
    g_string_append (s, "<td></td>");
  write_cell (s, gloss_export_values_find (values, "time horizon"));
  write_cell (s, gloss_export_values_find (values, "rationale"));
  g_string_append (s, "<td>");
  esc (s, a->note);
  g_string_append (s, "</td><td>");
  write_row_source (pass, a, number, title);
  g_string_append (s, "</td></tr>\n");
  return TRUE;
}

/* The 5x5 matrix as the app draws it: likelihood up the side (5 at the top), impact
 * along the bottom, each cell coloured by its score and holding the number of risks
 * there. */
static void
write_matrix (GString   *s,
              const int  counts[5][5],
              guint      n_unplaced)
{
  static const char * const likelihood[] = { "rare", "unlikely", "possible", "likely", "almost certain" };
  static const char * const impact[] = { "insignificant", "minor", "moderate", "major", "catastrophic" };

  g_string_append (s, "<table class=\"matrix\"><caption>Risks by likelihood and impact (score = likelihood × impact)"
                      "</caption>\n<tbody>\n");
  for (int l = 4; l >= 0; l--)
    {
      g_string_append_printf (s, "<tr><th scope=\"row\">%d %s</th>", l + 1, likelihood[l]);
      for (int i = 0; i < 5; i++)
        {
          int score = (l + 1) * (i + 1);

          g_string_append_printf (s, "<td class=\"%s\" title=\"likelihood %d × impact %d = %d\">", score_class (score),
                                  l + 1, i + 1, score);
          if (counts[l][i] > 0)
            g_string_append_printf (s, "%d", counts[l][i]);
          g_string_append (s, "</td>");
        }
      g_string_append (s, "</tr>\n");
    }
  g_string_append (s, "<tr><th>likelihood ↑ / impact →</th>");
  for (int i = 0; i < 5; i++)
    g_string_append_printf (s, "<th scope=\"col\">%d %s</th>", i + 1, impact[i]);
  g_string_append (s, "</tr>\n</tbody></table>\n");
  if (n_unplaced > 0)
    g_string_append_printf (s, "<p class=\"meta\">%u risk%s without a likelihood or an impact %s not in the matrix.</p>\n",
                            n_unplaced, n_unplaced == 1 ? "" : "s", n_unplaced == 1 ? "is" : "are");
}

/* TLP 2.0 markings from the least to the most restrictive; 0: none or unknown. */
static int
tlp_rank (const char *tlp)
{
  static const char * const order[] = { "CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED" };

  for (guint i = 0; tlp != NULL && i < G_N_ELEMENTS (order); i++)
    if (g_str_equal (tlp, order[i]))
      return (int) i + 1;
  return 0;
}

static void
write_marking (GString    *s,
               const char *tlp,
               const char *klass)
{
  g_autofree char *css = g_ascii_strdown (tlp, -1);

  g_strdelimit (css, "+", '-');
  g_string_append_printf (s, "<p class=\"%s\"><span class=\"tlp tlp-", klass);
  esc (s, css);
  g_string_append (s, "\">TLP:");
  esc (s, tlp);
  g_string_append (s, "</span></p>\n");
}

/* "2026-12-04T10:00:00Z" as people read it: "4 December 2026, 10:00 UTC". */
static char *
readable_time (const char *iso)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) t = iso ? g_date_time_new_from_iso8601 (iso, utc) : NULL;
  static const char * const months[] = { "January", "February", "March", "April", "May", "June", "July",
                                         "August", "September", "October", "November", "December" };
  g_autoptr(GDateTime) u = NULL;

  if (t == NULL)
    return g_strdup (iso ? iso : "");
  u = g_date_time_to_utc (t);
  /* Month names in English, as the rest of the report: not the locale's. */
  return g_strdup_printf ("%d %s %d, %02d:%02d UTC", g_date_time_get_day_of_month (u),
                          months[g_date_time_get_month (u) - 1], g_date_time_get_year (u),
                          g_date_time_get_hour (u), g_date_time_get_minute (u));
}

/* Links between annotations in scope (both ends), by when they were made: "quote"
 * —type→ "quote", each end's document linked to its section. */
static gboolean
write_links (Pass       *pass,
             GHashTable *document_sections,
             GError    **error)
{
  static const char sql[] =
    "SELECT t.name, a.quote, d.id, coalesce (a2.quote, te.name), d2.id, pr.name, te.id FROM relations r "
    "JOIN relation_types t ON t.pk = r.type "
    "JOIN annotations a ON a.pk = r.source JOIN documents d ON d.pk = a.document "
    "JOIN labels l ON l.pk = a.label LEFT JOIN annotators p ON p.pk = a.annotator "
    "LEFT JOIN annotations a2 ON a2.pk = r.target LEFT JOIN documents d2 ON d2.pk = a2.document "
    "LEFT JOIN labels l2 ON l2.pk = a2.label LEFT JOIN annotators p2 ON p2.pk = a2.annotator "
    "LEFT JOIN entities te ON te.pk = (SELECT coalesce (e.merged_into, e.pk) FROM entities e "
    "                                  WHERE e.pk = r.target_entity) "
    "LEFT JOIN annotators pr ON pr.pk = r.annotator "
    "WHERE r.deleted = 0 AND t.deleted = 0 AND " GLOSS_SCOPE_SQL_WHERE ("a", "d", "l", "p")
    "AND ((a2.pk IS NOT NULL AND " GLOSS_SCOPE_SQL_WHERE ("a2", "d2", "l2", "p2") ") OR te.deleted = 0) "
    "ORDER BY r.created, r.id";
  GString *s = pass->h->buf;
  sqlite3_stmt *stmt = NULL;
  guint n = 0;
  int rc;

  rc = sqlite3_prepare_v2 (gloss_store_get_db (pass->store), sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      gloss_store_set_sqlite_error (pass->store, rc, "listing links for the report", error);
      return FALSE;
    }
  gloss_scope_sql_bind (stmt, pass->sql);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (n++ == 0)
        g_string_append (s, "<section class=\"links\"><h2 id=\"links\">Links</h2>\n<div class=\"wide\"><table>"
                            "<thead><tr><th>From</th><th>Link</th><th>To</th><th>By</th></tr></thead><tbody>\n");
      g_string_append (s, "<tr>");
      for (int end = 0; end < 2; end++)
        {
          const char *quote = (const char *) sqlite3_column_text (stmt, end == 0 ? 1 : 3);
          const char *doc = (const char *) sqlite3_column_text (stmt, end == 0 ? 2 : 4);
          guint section = GPOINTER_TO_UINT (g_hash_table_lookup (document_sections, doc));

          if (end == 1)
            {
              g_string_append (s, "<td>");
              esc (s, (const char *) sqlite3_column_text (stmt, 0));
              g_string_append (s, " →</td>");
              /* A link to an entity of the register names it, as the register does. */
              if (sqlite3_column_type (stmt, 6) != SQLITE_NULL)
                {
                  g_string_append (s, "<td>");
                  esc (s, quote);
                  g_string_append (s, "</td>");
                  continue;
                }
            }
          g_string_append_printf (s, "<td><a href=\"#d%u\">“", section);
          esc (s, quote);
          g_string_append (s, "”</a></td>");
        }
      g_string_append (s, "<td>");
      esc (s, (const char *) sqlite3_column_text (stmt, 5));
      g_string_append (s, "</td></tr>\n");
      if (s->len >= FLUSH_AT && !html_flush (pass->h, error))
        {
          sqlite3_finalize (stmt);
          return FALSE;
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (pass->store, rc, "listing links for the report", error);
      return FALSE;
    }
  if (n > 0)
    g_string_append (s, "</tbody></table></div>\n</section>\n");
  return TRUE;
}

/* Mentions group by entity when linked to one, else by their quote whatever its case
 * and spacing. */
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

static void
entity_key_sql (sqlite3_context *context,
                int              argc,
                sqlite3_value  **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);
  g_autofree char *key = NULL;
  g_autofree char *collate = NULL;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    {
      sqlite3_result_null (context);
      return;
    }
  key = entity_key (text);
  collate = g_utf8_collate_key (key, -1);
  sqlite3_result_text (context, collate, -1, SQLITE_TRANSIENT);
  (void) argc;
}

static void
write_group (GString    *s,
             const char *name,
             const char *label,
             const char *ref,
             GArray     *numbers,
             GPtrArray  *titles)
{
  g_string_append (s, "<li><strong>");
  esc (s, name);
  g_string_append (s, "</strong> <span class=\"kind\">");
  esc (s, label);
  if (ref != NULL)
    {
      g_string_append (s, ", ");
      if (g_str_has_prefix (ref, "https://") || g_str_has_prefix (ref, "http://"))
        {
          g_string_append (s, "<a href=\"");
          esc (s, ref);
          g_string_append (s, "\">");
          esc (s, ref);
          g_string_append (s, "</a>");
        }
      else
        esc (s, ref);
    }
  g_string_append_printf (s, ", %u mention%s</span>: ", numbers->len, numbers->len == 1 ? "" : "s");
  for (guint j = 0; j < numbers->len; j++)
    {
      if (j > 0)
        g_string_append (s, ", ");
      write_mention_link (s, g_array_index (numbers, guint, j), titles->pdata[j]);
    }
  g_string_append (s, "</li>\n");
}

/* The entity index from one sorted query: each group's mentions arrive together, so
 * only one group is in memory. A mention's number is found again from its position:
 * rank among the annotations in scope in the order the documents were written. */
static gboolean
write_entity_index (Pass     *pass,
                    GError  **error)
{
  GString *s = pass->h->buf;
  sqlite3 *db = gloss_store_get_db (pass->store);
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *group = NULL;
  g_autofree char *name = NULL;
  g_autofree char *label = NULL;
  g_autofree char *ref = NULL;
  guint n_groups = 0;
  gboolean ok = TRUE;
  int rc;

  if (sqlite3_create_function_v2 (db, "gloss_report_key", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY,
                                  NULL, entity_key_sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      gloss_store_set_sqlite_error (pass->store, sqlite3_errcode (db), "preparing the entity index", error);
      return FALSE;
    }
  /* The numbering of the marks: every annotation in scope, by document and then in
   * text order, as for_each_of_kind() and the documents count them. */
  rc = sqlite3_prepare_v2 (db,
      "WITH scoped AS (SELECT a.pk AS pk, a.entity AS entity, a.quote AS quote, l.name AS label, l.kind AS kind, "
      "                       d.title AS title, "
      "                       row_number () OVER (ORDER BY d.pk, a.span_start, a.span_end, a.id) AS number "
      "                FROM annotations a JOIN documents d ON d.pk = a.document JOIN labels l ON l.pk = a.label "
      "                LEFT JOIN annotators p ON p.pk = a.annotator "
      "                WHERE a.deleted = 0 AND d.deleted = 0 AND l.deleted = 0 "
      "                AND (?1 IS NULL OR d.id IN (SELECT value FROM json_each (?1))) "
      "                AND (?2 IS NULL OR l.id IN (SELECT value FROM json_each (?2))) "
      "                AND (?3 IS NULL OR p.name IN (SELECT value FROM json_each (?3))) "
      "                AND (?4 IS NULL OR a.created >= ?4) AND (?5 IS NULL OR a.created < ?5)) "
      "SELECT CASE WHEN e.pk IS NOT NULL THEN 'e' || e.id ELSE 'q' || gloss_report_key (s.quote) END AS grp, "
      "       coalesce (e.name, s.quote), coalesce (el.name, s.label), e.external_ref, s.number, s.title "
      "FROM scoped s LEFT JOIN entities e ON e.pk = s.entity LEFT JOIN labels el ON el.pk = e.label "
      "WHERE s.kind = 'entity' OR e.pk IS NOT NULL "
      "ORDER BY gloss_report_key (coalesce (e.name, s.quote)), grp, s.number", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      gloss_store_set_sqlite_error (pass->store, rc, "preparing the entity index", error);
      return FALSE;
    }
  gloss_scope_sql_bind (stmt, pass->sql);

  g_string_append (s, "<section class=\"index\"><h2 id=\"entities\">Entity index</h2>\n");
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *row_group = (const char *) sqlite3_column_text (stmt, 0);
      guint number = (guint) sqlite3_column_int64 (stmt, 4);

      if (g_strcmp0 (row_group, group) != 0)
        {
          if (group != NULL)
            write_group (s, name, label, ref, numbers, titles);
          else
            g_string_append (s, "<ul class=\"entities\">\n");
          n_groups++;
          g_free (group);
          g_free (name);
          g_free (label);
          g_free (ref);
          group = gloss_column_dup (stmt, 0);
          name = gloss_column_dup (stmt, 1);
          label = gloss_column_dup (stmt, 2);
          ref = gloss_column_dup (stmt, 3);
          g_array_set_size (numbers, 0);
          g_ptr_array_set_size (titles, 0);
          if (s->len >= FLUSH_AT && !html_flush (pass->h, error))
            {
              ok = FALSE;
              break;
            }
        }
      g_array_append_val (numbers, number);
      g_ptr_array_add (titles, gloss_column_dup (stmt, 5));
    }
  if (ok && rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (pass->store, rc, "writing the entity index", error);
      ok = FALSE;
    }
  sqlite3_finalize (stmt);
  if (!ok)
    return FALSE;
  if (n_groups == 0)
    g_string_append (s, "<p>No entities in scope.</p>\n");
  else
    {
      write_group (s, name, label, ref, numbers, titles);
      g_string_append (s, "</ul>\n");
    }
  g_string_append (s, "</section>\n");
  return TRUE;
}

/* The document's properties: its TLP marking first and large, then the grading and
 * the bibliographic details that are set. */
static void
write_properties (GString             *s,
                  const GlossDocument *doc)
{
  gboolean any = doc->reliability || doc->author || doc->publisher || doc->published || doc->url;

  if (doc->tlp != NULL)
    write_marking (s, doc->tlp, "marking");
  if (!any)
    return;
  g_string_append (s, "<dl class=\"props\">");
  if (doc->reliability != NULL)
    {
      const char *described = gloss_reliability_describe (doc->reliability);

      g_string_append (s, "<dt>Source reliability</dt><dd>");
      esc (s, doc->reliability);
      if (described != NULL)
        {
          g_string_append (s, " — ");
          esc (s, described);
        }
      g_string_append (s, "</dd>");
    }
  if (doc->author != NULL)
    {
      g_string_append (s, "<dt>Author</dt><dd>");
      esc (s, doc->author);
      g_string_append (s, "</dd>");
    }
  if (doc->publisher != NULL)
    {
      g_string_append (s, "<dt>Publisher</dt><dd>");
      esc (s, doc->publisher);
      g_string_append (s, "</dd>");
    }
  if (doc->published != NULL)
    {
      g_string_append (s, "<dt>Published</dt><dd>");
      esc (s, doc->published);
      g_string_append (s, "</dd>");
    }
  if (doc->url != NULL)
    {
      g_string_append (s, "<dt>URL</dt><dd>");
      if (g_str_has_prefix (doc->url, "https://") || g_str_has_prefix (doc->url, "http://"))
        {
          g_string_append (s, "<a href=\"");
          esc (s, doc->url);
          g_string_append (s, "\">");
          esc (s, doc->url);
          g_string_append (s, "</a>");
        }
      else
        esc (s, doc->url);
      g_string_append (s, "</dd>");
    }
  g_string_append (s, "</dl>\n");
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
 * risks, an index of entity mentions and the links between annotations. The most
 * restrictive TLP marking of its documents stands at its top and bottom. Every string from the project is escaped.
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
  g_autoptr(GHashTable) label_kinds = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GlossExportExtras) extras = gloss_export_extras_new (store);
  int matrix[5][5] = { { 0 } };
  guint n_claims = 0, n_risks = 0, n_unplaced = 0;
  GlossExportCounts counts;
  Pass pass;
  g_autofree char *name = NULL;
  g_autofree char *now = report_time ();
  g_autofree char *now_readable = NULL;
  g_autoptr(GHashTable) document_sections = g_hash_table_new (g_str_hash, g_str_equal);
  const char *highest = NULL;
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
  if (labels == NULL || !gloss_export_count (store, &sql, &counts, error))
    goto out;
  pass = (Pass) { store, &sql, documents, label_kinds, extras, &h, cancellable };

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
      g_hash_table_insert (label_kinds, l->id, l->kind);
      g_string_append_printf (buf, ".l%u{background:rgba(%u,%u,%u,.28);border-bottom:2px solid %s}\n",
                              i + 1, r, g, b, colour);
    }
  g_string_append (buf, "</style>\n</head>\n<body>\n<header>\n");
  /* The most restrictive marking of the documents in it marks the whole report. */
  for (guint i = 0; i < documents->len; i++)
    {
      GlossDocument *d = documents->pdata[i];

      g_hash_table_insert (document_sections, d->id, GUINT_TO_POINTER (i + 1));
      if (tlp_rank (d->tlp) > tlp_rank (highest))
        highest = d->tlp;
    }
  if (highest != NULL)
    write_marking (buf, highest, "banner");
  g_string_append (buf, "<h1>");
  esc (buf, name);
  now_readable = readable_time (now);
  g_string_append (buf, "</h1>\n<p class=\"meta\">Gloss report generated <time datetime=\"");
  esc (buf, now);
  g_string_append (buf, "\">");
  esc (buf, now_readable);
  g_string_append (buf, "</time>");
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
            n_claims++;
          else if (g_str_equal (label->kind, GLOSS_LABEL_KIND_RISK))
            {
              /* Only the 25 counts of the matrix are kept from here. */
              g_autoptr(GPtrArray) values = gloss_export_extras_list_values (extras, a, error);
              const GlossExportValue *l, *im;
              guint64 lv = 0, iv = 0;

              if (values == NULL)
                goto out;
              n_risks++;
              l = gloss_export_values_find (values, GLOSS_FIELD_LIKELIHOOD);
              im = gloss_export_values_find (values, GLOSS_FIELD_IMPACT);
              if (l != NULL && im != NULL && g_ascii_string_to_unsigned (l->value, 10, 1, 5, &lv, NULL) &&
                  g_ascii_string_to_unsigned (im->value, 10, 1, 5, &iv, NULL))
                matrix[lv - 1][iv - 1]++;
              else
                n_unplaced++;
            }
        }
      g_array_sort (spans, compare_spans);
      /* Notes are numbered in the order of the list under the text. */
      for (guint j = 0; j < spans->len; j++)
        if (g_array_index (spans, Span, j).a->note != NULL)
          g_array_index (spans, Span, j).note_number = ++n_notes;

      g_string_append_printf (buf, "<section class=\"document\" id=\"d%u\">\n<h2>", i + 1);
      esc (buf, doc->title);
      g_string_append (buf, "</h2>\n");
      write_properties (buf, doc);
      g_string_append_printf (buf, "<p class=\"meta\">%u annotation%s</p>\n",
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

  /* The tables after the documents come from further passes over the project, not
   * from memory: a million annotations need no more than the documents did. */
  g_string_append (buf, "<section class=\"claims\"><h2 id=\"claims\">Claims</h2>\n");
  if (n_claims == 0)
    g_string_append (buf, "<p>No claims in scope.</p>\n");
  else
    {
      g_string_append (buf, "<div class=\"wide\"><table><thead><tr><th>Quote</th><th>Speaker</th><th>Type</th><th>Likelihood</th>"
                            "<th>Confidence</th><th>Credibility</th><th>Status</th><th>Note</th><th>Document</th>"
                            "</tr></thead><tbody>\n");
      if (!for_each_of_kind (&pass, GLOSS_LABEL_KIND_CLAIM, claim_row, error))
        goto out;
      g_string_append (buf, "</tbody></table></div>\n");
    }
  g_string_append (buf, "</section>\n");

  g_string_append (buf, "<section class=\"risks\"><h2 id=\"risks\">Risks</h2>\n");
  if (n_risks == 0)
    g_string_append (buf, "<p>No risks in scope.</p>\n");
  else
    {
      write_matrix (buf, (const int (*)[5]) matrix, n_unplaced);
      g_string_append (buf, "<div class=\"wide\"><table><thead><tr><th>Quote</th><th>Category</th><th>Likelihood</th><th>Impact</th>"
                            "<th>Score</th><th>Time horizon</th><th>Rationale</th><th>Note</th><th>Document</th>"
                            "</tr></thead><tbody>\n");
      if (!for_each_of_kind (&pass, GLOSS_LABEL_KIND_RISK, risk_row, error))
        goto out;
      g_string_append (buf, "</tbody></table></div>\n");
      if (n_unplaced > 0)
        {
          g_autofree char *msg = g_strdup_printf ("%u risk(s) have no likelihood or no impact and are listed but not "
                                                  "placed in the risk matrix.", n_unplaced);
          warn_once (warnings, msg);
        }
    }
  g_string_append (buf, "</section>\n");

  if (!write_entity_index (&pass, error))
    goto out;
  if (!gloss_ach_append_report_section (store, buf, error))
    goto out;
  if (counts.relations > 0 && !write_links (&pass, document_sections, error))
    goto out;
  if (highest != NULL)
    write_marking (buf, highest, "banner");
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

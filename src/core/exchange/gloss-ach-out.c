/* gloss-ach-out.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An analysis of competing hypotheses out of the project: the matrix as CSV (for a
 * spreadsheet) and as a coloured HTML table in the report, with the hypotheses in
 * the order of their scores and each evidence row's excerpt, source and grading.
 */
#define G_LOG_DOMAIN "gloss-ach"

#include "config.h"

#include <string.h>

#include "gloss-ach-out.h"
#include "gloss-csv.h"

/* ------------------------------------------------------------------------- */
/* Cells                                                                      */

/* The ratings of one cell: "C" when every counted analyst says C, else
 * "Ana: C; Bo: II"; "" when nobody rated it. */
char *
gloss_ach_cell_text (const GlossAchMatrix *m,
                     const char           *analyst,
                     guint                 e,
                     guint                 h)
{
  GString *out = g_string_new (NULL);
  GlossAchRating first = GLOSS_ACH_NONE;
  gboolean same = TRUE;
  guint n = 0;

  for (guint a = 0; a < m->analysts->len; a++)
    {
      GlossAchRating r;

      if (analyst != NULL && g_strcmp0 (analyst, m->analysts->pdata[a]) != 0)
        continue;
      r = gloss_ach_matrix_get (m, a, e, h);
      if (r == GLOSS_ACH_NONE)
        continue;
      if (n == 0)
        first = r;
      else if (r != first)
        same = FALSE;
      g_string_append_printf (out, "%s%s: %s", n ? "; " : "", (char *) m->analysts->pdata[a],
                              gloss_ach_rating_to_string (r));
      n++;
    }
  if (n > 0 && same)
    {
      g_string_free (out, TRUE);
      return g_strdup (gloss_ach_rating_to_string (first));
    }
  return g_string_free (out, FALSE);
}

const char *
gloss_ach_evidence_excerpt (const GlossAchEvidence *e)
{
  if (e->quote != NULL)
    return e->quote;
  return e->text ? e->text : "";
}

/* "B2" style grading of an annotation's source, or NULL. */
char *
gloss_ach_evidence_grading (const GlossAchEvidence *e)
{
  if (e->reliability == NULL && e->info_credibility == NULL)
    return NULL;
  return g_strdup_printf ("%s%s", e->reliability ? e->reliability : "?", e->info_credibility ? e->info_credibility : "?");
}

/* ------------------------------------------------------------------------- */
/* CSV                                                                        */

static void
csv_number (GString *s,
            double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (s, ',');
  g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.4g", v));
}

#define CSV_FIXED 9   /* columns before the hypotheses */

char *
gloss_ach_to_csv (const GlossAchMatrix *m,
                  const GlossAchScores *scores,
                  const char           *analyst)
{
  GString *s = g_string_new (NULL);
  static const char * const heads[CSV_FIXED] = {
    "evidence", "kind", "excerpt", "document", "page", "grading", "credibility", "relevance", "diagnosticity",
  };
  static const char * const score_rows[] = { "inconsistency", "weighted inconsistency", "normalised", "rank" };

  for (guint i = 0; i < CSV_FIXED; i++)
    gloss_csv_append_field (s, heads[i], i == 0, TRUE);
  gloss_csv_append_field (s, "linchpin", FALSE, TRUE);
  for (guint k = 0; k < scores->n_hypotheses; k++)
    gloss_csv_append_field (s, ((GlossAchHypothesis *) m->hypotheses->pdata[scores->order[k]])->title, FALSE, TRUE);
  g_string_append (s, "\r\n");

  /* The scores, one row each, under their hypotheses. */
  for (guint r = 0; r < G_N_ELEMENTS (score_rows); r++)
    {
      gloss_csv_append_field (s, score_rows[r], TRUE, TRUE);
      for (guint i = 1; i <= CSV_FIXED; i++)
        gloss_csv_append_field (s, NULL, FALSE, TRUE);
      for (guint k = 0; k < scores->n_hypotheses; k++)
        {
          guint h = scores->order[k];

          if (r == 0)
            csv_number (s, scores->inconsistency[h]);
          else if (r == 1)
            csv_number (s, scores->weighted[h]);
          else if (r == 2)
            csv_number (s, scores->normalised[h]);
          else
            g_string_append_printf (s, ",%u", k + 1);
        }
      g_string_append (s, "\r\n");
    }

  for (guint e = 0; e < scores->n_evidence; e++)
    {
      const GlossAchEvidence *ev = m->evidence->pdata[e];
      g_autofree char *grading = gloss_ach_evidence_grading (ev);
      g_autofree char *number = g_strdup_printf ("E%u", e + 1);

      gloss_csv_append_field (s, number, TRUE, TRUE);
      gloss_csv_append_field (s, ev->source_deleted ? "source deleted" : gloss_ach_evidence_kind_to_string (ev->kind), FALSE, TRUE);
      gloss_csv_append_field (s, gloss_ach_evidence_excerpt (ev), FALSE, TRUE);
      gloss_csv_append_field (s, ev->document_title, FALSE, TRUE);
      gloss_csv_append_field (s, ev->page, FALSE, TRUE);
      gloss_csv_append_field (s, grading, FALSE, TRUE);
      gloss_csv_append_field (s, gloss_ach_level_to_string (ev->credibility), FALSE, TRUE);
      gloss_csv_append_field (s, gloss_ach_level_to_string (ev->relevance), FALSE, TRUE);
      csv_number (s, scores->diagnosticity[e]);
      gloss_csv_append_field (s, scores->linchpin[e] ? "yes" : "", FALSE, TRUE);
      for (guint k = 0; k < scores->n_hypotheses; k++)
        {
          g_autofree char *cell = gloss_ach_cell_text (m, analyst, e, scores->order[k]);

          gloss_csv_append_field (s, cell, FALSE, TRUE);
        }
      g_string_append (s, "\r\n");
    }
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------------------- */
/* HTML                                                                       */

static void
esc (GString    *s,
     const char *text)
{
  for (const char *p = text ? text : ""; *p; p++)
    switch (*p)
      {
      case '&': g_string_append (s, "&amp;"); break;
      case '<': g_string_append (s, "&lt;"); break;
      case '>': g_string_append (s, "&gt;"); break;
      case '"': g_string_append (s, "&quot;"); break;
      case '\'': g_string_append (s, "&#39;"); break;
      default: g_string_append_c (s, *p);
      }
}

const char gloss_ach_html_style[] =
  "<style>table.ach td.r{text-align:center;font-weight:bold;white-space:nowrap}"
  ".ach .r-CC{background:#57e389}.ach .r-C{background:#b5f0c4}.ach .r-N{background:#f6f5f4}"
  ".ach .r-I{background:#ffbe6f}.ach .r-II{background:#f66151}.ach .r-NA{background:#deddda;color:#5e5c64}"
  ".ach .r-mixed{background:repeating-linear-gradient(45deg,#f9f06b,#f9f06b 4px,#fff 4px,#fff 8px)}"
  ".ach tr.nd td{opacity:.55}.ach .linchpin{font-weight:bold;color:#a51d2d}.ach .src{color:#555;font-size:.85em}"
  "@media print{.ach td.r{-webkit-print-color-adjust:exact;print-color-adjust:exact}}</style>\n";

void
gloss_ach_append_html (GString              *s,
                       const GlossAchMatrix *m,
                       const GlossAchScores *scores,
                       guint                 number)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (s, "<h3 id=\"ach%u\">", number);
  esc (s, m->analysis->question);
  g_string_append (s, "</h3>\n");
  if (m->analysis->description)
    {
      g_string_append (s, "<p>");
      esc (s, m->analysis->description);
      g_string_append (s, "</p>\n");
    }
  g_string_append_printf (s, "<p class=\"meta\">%u hypotheses, %u evidence rows, ratings by %u analyst(s)%s. "
                          "Hypotheses are ordered from least to most weighted inconsistency; the lowest is the most "
                          "likely. Faded rows are not diagnostic; rows marked ◆ are linchpins (removing or re-rating "
                          "them changes the top hypothesis).</p>\n",
                          scores->n_hypotheses, scores->n_evidence, scores->n_analysts,
                          scores->top_tied ? "; the first two hypotheses are tied" : "");
  if (scores->n_hypotheses == 0)
    return;
  g_string_append (s, "<table class=\"ach\"><thead><tr><th>Evidence</th><th>Cred.</th><th>Rel.</th>");
  for (guint k = 0; k < scores->n_hypotheses; k++)
    {
      g_string_append (s, "<th>");
      esc (s, ((GlossAchHypothesis *) m->hypotheses->pdata[scores->order[k]])->title);
      g_string_append (s, "</th>");
    }
  g_string_append (s, "</tr>\n<tr><th>Weighted inconsistency (normalised)</th><th></th><th></th>");
  for (guint k = 0; k < scores->n_hypotheses; k++)
    {
      guint h = scores->order[k];

      g_string_append_printf (s, "<th>%s", g_ascii_formatd (buf, sizeof buf, "%.3g", scores->weighted[h]));
      g_string_append_printf (s, " (%s)", g_ascii_formatd (buf, sizeof buf, "%.2f", scores->normalised[h]));
      if (scores->disagreement[h] > 0)
        g_string_append_printf (s, "<br><span class=\"src\">%u disputed</span>", scores->disagreement[h]);
      g_string_append (s, "</th>");
    }
  g_string_append (s, "</tr></thead><tbody>\n");
  for (guint e = 0; e < scores->n_evidence; e++)
    {
      const GlossAchEvidence *ev = m->evidence->pdata[e];
      g_autofree char *grading = gloss_ach_evidence_grading (ev);

      g_string_append_printf (s, "<tr%s><td>", gloss_ach_scores_is_diagnostic (scores, e) ? "" : " class=\"nd\"");
      if (scores->linchpin[e])
        g_string_append (s, "<span class=\"linchpin\" title=\"linchpin\">◆</span> ");
      esc (s, gloss_ach_evidence_excerpt (ev));
      g_string_append (s, "<br><span class=\"src\">");
      if (ev->source_deleted)
        g_string_append (s, "source deleted · ");
      if (ev->document_title)
        esc (s, ev->document_title);
      else
        esc (s, gloss_ach_evidence_kind_to_string (ev->kind));
      if (ev->page)
        {
          g_string_append (s, ", p. ");
          esc (s, ev->page);
        }
      if (grading)
        {
          g_string_append (s, " · ");
          esc (s, grading);
        }
      g_string_append (s, "</span></td>");
      g_string_append_printf (s, "<td>%s</td><td>%s</td>", gloss_ach_level_to_string (ev->credibility),
                              gloss_ach_level_to_string (ev->relevance));
      for (guint k = 0; k < scores->n_hypotheses; k++)
        {
          g_autofree char *cell = gloss_ach_cell_text (m, NULL, e, scores->order[k]);
          gboolean mixed = strchr (cell, ':') != NULL;

          g_string_append_printf (s, "<td class=\"r r-%s\">", mixed ? "mixed" : *cell ? cell : "none");
          esc (s, cell);
          g_string_append (s, "</td>");
        }
      g_string_append (s, "</tr>\n");
    }
  g_string_append (s, "</tbody></table>\n");
}

gboolean
gloss_ach_append_report_section (GlossStore *store,
                                 GString    *s,
                                 GError    **error)
{
  g_autoptr(GPtrArray) analyses = gloss_store_list_ach_analyses (store, error);

  if (analyses == NULL)
    return FALSE;
  if (analyses->len == 0)
    return TRUE;
  g_string_append (s, "<section class=\"ach\"><h2 id=\"analyses\">Analyses of competing hypotheses</h2>\n");
  g_string_append (s, gloss_ach_html_style);
  for (guint i = 0; i < analyses->len; i++)
    {
      g_autoptr(GlossAchMatrix) m = gloss_store_load_ach (store, ((GlossAchAnalysis *) analyses->pdata[i])->id, error);
      g_autoptr(GlossAchScores) scores = NULL;

      if (m == NULL)
        return FALSE;
      scores = gloss_ach_scores_compute (m, NULL);
      gloss_ach_append_html (s, m, scores, i + 1);
    }
  g_string_append (s, "</section>\n");
  return TRUE;
}

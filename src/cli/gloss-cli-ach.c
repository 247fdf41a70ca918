/* gloss-cli-ach.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `gloss-cli ach`: analyses of competing hypotheses from the command line. Every
 * change goes through the same gloss_session_ach_* functions as the workbench.
 */
#define G_LOG_DOMAIN "gloss-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "gloss-ach-out.h"
#include "gloss-ach-scores.h"
#include "gloss-session-ach.h"
#include "gloss-store.h"
#include "gloss-file.h"

#define EXIT_USAGE 2

int gloss_cli_ach (int argc, char **argv);

static int
ach_usage (GOptionContext *context,
           const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("gloss-cli: %s\n\n%s", message, help);
  return EXIT_USAGE;
}

static int
ach_fail (const GError *error)
{
  g_printerr ("gloss-cli: %s\n", error->message);
  return 1;
}

static void
field (GString    *out,
       const char *text)
{
  for (const char *p = text ? text : ""; *p; p++)
    {
      if (*p == '\t')
        g_string_append (out, "\\t");
      else if (*p == '\n')
        g_string_append (out, "\\n");
      else if (*p == '\\')
        g_string_append (out, "\\\\");
      else
        g_string_append_c (out, *p);
    }
}

static const char *
default_analyst (void)
{
  const char *name = g_getenv ("GLOSS_ANNOTATOR");

  if (name && *name)
    return name;
  name = g_get_real_name ();
  if (name && *name && g_strcmp0 (name, "Unknown") != 0)
    return name;
  return g_get_user_name ();
}

static char *
print_json (JsonBuilder *b)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (b);

  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}

static void
member_string (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
member_double (JsonBuilder *b, const char *name, double value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_double_value (b, value);
}

static int
list_analyses (GlossStore *store,
               gboolean    json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = gloss_store_list_ach_analyses (store, &error);
  g_autoptr(GString) out = g_string_new (NULL);

  if (list == NULL)
    return ach_fail (error);
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autofree char *text = NULL;

      json_builder_begin_array (b);
      for (guint i = 0; i < list->len; i++)
        {
          GlossAchAnalysis *a = list->pdata[i];

          json_builder_begin_object (b);
          member_string (b, "id", a->id);
          member_string (b, "question", a->question);
          member_string (b, "description", a->description);
          json_builder_set_member_name (b, "hypotheses");
          json_builder_add_int_value (b, a->n_hypotheses);
          json_builder_set_member_name (b, "evidence");
          json_builder_add_int_value (b, a->n_evidence);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      text = print_json (b);
      g_print ("%s\n", text);
      return 0;
    }
  for (guint i = 0; i < list->len; i++)
    {
      GlossAchAnalysis *a = list->pdata[i];

      g_string_append_printf (out, "%s\t", a->id);
      field (out, a->question);
      g_string_append_printf (out, "\t%u\t%u\n", a->n_hypotheses, a->n_evidence);
    }
  fputs (out->str, stdout);
  return 0;
}

static int
print_scores (GlossAchMatrix *m,
              const char     *analyst,
              gboolean        json)
{
  g_autoptr(GlossAchScores) s = gloss_ach_scores_compute (m, analyst);
  g_autoptr(GString) out = g_string_new (NULL);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autofree char *text = NULL;

      json_builder_begin_object (b);
      member_string (b, "id", m->analysis->id);
      member_string (b, "question", m->analysis->question);
      member_string (b, "analyst", analyst);
      json_builder_set_member_name (b, "analysts");
      json_builder_begin_array (b);
      for (guint a = 0; a < m->analysts->len; a++)
        json_builder_add_string_value (b, m->analysts->pdata[a]);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "top_tied");
      json_builder_add_boolean_value (b, s->top_tied);
      json_builder_set_member_name (b, "hypotheses");
      json_builder_begin_array (b);
      for (guint k = 0; k < s->n_hypotheses; k++)
        {
          guint h = s->order[k];
          GlossAchHypothesis *hy = m->hypotheses->pdata[h];

          json_builder_begin_object (b);
          member_string (b, "id", hy->id);
          member_string (b, "title", hy->title);
          json_builder_set_member_name (b, "rank");
          json_builder_add_int_value (b, k + 1);
          member_double (b, "inconsistency", s->inconsistency[h]);
          member_double (b, "weighted", s->weighted[h]);
          member_double (b, "normalised", s->normalised[h]);
          json_builder_set_member_name (b, "rated");
          json_builder_add_int_value (b, s->rated[h]);
          json_builder_set_member_name (b, "disagreements");
          json_builder_add_int_value (b, s->disagreement[h]);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "evidence");
      json_builder_begin_array (b);
      for (guint e = 0; e < s->n_evidence; e++)
        {
          GlossAchEvidence *ev = m->evidence->pdata[e];

          json_builder_begin_object (b);
          member_string (b, "id", ev->id);
          member_string (b, "kind", gloss_ach_evidence_kind_to_string (ev->kind));
          member_string (b, "annotation", ev->annotation_id);
          member_string (b, "document", ev->document_id);
          member_string (b, "excerpt", gloss_ach_evidence_excerpt (ev));
          member_string (b, "credibility", gloss_ach_level_to_string (ev->credibility));
          member_string (b, "relevance", gloss_ach_level_to_string (ev->relevance));
          json_builder_set_member_name (b, "source_deleted");
          json_builder_add_boolean_value (b, ev->source_deleted);
          member_double (b, "diagnosticity", s->diagnosticity[e]);
          json_builder_set_member_name (b, "linchpin");
          json_builder_add_boolean_value (b, s->linchpin[e]);
          json_builder_set_member_name (b, "ratings");
          json_builder_begin_object (b);
          for (guint h = 0; h < s->n_hypotheses; h++)
            {
              json_builder_set_member_name (b, ((GlossAchHypothesis *) m->hypotheses->pdata[h])->id);
              json_builder_begin_object (b);
              for (guint a = 0; a < m->analysts->len; a++)
                {
                  GlossAchRating r = gloss_ach_matrix_get (m, a, e, h);

                  if (r == GLOSS_ACH_NONE || (analyst && g_strcmp0 (analyst, m->analysts->pdata[a]) != 0))
                    continue;
                  member_string (b, m->analysts->pdata[a], gloss_ach_rating_to_string (r));
                }
              json_builder_end_object (b);
            }
          json_builder_end_object (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      text = print_json (b);
      g_print ("%s\n", text);
      return 0;
    }

  g_string_append (out, "# ");
  field (out, m->analysis->question);
  g_string_append_printf (out, "\n# rank\thypothesis\ttitle\tinconsistency\tweighted\tnormalised\trated\tdisagreements\n");
  for (guint k = 0; k < s->n_hypotheses; k++)
    {
      guint h = s->order[k];
      GlossAchHypothesis *hy = m->hypotheses->pdata[h];

      g_string_append_printf (out, "%u\t%s\t", k + 1, hy->id);
      field (out, hy->title);
      g_string_append_printf (out, "\t%s", g_ascii_formatd (buf, sizeof buf, "%g", s->inconsistency[h]));
      g_string_append_printf (out, "\t%s", g_ascii_formatd (buf, sizeof buf, "%g", s->weighted[h]));
      g_string_append_printf (out, "\t%s\t%u\t%u\n", g_ascii_formatd (buf, sizeof buf, "%.4f", s->normalised[h]),
                              s->rated[h], s->disagreement[h]);
    }
  if (s->top_tied)
    g_string_append (out, "# the first two hypotheses are tied\n");
  g_string_append (out, "# evidence\tkind\tcredibility\trelevance\tdiagnosticity\tlinchpin\tratings (in rank order)\texcerpt\n");
  for (guint e = 0; e < s->n_evidence; e++)
    {
      GlossAchEvidence *ev = m->evidence->pdata[e];

      g_string_append_printf (out, "%s\t%s\t%s\t%s\t%s\t%s\t", ev->id,
                              ev->source_deleted ? "source deleted" : gloss_ach_evidence_kind_to_string (ev->kind),
                              gloss_ach_level_to_string (ev->credibility), gloss_ach_level_to_string (ev->relevance),
                              g_ascii_formatd (buf, sizeof buf, "%g", s->diagnosticity[e]),
                              s->linchpin[e] ? "linchpin" : "-");
      for (guint k = 0; k < s->n_hypotheses; k++)
        {
          g_autofree char *cell = gloss_ach_cell_text (m, analyst, e, s->order[k]);

          g_string_append_printf (out, "%s%s", k ? " " : "", *cell ? cell : "-");
        }
      g_string_append_c (out, '\t');
      field (out, gloss_ach_evidence_excerpt (ev));
      g_string_append_c (out, '\n');
    }
  fputs (out->str, stdout);
  return 0;
}

int
gloss_cli_ach (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("PROJECT [list | new QUESTION | hypothesis ANALYSIS TITLE |\n"
      "  evidence ANALYSIS ANNOTATION-ID... | evidence ANALYSIS --text TEXT [--kind K] |\n"
      "  grade EVIDENCE-ID | rate EVIDENCE-ID HYPOTHESIS-ID RATING | scores ANALYSIS | csv ANALYSIS]");
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GlossSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL, *text = NULL, *kind = NULL, *credibility = NULL, *relevance = NULL;
  g_autofree char *analyst = NULL, *output = NULL;
  gboolean json = FALSE;
  const char *verb;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "list, scores: print JSON", NULL },
    { "description", 'd', 0, G_OPTION_ARG_STRING, &description, "new, hypothesis: a description", "TEXT" },
    { "text", 't', 0, G_OPTION_ARG_STRING, &text, "evidence: free text instead of annotations", "TEXT" },
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &kind, "evidence --text: assumption, absence or text (default)", "KIND" },
    { "credibility", 'c', 0, G_OPTION_ARG_STRING, &credibility, "grade: H, M, L or default", "LEVEL" },
    { "relevance", 'r', 0, G_OPTION_ARG_STRING, &relevance, "grade: H, M, L or default", "LEVEL" },
    { "analyst", 'a', 0, G_OPTION_ARG_STRING, &analyst,
      "rate: who rates (default: $GLOSS_ANNOTATOR or your name); scores, csv: only this analyst's ratings", "NAME" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "csv: write to PATH instead of standard output", "PATH" },
    { NULL }
  };

  g_option_context_set_summary (context,
      "Analysis of Competing Hypotheses. Without a verb, or with list, prints the analyses:\n"
      "\"<id>\\t<question>\\t<hypotheses>\\t<evidence rows>\". new, hypothesis and evidence print the new ids.\n"
      "rate takes CC, C, N, I, II or NA (or 1-6; \"none\" clears). scores prints the hypotheses ranked by\n"
      "weighted inconsistency (least first) and each evidence row with its diagnosticity and whether it is\n"
      "a linchpin. ANALYSIS is an id, a unique id prefix or the exact question.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return ach_usage (context, error->message);
  if (argc < 2)
    return ach_usage (context, "ach takes a PROJECT");
  verb = argc >= 3 ? argv[2] : "list";

  store = gloss_store_open (argv[1], g_str_equal (verb, "list") || g_str_equal (verb, "scores") ||
                                     g_str_equal (verb, "csv") ? GLOSS_STORE_OPEN_ALLOW_READ_ONLY
                                                               : GLOSS_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    return ach_fail (error);
  gloss_store_set_user (store, analyst ? analyst : default_analyst ());
  session = gloss_session_new (store, NULL);

  if (g_str_equal (verb, "list"))
    return argc <= 3 ? list_analyses (store, json) : ach_usage (context, "list takes no more arguments");

  if (g_str_equal (verb, "new"))
    {
      g_autofree char *id = NULL;

      if (argc != 4)
        return ach_usage (context, "new takes a QUESTION");
      if ((id = gloss_session_ach_add_analysis (session, argv[3], description, &error)) == NULL)
        return ach_fail (error);
      g_print ("%s\n", id);
      return 0;
    }

  if (g_str_equal (verb, "rate"))
    {
      GlossAchRating rating = GLOSS_ACH_NONE;

      if (argc != 6)
        return ach_usage (context, "rate takes EVIDENCE-ID HYPOTHESIS-ID RATING");
      if (g_ascii_strcasecmp (argv[5], "none") != 0 && !gloss_ach_rating_parse (argv[5], &rating, &error))
        return ach_fail (error);
      return gloss_session_ach_rate (session, argv[3], argv[4], rating, &error) ? 0 : ach_fail (error);
    }

  if (g_str_equal (verb, "grade"))
    {
      GlossAchLevel c = GLOSS_ACH_LEVEL_DEFAULT, r = GLOSS_ACH_LEVEL_DEFAULT;
      g_autoptr(GlossAchMatrix) m = NULL;

      if (argc != 4)
        return ach_usage (context, "grade takes an EVIDENCE-ID");
      if (credibility == NULL && relevance == NULL)
        return ach_usage (context, "grade needs --credibility or --relevance");
      if ((credibility && !gloss_ach_level_parse (credibility, &c, &error)) ||
          (relevance && !gloss_ach_level_parse (relevance, &r, &error)))
        return ach_fail (error);
      /* An option left out keeps the row's current override. */
      if (credibility == NULL || relevance == NULL)
        {
          g_autoptr(GPtrArray) list = gloss_store_list_ach_analyses (store, &error);

          for (guint i = 0; list && i < list->len && m == NULL; i++)
            {
              g_autoptr(GlossAchMatrix) one = gloss_store_load_ach (store, ((GlossAchAnalysis *) list->pdata[i])->id, NULL);

              if (one && gloss_ach_matrix_find_evidence (one, argv[3]) >= 0)
                m = g_steal_pointer (&one);
            }
          if (m != NULL)
            {
              GlossAchEvidence *ev = m->evidence->pdata[gloss_ach_matrix_find_evidence (m, argv[3])];

              if (credibility == NULL)
                c = ev->credibility_set;
              if (relevance == NULL)
                r = ev->relevance_set;
            }
        }
      return gloss_session_ach_set_grading (session, argv[3], c, r, &error) ? 0 : ach_fail (error);
    }

  /* The rest take an ANALYSIS. */
  {
    g_autoptr(GlossAchAnalysis) analysis = NULL;

    if (argc < 4)
      return ach_usage (context, "give an ANALYSIS");
    if ((analysis = gloss_store_find_ach_analysis (store, argv[3], &error)) == NULL)
      return ach_fail (error);

    if (g_str_equal (verb, "hypothesis"))
      {
        g_autofree char *id = NULL;

        if (argc != 5)
          return ach_usage (context, "hypothesis takes ANALYSIS TITLE");
        if ((id = gloss_session_ach_add_hypothesis (session, analysis->id, argv[4], description, &error)) == NULL)
          return ach_fail (error);
        g_print ("%s\n", id);
        return 0;
      }
    if (g_str_equal (verb, "evidence"))
      {
        if (text != NULL)
          {
            GlossAchEvidenceKind k = GLOSS_ACH_EVIDENCE_TEXT;
            g_autofree char *id = NULL;

            if (argc != 4)
              return ach_usage (context, "evidence --text takes no annotation ids");
            if (kind && !gloss_ach_evidence_kind_parse (kind, &k, &error))
              return ach_fail (error);
            if ((id = gloss_session_ach_add_text_evidence (session, analysis->id, k, text, &error)) == NULL)
              return ach_fail (error);
            g_print ("%s\n", id);
          }
        else
          {
            g_auto(GStrv) ids = NULL;
            guint skipped = 0;

            if (argc < 5)
              return ach_usage (context, "evidence takes ANNOTATION-ID... or --text TEXT");
            ids = gloss_session_ach_add_evidence (session, analysis->id, (const char * const *) argv + 4, &skipped,
                                                  &error);
            if (ids == NULL)
              return ach_fail (error);
            for (guint i = 0; ids[i]; i++)
              g_print ("%s\n", ids[i]);
            if (skipped > 0)
              g_printerr ("gloss-cli: %u annotation(s) were already evidence and were skipped\n", skipped);
          }
        return 0;
      }
    if (g_str_equal (verb, "scores") || g_str_equal (verb, "csv"))
      {
        g_autoptr(GlossAchMatrix) m = gloss_store_load_ach (store, analysis->id, &error);

        if (m == NULL)
          return ach_fail (error);
        if (argc != 4)
          return ach_usage (context, "scores and csv take one ANALYSIS");
        if (g_str_equal (verb, "scores"))
          return print_scores (m, analyst, json);
        {
          g_autoptr(GlossAchScores) s = gloss_ach_scores_compute (m, analyst);
          g_autofree char *csv = gloss_ach_to_csv (m, s, analyst);

          if (output == NULL)
            {
              fputs (csv, stdout);
              return 0;
            }
          return gloss_file_write_all (output, csv, strlen (csv), &error) ? 0 : ach_fail (error);
        }
      }
  }
  {
    g_autofree char *msg = g_strdup_printf ("unknown ach verb “%s”", verb);

    return ach_usage (context, msg);
  }
}

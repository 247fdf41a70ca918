/* gloss-cli-agreement.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gloss-cli agreement: inter-annotator agreement of a project as a readable table per
 * label and overall, or as JSON.
 */
#define G_LOG_DOMAIN "gloss-cli"

#include "config.h"

#include <string.h>
#include <glib.h>

#include "gloss-agreement.h"
#include "gloss-store.h"

#define EXIT_USAGE 2

int cmd_agreement (int argc, char **argv);

static int
agreement_usage_error (GOptionContext *context,
                       const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("gloss-cli: %s\n\n%s", message, help);
  return EXIT_USAGE;
}

static int
agreement_fail (GError *error)
{
  g_printerr ("gloss-cli: %s\n", error->message);
  g_error_free (error);
  return 1;
}

/* Appends @text padded with spaces to @width characters (code points), on the left
 * when @right is set. A longer text is kept whole. */
static void
append_cell (GString    *out,
             const char *text,
             guint       width,
             gboolean    right)
{
  glong length = g_utf8_strlen (text, -1);
  guint pad = length < (glong) width ? width - (guint) length : 0;

  if (right)
    for (guint i = 0; i < pad; i++)
      g_string_append_c (out, ' ');
  g_string_append (out, text);
  if (!right)
    for (guint i = 0; i < pad; i++)
      g_string_append_c (out, ' ');
}

static void
append_measure (GString      *out,
                GlossMeasure  measure,
                gboolean     *undefined)
{
  g_autofree char *text = gloss_measure_format (measure, 3);

  g_string_append_c (out, ' ');
  append_cell (out, text, 9, TRUE);
  if (measure.status != GLOSS_MEASURE_DEFINED)
    *undefined = TRUE;
}

/* The interval in a column of 17: " [0.612, 0.853]", or "-" when none was drawn. */
static void
append_interval (GString       *out,
                 GlossInterval  interval,
                 guint          replicates)
{
  g_autofree char *text = replicates == 0 ? g_strdup ("-") : gloss_interval_format (interval, 3);

  g_string_append_c (out, ' ');
  append_cell (out, text, 16, TRUE);
}

static void
append_count (GString *out,
              guint64  count,
              guint    width)
{
  g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, count);

  g_string_append_c (out, ' ');
  append_cell (out, text, width, TRUE);
}

static guint
label_width (const GlossAgreementReport *report)
{
  guint width = 8;   /* "overall" and a space */

  for (guint l = 0; l < report->labels->len; l++)
    width = MAX (width, (guint) g_utf8_strlen (((GlossLabel *) report->labels->pdata[l])->name, -1) + 1);
  return width;
}

static void
append_pair_row (GString              *out,
                 const char           *label,
                 guint                 width,
                 guint                 width_a,
                 guint                 width_b,
                 const GlossPairStats *s,
                 guint                 replicates,
                 gboolean             *undefined)
{
  append_cell (out, label, width, FALSE);
  append_count (out, s->exact.n_a, width_a);
  append_count (out, s->exact.n_b, width_b);
  append_measure (out, gloss_span_counts_precision (&s->exact), undefined);
  append_measure (out, gloss_span_counts_recall (&s->exact), undefined);
  append_measure (out, gloss_span_counts_f1 (&s->exact), undefined);
  append_measure (out, gloss_span_counts_precision (&s->overlap), undefined);
  append_measure (out, gloss_span_counts_recall (&s->overlap), undefined);
  append_measure (out, gloss_span_counts_f1 (&s->overlap), undefined);
  append_measure (out, s->kappa, undefined);
  append_interval (out, s->kappa_ci, replicates);
  g_string_append_c (out, '\n');
}

static void
append_pair (GString                    *out,
             const GlossAgreementReport *report,
             const GlossAgreementPair   *pair,
             gboolean                   *undefined)
{
  const char *a = report->annotators[pair->a];
  const char *b = report->annotators[pair->b];
  guint width = label_width (report);
  guint width_a = MAX (6, (guint) g_utf8_strlen (a, -1));
  guint width_b = MAX (6, (guint) g_utf8_strlen (b, -1));

  g_string_append_printf (out, "\n%s against %s: %u document%s, %" G_GUINT64_FORMAT " unit%s for kappa\n",
                          b, a, pair->n_documents, pair->n_documents == 1 ? "" : "s",
                          pair->n_units, pair->n_units == 1 ? "" : "s");
  append_cell (out, "", width, FALSE);
  append_cell (out, "spans", width_a + width_b + 2, TRUE);
  append_cell (out, "exact match", 30, TRUE);
  append_cell (out, "overlap match", 30, TRUE);
  g_string_append_c (out, '\n');
  append_cell (out, "label", width, FALSE);
  g_string_append_c (out, ' ');
  append_cell (out, a, width_a, TRUE);
  g_string_append_c (out, ' ');
  append_cell (out, b, width_b, TRUE);
  for (guint k = 0; k < 2; k++)
    {
      append_cell (out, "P", 10, TRUE);
      append_cell (out, "R", 10, TRUE);
      append_cell (out, "F1", 10, TRUE);
    }
  append_cell (out, "kappa", 10, TRUE);
  append_cell (out, "95% CI", 17, TRUE);
  g_string_append_c (out, '\n');
  for (guint l = 0; l < report->labels->len; l++)
    append_pair_row (out, ((GlossLabel *) report->labels->pdata[l])->name, width, width_a, width_b,
                     &pair->labels[l], report->bootstrap, undefined);
  append_pair_row (out, "overall", width, width_a, width_b, &pair->overall, report->bootstrap, undefined);
}

static void
append_group (GString                    *out,
              const GlossAgreementReport *report,
              gboolean                   *undefined)
{
  guint width = label_width (report);

  g_string_append_printf (out, "\nAll annotators together: %" G_GUINT64_FORMAT " unit%s for alpha and Fleiss' kappa; "
                          "unitizing alpha on %u document%s (%" G_GINT64_FORMAT " character%s) every annotator coded\n",
                          report->n_units, report->n_units == 1 ? "" : "s",
                          report->n_unitized, report->n_unitized == 1 ? "" : "s",
                          report->unitized_length, report->unitized_length == 1 ? "" : "s");
  append_cell (out, "", width, FALSE);
  append_cell (out, "", 27, TRUE);
  append_cell (out, "", 27, TRUE);
  append_cell (out, "", 27, TRUE);
  append_cell (out, "mean pairwise F1", 20, TRUE);
  g_string_append_c (out, '\n');
  append_cell (out, "label", width, FALSE);
  append_cell (out, "alpha", 10, TRUE);
  append_cell (out, "95% CI", 17, TRUE);
  append_cell (out, "Fleiss", 10, TRUE);
  append_cell (out, "95% CI", 17, TRUE);
  append_cell (out, "unitizing", 10, TRUE);
  append_cell (out, "95% CI", 17, TRUE);
  append_cell (out, "exact", 10, TRUE);
  append_cell (out, "overlap", 10, TRUE);
  g_string_append_c (out, '\n');
  for (guint l = 0; l <= report->labels->len; l++)
    {
      const GlossGroupStats *g = l < report->labels->len ? &report->group[l] : &report->group_overall;

      append_cell (out, l < report->labels->len ? ((GlossLabel *) report->labels->pdata[l])->name : "overall",
                   width, FALSE);
      append_measure (out, g->alpha, undefined);
      append_interval (out, g->alpha_ci, report->bootstrap);
      append_measure (out, g->fleiss_kappa, undefined);
      append_interval (out, g->fleiss_kappa_ci, report->bootstrap);
      append_measure (out, g->unitizing_alpha, undefined);
      append_interval (out, g->unitizing_alpha_ci, report->bootstrap);
      append_measure (out, g->mean_f1_exact, undefined);
      append_measure (out, g->mean_f1_overlap, undefined);
      g_string_append_c (out, '\n');
    }
}

static void
append_fields (GString                    *out,
               const GlossAgreementReport *report,
               gboolean                   *undefined)
{
  guint width = label_width (report);
  guint field_width = 6;

  if (report->fields->len == 0)
    return;
  for (guint f = 0; f < report->fields->len; f++)
    field_width = MAX (field_width, (guint) g_utf8_strlen (((GlossFieldAgreement *) report->fields->pdata[f])->field_name, -1) + 1);

  g_string_append (out, "\nFields: alpha on the values annotators gave to the same unit\n");
  append_cell (out, "label", width, FALSE);
  append_cell (out, "field", field_width, FALSE);
  append_cell (out, "type", 8, FALSE);
  append_cell (out, "units", 6, TRUE);
  append_cell (out, "nominal", 10, TRUE);
  append_cell (out, "ordinal", 10, TRUE);
  g_string_append_c (out, '\n');
  for (guint f = 0; f < report->fields->len; f++)
    {
      const GlossFieldAgreement *fa = report->fields->pdata[f];

      append_cell (out, fa->label_name, width, FALSE);
      append_cell (out, fa->field_name, field_width, FALSE);
      append_cell (out, fa->field_type, 8, FALSE);
      append_count (out, fa->n_units, 5);
      append_measure (out, fa->alpha_nominal, undefined);
      if (g_str_equal (fa->field_type, "boolean"))
        {
          g_string_append_c (out, ' ');
          append_cell (out, "-", 9, TRUE);
        }
      else
        append_measure (out, fa->alpha_ordinal, undefined);
      g_string_append_c (out, '\n');
    }
}

static char *
report_to_text (const GlossAgreementReport *report)
{
  GString *out = g_string_new (NULL);
  gboolean undefined = FALSE;
  g_autofree char *names = g_strjoinv (", ", report->annotators);

  g_string_append_printf (out, "Annotators: %s\n", report->n_annotators ? names : "(none)");
  g_string_append_printf (out, "Documents: %u, annotated by at least two of them: %u\n",
                          report->n_documents, report->n_shared);
  g_string_append_printf (out, "Units: spans matched by %s, whatever their labels, for pairs; for all annotators "
                          "together, clusters of spans that %s, whoever marked them; a span only some annotators "
                          "marked is \"none\" for the others\n",
                          gloss_match_mode_to_string (report->unit_match),
                          report->unit_match == GLOSS_MATCH_EXACT ? "are the same" : "overlap");
  if (report->n_annotators < 2)
    g_string_append (out, "\nAgreement needs at least two annotators: every measure is undefined.\n");

  for (guint p = 0; p < report->pairs->len; p++)
    append_pair (out, report, report->pairs->pdata[p], &undefined);
  append_group (out, report, &undefined);
  append_fields (out, report, &undefined);

  g_string_append (out, "\nP and R: B's spans against A's (F1 is the same both ways). Kappa: Cohen's, one label\n"
                   "against the rest (overall: all labels and \"none\"). Alpha: Krippendorff's, nominal. Fleiss: Fleiss'\n"
                   "kappa on the same units. Unitizing: Krippendorff's unitizing alpha on the characters of the\n"
                   "documents every annotator coded (overall: the joint coefficient). Formulas: docs/AGREEMENT.md.\n");
  if (report->bootstrap > 0)
    g_string_append_printf (out, "95%% CI: percentile bootstrap, %u replicates drawing the units (the documents for "
                            "unitizing alpha)\nwith replacement, fixed seed %u: the same data give the same "
                            "interval.\n", report->bootstrap, GLOSS_BOOTSTRAP_SEED);
  else
    g_string_append (out, "95% CI: not computed (--bootstrap 0).\n");
  if (undefined)
    g_string_append (out, "undefined: precision when B marked no span, recall when A marked none, F1 when neither\n"
                     "did; kappa and alpha when no unit was coded by two annotators, or when every unit has the\n"
                     "same value (no variation: chance agreement is perfect, so the coefficient is 0/0).\n");
  return g_string_free (out, FALSE);
}

int
cmd_agreement (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (
      "agreement PROJECT [--annotators A,B,...] [--document ID]... [--label NAME]... [--bootstrap N] [--json]");
  g_autofree char *annotators = NULL;
  g_autofree char *match = NULL;
  g_auto(GStrv) documents = NULL;
  g_auto(GStrv) labels = NULL;
  g_auto(GStrv) names = NULL;
  gboolean json = FALSE;
  int replicates = GLOSS_BOOTSTRAP_REPLICATES;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GlossAgreementReport) report = NULL;
  g_autofree char *text = NULL;
  GlossAgreementOptions options = { NULL, NULL, NULL, GLOSS_MATCH_OVERLAP, 0 };
  GError *error = NULL;
  GOptionEntry entries[] = {
    { "annotators", 'a', 0, G_OPTION_ARG_STRING, &annotators,
      "Annotators to compare, comma-separated (default: all who annotated)", "A,B,..." },
    { "document", 'd', 0, G_OPTION_ARG_STRING_ARRAY, &documents, "Only this document (repeatable)", "ID" },
    { "label", 'l', 0, G_OPTION_ARG_STRING_ARRAY, &labels, "Only this label (repeatable)", "NAME" },
    { "match", 'm', 0, G_OPTION_ARG_STRING, &match,
      "How units for kappa and alpha are matched: overlap (default) or exact", "MODE" },
    { "bootstrap", 'b', 0, G_OPTION_ARG_INT, &replicates,
      "Bootstrap replicates for the 95% confidence intervals (default 1000; 0: none)", "N" },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { NULL }
  };

  g_option_context_set_summary (context,
      "Inter-annotator agreement per label and overall: span precision, recall and F1 (exact and\n"
      "overlap match, pairwise), Cohen's kappa per pair, and Krippendorff's alpha and Fleiss' kappa\n"
      "over all annotators on the labels of clusters of spans (the same for any order of annotators),\n"
      "Krippendorff's unitizing alpha on character offsets, and alpha (nominal and ordinal) on field\n"
      "values; 95% bootstrap confidence intervals for kappa, alpha, Fleiss' kappa and unitizing alpha.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &parse_error))
    return agreement_usage_error (context, parse_error->message);
  if (argc != 2)
    return agreement_usage_error (context, "agreement takes one PROJECT");
  if (match != NULL && !gloss_match_mode_from_string (match, &options.unit_match))
    return agreement_usage_error (context, "--match must be exact or overlap");
  if (replicates < 0 || replicates > 1000000)
    return agreement_usage_error (context, "--bootstrap must be between 0 and 1000000");
  options.bootstrap = replicates == 0 ? -1 : replicates;
  if (annotators != NULL)
    {
      g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);
      g_auto(GStrv) parts = g_strsplit (annotators, ",", -1);

      for (char **p = parts; *p; p++)
        {
          g_autofree char *name = g_strstrip (g_strdup (*p));

          if (*name == '\0')
            return agreement_usage_error (context, "--annotators has an empty name");
          g_ptr_array_add (list, g_steal_pointer (&name));
        }
      g_ptr_array_add (list, NULL);
      names = (char **) g_ptr_array_steal (list, NULL);
      options.annotators = names;
    }
  options.documents = documents;
  options.labels = labels;

  store = gloss_store_open (argv[1], GLOSS_STORE_OPEN_ALLOW_READ_ONLY, &error);
  if (store == NULL)
    return agreement_fail (error);
  report = gloss_agreement_compute (store, &options, &error);
  if (report == NULL)
    return agreement_fail (error);

  text = json ? gloss_agreement_report_to_json (report) : report_to_text (report);
  g_print ("%s%s", text, json ? "\n" : "");
  return 0;
}

/* gloss-cli-graph.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `gloss-cli graph`: the link chart (entities, their links and co-occurrence) as
 * GraphML, GEXF, DOT or a CSV edge list, laid out as the workbench lays it out, on
 * standard output or to a file.
 */
#define G_LOG_DOMAIN "gloss-cli"

#include "config.h"

#include "gloss-cli-common.h"
#include "gloss-dates.h"
#include "gloss-graph-out.h"
#include "gloss-graph.h"
#include "gloss-store.h"

int gloss_cli_graph (int argc, char **argv);

typedef struct {
  const GlossGraph *graph;
  GlossGraphFormat  format;
} GraphOut;

static gboolean
write_graph_cb (GOutputStream *stream,
                gpointer       user_data,
                GCancellable  *cancellable,
                GError       **error)
{
  const GraphOut *out = user_data;

  return gloss_graph_write (out->graph, out->format, stream, cancellable, error);
}

int
gloss_cli_graph (int    argc,
                 char **argv)
{
  g_autofree char *format_name = NULL;
  g_autofree char *output = NULL;
  g_autofree char *set = NULL;
  g_autoptr(GlossGraphFilter) filter = gloss_graph_filter_new ();
  int min_weight = 1;
  g_autofree char *within = NULL;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name, "graphml (the default), gexf, dot or csv", "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "write to FILE instead of standard output", "FILE" },
    { "set", 0, 0, G_OPTION_ARG_STRING, &set, "only the saved set NAME", "NAME" },
    { "document", 0, 0, G_OPTION_ARG_STRING_ARRAY, &filter->document_ids, "only this document (repeatable)", "ID" },
    { "label", 0, 0, G_OPTION_ARG_STRING_ARRAY, &filter->labels, "only annotations with this label (repeatable)", "NAME" },
    { "annotator", 0, 0, G_OPTION_ARG_STRING_ARRAY, &filter->annotators, "only annotations by this annotator (repeatable)", "NAME" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &filter->published_from, "only documents published on or after DATE", "DATE" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &filter->published_to, "only documents published on or before DATE", "DATE" },
    { "min-weight", 0, 0, G_OPTION_ARG_INT, &min_weight, "leave out co-occurrence seen fewer than N times (default 1)", "N" },
    { "within", 0, 0, G_OPTION_ARG_STRING, &within, "co-occurrence within a sentence (the default) or a paragraph", "sentence|paragraph" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("graph PROJECT");
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GlossGraph) graph = NULL;
  GlossGraphFormat format = GLOSS_GRAPH_FORMAT_GRAPHML;
  GlossDate date;
  GError *error = NULL;
  int status;

  g_option_context_set_summary (context,
      "The link chart: the entities annotations mention, joined by links between annotations (lifted to "
      "their entities, directed, typed) and by co-occurrence in a sentence (or paragraph) or a claim (undirected, weighted "
      "by the number of places). Positions are those of the workbench's chart: where the analyst put an "
      "entity, else laid out deterministically.");
  if (!gloss_cli_parse_one_project (context, entries, "graph", &argc, &argv, &status))
    return status;
  if (format_name != NULL && !gloss_graph_format_from_string (format_name, &format))
    return gloss_cli_usage_error (context, "--format must be graphml, gexf, dot or csv");
  if (min_weight < 1)
    return gloss_cli_usage_error (context, "--min-weight must be 1 or more");
  if (within != NULL && !gloss_graph_within_from_string (within, &filter->within))
    return gloss_cli_usage_error (context, "--within must be sentence or paragraph");
  if ((filter->published_from != NULL && !gloss_date_parse_iso (filter->published_from, &date)) ||
      (filter->published_to != NULL && !gloss_date_parse_iso (filter->published_to, &date)))
    return gloss_cli_usage_error (context, "--from and --to take a date: YYYY, YYYY-MM or YYYY-MM-DD");
  filter->min_weight = (guint) min_weight;

  store = gloss_store_open (argv[1], GLOSS_STORE_OPEN_ALLOW_READ_ONLY, &error);
  if (store == NULL)
    return gloss_cli_fail (error);
  if (set != NULL && !gloss_graph_filter_add_set (filter, store, set, &error))
    return gloss_cli_fail (error);
  graph = gloss_graph_build (store, filter, &error);
  if (graph == NULL)
    return gloss_cli_fail (error);
  gloss_graph_layout (graph, NULL, 0);

  {
    GraphOut out = { graph, format };

    if (!gloss_cli_write_output (output, write_graph_cb, &out, &error))
      return gloss_cli_fail (error);
  }
  return 0;
}

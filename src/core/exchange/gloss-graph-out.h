/* gloss-graph-out.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A link chart out of the project, for network tools: GraphML (yEd, networkx,
 * igraph), GEXF 1.3 (Gephi), DOT (Graphviz) and a CSV edge list (a spreadsheet).
 * Every format names each node by its entity id and carries its name, type, mention
 * count, colour and laid-out position, and each edge's kind ("link" or
 * "co-occurrence"), link type and weight.
 */
#pragma once

#include <gio/gio.h>

#include "gloss-graph.h"

G_BEGIN_DECLS

typedef enum {
  GLOSS_GRAPH_FORMAT_GRAPHML,
  GLOSS_GRAPH_FORMAT_GEXF,
  GLOSS_GRAPH_FORMAT_DOT,
  GLOSS_GRAPH_FORMAT_CSV,
} GlossGraphFormat;

/* "graphml", "gexf", "dot" or "csv"; FALSE for anything else. */
gboolean    gloss_graph_format_from_string (const char       *name,
                                            GlossGraphFormat *format);
const char *gloss_graph_format_extension   (GlossGraphFormat  format);

/* The CSV columns, in order. */
#define GLOSS_GRAPH_CSV_HEADER \
  "source,target,source_name,target_name,kind,relation,weight,directed"

/**
 * gloss_graph_write:
 * @graph: a chart (laid out or not: positions are written as they are)
 * @format: the format
 * @stream: where to write (not closed)
 * @cancellable: (nullable): a cancellable
 * @error: return location for an error
 *
 * Links are directed, co-occurrence is not. GraphML and GEXF graphs are declared
 * directed (networkx and others refuse a graph that mixes both in one file): a
 * co-occurrence edge in GraphML has its kind and no direction of its own, in GEXF the
 * type "mutual". DOT is a digraph whose co-occurrence edges have dir=none. The CSV
 * edge list is RFC 4180 with CRLF line ends and GLOSS_GRAPH_CSV_HEADER. The XML is
 * written by libxml2's text writer, which escapes every value.
 *
 * Returns: %TRUE on success.
 */
gboolean    gloss_graph_write  (const GlossGraph  *graph,
                                GlossGraphFormat   format,
                                GOutputStream     *stream,
                                GCancellable      *cancellable,
                                GError           **error);

/* Writes the chart to @path all or nothing (gloss-file.h). */
gboolean    gloss_graph_export (const GlossGraph  *graph,
                                GlossGraphFormat   format,
                                const char        *path,
                                GCancellable      *cancellable,
                                GError           **error);

/* Narrows @filter to the saved set @name_or_id (gloss-scope.h): its documents (and
 * search), labels, annotators and creation times, intersected with what @filter
 * already names. GLOSS_STORE_ERROR_NOT_FOUND when there is no such set. */
gboolean    gloss_graph_filter_add_set (GlossGraphFilter  *filter,
                                        GlossStore        *store,
                                        const char        *name_or_id,
                                        GError           **error);

G_END_DECLS

/* gloss-graph-out.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GraphML and GEXF go through libxml2's text writer straight into the output stream
 * (it escapes markup; characters XML 1.0 cannot hold at all are replaced here first),
 * DOT and CSV through a GString flushed every few hundred rows.
 */
#define G_LOG_DOMAIN "gloss-graph"

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>
#include <libxml/xmlwriter.h>

#include "gloss-csv.h"
#include "gloss-file.h"
#include "gloss-graph-out.h"
#include "gloss-scope.h"

#define FLUSH_BYTES 65536

static const struct {
  const char      *name;
  const char      *extension;
  GlossGraphFormat format;
} formats[] = {
  { "graphml", "graphml", GLOSS_GRAPH_FORMAT_GRAPHML },
  { "gexf", "gexf", GLOSS_GRAPH_FORMAT_GEXF },
  { "dot", "gv", GLOSS_GRAPH_FORMAT_DOT },
  { "csv", "csv", GLOSS_GRAPH_FORMAT_CSV },
};

gboolean
gloss_graph_format_from_string (const char       *name,
                                GlossGraphFormat *format)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_strcmp0 (name, formats[i].name) == 0)
      {
        *format = formats[i].format;
        return TRUE;
      }
  return FALSE;
}

const char *
gloss_graph_format_extension (GlossGraphFormat format)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i].format == format)
      return formats[i].extension;
  return "txt";
}

static char *
number (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* Two decimals are plenty for a chart and keep the files stable to read. */
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.2f", value));
}

/* ------------------------------------------------------------------------- */
/* XML                                                                        */

typedef struct {
  GOutputStream *stream;
  GCancellable  *cancellable;
  GError        *error;
} Sink;

static int
sink_write_cb (void       *context,
               const char *buffer,
               int         len)
{
  Sink *sink = context;

  if (sink->error != NULL)
    return -1;
  if (len > 0 && !g_output_stream_write_all (sink->stream, buffer, (gsize) len, NULL, sink->cancellable,
                                             &sink->error))
    return -1;
  return len;
}

/* @text with what XML 1.0 cannot hold (control characters but tab and line ends)
 * replaced by U+FFFD. */
static char *
xml_safe (const char *text)
{
  GString *s;

  if (text == NULL)
    return g_strdup ("");
  s = g_string_sized_new (strlen (text));
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF)
        g_string_append (s, "\xEF\xBF\xBD");
      else
        g_string_append_unichar (s, c);
    }
  return g_string_free (s, FALSE);
}

/* Every failure of libxml2's writer returns < 0; this keeps the export code flat. */
#define XW(call) G_STMT_START { if ((call) < 0) goto failed; } G_STMT_END

static int
attr (xmlTextWriterPtr w,
      const char      *name,
      const char      *value)
{
  g_autofree char *safe = xml_safe (value);

  return xmlTextWriterWriteAttribute (w, BAD_CAST name, BAD_CAST safe);
}

static int
attr_number (xmlTextWriterPtr w,
             const char      *name,
             double           value)
{
  g_autofree char *text = number (value);

  return xmlTextWriterWriteAttribute (w, BAD_CAST name, BAD_CAST text);
}

static int
graphml_data (xmlTextWriterPtr w,
              const char      *key,
              const char      *value)
{
  g_autofree char *safe = xml_safe (value);

  if (value == NULL)
    return 0;
  if (xmlTextWriterStartElement (w, BAD_CAST "data") < 0 ||
      xmlTextWriterWriteAttribute (w, BAD_CAST "key", BAD_CAST key) < 0 ||
      xmlTextWriterWriteString (w, BAD_CAST safe) < 0)
    return -1;
  return xmlTextWriterEndElement (w);
}

static int
graphml_key (xmlTextWriterPtr w,
             const char      *id,
             const char      *for_what,
             const char      *type)
{
  if (xmlTextWriterStartElement (w, BAD_CAST "key") < 0 ||
      xmlTextWriterWriteAttribute (w, BAD_CAST "id", BAD_CAST id) < 0 ||
      xmlTextWriterWriteAttribute (w, BAD_CAST "for", BAD_CAST for_what) < 0 ||
      xmlTextWriterWriteAttribute (w, BAD_CAST "attr.name", BAD_CAST id) < 0 ||
      xmlTextWriterWriteAttribute (w, BAD_CAST "attr.type", BAD_CAST type) < 0)
    return -1;
  return xmlTextWriterEndElement (w);
}

static gboolean
write_graphml (const GlossGraph *graph,
               xmlTextWriterPtr  w)
{
  static const char * const keys[][3] = {
    { "name", "node", "string" }, { "type", "node", "string" }, { "mentions", "node", "int" },
    { "colour", "node", "string" }, { "x", "node", "double" }, { "y", "node", "double" },
    { "kind", "edge", "string" }, { "relation", "edge", "string" }, { "weight", "edge", "double" },
  };

  XW (xmlTextWriterStartDocument (w, "1.0", "UTF-8", NULL));
  XW (xmlTextWriterStartElementNS (w, NULL, BAD_CAST "graphml", BAD_CAST "http://graphml.graphdrawing.org/xmlns"));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    XW (graphml_key (w, keys[i][0], keys[i][1], keys[i][2]));
  XW (xmlTextWriterStartElement (w, BAD_CAST "graph"));
  XW (attr (w, "id", "gloss-link-chart"));
  XW (attr (w, "edgedefault", "directed"));
  for (guint i = 0; i < graph->nodes->len; i++)
    {
      const GlossGraphNode *n = graph->nodes->pdata[i];
      g_autofree char *mentions = g_strdup_printf ("%u", n->mentions);
      g_autofree char *x = number (n->x);
      g_autofree char *y = number (n->y);

      XW (xmlTextWriterStartElement (w, BAD_CAST "node"));
      XW (attr (w, "id", n->id));
      XW (graphml_data (w, "name", n->name));
      XW (graphml_data (w, "type", n->type));
      XW (graphml_data (w, "mentions", mentions));
      XW (graphml_data (w, "colour", n->colour));
      XW (graphml_data (w, "x", x));
      XW (graphml_data (w, "y", y));
      XW (xmlTextWriterEndElement (w));
    }
  for (guint i = 0; i < graph->edges->len; i++)
    {
      const GlossGraphEdge *e = graph->edges->pdata[i];
      const GlossGraphNode *s = graph->nodes->pdata[e->source];
      const GlossGraphNode *t = graph->nodes->pdata[e->target];
      g_autofree char *id = g_strdup_printf ("e%u", i);
      g_autofree char *weight = g_strdup_printf ("%u", e->weight);

      XW (xmlTextWriterStartElement (w, BAD_CAST "edge"));
      XW (attr (w, "id", id));
      XW (attr (w, "source", s->id));
      XW (attr (w, "target", t->id));
      XW (graphml_data (w, "kind", gloss_graph_edge_kind_to_string (e->kind)));
      XW (graphml_data (w, "relation", e->relation));
      XW (graphml_data (w, "weight", weight));
      XW (xmlTextWriterEndElement (w));
    }
  XW (xmlTextWriterEndElement (w));   /* graph */
  XW (xmlTextWriterEndElement (w));   /* graphml */
  XW (xmlTextWriterEndDocument (w));
  return TRUE;

failed:
  return FALSE;
}

static int
gexf_attribute (xmlTextWriterPtr w,
                const char      *id,
                const char      *title,
                const char      *type)
{
  if (xmlTextWriterStartElement (w, BAD_CAST "attribute") < 0 ||
      xmlTextWriterWriteAttribute (w, BAD_CAST "id", BAD_CAST id) < 0 ||
      xmlTextWriterWriteAttribute (w, BAD_CAST "title", BAD_CAST title) < 0 ||
      xmlTextWriterWriteAttribute (w, BAD_CAST "type", BAD_CAST type) < 0)
    return -1;
  return xmlTextWriterEndElement (w);
}

static int
gexf_value (xmlTextWriterPtr w,
            const char      *for_id,
            const char      *value)
{
  if (value == NULL)
    return 0;
  if (xmlTextWriterStartElement (w, BAD_CAST "attvalue") < 0 ||
      xmlTextWriterWriteAttribute (w, BAD_CAST "for", BAD_CAST for_id) < 0 ||
      attr (w, "value", value) < 0)
    return -1;
  return xmlTextWriterEndElement (w);
}

static gboolean
write_gexf (const GlossGraph *graph,
            xmlTextWriterPtr  w)
{
  XW (xmlTextWriterStartDocument (w, "1.0", "UTF-8", NULL));
  XW (xmlTextWriterStartElementNS (w, NULL, BAD_CAST "gexf", BAD_CAST "http://gexf.net/1.3"));
  XW (xmlTextWriterWriteAttribute (w, BAD_CAST "xmlns:viz", BAD_CAST "http://gexf.net/1.3/viz"));
  XW (xmlTextWriterWriteAttribute (w, BAD_CAST "version", BAD_CAST "1.3"));
  XW (xmlTextWriterStartElement (w, BAD_CAST "meta"));
  XW (xmlTextWriterWriteElement (w, BAD_CAST "creator", BAD_CAST "Gloss"));
  XW (xmlTextWriterWriteElement (w, BAD_CAST "description", BAD_CAST "Link chart: entities, their links and co-occurrence"));
  XW (xmlTextWriterEndElement (w));
  XW (xmlTextWriterStartElement (w, BAD_CAST "graph"));
  XW (attr (w, "defaultedgetype", "directed"));
  XW (attr (w, "mode", "static"));
  XW (xmlTextWriterStartElement (w, BAD_CAST "attributes"));
  XW (attr (w, "class", "node"));
  XW (gexf_attribute (w, "type", "type", "string"));
  XW (gexf_attribute (w, "mentions", "mentions", "integer"));
  XW (xmlTextWriterEndElement (w));
  XW (xmlTextWriterStartElement (w, BAD_CAST "attributes"));
  XW (attr (w, "class", "edge"));
  XW (gexf_attribute (w, "kind", "kind", "string"));
  XW (gexf_attribute (w, "relation", "relation", "string"));
  XW (xmlTextWriterEndElement (w));

  XW (xmlTextWriterStartElement (w, BAD_CAST "nodes"));
  for (guint i = 0; i < graph->nodes->len; i++)
    {
      const GlossGraphNode *n = graph->nodes->pdata[i];
      g_autofree char *mentions = g_strdup_printf ("%u", n->mentions);
      guint r = 0x88, g = 0x88, b = 0x88;

      if (n->colour != NULL && strlen (n->colour) == 7 && n->colour[0] == '#')
        {
          guint32 v = (guint32) g_ascii_strtoull (n->colour + 1, NULL, 16);

          r = (v >> 16) & 0xff;
          g = (v >> 8) & 0xff;
          b = v & 0xff;
        }
      XW (xmlTextWriterStartElement (w, BAD_CAST "node"));
      XW (attr (w, "id", n->id));
      XW (attr (w, "label", n->name));
      XW (xmlTextWriterStartElement (w, BAD_CAST "attvalues"));
      XW (gexf_value (w, "type", n->type));
      XW (gexf_value (w, "mentions", mentions));
      XW (xmlTextWriterEndElement (w));
      XW (xmlTextWriterStartElement (w, BAD_CAST "viz:color"));
      XW (xmlTextWriterWriteFormatAttribute (w, BAD_CAST "r", "%u", r));
      XW (xmlTextWriterWriteFormatAttribute (w, BAD_CAST "g", "%u", g));
      XW (xmlTextWriterWriteFormatAttribute (w, BAD_CAST "b", "%u", b));
      XW (xmlTextWriterEndElement (w));
      XW (xmlTextWriterStartElement (w, BAD_CAST "viz:position"));
      XW (attr_number (w, "x", n->x));
      XW (attr_number (w, "y", -n->y));   /* Gephi's y grows upwards */
      XW (attr_number (w, "z", 0));
      XW (xmlTextWriterEndElement (w));
      XW (xmlTextWriterStartElement (w, BAD_CAST "viz:size"));
      XW (attr_number (w, "value", 4 + MIN (n->mentions, 50) * 0.4));
      XW (xmlTextWriterEndElement (w));
      XW (xmlTextWriterEndElement (w));
    }
  XW (xmlTextWriterEndElement (w));

  XW (xmlTextWriterStartElement (w, BAD_CAST "edges"));
  for (guint i = 0; i < graph->edges->len; i++)
    {
      const GlossGraphEdge *e = graph->edges->pdata[i];
      g_autofree char *id = g_strdup_printf ("%u", i);

      XW (xmlTextWriterStartElement (w, BAD_CAST "edge"));
      XW (attr (w, "id", id));
      XW (attr (w, "source", ((GlossGraphNode *) graph->nodes->pdata[e->source])->id));
      XW (attr (w, "target", ((GlossGraphNode *) graph->nodes->pdata[e->target])->id));
      XW (attr (w, "type", e->kind == GLOSS_GRAPH_EDGE_LINK ? "directed" : "mutual"));
      XW (xmlTextWriterWriteFormatAttribute (w, BAD_CAST "weight", "%u", e->weight));
      if (e->relation != NULL)
        XW (attr (w, "label", e->relation));
      XW (xmlTextWriterStartElement (w, BAD_CAST "attvalues"));
      XW (gexf_value (w, "kind", gloss_graph_edge_kind_to_string (e->kind)));
      XW (gexf_value (w, "relation", e->relation));
      XW (xmlTextWriterEndElement (w));
      XW (xmlTextWriterEndElement (w));
    }
  XW (xmlTextWriterEndElement (w));   /* edges */
  XW (xmlTextWriterEndElement (w));   /* graph */
  XW (xmlTextWriterEndElement (w));   /* gexf */
  XW (xmlTextWriterEndDocument (w));
  return TRUE;

failed:
  return FALSE;
}

static gboolean
write_xml (const GlossGraph  *graph,
           GlossGraphFormat   format,
           GOutputStream     *stream,
           GCancellable      *cancellable,
           GError           **error)
{
  Sink sink = { stream, cancellable, NULL };
  xmlOutputBufferPtr out = xmlOutputBufferCreateIO (sink_write_cb, NULL, &sink, NULL);
  xmlTextWriterPtr w;
  gboolean ok;

  if (out == NULL || (w = xmlNewTextWriter (out)) == NULL)
    {
      if (out != NULL)
        xmlOutputBufferClose (out);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The chart's XML writer could not be made.");
      return FALSE;
    }
  xmlTextWriterSetIndent (w, 1);
  xmlTextWriterSetIndentString (w, BAD_CAST "  ");
  ok = format == GLOSS_GRAPH_FORMAT_GRAPHML ? write_graphml (graph, w) : write_gexf (graph, w);
  ok = xmlTextWriterFlush (w) >= 0 && ok;
  xmlFreeTextWriter (w);   /* closes @out */
  if (sink.error != NULL)
    {
      g_propagate_error (error, sink.error);
      return FALSE;
    }
  if (!ok)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The chart could not be written as XML.");
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------- */
/* DOT and CSV                                                                */

static void
dot_string (GString    *s,
            const char *value)
{
  g_string_append_c (s, '"');
  for (const char *p = value ? value : ""; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (s, '\\');
      if (*p == '\n')
        g_string_append (s, "\\n");
      else if (*p == '\r' || (guchar) *p < 0x20)
        g_string_append_c (s, ' ');
      else
        g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
}

static gboolean
flush (GString       *s,
       GOutputStream *stream,
       gboolean       force,
       GCancellable  *cancellable,
       GError       **error)
{
  if (!force && s->len < FLUSH_BYTES)
    return TRUE;
  if (!g_output_stream_write_all (stream, s->str, s->len, NULL, cancellable, error))
    return FALSE;
  g_string_truncate (s, 0);
  return TRUE;
}

static const char *
dot_shape (GlossGraphSymbol symbol)
{
  switch (symbol)
    {
    case GLOSS_GRAPH_SYMBOL_SQUARE:
      return "box";
    case GLOSS_GRAPH_SYMBOL_TRIANGLE:
      return "triangle";
    case GLOSS_GRAPH_SYMBOL_DIAMOND:
      return "diamond";
    case GLOSS_GRAPH_SYMBOL_HEXAGON:
      return "hexagon";
    case GLOSS_GRAPH_SYMBOL_CIRCLE:
    default:
      return "ellipse";
    }
}

static gboolean
write_dot (const GlossGraph  *graph,
           GOutputStream     *stream,
           GCancellable      *cancellable,
           GError           **error)
{
  g_autoptr(GString) s = g_string_new ("digraph \"link chart\" {\n  node [style=filled, fontname=\"sans-serif\"];\n");

  for (guint i = 0; i < graph->nodes->len; i++)
    {
      const GlossGraphNode *n = graph->nodes->pdata[i];
      g_autofree char *x = number (n->x / 72.0);
      g_autofree char *y = number (-n->y / 72.0);

      g_string_append (s, "  ");
      dot_string (s, n->id);
      g_string_append (s, " [label=");
      dot_string (s, n->name);
      g_string_append (s, ", type=");
      dot_string (s, n->type);
      g_string_append_printf (s, ", mentions=%u, shape=%s, fillcolor=", n->mentions,
                              dot_shape (gloss_graph_symbol_for_type (n->type)));
      dot_string (s, n->colour ? n->colour : "#888888");
      /* Positions in inches, for neato -n. */
      g_string_append_printf (s, ", pos=\"%s,%s\"];\n", x, y);
      if (!flush (s, stream, FALSE, cancellable, error))
        return FALSE;
    }
  for (guint i = 0; i < graph->edges->len; i++)
    {
      const GlossGraphEdge *e = graph->edges->pdata[i];

      g_string_append (s, "  ");
      dot_string (s, ((GlossGraphNode *) graph->nodes->pdata[e->source])->id);
      g_string_append (s, " -> ");
      dot_string (s, ((GlossGraphNode *) graph->nodes->pdata[e->target])->id);
      g_string_append_printf (s, " [kind=\"%s\", weight=%u, penwidth=%.1f", gloss_graph_edge_kind_to_string (e->kind),
                              e->weight, MIN (1.0 + (e->weight - 1) * 0.5, 8.0));
      if (e->kind == GLOSS_GRAPH_EDGE_LINK)
        {
          g_string_append (s, ", label=");
          dot_string (s, e->relation);
        }
      else
        g_string_append (s, ", dir=none, style=dashed");
      g_string_append (s, "];\n");
      if (!flush (s, stream, FALSE, cancellable, error))
        return FALSE;
    }
  g_string_append (s, "}\n");
  return flush (s, stream, TRUE, cancellable, error);
}

static gboolean
write_csv (const GlossGraph  *graph,
           GOutputStream     *stream,
           GCancellable      *cancellable,
           GError           **error)
{
  g_autoptr(GString) s = g_string_new (GLOSS_GRAPH_CSV_HEADER "\r\n");

  for (guint i = 0; i < graph->edges->len; i++)
    {
      const GlossGraphEdge *e = graph->edges->pdata[i];
      const GlossGraphNode *a = graph->nodes->pdata[e->source];
      const GlossGraphNode *b = graph->nodes->pdata[e->target];
      g_autofree char *weight = g_strdup_printf ("%u", e->weight);

      gloss_csv_append_field (s, a->id, TRUE, TRUE);
      gloss_csv_append_field (s, b->id, FALSE, TRUE);
      gloss_csv_append_field (s, a->name, FALSE, TRUE);
      gloss_csv_append_field (s, b->name, FALSE, TRUE);
      gloss_csv_append_field (s, gloss_graph_edge_kind_to_string (e->kind), FALSE, TRUE);
      gloss_csv_append_field (s, e->relation, FALSE, TRUE);
      gloss_csv_append_field (s, weight, FALSE, TRUE);
      gloss_csv_append_field (s, e->kind == GLOSS_GRAPH_EDGE_LINK ? "yes" : "no", FALSE, TRUE);
      g_string_append (s, "\r\n");
      if (!flush (s, stream, FALSE, cancellable, error))
        return FALSE;
    }
  return flush (s, stream, TRUE, cancellable, error);
}

gboolean
gloss_graph_write (const GlossGraph  *graph,
                   GlossGraphFormat   format,
                   GOutputStream     *stream,
                   GCancellable      *cancellable,
                   GError           **error)
{
  g_return_val_if_fail (graph != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  switch (format)
    {
    case GLOSS_GRAPH_FORMAT_GRAPHML:
    case GLOSS_GRAPH_FORMAT_GEXF:
      return write_xml (graph, format, stream, cancellable, error);
    case GLOSS_GRAPH_FORMAT_DOT:
      return write_dot (graph, stream, cancellable, error);
    case GLOSS_GRAPH_FORMAT_CSV:
    default:
      return write_csv (graph, stream, cancellable, error);
    }
}

typedef struct {
  const GlossGraph *graph;
  GlossGraphFormat  format;
} GraphOut;

static gboolean
write_out_cb (GOutputStream *stream,
                      gpointer       user_data,
                      GCancellable  *cancellable,
                      GError       **error)
{
  const GraphOut *out = user_data;

  return gloss_graph_write (out->graph, out->format, stream, cancellable, error);
}

gboolean
gloss_graph_export (const GlossGraph  *graph,
                    GlossGraphFormat   format,
                    const char        *path,
                    GCancellable      *cancellable,
                    GError           **error)
{
  GraphOut out = { graph, format };

  return gloss_atomic_file_write (path, write_out_cb, &out, cancellable, error);
}

/* ------------------------------------------------------------------------- */
/* Saved sets                                                                 */

/* A JSON array of strings (as GlossScopeSql holds them) as a string vector. */
static char **
strv_from_json (const char *json)
{
  g_autoptr(JsonNode) node = NULL;
  GPtrArray *v;
  JsonArray *array;

  if (json == NULL || (node = json_from_string (json, NULL)) == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  v = g_ptr_array_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *s = json_node_get_string (json_array_get_element (array, i));

      if (s != NULL)
        g_ptr_array_add (v, g_strdup (s));
    }
  g_ptr_array_add (v, NULL);
  return (char **) g_ptr_array_free (v, FALSE);
}

/* @a narrowed to what is also in @b; either NULL means "no restriction". */
static void
intersect (char ***a,
           char  **b)
{
  GPtrArray *v;

  if (b == NULL)
    return;
  if (*a == NULL)
    {
      *a = b;
      return;
    }
  v = g_ptr_array_new ();
  for (guint i = 0; (*a)[i] != NULL; i++)
    if (g_strv_contains ((const char * const *) b, (*a)[i]))
      g_ptr_array_add (v, g_strdup ((*a)[i]));
  g_ptr_array_add (v, NULL);
  g_strfreev (*a);
  g_strfreev (b);
  *a = (char **) g_ptr_array_free (v, FALSE);
}

static void
later_bound (char      **bound,
             const char *other,
             gboolean    later)
{
  if (other == NULL)
    return;
  if (*bound == NULL || (later ? strcmp (other, *bound) > 0 : strcmp (other, *bound) < 0))
    {
      g_free (*bound);
      *bound = g_strdup (other);
    }
}

gboolean
gloss_graph_filter_add_set (GlossGraphFilter  *filter,
                            GlossStore        *store,
                            const char        *name_or_id,
                            GError           **error)
{
  g_autoptr(GlossSet) set = NULL;
  GlossScopeSql sql = { 0 };

  g_return_val_if_fail (filter != NULL, FALSE);
  g_return_val_if_fail (GLOSS_IS_STORE (store), FALSE);

  set = gloss_set_find (store, name_or_id, error);
  if (set == NULL || !gloss_scope_sql_init (store, set->scope, &sql, error))
    return FALSE;
  /* The set names labels by id; the filter may name them by name. */
  if (filter->labels != NULL && sql.label_ids != NULL)
    {
      g_autoptr(GPtrArray) labels = gloss_store_list_labels (store, NULL);
      GPtrArray *ids = g_ptr_array_new ();

      for (guint i = 0; labels != NULL && i < labels->len; i++)
        {
          const GlossLabel *l = labels->pdata[i];
          g_autofree char *name = g_utf8_casefold (l->name, -1);

          for (guint k = 0; filter->labels[k] != NULL; k++)
            {
              g_autofree char *wanted = g_utf8_casefold (filter->labels[k], -1);

              if (g_str_equal (wanted, name) || g_str_equal (filter->labels[k], l->id))
                {
                  g_ptr_array_add (ids, g_strdup (l->id));
                  break;
                }
            }
        }
      g_ptr_array_add (ids, NULL);
      g_strfreev (filter->labels);
      filter->labels = (char **) g_ptr_array_free (ids, FALSE);
    }
  intersect (&filter->document_ids, strv_from_json (sql.document_ids));
  intersect (&filter->labels, strv_from_json (sql.label_ids));
  intersect (&filter->annotators, strv_from_json (sql.annotators));
  later_bound (&filter->created_since, sql.since, TRUE);
  later_bound (&filter->created_until, sql.until, FALSE);
  gloss_scope_sql_clear (&sql);
  return TRUE;
}

/* gloss-graph.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The link chart: the entities of the register as nodes, joined by the links analysts
 * drew between annotations (lifted to the entities those annotations mention or name
 * in an entity field; directed, typed by the link's name) and by co-occurrence (two
 * entities mentioned in one sentence or within one claim; undirected, weighted by the
 * number of such places). Every edge keeps the places that support it, so the chart
 * can open the text. Read-only over the model; the link chart window draws it,
 * gloss-graph-out.h exports it, `gloss-cli graph` writes it.
 */
#pragma once

#include "gloss-store.h"

G_BEGIN_DECLS

/* Where two mentions count as together. */
typedef enum {
  GLOSS_GRAPH_WITHIN_SENTENCE,   /* one sentence (the default) */
  GLOSS_GRAPH_WITHIN_PARAGRAPH,  /* one paragraph: text between line ends */
} GlossGraphWithin;

/* What a chart covers. Every member is optional (NULL or 0: no restriction); an
 * annotation counts when its document, label, annotator, creation time and its
 * document's publication date all pass. */
typedef struct {
  char  **document_ids;     /* only these documents */
  char  **labels;           /* only annotations with these labels (ids or names, names ignoring case) */
  char  **annotators;       /* only annotations by these annotators (names) */
  char   *published_from;   /* documents published on or after this date (YYYY[-MM[-DD]]) */
  char   *published_to;     /* ... on or before it; documents without a date are left out by either bound */
  char   *created_since;    /* annotations created at or after this UTC time (a saved set's bound) */
  char   *created_until;    /* ... before it */
  guint   min_weight;       /* co-occurrence edges of a lower weight are left out (links are always kept) */
  GlossGraphWithin within;  /* how far apart two mentions may be to co-occur */
} GlossGraphFilter;

GlossGraphFilter *gloss_graph_filter_new  (void);
GlossGraphFilter *gloss_graph_filter_copy (const GlossGraphFilter *filter);
void              gloss_graph_filter_free (GlossGraphFilter       *filter);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossGraphFilter, gloss_graph_filter_free)

/* One place in the text that supports a node or an edge. */
typedef struct {
  char   *document_id;
  char   *document_title;
  gint64  start;            /* code points, half-open */
  gint64  end;
  char  **annotation_ids;   /* the annotations involved; never NULL */
  char   *text;             /* what to show: the sentence, the claim's or the mention's quote,
                             * or "source → target" quotes for a link (at most 300 characters) */
} GlossGraphSpan;

void gloss_graph_span_free (GlossGraphSpan *span);

typedef struct {
  char      *id;            /* the entity's */
  char      *name;
  char      *type_id;       /* its label (Person, Organization...) */
  char      *type;
  char      *colour;        /* the label's, "#rrggbb" */
  guint      mentions;      /* annotations in scope that mention it */
  GPtrArray *mention_spans; /* GlossGraphSpan*, one per mention, in document order */
  double     x;             /* position, in chart units (gloss_graph_layout()) */
  double     y;
  gboolean   pinned;        /* the analyst put it there (saved in the project) */
} GlossGraphNode;

typedef enum {
  GLOSS_GRAPH_EDGE_LINK,          /* a link between annotations, lifted to their entities: directed */
  GLOSS_GRAPH_EDGE_COOCCURRENCE,  /* mentioned in one sentence or one claim: undirected, source < target */
} GlossGraphEdgeKind;

typedef struct {
  guint               source;     /* index into the nodes */
  guint               target;
  GlossGraphEdgeKind  kind;
  char               *relation;   /* the link type's name; NULL for co-occurrence */
  guint               weight;     /* spans->len: links or places */
  GPtrArray          *spans;      /* GlossGraphSpan*, in document order */
} GlossGraphEdge;

typedef struct {
  GPtrArray  *nodes;   /* GlossGraphNode*, by type, name, id */
  GPtrArray  *edges;   /* GlossGraphEdge*, by source, target, kind, relation */
  GHashTable *index;   /* entity id -> GUINT_TO_POINTER (node index + 1) */
} GlossGraph;

void gloss_graph_free (GlossGraph *graph);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossGraph, gloss_graph_free)

const char *gloss_graph_edge_kind_to_string (GlossGraphEdgeKind kind);  /* "link", "co-occurrence" */

/**
 * gloss_graph_build:
 * @store: a project
 * @filter: (nullable): what the chart covers; %NULL: everything
 * @error: return location for an error
 *
 * The chart of the annotations in @filter's scope. Nodes are the live entities (not
 * merged into another) that an annotation in scope mentions, or that an edge joins.
 * An annotation's entities are the one it mentions and those its entity fields name
 * (a claim's speaker). A link from annotation A to B gives an edge from each entity
 * of A to each of B (not to itself). Two entities co-occur in a sentence (text cut at
 * . ! ? followed by a space, and at line ends; with GLOSS_GRAPH_WITHIN_PARAGRAPH at line
 * ends only) when mentions of both start in it, and
 * in a claim when both are mentioned within its span or named by it; a claim inside
 * one sentence that already counts adds nothing. Nodes carry the positions saved with
 * gloss_store_set_graph_positions() (pinned) and otherwise none: call
 * gloss_graph_layout().
 *
 * Returns: (transfer full): the chart, or %NULL on error.
 */
GlossGraph *gloss_graph_build    (GlossStore              *store,
                                  const GlossGraphFilter  *filter,
                                  GError                 **error);

/* An empty chart to fill by hand (tests, benchmarks): add nodes, then edges. */
GlossGraph *gloss_graph_new      (void);
guint       gloss_graph_add_node (GlossGraph              *graph,
                                  const char              *id,
                                  const char              *name,
                                  const char              *type,
                                  guint                    mentions);
GlossGraphEdge *gloss_graph_add_edge (GlossGraph          *graph,
                                      guint                source,
                                      guint                target,
                                      GlossGraphEdgeKind   kind,
                                      const char          *relation,
                                      guint                weight);

/* How a node is drawn, the same on the chart and in exports: by its type's name
 * (Person a circle, Organization a square, Location a triangle), other types a
 * diamond or a hexagon by their name. */
typedef enum {
  GLOSS_GRAPH_SYMBOL_CIRCLE,
  GLOSS_GRAPH_SYMBOL_SQUARE,
  GLOSS_GRAPH_SYMBOL_TRIANGLE,
  GLOSS_GRAPH_SYMBOL_DIAMOND,
  GLOSS_GRAPH_SYMBOL_HEXAGON,
} GlossGraphSymbol;

GlossGraphSymbol gloss_graph_symbol_for_type (const char *type);

/* "sentence", "paragraph"; and back (FALSE for another word). */
const char *gloss_graph_within_to_string   (GlossGraphWithin  within);
gboolean    gloss_graph_within_from_string (const char       *str,
                                            GlossGraphWithin *within);

/* The node of entity @id, or -1. */
int         gloss_graph_find_node (const GlossGraph       *graph,
                                   const char             *id);
/* The first edge between nodes @a and @b either way, of @kind, or -1. */
int         gloss_graph_find_edge (const GlossGraph       *graph,
                                   guint                   a,
                                   guint                   b,
                                   GlossGraphEdgeKind      kind);

/* The sentence around code point @offset of @text: [*start, *end), without the
 * whitespace around it. @text is @length code points of UTF-8. */
void        gloss_graph_sentence_at (const char *text,
                                     gint64      length,
                                     gint64      offset,
                                     gint64     *start,
                                     gint64     *end);
/* The same for the paragraph (text between line ends) around @offset. */
void        gloss_graph_paragraph_at (const char *text,
                                      gint64      length,
                                      gint64      offset,
                                      gint64     *start,
                                      gint64     *end);

/* ------------------------------------------------------------------------- */
/* Layout (gloss-graph-layout.c)                                             */

typedef struct {
  double x;
  double y;
} GlossGraphPoint;

/* The ideal length of an edge, in chart units. */
#define GLOSS_GRAPH_EDGE_LENGTH 80.0

/**
 * gloss_graph_layout:
 * @graph: a chart
 * @seeds: (nullable) (element-type utf8 GlossGraphPoint): an earlier layout, entity id -> point
 * @iterations: 0 for the default
 *
 * Places the nodes by a force-directed layout (Fruchterman-Reingold, repulsion on a
 * grid of cells twice the edge length, a pull towards the centre, a fixed number of
 * rounds with a falling temperature). Deterministic: a node starts from a point
 * derived from its entity id, never from the time or a random number. Pinned nodes
 * stay where they are. A node with a seed starts there and moves at most half an
 * edge length in all, so a chart laid out again after a node was added keeps its
 * shape; a new node starts among the neighbours already placed.
 */
void        gloss_graph_layout   (GlossGraph   *graph,
                                  GHashTable   *seeds,
                                  guint         iterations);

/* The box around every node: FALSE for an empty chart. */
gboolean    gloss_graph_bounds   (const GlossGraph *graph,
                                  double           *x0,
                                  double           *y0,
                                  double           *x1,
                                  double           *y1);

G_END_DECLS

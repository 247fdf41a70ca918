/* test-graph.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The link chart of a small project (graph-fixture.h): nodes and mention counts,
 * co-occurrence in sentences and claims, links lifted to entities, every filter,
 * saved positions, the layout's determinism and stability, and the four exports.
 */
#define G_LOG_DOMAIN "test-graph"

#include <math.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "gloss-graph-out.h"
#include "gloss-graph.h"
#include "gloss-scope.h"
#include "graph-fixture.h"

typedef GraphFixture Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  graph_fixture_set_up (f);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  graph_fixture_tear_down (f);
}

static GlossGraph *
build (Fixture *f, const GlossGraphFilter *filter)
{
  g_autoptr(GError) error = NULL;
  GlossGraph *graph = gloss_graph_build (f->store, filter, &error);

  g_assert_no_error (error);
  g_assert_nonnull (graph);
  return graph;
}

static const GlossGraphNode *
node (const GlossGraph *graph, const char *id)
{
  int n = gloss_graph_find_node (graph, id);

  g_assert_cmpint (n, >=, 0);
  return graph->nodes->pdata[n];
}

/* The weight of the edge of @kind between two entities, 0 when there is none. */
static guint
weight (const GlossGraph *graph, const char *a, const char *b, GlossGraphEdgeKind kind)
{
  int x = gloss_graph_find_node (graph, a), y = gloss_graph_find_node (graph, b), e;

  if (x < 0 || y < 0)
    return 0;
  e = gloss_graph_find_edge (graph, (guint) x, (guint) y, kind);
  return e < 0 ? 0 : ((GlossGraphEdge *) graph->edges->pdata[e])->weight;
}

#define CO GLOSS_GRAPH_EDGE_COOCCURRENCE

static void
test_build (Fixture *f, gconstpointer data)
{
  g_autoptr(GlossGraph) g = build (f, NULL);
  const GlossGraphNode *ana = node (g, f->ana_id);
  const GlossGraphSpan *span;
  const GlossGraphEdge *link;
  int e;

  g_assert_cmpuint (g->nodes->len, ==, 4);
  g_assert_cmpstr (ana->name, ==, "Ana Lima");
  g_assert_cmpstr (ana->type, ==, "Person");
  g_assert_cmpuint (ana->mentions, ==, 3);
  g_assert_cmpuint (ana->mention_spans->len, ==, 3);
  g_assert_cmpuint (node (g, f->bruno_id)->mentions, ==, 3);
  g_assert_cmpuint (node (g, f->acme_id)->mentions, ==, 3);
  g_assert_cmpuint (node (g, f->lisbon_id)->mentions, ==, 2);
  /* Ordered by type, then name: Location, Organization, Person (Ana, Bruno). */
  g_assert_cmpstr (((GlossGraphNode *) g->nodes->pdata[0])->name, ==, "Lisbon");
  g_assert_cmpstr (((GlossGraphNode *) g->nodes->pdata[3])->name, ==, "Bruno Costa");

  g_assert_cmpuint (weight (g, f->ana_id, f->bruno_id, CO), ==, 2);
  g_assert_cmpuint (weight (g, f->ana_id, f->lisbon_id, CO), ==, 1);
  g_assert_cmpuint (weight (g, f->bruno_id, f->lisbon_id, CO), ==, 2);
  g_assert_cmpuint (weight (g, f->bruno_id, f->acme_id, CO), ==, 2);
  g_assert_cmpuint (weight (g, f->ana_id, f->acme_id, CO), ==, 1);
  g_assert_cmpuint (weight (g, f->acme_id, f->lisbon_id, CO), ==, 1);
  g_assert_cmpuint (g->edges->len, ==, 7);

  /* The first sentence supports Ana–Bruno, with both mentions. */
  e = gloss_graph_find_edge (g, gloss_graph_find_node (g, f->ana_id), gloss_graph_find_node (g, f->bruno_id), CO);
  span = ((GlossGraphEdge *) g->edges->pdata[e])->spans->pdata[0];
  g_assert_cmpstr (span->document_id, ==, f->doc_ids[0]);
  g_assert_cmpint (span->start, ==, 0);
  g_assert_cmpint (span->end, ==, 35);
  g_assert_cmpstr (span->text, ==, "Ana Lima met Bruno Costa in Lisbon.");
  g_assert_cmpuint (g_strv_length (span->annotation_ids), ==, 2);

  /* Acme–Lisbon only through the claim of document three, which it names. */
  e = gloss_graph_find_edge (g, gloss_graph_find_node (g, f->acme_id), gloss_graph_find_node (g, f->lisbon_id), CO);
  span = ((GlossGraphEdge *) g->edges->pdata[e])->spans->pdata[0];
  g_assert_cmpstr (span->document_id, ==, f->doc_ids[2]);
  g_assert_cmpstr (span->annotation_ids[0], ==, f->claim_id);
  g_assert_cmpuint (g_strv_length (span->annotation_ids), ==, 3);

  /* The claim's link to Ana's mention, lifted to its speaker: Bruno → Ana. */
  e = gloss_graph_find_edge (g, gloss_graph_find_node (g, f->bruno_id), gloss_graph_find_node (g, f->ana_id),
                             GLOSS_GRAPH_EDGE_LINK);
  g_assert_cmpint (e, >=, 0);
  link = g->edges->pdata[e];
  g_assert_cmpuint (link->source, ==, (guint) gloss_graph_find_node (g, f->bruno_id));
  g_assert_cmpuint (link->target, ==, (guint) gloss_graph_find_node (g, f->ana_id));
  g_assert_cmpstr (link->relation, ==, "attributed to");
  g_assert_cmpuint (link->weight, ==, 1);
  span = link->spans->pdata[0];
  g_assert_cmpstr (span->annotation_ids[0], ==, f->claim_id);
  g_assert_cmpstr (span->annotation_ids[1], ==, f->ana_mention);
}

static void
test_follows_changes (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossGraph) after = NULL;

  /* Undo takes back the last step, the claim of document three: its co-occurrence
   * and the link it made go with it. */
  g_assert_true (gloss_session_undo (f->session, &error));
  g_assert_no_error (error);
  after = build (f, NULL);
  g_assert_cmpuint (weight (after, f->acme_id, f->lisbon_id, CO), ==, 0);
  g_assert_cmpuint (weight (after, f->bruno_id, f->ana_id, GLOSS_GRAPH_EDGE_LINK), ==, 0);
  g_assert_cmpuint (weight (after, f->bruno_id, f->acme_id, CO), ==, 1);
  g_assert_cmpuint (weight (after, f->ana_id, f->bruno_id, CO), ==, 2);
}

static void
test_filters (Fixture *f, gconstpointer data)
{
  g_autoptr(GlossGraphFilter) filter = gloss_graph_filter_new ();
  g_autoptr(GError) error = NULL;

  /* Publication date: only document two (February). */
  filter->published_from = g_strdup ("2026-02");
  {
    g_autoptr(GlossGraph) g = build (f, filter);

    g_assert_cmpuint (g->nodes->len, ==, 2);
    g_assert_cmpuint (weight (g, f->ana_id, f->bruno_id, CO), ==, 1);
  }
  g_clear_pointer (&filter->published_from, g_free);
  filter->published_to = g_strdup ("2026-01-31");
  {
    g_autoptr(GlossGraph) g = build (f, filter);

    /* Document one only; three has no date and is left out by a bound. */
    g_assert_cmpuint (g->nodes->len, ==, 4);
    g_assert_cmpuint (weight (g, f->ana_id, f->bruno_id, CO), ==, 1);
    g_assert_cmpuint (weight (g, f->acme_id, f->lisbon_id, CO), ==, 0);
  }
  g_clear_pointer (&filter->published_to, g_free);

  /* Documents: three only. The speaker is a node through the claim's edges; the
   * link leads out of scope and is not drawn. */
  filter->document_ids = g_new0 (char *, 2);
  filter->document_ids[0] = g_strdup (f->doc_ids[2]);
  {
    g_autoptr(GlossGraph) g = build (f, filter);

    g_assert_cmpuint (g->nodes->len, ==, 3);
    g_assert_cmpuint (node (g, f->bruno_id)->mentions, ==, 0);
    g_assert_cmpuint (weight (g, f->acme_id, f->lisbon_id, CO), ==, 1);
    g_assert_cmpuint (weight (g, f->bruno_id, f->acme_id, CO), ==, 1);
    g_assert_cmpuint (weight (g, f->bruno_id, f->ana_id, GLOSS_GRAPH_EDGE_LINK), ==, 0);
  }
  g_clear_pointer (&filter->document_ids, g_strfreev);

  /* Labels, by name ignoring case: persons only, no claims. */
  filter->labels = g_new0 (char *, 2);
  filter->labels[0] = g_strdup ("person");
  {
    g_autoptr(GlossGraph) g = build (f, filter);

    g_assert_cmpuint (g->nodes->len, ==, 2);
    g_assert_cmpuint (g->edges->len, ==, 1);
    g_assert_cmpuint (weight (g, f->ana_id, f->bruno_id, CO), ==, 2);
  }
  g_clear_pointer (&filter->labels, g_strfreev);

  /* Annotators. */
  filter->annotators = g_new0 (char *, 2);
  filter->annotators[0] = g_strdup ("Nobody");
  {
    g_autoptr(GlossGraph) g = build (f, filter);

    g_assert_cmpuint (g->nodes->len, ==, 0);
    g_assert_cmpuint (g->edges->len, ==, 0);
  }
  g_free (filter->annotators[0]);
  filter->annotators[0] = g_strdup ("Ana");
  {
    g_autoptr(GlossGraph) g = build (f, filter);

    g_assert_cmpuint (g->edges->len, ==, 7);
  }
  g_clear_pointer (&filter->annotators, g_strfreev);

  /* Minimum weight: co-occurrence below 2 goes, the link stays. */
  filter->min_weight = 2;
  {
    g_autoptr(GlossGraph) g = build (f, filter);

    g_assert_cmpuint (g->edges->len, ==, 4);
    g_assert_cmpuint (weight (g, f->ana_id, f->acme_id, CO), ==, 0);
    g_assert_cmpuint (weight (g, f->bruno_id, f->ana_id, GLOSS_GRAPH_EDGE_LINK), ==, 1);
  }
  filter->min_weight = 0;

  /* A saved set of document two. */
  {
    g_autoptr(GlossScope) scope = gloss_scope_new ();
    g_autoptr(GlossSet) set = NULL;
    g_autoptr(GlossGraph) g = NULL;

    scope->document_ids = g_new0 (char *, 2);
    scope->document_ids[0] = g_strdup (f->doc_ids[1]);
    set = gloss_set_add (f->store, "Second", scope, &error);
    g_assert_no_error (error);
    g_assert_true (gloss_graph_filter_add_set (filter, f->store, "second", &error));
    g_assert_no_error (error);
    g = build (f, filter);
    g_assert_cmpuint (g->nodes->len, ==, 2);
    g_assert_cmpuint (weight (g, f->ana_id, f->bruno_id, CO), ==, 1);
    g_assert_false (gloss_graph_filter_add_set (filter, f->store, "no such set", &error));
    g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND);
  }
}

/* Within a paragraph: all four of document one co-occur once there, however many
 * sentences apart; a sentence's weight never exceeds its paragraph's count of places. */
static void
test_paragraphs (Fixture *f, gconstpointer data)
{
  g_autoptr(GlossGraphFilter) filter = gloss_graph_filter_new ();
  g_autoptr(GlossGraph) sentences = build (f, NULL);
  g_autoptr(GlossGraph) g = NULL;
  const char *text = "One. Two.\nThree. Four.\n\nFive.";
  gint64 length = g_utf8_strlen (text, -1), s, e;
  const GlossGraphSpan *span;
  int edge;
  GlossGraphWithin within;

  gloss_graph_paragraph_at (text, length, 6, &s, &e);
  g_assert_cmpint (s, ==, 0);
  g_assert_cmpint (e, ==, 9);     /* "One. Two.": full stops do not end a paragraph */
  gloss_graph_paragraph_at (text, length, length - 1, &s, &e);
  g_assert_cmpint (s, ==, length - 5);
  g_assert_cmpint (e, ==, length);

  g_assert_true (gloss_graph_within_from_string ("paragraph", &within));
  g_assert_cmpint (within, ==, GLOSS_GRAPH_WITHIN_PARAGRAPH);
  g_assert_false (gloss_graph_within_from_string ("page", &within));
  g_assert_cmpstr (gloss_graph_within_to_string (GLOSS_GRAPH_WITHIN_PARAGRAPH), ==, "paragraph");

  /* In sentences, Lisbon (first sentence) and Acme (the next two) of document one
   * never meet; the claim of document three joins them there. */
  edge = gloss_graph_find_edge (sentences, gloss_graph_find_node (sentences, f->acme_id),
                                gloss_graph_find_node (sentences, f->lisbon_id), CO);
  g_assert_cmpuint (((GlossGraphEdge *) sentences->edges->pdata[edge])->weight, ==, 1);

  filter->within = GLOSS_GRAPH_WITHIN_PARAGRAPH;
  g = build (f, filter);
  g_assert_cmpuint (g->nodes->len, ==, 4);
  /* Document one is one paragraph: each pair once there. */
  edge = gloss_graph_find_edge (g, gloss_graph_find_node (g, f->acme_id), gloss_graph_find_node (g, f->lisbon_id), CO);
  g_assert_cmpint (edge, >=, 0);
  span = ((GlossGraphEdge *) g->edges->pdata[edge])->spans->pdata[0];
  g_assert_cmpstr (span->document_id, ==, f->doc_ids[0]);
  g_assert_cmpint (span->start, ==, 0);
  g_assert_cmpint (span->end, ==, g_utf8_strlen (graph_text1, -1));
  g_assert_cmpuint (weight (g, f->ana_id, f->acme_id, CO), ==, 1);   /* one paragraph, not two sentences */
  g_assert_cmpuint (weight (g, f->ana_id, f->bruno_id, CO), ==, 2);  /* documents one and two */
  /* Links are not co-occurrence: the same either way. */
  g_assert_cmpuint (weight (g, f->bruno_id, f->ana_id, GLOSS_GRAPH_EDGE_LINK), ==, 1);
  /* No pair meets less often in paragraphs than it did in sentences' documents. */
  for (guint i = 0; i < sentences->edges->len; i++)
    {
      const GlossGraphEdge *se = sentences->edges->pdata[i];
      const GlossGraphNode *a = sentences->nodes->pdata[se->source], *b = sentences->nodes->pdata[se->target];

      g_assert_cmpuint (weight (g, a->id, b->id, se->kind), >, 0);
    }
}

static void
test_sentences (void)
{
  const char *text = "Dr. Ana Lima said: \"No.\" Then J. Smith left!\nNew line here";
  gint64 length = g_utf8_strlen (text, -1), s, e;

  gloss_graph_sentence_at (text, length, 5, &s, &e);
  g_assert_cmpint (s, ==, 0);
  g_assert_cmpint (e, ==, 24);   /* the abbreviation does not end it; the closing quote is its */
  gloss_graph_sentence_at (text, length, 30, &s, &e);
  g_assert_cmpint (s, ==, 25);
  g_assert_cmpint (e, ==, 44);   /* "J." is an initial */
  gloss_graph_sentence_at (text, length, length - 1, &s, &e);
  g_assert_cmpint (s, ==, 45);
  g_assert_cmpint (e, ==, length);
}

static void
test_positions (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  GlossGraphPosition p[2] = { { f->ana_id, 123.5, -40 }, { f->acme_id, 0, 0 } };
  GlossGraphPosition bad = { f->ana_id, 1e12, 0 };
  GlossGraphPosition unknown = { (char *) "nope", 0, 0 };
  g_autoptr(GlossGraph) g = NULL;
  g_autoptr(GPtrArray) saved = NULL;
  const GlossGraphNode *ana;

  g_assert_true (gloss_session_set_graph_positions (f->session, p, 2, &error));
  g_assert_no_error (error);
  p[1].x = 10;
  g_assert_true (gloss_session_set_graph_positions (f->session, &p[1], 1, &error));
  g_assert_false (gloss_session_set_graph_positions (f->session, &bad, 1, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (gloss_session_set_graph_positions (f->session, &unknown, 1, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  saved = gloss_store_list_graph_positions (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (saved->len, ==, 2);

  g = build (f, NULL);
  ana = node (g, f->ana_id);
  g_assert_true (ana->pinned);
  g_assert_false (node (g, f->bruno_id)->pinned);
  gloss_graph_layout (g, NULL, 0);
  g_assert_cmpfloat (ana->x, ==, 123.5);
  g_assert_cmpfloat (ana->y, ==, -40);
  g_assert_cmpfloat (node (g, f->acme_id)->x, ==, 10);

  /* The check still passes, and the positions survive closing and opening. */
  {
    g_autoptr(GString) report = g_string_new (NULL);

    g_assert_true (gloss_project_check (f->store, report, &error));
    g_assert_no_error (error);
  }
  g_assert_true (gloss_store_clear_graph_positions (f->store, NULL, &error));
  g_clear_pointer (&saved, g_ptr_array_unref);
  saved = gloss_store_list_graph_positions (f->store, &error);
  g_assert_cmpuint (saved->len, ==, 0);
}

/* A ring of @n nodes with a chord from every third node. */
static GlossGraph *
ring (guint n)
{
  GlossGraph *g = gloss_graph_new ();

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("entity-%03u", i);

      gloss_graph_add_node (g, id, id, i % 2 ? "Person" : "Organization", 1 + i % 5);
    }
  for (guint i = 0; i < n; i++)
    {
      gloss_graph_add_edge (g, i, (i + 1) % n, GLOSS_GRAPH_EDGE_COOCCURRENCE, NULL, 1 + i % 3);
      if (i % 3 == 0)
        gloss_graph_add_edge (g, i, (i + n / 2) % n, GLOSS_GRAPH_EDGE_LINK, "funds", 1);
    }
  return g;
}

static void
test_layout (void)
{
  g_autoptr(GlossGraph) a = ring (40);
  g_autoptr(GlossGraph) b = ring (40);
  g_autoptr(GlossGraph) c = ring (40);
  g_autoptr(GHashTable) seeds = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  double x0, y0, x1, y1, max_move = 0;
  guint extra;

  gloss_graph_layout (a, NULL, 0);
  gloss_graph_layout (b, NULL, 0);
  for (guint i = 0; i < a->nodes->len; i++)
    {
      GlossGraphNode *p = a->nodes->pdata[i], *q = b->nodes->pdata[i];

      g_assert_cmpfloat (p->x, ==, q->x);
      g_assert_cmpfloat (p->y, ==, q->y);
      g_assert_true (isfinite (p->x) && isfinite (p->y));
    }
  /* Spread out: not all on one point, nor flung apart. */
  g_assert_true (gloss_graph_bounds (a, &x0, &y0, &x1, &y1));
  g_assert_cmpfloat (x1 - x0, >, GLOSS_GRAPH_EDGE_LENGTH);
  g_assert_cmpfloat (x1 - x0, <, 40 * GLOSS_GRAPH_EDGE_LENGTH);
  /* Neighbours on the ring are nearer than the average pair. */
  {
    double joined = 0, all = 0;
    guint n_all = 0;

    for (guint i = 0; i < 40; i++)
      {
        GlossGraphNode *p = a->nodes->pdata[i], *q = a->nodes->pdata[(i + 1) % 40];

        joined += hypot (p->x - q->x, p->y - q->y);
        for (guint k = i + 1; k < 40; k++)
          {
            GlossGraphNode *r = a->nodes->pdata[k];

            all += hypot (p->x - r->x, p->y - r->y);
            n_all++;
          }
      }
    g_assert_cmpfloat (joined / 40, <, all / n_all);
  }

  /* One node more, seeded with the first layout: nobody jumps. */
  for (guint i = 0; i < a->nodes->len; i++)
    {
      GlossGraphNode *p = a->nodes->pdata[i];
      GlossGraphPoint *pt = g_new (GlossGraphPoint, 1);

      pt->x = p->x;
      pt->y = p->y;
      g_hash_table_insert (seeds, p->id, pt);
    }
  extra = gloss_graph_add_node (c, "entity-new", "New", "Person", 1);
  gloss_graph_add_edge (c, 0, extra, GLOSS_GRAPH_EDGE_COOCCURRENCE, NULL, 1);
  gloss_graph_layout (c, seeds, 0);
  for (guint i = 0; i < a->nodes->len; i++)
    {
      GlossGraphNode *p = a->nodes->pdata[i], *q = c->nodes->pdata[i];

      max_move = MAX (max_move, hypot (p->x - q->x, p->y - q->y));
    }
  g_test_message ("largest move after adding a node: %.2f", max_move);
  g_assert_cmpfloat (max_move, <=, GLOSS_GRAPH_EDGE_LENGTH / 2 + 1e-6);
  /* The new node lands near the node it is joined to. */
  {
    GlossGraphNode *p = c->nodes->pdata[0], *q = c->nodes->pdata[extra];

    g_assert_cmpfloat (hypot (p->x - q->x, p->y - q->y), <, 3 * GLOSS_GRAPH_EDGE_LENGTH);
  }
}

/* ------------------------------------------------------------------------- */
/* Exports                                                                    */

static char *
write_to_string (const GlossGraph *g, GlossGraphFormat format)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (gloss_graph_write (g, format, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, NULL));
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static guint
count_elements (xmlNode *node, const char *name)
{
  guint n = 0;

  for (; node != NULL; node = node->next)
    {
      if (node->type == XML_ELEMENT_NODE && g_str_equal ((const char *) node->name, name))
        n++;
      n += count_elements (node->children, name);
    }
  return n;
}

static guint
count (const char *haystack, const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
test_export (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossGraph) g = NULL;
  g_autoptr(GlossGraph) again = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *dot = NULL;
  g_autofree char *graphml = NULL;
  g_autofree char *graphml2 = NULL;
  g_autofree char *gexf = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GlossDocument) doc = NULL;
  GlossGraphFormat format;
  const char *text = "Smith & \"Sons\" <Ltd> and Acme Corp merged.";

  /* A name that needs escaping everywhere. */
  doc = gloss_store_add_document (f->store, "Doc 4", text, NULL, "txt", NULL, &error);
  g_assert_no_error (error);
  g_free (f->doc_ids[0]);
  f->doc_ids[0] = g_strdup (doc->id);
  gloss_annotation_free (graph_fixture_annotate (f, 0, text, "Organization", "Smith & \"Sons\" <Ltd>", 0));
  gloss_annotation_free (graph_fixture_annotate (f, 0, text, "Organization", "Acme Corp", 0));

  g = build (f, NULL);
  gloss_graph_layout (g, NULL, 0);
  g_assert_cmpuint (g->nodes->len, ==, 5);
  g_assert_cmpuint (g->edges->len, ==, 8);

  g_assert_true (gloss_graph_format_from_string ("gexf", &format));
  g_assert_cmpint (format, ==, GLOSS_GRAPH_FORMAT_GEXF);
  g_assert_false (gloss_graph_format_from_string ("svg", &format));

  csv = write_to_string (g, GLOSS_GRAPH_FORMAT_CSV);
  g_assert_true (g_str_has_prefix (csv, GLOSS_GRAPH_CSV_HEADER "\r\n"));
  g_assert_cmpuint (count (csv, "\r\n"), ==, 1 + 8);
  expected = g_strdup_printf ("%s,%s,Bruno Costa,Ana Lima,link,attributed to,1,yes\r\n", f->bruno_id, f->ana_id);
  g_assert_nonnull (strstr (csv, expected));
  g_assert_nonnull (strstr (csv, ",\"Smith & \"\"Sons\"\" <Ltd>\",co-occurrence,,1,no\r\n"));

  dot = write_to_string (g, GLOSS_GRAPH_FORMAT_DOT);
  g_assert_true (g_str_has_prefix (dot, "digraph \"link chart\" {\n"));
  g_assert_cmpuint (count (dot, " -> "), ==, 8);
  g_assert_cmpuint (count (dot, "dir=none"), ==, 7);
  g_assert_nonnull (strstr (dot, "label=\"Smith & \\\"Sons\\\" <Ltd>\""));
  g_assert_nonnull (strstr (dot, "label=\"attributed to\""));
  g_assert_true (g_str_has_suffix (dot, "}\n"));

  graphml = write_to_string (g, GLOSS_GRAPH_FORMAT_GRAPHML);
  g_assert_nonnull (strstr (graphml, "<data key=\"name\">Smith &amp; &quot;Sons&quot; &lt;Ltd&gt;</data>"));
  {
    xmlDoc *xml = xmlReadMemory (graphml, strlen (graphml), "chart.graphml", NULL, XML_PARSE_NONET);
    xmlNode *root;

    g_assert_nonnull (xml);
    root = xmlDocGetRootElement (xml);
    g_assert_cmpstr ((const char *) root->name, ==, "graphml");
    g_assert_cmpuint (count_elements (root, "node"), ==, 5);
    g_assert_cmpuint (count_elements (root, "edge"), ==, 8);
    g_assert_cmpuint (count_elements (root, "key"), ==, 9);
    xmlFreeDoc (xml);
  }

  gexf = write_to_string (g, GLOSS_GRAPH_FORMAT_GEXF);
  g_assert_nonnull (strstr (gexf, " xmlns=\"http://gexf.net/1.3\""));
  g_assert_nonnull (strstr (gexf, " version=\"1.3\""));
  g_assert_nonnull (strstr (gexf, "label=\"Smith &amp; &quot;Sons&quot; &lt;Ltd&gt;\""));
  g_assert_cmpuint (count (gexf, "type=\"mutual\""), ==, 7);
  {
    xmlDoc *xml = xmlReadMemory (gexf, strlen (gexf), "chart.gexf", NULL, XML_PARSE_NONET);
    xmlNode *root;

    g_assert_nonnull (xml);
    root = xmlDocGetRootElement (xml);
    g_assert_cmpuint (count_elements (root, "node"), ==, 5);
    g_assert_cmpuint (count_elements (root, "edge"), ==, 8);
    g_assert_cmpuint (count_elements (root, "position"), ==, 5);
    xmlFreeDoc (xml);
  }

  /* The same project gives the same bytes. */
  again = build (f, NULL);
  gloss_graph_layout (again, NULL, 0);
  graphml2 = write_to_string (again, GLOSS_GRAPH_FORMAT_GRAPHML);
  g_assert_cmpstr (graphml, ==, graphml2);

  /* To a file, all or nothing. */
  {
    g_autofree char *path = g_build_filename (f->dir, "chart.gexf", NULL);
    g_autofree char *contents = NULL;

    g_assert_true (gloss_graph_export (g, GLOSS_GRAPH_FORMAT_GEXF, path, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, gexf);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/core/graph/build", Fixture, NULL, fixture_setup, test_build, fixture_teardown);
  g_test_add ("/core/graph/follows-changes", Fixture, NULL, fixture_setup, test_follows_changes, fixture_teardown);
  g_test_add ("/core/graph/filters", Fixture, NULL, fixture_setup, test_filters, fixture_teardown);
  g_test_add ("/core/graph/positions", Fixture, NULL, fixture_setup, test_positions, fixture_teardown);
  g_test_add ("/core/graph/export", Fixture, NULL, fixture_setup, test_export, fixture_teardown);
  g_test_add_func ("/core/graph/sentences", test_sentences);
  g_test_add ("/core/graph/paragraphs", Fixture, NULL, fixture_setup, test_paragraphs, fixture_teardown);
  g_test_add_func ("/core/graph/layout", test_layout);
  return g_test_run ();
}

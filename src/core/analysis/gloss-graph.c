/* gloss-graph.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Five queries build a chart whatever the size of the project: the documents, the
 * entities, the live annotations (filtered here in C, where the filter's lists are
 * hash sets), the entity field values and the links. Co-occurrence then goes through
 * each document's mentions in text order; only documents with two entities mentioned
 * have their text read, to find the sentences.
 */
#define G_LOG_DOMAIN "gloss-graph"

#include "config.h"

#include <string.h>

#include "gloss-dates.h"
#include "gloss-graph-positions.h"
#include "gloss-graph.h"
#include "gloss-store-private.h"

#define SPAN_TEXT_MAX 300

GlossGraphFilter *
gloss_graph_filter_new (void)
{
  return g_new0 (GlossGraphFilter, 1);
}

GlossGraphFilter *
gloss_graph_filter_copy (const GlossGraphFilter *filter)
{
  GlossGraphFilter *copy = g_new0 (GlossGraphFilter, 1);

  if (filter == NULL)
    return copy;
  copy->document_ids = g_strdupv (filter->document_ids);
  copy->labels = g_strdupv (filter->labels);
  copy->annotators = g_strdupv (filter->annotators);
  copy->published_from = g_strdup (filter->published_from);
  copy->published_to = g_strdup (filter->published_to);
  copy->created_since = g_strdup (filter->created_since);
  copy->created_until = g_strdup (filter->created_until);
  copy->min_weight = filter->min_weight;
  copy->within = filter->within;
  return copy;
}

void
gloss_graph_filter_free (GlossGraphFilter *filter)
{
  if (filter == NULL)
    return;
  g_strfreev (filter->document_ids);
  g_strfreev (filter->labels);
  g_strfreev (filter->annotators);
  g_free (filter->published_from);
  g_free (filter->published_to);
  g_free (filter->created_since);
  g_free (filter->created_until);
  g_free (filter);
}

void
gloss_graph_span_free (GlossGraphSpan *span)
{
  if (span == NULL)
    return;
  g_free (span->document_id);
  g_free (span->document_title);
  g_strfreev (span->annotation_ids);
  g_free (span->text);
  g_free (span);
}

static void
node_free (GlossGraphNode *node)
{
  g_free (node->id);
  g_free (node->name);
  g_free (node->type_id);
  g_free (node->type);
  g_free (node->colour);
  g_clear_pointer (&node->mention_spans, g_ptr_array_unref);
  g_free (node);
}

static void
edge_free (GlossGraphEdge *edge)
{
  g_free (edge->relation);
  g_clear_pointer (&edge->spans, g_ptr_array_unref);
  g_free (edge);
}

void
gloss_graph_free (GlossGraph *graph)
{
  if (graph == NULL)
    return;
  g_clear_pointer (&graph->nodes, g_ptr_array_unref);
  g_clear_pointer (&graph->edges, g_ptr_array_unref);
  g_clear_pointer (&graph->index, g_hash_table_unref);
  g_free (graph);
}

const char *
gloss_graph_edge_kind_to_string (GlossGraphEdgeKind kind)
{
  return kind == GLOSS_GRAPH_EDGE_LINK ? "link" : "co-occurrence";
}

GlossGraph *
gloss_graph_new (void)
{
  GlossGraph *graph = g_new0 (GlossGraph, 1);

  graph->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
  graph->edges = g_ptr_array_new_with_free_func ((GDestroyNotify) edge_free);
  graph->index = g_hash_table_new (g_str_hash, g_str_equal);
  return graph;
}

guint
gloss_graph_add_node (GlossGraph *graph,
                      const char *id,
                      const char *name,
                      const char *type,
                      guint       mentions)
{
  GlossGraphNode *node = g_new0 (GlossGraphNode, 1);

  node->id = g_strdup (id);
  node->name = g_strdup (name);
  node->type = g_strdup (type);
  node->type_id = g_strdup (type);
  node->mentions = mentions;
  node->mention_spans = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_graph_span_free);
  g_ptr_array_add (graph->nodes, node);
  g_hash_table_insert (graph->index, node->id, GUINT_TO_POINTER (graph->nodes->len));
  return graph->nodes->len - 1;
}

GlossGraphEdge *
gloss_graph_add_edge (GlossGraph         *graph,
                      guint               source,
                      guint               target,
                      GlossGraphEdgeKind  kind,
                      const char         *relation,
                      guint               weight)
{
  GlossGraphEdge *edge = g_new0 (GlossGraphEdge, 1);

  g_return_val_if_fail (source < graph->nodes->len && target < graph->nodes->len, NULL);

  edge->source = kind == GLOSS_GRAPH_EDGE_COOCCURRENCE ? MIN (source, target) : source;
  edge->target = kind == GLOSS_GRAPH_EDGE_COOCCURRENCE ? MAX (source, target) : target;
  edge->kind = kind;
  edge->relation = g_strdup (relation);
  edge->weight = weight;
  edge->spans = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_graph_span_free);
  g_ptr_array_add (graph->edges, edge);
  return edge;
}

GlossGraphSymbol
gloss_graph_symbol_for_type (const char *type)
{
  g_autofree char *folded = g_utf8_casefold (type ? type : "", -1);

  if (g_str_equal (folded, "person") || g_str_equal (folded, "person (entity)"))
    return GLOSS_GRAPH_SYMBOL_CIRCLE;
  if (g_str_has_prefix (folded, "organi"))
    return GLOSS_GRAPH_SYMBOL_SQUARE;
  if (g_str_equal (folded, "location") || g_str_equal (folded, "place"))
    return GLOSS_GRAPH_SYMBOL_TRIANGLE;
  return g_str_hash (folded) % 2 ? GLOSS_GRAPH_SYMBOL_DIAMOND : GLOSS_GRAPH_SYMBOL_HEXAGON;
}

int
gloss_graph_find_node (const GlossGraph *graph,
                       const char       *id)
{
  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (graph->index, id)) - 1;
}

int
gloss_graph_find_edge (const GlossGraph   *graph,
                       guint               a,
                       guint               b,
                       GlossGraphEdgeKind  kind)
{
  for (guint i = 0; i < graph->edges->len; i++)
    {
      const GlossGraphEdge *e = graph->edges->pdata[i];

      if (e->kind == kind && ((e->source == a && e->target == b) || (e->source == b && e->target == a)))
        return (int) i;
    }
  return -1;
}

/* ------------------------------------------------------------------------- */
/* Sentences                                                                  */

/* Words after which a full stop does not end a sentence ("Dr. Smith"). Not "Inc.",
 * "Corp." or "etc.": those end sentences as often as not. */
static gboolean
is_abbreviation (const char *word_start,
                 const char *dot)
{
  static const char * const words[] = {
    "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Gen", "Col", "Lt", "Sgt", "Capt", "Gov", "Sen", "Rep", "Jr", "Sr",
    "vs", "e.g", "i.e", "z.B", "Nr", "bzw", "ca", "Hr", "Fr",
  };
  gsize len = dot - word_start;

  /* A single capital letter is an initial ("J. Smith"). */
  if (len == 1 && g_ascii_isupper (*word_start))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (strlen (words[i]) == len && strncmp (words[i], word_start, len) == 0)
      return TRUE;
  return FALSE;
}

static void
place_around (const char *text,
              gint64      length,
              gint64      offset,
              gboolean    sentences,
              gint64     *start,
              gint64     *end)
{
  const char *p = text;
  const char *word = text;
  gint64 i = 0, s = 0;

  offset = CLAMP (offset, 0, length);
  /* Walk once: each boundary either starts the sentence we are in (before @offset)
   * or ends it (after). */
  for (; i < length; i++, p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean boundary = FALSE;
      gint64 next = i + 1;

      if (c == '\n' || c == 0x2029)
        boundary = TRUE;
      else if (sentences && (c == '.' || c == '!' || c == '?' || c == 0x2026) && i + 1 < length)
        {
          const char *q = g_utf8_next_char (p);
          gunichar after = g_utf8_get_char (q);

          /* Closing quotes and brackets belong to the sentence they close. */
          while (next < length && (after == '"' || after == '\'' || after == ')' || after == 0x201D ||
                                   after == 0x2019 || after == 0xBB || after == 0x201C))
            {
              q = g_utf8_next_char (q);
              after = g_utf8_get_char (q);
              next++;
            }
          boundary = g_unichar_isspace (after) && !(c == '.' && is_abbreviation (word, p));
        }
      if (!g_unichar_isalnum (c) && c != '.')
        word = g_utf8_next_char (p);
      if (!boundary)
        continue;
      if (next > offset)
        {
          *start = s;
          *end = next;
          goto trim;
        }
      s = next;
    }
  *start = s;
  *end = length;

trim:
  /* Leading and trailing whitespace is not the sentence's. */
  {
    const char *a = g_utf8_offset_to_pointer (text, *start);
    const char *b = g_utf8_offset_to_pointer (a, *end - *start);

    while (*start < *end && g_unichar_isspace (g_utf8_get_char (a)))
      {
        a = g_utf8_next_char (a);
        (*start)++;
      }
    while (*end > *start)
      {
        const char *prev = g_utf8_prev_char (b);

        if (!g_unichar_isspace (g_utf8_get_char (prev)))
          break;
        b = prev;
        (*end)--;
      }
  }
}

void
gloss_graph_sentence_at (const char *text,
                         gint64      length,
                         gint64      offset,
                         gint64     *start,
                         gint64     *end)
{
  place_around (text, length, offset, TRUE, start, end);
}

void
gloss_graph_paragraph_at (const char *text,
                          gint64      length,
                          gint64      offset,
                          gint64     *start,
                          gint64     *end)
{
  place_around (text, length, offset, FALSE, start, end);
}

const char *
gloss_graph_within_to_string (GlossGraphWithin within)
{
  return within == GLOSS_GRAPH_WITHIN_PARAGRAPH ? "paragraph" : "sentence";
}

gboolean
gloss_graph_within_from_string (const char       *str,
                                GlossGraphWithin *within)
{
  if (g_strcmp0 (str, "sentence") == 0)
    *within = GLOSS_GRAPH_WITHIN_SENTENCE;
  else if (g_strcmp0 (str, "paragraph") == 0)
    *within = GLOSS_GRAPH_WITHIN_PARAGRAPH;
  else
    return FALSE;
  return TRUE;
}

/* ------------------------------------------------------------------------- */
/* Reading the project                                                         */

typedef struct {
  gint64   pk;
  char    *id;
  char    *title;
  gboolean in_scope;
} Doc;

typedef struct {
  gint64  pk;
  char   *id;
  char   *name;
  char   *type_id;
  char   *type;
  char   *colour;
} Entity;

typedef struct {
  gint64   pk;
  char    *id;
  Doc     *doc;
  gint64   start;
  gint64   end;
  char    *quote;
  gboolean is_claim;
  gint64   entity;        /* the entity it mentions (pk), or 0 */
  GArray  *field_entities; /* gint64 pks named by its entity fields, or NULL */
} Ann;

static void
doc_free (Doc *d)
{
  g_free (d->id);
  g_free (d->title);
  g_free (d);
}

static void
entity_free (Entity *e)
{
  g_free (e->id);
  g_free (e->name);
  g_free (e->type_id);
  g_free (e->type);
  g_free (e->colour);
  g_free (e);
}

static void
ann_free (Ann *a)
{
  g_free (a->id);
  g_free (a->quote);
  g_clear_pointer (&a->field_entities, g_array_unref);
  g_free (a);
}

/* An edge while building: between entity pks, then turned into node indices. */
typedef struct {
  gint64              a;
  gint64              b;
  GlossGraphEdgeKind  kind;
  char               *relation;
  GPtrArray          *spans;
} Pending;

static void
pending_free (Pending *p)
{
  g_free (p->relation);
  g_clear_pointer (&p->spans, g_ptr_array_unref);
  g_free (p);
}

typedef struct {
  GlossStore  *store;
  GHashTable  *docs;       /* pk -> Doc */
  GHashTable  *entities;   /* pk -> Entity (live, not merged) */
  GHashTable  *anns;       /* pk -> Ann (in scope) */
  GPtrArray   *mentions;   /* Ann* that mention an entity, by document then start */
  GPtrArray   *claims;     /* Ann* of claim labels, by document then start */
  GHashTable  *pending;    /* key string -> Pending */
  GPtrArray   *order;      /* Pending*, in order of creation */
  GlossGraphWithin within; /* sentences or paragraphs */
} Builder;

static GHashTable *
set_of (char * const *values,
        gboolean      fold)
{
  GHashTable *set;

  if (values == NULL)
    return NULL;
  set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; values[i] != NULL; i++)
    g_hash_table_add (set, fold ? g_utf8_casefold (values[i], -1) : g_strdup (values[i]));
  return set;
}

/* Whether the period of @published overlaps [from, to] (either may be NULL). */
static gboolean
published_in_range (const char *published,
                    const char *from,
                    const char *to)
{
  GlossDate date, bound;
  gint64 start, end;

  if (from == NULL && to == NULL)
    return TRUE;
  if (published == NULL || !gloss_date_parse_iso (published, &date))
    return FALSE;
  start = gloss_date_to_unix (&date);
  end = start + gloss_date_period (&date);
  if (from != NULL && gloss_date_parse_iso (from, &bound) && end <= gloss_date_to_unix (&bound))
    return FALSE;
  if (to != NULL && gloss_date_parse_iso (to, &bound) && start >= gloss_date_to_unix (&bound) + gloss_date_period (&bound))
    return FALSE;
  return TRUE;
}

static gboolean
load_documents (Builder                *b,
                const GlossGraphFilter *filter,
                GError                **error)
{
  g_autoptr(GHashTable) only = set_of (filter->document_ids, FALSE);
  sqlite3_stmt *stmt;
  int rc;

  stmt = gloss_store_prepare (b->store, "SELECT pk, id, title, published FROM documents WHERE deleted = 0", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Doc *d = g_new0 (Doc, 1);

      d->pk = sqlite3_column_int64 (stmt, 0);
      d->id = gloss_column_dup (stmt, 1);
      d->title = gloss_column_dup (stmt, 2);
      d->in_scope = (only == NULL || g_hash_table_contains (only, d->id)) &&
                    published_in_range ((const char *) sqlite3_column_text (stmt, 3),
                                        filter->published_from, filter->published_to);
      g_hash_table_insert (b->docs, &d->pk, d);
    }
  return gloss_store_finish_query (b->store, stmt, rc, "listing documents for the link chart", error);
}

static gboolean
load_entities (Builder  *b,
               GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = gloss_store_prepare (b->store,
      "SELECT e.pk, e.id, e.name, l.id, l.name, l.colour FROM entities e JOIN labels l ON l.pk = e.label "
      "WHERE e.deleted = 0 AND e.merged_into IS NULL",
      error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Entity *e = g_new0 (Entity, 1);

      e->pk = sqlite3_column_int64 (stmt, 0);
      e->id = gloss_column_dup (stmt, 1);
      e->name = gloss_column_dup (stmt, 2);
      e->type_id = gloss_column_dup (stmt, 3);
      e->type = gloss_column_dup (stmt, 4);
      e->colour = gloss_column_dup (stmt, 5);
      g_hash_table_insert (b->entities, &e->pk, e);
    }
  return gloss_store_finish_query (b->store, stmt, rc, "listing entities for the link chart", error);
}

static gboolean
load_annotations (Builder                *b,
                  const GlossGraphFilter *filter,
                  GError                **error)
{
  g_autoptr(GHashTable) labels = set_of (filter->labels, TRUE);
  g_autoptr(GHashTable) annotators = set_of (filter->annotators, FALSE);
  sqlite3_stmt *stmt;
  int rc;

  stmt = gloss_store_prepare (b->store,
      "SELECT a.pk, a.id, a.document, a.span_start, a.span_end, a.quote, a.entity, l.id, l.name, l.kind, "
      "p.name, a.created FROM annotations a JOIN labels l ON l.pk = a.label "
      "LEFT JOIN annotators p ON p.pk = a.annotator "
      "WHERE a.deleted = 0 AND l.deleted = 0 ORDER BY a.document, a.span_start, a.span_end, a.pk",
      error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 doc_pk = sqlite3_column_int64 (stmt, 2);
      Doc *d = g_hash_table_lookup (b->docs, &doc_pk);
      const char *created = (const char *) sqlite3_column_text (stmt, 11);
      const char *annotator = (const char *) sqlite3_column_text (stmt, 10);
      Ann *a;

      if (d == NULL || !d->in_scope)
        continue;
      if (labels != NULL)
        {
          g_autofree char *name = g_utf8_casefold ((const char *) sqlite3_column_text (stmt, 8), -1);

          if (!g_hash_table_contains (labels, name) &&
              !g_hash_table_contains (labels, (const char *) sqlite3_column_text (stmt, 7)))
            continue;
        }
      if (annotators != NULL && (annotator == NULL || !g_hash_table_contains (annotators, annotator)))
        continue;
      if (filter->created_since != NULL && g_strcmp0 (created, filter->created_since) < 0)
        continue;
      if (filter->created_until != NULL && g_strcmp0 (created, filter->created_until) >= 0)
        continue;

      a = g_new0 (Ann, 1);
      a->pk = sqlite3_column_int64 (stmt, 0);
      a->id = gloss_column_dup (stmt, 1);
      a->doc = d;
      a->start = sqlite3_column_int64 (stmt, 3);
      a->end = sqlite3_column_int64 (stmt, 4);
      a->quote = gloss_column_dup (stmt, 5);
      a->entity = sqlite3_column_int64 (stmt, 6);
      if (a->entity != 0 && !g_hash_table_contains (b->entities, &a->entity))
        a->entity = 0;
      a->is_claim = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 9), GLOSS_LABEL_KIND_CLAIM) == 0;
      g_hash_table_insert (b->anns, &a->pk, a);
      if (a->entity != 0)
        g_ptr_array_add (b->mentions, a);
      if (a->is_claim)
        g_ptr_array_add (b->claims, a);
    }
  return gloss_store_finish_query (b->store, stmt, rc, "listing annotations for the link chart", error);
}

static gboolean
load_field_entities (Builder  *b,
                     GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = gloss_store_prepare (b->store,
      "SELECT v.annotation, e.pk FROM field_values v JOIN label_fields f ON f.pk = v.field "
      "JOIN annotations a ON a.pk = v.annotation JOIN entities e ON e.id = v.value "
      "WHERE f.type = ?1 AND f.deleted = 0 AND f.label = a.label AND a.deleted = 0 "
      "ORDER BY v.annotation, f.position, f.pk",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, GLOSS_FIELD_TYPE_ENTITY, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 ann = sqlite3_column_int64 (stmt, 0);
      gint64 ent = sqlite3_column_int64 (stmt, 1);
      Ann *a = g_hash_table_lookup (b->anns, &ann);

      if (a == NULL || !g_hash_table_contains (b->entities, &ent))
        continue;
      if (a->field_entities == NULL)
        a->field_entities = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_array_append_val (a->field_entities, ent);
    }
  return gloss_store_finish_query (b->store, stmt, rc, "listing entity fields for the link chart", error);
}

/* The entities of an annotation: the one it mentions, then those its fields name. */
static GArray *
entities_of (const Ann *a)
{
  GArray *list = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (a->entity != 0)
    g_array_append_val (list, a->entity);
  for (guint i = 0; a->field_entities != NULL && i < a->field_entities->len; i++)
    {
      gint64 e = g_array_index (a->field_entities, gint64, i);
      gboolean seen = FALSE;

      for (guint k = 0; k < list->len && !seen; k++)
        seen = g_array_index (list, gint64, k) == e;
      if (!seen)
        g_array_append_val (list, e);
    }
  return list;
}

static char *
clip (const char *text)
{
  if (text == NULL)
    return g_strdup ("");
  if (g_utf8_strlen (text, -1) <= SPAN_TEXT_MAX)
    return g_strdup (text);
  {
    g_autofree char *head = g_utf8_substring (text, 0, SPAN_TEXT_MAX - 1);

    return g_strconcat (head, "…", NULL);
  }
}

static GlossGraphSpan *
span_new (const Doc  *doc,
          gint64      start,
          gint64      end,
          char      **annotation_ids,
          char       *text)
{
  GlossGraphSpan *s = g_new0 (GlossGraphSpan, 1);

  s->document_id = g_strdup (doc->id);
  s->document_title = g_strdup (doc->title);
  s->start = start;
  s->end = end;
  s->annotation_ids = annotation_ids;
  s->text = text;
  return s;
}

static Pending *
pending_for (Builder            *b,
             gint64              x,
             gint64              y,
             GlossGraphEdgeKind  kind,
             const char         *relation)
{
  g_autofree char *key = NULL;
  Pending *p;

  if (kind == GLOSS_GRAPH_EDGE_COOCCURRENCE && x > y)
    {
      gint64 t = x;
      x = y;
      y = t;
    }
  key = g_strdup_printf ("%d:%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%s", kind, x, y, relation ? relation : "");
  p = g_hash_table_lookup (b->pending, key);
  if (p == NULL)
    {
      p = g_new0 (Pending, 1);
      p->a = x;
      p->b = y;
      p->kind = kind;
      p->relation = g_strdup (relation);
      p->spans = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_graph_span_free);
      g_hash_table_insert (b->pending, g_steal_pointer (&key), p);
      g_ptr_array_add (b->order, p);
    }
  return p;
}

static gboolean
add_links (Builder  *b,
           GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = gloss_store_prepare (b->store,
      "SELECT r.source, r.target, t.name, (SELECT coalesce (e.merged_into, e.pk) FROM entities e "
      "                                    WHERE e.pk = r.target_entity) "
      "FROM relations r JOIN relation_types t ON t.pk = r.type "
      "WHERE r.deleted = 0 ORDER BY r.pk",
      error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 s_pk = sqlite3_column_int64 (stmt, 0);
      gint64 t_pk = sqlite3_column_int64 (stmt, 1);
      const char *name = (const char *) sqlite3_column_text (stmt, 2);
      const Ann *s = g_hash_table_lookup (b->anns, &s_pk);
      gint64 e_pk = sqlite3_column_int64 (stmt, 3);
      const Ann *t = g_hash_table_lookup (b->anns, &t_pk);
      const Entity *te = e_pk != 0 ? g_hash_table_lookup (b->entities, &e_pk) : NULL;
      g_autoptr(GArray) from = NULL;
      g_autoptr(GArray) to = NULL;

      /* A link counts when both of its ends are in scope; a link to an entity joins
       * the entities of its annotation to that entity (a live one: a deleted entity's
       * links are hidden, as everywhere). */
      if (s == NULL || (t == NULL && te == NULL))
        continue;
      from = entities_of (s);
      if (t != NULL)
        to = entities_of (t);
      else
        {
          to = g_array_new (FALSE, FALSE, sizeof (gint64));
          g_array_append_val (to, te->pk);
        }
      for (guint i = 0; i < from->len; i++)
        for (guint k = 0; k < to->len; k++)
          {
            gint64 x = g_array_index (from, gint64, i), y = g_array_index (to, gint64, k);
            char **ids;
            g_autofree char *text = NULL;
            Pending *p;

            if (x == y)
              continue;
            p = pending_for (b, x, y, GLOSS_GRAPH_EDGE_LINK, name);
            ids = g_new0 (char *, 3);
            ids[0] = g_strdup (s->id);
            ids[1] = t != NULL ? g_strdup (t->id) : NULL;
            text = g_strdup_printf ("%s → %s", s->quote, t != NULL ? t->quote : te->name);
            g_ptr_array_add (p->spans, span_new (s->doc, s->start, s->end, ids, clip (text)));
          }
    }
  return gloss_store_finish_query (b->store, stmt, rc, "listing links for the link chart", error);
}

static gboolean
span_has_place (const Pending *p,
                const Doc     *doc,
                gint64         start,
                gint64         end)
{
  for (guint i = 0; i < p->spans->len; i++)
    {
      const GlossGraphSpan *s = p->spans->pdata[i];

      if (s->start <= start && end <= s->end && g_str_equal (s->document_id, doc->id))
        return TRUE;
    }
  return FALSE;
}

/* Each pair of distinct entities of @ents (with the annotations that name them in
 * @anns, same order) gets one place [start, end) of @doc. */
static void
add_cooccurrences (Builder     *b,
                   const Doc   *doc,
                   GArray      *ents,
                   GPtrArray   *anns,
                   gint64       start,
                   gint64       end,
                   const char  *text,
                   const Ann   *claim)
{
  for (guint i = 0; i < ents->len; i++)
    for (guint k = i + 1; k < ents->len; k++)
      {
        gint64 x = g_array_index (ents, gint64, i), y = g_array_index (ents, gint64, k);
        Pending *p;
        GPtrArray *ids;

        if (x == y)
          continue;
        p = pending_for (b, x, y, GLOSS_GRAPH_EDGE_COOCCURRENCE, NULL);
        /* A claim inside a sentence that already joins the two adds nothing. */
        if (claim != NULL && span_has_place (p, doc, start, end))
          continue;
        ids = g_ptr_array_new ();
        if (claim != NULL)
          g_ptr_array_add (ids, g_strdup (claim->id));
        for (guint m = 0; m < anns->len; m++)
          {
            const Ann *a = anns->pdata[m];
            gint64 e = g_array_index (ents, gint64, m);

            if ((e == x || e == y) && a != claim)
              g_ptr_array_add (ids, g_strdup (a->id));
          }
        g_ptr_array_add (ids, NULL);
        g_ptr_array_add (p->spans, span_new (doc, start, end, (char **) g_ptr_array_free (ids, FALSE), clip (text)));
      }
}

/* Adds @a's entity @e to the lists of one place, once per entity. */
static void
place_add (GArray    *ents,
           GPtrArray *anns,
           gint64     e,
           const Ann *a)
{
  for (guint i = 0; i < ents->len; i++)
    if (g_array_index (ents, gint64, i) == e)
      return;
  g_array_append_val (ents, e);
  g_ptr_array_add (anns, (gpointer) a);
}

static gboolean
add_sentences (Builder  *b,
               GError  **error)
{
  guint i = 0;

  while (i < b->mentions->len)
    {
      const Ann *first = b->mentions->pdata[i];
      const Doc *doc = first->doc;
      guint end = i, distinct = 0;
      const GlossTextIndex *index;
      const char *text;
      gint64 length, s_start = -1, s_end = -1;
      g_autoptr(GArray) ents = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GPtrArray) anns = g_ptr_array_new ();

      while (end < b->mentions->len && ((Ann *) b->mentions->pdata[end])->doc == doc)
        {
          if (((Ann *) b->mentions->pdata[end])->entity != first->entity)
            distinct = 1;
          end++;
        }
      if (distinct == 0)
        {
          i = end;
          continue;
        }
      index = gloss_store_document_text (b->store, doc->pk, error);
      if (index == NULL)
        return FALSE;
      text = gloss_text_index_get_text (index);
      length = gloss_text_index_get_length (index);

      for (; i <= end; i++)
        {
          const Ann *a = i < end ? b->mentions->pdata[i] : NULL;

          if (a != NULL && a->start >= s_start && a->start < s_end)
            {
              place_add (ents, anns, a->entity, a);
              continue;
            }
          /* The sentence before is complete. */
          if (ents->len > 1)
            {
              g_autofree char *sentence = gloss_text_index_slice (index, s_start, s_end);

              add_cooccurrences (b, doc, ents, anns, s_start, s_end, sentence, NULL);
            }
          g_array_set_size (ents, 0);
          g_ptr_array_set_size (anns, 0);
          if (a == NULL)
            break;
          /* Sentences are found from the text's start for each new one: a
           * sentence's start depends on what comes before. Mentions are in order,
           * so start the search at the previous sentence's end. */
          {
            gint64 from = s_end > 0 ? s_end : 0;
            const char *p = g_utf8_offset_to_pointer (text, from);

            place_around (p, length - from, a->start - from, b->within != GLOSS_GRAPH_WITHIN_PARAGRAPH,
                          &s_start, &s_end);
            s_start += from;
            s_end += from;
            if (a->start < s_start || a->start >= s_end)
              {
                s_start = a->start;
                s_end = a->end;
              }
          }
          place_add (ents, anns, a->entity, a);
        }
      i = end;
    }
  return TRUE;
}

static void
add_claims (Builder *b)
{
  guint m = 0;

  for (guint c = 0; c < b->claims->len; c++)
    {
      const Ann *claim = b->claims->pdata[c];
      g_autoptr(GArray) ents = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GPtrArray) anns = g_ptr_array_new ();
      g_autoptr(GArray) own = entities_of (claim);

      for (guint i = 0; i < own->len; i++)
        place_add (ents, anns, g_array_index (own, gint64, i), claim);
      /* Mentions and claims are both sorted by document (pk) and start. */
      while (m < b->mentions->len && ((Ann *) b->mentions->pdata[m])->doc->pk < claim->doc->pk)
        m++;
      for (guint k = m; k < b->mentions->len; k++)
        {
          const Ann *a = b->mentions->pdata[k];

          if (a->doc != claim->doc || a->start >= claim->end)
            break;
          if (a->start >= claim->start && a->end <= claim->end && a != claim)
            place_add (ents, anns, a->entity, a);
        }
      if (ents->len > 1)
        add_cooccurrences (b, claim->doc, ents, anns, claim->start, claim->end, claim->quote, claim);
    }
}

static void
add_mention_spans (Builder    *b,
                   GlossGraph *graph)
{
  for (guint i = 0; i < b->mentions->len; i++)
    {
      const Ann *a = b->mentions->pdata[i];
      Entity *e = g_hash_table_lookup (b->entities, &a->entity);
      int n = gloss_graph_find_node (graph, e->id);
      GlossGraphNode *node;
      char **ids;

      if (n < 0)
        continue;
      node = graph->nodes->pdata[n];
      ids = g_new0 (char *, 2);
      ids[0] = g_strdup (a->id);
      node->mentions++;
      g_ptr_array_add (node->mention_spans, span_new (a->doc, a->start, a->end, ids, clip (a->quote)));
    }
}

static int
compare_entities (gconstpointer x,
                  gconstpointer y)
{
  const Entity *a = *(Entity * const *) x;
  const Entity *b = *(Entity * const *) y;
  int c;

  if ((c = g_utf8_collate (a->type, b->type)) != 0)
    return c;
  if ((c = g_utf8_collate (a->name, b->name)) != 0)
    return c;
  return strcmp (a->id, b->id);
}

static int
compare_edges (gconstpointer x,
               gconstpointer y)
{
  const GlossGraphEdge *a = *(GlossGraphEdge * const *) x;
  const GlossGraphEdge *b = *(GlossGraphEdge * const *) y;

  if (a->source != b->source)
    return a->source < b->source ? -1 : 1;
  if (a->target != b->target)
    return a->target < b->target ? -1 : 1;
  if (a->kind != b->kind)
    return (int) a->kind - (int) b->kind;
  return g_strcmp0 (a->relation, b->relation);
}

static gboolean
apply_positions (GlossStore  *store,
                 GlossGraph  *graph,
                 GError     **error)
{
  g_autoptr(GPtrArray) positions = gloss_store_list_graph_positions (store, error);

  if (positions == NULL)
    return FALSE;
  for (guint i = 0; i < positions->len; i++)
    {
      const GlossGraphPosition *p = positions->pdata[i];
      int n = gloss_graph_find_node (graph, p->entity_id);

      if (n >= 0)
        {
          GlossGraphNode *node = graph->nodes->pdata[n];

          node->x = p->x;
          node->y = p->y;
          node->pinned = TRUE;
        }
    }
  return TRUE;
}

static GlossGraph *
assemble (Builder                *b,
          const GlossGraphFilter *filter)
{
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GPtrArray) entities = g_ptr_array_new ();
  g_autoptr(GHashTable) node_of = g_hash_table_new (g_int64_hash, g_int64_equal);
  GlossGraph *graph = gloss_graph_new ();
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < b->mentions->len; i++)
    g_hash_table_add (wanted, &((Ann *) b->mentions->pdata[i])->entity);
  for (guint i = 0; i < b->order->len; i++)
    {
      Pending *p = b->order->pdata[i];

      if (p->kind == GLOSS_GRAPH_EDGE_COOCCURRENCE && p->spans->len < filter->min_weight)
        continue;
      g_hash_table_add (wanted, &p->a);
      g_hash_table_add (wanted, &p->b);
    }
  g_hash_table_iter_init (&iter, b->entities);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (g_hash_table_contains (wanted, &((Entity *) value)->pk))
      g_ptr_array_add (entities, value);
  g_ptr_array_sort (entities, compare_entities);
  for (guint i = 0; i < entities->len; i++)
    {
      Entity *e = entities->pdata[i];
      guint n = gloss_graph_add_node (graph, e->id, e->name, e->type, 0);
      GlossGraphNode *node = graph->nodes->pdata[n];

      g_free (node->type_id);
      node->type_id = g_strdup (e->type_id);
      node->colour = g_strdup (e->colour);
      g_hash_table_insert (node_of, &e->pk, GUINT_TO_POINTER (n));
    }
  for (guint i = 0; i < b->order->len; i++)
    {
      Pending *p = b->order->pdata[i];
      GlossGraphEdge *edge;

      if (p->kind == GLOSS_GRAPH_EDGE_COOCCURRENCE && p->spans->len < filter->min_weight)
        continue;
      edge = gloss_graph_add_edge (graph, GPOINTER_TO_UINT (g_hash_table_lookup (node_of, &p->a)),
                                   GPOINTER_TO_UINT (g_hash_table_lookup (node_of, &p->b)),
                                   p->kind, p->relation, p->spans->len);
      g_ptr_array_unref (edge->spans);
      edge->spans = g_steal_pointer (&p->spans);
    }
  g_ptr_array_sort (graph->edges, compare_edges);
  add_mention_spans (b, graph);
  return graph;
}

GlossGraph *
gloss_graph_build (GlossStore              *store,
                   const GlossGraphFilter  *filter,
                   GError                 **error)
{
  GlossGraphFilter everything = { 0 };
  g_autoptr(GlossGraph) graph = NULL;
  Builder b = { 0 };
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (store), NULL);

  if (filter == NULL)
    filter = &everything;
  b.store = store;
  b.within = filter->within;
  b.docs = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) doc_free);
  b.entities = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) entity_free);
  b.anns = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) ann_free);
  b.mentions = g_ptr_array_new ();
  b.claims = g_ptr_array_new ();
  b.pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) pending_free);
  b.order = g_ptr_array_new ();

  ok = load_documents (&b, filter, error) &&
       load_entities (&b, error) &&
       load_annotations (&b, filter, error) &&
       load_field_entities (&b, error) &&
       add_links (&b, error) &&
       add_sentences (&b, error);
  if (ok)
    {
      add_claims (&b);
      graph = assemble (&b, filter);
      ok = apply_positions (store, graph, error);
    }

  g_ptr_array_unref (b.order);
  g_hash_table_unref (b.pending);
  g_ptr_array_unref (b.claims);
  g_ptr_array_unref (b.mentions);
  g_hash_table_unref (b.anns);
  g_hash_table_unref (b.entities);
  g_hash_table_unref (b.docs);
  return ok ? g_steal_pointer (&graph) : NULL;
}

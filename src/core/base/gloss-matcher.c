/* gloss-matcher.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Aho-Corasick: a trie of the patterns whose nodes also carry a failure link (the
 * longest proper suffix of the node's string that is in the trie) and an output link
 * (the nearest node along failure links where a pattern ends). The alphabet is all of
 * Unicode, so a node's transitions are not an array: they live in one open-addressing
 * hash table keyed by (node, code point), which keeps the trie small for a register of
 * 100,000 names and a lookup one multiplication and a probe or two.
 */
#define G_LOG_DOMAIN "gloss-matcher"

#include "config.h"

#include <string.h>

#include "gloss-matcher.h"

typedef struct {
  guint32  fail;
  gint32   out;            /* the pattern that ends here, or -1 */
  guint32  dict;           /* next node along failure links where a pattern ends; 0: none */
  guint32  first_child;    /* 0: none (the root is nobody's child) */
  guint32  next_sibling;
  gunichar c;              /* the code point on the edge from the parent */
} Node;

struct _GlossMatcher
{
  GArray  *nodes;          /* Node; 0 is the root */
  GArray  *lengths;        /* guint: code points of each pattern */
  guint64 *keys;           /* transition table: (node << 21 | c) + 1; 0 is empty */
  guint32 *targets;
  gsize    capacity;       /* a power of two */
  gsize    used;
  gboolean built;
};

static inline guint64
edge_key (guint32  node,
          gunichar c)
{
  return (((guint64) node << 21) | (c & 0x1fffff)) + 1;
}

static inline gsize
edge_slot (const GlossMatcher *self,
           guint64             key)
{
  return (gsize) ((key * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 17) & (self->capacity - 1);
}

static inline guint32
edge_get (const GlossMatcher *self,
          guint32             node,
          gunichar            c)
{
  guint64 key = edge_key (node, c);

  for (gsize i = edge_slot (self, key);; i = (i + 1) & (self->capacity - 1))
    {
      if (self->keys[i] == key)
        return self->targets[i];
      if (self->keys[i] == 0)
        return 0;
    }
}

static void
edge_put_raw (GlossMatcher *self,
              guint64       key,
              guint32       target)
{
  gsize i = edge_slot (self, key);

  while (self->keys[i] != 0)
    i = (i + 1) & (self->capacity - 1);
  self->keys[i] = key;
  self->targets[i] = target;
}

static void
edge_put (GlossMatcher *self,
          guint32       node,
          gunichar      c,
          guint32       target)
{
  if ((self->used + 1) * 2 > self->capacity)
    {
      guint64 *old_keys = self->keys;
      guint32 *old_targets = self->targets;
      gsize old_capacity = self->capacity;

      self->capacity *= 2;
      self->keys = g_new0 (guint64, self->capacity);
      self->targets = g_new (guint32, self->capacity);
      for (gsize i = 0; i < old_capacity; i++)
        if (old_keys[i] != 0)
          edge_put_raw (self, old_keys[i], old_targets[i]);
      g_free (old_keys);
      g_free (old_targets);
    }
  edge_put_raw (self, edge_key (node, c), target);
  self->used++;
}

GlossMatcher *
gloss_matcher_new (void)
{
  GlossMatcher *self = g_new0 (GlossMatcher, 1);
  Node root = { 0, -1, 0, 0, 0, 0 };

  self->nodes = g_array_new (FALSE, FALSE, sizeof (Node));
  g_array_append_val (self->nodes, root);
  self->lengths = g_array_new (FALSE, FALSE, sizeof (guint));
  self->capacity = 64;
  self->keys = g_new0 (guint64, self->capacity);
  self->targets = g_new (guint32, self->capacity);
  return self;
}

void
gloss_matcher_free (GlossMatcher *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->nodes);
  g_array_unref (self->lengths);
  g_free (self->keys);
  g_free (self->targets);
  g_free (self);
}

guint
gloss_matcher_add (GlossMatcher   *self,
                   const gunichar *pattern,
                   gsize           len)
{
  guint32 node = 0;
  Node *n;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (!self->built, 0);
  g_return_val_if_fail (pattern != NULL && len > 0, 0);

  for (gsize i = 0; i < len; i++)
    {
      guint32 next = edge_get (self, node, pattern[i]);

      if (next == 0)
        {
          Node child = { 0, -1, 0, 0, 0, pattern[i] };

          next = self->nodes->len;
          child.next_sibling = g_array_index (self->nodes, Node, node).first_child;
          g_array_append_val (self->nodes, child);
          g_array_index (self->nodes, Node, node).first_child = next;
          edge_put (self, node, pattern[i], next);
        }
      node = next;
    }
  n = &g_array_index (self->nodes, Node, node);
  if (n->out < 0)
    {
      guint length = len;

      n->out = self->lengths->len;
      g_array_append_val (self->lengths, length);
    }
  return n->out;
}

guint
gloss_matcher_get_n_patterns (const GlossMatcher *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->lengths->len;
}

/* Failure and output links, breadth first: a node's links depend on shallower nodes'. */
static void
build (GlossMatcher *self)
{
  Node *nodes = (Node *) (gpointer) self->nodes->data;
  guint32 *queue = g_new (guint32, self->nodes->len);
  gsize head = 0, tail = 0;

  for (guint32 v = nodes[0].first_child; v != 0; v = nodes[v].next_sibling)
    {
      nodes[v].fail = 0;
      nodes[v].dict = 0;
      queue[tail++] = v;
    }
  while (head < tail)
    {
      guint32 u = queue[head++];

      for (guint32 v = nodes[u].first_child; v != 0; v = nodes[v].next_sibling)
        {
          guint32 f = nodes[u].fail;
          guint32 to;

          while ((to = edge_get (self, f, nodes[v].c)) == 0 && f != 0)
            f = nodes[f].fail;
          nodes[v].fail = to;
          nodes[v].dict = nodes[to].out >= 0 ? to : nodes[to].dict;
          queue[tail++] = v;
        }
    }
  g_free (queue);
  self->built = TRUE;
}

void
gloss_matcher_scan (GlossMatcher   *self,
                    const gunichar *text,
                    gsize           n,
                    GlossMatchFunc  func,
                    gpointer        user_data)
{
  const Node *nodes;
  const guint *lengths;
  guint32 state = 0;

  g_return_if_fail (self != NULL);
  g_return_if_fail (func != NULL);

  if (!self->built)
    build (self);
  nodes = (const Node *) (gpointer) self->nodes->data;
  lengths = (const guint *) (gpointer) self->lengths->data;
  for (gsize i = 0; i < n; i++)
    {
      guint32 next;

      while ((next = edge_get (self, state, text[i])) == 0 && state != 0)
        state = nodes[state].fail;
      state = next;
      for (guint32 hit = nodes[state].out >= 0 ? state : nodes[state].dict; hit != 0; hit = nodes[hit].dict)
        {
          guint p = nodes[hit].out;

          if (!func (i + 1 - lengths[p], i + 1, p, user_data))
            return;
        }
    }
}

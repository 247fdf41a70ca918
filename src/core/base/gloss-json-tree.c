/* gloss-json-tree.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A JSON text of the kind Gloss stores (a history entry, a row's snapshot, aliases)
 * read into a json-glib tree without json-glib's parser. json_parser_load_from_data()
 * costs some 4 µs (44,000 instructions) for a 300-byte entity, most of it setting up
 * its scanner; a merge of 100,000 entities parsed 330,000 such texts, a third of its
 * time.
 *
 * This reader takes only what it can read exactly as json-glib would, and says so by
 * returning FALSE for anything else, so that the caller hands the text to json-glib,
 * whose tree (or error) it then gets: RFC 8259 JSON whose numbers are integers of at
 * most 18 digits (json-glib and this read those alike, as gint64), whose strings are
 * valid UTF-8 with no \u0000 and no lone surrogate, whose objects have no key twice,
 * nested at most GLOSS_JSON_TREE_MAX_DEPTH deep. A fraction or an exponent, a leading
 * zero, a byte order mark, a comment, a control character, trailing text: all go to
 * json-glib. tests/test-json-tree.c compares the two on every kind of text.
 */
#define G_LOG_DOMAIN "gloss-util"

#include "config.h"

#include <string.h>

#include "gloss-json-tree.h"

typedef struct {
  const char *p;
  int         depth;
  GString    *buf;    /* scratch for a string value */
  GString    *kbuf;   /* scratch for a member's name */
} Reader;

static void
skip_ws (Reader *r)
{
  while (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r')
    r->p++;
}

static int
hex4 (const char *p)
{
  int v = 0;

  for (int i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (p[i]);

      if (d < 0)
        return -1;
      v = v * 16 + d;
    }
  return v;
}

/* A string at r->p (its opening quote): its text in @out (NUL-terminated, in @buf),
 * and its length. */
static gboolean
read_string (Reader      *r,
             GString     *buf,
             const char **out,
             gsize       *len)
{
  const char *start = ++r->p;
  const char *q = start;

  /* The common case: no escape. */
  while (*q != '"' && *q != '\\' && *q != '\0' && (guchar) *q >= 0x20)
    q++;
  if (*q == '"')
    {
      g_string_truncate (buf, 0);
      g_string_append_len (buf, start, q - start);
      if (!g_utf8_validate (buf->str, buf->len, NULL))
        return FALSE;
      *out = buf->str;
      *len = buf->len;
      r->p = q + 1;
      return TRUE;
    }
  g_string_truncate (buf, 0);
  g_string_append_len (buf, start, q - start);
  for (;;)
    {
      guchar c = (guchar) *q;

      if (c == '"')
        break;
      if (c == '\0' || c < 0x20)
        return FALSE;
      if (c != '\\')
        {
          g_string_append_c (buf, (char) c);
          q++;
          continue;
        }
      q++;
      switch (*q)
        {
        case '"': g_string_append_c (buf, '"'); q++; break;
        case '\\': g_string_append_c (buf, '\\'); q++; break;
        case '/': g_string_append_c (buf, '/'); q++; break;
        case 'b': g_string_append_c (buf, '\b'); q++; break;
        case 'f': g_string_append_c (buf, '\f'); q++; break;
        case 'n': g_string_append_c (buf, '\n'); q++; break;
        case 'r': g_string_append_c (buf, '\r'); q++; break;
        case 't': g_string_append_c (buf, '\t'); q++; break;
        case 'u':
          {
            int u = hex4 (q + 1);
            gunichar ch;

            if (u < 0)
              return FALSE;
            q += 5;
            if (u >= 0xd800 && u <= 0xdbff)
              {
                int low;

                if (q[0] != '\\' || q[1] != 'u' || (low = hex4 (q + 2)) < 0xdc00 || low > 0xdfff)
                  return FALSE;
                q += 6;
                ch = 0x10000 + (((gunichar) u - 0xd800) << 10) + ((gunichar) low - 0xdc00);
              }
            else if ((u >= 0xdc00 && u <= 0xdfff) || u == 0)
              return FALSE;
            else
              ch = (gunichar) u;
            g_string_append_unichar (buf, ch);
            break;
          }
        default:
          return FALSE;
        }
    }
  if (!g_utf8_validate (buf->str, buf->len, NULL))
    return FALSE;
  *out = buf->str;
  *len = buf->len;
  r->p = q + 1;
  return TRUE;
}

static JsonNode *read_value (Reader *r);

static JsonNode *
read_object (Reader *r)
{
  JsonObject *object = json_object_new ();

  r->p++;
  skip_ws (r);
  if (*r->p == '}')
    {
      JsonNode *node = json_node_init_object (json_node_alloc (), object);

      r->p++;
      json_object_unref (object);
      return node;
    }
  for (;;)
    {
      const char *key;
      g_autofree char *owned = NULL;
      gsize len;
      guint size = json_object_get_size (object);
      JsonNode *value;

      if (*r->p != '"' || !read_string (r, r->kbuf, &key, &len))
        goto fail;
      skip_ws (r);
      if (*r->p != ':')
        goto fail;
      r->p++;
      skip_ws (r);
      /* The name stays in r->kbuf while a string, number or literal is read (those
       * use r->buf); an object or array inside reads names of its own there. */
      if (*r->p == '{' || *r->p == '[')
        key = owned = g_strndup (key, len);
      value = read_value (r);
      if (value == NULL)
        goto fail;
      json_object_set_member (object, key, value);
      /* A name given twice replaces the first member: json-glib's, not ours. */
      if (json_object_get_size (object) == size)
        goto fail;
      skip_ws (r);
      if (*r->p == ',')
        {
          r->p++;
          skip_ws (r);
          continue;
        }
      if (*r->p == '}')
        {
          JsonNode *node = json_node_init_object (json_node_alloc (), object);

          r->p++;
          json_object_unref (object);
          return node;
        }
      goto fail;
    }
fail:
  json_object_unref (object);
  return NULL;
}

static JsonNode *
read_array (Reader *r)
{
  JsonArray *array = json_array_new ();

  r->p++;
  skip_ws (r);
  if (*r->p == ']')
    {
      JsonNode *node = json_node_init_array (json_node_alloc (), array);

      r->p++;
      json_array_unref (array);
      return node;
    }
  for (;;)
    {
      JsonNode *value = read_value (r);

      if (value == NULL)
        goto fail;
      json_array_add_element (array, value);
      skip_ws (r);
      if (*r->p == ',')
        {
          r->p++;
          skip_ws (r);
          continue;
        }
      if (*r->p == ']')
        {
          JsonNode *node = json_node_init_array (json_node_alloc (), array);

          r->p++;
          json_array_unref (array);
          return node;
        }
      goto fail;
    }
fail:
  json_array_unref (array);
  return NULL;
}

static JsonNode *
read_integer (Reader *r)
{
  const char *start = r->p;
  const char *q = start;
  gint64 v;

  if (*q == '-')
    q++;
  if (*q == '0')
    q++;
  else if (*q >= '1' && *q <= '9')
    while (g_ascii_isdigit (*q))
      q++;
  else
    return NULL;
  /* A fraction, an exponent, a leading zero followed by digits, or too many digits
   * for a gint64 whatever they are: json-glib's. */
  if (*q == '.' || *q == 'e' || *q == 'E' || g_ascii_isdigit (*q) || q - start > 18)
    return NULL;
  v = g_ascii_strtoll (start, NULL, 10);
  r->p = q;
  return json_node_init_int (json_node_alloc (), v);
}

static JsonNode *
read_value (Reader *r)
{
  JsonNode *node = NULL;

  switch (*r->p)
    {
    case '{':
      if (++r->depth > GLOSS_JSON_TREE_MAX_DEPTH)
        return NULL;
      node = read_object (r);
      r->depth--;
      return node;
    case '[':
      if (++r->depth > GLOSS_JSON_TREE_MAX_DEPTH)
        return NULL;
      node = read_array (r);
      r->depth--;
      return node;
    case '"':
      {
        const char *s;
        gsize len;

        if (!read_string (r, r->buf, &s, &len))
          return NULL;
        return json_node_init_string (json_node_alloc (), s);
      }
    case 't':
      if (strncmp (r->p, "true", 4) != 0)
        return NULL;
      r->p += 4;
      return json_node_init_boolean (json_node_alloc (), TRUE);
    case 'f':
      if (strncmp (r->p, "false", 5) != 0)
        return NULL;
      r->p += 5;
      return json_node_init_boolean (json_node_alloc (), FALSE);
    case 'n':
      if (strncmp (r->p, "null", 4) != 0)
        return NULL;
      r->p += 4;
      return json_node_init_null (json_node_alloc ());
    default:
      return read_integer (r);
    }
}

gboolean
gloss_json_tree_read (const char *text,
                      JsonNode  **root)
{
  g_autoptr(GString) buf = g_string_sized_new (64);
  g_autoptr(GString) kbuf = g_string_sized_new (32);
  Reader r = { text, 0, buf, kbuf };
  JsonNode *node;

  g_return_val_if_fail (root != NULL, FALSE);

  *root = NULL;
  if (text == NULL)
    return FALSE;
  skip_ws (&r);
  node = read_value (&r);
  if (node == NULL)
    return FALSE;
  skip_ws (&r);
  if (*r.p != '\0')
    {
      json_node_unref (node);
      return FALSE;
    }
  *root = node;
  return TRUE;
}

/**
 * gloss_json_tree_same:
 *
 * Whether two trees are the same to the letter: node types, value types (an integer
 * is not a double), values, and the order of every object's members, which
 * json_node_equal() does not compare.
 */
gboolean
gloss_json_tree_same (JsonNode *a,
                      JsonNode *b)
{
  if (json_node_get_node_type (a) != json_node_get_node_type (b))
    return FALSE;
  switch (json_node_get_node_type (a))
    {
    case JSON_NODE_NULL:
      return TRUE;
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (a) != json_node_get_value_type (b))
        return FALSE;
      switch (json_node_get_value_type (a))
        {
        case G_TYPE_INT64:
          return json_node_get_int (a) == json_node_get_int (b);
        case G_TYPE_DOUBLE:
          return json_node_get_double (a) == json_node_get_double (b);
        case G_TYPE_BOOLEAN:
          return json_node_get_boolean (a) == json_node_get_boolean (b);
        case G_TYPE_STRING:
          return g_strcmp0 (json_node_get_string (a), json_node_get_string (b)) == 0;
        default:
          return FALSE;
        }
    case JSON_NODE_ARRAY:
      {
        JsonArray *x = json_node_get_array (a), *y = json_node_get_array (b);

        if (json_array_get_length (x) != json_array_get_length (y))
          return FALSE;
        for (guint i = 0; i < json_array_get_length (x); i++)
          if (!gloss_json_tree_same (json_array_get_element (x, i), json_array_get_element (y, i)))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_OBJECT:
      {
        g_autoptr(GList) kx = json_object_get_members (json_node_get_object (a));
        g_autoptr(GList) ky = json_object_get_members (json_node_get_object (b));
        GList *l, *m;

        for (l = kx, m = ky; l && m; l = l->next, m = m->next)
          if (strcmp (l->data, m->data) != 0 ||
              !gloss_json_tree_same (json_object_get_member (json_node_get_object (a), l->data),
                          json_object_get_member (json_node_get_object (b), m->data)))
            return FALSE;
        return l == NULL && m == NULL;
      }
    }
  return FALSE;
}

/* test-json-tree.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gloss_json_tree_read() against json-glib's parser: whatever text it takes, json-glib
 * must read into the same tree (node types, value types, values, member order), which
 * also means it takes nothing json-glib refuses. Hand-made edge cases (each marked
 * taken or not), random trees written by json-glib's generator, and those texts
 * damaged byte by byte.
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "gloss-json-tree.h"
#include "gloss-util.h"

/* Reads @text with gloss_json_tree_read() and, when it took the text, with json-glib,
 * which must read the same tree; returns whether ours took it. A text ours does not
 * take goes to json-glib in the product, whatever json-glib makes of it: it is not
 * given to json-glib here, whose 1.6 parser leaks on some of its error paths (a high
 * surrogate followed by another \u escape leaks its string buffer; valgrind), which
 * the sanitizer job would report. */
static gboolean
check_text (const char *text)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(JsonNode) ours = NULL;
  gboolean took = gloss_json_tree_read (text, &ours);

  if (!took)
    {
      g_assert_null (ours);
      return FALSE;
    }
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text, -1, NULL) || json_parser_get_root (parser) == NULL ||
      !gloss_json_tree_same (ours, json_parser_get_root (parser)))
    g_error ("gloss_json_tree_read() took a text json-glib reads otherwise: %s", text);
  return TRUE;
}

static void
test_cases (void)
{
  static const struct {
    const char *text;
    gboolean    taken;
  } cases[] = {
    { "{}", TRUE },
    { "[]", TRUE },
    { " \t\r\n{ \"a\" : 1 , \"b\":[true,false,null,\"x\"] }\n", TRUE },
    { "{\"id\":\"01a24da7-268d-7e12-8d1f-1c09b29a35b8\",\"aliases\":[\"K. Quceto\"],\"description\":null}", TRUE },
    { "\"plain\"", TRUE },
    { "0", TRUE },
    { "-0", TRUE },
    { "-123", TRUE },
    { "123456789012345678", TRUE },
    { "-12345678901234567", TRUE },
    { "1234567890123456789", FALSE },
    { "9223372036854775808", FALSE },
    { "1.5", FALSE },
    { "1e5", FALSE },
    { "-1E-5", FALSE },
    { "01", FALSE },
    { "-", FALSE },
    { "+1", FALSE },
    { "[1,]", FALSE },
    { "{\"a\":1,}", FALSE },
    { "{\"a\" 1}", FALSE },
    { "{a:1}", FALSE },
    { "{'a':1}", FALSE },
    { "[1] x", FALSE },
    { "[1]]", FALSE },
    { "", FALSE },
    { "   ", FALSE },
    { "\xef\xbb\xbf{}", FALSE },
    { "{\"a\":1,\"a\":2}", FALSE },
    { "{\"\":1}", TRUE },
    { "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", TRUE },
    { "\"caf\\u00e9 \\u6e2f \\ud83d\\ude80\"", TRUE },
    { "\"caf\xc3\xa9 \xe6\xb8\xaf \xf0\x9f\x9a\x80\"", TRUE },
    { "\"\\ud83d\"", FALSE },
    { "\"\\ude80\"", FALSE },
    { "\"\\ud83d\\u0041\"", FALSE },
    { "\"\\u0000\"", FALSE },
    { "\"\\u00\"", FALSE },
    { "\"\\x41\"", FALSE },
    { "\"tab\there\"", FALSE },
    { "\"line\nbreak\"", FALSE },
    { "\"\xff\xfe\"", FALSE },
    { "\"\xc3\"", FALSE },
    { "\"\xed\xa0\x80\"", FALSE },
    { "\"unterminated", FALSE },
    { "{\"k\\u00e9y\":\"v\"}", TRUE },
    { "tru", FALSE },
    { "nul", FALSE },
    { "falsey", FALSE },
    { "[true false]", FALSE },
    { "/* c */ {}", FALSE },
    { "{\"a\":{\"b\":{\"c\":[[[]]]}}}", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean took = check_text (cases[i].text);

      if (took != cases[i].taken)
        g_error ("case %u (%s): taken %d, expected %d", i, cases[i].text, took, cases[i].taken);
    }
}

static void
test_depth (void)
{
  for (int depth = GLOSS_JSON_TREE_MAX_DEPTH - 1; depth <= GLOSS_JSON_TREE_MAX_DEPTH + 1; depth++)
    {
      g_autoptr(GString) s = g_string_new (NULL);

      for (int i = 0; i < depth; i++)
        g_string_append (s, i % 2 ? "{\"k\":" : "[");
      g_string_append (s, "1");
      for (int i = depth - 1; i >= 0; i--)
        g_string_append (s, i % 2 ? "}" : "]");
      g_assert_cmpint (check_text (s->str), ==, depth <= GLOSS_JSON_TREE_MAX_DEPTH);
    }
  {
    /* Far too deep: refused at once, without recursing that far. */
    g_autoptr(GString) s = g_string_new (NULL);
    g_autoptr(JsonNode) root = NULL;

    for (int i = 0; i < 100000; i++)
      g_string_append_c (s, '[');
    g_assert_false (gloss_json_tree_read (s->str, &root));
    g_assert_null (root);
  }
}

static const char *pieces[] = {
  "a", "Zoë", "港口", "🚀", "\"", "\\", "/", "\b", "\f", "\n", "\r", "\t", "\x01", "\x1f", "\x7f", " ", "{", "}",
  "[", "]", ":", ",", "é", "\xe2\x80\xa8",
};

static JsonNode *
random_node (GRand *rand,
             int    depth)
{
  int kind = g_rand_int_range (rand, 0, depth > 4 ? 5 : 7);

  switch (kind)
    {
    case 0:
      return json_node_init_null (json_node_alloc ());
    case 1:
      return json_node_init_boolean (json_node_alloc (), g_rand_boolean (rand));
    case 2:
      {
        /* Integers of every length json-glib writes, some past what ours takes. */
        gint64 v = (gint64) g_rand_int (rand) * (g_rand_boolean (rand) ? 1 : 1000000000LL);

        if (g_rand_int_range (rand, 0, 10) == 0)
          v = g_rand_boolean (rand) ? G_MAXINT64 : G_MININT64 + 1;
        return json_node_init_int (json_node_alloc (), g_rand_boolean (rand) ? v : -v);
      }
    case 3:
      {
        g_autoptr(GString) s = g_string_new (NULL);
        int n = g_rand_int_range (rand, 0, 8);

        for (int i = 0; i < n; i++)
          g_string_append (s, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
        return json_node_init_string (json_node_alloc (), s->str);
      }
    case 4:
      return json_node_init_double (json_node_alloc (), g_rand_double_range (rand, -1e6, 1e6));
    case 5:
      {
        JsonArray *array = json_array_new ();
        int n = g_rand_int_range (rand, 0, 5);
        JsonNode *node;

        for (int i = 0; i < n; i++)
          json_array_add_element (array, random_node (rand, depth + 1));
        node = json_node_init_array (json_node_alloc (), array);
        json_array_unref (array);
        return node;
      }
    default:
      {
        JsonObject *object = json_object_new ();
        int n = g_rand_int_range (rand, 0, 6);
        JsonNode *node;

        for (int i = 0; i < n; i++)
          {
            g_autofree char *key = g_strdup_printf ("%s%d", pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))],
                                                    g_rand_int_range (rand, 0, 4));

            json_object_set_member (object, key, random_node (rand, depth + 1));
          }
        node = json_node_init_object (json_node_alloc (), object);
        json_object_unref (object);
        return node;
      }
    }
}

/* Random trees, as json-glib writes them (compact and pretty), each read both ways;
 * then each text damaged (a byte changed, dropped or doubled, the text cut) and read
 * both ways again. */
static void
test_random (void)
{
  GRand *rand = g_rand_new_with_seed (2026);
  guint taken = 0, damaged_taken = 0, texts = 0;

  for (int i = 0; i < 3000; i++)
    {
      g_autoptr(JsonNode) root = random_node (rand, g_rand_int_range (rand, 0, 2) == 0 ? 0 : 5);
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autofree char *text = NULL;
      gsize len;

      /* The root must be a container for json-glib 1.6 to write a document. */
      if (!JSON_NODE_HOLDS_OBJECT (root) && !JSON_NODE_HOLDS_ARRAY (root))
        {
          JsonArray *wrap = json_array_new ();
          json_array_add_element (wrap, g_steal_pointer (&root));
          root = json_node_init_array (json_node_alloc (), wrap);
          json_array_unref (wrap);
        }
      json_generator_set_pretty (gen, g_rand_boolean (rand));
      json_generator_set_root (gen, root);
      text = json_generator_to_data (gen, &len);
      texts++;
      taken += check_text (text);
      for (int d = 0; d < 8 && len > 0; d++)
        {
          g_autofree char *bad = g_strdup (text);
          gsize at = g_rand_int_range (rand, 0, (gint32) len);

          switch (g_rand_int_range (rand, 0, 4))
            {
            case 0:
              bad[at] = (char) g_rand_int_range (rand, 1, 256);
              break;
            case 1:
              memmove (bad + at, bad + at + 1, len - at);
              break;
            case 2:
              {
                g_autofree char *doubled = g_strdup_printf ("%.*s%c%s", (int) at + 1, bad, bad[at], bad + at + 1);
                g_free (bad);
                bad = g_steal_pointer (&doubled);
                break;
              }
            default:
              bad[at] = '\0';
              break;
            }
          damaged_taken += check_text (bad);
        }
    }
  g_rand_free (rand);
  g_test_message ("%u texts, %u taken; damaged: %u taken", texts, taken, damaged_taken);
  /* Most texts without doubles are taken: the fast path is the common one. */
  g_assert_cmpuint (taken, >, texts / 4);
  g_assert_cmpuint (damaged_taken, >, 0);
}

/* gloss_json_parse_text() goes through it, and still refuses what it refused. */
static void
test_parse_text (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = gloss_json_parse_text ("{\"name\":\"Ana\",\"n\":2}", JSON_NODE_OBJECT, &error);
  g_autoptr(JsonNode) wrong = NULL;
  g_autoptr(JsonNode) broken = NULL;
  g_autoptr(JsonNode) dbl = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "name"), ==, "Ana");
  wrong = gloss_json_parse_text ("[1]", JSON_NODE_OBJECT, &error);
  g_assert_null (wrong);
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA);
  g_clear_error (&error);
  broken = gloss_json_parse_text ("{\"a\":", JSON_NODE_OBJECT, &error);
  g_assert_null (broken);
  g_assert_nonnull (error);
  g_clear_error (&error);
  /* Not taken by the fast reader, read by json-glib. */
  dbl = gloss_json_parse_text ("{\"x\":1.5}", JSON_NODE_OBJECT, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (json_object_get_double_member (json_node_get_object (dbl), "x"), ==, 1.5);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/json-tree/cases", test_cases);
  g_test_add_func ("/core/json-tree/depth", test_depth);
  g_test_add_func ("/core/json-tree/random", test_random);
  g_test_add_func ("/core/json-tree/parse-text", test_parse_text);
  return g_test_run ();
}

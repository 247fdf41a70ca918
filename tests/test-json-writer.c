/* test-json-writer.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tests of the streaming JSON writer and of the top-level scanner used for large imports.
 */
#define G_LOG_DOMAIN "test-json-writer"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "gloss-json-scan.h"
#include "gloss-json-writer.h"

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */

typedef void (*WriteFunc) (GlossJsonWriter *w, gconstpointer data);

/* Runs @func on a writer over a growable memory stream and returns the bytes written. */
static char *
write_to_string (WriteFunc     func,
                 gconstpointer data,
                 gsize        *len_out)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GlossJsonWriter) w = gloss_json_writer_new (stream);
  g_autoptr(GError) error = NULL;
  GMemoryOutputStream *mem = G_MEMORY_OUTPUT_STREAM (stream);

  func (w, data);
  g_assert_true (gloss_json_writer_finish (w, NULL, &error));
  g_assert_no_error (error);

  if (len_out != NULL)
    *len_out = g_memory_output_stream_get_data_size (mem);
  return g_strndup (g_memory_output_stream_get_data (mem), g_memory_output_stream_get_data_size (mem));
}

static void
write_string_value (GlossJsonWriter *w,
                    gconstpointer    data)
{
  gloss_json_writer_string (w, data);
}

typedef struct {
  const char *bytes;
  gssize      len;
} Bytes;

static void
write_bytes_value (GlossJsonWriter *w,
                   gconstpointer    data)
{
  const Bytes *b = data;

  gloss_json_writer_string_len (w, b->bytes, b->len);
}

static char *
parse_string_with_json_glib (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_node_get_value_type (json_parser_get_root (parser)), ==, G_TYPE_STRING);
  return g_strdup (json_node_get_string (json_parser_get_root (parser)));
}

/* ------------------------------------------------------------------------ */
/* Writer                                                                   */

static void
test_writer_escape_control (void)
{
  for (guint c = 0; c < 0x20; c++)
    {
      char in[1] = { (char) c };
      Bytes b = { in, 1 };
      g_autofree char *out = write_to_string (write_bytes_value, &b, NULL);
      g_autofree char *expected = NULL;

      switch (c)
        {
        case '\b': expected = g_strdup ("\"\\b\"\n"); break;
        case '\f': expected = g_strdup ("\"\\f\"\n"); break;
        case '\n': expected = g_strdup ("\"\\n\"\n"); break;
        case '\r': expected = g_strdup ("\"\\r\"\n"); break;
        case '\t': expected = g_strdup ("\"\\t\"\n"); break;
        default:   expected = g_strdup_printf ("\"\\u%04x\"\n", c); break;
        }
      g_assert_cmpstr (out, ==, expected);

      /* Except for NUL, which a C string cannot hold, json-glib must read the character back. */
      if (c != 0)
        {
          g_autofree char *back = parse_string_with_json_glib (out);
          g_assert_cmpmem (back, strlen (back), in, 1);
        }
    }

  {
    g_autofree char *out = write_to_string (write_string_value, "a\x7f" "b", NULL);
    g_assert_cmpstr (out, ==, "\"a\\u007fb\"\n");
  }
  {
    Bytes b = { "x\0y", 3 };
    g_autofree char *out = write_to_string (write_bytes_value, &b, NULL);
    g_assert_cmpstr (out, ==, "\"x\\u0000y\"\n");
  }
}

static void
test_writer_escape_text (void)
{
  static const struct {
    const char *in;
    const char *out;
  } cases[] = {
    { "", "\"\"\n" },
    { "plain text", "\"plain text\"\n" },
    { "say \"hi\"", "\"say \\\"hi\\\"\"\n" },
    { "C:\\path\\", "\"C:\\\\path\\\\\"\n" },
    { "a/b", "\"a/b\"\n" },                                   /* '/' needs no escape */
    { "line\xe2\x80\xa8para\xe2\x80\xa9", "\"line\\u2028para\\u2029\"\n" },
    { "caf\xc3\xa9 \xe4\xb8\xad", "\"caf\xc3\xa9 \xe4\xb8\xad\"\n" },  /* 2- and 3-byte raw */
    { "\xf0\x9f\x98\x80 \xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd",
      "\"\xf0\x9f\x98\x80 \xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd\"\n" },   /* emoji raw */
    { "\xef\xbf\xbe\xf4\x8f\xbf\xbf", "\"\xef\xbf\xbe\xf4\x8f\xbf\xbf\"\n" },  /* noncharacters are valid */
    { "\xe2\x80\xa7\xe2\x80\xaa", "\"\xe2\x80\xa7\xe2\x80\xaa\"\n" },  /* neighbours of U+2028/9 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = write_to_string (write_string_value, cases[i].in, NULL);
      g_autofree char *back = parse_string_with_json_glib (out);

      g_assert_cmpstr (out, ==, cases[i].out);
      g_assert_cmpstr (back, ==, cases[i].in);
    }

  {
    g_autofree char *out = write_to_string (write_string_value, NULL, NULL);
    g_assert_cmpstr (out, ==, "null\n");
  }
}

#define FFFD "\xef\xbf\xbd"

static void
test_writer_invalid_utf8 (void)
{
  /* Each maximal ill-formed subpart becomes one U+FFFD (Unicode §3.9, Table 3-8). */
  static const struct {
    const char *in;
    const char *out;
  } cases[] = {
    { "\xff", FFFD },
    { "a\x80z", "a" FFFD "z" },
    { "a\xc3", "a" FFFD },                          /* truncated at the end */
    { "\xe2\x82z", FFFD "z" },                      /* truncated 3-byte sequence */
    { "\xf0\x9f\x98", FFFD },                       /* truncated emoji */
    { "\xf0\x9f\x98\"", FFFD "\\\"" },              /* ... followed by a quote */
    { "\xc0\xaf", FFFD FFFD },                      /* overlong '/' */
    { "\xe0\x80\xaf", FFFD FFFD FFFD },             /* overlong, 3 bytes */
    { "\xed\xa0\x80", FFFD FFFD FFFD },             /* UTF-16 surrogate D800 */
    { "\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD },    /* above U+10FFFF */
    { "\xf8\x88\x80\x80\x80", FFFD FFFD FFFD FFFD FFFD },
    { "\xc3\xa9\xa9", "\xc3\xa9" FFFD },            /* stray continuation after a valid char */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = write_to_string (write_string_value, cases[i].in, NULL);
      g_autofree char *expected = g_strdup_printf ("\"%s\"\n", cases[i].out);

      g_assert_cmpstr (out, ==, expected);
      g_assert_true (g_utf8_validate (out, -1, NULL));
    }
}

static void
write_invalid_key (GlossJsonWriter *w,
                   gconstpointer    data G_GNUC_UNUSED)
{
  gloss_json_writer_begin_object (w);
  gloss_json_writer_member_int (w, "k\xff\"", 1);
  gloss_json_writer_end_object (w);
}

static void
test_writer_key_escape (void)
{
  g_autofree char *out = write_to_string (write_invalid_key, NULL, NULL);

  g_assert_cmpstr (out, ==, "{\n  \"k" FFFD "\\\"\": 1\n}\n");
}

static void
write_nested (GlossJsonWriter *w,
              gconstpointer    data G_GNUC_UNUSED)
{
  gloss_json_writer_begin_object (w);
  gloss_json_writer_member_string (w, "name", "Gloss");
  gloss_json_writer_member_int (w, "count", 3);
  gloss_json_writer_key (w, "tags");
  gloss_json_writer_begin_array (w);
  gloss_json_writer_string (w, "a");
  gloss_json_writer_string (w, "b");
  gloss_json_writer_end_array (w);
  gloss_json_writer_key (w, "nested");
  gloss_json_writer_begin_object (w);
  gloss_json_writer_key (w, "empty_array");
  gloss_json_writer_begin_array (w);
  gloss_json_writer_end_array (w);
  gloss_json_writer_key (w, "empty_object");
  gloss_json_writer_begin_object (w);
  gloss_json_writer_end_object (w);
  gloss_json_writer_key (w, "list");
  gloss_json_writer_begin_array (w);
  gloss_json_writer_begin_object (w);
  gloss_json_writer_member_int (w, "x", -1);
  gloss_json_writer_end_object (w);
  gloss_json_writer_begin_array (w);
  gloss_json_writer_bool (w, TRUE);
  gloss_json_writer_bool (w, FALSE);
  gloss_json_writer_null (w);
  gloss_json_writer_int (w, G_MININT64);
  gloss_json_writer_int (w, G_MAXINT64);
  gloss_json_writer_end_array (w);
  gloss_json_writer_end_array (w);
  gloss_json_writer_end_object (w);
  gloss_json_writer_key (w, "ratio");
  gloss_json_writer_double (w, 0.5);
  gloss_json_writer_key (w, "note");
  gloss_json_writer_string (w, NULL);
  gloss_json_writer_end_object (w);
}

/* What JSON.stringify (value, null, 2) prints for the same value. */
static const char nested_expected[] =
  "{\n"
  "  \"name\": \"Gloss\",\n"
  "  \"count\": 3,\n"
  "  \"tags\": [\n"
  "    \"a\",\n"
  "    \"b\"\n"
  "  ],\n"
  "  \"nested\": {\n"
  "    \"empty_array\": [],\n"
  "    \"empty_object\": {},\n"
  "    \"list\": [\n"
  "      {\n"
  "        \"x\": -1\n"
  "      },\n"
  "      [\n"
  "        true,\n"
  "        false,\n"
  "        null,\n"
  "        -9223372036854775808,\n"
  "        9223372036854775807\n"
  "      ]\n"
  "    ]\n"
  "  },\n"
  "  \"ratio\": 0.5,\n"
  "  \"note\": null\n"
  "}\n";

static void
test_writer_pretty (void)
{
  g_autofree char *out = write_to_string (write_nested, NULL, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (out, ==, nested_expected);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
}

static void
write_nested_compact (GlossJsonWriter *w,
                      gconstpointer    data)
{
  gloss_json_writer_set_compact (w, TRUE);
  write_nested (w, data);
}

static char *
regenerate (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  json_generator_set_root (gen, json_parser_get_root (parser));
  return json_generator_to_data (gen, NULL);
}

/* Compact output: one line (and the final newline), the same value as pretty. */
static void
test_writer_compact (void)
{
  g_autofree char *out = write_to_string (write_nested_compact, NULL, NULL);
  g_autofree char *a = regenerate (out);
  g_autofree char *b = regenerate (nested_expected);

  g_assert_cmpstr (strchr (out, '\n'), ==, out + strlen (out) - 1);
  g_assert_null (strstr (out, "\": "));
  g_assert_cmpstr (a, ==, b);
}

/* The 8-bytes-at-a-time scan for plain ASCII: a byte that needs a look, at every
 * position of a word, amid plain runs of every length. */
static void
test_writer_escape_alignment (void)
{
  static const struct { const char *in, *out; } special[] = {
    { "\"", "\\\"" }, { "\\", "\\\\" }, { "\n", "\\n" }, { "\x01", "\\u0001" },
    { "\x1f", "\\u001f" }, { "\x7f", "\\u007f" }, { "é", "é" }, { "\xff", "\xef\xbf\xbd" },
    { " ", " " }, { "~", "~" },
  };

  for (guint k = 0; k < 20; k++)
    for (guint i = 0; i < G_N_ELEMENTS (special); i++)
      {
        g_autofree char *plain_a = g_strnfill (k, 'a');
        g_autofree char *plain_b = g_strnfill (19 - k, 'b');
        g_autofree char *in = g_strconcat (plain_a, special[i].in, plain_b, NULL);
        g_autofree char *expected = g_strconcat ("\"", plain_a, special[i].out, plain_b, "\"\n", NULL);
        g_autofree char *out = write_to_string (write_string_value, in, NULL);

        g_assert_cmpstr (out, ==, expected);
      }
}

static void
write_empty_array (GlossJsonWriter *w,
                   gconstpointer    data G_GNUC_UNUSED)
{
  gloss_json_writer_begin_array (w);
  gloss_json_writer_end_array (w);
}

static void
write_empty_object (GlossJsonWriter *w,
                    gconstpointer    data G_GNUC_UNUSED)
{
  gloss_json_writer_begin_object (w);
  gloss_json_writer_end_object (w);
}

static void
write_nested_empties (GlossJsonWriter *w,
                      gconstpointer    data G_GNUC_UNUSED)
{
  gloss_json_writer_begin_array (w);
  gloss_json_writer_begin_array (w);
  gloss_json_writer_end_array (w);
  gloss_json_writer_begin_object (w);
  gloss_json_writer_end_object (w);
  gloss_json_writer_end_array (w);
}

static void
test_writer_empty (void)
{
  g_autofree char *a = write_to_string (write_empty_array, NULL, NULL);
  g_autofree char *o = write_to_string (write_empty_object, NULL, NULL);
  g_autofree char *n = write_to_string (write_nested_empties, NULL, NULL);

  g_assert_cmpstr (a, ==, "[]\n");
  g_assert_cmpstr (o, ==, "{}\n");
  g_assert_cmpstr (n, ==, "[\n  [],\n  {}\n]\n");
}

static void
write_double_value (GlossJsonWriter *w,
                    gconstpointer    data)
{
  gloss_json_writer_double (w, *(const double *) data);
}

static void
test_writer_double (void)
{
  /* Expected strings are what JavaScript's String (v) gives. */
  static const struct {
    double      v;
    const char *out;
  } cases[] = {
    { 0.1, "0.1" },
    { 0.1 + 0.2, "0.30000000000000004" },
    { 1e300, "1e+300" },
    { -1e300, "-1e+300" },
    { 1e21, "1e+21" },
    { 1e20, "100000000000000000000" },
    { 123456789012345680000.0, "123456789012345680000" },
    { 1.5, "1.5" },
    { -2.0, "-2" },
    { 100.0, "100" },
    { 0.000001, "0.000001" },
    { 0.0000001, "1e-7" },
    { 1.5e-7, "1.5e-7" },
    { 123.456, "123.456" },
    { 5e-324, "5e-324" },
    { 1.7976931348623157e308, "1.7976931348623157e+308" },
    { 2.2250738585072014e-308, "2.2250738585072014e-308" },
    { 9007199254740993.0, "9007199254740992" },
    { 1.0 / 3.0, "0.3333333333333333" },
    { 0.0, "0" },
    { -0.0, "0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = write_to_string (write_double_value, &cases[i].v, NULL);
      g_autofree char *expected = g_strconcat (cases[i].out, "\n", NULL);

      g_assert_cmpstr (out, ==, expected);
      g_assert_true (g_ascii_strtod (out, NULL) == cases[i].v);
    }

  {
    double specials[] = { NAN, INFINITY, -INFINITY };

    for (guint i = 0; i < G_N_ELEMENTS (specials); i++)
      {
        g_autofree char *out = write_to_string (write_double_value, &specials[i], NULL);
        g_assert_cmpstr (out, ==, "null\n");
      }
  }

  /* Random doubles read back exactly. */
  {
    g_autoptr(GRand) rand = g_rand_new_with_seed (20261128);

    for (guint i = 0; i < 10000; i++)
      {
        union { guint64 u; double d; } bits;
        g_autofree char *out = NULL;

        bits.u = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
        if (!isfinite (bits.d))
          continue;
        out = write_to_string (write_double_value, &bits.d, NULL);
        g_assert_true (g_ascii_strtod (out, NULL) == bits.d || bits.d == 0);
      }
  }
}

static void
write_node_in_object (GlossJsonWriter *w,
                      gconstpointer    data)
{
  gloss_json_writer_begin_object (w);
  gloss_json_writer_member_string (w, "id", "x");
  gloss_json_writer_key (w, "metadata");
  gloss_json_writer_node (w, (JsonNode *) data);
  gloss_json_writer_key (w, "none");
  gloss_json_writer_node (w, NULL);
  gloss_json_writer_key (w, "list");
  gloss_json_writer_begin_array (w);
  gloss_json_writer_node (w, (JsonNode *) data);
  gloss_json_writer_end_array (w);
  gloss_json_writer_end_object (w);
}

static void
test_writer_node (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  /* Members in an order that is not sorted, to check that insertion order is kept. */
  json_parser_load_from_data (parser,
                              "{\"z\": 1, \"a\": [1.25, true, null, \"s\\n\"], \"m\": {}, \"e\": [],"
                              " \"o\": {\"k\": false}}", -1, &error);
  g_assert_no_error (error);

  out = write_to_string (write_node_in_object, json_parser_get_root (parser), NULL);
  g_assert_cmpstr (out, ==,
                   "{\n"
                   "  \"id\": \"x\",\n"
                   "  \"metadata\": {\n"
                   "    \"z\": 1,\n"
                   "    \"a\": [\n"
                   "      1.25,\n"
                   "      true,\n"
                   "      null,\n"
                   "      \"s\\n\"\n"
                   "    ],\n"
                   "    \"m\": {},\n"
                   "    \"e\": [],\n"
                   "    \"o\": {\n"
                   "      \"k\": false\n"
                   "    }\n"
                   "  },\n"
                   "  \"none\": null,\n"
                   "  \"list\": [\n"
                   "    {\n"
                   "      \"z\": 1,\n"
                   "      \"a\": [\n"
                   "        1.25,\n"
                   "        true,\n"
                   "        null,\n"
                   "        \"s\\n\"\n"
                   "      ],\n"
                   "      \"m\": {},\n"
                   "      \"e\": [],\n"
                   "      \"o\": {\n"
                   "        \"k\": false\n"
                   "      }\n"
                   "    }\n"
                   "  ]\n"
                   "}\n");
}

static void
test_writer_sticky_error (void)
{
  /* A fixed 1 KiB stream without a realloc function cannot grow: the first flush of
   * the 64 KiB buffer fails with G_IO_ERROR_NO_SPACE. */
  g_autofree char *storage = g_malloc0 (1024);
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new (storage, 1024, NULL, NULL);
  g_autoptr(GlossJsonWriter) w = gloss_json_writer_new (stream);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) again = NULL;

  gloss_json_writer_begin_array (w);
  for (guint i = 0; i < 20000; i++)
    gloss_json_writer_string (w, "some text that fills the buffer");
  /* These would be misuse on a healthy writer; after the error they are no-ops. */
  gloss_json_writer_end_object (w);
  gloss_json_writer_key (w, "k");

  g_assert_false (gloss_json_writer_finish (w, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream)), <=, 1024);

  /* Still the same error when asked again. */
  g_assert_false (gloss_json_writer_finish (w, NULL, &again));
  g_assert_error (again, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
}

static void
test_writer_small_error_at_finish (void)
{
  /* Small output fits the buffer, so the error only shows at finish(). */
  char storage[8];
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new (storage, sizeof storage, NULL, NULL);
  g_autoptr(GlossJsonWriter) w = gloss_json_writer_new (stream);
  g_autoptr(GError) error = NULL;

  gloss_json_writer_string (w, "longer than eight bytes");
  g_assert_false (gloss_json_writer_finish (w, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
}

static void
test_writer_misuse (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
      g_autoptr(GlossJsonWriter) w = gloss_json_writer_new (stream);
      g_autoptr(GError) error = NULL;

      /* Criticals are fatal in tests; here the error that finish() reports is checked. */
      g_log_set_always_fatal (G_LOG_FATAL_MASK);
      gloss_json_writer_begin_object (w);
      gloss_json_writer_int (w, 1);
      g_assert_false (gloss_json_writer_finish (w, NULL, &error));
      g_assert_error (error, GLOSS_JSON_WRITER_ERROR, GLOSS_JSON_WRITER_ERROR_MISUSE);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*CRITICAL*a value in an object without a key*");
}

static void
test_writer_unfinished (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
      g_autoptr(GlossJsonWriter) w = gloss_json_writer_new (stream);
      g_autoptr(GError) error = NULL;

      g_log_set_always_fatal (G_LOG_FATAL_MASK);
      gloss_json_writer_begin_array (w);
      gloss_json_writer_int (w, 1);
      g_assert_false (gloss_json_writer_finish (w, NULL, &error));
      g_assert_error (error, GLOSS_JSON_WRITER_ERROR, GLOSS_JSON_WRITER_ERROR_MISUSE);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*CRITICAL*finish with open containers*");
}

/* A random string: either random bytes (mostly invalid UTF-8) or random characters
 * biased towards the ones that need care. Never contains NUL, which json-glib's
 * C strings cannot carry back. */
static char *
random_string (GRand *rand,
               gsize *len_out)
{
  static const gunichar interesting[] = {
    '"', '\\', '/', '\b', '\f', '\n', '\r', '\t', 0x01, 0x1f, 0x7f, 0x80, 0xe9, 0x2028, 0x2029,
    0xfeff, 0xfffd, 0xfffe, 0x1f600, 0x10ffff, '{', '}', '[', ']', ',', ':',
  };
  guint n = g_rand_int_range (rand, 0, 40);
  GString *s = g_string_new (NULL);

  if (g_rand_boolean (rand))
    {
      for (guint i = 0; i < n; i++)
        g_string_append_c (s, (char) g_rand_int_range (rand, 1, 256));
    }
  else
    {
      for (guint i = 0; i < n; i++)
        {
          gunichar c;

          switch (g_rand_int_range (rand, 0, 4))
            {
            case 0:
              c = interesting[g_rand_int_range (rand, 0, G_N_ELEMENTS (interesting))];
              break;
            case 1:
              c = g_rand_int_range (rand, 1, 0x80);
              break;
            default:
              do
                c = g_rand_int_range (rand, 1, 0x110000);
              while (c >= 0xd800 && c <= 0xdfff);
              break;
            }
          g_string_append_unichar (s, c);
        }
    }
  *len_out = s->len;
  return g_string_free (s, FALSE);
}

/* The characters that survive, without the replacement characters. */
static char *
strip_fffd (const char *s)
{
  GString *out = g_string_new (NULL);

  for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p))
    if (g_utf8_get_char (p) != 0xfffd)
      g_string_append_unichar (out, g_utf8_get_char (p));
  return g_string_free (out, FALSE);
}

static void
check_round_trip (const char *in,
                  gsize       in_len,
                  const char *back)
{
  g_assert_true (g_utf8_validate (back, -1, NULL));
  if (g_utf8_validate_len (in, in_len, NULL))
    g_assert_cmpstr (back, ==, in);
  else
    {
      /* Invalid bytes became U+FFFD; all the valid characters around them are kept. */
      g_autofree char *valid = g_utf8_make_valid (in, in_len);
      g_autofree char *a = strip_fffd (valid);
      g_autofree char *b = strip_fffd (back);

      g_assert_cmpstr (b, ==, a);
      g_assert_nonnull (strstr (back, FFFD));
    }
}

static void
write_random (GlossJsonWriter *w,
              gconstpointer    data)
{
  GPtrArray *strings = (GPtrArray *) data;

  gloss_json_writer_begin_object (w);
  gloss_json_writer_key (w, "items");
  gloss_json_writer_begin_array (w);
  for (guint i = 0; i < strings->len; i++)
    {
      GBytes *bytes = g_ptr_array_index (strings, i);
      gsize len;
      const char *s = g_bytes_get_data (bytes, &len);

      /* Each item carries the string as a value and as a key. */
      gloss_json_writer_begin_object (w);
      gloss_json_writer_key (w, "value");
      gloss_json_writer_string_len (w, s, len);
      gloss_json_writer_key (w, s);
      gloss_json_writer_int (w, i);
      gloss_json_writer_end_object (w);
    }
  gloss_json_writer_end_array (w);
  gloss_json_writer_end_object (w);
}

static void
test_writer_round_trip (void)
{
  /* A fixed seed rather than g_test_rand_int(), whose seed changes from run to run,
   * so that a failure here can be reproduced. */
  g_autoptr(GRand) rand = g_rand_new_with_seed (0x61055);
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autofree char *out = NULL;
  GlossJsonArrayIter iter;
  JsonArray *items;
  gsize out_len, offset, length;

  for (guint i = 0; i < 1000; i++)
    {
      gsize len;
      char *s = random_string (rand, &len);

      g_ptr_array_add (strings, g_bytes_new_take (s, len));
    }

  out = write_to_string (write_random, strings, &out_len);
  g_assert_true (g_utf8_validate (out, out_len, NULL));

  /* json-glib reads back every string, as value and as key. */
  json_parser_load_from_data (parser, out, out_len, &error);
  g_assert_no_error (error);
  items = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, strings->len);

  for (guint i = 0; i < strings->len; i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      g_autoptr(GList) names = json_object_get_members (item);
      const char *key = NULL;
      gsize len;
      const char *s = g_bytes_get_data (g_ptr_array_index (strings, i), &len);

      check_round_trip (s, len, json_object_get_string_member (item, "value"));
      for (GList *l = names; l != NULL; l = l->next)
        if (json_object_get_int_member (item, l->data) == i && g_strcmp0 (l->data, "value") != 0)
          key = l->data;
      if (key != NULL)
        check_round_trip (s, len, key);
      else
        g_assert_cmpstr (s, ==, "value");  /* the only way the key can be missing */
    }

  /* The scanner accepts the same output, and json-glib agrees on each slice. */
  members = gloss_json_scan_object (out, out_len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 1);
  gloss_json_array_iter_init (&iter, out, g_ptr_array_index (members, 0));
  while (gloss_json_array_iter_next (&iter, &offset, &length))
    {
      g_autoptr(JsonNode) node = gloss_json_parse_slice (out, offset, length, &error);
      JsonObject *item = json_array_get_object_element (items, iter.index - 1);

      g_assert_no_error (error);
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "value"), ==,
                       json_object_get_string_member (item, "value"));
    }
  g_assert_cmpuint (iter.index, ==, strings->len);
}

/* What the writer must make of @len bytes, one byte or character at a time, as a plain
 * reading of the rules: escapes for the quote, the backslash, control characters and
 * U+2028/9; each maximal ill-formed subpart (Unicode §3.9) as one U+FFFD. */
static char *
reference_escape (const char *s,
                  gsize       len)
{
  GString *out = g_string_new ("\"");
  const guchar *p = (const guchar *) s;
  gsize i = 0;

  while (i < len)
    {
      guchar c = p[i];
      /* The lead bytes of Table 3-7 with the range of their second byte. */
      guint need = 0;
      guchar lo = 0x80, hi = 0xbf;
      gsize k;

      if (c == '"' || c == '\\')
        {
          g_string_append_printf (out, "\\%c", c);
          i++;
          continue;
        }
      if (c < 0x20 || c == 0x7f)
        {
          const char *named = c == '\b' ? "\\b" : c == '\f' ? "\\f" : c == '\n' ? "\\n" :
                              c == '\r' ? "\\r" : c == '\t' ? "\\t" : NULL;

          if (named != NULL)
            g_string_append (out, named);
          else
            g_string_append_printf (out, "\\u%04x", c);
          i++;
          continue;
        }
      if (c < 0x80)
        {
          g_string_append_c (out, c);
          i++;
          continue;
        }
      if (c >= 0xc2 && c <= 0xdf)
        need = 1;
      else if (c >= 0xe0 && c <= 0xef)
        {
          need = 2;
          lo = c == 0xe0 ? 0xa0 : 0x80;
          hi = c == 0xed ? 0x9f : 0xbf;
        }
      else if (c >= 0xf0 && c <= 0xf4)
        {
          need = 3;
          lo = c == 0xf0 ? 0x90 : 0x80;
          hi = c == 0xf4 ? 0x8f : 0xbf;
        }
      if (need == 0)
        {
          g_string_append (out, FFFD);
          i++;
          continue;
        }
      for (k = 1; k <= need; k++)
        {
          if (i + k >= len || p[i + k] < (k == 1 ? lo : 0x80) || p[i + k] > (k == 1 ? hi : 0xbf))
            break;
        }
      if (k <= need)
        {
          g_string_append (out, FFFD);
          i += k;
        }
      else if (need == 2 && c == 0xe2 && p[i + 1] == 0x80 && (p[i + 2] == 0xa8 || p[i + 2] == 0xa9))
        {
          g_string_append (out, p[i + 2] == 0xa8 ? "\\u2028" : "\\u2029");
          i += 3;
        }
      else
        {
          g_string_append_len (out, s + i, need + 1);
          i += need + 1;
        }
    }
  g_string_append (out, "\"\n");
  return g_string_free (out, FALSE);
}

static void
check_against_reference (const char *s,
                         gsize       len)
{
  Bytes b = { s, (gssize) len };
  gsize out_len;
  g_autofree char *out = write_to_string (write_bytes_value, &b, &out_len);
  g_autofree char *expected = reference_escape (s, len);

  g_assert_cmpmem (out, out_len, expected, strlen (expected));
}

/* The escaping reads and writes eight bytes at a time, ends a string with its last
 * word shifted down (or, under eight bytes, a padded one), and takes a long string
 * in pieces of 4 KiB: every kind of byte at every place of a word, of a string's
 * last word and of a piece, against the plain reading of the rules above. */
static void
test_writer_escape_reference (void)
{
  static const char *const special[] = {
    "\"", "\\", "\n", "\x01", "\x1f", "\x7f", "\xc3\xa9", "\xe4\xb8\xad", "\xf0\x9f\x98\x80",
    "\xe2\x80\xa8", "\xe2\x80\xa9", "\xff", "\xc3", "\xe2\x82", "\xf0\x9f\x98", "\xed\xa0\x80", "\x80", " ", "~",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (0x5e7a);

  /* Short strings: every length up to three words, one special at each place. */
  for (guint len = 0; len <= 24; len++)
    for (guint at = 0; at <= len; at++)
      for (guint i = 0; i < G_N_ELEMENTS (special); i++)
        {
          g_autofree char *head = g_strnfill (at, 'a');
          g_autofree char *tail = g_strnfill (len - at, 'z');
          g_autofree char *s = g_strconcat (head, special[i], tail, NULL);

          check_against_reference (s, strlen (s));
        }

  /* Embedded NULs and a character cut by the end of the string. */
  check_against_reference ("\0", 1);
  check_against_reference ("abcdefgh\0ijk", 12);
  check_against_reference ("abcdefgh\xe4\xb8", 10);

  /* Around the pieces of a long string: specials astride 4 KiB and 64 KiB (the buffer). */
  for (guint i = 0; i < G_N_ELEMENTS (special); i++)
    for (guint at = 4096 - 9; at <= 4096 + 2; at++)
      {
        GString *s = g_string_new (NULL);

        for (guint k = 0; k < 20; k++)
          {
            while (s->len < k * 4096 + at)
              g_string_append_c (s, "plain text "[s->len % 11]);
            g_string_append (s, special[i]);
          }
        check_against_reference (s->str, s->len);
        g_string_free (s, TRUE);
      }

  /* Random bytes and random characters of every length, short and long. */
  for (guint n = 0; n < 2000; n++)
    {
      guint len = n < 1900 ? g_rand_int_range (rand, 0, 70) : g_rand_int_range (rand, 4000, 80000);
      g_autofree char *s = g_malloc (len + 1);
      gboolean text = g_rand_boolean (rand);

      for (guint k = 0; k < len; k++)
        {
          /* Text: mostly plain ASCII with some UTF-8 and specials; else any byte. */
          guint r = g_rand_int_range (rand, 0, 256);

          if (text && r < 200)
            s[k] = (char) g_rand_int_range (rand, 0x20, 0x7f);
          else
            s[k] = (char) r;
        }
      check_against_reference (s, len);
    }
}

static void
write_static_keys (GlossJsonWriter *w,
                   gconstpointer    data)
{
  gboolean compact = GPOINTER_TO_INT (data);

  gloss_json_writer_set_compact (w, compact);
  gloss_json_writer_begin_object (w);
  gloss_json_writer_static_key (w, GLOSS_JSON_KEY ("id"));
  gloss_json_writer_string (w, "a");
  gloss_json_writer_key (w, "dynamic");
  gloss_json_writer_begin_array (w);
  gloss_json_writer_begin_object (w);
  gloss_json_writer_static_key (w, GLOSS_JSON_KEY ("page_end"));
  gloss_json_writer_int (w, 12);
  gloss_json_writer_end_object (w);
  gloss_json_writer_end_array (w);
  gloss_json_writer_static_key (w, GLOSS_JSON_KEY ("note"));
  gloss_json_writer_null (w);
  gloss_json_writer_end_object (w);
}

/* A key rendered once is laid out as any other key, pretty or compact. */
static void
test_writer_static_key (void)
{
  g_autofree char *pretty = write_to_string (write_static_keys, GINT_TO_POINTER (FALSE), NULL);
  g_autofree char *compact = write_to_string (write_static_keys, GINT_TO_POINTER (TRUE), NULL);

  g_assert_cmpstr (pretty, ==,
                   "{\n"
                   "  \"id\": \"a\",\n"
                   "  \"dynamic\": [\n"
                   "    {\n"
                   "      \"page_end\": 12\n"
                   "    }\n"
                   "  ],\n"
                   "  \"note\": null\n"
                   "}\n");
  g_assert_cmpstr (compact, ==, "{\"id\":\"a\",\"dynamic\":[{\"page_end\":12}],\"note\":null}\n");

  if (g_test_subprocess ())
    {
      g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
      g_autoptr(GlossJsonWriter) w = gloss_json_writer_new (stream);
      g_autoptr(GError) error = NULL;

      g_log_set_always_fatal (G_LOG_FATAL_MASK);
      gloss_json_writer_begin_array (w);
      gloss_json_writer_static_key (w, GLOSS_JSON_KEY ("id"));
      gloss_json_writer_end_array (w);
      g_assert_false (gloss_json_writer_finish (w, NULL, &error));
      g_assert_error (error, GLOSS_JSON_WRITER_ERROR, GLOSS_JSON_WRITER_ERROR_MISUSE);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*CRITICAL*a key outside an object*");
}

/* Items 0 to 4 of an array, with item 1 written, taken back and written as "b", and
 * item 3 (larger than the buffer when @data is TRUE) written twice and taken back
 * once; the first item is taken back too, so the comma before item 0 must go. */
static void
write_with_rewinds (GlossJsonWriter *w,
                    gconstpointer    data)
{
  gboolean big = GPOINTER_TO_INT (data);
  g_autofree char *filler = g_strnfill (big ? 200000 : 10, 'x');

  gloss_json_writer_begin_object (w);
  gloss_json_writer_mark (w);
  gloss_json_writer_member_string (w, "gone", "never seen");
  gloss_json_writer_rewind (w);
  gloss_json_writer_key (w, "items");
  gloss_json_writer_begin_array (w);
  gloss_json_writer_mark (w);
  gloss_json_writer_string (w, "first, taken back");
  gloss_json_writer_rewind (w);
  gloss_json_writer_int (w, 0);
  gloss_json_writer_mark (w);
  gloss_json_writer_begin_object (w);
  gloss_json_writer_member_string (w, "a", "taken back");
  gloss_json_writer_end_object (w);
  gloss_json_writer_rewind (w);
  gloss_json_writer_string (w, "b");
  gloss_json_writer_int (w, 2);
  gloss_json_writer_mark (w);
  gloss_json_writer_string (w, filler);
  gloss_json_writer_string (w, filler);
  gloss_json_writer_rewind (w);
  gloss_json_writer_string (w, filler);
  gloss_json_writer_mark (w);
  gloss_json_writer_int (w, 4);
  gloss_json_writer_unmark (w);
  gloss_json_writer_end_array (w);
  gloss_json_writer_end_object (w);
}

static void
write_without_rewinds (GlossJsonWriter *w,
                       gconstpointer    data)
{
  gboolean big = GPOINTER_TO_INT (data);
  g_autofree char *filler = g_strnfill (big ? 200000 : 10, 'x');

  gloss_json_writer_begin_object (w);
  gloss_json_writer_key (w, "items");
  gloss_json_writer_begin_array (w);
  gloss_json_writer_int (w, 0);
  gloss_json_writer_string (w, "b");
  gloss_json_writer_int (w, 2);
  gloss_json_writer_string (w, filler);
  gloss_json_writer_int (w, 4);
  gloss_json_writer_end_array (w);
  gloss_json_writer_end_object (w);
}

static void
write_compact_with_rewinds (GlossJsonWriter *w,
                            gconstpointer    data)
{
  gloss_json_writer_set_compact (w, TRUE);
  write_with_rewinds (w, data);
}

static void
write_compact_without_rewinds (GlossJsonWriter *w,
                               gconstpointer    data)
{
  gloss_json_writer_set_compact (w, TRUE);
  write_without_rewinds (w, data);
}

/* What a rewind takes back leaves no trace, pretty or compact, also when what the
 * mark holds is larger than the buffer (it stays in memory while the rest is
 * written out) and when more than a buffer's worth follows a mark never used. */
static void
test_writer_rewind (void)
{
  for (int big = 0; big <= 1; big++)
    {
      gsize len_a, len_b;
      g_autofree char *a = write_to_string (write_with_rewinds, GINT_TO_POINTER (big), &len_a);
      g_autofree char *b = write_to_string (write_without_rewinds, GINT_TO_POINTER (big), &len_b);
      g_autofree char *c = write_to_string (write_compact_with_rewinds, GINT_TO_POINTER (big), &len_a);
      g_autofree char *d = write_to_string (write_compact_without_rewinds, GINT_TO_POINTER (big), &len_b);

      g_assert_cmpstr (a, ==, b);
      g_assert_cmpstr (c, ==, d);
      if (!big)
        {
          g_assert_cmpstr (b, ==, "{\n  \"items\": [\n    0,\n    \"b\",\n    2,\n    \"xxxxxxxxxx\",\n    4\n  ]\n}\n");
          g_assert_cmpstr (d, ==, "{\"items\":[0,\"b\",2,\"xxxxxxxxxx\",4]}\n");
        }
    }
}

static void
rewind_misuse (gboolean close_first)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GlossJsonWriter) w = gloss_json_writer_new (stream);
  g_autoptr(GError) error = NULL;

  g_log_set_always_fatal (G_LOG_FATAL_MASK);
  gloss_json_writer_begin_array (w);
  gloss_json_writer_begin_array (w);
  gloss_json_writer_mark (w);
  gloss_json_writer_int (w, 1);
  if (close_first)
    gloss_json_writer_end_array (w);
  else
    gloss_json_writer_unmark (w);
  gloss_json_writer_rewind (w);
  g_assert_false (gloss_json_writer_finish (w, NULL, &error));
  g_assert_error (error, GLOSS_JSON_WRITER_ERROR, GLOSS_JSON_WRITER_ERROR_MISUSE);
}

/* A rewind with no mark, or out of the container the mark was in, is refused. */
static void
test_writer_rewind_misuse (gconstpointer data)
{
  if (g_test_subprocess ())
    {
      rewind_misuse (GPOINTER_TO_INT (data));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*CRITICAL*a rewind without a mark*");
}

static void
write_large (GlossJsonWriter *w,
             gconstpointer    data)
{
  guint n = GPOINTER_TO_UINT (data);

  gloss_json_writer_begin_object (w);
  gloss_json_writer_member_string (w, "format", "gloss-test");
  gloss_json_writer_key (w, "annotations");
  gloss_json_writer_begin_array (w);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *quote = g_strdup_printf ("quote \"%u\" {[", i);

      gloss_json_writer_begin_object (w);
      gloss_json_writer_member_int (w, "id", i);
      gloss_json_writer_member_string (w, "quote", quote);
      gloss_json_writer_key (w, "score");
      gloss_json_writer_double (w, i * 0.5);
      gloss_json_writer_end_object (w);
    }
  gloss_json_writer_end_array (w);
  gloss_json_writer_end_object (w);
}

static void
test_writer_large (void)
{
  const guint n = 200000;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = NULL;
  gsize len, offset, length;
  g_autofree char *out = write_to_string (write_large, GUINT_TO_POINTER (n), &len);
  GlossJsonMember *array;
  GlossJsonArrayIter iter;
  JsonArray *items;
  JsonObject *item;

  json_parser_load_from_data (parser, out, len, &error);
  g_assert_no_error (error);
  items = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "annotations");
  g_assert_cmpuint (json_array_get_length (items), ==, n);
  item = json_array_get_object_element (items, 123456);
  g_assert_cmpint (json_object_get_int_member (item, "id"), ==, 123456);
  g_assert_cmpstr (json_object_get_string_member (item, "quote"), ==, "quote \"123456\" {[");
  g_assert_cmpfloat (json_object_get_double_member (item, "score"), ==, 61728.0);

  members = gloss_json_scan_object (out, len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 2);
  array = g_ptr_array_index (members, 1);
  g_assert_cmpstr (array->key, ==, "annotations");
  g_assert_cmpint (array->kind, ==, '[');

  gloss_json_array_iter_init (&iter, out, array);
  while (gloss_json_array_iter_next (&iter, &offset, &length))
    {
      g_assert_cmpint (out[offset], ==, '{');
      g_assert_cmpint (out[offset + length - 1], ==, '}');
      if (iter.index == 123457)
        {
          g_autoptr(JsonNode) node = gloss_json_parse_slice (out, offset, length, &error);

          g_assert_no_error (error);
          g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "id"), ==, 123456);
        }
    }
  g_assert_cmpuint (iter.index, ==, n);
}

/* ------------------------------------------------------------------------ */
/* Scanner                                                                  */

static char *
slice (const char            *data,
       const GlossJsonMember *m)
{
  return g_strndup (data + m->offset, m->length);
}

static void
test_scan_members (void)
{
  static const char doc[] =
    "\xef\xbb\xbf"
    "{\n"
    "  \"format\": \"gloss\",\n"
    "  \"version\" :-1.5e+3 ,\n"
    "  \"ok\": true, \"no\": false,\"nothing\":null,\n"
    "  \"caf\\u00e9 \\\"q\\\" \\ud83d\\ude00\\n\": 0,\n"
    "  \"labels\": [ {\"name\": \"a]}\"}, [1, [2]], \"x\" ],\n"
    "  \"meta\": {\"a\": {\"b\": []}},\n"
    "  \"\": \"empty key\"\n"
    "}\n\n";
  static const struct {
    const char *key;
    char        kind;
    const char *text;
  } expected[] = {
    { "format", '"', "\"gloss\"" },
    { "version", 'n', "-1.5e+3" },
    { "ok", 't', "true" },
    { "no", 'f', "false" },
    { "nothing", 'z', "null" },
    { "caf\xc3\xa9 \"q\" \xf0\x9f\x98\x80\n", 'n', "0" },
    { "labels", '[', "[ {\"name\": \"a]}\"}, [1, [2]], \"x\" ]" },
    { "meta", '{', "{\"a\": {\"b\": []}}" },
    { "", '"', "\"empty key\"" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = gloss_json_scan_object (doc, sizeof doc - 1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (members);
  g_assert_cmpuint (members->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < members->len; i++)
    {
      GlossJsonMember *m = g_ptr_array_index (members, i);
      g_autofree char *text = slice (doc, m);

      g_assert_cmpstr (m->key, ==, expected[i].key);
      g_assert_cmpint (m->kind, ==, expected[i].kind);
      g_assert_cmpstr (text, ==, expected[i].text);
    }

  /* The offset of "version"'s value, counted by hand: BOM (3) + "{\n" (2) + first line (21)
   * + "  \"version\" :" (13). */
  g_assert_cmpuint (((GlossJsonMember *) g_ptr_array_index (members, 1))->offset, ==, 3 + 2 + 21 + 13);
}

static void
test_scan_empty_object (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = gloss_json_scan_object (" \t\r\n{ }\n", 8, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 0);
}

static void
test_scan_valid_values (void)
{
  /* Every form RFC 8259 allows, so that the rejections below are not over-eager. */
  static const char *const values[] = {
    "0", "-0", "7", "-12", "0.5", "-0.0", "10.25", "1e5", "1E5", "1e+5", "1e-5", "1E-05", "-1.5e300",
    "\"\"", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\u0000\\u001F\\uFFFF\\uabcd\"", "\"\\ud83d\\ude00\"",
    "\"\\uDBFF\\uDFFF\"", "\"\x7f\"", "\"\xf4\x8f\xbf\xbf\"", "\"\xe2\x80\xa8\"",
    "true", "false", "null", "[]", "{}", "[[]]", "[{}]", "{\"\":{}}", "[ 1 , 2 ]", "{ \"a\" : [ ] }",
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *doc = g_strdup_printf ("{\"v\":%s}", values[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) members = gloss_json_scan_object (doc, strlen (doc), &error);
      GlossJsonMember *m;

      g_assert_no_error (error);
      m = g_ptr_array_index (members, 0);
      g_assert_cmpuint (m->length, ==, strlen (values[i]));
    }
}

static void
test_scan_iter (void)
{
  static const char doc[] =
    "{\"items\": [\n"
    "  {\"a\": \"}]\\\"[{\"},\n"
    "\t[1, [2, [3]], {\"b\": []}] ,\r\n"
    "  \"plain ]\",\"esc \\\\\",  \"\\\\\\\"\"\n"
    "  ,-1.5e3,true , false,null,{}\n"
    "  ,[]\n"
    "], \"empty\": [ \n ], \"one\": [42]}";
  static const char *const expected[] = {
    "{\"a\": \"}]\\\"[{\"}",
    "[1, [2, [3]], {\"b\": []}]",
    "\"plain ]\"",
    "\"esc \\\\\"",
    "\"\\\\\\\"\"",
    "-1.5e3",
    "true",
    "false",
    "null",
    "{}",
    "[]",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = gloss_json_scan_object (doc, sizeof doc - 1, &error);
  GlossJsonArrayIter iter;
  gsize offset, length;

  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 3);

  gloss_json_array_iter_init (&iter, doc, g_ptr_array_index (members, 0));
  while (gloss_json_array_iter_next (&iter, &offset, &length))
    {
      g_autofree char *text = g_strndup (doc + offset, length);
      g_autoptr(JsonNode) node = NULL;

      g_assert_cmpuint (iter.index, <=, G_N_ELEMENTS (expected));
      g_assert_cmpstr (text, ==, expected[iter.index - 1]);

      /* json-glib accepts every slice on its own. */
      node = gloss_json_parse_slice (doc, offset, length, &error);
      g_assert_no_error (error);
      g_assert_nonnull (node);
    }
  g_assert_cmpuint (iter.index, ==, G_N_ELEMENTS (expected));
  /* Calling again at the end stays at the end. */
  g_assert_false (gloss_json_array_iter_next (&iter, &offset, &length));

  gloss_json_array_iter_init (&iter, doc, g_ptr_array_index (members, 1));
  g_assert_false (gloss_json_array_iter_next (&iter, &offset, &length));
  g_assert_cmpuint (iter.index, ==, 0);

  gloss_json_array_iter_init (&iter, doc, g_ptr_array_index (members, 2));
  g_assert_true (gloss_json_array_iter_next (&iter, &offset, &length));
  g_assert_cmpmem (doc + offset, length, "42", 2);
  g_assert_false (gloss_json_array_iter_next (&iter, &offset, &length));
}

static void
test_scan_parse_slice_error (void)
{
  static const char doc[] = "{\n  \"a\": [1]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  /* A slice that is not a whole value: the error points at it in the big document. */
  node = gloss_json_parse_slice (doc, 9, 2, &error);  /* "[1" */
  g_assert_null (node);
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "value at line 2, column 8: "));
}

static void
test_scan_syntax_errors (void)
{
  static const struct {
    const char *doc;
    const char *message;   /* the whole message, "line L, column C: what" */
  } cases[] = {
    { "", "line 1, column 1: the document is empty" },
    { " \n ", "line 2, column 2: the document is empty" },
    { "x", "line 1, column 1: expected '{' at the start of the document" },
    { "{", "line 1, column 2: unexpected end of input in the top-level object" },
    { "{\n  \"a\": 1\n  \"b\": 2\n}", "line 3, column 3: expected ',' or '}' after an object member" },
    { "{\"a\": [1 2]}", "line 1, column 10: expected ',' or ']' after an array item" },
    { "{\"a\": {\"b\": 1 \"c\": 2}}", "line 1, column 15: expected ',' or '}' after an object member" },
    { "{\"a\": 1,}", "line 1, column 9: trailing comma before '}'" },
    { "{\"a\": [1,]}", "line 1, column 10: trailing comma before ']'" },
    { "{\"a\": {\"b\": 1,}}", "line 1, column 15: trailing comma before '}'" },
    { "{\"a\": \"abc}", "line 1, column 7: unterminated string" },
    { "{\"a\": \"abc\\", "line 1, column 7: unterminated string" },
    { "{\"abc: 1}", "line 1, column 2: unterminated string" },
    { "{\"a\": \"\\x\"}", "line 1, column 8: invalid escape '\\x' in string" },
    { "{\"a\": \"\\u12G4\"}", "line 1, column 8: invalid \\u escape: expected four hexadecimal digits" },
    { "{\"a\": \"\\u12\"}", "line 1, column 8: invalid \\u escape: expected four hexadecimal digits" },
    { "{\"a\": \"\\ud800\"}", "line 1, column 8: lone surrogate \\ud800 in string" },
    { "{\"a\": \"\\ud800x\\udc00\"}", "line 1, column 8: lone surrogate \\ud800 in string" },
    { "{\"a\": \"\\ud800\\u0041\"}", "line 1, column 8: lone surrogate \\ud800 in string" },
    { "{\"a\": \"x\\udc00\"}", "line 1, column 9: lone surrogate \\udc00 in string" },
    { "{\"a\": \"tab\there\"}", "line 1, column 11: control character U+0009 in string must be escaped" },
    { "{\"a\": \"new\nline\"}", "line 1, column 11: control character U+000A in string must be escaped" },
    { "{\"a\": 01}", "line 1, column 7: leading zeros are not allowed in numbers" },
    { "{\"a\": -01}", "line 1, column 8: leading zeros are not allowed in numbers" },
    { "{\"a\": 1.}", "line 1, column 9: expected a digit after '.'" },
    { "{\"a\": .5}", "line 1, column 7: expected a value" },
    { "{\"a\": -}", "line 1, column 8: expected a digit after '-'" },
    { "{\"a\": 1e}", "line 1, column 9: expected a digit in the exponent" },
    { "{\"a\": 1e+}", "line 1, column 10: expected a digit in the exponent" },
    { "{\"a\": +1}", "line 1, column 7: expected a value" },
    { "{\"a\": 0x10}", "line 1, column 8: expected ',' or '}' after an object member" },
    { "{\"a\": NaN}", "line 1, column 7: expected a value" },
    { "{\"a\": tru}", "line 1, column 7: invalid literal, expected 'true'" },
    { "{\"a\": nul", "line 1, column 7: invalid literal, expected 'null'" },
    { "{\"a\": True}", "line 1, column 7: expected a value" },
    { "{\"a\": truex}", "line 1, column 11: expected ',' or '}' after an object member" },
    { "{\"a\": \"\xff\"}", "line 1, column 8: invalid UTF-8 in string" },
    { "{\"a\": \"\xc3\"}", "line 1, column 8: invalid UTF-8 in string" },
    { "{\"a\": \"\xed\xa0\x80\"}", "line 1, column 8: invalid UTF-8 in string" },
    { "{\"a\": \"\xc0\xaf\"}", "line 1, column 8: invalid UTF-8 in string" },
    { "{\"\xf5\x80\x80\x80\": 1}", "line 1, column 3: invalid UTF-8 in string" },
    { "{\"a\": 1} x", "line 1, column 10: unexpected data after the top-level object" },
    { "{\"a\": 1}{}", "line 1, column 9: unexpected data after the top-level object" },
    { "{\"a\": 1}\n\n,", "line 3, column 1: unexpected data after the top-level object" },
    { "{\"a\": 1, \"b\": 2, \"a\": 3}", "line 1, column 18: duplicate key \"a\"" },
    { "{\"a\": 1, \"\\u0061\": 3}", "line 1, column 10: duplicate key \"a\"" },
    { "{\"a\\u0000b\": 1}", "line 1, column 2: object key contains \\u0000" },
    { "{a: 1}", "line 1, column 2: expected a string as object key" },
    { "{\"a\" 1}", "line 1, column 6: expected ':' after object key" },
    { "{\"a\": {\"b\" 1}}", "line 1, column 12: expected ':' after object key" },
    { "{\"a\": {1: 2}}", "line 1, column 8: expected a string as object key" },
    { "{\"a\": [1, 2}", "line 1, column 12: expected ',' or ']' after an array item" },
    { "{\"a\": [1, 2", "line 1, column 12: unexpected end of input, expected ']'" },
    { "{\"a\": {\"b\": 1", "line 1, column 14: unexpected end of input, expected '}'" },
    { "{\"a\": ", "line 1, column 7: unexpected end of input, expected a value" },
    { "{\"a\": 1", "line 1, column 8: unexpected end of input, expected '}'" },
    { "{\"caf\xc3\xa9\": \"\xe2\x82\xac\", \"x\": ?}", "line 1, column 20: expected a value" },
    { "{\"a\": // comment\n 1}", "line 1, column 7: expected a value" },
    { "{\"a\": 'x'}", "line 1, column 7: expected a value" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) members = NULL;
      members = gloss_json_scan_object (cases[i].doc, strlen (cases[i].doc), &error);
      if (error == NULL)
        g_error ("case %u was accepted: %s", i, cases[i].doc);
      g_assert_null (members);
      g_assert_error (error, GLOSS_JSON_SCAN_ERROR, GLOSS_JSON_SCAN_ERROR_SYNTAX);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }

  /* A NUL byte is just an unexpected character, not the end of the input. */
  {
    static const char doc[] = "{\"a\": \"x\"\0}";
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) members = gloss_json_scan_object (doc, sizeof doc - 1, &error);

    g_assert_null (members);
    g_assert_error (error, GLOSS_JSON_SCAN_ERROR, GLOSS_JSON_SCAN_ERROR_SYNTAX);
    g_assert_cmpstr (error->message, ==, "line 1, column 10: expected ',' or '}' after an object member");
  }

  /* Errors are reported even when the caller does not ask for them. */
  g_assert_null (gloss_json_scan_object ("{\"a\":}", 6, NULL));
}

static void
test_scan_type_errors (void)
{
  static const struct {
    const char *doc;
    const char *message;
  } cases[] = {
    { "[1, 2]", "line 1, column 1: expected an object at the top level, found an array" },
    { "\n  []", "line 2, column 3: expected an object at the top level, found an array" },
    { "\"text\"", "line 1, column 1: expected an object at the top level, found a string" },
    { "42", "line 1, column 1: expected an object at the top level, found a number" },
    { "true", "line 1, column 1: expected an object at the top level, found a boolean" },
    { "null", "line 1, column 1: expected an object at the top level, found null" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) members = gloss_json_scan_object (cases[i].doc, strlen (cases[i].doc), &error);

      g_assert_null (members);
      g_assert_error (error, GLOSS_JSON_SCAN_ERROR, GLOSS_JSON_SCAN_ERROR_TYPE);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

/* {"a": followed by @depth - 1 nested containers, alternating arrays and objects. */
static char *
nested_document (guint depth)
{
  GString *s = g_string_new ("{\"a\":");

  for (guint i = 1; i < depth; i++)
    g_string_append (s, i % 2 ? "[" : "{\"k\":");
  g_string_append (s, "1");
  for (guint i = depth - 1; i >= 1; i--)
    g_string_append_c (s, i % 2 ? ']' : '}');
  g_string_append_c (s, '}');
  return g_string_free (s, FALSE);
}

static void
test_scan_depth (void)
{
  g_autofree char *ok = nested_document (GLOSS_JSON_SCAN_MAX_DEPTH);
  g_autofree char *deep = nested_document (GLOSS_JSON_SCAN_MAX_DEPTH + 1);
  g_autofree char *very_deep = g_strnfill (1000000, '[');
  g_autofree char *very_deep_doc = g_strconcat ("{\"a\":", very_deep, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) rejected = NULL;
  g_autoptr(GPtrArray) rejected2 = NULL;

  members = gloss_json_scan_object (ok, strlen (ok), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 1);

  rejected = gloss_json_scan_object (deep, strlen (deep), &error);
  g_assert_null (rejected);
  g_assert_error (error, GLOSS_JSON_SCAN_ERROR, GLOSS_JSON_SCAN_ERROR_SYNTAX);
  g_assert_true (g_str_has_prefix (error->message, "line 1, column "));
  g_assert_nonnull (strstr (error->message, "nesting too deep"));
  g_clear_error (&error);

  /* No recursion: a million open brackets are an error, not a stack overflow. */
  rejected2 = gloss_json_scan_object (very_deep_doc, strlen (very_deep_doc), &error);
  g_assert_null (rejected2);
  g_assert_nonnull (strstr (error->message, "nesting too deep"));
}

static void
test_scan_position (void)
{
  static const char text[] = "ab\n\xc3\xa9t\xe2\x82\xac\n\nx";
  guint line, column;

  gloss_json_position (text, 0, &line, &column);
  g_assert_cmpuint (line, ==, 1);
  g_assert_cmpuint (column, ==, 1);
  gloss_json_position (text, 2, &line, &column);   /* the newline itself */
  g_assert_cmpuint (line, ==, 1);
  g_assert_cmpuint (column, ==, 3);
  gloss_json_position (text, 6, &line, &column);   /* the euro sign, after "ét" */
  g_assert_cmpuint (line, ==, 2);
  g_assert_cmpuint (column, ==, 3);
  gloss_json_position (text, sizeof text - 2, &line, &column);  /* 'x' */
  g_assert_cmpuint (line, ==, 4);
  g_assert_cmpuint (column, ==, 1);
}

/* Scans @doc in memory and again from a file read in chunks of @chunk bytes; both
 * must find the same members, the same items and the same error. */
static void
check_chunked (const char *dir,
               const char *doc,
               gsize       len,
               gsize       chunk)
{
  g_autofree char *path = g_build_filename (dir, "doc.json", NULL);
  g_autoptr(GError) mem_error = NULL;
  g_autoptr(GError) file_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) mem = NULL;
  g_autoptr(GPtrArray) file = NULL;
  g_autoptr(GlossJsonSource) src = NULL;

  g_assert_true (g_file_set_contents (path, doc, len, &error));
  src = gloss_json_source_new_for_path (path, chunk, &error);
  g_assert_no_error (error);
  mem = gloss_json_scan_object (doc, len, &mem_error);
  file = gloss_json_scan_source (src, &file_error);
  if (mem == NULL)
    {
      g_assert_null (file);
      g_assert_nonnull (file_error);
      g_assert_true (mem_error->domain == file_error->domain && mem_error->code == file_error->code);
      g_assert_cmpstr (mem_error->message, ==, file_error->message);
      return;
    }
  g_assert_no_error (file_error);
  g_assert_nonnull (file);
  g_assert_cmpuint (mem->len, ==, file->len);
  for (guint i = 0; i < mem->len; i++)
    {
      const GlossJsonMember *a = mem->pdata[i], *b = file->pdata[i];

      g_assert_cmpstr (a->key, ==, b->key);
      g_assert_cmpuint (a->offset, ==, b->offset);
      g_assert_cmpuint (a->length, ==, b->length);
      g_assert_cmpint (a->kind, ==, b->kind);
      if (a->kind == '[')
        {
          GlossJsonArrayIter iter;
          GlossJsonItems items;
          gsize offset, length, item_len;
          const char *item;

          gloss_json_array_iter_init (&iter, doc, a);
          gloss_json_items_init (&items, src, b);
          while (gloss_json_array_iter_next (&iter, &offset, &length))
            {
              g_assert_true (gloss_json_items_next (&items, &item, &item_len, &error));
              g_assert_no_error (error);
              g_assert_cmpuint (item_len, ==, length);
              g_assert_true (memcmp (item, doc + offset, length) == 0);
              g_assert_cmpuint (items.index, ==, iter.index);
            }
          g_assert_false (gloss_json_items_next (&items, &item, &item_len, &error));
          g_assert_no_error (error);
        }
    }
}

static void
test_scan_chunked (void)
{
  static const char * const docs[] = {
    "{}",
    "\xef\xbb\xbf{\"a\": 1}",
    "\xef\xbb\xbf",
    "",
    "  \n ",
    "{\"k\\u00e9y\": [\"\\ud83d\\ude00\", \"\\u20ac\\n\\t\\\"\\\\\", -12.5e+3, 0, true, false, null, {\"x\": [[], {}]}],\n"
    " \"t\": \"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \\\"quoted\\\" \\\\\\\\\", \"n\": -0.25E-2, \"z\": null, \"b\": true}",
    "{\"items\": [{\"a\": \"]\\\"}\"}, \"s\", 12, -3.5, true, null, [1, [2, \"]\"]], {}], \"e\": []}",
    "{\"a\": [1, 2,]}",
    "{\"a\": [1, 2}",
    "{\"a\": \"x\\u00\"}",
    "{\"a\": \"\\ud800x\"}",
    "{\"a\": \"\xc3\"}",
    "{\"a\": \"\xed\xa0\x80\"}",
    "{\"a\": \"tab\there\"}",
    "{\"a\": 01}",
    "{\"a\": -}",
    "{\"a\": 1.}",
    "{\"a\": 1e}",
    "{\"a\": tru}",
    "{\"a\": nul",
    "{\"a\": 1, \"a\": 2}",
    "{\"a\": 1,}",
    "{\"\\u0000\": 1}",
    "{\"a\": 1} x",
    "{\"a\" 1}",
    "{\"a\": \"unterminated",
    "[1, 2]",
    "{\"a\":\n  {\"b\":\n    [1,\n     2,\n     \xe2\x82\xac]}}",
  };
  static const gsize chunks[] = { 1, 2, 3, 5, 7, 13, 64, 0 };
  static const gsize corpus_chunks[] = { 2, 7, 64, 0 };
  static const char * const corpora[] = { "json", "w3c", "jsonl", "exchange" };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gloss-scan-XXXXXX", &error);
  g_autofree char *path = NULL;

  g_assert_no_error (error);
  for (guint c = 0; c < G_N_ELEMENTS (chunks); c++)
    for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
      check_chunked (dir, docs[i], strlen (docs[i]), chunks[c]);

  /* Whatever the fuzz corpora hold (they replay as tests: they are there). */
  for (guint k = 0; k < G_N_ELEMENTS (corpora); k++)
    {
      g_autofree char *corpus = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus", corpora[k], NULL);
      g_autoptr(GDir) d = g_dir_open (corpus, 0, NULL);
      const char *name;

      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *file = g_build_filename (corpus, name, NULL);
          g_autofree char *contents = NULL;
          gsize len;

          if (!g_file_get_contents (file, &contents, &len, NULL))
            continue;
          for (guint c = 0; c < G_N_ELEMENTS (corpus_chunks); c++)
            check_chunked (dir, contents, len, corpus_chunks[c]);
        }
    }

  path = g_build_filename (dir, "doc.json", NULL);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/json-writer/escape-control", test_writer_escape_control);
  g_test_add_func ("/core/json-writer/escape-text", test_writer_escape_text);
  g_test_add_func ("/core/json-writer/invalid-utf8", test_writer_invalid_utf8);
  g_test_add_func ("/core/json-writer/key-escape", test_writer_key_escape);
  g_test_add_func ("/core/json-writer/pretty", test_writer_pretty);
  g_test_add_func ("/core/json-writer/compact", test_writer_compact);
  g_test_add_func ("/core/json-writer/escape-alignment", test_writer_escape_alignment);
  g_test_add_func ("/core/json-writer/escape-reference", test_writer_escape_reference);
  g_test_add_func ("/core/json-writer/static-key", test_writer_static_key);
  g_test_add_func ("/core/json-writer/rewind", test_writer_rewind);
  g_test_add_data_func ("/core/json-writer/rewind-misuse/unmarked", GINT_TO_POINTER (FALSE),
                        test_writer_rewind_misuse);
  g_test_add_data_func ("/core/json-writer/rewind-misuse/closed", GINT_TO_POINTER (TRUE),
                        test_writer_rewind_misuse);
  g_test_add_func ("/core/json-writer/empty", test_writer_empty);
  g_test_add_func ("/core/json-writer/double", test_writer_double);
  g_test_add_func ("/core/json-writer/node", test_writer_node);
  g_test_add_func ("/core/json-writer/sticky-error", test_writer_sticky_error);
  g_test_add_func ("/core/json-writer/error-at-finish", test_writer_small_error_at_finish);
  g_test_add_func ("/core/json-writer/misuse", test_writer_misuse);
  g_test_add_func ("/core/json-writer/unfinished", test_writer_unfinished);
  g_test_add_func ("/core/json-writer/round-trip", test_writer_round_trip);
  g_test_add_func ("/core/json-writer/large", test_writer_large);

  g_test_add_func ("/core/json-scan/members", test_scan_members);
  g_test_add_func ("/core/json-scan/empty-object", test_scan_empty_object);
  g_test_add_func ("/core/json-scan/valid-values", test_scan_valid_values);
  g_test_add_func ("/core/json-scan/iter", test_scan_iter);
  g_test_add_func ("/core/json-scan/parse-slice-error", test_scan_parse_slice_error);
  g_test_add_func ("/core/json-scan/syntax-errors", test_scan_syntax_errors);
  g_test_add_func ("/core/json-scan/type-errors", test_scan_type_errors);
  g_test_add_func ("/core/json-scan/depth", test_scan_depth);
  g_test_add_func ("/core/json-scan/position", test_scan_position);
  g_test_add_func ("/core/json-scan/chunked", test_scan_chunked);

  return g_test_run ();
}

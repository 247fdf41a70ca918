/* test-util.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-util"

#include <string.h>

#include "gloss-util.h"

static void
test_uuid (void)
{
  g_autofree char *a = gloss_uuid_new ();
  g_autofree char *b = gloss_uuid_new ();
  g_autofree char *n1 = gloss_uuid_from_name ("ns", "Person");
  g_autofree char *n2 = gloss_uuid_from_name ("ns", "Person");
  g_autofree char *n3 = gloss_uuid_from_name ("ns", "Place");

  g_assert_true (gloss_uuid_is_valid (a));
  g_assert_cmpstr (a, !=, b);
  g_assert_true (gloss_uuid_is_valid (n1));
  g_assert_cmpstr (n1, ==, n2);
  g_assert_cmpstr (n1, !=, n3);
  g_assert_cmpint (n1[14], ==, '5');   /* version 5 */
  g_assert_false (gloss_uuid_is_valid ("not-a-uuid"));
  g_assert_false (gloss_uuid_is_valid (NULL));

  /* New ids are version 7 (RFC 9562 variant), each after the one before, and start
   * with the time they were made in milliseconds. */
  g_assert_cmpint (a[14], ==, '7');
  g_assert_true (strchr ("89ab", a[19]) != NULL);
  g_assert_cmpstr (a, <, b);
  {
    gint64 before = g_get_real_time () / 1000;
    g_autofree char *last = gloss_uuid_new ();
    gint64 after;
    char ms_hex[13];
    gint64 ms;

    for (int i = 0; i < 10000; i++)
      {
        char *next = gloss_uuid_new ();

        g_assert_true (gloss_uuid_is_valid (next));
        g_assert_cmpint (next[14], ==, '7');
        g_assert_cmpstr (last, <, next);
        g_free (last);
        last = next;
      }
    after = g_get_real_time () / 1000;
    memcpy (ms_hex, last, 8);
    memcpy (ms_hex + 8, last + 9, 4);
    ms_hex[12] = '\0';
    ms = (gint64) g_ascii_strtoull (ms_hex, NULL, 16);
    /* Ids made faster than one a millisecond may run ahead of the clock a little. */
    g_assert_cmpint (ms, >=, before);
    g_assert_cmpint (ms, <=, after + 10);
  }
}

static void
test_timestamps (void)
{
  g_autofree char *now = gloss_now_iso8601 ();

  g_assert_cmpuint (strlen (now), ==, 24);
  g_assert_true (g_str_has_suffix (now, "Z"));
  /* The same text GDateTime gives for that moment. */
  {
    g_autoptr(GDateTime) t = g_date_time_new_from_iso8601 (now, NULL);
    g_autofree char *again = NULL;

    g_assert_nonnull (t);
    again = g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", g_date_time_get_year (t),
                             g_date_time_get_month (t), g_date_time_get_day_of_month (t), g_date_time_get_hour (t),
                             g_date_time_get_minute (t), g_date_time_get_second (t),
                             (g_date_time_get_microsecond (t) + 500) / 1000);
    g_assert_cmpstr (again, ==, now);
  }
  g_assert_true (gloss_timestamp_is_valid (now));
  g_assert_true (gloss_timestamp_is_valid ("2026-01-31T12:00:00Z"));
  g_assert_false (gloss_timestamp_is_valid ("2026-01-31T12:00:00+01:00"));
  g_assert_false (gloss_timestamp_is_valid ("yesterday"));
  g_assert_false (gloss_timestamp_is_valid ("2026-13-31T12:00:00.000Z"));
}

static void
test_colour (void)
{
  g_assert_true (gloss_colour_is_valid ("#3584e4"));
  g_assert_true (gloss_colour_is_valid ("#ABCDEF"));
  g_assert_false (gloss_colour_is_valid ("3584e4"));
  g_assert_false (gloss_colour_is_valid ("#3584e"));
  g_assert_false (gloss_colour_is_valid ("#3584eg"));
  g_assert_false (gloss_colour_is_valid (NULL));
}

static void
test_text_index (void)
{
  /* Emoji (4 bytes), CJK (3 bytes each), accented letters (2 bytes): every
   * conversion must agree with g_utf8_offset_to_pointer. */
  GString *text = g_string_new (NULL);
  g_autoptr(GlossTextIndex) index = NULL;
  glong n;

  for (int i = 0; i < 700; i++)
    g_string_append (text, i % 3 == 0 ? "a🚢港é " : "plain words ");
  index = gloss_text_index_new (text->str, text->len);
  n = g_utf8_strlen (text->str, text->len);
  g_assert_cmpint (gloss_text_index_get_length (index), ==, n);
  for (glong i = 0; i <= n; i += 37)
    g_assert_cmpuint (gloss_text_index_byte_at (index, i), ==,
                      (gsize) (g_utf8_offset_to_pointer (text->str, i) - text->str));
  g_assert_cmpuint (gloss_text_index_byte_at (index, n), ==, text->len);
  {
    g_autofree char *slice = gloss_text_index_slice (index, 1, 4);
    g_assert_cmpstr (slice, ==, "🚢港é");
  }
  {
    g_autofree char *clamped = gloss_text_index_slice (index, n - 2, n + 100);
    g_assert_cmpuint (g_utf8_strlen (clamped, -1), ==, 2);
  }
  g_string_free (text, TRUE);
}

/* Texts whose blocks of GLOSS_TEXT_INDEX_STRIDE code points are all ASCII (no scan),
 * mixed, or start or end with a multi-byte character, ending in a short block of
 * either kind: every offset must agree with g_utf8_offset_to_pointer. */
static void
test_text_index_blocks (void)
{
  static const char *wide[] = { "é", "港", "🚢" };
  const guint stride = GLOSS_TEXT_INDEX_STRIDE;

  for (guint shape = 0; shape < 6; shape++)
    for (guint tail = 0; tail < 3; tail++)
      {
        g_autoptr(GString) text = g_string_new (NULL);
        g_autoptr(GlossTextIndex) index = NULL;
        guint n = 0;

        for (guint block = 0; block < 5; block++)
          for (guint i = 0; i < stride; i++, n++)
            {
              /* 0: all ASCII; 1: one wide character first in each odd block; 2: last;
               * 3: every other character wide; 4: one in the middle of block 2 only;
               * 5: all wide. */
              gboolean w = (shape == 1 && block % 2 == 1 && i == 0) ||
                           (shape == 2 && block % 2 == 1 && i == stride - 1) ||
                           (shape == 3 && i % 2 == 1) || (shape == 4 && block == 2 && i == stride / 2) ||
                           shape == 5;
              g_string_append (text, w ? wide[n % 3] : "x");
            }
        /* The last, short block: none, ASCII, or ASCII ending in a wide character. */
        for (guint i = 0; tail > 0 && i < stride / 3; i++, n++)
          g_string_append (text, tail == 2 && i == stride / 3 - 1 ? "港" : "y");

        index = gloss_text_index_new (text->str, text->len);
        g_assert_cmpint (gloss_text_index_get_length (index), ==, n);
        for (guint i = 0; i <= n; i++)
          g_assert_cmpuint (gloss_text_index_byte_at (index, i), ==,
                            (gsize) (g_utf8_offset_to_pointer (text->str, i) - text->str));
      }
}

static void
test_sha256 (void)
{
  g_autofree char *sum = gloss_sha256_hex ("abc", 3);

  g_assert_cmpstr (sum, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void
test_default_annotator (void)
{
  g_autofree char *fallback = NULL;

  g_setenv ("GLOSS_ANNOTATOR", "  Ana Analyst ", TRUE);
  {
    g_autofree char *name = gloss_default_annotator ();
    g_assert_cmpstr (name, ==, "Ana Analyst");
  }
  /* Blank or broken values fall back to the account's names, never to "". */
  g_setenv ("GLOSS_ANNOTATOR", "   ", TRUE);
  fallback = gloss_default_annotator ();
  g_assert_nonnull (fallback);
  g_assert_cmpstr (fallback, !=, "");
  g_assert_cmpstr (fallback, !=, "Unknown");
  g_setenv ("GLOSS_ANNOTATOR", "\xff\xfe", TRUE);
  {
    g_autofree char *name = gloss_default_annotator ();
    g_assert_cmpstr (name, ==, fallback);
  }
  g_unsetenv ("GLOSS_ANNOTATOR");
  {
    g_autofree char *name = gloss_default_annotator ();
    g_assert_cmpstr (name, ==, fallback);
  }
}

/* The definition gloss_match_key() implements one character at a time: the whole
 * name decomposed (NFKD), case-folded, and its letters and digits kept. */
static char *
match_key_reference (const char *name)
{
  g_autofree char *normal = NULL;
  g_autofree char *folded = NULL;
  GString *key = g_string_new (NULL);

  if (!g_utf8_validate (name, -1, NULL))
    return g_string_free (key, FALSE);
  normal = g_utf8_normalize (name, -1, G_NORMALIZE_NFKD);
  folded = g_utf8_casefold (normal, -1);
  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      g_string_append_unichar (key, g_utf8_get_char (p));
  return g_string_free (key, FALSE);
}

static void
assert_match_key (const char *name)
{
  g_autofree char *key = gloss_match_key (name);
  g_autofree char *expected = match_key_reference (name);

  if (g_strcmp0 (key, expected) != 0)
    {
      g_autofree char *shown = g_strescape (name, NULL);

      g_error ("match key of \"%s\": \"%s\", expected \"%s\"", shown, key, expected);
    }
}

/* gloss_match_key() against its definition on every code point alone, between ASCII
 * letters, and on names mixing the characters where the two could part: combining
 * marks in non-canonical order, U+0345 (a mark that folds to iota), characters that
 * fold to several (ß, ŉ), Hangul, compatibility forms (ﬁ, ①, Ⅻ, ｆｕｌｌ). */
static void
test_match_key (void)
{
  static const char *parts[] = {
    "a", "Z", "9", " ", ".", "\u00e9", "e\u0301", "\u0301", "\u0323", "\u0345", "\u1f80", "\u1fb3", "\u00df",
    "\u1e9e", "\u0149", "\u0130", "\u03a3", "\u03c2", "\ud55c", "\u1100\u1161", "\ufb01", "\u2460", "\u216b",
    "\uff46\uff55", "\u0661", "\u0f71\u0f72", "\u05b0", "\U0001d400", "\u00ad", "\u200d", "\u0130\u0307",
  };
  GRand *rand = g_rand_new_with_seed (14);
  guint kept_non_starters = 0;

  for (gunichar c = 1; c <= 0x10ffff; c++)
    {
      char name[16];
      int len;

      if (c >= 0xd800 && c <= 0xdfff)
        continue;
      len = g_unichar_to_utf8 (c, name);
      name[len] = '\0';
      assert_match_key (name);
      /* What the per-character build relies on: nothing kept is reordered by NFKD. */
      if (g_unichar_combining_class (c) != 0 && (g_unichar_isalnum (c) || c == 0x0345))
        {
          g_assert_cmpuint (c, ==, 0x0345);
          kept_non_starters++;
        }
      if (c % 97 == 0)
        {
          g_autofree char *between = g_strdup_printf ("Ab%sc\u0301D", name);

          assert_match_key (between);
        }
    }
  g_assert_cmpuint (kept_non_starters, ==, 1);
  for (guint i = 0; i < 20000; i++)
    {
      GString *name = g_string_new (NULL);
      guint n = g_rand_int_range (rand, 1, 8);

      for (guint j = 0; j < n; j++)
        g_string_append (name, parts[g_rand_int_range (rand, 0, G_N_ELEMENTS (parts))]);
      assert_match_key (name->str);
      g_string_free (name, TRUE);
    }
  g_rand_free (rand);
  {
    g_autofree char *invalid = gloss_match_key ("ab\xff");
    g_autofree char *null_key = gloss_match_key (NULL);
    g_autofree char *navy = gloss_match_key (" U.S. Navy ");
    g_autofree char *zoe = gloss_match_key ("Zo\u00eb  \u0141ukasiewicz-Smith!");

    g_assert_cmpstr (invalid, ==, "");
    g_assert_cmpstr (null_key, ==, "");
    g_assert_cmpstr (navy, ==, "usnavy");
    g_assert_cmpstr (zoe, ==, "zoe\u0142ukasiewiczsmith");
  }
}

static void
test_search_key (void)
{
  static const struct { const char *in, *key; } cases[] = {
    { "ZOË  Łukasiewicz", "zoe łukasiewicz" },
    { "zoe\xcc\x88 lukasiewicz", "zoe lukasiewicz" },   /* decomposed ë */
    { "  Café\tCRÈME ", "cafe creme" },
    { "Straße", "strasse" },
    { "ﬁnance", "finance" },                         /* compatibility ligature */
    { "Ærø", "ærø" },                                 /* letters, not marks: kept */
    { "", "" },
    { NULL, "" },
    { "\xff\xfe", "" },                              /* not UTF-8 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = gloss_search_key (cases[i].in);

      g_assert_cmpstr (key, ==, cases[i].key);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/util/uuid", test_uuid);
  g_test_add_func ("/core/util/search-key", test_search_key);
  g_test_add_func ("/core/util/match-key", test_match_key);
  g_test_add_func ("/core/util/timestamps", test_timestamps);
  g_test_add_func ("/core/util/colour", test_colour);
  g_test_add_func ("/core/util/text-index", test_text_index);
  g_test_add_func ("/core/util/text-index-blocks", test_text_index_blocks);
  g_test_add_func ("/core/util/sha256", test_sha256);
  g_test_add_func ("/core/util/default-annotator", test_default_annotator);
  return g_test_run ();
}

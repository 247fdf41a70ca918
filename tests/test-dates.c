/* test-dates.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Date expressions in text, as a table of inputs, the anchor they are resolved
 * against (the document's publication date) and the date expected; and the ISO
 * forms the timeline stores and exports.
 */
#define G_LOG_DOMAIN "test-dates"

#include <string.h>

#include "gloss-dates.h"

typedef struct {
  const char *text;
  const char *anchor;     /* YYYY-MM-DD, or NULL */
  const char *expected;   /* gloss_date_format() of the first match, or NULL: none */
  const char *matched;    /* the text of the match, or NULL: not checked */
} Case;

/* 2026-12-05 is a Saturday; 2027-01-03 a Sunday; 2026-03-04 a Wednesday. */
static const Case cases[] = {
  /* ISO */
  { "2026-12-04", NULL, "2026-12-04", "2026-12-04" },
  { "On 2026-12-04 the port closed.", NULL, "2026-12-04", "2026-12-04" },
  { "at 2026-12-04T14:30Z", NULL, "2026-12-04T14", "2026-12-04T14:30Z" },
  { "2026-12-04 09:15", NULL, "2026-12-04T09", "2026-12-04 09:15" },
  { "the 2026-12 report", NULL, "2026-12", "2026-12" },
  { "the 2019-20 season", NULL, NULL, NULL },
  { "2026-02-30", NULL, NULL, NULL },
  { "2026-13-01", NULL, NULL, NULL },
  /* English, day first */
  { "4 December 2026", NULL, "2026-12-04", "4 December 2026" },
  { "on 4th December, 2026 at 9 am", NULL, "2026-12-04T09", "4th December, 2026 at 9 am" },
  { "the 4th of December 2026", NULL, "2026-12-04", "4th of December 2026" },
  { "4 Dec", "2026-12-05", "2026-12-04", "4 Dec" },
  { "4 Dec.", "2026-12-05", "2026-12-04", "4 Dec." },
  { "4 Dec", NULL, NULL, NULL },
  { "28 December", "2027-01-03", "2026-12-28", "28 December" },
  { "2 January", "2026-12-30", "2027-01-02", "2 January" },
  { "31 June 2026", NULL, NULL, NULL },
  /* English, month first */
  { "December 4, 2026", NULL, "2026-12-04", "December 4, 2026" },
  { "Dec. 4", "2026-12-05", "2026-12-04", "Dec. 4" },
  { "Dec. 4, 2025", "2026-12-05", "2025-12-04", "Dec. 4, 2025" },
  { "December 4th", "2026-12-05", "2026-12-04", "December 4th" },
  { "on May 12-14", "2026-05-20", "2026-05-12", "May 12" },
  { "December 2026", NULL, "2026-12", "December 2026" },
  { "since March 2020", NULL, "2020-03", "March 2020" },
  { "in December", "2026-06-10", "2026-12", "December" },
  { "in 2019", NULL, "2019", "2019" },
  { "She may 4 times", "2026-12-05", NULL, NULL },
  { "December 4, 2026, 14:30", NULL, "2026-12-04T14", "December 4, 2026, 14:30" },
  /* English, relative */
  { "yesterday", "2026-12-05", "2026-12-04", "yesterday" },
  { "Yesterday", NULL, NULL, NULL },
  { "today", "2026-12-05", "2026-12-05", "today" },
  { "tomorrow", "2026-12-05", "2026-12-06", "tomorrow" },
  { "the day before yesterday", "2026-12-05", "2026-12-03", "day before yesterday" },
  { "last Tuesday", "2026-12-05", "2026-12-01", "last Tuesday" },
  { "last Saturday", "2026-12-05", "2026-11-28", "last Saturday" },
  { "next Friday", "2026-12-05", "2026-12-11", "next Friday" },
  { "next Saturday", "2026-12-05", "2026-12-12", "next Saturday" },
  { "this Monday", "2026-03-04", "2026-03-02", "this Monday" },
  { "on Wednesday", "2026-03-04", "2026-03-04", "on Wednesday" },
  { "on Monday", "2026-03-04", "2026-03-02", "on Monday" },
  { "last Tuesday", NULL, NULL, NULL },
  /* German */
  { "4. Dezember 2026", NULL, "2026-12-04", "4. Dezember 2026" },
  { "am 3. März", "2026-12-05", "2026-03-03", "3. März" },
  { "am 3. Maerz 2025 um 14 Uhr", NULL, "2025-03-03T14", "3. Maerz 2025 um 14 Uhr" },
  { "04.12.2026", NULL, "2026-12-04", "04.12.2026" },
  { "4.12.2026, 18:00 Uhr", NULL, "2026-12-04T18", "4.12.2026, 18:00 Uhr" },
  { "gestern", "2026-12-05", "2026-12-04", "gestern" },
  { "vorgestern", "2026-12-05", "2026-12-03", "vorgestern" },
  { "heute", "2026-12-05", "2026-12-05", "heute" },
  { "morgen", "2026-12-05", "2026-12-06", "morgen" },
  { "heute Morgen", "2026-12-05", "2026-12-05", "heute" },
  { "letzten Dienstag", "2026-12-05", "2026-12-01", "letzten Dienstag" },
  { "vergangenen Freitag", "2026-12-05", "2026-12-04", "vergangenen Freitag" },
  { "nächsten Montag", "2026-12-05", "2026-12-07", "nächsten Montag" },
  { "am Donnerstag", "2026-12-05", "2026-12-03", "am Donnerstag" },
  { "im Mai", "2026-09-05", "2026-05", "Mai" },
  { "im Januar", "2026-12-05", "2026-01", "Januar" },
  { "on March 3", "2026-12-05", "2026-03-03", "March 3" },
  { "29 February", "2026-12-05", "2024-02-29", "29 February" },
  { "in March 2020", "2026-12-05", "2020-03", "March 2020" },
  { "seit 2019", NULL, "2019", "2019" },
  { "Dezember 2026", NULL, "2026-12", "Dezember 2026" },
  /* Not dates */
  { "", NULL, NULL, NULL },
  { "Article 4 of the treaty", "2026-12-05", NULL, NULL },
  { "version 2.12.2026a", NULL, NULL, NULL },
  { "He scored 2026 points", NULL, NULL, NULL },
  { "A4 December", "2026-12-05", NULL, NULL },
};

static void
test_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      GDate anchor;
      g_autoptr(GArray) matches = NULL;

      if (c->anchor != NULL)
        {
          g_date_clear (&anchor, 1);
          g_date_set_parse (&anchor, c->anchor);
          g_assert_true (g_date_valid (&anchor));
        }
      matches = gloss_dates_find (c->text, -1, c->anchor ? &anchor : NULL);
      if (c->expected == NULL)
        {
          if (matches->len != 0)
            g_error ("“%s” (anchor %s): expected no date, got %s", c->text, c->anchor,
                     gloss_date_format (&g_array_index (matches, GlossDateMatch, 0).date));
          continue;
        }
      if (matches->len == 0)
        g_error ("“%s” (anchor %s): expected %s, found no date", c->text, c->anchor, c->expected);
      {
        const GlossDateMatch *m = &g_array_index (matches, GlossDateMatch, 0);
        g_autofree char *got = gloss_date_format (&m->date);
        const char *from = g_utf8_offset_to_pointer (c->text, m->start);
        g_autofree char *matched = g_strndup (from, g_utf8_offset_to_pointer (c->text, m->end) - from);

        if (strcmp (got, c->expected) != 0)
          g_error ("“%s” (anchor %s): expected %s, got %s", c->text, c->anchor, c->expected, got);
        if (c->matched != NULL && strcmp (matched, c->matched) != 0)
          g_error ("“%s”: expected the match “%s”, got “%s”", c->text, c->matched, matched);
      }
    }
}

/* Several dates in one text, in order, with their offsets in code points. */
static void
test_several (void)
{
  const char *text = "Am 3. März trafen sie sich; gestern, am 4. Dezember, folgte das Urteil (2026-12-04).";
  GDate anchor;
  g_autoptr(GArray) m = NULL;
  const char *expected[] = { "2026-03-03", "2026-12-04", "2026-12-04", "2026-12-04" };

  g_date_clear (&anchor, 1);
  g_date_set_dmy (&anchor, 5, 12, 2026);
  m = gloss_dates_find (text, -1, &anchor);
  g_assert_cmpuint (m->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < m->len; i++)
    {
      g_autofree char *got = gloss_date_format (&g_array_index (m, GlossDateMatch, i).date);
      g_assert_cmpstr (got, ==, expected[i]);
    }
  /* "3. März" starts at code point 3; "März" has a non-ASCII letter, so the next
   * offsets are in code points, not bytes. */
  g_assert_cmpint (g_array_index (m, GlossDateMatch, 0).start, ==, 3);
  g_assert_cmpint (g_array_index (m, GlossDateMatch, 0).end, ==, 10);
  g_assert_cmpint (g_array_index (m, GlossDateMatch, 1).start, ==, 28);
  g_assert_cmpint (g_array_index (m, GlossDateMatch, 1).end, ==, 35);
}

static void
test_iso_forms (void)
{
  static const char *const good[] = { "2026", "2026-12", "2026-12-04", "2026-12-04T14" };
  static const char *const bad[] = { "", "26", "2026-1", "2026-12-4", "2026-02-29", "2026-12-04T24", "2026-12-04 ",
                                     "2026/12/04", "0000" };
  GlossDate d;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *back = NULL;

      g_assert_true (gloss_date_parse_iso (good[i], &d));
      g_assert_cmpint (d.granularity, ==, (GlossDateGranularity) i);
      back = gloss_date_format (&d);
      g_assert_cmpstr (back, ==, good[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (gloss_date_parse_iso (bad[i], &d));

  g_assert_true (gloss_date_parse_iso ("1970-01-02", &d));
  g_assert_cmpint (gloss_date_to_unix (&d), ==, 86400);
  g_assert_true (gloss_date_parse_iso ("2026-12-04T14", &d));
  g_assert_cmpint (gloss_date_to_unix (&d), ==, 1796392800);
  g_assert_cmpint (gloss_date_period (&d), ==, 3600);
  g_assert_true (gloss_date_parse_iso ("2024-02", &d));
  g_assert_cmpint (gloss_date_period (&d), ==, 29 * 86400);
  g_assert_true (gloss_date_parse_iso ("1969", &d));
  g_assert_cmpint (gloss_date_to_unix (&d), ==, -365 * 86400);
}

/* Text that is not valid UTF-8 or that is long does not stop the scan. */
static void
test_hostile (void)
{
  g_autoptr(GArray) m = NULL;
  g_autoptr(GString) s = g_string_new (NULL);

  m = gloss_dates_find ("\xff\xfe 2026-12-04 \xc3", -1, NULL);
  g_assert_cmpuint (m->len, ==, 1);
  g_clear_pointer (&m, g_array_unref);
  for (guint i = 0; i < 2000; i++)
    g_string_append (s, "Donaudampfschifffahrtsgesellschaftskapitän 4 ");
  g_string_append (s, "4 Dec 2026");
  m = gloss_dates_find (s->str, s->len, NULL);
  g_assert_cmpuint (m->len, ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/core/dates/table", test_table);
  g_test_add_func ("/core/dates/several", test_several);
  g_test_add_func ("/core/dates/iso-forms", test_iso_forms);
  g_test_add_func ("/core/dates/hostile", test_hostile);
  return g_test_run ();
}

/* gloss-dates.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The text is cut into tokens (words, numbers, single punctuation marks), each with
 * its place in code points and whether space came before it; then at each token the
 * patterns are tried, most specific first, and the first that matches consumes its
 * tokens. The patterns are plain code over the token array rather than regular
 * expressions, because most of the work is in resolving what was matched (month and
 * weekday names in two languages, ordinals, the year nearest the anchor).
 */
#define G_LOG_DOMAIN "gloss-dates"

#include "config.h"

#include <string.h>

#include "gloss-dates.h"

/* ------------------------------------------------------------------------- */
/* Dates                                                                      */

static const char *const granularity_names[] = { "year", "month", "day", "hour" };

const char *
gloss_date_granularity_to_string (GlossDateGranularity granularity)
{
  g_return_val_if_fail (granularity <= GLOSS_DATE_HOUR, "day");
  return granularity_names[granularity];
}

gboolean
gloss_date_granularity_from_string (const char           *text,
                                    GlossDateGranularity *granularity)
{
  for (guint i = 0; i < G_N_ELEMENTS (granularity_names); i++)
    if (g_strcmp0 (text, granularity_names[i]) == 0)
      {
        *granularity = (GlossDateGranularity) i;
        return TRUE;
      }
  return FALSE;
}

char *
gloss_date_format (const GlossDate *date)
{
  switch (date->granularity)
    {
    case GLOSS_DATE_YEAR:
      return g_strdup_printf ("%04d", date->year);
    case GLOSS_DATE_MONTH:
      return g_strdup_printf ("%04d-%02d", date->year, date->month);
    case GLOSS_DATE_DAY:
      return g_strdup_printf ("%04d-%02d-%02d", date->year, date->month, date->day);
    case GLOSS_DATE_HOUR:
    default:
      return g_strdup_printf ("%04d-%02d-%02dT%02d", date->year, date->month, date->day, date->hour);
    }
}

static gboolean
read_digits (const char **p,
             guint        n,
             int         *value)
{
  int v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      v = v * 10 + ((*p)[i] - '0');
    }
  *p += n;
  *value = v;
  return TRUE;
}

gboolean
gloss_date_parse_iso (const char *text,
                      GlossDate  *date)
{
  const char *p = text;
  GlossDate d = { 0, 1, 1, 0, GLOSS_DATE_YEAR };

  if (text == NULL || !read_digits (&p, 4, &d.year) || d.year < 1)
    return FALSE;
  if (*p == '-')
    {
      p++;
      if (!read_digits (&p, 2, &d.month) || d.month < 1 || d.month > 12)
        return FALSE;
      d.granularity = GLOSS_DATE_MONTH;
      if (*p == '-')
        {
          p++;
          if (!read_digits (&p, 2, &d.day) || !g_date_valid_dmy (d.day, d.month, d.year))
            return FALSE;
          d.granularity = GLOSS_DATE_DAY;
          if (*p == 'T')
            {
              p++;
              if (!read_digits (&p, 2, &d.hour) || d.hour > 23)
                return FALSE;
              d.granularity = GLOSS_DATE_HOUR;
            }
        }
    }
  if (*p != '\0')
    return FALSE;
  *date = d;
  return TRUE;
}

/* Days from 1970-01-01 to the first of @month of @year (proleptic Gregorian). */
static gint64
days_from_civil (gint64 y,
                 int    m,
                 int    d)
{
  /* Howard Hinnant's days_from_civil. */
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

gint64
gloss_date_to_unix (const GlossDate *date)
{
  return days_from_civil (date->year, date->month, date->day) * 86400 + (gint64) date->hour * 3600;
}

gint64
gloss_date_period (const GlossDate *date)
{
  switch (date->granularity)
    {
    case GLOSS_DATE_YEAR:
      return (days_from_civil (date->year + 1, 1, 1) - days_from_civil (date->year, 1, 1)) * 86400;
    case GLOSS_DATE_MONTH:
      return (gint64) g_date_get_days_in_month ((GDateMonth) date->month, (GDateYear) date->year) * 86400;
    case GLOSS_DATE_DAY:
      return 86400;
    case GLOSS_DATE_HOUR:
    default:
      return 3600;
    }
}

int
gloss_date_compare (const GlossDate *a,
                    const GlossDate *b)
{
  gint64 ta = gloss_date_to_unix (a), tb = gloss_date_to_unix (b);

  if (ta != tb)
    return ta < tb ? -1 : 1;
  return (int) a->granularity - (int) b->granularity;
}

/* ------------------------------------------------------------------------- */
/* Tokens                                                                     */

typedef enum { TOKEN_WORD, TOKEN_NUMBER, TOKEN_PUNCT } TokenKind;

typedef struct {
  TokenKind kind;
  gboolean  space_before;   /* white space (or the start) before it */
  gint64    start;          /* code points */
  gint64    end;
  guint     n_digits;       /* numbers */
  int       value;          /* numbers (capped), or the punctuation character */
  char      word[24];       /* words, lower case; "" when longer */
  gboolean  capital;        /* words: the first letter is upper case */
} Token;

static void
tokenize (const char *text,
          gssize      length,
          GArray     *tokens)
{
  const char *p = text;
  const char *end = length < 0 ? text + strlen (text) : text + length;
  gint64 cp = 0;
  gboolean space = TRUE;

  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      Token t = { 0 };

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* Invalid UTF-8: stored text never is, but do not loop on it. */
          p++;
          cp++;
          space = TRUE;
          continue;
        }
      if (g_unichar_isspace (c) || c == 0xA0)
        {
          p = g_utf8_next_char (p);
          cp++;
          space = TRUE;
          continue;
        }
      t.space_before = space;
      t.start = cp;
      space = FALSE;
      if (c < 128 && g_ascii_isdigit (c))
        {
          t.kind = TOKEN_NUMBER;
          while (p < end && g_ascii_isdigit (*p))
            {
              if (t.n_digits < 9)
                t.value = t.value * 10 + (*p - '0');
              t.n_digits++;
              p++;
              cp++;
            }
        }
      else if (g_unichar_isalpha (c))
        {
          gsize used = 0;
          gboolean too_long = FALSE;

          t.kind = TOKEN_WORD;
          t.capital = g_unichar_isupper (c) || g_unichar_istitle (c);
          while (p < end)
            {
              gunichar w = g_utf8_get_char_validated (p, end - p);
              char buf[6];
              int n;

              if (w == (gunichar) -1 || w == (gunichar) -2 || !g_unichar_isalpha (w))
                break;
              n = g_unichar_to_utf8 (g_unichar_tolower (w), buf);
              if (used + n < sizeof t.word)
                {
                  memcpy (t.word + used, buf, n);
                  used += n;
                }
              else
                too_long = TRUE;
              p = g_utf8_next_char (p);
              cp++;
            }
          t.word[too_long ? 0 : used] = '\0';
        }
      else
        {
          t.kind = TOKEN_PUNCT;
          t.value = (int) c;
          p = g_utf8_next_char (p);
          cp++;
        }
      t.end = cp;
      g_array_append_val (tokens, t);
    }
}

/* ------------------------------------------------------------------------- */
/* Words                                                                      */

typedef struct {
  const char *word;
  int         value;
} Word;

/* Month names, English and German, full and abbreviated. */
static const Word months[] = {
  { "january", 1 }, { "jan", 1 }, { "januar", 1 }, { "jänner", 1 },
  { "february", 2 }, { "feb", 2 }, { "febr", 2 }, { "februar", 2 },
  { "march", 3 }, { "mar", 3 }, { "märz", 3 }, { "maerz", 3 }, { "mär", 3 }, { "mrz", 3 },
  { "april", 4 }, { "apr", 4 },
  { "may", 5 }, { "mai", 5 },
  { "june", 6 }, { "jun", 6 }, { "juni", 6 },
  { "july", 7 }, { "jul", 7 }, { "juli", 7 },
  { "august", 8 }, { "aug", 8 },
  { "september", 9 }, { "sep", 9 }, { "sept", 9 },
  { "october", 10 }, { "oct", 10 }, { "oktober", 10 }, { "okt", 10 },
  { "november", 11 }, { "nov", 11 },
  { "december", 12 }, { "dec", 12 }, { "dezember", 12 }, { "dez", 12 },
};

/* Month names that are not also common words or abbreviations: the only ones taken
 * alone, in "in December" or "im Mai". */
static const Word full_months[] = {
  { "january", 1 }, { "januar", 1 }, { "jänner", 1 }, { "february", 2 }, { "februar", 2 },
  { "march", 3 }, { "märz", 3 }, { "maerz", 3 }, { "april", 4 }, { "may", 5 }, { "mai", 5 },
  { "june", 6 }, { "juni", 6 }, { "july", 7 }, { "juli", 7 }, { "august", 8 },
  { "september", 9 }, { "october", 10 }, { "oktober", 10 }, { "november", 11 },
  { "december", 12 }, { "dezember", 12 },
};

/* Weekdays, 1 Monday .. 7 Sunday (GDateWeekday). Only full names: "sat" and "sun"
 * are words too. */
static const Word weekdays[] = {
  { "monday", 1 }, { "montag", 1 },
  { "tuesday", 2 }, { "dienstag", 2 },
  { "wednesday", 3 }, { "mittwoch", 3 },
  { "thursday", 4 }, { "donnerstag", 4 },
  { "friday", 5 }, { "freitag", 5 },
  { "saturday", 6 }, { "samstag", 6 }, { "sonnabend", 6 },
  { "sunday", 7 }, { "sonntag", 7 },
};

typedef enum { WEEK_LAST, WEEK_NEXT, WEEK_THIS, WEEK_ON } WeekModifier;

static const Word week_modifiers[] = {
  { "last", WEEK_LAST }, { "past", WEEK_LAST }, { "previous", WEEK_LAST },
  { "letzten", WEEK_LAST }, { "letzter", WEEK_LAST }, { "letztem", WEEK_LAST }, { "letzte", WEEK_LAST },
  { "vergangenen", WEEK_LAST }, { "vergangener", WEEK_LAST }, { "vergangenem", WEEK_LAST },
  { "vorigen", WEEK_LAST }, { "voriger", WEEK_LAST }, { "vorigem", WEEK_LAST },
  { "next", WEEK_NEXT }, { "coming", WEEK_NEXT },
  { "nächsten", WEEK_NEXT }, { "nächster", WEEK_NEXT }, { "nächstem", WEEK_NEXT },
  { "naechsten", WEEK_NEXT }, { "kommenden", WEEK_NEXT }, { "kommender", WEEK_NEXT }, { "kommendem", WEEK_NEXT },
  { "this", WEEK_THIS }, { "diesen", WEEK_THIS }, { "dieser", WEEK_THIS }, { "diesem", WEEK_THIS },
  { "on", WEEK_ON }, { "am", WEEK_ON },
};

/* Days relative to the anchor. */
static const Word relative_days[] = {
  { "today", 0 }, { "tonight", 0 }, { "yesterday", -1 }, { "tomorrow", 1 },
  { "heute", 0 }, { "gestern", -1 }, { "vorgestern", -2 }, { "morgen", 1 }, { "übermorgen", 2 },
  { "uebermorgen", 2 },
};

/* Words before a bare year: "in 2019", "seit 2019". */
static const char *const year_prepositions[] = {
  "in", "im", "since", "seit", "until", "bis", "by", "during", "jahr", "year", "jahre", "anfang", "ende",
  "early", "late", "mid",
};

/* Words before a month alone: "in December", "im Mai", "Anfang Dezember". */
static const char *const month_prepositions[] = {
  "in", "im", "since", "seit", "until", "bis", "during", "anfang", "ende", "mitte", "early", "late", "mid",
};

static gboolean
lookup (const Word *table,
        gsize       n,
        const Token *t,
        int        *value)
{
  if (t->kind != TOKEN_WORD || t->word[0] == '\0')
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (strcmp (table[i].word, t->word) == 0)
      {
        *value = table[i].value;
        return TRUE;
      }
  return FALSE;
}

static gboolean
word_in (const char *const *list,
         gsize              n,
         const Token       *t)
{
  if (t->kind != TOKEN_WORD)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (strcmp (list[i], t->word) == 0)
      return TRUE;
  return FALSE;
}

#define LOOKUP(table, t, v) lookup (table, G_N_ELEMENTS (table), t, v)

/* ------------------------------------------------------------------------- */
/* Matching                                                                   */

typedef struct {
  const Token *tokens;
  guint        n;
  const GDate *anchor;
} Scan;

static const Token *
tok (const Scan *s,
     guint       i)
{
  return i < s->n ? &s->tokens[i] : NULL;
}

static gboolean
is_word (const Scan *s,
         guint       i,
         const char *word)
{
  const Token *t = tok (s, i);

  return t != NULL && t->kind == TOKEN_WORD && strcmp (t->word, word) == 0;
}

static gboolean
is_punct (const Scan *s,
          guint       i,
          gunichar    c)
{
  const Token *t = tok (s, i);

  return t != NULL && t->kind == TOKEN_PUNCT && t->value == (int) c;
}

/* Punctuation glued to what comes before it: "4." or "Dec." */
static gboolean
is_attached_punct (const Scan *s,
                   guint       i,
                   gunichar    c)
{
  return is_punct (s, i, c) && !s->tokens[i].space_before;
}

static gboolean
is_number (const Scan *s,
           guint       i,
           guint       min_digits,
           guint       max_digits)
{
  const Token *t = tok (s, i);

  return t != NULL && t->kind == TOKEN_NUMBER && t->n_digits >= min_digits && t->n_digits <= max_digits;
}

/* A number does not continue into more digits or letters glued to it ("2026a",
 * "12.5"): it ends at @i. */
static gboolean
ends_cleanly (const Scan *s,
              guint       i)
{
  const Token *next = tok (s, i);

  if (next == NULL || next->space_before)
    return TRUE;
  if (next->kind == TOKEN_WORD)
    return FALSE;
  if (next->kind == TOKEN_PUNCT && (next->value == '.' || next->value == ',' || next->value == '-'
                                    || next->value == '/' || next->value == ':'))
    {
      const Token *after = tok (s, i + 1);

      return after == NULL || after->space_before || after->kind != TOKEN_NUMBER;
    }
  return TRUE;
}

/* An ordinal suffix glued to a day number: "4th", "1st". */
static guint
skip_ordinal (const Scan *s,
              guint       i)
{
  const Token *t = tok (s, i);

  if (t != NULL && t->kind == TOKEN_WORD && !t->space_before
      && (strcmp (t->word, "st") == 0 || strcmp (t->word, "nd") == 0 || strcmp (t->word, "rd") == 0
          || strcmp (t->word, "th") == 0))
    return i + 1;
  return i;
}

static gboolean
anchor_valid (const Scan *s)
{
  return s->anchor != NULL && g_date_valid (s->anchor);
}

/* The year for a day and month written without one. Reports speak mostly of the
 * past and of the near future, so a day takes the latest year that puts it no more
 * than 31 days after the anchor: in an article of 5 December 2026 "3 March" is
 * 2026-03-03 and "28 December" 2026-12-28, in one of 30 December "2 January" is
 * 2027-01-02. A month alone ("in December") takes the anchor's year. @day 0: the
 * month as a whole. */
static gboolean
infer_year (const Scan *s,
            int         month,
            int         day,
            int        *year)
{
  int ay;
  gint64 limit;

  if (!anchor_valid (s))
    return FALSE;
  ay = g_date_get_year (s->anchor);
  if (day == 0)
    {
      *year = ay;
      return TRUE;
    }
  limit = days_from_civil (ay, g_date_get_month (s->anchor), g_date_get_day (s->anchor)) + 31;
  for (int y = ay + 1; y >= ay - 4; y--)
    if (g_date_valid_dmy (day, month, y) && days_from_civil (y, month, day) <= limit)
      {
        *year = y;
        return TRUE;
      }
  /* Not reached: a valid day and month falls within five years. */
  return FALSE;
}

static gboolean
year_ok (int year)
{
  return year >= 1000 && year <= 2999;
}

static gboolean
set_day (GlossDate *d,
         int        year,
         int        month,
         int        day)
{
  if (!g_date_valid_dmy (day, month, year) || !year_ok (year))
    return FALSE;
  d->year = year;
  d->month = month;
  d->day = day;
  d->hour = 0;
  d->granularity = GLOSS_DATE_DAY;
  return TRUE;
}

static gboolean
set_offset (const Scan *s,
            GlossDate  *d,
            int         days)
{
  GDate date = *s->anchor;

  if (days > 0)
    g_date_add_days (&date, days);
  else if (days < 0)
    g_date_subtract_days (&date, -days);
  return set_day (d, g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date));
}

/* An hour after a day: ", 14:30", "at 9 am", "um 14 Uhr", "T14:30". Returns the token
 * after it, or @i when there is none. */
static guint
match_time (const Scan *s,
            guint       i,
            int        *hour)
{
  guint j = i;
  int h, m = 0;
  gboolean clock = FALSE, marked = FALSE;

  if (is_punct (s, j, ','))
    j++;
  if (is_word (s, j, "at") || is_word (s, j, "um") || is_word (s, j, "gegen") || is_word (s, j, "around"))
    j++;
  if (!is_number (s, j, 1, 2))
    return i;
  h = s->tokens[j].value;
  j++;
  if (is_attached_punct (s, j, ':') && is_number (s, j + 1, 2, 2) && !s->tokens[j + 1].space_before)
    {
      m = s->tokens[j + 1].value;
      clock = TRUE;
      j += 2;
    }
  if (is_word (s, j, "am") || is_word (s, j, "pm"))
    {
      gboolean pm = is_word (s, j, "pm");

      if (h < 1 || h > 12)
        return i;
      h = (h % 12) + (pm ? 12 : 0);
      marked = TRUE;
      j++;
    }
  else if ((is_word (s, j, "a") || is_word (s, j, "p")) && is_attached_punct (s, j + 1, '.')
           && is_word (s, j + 2, "m") && is_attached_punct (s, j + 3, '.'))
    {
      gboolean pm = is_word (s, j, "p");

      if (h < 1 || h > 12)
        return i;
      h = (h % 12) + (pm ? 12 : 0);
      marked = TRUE;
      j += 4;
    }
  else if (is_word (s, j, "uhr") || is_word (s, j, "h"))
    {
      marked = TRUE;
      j++;
    }
  if (!clock && !marked)
    return i;
  if (h > 23 || m > 59)
    return i;
  *hour = h;
  return j;
}

/* Each matcher tries its pattern at token @i; on success it fills @d and returns the
 * index of the token after the match, else 0 (no pattern is empty, so @i + 0 never
 * means a match). */

/* "yesterday", "heute", "the day before yesterday" */
static guint
match_relative (const Scan *s,
                guint       i,
                GlossDate  *d)
{
  int offset;

  if (!anchor_valid (s))
    return 0;
  if (is_word (s, i, "day") && is_word (s, i + 1, "before") && is_word (s, i + 2, "yesterday"))
    return set_offset (s, d, -2) ? i + 3 : 0;
  if (is_word (s, i, "day") && is_word (s, i + 1, "after") && is_word (s, i + 2, "tomorrow"))
    return set_offset (s, d, 2) ? i + 3 : 0;
  if (!LOOKUP (relative_days, &s->tokens[i], &offset))
    return 0;
  /* "heute Morgen", "gestern Morgen": the morning, not tomorrow. */
  if (offset == 1 && is_word (s, i, "morgen") && i > 0
      && (is_word (s, i - 1, "heute") || is_word (s, i - 1, "gestern") || is_word (s, i - 1, "guten")
          || is_word (s, i - 1, "am") || is_word (s, i - 1, "den") || is_word (s, i - 1, "dem")))
    return 0;
  return set_offset (s, d, offset) ? i + 1 : 0;
}

/* "last Tuesday", "next Friday", "letzten Dienstag", "on Monday" */
static guint
match_weekday (const Scan *s,
               guint       i,
               GlossDate  *d)
{
  int modifier, weekday, anchor_weekday, diff = 0;

  if (!anchor_valid (s) || !LOOKUP (week_modifiers, &s->tokens[i], &modifier)
      || tok (s, i + 1) == NULL || !LOOKUP (weekdays, &s->tokens[i + 1], &weekday))
    return 0;
  anchor_weekday = g_date_get_weekday (s->anchor);
  switch ((WeekModifier) modifier)
    {
    case WEEK_LAST:
      diff = -((anchor_weekday - weekday + 7) % 7);
      if (diff == 0)
        diff = -7;
      break;
    case WEEK_NEXT:
      diff = (weekday - anchor_weekday + 7) % 7;
      if (diff == 0)
        diff = 7;
      break;
    case WEEK_THIS:
      diff = weekday - anchor_weekday;
      break;
    case WEEK_ON:
      /* A report says what happened "on Tuesday": the last one, or the day itself. */
      diff = -((anchor_weekday - weekday + 7) % 7);
      break;
    default:
      g_assert_not_reached ();
    }
  return set_offset (s, d, diff) ? i + 2 : 0;
}

/* "2026-12-04", "2026-12-04T14:30", "2026-12" */
static guint
match_iso (const Scan *s,
           guint       i,
           GlossDate  *d)
{
  int year, month, day;
  guint j;

  if (!is_number (s, i, 4, 4) || !is_attached_punct (s, i + 1, '-') || !is_number (s, i + 2, 2, 2)
      || s->tokens[i + 2].space_before)
    return 0;
  year = s->tokens[i].value;
  month = s->tokens[i + 2].value;
  if (is_attached_punct (s, i + 3, '-') && is_number (s, i + 4, 1, 2) && !s->tokens[i + 4].space_before)
    {
      day = s->tokens[i + 4].value;
      if (!set_day (d, year, month, day))
        return 0;
      j = i + 5;
      if ((is_word (s, j, "t") && !s->tokens[j].space_before && is_number (s, j + 1, 2, 2)
           && !s->tokens[j + 1].space_before)
          || (is_number (s, j, 2, 2) && s->tokens[j].space_before && is_attached_punct (s, j + 1, ':')))
        {
          guint k = is_word (s, j, "t") ? j + 1 : j;

          if (is_attached_punct (s, k + 1, ':') && is_number (s, k + 2, 2, 2) && s->tokens[k].value <= 23)
            {
              d->hour = s->tokens[k].value;
              d->granularity = GLOSS_DATE_HOUR;
              j = k + 3;
              /* Seconds, fractions and a zone are part of the expression but do not
               * change the hour as written. */
              if (is_attached_punct (s, j, ':') && is_number (s, j + 1, 2, 2))
                j += 2;
              if (is_word (s, j, "z") && !s->tokens[j].space_before)
                j++;
            }
        }
      return j;
    }
  /* Year and month: not a range of years such as "2019-20". */
  if (month < 1 || month > 12 || !year_ok (year) || !ends_cleanly (s, i + 3))
    return 0;
  d->year = year;
  d->month = month;
  d->day = 1;
  d->hour = 0;
  d->granularity = GLOSS_DATE_MONTH;
  return i + 3;
}

/* "04.12.2026" (German numeric) */
static guint
match_dotted (const Scan *s,
              guint       i,
              GlossDate  *d)
{
  if (!is_number (s, i, 1, 2) || !is_attached_punct (s, i + 1, '.') || !is_number (s, i + 2, 1, 2)
      || s->tokens[i + 2].space_before || !is_attached_punct (s, i + 3, '.') || !is_number (s, i + 4, 4, 4)
      || s->tokens[i + 4].space_before || !ends_cleanly (s, i + 5))
    return 0;
  return set_day (d, s->tokens[i + 4].value, s->tokens[i + 2].value, s->tokens[i].value) ? i + 5 : 0;
}

/* A year after a day and month: ", 2026" or " 2026". Returns the token after it, or
 * @j when there is none. */
static guint
match_year_after (const Scan *s,
                  guint       j,
                  int        *year)
{
  guint k = j;

  if (is_punct (s, k, ','))
    k++;
  if (is_number (s, k, 4, 4) && year_ok (s->tokens[k].value) && ends_cleanly (s, k + 1))
    {
      *year = s->tokens[k].value;
      return k + 1;
    }
  return j;
}

/* "4 December 2026", "4. Dezember 2026", "4 Dec", "3. März", "4th of December" */
static guint
match_day_month (const Scan *s,
                 guint       i,
                 GlossDate  *d)
{
  int day, month, year = 0;
  guint j, k;

  if (!is_number (s, i, 1, 2))
    return 0;
  day = s->tokens[i].value;
  j = skip_ordinal (s, i + 1);
  if (j == i + 1 && is_attached_punct (s, j, '.'))
    j++;
  if (is_word (s, j, "of"))
    j++;
  if (tok (s, j) == NULL || !s->tokens[j].space_before || !LOOKUP (months, &s->tokens[j], &month))
    return 0;
  j++;
  if (is_attached_punct (s, j, '.'))
    j++;
  k = match_year_after (s, j, &year);
  if (k == j && !infer_year (s, month, day, &year))
    return 0;
  return set_day (d, year, month, day) ? k : 0;
}

/* A day number written before token @i ("31 June", "4. Juni", "4th of June"): then
 * the month belongs to that day, and an impossible day is no date at all rather
 * than the month alone. */
static gboolean
after_day_number (const Scan *s,
                  guint       i)
{
  guint j = i;

  if (j > 0 && is_word (s, j - 1, "of"))
    j--;
  if (j > 0 && (is_attached_punct (s, j - 1, '.') || skip_ordinal (s, j - 1) == j))
    j--;
  return j > 0 && is_number (s, j - 1, 1, 2);
}

/* "December 4, 2026", "Dec. 4", "December 2026", "Dezember 2026" */
static guint
match_month_first (const Scan *s,
                   guint       i,
                   GlossDate  *d)
{
  int month, day, year = 0;
  guint j, k;

  if (!LOOKUP (months, &s->tokens[i], &month))
    return 0;
  /* "may" and "march" are verbs too: as a month they are written with a capital. */
  if (!s->tokens[i].capital
      && (is_word (s, i, "may") || is_word (s, i, "march") || is_word (s, i, "mar")))
    return 0;
  if (after_day_number (s, i))
    return 0;
  j = i + 1;
  if (is_attached_punct (s, j, '.'))
    j++;
  if (is_number (s, j, 1, 2) && s->tokens[j].space_before)
    {
      day = s->tokens[j].value;
      j = skip_ordinal (s, j + 1);
      /* "Dec. 4.5" is no date; "May 12-14" is taken as May 12, the start of the range. */
      if (!ends_cleanly (s, j) && !is_attached_punct (s, j, '-'))
        return 0;
      k = match_year_after (s, j, &year);
      if (k == j && !infer_year (s, month, day, &year))
        return 0;
      return set_day (d, year, month, day) ? k : 0;
    }
  if (is_number (s, j, 4, 4) && year_ok (s->tokens[j].value) && s->tokens[j].space_before
      && ends_cleanly (s, j + 1))
    {
      d->year = s->tokens[j].value;
      d->month = month;
      d->day = 1;
      d->hour = 0;
      d->granularity = GLOSS_DATE_MONTH;
      return j + 1;
    }
  return 0;
}

/* "in December", "im Mai" (the month nearest the anchor), "in 2019", "seit 2019".
 * The match starts at the month or year, not at the preposition. */
static guint
match_after_preposition (const Scan *s,
                         guint       i,
                         GlossDate  *d,
                         guint      *first)
{
  int month;

  if (tok (s, i + 1) == NULL)
    return 0;
  if (word_in (year_prepositions, G_N_ELEMENTS (year_prepositions), &s->tokens[i])
      && is_number (s, i + 1, 4, 4) && year_ok (s->tokens[i + 1].value) && ends_cleanly (s, i + 2))
    {
      d->year = s->tokens[i + 1].value;
      d->month = 1;
      d->day = 1;
      d->hour = 0;
      d->granularity = GLOSS_DATE_YEAR;
      *first = i + 1;
      return i + 2;
    }
  if (word_in (month_prepositions, G_N_ELEMENTS (month_prepositions), &s->tokens[i])
      && LOOKUP (full_months, &s->tokens[i + 1], &month) && !is_number (s, i + 2, 1, 4)
      && infer_year (s, month, 0, &d->year))
    {
      d->month = month;
      d->day = 1;
      d->hour = 0;
      d->granularity = GLOSS_DATE_MONTH;
      *first = i + 1;
      return i + 2;
    }
  return 0;
}

GArray *
gloss_dates_find (const char  *text,
                  gssize       length,
                  const GDate *anchor)
{
  g_autoptr(GArray) tokens = g_array_new (FALSE, TRUE, sizeof (Token));
  GArray *matches = g_array_new (FALSE, TRUE, sizeof (GlossDateMatch));
  Scan s;
  guint i = 0;

  if (text == NULL)
    return matches;
  tokenize (text, length, tokens);
  s.tokens = (const Token *) tokens->data;
  s.n = tokens->len;
  s.anchor = anchor;

  while (i < s.n)
    {
      GlossDateMatch m = { { 0 } };
      guint first = i, next;

      /* A date does not start inside a word or a number ("A2026-12-04", "12.4 Dec"). */
      if (i > 0 && !s.tokens[i].space_before && s.tokens[i - 1].kind != TOKEN_PUNCT)
        {
          i++;
          continue;
        }
      if (s.tokens[i].kind == TOKEN_WORD)
        {
          if ((next = match_relative (&s, i, &m.date)) == 0
              && (next = match_weekday (&s, i, &m.date)) == 0
              && (next = match_month_first (&s, i, &m.date)) == 0)
            next = match_after_preposition (&s, i, &m.date, &first);
        }
      else if (s.tokens[i].kind == TOKEN_NUMBER)
        {
          if ((next = match_iso (&s, i, &m.date)) == 0 && (next = match_dotted (&s, i, &m.date)) == 0)
            next = match_day_month (&s, i, &m.date);
        }
      else
        next = 0;

      if (next == 0)
        {
          i++;
          continue;
        }
      if (m.date.granularity == GLOSS_DATE_DAY)
        {
          int hour;
          guint after = match_time (&s, next, &hour);

          if (after != next)
            {
              m.date.hour = hour;
              m.date.granularity = GLOSS_DATE_HOUR;
              next = after;
            }
        }
      m.start = s.tokens[first].start;
      m.end = s.tokens[next - 1].end;
      /* A closing "." of an abbreviation or ordinal stays in; one that ends the
       * sentence after a year does not matter either way. */
      g_array_append_val (matches, m);
      i = next;
    }
  return matches;
}

gboolean
gloss_dates_parse (const char  *text,
                   const GDate *anchor,
                   GlossDate   *date)
{
  g_autoptr(GArray) matches = gloss_dates_find (text, -1, anchor);

  if (matches->len == 0)
    return FALSE;
  *date = g_array_index (matches, GlossDateMatch, 0).date;
  return TRUE;
}

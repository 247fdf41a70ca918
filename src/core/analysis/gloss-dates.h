/* gloss-dates.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Dates written in text ("4 December 2026", "Dec. 4", "2026-12-04", "last Tuesday",
 * "4. Dezember 2026", "gestern"), found and resolved to a calendar date with the
 * granularity the text gives (a year, a month, a day or an hour). Expressions without
 * a year or relative to "now" are resolved against an anchor, the publication date of
 * the document they are written in; without an anchor they are not resolved. English
 * and German. Knows nothing of projects.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  GLOSS_DATE_YEAR,
  GLOSS_DATE_MONTH,
  GLOSS_DATE_DAY,
  GLOSS_DATE_HOUR,
} GlossDateGranularity;

/* A date as precise as its granularity: month, day and hour are 1, 1 and 0 where the
 * granularity does not reach them. */
typedef struct {
  int                  year;
  int                  month;      /* 1..12 */
  int                  day;        /* 1..31 */
  int                  hour;       /* 0..23 */
  GlossDateGranularity granularity;
} GlossDate;

/* One expression found in a text: the date it means and where it is, in code points
 * of the text, half-open. */
typedef struct {
  GlossDate date;
  gint64    start;
  gint64    end;
} GlossDateMatch;

const char *gloss_date_granularity_to_string   (GlossDateGranularity granularity);  /* "year" ... "hour" */
gboolean    gloss_date_granularity_from_string (const char           *text,
                                                GlossDateGranularity *granularity);

/* "2026", "2026-12", "2026-12-04" or "2026-12-04T14" by granularity (newly allocated). */
char       *gloss_date_format       (const GlossDate *date);
/* Reads what gloss_date_format() writes; FALSE for anything else or an invalid date. */
gboolean    gloss_date_parse_iso    (const char      *text,
                                     GlossDate       *date);
/* Seconds since 1970-01-01T00:00Z of the start of the date's period (UTC). */
gint64      gloss_date_to_unix      (const GlossDate *date);
/* The length of the date's period in seconds (a year, a month...). */
gint64      gloss_date_period       (const GlossDate *date);
/* Orders by start, then the coarser granularity first. */
int         gloss_date_compare      (const GlossDate *a,
                                     const GlossDate *b);

/**
 * gloss_dates_find:
 * @text: UTF-8 text
 * @anchor: (nullable): the date relative expressions and missing years are resolved
 *   against (a day); %NULL resolves only complete dates
 * @length: the length of @text in bytes, or -1 if NUL-terminated
 *
 * Every date expression in @text, in text order, longest first where two start
 * together; expressions do not overlap.
 *
 * Returns: (transfer full) (element-type GlossDateMatch): the matches, never %NULL.
 */
GArray     *gloss_dates_find        (const char      *text,
                                     gssize           length,
                                     const GDate     *anchor);

/* The first date expression of @text, resolved; FALSE when there is none. */
gboolean    gloss_dates_parse       (const char      *text,
                                     const GDate     *anchor,
                                     GlossDate       *date);

G_END_DECLS

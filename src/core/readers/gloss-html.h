/* gloss-html.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main article of a web page and its source details. A page is parsed with
 * libxml2's HTML parser; what a reader never sees and page furniture are dropped;
 * candidate blocks are scored by text and link density (in characters, so that
 * scripts without spaces score like any other), paragraph and punctuation counts
 * and class/id hints, and the best one, with the siblings that continue it, is
 * the article. When no block stands out the cleaned visible text of the page is
 * used instead (and @fallback says so). The details come from JSON-LD, Open Graph,
 * Dublin Core, <meta>, <time> and byline markup.
 *
 * Used by gloss-import.c for .html files; only reads, knows nothing of projects.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char    *text;         /* the article: paragraphs separated by blank lines; may be "" */
  gboolean fallback;     /* no clear article: @text is the page's cleaned visible text */
  /* Source details, each nullable. */
  char    *title;        /* headline, site suffix removed, never truncated */
  char    *author;       /* "; "-separated names */
  char    *published;    /* ISO 8601 as given: a date, or date and time with its zone */
  char    *modified;     /* ISO 8601 */
  char    *publisher;    /* publisher or site name */
  char    *url;          /* canonical absolute address */
  char    *language;     /* BCP 47 tag, e.g. "en-GB" */
  char    *description;
} GlossHtmlArticle;

void gloss_html_article_free (GlossHtmlArticle *article);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossHtmlArticle, gloss_html_article_free)

/* @utf8: the page, already decoded (NUL-free). Never fails: a page libxml2 cannot
 * make anything of gives an empty text. */
GlossHtmlArticle *gloss_html_extract (const char *utf8, gsize len);

/* Converts a date as pages write it (ISO 8601 with or without time and zone,
 * "2019-11-19T10:00:00+0000", RFC 822 "Tue, 19 Nov 2019 10:00:00 GMT", "November 19, 2019",
 * "19 November 2019", "2019/11/19") to ISO 8601; NULL when it is not a date. */
char *gloss_html_normalize_date (const char *value);

G_END_DECLS

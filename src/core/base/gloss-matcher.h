/* gloss-matcher.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GlossMatcher: every occurrence of many patterns in one pass over a text (Aho-Corasick
 * over Unicode code points). Patterns and text are arrays of code points, so a match's
 * offsets are code point offsets; what counts as equal (case, accents) is decided by
 * whoever folds the patterns and the text before.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _GlossMatcher GlossMatcher;

/* Called for each occurrence of pattern @pattern at [@start, @end) of the text, in
 * order of @end (for one end, longest first). Return FALSE to stop the scan. */
typedef gboolean (*GlossMatchFunc) (gsize    start,
                                    gsize    end,
                                    guint    pattern,
                                    gpointer user_data);

GlossMatcher *gloss_matcher_new         (void);
void          gloss_matcher_free        (GlossMatcher   *self);
/* Adds a pattern of @len (> 0) code points and returns its number, counted from 0; the
 * same pattern added again returns the number it got the first time. Not after
 * gloss_matcher_scan(). */
guint         gloss_matcher_add         (GlossMatcher   *self,
                                         const gunichar *pattern,
                                         gsize           len);
guint         gloss_matcher_get_n_patterns (const GlossMatcher *self);
/* Finds every occurrence of every pattern in @text, overlapping ones too, in time
 * linear in @n plus the number of occurrences. */
void          gloss_matcher_scan        (GlossMatcher   *self,
                                         const gunichar *text,
                                         gsize           n,
                                         GlossMatchFunc  func,
                                         gpointer        user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossMatcher, gloss_matcher_free)

G_END_DECLS

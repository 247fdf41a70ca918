/* gloss-pdf.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A PDF has no paragraphs, only glyphs placed on pages. poppler gives us the
 * characters of each page with their boxes, grouped into lines; the rest is ours:
 *
 *  1. Lines. poppler's lines, split again where a gap between two glyphs is wider
 *     than a gutter could be inside one line (two columns poppler ran together).
 *  2. Reading order. A region's lines are searched for a gutter: an interior strip
 *     of the page that (almost) no line crosses, with lines on both sides at the same
 *     heights. The lines crossing it (a title over both columns, a figure caption)
 *     cut the region into bands read top to bottom; inside a band the left side is
 *     read before the right, each side again searched for gutters. Without a gutter
 *     lines are read top to bottom, left to right on one row.
 *  3. Running heads. The lines nearest the top and bottom edge of each page are
 *     compared across pages with digits folded ("Page 3 of 9" = "Page 4 of 9"); those
 *     on enough pages, and bare page numbers there, are dropped.
 *  4. Paragraphs. A new paragraph starts where the space between two lines is clearly
 *     more than the page's usual line pitch, where the type size changes, where a
 *     short line ends a sentence, and at a column or page change unless the sentence
 *     runs on (no final punctuation, next line starts in lower case). Lines of one
 *     paragraph are joined with a space, or without the hyphen where a word was
 *     broken at the line end.
 *
 * Pages are read one at a time and released, so memory grows with the text, not
 * with the PDF: a 500-page report keeps its lines (the text we return anyway), never
 * its pages.
 */
#define G_LOG_DOMAIN "gloss-pdf"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <poppler.h>

#include "gloss-file.h"
#include "gloss-ocr.h"
#include "gloss-pdf.h"

/* poppler-glib 22.12 declares no cleanup functions of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

/* PDFs are often large (images); their text is what must stay under the text limit. */
#define PDF_MAX_FILE_BYTES (G_GUINT64_CONSTANT (1024) * 1024 * 1024)

/* Where running heads may be: this share of the page height from the top or bottom. */
#define EDGE_ZONE 0.12
/* How many lines at each edge of a page are compared across pages. */
#define EDGE_LINES 2

/* A page at 300 dots per inch for OCR; PDF points are 1/72 inch. */
#define OCR_DPI 300.0

typedef struct {
  char    *text;       /* trimmed, never empty */
  double   x1, y1, x2, y2;
  guint    flow;       /* reading-order region the line was read in */
  gboolean drop;       /* a running head, footer or page number */
} Line;

typedef struct {
  GArray *lines;       /* of Line, in reading order */
  double  width, height;
  double  pitch;       /* the page's usual top-to-top distance of lines in one flow, 0 if unknown */
  GArray *ocr;         /* nullable: GlossTextConfidence of OCR'd paragraphs, offsets into ocr_text */
  char   *ocr_text;    /* nullable: the page's text from OCR, already in paragraphs */
} Page;

static void
line_clear (gpointer p)
{
  g_free (((Line *) p)->text);
}

static void
page_clear (Page *page)
{
  g_clear_pointer (&page->lines, g_array_unref);
  g_clear_pointer (&page->ocr, g_array_unref);
  g_clear_pointer (&page->ocr_text, g_free);
}

gboolean
gloss_pdf_sniff (const char *data,
                 gsize       len)
{
  gsize n = MIN (len, 1024);

  if (n < 5)
    return FALSE;
  for (gsize i = 0; i + 5 <= n; i++)
    if (memcmp (data + i, "%PDF-", 5) == 0)
      return TRUE;
  return FALSE;
}

static double
line_height (const Line *l)
{
  return l->y2 - l->y1;
}

/* ------------------------------------------------------------------------ */
/* 1. Lines                                                                  */

static void
add_line (GArray     *lines,
          const char *start,
          const char *end,
          double x1, double y1, double x2, double y2)
{
  g_autofree char *raw = NULL;
  Line line = { 0 };

  if (x2 <= x1 || end <= start)
    return;
  raw = g_strndup (start, end - start);
  g_strstrip (raw);
  if (*raw == '\0')
    return;
  line.text = g_steal_pointer (&raw);
  line.x1 = x1;
  line.y1 = y1;
  line.x2 = x2;
  line.y2 = y2;
  g_array_append_val (lines, line);
}

/* Cuts poppler's text of one page into lines with boxes. @rects has one box per
 * character of @text. */
static GArray *
page_lines (const char       *text,
            PopplerRectangle *rects,
            guint             n_rects)
{
  GArray *lines = g_array_new (FALSE, TRUE, sizeof (Line));
  const char *seg_start = text;
  const char *p = text;
  double x1 = G_MAXDOUBLE, y1 = G_MAXDOUBLE, x2 = -G_MAXDOUBLE, y2 = -G_MAXDOUBLE;
  double last_x2 = 0;
  gboolean have = FALSE;
  guint i = 0;

  g_array_set_clear_func (lines, line_clear);
  for (; *p != '\0'; p = g_utf8_next_char (p), i++)
    {
      gunichar c = g_utf8_get_char (p);
      const PopplerRectangle *r;
      double h;

      if (c == '\n' || c == '\r' || i >= n_rects)
        {
          if (have)
            add_line (lines, seg_start, p, x1, y1, x2, y2);
          have = FALSE;
          x1 = y1 = G_MAXDOUBLE;
          x2 = y2 = -G_MAXDOUBLE;
          seg_start = g_utf8_next_char (p);
          if (i >= n_rects)
            break;
          continue;
        }
      if (g_unichar_isspace (c))
        continue;
      r = &rects[i];
      h = r->y2 - r->y1;
      /* A gap no word space reaches: two columns poppler read as one line. */
      if (have && (r->x1 - last_x2 > 1.2 * MAX (h, y2 - y1) || r->x2 < last_x2 - 1.0 ||
                   r->y1 > y2 || r->y2 < y1))
        {
          add_line (lines, seg_start, p, x1, y1, x2, y2);
          have = FALSE;
          x1 = y1 = G_MAXDOUBLE;
          x2 = y2 = -G_MAXDOUBLE;
          seg_start = p;
        }
      x1 = MIN (x1, r->x1);
      y1 = MIN (y1, r->y1);
      x2 = MAX (x2, r->x2);
      y2 = MAX (y2, r->y2);
      last_x2 = r->x2;
      have = TRUE;
    }
  if (have)
    add_line (lines, seg_start, p, x1, y1, x2, y2);
  return lines;
}

/* ------------------------------------------------------------------------ */
/* 2. Reading order                                                          */

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static int
compare_top (gconstpointer a,
             gconstpointer b)
{
  const Line *la = *(Line * const *) a;
  const Line *lb = *(Line * const *) b;

  if (la->y1 != lb->y1)
    return la->y1 < lb->y1 ? -1 : 1;
  return la->x1 < lb->x1 ? -1 : la->x1 > lb->x1;
}

static int
compare_left (gconstpointer a,
              gconstpointer b)
{
  const Line *la = *(Line * const *) a;
  const Line *lb = *(Line * const *) b;

  return la->x1 < lb->x1 ? -1 : la->x1 > lb->x1;
}

/* Lines top to bottom; lines on one row (their middles within half a line of the
 * row's first) left to right. */
static void
order_rows (GPtrArray *lines,
            GPtrArray *out,
            guint     *flow)
{
  guint i = 0;

  g_ptr_array_sort (lines, compare_top);
  (*flow)++;
  while (i < lines->len)
    {
      Line *first = g_ptr_array_index (lines, i);
      double mid = (first->y1 + first->y2) / 2;
      guint j = i + 1;

      while (j < lines->len)
        {
          Line *l = g_ptr_array_index (lines, j);

          if (fabs ((l->y1 + l->y2) / 2 - mid) > line_height (first) / 2)
            break;
          j++;
        }
      if (j - i > 1)
        qsort (&lines->pdata[i], j - i, sizeof (gpointer), compare_left);
      for (guint k = i; k < j; k++)
        {
          Line *l = g_ptr_array_index (lines, k);

          l->flow = *flow;
          g_ptr_array_add (out, l);
        }
      i = j;
    }
}

/* The widest interior strip of x that at most a few of @lines cross, with at least
 * two lines wholly on each side at overlapping heights. */
static gboolean
find_gutter_crossed_by (GPtrArray *lines,
                        guint      allowed,
                        double    *gx1,
                        double    *gx2)
{
  double xmin = G_MAXDOUBLE, xmax = -G_MAXDOUBLE, hsum = 0;
  g_autofree guint *cover = NULL;
  guint n_bins;
  gboolean found = FALSE;
  double best = 0;

  if (lines->len < 4)
    return FALSE;
  for (guint i = 0; i < lines->len; i++)
    {
      Line *l = g_ptr_array_index (lines, i);

      xmin = MIN (xmin, l->x1);
      xmax = MAX (xmax, l->x2);
      hsum += line_height (l);
    }
  if (xmax - xmin < 20 || xmax - xmin > 100000)
    return FALSE;
  n_bins = (guint) ceil (xmax - xmin) + 1;
  cover = g_new0 (guint, n_bins);
  for (guint i = 0; i < lines->len; i++)
    {
      Line *l = g_ptr_array_index (lines, i);
      guint a = (guint) floor (l->x1 - xmin);
      guint b = MIN ((guint) ceil (l->x2 - xmin), n_bins - 1);

      for (guint k = a; k <= b; k++)
        cover[k]++;
    }

  for (guint k = 1; k < n_bins - 1;)
    {
      guint end = k;
      double s1, s2;
      guint left = 0, right = 0;
      double ltop = G_MAXDOUBLE, lbot = -G_MAXDOUBLE, rtop = G_MAXDOUBLE, rbot = -G_MAXDOUBLE;

      if (cover[k] > allowed)
        {
          k++;
          continue;
        }
      while (end < n_bins - 1 && cover[end] <= allowed)
        end++;
      s1 = xmin + k;
      s2 = xmin + end - 1;
      k = end;
      if (end >= n_bins - 1 || s2 - s1 < MAX (6.0, 0.5 * hsum / lines->len) || s2 - s1 <= best)
        continue;
      for (guint i = 0; i < lines->len; i++)
        {
          Line *l = g_ptr_array_index (lines, i);

          if (l->x2 <= (s1 + s2) / 2)
            {
              left++;
              ltop = MIN (ltop, l->y1);
              lbot = MAX (lbot, l->y2);
            }
          else if (l->x1 >= (s1 + s2) / 2)
            {
              right++;
              rtop = MIN (rtop, l->y1);
              rbot = MAX (rbot, l->y2);
            }
        }
      if (left < 2 || right < 2 || ltop > rbot || rtop > lbot)
        continue;
      best = s2 - s1;
      *gx1 = s1;
      *gx2 = s2;
      found = TRUE;
    }
  return found;
}

/* A gutter no line crosses, or failing that one that a few lines do (a title over
 * two columns, a centred footer). */
static gboolean
find_gutter (GPtrArray *lines,
             double    *gx1,
             double    *gx2)
{
  return find_gutter_crossed_by (lines, 0, gx1, gx2) ||
         (lines->len >= 6 && find_gutter_crossed_by (lines, lines->len / 6, gx1, gx2));
}

static void
order_region (GPtrArray *lines,
              GPtrArray *out,
              guint     *flow,
              guint      depth)
{
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(GPtrArray) right = NULL;
  double gx1, gx2;

  double mid;

  if (depth > 8 || !find_gutter (lines, &gx1, &gx2))
    {
      order_rows (lines, out, flow);
      return;
    }

  /* A line ending inside the gutter belongs to its side; one across its middle
   * spans both. */
  mid = (gx1 + gx2) / 2;
  g_ptr_array_sort (lines, compare_top);
  left = g_ptr_array_new ();
  right = g_ptr_array_new ();
  for (guint i = 0; i <= lines->len; i++)
    {
      Line *l = i < lines->len ? g_ptr_array_index (lines, i) : NULL;

      if (l != NULL && l->x2 <= mid)
        g_ptr_array_add (left, l);
      else if (l != NULL && l->x1 >= mid)
        g_ptr_array_add (right, l);
      else
        {
          /* A line across the gutter, or the end: read the band above it. */
          if (left->len > 0)
            order_region (left, out, flow, depth + 1);
          if (right->len > 0)
            order_region (right, out, flow, depth + 1);
          g_ptr_array_set_size (left, 0);
          g_ptr_array_set_size (right, 0);
          if (l != NULL)
            {
              l->flow = ++(*flow);
              g_ptr_array_add (out, l);
            }
        }
    }
}

/* Puts @page's lines in reading order and works out its usual line pitch. */
static void
order_page (Page *page)
{
  g_autoptr(GPtrArray) all = g_ptr_array_sized_new (page->lines->len);
  g_autoptr(GPtrArray) out = g_ptr_array_sized_new (page->lines->len);
  g_autoptr(GArray) sorted = NULL;
  g_autoptr(GArray) pitches = g_array_new (FALSE, FALSE, sizeof (double));
  guint flow = 0;

  for (guint i = 0; i < page->lines->len; i++)
    g_ptr_array_add (all, &g_array_index (page->lines, Line, i));
  order_region (all, out, &flow, 0);

  sorted = g_array_sized_new (FALSE, TRUE, sizeof (Line), out->len);
  g_array_set_clear_func (sorted, line_clear);
  for (guint i = 0; i < out->len; i++)
    g_array_append_val (sorted, *(Line *) g_ptr_array_index (out, i));
  /* The texts moved to @sorted: the old array must not free them. */
  g_array_set_clear_func (page->lines, NULL);
  g_array_unref (page->lines);
  page->lines = g_steal_pointer (&sorted);

  for (guint i = 1; i < page->lines->len; i++)
    {
      Line *a = &g_array_index (page->lines, Line, i - 1);
      Line *b = &g_array_index (page->lines, Line, i);
      double pitch = b->y1 - a->y1;

      if (a->flow == b->flow && pitch > 0 && pitch < 3 * MAX (line_height (a), line_height (b)))
        g_array_append_val (pitches, pitch);
    }
  if (pitches->len > 0)
    {
      /* The lower quartile: the pitch of lines inside a paragraph, which outnumber
       * the gaps between paragraphs on most pages but not on all. */
      g_array_sort (pitches, compare_double);
      page->pitch = g_array_index (pitches, double, pitches->len / 4);
    }
}

/* ------------------------------------------------------------------------ */
/* 3. Running heads, footers and page numbers                                */

/* @text in lower case with runs of digits folded to one '#' and spaces collapsed. */
static char *
fold_digits (const char *text)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);
  GString *s = g_string_new (NULL);
  gboolean in_digits = FALSE;

  for (const char *p = lower; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isdigit (c))
        {
          if (!in_digits)
            g_string_append_c (s, '#');
          in_digits = TRUE;
          continue;
        }
      in_digits = FALSE;
      if (g_unichar_isspace (c))
        {
          if (s->len > 0 && s->str[s->len - 1] != ' ')
            g_string_append_c (s, ' ');
          continue;
        }
      g_string_append_unichar (s, c);
    }
  return g_string_free (s, FALSE);
}

/* "12", "- 12 -", "Page 12", "p. 12", "12 of 40", "12/40", "xii". */
static gboolean
is_page_number (const char *text)
{
  g_autofree char *folded = fold_digits (text);
  GString *s = g_string_new (NULL);
  g_autofree char *bare = NULL;
  const char *p;
  gboolean roman = TRUE;

  for (p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ' ' || c == '-' || c == '.' || c == '|' || c == '[' || c == ']' || c == '(' ||
          c == ')' || c == 0x2013 || c == 0x2014)
        continue;
      g_string_append_unichar (s, c);
    }
  bare = g_string_free (s, FALSE);
  p = bare;
  if (g_str_has_prefix (p, "page"))
    p += 4;
  else if (g_str_has_prefix (p, "seite"))
    p += 5;
  else if (g_str_has_prefix (p, "p") && p[1] == '#')
    p += 1;
  if (g_str_equal (p, "#") || g_str_equal (p, "#of#") || g_str_equal (p, "#/#"))
    return TRUE;
  if (*p == '\0' || strlen (p) > 6)
    return FALSE;
  for (const char *q = p; *q != '\0'; q++)
    if (strchr ("ivxlc", *q) == NULL)
      roman = FALSE;
  return roman;
}

/* Whether @line is among the EDGE_LINES nearest the top or bottom of @page and
 * inside the edge zone there. */
static gboolean
is_edge_line (const Page *page,
              const Line *line)
{
  guint above = 0, below = 0;

  if (line->y2 > page->height * EDGE_ZONE && line->y1 < page->height * (1 - EDGE_ZONE))
    return FALSE;
  for (guint i = 0; i < page->lines->len; i++)
    {
      const Line *other = &g_array_index (page->lines, Line, i);

      if (other == line)
        continue;
      if (other->y1 < line->y1)
        above++;
      if (other->y2 > line->y2)
        below++;
    }
  return above < EDGE_LINES || below < EDGE_LINES;
}

static void
count_once (GHashTable *counts,
            GHashTable *seen,
            char       *key)
{
  if (g_hash_table_contains (seen, key))
    {
      g_free (key);
      return;
    }
  g_hash_table_add (seen, g_strdup (key));
  g_hash_table_insert (counts, key, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) + 1));
}

static void
drop_running_heads (Page *pages,
                    guint n_pages)
{
  g_autoptr(GHashTable) exact = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) folded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint with_text = 0;
  guint need_exact, need_folded;

  for (guint i = 0; i < n_pages; i++)
    {
      g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(GHashTable) seen_folded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      if (pages[i].lines == NULL || pages[i].lines->len == 0)
        continue;
      with_text++;
      for (guint k = 0; k < pages[i].lines->len; k++)
        {
          Line *l = &g_array_index (pages[i].lines, Line, k);

          if (!is_edge_line (&pages[i], l))
            continue;
          count_once (exact, seen, g_utf8_strdown (l->text, -1));
          count_once (folded, seen_folded, fold_digits (l->text));
        }
    }

  /* The same line on three pages (two, in a two-page file) is a running head; with
   * its numbers changing it must be on half the pages, so that "Chapter 2" at the
   * top of a page stays. */
  need_exact = MIN (3, MAX (2, with_text));
  need_folded = MAX (need_exact, with_text / 2);
  for (guint i = 0; i < n_pages; i++)
    {
      if (pages[i].lines == NULL)
        continue;
      for (guint k = 0; k < pages[i].lines->len; k++)
        {
          Line *l = &g_array_index (pages[i].lines, Line, k);
          g_autofree char *e = NULL;
          g_autofree char *f = NULL;

          if (!is_edge_line (&pages[i], l))
            continue;
          e = g_utf8_strdown (l->text, -1);
          f = fold_digits (l->text);
          if ((with_text >= 2 && GPOINTER_TO_UINT (g_hash_table_lookup (exact, e)) >= need_exact) ||
              (with_text >= 2 && GPOINTER_TO_UINT (g_hash_table_lookup (folded, f)) >= need_folded) ||
              is_page_number (l->text))
            l->drop = TRUE;
        }
    }
}

/* ------------------------------------------------------------------------ */
/* 4. Paragraphs                                                             */

static gboolean
is_hyphen (gunichar c)
{
  return c == '-' || c == 0x00AD || c == 0x2010;
}

static gunichar
last_char (const char *s,
           gsize       len)
{
  const char *end = s + len;
  const char *p;

  if (len == 0)
    return 0;
  p = g_utf8_find_prev_char (s, end);
  return p != NULL ? g_utf8_get_char (p) : 0;
}

/* Ends with a full stop, question or exclamation mark, colon or ellipsis, perhaps
 * followed by a closing quote or bracket. */
static gboolean
ends_sentence (const char *s,
               gsize       len)
{
  const char *end = s + len;

  while (end > s)
    {
      const char *p = g_utf8_find_prev_char (s, end);
      gunichar c = g_utf8_get_char (p);

      if (c == ')' || c == ']' || c == '"' || c == '\'' || c == 0x201D || c == 0x2019 || c == 0x00BB)
        {
          end = p;
          continue;
        }
      return c == '.' || c == '!' || c == '?' || c == ':' || c == 0x2026;
    }
  return FALSE;
}

static gboolean
starts_lower (const char *s)
{
  return g_unichar_islower (g_utf8_get_char (s));
}

static gboolean
starts_list_item (const char *s)
{
  gunichar c = g_utf8_get_char (s);
  const char *p = s;

  if (c == 0x2022 || c == 0x25E6 || c == 0x25AA || c == 0x25CF || c == 0x2023 || c == 0x2043)
    return TRUE;
  if ((c == '-' || c == '*' || c == 0x2013) && s[1] != '\0' && g_unichar_isspace (g_utf8_get_char (g_utf8_next_char (s))))
    return TRUE;
  while (g_ascii_isdigit (*p))
    p++;
  return p > s && p - s <= 3 && (*p == '.' || *p == ')') && p[1] == ' ';
}

typedef enum {
  SEP_NONE,      /* the start of the text */
  SEP_JOIN,      /* the same paragraph: a space, or nothing after a broken word */
  SEP_PARAGRAPH, /* a blank line */
} Sep;

typedef struct {
  GString *out;
  GArray  *page_bytes;   /* guint64 byte offset where each page starts, G_MAXUINT64 until known */
  GArray  *ocr_bytes;    /* GlossTextConfidence with byte offsets */
  guint    page;         /* the page being appended */
  gboolean page_started;
} Builder;

/* Appends @text with @sep before it; the first text of a page marks where it starts. */
static void
builder_append (Builder    *b,
                Sep         sep,
                const char *text)
{
  if (b->out->len == 0)
    sep = SEP_NONE;
  if (sep == SEP_JOIN)
    {
      const char *hy = g_utf8_find_prev_char (b->out->str, b->out->str + b->out->len);
      gunichar before = hy != NULL ? last_char (b->out->str, hy - b->out->str) : 0;

      if (hy != NULL && is_hyphen (g_utf8_get_char (hy)) && g_unichar_isalpha (before) && starts_lower (text))
        g_string_truncate (b->out, hy - b->out->str);
      else
        g_string_append_c (b->out, ' ');
    }
  else if (sep == SEP_PARAGRAPH)
    g_string_append (b->out, "\n\n");
  if (!b->page_started)
    {
      guint64 at = b->out->len;

      g_array_index (b->page_bytes, guint64, b->page) = at;
      b->page_started = TRUE;
    }
  g_string_append (b->out, text);
}

/* Whether a paragraph that ended with @a runs on into @b in another column or on
 * the next page. */
static gboolean
runs_on (const GString *out,
         const char    *b)
{
  return out->len > 0 && !ends_sentence (out->str, out->len) && starts_lower (b);
}

static void
append_page_lines (Builder *b,
                   Page    *page)
{
  g_autofree double *left = NULL;
  g_autofree double *right = NULL;
  g_autofree guint *count = NULL;
  guint max_flow = 0;
  const Line *prev = NULL;

  for (guint i = 0; i < page->lines->len; i++)
    max_flow = MAX (max_flow, g_array_index (page->lines, Line, i).flow);
  left = g_new (double, max_flow + 1);
  right = g_new (double, max_flow + 1);
  count = g_new0 (guint, max_flow + 1);
  for (guint f = 0; f <= max_flow; f++)
    {
      left[f] = G_MAXDOUBLE;
      right[f] = -G_MAXDOUBLE;
    }
  for (guint i = 0; i < page->lines->len; i++)
    {
      const Line *l = &g_array_index (page->lines, Line, i);

      if (l->drop)
        continue;
      left[l->flow] = MIN (left[l->flow], l->x1);
      right[l->flow] = MAX (right[l->flow], l->x2);
      count[l->flow]++;
    }

  for (guint i = 0; i < page->lines->len; i++)
    {
      const Line *l = &g_array_index (page->lines, Line, i);
      Sep sep = SEP_PARAGRAPH;

      if (l->drop)
        continue;
      if (prev == NULL || prev->flow != l->flow)
        {
          /* Page or column change. */
          if (!starts_list_item (l->text) && runs_on (b->out, l->text))
            sep = SEP_JOIN;
        }
      else
        {
          double h = MAX (line_height (prev), line_height (l));
          double pitch = l->y1 - prev->y1;
          double width = right[l->flow] - left[l->flow];

          if (fabs (line_height (prev) - line_height (l)) > 0.25 * h)
            sep = SEP_PARAGRAPH;      /* the type size changes: a heading */
          else if (starts_list_item (l->text))
            sep = SEP_PARAGRAPH;
          else if (l->y1 < prev->y2 - 0.5 * line_height (prev))
            sep = SEP_JOIN;           /* the next cell on the same row */
          else if (page->pitch > 0 ? pitch > 1.3 * page->pitch : l->y1 - prev->y2 > 0.7 * h)
            sep = SEP_PARAGRAPH;      /* more space than between lines */
          else if (count[l->flow] >= 3 && prev->x2 < right[l->flow] - 0.15 * width &&
                   ends_sentence (prev->text, strlen (prev->text)))
            sep = SEP_PARAGRAPH;      /* a short line that ends a sentence */
          else
            sep = SEP_JOIN;
        }
      builder_append (b, sep, l->text);
      prev = l;
    }
}

/* OCR text comes in paragraphs already; its confidences move with it. */
static void
append_page_ocr (Builder *b,
                 Page    *page)
{
  const char *text = page->ocr_text;
  gsize base;

  if (text == NULL || *text == '\0')
    return;
  builder_append (b, SEP_PARAGRAPH, "");
  base = b->out->len;
  g_string_append (b->out, text);
  for (guint i = 0; page->ocr != NULL && i < page->ocr->len; i++)
    {
      GlossTextConfidence c = g_array_index (page->ocr, GlossTextConfidence, i);

      /* Byte offsets in the page's text, made absolute; converted to code points
       * with the rest at the end. */
      c.start += base;
      c.end += base;
      g_array_append_val (b->ocr_bytes, c);
    }
}

/* Converts ascending byte offsets (each *@offsets[i] <= *@offsets[i + 1]) into code
 * point offsets in one pass over @text. */
static void
bytes_to_chars (const char *text,
                GPtrArray  *offsets)
{
  const char *p = text;
  guint64 chars = 0;

  for (guint i = 0; i < offsets->len; i++)
    {
      guint64 *target = g_ptr_array_index (offsets, i);
      const char *to = text + *target;

      while (p < to && *p != '\0')
        {
          p = g_utf8_next_char (p);
          chars++;
        }
      *target = chars;
    }
}

/* ------------------------------------------------------------------------ */
/* Reading a file                                                            */

static char *
describe (const char *path)
{
  g_autofree char *name = g_filename_display_basename (path);

  return g_strdup_printf ("“%s”", name);
}

static char *
iso_time (time_t t)
{
  g_autoptr(GDateTime) dt = NULL;

  if (t <= 0)
    return NULL;
  dt = g_date_time_new_from_unix_utc ((gint64) t);
  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

static char *
clean_info (char *value)
{
  if (value == NULL)
    return NULL;
  g_strstrip (value);
  if (*value == '\0' || !g_utf8_validate (value, -1, NULL))
    {
      g_free (value);
      return NULL;
    }
  return value;
}

static void
add_member (JsonBuilder *builder,
            const char  *key,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, key);
  json_builder_add_string_value (builder, value);
}

/* Renders @page at OCR_DPI on white and reads it with @ocr. */
static gboolean
ocr_page (GlossOcr     *ocr,
          PopplerPage  *page,
          Page         *out,
          GCancellable *cancellable,
          GError      **error)
{
  double scale = OCR_DPI / 72.0;
  int w = (int) ceil (out->width * scale);
  int h = (int) ceil (out->height * scale);
  g_autofree guint8 *grey = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  const guint8 *data;
  int stride;

  if (w <= 0 || h <= 0 || w > 20000 || h > 20000)
    return TRUE;    /* no page a scanner makes; nothing to read */
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render_for_printing (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  grey = g_malloc ((gsize) w * h);
  for (int y = 0; y < h; y++)
    {
      const guint32 *row = (const guint32 *) (data + (gsize) y * stride);

      for (int x = 0; x < w; x++)
        {
          guint32 px = row[x];

          grey[(gsize) y * w + x] = (guint8) ((((px >> 16) & 0xff) * 299 + ((px >> 8) & 0xff) * 587 +
                                               (px & 0xff) * 114) / 1000);
        }
    }
  cairo_surface_destroy (surface);

  out->ocr_text = gloss_ocr_read_grey (ocr, grey, w, h, w, (int) OCR_DPI, &out->ocr, cancellable, error);
  return out->ocr_text != NULL;
}

static gboolean
page_has_images (PopplerPage *page)
{
  GList *images = poppler_page_get_image_mapping (page);
  gboolean any = images != NULL;

  poppler_page_free_image_mapping (images);
  return any;
}

/* Reads one page into @out: its lines in reading order, or its OCR text. */
static gboolean
read_page (PopplerDocument        *doc,
           guint                   index,
           const GlossReadOptions *options,
           GlossOcr              **ocr,
           Page                   *out,
           GError                **error)
{
  g_autoptr(PopplerPage) page = poppler_document_get_page (doc, index);
  g_autofree char *text = NULL;
  PopplerRectangle *rects = NULL;
  guint n_rects = 0;

  if (page == NULL)
    {
      out->lines = g_array_new (FALSE, TRUE, sizeof (Line));
      return TRUE;
    }
  poppler_page_get_size (page, &out->width, &out->height);
  text = poppler_page_get_text (page);
  if (text != NULL && *text != '\0' && poppler_page_get_text_layout (page, &rects, &n_rects))
    {
      out->lines = page_lines (text, rects, n_rects);
      g_free (rects);
    }
  else
    out->lines = g_array_new (FALSE, TRUE, sizeof (Line));
  g_array_set_clear_func (out->lines, line_clear);

  if (out->lines->len > 0)
    {
      order_page (out);
      return TRUE;
    }
  if (options->no_ocr || !page_has_images (page))
    return TRUE;
  if (*ocr == NULL)
    {
      *ocr = gloss_ocr_new (options->ocr_language, error);
      if (*ocr == NULL)
        return FALSE;
    }
  return ocr_page (*ocr, page, out, options->cancellable, error);
}

static PopplerDocument *
open_document (const char *path,
               const char *subject,
               const char *password,
               GError    **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *uri = g_filename_to_uri (absolute, NULL, error);
  PopplerDocument *doc;

  if (uri == NULL)
    return NULL;
  doc = poppler_document_new_from_file (uri, password, &local);
  if (doc != NULL)
    return doc;
  if (g_error_matches (local, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
    {
      if (password != NULL && *password != '\0')
        g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_PASSWORD,
                     "%s is protected by a password, and the password given is not right.", subject);
      else
        g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_PASSWORD,
                     "%s is protected by a password; give the password to open it.", subject);
      return NULL;
    }
  g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_FAILED,
               "%s is damaged or not a PDF, and cannot be read (%s).", subject,
               local != NULL ? local->message : "unknown error");
  return NULL;
}

static gboolean
check_file (const char *path,
            const char *subject,
            GError    **error)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int errsv = errno;

      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_FAILED,
                   "Could not read %s: %s.", subject, g_strerror (errsv));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_FAILED,
                   "%s is not a regular file.", subject);
      return FALSE;
    }
  if (st.st_size == 0)
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_EMPTY, "%s is empty.", subject);
      return FALSE;
    }
  if ((guint64) st.st_size > PDF_MAX_FILE_BYTES)
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_TOO_LARGE,
                   "%s is over %" G_GUINT64_FORMAT " MB, more than Gloss reads.", subject,
                   PDF_MAX_FILE_BYTES / (1024 * 1024));
      return FALSE;
    }
  return gloss_file_refuse_open_project (path, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_UNSUPPORTED, error);
}

static char *
pdf_metadata (PopplerDocument *doc,
              guint            n_pages,
              guint            ocr_pages,
              const char      *ocr_language)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *subject = clean_info (poppler_document_get_subject (doc));
  g_autofree char *keywords = clean_info (poppler_document_get_keywords (doc));
  g_autofree char *creator = clean_info (poppler_document_get_creator (doc));
  g_autofree char *producer = clean_info (poppler_document_get_producer (doc));
  g_autofree char *created = iso_time (poppler_document_get_creation_date (doc));
  g_autofree char *modified = iso_time (poppler_document_get_modification_date (doc));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "pages");
  json_builder_add_int_value (builder, n_pages);
  add_member (builder, "subject", subject);
  add_member (builder, "keywords", keywords);
  add_member (builder, "creator", creator);
  add_member (builder, "producer", producer);
  add_member (builder, "created", created);
  add_member (builder, "modified", modified);
  if (ocr_pages > 0)
    {
      json_builder_set_member_name (builder, "ocr_pages");
      json_builder_add_int_value (builder, ocr_pages);
      add_member (builder, "ocr_language", ocr_language != NULL ? ocr_language : "eng");
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* Moves the page starts and OCR confidences of @b into @result, as code points. */
static void
finish_offsets (Builder           *b,
                guint              n_pages,
                GlossImportedText *result)
{
  g_autoptr(GPtrArray) offsets = g_ptr_array_new ();
  guint64 next = b->out->len;

  /* A page without text starts where the next page with text does. */
  for (guint i = n_pages; i-- > 0;)
    {
      guint64 *at = &g_array_index (b->page_bytes, guint64, i);

      if (*at == G_MAXUINT64)
        *at = next;
      next = *at;
    }
  for (guint i = 0; i < n_pages; i++)
    g_ptr_array_add (offsets, &g_array_index (b->page_bytes, guint64, i));
  bytes_to_chars (b->out->str, offsets);

  g_ptr_array_set_size (offsets, 0);
  for (guint i = 0; i < b->ocr_bytes->len; i++)
    {
      GlossTextConfidence *c = &g_array_index (b->ocr_bytes, GlossTextConfidence, i);

      g_ptr_array_add (offsets, &c->start);
      g_ptr_array_add (offsets, &c->end);
    }
  bytes_to_chars (b->out->str, offsets);

  result->pages = g_array_ref (b->page_bytes);
  if (b->ocr_bytes->len > 0)
    result->confidence = g_array_ref (b->ocr_bytes);
}

GlossImportedText *
gloss_pdf_read_file (const char             *path,
                     const GlossReadOptions *options,
                     GError                **error)
{
  static const GlossReadOptions defaults = { 0 };
  g_autofree char *subject = NULL;
  g_autoptr(PopplerDocument) doc = NULL;
  g_autoptr(GlossOcr) ocr = NULL;
  g_autoptr(GlossImportedText) result = NULL;
  g_autoptr(GArray) page_bytes = NULL;
  g_autoptr(GArray) ocr_bytes = NULL;
  g_autoptr(GString) out = NULL;
  Page *pages;
  Builder b = { 0 };
  guint n_pages, ocr_pages = 0;
  gboolean ok = TRUE;
  g_autofree char *title = NULL;
  time_t created;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    options = &defaults;
  subject = describe (path);
  if (!check_file (path, subject, error))
    return NULL;
  doc = open_document (path, subject, options->password, error);
  if (doc == NULL)
    return NULL;
  n_pages = (guint) MAX (poppler_document_get_n_pages (doc), 0);
  if (n_pages == 0)
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_EMPTY, "%s has no pages.", subject);
      return NULL;
    }

  pages = g_new0 (Page, n_pages);
  for (guint i = 0; i < n_pages && ok; i++)
    {
      if (g_cancellable_set_error_if_cancelled (options->cancellable, error))
        {
          ok = FALSE;
          break;
        }
      ok = read_page (doc, i, options, &ocr, &pages[i], error);
      if (pages[i].ocr_text != NULL)
        ocr_pages++;
      if (ok && options->progress != NULL)
        options->progress (i + 1, n_pages, options->progress_data);
    }

  if (ok)
    {
      drop_running_heads (pages, n_pages);
      out = g_string_new (NULL);
      page_bytes = g_array_sized_new (FALSE, FALSE, sizeof (guint64), n_pages);
      g_array_set_size (page_bytes, n_pages);
      ocr_bytes = g_array_new (FALSE, FALSE, sizeof (GlossTextConfidence));
      b.out = out;
      b.page_bytes = page_bytes;
      b.ocr_bytes = ocr_bytes;
      for (guint i = 0; i < n_pages; i++)
        {
          g_array_index (page_bytes, guint64, i) = G_MAXUINT64;
          b.page = i;
          b.page_started = FALSE;
          append_page_lines (&b, &pages[i]);
          append_page_ocr (&b, &pages[i]);
          page_clear (&pages[i]);
        }
    }
  for (guint i = 0; i < n_pages; i++)
    page_clear (&pages[i]);
  g_free (pages);
  if (!ok)
    return NULL;

  if (out->len == 0)
    {
      if (options->no_ocr)
        g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_EMPTY,
                     "%s has no text layer; it may be a scan, which needs OCR.", subject);
      else
        g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_EMPTY,
                     "%s has no readable text.", subject);
      return NULL;
    }
  if (out->len > GLOSS_IMPORT_MAX_BYTES)
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_TOO_LARGE,
                   "%s has more text than Gloss reads in one document (%d MB).", subject,
                   GLOSS_IMPORT_MAX_BYTES / (1024 * 1024));
      return NULL;
    }

  result = g_new0 (GlossImportedText, 1);
  finish_offsets (&b, n_pages, result);
  result->text = g_string_free (g_steal_pointer (&out), FALSE);
  result->format = g_strdup ("pdf");
  result->encoding = g_strdup ("PDF");
  title = clean_info (poppler_document_get_title (doc));
  result->title = title != NULL ? g_steal_pointer (&title) : gloss_import_guess_title (result->text);
  if (result->title == NULL || *result->title == '\0')
    {
      g_autofree char *base = g_filename_display_basename (path);

      g_free (result->title);
      result->title = g_steal_pointer (&base);
    }
  result->author = clean_info (poppler_document_get_author (doc));
  created = poppler_document_get_creation_date (doc);
  if (created > 0)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc ((gint64) created);

      if (dt != NULL)
        result->published = g_date_time_format (dt, "%Y-%m-%d");
    }
  result->metadata = pdf_metadata (doc, n_pages, ocr_pages, options->ocr_language);
  if (ocr_pages == 1)
    result->warning = g_strdup ("One page had no text layer and was read with OCR.");
  else if (ocr_pages > 1)
    result->warning = g_strdup_printf ("%u pages had no text layer and were read with OCR.", ocr_pages);
  return g_steal_pointer (&result);
}

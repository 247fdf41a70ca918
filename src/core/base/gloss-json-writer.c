/* gloss-json-writer.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-json-writer"

#include <float.h>
#include <math.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "gloss-json-writer.h"

G_DEFINE_QUARK (gloss-json-writer-error-quark, gloss_json_writer_error)

#define BUFFER_SIZE (64 * 1024)
#define ESCAPE_PIECE 4096   /* bytes of a string escaped at a time */

/* One byte per open container on the stack. */
enum {
  FRAME_OBJECT    = 1 << 0,
  FRAME_HAS_ITEMS = 1 << 1,
};

struct _GlossJsonWriter
{
  GOutputStream *stream;
  GError        *error;       /* first failure; sticky */
  guint8        *stack;       /* FRAME_* flags of each open container */
  guint          depth;       /* containers open */
  guint          stack_size;
  guint          key_pending : 1;  /* a key was written, its value has not */
  guint          top_started : 1;  /* the top-level value has begun */
  guint          finished : 1;     /* finish() wrote the final newline */
  guint          compact : 1;      /* no newlines or indentation between values */
  char          *buf;
  gsize          size;        /* BUFFER_SIZE, or more while a mark holds more */
  gsize          len;
  gsize          mark;        /* what follows stays in buf (NO_MARK: nothing) */
  guint          mark_depth;  /* containers open at the mark */
  guint8         mark_frame;  /* and the innermost one's flags */
  guint          mark_top_started : 1;
};

#define NO_MARK G_MAXSIZE

static const char spaces[] = "                                                                ";

GlossJsonWriter *
gloss_json_writer_new (GOutputStream *stream)
{
  GlossJsonWriter *w;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);

  w = g_new0 (GlossJsonWriter, 1);
  w->stream = g_object_ref (stream);
  w->stack_size = 16;
  w->stack = g_new (guint8, w->stack_size);
  w->size = BUFFER_SIZE;
  w->buf = g_malloc (w->size);
  w->mark = NO_MARK;
  return w;
}

void
gloss_json_writer_set_compact (GlossJsonWriter *w,
                               gboolean         compact)
{
  g_return_if_fail (w != NULL);
  g_return_if_fail (!w->top_started);
  w->compact = !!compact;
}

void
gloss_json_writer_free (GlossJsonWriter *w)
{
  if (w == NULL)
    return;
  g_clear_object (&w->stream);
  g_clear_error (&w->error);
  g_free (w->stack);
  g_free (w->buf);
  g_free (w);
}

/* Writes out the buffer but for what a mark holds, which moves to its start. */
static void
flush_buffer (GlossJsonWriter *w,
              GCancellable    *cancellable)
{
  gsize out = MIN (w->len, w->mark);

  if (out > 0 && w->error == NULL)
    g_output_stream_write_all (w->stream, w->buf, out, NULL, cancellable, &w->error);
  if (w->error != NULL)
    {
      /* Nothing more reaches the stream: what is held goes too. */
      w->len = 0;
      w->mark = NO_MARK;
      return;
    }
  memmove (w->buf, w->buf + out, w->len - out);
  w->len -= out;
  if (w->mark != NO_MARK)
    w->mark = 0;
}

/* Room for @n more bytes: the buffer is flushed, and grows only when a mark holds so
 * much of it that they still do not fit. */
static void
make_room (GlossJsonWriter *w,
           gsize            n)
{
  flush_buffer (w, NULL);
  if (w->size - w->len < n)
    {
      w->size = MAX (w->size * 2, w->len + n);
      w->buf = g_realloc (w->buf, w->size);
    }
}

static void
append_slow (GlossJsonWriter *w,
             const char      *data,
             gsize            n)
{
  while (n > 0 && w->error == NULL)
    {
      gsize chunk;

      if (w->len == w->size)
        make_room (w, 1);
      chunk = MIN (n, w->size - w->len);
      memcpy (w->buf + w->len, data, chunk);
      w->len += chunk;
      data += chunk;
      n -= chunk;
    }
}

/* Most appends are a few bytes into a buffer with room: one copy, no loop. */
static inline void
append (GlossJsonWriter *w,
        const char      *data,
        gsize            n)
{
  if (G_LIKELY (n <= w->size - w->len && w->error == NULL))
    {
      memcpy (w->buf + w->len, data, n);
      w->len += n;
      return;
    }
  append_slow (w, data, n);
}

static inline void
append_byte (GlossJsonWriter *w,
             char             c)
{
  if (G_UNLIKELY (w->len == w->size))
    make_room (w, 1);
  w->buf[w->len++] = c;
}

static void
newline_indent (GlossJsonWriter *w,
                guint            depth)
{
  gsize n = (gsize) depth * 2;

  if (w->compact)
    return;
  append_byte (w, '\n');
  while (n > 0)
    {
      gsize chunk = MIN (n, sizeof spaces - 1);

      append (w, spaces, chunk);
      n -= chunk;
    }
}

/* Misuse is a programming error, but a half-written export must still never be
 * reported as a success, so besides the critical it becomes the sticky error. */
static void
misuse (GlossJsonWriter *w,
        const char      *what)
{
  g_critical ("GlossJsonWriter misuse: %s", what);
  if (w->error == NULL)
    g_set_error (&w->error, GLOSS_JSON_WRITER_ERROR, GLOSS_JSON_WRITER_ERROR_MISUSE,
                 "Invalid use of the JSON writer: %s", what);
}

/* Writes what goes before a value at the current position (separator, newline and
 * indentation inside arrays) and checks that a value is allowed there. */
static gboolean
begin_value_slow (GlossJsonWriter *w)
{
  guint8 *frame;

  if (w->error != NULL)
    return FALSE;

  if (w->depth == 0)
    {
      if (w->top_started)
        {
          misuse (w, "a second top-level value");
          return FALSE;
        }
      w->top_started = TRUE;
      return TRUE;
    }

  frame = &w->stack[w->depth - 1];
  if (*frame & FRAME_OBJECT)
    {
      if (!w->key_pending)
        {
          misuse (w, "a value in an object without a key");
          return FALSE;
        }
      w->key_pending = FALSE;
      return TRUE;
    }

  if (*frame & FRAME_HAS_ITEMS)
    append_byte (w, ',');
  *frame |= FRAME_HAS_ITEMS;
  newline_indent (w, w->depth);
  return TRUE;
}

/* Most values follow their key: nothing to write before them. */
static inline gboolean
begin_value (GlossJsonWriter *w)
{
  if (G_LIKELY (w->key_pending && w->error == NULL))
    {
      w->key_pending = FALSE;
      return TRUE;
    }
  return begin_value_slow (w);
}

static void
begin_container (GlossJsonWriter *w,
                 guint8           kind,
                 char             open)
{
  if (!begin_value (w))
    return;
  append_byte (w, open);
  if (w->depth == w->stack_size)
    {
      w->stack_size *= 2;
      w->stack = g_realloc (w->stack, w->stack_size);
    }
  w->stack[w->depth++] = kind;
}

static void
end_container (GlossJsonWriter *w,
               gboolean         object,
               char             close)
{
  guint8 frame;

  if (w->error != NULL)
    return;

  if (w->depth == 0 || !!(w->stack[w->depth - 1] & FRAME_OBJECT) != !!object)
    {
      misuse (w, object ? "end_object without a matching begin_object"
                        : "end_array without a matching begin_array");
      return;
    }
  if (w->key_pending)
    {
      misuse (w, "end_object right after a key");
      return;
    }

  frame = w->stack[--w->depth];
  /* The mark's container is closed: there is nothing left to rewind into. */
  if (w->depth < w->mark_depth)
    w->mark = NO_MARK;
  if (frame & FRAME_HAS_ITEMS)
    newline_indent (w, w->depth);
  append_byte (w, close);
}

void
gloss_json_writer_begin_object (GlossJsonWriter *w)
{
  g_return_if_fail (w != NULL);
  begin_container (w, FRAME_OBJECT, '{');
}

void
gloss_json_writer_end_object (GlossJsonWriter *w)
{
  g_return_if_fail (w != NULL);
  end_container (w, TRUE, '}');
}

void
gloss_json_writer_begin_array (GlossJsonWriter *w)
{
  g_return_if_fail (w != NULL);
  begin_container (w, 0, '[');
}

void
gloss_json_writer_end_array (GlossJsonWriter *w)
{
  g_return_if_fail (w != NULL);
  end_container (w, FALSE, ']');
}

/*
 * Length of the well-formed UTF-8 sequence at @p (1 to 4), or, when it is
 * ill-formed, minus the length of its maximal subpart: the lead byte plus the
 * continuation bytes that still fit it. Replacing each maximal subpart with one
 * U+FFFD is what the Unicode standard (§3.9) and the WHATWG decoder recommend.
 */
static inline int
utf8_sequence (const guchar *p,
               const guchar *end)
{
  guchar c = p[0];
  guchar lo = 0x80, hi = 0xbf;
  int need, i;

  if (c < 0x80)
    return 1;
  else if (c < 0xc2)
    return -1;
  else if (c < 0xe0)
    need = 1;
  else if (c < 0xf0)
    {
      need = 2;
      if (c == 0xe0)
        lo = 0xa0;
      else if (c == 0xed)
        hi = 0x9f;  /* U+D800..U+DFFF are not characters */
    }
  else if (c < 0xf5)
    {
      need = 3;
      if (c == 0xf0)
        lo = 0x90;
      else if (c == 0xf4)
        hi = 0x8f;  /* nothing above U+10FFFF */
    }
  else
    return -1;

  for (i = 1; i <= need; i++)
    {
      if (p + i >= end || p[i] < lo || p[i] > hi)
        return -i;
      lo = 0x80;
      hi = 0xbf;
    }
  return need + 1;
}

#define ONES  G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

/*
 * The bytes of the little-endian word @x that need a look inside a string (below 0x20,
 * '"', '\\', 0x7f and above), as the high bit of each such byte. SWAR: (v - ONES) & ~v
 * sets the high bit of a zero byte of v. A borrow or a carry can set the bit of a
 * byte above one that truly needs a look, never below, so the lowest bit set is
 * always right and a word without any is plain.
 */
static inline guint64
special_bytes (guint64 x)
{
  guint64 quote = x ^ (ONES * '"');
  guint64 backslash = x ^ (ONES * '\\');

  return (((x - ONES * 0x20) & ~x) |         /* below 0x20 */
          ((quote - ONES) & ~quote) |
          ((backslash - ONES) & ~backslash) |
          (x + ONES) |                        /* 0x7f (and above, as below) */
          x) & HIGHS;                         /* 0x80 and above */
}

/* Writes the escaped form of one byte or character at @p that special_bytes() flagged
 * to @o; moves @p past it and returns the end of what was written (6 bytes at most,
 * for one or more bytes read). */
static char *
escape_special (const guchar **pp,
                const guchar  *end,
                char          *o)
{
  static const char hex[] = "0123456789abcdef";
  const guchar *p = *pp;
  guchar c = *p;

  if (c == '"' || c == '\\')
    {
      *o++ = '\\';
      *o++ = (char) c;
      *pp = p + 1;
      return o;
    }
  if (c < 0x20 || c == 0x7f)
    {
      *o++ = '\\';
      switch (c)
        {
        case '\b': *o++ = 'b'; break;
        case '\f': *o++ = 'f'; break;
        case '\n': *o++ = 'n'; break;
        case '\r': *o++ = 'r'; break;
        case '\t': *o++ = 't'; break;
        default:
          *o++ = 'u';
          *o++ = '0';
          *o++ = '0';
          *o++ = hex[c >> 4];
          *o++ = hex[c & 0xf];
          break;
        }
      *pp = p + 1;
      return o;
    }

  {
    int n = utf8_sequence (p, end);

    if (n < 0)
      {
        memcpy (o, "\xef\xbf\xbd", 3);
        *pp = p + -n;
        return o + 3;
      }
    if (n == 3 && p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9))
      {
        /* LINE/PARAGRAPH SEPARATOR are valid in JSON but end a line in older
         * JavaScript string literals, so a consumer that embeds the export in a
         * script would break. */
        memcpy (o, p[2] == 0xa8 ? "\\u2028" : "\\u2029", 6);
        *pp = p + 3;
        return o + 6;
      }
    memcpy (o, p, n);
    *pp = p + n;
    return o + n;
  }
}

/*
 * Escapes the bytes from @p up to @stop of the string [@begin, @end) into @o and
 * returns the end of what was written; *@pp ends at or a little past @stop (a word
 * or a character read whole). Sixteen or eight bytes are read and written at a
 * time: a word is copied before it is looked at, and the bytes from the first that
 * needs a look on are then written again, so @o needs 6 bytes per byte read plus 16.
 */
static inline char *
escape_run (const guchar **pp,
            const guchar  *stop,
            const guchar  *begin,
            const guchar  *end,
            char          *o)
{
  const guchar *p = *pp;

  while (p < stop)
    {
      gsize rest = end - p;
      gsize n = 8;
      guint64 x, special;

#ifdef __SSE2__
      /* Sixteen bytes at a time where the processor has SSE2 (every x86-64): as
       * signed bytes, those below 0x20 and those of 0x80 and above are less than
       * 0x20; the other three are compared one by one. Exact, no false flags. */
      if (rest >= 16)
        {
          __m128i v = _mm_loadu_si128 ((const __m128i *) p);
          __m128i bad = _mm_or_si128 (_mm_or_si128 (_mm_cmplt_epi8 (v, _mm_set1_epi8 (0x20)),
                                                    _mm_cmpeq_epi8 (v, _mm_set1_epi8 (0x7f))),
                                      _mm_or_si128 (_mm_cmpeq_epi8 (v, _mm_set1_epi8 ('"')),
                                                    _mm_cmpeq_epi8 (v, _mm_set1_epi8 ('\\'))));
          guint mask = (guint) _mm_movemask_epi8 (bad);

          _mm_storeu_si128 ((__m128i *) o, v);
          if (G_LIKELY (mask == 0))
            {
              p += 16;
              o += 16;
              continue;
            }
          n = __builtin_ctz (mask);
          p += n;
          o += n;
          if (p < stop)
            o = escape_special (&p, end, o);
          continue;
        }
#endif
      if (G_LIKELY (rest >= 8))
        {
          memcpy (&x, p, 8);
          x = GUINT64_FROM_LE (x);
        }
      else
        {
          /* The last bytes: those of the string's last word, or of a short string,
           * with plain bytes after them. */
          if (end - begin >= 8)
            {
              memcpy (&x, end - 8, 8);
              x = GUINT64_FROM_LE (x) >> (8 * (8 - rest));
            }
          else
            {
              x = 0;
              memcpy (&x, p, rest);
              x = GUINT64_FROM_LE (x);
            }
          x |= (ONES * ' ') << (8 * rest);
          n = rest;
        }
      {
        guint64 le = GUINT64_TO_LE (x);

        memcpy (o, &le, 8);
      }
      /* Little-endian order puts the first byte lowest, below any false flag. */
      special = special_bytes (x);
      if (G_LIKELY (special == 0))
        {
          p += n;
          o += n;
          continue;
        }
      n = MIN (n, (gsize) (__builtin_ctzll (special) / 8));
      p += n;
      o += n;
      /* What lies past @stop is left to the next call, which has room for it. */
      if (p < stop)
        o = escape_special (&p, end, o);
    }
  *pp = p;
  return o;
}

static void
append_escaped (GlossJsonWriter *w,
                const char      *s,
                gsize            len)
{
  const guchar *begin = (const guchar *) s;
  const guchar *p = begin;
  const guchar *end = p + len;
  char *o;

  /* A string of up to 4 KiB in one go, a longer one in pieces: at worst six bytes
   * out per byte in, plus the quotes and the last word's spare bytes. */
  G_STATIC_ASSERT (ESCAPE_PIECE * 6 + 18 <= BUFFER_SIZE);
  for (;;)
    {
      gsize take = MIN ((gsize) (end - p), ESCAPE_PIECE);

      if (G_UNLIKELY (w->size - w->len < take * 6 + 18))
        make_room (w, take * 6 + 18);
      if (G_UNLIKELY (w->error != NULL))
        return;
      o = w->buf + w->len;
      if (p == begin)
        *o++ = '"';
      o = escape_run (&p, p + take, begin, end, o);
      if (p >= end)
        break;
      w->len = o - w->buf;
    }
  *o++ = '"';
  w->len = o - w->buf;
}

void
gloss_json_writer_mark (GlossJsonWriter *w)
{
  g_return_if_fail (w != NULL);

  if (w->error != NULL)
    return;
  if (w->key_pending)
    {
      misuse (w, "a mark right after a key");
      return;
    }
  w->mark = w->len;
  w->mark_depth = w->depth;
  w->mark_frame = w->depth > 0 ? w->stack[w->depth - 1] : 0;
  w->mark_top_started = w->top_started;
}

void
gloss_json_writer_rewind (GlossJsonWriter *w)
{
  g_return_if_fail (w != NULL);

  if (w->error != NULL)
    return;
  if (w->mark == NO_MARK || w->depth != w->mark_depth || w->key_pending)
    {
      misuse (w, w->mark == NO_MARK ? "a rewind without a mark (or out of its container)"
                                    : "a rewind inside a container opened after the mark");
      return;
    }
  w->len = w->mark;
  if (w->depth > 0)
    w->stack[w->depth - 1] = w->mark_frame;
  w->top_started = w->mark_top_started;
  w->mark = NO_MARK;
}

void
gloss_json_writer_unmark (GlossJsonWriter *w)
{
  g_return_if_fail (w != NULL);
  w->mark = NO_MARK;
}

/* Writes what goes before a key (separator, newline and indentation) and checks that
 * a key is allowed here. */
static inline gboolean
begin_key (GlossJsonWriter *w)
{
  guint8 *frame;

  if (w->error != NULL)
    return FALSE;
  if (w->depth == 0 || !(w->stack[w->depth - 1] & FRAME_OBJECT))
    {
      misuse (w, "a key outside an object");
      return FALSE;
    }
  if (w->key_pending)
    {
      misuse (w, "two keys in a row");
      return FALSE;
    }

  frame = &w->stack[w->depth - 1];
  if (*frame & FRAME_HAS_ITEMS)
    append_byte (w, ',');
  *frame |= FRAME_HAS_ITEMS;
  newline_indent (w, w->depth);
  w->key_pending = TRUE;
  return TRUE;
}

void
gloss_json_writer_key (GlossJsonWriter *w,
                       const char      *key)
{
  g_return_if_fail (w != NULL);
  g_return_if_fail (key != NULL);

  if (!begin_key (w))
    return;
  append_escaped (w, key, strlen (key));
  append (w, ": ", w->compact ? 1 : 2);
}

void
gloss_json_writer_static_key (GlossJsonWriter *w,
                              GlossJsonKey     key)
{
  guint8 *frame;
  char *o;

  g_return_if_fail (w != NULL);
  g_return_if_fail (key.len >= 2);

  /* Compact, in an object, after a value: the separator, the key and the colon in
   * one go, as a member written on every row of an export mostly is. */
  if (G_LIKELY (w->compact && w->error == NULL && w->depth > 0 && !w->key_pending &&
                (w->stack[w->depth - 1] & FRAME_OBJECT)))
    {
      if (G_UNLIKELY (w->size - w->len < key.len + 2))
        {
          make_room (w, key.len + 2);
          if (w->error != NULL)
            return;
        }
      frame = &w->stack[w->depth - 1];
      o = w->buf + w->len;
      if (*frame & FRAME_HAS_ITEMS)
        *o++ = ',';
      *frame |= FRAME_HAS_ITEMS;
      memcpy (o, key.quoted, key.len);
      o[key.len] = ':';
      w->len = o + key.len + 1 - w->buf;
      w->key_pending = TRUE;
      return;
    }

  if (!begin_key (w))
    return;
  append (w, key.quoted, key.len);
  append (w, ": ", w->compact ? 1 : 2);
}

void
gloss_json_writer_string_len (GlossJsonWriter *w,
                              const char      *s,
                              gssize           len)
{
  g_return_if_fail (w != NULL);

  if (s == NULL)
    {
      gloss_json_writer_null (w);
      return;
    }
  if (!begin_value (w))
    return;
  append_escaped (w, s, len < 0 ? strlen (s) : (gsize) len);
}

void
gloss_json_writer_string (GlossJsonWriter *w,
                          const char      *s)
{
  gloss_json_writer_string_len (w, s, -1);
}

void
gloss_json_writer_int (GlossJsonWriter *w,
                       gint64           v)
{
  char tmp[24];
  char *p = tmp + sizeof tmp;
  /* Negate in unsigned arithmetic so that G_MININT64 does not overflow. */
  guint64 u = v < 0 ? -(guint64) v : (guint64) v;

  g_return_if_fail (w != NULL);

  if (!begin_value (w))
    return;

  do
    {
      *--p = '0' + (u % 10);
      u /= 10;
    }
  while (u != 0);
  if (v < 0)
    *--p = '-';
  append (w, p, tmp + sizeof tmp - p);
}

/* Formats @v with @digits significant digits as d.ddde±x; TRUE if that reads back as @v. */
static gboolean
format_digits (double v,
               int    digits,
               char  *tmp,
               gsize  size)
{
  char format[8];

  g_snprintf (format, sizeof format, "%%.%de", digits - 1);
  g_ascii_formatd (tmp, size, format, v);
  return g_ascii_strtod (tmp, NULL) == v;
}

/*
 * Formats @v (finite, non-zero) the way ECMAScript's Number::toString does: the
 * shortest digit string that reads back as @v, then plain notation for exponents
 * in [-7, 21) and d.ddde±x otherwise. For normal numbers 15 digits always suffice
 * when any length up to 15 does (DBL_DIG), and %e drops nothing but trailing zeros,
 * so only 15, 16 and 17 digits need trying. Subnormals carry fewer bits, so their
 * length is found by bisection (if n digits read back, so do n + 1).
 */
static gsize
format_double (double v,
               char   out[40])
{
  char tmp[G_ASCII_DTOSTR_BUF_SIZE];
  char digits[20];
  guint k = 0;
  int n;
  const char *p;
  char *o = out;

  if (fabs (v) >= DBL_MIN)
    {
      if (!format_digits (v, 15, tmp, sizeof tmp) && !format_digits (v, 16, tmp, sizeof tmp))
        format_digits (v, 17, tmp, sizeof tmp);
    }
  else
    {
      int lo = 1, hi = 17;

      while (lo < hi)
        {
          int mid = (lo + hi) / 2;

          if (format_digits (v, mid, tmp, sizeof tmp))
            hi = mid;
          else
            lo = mid + 1;
        }
      format_digits (v, lo, tmp, sizeof tmp);
    }

  p = tmp;
  if (*p == '-')
    *o++ = *p++;
  for (; *p != 'e'; p++)
    if (*p != '.')
      digits[k++] = *p;
  while (k > 1 && digits[k - 1] == '0')
    k--;
  n = (int) g_ascii_strtoll (p + 1, NULL, 10) + 1;  /* v = 0.digits × 10^n */

  if ((int) k <= n && n <= 21)
    {
      memcpy (o, digits, k);
      o += k;
      memset (o, '0', n - k);
      o += n - k;
    }
  else if (0 < n && n <= 21)
    {
      memcpy (o, digits, n);
      o += n;
      *o++ = '.';
      memcpy (o, digits + n, k - n);
      o += k - n;
    }
  else if (-6 < n && n <= 0)
    {
      *o++ = '0';
      *o++ = '.';
      memset (o, '0', -n);
      o += -n;
      memcpy (o, digits, k);
      o += k;
    }
  else
    {
      *o++ = digits[0];
      if (k > 1)
        {
          *o++ = '.';
          memcpy (o, digits + 1, k - 1);
          o += k - 1;
        }
      o += g_snprintf (o, 8, "e%c%d", n - 1 >= 0 ? '+' : '-', ABS (n - 1));
    }
  return o - out;
}

void
gloss_json_writer_double (GlossJsonWriter *w,
                          double           v)
{
  char out[40];

  g_return_if_fail (w != NULL);

  /* JSON has no NaN or infinities; JSON.stringify writes null for them too. */
  if (!isfinite (v))
    {
      gloss_json_writer_null (w);
      return;
    }
  if (!begin_value (w))
    return;
  if (v == 0)
    append_byte (w, '0');  /* also -0, as JSON.stringify does */
  else
    append (w, out, format_double (v, out));
}

void
gloss_json_writer_bool (GlossJsonWriter *w,
                        gboolean         v)
{
  g_return_if_fail (w != NULL);

  if (!begin_value (w))
    return;
  if (v)
    append (w, "true", 4);
  else
    append (w, "false", 5);
}

void
gloss_json_writer_null (GlossJsonWriter *w)
{
  g_return_if_fail (w != NULL);

  if (!begin_value (w))
    return;
  append (w, "null", 4);
}

void
gloss_json_writer_node (GlossJsonWriter *w,
                        JsonNode        *node)
{
  g_return_if_fail (w != NULL);

  if (node == NULL)
    {
      gloss_json_writer_null (w);
      return;
    }

  /* Recursion is fine here: nodes are small values that json-glib already parsed or built. */
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        gloss_json_writer_begin_object (w);
        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            gloss_json_writer_key (w, name);
            gloss_json_writer_node (w, member);
          }
        gloss_json_writer_end_object (w);
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint i, n = json_array_get_length (array);

        gloss_json_writer_begin_array (w);
        for (i = 0; i < n; i++)
          gloss_json_writer_node (w, json_array_get_element (array, i));
        gloss_json_writer_end_array (w);
      }
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          gloss_json_writer_int (w, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          gloss_json_writer_double (w, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          gloss_json_writer_bool (w, json_node_get_boolean (node));
          break;
        case G_TYPE_STRING:
          gloss_json_writer_string (w, json_node_get_string (node));
          break;
        default:
          gloss_json_writer_null (w);
          break;
        }
      break;

    case JSON_NODE_NULL:
    default:
      gloss_json_writer_null (w);
      break;
    }
}

void
gloss_json_writer_member_string (GlossJsonWriter *w,
                                 const char      *key,
                                 const char      *s)
{
  gloss_json_writer_key (w, key);
  gloss_json_writer_string (w, s);
}

void
gloss_json_writer_member_int (GlossJsonWriter *w,
                              const char      *key,
                              gint64           v)
{
  gloss_json_writer_key (w, key);
  gloss_json_writer_int (w, v);
}

gboolean
gloss_json_writer_finish (GlossJsonWriter  *w,
                          GCancellable     *cancellable,
                          GError          **error)
{
  g_return_val_if_fail (w != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (w->error == NULL && (!w->top_started || w->depth > 0))
    misuse (w, w->top_started ? "finish with open containers" : "finish without a value");

  w->mark = NO_MARK;
  if (w->error == NULL && !w->finished)
    {
      w->finished = TRUE;
      append_byte (w, '\n');
      flush_buffer (w, cancellable);
    }
  if (w->error == NULL)
    g_output_stream_flush (w->stream, cancellable, &w->error);

  if (w->error != NULL)
    {
      g_propagate_error (error, g_error_copy (w->error));
      return FALSE;
    }
  return TRUE;
}

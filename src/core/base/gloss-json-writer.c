/* gloss-json-writer.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-json-writer"

#include <float.h>
#include <math.h>
#include <string.h>

#include "gloss-json-writer.h"

G_DEFINE_QUARK (gloss-json-writer-error-quark, gloss_json_writer_error)

#define BUFFER_SIZE (64 * 1024)

/* One byte per open container on the stack. */
enum {
  FRAME_OBJECT    = 1 << 0,
  FRAME_HAS_ITEMS = 1 << 1,
};

struct _GlossJsonWriter
{
  GOutputStream *stream;
  GError        *error;       /* first failure; sticky */
  GByteArray    *stack;       /* FRAME_* flags of each open container */
  guint          key_pending : 1;  /* a key was written, its value has not */
  guint          top_started : 1;  /* the top-level value has begun */
  guint          finished : 1;     /* finish() wrote the final newline */
  guint          compact : 1;      /* no newlines or indentation between values */
  gsize          len;
  char           buf[BUFFER_SIZE];
};

static const char spaces[] = "                                                                ";

GlossJsonWriter *
gloss_json_writer_new (GOutputStream *stream)
{
  GlossJsonWriter *w;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);

  w = g_new0 (GlossJsonWriter, 1);
  w->stream = g_object_ref (stream);
  w->stack = g_byte_array_new ();
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
  g_byte_array_unref (w->stack);
  g_free (w);
}

static void
flush_buffer (GlossJsonWriter *w,
              GCancellable    *cancellable)
{
  if (w->len > 0 && w->error == NULL)
    g_output_stream_write_all (w->stream, w->buf, w->len, NULL, cancellable, &w->error);
  w->len = 0;
}

static void
append_slow (GlossJsonWriter *w,
             const char      *data,
             gsize            n)
{
  while (n > 0 && w->error == NULL)
    {
      gsize chunk;

      if (w->len == BUFFER_SIZE)
        flush_buffer (w, NULL);
      chunk = MIN (n, BUFFER_SIZE - w->len);
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
  if (G_LIKELY (n <= BUFFER_SIZE - w->len && w->error == NULL))
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
  if (G_UNLIKELY (w->len == BUFFER_SIZE))
    flush_buffer (w, NULL);
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
begin_value (GlossJsonWriter *w)
{
  guint8 *frame;

  if (w->error != NULL)
    return FALSE;

  if (w->stack->len == 0)
    {
      if (w->top_started)
        {
          misuse (w, "a second top-level value");
          return FALSE;
        }
      w->top_started = TRUE;
      return TRUE;
    }

  frame = &w->stack->data[w->stack->len - 1];
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
  newline_indent (w, w->stack->len);
  return TRUE;
}

static void
begin_container (GlossJsonWriter *w,
                 guint8           kind,
                 char             open)
{
  if (!begin_value (w))
    return;
  append_byte (w, open);
  g_byte_array_append (w->stack, &kind, 1);
}

static void
end_container (GlossJsonWriter *w,
               gboolean         object,
               char             close)
{
  guint8 frame;

  if (w->error != NULL)
    return;

  if (w->stack->len == 0 ||
      !!(w->stack->data[w->stack->len - 1] & FRAME_OBJECT) != !!object)
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

  frame = w->stack->data[w->stack->len - 1];
  g_byte_array_set_size (w->stack, w->stack->len - 1);
  if (frame & FRAME_HAS_ITEMS)
    newline_indent (w, w->stack->len);
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

/* Bytes copied as they are inside a string: printable ASCII but the quote and the
 * backslash. */
static inline gboolean
is_plain (guchar c)
{
  return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

#define ONES  G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

/* Whether none of the 8 bytes of @x needs a look: no byte below 0x20, none at or above
 * 0x7f, no '"' and no '\\' (SWAR: a byte of (v - ONES) & ~v & HIGHS is set where v
 * has a zero byte). */
static inline gboolean
plain_word (guint64 x)
{
  guint64 quote = x ^ (ONES * '"');
  guint64 backslash = x ^ (ONES * '\\');
  guint64 del = x ^ (ONES * 0x7f);
  guint64 bad = ((x - ONES * 0x20) & ~x) |
                ((quote - ONES) & ~quote) |
                ((backslash - ONES) & ~backslash) |
                ((del - ONES) & ~del) |
                x;

  return (bad & HIGHS) == 0;
}

/* The end of the run of plain bytes starting at @p, 8 bytes at a time. */
static inline const guchar *
plain_run_end (const guchar *p,
               const guchar *end)
{
  while (end - p >= 8)
    {
      guint64 x;

      memcpy (&x, p, 8);
      if (!plain_word (x))
        break;
      p += 8;
    }
  while (p < end && is_plain (*p))
    p++;
  return p;
}

static void
append_escaped (GlossJsonWriter *w,
                const char      *s,
                gsize            len)
{
  static const char hex[] = "0123456789abcdef";
  const guchar *p = (const guchar *) s;
  const guchar *end = p + len;

  append_byte (w, '"');
  while (p < end && w->error == NULL)
    {
      const guchar *run = p;
      guchar c;

      /* Printable ASCII is copied in runs, found 8 bytes at a time; everything else
       * is looked at one by one. */
      p = plain_run_end (p, end);
      if (p > run)
        append (w, (const char *) run, p - run);
      if (p >= end)
        break;

      c = *p;
      if (c == '"' || c == '\\')
        {
          char esc[2] = { '\\', (char) c };
          append (w, esc, 2);
          p++;
        }
      else if (c < 0x20 || c == 0x7f)
        {
          char esc[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf] };

          switch (c)
            {
            case '\b': append (w, "\\b", 2); break;
            case '\f': append (w, "\\f", 2); break;
            case '\n': append (w, "\\n", 2); break;
            case '\r': append (w, "\\r", 2); break;
            case '\t': append (w, "\\t", 2); break;
            default:   append (w, esc, 6);   break;
            }
          p++;
        }
      else
        {
          int n = utf8_sequence (p, end);

          if (n < 0)
            {
              append (w, "\xef\xbf\xbd", 3);
              p += -n;
            }
          else if (n == 3 && p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9))
            {
              /* LINE/PARAGRAPH SEPARATOR are valid in JSON but end a line in older
               * JavaScript string literals, so a consumer that embeds the export in a
               * script would break. */
              append (w, p[2] == 0xa8 ? "\\u2028" : "\\u2029", 6);
              p += 3;
            }
          else
            {
              append (w, (const char *) p, n);
              p += n;
            }
        }
    }
  append_byte (w, '"');
}

void
gloss_json_writer_key (GlossJsonWriter *w,
                       const char      *key)
{
  guint8 *frame;

  g_return_if_fail (w != NULL);
  g_return_if_fail (key != NULL);

  if (w->error != NULL)
    return;
  if (w->stack->len == 0 || !(w->stack->data[w->stack->len - 1] & FRAME_OBJECT))
    {
      misuse (w, "a key outside an object");
      return;
    }
  if (w->key_pending)
    {
      misuse (w, "two keys in a row");
      return;
    }

  frame = &w->stack->data[w->stack->len - 1];
  if (*frame & FRAME_HAS_ITEMS)
    append_byte (w, ',');
  *frame |= FRAME_HAS_ITEMS;
  newline_indent (w, w->stack->len);
  append_escaped (w, key, strlen (key));
  append (w, ": ", w->compact ? 1 : 2);
  w->key_pending = TRUE;
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

  if (w->error == NULL && (!w->top_started || w->stack->len > 0))
    misuse (w, w->top_started ? "finish with open containers" : "finish without a value");

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

/* gloss-json-scan.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A validating single-pass scanner. It never recurses: open containers are kept on a
 * fixed stack of GLOSS_JSON_SCAN_MAX_DEPTH bytes, so a hostile file can neither
 * exhaust the C stack nor make the scan use memory beyond the member list.
 */
#define G_LOG_DOMAIN "gloss-json-scan"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "gloss-json-scan.h"

G_DEFINE_QUARK (gloss-json-scan-error-quark, gloss_json_scan_error)

struct _GlossJsonSource {
  /* The input as the scanner sees it: bytes [base, base + len) at data. */
  const guchar *data;
  gsize         base;
  gsize         len;
  gboolean      eof;       /* the window reaches the end of the input */
  /* A memory source: data is the whole input, never copied. */
  const guchar *mem;
  /* A file source: data is buf, a window of the file read with pread(). */
  int           fd;
  guchar       *buf;
  gsize         cap;
  gsize         chunk;
  GError       *io_error;
};

#define DEFAULT_CHUNK (1024 * 1024)

GlossJsonSource *
gloss_json_source_new_for_data (const char *data,
                                gsize       len)
{
  GlossJsonSource *src = g_new0 (GlossJsonSource, 1);

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  src->mem = src->data = (const guchar *) (data ? data : "");
  src->len = len;
  src->eof = TRUE;
  src->fd = -1;
  return src;
}

GlossJsonSource *
gloss_json_source_new_for_path (const char  *path,
                                gsize        chunk_size,
                                GError     **error)
{
  GlossJsonSource *src;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved), g_strerror (saved));
      return NULL;
    }
  src = g_new0 (GlossJsonSource, 1);
  src->fd = fd;
  src->chunk = chunk_size > 0 ? chunk_size : DEFAULT_CHUNK;
  src->cap = src->chunk;
  src->buf = g_malloc (src->cap);
  src->data = src->buf;
  return src;
}

void
gloss_json_source_free (GlossJsonSource *src)
{
  if (src == NULL)
    return;
  if (src->fd >= 0)
    close (src->fd);
  g_free (src->buf);
  g_clear_error (&src->io_error);
  g_free (src);
}

/* Reads @len bytes at @offset into @out; FALSE with src->io_error on a failure.
 * *got is less than @len only at the end of the file. */
static gboolean
source_pread (GlossJsonSource *src,
              guchar          *out,
              gsize            len,
              gsize            offset,
              gsize           *got)
{
  *got = 0;
  while (*got < len)
    {
      gssize n = pread (src->fd, out + *got, len - *got, (off_t) (offset + *got));

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_clear_error (&src->io_error);
          g_set_error_literal (&src->io_error, G_FILE_ERROR, g_file_error_from_errno (saved), g_strerror (saved));
          return FALSE;
        }
      if (n == 0)
        break;
      *got += n;
    }
  return TRUE;
}

/* Drops the bytes before @keep_from (which must be in the window) and reads on, so
 * that the window holds more bytes after @keep_from than before, or reaches the end
 * of the input. A window too small for what must be kept doubles. */
static gboolean
source_more (GlossJsonSource *src,
             gsize            keep_from)
{
  gsize shift, got;

  if (src->eof)
    return TRUE;
  g_assert (keep_from >= src->base && keep_from <= src->base + src->len);

  shift = keep_from - src->base;
  if (shift > 0)
    {
      memmove (src->buf, src->buf + shift, src->len - shift);
      src->base = keep_from;
      src->len -= shift;
    }
  if (src->len * 2 > src->cap)
    src->cap *= 2;
  else if (src->cap > src->chunk && src->len * 4 < src->cap)
    src->cap = MAX (src->chunk, src->len * 2);   /* after one large item, back to small reads */
  src->buf = g_realloc (src->buf, src->cap);
  src->data = src->buf;

  if (!source_pread (src, src->buf + src->len, src->cap - src->len, src->base + src->len, &got))
    return FALSE;
  if (got < src->cap - src->len)
    src->eof = TRUE;
  src->len += got;
  return TRUE;
}

/* Moves the window of a file source to start at @pos, unless it holds @pos already. */
static gboolean
source_seek (GlossJsonSource *src,
             gsize            pos)
{
  if (src->mem != NULL || (pos >= src->base && pos <= src->base + src->len))
    return TRUE;
  src->base = pos;
  src->len = 0;
  src->eof = FALSE;
  return source_more (src, pos);
}

void
gloss_json_source_position (GlossJsonSource *src,
                            gsize            offset,
                            guint           *line,
                            guint           *column)
{
  guchar chunk[64 * 1024];
  gsize at = 0;
  guint l = 1, c = 1;

  if (src->mem != NULL)
    {
      gloss_json_position ((const char *) src->mem, MIN (offset, src->len), line, column);
      return;
    }
  /* A file: counted again from its start, which only an error needs. */
  while (at < offset)
    {
      gsize got = 0;

      if (!source_pread (src, chunk, MIN (sizeof chunk, offset - at), at, &got) || got == 0)
        break;
      for (gsize i = 0; i < got; i++)
        {
          if (chunk[i] == '\n')
            {
              l++;
              c = 1;
            }
          else if ((chunk[i] & 0xc0) != 0x80)
            c++;
        }
      at += got;
    }
  if (line != NULL)
    *line = l;
  if (column != NULL)
    *column = c;
}

char *
gloss_json_source_dup (GlossJsonSource  *src,
                       gsize             offset,
                       gsize             length)
{
  char *out;
  gsize got = 0;

  if (src->mem != NULL)
    {
      if (offset > src->len || length > src->len - offset)
        return NULL;
      return g_strndup ((const char *) src->mem + offset, length);
    }
  out = g_malloc (length + 1);
  if (!source_pread (src, (guchar *) out, length, offset, &got) || got < length)
    {
      g_free (out);
      return NULL;
    }
  out[length] = '\0';
  return out;
}

typedef struct {
  GlossJsonSource *src;
  GError         **error;
  guint            depth;   /* open containers, the top-level object included */
  guchar           stack[GLOSS_JSON_SCAN_MAX_DEPTH + 1];  /* '{' or '[' per depth */
} Scanner;

/* What a token scanner returns when the window ends inside the token before the
 * input does: the caller reads on and scans the token again from its start. */
static const guchar need_more_mark;
#define NEED_MORE (&need_more_mark)

#define AT(s, pos)  ((s)->src->data + ((pos) - (s)->src->base))
#define END(s)      ((s)->src->data + (s)->src->len)
#define POS(s, p)   ((s)->src->base + (gsize) ((p) - (s)->src->data))
#define EOF_(s)     ((s)->src->eof)
#define AT_END(s, pos) ((pos) >= (s)->src->base + (s)->src->len)

void
gloss_json_member_free (GlossJsonMember *member)
{
  if (member == NULL)
    return;
  g_free (member->key);
  g_free (member);
}

void
gloss_json_position (const char *data,
                     gsize       offset,
                     guint      *line,
                     guint      *column)
{
  const char *p = data;
  const char *end = data + offset;
  const char *line_start = data;
  const char *nl;
  guint l = 1, c = 1;

  while ((nl = memchr (p, '\n', end - p)) != NULL)
    {
      l++;
      p = line_start = nl + 1;
    }
  for (p = line_start; p < end; p++)
    if (((guchar) *p & 0xc0) != 0x80)
      c++;

  if (line != NULL)
    *line = l;
  if (column != NULL)
    *column = c;
}

static gboolean
fail (Scanner            *s,
      GlossJsonScanError  code,
      gsize               at,
      const char         *format,
      ...) G_GNUC_PRINTF (4, 5);

/* Returns FALSE so that callers can write "return fail (...)". Only the first error counts. */
static gboolean
fail (Scanner            *s,
      GlossJsonScanError  code,
      gsize               at,
      const char         *format,
      ...)
{
  g_autofree char *what = NULL;
  va_list args;
  guint line, column;

  if (s->error == NULL || *s->error != NULL)
    return FALSE;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  gloss_json_source_position (s->src, at, &line, &column);
  g_set_error (s->error, GLOSS_JSON_SCAN_ERROR, code, "line %u, column %u: %s", line, column, what);
  return FALSE;
}

#define SYNTAX(s, at, ...) fail ((s), GLOSS_JSON_SCAN_ERROR_SYNTAX, (at), __VA_ARGS__)
/* For the token scanners, which work on pointers and return one. */
#define SYNTAX_P(s, p, ...) (SYNTAX ((s), POS ((s), (p)), __VA_ARGS__), (const guchar *) NULL)

/* Reads on, keeping the input from @keep_from. */
static gboolean
more (Scanner *s,
      gsize    keep_from)
{
  if (source_more (s->src, keep_from))
    return TRUE;
  if (s->error != NULL && *s->error == NULL)
    g_set_error_literal (s->error, s->src->io_error->domain, s->src->io_error->code, s->src->io_error->message);
  return FALSE;
}

static inline const guchar *
skip_ws (const guchar *p,
         const guchar *end)
{
  while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
    p++;
  return p;
}

/* Skips whitespace from *pos, reading on as needed: then a byte is at *pos, or the input ends there. */
static gboolean
skip_ws_at (Scanner *s,
            gsize   *pos)
{
  for (;;)
    {
      const guchar *p = skip_ws (AT (s, *pos), END (s));

      *pos = POS (s, p);
      if (p < END (s) || EOF_ (s))
        return TRUE;
      if (!more (s, *pos))
        return FALSE;
    }
}

static inline gboolean
is_digit (guchar c)
{
  return c >= '0' && c <= '9';
}

static inline int
hex_value (guchar c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* The code unit of "\uXXXX" at @p, or -1. */
static inline int
read_u_escape (const guchar *p,
               const guchar *end)
{
  int v = 0, i;

  if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
    return -1;
  for (i = 2; i < 6; i++)
    {
      int h = hex_value (p[i]);
      if (h < 0)
        return -1;
      v = (v << 4) | h;
    }
  return v;
}

/* Length of the well-formed UTF-8 sequence at @p (a byte >= 0x80), or 0. */
static inline int
utf8_valid_len (const guchar *p,
                const guchar *end)
{
  guchar c = p[0];
  guchar lo = 0x80, hi = 0xbf;
  int need, i;

  if (c < 0xc2)
    return 0;
  else if (c < 0xe0)
    need = 1;
  else if (c < 0xf0)
    {
      need = 2;
      if (c == 0xe0)
        lo = 0xa0;         /* overlong */
      else if (c == 0xed)
        hi = 0x9f;         /* surrogates */
    }
  else if (c < 0xf5)
    {
      need = 3;
      if (c == 0xf0)
        lo = 0x90;         /* overlong */
      else if (c == 0xf4)
        hi = 0x8f;         /* above U+10FFFF */
    }
  else
    return 0;

  if (end - p <= need)
    return 0;
  for (i = 1; i <= need; i++)
    {
      if (p[i] < lo || p[i] > hi)
        return 0;
      lo = 0x80;
      hi = 0xbf;
    }
  return need + 1;
}

/* The bytes a string holds as they are: printable ASCII but the quote and the backslash. */
static const guchar plain[256] = {
  [0x20] = 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,            /* not '"' */
  [0x30] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  [0x40] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  [0x50] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,            /* not '\\' */
  [0x60] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  [0x70] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/* Validates the string starting at the quote @p; returns the byte after its closing
 * quote, NULL, or NEED_MORE. *has_escapes tells whether the key needs unescaping. */
static const guchar *
scan_string (Scanner      *s,
             const guchar *p,
             gboolean     *has_escapes)
{
  const guchar *start = p;
  const guchar *end = END (s);
  gboolean eof = EOF_ (s);

  p++;
  for (;;)
    {
      guchar c;

      /* The hot loop: printable ASCII, which is most of the text of an export. */
      while (p < end && plain[*p])
        p++;
      if (G_UNLIKELY (p >= end))
        return eof ? SYNTAX_P (s, start, "unterminated string") : NEED_MORE;

      c = *p;
      if (c == '"')
        return p + 1;

      if (c == '\\')
        {
          int u, lo;

          if (has_escapes != NULL)
            *has_escapes = TRUE;
          /* An escape is at most 12 bytes (a surrogate pair): have them all. */
          if (!eof && end - p < 12)
            return NEED_MORE;
          if (p + 1 >= end)
            return SYNTAX_P (s, start, "unterminated string");
          switch (p[1])
            {
            case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
              p += 2;
              break;
            case 'u':
              u = read_u_escape (p, end);
              if (u < 0)
                return SYNTAX_P (s, p, "invalid \\u escape: expected four hexadecimal digits");
              if (u >= 0xdc00 && u <= 0xdfff)
                return SYNTAX_P (s, p, "lone surrogate \\u%04x in string", (guint) u);
              if (u >= 0xd800 && u <= 0xdbff)
                {
                  lo = read_u_escape (p + 6, end);
                  if (lo < 0xdc00 || lo > 0xdfff)
                    return SYNTAX_P (s, p, "lone surrogate \\u%04x in string", (guint) u);
                  p += 12;
                }
              else
                p += 6;
              break;
            default:
              if (p[1] >= 0x20 && p[1] < 0x7f)
                return SYNTAX_P (s, p, "invalid escape '\\%c' in string", p[1]);
              return SYNTAX_P (s, p, "invalid escape in string");
            }
        }
      else if (c < 0x20)
        return SYNTAX_P (s, p, "control character U+%04X in string must be escaped", c);
      else
        {
          int n;

          if (!eof && end - p < 4)
            return NEED_MORE;
          n = utf8_valid_len (p, end);
          if (n == 0)
            return SYNTAX_P (s, p, "invalid UTF-8 in string");
          p += n;
        }
    }
}

static const guchar *
scan_number (Scanner      *s,
             const guchar *p)
{
  const guchar *end = END (s);

  /* The checks below look at the number's characters and the byte after them:
   * have them all in the window. */
  if (!EOF_ (s))
    {
      const guchar *q = p;

      while (q < end && (is_digit (*q) || *q == '-' || *q == '+' || *q == '.' || *q == 'e' || *q == 'E'))
        q++;
      if (q >= end)
        return NEED_MORE;
    }

  if (*p == '-')
    {
      p++;
      if (p >= end || !is_digit (*p))
        return SYNTAX_P (s, p, "expected a digit after '-'");
    }
  if (*p == '0')
    {
      p++;
      if (p < end && is_digit (*p))
        return SYNTAX_P (s, p - 1, "leading zeros are not allowed in numbers");
    }
  else
    while (p < end && is_digit (*p))
      p++;

  if (p < end && *p == '.')
    {
      p++;
      if (p >= end || !is_digit (*p))
        return SYNTAX_P (s, p, "expected a digit after '.'");
      while (p < end && is_digit (*p))
        p++;
    }
  if (p < end && (*p == 'e' || *p == 'E'))
    {
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      if (p >= end || !is_digit (*p))
        return SYNTAX_P (s, p, "expected a digit in the exponent");
      while (p < end && is_digit (*p))
        p++;
    }
  return p;
}

static const guchar *
scan_literal (Scanner      *s,
              const guchar *p,
              const char   *word,
              gsize         len)
{
  if ((gsize) (END (s) - p) < len)
    return EOF_ (s) ? SYNTAX_P (s, p, "invalid literal, expected '%s'", word) : NEED_MORE;
  if (memcmp (p, word, len) != 0)
    return SYNTAX_P (s, p, "invalid literal, expected '%s'", word);
  return p + len;
}

/* Scans the token (string, number or literal) at *pos, reading on until the window
 * holds all of it, and moves *pos after it. */
static gboolean
scan_token (Scanner  *s,
            gsize    *pos,
            gboolean *has_escapes)
{
  for (;;)
    {
      const guchar *p = AT (s, *pos);
      const guchar *q;

      if (has_escapes != NULL)
        *has_escapes = FALSE;
      switch (*p)
        {
        case '"':
          q = scan_string (s, p, has_escapes);
          break;
        case 't':
          q = scan_literal (s, p, "true", 4);
          break;
        case 'f':
          q = scan_literal (s, p, "false", 5);
          break;
        case 'n':
          q = scan_literal (s, p, "null", 4);
          break;
        default:
          q = scan_number (s, p);
          break;
        }
      if (q == NEED_MORE)
        {
          if (!more (s, *pos))
            return FALSE;
          continue;
        }
      if (q == NULL)
        return FALSE;
      *pos = POS (s, q);
      return TRUE;
    }
}

/* From a position after '{' or ',' in an object: the key, the colon, and the
 * whitespace before the value. */
static gboolean
scan_key (Scanner  *s,
          gsize    *pos,
          gboolean  after_comma)
{
  if (!skip_ws_at (s, pos))
    return FALSE;
  if (AT_END (s, *pos))
    return SYNTAX (s, *pos, "unexpected end of input in an object");
  if (*AT (s, *pos) != '"')
    {
      if (*AT (s, *pos) == '}' && after_comma)
        return SYNTAX (s, *pos, "trailing comma before '}'");
      return SYNTAX (s, *pos, "expected a string as object key");
    }
  if (!scan_token (s, pos, NULL) || !skip_ws_at (s, pos))
    return FALSE;
  if (AT_END (s, *pos) || *AT (s, *pos) != ':')
    return SYNTAX (s, *pos, "expected ':' after object key");
  *pos += 1;
  return skip_ws_at (s, pos);
}

static gboolean
push (Scanner *s,
      gsize    at)
{
  if (s->depth >= GLOSS_JSON_SCAN_MAX_DEPTH)
    return SYNTAX (s, at, "nesting too deep (more than %d levels)", GLOSS_JSON_SCAN_MAX_DEPTH);
  s->stack[++s->depth] = *AT (s, at);
  return TRUE;
}

/* Validates the value starting at *pos (no leading whitespace) and moves *pos after it. */
static gboolean
scan_value (Scanner *s,
            gsize   *pos)
{
  guint base = s->depth;

  for (;;)
    {
      /* A value is expected at *pos. */
      if (!skip_ws_at (s, pos))
        return FALSE;
      if (AT_END (s, *pos))
        return SYNTAX (s, *pos, "unexpected end of input, expected a value");

      switch (*AT (s, *pos))
        {
        case '{':
          if (!push (s, *pos))
            return FALSE;
          *pos += 1;
          if (!skip_ws_at (s, pos))
            return FALSE;
          if (!AT_END (s, *pos) && *AT (s, *pos) == '}')
            {
              s->depth--;
              *pos += 1;
              break;
            }
          if (!scan_key (s, pos, FALSE))
            return FALSE;
          continue;

        case '[':
          if (!push (s, *pos))
            return FALSE;
          *pos += 1;
          if (!skip_ws_at (s, pos))
            return FALSE;
          if (!AT_END (s, *pos) && *AT (s, *pos) == ']')
            {
              s->depth--;
              *pos += 1;
              break;
            }
          continue;

        case '"': case 't': case 'f': case 'n':
        case '-': case '0': case '1': case '2': case '3': case '4':
        case '5': case '6': case '7': case '8': case '9':
          if (!scan_token (s, pos, NULL))
            return FALSE;
          break;

        case ']':
          /* '[' followed by ']' was handled above, so this follows a comma. */
          return SYNTAX (s, *pos, "trailing comma before ']'");

        default:
          return SYNTAX (s, *pos, "expected a value");
        }

      /* A value ended at *pos: close containers until another value is expected. */
      for (;;)
        {
          guchar open, c;

          if (s->depth == base)
            return TRUE;

          open = s->stack[s->depth];
          if (!skip_ws_at (s, pos))
            return FALSE;
          if (AT_END (s, *pos))
            return SYNTAX (s, *pos, "unexpected end of input, expected '%c'", open == '{' ? '}' : ']');

          c = *AT (s, *pos);
          if (c == ',')
            {
              *pos += 1;
              if (open == '{' && !scan_key (s, pos, TRUE))
                return FALSE;
              break;
            }
          if ((open == '{' && c == '}') || (open == '[' && c == ']'))
            {
              s->depth--;
              *pos += 1;
              continue;
            }
          if (open == '{')
            return SYNTAX (s, *pos, "expected ',' or '}' after an object member");
          return SYNTAX (s, *pos, "expected ',' or ']' after an array item");
        }
    }
}

/* Unescapes the body of a validated string (between the quotes). Returns NULL when
 * it contains \u0000, which a C string cannot hold. */
static char *
unescape (const guchar *p,
          const guchar *end)
{
  GString *out = g_string_sized_new (end - p);

  while (p < end)
    {
      const guchar *run = p;

      while (p < end && *p != '\\')
        p++;
      g_string_append_len (out, (const char *) run, p - run);
      if (p >= end)
        break;

      switch (p[1])
        {
        case 'b': g_string_append_c (out, '\b'); p += 2; break;
        case 'f': g_string_append_c (out, '\f'); p += 2; break;
        case 'n': g_string_append_c (out, '\n'); p += 2; break;
        case 'r': g_string_append_c (out, '\r'); p += 2; break;
        case 't': g_string_append_c (out, '\t'); p += 2; break;
        case 'u':
          {
            gunichar u = read_u_escape (p, end);

            if (u == 0)
              {
                g_string_free (out, TRUE);
                return NULL;
              }
            p += 6;
            if (u >= 0xd800 && u <= 0xdbff)
              {
                u = 0x10000 + ((u - 0xd800) << 10) + (read_u_escape (p, end) - 0xdc00);
                p += 6;
              }
            g_string_append_unichar (out, u);
          }
          break;
        default:  /* '"', '\\', '/' */
          g_string_append_c (out, p[1]);
          p += 2;
          break;
        }
    }
  return g_string_free (out, FALSE);
}

static char
kind_of (guchar c)
{
  switch (c)
    {
    case '{': case '[': case '"': case 't': case 'f':
      return c;
    case 'n':
      return 'z';
    default:
      return 'n';
    }
}

static gboolean
scan_top (Scanner   *s,
          GPtrArray *members,
          GHashTable *seen)
{
  gsize pos = 0;
  gboolean after_comma = FALSE;

  /* RFC 8259 §8.1: parsers may ignore a byte order mark; Windows editors write one. */
  while (s->src->len < 3 && !EOF_ (s))
    if (!more (s, 0))
      return FALSE;
  if (s->src->len >= 3 && memcmp (s->src->data, "\xef\xbb\xbf", 3) == 0)
    pos = 3;
  if (!skip_ws_at (s, &pos))
    return FALSE;

  if (AT_END (s, pos))
    return SYNTAX (s, pos, "the document is empty");
  if (*AT (s, pos) != '{')
    {
      const char *found = NULL;

      switch (*AT (s, pos))
        {
        case '[': found = "an array"; break;
        case '"': found = "a string"; break;
        case 't': case 'f': found = "a boolean"; break;
        case 'n': found = "null"; break;
        case '-': case '0': case '1': case '2': case '3': case '4':
        case '5': case '6': case '7': case '8': case '9':
          found = "a number"; break;
        default: break;
        }
      if (found != NULL)
        return fail (s, GLOSS_JSON_SCAN_ERROR_TYPE, pos, "expected an object at the top level, found %s", found);
      return SYNTAX (s, pos, "expected '{' at the start of the document");
    }

  s->depth = 1;
  s->stack[1] = '{';
  pos++;
  if (!skip_ws_at (s, &pos))
    return FALSE;
  if (!AT_END (s, pos) && *AT (s, pos) == '}')
    pos++;
  else
    for (;;)
      {
        gsize key_start, value;
        gboolean has_escapes = FALSE;
        GlossJsonMember *member;
        g_autofree char *key = NULL;

        if (AT_END (s, pos))
          return SYNTAX (s, pos, "unexpected end of input in the top-level object");
        if (*AT (s, pos) != '"')
          {
            if (*AT (s, pos) == '}' && after_comma)
              return SYNTAX (s, pos, "trailing comma before '}'");
            return SYNTAX (s, pos, "expected a string as object key");
          }
        key_start = pos;
        if (!scan_token (s, &pos, &has_escapes))
          return FALSE;
        /* The window still holds the key: the scan kept it from its start. */
        if (has_escapes)
          key = unescape (AT (s, key_start) + 1, AT (s, pos) - 1);
        else
          key = g_strndup ((const char *) AT (s, key_start) + 1, pos - key_start - 2);
        if (key == NULL)
          return SYNTAX (s, key_start, "object key contains \\u0000");
        if (g_hash_table_contains (seen, key))
          return SYNTAX (s, key_start, "duplicate key \"%s\"", key);

        if (!skip_ws_at (s, &pos))
          return FALSE;
        if (AT_END (s, pos) || *AT (s, pos) != ':')
          return SYNTAX (s, pos, "expected ':' after object key");
        pos++;
        if (!skip_ws_at (s, &pos))
          return FALSE;
        value = pos;
        member = g_new0 (GlossJsonMember, 1);
        member->kind = AT_END (s, pos) ? 'n' : kind_of (*AT (s, pos));
        if (!scan_value (s, &pos))
          {
            g_free (member);
            return FALSE;
          }

        member->key = g_steal_pointer (&key);
        member->offset = value;
        member->length = pos - value;
        g_ptr_array_add (members, member);
        g_hash_table_add (seen, member->key);

        if (!skip_ws_at (s, &pos))
          return FALSE;
        if (!AT_END (s, pos) && *AT (s, pos) == ',')
          {
            pos++;
            if (!skip_ws_at (s, &pos))
              return FALSE;
            after_comma = TRUE;
            continue;
          }
        if (!AT_END (s, pos) && *AT (s, pos) == '}')
          {
            pos++;
            break;
          }
        if (AT_END (s, pos))
          return SYNTAX (s, pos, "unexpected end of input, expected '}'");
        return SYNTAX (s, pos, "expected ',' or '}' after an object member");
      }

  if (!skip_ws_at (s, &pos))
    return FALSE;
  if (!AT_END (s, pos))
    return SYNTAX (s, pos, "unexpected data after the top-level object");
  return TRUE;
}

GPtrArray *
gloss_json_scan_source (GlossJsonSource  *src,
                        GError          **error)
{
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_json_member_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) local_error = NULL;
  Scanner s = { 0 };

  g_return_val_if_fail (src != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The error is collected even when the caller passes NULL: it is what stops the scan. */
  s.src = src;
  s.error = &local_error;
  if (!scan_top (&s, members, seen))
    {
      if (local_error == NULL)
        g_set_error_literal (&local_error, GLOSS_JSON_SCAN_ERROR, GLOSS_JSON_SCAN_ERROR_SYNTAX, "cannot be scanned");
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&members);
}

GPtrArray *
gloss_json_scan_object (const char  *data,
                        gsize        len,
                        GError     **error)
{
  GlossJsonSource *src;
  GPtrArray *members;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  src = gloss_json_source_new_for_data (data, len);
  members = gloss_json_scan_source (src, error);
  gloss_json_source_free (src);
  return members;
}

void
gloss_json_array_iter_init (GlossJsonArrayIter    *iter,
                            const char            *data,
                            const GlossJsonMember *array)
{
  g_return_if_fail (iter != NULL);
  g_return_if_fail (array != NULL);
  g_return_if_fail (array->kind == '[' && array->length >= 2);

  iter->data = data;
  iter->pos = array->offset + 1;                 /* after '[' */
  iter->end = array->offset + array->length - 1; /* at ']' */
  iter->index = 0;
}

/* Returns the byte after the string whose opening quote is at @p. memchr does the
 * searching since the structure is known to be valid. */
static const char *
skip_string (const char *p,
             const char *end)
{
  p++;
  for (;;)
    {
      const char *q = memchr (p, '"', end - p);
      const char *b = q;

      if (G_UNLIKELY (q == NULL))
        return end;

      /* The quote is escaped when an odd number of backslashes precede it. */
      while (b > p && b[-1] == '\\')
        b--;
      if (((q - b) & 1) == 0)
        return q + 1;
      p = q + 1;
    }
}

gboolean
gloss_json_array_iter_next (GlossJsonArrayIter *iter,
                            gsize              *offset,
                            gsize              *length)
{
  const char *data = iter->data;
  const char *end = data + iter->end;
  const char *p = data + iter->pos;
  const char *start;

  while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t' || *p == ','))
    p++;
  if (p >= end)
    {
      iter->pos = iter->end;
      return FALSE;
    }

  start = p;
  if (*p == '"')
    p = skip_string (p, end);
  else if (*p == '{' || *p == '[')
    {
      guint depth = 0;

      while (p < end)
        {
          char c = *p;

          if (c == '"')
            {
              p = skip_string (p, end);
              continue;
            }
          p++;
          if (c == '{' || c == '[')
            depth++;
          else if ((c == '}' || c == ']') && --depth == 0)
            break;
        }
    }
  else
    while (p < end && *p != ',' && *p != ' ' && *p != '\n' && *p != '\r' && *p != '\t')
      p++;

  if (offset != NULL)
    *offset = start - data;
  if (length != NULL)
    *length = p - start;
  iter->pos = p - data;
  iter->index++;
  return TRUE;
}

void
gloss_json_items_init (GlossJsonItems        *items,
                       GlossJsonSource       *src,
                       const GlossJsonMember *array)
{
  g_return_if_fail (items != NULL);
  g_return_if_fail (array != NULL);
  g_return_if_fail (array->kind == '[' && array->length >= 2);

  items->src = src;
  items->pos = array->offset + 1;                 /* after '[' */
  items->end = array->offset + array->length - 1; /* at ']' */
  items->index = 0;
}

/* The byte after the string whose opening quote is at @p, or NULL when @end comes first. */
static const char *
string_end (const char *p,
            const char *end)
{
  p++;
  for (;;)
    {
      const char *q = memchr (p, '"', end - p);
      const char *b = q;

      if (q == NULL)
        return NULL;
      /* The quote is escaped when an odd number of backslashes precede it. */
      while (b > p && b[-1] == '\\')
        b--;
      if (((q - b) & 1) == 0)
        return q + 1;
      p = q + 1;
    }
}

/* Where the item starting at @p ends, or NULL when the window ends first (@end is
 * the end of the window or of the array, whichever comes first). */
static const char *
item_end (const char *p,
          const char *end,
          gboolean    at_array_end)
{
  if (*p == '"')
    return string_end (p, end);
  if (*p == '{' || *p == '[')
    {
      guint depth = 0;

      while (p < end)
        {
          char c = *p;

          if (c == '"')
            {
              p = string_end (p, end);
              if (p == NULL)
                return NULL;
              continue;
            }
          p++;
          if (c == '{' || c == '[')
            depth++;
          else if ((c == '}' || c == ']') && --depth == 0)
            return p;
        }
      return NULL;
    }
  while (p < end && *p != ',' && *p != ' ' && *p != '\n' && *p != '\r' && *p != '\t')
    p++;
  return p < end || at_array_end ? p : NULL;
}

gboolean
gloss_json_items_next (GlossJsonItems  *items,
                       const char     **item,
                       gsize           *length,
                       GError         **error)
{
  GlossJsonSource *src = items->src;
  gsize start;

  if (items->pos >= items->end)
    return FALSE;
  if (!source_seek (src, items->pos))
    {
      g_propagate_error (error, g_error_copy (src->io_error));
      return FALSE;
    }

  /* Past the separators. */
  for (;;)
    {
      const guchar *p = src->data + (items->pos - src->base);
      const guchar *end = src->data + (MIN (items->end, src->base + src->len) - src->base);

      while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t' || *p == ','))
        p++;
      items->pos = src->base + (p - src->data);
      if (items->pos >= items->end)
        return FALSE;
      if (p < end)
        break;
      if (src->eof)
        return FALSE;   /* the file is shorter than it was when it was scanned */
      if (!source_more (src, items->pos))
        {
          g_propagate_error (error, g_error_copy (src->io_error));
          return FALSE;
        }
    }

  start = items->pos;
  for (;;)
    {
      gsize limit = MIN (items->end, src->base + src->len);
      const char *p = (const char *) src->data + (start - src->base);
      const char *end = (const char *) src->data + (limit - src->base);
      const char *stop = item_end (p, end, limit == items->end);

      if (stop == NULL && limit < items->end && !src->eof)
        {
          if (!source_more (src, start))
            {
              g_propagate_error (error, g_error_copy (src->io_error));
              return FALSE;
            }
          continue;
        }
      if (stop == NULL)
        stop = end;   /* cut short: the file changed since it was scanned, and the item will not parse */
      *item = p;
      *length = stop - p;
      items->pos = start + (stop - p);
      items->index++;
      return TRUE;
    }
}

JsonNode *
gloss_json_parse_slice (const char  *data,
                        gsize        offset,
                        gsize        length,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!json_parser_load_from_data (parser, data + offset, length, &local_error))
    {
      guint line, column;

      gloss_json_position (data, offset, &line, &column);
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  "value at line %u, column %u: ", line, column);
      return NULL;
    }
  return json_parser_steal_root (parser);
}

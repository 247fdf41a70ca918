/* gloss-json-scan.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A validating single-pass scanner. It never recurses: open containers are kept on a
 * fixed stack of GLOSS_JSON_SCAN_MAX_DEPTH bytes, so a hostile file can neither
 * exhaust the C stack nor make the scan use memory beyond the member list.
 */
#define G_LOG_DOMAIN "gloss-json-scan"

#include <stdarg.h>
#include <string.h>

#include "gloss-json-scan.h"

G_DEFINE_QUARK (gloss-json-scan-error-quark, gloss_json_scan_error)

typedef struct {
  const guchar *data;
  const guchar *end;
  GError      **error;
  guint         depth;   /* open containers, the top-level object included */
  guchar        stack[GLOSS_JSON_SCAN_MAX_DEPTH + 1];  /* '{' or '[' per depth */
} Scanner;

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

static const guchar *
fail (Scanner      *s,
      GlossJsonScanError code,
      const guchar *at,
      const char   *format,
      ...) G_GNUC_PRINTF (4, 5);

/* Returns NULL so that callers can write "return fail (...)". Only the first error counts. */
static const guchar *
fail (Scanner            *s,
      GlossJsonScanError  code,
      const guchar       *at,
      const char         *format,
      ...)
{
  g_autofree char *what = NULL;
  va_list args;
  guint line, column;

  if (s->error == NULL || *s->error != NULL)
    return NULL;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  gloss_json_position ((const char *) s->data, at - s->data, &line, &column);
  g_set_error (s->error, GLOSS_JSON_SCAN_ERROR, code, "line %u, column %u: %s", line, column, what);
  return NULL;
}

#define SYNTAX(s, at, ...) fail ((s), GLOSS_JSON_SCAN_ERROR_SYNTAX, (at), __VA_ARGS__)

static inline const guchar *
skip_ws (const guchar *p,
         const guchar *end)
{
  while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
    p++;
  return p;
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

/* Validates the string starting at the quote @p; returns the byte after its closing
 * quote. *has_escapes tells whether the key needs unescaping. */
static const guchar *
scan_string (Scanner      *s,
             const guchar *p,
             gboolean     *has_escapes)
{
  const guchar *start = p;
  const guchar *end = s->end;

  p++;
  for (;;)
    {
      guchar c;

      /* The hot loop: printable ASCII, which is most of the text of an export. */
      while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
        p++;
      if (G_UNLIKELY (p >= end))
        return SYNTAX (s, start, "unterminated string");

      c = *p;
      if (c == '"')
        return p + 1;

      if (c == '\\')
        {
          int u, lo;

          if (has_escapes != NULL)
            *has_escapes = TRUE;
          if (p + 1 >= end)
            return SYNTAX (s, start, "unterminated string");
          switch (p[1])
            {
            case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
              p += 2;
              break;
            case 'u':
              u = read_u_escape (p, end);
              if (u < 0)
                return SYNTAX (s, p, "invalid \\u escape: expected four hexadecimal digits");
              if (u >= 0xdc00 && u <= 0xdfff)
                return SYNTAX (s, p, "lone surrogate \\u%04x in string", (guint) u);
              if (u >= 0xd800 && u <= 0xdbff)
                {
                  lo = read_u_escape (p + 6, end);
                  if (lo < 0xdc00 || lo > 0xdfff)
                    return SYNTAX (s, p, "lone surrogate \\u%04x in string", (guint) u);
                  p += 12;
                }
              else
                p += 6;
              break;
            default:
              if (p[1] >= 0x20 && p[1] < 0x7f)
                return SYNTAX (s, p, "invalid escape '\\%c' in string", p[1]);
              return SYNTAX (s, p, "invalid escape in string");
            }
        }
      else if (c < 0x20)
        return SYNTAX (s, p, "control character U+%04X in string must be escaped", c);
      else
        {
          int n = utf8_valid_len (p, end);

          if (n == 0)
            return SYNTAX (s, p, "invalid UTF-8 in string");
          p += n;
        }
    }
}

static const guchar *
scan_number (Scanner      *s,
             const guchar *p)
{
  const guchar *end = s->end;

  if (*p == '-')
    {
      p++;
      if (p >= end || !is_digit (*p))
        return SYNTAX (s, p, "expected a digit after '-'");
    }
  if (*p == '0')
    {
      p++;
      if (p < end && is_digit (*p))
        return SYNTAX (s, p - 1, "leading zeros are not allowed in numbers");
    }
  else
    while (p < end && is_digit (*p))
      p++;

  if (p < end && *p == '.')
    {
      p++;
      if (p >= end || !is_digit (*p))
        return SYNTAX (s, p, "expected a digit after '.'");
      while (p < end && is_digit (*p))
        p++;
    }
  if (p < end && (*p == 'e' || *p == 'E'))
    {
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      if (p >= end || !is_digit (*p))
        return SYNTAX (s, p, "expected a digit in the exponent");
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
  if ((gsize) (s->end - p) < len || memcmp (p, word, len) != 0)
    return SYNTAX (s, p, "invalid literal, expected '%s'", word);
  return p + len;
}

/* From a position after '{' or ',' in an object: the key, the colon, and the
 * whitespace before the value. */
static const guchar *
scan_key (Scanner      *s,
          const guchar *p,
          gboolean      after_comma)
{
  p = skip_ws (p, s->end);
  if (p >= s->end)
    return SYNTAX (s, p, "unexpected end of input in an object");
  if (*p != '"')
    {
      if (*p == '}' && after_comma)
        return SYNTAX (s, p, "trailing comma before '}'");
      return SYNTAX (s, p, "expected a string as object key");
    }
  p = scan_string (s, p, NULL);
  if (p == NULL)
    return NULL;
  p = skip_ws (p, s->end);
  if (p >= s->end || *p != ':')
    return SYNTAX (s, p, "expected ':' after object key");
  return skip_ws (p + 1, s->end);
}

static gboolean
push (Scanner      *s,
      const guchar *at)
{
  if (s->depth >= GLOSS_JSON_SCAN_MAX_DEPTH)
    {
      SYNTAX (s, at, "nesting too deep (more than %d levels)", GLOSS_JSON_SCAN_MAX_DEPTH);
      return FALSE;
    }
  s->stack[++s->depth] = *at;
  return TRUE;
}

/* Validates the value starting at @p (no leading whitespace) and returns the byte after it. */
static const guchar *
scan_value (Scanner      *s,
            const guchar *p)
{
  const guchar *end = s->end;
  guint base = s->depth;

  for (;;)
    {
      /* A value is expected at p. */
      p = skip_ws (p, end);
      if (p >= end)
        return SYNTAX (s, p, "unexpected end of input, expected a value");

      switch (*p)
        {
        case '{':
          if (!push (s, p))
            return NULL;
          p = skip_ws (p + 1, end);
          if (p < end && *p == '}')
            {
              s->depth--;
              p++;
              break;
            }
          p = scan_key (s, p, FALSE);
          if (p == NULL)
            return NULL;
          continue;

        case '[':
          if (!push (s, p))
            return NULL;
          p = skip_ws (p + 1, end);
          if (p < end && *p == ']')
            {
              s->depth--;
              p++;
              break;
            }
          continue;

        case '"':
          p = scan_string (s, p, NULL);
          break;

        case '-': case '0': case '1': case '2': case '3': case '4':
        case '5': case '6': case '7': case '8': case '9':
          p = scan_number (s, p);
          break;

        case 't':
          p = scan_literal (s, p, "true", 4);
          break;
        case 'f':
          p = scan_literal (s, p, "false", 5);
          break;
        case 'n':
          p = scan_literal (s, p, "null", 4);
          break;

        case ']':
          /* '[' followed by ']' was handled above, so this follows a comma. */
          return SYNTAX (s, p, "trailing comma before ']'");

        default:
          return SYNTAX (s, p, "expected a value");
        }
      if (p == NULL)
        return NULL;

      /* A value ended at p: close containers until another value is expected. */
      for (;;)
        {
          guchar open;

          if (s->depth == base)
            return p;

          open = s->stack[s->depth];
          p = skip_ws (p, end);
          if (p >= end)
            return SYNTAX (s, p, "unexpected end of input, expected '%c'", open == '{' ? '}' : ']');

          if (*p == ',')
            {
              if (open == '{')
                p = scan_key (s, p + 1, TRUE);
              else
                p++;
              if (p == NULL)
                return NULL;
              break;
            }
          if ((open == '{' && *p == '}') || (open == '[' && *p == ']'))
            {
              s->depth--;
              p++;
              continue;
            }
          if (open == '{')
            return SYNTAX (s, p, "expected ',' or '}' after an object member");
          return SYNTAX (s, p, "expected ',' or ']' after an array item");
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

GPtrArray *
gloss_json_scan_object (const char  *data,
                        gsize        len,
                        GError     **error)
{
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GError) local_error = NULL;
  Scanner s = { 0 };
  const guchar *p, *end;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The error is collected even when the caller passes NULL: it is what stops the scan. */
  s.data = (const guchar *) data;
  s.end = s.data + len;
  s.error = &local_error;
  end = s.end;

  p = s.data;
  /* RFC 8259 §8.1: parsers may ignore a byte order mark; Windows editors write one. */
  if (len >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;
  p = skip_ws (p, end);

  if (p >= end)
    {
      SYNTAX (&s, p, "the document is empty");
      goto out;
    }
  if (*p != '{')
    {
      const char *found = NULL;

      switch (*p)
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
        fail (&s, GLOSS_JSON_SCAN_ERROR_TYPE, p, "expected an object at the top level, found %s", found);
      else
        SYNTAX (&s, p, "expected '{' at the start of the document");
      goto out;
    }

  members = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_json_member_free);
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  s.depth = 1;
  s.stack[1] = '{';

  p = skip_ws (p + 1, end);
  if (p < end && *p == '}')
    p++;
  else
    {
      gboolean after_comma = FALSE;

      for (;;)
        {
          const guchar *key_start, *value;
          gboolean has_escapes = FALSE;
          GlossJsonMember *member;
          char *key;

          if (p >= end)
            {
              SYNTAX (&s, p, "unexpected end of input in the top-level object");
              goto out;
            }
          if (*p != '"')
            {
              if (*p == '}' && after_comma)
                SYNTAX (&s, p, "trailing comma before '}'");
              else
                SYNTAX (&s, p, "expected a string as object key");
              goto out;
            }
          key_start = p;
          p = scan_string (&s, p, &has_escapes);
          if (p == NULL)
            goto out;
          if (has_escapes)
            key = unescape (key_start + 1, p - 1);
          else
            key = g_strndup ((const char *) key_start + 1, p - key_start - 2);
          if (key == NULL)
            {
              SYNTAX (&s, key_start, "object key contains \\u0000");
              goto out;
            }
          if (g_hash_table_contains (seen, key))
            {
              SYNTAX (&s, key_start, "duplicate key \"%s\"", key);
              g_free (key);
              goto out;
            }

          p = skip_ws (p, end);
          if (p >= end || *p != ':')
            {
              g_free (key);
              SYNTAX (&s, p, "expected ':' after object key");
              goto out;
            }
          value = skip_ws (p + 1, end);
          p = scan_value (&s, value);
          if (p == NULL)
            {
              g_free (key);
              goto out;
            }

          member = g_new0 (GlossJsonMember, 1);
          member->key = key;
          member->offset = value - s.data;
          member->length = p - value;
          member->kind = kind_of (*value);
          g_ptr_array_add (members, member);
          g_hash_table_add (seen, key);

          p = skip_ws (p, end);
          if (p < end && *p == ',')
            {
              p = skip_ws (p + 1, end);
              after_comma = TRUE;
              continue;
            }
          if (p < end && *p == '}')
            {
              p++;
              break;
            }
          if (p >= end)
            SYNTAX (&s, p, "unexpected end of input, expected '}'");
          else
            SYNTAX (&s, p, "expected ',' or '}' after an object member");
          goto out;
        }
    }

  p = skip_ws (p, end);
  if (p < end)
    SYNTAX (&s, p, "unexpected data after the top-level object");

out:
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&members);
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

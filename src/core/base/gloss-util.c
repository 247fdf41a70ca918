/* gloss-util.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-util"

#include <string.h>
#include <time.h>

#include "gloss-util.h"
#include "gloss-json-tree.h"

/* A time-ordered UUID (version 7, RFC 9562): 48 bits of Unix time in milliseconds,
 * then 74 random bits, which within one millisecond are the previous id's plus a
 * random step (the RFC's "monotonic random"), so that ids made one after another
 * sort in order. New rows then go to the end of every index keyed by an id
 * (annotations, entities, the history's rows) instead of to a random page of it:
 * on a large project each tag and each row of a bulk operation read and wrote
 * pages all over those indexes. The random bits come from a generator of our own
 * seeded from the system's (g_rand_new()), under one lock per id. */
char *
gloss_uuid_new (void)
{
  static GMutex lock;
  static GRand *rand;
  static guint64 last_ms, rand_a, rand_b;   /* 12 and 62 bits */
  static const char hex[] = "0123456789abcdef";
  guint64 ms = (guint64) (g_get_real_time () / 1000);
  guint8 b[16];
  char *out = g_malloc (37);
  char *p = out;

  g_mutex_lock (&lock);
  if (rand == NULL)
    rand = g_rand_new ();
  if (ms > last_ms)
    {
      last_ms = ms;
      rand_a = g_rand_int (rand) & 0xfff;
      rand_b = (((guint64) g_rand_int (rand) << 32) | g_rand_int (rand)) & G_GUINT64_CONSTANT (0x3fffffffffffffff);
    }
  else
    {
      /* The same millisecond, or the clock went back: on from the last id. */
      rand_b += 1 + (g_rand_int (rand) & 0xffff);
      if (rand_b > G_GUINT64_CONSTANT (0x3fffffffffffffff))
        {
          rand_b &= G_GUINT64_CONSTANT (0x3fffffffffffffff);
          if (++rand_a > 0xfff)
            {
              rand_a = 0;
              last_ms++;
            }
        }
    }
  ms = last_ms;
  for (int i = 0; i < 6; i++)
    b[i] = (guint8) (ms >> (40 - 8 * i));
  b[6] = 0x70 | (guint8) (rand_a >> 8);
  b[7] = (guint8) rand_a;
  b[8] = 0x80 | (guint8) (rand_b >> 56);
  for (int i = 9; i < 16; i++)
    b[i] = (guint8) (rand_b >> (8 * (15 - i)));
  g_mutex_unlock (&lock);

  for (int i = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        *p++ = '-';
      *p++ = hex[b[i] >> 4];
      *p++ = hex[b[i] & 0xf];
    }
  *p = '\0';
  return out;
}

gboolean
gloss_uuid_is_valid (const char *str)
{
  return str != NULL && g_uuid_string_is_valid (str);
}

/*
 * A name-based (version 5, SHA-1) UUID, RFC 4122 §4.3. The default codebook uses it so
 * that every new project gives "Person" the same id, and two projects started apart
 * still agree on their labels when they are merged.
 */
char *
gloss_uuid_from_name (const char *namespace_, const char *name)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize digest_len = sizeof digest;

  g_checksum_update (sum, (const guchar *) namespace_, -1);
  g_checksum_update (sum, (const guchar *) "\n", 1);
  g_checksum_update (sum, (const guchar *) name, -1);
  g_checksum_get_digest (sum, digest, &digest_len);

  digest[6] = (digest[6] & 0x0f) | 0x50;
  digest[8] = (digest[8] & 0x3f) | 0x80;

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          digest[0], digest[1], digest[2], digest[3], digest[4], digest[5],
                          digest[6], digest[7], digest[8], digest[9], digest[10], digest[11],
                          digest[12], digest[13], digest[14], digest[15]);
}

/* The name stamped on annotations when the analyst has not chosen one: $GLOSS_ANNOTATOR
 * (set by scripts and shared accounts), else the account's real name, else the login name. */
char *
gloss_default_annotator (void)
{
  const char *name = g_getenv ("GLOSS_ANNOTATOR");
  g_autofree char *trimmed = NULL;

  if (name != NULL)
    {
      trimmed = g_strstrip (g_strdup (name));
      if (*trimmed != '\0' && g_utf8_validate (trimmed, -1, NULL))
        return g_steal_pointer (&trimmed);
    }
  name = g_get_real_name ();
  if (name != NULL && *name != '\0' && g_strcmp0 (name, "Unknown") != 0)
    return g_strdup (name);
  return g_strdup (g_get_user_name ());
}

/* UTC with milliseconds: merge decides by modified times, so seconds are too coarse. */
char *
gloss_now_iso8601 (void)
{
  /* As GDateTime would print it, without building one (this runs for every row written). */
  gint64 us = g_get_real_time ();
  time_t secs = (time_t) (us / G_USEC_PER_SEC);
  int ms = (int) ((us % G_USEC_PER_SEC) / 1000);
  struct tm tm;
  char *out = g_malloc (25);

  gmtime_r (&secs, &tm);
  if (tm.tm_year + 1900 > 9999 || tm.tm_year + 1900 < 0)
    {
      g_free (out);
      return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                              tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
    }
  {
    int year = tm.tm_year + 1900;
    char *p = out;

#define TWO(n) (*p++ = '0' + (n) / 10, *p++ = '0' + (n) % 10)
    *p++ = '0' + year / 1000;
    *p++ = '0' + year / 100 % 10;
    TWO (year % 100);
    *p++ = '-';
    TWO (tm.tm_mon + 1);
    *p++ = '-';
    TWO (tm.tm_mday);
    *p++ = 'T';
    TWO (tm.tm_hour);
    *p++ = ':';
    TWO (tm.tm_min);
    *p++ = ':';
    TWO (tm.tm_sec);
    *p++ = '.';
    *p++ = '0' + ms / 100;
    TWO (ms % 100);
    *p++ = 'Z';
    *p = '\0';
#undef TWO
  }
  return out;
}

gboolean
gloss_timestamp_is_valid (const char *str)
{
  g_autoptr(GDateTime) dt = NULL;
  gsize len;

  if (str == NULL)
    return FALSE;
  len = strlen (str);
  if (len < 20 || str[len - 1] != 'Z')
    return FALSE;
  dt = g_date_time_new_from_iso8601 (str, NULL);
  return dt != NULL;
}

char *
gloss_sha256_hex (const char *data, gsize len)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

gboolean
gloss_colour_is_valid (const char *colour)
{
  if (colour == NULL || strlen (colour) != 7 || colour[0] != '#')
    return FALSE;
  for (int i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (colour[i]))
      return FALSE;
  return TRUE;
}

static const char *
json_type_name (JsonNodeType type)
{
  switch (type)
    {
    case JSON_NODE_OBJECT:
      return "an object";
    case JSON_NODE_ARRAY:
      return "an array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      return "a value";
    }
}

static const char *
json_node_kind (JsonNode *node)
{
  if (!JSON_NODE_HOLDS_VALUE (node))
    return json_type_name (json_node_get_node_type (node));
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return "a string";
    case G_TYPE_BOOLEAN:
      return "a boolean";
    default:
      return "a number";
    }
}

/* Appends the letters and digits of @c case-folded (one character may fold to
 * several: "ß" to "ss"). */
static void
append_folded (GString  *key,
               gunichar  c)
{
  char utf8[8];
  int len = g_unichar_to_utf8 (c, utf8);
  g_autofree char *folded = g_utf8_casefold (utf8, len);

  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar f = g_utf8_get_char (p);

      if (g_unichar_isalnum (f))
        g_string_append_unichar (key, f);
    }
}

/* The key is what is left of the name decomposed (NFKD), so that accents are marks
 * and can be dropped too ("Zoe" finds "Zoë", as the full-text search does), then
 * case-folded, keeping letters and digits. It is built one character at a time, which
 * gives the same key as normalizing and folding the whole string (tests/test-util.c
 * compares the two on every code point): case folding maps each character on its own,
 * and the only thing NFKD does across characters, putting runs of combining marks in
 * canonical order, moves nothing that is kept. Marks are not letters or digits, and
 * the one mark that folds to a letter (U+0345, to iota) only moves among marks. Only
 * characters that decompose or fold to a letter or digit are folded; ASCII needs
 * neither step. */
char *
gloss_match_key (const char *name)
{
  GString *key;
  const char *p;

  if (name == NULL)
    return g_strdup ("");
  key = g_string_sized_new (strlen (name));
  for (p = name; *p && (guchar) *p < 0x80; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (key, g_ascii_tolower (*p));
  if (*p == '\0')
    return g_string_free (key, FALSE);
  /* What came before was ASCII, so valid. */
  if (!g_utf8_validate (p, -1, NULL))
    {
      g_string_free (key, TRUE);
      return g_strdup ("");
    }
  for (; *p; p = g_utf8_next_char (p))
    {
      gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
      gsize n;

      if ((guchar) *p < 0x80)
        {
          if (g_ascii_isalnum (*p))
            g_string_append_c (key, g_ascii_tolower (*p));
          continue;
        }
      n = g_unichar_fully_decompose (g_utf8_get_char (p), TRUE, decomposed, G_N_ELEMENTS (decomposed));
      for (gsize i = 0; i < n; i++)
        {
          gunichar d = decomposed[i];

          if (d < 0x80)
            {
              if (g_ascii_isalnum (d))
                g_string_append_c (key, g_ascii_tolower (d));
            }
          else if (g_unichar_isalnum (d) || d == 0x0345)
            append_folded (key, d);
        }
    }
  return g_string_free (key, FALSE);
}

gboolean
gloss_match_key_is_empty (const char *name)
{
  g_autofree char *key = NULL;

  if (name == NULL)
    return TRUE;
  /* Valid UTF-8 is needed for any key, but an invalid byte is never ASCII. */
  for (const char *p = name; *p; p++)
    if (g_ascii_isalnum (*p))
      return !g_utf8_validate (name, -1, NULL);
  key = gloss_match_key (name);
  return *key == '\0';
}

char *
gloss_last_word_key (const char *name)
{
  g_autofree char *trimmed = NULL;
  const char *space = NULL;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return NULL;
  trimmed = g_strstrip (g_strdup (name));
  for (const char *p = trimmed; *p; p = g_utf8_next_char (p))
    if (g_unichar_isspace (g_utf8_get_char (p)))
      space = p;
  if (space == NULL)
    return NULL;
  return gloss_match_key (space);
}

/**
 * gloss_json_parse_text:
 * @text: (nullable): JSON text, as read from a column
 * @type: the node type the caller expects (%JSON_NODE_OBJECT, %JSON_NODE_ARRAY...)
 * @error: return location for a #JSON_PARSER_ERROR
 *
 * Parses JSON text that Gloss stored in a project. json-glib accepts an empty or
 * blank text as a document with no root at all, and a caller that then asks for the
 * root's type gets a critical; a project from a colleague may also hold text that does
 * not parse, or a value of another type. This one function turns each of those into
 * an error the caller can report, name the row in, or read as "nothing".
 *
 * Returns: (transfer full) (nullable): the root node, of type @type; %NULL with
 *   @error set when @text is %NULL, blank, not JSON, or of another type.
 */
JsonNode *
gloss_json_parse_text (const char   *text,
                       JsonNodeType  type,
                       GError      **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *p = text;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  while (p != NULL && g_ascii_isspace (*p))
    p++;
  if (p == NULL || *p == '\0')
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           p == NULL ? "there is no JSON text" : "the JSON text is empty");
      return NULL;
    }
  /* Most texts a project holds are read by gloss_json_tree_read() in a tenth of the
   * time; what it does not take, json-glib reads (or refuses) as before. */
  if (!gloss_json_tree_read (p, &root))
    {
      parser = json_parser_new ();
      if (!json_parser_load_from_data (parser, text, -1, error))
        return NULL;
      root = json_parser_steal_root (parser);
    }
  if (root == NULL)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA, "the JSON text is empty");
      return NULL;
    }
  if (json_node_get_node_type (root) != type)
    {
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA, "the JSON text is %s, not %s",
                   json_node_kind (root), json_type_name (type));
      return NULL;
    }
  return g_steal_pointer (&root);
}

struct _GlossTextIndex
{
  const char *text;
  gsize       n_bytes;
  gint64      n_chars;
  GArray     *marks;   /* gsize: byte offset of code point i * STRIDE */
};

GlossTextIndex *
gloss_text_index_new (const char *text, gssize len)
{
  GlossTextIndex *index = g_new0 (GlossTextIndex, 1);
  const char *p;
  const char *end;
  gint64 n = 0;

  index->text = text;
  index->n_bytes = len < 0 ? strlen (text) : (gsize) len;
  index->marks = g_array_new (FALSE, FALSE, sizeof (gsize));

  p = text;
  end = text + index->n_bytes;
  while (p < end)
    {
      if (n % GLOSS_TEXT_INDEX_STRIDE == 0)
        {
          gsize b = p - text;
          g_array_append_val (index->marks, b);
        }
      p = g_utf8_next_char (p);
      n++;
    }
  index->n_chars = n;
  return index;
}

void
gloss_text_index_free (GlossTextIndex *index)
{
  if (index == NULL)
    return;
  g_array_unref (index->marks);
  g_free (index);
}

gint64
gloss_text_index_get_length (const GlossTextIndex *index)
{
  return index->n_chars;
}

const char *
gloss_text_index_get_text (const GlossTextIndex *index)
{
  return index->text;
}

gsize
gloss_text_index_byte_at (const GlossTextIndex *index, gint64 offset)
{
  const char *p;
  gint64 rest, block_chars;
  gsize block, from, to;

  if (offset <= 0)
    return 0;
  if (offset >= index->n_chars)
    return index->n_bytes;

  block = offset / GLOSS_TEXT_INDEX_STRIDE;
  rest = offset % GLOSS_TEXT_INDEX_STRIDE;
  from = g_array_index (index->marks, gsize, block);
  if (block + 1 < index->marks->len)
    {
      to = g_array_index (index->marks, gsize, block + 1);
      block_chars = GLOSS_TEXT_INDEX_STRIDE;
    }
  else
    {
      to = index->n_bytes;
      block_chars = index->n_chars - (gint64) block * GLOSS_TEXT_INDEX_STRIDE;
    }
  /* A block with as many bytes as code points holds only single-byte ones (each
   * takes at least one): ASCII, most of an English text, needs no scan. */
  if ((gint64) (to - from) == block_chars)
    return from + rest;

  p = index->text + from;
  for (; rest > 0; rest--)
    p = g_utf8_next_char (p);
  return p - index->text;
}

char *
gloss_text_index_slice (const GlossTextIndex *index, gint64 start, gint64 end)
{
  gsize a, b;

  start = CLAMP (start, 0, index->n_chars);
  end = CLAMP (end, start, index->n_chars);
  a = gloss_text_index_byte_at (index, start);
  b = gloss_text_index_byte_at (index, end);
  return g_strndup (index->text + a, b - a);
}

char *
gloss_search_key (const char *text)
{
  g_autofree char *normal = NULL;
  g_autofree char *folded = NULL;
  GString *key;
  gboolean space = FALSE;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_strdup ("");
  normal = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);
  folded = g_utf8_casefold (normal ? normal : text, -1);
  key = g_string_sized_new (strlen (folded));
  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK || type == G_UNICODE_ENCLOSING_MARK)
        continue;
      if (g_unichar_isspace (c))
        {
          space = key->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (key, ' ');
      space = FALSE;
      g_string_append_unichar (key, c);
    }
  return g_string_free (key, FALSE);
}

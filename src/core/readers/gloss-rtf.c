/* gloss-rtf.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RTF to text: control words are obeyed or dropped, never shown; \uN and \'hh are
 * decoded (the latter with the code page the file or its font declares); font,
 * colour, style, list and picture groups and any "\*" destination Gloss does not
 * know are skipped; \info's title, author and dates become source details.
 */
#define G_LOG_DOMAIN "gloss-rtf"

#include <stdlib.h>
#include <string.h>

#include "gloss-readers.h"

#define MAX_DEPTH 512

typedef enum {
  DEST_TEXT,       /* the document's text */
  DEST_SKIP,       /* a group whose content is not text (fonts, pictures, ...) */
  DEST_FONTTBL,    /* the font table: \fN \fcharsetN are read, names skipped */
  DEST_INFO,       /* the \info group: its fields are read */
  DEST_INFO_FIELD, /* \title, \author, ...: collected */
} Dest;

typedef struct {
  Dest   dest;
  int    uc;          /* characters to skip after \uN */
  int    codepage;    /* of the current font, or the document's */
  char  *field;       /* DEST_INFO_FIELD: which one (static string) */
} State;

typedef struct {
  const char *p;
  const char *end;
  State       stack[MAX_DEPTH];
  int         depth;
  int         doc_codepage;
  GHashTable *font_codepages;  /* font number -> code page */
  int         font_being_defined;
  GString    *out;
  GString    *bytes;       /* \'hh bytes waiting to be decoded together (double-byte code pages) */
  int         bytes_codepage;
  GString    *field_text;  /* the \info field being read */
  const char *field_name;
  GHashTable *info;        /* field name -> text */
  int         skip_chars;  /* still to skip after a \uN */
  gunichar    high_surrogate;
  char       *creatim;     /* YYYY-MM-DD from \creatim */
  int         yr, mo, dy;
  gboolean    in_creatim;
} Rtf;

static State *
top (Rtf *rtf)
{
  return &rtf->stack[rtf->depth];
}

static GString *
target (Rtf *rtf)
{
  if (top (rtf)->dest == DEST_INFO_FIELD)
    return rtf->field_text;
  if (top (rtf)->dest == DEST_TEXT)
    return rtf->out;
  return NULL;
}

static const char *
charset_for_codepage (int cp)
{
  switch (cp)
    {
    case 437:   return "CP437";
    case 850:   return "CP850";
    case 852:   return "CP852";
    case 866:   return "CP866";
    case 874:   return "CP874";
    case 932:   return "CP932";
    case 936:   return "CP936";
    case 949:   return "CP949";
    case 950:   return "CP950";
    case 1250:  return "CP1250";
    case 1251:  return "CP1251";
    case 1252:  return "CP1252";
    case 1253:  return "CP1253";
    case 1254:  return "CP1254";
    case 1255:  return "CP1255";
    case 1256:  return "CP1256";
    case 1257:  return "CP1257";
    case 1258:  return "CP1258";
    case 10000: return "MACINTOSH";
    case 65001: return "UTF-8";
    default:    return "CP1252";
    }
}

/* \fcharsetN to a Windows code page. */
static int
codepage_for_charset (int charset)
{
  switch (charset)
    {
    case 77:  return 10000;
    case 128: return 932;
    case 129: return 949;
    case 134: return 936;
    case 136: return 950;
    case 161: return 1253;
    case 162: return 1254;
    case 163: return 1258;
    case 177: return 1255;
    case 178: return 1256;
    case 186: return 1257;
    case 204: return 1251;
    case 222: return 874;
    case 238: return 1250;
    default:  return 0;     /* ANSI, symbol, default: the document's code page */
    }
}

static void
flush_bytes (Rtf *rtf)
{
  GString *to;
  g_autofree char *utf8 = NULL;

  if (rtf->bytes->len == 0)
    return;
  to = target (rtf);
  if (to != NULL)
    {
      utf8 = g_convert_with_fallback (rtf->bytes->str, rtf->bytes->len, "UTF-8",
                                      charset_for_codepage (rtf->bytes_codepage), "\xef\xbf\xbd",
                                      NULL, NULL, NULL);
      if (utf8 == NULL)   /* a charset iconv lacks: Windows-1252 always works */
        utf8 = g_convert_with_fallback (rtf->bytes->str, rtf->bytes->len, "UTF-8", "CP1252",
                                        "\xef\xbf\xbd", NULL, NULL, NULL);
      if (utf8 != NULL)
        g_string_append (to, utf8);
    }
  g_string_truncate (rtf->bytes, 0);
}

static void
put_unichar (Rtf *rtf, gunichar c)
{
  GString *to;

  flush_bytes (rtf);
  if (c >= 0xd800 && c < 0xdc00)
    {
      rtf->high_surrogate = c;
      return;
    }
  if (c >= 0xdc00 && c < 0xe000)
    {
      if (rtf->high_surrogate == 0)
        return;
      c = 0x10000 + ((rtf->high_surrogate - 0xd800) << 10) + (c - 0xdc00);
    }
  rtf->high_surrogate = 0;
  if (!g_unichar_validate (c) || c == 0)
    c = 0xfffd;
  to = target (rtf);
  if (to != NULL)
    g_string_append_unichar (to, c);
}

static void
put_text (Rtf *rtf, const char *s)
{
  GString *to = target (rtf);

  flush_bytes (rtf);
  rtf->high_surrogate = 0;
  if (to != NULL)
    g_string_append (to, s);
}

static void
put_byte (Rtf *rtf, guchar b)
{
  if (rtf->skip_chars > 0)
    {
      rtf->skip_chars--;
      return;
    }
  if (target (rtf) == NULL)
    return;
  if (rtf->bytes->len > 0 && rtf->bytes_codepage != top (rtf)->codepage)
    flush_bytes (rtf);
  rtf->high_surrogate = 0;
  rtf->bytes_codepage = top (rtf)->codepage;
  g_string_append_c (rtf->bytes, b);
}

static void
paragraph (Rtf *rtf)
{
  put_text (rtf, "\n\n");
}

/* Groups whose content never is the document's text. */
static gboolean
is_skipped_destination (const char *word)
{
  static const char * const words[] = {
    "colortbl", "stylesheet", "listtable", "listoverridetable", "revtbl", "rsidtbl", "pict", "object",
    "objdata", "themedata", "colorschememapping", "latentstyles", "datastore", "xmlnstbl", "generator",
    "filetbl", "pgdsctbl", "fldinst", "header", "headerl", "headerr", "headerf", "footer", "footerl",
    "footerr", "footerf", "bkmkstart", "bkmkend", "xe", "tc", "private", "nonshppict", "shpinst",
    "mmathPr", "fchars", "lchars", "pn", "pntext", "pntxta", "pntxtb", "listtext", "template",
    "userprops", "docvar", "wgrffmtfilter", "passwordhash", "background", "ftnsep", "ftnsepc",
    "aftnsep", "aftnsepc", "blipuid", "sp", "sn", "sv", "protusertbl", "category",
  };
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (strcmp (word, words[i]) == 0)
      return TRUE;
  return FALSE;
}

static const char *
info_field (const char *word)
{
  static const char * const fields[] = { "title", "author", "subject", "keywords", "company", "operator",
                                          "comment", "doccomm", "manager" };
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (strcmp (word, fields[i]) == 0)
      return fields[i];
  return NULL;
}

static void
end_info_field (Rtf *rtf)
{
  g_autofree char *value = NULL;

  flush_bytes (rtf);
  value = g_strstrip (g_strdup (rtf->field_text->str));
  if (*value != '\0' && !g_hash_table_contains (rtf->info, rtf->field_name))
    g_hash_table_insert (rtf->info, (char *) rtf->field_name, g_steal_pointer (&value));
  g_string_truncate (rtf->field_text, 0);
}

static void
control_word (Rtf        *rtf,
              const char *word,
              gboolean    has_param,
              long        param,
              gboolean    starred,
              gboolean    group_start)
{
  State *s = top (rtf);
  static const struct { const char *word; const char *text; } symbols[] = {
    { "tab", "\t" }, { "emdash", "\xe2\x80\x94" }, { "endash", "\xe2\x80\x93" },
    { "emspace", "\xe2\x80\x83" }, { "enspace", "\xe2\x80\x82" }, { "qmspace", "\xe2\x80\x85" },
    { "bullet", "\xe2\x80\xa2" }, { "lquote", "\xe2\x80\x98" }, { "rquote", "\xe2\x80\x99" },
    { "ldblquote", "\xe2\x80\x9c" }, { "rdblquote", "\xe2\x80\x9d" }, { "zwj", "\xe2\x80\x8d" },
    { "zwnj", "\xe2\x80\x8c" }, { "line", "\n" }, { "cell", "\t" }, { "nestcell", "\t" },
    { "row", "\n" }, { "nestrow", "\n" }, { "chftn", "" },
  };

  /* A skipped group's words matter only inside the font table and \info. */
  if (s->dest == DEST_SKIP)
    return;

  if (s->dest == DEST_FONTTBL)
    {
      if (strcmp (word, "f") == 0 && has_param)
        rtf->font_being_defined = (int) param;
      else if (strcmp (word, "fcharset") == 0 && has_param && rtf->font_being_defined >= 0)
        {
          int cp = codepage_for_charset ((int) param);

          if (cp != 0)
            g_hash_table_insert (rtf->font_codepages, GINT_TO_POINTER (rtf->font_being_defined),
                                 GINT_TO_POINTER (cp));
        }
      else if (strcmp (word, "cpg") == 0 && has_param && rtf->font_being_defined >= 0 && param > 0)
        g_hash_table_insert (rtf->font_codepages, GINT_TO_POINTER (rtf->font_being_defined),
                             GINT_TO_POINTER ((int) param));
      else if (group_start && (starred || is_skipped_destination (word)))
        s->dest = DEST_SKIP;   /* \panose, \falt... inside a font's group */
      return;
    }

  if (s->dest == DEST_INFO)
    {
      const char *field = info_field (word);

      if (group_start && field != NULL)
        {
          flush_bytes (rtf);
          s->dest = DEST_INFO_FIELD;
          rtf->field_name = field;
          g_string_truncate (rtf->field_text, 0);
        }
      else if (group_start && strcmp (word, "creatim") == 0)
        {
          s->dest = DEST_SKIP;
          rtf->in_creatim = TRUE;
          rtf->yr = rtf->mo = rtf->dy = 0;
        }
      else if (group_start)
        s->dest = DEST_SKIP;
      return;
    }

  if (strcmp (word, "u") == 0 && has_param)
    {
      long c = param < 0 ? param + 65536 : param;

      put_unichar (rtf, (gunichar) c);
      rtf->skip_chars = s->uc;
      return;
    }
  if (strcmp (word, "uc") == 0 && has_param)
    {
      s->uc = (int) CLAMP (param, 0, 16);
      return;
    }

  if (group_start)
    {
      if (strcmp (word, "fonttbl") == 0)
        {
          s->dest = DEST_FONTTBL;
          rtf->font_being_defined = -1;
          return;
        }
      if (strcmp (word, "info") == 0)
        {
          s->dest = DEST_INFO;
          return;
        }
      if (starred || is_skipped_destination (word))
        {
          s->dest = DEST_SKIP;
          return;
        }
    }

  if (strcmp (word, "par") == 0 || strcmp (word, "sect") == 0 || strcmp (word, "page") == 0)
    paragraph (rtf);
  else if (strcmp (word, "ansicpg") == 0 && has_param && param > 0)
    rtf->doc_codepage = s->codepage = (int) param;
  else if (strcmp (word, "mac") == 0)
    rtf->doc_codepage = s->codepage = 10000;
  else if (strcmp (word, "pc") == 0)
    rtf->doc_codepage = s->codepage = 437;
  else if (strcmp (word, "pca") == 0)
    rtf->doc_codepage = s->codepage = 850;
  else if (strcmp (word, "f") == 0 && has_param)
    {
      gpointer cp = g_hash_table_lookup (rtf->font_codepages, GINT_TO_POINTER ((int) param));

      s->codepage = cp ? GPOINTER_TO_INT (cp) : rtf->doc_codepage;
    }
  else if (strcmp (word, "plain") == 0)
    s->codepage = rtf->doc_codepage;
  else
    for (guint i = 0; i < G_N_ELEMENTS (symbols); i++)
      if (strcmp (word, symbols[i].word) == 0)
        {
          rtf->skip_chars = 0;
          put_text (rtf, symbols[i].text);
          break;
        }
}

static void
creatim_word (Rtf *rtf, const char *word, gboolean has_param, long param)
{
  if (!has_param)
    return;
  if (strcmp (word, "yr") == 0)
    rtf->yr = (int) param;
  else if (strcmp (word, "mo") == 0)
    rtf->mo = (int) param;
  else if (strcmp (word, "dy") == 0)
    rtf->dy = (int) param;
}

static gboolean
parse (Rtf *rtf, GError **error, const char *subject)
{
  gboolean group_start = FALSE;   /* the next control word opens its group */
  gboolean starred = FALSE;

  while (rtf->p < rtf->end)
    {
      char c = *rtf->p;

      if (c == '{')
        {
          rtf->p++;
          flush_bytes (rtf);
          if (rtf->depth + 1 >= MAX_DEPTH)
            {
              g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_FAILED,
                           "%s nests its groups deeper than %d levels; it is damaged.", subject, MAX_DEPTH);
              return FALSE;
            }
          rtf->stack[rtf->depth + 1] = rtf->stack[rtf->depth];
          rtf->depth++;
          rtf->skip_chars = 0;
          group_start = TRUE;
          starred = FALSE;
          continue;
        }
      if (c == '}')
        {
          rtf->p++;
          flush_bytes (rtf);
          if (top (rtf)->dest == DEST_INFO_FIELD && rtf->stack[rtf->depth - 1].dest != DEST_INFO_FIELD)
            end_info_field (rtf);
          if (rtf->in_creatim && rtf->depth > 0 && rtf->stack[rtf->depth - 1].dest == DEST_INFO)
            {
              rtf->in_creatim = FALSE;
              if (rtf->yr > 0 && rtf->mo >= 1 && rtf->mo <= 12 && rtf->dy >= 1 && rtf->dy <= 31 &&
                  rtf->creatim == NULL)
                rtf->creatim = g_strdup_printf ("%04d-%02d-%02d", rtf->yr, rtf->mo, rtf->dy);
            }
          if (rtf->depth == 0)
            return TRUE;   /* the end of the document; anything after it is not RTF */
          rtf->depth--;
          rtf->skip_chars = 0;
          group_start = FALSE;
          continue;
        }
      if (c == '\\')
        {
          const char *w = ++rtf->p;

          if (rtf->p >= rtf->end)
            break;
          if (g_ascii_isalpha (*rtf->p))
            {
              char word[33];
              gsize n;
              gboolean has_param = FALSE;
              gboolean negative = FALSE;
              long param = 0;

              while (rtf->p < rtf->end && g_ascii_isalpha (*rtf->p))
                rtf->p++;
              n = MIN ((gsize) (rtf->p - w), sizeof word - 1);
              memcpy (word, w, n);
              word[n] = '\0';
              if (rtf->p < rtf->end && *rtf->p == '-')
                {
                  negative = TRUE;
                  rtf->p++;
                }
              while (rtf->p < rtf->end && g_ascii_isdigit (*rtf->p))
                {
                  has_param = TRUE;
                  if (param < 100000000)
                    param = param * 10 + (*rtf->p - '0');
                  rtf->p++;
                }
              if (negative)
                param = -param;
              if (rtf->p < rtf->end && *rtf->p == ' ')
                rtf->p++;   /* the delimiter belongs to the word */

              if (strcmp (word, "bin") == 0 && has_param)
                {
                  /* Raw binary data: never text. */
                  rtf->p += MIN ((gsize) MAX (param, 0), (gsize) (rtf->end - rtf->p));
                }
              else if (rtf->in_creatim)
                creatim_word (rtf, word, has_param, param);
              else
                {
                  /* A \uN's replacement characters are plain characters, not words. */
                  if (strcmp (word, "u") != 0 && rtf->skip_chars > 0)
                    rtf->skip_chars = 0;
                  control_word (rtf, word, has_param, param, starred, group_start);
                }
              group_start = FALSE;
              starred = FALSE;
              continue;
            }

          /* A control symbol. */
          rtf->p++;
          switch (*w)
            {
            case '*':
              starred = TRUE;
              continue;   /* group_start stays: the word after it opens the group */
            case '\'':
              if (rtf->end - rtf->p >= 2 && g_ascii_isxdigit (rtf->p[0]) && g_ascii_isxdigit (rtf->p[1]))
                {
                  put_byte (rtf, (guchar) (g_ascii_xdigit_value (rtf->p[0]) * 16 +
                                           g_ascii_xdigit_value (rtf->p[1])));
                  rtf->p += 2;
                }
              break;
            case '~':
              put_text (rtf, "\xc2\xa0");
              break;
            case '_':
              put_text (rtf, "\xe2\x80\x91");
              break;
            case '-':
              break;   /* an optional hyphen */
            case '\\': case '{': case '}':
              if (rtf->skip_chars > 0)
                rtf->skip_chars--;
              else
                put_byte (rtf, (guchar) *w);
              break;
            case '\n': case '\r':
              paragraph (rtf);
              break;
            default:
              break;
            }
          group_start = FALSE;
          starred = FALSE;
          continue;
        }
      if (c == '\r' || c == '\n')
        {
          rtf->p++;
          continue;   /* line breaks in RTF source are not text */
        }
      /* A plain character: bytes in the current code page. */
      rtf->p++;
      if (top (rtf)->dest == DEST_FONTTBL)
        {
          if (c == ';')
            rtf->font_being_defined = -1;
        }
      else
        put_byte (rtf, (guchar) c);
      group_start = FALSE;
      starred = FALSE;
    }
  /* Unbalanced braces at the end: a truncated file. Keep what was read. */
  flush_bytes (rtf);
  if (top (rtf)->dest == DEST_INFO_FIELD)
    end_info_field (rtf);
  return TRUE;
}

/**
 * gloss_rtf_read:
 *
 * Returns: (transfer full) (nullable): the text of the RTF in @data, with its
 *   title, author and creation date as source details
 */
GlossImportedText *
gloss_rtf_read (const char  *data,
                gsize        len,
                const char  *name,
                GError     **error)
{
  g_autofree char *subject = name ? g_strdup_printf ("“%s”", name) : g_strdup ("The RTF text");
  g_autoptr(GlossImportedText) result = NULL;
  g_autoptr(GHashTable) info = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GHashTable) fonts = g_hash_table_new (NULL, NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) bytes = g_string_new (NULL);
  g_autoptr(GString) field_text = g_string_new (NULL);
  g_autofree char *creatim = NULL;
  Rtf *rtf;
  int codepage;
  gboolean ok;

  if (len > GLOSS_IMPORT_MAX_BYTES)
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_TOO_LARGE,
                   "%s is larger than %d MB.", subject, GLOSS_IMPORT_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    data += 3, len -= 3;
  if (len < 5 || memcmp (data, "{\\rtf", 5) != 0)
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_UNSUPPORTED,
                   "%s is not an RTF document.", subject);
      return NULL;
    }

  rtf = g_new0 (Rtf, 1);
  rtf->p = data + 1;   /* inside the outer group */
  rtf->end = data + len;
  rtf->stack[0].dest = DEST_TEXT;
  rtf->stack[0].uc = 1;
  rtf->stack[0].codepage = 1252;
  rtf->doc_codepage = 1252;
  rtf->font_codepages = fonts;
  rtf->font_being_defined = -1;
  rtf->out = out;
  rtf->bytes = bytes;
  rtf->field_text = field_text;
  rtf->info = info;
  ok = parse (rtf, error, subject);
  creatim = rtf->creatim;
  codepage = rtf->doc_codepage;
  g_free (rtf);
  if (!ok)
    return NULL;

  result = g_new0 (GlossImportedText, 1);
  result->text = gloss_readers_tidy_text (out);
  if (*result->text == '\0')
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_EMPTY, "%s has no readable text.", subject);
      return NULL;
    }
  result->format = g_strdup ("rtf");
  result->encoding = g_strdup (charset_for_codepage (codepage));
  if (g_hash_table_lookup (info, "title"))
    result->title = g_strdup (g_hash_table_lookup (info, "title"));
  else
    result->title = gloss_import_guess_title (result->text);
  result->author = g_strdup (g_hash_table_lookup (info, "author"));
  result->publisher = g_strdup (g_hash_table_lookup (info, "company"));
  result->metadata = gloss_readers_metadata_json ("subject", g_hash_table_lookup (info, "subject"),
                                                  "keywords", g_hash_table_lookup (info, "keywords"),
                                                  "comment", g_hash_table_lookup (info, "doccomm"),
                                                  "created", creatim,
                                                  NULL);
  return g_steal_pointer (&result);
}

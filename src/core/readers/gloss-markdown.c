/* gloss-markdown.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Markdown to reading text with md4c (CommonMark plus GitHub's tables,
 * strike-through and task lists). The markup's structure is kept as
 * paragraphs, as the HTML reader keeps it: a heading, a paragraph, a list item,
 * a table row, a quoted paragraph and a code block each become a paragraph of
 * their own; "#", "**", "_", "`", link targets and inline HTML tags are not
 * text and do not reach the reading view.
 */

#define G_LOG_DOMAIN "gloss-markdown"

#include "config.h"

#include <string.h>
#include <md4c.h>

#include "gloss-markdown.h"

typedef struct
{
  GString *out;
  int      pending_break;   /* newlines owed before the next text */
  const char *pending_prefix;
  char     prefix_buf[32];
  gboolean pending_tab;
  guint    code_depth;
  guint    html_depth;      /* inside an HTML block: its tags are not text */
  GString *html;            /* that block's source, read as text when it ends */
  guint    heading_level;   /* of the heading being read, 0 outside headings */
  GString *heading;         /* its text */
  char    *first_heading;
  guint    first_heading_level;
  /* Ordered lists: the number of the next item, innermost last. */
  GArray  *list_numbers;    /* gint64, -1 for a bullet list */
} MdState;

static void
request_break (MdState *st,
               int      n)
{
  st->pending_break = MAX (st->pending_break, n);
}

static void
emit (MdState    *st,
      const char *text,
      gsize       len)
{
  if (len == 0)
    return;
  if (st->out->len > 0)
    {
      for (int i = 0; i < st->pending_break; i++)
        g_string_append_c (st->out, '\n');
    }
  if (st->pending_break > 0 || st->out->len == 0)
    {
      if (st->pending_prefix != NULL)
        g_string_append (st->out, st->pending_prefix);
      st->pending_prefix = NULL;
      st->pending_tab = FALSE;
    }
  st->pending_break = 0;
  if (st->pending_tab)
    {
      g_string_append_c (st->out, '\t');
      st->pending_tab = FALSE;
    }
  g_string_append_len (st->out, text, len);
  if (st->heading_level > 0)
    g_string_append_len (st->heading, text, len);
}

/* &amp; &#233; &#x20AC; and the few named entities prose uses; others stay as written. */
static void
emit_entity (MdState    *st,
             const char *text,
             gsize       len)
{
  static const struct { const char *name; const char *utf8; } named[] = {
    { "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" }, { "&apos;", "'" },
    { "&nbsp;", "\xc2\xa0" }, { "&mdash;", "\xe2\x80\x94" }, { "&ndash;", "\xe2\x80\x93" },
    { "&hellip;", "\xe2\x80\xa6" }, { "&copy;", "\xc2\xa9" }, { "&euro;", "\xe2\x82\xac" },
    { "&laquo;", "\xc2\xab" }, { "&raquo;", "\xc2\xbb" }, { "&lsquo;", "\xe2\x80\x98" },
    { "&rsquo;", "\xe2\x80\x99" }, { "&ldquo;", "\xe2\x80\x9c" }, { "&rdquo;", "\xe2\x80\x9d" },
  };

  if (len > 3 && text[1] == '#')
    {
      gboolean hex = text[2] == 'x' || text[2] == 'X';
      g_autofree char *digits = g_strndup (text + (hex ? 3 : 2), len - (hex ? 4 : 3));
      char *end = NULL;
      guint64 cp = g_ascii_strtoull (digits, &end, hex ? 16 : 10);
      char buf[6];

      if (end != NULL && *end == '\0' && *digits != '\0' && cp > 0 && cp <= 0x10FFFF &&
          !(cp >= 0xD800 && cp <= 0xDFFF) && g_unichar_validate ((gunichar) cp))
        {
          emit (st, buf, g_unichar_to_utf8 ((gunichar) cp, buf));
          return;
        }
      emit (st, "\xef\xbf\xbd", 3);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (named); i++)
    if (strlen (named[i].name) == len && memcmp (named[i].name, text, len) == 0)
      {
        emit (st, named[i].utf8, strlen (named[i].utf8));
        return;
      }
  emit (st, text, len);
}

static int
enter_block (MD_BLOCKTYPE type,
             void        *detail,
             void        *data)
{
  MdState *st = data;

  switch (type)
    {
    case MD_BLOCK_DOC:
      break;
    case MD_BLOCK_UL:
      {
        gint64 none = -1;
        g_array_append_val (st->list_numbers, none);
        request_break (st, 2);
      }
      break;
    case MD_BLOCK_OL:
      {
        gint64 start = ((MD_BLOCK_OL_DETAIL *) detail)->start;
        g_array_append_val (st->list_numbers, start);
        request_break (st, 2);
      }
      break;
    case MD_BLOCK_LI:
      request_break (st, 2);
      if (st->list_numbers->len > 0 &&
          g_array_index (st->list_numbers, gint64, st->list_numbers->len - 1) >= 0)
        {
          gint64 *n = &g_array_index (st->list_numbers, gint64, st->list_numbers->len - 1);
          g_snprintf (st->prefix_buf, sizeof st->prefix_buf, "%" G_GINT64_FORMAT ". ", *n);
          (*n)++;
          st->pending_prefix = st->prefix_buf;
        }
      else
        st->pending_prefix = "\xe2\x80\xa2 ";   /* • */
      break;
    case MD_BLOCK_H:
      request_break (st, 2);
      st->heading_level = ((MD_BLOCK_H_DETAIL *) detail)->level;
      g_string_truncate (st->heading, 0);
      break;
    case MD_BLOCK_CODE:
      request_break (st, 2);
      st->code_depth++;
      break;
    case MD_BLOCK_HTML:
      request_break (st, 2);
      st->html_depth++;
      break;
    case MD_BLOCK_TD:
    case MD_BLOCK_TH:
      if (st->pending_break == 0 && st->out->len > 0 &&
          st->out->str[st->out->len - 1] != '\n')
        st->pending_tab = TRUE;
      break;
    case MD_BLOCK_P:
    case MD_BLOCK_QUOTE:
    case MD_BLOCK_HR:
    case MD_BLOCK_TABLE:
    case MD_BLOCK_THEAD:
    case MD_BLOCK_TBODY:
    case MD_BLOCK_TR:
    default:
      /* A list item's first paragraph follows its bullet on the same line. */
      if (!(type == MD_BLOCK_P && st->pending_prefix != NULL))
        request_break (st, 2);
      break;
    }
  return 0;
}

static void emit_without_tags (MdState *st, const char *text, gsize len);

/* An HTML block reads as one paragraph: its tags dropped, its white space collapsed. */
static void
emit_html_block (MdState *st)
{
  g_autoptr(GString) plain = g_string_new (NULL);
  g_autoptr(GString) collapsed = g_string_new (NULL);
  GString *out = st->out;
  gboolean space = FALSE;

  /* The tags are dropped into a scratch buffer first, then spaces collapsed. */
  st->out = plain;
  st->pending_break = 0;
  emit_without_tags (st, st->html->str, st->html->len);
  st->out = out;
  for (const char *p = plain->str; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        space = collapsed->len > 0;
      else
        {
          if (space)
            g_string_append_c (collapsed, ' ');
          space = FALSE;
          g_string_append_c (collapsed, *p);
        }
    }
  g_string_truncate (st->html, 0);
  request_break (st, 2);
  emit (st, collapsed->str, collapsed->len);
}

static int
leave_block (MD_BLOCKTYPE type,
             void        *detail,
             void        *data)
{
  MdState *st = data;

  switch (type)
    {
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
      if (st->list_numbers->len > 0)
        g_array_set_size (st->list_numbers, st->list_numbers->len - 1);
      request_break (st, 2);
      break;
    case MD_BLOCK_H:
      {
        guint level = st->heading_level;

        st->heading_level = 0;
        g_strstrip (st->heading->str);
        st->heading->len = strlen (st->heading->str);
        if (st->heading->len > 0 &&
            (st->first_heading == NULL || (level == 1 && st->first_heading_level > 1)))
          {
            g_free (st->first_heading);
            st->first_heading = g_strdup (st->heading->str);
            st->first_heading_level = level;
          }
        request_break (st, 2);
      }
      break;
    case MD_BLOCK_CODE:
      st->code_depth--;
      /* The block's last line ends in a newline that is not text. */
      while (st->out->len > 0 && st->out->str[st->out->len - 1] == '\n')
        g_string_truncate (st->out, st->out->len - 1);
      request_break (st, 2);
      break;
    case MD_BLOCK_HTML:
      st->html_depth--;
      emit_html_block (st);
      request_break (st, 2);
      break;
    case MD_BLOCK_TD:
    case MD_BLOCK_TH:
    case MD_BLOCK_DOC:
      break;
    default:
      request_break (st, 2);
      break;
    }
  return 0;
}

static int
enter_span (MD_SPANTYPE type,
            void       *detail,
            void       *data)
{
  return 0;
}

static int
leave_span (MD_SPANTYPE type,
            void       *detail,
            void       *data)
{
  return 0;
}

/* Inline HTML: drops the tags (<b>, <br>, <span class=...>) and keeps what is between them. */
static void
emit_without_tags (MdState    *st,
                   const char *text,
                   gsize       len)
{
  const char *p = text;
  const char *end = text + len;

  while (p < end)
    {
      const char *lt = memchr (p, '<', end - p);

      if (lt == NULL)
        {
          emit (st, p, end - p);
          return;
        }
      emit (st, p, lt - p);
      p = memchr (lt, '>', end - lt);
      if (p == NULL)
        return;
      p++;
    }
}

static int
text_cb (MD_TEXTTYPE   type,
         const MD_CHAR *text,
         MD_SIZE        size,
         void          *data)
{
  MdState *st = data;

  switch (type)
    {
    case MD_TEXT_NULLCHAR:
      emit (st, "\xef\xbf\xbd", 3);
      break;
    case MD_TEXT_BR:
      if (st->out->len > 0)
        request_break (st, 1);
      break;
    case MD_TEXT_SOFTBR:
      emit (st, " ", 1);
      break;
    case MD_TEXT_ENTITY:
      emit_entity (st, text, size);
      break;
    case MD_TEXT_HTML:
      if (st->html_depth > 0)
        g_string_append_len (st->html, text, size);
      /* An inline tag (<b>, <br/>) is markup, not text. */
      else if (size > 0 && text[0] == '<')
        emit_without_tags (st, text, size);
      else
        emit (st, text, size);
      break;
    case MD_TEXT_CODE:
      if (st->code_depth > 0)
        {
          /* A code block's lines keep their line breaks. */
          const char *p = text;
          const char *end = text + size;

          while (p < end)
            {
              const char *nl = memchr (p, '\n', end - p);

              if (nl == NULL)
                {
                  emit (st, p, end - p);
                  break;
                }
              if (nl > p)
                emit (st, p, nl - p);
              if (st->out->len > 0)
                request_break (st, 1);
              p = nl + 1;
            }
        }
      else
        emit (st, text, size);
      break;
    case MD_TEXT_NORMAL:
    case MD_TEXT_LATEXMATH:
    default:
      emit (st, text, size);
      break;
    }
  return 0;
}

/* Where a YAML front matter block ("---" … "---" at the very start) ends, or 0. */
static gsize
front_matter_length (const char *md,
                     gsize       len)
{
  const char *close;

  if (len < 4 || memcmp (md, "---\n", 4) != 0)
    return 0;
  close = g_strstr_len (md + 4, len - 4, "\n---");
  if (close == NULL)
    return 0;
  close += 4;
  while (close < md + len && *close != '\n')
    {
      if (*close != '-' && *close != ' ')
        return 0;
      close++;
    }
  return close - md;
}

/**
 * gloss_markdown_to_text:
 * @md: valid UTF-8 Markdown, normalised (LF line ends)
 * @len: its length in bytes
 * @first_heading: (out) (optional) (transfer full): the text of the first
 *   level-one heading, or of the first heading of any level, or %NULL
 *
 * Returns: (transfer full): the text a reader sees, paragraphs separated by a
 *   blank line; "" when the document has only markup
 */
char *
gloss_markdown_to_text (const char *md,
                        gsize       len,
                        char      **first_heading)
{
  MD_PARSER parser = {
    .abi_version = 0,
    .flags = MD_DIALECT_GITHUB,
    .enter_block = enter_block,
    .leave_block = leave_block,
    .enter_span = enter_span,
    .leave_span = leave_span,
    .text = text_cb,
  };
  MdState st = { 0 };
  gsize skip = front_matter_length (md, len);

  st.out = g_string_sized_new (len);
  st.heading = g_string_new (NULL);
  st.html = g_string_new (NULL);
  st.list_numbers = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (md_parse (md + skip, (MD_SIZE) MIN (len - skip, (gsize) G_MAXUINT32 - 1), &parser, &st) != 0)
    {
      /* md4c fails only on memory exhaustion; the plain text is better than nothing. */
      g_string_truncate (st.out, 0);
      g_string_append_len (st.out, md, len);
    }

  if (first_heading != NULL)
    *first_heading = g_steal_pointer (&st.first_heading);
  g_free (st.first_heading);
  g_string_free (st.heading, TRUE);
  g_string_free (st.html, TRUE);
  g_array_unref (st.list_numbers);
  return g_string_free (st.out, FALSE);
}

/* gloss-html.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Main-content extraction and source details of web pages; see gloss-html.h.
 *
 * The steps, in order:
 *  1. parse (libxml2, recovering from any markup) and read the source details
 *     from the whole page;
 *  2. drop what a reader never sees (<script>, <template>, the hidden attribute,
 *     aria-hidden, inline display:none...) and what is never prose (forms,
 *     media, navigation); text written between <br><br> or beside blocks
 *     becomes paragraphs of its own;
 *  3. measure every element bottom-up: visible characters, characters inside
 *     links, punctuation, paragraph characters;
 *  4. drop page furniture named by its class, id or role (share, related,
 *     comments, adverts, newsletter...), unless it holds most of the page's prose;
 *  5. score paragraphs into their ancestors and take the best candidate, widened
 *     to an ancestor when the prose is spread over several of its children, plus
 *     the siblings that continue it;
 *  6. write its text, leaving out link lists, bylines and datelines, the
 *     headline (it is the title) and other short furniture inside it.
 * Iterative walks throughout: a hostile page can nest thousands deep.
 */
#define G_LOG_DOMAIN "gloss-html"

#include "gloss-html.h"

#include <string.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <json-glib/json-glib.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

/* ------------------------------------------------------------------------ */
/* Small helpers                                                            */

static gboolean
is_element (const xmlNode *node, const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE && node->name != NULL &&
         g_ascii_strcasecmp ((const char *) node->name, name) == 0;
}

static gboolean
name_in (const xmlNode *node, const char * const *names)
{
  if (node == NULL || node->type != XML_ELEMENT_NODE || node->name == NULL)
    return FALSE;
  for (guint i = 0; names[i] != NULL; i++)
    if (g_ascii_strcasecmp ((const char *) node->name, names[i]) == 0)
      return TRUE;
  return FALSE;
}

static xmlNode *
walk_next (xmlNode *node, xmlNode *root, gboolean descend)
{
  if (descend && node->children != NULL)
    return node->children;
  while (node != root && node != NULL)
    {
      if (node->next != NULL)
        return node->next;
      node = node->parent;
    }
  return NULL;
}

static char *
get_attr (const xmlNode *node, const char *name)
{
  xmlChar *v = xmlGetProp (node, (const xmlChar *) name);
  char *copy;

  if (v == NULL)
    return NULL;
  copy = g_strdup ((const char *) v);
  xmlFree (v);
  return copy;
}

static gboolean
is_space_char (gunichar c)
{
  return g_unichar_isspace (c) || c == 0xa0 || c == 0x200b || c == 0xfeff;
}

/* Runs of whitespace become one space; leading and trailing whitespace goes. */
static char *
collapse (const char *s)
{
  g_autofree char *valid = NULL;
  GString *out;
  gboolean space = FALSE;

  if (s == NULL)
    return NULL;
  valid = g_utf8_make_valid (s, -1);
  out = g_string_sized_new (strlen (valid) + 1);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_space_char (c) || g_unichar_iscntrl (c))
        {
          space = TRUE;
          continue;
        }
      if (space && out->len > 0)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* @s with its HTML character references ("&#8211;", "&#x2019;", "&pound;")
 * replaced by their characters. Metadata needs this once more than the parser gives:
 * JSON-LD is script text, which the parser leaves alone, and sites escape the
 * content of <meta> twice ("&amp;#8211;"). Anything that is not a reference stays. */
static char *
decode_references (const char *s)
{
  GString *out;

  if (s == NULL || strchr (s, '&') == NULL)
    return g_strdup (s);
  out = g_string_sized_new (strlen (s));
  for (const char *p = s; *p != '\0'; p++)
    {
      const char *semi;
      gunichar c = 0;

      if (*p != '&' || (semi = strchr (p + 1, ';')) == NULL || semi - p > 12 || semi == p + 1)
        {
          g_string_append_c (out, *p);
          continue;
        }
      if (p[1] == '#')
        {
          gboolean hex = p[2] == 'x' || p[2] == 'X';
          const char *digits = p + (hex ? 3 : 2);
          char *end = NULL;
          guint64 v = digits < semi ? g_ascii_strtoull (digits, &end, hex ? 16 : 10) : 0;

          if (end == semi && v > 0 && g_unichar_validate ((gunichar) v) && v <= 0x10ffff)
            c = (gunichar) v;
        }
      else
        {
          g_autofree char *name = g_strndup (p + 1, semi - p - 1);
          const htmlEntityDesc *entity = htmlEntityLookup ((const xmlChar *) name);

          if (entity != NULL)
            c = entity->value;
        }
      if (c == 0)
        {
          g_string_append_c (out, *p);
          continue;
        }
      g_string_append_unichar (out, c);
      p = semi;
    }
  return g_string_free (out, FALSE);
}

/* Collapsed, references decoded, and NULL instead of "". */
static char *
clean_value (const char *s)
{
  g_autofree char *decoded = decode_references (s);
  char *c = collapse (decoded);

  if (c != NULL && *c == '\0')
    g_clear_pointer (&c, g_free);
  return c;
}

static void
set_if_unset (char **field, const char *value)
{
  if (*field == NULL)
    *field = clean_value (value);
}

static gboolean
is_punct (gunichar c)
{
  switch (c)
    {
    case ',': case '.': case ';': case ':': case '!': case '?':
    case 0x3001: case 0x3002: case 0xff0c: case 0xff0e: case 0xff1b: case 0xff1a:
    case 0xff01: case 0xff1f: case 0x060c: case 0x061b: case 0x061f: case 0x06d4:
    case 0x0964: case 0x2026:
      return TRUE;
    default:
      return FALSE;
    }
}

/* ------------------------------------------------------------------------ */
/* What a reader never sees, and what is not prose                          */

static const char * const block_elements[] = {
  "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
  "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
  "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "legend", "li", "main", "menu",
  "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
  "td", "th",
  NULL
};

static const char * const invisible_elements[] = {
  "audio", "button", "canvas", "datalist", "dialog", "embed", "head", "iframe", "input", "link",
  "map", "meta", "noembed", "noframes", "noscript", "object", "option", "picture", "script",
  "select", "style", "svg", "template", "textarea", "title", "video", "math", "label",
  NULL
};

static const char * const furniture_elements[] = {
  "nav", "aside", "footer", "menu",
  NULL
};

static gboolean
style_hides (const char *style)
{
  g_autofree char *s = NULL;
  char *p;

  if (style == NULL)
    return FALSE;
  s = g_ascii_strdown (style, -1);
  /* Compact it: "display : none" and "display:none" alike. */
  p = s;
  for (const char *q = s; *q != '\0'; q++)
    if (!g_ascii_isspace (*q))
      *p++ = *q;
  *p = '\0';
  return strstr (s, "display:none") != NULL || strstr (s, "visibility:hidden") != NULL;
}

static gboolean
is_invisible (xmlNode *node)
{
  g_autofree char *aria = NULL;
  g_autofree char *style = NULL;

  if (name_in (node, invisible_elements))
    return TRUE;
  if (xmlHasProp (node, (const xmlChar *) "hidden") != NULL)
    return TRUE;
  aria = get_attr (node, "aria-hidden");
  if (aria != NULL && g_ascii_strcasecmp (aria, "true") == 0)
    return TRUE;
  style = get_attr (node, "style");
  return style_hides (style);
}

/* ------------------------------------------------------------------------ */
/* Class and id hints                                                       */

typedef enum {
  HINT_NONE = 0,
  HINT_POSITIVE = 1 << 0,     /* article, body, content, story... */
  HINT_FURNITURE = 1 << 1,    /* share, related, comments, adverts... */
  HINT_BYLINE = 1 << 2,       /* byline, author, dateline, timestamp */
  HINT_CAPTION = 1 << 3,      /* caption, credit */
} Hint;

/* Words that name page furniture. A class or id is cut into words at '-', '_',
 * spaces and lower-to-upper case changes; a word is furniture when it equals one
 * of the first list or starts with one of the second. */
static const char * const furniture_words[] = {
  "ad", "ads", "adv", "advert", "advertisement", "advertising", "nav", "navbar", "menu", "tags",
  "tag", "share", "print", "rss", "skip", "login", "signin", "footer", "sidebar", "breadcrumb",
  "breadcrumbs", "widget", "widgets", "promo", "banner", "masthead", "toolbar", "cookie",
  "cookies", "gdpr", "consent", "newsletter", "subscribe", "subscription", "popup",
  "modal", "overlay", "outbrain", "taboola", "disqus", "sponsor", "sponsored", "recirc",
  "recirculation", "trending", "popular", "mostread", "most", "related", "recommended",
  "recommendations", "comments", "comment", "social", "sharing", "sharebar", "sharetools",
  "follow", "topics", "keywords", "pagination", "pager", "next", "prev", "previous", "more",
  "readmore", "jump", "hidden", "hide", "visuallyhidden", "sr", "srt", "screenreader",
  "offscreen", "teaser", "teasers", "promotion", "newsletters", "signup", "donate", "donation",
  "player", "playlist", "related-content", "slideshow", "gallery", "carousel", "ticker",
  "alert", "notification", "notice", "tooltip", "dropdown", "search", "header", "ribbon", "rail",
  "taxonomy", "category", "categories", "inline-ad", "dfp", "gpt", "native", "affiliate",
  "whatsapp", "email", "mail", "pinterest",
  "linkedin", "reddit", "button", "buttons", "icon", "icons", "tools", "utility", "utilities",
  "bottom", "corrections", "correction", "disclaimer", "copyright", "legal", "about",
  NULL
};

static const char * const furniture_prefixes[] = {
  "advert", "sponsor", "newsletter", "subscri", "recommend", "related", "comment", "social",
  "sharing", "breadcrumb", "sidebar", "outbrain", "taboola", "cookie", "popup",
  "promo", "trending", "mostpopular", "mostread",
  NULL
};

static const char * const positive_words[] = {
  "article", "body", "content", "story", "entry", "text", "main", "post", "prose", "articlebody",
  "storybody", "blog", "page", "news", "column", "copy",
  NULL
};

static const char * const byline_words[] = {
  "byline", "bylines", "author", "authors", "dateline", "timestamp", "date", "time", "published",
  "pubdate", "updated", "meta", "info", "credit", "credits", "contributor", "contributors",
  "writer", "posted", "kicker", "eyebrow", "label", "flag", "section", "source",
  NULL
};

static const char * const caption_words[] = {
  "caption", "captions", "figcaption", "credit", "credits", "cutline", "photocredit", "photo", "image",
  "img", "picture", "graphic", "photograph",
  NULL
};

static gboolean
word_in (const char *word, const char * const *list)
{
  for (guint i = 0; list[i] != NULL; i++)
    if (strcmp (word, list[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
word_has_prefix (const char *word, const char * const *list)
{
  for (guint i = 0; list[i] != NULL; i++)
    if (g_str_has_prefix (word, list[i]))
      return TRUE;
  return FALSE;
}

static void
hint_words (const char *value, Hint *hints, gboolean *commentary)
{
  char word[64];
  gsize n = 0;

  if (value == NULL)
    return;
  for (const char *p = value; ; p++)
    {
      gboolean boundary = *p == '\0' || *p == '-' || *p == '_' || g_ascii_isspace (*p) ||
                          *p == ':' || *p == '.' || *p == '/' ||
                          (n > 0 && g_ascii_isupper (*p) && g_ascii_islower (word[n - 1]));

      if (boundary && n > 0)
        {
          word[n] = '\0';
          if (strcmp (word, "commentary") == 0 || strcmp (word, "opinion") == 0)
            *commentary = TRUE;
          else if (word_in (word, furniture_words) || word_has_prefix (word, furniture_prefixes))
            *hints |= HINT_FURNITURE;
          if (word_in (word, positive_words))
            *hints |= HINT_POSITIVE;
          if (word_in (word, byline_words))
            *hints |= HINT_BYLINE;
          if (word_in (word, caption_words))
            *hints |= HINT_CAPTION;
          n = 0;
        }
      if (*p == '\0')
        break;
      if (!boundary && n < sizeof word - 1)
        word[n++] = g_ascii_tolower (*p);
    }
}

static Hint
node_hints (xmlNode *node)
{
  g_autofree char *cls = get_attr (node, "class");
  g_autofree char *id = get_attr (node, "id");
  g_autofree char *role = get_attr (node, "role");
  g_autofree char *itemprop = get_attr (node, "itemprop");
  g_autofree char *rel = get_attr (node, "rel");
  Hint hints = HINT_NONE;
  gboolean commentary = FALSE;

  hint_words (cls, &hints, &commentary);
  hint_words (id, &hints, &commentary);
  if (commentary)
    hints &= ~HINT_FURNITURE;
  /* A row of a table is data: its class names what it holds ("player-580",
   * "ad-hoc"), never a block of the page's furniture. */
  if (name_in (node, (const char * const[]) { "tr", "tbody", "thead", "tfoot", NULL }))
    hints &= ~HINT_FURNITURE;
  if (role != NULL)
    {
      static const char * const furniture_roles[] = {
        "navigation", "banner", "contentinfo", "complementary", "menu", "menubar", "search",
        "dialog", "alertdialog", "toolbar", "tablist", "button", NULL
      };
      g_autofree char *r = g_ascii_strdown (role, -1);

      if (word_in (r, furniture_roles))
        hints |= HINT_FURNITURE;
      if (g_str_equal (r, "main") || g_str_equal (r, "article"))
        hints |= HINT_POSITIVE;
    }
  if (itemprop != NULL)
    {
      if (strstr (itemprop, "articleBody") != NULL || strstr (itemprop, "text") != NULL)
        hints |= HINT_POSITIVE;
      if (strstr (itemprop, "author") != NULL || strstr (itemprop, "date") != NULL)
        hints |= HINT_BYLINE;
    }
  if (rel != NULL && strstr (rel, "author") != NULL)
    hints |= HINT_BYLINE;
  return hints;
}

/* ------------------------------------------------------------------------ */
/* Measures                                                                 */

typedef struct {
  guint  chars;         /* visible non-space characters */
  guint  link_chars;    /* of which inside <a> */
  guint  punct;         /* sentence punctuation */
  guint  own_chars;     /* in text nodes that are direct children (or inside inline children) */
  guint  paragraphs;    /* paragraph-like blocks inside */
  guint  para_chars;    /* characters of the prose paragraphs (few links) inside */
  guint  blocks;        /* block elements inside */
  double score;         /* content score gathered from paragraphs below */
  Hint   hints;
  gboolean scored;
} Stats;

typedef struct {
  xmlDoc    *doc;
  xmlNode   *body;
  GArray    *stats;     /* Stats, index = GPOINTER_TO_UINT (node->_private) - 1 */
  GPtrArray *title_forms;   /* collapsed, lower-case forms of the title, to recognise the headline */
  double     article_ld;    /* link density of the chosen article */
} Page;

static Stats *
stats_of (Page *page, xmlNode *node)
{
  guint i = GPOINTER_TO_UINT (node->_private);

  if (i == 0)
    {
      Stats zero = { 0 };

      g_array_append_val (page->stats, zero);
      i = page->stats->len;
      node->_private = GUINT_TO_POINTER (i);
    }
  return &g_array_index (page->stats, Stats, i - 1);
}

static void
count_text (const char *text, guint *chars, guint *punct)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((guchar) *p < 0x80)
        {
          if (!g_ascii_isspace (*p))
            (*chars)++;
          if (*p == ',' || *p == '.' || *p == ';' || *p == ':' || *p == '!' || *p == '?')
            (*punct)++;
          continue;
        }
      if (!is_space_char (c))
        (*chars)++;
      if (is_punct (c))
        (*punct)++;
    }
}

static double
link_density (const Stats *s)
{
  return s->chars > 0 ? (double) s->link_chars / s->chars : 0.0;
}

static gboolean
is_block (xmlNode *node)
{
  return name_in (node, block_elements);
}

static gboolean
is_paragraph (xmlNode *node, const Stats *s)
{
  static const char * const para[] = { "p", "pre", "blockquote", "dd", "td", "li", NULL };

  if (name_in (node, para) && s->blocks == 0)
    return TRUE;
  /* A <div> (or any block) holding text of its own, as pages with <br> paragraphs do. */
  return is_block (node) && s->own_chars >= 40;
}

/* Fills stats for every element under @root, bottom-up. */
static void
measure (Page *page, xmlNode *root)
{
  xmlNode *node = root;

  while (node != NULL)
    {
      gboolean descend = node->type == XML_ELEMENT_NODE && node->children != NULL;

      if (descend)
        {
          node = node->children;
          continue;
        }
      /* Leaf: a text node or an empty element; then climb, finishing parents. */
      for (;;)
        {
          if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
            {
              guint chars = 0, punct = 0;
              xmlNode *parent = node->parent;

              if (node->content != NULL)
                count_text ((const char *) node->content, &chars, &punct);
              if (parent != NULL && parent->type == XML_ELEMENT_NODE)
                {
                  Stats *ps = stats_of (page, parent);

                  ps->chars += chars;
                  ps->punct += punct;
                  ps->own_chars += chars;
                  if (is_element (parent, "a"))
                    ps->link_chars += chars;
                }
            }
          else if (node->type == XML_ELEMENT_NODE)
            {
              Stats *s = stats_of (page, node);
              xmlNode *parent = node->parent;

              s->hints = node_hints (node);
              if (is_element (node, "a"))
                s->link_chars = s->chars;
              if (parent != NULL && parent->type == XML_ELEMENT_NODE && node != root)
                {
                  Stats *ps;
                  gboolean block = is_block (node);
                  gboolean para;

                  /* stats_of may move the array: fetch both again after. */
                  ps = stats_of (page, parent);
                  s = stats_of (page, node);
                  para = is_paragraph (node, s);
                  ps->chars += s->chars;
                  ps->link_chars += s->link_chars;
                  ps->punct += s->punct;
                  ps->paragraphs += s->paragraphs + (para ? 1 : 0);
                  ps->para_chars += s->para_chars;
                  if (para && link_density (s) < 0.3 && !is_element (node, "li") && !is_element (node, "td"))
                    {
                      guint own = s->blocks == 0 ? s->chars : s->own_chars;

                      if (own >= 25)
                        ps->para_chars += own;
                    }
                  ps->blocks += s->blocks + (block ? 1 : 0);
                  if (!block)
                    ps->own_chars += s->own_chars;
                }
            }
          if (node == root)
            return;
          if (node->next != NULL)
            {
              node = node->next;
              break;
            }
          node = node->parent;
          if (node == NULL)
            return;
        }
    }
}


/* ------------------------------------------------------------------------ */
/* Pruning                                                                  */

static void
unlink_all (GPtrArray *nodes)
{
  for (guint i = 0; i < nodes->len; i++)
    {
      xmlNode *n = nodes->pdata[i];

      xmlUnlinkNode (n);
      xmlFreeNode (n);
    }
  g_ptr_array_set_size (nodes, 0);
}

/* Whether @node (a <form> or <header>) is a wrapper of the content rather than furniture. */
static gboolean
wraps_content (xmlNode *node)
{
  for (xmlNode *n = node->children; n != NULL; n = walk_next (n, node, TRUE))
    if (is_element (n, "article") || is_element (n, "main") || is_element (n, "p"))
      return TRUE;
  return FALSE;
}

static void
drop_invisible (xmlNode *root)
{
  g_autoptr(GPtrArray) doomed = g_ptr_array_new ();

  for (xmlNode *n = root; n != NULL; )
    {
      gboolean descend = TRUE;

      if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE)
        {
          g_ptr_array_add (doomed, n);
          descend = FALSE;
        }
      else if (n->type == XML_ELEMENT_NODE && n != root)
        {
          if (is_invisible (n) || (is_element (n, "form") && !wraps_content (n)))
            {
              g_ptr_array_add (doomed, n);
              descend = FALSE;
            }
        }
      n = walk_next (n, root, descend);
    }
  unlink_all (doomed);
}

/* Whether @node is a <br> followed, past whitespace only, by another <br>. */
static gboolean
is_double_break (xmlNode *node)
{
  if (!is_element (node, "br"))
    return FALSE;
  for (xmlNode *n = node->next; n != NULL; n = n->next)
    {
      if (is_element (n, "br"))
        return TRUE;
      if (n->type == XML_TEXT_NODE && n->content != NULL)
        {
          guint chars = 0, punct = 0;

          count_text ((const char *) n->content, &chars, &punct);
          if (chars > 0)
            return FALSE;
        }
      else if (n->type != XML_TEXT_NODE)
        return FALSE;
    }
  return FALSE;
}

/* Whether [@first, @stop) holds visible text. A run that is one link alone
 * becomes a link paragraph, dropped as "Read more: ..." paragraphs are. */
static gboolean
has_visible_text (xmlNode *first, xmlNode *stop)
{
  for (xmlNode *top = first; top != NULL && top != stop; top = top->next)
    for (xmlNode *n = top; n != NULL; n = walk_next (n, top, n->type == XML_ELEMENT_NODE))
      if (n->type == XML_TEXT_NODE && n->content != NULL)
        {
          guint chars = 0, punct = 0;

          count_text ((const char *) n->content, &chars, &punct);
          if (chars > 0)
            return TRUE;
        }
  return FALSE;
}

/* Moves the siblings [@first, @stop) into a new <p> put where they were. */
static void
wrap_run (xmlNode *first, xmlNode *stop)
{
  xmlNode *p = xmlNewNode (NULL, (const xmlChar *) "p");

  xmlAddPrevSibling (first, p);
  for (xmlNode *n = first; n != NULL && n != stop; )
    {
      xmlNode *next = n->next;

      xmlUnlinkNode (n);
      xmlAddChild (p, n);
      n = next;
    }
}

/* Pages that write paragraphs as text between <br><br> inside a <div>, or as
 * text beside the <div>s and <p>s of a container, give no <p> to score: the
 * text would count for the container's parent only, or not at all. Each run of
 * text and inline elements in such a container, cut at double breaks, becomes
 * a paragraph of its own before scoring (what Readability does with its
 * "phrasing content" runs). */
static void
wrap_loose_text (xmlNode *root)
{
  static const char * const containers[] = {
    "div", "section", "article", "main", "center", "td", "blockquote", NULL
  };
  g_autoptr(GPtrArray) todo = g_ptr_array_new ();

  for (xmlNode *n = root; n != NULL; n = walk_next (n, root, n->type == XML_ELEMENT_NODE))
    {
      gboolean mixed = FALSE, loose = FALSE;

      if (!name_in (n, containers))
        continue;
      for (xmlNode *c = n->children; c != NULL; c = c->next)
        {
          if (c->type == XML_ELEMENT_NODE && is_block (c))
            mixed = TRUE;
          else if (is_double_break (c))
            mixed = TRUE;
          else if (c->type == XML_TEXT_NODE || c->type == XML_ELEMENT_NODE)
            loose = TRUE;
        }
      if (mixed && loose)
        g_ptr_array_add (todo, n);
    }
  for (guint i = 0; i < todo->len; i++)
    {
      xmlNode *container = todo->pdata[i];
      xmlNode *first = NULL;

      for (xmlNode *c = container->children; ; )
        {
          gboolean ends = c == NULL || (c->type == XML_ELEMENT_NODE && is_block (c)) || is_double_break (c);
          xmlNode *next = c != NULL ? c->next : NULL;

          if (ends)
            {
              if (first != NULL && has_visible_text (first, c))
                wrap_run (first, c);
              first = NULL;
            }
          else if (first == NULL && (c->type == XML_TEXT_NODE || c->type == XML_ELEMENT_NODE))
            first = c;
          if (c == NULL)
            break;
          c = next;
        }
    }
}

static gboolean
in_section (xmlNode *node)
{
  static const char * const sectioning[] = { "article", "main", "section", NULL };

  for (xmlNode *p = node->parent; p != NULL; p = p->parent)
    if (name_in (p, sectioning))
      return TRUE;
  return FALSE;
}

/* Whether @node is, or mostly holds, quotations: an embedded post the article
 * quotes ("social-media-embed" around a <blockquote>) is its text, not sharing
 * tools, whatever the wrapper's class says. */
static gboolean
is_quotation (Page *page, xmlNode *node)
{
  guint quoted = 0;
  guint chars = stats_of (page, node)->chars;

  if (chars == 0)
    return FALSE;
  for (xmlNode *n = node; n != NULL; )
    {
      gboolean descend = n->type == XML_ELEMENT_NODE;

      if (is_element (n, "blockquote"))
        {
          quoted += stats_of (page, n)->chars;
          descend = FALSE;
        }
      n = walk_next (n, node, descend);
    }
  return quoted * 5 >= chars * 4;
}

/* Furniture by element, class, id or role; not what holds most of the prose. */
static void
drop_furniture (Page *page, xmlNode *root, guint total_chars)
{
  g_autoptr(GPtrArray) doomed = g_ptr_array_new ();

  for (xmlNode *n = root->children; n != NULL; )
    {
      gboolean descend = TRUE;

      if (n->type == XML_ELEMENT_NODE)
        {
          Stats *s = stats_of (page, n);
          gboolean furniture = name_in (n, furniture_elements) ||
                               ((s->hints & HINT_FURNITURE) && !(s->hints & HINT_POSITIVE));
          gboolean protected = s->chars - s->link_chars > total_chars / 2 ||
                               is_element (n, "article") || is_element (n, "main") ||
                               is_element (n, "p");

          if (furniture && !protected && !name_in (n, furniture_elements) && is_quotation (page, n))
            protected = TRUE;
          s = stats_of (page, n);

          /* The page's header (site name, menu) is furniture; an article's own
           * header holds its headline. */
          if (is_element (n, "header") && !(s->hints & HINT_POSITIVE) && !in_section (n))
            furniture = furniture || s->chars < total_chars / 4;
          if (furniture && !protected)
            {
              g_ptr_array_add (doomed, n);
              descend = FALSE;
            }
        }
      else
        descend = FALSE;
      n = walk_next (n, root, descend);
    }
  unlink_all (doomed);
}

/* ------------------------------------------------------------------------ */
/* Scoring                                                                  */

static double
initial_score (xmlNode *node, const Stats *s)
{
  static const char * const good[] = { "div", "article", "main", "section", NULL };
  static const char * const meh[] = { "pre", "td", "blockquote", NULL };
  static const char * const bad[] = { "ol", "ul", "dl", "dd", "dt", "li", "address", "form", NULL };
  static const char * const worse[] = { "h1", "h2", "h3", "h4", "h5", "h6", "th", NULL };
  double score = 0;

  if (name_in (node, good))
    score += 5;
  else if (name_in (node, meh))
    score += 3;
  else if (name_in (node, bad))
    score -= 3;
  else if (name_in (node, worse))
    score -= 5;
  if (is_element (node, "article"))
    score += 10;
  if (s->hints & HINT_POSITIVE)
    score += 25;
  if (s->hints & HINT_FURNITURE)
    score -= 25;
  return score;
}

static void
add_score (Page *page, xmlNode *node, double value)
{
  Stats *s = stats_of (page, node);

  if (!s->scored)
    {
      s->scored = TRUE;
      s->score = initial_score (node, s);
    }
  s->score += value;
}

static xmlNode *
top_candidate (Page *page, xmlNode *root, GPtrArray *candidates)
{
  xmlNode *best = NULL;
  double best_score = 0;

  for (xmlNode *n = root; n != NULL; )
    {
      if (n->type == XML_ELEMENT_NODE)
        {
          Stats *s = stats_of (page, n);

          if (is_paragraph (n, s))
            {
              guint chars = s->blocks == 0 ? s->chars : s->own_chars;
              double value;
              xmlNode *a = n->parent;

              if (chars >= 25)
                {
                  value = 1 + MIN (s->punct, 20) + MIN (chars / 100.0, 3.0);
                  value *= 1.0 - link_density (s);
                  for (int level = 0; a != NULL && a->type == XML_ELEMENT_NODE && level < 5; level++, a = a->parent)
                    {
                      Stats *as = stats_of (page, a);

                      if (!as->scored)
                        g_ptr_array_add (candidates, a);
                      add_score (page, a, level == 0 ? value : level == 1 ? value / 2 : value / (level * 3));
                      if (a == root)
                        break;
                    }
                }
            }
        }
      n = walk_next (n, root, n->type == XML_ELEMENT_NODE);
    }

  for (guint i = 0; i < candidates->len; i++)
    {
      xmlNode *c = candidates->pdata[i];
      Stats *s = stats_of (page, c);
      double final = s->score * (1.0 - link_density (s));

      s->score = final;
      if (best == NULL || final > best_score)
        {
          best = c;
          best_score = final;
        }
    }
  /* A list of links is no article, however it scores. */
  if (best != NULL && link_density (stats_of (page, best)) > 0.5)
    return NULL;
  return best;
}

static gboolean
is_ancestor (xmlNode *a, xmlNode *n)
{
  for (xmlNode *p = n; p != NULL; p = p->parent)
    if (p == a)
      return TRUE;
  return FALSE;
}

/* Readability's widening: when other strong candidates share an ancestor of the
 * best one, the article is split over them, so take that ancestor; and climb
 * while the parent holds little besides the candidate. */
static xmlNode *
widen (Page *page, xmlNode *best, GPtrArray *candidates, xmlNode *body)
{
  Stats *bs = stats_of (page, best);
  double best_score = bs->score;
  g_autoptr(GPtrArray) strong = g_ptr_array_new ();

  for (guint i = 0; i < candidates->len; i++)
    {
      xmlNode *c = candidates->pdata[i];
      Stats *s = stats_of (page, c);

      if (c != best && s->score >= best_score * 0.75 && !is_ancestor (c, best) && !is_ancestor (best, c))
        g_ptr_array_add (strong, c);
    }
  if (strong->len >= 2)
    {
      for (xmlNode *a = best->parent; a != NULL && a != body && a->type == XML_ELEMENT_NODE; a = a->parent)
        {
          guint holds = 0;

          for (guint i = 0; i < strong->len; i++)
            if (is_ancestor (a, strong->pdata[i]))
              holds++;
          if (holds >= 2)
            {
              best = a;
              break;
            }
        }
    }

  /* Climb through wrappers that add (almost) nothing. */
  while (best->parent != NULL && best->parent != body && best->parent->type == XML_ELEMENT_NODE)
    {
      /* Copies: stats_of may grow the array and move what a pointer points at. */
      Stats s = *stats_of (page, best);
      Stats ps = *stats_of (page, best->parent);
      gint64 gain = (gint64) ps.para_chars - s.para_chars;
      gint64 junk = ((gint64) ps.chars - ps.para_chars) - ((gint64) s.chars - s.para_chars);

      /* The parent adds nothing, or mostly more prose: an article split over
       * sibling containers. */
      if (ps.chars < s.chars)
        break;
      if (ps.chars > s.chars * 1.15 + 40 && !(gain >= 200 && junk * 4 < gain))
        break;
      best = best->parent;
    }
  return best;
}

static gboolean is_inner_furniture (Page *page, xmlNode *node, guint article_chars);

/* Whether @node is mostly a list of other stories: three or more list items,
 * nearly all of them holding a link of a headline's length (a linked headline,
 * then maybe a summary). Inside the article such a list is a digest and stays;
 * beside it, it is a "breaking news" or "more stories" box. */
static gboolean
is_teaser_list (Page *page, xmlNode *node)
{
  guint items = 0, linked = 0, item_chars = 0;
  guint chars = stats_of (page, node)->chars;

  for (xmlNode *n = node->children; n != NULL; )
    {
      gboolean descend = n->type == XML_ELEMENT_NODE;

      if (is_element (n, "li"))
        {
          Stats *s = stats_of (page, n);

          items++;
          item_chars += s->chars;
          if (s->link_chars >= 10 && s->link_chars * 5 >= s->chars / 2)
            linked++;
          descend = FALSE;
        }
      n = walk_next (n, node, descend);
    }
  return items >= 3 && linked * 4 >= items * 3 && item_chars * 3 >= chars * 2;
}

/* Siblings of @best that continue the article. */
static GPtrArray *
gather (Page *page, xmlNode *best)
{
  GPtrArray *parts = g_ptr_array_new ();
  Stats *bs = stats_of (page, best);
  double threshold = MAX (10.0, bs->score * 0.2);

  if (best->parent == NULL || best->parent->type != XML_ELEMENT_NODE || is_element (best, "body"))
    {
      g_ptr_array_add (parts, best);
      return parts;
    }
  for (xmlNode *s = best->parent->children; s != NULL; s = s->next)
    {
      Stats *ss;
      gboolean keep = FALSE;

      if (s == best)
        {
          g_ptr_array_add (parts, s);
          continue;
        }
      if (s->type != XML_ELEMENT_NODE)
        continue;
      ss = stats_of (page, s);
      /* What would be furniture inside the article is furniture beside it: the
       * headline, a byline, a photo caption, a list of links. */
      if ((ss->hints & HINT_FURNITURE) || is_inner_furniture (page, s, bs->chars) ||
          (ss->link_chars > 0 && is_teaser_list (page, s)))
        continue;
      if (ss->scored && ss->score >= threshold && link_density (ss) < 0.3)
        keep = TRUE;
      else if (is_paragraph (s, ss) || is_element (s, "p"))
        {
          double ld = link_density (ss);

          if (ss->chars > 80 && ld < 0.25)
            keep = TRUE;
          else if (ss->chars > 0 && ss->chars <= 80 && ld == 0 && ss->punct > 0)
            keep = TRUE;
        }
      if (keep)
        g_ptr_array_add (parts, s);
    }
  return parts;
}

/* ------------------------------------------------------------------------ */
/* Cleaning inside the article                                              */

static char *
node_text_lower (xmlNode *node)
{
  xmlChar *content = xmlNodeGetContent (node);
  g_autofree char *c = collapse ((const char *) content);
  char *lower;

  xmlFree (content);
  lower = g_utf8_strdown (c, -1);
  return lower;
}

static gboolean
is_headline (Page *page, xmlNode *node)
{
  g_autofree char *text = NULL;

  if (page->title_forms->len == 0)
    return FALSE;
  text = node_text_lower (node);
  if (*text == '\0')
    return FALSE;
  for (guint i = 0; i < page->title_forms->len; i++)
    {
      const char *t = page->title_forms->pdata[i];

      if (g_str_equal (t, text) || (strlen (text) >= 15 && strstr (t, text) != NULL))
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_text_figure (xmlNode *node)
{
  static const char * const textual[] = { "table", "pre", "code", "blockquote", "ol", "ul", NULL };
  xmlNode *figure = node;

  while (figure != NULL && !is_element (figure, "figure"))
    figure = figure->parent;
  if (figure == NULL)
    return FALSE;
  for (xmlNode *n = figure->children; n != NULL; n = walk_next (n, figure, TRUE))
    if (name_in (n, textual))
      return TRUE;
  return FALSE;
}

/* Whether @node's whole text is the label of an advert slot ("Advertisement",
 * "Anzeige", "广告"): the slot's script is gone, its label is left in the text. */
static gboolean
is_advert_label (Page *page, xmlNode *node)
{
  static const char * const labels[] = {
    "ad", "advert", "advertisement", "advertising", "sponsored", "sponsored content",
    "anzeige", "werbung", "publicidad", "publicité", "pubblicità", "reklama", "реклама",
    "广告", "広告", "광고", NULL
  };
  g_autofree char *text = NULL;
  Stats *s = stats_of (page, node);

  if (s->chars == 0 || s->chars > 20 || s->punct > 0)
    return FALSE;
  text = node_text_lower (node);
  return g_strv_contains (labels, text);
}

/* Whether an element inside the article is furniture all the same. */
static gboolean
is_inner_furniture (Page *page, xmlNode *node, guint article_chars)
{
  static const char * const lists[] = { "ul", "ol", "dl", "table", "div", "section", "figure", "header", NULL };
  Stats *s = stats_of (page, node);
  double ld = link_density (s);

  if (is_element (node, "h1"))
    return is_headline (page, node) || s->chars == 0;
  /* Photo captions and credits; a caption of a table, quotation or listing stays. */
  if ((is_element (node, "figure") || is_element (node, "figcaption")) && !is_text_figure (node))
    return TRUE;
  if ((s->hints & HINT_CAPTION) && !(s->hints & HINT_POSITIVE) && s->chars < 400 && s->chars < article_chars / 4)
    return TRUE;
  /* A class name can lie ("elementor-widget" around a whole post): not what holds most of the article. */
  if (s->hints & HINT_FURNITURE && !(s->hints & HINT_POSITIVE) && s->chars - s->link_chars < article_chars / 2 &&
      !is_quotation (page, node))
    return TRUE;
  if ((s->hints & HINT_BYLINE) && s->chars < 200 && s->chars < article_chars / 4)
    return TRUE;
  if (is_element (node, "address") && s->chars < 200)
    return TRUE;
  if (is_advert_label (page, node))
    return TRUE;
  /* Link lists and link-only paragraphs ("Read more: ..."); an article that is
   * itself a digest of links (each item a linked headline and a sentence) keeps them.
   * Only blocks: a link inside running text is the sentence's own words. */
  if (!is_block (node))
    return FALSE;
  if (s->chars > 0 && ld > (page->article_ld > 0.25 ? 0.85 : 0.5) && (name_in (node, lists) || s->chars < 200))
    return TRUE;
  if (name_in (node, lists) && s->chars > 0 && ld > 0.33 && s->punct < 3 && page->article_ld <= 0.25)
    return TRUE;
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Writing text                                                             */

typedef struct {
  GString    *out;
  int         pending_break;
  char        pending_sep;
  const char *pending_prefix;
  char        prefix_buf[24];
  guint       pre_depth;
  gboolean    pre_fresh;
} Writer;

static void
request_paragraph (Writer *w)
{
  w->pending_break = 2;
}

static void
flush_pending (Writer *w)
{
  if (w->out->len > 0)
    {
      if (w->pending_break > 0)
        {
          while (w->out->len > 0 && strchr (" \t\n", w->out->str[w->out->len - 1]) != NULL)
            g_string_truncate (w->out, w->out->len - 1);
          for (int i = 0; i < w->pending_break; i++)
            g_string_append_c (w->out, '\n');
        }
      else if (w->pending_sep != '\0' && w->out->str[w->out->len - 1] != '\n')
        g_string_append_c (w->out, w->pending_sep);
    }
  w->pending_break = 0;
  w->pending_sep = '\0';
  if (w->pending_prefix != NULL)
    {
      g_string_append (w->out, w->pending_prefix);
      w->pending_prefix = NULL;
    }
}

static gboolean
is_html_space (const char *p, gsize *n_bytes)
{
  if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f')
    {
      *n_bytes = 1;
      return TRUE;
    }
  if ((guchar) p[0] == 0xc2 && (guchar) p[1] == 0xa0)
    {
      *n_bytes = 2;
      return TRUE;
    }
  return FALSE;
}

static void
emit_text (Writer *w, const char *text)
{
  const char *p = text;

  if (text == NULL || *text == '\0')
    return;
  if (w->pre_depth > 0)
    {
      if (w->pre_fresh && *p == '\r')
        p++;
      if (w->pre_fresh && *p == '\n')
        p++;
      w->pre_fresh = FALSE;
      if (*p != '\0')
        {
          flush_pending (w);
          g_string_append (w->out, p);
        }
      return;
    }
  while (*p != '\0')
    {
      const char *run = p;
      gsize n = 0;

      if (is_html_space (p, &n))
        {
          if (w->pending_sep == '\0')
            w->pending_sep = ' ';
          p += n;
          continue;
        }
      while (*p != '\0' && !is_html_space (p, &n))
        p++;
      flush_pending (w);
      g_string_append_len (w->out, run, p - run);
    }
}

static void
start_list_item (Writer *w, xmlNode *li)
{
  request_paragraph (w);
  w->pending_prefix = "• ";
  if (li->parent != NULL && is_element (li->parent, "ol"))
    {
      g_autofree char *start = get_attr (li->parent, "start");
      gint64 number = start != NULL ? g_ascii_strtoll (start, NULL, 10) : 1;

      for (xmlNode *s = li->prev; s != NULL; s = s->prev)
        if (is_element (s, "li"))
          number++;
      g_snprintf (w->prefix_buf, sizeof w->prefix_buf, "%" G_GINT64_FORMAT ". ", number);
      w->pending_prefix = w->prefix_buf;
    }
}

typedef struct {
  Page    *page;        /* NULL: write everything (no cleaning) */
  guint    article_chars;
  xmlNode *root;        /* the part being written: never furniture itself */
} WriteContext;

static gboolean
enter_node (Writer *w, const WriteContext *ctx, xmlNode *node)
{
  if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
    {
      emit_text (w, (const char *) node->content);
      return FALSE;
    }
  if (node->type != XML_ELEMENT_NODE)
    return FALSE;
  if (ctx->page != NULL && node != ctx->root && is_inner_furniture (ctx->page, node, ctx->article_chars))
    {
      if (is_block (node))
        request_paragraph (w);
      return FALSE;
    }
  if (is_element (node, "br"))
    {
      if (w->pre_depth > 0)
        {
          flush_pending (w);
          g_string_append_c (w->out, '\n');
        }
      else
        w->pending_break = MIN (w->pending_break + 1, 2);
      return FALSE;
    }
  if (is_element (node, "td") || is_element (node, "th"))
    {
      for (xmlNode *s = node->prev; s != NULL; s = s->prev)
        if (is_element (s, "td") || is_element (s, "th"))
          {
            w->pending_sep = '\t';
            break;
          }
      return TRUE;
    }
  if (is_element (node, "li"))
    start_list_item (w, node);
  else if (is_element (node, "pre"))
    {
      request_paragraph (w);
      w->pre_depth++;
      w->pre_fresh = TRUE;
    }
  else if (is_block (node) && !is_element (node, "td") && !is_element (node, "th"))
    request_paragraph (w);
  return TRUE;
}

static void
leave_node (Writer *w, xmlNode *node)
{
  if (node->type != XML_ELEMENT_NODE)
    return;
  if (is_element (node, "li"))
    {
      request_paragraph (w);
      w->pending_prefix = NULL;
    }
  else if (is_element (node, "pre"))
    {
      w->pre_depth--;
      request_paragraph (w);
    }
  else if (is_block (node) && !is_element (node, "td") && !is_element (node, "th"))
    request_paragraph (w);
}

/* Writes @root (itself included) into @w. */
static void
write_node (Writer *w, const WriteContext *ctx, xmlNode *root)
{
  xmlNode *node = root;

  while (node != NULL)
    {
      if (enter_node (w, ctx, node))
        {
          if (node->children != NULL)
            {
              node = node->children;
              continue;
            }
          leave_node (w, node);
        }
      if (node == root)
        break;
      while (node != NULL && node->next == NULL)
        {
          node = node->parent;
          if (node == NULL)
            break;
          leave_node (w, node);
          if (node == root)
            {
              node = NULL;
              break;
            }
        }
      if (node != NULL)
        node = node->next;
    }
}

/* Tidies the text: no trailing spaces, at most one blank line, none at the ends. */
static char *
tidy (GString *raw)
{
  GString *out = g_string_sized_new (raw->len);
  g_auto(GStrv) lines = g_strsplit (raw->str, "\n", -1);
  int blank = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      gsize n = strlen (line);

      while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t'))
        n--;
      line[n] = '\0';
      if (n == 0)
        {
          blank++;
          continue;
        }
      if (out->len > 0)
        g_string_append (out, blank > 0 ? "\n\n" : "\n");
      blank = 0;
      g_string_append (out, line);
    }
  return g_string_free (out, FALSE);
}

/* Whether a paragraph is a short label rather than prose: no sentence ends in it. */
static gboolean
is_label (const char *para)
{
  gsize n = strlen (para);
  const char *last;
  gunichar c;

  if (g_utf8_strlen (para, -1) >= 40 || n == 0)
    return FALSE;
  last = g_utf8_find_prev_char (para, para + n);
  c = g_utf8_get_char (last);
  return !(is_punct (c) && c != ',' && c != ':' && c != 0x3001 && c != 0xff0c) &&
         c != '"' && c != 0x201d && c != 0x00bb && c != ')';
}

/* Drops the labels left at the start and end of the article ("Share", "Advert",
 * "Comments", "You may also like", a section name): an article starts and ends
 * with prose. */
static char *
trim_labels (char *text)
{
  g_auto(GStrv) paras = g_strsplit (text, "\n\n", -1);
  guint n = g_strv_length (paras);
  guint first = 0, last = n;
  GString *out;

  while (first < last && is_label (paras[first]))
    first++;
  while (last > first && is_label (paras[last - 1]))
    last--;
  if (first == last || (first == 0 && last == n))
    return text;
  out = g_string_new (NULL);
  for (guint i = first; i < last; i++)
    {
      if (out->len > 0)
        g_string_append (out, "\n\n");
      g_string_append (out, paras[i]);
    }
  g_free (text);
  return g_string_free (out, FALSE);
}

static char *
write_parts (Page *page, GPtrArray *parts, guint article_chars)
{
  Writer w = { 0 };
  WriteContext ctx = { page, article_chars, NULL };
  g_autoptr(GString) raw = g_string_new (NULL);

  w.out = raw;
  for (guint i = 0; i < parts->len; i++)
    {
      request_paragraph (&w);
      ctx.root = parts->pdata[i];
      write_node (&w, &ctx, parts->pdata[i]);
    }
  return trim_labels (tidy (raw));
}

/* ------------------------------------------------------------------------ */
/* Source details                                                           */

typedef struct {
  char *title;          /* JSON-LD headline */
  char *og_title;
  char *html_title;     /* <title> */
  char *h1;
  gboolean h1_in_section;
  char *site_name;      /* og:site_name, application-name */
  GPtrArray *authors;   /* collected, deduplicated later */
  gboolean   authors_from_ld;
} Details;

static void
add_author (GPtrArray *authors, const char *name)
{
  g_autofree char *clean = clean_value (name);
  char *p;

  if (clean == NULL || g_str_has_prefix (clean, "http://") || g_str_has_prefix (clean, "https://"))
    return;
  /* "By Jane Doe" */
  if (g_ascii_strncasecmp (clean, "by ", 3) == 0)
    memmove (clean, clean + 3, strlen (clean + 3) + 1);
  if ((p = strchr (clean, '|')) != NULL)
    *p = '\0';
  g_strstrip (clean);
  if (*clean == '\0' || g_utf8_strlen (clean, -1) > 80)
    return;
  for (guint i = 0; i < authors->len; i++)
    if (g_utf8_collate (authors->pdata[i], clean) == 0)
      return;
  g_ptr_array_add (authors, g_steal_pointer (&clean));
}

static const char *
ld_string (JsonObject *o, const char *member)
{
  JsonNode *n = json_object_get_member (o, member);

  if (n == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
    return json_node_get_string (n);
  if (JSON_NODE_HOLDS_ARRAY (n) && json_array_get_length (json_node_get_array (n)) > 0)
    {
      JsonNode *first = json_array_get_element (json_node_get_array (n), 0);

      if (JSON_NODE_HOLDS_VALUE (first) && json_node_get_value_type (first) == G_TYPE_STRING)
        return json_node_get_string (first);
    }
  if (JSON_NODE_HOLDS_OBJECT (n))
    {
      JsonObject *inner = json_node_get_object (n);

      if (json_object_has_member (inner, "name"))
        return ld_string (inner, "name");
      if (json_object_has_member (inner, "@id"))
        return ld_string (inner, "@id");
      if (json_object_has_member (inner, "url"))
        return ld_string (inner, "url");
    }
  return NULL;
}

static gboolean
ld_type_in (JsonObject *o, const char * const *types)
{
  JsonNode *t = json_object_get_member (o, "@type");
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  if (t == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (t) && json_node_get_value_type (t) == G_TYPE_STRING)
    g_ptr_array_add (names, (gpointer) json_node_get_string (t));
  else if (JSON_NODE_HOLDS_ARRAY (t))
    {
      JsonArray *a = json_node_get_array (t);

      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonNode *e = json_array_get_element (a, i);

          if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING)
            g_ptr_array_add (names, (gpointer) json_node_get_string (e));
        }
    }
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      const char *colon = strrchr (name, '/');

      if (colon != NULL)
        name = colon + 1;
      for (guint j = 0; types[j] != NULL; j++)
        if (g_str_equal (name, types[j]))
          return TRUE;
    }
  return FALSE;
}

static const char * const article_types[] = {
  "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
  "BackgroundNewsArticle", "ReviewNewsArticle", "BlogPosting", "LiveBlogPosting", "Report",
  "ScholarlyArticle", "SocialMediaPosting", "TechArticle", "WebPage", "MedicalWebPage",
  "Review", "Blog", "VideoObject", "Recipe", "AskPublicMediaNewsArticle", "SatiricalArticle",
  NULL
};

static void
ld_authors (JsonNode *n, GPtrArray *authors)
{
  if (n == NULL)
    return;
  if (JSON_NODE_HOLDS_ARRAY (n))
    {
      JsonArray *a = json_node_get_array (n);

      for (guint i = 0; i < json_array_get_length (a); i++)
        ld_authors (json_array_get_element (a, i), authors);
    }
  else if (JSON_NODE_HOLDS_OBJECT (n))
    {
      JsonObject *o = json_node_get_object (n);

      if (json_object_has_member (o, "name"))
        ld_authors (json_object_get_member (o, "name"), authors);
    }
  else if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (n);

      /* "A, B and C" as one string stays one entry: names can hold commas. */
      add_author (authors, s);
    }
}

/* Reads one JSON-LD object (and what it nests: @graph, arrays). Article types
 * rank above WebPage: the first article-like object found wins for each field. */
static void
ld_visit (JsonNode *node, GlossHtmlArticle *a, Details *d, int depth, gboolean articles_only)
{
  JsonObject *o;
  static const char * const strong_types[] = {
    "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
    "BackgroundNewsArticle", "ReviewNewsArticle", "BlogPosting", "LiveBlogPosting", "Report",
    "ScholarlyArticle", "SocialMediaPosting", "TechArticle", "SatiricalArticle", "Review",
    "AskPublicMediaNewsArticle", NULL
  };
  gboolean strong;

  if (node == NULL || depth > 8)
    return;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *arr = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (arr); i++)
        ld_visit (json_array_get_element (arr, i), a, d, depth + 1, articles_only);
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return;
  o = json_node_get_object (node);
  if (json_object_has_member (o, "@graph"))
    ld_visit (json_object_get_member (o, "@graph"), a, d, depth + 1, articles_only);
  if (json_object_has_member (o, "mainEntity") && !articles_only)
    ld_visit (json_object_get_member (o, "mainEntity"), a, d, depth + 1, articles_only);

  strong = ld_type_in (o, strong_types);
  if (articles_only ? !strong : !ld_type_in (o, article_types))
    {
      /* A site's own Organization or WebSite names the publisher. */
      if (!articles_only && (ld_type_in (o, (const char * const[]) { "WebSite", NULL }) ||
                             ld_type_in (o, (const char * const[]) { "NewsMediaOrganization", "Organization", NULL })))
        set_if_unset (&d->site_name, ld_string (o, "name"));
      return;
    }

  if (d->title == NULL)
    {
      const char *h = ld_string (o, "headline");

      if (h == NULL && strong)
        h = ld_string (o, "name");
      d->title = clean_value (h);
    }
  if (d->authors->len == 0)
    {
      ld_authors (json_object_get_member (o, "author"), d->authors);
      if (d->authors->len == 0)
        ld_authors (json_object_get_member (o, "creator"), d->authors);
      d->authors_from_ld = d->authors->len > 0;
    }
  if (a->published == NULL)
    a->published = gloss_html_normalize_date (ld_string (o, "datePublished"));
  if (a->published == NULL)
    a->published = gloss_html_normalize_date (ld_string (o, "dateCreated"));
  if (a->modified == NULL)
    a->modified = gloss_html_normalize_date (ld_string (o, "dateModified"));
  if (a->publisher == NULL)
    {
      JsonNode *p = json_object_get_member (o, "publisher");

      if (p != NULL && JSON_NODE_HOLDS_ARRAY (p) && json_array_get_length (json_node_get_array (p)) > 0)
        p = json_array_get_element (json_node_get_array (p), 0);
      if (p != NULL && JSON_NODE_HOLDS_OBJECT (p))
        set_if_unset (&a->publisher, ld_string (json_node_get_object (p), "name"));
      else if (p != NULL && JSON_NODE_HOLDS_VALUE (p) && json_node_get_value_type (p) == G_TYPE_STRING)
        set_if_unset (&a->publisher, json_node_get_string (p));
    }
  if (a->description == NULL)
    set_if_unset (&a->description, ld_string (o, "description"));
  if (a->language == NULL)
    set_if_unset (&a->language, ld_string (o, "inLanguage"));
  if (a->url == NULL && strong)
    {
      const char *u = ld_string (o, "url");

      if (u == NULL)
        u = ld_string (o, "mainEntityOfPage");
      if (u != NULL && (g_str_has_prefix (u, "http://") || g_str_has_prefix (u, "https://")))
        set_if_unset (&a->url, u);
    }
}

static void
read_json_ld (GPtrArray *scripts, GlossHtmlArticle *a, Details *d)
{
  /* Two passes: article objects first, then anything else for what is missing. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < scripts->len; i++)
      {
        g_autoptr(JsonParser) parser = json_parser_new ();
        const char *text = scripts->pdata[i];

        if (!json_parser_load_from_data (parser, text, -1, NULL))
          continue;
        ld_visit (json_parser_get_root (parser), a, d, 0, pass == 0);
      }
}

typedef struct {
  char *og_type, *og_url, *og_description, *article_published, *article_modified;
  char *meta_author, *meta_date, *meta_publisher, *meta_description, *dc_creator, *dc_date,
       *dc_publisher, *dc_title, *dc_language, *canonical, *meta_title, *article_author,
       *parsely_author, *sailthru_author, *parsely_date, *time_datetime, *http_language;
  GPtrArray *ld_scripts;
  GPtrArray *rel_authors;
} Raw;

static void
raw_clear (Raw *r)
{
  char **fields[] = {
    &r->og_type, &r->og_url, &r->og_description, &r->article_published, &r->article_modified,
    &r->meta_author, &r->meta_date, &r->meta_publisher, &r->meta_description, &r->dc_creator,
    &r->dc_date, &r->dc_publisher, &r->dc_title, &r->dc_language, &r->canonical, &r->meta_title,
    &r->article_author, &r->parsely_author, &r->sailthru_author, &r->parsely_date,
    &r->time_datetime, &r->http_language,
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_clear_pointer (fields[i], g_free);
  g_clear_pointer (&r->ld_scripts, g_ptr_array_unref);
  g_clear_pointer (&r->rel_authors, g_ptr_array_unref);
}

static void
read_meta (xmlNode *node, GlossHtmlArticle *a, Details *d, Raw *r)
{
  g_autofree char *key_raw = NULL;
  g_autofree char *content = get_attr (node, "content");
  g_autofree char *key = NULL;

  key_raw = get_attr (node, "property");
  if (key_raw == NULL)
    key_raw = get_attr (node, "name");
  if (key_raw == NULL)
    key_raw = get_attr (node, "itemprop");
  if (key_raw == NULL)
    {
      g_autofree char *equiv = get_attr (node, "http-equiv");

      if (equiv != NULL && g_ascii_strcasecmp (equiv, "content-language") == 0)
        set_if_unset (&r->http_language, content);
      return;
    }
  if (content == NULL)
    return;
  key = g_ascii_strdown (g_strstrip (key_raw), -1);

#define TAKE(name, field) else if (g_str_equal (key, name)) set_if_unset (&(field), content)
  if (FALSE) {}
  TAKE ("og:title", d->og_title);
  TAKE ("og:site_name", d->site_name);
  TAKE ("og:type", r->og_type);
  TAKE ("og:url", r->og_url);
  TAKE ("og:description", r->og_description);
  TAKE ("og:locale", a->language);
  TAKE ("article:published_time", r->article_published);
  TAKE ("og:article:published_time", r->article_published);
  TAKE ("article:published", r->article_published);
  TAKE ("article:modified_time", r->article_modified);
  TAKE ("og:updated_time", r->article_modified);
  TAKE ("article:author", r->article_author);
  TAKE ("author", r->meta_author);
  TAKE ("byl", r->meta_author);
  TAKE ("parsely-author", r->parsely_author);
  TAKE ("sailthru.author", r->sailthru_author);
  TAKE ("dc.creator", r->dc_creator);
  TAKE ("dcterms.creator", r->dc_creator);
  TAKE ("dc.date", r->dc_date);
  TAKE ("dc.date.issued", r->dc_date);
  TAKE ("dcterms.date", r->dc_date);
  TAKE ("dcterms.issued", r->dc_date);
  TAKE ("dcterms.created", r->dc_date);
  TAKE ("dc.publisher", r->dc_publisher);
  TAKE ("dcterms.publisher", r->dc_publisher);
  TAKE ("dc.title", r->dc_title);
  TAKE ("dcterms.title", r->dc_title);
  TAKE ("dc.language", r->dc_language);
  TAKE ("dcterms.language", r->dc_language);
  TAKE ("date", r->meta_date);
  TAKE ("pubdate", r->meta_date);
  TAKE ("publishdate", r->meta_date);
  TAKE ("publish-date", r->meta_date);
  TAKE ("publish_date", r->meta_date);
  TAKE ("datepublished", r->meta_date);
  TAKE ("article.published", r->meta_date);
  TAKE ("article_date_original", r->meta_date);
  TAKE ("original-publish-date", r->meta_date);
  TAKE ("sailthru.date", r->meta_date);
  TAKE ("parsely-pub-date", r->parsely_date);
  TAKE ("publisher", r->meta_publisher);
  TAKE ("application-name", r->meta_publisher);
  TAKE ("description", r->meta_description);
  TAKE ("twitter:title", r->meta_title);
  TAKE ("headline", r->meta_title);
#undef TAKE
}

/* Whether @value (a class or id) has a word that starts with "comment" and is not
 * "commentary" (opinion pieces call themselves that). */
static gboolean
names_comments (const char *value)
{
  g_autofree char *lower = value != NULL ? g_ascii_strdown (value, -1) : NULL;

  for (const char *p = lower; p != NULL && (p = strstr (p, "comment")) != NULL; p += 7)
    {
      gboolean starts_word = p == lower || !g_ascii_isalnum (p[-1]);

      if (starts_word && !g_str_has_prefix (p, "commentary"))
        return TRUE;
    }
  return FALSE;
}

/* A block of readers' comments (or a comment form), by its class or id. The page's
 * own containers are not: WordPress marks <body> "comments-open", an <article>
 * "comment-status-open". */
static gboolean
is_comments_block (xmlNode *node)
{
  g_autofree char *cls = NULL;
  g_autofree char *id = NULL;

  if (is_element (node, "html") || is_element (node, "body") || is_element (node, "main") ||
      is_element (node, "article"))
    return FALSE;
  cls = get_attr (node, "class");
  id = get_attr (node, "id");
  return names_comments (cls) || names_comments (id);
}

/* Whether an element below @node is marked as the author (rel or itemprop). */
static gboolean
has_marked_author (xmlNode *node)
{
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    {
      g_autofree char *rel = NULL;
      g_autofree char *itemprop = NULL;

      if (c->type != XML_ELEMENT_NODE)
        continue;
      rel = get_attr (c, "rel");
      itemprop = get_attr (c, "itemprop");
      if ((rel != NULL && g_str_equal (rel, "author")) || (itemprop != NULL && g_str_equal (itemprop, "author")) ||
          has_marked_author (c))
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_byline_node (xmlNode *node)
{
  Hint h = node_hints (node);
  g_autofree char *cls = get_attr (node, "class");
  g_autofree char *lower = cls != NULL ? g_ascii_strdown (cls, -1) : NULL;

  if (!(h & HINT_BYLINE))
    return FALSE;
  if (lower != NULL && (strstr (lower, "date") != NULL || strstr (lower, "time") != NULL))
    return FALSE;
  return lower == NULL || strstr (lower, "byline") != NULL || strstr (lower, "author") != NULL;
}

/* Reads the source details of the whole page (before anything is dropped). */
static void
read_details (xmlNode *root, GlossHtmlArticle *a, Details *d, Raw *r)
{
  r->ld_scripts = g_ptr_array_new_with_free_func (g_free);
  r->rel_authors = g_ptr_array_new_with_free_func (g_free);

  {
    g_autofree char *lang = get_attr (root, "lang");

    if (lang == NULL)
      lang = get_attr (root, "xml:lang");
    set_if_unset (&a->language, lang);
  }

  for (xmlNode *n = root; n != NULL; )
    {
      gboolean descend = n->type == XML_ELEMENT_NODE;

      if (n->type == XML_ELEMENT_NODE)
        {
          if (is_element (n, "meta"))
            read_meta (n, a, d, r);
          else if (is_element (n, "title") && d->html_title == NULL && !is_element (n->parent, "svg"))
            {
              xmlChar *c = xmlNodeGetContent (n);

              d->html_title = clean_value ((const char *) c);
              xmlFree (c);
              descend = FALSE;
            }
          else if (is_element (n, "link"))
            {
              g_autofree char *rel = get_attr (n, "rel");
              g_autofree char *href = get_attr (n, "href");

              if (rel != NULL && href != NULL && g_ascii_strcasecmp (rel, "canonical") == 0)
                set_if_unset (&r->canonical, href);
            }
          else if (is_element (n, "script"))
            {
              g_autofree char *type = get_attr (n, "type");

              if (type != NULL && g_ascii_strcasecmp (g_strstrip (type), "application/ld+json") == 0)
                {
                  xmlChar *c = xmlNodeGetContent (n);

                  if (c != NULL && r->ld_scripts->len < 32)
                    g_ptr_array_add (r->ld_scripts, g_strdup ((const char *) c));
                  xmlFree (c);
                }
              descend = FALSE;
            }
          else if (is_element (n, "svg") || is_element (n, "style") || is_element (n, "template") ||
                   is_element (n, "label") || is_element (n, "textarea") || is_element (n, "select") ||
                   is_comments_block (n))
            /* A comment form's "Name *" field and the names of commenters are not
             * the article's author. (Not all of <form>: ASP.NET pages are one.) */
            descend = FALSE;
          else if (is_element (n, "h1") && (d->h1 == NULL || (!d->h1_in_section && in_section (n))))
            {
              xmlChar *c = xmlNodeGetContent (n);
              char *v = clean_value ((const char *) c);

              xmlFree (c);
              if (v != NULL)
                {
                  g_free (d->h1);
                  d->h1 = v;
                  d->h1_in_section = in_section (n);
                }
            }
          else if (is_element (n, "time") && r->time_datetime == NULL)
            {
              g_autofree char *dt = get_attr (n, "datetime");
              g_autofree char *itemprop = get_attr (n, "itemprop");

              if (dt != NULL && (itemprop == NULL || strstr (itemprop, "Modified") == NULL))
                r->time_datetime = gloss_html_normalize_date (dt);
            }
          else if (r->rel_authors->len < 8)
            {
              g_autofree char *rel = get_attr (n, "rel");
              g_autofree char *itemprop = get_attr (n, "itemprop");
              gboolean author_node = (rel != NULL && g_str_equal (rel, "author")) ||
                                     (itemprop != NULL && g_str_equal (itemprop, "author")) ||
                                     is_byline_node (n);

              gboolean marked = (rel != NULL && g_str_equal (rel, "author")) ||
                                (itemprop != NULL && g_str_equal (itemprop, "author"));

              /* A byline known by its class alone ("entry-byline") is taken whole only
               * when no author is marked inside it; either way its <time> is looked at. */
              if (author_node && (marked || !has_marked_author (n)))
                {
                  xmlChar *c = xmlNodeGetContent (n);
                  g_autofree char *v = clean_value ((const char *) c);

                  xmlFree (c);
                  if (v != NULL && g_utf8_strlen (v, -1) <= 120)
                    g_ptr_array_add (r->rel_authors, g_steal_pointer (&v));
                }
              if (marked)
                descend = FALSE;
            }
        }
      n = walk_next (n, root, descend);
    }
}

/* Whether @title ends in one of @seps followed by @part: "Story | Part". */
static gboolean
is_title_tail (const char *title, const char *part, const char * const *seps)
{
  gsize tl = strlen (title), pl = strlen (part);

  if (pl >= tl || strcmp (title + tl - pl, part) != 0)
    return FALSE;
  for (guint i = 0; seps[i] != NULL; i++)
    {
      gsize sl = strlen (seps[i]);

      if (tl - pl >= sl && strncmp (title + tl - pl - sl, seps[i], sl) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Removes a site's name from a title: "Story | Site", "Site - Story", "Story — Site". */
static char *
strip_site_suffix (const char *title, const char *site, const char *h1)
{
  static const char * const seps[] = { " | ", " - ", " – ", " — ", " :: ", " · ", " // ", " « ", " » ", " • ", NULL };
  g_autofree char *best = NULL;

  if (title == NULL)
    return NULL;
  /* When the headline on the page is inside the title, that is the title; unless
   * that "headline" is the site's name (a blog's masthead is often its first <h1>),
   * as the site or as what closes the title after a separator. */
  if (h1 != NULL && g_utf8_strlen (h1, -1) >= 10 && strstr (title, h1) != NULL &&
      (site == NULL || g_utf8_collate (h1, site) != 0) && !is_title_tail (title, h1, seps))
    return g_strdup (h1);
  for (guint i = 0; seps[i] != NULL; i++)
    {
      const char *first = strstr (title, seps[i]);
      const char *last = g_strrstr (title, seps[i]);
      gsize sl = strlen (seps[i]);

      if (last != NULL)
        {
          g_autofree char *head = g_strndup (title, last - title);
          const char *tail = last + sl;

          if (site != NULL && g_ascii_strcasecmp (tail, site) == 0)
            return g_strdup (head);
          /* A short tail after the last separator is the site. */
          if (g_utf8_strlen (tail, -1) <= 40 && g_utf8_strlen (head, -1) >= 8 &&
              g_utf8_strlen (tail, -1) <= g_utf8_strlen (head, -1))
            {
              if (best == NULL || strlen (head) < strlen (best))
                {
                  g_free (best);
                  best = g_strdup (head);
                }
            }
        }
      if (first != NULL)
        {
          g_autofree char *head = g_strndup (title, first - title);
          const char *tail = first + sl;

          if (site != NULL && g_ascii_strcasecmp (head, site) == 0)
            return g_strdup (tail);
        }
    }
  if (best != NULL)
    return g_steal_pointer (&best);
  return g_strdup (title);
}

static char *
join_authors (GPtrArray *authors)
{
  GString *out;

  if (authors->len == 0)
    return NULL;
  out = g_string_new (NULL);
  for (guint i = 0; i < authors->len && i < 12; i++)
    {
      if (out->len > 0)
        g_string_append (out, "; ");
      g_string_append (out, authors->pdata[i]);
    }
  return g_string_free (out, FALSE);
}

static gboolean
is_absolute_url (const char *u)
{
  return u != NULL && (g_str_has_prefix (u, "http://") || g_str_has_prefix (u, "https://"));
}

static void
finish_details (GlossHtmlArticle *a, Details *d, Raw *r)
{
  read_json_ld (r->ld_scripts, a, d);

  /* Title: the JSON-LD headline, og:title, the headline of the page or <title>, site name removed. */
  {
    const char *site = d->site_name != NULL ? d->site_name : a->publisher;
    const char *title = d->title != NULL ? d->title : d->og_title != NULL ? d->og_title :
                        r->meta_title != NULL ? r->meta_title : r->dc_title != NULL ? r->dc_title : NULL;

    if (title != NULL)
      a->title = strip_site_suffix (title, site, d->h1);
    else if (d->html_title != NULL)
      a->title = strip_site_suffix (d->html_title, site, d->h1);
    else
      a->title = g_strdup (d->h1);
  }

  /* Authors. */
  if (d->authors->len == 0)
    {
      const char *meta[] = { r->meta_author, r->dc_creator, r->parsely_author, r->sailthru_author, NULL };

      for (guint i = 0; i < 4; i++)
        if (meta[i] != NULL && d->authors->len == 0)
          add_author (d->authors, meta[i]);
      if (d->authors->len == 0 && r->article_author != NULL)
        add_author (d->authors, r->article_author);
      for (guint i = 0; d->authors->len == 0 && i < r->rel_authors->len; i++)
        add_author (d->authors, r->rel_authors->pdata[i]);
    }
  a->author = join_authors (d->authors);

  /* Date. */
  {
    const char *dates[] = { r->article_published, r->dc_date, r->meta_date, r->parsely_date, NULL };

    for (guint i = 0; a->published == NULL && i < G_N_ELEMENTS (dates); i++)
      a->published = gloss_html_normalize_date (dates[i]);
    if (a->published == NULL && r->time_datetime != NULL)
      a->published = g_strdup (r->time_datetime);
    if (a->modified == NULL)
      a->modified = gloss_html_normalize_date (r->article_modified);
  }

  /* Publisher. */
  set_if_unset (&a->publisher, d->site_name);
  set_if_unset (&a->publisher, r->dc_publisher);
  set_if_unset (&a->publisher, r->meta_publisher);

  /* Address. */
  if (is_absolute_url (r->canonical))
    set_if_unset (&a->url, r->canonical);
  if (is_absolute_url (r->og_url))
    set_if_unset (&a->url, r->og_url);

  set_if_unset (&a->language, r->dc_language);
  set_if_unset (&a->language, r->http_language);
  if (a->language != NULL)
    {
      /* og:locale writes en_US. */
      for (char *p = a->language; *p != '\0'; p++)
        if (*p == '_')
          *p = '-';
    }
  set_if_unset (&a->description, r->og_description);
  set_if_unset (&a->description, r->meta_description);
}

/* ------------------------------------------------------------------------ */
/* Dates                                                                    */

static int
month_number (const char *word)
{
  static const char * const months[] = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
  };

  for (int i = 0; i < 12; i++)
    if (g_ascii_strncasecmp (word, months[i], 3) == 0)
      return i + 1;
  return 0;
}

static gboolean
valid_ymd (int y, int m, int d)
{
  return y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= g_date_get_days_in_month (m, y);
}

char *
gloss_html_normalize_date (const char *value)
{
  g_autofree char *v = NULL;
  int y = 0, m = 0, d = 0, H = -1, M = 0, S = 0;
  const char *p;
  char zone[16] = "";

  if (value == NULL)
    return NULL;
  v = g_strstrip (g_strdup (value));
  if (*v == '\0')
    return NULL;

  /* ISO 8601 and its near relatives: 2019-11-19, 2019-11-19T10:00:00.000+00:00, 2019/11/19 10:00. */
  if (g_ascii_isdigit (v[0]) && strlen (v) >= 10 && g_ascii_isdigit (v[3]) &&
      (v[4] == '-' || v[4] == '/') && (v[7] == '-' || v[7] == '/'))
    {
      y = atoi (v);
      m = atoi (v + 5);
      d = atoi (v + 8);
      if (!valid_ymd (y, m, d))
        return NULL;
      p = v + 10;
      if ((*p == 'T' || *p == ' ') && g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2]) && p[3] == ':')
        {
          H = atoi (p + 1);
          M = atoi (p + 4);
          p += 6;
          if (*p == ':')
            {
              S = atoi (p + 1);
              p += 3;
            }
          if (*p == '.' || *p == ',')
            {
              p++;
              while (g_ascii_isdigit (*p))
                p++;
            }
          while (*p == ' ')
            p++;
          if (*p == 'Z' || *p == 'z')
            g_strlcpy (zone, "Z", sizeof zone);
          else if ((*p == '+' || *p == '-') && g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2]))
            {
              int zh = atoi ((char[]) { p[1], p[2], 0 });
              int zm = 0;

              if (p[3] == ':' && g_ascii_isdigit (p[4]))
                zm = atoi ((char[]) { p[4], p[5], 0 });
              else if (g_ascii_isdigit (p[3]) && g_ascii_isdigit (p[4]))
                zm = atoi ((char[]) { p[3], p[4], 0 });
              if (zh <= 14 && zm < 60)
                g_snprintf (zone, sizeof zone, "%c%02d:%02d", *p, zh, zm);
            }
          if (H > 23 || M > 59 || S > 60)
            H = -1;
        }
    }
  else
    {
      /* Words: "Tue, 19 Nov 2019 10:00:00 GMT", "November 19, 2019", "19 November 2019". */
      g_auto(GStrv) tokens = g_strsplit_set (v, " ,", -1);
      int numbers[3];
      int n_numbers = 0;

      for (guint i = 0; tokens[i] != NULL; i++)
        {
          const char *t = tokens[i];

          if (*t == '\0')
            continue;
          if (g_ascii_isalpha (*t) && m == 0 && strlen (t) >= 3 && month_number (t) > 0 &&
              (strlen (t) == 3 || g_ascii_isalpha (t[3]) || t[3] == '.'))
            m = month_number (t);
          else if (g_ascii_isdigit (*t) && strchr (t, ':') != NULL && H < 0)
            {
              H = atoi (t);
              M = atoi (strchr (t, ':') + 1);
              if (strchr (strchr (t, ':') + 1, ':') != NULL)
                S = atoi (strrchr (t, ':') + 1);
            }
          else if (g_ascii_isdigit (*t) && n_numbers < 3)
            numbers[n_numbers++] = atoi (t);
          else if ((g_str_equal (t, "GMT") || g_str_equal (t, "UTC") || g_str_equal (t, "Z")) && H >= 0)
            g_strlcpy (zone, "Z", sizeof zone);
          else if ((*t == '+' || *t == '-') && strlen (t) == 5 && H >= 0)
            g_snprintf (zone, sizeof zone, "%c%.2s:%.2s", *t, t + 1, t + 3);
        }
      if (m == 0 || n_numbers < 2)
        return NULL;
      if (numbers[0] >= 1000)
        {
          y = numbers[0];
          d = numbers[1];
        }
      else
        {
          d = numbers[0];
          y = numbers[1];
        }
      if (!valid_ymd (y, m, d))
        return NULL;
      if (H > 23 || M > 59 || S > 60)
        H = -1;
    }

  if (H < 0)
    return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d%s", y, m, d, H, M, S, zone);
}

/* ------------------------------------------------------------------------ */
/* Entry point                                                              */

void
gloss_html_article_free (GlossHtmlArticle *article)
{
  if (article == NULL)
    return;
  g_free (article->text);
  g_free (article->title);
  g_free (article->author);
  g_free (article->published);
  g_free (article->modified);
  g_free (article->publisher);
  g_free (article->url);
  g_free (article->language);
  g_free (article->description);
  g_free (article);
}

static void
init_libxml (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      xmlInitParser ();
      g_once_init_leave (&initialized, 1);
    }
}

static xmlNode *
find_body (xmlNode *root)
{
  for (xmlNode *n = root; n != NULL; n = walk_next (n, root, n->type == XML_ELEMENT_NODE))
    if (is_element (n, "body"))
      return n;
  return root;
}

static void
add_title_form (Page *page, const char *title)
{
  if (title != NULL && *title != '\0')
    {
      g_autofree char *c = collapse (title);

      g_ptr_array_add (page->title_forms, g_utf8_strdown (c, -1));
    }
}

/* The cleaned visible text of @root: everything left after dropping what is
 * invisible and the page furniture, without scoring. */
static char *
visible_text (xmlNode *root)
{
  Writer w = { 0 };
  WriteContext ctx = { NULL, 0, NULL };
  g_autoptr(GString) raw = g_string_new (NULL);

  w.out = raw;
  write_node (&w, &ctx, root);
  return tidy (raw);
}

/* The first <article>, <main> or articleBody with text. */
static xmlNode *
semantic_container (Page *page, xmlNode *body)
{
  static const char * const names[] = { "article", "main", NULL };
  xmlNode *found = NULL;

  for (xmlNode *n = body; n != NULL && found == NULL; n = walk_next (n, body, n->type == XML_ELEMENT_NODE))
    if (n->type == XML_ELEMENT_NODE && (name_in (n, names) || (stats_of (page, n)->hints & HINT_POSITIVE)) &&
        stats_of (page, n)->chars > 0 && stats_of (page, n)->chars >= stats_of (page, body)->chars / 4 && n != body)
      found = n;
  return found;
}

static guint
count_chars (const char *text)
{
  guint chars = 0, punct = 0;

  count_text (text, &chars, &punct);
  return chars;
}

static void
debug_node (Page *page, const char *what, xmlNode *n)
{
  GString *path = g_string_new (NULL);
  Stats *s = stats_of (page, n);

  for (xmlNode *p = n; p != NULL && p->type == XML_ELEMENT_NODE; p = p->parent)
    {
      g_autofree char *cls = get_attr (p, "class");
      g_autofree char *id = get_attr (p, "id");

      g_string_prepend (path, g_strdup_printf ("/%s%s%s%s%s", p->name, cls ? "." : "", cls ? cls : "",
                                               id ? "#" : "", id ? id : ""));
    }
  g_printerr ("%s %.1f chars=%u links=%u punct=%u paras=%u hints=%x %s\n", what, s->score, s->chars,
              s->link_chars, s->punct, s->paragraphs, s->hints, path->str);
  g_string_free (path, TRUE);
}

static int
by_score (gconstpointer a, gconstpointer b, gpointer data)
{
  Page *page = data;
  double x = stats_of (page, *(xmlNode **) a)->score, y = stats_of (page, *(xmlNode **) b)->score;

  return x < y ? 1 : x > y ? -1 : 0;
}

static void
debug_candidates (Page *page, GPtrArray *candidates, xmlNode *best)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_copy (candidates, NULL, NULL);

  g_ptr_array_sort_with_data (sorted, by_score, page);
  for (guint i = 0; i < sorted->len && i < 8; i++)
    debug_node (page, "cand", sorted->pdata[i]);
}

GlossHtmlArticle *
gloss_html_extract (const char *utf8, gsize len)
{
  g_autoptr(GlossHtmlArticle) a = g_new0 (GlossHtmlArticle, 1);
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GArray) stats = g_array_new (FALSE, TRUE, sizeof (Stats));
  g_autoptr(GPtrArray) title_forms = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) candidates = g_ptr_array_new ();
  g_autoptr(GPtrArray) parts = NULL;
  Details d = { 0 };
  Raw r = { 0 };
  Page page = { 0 };
  xmlNode *root, *body, *best;
  g_autofree char *all_text = NULL;
  g_autofree char *article_text = NULL;
  guint total, all_chars, article_chars;

  init_libxml ();
  doc = htmlReadMemory (utf8, (int) MIN (len, (gsize) G_MAXINT), NULL, "UTF-8",
                        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                        HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT |
                        XML_PARSE_HUGE);
  root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
  if (root == NULL)
    {
      a->text = g_strdup ("");
      return g_steal_pointer (&a);
    }

  d.authors = g_ptr_array_new_with_free_func (g_free);
  read_details (root, a, &d, &r);
  finish_details (a, &d, &r);

  page.doc = doc;
  page.stats = stats;
  page.title_forms = title_forms;
  add_title_form (&page, a->title);
  add_title_form (&page, d.og_title);
  add_title_form (&page, d.title);
  add_title_form (&page, d.html_title);

  body = find_body (root);
  page.body = body;
  drop_invisible (body);
  wrap_loose_text (body);

  /* The fallback: what is visible, with no furniture removed. */
  all_text = visible_text (body);
  all_chars = count_chars (all_text);

  measure (&page, body);
  total = stats_of (&page, body)->chars - stats_of (&page, body)->link_chars;
  drop_furniture (&page, body, total);

  /* Measure again on what is left: fresh stats. */
  for (xmlNode *n = body; n != NULL; n = walk_next (n, body, n->type == XML_ELEMENT_NODE))
    n->_private = NULL;
  g_array_set_size (stats, 0);
  measure (&page, body);

  best = top_candidate (&page, body, candidates);
  if (g_getenv ("GLOSS_HTML_DEBUG") != NULL)
    debug_candidates (&page, candidates, best);
  if (best != NULL)
    {
      best = widen (&page, best, candidates, body);
      parts = gather (&page, best);
      page.article_ld = link_density (stats_of (&page, best));
      if (g_getenv ("GLOSS_HTML_DEBUG") != NULL)
        for (guint i = 0; i < parts->len; i++)
          debug_node (&page, "part", parts->pdata[i]);
      article_text = write_parts (&page, parts, stats_of (&page, best)->chars);
    }
  article_chars = article_text != NULL ? count_chars (article_text) : 0;

  if (article_text == NULL || article_chars == 0 ||
      (article_chars < 250 && all_chars > article_chars * 3))
    {
      /* A page this short is all article: nothing to choose, nothing to report. */
      a->fallback = all_chars >= 250;
      {
        /* The furniture-free visible text of the page's own <article> or
         * <main> when it marks one, else of the whole page; else all visible text. */
        xmlNode *semantic = semantic_container (&page, body);
        g_autofree char *cleaned = visible_text (semantic != NULL ? semantic : body);

        if (count_chars (cleaned) == 0 && semantic != NULL)
          {
            g_free (cleaned);
            cleaned = visible_text (body);
          }

        if (count_chars (cleaned) > 0)
          a->text = g_steal_pointer (&cleaned);
        else
          a->text = g_steal_pointer (&all_text);
      }
    }
  else
    a->text = g_steal_pointer (&article_text);

  /* Nodes' _private points into our array only; clear before freeing the tree. */
  for (xmlNode *n = root; n != NULL; n = walk_next (n, root, n->type == XML_ELEMENT_NODE))
    n->_private = NULL;

  g_free (d.title);
  g_free (d.og_title);
  g_free (d.html_title);
  g_free (d.h1);
  g_free (d.site_name);
  g_ptr_array_unref (d.authors);
  raw_clear (&r);
  return g_steal_pointer (&a);
}

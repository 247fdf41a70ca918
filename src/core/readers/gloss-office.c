/* gloss-office.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Word (DOCX) and OpenDocument text (ODT) to text: paragraphs and headings, list
 * items with a bullet, tables a row per line with cells apart by tabs, footnotes and
 * endnotes gathered at the end under their numbers, comments as paragraphs of their
 * own after the paragraph they remark on, tracked changes accepted (insertions kept,
 * deletions dropped). The core properties become source details. The zip was
 * unpacked with bounded expansion (gloss-reader-util.c); the XML is parsed without
 * the network and without expanding entities.
 */
#define G_LOG_DOMAIN "gloss-office"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "gloss-readers.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

#define XML_FLAGS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA)

typedef struct {
  GString    *out;        /* the document */
  GString    *para;       /* the paragraph being read */
  GPtrArray  *after;      /* comment paragraphs to add after the current one */
  GPtrArray  *notes;      /* "[1] text" paragraphs for the end */
  GHashTable *comments;   /* DOCX: comment id -> paragraph text */
  GHashTable *footnotes;  /* DOCX: id -> text */
  GHashTable *endnotes;   /* DOCX: id -> text */
  guint       n_notes;
  guint       n_endnotes;
  guint       depth;
} Office;

static gboolean
is (const xmlNode *node, const char *name)
{
  return node->type == XML_ELEMENT_NODE && strcmp ((const char *) node->name, name) == 0;
}

static char *
attr (const xmlNode *node, const char *name)
{
  for (xmlAttr *a = node->properties; a != NULL; a = a->next)
    if (strcmp ((const char *) a->name, name) == 0)
      {
        xmlChar *v = xmlNodeListGetString (node->doc, a->children, 1);
        char *copy = g_strdup ((const char *) v);

        xmlFree (v);
        return copy;
      }
  return NULL;
}

static void
office_clear (Office *o)
{
  g_string_free (o->out, TRUE);
  g_string_free (o->para, TRUE);
  g_ptr_array_unref (o->after);
  g_ptr_array_unref (o->notes);
  g_clear_pointer (&o->comments, g_hash_table_unref);
  g_clear_pointer (&o->footnotes, g_hash_table_unref);
  g_clear_pointer (&o->endnotes, g_hash_table_unref);
}

static void
office_init (Office *o)
{
  memset (o, 0, sizeof *o);
  o->out = g_string_new (NULL);
  o->para = g_string_new (NULL);
  o->after = g_ptr_array_new_with_free_func (g_free);
  o->notes = g_ptr_array_new_with_free_func (g_free);
}

static void
end_paragraph (Office *o, const char *prefix)
{
  g_autofree char *text = g_strstrip (g_strdup (o->para->str));

  g_string_truncate (o->para, 0);
  if (*text != '\0')
    g_string_append_printf (o->out, "%s%s\n\n", prefix ? prefix : "", text);
  for (guint i = 0; i < o->after->len; i++)
    g_string_append_printf (o->out, "%s\n\n", (char *) o->after->pdata[i]);
  g_ptr_array_set_size (o->after, 0);
}

/* ------------------------------------------------------------------------ */
/* DOCX (WordprocessingML)                                                  */

static void docx_block (Office *o, xmlNode *parent);

/* The text of one run-level subtree into o->para. */
static void
docx_inline (Office *o, xmlNode *node)
{
  for (xmlNode *n = node; n != NULL; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (is (n, "t"))
        {
          xmlChar *t = xmlNodeGetContent (n);

          g_string_append (o->para, (const char *) t);
          xmlFree (t);
        }
      else if (is (n, "tab") || is (n, "ptab"))
        g_string_append_c (o->para, '\t');
      else if (is (n, "br") || is (n, "cr"))
        g_string_append_c (o->para, '\n');
      else if (is (n, "noBreakHyphen"))
        g_string_append (o->para, "\xe2\x80\x91");
      else if (is (n, "del") || is (n, "moveFrom") || is (n, "instrText") || is (n, "delText") ||
               is (n, "rPr") || is (n, "pPr") || is (n, "drawing") || is (n, "pict") || is (n, "object"))
        continue;   /* deletions, field codes, formatting and pictures are not text */
      else if (is (n, "footnoteReference") || is (n, "endnoteReference"))
        {
          gboolean foot = is (n, "footnoteReference");
          g_autofree char *id = attr (n, "id");
          const char *text = id ? g_hash_table_lookup (foot ? o->footnotes : o->endnotes, id) : NULL;
          g_autofree char *mark = foot ? g_strdup_printf ("%u", ++o->n_notes)
                                       : g_strdup_printf ("e%u", ++o->n_endnotes);

          g_string_append_printf (o->para, "[%s]", mark);
          if (text != NULL)
            g_ptr_array_add (o->notes, g_strdup_printf ("[%s] %s", mark, text));
        }
      else if (is (n, "commentReference"))
        {
          g_autofree char *id = attr (n, "id");
          const char *text = id ? g_hash_table_lookup (o->comments, id) : NULL;

          if (text != NULL)
            g_ptr_array_add (o->after, g_strdup (text));
        }
      else if (is (n, "txbxContent"))
        {
          /* A text box: its paragraphs are paragraphs of their own. */
          g_autofree char *held = g_strdup (o->para->str);

          g_string_truncate (o->para, 0);
          docx_block (o, n->children);
          g_string_assign (o->para, held);
        }
      else if (o->depth < 64)
        {
          o->depth++;
          docx_inline (o, n->children);
          o->depth--;
        }
    }
}

static gboolean
docx_is_list_item (xmlNode *p)
{
  for (xmlNode *c = p->children; c != NULL; c = c->next)
    if (is (c, "pPr"))
      for (xmlNode *d = c->children; d != NULL; d = d->next)
        if (is (d, "numPr"))
          return TRUE;
  return FALSE;
}

static void
docx_table (Office *o, xmlNode *tbl)
{
  g_autoptr(GString) rows = g_string_new (NULL);

  for (xmlNode *tr = tbl->children; tr != NULL; tr = tr->next)
    {
      gboolean first = TRUE;

      if (!is (tr, "tr"))
        continue;
      for (xmlNode *tc = tr->children; tc != NULL; tc = tc->next)
        {
          g_autoptr(GString) cell = g_string_new (NULL);

          if (!is (tc, "tc"))
            continue;
          for (xmlNode *p = tc->children; p != NULL; p = p->next)
            if (is (p, "p"))
              {
                g_autofree char *text = NULL;

                g_string_truncate (o->para, 0);
                docx_inline (o, p->children);
                text = g_strstrip (g_strdup (o->para->str));
                if (*text != '\0')
                  g_string_append_printf (cell, "%s%s", cell->len ? " " : "", text);
              }
          g_string_truncate (o->para, 0);
          g_strdelimit (cell->str, "\t\n", ' ');
          g_string_append_printf (rows, "%s%s", first ? "" : "\t", cell->str);
          first = FALSE;
        }
      g_string_append_c (rows, '\n');
    }
  g_string_append (o->out, rows->str);
  g_string_append_c (o->out, '\n');
  for (guint i = 0; i < o->after->len; i++)
    g_string_append_printf (o->out, "%s\n\n", (char *) o->after->pdata[i]);
  g_ptr_array_set_size (o->after, 0);
}

static void
docx_block (Office *o, xmlNode *parent)
{
  for (xmlNode *n = parent; n != NULL; n = n->next)
    {
      if (is (n, "p"))
        {
          docx_inline (o, n->children);
          end_paragraph (o, docx_is_list_item (n) ? "• " : NULL);
        }
      else if (is (n, "tbl"))
        docx_table (o, n);
      else if (is (n, "del") || is (n, "moveFrom") || is (n, "sectPr"))
        continue;
      else if (n->type == XML_ELEMENT_NODE && o->depth < 64)
        {
          /* w:sdt, w:sdtContent, w:ins, w:customXml... hold blocks of their own. */
          o->depth++;
          docx_block (o, n->children);
          o->depth--;
        }
    }
}

static xmlNode *
find_child (xmlNode *node, const char *name)
{
  for (xmlNode *c = node ? node->children : NULL; c != NULL; c = c->next)
    if (is (c, name))
      return c;
  return NULL;
}

static xmlDoc *
parse_entry (GlossZip *zip, const char *entry, const char *subject, gboolean required, GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  xmlDoc *doc;
  gsize len;
  const char *data;

  if (!required && !gloss_zip_has (zip, entry))
    return NULL;
  bytes = gloss_zip_read (zip, entry, error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &len);
  if (len > G_MAXINT)
    len = G_MAXINT;
  doc = xmlReadMemory (data, (int) len, entry, NULL, XML_FLAGS);
  if (doc == NULL && required)
    g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_FAILED,
                 "%s is damaged: its “%s” is not well-formed XML.", subject, entry);
  return doc;
}

/* DOCX footnotes, endnotes or comments: id -> the text of their paragraphs. */
static GHashTable *
docx_notes (Office *o, GlossZip *zip, const char *entry, const char *element, gboolean comments)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(xmlDoc) doc = parse_entry (zip, entry, NULL, FALSE, NULL);
  xmlNode *root = doc ? xmlDocGetRootElement (doc) : NULL;
  g_autoptr(GString) saved = g_string_new (o->para->str);

  for (xmlNode *n = root ? root->children : NULL; n != NULL; n = n->next)
    {
      g_autofree char *id = NULL;
      g_autofree char *type = NULL;
      g_autoptr(GString) text = g_string_new (NULL);

      if (!is (n, element) || (id = attr (n, "id")) == NULL)
        continue;
      type = attr (n, "type");
      if (type != NULL && (strcmp (type, "separator") == 0 || strcmp (type, "continuationSeparator") == 0 ||
                           strcmp (type, "continuationNotice") == 0))
        continue;
      for (xmlNode *p = n->children; p != NULL; p = p->next)
        {
          g_autofree char *line = NULL;

          g_string_truncate (o->para, 0);
          docx_inline (o, p->children);
          line = g_strstrip (g_strdup (o->para->str));
          if (*line != '\0')
            g_string_append_printf (text, "%s%s", text->len ? " " : "", line);
        }
      if (comments)
        {
          g_autofree char *author = attr (n, "author");

          g_hash_table_insert (table, g_steal_pointer (&id),
                               author ? g_strdup_printf ("[Comment by %s: %s]", author, text->str)
                                      : g_strdup_printf ("[Comment: %s]", text->str));
        }
      else
        g_hash_table_insert (table, g_steal_pointer (&id), g_strdup (text->str));
    }
  g_string_assign (o->para, saved->str);
  return table;
}

/* The text of the first element called @name under @root (any depth 1 or 2). */
static char *
meta_text (xmlNode *root, const char *name)
{
  for (xmlNode *n = root ? root->children : NULL; n != NULL; n = n->next)
    {
      if (is (n, name))
        {
          xmlChar *t = xmlNodeGetContent (n);
          char *s = g_strstrip (g_strdup ((const char *) t));

          xmlFree (t);
          if (*s != '\0')
            return s;
          g_free (s);
        }
      else if (n->type == XML_ELEMENT_NODE && n->children != NULL && root->parent != NULL &&
               root->parent->type == XML_DOCUMENT_NODE)
        {
          char *inner = meta_text (n, name);   /* ODT's <office:meta> inside the root */

          if (inner != NULL)
            return inner;
        }
    }
  return NULL;
}

/* "2024-03-05T10:00:00Z" -> "2024-03-05", if it is a date. */
static char *
date_part (const char *iso)
{
  if (iso == NULL || strlen (iso) < 10 || iso[4] != '-' || iso[7] != '-')
    return NULL;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (iso[i]))
      return NULL;
  return g_strndup (iso, 10);
}

static GlossImportedText *
finish (Office       *o,
        const char   *subject,
        const char   *format,
        char         *title,
        char         *author,
        char         *publisher,
        char         *created,
        char         *modified,
        char         *subject_meta,
        char         *keywords,
        char         *description,
        GError      **error)
{
  g_autoptr(GlossImportedText) t = g_new0 (GlossImportedText, 1);

  if (o->notes->len > 0)
    {
      g_string_append (o->out, "Notes\n\n");
      for (guint i = 0; i < o->notes->len; i++)
        g_string_append_printf (o->out, "%s\n\n", (char *) o->notes->pdata[i]);
    }
  t->text = gloss_readers_tidy_text (o->out);
  if (*t->text == '\0')
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_EMPTY, "%s has no text.", subject);
      return NULL;
    }
  t->format = g_strdup (format);
  t->encoding = g_strdup ("UTF-8");
  t->title = title ? g_strdup (title) : gloss_import_guess_title (t->text);
  t->author = g_strdup (author);
  t->publisher = g_strdup (publisher);
  t->published = date_part (created);
  t->metadata = gloss_readers_metadata_json ("created", created, "modified", modified,
                                             "subject", subject_meta, "keywords", keywords,
                                             "description", description, NULL);
  return g_steal_pointer (&t);
}

static GlossImportedText *
docx_read (GlossZip *zip, const char *subject, GError **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(xmlDoc) core = NULL;
  g_autoptr(xmlDoc) app = NULL;
  xmlNode *body;
  Office o;
  GlossImportedText *t;
  g_autofree char *title = NULL, *author = NULL, *company = NULL, *created = NULL, *modified = NULL;
  g_autofree char *subj = NULL, *keywords = NULL, *description = NULL;

  doc = parse_entry (zip, "word/document.xml", subject, TRUE, error);
  if (doc == NULL)
    return NULL;
  body = find_child (xmlDocGetRootElement (doc), "body");
  if (body == NULL)
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_FAILED,
                   "%s is damaged: its document has no body.", subject);
      return NULL;
    }

  office_init (&o);
  o.footnotes = docx_notes (&o, zip, "word/footnotes.xml", "footnote", FALSE);
  o.endnotes = docx_notes (&o, zip, "word/endnotes.xml", "endnote", FALSE);
  o.comments = docx_notes (&o, zip, "word/comments.xml", "comment", TRUE);
  docx_block (&o, body->children);

  core = parse_entry (zip, "docProps/core.xml", subject, FALSE, NULL);
  app = parse_entry (zip, "docProps/app.xml", subject, FALSE, NULL);
  if (core != NULL)
    {
      xmlNode *root = xmlDocGetRootElement (core);

      title = meta_text (root, "title");
      author = meta_text (root, "creator");
      created = meta_text (root, "created");
      modified = meta_text (root, "modified");
      subj = meta_text (root, "subject");
      keywords = meta_text (root, "keywords");
      description = meta_text (root, "description");
    }
  if (app != NULL)
    company = meta_text (xmlDocGetRootElement (app), "Company");
  t = finish (&o, subject, "docx", title, author, company, created, modified, subj, keywords, description, error);
  office_clear (&o);
  return t;
}

/* ------------------------------------------------------------------------ */
/* ODT (OpenDocument)                                                       */

static void odt_block (Office *o, xmlNode *parent, const char *prefix);

static void
odt_inline (Office *o, xmlNode *node)
{
  for (xmlNode *n = node; n != NULL; n = n->next)
    {
      if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
        {
          /* ODF collapses runs of white space; <text:s/> stands for the extra ones. */
          const char *s = (const char *) n->content;

          for (; *s; s++)
            {
              if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
                {
                  if (o->para->len == 0 || o->para->str[o->para->len - 1] != ' ')
                    g_string_append_c (o->para, ' ');
                }
              else
                g_string_append_c (o->para, *s);
            }
          continue;
        }
      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (is (n, "s"))
        {
          g_autofree char *c = attr (n, "c");
          long count = c ? CLAMP (strtol (c, NULL, 10), 1, 1000) : 1;

          for (long i = 0; i < count; i++)
            g_string_append_c (o->para, ' ');
        }
      else if (is (n, "tab"))
        g_string_append_c (o->para, '\t');
      else if (is (n, "line-break"))
        g_string_append_c (o->para, '\n');
      else if (is (n, "note"))
        {
          g_autofree char *cls = attr (n, "note-class");
          gboolean end = cls != NULL && strcmp (cls, "endnote") == 0;
          g_autofree char *mark = end ? g_strdup_printf ("e%u", ++o->n_endnotes)
                                      : g_strdup_printf ("%u", ++o->n_notes);
          xmlNode *body = find_child (n, "note-body");
          g_autoptr(GString) saved = g_string_new (o->para->str);
          g_autoptr(GString) text = g_string_new (NULL);

          for (xmlNode *p = body ? body->children : NULL; p != NULL; p = p->next)
            {
              g_autofree char *line = NULL;

              g_string_truncate (o->para, 0);
              odt_inline (o, p->children);
              line = g_strstrip (g_strdup (o->para->str));
              if (*line != '\0')
                g_string_append_printf (text, "%s%s", text->len ? " " : "", line);
            }
          g_string_assign (o->para, saved->str);
          g_string_append_printf (o->para, "[%s]", mark);
          g_ptr_array_add (o->notes, g_strdup_printf ("[%s] %s", mark, text->str));
        }
      else if (is (n, "annotation"))
        {
          g_autoptr(GString) saved = g_string_new (o->para->str);
          g_autoptr(GString) text = g_string_new (NULL);
          g_autofree char *author = NULL;

          for (xmlNode *p = n->children; p != NULL; p = p->next)
            {
              g_autofree char *line = NULL;

              if (is (p, "creator"))
                {
                  xmlChar *c = xmlNodeGetContent (p);
                  author = g_strstrip (g_strdup ((const char *) c));
                  xmlFree (c);
                  continue;
                }
              if (!is (p, "p") && !is (p, "list"))
                continue;
              g_string_truncate (o->para, 0);
              odt_inline (o, p->children);
              line = g_strstrip (g_strdup (o->para->str));
              if (*line != '\0')
                g_string_append_printf (text, "%s%s", text->len ? " " : "", line);
            }
          g_string_assign (o->para, saved->str);
          g_ptr_array_add (o->after, author && *author ? g_strdup_printf ("[Comment by %s: %s]", author, text->str)
                                                       : g_strdup_printf ("[Comment: %s]", text->str));
        }
      else if (is (n, "tracked-changes") || is (n, "deletion") || is (n, "note-citation") ||
               is (n, "bookmark-ref") || is (n, "desc") || is (n, "title") || is (n, "annotation-end"))
        continue;
      else if (is (n, "frame") || is (n, "text-box"))
        {
          if (o->depth < 64)
            {
              o->depth++;
              odt_inline (o, n->children);
              o->depth--;
            }
        }
      else if (o->depth < 64)
        {
          o->depth++;
          odt_inline (o, n->children);
          o->depth--;
        }
    }
}

static void
odt_table (Office *o, xmlNode *table)
{
  for (xmlNode *row = table->children; row != NULL; row = row->next)
    {
      if (is (row, "table-header-rows") || is (row, "table-rows") || is (row, "table-row-group"))
        {
          odt_table (o, row);
          continue;
        }
      if (!is (row, "table-row"))
        continue;
      {
        g_autoptr(GString) line = g_string_new (NULL);
        gboolean first = TRUE;

        for (xmlNode *cell = row->children; cell != NULL; cell = cell->next)
          {
            g_autoptr(GString) text = g_string_new (NULL);

            if (!is (cell, "table-cell") && !is (cell, "covered-table-cell"))
              continue;
            for (xmlNode *p = cell->children; p != NULL; p = p->next)
              {
                g_autofree char *part = NULL;

                g_string_truncate (o->para, 0);
                odt_inline (o, p->children);
                part = g_strstrip (g_strdup (o->para->str));
                if (*part != '\0')
                  g_string_append_printf (text, "%s%s", text->len ? " " : "", part);
              }
            g_string_truncate (o->para, 0);
            g_strdelimit (text->str, "\t\n", ' ');
            g_string_append_printf (line, "%s%s", first ? "" : "\t", text->str);
            first = FALSE;
          }
        g_string_append_printf (o->out, "%s\n", line->str);
      }
    }
  g_string_append_c (o->out, '\n');
}

static void
odt_block (Office *o, xmlNode *parent, const char *prefix)
{
  for (xmlNode *n = parent; n != NULL; n = n->next)
    {
      if (is (n, "p") || is (n, "h"))
        {
          odt_inline (o, n->children);
          end_paragraph (o, prefix);
        }
      else if (is (n, "list"))
        {
          if (o->depth < 64)
            {
              o->depth++;
              odt_block (o, n->children, "• ");
              o->depth--;
            }
        }
      else if (is (n, "table"))
        odt_table (o, n);
      else if (is (n, "tracked-changes") || is (n, "sequence-decls") || is (n, "variable-decls") ||
               is (n, "user-field-decls") || is (n, "forms"))
        continue;
      else if (n->type == XML_ELEMENT_NODE && o->depth < 64)
        {
          /* list-item, section, index bodies... */
          o->depth++;
          odt_block (o, n->children, prefix);
          o->depth--;
        }
    }
}

static GlossImportedText *
odt_read (GlossZip *zip, const char *subject, GError **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(xmlDoc) meta = NULL;
  xmlNode *body, *text;
  Office o;
  GlossImportedText *t;
  g_autofree char *title = NULL, *author = NULL, *created = NULL, *modified = NULL;
  g_autofree char *subj = NULL, *keywords = NULL, *description = NULL;

  doc = parse_entry (zip, "content.xml", subject, TRUE, error);
  if (doc == NULL)
    return NULL;
  body = find_child (xmlDocGetRootElement (doc), "body");
  text = find_child (body, "text");
  if (text == NULL)
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_FAILED,
                   "%s is damaged or not a text document: it has no text body.", subject);
      return NULL;
    }
  office_init (&o);
  odt_block (&o, text->children, NULL);

  meta = parse_entry (zip, "meta.xml", subject, FALSE, NULL);
  if (meta != NULL)
    {
      xmlNode *root = xmlDocGetRootElement (meta);

      title = meta_text (root, "title");
      author = meta_text (root, "initial-creator");
      if (author == NULL)
        author = meta_text (root, "creator");
      created = meta_text (root, "creation-date");
      modified = meta_text (root, "date");
      subj = meta_text (root, "subject");
      keywords = meta_text (root, "keyword");
      description = meta_text (root, "description");
    }
  t = finish (&o, subject, "odt", title, author, NULL, created, modified, subj, keywords, description, error);
  office_clear (&o);
  return t;
}

/**
 * gloss_office_read:
 * @kind: %GLOSS_READER_KIND_DOCX or %GLOSS_READER_KIND_ODT
 *
 * Returns: (transfer full) (nullable): the document's text and source details
 */
GlossImportedText *
gloss_office_read (GlossZip         *zip,
                   GlossReaderKind   kind,
                   const char       *name,
                   GError          **error)
{
  g_autofree char *subject = name ? g_strdup_printf ("“%s”", name) : g_strdup ("The document");

  if (kind == GLOSS_READER_KIND_DOCX)
    return docx_read (zip, subject, error);
  return odt_read (zip, subject, error);
}

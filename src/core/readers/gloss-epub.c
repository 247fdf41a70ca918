/* gloss-epub.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * EPUB to text: the chapters of the spine, in reading order, each through the
 * article importer's HTML extractor (gloss-import.h), joined by blank lines; the
 * package's Dublin Core metadata (title, creators, publisher, date, language,
 * identifier) as source details. The zip was unpacked with bounded expansion.
 */
#define G_LOG_DOMAIN "gloss-epub"

#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "gloss-readers.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

#define XML_FLAGS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

static gboolean
is (const xmlNode *node, const char *name)
{
  return node->type == XML_ELEMENT_NODE && strcmp ((const char *) node->name, name) == 0;
}

static char *
attr (const xmlNode *node, const char *name)
{
  xmlChar *v = xmlGetProp (node, (const xmlChar *) name);
  char *copy = g_strdup ((const char *) v);

  xmlFree (v);
  return copy;
}

static xmlNode *
child (xmlNode *node, const char *name)
{
  for (xmlNode *c = node ? node->children : NULL; c != NULL; c = c->next)
    if (is (c, name))
      return c;
  return NULL;
}

static xmlDoc *
parse (GlossZip *zip, const char *entry, const char *subject, GError **error)
{
  g_autoptr(GBytes) bytes = gloss_zip_read (zip, entry, error);
  gsize len;
  const char *data;
  xmlDoc *doc;

  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &len);
  doc = xmlReadMemory (data, (int) MIN (len, (gsize) G_MAXINT), entry, NULL, XML_FLAGS);
  if (doc == NULL)
    g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_FAILED,
                 "%s is damaged: its “%s” is not well-formed XML.", subject, entry);
  return doc;
}

/* @href (URL-escaped, relative to @base_dir, maybe with a #fragment) as a zip entry name. */
static char *
resolve (const char *base_dir, const char *href)
{
  g_autofree char *no_fragment = g_strndup (href, strcspn (href, "#?"));
  g_autofree char *unescaped = g_uri_unescape_string (no_fragment, NULL);
  g_autofree char *joined = NULL;
  g_auto(GStrv) parts = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new ();

  if (unescaped == NULL)
    return NULL;
  joined = *base_dir ? g_strconcat (base_dir, "/", unescaped, NULL) : g_strdup (unescaped);
  parts = g_strsplit (joined, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0' || strcmp (parts[i], ".") == 0)
        continue;
      if (strcmp (parts[i], "..") == 0)
        {
          if (out->len > 0)
            g_ptr_array_remove_index (out, out->len - 1);
          continue;
        }
      g_ptr_array_add (out, parts[i]);
    }
  g_ptr_array_add (out, NULL);
  return g_strjoinv ("/", (char **) out->pdata);
}

static char *
text_of (xmlNode *node)
{
  xmlChar *t = xmlNodeGetContent (node);
  char *s = g_strstrip (g_strdup ((const char *) t));

  xmlFree (t);
  if (*s == '\0' || !g_utf8_validate (s, -1, NULL))
    g_clear_pointer (&s, g_free);
  return s;
}

/* A calendar date YYYY-MM-DD at the start of @s, or NULL. */
static char *
date_part (const char *s)
{
  if (s == NULL || strlen (s) < 10 || s[4] != '-' || s[7] != '-')
    return NULL;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (s[i]))
      return NULL;
  return g_strndup (s, 10);
}

/**
 * gloss_epub_read:
 *
 * Returns: (transfer full) (nullable): the book's text and its metadata
 */
GlossImportedText *
gloss_epub_read (GlossZip    *zip,
                 const char  *name,
                 GError     **error)
{
  g_autofree char *subject = name ? g_strdup_printf ("“%s”", name) : g_strdup ("The book");
  g_autoptr(xmlDoc) container = NULL;
  g_autoptr(xmlDoc) opf = NULL;
  g_autoptr(GHashTable) manifest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) creators = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GlossImportedText) result = NULL;
  g_autofree char *opf_path = NULL;
  g_autofree char *opf_dir = NULL;
  g_autofree char *title = NULL, *publisher = NULL, *date = NULL, *language = NULL, *identifier = NULL;
  g_autofree char *description = NULL;
  xmlNode *root, *rootfiles, *metadata, *manifest_node, *spine;
  guint chapters = 0;

  container = parse (zip, "META-INF/container.xml", subject, error);
  if (container == NULL)
    return NULL;
  rootfiles = child (xmlDocGetRootElement (container), "rootfiles");
  for (xmlNode *r = rootfiles ? rootfiles->children : NULL; r != NULL && opf_path == NULL; r = r->next)
    if (is (r, "rootfile"))
      opf_path = attr (r, "full-path");
  if (opf_path == NULL)
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_FAILED,
                   "%s is damaged: it does not say where its package file is.", subject);
      return NULL;
    }
  {
    g_autofree char *resolved = resolve ("", opf_path);

    g_free (opf_path);
    opf_path = g_steal_pointer (&resolved);
  }
  opf = parse (zip, opf_path, subject, error);
  if (opf == NULL)
    return NULL;
  opf_dir = g_path_get_dirname (opf_path);
  if (strcmp (opf_dir, ".") == 0)
    opf_dir[0] = '\0';

  root = xmlDocGetRootElement (opf);
  metadata = child (root, "metadata");
  for (xmlNode *m = metadata ? metadata->children : NULL; m != NULL; m = m->next)
    {
      if (m->type != XML_ELEMENT_NODE)
        continue;
      if (is (m, "title") && title == NULL)
        title = text_of (m);
      else if (is (m, "creator"))
        {
          char *c = text_of (m);

          if (c != NULL)
            g_ptr_array_add (creators, c);
        }
      else if (is (m, "publisher") && publisher == NULL)
        publisher = text_of (m);
      else if (is (m, "date") && date == NULL)
        date = text_of (m);
      else if (is (m, "language") && language == NULL)
        language = text_of (m);
      else if (is (m, "identifier") && identifier == NULL)
        identifier = text_of (m);
      else if (is (m, "description") && description == NULL)
        description = text_of (m);
    }

  manifest_node = child (root, "manifest");
  for (xmlNode *item = manifest_node ? manifest_node->children : NULL; item != NULL; item = item->next)
    {
      g_autofree char *id = NULL;
      g_autofree char *href = NULL;

      if (!is (item, "item"))
        continue;
      id = attr (item, "id");
      href = attr (item, "href");
      if (id != NULL && href != NULL)
        {
          char *path = resolve (opf_dir, href);

          if (path != NULL)
            g_hash_table_insert (manifest, g_steal_pointer (&id), path);
        }
    }

  spine = child (root, "spine");
  for (xmlNode *ref = spine ? spine->children : NULL; ref != NULL; ref = ref->next)
    {
      g_autofree char *idref = NULL;
      g_autofree char *linear = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GlossImportedText) chapter = NULL;
      const char *path;
      const char *data;
      gsize len;

      if (!is (ref, "itemref"))
        continue;
      idref = attr (ref, "idref");
      linear = attr (ref, "linear");
      if (idref == NULL || (linear != NULL && strcmp (linear, "no") == 0))
        continue;   /* a note or a pop-up outside the reading order */
      path = g_hash_table_lookup (manifest, idref);
      if (path == NULL || (bytes = gloss_zip_read (zip, path, NULL)) == NULL)
        continue;
      data = g_bytes_get_data (bytes, &len);
      chapter = gloss_import_read_bytes (data, len, "html", path, NULL);
      if (chapter == NULL)
        continue;   /* a cover page with only a picture */
      g_string_append_printf (text, "%s%s", text->len ? "\n\n" : "", chapter->text);
      chapters++;
    }
  if (chapters == 0)
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_EMPTY,
                   "%s has no readable chapters.", subject);
      return NULL;
    }

  result = g_new0 (GlossImportedText, 1);
  result->text = gloss_readers_tidy_text (text);
  result->format = g_strdup ("epub");
  result->encoding = g_strdup ("UTF-8");
  result->title = title ? g_strdup (title) : gloss_import_guess_title (result->text);
  if (creators->len > 0)
    {
      g_ptr_array_add (creators, NULL);
      result->author = g_strjoinv ("; ", (char **) creators->pdata);
    }
  result->publisher = g_strdup (publisher);
  result->published = date_part (date);
  result->metadata = gloss_readers_metadata_json ("language", language, "identifier", identifier,
                                                  "date", date, "description", description, NULL);
  return g_steal_pointer (&result);
}

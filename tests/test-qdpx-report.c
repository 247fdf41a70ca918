/* test-qdpx-report.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-qdpx-report"

#include <string.h>
#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>

#include "gloss-project.h"
#include "gloss-fields.h"
#include "gloss-relations.h"
#include "gloss-qdpx.h"
#include "gloss-report.h"
#include "gloss-store.h"

typedef struct {
  char       *dir;
  GlossStore *store;
  char       *doc_id;
} Fixture;

static const char text1[] =
  "Intro 🚢 ship: Zoë met 港口 officials.\nThey said “no deal” today.\n\nSecond para.";
static const char text2[] = "Grain prices rose in Ostrava, said ZOË.";
static const char hostile_title[] = "</title><script>alert(1)</script>&amp;";
static const char hostile_note[] = "tab\there\nnewline <script>alert(1)</script> \"quotes\"";

static void
annotate (GlossStore *store, const char *doc_id, const char *text, const char *quote,
          const char *label_name, const char *note, const char *annotator)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossLabel) label = gloss_store_find_label_by_name (store, label_name, &error);
  g_autoptr(GlossAnnotation) a = NULL;
  const char *at = strstr (text, quote);
  gint64 start;

  g_assert_no_error (error);
  g_assert_nonnull (at);
  start = g_utf8_pointer_to_offset (text, at);
  a = gloss_store_add_annotation (store, doc_id, label->id, start, start + g_utf8_strlen (quote, -1),
                                  note, annotator, &error);
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossDocument) d1 = NULL;
  g_autoptr(GlossDocument) d2 = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("gloss-test-qdpx-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "a.gloss", NULL);
  f->store = gloss_project_create (path, "Project <b>“Ports”</b> & co", 0, &error);
  g_assert_no_error (error);
  d1 = gloss_store_add_document (f->store, hostile_title, text1, NULL, "txt", NULL, &error);
  g_assert_no_error (error);
  d2 = gloss_store_add_document (f->store, "Grain", text2, NULL, "txt", NULL, &error);
  g_assert_no_error (error);
  f->doc_id = g_strdup (d1->id);

  annotate (f->store, d1->id, text1, "Zoë", "Person", hostile_note, "Ana <i>Ruiz</i>");
  annotate (f->store, d1->id, text1, "港口 officials", "Organization", "CJK note", "Ben Okafor");
  annotate (f->store, d1->id, text1, "港口", "Location", NULL, NULL);
  annotate (f->store, d1->id, text1, "officials.\nThey", "Claim", NULL, "Ben Okafor");
  annotate (f->store, d1->id, text1, "“no deal”", "Claim", "denied \"later\"", "Ana <i>Ruiz</i>");
  annotate (f->store, d1->id, text1, "today", "Risk", NULL, NULL);
  annotate (f->store, d2->id, text2, "Ostrava", "Location", NULL, "Ben Okafor");
  annotate (f->store, d2->id, text2, "ZOË", "Person", NULL, "Ben Okafor");
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->doc_id);
}

/* ---- QDPX ---- */

static GHashTable *
unzip (const char *path)
{
  GHashTable *files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;

  archive_read_support_format_zip (a);
  g_assert_cmpint (archive_read_open_filename (a, path, 16384), ==, ARCHIVE_OK);
  while (archive_read_next_header (a, &entry) == ARCHIVE_OK)
    {
      GString *data = g_string_new (NULL);
      char chunk[8192];
      la_ssize_t n;

      while ((n = archive_read_data (a, chunk, sizeof chunk)) > 0)
        g_string_append_len (data, chunk, n);
      g_assert_cmpint (n, ==, 0);
      g_hash_table_insert (files, g_strdup (archive_entry_pathname (entry)), g_string_free (data, FALSE));
    }
  archive_read_free (a);
  return files;
}

static char *
prop (xmlNode *node, const char *name)
{
  xmlChar *value = xmlGetProp (node, BAD_CAST name);
  char *copy = g_strdup ((const char *) value);

  xmlFree (value);
  return copy;
}

static xmlNode *
child_element (xmlNode *node, const char *name)
{
  for (xmlNode *c = node->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && g_str_equal ((const char *) c->name, name))
      return c;
  return NULL;
}

static void
test_qdpx (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = g_build_filename (f->dir, "a.qdpx", NULL);
  g_autofree char *qde_path = g_build_filename (f->dir, "project.qde", NULL);
  g_autofree char *xsd = g_build_filename (g_getenv ("GLOSS_SOURCE_ROOT"), "..", "shared", "refdata",
                                           "refi-qda", "Project-mrt2019.xsd", NULL);
  g_autoptr(GHashTable) files = NULL;
  g_autoptr(GPtrArray) anns = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autofree char *xmllint = g_find_program_in_path ("xmllint");
  const char *qde;
  xmlDoc *doc;
  xmlNode *root, *sources, *notes;
  guint n_selections = 0, n_notes = 0;

  g_assert_true (gloss_qdpx_export (f->store, NULL, out, warnings, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_ptr_array_find_with_equal_func (warnings, "QDPX codes have no kinds: label kinds (entity, claim, risk) are not exported.", g_str_equal, NULL));

  files = unzip (out);
  qde = g_hash_table_lookup (files, "project.qde");
  g_assert_nonnull (qde);

  /* The sources are the stored texts, byte for byte. */
  docs = gloss_store_list_documents (f->store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < docs->len; i++)
    {
      g_autoptr(GlossDocument) d = gloss_store_get_document (f->store, ((GlossDocument *) docs->pdata[i])->id, &error);
      g_autofree char *name = g_strdup_printf ("sources/%s.txt", d->id);

      g_assert_cmpstr (g_hash_table_lookup (files, name), ==, d->text);
    }

  /* The XSD says what a valid project.qde is. */
  g_assert_true (g_file_set_contents (qde_path, qde, -1, NULL));
  if (xmllint == NULL || !g_file_test (xsd, G_FILE_TEST_EXISTS))
    g_test_message ("xmllint or refdata/refi-qda missing: XSD validation skipped");
  else
    {
      const char *argv[] = { xmllint, "--noout", "--schema", xsd, qde_path, NULL };
      g_autofree char *out_text = NULL;
      g_autofree char *err_text = NULL;
      int status = 0;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                   &out_text, &err_text, &status, &error));
      g_assert_no_error (error);
      g_test_message ("xmllint: %s", err_text);
      g_assert_true (g_spawn_check_wait_status (status, &error));
      g_assert_no_error (error);
      g_assert_nonnull (strstr (err_text, "validates"));
    }

  /* Positions are code points, end excluded: they slice the source to each quote. */
  anns = gloss_store_list_annotations (f->store, NULL, &error);
  g_assert_no_error (error);
  doc = xmlReadMemory (qde, strlen (qde), "project.qde", NULL, XML_PARSE_NONET);
  g_assert_nonnull (doc);
  root = xmlDocGetRootElement (doc);
  g_assert_cmpstr ((const char *) root->name, ==, "Project");
  g_assert_cmpstr ((const char *) root->ns->href, ==, "urn:QDA-XML:project:1.0");
  {
    g_autofree char *name = prop (root, "name");
    g_assert_cmpstr (name, ==, "Project <b>“Ports”</b> & co");
  }
  sources = child_element (root, "Sources");
  g_assert_nonnull (sources);
  for (xmlNode *src = sources->children; src; src = src->next)
    {
      g_autofree char *guid = NULL;
      g_autofree char *text_path = NULL;
      g_autofree char *entry = NULL;
      const char *text;

      if (src->type != XML_ELEMENT_NODE)
        continue;
      guid = prop (src, "guid");
      text_path = prop (src, "plainTextPath");
      g_assert_cmpstr (text_path + strlen ("internal://"), ==, strchr (text_path, '/') + 2);
      entry = g_strdup_printf ("sources/%s", text_path + strlen ("internal://"));
      text = g_hash_table_lookup (files, entry);
      g_assert_nonnull (text);
      for (xmlNode *sel = src->children; sel; sel = sel->next)
        {
          g_autofree char *sel_guid = NULL;
          g_autofree char *start_s = NULL;
          g_autofree char *end_s = NULL;
          g_autofree char *code = NULL;
          g_autofree char *slice = NULL;
          GlossAnnotation *match = NULL;
          gint64 start, end;

          if (sel->type != XML_ELEMENT_NODE)
            continue;
          g_assert_cmpstr ((const char *) sel->name, ==, "PlainTextSelection");
          sel_guid = prop (sel, "guid");
          start_s = prop (sel, "startPosition");
          end_s = prop (sel, "endPosition");
          start = g_ascii_strtoll (start_s, NULL, 10);
          end = g_ascii_strtoll (end_s, NULL, 10);
          slice = g_utf8_substring (text, start, end);
          for (guint i = 0; i < anns->len; i++)
            if (g_str_equal (((GlossAnnotation *) anns->pdata[i])->id, sel_guid))
              match = anns->pdata[i];
          g_assert_nonnull (match);
          g_assert_cmpstr (match->document_id, ==, guid);
          g_assert_cmpstr (slice, ==, match->quote);
          code = prop (child_element (child_element (sel, "Coding"), "CodeRef"), "targetGUID");
          g_assert_cmpstr (code, ==, match->label_id);
          g_assert_true ((child_element (sel, "NoteRef") != NULL) == (match->note != NULL));
          n_selections++;
        }
    }
  g_assert_cmpuint (n_selections, ==, anns->len);

  notes = child_element (root, "Notes");
  g_assert_nonnull (notes);
  for (xmlNode *note = notes->children; note; note = note->next)
    {
      xmlChar *content;

      if (note->type != XML_ELEMENT_NODE)
        continue;
      content = xmlNodeGetContent (child_element (note, "PlainTextContent"));
      if (strstr ((const char *) content, "<script>"))
        g_assert_cmpstr ((const char *) content, ==, hostile_note);
      xmlFree (content);
      n_notes++;
    }
  g_assert_cmpuint (n_notes, ==, 3);
  xmlFreeDoc (doc);
}

/* ---- HTML report ---- */

static char *
report_string (GlossStore *store, const GlossScope *scope, GPtrArray *warnings)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  g_assert_true (gloss_report_export (store, scope, out, warnings, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, NULL));
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static xmlXPathObject *
xpath (xmlDoc *doc, const char *expr)
{
  xmlXPathContext *ctx = xmlXPathNewContext (doc);
  xmlXPathObject *result = xmlXPathEvalExpression (BAD_CAST expr, ctx);

  xmlXPathFreeContext (ctx);
  g_assert_nonnull (result);
  return result;
}

static guint
count (xmlDoc *doc, const char *expr)
{
  xmlXPathObject *r = xpath (doc, expr);
  guint n = r->nodesetval ? (guint) r->nodesetval->nodeNr : 0;

  xmlXPathFreeObject (r);
  return n;
}

/* data-a -> the text of all its mark pieces, concatenated. */
static GHashTable *
mark_texts (xmlDoc *doc)
{
  GHashTable *texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  xmlXPathObject *r = xpath (doc, "//mark");

  for (int i = 0; r->nodesetval && i < r->nodesetval->nodeNr; i++)
    {
      xmlNode *mark = r->nodesetval->nodeTab[i];
      g_autofree char *key = prop (mark, "data-a");
      xmlChar *content = xmlNodeGetContent (mark);
      const char *old = g_hash_table_lookup (texts, key);

      g_hash_table_insert (texts, g_strdup (key), g_strconcat (old ? old : "", (const char *) content, NULL));
      xmlFree (content);
    }
  xmlXPathFreeObject (r);
  return texts;
}

static gboolean
has_value (GHashTable *table, const char *value)
{
  GHashTableIter iter;
  gpointer v;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, &v))
    if (g_str_equal (v, value))
      return TRUE;
  return FALSE;
}

static void
test_report_escaping (Fixture *f, gconstpointer data)
{
  g_autofree char *html = report_string (f->store, NULL, NULL);
  htmlDocPtr doc;
  xmlXPathObject *title;
  xmlChar *title_text;

  /* Nothing from the project becomes markup. */
  g_assert_null (strstr (html, "<script"));
  g_assert_null (strstr (html, "<b>"));
  g_assert_null (strstr (html, "<i>"));
  g_assert_nonnull (strstr (html, "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;"));
  g_assert_nonnull (strstr (html, "Project &lt;b&gt;“Ports”&lt;/b&gt; &amp; co"));
  g_assert_nonnull (strstr (html, "denied &quot;later&quot;"));

  doc = htmlReadMemory (html, strlen (html), "report.html", "utf-8", HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  g_assert_nonnull (doc);
  title = xpath (doc, "/html/head/title");
  g_assert_cmpint (title->nodesetval->nodeNr, ==, 1);
  title_text = xmlNodeGetContent (title->nodesetval->nodeTab[0]);
  g_assert_cmpstr ((const char *) title_text, ==, "Project <b>“Ports”</b> & co — Gloss report");
  xmlFree (title_text);
  xmlXPathFreeObject (title);
  g_assert_cmpuint (count (doc, "//script"), ==, 0);
  /* The hostile title is a heading's text, whole. */
  g_assert_cmpuint (count (doc, "//h2[text()='</title><script>alert(1)</script>&amp;']"), ==, 1);
  xmlFreeDoc (doc);
}

static void
test_report_marks (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *html = report_string (f->store, NULL, warnings);
  g_autoptr(GPtrArray) anns = gloss_store_list_annotations (f->store, NULL, &error);
  g_autoptr(GHashTable) texts = NULL;
  htmlDocPtr doc;
  xmlXPathObject *refs;

  g_assert_no_error (error);
  doc = htmlReadMemory (html, strlen (html), "report.html", "utf-8", HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  g_assert_nonnull (doc);

  /* Every annotation is a mark (or several pieces of one); the pieces together read
   * its quote without line breaks. Misnested marks would be rearranged by the parser
   * and change these texts. */
  texts = mark_texts (doc);
  g_assert_cmpuint (g_hash_table_size (texts), ==, anns->len);
  for (guint i = 0; i < anns->len; i++)
    {
      GlossAnnotation *a = anns->pdata[i];
      GString *q = g_string_new (a->quote);

      g_string_replace (q, "\n", "", 0);
      g_assert_true (has_value (texts, q->str));
      g_string_free (q, TRUE);
    }
  /* Overlap: “港口” nests inside “港口 officials”, which the Claim span overlaps. */
  g_assert_cmpuint (count (doc, "//mark[@title='Organization — CJK note']/mark[@title='Location']"), ==, 1);
  g_assert_cmpuint (count (doc, "//mark[@id]"), ==, anns->len);
  /* Each annotation's anchor is unique and every footnote links both ways. */
  refs = xpath (doc, "//sup/a");
  g_assert_cmpint (refs->nodesetval->nodeNr, ==, 3);
  for (int i = 0; i < refs->nodesetval->nodeNr; i++)
    {
      g_autofree char *href = prop (refs->nodesetval->nodeTab[i], "href");
      g_autofree char *sup_id = prop (refs->nodesetval->nodeTab[i]->parent, "id");
      g_autofree char *li = g_strdup_printf ("//li[@id='%s']/a[@href='#%s']", href + 1, sup_id);

      g_assert_cmpuint (count (doc, li), ==, 1);
    }
  xmlXPathFreeObject (refs);

  /* Claims table, risks listed, mentions not linked to an entity grouped by
   * case-folded quote. */
  g_assert_cmpuint (count (doc, "//section[@class='claims']//tbody/tr"), ==, 2);
  g_assert_cmpuint (count (doc, "//section[@class='risks']/div[@class='wide']/table/tbody/tr"), ==, 1);
  g_assert_cmpuint (count (doc, "//ul[@class='entities']/li"), ==, 4);
  g_assert_cmpuint (count (doc, "//ul[@class='entities']/li[strong='Zoë']/a"), ==, 2);
  /* The risk has no likelihood and impact yet: listed, drawn in no cell of the matrix. */
  g_assert_cmpuint (count (doc, "//table[@class='matrix']//td"), ==, 25);
  g_assert_cmpuint (count (doc, "//table[@class='matrix']//td[text()]"), ==, 0);
  g_assert_true (g_ptr_array_find_with_equal_func (warnings,
      "1 risk(s) have no likelihood or no impact and are listed but not placed in the risk matrix.",
      g_str_equal, NULL));
  /* Colours reach CSS only as checked values, one class per label. */
  g_assert_nonnull (strstr (html, ".l1{background:rgba(53,132,228,.28);border-bottom:2px solid #3584e4}"));
  g_assert_nonnull (strstr (html, "@media print"));
  xmlFreeDoc (doc);
}

/* Issue 15: the highest TLP marking of the documents at the report's top and bottom;
 * the matrix as the app draws it (likelihood up the side, impact along the bottom);
 * links between annotations listed; the time readable, with the ISO time kept. */
static void
test_report_banner_links (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = gloss_store_list_documents (f->store, &error);
  g_autoptr(GPtrArray) anns = gloss_store_list_annotations (f->store, NULL, &error);
  g_autoptr(GlossRelationType) type = gloss_store_find_relation_type (f->store, "attributed to", &error);
  g_autoptr(GlossRelation) rel = NULL;
  g_autofree char *html = NULL;
  GlossAnnotation *claim = NULL, *person = NULL, *risk = NULL;
  htmlDocPtr doc;

  g_assert_no_error (error);
  for (guint i = 0; i < docs->len; i++)
    {
      GlossDocument props = { 0 };

      props.tlp = (char *) (i == 0 ? "GREEN" : "AMBER");
      g_assert_true (gloss_store_set_document_properties (f->store, ((GlossDocument *) docs->pdata[i])->id, &props,
                                                          &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < anns->len; i++)
    {
      GlossAnnotation *a = anns->pdata[i];

      if (g_str_equal (a->label_name, "Claim") && claim == NULL)
        claim = a;
      else if (g_str_equal (a->label_name, "Person") && person == NULL)
        person = a;
      else if (g_str_equal (a->label_name, "Risk"))
        risk = a;
    }
  g_assert_nonnull (claim);
  g_assert_nonnull (person);
  g_assert_nonnull (risk);
  rel = gloss_store_add_relation (f->store, type->id, claim->id, person->id, "Ana", &error);
  g_assert_no_error (error);
  g_assert_true (gloss_store_set_field_value (f->store, risk->id, "likelihood", "5", &error));
  g_assert_true (gloss_store_set_field_value (f->store, risk->id, "impact", "1", &error));
  g_assert_no_error (error);

  g_setenv ("SOURCE_DATE_EPOCH", "1764806400", TRUE);   /* 2025-12-04T00:00:00Z */
  html = report_string (f->store, NULL, NULL);
  g_unsetenv ("SOURCE_DATE_EPOCH");
  doc = htmlReadMemory (html, strlen (html), "report.html", "utf-8", HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  g_assert_nonnull (doc);

  /* AMBER is above GREEN: it marks the report, first and last in the body. */
  g_assert_cmpuint (count (doc, "//p[@class='banner']/span[@class='tlp tlp-amber'][text()='TLP:AMBER']"), ==, 2);
  g_assert_cmpuint (count (doc, "/html/body/header/p[1][@class='banner']"), ==, 1);
  g_assert_cmpuint (count (doc, "/html/body/p[last()][@class='banner']"), ==, 1);
  g_assert_cmpuint (count (doc, "//time[@datetime='2025-12-04T00:00:00Z'][text()='4 December 2025, 00:00 UTC']"), ==, 1);

  /* Likelihood 5, impact 1: the top row, first cell. */
  g_assert_cmpuint (count (doc, "//table[@class='matrix']//tr[1]/th[contains(text(),'5 almost certain')]"), ==, 1);
  g_assert_cmpuint (count (doc, "//table[@class='matrix']//tr[1]/td[1][text()='1']"), ==, 1);
  g_assert_cmpuint (count (doc, "//table[@class='matrix']//td[text()]"), ==, 1);

  /* The link, both quotes, its type and who made it. */
  g_assert_cmpuint (count (doc, "//section[@class='links']//tbody/tr"), ==, 1);
  g_assert_cmpuint (count (doc, "//section[@class='links']//tbody/tr/td[text()='attributed to →']"), ==, 1);
  g_assert_cmpuint (count (doc, "//section[@class='links']//tbody/tr/td[text()='Ana']"), ==, 1);
  xmlFreeDoc (doc);
}

static void
test_report_scope (Fixture *f, gconstpointer data)
{
  g_autoptr(GlossScope) scope = gloss_scope_new ();
  g_autofree char *html = NULL;
  g_autoptr(GHashTable) texts = NULL;
  htmlDocPtr doc;

  scope->label_names = g_new0 (char *, 2);
  scope->label_names[0] = g_strdup ("claim");
  html = report_string (f->store, scope, NULL);
  doc = htmlReadMemory (html, strlen (html), "report.html", "utf-8", HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  texts = mark_texts (doc);
  g_assert_cmpuint (g_hash_table_size (texts), ==, 2);
  g_assert_true (has_value (texts, "officials.They"));
  g_assert_true (has_value (texts, "“no deal”"));
  g_assert_cmpuint (count (doc, "//ul[@class='legend']/li"), ==, 1);
  g_assert_cmpuint (count (doc, "//section[@class='claims']//tbody/tr"), ==, 2);
  g_assert_cmpuint (count (doc, "//ul[@class='entities']/li"), ==, 0);
  g_assert_nonnull (strstr (html, "Scope: labels claim."));
  xmlFreeDoc (doc);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/qdpx/export", Fixture, NULL, fixture_setup, test_qdpx, fixture_teardown);
  g_test_add ("/report/escaping", Fixture, NULL, fixture_setup, test_report_escaping, fixture_teardown);
  g_test_add ("/report/marks", Fixture, NULL, fixture_setup, test_report_marks, fixture_teardown);
  g_test_add ("/report/scope", Fixture, NULL, fixture_setup, test_report_scope, fixture_teardown);
  g_test_add ("/report/banner-links", Fixture, NULL, fixture_setup, test_report_banner_links, fixture_teardown);
  return g_test_run ();
}

/* gloss-w3c.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-w3c"

#include "config.h"

#include "gloss-file.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "gloss-pages.h"
#include "gloss-w3c.h"
#include "gloss-json-scan.h"
#include "gloss-json-writer.h"
#include "gloss-scope-private.h"
#include "gloss-store-private.h"
#include "gloss-export-extras.h"
#include "gloss-entities.h"
#include "gloss-fields.h"
#include "gloss-relations.h"
#include "gloss-tradecraft-private.h"

G_DEFINE_QUARK (gloss-w3c-error-quark, gloss_w3c_error)

#define W3C_CONTEXT    "http://www.w3.org/ns/anno.jsonld"
#define URN_UUID       "urn:uuid:"
#define GENERATOR_ID   "https://example.org/gloss"
/* Annotations that come without a tagging body (a plain highlight or comment made in
 * a web client) still need a label in Gloss: they get this one. */
#define UNTAGGED_LABEL "Highlight"
/* An external reference that is not an IRI, escaped into one. */
#define REF_URN        "urn:gloss:ref:"

static void G_GNUC_PRINTF (2, 3)
add_warning (GPtrArray  *warnings,
             const char *format,
             ...)
{
  va_list args;

  if (warnings == NULL)
    return;
  va_start (args, format);
  g_ptr_array_add (warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

/* ------------------------------------------------------------------------- */
/* Export                                                                     */

typedef struct {
  GlossJsonWriter   *w;
  GHashTable        *annotator_ids;   /* name -> id */
  GlossExportExtras *extras;
  GCancellable      *cancellable;
  GArray            *pages;           /* of the document being written; nullable */
  const GlossDocument *document;      /* being written */
} Export;

static void
write_urn (GlossJsonWriter *w,
           const char      *key,
           const char      *uuid)
{
  g_autofree char *urn = g_strconcat (URN_UUID, uuid, NULL);

  gloss_json_writer_member_string (w, key, urn);
}

/* A target's "source": the document's urn, or, when the analyst recorded where the
 * document comes from, the document as an External Web Resource with those details in
 * the terms the model's context defines: "creator" (each author a Person), "via" (the
 * address it was read from), dcterms:publisher, dcterms:issued (the publication date)
 * and dcterms:accessRights (the TLP marking, "TLP:AMBER"). The source reliability
 * has no term there (a warning says so). */
static void
write_source (GlossJsonWriter     *w,
              const GlossDocument *doc,
              const char          *document_id)
{
  g_autofree char *urn = g_strconcat (URN_UUID, document_id, NULL);

  if (doc == NULL || (doc->author == NULL && doc->publisher == NULL && doc->published == NULL &&
                      doc->url == NULL && doc->tlp == NULL))
    {
      gloss_json_writer_member_string (w, "source", urn);
      return;
    }
  gloss_json_writer_key (w, "source");
  gloss_json_writer_begin_object (w);
  gloss_json_writer_member_string (w, "id", urn);
  gloss_json_writer_member_string (w, "type", "Text");
  if (doc->author != NULL)
    {
      g_auto(GStrv) authors = g_strsplit (doc->author, ";", -1);

      gloss_json_writer_key (w, "creator");
      gloss_json_writer_begin_array (w);
      for (guint i = 0; authors[i] != NULL; i++)
        {
          g_strstrip (authors[i]);
          if (*authors[i] == '\0')
            continue;
          gloss_json_writer_begin_object (w);
          gloss_json_writer_member_string (w, "type", "Person");
          gloss_json_writer_member_string (w, "name", authors[i]);
          gloss_json_writer_end_object (w);
        }
      gloss_json_writer_end_array (w);
    }
  if (doc->url != NULL)
    gloss_json_writer_member_string (w, "via", doc->url);
  if (doc->publisher != NULL)
    gloss_json_writer_member_string (w, "dcterms:publisher", doc->publisher);
  if (doc->published != NULL)
    gloss_json_writer_member_string (w, "dcterms:issued", doc->published);
  if (doc->tlp != NULL)
    {
      g_autofree char *tlp = g_strconcat ("TLP:", doc->tlp, NULL);

      gloss_json_writer_member_string (w, "dcterms:accessRights", tlp);
    }
  gloss_json_writer_end_object (w);
}

/* The purpose of a field value's body. Scales and the estimative judgements of the
 * Analyst codebook (likelihood, confidence, credibility) are assessments; the other
 * choices and booleans classify; free text, numbers, dates and entity references
 * describe. */
static const char *
field_purpose (const GlossField *field)
{
  if (g_str_equal (field->type, GLOSS_FIELD_TYPE_SCALE))
    return "assessing";
  if (g_str_equal (field->type, GLOSS_FIELD_TYPE_CHOICE))
    {
      if (g_ascii_strcasecmp (field->name, "likelihood") == 0 || g_ascii_strcasecmp (field->name, "confidence") == 0 ||
          g_ascii_strcasecmp (field->name, "credibility") == 0)
        return "assessing";
      return "classifying";
    }
  if (g_str_equal (field->type, GLOSS_FIELD_TYPE_BOOLEAN))
    return "classifying";
  return "describing";
}

/* An entity's external reference as an IRI: as it is when it already is one
 * ("https://...", "Wikidata:Q42"), else wrapped in urn:gloss:ref: so that any text
 * survives and comes back. */
static char *
ref_to_iri (const char *ref)
{
  static GRegex *iri = NULL;
  g_autofree char *escaped = NULL;

  if (g_once_init_enter (&iri))
    g_once_init_leave (&iri, g_regex_new ("^[A-Za-z][A-Za-z0-9+.-]*:[^\\s<>\"{}|\\\\^`]+$", 0, 0, NULL));
  if (g_regex_match (iri, ref, 0, NULL) && !g_str_has_prefix (ref, REF_URN))
    return g_strdup (ref);
  escaped = g_uri_escape_string (ref, NULL, FALSE);
  return g_strconcat (REF_URN, escaped, NULL);
}

static char *
iri_to_ref (const char *iri)
{
  if (g_str_has_prefix (iri, REF_URN))
    return g_uri_unescape_string (iri + strlen (REF_URN), NULL);
  return g_strdup (iri);
}

/* Field values as TextualBodies that name their field with "label" (rdfs:label in the
 * Web Annotation context; an embedded TextualBody may not have a "source"), and the
 * linked entity as an "identifying" TextualBody with its canonical name plus an
 * "identifying" SpecificResource: its source is the entity's external reference and
 * its id the entity's urn:uuid, or, without a reference, its source is that urn:uuid.
 * (A body with an id and no source counts as an external web resource for the W3C
 * schemas, which then forbid its purpose: so the TextualBody carries no id.) */
static gboolean
write_field_and_entity_bodies (Export                *ex,
                               const GlossAnnotation *a,
                               GError               **error)
{
  GlossJsonWriter *w = ex->w;
  g_autoptr(GPtrArray) values = gloss_export_extras_list_values (ex->extras, a, error);

  if (values == NULL)
    return FALSE;
  for (guint i = 0; i < values->len; i++)
    {
      GlossExportValue *v = values->pdata[i];

      gloss_json_writer_begin_object (w);
      gloss_json_writer_member_string (w, "type", "TextualBody");
      gloss_json_writer_member_string (w, "value", v->display);
      gloss_json_writer_member_string (w, "purpose", field_purpose (v->field));
      gloss_json_writer_member_string (w, "label", v->field->name);
      gloss_json_writer_end_object (w);
    }
  if (a->entity_id != NULL)
    {
      const GlossEntity *e = gloss_export_extras_get_entity (ex->extras, a->entity_id, error);

      if (e == NULL)
        return FALSE;
      g_autofree char *iri = e->external_ref ? ref_to_iri (e->external_ref) : NULL;

      gloss_json_writer_begin_object (w);
      gloss_json_writer_member_string (w, "type", "TextualBody");
      gloss_json_writer_member_string (w, "value", e->name);
      gloss_json_writer_member_string (w, "purpose", "identifying");
      gloss_json_writer_end_object (w);
      gloss_json_writer_begin_object (w);
      if (iri != NULL)
        write_urn (w, "id", e->id);
      gloss_json_writer_member_string (w, "type", "SpecificResource");
      if (iri != NULL)
        gloss_json_writer_member_string (w, "source", iri);
      else
        write_urn (w, "source", e->id);
      gloss_json_writer_member_string (w, "purpose", "identifying");
      gloss_json_writer_end_object (w);
    }
  return TRUE;
}

static void
write_creator (Export     *ex,
               const char *name)
{
  GlossJsonWriter *w = ex->w;
  const char *annotator_id = g_hash_table_lookup (ex->annotator_ids, name);

  gloss_json_writer_key (w, "creator");
  gloss_json_writer_begin_object (w);
  if (annotator_id != NULL)
    write_urn (w, "id", annotator_id);
  gloss_json_writer_member_string (w, "type", "Person");
  gloss_json_writer_member_string (w, "name", name);
  gloss_json_writer_end_object (w);
}

static void
write_generator (GlossJsonWriter *w)
{
  gloss_json_writer_key (w, "generator");
  gloss_json_writer_begin_object (w);
  gloss_json_writer_member_string (w, "id", GENERATOR_ID);
  gloss_json_writer_member_string (w, "type", "Software");
  gloss_json_writer_member_string (w, "name", "Gloss");
  gloss_json_writer_end_object (w);
}

/* A relation is an annotation of its own with motivation "linking": its targets are
 * the two annotations, source first, and a tagging body names the relation type. */
static gboolean
write_relation_cb (const GlossRelation *r,
                   gpointer             user_data,
                   GError             **error)
{
  Export *ex = user_data;
  GlossJsonWriter *w = ex->w;
  g_autofree char *from = g_strconcat (URN_UUID, r->from_id, NULL);
  /* A link to an entity targets the entity's urn:uuid, the id its identifying bodies carry. */
  g_autofree char *to = g_strconcat (URN_UUID, r->to_id ? r->to_id : r->to_entity_id, NULL);

  gloss_json_writer_begin_object (w);
  write_urn (w, "id", r->id);
  gloss_json_writer_member_string (w, "type", "Annotation");
  gloss_json_writer_member_string (w, "motivation", "linking");
  if (r->annotator != NULL)
    write_creator (ex, r->annotator);
  gloss_json_writer_member_string (w, "created", r->created);
  gloss_json_writer_member_string (w, "modified", r->modified);
  write_generator (w);
  gloss_json_writer_key (w, "body");
  gloss_json_writer_begin_array (w);
  gloss_json_writer_begin_object (w);
  gloss_json_writer_member_string (w, "type", "TextualBody");
  gloss_json_writer_member_string (w, "value", r->type_name);
  gloss_json_writer_member_string (w, "purpose", "tagging");
  gloss_json_writer_end_object (w);
  gloss_json_writer_end_array (w);
  gloss_json_writer_key (w, "target");
  gloss_json_writer_begin_array (w);
  gloss_json_writer_string (w, from);
  gloss_json_writer_string (w, to);
  gloss_json_writer_end_array (w);
  gloss_json_writer_end_object (w);
  return !g_cancellable_set_error_if_cancelled (ex->cancellable, error);
}

static gboolean
write_annotation (Export                *ex,
                  const GlossAnnotation *a,
                  GError               **error)
{
  GlossJsonWriter *w = ex->w;

  gloss_json_writer_begin_object (w);
  write_urn (w, "id", a->id);
  gloss_json_writer_member_string (w, "type", "Annotation");
  gloss_json_writer_member_string (w, "motivation", "tagging");
  if (a->annotator != NULL)
    write_creator (ex, a->annotator);
  gloss_json_writer_member_string (w, "created", a->created);
  gloss_json_writer_member_string (w, "modified", a->modified);
  write_generator (w);

  gloss_json_writer_key (w, "body");
  gloss_json_writer_begin_array (w);
  gloss_json_writer_begin_object (w);
  gloss_json_writer_member_string (w, "type", "TextualBody");
  gloss_json_writer_member_string (w, "value", a->label_name);
  gloss_json_writer_member_string (w, "purpose", "tagging");
  gloss_json_writer_end_object (w);
  if (a->note != NULL && *a->note != '\0')
    {
      gloss_json_writer_begin_object (w);
      gloss_json_writer_member_string (w, "type", "TextualBody");
      gloss_json_writer_member_string (w, "value", a->note);
      gloss_json_writer_member_string (w, "purpose", "commenting");
      gloss_json_writer_end_object (w);
    }
  if (!write_field_and_entity_bodies (ex, a, error))
    return FALSE;
  gloss_json_writer_end_array (w);

  gloss_json_writer_key (w, "target");
  gloss_json_writer_begin_object (w);
  gloss_json_writer_member_string (w, "type", "SpecificResource");
  write_source (w, ex->document, a->document_id);
  gloss_json_writer_key (w, "selector");
  gloss_json_writer_begin_array (w);
  gloss_json_writer_begin_object (w);
  gloss_json_writer_member_string (w, "type", "TextQuoteSelector");
  gloss_json_writer_member_string (w, "exact", a->quote);
  if (a->prefix != NULL && *a->prefix != '\0')
    gloss_json_writer_member_string (w, "prefix", a->prefix);
  if (a->suffix != NULL && *a->suffix != '\0')
    gloss_json_writer_member_string (w, "suffix", a->suffix);
  gloss_json_writer_end_object (w);
  gloss_json_writer_begin_object (w);
  gloss_json_writer_member_string (w, "type", "TextPositionSelector");
  gloss_json_writer_member_int (w, "start", a->start);
  gloss_json_writer_member_int (w, "end", a->end);
  gloss_json_writer_end_object (w);
  {
    guint first, last;

    /* A PDF's page, as a fragment selector: RFC 8118 (which updates RFC 3778) names
     * a page of a PDF with "page=N", the form the model's FragmentSelector expects. */
    if (gloss_pages_of_span (ex->pages, a->start, a->end, &first, &last))
      {
        g_autofree char *value = g_strdup_printf ("page=%u", first);

        gloss_json_writer_begin_object (w);
        gloss_json_writer_member_string (w, "type", "FragmentSelector");
        gloss_json_writer_member_string (w, "conformsTo", "http://tools.ietf.org/rfc/rfc3778");
        gloss_json_writer_member_string (w, "value", value);
        gloss_json_writer_end_object (w);
      }
  }
  gloss_json_writer_end_array (w);
  gloss_json_writer_end_object (w);

  gloss_json_writer_end_object (w);
  return TRUE;
}

/* Counted in SQL first because "total" comes before the items in the output, and
 * the items are streamed. */
static gint64
count_annotations (GlossStore          *store,
                   const GlossScopeSql *sql,
                   GError             **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (store,
      "SELECT count(*) FROM annotations a JOIN documents d ON d.pk = a.document "
      "JOIN labels l ON l.pk = a.label LEFT JOIN annotators p ON p.pk = a.annotator "
      "WHERE a.deleted = 0 AND d.deleted = 0 AND l.deleted = 0 "
      "AND (?1 IS NULL OR d.id IN (SELECT value FROM json_each (?1))) "
      "AND (?2 IS NULL OR l.id IN (SELECT value FROM json_each (?2))) "
      "AND (?3 IS NULL OR p.name IN (SELECT value FROM json_each (?3))) "
      "AND (?4 IS NULL OR a.created >= ?4) "
      "AND (?5 IS NULL OR a.created < ?5)", error);
  gint64 n;
  int rc;

  if (stmt == NULL)
    return -1;
  gloss_scope_sql_bind (stmt, sql);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      gloss_store_set_sqlite_error (store, rc, "counting annotations", error);
      sqlite3_reset (stmt);
      return -1;
    }
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/**
 * gloss_w3c_export:
 * @store: the project
 * @scope: (nullable): what to export; %NULL for everything
 * @out: where the JSON goes; it is flushed, not closed
 * @warnings: (nullable) (element-type utf8): gets one sentence for each kind of data
 *   the project has that Web Annotation cannot carry
 * @cancellable: (nullable): checked between documents
 * @error: return location for an error
 *
 * Writes the annotations in scope as one W3C Web Annotation AnnotationCollection
 * (JSON-LD) with a single embedded AnnotationPage. The output is streamed: only one
 * document's annotations are in memory at a time. The collection's id is the
 * project's id for a whole-project export, else a name-based UUID of the project
 * and the scope, so the same scope always gets the same id.
 *
 * Returns: %TRUE on success
 */
gboolean
gloss_w3c_export (GlossStore         *store,
                  const GlossScope   *scope,
                  GOutputStream      *out,
                  GPtrArray          *warnings,
                  GCancellable       *cancellable,
                  GError            **error)
{
  g_autoptr(GlossJsonWriter) w = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GPtrArray) annotators = NULL;
  g_autoptr(GHashTable) annotator_ids = NULL;
  g_autofree char *project_id = NULL;
  g_autofree char *project_name = NULL;
  g_autofree char *collection_id = NULL;
  g_autofree char *page_id = NULL;
  g_autoptr(GlossExportExtras) extras = NULL;
  GlossExportCounts counts;
  sqlite3 *db;
  GlossScopeSql sql;
  Export ex = { 0 };
  gboolean own_transaction, ok = FALSE;
  gint64 total;

  g_return_val_if_fail (GLOSS_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  if (!gloss_scope_sql_init (store, scope, &sql, error))
    return FALSE;

  /* One read transaction, so "total" and the items come from the same snapshot even
   * while another process writes. Inside a caller's transaction that one serves. */
  db = gloss_store_get_db (store);
  own_transaction = sqlite3_get_autocommit (db);
  if (own_transaction && sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    {
      gloss_store_set_sqlite_error (store, sqlite3_errcode (db), "starting the export", error);
      gloss_scope_sql_clear (&sql);
      return FALSE;
    }

  docs = gloss_scope_list_documents (store, scope, FALSE, error);
  if (docs == NULL)
    goto out;
  annotators = gloss_store_list_annotators (store, error);
  if (annotators == NULL)
    goto out;
  annotator_ids = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < annotators->len; i++)
    {
      GlossAnnotator *p = annotators->pdata[i];
      g_hash_table_insert (annotator_ids, p->name, p->id);
    }
  total = count_annotations (store, &sql, error);
  if (total < 0 || !gloss_export_count (store, &sql, &counts, error))
    goto out;
  total += counts.relations;

  project_id = gloss_store_dup_id (store);
  project_name = gloss_store_dup_name (store);
  if (scope == NULL || gloss_scope_is_everything (scope))
    collection_id = g_strdup (project_id);
  else
    {
      g_autofree char *scope_json = gloss_scope_to_json (scope);
      collection_id = gloss_uuid_from_name (project_id, scope_json);
    }
  page_id = gloss_uuid_from_name (collection_id, "page 0");

  w = gloss_json_writer_new (out);
  ex.w = w;
  ex.annotator_ids = annotator_ids;
  ex.extras = extras = gloss_export_extras_new (store);
  ex.cancellable = cancellable;

  gloss_json_writer_begin_object (w);
  gloss_json_writer_member_string (w, "@context", W3C_CONTEXT);
  write_urn (w, "id", collection_id);
  gloss_json_writer_member_string (w, "type", "AnnotationCollection");
  gloss_json_writer_member_string (w, "label", project_name ? project_name : "Gloss project");
  gloss_json_writer_member_int (w, "total", total);
  /* The model wants at least one item in a page, so an empty collection has none. */
  if (total > 0)
    {
      gloss_json_writer_key (w, "first");
      gloss_json_writer_begin_object (w);
      write_urn (w, "id", page_id);
      gloss_json_writer_member_string (w, "type", "AnnotationPage");
      /* An object, not the bare IRI the model also allows: the W3C test schemas only
       * accept the object form (see refdata NOTES.md). */
      gloss_json_writer_key (w, "partOf");
      gloss_json_writer_begin_object (w);
      write_urn (w, "id", collection_id);
      gloss_json_writer_end_object (w);
      gloss_json_writer_member_int (w, "startIndex", 0);
      gloss_json_writer_key (w, "items");
      gloss_json_writer_begin_array (w);
      for (guint i = 0; i < docs->len; i++)
        {
          GlossDocument *doc = docs->pdata[i];
          g_autoptr(GPtrArray) list = gloss_scope_sql_list_annotations (store, &sql, doc->id, error);

          if (list == NULL)
            goto out;
          g_clear_pointer (&ex.pages, g_array_unref);
          ex.pages = gloss_store_get_document_pages (store, doc->id, NULL);
          ex.document = doc;
          for (guint j = 0; j < list->len; j++)
            if (!write_annotation (&ex, list->pdata[j], error))
              goto out;
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto out;
        }
      if (counts.relations > 0 && !gloss_export_foreach_relation (store, &sql, NULL, write_relation_cb, &ex, error))
        goto out;
      if (!gloss_export_foreach_entity_link (store, &sql, write_relation_cb, &ex, error))
        goto out;
      gloss_json_writer_end_array (w);
      gloss_json_writer_end_object (w);
    }
  gloss_json_writer_end_object (w);
  ok = gloss_json_writer_finish (w, cancellable, error);

  if (ok && total > 0)
    {
      add_warning (warnings, "W3C Web Annotation has no place for label colours, kinds, shortcut keys "
                   "or descriptions: each label is written as a tagging body with its name only.");
      add_warning (warnings, "Document texts and titles are not in a W3C export: targets name each "
                   "document as urn:uuid:<id> and carry the quote with its context.");
      if (counts.documents_with_properties > 0)
        add_warning (warnings, "A target's source carries its document's author, publisher, publication date, "
                     "address and TLP marking; the source reliability has no term in the W3C model and is "
                     "left out.");
      if (counts.field_values > 0 || counts.entity_links > 0 || counts.relations > 0)
        add_warning (warnings, "Field definitions (types, options, ranges), relation types and the entity "
                     "register's aliases and descriptions are not in a W3C export: field values, linked "
                     "entities and relations carry names and values only.");
    }

out:
  g_clear_pointer (&ex.pages, g_array_unref);
  if (own_transaction)
    sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  gloss_scope_sql_clear (&sql);
  return ok;
}

/* ------------------------------------------------------------------------- */
/* Import                                                                     */

typedef struct {
  GlossStore        *store;
  GlossImportReport *report;
  JsonParser        *parser;
  GHashTable        *label_pks;      /* name as in the file -> pk */
  GHashTable        *annotator_pks;  /* name -> pk */
  GHashTable        *source_docs;    /* target source IRI -> document pk it anchored on */
  GPtrArray         *documents;      /* GlossDocument*, loaded when first needed */
  guint              n_items;
  gboolean           noted_untagged;
} Import;

typedef struct {
  const char *source;
  const char *exact;     /* NULL: no TextQuoteSelector */
  const char *prefix;
  const char *suffix;
  gboolean    has_position;
  gint64      start;
  gint64      end;
} Target;

/* What the bodies say beyond the label and the note (borrowed strings). */
typedef struct {
  GPtrArray  *field_names;   /* "label" of each field value body */
  GPtrArray  *field_values;
  const char *entity_id;     /* UUID of an identifying TextualBody's id */
  const char *entity_name;
  const char *entity_iri;    /* source of an identifying SpecificResource */
} BodyExtras;

static void
import_clear (Import *im)
{
  g_clear_object (&im->parser);
  g_clear_pointer (&im->label_pks, g_hash_table_unref);
  g_clear_pointer (&im->annotator_pks, g_hash_table_unref);
  g_clear_pointer (&im->source_docs, g_hash_table_unref);
  g_clear_pointer (&im->documents, g_ptr_array_unref);
}

static void G_GNUC_PRINTF (4, 5)
item_error (GError    **error,
            const char *where,
            const char *id,
            const char *format,
            ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  if (id != NULL)
    g_set_error (error, GLOSS_W3C_ERROR, GLOSS_W3C_ERROR_INVALID, "%s (id %s): %s", where, id, what);
  else
    g_set_error (error, GLOSS_W3C_ERROR, GLOSS_W3C_ERROR_INVALID, "%s: %s", where, what);
}

static void G_GNUC_PRINTF (4, 5)
item_note (Import     *im,
           const char *where,
           const char *id,
           const char *format,
           ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (im->report->notes, id ? g_strdup_printf ("%s (id %s): %s", where, id, what)
                                         : g_strdup_printf ("%s: %s", where, what));
}

static gboolean
node_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* JSON-LD lets most properties be one value or an array of them: the first string. */
static const char *
first_string (JsonNode *node)
{
  if (node_is_string (node))
    return json_node_get_string (node);
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (node_is_string (json_array_get_element (array, i)))
          return json_array_get_string_element (array, i);
    }
  return NULL;
}

/* TRUE when @node is @value or an array holding it. */
static gboolean
node_has_string (JsonNode   *node,
                 const char *value)
{
  if (node_is_string (node))
    return g_str_equal (json_node_get_string (node), value);
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (node_is_string (json_array_get_element (array, i)) &&
            g_str_equal (json_array_get_string_element (array, i), value))
          return TRUE;
    }
  return FALSE;
}

static const char *
type_of (JsonObject *obj)
{
  JsonNode *node = json_object_get_member (obj, "type");

  if (node == NULL)
    node = json_object_get_member (obj, "@type");
  return first_string (node);
}

static gboolean
has_type (JsonObject *obj,
          const char *type)
{
  JsonNode *node = json_object_get_member (obj, "type");

  if (node == NULL)
    node = json_object_get_member (obj, "@type");
  return node_has_string (node, type);
}

static const char *
uuid_of_urn (const char *iri)
{
  if (iri != NULL && g_str_has_prefix (iri, URN_UUID) && gloss_uuid_is_valid (iri + strlen (URN_UUID)))
    return iri + strlen (URN_UUID);
  return NULL;
}

/* Gloss keeps UTC times with milliseconds; the model allows any xsd:dateTime. */
static gboolean
normalise_time (JsonObject *obj,
                const char *key,
                char      **out,
                const char *where,
                const char *id,
                GError    **error)
{
  JsonNode *node = json_object_get_member (obj, key);
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_utc ();

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (node_is_string (node))
    dt = g_date_time_new_from_iso8601 (json_node_get_string (node), tz);
  if (dt == NULL)
    {
      item_error (error, where, id, "“%s” is not a date and time such as 2026-01-31T12:00:00Z", key);
      return FALSE;
    }
  utc = g_date_time_to_utc (dt);
  *out = g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                          g_date_time_get_year (utc), g_date_time_get_month (utc),
                          g_date_time_get_day_of_month (utc), g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc), g_date_time_get_second (utc),
                          g_date_time_get_microsecond (utc) / 1000);
  return TRUE;
}

static gboolean
optional_string (JsonObject  *obj,
                 const char  *key,
                 const char **out,
                 const char  *where,
                 const char  *id,
                 const char  *what,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (obj, key);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!node_is_string (node))
    {
      item_error (error, where, id, "the %s “%s” must be a string", what, key);
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
read_selector (JsonNode   *node,
               Target     *t,
               const char *where,
               const char *id,
               GError    **error)
{
  JsonObject *sel;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      item_error (error, where, id, "a selector must be an object");
      return FALSE;
    }
  sel = json_node_get_object (node);
  if (has_type (sel, "TextQuoteSelector") && t->exact == NULL)
    {
      if (!optional_string (sel, "exact", &t->exact, where, id, "TextQuoteSelector's", error) ||
          !optional_string (sel, "prefix", &t->prefix, where, id, "TextQuoteSelector's", error) ||
          !optional_string (sel, "suffix", &t->suffix, where, id, "TextQuoteSelector's", error))
        return FALSE;
      if (t->exact == NULL)
        {
          item_error (error, where, id, "its TextQuoteSelector has no “exact”");
          return FALSE;
        }
    }
  else if (has_type (sel, "TextPositionSelector") && !t->has_position)
    {
      JsonNode *start = json_object_get_member (sel, "start");
      JsonNode *end = json_object_get_member (sel, "end");

      if (start == NULL || end == NULL || !JSON_NODE_HOLDS_VALUE (start) || !JSON_NODE_HOLDS_VALUE (end) ||
          json_node_get_value_type (start) != G_TYPE_INT64 || json_node_get_value_type (end) != G_TYPE_INT64)
        {
          item_error (error, where, id, "its TextPositionSelector needs whole-number “start” and “end”");
          return FALSE;
        }
      t->start = json_node_get_int (start);
      t->end = json_node_get_int (end);
      if (t->start < 0 || t->end < t->start)
        {
          item_error (error, where, id, "its TextPositionSelector [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                      ") is not a span", t->start, t->end);
          return FALSE;
        }
      t->has_position = TRUE;
    }
  /* Other selectors (XPath, CSS, fragment...) address markup Gloss does not keep. */
  return TRUE;
}

static gboolean
read_target (JsonObject *obj,
             Target     *t,
             const char *where,
             const char *id,
             Import     *im,
             GError    **error)
{
  JsonNode *node = json_object_get_member (obj, "target");
  JsonNode *source, *selector;
  JsonObject *target = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      item_error (error, where, id, "it has no target");
      return FALSE;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);

      for (guint i = 0; i < n && target == NULL; i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          if (JSON_NODE_HOLDS_OBJECT (element) && json_object_has_member (json_node_get_object (element), "selector"))
            target = json_node_get_object (element);
        }
      if (target != NULL && n > 1)
        item_note (im, where, id, "it has %u targets; Gloss keeps the first one with a selector", n);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    target = json_node_get_object (node);
  if (target == NULL)
    {
      item_error (error, where, id, "its target names a whole resource without selectors; Gloss needs a "
                  "TextQuoteSelector or TextPositionSelector to place it in a text");
      return FALSE;
    }

  source = json_object_get_member (target, "source");
  if (source != NULL && JSON_NODE_HOLDS_OBJECT (source))
    source = json_object_get_member (json_node_get_object (source), "id");
  t->source = node_is_string (source) ? json_node_get_string (source) : NULL;

  selector = json_object_get_member (target, "selector");
  if (selector == NULL || JSON_NODE_HOLDS_NULL (selector))
    {
      item_error (error, where, id, "its target has no selector; Gloss needs a TextQuoteSelector or "
                  "TextPositionSelector to place it in a text");
      return FALSE;
    }
  if (JSON_NODE_HOLDS_ARRAY (selector))
    {
      JsonArray *array = json_node_get_array (selector);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!read_selector (json_array_get_element (array, i), t, where, id, error))
          return FALSE;
    }
  else if (!read_selector (selector, t, where, id, error))
    return FALSE;

  if (t->exact != NULL && *t->exact == '\0')
    t->exact = NULL;
  if (t->exact == NULL && !t->has_position)
    {
      item_error (error, where, id, "its target has no TextQuoteSelector or TextPositionSelector");
      return FALSE;
    }
  return TRUE;
}

/* Length in bytes of the common end of @a (whole) and @b (whole). */
static gsize
common_suffix (const char *a, gsize a_len, const char *b, gsize b_len)
{
  gsize n = 0;

  while (n < a_len && n < b_len && a[a_len - 1 - n] == b[b_len - 1 - n])
    n++;
  return n;
}

static gsize
common_prefix (const char *a, gsize a_len, const char *b, gsize b_len)
{
  gsize n = 0;

  while (n < a_len && n < b_len && a[n] == b[n])
    n++;
  return n;
}

/* Places @t in one text. The positions win when their slice is the quote (or there
 * is no quote); otherwise the occurrence of the quote whose surroundings best match
 * the prefix and suffix, the nearest to the given start on a tie. The score is how
 * much context matched, G_MAXINT64 for an exact position match; -1: not found. */
static gint64
anchor_in_text (const GlossTextIndex *index,
                const Target         *t,
                gint64               *out_start,
                gint64               *out_end)
{
  const char *text = gloss_text_index_get_text (index);
  gint64 length = gloss_text_index_get_length (index);
  gsize text_len, exact_len, prefix_len, suffix_len;
  const char *p, *last = text;
  gint64 last_cp = 0, best = -1, best_distance = G_MAXINT64;

  if (t->has_position && t->end <= length && t->start < t->end)
    {
      g_autofree char *slice = gloss_text_index_slice (index, t->start, t->end);

      if (t->exact == NULL || g_str_equal (slice, t->exact))
        {
          *out_start = t->start;
          *out_end = t->end;
          return G_MAXINT64;
        }
    }
  if (t->exact == NULL)
    return -1;

  text_len = gloss_text_index_byte_at (index, length);
  exact_len = strlen (t->exact);
  prefix_len = t->prefix ? strlen (t->prefix) : 0;
  suffix_len = t->suffix ? strlen (t->suffix) : 0;
  for (p = text; (p = g_strstr_len (p, text + text_len - p, t->exact)) != NULL; p++)
    {
      gint64 start, score, distance;

      /* Code points counted on from the previous hit, so many hits stay linear. */
      last_cp += g_utf8_strlen (last, p - last);
      last = p;
      start = last_cp;
      score = (gint64) common_suffix (text, p - text, t->prefix, prefix_len) +
              (gint64) common_prefix (p + exact_len, text + text_len - (p + exact_len), t->suffix, suffix_len);
      distance = t->has_position ? ABS (start - t->start) : 0;
      if (score > best || (score == best && distance < best_distance))
        {
          best = score;
          best_distance = distance;
          *out_start = start;
          *out_end = start + g_utf8_strlen (t->exact, exact_len);
        }
    }
  return best;
}

static gboolean
ensure_documents (Import  *im,
                  GError **error)
{
  if (im->documents == NULL)
    im->documents = gloss_store_list_documents (im->store, error);
  return im->documents != NULL;
}

/* Finds the document and span for @t. FALSE with no error: not anchored; then
 * @out_source_found says whether the target's source is a document of the project
 * (so that the report can say why the annotation was not anchored). */
static gboolean
anchor (Import       *im,
        const Target *t,
        gint64       *out_doc,
        gint64       *out_start,
        gint64       *out_end,
        gboolean     *out_source_found,
        GError      **error)
{
  gint64 candidate = 0, best = -1;
  const char *uuid = uuid_of_urn (t->source);

  *out_source_found = FALSE;

  if (t->source != NULL)
    {
      gint64 *cached = g_hash_table_lookup (im->source_docs, t->source);

      if (cached != NULL)
        candidate = *cached;
      else if (uuid != NULL)
        candidate = gloss_store_document_pk (im->store, uuid);
      if (candidate == 0 && uuid == NULL)
        {
          /* A document imported from that very URL or path. */
          if (!ensure_documents (im, error))
            return FALSE;
          for (guint i = 0; i < im->documents->len && candidate == 0; i++)
            {
              GlossDocument *doc = im->documents->pdata[i];
              if (g_strcmp0 (doc->source, t->source) == 0)
                candidate = gloss_store_document_pk (im->store, doc->id);
            }
        }
    }

  if (candidate != 0)
    {
      const GlossTextIndex *index = gloss_store_document_text (im->store, candidate, error);

      *out_source_found = TRUE;

      if (index == NULL)
        return FALSE;
      if (anchor_in_text (index, t, out_start, out_end) >= 0)
        {
          *out_doc = candidate;
          return TRUE;
        }
    }

  /* The source is unknown (or the quote is not in it): look for the quote in every
   * document. Fine for the projects analysts exchange; the source cache below makes
   * it once per source, not once per annotation. */
  if (t->exact == NULL)
    return FALSE;
  if (!ensure_documents (im, error))
    return FALSE;
  for (guint i = 0; i < im->documents->len; i++)
    {
      GlossDocument *doc = im->documents->pdata[i];
      gint64 pk = gloss_store_document_pk (im->store, doc->id);
      const GlossTextIndex *index;
      gint64 s = 0, e = 0, score;

      if (pk == candidate)
        continue;
      index = gloss_store_document_text (im->store, pk, error);
      if (index == NULL)
        return FALSE;
      score = anchor_in_text (index, t, &s, &e);
      if (score > best)
        {
          best = score;
          *out_doc = pk;
          *out_start = s;
          *out_end = e;
        }
    }
  if (best < 0)
    return FALSE;
  if (t->source != NULL)
    g_hash_table_insert (im->source_docs, g_strdup (t->source), g_memdup2 (out_doc, sizeof (gint64)));
  return TRUE;
}

static gint64
ensure_label (Import     *im,
              const char *name,
              const char *where,
              const char *id,
              GError    **error)
{
  gint64 *known = g_hash_table_lookup (im->label_pks, name);
  g_autoptr(GlossLabel) label = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 pk;

  if (known != NULL)
    return *known;
  label = gloss_store_find_label_by_name (im->store, name, NULL);
  if (label == NULL)
    {
      label = gloss_store_add_label (im->store, name, GLOSS_LABEL_KIND_TAG, NULL, NULL, NULL, &local_error);
      if (label == NULL)
        {
          item_error (error, where, id, "the label “%s” cannot be added: %s", name, local_error->message);
          return 0;
        }
      im->report->labels_added++;
    }
  pk = gloss_store_label_pk (im->store, label->id);
  g_hash_table_insert (im->label_pks, g_strdup (name), g_memdup2 (&pk, sizeof pk));
  return pk;
}

static gint64
ensure_annotator (Import     *im,
                  const char *name,
                  const char *annotator_id,
                  const char *where,
                  const char *id,
                  GError    **error)
{
  gint64 *known = g_hash_table_lookup (im->annotator_pks, name);
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  gboolean existed;
  gint64 pk;

  if (known != NULL)
    return *known;
  stmt = gloss_store_prepare (im->store, "SELECT 1 FROM annotators WHERE name = ?1", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  existed = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  pk = gloss_store_ensure_annotator (im->store, name, annotator_id, NULL, &local_error);
  if (pk <= 0)
    {
      item_error (error, where, id, "the annotator “%s” cannot be added: %s", name,
                  local_error ? local_error->message : "unknown error");
      return -1;
    }
  if (!existed)
    im->report->annotators_added++;
  g_hash_table_insert (im->annotator_pks, g_strdup (name), g_memdup2 (&pk, sizeof pk));
  return pk;
}

/* Reads the bodies: the first tagging body is the label, commenting bodies make the
 * note. Appends to @tags and @notes (borrowed strings). */
static gboolean
read_bodies (Import     *im,
             JsonObject *obj,
             const char *motivation,
             GPtrArray  *tags,
             GPtrArray  *notes,
             BodyExtras *extras,
             const char *where,
             const char *id,
             GError    **error)
{
  JsonNode *node = json_object_get_member (obj, "body");
  JsonNode *body_value = json_object_get_member (obj, "bodyValue");
  g_autoptr(GList) bodies = NULL;

  if (body_value != NULL && !JSON_NODE_HOLDS_NULL (body_value))
    {
      if (!node_is_string (body_value))
        {
          item_error (error, where, id, "“bodyValue” must be a string");
          return FALSE;
        }
      g_ptr_array_add (g_strcmp0 (motivation, "tagging") == 0 ? tags : notes,
                       (gpointer) json_node_get_string (body_value));
    }
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_ARRAY (node))
    bodies = json_array_get_elements (json_node_get_array (node));
  else
    bodies = g_list_append (NULL, node);

  for (GList *l = bodies; l != NULL; l = l->next)
    {
      JsonNode *body = l->data;
      JsonObject *b;
      JsonNode *value;
      const char *purpose;

      if (node_is_string (body))
        {
          item_note (im, where, id, "the body %s is a link to another resource and was left out",
                     json_node_get_string (body));
          continue;
        }
      if (!JSON_NODE_HOLDS_OBJECT (body))
        {
          item_error (error, where, id, "a body must be an object or an IRI");
          return FALSE;
        }
      b = json_node_get_object (body);
      purpose = first_string (json_object_get_member (b, "purpose"));
      if (purpose == NULL)
        purpose = motivation;
      value = json_object_get_member (b, "value");
      if (g_strcmp0 (purpose, "identifying") == 0 && value == NULL &&
          first_string (json_object_get_member (b, "source")) != NULL)
        {
          /* A linked entity: its register id and external reference. */
          const char *source = first_string (json_object_get_member (b, "source"));

          if (extras->entity_id == NULL)
            extras->entity_id = uuid_of_urn (first_string (json_object_get_member (b, "id")));
          if (extras->entity_id == NULL)
            extras->entity_id = uuid_of_urn (source);
          if (extras->entity_iri == NULL && uuid_of_urn (source) == NULL)
            extras->entity_iri = source;
          continue;
        }
      if (!has_type (b, "TextualBody") && value == NULL)
        {
          item_note (im, where, id, "a %s body%s%s was left out: Gloss keeps textual tags and comments",
                     type_of (b) ? type_of (b) : "non-textual", purpose ? " with purpose " : "",
                     purpose ? purpose : "");
          continue;
        }
      if (!node_is_string (value))
        {
          item_error (error, where, id, "a TextualBody has no string “value”");
          return FALSE;
        }
      if (g_strcmp0 (purpose, "tagging") == 0)
        g_ptr_array_add (tags, (gpointer) json_node_get_string (value));
      else if (g_strcmp0 (purpose, "identifying") == 0)
        {
          /* A linked entity: its canonical name, and its id when it is one of ours. */
          if (extras->entity_name == NULL)
            extras->entity_name = json_node_get_string (value);
          else
            item_note (im, where, id, "it identifies more than one entity; Gloss links an annotation to one, "
                       "the first (“%s”), and left out “%s”", extras->entity_name, json_node_get_string (value));
        }
      else if (purpose != NULL && (g_str_equal (purpose, "classifying") || g_str_equal (purpose, "assessing") ||
                                   g_str_equal (purpose, "describing")) &&
               node_is_string (json_object_get_member (b, "label")))
        {
          /* A field value: its field is named by "label". */
          g_ptr_array_add (extras->field_names, (gpointer) json_object_get_string_member (b, "label"));
          g_ptr_array_add (extras->field_values, (gpointer) json_node_get_string (value));
        }
      else if (purpose == NULL || g_str_equal (purpose, "commenting") || g_str_equal (purpose, "describing") ||
               g_str_equal (purpose, "highlighting"))
        g_ptr_array_add (notes, (gpointer) json_node_get_string (value));
      else
        item_note (im, where, id, "a body with purpose “%s” (“%s”) was left out: it names no field of the label "
                   "(field values carry the field's name as “label”)", purpose, json_node_get_string (value));
    }
  return TRUE;
}

/* Field values and the linked entity of a newly added annotation. What does not fit
 * the project's codebook is noted and left out. */
static gboolean
apply_extras (Import           *im,
              const char       *annotation_id,
              const BodyExtras *extras,
              const char       *created,
              const char       *modified,
              const char       *where,
              const char       *file_id,
              GError          **error)
{
  g_autofree char *shown = file_id ? g_strdup_printf ("%s (id %s)", where, file_id) : g_strdup (where);
  g_autofree char *ref = extras->entity_iri ? iri_to_ref (extras->entity_iri) : NULL;

  return gloss_exchange_apply_extras (im->store, im->report, annotation_id, extras->field_names,
                                      extras->field_values, extras->entity_id, extras->entity_name, ref,
                                      created, modified, shown, error);
}

/* A linking annotation between two annotations of the project, or from one to an
 * entity of the register, becomes a relation; one whose ends are elsewhere is noted
 * and left out. */
static gboolean
import_link (Import     *im,
             JsonObject *obj,
             GPtrArray  *tags,
             const char *id,
             const char *created,
             const char *modified,
             const char *creator_name,
             const char *where,
             const char *file_id,
             GError    **error)
{
  JsonNode *node = json_object_get_member (obj, "target");
  g_autoptr(GPtrArray) ends = g_ptr_array_new ();
  if (gloss_store_id_exists (im->store, "relations", id))
    {
      im->report->annotations_present++;
      return TRUE;
    }
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          const char *iri = node_is_string (element) ? json_node_get_string (element)
                          : JSON_NODE_HOLDS_OBJECT (element)
                            ? first_string (json_object_get_member (json_node_get_object (element), "id")) : NULL;

          g_ptr_array_add (ends, (gpointer) iri);
        }
    }
  if (ends->len != 2 || uuid_of_urn (ends->pdata[0]) == NULL || uuid_of_urn (ends->pdata[1]) == NULL)
    {
      item_note (im, where, file_id, "a linking annotation was left out: Gloss reads one whose two targets are "
                 "annotations (urn:uuid:), source first");
      return TRUE;
    }
  if (tags->len == 0)
    {
      item_note (im, where, file_id, "a linking annotation was left out: it has no tagging body naming the "
                 "relation type");
      return TRUE;
    }
  {
    g_autofree char *from = g_ascii_strdown (uuid_of_urn (ends->pdata[0]), -1);
    g_autofree char *to = g_ascii_strdown (uuid_of_urn (ends->pdata[1]), -1);
    g_autofree char *shown = file_id ? g_strdup_printf ("%s (id %s)", where, file_id) : g_strdup (where);
    if (!gloss_exchange_add_relation (im->store, im->report, id, tags->pdata[0], from, to, creator_name,
                                      created, modified, shown, error))
      return FALSE;
  }
  return TRUE;
}

static gboolean
import_annotation (Import     *im,
                   JsonNode   *node,
                   const char *where,
                   GError    **error)
{
  JsonObject *obj;
  JsonNode *id_node, *creator_node;
  const char *file_id = NULL, *motivation, *creator_name = NULL, *creator_id = NULL, *tag;
  g_autofree char *id = NULL;
  g_autofree char *created = NULL;
  g_autofree char *modified = NULL;
  g_autofree char *now = NULL;
  g_autofree char *note = NULL;
  g_autofree char *quote = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *suffix = NULL;
  g_autoptr(GPtrArray) tags = g_ptr_array_new ();
  g_autoptr(GPtrArray) notes = g_ptr_array_new ();
  g_autoptr(GPtrArray) field_names = g_ptr_array_new ();
  g_autoptr(GPtrArray) field_values = g_ptr_array_new ();
  BodyExtras extras = { field_names, field_values, NULL, NULL, NULL };
  g_autoptr(GError) local_error = NULL;
  const GlossTextIndex *index;
  Target t = { 0 };
  gint64 doc_pk = 0, label_pk, annotator_pk = 0, start = 0, end = 0;
  gboolean source_found = FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      if (node_is_string (node))
        item_error (error, where, NULL, "is a link (%s) to an annotation, not an embedded annotation",
                    json_node_get_string (node));
      else
        item_error (error, where, NULL, "must be an object (an Annotation)");
      return FALSE;
    }
  obj = json_node_get_object (node);
  id_node = json_object_get_member (obj, "id");
  if (id_node != NULL && !node_is_string (id_node))
    {
      item_error (error, where, NULL, "“id” must be a string (an IRI)");
      return FALSE;
    }
  file_id = id_node ? json_node_get_string (id_node) : NULL;
  if (!has_type (obj, "Annotation"))
    {
      const char *type = type_of (obj);

      if (type != NULL)
        item_error (error, where, file_id, "is not an Annotation (its type is “%s”)", type);
      else
        item_error (error, where, file_id, "is not an Annotation (it has no type)");
      return FALSE;
    }

  motivation = first_string (json_object_get_member (obj, "motivation"));
  if (!read_bodies (im, obj, motivation, tags, notes, &extras, where, file_id, error) ||
      (g_strcmp0 (motivation, "linking") != 0 && !read_target (obj, &t, where, file_id, im, error)) ||
      !normalise_time (obj, "created", &created, where, file_id, error) ||
      !normalise_time (obj, "modified", &modified, where, file_id, error))
    return FALSE;

  creator_node = json_object_get_member (obj, "creator");
  if (creator_node != NULL && JSON_NODE_HOLDS_ARRAY (creator_node) &&
      json_array_get_length (json_node_get_array (creator_node)) > 0)
    creator_node = json_array_get_element (json_node_get_array (creator_node), 0);
  if (creator_node != NULL && JSON_NODE_HOLDS_OBJECT (creator_node))
    {
      JsonObject *creator = json_node_get_object (creator_node);

      creator_name = first_string (json_object_get_member (creator, "name"));
      if (creator_name == NULL)
        creator_name = first_string (json_object_get_member (creator, "nickname"));
      creator_id = uuid_of_urn (first_string (json_object_get_member (creator, "id")));
    }

  /* Our own ids come back as themselves, so importing a file twice adds nothing;
   * other IRIs get a name-based UUID for the same reason. */
  if (uuid_of_urn (file_id) != NULL)
    id = g_ascii_strdown (uuid_of_urn (file_id), -1);
  else if (file_id != NULL)
    id = gloss_uuid_from_name ("w3c-annotation", file_id);
  else
    id = gloss_uuid_new ();
  if (g_strcmp0 (motivation, "linking") == 0)
    return import_link (im, obj, tags, id, created, modified, creator_name, where, file_id, error);
  if (gloss_store_id_exists (im->store, "annotations", id))
    {
      im->report->annotations_present++;
      return TRUE;
    }

  if (!anchor (im, &t, &doc_pk, &start, &end, &source_found, &local_error))
    {
      if (local_error != NULL)
        {
          item_error (error, where, file_id, "%s", local_error->message);
          return FALSE;
        }
      if (t.exact != NULL)
        {
          g_autofree char *shown = g_utf8_substring (t.exact, 0, MIN (g_utf8_strlen (t.exact, -1), 60));
          item_note (im, where, file_id, "not anchored: the quote “%s%s” is in no document of the project",
                     shown, g_utf8_strlen (t.exact, -1) > 60 ? "…" : "");
        }
      else if (source_found && t.has_position)
        item_note (im, where, file_id, "not anchored: the position [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                   ") does not fit the document %s, and there is no quote to look for", t.start, t.end, t.source);
      else if (source_found)
        item_note (im, where, file_id, "not anchored: the target of the document %s has no position, "
                   "and no quote to look for", t.source);
      else
        item_note (im, where, file_id, "not anchored: the source %s is not in the project, and there is no quote to look for",
                   t.source ? t.source : "(none)");
      return TRUE;
    }

  if (tags->len == 0)
    {
      tag = UNTAGGED_LABEL;
      if (!im->noted_untagged)
        item_note (im, where, file_id, "annotations without a tagging body get the label “%s”", UNTAGGED_LABEL);
      im->noted_untagged = TRUE;
    }
  else
    {
      tag = tags->pdata[0];
      if (tags->len > 1)
        item_note (im, where, file_id, "it has %u tags; Gloss keeps one label per annotation, the first (“%s”)",
                   tags->len, tag);
    }
  label_pk = ensure_label (im, tag, where, file_id, error);
  if (label_pk == 0)
    return FALSE;
  if (creator_name != NULL && *creator_name != '\0')
    {
      annotator_pk = ensure_annotator (im, creator_name, creator_id, where, file_id, error);
      if (annotator_pk < 0)
        return FALSE;
    }
  if (notes->len > 0)
    {
      g_ptr_array_add (notes, NULL);
      note = g_strjoinv ("\n\n", (char **) notes->pdata);
    }

  index = gloss_store_document_text (im->store, doc_pk, error);
  if (index == NULL)
    return FALSE;
  quote = gloss_text_index_slice (index, start, end);
  prefix = gloss_text_index_slice (index, start - GLOSS_CONTEXT_CHARS, start);
  suffix = gloss_text_index_slice (index, end, end + GLOSS_CONTEXT_CHARS);
  if (t.has_position && (t.start != start || t.end != end))
    item_note (im, where, file_id, "re-anchored from [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") to [%"
               G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") by its quote", t.start, t.end, start, end);
  now = gloss_now_iso8601 ();
  {
    GlossAnnotation a = {
      .id = id, .start = start, .end = end, .quote = quote, .prefix = prefix, .suffix = suffix,
      .note = note && *note ? note : NULL,
      .created = created ? created : now,
      .modified = modified ? modified : created ? created : now,
    };

    if (!gloss_store_insert_annotation_row (im->store, &a, doc_pk, label_pk, annotator_pk, &local_error))
      {
        item_error (error, where, file_id, "%s", local_error->message);
        return FALSE;
      }
    if (!apply_extras (im, id, &extras, a.created, a.modified, where, file_id, error))
      return FALSE;
  }
  im->report->annotations_added++;
  return TRUE;
}

static gboolean
import_item (Import     *im,
             const char *data,
             gsize       offset,
             gsize       length,
             GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *where = g_strdup_printf ("items[%u]", im->n_items++);

  if (!json_parser_load_from_data (im->parser, data + offset, length, &local_error))
    {
      item_error (error, where, NULL, "%s", local_error->message);
      return FALSE;
    }
  return import_annotation (im, json_parser_get_root (im->parser), where, error);
}

static const GlossJsonMember *
find_member (GPtrArray  *members,
             const char *key)
{
  for (guint i = 0; i < members->len; i++)
    if (g_str_equal (((GlossJsonMember *) members->pdata[i])->key, key))
      return members->pdata[i];
  return NULL;
}

/* The "type" member of a scanned object, as a small parsed node. */
static JsonNode *
member_node (const char *data,
             GPtrArray  *members,
             const char *key)
{
  const GlossJsonMember *member = find_member (members, key);

  return member ? gloss_json_parse_slice (data, member->offset, member->length, NULL) : NULL;
}

static gboolean
import_items (Import                *im,
              const char            *data,
              const GlossJsonMember *items,
              GError               **error)
{
  GlossJsonArrayIter iter;
  gsize offset, length;

  if (items->kind != '[')
    {
      g_set_error_literal (error, GLOSS_W3C_ERROR, GLOSS_W3C_ERROR_INVALID, "the page's “items” must be an array");
      return FALSE;
    }
  gloss_json_array_iter_init (&iter, data, items);
  while (gloss_json_array_iter_next (&iter, &offset, &length))
    if (!import_item (im, data, offset, length, error))
      return FALSE;
  return TRUE;
}

/* A page and the pages embedded after it as "next" objects. Each page is scanned,
 * not parsed, so a large page never becomes a json-glib tree. */
static gboolean
import_pages (Import     *im,
              const char *data,
              gsize       len,
              GError    **error)
{
  g_autoptr(GPtrArray) members = NULL;

  for (guint page = 0; ; page++)
    {
      const GlossJsonMember *items, *next;
      g_autoptr(JsonNode) type = NULL;
      g_autoptr(GError) local_error = NULL;

      g_clear_pointer (&members, g_ptr_array_unref);
      members = gloss_json_scan_object (data, len, &local_error);
      if (members == NULL)
        {
          g_set_error (error, GLOSS_W3C_ERROR, GLOSS_W3C_ERROR_SYNTAX, "page %u: %s", page, local_error->message);
          return FALSE;
        }
      type = member_node (data, members, "type");
      if (!node_has_string (type, "AnnotationPage"))
        {
          g_set_error (error, GLOSS_W3C_ERROR, GLOSS_W3C_ERROR_INVALID, "page %u is not an AnnotationPage", page);
          return FALSE;
        }
      items = find_member (members, "items");
      if (items != NULL && !import_items (im, data, items, error))
        return FALSE;
      next = find_member (members, "next");
      if (next == NULL || next->kind == 'z')
        return TRUE;
      if (next->kind != '{')
        {
          g_autoptr(JsonNode) iri = gloss_json_parse_slice (data, next->offset, next->length, NULL);

          g_ptr_array_add (im->report->notes,
                           g_strdup_printf ("the page links to a next page (%s) that is not in the file; only "
                                            "the pages in the file were imported",
                                            node_is_string (iri) ? json_node_get_string (iri) : "?"));
          return TRUE;
        }
      data += next->offset;
      len = next->length;
    }
}

static gboolean
import_document_value (Import     *im,
                       const char *data,
                       gsize       len,
                       const char *shown,
                       GError    **error)
{
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) type = NULL;
  gsize skip = 0;

  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    skip = 3;
  while (skip < len && g_ascii_isspace (data[skip]))
    skip++;

  if (skip < len && data[skip] == '[')
    {
      /* A bare array of annotations: the scanner reads objects only, so the array is
       * wrapped as one (on the same line, so line numbers in errors stay right). */
      g_autoptr(GString) wrapped = g_string_sized_new (len - skip + 16);
      const GlossJsonMember *items;

      g_string_append (wrapped, "{\"items\":");
      g_string_append_len (wrapped, data + skip, len - skip);
      g_string_append (wrapped, "\n}");
      members = gloss_json_scan_object (wrapped->str, wrapped->len, &local_error);
      if (members == NULL)
        {
          g_set_error (error, GLOSS_W3C_ERROR, GLOSS_W3C_ERROR_SYNTAX, "%s is not valid JSON: %s",
                       shown, local_error->message);
          return FALSE;
        }
      items = find_member (members, "items");
      return import_items (im, wrapped->str, items, error);
    }

  members = gloss_json_scan_object (data, len, &local_error);
  if (members == NULL)
    {
      if (g_error_matches (local_error, GLOSS_JSON_SCAN_ERROR, GLOSS_JSON_SCAN_ERROR_TYPE))
        g_set_error (error, GLOSS_W3C_ERROR, GLOSS_W3C_ERROR_FORMAT, "%s is not a Web Annotation: %s",
                     shown, local_error->message);
      else
        g_set_error (error, GLOSS_W3C_ERROR, GLOSS_W3C_ERROR_SYNTAX, "%s is not valid JSON: %s",
                     shown, local_error->message);
      return FALSE;
    }
  type = member_node (data, members, "type");
  if (type == NULL)
    type = member_node (data, members, "@type");

  if (node_has_string (type, "AnnotationCollection"))
    {
      const GlossJsonMember *first = find_member (members, "first");

      if (first == NULL)
        return TRUE;   /* an empty collection */
      if (first->kind != '{')
        {
          g_set_error (error, GLOSS_W3C_ERROR, GLOSS_W3C_ERROR_FORMAT,
                       "%s is a collection whose pages are not in the file (“first” is a link); "
                       "download the pages and import them", shown);
          return FALSE;
        }
      return import_pages (im, data + first->offset, first->length, error);
    }
  if (node_has_string (type, "AnnotationPage"))
    return import_pages (im, data, len, error);
  if (node_has_string (type, "Annotation"))
    {
      g_autoptr(JsonNode) node = gloss_json_parse_slice (data, 0, len, &local_error);

      if (node == NULL)
        {
          g_set_error (error, GLOSS_W3C_ERROR, GLOSS_W3C_ERROR_SYNTAX, "%s is not valid JSON: %s",
                       shown, local_error->message);
          return FALSE;
        }
      return import_annotation (im, node, "the annotation", error);
    }
  if (first_string (type) != NULL)
    g_set_error (error, GLOSS_W3C_ERROR, GLOSS_W3C_ERROR_FORMAT,
                 "%s is JSON but not a Web Annotation, AnnotationPage or AnnotationCollection (its type is “%s”)",
                 shown, first_string (type));
  else
    g_set_error (error, GLOSS_W3C_ERROR, GLOSS_W3C_ERROR_FORMAT,
                 "%s is JSON but not a Web Annotation, AnnotationPage or AnnotationCollection (it has no “type”)",
                 shown);
  return FALSE;
}

/**
 * gloss_w3c_import_data:
 * @store: the project
 * @data: the JSON text
 * @len: its length in bytes
 * @name: (nullable): the file name, for messages
 * @report: (nullable): gets counts and one note per annotation that was re-anchored,
 *   not anchored or partly left out
 * @error: return location for an error
 *
 * Imports W3C Web Annotations: an AnnotationCollection with embedded pages, one
 * AnnotationPage, an array of Annotations or one Annotation. Each annotation is
 * re-anchored on a document of the project (by its target source
 * "urn:uuid:<document id>", else by its quote with prefix and suffix); those that
 * cannot be placed are skipped and named in @report. Everything is added in one
 * transaction: on an error (malformed JSON, an item that is not an annotation, a
 * target without selectors...) nothing is.
 *
 * Returns: %TRUE on success
 */
gboolean
gloss_w3c_import_data (GlossStore         *store,
                       const char         *data,
                       gsize               len,
                       const char         *name,
                       GlossImportReport  *report,
                       GError            **error)
{
  g_autoptr(GlossImportReport) own_report = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *shown = g_strdup_printf ("“%s”", name ? name : "the JSON data");
  Import im = { 0 };
  guint n_notes;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (store), FALSE);

  if (report == NULL)
    report = own_report = gloss_import_report_new ();
  if (!gloss_store_check_writable (store, error))
    return FALSE;

  im.store = store;
  im.report = report;
  im.parser = json_parser_new_immutable ();
  im.label_pks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  im.annotator_pks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  im.source_docs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  n_notes = report->notes->len;

  if (!gloss_store_op_begin (store, error))
    {
      import_clear (&im);
      return FALSE;
    }
  ok = import_document_value (&im, data, len, shown, &local_error);
  if (ok && (report->labels_added || report->annotations_added))
    gloss_store_queue_change (store, GLOSS_CHANGE_ALL, NULL);
  ok = gloss_store_op_end (store, ok, ok ? &local_error : NULL) && ok;
  import_clear (&im);

  if (!ok)
    {
      /* Nothing was added, so the notes about what was are void too. */
      g_ptr_array_set_size (report->notes, n_notes);
      if (local_error != NULL && local_error->domain == GLOSS_W3C_ERROR &&
          local_error->code == GLOSS_W3C_ERROR_INVALID)
        g_set_error (error, local_error->domain, local_error->code, "%s: %s", shown, local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/**
 * gloss_w3c_import_file:
 * @store: the project
 * @path: a W3C Web Annotation JSON(-LD) file
 * @report: (nullable): see gloss_w3c_import_data()
 * @error: return location for an error
 *
 * As gloss_w3c_import_data() on the contents of @path (mapped, not copied).
 *
 * Returns: %TRUE on success
 */
gboolean
gloss_w3c_import_file (GlossStore         *store,
                       const char         *path,
                       GlossImportReport  *report,
                       GError            **error)
{
  g_autoptr(GMappedFile) mapped = gloss_map_import_file (path, GLOSS_W3C_ERROR, GLOSS_W3C_ERROR_SYNTAX, error);
  g_autofree char *base = g_path_get_basename (path);

  if (mapped == NULL)
    return FALSE;
  return gloss_w3c_import_data (store, g_mapped_file_get_contents (mapped), g_mapped_file_get_length (mapped),
                                base, report, error);
}

/**
 * gloss_w3c_sniff:
 * @data: the start of a file (the first 64 KiB are looked at)
 * @len: its length
 *
 * Tells whether the data looks like W3C Web Annotation JSON: a JSON object or array
 * that names the Web Annotation context or has a "type" of Annotation,
 * AnnotationPage or AnnotationCollection near its start. Gloss's own JSON export
 * ("format": "gloss") is not W3C.
 *
 * Returns: %TRUE when it looks like Web Annotations
 */
gboolean
gloss_w3c_sniff (const char *data,
                 gsize       len)
{
  static GRegex *type_regex = NULL;
  static GRegex *gloss_regex = NULL;
  g_autofree char *head = NULL;
  gsize skip = 0;

  if (data == NULL)
    return FALSE;
  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    skip = 3;
  while (skip < len && g_ascii_isspace (data[skip]))
    skip++;
  if (skip >= len || (data[skip] != '{' && data[skip] != '['))
    return FALSE;

  /* The keys are matched with their quotes, so the same words inside a string value
   * (where the quotes are escaped) do not count. */
  if (g_once_init_enter (&type_regex))
    g_once_init_leave (&type_regex, g_regex_new ("\"(@?type\"\\s*:\\s*(\\[\\s*)?\"Annotation(Collection|Page)?\"|"
                                                 "@context\"\\s*:\\s*(\\[\\s*)?\"http://www\\.w3\\.org/ns/anno\\.jsonld\")",
                                                 0, 0, NULL));
  if (g_once_init_enter (&gloss_regex))
    g_once_init_leave (&gloss_regex, g_regex_new ("\"format\"\\s*:\\s*\"gloss\"", 0, 0, NULL));

  head = g_strndup (data + skip, MIN (len - skip, 64 * 1024));
  if (!g_utf8_validate (head, -1, NULL))
    {
      /* Cut in the middle of a character: drop the partial one. */
      const char *end = NULL;
      g_utf8_validate (head, -1, &end);
      head[end - head] = '\0';
    }
  return g_regex_match (type_regex, head, 0, NULL) && !g_regex_match (gloss_regex, head, 0, NULL);
}

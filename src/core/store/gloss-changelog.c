/* gloss-changelog.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One description per table of how a row looks as JSON (the snapshot kept in the
 * history, compared by a merge) and how such JSON is written back (restore, merge).
 * References between rows are written as UUIDs, never as the file's integer keys, so
 * that a snapshot means the same thing in every copy of a project. A document's text
 * never changes and is left out of its snapshot; an annotation's prefix and suffix are
 * derived from the text and its span, and are recomputed when a row is written back.
 */
#define G_LOG_DOMAIN "gloss-changelog"

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "gloss-changelog-private.h"
#include "gloss-store-private.h"


/* Documents */
#define DOC_SELECT \
  "SELECT json_object('id', d.id, 'title', d.title, 'source', d.source, 'format', d.format, " \
  "'sha256', d.sha256, 'length', d.length, 'imported', d.imported, 'metadata', d.metadata, " \
  "'reliability', d.reliability, 'author', d.author, 'publisher', d.publisher, 'published', d.published, " \
  "'url', d.url, 'tlp', d.tlp, 'created', d.created, 'modified', d.modified, 'deleted', d.deleted) AS json, " \
  "d.id AS row_id, NULL AS sub_id, d.id AS document_id FROM documents d "
static const Col doc_cols[] = {
  { "id", COL_TEXT, NULL }, { "title", COL_TEXT, NULL }, { "text", COL_TEXT, NULL },
  { "length", COL_INT, NULL }, { "source", COL_TEXT, NULL }, { "format", COL_TEXT, NULL },
  { "sha256", COL_TEXT, NULL }, { "imported", COL_TEXT, NULL }, { "metadata", COL_TEXT, NULL },
  { "created", COL_TEXT, NULL }, { "modified", COL_TEXT, NULL }, { "deleted", COL_INT, NULL },
  { "reliability", COL_TEXT, NULL }, { "author", COL_TEXT, NULL }, { "publisher", COL_TEXT, NULL },
  { "published", COL_TEXT, NULL }, { "url", COL_TEXT, NULL }, { "tlp", COL_TEXT, NULL },
};

/* Labels */
#define LABEL_SELECT \
  "SELECT json_object('id', l.id, 'name', l.name, 'kind', l.kind, 'colour', l.colour, 'shortcut', l.shortcut, " \
  "'description', l.description, 'position', l.position, 'created', l.created, 'modified', l.modified, " \
  "'deleted', l.deleted) AS json, l.id AS row_id, NULL AS sub_id, NULL AS document_id FROM labels l "
static const Col label_cols[] = {
  { "id", COL_TEXT, NULL }, { "name", COL_TEXT, NULL }, { "kind", COL_TEXT, NULL },
  { "colour", COL_TEXT, NULL }, { "shortcut", COL_TEXT, NULL }, { "description", COL_TEXT, NULL },
  { "position", COL_INT, NULL }, { "created", COL_TEXT, NULL }, { "modified", COL_TEXT, NULL },
  { "deleted", COL_INT, NULL },
};

/* Label fields */
#define FIELD_SELECT \
  "SELECT json_object('id', f.id, 'label', l.id, 'name', f.name, 'type', f.type, 'options', f.options, " \
  "'min_value', f.min_value, 'max_value', f.max_value, 'required', f.required, 'description', f.description, " \
  "'position', f.position, 'created', f.created, 'modified', f.modified, 'deleted', f.deleted) AS json, " \
  "f.id AS row_id, NULL AS sub_id, NULL AS document_id FROM label_fields f JOIN labels l ON l.pk = f.label "
static const Col field_cols[] = {
  { "id", COL_TEXT, NULL }, { "label", COL_REF, "labels" }, { "name", COL_TEXT, NULL },
  { "type", COL_TEXT, NULL }, { "options", COL_TEXT, NULL }, { "min_value", COL_REAL, NULL },
  { "max_value", COL_REAL, NULL }, { "required", COL_INT, NULL }, { "description", COL_TEXT, NULL },
  { "position", COL_INT, NULL }, { "created", COL_TEXT, NULL }, { "modified", COL_TEXT, NULL },
  { "deleted", COL_INT, NULL },
};

/* Relation types */
#define RTYPE_SELECT \
  "SELECT json_object('id', t.id, 'name', t.name, 'description', t.description, 'from_labels', t.from_labels, " \
  "'to_labels', t.to_labels, 'position', t.position, 'created', t.created, 'modified', t.modified, " \
  "'deleted', t.deleted) AS json, t.id AS row_id, NULL AS sub_id, NULL AS document_id FROM relation_types t "
static const Col rtype_cols[] = {
  { "id", COL_TEXT, NULL }, { "name", COL_TEXT, NULL }, { "description", COL_TEXT, NULL },
  { "from_labels", COL_TEXT, NULL }, { "to_labels", COL_TEXT, NULL }, { "position", COL_INT, NULL },
  { "created", COL_TEXT, NULL }, { "modified", COL_TEXT, NULL }, { "deleted", COL_INT, NULL },
};

/* Entities */
#define ENTITY_SELECT \
  "SELECT json_object('id', e.id, 'name', e.name, 'label', l.id, 'aliases', e.aliases, " \
  "'description', e.description, 'external_ref', e.external_ref, 'merged_into', m.id, 'created', e.created, " \
  "'modified', e.modified, 'deleted', e.deleted) AS json, e.id AS row_id, NULL AS sub_id, NULL AS document_id " \
  "FROM entities e JOIN labels l ON l.pk = e.label LEFT JOIN entities m ON m.pk = e.merged_into "
static const Col entity_cols[] = {
  { "id", COL_TEXT, NULL }, { "name", COL_TEXT, NULL }, { "label", COL_REF, "labels" },
  { "aliases", COL_TEXT, NULL }, { "description", COL_TEXT, NULL }, { "external_ref", COL_TEXT, NULL },
  { "merged_into", COL_REF, "entities" }, { "created", COL_TEXT, NULL }, { "modified", COL_TEXT, NULL },
  { "deleted", COL_INT, NULL },
};

/* Annotations */
#define ANN_SELECT \
  "SELECT json_object('id', a.id, 'document', d.id, 'label', l.id, 'start', a.span_start, 'end', a.span_end, " \
  "'quote', a.quote, 'note', a.note, 'annotator', p.name, 'entity', e.id, 'created', a.created, " \
  "'modified', a.modified, 'deleted', a.deleted) AS json, a.id AS row_id, NULL AS sub_id, d.id AS document_id " \
  "FROM annotations a JOIN documents d ON d.pk = a.document JOIN labels l ON l.pk = a.label " \
  "LEFT JOIN annotators p ON p.pk = a.annotator LEFT JOIN entities e ON e.pk = a.entity "
static const Col ann_cols[] = {
  { "id", COL_TEXT, NULL }, { "document", COL_REF, "documents" }, { "label", COL_REF, "labels" },
  { "start", COL_INT, NULL }, { "end", COL_INT, NULL }, { "quote", COL_TEXT, NULL },
  { "note", COL_TEXT, NULL }, { "annotator", COL_ANNOTATOR, NULL }, { "entity", COL_REF, "entities" },
  { "created", COL_TEXT, NULL }, { "modified", COL_TEXT, NULL }, { "deleted", COL_INT, NULL },
};

/* Field values: identified by their annotation and field */
#define VALUE_SELECT \
  "SELECT json_object('annotation', a.id, 'field', f.id, 'value', v.value, 'created', v.created, " \
  "'modified', v.modified) AS json, a.id AS row_id, f.id AS sub_id, d.id AS document_id " \
  "FROM field_values v JOIN annotations a ON a.pk = v.annotation JOIN documents d ON d.pk = a.document " \
  "JOIN label_fields f ON f.pk = v.field "
static const Col value_cols[] = {
  { "annotation", COL_REF, "annotations" }, { "field", COL_REF, "label_fields" }, { "value", COL_TEXT, NULL },
  { "created", COL_TEXT, NULL }, { "modified", COL_TEXT, NULL },
};

/* Relations */
#define REL_SELECT \
  "SELECT json_object('id', r.id, 'type', t.id, 'source', s.id, 'target', g.id, 'annotator', p.name, " \
  "'created', r.created, 'modified', r.modified, 'deleted', r.deleted, 'target_entity', e.id) AS json, " \
  "r.id AS row_id, NULL AS sub_id, " \
  "d.id AS document_id FROM relations r JOIN relation_types t ON t.pk = r.type " \
  "JOIN annotations s ON s.pk = r.source LEFT JOIN annotations g ON g.pk = r.target " \
  "LEFT JOIN entities e ON e.pk = r.target_entity " \
  "JOIN documents d ON d.pk = s.document LEFT JOIN annotators p ON p.pk = r.annotator "
/* target_entity (schema 11) is last: a version written before it has none, which is
 * a link to an annotation. */
static const Col rel_cols[] = {
  { "id", COL_TEXT, NULL }, { "type", COL_REF, "relation_types" }, { "source", COL_REF, "annotations" },
  { "target", COL_REF, "annotations" }, { "annotator", COL_ANNOTATOR, NULL }, { "created", COL_TEXT, NULL },
  { "modified", COL_TEXT, NULL }, { "deleted", COL_INT, NULL }, { "target_entity", COL_REF, "entities" },
};

/* Analyses of competing hypotheses (schema 5) */
#define ACH_A_SELECT \
  "SELECT json_object('id', x.id, 'question', x.question, 'description', x.description, 'created', x.created, " \
  "'modified', x.modified, 'deleted', x.deleted) AS json, x.id AS row_id, NULL AS sub_id, NULL AS document_id " \
  "FROM ach_analyses x "
static const Col ach_a_cols[] = {
  { "id", COL_TEXT, NULL }, { "question", COL_TEXT, NULL }, { "description", COL_TEXT, NULL },
  { "created", COL_TEXT, NULL }, { "modified", COL_TEXT, NULL }, { "deleted", COL_INT, NULL },
};
#define ACH_H_SELECT \
  "SELECT json_object('id', h.id, 'analysis', x.id, 'title', h.title, 'description', h.description, " \
  "'position', h.position, 'created', h.created, 'modified', h.modified, 'deleted', h.deleted) AS json, " \
  "h.id AS row_id, NULL AS sub_id, NULL AS document_id FROM ach_hypotheses h JOIN ach_analyses x ON x.pk = h.analysis "
static const Col ach_h_cols[] = {
  { "id", COL_TEXT, NULL }, { "analysis", COL_REF, "ach_analyses" }, { "title", COL_TEXT, NULL },
  { "description", COL_TEXT, NULL }, { "position", COL_INT, NULL }, { "created", COL_TEXT, NULL },
  { "modified", COL_TEXT, NULL }, { "deleted", COL_INT, NULL },
};
#define ACH_E_SELECT \
  "SELECT json_object('id', v.id, 'analysis', x.id, 'annotation', a.id, 'kind', v.kind, 'text', v.text, " \
  "'credibility', v.credibility, 'relevance', v.relevance, 'position', v.position, 'created', v.created, " \
  "'modified', v.modified, 'deleted', v.deleted) AS json, v.id AS row_id, NULL AS sub_id, NULL AS document_id " \
  "FROM ach_evidence v JOIN ach_analyses x ON x.pk = v.analysis LEFT JOIN annotations a ON a.pk = v.annotation "
static const Col ach_e_cols[] = {
  { "id", COL_TEXT, NULL }, { "analysis", COL_REF, "ach_analyses" }, { "annotation", COL_REF, "annotations" },
  { "kind", COL_TEXT, NULL }, { "text", COL_TEXT, NULL }, { "credibility", COL_TEXT, NULL },
  { "relevance", COL_TEXT, NULL }, { "position", COL_INT, NULL }, { "created", COL_TEXT, NULL },
  { "modified", COL_TEXT, NULL }, { "deleted", COL_INT, NULL },
};
#define ACH_R_SELECT \
  "SELECT json_object('id', r.id, 'evidence', v.id, 'hypothesis', h.id, 'analyst', p.name, 'rating', r.rating, " \
  "'created', r.created, 'modified', r.modified, 'deleted', r.deleted) AS json, r.id AS row_id, NULL AS sub_id, " \
  "NULL AS document_id FROM ach_ratings r JOIN ach_evidence v ON v.pk = r.evidence " \
  "JOIN ach_hypotheses h ON h.pk = r.hypothesis JOIN annotators p ON p.pk = r.analyst "
static const Col ach_r_cols[] = {
  { "id", COL_TEXT, NULL }, { "evidence", COL_REF, "ach_evidence" }, { "hypothesis", COL_REF, "ach_hypotheses" },
  { "analyst", COL_ANNOTATOR, NULL }, { "rating", COL_TEXT, NULL }, { "created", COL_TEXT, NULL },
  { "modified", COL_TEXT, NULL }, { "deleted", COL_INT, NULL },
};

#define SPEC(name, SELECT, key, order, find, insert, conflict, cols) \
  { name, SELECT "WHERE " key, SELECT "ORDER BY " order, find, \
    insert " " conflict, insert, cols, G_N_ELEMENTS (cols) }

/* In the order a merge goes through them: what a row refers to comes first. */
static const TableSpec specs[] = {
  SPEC ("labels", LABEL_SELECT, "l.pk = ?5", "l.pk", "SELECT pk, 0 FROM labels WHERE id = ?1",
        "INSERT INTO labels (id, name, kind, colour, shortcut, description, position, created, modified, deleted) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        "ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
        "kind = excluded.kind, colour = excluded.colour, shortcut = excluded.shortcut, "
        "description = excluded.description, position = excluded.position, created = excluded.created, "
        "modified = excluded.modified, deleted = excluded.deleted", label_cols),
  SPEC ("label_fields", FIELD_SELECT, "f.pk = ?5", "f.pk", "SELECT pk, 0 FROM label_fields WHERE id = ?1",
        "INSERT INTO label_fields (id, label, name, type, options, min_value, max_value, required, description, "
        "position, created, modified, deleted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        "ON CONFLICT (id) DO UPDATE SET label = excluded.label, name = excluded.name, type = excluded.type, "
        "options = excluded.options, min_value = excluded.min_value, max_value = excluded.max_value, "
        "required = excluded.required, description = excluded.description, position = excluded.position, "
        "created = excluded.created, modified = excluded.modified, deleted = excluded.deleted", field_cols),
  SPEC ("relation_types", RTYPE_SELECT, "t.pk = ?5", "t.pk", "SELECT pk, 0 FROM relation_types WHERE id = ?1",
        "INSERT INTO relation_types (id, name, description, from_labels, to_labels, position, created, modified, "
        "deleted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        "ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
        "description = excluded.description, from_labels = excluded.from_labels, to_labels = excluded.to_labels, "
        "position = excluded.position, created = excluded.created, modified = excluded.modified, "
        "deleted = excluded.deleted", rtype_cols),
  SPEC ("documents", DOC_SELECT, "d.pk = ?5", "d.pk", "SELECT pk, 0 FROM documents WHERE id = ?1",
        "INSERT INTO documents (id, title, text, length, source, format, sha256, imported, metadata, created, "
        "modified, deleted, reliability, author, publisher, published, url, tlp) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
        "ON CONFLICT (id) DO UPDATE SET title = excluded.title, source = excluded.source, "
        "format = excluded.format, imported = excluded.imported, metadata = excluded.metadata, "
        "created = excluded.created, modified = excluded.modified, deleted = excluded.deleted, "
        "reliability = excluded.reliability, author = excluded.author, publisher = excluded.publisher, "
        "published = excluded.published, url = excluded.url, tlp = excluded.tlp", doc_cols),
  SPEC ("entities", ENTITY_SELECT, "e.pk = ?5", "e.pk", "SELECT pk, 0 FROM entities WHERE id = ?1",
        "INSERT INTO entities (id, name, label, aliases, description, external_ref, merged_into, created, modified, "
        "deleted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        "ON CONFLICT (id) DO UPDATE SET "
        "name = excluded.name, label = excluded.label, aliases = excluded.aliases, "
        "description = excluded.description, external_ref = excluded.external_ref, "
        "merged_into = excluded.merged_into, created = excluded.created, modified = excluded.modified, "
        "deleted = excluded.deleted", entity_cols),
  SPEC ("annotations", ANN_SELECT, "a.pk = ?5", "a.pk", "SELECT pk, 0 FROM annotations WHERE id = ?1",
        "INSERT INTO annotations (id, document, label, span_start, span_end, quote, note, annotator, entity, "
        "created, modified, deleted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        "ON CONFLICT (id) DO UPDATE SET document = excluded.document, label = excluded.label, "
        "span_start = excluded.span_start, span_end = excluded.span_end, quote = excluded.quote, "
        "note = excluded.note, annotator = excluded.annotator, entity = excluded.entity, "
        "created = excluded.created, modified = excluded.modified, deleted = excluded.deleted", ann_cols),
  SPEC ("field_values", VALUE_SELECT, "v.annotation = ?5 AND v.field = ?6", "v.annotation, v.field",
        "SELECT v.annotation, v.field FROM field_values v JOIN annotations a ON a.pk = v.annotation "
        "JOIN label_fields f ON f.pk = v.field WHERE a.id = ?1 AND f.id = ?2",
        "INSERT INTO field_values (annotation, field, value, created, modified) VALUES (?1, ?2, ?3, ?4, ?5)",
        "ON CONFLICT (annotation, field) DO UPDATE SET value = excluded.value, created = excluded.created, "
        "modified = excluded.modified", value_cols),
  SPEC ("relations", REL_SELECT, "r.pk = ?5", "r.pk", "SELECT pk, 0 FROM relations WHERE id = ?1",
        "INSERT INTO relations (id, type, source, target, annotator, created, modified, deleted, target_entity) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        "ON CONFLICT (id) DO UPDATE SET type = excluded.type, "
        "source = excluded.source, target = excluded.target, annotator = excluded.annotator, "
        "created = excluded.created, modified = excluded.modified, deleted = excluded.deleted, "
        "target_entity = excluded.target_entity", rel_cols),
  SPEC ("ach_analyses", ACH_A_SELECT, "x.pk = ?5", "x.pk", "SELECT pk, 0 FROM ach_analyses WHERE id = ?1",
        "INSERT INTO ach_analyses (id, question, description, created, modified, deleted) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        "ON CONFLICT (id) DO UPDATE SET question = excluded.question, description = excluded.description, "
        "created = excluded.created, modified = excluded.modified, deleted = excluded.deleted", ach_a_cols),
  SPEC ("ach_hypotheses", ACH_H_SELECT, "h.pk = ?5", "h.pk", "SELECT pk, 0 FROM ach_hypotheses WHERE id = ?1",
        "INSERT INTO ach_hypotheses (id, analysis, title, description, position, created, modified, deleted) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        "ON CONFLICT (id) DO UPDATE SET analysis = excluded.analysis, "
        "title = excluded.title, description = excluded.description, position = excluded.position, "
        "created = excluded.created, modified = excluded.modified, deleted = excluded.deleted", ach_h_cols),
  SPEC ("ach_evidence", ACH_E_SELECT, "v.pk = ?5", "v.pk", "SELECT pk, 0 FROM ach_evidence WHERE id = ?1",
        "INSERT INTO ach_evidence (id, analysis, annotation, kind, text, credibility, relevance, position, created, "
        "modified, deleted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        "ON CONFLICT (id) DO UPDATE SET "
        "analysis = excluded.analysis, annotation = excluded.annotation, kind = excluded.kind, text = excluded.text, "
        "credibility = excluded.credibility, relevance = excluded.relevance, position = excluded.position, "
        "created = excluded.created, modified = excluded.modified, deleted = excluded.deleted", ach_e_cols),
  SPEC ("ach_ratings", ACH_R_SELECT, "r.pk = ?5", "r.pk", "SELECT pk, 0 FROM ach_ratings WHERE id = ?1",
        "INSERT INTO ach_ratings (id, evidence, hypothesis, analyst, rating, created, modified, deleted) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        "ON CONFLICT (id) DO UPDATE SET evidence = excluded.evidence, "
        "hypothesis = excluded.hypothesis, analyst = excluded.analyst, rating = excluded.rating, "
        "created = excluded.created, modified = excluded.modified, deleted = excluded.deleted", ach_r_cols),
};

const TableSpec *
gloss_changelog_spec_for (const char *table)
{
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    if (g_strcmp0 (specs[i].table, table) == 0)
      return &specs[i];
  return NULL;
}

const char * const *
gloss_history_tables (void)
{
  static const char * const tables[] = {
    "labels", "label_fields", "relation_types", "documents", "entities", "annotations", "field_values",
    "relations", "ach_analyses", "ach_hypotheses", "ach_evidence", "ach_ratings", NULL
  };
  return tables;
}

const char *
gloss_history_list_sql (const char *table)
{
  const TableSpec *spec = gloss_changelog_spec_for (table);

  return spec ? spec->list_sql : NULL;
}

/* ------------------------------------------------------------------------- */
/* Recording                                                                  */

static char *
snapshot_with_document (GlossStore *self,
                        const char *table,
                        gint64      pk,
                        gint64      pk2,
                        char      **row_id,
                        char      **sub_id,
                        char      **document_id)
{
  const TableSpec *spec = gloss_changelog_spec_for (table);
  sqlite3_stmt *stmt;
  char *json = NULL;

  g_return_val_if_fail (spec != NULL, NULL);
  stmt = gloss_store_prepare (self, spec->snap_sql, NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 5, pk);
  sqlite3_bind_int64 (stmt, 6, pk2);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      json = gloss_column_dup (stmt, 0);
      if (row_id != NULL)
        *row_id = gloss_column_dup (stmt, 1);
      if (sub_id != NULL)
        *sub_id = gloss_column_dup (stmt, 2);
      if (document_id != NULL)
        *document_id = gloss_column_dup (stmt, 3);
    }
  sqlite3_reset (stmt);
  return json;
}

static char *
snapshot (GlossStore *self,
          const char *table,
          gint64      pk,
          gint64      pk2,
          char      **row_id,
          char      **sub_id)
{
  return snapshot_with_document (self, table, pk, pk2, row_id, sub_id, NULL);
}

char *
gloss_history_snapshot_plain (GlossStore *self,
                              const char *table,
                              gint64      pk,
                              gint64      pk2)
{
  return snapshot (self, table, pk, pk2, NULL, NULL);
}

/* The identity a merge gave the version @snapshot of a row (merge_versions), or
 * NULL: a version a person wrote. The identity is 64 hexadecimal digits (the table's
 * CHECK), so it goes into JSON unescaped; but a colleague's copy read for a merge is
 * not checked against its CHECKs (no quick_check when only reading), so anything
 * else found there counts as no identity. */
char *
gloss_history_version_of (GlossStore *self,
                          const char *table,
                          const char *row_id,
                          const char *sub_id,
                          const char *snapshot)
{
  sqlite3_stmt *stmt;
  char *version = NULL;

  if (snapshot == NULL)
    return NULL;
  stmt = gloss_store_prepare (self,
      "SELECT version FROM merge_versions WHERE tbl = ?1 AND row_id = ?2 AND sub_id = ?3 AND content = ?4", NULL);
  if (stmt == NULL)
    return NULL;
  gloss_bind_text (stmt, 1, table);
  gloss_bind_text (stmt, 2, row_id);
  gloss_bind_text (stmt, 3, sub_id ? sub_id : "");
  gloss_bind_text (stmt, 4, snapshot);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);
      gboolean hex = text != NULL && strlen (text) == 64;

      for (int i = 0; hex && i < 64; i++)
        hex = g_ascii_isdigit (text[i]) || (text[i] >= 'a' && text[i] <= 'f');
      if (hex)
        version = g_strdup (text);
    }
  sqlite3_reset (stmt);
  return version;
}

/* Keeps @identity as the identity of the version of a row whose snapshot is @content
 * (merge_versions), in place of any the row had. */
gboolean
gloss_history_keep_identity (GlossStore *self,
                             const char *table,
                             const char *row_id,
                             const char *sub_id,
                             const char *content,
                             const char *identity,
                             GError    **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self,
      "INSERT OR REPLACE INTO merge_versions (tbl, row_id, sub_id, content, version) VALUES (?1, ?2, ?3, ?4, ?5)",
      error);

  if (stmt == NULL)
    return FALSE;
  gloss_bind_text (stmt, 1, table);
  gloss_bind_text (stmt, 2, row_id);
  gloss_bind_text (stmt, 3, sub_id ? sub_id : "");
  gloss_bind_text (stmt, 4, content);
  gloss_bind_text (stmt, 5, identity);
  return gloss_store_step_done (self, stmt, "keeping the identity of a version", error);
}

/* The version of a row is its snapshot and, when a merge made it and the row has not
 * changed since, the identity the merge gave it (merge_versions, schema 13; see
 * gloss-merge.c): a change recorded from that version names it, not a version a
 * person wrote with the same content. */
char *
gloss_history_snapshot (GlossStore *self,
                        const char *table,
                        gint64      pk,
                        gint64      pk2)
{
  g_autofree char *row_id = NULL;
  g_autofree char *sub_id = NULL;
  g_autofree char *json = snapshot (self, table, pk, pk2, &row_id, &sub_id);
  g_autofree char *version = NULL;
  gsize len;
  char *tagged = NULL;

  if (json == NULL || row_id == NULL || (len = strlen (json)) < 2 || json[len - 1] != '}')
    return g_steal_pointer (&json);
  version = gloss_history_version_of (self, table, row_id, sub_id, json);
  if (version != NULL)
    tagged = g_strdup_printf ("%.*s,\"version\":\"%s\"}", (int) (len - 1), json, version);
  return tagged ? tagged : g_steal_pointer (&json);
}

/* Whether a row of @spec's table, as created, needs an identity of its own: a field
 * value is named by its annotation and field, not by an id made where it was created,
 * so two copies can each create the same row, with the same value in the same
 * millisecond (bench-merge history 6755), and they are two versions. Every other row
 * is named by a UUID made when it was created, and its first version is its own. */
static gboolean
create_needs_identity (const TableSpec *spec)
{
  return g_str_equal (spec->table, "field_values");
}

/* What the version a person's change wrote ends with in the history: its identity. */
#define IDENTITY_SUFFIX_CHARS ((int) sizeof (",\"version\":\"\"}") - 1 + 64)

gboolean
gloss_history_record (GlossStore *self,
                      const char *action,
                      const char *table,
                      gint64      pk,
                      gint64      pk2,
                      const char *old_json,
                      const char *who,
                      GError    **error)
{
  const TableSpec *spec = gloss_changelog_spec_for (table);
  g_autofree char *now = gloss_now_iso8601 ();
  g_autofree char *identity = NULL;
  g_autofree char *json = NULL, *row_id = NULL, *sub_id = NULL, *document_id = NULL, *after = NULL;
  sqlite3_stmt *stmt;
  gboolean first;
  gsize len;

  g_return_val_if_fail (spec != NULL, FALSE);
  /* A person's change (not a row's first version, which is its own, nor what an
   * import or a merge writes, which name their versions themselves) gives the version
   * it wrote an identity of its own: a random SHA-256, in the history's "after" and,
   * beside the row, in merge_versions (as a merge keeps the identity of a version it
   * writes). Two people who make the same change from the same version in the same
   * millisecond, in two copies, still write two versions, and a merge tells them
   * apart (docs/MERGE.md, "Version identity"). The next change of the row names it in
   * its "before" (gloss_history_snapshot()). */
  if (!self->merging && !g_str_equal (action, GLOSS_HISTORY_IMPORT) && !g_str_equal (action, GLOSS_HISTORY_MERGE) &&
      (!g_str_equal (action, GLOSS_HISTORY_CREATE) || create_needs_identity (spec)))
    {
      g_autofree char *uuid = g_uuid_string_random ();

      identity = g_compute_checksum_for_string (G_CHECKSUM_SHA256, uuid, -1);
    }
  /* The row is read first and its entry written with its values bound: an INSERT ...
   * SELECT that calls functions makes SQLite keep a statement journal (a copy of every
   * page the statement writes) in case it fails halfway, and a merge writes one entry
   * per row. */
  json = snapshot_with_document (self, table, pk, pk2, &row_id, &sub_id, &document_id);
  if (json == NULL)
    return TRUE;
  if (row_id == NULL)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_FAILED, "A %s row without an id cannot be recorded.",
                   spec->table);
      return FALSE;
    }
  /* A row's first version is the row itself until its next change, whose "before"
   * then holds it: it is not stored twice (a million new annotations would otherwise
   * double the file). gloss_store_list_history() fills it in. */
  first = old_json == NULL && g_str_equal (action, GLOSS_HISTORY_CREATE);
  if (!first && identity != NULL && (len = strlen (json)) >= 2 && json[len - 1] == '}')
    after = g_strdup_printf ("%.*s,\"version\":\"%s\"}", (int) (len - 1), json, identity);
  stmt = gloss_store_prepare (self,
      "INSERT INTO history (changed_at, who, action, tbl, row_id, sub_id, document_id, old_json, new_json) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
  if (stmt == NULL)
    return FALSE;
  gloss_bind_text (stmt, 1, now);
  gloss_bind_text (stmt, 2, who ? who : gloss_store_get_user (self));
  gloss_bind_text (stmt, 3, action);
  sqlite3_bind_text (stmt, 4, spec->table, -1, SQLITE_STATIC);
  gloss_bind_text (stmt, 5, row_id);
  gloss_bind_text (stmt, 6, sub_id);
  gloss_bind_text (stmt, 7, document_id);
  gloss_bind_text (stmt, 8, old_json);
  gloss_bind_text (stmt, 9, first ? NULL : after != NULL ? after : json);
  if (!gloss_store_step_done (self, stmt, "recording the history", error))
    return FALSE;
  if (identity == NULL)
    return TRUE;
  /* The identity applies while the row is that version (its snapshot; for a row's
   * first version, the row itself, which the entry does not hold). */
  return gloss_history_keep_identity (self, spec->table, row_id, sub_id, json, identity, error);
}

/* The entry of a row just created by a person: what gloss_history_record() writes for
 * it (its "after" is left out, see there), from values the caller has, without
 * reading the row back through its table's joins: a bulk create, or a tag adding an
 * entity, writes one for every row. */
gboolean
gloss_history_record_created (GlossStore *self,
                              const char *table,
                              const char *row_id,
                              const char *document_id,
                              const char *when,
                              const char *who,
                              GError    **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self,
      "INSERT INTO history (changed_at, who, action, tbl, row_id, sub_id, document_id, old_json, new_json) "
      "VALUES (?1, ?2, '" GLOSS_HISTORY_CREATE "', ?3, ?4, NULL, ?5, NULL, NULL)", error);

  g_return_val_if_fail (gloss_changelog_spec_for (table) != NULL, FALSE);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, when, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, who ? who : gloss_store_get_user (self), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, table, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, row_id, -1, SQLITE_STATIC);
  if (document_id != NULL)
    sqlite3_bind_text (stmt, 5, document_id, -1, SQLITE_STATIC);
  return gloss_store_step_done (self, stmt, "recording the history", error);
}

gboolean
gloss_history_record_json (GlossStore *self,
                           const char *action,
                           const char *table,
                           const char *row_id,
                           const char *sub_id,
                           const char *document_id,
                           const char *old_json,
                           const char *new_json,
                           GError    **error)
{
  g_autofree char *now = gloss_now_iso8601 ();
  sqlite3_stmt *stmt = gloss_store_prepare (self,
      "INSERT INTO history (changed_at, who, action, tbl, row_id, sub_id, document_id, old_json, new_json) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);

  if (stmt == NULL)
    return FALSE;
  gloss_bind_text (stmt, 1, now);
  gloss_bind_text (stmt, 2, gloss_store_get_user (self));
  gloss_bind_text (stmt, 3, action);
  gloss_bind_text (stmt, 4, table);
  gloss_bind_text (stmt, 5, row_id);
  gloss_bind_text (stmt, 6, sub_id);
  gloss_bind_text (stmt, 7, document_id);
  gloss_bind_text (stmt, 8, old_json);
  gloss_bind_text (stmt, 9, new_json);
  return gloss_store_step_done (self, stmt, "recording the history", error);
}

/* The key of the history's newest entry, 0 when there is none. */
static gint64
last_history_pk (GlossStore *self)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self, "SELECT coalesce (max (pk), 0) FROM history", NULL);
  gint64 pk = 0;

  if (stmt == NULL)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    pk = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return pk;
}

gboolean
gloss_history_record_document_annotations_deleted (GlossStore *self,
                                                   gint64      document_pk,
                                                   const char *now,
                                                   GError    **error)
{
  /* As gloss_history_record() writes them one by one: each "before" names the version
   * it was (its identity, when the row's snapshot is still the one merge_versions
   * holds, checked as gloss_history_version_of() checks it), and each "after" is a
   * version with a random identity of its own, kept in merge_versions with its
   * snapshot (the deleted row: the same snapshot with deleted 1 and the time). */
  sqlite3_stmt *stmt = gloss_store_prepare (self,
      "INSERT INTO history (changed_at, who, action, tbl, row_id, sub_id, document_id, old_json, new_json) "
      "SELECT ?1, ?2, 'delete', 'annotations', row_id, NULL, document_id, "
      "CASE WHEN version IS NULL THEN json ELSE substr (json, 1, length (json) - 1) || ',\"version\":\"' || "
      "version || '\"}' END, "
      "substr (after, 1, length (after) - 1) || ',\"version\":\"' || lower (hex (randomblob (32))) || '\"}' "
      "FROM (SELECT s.row_id, s.document_id, s.json, json_set (s.json, '$.deleted', 1, '$.modified', ?1) AS after, "
      "v.version FROM (" ANN_SELECT "WHERE a.document = ?5 AND a.deleted = 0 ORDER BY a.pk) AS s "
      "LEFT JOIN merge_versions v ON v.tbl = 'annotations' AND v.row_id = s.row_id AND v.sub_id = '' "
      "AND v.content = s.json AND length (v.version) = 64 AND v.version NOT GLOB '*[^0-9a-f]*')", error);
  gint64 last;

  if (stmt == NULL)
    return FALSE;
  last = last_history_pk (self);
  gloss_bind_text (stmt, 1, now);
  gloss_bind_text (stmt, 2, gloss_store_get_user (self));
  sqlite3_bind_int64 (stmt, 5, document_pk);
  if (!gloss_store_step_done (self, stmt, "recording the history", error))
    return FALSE;
  stmt = gloss_store_prepare (self,
      "INSERT OR REPLACE INTO merge_versions (tbl, row_id, sub_id, content, version) "
      "SELECT tbl, row_id, '', substr (new_json, 1, length (new_json) - ?2) || '}', "
      "substr (new_json, length (new_json) - 65, 64) FROM history WHERE pk > ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, last);
  sqlite3_bind_int (stmt, 2, IDENTITY_SUFFIX_CHARS);
  return gloss_store_step_done (self, stmt, "naming a version", error);
}

/* ------------------------------------------------------------------------- */
/* Writing a snapshot back                                                    */

gboolean
gloss_history_find_row (GlossStore *self,
                        const char *table,
                        const char *id,
                        const char *sub_id,
                        gint64     *pk,
                        gint64     *pk2)
{
  const TableSpec *spec = gloss_changelog_spec_for (table);
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  *pk = *pk2 = 0;
  g_return_val_if_fail (spec != NULL, FALSE);
  stmt = gloss_store_prepare (self, spec->find_sql, NULL);
  if (stmt == NULL || id == NULL)
    return FALSE;
  gloss_bind_text (stmt, 1, id);
  if (sub_id != NULL)
    gloss_bind_text (stmt, 2, sub_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *pk = sqlite3_column_int64 (stmt, 0);
      *pk2 = sqlite3_column_int64 (stmt, 1);
      found = TRUE;
    }
  sqlite3_reset (stmt);
  return found;
}


/* gloss-history.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One description per table of how a row looks as JSON (the snapshot kept in the
 * history, compared by a merge) and how such JSON is written back (restore, merge).
 * References between rows are written as UUIDs, never as the file's integer keys, so
 * that a snapshot means the same thing in every copy of a project. A document's text
 * never changes and is left out of its snapshot; an annotation's prefix and suffix are
 * derived from the text and its span, and are recomputed when a row is written back.
 */
#define G_LOG_DOMAIN "gloss-history"

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "gloss-history.h"
#include "gloss-store-private.h"

typedef enum {
  COL_TEXT,
  COL_INT,
  COL_REAL,
  COL_ANNOTATOR,     /* a name: the annotator row is created when missing */
  COL_REF,           /* the UUID of a row of ref_table */
} ColKind;

typedef struct {
  const char *member;
  ColKind     kind;
  const char *ref_table;
} Col;

typedef struct {
  const char *table;
  const char *snap_sql;     /* json, row_id, sub_id, document_id; pk ?5 (and field ?6) */
  const char *record_sql;   /* the same, inserted into history */
  const char *list_sql;     /* every row: json, row_id, sub_id, document_id */
  const char *find_sql;     /* pk (and second pk) by ?1 id (and ?2 field id) */
  const char *upsert_sql;   /* parameters in the order of cols */
  const Col  *cols;
  guint       n_cols;
} TableSpec;

#define RECORD_HEAD \
  "INSERT INTO history (changed_at, who, action, tbl, row_id, sub_id, document_id, old_json, new_json) " \
  "SELECT ?1, ?2, ?3, ?4, s.row_id, s.sub_id, s.document_id, ?7, CASE WHEN ?8 THEN NULL ELSE s.json END FROM ("
#define RECORD_TAIL ") AS s"

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
  "'created', r.created, 'modified', r.modified, 'deleted', r.deleted) AS json, r.id AS row_id, NULL AS sub_id, " \
  "d.id AS document_id FROM relations r JOIN relation_types t ON t.pk = r.type " \
  "JOIN annotations s ON s.pk = r.source JOIN annotations g ON g.pk = r.target " \
  "JOIN documents d ON d.pk = s.document LEFT JOIN annotators p ON p.pk = r.annotator "
static const Col rel_cols[] = {
  { "id", COL_TEXT, NULL }, { "type", COL_REF, "relation_types" }, { "source", COL_REF, "annotations" },
  { "target", COL_REF, "annotations" }, { "annotator", COL_ANNOTATOR, NULL }, { "created", COL_TEXT, NULL },
  { "modified", COL_TEXT, NULL }, { "deleted", COL_INT, NULL },
};

#define SPEC(name, SELECT, key, order, find, upsert, cols) \
  { name, SELECT "WHERE " key, RECORD_HEAD SELECT "WHERE " key RECORD_TAIL, SELECT "ORDER BY " order, find, upsert, \
    cols, G_N_ELEMENTS (cols) }

/* In the order a merge goes through them: what a row refers to comes first. */
static const TableSpec specs[] = {
  SPEC ("labels", LABEL_SELECT, "l.pk = ?5", "l.pk", "SELECT pk, 0 FROM labels WHERE id = ?1",
        "INSERT INTO labels (id, name, kind, colour, shortcut, description, position, created, modified, deleted) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
        "kind = excluded.kind, colour = excluded.colour, shortcut = excluded.shortcut, "
        "description = excluded.description, position = excluded.position, created = excluded.created, "
        "modified = excluded.modified, deleted = excluded.deleted", label_cols),
  SPEC ("label_fields", FIELD_SELECT, "f.pk = ?5", "f.pk", "SELECT pk, 0 FROM label_fields WHERE id = ?1",
        "INSERT INTO label_fields (id, label, name, type, options, min_value, max_value, required, description, "
        "position, created, modified, deleted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
        "ON CONFLICT (id) DO UPDATE SET label = excluded.label, name = excluded.name, type = excluded.type, "
        "options = excluded.options, min_value = excluded.min_value, max_value = excluded.max_value, "
        "required = excluded.required, description = excluded.description, position = excluded.position, "
        "created = excluded.created, modified = excluded.modified, deleted = excluded.deleted", field_cols),
  SPEC ("relation_types", RTYPE_SELECT, "t.pk = ?5", "t.pk", "SELECT pk, 0 FROM relation_types WHERE id = ?1",
        "INSERT INTO relation_types (id, name, description, from_labels, to_labels, position, created, modified, "
        "deleted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
        "description = excluded.description, from_labels = excluded.from_labels, to_labels = excluded.to_labels, "
        "position = excluded.position, created = excluded.created, modified = excluded.modified, "
        "deleted = excluded.deleted", rtype_cols),
  SPEC ("documents", DOC_SELECT, "d.pk = ?5", "d.pk", "SELECT pk, 0 FROM documents WHERE id = ?1",
        "INSERT INTO documents (id, title, text, length, source, format, sha256, imported, metadata, created, "
        "modified, deleted, reliability, author, publisher, published, url, tlp) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) "
        "ON CONFLICT (id) DO UPDATE SET title = excluded.title, source = excluded.source, "
        "format = excluded.format, imported = excluded.imported, metadata = excluded.metadata, "
        "created = excluded.created, modified = excluded.modified, deleted = excluded.deleted, "
        "reliability = excluded.reliability, author = excluded.author, publisher = excluded.publisher, "
        "published = excluded.published, url = excluded.url, tlp = excluded.tlp", doc_cols),
  SPEC ("entities", ENTITY_SELECT, "e.pk = ?5", "e.pk", "SELECT pk, 0 FROM entities WHERE id = ?1",
        "INSERT INTO entities (id, name, label, aliases, description, external_ref, merged_into, created, modified, "
        "deleted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (id) DO UPDATE SET "
        "name = excluded.name, label = excluded.label, aliases = excluded.aliases, "
        "description = excluded.description, external_ref = excluded.external_ref, "
        "merged_into = excluded.merged_into, created = excluded.created, modified = excluded.modified, "
        "deleted = excluded.deleted", entity_cols),
  SPEC ("annotations", ANN_SELECT, "a.pk = ?5", "a.pk", "SELECT pk, 0 FROM annotations WHERE id = ?1",
        "INSERT INTO annotations (id, document, label, span_start, span_end, quote, note, annotator, entity, "
        "created, modified, deleted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
        "ON CONFLICT (id) DO UPDATE SET document = excluded.document, label = excluded.label, "
        "span_start = excluded.span_start, span_end = excluded.span_end, quote = excluded.quote, "
        "note = excluded.note, annotator = excluded.annotator, entity = excluded.entity, "
        "created = excluded.created, modified = excluded.modified, deleted = excluded.deleted", ann_cols),
  SPEC ("field_values", VALUE_SELECT, "v.annotation = ?5 AND v.field = ?6", "v.annotation, v.field",
        "SELECT v.annotation, v.field FROM field_values v JOIN annotations a ON a.pk = v.annotation "
        "JOIN label_fields f ON f.pk = v.field WHERE a.id = ?1 AND f.id = ?2",
        "INSERT INTO field_values (annotation, field, value, created, modified) VALUES (?1, ?2, ?3, ?4, ?5) "
        "ON CONFLICT (annotation, field) DO UPDATE SET value = excluded.value, created = excluded.created, "
        "modified = excluded.modified", value_cols),
  SPEC ("relations", REL_SELECT, "r.pk = ?5", "r.pk", "SELECT pk, 0 FROM relations WHERE id = ?1",
        "INSERT INTO relations (id, type, source, target, annotator, created, modified, deleted) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (id) DO UPDATE SET type = excluded.type, "
        "source = excluded.source, target = excluded.target, annotator = excluded.annotator, "
        "created = excluded.created, modified = excluded.modified, deleted = excluded.deleted", rel_cols),
};

static const TableSpec *
spec_for (const char *table)
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
    "relations", NULL
  };
  return tables;
}

const char *
gloss_history_list_sql (const char *table)
{
  const TableSpec *spec = spec_for (table);

  return spec ? spec->list_sql : NULL;
}

/* ------------------------------------------------------------------------- */
/* Recording                                                                  */

char *
gloss_history_snapshot (GlossStore *self,
                        const char *table,
                        gint64      pk,
                        gint64      pk2)
{
  const TableSpec *spec = spec_for (table);
  sqlite3_stmt *stmt;
  char *json = NULL;

  g_return_val_if_fail (spec != NULL, NULL);
  stmt = gloss_store_prepare (self, spec->snap_sql, NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 5, pk);
  sqlite3_bind_int64 (stmt, 6, pk2);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    json = gloss_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return json;
}

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
  const TableSpec *spec = spec_for (table);
  g_autofree char *now = gloss_now_iso8601 ();
  sqlite3_stmt *stmt;

  g_return_val_if_fail (spec != NULL, FALSE);
  stmt = gloss_store_prepare (self, spec->record_sql, error);
  if (stmt == NULL)
    return FALSE;
  gloss_bind_text (stmt, 1, now);
  gloss_bind_text (stmt, 2, who ? who : gloss_store_get_user (self));
  gloss_bind_text (stmt, 3, action);
  sqlite3_bind_text (stmt, 4, spec->table, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, pk);
  sqlite3_bind_int64 (stmt, 6, pk2);
  gloss_bind_text (stmt, 7, old_json);
  /* A row's first version is the row itself until its next change, whose "before"
   * then holds it: it is not stored twice (a million new annotations would otherwise
   * double the file). gloss_store_list_history() fills it in. */
  sqlite3_bind_int (stmt, 8, old_json == NULL && g_str_equal (action, GLOSS_HISTORY_CREATE));
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

gboolean
gloss_history_record_document_annotations_deleted (GlossStore *self,
                                                   gint64      document_pk,
                                                   const char *now,
                                                   GError    **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self,
      "INSERT INTO history (changed_at, who, action, tbl, row_id, sub_id, document_id, old_json, new_json) "
      "SELECT ?1, ?2, 'delete', 'annotations', s.row_id, NULL, s.document_id, s.json, "
      "json_set (s.json, '$.deleted', 1, '$.modified', ?1) FROM ("
      ANN_SELECT "WHERE a.document = ?5 AND a.deleted = 0 ORDER BY a.pk) AS s", error);

  if (stmt == NULL)
    return FALSE;
  gloss_bind_text (stmt, 1, now);
  gloss_bind_text (stmt, 2, gloss_store_get_user (self));
  sqlite3_bind_int64 (stmt, 5, document_pk);
  return gloss_store_step_done (self, stmt, "recording the history", error);
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
  const TableSpec *spec = spec_for (table);
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

static gint64
ref_pk (GlossStore *self,
        const char *table,
        const char *id)
{
  gint64 pk = 0, pk2 = 0;

  gloss_history_find_row (self, table, id, NULL, &pk, &pk2);
  return pk;
}

static const char *
member_string (JsonObject *o,
               const char *member)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
member_is_true (JsonObject *o,
                const char *member)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node) != 0;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  return FALSE;
}

/* Annotations keep their quote and context as the text has them at their span. */
static gboolean
fix_annotation_context (GlossStore *self,
                        gint64      pk,
                        GError    **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self,
      "SELECT document, span_start, span_end, id FROM annotations WHERE pk = ?1", error);
  g_autofree char *quote = NULL, *prefix = NULL, *suffix = NULL, *id = NULL;
  const GlossTextIndex *index;
  gint64 doc_pk = 0, start = 0, end = 0;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, pk);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      doc_pk = sqlite3_column_int64 (stmt, 0);
      start = sqlite3_column_int64 (stmt, 1);
      end = sqlite3_column_int64 (stmt, 2);
      id = gloss_column_dup (stmt, 3);
    }
  sqlite3_reset (stmt);
  index = gloss_store_document_text (self, doc_pk, error);
  if (index == NULL)
    return FALSE;
  if (end > gloss_text_index_get_length (index))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "annotation %s: the span [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                   ") does not fit its document (%" G_GINT64_FORMAT " characters).",
                   id, start, end, gloss_text_index_get_length (index));
      return FALSE;
    }
  quote = gloss_text_index_slice (index, start, end);
  prefix = gloss_text_index_slice (index, start - GLOSS_CONTEXT_CHARS, start);
  suffix = gloss_text_index_slice (index, end, end + GLOSS_CONTEXT_CHARS);
  stmt = gloss_store_prepare (self, "UPDATE annotations SET quote = ?2, prefix = ?3, suffix = ?4 WHERE pk = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, pk);
  gloss_bind_text (stmt, 2, quote);
  gloss_bind_text (stmt, 3, prefix);
  gloss_bind_text (stmt, 4, suffix);
  return gloss_store_step_done (self, stmt, "writing an annotation", error);
}

static gboolean
document_is_live (GlossStore *self,
                  gint64      pk)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self, "SELECT deleted FROM documents WHERE pk = ?1", NULL);
  gboolean live = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, pk);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    live = sqlite3_column_int (stmt, 0) == 0;
  sqlite3_reset (stmt);
  return live;
}

/* Checks what a row from elsewhere (another copy, an old version) must satisfy
 * beyond the schema's own constraints. */
static gboolean
validate_row (GlossStore  *self,
              const char  *table,
              JsonObject  *o,
              GError     **error)
{
  const char *id = member_string (o, "id");

  if (g_str_equal (table, "labels"))
    {
      if (!gloss_label_kind_is_valid (member_string (o, "kind")) || !gloss_colour_is_valid (member_string (o, "colour")))
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                       "label %s: its kind or colour is not valid.", id ? id : "");
          return FALSE;
        }
    }
  for (const char * const *t = (const char * const[]) { "created", "modified", NULL }; *t; t++)
    if (!gloss_timestamp_is_valid (member_string (o, *t)))
      {
        g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                     "%s %s: “%s” is not a time.", table, id ? id : member_string (o, "annotation"), *t);
        return FALSE;
      }
  if (id != NULL && !gloss_uuid_is_valid (id))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "%s: “%s” is not a UUID.", table, id);
      return FALSE;
    }
  return TRUE;
}

gboolean
gloss_history_apply (GlossStore *self,
                     const char *table,
                     const char *json,
                     gint64     *out_pk,
                     gint64     *out_pk2,
                     GError    **error)
{
  const TableSpec *spec = spec_for (table);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *o;
  sqlite3_stmt *stmt;
  gint64 pk = 0, pk2 = 0;
  gboolean is_doc, was_live = FALSE;

  g_return_val_if_fail (spec != NULL, FALSE);
  root = gloss_json_parse_text (json, JSON_NODE_OBJECT, &local_error);
  if (root == NULL)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "A %s row is not a JSON object: %s.",
                   table, local_error->message);
      return FALSE;
    }
  o = json_node_get_object (root);
  if (!validate_row (self, table, o, error))
    return FALSE;

  is_doc = g_str_equal (table, "documents");
  if (is_doc && gloss_history_find_row (self, table, member_string (o, "id"), NULL, &pk, &pk2))
    {
      /* The search index forgets a document only when told what it indexed. */
      was_live = document_is_live (self, pk);
      if (was_live && !gloss_store_fts_remove (self, pk, error))
        return FALSE;
    }

  stmt = gloss_store_prepare (self, spec->upsert_sql, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < spec->n_cols; i++)
    {
      const Col *col = &spec->cols[i];
      JsonNode *node = json_object_get_member (o, col->member);
      int p = i + 1;

      if (node == NULL || JSON_NODE_HOLDS_NULL (node) || !JSON_NODE_HOLDS_VALUE (node))
        {
          /* An existing document keeps its text: the upsert only needs a value. */
          if (is_doc && g_str_equal (col->member, "text"))
            sqlite3_bind_text (stmt, p, "", 0, SQLITE_STATIC);
          else
            sqlite3_bind_null (stmt, p);
          continue;
        }
      switch (col->kind)
        {
        case COL_TEXT:
          if (json_node_get_value_type (node) == G_TYPE_STRING)
            gloss_bind_text (stmt, p, json_node_get_string (node));
          else
            sqlite3_bind_null (stmt, p);
          break;
        case COL_INT:
          if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
            sqlite3_bind_int64 (stmt, p, json_node_get_boolean (node));
          else
            sqlite3_bind_int64 (stmt, p, json_node_get_int (node));
          break;
        case COL_REAL:
          sqlite3_bind_double (stmt, p, json_node_get_double (node));
          break;
        case COL_ANNOTATOR:
          {
            gint64 apk = gloss_store_ensure_annotator (self, member_string (o, col->member), NULL, NULL, error);

            if (apk < 0)
              return FALSE;
            if (apk > 0)
              sqlite3_bind_int64 (stmt, p, apk);
            else
              sqlite3_bind_null (stmt, p);
            /* Preparing another statement may not reset this one: it is cached by its own text. */
          }
          break;
        case COL_REF:
          {
            const char *ref = member_string (o, col->member);
            gint64 rpk = ref ? ref_pk (self, col->ref_table, ref) : 0;

            if (ref != NULL && rpk == 0)
              {
                g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                             "%s %s refers to %s %s, which is not in the project.", table,
                             member_string (o, "id") ? member_string (o, "id") : member_string (o, "annotation"),
                             col->member, ref);
                sqlite3_reset (stmt);
                return FALSE;
              }
            if (rpk > 0)
              sqlite3_bind_int64 (stmt, p, rpk);
            else
              sqlite3_bind_null (stmt, p);
          }
          break;
        }
    }
  if (!gloss_store_step_done (self, stmt, "writing a row", error))
    return FALSE;

  if (g_str_equal (table, "field_values"))
    gloss_history_find_row (self, table, member_string (o, "annotation"), member_string (o, "field"), &pk, &pk2);
  else
    gloss_history_find_row (self, table, member_string (o, "id"), NULL, &pk, &pk2);
  if (pk == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_FAILED, "A %s row was not written.", table);
      return FALSE;
    }
  if (g_str_equal (table, "annotations") && !fix_annotation_context (self, pk, error))
    return FALSE;
  if (is_doc && !member_is_true (o, "deleted") && !gloss_store_fts_add (self, pk, error))
    return FALSE;

  if (is_doc)
    gloss_store_queue_change (self, GLOSS_CHANGE_DOCUMENTS, member_string (o, "id"));
  else if (g_str_equal (table, "labels") || g_str_equal (table, "label_fields") ||
           g_str_equal (table, "relation_types"))
    gloss_store_queue_change (self, GLOSS_CHANGE_LABELS, NULL);
  else
    gloss_store_queue_change (self, GLOSS_CHANGE_ALL, NULL);
  if (out_pk)
    *out_pk = pk;
  if (out_pk2)
    *out_pk2 = pk2;
  return TRUE;
}

/* ------------------------------------------------------------------------- */
/* Reading and restoring                                                      */

void
gloss_history_entry_free (GlossHistoryEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->at);
  g_free (entry->who);
  g_free (entry->action);
  g_free (entry->table);
  g_free (entry->row_id);
  g_free (entry->sub_id);
  g_free (entry->document_id);
  g_free (entry->before);
  g_free (entry->after);
  g_free (entry);
}

#define ENTRY_COLUMNS "pk, changed_at, who, action, tbl, row_id, sub_id, document_id, old_json, new_json"

static GlossHistoryEntry *
entry_from_row (sqlite3_stmt *stmt)
{
  GlossHistoryEntry *e = g_new0 (GlossHistoryEntry, 1);

  e->id = sqlite3_column_int64 (stmt, 0);
  e->at = gloss_column_dup (stmt, 1);
  e->who = gloss_column_dup (stmt, 2);
  e->action = gloss_column_dup (stmt, 3);
  e->table = gloss_column_dup (stmt, 4);
  e->row_id = gloss_column_dup (stmt, 5);
  e->sub_id = gloss_column_dup (stmt, 6);
  e->document_id = gloss_column_dup (stmt, 7);
  e->before = gloss_column_dup (stmt, 8);
  e->after = gloss_column_dup (stmt, 9);
  return e;
}

/* The "after" left out of a creation entry: the "before" of the row's next entry, or
 * the row as it is. */
static void
fill_after (GlossStore        *self,
            GlossHistoryEntry *e)
{
  sqlite3_stmt *stmt;
  gint64 pk = 0, pk2 = 0;

  if (e->after != NULL || g_strcmp0 (e->action, GLOSS_HISTORY_CREATE) != 0)
    return;
  stmt = gloss_store_prepare (self,
      "SELECT old_json FROM history WHERE row_id = ?1 AND tbl = ?2 AND coalesce (sub_id, '') = ?3 AND pk > ?4 "
      "ORDER BY pk LIMIT 1", NULL);
  if (stmt == NULL)
    return;
  gloss_bind_text (stmt, 1, e->row_id);
  gloss_bind_text (stmt, 2, e->table);
  gloss_bind_text (stmt, 3, e->sub_id ? e->sub_id : "");
  sqlite3_bind_int64 (stmt, 4, e->id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    e->after = gloss_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (e->after == NULL && spec_for (e->table) != NULL &&
      gloss_history_find_row (self, e->table, e->row_id, e->sub_id, &pk, &pk2))
    e->after = gloss_history_snapshot (self, e->table, pk, pk2);
}

GPtrArray *
gloss_store_list_history (GlossStore *self,
                          const char *id,
                          GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_history_entry_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stmt = gloss_store_prepare (self,
      "SELECT " ENTRY_COLUMNS " FROM history WHERE row_id = ?1 "
      "UNION SELECT " ENTRY_COLUMNS " FROM history WHERE document_id = ?1 "
      "ORDER BY pk DESC", error);
  if (stmt == NULL)
    return NULL;
  gloss_bind_text (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, entry_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (self, rc, "reading the history", error);
      return NULL;
    }
  for (guint i = 0; i < list->len; i++)
    fill_after (self, list->pdata[i]);
  return g_steal_pointer (&list);
}

GlossHistoryEntry *
gloss_store_get_history_entry (GlossStore *self,
                               gint64      history_id,
                               GError    **error)
{
  sqlite3_stmt *stmt;
  GlossHistoryEntry *entry = NULL;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  stmt = gloss_store_prepare (self, "SELECT " ENTRY_COLUMNS " FROM history WHERE pk = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, history_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    entry = entry_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                 "There is no history entry %" G_GINT64_FORMAT ".", history_id);
  else
    gloss_store_set_sqlite_error (self, rc, "reading the history", error);
  sqlite3_reset (stmt);
  if (entry != NULL)
    fill_after (self, entry);
  return entry;
}

/* A live row may only refer to live documents and labels. */
static gboolean
check_restorable (GlossStore *self,
                  const char *table,
                  JsonObject *o,
                  GError    **error)
{
  const char *doc = member_string (o, "document");
  const char *label = member_string (o, "label");

  if (member_is_true (o, "deleted") || !g_str_equal (table, "annotations"))
    return TRUE;
  if (doc != NULL && gloss_store_document_pk (self, doc) == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "That version cannot come back: its document %s is deleted.", doc);
      return FALSE;
    }
  if (label != NULL && gloss_store_label_pk (self, label) == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "That version cannot come back: its label %s is deleted.", label);
      return FALSE;
    }
  return TRUE;
}

gboolean
gloss_store_restore_version (GlossStore *self,
                             gint64      history_id,
                             GError    **error)
{
  g_autoptr(GlossHistoryEntry) entry = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *now = gloss_now_iso8601 ();
  g_autofree char *current = NULL;
  g_autofree char *target = NULL;
  const TableSpec *spec;
  JsonObject *o;
  gint64 pk = 0, pk2 = 0;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);

  if (!gloss_store_op_begin (self, error))
    return FALSE;
  entry = gloss_store_get_history_entry (self, history_id, error);
  spec = entry ? spec_for (entry->table) : NULL;
  if (entry != NULL && spec == NULL)
    g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                 "History entry %" G_GINT64_FORMAT " is about “%s”, which cannot be restored.", history_id, entry->table);
  /* The version to bring back: the row before the change, or, for a change that
   * created the row, that row deleted (a field value cleared). */
  if (spec != NULL)
    root = gloss_json_parse_text (entry->before ? entry->before : entry->after, JSON_NODE_OBJECT, &local_error);
  ok = root != NULL;
  if (spec != NULL && !ok)
    g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                 "History entry %" G_GINT64_FORMAT " holds no version to restore (%s).", history_id,
                 local_error->message);
  if (ok)
    {
      o = json_node_get_object (root);
      if (entry->before == NULL)
        {
          if (g_str_equal (entry->table, "field_values"))
            json_object_set_null_member (o, "value");
          else
            json_object_set_int_member (o, "deleted", 1);
        }
      json_object_set_string_member (o, "modified", now);
      ok = check_restorable (self, entry->table, o, error);
      if (ok && gloss_history_find_row (self, entry->table, entry->row_id, entry->sub_id, &pk, &pk2))
        current = gloss_history_snapshot (self, entry->table, pk, pk2);
      if (ok && current == NULL)
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                       "The row of history entry %" G_GINT64_FORMAT " is no longer in the project.", history_id);
          ok = FALSE;
        }
      if (ok)
        {
          json_generator_set_root (generator, root);
          target = json_generator_to_data (generator, NULL);
          ok = gloss_history_apply (self, entry->table, target, &pk, &pk2, error) &&
               gloss_history_record (self, GLOSS_HISTORY_RESTORE, entry->table, pk, pk2, current, NULL, error);
        }
    }
  return gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
}

/* The members that differ between two versions, for a one-line description. */
static char *
changed_members (const char *before,
                 const char *after)
{
  g_autoptr(JsonNode) a = gloss_json_parse_text (before, JSON_NODE_OBJECT, NULL);
  g_autoptr(JsonNode) b = gloss_json_parse_text (after, JSON_NODE_OBJECT, NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GList) members = NULL;
  JsonObject *oa, *ob;

  /* A version that does not read (a damaged file) describes no change, rather than a wrong one. */
  if (a == NULL || b == NULL)
    return NULL;
  oa = json_node_get_object (a);
  ob = json_node_get_object (b);
  members = json_object_get_members (ob);
  for (GList *l = members; l; l = l->next)
    {
      JsonNode *na = json_object_get_member (oa, l->data);
      JsonNode *nb = json_object_get_member (ob, l->data);

      if (g_str_equal (l->data, "modified"))
        continue;
      if (na == NULL || !json_node_equal (na, nb))
        g_string_append_printf (out, "%s%s", out->len ? ", " : "", (const char *) l->data);
    }
  return out->len ? g_strdup (out->str) : NULL;
}

char *
gloss_history_entry_changed_members (const GlossHistoryEntry *entry)
{
  return changed_members (entry->before, entry->after);
}

char *
gloss_history_entry_describe (const GlossHistoryEntry *entry)
{
  g_autofree char *what = changed_members (entry->before, entry->after);
  const char *table = entry->table;

  if (g_strcmp0 (table, "field_values") == 0)
    return g_strdup_printf ("%s %s field %s of annotation %s", entry->who ? entry->who : "someone",
                            entry->action, entry->sub_id, entry->row_id);
  return g_strdup_printf ("%s %s %s %s%s%s", entry->who ? entry->who : "someone", entry->action, table,
                          entry->row_id, what ? ": " : "", what ? what : "");
}

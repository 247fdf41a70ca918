/* gloss-scope.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GlossScope: which part of a project an export (or a saved set) covers. Every
 * exporter reads the project through these functions, so the filters mean the same
 * in every format.
 */
#pragma once

#include "gloss-store.h"

G_BEGIN_DECLS

typedef struct {
  char **document_ids;   /* only these documents; NULL: all */
  char **label_names;    /* only annotations with these labels (case-insensitive names); NULL: all */
  char **annotators;     /* only annotations by these annotators (names); NULL: all */
  char  *since;          /* only annotations created at or after this time (ISO 8601 date or UTC time); NULL: no bound */
  char  *until;          /* only annotations created before the end of this day / before this time; NULL: no bound */
  char  *query;          /* only documents matching this full-text search; NULL: all */
} GlossScope;

GlossScope *gloss_scope_new   (void);
GlossScope *gloss_scope_copy  (const GlossScope *scope);
void        gloss_scope_free  (GlossScope *scope);
gboolean    gloss_scope_is_everything (const GlossScope *scope);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossScope, gloss_scope_free)

/* Checks the scope against the project: unknown documents or labels, malformed dates. */
gboolean    gloss_scope_validate (GlossStore       *store,
                                  const GlossScope *scope,
                                  GError          **error);

/* Documents in scope, in project order; with their text when @with_text. NULL @scope: all. */
GPtrArray  *gloss_scope_list_documents   (GlossStore       *store,
                                          const GlossScope *scope,
                                          gboolean          with_text,
                                          GError          **error);
/* Labels in scope, in codebook order. */
GPtrArray  *gloss_scope_list_labels      (GlossStore       *store,
                                          const GlossScope *scope,
                                          GError          **error);
/* Live annotations in scope of one document, in text order. */
GPtrArray  *gloss_scope_list_annotations (GlossStore       *store,
                                          const GlossScope *scope,
                                          const char       *document_id,
                                          GError          **error);

/* For the SQL of exporters in the core: the scope's filters as bound values. The
 * lists are JSON arrays (for json_each), label names resolved to ids, dates turned
 * into UTC time bounds. All members NULL when not filtered. */
typedef struct {
  char *document_ids;   /* JSON array of document ids (from document_ids and query) */
  char *label_ids;      /* JSON array of label ids */
  char *annotators;     /* JSON array of names */
  char *since;          /* created >= since */
  char *until;          /* created < until */
} GlossScopeSql;

gboolean    gloss_scope_sql_init  (GlossStore       *store,
                                   const GlossScope *scope,
                                   GlossScopeSql    *sql,
                                   GError          **error);
void        gloss_scope_sql_clear (GlossScopeSql    *sql);
/* As gloss_scope_list_annotations(), with the scope resolved once for many documents. */
GPtrArray  *gloss_scope_sql_list_annotations (GlossStore          *store,
                                              const GlossScopeSql *sql,
                                              const char          *document_id,
                                              GError             **error);

/* Scopes stored in the project file as JSON. */
char       *gloss_scope_to_json   (const GlossScope *scope);
GlossScope *gloss_scope_from_json (const char       *json,
                                   GError          **error);

/* Annotated sets: named scopes saved in the project. */
typedef struct {
  char       *id;
  char       *name;
  GlossScope *scope;
  char       *created;
  char       *modified;
} GlossSet;

void        gloss_set_free    (GlossSet *set);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossSet, gloss_set_free)

/* Saves @scope under @name (unique, case-insensitive); the scope is validated first. */
GlossSet   *gloss_set_add     (GlossStore       *store,
                               const char       *name,
                               const GlossScope *scope,
                               GError          **error);
GPtrArray  *gloss_set_list    (GlossStore       *store,
                               GError          **error);   /* GlossSet*, by name */
/* By name (case-insensitive) or id; NULL + GLOSS_STORE_ERROR_NOT_FOUND when absent. */
GlossSet   *gloss_set_find    (GlossStore       *store,
                               const char       *name_or_id,
                               GError          **error);
gboolean    gloss_set_delete  (GlossStore       *store,
                               const char       *id,
                               GError          **error);

G_END_DECLS

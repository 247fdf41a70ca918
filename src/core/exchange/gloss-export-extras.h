/* gloss-export-extras.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the exchange formats other than Gloss JSON need of the analyst structures:
 * the typed field values of an annotation (with their definitions), the entity it
 * mentions, and the relations in scope. Field definitions and entities are cached for
 * the length of one export; values and relations are read as they are written, so an
 * exporter keeps streaming. Private to the core's exporters.
 */
#pragma once

#include "gloss-json.h"
#include "gloss-scope.h"
#include "gloss-store.h"

G_BEGIN_DECLS

typedef struct _GlossExportExtras GlossExportExtras;

/* One field value of an annotation. */
typedef struct {
  const GlossField *field;   /* borrowed from the cache */
  char             *value;   /* canonical stored text (an entity field: the entity's id) */
  char             *display; /* what a person reads: the entity's name for an entity field */
} GlossExportValue;

void               gloss_export_value_free    (GlossExportValue *value);

GlossExportExtras *gloss_export_extras_new    (GlossStore        *store);
void               gloss_export_extras_free   (GlossExportExtras *extras);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossExportExtras, gloss_export_extras_free)

/* Field definitions of a label in order (borrowed; GlossField*). */
GPtrArray         *gloss_export_extras_get_fields (GlossExportExtras *extras,
                                                   const char        *label_id,
                                                   GError           **error);
/* The values of the live fields of the annotation's current label, in field order
 * (GlossExportValue*, owned; empty when none). */
GPtrArray         *gloss_export_extras_list_values (GlossExportExtras     *extras,
                                                    const GlossAnnotation *annotation,
                                                    GError               **error);
/* An entity by id (borrowed, cached); NULL with an error when unknown. */
const GlossEntity *gloss_export_extras_get_entity (GlossExportExtras *extras,
                                                   const char        *entity_id,
                                                   GError           **error);
/* The value of the field called @name (case-insensitive) among @values, or NULL. */
const GlossExportValue *gloss_export_values_find  (GPtrArray         *values,
                                                   const char        *name);

/* Called for each relation in scope. Return FALSE (with @error set) to stop. */
typedef gboolean (*GlossExportRelationFunc) (const GlossRelation *relation,
                                             gpointer             user_data,
                                             GError             **error);

/* Relations whose two ends are both live and in scope, by creation (then id). With
 * @from_document_id, only those whose source annotation is in that document.
 * type_name, from/to ids, document ids, quotes and annotator are filled in. */
gboolean           gloss_export_foreach_relation (GlossStore             *store,
                                                  const GlossScopeSql    *sql,
                                                  const char             *from_document_id,
                                                  GlossExportRelationFunc func,
                                                  gpointer                user_data,
                                                  GError                **error);

/* Links from an annotation in scope to a live entity of the register (schema 11), by
 * creation: to_id is NULL, to_entity_id and to_entity_name are filled in (an entity
 * merged since names the one it went into). Formats without a place for them leave
 * them out. */
gboolean           gloss_export_foreach_entity_link (GlossStore             *store,
                                                     const GlossScopeSql    *sql,
                                                     GlossExportRelationFunc func,
                                                     gpointer                user_data,
                                                     GError                **error);

/* Counts of what the project holds in scope, for the warnings of formats that
 * cannot carry all of it. */
typedef struct {
  gint64 field_values;          /* live values on annotations in scope */
  gint64 entity_links;          /* annotations in scope linked to an entity */
  gint64 relations;             /* relations with both ends in scope */
  gint64 cross_document;        /* ... of which across two documents */
  gint64 documents_with_properties;
} GlossExportCounts;

gboolean           gloss_export_count        (GlossStore          *store,
                                              const GlossScopeSql *sql,
                                              GlossExportCounts   *counts,
                                              GError             **error);

/* For importers: the field values (by field name; @field_names and @field_values
 * pairwise, borrowed strings) and the entity (by register id, else by name or alias
 * among entities of the annotation's label, else added when the label is an entity
 * type, with @entity_ref as its external reference) of a newly added annotation.
 * What does not fit the project's codebook is left out with a note "WHERE: ..." in
 * @report; FALSE only on a store error. */
gboolean           gloss_exchange_apply_extras (GlossStore        *store,
                                                GlossImportReport *report,
                                                const char        *annotation_id,
                                                GPtrArray         *field_names,
                                                GPtrArray         *field_values,
                                                const char        *entity_id,
                                                const char        *entity_name,
                                                const char        *entity_ref,
                                                const char        *created,
                                                const char        *modified,
                                                const char        *where,
                                                GError           **error);
/* For importers: a relation of type @type_name (found by name, or added) from one
 * annotation of the project to another. One that cannot be made (an end missing, a
 * label the type does not allow) is left out with a note; an id already in the
 * project adds nothing. FALSE only on a store error. */
gboolean           gloss_exchange_add_relation (GlossStore        *store,
                                                GlossImportReport *report,
                                                const char        *id,
                                                const char        *type_name,
                                                const char        *from_id,
                                                const char        *to_id,
                                                const char        *annotator,
                                                const char        *created,
                                                const char        *modified,
                                                const char        *where,
                                                GError           **error);

G_END_DECLS

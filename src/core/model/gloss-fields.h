/* gloss-fields.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Typed fields on labels (a Claim's likelihood, a Risk's impact...) and their values
 * on annotations. Values are checked against the field's definition in the core, so
 * that the app, the CLI and an import all refuse the same wrong values with the same
 * message ("likelihood: “maybe” is not one of …"). Each value is stored as canonical
 * text: the option's value for a choice, a decimal integer for a scale, "true" or
 * "false", a YYYY-MM-DD date, an entity's UUID.
 */
#pragma once

#include "gloss-store.h"

G_BEGIN_DECLS

/* The name of the fields from which a risk's score is derived. */
#define GLOSS_FIELD_LIKELIHOOD "likelihood"
#define GLOSS_FIELD_IMPACT     "impact"

/* Field definitions of a label, in order. GlossField*. */
GPtrArray  *gloss_store_list_fields       (GlossStore       *self,
                                           const char       *label_id,
                                           GError          **error);
/* Case-insensitive by name, or by id. NULL + NOT_FOUND when the label has no such field. */
GlossField *gloss_store_find_field        (GlossStore       *self,
                                           const char       *label_id,
                                           const char       *name_or_id,
                                           GError          **error);
/* Adds a field (a copy of @field; its id, position and times are filled in when
 * unset) at the end of @label_id's fields. Returns what was stored. */
GlossField *gloss_store_add_field         (GlossStore       *self,
                                           const char       *label_id,
                                           const GlossField *field,
                                           GError          **error);
/* Writes name, type, options, min, max, required and description of @field (by id).
 * Changing the type of a field that has values is refused (IN_USE). */
gboolean    gloss_store_update_field      (GlossStore       *self,
                                           const GlossField *field,
                                           GError          **error);
/* Deletes a field (tombstone); its values stay in the file but are no longer shown. */
gboolean    gloss_store_delete_field      (GlossStore       *self,
                                           const char       *field_id,
                                           GError          **error);

/* Checks a field definition on its own (name, type, options, range). */
gboolean    gloss_field_validate_definition (const GlossField *field,
                                           GError          **error);
/* The canonical stored form of @input for @field, or NULL with an INVALID error that
 * names the field. @store resolves entity names for entity fields (may be NULL, then
 * only an entity id is accepted, unchecked). */
char       *gloss_field_normalize_value   (GlossStore       *store,
                                           const GlossField *field,
                                           const char       *input,
                                           GError          **error);
/* The option of a choice or scale field whose value is @value; NULL when none. */
const GlossFieldOption *gloss_field_find_option (const GlossField *field,
                                           const char       *value);

/* Sets field @name_or_id (of the annotation's label) on an annotation; NULL or an
 * empty @value clears it. One transaction. */
gboolean    gloss_store_set_field_value   (GlossStore       *self,
                                           const char       *annotation_id,
                                           const char       *name_or_id,
                                           const char       *value,
                                           GError          **error);
/* The values of the annotation's fields (fields of its current label with a value),
 * in field order. GlossFieldValue*. */
GPtrArray  *gloss_store_list_field_values (GlossStore       *self,
                                           const char       *annotation_id,
                                           GError          **error);
/* One value by field name or id; NULL without error when the field has no value. */
char       *gloss_store_dup_field_value   (GlossStore       *self,
                                           const char       *annotation_id,
                                           const char       *name_or_id,
                                           GError          **error);
/* Names of the annotation's required fields that have no value (NULL-terminated,
 * empty when none). */
char      **gloss_store_missing_required_fields (GlossStore *self,
                                           const char       *annotation_id,
                                           GError          **error);

/* A risk's score: likelihood x impact, derived from its two scale fields, never
 * typed in. Returns -1 without error when either value is missing, and -1 with an
 * error when the annotation does not exist or its label has no such fields. */
int         gloss_store_get_risk_score    (GlossStore       *self,
                                           const char       *annotation_id,
                                           GError          **error);
/* The same computation on values already read: -1 when either is missing. */
int         gloss_risk_score              (const char       *likelihood,
                                           const char       *impact);

G_END_DECLS

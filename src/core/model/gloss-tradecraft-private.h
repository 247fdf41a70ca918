/* gloss-tradecraft-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the codebook loader and the JSON import/export need of the field, entity and
 * relation modules' insides. Not for the app or the CLI.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "gloss-store-private.h"

G_BEGIN_DECLS

/* Options of a choice or scale field as stored: a JSON array of
 * {"value", "label", "colour"}, NULL for none. */
char       *gloss_field_options_to_json   (GPtrArray     *options);
gboolean    gloss_field_options_from_node (JsonNode      *node,
                                           GPtrArray     *options,
                                           GError       **error);
/* Inserts a field row with every value given (checked, and unique by name). */
gboolean    gloss_store_insert_field_row  (GlossStore       *self,
                                           const GlossField *field,
                                           gint64            label_pk,
                                           GError          **error);
/* Inserts or replaces the value (NULL: cleared) of a field on an annotation. */
gboolean    gloss_store_write_field_value (GlossStore    *self,
                                           gint64         annotation_pk,
                                           const char    *field_id,
                                           const char    *value,
                                           const char    *created,
                                           const char    *modified,
                                           GError       **error);

/* Aliases as stored: a JSON array of strings. */
char       *gloss_aliases_to_json         (char * const  *aliases);
char      **gloss_aliases_from_json       (const char    *json);   /* never NULL */

/* Inserts an entity row with every value given (checked). */
gboolean    gloss_store_insert_entity_row (GlossStore        *self,
                                           const GlossEntity *entity,
                                           GError           **error);
/* The same for a caller that has just found, in the same transaction, that no
 * entity of the register has the name (gloss_store_find_entity_id() returning NULL
 * without @several): the lookup is not made twice. */
gboolean    gloss_store_insert_entity_row_name_free (GlossStore        *self,
                                           const GlossEntity *entity,
                                           GError           **error);
/* gloss_store_resolve_mention() for a type given by its pk (0: any), as the store
 * hands it to a GlossMentionResolver: no label is read. @pk (or NULL): set to the
 * entity's pk, 0 when none. */
char       *gloss_store_resolve_mention_pk (GlossStore *self,
                                           const char    *mention,
                                           gint64         label_pk,
                                           gboolean      *ambiguous,
                                           gint64        *pk,
                                           GError       **error);
/* gloss_store_add_entity() of a name without aliases that, in the same transaction,
 * has just been found to name no entity of the type (gloss_store_resolve_mention()
 * returning NULL, not ambiguous). @pk (or NULL): set to the new row's pk. */
GlossEntity *gloss_store_add_entity_name_free (GlossStore *self,
                                           const char    *name,
                                           const char    *label_id,
                                           gint64        *pk,
                                           GError       **error);
/* Sets the entity of an annotation by pks (0: none), without any other check. */
gboolean    gloss_store_write_annotation_entity (GlossStore *self,
                                           gint64         annotation_pk,
                                           gint64         entity_pk,
                                           GError       **error);

/* Inserts rows with every value given (checked). */
gboolean    gloss_store_insert_relation_type_row (GlossStore              *self,
                                           const GlossRelationType *type,
                                           GError                 **error);
gboolean    gloss_store_insert_relation_row (GlossStore          *self,
                                           const char          *id,
                                           const char          *type_id,
                                           const char          *from_id,
                                           const char          *to_id,
                                           const char          *to_entity_id,
                                           const char          *annotator,
                                           const char          *created,
                                           const char          *modified,
                                           GError             **error);

/* A field definition by its row (deleted or not); NULL when absent. */
GlossField *gloss_store_get_field_by_pk (GlossStore *self,
                                         gint64      pk);

G_END_DECLS

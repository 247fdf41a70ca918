/* gloss-relations.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Typed links between annotations ("attributed to", "supports", "contradicts"...),
 * possibly across documents, or from an annotation to an entity of the register
 * ("about", "mentions"; schema 11). Relation types are part of the codebook and may say
 * which labels each end can have. A relation is shown only while both its ends are
 * live: deleting an annotation hides its relations, restoring it brings them back.
 */
#pragma once

#include "gloss-store.h"

G_BEGIN_DECLS

/* Relation types in codebook order. GlossRelationType*. */
GPtrArray         *gloss_store_list_relation_types (GlossStore  *self,
                                                    GError     **error);
/* By id, or by name ignoring case. NULL + NOT_FOUND naming the known types. */
GlossRelationType *gloss_store_find_relation_type  (GlossStore  *self,
                                                    const char  *name_or_id,
                                                    GError     **error);
/* @from_labels / @to_labels: ids of the labels allowed at each end, NULL for any. */
GlossRelationType *gloss_store_add_relation_type   (GlossStore  *self,
                                                    const char  *name,
                                                    const char  *description,
                                                    const char * const *from_labels,
                                                    const char * const *to_labels,
                                                    GError     **error);
/* Refused (IN_USE) while live relations have the type. */
gboolean           gloss_store_delete_relation_type (GlossStore *self,
                                                    const char  *id,
                                                    GError     **error);

/* Links annotation @from_id to @to_id. Both must be live, differ, and have labels the
 * type allows; the same link twice is refused (DUPLICATE). */
GlossRelation     *gloss_store_add_relation        (GlossStore  *self,
                                                    const char  *type_id,
                                                    const char  *from_id,
                                                    const char  *to_id,
                                                    const char  *annotator,
                                                    GError     **error);
/* Links annotation @from_id to entity @entity_id of the register (a claim "about" an
 * organisation). The same checks as gloss_store_add_relation(), the entity's type
 * standing for the target's label; linking an annotation to the entity it is tagged
 * with is refused (INVALID). An entity later merged into another shows the links as
 * the one it was merged into; a deleted entity hides them until it is restored. */
GlossRelation     *gloss_store_add_entity_relation (GlossStore  *self,
                                                    const char  *type_id,
                                                    const char  *from_id,
                                                    const char  *entity_id,
                                                    const char  *annotator,
                                                    GError     **error);
GlossRelation     *gloss_store_get_relation        (GlossStore  *self,
                                                    const char  *id,
                                                    GError     **error);
/* Visible relations with @annotation_id at either end (all when NULL), by creation;
 * given an entity's id, the links that point at that entity.
 * GlossRelation*. */
GPtrArray         *gloss_store_list_relations      (GlossStore  *self,
                                                    const char  *annotation_id,
                                                    GError     **error);
/* Deleting keeps a tombstone; restoring brings it back (undo). */
gboolean           gloss_store_delete_relation     (GlossStore  *self,
                                                    const char  *id,
                                                    GError     **error);
gboolean           gloss_store_restore_relation    (GlossStore  *self,
                                                    const char  *id,
                                                    GError     **error);

G_END_DECLS

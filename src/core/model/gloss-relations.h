/* gloss-relations.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Typed links between annotations ("attributed to", "supports", "contradicts"...),
 * possibly across documents. Relation types are part of the codebook and may say
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
GlossRelation     *gloss_store_get_relation        (GlossStore  *self,
                                                    const char  *id,
                                                    GError     **error);
/* Visible relations with @annotation_id at either end (all when NULL), by creation.
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

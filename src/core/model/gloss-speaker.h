/* gloss-speaker.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rule that ties a claim's speaker to its "attributed to" link: setting the
 * speaker field (an entity) links the claim to a mention of that entity in the same
 * document; changing or clearing it removes that link. The session calls it inside the
 * transaction of the field change, so that the two are one change and one undo step.
 */
#pragma once

#include "gloss-store.h"

G_BEGIN_DECLS

/* The field and the relation type the rule joins (names, compared ignoring case). */
#define GLOSS_FIELD_SPEAKER           "speaker"
#define GLOSS_RELATION_ATTRIBUTED_TO  "attributed to"

/**
 * gloss_speaker_follow:
 * @store: a store inside a transaction
 * @annotation_id: the annotation whose field changed
 * @field_id: the field (its id)
 * @old_entity_id: (nullable): the field's value before
 * @new_entity_id: (nullable): its value now
 * @annotator: (nullable): who the new link is credited to
 * @removed: (out) (transfer full) (nullable): ids of the links deleted, NULL for none
 * @added: (out) (transfer full) (nullable): id of the link created, NULL for none
 *
 * When @field_id is an entity field named "speaker" of a label that the codebook's
 * "attributed to" relation type may start from: deletes the annotation's "attributed
 * to" links to mentions of @old_entity_id (the links this rule made, recognised by
 * type and target entity), then links the annotation to the mention of
 * @new_entity_id in its document nearest before it (else nearest after it; mentions
 * whose label the type does not allow at its target are skipped), unless such a link
 * exists already. No mention, no such field or no such type: nothing happens, and
 * that is no error.
 */
gboolean gloss_speaker_follow (GlossStore   *store,
                               const char   *annotation_id,
                               const char   *field_id,
                               const char   *old_entity_id,
                               const char   *new_entity_id,
                               const char   *annotator,
                               char       ***removed,
                               char        **added,
                               GError      **error);

G_END_DECLS

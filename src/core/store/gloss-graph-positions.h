/* gloss-graph-positions.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where the analyst put entities on the link chart (migration 9): per entity, a point
 * in the chart's units. Layout only: not in the history, not merged.
 */
#pragma once

#include "gloss-store.h"

G_BEGIN_DECLS

typedef struct {
  char   *entity_id;
  double  x;
  double  y;
} GlossGraphPosition;

void gloss_graph_position_free (GlossGraphPosition *position);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossGraphPosition, gloss_graph_position_free)

/* (transfer full) (element-type GlossGraphPosition): the saved positions of live
 * entities, by entity id; NULL only with @error set. */
GPtrArray *gloss_store_list_graph_positions (GlossStore                *self,
                                             GError                   **error);

/* Saves the positions of @n entities in one unit of work (all or none): each
 * replaces the entity's earlier one. An unknown entity or a coordinate that is not
 * finite or beyond ±1e9 is refused with GLOSS_STORE_ERROR_NOT_FOUND / _INVALID. */
gboolean   gloss_store_set_graph_positions  (GlossStore                *self,
                                             const GlossGraphPosition  *positions,
                                             guint                      n,
                                             GError                   **error);

/* Forgets the saved positions of @n entities (all of them when @entity_ids is NULL). */
gboolean   gloss_store_clear_graph_positions (GlossStore                *self,
                                              const char * const        *entity_ids,
                                              GError                   **error);

G_END_DECLS

/* gloss-entity-picker.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A popover that picks an entity of the register: a search entry, the entities of
 * the allowed types whose name or alias matches (without regard to case, accents
 * or punctuation, as the core matches them), a “Create “NAME”” row for each allowed
 * type when no entity has that name yet, and optionally “No Entity”. It changes
 * nothing itself: the "chosen" signal says what the user picked, and the caller
 * makes the change in one transaction.
 */
#pragma once

#include <gtk/gtk.h>
#include "gloss-store.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_ENTITY_PICKER (gloss_entity_picker_get_type ())
G_DECLARE_FINAL_TYPE (GlossEntityPicker, gloss_entity_picker, GLOSS, ENTITY_PICKER, GtkPopover)

/*
 * Signals:
 *   "chosen" (GlossEntityPicker *picker, const char *entity_id, const char *new_name,
 *             const char *new_label_id, gpointer user_data)
 *   an existing entity (@entity_id), a new one to create (@new_name of type
 *   @new_label_id), or none (all NULL: “No Entity”).
 */

GlossEntityPicker *gloss_entity_picker_new       (void);
/* @label_ids: the entity labels allowed (NULL: every entity label of the codebook).
 * @allow_none: offer “No Entity”. */
void               gloss_entity_picker_configure (GlossEntityPicker  *self,
                                                  GlossStore         *store,
                                                  const char * const *label_ids,
                                                  gboolean            allow_none);
/* Fills the search entry (e.g. with the quote of a mention) and lists what matches. */
void               gloss_entity_picker_set_query (GlossEntityPicker  *self,
                                                  const char         *query);
/* Rows shown now, for tests: GtkListBoxRow with "gloss-entity-id" /
 * "gloss-new-label-id" data. Activating one is what a click does. */
GtkListBox        *gloss_entity_picker_get_list  (GlossEntityPicker  *self);

/* What Down in the search does: the focus goes to the first row (FALSE: none). */
gboolean gloss_entity_picker_focus_first_row (GlossEntityPicker *self);

G_END_DECLS

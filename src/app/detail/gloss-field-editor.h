/* gloss-field-editor.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The part of the detail pane that edits what the codebook defines for the selected
 * annotation's label: the entity a mention is linked to (for entity labels), and the
 * label's typed fields, each with the input that fits its type (a drop-down with the
 * option colours for a choice, a row of steps for a short scale, a switch, a date
 * with a calendar, an entity picker...). A risk's score is shown, derived, never
 * typed. Every edit is one store call (one transaction), recorded on the undo
 * stack; a value the core refuses is not stored and its message shows under the
 * input.
 */
#pragma once

#include <gtk/gtk.h>
#include "gloss-entity-picker.h"
#include "gloss-store.h"
#include "gloss-undo.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_FIELD_EDITOR (gloss_field_editor_get_type ())
G_DECLARE_FINAL_TYPE (GlossFieldEditor, gloss_field_editor, GLOSS, FIELD_EDITOR, GtkBox)

/*
 * Signals:
 *   "annotation-changed" (GlossFieldEditor *editor, const char *annotation_id, gpointer user_data)
 *   after an edit was committed, so that the window can refresh the annotation's row.
 */

GtkWidget *gloss_field_editor_new            (void);
void       gloss_field_editor_set_context    (GlossFieldEditor *self,
                                              GlossStore       *store,
                                              GlossUndoStack   *undo);
/* Shows the annotation (NULL: nothing), read afresh from the store. The same
 * annotation with the same label keeps its inputs and only takes the stored values. */
void       gloss_field_editor_set_annotation (GlossFieldEditor *self,
                                              const char       *annotation_id);
/* Saves text typed in an input that has not been committed yet (as leaving it does). */
void       gloss_field_editor_flush          (GlossFieldEditor *self);

/* Test hooks: the input of field @name (a GtkDropDown, GtkEntry, GtkSwitch, the box
 * of scale steps, or the entity GtkMenuButton, whose child is a GtkLabel with the
 * entity's name), its inline error (NULL when none),
 * its entity picker, and the picker of the mention's entity (@name NULL). */
GtkWidget         *gloss_field_editor_get_input  (GlossFieldEditor *self,
                                                  const char       *name);
const char        *gloss_field_editor_get_error  (GlossFieldEditor *self,
                                                  const char       *name);
GlossEntityPicker *gloss_field_editor_get_picker (GlossFieldEditor *self,
                                                  const char       *name);
/* The entity shown for a mention ("" when not linked) and the score shown (NULL when
 * the label has none). */
const char        *gloss_field_editor_get_entity_text (GlossFieldEditor *self);
const char        *gloss_field_editor_get_score_text  (GlossFieldEditor *self);

G_END_DECLS

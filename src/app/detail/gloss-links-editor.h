/* gloss-links-editor.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "Links" part of the detail pane: the relations of the selected annotation in
 * both directions ("attributed to Zoë Łukasiewicz", "supported by …"), each a row
 * that goes to the other end (in whatever document it is) and that can be deleted;
 * and "Add Link…", which offers the relation types the codebook allows for the
 * annotation's label, then the annotations the other end may be (this document
 * first, searchable), or a click on one in the text. Adding and deleting are one
 * store call each, recorded on the undo stack.
 */
#pragma once

#include <gtk/gtk.h>
#include "gloss-store.h"
#include "gloss-undo.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_LINKS_EDITOR (gloss_links_editor_get_type ())
G_DECLARE_FINAL_TYPE (GlossLinksEditor, gloss_links_editor, GLOSS, LINKS_EDITOR, GtkBox)

/*
 * Signals:
 *   "navigate" (GlossLinksEditor *editor, const char *document_id, const char *annotation_id,
 *               gpointer user_data)
 *   the user asked to go to the other end of a link.
 *   "picking-changed" (GlossLinksEditor *editor, gboolean picking, gpointer user_data)
 *   waiting for a click on an annotation in the text, or no longer.
 *   "open-entity" (GlossLinksEditor *editor, const char *entity_id, gpointer user_data)
 *   a link to an entity was activated: show the entity in the register.
 */

GtkWidget *gloss_links_editor_new            (void);
void       gloss_links_editor_set_context    (GlossLinksEditor *self,
                                              GlossStore       *store,
                                              GlossUndoStack   *undo,
                                              const char       *annotator);
/* Shows the links of the annotation (NULL: nothing), read afresh from the store. */
void       gloss_links_editor_set_annotation (GlossLinksEditor *self,
                                              const char       *annotation_id);

/* While picking, a click on an annotation in the text is the target: the window
 * hands it here, and TRUE means it was taken (or refused with a message). */
gboolean   gloss_links_editor_get_picking    (GlossLinksEditor *self);
gboolean   gloss_links_editor_pick           (GlossLinksEditor *self,
                                              const char       *annotation_id);
void       gloss_links_editor_cancel_picking (GlossLinksEditor *self);

/* What choosing a target does: links the shown annotation to @other_id with
 * @type_id, from the shown one (@incoming FALSE) or to it. */
gboolean   gloss_links_editor_add_link       (GlossLinksEditor *self,
                                              const char       *type_id,
                                              gboolean          incoming,
                                              const char       *other_id,
                                              GError          **error);
/* Starts the "pick in text" mode for @type_id, as its button does. */
void       gloss_links_editor_begin_picking  (GlossLinksEditor *self,
                                              const char       *type_id,
                                              gboolean          incoming);

/* Links the shown annotation to entity @entity_id of the register with @type_id,
 * undoably. */
gboolean   gloss_links_editor_add_entity_link (GlossLinksEditor *self,
                                               const char       *type_id,
                                               const char       *entity_id,
                                               GError          **error);
/* Test hook: opens the Add Link popover on the targets of an outgoing link of
 * @type_id, searched for @query, and returns their list (rows with
 * "gloss-annotation-id" or "gloss-entity-id"). */
GtkListBox *gloss_links_editor_open_targets  (GlossLinksEditor *self,
                                              const char       *type_id,
                                              const char       *query);
/* Test hooks: the rows of the links shown (GtkListBoxRow with "gloss-relation-id"),
 * and their text ("attributed to “…”"). */
GtkListBox *gloss_links_editor_get_list      (GlossLinksEditor *self);
char       *gloss_links_editor_dup_row_text  (GlossLinksEditor *self,
                                              guint             index);
/* What the row's delete button does. */
gboolean    gloss_links_editor_delete_link   (GlossLinksEditor *self,
                                              const char       *relation_id,
                                              GError          **error);

/* The phrase for a relation seen from its target: "supports" -> "supported by". */
char       *gloss_relation_inverse_phrase    (const char       *type_name);

G_END_DECLS

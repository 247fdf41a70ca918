/* gloss-undo.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GlossUndoStack records annotation edits after they have been committed, so that
 * they can be undone and redone. Each undo or redo step is exactly one GlossStore
 * call, and so one transaction in the project file. It knows nothing of GTK: the
 * window records steps and refreshes itself from the ids of the step just applied.
 */
#pragma once

#include <glib-object.h>
#include "gloss-conflicts.h"
#include "gloss-entities.h"
#include "gloss-store.h"

G_BEGIN_DECLS

typedef enum {
  GLOSS_UNDO_CREATE,    /* an annotation was created */
  GLOSS_UNDO_DELETE,    /* an annotation was deleted */
  GLOSS_UNDO_RELABEL,   /* its label changed */
  GLOSS_UNDO_NOTE,      /* its note changed */
  GLOSS_UNDO_FIELD,     /* the value of one of its fields changed */
  GLOSS_UNDO_ENTITY,    /* the entity it mentions changed */
  GLOSS_UNDO_LINK,      /* a relation with it at one end was added */
  GLOSS_UNDO_UNLINK,    /* ... or deleted */
  GLOSS_UNDO_MERGE,     /* two entities were merged into one */
  GLOSS_UNDO_CREATE_MANY, /* several annotations were created together */
  GLOSS_UNDO_PROPERTIES,  /* a document's source details changed */
  GLOSS_UNDO_ACH,         /* rows of an analysis of competing hypotheses changed */
  GLOSS_UNDO_SPAN,        /* an annotation's edges moved */
  GLOSS_UNDO_ENTITY_EDIT,   /* an entity's name, aliases, description or reference changed */
  GLOSS_UNDO_ENTITY_DELETE, /* an entity without mentions was deleted from the register */
  GLOSS_UNDO_CONFLICT,      /* a conflict of a merge was settled */
} GlossUndoKind;

#define GLOSS_TYPE_UNDO_STACK (gloss_undo_stack_get_type ())
G_DECLARE_FINAL_TYPE (GlossUndoStack, gloss_undo_stack, GLOSS, UNDO_STACK, GObject)

GlossUndoStack *gloss_undo_stack_new           (void);

/* Recording: call after the store call succeeded. Recording clears the redo steps. */
void            gloss_undo_stack_push_create   (GlossUndoStack *self,
                                                const char     *document_id,
                                                const char     *annotation_id);
/* The same, when tagging also added @entity_id to the register: undo removes the
 * entity with the annotation (in one transaction), redo brings both back. */
void            gloss_undo_stack_push_create_with_entity (GlossUndoStack *self,
                                                          const char     *document_id,
                                                          const char     *annotation_id,
                                                          const char     *entity_id);
void            gloss_undo_stack_push_delete   (GlossUndoStack *self,
                                                const char     *document_id,
                                                const char     *annotation_id);
void            gloss_undo_stack_push_relabel  (GlossUndoStack *self,
                                                const char     *document_id,
                                                const char     *annotation_id,
                                                const char     *old_label_id,
                                                const char     *new_label_id);
/* @old_note and @new_note are nullable (no note). */
void            gloss_undo_stack_push_note     (GlossUndoStack *self,
                                                const char     *document_id,
                                                const char     *annotation_id,
                                                const char     *old_note,
                                                const char     *new_note);

/* An entity of the register before and after an edit (copied). */
void            gloss_undo_stack_push_entity_edit   (GlossUndoStack    *self,
                                                     const GlossEntity *before,
                                                     const GlossEntity *after);
void            gloss_undo_stack_push_entity_delete (GlossUndoStack    *self,
                                                     const char        *entity_id);

/* The annotation's span before and after, in code points. */
void            gloss_undo_stack_push_span     (GlossUndoStack *self,
                                                const char     *document_id,
                                                const char     *annotation_id,
                                                gint64          old_start,
                                                gint64          old_end,
                                                gint64          new_start,
                                                gint64          new_end);

/* @field_id names the field (its id); @old_value and @new_value are the stored
 * values, NULL for none. */
void            gloss_undo_stack_push_field    (GlossUndoStack *self,
                                                const char     *document_id,
                                                const char     *annotation_id,
                                                const char     *field_id,
                                                const char     *old_value,
                                                const char     *new_value);
/* The same, when the change also deleted relations (@links_removed, nullable) and
 * added one (@link_added, nullable): a speaker and its "attributed to" link. Undo and
 * redo move the value and the links together, in one transaction. */
void            gloss_undo_stack_push_field_links (GlossUndoStack     *self,
                                                   const char         *document_id,
                                                   const char         *annotation_id,
                                                   const char         *field_id,
                                                   const char         *old_value,
                                                   const char         *new_value,
                                                   const char * const *links_removed,
                                                   const char         *link_added);
/* The annotation's entity link: ids, NULL for none. */
void            gloss_undo_stack_push_entity   (GlossUndoStack *self,
                                                const char     *document_id,
                                                const char     *annotation_id,
                                                const char     *old_entity_id,
                                                const char     *new_entity_id);
/* A relation added or deleted; @annotation_id is the end whose pane made the
 * change (it is refreshed after undo and redo). */
void            gloss_undo_stack_push_link     (GlossUndoStack *self,
                                                const char     *document_id,
                                                const char     *annotation_id,
                                                const char     *relation_id);
void            gloss_undo_stack_push_unlink   (GlossUndoStack *self,
                                                const char     *document_id,
                                                const char     *annotation_id,
                                                const char     *relation_id);

/**
 * gloss_undo_stack_push_merge:
 * @self: an undo stack
 * @merge: (transfer full): what gloss_store_merge_entities() returned
 *
 * Records a merge of two entities. Undo is gloss_store_unmerge_entities(); redo
 * merges the same two again (and keeps the new record for the next undo). The step
 * names no annotation: a view reads its annotations again after it.
 */
void            gloss_undo_stack_push_merge    (GlossUndoStack   *self,
                                                GlossEntityMerge *merge);
/**
 * gloss_undo_stack_push_create_many:
 * @self: an undo stack
 * @document_id: (nullable): the document to show after undo or redo
 * @annotation_ids: (array zero-terminated=1): the annotations created together
 *
 * Records annotations created in one transaction ("Annotate All Mentions"). Undo
 * deletes them all in one transaction, redo restores them all in one. The step
 * names no single annotation: a view reads its annotations again after it.
 */
void            gloss_undo_stack_push_create_many (GlossUndoStack     *self,
                                                   const char         *document_id,
                                                   const char * const *annotation_ids);

/* A document's source details (reliability, author, publisher, date, URL, TLP)
 * before and after: copies are kept. */
void            gloss_undo_stack_push_properties (GlossUndoStack      *self,
                                                  const char          *document_id,
                                                  const GlossDocument *old_properties,
                                                  const GlossDocument *new_properties);

/* Rows of an analysis written together (gloss-session-ach.c); @changes (transfer
 * full, element-type GlossAchRowChange) holds each row before and after. The step's
 * document id is the analysis's id. */
void            gloss_undo_stack_push_ach       (GlossUndoStack      *self,
                                                 const char          *analysis_id,
                                                 GPtrArray           *changes);

/* A conflict settled: @row_before and @row_after are its row as JSON snapshots
 * (copied). Undo writes the row back and puts the conflict back; redo settles it again. */
void            gloss_undo_stack_push_conflict (GlossUndoStack      *self,
                                                const GlossConflict *conflict,
                                                const char          *annotation_id,
                                                const char          *row_before,
                                                const char          *row_after);

gboolean        gloss_undo_stack_get_can_undo  (GlossUndoStack *self);
gboolean        gloss_undo_stack_get_can_redo  (GlossUndoStack *self);

/* Applies the inverse of the last step to @store. When the store refuses (e.g. the
 * label of a deleted annotation is gone), the step is dropped so that the next undo
 * can go on, and the error is returned. */
gboolean        gloss_undo_stack_undo          (GlossUndoStack *self,
                                                GlossStore     *store,
                                                GError        **error);
gboolean        gloss_undo_stack_redo          (GlossUndoStack *self,
                                                GlossStore     *store,
                                                GError        **error);

/* The step most recently undone or redone (for refreshing a view); NULL before any.
 * A merge or a step of many annotations has no annotation id. */
const char     *gloss_undo_stack_get_last_document_id   (GlossUndoStack *self);
const char     *gloss_undo_stack_get_last_annotation_id (GlossUndoStack *self);
GlossUndoKind   gloss_undo_stack_get_last_kind          (GlossUndoStack *self);

void            gloss_undo_stack_clear         (GlossUndoStack *self);

G_END_DECLS

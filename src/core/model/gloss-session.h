/* gloss-session.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A person's editing session on a project: the store, the name their work is
 * recorded under, and the undo stack. Each gloss_session_* function is one thing a
 * user does, in the workbench or with gloss-cli: it checks what it is given, makes
 * the change in one transaction (recorded in the project's history by the store),
 * and pushes one undo step. The GUI gathers the user's choice, calls one of these
 * and shows the result; the CLI calls the same functions.
 */
#pragma once

#include <glib-object.h>

#include "gloss-entities.h"
#include "gloss-graph-positions.h"
#include "gloss-store.h"
#include "gloss-undo.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_SESSION (gloss_session_get_type ())
G_DECLARE_FINAL_TYPE (GlossSession, gloss_session, GLOSS, SESSION, GObject)

GlossSession    *gloss_session_new               (GlossStore    *store,
                                                  GlossUndoStack *undo);
GlossStore      *gloss_session_get_store         (GlossSession  *self);
GlossUndoStack  *gloss_session_get_undo_stack    (GlossSession  *self);
/* Who the new annotations and relations are credited to; NULL: the store's user. */
void             gloss_session_set_annotator     (GlossSession  *self,
                                                  const char    *annotator);
const char      *gloss_session_get_annotator     (GlossSession  *self);

GlossAnnotation *gloss_session_annotate          (GlossSession  *self,
                                                  const char    *document_id,
                                                  const char    *label_id,
                                                  gint64         start,
                                                  gint64         end,
                                                  const char    *note,
                                                  GError       **error);
gboolean         gloss_session_delete_annotation (GlossSession  *self,
                                                  const char    *annotation_id,
                                                  GError       **error);
gboolean         gloss_session_set_label         (GlossSession  *self,
                                                  const char    *annotation_id,
                                                  const char    *label_id,
                                                  GError       **error);
/* Moves the annotation's edges to [@start, @end); undoable. */
gboolean         gloss_session_resize_annotation (GlossSession  *self,
                                                  const char    *annotation_id,
                                                  gint64         start,
                                                  gint64         end,
                                                  GError       **error);
gboolean         gloss_session_set_note          (GlossSession  *self,
                                                  const char    *annotation_id,
                                                  const char    *note,
                                                  GError       **error);
char            *gloss_session_set_field         (GlossSession  *self,
                                                  const char    *annotation_id,
                                                  const char    *field_id,
                                                  const char    *value,
                                                  GError       **error);
char            *gloss_session_set_field_new_entity (GlossSession *self,
                                                  const char    *annotation_id,
                                                  const char    *field_id,
                                                  const char    *entity_name,
                                                  const char    *entity_label_id,
                                                  GError       **error);
gboolean         gloss_session_set_entity        (GlossSession  *self,
                                                  const char    *annotation_id,
                                                  const char    *entity_id,
                                                  GError       **error);
char            *gloss_session_set_new_entity    (GlossSession  *self,
                                                  const char    *annotation_id,
                                                  const char    *entity_name,
                                                  const char    *entity_label_id,
                                                  GError       **error);
/* @shown_id (nullable): the end whose pane made the change, which undo shows
 * again; NULL: @from_id (the relation's source). */
GlossRelation   *gloss_session_link              (GlossSession  *self,
                                                  const char    *type_id,
                                                  const char    *from_id,
                                                  const char    *to_id,
                                                  const char    *shown_id,
                                                  GError       **error);
GlossRelation   *gloss_session_link_entity       (GlossSession  *self,
                                                  const char    *type_id,
                                                  const char    *from_id,
                                                  const char    *entity_id,
                                                  GError       **error);
gboolean         gloss_session_unlink            (GlossSession  *self,
                                                  const char    *relation_id,
                                                  const char    *shown_id,
                                                  GError       **error);
/* Writes @entity's name, aliases, description and external reference (by its id);
 * undoable. */
gboolean         gloss_session_edit_entity       (GlossSession      *self,
                                                  const GlossEntity *entity,
                                                  GError           **error);
/* Deletes an entity nothing mentions (IN_USE, naming the count, when annotations or
 * entity fields still do); undoable. */
gboolean         gloss_session_delete_entity     (GlossSession  *self,
                                                  const char    *entity_id,
                                                  GError       **error);
gboolean         gloss_session_merge_entities    (GlossSession  *self,
                                                  const char    *keep_id,
                                                  const char    *other_id,
                                                  GError       **error);
GPtrArray       *gloss_session_annotate_mentions (GlossSession  *self,
                                                  const char    *entity_id,
                                                  GPtrArray     *mentions,
                                                  GError       **error);
gboolean         gloss_session_set_document_properties (GlossSession *self,
                                                  const char    *document_id,
                                                  const GlossDocument *properties,
                                                  GError       **error);
/* Keeps where the analyst dragged entities on the link chart: one transaction, no
 * undo step (it is the chart's arrangement, not a finding; dragging back undoes it). */
gboolean         gloss_session_set_graph_positions (GlossSession *self,
                                                  const GlossGraphPosition *positions,
                                                  guint          n,
                                                  GError       **error);

typedef enum {
  GLOSS_CONFLICT_MINE,     /* this project's value when the merge met the conflict */
  GLOSS_CONFLICT_THEIRS,   /* the other copy's */
  GLOSS_CONFLICT_BASE,     /* the value both had before (none when no common version was found) */
  GLOSS_CONFLICT_EDITED,   /* a value the person typed (gloss_conflict_value_from_text()) */
} GlossConflictChoice;

/**
 * gloss_session_resolve_conflict:
 * @conflict_id: a conflict of gloss_store_list_conflicts()
 * @value: (nullable): for GLOSS_CONFLICT_EDITED, the value as typed
 *
 * Settles a conflict a merge kept: the row's field takes the chosen value and the
 * conflict goes, in one transaction recorded in the history ("resolve"); undoable
 * (undo puts the value and the conflict back).
 */
gboolean         gloss_session_resolve_conflict  (GlossSession       *self,
                                                  const char         *conflict_id,
                                                  GlossConflictChoice choice,
                                                  const char         *value,
                                                  GError            **error);

gboolean         gloss_session_undo              (GlossSession  *self,
                                                  GError       **error);
gboolean         gloss_session_redo              (GlossSession  *self,
                                                  GError       **error);


G_END_DECLS

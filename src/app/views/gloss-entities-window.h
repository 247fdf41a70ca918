/* gloss-entities-window.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Entities view: every entity of the register with its type, aliases, mention
 * and document counts; renaming and editing aliases; merging two entities; the
 * mentions of the selected entity (activating one opens it in its article); and
 * "Annotate All Mentions…", which finds the unannotated occurrences of an entity's
 * names in the shown article or the whole project and creates the accepted ones in
 * one step. A merge or such a step is undone from the toast or with Ctrl+Z here.
 */
#pragma once

#include <adwaita.h>
#include "gloss-document-view.h"
#include "gloss-store.h"
#include "gloss-undo.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_ENTITIES_WINDOW (gloss_entities_window_get_type ())
G_DECLARE_FINAL_TYPE (GlossEntitiesWindow, gloss_entities_window, GLOSS, ENTITIES_WINDOW, AdwWindow)

#define GLOSS_TYPE_ANNOTATE_MENTIONS_DIALOG (gloss_annotate_mentions_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GlossAnnotateMentionsDialog, gloss_annotate_mentions_dialog,
                      GLOSS, ANNOTATE_MENTIONS_DIALOG, AdwWindow)

/* An Entities window of @store's register (it closes when @store is finalized).
 * Merges and "annotate all" steps go on @undo, the main window's stack (weak);
 * @document_view is the article "Annotate All Mentions" may be limited to (weak).
 * Signals: "open-annotation" (const char *document_id, const char *annotation_id),
 * "annotations-changed" (), and "undo" (GError **error, returns gboolean): see the
 * class_init for what each asks of the main window. */
GlossEntitiesWindow *gloss_entities_window_new     (GtkWindow           *transient_for,
                                                    GlossStore          *store,
                                                    GlossUndoStack      *undo,
                                                    GlossDocumentView   *document_view);

/* The entities listed (GlossRowItem of GlossEntity) and their selection. */
GListModel  *gloss_entities_window_get_model       (GlossEntitiesWindow *self);
/* Selects the entities @ids (NULL-terminated) as clicks on their rows do. */
gboolean     gloss_entities_window_select          (GlossEntitiesWindow *self,
                                                    const char * const  *ids);
/* The mentions of the one selected entity (GlossRowItem of GlossAnnotation). */
GListModel  *gloss_entities_window_get_mentions    (GlossEntitiesWindow *self);
/* What "Merge…" does once the user chose which to keep; records an undo step. */
gboolean     gloss_entities_window_merge           (GlossEntitiesWindow *self,
                                                    const char          *keep_id,
                                                    const char          *other_id,
                                                    GError             **error);
/* What the edit dialog saves: the name, the aliases (NULL-terminated), the
 * description and the external reference (nullable: none); undoable. */
gboolean     gloss_entities_window_update          (GlossEntitiesWindow *self,
                                                    const char          *id,
                                                    const char          *name,
                                                    const char * const  *aliases,
                                                    const char          *description,
                                                    const char          *external_ref,
                                                    GError             **error);
/* What "Delete" does with the selected entities nothing mentions; undoable. */
gboolean     gloss_entities_window_delete          (GlossEntitiesWindow *self,
                                                    const char          *id,
                                                    GError             **error);
/* Undoes the last merge or "annotate all" made in this window (Ctrl+Z, the toast). */
gboolean     gloss_entities_window_undo            (GlossEntitiesWindow *self,
                                                    GError             **error);
gboolean     gloss_entities_window_can_undo        (GlossEntitiesWindow *self);
/* Opens "Annotate All Mentions" for entity @id. */
GlossAnnotateMentionsDialog *
             gloss_entities_window_annotate_all    (GlossEntitiesWindow *self,
                                                    const char          *id);

/* The dialog: where to look (the shown article or the whole project), the
 * occurrences found (GlossRowItem of candidates, all accepted at first), which are
 * accepted, and what its "Annotate" button does. */
void         gloss_annotate_mentions_dialog_set_whole_project (GlossAnnotateMentionsDialog *self,
                                                               gboolean                     whole_project);
GListModel  *gloss_annotate_mentions_dialog_get_candidates    (GlossAnnotateMentionsDialog *self);
void         gloss_annotate_mentions_dialog_set_accepted      (GlossAnnotateMentionsDialog *self,
                                                               guint                        position,
                                                               gboolean                     accepted);
gboolean     gloss_annotate_mentions_dialog_apply             (GlossAnnotateMentionsDialog *self,
                                                               GError                     **error);

G_END_DECLS

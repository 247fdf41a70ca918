/* gloss-document-properties.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The line above an article that says what the source is: its handling marking
 * (a TLP chip), source reliability (Admiralty A-F), author, publisher, date of
 * publication and address. A click opens a popover that edits them; each edit is
 * one store call, checked by the core, whose message shows in the popover when it
 * refuses a value.
 */
#pragma once

#include <gtk/gtk.h>
#include "gloss-store.h"
#include "gloss-undo.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_DOCUMENT_PROPERTIES (gloss_document_properties_get_type ())
G_DECLARE_FINAL_TYPE (GlossDocumentProperties, gloss_document_properties, GLOSS, DOCUMENT_PROPERTIES, GtkWidget)

void        gloss_document_properties_set_document (GlossDocumentProperties *self,
                                                    GlossStore              *store,
                                                    const char              *document_id);
/* What an input of the popover does: sets one property ("reliability", "tlp",
 * "author", "publisher", "published", "url"; NULL or "" clears it). */
gboolean    gloss_document_properties_apply        (GlossDocumentProperties *self,
                                                    const char              *property,
                                                    const char              *value,
                                                    GError                 **error);
/* The marking chip's text ("TLP:AMBER", "" when none) and the rest of the line. */
const char *gloss_document_properties_get_marking  (GlossDocumentProperties *self);
const char *gloss_document_properties_get_summary  (GlossDocumentProperties *self);
/* Whether Open Original and Save Original As… are enabled: the document has the
 * file it was imported from. */
gboolean    gloss_document_properties_has_original (GlossDocumentProperties *self);
/* Opens the popover, as a click on the line does. */
void        gloss_document_properties_edit         (GlossDocumentProperties *self);

void        gloss_document_properties_set_undo_stack (GlossDocumentProperties *self,
                                                      GlossUndoStack          *undo);

G_END_DECLS

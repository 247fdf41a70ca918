/* gloss-document-item.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row of the documents sidebar: a document's title and annotation count.
 */
#pragma once

#include <glib-object.h>
#include "gloss-model.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_DOCUMENT_ITEM (gloss_document_item_get_type ())
G_DECLARE_FINAL_TYPE (GlossDocumentItem, gloss_document_item, GLOSS, DOCUMENT_ITEM, GObject)

GlossDocumentItem *gloss_document_item_new               (const GlossDocument *document);
const char        *gloss_document_item_get_id            (GlossDocumentItem *self);
const char        *gloss_document_item_get_title         (GlossDocumentItem *self);
gint64             gloss_document_item_get_n_annotations (GlossDocumentItem *self);
void               gloss_document_item_set_n_annotations (GlossDocumentItem *self,
                                                          gint64             n_annotations);

G_END_DECLS

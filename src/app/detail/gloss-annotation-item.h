/* gloss-annotation-item.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row of the annotations pane: wraps a copy of a GlossAnnotation and exposes
 * what the row shows as properties, so the row template binds to them.
 */
#pragma once

#include <glib-object.h>
#include "gloss-model.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_ANNOTATION_ITEM (gloss_annotation_item_get_type ())
G_DECLARE_FINAL_TYPE (GlossAnnotationItem, gloss_annotation_item, GLOSS, ANNOTATION_ITEM, GObject)

GlossAnnotationItem   *gloss_annotation_item_new            (const GlossAnnotation *annotation);
const GlossAnnotation *gloss_annotation_item_get_annotation (GlossAnnotationItem   *self);
const char            *gloss_annotation_item_get_id         (GlossAnnotationItem   *self);
/* Replaces the annotation (same id) and notifies every property. */
void                   gloss_annotation_item_set_annotation (GlossAnnotationItem   *self,
                                                             const GlossAnnotation *annotation);
/* Text order: by start, then end. */
int                    gloss_annotation_item_compare        (gconstpointer a,
                                                             gconstpointer b,
                                                             gpointer      user_data);
/* The CSS class that gives a label's colour to its chip. */
/* Whether a merge left a conflict on the annotation (the row shows a mark). */
gboolean               gloss_annotation_item_get_has_conflict (GlossAnnotationItem *self);
void                   gloss_annotation_item_set_has_conflict (GlossAnnotationItem *self,
                                                               gboolean             has_conflict);
char                  *gloss_label_css_class                (const char *label_id);

G_END_DECLS

/* gloss-annotator-filter.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The annotators button of the workbench: a menu button whose popover lists the
 * project's annotators with check marks (whose annotations the article and the
 * annotations pane show), a "Colour by annotator" switch with the colour legend, and
 * the way to the Compare and Agreement views. It holds the choice and reports it
 * through signals; the window applies it.
 */
#pragma once

#include <gtk/gtk.h>
#include "gloss-store.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_ANNOTATOR_FILTER (gloss_annotator_filter_get_type ())
G_DECLARE_FINAL_TYPE (GlossAnnotatorFilter, gloss_annotator_filter, GLOSS, ANNOTATOR_FILTER, GtkWidget)

/* The fixed palette, readable as a translucent highlight on light and dark
 * backgrounds; annotators take its colours in the order they joined the project. */
const char  *gloss_annotator_palette_colour      (guint index);

GtkWidget   *gloss_annotator_filter_new          (void);
/* Reads the annotators of @store (NULL: none) and shows every one of them. */
void         gloss_annotator_filter_set_store    (GlossAnnotatorFilter *self,
                                                  GlossStore           *store);
/* Reads the annotators again (a new one may have joined); the choices made stay.
 * Emits "colours-changed" when the list changed. */
void         gloss_annotator_filter_refresh      (GlossAnnotatorFilter *self);
/* Annotator names, in the order they joined the project. */
const char * const *gloss_annotator_filter_get_annotators (GlossAnnotatorFilter *self);

/* Whether annotations by @name are shown; annotations with no annotator always are. */
gboolean     gloss_annotator_filter_is_shown     (GlossAnnotatorFilter *self,
                                                  const char           *name);
void         gloss_annotator_filter_set_shown    (GlossAnnotatorFilter *self,
                                                  const char           *name,
                                                  gboolean              shown);
/* Shows every annotator. */
void         gloss_annotator_filter_show_all     (GlossAnnotatorFilter *self);
/* The hidden annotators' names, NULL-terminated (empty when all are shown). */
char       **gloss_annotator_filter_dup_hidden   (GlossAnnotatorFilter *self);

/* Colour by annotator (kept in the "colour-by-annotator" setting). */
gboolean     gloss_annotator_filter_get_colour_by_annotator (GlossAnnotatorFilter *self);
void         gloss_annotator_filter_set_colour_by_annotator (GlossAnnotatorFilter *self,
                                                             gboolean              colour);
/* The colour of @name in the palette; NULL for a name the project does not have. */
const char  *gloss_annotator_filter_get_colour   (GlossAnnotatorFilter *self,
                                                  const char           *name);
/* Annotator name -> colour, for the document view; NULL when colouring by label. */
GHashTable  *gloss_annotator_filter_get_colours  (GlossAnnotatorFilter *self);

/* The menu button (tests open its popover). */
GtkMenuButton *gloss_annotator_filter_get_button (GlossAnnotatorFilter *self);

/*
 * Signals:
 *  "filter-changed" (GlossAnnotatorFilter*): the set of shown annotators changed.
 *  "colours-changed" (GlossAnnotatorFilter*): colour by annotator was switched, or the
 *      annotators (and so their colours) changed.
 */

G_END_DECLS

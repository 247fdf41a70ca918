/* gloss-accessible.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Names a screen reader can speak. GTK 4.8 computes some names badly: a button with
 * a mnemonic label is named by its raw label *and* by the label widget ("_Open Open"),
 * an icon-only button or a dropdown's inner toggle gets its class name ("GtkImage",
 * "GtkToggleButton"), and a row of a GtkListView has no name at all. These helpers
 * fix that at one place for the whole app: gloss_accessible_init() watches every
 * widget that is shown, and gloss_accessible_fix_tree() treats a tree that is built
 * but not shown yet (a template's hidden pages).
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Once per process, after gtk_init(): from then on every widget is given a usable
 * accessible name when it is mapped. */
void gloss_accessible_init     (void);

/* Gives every control in @root's tree (internal children included) a usable
 * accessible name: mnemonic buttons named by their label once, icon-only buttons by
 * their tooltip, dropdowns' inner toggles by the dropdown's label. */
void gloss_accessible_fix_tree (GtkWidget *root);

/* Names @control @name (the accessible label), and the inner button of a dropdown
 * or menu button with it. */
void gloss_accessible_name       (GtkWidget  *control,
                                  const char *name);

/* Names @control by @label (a GtkLabel beside it): the labelled-by relation, which
 * also names the inner button of a dropdown or menu button. */
void gloss_accessible_label_with (GtkWidget *control,
                                  GtkWidget *label);

/* Names the row of a GtkListView or GtkColumnView that holds @child (the widget a
 * list item factory made, or a cell's widget) with @name: GTK 4.8 has no API for a
 * list item's name. */
void gloss_accessible_name_row (GtkWidget  *child,
                                const char *name);

/* Names @view and the list inside it that holds its rows. */
void gloss_accessible_name_column_view (GtkColumnView *view,
                                        const char    *name);

#define GLOSS_TYPE_LIST_ROW (gloss_list_row_get_type ())
G_DECLARE_FINAL_TYPE (GlossListRow, gloss_list_row, GLOSS, LIST_ROW, GtkBox)

/* A box for list item templates (GtkBuilderListItemFactory) with an
 * "accessible-name" property that names the row it is in: bind it to the item. */
GtkWidget *gloss_list_row_new (void);

G_END_DECLS

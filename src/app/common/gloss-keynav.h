/* gloss-keynav.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One Escape policy for every secondary window (claims, risks, entities, compare,
 * agreement, competing hypotheses, history, codebook): Escape closes the window,
 * wherever the focus is, unless the focused control has something of its own to
 * undo first: a search or text entry with text in it (Escape stops the search), or
 * a control marked with gloss_keynav_keep_escape() (the risk matrix clears its
 * selection). A second Escape then closes.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void gloss_keynav_escape_closes (GtkWindow *window);

/* The same policy for a page of a window (the Claims page of the side pane): Escape
 * anywhere in @page calls @leave (which shows another page), unless the focused
 * control has something of its own to undo first. */
void gloss_keynav_escape_leaves (GtkWidget *page,
                                 GCallback  leave,
                                 gpointer   data);

/* @widget handles Escape itself while it has something to drop (it returns FALSE
 * from its key handler when it has not): the window closes only then. */
void gloss_keynav_keep_escape   (GtkWidget *widget);

/* Tab and Shift+Tab leave @list (a GtkListView or GtkColumnView) for the control
 * after or before it, instead of walking through every row (GTK 4.8 does that; the
 * arrows move between rows). */
void gloss_keynav_tab_leaves    (GtkWidget *list);

G_END_DECLS

/* gloss-graph-window.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Link Chart window: the project's entities, their links and co-occurrence
 * (gloss-graph.h) in a GlossGraphView, with filters (saved set, label, publication
 * dates, minimum co-occurrence), a side panel with the selected entity's mentions or
 * the selected connection's places in the text, and export as GraphML, GEXF, DOT,
 * CSV, SVG or PNG. It reads the project again whenever it changes, keeping the
 * chart's shape, and saves where the analyst drags an entity.
 */
#pragma once

#include <adwaita.h>

#include "gloss-graph-view.h"
#include "gloss-store.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_GRAPH_WINDOW (gloss_graph_window_get_type ())
G_DECLARE_FINAL_TYPE (GlossGraphWindow, gloss_graph_window, GLOSS, GRAPH_WINDOW, AdwWindow)

/* A Link Chart window of @store's project (it closes when @store is finalized).
 * Signals: "open-span" (const char *document_id, const char *annotation_id,
 * gint64 start, gint64 end: the place to select in the text). */
GlossGraphWindow *gloss_graph_window_new          (GtkWindow        *transient_for,
                                                   GlossStore       *store);
/* For tests. */
GlossGraphView   *gloss_graph_window_get_view     (GlossGraphWindow *self);
GtkListBox       *gloss_graph_window_get_spans    (GlossGraphWindow *self);
GtkLabel         *gloss_graph_window_get_panel_title (GlossGraphWindow *self);
GtkLabel         *gloss_graph_window_get_panel_detail (GlossGraphWindow *self);
GtkSpinButton    *gloss_graph_window_get_weight_spin (GlossGraphWindow *self);
/* The Together in list: row 0 a sentence, row 1 a paragraph (GlossGraphWithin). */
GtkDropDown      *gloss_graph_window_get_within_dropdown (GlossGraphWindow *self);
GtkDropDown      *gloss_graph_window_get_annotator_dropdown (GlossGraphWindow *self);
/* Reads the project now rather than when the main loop is next idle. */
void              gloss_graph_window_reload       (GlossGraphWindow *self);
/* Writes the chart as @format ("graphml", "gexf", "dot", "csv", "svg" or "png") to @path. */
gboolean          gloss_graph_window_export       (GlossGraphWindow *self,
                                                   const char       *format,
                                                   const char       *path,
                                                   GError          **error);

G_END_DECLS

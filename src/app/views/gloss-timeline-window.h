/* gloss-timeline-window.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Timeline window: the project's events by date (gloss-timeline.h) in a
 * GlossTimelineView, with lanes by label or by entity, the selected event's details,
 * and export as CSV, JSON or PNG. It reads the project again whenever it changes
 * (annotating, undo, merge), and opens an event's text in the main window.
 */
#pragma once

#include <adwaita.h>

#include "gloss-store.h"
#include "gloss-timeline-view.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_TIMELINE_WINDOW (gloss_timeline_window_get_type ())
G_DECLARE_FINAL_TYPE (GlossTimelineWindow, gloss_timeline_window, GLOSS, TIMELINE_WINDOW, AdwWindow)

/* A Timeline window of @store's project (it closes when @store is finalized).
 * Signals: "open-event" (const char *document_id, const char *annotation_id or NULL
 * for a publication date, gint64 start, gint64 end: the date's place in the text, or
 * -1). */
GlossTimelineWindow *gloss_timeline_window_new      (GtkWindow           *transient_for,
                                                     GlossStore          *store);
/* For tests. */
GlossTimelineView   *gloss_timeline_window_get_view (GlossTimelineWindow *self);
GtkDropDown         *gloss_timeline_window_get_lanes_dropdown (GlossTimelineWindow *self);
/* Reads the project now rather than when the main loop is next idle. */
void                 gloss_timeline_window_reload   (GlossTimelineWindow *self);
/* Writes the timeline as @format ("csv", "json" or "png") to @path. */
gboolean             gloss_timeline_window_export   (GlossTimelineWindow *self,
                                                     const char          *format,
                                                     const char          *path,
                                                     GError             **error);

G_END_DECLS

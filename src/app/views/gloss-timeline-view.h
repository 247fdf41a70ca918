/* gloss-timeline-view.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GlossTimelineView: one widget that draws a timeline with GtkSnapshot (not one
 * widget per event): a time axis from decades down to hours, one lane per label or
 * entity, and each event as a mark coloured by its label. It zooms (Ctrl+scroll,
 * + and -, 0 shows all), pans (drag, scroll, the arrow keys, Page Up and Down), and
 * selects an event by a click or from the keyboard (Ctrl+Left and Ctrl+Right, or
 * comma and period, step through the lane's events by date, Home and End go to its
 * first and last, Up and Down to the nearest event in the lane above or below); a
 * double click, Enter or space activates it.
 */
#pragma once

#include <gtk/gtk.h>

#include "gloss-timeline.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_TIMELINE_VIEW (gloss_timeline_view_get_type ())
G_DECLARE_FINAL_TYPE (GlossTimelineView, gloss_timeline_view, GLOSS, TIMELINE_VIEW, GtkWidget)

/* Signals: "event-activated" (guint index into the timeline's events);
 * notify::selected when the selected event changes. */
GtkWidget           *gloss_timeline_view_new          (void);

/* Takes @timeline (nullable). The visible range is kept when there was a timeline
 * before (the project changed); otherwise the whole timeline is fitted in. The
 * selection moves to the event of the same annotation, source and date, if any. */
void                 gloss_timeline_view_set_timeline (GlossTimelineView    *self,
                                                       GlossTimeline        *timeline);
const GlossTimeline *gloss_timeline_view_get_timeline (GlossTimelineView    *self);
void                 gloss_timeline_view_set_lane_mode (GlossTimelineView   *self,
                                                       GlossTimelineLaneMode mode);
GlossTimelineLaneMode gloss_timeline_view_get_lane_mode (GlossTimelineView  *self);
/* The lanes as drawn (GlossTimelineLane*). */
GPtrArray           *gloss_timeline_view_get_lanes    (GlossTimelineView    *self);

/* The selected event's index, or -1. */
int                  gloss_timeline_view_get_selected (GlossTimelineView    *self);
void                 gloss_timeline_view_select       (GlossTimelineView    *self,
                                                       int                   index);

/* Zoom by @factor (> 1 zooms in) around the middle; the span shown stays between an
 * hour and a few centuries. */
void                 gloss_timeline_view_zoom         (GlossTimelineView    *self,
                                                       double                factor);
/* Pans by @fraction of the width (negative: to the past). */
void                 gloss_timeline_view_pan          (GlossTimelineView    *self,
                                                       double                fraction);
/* Shows every event. */
void                 gloss_timeline_view_fit          (GlossTimelineView    *self);
/* The time shown at the left edge and the seconds per pixel. */
void                 gloss_timeline_view_get_range    (GlossTimelineView    *self,
                                                       double               *start,
                                                       double               *seconds_per_pixel);
/* The name of the axis' tick unit now shown: "decade", "year", "month", "day" or "hour". */
const char          *gloss_timeline_view_get_unit     (GlossTimelineView    *self);

/* Draws the view at @width x @height into a PNG file. */
gboolean             gloss_timeline_view_save_png     (GlossTimelineView    *self,
                                                       const char           *path,
                                                       GError              **error);

G_END_DECLS

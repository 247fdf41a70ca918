/* gloss-timeline-out.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A timeline out of the project: CSV (one row per event, for a spreadsheet) and JSON
 * (for other tools), both naming for each event where it came from.
 */
#pragma once

#include <gio/gio.h>

#include "gloss-timeline.h"

G_BEGIN_DECLS

typedef enum {
  GLOSS_TIMELINE_FORMAT_CSV,
  GLOSS_TIMELINE_FORMAT_JSON,
} GlossTimelineFormat;

/* "csv" or "json"; FALSE for anything else. */
gboolean gloss_timeline_format_from_string (const char          *name,
                                            GlossTimelineFormat *format);

/* The CSV columns, in order. */
#define GLOSS_TIMELINE_CSV_HEADER \
  "date,granularity,source,document_id,document_title,annotation_id,start,end,date_start,date_end," \
  "label,field,expression,entities,title"

/**
 * gloss_timeline_write:
 * @timeline: a timeline
 * @format: CSV or JSON
 * @stream: where to write (not closed)
 * @cancellable: (nullable): a cancellable
 * @error: return location for an error
 *
 * CSV is RFC 4180 with CRLF line ends, the header GLOSS_TIMELINE_CSV_HEADER, entities
 * joined by "; ", empty cells for what an event does not have, and a leading ' on a
 * cell a spreadsheet would run as a formula. JSON is an object
 * {"format": "gloss-timeline", "version": 1, "events": [...]} with the same members
 * per event (entities as an array of {id, name}, absent values as null).
 *
 * Returns: %TRUE on success.
 */
gboolean gloss_timeline_write  (const GlossTimeline *timeline,
                                GlossTimelineFormat  format,
                                GOutputStream       *stream,
                                GCancellable        *cancellable,
                                GError             **error);

/* Writes the timeline to @path all or nothing (gloss-file.h). */
gboolean gloss_timeline_export (const GlossTimeline *timeline,
                                GlossTimelineFormat  format,
                                const char          *path,
                                GCancellable        *cancellable,
                                GError             **error);

G_END_DECLS

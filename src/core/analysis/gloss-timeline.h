/* gloss-timeline.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The events of a project placed by date, each leading back to where it came from:
 * a document's publication date, a date field on an annotation (a claim's or a risk's
 * "date"), or a date written in an annotated span ("last Tuesday", resolved against
 * the document's publication date; see gloss-dates.h). Read-only over the model; the
 * timeline window draws it, gloss-timeline-out.h exports it, `gloss-cli timeline`
 * prints it.
 */
#pragma once

#include "gloss-dates.h"
#include "gloss-store.h"

G_BEGIN_DECLS

typedef enum {
  GLOSS_TIMELINE_PUBLICATION,   /* a document's publication date */
  GLOSS_TIMELINE_FIELD,         /* a date field's value on an annotation */
  GLOSS_TIMELINE_TEXT,          /* a date written in an annotated span */
} GlossTimelineSource;

const char *gloss_timeline_source_to_string (GlossTimelineSource source);  /* "publication", "field", "text" */

typedef struct {
  GlossDate            date;
  gint64               time;            /* gloss_date_to_unix (&date) */
  GlossTimelineSource  source;
  char                *document_id;
  char                *document_title;
  char                *annotation_id;   /* NULL for a publication */
  gint64               start;           /* the annotation's span in code points; -1 for a publication */
  gint64               end;
  gint64               date_start;      /* where the date is written (text events), else -1 */
  gint64               date_end;
  char                *label_id;        /* the annotation's label; NULL for a publication */
  char                *label_name;
  char                *label_colour;    /* "#rrggbb" */
  char                *field_name;      /* the date field (field events), else NULL */
  char                *expression;      /* the date as written (text), the stored value (field, publication) */
  char               **entity_ids;      /* the entities the annotation mentions or is linked to; never NULL */
  char               **entities;        /* ... their names, in the same order */
  char                *title;           /* what the event shows: the annotation's quote, or the document's title */
} GlossTimelineEvent;

void gloss_timeline_event_free (GlossTimelineEvent *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossTimelineEvent, gloss_timeline_event_free)

typedef struct {
  GPtrArray *events;     /* GlossTimelineEvent*, by date, then document, then position */
  gint64     min_time;   /* start of the earliest event's period; 0 when empty */
  gint64     max_time;   /* end of the latest event's period; 0 when empty */
} GlossTimeline;

void gloss_timeline_free (GlossTimeline *timeline);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossTimeline, gloss_timeline_free)

/**
 * gloss_timeline_build:
 * @store: a project
 * @error: return location for an error
 *
 * Every event of the project: one per live document with a publication date, one per
 * value of a date field on a live annotation, and one per date expression found in a
 * live annotation's quote. An annotation's entities are the one it mentions, those
 * its entity fields name (a claim's speaker) and those of the annotations it is
 * related to, either way.
 *
 * Returns: (transfer full): the timeline, or %NULL on error.
 */
GlossTimeline *gloss_timeline_build (GlossStore  *store,
                                     GError     **error);

/* Builds a timeline from events (takes them), sorting them. For tests and benchmarks. */
GlossTimeline *gloss_timeline_new_from_events (GPtrArray *events);

/* The index of the first event whose time is >= @time (events->len when none). */
guint          gloss_timeline_lower_bound (const GlossTimeline *timeline,
                                           gint64               time);

typedef enum {
  GLOSS_TIMELINE_LANES_LABEL,    /* one lane per label, publications first */
  GLOSS_TIMELINE_LANES_ENTITY,   /* one lane per entity (an event may be in several), then one for none */
} GlossTimelineLaneMode;

typedef struct {
  char   *key;       /* the label's or entity's id; "" for publications or for no entity */
  char   *name;      /* what the lane is called */
  char   *colour;    /* "#rrggbb": the label's, or NULL */
  GArray *events;    /* guint indices into the timeline's events, by date */
} GlossTimelineLane;

void gloss_timeline_lane_free (GlossTimelineLane *lane);

/* The lanes of @timeline in @mode: by label in the order of first appearance by label
 * name; by entity the busiest entity first (ties by name), the lane of events without
 * an entity last. (element-type GlossTimelineLane) */
GPtrArray     *gloss_timeline_lanes (const GlossTimeline  *timeline,
                                     GlossTimelineLaneMode mode);

G_END_DECLS

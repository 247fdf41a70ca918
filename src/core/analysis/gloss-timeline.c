/* gloss-timeline.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Four queries build a timeline whatever the size of the project: the documents with
 * a publication date, the values of date fields, the entities of each annotation, and
 * the live annotations in document order (whose quotes are scanned for dates, each
 * against its document's publication date).
 */
#define G_LOG_DOMAIN "gloss-timeline"

#include "config.h"

#include <string.h>

#include "gloss-store-private.h"
#include "gloss-timeline.h"

const char *
gloss_timeline_source_to_string (GlossTimelineSource source)
{
  switch (source)
    {
    case GLOSS_TIMELINE_PUBLICATION:
      return "publication";
    case GLOSS_TIMELINE_FIELD:
      return "field";
    case GLOSS_TIMELINE_TEXT:
    default:
      return "text";
    }
}

void
gloss_timeline_event_free (GlossTimelineEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->document_id);
  g_free (event->document_title);
  g_free (event->annotation_id);
  g_free (event->label_id);
  g_free (event->label_name);
  g_free (event->label_colour);
  g_free (event->field_name);
  g_free (event->expression);
  g_strfreev (event->entity_ids);
  g_strfreev (event->entities);
  g_free (event->title);
  g_free (event);
}

void
gloss_timeline_free (GlossTimeline *timeline)
{
  if (timeline == NULL)
    return;
  g_clear_pointer (&timeline->events, g_ptr_array_unref);
  g_free (timeline);
}

void
gloss_timeline_lane_free (GlossTimelineLane *lane)
{
  if (lane == NULL)
    return;
  g_free (lane->key);
  g_free (lane->name);
  g_free (lane->colour);
  g_clear_pointer (&lane->events, g_array_unref);
  g_free (lane);
}

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  const GlossTimelineEvent *x = *(GlossTimelineEvent * const *) a;
  const GlossTimelineEvent *y = *(GlossTimelineEvent * const *) b;
  int c;

  if (x->time != y->time)
    return x->time < y->time ? -1 : 1;
  if (x->date.granularity != y->date.granularity)
    return (int) x->date.granularity - (int) y->date.granularity;
  if ((c = g_strcmp0 (x->document_id, y->document_id)) != 0)
    return c;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->date_start != y->date_start)
    return x->date_start < y->date_start ? -1 : 1;
  if (x->source != y->source)
    return (int) x->source - (int) y->source;
  return g_strcmp0 (x->annotation_id, y->annotation_id);
}

GlossTimeline *
gloss_timeline_new_from_events (GPtrArray *events)
{
  GlossTimeline *timeline = g_new0 (GlossTimeline, 1);

  g_return_val_if_fail (events != NULL, NULL);

  timeline->events = events;
  g_ptr_array_sort (events, compare_events);
  for (guint i = 0; i < events->len; i++)
    {
      const GlossTimelineEvent *e = events->pdata[i];
      gint64 end = e->time + gloss_date_period (&e->date);

      if (i == 0 || e->time < timeline->min_time)
        timeline->min_time = e->time;
      if (i == 0 || end > timeline->max_time)
        timeline->max_time = end;
    }
  return timeline;
}

guint
gloss_timeline_lower_bound (const GlossTimeline *timeline,
                            gint64               time)
{
  guint lo = 0, hi = timeline->events->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (((GlossTimelineEvent *) timeline->events->pdata[mid])->time < time)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* ------------------------------------------------------------------------- */
/* Building                                                                   */

typedef struct {
  GPtrArray *ids;     /* char* */
  GPtrArray *names;   /* char* */
} EntityList;

static void
entity_list_free (EntityList *list)
{
  g_ptr_array_unref (list->ids);
  g_ptr_array_unref (list->names);
  g_free (list);
}

typedef struct {
  char *name;
  char *value;
} DateValue;

static void
date_value_free (DateValue *v)
{
  g_free (v->name);
  g_free (v->value);
  g_free (v);
}

static char **
strv_from_array (GPtrArray *array)
{
  char **v = g_new0 (char *, (array ? array->len : 0) + 1);

  for (guint i = 0; array != NULL && i < array->len; i++)
    v[i] = g_strdup (array->pdata[i]);
  return v;
}

static gboolean
add_publications (GlossStore  *store,
                  GPtrArray   *events,
                  GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = gloss_store_prepare (store,
      "SELECT id, title, published FROM documents WHERE deleted = 0 AND published IS NOT NULL ORDER BY pk",
      error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GlossTimelineEvent *e;
      GlossDate date;

      if (!gloss_date_parse_iso ((const char *) sqlite3_column_text (stmt, 2), &date))
        continue;
      e = g_new0 (GlossTimelineEvent, 1);
      e->date = date;
      e->time = gloss_date_to_unix (&date);
      e->source = GLOSS_TIMELINE_PUBLICATION;
      e->document_id = gloss_column_dup (stmt, 0);
      e->document_title = gloss_column_dup (stmt, 1);
      e->start = e->end = e->date_start = e->date_end = -1;
      e->expression = gloss_column_dup (stmt, 2);
      e->entity_ids = g_new0 (char *, 1);
      e->entities = g_new0 (char *, 1);
      e->title = g_strdup (e->document_title);
      g_ptr_array_add (events, e);
    }
  return gloss_store_finish_query (store, stmt, rc, "listing publication dates", error);
}

/* Annotation pk -> EntityList. */
static GHashTable *
load_entities (GlossStore  *store,
               GError     **error)
{
  g_autoptr(GHashTable) map = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                     (GDestroyNotify) entity_list_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = gloss_store_prepare (store,
      "SELECT x.ann, e.id, e.name FROM ("
      "  SELECT a.pk AS ann, a.entity AS ent FROM annotations a WHERE a.deleted = 0 AND a.entity IS NOT NULL"
      "  UNION SELECT a.pk, (SELECT e2.pk FROM entities e2 WHERE e2.id = v.value) FROM field_values v"
      "    JOIN label_fields f ON f.pk = v.field JOIN annotations a ON a.pk = v.annotation"
      "    WHERE f.type = ?1 AND f.deleted = 0 AND f.label = a.label AND a.deleted = 0 AND v.value IS NOT NULL"
      "  UNION SELECT r.source, t.entity FROM relations r JOIN annotations t ON t.pk = r.target"
      "    WHERE r.deleted = 0 AND t.deleted = 0 AND t.entity IS NOT NULL"
      "  UNION SELECT r.target, s.entity FROM relations r JOIN annotations s ON s.pk = r.source"
      "    WHERE r.deleted = 0 AND s.deleted = 0 AND s.entity IS NOT NULL"
      "  UNION SELECT r.source, (SELECT coalesce (e3.merged_into, e3.pk) FROM entities e3 WHERE e3.pk = r.target_entity)"
      "    FROM relations r WHERE r.deleted = 0 AND r.target_entity IS NOT NULL"
      ") x JOIN entities e ON e.pk = x.ent WHERE e.deleted = 0 ORDER BY x.ann, e.name, e.id",
      error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, GLOSS_FIELD_TYPE_ENTITY, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 ann = sqlite3_column_int64 (stmt, 0);
      EntityList *list = g_hash_table_lookup (map, &ann);

      if (list == NULL)
        {
          list = g_new0 (EntityList, 1);
          list->ids = g_ptr_array_new_with_free_func (g_free);
          list->names = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (map, g_memdup2 (&ann, sizeof ann), list);
        }
      g_ptr_array_add (list->ids, gloss_column_dup (stmt, 1));
      g_ptr_array_add (list->names, gloss_column_dup (stmt, 2));
    }
  if (!gloss_store_finish_query (store, stmt, rc, "listing the entities of annotations", error))
    return NULL;
  return g_steal_pointer (&map);
}

/* Annotation pk -> GPtrArray of DateValue (the live date fields of its label). */
static GHashTable *
load_date_values (GlossStore  *store,
                  GError     **error)
{
  g_autoptr(GHashTable) map = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                     (GDestroyNotify) g_ptr_array_unref);
  sqlite3_stmt *stmt;
  int rc;

  stmt = gloss_store_prepare (store,
      "SELECT a.pk, f.name, v.value FROM field_values v JOIN label_fields f ON f.pk = v.field "
      "JOIN annotations a ON a.pk = v.annotation "
      "WHERE f.type = ?1 AND f.deleted = 0 AND f.label = a.label AND a.deleted = 0 AND v.value IS NOT NULL "
      "ORDER BY a.pk, f.position, f.pk",
      error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, GLOSS_FIELD_TYPE_DATE, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 ann = sqlite3_column_int64 (stmt, 0);
      GPtrArray *list = g_hash_table_lookup (map, &ann);
      DateValue *v;

      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func ((GDestroyNotify) date_value_free);
          g_hash_table_insert (map, g_memdup2 (&ann, sizeof ann), list);
        }
      v = g_new0 (DateValue, 1);
      v->name = gloss_column_dup (stmt, 1);
      v->value = gloss_column_dup (stmt, 2);
      g_ptr_array_add (list, v);
    }
  if (!gloss_store_finish_query (store, stmt, rc, "listing date fields", error))
    return NULL;
  return g_steal_pointer (&map);
}

/* The columns of one annotation that each of its events copies. */
typedef struct {
  const char       *annotation_id;
  const char       *document_id;
  const char       *document_title;
  const char       *label_id;
  const char       *label_name;
  const char       *label_colour;
  const char       *quote;
  gint64            start;
  gint64            end;
  const EntityList *entities;
} AnnotationRow;

static GlossTimelineEvent *
annotation_event (const AnnotationRow *row,
                  const GlossDate     *date,
                  GlossTimelineSource  source)
{
  GlossTimelineEvent *e = g_new0 (GlossTimelineEvent, 1);

  e->date = *date;
  e->time = gloss_date_to_unix (date);
  e->source = source;
  e->document_id = g_strdup (row->document_id);
  e->document_title = g_strdup (row->document_title);
  e->annotation_id = g_strdup (row->annotation_id);
  e->start = row->start;
  e->end = row->end;
  e->date_start = e->date_end = -1;
  e->label_id = g_strdup (row->label_id);
  e->label_name = g_strdup (row->label_name);
  e->label_colour = g_strdup (row->label_colour);
  e->entity_ids = strv_from_array (row->entities ? row->entities->ids : NULL);
  e->entities = strv_from_array (row->entities ? row->entities->names : NULL);
  e->title = g_strdup (row->quote);
  return e;
}

static gboolean
add_annotations (GlossStore  *store,
                 GHashTable  *entities,
                 GHashTable  *date_values,
                 GPtrArray   *events,
                 GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 anchor_document = -1;
  GDate anchor;
  gboolean has_anchor = FALSE;
  int rc;

  stmt = gloss_store_prepare (store,
      "SELECT a.pk, a.id, d.pk, d.id, d.title, d.published, l.id, l.name, l.colour, a.span_start, a.span_end, a.quote "
      "FROM annotations a JOIN documents d ON d.pk = a.document JOIN labels l ON l.pk = a.label "
      "WHERE a.deleted = 0 AND d.deleted = 0 "
      "ORDER BY d.pk, a.span_start, a.span_end, a.pk",
      error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 pk = sqlite3_column_int64 (stmt, 0);
      gint64 document = sqlite3_column_int64 (stmt, 2);
      const char *quote = (const char *) sqlite3_column_text (stmt, 11);
      int quote_bytes = sqlite3_column_bytes (stmt, 11);
      GPtrArray *values = g_hash_table_lookup (date_values, &pk);
      g_autoptr(GArray) matches = NULL;
      AnnotationRow row;

      if (document != anchor_document)
        {
          GlossDate published;

          anchor_document = document;
          has_anchor = gloss_date_parse_iso ((const char *) sqlite3_column_text (stmt, 5), &published)
                       && published.granularity >= GLOSS_DATE_DAY;
          if (has_anchor)
            g_date_set_dmy (&anchor, published.day, published.month, published.year);
        }

      row.annotation_id = (const char *) sqlite3_column_text (stmt, 1);
      row.document_id = (const char *) sqlite3_column_text (stmt, 3);
      row.document_title = (const char *) sqlite3_column_text (stmt, 4);
      row.label_id = (const char *) sqlite3_column_text (stmt, 6);
      row.label_name = (const char *) sqlite3_column_text (stmt, 7);
      row.label_colour = (const char *) sqlite3_column_text (stmt, 8);
      row.start = sqlite3_column_int64 (stmt, 9);
      row.end = sqlite3_column_int64 (stmt, 10);
      row.quote = quote;
      row.entities = g_hash_table_lookup (entities, &pk);

      for (guint v = 0; values != NULL && v < values->len; v++)
        {
          const DateValue *value = values->pdata[v];
          GlossTimelineEvent *e;
          GlossDate date;

          /* Values are validated on the way in; a hand-edited file may still hold
           * something else, which then is no event. */
          if (!gloss_date_parse_iso (value->value, &date))
            continue;
          e = annotation_event (&row, &date, GLOSS_TIMELINE_FIELD);
          e->field_name = g_strdup (value->name);
          e->expression = g_strdup (value->value);
          g_ptr_array_add (events, e);
        }

      matches = gloss_dates_find (quote, quote_bytes, has_anchor ? &anchor : NULL);
      for (guint m = 0; m < matches->len; m++)
        {
          const GlossDateMatch *match = &g_array_index (matches, GlossDateMatch, m);
          const char *from = g_utf8_offset_to_pointer (quote, match->start);
          const char *to = g_utf8_offset_to_pointer (from, match->end - match->start);
          GlossTimelineEvent *e = annotation_event (&row, &match->date, GLOSS_TIMELINE_TEXT);

          e->date_start = row.start + match->start;
          e->date_end = row.start + match->end;
          e->expression = g_strndup (from, to - from);
          g_ptr_array_add (events, e);
        }
    }
  return gloss_store_finish_query (store, stmt, rc, "listing annotations for the timeline", error);
}

GlossTimeline *
gloss_timeline_build (GlossStore  *store,
                      GError     **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_timeline_event_free);
  g_autoptr(GHashTable) entities = NULL;
  g_autoptr(GHashTable) date_values = NULL;

  g_return_val_if_fail (GLOSS_IS_STORE (store), NULL);

  if (!add_publications (store, events, error))
    return NULL;
  if ((entities = load_entities (store, error)) == NULL)
    return NULL;
  if ((date_values = load_date_values (store, error)) == NULL)
    return NULL;
  if (!add_annotations (store, entities, date_values, events, error))
    return NULL;
  return gloss_timeline_new_from_events (g_steal_pointer (&events));
}

/* ------------------------------------------------------------------------- */
/* Lanes                                                                      */

static GlossTimelineLane *
lane_new (const char *key,
          const char *name,
          const char *colour)
{
  GlossTimelineLane *lane = g_new0 (GlossTimelineLane, 1);

  lane->key = g_strdup (key);
  lane->name = g_strdup (name);
  lane->colour = g_strdup (colour);
  lane->events = g_array_new (FALSE, FALSE, sizeof (guint));
  return lane;
}

static GlossTimelineLane *
lane_for (GHashTable *by_key,
          GPtrArray  *lanes,
          const char *key,
          const char *name,
          const char *colour)
{
  GlossTimelineLane *lane = g_hash_table_lookup (by_key, key);

  if (lane == NULL)
    {
      lane = lane_new (key, name, colour);
      g_hash_table_insert (by_key, lane->key, lane);
      g_ptr_array_add (lanes, lane);
    }
  return lane;
}

static int
compare_label_lanes (gconstpointer a,
                     gconstpointer b)
{
  const GlossTimelineLane *x = *(GlossTimelineLane * const *) a;
  const GlossTimelineLane *y = *(GlossTimelineLane * const *) b;
  int c;

  /* Publications (key "") first. */
  if ((*x->key == '\0') != (*y->key == '\0'))
    return *x->key == '\0' ? -1 : 1;
  if ((c = g_utf8_collate (x->name, y->name)) != 0)
    return c;
  return strcmp (x->key, y->key);
}

static int
compare_entity_lanes (gconstpointer a,
                      gconstpointer b)
{
  const GlossTimelineLane *x = *(GlossTimelineLane * const *) a;
  const GlossTimelineLane *y = *(GlossTimelineLane * const *) b;
  int c;

  /* No entity (key "") last. */
  if ((*x->key == '\0') != (*y->key == '\0'))
    return *x->key == '\0' ? 1 : -1;
  if (x->events->len != y->events->len)
    return x->events->len > y->events->len ? -1 : 1;
  if ((c = g_utf8_collate (x->name, y->name)) != 0)
    return c;
  return strcmp (x->key, y->key);
}

GPtrArray *
gloss_timeline_lanes (const GlossTimeline  *timeline,
                      GlossTimelineLaneMode mode)
{
  GPtrArray *lanes = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_timeline_lane_free);
  g_autoptr(GHashTable) by_key = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (timeline != NULL, lanes);

  for (guint i = 0; i < timeline->events->len; i++)
    {
      const GlossTimelineEvent *e = timeline->events->pdata[i];
      GlossTimelineLane *lane;

      if (mode == GLOSS_TIMELINE_LANES_LABEL)
        {
          if (e->label_id == NULL)
            lane = lane_for (by_key, lanes, "", "Publications", NULL);
          else
            lane = lane_for (by_key, lanes, e->label_id, e->label_name, e->label_colour);
          g_array_append_val (lane->events, i);
          continue;
        }
      if (e->entity_ids[0] == NULL)
        {
          lane = lane_for (by_key, lanes, "", "No entity", NULL);
          g_array_append_val (lane->events, i);
          continue;
        }
      for (guint k = 0; e->entity_ids[k] != NULL; k++)
        {
          lane = lane_for (by_key, lanes, e->entity_ids[k], e->entities[k], NULL);
          /* An entity named twice for one annotation (mentioned and related) is one mark. */
          if (lane->events->len > 0 && g_array_index (lane->events, guint, lane->events->len - 1) == i)
            continue;
          g_array_append_val (lane->events, i);
        }
    }
  g_ptr_array_sort (lanes, mode == GLOSS_TIMELINE_LANES_LABEL ? compare_label_lanes : compare_entity_lanes);
  return lanes;
}

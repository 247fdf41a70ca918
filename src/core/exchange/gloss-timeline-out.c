/* gloss-timeline-out.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-timeline"

#include "config.h"

#include <string.h>

#include "gloss-csv.h"
#include "gloss-file.h"
#include "gloss-json-writer.h"
#include "gloss-timeline-out.h"

gboolean
gloss_timeline_format_from_string (const char          *name,
                                   GlossTimelineFormat *format)
{
  if (g_strcmp0 (name, "csv") == 0)
    *format = GLOSS_TIMELINE_FORMAT_CSV;
  else if (g_strcmp0 (name, "json") == 0)
    *format = GLOSS_TIMELINE_FORMAT_JSON;
  else
    return FALSE;
  return TRUE;
}

/* ------------------------------------------------------------------------- */
/* CSV                                                                        */

static void
csv_offset (GString *s,
            gint64   value)
{
  g_string_append_c (s, ',');
  if (value >= 0)
    g_string_append_printf (s, "%" G_GINT64_FORMAT, value);
}

static void
csv_event (GString                  *s,
           const GlossTimelineEvent *e)
{
  g_autofree char *date = gloss_date_format (&e->date);
  g_autofree char *entities = g_strjoinv ("; ", e->entities);

  gloss_csv_append_field (s, date, TRUE, TRUE);
  gloss_csv_append_field (s, gloss_date_granularity_to_string (e->date.granularity), FALSE, TRUE);
  gloss_csv_append_field (s, gloss_timeline_source_to_string (e->source), FALSE, TRUE);
  gloss_csv_append_field (s, e->document_id, FALSE, TRUE);
  gloss_csv_append_field (s, e->document_title, FALSE, TRUE);
  gloss_csv_append_field (s, e->annotation_id, FALSE, TRUE);
  csv_offset (s, e->start);
  csv_offset (s, e->end);
  csv_offset (s, e->date_start);
  csv_offset (s, e->date_end);
  gloss_csv_append_field (s, e->label_name, FALSE, TRUE);
  gloss_csv_append_field (s, e->field_name, FALSE, TRUE);
  gloss_csv_append_field (s, e->expression, FALSE, TRUE);
  gloss_csv_append_field (s, entities, FALSE, TRUE);
  gloss_csv_append_field (s, e->title, FALSE, TRUE);
  g_string_append (s, "\r\n");
}

static gboolean
write_csv (const GlossTimeline *timeline,
           GOutputStream       *stream,
           GCancellable        *cancellable,
           GError             **error)
{
  g_autoptr(GString) s = g_string_sized_new (64 * 1024);

  g_string_append (s, GLOSS_TIMELINE_CSV_HEADER "\r\n");
  for (guint i = 0; i < timeline->events->len; i++)
    {
      csv_event (s, timeline->events->pdata[i]);
      if (s->len >= 60 * 1024)
        {
          if (!g_output_stream_write_all (stream, s->str, s->len, NULL, cancellable, error))
            return FALSE;
          g_string_truncate (s, 0);
        }
    }
  if (!g_output_stream_write_all (stream, s->str, s->len, NULL, cancellable, error))
    return FALSE;
  return g_output_stream_flush (stream, cancellable, error);
}

/* ------------------------------------------------------------------------- */
/* JSON                                                                       */

static void
json_offset (GlossJsonWriter *w,
             const char      *key,
             gint64           value)
{
  gloss_json_writer_key (w, key);
  if (value >= 0)
    gloss_json_writer_int (w, value);
  else
    gloss_json_writer_null (w);
}

static gboolean
write_json (const GlossTimeline *timeline,
            GOutputStream       *stream,
            GCancellable        *cancellable,
            GError             **error)
{
  g_autoptr(GlossJsonWriter) w = gloss_json_writer_new (stream);

  gloss_json_writer_begin_object (w);
  gloss_json_writer_member_string (w, "format", "gloss-timeline");
  gloss_json_writer_member_int (w, "version", 1);
  gloss_json_writer_key (w, "events");
  gloss_json_writer_begin_array (w);
  for (guint i = 0; i < timeline->events->len; i++)
    {
      const GlossTimelineEvent *e = timeline->events->pdata[i];
      g_autofree char *date = gloss_date_format (&e->date);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      gloss_json_writer_begin_object (w);
      gloss_json_writer_member_string (w, "date", date);
      gloss_json_writer_member_string (w, "granularity", gloss_date_granularity_to_string (e->date.granularity));
      gloss_json_writer_member_string (w, "source", gloss_timeline_source_to_string (e->source));
      gloss_json_writer_member_string (w, "document_id", e->document_id);
      gloss_json_writer_member_string (w, "document_title", e->document_title);
      gloss_json_writer_member_string (w, "annotation_id", e->annotation_id);
      json_offset (w, "start", e->start);
      json_offset (w, "end", e->end);
      json_offset (w, "date_start", e->date_start);
      json_offset (w, "date_end", e->date_end);
      gloss_json_writer_member_string (w, "label_id", e->label_id);
      gloss_json_writer_member_string (w, "label", e->label_name);
      gloss_json_writer_member_string (w, "field", e->field_name);
      gloss_json_writer_member_string (w, "expression", e->expression);
      gloss_json_writer_key (w, "entities");
      gloss_json_writer_begin_array (w);
      for (guint k = 0; e->entity_ids[k] != NULL; k++)
        {
          gloss_json_writer_begin_object (w);
          gloss_json_writer_member_string (w, "id", e->entity_ids[k]);
          gloss_json_writer_member_string (w, "name", e->entities[k]);
          gloss_json_writer_end_object (w);
        }
      gloss_json_writer_end_array (w);
      gloss_json_writer_member_string (w, "title", e->title);
      gloss_json_writer_end_object (w);
    }
  gloss_json_writer_end_array (w);
  gloss_json_writer_end_object (w);
  return gloss_json_writer_finish (w, cancellable, error);
}

gboolean
gloss_timeline_write (const GlossTimeline *timeline,
                      GlossTimelineFormat  format,
                      GOutputStream       *stream,
                      GCancellable        *cancellable,
                      GError             **error)
{
  g_return_val_if_fail (timeline != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  if (format == GLOSS_TIMELINE_FORMAT_CSV)
    return write_csv (timeline, stream, cancellable, error);
  return write_json (timeline, stream, cancellable, error);
}

typedef struct {
  const GlossTimeline *timeline;
  GlossTimelineFormat  format;
} TimelineOut;

static gboolean
write_out_cb (GOutputStream *stream,
              gpointer       user_data,
              GCancellable  *cancellable,
              GError       **error)
{
  const TimelineOut *out = user_data;

  return gloss_timeline_write (out->timeline, out->format, stream, cancellable, error);
}

gboolean
gloss_timeline_export (const GlossTimeline *timeline,
                       GlossTimelineFormat  format,
                       const char          *path,
                       GCancellable        *cancellable,
                       GError             **error)
{
  TimelineOut out = { timeline, format };

  return gloss_atomic_file_write (path, write_out_cb, &out, cancellable, error);
}

/* gloss-cli-timeline.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `gloss-cli timeline`: the project's events by date (publication dates, date fields,
 * dates written in annotated spans) as CSV or JSON, on standard output or to a file.
 */
#define G_LOG_DOMAIN "gloss-cli"

#include "config.h"

#include "gloss-cli-common.h"
#include "gloss-store.h"
#include "gloss-timeline-out.h"
#include "gloss-timeline.h"

int gloss_cli_timeline (int argc, char **argv);

typedef struct {
  const GlossTimeline *timeline;
  GlossTimelineFormat  format;
} TimelineOut;

static gboolean
write_timeline_cb (GOutputStream *stream,
                   gpointer       user_data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  const TimelineOut *out = user_data;

  return gloss_timeline_write (out->timeline, out->format, stream, cancellable, error);
}

int
gloss_cli_timeline (int    argc,
                    char **argv)
{
  g_autofree char *format_name = NULL;
  g_autofree char *output = NULL;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name, "csv (the default) or json", "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "write to FILE instead of standard output", "FILE" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("timeline PROJECT");
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GlossTimeline) timeline = NULL;
  GlossTimelineFormat format = GLOSS_TIMELINE_FORMAT_CSV;
  GError *error = NULL;
  int status;

  g_option_context_set_summary (context,
      "The project's events by date: documents' publication dates (source \"publication\"), date fields "
      "on annotations (\"field\") and dates written in annotated spans (\"text\"; \"last Tuesday\" is "
      "resolved against the document's publication date). One row per event, by date, with its document, "
      "annotation, span, label and entities.");
  if (!gloss_cli_parse_one_project (context, entries, "timeline", &argc, &argv, &status))
    return status;
  if (format_name != NULL && !gloss_timeline_format_from_string (format_name, &format))
    return gloss_cli_usage_error (context, "--format must be csv or json");

  store = gloss_store_open (argv[1], GLOSS_STORE_OPEN_ALLOW_READ_ONLY, &error);
  if (store == NULL)
    return gloss_cli_fail (error);
  timeline = gloss_timeline_build (store, &error);
  if (timeline == NULL)
    return gloss_cli_fail (error);

  {
    TimelineOut out = { timeline, format };

    if (!gloss_cli_write_output (output, write_timeline_cb, &out, &error))
      return gloss_cli_fail (error);
  }
  return 0;
}

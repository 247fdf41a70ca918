/* gloss-cli-merge.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gloss-cli commands for team work on copies of a project: `merge` brings other copies
 * (projects or Gloss JSON exports) into a project and prints the report, `history`
 * lists the recorded changes of a row, `restore` brings back an earlier version.
 */
#define G_LOG_DOMAIN "gloss-cli"

#include "config.h"

#include <stdio.h>
#include <glib.h>

#include "gloss-history.h"
#include "gloss-merge.h"
#include "gloss-store.h"

#define EXIT_USAGE 2

int gloss_cli_merge   (int argc, char **argv);
int gloss_cli_history (int argc, char **argv);
int gloss_cli_restore (int argc, char **argv);

static int
merge_usage_error (GOptionContext *context,
                   const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("gloss-cli: %s\n\n%s", message, help);
  return EXIT_USAGE;
}

static int
merge_fail (const GError *error)
{
  g_printerr ("gloss-cli: %s\n", error->message);
  return 1;
}

/* Tabs, newlines and backslashes inside a field, as the other commands write them. */
static void
print_field (GString    *out,
             const char *text)
{
  for (const char *p = text ? text : ""; *p; p++)
    {
      if (*p == '\t')
        g_string_append (out, "\\t");
      else if (*p == '\n')
        g_string_append (out, "\\n");
      else if (*p == '\\')
        g_string_append (out, "\\\\");
      else
        g_string_append_c (out, *p);
    }
}

int
gloss_cli_merge (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("merge PROJECT OTHER...");
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the report as JSON", NULL },
    { NULL }
  };

  g_option_context_set_summary (context,
      "Merge the copies OTHER (Gloss projects, never changed, or Gloss JSON exports) into PROJECT, each in\n"
      "one transaction. Rows are matched by id, documents also by their text, labels by name and kind,\n"
      "entities by type and name. For a row changed in both, the later change wins; the other version\n"
      "is kept in the history (see `gloss-cli history` and `gloss-cli restore`). Prints, for each OTHER,\n"
      "a summary line and one line per row added, updated, deleted, matched by content or in conflict:\n"
      "\"<what>\\t<table>\\t<id>\\t<detail>\".");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return merge_usage_error (context, error->message);
  if (argc < 3)
    return merge_usage_error (context, "merge takes a PROJECT and at least one OTHER");

  store = gloss_store_open (argv[1], GLOSS_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    return merge_fail (error);
  for (int i = 2; i < argc; i++)
    {
      g_autoptr(GlossMergeReport) report = gloss_merge_report_new ();
      g_autofree char *text = NULL;

      if (!gloss_merge (store, argv[i], report, &error))
        {
          g_prefix_error (&error, "merging %s: ", argv[i]);
          return merge_fail (error);
        }
      text = json ? gloss_merge_report_to_json (report) : gloss_merge_report_to_text (report);
      if (argc > 3 && !json)
        g_print ("%s\n", argv[i]);
      g_print ("%s%s", text, json ? "\n" : "");
    }
  return 0;
}

int
gloss_cli_history (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("history PROJECT ID");
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean full = FALSE;
  GOptionEntry entries[] = {
    { "versions", 0, 0, G_OPTION_ARG_NONE, &full, "Also print the row before and after each change (JSON)", NULL },
    { NULL }
  };

  g_option_context_set_summary (context,
      "The recorded changes of a document (with its annotations), an annotation (with its field values),\n"
      "or any other row, newest first: \"<history-id>\\t<when>\\t<who>\\t<action>\\t<table>\\t<row id>\\t<members changed>\"\n"
      "(with --versions, two more columns: the row before and after, as JSON).");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return merge_usage_error (context, error->message);
  if (argc != 3)
    return merge_usage_error (context, "history takes a PROJECT and an ID");

  store = gloss_store_open (argv[1], GLOSS_STORE_OPEN_ALLOW_READ_ONLY, &error);
  if (store == NULL)
    return merge_fail (error);
  list = gloss_store_list_history (store, argv[2], &error);
  if (list == NULL)
    return merge_fail (error);
  for (guint i = 0; i < list->len; i++)
    {
      GlossHistoryEntry *e = list->pdata[i];
      g_autofree char *describe = gloss_history_entry_changed_members (e);
      g_autofree char *row = e->sub_id ? g_strdup_printf ("%s/%s", e->row_id, e->sub_id) : g_strdup (e->row_id);

      g_string_append_printf (out, "%" G_GINT64_FORMAT "\t", e->id);
      print_field (out, e->at);
      g_string_append_c (out, '\t');
      print_field (out, e->who);
      g_string_append_printf (out, "\t%s\t%s\t", e->action, e->table);
      print_field (out, row);
      g_string_append_c (out, '\t');
      print_field (out, describe);
      if (full)
        {
          g_string_append_c (out, '\t');
          print_field (out, e->before ? e->before : "null");
          g_string_append_c (out, '\t');
          print_field (out, e->after ? e->after : "null");
        }
      g_string_append_c (out, '\n');
    }
  fputs (out->str, stdout);
  return 0;
}

int
gloss_cli_restore (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("restore PROJECT HISTORY-ID");
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  g_option_context_set_summary (context,
      "Bring a row back to the version it had before the change HISTORY-ID (from `gloss-cli history`);\n"
      "for a change made by a merge, that is the version that lost. The restore is recorded too.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return merge_usage_error (context, error->message);
  if (argc != 3)
    return merge_usage_error (context, "restore takes a PROJECT and a HISTORY-ID");
  if (!g_ascii_string_to_signed (argv[2], 10, 1, G_MAXINT64, &id, NULL))
    return merge_usage_error (context, "HISTORY-ID is the number of a history entry");

  store = gloss_store_open (argv[1], GLOSS_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    return merge_fail (error);
  if (!gloss_store_restore_version (store, id, &error))
    return merge_fail (error);
  return 0;
}

/* gloss-cli-merge.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gloss-cli commands for team work on copies of a project: `merge` brings other copies
 * (projects or Gloss JSON exports) into a project and prints the report, `history`
 * lists the recorded changes of a row, `restore` brings back an earlier version,
 * `conflicts` lists what merges left for a person to settle and `resolve` settles one.
 */
#define G_LOG_DOMAIN "gloss-cli"

#include "config.h"

#include <stdio.h>
#include <glib.h>

#include <json-glib/json-glib.h>

#include "gloss-conflict-text.h"
#include "gloss-conflicts.h"
#include "gloss-history.h"
#include "gloss-merge.h"
#include "gloss-session.h"
#include "gloss-store.h"

#define EXIT_USAGE 2

int gloss_cli_merge   (int argc, char **argv);
int gloss_cli_history (int argc, char **argv);
int gloss_cli_restore (int argc, char **argv);
int gloss_cli_conflicts (int argc, char **argv);
int gloss_cli_resolve (int argc, char **argv);

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
      "entities by type and name. A row changed in both is merged field by field against the version\n"
      "both copies share; a field both changed is a conflict, kept for `gloss-cli conflicts` and\n"
      "`gloss-cli resolve` (both versions are in the history: `gloss-cli history`, `restore`). Prints,\n"
      "for each OTHER, a summary line and one line per conflict, then per row added, updated, deleted,\n"
      "matched by content: \"<what>\\t<table>\\t<id>\\t<detail>\".");
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

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

int
gloss_cli_conflicts (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("conflicts PROJECT");
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *annotation = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "annotation", 0, 0, G_OPTION_ARG_STRING, &annotation, "Only the conflicts of this annotation", "ID" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON: a list of objects with the values as JSON", NULL },
    { NULL }
  };

  g_option_context_set_summary (context,
      "The conflicts merges kept: fields both copies changed to different values since their common\n"
      "version. One line each: \"<conflict-id>\\t<field>\\t<row>\\t<here>\\t<there>\\t<before>\\t<kept>\"\n"
      "(rows and values by name). Settle one with `gloss-cli resolve`.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return merge_usage_error (context, error->message);
  if (argc != 2)
    return merge_usage_error (context, "conflicts takes a PROJECT");

  store = gloss_store_open (argv[1], GLOSS_STORE_OPEN_ALLOW_READ_ONLY, &error);
  if (store == NULL)
    return merge_fail (error);
  list = gloss_store_list_conflicts (store, annotation, &error);
  if (list == NULL)
    return merge_fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_array (b);
      for (guint i = 0; i < list->len; i++)
        {
          GlossConflict *c = list->pdata[i];
          g_autofree char *row = gloss_conflict_row_title (store, c);
          g_autofree char *field = gloss_conflict_field_title (store, c);
          static const char * const values[] = { "base", "mine", "theirs" };
          const char *texts[] = { c->base, c->mine, c->theirs };

          json_builder_begin_object (b);
          add_string (b, "id", c->id);
          add_string (b, "table", c->table);
          add_string (b, "row_id", c->row_id);
          add_string (b, "sub_id", c->sub_id);
          add_string (b, "document_id", c->document_id);
          add_string (b, "field", c->field);
          add_string (b, "row_title", row);
          add_string (b, "field_title", field);
          for (guint v = 0; v < G_N_ELEMENTS (values); v++)
            {
              g_autoptr(JsonNode) node = texts[v] ? json_from_string (texts[v], NULL) : NULL;
              g_autofree char *shown = texts[v] ? gloss_conflict_value_text (store, c, texts[v]) : NULL;
              g_autofree char *name = g_strconcat (values[v], "_text", NULL);

              json_builder_set_member_name (b, values[v]);
              json_builder_add_value (b, node ? g_steal_pointer (&node) : json_node_new (JSON_NODE_NULL));
              add_string (b, name, shown);
            }
          add_string (b, "kept", c->kept);
          add_string (b, "mine_who", c->mine_who);
          add_string (b, "mine_at", c->mine_at);
          add_string (b, "theirs_who", c->theirs_who);
          add_string (b, "theirs_at", c->theirs_at);
          add_string (b, "other_copy", c->other_copy);
          add_string (b, "created", c->created);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      json_generator_set_root (gen, root);
      json_generator_set_pretty (gen, TRUE);
      text = json_generator_to_data (gen, NULL);
      g_print ("%s\n", text);
      return 0;
    }

  for (guint i = 0; i < list->len; i++)
    {
      GlossConflict *c = list->pdata[i];
      g_autofree char *row = gloss_conflict_row_title (store, c);
      g_autofree char *field = gloss_conflict_field_title (store, c);
      g_autofree char *mine = gloss_conflict_value_text (store, c, c->mine);
      g_autofree char *theirs = gloss_conflict_value_text (store, c, c->theirs);
      g_autofree char *base = c->base ? gloss_conflict_value_text (store, c, c->base) : NULL;

      g_string_append_printf (out, "%s\t", c->id);
      print_field (out, field);
      g_string_append_c (out, '\t');
      print_field (out, row);
      g_string_append_c (out, '\t');
      print_field (out, mine);
      g_string_append_c (out, '\t');
      print_field (out, theirs);
      g_string_append_c (out, '\t');
      print_field (out, base ? base : "(no common version)");
      g_string_append_printf (out, "\t%s\n", c->kept);
    }
  fputs (out->str, stdout);
  return 0;
}

int
gloss_cli_resolve (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("resolve PROJECT CONFLICT-ID");
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GlossSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  gboolean mine = FALSE, theirs = FALSE, base = FALSE;
  GlossConflictChoice choice;
  GOptionEntry entries[] = {
    { "mine", 0, 0, G_OPTION_ARG_NONE, &mine, "Keep this project's value", NULL },
    { "theirs", 0, 0, G_OPTION_ARG_NONE, &theirs, "Take the other copy's value", NULL },
    { "base", 0, 0, G_OPTION_ARG_NONE, &base, "Go back to the value both had before", NULL },
    { "value", 0, 0, G_OPTION_ARG_STRING, &value, "Set this value (a span as START-END, a label or entity by name)", "V" },
    { NULL }
  };

  g_option_context_set_summary (context,
      "Settle a conflict of `gloss-cli conflicts`: the field takes the chosen value and the conflict goes.\n"
      "Recorded in the history as \"resolve\".");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return merge_usage_error (context, error->message);
  if (argc != 3)
    return merge_usage_error (context, "resolve takes a PROJECT and a CONFLICT-ID");
  if ((mine ? 1 : 0) + (theirs ? 1 : 0) + (base ? 1 : 0) + (value ? 1 : 0) != 1)
    return merge_usage_error (context, "resolve takes one of --mine, --theirs, --base or --value V");
  choice = mine ? GLOSS_CONFLICT_MINE : theirs ? GLOSS_CONFLICT_THEIRS : base ? GLOSS_CONFLICT_BASE
                                                                          : GLOSS_CONFLICT_EDITED;

  store = gloss_store_open (argv[1], GLOSS_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    return merge_fail (error);
  session = gloss_session_new (store, NULL);
  if (!gloss_session_resolve_conflict (session, argv[2], choice, value, &error))
    return merge_fail (error);
  return 0;
}

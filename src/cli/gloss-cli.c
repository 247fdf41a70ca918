/* gloss-cli.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gloss-cli: the jobs of the Gloss workbench for scripts. Exit status 0 on success,
 * 1 with "gloss-cli: <message>" on stderr when the work fails, 2 on a usage error.
 */
#define G_LOG_DOMAIN "gloss-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <gio/gunixoutputstream.h>

#include "gloss-exchange.h"
#include "gloss-import.h"
#include "gloss-json.h"
#include "gloss-scope.h"
#include "gloss-store.h"

#define EXIT_USAGE 2

typedef int (*CommandFunc) (int argc, char **argv);

typedef struct {
  const char  *name;
  const char  *args;
  const char  *summary;
  CommandFunc  func;
} Command;

static int fail (GError *error);

static int
usage_error (GOptionContext *context,
             const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("gloss-cli: %s\n\n%s", message, help);
  return EXIT_USAGE;
}

static int
fail (GError *error)
{
  g_printerr ("gloss-cli: %s\n", error->message);
  g_error_free (error);
  return 1;
}

/* Tab-separated output: a tab, newline or backslash inside a field is escaped so that
 * each record stays one line with a fixed number of fields. */
static char *
field (const char *value)
{
  GString *out;

  if (value == NULL)
    return g_strdup ("");
  out = g_string_sized_new (strlen (value));
  for (const char *p = value; *p; p++)
    {
      switch (*p)
        {
        case '\t': g_string_append (out, "\\t"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\\': g_string_append (out, "\\\\"); break;
        default: g_string_append_c (out, *p);
        }
    }
  return g_string_free (out, FALSE);
}

static GOptionContext *
command_context (const char *name,
                 const char *args,
                 const char *summary)
{
  g_autofree char *param = g_strdup_printf ("%s %s", name, args);
  GOptionContext *context = g_option_context_new (param);

  g_option_context_set_summary (context, summary);
  g_option_context_set_help_enabled (context, TRUE);
  return context;
}

static gboolean
parse (GOptionContext *context,
       GOptionEntry   *entries,
       int            *argc,
       char         ***argv,
       int            *status)
{
  g_autoptr(GError) error = NULL;

  if (entries)
    g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = usage_error (context, error->message);
      return FALSE;
    }
  return TRUE;
}

static GlossStore *
open_project (const char *path,
              gboolean    write)
{
  GError *error = NULL;
  GlossStore *store = gloss_store_open (path, write ? GLOSS_STORE_OPEN_DEFAULT : GLOSS_STORE_OPEN_ALLOW_READ_ONLY,
                                        &error);

  if (store == NULL)
    fail (error);
  return store;
}

static const char *
default_annotator (void)
{
  const char *name = g_getenv ("GLOSS_ANNOTATOR");

  if (name && *name)
    return name;
  name = g_get_real_name ();
  if (name && *name && g_strcmp0 (name, "Unknown") != 0)
    return name;
  return g_get_user_name ();
}

/* ------------------------------------------------------------------------- */

static int
cmd_init (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = command_context ("init", "PROJECT", "Create a new, empty Gloss project file.");
  g_autofree char *name = NULL;
  gboolean empty = FALSE;
  g_autoptr(GlossStore) store = NULL;
  GError *error = NULL;
  int status = 0;
  GOptionEntry entries[] = {
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name, "Project name (default: the file name)", "NAME" },
    { "empty", 0, 0, G_OPTION_ARG_NONE, &empty, "No default codebook", NULL },
    { NULL }
  };

  if (!parse (context, entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, "init takes one PROJECT");

  store = gloss_store_create (argv[1], name, empty ? GLOSS_STORE_CREATE_NO_CODEBOOK : 0, &error);
  if (store == NULL)
    return fail (error);
  return 0;
}

static int
cmd_import (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = command_context ("import", "PROJECT FILE…",
      "Import articles (.txt .md .html) and annotation files: Gloss JSON, W3C Web Annotation JSON, JSON Lines "
      "(doccano), brat folders or zips, each recognised by its content. Prints \"<doc-id>\\t<title>\" for each "
      "new document; notes (re-anchored or unanchored annotations, matches by content) go to stderr. All files "
      "go in one transaction: if one fails, none is imported.");
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_document_free);
  GError *error = NULL;
  int status = 0;

  if (!parse (context, NULL, &argc, &argv, &status))
    return status;
  if (argc < 3)
    return usage_error (context, "import takes a PROJECT and at least one FILE");

  store = open_project (argv[1], TRUE);
  if (store == NULL)
    return 1;
  if (!gloss_store_begin (store, &error))
    return fail (error);

  for (int i = 2; i < argc; i++)
    {
      const char *path = argv[i];
      g_autofree char *base = g_path_get_basename (path);

      GlossFormat format = gloss_exchange_sniff (path);

      if (format == GLOSS_FORMAT_UNKNOWN)
        {
          gloss_store_rollback (store);
          g_printerr ("gloss-cli: %s: a folder without brat .ann files; nothing to import\n", path);
          return 1;
        }
      if (format != GLOSS_FORMAT_ARTICLE)
        {
          g_autoptr(GlossImportReport) report = gloss_import_report_new ();

          if (!gloss_exchange_import (store, path, format, report, &error))
            {
              gloss_store_rollback (store);
              g_prefix_error (&error, "%s (%s): ", base, gloss_format_title (format));
              return fail (error);
            }
          for (guint j = 0; j < report->notes->len; j++)
            g_printerr ("gloss-cli: note: %s\n", (char *) report->notes->pdata[j]);
          for (guint j = 0; j < report->new_documents->len; j++)
            g_ptr_array_add (added, gloss_document_copy (report->new_documents->pdata[j]));
          g_printerr ("gloss-cli: %s (%s): %u documents, %u labels, %u annotations added; "
                      "%u annotations were already present\n", base, gloss_format_title (format),
                      report->documents_added, report->labels_added, report->annotations_added,
                      report->annotations_present);
        }
      else
        {
          g_autoptr(GlossImportedText) text = gloss_import_read_file (path, &error);
          g_autoptr(GlossDocument) doc = NULL;

          if (text == NULL)
            {
              gloss_store_rollback (store);
              return fail (error);
            }
          if (text->warning)
            g_printerr ("gloss-cli: note: %s: %s\n", base, text->warning);
          doc = gloss_store_add_document (store, text->title, text->text, path, text->format, NULL, &error);
          if (doc == NULL)
            {
              if (g_error_matches (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE))
                {
                  g_printerr ("gloss-cli: %s was not imported again: %s\n", base, error->message);
                  g_clear_error (&error);
                  continue;
                }
              gloss_store_rollback (store);
              g_prefix_error (&error, "%s: ", base);
              return fail (error);
            }
          g_ptr_array_add (added, g_steal_pointer (&doc));
        }
    }

  if (!gloss_store_commit (store, &error))
    return fail (error);
  for (guint i = 0; i < added->len; i++)
    {
      GlossDocument *doc = added->pdata[i];
      g_autofree char *title = field (doc->title);
      g_print ("%s\t%s\n", doc->id, title);
    }
  return 0;
}

static int
cmd_documents (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = command_context ("documents", "PROJECT",
      "List documents: \"<id>\\t<title>\\t<characters>\\t<annotations>\".");
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  GError *error = NULL;
  int status = 0;

  if (!parse (context, NULL, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, "documents takes one PROJECT");
  if ((store = open_project (argv[1], FALSE)) == NULL)
    return 1;
  if ((docs = gloss_store_list_documents (store, &error)) == NULL)
    return fail (error);
  for (guint i = 0; i < docs->len; i++)
    {
      GlossDocument *doc = docs->pdata[i];
      g_autofree char *title = field (doc->title);

      g_print ("%s\t%s\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\n", doc->id, title, doc->length, doc->n_annotations);
    }
  return 0;
}

static int
cmd_labels (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = command_context ("labels", "PROJECT",
      "List the codebook: \"<id>\\t<name>\\t<kind>\\t<colour>\\t<shortcut>\".");
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  GError *error = NULL;
  int status = 0;

  if (!parse (context, NULL, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, "labels takes one PROJECT");
  if ((store = open_project (argv[1], FALSE)) == NULL)
    return 1;
  if ((labels = gloss_store_list_labels (store, &error)) == NULL)
    return fail (error);
  for (guint i = 0; i < labels->len; i++)
    {
      GlossLabel *label = labels->pdata[i];
      g_autofree char *name = field (label->name);

      g_print ("%s\t%s\t%s\t%s\t%s\n", label->id, name, label->kind, label->colour,
               label->shortcut ? label->shortcut : "");
    }
  return 0;
}

static int
cmd_label_add (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = command_context ("label-add", "PROJECT NAME",
      "Add a label to the codebook. Prints its id.");
  g_autofree char *kind = NULL;
  g_autofree char *colour = NULL;
  g_autofree char *shortcut = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GlossLabel) label = NULL;
  GError *error = NULL;
  int status = 0;
  GOptionEntry entries[] = {
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &kind, "tag (default), entity, claim or risk", "KIND" },
    { "colour", 'c', 0, G_OPTION_ARG_STRING, &colour, "Colour as #RRGGBB", "COLOUR" },
    { "color", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &colour, NULL, NULL },
    { "shortcut", 's', 0, G_OPTION_ARG_STRING, &shortcut, "Shortcut key (one character)", "KEY" },
    { "description", 'd', 0, G_OPTION_ARG_STRING, &description, "What the label is for", "TEXT" },
    { NULL }
  };

  if (!parse (context, entries, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return usage_error (context, "label-add takes a PROJECT and a NAME");
  if ((store = open_project (argv[1], TRUE)) == NULL)
    return 1;
  label = gloss_store_add_label (store, argv[2], kind, colour, shortcut, description, &error);
  if (label == NULL)
    return fail (error);
  g_print ("%s\n", label->id);
  return 0;
}

static gboolean
parse_offset (const char *text,
              gint64     *value)
{
  return text != NULL && g_ascii_string_to_signed (text, 10, 0, G_MAXINT64, value, NULL);
}

static int
cmd_annotate (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = command_context ("annotate", "PROJECT",
      "Annotate [START, END) of a document (offsets in Unicode code points). Prints the annotation id.");
  g_autofree char *document = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *end_text = NULL;
  g_autofree char *label_name = NULL;
  g_autofree char *note = NULL;
  g_autofree char *annotator = NULL;
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GlossLabel) label = NULL;
  g_autoptr(GlossAnnotation) a = NULL;
  GError *error = NULL;
  gint64 start, end;
  int status = 0;
  GOptionEntry entries[] = {
    { "document", 'd', 0, G_OPTION_ARG_STRING, &document, "Document id", "ID" },
    { "start", 's', 0, G_OPTION_ARG_STRING, &start_text, "First code point", "N" },
    { "end", 'e', 0, G_OPTION_ARG_STRING, &end_text, "Code point after the last", "N" },
    { "label", 'l', 0, G_OPTION_ARG_STRING, &label_name, "Label name", "NAME" },
    { "note", 'n', 0, G_OPTION_ARG_STRING, &note, "A note", "TEXT" },
    { "annotator", 'a', 0, G_OPTION_ARG_STRING, &annotator, "Who annotates (default: $GLOSS_ANNOTATOR or your name)", "NAME" },
    { NULL }
  };

  if (!parse (context, entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, "annotate takes one PROJECT");
  if (document == NULL || start_text == NULL || end_text == NULL || label_name == NULL)
    return usage_error (context, "annotate needs --document, --start, --end and --label");
  if (!parse_offset (start_text, &start) || !parse_offset (end_text, &end))
    return usage_error (context, "--start and --end must be whole numbers from 0");

  if ((store = open_project (argv[1], TRUE)) == NULL)
    return 1;
  label = gloss_store_find_label_by_name (store, label_name, &error);
  if (label == NULL)
    return fail (error);
  a = gloss_store_add_annotation (store, document, label->id, start, end, note,
                                  annotator ? annotator : default_annotator (), &error);
  if (a == NULL)
    return fail (error);
  g_print ("%s\n", a->id);
  return 0;
}

static int
cmd_annotations (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = command_context ("annotations", "PROJECT",
      "List annotations in text order: \"<id>\\t<doc-id>\\t<start>\\t<end>\\t<label>\\t<quote>\".");
  g_autofree char *document = NULL;
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  GError *error = NULL;
  int status = 0;
  GOptionEntry entries[] = {
    { "document", 'd', 0, G_OPTION_ARG_STRING, &document, "Only this document", "ID" },
    { NULL }
  };

  if (!parse (context, entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, "annotations takes one PROJECT");
  if ((store = open_project (argv[1], FALSE)) == NULL)
    return 1;
  if ((list = gloss_store_list_annotations (store, document, &error)) == NULL)
    return fail (error);
  for (guint i = 0; i < list->len; i++)
    {
      GlossAnnotation *a = list->pdata[i];
      g_autofree char *label = field (a->label_name);
      g_autofree char *quote = field (a->quote);

      g_print ("%s\t%s\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%s\t%s\n",
               a->id, a->document_id, a->start, a->end, label, quote);
    }
  return 0;
}

static int
cmd_delete (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = command_context ("delete", "PROJECT ANNOTATION-ID", "Delete an annotation.");
  g_autoptr(GlossStore) store = NULL;
  GError *error = NULL;
  int status = 0;

  if (!parse (context, NULL, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return usage_error (context, "delete takes a PROJECT and an ANNOTATION-ID");
  if ((store = open_project (argv[1], TRUE)) == NULL)
    return 1;
  if (!gloss_store_delete_annotation (store, argv[2], &error))
    return fail (error);
  return 0;
}

static int
cmd_search (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = command_context ("search", "PROJECT QUERY",
      "Full-text search (SQLite FTS5 syntax; plain words work): \"<doc-id>\\t<start>\\t<end>\\t<snippet>\".");
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  GError *error = NULL;
  int limit = 100;
  int status = 0;
  GOptionEntry entries[] = {
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, "At most N hits (default 100; 0 for all)", "N" },
    { NULL }
  };

  if (!parse (context, entries, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return usage_error (context, "search takes a PROJECT and a QUERY");
  if (limit < 0)
    return usage_error (context, "--limit must be 0 or more");
  if ((store = open_project (argv[1], FALSE)) == NULL)
    return 1;
  if ((hits = gloss_store_search (store, argv[2], limit, &error)) == NULL)
    return fail (error);
  for (guint i = 0; i < hits->len; i++)
    {
      GlossSearchHit *hit = hits->pdata[i];
      g_autofree char *snippet = field (hit->snippet);

      g_print ("%s\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%s\n", hit->document_id, hit->start, hit->end, snippet);
    }
  return 0;
}

/* The filters shared by export and set-add. */
typedef struct {
  char **documents;
  char **labels;
  char **annotators;
  char  *since;
  char  *until;
  char  *query;
  char  *set;
} ScopeOptions;

static void
scope_options_clear (ScopeOptions *o)
{
  g_strfreev (o->documents);
  g_strfreev (o->labels);
  g_strfreev (o->annotators);
  g_free (o->since);
  g_free (o->until);
  g_free (o->query);
  g_free (o->set);
}

static void
add_scope_options (GOptionContext *context,
                   ScopeOptions   *o,
                   gboolean        with_set)
{
  GOptionEntry entries[] = {
    { "document", 'd', 0, G_OPTION_ARG_STRING_ARRAY, &o->documents, "Only this document (repeatable)", "ID" },
    { "label", 'l', 0, G_OPTION_ARG_STRING_ARRAY, &o->labels, "Only annotations with this label (repeatable)", "NAME" },
    { "annotator", 'a', 0, G_OPTION_ARG_STRING_ARRAY, &o->annotators, "Only annotations by NAME (repeatable)", "NAME" },
    { "since", 0, 0, G_OPTION_ARG_STRING, &o->since, "Only annotations created on or after DATE (YYYY-MM-DD)", "DATE" },
    { "until", 0, 0, G_OPTION_ARG_STRING, &o->until, "Only annotations created on or before DATE", "DATE" },
    { "query", 'q', 0, G_OPTION_ARG_STRING, &o->query, "Only documents this full-text search finds", "QUERY" },
    { with_set ? "set" : NULL, 0, 0, G_OPTION_ARG_STRING, &o->set, "The scope of the saved set NAME", "NAME" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
}

/* The scope the options describe; a saved set and filters combine (the filters
 * replace the set's own values of the same kind). */
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ScopeOptions, scope_options_clear)

static GlossScope *
scope_from_options (GlossStore   *store,
                    ScopeOptions *o,
                    GError      **error)
{
  g_autoptr(GlossScope) scope = NULL;

  if (o->set != NULL)
    {
      g_autoptr(GlossSet) set = gloss_set_find (store, o->set, error);

      if (set == NULL)
        return NULL;
      scope = gloss_scope_copy (set->scope);
    }
  else
    scope = gloss_scope_new ();

#define TAKE_STRV(field, opt) if (o->opt) { g_strfreev (scope->field); scope->field = g_strdupv (o->opt); }
#define TAKE_STR(field, opt) if (o->opt) { g_free (scope->field); scope->field = g_strdup (o->opt); }
  TAKE_STRV (document_ids, documents);
  TAKE_STRV (label_names, labels);
  TAKE_STRV (annotators, annotators);
  TAKE_STR (since, since);
  TAKE_STR (until, until);
  TAKE_STR (query, query);
#undef TAKE_STRV
#undef TAKE_STR
  return g_steal_pointer (&scope);
}

static int
cmd_export (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = command_context ("export", "PROJECT",
      "Export the project, a saved set, or the chosen documents, labels and annotators. Formats: json (Gloss "
      "JSON, the default), w3c (W3C Web Annotation JSON-LD), brat (standoff folder, or zip when the output "
      "ends in .zip), jsonl (JSON Lines, doccano-compatible), csv (one row per annotation), qdpx (REFI-QDA "
      "project), html (a report to read and print). What a format cannot carry is listed on stderr.");
  g_autofree char *format_name = NULL;
  g_autofree char *output = NULL;
  gboolean no_text = FALSE, bom = FALSE;
  g_auto(ScopeOptions) scope_options = { 0 };
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GlossScope) scope = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  GlossExportOptions options = { 0 };
  GlossFormat format = GLOSS_FORMAT_JSON;
  GError *error = NULL;
  gboolean ok;
  int status = 0;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name, "json (default), w3c, brat, jsonl, csv, qdpx or html", "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write to PATH instead of standard output (required for brat and qdpx)", "PATH" },
    { "no-text", 0, 0, G_OPTION_ARG_NONE, &no_text, "jsonl: leave the document text out", NULL },
    { "bom", 0, 0, G_OPTION_ARG_NONE, &bom, "csv: start with a byte order mark (for spreadsheet apps)", NULL },
    { NULL }
  };

  add_scope_options (context, &scope_options, TRUE);
  if (!parse (context, entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, "export takes one PROJECT");
  if (format_name != NULL && (format = gloss_format_from_name (format_name)) == GLOSS_FORMAT_UNKNOWN)
    {
      g_autofree char *message = g_strdup_printf ("unknown format “%s” (the formats are %s)",
                                                  format_name, gloss_format_names ());
      return usage_error (context, message);
    }
  if (gloss_format_writes_path (format) && (output == NULL || g_str_equal (output, "-")))
    return usage_error (context, "this format writes a folder or an archive: give --output PATH");
  if (no_text && format != GLOSS_FORMAT_JSONL)
    return usage_error (context, "--no-text is an option of --format jsonl");
  if (bom && format != GLOSS_FORMAT_CSV)
    return usage_error (context, "--bom is an option of --format csv");
  options.omit_text = no_text;
  options.bom = bom;

  if ((store = open_project (argv[1], FALSE)) == NULL)
    return 1;
  if ((scope = scope_from_options (store, &scope_options, &error)) == NULL)
    return fail (error);

  if (output != NULL && !g_str_equal (output, "-"))
    ok = gloss_exchange_export_path (store, scope, format, &options, output, warnings, NULL, &error);
  else
    {
      g_autoptr(GOutputStream) out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);

      ok = gloss_exchange_export_stream (store, scope, format, &options, out, warnings, NULL, &error);
    }
  for (guint i = 0; i < warnings->len; i++)
    g_printerr ("gloss-cli: warning: %s\n", (char *) warnings->pdata[i]);
  if (!ok)
    return fail (error);
  return 0;
}

static int
cmd_set_add (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = command_context ("set-add", "PROJECT NAME",
      "Save a named set (documents, labels, annotators, dates, a search) to use as the scope of exports. "
      "Prints its id.");
  g_auto(ScopeOptions) scope_options = { 0 };
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GlossScope) scope = NULL;
  g_autoptr(GlossSet) set = NULL;
  GError *error = NULL;
  int status = 0;

  add_scope_options (context, &scope_options, FALSE);
  if (!parse (context, NULL, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return usage_error (context, "set-add takes a PROJECT and a NAME");
  if ((store = open_project (argv[1], TRUE)) == NULL)
    return 1;
  if ((scope = scope_from_options (store, &scope_options, &error)) == NULL)
    return fail (error);
  if ((set = gloss_set_add (store, argv[2], scope, &error)) == NULL)
    return fail (error);
  g_print ("%s\n", set->id);
  return 0;
}

static int
cmd_sets (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = command_context ("sets", "PROJECT",
      "List saved sets: \"<id>\\t<name>\\t<definition as JSON>\".");
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GPtrArray) sets = NULL;
  GError *error = NULL;
  int status = 0;

  if (!parse (context, NULL, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, "sets takes one PROJECT");
  if ((store = open_project (argv[1], FALSE)) == NULL)
    return 1;
  if ((sets = gloss_set_list (store, &error)) == NULL)
    return fail (error);
  for (guint i = 0; i < sets->len; i++)
    {
      GlossSet *set = sets->pdata[i];
      g_autofree char *name = field (set->name);
      g_autofree char *definition = gloss_scope_to_json (set->scope);

      g_print ("%s\t%s\t%s\n", set->id, name, definition);
    }
  return 0;
}

static int
cmd_check (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = command_context ("check", "PROJECT",
      "Check the project's integrity and consistency. Exits 1 with a report when it is broken.");
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  GError *error = NULL;
  int status = 0;

  if (!parse (context, NULL, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, "check takes one PROJECT");
  if ((store = open_project (argv[1], FALSE)) == NULL)
    return 1;
  if (!gloss_store_check (store, report, &error))
    {
      if (error)
        return fail (error);
      g_printerr ("%s", report->str);
      g_printerr ("gloss-cli: %s has problems (listed above)\n", argv[1]);
      return 1;
    }
  g_print ("ok\n");
  return 0;
}

static const Command commands[] = {
  { "init",        "PROJECT [--name NAME] [--empty]", "create a project", cmd_init },
  { "import",      "PROJECT PATH...", "import articles (.txt .md .html) or annotations (Gloss JSON, W3C, JSONL, brat)",
                   cmd_import },
  { "documents",   "PROJECT", "list documents", cmd_documents },
  { "labels",      "PROJECT", "list the codebook", cmd_labels },
  { "label-add",   "PROJECT NAME [--kind K] [--colour #RRGGBB] [--shortcut KEY]", "add a label", cmd_label_add },
  { "annotate",    "PROJECT --document ID --start N --end N --label NAME [--note TEXT] [--annotator NAME]",
                   "add an annotation", cmd_annotate },
  { "annotations", "PROJECT [--document ID]", "list annotations", cmd_annotations },
  { "delete",      "PROJECT ANNOTATION-ID", "delete an annotation", cmd_delete },
  { "search",      "PROJECT QUERY", "full-text search", cmd_search },
  { "export",      "PROJECT [--format json|w3c|brat|jsonl|csv|qdpx|html] [--output PATH] [--set NAME] [--document ID]... [--label NAME]...\n"
                   "               [--annotator NAME]... [--since DATE] [--until DATE] [--query QUERY]",
                   "export a scope in an exchange format", cmd_export },
  { "set-add",     "PROJECT NAME [--document ID]... [--label NAME]... [--annotator NAME]... [--since DATE]\n"
                   "               [--until DATE] [--query QUERY]", "save a named set", cmd_set_add },
  { "sets",        "PROJECT", "list saved sets", cmd_sets },
  { "check",       "PROJECT", "check integrity and consistency", cmd_check },
};

static void
print_usage (FILE *to)
{
  fprintf (to, "Usage: gloss-cli COMMAND [ARGS...]\n\nCommands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (to, "  %-12s %s\n               %s\n", commands[i].name, commands[i].summary, commands[i].args);
  fprintf (to, "\n'gloss-cli COMMAND --help' describes a command. 'gloss-cli --version' prints the version.\n");
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_set_prgname ("gloss-cli");

  if (argc < 2)
    {
      print_usage (stderr);
      return EXIT_USAGE;
    }
  if (g_str_equal (argv[1], "--version") || g_str_equal (argv[1], "-V"))
    {
      g_print ("gloss-cli %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return 0;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].func (argc - 1, argv + 1);

  g_printerr ("gloss-cli: unknown command “%s”\n\n", argv[1]);
  print_usage (stderr);
  return EXIT_USAGE;
}

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

#include "gloss-codebook.h"
#include "gloss-entities.h"
#include "gloss-exchange.h"
#include "gloss-readers.h"
#include "gloss-fields.h"
#include "gloss-import.h"
#include "gloss-json.h"
#include "gloss-originals.h"
#include "gloss-project.h"
#include "gloss-relations.h"
#include "gloss-scope.h"
#include "gloss-session.h"
#include "gloss-store.h"
#include "gloss-util.h"

#define EXIT_USAGE 2

typedef int (*CommandFunc) (int argc, char **argv);

typedef struct {
  const char  *name;
  const char  *args;
  const char  *summary;
  CommandFunc  func;
} Command;

static int fail (GError *error);
int gloss_cli_copy (int argc, char **argv);   /* gloss-cli-share.c */
int gloss_cli_merge (int argc, char **argv), gloss_cli_history (int argc, char **argv), gloss_cli_restore (int argc, char **argv),
    gloss_cli_conflicts (int argc, char **argv), gloss_cli_resolve (int argc, char **argv);   /* gloss-cli-merge.c */

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
open_project_flags (const char          *path,
                    GlossStoreOpenFlags  flags)
{
  GError *error = NULL;
  GlossStore *store = gloss_store_open (path, flags, &error);

  if (store == NULL)
    fail (error);
  return store;
}

static GlossStore *
open_project (const char *path,
              gboolean    write)
{
  return open_project_flags (path, write ? GLOSS_STORE_OPEN_DEFAULT : GLOSS_STORE_OPEN_ALLOW_READ_ONLY);
}

static const char *
default_annotator (void)
{
  static char *name;

  if (name == NULL)
    name = gloss_default_annotator ();
  return name;
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

  store = gloss_project_create (argv[1], name, empty ? GLOSS_PROJECT_CREATE_NO_CODEBOOK : 0, &error);
  if (store == NULL)
    return fail (error);
  return 0;
}

static int
cmd_import (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = command_context ("import", "PROJECT FILE…",
      "Import articles (text, Markdown, HTML, PDF, scanned PNG/JPEG/TIFF images read with OCR, RTF, Word .docx, OpenDocument .odt, EPUB, e-mail .eml and "
      "mbox mailboxes, or a web page given by its http:// or https:// address) and annotation files: Gloss JSON, W3C Web Annotation JSON, JSON Lines (doccano), brat "
      "folders or zips, each recognised by its content, not its name. Each file is imported on its own: one "
      "that fails leaves the others in. Prints \"<doc-id>\\t<title>\" for each new document; on stderr one "
      "line per file (\"imported\", \"duplicate: …\" or \"failed: reason\") and notes. Exits with 1 when any "
      "file failed.");
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_document_free);
  guint failed = 0;
  g_autofree char *password = NULL;
  g_autofree char *language = NULL;
  gboolean no_ocr = FALSE;
  GlossReadOptions options = { 0 };
  int status = 0;
  GOptionEntry entries[] = {
    { "password", 'p', 0, G_OPTION_ARG_STRING, &password, "Password of an encrypted PDF", "PASSWORD" },
    { "ocr-language", 'l', 0, G_OPTION_ARG_STRING, &language,
      "Language(s) of scanned pages and images for OCR, as Tesseract names them (default eng; e.g. deu+eng)", "LANG" },
    { "no-ocr", 0, 0, G_OPTION_ARG_NONE, &no_ocr, "Do not OCR PDF pages without a text layer", NULL },
    { NULL }
  };

  if (!parse (context, entries, &argc, &argv, &status))
    return status;
  if (argc < 3)
    return usage_error (context, "import takes a PROJECT and at least one FILE");
  options.password = password;
  options.ocr_language = language;
  options.no_ocr = no_ocr;

  store = open_project (argv[1], TRUE);
  if (store == NULL)
    return 1;

  for (int i = 2; i < argc; i++)
    {
      const char *path = argv[i];
      g_autofree char *base = gloss_web_is_address (path) ? g_strdup (path) : g_filename_display_basename (path);
      g_autoptr(GlossImportOutcome) outcome = gloss_import_outcome_new ();
      GlossImportReport *report = outcome->report;
      g_autoptr(GError) error = NULL;

      /* The same core call as the workbench's import: one transaction per file. */
      if (!gloss_exchange_import_any_with_options (store, path, &options, outcome, &error))
        {
          if (g_error_matches (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE))
            g_printerr ("gloss-cli: %s: duplicate: not imported again: %s\n", base, error->message);
          else
            {
              g_printerr ("gloss-cli: %s: failed: %s\n", base, error->message);
              failed++;
            }
          continue;
        }
      if (outcome->documents->len > 0)
        {
          if (outcome->warning)
            g_printerr ("gloss-cli: note: %s: %s\n", base, outcome->warning);
          if (outcome->documents->len == 1 && outcome->duplicates == 0)
            g_printerr ("gloss-cli: %s: imported\n", base);
          else
            g_printerr ("gloss-cli: %s: imported: %u documents, %u already in the project\n", base,
                        outcome->documents->len, outcome->duplicates);
          for (guint j = 0; j < outcome->documents->len; j++)
            g_ptr_array_add (added, gloss_document_copy (outcome->documents->pdata[j]));
          continue;
        }
      for (guint j = 0; j < report->notes->len; j++)
        g_printerr ("gloss-cli: note: %s\n", (char *) report->notes->pdata[j]);
      for (guint j = 0; j < report->new_documents->len; j++)
        g_ptr_array_add (added, gloss_document_copy (report->new_documents->pdata[j]));
      g_printerr ("gloss-cli: %s: imported (%s): %u documents, %u labels, %u entities, %u annotations added; "
                  "%u entities matched the register's by name; %u annotations were already present\n", base,
                  gloss_format_title (outcome->format), report->documents_added, report->labels_added,
                  report->entities_added, report->annotations_added, report->entities_matched,
                  report->annotations_present);
    }

  for (guint i = 0; i < added->len; i++)
    {
      GlossDocument *doc = added->pdata[i];
      g_autofree char *title = field (doc->title);
      g_print ("%s\t%s\n", doc->id, title);
    }
  if (failed > 0)
    {
      g_printerr ("gloss-cli: %u of %d files failed to import\n", failed, argc - 2);
      return 1;
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
  g_autofree char *entity_name = NULL;
  gboolean link_entity = FALSE;
  g_auto(GStrv) field_values = NULL;
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
    { "field", 'f', 0, G_OPTION_ARG_STRING_ARRAY, &field_values, "Set a field of the label (repeatable)", "NAME=VALUE" },
    { "entity", 'E', 0, G_OPTION_ARG_STRING, &entity_name,
      "The entity this mentions (name, alias or id); created when the register has none", "NAME" },
    { "link", 0, 0, G_OPTION_ARG_NONE, &link_entity,
      "Link the mention to the register's entity of the same name (new if none), as the workbench does", NULL },
    { NULL }
  };

  if (!parse (context, entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, "annotate takes one PROJECT");
  for (guint i = 0; field_values && field_values[i]; i++)
    if (strchr (field_values[i], '=') == NULL || field_values[i][0] == '=')
      return usage_error (context, "--field takes NAME=VALUE");
  if (document == NULL || start_text == NULL || end_text == NULL || label_name == NULL)
    return usage_error (context, "annotate needs --document, --start, --end and --label");
  if (!parse_offset (start_text, &start) || !parse_offset (end_text, &end))
    return usage_error (context, "--start and --end must be whole numbers from 0");

  if ((store = open_project (argv[1], TRUE)) == NULL)
    return 1;
  label = gloss_store_find_label_by_name (store, label_name, &error);
  if (label == NULL)
    return fail (error);
  /* The annotation, its fields and its entity: one transaction, all or nothing. */
  if (!gloss_store_begin (store, &error))
    return fail (error);
  if (entity_name == NULL && link_entity)
    {
      /* As in the workbench: a mention is linked to the register's entity of that
       * name, or to a new one. */
      g_autoptr(GlossSession) session = gloss_session_new (store, NULL);

      gloss_session_set_annotator (session, annotator ? annotator : default_annotator ());
      a = gloss_session_annotate (session, document, label->id, start, end, note, &error);
    }
  else
    a = gloss_store_add_annotation (store, document, label->id, start, end, note,
                                    annotator ? annotator : default_annotator (), &error);
  for (guint i = 0; a != NULL && error == NULL && field_values && field_values[i]; i++)
    {
      g_auto(GStrv) kv = g_strsplit (field_values[i], "=", 2);

      gloss_store_set_field_value (store, a->id, g_strstrip (kv[0]), kv[1], &error);
    }
  if (a != NULL && error == NULL && entity_name != NULL)
    {
      g_autoptr(GlossEntity) entity = NULL;

      if (gloss_uuid_is_valid (entity_name))
        entity = gloss_store_get_entity (store, entity_name, NULL);
      if (entity == NULL)
        entity = gloss_store_find_entity (store, entity_name, label->id, &error);
      if (entity == NULL && g_error_matches (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND))
        {
          g_clear_error (&error);
          entity = gloss_store_add_entity (store, entity_name, label->id, NULL, NULL, NULL, &error);
          if (entity != NULL)
            g_printerr ("gloss-cli: note: new %s “%s” (%s) added to the entity register\n",
                        label->name, entity->name, entity->id);
        }
      if (entity != NULL)
        gloss_store_set_annotation_entity (store, a->id, entity->id, &error);
    }
  if (a != NULL && error == NULL)
    {
      g_auto(GStrv) missing = gloss_store_missing_required_fields (store, a->id, &error);

      if (missing != NULL && missing[0] != NULL)
        {
          g_autofree char *list = g_strjoinv (", ", missing);
          g_set_error (&error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                       "%s needs a value for: %s (give --field NAME=VALUE)", label->name, list);
        }
    }
  if (a == NULL || error != NULL)
    {
      gloss_store_rollback (store);
      return fail (error);
    }
  if (!gloss_store_commit (store, &error))
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
  gboolean no_text = FALSE, bom = FALSE, pretty = FALSE;
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
    { "pretty", 0, 0, G_OPTION_ARG_NONE, &pretty, "json: indent the output for people (default: compact, one line)", NULL },
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
  if (pretty && format != GLOSS_FORMAT_JSON)
    return usage_error (context, "--pretty is an option of --format json");
  options.omit_text = no_text;
  options.bom = bom;
  options.pretty = pretty;

  /* Exporting only reads: no quick_check of every page (see gloss-store.h). */
  if ((store = open_project_flags (argv[1], GLOSS_STORE_OPEN_ALLOW_READ_ONLY | GLOSS_STORE_OPEN_FOR_READING)) == NULL)
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
  gboolean repair = FALSE;
  GOptionEntry entries[] = {
    { "repair", 0, 0, G_OPTION_ARG_NONE, &repair,
      "First rebuild what is derived from the rows (the entity register's match keys)", NULL },
    { NULL }
  };

  if (!parse (context, entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, "check takes one PROJECT");
  if ((store = open_project (argv[1], FALSE)) == NULL)
    return 1;
  if (repair && !gloss_store_rebuild_entity_keys (store, &error))
    return fail (error);
  if (!gloss_project_check (store, report, &error))
    {
      /* What was found before a check could not run is still worth reading. */
      g_printerr ("%s", report->str);
      if (error)
        {
          g_prefix_error (&error, "the check could not finish: ");
          return fail (error);
        }
      g_printerr ("gloss-cli: %s has problems (listed above)\n", argv[1]);
      return 1;
    }
  g_print ("ok\n");
  return 0;
}

/* ------------------------------------------------------------------------- */
/* Analyst tradecraft                                                         */

static int
cmd_entities (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = command_context ("entities", "PROJECT",
      "List the entity register: \"<id>\\t<type>\\t<name>\\t<aliases, separated by |>\\t<mentions>\\t<documents>\\t<reference>\".");
  g_autofree char *type = NULL;
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GlossLabel) label = NULL;
  GError *error = NULL;
  int status = 0;
  GOptionEntry entries[] = {
    { "type", 't', 0, G_OPTION_ARG_STRING, &type, "Only entities of this type (an entity label)", "LABEL" },
    { NULL }
  };

  if (!parse (context, entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, "entities takes one PROJECT");
  if ((store = open_project (argv[1], FALSE)) == NULL)
    return 1;
  if (type != NULL && (label = gloss_store_find_label_by_name (store, type, &error)) == NULL)
    return fail (error);
  if ((list = gloss_store_list_entities (store, label ? label->id : NULL, &error)) == NULL)
    return fail (error);
  for (guint i = 0; i < list->len; i++)
    {
      GlossEntity *e = list->pdata[i];
      g_autofree char *joined = g_strjoinv ("|", e->aliases);
      g_autofree char *name = field (e->name);
      g_autofree char *aliases = field (joined);
      g_autofree char *ref = field (e->external_ref);
      g_autofree char *label_name = field (e->label_name);

      g_print ("%s\t%s\t%s\t%s\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%s\n",
               e->id, label_name, name, aliases, e->n_mentions, e->n_documents, ref);
    }
  return 0;
}

static int
cmd_entity_add (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = command_context ("entity-add", "PROJECT NAME",
      "Add an entity to the register. Prints its id.");
  g_autofree char *type = NULL;
  g_autofree char *description = NULL;
  g_autofree char *ref = NULL;
  g_auto(GStrv) aliases = NULL;
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GlossLabel) label = NULL;
  g_autoptr(GlossEntity) entity = NULL;
  GError *error = NULL;
  int status = 0;
  GOptionEntry entries[] = {
    { "type", 't', 0, G_OPTION_ARG_STRING, &type, "Its type: an entity label such as Person (required)", "LABEL" },
    { "alias", 'a', 0, G_OPTION_ARG_STRING_ARRAY, &aliases, "Another name (repeatable)", "NAME" },
    { "description", 'd', 0, G_OPTION_ARG_STRING, &description, "A description", "TEXT" },
    { "ref", 'r', 0, G_OPTION_ARG_STRING, &ref, "An external reference (Wikidata id, URL)", "REF" },
    { NULL }
  };

  if (!parse (context, entries, &argc, &argv, &status))
    return status;
  if (argc != 3 || type == NULL)
    return usage_error (context, "entity-add takes a PROJECT, a NAME and --type LABEL");
  if ((store = open_project (argv[1], TRUE)) == NULL)
    return 1;
  if ((label = gloss_store_find_label_by_name (store, type, &error)) == NULL)
    return fail (error);
  entity = gloss_store_add_entity (store, argv[2], label->id, (const char * const *) aliases, description, ref, &error);
  if (entity == NULL)
    return fail (error);
  g_print ("%s\n", entity->id);
  return 0;
}

static int
cmd_entity_merge (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = command_context ("entity-merge", "PROJECT KEEP-ID OTHER-ID",
      "Merge entity OTHER-ID into KEEP-ID: its mentions and references follow, its names become aliases.");
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GlossEntityMerge) merge = NULL;
  GError *error = NULL;
  int status = 0;

  if (!parse (context, NULL, &argc, &argv, &status))
    return status;
  if (argc != 4)
    return usage_error (context, "entity-merge takes a PROJECT, a KEEP-ID and an OTHER-ID");
  if ((store = open_project (argv[1], TRUE)) == NULL)
    return 1;
  if ((merge = gloss_store_merge_entities (store, argv[2], argv[3], &error)) == NULL)
    return fail (error);
  g_printerr ("gloss-cli: %u mentions and %u references moved\n",
              g_strv_length (merge->annotation_ids), g_strv_length (merge->value_annotation_ids));
  return 0;
}

static int
cmd_mentions (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = command_context ("mentions", "PROJECT [ENTITY-ID]",
      "List occurrences of the entity's name and aliases that are not annotated yet: "
      "\"<doc-id>\\t<start>\\t<end>\\t<quote>\\t<entity-id>\". With --all, of every entity in the register "
      "at once (a name two entities share is left out). With --annotate, annotate them all in one step and print "
      "the new ids.");
  g_autofree char *document = NULL;
  g_autofree char *annotator = NULL;
  gboolean annotate = FALSE;
  gboolean all = FALSE;
  const char *entity_id;
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GPtrArray) found = NULL;
  GError *error = NULL;
  int status = 0;
  GOptionEntry entries[] = {
    { "document", 'd', 0, G_OPTION_ARG_STRING, &document, "Only in this document (default: the whole project)", "ID" },
    { "annotate", 0, 0, G_OPTION_ARG_NONE, &annotate, "Annotate every occurrence found", NULL },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, "Every entity of the register (no ENTITY-ID)", NULL },
    { "annotator", 'a', 0, G_OPTION_ARG_STRING, &annotator, "Who annotates (with --annotate)", "NAME" },
    { NULL }
  };

  if (!parse (context, entries, &argc, &argv, &status))
    return status;
  if (argc != (all ? 2 : 3))
    return usage_error (context, all ? "mentions --all takes a PROJECT" : "mentions takes a PROJECT and an ENTITY-ID");
  entity_id = all ? NULL : argv[2];
  if ((store = open_project (argv[1], annotate)) == NULL)
    return 1;
  found = all ? gloss_store_find_all_unannotated_mentions (store, NULL, document, &error)
              : gloss_store_find_unannotated_mentions (store, entity_id, document, &error);
  if (found == NULL)
    return fail (error);
  if (annotate)
    {
      g_autoptr(GPtrArray) created = gloss_store_annotate_mentions (store, entity_id, found,
                                                                    annotator ? annotator : default_annotator (),
                                                                    &error);
      if (created == NULL)
        return fail (error);
      for (guint i = 0; i < created->len; i++)
        g_print ("%s\n", ((GlossAnnotation *) created->pdata[i])->id);
      return 0;
    }
  for (guint i = 0; i < found->len; i++)
    {
      GlossMention *m = found->pdata[i];
      g_autofree char *quote = field (m->quote);

      g_print ("%s\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%s\t%s\n", m->document_id, m->start, m->end, quote,
               m->entity_id);
    }
  return 0;
}

static int
cmd_relate (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = command_context ("relate", "PROJECT FROM-ID TYPE TO",
      "Link annotation FROM-ID to annotation TO with a relation TYPE of the codebook (\"attributed to\", "
      "\"supports\"...), or with --entity to the entity TO of the register (its id, name or an alias). "
      "Prints the relation id.");
  g_autofree char *annotator = NULL;
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GlossRelationType) type = NULL;
  g_autoptr(GlossRelation) relation = NULL;
  g_autoptr(GlossEntity) entity = NULL;
  gboolean to_entity = FALSE;
  GError *error = NULL;
  int status = 0;
  GOptionEntry entries[] = {
    { "annotator", 'a', 0, G_OPTION_ARG_STRING, &annotator, "Who links (default: $GLOSS_ANNOTATOR or your name)", "NAME" },
    { "entity", 'e', 0, G_OPTION_ARG_NONE, &to_entity, "TO is an entity of the register (id, name or alias)", NULL },
    { NULL }
  };

  if (!parse (context, entries, &argc, &argv, &status))
    return status;
  if (argc != 5)
    return usage_error (context, "relate takes a PROJECT, FROM-ID, TYPE and TO");
  if ((store = open_project (argv[1], TRUE)) == NULL)
    return 1;
  if ((type = gloss_store_find_relation_type (store, argv[3], &error)) == NULL)
    return fail (error);
  if (to_entity)
    {
      entity = gloss_store_get_entity (store, argv[4], NULL);
      if (entity == NULL && (entity = gloss_store_find_entity (store, argv[4], NULL, &error)) == NULL)
        return fail (error);
      relation = gloss_store_add_entity_relation (store, type->id, argv[2], entity->id,
                                                  annotator ? annotator : default_annotator (), &error);
    }
  else
    relation = gloss_store_add_relation (store, type->id, argv[2], argv[4],
                                         annotator ? annotator : default_annotator (), &error);
  if (relation == NULL)
    return fail (error);
  g_print ("%s\n", relation->id);
  return 0;
}

static int
cmd_relations (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = command_context ("relations", "PROJECT",
      "List relations: \"<id>\\t<from-id>\\t<type>\\t<to-id>\\t<from quote>\\t<to quote>\"; a link to an entity has "
      "\"entity:<entity-id>\" and the entity's name at the target.");
  g_autofree char *annotation = NULL;
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  GError *error = NULL;
  int status = 0;
  GOptionEntry entries[] = {
    { "annotation", 'n', 0, G_OPTION_ARG_STRING, &annotation,
      "Only relations with this annotation at either end, or to this entity", "ID" },
    { NULL }
  };

  if (!parse (context, entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, "relations takes one PROJECT");
  if ((store = open_project (argv[1], FALSE)) == NULL)
    return 1;
  if ((list = gloss_store_list_relations (store, annotation, &error)) == NULL)
    return fail (error);
  for (guint i = 0; i < list->len; i++)
    {
      GlossRelation *r = list->pdata[i];
      g_autofree char *type = field (r->type_name);
      g_autofree char *from = field (r->from_quote);
      g_autofree char *to = field (r->to_id ? r->to_quote : r->to_entity_name);
      g_autofree char *to_id = r->to_id ? g_strdup (r->to_id) : g_strconcat ("entity:", r->to_entity_id, NULL);

      g_print ("%s\t%s\t%s\t%s\t%s\t%s\n", r->id, r->from_id, type, to_id, from, to);
    }
  return 0;
}

/* Prints one row per annotation of the labels of @kind: its id, document and quote,
 * then the value of each of @names (an entity's name for entity fields), and the risk
 * score when @score. */
static int
print_kind_table (GlossStore         *store,
                  const char         *kind,
                  const char * const *names,
                  gboolean            score)
{
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GPtrArray) list = NULL;
  GError *error = NULL;

  if ((labels = gloss_store_list_labels (store, &error)) == NULL ||
      (list = gloss_store_list_annotations (store, NULL, &error)) == NULL)
    return fail (error);
  for (guint i = 0; i < list->len; i++)
    {
      GlossAnnotation *a = list->pdata[i];
      g_autoptr(GPtrArray) values = NULL;
      g_autoptr(GString) line = g_string_new (NULL);
      g_autofree char *quote = field (a->quote);
      gboolean wanted = FALSE;

      for (guint j = 0; j < labels->len && !wanted; j++)
        {
          GlossLabel *label = labels->pdata[j];
          wanted = g_str_equal (label->id, a->label_id) && g_str_equal (label->kind, kind);
        }
      if (!wanted)
        continue;
      if ((values = gloss_store_list_field_values (store, a->id, &error)) == NULL)
        return fail (error);
      g_string_append_printf (line, "%s\t%s\t%s", a->id, a->document_id, quote);
      for (guint k = 0; names[k]; k++)
        {
          const char *value = NULL;
          g_autoptr(GlossEntity) entity = NULL;
          g_autofree char *shown = NULL;

          for (guint j = 0; j < values->len; j++)
            {
              GlossFieldValue *v = values->pdata[j];

              if (g_ascii_strcasecmp (v->field_name, names[k]) == 0)
                value = v->value;
            }
          if (value != NULL && gloss_uuid_is_valid (value) &&
              (entity = gloss_store_get_entity (store, value, NULL)) != NULL)
            value = entity->name;
          shown = field (value);
          g_string_append_printf (line, "\t%s", shown);
        }
      if (score)
        {
          int s = gloss_store_get_risk_score (store, a->id, NULL);

          if (s >= 0)
            g_string_append_printf (line, "\t%d", s);
          else
            g_string_append (line, "\t");
        }
      g_print ("%s\n", line->str);
    }
  return 0;
}

static int
cmd_claims (int argc, char **argv)
{
  static const char * const names[] = { "speaker", "claim type", "likelihood", "confidence", "credibility", "status", NULL };
  g_autoptr(GOptionContext) context = command_context ("claims", "PROJECT",
      "List claims: \"<id>\\t<doc-id>\\t<quote>\\t<speaker>\\t<claim type>\\t<likelihood>\\t<confidence>\\t"
      "<credibility>\\t<status>\" (empty where not set).");
  g_autoptr(GlossStore) store = NULL;
  int status = 0;

  if (!parse (context, NULL, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, "claims takes one PROJECT");
  if ((store = open_project (argv[1], FALSE)) == NULL)
    return 1;
  return print_kind_table (store, GLOSS_LABEL_KIND_CLAIM, names, FALSE);
}

static int
cmd_risks (int argc, char **argv)
{
  static const char * const names[] = { "category", "likelihood", "impact", "time horizon", "rationale", NULL };
  g_autoptr(GOptionContext) context = command_context ("risks", "PROJECT",
      "List the risk register: \"<id>\\t<doc-id>\\t<quote>\\t<category>\\t<likelihood>\\t<impact>\\t"
      "<time horizon>\\t<rationale>\\t<score>\"; the score is likelihood × impact.");
  g_autoptr(GlossStore) store = NULL;
  int status = 0;

  if (!parse (context, NULL, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, "risks takes one PROJECT");
  if ((store = open_project (argv[1], FALSE)) == NULL)
    return 1;
  return print_kind_table (store, GLOSS_LABEL_KIND_RISK, names, TRUE);
}

static int
cmd_codebook (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = command_context ("codebook", "PROJECT",
      "Export the project's codebook (labels, fields, relation types) to a file, or import one: what the "
      "project lacks is added, what it has is kept. --bundled adds a codebook that comes with Gloss "
      "(analyst or entities).");
  g_autofree char *export_path = NULL;
  g_autofree char *import_path = NULL;
  g_autofree char *bundled = NULL;
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GlossCodebookReport) report = gloss_codebook_report_new ();
  GError *error = NULL;
  int status = 0;
  GOptionEntry entries[] = {
    { "export", 'e', 0, G_OPTION_ARG_FILENAME, &export_path, "Write the codebook to FILE (- for standard output)", "FILE" },
    { "import", 'i', 0, G_OPTION_ARG_FILENAME, &import_path, "Add the codebook in FILE", "FILE" },
    { "bundled", 'b', 0, G_OPTION_ARG_STRING, &bundled, "Add a bundled codebook: analyst or entities", "NAME" },
    { NULL }
  };

  if (!parse (context, entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, "codebook takes one PROJECT");
  if ((export_path != NULL) + (import_path != NULL) + (bundled != NULL) != 1)
    return usage_error (context, "give one of --export FILE, --import FILE or --bundled NAME");
  if ((store = open_project (argv[1], export_path == NULL)) == NULL)
    return 1;
  if (export_path != NULL)
    {
      if (g_str_equal (export_path, "-"))
        {
          g_autofree char *text = gloss_codebook_to_json (store, &error);

          if (text == NULL)
            return fail (error);
          g_print ("%s", text);
          return 0;
        }
      return gloss_codebook_save (store, export_path, &error) ? 0 : fail (error);
    }
  if (import_path != NULL ? !gloss_codebook_load_file (store, import_path, report, &error)
                          : !gloss_codebook_load_bundled (store, bundled, report, &error))
    return fail (error);
  for (guint i = 0; i < report->notes->len; i++)
    g_printerr ("gloss-cli: note: %s\n", (char *) report->notes->pdata[i]);
  g_printerr ("gloss-cli: %u labels, %u fields and %u relation types added; %u labels, %u fields and "
              "%u relation types were already there\n",
              report->labels_added, report->fields_added, report->relation_types_added,
              report->labels_present, report->fields_present, report->relation_types_present);
  return 0;
}

static int
cmd_doc_set (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = command_context ("doc-set", "PROJECT DOC-ID",
      "Set document properties: source reliability (Admiralty A-F), author, publisher, publication date, URL "
      "and TLP marking. Only the options given change; an empty value clears one.");
  g_autofree char *reliability = NULL;
  g_autofree char *author = NULL;
  g_autofree char *publisher = NULL;
  g_autofree char *published = NULL;
  g_autofree char *url = NULL;
  g_autofree char *tlp = NULL;
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GlossDocument) doc = NULL;
  GError *error = NULL;
  int status = 0;
  GOptionEntry entries[] = {
    { "reliability", 'r', 0, G_OPTION_ARG_STRING, &reliability, "Source reliability A (completely reliable) to F (cannot be judged)", "A-F" },
    { "author", 0, 0, G_OPTION_ARG_STRING, &author, "Author", "NAME" },
    { "publisher", 0, 0, G_OPTION_ARG_STRING, &publisher, "Publisher", "NAME" },
    { "published", 0, 0, G_OPTION_ARG_STRING, &published, "Publication date", "YYYY-MM-DD" },
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, "Where it was published", "URL" },
    { "tlp", 0, 0, G_OPTION_ARG_STRING, &tlp, "Handling marking: CLEAR, GREEN, AMBER, AMBER+STRICT or RED", "MARKING" },
    { NULL }
  };

  if (!parse (context, entries, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return usage_error (context, "doc-set takes a PROJECT and a DOC-ID");
  if ((store = open_project (argv[1], TRUE)) == NULL)
    return 1;
  if ((doc = gloss_store_get_document (store, argv[2], &error)) == NULL)
    return fail (error);
#define TAKE(member) if (member != NULL) { g_free (doc->member); doc->member = g_strdup (member); }
  TAKE (reliability);
  TAKE (author);
  TAKE (publisher);
  TAKE (published);
  TAKE (url);
  TAKE (tlp);
#undef TAKE
  if (!gloss_store_set_document_properties (store, argv[2], doc, &error))
    return fail (error);
  return 0;
}

static int
cmd_original (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = command_context ("original", "PROJECT DOC-ID --output FILE",
      "Save the file a document was imported from, as it was, to FILE.");
  g_autofree char *output = NULL;
  g_autoptr(GlossStore) store = NULL;
  GError *error = NULL;
  int status = 0;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Where to write the original (required)", "FILE" },
    { NULL }
  };

  if (!parse (context, entries, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return usage_error (context, "original takes a PROJECT and a DOC-ID");
  if (output == NULL || *output == '\0')
    return usage_error (context, "original needs --output FILE");
  if ((store = open_project (argv[1], FALSE)) == NULL)
    return 1;
  if (!gloss_store_save_original (store, argv[2], output, &error))
    return fail (error);
  return 0;
}

int cmd_agreement (int argc, char **argv);   /* gloss-cli-agreement.c */
int gloss_cli_ach (int argc, char **argv);   /* gloss-cli-ach.c */
int gloss_cli_timeline (int argc, char **argv);   /* gloss-cli-timeline.c */
int gloss_cli_graph (int argc, char **argv);      /* gloss-cli-graph.c */

static const Command commands[] = {
  { "init",        "PROJECT [--name NAME] [--empty]", "create a project", cmd_init },
  { "import",      "PROJECT PATH...", "import articles (text, HTML, PDF, scans, RTF, DOCX, ODT, e-mail, mbox) or annotations (Gloss JSON, W3C, JSONL, brat)",
                   cmd_import },
  { "documents",   "PROJECT", "list documents", cmd_documents },
  { "labels",      "PROJECT", "list the codebook", cmd_labels },
  { "label-add",   "PROJECT NAME [--kind K] [--colour #RRGGBB] [--shortcut KEY]", "add a label", cmd_label_add },
  { "annotate",    "PROJECT --document ID --start N --end N --label NAME [--note TEXT] [--annotator NAME]\n"
                   "               [--field NAME=VALUE]... [--entity NAME | --link]",
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
  { "agreement",   "PROJECT [--annotators A,B,...] [--document ID]... [--label NAME]... [--bootstrap N] [--json]", "inter-annotator agreement", cmd_agreement },
  { "entities",    "PROJECT [--type LABEL]", "list the entity register", cmd_entities },
  { "entity-add",  "PROJECT NAME --type LABEL [--alias NAME]... [--description TEXT] [--ref REF]",
                   "add an entity", cmd_entity_add },
  { "entity-merge", "PROJECT KEEP-ID OTHER-ID", "merge two entities", cmd_entity_merge },
  { "mentions",    "PROJECT ENTITY-ID [--document ID] [--annotate]",
                   "find (and annotate) unannotated mentions of an entity", cmd_mentions },
  { "relate",      "PROJECT FROM-ID TYPE TO [--entity]", "link an annotation to another or to an entity", cmd_relate },
  { "relations",   "PROJECT [--annotation ID]", "list relations", cmd_relations },
  { "claims",      "PROJECT", "list claims with their fields", cmd_claims },
  { "risks",       "PROJECT", "list the risk register with scores", cmd_risks },
  { "codebook",    "PROJECT --export FILE | --import FILE | --bundled NAME", "share a codebook", cmd_codebook },
  { "doc-set",     "PROJECT DOC-ID [--reliability A-F] [--tlp MARKING] [--author NAME] ...",
                   "set document properties", cmd_doc_set },
  { "original",    "PROJECT DOC-ID --output FILE", "save the file a document was imported from", cmd_original },
  { "copy",        "PROJECT NEW.gloss", "write a consistent copy to a new file (safe while others write)", gloss_cli_copy },
  { "merge",       "PROJECT OTHER... [--json]", "merge copies (projects or Gloss JSON) into a project", gloss_cli_merge },
  { "history",     "PROJECT ID [--versions]", "list the recorded changes of a document, annotation or other row", gloss_cli_history },
  { "restore",     "PROJECT HISTORY-ID", "bring back the version before a recorded change", gloss_cli_restore },
  { "conflicts",   "PROJECT [--annotation ID] [--json]", "list the conflicts merges kept for a person to settle", gloss_cli_conflicts },
  { "resolve",     "PROJECT CONFLICT-ID --mine|--theirs|--base|--value V", "settle a conflict of a merge", gloss_cli_resolve },
  { "ach",         "PROJECT [list|new|hypothesis|evidence|grade|rate|scores|csv] ... [--json]",
                   "analyses of competing hypotheses", gloss_cli_ach },
  { "timeline",    "PROJECT [--format csv|json] [--output FILE]",
                   "events by date: publication dates, date fields, dates in annotated spans", gloss_cli_timeline },
  { "graph",       "PROJECT [--format graphml|gexf|dot|csv] [--output FILE] [--set NAME] [--document ID]... [--label NAME]...\n"
                   "               [--annotator NAME]... [--from DATE] [--to DATE] [--min-weight N] [--within sentence|paragraph]",
                   "the link chart: entities, their links and co-occurrence", gloss_cli_graph },
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

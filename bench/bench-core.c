/* bench-core.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Benchmark of the core on a large project: 1,000 documents and 1,000,000
 * annotations. It prints wall time and peak memory for each phase; each phase runs
 * in a process of its own so that its peak memory is its own.
 *
 *   bench-core [--documents N] [--annotations-per-document M] [--dir DIR]
 */
#define G_LOG_DOMAIN "bench-core"

#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

#include "gloss-json.h"
#include "gloss-project.h"
#include "gloss-store.h"

static const char *words[] = {
  "harbour", "officials", "said", "strike", "union", "minister", "Valdria", "port", "grain", "prices",
  "dam", "river", "report", "claimed", "denied", "will", "the", "of", "and", "in", "a", "to", "Zoë", "港口",
  "“quote”", "risk", "likely", "council", "agreed", "talks",
};

static long
peak_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line ? strtol (line + 6, NULL, 10) : -1;
}

static char *
make_text (GRand *rand, int doc, int n_words)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "Report %d\n\n", doc);
  for (int i = 0; i < n_words; i++)
    {
      g_string_append (text, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
      g_string_append_c (text, (i + 1) % 90 == 0 ? '\n' : ' ');
      if ((i + 1) % 90 == 0)
        g_string_append_c (text, '\n');
    }
  g_string_append (text, "End.");
  return g_string_free (text, FALSE);
}

static int
phase_create (const char *path, int n_docs, int per_doc)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_project_create (path, "Benchmark", 0, &error);
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  if (store == NULL)
    g_error ("%s", error->message);
  labels = gloss_store_list_labels (store, &error);
  if (!gloss_store_begin (store, &error))
    g_error ("%s", error->message);
  for (int d = 0; d < n_docs; d++)
    {
      g_autofree char *text = make_text (rand, d, 1200);
      g_autofree char *title = g_strdup_printf ("Report %d", d);
      g_autoptr(GlossDocument) doc = gloss_store_add_document (store, title, text, NULL, "txt", NULL, &error);
      glong len = g_utf8_strlen (text, -1);

      if (doc == NULL)
        g_error ("%s", error->message);
      for (int i = 0; i < per_doc; i++)
        {
          gint64 start = g_rand_int_range (rand, 0, len - 40);
          gint64 end = start + g_rand_int_range (rand, 1, 40);
          GlossLabel *label = labels->pdata[g_rand_int_range (rand, 0, labels->len)];
          g_autoptr(GlossAnnotation) a = gloss_store_add_annotation (store, doc->id, label->id, start, end,
                                                                     i % 10 == 0 ? "A note" : NULL,
                                                                     i % 2 ? "Ana Ruiz" : "Ben Okafor", &error);
          if (a == NULL)
            g_error ("%s", error->message);
        }
    }
  if (!gloss_store_commit (store, &error))
    g_error ("%s", error->message);
  return 0;
}

static int
phase_open (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_store_open (path, 0, &error);
  g_autoptr(GPtrArray) docs = NULL;

  if (store == NULL)
    g_error ("%s", error->message);
  docs = gloss_store_list_documents (store, &error);
  if (docs == NULL)
    g_error ("%s", error->message);
  return 0;
}

static int
phase_export (const char *path, const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_store_open (path, 0, &error);

  if (store == NULL || !gloss_json_export_to_file (store, NULL, json, NULL, &error))
    g_error ("%s", error->message);
  return 0;
}

static int
phase_import (const char *path, const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_project_create (path, NULL, GLOSS_PROJECT_CREATE_NO_CODEBOOK, &error);
  g_autoptr(GlossImportReport) report = gloss_import_report_new ();

  if (store == NULL || !gloss_json_import_file (store, json, report, &error))
    g_error ("%s", error->message);
  if (report->annotations_added == 0)
    g_error ("nothing imported");
  return 0;
}

static void
run_phase (const char *self, const char *phase, const char *a, const char *b,
           int n_docs, int per_doc, const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *docs = g_strdup_printf ("%d", n_docs);
  g_autofree char *per = g_strdup_printf ("%d", per_doc);
  const char *argv[] = { self, "--phase", phase, "--documents", docs, "--annotations-per-document", per,
                         "--a", a, "--b", b ? b : "", NULL };
  gint64 t0 = g_get_monotonic_time ();
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s", phase, error->message);
  g_print ("%-44s %9.2f s   peak %7.1f MiB\n", what, (g_get_monotonic_time () - t0) / 1e6,
           g_ascii_strtod (out, NULL) / 1024.0);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("- benchmark the Gloss core");
  g_autofree char *phase = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *dir = NULL;
  int n_docs = 1000, per_doc = 1000;
  GOptionEntry entries[] = {
    { "documents", 0, 0, G_OPTION_ARG_INT, &n_docs, "Documents (default 1000)", "N" },
    { "annotations-per-document", 0, 0, G_OPTION_ARG_INT, &per_doc, "Annotations per document (default 1000)", "M" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Work in DIR (default: a new temporary folder)", "DIR" },
    { "phase", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &phase, NULL, NULL },
    { "a", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &a, NULL, NULL },
    { "b", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &b, NULL, NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (phase != NULL)
    {
      int rc = 1;

      if (g_str_equal (phase, "create"))
        rc = phase_create (a, n_docs, per_doc);
      else if (g_str_equal (phase, "open"))
        rc = phase_open (a);
      else if (g_str_equal (phase, "export"))
        rc = phase_export (a, b);
      else if (g_str_equal (phase, "import"))
        rc = phase_import (a, b);
      printf ("%ld\n", peak_kib ());
      return rc;
    }

  {
    g_autofree char *work = dir ? g_strdup (dir) : g_dir_make_tmp ("gloss-bench-XXXXXX", &error);
    g_autofree char *project = g_build_filename (work, "big.gloss", NULL);
    g_autofree char *json = g_build_filename (work, "big.json", NULL);
    g_autofree char *copy = g_build_filename (work, "copy.gloss", NULL);
    g_autofree char *label = g_strdup_printf ("create %d documents, %d annotations", n_docs, n_docs * per_doc);
    GStatBuf st;

    if (work == NULL)
      g_error ("%s", error->message);
    g_unlink (project);
    g_unlink (copy);
    g_print ("Gloss core benchmark in %s\n", work);
    run_phase (argv[0], "create", project, NULL, n_docs, per_doc, label);
    if (g_stat (project, &st) == 0)
      g_print ("  project file: %.1f MiB\n", st.st_size / 1048576.0);
    run_phase (argv[0], "open", project, NULL, n_docs, per_doc, "open (checks) and list documents");
    run_phase (argv[0], "export", project, json, n_docs, per_doc, "export to Gloss JSON");
    if (g_stat (json, &st) == 0)
      g_print ("  JSON file: %.1f MiB\n", st.st_size / 1048576.0);
    run_phase (argv[0], "import", copy, json, n_docs, per_doc, "import that JSON into an empty project");
    if (dir == NULL)
      {
        g_autofree char *wal = g_strconcat (project, "-wal", NULL);
        g_autofree char *shm = g_strconcat (project, "-shm", NULL);
        g_autofree char *cwal = g_strconcat (copy, "-wal", NULL);
        g_autofree char *cshm = g_strconcat (copy, "-shm", NULL);
        g_unlink (project); g_unlink (wal); g_unlink (shm);
        g_unlink (copy); g_unlink (cwal); g_unlink (cshm);
        g_unlink (json);
        g_rmdir (work);
      }
  }
  return 0;
}

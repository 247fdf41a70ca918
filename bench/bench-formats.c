/* bench-formats.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Benchmark of every exporter on a large project: 1,000 documents and 1,000,000
 * annotations (built as bench-core builds it, or an existing project given with
 * --project). Each format is exported through gloss-exchange.h in a process of its
 * own, so that the peak memory it reports is that export's alone; the table gives
 * wall time, output size, and the growth of the peak resident set (VmHWM in
 * /proc/self/status) from just after the project is opened to the end of the export.
 * A streaming exporter grows by a few MiB whatever the project's size.
 *
 *   bench-formats [--project PATH] [--documents N] [--annotations-per-document M] [--dir DIR]
 *                 [--only FORMAT]
 *
 * Not a test (not run by `meson test`; `meson test --benchmark bench-formats` runs it).
 *
 * Figures of one run (2-core VM, Debian 12, SQLite 3.40, nice 10; project built by
 * this program: 1,000 documents of ~7,000 characters, 1,000,000 annotations, every
 * tenth with a note, default codebook; 298.5 MiB; created in 43.1 s):
 *
 *   format                seconds   output MiB  peak growth MiB     peak MiB
 *   json                     4.37        533.6              0.5         12.2
 *   w3c                      6.75       1182.1              1.3         12.8
 *   jsonl                    3.34        239.3              1.6         13.3
 *   jsonl --no-text          3.43        232.2              1.1         12.6
 *   csv                      2.35        180.3              1.2         12.7
 *   csv --bom                2.27        180.3              1.2         12.7
 *   brat (folder)            4.23         54.3              1.7         13.4
 *   brat (zip)               5.36         15.3              2.4         13.8
 *   qdpx                    21.33         77.4              2.5         13.8
 *   html                    17.64        480.5              6.4         18.0
 *
 * Every exporter streams. The HTML report writes its claims and risks tables and its
 * entity index from further passes over the project after the documents (it used to
 * keep every claim, risk and mention in memory for them: 356.3 MiB peak growth in
 * this run, 459.6 MiB before that). The html row was measured after that change on
 * the same project; the other rows are from the first run.
 */
#define G_LOG_DOMAIN "bench-formats"

#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

#include "gloss-exchange.h"
#include "gloss-project.h"
#include "gloss-store.h"

static const char *words[] = {
  "harbour", "officials", "said", "strike", "union", "minister", "Valdria", "port", "grain", "prices",
  "dam", "river", "report", "claimed", "denied", "will", "the", "of", "and", "in", "a", "to", "Zoë", "港口",
  "“quote”", "risk", "likely", "council", "agreed", "talks",
};

/* What each row of the table exports. */
typedef struct {
  const char *title;
  const char *format;
  gboolean    omit_text;
  gboolean    bom;
  const char *output;     /* name of the output in the work folder */
} Case;

static const Case cases[] = {
  { "json",               "json",  FALSE, FALSE, "out.json" },
  { "w3c",                "w3c",   FALSE, FALSE, "out.jsonld" },
  { "jsonl",              "jsonl", FALSE, FALSE, "out.jsonl" },
  { "jsonl --no-text",    "jsonl", TRUE,  FALSE, "out-no-text.jsonl" },
  { "csv",                "csv",   FALSE, FALSE, "out.csv" },
  { "csv --bom",          "csv",   FALSE, TRUE,  "out-bom.csv" },
  { "brat (folder)",      "brat",  FALSE, FALSE, "out-brat" },
  { "brat (zip)",         "brat",  FALSE, FALSE, "out-brat.zip" },
  { "qdpx",               "qdpx",  FALSE, FALSE, "out.qdpx" },
  { "html",               "html",  FALSE, FALSE, "out.html" },
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

/* The same synthetic text as bench-core: words with non-ASCII among them, a paragraph
 * break every 90 words. */
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

/* Builds the project as bench-core does: one transaction, random spans up to 40 code
 * points, every tenth with a note, two annotators. */
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
                                                                     i % 10 == 0 ? "A note, with “quotes”" : NULL,
                                                                     i % 2 ? "Ana Ruiz" : "Ben Okafor", &error);
          if (a == NULL)
            g_error ("%s", error->message);
        }
    }
  if (!gloss_store_commit (store, &error))
    g_error ("%s", error->message);
  return 0;
}

/* Prints "<seconds> <peak KiB after open> <peak KiB after export>". */
static int
phase_export (const char *project, const Case *c, const char *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  GlossExportOptions options = { .omit_text = c->omit_text, .bom = c->bom };
  long before;
  gint64 t0;

  store = gloss_store_open (project, GLOSS_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  before = peak_kib ();
  t0 = g_get_monotonic_time ();
  if (!gloss_exchange_export_path (store, NULL, gloss_format_from_name (c->format), &options, out,
                                   warnings, NULL, &error))
    g_error ("%s: %s", c->title, error->message);
  printf ("%.3f %ld %ld\n", (g_get_monotonic_time () - t0) / 1e6, before, peak_kib ());
  return 0;
}

static guint64
tree_size (const char *path)
{
  GStatBuf st;
  GDir *dir;
  const char *name;
  guint64 total = 0;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return g_stat (path, &st) == 0 ? (guint64) st.st_size : 0;
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      total += tree_size (child);
    }
  if (dir != NULL)
    g_dir_close (dir);
  return total;
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      remove_tree (child);
    }
  g_dir_close (dir);
  g_rmdir (path);
}

static char *
run_child (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s", argv[2], error->message);
  return out;
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("- benchmark every Gloss exporter");
  g_autofree char *phase = NULL;
  g_autofree char *project = NULL;
  g_autofree char *out = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *only = NULL;
  int n_docs = 1000, per_doc = 1000, which = -1;
  GOptionEntry entries[] = {
    { "project", 0, 0, G_OPTION_ARG_FILENAME, &project, "Use this project (built there first if absent)", "PATH" },
    { "documents", 0, 0, G_OPTION_ARG_INT, &n_docs, "Documents of a new project (default 1000)", "N" },
    { "annotations-per-document", 0, 0, G_OPTION_ARG_INT, &per_doc, "Annotations per document (default 1000)", "M" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Write the exports in DIR (default: a new temporary folder)", "DIR" },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only, "Only this format (json, w3c, jsonl, csv, brat, qdpx, html)", "FORMAT" },
    { "phase", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &phase, NULL, NULL },
    { "case", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &which, NULL, NULL },
    { "out", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &out, NULL, NULL },
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
      if (g_str_equal (phase, "create"))
        return phase_create (project, n_docs, per_doc);
      if (g_str_equal (phase, "export") && which >= 0 && which < (int) G_N_ELEMENTS (cases))
        return phase_export (project, &cases[which], out);
      return 2;
    }

  {
    g_autofree char *work = dir ? g_strdup (dir) : g_dir_make_tmp ("gloss-bench-formats-XXXXXX", &error);
    gboolean own_project = project == NULL;
    GStatBuf st;

    if (work == NULL)
      g_error ("%s", error->message);
    if (own_project)
      project = g_build_filename (work, "big.gloss", NULL);
    g_print ("Gloss exporters benchmark in %s\n", work);
    if (!g_file_test (project, G_FILE_TEST_EXISTS))
      {
        g_autofree char *docs = g_strdup_printf ("%d", n_docs);
        g_autofree char *per = g_strdup_printf ("%d", per_doc);
        const char *child[] = { argv[0], "--phase", "create", "--project", project, "--documents", docs,
                                "--annotations-per-document", per, NULL };
        gint64 t0 = g_get_monotonic_time ();
        g_autofree char *ignored = run_child (child);

        g_print ("created %s (%d documents, %d annotations) in %.1f s\n", project, n_docs, n_docs * per_doc,
                 (g_get_monotonic_time () - t0) / 1e6);
      }
    if (g_stat (project, &st) == 0)
      g_print ("project: %s, %.1f MiB\n\n", project, st.st_size / 1048576.0);

    g_print ("%-18s %10s %12s %16s %12s\n", "format", "seconds", "output MiB", "peak growth MiB", "peak MiB");
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *path = g_build_filename (work, cases[i].output, NULL);
        g_autofree char *index = g_strdup_printf ("%u", i);
        const char *child[] = { argv[0], "--phase", "export", "--case", index, "--project", project,
                                "--out", path, NULL };
        g_autofree char *result = NULL;
        double seconds = 0;
        long before = 0, after = 0;

        if (only != NULL && !g_str_equal (only, cases[i].format))
          continue;
        remove_tree (path);
        result = run_child (child);
        if (sscanf (result, "%lf %ld %ld", &seconds, &before, &after) != 3)
          g_error ("%s: unexpected output “%s”", cases[i].title, result);
        g_print ("%-18s %10.2f %12.1f %16.1f %12.1f\n", cases[i].title, seconds, tree_size (path) / 1048576.0,
                 (after - before) / 1024.0, after / 1024.0);
        remove_tree (path);
      }

    if (dir == NULL)
      {
        if (own_project)
          {
            g_autofree char *wal = g_strconcat (project, "-wal", NULL);
            g_autofree char *shm = g_strconcat (project, "-shm", NULL);
            g_unlink (project);
            g_unlink (wal);
            g_unlink (shm);
          }
        g_rmdir (work);
      }
  }
  return 0;
}

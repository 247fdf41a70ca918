/* test-cli.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs gloss-cli end to end as a script would, and checks its output, exit status and
 * the project file it leaves.
 */
#define G_LOG_DOMAIN "test-cli"

#include <string.h>
#include <glib/gstdio.h>

#include "gloss-conflicts.h"
#include "gloss-store.h"

typedef struct {
  char *out;
  char *err;
  int   status;
} Run;

static void
run_clear (Run *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

/* Runs gloss-cli with the NULL-terminated arguments. */
static void
run (Run *r, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("GLOSS_CLI");
  int wait_status = 0;
  va_list args;
  const char *arg;

  g_assert_nonnull (cli);
  run_clear (r);
  g_ptr_array_add (argv, (char *) cli);
  va_start (args, r);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &r->out, &r->err, &wait_status, &error));
  g_assert_no_error (error);
  r->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

static char *
sample (const char *name)
{
  const char *root = g_getenv ("GLOSS_SOURCE_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, "data", "samples", name, NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_unlink (child);
    }
  g_rmdir (path);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p; p++)
    if (*p == '\n')
      n++;
  return n;
}

static void
test_end_to_end (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gloss-test-cli-XXXXXX", &error);
  g_autofree char *project = g_build_filename (dir, "work.gloss", NULL);
  g_autofree char *copy = g_build_filename (dir, "copy.gloss", NULL);
  g_autofree char *export1 = g_build_filename (dir, "one.json", NULL);
  g_autofree char *export2 = g_build_filename (dir, "two.json", NULL);
  g_autofree char *txt = sample ("harbour-strike.txt");
  g_autofree char *html = sample ("river-dam-report.html");
  g_autofree char *md = sample ("grain-prices.md");
  g_autofree char *doc_id = NULL;
  g_autofree char *annotation_id = NULL;
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GlossDocument) doc = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *end_text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *cjk;
  gint64 start;
  Run r = { 0 };

  g_assert_no_error (error);

  run (&r, "--version", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "gloss-cli "));

  run (&r, "init", project, "--name", "Harbour desk", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run (&r, "init", project, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_true (g_str_has_prefix (r.err, "gloss-cli: "));

  run (&r, "labels", project, NULL);
  g_assert_cmpint (r.status, ==, 0);
  /* The Analyst codebook: Person, Organization, Location, Claim, Risk, Event. */
  g_assert_cmpuint (count_lines (r.out), ==, 6);
  g_assert_nonnull (strstr (r.out, "\tPerson\tentity\t#3584e4\t1\n"));

  run (&r, "label-add", project, "Source", "--kind", "entity", "--colour", "#33C7DE", "--shortcut", "s", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run (&r, "label-add", project, "Other", "--colour", "teal", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "colour"));

  run (&r, "import", project, txt, html, md, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (count_lines (r.out), ==, 3);
  fields = g_strsplit (r.out, "\t", 2);
  doc_id = g_strdup (fields[0]);

  /* Again: nothing new, reported on stderr, still success. */
  run (&r, "import", project, txt, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_nonnull (strstr (r.err, "already in the project"));

  run (&r, "documents", project, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (count_lines (r.out), ==, 3);

  /* Annotate the CJK word by its code-point offsets in the stored text. */
  store = gloss_store_open (project, GLOSS_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  doc = gloss_store_get_document (store, doc_id, &error);
  g_assert_no_error (error);
  cjk = strstr (doc->text, "港口");
  g_assert_nonnull (cjk);
  start = g_utf8_pointer_to_offset (doc->text, cjk);
  g_clear_object (&store);
  start_text = g_strdup_printf ("%" G_GINT64_FORMAT, start);
  end_text = g_strdup_printf ("%" G_GINT64_FORMAT, start + 2);

  run (&r, "annotate", project, "--document", doc_id, "--start", start_text, "--end", end_text,
       "--label", "location", "--note", "Harbour, in Chinese", "--annotator", "Ana Ruiz", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_strstrip (r.out);
  annotation_id = g_strdup (r.out);
  g_assert_true (g_uuid_string_is_valid (annotation_id));

  run (&r, "annotate", project, "--document", doc_id, "--start", "0", "--end", "999999", "--label", "Person", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "does not fit"));
  run (&r, "annotate", project, "--document", doc_id, "--start", "x", "--end", "3", "--label", "Person", NULL);
  g_assert_cmpint (r.status, ==, 2);
  run (&r, "annotate", project, "--document", doc_id, "--start", "0", "--end", "3", "--label", "Nope", NULL);
  g_assert_cmpint (r.status, ==, 1);

  run (&r, "annotations", project, "--document", doc_id, NULL);
  g_assert_cmpint (r.status, ==, 0);
  {
    g_autofree char *expected = g_strdup_printf ("%s\t%s\t%s\t%s\tLocation\t港口\n", annotation_id, doc_id, start_text, end_text);
    g_assert_cmpstr (r.out, ==, expected);
  }

  run (&r, "search", project, "港口", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, doc_id));

  /* Export, import into an empty project, export again: the same bytes. */
  run (&r, "export", project, "--output", export1, NULL);
  g_assert_cmpint (r.status, ==, 0);
  run (&r, "init", copy, "--empty", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run (&r, "import", copy, export1, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (count_lines (r.out), ==, 3);
  run (&r, "export", copy, "--output", export2, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_file_get_contents (export1, &one, NULL, NULL));
  g_assert_true (g_file_get_contents (export2, &two, NULL, NULL));
  g_assert_cmpstr (one, ==, two);

  /* To standard output, scoped: compact by default, indented with --pretty. */
  run (&r, "export", project, "--label", "Location", "--document", doc_id, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "\"quote\":\"港口\""));
  g_assert_null (strstr (r.out, "\"name\":\"Person\""));
  g_assert_true (strchr (r.out, '\n') == r.out + strlen (r.out) - 1);   /* one line */
  run (&r, "export", project, "--pretty", "--label", "Location", "--document", doc_id, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "\n      \"quote\": \"港口\""));
  run (&r, "export", project, "--pretty", "--format", "csv", NULL);
  g_assert_cmpint (r.status, ==, 2);
  run (&r, "export", project, "--format", "xml", NULL);
  g_assert_cmpint (r.status, ==, 2);

  /* A saved set as the scope. */
  run (&r, "set-add", project, "Places", "--label", "Location", "--annotator", "Ana Ruiz", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run (&r, "sets", project, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "\tPlaces\t{\"labels\":[\"Location\"],\"annotators\":[\"Ana Ruiz\"]}"));
  run (&r, "export", project, "--set", "places", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "\"quote\":\"港口\""));
  g_assert_null (strstr (r.out, "\"name\":\"Person\""));
  run (&r, "export", project, "--set", "Nowhere", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "Nowhere"));

  run (&r, "check", project, NULL);
  g_assert_cmpint (r.status, ==, 0);

  run (&r, "delete", project, annotation_id, NULL);
  g_assert_cmpint (r.status, ==, 0);
  run (&r, "delete", project, annotation_id, NULL);
  g_assert_cmpint (r.status, ==, 1);
  run (&r, "annotations", project, NULL);
  g_assert_cmpstr (r.out, ==, "");

  run_clear (&r);
  remove_tree (dir);
}

static void
test_usage_and_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gloss-test-cli-XXXXXX", &error);
  g_autofree char *junk = g_build_filename (dir, "junk.gloss", NULL);
  g_autofree char *binary = g_build_filename (dir, "picture.txt", NULL);
  g_autofree char *project = g_build_filename (dir, "p.gloss", NULL);
  g_autofree char *txt = sample ("harbour-strike.txt");
  Run r = { 0 };

  run (&r, NULL);
  g_assert_cmpint (r.status, ==, 2);
  run (&r, "frobnicate", NULL);
  g_assert_cmpint (r.status, ==, 2);
  run (&r, "--help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "annotate"));

  {
    const char *commands[] = { "init", "import", "documents", "labels", "label-add", "annotate",
                               "annotations", "delete", "search", "export", "check" };
    for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
      {
        run (&r, commands[i], "--help", NULL);
        g_assert_cmpint (r.status, ==, 0);
        g_assert_nonnull (strstr (r.out, commands[i]));
      }
  }
  run (&r, "documents", NULL);
  g_assert_cmpint (r.status, ==, 2);

  g_file_set_contents (junk, "hello, I am not a database", -1, NULL);
  run (&r, "documents", junk, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "not a Gloss project"));

  /* A bad file among good ones (issue 13): it is reported by name, one line per file,
   * the others are imported, and the exit status says something failed. */
  run (&r, "init", project, NULL);
  g_file_set_contents (binary, "%PDF-1.4\n\x01\x02\x03 binary", 20, NULL);
  run (&r, "import", project, binary, txt, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "picture.txt: failed: "));
  g_assert_nonnull (strstr (r.err, "PDF"));
  g_assert_nonnull (strstr (r.err, ": imported\n"));
  g_assert_nonnull (strstr (r.err, "1 of 2 files failed"));
  g_assert_cmpuint (count_lines (r.out), ==, 1);
  run (&r, "documents", project, NULL);
  g_assert_cmpuint (count_lines (r.out), ==, 1);

  /* On a network share (simulated): no new project there, and an existing one is
   * read only: writing commands refuse, reading ones work. */
  {
    g_autofree char *shared = g_build_filename (dir, "shared.gloss", NULL);

    g_setenv ("GLOSS_TEST_PRETEND_NETWORK_FS", "1", TRUE);
    run (&r, "init", shared, NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "network share"));
    g_assert_false (g_file_test (shared, G_FILE_TEST_EXISTS));
    run (&r, "label-add", project, "Rumour", NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "network share"));
    run (&r, "labels", project, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_null (strstr (r.out, "Rumour"));
    g_unsetenv ("GLOSS_TEST_PRETEND_NETWORK_FS");
  }

  run_clear (&r);
  remove_tree (dir);
}

/* The count of lines "gloss-cli annotations PROJECT" prints. */
static guint
annotation_count (const char *project)
{
  Run r = { 0 };
  guint n;

  run (&r, "annotations", project, NULL);
  g_assert_cmpint (r.status, ==, 0);
  n = count_lines (r.out);
  run_clear (&r);
  return n;
}

static char *
first_field (const char *line)
{
  const char *tab = strchr (line, '\t');

  g_assert_nonnull (tab);
  return g_strndup (line, tab - line);
}

/* Every export format through the CLI, and import of each importable one into a
 * fresh project by content, with the same annotations coming back; export-only and
 * broken files are refused and leave the project as it was. */
static void
test_formats (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gloss-test-cli-XXXXXX", &error);
  g_autofree char *project = g_build_filename (dir, "work.gloss", NULL);
  g_autofree char *txt = sample ("harbour-strike.txt");
  g_autofree char *html = sample ("river-dam-report.html");
  g_autofree char *doc_id = NULL;
  g_autofree char *path = NULL;
  const char *stream_formats[] = { "json", "w3c", "jsonl", "csv", "html" };
  const char *imports[][2] = { { "json", "out.json" }, { "jsonl", "out.jsonl" },
                               { "brat", "brat.zip" }, { "brat", "brat-dir" } };
  Run r = { 0 };

  g_assert_no_error (error);
  /* The HTML report's "generated" time, fixed so that two reports compare equal. */
  g_setenv ("SOURCE_DATE_EPOCH", "1764374400", TRUE);
  run (&r, "init", project, NULL);
  g_assert_cmpint (r.status, ==, 0);
  run (&r, "import", project, txt, html, NULL);
  g_assert_cmpint (r.status, ==, 0);
  doc_id = first_field (r.out);
  run (&r, "annotate", project, "--document", doc_id, "--start", "0", "--end", "11",
       "--label", "Organization", "--note", "quoted \"note\", with a comma\nand a line", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run (&r, "annotate", project, "--document", doc_id, "--start", "5", "--end", "20",
       "--label", "Claim", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (annotation_count (project), ==, 2);

  for (guint i = 0; i < G_N_ELEMENTS (stream_formats); i++)
    {
      g_autofree char *name = g_strdup_printf ("out.%s", stream_formats[i]);
      g_autofree char *file = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;

      run (&r, "export", project, "--format", stream_formats[i], "--output", file, NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_true (g_file_get_contents (file, &contents, NULL, NULL));
      /* The same bytes to standard output as to a file. */
      run (&r, "export", project, "--format", stream_formats[i], NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_true (g_str_equal (r.out, contents));
      g_assert_nonnull (strstr (contents, "Dockworkers"));
    }
  /* What a format leaves out is said on stderr. */
  run (&r, "export", project, "--format", "csv", NULL);
  g_assert_nonnull (strstr (r.err, "warning:"));
  run (&r, "export", project, "--format", "csv", "--bom", NULL);
  g_assert_true (g_str_has_prefix (r.out, "\xef\xbb\xbf"));
  run (&r, "export", project, "--format", "jsonl", "--no-text", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_null (strstr (r.out, "\"text\""));
  run (&r, "export", project, "--format", "jsonl", "--bom", NULL);
  g_assert_cmpint (r.status, ==, 2);
  run (&r, "export", project, "--format", "docx", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "json|w3c|brat|jsonl|csv|qdpx|html"));
  run (&r, "export", project, "--format", "brat", NULL);
  g_assert_cmpint (r.status, ==, 2);

  path = g_build_filename (dir, "brat.zip", NULL);
  run (&r, "export", project, "--format", "brat", "--output", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_free (path);
  path = g_build_filename (dir, "brat-dir", NULL);
  run (&r, "export", project, "--format", "brat", "--output", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_DIR));
  g_free (path);
  path = g_build_filename (dir, "out.qdpx", NULL);
  run (&r, "export", project, "--format", "qdpx", "--output", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  /* Import by content: the file names do not say the format. */
  for (guint i = 0; i < G_N_ELEMENTS (imports); i++)
    {
      g_autofree char *fresh = g_build_filename (dir, "fresh.gloss", NULL);
      g_autofree char *file = g_build_filename (dir, imports[i][1], NULL);
      g_autofree char *renamed = g_build_filename (dir, "annotations.data", NULL);
      const char *input = file;

      g_unlink (fresh);
      if (!g_file_test (file, G_FILE_TEST_IS_DIR))
        {
          g_assert_cmpint (g_rename (file, renamed), ==, 0);
          input = renamed;
        }
      run (&r, "init", fresh, "--empty", NULL);
      g_assert_cmpint (r.status, ==, 0);
      run (&r, "import", fresh, input, NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_nonnull (strstr (r.err, imports[i][0][0] == 'b' ? "brat" : imports[i][0][1] == 's' ? "JSON" : "JSON Lines"));
      g_assert_cmpuint (annotation_count (fresh), ==, 2);
      if (input == renamed)
        g_assert_cmpint (g_rename (renamed, file), ==, 0);
    }

  /* W3C re-anchors on the project's own documents. */
  {
    g_autofree char *fresh = g_build_filename (dir, "w3c.gloss", NULL);
    g_autofree char *file = g_build_filename (dir, "out.w3c", NULL);

    run (&r, "init", fresh, "--empty", NULL);
    run (&r, "import", fresh, txt, html, NULL);
    g_assert_cmpint (r.status, ==, 0);
    run (&r, "import", fresh, file, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.err, "W3C"));
    g_assert_cmpuint (annotation_count (fresh), ==, 2);
    run (&r, "import", fresh, file, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpuint (annotation_count (fresh), ==, 2);
  }

  /* Refused: export-only formats, malformed files, spans past the end. Nothing changes. */
  {
    const char *bad[][2] = {
      { "broken.json", "{\"format\": \"gloss\", \"version\": 1, \"labels\": [" },
      { "other.json", "{\"hello\": \"world\"}" },
      { "spans.jsonl", "{\"text\": \"abc\", \"spans\": [{\"start\": 0, \"end\": 9, \"label\": \"X\"}]}\n" },
      { "w3c.jsonld", "{\"@context\": \"http://www.w3.org/ns/anno.jsonld\", \"type\": \"Annotation\", \"target\": 5}" },
    };
    g_autofree char *before = NULL;
    g_autofree char *documents_before = NULL;

    run (&r, "annotations", project, NULL);
    before = g_strdup (r.out);
    run (&r, "documents", project, NULL);
    documents_before = g_strdup (r.out);
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *file = g_build_filename (dir, bad[i][0], NULL);

        g_assert_true (g_file_set_contents (file, bad[i][1], -1, NULL));
        run (&r, "import", project, txt, file, NULL);
        g_assert_cmpint (r.status, ==, 1);
        g_assert_nonnull (strstr (r.err, bad[i][0]));
      }
    g_free (path);
    path = g_build_filename (dir, "out.csv", NULL);
    run (&r, "import", project, path, NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "does not import"));
    run (&r, "annotations", project, NULL);
    g_assert_cmpstr (r.out, ==, before);
    run (&r, "documents", project, NULL);
    g_assert_cmpstr (r.out, ==, documents_before);
  }

  run_clear (&r);
  g_free (path);
  path = g_build_filename (dir, "brat-dir", NULL);
  remove_tree (path);
  remove_tree (dir);
}

/* Analyst tradecraft from the command line: fields, entities, relations, claims,
 * risks, document properties, codebooks. */
static void
test_tradecraft (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gloss-test-cli-XXXXXX", &error);
  g_autofree char *project = g_build_filename (dir, "desk.gloss", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.gloss", NULL);
  g_autofree char *codebook = g_build_filename (dir, "codebook.json", NULL);
  g_autofree char *export1 = g_build_filename (dir, "one.json", NULL);
  g_autofree char *export2 = g_build_filename (dir, "two.json", NULL);
  g_autofree char *txt = sample ("harbour-strike.txt");
  g_autofree char *doc = NULL;
  g_autofree char *person = NULL;
  g_autofree char *claim = NULL;
  g_autofree char *risk = NULL;
  g_autofree char *keep = NULL;
  g_autofree char *other = NULL;
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;
  Run r = { 0 };

  g_assert_no_error (error);
  run (&r, "init", project, NULL);
  g_assert_cmpint (r.status, ==, 0);
  run (&r, "import", project, txt, NULL);
  g_assert_cmpint (r.status, ==, 0);
  doc = g_strndup (r.out, 36);

  /* A wrong field value: exit 1, a message naming the field, nothing added. */
  run (&r, "annotate", project, "--document", doc, "--start", "0", "--end", "11", "--label", "Claim",
       "--field", "likelihood=maybe", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_true (g_str_has_prefix (r.err, "gloss-cli: likelihood: “maybe” is not one of almost no chance"));
  run (&r, "annotations", project, NULL);
  g_assert_cmpstr (r.out, ==, "");
  run (&r, "annotate", project, "--document", doc, "--start", "0", "--end", "11", "--label", "Claim",
       "--field", "nonsense", NULL);
  g_assert_cmpint (r.status, ==, 2);

  /* A mention creates its entity; the claim names it as speaker. */
  run (&r, "annotate", project, "--document", doc, "--start", "15", "--end", "28", "--label", "Location",
       "--entity", "Port Calloway", NULL);
  g_assert_cmpint (r.status, ==, 0);
  person = g_strstrip (g_strdup (r.out));
  g_assert_nonnull (strstr (r.err, "new Location “Port Calloway”"));
  run (&r, "entity-add", project, "Calloway Dockworkers' Union", "--type", "Organization", "--alias", "CDU", NULL);
  g_assert_cmpint (r.status, ==, 0);
  keep = g_strstrip (g_strdup (r.out));
  run (&r, "entity-add", project, "Dockworkers Union", "--type", "Organization", NULL);
  other = g_strstrip (g_strdup (r.out));
  run (&r, "annotate", project, "--document", doc, "--start", "0", "--end", "11", "--label", "Claim",
       "--field", "likelihood=Likely", "--field", "claim type=allegation", "--field", "speaker=c.d.u.",
       "--field", "credibility=3", NULL);
  g_assert_cmpint (r.status, ==, 0);
  claim = g_strstrip (g_strdup (r.out));
  run (&r, "claims", project, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "\tCalloway Dockworkers' Union\tallegation\tlikely\t\t3\t\n"));

  run (&r, "annotate", project, "--document", doc, "--start", "29", "--end", "37", "--label", "Risk",
       "--field", "likelihood=possible", "--field", "impact=major", NULL);
  g_assert_cmpint (r.status, ==, 0);
  risk = g_strstrip (g_strdup (r.out));
  run (&r, "risks", project, NULL);
  g_assert_true (g_str_has_suffix (r.out, "\t\t3\t4\t\t\t12\n"));

  run (&r, "relate", project, risk, "evidenced by", claim, NULL);
  g_assert_cmpint (r.status, ==, 0);
  run (&r, "relate", project, claim, "evidenced by", risk, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "the source is a Claim but must be a Risk"));
  run (&r, "relations", project, "--annotation", claim, NULL);
  g_assert_cmpuint (count_lines (r.out), ==, 1);
  g_assert_nonnull (strstr (r.out, "\tevidenced by\t"));
  /* A link to an entity of the register, named by an alias; listed with its name. */
  run (&r, "relate", project, claim, "attributed to", "cdu", "--entity", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run (&r, "relate", project, claim, "attributed to", "Nobody Known", "--entity", NULL);
  g_assert_cmpint (r.status, ==, 1);
  run (&r, "relations", project, "--annotation", claim, NULL);
  g_assert_cmpuint (count_lines (r.out), ==, 2);
  {
    g_autofree char *target = g_strdup_printf ("\tattributed to\tentity:%s\t", keep);

    g_assert_nonnull (strstr (r.out, target));
    g_assert_true (g_str_has_suffix (r.out, "\tCalloway Dockworkers' Union\n"));
  }

  run (&r, "entity-merge", project, keep, other, NULL);
  g_assert_cmpint (r.status, ==, 0);
  run (&r, "entities", project, "--type", "Organization", NULL);
  g_assert_cmpuint (count_lines (r.out), ==, 1);
  g_assert_nonnull (strstr (r.out, "\tCDU|Dockworkers Union\t0\t0\t"));
  run (&r, "mentions", project, keep, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (count_lines (r.out), >=, 1);
  g_assert_nonnull (strstr (r.out, "Calloway Dockworkers’ Union"));
  run (&r, "mentions", project, keep, "--annotate", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run (&r, "mentions", project, keep, NULL);
  g_assert_cmpstr (r.out, ==, "");
  /* Every entity at once: the kept one's are annotated now, so none of its are left. */
  run (&r, "mentions", project, "--all", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_null (strstr (r.out, keep));
  run (&r, "mentions", project, "--all", keep, NULL);
  g_assert_cmpint (r.status, ==, 2);
  run (&r, "check", project, "--repair", NULL);
  g_assert_cmpint (r.status, ==, 0);

  run (&r, "doc-set", project, doc, "--reliability", "b", "--tlp", "amber+strict", "--published", "2026-03-02", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run (&r, "doc-set", project, doc, "--tlp", "orange", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "TLP: “ORANGE” is not a Traffic Light Protocol marking"));
  run (&r, "check", project, NULL);
  g_assert_cmpint (r.status, ==, 0);

  /* The codebook travels; the JSON round trip carries everything byte for byte. */
  run (&r, "codebook", project, "--export", codebook, NULL);
  g_assert_cmpint (r.status, ==, 0);
  run (&r, "init", empty, "--empty", NULL);
  run (&r, "codebook", empty, "--import", codebook, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.err, "6 labels, 13 fields and 5 relation types added"));
  g_unlink (empty);
  run (&r, "export", project, "--output", export1, NULL);
  g_assert_cmpint (r.status, ==, 0);
  run (&r, "init", empty, "--empty", NULL);
  run (&r, "import", empty, export1, NULL);
  g_assert_cmpint (r.status, ==, 0);
  run (&r, "export", empty, "--output", export2, NULL);
  g_assert_true (g_file_get_contents (export1, &one, NULL, NULL));
  g_assert_true (g_file_get_contents (export2, &two, NULL, NULL));
  g_assert_cmpstr (one, ==, two);
  g_assert_nonnull (strstr (one, "\"tlp\":\"AMBER+STRICT\""));

  run_clear (&r);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d && (name = g_dir_read_name (d)))
      {
        g_autofree char *child = g_build_filename (dir, name, NULL);
        g_unlink (child);
      }
    g_rmdir (dir);
  }
}

/* gloss-cli merge, history and restore end to end: a colleague's copy adds an
 * annotation; merging twice adds it once; the source copy is not changed; a deletion
 * shows in the history and restoring it brings the annotation back. */
static void
test_merge_history (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gloss-test-cli-XXXXXX", &error);
  g_autofree char *mine = g_build_filename (dir, "mine.gloss", NULL);
  g_autofree char *theirs = g_build_filename (dir, "theirs.gloss", NULL);
  g_autofree char *txt = sample ("harbour-strike.txt");
  g_autofree char *doc_id = NULL;
  g_autofree char *ann_id = NULL;
  g_autofree char *theirs_before = NULL;
  g_autofree char *theirs_after = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *history_id = NULL;
  gsize len = 0;
  Run r = { 0 };

  g_assert_no_error (error);
  run (&r, "init", mine, NULL);
  g_assert_cmpint (r.status, ==, 0);
  run (&r, "import", mine, txt, NULL);
  doc_id = first_field (r.out);
  run (&r, "annotate", mine, "--document", doc_id, "--start", "0", "--end", "11", "--label", "Organization", NULL);
  g_assert_cmpint (r.status, ==, 0);
  ann_id = g_strstrip (g_strdup (r.out));

  /* The colleague's copy: the file as it is now, plus one annotation of theirs. */
  g_assert_true (g_file_get_contents (mine, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (theirs, contents, len, NULL));
  run (&r, "annotate", theirs, "--document", doc_id, "--start", "15", "--end", "29", "--label", "Location",
       "--annotator", "Colleague", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (theirs, &contents, &len, NULL));
  theirs_before = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);

  run (&r, "merge", mine, theirs, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "0 conflicts, 1 added"));
  g_assert_cmpuint (annotation_count (mine), ==, 2);
  run (&r, "merge", mine, theirs, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "0 conflicts, 0 added, 0 updated"));
  g_assert_cmpuint (annotation_count (mine), ==, 2);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (theirs, &contents, &len, NULL));
  theirs_after = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
  g_assert_cmpstr (theirs_before, ==, theirs_after);

  run (&r, "merge", mine, txt, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpuint (annotation_count (mine), ==, 2);

  run (&r, "delete", mine, ann_id, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (annotation_count (mine), ==, 1);
  run (&r, "history", mine, ann_id, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "delete"));
  g_assert_nonnull (strstr (r.out, "create"));
  /* The newest entry (first line) is the deletion; restoring it brings the row back. */
  history_id = first_field (r.out);
  run (&r, "restore", mine, history_id, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (annotation_count (mine), ==, 2);
  run (&r, "check", mine, NULL);
  g_assert_cmpint (r.status, ==, 0);

  run_clear (&r);
  remove_tree (dir);
}

/* --link tags as the workbench does (the same core function, gloss_session_annotate):
 * a mention is linked to the register's entity of that name, created the first time. */
static void
test_annotate_link (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gloss-cli-link-XXXXXX", &error);
  g_autofree char *project = g_build_filename (dir, "p.gloss", NULL);
  g_autofree char *txt = g_build_filename (dir, "a.txt", NULL);
  g_autofree char *doc_id = NULL;
  Run r = { 0 };

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (txt, "Sofia Brandt spoke. Later Sofia Brandt left.\n", -1, NULL));
  run (&r, "init", project, NULL);
  g_assert_cmpint (r.status, ==, 0);
  run (&r, "import", project, txt, NULL);
  g_assert_cmpint (r.status, ==, 0);
  doc_id = first_field (r.out);
  run (&r, "annotate", project, "--document", doc_id, "--start", "0", "--end", "12", "--label", "Person",
       "--link", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run (&r, "annotate", project, "--document", doc_id, "--start", "26", "--end", "38", "--label", "Person",
       "--link", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run (&r, "entities", project, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Sofia Brandt"));
  {
    g_auto(GStrv) lines = g_strsplit (g_strstrip (r.out), "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, 1);   /* one entity, two mentions */
  }
  /* An explicit --entity still names the entity, as before. */
  run (&r, "annotate", project, "--document", doc_id, "--start", "26", "--end", "32", "--label", "Person",
       "--entity", "Sofia Brandt", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  remove_tree (dir);
}

/* `gloss-cli import` of a register (Gloss JSON with entities only) goes through the
 * bulk path (match keys kept in memory and written sorted, their index rebuilt past
 * 20,000 keys): every entity is added with its keys, the project checks clean, names
 * and aliases are found, and importing the same file again adds nothing. */
static void
test_register_import (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gloss-cli-register-XXXXXX", &error);
  g_autofree char *project = g_build_filename (dir, "p.gloss", NULL);
  g_autofree char *json_path = g_build_filename (dir, "register.json", NULL);
  g_autofree char *person = NULL;
  g_autoptr(GString) json = g_string_new (NULL);
  const guint n = 8000;
  Run r = { 0 };

  g_assert_no_error (error);
  run (&r, "init", project, NULL);
  g_assert_cmpint (r.status, ==, 0);
  run (&r, "labels", project, NULL);
  g_assert_cmpint (r.status, ==, 0);
  {
    g_auto(GStrv) lines = g_strsplit (r.out, "\n", -1);

    for (guint i = 0; lines[i] && person == NULL; i++)
      if (strstr (lines[i], "\tPerson\t") != NULL)
        person = first_field (lines[i]);
  }
  g_assert_nonnull (person);
  g_string_append (json, "{\"format\": \"gloss\", \"version\": 2, \"entities\": [");
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_uuid_string_random ();

      /* Name, alias and surname: three keys each, 24,000 in all. */
      g_string_append_printf (json, "%s{\"id\": \"%s\", \"name\": \"Agent Número%u\", \"type\": \"%s\", "
                              "\"aliases\": [\"Codename %u\"]}", i ? ", " : "", id, i, person, i);
    }
  g_string_append (json, "]}");
  g_assert_true (g_file_set_contents (json_path, json->str, json->len, NULL));

  run (&r, "import", project, json_path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.err, "8000 entities"));
  run (&r, "check", project, NULL);
  g_assert_cmpint (r.status, ==, 0);
  run (&r, "entities", project, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (count_lines (r.out), ==, n);
  g_assert_nonnull (strstr (r.out, "Agent Número7999"));
  /* Found by an alias, written differently: one mention linked to the register's. */
  {
    g_autofree char *txt = g_build_filename (dir, "a.txt", NULL);
    g_autofree char *doc_id = NULL;

    g_assert_true (g_file_set_contents (txt, "CODENAME 4321 was seen.\n", -1, NULL));
    run (&r, "import", project, txt, NULL);
    g_assert_cmpint (r.status, ==, 0);
    doc_id = first_field (r.out);
    run (&r, "annotate", project, "--document", doc_id, "--start", "0", "--end", "13", "--label", "Person",
         "--link", NULL);
    g_assert_cmpint (r.status, ==, 0);
    run (&r, "entities", project, NULL);
    g_assert_cmpuint (count_lines (r.out), ==, n);   /* no new entity */
    g_unlink (txt);
  }
  /* Again: every entity is already there, by id. */
  run (&r, "import", project, json_path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.err, " 0 entities"));
  run (&r, "entities", project, NULL);
  g_assert_cmpuint (count_lines (r.out), ==, n);
  run (&r, "check", project, NULL);
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  g_unlink (json_path);
  remove_tree (dir);
}

/* `gloss-cli timeline`: the events of a project as CSV and JSON, to standard output
 * and to a file; a wrong format is a usage error. */
static void
test_timeline (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gloss-cli-timeline-XXXXXX", &error);
  g_autofree char *project = g_build_filename (dir, "p.gloss", NULL);
  g_autofree char *txt = g_build_filename (dir, "a.txt", NULL);
  g_autofree char *out_file = g_build_filename (dir, "timeline.json", NULL);
  g_autofree char *doc_id = NULL;
  g_autofree char *claim_id = NULL;
  g_autofree char *json = NULL;
  g_autofree char *expected = NULL;
  Run r = { 0 };

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (txt, "Last Tuesday the minister met Ana Lima. Am 4. Dezember 2026 schloss der Hafen.\n",
                                      -1, NULL));
  run (&r, "init", project, NULL);
  g_assert_cmpint (r.status, ==, 0);
  run (&r, "import", project, txt, NULL);
  g_assert_cmpint (r.status, ==, 0);
  doc_id = first_field (r.out);
  run (&r, "doc-set", project, doc_id, "--published", "2026-12-05", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run (&r, "annotate", project, "--document", doc_id, "--start", "0", "--end", "39", "--label", "Claim",
       "--field", "date=2026-12-02", NULL);
  g_assert_cmpint (r.status, ==, 0);
  claim_id = g_strdup (g_strstrip (r.out));
  run (&r, "annotate", project, "--document", doc_id, "--start", "40", "--end", "78", "--label", "Claim", NULL);
  g_assert_cmpint (r.status, ==, 0);

  run (&r, "timeline", project, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (count_lines (r.out), ==, 5);
  g_assert_true (g_str_has_prefix (r.out, "date,granularity,source,document_id,"));
  expected = g_strdup_printf ("2026-12-01,day,text,%s,", doc_id);
  g_assert_nonnull (strstr (r.out, expected));
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("2026-12-02,day,field,%s,", doc_id);
  g_assert_nonnull (strstr (r.out, expected));
  g_assert_nonnull (strstr (r.out, ",Claim,,4. Dezember 2026,,"));
  g_assert_nonnull (strstr (r.out, "2026-12-05,day,publication,"));

  run (&r, "timeline", project, "--format", "json", "--output", out_file, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_true (g_file_get_contents (out_file, &json, NULL, NULL));
  g_assert_nonnull (strstr (json, "\"format\": \"gloss-timeline\""));
  g_assert_nonnull (strstr (json, claim_id));
  g_assert_nonnull (strstr (json, "\"expression\": \"Last Tuesday\""));

  run (&r, "timeline", project, "--format", "xml", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--format must be csv or json"));
  run (&r, "timeline", NULL);
  g_assert_cmpint (r.status, ==, 2);
  run (&r, "timeline", out_file, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_unlink (out_file);
  run_clear (&r);
  remove_tree (dir);
}

/* `gloss-cli graph`: the link chart as CSV, DOT and GEXF, with filters; a wrong
 * format, a wrong date or an unknown set is refused. */
static void
test_graph (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gloss-cli-graph-XXXXXX", &error);
  g_autofree char *project = g_build_filename (dir, "p.gloss", NULL);
  g_autofree char *txt = g_build_filename (dir, "a.txt", NULL);
  g_autofree char *out_file = g_build_filename (dir, "chart.gexf", NULL);
  g_autofree char *doc_id = NULL;
  g_autofree char *gexf = NULL;
  Run r = { 0 };

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (txt, "Ana Lima met Bruno Costa in Lisbon. Bruno Costa left.\n", -1, NULL));
  run (&r, "init", project, NULL);
  g_assert_cmpint (r.status, ==, 0);
  run (&r, "import", project, txt, NULL);
  g_assert_cmpint (r.status, ==, 0);
  doc_id = first_field (r.out);
  run (&r, "annotate", project, "--document", doc_id, "--start", "0", "--end", "8", "--label", "Person", "--link", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run (&r, "annotate", project, "--document", doc_id, "--start", "13", "--end", "24", "--label", "Person", "--link", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run (&r, "annotate", project, "--document", doc_id, "--start", "28", "--end", "34", "--label", "Location", "--link", NULL);
  g_assert_cmpint (r.status, ==, 0);

  run (&r, "graph", project, "--format", "csv", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "source,target,source_name,target_name,kind,relation,weight,directed\r\n"));
  g_assert_cmpuint (count_lines (r.out), ==, 4);
  g_assert_nonnull (strstr (r.out, ",Ana Lima,Bruno Costa,co-occurrence,,1,no\r\n"));
  run (&r, "graph", project, "--format", "csv", "--min-weight", "2", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (count_lines (r.out), ==, 1);
  run (&r, "graph", project, "--format", "dot", "--label", "person", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "digraph"));
  g_assert_null (strstr (r.out, "Lisbon"));
  run (&r, "graph", project, "--from", "2027", "--format", "csv", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (count_lines (r.out), ==, 1);

  run (&r, "graph", project, "--format", "gexf", "-o", out_file, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_true (g_file_get_contents (out_file, &gexf, NULL, NULL));
  g_assert_nonnull (strstr (gexf, "<gexf"));
  g_assert_nonnull (strstr (gexf, "label=\"Bruno Costa\""));
  run (&r, "graph", project, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "<graphml"));

  run (&r, "graph", project, "--format", "svg", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--format must be graphml, gexf, dot or csv"));
  run (&r, "graph", project, "--from", "yesterday", NULL);
  g_assert_cmpint (r.status, ==, 2);
  run (&r, "graph", project, "--set", "nothing", NULL);
  g_assert_cmpint (r.status, ==, 1);
  run (&r, "graph", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_unlink (out_file);
  run_clear (&r);
  remove_tree (dir);
}

/* gloss-cli original saves the file a document came from, byte for byte; without
 * --output it is a usage error, for a pasted or unknown document an error. */
static void
test_original (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gloss-cli-original-XXXXXX", &error);
  g_autofree char *project = g_build_filename (dir, "p.gloss", NULL);
  g_autofree char *txt = g_build_filename (dir, "a.txt", NULL);
  g_autofree char *out_file = g_build_filename (dir, "saved.txt", NULL);
  g_autofree char *doc_id = NULL;
  g_autofree char *saved = NULL;
  static const char text[] = "Ana Ruiz said the port of Valdor will close.\r\nBo Lind denied it.\r\n";
  Run r = { 0 };

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (txt, text, -1, NULL));
  run (&r, "init", project, NULL);
  g_assert_cmpint (r.status, ==, 0);
  run (&r, "import", project, txt, NULL);
  g_assert_cmpint (r.status, ==, 0);
  doc_id = first_field (r.out);

  run (&r, "original", project, doc_id, "--output", out_file, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_true (g_file_get_contents (out_file, &saved, NULL, NULL));
  /* The bytes as they were, CRLF and all: not the stored text. */
  g_assert_cmpstr (saved, ==, text);

  run (&r, "original", project, doc_id, NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--output"));
  run (&r, "original", project, "no-such-document", "--output", out_file, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "no-such-document"));
  g_unlink (out_file);
  g_unlink (txt);
  run_clear (&r);
  remove_tree (dir);
}

/* gloss-cli conflicts and resolve: two copies change one note differently; the merge
 * keeps a conflict, listed by name and as JSON; resolve --theirs, --mine and --value settle it. */
static void
test_conflicts_resolve (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gloss-test-cli-XXXXXX", &error);
  g_autofree char *base = g_build_filename (dir, "base.gloss", NULL);
  g_autofree char *mine = g_build_filename (dir, "mine.gloss", NULL);
  g_autofree char *theirs = g_build_filename (dir, "theirs.gloss", NULL);
  g_autofree char *txt = sample ("harbour-strike.txt");
  g_autofree char *doc_id = NULL;
  g_autofree char *ann_id = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  Run r = { 0 };

  g_assert_no_error (error);
  run (&r, "init", base, NULL);
  run (&r, "import", base, txt, NULL);
  doc_id = first_field (r.out);
  run (&r, "annotate", base, "--document", doc_id, "--start", "0", "--end", "11", "--label", "Organization",
       "--note", "first", NULL);
  g_assert_cmpint (r.status, ==, 0);
  ann_id = g_strstrip (g_strdup (r.out));
  g_assert_true (g_file_get_contents (base, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (mine, contents, len, NULL));
  g_assert_true (g_file_set_contents (theirs, contents, len, NULL));
  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(GlossStore) s = gloss_store_open (k == 0 ? mine : theirs, 0, &error);

      g_assert_no_error (error);
      gloss_store_set_user (s, k == 0 ? "ann" : "ben");
      g_assert_true (gloss_store_set_annotation_note (s, ann_id, k == 0 ? "ann's note" : "ben's note", &error));
    }

  run (&r, "merge", mine, theirs, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "1 conflicts,"));
  g_assert_true (g_str_has_prefix (strchr (r.out, '\n') + 1, "conflict\tannotation"));

  run (&r, "conflicts", mine, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (count_lines (r.out), ==, 1);
  g_assert_nonnull (strstr (r.out, "\tnote\tannotation “"));
  g_assert_nonnull (strstr (r.out, "(Organization) in “"));
  g_assert_nonnull (strstr (r.out, "\tann's note\tben's note\tfirst\tmine\n"));
  {
    g_autofree char *id = first_field (r.out);

    run (&r, "conflicts", mine, "--json", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, id));
    g_assert_nonnull (strstr (r.out, "\"theirs_who\" : \"ben\""));

    run (&r, "resolve", mine, id, NULL);
    g_assert_cmpint (r.status, ==, 2);
    run (&r, "resolve", mine, id, "--theirs", NULL);
    g_assert_cmpint (r.status, ==, 0);
    run (&r, "conflicts", mine, NULL);
    g_assert_cmpstr (r.out, ==, "");
    {
      g_autoptr(GlossStore) s = gloss_store_open (mine, GLOSS_STORE_OPEN_READ_ONLY, &error);
      g_autoptr(GlossAnnotation) a = gloss_store_get_annotation (s, ann_id, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (a->note, ==, "ben's note");
    }
    run (&r, "resolve", mine, id, "--mine", NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "no conflict"));
  }

  /* Again, settled with a value of one's own. */
  g_assert_true (g_file_set_contents (mine, contents, len, NULL));
  {
    g_autoptr(GlossStore) s = gloss_store_open (mine, 0, &error);

    g_assert_no_error (error);
    g_assert_true (gloss_store_set_annotation_note (s, ann_id, "ann's note", &error));
  }
  run (&r, "merge", mine, theirs, NULL);
  run (&r, "conflicts", mine, NULL);
  {
    g_autofree char *id = first_field (r.out);

    run (&r, "resolve", mine, id, "--value", "both notes", NULL);
    g_assert_cmpint (r.status, ==, 0);
    {
      g_autoptr(GlossStore) s = gloss_store_open (mine, GLOSS_STORE_OPEN_READ_ONLY, &error);
      g_autoptr(GlossAnnotation) a = gloss_store_get_annotation (s, ann_id, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (a->note, ==, "both notes");
    }
  }
  run_clear (&r);
  remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/cli/end-to-end", test_end_to_end);
  g_test_add_func ("/cli/usage-and-errors", test_usage_and_errors);
  g_test_add_func ("/cli/formats", test_formats);
  g_test_add_func ("/cli/merge-history", test_merge_history);
  g_test_add_func ("/cli/conflicts-resolve", test_conflicts_resolve);
  g_test_add_func ("/cli/tradecraft", test_tradecraft);
  g_test_add_func ("/cli/annotate-link", test_annotate_link);
  g_test_add_func ("/cli/register-import", test_register_import);
  g_test_add_func ("/cli/timeline", test_timeline);
  g_test_add_func ("/cli/graph", test_graph);
  g_test_add_func ("/cli/original", test_original);
  return g_test_run ();
}

/* test-concurrency.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Several writers on one project file at once: gloss-cli processes annotating in
 * parallel all succeed (WAL, IMMEDIATE transactions, busy timeout) and nothing is lost
 * or damaged; a writer that cannot get the lock in time fails with a plain "busy"
 * message and changes nothing.
 */
#define G_LOG_DOMAIN "test-concurrency"

#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>

#include "gloss-store.h"

#define WRITERS 6
#define PER_WRITER 15

static char *
cli_output (const char * const *argv,
            int                *status)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int wait_status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &wait_status, &error));
  g_assert_no_error (error);
  *status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  return out;
}

static char *
make_project (const char *dir,
              char      **doc_id)
{
  const char *cli = g_getenv ("GLOSS_CLI");
  const char *root = g_getenv ("GLOSS_SOURCE_ROOT");
  g_autofree char *project = g_build_filename (dir, "shared.gloss", NULL);
  g_autofree char *txt = g_build_filename (root, "data", "samples", "harbour-strike.txt", NULL);
  g_autofree char *out = NULL;
  int status = -1;

  g_assert_nonnull (cli);
  g_assert_nonnull (root);
  {
    const char *argv[] = { cli, "init", project, NULL };
    g_free (cli_output (argv, &status));
    g_assert_cmpint (status, ==, 0);
  }
  {
    const char *argv[] = { cli, "import", project, txt, NULL };
    out = cli_output (argv, &status);
    g_assert_cmpint (status, ==, 0);
  }
  *doc_id = g_strndup (out, strcspn (out, "\t"));
  return g_steal_pointer (&project);
}

/* WRITERS shell loops, each running gloss-cli annotate PER_WRITER times, all at once. */
static void
test_parallel_writers (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gloss-test-concurrency-XXXXXX", &error);
  g_autofree char *doc_id = NULL;
  g_autofree char *project = make_project (dir, &doc_id);
  const char *cli = g_getenv ("GLOSS_CLI");
  GPid pids[WRITERS];
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(GString) report = g_string_new (NULL);

  for (int w = 0; w < WRITERS; w++)
    {
      g_autofree char *annotator = g_strdup_printf ("writer %d", w);
      g_autofree char *script = g_strdup_printf (
        "i=0; while [ $i -lt %d ]; do "
        "\"$0\" annotate \"$1\" --document \"$2\" --start $((i * 7 %% 300)) --end $((i * 7 %% 300 + 5)) "
        "--label Claim --annotator \"$3\" >/dev/null || exit 1; i=$((i + 1)); done",
        PER_WRITER);
      const char *argv[] = { "/bin/sh", "-c", script, cli, project, doc_id, annotator, NULL };

      g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                    &pids[w], &error));
      g_assert_no_error (error);
    }
  for (int w = 0; w < WRITERS; w++)
    {
      int status = 0;

      g_assert_cmpint (waitpid (pids[w], &status, 0), ==, pids[w]);
      g_spawn_close_pid (pids[w]);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
    }

  store = gloss_store_open (project, GLOSS_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  annotations = gloss_store_list_annotations (store, doc_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (annotations->len, ==, WRITERS * PER_WRITER);
  g_assert_true (gloss_store_check (store, report, &error));
  g_assert_no_error (error);

  g_clear_object (&store);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d && (name = g_dir_read_name (d)))
      {
        g_autofree char *child = g_build_filename (dir, name, NULL);
        g_unlink (child);
      }
  }
  g_rmdir (dir);
}

/* A writer holds the lock longer than the busy timeout: the other writer gives up with a
 * message that says so, and the project has only the holder's work. */
static void
test_busy_writer (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gloss-test-concurrency-XXXXXX", &error);
  g_autofree char *doc_id = NULL;
  g_autofree char *project = make_project (dir, &doc_id);
  const char *cli = g_getenv ("GLOSS_CLI");
  g_autoptr(GlossStore) holder = NULL;
  g_autoptr(GlossAnnotation) held = NULL;
  g_autoptr(GPtrArray) annotations = NULL;
  g_autofree char *err = NULL;
  int wait_status = 0;
  const char *argv[] = { cli, "annotate", project, "--document", doc_id, "--start", "0", "--end", "5",
                         "--label", "Claim", NULL };

  holder = gloss_store_open (project, GLOSS_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_store_begin (holder, &error));
  g_assert_no_error (error);
  held = gloss_store_add_annotation (holder, doc_id, NULL, 10, 20, NULL, "holder", &error);

  if (held == NULL)
    {
      /* The API wants a label id: take the first label. */
      g_autoptr(GPtrArray) labels = gloss_store_list_labels (holder, NULL);
      g_clear_error (&error);
      g_assert_nonnull (labels);
      held = gloss_store_add_annotation (holder, doc_id, ((GlossLabel *) labels->pdata[0])->id, 10, 20,
                                         NULL, "holder", &error);
    }
  g_assert_no_error (error);

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, &err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  g_assert_cmpint (WEXITSTATUS (wait_status), ==, 1);
  g_assert_nonnull (strstr (err, "busy"));

  g_assert_true (gloss_store_commit (holder, &error));
  g_assert_no_error (error);
  annotations = gloss_store_list_annotations (holder, doc_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (annotations->len, ==, 1);
  g_assert_cmpint (((GlossAnnotation *) annotations->pdata[0])->start, ==, 10);

  g_clear_object (&holder);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d && (name = g_dir_read_name (d)))
      {
        g_autofree char *child = g_build_filename (dir, name, NULL);
        g_unlink (child);
      }
  }
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/concurrency/parallel-writers", test_parallel_writers);
  g_test_add_func ("/concurrency/busy-writer", test_busy_writer);
  return g_test_run ();
}

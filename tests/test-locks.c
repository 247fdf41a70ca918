/* test-locks.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The workbench keeps one connection on its project for hours while it imports,
 * exports, merges, copies and reads history through further connections, and
 * gloss-cli works on the same file from other processes. SQLite's locks are POSIX
 * advisory locks, which the kernel drops for the whole process when *any*
 * descriptor on the file is closed. If Gloss ever opens the project file outside
 * SQLite, the window's lock vanishes, the CLI believes it is the last connection,
 * checkpoints and deletes the WAL the window still writes into, and everything the
 * window does afterwards is lost. These tests hold a window-style connection, run
 * every path that opens the project again, and then check from other processes
 * that the lock is still held and that nothing written is lost.
 */

#include <glib.h>
#include <glib/gstdio.h>

#include "gloss-agreement.h"
#include "gloss-codebook.h"
#include "gloss-exchange.h"
#include "gloss-file.h"
#include "gloss-history.h"
#include "gloss-import.h"
#include "gloss-json.h"
#include "gloss-merge.h"
#include "gloss-project.h"
#include "gloss-scope.h"
#include "gloss-share.h"
#include "gloss-store.h"
#include "lock-probe.h"

typedef struct {
  char *dir;
  char *path;
  GlossStore *store;   /* the window's connection */
} Fixture;

static void
assert_lock_held (Fixture    *fixture,
                  const char *after)
{
  pid_t holder = lock_probe_holder (fixture->path);

  if (holder != getpid ())
    g_error ("after %s the window's lock on the project is gone (holder seen: %d)", after, (int) holder);
}

/* Runs gloss-cli in another process and returns its standard output. */
static char *
run_cli (const char *first,
         ...)
{
  const char *cli = g_getenv ("GLOSS_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;
  va_list ap;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *) cli);
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, NULL));
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("gloss-cli %s failed: %s", first, err);
  return g_steal_pointer (&out);
}

static char *
write_article (Fixture    *fixture,
               const char *name,
               const char *text)
{
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) created = NULL;

  fixture->dir = g_dir_make_tmp ("gloss-locks-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "shared.gloss", NULL);
  created = gloss_project_create (fixture->path, "Shared", GLOSS_PROJECT_CREATE_DEFAULT, &error);
  g_assert_no_error (error);
  gloss_store_close (created);

  /* The window's connection, opened as the workbench opens it. */
  fixture->store = gloss_store_open (fixture->path, GLOSS_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GlossDocument) first = gloss_store_add_document (fixture->store, "Window's first",
                                                               "Typed in the window.", NULL, "paste", NULL,
                                                               &error);
    g_assert_no_error (error);
    g_assert_nonnull (first);
  }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&fixture->store);
  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (fixture->dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          g_autoptr(GDir) sub = g_dir_open (child, 0, NULL);
          const char *inner;

          while (sub != NULL && (inner = g_dir_read_name (sub)) != NULL)
            {
              g_autofree char *grandchild = g_build_filename (child, inner, NULL);
              g_unlink (grandchild);
            }
          g_rmdir (child);
        }
      else
        g_unlink (child);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
add_window_document (Fixture    *fixture,
                     const char *title)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossDocument) document = gloss_store_add_document (fixture->store, title, title, NULL,
                                                                "paste", NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (document);
}

/* Each path the workbench runs beside its own connection, in the order a user
 * might: after every one the lock must still be held. */
static void
test_every_path_keeps_lock (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *article = write_article (fixture, "article.html",
                                            "<html><head><title>Imported</title></head><body><p>"
                                            "An article imported while the window is open.</p></body></html>");
  g_autofree char *exported = g_build_filename (fixture->dir, "export.json", NULL);
  g_autofree char *copy = g_build_filename (fixture->dir, "copy.gloss", NULL);
  g_autofree char *colleague = g_build_filename (fixture->dir, "colleague.gloss", NULL);
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *out = NULL;

  assert_lock_held (fixture, "opening");

  /* Open: a second connection, as a worker thread does. */
  {
    g_autoptr(GlossStore) second = gloss_store_open (fixture->path, GLOSS_STORE_OPEN_DEFAULT, &error);
    g_assert_no_error (error);
    gloss_store_close (second);
  }
  assert_lock_held (fixture, "a second connection");
  {
    g_autoptr(GlossStore) reader = gloss_store_open (fixture->path, GLOSS_STORE_OPEN_READ_ONLY, &error);
    g_assert_no_error (error);
    gloss_store_close (reader);
  }
  assert_lock_held (fixture, "a read-only connection");

  /* Import, as the window's import thread does it: its own connection. */
  {
    g_autoptr(GlossStore) worker = gloss_store_open (fixture->path, GLOSS_STORE_OPEN_DEFAULT, &error);
    g_autoptr(GlossImportedText) imported = NULL;
    g_autoptr(GlossDocument) document = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (gloss_exchange_sniff (article), ==, GLOSS_FORMAT_ARTICLE);
    imported = gloss_import_read_file (article, &error);
    g_assert_no_error (error);
    document = gloss_store_add_document (worker, imported->title, imported->text, article,
                                         imported->format, NULL, &error);
    g_assert_no_error (error);
    gloss_store_close (worker);
  }
  assert_lock_held (fixture, "import");

  /* Export, from a read-only connection as the export dialog does. */
  {
    g_autoptr(GlossStore) reader = gloss_store_open (fixture->path, GLOSS_STORE_OPEN_READ_ONLY, &error);
    g_autoptr(GlossScope) scope = gloss_scope_new ();

    g_assert_no_error (error);
    g_assert_true (gloss_exchange_export_path (reader, scope, GLOSS_FORMAT_JSON, NULL, exported, NULL, NULL,
                                               &error));
    g_assert_no_error (error);
    gloss_store_close (reader);
  }
  assert_lock_held (fixture, "export");

  /* Import of an annotation file that is the project itself: refused without
   * opening it outside SQLite. */
  gloss_exchange_sniff (fixture->path);
  assert_lock_held (fixture, "sniffing the project file");
  {
    g_autoptr(GlossImportedText) imported = gloss_import_read_file (fixture->path, &error);

    g_assert_null (imported);
    g_assert_nonnull (error);
    g_clear_error (&error);
  }
  assert_lock_held (fixture, "trying to import the project file as an article");
  /* ... and as Gloss JSON, which the import now reads in chunks through a file
   * descriptor of its own. */
  {
    g_autoptr(GlossStore) worker = gloss_store_open (fixture->path, GLOSS_STORE_OPEN_DEFAULT, &error);
    GlossImportReport *report = gloss_import_report_new ();

    g_assert_no_error (error);
    g_assert_false (gloss_json_import_file (worker, fixture->path, report, &error));
    g_assert_nonnull (error);
    gloss_import_report_free (report);
    g_clear_error (&error);
    gloss_store_close (worker);
  }
  assert_lock_held (fixture, "trying to import the project file as Gloss JSON");

  /* Copy (Send a Copy) through a read-only connection. */
  {
    g_autoptr(GlossStore) reader = gloss_store_open (fixture->path, GLOSS_STORE_OPEN_READ_ONLY, &error);

    g_assert_no_error (error);
    g_assert_true (gloss_share_snapshot (reader, copy, &error));
    g_assert_no_error (error);
    gloss_store_close (reader);
  }
  assert_lock_held (fixture, "Send a Copy");

  /* Merge a colleague's project into the open one, through a worker connection,
   * and the open project into a colleague's (it is then the merge source). */
  {
    g_autoptr(GlossStore) other = gloss_project_create (colleague, "Colleague", GLOSS_PROJECT_CREATE_DEFAULT, &error);
    g_autoptr(GlossDocument) document = NULL;
    g_autoptr(GlossStore) worker = NULL;

    g_assert_no_error (error);
    document = gloss_store_add_document (other, "Colleague's", "From a colleague.", NULL, "paste", NULL, &error);
    g_assert_no_error (error);
    g_assert_true (gloss_merge (other, fixture->path, NULL, &error));
    g_assert_no_error (error);
    assert_lock_held (fixture, "merging the project into another");
    gloss_store_close (other);

    worker = gloss_store_open (fixture->path, GLOSS_STORE_OPEN_DEFAULT, &error);
    g_assert_no_error (error);
    g_assert_true (gloss_merge (worker, colleague, NULL, &error));
    g_assert_no_error (error);
    gloss_store_close (worker);
  }
  assert_lock_held (fixture, "merge");

  /* Merging the project into itself reads it as a merge source while it is open. */
  {
    g_autoptr(GlossStore) worker = gloss_store_open (fixture->path, GLOSS_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    gloss_merge (worker, fixture->path, NULL, &error);
    g_clear_error (&error);
    gloss_store_close (worker);
  }
  assert_lock_held (fixture, "merging the project into itself");

  /* Agreement, history and check. */
  {
    g_autoptr(GlossStore) reader = gloss_store_open (fixture->path, GLOSS_STORE_OPEN_READ_ONLY, &error);
    g_autoptr(GString) report = g_string_new (NULL);
    g_autoptr(GPtrArray) documents = NULL;
    g_autoptr(GPtrArray) history = NULL;

    g_assert_no_error (error);
    documents = gloss_store_list_documents (reader, &error);
    g_assert_no_error (error);
    history = gloss_store_list_history (reader, ((GlossDocument *) g_ptr_array_index (documents, 0))->id, &error);
    g_assert_no_error (error);
    g_assert_true (gloss_store_check (reader, report, &error));
    g_assert_no_error (error);
    gloss_store_close (reader);
  }
  assert_lock_held (fixture, "history and check");

  /* Writing a CSV, a picture, a codebook or an original over the open project:
   * refused without opening the file, and the project still answers. */
  {
    g_autoptr(GPtrArray) documents = NULL;

    g_assert_false (gloss_file_write_all (fixture->path, "a,b\r\n", 5, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
    g_clear_error (&error);
    assert_lock_held (fixture, "writing a file over the project");
    g_assert_false (gloss_codebook_save (fixture->store, fixture->path, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    assert_lock_held (fixture, "saving the codebook over the project");
    documents = gloss_store_list_documents (fixture->store, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (documents->len, >, 0);
  }

  /* The CLI, in another process, for every command that opens the project. */
  g_free (run_cli ("check", fixture->path, NULL));
  g_free (run_cli ("agreement", fixture->path, NULL));
  g_free (run_cli ("export", fixture->path, "--format", "csv", NULL));
  g_free (run_cli ("import", fixture->path, article, NULL));
  g_free (run_cli ("merge", fixture->path, colleague, NULL));
  assert_lock_held (fixture, "gloss-cli commands");
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));

  /* What the window writes now is seen by the next process. */
  add_window_document (fixture, "Written after everything");
  out = run_cli ("documents", fixture->path, NULL);
  g_assert_nonnull (strstr (out, "Written after everything"));
  g_assert_nonnull (strstr (out, "Window's first"));
}

/* The scenario of issue 10, a hundred times: the window imports and writes,
 * gloss-cli writes and reads from another process, and nothing is lost. */
static void
test_window_and_cli_lose_nothing (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  guint rounds = g_test_slow () ? 300 : 100;

  for (guint i = 0; i < rounds; i++)
    {
      g_autofree char *title = g_strdup_printf ("Window round %u", i);
      g_autofree char *cli_label = g_strdup_printf ("Cli%u", i);
      g_autofree char *out = NULL;
      g_autofree char *html = g_strdup_printf ("<html><head><title>Imported %u</title></head><body><article>"
                                               "<p>Text imported in round %u.</p></article></body></html>", i, i);
      g_autofree char *article = write_article (fixture, "article.html", html);

      /* The window imports through a worker connection... */
      {
        g_autoptr(GlossStore) worker = gloss_store_open (fixture->path, GLOSS_STORE_OPEN_DEFAULT, &error);
        g_autoptr(GlossImportedText) imported = NULL;
        g_autoptr(GlossDocument) document = NULL;

        g_assert_no_error (error);
        imported = gloss_import_read_file (article, &error);
        g_assert_no_error (error);
        document = gloss_store_add_document (worker, imported->title, imported->text, article,
                                             imported->format, NULL, &error);
        g_assert_no_error (error);
      }
      /* ...and writes through its own; the CLI writes and reads meanwhile. */
      add_window_document (fixture, title);
      g_free (run_cli ("label-add", fixture->path, cli_label, NULL));
      out = run_cli ("documents", fixture->path, NULL);
      if (strstr (out, title) == NULL)
        g_error ("round %u: gloss-cli does not see the window's document", i);
      g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
    }

  /* The window sees every label the CLI added, and after it closes, the file
   * alone holds everything. */
  {
    g_autoptr(GPtrArray) labels = gloss_store_list_labels (fixture->store, &error);
    g_autoptr(GPtrArray) documents = NULL;
    g_autoptr(GlossStore) reopened = NULL;
    guint cli_labels = 0;

    g_assert_no_error (error);
    for (guint i = 0; i < labels->len; i++)
      if (g_str_has_prefix (((GlossLabel *) g_ptr_array_index (labels, i))->name, "Cli"))
        cli_labels++;
    g_assert_cmpuint (cli_labels, ==, rounds);

    g_clear_object (&fixture->store);
    reopened = gloss_store_open (fixture->path, GLOSS_STORE_OPEN_DEFAULT, &error);
    g_assert_no_error (error);
    documents = gloss_store_list_documents (reopened, &error);
    g_assert_no_error (error);
    /* The fixture's first document, one import and one window document a round. */
    g_assert_cmpuint (documents->len, ==, 1 + 2 * rounds);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/core/locks/every-path-keeps-lock", Fixture, NULL,
              fixture_set_up, test_every_path_keeps_lock, fixture_tear_down);
  g_test_add ("/core/locks/window-and-cli-lose-nothing", Fixture, NULL,
              fixture_set_up, test_window_and_cli_lose_nothing, fixture_tear_down);
  return g_test_run ();
}

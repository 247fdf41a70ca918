/* fuzz-common.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-fuzz"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "fuzz-common.h"
#include "gloss-project.h"

static char *fuzz_dir;
static char *template_bytes;
static gsize template_len;
static guint project_serial;

/* Warnings and debug output on hostile input are expected and would only slow the
 * fuzzer down; a CRITICAL or an ERROR is a bug in Gloss and ends the run here, where
 * the sanitizer's stack trace shows the caller. GLOSS_FUZZ_VERBOSE=1 prints all. */
static GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  static int verbose = -1;

  if (verbose < 0)
    verbose = g_strcmp0 (g_getenv ("GLOSS_FUZZ_VERBOSE"), "1") == 0;
  if (verbose || (level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR)) != 0)
    g_log_writer_standard_streams (level, fields, n_fields, user_data);
  if ((level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR)) != 0)
    abort ();
  return G_LOG_WRITER_HANDLED;
}

static void
remove_fuzz_dir (void)
{
  if (fuzz_dir != NULL)
    gloss_fuzz_remove (fuzz_dir);
  g_clear_pointer (&fuzz_dir, g_free);
  g_clear_pointer (&template_bytes, g_free);
}

void
gloss_fuzz_init (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = NULL;
  g_autofree char *path = NULL;

  if (fuzz_dir != NULL)
    return;

  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
  /* The history names the user from the environment: keep it the same everywhere. */
  g_setenv ("GLOSS_ANNOTATOR", "Fuzz", TRUE);

  fuzz_dir = g_dir_make_tmp ("gloss-fuzz-XXXXXX", &error);
  if (fuzz_dir == NULL)
    {
      fprintf (stderr, "gloss-fuzz: no temporary folder: %s\n", error->message);
      abort ();
    }
  atexit (remove_fuzz_dir);

  path = g_build_filename (fuzz_dir, "template.gloss", NULL);
  store = gloss_project_create (path, "Fuzz", GLOSS_PROJECT_CREATE_DEFAULT, &error);
  if (store == NULL)
    {
      fprintf (stderr, "gloss-fuzz: cannot create the template project: %s\n", error->message);
      abort ();
    }
  g_clear_object (&store);
  if (!g_file_get_contents (path, &template_bytes, &template_len, &error))
    {
      fprintf (stderr, "gloss-fuzz: cannot read the template project: %s\n", error->message);
      abort ();
    }
  gloss_fuzz_remove (path);
}

const char *
gloss_fuzz_dir (void)
{
  gloss_fuzz_init ();
  return fuzz_dir;
}

char *
gloss_fuzz_write_file (const char    *name,
                       const uint8_t *data,
                       size_t         size)
{
  char *path = g_build_filename (gloss_fuzz_dir (), name, NULL);

  /* Not g_file_set_contents(): it writes a temporary file and renames it, with an
   * fsync, which is all cost and no use here. */
  FILE *f = g_fopen (path, "wb");
  if (f == NULL || (size > 0 && fwrite (data, 1, size, f) != size) || fclose (f) != 0)
    {
      fprintf (stderr, "gloss-fuzz: cannot write %s\n", path);
      abort ();
    }
  return path;
}

GlossStore *
gloss_fuzz_new_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  GlossStore *store;

  gloss_fuzz_init ();
  /* A new name each time: nothing of the last run can be mistaken for this one's. */
  name = g_strdup_printf ("project-%u.gloss", project_serial++);
  path = gloss_fuzz_write_file (name, (const uint8_t *) template_bytes, template_len);
  store = gloss_store_open (path, GLOSS_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    {
      fprintf (stderr, "gloss-fuzz: cannot open a copy of the template: %s\n", error->message);
      abort ();
    }
  return store;
}

void
gloss_fuzz_drop_store (GlossStore *store)
{
  g_autofree char *path = NULL;

  if (store == NULL)
    return;
  path = g_strdup (gloss_store_get_path (store));
  g_object_unref (store);
  gloss_fuzz_remove (path);
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *child;

      while (dir != NULL && (child = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *sub = g_build_filename (path, child, NULL);
          remove_tree (sub);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

void
gloss_fuzz_remove (const char *path)
{
  static const char *const suffixes[] = { "-wal", "-shm", "-journal" };

  remove_tree (path);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *side = g_strconcat (path, suffixes[i], NULL);
      g_unlink (side);
    }
}

/* replay-main.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A main() for building a fuzz harness without libFuzzer (with gcc, in `meson test
 * --suite fuzz`): it calls LLVMFuzzerTestOneInput() once on every file of the folders
 * and files named on the command line, the seed corpus and the past crashes. Each
 * input is given in a buffer of exactly its size, so that AddressSanitizer sees a
 * read past its end as libFuzzer would. A crash ends the run; otherwise it prints how
 * many inputs it ran and exits 0 (77, "skipped", when there were none).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "fuzz-common.h"

/* A harness need not define LLVMFuzzerInitialize(). */
__attribute__((weak)) int LLVMFuzzerInitialize (int *argc, char ***argv);

static gboolean
is_note (const char *name)
{
  /* A folder of past crashes keeps a README (or a .gitkeep) so that git keeps it. */
  return g_str_has_prefix (name, "README") || g_str_equal (name, ".gitkeep");
}

static guint
replay_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree uint8_t *copy = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, &error))
    {
      fprintf (stderr, "replay: %s\n", error->message);
      exit (1);
    }
  /* malloc (0) may return NULL; libFuzzer passes a valid pointer for an empty input. */
  copy = g_malloc (MAX (len, 1));
  memcpy (copy, contents, len);
  printf ("replay: %s (%" G_GSIZE_FORMAT " bytes)\n", path, len);
  fflush (stdout);
  LLVMFuzzerTestOneInput (copy, len);
  return 1;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static guint
replay_path (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;
  guint count = 0;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return replay_file (path);

  dir = g_dir_open (path, 0, &error);
  if (dir == NULL)
    {
      fprintf (stderr, "replay: %s\n", error->message);
      exit (1);
    }
  /* In name order, so that two runs replay alike. */
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (!is_note (name))
      g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    count += replay_path (g_ptr_array_index (names, i));
  return count;
}

int
main (int argc, char **argv)
{
  guint count = 0;

  if (argc < 2)
    {
      fprintf (stderr, "Usage: %s FOLDER-OR-FILE...\n", argv[0]);
      return 2;
    }
  if (LLVMFuzzerInitialize != NULL)
    LLVMFuzzerInitialize (&argc, &argv);
  for (int i = 1; i < argc; i++)
    count += replay_path (argv[i]);
  printf ("replay: %u inputs, no crash\n", count);
  return count > 0 ? 0 : 77;
}

/* bench-merge.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The merge property test of tests/merge-property.h on many random histories: three
 * copies of a project changed at random (add, set a field, edit the note, move the
 * span, delete, restore, merge from another copy), then merged in all six orders into
 * fresh copies; each history passes when the exports are byte for byte the same, no
 * value written is lost from the merged history, and every both-sides edit to
 * different values was reported as a conflict.
 *
 *   bench-merge [HISTORIES [CHANGES [SECONDS]]]
 *
 * runs HISTORIES histories (default 10,000) of CHANGES changes each (default 40), or
 * as many as fit in SECONDS (default 600), and prints how many passed; the failures
 * are printed in full. Exit status 1 when any history failed. MP_FIRST=N in the
 * environment starts at seed N (to run one failing history again; the times of the
 * changes are the clock's, so a history is only mostly the same run again), and
 * MP_DUMP=DIR keeps the exports and copies of each history there.
 */
#define G_LOG_DOMAIN "bench-merge"

#include "config.h"

#include "../tests/merge-property.h"

int
main (int    argc,
      char **argv)
{
  guint histories = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 10000;
  guint changes = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 40;
  double seconds = argc > 3 ? g_ascii_strtod (argv[3], NULL) : 600.0;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gloss-bench-merge-XXXXXX", &error);
  g_autofree char *base = NULL;
  g_autoptr(GString) failures = g_string_new (NULL);
  g_autoptr(GTimer) timer = g_timer_new ();
  MpFigures figures = { 0 };

  g_assert_no_error (error);
  base = g_build_filename (dir, "base.gloss", NULL);
  mp_make_base (base);
  guint32 first = g_getenv ("MP_FIRST") ? (guint32) g_ascii_strtoull (g_getenv ("MP_FIRST"), NULL, 10) : 1;

  for (guint32 seed = first; seed < first + histories && g_timer_elapsed (timer, NULL) < seconds; seed++)
    {
      gsize before = failures->len;

      mp_run_history (dir, base, seed, changes, &figures, failures);
      if (failures->len > before)
        g_print ("%s", failures->str + before);
      if (seed % 500 == 0)
        g_print ("%u histories, %u passed (%.0f s)\n", figures.histories, figures.passed,
                 g_timer_elapsed (timer, NULL));
    }
  mp_remove_project (base);
  g_rmdir (dir);

  g_print ("bench-merge: %u histories of %u changes (seeds %u to %u), %u passed, %u failed, in %.1f s "
           "(%.1f ms a history)\n", figures.histories, changes, first, first + figures.histories - 1, figures.passed,
           figures.histories - figures.passed, g_timer_elapsed (timer, NULL),
           figures.histories ? 1000.0 * g_timer_elapsed (timer, NULL) / figures.histories : 0.0);
  g_print ("  %u changes made, %u merges checked (%u in the histories, 12 a history at the end), "
           "%u both-sides edits to different values expected as conflicts, %u written values checked "
           "(current or in the history), %u merges with an ambiguous base not checked\n",
           figures.operations, figures.merges, figures.merges - 12 * figures.histories, figures.expected_conflicts,
           figures.values_checked, figures.ambiguous);
  return figures.passed == figures.histories ? 0 : 1;
}

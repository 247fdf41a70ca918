/* fuzz-merge.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The merge source: the fuzz input is written to a file (a .gloss project or a
 * Gloss JSON export, told apart by its content as gloss_merge() does) and merged
 * into a fresh project. The merge either succeeds or fails with an error, and the
 * project it leaves is consistent.
 */
#include "fuzz-common.h"
#include "gloss-project.h"
#include "gloss-merge.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  gloss_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossMergeReport) report = gloss_merge_report_new ();
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autofree char *path = NULL;
  GlossStore *store;
  gboolean ok;

  gloss_fuzz_init ();
  path = gloss_fuzz_write_file ("other.gloss", data, size);
  store = gloss_fuzz_new_store ();
  ok = gloss_merge (store, path, report, &error);
  g_assert (ok == (error == NULL));
  if (ok)
    {
      g_autofree char *text = gloss_merge_report_to_text (report);
      g_autofree char *json = gloss_merge_report_to_json (report);
    }
  if (!gloss_project_check (store, problems, NULL))
    {
      g_printerr ("gloss_merge() left an inconsistent project:\n%s", problems->str);
      abort ();
    }
  gloss_fuzz_drop_store (store);
  gloss_fuzz_remove (path);
  return 0;
}

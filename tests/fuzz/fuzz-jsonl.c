/* fuzz-jsonl.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * JSON Lines (doccano) import: gloss_jsonl_import_data() of the fuzz input into a fresh project. Whatever the input, the
 * import either succeeds or fails with an error, and leaves a project that
 * gloss_project_check() finds consistent.
 */
#include "fuzz-common.h"
#include "gloss-project.h"
#include "gloss-jsonl.h"

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
  g_autoptr(GlossImportReport) report = gloss_import_report_new ();
  g_autoptr(GString) problems = g_string_new (NULL);
  GlossStore *store;
  gboolean ok;

  gloss_fuzz_init ();
  store = gloss_fuzz_new_store ();
  ok = gloss_jsonl_import_data (store, (const char *) data, size, "fuzz.jsonl", report, &error);
  g_assert (ok == (error == NULL));
  if (!gloss_project_check (store, problems, NULL))
    {
      g_printerr ("gloss_jsonl_import_data() left an inconsistent project:\n%s", problems->str);
      abort ();
    }
  gloss_fuzz_drop_store (store);
  return 0;
}

/* fuzz-codebook.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Codebook import: gloss_codebook_load_data() of the fuzz input into a fresh project. Whatever the input, the
 * import either succeeds or fails with an error, and leaves a project that
 * gloss_project_check() finds consistent.
 */
#include "fuzz-common.h"
#include "gloss-project.h"
#include "gloss-codebook.h"

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
  g_autoptr(GlossCodebookReport) report = gloss_codebook_report_new ();
  g_autoptr(GString) problems = g_string_new (NULL);
  GlossStore *store;
  gboolean ok;

  gloss_fuzz_init ();
  store = gloss_fuzz_new_store ();
  ok = gloss_codebook_load_data (store, (const char *) data, size, "fuzz.json", report, &error);
  g_assert (ok == (error == NULL));
  if (!gloss_project_check (store, problems, NULL))
    {
      g_printerr ("gloss_codebook_load_data() left an inconsistent project:\n%s", problems->str);
      abort ();
    }
  gloss_fuzz_drop_store (store);
  return 0;
}

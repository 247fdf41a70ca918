/* fuzz-brat-zip.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * brat import of a zip: the fuzz input is written as a .zip, sniffed, and imported
 * into a fresh project (whatever the sniffer says, as a user may choose the format).
 */
#include "fuzz-common.h"
#include "gloss-project.h"
#include "gloss-brat.h"

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
  g_autofree char *path = NULL;
  GlossStore *store;
  gboolean ok;

  gloss_fuzz_init ();
  path = gloss_fuzz_write_file ("corpus.zip", data, size);
  (void) gloss_brat_sniff (path);

  store = gloss_fuzz_new_store ();
  ok = gloss_brat_import (store, path, report, &error);
  g_assert (ok == (error == NULL));
  if (!gloss_project_check (store, problems, NULL))
    {
      g_printerr ("gloss_brat_import() left an inconsistent project:\n%s", problems->str);
      abort ();
    }
  gloss_fuzz_drop_store (store);
  gloss_fuzz_remove (path);
  return 0;
}

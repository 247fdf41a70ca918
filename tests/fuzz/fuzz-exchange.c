/* fuzz-exchange.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The exchange sniffer: the fuzz input is written to a file, gloss_exchange_sniff()
 * names its format, and the file is imported as that format (an article through
 * gloss_import_read_file(), as `gloss-cli import` and the workbench do).
 */
#include "fuzz-common.h"
#include "gloss-exchange.h"
#include "gloss-import.h"
#include "gloss-json.h"

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
  g_autofree char *path = NULL;
  GlossFormat format;
  GlossStore *store;

  gloss_fuzz_init ();
  path = gloss_fuzz_write_file ("input", data, size);
  format = gloss_exchange_sniff (path);

  if (format == GLOSS_FORMAT_ARTICLE)
    {
      g_autoptr(GlossImportedText) text = gloss_import_read_file (path, &error);

      g_assert ((text == NULL) != (error == NULL));
    }
  else if (gloss_format_can_import (format))
    {
      gboolean ok;

      store = gloss_fuzz_new_store ();
      ok = gloss_exchange_import (store, path, format, report, &error);
      g_assert (ok == (error == NULL));
      gloss_fuzz_drop_store (store);
    }
  gloss_fuzz_remove (path);
  return 0;
}

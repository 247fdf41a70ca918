/* fuzz-brat-ann.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * brat import of a folder. The fuzz input holds up to three files, separated by a
 * line "%%%%": the document text (doc.txt), its standoff annotations (doc.ann), and
 * an optional annotation.conf. They are written to a new folder, which is sniffed and
 * imported into a fresh project.
 */
#include <string.h>
#include <glib/gstdio.h>

#include "fuzz-common.h"
#include "gloss-project.h"
#include "gloss-brat.h"

#define SEPARATOR "\n%%%%\n"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  gloss_fuzz_init ();
  return 0;
}

/* Cuts the part before the next separator off (*data, *size); returns its length. */
static size_t
next_part (const uint8_t **data,
           size_t         *size,
           const uint8_t **part)
{
  const char *sep = g_strstr_len ((const char *) *data, *size, SEPARATOR);
  size_t len = sep != NULL ? (size_t) ((const uint8_t *) sep - *data) : *size;
  size_t skip = sep != NULL ? len + strlen (SEPARATOR) : len;

  *part = *data;
  *data += skip;
  *size -= skip;
  return len;
}

static void
write_part (const char *dir, const char *name, const uint8_t *data, size_t size)
{
  g_autofree char *rel = g_build_filename (dir, name, NULL);
  g_autofree char *path = gloss_fuzz_write_file (rel, data, size);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const char *const names[] = { "doc.txt", "doc.ann", "annotation.conf" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossImportReport) report = gloss_import_report_new ();
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autofree char *folder = NULL;
  GlossStore *store;
  gboolean ok;

  gloss_fuzz_init ();
  /* g_strstr_len() stops at a NUL byte: a part then runs to the end. */
  folder = g_build_filename (gloss_fuzz_dir (), "brat", NULL);
  g_mkdir (folder, 0700);
  for (guint i = 0; i < G_N_ELEMENTS (names) && (i < 2 || size > 0); i++)
    {
      const uint8_t *part;
      size_t len = next_part (&data, &size, &part);

      write_part ("brat", names[i], part, len);
    }
  g_assert (gloss_brat_sniff (folder));

  store = gloss_fuzz_new_store ();
  ok = gloss_brat_import (store, folder, report, &error);
  g_assert (ok == (error == NULL));
  if (!gloss_project_check (store, problems, NULL))
    {
      g_printerr ("gloss_brat_import() left an inconsistent project:\n%s", problems->str);
      abort ();
    }
  gloss_fuzz_drop_store (store);
  gloss_fuzz_remove (folder);
  return 0;
}

/* fuzz-import-article.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Article import (plain text, Markdown, HTML): gloss_import_read_bytes() with each
 * format hint and with none (sniffing), then gloss_import_read_file() on the same
 * bytes, and the text it reads added to a fresh project as a document.
 */
#include "fuzz-common.h"
#include "gloss-import.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  gloss_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const char *const hints[] = { NULL, "txt", "md", "html" };
  g_autoptr(GlossImportedText) text = NULL;
  g_autofree char *path = NULL;
  GlossDocument *doc;
  GlossStore *store;

  gloss_fuzz_init ();
  for (guint i = 0; i < G_N_ELEMENTS (hints); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GlossImportedText) t = gloss_import_read_bytes ((const char *) data, size, hints[i],
                                                                "fuzz", &error);
      g_assert ((t == NULL) != (error == NULL));
      if (t != NULL)
        {
          g_assert (t->title != NULL && t->text != NULL && t->text[0] != '\0');
          g_assert (g_utf8_validate (t->text, -1, NULL));
        }
    }

  /* No extension: the file is read as text if it looks like text. */
  path = gloss_fuzz_write_file ("article", data, size);
  text = gloss_import_read_file (path, NULL);
  gloss_fuzz_remove (path);
  if (text == NULL)
    return 0;

  store = gloss_fuzz_new_store ();
  doc = gloss_store_add_document (store, text->title, text->text, "fuzz", text->format, NULL, NULL);
  g_clear_pointer (&doc, gloss_document_free);
  gloss_fuzz_drop_store (store);
  return 0;
}

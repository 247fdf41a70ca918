/* fuzz-readers.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The document readers recognised by content (issue 13): RTF, DOCX, ODT, EPUB,
 * e-mail and mbox, through gloss_readers_read_bytes(), and the RTF and mail readers
 * directly (so that any bytes reach them, not only what sniffs as theirs). Every
 * text they return is valid UTF-8, non-empty and titled.
 */
#include <string.h>

#include "fuzz-common.h"
#include "gloss-readers.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  gloss_fuzz_init ();
  return 0;
}

static void
check_texts (GPtrArray *texts)
{
  for (guint i = 0; texts != NULL && i < texts->len; i++)
    {
      GlossImportedText *t = texts->pdata[i];

      g_assert (t->title != NULL && t->text != NULL && t->text[0] != '\0');
      g_assert (g_utf8_validate (t->text, -1, NULL));
      g_assert (g_utf8_validate (t->title, -1, NULL));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *bytes = (const char *) data;

  gloss_fuzz_init ();
  {
    g_autoptr(GPtrArray) texts = NULL;
    g_autoptr(GError) error = NULL;
    gboolean ok = gloss_readers_read_bytes (bytes, size, "fuzz", &texts, &error);

    g_assert (ok == (error == NULL));
    g_assert (ok || texts == NULL);
    check_texts (texts);
  }
  if (size >= 5 && memcmp (bytes, "{\\rtf", 5) == 0)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GlossImportedText) t = gloss_rtf_read (bytes, size, "fuzz.rtf", &error);

      g_assert ((t == NULL) != (error == NULL));
      if (t != NULL)
        g_assert (g_utf8_validate (t->text, -1, NULL) && t->text[0] != '\0');
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) texts = gloss_mail_read (bytes, size, "fuzz.eml", gloss_readers_read_bytes, &error);

    g_assert ((texts == NULL) != (error == NULL));
    check_texts (texts);
  }
  return 0;
}

/* gloss-epub.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-epub"

#include "gloss-readers.h"

GlossImportedText *
gloss_epub_read (GlossZip *zip, const char *name, GError **error)
{
  g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_UNSUPPORTED, "“%s”: not yet", name);
  return NULL;
}

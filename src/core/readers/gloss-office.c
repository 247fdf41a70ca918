/* gloss-office.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-office"

#include "gloss-readers.h"

GlossImportedText *
gloss_office_read (GlossZip *zip, GlossReaderKind kind, const char *name, GError **error)
{
  g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_UNSUPPORTED, "“%s”: not yet", name);
  return NULL;
}

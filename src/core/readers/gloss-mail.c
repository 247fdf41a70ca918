/* gloss-mail.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-mail"

#include "gloss-readers.h"

GPtrArray *
gloss_mail_read (const char *data, gsize len, const char *name, GError **error)
{
  g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_UNSUPPORTED, "“%s”: not yet", name);
  return NULL;
}

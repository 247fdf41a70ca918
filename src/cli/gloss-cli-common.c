/* gloss-cli-common.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-cli"

#include "config.h"

#include <unistd.h>
#include <gio/gunixoutputstream.h>

#include "gloss-cli-common.h"
#include "gloss-file.h"

int
gloss_cli_usage_error (GOptionContext *context,
                       const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("gloss-cli: %s\n\n%s", message, help);
  return GLOSS_CLI_EXIT_USAGE;
}

gboolean
gloss_cli_parse_one_project (GOptionContext     *context,
                             const GOptionEntry *entries,
                             const char         *command,
                             int                *argc,
                             char             ***argv,
                             int                *status)
{
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = gloss_cli_usage_error (context, error->message);
      return FALSE;
    }
  if (*argc != 2)
    {
      g_autofree char *message = g_strdup_printf ("%s takes one PROJECT", command);

      *status = gloss_cli_usage_error (context, message);
      return FALSE;
    }
  return TRUE;
}

int
gloss_cli_fail (GError *error)
{
  g_printerr ("gloss-cli: %s\n", error->message);
  g_error_free (error);
  return 1;
}

gboolean
gloss_cli_write_output (const char          *output,
                        GlossStreamWriteFunc write,
                        gpointer             user_data,
                        GError             **error)
{
  g_autoptr(GOutputStream) out = NULL;

  if (output != NULL && !g_str_equal (output, "-"))
    return gloss_atomic_file_write (output, write, user_data, NULL, error);
  out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
  return write (out, user_data, NULL, error);
}

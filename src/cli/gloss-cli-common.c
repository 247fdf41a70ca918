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

int
gloss_cli_fail (GError *error)
{
  g_printerr ("gloss-cli: %s\n", error->message);
  g_error_free (error);
  return 1;
}

gboolean
gloss_cli_write_output (const char        *output,
                        GlossCliWriteFunc  write,
                        gpointer           user_data,
                        GError           **error)
{
  if (output != NULL && !g_str_equal (output, "-"))
    {
      g_autoptr(GlossAtomicFile) file = gloss_atomic_file_new (output, error);

      return file != NULL && write (gloss_atomic_file_get_stream (file), user_data, error) &&
             gloss_atomic_file_commit (file, error);
    }
  {
    g_autoptr(GOutputStream) out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);

    return write (out, user_data, error);
  }
}

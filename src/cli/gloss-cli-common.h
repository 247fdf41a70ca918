/* gloss-cli-common.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the command files of gloss-cli share: parsing a command line with one
 * PROJECT, the usage error and failure messages, and writing an export to standard
 * output or a file.
 */
#pragma once

#include <gio/gio.h>

#include "gloss-file.h"

G_BEGIN_DECLS

#define GLOSS_CLI_EXIT_USAGE 2

/* Prints "gloss-cli: @message" and @context's help; returns GLOSS_CLI_EXIT_USAGE. */
int gloss_cli_usage_error (GOptionContext *context,
                           const char     *message);
/* Prints "gloss-cli: " and @error's message, frees it; returns 1. */
int gloss_cli_fail        (GError         *error);

/* Adds @entries to @context and parses the command line of @command, which takes
 * one PROJECT (then (*@argv)[1]). On a usage error prints it with the help, sets
 * *@status and returns FALSE. */
gboolean gloss_cli_parse_one_project (GOptionContext     *context,
                                      const GOptionEntry *entries,
                                      const char         *command,
                                      int                *argc,
                                      char             ***argv,
                                      int                *status);

/* Calls @write with standard output, or, when @output names a file (not "-"), with
 * a stream to a temporary file that replaces @output only when @write succeeded. */
gboolean gloss_cli_write_output (const char          *output,
                                 GlossStreamWriteFunc write,
                                 gpointer           user_data,
                                 GError           **error);

G_END_DECLS

/* gloss-cli-share.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gloss-cli commands for sharing a project: `copy` writes a consistent copy of a
 * project (safe while the workbench or other gloss-cli runs write to it).
 */
#define G_LOG_DOMAIN "gloss-cli"

#include "config.h"

#include <glib.h>

#include "gloss-share.h"
#include "gloss-store.h"

#define EXIT_USAGE 2

int gloss_cli_copy (int argc, char **argv);

static int
share_usage_error (GOptionContext *context,
                   const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("gloss-cli: %s\n\n%s", message, help);
  return EXIT_USAGE;
}

static int
share_fail (const GError *error)
{
  g_printerr ("gloss-cli: %s\n", error->message);
  return 1;
}

int
gloss_cli_copy (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("copy PROJECT NEW.gloss");
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *network = NULL;
  GlossStoreOpenFlags flags;

  g_option_context_set_summary (context,
                                "Write a copy of PROJECT, as it is at one moment, to the new file NEW.gloss.\n"
                                "Other programs may keep writing to PROJECT meanwhile. NEW.gloss must not exist.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return share_usage_error (context, error->message);
  if (argc != 3)
    return share_usage_error (context, "copy takes a PROJECT and a NEW.gloss file");

  /* The copy only reads the project. On a network share it must not even upgrade
   * the schema: open it for reading only there. */
  network = gloss_share_unsafe_filesystem_reason (argv[1]);
  flags = network != NULL ? GLOSS_STORE_OPEN_READ_ONLY : GLOSS_STORE_OPEN_ALLOW_READ_ONLY;
  store = gloss_store_open (argv[1], flags, &error);
  if (store == NULL)
    return share_fail (error);
  if (!gloss_share_snapshot (store, argv[2], &error))
    return share_fail (error);
  return 0;
}

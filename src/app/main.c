/* main.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss"

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "gloss-application.h"

/* True when this binary is the one in the build tree (run from source, uninstalled). */
static gboolean
running_uninstalled (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *build_root = g_path_get_dirname (BUILD_DATADIR);

  return exe != NULL && g_str_has_prefix (exe, build_root);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GlossApplication) app = NULL;
  g_autofree char *compiled = g_build_filename (BUILD_DATADIR, "gschemas.compiled", NULL);
  g_autofree char *build_locale = g_build_filename (BUILD_DATADIR, "..", "po", NULL);
  gboolean uninstalled = running_uninstalled ();

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, uninstalled && g_file_test (build_locale, G_FILE_TEST_IS_DIR)
                                   ? build_locale : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Run from the build tree, the schema is compiled there and not installed. */
  if (g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL && uninstalled &&
      g_file_test (compiled, G_FILE_TEST_EXISTS))
    g_setenv ("GSETTINGS_SCHEMA_DIR", BUILD_DATADIR, TRUE);

  app = gloss_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}

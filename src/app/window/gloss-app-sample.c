/* gloss-app-sample.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-app-sample"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "gloss-app-sample.h"
#include "gloss-sample.h"

char *
gloss_app_sample_dup_dir (void)
{
  g_autofree char *source = g_build_filename (SOURCE_DATADIR, "samples", NULL);
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *build_root = g_path_get_dirname (BUILD_DATADIR);

  /* An uninstalled build (the binary lives in the build tree) reads the source tree. */
  if (exe != NULL && g_str_has_prefix (exe, build_root) && g_file_test (source, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&source);
  return g_build_filename (PKGDATADIR, "samples", NULL);
}

char *
gloss_app_sample_ensure_project (GError **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "gloss", NULL);
  g_autofree char *path = g_build_filename (dir, "Sample.gloss", NULL);
  g_autofree char *samples = NULL;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }
  samples = gloss_app_sample_dup_dir ();
  /* Translators: the annotator of the demonstration annotations in the sample project */
  if (!gloss_sample_project_create (path, samples, _("Gloss sample"), error))
    return NULL;
  return g_steal_pointer (&path);
}

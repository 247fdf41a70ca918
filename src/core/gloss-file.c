/* gloss-file.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gunixoutputstream.h>

#include "gloss-file.h"

struct _GlossAtomicFile {
  char          *path;
  char          *tmp_path;
  GOutputStream *out;       /* buffered, over the temporary file's descriptor */
  gboolean       committed;
};

/**
 * gloss_atomic_file_new:
 * @path: the file to write in the end
 *
 * Creates a temporary file in @path's folder (so that the final rename cannot cross
 * file systems) and returns a handle whose stream writes to it.
 */
GlossAtomicFile *
gloss_atomic_file_new (const char *path,
                       GError    **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmpl = NULL;
  g_autofree char *shown = NULL;
  GlossAtomicFile *file;
  GOutputStream *raw;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  shown = g_filename_display_name (path);
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY, _("%s is a folder"), shown);
      return NULL;
    }
  tmpl = g_strdup_printf ("%s%s.%s.XXXXXX.part", dir, G_DIR_SEPARATOR_S, base);
  fd = g_mkstemp_full (tmpl, O_WRONLY | O_CLOEXEC, 0666 & ~0022);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot write in the folder of %s: %s"), shown, g_strerror (saved));
      return NULL;
    }
  file = g_new0 (GlossAtomicFile, 1);
  file->path = g_strdup (path);
  file->tmp_path = g_steal_pointer (&tmpl);
  raw = g_unix_output_stream_new (fd, TRUE);
  file->out = g_buffered_output_stream_new_sized (raw, 64 * 1024);
  g_object_unref (raw);
  return file;
}

GOutputStream *
gloss_atomic_file_get_stream (GlossAtomicFile *file)
{
  return file->out;
}

/**
 * gloss_atomic_file_commit:
 *
 * Flushes, syncs and closes the temporary file and renames it over the target. Not
 * cancellable: once the data is complete, finishing is quick and a cancel that
 * arrives now must not leave a half-done state.
 */
gboolean
gloss_atomic_file_commit (GlossAtomicFile *file,
                          GError         **error)
{
  GOutputStream *raw;
  g_autofree char *shown = g_filename_display_name (file->path);

  g_return_val_if_fail (!file->committed, FALSE);

  if (!g_output_stream_flush (file->out, NULL, error))
    return FALSE;
  raw = g_filter_output_stream_get_base_stream (G_FILTER_OUTPUT_STREAM (file->out));
  if (fsync (g_unix_output_stream_get_fd (G_UNIX_OUTPUT_STREAM (raw))) != 0 && errno != EINVAL)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot write %s: %s"), shown, g_strerror (saved));
      return FALSE;
    }
  if (!g_output_stream_close (file->out, NULL, error))
    return FALSE;
  if (g_rename (file->tmp_path, file->path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot write %s: %s"), shown, g_strerror (saved));
      return FALSE;
    }
  file->committed = TRUE;
  return TRUE;
}

/* Without a commit, the temporary file is removed. */
void
gloss_atomic_file_free (GlossAtomicFile *file)
{
  if (file == NULL)
    return;
  if (!file->committed)
    {
      if (!g_output_stream_is_closed (file->out))
        {
          /* Close the descriptor without flushing what is buffered: it is dropped anyway. */
          GOutputStream *raw = g_filter_output_stream_get_base_stream (G_FILTER_OUTPUT_STREAM (file->out));

          g_filter_output_stream_set_close_base_stream (G_FILTER_OUTPUT_STREAM (file->out), FALSE);
          g_output_stream_close (raw, NULL, NULL);
        }
      g_unlink (file->tmp_path);
    }
  g_object_unref (file->out);
  g_free (file->path);
  g_free (file->tmp_path);
  g_free (file);
}

GMappedFile *
gloss_map_import_file (const char *path,
                       GQuark      domain,
                       int         code,
                       GError    **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *base = g_path_get_basename (path);

  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, domain, code, "“%s” cannot be read: %s", base, local_error->message);
      return NULL;
    }
  if (g_mapped_file_get_length (mapped) == 0)
    {
      g_set_error (error, domain, code, "“%s” is empty.", base);
      return NULL;
    }
  return g_steal_pointer (&mapped);
}

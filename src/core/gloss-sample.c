/* gloss-sample.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-sample"

#include <string.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "gloss-import.h"
#include "gloss-sample.h"
#include "gloss-store.h"

typedef struct {
  const char *label;   /* a label of the default codebook */
  const char *quote;   /* exact text searched in every sample */
  const char *note;    /* nullable */
} SampleAnnotation;

/* Kept short so that they survive the whitespace clean-up of the HTML import. */
static const SampleAnnotation sample_annotations[] = {
  { "Location",     "Port Calloway", NULL },
  { "Organization", "Calloway Dockworkers’ Union", NULL },
  { "Person",       "Zoë Łukasiewicz", "Union branch secretary; main voice of the strikers." },
  { "Claim",        "We are not going back until the cranes are safe", NULL },
  { "Organization", "Brightwater Terminals", "Port operator under concession since 2016." },
  { "Person",       "José Núñez", NULL },
  { "Claim",        "Every crane working on this quay has a valid certificate", "Check against the inspection records." },
  { "Risk",         "shipping lines could start to divert cargo to the rival port of Marrowick", NULL },
  { "Person",       "Ingrid Vasquez-Holm", NULL },
  { "Risk",         "the next breakdown could be far more expensive than a week of lost trade", NULL },
  { "Location",     "Tessaly", NULL },
  { "Person",       "Oskar Varga-Lindqvist", NULL },
  { "Organization", "Meridian Commodities", NULL },
  { "Claim",        "we are not hoarding anything", "Federation disputes this." },
  { "Claim",        "no risk of a bread shortage", NULL },
  { "Location",     "Ostvale", NULL },
  { "Organization", "Upper Ostvale Water Board", NULL },
  { "Person",       "Annika Solberg-Mensah", NULL },
  { "Risk",         "Higher pumping costs from the river during dry months.", NULL },
};

static gboolean
is_sample_file (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  if (g_str_equal (lower, "readme.md"))
    return FALSE;
  return g_str_has_suffix (lower, ".txt") || g_str_has_suffix (lower, ".md") ||
         g_str_has_suffix (lower, ".html") || g_str_has_suffix (lower, ".htm");
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static GPtrArray *
list_sample_files (const char  *samples_dir,
                   GError     **error)
{
  g_autoptr(GDir) dir = g_dir_open (samples_dir, 0, error);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return NULL;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (is_sample_file (name))
      g_ptr_array_add (files, g_build_filename (samples_dir, name, NULL));
  g_ptr_array_sort (files, compare_paths);
  return g_steal_pointer (&files);
}

static gboolean
add_sample_annotations (GlossStore          *store,
                        const GlossDocument *document,
                        const char          *annotator,
                        GError             **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (sample_annotations); i++)
    {
      const SampleAnnotation *s = &sample_annotations[i];
      g_autoptr(GlossLabel) label = NULL;
      g_autoptr(GlossAnnotation) annotation = NULL;
      const char *found = strstr (document->text, s->quote);
      gint64 start;

      if (found == NULL)
        continue;
      label = gloss_store_find_label_by_name (store, s->label, NULL);
      if (label == NULL)
        continue;
      start = g_utf8_pointer_to_offset (document->text, found);
      annotation = gloss_store_add_annotation (store, document->id, label->id,
                                               start, start + g_utf8_strlen (s->quote, -1),
                                               s->note, annotator, error);
      if (annotation == NULL)
        return FALSE;
    }
  return TRUE;
}

gboolean
gloss_sample_project_create (const char  *path,
                             const char  *samples_dir,
                             const char  *annotator,
                             GError     **error)
{
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GPtrArray) files = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (samples_dir != NULL, FALSE);

  files = list_sample_files (samples_dir, error);
  if (files == NULL)
    return FALSE;

  store = gloss_store_create (path, "Sample", GLOSS_STORE_CREATE_DEFAULT, error);
  if (store == NULL)
    return FALSE;

  for (guint i = 0; ok && i < files->len; i++)
    {
      const char *file = g_ptr_array_index (files, i);
      g_autoptr(GlossImportedText) imported = NULL;
      g_autoptr(GlossDocument) added = NULL;
      g_autoptr(GlossDocument) document = NULL;
      g_autoptr(GError) local_error = NULL;

      imported = gloss_import_read_file (file, &local_error);
      if (imported == NULL)
        {
          /* A broken sample should not keep the others from the user. */
          g_warning ("Skipping sample %s: %s", file, local_error->message);
          continue;
        }
      added = gloss_store_add_document (store, imported->title, imported->text, file,
                                        imported->format, NULL, error);
      if (added == NULL)
        {
          ok = FALSE;
          break;
        }
      document = gloss_store_get_document (store, added->id, error);
      ok = document != NULL && add_sample_annotations (store, document, annotator, error);
    }

  gloss_store_close (store);
  if (!ok)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
    }
  return ok;
}

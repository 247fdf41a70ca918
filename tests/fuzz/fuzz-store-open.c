/* fuzz-store-open.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project opener: the fuzz input is written as a .gloss file and opened with
 * gloss_store_open(). A file that opens is then read as the workbench and an export
 * read it (documents with their text, labels, annotations, annotators, the
 * consistency check, a Gloss JSON export); one that does not must say why.
 */
#include <gio/gio.h>

#include "fuzz-common.h"
#include "gloss-project.h"
#include "gloss-json.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  gloss_fuzz_init ();
  return 0;
}

static void
read_project (GlossStore *store)
{
  g_autoptr(GPtrArray) documents = gloss_store_list_documents (store, NULL);
  g_autoptr(GPtrArray) labels = gloss_store_list_labels (store, NULL);
  g_autoptr(GPtrArray) annotations = gloss_store_list_annotations (store, NULL, NULL);
  g_autoptr(GPtrArray) annotators = gloss_store_list_annotators (store, NULL);
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autofree char *name = gloss_store_dup_name (store);
  g_autofree char *id = gloss_store_dup_id (store);

  for (guint i = 0; documents != NULL && i < documents->len; i++)
    {
      GlossDocument *listed = g_ptr_array_index (documents, i);
      g_autoptr(GlossDocument) doc = gloss_store_get_document (store, listed->id, NULL);
      g_autoptr(GPtrArray) own = gloss_store_list_annotations (store, listed->id, NULL);
    }
  (void) gloss_project_check (store, problems, NULL);
  (void) gloss_json_export (store, NULL, out, NULL, NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GlossStore *store;

  gloss_fuzz_init ();
  path = gloss_fuzz_write_file ("open.gloss", data, size);
  store = gloss_store_open (path, GLOSS_STORE_OPEN_DEFAULT, &error);
  g_assert ((store == NULL) != (error == NULL));
  if (store != NULL)
    {
      read_project (store);
      g_object_unref (store);
    }
  else
    g_assert (error->message != NULL && error->message[0] != '\0');
  gloss_fuzz_remove (path);
  return 0;
}

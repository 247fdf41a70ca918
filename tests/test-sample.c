/* test-sample.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-sample"

#include <glib/gstdio.h>

#include "gloss-graph.h"
#include "gloss-sample.h"
#include "gloss-store.h"

static void
test_sample_project (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gloss-test-sample-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "Sample.gloss", NULL);
  g_autofree char *samples = g_build_filename (g_getenv ("GLOSS_SOURCE_ROOT"), "data", "samples", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(GPtrArray) annotations = NULL;

  g_assert_no_error (error);
  g_assert_true (gloss_sample_project_create (path, samples, "Sample annotator", &error));
  g_assert_no_error (error);

  /* A second call refuses to overwrite the project. */
  g_assert_false (gloss_sample_project_create (path, samples, NULL, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  store = gloss_store_open (path, GLOSS_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  documents = gloss_store_list_documents (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (documents->len, >=, 3);
  for (guint i = 0; i < documents->len; i++)
    g_assert_false (g_str_equal (((GlossDocument *) g_ptr_array_index (documents, i))->title, "README"));

  annotations = gloss_store_list_annotations (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (annotations->len, >=, 10);

  for (guint i = 0; i < annotations->len; i++)
    {
      GlossAnnotation *a = g_ptr_array_index (annotations, i);
      g_autoptr(GlossDocument) d = gloss_store_get_document (store, a->document_id, &error);
      const char *start, *end;
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      start = g_utf8_offset_to_pointer (d->text, a->start);
      end = g_utf8_offset_to_pointer (d->text, a->end);
      text = g_strndup (start, end - start);
      g_assert_cmpstr (text, ==, a->quote);
      g_assert_cmpstr (a->annotator, ==, "Sample annotator");
    }

  /* The link chart of the sample shows people joined to their organizations by typed
   * links, not only the one pair that shares a sentence. */
  {
    g_autoptr(GlossGraph) graph = gloss_graph_build (store, NULL, &error);
    guint part_of = 0;

    g_assert_no_error (error);
    for (guint i = 0; i < graph->edges->len; i++)
      {
        const GlossGraphEdge *e = graph->edges->pdata[i];
        const GlossGraphNode *from = graph->nodes->pdata[e->source];

        if (e->kind == GLOSS_GRAPH_EDGE_LINK && g_strcmp0 (e->relation, "part of") == 0)
          {
            g_assert_cmpstr (from->type, ==, "Person");
            part_of++;
          }
      }
    g_assert_cmpuint (part_of, ==, 4);
  }

  gloss_store_close (store);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (dir);
}

static void
test_sample_missing_dir (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gloss-test-sample-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "Sample.gloss", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-dir", NULL);

  g_assert_false (gloss_sample_project_create (path, missing, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/sample/project", test_sample_project);
  g_test_add_func ("/core/sample/missing-dir", test_sample_missing_dir);

  return g_test_run ();
}

/* exchange-fixture.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project the exchange-format tests (test-w3c.c, test-jsonl-csv.c) share: two
 * documents with an emoji before the spans, CJK text, quotes and commas, overlaps, two
 * annotators. Define FIXTURE_TMP_TEMPLATE (a g_dir_make_tmp template) before including.
 */
#pragma once

#include <string.h>
#include <glib/gstdio.h>

#include "gloss-project.h"
#include "gloss-store.h"

typedef struct {
  char       *dir;
  char       *path;
  GlossStore *store;
  char       *doc_id;
  char       *doc2_id;
  guint       n_annotations;
} Fixture;

/* The emoji come first so that a UTF-16 offset bug shifts every span. */
static const char text1[] =
  "🚢🚢 Ship log. “Anna” met Bob in 東京, then Anna left.\n"
  "Notes: \"quoted\", comma, and Anna again — fin.";
static const char text2[] = "=SUM(A1) is a formula; -5 is not. +1 @home Anna";

/* Annotates @quote where it occurs inside the first occurrence of @context. */
static void
annotate (Fixture *f, const char *doc_id, const char *text, const char *context, const char *quote,
          const char *label_name, const char *note, const char *annotator)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossLabel) label = gloss_store_find_label_by_name (f->store, label_name, &error);
  g_autoptr(GlossAnnotation) a = NULL;
  const char *in = strstr (text, context);
  const char *at;
  gint64 start;

  g_assert_no_error (error);
  g_assert_nonnull (in);
  at = strstr (in, quote);
  g_assert_nonnull (at);
  start = g_utf8_pointer_to_offset (text, at);
  a = gloss_store_add_annotation (f->store, doc_id, label->id, start, start + g_utf8_strlen (quote, -1),
                                  note, annotator, &error);
  g_assert_no_error (error);
  f->n_annotations++;
}

static void
add_labels (GlossStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossLabel) a = gloss_store_add_label (store, "Person", GLOSS_LABEL_KIND_ENTITY, "#3584e4", "p", NULL, &error);
  g_autoptr(GlossLabel) b = gloss_store_add_label (store, "Place", GLOSS_LABEL_KIND_TAG, "#2ec27e", NULL, NULL, &error);
  g_autoptr(GlossLabel) c = gloss_store_add_label (store, "Claim", GLOSS_LABEL_KIND_CLAIM, "#e01b24", NULL, "said", &error);

  g_assert_no_error (error);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossDocument) d1 = NULL;
  g_autoptr(GlossDocument) d2 = NULL;

  f->dir = g_dir_make_tmp (FIXTURE_TMP_TEMPLATE, &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "a.gloss", NULL);
  f->store = gloss_project_create (f->path, "Project “A”", GLOSS_PROJECT_CREATE_NO_CODEBOOK, &error);
  g_assert_no_error (error);
  add_labels (f->store);
  d1 = gloss_store_add_document (f->store, "Ship log", text1, NULL, "txt", NULL, &error);
  g_assert_no_error (error);
  d2 = gloss_store_add_document (f->store, "Formulas", text2, NULL, "txt", NULL, &error);
  g_assert_no_error (error);
  f->doc_id = g_strdup (d1->id);
  f->doc2_id = g_strdup (d2->id);

  annotate (f, d1->id, text1, "“Anna”", "Anna", "Person", "He said \"hi\",\nthen left", "Ana Ruiz");
  annotate (f, d1->id, text1, "“Anna” met Bob", "“Anna” met Bob", "Claim", "ünïcödé, “curly”", "Bo Chen");
  annotate (f, d1->id, text1, "東京", "東京", "Place", NULL, NULL);
  annotate (f, d1->id, text1, "then Anna", "Anna", "Person", NULL, "Bo Chen");
  annotate (f, d1->id, text1, "Anna again", "Anna again", "Person", NULL, "Ana Ruiz");
  annotate (f, d2->id, text2, "=SUM(A1)", "=SUM(A1)", "Claim", "+1 for this", "Ana Ruiz");
  annotate (f, d2->id, text2, "@home Anna", "Anna", "Person", NULL, NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->doc_id);
  g_free (f->doc2_id);
}

static GlossStore *
new_store (Fixture *f, const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  GlossStore *store = gloss_project_create (path, name, GLOSS_PROJECT_CREATE_NO_CODEBOOK, &error);

  g_assert_no_error (error);
  return store;
}

/* test-views.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project-wide tables: claims with their fields, the risk register with scores
 * and matrix counts, and the bulk delete/restore that undoes "annotate all mentions".
 */
#define G_LOG_DOMAIN "test-views"

#include <string.h>
#include <glib/gstdio.h>

#include "gloss-entities.h"
#include "gloss-fields.h"
#include "gloss-project.h"
#include "gloss-store.h"
#include "gloss-views.h"
#include "test-files.h"

typedef struct {
  char          *dir;
  char          *path;
  GlossStore    *store;
  GlossDocument *doc;
  GlossDocument *doc2;
  GlossLabel    *person;
  GlossLabel    *claim;
  GlossLabel    *risk;
} Fixture;

static const char text1[] =
  "The minister said the port will reopen on Monday. Unions deny any deal was made. "
  "A second strike could halt exports. Flooding may damage the quay.";
static const char text2[] = "Analysts expect the strike to spread to other ports by June.";

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("gloss-test-views-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "p.gloss", NULL);
  f->store = gloss_project_create (f->path, "Desk", 0, &error);
  g_assert_no_error (error);
  f->doc = gloss_store_add_document (f->store, "One", text1, NULL, "txt", NULL, &error);
  g_assert_no_error (error);
  f->doc2 = gloss_store_add_document (f->store, "Two", text2, NULL, "txt", NULL, &error);
  g_assert_no_error (error);
  f->person = gloss_store_find_label_by_name (f->store, "Person", &error);
  f->claim = gloss_store_find_label_by_name (f->store, "Claim", &error);
  f->risk = gloss_store_find_label_by_name (f->store, "Risk", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  gloss_document_free (f->doc);
  gloss_document_free (f->doc2);
  gloss_label_free (f->person);
  gloss_label_free (f->claim);
  gloss_label_free (f->risk);
  test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static GlossAnnotation *
annotate (Fixture *f, const GlossDocument *doc, const GlossLabel *label, const char *quote)
{
  g_autoptr(GError) error = NULL;
  const char *at = strstr (doc->text, quote);
  gint64 start, end;
  GlossAnnotation *a;

  g_assert_nonnull (at);
  start = g_utf8_pointer_to_offset (doc->text, at);
  end = start + g_utf8_strlen (quote, -1);
  a = gloss_store_add_annotation (f->store, doc->id, label->id, start, end, NULL, "Ana", &error);
  g_assert_no_error (error);
  return a;
}

static void
set_field (Fixture *f, const char *annotation_id, const char *name, const char *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gloss_store_set_field_value (f->store, annotation_id, name, value, &error));
  g_assert_no_error (error);
}

static void
test_claims (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossEntity) minister = gloss_store_add_entity (f->store, "Minister Hale", f->person->id,
                                                            NULL, NULL, NULL, &error);
  g_autoptr(GlossAnnotation) spread = annotate (f, f->doc2, f->claim, "the strike to spread to other ports");
  g_autoptr(GlossAnnotation) reopen = annotate (f, f->doc, f->claim, "the port will reopen on Monday");
  g_autoptr(GlossAnnotation) deny = annotate (f, f->doc, f->claim, "Unions deny any deal was made");
  g_autoptr(GlossAnnotation) risk = annotate (f, f->doc, f->risk, "A second strike could halt exports");
  g_autoptr(GlossAnnotation) gone = annotate (f, f->doc, f->claim, "Flooding may damage the quay");
  g_autoptr(GPtrArray) rows = NULL;
  GlossClaimRow *row;

  g_assert_no_error (error);
  set_field (f, reopen->id, "speaker", "minister hale");
  set_field (f, reopen->id, "Claim Type", "prediction");
  set_field (f, reopen->id, "likelihood", "likely");
  set_field (f, reopen->id, "confidence", "moderate");
  set_field (f, reopen->id, "credibility", "2");
  set_field (f, reopen->id, "status", "unverified");
  set_field (f, deny->id, "claim type", "denial");
  set_field (f, spread->id, "status", "corroborated");
  g_assert_true (gloss_store_delete_annotation (f->store, gone->id, &error));

  rows = gloss_store_list_claims (f->store, &error);
  g_assert_no_error (error);
  /* Claims only (not the risk), live only, in document then text order. */
  g_assert_cmpuint (rows->len, ==, 3);
  row = rows->pdata[0];
  g_assert_cmpstr (row->annotation_id, ==, reopen->id);
  g_assert_cmpstr (row->document_title, ==, "One");
  g_assert_cmpstr (row->quote, ==, "the port will reopen on Monday");
  g_assert_cmpstr (row->speaker_id, ==, minister->id);
  g_assert_cmpstr (row->speaker, ==, "Minister Hale");
  g_assert_cmpstr (row->claim_type, ==, "prediction");
  g_assert_cmpstr (row->likelihood, ==, "likely");
  g_assert_cmpstr (row->confidence, ==, "moderate");
  g_assert_cmpstr (row->credibility, ==, "2");
  g_assert_cmpstr (row->status, ==, "unverified");
  g_assert_cmpint (row->start, ==, reopen->start);
  row = rows->pdata[1];
  g_assert_cmpstr (row->annotation_id, ==, deny->id);
  g_assert_cmpstr (row->claim_type, ==, "denial");
  g_assert_null (row->speaker);
  g_assert_null (row->likelihood);
  row = rows->pdata[2];
  g_assert_cmpstr (row->annotation_id, ==, spread->id);
  g_assert_cmpstr (row->document_title, ==, "Two");
  g_assert_cmpstr (row->status, ==, "corroborated");

  /* A cleared value is a tombstone row with NULL: not shown. */
  set_field (f, reopen->id, "likelihood", NULL);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = gloss_store_list_claims (f->store, &error);
  g_assert_no_error (error);
  g_assert_null (((GlossClaimRow *) rows->pdata[0])->likelihood);

  /* Relabelled to a risk, the claim leaves the table and its old values are not shown. */
  g_assert_true (gloss_store_set_annotation_label (f->store, deny->id, f->risk->id, &error));
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = gloss_store_list_claims (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
}

static void
test_risks (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) halt = annotate (f, f->doc, f->risk, "A second strike could halt exports");
  g_autoptr(GlossAnnotation) flood = annotate (f, f->doc, f->risk, "Flooding may damage the quay");
  g_autoptr(GlossAnnotation) spread = annotate (f, f->doc2, f->risk, "the strike to spread");
  g_autoptr(GlossAnnotation) claim = annotate (f, f->doc, f->claim, "Unions deny any deal was made");
  g_autoptr(GPtrArray) rows = NULL;
  guint counts[GLOSS_RISK_LEVELS][GLOSS_RISK_LEVELS];
  GlossRiskRow *row;
  guint total = 0;

  set_field (f, halt->id, "likelihood", "4");
  set_field (f, halt->id, "impact", "major");
  set_field (f, halt->id, "category", "economic");
  set_field (f, halt->id, "time horizon", "short term");
  set_field (f, halt->id, "rationale", "Second strike ballot next week.");
  set_field (f, flood->id, "likelihood", "2");
  set_field (f, flood->id, "impact", "5");
  set_field (f, spread->id, "likelihood", "4");

  rows = gloss_store_list_risks (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 3);
  row = rows->pdata[0];
  g_assert_cmpstr (row->annotation_id, ==, halt->id);
  g_assert_cmpint (row->likelihood, ==, 4);
  g_assert_cmpint (row->impact, ==, 4);
  g_assert_cmpint (row->score, ==, 16);
  /* The same score as the core's own derivation. */
  g_assert_cmpint (row->score, ==, gloss_store_get_risk_score (f->store, halt->id, NULL));
  g_assert_cmpstr (row->category, ==, "economic");
  g_assert_cmpstr (row->horizon, ==, "short term");
  g_assert_cmpstr (row->rationale, ==, "Second strike ballot next week.");
  row = rows->pdata[1];
  g_assert_cmpint (row->score, ==, 10);
  g_assert_null (row->category);
  row = rows->pdata[2];
  g_assert_cmpstr (row->document_title, ==, "Two");
  g_assert_cmpint (row->likelihood, ==, 4);
  g_assert_cmpint (row->impact, ==, 0);
  g_assert_cmpint (row->score, ==, -1);

  g_assert_cmpuint (gloss_risk_matrix_count (rows, counts), ==, 1);
  g_assert_cmpuint (counts[3][3], ==, 1);
  g_assert_cmpuint (counts[1][4], ==, 1);
  for (guint l = 0; l < GLOSS_RISK_LEVELS; l++)
    for (guint i = 0; i < GLOSS_RISK_LEVELS; i++)
      total += counts[l][i];
  g_assert_cmpuint (total, ==, 2);

  g_assert_cmpint (gloss_risk_score_band (-1), ==, -1);
  g_assert_cmpint (gloss_risk_score_band (1), ==, 0);
  g_assert_cmpint (gloss_risk_score_band (4), ==, 0);
  g_assert_cmpint (gloss_risk_score_band (5), ==, 1);
  g_assert_cmpint (gloss_risk_score_band (9), ==, 1);
  g_assert_cmpint (gloss_risk_score_band (10), ==, 2);
  g_assert_cmpint (gloss_risk_score_band (16), ==, 2);
  g_assert_cmpint (gloss_risk_score_band (20), ==, 3);
  g_assert_cmpint (gloss_risk_score_band (25), ==, 3);
  (void) claim;
}

static void
test_bulk_delete (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) a = annotate (f, f->doc, f->claim, "the port will reopen on Monday");
  g_autoptr(GlossAnnotation) b = annotate (f, f->doc2, f->risk, "the strike to spread");
  g_autoptr(GPtrArray) left = NULL;
  const char *bad[] = { a->id, "00000000-0000-4000-8000-000000000000", NULL };
  const char *both[] = { a->id, b->id, NULL };

  /* One unknown id: nothing is deleted. */
  g_assert_false (gloss_store_delete_annotations (f->store, bad, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  left = gloss_store_list_annotations (f->store, NULL, &error);
  g_assert_cmpuint (left->len, ==, 2);
  g_clear_pointer (&left, g_ptr_array_unref);

  g_assert_true (gloss_store_delete_annotations (f->store, both, &error));
  g_assert_no_error (error);
  left = gloss_store_list_annotations (f->store, NULL, &error);
  g_assert_cmpuint (left->len, ==, 0);
  g_clear_pointer (&left, g_ptr_array_unref);

  g_assert_true (gloss_store_restore_annotations (f->store, both, &error));
  g_assert_no_error (error);
  left = gloss_store_list_annotations (f->store, NULL, &error);
  g_assert_cmpuint (left->len, ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/core/views/claims", test_claims);
  ADD ("/core/views/risks", test_risks);
  ADD ("/core/views/bulk-delete", test_bulk_delete);
#undef ADD

  return g_test_run ();
}

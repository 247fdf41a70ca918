/* test-ach.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Analysis of Competing Hypotheses: the rows and what each action stores, undo and
 * redo, history, "source deleted", defaults of credibility and relevance, merge of
 * two analysts' ratings, the JSON round trip, and every score against a worked
 * example computed by hand below.
 */
#define G_LOG_DOMAIN "test-ach"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "gloss-ach-scores.h"
#include "gloss-fields.h"
#include "gloss-history.h"
#include "gloss-json.h"
#include "gloss-merge.h"
#include "gloss-project.h"
#include "gloss-session-ach.h"
#include "gloss-store.h"
#include "gloss-store-private.h"
#include "test-files.h"

typedef struct {
  char          *dir;
  char          *path;
  GlossStore    *store;
  GlossSession  *session;
  GlossDocument *doc;
  GlossLabel    *claim;
  char          *a1;   /* claim annotations */
  char          *a2;
} Fixture;

static const char text[] = "Sofia Brandt said the dam will fail. Brandt later denied it. Sofia Brandt left.";

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) x = NULL;
  g_autoptr(GlossAnnotation) y = NULL;

  f->dir = g_dir_make_tmp ("gloss-test-ach-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "p.gloss", NULL);
  f->store = gloss_project_create (f->path, "Desk", GLOSS_PROJECT_CREATE_DEFAULT, &error);
  g_assert_no_error (error);
  gloss_store_set_user (f->store, "Ana");
  f->session = gloss_session_new (f->store, NULL);
  f->doc = gloss_store_add_document (f->store, "One", text, NULL, "txt", NULL, &error);
  g_assert_no_error (error);
  f->claim = gloss_store_find_label_by_name (f->store, "Claim", &error);
  g_assert_no_error (error);
  x = gloss_session_annotate (f->session, f->doc->id, f->claim->id, 0, 35, NULL, &error);
  g_assert_no_error (error);
  y = gloss_session_annotate (f->session, f->doc->id, f->claim->id, 37, 59, NULL, &error);
  g_assert_no_error (error);
  f->a1 = g_strdup (x->id);
  f->a2 = g_strdup (y->id);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->session);
  g_clear_object (&f->store);
  test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->a1);
  g_free (f->a2);
  gloss_document_free (f->doc);
  gloss_label_free (f->claim);
}

static gint64
count (GlossStore *store, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (gloss_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static GlossAchMatrix *
load (GlossStore *store, const char *id)
{
  g_autoptr(GError) error = NULL;
  GlossAchMatrix *m = gloss_store_load_ach (store, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (m);
  return m;
}

static GlossAchRating
cell (GlossAchMatrix *m, const char *analyst, guint e, guint h)
{
  int a = gloss_ach_matrix_analyst_index (m, analyst);

  return a < 0 ? GLOSS_ACH_NONE : gloss_ach_matrix_get (m, a, e, h);
}

/* ------------------------------------------------------------------------- */

static void
test_actions_undo (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *analysis = NULL;
  g_autofree char *h1 = NULL, *h2 = NULL, *other = NULL, *oh = NULL;
  g_autofree char *t1 = NULL;
  g_auto(GStrv) ev = NULL;
  g_autoptr(GlossAchMatrix) m = NULL;
  g_autoptr(GPtrArray) history = NULL;
  GlossUndoStack *undo = gloss_session_get_undo_stack (f->session);
  const char *both[] = { f->a1, f->a2, NULL };
  GlossAchRating r;
  guint skipped = 99;

  analysis = gloss_session_ach_add_analysis (f->session, "  Why did the dam fail?  ", NULL, &error);
  g_assert_no_error (error);
  h1 = gloss_session_ach_add_hypothesis (f->session, analysis, "Sabotage", NULL, &error);
  g_assert_no_error (error);
  h2 = gloss_session_ach_add_hypothesis (f->session, analysis, "Poor maintenance", "Years of neglect", &error);
  g_assert_no_error (error);
  g_assert_null (gloss_session_ach_add_hypothesis (f->session, analysis, "SABOTAGE", NULL, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_null (gloss_session_ach_add_hypothesis (f->session, analysis, "  ", NULL, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Several annotations at once: one step. */
  ev = gloss_session_ach_add_evidence (f->session, analysis, both, &skipped, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (ev), ==, 2);
  g_assert_cmpuint (skipped, ==, 0);
  g_assert_null (gloss_session_ach_add_evidence (f->session, analysis, both, NULL, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);
  t1 = gloss_session_ach_add_text_evidence (f->session, analysis, GLOSS_ACH_EVIDENCE_ABSENCE,
                                            "No claim of responsibility", &error);
  g_assert_no_error (error);

  g_assert_true (gloss_session_ach_rate (f->session, ev[0], h1, GLOSS_ACH_II, &error));
  g_assert_no_error (error);
  g_assert_true (gloss_session_ach_rate (f->session, ev[0], h2, GLOSS_ACH_C, &error));
  g_assert_no_error (error);

  m = load (f->store, analysis);
  g_assert_cmpstr (m->analysis->question, ==, "Why did the dam fail?");
  g_assert_cmpuint (m->hypotheses->len, ==, 2);
  g_assert_cmpuint (m->evidence->len, ==, 3);
  g_assert_cmpstr (((GlossAchEvidence *) m->evidence->pdata[0])->quote, ==, "Sofia Brandt said the dam will fail");
  g_assert_cmpstr (((GlossAchEvidence *) m->evidence->pdata[0])->document_title, ==, "One");
  g_assert_cmpint (((GlossAchEvidence *) m->evidence->pdata[2])->kind, ==, GLOSS_ACH_EVIDENCE_ABSENCE);
  g_assert_cmpint (cell (m, "Ana", 0, 0), ==, GLOSS_ACH_II);
  g_assert_cmpint (cell (m, "Ana", 0, 1), ==, GLOSS_ACH_C);
  g_assert_cmpint (cell (m, "Ana", 1, 0), ==, GLOSS_ACH_NONE);
  g_clear_pointer (&m, gloss_ach_matrix_free);

  /* Re-rating, undo and redo. */
  g_assert_true (gloss_session_ach_rate (f->session, ev[0], h1, GLOSS_ACH_N, &error));
  g_assert_true (gloss_undo_stack_undo (undo, f->store, &error));
  g_assert_no_error (error);
  m = load (f->store, analysis);
  g_assert_cmpint (cell (m, "Ana", 0, 0), ==, GLOSS_ACH_II);
  g_clear_pointer (&m, gloss_ach_matrix_free);
  g_assert_true (gloss_undo_stack_redo (undo, f->store, &error));
  m = load (f->store, analysis);
  g_assert_cmpint (cell (m, "Ana", 0, 0), ==, GLOSS_ACH_N);
  g_clear_pointer (&m, gloss_ach_matrix_free);

  /* Clearing a rating is a step too; undo brings the rating back. */
  g_assert_true (gloss_session_ach_rate (f->session, ev[0], h1, GLOSS_ACH_NONE, &error));
  m = load (f->store, analysis);
  g_assert_cmpint (cell (m, "Ana", 0, 0), ==, GLOSS_ACH_NONE);
  g_clear_pointer (&m, gloss_ach_matrix_free);
  g_assert_true (gloss_undo_stack_undo (undo, f->store, &error));
  m = load (f->store, analysis);
  g_assert_cmpint (cell (m, "Ana", 0, 0), ==, GLOSS_ACH_N);
  g_clear_pointer (&m, gloss_ach_matrix_free);

  /* Every change is in the history, named after the analyst. */
  history = gloss_store_list_history (f->store, h1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 1);
  g_assert_cmpint (count (f->store, "SELECT count(*) FROM history WHERE tbl = 'ach_ratings' AND who = 'Ana'"), ==, 7);

  /* Bad input: a rating off the scale, a hypothesis of another analysis. */
  g_assert_false (gloss_ach_rating_parse ("X", &r, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "CC, C, N, I, II and NA"));
  g_clear_error (&error);
  g_assert_true (gloss_ach_rating_parse (" ii ", &r, &error));
  g_assert_cmpint (r, ==, GLOSS_ACH_II);
  g_assert_true (gloss_ach_rating_parse ("6", &r, &error));
  g_assert_cmpint (r, ==, GLOSS_ACH_NA);
  g_assert_false (gloss_session_ach_rate (f->session, ev[0], h1, 7, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  other = gloss_session_ach_add_analysis (f->session, "Who benefits?", NULL, &error);
  oh = gloss_session_ach_add_hypothesis (f->session, other, "The rival", NULL, &error);
  g_assert_no_error (error);
  g_assert_false (gloss_session_ach_rate (f->session, ev[0], oh, GLOSS_ACH_C, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Undo of adding two rows at once removes both; redo brings both. */
  while (gloss_undo_stack_get_can_undo (undo))
    g_assert_true (gloss_undo_stack_undo (undo, f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f->store, "SELECT count(*) FROM ach_analyses WHERE deleted = 0"), ==, 0);
  g_assert_cmpint (count (f->store, "SELECT count(*) FROM ach_ratings WHERE deleted = 0"), ==, 0);
  while (gloss_undo_stack_get_can_redo (undo))
    g_assert_true (gloss_undo_stack_redo (undo, f->store, &error));
  g_assert_no_error (error);
  m = load (f->store, analysis);
  g_assert_cmpuint (m->evidence->len, ==, 3);
  g_assert_cmpint (cell (m, "Ana", 0, 0), ==, GLOSS_ACH_N);
  g_assert_cmpint (cell (m, "Ana", 0, 1), ==, GLOSS_ACH_C);
  g_assert_true (gloss_project_check (f->store, NULL, &error));
  g_assert_no_error (error);
}

/* A project changed by another program: ratings off the scale and rows pointing at
 * rows that do not exist are each named by the check. */
static void
test_check (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *analysis = gloss_session_ach_add_analysis (f->session, "Q", NULL, &error);
  g_autofree char *h1 = gloss_session_ach_add_hypothesis (f->session, analysis, "H1", NULL, &error);
  const char *one[] = { f->a1, NULL };
  g_auto(GStrv) ev = gloss_session_ach_add_evidence (f->session, analysis, one, NULL, &error);
  g_autoptr(GString) report = g_string_new (NULL);
  sqlite3 *db = gloss_store_get_db (f->store);

  g_assert_no_error (error);
  g_assert_true (gloss_session_ach_rate (f->session, ev[0], h1, GLOSS_ACH_I, &error));
  g_assert_no_error (error);
  g_assert_true (gloss_store_check (f->store, report, &error));
  g_assert_cmpstr (report->str, ==, "");

  /* What SQLite's CHECK constraints would refuse, written as a hostile file would. */
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON; "
                                     "UPDATE ach_ratings SET rating = 'ZZ'; "
                                     "UPDATE ach_evidence SET credibility = 'X'; "
                                     "UPDATE ach_hypotheses SET analysis = 999; "
                                     "PRAGMA ignore_check_constraints = OFF; PRAGMA foreign_keys = ON;", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_false (gloss_store_check (f->store, report, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (report->str, "'ZZ' is not on the scale"));
  g_assert_nonnull (strstr (report->str, "credibility or relevance is not H, M or L"));
  g_assert_nonnull (strstr (report->str, "its analysis 999 does not exist"));
  g_assert_nonnull (strstr (report->str, "belong to different analyses"));
  g_assert_nonnull (strstr (report->str, h1));
}

/* A deleted annotation leaves its evidence row, marked; undo brings it back. */
static void
test_source_deleted (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *analysis = gloss_session_ach_add_analysis (f->session, "Q", NULL, &error);
  const char *one[] = { f->a1, NULL };
  g_auto(GStrv) ev = gloss_session_ach_add_evidence (f->session, analysis, one, NULL, &error);
  g_autoptr(GlossAchMatrix) m = NULL;
  GlossAchEvidence *e;

  g_assert_no_error (error);
  g_assert_true (gloss_session_delete_annotation (f->session, f->a1, &error));
  g_assert_no_error (error);
  m = load (f->store, analysis);
  g_assert_cmpuint (m->evidence->len, ==, 1);
  e = m->evidence->pdata[0];
  g_assert_true (e->source_deleted);
  g_assert_cmpstr (e->quote, ==, "Sofia Brandt said the dam will fail");
  g_clear_pointer (&m, gloss_ach_matrix_free);

  /* It cannot be added again while deleted. */
  g_assert_null (gloss_session_ach_add_evidence (f->session, analysis, one, NULL, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (gloss_undo_stack_undo (gloss_session_get_undo_stack (f->session), f->store, &error));
  g_assert_no_error (error);
  m = load (f->store, analysis);
  g_assert_false (((GlossAchEvidence *) m->evidence->pdata[0])->source_deleted);
}

/* Credibility from the Admiralty grading, relevance from the claim's confidence. */
static void
test_defaults (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossDocument) props = gloss_store_get_document (f->store, f->doc->id, &error);
  g_autofree char *analysis = gloss_session_ach_add_analysis (f->session, "Q", NULL, &error);
  const char *both[] = { f->a1, f->a2, NULL };
  g_auto(GStrv) ev = gloss_session_ach_add_evidence (f->session, analysis, both, NULL, &error);
  g_autofree char *t = gloss_session_ach_add_text_evidence (f->session, analysis, GLOSS_ACH_EVIDENCE_ASSUMPTION,
                                                            "The gauge readings were honest", &error);
  g_autoptr(GlossAchMatrix) m = NULL;
  GlossAchEvidence *e1, *e2, *e3;

  g_assert_no_error (error);
  g_free (props->reliability);
  props->reliability = g_strdup ("B");
  g_assert_true (gloss_store_set_document_properties (f->store, f->doc->id, props, &error));
  g_assert_true (gloss_store_set_field_value (f->store, f->a1, "credibility", "4", &error));
  g_assert_true (gloss_store_set_field_value (f->store, f->a1, "confidence", "high", &error));
  g_assert_true (gloss_store_set_field_value (f->store, f->a2, "confidence", "low", &error));
  g_assert_no_error (error);

  m = load (f->store, analysis);
  e1 = m->evidence->pdata[0];
  e2 = m->evidence->pdata[1];
  e3 = m->evidence->pdata[2];
  g_assert_cmpstr (e1->reliability, ==, "B");
  g_assert_cmpstr (e1->info_credibility, ==, "4");
  g_assert_cmpint (e1->credibility, ==, GLOSS_ACH_LEVEL_LOW);    /* B high, 4 low: the lower */
  g_assert_cmpint (e1->relevance, ==, GLOSS_ACH_LEVEL_HIGH);
  g_assert_cmpint (e2->credibility, ==, GLOSS_ACH_LEVEL_HIGH);   /* B alone */
  g_assert_cmpint (e2->relevance, ==, GLOSS_ACH_LEVEL_LOW);
  g_assert_cmpint (e3->credibility, ==, GLOSS_ACH_LEVEL_MEDIUM);
  g_assert_cmpint (e3->relevance, ==, GLOSS_ACH_LEVEL_MEDIUM);
  g_clear_pointer (&m, gloss_ach_matrix_free);

  g_assert_true (gloss_session_ach_set_grading (f->session, ev[0], GLOSS_ACH_LEVEL_HIGH, GLOSS_ACH_LEVEL_DEFAULT,
                                                &error));
  g_assert_no_error (error);
  m = load (f->store, analysis);
  e1 = m->evidence->pdata[0];
  g_assert_cmpint (e1->credibility, ==, GLOSS_ACH_LEVEL_HIGH);
  g_assert_cmpint (e1->credibility_set, ==, GLOSS_ACH_LEVEL_HIGH);
  g_assert_cmpint (e1->relevance, ==, GLOSS_ACH_LEVEL_HIGH);
  g_assert_cmpint (e1->relevance_set, ==, GLOSS_ACH_LEVEL_DEFAULT);
  g_clear_pointer (&m, gloss_ach_matrix_free);
  g_assert_true (gloss_undo_stack_undo (gloss_session_get_undo_stack (f->session), f->store, &error));
  m = load (f->store, analysis);
  g_assert_cmpint (((GlossAchEvidence *) m->evidence->pdata[0])->credibility, ==, GLOSS_ACH_LEVEL_LOW);

  g_assert_cmpint (gloss_ach_default_credibility ("F", "6"), ==, GLOSS_ACH_LEVEL_MEDIUM);
  g_assert_cmpint (gloss_ach_default_credibility ("C", NULL), ==, GLOSS_ACH_LEVEL_MEDIUM);
  g_assert_cmpint (gloss_ach_default_credibility ("E", "1"), ==, GLOSS_ACH_LEVEL_LOW);
}

/* ------------------------------------------------------------------------- */
/* Scores: the worked example of docs/ACH.md.
 *
 * Weights H 1, M 0.5, L 0.25; a row's weight is credibility x relevance.
 *
 *            cred rel  w      H1   H2   H3
 *   E1       H    H    1      C    I    II
 *   E2       M    H    0.5    N    C    I
 *   E3       L    M    0.125  I    C    C
 *   E4       H    H    1      C    C    C      (the same everywhere: not diagnostic)
 *   E5 text  M    M    0.25   NA   II   N
 *
 * Inconsistency (I 1, II 2):  H1 = 1 (E3)         H2 = 1 + 2 = 3        H3 = 2 + 1 = 3
 * Weighted:                   H1 = 0.125          H2 = 1 + 2(0.25) = 1.5  H3 = 2(1) + 0.5 = 2.5
 * Maximum (2 x the weights of the rated rows):
 *                             H1 = 2(1 + 0.5 + 0.125 + 1) = 5.25 (E5 is NA)
 *                             H2 = H3 = 2(2.625 + 0.25) = 5.75
 * Normalised:                 H1 = 0.125/5.25 = 1/42   H2 = 1.5/5.75 = 6/23   H3 = 2.5/5.75 = 10/23
 * Ranking: H1, H2, H3.
 * Diagnosticity (CC 2, C 1, N 0, I -1, II -2; max - min):
 *   E1 = 1 - (-2) = 3, E2 = 1 - (-1) = 2, E3 = 2, E4 = 0, E5 = 0 - (-2) = 2
 * Linchpins (top H1 at 0.125, next H2 at 1.5):
 *   E1: H1's C re-rated II gives H1 2.125 > 1.5: yes.   E4: the same: yes.
 *   E2: H1's N to II gives 1.125 < 1.5; H2 cannot go lower; removing it leaves H1 on top: no.
 *   E3: H1's I to II gives 0.25: no.   E5: H1's NA to II gives 0.625; H2's II to C gives 1.0: no.
 * With Bo rating E1 x H1 as I besides Ana's C: that cell counts (0 + 1)/2 = 0.5, so
 * H1 = 0.5 + 1 = 1.5 plain and 0.5 + 0.125 = 0.625 weighted; its spread is C - I = 2 and
 * H1 has one cell of disagreement.
 */
static void
test_scores (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *analysis = gloss_session_ach_add_analysis (f->session, "Worked example", NULL, &error);
  char *h[3] = { 0 };
  g_autofree char *e5 = NULL;
  g_autoptr(GlossAnnotation) x = NULL;
  g_autoptr(GlossAnnotation) y = NULL;
  const char *anns[5] = { 0 };
  g_auto(GStrv) ev = NULL;
  g_autoptr(GlossAchMatrix) m = NULL;
  g_autoptr(GlossAchScores) s = NULL;
  g_autoptr(GlossAchScores) bo = NULL;
  static const GlossAchRating grid[5][3] = {
    { GLOSS_ACH_C, GLOSS_ACH_I, GLOSS_ACH_II },
    { GLOSS_ACH_N, GLOSS_ACH_C, GLOSS_ACH_I },
    { GLOSS_ACH_I, GLOSS_ACH_C, GLOSS_ACH_C },
    { GLOSS_ACH_C, GLOSS_ACH_C, GLOSS_ACH_C },
    { GLOSS_ACH_NA, GLOSS_ACH_II, GLOSS_ACH_N },
  };
  const char *names[3] = { "H1", "H2", "H3" };
  char *rows[5];

  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    h[i] = gloss_session_ach_add_hypothesis (f->session, analysis, names[i], NULL, &error);
  x = gloss_session_annotate (f->session, f->doc->id, f->claim->id, 61, 73, NULL, &error);
  y = gloss_session_annotate (f->session, f->doc->id, f->claim->id, 74, 78, NULL, &error);
  g_assert_no_error (error);
  anns[0] = f->a1; anns[1] = f->a2; anns[2] = x->id; anns[3] = y->id;
  ev = gloss_session_ach_add_evidence (f->session, analysis, anns, NULL, &error);
  g_assert_no_error (error);
  e5 = gloss_session_ach_add_text_evidence (f->session, analysis, GLOSS_ACH_EVIDENCE_TEXT, "E5", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 4; i++)
    rows[i] = ev[i];
  rows[4] = e5;
  gloss_session_ach_set_grading (f->session, rows[0], GLOSS_ACH_LEVEL_HIGH, GLOSS_ACH_LEVEL_HIGH, &error);
  gloss_session_ach_set_grading (f->session, rows[1], GLOSS_ACH_LEVEL_MEDIUM, GLOSS_ACH_LEVEL_HIGH, &error);
  gloss_session_ach_set_grading (f->session, rows[2], GLOSS_ACH_LEVEL_LOW, GLOSS_ACH_LEVEL_MEDIUM, &error);
  gloss_session_ach_set_grading (f->session, rows[3], GLOSS_ACH_LEVEL_HIGH, GLOSS_ACH_LEVEL_HIGH, &error);
  g_assert_no_error (error);
  for (guint e = 0; e < 5; e++)
    for (guint k = 0; k < 3; k++)
      g_assert_true (gloss_session_ach_rate (f->session, rows[e], h[k], grid[e][k], &error));
  g_assert_no_error (error);

  m = load (f->store, analysis);
  s = gloss_ach_scores_compute (m, NULL);
  g_assert_cmpfloat (s->inconsistency[0], ==, 1);
  g_assert_cmpfloat (s->inconsistency[1], ==, 3);
  g_assert_cmpfloat (s->inconsistency[2], ==, 3);
  g_assert_cmpfloat (s->weighted[0], ==, 0.125);
  g_assert_cmpfloat (s->weighted[1], ==, 1.5);
  g_assert_cmpfloat (s->weighted[2], ==, 2.5);
  g_assert_cmpfloat_with_epsilon (s->normalised[0], 1.0 / 42, 1e-12);
  g_assert_cmpfloat_with_epsilon (s->normalised[1], 6.0 / 23, 1e-12);
  g_assert_cmpfloat_with_epsilon (s->normalised[2], 10.0 / 23, 1e-12);
  g_assert_cmpuint (s->rated[0], ==, 4);
  g_assert_cmpuint (s->rated[1], ==, 5);
  g_assert_cmpuint (s->order[0], ==, 0);
  g_assert_cmpuint (s->order[1], ==, 1);
  g_assert_cmpuint (s->order[2], ==, 2);
  g_assert_cmpfloat (s->diagnosticity[0], ==, 3);
  g_assert_cmpfloat (s->diagnosticity[1], ==, 2);
  g_assert_cmpfloat (s->diagnosticity[2], ==, 2);
  g_assert_cmpfloat (s->diagnosticity[3], ==, 0);
  g_assert_cmpfloat (s->diagnosticity[4], ==, 2);
  g_assert_false (gloss_ach_scores_is_diagnostic (s, 3));
  g_assert_true (gloss_ach_scores_is_diagnostic (s, 0));
  g_assert_false (s->top_tied);
  g_assert_true (s->linchpin[0]);
  g_assert_false (s->linchpin[1]);
  g_assert_false (s->linchpin[2]);
  g_assert_true (s->linchpin[3]);
  g_assert_false (s->linchpin[4]);
  g_assert_cmpuint (s->disagreement[0], ==, 0);
  g_assert_cmpfloat (s->cell_spread[0], ==, -1);
  g_clear_pointer (&s, gloss_ach_scores_free);

  /* A second analyst. */
  gloss_session_set_annotator (f->session, "Bo");
  g_assert_true (gloss_session_ach_rate (f->session, rows[0], h[0], GLOSS_ACH_I, &error));
  g_assert_no_error (error);
  g_clear_pointer (&m, gloss_ach_matrix_free);
  m = load (f->store, analysis);
  g_assert_cmpuint (m->analysts->len, ==, 2);
  s = gloss_ach_scores_compute (m, NULL);
  g_assert_cmpuint (s->n_analysts, ==, 2);
  g_assert_cmpfloat (s->inconsistency[0], ==, 1.5);
  g_assert_cmpfloat (s->weighted[0], ==, 0.625);
  g_assert_cmpfloat (s->cell_spread[0], ==, 2);
  g_assert_cmpuint (s->disagreement[0], ==, 1);
  g_assert_cmpuint (s->disagreement[1], ==, 0);
  g_assert_cmpuint (s->order[0], ==, 0);
  /* Bo's ratings alone: one I on H1. */
  bo = gloss_ach_scores_compute (m, "Bo");
  g_assert_cmpuint (bo->n_analysts, ==, 1);
  g_assert_cmpfloat (bo->inconsistency[0], ==, 1);
  g_assert_cmpfloat (bo->weighted[0], ==, 1);
  g_assert_cmpuint (bo->order[0], ==, 1);   /* H2 and H3 have nothing against them; H2 comes first */
  g_assert_true (bo->top_tied);
  for (guint i = 0; i < 3; i++)
    g_free (h[i]);
}

/* ------------------------------------------------------------------------- */
/* Merge and JSON */

static char *
make_analysis (Fixture *f, char **h1, char **e1)
{
  g_autoptr(GError) error = NULL;
  const char *one[] = { f->a1, NULL };
  char *analysis = gloss_session_ach_add_analysis (f->session, "Why did the dam fail?", "Desk question", &error);
  g_auto(GStrv) ev = NULL;

  *h1 = gloss_session_ach_add_hypothesis (f->session, analysis, "Sabotage", NULL, &error);
  ev = gloss_session_ach_add_evidence (f->session, analysis, one, NULL, &error);
  g_assert_no_error (error);
  *e1 = g_strdup (ev[0]);
  return analysis;
}


/* Ratings of two analysts on the same cell are kept side by side; the same analyst's
 * later rating wins. */
static void
test_merge (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *h1 = NULL, *e1 = NULL;
  g_autofree char *analysis = make_analysis (f, &h1, &e1);
  g_autofree char *copy = g_build_filename (f->dir, "bo.gloss", NULL);
  g_autofree char *newer = g_build_filename (f->dir, "newer.gloss", NULL);
  g_autoptr(GlossStore) bo_store = NULL;
  g_autoptr(GlossSession) bo = NULL;
  g_autoptr(GlossAchMatrix) m = NULL;
  g_autoptr(GlossMergeReport) report = gloss_merge_report_new ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  sqlite3 *db = NULL;

  g_assert_true (gloss_session_ach_rate (f->session, e1, h1, GLOSS_ACH_C, &error));
  g_clear_object (&f->session);
  g_clear_object (&f->store);
  test_copy_file (f->path, copy);
  f->store = gloss_store_open (f->path, 0, &error);
  g_assert_no_error (error);
  gloss_store_set_user (f->store, "Ana");
  f->session = gloss_session_new (f->store, NULL);

  bo_store = gloss_store_open (copy, 0, &error);
  g_assert_no_error (error);
  gloss_store_set_user (bo_store, "Bo");
  bo = gloss_session_new (bo_store, NULL);
  g_assert_true (gloss_session_ach_rate (bo, e1, h1, GLOSS_ACH_II, &error));
  g_assert_no_error (error);
  g_clear_object (&bo);
  g_clear_object (&bo_store);

  /* Ana changes her mind after the copy was made. */
  g_usleep (2000);
  g_assert_true (gloss_session_ach_rate (f->session, e1, h1, GLOSS_ACH_CC, &error));

  g_assert_true (gloss_merge (f->store, copy, report, &error));
  g_assert_no_error (error);
  m = load (f->store, analysis);
  g_assert_cmpuint (m->analysts->len, ==, 2);
  g_assert_cmpint (cell (m, "Ana", 0, 0), ==, GLOSS_ACH_CC);
  g_assert_cmpint (cell (m, "Bo", 0, 0), ==, GLOSS_ACH_II);
  g_clear_pointer (&m, gloss_ach_matrix_free);

  /* A project of a newer version is refused whole; nothing changes here. */
  test_copy_file (copy, newer);
  g_assert_cmpint (sqlite3_open (newer, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  before = g_strdup_printf ("%" G_GINT64_FORMAT, count (f->store, "SELECT count(*) FROM history"));
  g_assert_false (gloss_merge (f->store, newer, NULL, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_TOO_NEW);
  g_clear_error (&error);
  after = g_strdup_printf ("%" G_GINT64_FORMAT, count (f->store, "SELECT count(*) FROM history"));
  g_assert_cmpstr (before, ==, after);
}

static char *
export_json (GlossStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) bytes = NULL;

  g_assert_true (gloss_json_export (store, NULL, out, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, NULL);
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* Export, import into an empty project, export again: the same bytes. */
static void
test_json_round_trip (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *h1 = NULL, *e1 = NULL;
  g_autofree char *analysis = make_analysis (f, &h1, &e1);
  g_autofree char *t = gloss_session_ach_add_text_evidence (f->session, analysis, GLOSS_ACH_EVIDENCE_ASSUMPTION,
                                                            "Say \"no\" \\ to\ttabs", &error);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *path2 = g_build_filename (f->dir, "q.gloss", NULL);
  g_autoptr(GlossStore) other = NULL;

  gloss_session_ach_set_grading (f->session, t, GLOSS_ACH_LEVEL_LOW, GLOSS_ACH_LEVEL_HIGH, &error);
  gloss_session_ach_rate (f->session, e1, h1, GLOSS_ACH_I, &error);
  gloss_session_ach_rate (f->session, t, h1, GLOSS_ACH_NA, &error);
  gloss_session_set_annotator (f->session, "Bo");
  gloss_session_ach_rate (f->session, e1, h1, GLOSS_ACH_CC, &error);
  g_assert_no_error (error);

  first = export_json (f->store);
  g_assert_nonnull (strstr (first, "\"analyses\""));
  g_assert_nonnull (strstr (first, "\"CC\""));
  other = gloss_project_create (path2, "Other", GLOSS_PROJECT_CREATE_NO_CODEBOOK, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_json_import_data (other, first, strlen (first), "first.json", NULL, &error));
  g_assert_no_error (error);
  second = export_json (other);
  g_assert_cmpstr (first, ==, second);

  /* Importing it again changes nothing. */
  g_assert_true (gloss_json_import_data (other, first, strlen (first), "first.json", NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&second, g_free);
  second = export_json (other);
  g_assert_cmpstr (first, ==, second);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/core/ach/actions-undo", Fixture, NULL, fixture_setup, test_actions_undo, fixture_teardown);
  g_test_add ("/core/ach/check", Fixture, NULL, fixture_setup, test_check, fixture_teardown);
  g_test_add ("/core/ach/source-deleted", Fixture, NULL, fixture_setup, test_source_deleted, fixture_teardown);
  g_test_add ("/core/ach/defaults", Fixture, NULL, fixture_setup, test_defaults, fixture_teardown);
  g_test_add ("/core/ach/scores", Fixture, NULL, fixture_setup, test_scores, fixture_teardown);
  g_test_add ("/core/ach/merge", Fixture, NULL, fixture_setup, test_merge, fixture_teardown);
  g_test_add ("/core/ach/json-round-trip", Fixture, NULL, fixture_setup, test_json_round_trip, fixture_teardown);
  return g_test_run ();
}

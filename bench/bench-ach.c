/* bench-ach.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rating latency in an analysis of competing hypotheses: 20 hypotheses x 1,000
 * evidence rows (claims in 20 documents), every cell rated once by one analyst and
 * a quarter by a second. Then, for 200 ratings at random cells, it times what the
 * ACH window does per key press: the store write (gloss_session_ach_rate, one
 * transaction with its history and undo step), the cell set in memory, and the
 * scores recomputed (with linchpins). Also the full reload of the matrix, which the
 * window does only when someone else changed the analysis. Target: < 50 ms per rating.
 *
 *   bench-ach [--hypotheses N] [--evidence M] [--dir DIR]
 */
#define G_LOG_DOMAIN "bench-ach"

#include <stdio.h>
#include <glib/gstdio.h>

#include "gloss-ach-scores.h"
#include "gloss-project.h"
#include "gloss-session-ach.h"
#include "gloss-store.h"

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static void
report (const char *what, GArray *ms)
{
  double sum = 0;

  g_array_sort (ms, compare_doubles);
  for (guint i = 0; i < ms->len; i++)
    sum += g_array_index (ms, double, i);
  printf ("%-34s n=%u  mean %.2f ms  median %.2f ms  p95 %.2f ms  max %.2f ms\n", what, ms->len,
          sum / ms->len, g_array_index (ms, double, ms->len / 2), g_array_index (ms, double, ms->len * 95 / 100),
          g_array_index (ms, double, ms->len - 1));
}

int
main (int argc, char **argv)
{
  int n_hyp = 20, n_ev = 1000;
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "hypotheses", 0, 0, G_OPTION_ARG_INT, &n_hyp, "Hypotheses (20)", "N" },
    { "evidence", 0, 0, G_OPTION_ARG_INT, &n_ev, "Evidence rows (1000)", "M" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Where to put the project", "DIR" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("");
  g_autofree char *path = NULL;
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GlossSession) ana = NULL;
  g_autoptr(GlossSession) bo = NULL;
  g_autoptr(GlossLabel) claim = NULL;
  g_autoptr(GPtrArray) annotation_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) hyps = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GlossAchMatrix) m = NULL;
  g_autoptr(GArray) write_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) score_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) total_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) reload_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GRand) rand = g_rand_new_with_seed (17);
  g_autofree char *analysis = NULL;
  g_auto(GStrv) evidence = NULL;
  gint64 t0;
  gboolean own_dir;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  own_dir = dir == NULL;
  if (own_dir)
    dir = g_dir_make_tmp ("bench-ach-XXXXXX", NULL);
  path = g_build_filename (dir, "ach.gloss", NULL);
  g_unlink (path);

  t0 = g_get_monotonic_time ();
  store = gloss_project_create (path, "ACH benchmark", 0, &error);
  g_assert_no_error (error);
  gloss_store_set_user (store, "Ana");
  ana = gloss_session_new (store, NULL);
  bo = gloss_session_new (store, NULL);
  gloss_session_set_annotator (bo, "Bo");
  claim = gloss_store_find_label_by_name (store, "Claim", &error);
  g_assert_no_error (error);

  /* 20 documents of 50 sentences; each sentence is a claim. */
  gloss_store_begin (store, &error);
  for (int d = 0; d < 20 && (int) annotation_ids->len < n_ev; d++)
    {
      GString *text = g_string_new (NULL);
      g_autoptr(GlossDocument) doc = NULL;
      g_autofree char *title = g_strdup_printf ("Report %d", d + 1);
      int per = (n_ev + 19) / 20;
      g_autofree gint64 *starts = g_new0 (gint64, per + 1);

      /* ASCII sentences: byte offsets are code points. */
      for (int s = 0; s < per; s++)
        {
          starts[s] = text->len;
          g_string_append_printf (text, "Source %d said the dam at site %d will fail. ", s, d);
        }
      starts[per] = text->len;
      doc = gloss_store_add_document (store, title, text->str, NULL, "txt", NULL, &error);
      g_assert_no_error (error);
      for (int s = 0; s < per && (int) annotation_ids->len < n_ev; s++)
        {
          g_autoptr(GlossAnnotation) a =
            gloss_store_add_annotation (store, doc->id, claim->id, starts[s], starts[s + 1] - 1, NULL, "Ana", &error);

          g_assert_no_error (error);
          g_ptr_array_add (annotation_ids, g_strdup (a->id));
        }
      g_string_free (text, TRUE);
    }
  gloss_store_commit (store, &error);
  g_assert_no_error (error);
  g_ptr_array_add (annotation_ids, NULL);

  analysis = gloss_session_ach_add_analysis (ana, "Why did the dams fail?", NULL, &error);
  for (int h = 0; h < n_hyp; h++)
    {
      g_autofree char *title = g_strdup_printf ("Hypothesis %d", h + 1);

      g_ptr_array_add (hyps, gloss_session_ach_add_hypothesis (ana, analysis, title, NULL, &error));
    }
  evidence = gloss_session_ach_add_evidence (ana, analysis, (const char * const *) annotation_ids->pdata, NULL, &error);
  g_assert_no_error (error);

  /* Every cell rated by Ana, a quarter by Bo, in one transaction (a setup, not a user action). */
  gloss_store_begin (store, &error);
  for (int e = 0; e < n_ev; e++)
    for (int h = 0; h < n_hyp; h++)
      {
        gloss_session_ach_rate (ana, evidence[e], hyps->pdata[h], 1 + g_rand_int_range (rand, 0, 5), &error);
        if (g_rand_int_range (rand, 0, 4) == 0)
          gloss_session_ach_rate (bo, evidence[e], hyps->pdata[h], 1 + g_rand_int_range (rand, 0, 5), &error);
      }
  gloss_store_commit (store, &error);
  g_assert_no_error (error);
  printf ("setup: %d hypotheses x %d evidence rows, ratings by 2 analysts, in %.1f s\n", n_hyp, n_ev,
          (g_get_monotonic_time () - t0) / 1e6);

  for (int i = 0; i < 10; i++)
    {
      gint64 t = g_get_monotonic_time ();

      g_clear_pointer (&m, gloss_ach_matrix_free);
      m = gloss_store_load_ach (store, analysis, &error);
      g_assert_no_error (error);
      g_array_append_val (reload_ms, (double) { (g_get_monotonic_time () - t) / 1000.0 });
    }

  for (int i = 0; i < 200; i++)
    {
      guint e = g_rand_int_range (rand, 0, n_ev), h = g_rand_int_range (rand, 0, n_hyp);
      GlossAchRating r = 1 + g_rand_int_range (rand, 0, 6);
      gint64 a = g_get_monotonic_time (), b, c;
      g_autoptr(GlossAchScores) s = NULL;

      if (!gloss_session_ach_rate (ana, evidence[e], hyps->pdata[h], r, &error))
        g_error ("%s", error->message);
      gloss_ach_matrix_set (m, "Ana", e, h, r);
      b = g_get_monotonic_time ();
      s = gloss_ach_scores_compute (m, NULL);
      c = g_get_monotonic_time ();
      g_array_append_val (write_ms, (double) { (b - a) / 1000.0 });
      g_array_append_val (score_ms, (double) { (c - b) / 1000.0 });
      g_array_append_val (total_ms, (double) { (c - a) / 1000.0 });
    }

  report ("store write (one transaction)", write_ms);
  report ("scores + linchpins recomputed", score_ms);
  report ("per rating (write + scores)", total_ms);
  report ("full reload of the matrix", reload_ms);
  printf ("target < 50 ms per rating: %s\n", g_array_index (total_ms, double, total_ms->len * 95 / 100) < 50 ? "met (p95)" : "NOT met");

  g_clear_object (&ana);
  g_clear_object (&bo);
  g_clear_object (&store);
  if (own_dir)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (dir);
    }
  return 0;
}

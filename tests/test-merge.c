/* test-merge.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Merging copies of a project: matching by id and by content, later-modified wins with
 * the loser kept in the history, deletions and conflicts, and the properties: idempotent,
 * order-independent, loses nothing (randomised, fixed seed), source file unchanged,
 * all or nothing.
 */
#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gloss-entities.h"
#include "gloss-fields.h"
#include "gloss-history.h"
#include "gloss-json.h"
#include "gloss-merge.h"
#include "gloss-project.h"
#include "gloss-relations.h"
#include "gloss-store-private.h"

/* What migration 5 (analyses of competing hypotheses) adds. */
#define GLOSS_TEST_DROP_ACH "DROP TABLE ach_ratings; DROP TABLE ach_evidence; DROP TABLE ach_hypotheses; DROP TABLE ach_analyses;"

static const char *texts[] = {
  "Ana Ruiz said the port of Valdor will close on Monday after the strike.",
  "The ministry denied that Bo Lind had met the union leaders in Valdor.",
  "Shipping firms expect delays of two weeks; Ana Ruiz called that optimistic.",
};

typedef struct {
  char *dir;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("gloss-merge-test-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) d = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (f->dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static char *
path_in (Fixture *f, const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

static GlossLabel *
label_named (GlossStore *store, const char *name)
{
  g_autoptr(GError) error = NULL;
  GlossLabel *label = gloss_store_find_label_by_name (store, name, &error);

  g_assert_no_error (error);
  return label;
}

/* A project with the three texts and a few annotations, closed (so the file is whole). */
static void
make_base (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_project_create (path, "Desk", 0, &error);
  g_autoptr(GlossLabel) person = NULL;

  g_assert_no_error (error);
  gloss_store_set_user (store, "lead");
  person = label_named (store, "Person");
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *title = g_strdup_printf ("Report %u", i);
      g_autoptr(GlossDocument) doc = gloss_store_add_document (store, title, texts[i], NULL, "txt", NULL, &error);
      g_autoptr(GlossAnnotation) a = NULL;

      g_assert_no_error (error);
      a = gloss_store_add_annotation (store, doc->id, person->id, 0, 3, NULL, "lead", &error);
      g_assert_no_error (error);
    }
}

static void
copy_file (const char *from, const char *to)
{
  g_autoptr(GFile) a = g_file_new_for_path (from);
  g_autoptr(GFile) b = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_copy (a, b, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static GlossStore *
open_project (const char *path, const char *user)
{
  g_autoptr(GError) error = NULL;
  GlossStore *store = gloss_store_open (path, 0, &error);

  g_assert_no_error (error);
  gloss_store_set_user (store, user);
  return store;
}

static char *
file_sha (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  return gloss_sha256_hex (data, len);
}

/* Every row of every merged table (not the history, not annotators' own rows), as
 * snapshots sorted: equal dumps mean equal content. */
static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static char *
dump (GlossStore *store)
{
  const char * const *tables = gloss_history_tables ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);

  for (guint t = 0; tables[t]; t++)
    {
      sqlite3_stmt *stmt = gloss_store_prepare (store, gloss_history_list_sql (tables[t]), NULL);

      g_assert_nonnull (stmt);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (rows, g_strconcat (tables[t], " ", sqlite3_column_text (stmt, 0), NULL));
      sqlite3_reset (stmt);
    }
  g_ptr_array_sort (rows, compare_strings);
  for (guint i = 0; i < rows->len; i++)
    g_string_append_printf (out, "%s\n", (char *) rows->pdata[i]);
  return g_string_free (out, FALSE);
}

static gint64
count (GlossStore *store, const char *sql)
{
  sqlite3_stmt *stmt = gloss_store_prepare (store, sql, NULL);
  gint64 n = -1;

  g_assert_nonnull (stmt);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static void
merge_ok (GlossStore *store, const char *other, GlossMergeReport *report)
{
  g_autoptr(GError) error = NULL;

  gboolean ok = gloss_merge (store, other, report, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
}

static gboolean
report_has (GPtrArray *list, const char *id, const char *detail_part)
{
  for (guint i = 0; i < list->len; i++)
    {
      GlossMergeItem *item = list->pdata[i];

      if (g_strcmp0 (item->id, id) == 0 &&
          (detail_part == NULL || (item->detail && strstr (item->detail, detail_part))))
        return TRUE;
    }
  return FALSE;
}

/* Two analysts change their copies; the merge has both, later edits win, the losing
 * version is in the history and can be restored. */
static void
test_basic (Fixture *f, gconstpointer data)
{
  g_autofree char *base = path_in (f, "base.gloss");
  g_autofree char *pa = path_in (f, "a.gloss");
  g_autofree char *pb = path_in (f, "b.gloss");
  g_autoptr(GlossStore) a = NULL;
  g_autoptr(GlossStore) b = NULL;
  g_autoptr(GlossMergeReport) report = gloss_merge_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GPtrArray) anns = NULL;
  g_autoptr(GlossAnnotation) new_b = NULL;
  g_autoptr(GlossAnnotation) merged = NULL;
  g_autoptr(GlossLabel) claim = NULL;
  g_autofree char *sha_before = NULL;
  g_autofree char *sha_after = NULL;
  g_autofree char *text = NULL;
  GlossAnnotation *first, *second, *third;

  make_base (base);
  copy_file (base, pa);
  copy_file (base, pb);
  a = open_project (pa, "alice");
  b = open_project (pb, "bob");
  anns = gloss_store_list_annotations (a, NULL, &error);
  g_assert_cmpuint (anns->len, ==, 3);
  first = anns->pdata[0];
  second = anns->pdata[1];
  third = anns->pdata[2];
  docs = gloss_store_list_documents (b, &error);
  claim = label_named (b, "Claim");

  /* Alice notes the first, Bob later notes it too: Bob's wins. */
  g_assert_true (gloss_store_set_annotation_note (a, first->id, "alice says", &error));
  g_usleep (3000);
  g_assert_true (gloss_store_set_annotation_note (b, first->id, "bob says", &error));
  /* Bob deletes the second, Alice relabels it later: a conflict, the edit is kept. */
  g_assert_true (gloss_store_delete_annotation (b, second->id, &error));
  g_usleep (3000);
  g_assert_true (gloss_store_set_annotation_label (a, second->id, claim->id, &error));
  /* Alice deletes the third; Bob does not touch it: deleted. */
  g_assert_true (gloss_store_delete_annotation (a, third->id, &error));
  /* Bob adds an annotation. */
  new_b = gloss_store_add_annotation (b, ((GlossDocument *) docs->pdata[1])->id, claim->id, 4, 20, "new", "bob", &error);
  g_assert_no_error (error);
  g_clear_object (&b);

  sha_before = file_sha (pb);
  merge_ok (a, pb, report);
  sha_after = file_sha (pb);
  g_assert_cmpstr (sha_before, ==, sha_after);

  g_assert_true (report_has (report->added, new_b->id, NULL));
  g_assert_true (report_has (report->updated, first->id, NULL));
  g_assert_true (report_has (report->conflicts, second->id, "edited later here"));
  g_assert_cmpuint (report->deleted->len, ==, 0);
  g_assert_cmpuint (report->matched->len, ==, 0);

  merged = gloss_store_get_annotation (a, first->id, &error);
  g_assert_cmpstr (merged->note, ==, "bob says");
  g_clear_pointer (&merged, gloss_annotation_free);
  merged = gloss_store_get_annotation (a, second->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (merged->label_id, ==, claim->id);
  g_clear_pointer (&merged, gloss_annotation_free);
  g_assert_null (gloss_store_get_annotation (a, third->id, &error));
  g_clear_error (&error);
  merged = gloss_store_get_annotation (a, new_b->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (merged->annotator, ==, "bob");
  g_assert_cmpstr (merged->quote, ==, "ministry denied ");

  /* Alice's losing note is in the history; restoring it is one more change. */
  {
    g_autoptr(GPtrArray) list = gloss_store_list_history (a, first->id, &error);
    GlossHistoryEntry *m = list->pdata[0];
    g_autoptr(GlossAnnotation) back = NULL;

    g_assert_cmpstr (m->action, ==, "merge");
    g_assert_cmpstr (m->who, ==, "alice");
    g_assert_nonnull (strstr (m->before, "alice says"));
    g_assert_nonnull (strstr (m->after, "bob says"));
    g_assert_true (gloss_store_restore_version (a, m->id, &error));
    g_assert_no_error (error);
    back = gloss_store_get_annotation (a, first->id, &error);
    g_assert_cmpstr (back->note, ==, "alice says");
  }

  text = gloss_merge_report_to_text (report);
  g_assert_true (g_str_has_prefix (text, "1 added, 1 updated, 0 deleted, 0 matched by content, 1 conflicts"));
  {
    g_autoptr(GString) check = g_string_new (NULL);
    g_assert_true (gloss_store_check (a, check, &error));
    g_assert_cmpstr (check->str, ==, "");
  }
}

/* A deletion newer than the other's version wins; the other way round is a conflict. */
static void
test_deletions (Fixture *f, gconstpointer data)
{
  g_autofree char *base = path_in (f, "base.gloss");
  g_autofree char *pa = path_in (f, "a.gloss");
  g_autofree char *pb = path_in (f, "b.gloss");
  g_autoptr(GlossStore) a = NULL;
  g_autoptr(GlossStore) b = NULL;
  g_autoptr(GlossMergeReport) report = gloss_merge_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) anns = NULL;
  GlossAnnotation *first, *second;

  make_base (base);
  copy_file (base, pa);
  copy_file (base, pb);
  a = open_project (pa, "alice");
  b = open_project (pb, "bob");
  anns = gloss_store_list_annotations (a, NULL, &error);
  first = anns->pdata[0];
  second = anns->pdata[1];
  /* Alice edits the first, Bob deletes it later: deleted. */
  g_assert_true (gloss_store_set_annotation_note (a, first->id, "old edit", &error));
  /* Alice deletes the second, Bob edits it later: conflict, Bob's edit comes back. */
  g_assert_true (gloss_store_delete_annotation (a, second->id, &error));
  g_usleep (3000);
  g_assert_true (gloss_store_delete_annotation (b, first->id, &error));
  g_assert_true (gloss_store_set_annotation_note (b, second->id, "bob's later edit", &error));
  g_clear_object (&b);

  merge_ok (a, pb, report);
  g_assert_true (report_has (report->deleted, first->id, NULL));
  g_assert_true (report_has (report->conflicts, second->id, "edited later in the other copy"));
  g_assert_null (gloss_store_get_annotation (a, first->id, &error));
  g_clear_error (&error);
  {
    g_autoptr(GlossAnnotation) kept = gloss_store_get_annotation (a, second->id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (kept->note, ==, "bob's later edit");
  }
}

/* Separately imported documents match by text, labels by name and kind, entities by
 * type and name; references follow. */
static void
test_match_by_content (Fixture *f, gconstpointer data)
{
  g_autofree char *pa = path_in (f, "a.gloss");
  g_autofree char *pb = path_in (f, "b.gloss");
  g_autoptr(GlossStore) a = NULL;
  g_autoptr(GlossStore) b = NULL;
  g_autoptr(GlossMergeReport) report = gloss_merge_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossDocument) da = NULL;
  g_autoptr(GlossDocument) db = NULL;
  g_autoptr(GlossLabel) la = NULL;
  g_autoptr(GlossLabel) lb = NULL;
  g_autoptr(GlossLabel) person = NULL;
  g_autoptr(GlossEntity) ea = NULL;
  g_autoptr(GlossEntity) eb = NULL;
  g_autoptr(GlossAnnotation) ab = NULL;
  g_autoptr(GlossAnnotation) merged = NULL;
  g_autoptr(GPtrArray) docs = NULL;

  a = gloss_project_create (pa, "A", 0, &error);
  b = gloss_project_create (pb, "B", 0, &error);
  g_assert_no_error (error);
  da = gloss_store_add_document (a, "Mine", texts[0], NULL, "txt", NULL, &error);
  db = gloss_store_add_document (b, "Theirs", texts[0], NULL, "txt", NULL, &error);
  la = gloss_store_add_label (a, "Vessel", "entity", NULL, NULL, NULL, &error);
  lb = gloss_store_add_label (b, "vessel", "entity", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (da->id, !=, db->id);
  person = label_named (a, "Person");
  ea = gloss_store_add_entity (a, "Ana Ruiz", person->id, NULL, NULL, NULL, &error);
  eb = gloss_store_add_entity (b, "ana ruiz", person->id, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  ab = gloss_store_add_annotation (b, db->id, person->id, 0, 8, NULL, "bob", &error);
  g_assert_true (gloss_store_set_annotation_entity (b, ab->id, eb->id, &error));
  g_assert_no_error (error);
  g_clear_object (&b);

  merge_ok (a, pb, report);
  g_assert_true (report_has (report->matched, da->id, "SHA-256"));
  g_assert_true (report_has (report->matched, la->id, "name and kind"));
  g_assert_true (report_has (report->matched, ea->id, "type and name"));
  for (guint i = 0; i < report->matched->len; i++)
    {
      GlossMergeItem *item = report->matched->pdata[i];
      if (g_str_equal (item->id, da->id))
        g_assert_cmpstr (item->other_id, ==, db->id);
    }
  docs = gloss_store_list_documents (a, &error);
  g_assert_cmpuint (docs->len, ==, 1);
  merged = gloss_store_get_annotation (a, ab->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (merged->document_id, ==, da->id);
  g_assert_cmpstr (merged->entity_id, ==, ea->id);
  g_assert_cmpint (count (a, "SELECT count(*) FROM labels WHERE deleted = 0 AND lower (name) = 'vessel'"), ==, 1);
}

/* A Gloss JSON export and a project of an older version can be merged; neither is changed. */
static void
test_other_sources (Fixture *f, gconstpointer data)
{
  g_autofree char *base = path_in (f, "base.gloss");
  g_autofree char *pa = path_in (f, "a.gloss");
  g_autofree char *pb = path_in (f, "b.gloss");
  g_autofree char *json = path_in (f, "b.json");
  g_autofree char *old = path_in (f, "old.gloss");
  g_autofree char *sha = NULL;
  g_autofree char *sha_after = NULL;
  g_autoptr(GlossStore) a = NULL;
  g_autoptr(GlossStore) b = NULL;
  g_autoptr(GlossMergeReport) report = gloss_merge_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) anns = NULL;
  g_autoptr(GlossAnnotation) merged = NULL;

  make_base (base);
  copy_file (base, pa);
  copy_file (base, pb);
  a = open_project (pa, "alice");
  b = open_project (pb, "bob");
  anns = gloss_store_list_annotations (b, NULL, &error);
  g_usleep (2000);
  g_assert_true (gloss_store_set_annotation_note (b, ((GlossAnnotation *) anns->pdata[0])->id, "from json", &error));
  g_assert_true (gloss_json_export_to_file (b, NULL, json, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&b);

  sha = file_sha (json);
  merge_ok (a, json, report);
  sha_after = file_sha (json);
  g_assert_cmpstr (sha, ==, sha_after);
  g_assert_true (report_has (report->updated, ((GlossAnnotation *) anns->pdata[0])->id, NULL));
  merged = gloss_store_get_annotation (a, ((GlossAnnotation *) anns->pdata[0])->id, &error);
  g_assert_cmpstr (merged->note, ==, "from json");

  /* Schema 3, read-only: upgraded in a temporary copy. */
  copy_file (base, old);
  {
    g_autoptr(GlossStore) o = open_project (old, "carol");
    g_autoptr(GlossDocument) doc = gloss_store_add_document (o, "Extra", "A fourth text about Valdor.", NULL, "txt",
                                                            NULL, &error);
    g_assert_no_error (error);
    g_clear_object (&o);
  }
  {
    sqlite3 *db = NULL;
    g_assert_cmpint (sqlite3_open (old, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE; DROP TABLE history; " GLOSS_TEST_DROP_ACH " DROP TABLE document_confidence; DROP TABLE document_pages; DROP TABLE entity_keys; PRAGMA user_version = 3;",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  g_chmod (old, 0444);
  g_clear_pointer (&sha, g_free);
  sha = file_sha (old);
  gloss_merge_report_free (g_steal_pointer (&report));
  report = gloss_merge_report_new ();
  merge_ok (a, old, report);
  g_assert_cmpuint (report->added->len, ==, 1);
  g_clear_pointer (&sha_after, g_free);
  sha_after = file_sha (old);
  g_assert_cmpstr (sha, ==, sha_after);
  g_chmod (old, 0644);

  /* Not a project nor JSON. */
  g_assert_true (g_file_set_contents (json, "not a project", -1, NULL));
  g_assert_false (gloss_merge (a, json, NULL, &error));
  g_assert_error (error, GLOSS_MERGE_ERROR, GLOSS_MERGE_ERROR_UNKNOWN_FORMAT);
}

/* Any error leaves the project exactly as it was, history included. */
static void
test_rollback (Fixture *f, gconstpointer data)
{
  g_autofree char *base = path_in (f, "base.gloss");
  g_autofree char *pa = path_in (f, "a.gloss");
  g_autofree char *pb = path_in (f, "b.gloss");
  g_autoptr(GlossStore) a = NULL;
  g_autoptr(GlossStore) b = NULL;
  g_autoptr(GlossMergeReport) report = gloss_merge_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossLabel) extra = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 history;

  make_base (base);
  copy_file (base, pa);
  copy_file (base, pb);
  b = open_project (pb, "bob");
  /* New rows that would be added first, then a document that is not the same. */
  extra = gloss_store_add_label (b, "Vessel", "entity", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  {
    sqlite3_stmt *stmt = gloss_store_prepare (b, "UPDATE documents SET text = 'Other text.', sha256 = ?1, length = 11 "
                                                 "WHERE pk = (SELECT max (pk) FROM documents)", &error);
    g_autofree char *sha = gloss_sha256_hex ("Other text.", 11);

    gloss_bind_text (stmt, 1, sha);
    g_assert_true (gloss_store_step_done (b, stmt, "test", &error));
  }
  g_clear_object (&b);

  a = open_project (pa, "alice");
  before = dump (a);
  history = count (a, "SELECT count(*) FROM history");
  g_assert_false (gloss_merge (a, pb, report, &error));
  g_assert_error (error, GLOSS_MERGE_ERROR, GLOSS_MERGE_ERROR_INCONSISTENT);
  after = dump (a);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (count (a, "SELECT count(*) FROM history"), ==, history);
  g_assert_cmpuint (report->added->len, ==, 0);
  g_assert_null (gloss_store_find_label_by_name (a, "Vessel", NULL));
}

/* ---------- randomised edits ---------- */

typedef struct {
  GlossStore *store;
  GRand      *rand;
  const char *who;
  GPtrArray  *labels;   /* GlossLabel* */
} Editor;

static GlossAnnotation *
pick_annotation (Editor *e)
{
  g_autoptr(GPtrArray) list = gloss_store_list_annotations (e->store, NULL, NULL);

  if (list == NULL || list->len == 0)
    return NULL;
  return gloss_annotation_copy (list->pdata[g_rand_int_range (e->rand, 0, list->len)]);
}

static void
random_edit (Editor *e)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = gloss_store_list_documents (e->store, NULL);
  g_autoptr(GlossAnnotation) a = pick_annotation (e);
  GlossDocument *doc = docs->pdata[g_rand_int_range (e->rand, 0, docs->len)];
  GlossLabel *label = e->labels->pdata[g_rand_int_range (e->rand, 0, e->labels->len)];
  int op = g_rand_int_range (e->rand, 0, 9);
  g_autofree char *note = g_strdup_printf ("%s note %u", e->who, g_rand_int (e->rand));

  switch (op)
    {
    case 0:
    case 1:
      {
        gint64 start = g_rand_int_range (e->rand, 0, 40);
        g_autoptr(GlossAnnotation) n = gloss_store_add_annotation (e->store, doc->id, label->id, start,
                                                                   start + g_rand_int_range (e->rand, 1, 20),
                                                                   NULL, e->who, &error);
        g_assert_no_error (error);
      }
      break;
    case 2:
      {
        g_autoptr(GlossField) has_fields = a ? gloss_store_find_field (e->store, a->label_id, "likelihood", NULL) : NULL;

        /* Relabelling keeps an entity link and field values of the old label: not done here. */
        if (a && a->entity_id == NULL && has_fields == NULL)
          gloss_store_set_annotation_label (e->store, a->id, label->id, &error);
      }
      break;
    case 3:
      if (a)
        gloss_store_set_annotation_note (e->store, a->id, note, &error);
      break;
    case 4:
      if (a)
        gloss_store_delete_annotation (e->store, a->id, &error);
      break;
    case 5:
      if (a && g_str_equal (a->label_name, "Claim"))
        {
          static const char *values[] = { "likely", "unlikely", "almost certain", NULL };
          gloss_store_set_field_value (e->store, a->id, "likelihood",
                                       values[g_rand_int_range (e->rand, 0, 4)], &error);
        }
      break;
    case 6:
      if (a && (g_str_equal (a->label_name, "Person") || g_str_equal (a->label_name, "Organization")))
        {
          g_autofree char *name = g_strdup_printf ("%s entity %u", e->who, g_rand_int_range (e->rand, 0, 3));
          g_autoptr(GlossEntity) ent = gloss_store_find_entity (e->store, name, a->label_id, NULL);

          if (ent == NULL)
            ent = gloss_store_add_entity (e->store, name, a->label_id, NULL, NULL, NULL, &error);
          g_assert_no_error (error);
          gloss_store_set_annotation_entity (e->store, a->id, ent->id, &error);
        }
      break;
    case 7:
      {
        g_autoptr(GlossAnnotation) other = pick_annotation (e);
        g_autoptr(GlossRelationType) type = gloss_store_find_relation_type (e->store, "supports", NULL);

        if (a && other && g_strcmp0 (a->id, other->id) != 0 && type)
          {
            g_autoptr(GlossRelation) r = gloss_store_add_relation (e->store, type->id, a->id, other->id, e->who, NULL);
            g_autoptr(GPtrArray) rels = gloss_store_list_relations (e->store, NULL, NULL);

            if (rels && rels->len > 3 && g_rand_boolean (e->rand))
              gloss_store_delete_relation (e->store, ((GlossRelation *) rels->pdata[0])->id, NULL);
          }
      }
      break;
    case 8:
      {
        g_autoptr(GlossDocument) props = g_new0 (GlossDocument, 1);
        props->author = g_strdup (note);
        props->reliability = g_strdup (g_rand_boolean (e->rand) ? "B" : "C");
        gloss_store_set_document_properties (e->store, doc->id, props, &error);
      }
      break;
    }
  /* Refusals (a deleted row, a field the label lacks) are fine: nothing changed then. */
}

static GHashTable *
rows_by_key (GlossStore *store)
{
  const char * const *tables = gloss_history_tables ();
  GHashTable *rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint t = 0; tables[t]; t++)
    {
      sqlite3_stmt *stmt = gloss_store_prepare (store, gloss_history_list_sql (tables[t]), NULL);

      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_hash_table_insert (rows,
                             g_strdup_printf ("%s %s %s", tables[t], sqlite3_column_text (stmt, 1),
                                              sqlite3_column_text (stmt, 2) ? (const char *) sqlite3_column_text (stmt, 2) : ""),
                             g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      sqlite3_reset (stmt);
    }
  return rows;
}

static JsonObject *
obj (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static gboolean
same (const char *x, const char *y)
{
  g_autoptr(JsonObject) a = obj (x);
  g_autoptr(JsonObject) b = obj (y);

  return json_object_equal (a, b);
}

/* The version of a row with @modified is in the store's history. */
static gboolean
in_history (GlossStore *store, const char *key, const char *modified)
{
  g_auto(GStrv) parts = g_strsplit (key, " ", 3);
  sqlite3_stmt *stmt = gloss_store_prepare (store,
      "SELECT count(*) FROM history WHERE tbl = ?1 AND row_id = ?2 AND coalesce (sub_id, '') = ?3 AND "
      "(json_extract (old_json, '$.modified') = ?4 OR json_extract (new_json, '$.modified') = ?4)", NULL);
  gboolean found;

  gloss_bind_text (stmt, 1, parts[0]);
  gloss_bind_text (stmt, 2, parts[1]);
  gloss_bind_text (stmt, 3, parts[2]);
  gloss_bind_text (stmt, 4, modified);
  found = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) > 0;
  sqlite3_reset (stmt);
  return found;
}

static const char *
modified_of (JsonObject *o)
{
  return json_object_get_string_member (o, "modified");
}

static void
test_properties (Fixture *f, gconstpointer data)
{
  g_autofree char *base = path_in (f, "base.gloss");
  g_autofree char *pa = path_in (f, "a.gloss");
  g_autofree char *pb = path_in (f, "b.gloss");
  g_autofree char *pa2 = path_in (f, "a2.gloss");
  g_autofree char *pb2 = path_in (f, "b2.gloss");
  g_autoptr(GlossStore) a = NULL;
  g_autoptr(GlossStore) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240611);
  g_autoptr(GHashTable) rows_a = NULL;
  g_autoptr(GHashTable) rows_b = NULL;
  g_autoptr(GHashTable) rows_m = NULL;
  g_autofree char *ab = NULL;
  g_autofree char *abb = NULL;
  g_autofree char *ba = NULL;
  g_autofree char *sha_b = NULL;
  g_autofree char *sha_b_after = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint checked = 0, differing = 0;

  make_base (base);
  {
    /* More shared rows, so that both copies change many of the same. */
    g_autoptr(GlossStore) s = open_project (base, "lead");
    g_autoptr(GPtrArray) docs = gloss_store_list_documents (s, NULL);
    g_autoptr(GPtrArray) labels = gloss_store_list_labels (s, NULL);

    for (guint i = 0; i < 30; i++)
      {
        GlossLabel *label = labels->pdata[i % labels->len];
        g_autoptr(GlossAnnotation) n = gloss_store_add_annotation (s, ((GlossDocument *) docs->pdata[i % docs->len])->id,
                                                                   label->id, i, i + 5, NULL, "lead", &error);
        g_assert_no_error (error);
      }
  }
  copy_file (base, pa);
  copy_file (base, pb);
  a = open_project (pa, "alice");
  b = open_project (pb, "bob");
  {
    Editor ea = { a, rand, "alice", gloss_store_list_labels (a, NULL) };
    Editor eb = { b, rand, "bob", gloss_store_list_labels (b, NULL) };

    /* Interleaved, so that each copy changes rows the other changes too. */
    for (guint i = 0; i < 300; i++)
      {
        random_edit (&ea);
        random_edit (&eb);
        if (i % 50 == 0)
          g_usleep (1000);
      }
    g_ptr_array_unref (ea.labels);
    g_ptr_array_unref (eb.labels);
  }
  rows_a = rows_by_key (a);
  rows_b = rows_by_key (b);
  g_clear_object (&a);
  g_clear_object (&b);
  copy_file (pa, pa2);
  copy_file (pb, pb2);

  /* A + B, then + B again. */
  sha_b = file_sha (pb);
  a = open_project (pa, "alice");
  merge_ok (a, pb, NULL);
  sha_b_after = file_sha (pb);
  g_assert_cmpstr (sha_b, ==, sha_b_after);
  ab = dump (a);
  {
    g_autoptr(GlossMergeReport) again = gloss_merge_report_new ();

    merge_ok (a, pb, again);
    g_assert_cmpuint (again->added->len + again->updated->len + again->deleted->len, ==, 0);
  }
  abb = dump (a);
  g_assert_cmpstr (ab, ==, abb);
  {
    g_autoptr(GString) report = g_string_new (NULL);
    gboolean checked_ok = gloss_store_check (a, report, &error);
    g_assert_cmpstr (report->str, ==, "");
    g_assert_true (checked_ok);
  }

  /* B + A has the same content. */
  b = open_project (pb2, "bob");
  merge_ok (b, pa2, NULL);
  ba = dump (b);
  g_assert_cmpstr (ab, ==, ba);

  /* Loses nothing: every row of either copy is there, as the later of the two
   * versions; the earlier one is in the history. */
  rows_m = rows_by_key (a);
  g_hash_table_iter_init (&iter, rows_a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *other = g_hash_table_lookup (rows_b, key);
      const char *merged = g_hash_table_lookup (rows_m, key);

      g_assert_nonnull (merged);
      if (other == NULL || same (value, other))
        g_assert_true (same (merged, value));
      else
        {
          g_autoptr(JsonObject) oa = obj (value);
          g_autoptr(JsonObject) ob = obj (other);
          int cmp = g_strcmp0 (modified_of (oa), modified_of (ob));

          differing++;
          if (cmp > 0)
            g_assert_true (same (merged, value));
          else if (cmp < 0)
            g_assert_true (same (merged, other));
          else
            g_assert_true (same (merged, value) || same (merged, other));
          g_assert_true (in_history (a, key, same (merged, value) ? modified_of (ob) : modified_of (oa)));
        }
      checked++;
    }
  g_hash_table_iter_init (&iter, rows_b);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (rows_a, key))
      {
        const char *merged = g_hash_table_lookup (rows_m, key);

        g_assert_nonnull (merged);
        g_assert_true (same (merged, value));
        checked++;
      }
  g_assert_cmpuint (g_hash_table_size (rows_m), ==, checked);
  /* The test must have exercised concurrent changes. */
  g_assert_cmpuint (differing, >, 20);
  g_test_message ("%u rows checked, %u changed in both copies", checked, differing);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/core/merge/basic", test_basic);
  ADD ("/core/merge/deletions", test_deletions);
  ADD ("/core/merge/match-by-content", test_match_by_content);
  ADD ("/core/merge/other-sources", test_other_sources);
  ADD ("/core/merge/rollback", test_rollback);
  ADD ("/core/merge/properties", test_properties);
#undef ADD

  return g_test_run ();
}

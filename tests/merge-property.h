/* merge-property.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The merge property test, shared by tests/test-merge.c (a few histories, fixed seed)
 * and bench/bench-merge.c (many): random histories of three copies of a project (add
 * an annotation, set a field, edit the note, move the span, delete, restore, merge
 * from another copy), then the three copies merged in all six orders into fresh
 * copies. It checks that
 *
 *  1. the six JSON exports are byte for byte the same;
 *  2. nothing is lost: every value ever written (a note, a span, a field value, a
 *     deletion or restoration) is current in each merged project or in its history;
 *  3. every member both sides changed to different values since their common version
 *     is reported as a conflict by the merge that meets it.
 *
 * For 3 the test keeps its own model of what each copy knows: each write of a member
 * (an annotation's note, span or deleted flag, a field value) is a node whose parents
 * are the writes it replaced, so a copy's value is a node and what it has seen is that
 * node's ancestors. At a merge of X into Y, a member whose nodes are neither one the
 * ancestor of the other was changed on both sides; its base is their latest common
 * ancestor, and when both differ from the base and from each other the merge must
 * report a conflict on it. The model takes each merge's actual result as a new node,
 * so it follows the project exactly, whatever value a conflict keeps.
 */
#pragma once

#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gloss-conflicts.h"
#include "gloss-fields.h"
#include "gloss-json.h"
#include "gloss-merge.h"
#include "gloss-project.h"
#include "gloss-store-private.h"

#define MP_COPIES 3
#define MP_ABSENT "\001absent"

static const char *mp_texts[] = {
  "Ana Ruiz said the port of Valdor will close on Monday after the strike.",
  "The ministry denied that Bo Lind had met the union leaders in Valdor.",
  "Shipping firms expect delays of two weeks; Ana Ruiz called that optimistic.",
};
static const char *mp_users[MP_COPIES] = { "alice", "bob", "carol" };

/* A member of a row: an annotation's note, span or deleted flag, or a field value. */
typedef struct {
  char *row_id;     /* the annotation */
  char *field_id;   /* a field value: the field; else NULL */
  char *member;     /* "note", "span", "deleted", "value" (as conflicts name them) */
} MpKey;

typedef struct {
  /* The writes: node 0 is "no value yet", the common root of every member. */
  GPtrArray  *values;     /* char*: MP_ABSENT or the value as text */
  GPtrArray  *parents;    /* GArray of guint */
  GPtrArray  *node_key;   /* MpKey* (borrowed), NULL for the root */
  GArray     *written;    /* gboolean: a value someone wrote (not a merge's result) */
  GHashTable *keys;       /* "row\tfield\tmember" -> MpKey* */
  GHashTable *state[MP_COPIES + 1];   /* per copy (and the merged one): key text -> node + 1 */
  guint       counter;
  /* Figures */
  guint       expected_conflicts;
  guint       ambiguous;
  guint       merges;              /* several latest common ancestors with different values */
  GString    *failures;
} MpModel;

static void
mp_key_free (MpKey *k)
{
  g_free (k->row_id);
  g_free (k->field_id);
  g_free (k->member);
  g_free (k);
}

static void
mp_model_init (MpModel *m)
{
  memset (m, 0, sizeof *m);
  m->values = g_ptr_array_new_with_free_func (g_free);
  m->parents = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  m->node_key = g_ptr_array_new ();
  m->written = g_array_new (FALSE, FALSE, sizeof (gboolean));
  m->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) mp_key_free);
  for (guint c = 0; c <= MP_COPIES; c++)
    m->state[c] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  m->failures = g_string_new (NULL);
  g_ptr_array_add (m->values, g_strdup (MP_ABSENT));
  g_ptr_array_add (m->parents, g_array_new (FALSE, FALSE, sizeof (guint)));
  g_ptr_array_add (m->node_key, NULL);
  g_array_append_vals (m->written, &(gboolean) { FALSE }, 1);
}

static void
mp_model_clear (MpModel *m)
{
  g_ptr_array_unref (m->values);
  g_ptr_array_unref (m->parents);
  g_ptr_array_unref (m->node_key);
  g_array_unref (m->written);
  for (guint c = 0; c <= MP_COPIES; c++)
    g_hash_table_unref (m->state[c]);
  g_hash_table_unref (m->keys);
  g_string_free (m->failures, TRUE);
}

static const char *
mp_key_text (MpModel    *m,
             const char *row_id,
             const char *field_id,
             const char *member)
{
  g_autofree char *text = g_strdup_printf ("%s\t%s\t%s", row_id, field_id ? field_id : "", member);
  gpointer orig = NULL;

  if (!g_hash_table_lookup_extended (m->keys, text, &orig, NULL))
    {
      MpKey *k = g_new0 (MpKey, 1);

      k->row_id = g_strdup (row_id);
      k->field_id = g_strdup (field_id);
      k->member = g_strdup (member);
      orig = g_steal_pointer (&text);
      g_hash_table_insert (m->keys, orig, k);
    }
  return orig;
}

static guint
mp_node_of (MpModel    *m,
            guint       copy,
            const char *key)
{
  guint stored = GPOINTER_TO_UINT (g_hash_table_lookup (m->state[copy], key));

  return stored > 0 ? stored - 1 : 0;
}

static void
mp_set_node (MpModel    *m,
             guint       copy,
             const char *key,
             guint       node)
{
  g_hash_table_insert (m->state[copy], g_strdup (key), GUINT_TO_POINTER (node + 1));
}

static guint
mp_add_node (MpModel    *m,
             const char *key,
             const char *value,
             guint       parent_a,
             guint       parent_b,
             gboolean    written)
{
  GArray *parents = g_array_new (FALSE, FALSE, sizeof (guint));

  g_array_append_val (parents, parent_a);
  if (parent_b != parent_a)
    g_array_append_val (parents, parent_b);
  g_ptr_array_add (m->values, g_strdup (value ? value : MP_ABSENT));
  g_ptr_array_add (m->parents, parents);
  g_ptr_array_add (m->node_key, g_hash_table_lookup (m->keys, key));
  g_array_append_val (m->written, written);
  return m->values->len - 1;
}

/* A copy writes @value into a member. */
static void
mp_write (MpModel    *m,
          guint       copy,
          const char *row_id,
          const char *field_id,
          const char *member,
          const char *value)
{
  const char *key = mp_key_text (m, row_id, field_id, member);
  guint node = mp_add_node (m, key, value, mp_node_of (m, copy, key), mp_node_of (m, copy, key), TRUE);

  mp_set_node (m, copy, key, node);
}

/* The ancestors of @node, itself included, as a set of node + 1. */
static GHashTable *
mp_ancestors (MpModel *m,
              guint    node)
{
  GHashTable *seen = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint));

  g_array_append_val (stack, node);
  while (stack->len > 0)
    {
      guint n = g_array_index (stack, guint, stack->len - 1);
      GArray *parents;

      g_array_set_size (stack, stack->len - 1);
      if (!g_hash_table_add (seen, GUINT_TO_POINTER (n + 1)))
        continue;
      parents = m->parents->pdata[n];
      g_array_append_vals (stack, parents->data, parents->len);
    }
  return seen;
}

static const char *
mp_value (MpModel *m,
          guint    node)
{
  return m->values->pdata[node];
}

/* ---- Reading a project -------------------------------------------------------- */

static char *
mp_read_member (GlossStore  *store,
                const MpKey *k)
{
  sqlite3_stmt *stmt;
  char *value = NULL;

  if (k->field_id != NULL)
    stmt = gloss_store_prepare (store, "SELECT v.value FROM field_values v JOIN annotations a ON a.pk = v.annotation "
                                       "JOIN label_fields f ON f.pk = v.field WHERE a.id = ?1 AND f.id = ?2", NULL);
  else
    stmt = gloss_store_prepare (store, "SELECT note, span_start || '-' || span_end, deleted FROM annotations "
                                       "WHERE id = ?1", NULL);
  g_assert_nonnull (stmt);
  gloss_bind_text (stmt, 1, k->row_id);
  if (k->field_id != NULL)
    gloss_bind_text (stmt, 2, k->field_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      int column = k->field_id != NULL ? 0 : g_str_equal (k->member, "note") ? 0 : g_str_equal (k->member, "span") ? 1 : 2;

      if (sqlite3_column_type (stmt, column) != SQLITE_NULL)
        value = g_strdup ((const char *) sqlite3_column_text (stmt, column));
    }
  sqlite3_reset (stmt);
  return value ? value : g_strdup (MP_ABSENT);
}

/* Whether @value of member @k is in the history of @store (in a version before or
 * after a change). */
static gboolean
mp_in_history (GlossStore  *store,
               const MpKey *k,
               const char  *value)
{
  static const char *sql[] = {
    /* note */
    "SELECT count(*) FROM history WHERE tbl = 'annotations' AND row_id = ?1 AND "
    "(json_extract (old_json, '$.note') = ?2 OR json_extract (new_json, '$.note') = ?2)",
    /* span */
    "SELECT count(*) FROM history WHERE tbl = 'annotations' AND row_id = ?1 AND "
    "(json_extract (old_json, '$.start') || '-' || json_extract (old_json, '$.end') = ?2 OR "
    " json_extract (new_json, '$.start') || '-' || json_extract (new_json, '$.end') = ?2)",
    /* deleted */
    "SELECT count(*) FROM history WHERE tbl = 'annotations' AND row_id = ?1 AND "
    "(json_extract (old_json, '$.deleted') = CAST (?2 AS INTEGER) OR "
    " json_extract (new_json, '$.deleted') = CAST (?2 AS INTEGER))",
    /* value */
    "SELECT count(*) FROM history WHERE tbl = 'field_values' AND row_id = ?1 AND sub_id = ?3 AND "
    "(json_extract (old_json, '$.value') = ?2 OR json_extract (new_json, '$.value') = ?2)",
  };
  guint which = k->field_id ? 3 : g_str_equal (k->member, "note") ? 0 : g_str_equal (k->member, "span") ? 1 : 2;
  sqlite3_stmt *stmt = gloss_store_prepare (store, sql[which], NULL);
  gboolean found;

  g_assert_nonnull (stmt);
  gloss_bind_text (stmt, 1, k->row_id);
  gloss_bind_text (stmt, 2, value);
  if (which == 3)
    gloss_bind_text (stmt, 3, k->field_id);
  found = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) > 0;
  sqlite3_reset (stmt);
  return found;
}

static void
mp_fail (MpModel    *m,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static void
mp_fail (MpModel    *m,
         const char *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_string_append_vprintf (m->failures, format, args);
  g_string_append_c (m->failures, '\n');
  va_end (args);
}

/* ---- Merging ------------------------------------------------------------------ */

/* Merges @from_path (copy @from in the model) into @store (copy @into) and checks that
 * every member both changed to different values is among the conflicts reported. */
static void
mp_merge (MpModel    *m,
          GlossStore *store,
          guint       into,
          guint       from,
          const char *from_path)
{
  g_autoptr(GlossMergeReport) report = gloss_merge_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) reported = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();   /* key texts */
  g_autoptr(GPtrArray) moved = g_ptr_array_new ();      /* key texts the other copy changed */
  GHashTableIter iter;
  gpointer key;

  /* Before: what the model expects of each member. */
  g_hash_table_iter_init (&iter, m->keys);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint x = mp_node_of (m, from, key), y = mp_node_of (m, into, key);
      g_autoptr(GHashTable) ax = NULL;
      g_autoptr(GHashTable) ay = NULL;
      g_autoptr(GPtrArray) common = g_ptr_array_new ();
      const char *base = NULL;
      gboolean ambiguous = FALSE;
      GHashTableIter ci;
      gpointer n;

      if (x == y)
        continue;
      ax = mp_ancestors (m, x);
      if (g_hash_table_contains (ax, GUINT_TO_POINTER (y + 1)))
        {
          /* We are behind: the other copy's value, whole. */
          g_ptr_array_add (moved, key);
          continue;
        }
      ay = mp_ancestors (m, y);
      if (g_hash_table_contains (ay, GUINT_TO_POINTER (x + 1)))
        continue;   /* the other copy is behind */

      g_ptr_array_add (moved, key);
      if (g_str_equal (mp_value (m, x), mp_value (m, y)))
        continue;
      /* The latest common ancestors: common ones that are no ancestor of another. */
      g_hash_table_iter_init (&ci, ax);
      while (g_hash_table_iter_next (&ci, &n, NULL))
        if (g_hash_table_contains (ay, n))
          g_ptr_array_add (common, n);
      for (guint i = 0; i < common->len; i++)
        {
          guint c = GPOINTER_TO_UINT (common->pdata[i]) - 1;
          gboolean latest = TRUE;

          for (guint j = 0; j < common->len && latest; j++)
            if (j != i)
              {
                g_autoptr(GHashTable) aj = mp_ancestors (m, GPOINTER_TO_UINT (common->pdata[j]) - 1);

                latest = !g_hash_table_contains (aj, GUINT_TO_POINTER (c + 1));
              }
          if (!latest)
            continue;
          if (base == NULL)
            base = mp_value (m, c);
          else if (!g_str_equal (base, mp_value (m, c)))
            ambiguous = TRUE;
        }
      if (ambiguous)
        {
          m->ambiguous++;
          continue;
        }
      if (base != NULL && (g_str_equal (base, mp_value (m, x)) || g_str_equal (base, mp_value (m, y))))
        continue;   /* one side changed it */
      g_ptr_array_add (expected, key);
    }

  if (!gloss_merge (store, from_path, report, &error))
    {
      mp_fail (m, "merge of copy %u into copy %u failed: %s", from, into, error->message);
      return;
    }

  /* What the merge reported. */
  for (guint i = 0; i < report->conflicts->len; i++)
    {
      GlossMergeItem *item = report->conflicts->pdata[i];
      g_autoptr(GlossConflict) conflict = NULL;

      if (item->conflict_id == NULL)
        continue;
      conflict = gloss_store_get_conflict (store, item->conflict_id, NULL);
      if (conflict == NULL)
        continue;
      g_hash_table_add (reported, g_strdup_printf ("%s\t%s\t%s", conflict->row_id,
                                                   conflict->sub_id ? conflict->sub_id : "", conflict->field));
    }
  for (guint i = 0; i < expected->len; i++)
    {
      const MpKey *k = g_hash_table_lookup (m->keys, expected->pdata[i]);
      guint x = mp_node_of (m, from, expected->pdata[i]), y = mp_node_of (m, into, expected->pdata[i]);

      m->expected_conflicts++;
      if (!g_hash_table_contains (reported, expected->pdata[i]))
        mp_fail (m, "merge of copy %u into copy %u: %s of annotation %s%s%s changed on both sides (here %s, there %s) "
                 "but no conflict was reported", from, into, k->member, k->row_id, k->field_id ? " field " : "",
                 k->field_id ? k->field_id : "", mp_value (m, y), mp_value (m, x));
    }

  m->merges++;

  /* After: the model takes what the project now holds. A member the other copy was
   * ahead on must now have its value (only a deletion may be undone, by a conflict
   * between a deletion and an edit); every member the other copy changed now has
   * that change among its ancestors. */
  g_hash_table_iter_init (&iter, m->keys);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const MpKey *k = g_hash_table_lookup (m->keys, key);
      guint x = mp_node_of (m, from, key), y = mp_node_of (m, into, key);
      g_autofree char *actual = NULL;
      gboolean is_moved = FALSE, behind = FALSE;

      for (guint i = 0; i < moved->len && !is_moved; i++)
        is_moved = moved->pdata[i] == key;
      if (is_moved)
        {
          g_autoptr(GHashTable) ax = mp_ancestors (m, x);

          behind = g_hash_table_contains (ax, GUINT_TO_POINTER (y + 1));
        }
      actual = mp_read_member (store, k);
      if (behind && g_str_equal (actual, mp_value (m, x)))
        mp_set_node (m, into, key, x);
      else if (is_moved)
        {
          if (behind && !g_str_equal (k->member, "deleted"))
            mp_fail (m, "merge of copy %u into copy %u: %s of annotation %s%s%s was changed only there (%s, here %s) "
                     "but the merge left %s", from, into, k->member, k->row_id, k->field_id ? " field " : "",
                     k->field_id ? k->field_id : "", mp_value (m, x), mp_value (m, y), actual);
          mp_set_node (m, into, key, mp_add_node (m, key, actual, x, y, FALSE));
        }
      else if (!g_str_equal (actual, mp_value (m, y)))
        mp_set_node (m, into, key, mp_add_node (m, key, actual, y, x, FALSE));
    }
}

/* Every value written anywhere is current in @store or in its history. */
static guint
mp_check_nothing_lost (MpModel     *m,
                       GlossStore  *store,
                       GlossStore **sources,
                       const char  *what)
{
  guint checked = 0;

  for (guint n = 1; n < m->values->len; n++)
    {
      const MpKey *k = m->node_key->pdata[n];
      const char *value = mp_value (m, n);
      g_autofree char *current = NULL;

      if (!g_array_index (m->written, gboolean, n) || g_str_equal (value, MP_ABSENT))
        continue;
      checked++;
      current = mp_read_member (store, k);
      if (g_str_equal (current, value) || mp_in_history (store, k, value))
        continue;
      {
        int source = -1;

        for (guint c = 0; c < MP_COPIES && source < 0; c++)
          if (sources[c] != NULL && mp_in_history (sources[c], k, value))
            source = (int) c;
        mp_fail (m, "%s: %s %s of annotation %s%s%s, written once, is neither current (%s) nor in the history%s%s",
                 what, k->member, value, k->row_id, k->field_id ? " field " : "", k->field_id ? k->field_id : "",
                 current, source >= 0 ? "; it is in the history of copy " : "; nor in any copy's",
                 source >= 0 ? mp_users[source] : "");
      }
    }
  return checked;
}

/* ---- One history ---------------------------------------------------------------- */

typedef struct {
  guint histories;
  guint passed;
  guint operations;
  guint merges;
  guint expected_conflicts;
  guint ambiguous;
  guint values_checked;
} MpFigures;

/* The base: three reports, a risk with likelihood and impact on each, and a person. */
static void
mp_make_base (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = gloss_project_create (path, "Desk", 0, &error);
  g_autoptr(GlossLabel) person = NULL;
  g_autoptr(GlossLabel) risk = NULL;

  g_assert_no_error (error);
  gloss_store_set_user (store, "lead");
  person = gloss_store_find_label_by_name (store, "Person", &error);
  risk = gloss_store_find_label_by_name (store, "Risk", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (mp_texts); i++)
    {
      g_autofree char *title = g_strdup_printf ("Report %u", i);
      g_autoptr(GlossDocument) doc = gloss_store_add_document (store, title, mp_texts[i], NULL, "txt", NULL, &error);
      g_autoptr(GlossAnnotation) a = NULL;
      g_autoptr(GlossAnnotation) r = NULL;

      g_assert_no_error (error);
      a = gloss_store_add_annotation (store, doc->id, person->id, 0, 3, NULL, "lead", &error);
      g_assert_no_error (error);
      r = gloss_store_add_annotation (store, doc->id, risk->id, 10, 30, NULL, "lead", &error);
      g_assert_no_error (error);
      g_assert_true (gloss_store_set_field_value (store, r->id, "likelihood", "3", &error));
      g_assert_no_error (error);
    }
}

static void
mp_copy_file (const char *from,
              const char *to)
{
  g_autoptr(GFile) a = g_file_new_for_path (from);
  g_autoptr(GFile) b = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_copy (a, b, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
}

static void
mp_remove_project (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

static char *
mp_export (GlossStore *store)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  if (!gloss_json_export (store, NULL, out, NULL, &error))
    return NULL;
  g_output_stream_close (out, NULL, NULL);
  return g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)));
}

/* Model nodes for what the base holds: every copy starts from them. */
static void
mp_read_base (MpModel    *m,
              GlossStore *store)
{
  sqlite3_stmt *stmt = gloss_store_prepare (store, "SELECT a.id, f.id FROM annotations a "
                                                   "LEFT JOIN field_values v ON v.annotation = a.pk "
                                                   "LEFT JOIN label_fields f ON f.pk = v.field", NULL);
  static const char *members[] = { "note", "span", "deleted" };

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      const char *field = (const char *) sqlite3_column_text (stmt, 1);

      for (guint i = 0; i < (field ? 4 : 3); i++)
        {
          const char *key = i < 3 ? mp_key_text (m, id, NULL, members[i]) : mp_key_text (m, id, field, "value");
          g_autofree char *value = mp_read_member (store, g_hash_table_lookup (m->keys, key));
          guint node;

          if (mp_node_of (m, 0, key) != 0)
            continue;
          node = mp_add_node (m, key, value, 0, 0, TRUE);
          for (guint c = 0; c < MP_COPIES; c++)
            mp_set_node (m, c, key, node);
        }
    }
  sqlite3_reset (stmt);
}

static GlossAnnotation *
mp_pick (GlossStore *store,
         GRand      *rand,
         const char *label_name)
{
  g_autoptr(GPtrArray) list = gloss_store_list_annotations (store, NULL, NULL);
  g_autoptr(GPtrArray) fit = g_ptr_array_new ();

  for (guint i = 0; list && i < list->len; i++)
    if (label_name == NULL || g_strcmp0 (((GlossAnnotation *) list->pdata[i])->label_name, label_name) == 0)
      g_ptr_array_add (fit, list->pdata[i]);
  if (fit->len == 0)
    return NULL;
  return gloss_annotation_copy (fit->pdata[g_rand_int_range (rand, 0, fit->len)]);
}

static char *
mp_pick_deleted (GlossStore *store,
                 GRand      *rand)
{
  sqlite3_stmt *stmt = gloss_store_prepare (store, "SELECT id FROM annotations WHERE deleted = 1 ORDER BY id", NULL);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (ids->len == 0)
    return NULL;
  return g_strdup (ids->pdata[g_rand_int_range (rand, 0, ids->len)]);
}

/* One random change by the analyst of @copy, recorded in the model when it took. */
static gboolean
mp_random_change (MpModel     *m,
                  GlossStore **stores,
                  char       **paths,
                  guint        copy,
                  GRand       *rand)
{
  GlossStore *store = stores[copy];
  g_autoptr(GError) error = NULL;
  int op = g_rand_int_range (rand, 0, 14);

  if (op < 2)
    {
      /* Add an annotation, with a note of its own (so that no two are duplicates). */
      g_autoptr(GPtrArray) docs = gloss_store_list_documents (store, NULL);
      g_autoptr(GlossLabel) label = gloss_store_find_label_by_name (store, g_rand_boolean (rand) ? "Risk" : "Person", NULL);
      GlossDocument *doc = docs->pdata[g_rand_int_range (rand, 0, docs->len)];
      gint64 start = g_rand_int_range (rand, 0, 50);
      g_autofree char *note = g_strdup_printf ("%s %u", mp_users[copy], ++m->counter);
      g_autofree char *span = NULL;
      g_autoptr(GlossAnnotation) a = gloss_store_add_annotation (store, doc->id, label->id, start,
                                                                 start + g_rand_int_range (rand, 1, 15), note,
                                                                 mp_users[copy], &error);

      if (a == NULL)
        return FALSE;
      span = g_strdup_printf ("%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT, a->start, a->end);
      mp_write (m, copy, a->id, NULL, "note", note);
      mp_write (m, copy, a->id, NULL, "span", span);
      mp_write (m, copy, a->id, NULL, "deleted", "0");
      return TRUE;
    }
  if (op < 4)
    {
      /* Set a field of a risk to another value. */
      g_autoptr(GlossAnnotation) a = mp_pick (store, rand, "Risk");
      const char *field = g_rand_boolean (rand) ? "likelihood" : "impact";
      g_autoptr(GlossField) def = NULL;
      g_autofree char *before = NULL;
      char value[2] = { (char) ('1' + g_rand_int_range (rand, 0, 5)), 0 };

      if (a == NULL)
        return FALSE;
      def = gloss_store_find_field (store, a->label_id, field, NULL);
      before = gloss_store_dup_field_value (store, a->id, field, NULL);
      if (def == NULL || g_strcmp0 (before, value) == 0)
        return FALSE;
      if (!gloss_store_set_field_value (store, a->id, field, value, &error))
        return FALSE;
      mp_write (m, copy, a->id, def->id, "value", value);
      return TRUE;
    }
  if (op < 6)
    {
      g_autoptr(GlossAnnotation) a = mp_pick (store, rand, NULL);
      g_autofree char *note = g_strdup_printf ("%s %u", mp_users[copy], ++m->counter);

      if (a == NULL || !gloss_store_set_annotation_note (store, a->id, note, &error))
        return FALSE;
      mp_write (m, copy, a->id, NULL, "note", note);
      return TRUE;
    }
  if (op < 8)
    {
      /* Move the span. */
      g_autoptr(GlossAnnotation) a = mp_pick (store, rand, NULL);
      gint64 start, end;
      g_autofree char *span = NULL;

      if (a == NULL)
        return FALSE;
      start = MAX (0, a->start + g_rand_int_range (rand, -3, 4));
      end = MAX (start + 1, a->end + g_rand_int_range (rand, -3, 4));
      if ((start == a->start && end == a->end) || !gloss_store_set_annotation_span (store, a->id, start, end, &error))
        return FALSE;
      span = g_strdup_printf ("%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT, start, end);
      mp_write (m, copy, a->id, NULL, "span", span);
      return TRUE;
    }
  if (op < 9)
    {
      g_autoptr(GlossAnnotation) a = mp_pick (store, rand, NULL);

      if (a == NULL || !gloss_store_delete_annotation (store, a->id, &error))
        return FALSE;
      mp_write (m, copy, a->id, NULL, "deleted", "1");
      return TRUE;
    }
  if (op < 11)
    {
      g_autofree char *id = mp_pick_deleted (store, rand);

      if (id == NULL || !gloss_store_restore_annotation (store, id, &error))
        return FALSE;
      mp_write (m, copy, id, NULL, "deleted", "0");
      return TRUE;
    }
  {
    /* Merge another copy into this one. */
    guint from = (copy + 1 + (guint) g_rand_int_range (rand, 0, MP_COPIES - 1)) % MP_COPIES;

    mp_merge (m, store, copy, from, paths[from]);
    return TRUE;
  }
}

/* Runs history @seed in @dir from the base project @base: @n_changes random changes,
 * then the six orders of merging. Adds to @figures; returns FALSE with the failures in
 * @failures when a property does not hold. */
static gboolean
mp_run_history (const char *dir,
                const char *base,
                guint32     seed,
                guint       n_changes,
                MpFigures  *figures,
                GString    *failures)
{
  static const guint orders[6][3] = { { 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 }, { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 } };
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GlossStore *stores[MP_COPIES] = { NULL };
  char *paths[MP_COPIES];
  g_autofree char *first = NULL;
  MpModel m;
  gboolean ok;

  mp_model_init (&m);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GlossStore) s = gloss_store_open (base, GLOSS_STORE_OPEN_READ_ONLY, &error);

    g_assert_no_error (error);
    mp_read_base (&m, s);
  }
  for (guint c = 0; c < MP_COPIES; c++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("h%u-copy%u.gloss", seed, c);

      paths[c] = g_build_filename (dir, name, NULL);
      mp_copy_file (base, paths[c]);
      stores[c] = gloss_store_open (paths[c], 0, &error);
      g_assert_no_error (error);
      gloss_store_set_user (stores[c], mp_users[c]);
    }

  for (guint i = 0; i < n_changes; i++)
    {
      guint copy = g_rand_int_range (rand, 0, MP_COPIES);

      if (mp_random_change (&m, stores, paths, copy, rand))
        figures->operations++;
    }
  for (guint c = 0; c < MP_COPIES; c++)
    {
      g_autoptr(GError) error = NULL;

      g_clear_object (&stores[c]);
      stores[c] = gloss_store_open (paths[c], GLOSS_STORE_OPEN_READ_ONLY, &error);
    }

  for (guint o = 0; o < G_N_ELEMENTS (orders); o++)
    {
      g_autofree char *name = g_strdup_printf ("h%u-merged%u.gloss", seed, o);
      g_autofree char *merged = g_build_filename (dir, name, NULL);
      g_autofree char *what = g_strdup_printf ("copies merged in the order %u %u %u", orders[o][0], orders[o][1],
                                               orders[o][2]);
      g_autoptr(GlossStore) s = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *json = NULL;

      /* The merged copy starts as copy orders[o][0] in the model. */
      g_hash_table_remove_all (m.state[MP_COPIES]);
      {
        GHashTableIter iter;
        gpointer key, value;

        g_hash_table_iter_init (&iter, m.state[orders[o][0]]);
        while (g_hash_table_iter_next (&iter, &key, &value))
          g_hash_table_insert (m.state[MP_COPIES], g_strdup (key), value);
      }
      mp_copy_file (paths[orders[o][0]], merged);
      s = gloss_store_open (merged, 0, &error);
      g_assert_no_error (error);
      gloss_store_set_user (s, "lead");
      mp_merge (&m, s, MP_COPIES, orders[o][1], paths[orders[o][1]]);
      mp_merge (&m, s, MP_COPIES, orders[o][2], paths[orders[o][2]]);
      figures->values_checked += mp_check_nothing_lost (&m, s, stores, what);
      json = mp_export (s);
      /* MP_DUMP=DIR keeps each order's export there, to compare (a debugging aid). */
      if (json != NULL && g_getenv ("MP_DUMP") != NULL)
        {
          g_autofree char *file = g_strdup_printf ("%s/h%u-order%u%u%u.json", g_getenv ("MP_DUMP"), seed,
                                                   orders[o][0], orders[o][1], orders[o][2]);

          g_file_set_contents (file, json, -1, NULL);
        }
      if (json == NULL)
        mp_fail (&m, "%s: the export failed", what);
      else if (first == NULL)
        first = g_steal_pointer (&json);
      else if (!g_str_equal (first, json))
        mp_fail (&m, "%s: the JSON export differs from the order 0 1 2", what);
      g_clear_object (&s);
      mp_remove_project (merged);
    }

  for (guint c = 0; c < MP_COPIES; c++)
    {
      g_clear_object (&stores[c]);
      if (g_getenv ("MP_DUMP") != NULL)
        {
          g_autofree char *name = g_strdup_printf ("h%u-copy%u.gloss", seed, c);
          g_autofree char *keep = g_build_filename (g_getenv ("MP_DUMP"), name, NULL);

          mp_copy_file (paths[c], keep);
        }
      mp_remove_project (paths[c]);
      g_free (paths[c]);
    }
  figures->histories++;
  figures->expected_conflicts += m.expected_conflicts;
  figures->ambiguous += m.ambiguous;
  figures->merges += m.merges;
  ok = m.failures->len == 0;
  if (ok)
    figures->passed++;
  else
    g_string_append_printf (failures, "history %u:\n%s", seed, m.failures->str);
  mp_model_clear (&m);
  return ok;
}

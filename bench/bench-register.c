/* bench-register.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Benchmark of the entity register at scale (issue 14). For registers of 1,000,
 * 10,000 and 100,000 people (names with an alias each) it prints:
 *   - the time to import the register from Gloss JSON into a new project, and to merge
 *     that project into another new one (gloss_merge(), as `gloss-cli merge` does);
 *   - the median time of tagging a Person the way the GUI does (gloss_session_annotate,
 *     which links the mention to the register's entry), for a name in the register and
 *     for a new name (which adds an entity);
 * and, for 1,000 entities over a 2 MB article, the time to find all unannotated mentions
 * of every entity (one pass) and to annotate them all. A register of 0 entities gives
 * the tag's baseline, so that growth (or its absence) is visible: new names into the
 * empty register, then those names again (known, in a register of --tags entries).
 *
 * Tags are set beside a raw baseline measured on the same project (one row in a
 * transaction of its own), with their ratio.
 *
 *   bench-register [--sizes 1000,10000,100000] [--article-mb 2] [--tags 200] [--dir DIR]
 *
 * `--project FILE` only tags (known and new names) in a copy of a project an earlier
 * run left in its `--dir`, e.g. to count instructions of the tags alone:
 *   valgrind --tool=callgrind --toggle-collect=gloss_session_annotate \
 *     bench-register --project DIR/register-100000.gloss --tags 200 [--new-only | --known-only]
 */
#define G_LOG_DOMAIN "bench-register"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "gloss-entities.h"
#include "gloss-json.h"
#include "gloss-merge.h"
#include "gloss-project.h"
#include "gloss-session.h"
#include "gloss-store.h"
#include "gloss-undo.h"

static const char *syllables[] = {
  "ka", "lo", "mi", "ran", "sel", "to", "vi", "ber", "da", "fen", "gor", "hal", "jo", "ne", "pa", "qu", "ri",
  "sto", "ul", "wen", "zë", "ła", "ør", "ce",
};

static const char *filler[] = {
  "harbour", "officials", "said", "strike", "union", "minister", "port", "grain", "prices", "dam", "river",
  "report", "claimed", "denied", "will", "the", "of", "and", "in", "a", "to", "risk", "likely", "council",
  "agreed", "talks", "港口", "“quote”", "Mr.", "yesterday",
};

/* A made-up word, unique for each @n below 24^@syl. */
static void
append_word (GString *out, guint n, guint syl)
{
  gsize at = out->len;

  for (guint i = 0; i < syl; i++)
    {
      g_string_append (out, syllables[n % G_N_ELEMENTS (syllables)]);
      n /= G_N_ELEMENTS (syllables);
    }
  out->str[at] = g_ascii_toupper (out->str[at]);
}

/* Entity @i: "Given Surname", alias "G. Surname"; the surname alone is unique. */
static char *
entity_name (guint i)
{
  GString *s = g_string_new (NULL);

  append_word (s, (i * 7919u) % 331u, 2);
  g_string_append_c (s, ' ');
  append_word (s, i, 4);
  return g_string_free (s, FALSE);
}

static char *
entity_alias (guint i)
{
  g_autofree char *name = entity_name (i);
  const char *space = strchr (name, ' ');

  return g_strdup_printf ("%.*s. %s", (int) (g_utf8_next_char (name) - name), name, space + 1);
}

static double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

/* CPU time of the process: the machine the benchmark runs on may be shared, and
 * wall time then counts the others' work too. */
static double
cpu_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU time of this thread, system time included: one tag's own work, without the
 * time the thread waited for a core. */
static double
thread_cpu_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The mean and 99th percentile of the last tag_median()'s wall times: the median leaves
 * out the tags whose commit also checkpoints the log (about one in twenty), which the
 * mean and the tail show. */
static double last_mean, last_p99;

static double
median (GArray *times)
{
  g_array_sort (times, compare_double);
  return times->len ? g_array_index (times, double, times->len / 2) : 0;
}

/* A Gloss JSON export of a new project's codebook with @n people in its register. */
static char *
register_json (const char *dir, guint n, const char *person_id, gsize *len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "template.gloss", NULL);
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(GDateTime) t = g_date_time_new_now_utc ();
  g_autofree char *when = g_date_time_format_iso8601 (t);
  JsonArray *entities = json_array_sized_new (n);
  JsonObject *root;

  g_unlink (path);
  store = gloss_project_create (path, "Template", 0, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_json_export (store, NULL, out, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, NULL);
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error));
  root = json_node_get_object (json_parser_get_root (parser));
  for (guint i = 0; i < n; i++)
    {
      JsonObject *e = json_object_new ();
      JsonArray *aliases = json_array_new ();
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *name = entity_name (i);
      g_autofree char *alias = entity_alias (i);

      json_object_set_string_member (e, "id", id);
      json_object_set_string_member (e, "name", name);
      json_object_set_string_member (e, "type", person_id);
      json_array_add_string_element (aliases, alias);
      json_object_set_array_member (e, "aliases", aliases);
      json_object_set_null_member (e, "description");
      json_object_set_null_member (e, "external_ref");
      json_object_set_string_member (e, "created", when);
      json_object_set_string_member (e, "modified", when);
      json_array_add_object_element (entities, e);
    }
  json_object_set_array_member (root, "entities", entities);
  json_generator_set_root (gen, json_parser_get_root (parser));
  g_clear_object (&store);
  g_unlink (path);
  return json_generator_to_data (gen, len);
}

static GlossStore *
new_project (const char *dir, const char *name, GlossLabel **person)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  GlossStore *store;

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  store = gloss_project_create (path, "Register", 0, &error);
  g_assert_no_error (error);
  *person = gloss_store_find_label_by_name (store, "Person", &error);
  g_assert_no_error (error);
  return store;
}

/* Median of @n tags of names in the register (@known) or of new ones. A @rerun tags
 * a project an earlier run already tagged: its documents and new names differ from
 * that run's (the same text twice is refused, and that run's new names are known). */
static double
tag_median (GlossStore *store, const GlossLabel *person, guint register_size, guint n, gboolean known,
            gboolean rerun, guint *linked, double *cpu_median)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossUndoStack) undo = gloss_undo_stack_new ();
  g_autoptr(GlossSession) session = gloss_session_new (store, undo);
  g_autoptr(GString) text = g_string_new (known ? (rerun ? "Known names again: " : "Known names: ")
                                                : (rerun ? "New names again: " : "New names: "));
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (gint64) * 2);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GlossDocument) doc = NULL;
  GRand *rand = g_rand_new_with_seed (14);
  double dt_p99;
  gint64 chars = g_utf8_strlen (text->str, -1); /* of @text so far */

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = NULL;
      gint64 se[2];

      if (known && register_size > 0)
        name = entity_name (g_rand_int_range (rand, 0, register_size));
      else
        {
          /* Known names in an empty register: the ones a run of new names (called
           * first) has just added. */
          GString *s = g_string_new ("Newname ");
          append_word (s, 100000 + (rerun ? 500000 : 0) + i, 5);
          name = g_string_free (s, FALSE);
        }
      se[0] = chars;
      se[1] = se[0] + g_utf8_strlen (name, -1);
      chars = se[1] + 2;
      g_array_append_vals (spans, se, 1);
      g_string_append (text, name);
      g_string_append (text, ". ");
    }
  g_rand_free (rand);
  doc = gloss_store_add_document (store, known ? "Known names" : "New names", text->str, NULL, "txt", NULL, &error);
  g_assert_no_error (error);
  *linked = 0;
  for (guint i = 0; i < n; i++)
    {
      gint64 *se = &g_array_index (spans, gint64, i * 2);
      g_autoptr(GlossAnnotation) a = NULL;
      double t0 = now_s (), c0 = thread_cpu_s (), dt, dc;

      a = gloss_session_annotate (session, doc->id, person->id, se[0], se[1], NULL, &error);
      dc = thread_cpu_s () - c0;
      dt = now_s () - t0;
      g_assert_no_error (error);
      if (a->entity_id != NULL)
        (*linked)++;
      g_array_append_val (times, dt);
      g_array_append_val (cpu_times, dc);
    }
  *cpu_median = median (cpu_times);
  last_mean = 0;
  for (guint i = 0; i < times->len; i++)
    last_mean += g_array_index (times, double, i) / times->len;
  dt_p99 = median (times);  /* sorts */
  last_p99 = times->len ? g_array_index (times, double, MIN (times->len - 1, times->len * 99 / 100)) : 0;
  return dt_p99;
}

/* The baseline of a tag: one annotations row in a transaction of its own (BEGIN
 * IMMEDIATE, one prepared INSERT with a new UUID, quote, context and timestamps,
 * COMMIT), WAL, synchronous NORMAL, through a second connection to the project.
 * Median of @n. */
static double
raw_tag_median (const char *path, const char *label_id, guint n)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 doc_pk = 0, label_pk = 0;

  if (sqlite3_open (path, &db) != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (db));
  sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
  sqlite3_prepare_v2 (db, "SELECT (SELECT pk FROM documents ORDER BY pk LIMIT 1), (SELECT pk FROM labels WHERE id = ?1)",
                      -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, label_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      doc_pk = sqlite3_column_int64 (stmt, 0);
      label_pk = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_finalize (stmt);
  if (sqlite3_prepare_v2 (db,
        "INSERT INTO annotations (id, document, label, span_start, span_end, quote, prefix, suffix, "
        "created, modified) VALUES (?1, ?2, ?3, ?4, ?5, 'Kalo Mirantosel', 'Known names: Tovi Berda. ', "
        "'. Fengor Halne. Paqu', ?6, ?6)", -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (db));
  for (guint i = 0; i < n; i++)
    {
      double t0 = now_s (), dt;
      g_autofree char *uuid = g_uuid_string_random ();
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *stamp = g_date_time_format_iso8601 (now);

      sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, doc_pk);
      sqlite3_bind_int64 (stmt, 3, label_pk);
      sqlite3_bind_int64 (stmt, 4, i);
      sqlite3_bind_int64 (stmt, 5, i + 15);
      sqlite3_bind_text (stmt, 6, stamp, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_error ("%s", sqlite3_errmsg (db));
      sqlite3_reset (stmt);
      if (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        g_error ("%s", sqlite3_errmsg (db));
      dt = now_s () - t0;
      g_array_append_val (times, dt);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return median (times);
}

static char *
make_article (guint mb, guint n_entities, guint *n_names)
{
  GString *text = g_string_sized_new (mb * 1024 * 1024 + 1024);
  GRand *rand = g_rand_new_with_seed (2);
  guint words = 0;

  *n_names = 0;
  while (text->len < (gsize) mb * 1024 * 1024)
    {
      if (g_rand_int_range (rand, 0, 40) == 0)
        {
          guint i = g_rand_int_range (rand, 0, n_entities);
          g_autofree char *name = g_rand_boolean (rand) ? entity_name (i) : entity_alias (i);

          g_string_append (text, name);
          (*n_names)++;
        }
      else
        g_string_append (text, filler[g_rand_int_range (rand, 0, G_N_ELEMENTS (filler))]);
      words++;
      g_string_append (text, words % 100 == 0 ? ".\n\n" : " ");
    }
  g_rand_free (rand);
  return g_string_free (text, FALSE);
}

/* Tags in a copy of @path (a register-N.gloss of an earlier run's --dir): known
 * names are drawn from the register's generated entities (not the new names that
 * run's tags added). */
static int
tag_only (const char *path, int n_tags, gboolean new_only, gboolean known_only)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) from = g_file_new_for_path (path);
  g_autofree char *copy_path = g_strconcat (path, ".copy.gloss", NULL);
  g_autoptr(GFile) to = g_file_new_for_path (copy_path);
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GlossLabel) person = NULL;
  g_autoptr(GPtrArray) entities = NULL;
  double known, fresh, known_cpu, fresh_cpu, known_mean = 0, known_p99 = 0;
  guint linked = 0, linked_new = 0, register_size = 0;

  for (const char *suffix = "-wal"; suffix; suffix = g_str_equal (suffix, "-wal") ? "-shm" : NULL)
    {
      g_autofree char *side = g_strconcat (copy_path, suffix, NULL);
      g_unlink (side);
    }
  if (!g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
    g_error ("%s", error->message);
  store = gloss_store_open (copy_path, 0, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  person = gloss_store_find_label_by_name (store, "Person", &error);
  g_assert_no_error (error);
  entities = gloss_store_list_entities (store, person->id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entities->len; i++)
    if (!g_str_has_prefix (((GlossEntity *) entities->pdata[i])->name, "Newname "))
      register_size++;
  if (!new_only)
    {
      known = tag_median (store, person, register_size, n_tags, TRUE, TRUE, &linked, &known_cpu);
      known_mean = last_mean;
      known_p99 = last_p99;
    }
  else
    known = known_cpu = 0;
  if (!known_only)
    fresh = tag_median (store, person, register_size, n_tags, FALSE, TRUE, &linked_new, &fresh_cpu);
  else
    fresh = fresh_cpu = last_mean = last_p99 = 0;
  printf ("%u entities: tag known %.1f µs (%.1f), tag new %.1f µs (%.1f), linked %u/%d and %u/%d\n"
          "  mean (p99): known %.1f µs (%.0f), new %.1f µs (%.0f)\n",
          entities->len, known * 1e6, known_cpu * 1e6, fresh * 1e6, fresh_cpu * 1e6, linked, n_tags, linked_new,
          n_tags, known_mean * 1e6, known_p99 * 1e6, last_mean * 1e6, last_p99 * 1e6);
  g_clear_object (&store);
  for (const char *suffix = ""; suffix; suffix = *suffix == '\0' ? "-wal" : g_str_equal (suffix, "-wal") ? "-shm" : NULL)
    {
      g_autofree char *side = g_strconcat (copy_path, suffix, NULL);
      g_unlink (side);
    }
  return 0;
}

int
main (int argc, char **argv)
{
  g_autofree char *sizes_arg = NULL;
  g_autofree char *dir_arg = NULL;
  g_autofree char *project_arg = NULL;
  gboolean new_only = FALSE, known_only = FALSE;
  int article_mb = 2, n_tags = 200;
  GOptionEntry entries[] = {
    { "sizes", 0, 0, G_OPTION_ARG_STRING, &sizes_arg, "Register sizes (default 1000,10000,100000)", "N,N,..." },
    { "article-mb", 0, 0, G_OPTION_ARG_INT, &article_mb, "Size of the annotate-all article (default 2)", "MB" },
    { "tags", 0, 0, G_OPTION_ARG_INT, &n_tags, "Tags timed per register (default 200)", "N" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir_arg, "Where the projects go (default: a new temporary folder)", "DIR" },
    { "project", 0, 0, G_OPTION_ARG_FILENAME, &project_arg, "Only tag, in a copy of FILE (a register-N.gloss left in --dir)", "FILE" },
    { "new-only", 0, 0, G_OPTION_ARG_NONE, &new_only, "With --project: only new names", NULL },
    { "known-only", 0, 0, G_OPTION_ARG_NONE, &known_only, "With --project: only names in the register", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- entity register benchmark");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) sizes = NULL;
  g_autofree char *dir = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (project_arg != NULL)
    return tag_only (project_arg, n_tags, new_only, known_only);
  sizes = g_strsplit (sizes_arg ? sizes_arg : "1000,10000,100000", ",", -1);
  dir = dir_arg ? g_strdup (dir_arg) : g_dir_make_tmp ("gloss-bench-register-XXXXXX", &error);
  g_assert_no_error (error);

  printf ("Wall time, and CPU time of this process in brackets (the machine may be shared);\n"
          "for a tag, the median of each tag's own CPU time (user and system) in brackets.\n");
  printf ("Tagging is timed against a raw baseline measured on the same project: one row in a\n"
          "transaction of its own (raw µs); ratio = tag known / raw.\n");
  printf ("The register is imported from Gloss JSON into a new project, then that project is merged\n"
          "into another new one (gloss_merge, as `gloss-cli merge` does).\n");
  printf ("%-10s %20s %20s %16s %16s %10s %10s %8s\n", "entities", "import (s)", "merge (s)", "tag known (µs)",
          "tag new (µs)", "linked", "raw (µs)", "ratio");
  {
    /* The baseline: an empty register. */
    g_autoptr(GlossLabel) person = NULL;
    g_autoptr(GlossStore) store = new_project (dir, "empty.gloss", &person);
    guint linked = 0;
    double known_cpu, fresh_cpu;
    /* New names first, then the same names again: known in a register of @n_tags. */
    double fresh = tag_median (store, person, 0, n_tags, FALSE, FALSE, &linked, &fresh_cpu);
    double known = tag_median (store, person, 0, n_tags, TRUE, FALSE, &linked, &known_cpu);
    g_autofree char *path = g_build_filename (dir, "empty.gloss", NULL);
    double raw = raw_tag_median (path, person->id, n_tags);

    g_autofree char *k = g_strdup_printf ("%.1f (%.1f)", known * 1e6, known_cpu * 1e6);
    g_autofree char *f = g_strdup_printf ("%.1f (%.1f)", fresh * 1e6, fresh_cpu * 1e6);

    printf ("%-10u %20s %20s %16s %16s %6u/%u %10.1f %7.2fx\n", 0, "-", "-", k, f, linked, n_tags, raw * 1e6,
            known / raw);
    fflush (stdout);
  }
  for (guint s = 0; sizes[s]; s++)
    {
      guint n = (guint) g_ascii_strtoull (sizes[s], NULL, 10);
      g_autoptr(GlossLabel) person = NULL;
      g_autofree char *name = g_strdup_printf ("register-%u.gloss", n);
      g_autoptr(GlossStore) store = new_project (dir, name, &person);
      g_autoptr(GlossImportReport) report = gloss_import_report_new ();
      g_autofree char *json = NULL;
      g_autoptr(GString) check = g_string_new (NULL);
      gsize len = 0;
      double t0, c0, import_s, import_cpu, merge_s, merge_cpu, known, fresh, known_cpu, fresh_cpu;
      guint linked = 0, linked_new = 0;

      json = register_json (dir, n, person->id, &len);
      t0 = now_s ();
      c0 = cpu_s ();
      if (!gloss_json_import_data (store, json, len, "register.json", report, &error))
        g_error ("import: %s", error->message);
      import_s = now_s () - t0;
      import_cpu = cpu_s () - c0;
      g_assert_cmpuint (report->entities_added, ==, n);
      {
        /* Merged, before any tag: the register alone. */
        g_autoptr(GlossLabel) into_person = NULL;
        g_autofree char *into_name = g_strdup_printf ("merged-%u.gloss", n);
        g_autoptr(GlossStore) into = new_project (dir, into_name, &into_person);
        g_autoptr(GlossMergeReport) merged = gloss_merge_report_new ();
        g_autofree char *from = g_build_filename (dir, name, NULL);

        t0 = now_s ();
        c0 = cpu_s ();
        if (!gloss_merge (into, from, merged, &error))
          g_error ("merge: %s", error->message);
        merge_s = now_s () - t0;
        merge_cpu = cpu_s () - c0;
        g_assert_cmpuint (merged->added->len, >=, n);
      }
      known = tag_median (store, person, n, n_tags, TRUE, FALSE, &linked, &known_cpu);
      fresh = tag_median (store, person, n, n_tags, FALSE, FALSE, &linked_new, &fresh_cpu);
      /* Before the raw baseline's rows, which have no history and whose quotes need
       * not match the text. */
      g_assert_true (gloss_store_check (store, check, &error));
      {
        g_autofree char *times = g_strdup_printf ("%.3f (%.3f)", import_s, import_cpu);
        g_autofree char *merge_times = g_strdup_printf ("%.3f (%.3f)", merge_s, merge_cpu);
        g_autofree char *k = g_strdup_printf ("%.1f (%.1f)", known * 1e6, known_cpu * 1e6);
        g_autofree char *f = g_strdup_printf ("%.1f (%.1f)", fresh * 1e6, fresh_cpu * 1e6);
        g_autofree char *path = g_build_filename (dir, name, NULL);
        double raw = raw_tag_median (path, person->id, n_tags);

        printf ("%-10u %20s %20s %16s %16s %6u/%u %10.1f %7.2fx\n", n, times, merge_times, k, f, linked, n_tags,
                raw * 1e6, known / raw);
      }
      fflush (stdout);
    }

  {
    /* Annotate all mentions: 1,000 entities, one article. */
    const guint n = 1000;
    g_autoptr(GlossLabel) person = NULL;
    g_autoptr(GlossStore) store = new_project (dir, "article.gloss", &person);
    g_autoptr(GlossImportReport) report = gloss_import_report_new ();
    g_autofree char *json = NULL;
    g_autofree char *article = NULL;
    g_autoptr(GlossDocument) doc = NULL;
    g_autoptr(GPtrArray) found = NULL;
    g_autoptr(GPtrArray) created = NULL;
    gsize len = 0;
    guint n_names = 0;
    double t0, c0, find_s, annotate_s, find_cpu, annotate_cpu;

    json = register_json (dir, n, person->id, &len);
    g_assert_true (gloss_json_import_data (store, json, len, "register.json", report, &error));
    g_assert_no_error (error);
    article = make_article (article_mb, n, &n_names);
    doc = gloss_store_add_document (store, "Article", article, NULL, "txt", NULL, &error);
    g_assert_no_error (error);
    t0 = now_s ();
    c0 = cpu_s ();
    found = gloss_store_find_all_unannotated_mentions (store, NULL, doc->id, &error);
    find_s = now_s () - t0;
    find_cpu = cpu_s () - c0;
    g_assert_no_error (error);
    t0 = now_s ();
    c0 = cpu_s ();
    created = gloss_store_annotate_mentions (store, NULL, found, "bench", &error);
    annotate_s = now_s () - t0;
    annotate_cpu = cpu_s () - c0;
    g_assert_no_error (error);
    printf ("\nannotate all mentions of %u entities over a %d MB article (%u names placed):\n", n, article_mb, n_names);
    printf ("  find   %8.3f s (%.3f)  %u mentions\n", find_s, find_cpu, found->len);
    printf ("  write  %8.3f s (%.3f)  %u annotations, one transaction\n", annotate_s, annotate_cpu, created->len);
    printf ("  total  %8.3f s (%.3f)\n", find_s + annotate_s, find_cpu + annotate_cpu);
  }

  if (dir_arg == NULL)
    {
      g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
      const char *child;

      while (d && (child = g_dir_read_name (d)))
        {
          g_autofree char *path = g_build_filename (dir, child, NULL);
          g_unlink (path);
        }
      g_rmdir (dir);
    }
  return 0;
}

/* test-brat.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-brat"

#include <string.h>
#include <glib/gstdio.h>

#include "gloss-brat.h"
#include "gloss-entities.h"
#include "gloss-json.h"
#include "gloss-project.h"
#include "gloss-store.h"

typedef struct {
  char       *dir;
  GlossStore *store;
  char       *doc_id;
} Fixture;

/* An emoji before the spans (code points, not bytes or UTF-16 units), CJK, curly
 * quotes, overlapping spans and a span across a line break. */
static const char text1[] =
  "Intro 🚢 ship: Zoë met 港口 officials.\nThey said “no deal” today.\n\nSecond para.";
static const char text2[] = "Grain prices rose in Ostrava.";
static const char hostile_note[] = "tab\there\nnewline <script>alert(1)</script> \"quotes\"";

static void
annotate (GlossStore *store, const char *doc_id, const char *text, const char *quote,
          const char *label_name, const char *note)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossLabel) label = gloss_store_find_label_by_name (store, label_name, &error);
  g_autoptr(GlossAnnotation) a = NULL;
  const char *at = strstr (text, quote);
  gint64 start;

  g_assert_no_error (error);
  g_assert_nonnull (at);
  start = g_utf8_pointer_to_offset (text, at);
  a = gloss_store_add_annotation (store, doc_id, label->id, start, start + g_utf8_strlen (quote, -1),
                                  note, "Ana Ruiz", &error);
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossDocument) d1 = NULL;
  g_autoptr(GlossDocument) d2 = NULL;
  g_autoptr(GlossLabel) extra = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("gloss-test-brat-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "a.gloss", NULL);
  f->store = gloss_project_create (path, "A", 0, &error);
  g_assert_no_error (error);
  d1 = gloss_store_add_document (f->store, "</title><script>alert(1)</script>&amp;", text1, NULL, "txt", NULL, &error);
  g_assert_no_error (error);
  d2 = gloss_store_add_document (f->store, "Grain", text2, NULL, "txt", NULL, &error);
  g_assert_no_error (error);
  extra = gloss_store_add_label (f->store, "Key point", GLOSS_LABEL_KIND_TAG, "#986a44", NULL, NULL, &error);
  g_assert_no_error (error);
  f->doc_id = g_strdup (d1->id);

  annotate (f->store, d1->id, text1, "Zoë", "Person", hostile_note);
  annotate (f->store, d1->id, text1, "港口 officials", "Organization", "CJK note");
  annotate (f->store, d1->id, text1, "港口", "Location", NULL);
  annotate (f->store, d1->id, text1, "officials.\nThey", "Claim", NULL);
  annotate (f->store, d1->id, text1, "“no deal”", "Claim", NULL);
  annotate (f->store, d1->id, text1, "Second para", "Key point", NULL);
  annotate (f->store, d2->id, text2, "Ostrava", "Location", NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
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
  g_free (f->doc_id);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static char *
export_json (GlossStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  g_assert_true (gloss_json_export (store, NULL, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, NULL));
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static GlossStore *
empty_project (Fixture *f, const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  GlossStore *store = gloss_project_create (path, NULL, GLOSS_PROJECT_CREATE_NO_CODEBOOK, &error);

  g_assert_no_error (error);
  return store;
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  g_assert_true (g_file_get_contents (path, &data, NULL, &error));
  g_assert_no_error (error);
  return data;
}

/* The file in @dir whose .txt holds @text, with its extension replaced by @suffix. */
static char *
find_export (const char *dir, const char *text, const char *suffix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *data = NULL;

      if (!g_str_has_suffix (name, ".txt"))
        continue;
      data = read_file (path);
      if (g_str_equal (data, text))
        {
          path[strlen (path) - 4] = '\0';
          return g_strconcat (path, suffix, NULL);
        }
    }
  return NULL;
}

static gboolean
has_warning (GPtrArray *warnings, const char *part)
{
  for (guint i = 0; i < warnings->len; i++)
    if (strstr (warnings->pdata[i], part))
      return TRUE;
  return FALSE;
}

static void
test_export_lines (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = g_build_filename (f->dir, "out", NULL);
  g_autofree char *ann_path = NULL;
  g_autofree char *txt_path = NULL;
  g_autofree char *ann = NULL;
  g_autofree char *txt = NULL;
  g_autofree char *conf_path = g_build_filename (out, "annotation.conf", NULL);
  g_autofree char *conf = NULL;
  g_autofree char *base = NULL;

  g_assert_true (gloss_brat_export (f->store, NULL, out, warnings, NULL, &error));
  g_assert_no_error (error);

  ann_path = find_export (out, text1, ".ann");
  g_assert_nonnull (ann_path);
  txt_path = find_export (out, text1, ".txt");
  base = g_path_get_basename (txt_path);
  /* A safe slug of the hostile title plus a short id. */
  g_assert_true (g_str_has_prefix (base, "title-script-alert-1-script-amp-"));
  txt = read_file (txt_path);
  g_assert_cmpstr (txt, ==, text1);
  ann = read_file (ann_path);
  g_assert_cmpstr (ann, ==,
                   "T1\tPerson 14 17\tZoë\n"
                   "T2\tLocation 22 24\t港口\n"
                   "T3\tOrganization 22 34\t港口 officials\n"
                   "T4\tClaim 25 35;36 40\tofficials. They\n"
                   "T5\tClaim 46 55\t“no deal”\n"
                   "T6\tKey_point 64 75\tSecond para\n"
                   "#1\tAnnotatorNotes T1\ttab here newline <script>alert(1)</script> \"quotes\"\n"
                   "#2\tAnnotatorNotes T3\tCJK note\n");
  conf = read_file (conf_path);
  g_assert_nonnull (strstr (conf, "[entities]"));
  g_assert_nonnull (strstr (conf, "\nKey_point\n"));
  g_assert_nonnull (strstr (conf, "[relations]"));
  g_assert_nonnull (strstr (conf, "[events]"));
  g_assert_nonnull (strstr (conf, "[attributes]"));
  g_assert_true (has_warning (warnings, "“Key point” is written as “Key_point”"));
  g_assert_true (has_warning (warnings, "line breaks and tabs in notes"));
  g_assert_true (gloss_brat_sniff (out));

  /* Exporting again over the earlier export replaces it. */
  g_assert_true (gloss_brat_export (f->store, NULL, out, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_export_refuses_foreign_folder (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = g_build_filename (f->dir, "busy", NULL);
  g_autofree char *other = g_build_filename (out, "thesis.odt", NULL);

  g_assert_cmpint (g_mkdir (out, 0755), ==, 0);
  g_assert_true (g_file_set_contents (other, "x", 1, NULL));
  g_assert_false (gloss_brat_export (f->store, NULL, out, NULL, NULL, &error));
  g_assert_error (error, GLOSS_BRAT_ERROR, GLOSS_BRAT_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "thesis.odt"));
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
}

/* "text|label|start|end|quote|note" lines of a project, sorted, to compare two projects. */
static char *
describe (GlossStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = gloss_store_list_documents (store, &error);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GString *s = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < docs->len; i++)
    {
      GlossDocument *d = docs->pdata[i];
      g_autoptr(GlossDocument) full = gloss_store_get_document (store, d->id, &error);
      g_autoptr(GPtrArray) anns = gloss_store_list_annotations (store, d->id, &error);

      g_assert_no_error (error);
      for (guint j = 0; j < anns->len; j++)
        {
          GlossAnnotation *a = anns->pdata[j];
          g_autofree char *label = g_strdup (a->label_name);

          g_strdelimit (label, " ", '_');
          g_ptr_array_add (lines, g_strdup_printf ("%.12s|%s|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%s|%s",
                                                   full->text, label, a->start, a->end, a->quote,
                                                   a->note ? a->note : ""));
        }
    }
  g_ptr_array_sort (lines, compare_strings);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (s, "%s\n", (char *) lines->pdata[i]);
  return g_string_free (s, FALSE);
}

static void
check_reimport (Fixture *f, const char *out, const char *project)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) fresh = empty_project (f, project);
  g_autoptr(GlossImportReport) report = gloss_import_report_new ();
  g_autoptr(GPtrArray) anns = NULL;
  g_autoptr(GlossLabel) org = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  gboolean saw_hostile = FALSE, saw_newline_span = FALSE;

  g_assert_true (gloss_brat_sniff (out));
  g_assert_true (gloss_brat_import (fresh, out, report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->documents_added, ==, 2);
  g_assert_cmpuint (report->annotations_added, ==, 7);

  docs = gloss_store_list_documents (fresh, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, 2);
  /* Entity kinds come from [entities] in annotation.conf. */
  org = gloss_store_find_label_by_name (fresh, "Organization", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (org->kind, ==, GLOSS_LABEL_KIND_ENTITY);

  anns = gloss_store_list_annotations (fresh, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < anns->len; i++)
    {
      GlossAnnotation *a = anns->pdata[i];

      if (g_strcmp0 (a->note, "tab here newline <script>alert(1)</script> \"quotes\"") == 0)
        {
          g_assert_cmpstr (a->quote, ==, "Zoë");
          g_assert_cmpint (a->start, ==, 14);
          saw_hostile = TRUE;
        }
      /* The fragments around the line break read back as one span. */
      if (g_str_equal (a->quote, "officials.\nThey"))
        {
          g_assert_cmpstr (a->label_name, ==, "Claim");
          saw_newline_span = TRUE;
        }
    }
  g_assert_true (saw_hostile);
  g_assert_true (saw_newline_span);

  /* The same spans, labels (spaces as underscores) and notes (on one line) as the source. */
  {
    g_autofree char *mine = describe (f->store);
    g_autofree char *theirs = describe (fresh);
    g_autofree char *expected = NULL;
    GString *s = g_string_new (mine);

    g_string_replace (s, "tab\there\nnewline", "tab here newline", 0);
    expected = g_string_free (s, FALSE);
    g_assert_cmpstr (theirs, ==, expected);
  }

  /* Importing the same export again adds nothing. */
  {
    g_autoptr(GlossImportReport) again = gloss_import_report_new ();

    g_assert_true (gloss_brat_import (fresh, out, again, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (again->documents_added, ==, 0);
    g_assert_cmpuint (again->documents_matched, ==, 2);
    g_assert_cmpuint (again->annotations_added, ==, 0);
    g_assert_cmpuint (again->annotations_present, ==, 7);
  }
}

static void
test_import_folder (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = g_build_filename (f->dir, "out", NULL);

  g_assert_true (gloss_brat_export (f->store, NULL, out, NULL, NULL, &error));
  g_assert_no_error (error);
  check_reimport (f, out, "b.gloss");
}

static void
test_zip (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = g_build_filename (f->dir, "out.zip", NULL);
  g_autofree char *head = NULL;

  g_assert_true (gloss_brat_export (f->store, NULL, out, NULL, NULL, &error));
  g_assert_no_error (error);
  head = read_file (out);
  g_assert_true (memcmp (head, "PK\003\004", 4) == 0);
  check_reimport (f, out, "c.gloss");
}

static void
test_scope (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossScope) scope = gloss_scope_new ();
  g_autofree char *out = g_build_filename (f->dir, "scoped", NULL);
  g_autofree char *ann_path = NULL;
  g_autofree char *ann = NULL;
  g_autoptr(GDir) dir = NULL;
  guint n_txt = 0;
  const char *name;

  scope->document_ids = g_new0 (char *, 2);
  scope->document_ids[0] = g_strdup (f->doc_id);
  scope->label_names = g_new0 (char *, 2);
  scope->label_names[0] = g_strdup ("claim");
  g_assert_true (gloss_brat_export (f->store, scope, out, NULL, NULL, &error));
  g_assert_no_error (error);
  dir = g_dir_open (out, 0, NULL);
  while ((name = g_dir_read_name (dir)))
    n_txt += g_str_has_suffix (name, ".txt");
  g_assert_cmpuint (n_txt, ==, 1);
  ann_path = find_export (out, text1, ".ann");
  ann = read_file (ann_path);
  g_assert_cmpstr (ann, ==, "T1\tClaim 25 35;36 40\tofficials. They\nT2\tClaim 46 55\t“no deal”\n");
}

/* ---- malformed input ---- */

typedef struct {
  const char *ann;
  const char *message_part;
  int         code;
} BadCase;

static void
test_malformed (Fixture *f, gconstpointer data)
{
  static const BadCase cases[] = {
    { "T1\tPerson 14 17\tZoë\nT2\tPerson 70 99\tpara.\n", "line 2", GLOSS_BRAT_ERROR_INVALID },
    { "T1\tPerson 14 17\tZoe\n", "line 1: the text of T1 is “Zoe”", GLOSS_BRAT_ERROR_INVALID },
    { "T1\tPerson 14 17\tZoë\n\nX1\tfoo\n", "line 3: unknown line type", GLOSS_BRAT_ERROR_SYNTAX },
    { "T1\tPerson 14 x\tZoë\n", "line 1", GLOSS_BRAT_ERROR_SYNTAX },
    { "T1\tPerson 14 17\tZoë\nR1\tFamily Arg1:T1 Arg2:T9\t\n", "line 2: R1 refers to T9", GLOSS_BRAT_ERROR_INVALID },
    { "T1\tPerson 14 17\tZoë\nA1\tNegation\n", "line 2", GLOSS_BRAT_ERROR_SYNTAX },
    { "T1\tPerson 14 17\tZoë\nT1\tPerson 14 17\tZoë\n", "used twice", GLOSS_BRAT_ERROR_INVALID },
  };
  g_autofree char *before = export_json (f->store);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("bad%u", i);
      g_autofree char *dir = g_build_filename (f->dir, name, NULL);
      g_autofree char *good_txt = g_build_filename (dir, "a-good.txt", NULL);
      g_autofree char *good_ann = g_build_filename (dir, "a-good.ann", NULL);
      g_autofree char *txt = g_build_filename (dir, "z-bad.txt", NULL);
      g_autofree char *ann = g_build_filename (dir, "z-bad.ann", NULL);
      g_autofree char *after = NULL;
      /* A new document in a valid pair read first: the import must undo it too. */
      static const char good_text[] = "A brand new text about Ostrava.";

      g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
      g_assert_true (g_file_set_contents (good_txt, good_text, -1, NULL));
      g_assert_true (g_file_set_contents (good_ann, "T1\tPlace 23 30\tOstrava\n", -1, NULL));
      g_assert_true (g_file_set_contents (txt, text1, -1, NULL));
      g_assert_true (g_file_set_contents (ann, cases[i].ann, -1, NULL));

      g_assert_false (gloss_brat_import (f->store, dir, NULL, &error));
      g_assert_error (error, GLOSS_BRAT_ERROR, cases[i].code);
      g_test_message ("case %u: %s", i, error->message);
      g_assert_nonnull (strstr (error->message, "z-bad.ann"));
      g_assert_nonnull (strstr (error->message, cases[i].message_part));
      after = export_json (f->store);
      g_assert_cmpstr (after, ==, before);
    }
}

/* ---- refdata round trip ---- */

/* What an id stands for, independent of numbering: a span by its type, offsets and
 * text, an event by its trigger, a relation by its type and arguments. */
static char *
canon_ref (GHashTable *lines, const char *id, guint depth)
{
  char **fields = g_hash_table_lookup (lines, id);

  g_assert_nonnull (fields);
  g_assert_cmpuint (depth, <, 8);
  if (id[0] == 'T')
    return g_strdup_printf ("T[%s|%s]", fields[1], fields[2]);
  if (id[0] == 'E')
    {
      g_auto(GStrv) tokens = g_strsplit (fields[1], " ", -1);
      const char *colon = strchr (tokens[0], ':');
      g_autofree char *trigger = canon_ref (lines, colon + 1, depth + 1);
      return g_strdup_printf ("E[%.*s:%s]", (int) (colon - tokens[0]), tokens[0], trigger);
    }
  if (id[0] == 'R')
    {
      g_auto(GStrv) tokens = g_strsplit (fields[1], " ", -1);
      GString *s = g_string_new ("R[");

      g_string_append (s, tokens[0]);
      for (guint i = 1; tokens[i]; i++)
        {
          const char *colon = strchr (tokens[i], ':');
          g_autofree char *arg = canon_ref (lines, colon + 1, depth + 1);
          g_string_append_printf (s, " %.*s:%s", (int) (colon - tokens[i]), tokens[i], arg);
        }
      g_string_append_c (s, ']');
      return g_string_free (s, FALSE);
    }
  g_assert_not_reached ();
  return NULL;
}

/* The set of an .ann file's lines with every id replaced by what it stands for. */
static GHashTable *
canon_ann (const char *path)
{
  g_autofree char *data = read_file (path);
  g_auto(GStrv) raw = g_strsplit (data, "\n", -1);
  g_autoptr(GHashTable) lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; raw[i]; i++)
    {
      char **fields;

      if (raw[i][0] == '\0')
        continue;
      fields = g_strsplit (raw[i], "\t", 3);
      g_ptr_array_add (order, fields);
      if (fields[0][0] != '#' && fields[0][0] != '*')
        g_hash_table_insert (lines, g_strdup (fields[0]), fields);
    }
  for (guint i = 0; i < order->len; i++)
    {
      char **fields = order->pdata[i];
      g_auto(GStrv) tokens = g_strsplit (fields[1], " ", -1);
      char kind = fields[0][0] == 'M' ? 'A' : fields[0][0];
      char *canon = NULL;

      switch (kind)
        {
        case 'T':
        case 'R':
          canon = canon_ref (lines, fields[0], 0);
          break;
        case 'E':
          {
            g_autofree char *ref = canon_ref (lines, fields[0], 0);
            GString *s = g_string_new (ref);

            for (guint a = 1; tokens[a]; a++)
              {
                const char *colon = strchr (tokens[a], ':');
                g_autofree char *arg = canon_ref (lines, colon + 1, 0);
                g_string_append_printf (s, " %.*s:%s", (int) (colon - tokens[a]), tokens[a], arg);
              }
            canon = g_string_free (s, FALSE);
          }
          break;
        case 'A':
          {
            g_autofree char *target = canon_ref (lines, tokens[1], 0);
            canon = g_strdup_printf ("A %s %s %s", tokens[0], target, tokens[2] ? tokens[2] : "");
          }
          break;
        case 'N':
          {
            g_autofree char *target = canon_ref (lines, tokens[1], 0);
            canon = g_strdup_printf ("N %s %s %s|%s", tokens[0], target, tokens[2], fields[2]);
          }
          break;
        case '#':
          {
            g_autofree char *target = canon_ref (lines, tokens[1], 0);
            canon = g_strdup_printf ("# %s|%s", target, fields[2] ? fields[2] : "");
          }
          break;
        case '*':
          {
            g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_free);
            GString *s = g_string_new ("* ");

            for (guint a = 1; tokens[a]; a++)
              g_ptr_array_add (members, canon_ref (lines, tokens[a], 0));
            g_ptr_array_sort (members, compare_strings);
            g_string_append (s, tokens[0]);
            for (guint a = 0; a < members->len; a++)
              g_string_append_printf (s, " %s", (char *) members->pdata[a]);
            canon = g_string_free (s, FALSE);
          }
          break;
        default:
          g_assert_not_reached ();
        }
      g_hash_table_add (set, canon);
    }
  return set;
}

static guint
compare_sets (GHashTable *original, GHashTable *exported, const char *name)
{
  GHashTableIter iter;
  gpointer key;
  guint differences = 0;

  g_hash_table_iter_init (&iter, original);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (exported, key))
      {
        g_test_message ("%s: missing after round trip: %s", name, (char *) key);
        differences++;
      }
  g_hash_table_iter_init (&iter, exported);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (original, key))
      {
        g_test_message ("%s: extra after round trip: %s", name, (char *) key);
        differences++;
      }
  return differences;
}

static void
round_trip_corpus (Fixture *f, const char *corpus, gboolean zip)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *src = g_build_filename (g_getenv ("GLOSS_SOURCE_ROOT"), "..", "shared", "refdata", "brat", corpus, NULL);
  g_autofree char *project = g_strconcat (corpus, ".gloss", NULL);
  g_autofree char *out = g_build_filename (f->dir, corpus, NULL);
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GlossImportReport) report = gloss_import_report_new ();
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n_files = 0, n_lines = 0;

  if (!g_file_test (src, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("refdata/brat is not here (../shared/refdata next to the project)");
      return;
    }
  store = empty_project (f, project);
  g_assert_true (gloss_brat_sniff (src));
  g_assert_true (gloss_brat_import (store, src, report, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < report->notes->len; i++)
    g_test_message ("%s: %s", corpus, (char *) report->notes->pdata[i]);
  g_test_message ("%s: %u relations, %u fields, %u entities added", corpus, report->relations_added,
                  report->fields_added, report->entities_added);
  /* The lines Gloss has a place for become its own structures (the rest is kept in
   * notes): news-tutorial's four span-to-span relations that no note hangs on, its
   * span attributes (Individual, a yes/no field; Mention, a choice) and its one
   * normalisation; gum-wikinews's normalisations, three distinct entities linked from
   * seven spans. */
  if (g_str_equal (corpus, "news-tutorial"))
    {
      g_assert_cmpuint (report->relations_added, ==, 4);
      g_assert_cmpuint (report->fields_added, ==, 2);
      g_assert_cmpuint (report->entities_added, ==, 1);
    }
  else if (g_str_equal (corpus, "gum-wikinews"))
    {
      g_autoptr(GPtrArray) entities = gloss_store_list_entities (store, NULL, &error);
      guint mentions = 0;

      g_assert_no_error (error);
      g_assert_cmpuint (report->entities_added, ==, 3);
      for (guint i = 0; i < entities->len; i++)
        mentions += ((GlossEntity *) entities->pdata[i])->n_mentions;
      g_assert_cmpuint (mentions, ==, 7);
    }
  g_assert_true (gloss_brat_export (store, NULL, out, warnings, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < warnings->len; i++)
    g_test_message ("%s warning: %s", corpus, (char *) warnings->pdata[i]);

  dir = g_dir_open (src, 0, NULL);
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *ann = NULL;
      g_autofree char *txt = NULL;
      g_autofree char *text = NULL;
      g_autofree char *exported = NULL;
      g_autoptr(GHashTable) a = NULL;
      g_autoptr(GHashTable) b = NULL;

      if (!g_str_has_suffix (name, ".ann"))
        continue;
      ann = g_build_filename (src, name, NULL);
      txt = g_strdup (ann);
      memcpy (txt + strlen (txt) - 3, "txt", 3);
      text = read_file (txt);
      exported = find_export (out, text, ".ann");
      g_assert_nonnull (exported);
      a = canon_ann (ann);
      b = canon_ann (exported);
      g_assert_cmpuint (compare_sets (a, b, name), ==, 0);
      n_files++;
      n_lines += g_hash_table_size (a);
    }
  g_test_message ("%s: %u files, %u distinct lines equal after import and export", corpus, n_files, n_lines);
  g_assert_cmpuint (n_files, >, 0);
  (void) zip;
}

static void
test_refdata_news (Fixture *f, gconstpointer data)
{
  round_trip_corpus (f, "news-tutorial", FALSE);
}

static void
test_refdata_gum (Fixture *f, gconstpointer data)
{
  round_trip_corpus (f, "gum-wikinews", FALSE);
}

static void
test_discontinuous (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossStore) store = empty_project (f, "d.gloss");
  g_autoptr(GlossImportReport) report = gloss_import_report_new ();
  g_autofree char *dir = g_build_filename (f->dir, "disc", NULL);
  g_autofree char *txt = g_build_filename (dir, "d.txt", NULL);
  g_autofree char *ann = g_build_filename (dir, "d.ann", NULL);
  g_autoptr(GPtrArray) anns = NULL;

  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  /* Words between the fragments: one annotation each; only a line break: one. */
  g_assert_true (g_file_set_contents (txt, "North and South America\nNew\nYork", -1, NULL));
  g_assert_true (g_file_set_contents (ann,
                                      "T1\tLocation 0 5;16 23\tNorth America\n"
                                      "T2\tLocation 24 27;28 32\tNew York\n"
                                      "#1\tAnnotatorNotes T1\tcontinent\n", -1, NULL));
  g_assert_true (gloss_brat_import (store, dir, report, &error));
  g_assert_no_error (error);
  anns = gloss_store_list_annotations (store, NULL, &error);
  g_assert_cmpuint (anns->len, ==, 3);
  g_assert_cmpstr (((GlossAnnotation *) anns->pdata[0])->quote, ==, "North");
  g_assert_cmpstr (((GlossAnnotation *) anns->pdata[0])->note, ==, "continent");
  g_assert_cmpstr (((GlossAnnotation *) anns->pdata[1])->quote, ==, "America");
  g_assert_cmpstr (((GlossAnnotation *) anns->pdata[2])->quote, ==, "New\nYork");
  g_assert_cmpuint (report->notes->len, >=, 2);
  g_assert_nonnull (strstr (report->notes->pdata[0], "one per fragment"));
  g_assert_nonnull (strstr (report->notes->pdata[1], "as one annotation"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/brat/export-lines", Fixture, NULL, fixture_setup, test_export_lines, fixture_teardown);
  g_test_add ("/brat/export-refuses-foreign-folder", Fixture, NULL, fixture_setup,
              test_export_refuses_foreign_folder, fixture_teardown);
  g_test_add ("/brat/scope", Fixture, NULL, fixture_setup, test_scope, fixture_teardown);
  g_test_add ("/brat/import-folder", Fixture, NULL, fixture_setup, test_import_folder, fixture_teardown);
  g_test_add ("/brat/zip", Fixture, NULL, fixture_setup, test_zip, fixture_teardown);
  g_test_add ("/brat/discontinuous", Fixture, NULL, fixture_setup, test_discontinuous, fixture_teardown);
  g_test_add ("/brat/malformed", Fixture, NULL, fixture_setup, test_malformed, fixture_teardown);
  g_test_add ("/brat/refdata/news-tutorial", Fixture, NULL, fixture_setup, test_refdata_news, fixture_teardown);
  g_test_add ("/brat/refdata/gum-wikinews", Fixture, NULL, fixture_setup, test_refdata_gum, fixture_teardown);
  return g_test_run ();
}

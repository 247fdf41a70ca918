/* bench-articles.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Article extraction benchmark: runs Gloss's HTML importer over the public
 * article-extraction benchmark (181 real news pages with a hand-checked article
 * body each; ../shared/refdata/article-extraction by default) and scores it with
 * the benchmark's own evaluate.py. The folder is copied to a temporary one, Gloss's
 * output goes in output/gloss.json beside the published outputs of the other
 * extractors, and evaluate.py prints every row. Then: how many pages got a title,
 * author, date and publisher from the page's markup, and the pages per second of
 * the importer alone (decompression and scoring not counted); last, whether those
 * are right: bench/article-metadata.py reads every page again with Python's own
 * HTML parser and compares Gloss's title, author and date with what the page
 * declares, on the pages that declare them.
 *
 *   bench-articles [FOLDER] [--keep DIR] [--bootstrap N]
 *
 * --keep DIR also writes gloss.json and a per-page metadata file (gloss-meta.json)
 * into DIR, for looking at single pages. Skips (exit 77 and a message) when the
 * folder is absent. Not a test: `meson test --benchmark bench-articles` runs it.
 */
#define G_LOG_DOMAIN "bench-articles"

#include <stdio.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gloss-import.h"

static GBytes *
read_gzip (const char *path, GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GInputStream) raw = NULL;
  g_autoptr(GZlibDecompressor) gz = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GOutputStream) out = NULL;

  raw = G_INPUT_STREAM (g_file_read (file, NULL, error));
  if (raw == NULL)
    return NULL;
  gz = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  in = g_converter_input_stream_new (raw, G_CONVERTER (gz));
  out = g_memory_output_stream_new_resizable ();
  if (g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                              NULL, error) < 0)
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static gboolean
copy_file (const char *from, const char *to, GError **error)
{
  g_autoptr(GFile) a = g_file_new_for_path (from);
  g_autoptr(GFile) b = g_file_new_for_path (to);

  return g_file_copy (a, b, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

static gboolean
write_json (JsonBuilder *builder, const char *path, GError **error)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_file (gen, path, error);
}

static gboolean
filled (const char *s)
{
  return s != NULL && *s != '\0';
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

int
main (int argc, char **argv)
{
  g_autofree char *folder = NULL;
  g_autofree char *keep = NULL;
  int bootstrap = 1000;
  g_autofree char *html_dir = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) out = json_builder_new ();
  g_autoptr(JsonBuilder) meta = json_builder_new ();
  g_autofree char *tmp = NULL;
  g_autofree char *out_dir = NULL;
  g_autofree char *gloss_json = NULL;
  const char *name;
  guint refused = 0, n_title = 0, n_author = 0, n_date = 0, n_publisher = 0, n_url = 0, n_fallback = 0;
  double seconds = 0, slowest = 0;
  gsize bytes = 0, slowest_bytes = 0;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--keep") && i + 1 < argc)
        keep = g_strdup (argv[++i]);
      else if (g_str_equal (argv[i], "--bootstrap") && i + 1 < argc)
        bootstrap = atoi (argv[++i]);
      else if (folder == NULL)
        folder = g_strdup (argv[i]);
      else
        {
          g_printerr ("usage: bench-articles [FOLDER] [--keep DIR] [--bootstrap N]\n");
          return 2;
        }
    }
  if (folder == NULL)
    folder = g_strdup (g_getenv ("GLOSS_ARTICLE_BENCHMARK"));
  if (folder == NULL)
    folder = g_build_filename (GLOSS_SOURCE_ROOT, "..", "shared", "refdata", "article-extraction", NULL);

  html_dir = g_build_filename (folder, "html", NULL);
  dir = g_dir_open (html_dir, 0, NULL);
  if (dir == NULL)
    {
      g_print ("SKIP: no article-extraction benchmark at %s (give its folder as the argument or in "
               "GLOSS_ARTICLE_BENCHMARK).\n", folder);
      return 77;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".html.gz"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  json_builder_begin_object (out);
  json_builder_begin_object (meta);
  for (guint i = 0; i < names->len; i++)
    {
      const char *file = names->pdata[i];
      g_autofree char *path = g_build_filename (html_dir, file, NULL);
      g_autofree char *id = g_strndup (file, strlen (file) - strlen (".html.gz"));
      g_autoptr(GBytes) page = read_gzip (path, &error);
      g_autoptr(GlossImportedText) text = NULL;
      g_autoptr(GError) import_error = NULL;
      gint64 t0, t1;
      double s;

      if (page == NULL)
        {
          g_printerr ("%s: %s\n", path, error->message);
          return 1;
        }
      t0 = g_get_monotonic_time ();
      text = gloss_import_read_bytes (g_bytes_get_data (page, NULL), g_bytes_get_size (page), "html",
                                      file, &import_error);
      t1 = g_get_monotonic_time ();
      s = (t1 - t0) / 1e6;
      seconds += s;
      bytes += g_bytes_get_size (page);
      if (s > slowest)
        {
          slowest = s;
          slowest_bytes = g_bytes_get_size (page);
        }

      json_builder_set_member_name (out, id);
      json_builder_begin_object (out);
      json_builder_set_member_name (out, "articleBody");
      json_builder_add_string_value (out, text != NULL ? text->text : "");
      json_builder_end_object (out);

      if (text == NULL)
        {
          refused++;
          g_print ("refused: %s: %s\n", id, import_error->message);
          continue;
        }
      n_title += filled (text->title);
      n_author += filled (text->author);
      n_date += filled (text->published);
      n_publisher += filled (text->publisher);
      n_url += filled (text->url);
      n_fallback += text->warning != NULL && strstr (text->warning, "visible text") != NULL;

      json_builder_set_member_name (meta, id);
      json_builder_begin_object (meta);
#define META(field) json_builder_set_member_name (meta, #field); \
      if (text->field != NULL) json_builder_add_string_value (meta, text->field); else json_builder_add_null_value (meta)
      META (title);
      META (author);
      META (published);
      META (publisher);
      META (url);
      META (metadata);
      META (warning);
#undef META
      json_builder_end_object (meta);
    }
  json_builder_end_object (out);
  json_builder_end_object (meta);

  tmp = g_dir_make_tmp ("gloss-bench-articles-XXXXXX", &error);
  if (tmp == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  out_dir = g_build_filename (tmp, "output", NULL);
  g_mkdir (out_dir, 0700);
  {
    static const char * const copied[] = {
      "evaluate.py", "ground-truth.json", "output/readability_js.json", "output/rs_trafilatura.json",
      "output/trafilatura.json", NULL
    };

    for (guint i = 0; copied[i] != NULL; i++)
      {
        g_autofree char *from = g_build_filename (folder, copied[i], NULL);
        g_autofree char *to = g_build_filename (tmp, copied[i], NULL);

        if (!g_file_test (from, G_FILE_TEST_EXISTS))
          continue;
        if (!copy_file (from, to, &error))
          {
            g_printerr ("%s\n", error->message);
            remove_tree (tmp);
            return 1;
          }
      }
  }
  gloss_json = g_build_filename (out_dir, "gloss.json", NULL);
  if (!write_json (out, gloss_json, &error))
    {
      g_printerr ("%s\n", error->message);
      remove_tree (tmp);
      return 1;
    }
  if (keep != NULL)
    {
      g_autofree char *a = g_build_filename (keep, "gloss.json", NULL);
      g_autofree char *b = g_build_filename (keep, "gloss-meta.json", NULL);

      g_mkdir_with_parents (keep, 0700);
      if (!write_json (out, a, &error) || !write_json (meta, b, &error))
        g_printerr ("%s\n", error->message);
      g_clear_error (&error);
    }

  g_print ("Article extraction on %u pages (%s), scored by the benchmark's evaluate.py "
           "(%d bootstrap rounds):\n\n", names->len, folder, bootstrap);
  {
    g_autofree char *rounds = g_strdup_printf ("%d", bootstrap);
    const char *args[] = { "python3", "evaluate.py", "--n-bootstrap", rounds, NULL };
    g_autofree char *stdout_text = NULL;
    g_autofree char *stderr_text = NULL;
    int status = 0;
    g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "PYTHONIOENCODING", "utf-8", TRUE);

    if (!g_spawn_sync (tmp, (char **) args, env, G_SPAWN_SEARCH_PATH, NULL, NULL,
                       &stdout_text, &stderr_text, &status, &error) ||
        !g_spawn_check_wait_status (status, &error))
      {
        g_printerr ("evaluate.py failed: %s\n%s", error->message, stderr_text ? stderr_text : "");
        remove_tree (tmp);
        return 1;
      }
    /* Raw bytes: g_print would turn "±" into "?" in a C locale. */
    fputs (stdout_text, stdout);
    fputs ("\n", stdout);
  }
  g_print ("pages refused:          %u\n", refused);
  g_print ("fell back to all text:  %u\n", n_fallback);
  g_print ("title:                  %u of %u\n", n_title, names->len);
  g_print ("author:                 %u of %u\n", n_author, names->len);
  g_print ("date:                   %u of %u\n", n_date, names->len);
  g_print ("publisher:              %u of %u\n", n_publisher, names->len);
  g_print ("address:                %u of %u\n", n_url, names->len);
  g_print ("speed:                  %.1f pages/s, %.1f MB/s (%.1f MB in %.2f s; slowest page %.3f s, %.1f MB)\n",
           names->len / seconds, bytes / 1e6 / seconds, bytes / 1e6, seconds, slowest, slowest_bytes / 1e6);

  /* Right, not only filled: the pages read again by an independent script, on the
   * pages that declare each item. */
  {
    g_autofree char *meta_json = g_build_filename (tmp, "gloss-meta.json", NULL);
    g_autofree char *script = g_build_filename (GLOSS_SOURCE_ROOT, "bench", "article-metadata.py", NULL);
    const char *args[] = { "python3", script, folder, meta_json, NULL };
    g_autofree char *stdout_text = NULL;
    g_autofree char *stderr_text = NULL;
    int status = 0;

    g_print ("\n");
    if (!write_json (meta, meta_json, &error) ||
        !g_spawn_sync (NULL, (char **) args, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                       &stdout_text, &stderr_text, &status, &error) ||
        !g_spawn_check_wait_status (status, &error))
      g_printerr ("article-metadata.py failed: %s\n%s", error->message, stderr_text ? stderr_text : "");
    else
      fputs (stdout_text, stdout);
    g_clear_error (&error);
  }
  remove_tree (tmp);
  return 0;
}

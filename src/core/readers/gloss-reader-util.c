/* gloss-reader-util.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The zip reading (with bounded expansion), text tidying and metadata that the
 * document readers share.
 */
#define G_LOG_DOMAIN "gloss-readers"

#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <json-glib/json-glib.h>

#include "gloss-import.h"
#include "gloss-reader-util.h"

/* ------------------------------------------------------------------------ */
/* Zip entries with bounded expansion                                        */

struct _GlossZip {
  char       *subject;   /* "“report.docx”" */
  GHashTable *entries;   /* name -> GBytes */
};

void
gloss_zip_free (GlossZip *zip)
{
  if (zip == NULL)
    return;
  g_free (zip->subject);
  g_hash_table_unref (zip->entries);
  g_free (zip);
}

/* Pictures, fonts and sounds carry no text: their bytes are never unpacked. */
static gboolean
is_media (const char *name)
{
  static const char * const suffixes[] = {
    ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".svg", ".webp",
    ".ttf", ".otf", ".woff", ".woff2", ".odttf", ".mp3", ".mp4", ".wav", ".ogg", ".bin",
  };
  g_autofree char *lower = g_ascii_strdown (name, -1);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (lower, suffixes[i]))
      return TRUE;
  return FALSE;
}

/**
 * gloss_zip_open:
 *
 * Unpacks the text entries of the zip in @data into memory. The expansion is
 * bounded: past %GLOSS_READERS_MAX_EXPANDED bytes in all, or past 8 MiB and
 * %GLOSS_READERS_MAX_RATIO times the archive's size, it stops with
 * %GLOSS_IMPORT_ERROR_TOO_LARGE (a zip bomb does just that).
 */
GlossZip *
gloss_zip_open (const char  *data,
                gsize        len,
                const char  *name,
                GError     **error)
{
  g_autoptr(GlossZip) zip = g_new0 (GlossZip, 1);
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;
  guint64 total = 0;
  const guint64 ratio_cap = MAX ((guint64) 8 * 1024 * 1024, (guint64) len * GLOSS_READERS_MAX_RATIO);
  const guint64 cap = MIN ((guint64) GLOSS_READERS_MAX_EXPANDED, ratio_cap);
  int r;

  zip->subject = name ? g_strdup_printf ("“%s”", name) : g_strdup ("The archive");
  zip->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);

  archive_read_support_format_zip (a);
  if (archive_read_open_memory (a, data, len) != ARCHIVE_OK)
    goto broken;
  while ((r = archive_read_next_header (a, &entry)) == ARCHIVE_OK)
    {
      const char *path = archive_entry_pathname (entry);
      GByteArray *buf;
      char chunk[16384];
      la_ssize_t n;

      if (path == NULL || archive_entry_filetype (entry) != AE_IFREG)
        continue;
      while (*path == '/' || g_str_has_prefix (path, "./"))
        path += *path == '/' ? 1 : 2;
      if (*path == '\0' || is_media (path) || g_hash_table_contains (zip->entries, path))
        continue;

      buf = g_byte_array_new ();
      while ((n = archive_read_data (a, chunk, sizeof chunk)) > 0)
        {
          total += n;
          if (total > cap)
            {
              g_byte_array_unref (buf);
              archive_read_free (a);
              g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_TOO_LARGE,
                           "%s unpacks to more than %" G_GUINT64_FORMAT " MB (from %" G_GSIZE_FORMAT
                           " KB): Gloss stops there, as it may be a zip bomb.",
                           zip->subject, cap / (1024 * 1024), (len + 1023) / 1024);
              return NULL;
            }
          g_byte_array_append (buf, (const guint8 *) chunk, n);
        }
      if (n < 0)
        {
          g_byte_array_unref (buf);
          goto broken;
        }
      /* A NUL past the end, not counted, so the XML and HTML parsers can take the bytes as a string. */
      g_byte_array_append (buf, (const guint8 *) "", 1);
      {
        g_autoptr(GBytes) full = g_byte_array_free_to_bytes (buf);

        g_hash_table_insert (zip->entries, g_strdup (path),
                             g_bytes_new_from_bytes (full, 0, g_bytes_get_size (full) - 1));
      }
    }
  if (r != ARCHIVE_EOF)
    goto broken;
  archive_read_free (a);
  return g_steal_pointer (&zip);

broken:
  g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_FAILED,
               "%s is a damaged or truncated zip archive (%s).", zip->subject,
               archive_error_string (a) ? archive_error_string (a) : "unreadable");
  archive_read_free (a);
  return NULL;
}

gboolean
gloss_zip_has (GlossZip   *zip,
               const char *entry)
{
  return g_hash_table_contains (zip->entries, entry);
}

GBytes *
gloss_zip_read (GlossZip    *zip,
                const char  *entry,
                GError     **error)
{
  GBytes *bytes = g_hash_table_lookup (zip->entries, entry);

  if (bytes == NULL)
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_FAILED,
                   "%s has no “%s” inside: it is damaged or not what it seems.", zip->subject, entry);
      return NULL;
    }
  return g_bytes_ref (bytes);
}

/* ------------------------------------------------------------------------ */
/* Text and metadata                                                         */

char *
gloss_readers_tidy_text (GString *text)
{
  g_autofree char *normal = gloss_import_normalize_text (text->str, text->len);
  g_auto(GStrv) lines = g_strsplit (normal, "\n", -1);
  g_autoptr(GString) out = g_string_sized_new (strlen (normal));
  guint blank = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strchomp (lines[i]);
      if (lines[i][0] == '\0')
        {
          blank++;
          continue;
        }
      if (out->len > 0)
        g_string_append (out, blank > 0 ? "\n\n" : "\n");
      g_string_append (out, lines[i]);
      blank = 0;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ------------------------------------------------------------------------ */
/* Metadata                                                                  */

char *
gloss_readers_metadata_json (const char *first_key, ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  gboolean any = FALSE;
  va_list args;

  json_builder_begin_object (builder);
  va_start (args, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      if (value == NULL || *value == '\0' || !g_utf8_validate (value, -1, NULL))
        continue;
      json_builder_set_member_name (builder, key);
      json_builder_add_string_value (builder, value);
      any = TRUE;
    }
  va_end (args);
  json_builder_end_object (builder);
  if (!any)
    return NULL;
  root = json_builder_get_root (builder);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

char *
gloss_readers_metadata_merge (const char *a,
                              const char *b)
{
  g_autoptr(JsonObject) merged = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  const char *texts[] = { a, b };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *object;
      g_autoptr(GList) members = NULL;

      if (texts[i] == NULL || !json_parser_load_from_data (parser, texts[i], -1, NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        continue;
      object = json_node_get_object (json_parser_get_root (parser));
      members = json_object_get_members (object);
      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (merged, l->data, json_node_copy (json_object_get_member (object, l->data)));
    }
  if (json_object_get_size (merged) == 0)
    return NULL;
  json_node_set_object (root, merged);
  return json_to_string (root, FALSE);
}

/* gloss-store-originals.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rows of originals and document_originals (migration 8): each imported file's
 * bytes, once per SHA-256, gzip-compressed.
 */
#define G_LOG_DOMAIN "gloss-store"

#include <string.h>

#include "gloss-originals.h"
#include "gloss-store-private.h"
#include "gloss-util.h"

void
gloss_original_free (GlossOriginal *original)
{
  if (original == NULL)
    return;
  g_free (original->sha256);
  g_free (original->media_type);
  g_clear_pointer (&original->compressed, g_bytes_unref);
  g_free (original);
}

/* The file name extension of an original of @media_type. */
const char *
gloss_original_extension (const char *media_type)
{
  static const struct { const char *type, *ext; } table[] = {
    { "application/pdf", "pdf" }, { "text/html", "html" }, { "application/xhtml+xml", "xhtml" },
    { "text/plain", "txt" }, { "text/markdown", "md" }, { "text/x-markdown", "md" },
    { "application/rtf", "rtf" }, { "text/rtf", "rtf" },
    { "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx" },
    { "application/vnd.oasis.opendocument.text", "odt" }, { "application/epub+zip", "epub" },
    { "message/rfc822", "eml" }, { "application/mbox", "mbox" },
    { "image/png", "png" }, { "image/jpeg", "jpg" }, { "image/tiff", "tif" },
  };

  for (gsize i = 0; media_type != NULL && i < G_N_ELEMENTS (table); i++)
    if (g_ascii_strcasecmp (media_type, table[i].type) == 0)
      return table[i].ext;
  return "bin";
}

/* A name that is one plain path segment: not empty, no separator, not "." or "..",
 * no control characters; NULL otherwise. */
static gboolean
is_plain_segment (const char *name)
{
  if (name == NULL || *name == '\0' || g_str_equal (name, ".") || g_str_equal (name, "..") ||
      !g_utf8_validate (name, -1, NULL) || strlen (name) > 200)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (*p == '/' || *p == '\\' || (guchar) *p < 0x20 || *p == 0x7f)
      return FALSE;
  return TRUE;
}

char *
gloss_original_cache_path (const char          *cache_dir,
                           const GlossDocument *document,
                           const char          *media_type)
{
  const char *source;
  g_autofree char *segment = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (cache_dir != NULL && document != NULL && document->id != NULL, NULL);

  /* Ids and sources come from the project, which may be a colleague's or a hostile
   * file: neither may lead the path out of the cache. */
  segment = gloss_uuid_is_valid (document->id)
          ? g_strdup (document->id)
          : g_compute_checksum_for_string (G_CHECKSUM_SHA256, document->id, -1);
  source = document->source;
  if (source != NULL && *source != '\0' && !g_str_has_prefix (source, "http://") &&
      !g_str_has_prefix (source, "https://"))
    {
      g_autofree char *base = g_path_get_basename (source);

      if (is_plain_segment (base))
        name = g_steal_pointer (&base);
    }
  if (name == NULL)
    name = g_strdup_printf ("%s.%s", segment, gloss_original_extension (media_type));
  return g_build_filename (cache_dir, segment, name, NULL);
}

static GError *
too_large (const char *name,
           guint64     max_size)
{
  return g_error_new (GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_TOO_LARGE,
                      "%s is larger than %" G_GUINT64_FORMAT " MiB; its original is not kept.",
                      name, max_size / (1024 * 1024));
}

/* Hashes and compresses what @in gives, at most @max_size bytes. */
static GlossOriginal *
original_from_stream (GInputStream  *in,
                      const char    *name,
                      const char    *media_type,
                      guint64        max_size,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  g_autoptr(GlossOriginal) original = g_new0 (GlossOriginal, 1);
  g_autofree guint8 *buffer = g_malloc (64 * 1024);

  for (;;)
    {
      gssize n = g_input_stream_read (in, buffer, 64 * 1024, cancellable, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      original->size += (guint64) n;
      if (original->size > max_size)
        {
          g_propagate_error (error, too_large (name, max_size));
          return NULL;
        }
      g_checksum_update (checksum, buffer, n);
      if (!g_output_stream_write_all (out, buffer, n, NULL, cancellable, error))
        return NULL;
    }
  if (!g_output_stream_close (out, cancellable, error))
    return NULL;
  original->sha256 = g_strdup (g_checksum_get_string (checksum));
  original->media_type = g_strdup (media_type && *media_type ? media_type : "application/octet-stream");
  original->compressed = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
  return g_steal_pointer (&original);
}

GlossOriginal *
gloss_original_new_from_file (const char    *path,
                              const char    *media_type,
                              guint64        max_size,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  /* A project open here is never read past SQLite: closing the descriptor would drop
   * its locks. */
  if (gloss_file_is_open_project (path))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_IN_USE, "%s is a project open in Gloss.", path);
      return NULL;
    }
  name = g_filename_display_basename (path);
  file = g_file_new_for_path (path);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return NULL;
  if ((guint64) g_file_info_get_size (info) > max_size)
    {
      g_propagate_error (error, too_large (name, max_size));
      return NULL;
    }
  in = g_file_read (file, cancellable, error);
  if (in == NULL)
    return NULL;
  return original_from_stream (G_INPUT_STREAM (in), name, media_type, max_size, cancellable, error);
}

GlossOriginal *
gloss_original_new_from_bytes (GBytes      *bytes,
                               const char  *media_type,
                               guint64      max_size,
                               GError     **error)
{
  g_autoptr(GInputStream) in = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);

  if (g_bytes_get_size (bytes) > max_size)
    {
      g_propagate_error (error, too_large ("The file", max_size));
      return NULL;
    }
  in = g_memory_input_stream_new_from_bytes (bytes);
  return original_from_stream (in, "The file", media_type, max_size, NULL, error);
}

static gint64
live_document_pk (GlossStore *self,
                  const char *id,
                  GError    **error)
{
  gint64 pk = gloss_store_document_pk (self, id);

  if (pk == 0)
    g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no document with id %s.", id);
  return pk;
}

static gboolean
valid_sha256 (const char *sha)
{
  if (sha == NULL || strlen (sha) != 64)
    return FALSE;
  for (const char *p = sha; *p; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

gboolean
gloss_store_set_document_original (GlossStore          *self,
                                   const char          *id,
                                   const GlossOriginal *original,
                                   GError             **error)
{
  g_autofree char *now = gloss_now_iso8601 ();
  sqlite3_stmt *stmt;
  gint64 pk, original_pk = 0;
  gboolean ok;
  gsize n;
  gconstpointer data;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL && original != NULL && original->compressed != NULL, FALSE);

  if (!valid_sha256 (original->sha256) || original->size > G_MAXINT64)
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                           "An original needs a SHA-256 in lower-case hex and a size.");
      return FALSE;
    }
  if (!gloss_store_op_begin (self, error))
    return FALSE;
  pk = live_document_pk (self, id, error);
  ok = pk != 0;

  /* Once per SHA-256: a second file with the same bytes shares the first's row. */
  if (ok && (stmt = gloss_store_prepare (self,
                "INSERT INTO originals (sha256, media_type, size, data, created) VALUES (?1, ?2, ?3, ?4, ?5) "
                "ON CONFLICT (sha256) DO NOTHING", error)) != NULL)
    {
      data = g_bytes_get_data (original->compressed, &n);
      gloss_bind_text (stmt, 1, original->sha256);
      gloss_bind_text (stmt, 2, original->media_type ? original->media_type : "application/octet-stream");
      sqlite3_bind_int64 (stmt, 3, (gint64) original->size);
      sqlite3_bind_blob64 (stmt, 4, n > 0 ? data : "", n, SQLITE_STATIC);
      gloss_bind_text (stmt, 5, now);
      ok = gloss_store_step_done (self, stmt, "storing an original", error);
    }
  else
    ok = FALSE;
  if (ok && (stmt = gloss_store_prepare (self, "SELECT pk FROM originals WHERE sha256 = ?1", error)) != NULL)
    {
      gloss_bind_text (stmt, 1, original->sha256);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        original_pk = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      ok = original_pk != 0;
      if (!ok)
        gloss_store_set_sqlite_error (self, sqlite3_errcode (self->db), "finding an original", error);
    }
  else
    ok = FALSE;
  if (ok && (stmt = gloss_store_prepare (self,
                "INSERT OR REPLACE INTO document_originals (document, original) VALUES (?1, ?2)", error)) != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, pk);
      sqlite3_bind_int64 (stmt, 2, original_pk);
      ok = gloss_store_step_done (self, stmt, "linking a document to its original", error);
    }
  else
    ok = FALSE;
  if (ok)
    gloss_store_queue_change (self, GLOSS_CHANGE_DOCUMENTS, id);
  return gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
}

/* The stored row of document @id's original: FALSE with @error on an SQLite error,
 * TRUE with *found FALSE when it has none. */
static gboolean
original_row (GlossStore     *self,
              const char     *id,
              gboolean       *found,
              GlossOriginal **out,
              GError        **error)
{
  gint64 pk = live_document_pk (self, id, error);
  sqlite3_stmt *stmt;
  int rc;

  *found = FALSE;
  if (pk == 0)
    return FALSE;
  stmt = gloss_store_prepare (self,
      "SELECT o.sha256, o.media_type, o.size, o.data FROM document_originals d "
      "JOIN originals o ON o.pk = d.original WHERE d.document = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, pk);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *found = TRUE;
      if (out != NULL)
        {
          GlossOriginal *o = g_new0 (GlossOriginal, 1);
          gint64 size = sqlite3_column_int64 (stmt, 2);
          const void *blob = sqlite3_column_blob (stmt, 3);

          o->sha256 = gloss_column_dup (stmt, 0);
          o->media_type = gloss_column_dup (stmt, 1);
          o->size = size < 0 ? G_MAXUINT64 : (guint64) size;
          o->compressed = g_bytes_new (blob, sqlite3_column_bytes (stmt, 3));
          *out = o;
        }
      rc = SQLITE_DONE;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (self, rc, "reading an original", error);
      return FALSE;
    }
  return TRUE;
}

gboolean
gloss_store_has_original (GlossStore *self,
                          const char *id)
{
  gboolean found = FALSE;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);

  if (id == NULL || !original_row (self, id, &found, NULL, NULL))
    return FALSE;
  return found;
}

GlossOriginal *
gloss_store_dup_original (GlossStore *self,
                          const char *id,
                          GError    **error)
{
  GlossOriginal *original = NULL;
  gboolean found;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  if (!original_row (self, id, &found, &original, error))
    return NULL;
  return original;
}

/* The bytes of @original, decompressed; its size and SHA-256 must match what the
 * row says (a hostile or damaged file may hold anything in its blob). */
static GBytes *
original_inflate (const GlossOriginal *original,
                  const char          *what,
                  GError             **error)
{
  g_autoptr(GZlibDecompressor) decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr(GInputStream) memory = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *sha = NULL;
  g_autofree guint8 *data = NULL;
  gsize got = 0;
  guint8 extra;
  gssize more;

  if (original->size > GLOSS_ORIGINAL_MAX_BYTES || !valid_sha256 (original->sha256))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_CORRUPT,
                   "The original of %s has an impossible size or SHA-256.", what);
      return NULL;
    }
  memory = g_memory_input_stream_new_from_bytes (original->compressed);
  in = g_converter_input_stream_new (memory, G_CONVERTER (decompressor));
  data = g_malloc (MAX (original->size, 1));
  if (!g_input_stream_read_all (in, data, original->size, &got, NULL, &local) || got != original->size ||
      (more = g_input_stream_read (in, &extra, 1, NULL, &local)) != 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_CORRUPT,
                   "The original of %s is damaged: %s.", what,
                   local ? local->message : "its bytes are not as long as recorded");
      return NULL;
    }
  sha = gloss_sha256_hex ((const char *) data, got);
  if (g_strcmp0 (sha, original->sha256) != 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_CORRUPT,
                   "The original of %s is damaged: its SHA-256 does not match.", what);
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&data), got);
}

GBytes *
gloss_store_get_original (GlossStore *self,
                          const char *id,
                          char      **media_type,
                          GError    **error)
{
  g_autoptr(GlossOriginal) original = NULL;
  g_autofree char *what = NULL;
  GBytes *bytes;
  gboolean found;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (!original_row (self, id, &found, &original, error))
    return NULL;
  if (!found)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                   "Document %s has no original: it was not imported from a file, or the file was too large.", id);
      return NULL;
    }
  what = g_strdup_printf ("document %s", id);
  bytes = original_inflate (original, what, error);
  if (bytes != NULL && media_type != NULL)
    *media_type = g_steal_pointer (&original->media_type);
  return bytes;
}

gboolean
gloss_store_save_original (GlossStore *self,
                           const char *id,
                           const char *path,
                           GError    **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize n;
  gconstpointer data;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL && path != NULL, FALSE);

  if (gloss_file_is_open_project (path) || g_strcmp0 (path, gloss_store_get_path (self)) == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_IN_USE,
                   "%s is a project open in Gloss; choose another file.", path);
      return FALSE;
    }
  bytes = gloss_store_get_original (self, id, NULL, error);
  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &n);
  return gloss_file_write_all (path, data, n, error);
}

gboolean
gloss_store_check_originals (GlossStore *self,
                             GString    *report,
                             gboolean   *ok,
                             GError    **error)
{
  static const char sql[] = "SELECT sha256, media_type, size, data FROM originals ORDER BY pk";
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      gloss_store_set_sqlite_error (self, rc, "checking originals", error);
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GlossOriginal o = { 0 };
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) local = NULL;
      g_autofree char *what = NULL;
      gint64 size = sqlite3_column_int64 (stmt, 2);

      o.sha256 = (char *) sqlite3_column_text (stmt, 0);
      o.size = size < 0 ? G_MAXUINT64 : (guint64) size;
      o.compressed = g_bytes_new (sqlite3_column_blob (stmt, 3), sqlite3_column_bytes (stmt, 3));
      what = g_strdup_printf ("'%.64s'", o.sha256 ? o.sha256 : "");
      bytes = original_inflate (&o, what, &local);
      g_bytes_unref (o.compressed);
      if (bytes == NULL)
        {
          *ok = FALSE;
          if (report != NULL)
            g_string_append_printf (report, "original %s: %s\n", what, local->message);
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (self, rc, "checking originals", error);
      return FALSE;
    }
  return TRUE;
}

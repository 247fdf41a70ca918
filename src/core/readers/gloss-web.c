/* gloss-web.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A web address to text with libsoup 3: redirects followed (as libsoup does, up to 20), a timeout,
 * a size limit (the import limit), the charset from the Content-Type header or the
 * page's <meta>; HTML through the article importer's extractor, plain text as text.
 * The final address and the time of retrieval go into the source details.
 */
#define G_LOG_DOMAIN "gloss-web"

#include <string.h>

#include <libsoup/soup.h>

#include "gloss-readers.h"

gboolean
gloss_web_is_address (const char *s)
{
  return s != NULL && (g_ascii_strncasecmp (s, "http://", 7) == 0 || g_ascii_strncasecmp (s, "https://", 8) == 0);
}

static guint timeout_seconds = 30;

void
gloss_web_set_timeout (guint seconds)
{
  timeout_seconds = seconds;
}

static GBytes *
read_limited (GInputStream *in, const char *url, GCancellable *cancellable, GError **error)
{
  g_autoptr(GByteArray) buf = g_byte_array_new ();
  char chunk[65536];
  gssize n;

  while ((n = g_input_stream_read (in, chunk, sizeof chunk, cancellable, error)) > 0)
    {
      if (buf->len + (gsize) n > GLOSS_IMPORT_MAX_BYTES)
        {
          g_clear_error (error);
          g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_TOO_LARGE,
                       "%s is larger than %d MB; Gloss stopped reading it.", url,
                       GLOSS_IMPORT_MAX_BYTES / (1024 * 1024));
          return NULL;
        }
      g_byte_array_append (buf, (const guint8 *) chunk, n);
    }
  if (n < 0)
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&buf));
}

/**
 * gloss_web_fetch:
 * @url: an http:// or https:// address
 *
 * Returns: (transfer full) (nullable): the page's text with its address and the
 *   time it was retrieved as source details
 */
GlossImportedText *
gloss_web_fetch (const char    *url,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GlossImportedText) text = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *retrieved = g_date_time_format_iso8601 (now);
  g_autofree char *final_url = NULL;
  g_autofree char *utf8 = NULL;
  g_autofree char *metadata = NULL;
  GHashTable *params = NULL;
  const char *type;
  const char *charset = NULL;
  const char *data;
  gsize len;
  guint status;

  msg = soup_message_new ("GET", url);
  if (msg == NULL)
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_FAILED, "“%s” is not a web address.", url);
      return NULL;
    }
  session = soup_session_new_with_options ("timeout", timeout_seconds, "idle-timeout", timeout_seconds,
                                           "user-agent", "Gloss/1.0 (article import)", NULL);
  in = soup_session_send (session, msg, cancellable, &local);
  if (in == NULL)
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_FAILED, "Could not fetch %s: %s.", url,
                   local->message);
      return NULL;
    }
  status = soup_message_get_status (msg);
  if (status < 200 || status >= 300)
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_FAILED, "Could not fetch %s: the server said %u %s.",
                   url, status, soup_message_get_reason_phrase (msg) ? soup_message_get_reason_phrase (msg) : "");
      return NULL;
    }
  if (soup_message_headers_get_content_length (soup_message_get_response_headers (msg)) > GLOSS_IMPORT_MAX_BYTES)
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_TOO_LARGE,
                   "%s is larger than %d MB.", url, GLOSS_IMPORT_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  body = read_limited (in, url, cancellable, &local);
  if (body == NULL)
    {
      if (g_error_matches (local, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_TOO_LARGE))
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_FAILED, "Could not read %s: %s.", url,
                     local ? local->message : "the connection closed");
      return NULL;
    }
  final_url = g_uri_to_string (soup_message_get_uri (msg));
  data = g_bytes_get_data (body, &len);

  type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg), &params);
  if (params != NULL)
    charset = g_hash_table_lookup (params, "charset");
  if (charset != NULL && g_ascii_strcasecmp (charset, "utf-8") != 0 && len > 0)
    {
      /* The header's charset wins over a guess; a <meta> in the page then agrees or is moot. */
      utf8 = g_convert_with_fallback (data, len, "UTF-8", charset, "\xef\xbf\xbd", NULL, &len, NULL);
      if (utf8 != NULL)
        data = utf8;
      else
        len = g_bytes_get_size (body);
    }
  if (type != NULL && (g_str_equal (type, "application/pdf")))
    {
      g_clear_pointer (&params, g_hash_table_unref);
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_UNSUPPORTED,
                   "%s is a PDF: download it and import the file.", url);
      return NULL;
    }
  text = gloss_import_read_bytes (data, len,
                                  type == NULL ? NULL
                                  : (g_str_equal (type, "text/html") || g_str_equal (type, "application/xhtml+xml"))
                                    ? "html" : g_str_has_prefix (type, "text/") ? "txt" : NULL,
                                  final_url, error);
  if (text != NULL)
    {
      /* The page as the server sent it, charset and all, is its original. */
      text->original = g_bytes_ref (body);
      text->original_type = g_strdup (type != NULL ? type : g_str_equal (text->format, "html") ? "text/html" : "text/plain");
    }
  g_clear_pointer (&params, g_hash_table_unref);
  if (text == NULL)
    return NULL;
  if (text->url == NULL)
    text->url = g_strdup (final_url);
  metadata = gloss_readers_metadata_json ("retrieved", retrieved, "address", final_url,
                                          "requested_address", g_strcmp0 (url, final_url) ? url : NULL, NULL);
  {
    char *merged = gloss_readers_metadata_merge (text->metadata, metadata);

    g_free (text->metadata);
    text->metadata = merged;
  }
  return g_steal_pointer (&text);
}

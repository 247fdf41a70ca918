/* gloss-mail.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * E-mail to text with GMime 3: a message (.eml) or every message of a mailbox
 * (mbox). Each message becomes one text: a short header block (From, To, Cc, Date,
 * Subject) and its body, the text/plain part preferred and an HTML-only body read
 * through the article importer's HTML extractor. From, To, Date, Subject and
 * Message-ID go into the source details. Each attachment Gloss can read (text,
 * Markdown, HTML, RTF, DOCX, ODT, EPUB) follows its message as a text of its own
 * whose source details point back to the message.
 */
#define G_LOG_DOMAIN "gloss-mail"

#include <string.h>

#include <gmime/gmime.h>

#include "gloss-readers.h"

/* GMime 3.2 declares no cleanup functions of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeStream, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeParser, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeMessage, g_object_unref)

/* A mailbox of more messages is refused rather than read half. */
#define MAX_MESSAGES 100000

static void
ensure_gmime (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      g_mime_init ();
      g_once_init_leave (&done, 1);
    }
}

typedef struct {
  GMimePart *plain;
  GMimePart *html;
  GPtrArray *attachments;   /* GMimePart, borrowed */
} Parts;

static gboolean
is_attachment (GMimeObject *object)
{
  GMimeContentDisposition *disposition = g_mime_object_get_content_disposition (object);

  if (disposition != NULL && g_mime_content_disposition_is_attachment (disposition))
    return TRUE;
  return GMIME_IS_PART (object) && g_mime_part_get_filename (GMIME_PART (object)) != NULL &&
         !g_mime_content_type_is_type (g_mime_object_get_content_type (object), "text", "*");
}

static void
collect_part (GMimeObject *parent,
              GMimeObject *part,
              gpointer     user_data)
{
  Parts *parts = user_data;
  GMimeContentType *type;

  if (!GMIME_IS_PART (part))
    return;   /* multiparts are walked by g_mime_message_foreach; forwarded messages stay inside */
  type = g_mime_object_get_content_type (part);
  if (is_attachment (part))
    g_ptr_array_add (parts->attachments, part);
  else if (parts->plain == NULL && g_mime_content_type_is_type (type, "text", "plain"))
    parts->plain = GMIME_PART (part);
  else if (parts->html == NULL && g_mime_content_type_is_type (type, "text", "html"))
    parts->html = GMIME_PART (part);
}

/* The decoded bytes of @part (its transfer encoding undone, its charset not). */
static GByteArray *
part_bytes (GMimePart *part)
{
  GMimeDataWrapper *content = g_mime_part_get_content (part);
  GByteArray *bytes = g_byte_array_new ();
  g_autoptr(GMimeStream) stream = NULL;

  if (content == NULL)
    return bytes;
  stream = g_mime_stream_mem_new_with_byte_array (bytes);
  g_mime_stream_mem_set_owner (GMIME_STREAM_MEM (stream), FALSE);
  g_mime_data_wrapper_write_to_stream (content, stream);
  return bytes;
}

static char *
address_list (InternetAddressList *list)
{
  char *s;

  if (list == NULL || internet_address_list_length (list) == 0)
    return NULL;
  s = internet_address_list_to_string (list, NULL, FALSE);
  if (s != NULL && !g_utf8_validate (s, -1, NULL))
    g_clear_pointer (&s, g_free);
  return s;
}

static char *
valid_utf8 (const char *s)
{
  if (s == NULL)
    return NULL;
  return g_utf8_make_valid (s, -1);
}

/* The body's text, plain preferred; HTML through the article importer. */
static char *
body_text (Parts *parts, const char *name)
{
  if (parts->plain != NULL)
    {
      g_autofree char *text = g_mime_text_part_get_text (GMIME_TEXT_PART (parts->plain));

      if (text != NULL)
        {
          g_autofree char *valid = g_utf8_make_valid (text, -1);

          return gloss_import_normalize_text (valid, strlen (valid));
        }
    }
  if (parts->html != NULL)
    {
      g_autofree char *html = g_mime_text_part_get_text (GMIME_TEXT_PART (parts->html));
      g_autoptr(GlossImportedText) t = NULL;

      if (html != NULL)
        {
          g_autofree char *valid = g_utf8_make_valid (html, -1);

          t = gloss_import_read_bytes (valid, strlen (valid), "html", name, NULL);
        }
      if (t != NULL)
        return g_steal_pointer (&t->text);
    }
  return g_strdup ("");
}

static const char *
format_hint (GMimePart *part)
{
  GMimeContentType *type = g_mime_object_get_content_type (GMIME_OBJECT (part));
  const char *filename = g_mime_part_get_filename (part);
  g_autofree char *lower = filename ? g_ascii_strdown (filename, -1) : NULL;

  if (g_mime_content_type_is_type (type, "text", "html") ||
      (lower && (g_str_has_suffix (lower, ".html") || g_str_has_suffix (lower, ".htm"))))
    return "html";
  if (g_mime_content_type_is_type (type, "text", "markdown") || (lower && g_str_has_suffix (lower, ".md")))
    return "md";
  if (g_mime_content_type_is_type (type, "text", "*"))
    return "txt";
  return NULL;
}

/* An attachment Gloss can read, as a text pointing back to @message_id, or NULL. */
static void
add_attachment (GPtrArray          *texts,
                GlossReadBytesFunc  read_attachment,
                GMimePart          *part,
                const char *message_id,
                const char *subject,
                const char *date,
                const char *from)
{
  g_autoptr(GByteArray) bytes = part_bytes (part);
  g_autofree char *filename = valid_utf8 (g_mime_part_get_filename (part));
  g_autoptr(GPtrArray) inner = NULL;
  g_autoptr(GlossImportedText) t = NULL;
  g_autofree char *metadata = NULL;
  const char *hint;

  if (bytes->len == 0)
    return;
  /* Documents first (RTF, DOCX, ODT, EPUB); a message attached is left inside. */
  if (read_attachment != NULL &&
      read_attachment ((const char *) bytes->data, bytes->len, filename, &inner, NULL) && inner != NULL)
    {
      if (inner->len != 1)
        return;
      t = g_ptr_array_steal_index (inner, 0);
    }
  else if (inner == NULL && (hint = format_hint (part)) != NULL)
    t = gloss_import_read_bytes ((const char *) bytes->data, bytes->len, hint, filename, NULL);
  if (t == NULL)
    return;

  if (filename != NULL)
    {
      g_free (t->title);
      t->title = g_strdup_printf ("%s (attached to “%s”)", filename, subject ? subject : "a message");
    }
  metadata = gloss_readers_metadata_json ("attachment", filename ? filename : "",
                                          "attached_to_message_id", message_id,
                                          "attached_to_subject", subject,
                                          "attached_to_from", from,
                                          "attached_to_date", date,
                                          NULL);
  g_free (t->metadata);
  t->metadata = g_steal_pointer (&metadata);
  if (t->author == NULL)
    t->author = g_strdup (from);
  g_ptr_array_add (texts, g_steal_pointer (&t));
}

static void
read_message (GPtrArray          *texts,
              GlossReadBytesFunc  read_attachment,
              GMimeMessage       *message,
              const char   *name)
{
  Parts parts = { NULL, NULL, g_ptr_array_new () };
  g_autofree char *from = address_list (g_mime_message_get_from (message));
  g_autofree char *to = address_list (g_mime_message_get_to (message));
  g_autofree char *cc = address_list (g_mime_message_get_cc (message));
  g_autofree char *subject = valid_utf8 (g_mime_message_get_subject (message));
  g_autofree char *message_id = valid_utf8 (g_mime_message_get_message_id (message));
  g_autofree char *date_iso = NULL;
  g_autofree char *date_line = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  GlossImportedText *t;
  GDateTime *date = g_mime_message_get_date (message);

  g_mime_message_foreach (message, collect_part, &parts);
  if (date != NULL)
    {
      date_iso = g_date_time_format_iso8601 (date);
      date_line = g_date_time_format (date, "%a, %d %b %Y %H:%M:%S %z");
    }
  body = body_text (&parts, name);

  /* A header block, as a mail reader shows it: it is what the analyst quotes, and it
   * keeps two short replies ("Thanks!") from being taken for the same document. */
  if (from)
    g_string_append_printf (text, "From: %s\n", from);
  if (to)
    g_string_append_printf (text, "To: %s\n", to);
  if (cc)
    g_string_append_printf (text, "Cc: %s\n", cc);
  if (date_line)
    g_string_append_printf (text, "Date: %s\n", date_line);
  if (subject)
    g_string_append_printf (text, "Subject: %s\n", subject);
  if (text->len > 0 && *body != '\0')
    g_string_append_c (text, '\n');
  g_string_append (text, body);

  if (text->len > 0)
    {
      t = g_new0 (GlossImportedText, 1);
      t->text = gloss_import_normalize_text (text->str, text->len);
      t->title = subject && *subject ? g_strdup (subject) : g_strdup ("(no subject)");
      t->format = g_strdup ("email");
      t->encoding = g_strdup ("UTF-8");
      t->author = g_strdup (from);
      t->published = date ? g_date_time_format (date, "%Y-%m-%d") : NULL;
      t->metadata = gloss_readers_metadata_json ("from", from, "to", to, "cc", cc, "date", date_iso,
                                                 "subject", subject, "message_id", message_id, NULL);
      if (*t->text != '\0')
        g_ptr_array_add (texts, t);
      else
        gloss_imported_text_free (t);
    }
  for (guint i = 0; i < parts.attachments->len; i++)
    add_attachment (texts, read_attachment, parts.attachments->pdata[i], message_id, subject, date_iso, from);
  g_ptr_array_unref (parts.attachments);
}

/**
 * gloss_mail_read:
 *
 * Returns: (transfer full) (nullable): the texts of the messages in @data (an .eml
 *   or an mbox), each followed by its readable attachments
 */
GPtrArray *
gloss_mail_read (const char          *data,
                 gsize                len,
                 const char          *name,
                 GlossReadBytesFunc   read_attachment,
                 GError             **error)
{
  g_autofree char *subject = name ? g_strdup_printf ("“%s”", name) : g_strdup ("The message");
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_imported_text_free);
  g_autoptr(GMimeStream) stream = NULL;
  g_autoptr(GMimeParser) parser = NULL;
  gboolean mbox = len >= 5 && memcmp (data, "From ", 5) == 0;
  guint messages = 0;

  ensure_gmime ();
  stream = g_mime_stream_mem_new_with_buffer (data, len);
  parser = g_mime_parser_new_with_stream (stream);
  g_mime_parser_set_format (parser, mbox ? GMIME_FORMAT_MBOX : GMIME_FORMAT_MESSAGE);

  while (!g_mime_parser_eos (parser))
    {
      g_autoptr(GMimeMessage) message = g_mime_parser_construct_message (parser, NULL);

      if (message == NULL)
        break;
      if (++messages > MAX_MESSAGES)
        {
          g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_TOO_LARGE,
                       "%s holds more than %d messages; split the mailbox.", subject, MAX_MESSAGES);
          return NULL;
        }
      read_message (texts, read_attachment, message, name);
      if (!mbox)
        break;
    }
  if (messages == 0)
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_FAILED,
                   "%s is not a readable e-mail message or mailbox.", subject);
      return NULL;
    }
  if (texts->len == 0)
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_EMPTY,
                   "%s has no readable text in its %u message%s.", subject, messages, messages == 1 ? "" : "s");
      return NULL;
    }
  return g_steal_pointer (&texts);
}

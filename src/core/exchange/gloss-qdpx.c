/* gloss-qdpx.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-qdpx"

#include "config.h"

#include <string.h>
#include <errno.h>
#include <archive.h>
#include <archive_entry.h>
#include <libxml/xmlwriter.h>

#include "gloss-file.h"
#include "gloss-originals.h"
#include "gloss-qdpx.h"
#include "gloss-store-private.h"
#include "gloss-export-extras.h"

G_DEFINE_QUARK (gloss-qdpx-error-quark, gloss_qdpx_error)

#define QDA_NAMESPACE "urn:QDA-XML:project:1.0"
/* Namespace for the GUIDs of what Gloss has no id for (codings, notes, users). */
#define GUID_NAMESPACE "6f1d2a3e-5b7c-4e8f-9a0b-1c2d3e4f5a6b"

typedef struct {
  struct archive    *zip;
  GlossAtomicFile   *atomic;        /* the .qdpx, written all or nothing */
  GOutputStream     *out;           /* its stream (borrowed) */
  GCancellable      *cancellable;
  GError            *stream_error;
  gint64             mtime;         /* of every entry: the export time */
} Zip;

/* The time the export is stamped with: now, or SOURCE_DATE_EPOCH (seconds since
 * 1970, the reproducible-builds convention, also honoured by the HTML report) so
 * that the same project can be exported again to the same project.qde. */
static gint64
export_time (void)
{
  const char *epoch = g_getenv ("SOURCE_DATE_EPOCH");
  guint64 seconds;

  if (epoch && g_ascii_string_to_unsigned (epoch, 10, 0, G_MAXINT64 / G_USEC_PER_SEC, &seconds, NULL))
    return (gint64) seconds;
  return g_get_real_time () / G_USEC_PER_SEC;
}

static char *
format_time (gint64 seconds)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (seconds);

  return t ? g_date_time_format (t, "%Y-%m-%dT%H:%M:%S.000Z") : gloss_now_iso8601 ();
}

static la_ssize_t
zip_write_cb (struct archive *a,
              void           *user_data,
              const void     *buffer,
              size_t          length)
{
  Zip *zip = user_data;
  gsize written = 0;

  if (zip->stream_error != NULL)
    return -1;
  if (!g_output_stream_write_all (G_OUTPUT_STREAM (zip->out), buffer, length, &written,
                                  zip->cancellable, &zip->stream_error))
    {
      archive_set_error (a, EIO, "%s", zip->stream_error->message);
      return -1;
    }
  return (la_ssize_t) written;
}

static gboolean
zip_error (Zip         *zip,
           const char  *what,
           GError     **error)
{
  if (error != NULL && *error != NULL)
    return FALSE;
  g_set_error (error, GLOSS_QDPX_ERROR, GLOSS_QDPX_ERROR_FAILED, "Cannot write %s: %s", what,
               zip->stream_error ? zip->stream_error->message
               : archive_error_string (zip->zip) ? archive_error_string (zip->zip) : "unknown error");
  return FALSE;
}

/* Starts an entry; @size -1 when not known yet (the zip then records it after the data). */
static gboolean
zip_begin_entry (Zip         *zip,
                 const char  *name,
                 gint64       size,
                 GError     **error)
{
  struct archive_entry *entry = archive_entry_new ();
  int rc;

  archive_entry_set_pathname_utf8 (entry, name);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  if (size >= 0)
    archive_entry_set_size (entry, (la_int64_t) size);
  archive_entry_set_mtime (entry, (time_t) zip->mtime, 0);
  rc = archive_write_header (zip->zip, entry);
  archive_entry_free (entry);
  return rc == ARCHIVE_OK || zip_error (zip, name, error);
}

static int
xml_write_cb (void       *context,
              const char *buffer,
              int         len)
{
  Zip *zip = context;

  if (len > 0 && archive_write_data (zip->zip, buffer, (size_t) len) != (la_ssize_t) len)
    return -1;
  return len;
}

static void
warn_once (GPtrArray  *warnings,
           const char *message)
{
  if (warnings == NULL)
    return;
  for (guint i = 0; i < warnings->len; i++)
    if (g_str_equal (warnings->pdata[i], message))
      return;
  g_ptr_array_add (warnings, g_strdup (message));
}

/* Our UUIDs are lower case, which the GUIDType pattern accepts ([0-9a-fA-F]). */
static char *
derived_guid (const char *kind,
              const char *id)
{
  g_autofree char *name = g_strconcat (kind, ":", id, NULL);
  return gloss_uuid_from_name (GUID_NAMESPACE, name);
}

/* Writes document @id's original into sources/ and returns its name there ("<guid>.pdf"),
 * or NULL when it has none (or a damaged one, which @warnings then mentions). */
static gboolean
write_original (GlossStore  *store,
                Zip         *zip,
                const char  *id,
                GPtrArray   *warnings,
                char       **out_name,
                GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *media_type = NULL;
  g_autofree char *guid = NULL;
  g_autofree char *name = NULL;
  gconstpointer data;
  gsize len;

  *out_name = NULL;
  if (!gloss_store_has_original (store, id))
    return TRUE;
  bytes = gloss_store_get_original (store, id, &media_type, &local);
  if (bytes == NULL)
    {
      if (!g_error_matches (local, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_CORRUPT))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      warn_once (warnings, "A damaged original file was left out of the export (gloss-cli check names it).");
      return TRUE;
    }
  guid = derived_guid ("original", id);
  name = g_strdup_printf ("%s.%s", guid, gloss_original_extension (media_type));
  {
    g_autofree char *entry = g_strconcat ("sources/", name, NULL);

    data = g_bytes_get_data (bytes, &len);
    if (!zip_begin_entry (zip, entry, (gint64) len, error) ||
        (len > 0 && archive_write_data (zip->zip, data, len) != (la_ssize_t) len) ||
        archive_write_finish_entry (zip->zip) != ARCHIVE_OK)
      return zip_error (zip, entry, error);
  }
  *out_name = g_steal_pointer (&name);
  return TRUE;
}

/* A selection's name: the start of its quote, on one line. */
static char *
short_name (const char *quote)
{
  glong len = g_utf8_strlen (quote, -1);
  g_autofree char *cut = len > 60 ? g_utf8_substring (quote, 0, 60) : g_strdup (quote);
  char *name = g_strconcat (cut, len > 60 ? "…" : "", NULL);

  g_strdelimit (name, "\n\t\r", ' ');
  return name;
}

/* Every failure of libxml2's writer returns < 0; this keeps the export code flat. */
#define XW(call) G_STMT_START { if ((call) < 0) goto xml_failed; } G_STMT_END

static int
write_attr (xmlTextWriterPtr w, const char *name, const char *value)
{
  if (value == NULL)
    return 0;
  return xmlTextWriterWriteAttribute (w, BAD_CAST name, BAD_CAST value);
}

/* The annotator name -> User guid table. */
static GHashTable *
user_table (GPtrArray *annotators)
{
  GHashTable *users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < annotators->len; i++)
    {
      GlossAnnotator *p = annotators->pdata[i];
      g_hash_table_insert (users, g_strdup (p->name),
                           gloss_uuid_is_valid (p->id) ? g_strdup (p->id) : derived_guid ("user", p->name));
    }
  return users;
}

/* Document properties become REFI-QDA variables of the text sources. */
static const struct {
  const char *name;
  const char *type;       /* typeOfVariable */
  const char *value_element;
  gsize       offset;     /* of the member in GlossDocument */
} properties[] = {
  { "source reliability", "Text", "TextValue", G_STRUCT_OFFSET (GlossDocument, reliability) },
  { "author", "Text", "TextValue", G_STRUCT_OFFSET (GlossDocument, author) },
  { "publisher", "Text", "TextValue", G_STRUCT_OFFSET (GlossDocument, publisher) },
  { "published", "Date", "DateValue", G_STRUCT_OFFSET (GlossDocument, published) },
  { "url", "Text", "TextValue", G_STRUCT_OFFSET (GlossDocument, url) },
  { "TLP", "Text", "TextValue", G_STRUCT_OFFSET (GlossDocument, tlp) },
};

#define PROPERTY(doc, i) (*(char **) G_STRUCT_MEMBER_P ((doc), properties[i].offset))

/* What REFI-QDA has no element for, as the text of a note: the field values of an
 * annotation ("name: value" lines) and its linked entity. NULL when it has neither. */
static char *
extras_text (GlossExportExtras     *extras,
             const GlossAnnotation *a,
             GError               **error)
{
  g_autoptr(GPtrArray) values = gloss_export_extras_list_values (extras, a, error);
  g_autoptr(GString) s = NULL;

  if (values == NULL)
    return NULL;
  s = g_string_new (NULL);
  for (guint i = 0; i < values->len; i++)
    {
      GlossExportValue *v = values->pdata[i];
      g_string_append_printf (s, "%s%s: %s", s->len ? "\n" : "", v->field->name, v->display);
    }
  if (a->entity_id != NULL)
    {
      const GlossEntity *e = gloss_export_extras_get_entity (extras, a->entity_id, error);

      if (e == NULL)
        return NULL;
      g_string_append_printf (s, "%sentity: %s", s->len ? "\n" : "", e->name);
      if (e->external_ref != NULL)
        g_string_append_printf (s, " (%s)", e->external_ref);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

typedef struct {
  xmlTextWriterPtr w;
  GHashTable      *users;
} LinkWriter;

/* A relation is a Link from one selection to the other. */
static gboolean
write_link_cb (const GlossRelation *r,
               gpointer             user_data,
               GError             **error)
{
  LinkWriter *lw = user_data;
  xmlTextWriterPtr w = lw->w;

  if (xmlTextWriterStartElement (w, BAD_CAST "Link") < 0 ||
      write_attr (w, "guid", r->id) < 0 ||
      write_attr (w, "name", r->type_name) < 0 ||
      write_attr (w, "direction", "OneWay") < 0 ||
      write_attr (w, "originGUID", r->from_id) < 0 ||
      write_attr (w, "targetGUID", r->to_id) < 0 ||
      xmlTextWriterEndElement (w) < 0)
    {
      g_set_error_literal (error, GLOSS_QDPX_ERROR, GLOSS_QDPX_ERROR_FAILED, "project.qde cannot be written");
      return FALSE;
    }
  return TRUE;
}

/**
 * gloss_qdpx_export:
 * @store: the project
 * @scope: (nullable): what to export; %NULL for everything
 * @path: the .qdpx file to write (replaced only when the export is complete)
 * @warnings: (nullable) (element-type utf8): gets one sentence per thing QDPX cannot carry
 * @cancellable: (nullable): checked between documents
 * @error: return location for a #GError
 *
 * Writes a REFI-QDA project: sources/<document id>.txt with each document's stored
 * text, and project.qde with Users (annotators), CodeBook (labels), Sources
 * (TextSource per document holding a PlainTextSelection per annotation, coded with
 * its label) and Notes (annotation notes, referenced from their selection). Positions
 * are Unicode code points, startPosition included and endPosition excluded.
 *
 * Returns: %TRUE on success
 */
gboolean
gloss_qdpx_export (GlossStore        *store,
                   const GlossScope  *scope,
                   const char        *path,
                   GPtrArray         *warnings,
                   GCancellable      *cancellable,
                   GError           **error)
{
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GPtrArray) annotators = NULL;
  g_autoptr(GHashTable) users = NULL;
  g_autoptr(GHashTable) used_users = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) originals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GFile) file = NULL;
  g_autofree char *project_name = NULL;
  gint64 export_seconds = export_time ();
  g_autofree char *now = format_time (export_seconds);
  xmlOutputBufferPtr xbuf = NULL;
  xmlTextWriterPtr w = NULL;
  sqlite3 *db;
  gboolean own_transaction;
  gboolean any_notes = FALSE, any_extras = FALSE;
  g_autoptr(GlossExportExtras) extras = gloss_export_extras_new (store);
  GlossExportCounts counts;
  GlossScopeSql sql;
  Zip zip = { .mtime = export_seconds };
  gboolean ok = FALSE;

  g_return_val_if_fail (GLOSS_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!gloss_scope_sql_init (store, scope, &sql, error))
    return FALSE;
  db = gloss_store_get_db (store);
  /* One read transaction: the export is one consistent snapshot. */
  own_transaction = sqlite3_get_autocommit (db) && sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;

  project_name = gloss_store_dup_name (store);
  documents = gloss_scope_list_documents (store, scope, FALSE, error);
  labels = documents ? gloss_scope_list_labels (store, scope, error) : NULL;
  annotators = labels ? gloss_store_list_annotators (store, error) : NULL;
  if (annotators == NULL || !gloss_export_count (store, &sql, &counts, error))
    goto out;
  any_extras = counts.field_values > 0 || counts.entity_links > 0;
  users = user_table (annotators);

  file = g_file_new_for_path (path);
  zip.cancellable = cancellable;
  zip.atomic = gloss_atomic_file_new (path, error);
  zip.out = zip.atomic ? gloss_atomic_file_get_stream (zip.atomic) : NULL;
  if (zip.out == NULL)
    goto out;
  zip.zip = archive_write_new ();
  if (archive_write_set_format_zip (zip.zip) != ARCHIVE_OK ||
      archive_write_open (zip.zip, &zip, NULL, zip_write_cb, NULL) != ARCHIVE_OK)
    {
      zip_error (&zip, path, error);
      goto out;
    }

  /* The sources first, one document in memory at a time; project.qde is then streamed
   * into its entry (a zip entry cannot be interrupted by another). */
  for (guint i = 0; i < documents->len; i++)
    {
      GlossDocument *listed = documents->pdata[i];
      g_autoptr(GlossDocument) doc = NULL;
      g_autoptr(GPtrArray) annotations = NULL;
      g_autofree char *name = g_strdup_printf ("sources/%s.txt", listed->id);
      gsize len;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      doc = gloss_store_get_document (store, listed->id, error);
      if (doc == NULL)
        goto out;
      len = strlen (doc->text);
      if (!zip_begin_entry (&zip, name, (gint64) len, error) ||
          (len > 0 && archive_write_data (zip.zip, doc->text, len) != (la_ssize_t) len) ||
          archive_write_finish_entry (zip.zip) != ARCHIVE_OK)
        {
          zip_error (&zip, name, error);
          goto out;
        }
      /* The file the document was imported from, beside its text: REFI-QDA keeps a
       * source's original as its richTextPath. */
      {
        char *original = NULL;

        if (!write_original (store, &zip, doc->id, warnings, &original, error))
          goto out;
        if (original != NULL)
          g_hash_table_insert (originals, g_strdup (doc->id), original);
      }
      /* Users: only those who annotated something in scope. */
      annotations = gloss_scope_sql_list_annotations (store, &sql, doc->id, error);
      if (annotations == NULL)
        goto out;
      for (guint j = 0; j < annotations->len; j++)
        {
          GlossAnnotation *a = annotations->pdata[j];

          if (a->annotator != NULL && g_hash_table_contains (users, a->annotator))
            g_hash_table_add (used_users, g_hash_table_lookup (users, a->annotator));
          if (a->note != NULL)
            any_notes = TRUE;
        }
    }

  if (!zip_begin_entry (&zip, "project.qde", -1, error))
    goto out;
  xbuf = xmlOutputBufferCreateIO (xml_write_cb, NULL, &zip, NULL);
  w = xmlNewTextWriter (xbuf);
  if (w == NULL)
    {
      xmlOutputBufferClose (xbuf);
      zip_error (&zip, "project.qde", error);
      goto out;
    }
  xmlTextWriterSetIndent (w, 1);
  xmlTextWriterSetIndentString (w, BAD_CAST "  ");

  XW (xmlTextWriterStartDocument (w, "1.0", "utf-8", NULL));
  XW (xmlTextWriterStartElementNS (w, NULL, BAD_CAST "Project", BAD_CAST QDA_NAMESPACE));
  XW (write_attr (w, "name", project_name && *project_name ? project_name : "Gloss project"));
  XW (write_attr (w, "origin", "Gloss " PACKAGE_VERSION));
  if (annotators->len > 0)
    {
      GlossAnnotator *first = annotators->pdata[0];
      XW (write_attr (w, "creatingUserGUID", g_hash_table_lookup (users, first->name)));
    }
  XW (write_attr (w, "creationDateTime", now));

  if (g_hash_table_size (used_users) > 0)
    {
      XW (xmlTextWriterStartElement (w, BAD_CAST "Users"));
      for (guint i = 0; i < annotators->len; i++)
        {
          GlossAnnotator *p = annotators->pdata[i];
          const char *guid = g_hash_table_lookup (users, p->name);

          if (!g_hash_table_contains (used_users, guid))
            continue;
          XW (xmlTextWriterStartElement (w, BAD_CAST "User"));
          XW (write_attr (w, "guid", guid));
          XW (write_attr (w, "name", p->name));
          XW (xmlTextWriterEndElement (w));
        }
      XW (xmlTextWriterEndElement (w));
    }

  if (labels->len > 0)
    {
      XW (xmlTextWriterStartElement (w, BAD_CAST "CodeBook"));
      XW (xmlTextWriterStartElement (w, BAD_CAST "Codes"));
      for (guint i = 0; i < labels->len; i++)
        {
          GlossLabel *l = labels->pdata[i];

          XW (xmlTextWriterStartElement (w, BAD_CAST "Code"));
          XW (write_attr (w, "guid", l->id));
          XW (write_attr (w, "name", l->name));
          XW (write_attr (w, "isCodable", "true"));
          if (gloss_colour_is_valid (l->colour))
            {
              g_autofree char *upper = g_ascii_strup (l->colour, -1);
              XW (write_attr (w, "color", upper));
            }
          if (l->description != NULL)
            XW (xmlTextWriterWriteElement (w, BAD_CAST "Description", BAD_CAST l->description));
          XW (xmlTextWriterEndElement (w));
          if (g_strcmp0 (l->kind, GLOSS_LABEL_KIND_TAG) != 0)
            warn_once (warnings, "QDPX codes have no kinds: label kinds (entity, claim, risk) are not exported.");
          if (l->shortcut != NULL)
            warn_once (warnings, "QDPX codes have no shortcut keys: they are not exported.");
        }
      XW (xmlTextWriterEndElement (w));
      XW (xmlTextWriterEndElement (w));
    }

  if (counts.documents_with_properties > 0)
    {
      XW (xmlTextWriterStartElement (w, BAD_CAST "Variables"));
      for (guint i = 0; i < G_N_ELEMENTS (properties); i++)
        {
          g_autofree char *guid = derived_guid ("variable", properties[i].name);

          XW (xmlTextWriterStartElement (w, BAD_CAST "Variable"));
          XW (write_attr (w, "guid", guid));
          XW (write_attr (w, "name", properties[i].name));
          XW (write_attr (w, "typeOfVariable", properties[i].type));
          XW (xmlTextWriterEndElement (w));
        }
      XW (xmlTextWriterEndElement (w));
    }

  if (documents->len > 0)
    {
      XW (xmlTextWriterStartElement (w, BAD_CAST "Sources"));
      for (guint i = 0; i < documents->len; i++)
        {
          GlossDocument *doc = documents->pdata[i];
          g_autoptr(GPtrArray) annotations = NULL;
          g_autofree char *text_path = g_strdup_printf ("internal://%s.txt", doc->id);

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto out;
          annotations = gloss_scope_sql_list_annotations (store, &sql, doc->id, error);
          if (annotations == NULL)
            goto out;
          if (doc->metadata != NULL || doc->source != NULL)
            warn_once (warnings, "QDPX sources have no place for a document's origin and metadata: they are not exported.");
          XW (xmlTextWriterStartElement (w, BAD_CAST "TextSource"));
          XW (write_attr (w, "guid", doc->id));
          XW (write_attr (w, "name", doc->title));
          if (g_hash_table_contains (originals, doc->id))
            {
              g_autofree char *rich_path = g_strconcat ("internal://", (const char *) g_hash_table_lookup (originals, doc->id), NULL);

              XW (write_attr (w, "richTextPath", rich_path));
            }
          XW (write_attr (w, "plainTextPath", text_path));
          XW (write_attr (w, "creationDateTime", doc->created));
          XW (write_attr (w, "modifiedDateTime", doc->modified));
          for (guint j = 0; j < annotations->len; j++)
            {
              GlossAnnotation *a = annotations->pdata[j];
              const char *user = a->annotator ? g_hash_table_lookup (users, a->annotator) : NULL;
              g_autofree char *name = short_name (a->quote);
              g_autofree char *coding = derived_guid ("coding", a->id);
              g_autofree char *start = g_strdup_printf ("%" G_GINT64_FORMAT, a->start);
              g_autofree char *end = g_strdup_printf ("%" G_GINT64_FORMAT, a->end);

              XW (xmlTextWriterStartElement (w, BAD_CAST "PlainTextSelection"));
              XW (write_attr (w, "guid", a->id));
              XW (write_attr (w, "name", name));
              XW (write_attr (w, "startPosition", start));
              XW (write_attr (w, "endPosition", end));
              XW (write_attr (w, "creatingUser", user));
              XW (write_attr (w, "creationDateTime", a->created));
              XW (write_attr (w, "modifiedDateTime", a->modified));
              XW (xmlTextWriterStartElement (w, BAD_CAST "Coding"));
              XW (write_attr (w, "guid", coding));
              XW (write_attr (w, "creatingUser", user));
              XW (write_attr (w, "creationDateTime", a->created));
              XW (xmlTextWriterStartElement (w, BAD_CAST "CodeRef"));
              XW (write_attr (w, "targetGUID", a->label_id));
              XW (xmlTextWriterEndElement (w));
              XW (xmlTextWriterEndElement (w));
              if (a->note != NULL)
                {
                  g_autofree char *note = derived_guid ("note", a->id);

                  XW (xmlTextWriterStartElement (w, BAD_CAST "NoteRef"));
                  XW (write_attr (w, "targetGUID", note));
                  XW (xmlTextWriterEndElement (w));
                }
              if (any_extras)
                {
                  g_autofree char *text = extras_text (extras, a, error);

                  if (text == NULL)
                    goto out;
                  if (*text != '\0')
                    {
                      g_autofree char *note = derived_guid ("fields", a->id);

                      XW (xmlTextWriterStartElement (w, BAD_CAST "NoteRef"));
                      XW (write_attr (w, "targetGUID", note));
                      XW (xmlTextWriterEndElement (w));
                    }
                }
              XW (xmlTextWriterEndElement (w));
            }
          if (counts.documents_with_properties > 0)
            {
              g_autoptr(GlossDocument) full = gloss_store_get_document (store, doc->id, error);

              if (full == NULL)
                goto out;
              for (guint p = 0; p < G_N_ELEMENTS (properties); p++)
                {
                  g_autofree char *guid = NULL;

                  if (PROPERTY (full, p) == NULL)
                    continue;
                  guid = derived_guid ("variable", properties[p].name);
                  XW (xmlTextWriterStartElement (w, BAD_CAST "VariableValue"));
                  XW (xmlTextWriterStartElement (w, BAD_CAST "VariableRef"));
                  XW (write_attr (w, "targetGUID", guid));
                  XW (xmlTextWriterEndElement (w));
                  XW (xmlTextWriterWriteElement (w, BAD_CAST properties[p].value_element, BAD_CAST PROPERTY (full, p)));
                  XW (xmlTextWriterEndElement (w));
                }
            }
          XW (xmlTextWriterEndElement (w));
        }
      XW (xmlTextWriterEndElement (w));
    }

  /* Notes are a second pass over the annotations, so nothing accumulates in memory. */
  if (any_notes || any_extras)
    {
      XW (xmlTextWriterStartElement (w, BAD_CAST "Notes"));
      for (guint i = 0; i < documents->len; i++)
        {
          GlossDocument *doc = documents->pdata[i];
          g_autoptr(GPtrArray) annotations = gloss_scope_sql_list_annotations (store, &sql, doc->id, error);

          if (annotations == NULL)
            goto out;
          for (guint j = 0; j < annotations->len; j++)
            {
              GlossAnnotation *a = annotations->pdata[j];
              const char *user = a->annotator ? g_hash_table_lookup (users, a->annotator) : NULL;
              g_autofree char *guid = NULL;
              g_autofree char *quote = NULL;
              g_autofree char *name = NULL;

              if (any_extras)
                {
                  g_autofree char *text = extras_text (extras, a, error);
                  g_autofree char *fields_guid = NULL;
                  g_autofree char *fields_quote = NULL;
                  g_autofree char *fields_name = NULL;

                  if (text == NULL)
                    goto out;
                  if (*text != '\0')
                    {
                      fields_guid = derived_guid ("fields", a->id);
                      fields_quote = short_name (a->quote);
                      fields_name = g_strdup_printf ("Fields of “%s”", fields_quote);
                      XW (xmlTextWriterStartElement (w, BAD_CAST "Note"));
                      XW (write_attr (w, "guid", fields_guid));
                      XW (write_attr (w, "name", fields_name));
                      XW (write_attr (w, "creatingUser", user));
                      XW (write_attr (w, "creationDateTime", a->modified));
                      XW (xmlTextWriterWriteElement (w, BAD_CAST "PlainTextContent", BAD_CAST text));
                      XW (xmlTextWriterEndElement (w));
                    }
                }
              if (a->note == NULL)
                continue;
              guid = derived_guid ("note", a->id);
              quote = short_name (a->quote);
              name = g_strdup_printf ("Note on “%s”", quote);
              XW (xmlTextWriterStartElement (w, BAD_CAST "Note"));
              XW (write_attr (w, "guid", guid));
              XW (write_attr (w, "name", name));
              XW (write_attr (w, "creatingUser", user));
              XW (write_attr (w, "creationDateTime", a->modified));
              XW (xmlTextWriterWriteElement (w, BAD_CAST "PlainTextContent", BAD_CAST a->note));
              XW (xmlTextWriterEndElement (w));
            }
        }
      XW (xmlTextWriterEndElement (w));
    }

  if (counts.relations > 0)
    {
      LinkWriter lw = { w, users };

      XW (xmlTextWriterStartElement (w, BAD_CAST "Links"));
      if (!gloss_export_foreach_relation (store, &sql, NULL, write_link_cb, &lw, error))
        goto out;
      XW (xmlTextWriterEndElement (w));
      warn_once (warnings, "QDPX links name their relation type only: relation types and who made each "
                           "relation when are not exported.");
    }
  if (any_extras)
    warn_once (warnings, "QDPX has no typed fields or entity register: each annotation's field values and "
                         "linked entity are written as a note (“Fields of …”), not as codes.");
  if (counts.documents_with_properties > 0)
    warn_once (warnings, "Document properties are written as REFI-QDA variables of the sources (source "
                         "reliability, author, publisher, published, url, TLP), as text without their grading scale.");

  XW (xmlTextWriterEndElement (w));
  XW (xmlTextWriterEndDocument (w));
  XW (xmlTextWriterFlush (w));
  xmlFreeTextWriter (w);
  w = NULL;
  if (archive_write_finish_entry (zip.zip) != ARCHIVE_OK || archive_write_close (zip.zip) != ARCHIVE_OK)
    {
      zip_error (&zip, path, error);
      goto out;
    }
  if (!gloss_atomic_file_commit (zip.atomic, error))
    goto out;
  ok = TRUE;
  goto out;

xml_failed:
  zip_error (&zip, "project.qde", error);

out:
  if (w != NULL)
    xmlFreeTextWriter (w);
  if (zip.zip != NULL)
    archive_write_free (zip.zip);
  /* Without a commit, this removes the temporary file and keeps any old one. */
  g_clear_pointer (&zip.atomic, gloss_atomic_file_free);
  g_clear_error (&zip.stream_error);
  if (own_transaction)
    sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  gloss_scope_sql_clear (&sql);
  return ok;
}

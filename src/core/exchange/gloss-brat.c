/* gloss-brat.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-brat"

#include "config.h"

#include <string.h>
#include <errno.h>
#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>

#include "gloss-brat.h"
#include "gloss-file.h"
#include "gloss-import.h"
#include "gloss-store-private.h"
#include "gloss-export-extras.h"
#include "gloss-entities.h"
#include "gloss-fields.h"
#include "gloss-relations.h"
#include "gloss-tradecraft-private.h"

G_DEFINE_QUARK (gloss-brat-error-quark, gloss_brat_error)

/* The prefix of the note lines that carry what Gloss cannot represent. Each is
 * "brat X: " followed by the middle field of the brat line with every id replaced by
 * a reference that does not depend on numbering:
 *   Type@start-end             a T span (its first fragment when it was split)
 *   E:Type@start-end           the event whose trigger is that span
 *   R:Type(Role:ref,Role:ref)  a relation
 * For N and # the text field follows the middle field after a space. */
#define KEPT_PREFIX "brat "

/* ------------------------------------------------------------------------- */
/* Shared helpers                                                             */

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

static gboolean
is_zip_path (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".zip");
}

/* What a kept note line holds: its kind (E R A N * #) and the rest. */
typedef struct {
  char  kind;
  char *body;
} KeptLine;

static void
kept_line_free (KeptLine *line)
{
  g_free (line->body);
  g_free (line);
}

/* Splits a Gloss note into the analyst's own text and the kept brat lines. */
static void
split_note (const char *note,
            GString    *free_text,
            GPtrArray  *kept)
{
  g_auto(GStrv) lines = NULL;

  if (note == NULL)
    return;
  lines = g_strsplit (note, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *l = lines[i];

      if (g_str_has_prefix (l, KEPT_PREFIX) && l[5] != '\0' && strchr ("ERAN*#", l[5]) &&
          l[6] == ':' && l[7] == ' ' && l[8] != '\0')
        {
          KeptLine *k = g_new0 (KeptLine, 1);

          k->kind = l[5];
          k->body = g_strdup (l + 8);
          g_ptr_array_add (kept, k);
          continue;
        }
      if (free_text->len > 0)
        g_string_append_c (free_text, '\n');
      g_string_append (free_text, l);
    }
}

/* ------------------------------------------------------------------------- */
/* Export                                                                     */

/* Where the files go: a folder, or entries of a zip streamed to a replaced file. */
typedef struct {
  char             *dir;
  struct archive   *zip;
  GlossAtomicFile  *atomic;  /* the zip, written all or nothing */
  GOutputStream    *out;     /* its stream (borrowed) */
  GCancellable     *cancellable;
  GError           *stream_error;
} Sink;

static la_ssize_t
zip_write_cb (struct archive *a,
              void           *user_data,
              const void     *buffer,
              size_t          length)
{
  Sink *sink = user_data;
  gsize written = 0;

  if (sink->stream_error != NULL)
    return -1;
  if (!g_output_stream_write_all (G_OUTPUT_STREAM (sink->out), buffer, length, &written,
                                  sink->cancellable, &sink->stream_error))
    {
      archive_set_error (a, EIO, "%s", sink->stream_error->message);
      return -1;
    }
  return (la_ssize_t) written;
}

static gboolean
sink_error (Sink        *sink,
            const char  *what,
            GError     **error)
{
  if (sink->stream_error != NULL)
    g_set_error (error, GLOSS_BRAT_ERROR, GLOSS_BRAT_ERROR_FAILED, "Cannot write %s: %s",
                 what, sink->stream_error->message);
  else
    g_set_error (error, GLOSS_BRAT_ERROR, GLOSS_BRAT_ERROR_FAILED, "Cannot write %s: %s",
                 what, archive_error_string (sink->zip) ? archive_error_string (sink->zip) : "unknown error");
  return FALSE;
}

static gboolean
sink_add (Sink        *sink,
          const char  *name,
          const char  *data,
          gsize        len,
          GError     **error)
{
  struct archive_entry *entry;
  gboolean ok = TRUE;

  if (sink->dir != NULL)
    {
      g_autofree char *path = g_build_filename (sink->dir, name, NULL);
      g_autoptr(GError) local_error = NULL;

      if (!gloss_file_write_all (path, data, len, &local_error))
        {
          g_set_error (error, GLOSS_BRAT_ERROR, GLOSS_BRAT_ERROR_FAILED, "%s", local_error->message);
          return FALSE;
        }
      return TRUE;
    }

  entry = archive_entry_new ();
  archive_entry_set_pathname_utf8 (entry, name);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_size (entry, (la_int64_t) len);
  archive_entry_set_mtime (entry, (time_t) (g_get_real_time () / G_USEC_PER_SEC), 0);
  if (archive_write_header (sink->zip, entry) != ARCHIVE_OK ||
      (len > 0 && archive_write_data (sink->zip, data, len) != (la_ssize_t) len) ||
      archive_write_finish_entry (sink->zip) != ARCHIVE_OK)
    ok = sink_error (sink, name, error);
  archive_entry_free (entry);
  return ok;
}

/* A folder we may write into: missing, empty, or holding only what a brat export
 * writes (which is then removed, so no document of an older export lingers). */
static gboolean
prepare_folder (const char  *path,
                GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) old = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (g_mkdir_with_parents (path, 0755) != 0)
        {
          int saved = errno;
          g_set_error (error, GLOSS_BRAT_ERROR, GLOSS_BRAT_ERROR_FAILED,
                       "Cannot create the folder “%s”: %s", path, g_strerror (saved));
          return FALSE;
        }
      return TRUE;
    }
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, GLOSS_BRAT_ERROR, GLOSS_BRAT_ERROR_FAILED,
                   "“%s” exists and is not a folder; a brat export needs a folder or a name ending in .zip.", path);
      return FALSE;
    }
  dir = g_dir_open (path, 0, &local_error);
  if (dir == NULL)
    {
      g_set_error (error, GLOSS_BRAT_ERROR, GLOSS_BRAT_ERROR_FAILED, "%s", local_error->message);
      return FALSE;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (!g_file_test (child, G_FILE_TEST_IS_REGULAR) || g_file_test (child, G_FILE_TEST_IS_SYMLINK) ||
          !(g_str_has_suffix (name, ".txt") || g_str_has_suffix (name, ".ann") ||
            g_str_equal (name, "annotation.conf")))
        {
          g_set_error (error, GLOSS_BRAT_ERROR, GLOSS_BRAT_ERROR_FAILED,
                       "The folder “%s” holds “%s”, which is not part of a brat export; "
                       "choose an empty folder.", path, name);
          return FALSE;
        }
      g_ptr_array_add (old, g_steal_pointer (&child));
    }
  for (guint i = 0; i < old->len; i++)
    if (g_unlink (old->pdata[i]) != 0)
      {
        int saved = errno;
        g_set_error (error, GLOSS_BRAT_ERROR, GLOSS_BRAT_ERROR_FAILED,
                     "Cannot replace “%s”: %s", (char *) old->pdata[i], g_strerror (saved));
        return FALSE;
      }
  return TRUE;
}

/* brat types cannot contain spaces (the middle field is space-separated). */
static char *
brat_type (const char *label_name,
           GPtrArray  *warnings)
{
  char *type = g_strdup (label_name);
  gboolean changed = FALSE;

  for (char *p = type; *p; p++)
    if (g_ascii_isspace (*p))
      {
        *p = '_';
        changed = TRUE;
      }
  if (changed && warnings != NULL)
    {
      g_autofree char *msg = g_strdup_printf ("brat types cannot contain spaces: the label “%s” is written as “%s”.",
                                              label_name, type);
      warn_once (warnings, msg);
    }
  return type;
}

static char *
slug_for (const GlossDocument *doc,
          GHashTable          *used)
{
  GString *s = g_string_new (NULL);
  g_autofree char *ascii = g_str_to_ascii (doc->title ? doc->title : "", "C");
  g_autofree char *candidate = NULL;
  gboolean dash = FALSE;

  /* A file name every system accepts: ASCII letters and digits joined by dashes. */
  for (const char *p = ascii; *p && s->len < 40; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          if (dash && s->len > 0)
            g_string_append_c (s, '-');
          g_string_append_c (s, g_ascii_tolower (*p));
          dash = FALSE;
        }
      else
        dash = TRUE;
    }
  if (s->len == 0)
    g_string_append (s, "document");
  g_string_append_printf (s, "-%.8s", doc->id);
  candidate = g_string_free (s, FALSE);
  for (guint n = 2; g_hash_table_contains (used, candidate); n++)
    {
      char *next = g_strdup_printf ("%s-%.8s-%u", candidate, doc->id, n);
      g_free (candidate);
      candidate = next;
    }
  g_hash_table_add (used, g_strdup (candidate));
  return g_steal_pointer (&candidate);
}

/* The state of one document's .ann while it is written. */
typedef struct {
  GString    *ann;
  GHashTable *by_ref;      /* "Type@s-e" -> "Tn" */
  GHashTable *by_span;     /* "s-e" -> "Tn" (the first), when a label was renamed */
  GHashTable *events;      /* "E:..." -> "En" */
  GHashTable *relations;   /* "R:..." -> "Rn" */
  guint       n_t, n_e, n_r, n_a, n_n, n_note;
} AnnWriter;

static void
ann_writer_clear (AnnWriter *w)
{
  g_string_free (w->ann, TRUE);
  g_hash_table_unref (w->by_ref);
  g_hash_table_unref (w->by_span);
  g_hash_table_unref (w->events);
  g_hash_table_unref (w->relations);
}

static const char *
resolve_ref (AnnWriter  *w,
             const char *ref)
{
  const char *at;

  if (g_str_has_prefix (ref, "E:"))
    return g_hash_table_lookup (w->events, ref);
  if (g_str_has_prefix (ref, "R:"))
    return g_hash_table_lookup (w->relations, ref);
  if (g_hash_table_contains (w->by_ref, ref))
    return g_hash_table_lookup (w->by_ref, ref);
  at = strrchr (ref, '@');
  return at ? g_hash_table_lookup (w->by_span, at + 1) : NULL;
}

/* "Role:ref" -> "Role:Tn"; NULL when the ref is unknown. */
static char *
resolve_arg (AnnWriter  *w,
             const char *arg)
{
  const char *colon = strchr (arg, ':');
  const char *id;

  if (colon == NULL || colon == arg)
    return NULL;
  id = resolve_ref (w, colon + 1);
  return id ? g_strdup_printf ("%.*s:%s", (int) (colon - arg), arg, id) : NULL;
}

static char *
relation_key (char **tokens)
{
  g_autofree char *args = g_strjoinv (",", tokens + 1);

  return g_strdup_printf ("R:%s(%s)", tokens[0], args);
}

/* Turns a single-line text: brat fields cannot hold a TAB or a line break. */
static char *
one_line (const char *text,
          gboolean   *changed)
{
  char *s = g_strdup (text);

  for (char *p = s; *p; p++)
    if (*p == '\n' || *p == '\t' || *p == '\r')
      {
        *p = ' ';
        *changed = TRUE;
      }
  return s;
}

/* Writes one kept line back as a brat line; FALSE when a reference is unknown. */
static gboolean
write_kept (AnnWriter      *w,
            const KeptLine *k,
            GHashTable     *event_types,
            GHashTable     *relation_types,
            GHashTable     *attribute_values)
{
  g_auto(GStrv) tokens = NULL;
  g_autoptr(GString) line = g_string_new (NULL);
  guint n;

  if (k->kind == '#')
    {
      const char *space = strchr (k->body, ' ');
      g_autofree char *target = space ? g_strndup (k->body, space - k->body) : g_strdup (k->body);
      const char *id = resolve_ref (w, target);

      if (id == NULL)
        return FALSE;
      g_string_append_printf (w->ann, "#%u\tAnnotatorNotes %s\t%s\n", ++w->n_note, id, space ? space + 1 : "");
      return TRUE;
    }

  tokens = g_strsplit (k->body, " ", -1);
  n = g_strv_length (tokens);
  if (n < 2)
    return FALSE;

  switch (k->kind)
    {
    case 'E':
      {
        const char *colon = strchr (tokens[0], ':');
        g_autofree char *key = NULL;
        const char *eid;

        if (colon == NULL)
          return FALSE;
        key = g_strdup_printf ("E:%s", colon + 1);
        eid = g_hash_table_lookup (w->events, key);
        if (eid == NULL)
          return FALSE;
        g_string_append_printf (line, "%s\t", eid);
        for (guint i = 0; i < n; i++)
          {
            g_autofree char *arg = resolve_arg (w, tokens[i]);

            if (arg == NULL)
              return FALSE;
            g_string_append_printf (line, "%s%s", i ? " " : "", arg);
          }
        g_hash_table_add (event_types, g_strndup (tokens[0], colon - tokens[0]));
      }
      break;
    case 'R':
      {
        g_autofree char *key = relation_key (tokens);
        const char *rid = g_hash_table_lookup (w->relations, key);

        if (rid == NULL)
          return FALSE;
        g_string_append_printf (line, "%s\t%s", rid, tokens[0]);
        for (guint i = 1; i < n; i++)
          {
            g_autofree char *arg = resolve_arg (w, tokens[i]);

            if (arg == NULL)
              return FALSE;
            g_string_append_printf (line, " %s", arg);
          }
        /* brat itself ends relation lines with a TAB; readers expect the three fields. */
        g_string_append_c (line, '\t');
        g_hash_table_add (relation_types, g_strdup (tokens[0]));
      }
      break;
    case 'A':
      {
        const char *id = resolve_ref (w, tokens[1]);
        GHashTable *values;

        if (id == NULL || n > 3)
          return FALSE;
        g_string_append_printf (line, "A%u\t%s %s%s%s", ++w->n_a, tokens[0], id,
                                n == 3 ? " " : "", n == 3 ? tokens[2] : "");
        values = g_hash_table_lookup (attribute_values, tokens[0]);
        if (values == NULL)
          {
            values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
            g_hash_table_insert (attribute_values, g_strdup (tokens[0]), values);
          }
        if (n == 3)
          g_hash_table_add (values, g_strdup (tokens[2]));
      }
      break;
    case 'N':
      {
        const char *id = resolve_ref (w, tokens[1]);
        const char *text;

        if (id == NULL || n < 3)
          return FALSE;
        /* The text is whatever follows the third token, spaces included. */
        text = k->body + strlen (tokens[0]) + 1 + strlen (tokens[1]) + 1 + strlen (tokens[2]);
        if (*text == ' ')
          text++;
        g_string_append_printf (line, "N%u\t%s %s %s\t%s", ++w->n_n, tokens[0], id, tokens[2], text);
      }
      break;
    case '*':
      g_string_append_printf (line, "*\t%s", tokens[0]);
      for (guint i = 1; i < n; i++)
        {
          const char *id = resolve_ref (w, tokens[i]);

          if (id == NULL)
            return FALSE;
          g_string_append_printf (line, " %s", id);
        }
      g_hash_table_add (relation_types, g_strdup (tokens[0]));
      break;
    default:
      return FALSE;
    }
  g_string_append (w->ann, line->str);
  g_string_append_c (w->ann, '\n');
  return TRUE;
}

/* Appends the T line(s) of one annotation. A span that crosses a line break is split
 * into fragments at the breaks and its text is the fragments joined by a space, as
 * brat writes them. */
static gboolean
write_span (AnnWriter             *w,
            const GlossAnnotation *a,
            const char            *type,
            const char            *tid)
{
  g_autoptr(GString) offsets = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  gint64 pos = a->start, frag_start = -1;
  const char *frag_ptr = NULL;

  for (const char *p = a->quote; ; p = g_utf8_next_char (p), pos++)
    {
      gboolean at_end = (*p == '\0' || pos >= a->end);

      if (!at_end && *p != '\n')
        {
          if (frag_start < 0)
            {
              frag_start = pos;
              frag_ptr = p;
            }
          continue;
        }
      if (frag_start >= 0)
        {
          g_string_append_printf (offsets, "%s%" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
                                  offsets->len ? ";" : "", frag_start, pos);
          if (text->len)
            g_string_append_c (text, ' ');
          g_string_append_len (text, frag_ptr, p - frag_ptr);
          frag_start = -1;
        }
      if (at_end)
        break;
    }
  if (offsets->len == 0)
    return FALSE;
  g_string_append_printf (w->ann, "%s\t%s %s\t%s\n", tid, type, offsets->str, text->str);
  return TRUE;
}

static void
write_conf_section (GString    *conf,
                    const char *section,
                    GPtrArray  *lines)
{
  g_string_append_printf (conf, "[%s]\n\n", section);
  for (guint i = 0; lines && i < lines->len; i++)
    g_string_append_printf (conf, "%s\n", (char *) lines->pdata[i]);
  g_string_append_c (conf, '\n');
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static GPtrArray *
sorted_keys (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, g_strdup (key));
  g_ptr_array_sort (keys, compare_strings);
  return keys;
}

static char *
build_conf (GHashTable *entity_types,
            GHashTable *event_types,
            GHashTable *relation_types,
            GHashTable *attribute_values)
{
  GString *conf = g_string_new ("# Written by Gloss: the types this export uses.\n\n");
  g_autoptr(GPtrArray) entities = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) events = sorted_keys (event_types);
  g_autoptr(GPtrArray) relations = sorted_keys (relation_types);
  g_autoptr(GPtrArray) attributes = sorted_keys (attribute_values);
  g_autoptr(GPtrArray) all_entities = sorted_keys (entity_types);

  /* An event's trigger spans carry the event type, which brat declares under [events]. */
  for (guint i = 0; i < all_entities->len; i++)
    if (!g_hash_table_contains (event_types, all_entities->pdata[i]))
      g_ptr_array_add (entities, g_strdup (all_entities->pdata[i]));
  write_conf_section (conf, "entities", entities);

  for (guint i = 0; i < relations->len; i++)
    {
      char *line = g_strdup_printf ("%s\tArg1:<ANY>, Arg2:<ANY>", (char *) relations->pdata[i]);
      g_free (relations->pdata[i]);
      relations->pdata[i] = line;
    }
  write_conf_section (conf, "relations", relations);

  for (guint i = 0; i < events->len; i++)
    {
      char *line = g_strdup_printf ("%s\tArg*:<ANY>", (char *) events->pdata[i]);
      g_free (events->pdata[i]);
      events->pdata[i] = line;
    }
  write_conf_section (conf, "events", events);

  for (guint i = 0; i < attributes->len; i++)
    {
      GHashTable *values = g_hash_table_lookup (attribute_values, attributes->pdata[i]);
      g_autoptr(GPtrArray) vals = sorted_keys (values);
      g_autoptr(GString) line = g_string_new (NULL);

      g_string_printf (line, "%s\tArg:<ANY>", (char *) attributes->pdata[i]);
      if (vals->len > 0)
        {
          g_string_append (line, ", Value:");
          for (guint j = 0; j < vals->len; j++)
            g_string_append_printf (line, "%s%s", j ? "|" : "", (char *) vals->pdata[j]);
        }
      g_free (attributes->pdata[i]);
      attributes->pdata[i] = g_string_free (g_steal_pointer (&line), FALSE);
    }
  write_conf_section (conf, "attributes", attributes);
  return g_string_free (conf, FALSE);
}

/* A brat name (attribute, value, relation type) cannot hold a space: spaces become
 * underscores, which the import turns back when the project knows the spaced name. */
static char *
brat_name (const char *name)
{
  char *out = g_strdup (name);

  for (char *p = out; *p; p++)
    if (g_ascii_isspace (*p))
      *p = '_';
  return out;
}

/* The reference of an N line, "Database:Id": the entity's external reference when it
 * has that shape, else the entity's id in the register, "Gloss:<uuid>". */
static char *
normalization_ref (const GlossEntity *e)
{
  const char *ref = e->external_ref;
  const char *colon = ref ? strchr (ref, ':') : NULL;

  if (ref != NULL && colon != NULL && colon > ref && colon[1] != '\0' && strpbrk (ref, " \t\n\r") == NULL)
    return g_strdup (ref);
  return g_strdup_printf ("Gloss:%s", e->id);
}

/* A choice, scale or boolean field is a brat attribute; the others cannot be. */
static gboolean
is_attribute_field (const GlossField *field)
{
  return g_str_equal (field->type, GLOSS_FIELD_TYPE_CHOICE) || g_str_equal (field->type, GLOSS_FIELD_TYPE_SCALE) ||
         g_str_equal (field->type, GLOSS_FIELD_TYPE_BOOLEAN);
}

/* Declares a field's attribute and all its values in annotation.conf. */
static void
declare_attribute (GHashTable       *attribute_values,
                   const GlossField *field)
{
  g_autofree char *name = brat_name (field->name);
  GHashTable *values = g_hash_table_lookup (attribute_values, name);

  if (values == NULL)
    {
      values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (attribute_values, g_strdup (name), values);
    }
  for (guint i = 0; field->options != NULL && i < field->options->len; i++)
    g_hash_table_add (values, brat_name (((GlossFieldOption *) field->options->pdata[i])->value));
}

typedef struct {
  AnnWriter  *w;
  GHashTable *tids;             /* annotation id -> "Tn" */
  GHashTable *relation_types;
  GPtrArray  *warnings;
  const char *title;
} RelationWriter;

static gboolean
write_relation_cb (const GlossRelation *r,
                   gpointer             user_data,
                   GError             **error)
{
  RelationWriter *rw = user_data;
  const char *from = g_hash_table_lookup (rw->tids, r->from_id);
  const char *to = g_hash_table_lookup (rw->tids, r->to_id);
  g_autofree char *type = brat_name (r->type_name);

  if (g_strcmp0 (r->from_document_id, r->to_document_id) != 0)
    {
      warn_once (rw->warnings, "brat relations join spans of one document: relations across documents are "
                               "not exported.");
      return TRUE;
    }
  if (from == NULL || to == NULL)
    return TRUE;
  /* brat itself ends relation lines with a TAB. */
  g_string_append_printf (rw->w->ann, "R%u\t%s Arg1:%s Arg2:%s\t\n", ++rw->w->n_r, type, from, to);
  g_hash_table_add (rw->relation_types, g_steal_pointer (&type));
  (void) error;
  return TRUE;
}

static gboolean
export_document (GlossStore          *store,
                 const GlossScopeSql *sql,
                 const GlossDocument *listed,
                 Sink                *sink,
                 GHashTable          *used_names,
                 GHashTable          *entity_types,
                 GHashTable          *event_types,
                 GHashTable          *relation_types,
                 GHashTable          *attribute_values,
                 GlossExportExtras   *extras,
                 gboolean             has_relations,
                 GPtrArray           *warnings,
                 GError             **error)
{
  g_autoptr(GlossDocument) doc = gloss_store_get_document (store, listed->id, error);
  g_autoptr(GHashTable) tids = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func ((GDestroyNotify) kept_line_free);
  g_autoptr(GPtrArray) free_notes = g_ptr_array_new_with_free_func (g_free);   /* "Tn\ttext" */
  g_autofree char *slug = NULL;
  g_autofree char *txt_name = NULL;
  g_autofree char *ann_name = NULL;
  AnnWriter w = { 0 };
  gboolean flattened = FALSE, ok;

  if (doc == NULL)
    return FALSE;
  annotations = gloss_scope_sql_list_annotations (store, sql, doc->id, error);
  if (annotations == NULL)
    return FALSE;

  slug = slug_for (doc, used_names);
  txt_name = g_strconcat (slug, ".txt", NULL);
  ann_name = g_strconcat (slug, ".ann", NULL);

  w.ann = g_string_new (NULL);
  w.by_ref = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  w.by_span = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  w.events = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  w.relations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  /* Spans first: every other line refers to them. */
  for (guint i = 0; i < annotations->len; i++)
    {
      GlossAnnotation *a = annotations->pdata[i];
      g_autofree char *type = brat_type (a->label_name, warnings);
      g_autofree char *tid = g_strdup_printf ("T%u", w.n_t + 1);
      g_autoptr(GString) free_text = g_string_new (NULL);
      char *span_key;

      if (!write_span (&w, a, type, tid))
        {
          g_autofree char *msg = g_strdup_printf ("An annotation of “%s” covers only line breaks, which brat "
                                                  "cannot show; it was left out.", doc->title);
          warn_once (warnings, msg);
          continue;
        }
      w.n_t++;
      g_hash_table_insert (tids, a->id, g_strdup (tid));
      g_hash_table_add (entity_types, g_strdup (type));
      g_hash_table_insert (w.by_ref, g_strdup_printf ("%s@%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT, type, a->start, a->end),
                           g_strdup (tid));
      span_key = g_strdup_printf ("%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT, a->start, a->end);
      if (!g_hash_table_contains (w.by_span, span_key))
        g_hash_table_insert (w.by_span, span_key, g_strdup (tid));
      else
        g_free (span_key);

      split_note (a->note, free_text, kept);
      if (free_text->len > 0)
        g_ptr_array_add (free_notes, g_strdup_printf ("%s\t%s", tid, free_text->str));
    }

  /* Events and relations are numbered before any line is written, since an event can
   * name a later event as an argument and notes and attributes can hang on either. */
  for (guint i = 0; i < kept->len; i++)
    {
      KeptLine *k = kept->pdata[i];

      if (k->kind == 'E')
        {
          const char *colon = strchr (k->body, ':');
          const char *space = strchr (k->body, ' ');
          g_autofree char *key = NULL;

          if (colon == NULL || (space != NULL && space < colon))
            continue;
          key = g_strdup_printf ("E:%.*s", (int) (space ? space - colon - 1 : (gssize) strlen (colon + 1)), colon + 1);
          if (!g_hash_table_contains (w.events, key))
            g_hash_table_insert (w.events, g_steal_pointer (&key), g_strdup_printf ("E%u", ++w.n_e));
        }
      else if (k->kind == 'R')
        {
          g_auto(GStrv) tokens = g_strsplit (k->body, " ", -1);
          g_autofree char *key = relation_key (tokens);

          if (!g_hash_table_contains (w.relations, key))
            g_hash_table_insert (w.relations, g_steal_pointer (&key), g_strdup_printf ("R%u", ++w.n_r));
        }
    }

  /* Notes (#) come last, after the analyst's own notes below. */
  for (const char *order = "ER*AN"; *order; order++)
    for (guint i = 0; i < kept->len; i++)
      {
        KeptLine *k = kept->pdata[i];

        if (k->kind != *order)
          continue;
        if (!write_kept (&w, k, event_types, relation_types, attribute_values))
          {
            g_autofree char *msg = g_strdup_printf ("In “%s”, the note line “brat %c: %s” refers to a span "
                                                    "that is not exported; it was left out.", doc->title, k->kind, k->body);
            warn_once (warnings, msg);
          }
      }

  /* The analyst structures: relations within the document (R), choice, scale and
   * boolean field values (A; a false boolean is an absent attribute), linked
   * entities (N). */
  if (has_relations)
    {
      RelationWriter rw = { &w, tids, relation_types, warnings, doc->title };

      if (!gloss_export_foreach_relation (store, sql, doc->id, write_relation_cb, &rw, error))
        {
          ann_writer_clear (&w);
          return FALSE;
        }
    }
  for (guint i = 0; i < annotations->len; i++)
    {
      GlossAnnotation *a = annotations->pdata[i];
      const char *tid = g_hash_table_lookup (tids, a->id);
      g_autoptr(GPtrArray) values = NULL;

      if (tid == NULL)
        continue;
      values = gloss_export_extras_list_values (extras, a, error);
      if (values == NULL)
        {
          ann_writer_clear (&w);
          return FALSE;
        }
      for (guint j = 0; j < values->len; j++)
        {
          GlossExportValue *v = values->pdata[j];
          g_autofree char *name = brat_name (v->field->name);

          if (!is_attribute_field (v->field))
            {
              g_autofree char *msg = g_strdup_printf ("brat attributes hold choices, scales and yes/no values: "
                                                      "values of the %s field “%s” are not exported.",
                                                      v->field->type, v->field->name);
              warn_once (warnings, msg);
              continue;
            }
          declare_attribute (attribute_values, v->field);
          if (g_str_equal (v->field->type, GLOSS_FIELD_TYPE_BOOLEAN))
            {
              if (g_str_equal (v->value, "true"))
                g_string_append_printf (w.ann, "A%u\t%s %s\n", ++w.n_a, name, tid);
            }
          else
            {
              g_autofree char *value = brat_name (v->value);
              g_string_append_printf (w.ann, "A%u\t%s %s %s\n", ++w.n_a, name, tid, value);
            }
        }
      if (a->entity_id != NULL)
        {
          const GlossEntity *e = gloss_export_extras_get_entity (extras, a->entity_id, error);
          g_autofree char *ref = NULL;
          g_autofree char *name = NULL;

          if (e == NULL)
            {
              ann_writer_clear (&w);
              return FALSE;
            }
          ref = normalization_ref (e);
          name = one_line (e->name, &flattened);
          g_string_append_printf (w.ann, "N%u\tReference %s %s\t%s\n", ++w.n_n, tid, ref, name);
        }
    }

  for (guint i = 0; i < free_notes->len; i++)
    {
      const char *entry = free_notes->pdata[i];
      const char *tab = strchr (entry, '\t');
      g_autofree char *text = one_line (tab + 1, &flattened);

      g_string_append_printf (w.ann, "#%u\tAnnotatorNotes %.*s\t%s\n", ++w.n_note, (int) (tab - entry), entry, text);
    }
  for (guint i = 0; i < kept->len; i++)
    {
      KeptLine *k = kept->pdata[i];

      if (k->kind == '#' && !write_kept (&w, k, event_types, relation_types, attribute_values))
        {
          g_autofree char *msg = g_strdup_printf ("In “%s”, the note line “brat #: %s” refers to something "
                                                  "that is not exported; it was left out.", doc->title, k->body);
          warn_once (warnings, msg);
        }
    }
  if (flattened)
    warn_once (warnings, "brat notes are one line: line breaks and tabs in notes were written as spaces.");

  ok = sink_add (sink, txt_name, doc->text, strlen (doc->text), error) &&
       sink_add (sink, ann_name, w.ann->str, w.ann->len, error);
  ann_writer_clear (&w);
  return ok;
}

/**
 * gloss_brat_export:
 * @store: the project
 * @scope: (nullable): what to export; %NULL for everything
 * @path: a folder (created if missing; it must be empty or hold only an earlier brat
 *   export, which is replaced), or a file name ending in ".zip"
 * @warnings: (nullable) (element-type utf8): gets one sentence per thing brat cannot carry
 * @cancellable: (nullable): checked between documents
 * @error: return location for a #GError
 *
 * Writes NAME.txt (the stored text, byte for byte) and NAME.ann per document in scope,
 * and an annotation.conf declaring the types used. A zip is written to a temporary
 * file and renamed over @path only when complete.
 *
 * Returns: %TRUE on success
 */
gboolean
gloss_brat_export (GlossStore        *store,
                   const GlossScope  *scope,
                   const char        *path,
                   GPtrArray         *warnings,
                   GCancellable      *cancellable,
                   GError           **error)
{
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(GHashTable) used_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) entity_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) event_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) relation_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) attribute_values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                                  (GDestroyNotify) g_hash_table_unref);
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GlossExportExtras) extras = gloss_export_extras_new (store);
  GlossExportCounts counts;
  g_autofree char *conf = NULL;
  g_autoptr(GFile) file = NULL;
  sqlite3 *db;
  gboolean own_transaction;
  GlossScopeSql sql;
  Sink sink = { 0 };
  gboolean ok = TRUE;

  g_return_val_if_fail (GLOSS_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!gloss_scope_sql_init (store, scope, &sql, error))
    return FALSE;
  db = gloss_store_get_db (store);
  /* One read transaction: the export is one consistent snapshot. */
  own_transaction = sqlite3_get_autocommit (db) && sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;

  documents = gloss_scope_list_documents (store, scope, FALSE, error);
  labels = documents ? gloss_scope_list_labels (store, scope, error) : NULL;
  if (labels == NULL || !gloss_export_count (store, &sql, &counts, error))
    {
      ok = FALSE;
      goto out;
    }
  /* Declare every label in scope, used or not, so a brat user can annotate with them,
   * and the attributes of their choice, scale and boolean fields. */
  for (guint i = 0; i < labels->len; i++)
    {
      GlossLabel *label = labels->pdata[i];
      GPtrArray *fields = gloss_export_extras_get_fields (extras, label->id, error);

      if (fields == NULL)
        {
          ok = FALSE;
          goto out;
        }
      g_hash_table_add (entity_types, brat_type (label->name, warnings));
      for (guint j = 0; j < fields->len; j++)
        if (is_attribute_field (fields->pdata[j]))
          declare_attribute (attribute_values, fields->pdata[j]);
    }

  sink.cancellable = cancellable;
  if (is_zip_path (path))
    {
      file = g_file_new_for_path (path);
      sink.atomic = gloss_atomic_file_new (path, error);
      sink.out = sink.atomic ? gloss_atomic_file_get_stream (sink.atomic) : NULL;
      if (sink.out == NULL)
        {
          ok = FALSE;
          goto out;
        }
      sink.zip = archive_write_new ();
      if (archive_write_set_format_zip (sink.zip) != ARCHIVE_OK ||
          archive_write_open (sink.zip, &sink, NULL, zip_write_cb, NULL) != ARCHIVE_OK)
        {
          ok = sink_error (&sink, path, error);
          goto out;
        }
    }
  else
    {
      if (!prepare_folder (path, error))
        {
          ok = FALSE;
          goto out;
        }
      sink.dir = g_strdup (path);
    }

  for (guint i = 0; ok && i < documents->len; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        ok = FALSE;
      else
        ok = export_document (store, &sql, documents->pdata[i], &sink, used_names, entity_types,
                              event_types, relation_types, attribute_values, extras, counts.relations > 0,
                              warnings, error);
    }
  if (ok)
    {
      conf = build_conf (entity_types, event_types, relation_types, attribute_values);
      ok = sink_add (&sink, "annotation.conf", conf, strlen (conf), error);
    }
  if (ok && sink.zip != NULL && archive_write_close (sink.zip) != ARCHIVE_OK)
    ok = sink_error (&sink, path, error);
  if (ok && sink.out != NULL)
    ok = gloss_atomic_file_commit (sink.atomic, error);

  if (ok && warnings != NULL)
    {
      warn_once (warnings, "brat has no annotators or times: they are not exported.");
      /* What else stays behind, so that nothing is dropped without a word. */
      warn_once (warnings, "brat types are label names only: label colours, kinds, shortcut keys and "
                           "descriptions are not exported.");
      warn_once (warnings, "brat has no document titles, sources or metadata: a title survives only in "
                           "the file names.");
      if (counts.documents_with_properties > 0)
        warn_once (warnings, "brat has no document properties: source reliability, author, publisher, "
                             "publication date, URL and TLP marking are not exported.");
      if (counts.entity_links > 0)
        warn_once (warnings, "brat normalizations (N) name each linked entity by its reference (or "
                             "Gloss:<entity id> when it has none) and canonical name: entity aliases and "
                             "descriptions are not exported.");
    }

out:
  if (sink.zip != NULL)
    archive_write_free (sink.zip);
  /* Without a commit, this removes the temporary zip and keeps any old one. */
  g_clear_pointer (&sink.atomic, gloss_atomic_file_free);
  g_clear_error (&sink.stream_error);
  g_free (sink.dir);
  if (own_transaction)
    sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  gloss_scope_sql_clear (&sql);
  return ok;
}

/* ------------------------------------------------------------------------- */
/* Import                                                                     */

/* The brat files of a folder or zip, read into memory: path -> GBytes. */
static gboolean
wanted_name (const char *name)
{
  const char *base = strrchr (name, '/');

  base = base ? base + 1 : name;
  if (base[0] == '.' || g_str_has_prefix (name, "__MACOSX/"))
    return FALSE;
  return g_str_has_suffix (base, ".txt") || g_str_has_suffix (base, ".ann") || g_str_equal (base, "annotation.conf");
}

static gboolean
read_folder (const char  *path,
             GHashTable  *files,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) dir = g_dir_open (path, 0, &local_error);
  const char *name;

  if (dir == NULL)
    {
      g_set_error (error, GLOSS_BRAT_ERROR, GLOSS_BRAT_ERROR_FAILED, "%s", local_error->message);
      return FALSE;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      char *data = NULL;
      gsize len = 0;

      if (!wanted_name (name) || !g_file_test (child, G_FILE_TEST_IS_REGULAR))
        continue;
      if (!gloss_file_refuse_open_project (child, GLOSS_BRAT_ERROR, GLOSS_BRAT_ERROR_FAILED, error))
        return FALSE;
      if (!g_file_get_contents (child, &data, &len, &local_error))
        {
          g_set_error (error, GLOSS_BRAT_ERROR, GLOSS_BRAT_ERROR_FAILED, "%s", local_error->message);
          return FALSE;
        }
      g_hash_table_insert (files, g_strdup (name), g_bytes_new_take (data, len));
    }
  return TRUE;
}

/* A zip made elsewhere is untrusted: a name that is absolute or climbs out of the
 * archive ("../../x.ann", "/etc/x.ann", "C:\x.ann") is not something a brat corpus
 * holds, and is refused rather than guessed at, even though nothing is unpacked to
 * disk. */
static gboolean
zip_name_is_safe (const char *name)
{
  g_auto(GStrv) parts = NULL;

  if (name[0] == '/' || name[0] == '\\' || (g_ascii_isalpha (name[0]) && name[1] == ':'))
    return FALSE;
  /* Some Windows tools write a backslash between folders: both separate here. */
  parts = g_strsplit_set (name, "/\\", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (g_str_equal (parts[i], ".."))
      return FALSE;
  return TRUE;
}

static gboolean
read_zip (const char  *path,
          GHashTable  *files,
          GError     **error)
{
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;
  g_autofree char *base = g_path_get_basename (path);
  gsize total = 0;
  gboolean ok = TRUE;
  int rc;

  archive_read_support_format_zip (a);
  if (archive_read_open_filename (a, path, 64 * 1024) != ARCHIVE_OK)
    {
      g_set_error (error, GLOSS_BRAT_ERROR, GLOSS_BRAT_ERROR_FAILED, "“%s” cannot be read as a zip: %s",
                   base, archive_error_string (a));
      archive_read_free (a);
      return FALSE;
    }
  while ((rc = archive_read_next_header (a, &entry)) == ARCHIVE_OK)
    {
      const char *name = archive_entry_pathname_utf8 (entry);
      GByteArray *buf;
      char chunk[64 * 1024];
      la_ssize_t n;

      if (name == NULL)
        name = archive_entry_pathname (entry);
      if (name != NULL && !zip_name_is_safe (name))
        {
          g_set_error (error, GLOSS_BRAT_ERROR, GLOSS_BRAT_ERROR_INVALID,
                       "“%s” holds an entry named “%s”, which points outside the archive; "
                       "the zip is not imported.", base, name);
          ok = FALSE;
          break;
        }
      if (name == NULL || archive_entry_filetype (entry) != AE_IFREG || !wanted_name (name))
        continue;
      buf = g_byte_array_new ();
      while ((n = archive_read_data (a, chunk, sizeof chunk)) > 0)
        {
          total += (gsize) n;
          /* A zip bomb must not eat the memory: the same limit as a text import. */
          if (total > GLOSS_IMPORT_MAX_BYTES)
            {
              n = -1;
              break;
            }
          g_byte_array_append (buf, (const guint8 *) chunk, (guint) n);
        }
      if (n < 0)
        {
          if (total > GLOSS_IMPORT_MAX_BYTES)
            g_set_error (error, GLOSS_BRAT_ERROR, GLOSS_BRAT_ERROR_FAILED,
                         "“%s” unpacks to more than %d MiB of brat files.", base,
                         GLOSS_IMPORT_MAX_BYTES / (1024 * 1024));
          else
            g_set_error (error, GLOSS_BRAT_ERROR, GLOSS_BRAT_ERROR_FAILED, "“%s” cannot be unpacked (%s).",
                         base, archive_error_string (a) ? archive_error_string (a) : "unknown error");
          g_byte_array_unref (buf);
          ok = FALSE;
          break;
        }
      g_hash_table_insert (files, g_strdup (name), g_byte_array_free_to_bytes (buf));
    }
  if (ok && rc != ARCHIVE_EOF)
    {
      g_set_error (error, GLOSS_BRAT_ERROR, GLOSS_BRAT_ERROR_FAILED, "“%s” cannot be read as a zip: %s",
                   base, archive_error_string (a));
      ok = FALSE;
    }
  archive_read_free (a);
  return ok;
}

typedef struct {
  char     *label_id;
  gint64    start;
  gint64    end;
  GString  *free_note;   /* AnnotatorNotes on the span itself */
  GString  *kept;        /* "brat X: ..." lines */
} Pending;

static void
pending_clear (Pending *p)
{
  g_free (p->label_id);
  g_string_free (p->free_note, TRUE);
  g_string_free (p->kept, TRUE);
}

typedef struct {
  char    *id;
  char     kind;      /* T E R A N # * (M is read as A) */
  guint    line;
  char    *type;
  char   **args;      /* the tokens of the middle field after the type; for E all of them */
  char    *text;      /* T, N, # */
  GArray  *frags;     /* T: start, end pairs (gint64) */
  guint    first;     /* T: its first Pending */
  char    *ref;
  gboolean resolving;
} BratLine;

static void
brat_line_free (BratLine *l)
{
  g_free (l->id);
  g_free (l->type);
  g_strfreev (l->args);
  g_free (l->text);
  if (l->frags)
    g_array_unref (l->frags);
  g_free (l->ref);
  g_free (l);
}

typedef struct {
  GlossStore        *store;
  GlossImportReport *report;
  GHashTable        *labels;       /* brat type -> label id */
  GHashTable        *conf_entities;
  GHashTable        *conf_attributes;   /* attribute -> GPtrArray of its declared values */
} Import;

/* What a span's A and N lines put on its annotation. */
typedef struct {
  GPtrArray *names;    /* field names (owned) */
  GPtrArray *values;   /* canonical values (owned) */
  char      *entity_id;
  char      *entity_name;
  char      *entity_ref;
  gboolean   has_entity;
} SpanExtras;

static void
span_extras_clear (SpanExtras *x)
{
  g_clear_pointer (&x->names, g_ptr_array_unref);
  g_clear_pointer (&x->values, g_ptr_array_unref);
  g_free (x->entity_id);
  g_free (x->entity_name);
  g_free (x->entity_ref);
}

static char *
spaced (const char *name)
{
  char *out = g_strdup (name);

  g_strdelimit (out, "_", ' ');
  return out;
}

/* The field an attribute stands for on a label: by name, or with its underscores read
 * as spaces, or else a new one (a choice of the values annotation.conf declares, or a
 * yes/no field for a binary attribute). NULL when the label's field of that name
 * cannot hold the attribute: the line is then kept. The canonical value goes to
 * @out_value. */
static GlossField *
attribute_field (Import      *im,
                 const char  *label_id,
                 const char  *name,
                 const char  *raw_value,
                 char       **out_value,
                 GError     **error)
{
  g_autofree char *spaced_name = spaced (name);
  g_autofree char *spaced_value = raw_value ? spaced (raw_value) : NULL;
  g_autoptr(GlossField) field = gloss_store_find_field (im->store, label_id, name, NULL);
  g_autoptr(GError) local_error = NULL;

  *out_value = NULL;
  if (field == NULL && !g_str_equal (spaced_name, name))
    field = gloss_store_find_field (im->store, label_id, spaced_name, NULL);
  if (field == NULL)
    {
      g_autoptr(GlossField) added = gloss_field_new ();
      GPtrArray *declared = g_hash_table_lookup (im->conf_attributes, name);

      added->name = g_strdup (name);
      added->type = g_strdup (raw_value ? GLOSS_FIELD_TYPE_CHOICE : GLOSS_FIELD_TYPE_BOOLEAN);
      if (raw_value != NULL)
        {
          for (guint i = 0; declared != NULL && i < declared->len; i++)
            g_ptr_array_add (added->options, gloss_field_option_new (declared->pdata[i], NULL, NULL));
          if (declared == NULL || !g_ptr_array_find_with_equal_func (declared, raw_value, g_str_equal, NULL))
            g_ptr_array_add (added->options, gloss_field_option_new (raw_value, NULL, NULL));
        }
      field = gloss_store_add_field (im->store, label_id, added, &local_error);
      if (field == NULL)
        {
          g_set_error (error, GLOSS_BRAT_ERROR, GLOSS_BRAT_ERROR_INVALID, "the attribute “%s” cannot become a field: %s",
                       name, local_error->message);
          return NULL;
        }
      im->report->fields_added++;
    }
  if (g_str_equal (field->type, GLOSS_FIELD_TYPE_BOOLEAN))
    {
      if (raw_value != NULL)
        return NULL;
      *out_value = g_strdup ("true");
      return g_steal_pointer (&field);
    }
  if (raw_value == NULL)
    return NULL;
  *out_value = gloss_field_normalize_value (im->store, field, raw_value, NULL);
  if (*out_value == NULL && spaced_value != NULL)
    *out_value = gloss_field_normalize_value (im->store, field, spaced_value, NULL);
  if (*out_value == NULL && g_str_equal (field->type, GLOSS_FIELD_TYPE_CHOICE))
    {
      /* A value the project's choice does not have yet: it becomes one more option. */
      g_ptr_array_add (field->options, gloss_field_option_new (raw_value, NULL, NULL));
      if (!gloss_store_update_field (im->store, field, &local_error))
        {
          g_set_error (error, GLOSS_BRAT_ERROR, GLOSS_BRAT_ERROR_INVALID, "the value “%s” cannot be added to the "
                       "field “%s”: %s", raw_value, field->name, local_error->message);
          return NULL;
        }
      *out_value = g_strdup (raw_value);
    }
  return *out_value ? g_steal_pointer (&field) : NULL;
}

static void G_GNUC_PRINTF (5, 6)
line_error (GError    **error,
            int         code,
            const char *file,
            guint       line,
            const char *format,
            ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, GLOSS_BRAT_ERROR, code, "“%s” line %u: %s", file, line, msg);
}

static gboolean
parse_offset (const char *s,
              gint64     *out)
{
  guint64 v;

  if (s == NULL || !g_ascii_isdigit (*s))
    return FALSE;
  if (!g_ascii_string_to_unsigned (s, 10, 0, G_MAXINT64, &v, NULL))
    return FALSE;
  *out = (gint64) v;
  return TRUE;
}

static gboolean
valid_id (const char *id)
{
  if (id[0] == '*')
    return id[1] == '\0';
  if (id[1] == '\0')
    return FALSE;
  for (const char *p = id + 1; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

static BratLine *
parse_line (const char  *file,
            guint        lineno,
            const char  *text,
            GError     **error)
{
  g_auto(GStrv) fields = g_strsplit (text, "\t", 3);
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  BratLine *l;
  guint n_fields = g_strv_length (fields);
  guint n;
  char kind;

  if (n_fields < 2 || fields[0][0] == '\0')
    {
      line_error (error, GLOSS_BRAT_ERROR_SYNTAX, file, lineno, "expected an id, a TAB and an annotation");
      return NULL;
    }
  kind = fields[0][0] == 'M' ? 'A' : fields[0][0];
  if (strchr ("TERAN#*", kind) == NULL)
    {
      line_error (error, GLOSS_BRAT_ERROR_SYNTAX, file, lineno, "unknown line type “%s” (brat has T, R, E, A, M, N, * and #)",
                  fields[0]);
      return NULL;
    }
  if (!valid_id (fields[0]))
    {
      line_error (error, GLOSS_BRAT_ERROR_SYNTAX, file, lineno, "“%s” is not a brat id", fields[0]);
      return NULL;
    }

  l = g_new0 (BratLine, 1);
  l->id = g_strdup (fields[0]);
  l->kind = kind;
  l->line = lineno;

  if (kind == 'T')
    {
      const char *space = strchr (fields[1], ' ');
      g_auto(GStrv) parts = NULL;

      if (space == NULL || space == fields[1] || n_fields < 3)
        {
          line_error (error, GLOSS_BRAT_ERROR_SYNTAX, file, lineno,
                      "a span needs “Type start end”, a TAB and its text");
          brat_line_free (l);
          return NULL;
        }
      l->type = g_strndup (fields[1], space - fields[1]);
      l->text = g_strdup (fields[2]);
      l->frags = g_array_new (FALSE, FALSE, sizeof (gint64));
      parts = g_strsplit (space + 1, ";", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        {
          g_auto(GStrv) pair = g_strsplit (parts[i], " ", -1);
          gint64 s, e;

          if (g_strv_length (pair) != 2 || !parse_offset (pair[0], &s) || !parse_offset (pair[1], &e))
            {
              line_error (error, GLOSS_BRAT_ERROR_SYNTAX, file, lineno,
                          "“%s” is not a pair of offsets such as “0 5”", parts[i]);
              brat_line_free (l);
              return NULL;
            }
          g_array_append_val (l->frags, s);
          g_array_append_val (l->frags, e);
        }
      return l;
    }

  /* The other lines: space-separated tokens; what follows a second TAB is text (N, #)
   * or nothing (brat ends R lines with a TAB). */
  {
    g_auto(GStrv) split = g_strsplit (fields[1], " ", -1);

    for (guint i = 0; split[i] != NULL; i++)
      if (split[i][0] != '\0')
        g_ptr_array_add (tokens, g_strdup (split[i]));
  }
  n = tokens->len;
  g_ptr_array_add (tokens, NULL);
  if (n_fields == 3 && kind != 'N' && kind != '#' && fields[2][0] != '\0')
    {
      line_error (error, GLOSS_BRAT_ERROR_SYNTAX, file, lineno, "unexpected text after the second TAB");
      brat_line_free (l);
      return NULL;
    }
  if ((kind == 'E' && n < 1) || (kind == 'R' && n != 3) || (kind == 'A' && (n < 2 || n > 3)) ||
      (kind == 'N' && n != 3) || (kind == '#' && n != 2) || (kind == '*' && n < 3))
    {
      static const char *const shapes[] = {
        "E", "an event needs “Type:T1 Role:T2 ...”",
        "R", "a relation needs “Type Arg1:T1 Arg2:T2”",
        "A", "an attribute needs “Name T1” or “Name T1 Value”",
        "N", "a normalisation needs “Type T1 Database:Id” and a TAB before its text",
        "#", "a note needs “AnnotatorNotes T1”, a TAB and its text",
        "*", "an equivalence needs “Type T1 T2 ...”",
      };
      const char *shape = "malformed line";

      for (guint i = 0; i < G_N_ELEMENTS (shapes); i += 2)
        if (shapes[i][0] == kind)
          shape = shapes[i + 1];
      line_error (error, GLOSS_BRAT_ERROR_SYNTAX, file, lineno, "%s", shape);
      brat_line_free (l);
      return NULL;
    }
  for (guint i = (kind == 'E' ? 0 : 1); (kind == 'E' || kind == 'R') && i < n; i++)
    if (strchr (tokens->pdata[i], ':') == NULL)
      {
        line_error (error, GLOSS_BRAT_ERROR_SYNTAX, file, lineno, "“%s” is not “Role:Id”", (char *) tokens->pdata[i]);
        brat_line_free (l);
        return NULL;
      }
  if (kind == 'E')
    {
      const char *t = tokens->pdata[0];
      l->type = g_strndup (t, strchr (t, ':') - t);
      l->args = (char **) g_ptr_array_free (g_steal_pointer (&tokens), FALSE);
    }
  else
    {
      l->type = g_strdup (tokens->pdata[0]);
      l->args = g_new0 (char *, n);
      for (guint i = 1; i < n; i++)
        l->args[i - 1] = g_strdup (tokens->pdata[i]);
    }
  if (kind == 'N' || kind == '#')
    l->text = g_strdup (n_fields == 3 ? fields[2] : "");
  return l;
}

/* The id part of "Role:Id". */
static const char *
arg_id (const char *arg)
{
  const char *colon = strchr (arg, ':');
  return colon ? colon + 1 : arg;
}

static BratLine *
lookup_target (GHashTable  *by_id,
               const char  *id,
               const char  *file,
               BratLine    *from,
               GError     **error)
{
  BratLine *t = g_hash_table_lookup (by_id, id);

  if (t == NULL)
    line_error (error, GLOSS_BRAT_ERROR_INVALID, file, from->line, "%s refers to %s, which is not in the file", from->id, id);
  return t;
}

/* The numbering-independent reference of a T, E or R line (see KEPT_PREFIX). */
static const char *
line_ref (GHashTable  *by_id,
          GArray      *pending,
          BratLine    *l,
          const char  *file,
          GError     **error)
{
  if (l->ref != NULL)
    return l->ref;
  if (l->resolving)
    {
      line_error (error, GLOSS_BRAT_ERROR_INVALID, file, l->line, "%s refers to itself through its arguments", l->id);
      return NULL;
    }
  l->resolving = TRUE;
  if (l->kind == 'T')
    {
      Pending *p = &g_array_index (pending, Pending, l->first);
      l->ref = g_strdup_printf ("%s@%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT, l->type, p->start, p->end);
    }
  else if (l->kind == 'E')
    {
      BratLine *trigger = lookup_target (by_id, arg_id (l->args[0]), file, l, error);
      const char *ref;

      if (trigger == NULL)
        return NULL;
      if (trigger->kind != 'T')
        {
          line_error (error, GLOSS_BRAT_ERROR_INVALID, file, l->line, "the trigger of %s must be a span (T), not %s",
                      l->id, trigger->id);
          return NULL;
        }
      ref = line_ref (by_id, pending, trigger, file, error);
      if (ref == NULL)
        return NULL;
      l->ref = g_strdup_printf ("E:%s", ref);
    }
  else if (l->kind == 'R')
    {
      g_autoptr(GString) s = g_string_new ("R:");

      g_string_append_printf (s, "%s(", l->type);
      for (guint i = 0; l->args[i] != NULL; i++)
        {
          BratLine *t = lookup_target (by_id, arg_id (l->args[i]), file, l, error);
          const char *ref = t ? line_ref (by_id, pending, t, file, error) : NULL;

          if (ref == NULL)
            return NULL;
          g_string_append_printf (s, "%s%.*s:%s", i ? "," : "", (int) (arg_id (l->args[i]) - 1 - l->args[i]),
                                  l->args[i], ref);
        }
      g_string_append_c (s, ')');
      l->ref = g_string_free (g_steal_pointer (&s), FALSE);
    }
  else
    {
      line_error (error, GLOSS_BRAT_ERROR_INVALID, file, l->line,
                  "%s cannot be the target of another annotation", l->id);
      return NULL;
    }
  return l->ref;
}

/* The span a line's kept note goes on: the span itself, an event's trigger, a
 * relation's first argument. */
static gint
line_anchor (GHashTable *by_id,
             BratLine   *l,
             guint       depth)
{
  BratLine *t;

  if (depth > 16 || l == NULL)
    return -1;
  switch (l->kind)
    {
    case 'T':
      return (gint) l->first;
    case 'E':
    case 'R':
      t = g_hash_table_lookup (by_id, arg_id (l->args[0]));
      return line_anchor (by_id, t, depth + 1);
    default:
      return -1;
    }
}

static const char *
label_for_type (Import      *im,
                const char  *type,
                const char  *file,
                guint        lineno,
                GError     **error)
{
  const char *known = g_hash_table_lookup (im->labels, type);
  g_autoptr(GlossLabel) label = NULL;
  g_autoptr(GError) local_error = NULL;

  if (known != NULL)
    return known;
  label = gloss_store_find_label_by_name (im->store, type, NULL);
  if (label == NULL && strchr (type, '_') != NULL)
    {
      g_autofree char *spaced = g_strdup (type);

      g_strdelimit (spaced, "_", ' ');
      label = gloss_store_find_label_by_name (im->store, spaced, NULL);
    }
  if (label != NULL)
    im->report->labels_matched++;
  else
    {
      const char *kind = g_hash_table_contains (im->conf_entities, type) ? GLOSS_LABEL_KIND_ENTITY : GLOSS_LABEL_KIND_TAG;

      label = gloss_store_add_label (im->store, type, kind, NULL, NULL, NULL, &local_error);
      if (label == NULL)
        {
          line_error (error, GLOSS_BRAT_ERROR_INVALID, file, lineno, "the type “%s” cannot become a label: %s",
                      type, local_error->message);
          return NULL;
        }
      im->report->labels_added++;
    }
  g_hash_table_insert (im->labels, g_strdup (type), g_strdup (label->id));
  return g_hash_table_lookup (im->labels, type);
}

static void
append_line (GString    *s,
             const char *line)
{
  if (s->len > 0)
    g_string_append_c (s, '\n');
  g_string_append (s, line);
}

static gboolean
import_pair (Import      *im,
             const char  *base,       /* path without extension */
             GBytes      *txt,
             GBytes      *ann,
             GError     **error)
{
  g_autofree char *txt_name = g_strconcat (base, ".txt", NULL);
  g_autofree char *ann_name = g_strconcat (base, ".ann", NULL);
  g_autofree char *title = g_path_get_basename (base);
  g_autofree char *text = NULL;
  g_autofree char *sha = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GlossTextIndex) index = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) brat_line_free);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) existing = NULL;
  g_autoptr(GlossDocument) doc = NULL;
  g_autoptr(GArray) pending = g_array_new (FALSE, TRUE, sizeof (Pending));
  g_autoptr(GArray) extras = g_array_new (FALSE, TRUE, sizeof (SpanExtras));
  g_autoptr(GPtrArray) annotation_ids = g_ptr_array_new_with_free_func (g_free);   /* per pending; NULL: not added */
  g_autoptr(GPtrArray) links = g_ptr_array_new ();   /* R lines that become relations (borrowed) */
  g_autoptr(GHashTable) targeted = g_hash_table_new (g_str_hash, g_str_equal);
  guint counts[128] = { 0 }, n_structured = 0;
  gsize text_len;
  gint64 length;
  gboolean ok = FALSE;

  g_array_set_clear_func (pending, (GDestroyNotify) pending_clear);

  text_len = g_bytes_get_size (txt);
  text = text_len ? g_strndup (g_bytes_get_data (txt, NULL), text_len) : g_strdup ("");
  if (strlen (text) != text_len || !gloss_text_is_storable (text, text_len, &local_error))
    {
      g_set_error (error, GLOSS_BRAT_ERROR, GLOSS_BRAT_ERROR_INVALID, "“%s”: %s", txt_name,
                   local_error ? local_error->message : "the text contains a NUL byte");
      return FALSE;
    }
  index = gloss_text_index_new (text, text_len);
  length = gloss_text_index_get_length (index);

  /* Parse every line first: a bad line anywhere leaves the project as it was. */
  if (ann != NULL)
    {
      gsize ann_len = g_bytes_get_size (ann);
      /* An empty .ann (a document without annotations) has no data pointer at all. */
      g_autofree char *data = ann_len ? g_strndup (g_bytes_get_data (ann, NULL), ann_len) : g_strdup ("");
      g_auto(GStrv) raw = NULL;

      if (strlen (data) != ann_len || !g_utf8_validate (data, ann_len, NULL))
        {
          g_set_error (error, GLOSS_BRAT_ERROR, GLOSS_BRAT_ERROR_SYNTAX, "“%s” is not UTF-8 text.", ann_name);
          return FALSE;
        }
      raw = g_strsplit (data, "\n", -1);
      for (guint i = 0; raw[i] != NULL; i++)
        {
          char *l = raw[i];
          gsize len = strlen (l);
          BratLine *parsed;

          if (len > 0 && l[len - 1] == '\r')
            l[--len] = '\0';
          if (len == 0)
            continue;
          parsed = parse_line (ann_name, i + 1, l, error);
          if (parsed == NULL)
            return FALSE;
          if (parsed->kind != '*' && parsed->kind != '#' && g_hash_table_contains (by_id, parsed->id))
            {
              line_error (error, GLOSS_BRAT_ERROR_INVALID, ann_name, i + 1, "the id %s is used twice", parsed->id);
              brat_line_free (parsed);
              return FALSE;
            }
          if (parsed->kind != '*' && parsed->kind != '#')
            g_hash_table_insert (by_id, parsed->id, parsed);
          g_ptr_array_add (lines, parsed);
        }
    }

  /* A type whose spans carry normalisations (N) is an entity type, as an
   * annotation.conf would say: a label made for it gets the entity kind. */
  for (guint i = 0; i < lines->len; i++)
    {
      BratLine *l = lines->pdata[i];
      BratLine *target = l->kind == 'N' ? g_hash_table_lookup (by_id, l->args[0]) : NULL;

      if (target != NULL && target->kind == 'T' && !g_hash_table_contains (im->conf_entities, target->type))
        g_hash_table_add (im->conf_entities, g_strdup (target->type));
    }

  /* Spans: check them against the text and turn them into pending annotations. */
  for (guint i = 0; i < lines->len; i++)
    {
      BratLine *l = lines->pdata[i];
      g_autoptr(GString) joined = g_string_new (NULL);
      guint n_frags;
      gboolean gaps_blank = TRUE;
      gint64 prev_end = 0;
      const char *label_id;

      if (l->kind != 'T')
        continue;
      n_frags = l->frags->len / 2;
      for (guint f = 0; f < n_frags; f++)
        {
          gint64 s = g_array_index (l->frags, gint64, 2 * f);
          gint64 e = g_array_index (l->frags, gint64, 2 * f + 1);
          g_autofree char *piece = NULL;

          if (e <= s || e > length || s < prev_end)
            {
              line_error (error, GLOSS_BRAT_ERROR_INVALID, ann_name, l->line,
                          "the span %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT " of %s does not fit “%s”, which has %"
                          G_GINT64_FORMAT " characters%s", s, e, l->id, txt_name, length,
                          s < prev_end ? " (fragments must be in order and not overlap)" : "");
              return FALSE;
            }
          if (f > 0)
            {
              g_autofree char *gap = gloss_text_index_slice (index, prev_end, s);
              for (const char *p = gap; *p; p = g_utf8_next_char (p))
                if (!g_unichar_isspace (g_utf8_get_char (p)))
                  gaps_blank = FALSE;
              g_string_append_c (joined, ' ');
            }
          piece = gloss_text_index_slice (index, s, e);
          g_string_append (joined, piece);
          prev_end = e;
        }
      if (!g_str_equal (joined->str, l->text))
        {
          line_error (error, GLOSS_BRAT_ERROR_INVALID, ann_name, l->line,
                      "the text of %s is “%s” but “%s” has “%s” there", l->id, l->text, txt_name, joined->str);
          return FALSE;
        }
      label_id = label_for_type (im, l->type, ann_name, l->line, error);
      if (label_id == NULL)
        return FALSE;

      l->first = pending->len;
      for (guint f = 0; f < n_frags; f++)
        {
          Pending p = { 0 };

          /* Gloss has no discontinuous spans: fragments separated by blanks only
           * (a line break, usually) read as one span; otherwise one per fragment. */
          if (gaps_blank && f > 0)
            break;
          p.label_id = g_strdup (label_id);
          p.start = g_array_index (l->frags, gint64, 2 * f);
          p.end = gaps_blank ? g_array_index (l->frags, gint64, 2 * n_frags - 1) : g_array_index (l->frags, gint64, 2 * f + 1);
          p.free_note = g_string_new (NULL);
          p.kept = g_string_new (NULL);
          g_array_append_val (pending, p);
        }
      if (n_frags > 1)
        g_ptr_array_add (im->report->notes,
                         gaps_blank
                         ? g_strdup_printf ("“%s” line %u: %s is discontinuous; imported as one annotation over "
                                            "%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT " (only blanks between its fragments)",
                                            ann_name, l->line, l->id, g_array_index (l->frags, gint64, 0),
                                            g_array_index (l->frags, gint64, 2 * n_frags - 1))
                         : g_strdup_printf ("“%s” line %u: %s is discontinuous; imported as %u annotations, one per "
                                            "fragment (Gloss has no discontinuous spans)",
                                            ann_name, l->line, l->id, n_frags));
    }

  /* What other lines point at: a relation something hangs on stays a kept line. */
  g_array_set_clear_func (extras, (GDestroyNotify) span_extras_clear);
  g_array_set_size (extras, pending->len);
  for (guint i = 0; i < lines->len; i++)
    {
      BratLine *l = lines->pdata[i];

      if (l->kind == 'T' || l->args == NULL)
        continue;
      for (guint a = 0; l->args[a] != NULL; a++)
        {
          if (l->kind == 'A' && a > 0)
            break;
          if (l->kind == 'N' && a > 0)
            break;
          g_hash_table_add (targeted, (gpointer) arg_id (l->args[a]));
        }
    }

  /* Relations between two spans (Arg1, Arg2), attributes of spans and normalisations
   * of spans become Gloss's own relations, field values and entity links. */
  for (guint i = 0; i < lines->len; i++)
    {
      BratLine *l = lines->pdata[i];
      BratLine *target;
      SpanExtras *x;
      Pending *p;

      if (l->kind == 'R' && l->args[0] && l->args[1] && l->args[2] == NULL &&
          g_str_has_prefix (l->args[0], "Arg1:") && g_str_has_prefix (l->args[1], "Arg2:") &&
          !g_hash_table_contains (targeted, l->id))
        {
          BratLine *from = g_hash_table_lookup (by_id, arg_id (l->args[0]));
          BratLine *to = g_hash_table_lookup (by_id, arg_id (l->args[1]));

          if (from != NULL && to != NULL && from->kind == 'T' && to->kind == 'T')
            {
              if (line_ref (by_id, pending, l, ann_name, error) == NULL)
                return FALSE;
              g_ptr_array_add (links, l);
              l->kind = 'r';   /* done: not kept */
              n_structured++;
            }
          continue;
        }
      if (l->kind != 'A' && l->kind != 'N')
        continue;
      target = g_hash_table_lookup (by_id, l->args[0]);
      if (target == NULL || target->kind != 'T')
        continue;
      p = &g_array_index (pending, Pending, target->first);
      x = &g_array_index (extras, SpanExtras, target->first);
      if (l->kind == 'A')
        {
          g_autoptr(GlossField) field = NULL;
          g_autofree char *value = NULL;
          g_autoptr(GError) attr_error = NULL;

          field = attribute_field (im, p->label_id, l->type, l->args[1], &value, &attr_error);
          if (attr_error != NULL)
            {
              line_error (error, GLOSS_BRAT_ERROR_INVALID, ann_name, l->line, "%s", attr_error->message);
              return FALSE;
            }
          if (field == NULL)
            continue;
          if (x->names == NULL)
            {
              x->names = g_ptr_array_new_with_free_func (g_free);
              x->values = g_ptr_array_new_with_free_func (g_free);
            }
          g_ptr_array_add (x->names, g_strdup (field->name));
          g_ptr_array_add (x->values, g_steal_pointer (&value));
          l->kind = 'a';
          n_structured++;
        }
      else
        {
          g_autoptr(GlossLabel) label = gloss_store_get_label (im->store, p->label_id, NULL);

          /* One entity per annotation, and only on an entity label. */
          if (x->has_entity || label == NULL || !g_str_equal (label->kind, GLOSS_LABEL_KIND_ENTITY))
            continue;
          x->has_entity = TRUE;
          if (g_str_has_prefix (l->args[1], "Gloss:") && gloss_uuid_is_valid (l->args[1] + 6))
            x->entity_id = g_ascii_strdown (l->args[1] + 6, -1);
          else
            x->entity_ref = g_strdup (l->args[1]);
          x->entity_name = g_strdup (l->text);
          l->kind = 'n';
          n_structured++;
        }
    }

  /* Everything else is kept as note lines on the span it hangs on. */
  for (guint i = 0; i < lines->len; i++)
    {
      BratLine *l = lines->pdata[i];
      g_autoptr(GString) body = g_string_new (NULL);
      BratLine *target = NULL;
      gint anchor;

      if (l->kind == 'T' || l->kind == 'r' || l->kind == 'a' || l->kind == 'n')
        continue;
      switch (l->kind)
        {
        case 'E':
        case 'R':
          if (line_ref (by_id, pending, l, ann_name, error) == NULL)
            return FALSE;
          g_string_append (body, l->kind == 'R' ? l->type : "");
          for (guint a = 0; l->args[a] != NULL; a++)
            {
              BratLine *t = lookup_target (by_id, arg_id (l->args[a]), ann_name, l, error);
              const char *ref = t ? line_ref (by_id, pending, t, ann_name, error) : NULL;

              if (ref == NULL)
                return FALSE;
              g_string_append_printf (body, "%s%.*s:%s", body->len ? " " : "",
                                      (int) (arg_id (l->args[a]) - 1 - l->args[a]), l->args[a], ref);
            }
          anchor = line_anchor (by_id, l, 0);
          break;
        case '*':
          g_string_append (body, l->type);
          for (guint a = 0; l->args[a] != NULL; a++)
            {
              BratLine *t = lookup_target (by_id, l->args[a], ann_name, l, error);
              const char *ref = t ? line_ref (by_id, pending, t, ann_name, error) : NULL;

              if (ref == NULL)
                return FALSE;
              g_string_append_printf (body, " %s", ref);
            }
          anchor = line_anchor (by_id, g_hash_table_lookup (by_id, l->args[0]), 0);
          break;
        default:   /* A N #: the first argument is the target */
          {
            const char *ref;

            target = lookup_target (by_id, l->args[0], ann_name, l, error);
            ref = target ? line_ref (by_id, pending, target, ann_name, error) : NULL;
            if (ref == NULL)
              return FALSE;
            if (l->kind == '#')
              g_string_append_printf (body, "%s %s", ref, l->text);
            else if (l->kind == 'A')
              g_string_append_printf (body, "%s %s%s%s", l->type, ref, l->args[1] ? " " : "",
                                      l->args[1] ? l->args[1] : "");
            else
              g_string_append_printf (body, "%s %s %s %s", l->type, ref, l->args[1], l->text);
            anchor = line_anchor (by_id, target, 0);
          }
          break;
        }
      if (anchor < 0)
        {
          line_error (error, GLOSS_BRAT_ERROR_INVALID, ann_name, l->line, "%s does not lead to a span", l->id);
          return FALSE;
        }
      if (l->kind == '#' && target->kind == 'T')
        {
          /* A note on a span is that annotation's own note. */
          append_line (g_array_index (pending, Pending, anchor).free_note, l->text);
          continue;
        }
      {
        g_autofree char *kept = g_strdup_printf (KEPT_PREFIX "%c: %s", l->kind, body->str);
        append_line (g_array_index (pending, Pending, anchor).kept, kept);
      }
      counts[(guchar) l->kind]++;
    }
  if (counts['E'] + counts['R'] + counts['A'] + counts['N'] + counts['*'] + counts['#'] > 0)
    g_ptr_array_add (im->report->notes,
                     g_strdup_printf ("“%s”: %u R, %u E, %u A, %u N, %u * and %u # (on events or relations) lines "
                                      "kept in notes as “brat X: …” lines (Gloss keeps relations between two spans, "
                                      "attributes and one normalisation of a span of an entity label, and has no "
                                      "events); a brat export writes them back",
                                      ann_name, counts['R'], counts['E'], counts['A'], counts['N'], counts['*'],
                                      counts['#']));

  /* The document: the .txt as it is, or the project's document with the same text. */
  sha = gloss_sha256_hex (text, text_len);
  doc = gloss_store_find_document_by_sha256 (im->store, sha, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (doc != NULL)
    {
      g_autoptr(GPtrArray) mine = gloss_store_list_annotations (im->store, doc->id, error);

      if (mine == NULL)
        return FALSE;
      im->report->documents_matched++;
      g_ptr_array_add (im->report->notes,
                       g_strdup_printf ("“%s” has the same text as the project's “%s” (%s); its annotations go there",
                                        txt_name, doc->title, doc->id));
      existing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; i < mine->len; i++)
        {
          GlossAnnotation *a = mine->pdata[i];
          g_hash_table_add (existing, g_strdup_printf ("%s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
                                                      a->label_id, a->start, a->end));
        }
    }
  else
    {
      GlossDocument *added;

      if (text_len == 0)
        {
          if (pending->len > 0)
            {
              g_set_error (error, GLOSS_BRAT_ERROR, GLOSS_BRAT_ERROR_INVALID, "“%s” is empty.", txt_name);
              return FALSE;
            }
          g_ptr_array_add (im->report->notes, g_strdup_printf ("“%s” is empty and was skipped", txt_name));
          return TRUE;
        }
      doc = gloss_store_add_document (im->store, title, text, txt_name, "txt", NULL, &local_error);
      if (doc == NULL)
        {
          g_set_error (error, GLOSS_BRAT_ERROR, GLOSS_BRAT_ERROR_INVALID, "“%s”: %s", txt_name, local_error->message);
          return FALSE;
        }
      im->report->documents_added++;
      added = gloss_document_copy (doc);
      g_clear_pointer (&added->text, g_free);
      g_ptr_array_add (im->report->new_documents, added);
    }

  for (guint i = 0; i < pending->len; i++)
    {
      Pending *p = &g_array_index (pending, Pending, i);
      g_autoptr(GlossAnnotation) a = NULL;
      g_autoptr(GString) note = g_string_new (p->free_note->str);

      if (existing != NULL)
        {
          g_autofree char *key = g_strdup_printf ("%s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT, p->label_id, p->start, p->end);

          if (g_hash_table_contains (existing, key))
            {
              im->report->annotations_present++;
              g_ptr_array_add (annotation_ids, NULL);
              continue;
            }
        }
      if (p->kept->len > 0)
        append_line (note, p->kept->str);
      a = gloss_store_add_annotation (im->store, doc->id, p->label_id, p->start, p->end, note->str, NULL, &local_error);
      if (a == NULL)
        {
          g_set_error (error, GLOSS_BRAT_ERROR, GLOSS_BRAT_ERROR_INVALID, "“%s”: %s", ann_name, local_error->message);
          return FALSE;
        }
      im->report->annotations_added++;
      g_ptr_array_add (annotation_ids, g_strdup (a->id));
      {
        SpanExtras *x = &g_array_index (extras, SpanExtras, i);

        if (!gloss_exchange_apply_extras (im->store, im->report, a->id, x->names, x->values, x->entity_id,
                                          x->entity_name, x->entity_ref, a->created, a->modified, ann_name, error))
          return FALSE;
      }
    }
  for (guint i = 0; i < links->len; i++)
    {
      BratLine *l = links->pdata[i];
      BratLine *from = g_hash_table_lookup (by_id, arg_id (l->args[0]));
      BratLine *to = g_hash_table_lookup (by_id, arg_id (l->args[1]));
      g_autofree char *id = gloss_uuid_from_name (doc->id, l->ref);
      g_autofree char *type = g_strdup (l->type);
      g_autofree char *where = g_strdup_printf ("“%s” line %u", ann_name, l->line);
      g_autoptr(GlossRelationType) known = gloss_store_find_relation_type (im->store, type, NULL);

      if (known == NULL && strchr (type, '_') != NULL)
        {
          g_autofree char *with_spaces = spaced (type);
          g_autoptr(GlossRelationType) spaced_type = gloss_store_find_relation_type (im->store, with_spaces, NULL);

          if (spaced_type != NULL)
            {
              g_free (type);
              type = g_strdup (spaced_type->name);
            }
        }
      if (!gloss_exchange_add_relation (im->store, im->report, id, type, annotation_ids->pdata[from->first],
                                        annotation_ids->pdata[to->first], NULL, NULL, NULL, where, error))
        return FALSE;
    }
  (void) n_structured;
  ok = TRUE;
  return ok;
}

/* The entity types an annotation.conf declares, so new labels get the entity kind,
 * and the values of its attributes, so an attribute becomes a choice of all of them. */
static void
parse_conf (GBytes     *conf,
            GHashTable *entities,
            GHashTable *attributes)
{
  gsize conf_len = g_bytes_get_size (conf);
  g_autofree char *data = conf_len ? g_strndup (g_bytes_get_data (conf, NULL), conf_len) : g_strdup ("");
  g_auto(GStrv) lines = g_strsplit (data, "\n", -1);
  gboolean in_entities = FALSE, in_attributes = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *l = g_strstrip (lines[i]);
      gsize n;

      if (l[0] == '[')
        {
          in_entities = g_str_has_prefix (l, "[entities]");
          in_attributes = g_str_has_prefix (l, "[attributes]");
          continue;
        }
      if (in_attributes && l[0] != '\0' && l[0] != '#')
        {
          const char *values = strstr (l, "Value:");

          n = strcspn (l, " \t");
          if (n > 0 && values != NULL)
            {
              g_autofree char *list = g_strndup (values + 6, strcspn (values + 6, ", \t"));
              g_auto(GStrv) parts = g_strsplit (list, "|", -1);
              GPtrArray *declared = g_ptr_array_new_with_free_func (g_free);

              for (guint j = 0; parts[j] != NULL; j++)
                if (parts[j][0] != '\0')
                  g_ptr_array_add (declared, g_strdup (parts[j]));
              g_hash_table_insert (attributes, g_strndup (l, n), declared);
            }
          continue;
        }
      if (!in_entities || l[0] == '\0' || l[0] == '#' || l[0] == '<')
        continue;
      if (l[0] == '!')
        l++;
      n = strcspn (l, " \t");
      if (n > 0)
        g_hash_table_add (entities, g_strndup (l, n));
    }
}

/**
 * gloss_brat_import:
 * @store: the project
 * @path: a folder holding NAME.txt + NAME.ann pairs (and maybe annotation.conf), or a
 *   zip of one
 * @report: (nullable): what was added, matched and kept
 * @error: return location for a #GError
 *
 * Imports every .txt as a document (or matches it by its text to one already in the
 * project) and its .ann lines as annotations, in one transaction: on any error (named
 * by file and line) the project is left as it was. T spans become annotations, # notes
 * on them their notes, R lines between two spans relations (their type found by name
 * or added), A lines on spans field values (an attribute the label lacks becomes a
 * choice of the values annotation.conf declares, or a yes/no field), N lines on spans
 * of entity labels entity links (the entity found by id, name or alias, or added with
 * the reference); the lines Gloss has no place for (E, *, and what hangs on them) are
 * kept as "brat X: ..." note lines that gloss_brat_export() writes back.
 *
 * Returns: %TRUE on success
 */
gboolean
gloss_brat_import (GlossStore        *store,
                   const char        *path,
                   GlossImportReport *report,
                   GError           **error)
{
  g_autoptr(GHashTable) files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  g_autoptr(GlossImportReport) own_report = NULL;
  g_autoptr(GHashTable) labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) entities = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) attributes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) bases = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *shown = g_path_get_basename (path);
  GHashTableIter iter;
  gpointer key;
  const char *conf_key = NULL;
  Import im = { 0 };
  gboolean ok = TRUE;

  g_return_val_if_fail (GLOSS_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (report == NULL)
    report = own_report = gloss_import_report_new ();
  if (!gloss_file_refuse_open_project (path, GLOSS_BRAT_ERROR, GLOSS_BRAT_ERROR_FAILED, error))
    return FALSE;
  if (!gloss_store_check_writable (store, error))
    return FALSE;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    ok = read_folder (path, files, error);
  else if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    ok = read_zip (path, files, error);
  else
    {
      g_set_error (error, GLOSS_BRAT_ERROR, GLOSS_BRAT_ERROR_FAILED, "“%s” does not exist.", path);
      return FALSE;
    }
  if (!ok)
    return FALSE;

  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *name = key;

      if (g_str_has_suffix (name, "annotation.conf") &&
          (g_str_equal (name, "annotation.conf") || g_str_has_suffix (name, "/annotation.conf")) &&
          (conf_key == NULL || strlen (name) < strlen (conf_key)))
        conf_key = name;
      else if (g_str_has_suffix (name, ".txt"))
        g_ptr_array_add (bases, g_strndup (name, strlen (name) - 4));
      else if (g_str_has_suffix (name, ".ann"))
        {
          g_autofree char *txt = g_strconcat (name, NULL);

          memcpy (txt + strlen (txt) - 3, "txt", 3);
          if (!g_hash_table_contains (files, txt))
            {
              g_set_error (error, GLOSS_BRAT_ERROR, GLOSS_BRAT_ERROR_INVALID,
                           "“%s” has no text file “%s” beside it.", name, txt);
              return FALSE;
            }
        }
    }
  if (bases->len == 0)
    {
      g_set_error (error, GLOSS_BRAT_ERROR, GLOSS_BRAT_ERROR_INVALID,
                   "“%s” holds no brat documents (NAME.txt with NAME.ann).", shown);
      return FALSE;
    }
  g_ptr_array_sort (bases, compare_strings);
  if (conf_key != NULL)
    parse_conf (g_hash_table_lookup (files, conf_key), entities, attributes);

  im.store = store;
  im.report = report;
  im.labels = labels;
  im.conf_entities = entities;
  im.conf_attributes = attributes;

  if (!gloss_store_op_begin (store, error))
    return FALSE;
  for (guint i = 0; ok && i < bases->len; i++)
    {
      g_autofree char *txt = g_strconcat (bases->pdata[i], ".txt", NULL);
      g_autofree char *ann = g_strconcat (bases->pdata[i], ".ann", NULL);

      ok = import_pair (&im, bases->pdata[i], g_hash_table_lookup (files, txt),
                        g_hash_table_lookup (files, ann), &local_error);
    }
  if (ok && (report->labels_added || report->documents_added || report->annotations_added))
    gloss_store_queue_change (store, GLOSS_CHANGE_ALL, NULL);
  ok = gloss_store_op_end (store, ok, ok ? &local_error : NULL) && ok;
  if (!ok)
    {
      g_ptr_array_set_size (report->new_documents, 0);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/**
 * gloss_brat_sniff:
 * @path: a file or folder
 *
 * Returns: %TRUE when @path is a folder holding .ann files or a zip holding them
 */
gboolean
gloss_brat_sniff (const char *path)
{
  g_return_val_if_fail (path != NULL, FALSE);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir && (name = g_dir_read_name (dir)))
        if (g_str_has_suffix (name, ".ann"))
          return TRUE;
      return FALSE;
    }
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR) && !gloss_file_is_open_project (path))
    {
      struct archive *a;
      struct archive_entry *entry;
      gboolean found = FALSE;
      char magic[4] = { 0 };
      FILE *f = g_fopen (path, "rb");

      /* Only zips: anything else is some other importer's business. */
      if (f == NULL)
        return FALSE;
      if (fread (magic, 1, 4, f) != 4 || memcmp (magic, "PK\003\004", 4) != 0)
        {
          fclose (f);
          return FALSE;
        }
      fclose (f);
      a = archive_read_new ();
      archive_read_support_format_zip (a);
      if (archive_read_open_filename (a, path, 64 * 1024) == ARCHIVE_OK)
        while (!found && archive_read_next_header (a, &entry) == ARCHIVE_OK)
          {
            const char *name = archive_entry_pathname (entry);
            found = name != NULL && g_str_has_suffix (name, ".ann") && wanted_name (name);
          }
      archive_read_free (a);
      return found;
    }
  return FALSE;
}

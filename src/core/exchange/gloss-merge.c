/* gloss-merge.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The merge goes through the other copy table by table (what a row refers to first),
 * reading every row, tombstones included, as the JSON snapshot the history uses, with
 * references as UUIDs. A row matched by content keeps the smaller of the two UUIDs,
 * and so do the references to it; annotators come in first with the ids and times they
 * have in the other copy, so a merge makes no id and no time of its own and copies
 * merged in any order end the same. Then each row is compared with ours: the same, new here, or
 * changed, in which case the two are merged member by member from what each version
 * holds (heads_of()), the other version going to the history. Every rule is a function
 * of the rows and their histories, so merging is idempotent and does not depend on the
 * order of the copies (docs/MERGE.md).
 *
 * Where entities sit on the link chart (graph_positions, migration 10) is not merged:
 * it is each analyst's own arrangement of their chart, not a finding, so both copies
 * keep theirs and an entity new here is laid out beside its neighbours.
 */
#define G_LOG_DOMAIN "gloss-merge"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gloss-conflict-text.h"
#include "gloss-conflicts.h"
#include "gloss-entities.h"
#include "gloss-history.h"
#include "gloss-json.h"
#include "gloss-file.h"
#include "gloss-merge.h"
#include "gloss-originals.h"
#include "gloss-project.h"
#include "gloss-store-private.h"

G_DEFINE_QUARK (gloss-merge-error-quark, gloss_merge_error)

/* ------------------------------------------------------------------------- */
/* Report                                                                     */

static void
item_free (GlossMergeItem *item)
{
  g_free (item->table);
  g_free (item->id);
  g_free (item->other_id);
  g_free (item->detail);
  g_free (item->conflict_id);
  g_free (item);
}

GlossMergeReport *
gloss_merge_report_new (void)
{
  GlossMergeReport *r = g_new0 (GlossMergeReport, 1);

  r->added = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  r->updated = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  r->deleted = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  r->matched = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  r->conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  r->collapsed = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  return r;
}

void
gloss_merge_report_free (GlossMergeReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->added);
  g_ptr_array_unref (report->updated);
  g_ptr_array_unref (report->deleted);
  g_ptr_array_unref (report->matched);
  g_ptr_array_unref (report->conflicts);
  g_ptr_array_unref (report->collapsed);
  g_free (report);
}

static void
add_item (GPtrArray  *list,
          const char *table,
          const char *id,
          const char *other_id,
          const char *detail)
{
  GlossMergeItem *item = g_new0 (GlossMergeItem, 1);

  item->table = g_strdup (table);
  item->id = g_strdup (id);
  item->other_id = g_strdup (other_id);
  item->detail = g_strdup (detail);
  g_ptr_array_add (list, item);
}

static void
move_items (GPtrArray *to,
            GPtrArray *from)
{
  for (guint i = 0; i < from->len; i++)
    g_ptr_array_add (to, g_steal_pointer (&from->pdata[i]));
  g_ptr_array_set_free_func (from, NULL);
  g_ptr_array_set_size (from, 0);
  g_ptr_array_set_free_func (from, (GDestroyNotify) item_free);
}

static const char *
singular (const char *table)
{
  static const char * const names[][2] = {
    { "documents", "document" }, { "labels", "label" }, { "label_fields", "field" },
    { "relation_types", "relation type" }, { "entities", "entity" }, { "annotations", "annotation" },
    { "field_values", "field value" }, { "relations", "relation" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (names[i][0], table))
      return names[i][1];
  return table;
}

char *
gloss_merge_report_to_text (const GlossMergeReport *report)
{
  GString *out = g_string_new (NULL);
  /* Conflicts first: they are what needs a person. */
  struct { const char *name; GPtrArray *list; } parts[] = {
    { "conflict", report->conflicts }, { "added", report->added }, { "updated", report->updated },
    { "deleted", report->deleted }, { "matched by content", report->matched },
    { "duplicate collapsed", report->collapsed },
  };

  g_string_append_printf (out, "%u conflicts, %u added, %u updated, %u deleted, %u matched by content, "
                          "%u kept (newer here), %u unchanged, %u exact duplicates collapsed\n",
                          report->conflicts->len, report->added->len, report->updated->len, report->deleted->len,
                          report->matched->len, report->kept, report->unchanged, report->collapsed->len);
  for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
    for (guint i = 0; i < parts[p].list->len; i++)
      {
        GlossMergeItem *item = parts[p].list->pdata[i];

        g_string_append_printf (out, "%s\t%s\t%s", parts[p].name, singular (item->table), item->id);
        if (item->other_id)
          g_string_append_printf (out, parts[p].list == report->collapsed ? " (kept %s)" : " (also %s)",
                                  item->other_id);
        if (item->detail)
          g_string_append_printf (out, "\t%s", item->detail);
        if (item->conflict_id)
          g_string_append_printf (out, "\t(conflict %s)", item->conflict_id);
        g_string_append_c (out, '\n');
      }
  return g_string_free (out, FALSE);
}

char *
gloss_merge_report_to_json (const GlossMergeReport *report)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  struct { const char *name; GPtrArray *list; } parts[] = {
    { "conflicts", report->conflicts }, { "added", report->added }, { "updated", report->updated },
    { "deleted", report->deleted }, { "matched", report->matched }, { "collapsed", report->collapsed },
  };

  json_builder_begin_object (b);
  for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
    {
      json_builder_set_member_name (b, parts[p].name);
      json_builder_begin_array (b);
      for (guint i = 0; i < parts[p].list->len; i++)
        {
          GlossMergeItem *item = parts[p].list->pdata[i];

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "table");
          json_builder_add_string_value (b, item->table);
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, item->id);
          json_builder_set_member_name (b, "other_id");
          if (item->other_id)
            json_builder_add_string_value (b, item->other_id);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "detail");
          if (item->detail)
            json_builder_add_string_value (b, item->detail);
          else
            json_builder_add_null_value (b);
          if (item->conflict_id)
            {
              json_builder_set_member_name (b, "conflict_id");
              json_builder_add_string_value (b, item->conflict_id);
            }
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  json_builder_set_member_name (b, "unchanged");
  json_builder_add_int_value (b, report->unchanged);
  json_builder_set_member_name (b, "kept");
  json_builder_add_int_value (b, report->kept);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}

/* ------------------------------------------------------------------------- */
/* The other copy                                                             */

typedef struct {
  GlossStore        *dest;
  GlossStore        *other;
  GlossMergeReport  *report;
  GHashTable        *maps;          /* table -> (other id -> our id) */
  GHashTable        *entity_keys;   /* "label id\037match key" -> our entity id */
  GHashTable        *settled;       /* ids this merge added or matched: never given another */
  char              *other_name;    /* the other copy's file name, for the conflicts it leaves */
  GHashTable        *history_ids;   /* UUID -> GArray of history pks naming it: see history_ids_update() */
  gint64             history_upto;  /* the last history pk history_ids has read */
  gboolean           other_versions; /* whether the other copy names any version a merge made */
} Merge;

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* A project of an older version cannot be upgraded in place when we only read it:
 * a consistent copy (VACUUM INTO) in a temporary folder is upgraded instead. */
static gboolean
copy_project (const char *path,
              const char *copy,
              GError    **error)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);

  if (rc == SQLITE_OK)
    {
      sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
      sqlite3_db_config (db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
      sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
      sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
      sqlite3_busy_timeout (db, 5000);
      rc = sqlite3_prepare_v2 (db, "VACUUM INTO ?1", -1, &stmt, NULL);
    }
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, copy, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }
  if (rc != SQLITE_OK)
    g_set_error (error, GLOSS_MERGE_ERROR, GLOSS_MERGE_ERROR_FAILED, "Could not read %s: %s", path,
                 db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  sqlite3_finalize (stmt);
  sqlite3_close_v2 (db);
  return rc == SQLITE_OK;
}

static GlossStore *
open_other (const char *path,
            char      **tmpdir,
            GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *head = NULL;
  char buf[64] = { 0 };
  gsize n = 0, i = 0;
  GlossStore *other;

  /* Through SQLite's VFS: the source may be a project open in this process (in
   * another window), and a plain open() and close() would drop its locks. */
  if (!gloss_file_read_head (path, buf, sizeof buf - 1, &n, &local_error))
    {
      g_set_error (error, GLOSS_MERGE_ERROR, GLOSS_MERGE_ERROR_FAILED, "Cannot read %s: %s", path,
                   local_error->message);
      return NULL;
    }

  if (n >= 16 && memcmp (buf, "SQLite format 3", 16) == 0)
    {
      other = gloss_store_open (path, GLOSS_STORE_OPEN_READ_ONLY, &local_error);
      if (other != NULL)
        return other;
      if (!g_error_matches (local_error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_READ_ONLY))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      /* An older version: upgrade a copy. */
      g_clear_error (&local_error);
      *tmpdir = g_dir_make_tmp ("gloss-merge-XXXXXX", error);
      if (*tmpdir == NULL)
        return NULL;
      head = g_build_filename (*tmpdir, "other.gloss", NULL);
      if (!copy_project (path, head, error))
        return NULL;
      return gloss_store_open (head, GLOSS_STORE_OPEN_DEFAULT, error);
    }

  /* Skip a byte-order mark and blanks: a Gloss JSON export starts with an object. */
  if (n >= 3 && (guchar) buf[0] == 0xef && (guchar) buf[1] == 0xbb && (guchar) buf[2] == 0xbf)
    i = 3;
  while (i < n && g_ascii_isspace (buf[i]))
    i++;
  if (i < n && buf[i] == '{')
    {
      g_autofree char *project = NULL;

      *tmpdir = g_dir_make_tmp ("gloss-merge-XXXXXX", error);
      if (*tmpdir == NULL)
        return NULL;
      project = g_build_filename (*tmpdir, "other.gloss", NULL);
      other = gloss_project_create (project, "merge", GLOSS_PROJECT_CREATE_NO_CODEBOOK, error);
      if (other == NULL)
        return NULL;
      if (!gloss_json_import_file (other, path, NULL, error))
        {
          g_prefix_error (error, "%s: ", path);
          g_object_unref (other);
          return NULL;
        }
      return other;
    }
  g_set_error (error, GLOSS_MERGE_ERROR, GLOSS_MERGE_ERROR_UNKNOWN_FORMAT,
               "%s is neither a Gloss project nor a Gloss JSON export.", path);
  return NULL;
}

/* ------------------------------------------------------------------------- */
/* Rows                                                                       */

/* Members that hold the UUID of a row of another table, per table. */
static const struct {
  const char *table, *member, *ref_table;
} row_refs[] = {
  { "label_fields", "label", "labels" },
  { "entities", "label", "labels" }, { "entities", "merged_into", "entities" },
  { "annotations", "document", "documents" }, { "annotations", "label", "labels" },
  { "annotations", "entity", "entities" },
  { "field_values", "field", "label_fields" },
  { "relations", "type", "relation_types" }, { "relations", "target_entity", "entities" },
};

static const char *
str_member (JsonObject *o,
            const char *member)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
is_deleted (JsonObject *o)
{
  JsonNode *node = json_object_get_member (o, "deleted");

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node) != 0;
  /* A field value is "deleted" when cleared. */
  node = json_object_get_member (o, "value");
  return json_object_has_member (o, "field") && (node == NULL || JSON_NODE_HOLDS_NULL (node));
}

static char *
to_json (JsonObject *o)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, o);
  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, NULL);
}

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonNode) root = gloss_json_parse_text (json, JSON_NODE_OBJECT, NULL);

  if (root == NULL)
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

static GHashTable *
map_for (Merge      *m,
         const char *table)
{
  GHashTable *map = g_hash_table_lookup (m->maps, table);

  if (map == NULL)
    {
      map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_insert (m->maps, g_strdup (table), map);
    }
  return map;
}

/* Our row that is the same thing as the other copy's live row @o, by content. */
static char *
find_by_content (Merge      *m,
                 const char *table,
                 JsonObject *o,
                 char      **how)
{
  GlossStore *dest = m->dest;
  sqlite3_stmt *stmt = NULL;
  char *id = NULL;

  if (g_str_equal (table, "documents"))
    {
      stmt = gloss_store_prepare (dest, "SELECT id FROM documents WHERE sha256 = ?1 AND deleted = 0 ORDER BY pk LIMIT 1", NULL);
      *how = g_strdup ("same text (SHA-256)");
      if (stmt)
        gloss_bind_text (stmt, 1, str_member (o, "sha256"));
    }
  else if (g_str_equal (table, "labels"))
    {
      stmt = gloss_store_prepare (dest,
          "SELECT id FROM labels WHERE deleted = 0 AND lower (name) = lower (?1) AND kind = ?2 ORDER BY pk", NULL);
      *how = g_strdup ("same name and kind");
      if (stmt)
        {
          gloss_bind_text (stmt, 1, str_member (o, "name"));
          gloss_bind_text (stmt, 2, str_member (o, "kind"));
        }
    }
  else if (g_str_equal (table, "label_fields"))
    {
      stmt = gloss_store_prepare (dest,
          "SELECT f.id FROM label_fields f JOIN labels l ON l.pk = f.label "
          "WHERE f.deleted = 0 AND l.id = ?1 AND lower (f.name) = lower (?2) ORDER BY f.pk", NULL);
      *how = g_strdup ("same label and name");
      if (stmt)
        {
          gloss_bind_text (stmt, 1, str_member (o, "label"));
          gloss_bind_text (stmt, 2, str_member (o, "name"));
        }
    }
  else if (g_str_equal (table, "relation_types"))
    {
      stmt = gloss_store_prepare (dest,
          "SELECT id FROM relation_types WHERE deleted = 0 AND lower (name) = lower (?1) ORDER BY pk", NULL);
      *how = g_strdup ("same name");
      if (stmt)
        gloss_bind_text (stmt, 1, str_member (o, "name"));
    }
  else if (g_str_equal (table, "entities"))
    {
      g_autofree char *key = gloss_entity_match_key (str_member (o, "name"));
      g_autofree char *full = g_strconcat (str_member (o, "label") ? str_member (o, "label") : "", "\037", key, NULL);

      *how = g_strdup ("same type and name");
      return g_strdup (g_hash_table_lookup (m->entity_keys, full));
    }
  else
    return NULL;

  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = gloss_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

static gboolean
load_entity_keys (Merge   *m,
                  GError **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (m->dest,
      "SELECT e.id, l.id, e.name FROM entities e JOIN labels l ON l.pk = e.label WHERE e.deleted = 0 ORDER BY e.pk",
      error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *key = gloss_entity_match_key ((const char *) sqlite3_column_text (stmt, 2));
      char *full = g_strconcat ((const char *) sqlite3_column_text (stmt, 1), "\037", key, NULL);

      if (!g_hash_table_contains (m->entity_keys, full))
        g_hash_table_insert (m->entity_keys, full, gloss_column_dup (stmt, 0));
      else
        g_free (full);
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

/* @when, an ISO 8601 UTC time, one millisecond later: the time a change made by the
 * merge itself gets, so that it wins over the version it replaces in any copy and
 * does not depend on when the merge ran. */
static char *
just_after (const char *when)
{
  g_autoptr(GDateTime) t = when ? g_date_time_new_from_iso8601 (when, NULL) : NULL;
  g_autoptr(GDateTime) later = NULL;

  if (t == NULL)
    return g_strdup (when);
  later = g_date_time_add (t, 1000);
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", g_date_time_get_year (later),
                          g_date_time_get_month (later), g_date_time_get_day_of_month (later),
                          g_date_time_get_hour (later), g_date_time_get_minute (later),
                          g_date_time_get_second (later), g_date_time_get_microsecond (later) / 1000);
}

/* Gives label @o (the other copy's new label, or one of ours) what it must yield: its
 * name becomes "name (kind)", its shortcut key goes. Its time becomes one millisecond
 * after its own, once, whichever copy it is in. */
static void
label_yields (JsonObject *o,
              gboolean    name,
              gboolean    shortcut)
{
  g_autofree char *when = just_after (str_member (o, "modified"));

  if (name)
    {
      g_autofree char *renamed = g_strdup_printf ("%s (%s)", str_member (o, "name"), str_member (o, "kind"));

      json_object_set_string_member (o, "name", renamed);
    }
  if (shortcut)
    json_object_set_null_member (o, "shortcut");
  json_object_set_string_member (o, "modified", when);
}

/* A new label must not take a name (a label of another kind: one of the same kind was
 * matched by content) or a shortcut key that one of ours has. Of two labels that clash,
 * the one with the larger id yields, whichever copy it is in, so that copies merged in
 * any order end with the same names and keys. */
static gboolean
make_label_fit (Merge      *m,
                JsonObject *o,
                GError    **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (m->dest,
      "SELECT pk, id, lower (name) = lower (?1), ?2 IS NOT NULL AND shortcut IS ?2 FROM labels "
      "WHERE deleted = 0 AND (lower (name) = lower (?1) OR (?2 IS NOT NULL AND shortcut = ?2)) ORDER BY id", error);
  g_autoptr(GArray) pks = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) what = g_array_new (FALSE, FALSE, sizeof (int));
  gboolean yield_name = FALSE, yield_key = FALSE;
  const char *id = str_member (o, "id");

  if (stmt == NULL)
    return FALSE;
  gloss_bind_text (stmt, 1, str_member (o, "name"));
  gloss_bind_text (stmt, 2, str_member (o, "shortcut"));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 pk = sqlite3_column_int64 (stmt, 0);
      int flags = (sqlite3_column_int (stmt, 2) ? 1 : 0) | (sqlite3_column_int (stmt, 3) ? 2 : 0);

      g_array_append_val (pks, pk);
      g_ptr_array_add (ids, gloss_column_dup (stmt, 1));
      g_array_append_val (what, flags);
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < pks->len; i++)
    {
      int flags = g_array_index (what, int, i);
      const char *ours = ids->pdata[i];

      if (g_strcmp0 (id, ours) > 0)
        {
          yield_name |= (flags & 1) != 0;
          yield_key |= (flags & 2) != 0;
          continue;
        }
      {
        gint64 pk = g_array_index (pks, gint64, i);
        g_autofree char *before = gloss_history_snapshot (m->dest, "labels", pk, 0);
        g_autoptr(JsonObject) d = parse_object (before);
        g_autofree char *json = NULL;

        if (d == NULL)
          continue;
        label_yields (d, (flags & 1) != 0, (flags & 2) != 0);
        json = to_json (d);
        if (!gloss_history_apply (m->dest, "labels", json, NULL, NULL, error) ||
            !gloss_history_record (m->dest, GLOSS_HISTORY_EDIT, "labels", pk, 0, before, NULL, error))
          return FALSE;
        if (flags & 1)
          add_item (m->report->conflicts, "labels", ours, NULL,
                    "a label of another kind has the same name in the other copy: this one was renamed");
      }
    }
  if (yield_name || yield_key)
    label_yields (o, yield_name, yield_key);
  if (yield_name)
    add_item (m->report->conflicts, "labels", id, NULL,
              "a label of another kind has the same name here: the new one was renamed");
  return TRUE;
}

/* ------------------------------------------------------------------------- */
/* Stable identity                                                            */

/* The first UUID in @text (of @len bytes) at or after @from, anywhere in it as instr()
 * would find it, copied into @token; its offset, or -1. */
static gssize
find_uuid (const char *text,
           gsize       len,
           gsize       from,
           char        token[37])
{
  for (gsize i = from; i + 36 <= len; i++)
    {
      if (text[i + 8] != '-' || text[i + 13] != '-' || text[i + 18] != '-' || text[i + 23] != '-')
        continue;
      memcpy (token, text + i, 36);
      token[36] = '\0';
      if (gloss_uuid_is_valid (token))
        return (gssize) i;
    }
  return -1;
}

/* Adds history row @pk to the rows naming each UUID in @text (overlapping ones too). */
static void
note_history_ids (Merge      *m,
                  gint64      pk,
                  const char *text)
{
  gsize len = text ? strlen (text) : 0;
  char token[37];

  for (gssize i = find_uuid (text, len, 0, token); i >= 0; i = find_uuid (text, len, i + 1, token))
    {
      GArray *rows = g_hash_table_lookup (m->history_ids, token);

      if (rows == NULL)
        {
          rows = g_array_new (FALSE, FALSE, sizeof (gint64));
          g_hash_table_insert (m->history_ids, g_strdup (token), rows);
        }
      if (rows->len == 0 || g_array_index (rows, gint64, rows->len - 1) != pk)
        g_array_append_val (rows, pk);
    }
}

static void
note_history_row (Merge        *m,
                  gint64        pk,
                  sqlite3_stmt *stmt,
                  int           first)   /* the column of sub_id, then old_json, new_json */
{
  const char *sub_id = (const char *) sqlite3_column_text (stmt, first);

  /* sub_id is a field's id, matched whole: only a UUID goes in the map (a rekey of
   * any other id scans instead). */
  if (sub_id != NULL && gloss_uuid_is_valid (sub_id))
    note_history_ids (m, pk, sub_id);
  note_history_ids (m, pk, (const char *) sqlite3_column_text (stmt, first + 1));
  note_history_ids (m, pk, (const char *) sqlite3_column_text (stmt, first + 2));
}

/* Brings m->history_ids up to date: for each UUID, the history rows whose sub_id,
 * old_json or new_json name it (every one that does, and perhaps some that no longer
 * do). It is built on a merge's first rekey by one read of the history, and at each
 * later one reads only the rows written since (the entries this merge recorded):
 * within a merge history pks only grow, as nothing deletes history rows and a step
 * that fails fails the whole merge. A search of every version for each id read the
 * whole history once per row matched by content: a merge that matched 300 entities
 * into a project of 100,000 spent more time there than on everything else. */
static gboolean
history_ids_update (Merge   *m,
                    GError **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (m->dest,
      "SELECT pk, sub_id, old_json, new_json FROM history WHERE pk > ?1 ORDER BY pk", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (m->history_ids == NULL)
    m->history_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  sqlite3_bind_int64 (stmt, 1, m->history_upto);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      m->history_upto = sqlite3_column_int64 (stmt, 0);
      note_history_row (m, m->history_upto, stmt, 1);
    }
  return gloss_store_finish_query (m->dest, stmt, rc, "reading the history", error);
}

/* The history's versions and sub_ids that name @old_id name @new_id instead (both
 * UUIDs): only the rows m->history_ids lists are written, and each is noted again as
 * it now reads. */
static gboolean
rekey_history (Merge      *m,
               const char *old_id,
               const char *new_id,
               GError    **error)
{
  g_autoptr(GArray) rows = NULL;
  g_autofree char *key = NULL;
  sqlite3_stmt *stmt;

  if (!history_ids_update (m, error))
    return FALSE;
  /* Taken out of the map: the rows are noted under whatever they name after the
   * rewrite, which no longer includes @old_id. */
  if (!g_hash_table_steal_extended (m->history_ids, old_id, (gpointer *) &key, (gpointer *) &rows))
    return TRUE;
  stmt = gloss_store_prepare (m->dest,
      "UPDATE history SET sub_id = CASE WHEN sub_id = ?1 THEN ?2 ELSE sub_id END, "
      "old_json = replace (old_json, ?1, ?2), new_json = replace (new_json, ?1, ?2) "
      "WHERE pk = ?3 RETURNING pk, sub_id, old_json, new_json", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      int rc;

      gloss_bind_text (stmt, 1, old_id);
      gloss_bind_text (stmt, 2, new_id);
      sqlite3_bind_int64 (stmt, 3, g_array_index (rows, gint64, i));
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          note_history_row (m, sqlite3_column_int64 (stmt, 0), stmt, 1);
          rc = sqlite3_step (stmt);
        }
      if (!gloss_store_finish_query (m->dest, stmt, rc, "giving a matched row its merged id", error))
        return FALSE;
    }
  return TRUE;
}

/* Two copies may hold the same thing under two ids: a label, field, relation type,
 * entity or document each copy created on its own, matched by content. The merged
 * row keeps the smaller of the two ids, whichever copy is merged into which, so that
 * merging copies in any order ends with the same ids (the smallest over all copies).
 * When the other copy's id is the smaller, our row takes it: the row itself, the
 * history entries about it and every snapshot or saved set that names it. UUIDs are
 * fixed-length and unique, so replacing one in text cannot touch anything else. */
static gboolean
rekey (Merge      *m,
       const char *table,
       const char *old_id,
       const char *new_id,
       GError    **error)
{
  static const char * const own[][2] = {
    { "documents", "UPDATE documents SET id = ?2 WHERE id = ?1" },
    { "labels", "UPDATE labels SET id = ?2 WHERE id = ?1" },
    { "label_fields", "UPDATE label_fields SET id = ?2 WHERE id = ?1" },
    { "relation_types", "UPDATE relation_types SET id = ?2 WHERE id = ?1" },
    { "entities", "UPDATE entities SET id = ?2 WHERE id = ?1" },
  };
  /* The history's versions (old_json, new_json) and sub_id, which no index covers,
   * are rewritten by rekey_history() instead when both ids are UUIDs. */
  static const char * const scans[] = {
    "UPDATE history SET sub_id = ?2 WHERE sub_id = ?1",
    "UPDATE history SET old_json = replace (old_json, ?1, ?2) WHERE instr (old_json, ?1) > 0",
    "UPDATE history SET new_json = replace (new_json, ?1, ?2) WHERE instr (new_json, ?1) > 0",
  };
  static const char * const refs[] = {
    "UPDATE history SET row_id = ?2 WHERE row_id = ?1",
    "UPDATE history SET document_id = ?2 WHERE document_id = ?1",
    "UPDATE relation_types SET from_labels = replace (from_labels, ?1, ?2) WHERE instr (from_labels, ?1) > 0",
    "UPDATE relation_types SET to_labels = replace (to_labels, ?1, ?2) WHERE instr (to_labels, ?1) > 0",
    "UPDATE sets SET definition = replace (definition, ?1, ?2) WHERE instr (definition, ?1) > 0",
    "UPDATE conflicts SET row_id = ?2 WHERE row_id = ?1",
    "UPDATE conflicts SET sub_id = ?2 WHERE sub_id = ?1",
    "UPDATE conflicts SET document_id = ?2 WHERE document_id = ?1",
    "UPDATE conflicts SET base = replace (base, ?1, ?2) WHERE instr (base, ?1) > 0",
    "UPDATE conflicts SET mine = replace (mine, ?1, ?2) WHERE instr (mine, ?1) > 0",
    "UPDATE conflicts SET theirs = replace (theirs, ?1, ?2) WHERE instr (theirs, ?1) > 0",
    "UPDATE merge_versions SET row_id = ?2 WHERE row_id = ?1",
    "UPDATE merge_versions SET sub_id = ?2 WHERE sub_id = ?1",
    "UPDATE merge_versions SET content = replace (content, ?1, ?2) WHERE instr (content, ?1) > 0",
  };
  const char *sql = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (own); i++)
    if (g_str_equal (own[i][0], table))
      sql = own[i][1];
  g_return_val_if_fail (sql != NULL, FALSE);

  if (gloss_uuid_is_valid (old_id) && gloss_uuid_is_valid (new_id))
    {
      if (!rekey_history (m, old_id, new_id, error))
        return FALSE;
    }
  else
    for (guint i = 0; i < G_N_ELEMENTS (scans); i++)
      {
        sqlite3_stmt *stmt = gloss_store_prepare (m->dest, scans[i], error);

        if (stmt == NULL)
          return FALSE;
        gloss_bind_text (stmt, 1, old_id);
        gloss_bind_text (stmt, 2, new_id);
        if (!gloss_store_step_done (m->dest, stmt, "giving a matched row its merged id", error))
          return FALSE;
      }
  for (guint i = 0; i <= G_N_ELEMENTS (refs); i++)
    {
      sqlite3_stmt *stmt = gloss_store_prepare (m->dest, i == 0 ? sql : refs[i - 1], error);

      if (stmt == NULL)
        return FALSE;
      gloss_bind_text (stmt, 1, old_id);
      gloss_bind_text (stmt, 2, new_id);
      if (!gloss_store_step_done (m->dest, stmt, "giving a matched row its merged id", error))
        return FALSE;
    }

  /* Entities are matched by their label's id and their name. */
  if (g_str_equal (table, "labels"))
    {
      g_hash_table_remove_all (m->entity_keys);
      return load_entity_keys (m, error);
    }
  if (g_str_equal (table, "entities"))
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, m->entity_keys);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        if (g_str_equal (value, old_id))
          g_hash_table_iter_replace (&iter, g_strdup (new_id));
    }
  return TRUE;
}

/* Annotators are known by name. Every annotator of the other copy is brought in first,
 * with the id and times it has there, so that nothing is created with a new id or the
 * time of the merge. The same name under two ids (two copies that each met the name
 * first) keeps the row of the smaller id; the same id keeps the earlier `created` and
 * the later `modified`. Each is a minimum or a maximum, so any order of merges ends
 * with the same row. */
static gboolean
merge_annotators (Merge   *m,
                  GError **error)
{
  sqlite3_stmt *list = gloss_store_prepare (m->other,
      "SELECT id, name, created, modified FROM annotators ORDER BY pk", error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (list == NULL)
    return FALSE;
  while ((rc = sqlite3_step (list)) == SQLITE_ROW)
    for (int c = 0; c < 4; c++)
      g_ptr_array_add (rows, gloss_column_dup (list, c));
  sqlite3_reset (list);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (m->other, rc, "reading the other copy's annotators", error);
      return FALSE;
    }

  for (guint i = 0; i + 3 < rows->len; i += 4)
    {
      const char *id = rows->pdata[i], *name = rows->pdata[i + 1];
      const char *created = rows->pdata[i + 2], *modified = rows->pdata[i + 3];
      g_autofree char *d_id = NULL;
      g_autofree char *d_created = NULL;
      g_autofree char *d_modified = NULL;
      sqlite3_stmt *stmt;

      if (id == NULL || name == NULL || *name == '\0' || created == NULL || modified == NULL)
        continue;
      stmt = gloss_store_prepare (m->dest, "SELECT id, created, modified FROM annotators WHERE name = ?1", error);
      if (stmt == NULL)
        return FALSE;
      gloss_bind_text (stmt, 1, name);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          d_id = gloss_column_dup (stmt, 0);
          d_created = gloss_column_dup (stmt, 1);
          d_modified = gloss_column_dup (stmt, 2);
        }
      sqlite3_reset (stmt);

      if (d_id == NULL)
        {
          /* An id taken here by another name (never the case between copies of one
           * project): a new one, as before. */
          if (gloss_store_ensure_annotator (m->dest, name, id, created, error) < 0)
            return FALSE;
          stmt = gloss_store_prepare (m->dest, "UPDATE annotators SET modified = ?2 WHERE name = ?1", error);
          if (stmt == NULL)
            return FALSE;
          gloss_bind_text (stmt, 1, name);
          gloss_bind_text (stmt, 2, modified);
          if (!gloss_store_step_done (m->dest, stmt, "adding an annotator", error))
            return FALSE;
          continue;
        }

      {
        int cmp = strcmp (id, d_id);
        const char *new_id = cmp < 0 ? id : d_id;
        const char *new_created = cmp < 0 ? created : cmp > 0 ? d_created
                                  : (g_strcmp0 (created, d_created) < 0 ? created : d_created);
        const char *new_modified = cmp < 0 ? modified : cmp > 0 ? d_modified
                                   : (g_strcmp0 (modified, d_modified) > 0 ? modified : d_modified);

        if (g_str_equal (new_id, d_id) && g_strcmp0 (new_created, d_created) == 0 &&
            g_strcmp0 (new_modified, d_modified) == 0)
          continue;
        if (cmp < 0 && gloss_store_id_exists (m->dest, "annotators", id))
          continue;
        stmt = gloss_store_prepare (m->dest,
            "UPDATE annotators SET id = ?2, created = ?3, modified = ?4 WHERE name = ?1", error);
        if (stmt == NULL)
          return FALSE;
        gloss_bind_text (stmt, 1, name);
        gloss_bind_text (stmt, 2, new_id);
        gloss_bind_text (stmt, 3, new_created);
        gloss_bind_text (stmt, 4, new_modified);
        if (!gloss_store_step_done (m->dest, stmt, "merging an annotator", error))
          return FALSE;
      }
    }
  return TRUE;
}

/* The text of a document of the other copy, checked against its hash. */
static char *
other_text (Merge      *m,
            JsonObject *o,
            GError    **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (m->other, "SELECT text FROM documents WHERE id = ?1", error);
  g_autofree char *text = NULL;
  g_autofree char *sha = NULL;
  gsize len = 0;

  if (stmt == NULL)
    return NULL;
  gloss_bind_text (stmt, 1, str_member (o, "id"));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      len = sqlite3_column_bytes (stmt, 0);
      text = g_strndup ((const char *) sqlite3_column_text (stmt, 0), len);
    }
  sqlite3_reset (stmt);
  if (text == NULL || !gloss_text_is_storable (text, len, NULL) ||
      g_strcmp0 ((sha = gloss_sha256_hex (text, len)), str_member (o, "sha256")) != 0)
    {
      g_set_error (error, GLOSS_MERGE_ERROR, GLOSS_MERGE_ERROR_INCONSISTENT,
                   "document %s of the other copy: its text does not match its SHA-256.", str_member (o, "id"));
      return NULL;
    }
  return g_steal_pointer (&text);
}

/* References of the other copy's row @o to rows matched by content take our UUIDs.
 * Returns whether any did. */
static gboolean
map_refs (Merge      *m,
          const char *table,
          JsonObject *o)
{
  gboolean changed = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (row_refs); i++)
    {
      const char *value = g_str_equal (row_refs[i].table, table) ? str_member (o, row_refs[i].member) : NULL;
      const char *ours = value ? g_hash_table_lookup (map_for (m, row_refs[i].ref_table), value) : NULL;

      if (ours != NULL)
        {
          json_object_set_string_member (o, row_refs[i].member, ours);
          changed = TRUE;
        }
    }

  /* A relation type names its labels in a JSON list of UUIDs. */
  if (g_str_equal (table, "relation_types"))
    {
      static const char * const lists[] = { "from_labels", "to_labels" };
      GHashTable *labels = map_for (m, "labels");

      for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
        if (str_member (o, lists[i]) != NULL && g_hash_table_size (labels) > 0)
          {
            g_autoptr(GString) text = g_string_new (str_member (o, lists[i]));
            GHashTableIter iter;
            gpointer theirs, ours;

            g_hash_table_iter_init (&iter, labels);
            while (g_hash_table_iter_next (&iter, &theirs, &ours))
              g_string_replace (text, theirs, ours, 0);
            changed |= g_strcmp0 (text->str, str_member (o, lists[i])) != 0;
            json_object_set_string_member (o, lists[i], text->str);
          }
    }
  return changed;
}

/* ------------------------------------------------------------------------- */
/* Version identity                                                           */

/* A version of a row is its snapshot (the JSON the history keeps) and, when a merge
 * made it, the identity the merge gave it: member "version", a SHA-256 of the heads
 * it holds (merge_three_way()). A merge that joins what two versions hold writes a
 * version of its own even when its content is that of one of them, so that a version
 * once written never comes to stand for more in one copy than in another. The row
 * itself cannot carry the identity (a person's edit of it is the version they wrote),
 * so merge_versions (schema 13) keeps it beside the row, with the snapshot it belongs
 * to: once the row has changed, the identity no longer applies. */
#define VERSION_MEMBER "version"

/* Writes version @json (with its identity, if a merge made it) into the row and
 * records it in the history as merged from @from (and @from2, when not NULL). The
 * version as recorded (the row's snapshot and its identity) in @out_version. */
static gboolean
write_version (Merge       *m,
               const char  *table,
               const char  *id,
               const char  *sub_id,
               const char  *document_id,
               const char  *json,
               const char  *from,
               const char  *from2,
               char       **out_version,
               GError     **error)
{
  g_autoptr(JsonObject) o = parse_object (json);
  g_autofree char *snapshot = NULL;
  g_autofree char *version = NULL;
  const char *identity = o ? str_member (o, VERSION_MEMBER) : NULL;
  gint64 pk = 0, pk2 = 0;
  sqlite3_stmt *stmt;

  if (o == NULL || !gloss_history_apply (m->dest, table, json, &pk, &pk2, error))
    return FALSE;
  snapshot = gloss_history_snapshot_plain (m->dest, table, pk, pk2);
  if (snapshot == NULL)
    {
      g_set_error (error, GLOSS_MERGE_ERROR, GLOSS_MERGE_ERROR_FAILED, "%s %s cannot be read here.", table, id);
      return FALSE;
    }
  if (identity != NULL)
    {
      g_autoptr(JsonObject) written = parse_object (snapshot);

      if (written == NULL)
        return FALSE;
      json_object_set_string_member (written, VERSION_MEMBER, identity);
      version = to_json (written);
      if (!gloss_history_keep_identity (m->dest, table, id, sub_id, snapshot, identity, error))
        return FALSE;
    }
  else
    {
      version = g_strdup (snapshot);
      stmt = gloss_store_prepare (m->dest, "DELETE FROM merge_versions WHERE tbl = ?1 AND row_id = ?2 AND sub_id = ?3",
                                  error);
      if (stmt == NULL)
        return FALSE;
      gloss_bind_text (stmt, 1, table);
      gloss_bind_text (stmt, 2, id);
      gloss_bind_text (stmt, 3, sub_id ? sub_id : "");
      if (!gloss_store_step_done (m->dest, stmt, "forgetting the identity of a merged version", error))
        return FALSE;
    }
  if (!gloss_history_record_json (m->dest, GLOSS_HISTORY_MERGE, table, id, sub_id, document_id, from, version, error))
    return FALSE;
  if (from2 != NULL &&
      !gloss_history_record_json (m->dest, GLOSS_HISTORY_MERGE, table, id, sub_id, document_id, from2, version, error))
    return FALSE;
  if (out_version != NULL)
    *out_version = g_steal_pointer (&version);
  return TRUE;
}

/* The document a row belongs to, for the history: a document itself, an annotation's
 * document, a field value's annotation's. */
static char *
row_document (Merge       *m,
              const char  *table,
              const char  *id,
              JsonObject  *row)
{
  char *document_id = NULL;

  if (g_str_equal (table, "documents"))
    return g_strdup (id);
  if (str_member (row, "document") != NULL)
    return g_strdup (str_member (row, "document"));
  if (g_str_equal (table, "field_values"))
    {
      sqlite3_stmt *stmt = gloss_store_prepare (m->dest,
          "SELECT d.id FROM annotations a JOIN documents d ON d.pk = a.document WHERE a.id = ?1", NULL);

      if (stmt == NULL)
        return NULL;
      gloss_bind_text (stmt, 1, id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        document_id = gloss_column_dup (stmt, 0);
      sqlite3_reset (stmt);
    }
  return document_id;
}

/* ------------------------------------------------------------------------- */
/* Three-way merge of one row                                                 */

/* Every version of a row that @store's history holds (before and after each change),
 * as canonical JSON (references of the other copy (@theirs) taken to our ids) to its
 * modified time. A version is known by its whole content: two copies may each make a
 * different change in the same millisecond. */
static char *
canonical (JsonObject *o)
{
  return to_json (o);
}

static GHashTable *
history_versions (Merge      *m,
                  GlossStore *store,
                  const char *table,
                  const char *row_id,
                  const char *sub_id)
{
  GHashTable *versions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt = gloss_store_prepare (store,
      "SELECT old_json, new_json FROM history WHERE tbl = ?1 AND row_id = ?2 AND sub_id IS ?3 ORDER BY pk", NULL);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  if (stmt == NULL)
    return versions;
  gloss_bind_text (stmt, 1, table);
  gloss_bind_text (stmt, 2, row_id);
  gloss_bind_text (stmt, 3, sub_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    for (int c = 0; c < 2; c++)
      if (sqlite3_column_type (stmt, c) != SQLITE_NULL)
        g_ptr_array_add (texts, gloss_column_dup (stmt, c));
  sqlite3_reset (stmt);

  for (guint i = 0; i < texts->len; i++)
    {
      g_autoptr(JsonObject) o = parse_object (texts->pdata[i]);
      const char *when = o ? str_member (o, "modified") : NULL;

      if (when == NULL)
        continue;
      if (store == m->other)
        map_refs (m, table, o);
      g_hash_table_replace (versions, canonical (o), g_strdup (when));
    }
  return versions;
}

/* The changes of a row in @store's history as edges from the version before to the
 * version after (canonical JSON, as history_versions() keys them), added to @edges:
 * version -> GPtrArray of the versions that replaced it. */
/* An edge of the history of a row, kept by the version after it (see heads_of()). */
typedef struct {
  char    *from;
  gboolean merge;    /* written by a merge: the version after holds what both had */
} InEdge;

static void
in_edge_free (InEdge *e)
{
  g_free (e->from);
  g_free (e);
}

static void
history_edges (Merge      *m,
               GlossStore *store,
               const char *table,
               const char *row_id,
               const char *sub_id,
               GHashTable *edges,
               GHashTable *incoming)
{
  sqlite3_stmt *stmt = gloss_store_prepare (store,
      "SELECT old_json, new_json, action = 'merge' FROM history WHERE tbl = ?1 AND row_id = ?2 AND sub_id IS ?3 AND "
      "old_json IS NOT NULL AND new_json IS NOT NULL ORDER BY pk", NULL);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) merges = g_array_new (FALSE, FALSE, sizeof (gboolean));

  if (stmt == NULL)
    return;
  gloss_bind_text (stmt, 1, table);
  gloss_bind_text (stmt, 2, row_id);
  gloss_bind_text (stmt, 3, sub_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gboolean merge = sqlite3_column_int (stmt, 2) != 0;

      g_ptr_array_add (texts, gloss_column_dup (stmt, 0));
      g_ptr_array_add (texts, gloss_column_dup (stmt, 1));
      g_array_append_val (merges, merge);
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i + 1 < texts->len; i += 2)
    {
      g_autoptr(JsonObject) before = parse_object (texts->pdata[i]);
      g_autoptr(JsonObject) after = parse_object (texts->pdata[i + 1]);
      GPtrArray *next;
      char *from;
      char *to;
      InEdge *e;

      if (before == NULL || after == NULL)
        continue;
      if (store == m->other)
        {
          map_refs (m, table, before);
          map_refs (m, table, after);
        }
      from = canonical (before);
      to = canonical (after);
      if (g_str_equal (from, to))
        {
          g_free (from);
          g_free (to);
          continue;
        }
      e = g_new0 (InEdge, 1);
      e->from = g_strdup (from);
      e->merge = g_array_index (merges, gboolean, i / 2);
      next = g_hash_table_lookup (incoming, to);
      if (next == NULL)
        {
          next = g_ptr_array_new_with_free_func ((GDestroyNotify) in_edge_free);
          g_hash_table_insert (incoming, g_strdup (to), next);
        }
      g_ptr_array_add (next, e);

      next = g_hash_table_lookup (edges, from);
      if (next == NULL)
        {
          next = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (edges, from, next);
        }
      else
        g_free (from);
      g_ptr_array_add (next, to);
    }
}

/* Whether a version that replaced @version (directly or later on) is in @set. */
static gboolean
replaced_by_one_of (GHashTable *edges,
                    const char *version,
                    GHashTable *set)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, (gpointer) version);
  while (stack->len > 0)
    {
      const char *v = g_ptr_array_steal_index (stack, stack->len - 1);
      GPtrArray *next = g_hash_table_lookup (edges, v);

      for (guint i = 0; next != NULL && i < next->len; i++)
        {
          const char *w = next->pdata[i];

          if (!g_hash_table_add (seen, (gpointer) w))
            continue;
          if (!g_str_equal (w, version) && g_hash_table_contains (set, w))
            return TRUE;
          g_ptr_array_add (stack, (gpointer) w);
        }
    }
  return FALSE;
}

/* Who made the version of the row with time @modified, by @store's history. */
static char *
version_who (GlossStore *store,
             const char *row_id,
             const char *sub_id,
             const char *modified)
{
  sqlite3_stmt *stmt = gloss_store_prepare (store,
      "SELECT who FROM history WHERE row_id = ?1 AND sub_id IS ?2 AND action <> 'merge' AND ("
      " CASE WHEN json_valid (new_json) THEN json_extract (new_json, '$.modified') END = ?3 OR "
      " (new_json IS NULL AND old_json IS NULL)) ORDER BY new_json IS NULL, pk DESC LIMIT 1", NULL);
  char *who = NULL;

  if (stmt == NULL)
    return NULL;
  gloss_bind_text (stmt, 1, row_id);
  gloss_bind_text (stmt, 2, sub_id);
  gloss_bind_text (stmt, 3, modified);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    who = gloss_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return who;
}

/* The latest versions both copies have had: of the versions found in both histories,
 * those that no other of them replaced (by the changes in either history), newest
 * first (JsonObject*; empty when the copies share no version). Time alone does not
 * tell: a merged version has the later `modified` of the two it merged, the same as
 * one of them, and taking that one instead of the merge as the base would take the
 * other copy's change for one of ours. After criss-cross merges (each copy merged the
 * other's earlier work) there can be several; base_for_member() chooses among them.
 * The property test of tests/merge-property.h found both: edits left behind, and
 * exports that depended on the order of merges. */
typedef struct {
  const char *key;
  const char *when;
} BaseCandidate;

static int
compare_candidates_newest (gconstpointer p,
                           gconstpointer q)
{
  const BaseCandidate *x = p, *y = q;
  int c = strcmp (y->when, x->when);

  return c != 0 ? c : strcmp (y->key, x->key);
}

static GPtrArray *
find_bases (GHashTable *ours,
            GHashTable *theirs,
            GHashTable *edges)
{
  g_autoptr(GHashTable) common = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) latest = g_array_new (FALSE, FALSE, sizeof (BaseCandidate));
  GPtrArray *bases = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  GHashTableIter iter;
  gpointer key, when;

  g_hash_table_iter_init (&iter, ours);
  while (g_hash_table_iter_next (&iter, &key, &when))
    if (g_hash_table_contains (theirs, key))
      g_hash_table_add (common, key);
  for (int pass = 0; pass < 2 && latest->len == 0; pass++)
    {
      g_hash_table_iter_init (&iter, common);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          BaseCandidate c = { key, g_hash_table_lookup (ours, key) };

          /* First pass: only the versions that none of the others replaced (a cycle,
           * a version restored as it was, leaves none: then the newest of all). */
          if (pass == 0 && replaced_by_one_of (edges, key, common))
            continue;
          g_array_append_val (latest, c);
        }
      g_array_sort (latest, compare_candidates_newest);
      if (pass == 1 && latest->len > 1)
        g_array_set_size (latest, 1);
    }
  for (guint i = 0; i < latest->len; i++)
    {
      JsonObject *o = parse_object (g_array_index (latest, BaseCandidate, i).key);

      if (o != NULL)
        g_ptr_array_add (bases, o);
    }
  return bases;
}

/* The base for one member among several latest common versions (a criss-cross): when
 * the member is as one side had it in some of them and never as the other side has it,
 * that side did not change it since a version both had, so the other side's change
 * stands (as a recursive three-way merge of the bases would find); otherwise the
 * newest base, against which a change on both sides is a conflict. */
static JsonNode *field_node (JsonObject *o,
                             const char *field);

static JsonObject *
base_for_member (GPtrArray  *bases,
                 const char *field,
                 JsonNode   *vo,
                 JsonNode   *vd)
{
  JsonObject *like_o = NULL, *like_d = NULL;

  if (bases->len == 0)
    return NULL;
  for (guint i = 0; i < bases->len; i++)
    {
      g_autoptr(JsonNode) vb = field_node (bases->pdata[i], field);

      if (vb == NULL)
        continue;
      if (like_o == NULL && vo != NULL && json_node_equal (vb, vo))
        like_o = bases->pdata[i];
      if (like_d == NULL && vd != NULL && json_node_equal (vb, vd))
        like_d = bases->pdata[i];
    }
  if (like_d != NULL && like_o == NULL)
    return like_d;
  if (like_o != NULL && like_d == NULL)
    return like_o;
  return bases->pdata[0];
}

/* The members of a row merged one by one: all but what names the row, its times
 * and what is derived (an annotation's quote); an annotation's start and end are
 * one member, "span", and so are its label and entity ("label": the entity must be
 * of the label's type, so the two go together). */
static gboolean
is_merged_member (const char *table,
                  const char *member)
{
  static const char * const skip[] = { "id", "created", "modified", "quote", "annotation", "field", VERSION_MEMBER };

  for (guint i = 0; i < G_N_ELEMENTS (skip); i++)
    if (g_str_equal (member, skip[i]))
      return g_str_equal (member, "field") && !g_str_equal (table, "field_values");
  if (g_str_equal (table, "annotations") &&
      (g_str_equal (member, "start") || g_str_equal (member, "end") || g_str_equal (member, "entity")))
    return FALSE;
  return TRUE;
}

/* The value of @field in @o as a node (owned): null when absent. */
static JsonNode *
field_node (JsonObject *o,
            const char *field)
{
  JsonNode *node;

  if (o == NULL)
    return NULL;
  if (g_str_equal (field, "label") && json_object_has_member (o, "entity"))
    {
      JsonArray *pair = json_array_new ();

      json_array_add_element (pair, json_node_copy (json_object_get_member (o, "label")));
      json_array_add_element (pair, json_node_copy (json_object_get_member (o, "entity")));
      node = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (node, pair);
      return node;
    }
  if (g_str_equal (field, "span"))
    {
      JsonArray *span = json_array_new ();

      json_array_add_int_element (span, json_object_get_int_member_with_default (o, "start", -1));
      json_array_add_int_element (span, json_object_get_int_member_with_default (o, "end", -1));
      node = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (node, span);
      return node;
    }
  node = json_object_get_member (o, field);
  return node ? json_node_copy (node) : json_node_new (JSON_NODE_NULL);
}

static void
set_field_node (JsonObject *o,
                const char *field,
                JsonNode   *node)
{
  if (g_str_equal (field, "span"))
    {
      JsonArray *span = json_node_get_array (node);

      json_object_set_int_member (o, "start", json_array_get_int_element (span, 0));
      json_object_set_int_member (o, "end", json_array_get_int_element (span, 1));
      return;
    }
  if (g_str_equal (field, "label") && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *pair = json_node_get_array (node);

      json_object_set_member (o, "label", json_node_copy (json_array_get_element (pair, 0)));
      json_object_set_member (o, "entity", json_node_copy (json_array_get_element (pair, 1)));
      return;
    }
  json_object_set_member (o, field, json_node_copy (node));
}

static char *
node_to_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, NULL);
}


/* ------------------------------------------------------------------------- */
/* The values a member holds: its heads                                       */

/* A member's value in a version is either a value someone wrote or what a merge
 * made of the values of the versions it merged. A merge that keeps one of two values
 * in conflict has not chosen it: the value is only held until a person settles it.
 * Taking it later for that copy's own edit (as a three-way merge against a common
 * version does) made the result of merging three copies depend on their order, and
 * could drop an edit one copy made on top of one side of the conflict.
 *
 * So each version of a row has, for each member, its *heads*: the versions in which
 * the values it stands for were written. A version written by a person (any change
 * that is not a merge's) that changes the member is a head itself, and replaces the
 * heads of the version it was made from; for `deleted`, any change of the row made
 * by a person is a write of it (keeping the row alive), so that a deletion in one
 * copy and an edit in another are in conflict. A version a merge wrote has the heads
 * of the versions it merged (its "merge" edges in the history come from both), less
 * those another of them replaced; what a merge changes of its own (a duplicate
 * collapsed, a label renamed) is recorded as an edit, deletion or restoration and so
 * is a write. A row as created is a head too. Merging two versions joins their
 * heads: one value left is the member's value; several are a conflict, and the
 * member holds the smallest (as JSON text). Heads only grow by replacing, so the join
 * is the same in any order and grouping of merges.
 *
 * Versions are known by their whole content, and a version a merge made also by its
 * identity (VERSION_MEMBER, merge_versions). Before schema 13 a merge that kept a
 * version as it was while joining what the other held (a conflict it kept meanwhile)
 * added a "merge" edge to a version other copies already had: it then held both in one
 * copy and not in another, and a change someone made from it before the merge replaced
 * both; whether a merge met the version before or after depended on the order of
 * merges, and so did the result. Now such a merge writes a version of its own
 * (merge_three_way()), so a version never gains an edge into it after it was written
 * anywhere but from another merge of the same heads. */
typedef struct {
  const char *table;
  const char *field;
  GHashTable *incoming;     /* borrowed: version -> GPtrArray of InEdge* */
  GHashTable *objects;      /* version -> JsonObject (shared by the members of a row) */
  GHashTable *values;       /* version -> the member's value as JSON text */
  GHashTable *heads;        /* version -> set of versions */
  GHashTable *replaced;     /* head -> set of the heads it replaced */
  GHashTable *busy;         /* versions being looked at (a cycle in a damaged history) */
  GPtrArray  *temps;        /* sets given out while in a cycle */
  GHashTable *alike;        /* a version's content but its time -> GPtrArray of versions */
  const char *extra[2];     /* the two versions merged, which may be in no history */
} Heads;

static void
heads_init (Heads      *h,
            const char *table,
            const char *field,
            GHashTable *incoming,
            GHashTable *objects)
{
  h->table = table;
  h->field = field;
  h->incoming = incoming;
  h->objects = g_hash_table_ref (objects);
  h->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  h->heads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_hash_table_unref);
  h->replaced = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_hash_table_unref);
  h->busy = g_hash_table_new (g_str_hash, g_str_equal);
  h->temps = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  h->alike = NULL;
  h->extra[0] = h->extra[1] = NULL;
}

static void
heads_clear (Heads *h)
{
  g_hash_table_unref (h->objects);
  g_hash_table_unref (h->values);
  g_hash_table_unref (h->heads);
  g_hash_table_unref (h->replaced);
  g_hash_table_unref (h->busy);
  g_ptr_array_unref (h->temps);
  if (h->alike)
    g_hash_table_unref (h->alike);
}

static GHashTable *
new_set (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static JsonObject *
heads_object (Heads      *h,
              const char *version)
{
  JsonObject *o = g_hash_table_lookup (h->objects, version);

  if (o == NULL && (o = parse_object (version)) != NULL)
    g_hash_table_insert (h->objects, g_strdup (version), o);
  return o;
}

static const char *
heads_value (Heads      *h,
             const char *version)
{
  const char *v = g_hash_table_lookup (h->values, version);

  if (v == NULL)
    {
      g_autoptr(JsonNode) node = field_node (heads_object (h, version), h->field);
      char *text = node ? node_to_json (node) : g_strdup ("null");

      g_hash_table_insert (h->values, g_strdup (version), text);
      v = text;
    }
  return v;
}

/* Whether a person's change from @from to @to writes the member. */
static gboolean
heads_written (Heads      *h,
               const char *from,
               const char *to)
{
  if (g_str_equal (h->field, "deleted"))
    {
      JsonObject *a = heads_object (h, from), *b = heads_object (h, to);
      g_autoptr(GList) members = NULL;

      if (a == NULL || b == NULL)
        return TRUE;
      if (is_deleted (a) != is_deleted (b))
        return TRUE;
      members = json_object_get_members (b);
      for (GList *l = members; l; l = l->next)
        {
          JsonNode *x = json_object_get_member (a, l->data);

          if (g_str_equal (l->data, "modified") || g_str_equal (l->data, "quote") ||
              g_str_equal (l->data, "prefix") || g_str_equal (l->data, "suffix") ||
              g_str_equal (l->data, VERSION_MEMBER))
            continue;
          if (x == NULL || !json_node_equal (x, json_object_get_member (b, l->data)))
            return TRUE;
        }
      return FALSE;
    }
  return !g_str_equal (heads_value (h, from), heads_value (h, to));
}

static void
set_add_all (GHashTable *to,
             GHashTable *from)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, from);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (to, key))
      g_hash_table_add (to, g_strdup (key));
}

/* Every head that @head replaced, directly or later on. */
static GHashTable *
heads_replaced_by (Heads      *h,
                   const char *head)
{
  GHashTable *all = new_set ();
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, (gpointer) head);
  while (stack->len > 0)
    {
      const char *x = g_ptr_array_steal_index (stack, stack->len - 1);
      GHashTable *direct = g_hash_table_lookup (h->replaced, x);
      GHashTableIter iter;
      gpointer key;

      if (direct == NULL)
        continue;
      g_hash_table_iter_init (&iter, direct);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (!g_hash_table_contains (all, key) && !g_str_equal (key, head))
          {
            g_hash_table_add (all, g_strdup (key));
            g_ptr_array_add (stack, key);
          }
    }
  return all;
}

/* Drops from @set the heads that another of them replaced. */
static void
heads_reduce (Heads      *h,
              GHashTable *set)
{
  g_autoptr(GHashTable) gone = new_set ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autoptr(GHashTable) below = heads_replaced_by (h, key);

      set_add_all (gone, below);
    }
  g_hash_table_iter_init (&iter, gone);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_remove (set, key);
}

static void
heads_add_replaced (Heads      *h,
                    const char *head,
                    GHashTable *set)
{
  GHashTable *direct = g_hash_table_lookup (h->replaced, head);

  if (direct == NULL)
    {
      direct = new_set ();
      g_hash_table_insert (h->replaced, g_strdup (head), direct);
    }
  set_add_all (direct, set);
  g_hash_table_remove (direct, head);
}

/* @version without its time, as text. */
static char *
heads_timeless (Heads      *h,
                const char *version)
{
  JsonObject *o = heads_object (h, version);
  g_autoptr(JsonObject) copy = NULL;
  g_autoptr(GList) members = NULL;

  if (o == NULL)
    return g_strdup (version);
  copy = json_object_new ();
  members = json_object_get_members (o);
  for (GList *l = members; l; l = l->next)
    if (!g_str_equal (l->data, "modified") && !g_str_equal (l->data, VERSION_MEMBER))
      json_object_set_member (copy, l->data, json_node_copy (json_object_get_member (o, l->data)));
  return to_json (copy);
}

static void
heads_add_alike (Heads      *h,
                 const char *version)
{
  g_autofree char *key = heads_timeless (h, version);
  GPtrArray *list = g_hash_table_lookup (h->alike, key);

  if (list == NULL)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (h->alike, g_steal_pointer (&key), list);
    }
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (list->pdata[i], version))
      return;
  g_ptr_array_add (list, (gpointer) version);
}

/* The version @version was made from when no change in the histories leads to it:
 * one that differs from it only in its time, the latest older one. Setting a field
 * value moves the annotation's time on without a change in the history when the
 * version before is there already (gloss_store_set_field_value()); that version
 * holds what it held. NULL for a row's first version. */
static const char *
heads_implicit_parent (Heads      *h,
                       const char *version)
{
  g_autofree char *key = NULL;
  const char *when = str_member (heads_object (h, version), "modified");
  const char *best = NULL, *best_when = NULL;
  GPtrArray *list;

  if (when == NULL)
    return NULL;
  if (h->alike == NULL)
    {
      GHashTableIter iter;
      gpointer to, in;

      h->alike = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
      g_hash_table_iter_init (&iter, h->incoming);
      while (g_hash_table_iter_next (&iter, &to, &in))
        {
          GPtrArray *edges = in;

          heads_add_alike (h, to);
          for (guint i = 0; i < edges->len; i++)
            heads_add_alike (h, ((InEdge *) edges->pdata[i])->from);
        }
      for (guint i = 0; i < G_N_ELEMENTS (h->extra); i++)
        if (h->extra[i] != NULL)
          heads_add_alike (h, h->extra[i]);
    }
  key = heads_timeless (h, version);
  list = g_hash_table_lookup (h->alike, key);
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      const char *v = list->pdata[i];
      const char *w = str_member (heads_object (h, v), "modified");

      if (w == NULL || strcmp (w, when) >= 0)
        continue;
      if (best == NULL || strcmp (w, best_when) > 0 || (strcmp (w, best_when) == 0 && strcmp (v, best) < 0))
        {
          best = v;
          best_when = w;
        }
    }
  return best;
}

/* Whether @version is a row as created: as old as it is new. */
static gboolean
heads_is_created (Heads      *h,
                  const char *version)
{
  JsonObject *o = heads_object (h, version);
  const char *created = o ? str_member (o, "created") : NULL;

  return created != NULL && g_strcmp0 (created, str_member (o, "modified")) == 0;
}

/* The heads of @version (owned by @h). */
static GHashTable *
heads_of (Heads      *h,
          const char *version)
{
  GHashTable *set = g_hash_table_lookup (h->heads, version);
  gboolean created, by_person = FALSE;
  GPtrArray *in;

  if (set != NULL)
    return set;
  set = new_set ();
  in = g_hash_table_lookup (h->incoming, version);
  created = heads_is_created (h, version);
  if (in == NULL && !created && !g_hash_table_contains (h->busy, version))
    {
      const char *parent = heads_implicit_parent (h, version);

      if (parent != NULL)
        {
          g_hash_table_add (h->busy, (gpointer) version);
          set_add_all (set, heads_of (h, parent));
          g_hash_table_remove (h->busy, version);
          g_hash_table_insert (h->heads, g_strdup (version), set);
          return set;
        }
    }
  if (in == NULL || g_hash_table_contains (h->busy, version))
    {
      g_hash_table_add (set, g_strdup (version));
      if (in == NULL)
        g_hash_table_insert (h->heads, g_strdup (version), set);
      else
        g_ptr_array_add (h->temps, set);   /* only while the cycle is walked */
      return set;
    }
  g_hash_table_add (h->busy, (gpointer) version);
  for (guint i = 0; i < in->len; i++)
    {
      InEdge *e = in->pdata[i];
      GHashTable *before = heads_of (h, e->from);

      by_person |= !e->merge;
      if (!e->merge && heads_written (h, e->from, version))
        {
          g_hash_table_add (set, g_strdup (version));
          heads_add_replaced (h, version, before);
        }
      else
        set_add_all (set, before);
    }
  /* A row as created is written by a person, though no change leads to it (a row's
   * first version is not stored twice): a merge that kept it as it was, against a
   * version of the other copy, adds what that version holds, not replaces it. */
  if (!by_person && created && !g_hash_table_contains (set, version))
    g_hash_table_add (set, g_strdup (version));

  heads_reduce (h, set);
  g_hash_table_remove (h->busy, version);
  g_hash_table_insert (h->heads, g_strdup (version), set);
  return set;
}

static gboolean
sets_equal (GHashTable *a,
            GHashTable *b)
{
  GHashTableIter iter;
  gpointer key;

  if (g_hash_table_size (a) != g_hash_table_size (b))
    return FALSE;
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (b, key))
      return FALSE;
  return TRUE;
}

/* The smallest value (JSON text) of the heads in both @set and @side, other than
 * @not (may be NULL); NULL when none. */
static const char *
heads_min_value (Heads      *h,
                 GHashTable *set,
                 GHashTable *side,
                 const char *not)
{
  const char *min = NULL;
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *v = heads_value (h, key);

      if (side != NULL && !g_hash_table_contains (side, key))
        continue;
      if (not != NULL && g_str_equal (v, not))
        continue;
      if (min == NULL || strcmp (v, min) < 0)
        min = v;
    }
  return min;
}

/* Whether @a and @b hold the same row, whatever identity a merge gave either. */
static gboolean
same_content (JsonObject *a,
              JsonObject *b)
{
  g_autoptr(JsonObject) x = json_object_ref (a);
  g_autoptr(JsonObject) y = json_object_ref (b);
  gboolean same;

  if (json_object_has_member (a, VERSION_MEMBER) || json_object_has_member (b, VERSION_MEMBER))
    {
      g_autofree char *ta = to_json (a);
      g_autofree char *tb = to_json (b);

      g_clear_pointer (&x, json_object_unref);
      g_clear_pointer (&y, json_object_unref);
      x = parse_object (ta);
      y = parse_object (tb);
      json_object_remove_member (x, VERSION_MEMBER);
      json_object_remove_member (y, VERSION_MEMBER);
    }
  same = json_object_equal (x, y);
  return same;
}

static int
compare_texts (gconstpointer p,
               gconstpointer q)
{
  return strcmp (*(const char * const *) p, *(const char * const *) q);
}

/* Adds what member @field holds (its heads, in order) to the identity of a version. */
static void
add_to_identity (GChecksum  *identity,
                 const char *field,
                 GHashTable *heads)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, heads);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (list, key);
  g_ptr_array_sort (list, compare_texts);
  g_checksum_update (identity, (const guchar *) field, -1);
  g_checksum_update (identity, (const guchar *) "\n", 1);
  for (guint i = 0; i < list->len; i++)
    {
      g_checksum_update (identity, (const guchar *) list->pdata[i], -1);
      g_checksum_update (identity, (const guchar *) "\n", 1);
    }
  g_checksum_update (identity, (const guchar *) "\n", 1);
}

/* A row changed in both copies since a version they share (@base), or, with no
 * version found in both (rows made in each copy on their own), since nothing. Each
 * member takes the change of the side that changed it; a member both changed to
 * different values is a conflict, recorded for a person to settle, and meanwhile
 * keeps the value whose JSON text is the smaller. The result is as old as the older
 * version (`created`) and as new as the newer (`modified`). Each of these is a
 * function of the values alone, so that copies merged in any order and grouping end
 * the same (docs/MERGE.md). */
static gboolean
merge_three_way (Merge       *m,
                 const char  *table,
                 const char  *id,
                 const char  *sub_id,
                 const char  *other_id,
                 const char  *other_sub_id,
                 GHashTable  *ours,
                 GHashTable  *theirs,
                 JsonObject  *o,
                 JsonObject  *d,
                 const char  *o_json,
                 const char  *d_json,
                 gboolean     known,
                 GError     **error)
{
  g_autoptr(GHashTable) edges = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) incoming = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) bases = NULL;
  g_autoptr(JsonObject) merged = parse_object (d_json);
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_conflict_free);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GList) members = json_object_get_members (d);
  g_autofree char *merged_json = NULL;
  g_autofree char *value_document = NULL;
  g_autofree char *kd = canonical (d);
  g_autofree char *ko = canonical (o);
  g_autoptr(GChecksum) identity = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GHashTable) objects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) json_object_unref);
  gboolean gains_d = FALSE, gains_o = FALSE, alike = FALSE;
  enum { KEEP_OURS, KEEP_THEIRS, KEEP_NEW } keep;
  const char *document_id;

  history_edges (m, m->dest, table, id, sub_id, edges, incoming);
  history_edges (m, m->other, table, other_id, other_sub_id, edges, incoming);
  bases = find_bases (ours, theirs, edges);

  if (g_str_equal (table, "annotations"))
    g_ptr_array_add (fields, g_strdup ("span"));
  for (GList *l = members; l; l = l->next)
    if (is_merged_member (table, l->data))
      g_ptr_array_add (fields, g_strdup (l->data));

  value_document = row_document (m, table, id, d);
  document_id = value_document;
  g_checksum_update (identity, (const guchar *) table, -1);
  g_checksum_update (identity, (const guchar *) "\n", 1);

  for (guint i = 0; i < fields->len; i++)
    {
      const char *field = fields->pdata[i];
      g_autoptr(JsonNode) vo = field_node (o, field);
      g_autoptr(JsonNode) vd = field_node (d, field);
      JsonObject *base = base_for_member (bases, field, vo, vd);
      g_autoptr(JsonNode) vb = NULL;
      g_autoptr(GHashTable) joined = new_set ();
      g_autofree char *vd_text = NULL;
      const char *kept, *my_value, *their_value;
      GHashTable *hd, *ho;
      GlossConflict *c;
      Heads h;

      /* The heads of the member on each side, joined (see heads_of()), for every
       * member: one with the same value on both sides may still hold different
       * writes of it, and what the merged version holds is its identity. */
      heads_init (&h, table, field, incoming, objects);
      h.extra[0] = kd;
      h.extra[1] = ko;
      hd = heads_of (&h, kd);
      ho = heads_of (&h, ko);
      set_add_all (joined, hd);
      set_add_all (joined, ho);
      heads_reduce (&h, joined);
      gains_d |= !sets_equal (joined, hd);
      gains_o |= !sets_equal (joined, ho);
      add_to_identity (identity, field, joined);
      vd_text = node_to_json (vd);
      /* The same value on both sides is the member's value, unless what the two
       * hold together says otherwise: both copies may show the value a conflict
       * kept meanwhile while the heads they hold between them hold another, which
       * the rule below then keeps, as any other order of merges would. */
      if (json_node_equal (vo, vd) && heads_min_value (&h, joined, NULL, vd_text) == NULL)
        {
          heads_clear (&h);
          continue;
        }
      kept = heads_min_value (&h, joined, NULL, NULL);
      if (kept != NULL && !g_str_equal (kept, vd_text))
        {
          g_autoptr(JsonNode) value = json_from_string (kept, NULL);

          if (value != NULL)
            set_field_node (merged, field, value);
        }
      if (kept == NULL || heads_min_value (&h, joined, NULL, kept) == NULL || sets_equal (joined, hd))
        {
          /* One value: only one side changed it, or both to the same; or the
           * conflict is one this project holds already. */
          heads_clear (&h);
          continue;
        }

      /* A conflict. Meanwhile the row keeps the value whose JSON text is the
       * smallest: a rule on the values alone, so that copies merged in any order
       * and in any grouping keep the same one. */
      my_value = heads_min_value (&h, joined, hd, NULL);
      their_value = heads_min_value (&h, joined, ho, my_value);
      if (my_value == NULL)
        my_value = vd_text;
      if (their_value == NULL)
        their_value = heads_min_value (&h, joined, NULL, my_value);
      if (!gloss_conflict_field_is_valid (table, field))
        {
          heads_clear (&h);
          continue;
        }
      vb = field_node (base, field);
      c = g_new0 (GlossConflict, 1);
      c->mine = g_strdup (my_value);
      c->theirs = g_strdup (their_value);
      c->table = g_strdup (table);
      c->row_id = g_strdup (id);
      c->sub_id = g_strdup (sub_id);
      c->document_id = g_strdup (document_id);
      c->field = g_strdup (field);
      c->base = vb ? node_to_json (vb) : NULL;
      c->kept = g_strdup (g_str_equal (kept, c->theirs) ? "theirs" : "mine");
      c->mine_at = g_strdup (str_member (d, "modified"));
      c->theirs_at = g_strdup (str_member (o, "modified"));
      c->mine_who = version_who (m->dest, id, sub_id, c->mine_at);
      c->theirs_who = version_who (m->other, other_id, other_sub_id, c->theirs_at);
      c->other_copy = g_strdup (m->other_name);
      /* The conflict is as old as the later of the two versions: nothing the merge
       * writes depends on when it ran. */
      c->created = g_strdup (g_strcmp0 (c->mine_at, c->theirs_at) > 0 ? c->mine_at : c->theirs_at);
      g_ptr_array_add (conflicts, c);
      heads_clear (&h);
    }
  /* An annotation's quote follows its span. */
  if (g_str_equal (table, "annotations"))
    {
      g_autoptr(JsonNode) span_m = field_node (merged, "span");
      g_autoptr(JsonNode) span_o = field_node (o, "span");

      if (json_node_equal (span_m, span_o))
        json_object_set_member (merged, "quote", field_node (o, "quote"));
    }

  /* The merged row is as old as the older and as new as the newer version: a
   * minimum and a maximum, the same in any order of merges. */
  {
    const char *co = str_member (o, "created"), *cd = str_member (d, "created");
    const char *mo = str_member (o, "modified"), *md = str_member (d, "modified");

    if (co && cd)
      json_object_set_string_member (merged, "created", strcmp (co, cd) < 0 ? co : cd);
    if (mo && md)
      json_object_set_string_member (merged, "modified", strcmp (mo, md) > 0 ? mo : md);
  }

  /* What the merge writes is one of three versions. When what ours holds already
   * takes in what theirs holds, member by member, and the merged content is ours,
   * ours as it is; the same for theirs; otherwise a version of the merge's own, with
   * an identity that is the heads it holds: the same whichever copy is merged into
   * which, and never that of a version someone already has, even when its content is
   * (a conflict that keeps our value meanwhile). */
  if (!gains_d && !gains_o && same_content (merged, d) && same_content (merged, o))
    {
      /* Alike: two versions that hold the same and have the same content (the same
       * version written in two copies by two merges that took different ways to
       * it). The one with the smaller text stays, so that the copies come to agree
       * whichever is merged into which, and neither gains an edge from the other
       * (which, merged back, would make the two versions each other's parent). */
      alike = TRUE;
      keep = strcmp (kd, ko) <= 0 ? KEEP_OURS : KEEP_THEIRS;
    }
  else if (!gains_d && same_content (merged, d))
    keep = KEEP_OURS;
  else if (!gains_o && same_content (merged, o))
    keep = KEEP_THEIRS;
  else
    {
      keep = KEEP_NEW;
      json_object_set_string_member (merged, VERSION_MEMBER, g_checksum_get_string (identity));
    }

  if (keep == KEEP_THEIRS)
    {
      if (!write_version (m, table, id, sub_id, document_id, o_json, d_json, NULL, NULL, error))
        return FALSE;
      if (alike)
        m->report->unchanged++;
      else
        add_item (is_deleted (o) && !is_deleted (d) ? m->report->deleted : m->report->updated, table, id, NULL,
                  sub_id);
    }
  else if (keep == KEEP_OURS)
    {
      /* The other version goes to the history, as merged into ours, unless it is
       * one of ours already (by its whole content, not its time). */
      if (alike)
        m->report->unchanged++;
      else
        m->report->kept++;
      if (!known &&
          !gloss_history_record_json (m->dest, GLOSS_HISTORY_MERGE, table, id, sub_id, document_id,
                                      o_json, d_json, error))
        return FALSE;
    }
  else
    {
      merged_json = to_json (merged);
      /* Both versions go to the history, so that either can be restored and a later
       * merge knows both as seen. */
      if (!write_version (m, table, id, sub_id, document_id, merged_json, d_json, o_json, NULL, error))
        return FALSE;
      add_item (is_deleted (merged) && !is_deleted (d) ? m->report->deleted : m->report->updated, table, id, NULL,
                "changed in both copies: merged field by field");
    }

  for (guint i = 0; i < conflicts->len; i++)
    {
      GlossConflict *c = conflicts->pdata[i];
      g_autofree char *what = NULL;
      GlossMergeItem *item;

      if (!gloss_store_add_conflict (m->dest, c, error))
        return FALSE;
      {
        /* Its id, as the store made it. */
        g_autoptr(GPtrArray) now = gloss_store_list_conflicts (m->dest, c->row_id, error);

        if (now == NULL)
          return FALSE;
        for (guint j = 0; j < now->len; j++)
          {
            GlossConflict *n = now->pdata[j];

            if (g_str_equal (n->field, c->field) && g_strcmp0 (n->sub_id, c->sub_id) == 0 &&
                g_str_equal (n->table, c->table))
              c->id = g_strdup (n->id);
          }
      }
      what = gloss_conflict_describe (m->dest, c);
      add_item (m->report->conflicts, table, id, NULL, what);
      item = m->report->conflicts->pdata[m->report->conflicts->len - 1];
      item->conflict_id = g_strdup (c->id);
    }
  return TRUE;
}

static gboolean
merge_row (Merge      *m,
           const char *table,
           const char *json,
           GError    **error)
{
  g_autoptr(JsonObject) o = parse_object (json);
  g_autoptr(JsonObject) d = NULL;
  g_autofree char *o_json = NULL;
  g_autofree char *d_json = NULL;
  gboolean is_value = g_str_equal (table, "field_values");
  const char *id, *sub_id;
  g_autofree char *other_id = NULL;
  g_autofree char *other_sub_id = NULL;
  gint64 pk = 0, pk2 = 0;
  gboolean o_del, refs_changed;

  if (o == NULL)
    {
      g_set_error (error, GLOSS_MERGE_ERROR, GLOSS_MERGE_ERROR_FAILED, "A %s row of the other copy is unreadable.", table);
      return FALSE;
    }

  /* The row's ids in the other copy, which its history uses. */
  other_id = g_strdup (str_member (o, is_value ? "annotation" : "id"));
  other_sub_id = is_value ? g_strdup (str_member (o, "field")) : NULL;
  {
    g_autofree char *identity = m->other_versions ? gloss_history_version_of (m->other, table, other_id, other_sub_id, json)
                                                  : NULL;

    if (identity != NULL)
      json_object_set_string_member (o, VERSION_MEMBER, identity);
  }

  refs_changed = map_refs (m, table, o);

  id = str_member (o, is_value ? "annotation" : "id");
  sub_id = is_value ? str_member (o, "field") : NULL;
  o_del = is_deleted (o);
  if (id == NULL || (is_value && sub_id == NULL))
    {
      g_set_error (error, GLOSS_MERGE_ERROR, GLOSS_MERGE_ERROR_FAILED, "A %s row of the other copy has no id.", table);
      return FALSE;
    }

  if (!gloss_history_find_row (m->dest, table, id, sub_id, &pk, &pk2) && !o_del)
    {
      g_autofree char *how = NULL;
      g_autofree char *ours = find_by_content (m, table, o, &how);

      if (ours != NULL)
        {
          /* The smaller id is kept: see rekey(). A row this merge has already added or
           * matched keeps its id, as rows of the other copy may refer to it by that id
           * (a copy with two rows of the same content, which Gloss itself never makes). */
          if (strcmp (id, ours) < 0 && !g_hash_table_contains (m->settled, ours))
            {
              add_item (m->report->matched, table, id, ours, how);
              if (!rekey (m, table, ours, id, error))
                return FALSE;
            }
          else
            {
              add_item (m->report->matched, table, ours, id, how);
              g_hash_table_insert (map_for (m, table), g_strdup (id), g_strdup (ours));
              json_object_set_string_member (o, "id", ours);
              id = str_member (o, "id");
            }
          g_hash_table_add (m->settled, g_strdup (id));
          gloss_history_find_row (m->dest, table, id, NULL, &pk, &pk2);
        }
    }
  if (pk == 0)
    {
      g_autofree char *insert = NULL;

      if (g_str_equal (table, "labels") && !o_del)
        {
          g_autoptr(JsonObject) original = NULL;

          o_json = to_json (o);
          original = parse_object (o_json);

          if (!make_label_fit (m, o, error))
            return FALSE;
          if (original != NULL && !json_object_equal (o, original))
            {
              /* Renamed on its way in: the other copy's version is one this project
               * has seen, so that merging that copy again changes nothing. */
              g_autofree char *renamed = to_json (o);

              if (!gloss_history_record_json (m->dest, GLOSS_HISTORY_EDIT, table, id, NULL, NULL, o_json,
                                              renamed, error))
                return FALSE;
            }
          g_clear_pointer (&o_json, g_free);
          o_json = to_json (o);
        }
      if (g_str_equal (table, "documents"))
        {
          char *text = other_text (m, o, error);

          if (text == NULL)
            return FALSE;
          json_object_set_string_member (o, "text", text);
          g_free (text);
        }
      if (str_member (o, VERSION_MEMBER) != NULL)
        {
          /* A version a merge made in the other copy stays that version here. */
          g_autofree char *document_id = row_document (m, table, id, o);

          insert = to_json (o);
          if (!write_version (m, table, id, sub_id, document_id, insert, NULL, NULL, NULL, error))
            return FALSE;
        }
      else
        {
          /* The row as it is, without writing it out and reading it back. Its history
           * entry holds its snapshot, which for a row written as the other copy's
           * snapshot reads (no reference mapped, every value of its column's type) is
           * that text itself: it is not built again. */
          gboolean as_read = FALSE;

          if (!gloss_history_apply_object_full (m->dest, table, o, TRUE, &pk, &pk2, &as_read, error))
            return FALSE;
          if (as_read && !refs_changed && !is_value)
            {
              if (!gloss_history_record_json (m->dest, GLOSS_HISTORY_MERGE, table, id, NULL, NULL, NULL, json, error))
                return FALSE;
            }
          else if (!gloss_history_record (m->dest, GLOSS_HISTORY_MERGE, table, pk, pk2, NULL, NULL, error))
            return FALSE;
        }
      if (!o_del)
        add_item (m->report->added, table, id, NULL, sub_id ? sub_id : NULL);
      if (!is_value)
        g_hash_table_add (m->settled, g_strdup (id));
      return TRUE;
    }

  if (g_str_equal (table, "documents"))
    {
      /* The same document in two copies has the same text. */
      sqlite3_stmt *stmt = gloss_store_prepare (m->dest, "SELECT sha256 FROM documents WHERE pk = ?1", error);
      gboolean same = FALSE;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, pk);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        same = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), str_member (o, "sha256")) == 0;
      sqlite3_reset (stmt);
      if (!same)
        {
          g_set_error (error, GLOSS_MERGE_ERROR, GLOSS_MERGE_ERROR_INCONSISTENT,
                       "document %s has another text in the other copy: they are not copies of one project.", id);
          return FALSE;
        }
    }

  {
    /* With the identity a merge gave it, if it has one. */
    g_autofree char *snapshot = gloss_history_snapshot (m->dest, table, pk, pk2);

    d = parse_object (snapshot);
  }
  if (d == NULL)
    {
      g_set_error (error, GLOSS_MERGE_ERROR, GLOSS_MERGE_ERROR_FAILED, "%s %s cannot be read here.", table, id);
      return FALSE;
    }
  if (json_object_equal (o, d))
    {
      m->report->unchanged++;
      return TRUE;
    }
  o_json = to_json (o);
  d_json = to_json (d);


  /* The two are merged member by member, even when one copy has seen the other's
   * version: a version a copy had may since have been merged with another in the
   * copy that made it, which changes what it stands for (heads_of()), and only the
   * histories of both together tell. A deletion, or a field value cleared, is a
   * change like any other. */
  {
    g_autoptr(GHashTable) ours = history_versions (m, m->dest, table, id, sub_id);
    g_autoptr(GHashTable) theirs = history_versions (m, m->other, table, other_id, other_sub_id);
    g_autofree char *ko = canonical (o);
    g_autofree char *kd = canonical (d);

    /* The other copy has seen ours and moved on: a conflict it no longer has was
     * settled there. */
    if (g_hash_table_contains (theirs, kd) && !g_hash_table_contains (ours, ko) &&
        !gloss_store_drop_settled_conflicts (m->dest, m->other, table, id, sub_id, error))
      return FALSE;
    return merge_three_way (m, table, id, sub_id, other_id, other_sub_id, ours, theirs, o, d,
                            o_json, d_json, g_hash_table_contains (ours, ko), error);
  }
  return TRUE;
}

/* The originals of the other copy's live documents that this project has without
 * one: the file a document came from travels with it. Each is decompressed and its
 * SHA-256 checked on the way (the other copy may be damaged or hostile). */
static gboolean
merge_originals (Merge   *m,
                 GError **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GHashTable *map = map_for (m, "documents");
  sqlite3_stmt *stmt;
  int rc;

  stmt = gloss_store_prepare (m->other,
      "SELECT d.id FROM document_originals x JOIN documents d ON d.pk = x.document "
      "WHERE d.deleted = 0 ORDER BY d.pk", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, gloss_column_dup (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (m->other, rc, "reading the other copy's originals", error);
      return FALSE;
    }
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = ids->pdata[i];
      const char *ours = g_hash_table_lookup (map, id);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GlossOriginal) original = NULL;
      g_autofree char *media_type = NULL;

      if (ours == NULL)
        ours = id;
      if (gloss_store_document_pk (m->dest, ours) == 0 || gloss_store_has_original (m->dest, ours))
        continue;
      bytes = gloss_store_get_original (m->other, id, &media_type, error);
      if (bytes == NULL)
        {
          g_prefix_error (error, "The other copy: ");
          return FALSE;
        }
      original = gloss_original_new_from_bytes (bytes, media_type, GLOSS_ORIGINAL_MAX_BYTES, error);
      if (original == NULL || !gloss_store_set_document_original (m->dest, ours, original, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
merge_table (Merge      *m,
             const char *table,
             GError    **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (m->other, gloss_history_list_sql (table), error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  /* The other store's statement stays cached and is only stepped here. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (!merge_row (m, table, (const char *) sqlite3_column_text (stmt, 0), error))
      {
        sqlite3_reset (stmt);
        return FALSE;
      }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (m->other, rc, "reading the other copy", error);
      return FALSE;
    }
  return TRUE;
}

/* A live annotation in a document or with a label that the merge deleted keeps what
 * it refers to alive: the edit is newer than the deletion. The row comes back with the
 * newest time among those annotations, which is the same in whichever order copies are
 * merged. */
static gboolean
keep_referenced (Merge   *m,
                 GError **error)
{
  static const struct { const char *table; const char *sql; } checks[] = {
    { "documents",
      "SELECT d.pk, d.id, max (a.modified) FROM documents d JOIN annotations a ON a.document = d.pk "
      "WHERE d.deleted = 1 AND a.deleted = 0 GROUP BY d.pk ORDER BY d.pk" },
    { "labels",
      "SELECT l.pk, l.id, max (a.modified) FROM labels l JOIN annotations a ON a.label = l.pk "
      "JOIN documents d ON d.pk = a.document WHERE l.deleted = 1 AND a.deleted = 0 AND d.deleted = 0 "
      "GROUP BY l.pk ORDER BY l.pk" },
    { "entities",
      "SELECT e.pk, e.id, max (a.modified) FROM entities e JOIN annotations a ON a.entity = e.pk "
      "JOIN documents d ON d.pk = a.document WHERE e.deleted = 1 AND e.merged_into IS NULL AND a.deleted = 0 "
      "AND d.deleted = 0 GROUP BY e.pk ORDER BY e.pk" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (checks); c++)
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
      sqlite3_stmt *stmt = gloss_store_prepare (m->dest, checks[c].sql, error);

      if (stmt == NULL)
        return FALSE;
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_ptr_array_add (rows, g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 0)));
          g_ptr_array_add (rows, gloss_column_dup (stmt, 1));
          g_ptr_array_add (rows, gloss_column_dup (stmt, 2));
        }
      sqlite3_reset (stmt);
      for (guint i = 0; i + 2 < rows->len; i += 3)
        {
          gint64 pk = g_ascii_strtoll (rows->pdata[i], NULL, 10);
          g_autofree char *before = gloss_history_snapshot (m->dest, checks[c].table, pk, 0);
          g_autoptr(JsonObject) o = parse_object (before);
          g_autofree char *json = NULL;
          const char *when = rows->pdata[i + 2];

          if (o == NULL)
            continue;
          json_object_set_int_member (o, "deleted", 0);
          if (g_strcmp0 (when, str_member (o, "modified")) > 0)
            json_object_set_string_member (o, "modified", when);
          json = to_json (o);
          if (!gloss_history_apply (m->dest, checks[c].table, json, NULL, NULL, error) ||
              !gloss_history_record (m->dest, GLOSS_HISTORY_RESTORE, checks[c].table, pk, 0, before, NULL, error))
            return FALSE;
          add_item (m->report->conflicts, checks[c].table, rows->pdata[i + 1], NULL,
                    "deleted, but annotations changed later use it: it is kept");
        }
    }
  return TRUE;
}

/* ------------------------------------------------------------------------- */
/* Exact duplicates                                                           */

/* Writes @o (a snapshot of row @pk of @table, changed) with the time just after its
 * own, recording the version before. Like the other changes a merge makes of its own
 * (a label renamed, a row kept alive), it is recorded as the edit, deletion or
 * restoration it is, not as "merge": a later merge takes it for a value written
 * (heads_of()), where a "merge" entry only joins what two versions held. */
static gboolean
rewrite_row (Merge      *m,
             const char *table,
             gint64      pk,
             const char *before,
             JsonObject *o,
             GError    **error)
{
  g_autofree char *when = just_after (str_member (o, "modified"));
  g_autofree char *json = NULL;

  json_object_set_string_member (o, "modified", when);
  json = to_json (o);
  return gloss_history_apply (m->dest, table, json, NULL, NULL, error) &&
         gloss_history_record (m->dest, is_deleted (o) ? GLOSS_HISTORY_DELETE : GLOSS_HISTORY_EDIT, table, pk, 0, before, NULL, error);
}

/* Points the relations and evidence rows that use annotation @dup_pk at @kept_id. A
 * relation that would repeat one the kept annotation already has, or join it to
 * itself, is deleted instead. */
static gboolean
repoint_references (Merge      *m,
                    gint64      dup_pk,
                    const char *dup_id,
                    const char *kept_id,
                    GError    **error)
{
  static const struct { const char *table; const char *sql; } refs[] = {
    { "relations", "SELECT pk FROM relations WHERE deleted = 0 AND (source = ?1 OR target = ?1) ORDER BY id" },
    { "ach_evidence", "SELECT pk FROM ach_evidence WHERE deleted = 0 AND annotation = ?1 ORDER BY id" },
  };

  for (guint r = 0; r < G_N_ELEMENTS (refs); r++)
    {
      g_autoptr(GArray) pks = g_array_new (FALSE, FALSE, sizeof (gint64));
      sqlite3_stmt *stmt = gloss_store_prepare (m->dest, refs[r].sql, error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, dup_pk);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 pk = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (pks, pk);
        }
      sqlite3_reset (stmt);

      for (guint i = 0; i < pks->len; i++)
        {
          gint64 pk = g_array_index (pks, gint64, i);
          g_autofree char *before = gloss_history_snapshot (m->dest, refs[r].table, pk, 0);
          g_autoptr(JsonObject) o = parse_object (before);

          if (o == NULL)
            continue;
          if (g_str_equal (refs[r].table, "ach_evidence"))
            json_object_set_string_member (o, "annotation", kept_id);
          else
            {
              gint64 same = 0;

              if (g_strcmp0 (str_member (o, "source"), dup_id) == 0)
                json_object_set_string_member (o, "source", kept_id);
              if (g_strcmp0 (str_member (o, "target"), dup_id) == 0)
                json_object_set_string_member (o, "target", kept_id);
              stmt = gloss_store_prepare (m->dest,
                  "SELECT count(*) FROM relations r JOIN relation_types t ON t.pk = r.type "
                  "JOIN annotations s ON s.pk = r.source LEFT JOIN annotations g ON g.pk = r.target "
                  "LEFT JOIN entities e ON e.pk = r.target_entity "
                  "WHERE r.deleted = 0 AND r.pk <> ?1 AND t.id = ?2 AND s.id = ?3 AND g.id IS ?4 AND e.id IS ?5",
                  error);
              if (stmt == NULL)
                return FALSE;
              sqlite3_bind_int64 (stmt, 1, pk);
              gloss_bind_text (stmt, 2, str_member (o, "type"));
              gloss_bind_text (stmt, 3, str_member (o, "source"));
              gloss_bind_text (stmt, 4, str_member (o, "target"));
              gloss_bind_text (stmt, 5, str_member (o, "target_entity"));
              if (sqlite3_step (stmt) == SQLITE_ROW)
                same = sqlite3_column_int64 (stmt, 0);
              sqlite3_reset (stmt);
              if (same > 0 || g_strcmp0 (str_member (o, "source"), str_member (o, "target")) == 0)
                {
                  /* Deleted as it was: a relation cannot join an annotation to itself. */
                  g_clear_pointer (&o, json_object_unref);
                  o = parse_object (before);
                  json_object_set_int_member (o, "deleted", 1);
                }
            }
          if (!rewrite_row (m, refs[r].table, pk, before, o, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* Live annotations of one annotator with the same document, label, span, note, entity
 * and field values are one annotation made twice (typically in two copies): the one
 * with the smallest id is kept, the others are deleted and what referred to them
 * refers to the kept one. Which one is kept, and the times of what changes, depend
 * only on the rows, so copies merged in any order end the same. */
static gboolean
collapse_duplicates (Merge   *m,
                     GError **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (m->dest,
      "SELECT a.pk, a.id, a.document || ' ' || a.label || ' ' || a.span_start || ' ' || a.span_end || ' ' || "
      "       a.annotator || ' ' || ifnull (a.entity, '-'), a.note "
      "FROM annotations a WHERE a.deleted = 0 AND a.annotator IS NOT NULL AND EXISTS ("
      "  SELECT 1 FROM annotations b WHERE b.document = a.document AND b.span_start = a.span_start "
      "  AND b.span_end = a.span_end AND b.label = a.label AND b.annotator = a.annotator "
      "  AND b.deleted = 0 AND b.pk <> a.pk) "
      "ORDER BY a.document, a.span_start, a.span_end, a.label, a.annotator, a.id", error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (rows, g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 0)));
      g_ptr_array_add (rows, gloss_column_dup (stmt, 1));
      g_ptr_array_add (rows, gloss_column_dup (stmt, 2));
      g_ptr_array_add (rows, gloss_column_dup (stmt, 3));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (m->dest, rc, "looking for duplicates", error);
      return FALSE;
    }

  for (guint i = 0; i + 3 < rows->len; i += 4)
    {
      gint64 pk = g_ascii_strtoll (rows->pdata[i], NULL, 10);
      const char *id = rows->pdata[i + 1];
      const char *note = rows->pdata[i + 3];
      g_autoptr(GString) key = g_string_new (rows->pdata[i + 2]);
      const char *first;

      /* The note and the values, each written with its length, so no text can
       * pass for another. */
      g_string_append_printf (key, " %s%zu:%s", note ? "n" : "-", note ? strlen (note) : 0, note ? note : "");
      stmt = gloss_store_prepare (m->dest,
          "SELECT f.id, v.value FROM field_values v JOIN label_fields f ON f.pk = v.field "
          "WHERE v.annotation = ?1 AND v.value IS NOT NULL ORDER BY f.id", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, pk);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *value = (const char *) sqlite3_column_text (stmt, 1);

          g_string_append_printf (key, " %s=%zu:%s", (const char *) sqlite3_column_text (stmt, 0),
                                  strlen (value), value);
        }
      sqlite3_reset (stmt);

      first = g_hash_table_lookup (kept, key->str);
      if (first == NULL)
        {
          /* Rows of one key come in the order of their ids: the first is kept. */
          g_hash_table_insert (kept, g_strdup (key->str), g_strdup (id));
          continue;
        }

      {
        g_autofree char *before = gloss_history_snapshot (m->dest, "annotations", pk, 0);
        g_autoptr(JsonObject) o = parse_object (before);

        if (o == NULL)
          continue;
        if (!repoint_references (m, pk, id, first, error))
          return FALSE;
        json_object_set_int_member (o, "deleted", 1);
        if (!rewrite_row (m, "annotations", pk, before, o, error))
          return FALSE;
        add_item (m->report->collapsed, "annotations", id, first,
                  "an exact duplicate (same annotator, document, label, span, note, entity and field values): "
                  "the other one is kept");
      }
    }
  return TRUE;
}

/* @text with every UUID @map has (anywhere, as a search would find it) replaced by
 * what it maps to, in one pass; NULL when there is none. A search per id over every
 * text was quadratic: a merge that matched 100,000 entities by content spent seconds
 * on a history of 600 rows. */
static char *
replace_uuids (const char *text,
               GHashTable *map)
{
  GString *out = NULL;
  gsize len = strlen (text), copied = 0;
  char token[37];

  for (gssize i = find_uuid (text, len, 0, token); i >= 0; )
    {
      const char *to = g_hash_table_lookup (map, token);

      if (to == NULL)
        {
          i = find_uuid (text, len, i + 1, token);
          continue;
        }
      if (out == NULL)
        out = g_string_sized_new (len + 16);
      g_string_append_len (out, text + copied, i - copied);
      g_string_append (out, to);
      copied = i + 36;
      i = find_uuid (text, len, copied, token);
    }
  if (out == NULL)
    return NULL;
  g_string_append (out, text + copied);
  return g_string_free (out, FALSE);
}

/* The other copy's history that this project has not had, brought in whole (the
 * other copy's ids of rows matched by content taken to ours). After a merge a copy
 * knows every version of a row that the other knew, as git's object store does: a
 * third copy merged later then finds the common version (find_base) whichever copy it
 * meets, instead of a base that depends on which copy carried which versions (and so
 * on the order of the merges), and a value written in any copy stays in the history
 * of every copy it reaches, even when the copy that wrote it changed it again before
 * anyone merged. An entry is known when one with the same table, row, time, action and
 * versions is there already. */
static gboolean
import_history (Merge   *m,
                GError **error)
{
  /* Other ids to ours, borrowed from m->maps: UUIDs (all ids Gloss writes) found by
   * their shape in one pass over each text, anything else (a hostile copy's) by a
   * search for each. */
  g_autoptr(GHashTable) uuids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) from = g_ptr_array_new ();
  g_autoptr(GPtrArray) to = g_ptr_array_new ();
  sqlite3_stmt *read;
  GHashTableIter tables;
  gpointer map;
  int rc;

  g_hash_table_iter_init (&tables, m->maps);
  while (g_hash_table_iter_next (&tables, NULL, &map))
    {
      GHashTableIter ids;
      gpointer other_id, our_id;

      g_hash_table_iter_init (&ids, map);
      while (g_hash_table_iter_next (&ids, &other_id, &our_id))
        if (!g_str_equal (other_id, our_id))
          {
            if (gloss_uuid_is_valid (other_id))
              g_hash_table_insert (uuids, other_id, our_id);
            else
              {
                g_ptr_array_add (from, other_id);
                g_ptr_array_add (to, our_id);
              }
          }
    }

  read = gloss_store_prepare (m->other, "SELECT changed_at, who, action, tbl, row_id, sub_id, document_id, old_json, "
                                        "new_json FROM history ORDER BY pk", error);
  if (read == NULL)
    return FALSE;
  while ((rc = sqlite3_step (read)) == SQLITE_ROW)
    {
      /* changed_at who action tbl row_id sub_id document_id old_json new_json */
      char *columns[9];
      sqlite3_stmt *known, *insert;
      gboolean have;

      for (int c = 0; c < 9; c++)
        columns[c] = gloss_column_dup (read, c);
      for (int c = 4; c < 9; c++)
        if (columns[c] != NULL && g_hash_table_size (uuids) > 0)
          {
            char *replaced = replace_uuids (columns[c], uuids);

            if (replaced != NULL)
              {
                g_free (columns[c]);
                columns[c] = replaced;
              }
          }
      for (guint i = 0; i < from->len; i++)
        for (int c = 4; c < 9; c++)
          if (columns[c] != NULL && strstr (columns[c], from->pdata[i]) != NULL)
            {
              g_autoptr(GString) text = g_string_new (columns[c]);

              g_string_replace (text, from->pdata[i], to->pdata[i], 0);
              g_free (columns[c]);
              columns[c] = g_string_free (g_steal_pointer (&text), FALSE);
            }

      known = gloss_store_prepare (m->dest,
          "SELECT 1 FROM history WHERE row_id = ?5 AND tbl = ?4 AND sub_id IS ?6 AND changed_at = ?1 AND "
          "action = ?3 AND old_json IS ?8 AND new_json IS ?9 LIMIT 1", error);
      if (known == NULL)
        goto failed;
      for (int c = 0; c < 9; c++)
        gloss_bind_text (known, c + 1, columns[c]);
      have = sqlite3_step (known) == SQLITE_ROW;
      sqlite3_reset (known);
      sqlite3_clear_bindings (known);
      if (!have)
        {
          insert = gloss_store_prepare (m->dest,
              "INSERT INTO history (changed_at, who, action, tbl, row_id, sub_id, document_id, old_json, new_json) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
          if (insert == NULL)
            goto failed;
          for (int c = 0; c < 9; c++)
            gloss_bind_text (insert, c + 1, columns[c]);
          if (!gloss_store_step_done (m->dest, insert, "bringing in the other copy's history", error))
            goto failed;
        }
      for (int c = 0; c < 9; c++)
        g_free (columns[c]);
      continue;

    failed:
      for (int c = 0; c < 9; c++)
        g_free (columns[c]);
      sqlite3_reset (read);
      return FALSE;
    }
  sqlite3_reset (read);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (m->other, rc, "reading the other copy's history", error);
      return FALSE;
    }
  return TRUE;
}

gboolean
gloss_merge (GlossStore       *dest,
             const char       *other_path,
             GlossMergeReport *report,
             GError          **error)
{
  g_autoptr(GlossMergeReport) local = gloss_merge_report_new ();
  g_autoptr(GlossStore) other = NULL;
  g_autofree char *tmpdir = NULL;
  const char * const *tables = gloss_history_tables ();
  Merge m = { 0 };
  gint64 temp_store = -1;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (dest), FALSE);
  g_return_val_if_fail (other_path != NULL, FALSE);

  if (!gloss_store_check_writable (dest, error))
    return FALSE;
  if (g_strcmp0 (gloss_store_get_path (dest), other_path) == 0 ||
      gloss_file_is_same (gloss_store_get_path (dest), other_path))
    {
      g_set_error_literal (error, GLOSS_MERGE_ERROR, GLOSS_MERGE_ERROR_FAILED,
                           "A project cannot be merged into itself.");
      return FALSE;
    }
  other = open_other (other_path, &tmpdir, error);
  if (other == NULL)
    {
      if (tmpdir)
        remove_tree (tmpdir);
      return FALSE;
    }

  m.dest = dest;
  m.other = other;
  m.report = local;
  m.maps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_hash_table_unref);
  m.entity_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  m.settled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  m.other_name = g_path_get_basename (other_path);

  /* One transaction without a savepoint per row (a bulk one), unless the caller has
   * one open. Nothing in a merge fails on its own: a step that fails fails the merge,
   * and the whole transaction is rolled back. Its statement journals (the pages a
   * statement that may fail part way has changed, copied so that it can be undone)
   * are kept in memory for the merge's duration: SQLite keeps them in memory up to
   * 64 KiB and then in a temporary file for the rest of the transaction, two writes
   * a page, and a merge of 100,000 entities into a project that had one larger
   * statement early on spent two thirds of its time writing that file (1,000,000
   * writes). A statement's journal is dropped when it ends. temp_store can only be
   * set outside a transaction. */
  if (dest->depth == 0)
    {
      int rc;

      if (!gloss_store_pragma_int (dest, "PRAGMA temp_store", &temp_store, &rc))
        temp_store = -1;
      else if (temp_store != 2)
        sqlite3_exec (gloss_store_get_db (dest), "PRAGMA temp_store = MEMORY", NULL, NULL, NULL);
    }
  ok = dest->depth == 0 ? gloss_store_begin_bulk (dest, error) : gloss_store_op_begin (dest, error);
  dest->merging = ok;
  if (ok)
    {
      /* A consistent view of the other copy while we read it table by table. */
      ok = sqlite3_exec (gloss_store_get_db (other), "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
      if (!ok)
        gloss_store_set_sqlite_error (other, sqlite3_errcode (gloss_store_get_db (other)),
                                      "reading the other copy", error);
      if (ok)
        {
          /* Most copies hold no version a merge made: their rows need no look-up. */
          sqlite3_stmt *stmt = gloss_store_prepare (other, "SELECT EXISTS (SELECT 1 FROM merge_versions)", NULL);

          m.other_versions = stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_int (stmt, 0) != 0;
          if (stmt != NULL)
            sqlite3_reset (stmt);
        }
      ok = ok && load_entity_keys (&m, error);
      ok = ok && merge_annotators (&m, error);
      for (guint t = 0; ok && tables[t]; t++)
        ok = merge_table (&m, tables[t], error);
      ok = ok && merge_originals (&m, error);
      ok = ok && keep_referenced (&m, error);
      ok = ok && collapse_duplicates (&m, error);
      ok = ok && import_history (&m, error);
      sqlite3_exec (gloss_store_get_db (other), "COMMIT", NULL, NULL, NULL);
      if (ok)
        gloss_store_queue_change (dest, GLOSS_CHANGE_ALL, NULL);
      dest->merging = FALSE;
      ok = gloss_store_op_end (dest, ok, ok ? error : NULL) && ok;
    }
  if (temp_store >= 0 && temp_store != 2)
    {
      g_autofree char *restore = g_strdup_printf ("PRAGMA temp_store = %" G_GINT64_FORMAT, temp_store);

      sqlite3_exec (gloss_store_get_db (dest), restore, NULL, NULL, NULL);
    }

  g_hash_table_unref (m.maps);
  g_hash_table_unref (m.entity_keys);
  g_hash_table_unref (m.settled);
  g_clear_pointer (&m.history_ids, g_hash_table_unref);
  g_free (m.other_name);
  gloss_store_close (other);
  if (tmpdir)
    remove_tree (tmpdir);

  if (ok && report != NULL)
    {
      move_items (report->added, local->added);
      move_items (report->updated, local->updated);
      move_items (report->deleted, local->deleted);
      move_items (report->matched, local->matched);
      move_items (report->conflicts, local->conflicts);
      move_items (report->collapsed, local->collapsed);
      report->unchanged += local->unchanged;
      report->kept += local->kept;
    }
  return ok;
}

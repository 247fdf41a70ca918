/* gloss-store-labels.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Labels: the codebook's entries, their colours, keys and order.
 */
#define G_LOG_DOMAIN "gloss-store"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <unistd.h>
#include <sys/stat.h>

#include "gloss-store-private.h"

/* ------------------------------------------------------------------------- */
/* Labels                                                                     */

#define LABEL_COLUMNS "id, name, kind, colour, shortcut, description, position, created, modified"

static GlossLabel *
label_from_row (sqlite3_stmt *stmt)
{
  GlossLabel *label = g_new0 (GlossLabel, 1);

  label->id = gloss_column_dup (stmt, 0);
  label->name = gloss_column_dup (stmt, 1);
  label->kind = gloss_column_dup (stmt, 2);
  label->colour = gloss_column_dup (stmt, 3);
  label->shortcut = gloss_column_dup (stmt, 4);
  label->description = gloss_column_dup (stmt, 5);
  label->position = sqlite3_column_int (stmt, 6);
  label->created = gloss_column_dup (stmt, 7);
  label->modified = gloss_column_dup (stmt, 8);
  return label;
}

GPtrArray *
gloss_store_list_labels (GlossStore *self,
                         GError    **error)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_label_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  stmt = gloss_store_prepare (self,
      "SELECT " LABEL_COLUMNS " FROM labels WHERE deleted = 0 ORDER BY position, name, id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (labels, label_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (self, rc, "listing labels", error);
      return NULL;
    }
  return g_steal_pointer (&labels);
}

static GlossLabel *
get_label_where (GlossStore *self,
                 const char *sql,
                 const char *value,
                 GError    **error)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self, sql, error);
  GlossLabel *label = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  gloss_bind_text (stmt, 1, value);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    label = label_from_row (stmt);
  else if (rc != SQLITE_DONE)
    gloss_store_set_sqlite_error (self, rc, "reading a label", error);
  sqlite3_reset (stmt);
  return label;
}

GlossLabel *
gloss_store_get_label (GlossStore *self,
                       const char *id,
                       GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  GlossLabel *label;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  label = get_label_where (self, "SELECT " LABEL_COLUMNS " FROM labels WHERE id = ?1 AND deleted = 0",
                           id, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (label == NULL)
    g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no label with id %s.", id);
  return label;
}

/* Names compare without case so that "person" and "Person" cannot both exist. */
GlossLabel *
gloss_store_find_label_by_name (GlossStore *self,
                                const char *name,
                                GError    **error)
{
  g_autoptr(GPtrArray) labels = NULL;
  g_autofree char *folded = NULL;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  labels = gloss_store_list_labels (self, error);
  if (labels == NULL)
    return NULL;
  folded = g_utf8_casefold (name, -1);
  for (guint i = 0; i < labels->len; i++)
    {
      GlossLabel *label = g_ptr_array_index (labels, i);
      g_autofree char *f = g_utf8_casefold (label->name, -1);

      if (g_str_equal (f, folded))
        return gloss_label_copy (label);
    }
  g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no label called “%s”.", name);
  return NULL;
}

static gboolean
validate_label (GlossStore       *self,
                const GlossLabel *label,
                GError          **error)
{
  g_autoptr(GPtrArray) labels = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *stripped = NULL;

  if (label->name == NULL || !g_utf8_validate (label->name, -1, NULL) ||
      *(stripped = g_strstrip (g_strdup (label->name))) == '\0')
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "A label needs a name.");
      return FALSE;
    }
  if (g_utf8_strlen (label->name, -1) > 100)
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                           "A label name can have at most 100 characters.");
      return FALSE;
    }
  if (!gloss_label_kind_is_valid (label->kind))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "“%s” is not a label kind; use tag, entity, claim or risk.", label->kind ? label->kind : "");
      return FALSE;
    }
  if (!gloss_colour_is_valid (label->colour))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "“%s” is not a colour; write it as #RRGGBB.", label->colour ? label->colour : "");
      return FALSE;
    }
  if (label->shortcut != NULL &&
      (!g_utf8_validate (label->shortcut, -1, NULL) || g_utf8_strlen (label->shortcut, -1) != 1 ||
       !g_unichar_isgraph (g_utf8_get_char (label->shortcut))))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "“%s” is not a shortcut key; use a single letter, digit or sign.", label->shortcut);
      return FALSE;
    }
  if (label->description != NULL && !g_utf8_validate (label->description, -1, NULL))
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                           "The label description is not valid UTF-8.");
      return FALSE;
    }

  labels = gloss_store_list_labels (self, error);
  if (labels == NULL)
    return FALSE;
  folded = g_utf8_casefold (label->name, -1);
  for (guint i = 0; i < labels->len; i++)
    {
      GlossLabel *other = g_ptr_array_index (labels, i);
      g_autofree char *f = NULL;

      if (g_strcmp0 (other->id, label->id) == 0)
        continue;
      f = g_utf8_casefold (other->name, -1);
      if (g_str_equal (f, folded))
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE,
                       "There is already a label called “%s”.", other->name);
          return FALSE;
        }
      if (label->shortcut != NULL && g_strcmp0 (other->shortcut, label->shortcut) == 0)
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE,
                       "The shortcut key “%s” is already used by “%s”.", label->shortcut, other->name);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
gloss_store_insert_label_row (GlossStore       *self,
                              const GlossLabel *label,
                              gint64           *out_pk,
                              GError          **error)
{
  sqlite3_stmt *stmt;

  if (!validate_label (self, label, error))
    return FALSE;

  stmt = gloss_store_prepare (self,
      "INSERT INTO labels (id, name, kind, colour, shortcut, description, position, created, modified) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
  if (stmt == NULL)
    return FALSE;
  gloss_bind_text (stmt, 1, label->id);
  gloss_bind_text (stmt, 2, label->name);
  gloss_bind_text (stmt, 3, label->kind);
  gloss_bind_text (stmt, 4, label->colour);
  gloss_bind_text (stmt, 5, label->shortcut);
  gloss_bind_text (stmt, 6, label->description);
  sqlite3_bind_int (stmt, 7, label->position);
  gloss_bind_text (stmt, 8, label->created);
  gloss_bind_text (stmt, 9, label->modified);
  if (!gloss_store_step_done (self, stmt, "adding a label", error))
    return FALSE;
  if (out_pk)
    *out_pk = sqlite3_last_insert_rowid (self->db);
  gloss_store_queue_change (self, GLOSS_CHANGE_LABELS, label->id);
  return TRUE;
}

/* A colour for a new label when none is given: the GNOME palette in turn. */
static const char *
next_colour (guint n)
{
  static const char * const palette[] = {
    "#3584e4", "#2ec27e", "#e5a50a", "#e66100", "#e01b24", "#9141ac", "#986a44", "#33c7de", "#c061cb",
  };
  return palette[n % G_N_ELEMENTS (palette)];
}

GlossLabel *
gloss_store_add_label (GlossStore *self,
                       const char *name,
                       const char *kind,
                       const char *colour,
                       const char *shortcut,
                       const char *description,
                       GError    **error)
{
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GlossLabel) label = NULL;
  g_autofree char *now = NULL;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  if (!gloss_store_op_begin (self, error))
    return NULL;
  labels = gloss_store_list_labels (self, error);
  if (labels == NULL)
    {
      gloss_store_op_end (self, FALSE, NULL);
      return NULL;
    }

  now = gloss_now_iso8601 ();
  label = g_new0 (GlossLabel, 1);
  label->id = gloss_uuid_new ();
  label->name = name ? g_strstrip (g_strdup (name)) : NULL;
  label->kind = g_strdup (kind ? kind : GLOSS_LABEL_KIND_TAG);
  label->colour = colour ? g_ascii_strdown (colour, -1) : g_strdup (next_colour (labels->len));
  label->shortcut = shortcut && *shortcut ? g_strdup (shortcut) : NULL;
  label->description = description && *description ? g_strdup (description) : NULL;
  label->position = labels->len > 0
    ? ((GlossLabel *) g_ptr_array_index (labels, labels->len - 1))->position + 1
    : 0;
  label->created = g_strdup (now);
  label->modified = g_strdup (now);

  {
    gint64 pk = 0;

    ok = gloss_store_insert_label_row (self, label, &pk, error) &&
         gloss_history_record (self, GLOSS_HISTORY_CREATE, "labels", pk, 0, NULL, NULL, error);
  }
  if (!gloss_store_op_end (self, ok, ok ? error : NULL) || !ok)
    return NULL;
  return g_steal_pointer (&label);
}

gboolean
gloss_store_update_label (GlossStore       *self,
                          const GlossLabel *label,
                          GError          **error)
{
  g_autofree char *now = gloss_now_iso8601 ();
  g_autofree char *before = NULL;
  g_autoptr(GlossLabel) clean = NULL;
  sqlite3_stmt *stmt;
  gint64 pk;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);
  g_return_val_if_fail (label != NULL && label->id != NULL, FALSE);

  clean = gloss_label_copy (label);
  if (clean->name)
    g_strstrip (clean->name);
  if (clean->colour)
    {
      char *lower = g_ascii_strdown (clean->colour, -1);
      g_free (clean->colour);
      clean->colour = lower;
    }
  if (clean->shortcut && *clean->shortcut == '\0')
    g_clear_pointer (&clean->shortcut, g_free);
  if (clean->description && *clean->description == '\0')
    g_clear_pointer (&clean->description, g_free);

  if (!gloss_store_op_begin (self, error))
    return FALSE;
  pk = gloss_store_label_pk (self, clean->id);
  if (pk == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no label with id %s.", clean->id);
      gloss_store_op_end (self, FALSE, NULL);
      return FALSE;
    }
  before = gloss_history_snapshot (self, "labels", pk, 0);
  ok = validate_label (self, clean, error);
  if (ok && (stmt = gloss_store_prepare (self,
                "UPDATE labels SET name = ?2, kind = ?3, colour = ?4, shortcut = ?5, description = ?6, modified = ?7 "
                "WHERE pk = ?1", error)) != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, pk);
      gloss_bind_text (stmt, 2, clean->name);
      gloss_bind_text (stmt, 3, clean->kind);
      gloss_bind_text (stmt, 4, clean->colour);
      gloss_bind_text (stmt, 5, clean->shortcut);
      gloss_bind_text (stmt, 6, clean->description);
      gloss_bind_text (stmt, 7, now);
      ok = gloss_store_step_done (self, stmt, "changing a label", error) &&
           gloss_history_record (self, GLOSS_HISTORY_EDIT, "labels", pk, 0, before, NULL, error);
    }
  else
    ok = FALSE;
  if (ok)
    gloss_store_queue_change (self, GLOSS_CHANGE_LABELS, clean->id);
  return gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
}

gboolean
gloss_store_move_label (GlossStore *self,
                        const char *id,
                        int         position,
                        GError    **error)
{
  g_autofree char *now = gloss_now_iso8601 ();
  g_autoptr(GPtrArray) labels = NULL;
  GlossLabel *moving = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);

  if (!gloss_store_op_begin (self, error))
    return FALSE;
  labels = gloss_store_list_labels (self, error);
  if (labels == NULL)
    {
      gloss_store_op_end (self, FALSE, NULL);
      return FALSE;
    }
  for (guint i = 0; i < labels->len && moving == NULL; i++)
    if (g_str_equal (((GlossLabel *) g_ptr_array_index (labels, i))->id, id))
      moving = g_ptr_array_steal_index (labels, i);
  if (moving == NULL)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no label with id %s.", id);
      gloss_store_op_end (self, FALSE, NULL);
      return FALSE;
    }
  position = CLAMP (position, 0, (int) labels->len);
  g_ptr_array_insert (labels, position, moving);

  for (guint i = 0; i < labels->len && ok; i++)
    {
      GlossLabel *label = g_ptr_array_index (labels, i);
      g_autofree char *before = NULL;
      sqlite3_stmt *stmt;
      gint64 pk;

      if (label->position == (int) i)
        continue;
      pk = gloss_store_label_pk (self, label->id);
      before = gloss_history_snapshot (self, "labels", pk, 0);
      stmt = gloss_store_prepare (self, "UPDATE labels SET position = ?2, modified = ?3 WHERE id = ?1", error);
      if (stmt == NULL)
        {
          ok = FALSE;
          break;
        }
      gloss_bind_text (stmt, 1, label->id);
      sqlite3_bind_int (stmt, 2, i);
      gloss_bind_text (stmt, 3, now);
      ok = gloss_store_step_done (self, stmt, "reordering labels", error) &&
           gloss_history_record (self, GLOSS_HISTORY_EDIT, "labels", pk, 0, before, NULL, error);
    }
  if (ok)
    gloss_store_queue_change (self, GLOSS_CHANGE_LABELS, id);
  return gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
}

gboolean
gloss_store_delete_label (GlossStore *self,
                          const char *id,
                          GError    **error)
{
  g_autofree char *now = gloss_now_iso8601 ();
  g_autofree char *before = NULL;
  sqlite3_stmt *stmt;
  gint64 pk, in_use = 0;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);

  if (!gloss_store_op_begin (self, error))
    return FALSE;
  pk = gloss_store_label_pk (self, id);
  if (pk == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no label with id %s.", id);
      gloss_store_op_end (self, FALSE, NULL);
      return FALSE;
    }
  stmt = gloss_store_prepare (self, "SELECT count(*) FROM annotations WHERE label = ?1 AND deleted = 0", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, pk);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        in_use = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  if (ok && in_use > 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_IN_USE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The label is used by %u annotation; relabel or delete it first.",
                                "The label is used by %u annotations; relabel or delete them first.",
                                (gulong) in_use),
                   (guint) MIN (in_use, G_MAXUINT));
      ok = FALSE;
    }
  if (ok)
    before = gloss_history_snapshot (self, "labels", pk, 0);
  if (ok && (stmt = gloss_store_prepare (self,
                "UPDATE labels SET deleted = 1, modified = ?2 WHERE pk = ?1", error)) != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, pk);
      gloss_bind_text (stmt, 2, now);
      ok = gloss_store_step_done (self, stmt, "deleting a label", error) &&
           gloss_history_record (self, GLOSS_HISTORY_DELETE, "labels", pk, 0, before, NULL, error);
    }
  else
    ok = FALSE;
  if (ok)
    gloss_store_queue_change (self, GLOSS_CHANGE_LABELS, id);
  return gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
}


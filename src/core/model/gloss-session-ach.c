/* gloss-session-ach.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The analyst's actions on analyses of competing hypotheses: each checks its input,
 * writes its rows (as snapshots, see gloss-ach.c) in one transaction and pushes one
 * undo step holding every row's version before and after.
 */
#define G_LOG_DOMAIN "gloss-ach"

#include "config.h"

#include <string.h>

#include "gloss-ach-private.h"
#include "gloss-session-ach.h"
#include "gloss-undo.h"

typedef struct {
  GlossSession *session;
  GlossStore   *store;
  GPtrArray    *changes;
  char         *analysis_id;   /* for the undo step */
  char         *now;
} Action;

static gboolean
action_begin (Action       *a,
              GlossSession *session,
              GError      **error)
{
  a->session = session;
  a->store = gloss_session_get_store (session);
  a->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_ach_row_change_free);
  a->now = gloss_now_iso8601 ();
  if (!gloss_store_op_begin (a->store, error))
    {
      g_ptr_array_unref (a->changes);
      g_free (a->now);
      return FALSE;
    }
  return TRUE;
}

static gboolean
action_end (Action  *a,
            gboolean ok,
            GError **error)
{
  ok = gloss_store_op_end (a->store, ok, ok ? error : NULL) && ok;
  if (ok && a->changes->len > 0)
    gloss_undo_stack_push_ach (gloss_session_get_undo_stack (a->session), a->analysis_id,
                               g_ptr_array_ref (a->changes));
  g_ptr_array_unref (a->changes);
  g_free (a->analysis_id);
  g_free (a->now);
  return ok;
}

/* A text the analyst typed: valid UTF-8, not blank, at most @max characters, on one
 * line when @one_line. Returns the stripped copy. */
static char *
checked_text (const char *what,
              const char *text,
              guint       max,
              gboolean    one_line,
              gboolean    nullable,
              GError    **error)
{
  g_autofree char *s = NULL;

  if (text == NULL && nullable)
    return NULL;
  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "The %s is not valid text.", what);
      return NULL;
    }
  s = g_strstrip (g_strdup (text));
  if (*s == '\0' && nullable)
    return NULL;
  if (*s == '\0' || g_utf8_strlen (s, -1) > max || (one_line && strpbrk (s, "\n\r\t") != NULL))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "The %s must be %s of at most %u characters.", what, one_line ? "one line" : "a text", max);
      return NULL;
    }
  return g_steal_pointer (&s);
}

static void
set_text (JsonObject *o,
          const char *member,
          const char *value)
{
  if (value != NULL)
    json_object_set_string_member (o, member, value);
  else
    json_object_set_null_member (o, member);
}

static JsonObject *
new_row (const char *id,
         const char *now)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "id", id);
  json_object_set_string_member (o, "created", now);
  json_object_set_string_member (o, "modified", now);
  json_object_set_int_member (o, "deleted", 0);
  return o;
}

/* The live row @id of @table, or a NOT_FOUND error naming @what. */
static JsonObject *
live_row (GlossStore *store,
          const char *table,
          const char *id,
          const char *what,
          GError    **error)
{
  JsonObject *o = id ? gloss_ach_snapshot (store, table, id) : NULL;

  if (o != NULL && json_object_get_int_member (o, "deleted") != 0)
    g_clear_pointer (&o, json_object_unref);
  if (o == NULL)
    g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no %s with id %s.", what,
                 id ? id : "");
  return o;
}

static gint64
next_position (GlossStore *store,
               const char *sql,
               gint64      analysis_pk)
{
  sqlite3_stmt *stmt = gloss_store_prepare (store, sql, NULL);
  gint64 n = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, analysis_pk);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static gboolean
analysis_exists (GlossStore *store,
                 const char *analysis_id,
                 gint64     *pk,
                 GError    **error)
{
  *pk = gloss_ach_analysis_pk (store, analysis_id);
  if (*pk == 0)
    g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no analysis with id %s.",
                 analysis_id ? analysis_id : "");
  return *pk != 0;
}

/* ------------------------------------------------------------------------- */
/* Analyses                                                                   */

char *
gloss_session_ach_add_analysis (GlossSession *self,
                                const char   *question,
                                const char   *description,
                                GError      **error)
{
  g_autofree char *q = NULL;
  g_autofree char *d = NULL;
  g_autofree char *id = gloss_uuid_new ();
  g_autoptr(JsonObject) o = NULL;
  g_autoptr(GError) local_error = NULL;
  Action a = { 0 };
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_SESSION (self), NULL);

  if ((q = checked_text ("question", question, 500, TRUE, FALSE, error)) == NULL)
    return NULL;
  d = checked_text ("description", description, 10000, FALSE, TRUE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (!action_begin (&a, self, error))
    return NULL;
  a.analysis_id = g_strdup (id);
  o = new_row (id, a.now);
  json_object_set_string_member (o, "question", q);
  set_text (o, "description", d);
  ok = gloss_ach_write_row (a.store, "ach_analyses", o, a.changes, error);
  if (!action_end (&a, ok, error))
    return NULL;
  return g_steal_pointer (&id);
}

gboolean
gloss_session_ach_edit_analysis (GlossSession *self,
                                 const char   *analysis_id,
                                 const char   *question,
                                 const char   *description,
                                 GError      **error)
{
  g_autofree char *q = NULL;
  g_autofree char *d = NULL;
  g_autoptr(JsonObject) o = NULL;
  g_autoptr(GError) local_error = NULL;
  Action a = { 0 };
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_SESSION (self), FALSE);

  if ((q = checked_text ("question", question, 500, TRUE, FALSE, error)) == NULL)
    return FALSE;
  d = checked_text ("description", description, 10000, FALSE, TRUE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!action_begin (&a, self, error))
    return FALSE;
  a.analysis_id = g_strdup (analysis_id);
  o = live_row (a.store, "ach_analyses", analysis_id, "analysis", error);
  ok = o != NULL;
  if (ok)
    {
      json_object_set_string_member (o, "question", q);
      set_text (o, "description", d);
      json_object_set_string_member (o, "modified", a.now);
      ok = gloss_ach_write_row (a.store, "ach_analyses", o, a.changes, error);
    }
  return action_end (&a, ok, error);
}

static gboolean
delete_row (GlossSession *self,
            const char   *table,
            const char   *id,
            const char   *what,
            GError      **error)
{
  g_autoptr(JsonObject) o = NULL;
  Action a = { 0 };
  gboolean ok;

  if (!action_begin (&a, self, error))
    return FALSE;
  o = live_row (a.store, table, id, what, error);
  ok = o != NULL;
  if (ok)
    {
      a.analysis_id = g_strdup (json_object_has_member (o, "analysis") ? json_object_get_string_member (o, "analysis")
                                                                          : id);
      json_object_set_int_member (o, "deleted", 1);
      json_object_set_string_member (o, "modified", a.now);
      ok = gloss_ach_write_row (a.store, table, o, a.changes, error);
    }
  return action_end (&a, ok, error);
}

gboolean
gloss_session_ach_delete_analysis (GlossSession *self,
                                   const char   *analysis_id,
                                   GError      **error)
{
  g_return_val_if_fail (GLOSS_IS_SESSION (self), FALSE);
  return delete_row (self, "ach_analyses", analysis_id, "analysis", error);
}

/* ------------------------------------------------------------------------- */
/* Hypotheses                                                                 */

static gboolean
title_taken (GlossStore *store,
             gint64      analysis_pk,
             const char *title,
             const char *except_id)
{
  sqlite3_stmt *stmt = gloss_store_prepare (store,
      "SELECT id FROM ach_hypotheses WHERE analysis = ?1 AND deleted = 0 AND lower (title) = lower (?2) "
      "AND id IS NOT ?3", NULL);
  gboolean taken;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, analysis_pk);
  gloss_bind_text (stmt, 2, title);
  gloss_bind_text (stmt, 3, except_id);
  taken = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return taken;
}

char *
gloss_session_ach_add_hypothesis (GlossSession *self,
                                  const char   *analysis_id,
                                  const char   *title,
                                  const char   *description,
                                  GError      **error)
{
  g_autofree char *t = NULL;
  g_autofree char *d = NULL;
  g_autofree char *id = gloss_uuid_new ();
  g_autoptr(JsonObject) o = NULL;
  g_autoptr(GError) local_error = NULL;
  Action a = { 0 };
  gint64 pk = 0;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_SESSION (self), NULL);

  if ((t = checked_text ("hypothesis's title", title, 200, TRUE, FALSE, error)) == NULL)
    return NULL;
  d = checked_text ("description", description, 10000, FALSE, TRUE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (!action_begin (&a, self, error))
    return NULL;
  a.analysis_id = g_strdup (analysis_id);
  ok = analysis_exists (a.store, analysis_id, &pk, error);
  if (ok && title_taken (a.store, pk, t, NULL))
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE,
                   "The analysis already has a hypothesis “%s”.", t);
      ok = FALSE;
    }
  if (ok)
    {
      o = new_row (id, a.now);
      json_object_set_string_member (o, "analysis", analysis_id);
      json_object_set_string_member (o, "title", t);
      set_text (o, "description", d);
      json_object_set_int_member (o, "position", next_position (a.store,
          "SELECT coalesce (max (position) + 1, 0) FROM ach_hypotheses WHERE analysis = ?1", pk));
      ok = gloss_ach_write_row (a.store, "ach_hypotheses", o, a.changes, error);
    }
  if (!action_end (&a, ok, error))
    return NULL;
  return g_steal_pointer (&id);
}

gboolean
gloss_session_ach_edit_hypothesis (GlossSession *self,
                                   const char   *hypothesis_id,
                                   const char   *title,
                                   const char   *description,
                                   GError      **error)
{
  g_autofree char *t = NULL;
  g_autofree char *d = NULL;
  g_autoptr(JsonObject) o = NULL;
  g_autoptr(GError) local_error = NULL;
  Action a = { 0 };
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_SESSION (self), FALSE);

  if ((t = checked_text ("hypothesis's title", title, 200, TRUE, FALSE, error)) == NULL)
    return FALSE;
  d = checked_text ("description", description, 10000, FALSE, TRUE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!action_begin (&a, self, error))
    return FALSE;
  o = live_row (a.store, "ach_hypotheses", hypothesis_id, "hypothesis", error);
  ok = o != NULL;
  if (ok)
    {
      a.analysis_id = g_strdup (json_object_get_string_member (o, "analysis"));
      if (title_taken (a.store, gloss_ach_analysis_pk (a.store, a.analysis_id), t, hypothesis_id))
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE,
                       "The analysis already has a hypothesis “%s”.", t);
          ok = FALSE;
        }
    }
  if (ok)
    {
      json_object_set_string_member (o, "title", t);
      set_text (o, "description", d);
      json_object_set_string_member (o, "modified", a.now);
      ok = gloss_ach_write_row (a.store, "ach_hypotheses", o, a.changes, error);
    }
  return action_end (&a, ok, error);
}

gboolean
gloss_session_ach_delete_hypothesis (GlossSession *self,
                                     const char   *hypothesis_id,
                                     GError      **error)
{
  g_return_val_if_fail (GLOSS_IS_SESSION (self), FALSE);
  return delete_row (self, "ach_hypotheses", hypothesis_id, "hypothesis", error);
}

/* ------------------------------------------------------------------------- */
/* Evidence                                                                   */

static gboolean
annotation_in_analysis (GlossStore *store,
                        gint64      analysis_pk,
                        const char *annotation_id)
{
  sqlite3_stmt *stmt = gloss_store_prepare (store,
      "SELECT 1 FROM ach_evidence v JOIN annotations a ON a.pk = v.annotation "
      "WHERE v.analysis = ?1 AND v.deleted = 0 AND a.id = ?2", NULL);
  gboolean in;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, analysis_pk);
  gloss_bind_text (stmt, 2, annotation_id);
  in = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return in;
}

#define NEXT_EVIDENCE_POSITION "SELECT coalesce (max (position) + 1, 0) FROM ach_evidence WHERE analysis = ?1"

char **
gloss_session_ach_add_evidence (GlossSession       *self,
                                const char         *analysis_id,
                                const char * const *annotation_ids,
                                guint              *n_skipped,
                                GError            **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  Action a = { 0 };
  gint64 pk = 0, position = 0;
  guint skipped = 0;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_SESSION (self), NULL);

  if (annotation_ids == NULL || annotation_ids[0] == NULL)
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID, "No annotation was given.");
      return NULL;
    }
  if (!action_begin (&a, self, error))
    return NULL;
  a.analysis_id = g_strdup (analysis_id);
  ok = analysis_exists (a.store, analysis_id, &pk, error);
  if (ok)
    position = next_position (a.store, NEXT_EVIDENCE_POSITION, pk);
  for (guint i = 0; ok && annotation_ids[i]; i++)
    {
      g_autoptr(JsonObject) o = NULL;
      char *id;

      if (gloss_store_annotation_pk (a.store, annotation_ids[i]) == 0)
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
                       "There is no annotation with id %s (or its document is deleted).", annotation_ids[i]);
          ok = FALSE;
          break;
        }
      if (annotation_in_analysis (a.store, pk, annotation_ids[i]))
        {
          skipped++;
          continue;
        }
      id = gloss_uuid_new ();
      g_ptr_array_add (ids, id);
      o = new_row (id, a.now);
      json_object_set_string_member (o, "analysis", analysis_id);
      json_object_set_string_member (o, "annotation", annotation_ids[i]);
      json_object_set_string_member (o, "kind", "annotation");
      json_object_set_null_member (o, "text");
      json_object_set_null_member (o, "credibility");
      json_object_set_null_member (o, "relevance");
      json_object_set_int_member (o, "position", position++);
      ok = gloss_ach_write_row (a.store, "ach_evidence", o, a.changes, error);
    }
  if (ok && ids->len == 0)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE,
                   skipped == 1 ? "That annotation is already evidence in this analysis."
                                : "Those annotations are already evidence in this analysis.");
      ok = FALSE;
    }
  if (!action_end (&a, ok, error))
    return NULL;
  if (n_skipped)
    *n_skipped = skipped;
  g_ptr_array_add (ids, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
}

char *
gloss_session_ach_add_text_evidence (GlossSession        *self,
                                     const char          *analysis_id,
                                     GlossAchEvidenceKind  kind,
                                     const char          *text,
                                     GError             **error)
{
  g_autofree char *t = NULL;
  g_autofree char *id = gloss_uuid_new ();
  g_autoptr(JsonObject) o = NULL;
  Action a = { 0 };
  gint64 pk = 0;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_SESSION (self), NULL);

  if (kind == GLOSS_ACH_EVIDENCE_ANNOTATION || gloss_ach_evidence_kind_to_string (kind) == NULL)
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                           "Free-text evidence is an assumption, an absence or a text.");
      return NULL;
    }
  if ((t = checked_text ("evidence text", text, 2000, FALSE, FALSE, error)) == NULL)
    return NULL;
  if (!action_begin (&a, self, error))
    return NULL;
  a.analysis_id = g_strdup (analysis_id);
  ok = analysis_exists (a.store, analysis_id, &pk, error);
  if (ok)
    {
      o = new_row (id, a.now);
      json_object_set_string_member (o, "analysis", analysis_id);
      json_object_set_null_member (o, "annotation");
      json_object_set_string_member (o, "kind", gloss_ach_evidence_kind_to_string (kind));
      json_object_set_string_member (o, "text", t);
      json_object_set_null_member (o, "credibility");
      json_object_set_null_member (o, "relevance");
      json_object_set_int_member (o, "position", next_position (a.store, NEXT_EVIDENCE_POSITION, pk));
      ok = gloss_ach_write_row (a.store, "ach_evidence", o, a.changes, error);
    }
  if (!action_end (&a, ok, error))
    return NULL;
  return g_steal_pointer (&id);
}

gboolean
gloss_session_ach_set_grading (GlossSession *self,
                               const char   *evidence_id,
                               GlossAchLevel credibility,
                               GlossAchLevel relevance,
                               GError      **error)
{
  g_autoptr(JsonObject) o = NULL;
  Action a = { 0 };
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_SESSION (self), FALSE);

  if ((guint) credibility > GLOSS_ACH_LEVEL_HIGH || (guint) relevance > GLOSS_ACH_LEVEL_HIGH)
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                           "Credibility and relevance are High, Medium or Low.");
      return FALSE;
    }
  if (!action_begin (&a, self, error))
    return FALSE;
  o = live_row (a.store, "ach_evidence", evidence_id, "evidence row", error);
  ok = o != NULL;
  if (ok)
    {
      a.analysis_id = g_strdup (json_object_get_string_member (o, "analysis"));
      set_text (o, "credibility", gloss_ach_level_to_string (credibility));
      set_text (o, "relevance", gloss_ach_level_to_string (relevance));
      json_object_set_string_member (o, "modified", a.now);
      ok = gloss_ach_write_row (a.store, "ach_evidence", o, a.changes, error);
    }
  return action_end (&a, ok, error);
}

gboolean
gloss_session_ach_remove_evidence (GlossSession *self,
                                   const char   *evidence_id,
                                   GError      **error)
{
  g_return_val_if_fail (GLOSS_IS_SESSION (self), FALSE);
  return delete_row (self, "ach_evidence", evidence_id, "evidence row", error);
}

/* ------------------------------------------------------------------------- */
/* Ratings                                                                    */

gboolean
gloss_session_ach_rate (GlossSession  *self,
                        const char    *evidence_id,
                        const char    *hypothesis_id,
                        GlossAchRating rating,
                        GError       **error)
{
  g_autoptr(JsonObject) ev = NULL;
  g_autoptr(JsonObject) hy = NULL;
  g_autoptr(JsonObject) o = NULL;
  g_autofree char *name = NULL;
  g_autofree char *id = NULL;
  const char *analyst;
  Action a = { 0 };
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_SESSION (self), FALSE);

  if ((guint) rating > GLOSS_ACH_NA)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                   "%d is not a rating: the ACH scale is CC, C, N, I, II and NA.", (int) rating);
      return FALSE;
    }
  analyst = gloss_session_get_annotator (self);
  if (analyst == NULL || *analyst == '\0' || !g_utf8_validate (analyst, -1, NULL))
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                           "A rating needs the analyst's name: set it first.");
      return FALSE;
    }
  if (!action_begin (&a, self, error))
    return FALSE;
  ev = live_row (a.store, "ach_evidence", evidence_id, "evidence row", error);
  ok = ev != NULL;
  if (ok)
    ok = (hy = live_row (a.store, "ach_hypotheses", hypothesis_id, "hypothesis", error)) != NULL;
  if (ok && g_strcmp0 (json_object_get_string_member (ev, "analysis"), json_object_get_string_member (hy, "analysis")) != 0)
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
                           "The evidence row and the hypothesis belong to different analyses.");
      ok = FALSE;
    }
  if (ok)
    {
      a.analysis_id = g_strdup (json_object_get_string_member (ev, "analysis"));
      /* One id per cell and analyst in every copy of the project: a merge keeps each
       * analyst's rating and lets the same analyst's later one win. */
      name = g_strconcat (hypothesis_id, "/", analyst, NULL);
      id = gloss_uuid_from_name (evidence_id, name);
      o = gloss_ach_snapshot (a.store, "ach_ratings", id);
      if (o == NULL)
        {
          if (rating == GLOSS_ACH_NONE)
            return action_end (&a, TRUE, error);   /* nothing to clear: no step */
          o = new_row (id, a.now);
          json_object_set_string_member (o, "evidence", evidence_id);
          json_object_set_string_member (o, "hypothesis", hypothesis_id);
          json_object_set_string_member (o, "analyst", analyst);
        }
      else if ((rating == GLOSS_ACH_NONE && json_object_get_int_member (o, "deleted") != 0) ||
               (json_object_get_int_member (o, "deleted") == 0 &&
                g_strcmp0 (json_object_get_string_member (o, "rating"), gloss_ach_rating_to_string (rating)) == 0))
        return action_end (&a, TRUE, error);       /* unchanged */
      if (rating != GLOSS_ACH_NONE)
        json_object_set_string_member (o, "rating", gloss_ach_rating_to_string (rating));
      json_object_set_int_member (o, "deleted", rating == GLOSS_ACH_NONE);
      json_object_set_string_member (o, "modified", a.now);
      ok = gloss_ach_write_row (a.store, "ach_ratings", o, a.changes, error);
    }
  return action_end (&a, ok, error);
}

/* gloss-ach.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rows of analyses of competing hypotheses. Every write goes through the row's
 * history snapshot (gloss_history_apply), the same form merge and restore use, so a
 * change, its undo, its history entry and a merged version are one code path.
 */
#define G_LOG_DOMAIN "gloss-ach"

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "gloss-ach-private.h"

/* ------------------------------------------------------------------------- */
/* Scales                                                                     */

static const char * const rating_codes[] = { NULL, "CC", "C", "N", "I", "II", "NA" };
static const char * const rating_words[] = {
  "not rated", "very consistent", "consistent", "neutral", "inconsistent", "very inconsistent", "not applicable",
};

const char *
gloss_ach_rating_to_string (GlossAchRating rating)
{
  return (guint) rating < G_N_ELEMENTS (rating_codes) ? rating_codes[rating] : NULL;
}

const char *
gloss_ach_rating_describe (GlossAchRating rating)
{
  return (guint) rating < G_N_ELEMENTS (rating_words) ? rating_words[rating] : NULL;
}

gboolean
gloss_ach_rating_parse (const char     *text,
                        GlossAchRating *rating,
                        GError        **error)
{
  g_autofree char *s = g_strstrip (g_strdup (text ? text : ""));

  for (guint i = 1; i < G_N_ELEMENTS (rating_codes); i++)
    if (g_ascii_strcasecmp (s, rating_codes[i]) == 0 || (s[0] == '0' + (char) i && s[1] == '\0'))
      {
        *rating = (GlossAchRating) i;
        return TRUE;
      }
  g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
               "“%s” is not a rating: the ACH scale is CC, C, N, I, II and NA (or 1 to 6).", text ? text : "");
  return FALSE;
}

static GlossAchRating
rating_from_code (const char *code)
{
  for (guint i = 1; code != NULL && i < G_N_ELEMENTS (rating_codes); i++)
    if (g_str_equal (code, rating_codes[i]))
      return (GlossAchRating) i;
  return GLOSS_ACH_NONE;
}

const char *
gloss_ach_level_to_string (GlossAchLevel level)
{
  switch (level)
    {
    case GLOSS_ACH_LEVEL_LOW: return "L";
    case GLOSS_ACH_LEVEL_MEDIUM: return "M";
    case GLOSS_ACH_LEVEL_HIGH: return "H";
    case GLOSS_ACH_LEVEL_DEFAULT:
    default: return NULL;
    }
}

static GlossAchLevel
level_from_code (const char *code)
{
  if (g_strcmp0 (code, "H") == 0)
    return GLOSS_ACH_LEVEL_HIGH;
  if (g_strcmp0 (code, "M") == 0)
    return GLOSS_ACH_LEVEL_MEDIUM;
  if (g_strcmp0 (code, "L") == 0)
    return GLOSS_ACH_LEVEL_LOW;
  return GLOSS_ACH_LEVEL_DEFAULT;
}

gboolean
gloss_ach_level_parse (const char    *text,
                       GlossAchLevel *level,
                       GError       **error)
{
  static const struct { const char *word; GlossAchLevel level; } words[] = {
    { "h", GLOSS_ACH_LEVEL_HIGH }, { "high", GLOSS_ACH_LEVEL_HIGH },
    { "m", GLOSS_ACH_LEVEL_MEDIUM }, { "medium", GLOSS_ACH_LEVEL_MEDIUM },
    { "l", GLOSS_ACH_LEVEL_LOW }, { "low", GLOSS_ACH_LEVEL_LOW },
    { "", GLOSS_ACH_LEVEL_DEFAULT }, { "default", GLOSS_ACH_LEVEL_DEFAULT },
  };
  g_autofree char *s = g_strstrip (g_strdup (text ? text : ""));

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_ascii_strcasecmp (s, words[i].word) == 0)
      {
        *level = words[i].level;
        return TRUE;
      }
  g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
               "“%s” is not a level: use H, M or L (high, medium, low), or “default”.", text ? text : "");
  return FALSE;
}

static const char * const kind_codes[] = { "annotation", "assumption", "absence", "text" };

const char *
gloss_ach_evidence_kind_to_string (GlossAchEvidenceKind kind)
{
  return (guint) kind < G_N_ELEMENTS (kind_codes) ? kind_codes[kind] : NULL;
}

gboolean
gloss_ach_evidence_kind_parse (const char           *text,
                               GlossAchEvidenceKind *kind,
                               GError              **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_codes); i++)
    if (g_ascii_strcasecmp (text ? text : "", kind_codes[i]) == 0)
      {
        *kind = (GlossAchEvidenceKind) i;
        return TRUE;
      }
  g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID,
               "“%s” is not a kind of evidence: use annotation, assumption, absence or text.", text ? text : "");
  return FALSE;
}

/* Admiralty reliability A-B high, C medium, D-E low, F no basis; information
 * credibility 1-2 high, 3 medium, 4-5 low, 6 no basis. */
GlossAchLevel
gloss_ach_default_credibility (const char *reliability,
                               const char *info_credibility)
{
  GlossAchLevel a = GLOSS_ACH_LEVEL_DEFAULT, b = GLOSS_ACH_LEVEL_DEFAULT;

  if (reliability != NULL && reliability[0] != '\0')
    switch (g_ascii_toupper (reliability[0]))
      {
      case 'A': case 'B': a = GLOSS_ACH_LEVEL_HIGH; break;
      case 'C': a = GLOSS_ACH_LEVEL_MEDIUM; break;
      case 'D': case 'E': a = GLOSS_ACH_LEVEL_LOW; break;
      default: break;
      }
  if (info_credibility != NULL && info_credibility[0] != '\0')
    switch (info_credibility[0])
      {
      case '1': case '2': b = GLOSS_ACH_LEVEL_HIGH; break;
      case '3': b = GLOSS_ACH_LEVEL_MEDIUM; break;
      case '4': case '5': b = GLOSS_ACH_LEVEL_LOW; break;
      default: break;
      }
  if (a == GLOSS_ACH_LEVEL_DEFAULT && b == GLOSS_ACH_LEVEL_DEFAULT)
    return GLOSS_ACH_LEVEL_MEDIUM;
  if (a == GLOSS_ACH_LEVEL_DEFAULT)
    return b;
  if (b == GLOSS_ACH_LEVEL_DEFAULT)
    return a;
  return MIN (a, b);
}

GlossAchLevel
gloss_ach_default_relevance (const char *confidence)
{
  if (g_strcmp0 (confidence, "high") == 0)
    return GLOSS_ACH_LEVEL_HIGH;
  if (g_strcmp0 (confidence, "low") == 0)
    return GLOSS_ACH_LEVEL_LOW;
  return GLOSS_ACH_LEVEL_MEDIUM;
}

/* ------------------------------------------------------------------------- */
/* Values                                                                     */

void
gloss_ach_analysis_free (GlossAchAnalysis *analysis)
{
  if (analysis == NULL)
    return;
  g_free (analysis->id);
  g_free (analysis->question);
  g_free (analysis->description);
  g_free (analysis->created);
  g_free (analysis->modified);
  g_free (analysis);
}

void
gloss_ach_hypothesis_free (GlossAchHypothesis *hypothesis)
{
  if (hypothesis == NULL)
    return;
  g_free (hypothesis->id);
  g_free (hypothesis->title);
  g_free (hypothesis->description);
  g_free (hypothesis);
}

void
gloss_ach_evidence_free (GlossAchEvidence *e)
{
  if (e == NULL)
    return;
  g_free (e->id);
  g_free (e->text);
  g_free (e->annotation_id);
  g_free (e->document_id);
  g_free (e->document_title);
  g_free (e->label_name);
  g_free (e->quote);
  g_free (e->page);
  g_free (e->reliability);
  g_free (e->info_credibility);
  g_free (e->confidence);
  g_free (e);
}

void
gloss_ach_matrix_free (GlossAchMatrix *matrix)
{
  if (matrix == NULL)
    return;
  gloss_ach_analysis_free (matrix->analysis);
  g_ptr_array_unref (matrix->hypotheses);
  g_ptr_array_unref (matrix->evidence);
  g_ptr_array_unref (matrix->analysts);
  g_ptr_array_unref (matrix->ratings);
  g_free (matrix);
}

void
gloss_ach_row_change_free (GlossAchRowChange *change)
{
  if (change == NULL)
    return;
  g_free (change->table);
  g_free (change->before);
  g_free (change->after);
  g_free (change);
}

/* ------------------------------------------------------------------------- */
/* Reading                                                                    */

#define ANALYSIS_SELECT \
  "SELECT x.id, x.question, x.description, x.created, x.modified, " \
  "(SELECT count(*) FROM ach_hypotheses h WHERE h.analysis = x.pk AND h.deleted = 0), " \
  "(SELECT count(*) FROM ach_evidence v WHERE v.analysis = x.pk AND v.deleted = 0) FROM ach_analyses x "

static GlossAchAnalysis *
analysis_from_row (sqlite3_stmt *stmt)
{
  GlossAchAnalysis *a = g_new0 (GlossAchAnalysis, 1);

  a->id = gloss_column_dup (stmt, 0);
  a->question = gloss_column_dup (stmt, 1);
  a->description = gloss_column_dup (stmt, 2);
  a->created = gloss_column_dup (stmt, 3);
  a->modified = gloss_column_dup (stmt, 4);
  a->n_hypotheses = sqlite3_column_int (stmt, 5);
  a->n_evidence = sqlite3_column_int (stmt, 6);
  return a;
}

GPtrArray *
gloss_store_list_ach_analyses (GlossStore *self,
                               GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_ach_analysis_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  stmt = gloss_store_prepare (self, ANALYSIS_SELECT "WHERE x.deleted = 0 ORDER BY x.question, x.created, x.id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, analysis_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gloss_store_set_sqlite_error (self, rc, "listing analyses", error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

GlossAchAnalysis *
gloss_store_find_ach_analysis (GlossStore *self,
                               const char *id_or_question,
                               GError    **error)
{
  g_autoptr(GPtrArray) list = gloss_store_list_ach_analyses (self, error);
  GlossAchAnalysis *found = NULL;
  guint n_found = 0;

  if (list == NULL)
    return NULL;
  for (guint i = 0; i < list->len; i++)
    {
      GlossAchAnalysis *a = list->pdata[i];

      if (g_strcmp0 (a->id, id_or_question) == 0 || g_strcmp0 (a->question, id_or_question) == 0)
        return g_ptr_array_steal_index (list, i);
    }
  for (guint i = 0; id_or_question && strlen (id_or_question) >= 4 && i < list->len; i++)
    {
      GlossAchAnalysis *a = list->pdata[i];

      if (g_str_has_prefix (a->id, id_or_question))
        {
          found = a;
          n_found++;
        }
    }
  if (n_found == 1)
    {
      guint index = 0;

      g_ptr_array_find (list, found, &index);
      return g_ptr_array_steal_index (list, index);
    }
  g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND,
               n_found > 1 ? "“%s” is the start of more than one analysis's id." :
                             "There is no analysis “%s” (the project has %u).",
               id_or_question ? id_or_question : "", list->len);
  return NULL;
}

/* A field value of the annotation's label, by field name. */
#define EVIDENCE_FIELD(name) \
  "(SELECT fv.value FROM field_values fv JOIN label_fields f ON f.pk = fv.field " \
  " WHERE fv.annotation = a.pk AND f.label = a.label AND f.deleted = 0 AND f.name = '" name "' COLLATE NOCASE)"

int
gloss_ach_matrix_find_evidence (const GlossAchMatrix *matrix,
                                const char           *evidence_id)
{
  for (guint i = 0; i < matrix->evidence->len; i++)
    if (g_strcmp0 (((GlossAchEvidence *) matrix->evidence->pdata[i])->id, evidence_id) == 0)
      return i;
  return -1;
}

int
gloss_ach_matrix_find_hypothesis (const GlossAchMatrix *matrix,
                                  const char           *hypothesis_id)
{
  for (guint i = 0; i < matrix->hypotheses->len; i++)
    if (g_strcmp0 (((GlossAchHypothesis *) matrix->hypotheses->pdata[i])->id, hypothesis_id) == 0)
      return i;
  return -1;
}

int
gloss_ach_matrix_analyst_index (const GlossAchMatrix *matrix,
                                const char           *analyst)
{
  for (guint i = 0; i < matrix->analysts->len; i++)
    if (g_strcmp0 (matrix->analysts->pdata[i], analyst) == 0)
      return i;
  return -1;
}

GlossAchRating
gloss_ach_matrix_get (const GlossAchMatrix *matrix,
                      guint                 analyst,
                      guint                 evidence,
                      guint                 hypothesis)
{
  const guint8 *cells;

  g_return_val_if_fail (analyst < matrix->ratings->len, GLOSS_ACH_NONE);
  g_return_val_if_fail (evidence < matrix->evidence->len && hypothesis < matrix->hypotheses->len, GLOSS_ACH_NONE);
  cells = matrix->ratings->pdata[analyst];
  return (GlossAchRating) cells[(gsize) evidence * matrix->hypotheses->len + hypothesis];
}

void
gloss_ach_matrix_set (GlossAchMatrix *matrix,
                      const char     *analyst,
                      guint           evidence,
                      guint           hypothesis,
                      GlossAchRating  rating)
{
  int a = gloss_ach_matrix_analyst_index (matrix, analyst);
  guint8 *cells;

  g_return_if_fail (evidence < matrix->evidence->len && hypothesis < matrix->hypotheses->len);
  if (a < 0)
    {
      guint at = 0;

      /* Analysts stay sorted. */
      while (at < matrix->analysts->len && g_strcmp0 (matrix->analysts->pdata[at], analyst) < 0)
        at++;
      g_ptr_array_insert (matrix->analysts, at, g_strdup (analyst));
      g_ptr_array_insert (matrix->ratings, at, g_malloc0 (MAX (1, matrix->evidence->len * matrix->hypotheses->len)));
      a = at;
    }
  cells = matrix->ratings->pdata[a];
  cells[(gsize) evidence * matrix->hypotheses->len + hypothesis] = (guint8) rating;
}

GlossAchMatrix *
gloss_store_load_ach (GlossStore *self,
                      const char *analysis_id,
                      GError    **error)
{
  g_autoptr(GlossAchMatrix) m = g_new0 (GlossAchMatrix, 1);
  g_autoptr(GHashTable) ev_index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) hyp_index = g_hash_table_new (g_str_hash, g_str_equal);
  sqlite3_stmt *stmt;
  gboolean own_txn;
  gint64 pk = 0;
  int rc;

  g_return_val_if_fail (GLOSS_IS_STORE (self), NULL);

  m->hypotheses = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_ach_hypothesis_free);
  m->evidence = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_ach_evidence_free);
  m->analysts = g_ptr_array_new_with_free_func (g_free);
  m->ratings = g_ptr_array_new_with_free_func (g_free);

  /* One read transaction (unless inside one): the matrix is one consistent snapshot. */
  own_txn = sqlite3_get_autocommit (gloss_store_get_db (self)) != 0 &&
            sqlite3_exec (gloss_store_get_db (self), "BEGIN", NULL, NULL, NULL) == SQLITE_OK;

  stmt = gloss_store_prepare (self, ANALYSIS_SELECT "WHERE x.id = ?1 AND x.deleted = 0", error);
  if (stmt == NULL)
    goto fail;
  gloss_bind_text (stmt, 1, analysis_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    m->analysis = analysis_from_row (stmt);
  sqlite3_reset (stmt);
  if (m->analysis == NULL)
    {
      g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND, "There is no analysis with id %s.",
                   analysis_id ? analysis_id : "");
      goto fail;
    }
  pk = gloss_ach_analysis_pk (self, analysis_id);

  stmt = gloss_store_prepare (self,
      "SELECT id, title, description, position FROM ach_hypotheses WHERE analysis = ?1 AND deleted = 0 "
      "ORDER BY position, pk", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, pk);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GlossAchHypothesis *h = g_new0 (GlossAchHypothesis, 1);

      h->id = gloss_column_dup (stmt, 0);
      h->title = gloss_column_dup (stmt, 1);
      h->description = gloss_column_dup (stmt, 2);
      h->position = sqlite3_column_int (stmt, 3);
      g_hash_table_insert (hyp_index, h->id, GUINT_TO_POINTER (m->hypotheses->len));
      g_ptr_array_add (m->hypotheses, h);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    goto sql_fail;

  stmt = gloss_store_prepare (self,
      "SELECT v.id, v.kind, v.text, v.credibility, v.relevance, v.position, a.id, d.id, d.title, l.name, a.quote, "
      "a.span_start, a.span_end, d.reliability, (a.deleted OR d.deleted), "
      EVIDENCE_FIELD ("page") ", " EVIDENCE_FIELD ("credibility") ", "
      EVIDENCE_FIELD ("confidence") " "
      "FROM ach_evidence v LEFT JOIN annotations a ON a.pk = v.annotation "
      "LEFT JOIN documents d ON d.pk = a.document LEFT JOIN labels l ON l.pk = a.label "
      "WHERE v.analysis = ?1 AND v.deleted = 0 ORDER BY v.position, v.pk", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, pk);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GlossAchEvidence *e = g_new0 (GlossAchEvidence, 1);
      GlossAchEvidenceKind kind = GLOSS_ACH_EVIDENCE_TEXT;

      e->id = gloss_column_dup (stmt, 0);
      gloss_ach_evidence_kind_parse ((const char *) sqlite3_column_text (stmt, 1), &kind, NULL);
      e->kind = kind;
      e->text = gloss_column_dup (stmt, 2);
      e->credibility_set = level_from_code ((const char *) sqlite3_column_text (stmt, 3));
      e->relevance_set = level_from_code ((const char *) sqlite3_column_text (stmt, 4));
      e->position = sqlite3_column_int (stmt, 5);
      e->annotation_id = gloss_column_dup (stmt, 6);
      e->document_id = gloss_column_dup (stmt, 7);
      e->document_title = gloss_column_dup (stmt, 8);
      e->label_name = gloss_column_dup (stmt, 9);
      e->quote = gloss_column_dup (stmt, 10);
      e->start = sqlite3_column_int64 (stmt, 11);
      e->end = sqlite3_column_int64 (stmt, 12);
      e->reliability = gloss_column_dup (stmt, 13);
      e->source_deleted = e->annotation_id != NULL && sqlite3_column_int (stmt, 14) != 0;
      e->page = gloss_column_dup (stmt, 15);
      e->info_credibility = gloss_column_dup (stmt, 16);
      e->confidence = gloss_column_dup (stmt, 17);
      e->credibility = e->credibility_set ? e->credibility_set
                                          : gloss_ach_default_credibility (e->reliability, e->info_credibility);
      e->relevance = e->relevance_set ? e->relevance_set : gloss_ach_default_relevance (e->confidence);
      g_hash_table_insert (ev_index, e->id, GUINT_TO_POINTER (m->evidence->len));
      g_ptr_array_add (m->evidence, e);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    goto sql_fail;

  stmt = gloss_store_prepare (self,
      "SELECT v.id, h.id, p.name, r.rating FROM ach_ratings r JOIN ach_evidence v ON v.pk = r.evidence "
      "JOIN ach_hypotheses h ON h.pk = r.hypothesis JOIN annotators p ON p.pk = r.analyst "
      "WHERE v.analysis = ?1 AND r.deleted = 0 AND v.deleted = 0 AND h.deleted = 0 ORDER BY p.name", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, pk);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gpointer ev, hy;

      if (g_hash_table_lookup_extended (ev_index, sqlite3_column_text (stmt, 0), NULL, &ev) &&
          g_hash_table_lookup_extended (hyp_index, sqlite3_column_text (stmt, 1), NULL, &hy))
        gloss_ach_matrix_set (m, (const char *) sqlite3_column_text (stmt, 2), GPOINTER_TO_UINT (ev),
                              GPOINTER_TO_UINT (hy), rating_from_code ((const char *) sqlite3_column_text (stmt, 3)));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    goto sql_fail;

  if (own_txn)
    sqlite3_exec (gloss_store_get_db (self), "COMMIT", NULL, NULL, NULL);
  return g_steal_pointer (&m);

sql_fail:
  gloss_store_set_sqlite_error (self, rc, "reading an analysis", error);
fail:
  if (own_txn)
    sqlite3_exec (gloss_store_get_db (self), "COMMIT", NULL, NULL, NULL);
  return NULL;
}

/* ------------------------------------------------------------------------- */
/* Writing                                                                    */

gint64
gloss_ach_analysis_pk (GlossStore *self,
                       const char *id)
{
  sqlite3_stmt *stmt = gloss_store_prepare (self, "SELECT pk FROM ach_analyses WHERE id = ?1 AND deleted = 0", NULL);
  gint64 pk = 0;

  if (stmt == NULL || id == NULL)
    return 0;
  gloss_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    pk = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return pk;
}

static char *
object_to_json (JsonObject *o)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, o);
  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, NULL);
}

JsonObject *
gloss_ach_snapshot (GlossStore *self,
                    const char *table,
                    const char *id)
{
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) root = NULL;
  gint64 pk = 0, pk2 = 0;

  if (!gloss_history_find_row (self, table, id, NULL, &pk, &pk2))
    return NULL;
  json = gloss_history_snapshot (self, table, pk, pk2);
  root = json ? gloss_json_parse_text (json, JSON_NODE_OBJECT, NULL) : NULL;
  return root ? json_object_ref (json_node_get_object (root)) : NULL;
}

static gboolean
is_deleted (JsonObject *o)
{
  return o != NULL && json_object_has_member (o, "deleted") && json_object_get_int_member (o, "deleted") != 0;
}

gboolean
gloss_ach_write_row (GlossStore *self,
                     const char *table,
                     JsonObject *o,
                     GPtrArray  *changes,
                     GError    **error)
{
  g_autofree char *json = object_to_json (o);
  g_autofree char *before = NULL;
  g_autoptr(JsonObject) old = NULL;
  GlossAchRowChange *change;
  const char *action;
  gint64 pk = 0, pk2 = 0;

  if (gloss_history_find_row (self, table, json_object_get_string_member (o, "id"), NULL, &pk, &pk2))
    {
      before = gloss_history_snapshot (self, table, pk, pk2);
      old = gloss_ach_snapshot (self, table, json_object_get_string_member (o, "id"));
    }
  if (!gloss_history_apply (self, table, json, &pk, &pk2, error))
    return FALSE;
  if (before == NULL)
    action = GLOSS_HISTORY_CREATE;
  else if (is_deleted (o) && !is_deleted (old))
    action = GLOSS_HISTORY_DELETE;
  else if (!is_deleted (o) && is_deleted (old) && !g_str_equal (table, "ach_ratings"))
    action = GLOSS_HISTORY_RESTORE;
  else
    action = GLOSS_HISTORY_EDIT;
  if (!gloss_history_record (self, action, table, pk, pk2, before, NULL, error))
    return FALSE;
  if (changes != NULL)
    {
      change = g_new0 (GlossAchRowChange, 1);
      change->table = g_strdup (table);
      change->before = g_steal_pointer (&before);
      change->after = gloss_history_snapshot (self, table, pk, pk2);
      g_ptr_array_add (changes, change);
    }
  return TRUE;
}

gboolean
gloss_store_apply_ach_changes (GlossStore *self,
                               GPtrArray  *changes,
                               gboolean    forward,
                               GError    **error)
{
  g_autofree char *now = gloss_now_iso8601 ();
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_STORE (self), FALSE);

  if (!gloss_store_op_begin (self, error))
    return FALSE;
  ok = TRUE;
  for (guint n = 0; ok && n < changes->len; n++)
    {
      /* Backwards in reverse order: a rating goes before its evidence comes back deleted. */
      GlossAchRowChange *c = changes->pdata[forward ? n : changes->len - 1 - n];
      const char *version = forward ? c->after : (c->before ? c->before : c->after);
      g_autoptr(JsonNode) root = gloss_json_parse_text (version, JSON_NODE_OBJECT, NULL);
      JsonObject *o;

      if (root == NULL)
        {
          g_set_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_FAILED, "A %s version cannot be read.", c->table);
          ok = FALSE;
          break;
        }
      o = json_node_get_object (root);
      if (!forward && c->before == NULL)
        json_object_set_int_member (o, "deleted", 1);
      json_object_set_string_member (o, "modified", now);
      ok = gloss_ach_write_row (self, c->table, o, NULL, error);
    }
  return gloss_store_op_end (self, ok, ok ? error : NULL) && ok;
}

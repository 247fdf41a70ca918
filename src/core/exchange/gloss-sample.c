/* gloss-sample.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-sample"

#include <string.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "gloss-entities.h"
#include "gloss-fields.h"
#include "gloss-import.h"
#include "gloss-project.h"
#include "gloss-relations.h"
#include "gloss-sample.h"
#include "gloss-store.h"

typedef struct {
  const char *label;   /* a label of the default codebook */
  const char *quote;   /* exact text searched in every sample */
  const char *note;    /* nullable */
  const char *fields;  /* "name=value|name=value", nullable */
  const char *speaker; /* claim: quote of the entity mention it is attributed to */
  const char *evidence; /* risk: quote of the claim it is evidenced by */
  const char *part_of;  /* entity: quote of the organization it belongs to ("part of" link) */
} SampleAnnotation;

/* Kept short so that they survive the whitespace clean-up of the HTML import. */
static const SampleAnnotation sample_annotations[] = {
  { "Location",     "Port Calloway", NULL },
  { "Organization", "Calloway Dockworkers’ Union", NULL },
  { "Person",       "Zoë Łukasiewicz", "Union branch secretary; main voice of the strikers.", NULL, NULL, NULL,
    "Calloway Dockworkers’ Union" },
  { "Claim",        "We are not going back until the cranes are safe", NULL,
    "claim type=commitment|likelihood=likely|confidence=moderate|credibility=3|status=unverified|date=2026-03-09",
    "Zoë Łukasiewicz" },
  { "Organization", "Brightwater Terminals", "Port operator under concession since 2016." },
  { "Person",       "José Núñez", NULL, NULL, NULL, NULL, "Brightwater Terminals" },
  { "Claim",        "Every crane working on this quay has a valid certificate", "Check against the inspection records.",
    "claim type=denial|likelihood=unlikely|confidence=low|credibility=4|status=contradicted|date=2026-03-09",
    "José Núñez" },
  { "Risk",         "shipping lines could start to divert cargo to the rival port of Marrowick", NULL,
    "category=economic|likelihood=4|impact=3|time horizon=short term|rationale=One carrier has already rerouted a vessel; "
    "the union says it will not go back soon.",
    NULL, "We are not going back until the cranes are safe" },
  { "Person",       "Ingrid Vasquez-Holm", NULL },
  { "Risk",         "the next breakdown could be far more expensive than a week of lost trade", NULL,
    "category=operational|likelihood=3|impact=4|time horizon=medium term", NULL,
    "Every crane working on this quay has a valid certificate" },
  { "Location",     "Tessaly", NULL },
  { "Organization", "Meridian Commodities", NULL },
  { "Person",       "Oskar Varga-Lindqvist", NULL, NULL, NULL, NULL, "Meridian Commodities" },
  { "Claim",        "we are not hoarding anything", "Federation disputes this.",
    "claim type=denial|likelihood=roughly even chance|confidence=low|credibility=3|status=unverified",
    "Oskar Varga-Lindqvist" },
  { "Claim",        "no risk of a bread shortage", NULL,
    "claim type=statement|likelihood=likely|confidence=moderate|credibility=2|status=unverified" },
  { "Location",     "Ostvale", NULL },
  { "Organization", "Upper Ostvale Water Board", NULL },
  { "Person",       "Annika Solberg-Mensah", NULL, NULL, NULL, NULL, "Upper Ostvale Water Board" },
  { "Risk",         "Higher pumping costs from the river during dry months.", NULL,
    "category=economic|likelihood=4|impact=2|time horizon=long term" },
};

/* Source details of each sample, by file name. */
static const struct {
  const char *file;
  const char *reliability;
  const char *tlp;
  const char *publisher;
  const char *published;
} sample_sources[] = {
  { "harbour-strike.txt",     "B", "AMBER", "Calloway Courier",           "2026-03-09" },
  { "grain-prices.md",        "C", "CLEAR", "Orlen Valley Farm Bulletin", "2026-07-17" },
  { "river-dam-report.html",  "A", "GREEN", "The Ridgeback Courier",      "2026-05-02" },
};

static gboolean
is_sample_file (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  if (g_str_equal (lower, "readme.md"))
    return FALSE;
  return g_str_has_suffix (lower, ".txt") || g_str_has_suffix (lower, ".md") ||
         g_str_has_suffix (lower, ".html") || g_str_has_suffix (lower, ".htm");
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static GPtrArray *
list_sample_files (const char  *samples_dir,
                   GError     **error)
{
  g_autoptr(GDir) dir = g_dir_open (samples_dir, 0, error);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return NULL;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (is_sample_file (name))
      g_ptr_array_add (files, g_build_filename (samples_dir, name, NULL));
  g_ptr_array_sort (files, compare_paths);
  return g_steal_pointer (&files);
}

/* The annotation whose quote is @quote, among those just added to a document. */
static const GlossAnnotation *
find_added (GPtrArray  *added,
            const char *quote)
{
  for (guint i = 0; quote != NULL && i < added->len; i++)
    {
      const GlossAnnotation *a = g_ptr_array_index (added, i);

      if (g_strcmp0 (a->quote, quote) == 0)
        return a;
    }
  return NULL;
}

/* What an analyst would have filled in: the mention's entity, the claim's and the
 * risk's fields, the speaker both as a field and as an "attributed to" link, the
 * claim a risk is evidenced by, and the organization a person belongs to (so that
 * the link chart has typed links to show). */
static gboolean
add_sample_tradecraft (GlossStore             *store,
                       const SampleAnnotation *s,
                       const GlossLabel       *label,
                       const GlossAnnotation  *annotation,
                       GPtrArray              *added,
                       const char             *annotator,
                       GError                **error)
{
  if (g_strcmp0 (label->kind, GLOSS_LABEL_KIND_ENTITY) == 0)
    {
      g_autoptr(GlossEntity) entity = gloss_store_find_entity (store, annotation->quote, label->id, NULL);

      if (entity == NULL)
        entity = gloss_store_add_entity (store, annotation->quote, label->id, NULL, NULL, NULL, error);
      if (entity == NULL || !gloss_store_set_annotation_entity (store, annotation->id, entity->id, error))
        return FALSE;
    }
  if (s->part_of != NULL)
    {
      const GlossAnnotation *whole = find_added (added, s->part_of);
      g_autoptr(GlossRelationType) type = gloss_store_find_relation_type (store, "part of", NULL);
      g_autoptr(GlossRelation) relation = NULL;

      if (whole != NULL && type != NULL)
        {
          relation = gloss_store_add_relation (store, type->id, annotation->id, whole->id, annotator, error);
          if (relation == NULL)
            return FALSE;
        }
    }
  if (s->fields != NULL)
    {
      g_auto(GStrv) pairs = g_strsplit (s->fields, "|", -1);

      for (guint i = 0; pairs[i] != NULL; i++)
        {
          char *eq = strchr (pairs[i], '=');

          if (eq == NULL)
            continue;
          *eq = '\0';
          if (!gloss_store_set_field_value (store, annotation->id, pairs[i], eq + 1, error))
            return FALSE;
        }
    }
  if (s->speaker != NULL || s->evidence != NULL)
    {
      const GlossAnnotation *other = find_added (added, s->speaker ? s->speaker : s->evidence);
      g_autoptr(GlossRelationType) type = NULL;
      g_autoptr(GlossRelation) relation = NULL;

      if (other == NULL)
        return TRUE;
      if (s->speaker != NULL && other->entity_id != NULL &&
          !gloss_store_set_field_value (store, annotation->id, "speaker", other->entity_id, error))
        return FALSE;
      type = gloss_store_find_relation_type (store, s->speaker ? "attributed to" : "evidenced by", NULL);
      if (type != NULL)
        relation = gloss_store_add_relation (store, type->id, annotation->id, other->id, annotator, error);
      if (type != NULL && relation == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_sample_annotations (GlossStore          *store,
                        const GlossDocument *document,
                        const char          *annotator,
                        GError             **error)
{
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_annotation_free);
  g_autofree char *base = document->source ? g_path_get_basename (document->source) : NULL;

  for (guint i = 0; i < G_N_ELEMENTS (sample_annotations); i++)
    {
      const SampleAnnotation *s = &sample_annotations[i];
      g_autoptr(GlossLabel) label = NULL;
      g_autoptr(GlossAnnotation) annotation = NULL;
      const char *found = strstr (document->text, s->quote);
      gint64 start;

      if (found == NULL)
        continue;
      label = gloss_store_find_label_by_name (store, s->label, NULL);
      if (label == NULL)
        continue;
      start = g_utf8_pointer_to_offset (document->text, found);
      annotation = gloss_store_add_annotation (store, document->id, label->id,
                                               start, start + g_utf8_strlen (s->quote, -1),
                                               s->note, annotator, error);
      if (annotation == NULL || !add_sample_tradecraft (store, s, label, annotation, added, annotator, error))
        return FALSE;
      /* Read again: the entity link is part of it now. */
      {
        GlossAnnotation *linked = gloss_store_get_annotation (store, annotation->id, error);

        if (linked == NULL)
          return FALSE;
        g_ptr_array_add (added, linked);
      }
    }

  for (guint i = 0; base != NULL && i < G_N_ELEMENTS (sample_sources); i++)
    if (g_str_equal (base, sample_sources[i].file))
      {
        g_autoptr(GlossDocument) props = gloss_document_copy (document);

        g_clear_pointer (&props->text, g_free);
        props->reliability = g_strdup (sample_sources[i].reliability);
        props->tlp = g_strdup (sample_sources[i].tlp);
        props->publisher = g_strdup (sample_sources[i].publisher);
        props->published = g_strdup (sample_sources[i].published);
        if (!gloss_store_set_document_properties (store, document->id, props, error))
          return FALSE;
      }
  return TRUE;
}

gboolean
gloss_sample_project_create (const char  *path,
                             const char  *samples_dir,
                             const char  *annotator,
                             GError     **error)
{
  g_autoptr(GlossStore) store = NULL;
  g_autoptr(GPtrArray) files = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (samples_dir != NULL, FALSE);

  files = list_sample_files (samples_dir, error);
  if (files == NULL)
    return FALSE;

  store = gloss_project_create (path, "Sample", GLOSS_PROJECT_CREATE_DEFAULT, error);
  if (store == NULL)
    return FALSE;

  for (guint i = 0; ok && i < files->len; i++)
    {
      const char *file = g_ptr_array_index (files, i);
      g_autoptr(GlossImportedText) imported = NULL;
      g_autoptr(GlossDocument) added = NULL;
      g_autoptr(GlossDocument) document = NULL;
      g_autoptr(GError) local_error = NULL;

      imported = gloss_import_read_file (file, &local_error);
      if (imported == NULL)
        {
          /* A broken sample should not keep the others from the user. */
          g_warning ("Skipping sample %s: %s", file, local_error->message);
          continue;
        }
      added = gloss_store_add_document (store, imported->title, imported->text, file,
                                        imported->format, NULL, error);
      if (added == NULL)
        {
          ok = FALSE;
          break;
        }
      document = gloss_store_get_document (store, added->id, error);
      ok = document != NULL && add_sample_annotations (store, document, annotator, error);
    }

  gloss_store_close (store);
  if (!ok)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
    }
  return ok;
}

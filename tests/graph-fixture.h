/* graph-fixture.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small project for the link chart, shared by test-graph.c and
 * test-graph-window.c. Three documents:
 *
 *   one (published 2026-01-10): "Ana Lima met Bruno Costa in Lisbon. Bruno Costa works
 *        for Acme Corp. Later, Ana Lima called Acme Corp."  every name a mention
 *   two (published 2026-02-01): "Ana Lima and Bruno Costa spoke again."  both
 *        mentioned, and a claim over the whole sentence (which adds nothing)
 *   three (no date): "Acme Corp denied everything. Lisbon officials agreed."  a claim
 *        over both sentences with Bruno Costa as its speaker, linked ("attributed to")
 *        to the first mention of Ana Lima
 *
 * Co-occurrence: Ana–Bruno 2 (one, two), Ana–Lisbon 1, Bruno–Lisbon 2 (one, the
 * claim's speaker), Bruno–Acme 2 (one, the claim), Ana–Acme 1, Acme–Lisbon 1 (the
 * claim). One link: Bruno → Ana, "attributed to". Mentions: Ana 3, Bruno 3, Acme 3,
 * Lisbon 2.
 */
#pragma once

#include <string.h>
#include <glib/gstdio.h>

#include "gloss-fields.h"
#include "gloss-project.h"
#include "gloss-relations.h"
#include "gloss-session.h"
#include "gloss-store.h"

typedef struct {
  char         *dir;
  char         *path;
  GlossStore   *store;
  GlossSession *session;
  char         *doc_ids[3];
  char         *ana_id;       /* entities */
  char         *bruno_id;
  char         *lisbon_id;
  char         *acme_id;
  char         *ana_mention;  /* the first mention of Ana Lima (annotation id) */
  char         *claim_id;     /* the claim of document three */
} GraphFixture;

static const char graph_text1[] =
  "Ana Lima met Bruno Costa in Lisbon. Bruno Costa works for Acme Corp. Later, Ana Lima called Acme Corp.";
static const char graph_text2[] = "Ana Lima and Bruno Costa spoke again.";
static const char graph_text3[] = "Acme Corp denied everything. Lisbon officials agreed.";

/* Annotates the @nth (from 0) occurrence of @quote in @text with @label. */
static inline GlossAnnotation *
graph_fixture_annotate (GraphFixture *f,
                        guint         doc,
                        const char   *text,
                        const char   *label,
                        const char   *quote,
                        guint         nth)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossLabel) l = gloss_store_find_label_by_name (f->store, label, &error);
  const char *p = text;
  gint64 start;
  GlossAnnotation *a;

  g_assert_no_error (error);
  for (guint i = 0; i <= nth; i++)
    {
      p = strstr (i == 0 ? p : p + 1, quote);
      g_assert_nonnull (p);
    }
  start = g_utf8_pointer_to_offset (text, p);
  a = gloss_session_annotate (f->session, f->doc_ids[doc], l->id, start, start + g_utf8_strlen (quote, -1), NULL,
                              &error);
  g_assert_no_error (error);
  return a;
}

static inline void
graph_fixture_set_up (GraphFixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossUndoStack) undo = gloss_undo_stack_new ();
  const char *texts[3] = { graph_text1, graph_text2, graph_text3 };
  const char *published[3] = { "2026-01-10", "2026-02-01", NULL };
  g_autoptr(GlossAnnotation) ana = NULL;
  g_autoptr(GlossAnnotation) bruno = NULL;
  g_autoptr(GlossAnnotation) lisbon = NULL;
  g_autoptr(GlossAnnotation) acme = NULL;
  g_autoptr(GlossAnnotation) claim = NULL;
  g_autoptr(GlossRelationType) attributed = NULL;
  g_autoptr(GlossRelation) relation = NULL;

  f->dir = g_dir_make_tmp ("gloss-test-graph-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "p.gloss", NULL);
  f->store = gloss_project_create (f->path, "Chart", 0, &error);
  g_assert_no_error (error);
  gloss_store_set_user (f->store, "Ana");
  f->session = gloss_session_new (f->store, undo);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *title = g_strdup_printf ("Doc %u", i + 1);
      g_autoptr(GlossDocument) doc = gloss_store_add_document (f->store, title, texts[i], NULL, "txt", NULL, &error);

      g_assert_no_error (error);
      f->doc_ids[i] = g_strdup (doc->id);
      if (published[i] != NULL)
        {
          g_autoptr(GlossDocument) props = g_new0 (GlossDocument, 1);

          props->published = g_strdup (published[i]);
          g_assert_true (gloss_store_set_document_properties (f->store, doc->id, props, &error));
          g_assert_no_error (error);
        }
    }

  ana = graph_fixture_annotate (f, 0, graph_text1, "Person", "Ana Lima", 0);
  bruno = graph_fixture_annotate (f, 0, graph_text1, "Person", "Bruno Costa", 0);
  lisbon = graph_fixture_annotate (f, 0, graph_text1, "Location", "Lisbon", 0);
  g_clear_pointer (&bruno, gloss_annotation_free);
  bruno = graph_fixture_annotate (f, 0, graph_text1, "Person", "Bruno Costa", 1);
  acme = graph_fixture_annotate (f, 0, graph_text1, "Organization", "Acme Corp", 0);
  gloss_annotation_free (graph_fixture_annotate (f, 0, graph_text1, "Person", "Ana Lima", 1));
  gloss_annotation_free (graph_fixture_annotate (f, 0, graph_text1, "Organization", "Acme Corp", 1));
  f->ana_id = g_strdup (ana->entity_id);
  f->bruno_id = g_strdup (bruno->entity_id);
  f->lisbon_id = g_strdup (lisbon->entity_id);
  f->acme_id = g_strdup (acme->entity_id);
  f->ana_mention = g_strdup (ana->id);
  g_assert_nonnull (f->ana_id);
  g_assert_nonnull (f->acme_id);

  gloss_annotation_free (graph_fixture_annotate (f, 1, graph_text2, "Person", "Ana Lima", 0));
  gloss_annotation_free (graph_fixture_annotate (f, 1, graph_text2, "Person", "Bruno Costa", 0));
  gloss_annotation_free (graph_fixture_annotate (f, 1, graph_text2, "Claim", graph_text2, 0));

  gloss_annotation_free (graph_fixture_annotate (f, 2, graph_text3, "Organization", "Acme Corp", 0));
  gloss_annotation_free (graph_fixture_annotate (f, 2, graph_text3, "Location", "Lisbon", 0));
  claim = graph_fixture_annotate (f, 2, graph_text3, "Claim", graph_text3, 0);
  f->claim_id = g_strdup (claim->id);
  g_assert_true (gloss_store_set_field_value (f->store, claim->id, "speaker", f->bruno_id, &error));
  g_assert_no_error (error);
  attributed = gloss_store_find_relation_type (f->store, "attributed to", &error);
  g_assert_no_error (error);
  relation = gloss_store_add_relation (f->store, attributed->id, claim->id, ana->id, NULL, &error);
  g_assert_no_error (error);
}

static inline void
graph_fixture_tear_down (GraphFixture *f)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&f->session);
  if (f->store != NULL)
    gloss_store_close (f->store);
  g_clear_object (&f->store);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);

      g_unlink (child);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
  for (guint i = 0; i < 3; i++)
    g_free (f->doc_ids[i]);
  g_free (f->ana_id);
  g_free (f->bruno_id);
  g_free (f->lisbon_id);
  g_free (f->acme_id);
  g_free (f->ana_mention);
  g_free (f->claim_id);
}

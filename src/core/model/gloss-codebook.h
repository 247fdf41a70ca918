/* gloss-codebook.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Codebooks as data: a JSON file ("format": "gloss-codebook") with labels, their
 * fields and the relation types, that a team shares so that everyone codes with the
 * same scheme. The bundled ones (data/codebooks/analyst.json, entities.json) are
 * compiled into the library. Ids left out of a file are derived from names (UUID
 * version 5), so every project that loads the same codebook gives "Person" and its
 * fields the same ids, and projects can be merged.
 */
#pragma once

#include <gio/gio.h>
#include "gloss-store.h"

G_BEGIN_DECLS

#define GLOSS_CODEBOOK_ERROR (gloss_codebook_error_quark ())
GQuark gloss_codebook_error_quark (void);

typedef enum {
  GLOSS_CODEBOOK_ERROR_SYNTAX,    /* not JSON */
  GLOSS_CODEBOOK_ERROR_FORMAT,    /* JSON, but not a codebook, or a newer version */
  GLOSS_CODEBOOK_ERROR_INVALID,   /* an item is wrong: the message names it */
} GlossCodebookError;

#define GLOSS_CODEBOOK_VERSION 1
/* Namespace of the ids derived from names; the default codebook's label ids since
 * the first version of Gloss. */
#define GLOSS_CODEBOOK_NAMESPACE "gloss:default-codebook:1"

typedef struct {
  guint      labels_added;
  guint      labels_present;       /* same id or name already in the project */
  guint      fields_added;
  guint      fields_present;
  guint      relation_types_added;
  guint      relation_types_present;
  GPtrArray *notes;                /* char*: what was adapted (a shortcut taken...) */
} GlossCodebookReport;

GlossCodebookReport *gloss_codebook_report_new  (void);
void                 gloss_codebook_report_free (GlossCodebookReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossCodebookReport, gloss_codebook_report_free)

/* Adds what the codebook has and the project lacks (labels, fields of labels, relation
 * types), matched by id and then by name, in one transaction. What the project already
 * has is left as it is. @report may be NULL. */
gboolean gloss_codebook_load_data    (GlossStore          *store,
                                      const char          *data,
                                      gsize                len,
                                      const char          *name,
                                      GlossCodebookReport *report,
                                      GError             **error);
gboolean gloss_codebook_load_file    (GlossStore          *store,
                                      const char          *path,
                                      GlossCodebookReport *report,
                                      GError             **error);
/* A bundled codebook by name: "analyst" or "entities". */
gboolean gloss_codebook_load_bundled (GlossStore          *store,
                                      const char          *bundled,
                                      GlossCodebookReport *report,
                                      GError             **error);
/* The Analyst codebook, what a new project starts with. */
gboolean gloss_codebook_load_default (GlossStore          *store,
                                      GlossCodebookReport *report,
                                      GError             **error);

/* The project's codebook as JSON text (with ids), and written to a file (replaced
 * only when complete). */
char    *gloss_codebook_to_json      (GlossStore          *store,
                                      GError             **error);
gboolean gloss_codebook_save         (GlossStore          *store,
                                      const char          *path,
                                      GError             **error);

G_END_DECLS

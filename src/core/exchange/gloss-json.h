/* gloss-json.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Gloss's own JSON format ("format": "gloss"): the whole of a project, or a part of
 * it, in one file that other programs can read and that Gloss reads back exactly.
 * The schema is data/gloss-export.schema.json.
 */
#pragma once

#include <gio/gio.h>
#include "gloss-scope.h"
#include "gloss-store.h"

G_BEGIN_DECLS

#define GLOSS_JSON_ERROR (gloss_json_error_quark ())
GQuark gloss_json_error_quark (void);

typedef enum {
  GLOSS_JSON_ERROR_SYNTAX,    /* not well-formed JSON */
  GLOSS_JSON_ERROR_FORMAT,    /* JSON, but not a Gloss export */
  GLOSS_JSON_ERROR_VERSION,   /* a Gloss export from a newer version */
  GLOSS_JSON_ERROR_INVALID,   /* an item is wrong: the message names it */
} GlossJsonError;

/* The format version this build writes and the newest it reads. Version 2 added
 * label fields, relation types, entities, document properties, annotation entities
 * and field values, and relations; version 1 files are still read. */
#define GLOSS_JSON_VERSION 2

/* Compact JSON (one line); gloss_json_export_full() with @pretty indents it by two
 * spaces like JSON.stringify (value, null, 2), for people (+30% bytes). */
gboolean gloss_json_export         (GlossStore             *store,
                                    const GlossScope       *scope,
                                    GOutputStream          *out,
                                    GCancellable           *cancellable,
                                    GError                **error);
gboolean gloss_json_export_full    (GlossStore             *store,
                                    const GlossScope       *scope,
                                    gboolean                pretty,
                                    GOutputStream          *out,
                                    GCancellable           *cancellable,
                                    GError                **error);
/* Writes to a temporary file beside @path and renames it over @path when complete,
 * so a failed export never leaves half a file. */
gboolean gloss_json_export_to_file (GlossStore             *store,
                                    const GlossScope       *scope,
                                    const char             *path,
                                    GCancellable           *cancellable,
                                    GError                **error);

typedef struct {
  guint      labels_added;
  guint      labels_matched;       /* by name, with another id */
  guint      annotators_added;
  guint      documents_added;
  guint      documents_matched;    /* by text (sha256), with another id */
  guint      documents_present;    /* same id already in the project */
  guint      annotations_added;
  guint      annotations_present;  /* same id already in the project */
  guint      fields_added;
  guint      relation_types_added;
  guint      entities_added;
  guint      entities_matched;     /* by name, with another id */
  guint      relations_added;
  GPtrArray *new_documents;        /* GlossDocument* (without text) added */
  GPtrArray *notes;                /* char*: one line per match by content or name */
} GlossImportReport;

GlossImportReport *gloss_import_report_new  (void);
void               gloss_import_report_free (GlossImportReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossImportReport, gloss_import_report_free)

/* Adds what the file has and the project lacks, matched by id (labels also by name,
 * documents also by text), in one transaction: on any error nothing is added.
 * Importing the same file twice adds nothing the second time. */
gboolean gloss_json_import_file    (GlossStore         *store,
                                    const char         *path,
                                    GlossImportReport  *report,
                                    GError            **error);
gboolean gloss_json_import_data    (GlossStore         *store,
                                    const char         *data,
                                    gsize               len,
                                    const char         *name,
                                    GlossImportReport  *report,
                                    GError            **error);

/* TRUE when @path's name ends in .json (what `gloss-cli import` treats as Gloss JSON). */
gboolean gloss_json_is_json_path   (const char         *path);

G_END_DECLS

/* gloss-exchange.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One door to every exchange format: export a scope of the project in a format named
 * by the user, and import a file after recognising its format by its content. Used by
 * gloss-cli and the workbench's export and import, so that both speak the same set.
 */
#pragma once

#include <gio/gio.h>
#include "gloss-json.h"
#include "gloss-read-options.h"
#include "gloss-scope.h"
#include "gloss-store.h"

G_BEGIN_DECLS

#define GLOSS_EXCHANGE_ERROR (gloss_exchange_error_quark ())
GQuark gloss_exchange_error_quark (void);

typedef enum {
  GLOSS_EXCHANGE_ERROR_UNKNOWN_FORMAT,  /* no such format name, or a file no importer recognises */
  GLOSS_EXCHANGE_ERROR_NEEDS_PATH,      /* the format writes a folder or zip: it cannot go to a stream */
  GLOSS_EXCHANGE_ERROR_NOT_IMPORTABLE,  /* the format is export-only */
} GlossExchangeError;

typedef enum {
  GLOSS_FORMAT_UNKNOWN = 0,
  GLOSS_FORMAT_JSON,      /* Gloss JSON (export, import) */
  GLOSS_FORMAT_W3C,       /* W3C Web Annotation JSON-LD (export, import) */
  GLOSS_FORMAT_BRAT,      /* brat standoff folder or zip (export, import) */
  GLOSS_FORMAT_JSONL,     /* JSON Lines, doccano-compatible (export, import) */
  GLOSS_FORMAT_CSV,       /* one row per annotation (export) */
  GLOSS_FORMAT_QDPX,      /* REFI-QDA project (export) */
  GLOSS_FORMAT_HTML,      /* self-contained HTML report (export) */
  GLOSS_FORMAT_ARTICLE,   /* an article to import as a document (.txt .md .html) */
} GlossFormat;

typedef struct {
  gboolean omit_text;     /* JSONL: leave the document text out */
  gboolean bom;           /* CSV: start with a UTF-8 byte order mark */
  gboolean pretty;        /* Gloss JSON: indented for people (default: compact) */
} GlossExportOptions;

GlossFormat  gloss_format_from_name       (const char *name);
const char  *gloss_format_name            (GlossFormat format);
const char  *gloss_format_title           (GlossFormat format);
const char  *gloss_format_extension       (GlossFormat format);
gboolean     gloss_format_can_export      (GlossFormat format);
gboolean     gloss_format_can_import      (GlossFormat format);
gboolean     gloss_format_writes_path     (GlossFormat format);
const char  *gloss_format_names           (void);

gboolean     gloss_exchange_export_stream (GlossStore               *store,
                                           const GlossScope         *scope,
                                           GlossFormat               format,
                                           const GlossExportOptions *options,
                                           GOutputStream            *out,
                                           GPtrArray                *warnings,
                                           GCancellable             *cancellable,
                                           GError                  **error);
gboolean     gloss_exchange_export_path   (GlossStore               *store,
                                           const GlossScope         *scope,
                                           GlossFormat               format,
                                           const GlossExportOptions *options,
                                           const char               *path,
                                           GPtrArray                *warnings,
                                           GCancellable             *cancellable,
                                           GError                  **error);

GlossFormat  gloss_exchange_sniff         (const char               *path);
gboolean     gloss_exchange_import        (GlossStore               *store,
                                           const char               *path,
                                           GlossFormat               format,
                                           GlossImportReport        *report,
                                           GError                  **error);

/* What gloss_exchange_import_any() did with one file. */
typedef struct {
  GlossFormat        format;     /* what the file was read as */
  GlossDocument     *document;   /* an article: the (first) new document */
  char              *warning;    /* an article: what its reader noticed, or NULL */
  GlossImportReport *report;     /* an annotation file: what it added and its notes */
  GPtrArray         *documents;  /* an article: every new document (a mailbox adds one per message) */
  guint              duplicates; /* a mailbox: messages already in the project, left out */
} GlossImportOutcome;

GlossImportOutcome *gloss_import_outcome_new  (void);
void                gloss_import_outcome_free (GlossImportOutcome *outcome);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossImportOutcome, gloss_import_outcome_free)

gboolean     gloss_exchange_import_any    (GlossStore               *store,
                                           const char               *path,
                                           GlossImportOutcome       *outcome,
                                           GError                  **error);
gboolean     gloss_exchange_import_any_with_options (GlossStore             *store,
                                                     const char             *path,
                                                     const GlossReadOptions *options,
                                                     GlossImportOutcome     *outcome,
                                                     GError                **error);
/* For tests: files larger than @max_bytes are imported without their original
 * (0: the default, %GLOSS_ORIGINAL_MAX_BYTES). */
void         gloss_exchange_set_original_limit (guint64 max_bytes);

G_END_DECLS

/* gloss-store.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GlossStore owns one connection to one Gloss project file (SQLite). Every function
 * that changes data runs in one transaction: it commits whole or leaves the file as
 * it was. A store is not thread-safe: a worker thread opens its own GlossStore on the
 * same path.
 */
#pragma once

#include <glib-object.h>
#include "gloss-model.h"

G_BEGIN_DECLS

/* What the store records in the history of each change (see gloss-history.h). */
#define GLOSS_HISTORY_CREATE  "create"
#define GLOSS_HISTORY_EDIT    "edit"
#define GLOSS_HISTORY_DELETE  "delete"
#define GLOSS_HISTORY_MERGE   "merge"
#define GLOSS_HISTORY_RESTORE "restore"
#define GLOSS_HISTORY_IMPORT  "import"
#define GLOSS_HISTORY_RESOLVE "resolve"   /* a conflict of a merge settled (gloss-conflicts.h) */


#define GLOSS_STORE_ERROR (gloss_store_error_quark ())
GQuark gloss_store_error_quark (void);

typedef enum {
  GLOSS_STORE_ERROR_FAILED,          /* an SQLite error with no better code */
  GLOSS_STORE_ERROR_NOT_FOUND,       /* file, document, label or annotation does not exist */
  GLOSS_STORE_ERROR_EXISTS,          /* creating a project over an existing file */
  GLOSS_STORE_ERROR_NOT_SQLITE,      /* file is not an SQLite database */
  GLOSS_STORE_ERROR_NOT_GLOSS,       /* SQLite, but not a Gloss project */
  GLOSS_STORE_ERROR_TOO_NEW,         /* written by a newer Gloss (schema version) */
  GLOSS_STORE_ERROR_READ_ONLY,       /* cannot be written */
  GLOSS_STORE_ERROR_CORRUPT,         /* fails SQLite's checks or has a foreign schema */
  GLOSS_STORE_ERROR_INVALID,         /* an argument is out of range (offsets, colour, kind...) */
  GLOSS_STORE_ERROR_DUPLICATE,       /* same text already imported, same label name... */
  GLOSS_STORE_ERROR_BUSY,            /* another process holds the lock too long */
  GLOSS_STORE_ERROR_IN_USE,          /* e.g. deleting a label that annotations use */
  GLOSS_STORE_ERROR_TOO_LARGE,       /* a file too large to keep as a document's original */
} GlossStoreError;

typedef enum {
  GLOSS_STORE_OPEN_DEFAULT        = 0,
  /* Open a file that cannot be written for reading instead of failing with READ_ONLY. */
  GLOSS_STORE_OPEN_ALLOW_READ_ONLY = 1 << 0,
  /* Open for reading only even if the file is writable. */
  GLOSS_STORE_OPEN_READ_ONLY       = 1 << 1,
  /* The caller only reads (an export): skip PRAGMA quick_check, which reads every page
   * of the file, unless the file must be migrated first. The header, schema and row
   * checks still run, and a damaged page met later fails that read (SQLITE_CORRUPT,
   * the connection is defensive) rather than giving wrong data. See docs/DESIGN.md. */
  GLOSS_STORE_OPEN_FOR_READING     = 1 << 2,
} GlossStoreOpenFlags;


/* The schema version this build writes. */
#define GLOSS_SCHEMA_VERSION 14
/* PRAGMA application_id of every Gloss project: 'GLSS'. */
#define GLOSS_APPLICATION_ID 0x474c5353

/* What a "changed" signal is about. */
typedef enum {
  GLOSS_CHANGE_PROJECT,       /* name or other project metadata */
  GLOSS_CHANGE_DOCUMENTS,     /* a document was added, renamed or deleted; detail: its id */
  GLOSS_CHANGE_LABELS,        /* the codebook changed */
  GLOSS_CHANGE_ANNOTATIONS,   /* annotations of one document changed; detail: the document id */
  GLOSS_CHANGE_ALL,           /* bulk import: reload everything */
  GLOSS_CHANGE_ANALYSES,      /* an analysis of competing hypotheses changed */
} GlossChangeKind;

#define GLOSS_TYPE_STORE (gloss_store_get_type ())
G_DECLARE_FINAL_TYPE (GlossStore, gloss_store, GLOSS, STORE, GObject)

/*
 * Signals:
 *   "changed" (GlossStore *store, GlossChangeKind kind, const char *detail, gpointer user_data)
 *   emitted on the store's thread after a change has been committed (not for rolled back work).
 */

/* Called inside the transaction that creates a project, to fill it (the model layer
 * adds a codebook: see gloss_project_create()). FALSE with @error set undoes it all. */
typedef gboolean (*GlossStoreSetupFunc) (GlossStore *store,
                                         gpointer    user_data,
                                         GError    **error);

/* A new, empty project file (no labels). Most callers want gloss_project_create(). */
GlossStore *gloss_store_create            (const char             *path,
                                           const char             *name,
                                           GlossStoreSetupFunc     setup,
                                           gpointer                user_data,
                                           GError                **error);
GlossStore *gloss_store_open              (const char             *path,
                                           GlossStoreOpenFlags     flags,
                                           GError                **error);
void        gloss_store_close             (GlossStore             *self);
const char *gloss_store_get_path          (GlossStore             *self);
gboolean    gloss_store_is_read_only      (GlossStore             *self);
/* Why the store is read-only, for a banner; NULL when writable. */
const char *gloss_store_get_read_only_reason (GlossStore          *self);
char       *gloss_store_dup_name          (GlossStore             *self);
char       *gloss_store_dup_id            (GlossStore             *self);
gboolean    gloss_store_set_name          (GlossStore             *self,
                                           const char             *name,
                                           GError                **error);
/* Who the history names for changes made through this store: by default
 * $GLOSS_ANNOTATOR, else the user's real name, else the login name. */
const char *gloss_store_get_user          (GlossStore             *self);
void        gloss_store_set_user          (GlossStore             *self,
                                           const char             *name);

/* Documents */
GPtrArray     *gloss_store_list_documents  (GlossStore   *self,
                                            GError      **error);   /* GlossDocument*, text NULL */
GlossDocument *gloss_store_get_document    (GlossStore   *self,
                                            const char   *id,
                                            GError      **error);   /* with text */
GlossDocument *gloss_store_find_document_by_sha256 (GlossStore *self,
                                            const char   *sha256,
                                            GError      **error);   /* NULL + no error when absent */
/* Adds a document. @text must be valid UTF-8 with "\n" newlines. Fails with
 * GLOSS_STORE_ERROR_DUPLICATE (naming the existing document) when the same text is
 * already in the project. */
GlossDocument *gloss_store_add_document    (GlossStore   *self,
                                            const char   *title,
                                            const char   *text,
                                            const char   *source,
                                            const char   *format,
                                            const char   *metadata_json,
                                            GError      **error);
gboolean       gloss_store_set_document_title (GlossStore *self,
                                            const char   *id,
                                            const char   *title,
                                            GError      **error);
gboolean       gloss_store_delete_document (GlossStore   *self,
                                            const char   *id,
                                            GError      **error);
/* Writes the document properties of @properties (reliability, author, publisher,
 * published, url, tlp; NULL or empty clears one) to document @id. Reliability is an
 * Admiralty grade A-F, tlp one of CLEAR, GREEN, AMBER, AMBER+STRICT, RED (case and a
 * "TLP:" prefix are forgiven), published a YYYY-MM-DD date, url an absolute URL. */
gboolean       gloss_store_set_document_properties (GlossStore *self,
                                            const char   *id,
                                            const GlossDocument *properties,
                                            GError      **error);
/* Checks and tidies the property members of @props in place (trims, upper-cases
 * codes, empty -> NULL); FALSE with an error naming the property when one is wrong. */
gboolean       gloss_document_properties_normalize (GlossDocument *props,
                                            GError      **error);
/* TRUE for a calendar date written YYYY-MM-DD. */
gboolean       gloss_date_is_valid         (const char   *text);

/* Labels (the codebook), in codebook order */
GPtrArray  *gloss_store_list_labels       (GlossStore   *self,
                                           GError      **error);   /* GlossLabel* */
GlossLabel *gloss_store_get_label         (GlossStore   *self,
                                           const char   *id,
                                           GError      **error);
GlossLabel *gloss_store_find_label_by_name (GlossStore  *self,
                                           const char   *name,
                                           GError      **error);   /* case-insensitive; NULL + NOT_FOUND */
/* @kind, @colour, @shortcut may be NULL for defaults. */
GlossLabel *gloss_store_add_label         (GlossStore   *self,
                                           const char   *name,
                                           const char   *kind,
                                           const char   *colour,
                                           const char   *shortcut,
                                           const char   *description,
                                           GError      **error);
/* Writes name, kind, colour, shortcut, description of @label (matched by id). */
gboolean    gloss_store_update_label      (GlossStore       *self,
                                           const GlossLabel *label,
                                           GError          **error);
/* Moves the label to @position, shifting the others. */
gboolean    gloss_store_move_label        (GlossStore   *self,
                                           const char   *id,
                                           int           position,
                                           GError      **error);
/* Fails with IN_USE when live annotations carry the label. */
gboolean    gloss_store_delete_label      (GlossStore   *self,
                                           const char   *id,
                                           GError      **error);

/* Annotations */
GlossAnnotation *gloss_store_add_annotation (GlossStore  *self,
                                            const char  *document_id,
                                            const char  *label_id,
                                            gint64       start,
                                            gint64       end,
                                            const char  *note,
                                            const char  *annotator,
                                            GError     **error);
/* Called with the quote of an annotation about to be written with an entity label,
 * inside its unit of work, and the pk of that label: returns the pk of the entity
 * the annotation mentions (of the annotation's label), 0 for none, or -1 with
 * @error set to fail the whole annotation. */
typedef gint64 (*GlossMentionResolver) (GlossStore *store,
                                        const char *quote,
                                        gint64      label_pk,
                                        gpointer    user_data,
                                        GError    **error);
/* gloss_store_add_annotation() whose row is written with the entity @resolve names
 * (one row, one history entry): how a tag is linked to the register. @resolve is
 * asked only when the label is an entity type. Only inside a transaction
 * (gloss_store_begin()), which a failure must roll back. */
GlossAnnotation *gloss_store_add_annotation_resolving (GlossStore          *self,
                                                      const char          *document_id,
                                                      const char          *label_id,
                                                      gint64               start,
                                                      gint64               end,
                                                      const char          *note,
                                                      const char          *annotator,
                                                      GlossMentionResolver resolve,
                                                      gpointer             user_data,
                                                      GError             **error);
GlossAnnotation *gloss_store_get_annotation (GlossStore  *self,
                                            const char  *id,
                                            GError     **error);
/* Live annotations of one document (or of all when @document_id is NULL), by
 * document, start, end. */
GPtrArray       *gloss_store_list_annotations (GlossStore *self,
                                            const char  *document_id,
                                            GError     **error);
gboolean         gloss_store_set_annotation_label (GlossStore *self,
                                            const char  *id,
                                            const char  *label_id,
                                            GError     **error);
gboolean         gloss_store_set_annotation_note  (GlossStore *self,
                                            const char  *id,
                                            const char  *note,
                                            GError     **error);
/* Moves the annotation's edges to [@start, @end) (code points) of its document; the
 * quote and context are taken from the text again. An empty span, or one past the
 * end of the text, is refused with GLOSS_STORE_ERROR_INVALID and changes nothing. */
gboolean         gloss_store_set_annotation_span  (GlossStore *self,
                                            const char  *id,
                                            gint64       start,
                                            gint64       end,
                                            GError     **error);
/* Deleting keeps a tombstone; restoring brings the annotation back (undo). */
gboolean         gloss_store_delete_annotation    (GlossStore *self,
                                            const char  *id,
                                            GError     **error);
gboolean         gloss_store_restore_annotation   (GlossStore *self,
                                            const char  *id,
                                            GError     **error);

/* Annotators */
GPtrArray  *gloss_store_list_annotators   (GlossStore   *self,
                                           GError      **error);   /* GlossAnnotator* */

/* Full-text search (FTS5 syntax) over titles and texts; hits in code points. */
GPtrArray  *gloss_store_search            (GlossStore   *self,
                                           const char   *query,
                                           guint         max_hits,
                                           GError      **error);   /* GlossSearchHit* */

/* Integrity and consistency check. Returns FALSE and fills @report with one line per
 * problem when the project is broken. */
gboolean    gloss_store_check             (GlossStore   *self,
                                           GString      *report,
                                           GError      **error);
/* Rebuilds the entity register's match keys from the entities, in one transaction
 * (what `gloss-cli check --repair` does when the check finds them out of date). */
gboolean    gloss_store_rebuild_entity_keys (GlossStore *self,
                                           GError      **error);

/* Deletes (tombstones) or brings back every annotation of @ids (NULL-terminated) in
 * one transaction: all or none. Undo and redo of a bulk creation such as "annotate
 * all mentions". */
gboolean    gloss_store_delete_annotations  (GlossStore         *self,
                                             const char * const *ids,
                                             GError            **error);
gboolean    gloss_store_restore_annotations (GlossStore         *self,
                                             const char * const *ids,
                                             GError            **error);

/* Explicit transactions for bulk work (benchmarks, imports). Store functions called
 * inside one join it instead of committing on their own. */
gboolean    gloss_store_begin             (GlossStore   *self,
                                           GError      **error);
gboolean    gloss_store_commit            (GlossStore   *self,
                                           GError      **error);
void        gloss_store_rollback          (GlossStore   *self);
/* Like gloss_store_begin (not nested), for all-or-nothing bulk work: the store
 * functions called inside take no savepoint of their own, so one that fails cannot
 * be undone alone; every later call then fails, and gloss_store_commit rolls the
 * whole transaction back and fails. */
gboolean    gloss_store_begin_bulk        (GlossStore   *self,
                                           GError      **error);

G_END_DECLS

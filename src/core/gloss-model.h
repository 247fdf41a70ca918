/* gloss-model.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain value structs for the rows of a Gloss project. They are copies: changing one
 * changes nothing in the project until it is passed to a GlossStore function.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The kinds a label can have. Stored as these strings. */
#define GLOSS_LABEL_KIND_TAG    "tag"
#define GLOSS_LABEL_KIND_ENTITY "entity"
#define GLOSS_LABEL_KIND_CLAIM  "claim"
#define GLOSS_LABEL_KIND_RISK   "risk"

gboolean gloss_label_kind_is_valid (const char *kind);

typedef struct {
  char   *id;            /* UUID */
  char   *name;
  char   *kind;          /* GLOSS_LABEL_KIND_* */
  char   *colour;        /* "#rrggbb" */
  char   *shortcut;      /* a single key name such as "1" or "p", or NULL */
  char   *description;   /* nullable */
  int     position;      /* order in the codebook, 0-based */
  char   *created;       /* ISO 8601 UTC, e.g. 2026-11-28T17:46:23.123Z */
  char   *modified;
} GlossLabel;

typedef struct {
  char   *id;            /* UUID */
  char   *title;
  char   *text;          /* full stored text; NULL in listings that do not load it */
  char   *source;        /* path or URL it came from, nullable */
  char   *format;        /* "txt", "md", "html", "paste", "json" ... */
  char   *sha256;        /* of the UTF-8 text */
  char   *imported;      /* time of import */
  char   *metadata;      /* JSON object text, nullable */
  gint64  length;        /* length of text in Unicode code points */
  gint64  n_annotations; /* live annotations, filled by listings */
  char   *created;
  char   *modified;
} GlossDocument;

typedef struct {
  char   *id;            /* UUID */
  char   *document_id;   /* UUID of the document */
  char   *label_id;      /* UUID of the label */
  char   *label_name;    /* for display; filled by queries */
  gint64  start;         /* code points, inclusive */
  gint64  end;           /* code points, exclusive */
  char   *quote;         /* exact text [start, end) */
  char   *prefix;        /* up to GLOSS_CONTEXT_CHARS code points before start */
  char   *suffix;        /* up to GLOSS_CONTEXT_CHARS code points after end */
  char   *note;          /* nullable */
  char   *annotator;     /* name, nullable */
  char   *created;
  char   *modified;
} GlossAnnotation;

/* How much context each annotation keeps on each side, in code points
 * (W3C TextQuoteSelector prefix/suffix). */
#define GLOSS_CONTEXT_CHARS 32

typedef struct {
  char   *document_id;
  char   *title;
  gint64  start;
  gint64  end;
  char   *snippet;
} GlossSearchHit;

typedef struct {
  char   *id;
  char   *name;
  char   *created;
  char   *modified;
} GlossAnnotator;

GlossLabel      *gloss_label_copy          (const GlossLabel *label);
void             gloss_label_free          (GlossLabel *label);
GlossDocument   *gloss_document_copy       (const GlossDocument *document);
void             gloss_document_free       (GlossDocument *document);
GlossAnnotation *gloss_annotation_copy     (const GlossAnnotation *annotation);
void             gloss_annotation_free     (GlossAnnotation *annotation);
void             gloss_search_hit_free     (GlossSearchHit *hit);
void             gloss_annotator_free      (GlossAnnotator *annotator);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossLabel, gloss_label_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossDocument, gloss_document_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossAnnotation, gloss_annotation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossSearchHit, gloss_search_hit_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossAnnotator, gloss_annotator_free)

G_END_DECLS

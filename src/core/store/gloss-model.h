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
  /* Document properties (schema 3), each nullable. */
  char   *reliability;   /* source reliability, Admiralty "A".."F" */
  char   *author;
  char   *publisher;
  char   *published;     /* publication date, YYYY-MM-DD */
  char   *url;
  char   *tlp;           /* handling marking: CLEAR, GREEN, AMBER, AMBER+STRICT, RED */
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
  char   *entity_id;     /* UUID of the entity this annotation mentions, nullable */
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

/* Source reliability (Admiralty code, A to F) and TLP 2.0 handling markings. */
gboolean    gloss_reliability_is_valid    (const char *code);
const char *gloss_reliability_describe    (const char *code);   /* "usually reliable"; NULL if unknown */
gboolean    gloss_tlp_is_valid            (const char *marking);

/* The types a label field can have. Stored as these strings. */
#define GLOSS_FIELD_TYPE_CHOICE  "choice"
#define GLOSS_FIELD_TYPE_TEXT    "text"
#define GLOSS_FIELD_TYPE_NUMBER  "number"
#define GLOSS_FIELD_TYPE_SCALE   "scale"
#define GLOSS_FIELD_TYPE_DATE    "date"
#define GLOSS_FIELD_TYPE_BOOLEAN "boolean"
#define GLOSS_FIELD_TYPE_ENTITY  "entity"

gboolean gloss_field_type_is_valid (const char *type);

/* One option of a choice field, or the name of one point of a scale. */
typedef struct {
  char   *value;         /* what is stored: "likely", or "4" on a scale */
  char   *label;         /* longer text shown with it ("55-80%", "major"), nullable */
  char   *colour;        /* "#rrggbb", nullable */
} GlossFieldOption;

/* A typed field that annotations of a label carry. */
typedef struct {
  char      *id;         /* UUID */
  char      *label_id;   /* UUID of its label */
  char      *name;       /* unique within the label, case-insensitive */
  char      *type;       /* GLOSS_FIELD_TYPE_* */
  GPtrArray *options;    /* GlossFieldOption*, in order; choice and scale */
  gboolean   has_min;
  double     min;        /* number and scale */
  gboolean   has_max;
  double     max;
  gboolean   required;
  char      *description;  /* nullable */
  int        position;   /* order within the label, 0-based */
  char      *created;
  char      *modified;
} GlossField;

/* A value of one field on one annotation, as stored (canonical text). */
typedef struct {
  char   *field_id;
  char   *field_name;
  char   *value;
  char   *modified;
} GlossFieldValue;

/* A project-wide entity: a person, organisation, place... that mentions link to. */
typedef struct {
  char   *id;            /* UUID */
  char   *name;          /* canonical name */
  char   *label_id;      /* its type: an entity label */
  char   *label_name;    /* filled by queries */
  char  **aliases;       /* NULL-terminated, never NULL */
  char   *description;   /* nullable */
  char   *external_ref;  /* a Wikidata id or URL, nullable */
  gint64  n_mentions;    /* live annotations linked to it, filled by listings */
  gint64  n_documents;   /* documents with at least one mention, filled by listings */
  char   *created;
  char   *modified;
} GlossEntity;

/* A type of link between annotations, defined in the codebook. */
typedef struct {
  char   *id;            /* UUID */
  char   *name;          /* "attributed to" */
  char   *description;   /* nullable */
  char  **from_labels;   /* ids of labels allowed at the source; NULL: any */
  char  **to_labels;     /* ids of labels allowed at the target; NULL: any */
  int     position;
  char   *created;
  char   *modified;
} GlossRelationType;

/* A typed link from one annotation to another, possibly in another document, or to
 * an entity of the register (schema 11): exactly one of to_id and to_entity_id is set. */
typedef struct {
  char   *id;            /* UUID */
  char   *type_id;
  char   *type_name;     /* filled by queries */
  char   *from_id;       /* source annotation */
  char   *from_document_id;
  char   *from_quote;
  char   *to_id;         /* target annotation, NULL when the target is an entity */
  char   *to_document_id;
  char   *to_quote;
  char   *to_entity_id;  /* target entity, NULL when the target is an annotation */
  char   *to_entity_name;
  char   *annotator;     /* name, nullable */
  char   *created;
  char   *modified;
} GlossRelation;

GlossLabel      *gloss_label_copy          (const GlossLabel *label);
void             gloss_label_free          (GlossLabel *label);
GlossDocument   *gloss_document_copy       (const GlossDocument *document);
void             gloss_document_free       (GlossDocument *document);
GlossAnnotation *gloss_annotation_copy     (const GlossAnnotation *annotation);
void             gloss_annotation_free     (GlossAnnotation *annotation);
void             gloss_search_hit_free     (GlossSearchHit *hit);
void             gloss_annotator_free      (GlossAnnotator *annotator);

GlossFieldOption *gloss_field_option_new   (const char *value, const char *label, const char *colour);
GlossFieldOption *gloss_field_option_copy  (const GlossFieldOption *option);
void             gloss_field_option_free   (GlossFieldOption *option);
GlossField      *gloss_field_new           (void);   /* empty, with an empty options array */
GlossField      *gloss_field_copy          (const GlossField *field);
void             gloss_field_free          (GlossField *field);
void             gloss_field_value_free    (GlossFieldValue *value);
GlossEntity     *gloss_entity_copy         (const GlossEntity *entity);
void             gloss_entity_free         (GlossEntity *entity);
GlossRelationType *gloss_relation_type_copy (const GlossRelationType *type);
void             gloss_relation_type_free  (GlossRelationType *type);
void             gloss_relation_free       (GlossRelation *relation);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossLabel, gloss_label_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossFieldOption, gloss_field_option_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossField, gloss_field_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossFieldValue, gloss_field_value_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossEntity, gloss_entity_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossRelationType, gloss_relation_type_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossRelation, gloss_relation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossDocument, gloss_document_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossAnnotation, gloss_annotation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossSearchHit, gloss_search_hit_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossAnnotator, gloss_annotator_free)

G_END_DECLS

/* gloss-entities.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The entity register: project-wide records of the people, organisations, places and
 * events that texts mention. An entity has a canonical name, a type (an entity label),
 * aliases, a description and an external reference; a mention is an annotation linked
 * to it. Names and aliases are matched without regard to case or punctuation
 * ("U.S. Navy" finds "US navy", "Zoe" finds "Zoë").
 */
#pragma once

#include "gloss-store.h"

G_BEGIN_DECLS

/* The key names are compared by: letters and digits only, case-folded, accents
 * dropped. */
char        *gloss_entity_match_key        (const char   *name);
/* Whether @key (a match key) is part of the key of the entity's name or of one of
 * its aliases (an empty key is part of every one): the entity pickers' search.
 * @exact (or NULL): set to whether @key is the whole of one of them. */
gboolean     gloss_entity_matches_key      (const GlossEntity *entity,
                                            const char        *key,
                                            gboolean          *exact);

/* Live entities, by type then name, with mention and document counts. @label_id:
 * only entities of this type (NULL: all). GlossEntity*. */
GPtrArray   *gloss_store_list_entities     (GlossStore   *self,
                                            const char   *label_id,
                                            GError      **error);
GlossEntity *gloss_store_get_entity        (GlossStore   *self,
                                            const char   *id,
                                            GError      **error);
/* The entity whose name or an alias matches @name (see gloss_entity_match_key()),
 * among entities of @label_id (NULL: any type). NULL + NOT_FOUND when none; NULL +
 * INVALID naming them when several match. */
GlossEntity *gloss_store_find_entity       (GlossStore   *self,
                                            const char   *name,
                                            const char   *label_id,
                                            GError      **error);
/* The same as an id, reading no entity; *@several when more than one matches. */
char        *gloss_store_find_entity_id    (GlossStore   *self,
                                            const char   *name,
                                            const char   *label_id,
                                            gboolean     *several,
                                            GError      **error);
/* @label_id must be an entity label; the name must not match another entity of that
 * type (DUPLICATE). @aliases may be NULL. */
GlossEntity *gloss_store_add_entity        (GlossStore   *self,
                                            const char   *name,
                                            const char   *label_id,
                                            const char * const *aliases,
                                            const char   *description,
                                            const char   *external_ref,
                                            GError      **error);
/* Writes name, type, aliases, description and external reference of @entity (by id). */
gboolean     gloss_store_update_entity     (GlossStore        *self,
                                            const GlossEntity *entity,
                                            GError           **error);
gboolean     gloss_store_rename_entity     (GlossStore   *self,
                                            const char   *id,
                                            const char   *name,
                                            GError      **error);
gboolean     gloss_store_set_entity_aliases (GlossStore  *self,
                                            const char   *id,
                                            const char * const *aliases,
                                            GError      **error);
/* Deleting keeps a tombstone. Refused (IN_USE) while annotations mention it. */
/* A one-word mention ("Brandt") names the one entity whose name ends in it. */
GlossEntity *gloss_store_find_entity_by_surname (GlossStore *self,
                                                 const char *name,
                                                 const char *label_id,
                                                 GError    **error);
gboolean     gloss_store_delete_entity     (GlossStore   *self,
                                            const char   *id,
                                            GError      **error);
/* Brings back an entity deleted by gloss_store_delete_entity() (redo of a tag that created it). */
gboolean     gloss_store_restore_entity    (GlossStore   *self,
                                            const char   *id,
                                            GError      **error);

/* The id of the entity a tagged mention names (name or alias, else a one-word
 * surname), NULL when none; *@ambiguous when several match. Reads no entity. */
char        *gloss_store_resolve_mention   (GlossStore   *self,
                                            const char   *mention,
                                            const char   *label_id,
                                            gboolean     *ambiguous,
                                            GError      **error);
/* Links an annotation created in the current transaction, as part of its creation
 * (no history entry of its own). */
gboolean     gloss_store_link_created_annotation (GlossStore *self,
                                            const char   *annotation_id,
                                            const char   *entity_id,
                                            GError      **error);
/* Links an annotation to an entity (NULL @entity_id unlinks). The entity's type must
 * be the annotation's label. */
gboolean     gloss_store_set_annotation_entity (GlossStore *self,
                                            const char   *annotation_id,
                                            const char   *entity_id,
                                            GError      **error);
/* Live annotations that mention the entity, in document and text order. */
GPtrArray   *gloss_store_list_mentions     (GlossStore   *self,
                                            const char   *entity_id,
                                            GError      **error);   /* GlossAnnotation* */

/* What merging changed, to undo it exactly. */
typedef struct {
  char  *keep_id;
  char  *other_id;
  char **keep_aliases;       /* the kept entity's aliases before */
  char  *keep_description;   /* ... description and external reference before */
  char  *keep_external_ref;
  char  *keep_modified;
  char **annotation_ids;     /* mentions moved from other to keep */
  char **value_annotation_ids;  /* entity field values moved: annotation ... */
  char **value_field_ids;       /* ... and field, pairwise */
} GlossEntityMerge;

void              gloss_entity_merge_free (GlossEntityMerge *merge);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossEntityMerge, gloss_entity_merge_free)

/* Merges @other_id into @keep_id in one transaction: every mention and every entity
 * field value that referred to the other follows, the other's name and aliases become
 * aliases of the kept one, an empty description or reference is filled from the other,
 * and the other becomes a tombstone. Both must have the same type. */
GlossEntityMerge *gloss_store_merge_entities   (GlossStore   *self,
                                                const char   *keep_id,
                                                const char   *other_id,
                                                GError      **error);
/* Undoes a merge: the other entity, its mentions and values come back as they were. */
gboolean          gloss_store_unmerge_entities (GlossStore             *self,
                                                const GlossEntityMerge *merge,
                                                GError                **error);

/* An occurrence of an entity's name or alias that no annotation of its type covers. */
typedef struct {
  char   *document_id;
  char   *document_title;
  gint64  start;             /* code points */
  gint64  end;
  char   *quote;
  char   *matched;           /* the name or alias it matched */
  char   *entity_id;         /* the entity it names */
} GlossMention;

void         gloss_mention_free            (GlossMention *mention);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossMention, gloss_mention_free)

/* Whole-word occurrences, ignoring case and accents, of the entity's name and aliases in one
 * document (or all when @document_id is NULL) that do not overlap an annotation with
 * the entity's label; where two overlap the longer is kept. GlossMention*. */
GPtrArray   *gloss_store_find_unannotated_mentions (GlossStore *self,
                                            const char   *entity_id,
                                            const char   *document_id,
                                            GError      **error);
/* The same for every live entity (of @label_id, or all types when NULL) at once, in
 * one pass over each text with all their names and aliases (a multi-pattern matcher
 * over the register's match keys): each mention names its entity_id. A name or alias
 * two entities share is left out. GlossMention*. */
GPtrArray   *gloss_store_find_all_unannotated_mentions (GlossStore *self,
                                            const char   *label_id,
                                            const char   *document_id,
                                            GError      **error);
/* Creates an annotation with the entity's label, linked to the entity, for each of
 * @mentions (the accepted ones), in one transaction. Returns the new annotations.
 * @entity_id NULL: each mention's own entity_id (what
 * gloss_store_find_all_unannotated_mentions() gives). */
GPtrArray   *gloss_store_annotate_mentions (GlossStore   *self,
                                            const char   *entity_id,
                                            GPtrArray    *mentions,
                                            const char   *annotator,
                                            GError      **error);   /* GlossAnnotation* */

G_END_DECLS

/* gloss-entity-key-rows.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Kinds of match key: a name, an alias, the last word of a name. */
#define GLOSS_ENTITY_KEY_NAME      0
#define GLOSS_ENTITY_KEY_ALIAS     1
#define GLOSS_ENTITY_KEY_LAST_WORD 2

typedef struct {
  int    kind;
  char  *text;     /* the name, alias or word as written, trimmed */
  char  *key;      /* gloss_match_key() of it, never empty */
  gint64 entity;   /* filled in by whoever keeps the rows */
  gint64 label;
} GlossKeyRow;

/* The key rows of an entity named @name with @aliases (or, when %NULL, @aliases_json:
 * a JSON array of strings, anything else reading as no aliases, as the model reads
 * it); a repeated (kind, text) is one row. An array of GlossKeyRow that frees them. */
GArray *gloss_entity_key_rows (const char         *name,
                               const char         *aliases_json,
                               const char * const *aliases);

G_END_DECLS

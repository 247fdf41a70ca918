/* gloss-json-tree.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Containers nest at most this deep in what gloss_json_tree_read() takes. */
#define GLOSS_JSON_TREE_MAX_DEPTH 64

/* Reads @text (NUL-terminated) into *@root (transfer full) when it is JSON this reader
 * takes exactly as json-glib would (see gloss-json-tree.c); FALSE, with *@root NULL,
 * for anything else, which the caller gives to json-glib. */
gboolean gloss_json_tree_read (const char *text, JsonNode **root);

/* Node types, value types, values and member order all alike. */
gboolean gloss_json_tree_same (JsonNode *a, JsonNode *b);

G_END_DECLS

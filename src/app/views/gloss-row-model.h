/* gloss-row-model.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A list model over an array of plain rows (GlossClaimRow, GlossRiskRow...) read in
 * one query. It makes the GlossRowItem of a row the first time a view asks for it
 * and keeps it, so that a table of tens of thousands of claims costs one struct per
 * row until it is sorted or filtered, and never a widget per row. An item keeps the
 * array alive: a row stays valid for as long as someone holds its item, even after
 * the model was given new rows.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How many sort keys an item can cache (one per sortable text column). */
#define GLOSS_ROW_ITEM_MAX_KEYS 8

#define GLOSS_TYPE_ROW_ITEM (gloss_row_item_get_type ())
G_DECLARE_FINAL_TYPE (GlossRowItem, gloss_row_item, GLOSS, ROW_ITEM, GObject)

/* The row (borrowed, valid while the item lives). */
gpointer    gloss_row_item_get_row        (GlossRowItem *self);
/* A collation key for @text, computed on first use and cached in slot @column;
 * "" for NULL text. The caller always passes the same text for a slot. */
const char *gloss_row_item_get_sort_key   (GlossRowItem *self,
                                           guint         column,
                                           const char   *text);
/* What a search matches, casefolded: the @n_texts @texts (each nullable) joined,
 * computed on first use. */
const char *gloss_row_item_get_search_text (GlossRowItem       *self,
                                            const char * const *texts,
                                            guint               n_texts);

#define GLOSS_TYPE_ROW_MODEL (gloss_row_model_get_type ())
G_DECLARE_FINAL_TYPE (GlossRowModel, gloss_row_model, GLOSS, ROW_MODEL, GObject)

GlossRowModel *gloss_row_model_new      (void);
/* Replaces the rows (a GPtrArray of structs; the model takes a reference). NULL
 * empties the model. */
void           gloss_row_model_set_rows (GlossRowModel *self,
                                         GPtrArray     *rows);
GPtrArray     *gloss_row_model_get_rows (GlossRowModel *self);

/* Casefolds @text for a search; NULL for NULL or an empty text. */
char          *gloss_row_fold           (const char    *text);

G_END_DECLS

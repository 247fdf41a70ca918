/* gloss-view-common.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the project views (Claims, Risk register, Entities) share: each is closed
 * when the main window lets go of the project it was opened on (the main window
 * keeps one of each and hears their signals: they know nothing of it); and what
 * the tables need of the codebook to show and sort field values: the
 * order of a choice's options ("likely" comes after "unlikely", not before it as
 * the alphabet has it) and their longer names ("4" is "likely" on a risk's scale).
 * Field definitions are read once per label and field name and kept.
 */
#pragma once

#include <adwaita.h>
#include "gloss-store.h"

G_BEGIN_DECLS

typedef struct _GlossViewFields GlossViewFields;

GlossViewFields  *gloss_view_fields_new      (GlossStore      *store);
void              gloss_view_fields_free     (GlossViewFields *self);
/* Forgets what was read (after the codebook changed). */
void              gloss_view_fields_clear    (GlossViewFields *self);
/* The field @name of label @label_id, or NULL. Borrowed. */
const GlossField *gloss_view_fields_lookup   (GlossViewFields *self,
                                              const char      *label_id,
                                              const char      *name);
/* 1-based position of @value among the field's options; 0 when not set or unknown. */
int               gloss_view_fields_rank     (GlossViewFields *self,
                                              const char      *label_id,
                                              const char      *name,
                                              const char      *value);
/* "@value (@label)" for an option with a longer name ("likely (55-80%)",
 * "2 – probably true"), else @value; NULL for NULL. */
char             *gloss_view_fields_describe (GlossViewFields *self,
                                              const char      *label_id,
                                              const char      *name,
                                              const char      *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossViewFields, gloss_view_fields_free)

typedef void     (*GlossViewReloadFunc)     (gpointer         view);
/* Whether a change of @kind concerns @view (NULL: every change does). */
typedef gboolean (*GlossViewWantsFunc)      (gpointer         view,
                                              GlossChangeKind  kind);

/* Follows @store for @view: closes @view when @store is finalized (the main window
 * opened another project, and a view of the old one must not stay behind), and calls
 * @reload (with @view) at the next idle after @store changes, once however many
 * changes came before it (a merge or the undo of a thousand rows reloads once).
 * @wants, if not NULL, picks the changes that matter. @reload may be NULL for a view
 * whose widgets follow the store themselves. */
void              gloss_view_watch_store     (GtkWindow          *view,
                                              GlossStore         *store,
                                              GlossViewReloadFunc reload,
                                              GlossViewWantsFunc  wants);
/* Stops following @store (from the view's dispose): no reload comes after this. */
void              gloss_view_unwatch_store   (GtkWindow       *view,
                                              GlossStore      *store);
/* Drops a reload that is waiting (the view is reloading now, at once). */
void              gloss_view_cancel_reload   (GtkWindow       *view);
/* Who is stamped on annotations the views create (Preferences' analyst name). */
char             *gloss_view_dup_annotator   (void);
/* Loads the views' style sheet for the default display, once. */
void              gloss_view_load_css        (void);
/* A table column's width: @width, or wider when its translated @title (bold, as
 * headers are drawn, with room for the sort arrow) would not fit in it. */
int               gloss_view_column_width    (GtkWidget       *table,
                                              const char      *title,
                                              int              width);

/* Writes @format to a file the user chooses (named @file_name to begin with), by
 * calling @export with @window; the outcome (@done, or the error) is a toast in
 * @toasts. For the analysis windows' Export menus. */
typedef gboolean (*GlossViewExportFunc) (GtkWindow   *window,
                                         const char  *format,
                                         const char  *path,
                                         GError     **error);
void              gloss_view_export_to_chosen_file (GtkWindow           *window,
                                                    AdwToastOverlay     *toasts,
                                                    const char          *title,
                                                    const char          *file_name,
                                                    const char          *format,
                                                    GlossViewExportFunc  export,
                                                    const char          *done);

/* The window's background, under an exported picture: a file has no window behind it. */
void              gloss_view_get_export_background (GdkRGBA *background);
/* Writes what @draw draws of @view at its size, over the export background, to a PNG
 * at @path (rendered by the view's renderer; written beside @path and renamed over
 * it). @not_shown: the error's message when the view is not shown. */
typedef void     (*GlossViewDrawFunc)       (GtkWidget   *view,
                                             GtkSnapshot *snapshot,
                                             double       width,
                                             double       height);
gboolean          gloss_view_save_png       (GtkWidget          *view,
                                             GlossViewDrawFunc   draw,
                                             const char         *not_shown,
                                             const char         *path,
                                             GError            **error);

G_END_DECLS

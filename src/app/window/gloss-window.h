/* gloss-window.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window: a welcome page, or one open project with its documents on the
 * left, the article in the middle and its annotations on the right.
 */
#pragma once

#include <adwaita.h>
#include "gloss-store.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_WINDOW (gloss_window_get_type ())
G_DECLARE_FINAL_TYPE (GlossWindow, gloss_window, GLOSS, WINDOW, AdwApplicationWindow)

GlossWindow *gloss_window_new          (GtkApplication *application);
/* Opens the project at @path in this window (replacing the one shown). On failure
 * shows the reason in a dialog and returns FALSE. */
gboolean     gloss_window_open_path    (GlossWindow    *self,
                                        const char     *path);
/* Shows @store (a project already open); NULL shows the welcome page. */
void         gloss_window_set_store    (GlossWindow    *self,
                                        GlossStore     *store);
GlossStore  *gloss_window_get_store    (GlossWindow    *self);
/* Opens (building it first if needed) the sample project in the user data dir. */
void         gloss_window_open_sample  (GlossWindow    *self);

G_END_DECLS

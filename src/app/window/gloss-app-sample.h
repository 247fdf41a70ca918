/* gloss-app-sample.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where the app finds the bundled sample articles and keeps the sample project
 * built from them. Both the application (gloss --sample, app.open-sample) and the
 * window's welcome page (win.open-sample) use it, so that the window needs nothing
 * from GlossApplication.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where the bundled sample articles are: the source tree when run uninstalled. */
char *gloss_app_sample_dup_dir         (void);
/* Path of the sample project in the user data dir, built first if missing. */
char *gloss_app_sample_ensure_project  (GError **error);

G_END_DECLS

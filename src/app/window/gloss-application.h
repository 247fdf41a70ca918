/* gloss-application.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GLOSS_TYPE_APPLICATION (gloss_application_get_type ())
G_DECLARE_FINAL_TYPE (GlossApplication, gloss_application, GLOSS, APPLICATION, AdwApplication)

GlossApplication *gloss_application_new (void);

/* Where the bundled sample articles are: the source tree when run uninstalled. */
char *gloss_application_dup_samples_dir      (void);
/* Path of the sample project in the user data dir, built first if missing. */
char *gloss_application_ensure_sample_project (GError **error);

G_END_DECLS

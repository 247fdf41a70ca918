/* gloss-sample.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Builds the sample project shown to new users: the bundled articles in
 * data/samples and a handful of demonstration annotations: entity mentions linked to
 * the register, claims with their fields and speakers, risks with likelihood and
 * impact, links between them, and each article's source details.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Creates a project at @path (which must not exist) named "Sample", imports every
 * .txt, .md and .html file of @samples_dir (README.md excepted, in name order) and
 * annotates a few quotes found in them, stamped with @annotator (nullable).
 * Quotes that a sample no longer contains are skipped. On failure the partly
 * written file is removed. */
gboolean gloss_sample_project_create (const char  *path,
                                      const char  *samples_dir,
                                      const char  *annotator,
                                      GError     **error);

G_END_DECLS

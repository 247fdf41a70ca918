/* gloss-codebook-names.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the app shows for a name of the bundled codebook ("likelihood", "almost
 * certain", "attributed to"): its translation, or the name itself.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *gloss_codebook_name (const char *name);

G_END_DECLS

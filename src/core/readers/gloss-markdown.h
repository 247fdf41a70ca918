/* gloss-markdown.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *gloss_markdown_to_text (const char *md,
                              gsize       len,
                              char      **first_heading);

G_END_DECLS

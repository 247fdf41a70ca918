/* gloss-report.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A self-contained HTML report of a project (or a scope of it) for people who only
 * read: inline CSS, no scripts, printable.
 */
#pragma once

#include <gio/gio.h>
#include "gloss-scope.h"
#include "gloss-store.h"

G_BEGIN_DECLS

#define GLOSS_REPORT_ERROR (gloss_report_error_quark ())
GQuark gloss_report_error_quark (void);

typedef enum {
  GLOSS_REPORT_ERROR_FAILED,
} GlossReportError;

gboolean gloss_report_export (GlossStore        *store,
                              const GlossScope  *scope,
                              GOutputStream     *out,
                              GPtrArray         *warnings,
                              GCancellable      *cancellable,
                              GError           **error);

G_END_DECLS

/* gloss-csv.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CSV export for spreadsheets: RFC 4180, UTF-8, CRLF line endings, one row per
 * annotation in document then text order, with the header
 *
 *   document,title,start,end,quote,label,note,annotator,created,modified,id,entity,entity_id,page,
 *   author,publisher,published,url,reliability,tlp
 *
 * followed by one column per typed field of the labels in scope, named "Label.field"
 * ("Claim.likelihood", "Risk.likelihood": two labels may have fields of the same
 * name), in codebook and field order; a value of an entity field is the entity's name.
 * entity and entity_id name the entity an annotation is linked to. author to tlp are
 * the document's source details (publication date YYYY-MM-DD, source reliability
 * A-F, TLP marking), repeated on each of its rows. Relations and the entity
 * register's details are left out (and a warning says so).
 *
 * start and end count Unicode code points, start included, end excluded. page is the
 * page ("12", or "12-13" across a page break) of a span in a PDF or scan, empty
 * in a document without pages.
 *
 * Spreadsheet apps run a cell that begins with "=", "+", "@" (and some a tab or a
 * carriage return) as a formula ("CSV injection"). Such a field is written with a
 * single quote "'" in front, which spreadsheets show as plain text; the export then
 * adds a warning saying so. A leading "-" is left alone: analysts' text often starts
 * with one ("-5 %", "- bullet"), and changing it would damage more than it protects.
 */
#pragma once

#include <gio/gio.h>
#include "gloss-scope.h"
#include "gloss-store.h"

G_BEGIN_DECLS

#define GLOSS_CSV_ERROR (gloss_csv_error_quark ())
GQuark gloss_csv_error_quark (void);

typedef enum {
  GLOSS_CSV_ERROR_FAILED,
} GlossCsvError;

gboolean gloss_csv_export (GlossStore         *store,
                           const GlossScope   *scope,
                           GOutputStream      *out,
                           gboolean            bom,
                           GPtrArray          *warnings,
                           GCancellable       *cancellable,
                           GError            **error);

/* Appends one RFC 4180 field to @buf (a comma before it unless @first), with a
 * leading ' where a spreadsheet would run it as a formula (with @protect_dash also
 * before a "-" not followed by a digit). Returns whether it added one. For the other
 * CSV writers of the core (timeline, link chart). */
gboolean gloss_csv_append_field (GString    *buf,
                                 const char *value,
                                 gboolean    first,
                                 gboolean    protect_dash);

G_END_DECLS

/* gloss-scope-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How the exporters apply a GlossScopeSql in SQL: one condition and one binding, so
 * that every format selects exactly the same annotations.
 */
#pragma once

#include <sqlite3.h>

#include "gloss-scope.h"
#include "gloss-store-private.h"

G_BEGIN_DECLS

/* The scope's filters on one annotation (alias @a), its document (@d), label (@l)
 * and annotator (@p), with parameters ?1 to ?5 bound by gloss_scope_sql_bind(). */
#define GLOSS_SCOPE_SQL_WHERE(a, d, l, p) \
  a ".deleted = 0 AND " d ".deleted = 0 AND " l ".deleted = 0 " \
  "AND (?1 IS NULL OR " d ".id IN (SELECT value FROM json_each (?1))) " \
  "AND (?2 IS NULL OR " l ".id IN (SELECT value FROM json_each (?2))) " \
  "AND (?3 IS NULL OR " p ".name IN (SELECT value FROM json_each (?3))) " \
  "AND (?4 IS NULL OR " a ".created >= ?4) " \
  "AND (?5 IS NULL OR " a ".created < ?5) "

static inline void
gloss_scope_sql_bind (sqlite3_stmt        *stmt,
                      const GlossScopeSql *sql)
{
  gloss_bind_text (stmt, 1, sql->document_ids);
  gloss_bind_text (stmt, 2, sql->label_ids);
  gloss_bind_text (stmt, 3, sql->annotators);
  gloss_bind_text (stmt, 4, sql->since);
  gloss_bind_text (stmt, 5, sql->until);
}

G_END_DECLS

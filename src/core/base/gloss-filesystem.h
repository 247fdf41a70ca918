/* gloss-filesystem.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whether the file system a project is on lets SQLite lock it safely. SQLite's WAL
 * mode keeps its index in a memory-mapped -shm file and relies on POSIX locks;
 * neither works across machines on a network filesystem
 * (https://www.sqlite.org/wal.html, "WAL does not work over a network filesystem";
 * https://www.sqlite.org/howtocorrupt.html section 2.1). The store opens a project
 * found on one for reading only and refuses to create one there.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Set to 1 to make gloss_filesystem_unsafe_reason() treat every path as on a
 * network share (for tests and for trying the read-only mode). */
#define GLOSS_FILESYSTEM_PRETEND_ENV "GLOSS_TEST_PRETEND_NETWORK_FS"

char *gloss_filesystem_unsafe_reason (const char *path);

G_END_DECLS

/* fuzz-common.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What every fuzz harness shares: a temporary folder of its own process, files
 * written there from the fuzz input, and a fresh project to import into. The
 * harnesses are built twice: with libFuzzer (tools/fuzz.sh) and with replay-main.c,
 * which feeds them the corpus and the past crashes in `meson test --suite fuzz`.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "gloss-store.h"

G_BEGIN_DECLS

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);

/* Once per process: quiet logging (a CRITICAL or an ERROR still aborts, since either
 * means Gloss called GLib wrongly on this input), the temporary folder, and the
 * template project that gloss_fuzz_new_store() copies. */
void        gloss_fuzz_init         (void);
/* The process's own temporary folder, removed at exit. */
const char *gloss_fuzz_dir          (void);
/* Writes @data to @name in the temporary folder; returns the path (transfer full). */
char       *gloss_fuzz_write_file   (const char    *name,
                                     const uint8_t *data,
                                     size_t         size);
/* A fresh project with the default codebook, a copy of one made at start-up
 * (creating one takes ten times longer than opening a copy). */
GlossStore *gloss_fuzz_new_store    (void);
/* Closes @store and deletes its file with its -wal, -shm and -journal. */
void        gloss_fuzz_drop_store   (GlossStore    *store);
/* Deletes @path, a file or a folder with everything in it, and any -wal/-shm/-journal. */
void        gloss_fuzz_remove       (const char    *path);

G_END_DECLS

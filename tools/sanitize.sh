#!/bin/sh
# sanitize.sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The sanitizer job: builds the core, the command-line tool and the tests with
# AddressSanitizer and UndefinedBehaviorSanitizer (gcc, no GTK app) in ./build-asan
# and runs the core and CLI tests and the fuzz corpora (tests/fuzz) under them. The
# first error stops a test and fails it, a leak included; the leaks that GLib makes
# once per process on purpose are suppressed by tests/lsan.supp, Gloss's never.
# Ends with the line "N passed, N failed".
#
#   tools/sanitize.sh [--build-dir DIR] [MESON-TEST-ARGS...]
set -u
cd "$(dirname "$0")/.."
root=$(pwd)

build=build-asan
case "${1:-}" in
  --build-dir) build=$2; shift 2 ;;
  --build-dir=*) build=${1#*=}; shift ;;
esac

sh tools/deps.sh --sanitize || exit 1
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" -Dapp=false -Db_sanitize=address,undefined -Db_lundef=false \
    -Dc_args=-fno-omit-frame-pointer || exit 1
fi
# A stale log must not be counted if the build fails.
rm -f "$build/meson-logs/testlog.json"
ninja -C "$build" || exit 1

# GLib is built without frame pointers: only the slow unwinder sees through it, and
# LeakSanitizer needs the whole stack of an allocation both to name Gloss's frame in a
# report and to match the suppressions (12 frames reach well into Gloss's code).
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=1:fast_unwind_on_malloc=0:malloc_context_size=12"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp:print_suppressions=0"
# GLib 2.74's slice allocator would hide allocations from AddressSanitizer.
export G_SLICE=always-malloc

# Slower under the sanitizers: give each test three times its usual time.
meson test -C "$build" --suite core --suite cli --suite fuzz --print-errorlogs \
  --num-processes 2 --timeout-multiplier 3 "$@"
status=$?

/usr/bin/python3 tools/tally.py "$build/meson-logs/testlog.json"
exit $status

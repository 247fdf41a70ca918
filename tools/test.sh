#!/bin/sh
# test.sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs what is missing, builds Gloss in ./build and runs every test: the core,
# the command-line tool, the JSON Schema check, the desktop files, and the GTK tests
# in a virtual X server. Ends with the line "N passed, N failed".
set -u
cd "$(dirname "$0")/.."

sh tools/deps.sh --test || exit 1
if [ ! -f build/build.ninja ]; then
  meson setup build || exit 1
fi
ninja -C build || exit 1

xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- \
  meson test -C build --print-errorlogs --num-processes 2 "$@"
status=$?

# Counted from meson's own log of this run, one line per test.
/usr/bin/python3 tools/tally.py build/meson-logs/testlog.json
exit $status

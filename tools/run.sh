#!/bin/sh
# run.sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Quick start: installs what is missing, builds Gloss in ./build and opens the
# workbench on the bundled sample project (a copy in ~/.local/share/gloss/).
set -eu
cd "$(dirname "$0")/.."

sh tools/deps.sh
[ -f build/build.ninja ] || meson setup build
ninja -C build

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run.sh: no display to show the window on (DISPLAY and WAYLAND_DISPLAY are unset)." >&2
  echo "run.sh: the build is in ./build; try: build/src/cli/gloss-cli --help" >&2
  exit 1
fi
exec build/src/app/gloss --sample "$@"

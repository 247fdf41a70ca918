#!/usr/bin/env bash
# screenshots.sh: renders the main window on the sample project, light and dark,
# to data/screenshots/main-light.png and main-dark.png.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# usage: tools/screenshots.sh [BUILD_DIR]   (default: build)
# needs: Xvfb, xdotool, ImageMagick (import), dbus-run-session
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
gloss=$build/src/app/gloss
out=$root/data/screenshots
[ -x "$gloss" ] || { echo "screenshots: build the app first ($gloss missing)" >&2; exit 1; }
for tool in Xvfb xdotool import dbus-run-session; do
  command -v "$tool" >/dev/null || { echo "screenshots: $tool is needed" >&2; exit 1; }
done
mkdir -p "$out"

width=1280 height=800
tmp=$(mktemp -d)
xpid="" apid=""
cleanup() {
  [ -n "$apid" ] && kill -- "-$apid" 2>/dev/null || true
  [ -n "$xpid" ] && kill "$xpid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# A private display.
for d in $(seq 90 140); do [ -e /tmp/.X11-unix/X$d ] || [ -e /tmp/.X$d-lock ] || break; done
Xvfb ":$d" -screen 0 "${width}x${height}x24" -nolisten tcp >/dev/null 2>&1 & xpid=$!
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$d" ] && break; sleep 0.1; done
export DISPLAY=":$d" GSK_RENDERER=cairo NO_AT_BRIDGE=1

shoot() {   # shoot SCHEME OUTPUT
  local scheme=$1 png=$2
  # Fresh settings and user data each time: the sample project is built anew.
  rm -rf "$tmp/config" "$tmp/data"
  mkdir -p "$tmp/config/glib-2.0/settings" "$tmp/data"
  cat > "$tmp/config/glib-2.0/settings/keyfile" <<KEYS
[org/example/Gloss]
analyst-name='Ada Analyst'
window-width=$width
window-height=$height
KEYS
  XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data GSETTINGS_BACKEND=keyfile \
  ADW_DEBUG_COLOR_SCHEME=$scheme LANGUAGE=${SCREENSHOT_LANGUAGE:-en} \
    setsid dbus-run-session -- "$gloss" --sample >/dev/null 2>&1 & apid=$!
  sleep 4
  # The article with the most annotations (second in the sidebar), then one annotation.
  xdotool mousemove 120 165 click 1; sleep 1
  xdotool mousemove 1040 140 click 1; sleep 1
  xdotool mousemove 120 600; sleep 2
  import -window root "$png"
  kill -- "-$apid" 2>/dev/null || true; wait "$apid" 2>/dev/null || true; apid=""
  echo "screenshots: wrote $png"
}

shoot prefer-light "$out/main-light.png"
shoot prefer-dark "$out/main-dark.png"

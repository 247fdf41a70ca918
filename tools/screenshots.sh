#!/usr/bin/env bash
# screenshots.sh: pictures of the running app on the sample project.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# usage: tools/screenshots.sh [BUILD_DIR]                 the README set in data/screenshots:
#                                                         main-light, main-dark, main-german, main-narrow
#        tools/screenshots.sh --review DIR [BUILD_DIR]    every window and popover reached by a key, in
#                                                         English and German, at 700 and 1600 px wide,
#                                                         as DIR/LANG-WIDTH-VIEW.png, to look at after GUI work
# needs: Xvfb, xdotool, ImageMagick (import), dbus-run-session
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
review=""
if [ "${1:-}" = "--review" ]; then review=$2; shift 2; fi
build=${1:-$root/build}
gloss=$build/src/app/gloss
[ -x "$gloss" ] || { echo "screenshots: build the app first ($gloss missing)" >&2; exit 1; }
for tool in Xvfb xdotool import dbus-run-session; do
  command -v "$tool" >/dev/null || { echo "screenshots: $tool is needed" >&2; exit 1; }
done

tmp=$(mktemp -d)
xpid="" apid=""
stop_app() {
  [ -n "$apid" ] && kill -- "-$apid" 2>/dev/null || true
  [ -n "$apid" ] && wait "$apid" 2>/dev/null || true
  apid=""
}
stop_display() {
  [ -n "$xpid" ] && kill "$xpid" 2>/dev/null || true
  [ -n "$xpid" ] && wait "$xpid" 2>/dev/null || true
  xpid=""
}
trap 'stop_app; stop_display; rm -rf "$tmp"' EXIT

# display WIDTH HEIGHT: a private display of that size.
display() {
  stop_display
  local d
  for d in $(seq 90 140); do [ -e /tmp/.X11-unix/X$d ] || [ -e /tmp/.X$d-lock ] || break; done
  Xvfb ":$d" -screen 0 "$1x$2x24" -nolisten tcp >/dev/null 2>&1 & xpid=$!
  for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$d" ] && break; sleep 0.1; done
  export DISPLAY=":$d" GSK_RENDERER=cairo NO_AT_BRIDGE=1
}

# shoot SCHEME LANGUAGE WIDTH HEIGHT OUTPUT [XDOTOOL-ARGS]...: the app on a fresh copy of the
# sample project with the busiest article and its first risk selected, then the keys given.
shoot() {
  local scheme=$1 lang=$2 width=$3 height=$4 png=$5
  shift 5
  rm -rf "$tmp/config" "$tmp/data"
  mkdir -p "$tmp/config/glib-2.0/settings" "$tmp/data"
  cat > "$tmp/config/glib-2.0/settings/keyfile" <<KEYS
[org/example/Gloss]
analyst-name='Ada Analyst'
window-width=$width
window-height=$height
KEYS
  XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data GSETTINGS_BACKEND=keyfile \
  ADW_DEBUG_COLOR_SCHEME=$scheme LANGUAGE=$lang GLOSS_ANNOTATOR='Ada Analyst' \
    setsid dbus-run-session -- "$gloss" --sample >/dev/null 2>&1 & apid=$!
  sleep 4
  if [ "$width" -ge 1000 ]; then
    # The article with the most annotations (second in the sidebar), then one annotation.
    xdotool mousemove 120 165 click 1; sleep 1
    xdotool mousemove $((width - 240)) 140 click 1; sleep 1
    xdotool mousemove 120 $((height - 200)); sleep 1
  fi
  local step
  for step in "$@"; do
    xdotool $step
    sleep 1.5
  done
  sleep 1
  import -window root "$png"
  stop_app
  echo "screenshots: wrote $png"
}

if [ -z "$review" ]; then
  out=$root/data/screenshots
  mkdir -p "$out"
  display 1280 800
  shoot prefer-light en 1280 800 "$out/main-light.png"
  shoot prefer-dark en 1280 800 "$out/main-dark.png"
  shoot prefer-light de 1280 800 "$out/main-german.png"
  display 700 800
  shoot prefer-light en 700 800 "$out/main-narrow.png"
  exit 0
fi

mkdir -p "$review"
for width in 700 1600; do
  height=$([ "$width" -ge 1000 ] && echo 1000 || echo 800)
  display "$width" "$height"
  for lang in en de; do
    p=$review/$lang-$width
    shoot prefer-light "$lang" "$width" "$height" "$p-main.png"
    shoot prefer-dark "$lang" "$width" "$height" "$p-main-dark.png"
    shoot prefer-light "$lang" "$width" "$height" "$p-claims.png" "key ctrl+shift+c"
    shoot prefer-light "$lang" "$width" "$height" "$p-risks.png" "key ctrl+shift+r"
    shoot prefer-light "$lang" "$width" "$height" "$p-entities.png" "key ctrl+shift+e"
    shoot prefer-light "$lang" "$width" "$height" "$p-timeline.png" "key ctrl+shift+t"
    shoot prefer-dark "$lang" "$width" "$height" "$p-graph-dark.png" "key ctrl+shift+l"
    shoot prefer-light "$lang" "$width" "$height" "$p-history.png" "key ctrl+h"
    shoot prefer-light "$lang" "$width" "$height" "$p-find.png" "key ctrl+f" "type --delay 80 the"
    shoot prefer-light "$lang" "$width" "$height" "$p-export.png" "key ctrl+e"
    shoot prefer-light "$lang" "$width" "$height" "$p-preferences.png" "key ctrl+comma"
    shoot prefer-light "$lang" "$width" "$height" "$p-menu.png" "key F10"
  done
done

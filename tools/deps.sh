#!/bin/sh
# deps.sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs, from Debian 12's packages, what Gloss needs to build, run and test, and
# only what is missing. Runs apt-get as root, or through sudo.
set -eu

packages="meson ninja-build pkg-config gcc libc6-dev
libglib2.0-dev libglib2.0-bin libsqlite3-dev libjson-glib-dev libxml2-dev libxml2-utils libarchive-dev
libgtk-4-dev libadwaita-1-dev gettext desktop-file-utils appstream
python3 python3-jsonschema"

if [ "${1:-}" = "--test" ]; then
  # Tests of the GUI run in a virtual X server with a session bus; one presses a key
  # with xdotool.
  packages="$packages xvfb xauth dbus dbus-bin xdotool"
fi

missing=""
for p in $packages; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

[ -z "$missing" ] && exit 0

echo "Installing:$missing"
if [ "$(id -u)" -eq 0 ]; then
  sudo=""
else
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing

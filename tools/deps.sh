#!/bin/sh
# deps.sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs, from Debian 12's packages, what Gloss needs to build, run and test, and
# only what is missing. Runs apt-get as root, or through sudo.
#
#   --test      also what the tests need (a virtual X server, a session bus, xdotool)
#   --sanitize  also the AddressSanitizer and UndefinedBehaviorSanitizer runtimes of gcc
#               (tools/sanitize.sh)
#   --fuzz      also clang with libFuzzer and llvm-symbolizer (tools/fuzz.sh)
set -eu

packages="meson ninja-build pkg-config gcc libc6-dev
libglib2.0-dev libglib2.0-bin libsqlite3-dev libjson-glib-dev libxml2-dev libxml2-utils libarchive-dev
libmd4c-dev libgmime-3.0-dev libsoup-3.0-dev
libpoppler-glib-dev libcairo2-dev libtesseract-dev libleptonica-dev tesseract-ocr-eng
libgtk-4-dev libadwaita-1-dev gettext desktop-file-utils appstream
python3 python3-jsonschema"

for flag in "$@"; do
  case "$flag" in
    --test)
      # Tests of the GUI run in a virtual X server with a session bus; one presses a key
      # with xdotool.
      # The accessibility test reads the app's controls over AT-SPI, as Orca does.
      # qpdf encrypts a PDF for the password tests; networkx reads the link chart's
      # GraphML and GEXF back, as Gephi's and Python's users will.
      packages="$packages qpdf xvfb xauth dbus dbus-bin xdotool at-spi2-core python3-pyatspi gir1.2-atspi-2.0 python3-networkx" ;;
    --sanitize)
      # gcc's own runtimes (gcc already pulls them in; named so that nothing relies on it).
      # qpdf: the PDF password test runs in this job too.
      packages="$packages libasan8 libubsan1 liblsan0 qpdf" ;;
    --fuzz)
      # libclang-rt-14-dev holds libFuzzer (libclang_rt.fuzzer) and clang's sanitizer
      # runtimes; llvm-14 holds llvm-symbolizer, for readable stack traces.
      packages="$packages clang-14 libclang-rt-14-dev llvm-14" ;;
    *)
      echo "deps.sh: unknown option $flag (expected --test, --sanitize or --fuzz)" >&2
      exit 2 ;;
  esac
done

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

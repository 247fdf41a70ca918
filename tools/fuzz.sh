#!/bin/sh
# fuzz.sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds the harnesses of tests/fuzz as libFuzzer binaries (clang, with AddressSanitizer
# and UndefinedBehaviorSanitizer) and runs each for a few minutes on a copy of its seed
# corpus. An input that crashes, leaks or hangs is saved in tests/fuzz/crashes/<harness>/,
# where `meson test --suite fuzz` replays it from then on. Ends with a table per harness:
# executions, executions per second, and libFuzzer's coverage (cov: edges, ft: features).
#
#   tools/fuzz.sh [--build-dir DIR] [--jobs N] [MINUTES] [HARNESS...]
#       MINUTES per harness (default 1; a decimal like 0.5 is fine); all harnesses by
#       default; DIR is ./build-fuzz by default; N harnesses run at once (default 2).
#   tools/fuzz.sh --report [--build-dir DIR]
#       prints the table of the last run again, from its logs in DIR/fuzz-logs.
set -u
cd "$(dirname "$0")/.."
root=$(pwd)

build=build-fuzz
jobs=2
minutes=1
report_only=0
harnesses=""
while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) build=$2; shift ;;
    --build-dir=*) build=${1#*=} ;;
    --jobs) jobs=$2; shift ;;
    --jobs=*) jobs=${1#*=} ;;
    --report) report_only=1 ;;
    -h|--help) sed -n '3,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    [0-9]*) minutes=$1 ;;
    *) harnesses="$harnesses $1" ;;
  esac
  shift
done
case "$build" in /*) ;; *) build="$root/$build" ;; esac
logs="$build/fuzz-logs"

all_harnesses=$(sed -n "/^fuzz_harnesses = \[/,/^\]/s/^ *'\([a-z0-9-]*\)',*$/\1/p" tests/fuzz/meson.build)
[ -n "$harnesses" ] || harnesses=$all_harnesses

report() {
  /usr/bin/python3 - "$logs" $harnesses <<'PY'
import os, re, sys
logs, names = sys.argv[1], sys.argv[2:]
rows = []
for name in names:
    path = os.path.join(logs, name + ".log")
    if not os.path.exists(path):
        rows.append((name, "-", "-", "-", "-", "-", "not run"))
        continue
    text = open(path, encoding="utf-8", errors="replace").read()
    stat = dict(re.findall(r"^stat::(\w+):\s*(\d+)", text, re.M))
    last = re.findall(r"^#(\d+)\s+\w+\s+cov: (\d+) ft: (\d+) corp: (\d+)/", text, re.M)
    execs, cov, ft, corp = last[-1] if last else ("-", "-", "-", "-")
    execs = stat.get("number_of_executed_units", execs)
    rate = stat.get("average_exec_per_sec", "-")
    m = re.search(r"^(?:artifact_prefix=.*; )?Test unit written to (\S+)", text, re.M)
    if m:
        result = "FOUND " + os.path.basename(m.group(1))
    elif "ERROR: libFuzzer" in text or "ERROR: AddressSanitizer" in text or "runtime error" in text:
        result = "FAILED (see %s)" % path
    elif "Done " in text or "DONE" in text:
        result = "ok"
    else:
        result = "incomplete"
    rows.append((name, execs, rate, cov, ft, corp, result))
head = ("harness", "executions", "exec/s", "cov", "ft", "corpus", "result")
widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
fmt = "  ".join("%%-%ds" % w if i in (0, 6) else "%%%ds" % w for i, w in enumerate(widths))
print(fmt % head)
for r in rows:
    print(fmt % r)
PY
}

if [ "$report_only" -eq 1 ]; then
  report
  exit 0
fi

sh tools/deps.sh --fuzz || exit 1

clang=$(command -v clang-14 || command -v clang)
symbolizer=$(command -v llvm-symbolizer-14 || command -v llvm-symbolizer || echo /usr/lib/llvm-14/bin/llvm-symbolizer)
if [ ! -f "$build/build.ninja" ]; then
  # The core is compiled with coverage instrumentation (fuzzer-no-link) so that
  # libFuzzer sees its branches; the harnesses are linked with libFuzzer's main.
  CC=$clang meson setup "$build" -Dapp=false -Dfuzzing=true -Dbuildtype=debugoptimized \
    -Db_sanitize=address,undefined -Db_lundef=false \
    -Dc_args="-fsanitize=fuzzer-no-link -fno-omit-frame-pointer" || exit 1
fi
targets=""
for h in $harnesses; do
  targets="$targets tests/fuzz/fuzz-$h"
done
# shellcheck disable=SC2086
ninja -C "$build" $targets || exit 1

seconds=$(/usr/bin/python3 -c "import sys; print(max(1, round(float(sys.argv[1]) * 60)))" "$minutes")
mkdir -p "$logs"
# ASan and UBSan stop at the first error; libFuzzer saves the input. Leaks of GLib's
# and fontconfig's one-time allocations are suppressed, never Gloss's own.
export ASAN_OPTIONS="abort_on_error=0:detect_leaks=1:symbolize=1:allocator_may_return_null=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp:print_suppressions=0"
export ASAN_SYMBOLIZER_PATH="$symbolizer"
export G_DEBUG=gc-friendly
export GLOSS_ANNOTATOR=Fuzz

# Every input makes a project, and SQLite syncs each commit to disk: on a tmpfs the
# harnesses run three times faster.
tmpbase="$build/fuzz-tmp"
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
  tmpbase=$(mktemp -d /dev/shm/gloss-fuzz-XXXXXX) || tmpbase="$build/fuzz-tmp"
fi

run_one() {
  h=$1
  work="$build/fuzz-corpus/$h"
  tmp="$tmpbase/$h"
  crashes="$root/tests/fuzz/crashes/$h"
  rm -rf "$work" "$tmp"
  mkdir -p "$work" "$tmp" "$crashes"
  cp tests/fuzz/corpus/"$h"/* "$work"/
  # Each harness has a temporary folder of its own, removed after the run.
  TMPDIR=$tmp "$build/tests/fuzz/fuzz-$h" "$work" \
    -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$crashes/" >"$logs/$h.log" 2>&1
  status=$?
  rm -rf "$tmp"
  echo "fuzz-$h: exit $status after $(grep -c '^#' "$logs/$h.log") status lines (log: $logs/$h.log)"
}

echo "Fuzzing $(echo $harnesses | wc -w) harnesses for $seconds s each, $jobs at a time"
running=0
for h in $harnesses; do
  rm -f "$logs/$h.log"
  run_one "$h" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait
    running=0
  fi
done
wait
[ "$tmpbase" = "$build/fuzz-tmp" ] || rmdir "$tmpbase" 2>/dev/null

echo
report

#!/usr/bin/python3
# tally.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Counts the tests of one or more `meson test` runs from meson's own logs
# (BUILD/meson-logs/testlog.json, one JSON object per test) and prints
# "N skipped" (when any were) and then the line "N passed, N failed".
#
#   tally.py LOG...
#   tally.py --job NAME STATUS LOG [--job NAME STATUS LOG]...
#
# With --job, a job that exited non-zero without a failed test in its log (its build
# failed, or a sanitizer stopped the run) counts as one failure, so that the sum
# never reads "0 failed" when something did.
import argparse
import json
import os
import sys


def count(path):
    passed = failed = skipped = 0
    if not os.path.exists(path):
        return passed, failed, skipped
    with open(path, encoding="utf-8") as log:
        for line in log:
            line = line.strip()
            if not line:
                continue
            result = json.loads(line).get("result")
            if result in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif result == "SKIP":
                skipped += 1
            else:
                failed += 1
    return passed, failed, skipped


def main():
    parser = argparse.ArgumentParser(description="Sum the results of meson test runs.")
    parser.add_argument("logs", nargs="*", help="testlog.json of a run")
    parser.add_argument("--job", nargs=3, action="append", default=[], metavar=("NAME", "STATUS", "LOG"),
                        help="a run and the exit status of the script that made it")
    args = parser.parse_args()

    passed = failed = skipped = 0
    for path in args.logs:
        p, f, s = count(path)
        passed, failed, skipped = passed + p, failed + f, skipped + s
    for name, status, path in args.job:
        p, f, s = count(path)
        if int(status) != 0 and f == 0:
            print("%s failed (exit %s) outside its tests: counted as one failure" % (name, status))
            f = 1
        passed, failed, skipped = passed + p, failed + f, skipped + s

    if skipped:
        print("%d skipped (see the log above for why)" % skipped)
    print("%d passed, %d failed" % (passed, failed))


if __name__ == "__main__":
    sys.exit(main())

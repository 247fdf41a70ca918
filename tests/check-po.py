#!/usr/bin/python3
# check-po.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The translations are complete: every source and UI file with translatable strings is
# listed in po/POTFILES.in (and every listed file exists), every string xgettext finds
# in those files (with the keywords of meson's glib preset) is in each language's .po,
# and no entry there is untranslated or fuzzy. Prints TAP.
import os
import re
import shutil
import subprocess
import sys
import tempfile

root = os.environ.get("GLOSS_SOURCE_ROOT") or os.path.join(os.path.dirname(__file__), "..")
root = os.path.abspath(root)

# What marks a translatable string in C (gettext calls) and in GtkBuilder files.
C_MARK = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|Q_|ngettext|g_dngettext|g_dpgettext2|g_dcgettext)\s*\(')
UI_MARK = re.compile(r'translatable="yes"')

# The keywords meson's i18n module passes to xgettext for preset: 'glib'.
XGETTEXT_ARGS = [
    "--from-code=UTF-8", "--add-comments",
    "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
]


def unquote(parts):
    out = []
    for part in parts:
        body = part.strip()[1:-1]
        out.append(re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body))
    return "".join(out)


def parse_po(path):
    """Live entries of a .po or .pot file: a list of dicts with ctx, id, strs, fuzzy."""
    entries = []
    text = open(path, encoding="utf-8").read()
    for block in re.split(r"\n\s*\n", text):
        lines = block.strip("\n").split("\n")
        if any(line.startswith("#~") for line in lines):
            continue
        entry = {"ctx": None, "id": None, "plural": None, "strs": [], "fuzzy": False}
        field, parts = None, []

        def flush():
            if field is None:
                return
            value = unquote(parts)
            if field == "msgctxt":
                entry["ctx"] = value
            elif field == "msgid":
                entry["id"] = value
            elif field == "msgid_plural":
                entry["plural"] = value
            else:
                entry["strs"].append(value)

        for line in lines:
            if line.startswith("#,") and "fuzzy" in [f.strip() for f in line[2:].split(",")]:
                entry["fuzzy"] = True
            m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$', line)
            if m:
                flush()
                field, parts = m.group(1), [m.group(2)]
            elif line.startswith('"') and field is not None:
                parts.append(line)
        flush()
        if entry["id"]:   # not the header
            entries.append(entry)
    return entries


def marked_files():
    found = []
    for top in ("src", "ui"):
        for dirpath, _, names in os.walk(os.path.join(root, top)):
            for name in names:
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root)
                if name.endswith((".c", ".h")):
                    text = open(path, encoding="utf-8", errors="replace").read()
                    # Comments and #define lines would give false hits.
                    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
                    text = re.sub(r"^\s*#\s*define .*$", "", text, flags=re.M)
                    if C_MARK.search(text):
                        found.append(rel)
                elif name.endswith(".ui"):
                    if UI_MARK.search(open(path, encoding="utf-8").read()):
                        found.append(rel)
    return sorted(found)


potfiles_path = os.path.join(root, "po", "POTFILES.in")
listed = [line.strip() for line in open(potfiles_path, encoding="utf-8")
          if line.strip() and not line.startswith("#")]
languages = [line.strip() for line in open(os.path.join(root, "po", "LINGUAS"), encoding="utf-8")
             if line.strip() and not line.startswith("#")]

checks = []
missing = [f for f in marked_files() if f not in listed]
checks.append(("every file with translatable strings is in po/POTFILES.in", missing))
gone = [f for f in listed if not os.path.exists(os.path.join(root, f))]
checks.append(("every file in po/POTFILES.in exists", gone))

# The strings as they are in the sources now (not as the last committed template has them).
extracted = None
if shutil.which("xgettext") and not gone:
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "gloss.pot")
        subprocess.run(["xgettext", "--package-name=gloss", "-o", pot, "-D", root, "-f", potfiles_path]
                       + XGETTEXT_ARGS, check=True, cwd=root)
        extracted = {(e["ctx"], e["id"]) for e in parse_po(pot)}

for lang in languages:
    entries = parse_po(os.path.join(root, "po", lang + ".po"))
    done = {(e["ctx"], e["id"]) for e in entries if not e["fuzzy"] and e["strs"] and all(e["strs"])}
    show = lambda keys: ["%s%s" % ("[%s] " % c if c else "", i.replace("\n", "\\n")) for c, i in keys]
    checks.append(("%s.po has no fuzzy entries" % lang, show((e["ctx"], e["id"]) for e in entries if e["fuzzy"])))
    checks.append(("%s.po has no untranslated entries" % lang,
                   show((e["ctx"], e["id"]) for e in entries if not e["fuzzy"] and not (e["strs"] and all(e["strs"])))))
    if extracted is not None:
        checks.append(("%s.po translates every string in the sources (run ninja gloss-update-po)" % lang,
                       show(sorted((k for k in extracted if k not in done), key=lambda k: (k[0] or "", k[1])))))

print("1..%d" % len(checks))
failed = 0
for n, (what, problems) in enumerate(checks, 1):
    if problems:
        failed += 1
        print("not ok %d - %s: %d problem(s)" % (n, what, len(problems)))
        for p in problems[:40]:
            print("#   %s" % p)
    else:
        print("ok %d - %s" % (n, what))
if extracted is None:
    print("# xgettext not found: the sources were not compared with the translations")
sys.exit(1 if failed else 0)

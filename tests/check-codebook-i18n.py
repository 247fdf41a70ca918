#!/usr/bin/python3
# check-codebook-i18n.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every name of the bundled codebooks that the app shows (labels, fields, options
# and their meanings, link types) is in src/app/common/gloss-codebook-names.c, so
# that gettext sees it, and the German translation has it (context "codebook").
# Prints TAP.
import json
import os
import re
import sys

root = os.environ.get("GLOSS_SOURCE_ROOT") or os.path.join(os.path.dirname(__file__), "..")


def shown_names(codebook):
    names = []

    def add(text):
        # Numbers and percentages ("1", "5-20%") read the same in every language.
        if text and not re.fullmatch(r"[0-9%\-–. ]+", text) and text not in names:
            names.append(text)

    for label in codebook.get("labels", []):
        add(label.get("name"))
        for field in label.get("fields", []):
            add(field.get("name"))
            for option in field.get("options") or []:
                add(option.get("value"))
                add(option.get("label"))
    for relation in codebook.get("relation_types", []):
        add(relation.get("name"))
    return names


def po_entries(path):
    """msgctxt "codebook" entries of a .po file: msgid -> msgstr."""
    entries = {}
    text = open(path, encoding="utf-8").read()
    for block in text.split("\n\n"):
        ctxt = re.search(r'^msgctxt "(.*)"$', block, re.M)
        msgid = re.search(r'^msgid "(.*)"$', block, re.M)
        msgstr = re.search(r'^msgstr "(.*)"$', block, re.M)
        if ctxt and msgid and msgstr and ctxt.group(1) == "codebook" and not block.lstrip().startswith("#~"):
            entries[msgid.group(1)] = msgstr.group(1)
    return entries


listed = set(re.findall(r'NC_\("codebook", "((?:[^"\\]|\\.)*)"\)',
                        open(os.path.join(root, "src/app/common/gloss-codebook-names.c"), encoding="utf-8").read()))
german = po_entries(os.path.join(root, "po/de.po"))
books = sorted(f for f in os.listdir(os.path.join(root, "data/codebooks")) if f.endswith(".json"))
failed = 0
print("1..%d" % (2 * len(books)))
n = 0
for book in books:
    names = shown_names(json.load(open(os.path.join(root, "data/codebooks", book), encoding="utf-8")))
    for what, missing in (("listed for gettext", [x for x in names if x not in listed]),
                          ("translated into German", [x for x in names if not german.get(x)])):
        n += 1
        if missing:
            failed += 1
            print("not ok %d - %s: %d name(s) not %s: %s" % (n, book, len(missing), what, ", ".join(missing)))
        else:
            print("ok %d - %s: %d names %s" % (n, book, len(names), what))
sys.exit(1 if failed else 0)

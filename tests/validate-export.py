#!/usr/bin/python3
# validate-export.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds a project with gloss-cli from the bundled samples, exports it, and validates
# the export against data/gloss-export.schema.json. Also checks that the schema
# rejects broken exports, so that a schema that accepts anything fails this test.
# Prints TAP.

import copy
import json
import os
import subprocess
import sys
import tempfile

import jsonschema

root = os.environ["GLOSS_SOURCE_ROOT"]
cli = os.environ["GLOSS_CLI"]
tests = []


def ok(cond, name):
    tests.append((bool(cond), name))


def run(*args):
    return subprocess.run([cli, *args], check=True, capture_output=True, text=True).stdout


with open(os.path.join(root, "data", "gloss-export.schema.json"), encoding="utf-8") as f:
    schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)

with tempfile.TemporaryDirectory() as tmp:
    project = os.path.join(tmp, "p.gloss")
    samples = os.path.join(root, "data", "samples")
    run("init", project)
    run("label-add", project, "Source", "--kind", "entity", "--shortcut", "s")
    files = [os.path.join(samples, n) for n in sorted(os.listdir(samples)) if n != "README.md"]
    docs = [line.split("\t")[0] for line in run("import", project, *files).splitlines()]
    for i, doc in enumerate(docs):
        run("annotate", project, "--document", doc, "--start", str(i), "--end", str(i + 5),
            "--label", "Claim", "--note", "note “%d”" % i, "--annotator", "Ana Ruiz")
        run("annotate", project, "--document", doc, "--start", "10", "--end", "20", "--label", "Source")
    # An analysis of competing hypotheses over the claims, rated by two analysts.
    claims = [line.split("\t")[0] for line in run("claims", project).splitlines()]
    analysis = run("ach", project, "new", "Who wrote these?").strip()
    hyps = [run("ach", project, "hypothesis", analysis, t).strip() for t in ("One author", "Many authors")]
    evidence = run("ach", project, "evidence", analysis, *claims[:3]).split()
    evidence.append(run("ach", project, "evidence", analysis, "--text", "No byline", "--kind", "absence").strip())
    run("ach", project, "rate", evidence[0], hyps[0], "II", "--analyst", "Ana Ruiz")
    run("ach", project, "rate", evidence[0], hyps[0], "C", "--analyst", "Bo")
    run("ach", project, "rate", evidence[1], hyps[1], "NA", "--analyst", "Bo")
    run("ach", project, "grade", evidence[1], "--credibility", "H")
    exported = json.loads(run("export", project))
    ok(len(exported.get("analyses", [])) == 1, "the analysis is exported")
    ok(len(exported["analyses"][0]["ratings"]) == 3, "both analysts' ratings are exported")

    errors = sorted(validator.iter_errors(exported), key=str)
    ok(not errors, "full export validates" + ("" if not errors else ": " + errors[0].message))
    ok(len(exported["documents"]) == len(files), "every sample is exported")
    ok(len(exported["annotations"]) == 2 * len(files), "every annotation is exported")

    for doc in exported["documents"]:
        text = doc["text"]
        ok(len(text) == doc["length"], "length of %s counts code points" % doc["title"])
    for a in exported["annotations"]:
        text = next(d["text"] for d in exported["documents"] if d["id"] == a["document"])
        ok(text[a["start"]:a["end"]] == a["quote"], "quote of %s is text[start:end] in code points" % a["id"])

    scoped = json.loads(run("export", project, "--label", "Source", "--document", docs[0]))
    ok(validator.is_valid(scoped), "scoped export validates")
    ok(len(scoped["annotations"]) == 1, "scoped export has one annotation")

    # The schema must reject what is wrong.
    broken = []
    b = copy.deepcopy(exported); del b["version"]; broken.append(("missing version", b))
    b = copy.deepcopy(exported); b["annotations"][0]["start"] = -1; broken.append(("negative start", b))
    b = copy.deepcopy(exported); b["labels"][0]["colour"] = "red"; broken.append(("bad colour", b))
    b = copy.deepcopy(exported); b["documents"][0]["id"] = "x"; broken.append(("bad id", b))
    b = copy.deepcopy(exported); b["annotations"][0]["created"] = "yesterday"; broken.append(("bad time", b))
    b = copy.deepcopy(exported); b["surprise"] = 1; broken.append(("unknown member", b))
    b = copy.deepcopy(exported); b["analyses"][0]["ratings"][0]["rating"] = "X"; broken.append(("rating off the scale", b))
    for name, doc in broken:
        ok(not validator.is_valid(doc), "schema rejects " + name)

print("1..%d" % len(tests))
for i, (passed, name) in enumerate(tests, 1):
    print("%s %d - %s" % ("ok" if passed else "not ok", i, name))
sys.exit(0 if all(p for p, _ in tests) else 1)

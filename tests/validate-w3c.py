#!/usr/bin/python3
# validate-w3c.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds a project with gloss-cli (non-ASCII text, emoji before the spans, overlaps,
# notes with quotes and newlines, two annotators, an entity with an external
# reference, claim and risk field values, two relations), exports it with --format w3c and
# checks the AnnotationCollection, its embedded AnnotationPage and every Annotation
# against the MUST assertions of the W3C Web Annotation JSON Schemas in
# ../shared/refdata/w3c-web-annotation-tests (draft-04, with Debian's python3-jsonschema
# 4.10 and a RefResolver holding the definitions by their "id"). Then the things the
# schemas cannot see: every TextPositionSelector slice (in code points) is the quote,
# the prefix and suffix surround it, ids are unique, total counts the items, field
# values, linked entities and relations have the agreed shapes. Broken
# copies must fail, so that a validator that accepts anything fails this test.
#
# With a file argument, only that export is validated (no project is built).
# Prints TAP; skips when the refdata is absent.

import copy
import json
import os
import subprocess
import sys
import tempfile

root = os.environ.get("GLOSS_SOURCE_ROOT", os.path.join(os.path.dirname(__file__), ".."))
refdata = os.path.join(root, "..", "shared", "refdata", "w3c-web-annotation-tests")
if not os.path.isdir(os.path.join(refdata, "definitions")):
    print("1..0 # SKIP refdata not found (%s)" % refdata)
    sys.exit(0)

import jsonschema  # noqa: E402  (after the skip: the refdata is the real precondition)

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
tests = []


def ok(cond, name):
    tests.append((bool(cond), name))


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


definitions = {}
for name in sorted(os.listdir(os.path.join(refdata, "definitions"))):
    if name.endswith(".json"):
        schema = load(os.path.join(refdata, "definitions", name))
        definitions[schema["id"]] = schema


def checks(manifest):
    """The MUST assertions of a .test manifest as (name, validator, expected_valid)."""
    out = []
    for rel in load(os.path.join(refdata, manifest))["assertions"]:
        schema = load(os.path.join(refdata, rel))
        if schema.get("assertionType") != "must":
            continue
        resolver = jsonschema.RefResolver(base_uri=schema.get("id", ""), referrer=schema, store=definitions)
        validator = jsonschema.Draft4Validator(schema, resolver=resolver,
                                               format_checker=jsonschema.draft4_format_checker)
        out.append((os.path.basename(rel), validator, schema.get("expectedResult", "valid") == "valid"))
    return out


annotation_musts = checks("annotations/annotationMusts.test")
collection_musts = checks("collections/collectionMusts.test")
page_musts = checks("collections/pages/pageMusts.test")


def failures(instance, musts):
    return [name for name, v, expect_valid in musts if v.is_valid(instance) != expect_valid]


def standalone(obj):
    """An embedded page or annotation as it would stand alone: with its @context."""
    out = {"@context": CONTEXT}
    out.update(obj)
    return out


def validate_export(collection, texts, label):
    bad = failures(collection, collection_musts)
    ok(not bad, "%s: collection passes collectionMusts %s" % (label, " ".join(bad)))
    bad = failures(collection, page_musts)
    ok(not bad, "%s: collection with embedded page passes pageMusts %s" % (label, " ".join(bad)))
    page = collection.get("first")
    ok(isinstance(page, dict), "%s: first page is embedded" % label)
    if not isinstance(page, dict):
        return
    bad = failures(standalone(page), page_musts)
    ok(not bad, "%s: page passes pageMusts %s" % (label, " ".join(bad)))
    items = page.get("items", [])
    ok(collection.get("total") == len(items), "%s: total counts the items" % label)
    ok(all("@context" not in a for a in items), "%s: embedded annotations do not repeat @context" % label)
    ids = [a.get("id") for a in items]
    ok(len(set(ids)) == len(ids), "%s: annotation ids are unique" % label)

    all_bad = {}
    for a in items:
        bad = failures(standalone(a), annotation_musts)
        if bad:
            all_bad[a.get("id")] = bad
    ok(not all_bad, "%s: all %d annotations pass annotationMusts %s" % (label, len(items), all_bad or ""))

    if texts is None:
        return items
    wrong = []
    for a in items:
        if a.get("motivation") == "linking":
            continue
        target = a["target"]
        selectors = {s["type"]: s for s in target["selector"]}
        quote = selectors["TextQuoteSelector"]
        pos = selectors["TextPositionSelector"]
        source = target["source"]
        # A document with source details is an External Web Resource object.
        text = texts.get(source["id"] if isinstance(source, dict) else source)
        if text is None:
            wrong.append((a["id"], "unknown source"))
            continue
        # Python indexes strings by code point, the unit of TextPositionSelector.
        if text[pos["start"]:pos["end"]] != quote["exact"]:
            wrong.append((a["id"], "slice is not exact"))
        if not text[:pos["start"]].endswith(quote.get("prefix", "")):
            wrong.append((a["id"], "prefix"))
        if not text[pos["end"]:].startswith(quote.get("suffix", "")):
            wrong.append((a["id"], "suffix"))
        for key in ("created", "modified"):
            if not a.get(key, "").endswith("Z"):
                wrong.append((a["id"], key + " not UTC"))
    ok(not wrong, "%s: selectors agree with the document texts %s" % (label, wrong or ""))
    return items


def negatives(collection):
    """Broken copies the schemas must reject."""
    page = collection["first"]
    a = standalone(page["items"][0])
    broken = []
    b = copy.deepcopy(a); del b["id"]; broken.append(("annotation without id", b, annotation_musts))
    b = copy.deepcopy(a); b["type"] = "Note"; broken.append(("annotation of another type", b, annotation_musts))
    b = copy.deepcopy(a); b["@context"] = "http://example.com/ctx"; broken.append(("wrong @context", b, annotation_musts))
    b = copy.deepcopy(a); del b["target"]; broken.append(("annotation without target", b, annotation_musts))
    b = copy.deepcopy(collection); del b["first"]; broken.append(("collection with total but no first", b, collection_musts))
    b = copy.deepcopy(collection); b["type"] = "Collection"; broken.append(("collection of another type", b, collection_musts))
    b = standalone(copy.deepcopy(page)); b["items"] = "none"; broken.append(("page without item array", b, page_musts))
    for name, inst, musts in broken:
        ok(failures(inst, musts), "schemas reject " + name)


if len(sys.argv) > 1:
    # validate-w3c.py EXPORT.jsonld [GLOSS-EXPORT.json]: the Gloss JSON export of the
    # same project gives the texts the selectors are checked against.
    exported = load(sys.argv[1])
    texts = None
    if len(sys.argv) > 2:
        texts = {"urn:uuid:" + d["id"]: d["text"] for d in load(sys.argv[2])["documents"]}
    validate_export(exported, texts, os.path.basename(sys.argv[1]))
    negatives(exported)
else:
    cli = os.environ["GLOSS_CLI"]

    def run(*args):
        return subprocess.run([cli, *args], check=True, capture_output=True, text=True).stdout

    with tempfile.TemporaryDirectory() as tmp:
        project = os.path.join(tmp, "p.gloss")
        docs_text = [
            "🚢🚢 Ship log. “Anna” met Bob in 東京, then Anna left.\n"
            "Notes: \"quoted\", comma, and Anna again — fin.\n",
            "=SUM(A1) is a formula; -5 is not. +1 @home Anna\n",
        ]
        files = []
        for i, text in enumerate(docs_text):
            path = os.path.join(tmp, "doc%d.txt" % i)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            files.append(path)
        run("init", project)
        docs = [line.split("\t")[0] for line in run("import", project, *files).splitlines()]
        native = json.loads(run("export", project))
        texts = {"urn:uuid:" + d["id"]: d["text"] for d in native["documents"]}
        text0 = native["documents"][0]["text"]

        def span(doc, text, quote, nth=0):
            at = -1
            for _ in range(nth + 1):
                at = text.index(quote, at + 1)
            return str(at), str(at + len(quote))

        # The analyst structures: an entity with an external reference, a claim with
        # typed field values (one an entity reference), a risk with scales, relations.
        run("entity-add", project, "Anna Łukasiewicz", "--type", "Person", "--alias", "Anna", "--ref", "Wikidata:Q42")
        s, e = span(docs[0], text0, "Anna")
        person = run("annotate", project, "--document", docs[0], "--start", s, "--end", e, "--label", "Person",
                     "--note", "He said \"hi\",\nthen left", "--annotator", "Ana Ruiz",
                     "--entity", "Anna").split("\t")[0].strip()
        s, e = span(docs[0], text0, "“Anna” met Bob")
        claim = run("annotate", project, "--document", docs[0], "--start", s, "--end", e, "--label", "Claim",
                    "--note", "ünïcödé, “curly”", "--annotator", "Bo Chen", "--field", "likelihood=likely",
                    "--field", "claim type=statement", "--field", "speaker=Anna").split("\t")[0].strip()
        s, e = span(docs[0], text0, "東京")
        run("annotate", project, "--document", docs[0], "--start", s, "--end", e, "--label", "Location")
        s, e = span(docs[0], text0, "Anna", 1)
        run("annotate", project, "--document", docs[0], "--start", s, "--end", e, "--label", "Person",
            "--annotator", "Bo Chen")
        run("annotate", project, "--document", docs[1], "--start", "0", "--end", "8", "--label", "Claim")
        s, e = span(docs[0], text0, "Bob")
        risk = run("annotate", project, "--document", docs[0], "--start", s, "--end", e, "--label", "Risk",
                   "--field", "likelihood=4", "--field", "impact=2").split("\t")[0].strip()
        run("relate", project, claim, "attributed to", person)
        run("relate", project, risk, "evidenced by", claim)

        exported = json.loads(run("export", project, "--format", "w3c"))
        items = validate_export(exported, texts, "full export") or []
        spans = [a for a in items if a.get("motivation") != "linking"]
        links = [a for a in items if a.get("motivation") == "linking"]
        ok(len(spans) == 6, "full export has every annotation")
        ok(len(links) == 2, "full export has the two relations as linking annotations")
        by_id = {a["id"]: a for a in spans}
        ok(all(isinstance(l["target"], list) and len(l["target"]) == 2 and all(t in by_id for t in l["target"])
               for l in links), "linking annotations target two exported annotations, source first")
        ok(sorted((by_id[l["target"][0]]["body"][0]["value"], l["body"][0]["value"], by_id[l["target"][1]]["body"][0]["value"])
                  for l in links) == [("Claim", "attributed to", "Person"), ("Risk", "evidenced by", "Claim")],
           "linking annotations name the relation type in a tagging body")
        claim_bodies = {(b.get("purpose"), b.get("label")): b.get("value") for b in by_id["urn:uuid:" + claim]["body"]}
        ok(claim_bodies.get(("assessing", "likelihood")) == "likely", "likelihood is an assessing body")
        ok(claim_bodies.get(("classifying", "claim type")) == "statement", "claim type is a classifying body")
        ok(claim_bodies.get(("describing", "speaker")) == "Anna Łukasiewicz", "speaker is named by the entity's name")
        risk_bodies = {(b.get("purpose"), b.get("label")): b.get("value") for b in by_id["urn:uuid:" + risk]["body"]}
        ok(risk_bodies.get(("assessing", "likelihood")) == "4" and risk_bodies.get(("assessing", "impact")) == "2",
           "risk scales are assessing bodies")
        person_bodies = by_id["urn:uuid:" + person]["body"]
        ok(any(b.get("purpose") == "identifying" and b.get("type") == "TextualBody" and b.get("value") == "Anna Łukasiewicz"
               for b in person_bodies), "a linked entity's canonical name is an identifying TextualBody")
        ok(any(b.get("purpose") == "identifying" and b.get("type") == "SpecificResource" and b.get("source") == "Wikidata:Q42"
               for b in person_bodies), "a linked entity's external reference is an identifying SpecificResource")
        scoped = json.loads(run("export", project, "--format", "w3c", "--label", "Person"))
        scoped_items = validate_export(scoped, texts, "scoped export") or []
        ok(len(scoped_items) == 2, "scoped export has the two Person annotations (and no relation, whose other end is out of scope)")
        ok(scoped["id"] != exported["id"], "a scoped export is another collection")
        negatives(exported)

print("1..%d" % len(tests))
for i, (passed, name) in enumerate(tests, 1):
    print("%s %d - %s" % ("ok" if passed else "not ok", i, name))
sys.exit(0 if all(p for p, _ in tests) else 1)

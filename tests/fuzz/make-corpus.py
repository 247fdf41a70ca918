#!/usr/bin/python3
# make-corpus.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Writes the seed corpora of the fuzz harnesses into tests/fuzz/corpus/<harness>/:
# small valid files cut from the project's own golden files (tests/golden) and
# data/codebooks, hand-written near-valid variants of each (a wrong offset, a
# missing member, a newer version, a BOM, a truncation...), and, with --cli, small
# projects made with gloss-cli for the project opener and the merge source.
#
#   python3 tests/fuzz/make-corpus.py [--cli BUILD/src/cli/gloss-cli]
#
# The seeds are committed; run this again only to change them.
import argparse
import copy
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
GOLDEN = os.path.join(ROOT, "tests", "golden")
CORPUS = os.path.join(HERE, "corpus")
SEP = b"\n%%%%\n"  # between the files of a brat-ann input (see fuzz-brat-ann.c)


def golden(*parts, mode="rb"):
    with open(os.path.join(GOLDEN, *parts), mode) as f:
        return f.read()


def compact(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class Writer:
    def __init__(self, harness):
        self.dir = os.path.join(CORPUS, harness)
        if os.path.isdir(self.dir):
            shutil.rmtree(self.dir)
        os.makedirs(self.dir)

    def __call__(self, name, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        with open(os.path.join(self.dir, name), "wb") as f:
            f.write(data)


# --- Gloss JSON -------------------------------------------------------------------

FIXTURE = json.loads(golden("fixture.json"))


def fixture_subset(doc_index, with_structures=True):
    """The fixture cut down to one document and what its annotations use."""
    d = copy.deepcopy(FIXTURE)
    doc = d["documents"][doc_index]
    d["documents"] = [doc]
    d["annotations"] = [a for a in d["annotations"] if a["document"] == doc["id"]]
    ids = {a["id"] for a in d["annotations"]}
    d["relations"] = [r for r in d["relations"] if r["from"] in ids and r["to"] in ids]
    used = {a["label"] for a in d["annotations"]}
    d["labels"] = [l for l in d["labels"] if l["id"] in used] or d["labels"][:1]
    if not with_structures:
        d["relation_types"] = []
        d["relations"] = []
        d["entities"] = []
        for a in d["annotations"]:
            a.pop("entity", None)
            a.pop("fields", None)
        for l in d["labels"]:
            l["fields"] = []
    return d


def json_seeds():
    w = Writer("json")
    small = fixture_subset(1, with_structures=False)
    w("doc1-plain.json", compact(small))
    w("doc0-structures.json", compact(fixture_subset(0)))
    w("doc2-no-annotations.json", compact(fixture_subset(2, with_structures=False)))
    w("bom.json", b"\xef\xbb\xbf" + compact(small))
    # Version 1: no fields, entities, relation types or relations.
    v1 = copy.deepcopy(small)
    v1["version"] = 1
    for k in ("relation_types", "entities", "relations"):
        v1.pop(k, None)
    w("version-1.json", compact(v1))
    minimal = {"format": "gloss", "version": 2, "labels": [], "annotators": [], "documents": [],
               "annotations": []}
    w("minimal.json", compact(minimal))
    # Near-valid: each should be refused with a message, or imported safely.
    bad = copy.deepcopy(small)
    bad["annotations"][0]["end"] = 100000
    w("offset-past-end.json", compact(bad))
    bad = copy.deepcopy(small)
    bad["annotations"][0]["start"], bad["annotations"][0]["end"] = 9, 3
    w("offset-reversed.json", compact(bad))
    bad = copy.deepcopy(small)
    bad["annotations"][0]["label"] = "no-such-label"
    w("unknown-label.json", compact(bad))
    bad = copy.deepcopy(small)
    bad["documents"][0]["sha256"] = "0" * 64
    w("wrong-sha.json", compact(bad))
    bad = copy.deepcopy(small)
    bad["version"] = 99
    w("newer-version.json", compact(bad))
    bad = copy.deepcopy(small)
    del bad["format"]
    w("no-format.json", compact(bad))
    bad = copy.deepcopy(small)
    bad["documents"][0]["text"] = ""
    w("empty-text.json", compact(bad))
    bad = copy.deepcopy(fixture_subset(0))
    bad["relations"].append({"id": "66666666-0000-4000-8000-0000000000ff", "type": "nope",
                             "from": "a0000000-0000-4000-8000-000000000001", "to": "nowhere"})
    w("dangling-relation.json", compact(bad))
    w("truncated.json", compact(small)[:700])
    w("not-an-object.json", b'[{"format":"gloss"}]')


# --- W3C ----------------------------------------------------------------------------

def w3c_seeds():
    w = Writer("w3c")
    coll = json.loads(golden("w3c.json"))
    items = coll["first"]["items"]
    small = copy.deepcopy(coll)
    small["first"]["items"] = items[:3]
    small["total"] = 3
    w("collection-3.json", compact(small))
    w("collection-pretty.json", json.dumps(small, ensure_ascii=False, indent=2).encode("utf-8")[:6000]
      if len(json.dumps(small, indent=2)) < 6000 else compact(small))
    one = copy.deepcopy(items[0])
    one["@context"] = "http://www.w3.org/ns/anno.jsonld"
    w("single-annotation.json", compact(one))
    w("array-of-annotations.json", compact([copy.deepcopy(i) for i in items[3:6]]))
    # A hand-written annotation with each selector kind a reader may meet.
    hand = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "urn:uuid:0f000000-0000-4000-8000-000000000001",
        "type": "Annotation",
        "motivation": "tagging",
        "body": [{"type": "TextualBody", "purpose": "tagging", "value": "Person"},
                 {"type": "TextualBody", "purpose": "commenting", "value": "a note"}],
        "target": {
            "source": "urn:uuid:d0c00000-0000-4000-8000-0000000000aa",
            "selector": [
                {"type": "TextPositionSelector", "start": 0, "end": 4},
                {"type": "TextQuoteSelector", "exact": "Ana ", "prefix": "", "suffix": "met"},
            ],
        },
    }
    w("hand-selectors.json", compact(hand))
    bad = copy.deepcopy(hand)
    bad["target"]["selector"][0]["end"] = -1
    w("negative-end.json", compact(bad))
    bad = copy.deepcopy(hand)
    bad["target"] = "urn:uuid:d0c00000-0000-4000-8000-0000000000aa"
    w("target-string.json", compact(bad))
    bad = copy.deepcopy(small)
    bad["first"]["items"][0]["target"]["selector"] = []
    w("no-selector.json", compact(bad))
    w("truncated.json", compact(small)[:900])


# --- JSON Lines ----------------------------------------------------------------------

def jsonl_seeds():
    w = Writer("jsonl")
    with_text = golden("with-text.jsonl").splitlines(keepends=True)
    no_text = golden("no-text.jsonl").splitlines(keepends=True)
    w("with-text-1.jsonl", with_text[0])
    w("with-text-2.jsonl", b"".join(with_text[1:3]))
    w("no-text-1.jsonl", no_text[0])
    w("doccano-label.jsonl", '{"text":"Ana Ruiz met Zoë in Tokyo.","label":[[0,8,"Person"],[20,25,"Location"]]}\n'
      '{"text":"Second line, no labels.","label":[]}\n')
    w("doccano-entities.jsonl", '{"id":7,"text":"Port of Valdria","entities":[{"id":1,"label":"Location",'
      '"start_offset":8,"end_offset":15}],"relations":[]}\n')
    w("crlf-bom.jsonl", b"\xef\xbb\xbf" + b'{"text":"x y","label":[[0,1,"A"]]}\r\n{"text":"z","label":[]}\r\n')
    w("bad-offsets.jsonl", '{"text":"short","label":[[3,99,"Person"],[4,2,"Person"]]}\n')
    w("bad-line.jsonl", '{"text":"ok","label":[]}\n{"text": oops}\n')
    w("blank-lines.jsonl", '\n\n{"text":"after blanks","label":[[0,5,"Note"]]}\n\n')
    w("truncated.jsonl", with_text[0][:300])


# --- brat ----------------------------------------------------------------------------

BRAT_DOCS = ["harbour-strike-b-live-b-more-d0c00000", "grain-prices-2025-sian-s-note-d0c00000",
             "unannotated-d0c00000"]


def brat_seeds():
    w = Writer("brat-ann")
    conf = golden("brat", "annotation.conf")
    for base in BRAT_DOCS:
        txt = golden("brat", base + ".txt")
        ann = golden("brat", base + ".ann")
        w(base[:14] + ".brat", txt + SEP + ann + SEP + conf)
        w(base[:14] + "-noconf.brat", txt + SEP + ann)
    text = "Ana Ruiz met Zoë Okafor in Tokyo on Friday.\nThe council denied it.\n"
    ann = ("T1\tPerson 0 8\tAna Ruiz\n"
           "T2\tPerson 13 23\tZoë Okafor\n"
           "T3\tLocation 27 32\tTokyo\n"
           "T4\tClaim 0 4;13 16\tAna  Zoë\n"
           "R1\tmet Arg1:T1 Arg2:T2\n"
           "E1\tMeeting:T4 Agent:T1 Agent2:T2\n"
           "A1\tNegated E1\n"
           "M1\tConfidence T3 High\n"
           "N1\tReference T2 Wikidata:Q42\tZoë Okafor\n"
           "#1\tAnnotatorNotes T1\ta note\twith a tab\n"
           "*\tEquiv T1 T2\n")
    w("hand-all-kinds.brat", text.encode() + SEP + ann.encode())
    w("offset-past-end.brat", b"short text\n" + SEP + b"T1\tPerson 0 99\tshort text\n")
    w("text-mismatch.brat", b"short text\n" + SEP + b"T1\tPerson 0 5\tlong \n")
    w("bad-line.brat", b"short text\n" + SEP + b"T1 Person zero five\nR1\tx Arg1:T9 Arg2:T1\n")
    w("crlf.brat", b"line one\r\nline two\r\n" + SEP + b"T1\tLabel 0 4\tline\r\n")
    w("latin1.brat", "caf\xe9 cr\xe8me\n".encode("latin-1") + SEP + b"T1\tFood 0 4\tcaf\xe9\n")

    w = Writer("brat-zip")
    def zip_of(files, method=zipfile.ZIP_DEFLATED):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", method) as z:
            for name, data in files:
                info = zipfile.ZipInfo(name, date_time=(2025, 11, 29, 0, 0, 0))
                info.compress_type = method
                z.writestr(info, data)
        return buf.getvalue()
    for base in BRAT_DOCS[:2]:
        files = [(base + ".txt", golden("brat", base + ".txt")), (base + ".ann", golden("brat", base + ".ann"))]
        w(base[:14] + ".zip", zip_of(files + [("annotation.conf", conf)]))
        w(base[:14] + "-stored.zip", zip_of(files, zipfile.ZIP_STORED))
        w(base[:14] + "-subfolder.zip", zip_of([("corpus/" + n, d) for n, d in files]))
    w("hand-all-kinds.zip", zip_of([("doc.txt", text), ("doc.ann", ann)]))
    w("txt-without-ann.zip", zip_of([("doc.txt", text)]))
    w("traversal.zip", zip_of([("../../evil.ann", ann), ("doc.txt", text)]))
    w("macosx-junk.zip", zip_of([("__MACOSX/._doc.ann", b"\0\5\26\7"), ("doc.txt", text), ("doc.ann", ann)]))
    w("truncated.zip", zip_of([("doc.txt", text), ("doc.ann", ann)])[:200])


# --- Articles -------------------------------------------------------------------------

def article_seeds():
    w = Writer("import-article")
    w("plain.txt", "Port of Valdria — Zoë Okafor said the strike “will end by Friday”.\n\nTalks resume in 東京.\n")
    w("crlf-controls.txt", b"\r\n\r\nTitle line\r\nsecond\tline\x07 with a bell\rold mac line\r\n   \r\n")
    w("utf16le-bom.txt", "\ufeffUTF-16 text: Zoë, 東京, 🚢\n".encode("utf-16-le"))
    w("utf16be-bom.txt", "\ufeffBig-endian: naïve café\n".encode("utf-16-be"))
    w("windows-1252.txt", "Smart \u201cquotes\u201d and caf\xe9 \u2014 dash\n".encode("cp1252"))
    w("long-title.txt", ("word " * 60 + "\nbody\n").encode())
    w("markdown.md", "# Harbour strike\n\nZoë **said** the strike _will end_ by [Friday](https://example.org).\n\n"
      "- one\n- two\n  - nested\n\n1. first\n2. second\n\n> a quote\n\n```\ncode <b>block</b>\n```\n\n"
      "| a | b |\n|---|---|\n| 1 | 2 |\n\nText with `inline code` and a ![picture](x.png).\n")
    w("markdown-setext.md", "Title\n=====\n\nSub\n---\n\n***\n\nLine with trailing spaces  \nnext\n")
    w("page.html", "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Harbour &amp; strike</title>"
      "<style>p{color:red}</style><script>alert(1)</script></head><body><h1>Harbour strike</h1>"
      "<p>Zo&euml; <b>Okafor</b> said&nbsp;the strike &ldquo;will end&rdquo; by Friday.</p>"
      "<ul><li>one</li><li>two</li></ul><table><tr><td>a</td><td>b</td></tr></table>"
      "<pre>  keep\n  spaces</pre><br><p>&#x1F6A2; &#128674; &bogus; &#0;</p></body></html>\n")
    w("latin1-declared.html", "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
      "charset=iso-8859-1\"></head><body><p>caf\xe9 cr\xe8me</p></body></html>".encode("latin-1"))
    w("broken.html", "<html><body><p>unclosed <b>bold <i>italic</p><div><p>nested</div>\n<!-- comment")
    w("xhtml.html", "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>"
      "<p>XHTML <br/> text</p></body></html>")
    w("binary-magic.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    w("nul-bytes.txt", b"text\0with\0nuls\n")
    w("whitespace.txt", b" \n\t\n  \n")


# --- Documents by content (issue 13): RTF, DOCX, ODT, EPUB, e-mail, mbox ----------------

def reader_seeds():
    w = Writer("readers")

    def zip_of(files, method=zipfile.ZIP_DEFLATED):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", method) as z:
            for name, data in files:
                info = zipfile.ZipInfo(name, date_time=(2025, 12, 5, 0, 0, 0))
                z.writestr(info, data, method)
        return buf.getvalue()

    wns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    w("report.rtf", "{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0 Arial;}{\\f1\\fcharset204 Cyr;}}"
      "{\\info{\\title T}{\\author A}{\\creatim\\yr2024\\mo3\\dy5}}{\\*\\generator g;}"
      "Caf\\'e9 \\u8220?q\\u8221? {\\f1 \\'cf}\\par{\\pict 0a0b}\\line \\u-10179?\\u-8704?\\par}")
    w("cut.rtf", "{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}Some text that stops \\'e")
    w("nested.rtf", "{\\rtf1 " + "{" * 600 + "deep")
    w("report.docx", zip_of([
        ("word/document.xml", '<w:document %s><w:body><w:p><w:r><w:t>Port</w:t></w:r>'
         '<w:r><w:footnoteReference w:id="2"/></w:r><w:r><w:commentReference w:id="0"/></w:r></w:p>'
         '<w:p><w:pPr><w:numPr/></w:pPr><w:del><w:r><w:delText>x</w:delText></w:r></w:del>'
         '<w:ins><w:r><w:t>item</w:t></w:r></w:ins></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r>'
         '</w:p></w:tc></w:tr></w:tbl></w:body></w:document>' % wns),
        ("word/footnotes.xml", '<w:footnotes %s><w:footnote w:id="2"><w:p><w:r><w:t>n</w:t></w:r></w:p>'
         '</w:footnote></w:footnotes>' % wns),
        ("word/comments.xml", '<w:comments %s><w:comment w:id="0" w:author="A"><w:p><w:r><w:t>c</w:t>'
         '</w:r></w:p></w:comment></w:comments>' % wns),
        ("docProps/core.xml", '<cp:coreProperties xmlns:cp="x" xmlns:dc="d"><dc:title>T</dc:title>'
         '</cp:coreProperties>')]))
    w("minutes.odt", zip_of([
        ("mimetype", "application/vnd.oasis.opendocument.text"),
        ("content.xml", '<office:document-content xmlns:office="o" xmlns:text="t"><office:body><office:text>'
         '<text:h>H</text:h><text:p>a<text:s text:c="3"/>b<text:note><text:note-body><text:p>n</text:p>'
         '</text:note-body></text:note></text:p><text:list><text:list-item><text:p>i</text:p>'
         '</text:list-item></text:list></office:text></office:body></office:document-content>'),
        ("META-INF/manifest.xml", "<manifest/>")], zipfile.ZIP_STORED))
    w("book.epub", zip_of([
        ("mimetype", "application/epub+zip"),
        ("META-INF/container.xml", '<container><rootfiles><rootfile full-path="OEBPS/p.opf"/></rootfiles>'
         '</container>'),
        ("OEBPS/p.opf", '<package><metadata xmlns:dc="d"><dc:title>B</dc:title><dc:creator>C</dc:creator>'
         '</metadata><manifest><item id="a" href="../OEBPS/t/a%20b.xhtml"/><item id="x" href="/etc/x"/>'
         '</manifest><spine><itemref idref="a"/><itemref idref="x"/><itemref idref="nope"/></spine></package>'),
        ("OEBPS/t/a b.xhtml", "<html><body><h1>One</h1><p>Text</p></body></html>")]))
    w("message.eml", "From: A <a@example.org>\r\nTo: b@example.org\r\nSubject: =?UTF-8?Q?Caf=C3=A9?=\r\n"
      "Date: Tue, 05 Mar 2024 10:03:00 +0100\r\nMessage-ID: <m1@x>\r\nMIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\nContent-Type: text/html\r\n\r\n"
      "<p>Hi <b>there</b></p>\r\n--B\r\nContent-Type: text/plain; name=n.txt\r\n"
      "Content-Disposition: attachment; filename=n.txt\r\nContent-Transfer-Encoding: base64\r\n\r\n"
      "aGVsbG8=\r\n--B--\r\n")
    w("inbox.mbox", "".join("From x@example.org Sat Jan  3 01:05:34 2024\nFrom: x@example.org\n"
                            "Subject: S%d\nMessage-ID: <%d@x>\n\nBody %d\n>From here\n\n" % (i, i, i)
                            for i in range(3)))


# --- Codebooks -----------------------------------------------------------------------

def codebook_seeds():
    w = Writer("codebook")
    with open(os.path.join(ROOT, "data", "codebooks", "analyst.json"), "rb") as f:
        analyst = json.load(f)
    with open(os.path.join(ROOT, "data", "codebooks", "entities.json"), "rb") as f:
        entities = f.read()
    w("entities.json", entities)
    w("analyst.json", compact(analyst))
    part = copy.deepcopy(analyst)
    part["labels"] = part["labels"][:3]
    w("analyst-3-labels.json", compact(part))
    minimal = {"format": "gloss-codebook", "version": 1, "name": "Tiny",
               "labels": [{"name": "Thing", "kind": "span", "colour": "#ff0000", "shortcut": "t",
                           "fields": [{"name": "size", "type": "choice", "choices": ["small", "big"]}]}],
               "relation_types": [{"name": "near", "from": ["Thing"], "to": ["Thing"]}]}
    w("minimal.json", compact(minimal))
    bad = copy.deepcopy(minimal)
    bad["version"] = 7
    w("newer-version.json", compact(bad))
    bad = copy.deepcopy(minimal)
    bad["labels"][0]["colour"] = "red"
    bad["labels"].append({"name": "thing"})
    w("bad-colour-duplicate.json", compact(bad))
    bad = copy.deepcopy(minimal)
    bad["relation_types"][0]["from"] = ["Nothing"]
    w("unknown-relation-end.json", compact(bad))
    w("wrong-format.json", b'{"format":"gloss","version":1,"labels":[]}')
    w("truncated.json", compact(analyst)[:500])


# --- Exchange sniffer -----------------------------------------------------------------

def exchange_seeds():
    w = Writer("exchange")
    # One small file of each kind that the sniffer tells apart, taken from the other corpora.
    picks = [("json", "doc1-plain.json"), ("w3c", "collection-3.json"), ("w3c", "single-annotation.json"),
             ("jsonl", "with-text-1.jsonl"), ("jsonl", "doccano-label.jsonl"), ("brat-zip", "harbour-strike-stored.zip"),
             ("import-article", "plain.txt"), ("import-article", "page.html"), ("import-article", "utf16le-bom.txt")]
    for harness, name in picks:
        with open(os.path.join(CORPUS, harness, name), "rb") as f:
            w(harness + "-" + name, f.read())
    w("csv.csv", golden("annotations.csv")[:1500])
    w("gloss-key-late.json", b'{"labels":[],"documents":[],"format":"gloss","version":2}')
    w("empty", b"")


# --- Projects (store-open, merge) --------------------------------------------------------

def shrink(path):
    """Rewrites a project with 512-byte pages, so that a seed stays small."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=DELETE")
    db.execute("PRAGMA page_size=512")
    db.execute("VACUUM")
    db.close()


def project_seeds(cli):
    tmp = tempfile.mkdtemp(prefix="gloss-corpus-")
    env = dict(os.environ, GLOSS_ANNOTATOR="Seed")
    projects = {}
    try:
        def run(*args):
            subprocess.run([cli, *args], check=True, env=env, stdout=subprocess.DEVNULL)

        def make(name, *steps):
            path = os.path.join(tmp, name + ".gloss")
            for step in steps:
                run(*[a.replace("@", path) for a in step])
            shrink(path)
            with open(path, "rb") as f:
                projects[name] = f.read()

        small = os.path.join(tmp, "small.json")
        with open(small, "wb") as f:
            f.write(compact(fixture_subset(1, with_structures=False)))
        rich = os.path.join(tmp, "rich.json")
        with open(rich, "wb") as f:
            f.write(compact(fixture_subset(0)))
        article = os.path.join(tmp, "note.txt")
        with open(article, "w") as f:
            f.write("Ana Ruiz met Zoë Okafor in Tokyo.\n")
        make("empty", ("init", "@", "--empty"))
        make("codebook", ("init", "@"))
        make("imported-json", ("init", "@", "--empty"), ("import", "@", small))
        make("structures", ("init", "@", "--empty"), ("import", "@", rich))
        make("annotated", ("init", "@"), ("import", "@", article))
    finally:
        shutil.rmtree(tmp)

    for harness in ("store-open", "merge"):
        w = Writer(harness)
        for name, data in projects.items():
            w(name + ".gloss", data)
        base = projects["imported-json"]
        # Not Gloss's: another application id, a newer schema version, cut short.
        other_app = bytearray(base)
        other_app[68:72] = b"\0\0\0\0"
        w("application-id-0.gloss", bytes(other_app))
        newer = bytearray(base)
        newer[60:64] = (99).to_bytes(4, "big")
        w("user-version-99.gloss", bytes(newer))
        w("truncated.gloss", base[: len(base) // 2])
        w("header-only.gloss", base[:100])
        if harness == "merge":
            with open(os.path.join(CORPUS, "json", "doc1-plain.json"), "rb") as f:
                w("export.json", f.read())
            with open(os.path.join(CORPUS, "json", "version-1.json"), "rb") as f:
                w("export-v1.json", f.read())


# --- JSON texts as a project stores them (fuzz-json-tree) ------------------------

def json_tree_seeds():
    w = Writer("json-tree")
    # One row of each kind, as the history and the exports hold them.
    for key in ("labels", "annotators", "entities", "documents", "annotations", "relations"):
        rows = FIXTURE.get(key) or []
        if rows:
            w("row-" + ("entity" if key == "entities" else key[:-1]) + ".json", compact(rows[0]))
    w("aliases.json", compact(["K. Quceto", "Zo\u00eb", ""]))
    # What the fast reader hands to json-glib: escapes it takes, numbers and a key
    # twice it does not.
    w("escapes.json", b'{"a":[1,-2,0,true,false,null,"caf\\u00e9 \\ud83d\\ude80",{"":{}}],"b":"tab\\there"}')
    w("numbers.json", b'{"x":1.5,"y":1e3,"z":01}')
    w("duplicate.json", b'{"a":1,"a":2}')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", help="gloss-cli, to make the project seeds")
    args = parser.parse_args()
    json_seeds()
    w3c_seeds()
    jsonl_seeds()
    brat_seeds()
    article_seeds()
    codebook_seeds()
    exchange_seeds()
    reader_seeds()
    json_tree_seeds()
    if args.cli:
        project_seeds(args.cli)


if __name__ == "__main__":
    main()

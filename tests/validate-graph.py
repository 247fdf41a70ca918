#!/usr/bin/python3
# validate-graph.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds a small project with gloss-cli, exports its link chart as GraphML and GEXF,
# and reads both back with networkx (python3-networkx), checking nodes, edges and
# their attributes against the CSV edge list. Skipped where networkx is absent.
# Prints TAP.

import csv
import io
import os
import subprocess
import sys
import tempfile

try:
    import networkx as nx
except ImportError:
    print("1..0 # SKIP python3-networkx is not installed")
    sys.exit(0)

cli = os.environ["GLOSS_CLI"]
tests = []


def ok(cond, name):
    tests.append((bool(cond), name))


def run(*args):
    return subprocess.run([cli, *args], check=True, capture_output=True, text=True).stdout


TEXT = ("Ana Lima met Bruno Costa in Lisbon. Bruno Costa works for Acme & Sons <Ltd>.\n"
        "Later, Ana Lima called Acme & Sons <Ltd> from Lisbon.\n")
MENTIONS = [("Ana Lima", "Person"), ("Bruno Costa", "Person"), ("Lisbon", "Location"),
            ("Acme & Sons <Ltd>", "Organization")]

with tempfile.TemporaryDirectory() as tmp:
    project = os.path.join(tmp, "p.gloss")
    source = os.path.join(tmp, "a.txt")
    with open(source, "w", encoding="utf-8") as f:
        f.write(TEXT)
    run("init", project)
    doc = run("import", project, source).split("\t")[0]
    annotations = {}
    for name, label in MENTIONS:
        start = 0
        while (at := TEXT.find(name, start)) >= 0:
            out = run("annotate", project, "--document", doc, "--start", str(at), "--end", str(at + len(name)),
                      "--label", label, "--link").strip()
            annotations.setdefault(name, out)
            start = at + 1
    run("relate", project, annotations["Bruno Costa"], "part of", annotations["Acme & Sons <Ltd>"])

    rows = list(csv.DictReader(io.StringIO(run("graph", project, "--format", "csv"), newline="")))
    graphml_path = os.path.join(tmp, "chart.graphml")
    gexf_path = os.path.join(tmp, "chart.gexf")
    run("graph", project, "--format", "graphml", "-o", graphml_path)
    run("graph", project, "--format", "gexf", "-o", gexf_path)

    ok(len(rows) == 7, "the CSV has six co-occurrence edges and one link (%d rows)" % len(rows))
    links = [r for r in rows if r["kind"] == "link"]
    ok(len(links) == 1 and links[0]["relation"] == "part of", "the link is typed")

    g = nx.read_graphml(graphml_path)
    ok(g.is_directed(), "GraphML is read as a directed graph")
    ok(g.number_of_nodes() == 4, "GraphML: four nodes")
    ok(g.number_of_edges() == len(rows), "GraphML: as many edges as the CSV")
    names = sorted(d["name"] for _, d in g.nodes(data=True))
    ok(names == sorted(n for n, _ in MENTIONS), "GraphML: node names unescaped: %s" % names)
    ok(all("x" in d and "y" in d for _, d in g.nodes(data=True)), "GraphML: every node has a position")
    weights = sorted(float(d["weight"]) for _, _, d in g.edges(data=True))
    ok(weights == sorted(float(r["weight"]) for r in rows), "GraphML: weights match the CSV")
    kinds = sorted(d["kind"] for _, _, d in g.edges(data=True))
    ok(kinds == sorted(r["kind"] for r in rows), "GraphML: kinds match the CSV")

    # networkx reads GEXF 1.3 from version 3.0; Debian 12 has 2.8, which knows 1.2draft.
    # 1.3 kept 1.2's elements and attributes for what Gloss writes (nodes, edges with
    # type and weight, attvalues, viz:position, viz:color, viz:size), so there the
    # file is read again under 1.2draft's namespaces, and the checks below are the same.
    try:
        h = nx.read_gexf(gexf_path, version="1.3")
    except nx.NetworkXError:
        with open(gexf_path, encoding="utf-8") as f:
            text = f.read()
        ok("http://gexf.net/1.3" in text and 'version="1.3"' in text, "GEXF: the file says it is 1.3")
        text = (text.replace("http://gexf.net/1.3/viz", "http://www.gexf.net/1.2draft/viz")
                    .replace("http://gexf.net/1.3", "http://www.gexf.net/1.2draft")
                    .replace('version="1.3"', 'version="1.2"'))
        older = os.path.join(tmp, "chart-1.2.gexf")
        with open(older, "w", encoding="utf-8") as f:
            f.write(text)
        h = nx.read_gexf(older, version="1.2draft")
    ok(h.number_of_nodes() == 4, "GEXF: four nodes")
    labels = sorted(d["label"] for _, d in h.nodes(data=True))
    ok(labels == names, "GEXF: labels unescaped")
    # A co-occurrence edge is "mutual": networkx adds it both ways.
    cooc = sum(1 for r in rows if r["kind"] == "co-occurrence")
    ok(h.number_of_edges() == 2 * cooc + len(links), "GEXF: mutual edges both ways, the link one way")
    ok(all("position" in d.get("viz", {}) for _, d in h.nodes(data=True)), "GEXF: every node has a position")
    link = [d for _, _, d in h.edges(data=True) if d.get("kind") == "link"]
    ok(len(link) == 1 and link[0].get("label") == "part of", "GEXF: the link's label")

print("1..%d" % len(tests))
for i, (passed, name) in enumerate(tests, 1):
    print("%s %d - %s" % ("ok" if passed else "not ok", i, name))
sys.exit(0 if all(p for p, _ in tests) else 1)

#!/usr/bin/env python3
# check-layers.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The core's layers, checked from its #include lines (TAP output for meson):
# 1. each folder of src/core includes only its own headers and those of the
#    layers below it (the build refuses an upward include too, since each layer's
#    library sees only the include folders below it; this names the culprit);
# 2. no circle between modules (a module is gloss-foo.c with gloss-foo.h and
#    gloss-foo-private.h), in the core or in the app, by #include;
# 3. no circle between the core's object files by the symbols they define and use
#    (nm), when the test runs in a build.
import os
import re
import sys

ROOT = os.environ.get("GLOSS_SOURCE_ROOT") or os.path.join(os.path.dirname(__file__), "..")
CORE = os.path.join(ROOT, "src", "core")
APP = os.path.join(ROOT, "src", "app")

# Which layers each layer may include. Readers know only the base: a file reader
# turns bytes into text and never touches a project.
ALLOWED = {
    "base": {"base"},
    "store": {"base", "store"},
    "readers": {"base", "readers"},
    "model": {"base", "store", "model"},
    "analysis": {"base", "store", "model", "analysis"},
    "exchange": {"base", "store", "model", "readers", "analysis", "exchange"},
}
# Circles still to untangle, each named in docs/DESIGN.md: any other circle, or a
# larger one, fails. None is left: the app's views and dialogs are given the store
# and the undo stack and speak to the window through signals.
KNOWN_CIRCLES = {
    "core": [],
    "app": [],
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
GENERATED = {"config.h", "gloss-codebooks-resources.h"}


def module_of(name):
    base = os.path.basename(name)
    base = re.sub(r"\.(c|h)$", "", base)
    return re.sub(r"-private$", "", base)


def sources(top):
    for folder, _dirs, files in os.walk(top):
        for name in sorted(files):
            if name.endswith((".c", ".h")):
                yield os.path.join(folder, name)


def read_includes(path):
    with open(path, encoding="utf-8") as f:
        return [i for i in INCLUDE.findall(f.read()) if i not in GENERATED]


def find_cycles(graph):
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def main():
    results = []
    layer_of = {}
    for path in sources(CORE):
        rel = os.path.relpath(path, CORE)
        layer = rel.split(os.sep)[0] if os.sep in rel else None
        layer_of[os.path.basename(path)] = layer

    upward = []
    for path in sources(CORE):
        rel = os.path.relpath(path, CORE)
        layer = layer_of[os.path.basename(path)]
        if layer not in ALLOWED:
            upward.append("%s is not in a layer folder (%s)" % (rel, ", ".join(ALLOWED)))
            continue
        for inc in read_includes(path):
            target = layer_of.get(os.path.basename(inc))
            if target is None:
                upward.append("%s includes %s, which is not a core header" % (rel, inc))
            elif target not in ALLOWED[layer]:
                upward.append("%s (%s) includes %s (%s)" % (rel, layer, inc, target))
    results.append(("core layers include only downward", upward))

    for name, top in (("core", CORE), ("app", APP)):
        graph = {}
        for path in sources(top):
            mod = module_of(path)
            for inc in read_includes(path):
                dep = module_of(inc)
                if dep != mod:
                    graph.setdefault(mod, set()).add(dep)
        cycles = find_cycles(graph)
        known = [c for c in cycles if any(set(c) <= k for k in KNOWN_CIRCLES[name])]
        for c in known:
            print("# known circle, to untangle: " + " <-> ".join(c))
        results.append(("no new circle between %s modules" % name,
                        ["circle: " + " <-> ".join(c) for c in cycles if c not in known]))

    # The same for calls: which object file defines each symbol another one uses
    # (from the built libraries, when the test runs in a build).
    build = os.environ.get("G_TEST_BUILDDIR")
    objects = []
    if build:
        core_build = os.path.join(build, "..", "src", "core")
        for folder, _dirs, files in os.walk(core_build):
            objects += [os.path.join(folder, f) for f in files if f.endswith(".c.o")]
    if build and not objects:
        results.append(("no circle between core modules' calls (nm)",
                        ["no object files under %s: is the core built?" % os.path.join(build, "..", "src", "core")]))
    if objects:
        import subprocess
        defined, used = {}, {}
        for obj in objects:
            mod = module_of(os.path.basename(obj)[:-2])
            out = subprocess.run(["nm", obj], capture_output=True, text=True).stdout
            for line in out.splitlines():
                parts = line.split()
                if len(parts) == 3 and parts[1] in "TDBR":
                    defined[parts[2]] = mod
                elif len(parts) == 2 and parts[0] == "U":
                    used.setdefault(mod, set()).add(parts[1])
        graph = {}
        for mod, symbols in used.items():
            for sym in symbols:
                owner = defined.get(sym)
                if owner is not None and owner != mod:
                    graph.setdefault(mod, set()).add(owner)
        results.append(("no circle between core modules' calls (nm)",
                        ["calls in a circle: " + " <-> ".join(c) for c in find_cycles(graph)]))

    print("1..%d" % len(results))
    failed = 0
    for i, (title, problems) in enumerate(results, 1):
        if problems:
            failed += 1
            print("not ok %d - %s" % (i, title))
            for p in problems:
                print("# " + p)
        else:
            print("ok %d - %s" % (i, title))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

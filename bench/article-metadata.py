#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the metadata Gloss read from web pages against what the pages declare.

    article-metadata.py FOLDER GLOSS_META_JSON

FOLDER is the article-extraction benchmark (html/<id>.html.gz); GLOSS_META_JSON is
the gloss-meta.json that `bench-articles --keep DIR` writes ({id: {title, author,
published, publisher, url}}). This script reads each page again with Python's own
HTML parser, independently of Gloss's C code, and collects what the page's markup
declares:

  title      JSON-LD headline (Article, NewsArticle, BlogPosting…, also in @graph),
             else og:title, else twitter:title
  author     JSON-LD author name(s), meta name=author / article:author / dc.creator
             / parsely-author / sailthru.author (not a URL), rel=author link text
  date       JSON-LD datePublished, meta article:published_time / og:published_time
             / date / dc.date / pubdate / parsely-pub-date / sailthru.date,
             <time datetime> inside the page

and prints, for the pages that declare each item, how many Gloss filled and how many
agree: a title agrees when it is the declared title with whitespace normalised (a
declared og:title may still carry a " | Site" suffix that Gloss rightly removes, so
a Gloss title that is the declared one minus a trailing " – Site" part also agrees);
an author agrees when one declared name (a leading "By" dropped, "admin" ignored)
occurs in Gloss's author field (case and accents aside); a date agrees when the calendar day is the same as one declared.
Pages that declare nothing are not counted: there is nothing to be right about.
"""

import gzip
import html
import html.parser
import json
import os
import re
import sys
import unicodedata

ARTICLE_TYPES = {"article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
                 "opinionnewsarticle", "webpage", "liveblogposting", "scholarlyarticle", "techarticle",
                 "report", "backgroundnewsarticle", "reviewnewsarticle", "socialmediaposting"}
AUTHOR_META = {"author", "article:author", "dc.creator", "dcterms.creator", "parsely-author", "sailthru.author",
               "byl", "cxenseparse:author"}
DATE_META = {"article:published_time", "og:published_time", "date", "dc.date", "dcterms.date", "dc.date.issued",
             "dcterms.issued", "pubdate", "publishdate", "publish-date", "parsely-pub-date", "sailthru.date",
             "datepublished", "article.published", "cxenseparse:recs:publishtime"}


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta = {}
        self.jsonld = []
        self.times = []
        self.rel_authors = []
        self._script = None
        self._rel_author = None

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").strip().lower()
            if key and a.get("content", "").strip():
                self.meta.setdefault(key, []).append(a["content"].strip())
        elif tag == "script" and "ld+json" in a.get("type", "").lower():
            self._script = []
        elif tag == "time" and a.get("datetime"):
            self.times.append(a["datetime"].strip())
        elif tag == "a" and "author" in a.get("rel", "").lower().split():
            self._rel_author = []

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.jsonld.append("".join(self._script))
            self._script = None
        elif tag == "a" and self._rel_author is not None:
            text = " ".join("".join(self._rel_author).split())
            if text:
                self.rel_authors.append(text)
            self._rel_author = None

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)
        if self._rel_author is not None:
            self._rel_author.append(data)


def walk_jsonld(node, out):
    if isinstance(node, list):
        for item in node:
            walk_jsonld(item, out)
    elif isinstance(node, dict):
        types = node.get("@type", [])
        types = types if isinstance(types, list) else [types]
        if any(isinstance(t, str) and t.lower() in ARTICLE_TYPES for t in types):
            out.append(node)
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if key in node:
                walk_jsonld(node[key], out)


def names(value):
    if isinstance(value, str):
        return [value] if value.strip() and "://" not in value else []
    if isinstance(value, dict):
        return names(value.get("name", ""))
    if isinstance(value, list):
        return [n for v in value for n in names(v)]
    return []


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    return " ".join("".join(c for c in s if not unicodedata.combining(c)).casefold().split())


def day(s):
    m = re.match(r"\s*(\d{4})-?(\d{2})-?(\d{2})", s or "")
    # "0001-01-01" and the like are a CMS's empty value, not a date.
    return "-".join(m.groups()) if m and int(m.group(1)) >= 1900 else None


def person(s):
    """A declared author as a reader would write it: HTML entities decoded, a leading
    "By" dropped; None for a login placeholder ("admin")."""
    s = " ".join(html.unescape(s).split())
    s = re.sub(r"^(by|von|par|por)\s+", "", s, flags=re.I)
    return None if s.casefold() in ("admin", "administrator", "") else s


def declared(raw):
    page = Page()
    try:
        page.feed(raw)
    except Exception:
        pass
    articles = []
    for text in page.jsonld:
        try:
            walk_jsonld(json.loads(text, strict=False), articles)
        except ValueError:
            continue
    title = None
    authors, dates = [], []
    for art in articles:
        if title is None and isinstance(art.get("headline"), str) and art["headline"].strip():
            title = art["headline"]
        authors += names(art.get("author"))
        if isinstance(art.get("datePublished"), str):
            dates.append(art["datePublished"])
    if title is None:
        for key in ("og:title", "twitter:title"):
            if key in page.meta:
                title = page.meta[key][0]
                break
    for key in AUTHOR_META:
        authors += [v for v in page.meta.get(key, []) if "://" not in v]
    authors += page.rel_authors
    for key in DATE_META:
        dates += page.meta.get(key, [])
    dates += page.times
    title = " ".join(html.unescape(title).split()) if title else None
    return title, [p for p in (person(a) for a in authors) if p], [d for d in (day(x) for x in dates) if d]


def title_agrees(gloss, title):
    g, t = " ".join((gloss or "").split()), title
    if not g:
        return False
    if g == t:
        return True
    # The declared title with a site suffix (" | Site", " - Site", " — Site") or a
    # section prefix of one or two words ("Opinion | ") removed.
    for sep in (" | ", " - ", " – ", " — ", " :: ", " · "):
        if sep not in t:
            continue
        head, tail = t.split(sep, 1)
        if t.rsplit(sep, 1)[0].strip() == g or (len(head.split()) <= 2 and tail.strip() == g):
            return True
    return False


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    folder, meta_path = sys.argv[1], sys.argv[2]
    with open(meta_path, encoding="utf-8") as f:
        gloss = json.load(f)
    counts = {k: [0, 0, 0] for k in ("title", "author", "date")}   # declared, filled, agrees
    misses = {k: [] for k in counts}
    for page_id in sorted(gloss):
        path = os.path.join(folder, "html", page_id + ".html.gz")
        if not os.path.exists(path):
            continue
        with gzip.open(path, "rb") as f:
            raw = f.read().decode("utf-8", errors="replace")
        title, authors, dates = declared(raw)
        g = gloss[page_id]
        if title:
            c = counts["title"]
            c[0] += 1
            c[1] += bool(g.get("title"))
            ok = title_agrees(g.get("title"), title)
            c[2] += ok
            if not ok:
                misses["title"].append((page_id[:8], title[:70], (g.get("title") or "")[:70]))
        if authors:
            c = counts["author"]
            c[0] += 1
            c[1] += bool(g.get("author"))
            ok = any(fold(a) in fold(g.get("author") or "") for a in authors)
            c[2] += ok
            if not ok:
                misses["author"].append((page_id[:8], "; ".join(authors)[:70], (g.get("author") or "")[:70]))
        if dates:
            c = counts["date"]
            c[0] += 1
            c[1] += bool(g.get("published"))
            ok = day(g.get("published")) in dates
            c[2] += ok
            if not ok:
                misses["date"].append((page_id[:8], ", ".join(sorted(set(dates)))[:70], g.get("published") or ""))
    print("Metadata on the pages that declare it (read again by bench/article-metadata.py):")
    print("%-8s %9s %16s %16s" % ("", "declared", "filled", "agrees"))
    for key, (n, filled, agrees) in counts.items():
        pct = lambda x: "%4d (%5.1f%%)" % (x, 100.0 * x / n) if n else "   -"
        print("%-8s %9d %16s %16s" % (key, n, pct(filled), pct(agrees)))
    if "-v" in os.environ.get("GLOSS_BENCH_VERBOSE", "") or os.environ.get("GLOSS_BENCH_VERBOSE"):
        for key, rows in misses.items():
            for row in rows:
                print("  %s %s: declared %r, Gloss %r" % (key, row[0], row[1], row[2]))


if __name__ == "__main__":
    main()

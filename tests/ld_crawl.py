#!/usr/bin/env python3
"""ld_crawl.py — crawls a running `sila serve` the way a linked-data client
and a person would, and fails on any broken link.

    ld_crawl.py URL BASE IRI_FILE

URL is the server ("http://127.0.0.1:PORT"), BASE the canonical base of the
data ("https://dati.calabria.it"), IRI_FILE the IRIs under BASE that occur
in the store, one a line (from `sila query`).  Every IRI is dereferenced
(its path on the server, Accept: text/html and Accept: text/turtle,
redirects followed), every page reached is parsed and every link (a href,
link href, img/script src, form action of GET forms) on the server is
followed in turn.  Any 404 or 5xx is a broken link.  Resource pages
(/doc/, /onto/, /set/…/…) must have a human title: a <title> that is not an
IRI; no page (but search and query results) names a portal resource by its
bare IRI in a link.  Prints the numbers and exits 1 when anything is broken.

Every IRI of the store is dereferenced and its page's title checked, but the
links of the pages of IRIs made by one template (same path but for the last
segment: the 1,725 daily observations of datasets/covid19-*, the 404
municipalities) are followed for the first FOLLOW_PER_TEMPLATE of them only:
their links have the same shape, and following all of them quadrupled the
crawl (8 s to ~85 s) and neared MAX_PAGES.
Only the standard library: no pip packages.
"""
import html
import html.parser
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

MAX_PAGES = 5000
FOLLOW_PER_TEMPLATE = 100
TITLE = re.compile(r"<title>(.*?)</title>", re.S | re.I)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url, accept, hops=5):
    """GET url following redirects by hand: (status, final url, headers, body)."""
    for _ in range(hops):
        req = urllib.request.Request(url, headers={"Accept": accept})
        try:
            with OPENER.open(req, timeout=30) as r:
                return r.status, url, r.headers, r.read()
        except urllib.error.HTTPError as e:
            if e.code in (301, 302, 303, 307, 308) and e.headers.get("Location"):
                url = urllib.parse.urljoin(url, e.headers["Location"])
                continue
            return e.code, url, e.headers, e.read()
        except Exception as e:  # connection reset, timeout: count as broken
            return 599, url, {}, str(e).encode()
    return 598, url, {}, b"too many redirects"


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []
        self.title = ""
        self.in_title = False
        self.anchors = []  # (href, text) of <a> elements
        self.in_a = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "title":
            self.in_title = True
        if tag == "a" and a.get("href"):
            self.in_a = [a["href"], ""]
        for name in ("href", "src"):
            if a.get(name) and tag in ("a", "link", "img", "script"):
                self.links.append(a[name])
        if tag == "form" and a.get("action") and (a.get("method") or "get").lower() == "get":
            self.links.append(a["action"])

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag == "a" and self.in_a:
            self.anchors.append(tuple(self.in_a))
            self.in_a = None

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        if self.in_a:
            self.in_a[1] += data


def is_resource_page(path):
    return path.startswith("/doc/") or path.startswith("/onto/") or (
        path.startswith("/set/") and path.count("/") > 2)


def main():
    server, base, iri_file = sys.argv[1].rstrip("/"), sys.argv[2].rstrip("/"), sys.argv[3]
    host = urllib.parse.urlsplit(server).netloc
    broken = []       # (what, url, status, where from)
    iris = [l.strip() for l in open(iri_file, encoding="utf-8") if l.strip()]
    # and every IRI under the base that VoID and the catalogue announce
    # (linksets, dumps, distributions): announced means served
    for doc in ("/void.nt", "/catalogo.nt", "/onto.nt"):
        status, _, _, body = fetch(server + doc, "application/n-triples")
        if status != 200:
            broken.append(("document", server + doc, status, "crawl"))
            continue
        for iri in re.findall(r"<(" + re.escape(base) + r"/[^>]*)>", body.decode("utf-8")):
            if iri not in iris:
                iris.append(iri)
    raw_titles = []   # (url, title)
    raw_links = set()  # (page, text): a portal resource linked by its bare IRI
    seen = set()
    queue = []

    def enqueue(url, source):
        url = urllib.parse.urldefrag(url)[0]
        if urllib.parse.urlsplit(url).netloc != host or url in seen:
            return
        seen.add(url)
        queue.append((url, source))

    # 1. every IRI of the data, as a person (HTML, its title checked) and as
    # a machine (Turtle); the links of its page are followed in 2. for the
    # first FOLLOW_PER_TEMPLATE IRIs of each template (see the docstring)
    per_template = {}
    sampled_out = 0
    for iri in iris:
        path = iri[len(base):] or "/"
        url = server + path
        html_page = url
        for accept in ("text/html", "text/turtle"):
            status, final, headers, body = fetch(url, accept)
            if status == 404 or status >= 500:
                broken.append(("IRI " + accept, iri, status, "store"))
            elif accept == "text/html" and status == 200 and body and \
                    headers.get("Content-Type", "").startswith("text/html"):
                html_page = final
                m = TITLE.search(body.decode("utf-8", "replace"))
                title = html.unescape(m.group(1)).split(" — ")[0].strip() if m else ""
                if is_resource_page(urllib.parse.urlsplit(final).path) and (
                        title.startswith("http://") or title.startswith("https://") or not title):
                    raw_titles.append((final, title))
        template = path.rsplit("/", 1)[0]
        per_template[template] = per_template.get(template, 0) + 1
        if per_template[template] > FOLLOW_PER_TEMPLATE and url not in seen:
            # checked above, links not followed (also where it redirects to)
            seen.add(urllib.parse.urldefrag(url)[0])
            seen.add(urllib.parse.urldefrag(html_page)[0])
            sampled_out += 1
            continue
        enqueue(url, "IRI " + iri)
    enqueue(server + "/", "home")

    # 2. every link of every page reached
    links_checked = 0
    pages = 0
    while queue and pages < MAX_PAGES:
        url, source = queue.pop(0)
        status, final, headers, body = fetch(url, "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8")
        links_checked += 1
        if status == 404 or status >= 500:
            broken.append(("link", url, status, source))
            continue
        ctype = headers.get("Content-Type", "") if headers else ""
        if status != 200 or not ctype.startswith("text/html"):
            continue
        pages += 1
        p = Links()
        try:
            p.feed(body.decode("utf-8"))
        except UnicodeDecodeError:
            broken.append(("not UTF-8", url, status, source))
            continue
        path = urllib.parse.urlsplit(final).path
        title = p.title.split(" — ")[0].strip()
        if is_resource_page(path) and (title.startswith("http://") or
                                       title.startswith("https://") or not title) and \
                (final, title) not in raw_titles:  # not already seen in 1.
            raw_titles.append((final, title))
        for link in p.links:
            enqueue(urllib.parse.urljoin(final, link), final)
        if not path.startswith("/sparql") and not path.startswith("/search"):
            for href, text in p.anchors:
                if text.strip().startswith(base + "/"):
                    raw_links.add((path, text.strip()))

    print("crawl: %d IRIs (of the store, VoID and the catalogue) dereferenced as HTML and Turtle, %d links checked, "
          "%d pages parsed (the links of %d pages of IRIs made by a template beyond the first %d "
          "not followed)" % (len(iris), links_checked, pages, sampled_out, FOLLOW_PER_TEMPLATE))
    print("crawl: %d broken, %d resource pages titled with a raw IRI, %d links to portal "
          "resources named by their bare IRI" % (len(broken), len(raw_titles), len(raw_links)))
    for what, url, status, source in broken:
        print("BROKEN %s %s -> %s (from %s)" % (what, url, status, source))
    for url, title in raw_titles:
        print("RAW TITLE %s: %r" % (url, title))
    for page, text in sorted(raw_links):
        print("RAW LINK TEXT on %s: %s" % (page, text))
    if queue:
        print("FAIL: more than %d pages: the crawl stopped" % MAX_PAGES)
        return 1
    return 1 if broken or raw_titles or raw_links else 0


if __name__ == "__main__":
    sys.exit(main())

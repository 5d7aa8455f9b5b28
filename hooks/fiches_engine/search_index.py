"""The site's search index, made by Pagefind from the built pages.

Why Pagefind rather than mkdocs-material's lunr search: it stems French
(projets -> projet), folds accents (chargee -> chargée), splits its index into
small pieces fetched per query (a first search downloads a few hundred KB at
5,000 métiers, against megabytes for material's single search_index.json), and
filters by kind of page. The pages mark what it indexes (data-pagefind-body)
and their kind (data-pagefind-filter="type").

Pagefind comes from npm (package.json, pinned in package-lock.json), not from
PyPI, which stops at 1.5.2. Measured in chromium on a 5,000-métier site, for
words found on most pages: 1.5.2 searched in 70-220 ms; 1.6.0 in 40-90 ms with
one index per kind merged in the browser, and 30-50 ms with the single index
made here, which 1.5.2 could not make reproducibly (it wrote its filters in a
different order at each run; 1.6.0 writes the same bytes every time).

One thing Pagefind does not do for French is elision: it indexes
« l'insertion » as one word, which a search for « insertion » misses. Each page
is handed to Pagefind with a space after elided articles (the published page
is unchanged), and the search box strips them from queries.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

OUTPUT = "pagefind"  # the index, at the site's root
# An apostrophe before a letter, as typed or as HTML-escaped by the templates (« d&#39;analyse »);
# it ends an elision when the word before it is an elided article or pronoun.
_APOSTROPHE = re.compile(r"(?:['’]|&#39;|&#x27;|&rsquo;)(?=\w)")
_ELIDED = re.compile(r"(?i)(?:^|\W)(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)$")


class SearchIndexError(RuntimeError):
    pass


def split_elisions(html: str) -> str:
    """``l'insertion`` -> ``l' insertion`` in a page given to Pagefind.

    The whole page, tags included: an apostrophe inside a tag of the copy is
    harmless (Pagefind reads text and alt texts). The search starts from the
    apostrophes, a few per page, rather than from every word (one regular
    expression of the whole elision took 1.3 ms a page, this 0.1 ms).
    """
    def split(apostrophe: re.Match[str]) -> str:
        start = apostrophe.start()
        return apostrophe[0] + " " if _ELIDED.search(html, max(0, start - 8), start) else apostrophe[0]

    return _APOSTROPHE.sub(split, html)


def find_pagefind(project_dir: str | Path) -> str:
    """Pagefind's command, as npm installs it in the project's node_modules/.

    Raises SearchIndexError, in French, with what to do when it is not there.
    """
    found = shutil.which("pagefind", path=str(Path(project_dir) / "node_modules" / ".bin"))
    if found is None:
        raise SearchIndexError(
            "Pagefind, l'outil qui construit l'index de recherche, est introuvable dans node_modules/ : "
            "lancez « bash scripts/setup.sh » (ou « npm ci ») à la racine du projet, puis reconstruisez.")
    return found


_BODY = "<div data-pagefind-body"
_HTML = re.compile(r"<html[^>]*>")


def index_copy(html: str) -> str | None:
    """What Pagefind reads of a page: the part it indexes, elisions split; None if none.

    Only that part, from the element marked data-pagefind-body to the end of
    material's <article>, in the page's own <html> element (its lang chooses
    the stemmer): Pagefind ignores the rest of such a page, and reading three
    times less HTML makes the indexing about twice as fast.
    """
    start = html.find(_BODY)
    if start < 0:
        return None
    end = html.find("</article>", start)
    opening = _HTML.search(html, 0, start)
    return (f'<!doctype html>{opening[0] if opening else "<html>"}<head><meta charset="utf-8"></head><body>'
            f"{split_elisions(html[start:end if end >= 0 else len(html)])}</body></html>")


def _scratch(size: int) -> str | None:
    """Where to write the copies: in memory (/dev/shm) when it has room for twice ``size`` bytes.

    Creating thousands of small files and folders on disk took 10 to 13 s at
    5,000 métiers on this project's machines, and 2 s in memory.
    """
    try:
        stats = os.statvfs("/dev/shm")
    except (OSError, AttributeError):  # no /dev/shm (macOS), no statvfs (Windows)
        return None
    return "/dev/shm" if stats.f_bavail * stats.f_frsize > 2 * size and os.access("/dev/shm", os.W_OK) else None


def build_search_index(site_dir: str | Path, pagefind: str) -> int:
    """Index the pages of ``site_dir`` that ask for it into ``site_dir/pagefind/``: how many.

    Pagefind's command line indexes copies of those pages (``index_copy``),
    which keep their paths so that results give the real URLs. (Pagefind's
    Python API takes the same HTML page by page, but each page is a round
    trip to its service: minutes at 5,000 métiers, against seconds here.)
    Raises SearchIndexError with Pagefind's words. With no page to index there
    is no index, and the search box says it cannot search.
    """
    site = Path(site_dir)
    top = str(site)
    # os functions and plain strings: thousands of files, and pathlib's objects cost more than the work
    pages_found: list[tuple[str, str]] = []  # (folder relative to the site, file name)
    for folder, dirs, names in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d != OUTPUT or folder != top)
        pages_found += [(os.path.relpath(folder, top), name) for name in sorted(names) if name.endswith(".html")]
    size = sum(os.path.getsize(os.path.join(top, folder, name)) for folder, name in pages_found)
    with tempfile.TemporaryDirectory(prefix="fiches-recherche-", dir=_scratch(size)) as work:
        pages = 0
        try:
            made: set[str] = set()
            for folder, name in pages_found:
                with open(os.path.join(top, folder, name), encoding="utf-8") as file:
                    copy = index_copy(file.read())
                if copy is None:
                    continue
                if folder not in made:
                    os.makedirs(os.path.join(work, folder), exist_ok=True)
                    made.add(folder)
                with open(os.path.join(work, folder, name), "w", encoding="utf-8") as file:
                    file.write(copy)
                pages += 1
            if not pages:
                return 0
            result = subprocess.run([pagefind, "--site", work, "--output-path", str(site / OUTPUT), "--quiet"],
                                    capture_output=True, text=True)
        except OSError as error:
            raise SearchIndexError(f"l'index de recherche n'a pas pu être construit par Pagefind : {error}") from error
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind : {(result.stderr or result.stdout)[-2000:]}")
    if not (site / OUTPUT / "pagefind.js").is_file():
        raise SearchIndexError("l'index de recherche n'a pas été écrit par Pagefind.")
    return pages

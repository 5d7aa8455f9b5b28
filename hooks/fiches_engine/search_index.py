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
_ELISION = re.compile(r"(?i)\b(l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)(['’])(?=\w)")
_TAG = re.compile(r"(<[^>]*>)")


class SearchIndexError(RuntimeError):
    pass


def split_elisions(html: str) -> str:
    """``l'insertion`` -> ``l' insertion`` in the text of a page, never inside its tags."""
    parts = _TAG.split(html)
    return "".join(part if part.startswith("<") else _ELISION.sub(r"\1\2 ", part) for part in parts)


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


def build_search_index(site_dir: str | Path, pagefind: str) -> int:
    """Index the pages of ``site_dir`` that ask for it into ``site_dir/pagefind/``: how many.

    Pagefind's command line indexes elision-split copies of those pages, which
    keep their paths so that results give the real URLs. (Pagefind's Python
    API takes the same HTML page by page, but each page is a round trip to its
    service: minutes at 5,000 métiers, against seconds here.) Raises
    SearchIndexError with Pagefind's words. With no page to index there is no
    index, and the search box says it cannot search.
    """
    site = Path(site_dir)
    with tempfile.TemporaryDirectory(prefix="fiches-recherche-") as work:
        pages = 0
        try:
            for folder, dirs, names in os.walk(site):
                dirs[:] = sorted(d for d in dirs if d != OUTPUT or Path(folder) != site)
                for name in sorted(names):
                    if not name.endswith(".html"):
                        continue
                    page = Path(folder, name)
                    html = page.read_text(encoding="utf-8")
                    if "data-pagefind-body" not in html:
                        continue
                    target = Path(work, page.relative_to(site))
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text(split_elisions(html), encoding="utf-8")
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

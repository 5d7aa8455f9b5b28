"""The site's search index, made by Pagefind from the built pages.

Why Pagefind rather than mkdocs-material's lunr search: it stems French
(projets -> projet), folds accents (chargee -> chargée), splits its index into
small pieces fetched per query (a first search downloads a few hundred KB at
5,000 métiers, against megabytes for material's single search_index.json), and
filters by kind of page. The pages mark what it indexes (data-pagefind-body).

Pagefind writes its filters in an order that changes from run to run, which
would break reproducible builds; so there is one index per kind of page
(pagefind/metiers/, ...) and no filter in them: the search box merges them and
tags each with its kind (Pagefind's mergeFilter), which gives the same filters.

One thing Pagefind does not do for French is elision: it indexes
« l'insertion » as one word, which a search for « insertion » misses. Each page
is handed to Pagefind with a space after elided articles (the published page
is unchanged), and the search box strips them from queries.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

OUTPUT = "pagefind"
KINDS = ("metiers", "temoignages", "offres")  # one index each, under pagefind/<kind>/
_ELISION = re.compile(r"(?i)\b(l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)(['’])(?=\w)")
_TAG = re.compile(r"(<[^>]*>)")


class SearchIndexError(RuntimeError):
    pass


def split_elisions(html: str) -> str:
    """``l'insertion`` -> ``l' insertion`` in the text of a page, never inside its tags."""
    parts = _TAG.split(html)
    return "".join(part if part.startswith("<") else _ELISION.sub(r"\1\2 ", part) for part in parts)


def _index(site: Path, kind: str, work: Path) -> int:
    """Index the pages of one kind with Pagefind's command line, from elision-split copies.

    The copies keep the pages' paths, so Pagefind gives results the real URLs.
    (Pagefind's Python API takes the same HTML page by page, but each page is a
    round trip to its service: minutes at 5,000 métiers, against seconds here.)
    """
    copy = work / kind
    pages = 0
    for page in sorted((site / kind).rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        if "data-pagefind-body" not in html:
            continue
        target = copy / page.relative_to(site)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(split_elisions(html), encoding="utf-8")
        pages += 1
    if not pages:
        return 0
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(copy), "--output-path", str(site / OUTPUT / kind), "--quiet"],
        capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind : {(result.stderr or result.stdout)[-2000:]}")
    return pages


def build_search_index(site_dir: str | Path) -> dict[str, int]:
    """Index ``site_dir`` into ``site_dir/pagefind/<kind>/``: pages indexed per kind.

    Raises SearchIndexError with Pagefind's words. A kind with no page to
    index (no open offer) gets no index; pagefind/index.json lists those there are.
    """
    site = Path(site_dir)
    with tempfile.TemporaryDirectory(prefix="fiches-recherche-") as work:
        try:
            counts = {kind: _index(site, kind, Path(work)) for kind in KINDS}
        except OSError as error:
            raise SearchIndexError(f"l'index de recherche n'a pas pu être construit par Pagefind : {error}") from error
    for kind, count in counts.items():
        if count and not (site / OUTPUT / kind / "pagefind.js").is_file():
            raise SearchIndexError(f"l'index de recherche des {kind} n'a pas été écrit par Pagefind.")
    (site / OUTPUT).mkdir(exist_ok=True)
    (site / OUTPUT / "index.json").write_text(
        json.dumps([kind for kind in KINDS if counts[kind]]), encoding="utf-8")
    return counts

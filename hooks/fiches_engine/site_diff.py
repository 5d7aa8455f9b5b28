"""Which pages a change adds, modifies or removes: two built sites compared page by page.

    python -m fiches_engine.site_diff SITE_DE_DEPART SITE_PROPOSE [--apercu URL]

prints a French Markdown section for the summary of a pull request's check (GitHub's job summary).
Both sites must be built with the same SOURCE_DATE_EPOCH: the build day decides which offers are
open, and so what several pages say.

What is compared is what a reader reads on each page: the content of Material's
<article class="md-content__inner ...">, which holds the fiche, the list or the guide (and the
« Modifier cette page » link). The page around it is left out on purpose:
- the navigation (tabs, side menu) is repeated on every page: a new hand-written page in the menu
  would otherwise mark every page as modified and bury the few that matter;
- the <head> (asset addresses with their hashes, the canonical address, the title, which repeats
  the <h1> that the article holds) changes with a new version of the theme or of the site's
  address, not with what a page says;
- the footer and the scripts are the same on every page.
A page without such an article (none today) is compared whole.

Only pages (*.html) are listed. The data files that follow them are not: the explorer's JSON, the
search index (Pagefind's fragments change with any change of content), the sitemap. A reader does
not open them, and every change they carry is already a change of the pages they come from.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

MAX_LISTED = 200  # pages listed per section; the rest are counted
_READER_ARTICLE = re.compile(r'<article\b[^>]*\bclass="md-content__inner\b[^"]*"[^>]*>')
_ARTICLE_TAG = re.compile(r"<(/?)article\b[^>]*>", re.IGNORECASE)


@dataclass
class SiteDiff:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def reader_view(html: str) -> str:
    """The part of a page a reader reads: Material's content <article>, or the whole page without one.

    A fiche's text may hold <article> elements of its own (HTML is allowed in Markdown), so the
    end is the </article> that closes the content article, not the first one met.
    """
    start = _READER_ARTICLE.search(html)
    if start is None:
        return html
    depth = 0
    for tag in _ARTICLE_TAG.finditer(html, start.start()):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return html[start.start():tag.end()]
    return html[start.start():]


def url_of(relative: str) -> str:
    """The address of a page from its file, as the site serves it: metiers/x/index.html -> /metiers/x/."""
    if relative == "index.html" or relative.endswith("/index.html"):
        relative = relative[: -len("index.html")]
    return "/" + relative


def pages(site: Path) -> dict[str, str]:
    """URL path of every page of a built site -> digest of what a reader reads of it."""
    found: dict[str, str] = {}
    top = str(site)
    for folder, dirs, names in os.walk(top):
        dirs.sort()
        for name in sorted(names):
            if not name.endswith(".html"):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8", errors="replace") as file:
                view = reader_view(file.read())
            found[url_of(os.path.relpath(path, top).replace(os.sep, "/"))] = \
                hashlib.sha256(view.encode("utf-8")).hexdigest()
    return found


def compare(old: Path, new: Path) -> SiteDiff:
    before, after = pages(old), pages(new)
    return SiteDiff(
        added=sorted(after.keys() - before.keys()),
        changed=sorted(url for url in after.keys() & before.keys() if after[url] != before[url]),
        removed=sorted(before.keys() - after.keys()),
    )


def _section(title: str, urls: list[str]) -> list[str]:
    if not urls:
        return []
    lines = [f"**{title} ({len(urls)})**", ""]
    lines += [f"- `{url}`" for url in urls[:MAX_LISTED]]
    if len(urls) > MAX_LISTED:
        lines.append(f"- … et {len(urls) - MAX_LISTED} autres")
    return lines + [""]


def summary(diff: SiteDiff | None, apercu: str | None = None) -> str:
    """The French Markdown section: pages added, modified, removed, and the preview to download.

    ``diff`` is None when the site of the starting point could not be built.
    """
    lines = ["## Pages du site", ""]
    if diff is None:
        lines += [("La comparaison avec la version de départ n'est pas disponible : le site de départ n'a "
                   "pas pu être construit."), ""]
    elif not (diff.added or diff.changed or diff.removed):
        lines += ["Aucune page ne change.", ""]
    else:
        lines += _section("Pages ajoutées", diff.added)
        lines += _section("Pages modifiées", diff.changed)
        lines += _section("Pages supprimées", diff.removed)
    if apercu:
        # Opening index.html from the unzipped folder shows the home page, but its links lead to
        # folders (metiers/x/) that a browser does not open as pages: the site must be served.
        lines += [(f"Aperçu du site à télécharger : [le site construit (zip)]({apercu}). Pour le parcourir, "
                   "décompressez-le, lancez `python3 -m http.server` dans son dossier et ouvrez "
                   "http://127.0.0.1:8000/ dans le navigateur."), ""]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fiches_engine.site_diff",
                                     description="Lister les pages ajoutées, modifiées ou supprimées.")
    parser.add_argument("depart", type=Path, help="site de départ (absent : comparaison indisponible)")
    parser.add_argument("propose", type=Path, help="site proposé")
    parser.add_argument("--apercu", help="adresse de l'aperçu du site à télécharger")
    args = parser.parse_args(argv)
    if not args.propose.is_dir():
        print(f"site_diff : le site proposé est introuvable : {args.propose}", file=sys.stderr)
        return 2
    diff = compare(args.depart, args.propose) if args.depart.is_dir() else None
    print(summary(diff, args.apercu))
    return 0


if __name__ == "__main__":
    sys.exit(main())

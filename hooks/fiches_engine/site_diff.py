"""Which pages a change adds, modifies or removes: two built sites compared page by page.

    python -m fiches_engine.site_diff SITE_DE_DEPART SITE_PROPOSE [--apercu URL]

prints a French Markdown section for the summary of a pull request's check (GitHub's job summary).
Both sites must be built with the same SOURCE_DATE_EPOCH.

Only what a reader sees of each page is compared: the content of material's <article> (the
fiche, the list, the guide), not the page around it. The navigation, the header and the scripts'
addresses are the same on every page, so a change there (a new hand-written page in the menu, a
new version of the theme) would otherwise mark every page as modified and hide the ones that
matter. Data files (the explorer's JSON, the search index, the sitemap) are left out: they follow
the pages, and the search index changes with any change of content.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

MAX_LISTED = 200  # pages listed per section; the rest are counted
_ARTICLE = '<article class="md-content__inner'


@dataclass
class SiteDiff:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def reader_view(html: str) -> str:
    """The part of a page a reader reads: material's <article>, or the whole page if it has none."""
    start = html.find(_ARTICLE)
    if start < 0:
        return html
    end = html.find("</article>", start)
    return html[start:end if end >= 0 else len(html)]


def _pages(site: Path) -> dict[str, str]:
    """URL path of every page -> digest of what a reader sees of it."""
    pages: dict[str, str] = {}
    top = str(site)
    for folder, dirs, names in os.walk(top):
        dirs.sort()
        for name in sorted(names):
            if not name.endswith(".html"):
                continue
            rel = os.path.relpath(os.path.join(folder, name), top).replace(os.sep, "/")
            url = "/" + (rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel)
            with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as file:
                pages[url] = hashlib.sha256(reader_view(file.read()).encode("utf-8")).hexdigest()
    return pages


def compare(old: Path, new: Path) -> SiteDiff:
    before, after = _pages(old), _pages(new)
    return SiteDiff(
        added=sorted(set(after) - set(before)),
        changed=sorted(url for url in set(after) & set(before) if after[url] != before[url]),
        removed=sorted(set(before) - set(after)),
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
    """The French Markdown section: pages added, modified, removed, and the preview to download."""
    lines = ["## Pages du site", ""]
    if diff is None:
        lines += ["La comparaison avec la version de départ n'est pas disponible : le site de départ n'a pas "
                  "pu être construit.", ""]
    elif not (diff.added or diff.changed or diff.removed):
        lines += ["Aucune page ne change.", ""]
    else:
        lines += _section("Pages ajoutées", diff.added)
        lines += _section("Pages modifiées", diff.changed)
        lines += _section("Pages supprimées", diff.removed)
    if apercu:
        lines += [f"Aperçu du site à télécharger : [le site construit]({apercu}) "
                  "(un fichier zip : ouvrez `index.html` après l'avoir décompressé).", ""]
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

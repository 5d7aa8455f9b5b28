"""Long lists cut into pages that plain links join, as mkdocs-material's blog does:
page 1 at the list's own URL, page n at ``page/n/`` under it, and a page bar that
shows the first and last pages and two on each side of the current one (material's
``~2~`` format). Sorted lists also get a letter bar: each letter links to the page,
and the item, where it starts.

``page/n/`` cannot meet a fiche or a taxonomy value: those are one folder deep
(``metiers/page/`` for a fiche named "page"), list pages two (``metiers/page/2/``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence, TypeVar

T = TypeVar("T")

RADIUS = 2  # pages shown on each side of the current one


def page_url(base: str, number: int) -> str:
    """``metiers/`` -> ``metiers/`` for page 1, ``metiers/page/2/`` for page 2."""
    return base if number == 1 else f"{base}page/{number}/"


def page_src(base: str, number: int) -> str:
    """Where page n of the list at ``base`` stands among the sources (directory URLs)."""
    return f"{base}index.md" if number == 1 else f"{base}page/{number}.md"


def split(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """Pages of at most ``size`` items; an empty list still has its (empty) first page."""
    return [items[i:i + size] for i in range(0, len(items), size)] or [items[:0]]


@dataclass(frozen=True)
class Letter:
    letter: str
    page: int
    index: int  # position of the letter's first item in the whole list


def letters(items: Sequence[T], size: int, initial: Callable[[T], str]) -> list[Letter]:
    """Where each letter starts in a sorted list cut in pages of ``size``."""
    out: list[Letter] = []
    for index, item in enumerate(items):
        letter = initial(item)
        if not out or out[-1].letter != letter:
            out.append(Letter(letter, index // size + 1, index))
    return out


def anchor(letter: str) -> str:
    return "lettre-" + ("autres" if letter == "#" else letter.lower())


def letter_bar(base: str, found: list[Letter]) -> list[dict[str, str]]:
    """The letter bar's links; nothing when the list has a single letter."""
    if len(found) < 2:
        return []
    return [{"lettre": x.letter, "url": f"{page_url(base, x.page)}#{anchor(x.letter)}"} for x in found]


def anchors_on_page(found: list[Letter], number: int, size: int) -> dict[int, str]:
    """Position within page ``number`` -> the id of the letter starting there."""
    return {x.index - (number - 1) * size: anchor(x.letter) for x in found if x.page == number}


def page_bar(base: str, number: int, pages: int) -> dict[str, Any] | None:
    """What the page bar shows, or None for a list of one page."""
    if pages < 2:
        return None
    shown = sorted({1, pages, *range(max(1, number - RADIUS), min(pages, number + RADIUS) + 1)})
    links: list[dict[str, Any]] = []
    for previous, n in zip([0, *shown], shown):
        if n - previous > 1:
            links.append({"numero": None})  # a gap, shown as "…"
        links.append({"numero": n, "url": page_url(base, n), "courante": n == number})
    return {
        "page": number, "pages": pages, "liens": links,
        "precedente": page_url(base, number - 1) if number > 1 else None,
        "suivante": page_url(base, number + 1) if number < pages else None,
    }

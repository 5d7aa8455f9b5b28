"""Long lists cut into pages that plain links join, as mkdocs-material's blog does:
page 1 at the list's own URL, page n at ``page/n/`` under it, and a page bar that
shows the first and last pages and two on each side of the current one (material's
``~2~`` format). Sorted lists also get a letter bar: each letter links to the page,
and the item, where it starts.

A list is cut where its items say, not every n items (``split``): adding or removing
an item changes the page it is on, seldom the following ones, so a preview writes
one page of a list again rather than every page after the edit.

``page/n/`` cannot meet a fiche or a taxonomy value: those are one folder deep
(``metiers/page/`` for a fiche named "page"), list pages two (``metiers/page/2/``).
"""

from __future__ import annotations

from dataclasses import dataclass
import zlib
from typing import Any, Callable, Sequence, TypeVar

T = TypeVar("T")

RADIUS = 2  # pages shown on each side of the current one


def page_url(base: str, number: int) -> str:
    """``metiers/`` -> ``metiers/`` for page 1, ``metiers/page/2/`` for page 2."""
    return base if number == 1 else f"{base}page/{number}/"


def page_src(base: str, number: int) -> str:
    """Where page n of the list at ``base`` stands among the sources (directory URLs)."""
    return f"{base}index.md" if number == 1 else f"{base}page/{number}.md"


def split(items: Sequence[T], size: int, key: Callable[[T], str]) -> list[Sequence[T]]:
    """Pages of at most ``size`` items and, but the last, at least half that; an empty list still
    has its (empty) first page.

    A page ends after an item whose ``key`` (unique in the list) draws a number that says so, once
    the page has half its size: where pages end depends on the items around, not on their
    position. Cut every ``size`` items, one compétence added to a list of 16,000 moved one value
    onto each of the following pages, and a preview wrote 65 pages again (the way rsync and backup
    tools cut files into chunks, for the same reason)."""
    half = max(1, size // 2)
    pages: list[Sequence[T]] = []
    start = 0
    for i, item in enumerate(items):
        length = i - start + 1
        if length >= size or (length >= half and zlib.crc32(key(item).encode("utf-8")) % half == 0):
            pages.append(items[start:i + 1])
            start = i + 1
    if start < len(items) or not pages:
        pages.append(items[start:])
    return pages


def page_of(chunks: Sequence[Sequence[T]], index: int) -> int:
    """The number of the page that holds the item at ``index`` of the whole list."""
    for number, chunk in enumerate(chunks, 1):
        if index < len(chunk):
            return number
        index -= len(chunk)
    return len(chunks)


@dataclass(frozen=True)
class Letter:
    letter: str
    page: int
    position: int  # of the letter's first item on its page


def letters(chunks: Sequence[Sequence[T]], initial: Callable[[T], str]) -> list[Letter]:
    """Where each letter starts in a sorted list cut in pages."""
    out: list[Letter] = []
    for number, chunk in enumerate(chunks, 1):
        for position, item in enumerate(chunk):
            letter = initial(item)
            if not out or out[-1].letter != letter:
                out.append(Letter(letter, number, position))
    return out


def anchor(letter: str) -> str:
    return "lettre-" + ("autres" if letter == "#" else letter.lower())


def letter_bar(base: str, found: list[Letter]) -> list[dict[str, str]]:
    """The letter bar's links; nothing when the list has a single letter."""
    if len(found) < 2:
        return []
    return [{"lettre": x.letter, "url": f"{page_url(base, x.page)}#{anchor(x.letter)}"} for x in found]


def anchors_on_page(found: list[Letter], number: int) -> dict[int, str]:
    """Position within page ``number`` -> the id of the letter starting there."""
    return {x.position: anchor(x.letter) for x in found if x.page == number}


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

"""French formatting of dates and amounts, as readers expect them."""

from __future__ import annotations

import re
from datetime import date

from .slugs import slugify

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")


def format_date(d: date) -> str:
    """``date(2024, 2, 29)`` -> ``29 février 2024`` (``1er`` for the first day)."""
    day = "1er" if d.day == 1 else str(d.day)
    return f"{day} {MONTHS[d.month - 1]} {d.year}"


def format_month(d: date) -> str:
    return f"{MONTHS[d.month - 1]} {d.year}"


def format_number(value: float) -> str:
    """``2917`` -> ``2 917``; ``1234.5`` -> ``1 234,50``.

    Plain spaces, so the text is what people type and search for; the templates
    keep an amount on one line with CSS (white-space: nowrap).
    """
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", " ")
    whole, cents = f"{value:,.2f}".split(".")
    return f"{whole.replace(',', ' ')},{cents}"


def format_euros(value: float) -> str:
    return f"{format_number(value)} €"


def format_euro_range(low: int, high: int) -> str:
    if low == high:
        return format_euros(low)
    return f"{format_number(low)} à {format_euros(high)}"


# A word written in the inclusive form: "chargé·e", "chef·fe", "élu·e·s" (also with "." or "-"
# between the parts, as editors often type it: "chargé.e", "chargé-e" is left alone, too ambiguous).
_INCLUSIVE = re.compile(r"([^\W\d_]+)[·.]([a-zà-ÿ]{1,4})(?:[·.](s))?\b")


def inclusive_forms(text: str) -> list[str]:
    """The masculine and feminine forms a reader may type for an inclusive title.

    ``Chargé·e de missions`` -> ``["Chargé de missions", "Chargée de missions"]``;
    text without an inclusive word gives ``[]``.
    """
    if not _INCLUSIVE.search(text):
        return []
    masculine = _INCLUSIVE.sub(lambda m: m[1] + (m[3] or ""), text)
    feminine = _INCLUSIVE.sub(lambda m: m[1] + m[2] + (m[3] or ""), text)
    return [masculine, feminine]


def alphabetical(text: str) -> str:
    """The key that sorts French titles as a dictionary does: accents and case aside, so
    « Éducateur » comes between « Douanier » and « Fleuriste », not after « Zoologiste »."""
    return slugify(text)


def initial(text: str) -> str:
    """The letter a title files under in an alphabetical list; ``#`` for a digit or a sign."""
    first = alphabetical(text)[:1]
    return first.upper() if first.isalpha() else "#"

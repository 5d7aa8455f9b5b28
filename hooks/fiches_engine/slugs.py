"""Slugs: the file name of a fiche is its identifier and its URL."""

from __future__ import annotations

import functools
import re
import unicodedata

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@functools.lru_cache(maxsize=1 << 16)  # the same values at every rebuild of a preview
def slugify(text: str) -> str:
    """``Chargé·e de missions locales`` -> ``charge-e-de-missions-locales``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def is_slug(text: str) -> bool:
    return bool(SLUG_RE.match(text))

"""Lighter pages: the indentation of the theme's templates, removed.

mkdocs-material's templates are deeply indented, and that whitespace is a
fifth of a fiche page. Leading spaces of lines carry no meaning in HTML
outside <pre> and <textarea> (and in scripts, whose lines these are too),
so they go. A minifier (mkdocs-minify-plugin) would do more, at several
milliseconds a page; this is one regular expression.
"""

from __future__ import annotations

import re

_KEEP = re.compile(r"(<pre\b.*?</pre>|<textarea\b.*?</textarea>)", re.S | re.I)
# A line's indentation and the blank lines after it, in one pass (two passes took three times as long)
_INDENT = re.compile(r"\n[ \t\n]+")


def strip_indentation(html: str) -> str:
    parts = _KEEP.split(html)
    return "".join(part if i % 2 else _INDENT.sub("\n", part) for i, part in enumerate(parts))

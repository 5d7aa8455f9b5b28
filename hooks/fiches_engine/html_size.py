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
_INDENT = re.compile(r"\n[ \t]+")
_BLANK = re.compile(r"\n{2,}")


def strip_indentation(html: str) -> str:
    parts = _KEEP.split(html)
    return "".join(part if i % 2 else _BLANK.sub("\n", _INDENT.sub("\n", part)) for i, part in enumerate(parts))

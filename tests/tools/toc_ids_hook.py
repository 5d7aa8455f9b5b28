"""A test's MkDocs hook: which ids of each built page come from Markdown headings (page.toc).

tests/test_element_ids.py adds it to a copy of mkdocs.yml; the ids of a page that are not in its
toc are the templates' own. Written at post_build to the file named by FICHES_TOC_IDS.
"""

from __future__ import annotations

import json
import os
from typing import Any

_ids: dict[str, list[str]] = {}


def _walk(items: Any, into: list[str]) -> None:
    for item in items:
        into.append(item.id)
        _walk(item.children, into)


def on_post_page(output: str, page: Any, config: Any) -> str:
    _walk(page.toc, _ids.setdefault(page.file.dest_uri, []))
    return output


def on_post_build(config: Any) -> None:
    with open(os.environ["FICHES_TOC_IDS"], "w", encoding="utf-8") as file:
        json.dump(_ids, file)

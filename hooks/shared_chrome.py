"""Parts of material's page chrome rendered once for all the pages that get the same HTML.

Why: at 5,000 métiers, 26,000 pages rendered material's navigation, tabs, header, footer and
script tags, the same on every page that is not itself in the navigation but for its relative
links and its title: a third of the build. mkdocs-material has no such cache, so the glue keeps
one. It is part of the MkDocs layer (fiches_hooks.py), not of the content engine.

A shared part is a template in a ``{% call chrome_partage("name") %}`` block (overrides/main.html,
overrides/partials/). It may read the page only through which navigation item is active and the
links it writes with the ``url`` and ``script_tag`` filters, and, when it is given one, through a
``trou`` (hole): a text written verbatim once, the page's title in the header. The first rendering
of a part records the links it asks those filters for. A page's key is then its base_url and those
links as written for that page; pages with the same key get the same HTML, with their own text in
the hole. Pages in the navigation (an active item, a previous or a next page) and the 404 page are
rendered as usual. tests/test_lists.py builds a site with and without sharing and compares every
byte.
"""

from __future__ import annotations

import posixpath
from typing import Any

import jinja2

import mkdocs_private

FILTERS = ("url", "script_tag")


class SharedChrome:
    def __init__(self, env: jinja2.Environment, filters: dict[str, Any]) -> None:
        self.html: dict[tuple[Any, ...], str | tuple[str, str]] = {}
        self.asked = 0  # parts asked for, shared or not: the build's log says how many were rendered
        self.links: dict[str, tuple[list[list[str]], list[tuple[str, Any]]]] = {}
        self.recording: list[list[tuple[str, Any]]] = []
        self.filters = filters  # MkDocs' own, that this records
        for name in FILTERS:
            env.filters[name] = self._recorded(name)
        self._folders: tuple[str, list[str]] = ("", [])

    def _recorded(self, name: str) -> Any:
        original = self.filters[name]

        @jinja2.pass_context
        def recorded(context: Any, value: Any) -> Any:
            for calls in self.recording:
                calls.append((name, value))
            return original(context, value)

        return recorded

    def _page_folders(self, url: str) -> list[str]:
        """The folders a relative link starts from, as mkdocs.utils.get_relative_url reads a page's URL."""
        if self._folders[0] != url:
            head, tail = posixpath.split(url)
            folder = posixpath.normpath("/" + (head if "." in tail else url))
            self._folders = (url, [part for part in folder.split("/") if part])
        return self._folders[1]

    def _key(self, context: Any, name: str) -> tuple[Any, ...]:
        """The base URL and every link of the part as written for this page.

        A plain relative path (``metiers/``) written from a page is ``../`` for each of the page's
        folders after the ones it shares with the path, then the rest of the path: the number of
        folders and the number shared say it, and are cheaper to get than the link. Other links
        (absolute, anchors, script tags) are written by MkDocs's own filters."""
        targets, others = self.links[name]
        folders = self._page_folders(context["page"].url)
        shared = []
        for target in targets:
            count = 0
            for mine, theirs in zip(folders, target):
                if mine != theirs:
                    break
                count += 1
            shared.append(count)
        return (name, context["base_url"], len(folders), *shared,
                *(self.filters[f](context, value) for f, value in others))

    def _keep(self, key: tuple[Any, ...], html: str, hole: str | None) -> None:
        if hole is None:
            self.html[key] = html
        elif hole and html.count(hole) == 1:
            before, after = html.split(hole)
            self.html[key] = (before, after)
        # else the hole cannot be told from the rest: the next page with this key renders it again

    def render(self, context: Any, name: str, caller: Any, trou: Any = None) -> str:
        self.asked += 1
        page, nav = context.get("page"), context.get("nav")
        if page is None or nav is None or page.previous_page or page.next_page \
                or any(getattr(item, "active", False) for item in nav.items):
            return caller()
        hole = None if trou is None else str(trou)
        if name not in self.links:
            calls: list[tuple[str, Any]] = []
            self.recording.append(calls)
            try:
                html = caller()
            finally:
                self.recording.pop()
            self.links[name] = _split_links(calls)
            self._keep(self._key(context, name), html, hole)
            return html
        for calls in self.recording:  # a part inside a part being recorded
            targets, others = self.links[name]
            calls.extend(others)
            calls.extend(("url", "/".join(target) + "/") for target in targets)
        key = self._key(context, name)
        kept = self.html.get(key)
        if kept is None:
            html = caller()
            self._keep(key, html, hole)
            return html
        return kept if isinstance(kept, str) else kept[0] + hole + kept[1]


def _split_links(calls: list[tuple[str, Any]]) -> tuple[list[list[str]], list[tuple[str, Any]]]:
    """Plain relative paths as lists of folders, and the other links as they were asked for."""
    targets, others = [], []
    for f, value in dict.fromkeys((f, v) for f, v in calls if isinstance(v, str)) or []:
        if f == "url" and value and not value.startswith(("/", "#", ".")) and ":" not in value and "\\" not in value:
            targets.append([part for part in posixpath.normpath("/" + value).split("/") if part])
        else:
            others.append((f, value))
    others += [(f, v) for f, v in calls if not isinstance(v, str)]
    return targets, others


def install(env: jinja2.Environment, shared: bool) -> SharedChrome | None:
    """Give the templates ``chrome_partage``: sharing, or (shared=False, or MkDocs' link filters not
    as expected) every part rendered each time."""
    filters = mkdocs_private.link_filters(env, FILTERS) if shared else None
    if filters is None:
        env.globals["chrome_partage"] = lambda name, trou=None, caller=None: caller()
        return None
    chrome = SharedChrome(env, filters)
    env.globals["chrome_partage"] = jinja2.pass_context(
        lambda context, name, trou=None, caller=None: chrome.render(context, name, caller, trou))
    return chrome

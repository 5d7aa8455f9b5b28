"""What a preview must write again after an edit, and nothing more.

A preview (``mkdocs serve``) rebuilds the site after every save. At 5,000 métiers
the site has some 25,000 pages: rendering all of them takes about a minute,
while one edit changes a few dozen (the fiche, its compétence pages, the métiers
related to it, the lists). Each page of the plan sums up what it shows in a
cheap key (``page_key``: what its spec holds, and the facts of the corpus it
shows: site_pages.Facts); a page whose key is the one of the previous build, in
the same environment (templates, hand-written pages, configuration, synonyms,
date), is the same page, and is not written again. A page kept from the previous
build none of whose facts changed keeps its key without working it out again.
The test compares every page of such a rebuild with a full build of the same
content.

No site-generator notion here: the glue asks which pages to write, writes them,
and says when the build is done (``commit``) or failed (``forget``).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .site_pages import Facts, PageSpec


def page_key(spec: PageSpec, facts: Facts) -> int:
    """One number for everything a page shows (hash of tuples: the state lives in one process).
    What the spec holds is hashed once (a preview keeps the specs of what an edit did not touch,
    site_pages.PlanMemo); the facts it shows, from this build's."""
    if spec.fixed_key is None:
        spec.fixed_key = hash((spec.template, str(spec.title), str(spec.description), spec.body, spec.source,
                               spec.in_nav, spec.indexed, spec.feed, spec.fixed, spec.depends))
    return hash((spec.fixed_key, tuple(map(facts.value, spec.depends)), spec.inputs() if spec.inputs else None))


def tree_state(paths: Iterable[str]) -> tuple[tuple[str, int, int], ...]:
    """(path, modification time, size) of every file under ``paths``: a cheap "did anything change"."""
    out = []
    for top in paths:
        if os.path.isfile(top):
            stat = os.stat(top)
            out.append((top, stat.st_mtime_ns, stat.st_size))
            continue
        for folder, dirs, names in os.walk(top):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")  # Python's caches: not what a page is made of
            for name in sorted(names):
                path = os.path.join(folder, name)
                try:
                    stat = os.stat(path)
                except OSError:  # removed while walking
                    continue
                out.append((path, stat.st_mtime_ns, stat.st_size))
    return tuple(out)


def under(walked: tuple[tuple[str, int, int], ...], tops: Iterable[str]) -> tuple[tuple[str, int, int], ...]:
    """The part of a ``tree_state`` that lies in ``tops`` (files, or folders and all below)."""
    tops = tuple(tops)
    folders = tuple(top.rstrip(os.sep) + os.sep for top in tops)
    return tuple(entry for entry in walked if entry[0] in tops or entry[0].startswith(folders))


def installed_versions() -> tuple[tuple[str, str], ...]:
    """The name and version of every installed package (MkDocs, material, Markdown's extensions…)."""
    return tuple(sorted((d.metadata.get("Name") or "", d.version) for d in importlib.metadata.distributions()))


def project_state(walked: tuple[tuple[str, int, int], ...], settings: Mapping[str, str],
                  versions: tuple[tuple[str, str], ...]) -> str:
    """One digest of everything a preview's site is made from: every file it is made from (by
    modification time and size: ``tree_state``), ``settings`` (the day, the site's
    address, the environment variables that change pages) and ``versions`` (installed_versions).
    Another digest: the site must be made again. Stable from one process to the next, unlike
    ``page_key``."""
    return hashlib.blake2b(repr((walked, sorted(settings.items()), versions)).encode("utf-8"),
                           digest_size=20).hexdigest()


class Rebuilds:
    """What the previous successful build wrote: the key of each page (with its spec and the facts
    it was worked out from), and the text of each file (by group: the files MkDocs copies, those
    the hooks write)."""

    def __init__(self) -> None:
        self._environment: Any = None
        self._keys: dict[str, int] = {}
        self._specs: dict[str, PageSpec] = {}
        self._facts: Facts | None = None
        self._files: dict[str, dict[str, str]] = {}
        self._pending: tuple[Any, dict[str, int], dict[str, dict[str, str]], dict[str, PageSpec], Facts] | None = None
        self._everything = True  # this build writes every page and file

    def pages_to_write(self, environment: Any, pages: list[PageSpec], facts: Callable[[], Facts]) -> set[str] | None:
        """The src_uri of every page to write; None when everything must be (first build, or the
        environment changed: a template, a hand-written page, the configuration, the date)."""
        self._everything = environment != self._environment or not self._keys
        now = facts()
        keys = self._keys_of(pages, now)
        self._pending = (environment, keys, {}, {spec.src_uri: spec for spec in pages}, now)
        if self._everything:
            return None
        return {uri for uri, key in keys.items() if self._keys.get(uri) != key}

    def _keys_of(self, pages: list[PageSpec], facts: Facts) -> dict[str, int]:
        if self._everything or self._facts is None:
            return {spec.src_uri: page_key(spec, facts) for spec in pages}
        changed, specs, keys = facts.changed_since(self._facts), self._specs, self._keys
        return {spec.src_uri: keys[spec.src_uri]
                if specs.get(spec.src_uri) is spec and spec.inputs is None and changed.isdisjoint(spec.depends)
                else page_key(spec, facts) for spec in pages}

    def pages_gone(self, pages: Iterable[str]) -> list[str]:
        """Pages of the previous build that this one does not have (a fiche deleted or renamed)."""
        current = set(pages)
        return [uri for uri in self._keys if uri not in current]

    def files_to_write(self, group: str, files: dict[str, str]) -> tuple[dict[str, str], list[str]]:
        """Of ``files`` (path -> text), those that changed since the previous build, and the paths
        of the files of the same group it had that this build does not."""
        assert self._pending is not None
        self._pending[2][group] = files
        before = self._files.get(group, {})
        if self._everything:
            return files, []
        changed = {path: text for path, text in files.items() if before.get(path) != text}
        return changed, [path for path in before if path not in files]

    def commit(self) -> None:
        """The build went through: its pages and files are what the site holds."""
        if self._pending is not None:
            self._environment, self._keys, self._files, self._specs, self._facts = self._pending
        self._pending = None

    def assume(self, environment: Any, pages: list[PageSpec], files: dict[str, dict[str, str]],
               facts: Facts) -> None:
        """The site already holds these pages and files, made in this environment (a preview
        started again on a site its previous run left, from the same project_state)."""
        self._environment, self._files, self._facts = environment, files, facts
        self._keys = {spec.src_uri: page_key(spec, facts) for spec in pages}
        self._specs = {spec.src_uri: spec for spec in pages}
        self._pending = None

    def forget(self) -> None:
        """The build failed part way: the site may hold anything, the next build writes it all."""
        self._environment, self._keys, self._files, self._pending = None, {}, {}, None
        self._specs, self._facts = {}, None

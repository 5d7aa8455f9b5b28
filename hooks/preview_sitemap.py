"""A preview's sitemap, written in the pause after a rebuild instead of during it.

Why: the sitemap lists every page. At 5,000 métiers rendering it took a tenth of a preview's
rebuild, for a file no editor looks at while editing: the rebuild that adds or removes a page
leaves it to the pause that follows (as the search index is), which does not write it at all when
no page's address or date changed. It is still MkDocs' own template, rendered by MkDocs'
own function, so the preview's site ends as a full build's, byte for byte (tests/test_incremental.py).
A full build (`mkdocs build`) and the first build of a preview write it as usual. Part of the MkDocs
layer (fiches_hooks.py), not of the content engine.
"""

from __future__ import annotations

import threading
from typing import Any, Callable

import mkdocs_private

NAME = "sitemap.xml"
log = mkdocs_private.log


class DeferredSitemap:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._due: tuple[Any, Callable[[], None]] | None = None
        self._written: Any = None  # what the sitemap in the site was made from
        self._building: Any = None  # what this build's own sitemap is made from, if it writes one
        self.settled = threading.Event()  # no sitemap waits to be written (tests wait for it)
        self.settled.set()

    def begin(self) -> None:
        """A build begins: it decides again (a write under way is waited for)."""
        with self._lock:
            self._due, self._building = None, None
            self.settled.set()

    def decide(self, key: Callable[[], Any], everything: bool, config: Any, env: Any, files: Any, nav: Any) -> None:
        """After the pages are known (on_env). ``key``: what the sitemap shows (addresses, dates),
        worked out in the pause too (it goes through every page); ``everything``: this build writes
        the whole site, the sitemap with it."""
        if everything:
            self._building = key()
            return
        mkdocs_private.not_written_by_the_build(config, NAME)  # the theme is loaded anew for each build
        with self._lock:
            self._due = (key, lambda: mkdocs_private.build_theme_template(NAME, env, files, config, nav))
            self.settled.clear()

    def built(self) -> None:
        """The build went through."""
        if self._building is not None:
            self._written, self._building = self._building, None

    def forget(self) -> None:
        """The build failed: the site may hold anything."""
        with self._lock:
            self._due, self._building, self._written = None, None, None
            self.settled.set()

    def write_due(self) -> None:
        """In the pause after a build: the sitemap it left, written if it changes."""
        with self._lock:
            if self._due is None:
                return
            (made_from, render), self._due = self._due, None
            try:
                key = made_from()
                if key != self._written:
                    render()
                    self._written = key
            except Exception as error:  # noqa: BLE001 (a thread of its own: tell, and rebuild it next time)
                self._written = None
                log.warning("Aperçu : plan du site (sitemap.xml) non écrit : %s", error)
            finally:
                self.settled.set()

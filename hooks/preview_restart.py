"""A preview started again on a project that did not change shows its first page in seconds.

`mkdocs serve` builds into a new temporary folder at every start: the first build of 25,000 pages
took half a minute or more, even when nothing had changed since the last preview. The preview
builds into a folder of the project instead (.cache/fiches/apercu/site/, or $FICHES_APERCU_DOSSIER
/site/) and, once a build and its sitemap are written, writes beside it the digest
of everything that site was made from (fiches_engine.incremental.project_state: every source
file, the settings, the version of every installed package). At the next start the same digest
means the same site: the first build writes nothing, and the memory the next edit needs (the
fiches read, the plan, each page's key) is made on another thread meanwhile (a save made before it
is ready makes that edit's rebuild a full one: what was read may be the saved file or the one
before, and only a full build is sure to be right). A different digest,
none, or a build that did not end (the digest is removed when a build begins) means a full build,
as at the first start.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from datetime import date
from pathlib import Path
from typing import Any

from fiches_engine import publish
from fiches_engine.incremental import installed_versions, project_state

import mkdocs_private

STAMP_VERSION = 1  # the stamp's own format


class SavedSite:
    """The preview's site folder and the stamp that says what it was made from."""

    def __init__(self, root: Path) -> None:
        folder = Path(os.environ.get("FICHES_APERCU_DOSSIER") or root / ".cache" / "fiches" / "apercu")
        self.root = root
        self.site = folder / "site"
        self.stamp = folder / "etat.json"
        self.templates = folder / "modeles"  # the templates as compiled (preview.CompiledTemplates)
        self.state: str | None = None  # the digest of the project as the last build began
        self.lock = threading.RLock()  # the preview holds it too while it marks a build as begun
        self._held = contextlib.ExitStack()  # the folder's lock, for the life of the preview
        # The packages this process runs: read once, since it goes on running the code it loaded
        # even if a package is installed meanwhile (the next start reads them again).
        self.versions = installed_versions()

    def claim(self) -> bool:
        """The folder for this preview alone, as long as it runs; False when another preview of the
        project has it (that one then keeps it: this one builds where MkDocs says)."""
        if not self._held.enter_context(publish.lock(self.site, wait=None)):
            self._held.close()
            return False
        return True

    def project(self, config: Any, today: date, walked: tuple[tuple[str, int, int], ...]) -> str:
        """The digest of what the site is made from, as it is now (``walked``: its files, with
        the fiches and the form editor's, preview.Preview.walk)."""
        settings = {key: value for key, value in os.environ.items()
                    if key.startswith("FICHES_") or key == "SOURCE_DATE_EPOCH"}
        settings |= {"jour": today.isoformat(), "site_url": config.site_url or "", "format": str(STAMP_VERSION),
                     "outil": mkdocs_private.TOOL}  # MkDocs or ProperDocs, each names itself in the pages
        return project_state(walked, settings, self.versions)

    def begin(self, state: str) -> tuple[bool, bool]:
        """A build begins, from the project whose digest is ``state``: whether the folder holds
        that project's site, and whether its search index is that site's too. The stamp goes until
        the build and its sitemap are written."""
        with self.lock:
            try:
                saved = json.loads(self.stamp.read_text(encoding="utf-8"))
                found, indexed = saved.get("etat"), saved.get("recherche") is True
            except (OSError, ValueError, AttributeError):
                found, indexed = None, False
            self.stamp.unlink(missing_ok=True)
            self.state = state
        return found == state and self.site.is_dir(), indexed

    def settled(self, idle: Any, indexed: bool) -> None:
        """The last build and its sitemap are written (``idle()``, asked under the lock a
        beginning build takes): the folder is its site; ``indexed``: its search index too (a
        preview stopped before its search caught up is indexed again at its next start)."""
        with self.lock:
            if self.state is None or not idle():
                return
            self.stamp.parent.mkdir(parents=True, exist_ok=True)
            partial = self.stamp.with_suffix(".json.tmp")
            partial.write_text(json.dumps({"etat": self.state, "recherche": indexed}), encoding="utf-8")
            os.replace(partial, self.stamp)

    def forget(self) -> None:
        """A build failed: the folder may hold anything."""
        with self.lock:
            self.state = None
            self.stamp.unlink(missing_ok=True)

"""Builds a project as `mkdocs serve --dirty` does, edits between builds, and says what each wrote.

    python tests/incremental_run.py PROJECT SITE EDITS.json [--sans MODULE:NAME] [--properdocs]

The preview builds into SITE/site (FICHES_APERCU_DOSSIER=SITE: hooks/preview_restart.py), and
leaves there what a next start finds. Run by tests/test_incremental.py in a subprocess (a fresh
Python, as `mkdocs serve` is). One
process, the same calls as MkDocs' serve command: ``load_config`` then
``build(config, dirty=True)`` for the first build and after each edit. EDITS is a JSON list;
each item is {"path": relative path, "text": new content or null to delete}. Prints, one JSON line
per build, the pages it wrote (by modification time). Finally waits for the background search
index and the sitemap, and prints "index". ``--sans mkdocs.utils:clean_directory``
removes that part of MkDocs first, as a MkDocs the preview does not know would lack it.
``--properdocs``: with ProperDocs, the fork of MkDocs 1.6 that keeps hooks, as `properdocs serve`
runs it (every ``mkdocs`` import answered by ``properdocs``).
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import sys
import time
from pathlib import Path

if "--properdocs" in sys.argv:
    import properdocs.replacement  # noqa: F401 (what `properdocs` does first: mkdocs.* is properdocs.*)

from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402


def written_since(site: Path, moment: float) -> list[str]:
    """The pages written since ``moment``; the search index, which the background indexing may
    be replacing at the same time, is not walked."""
    out = []
    for folder, subfolders, files in os.walk(site):
        subfolders[:] = [name for name in subfolders if "pagefind" not in name]
        out += [Path(folder, name) for name in files if name.endswith(".html")]
    return sorted(str(p.relative_to(site)) for p in out if p.stat().st_mtime >= moment)


def main() -> None:
    project, folder, edits_file = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    os.environ["FICHES_APERCU_DOSSIER"] = str(folder)
    site = folder / "site"
    if "--sans" in sys.argv:
        module, name = sys.argv[sys.argv.index("--sans") + 1].split(":")
        delattr(importlib.import_module(module), name)
    edits = json.loads(edits_file.read_text(encoding="utf-8"))
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    log = logging.getLogger("properdocs" if "--properdocs" in sys.argv else "mkdocs")  # what `serve` shows, on stderr
    log.setLevel(logging.INFO)
    shown = logging.StreamHandler()
    shown.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))  # as `serve` prints it
    log.addHandler(shown)
    first = True
    for step in [None, *edits]:
        if step is not None:
            target = project / step["path"]
            if step["text"] is None:
                target.unlink()
            else:
                target.write_text(step["text"], encoding="utf-8")
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(folder / "mkdocs-serve"))
        if first:
            config.plugins.on_startup(command="serve", dirty=True)
            first = False
        time.sleep(0.02)  # modification times of this build's writes are after ``moment``
        moment = time.time()
        time.sleep(0.02)
        build(config, dirty=True)
        hooks = next(m for m in list(sys.modules.values()) if hasattr(m, "_session"))  # MkDocs names it by its path
        if hooks._session.preview is not None and hooks._session.preview.warming is not None:
            hooks._session.preview.warming.join()  # an editor saves once the preview is ready
        # (a preview builds into its own folder; without one, the build goes where MkDocs said)
        written = written_since(site, moment) if site.is_dir() else []
        written += written_since(folder / "mkdocs-serve", moment) if (folder / "mkdocs-serve").is_dir() else []
        print(json.dumps(sorted(written)), flush=True)
    hooks = next(m for m in list(sys.modules.values()) if hasattr(m, "_session"))  # MkDocs names it by its path
    preview = hooks._session.preview
    if preview is not None:  # else each rebuild was a full build, its index and sitemap made in it
        assert preview.search.wait(120), "search index never finished"
        assert preview.sitemap.settled.wait(30), "sitemap never written"  # in the pause after a build
        deadline = time.monotonic() + 30  # and what a next start reads, written once both are done

        def stamped() -> bool:
            try:
                return json.loads(preview.saved.stamp.read_text(encoding="utf-8"))["recherche"] is True
            except (OSError, ValueError, KeyError):
                return False

        while preview.saved is not None and not stamped() and time.monotonic() < deadline:
            time.sleep(0.05)
        if preview.warming is not None:
            preview.warming.join()
    print("index", flush=True)


if __name__ == "__main__":
    main()

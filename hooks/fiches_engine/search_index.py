"""The site's search index, made by Pagefind from the built pages.

Why Pagefind rather than mkdocs-material's lunr search: it stems French
(projets -> projet), folds accents (chargee -> chargée), splits its index into
small pieces fetched per query (a first search downloads a few hundred KB at
5,000 métiers, against megabytes for material's single search_index.json), and
filters by kind of page. The pages mark what it indexes (data-pagefind-body)
and their kind (data-pagefind-filter="type").

Pagefind comes from npm (package.json, pinned in package-lock.json, every platform's
package with its integrity hash), not from PyPI, which stops at 1.5.2. Measured in
chromium on a 5,000-métier site, for words found on most pages: 1.5.2 searched in
70-220 ms; 1.6.0 in 40-90 ms with one index per kind merged in the browser, and
30-50 ms with the single index made here. And 1.5.2 does not write the same bytes
twice (measured again with 1.5.2 from PyPI on the test fixtures: two builds of the
same input give filter files and an entry hash that differ); 1.6.0 does. So the
published site (CI, Linux) is always indexed by npm's 1.6.0.

PyPI's `pagefind[bin]` 1.5.2 (pyproject.toml) is the fallback for editors' computers
where npm has no binary or is not installed (its wheels cover Linux, macOS and
Windows): the preview then searches as well, only its index is not reproducible,
which matters for published bytes, not for a preview. The build says in its log
which one it used.

One thing Pagefind does not do for French is elision: it indexes
« l'insertion » as one word, which a search for « insertion » misses. Each page
is handed to Pagefind with a space after elided articles (the published page
is unchanged), and the search box strips them from queries.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Callable, NamedTuple

OUTPUT = "pagefind"  # the index, at the site's root
# An apostrophe before a letter, as typed or as HTML-escaped by the templates (« d&#39;analyse »);
# it ends an elision when the word before it is an elided article or pronoun.
_APOSTROPHE = re.compile(r"(?:['’]|&#39;|&#x27;|&rsquo;)(?=\w)")
_ELIDED = re.compile(r"(?i)(?:^|\W)(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)$")


class SearchIndexError(RuntimeError):
    pass


def split_elisions(html: str) -> str:
    """``l'insertion`` -> ``l' insertion`` in a page given to Pagefind.

    The whole page, tags included: an apostrophe inside a tag of the copy is
    harmless (Pagefind reads text and alt texts). The search starts from the
    apostrophes, a few per page, rather than from every word (one regular
    expression of the whole elision took 1.3 ms a page, this 0.1 ms).
    """
    def split(apostrophe: re.Match[str]) -> str:
        start = apostrophe.start()
        return apostrophe[0] + " " if _ELIDED.search(html, max(0, start - 8), start) else apostrophe[0]

    return _APOSTROPHE.sub(split, html)


PYPI_REQUIREMENT = "pagefind[bin]==1.5.2"  # as pinned in pyproject.toml


class Pagefind(NamedTuple):
    command: str  # the binary to run
    origin: str  # where it comes from, in French, for the build's log


def npm_platform(system: str = sys.platform, machine: str = platform.machine()) -> str:
    """The @pagefind/<name> package npm installs for this computer, as Pagefind's npm wrapper names it.

    node_modules/pagefind/lib/resolveBinary.js looks for @pagefind/<os>-<cpu> with Node's names:
    linux, darwin, windows, freebsd; x64, arm64.
    """
    os_name = {"win32": "windows", "cygwin": "windows", "darwin": "darwin"}.get(
        system, "freebsd" if system.startswith("freebsd") else "linux")
    machine = machine.lower()
    cpu = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}.get(machine, machine)
    return f"{os_name}-{cpu}"


def _npm_binary(project_dir: Path, package: str | None = None) -> str | None:
    """The binary npm installed for this computer (linux-x64 ships only pagefind_extended).

    The binary is run directly rather than through npm's node wrapper: no Node.js start at each
    build, and where npm installed the wrapper but no binary (a platform it has no package for),
    the wrapper is not mistaken for a working Pagefind.
    """
    package = package or npm_platform()
    folder = Path(project_dir) / "node_modules" / "@pagefind" / package / "bin"
    suffix = ".exe" if package.startswith("windows") else ""
    for name in ("pagefind", "pagefind_extended"):
        binary = folder / f"{name}{suffix}"
        if binary.is_file() and os.access(binary, os.X_OK):
            return str(binary)
    return None


def _pypi_binary() -> str | None:
    """The binary of PyPI's pagefind_bin (wheels for Linux, macOS, Windows) in this Python."""
    for package in ("pagefind_bin", "pagefind_bin_extended"):
        try:
            spec = importlib.util.find_spec(package)
        except (ImportError, ValueError):
            spec = None
        if spec is None or not spec.submodule_search_locations:
            continue
        for folder in spec.submodule_search_locations:
            for name in ("pagefind", "pagefind.exe", "pagefind_extended", "pagefind_extended.exe"):
                binary = Path(folder) / name
                if binary.is_file() and os.access(binary, os.X_OK):
                    return str(binary)
    return None


def find_pagefind(project_dir: str | Path) -> Pagefind:
    """Pagefind's binary: npm's (1.6.0, package-lock.json), else PyPI's (1.5.2, pyproject.toml).

    npm's comes first: it is the one that builds the published site (Linux, in CI), faster and
    byte-for-byte reproducible. PyPI's has wheels for every system an editor may use, so that a
    preview builds wherever Python runs, even when npm has no binary for it or is not installed.
    Raises SearchIndexError, in French, with the exact command to run when neither is there.
    """
    npm = _npm_binary(Path(project_dir))
    if npm:
        return Pagefind(npm, "npm")
    pypi = _pypi_binary()
    if pypi:
        return Pagefind(pypi, f"PyPI ({PYPI_REQUIREMENT}), faute de binaire npm pour ce système")
    raise SearchIndexError(
        "Pagefind, l'outil qui construit l'index de recherche, est introuvable : ni dans node_modules/ "
        "(npm) pour ce système, ni dans l'environnement Python. Lancez « bash scripts/setup.sh » à la "
        f"racine du projet, ou « {Path(sys.executable).as_posix()} -m pip install \"{PYPI_REQUIREMENT}\" », "
        "puis reconstruisez.")


_BODY = "<div data-pagefind-body"
_HTML = re.compile(r"<html[^>]*>")


def index_copy(html: str) -> str | None:
    """What Pagefind reads of a page: the part it indexes, elisions split; None if none.

    Only that part, from the element marked data-pagefind-body to the end of
    material's <article>, in the page's own <html> element (its lang chooses
    the stemmer): Pagefind ignores the rest of such a page, and reading three
    times less HTML makes the indexing about twice as fast.
    """
    start = html.find(_BODY)
    if start < 0:
        return None
    end = html.find("</article>", start)
    opening = _HTML.search(html, 0, start)
    return (f'<!doctype html>{opening[0] if opening else "<html>"}<head><meta charset="utf-8"></head><body>'
            f"{split_elisions(html[start:end if end >= 0 else len(html)])}</body></html>")


def _scratch(size: int) -> str | None:
    """Where to write the copies: in memory (/dev/shm) when it has room for twice ``size`` bytes.

    Creating thousands of small files and folders on disk took 10 to 13 s at
    5,000 métiers on this project's machines, and 2 s in memory.
    """
    try:
        stats = os.statvfs("/dev/shm")
    except (OSError, AttributeError):  # no /dev/shm (macOS), no statvfs (Windows)
        return None
    return "/dev/shm" if stats.f_bavail * stats.f_frsize > 2 * size and os.access("/dev/shm", os.W_OK) else None


def build_search_index(site_dir: str | Path, pagefind: str, output: str | Path | None = None,
                       copies: str | None = None, background: bool = False) -> int:
    """Index the pages of ``site_dir`` that ask for it into ``site_dir/pagefind/``: how many.

    Pagefind's command line indexes copies of those pages (``index_copy``),
    which keep their paths so that results give the real URLs. (Pagefind's
    Python API takes the same HTML page by page, but each page is a round
    trip to its service: minutes at 5,000 métiers, against seconds here.)
    ``output`` writes the index elsewhere than ``site_dir/pagefind/``.
    ``copies`` keeps the copies in that folder from one run to the next: only
    the pages written since are copied again (a preview rewrites a few dozen
    of 25,000), the others are moved from the previous run's folder. ``background`` runs Pagefind at a lower priority, so that the
    preview's next rebuild is not slowed down by it.
    Raises SearchIndexError with Pagefind's words. With no page to index there
    is no index, and the search box says it cannot search.
    """
    site = Path(site_dir)
    top = str(site)
    # os functions and plain strings: thousands of files, and pathlib's objects cost more than the work
    pages_found: list[tuple[str, str]] = []  # (folder relative to the site, file name)
    for folder, dirs, names in os.walk(top):
        dirs[:] = sorted(d for d in dirs if not d.startswith(OUTPUT) or folder != top)
        pages_found += [(os.path.relpath(folder, top), name) for name in sorted(names) if name.endswith(".html")]
    size = sum(os.path.getsize(os.path.join(top, folder, name)) for folder, name in pages_found)
    with contextlib.ExitStack() as stack:
        # Always a new folder, filled in the order of the pages: Pagefind's index follows the order in
        # which it lists the folder, and a folder where files came and went lists them otherwise.
        work = stack.enter_context(tempfile.TemporaryDirectory(
            prefix="fiches-recherche-", dir=os.path.dirname(copies) if copies else _scratch(size)))
        pages = 0
        try:
            made: set[str] = set()
            for folder, name in pages_found:
                source, copy_path = os.path.join(top, folder, name), os.path.join(work, folder, name)
                written = os.stat(source).st_mtime_ns  # before reading: a page written meanwhile is copied again
                kept = os.path.join(copies, folder, name) if copies else None
                if kept and _stamp(kept) == written:
                    copy = None
                else:
                    with open(source, encoding="utf-8") as file:
                        copy = index_copy(file.read())
                    if copy is None:
                        continue
                if folder not in made:
                    os.makedirs(os.path.join(work, folder), exist_ok=True)
                    made.add(folder)
                if copy is None:
                    os.rename(kept, copy_path)  # type: ignore[arg-type]
                else:
                    with open(copy_path, "w", encoding="utf-8") as file:
                        file.write(copy)
                    if copies:
                        os.utime(copy_path, ns=(written, written))  # the copy says which page it copied
                pages += 1
            if copies:  # this run's copies are the next run's
                shutil.rmtree(copies, ignore_errors=True)
                os.rename(work, copies)
                os.makedirs(work)  # for TemporaryDirectory to remove
                work = copies
            if not pages:
                return 0
            result = subprocess.run([pagefind, "--site", work, "--output-path", str(output or site / OUTPUT),
                                     "--quiet"], capture_output=True, text=True,
                                    preexec_fn=_lower_priority if background and os.name == "posix" else None)
        except OSError as error:
            raise SearchIndexError(f"l'index de recherche n'a pas pu être construit par Pagefind : {error}") from error
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind : {(result.stderr or result.stdout)[-2000:]}")
    if not Path(output or site / OUTPUT, "pagefind.js").is_file():
        raise SearchIndexError("l'index de recherche n'a pas été écrit par Pagefind.")
    return pages


def _stamp(copy: str) -> int | None:
    """When the page a copy was made from had been written (its own modification time, set so)."""
    try:
        return os.stat(copy).st_mtime_ns
    except OSError:
        return None


def _lower_priority() -> None:
    os.nice(10)


class BackgroundIndex:
    """A preview's search index, rebuilt on another thread after each rebuild of the pages.

    Indexing 25,000 pages takes seconds; a preview shows an edit as soon as its
    pages are written, and its search catches up a few seconds later. The new
    index is written beside the old one and swapped in whole, so that a search
    never reads half of each. One request at a time: a save during indexing
    asks for one more run, not one per save. ``mkdocs build`` does not use this:
    it indexes before it publishes.
    """

    def __init__(self, on_done: Callable[[int], None], on_error: Callable[[str], None]) -> None:
        self._on_done, self._on_error = on_done, on_error
        self._wanted: tuple[str, str] | None = None
        self._condition = threading.Condition()
        self._thread: threading.Thread | None = None
        self._busy = False
        self._copies: str | None = None  # the pages' index copies, kept between runs

    def _copies_dir(self) -> str:
        if self._copies is None or not os.path.isdir(self._copies):
            # where a build writes its copies: Pagefind's index follows the order in which it lists
            # them, which is not the same on every kind of file system
            self._copies = tempfile.mkdtemp(prefix="fiches-recherche-", dir=_scratch(0))
            atexit.register(shutil.rmtree, self._copies, True)
        return self._copies

    def request(self, site_dir: str, pagefind: str) -> None:
        with self._condition:
            self._wanted = (site_dir, pagefind)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="fiches-recherche", daemon=True)
                self._thread.start()
            self._condition.notify()

    def wait(self, timeout: float | None = None) -> bool:
        """Until no indexing is asked for or running (tests); False when ``timeout`` ran out."""
        with self._condition:
            return self._condition.wait_for(lambda: self._wanted is None and not self._busy, timeout)

    def _run(self) -> None:
        while True:
            with self._condition:
                self._condition.wait_for(lambda: self._wanted is not None)
                assert self._wanted is not None
                (site_dir, pagefind), self._wanted, self._busy = self._wanted, None, True
            try:
                self._on_done(self._index(site_dir, pagefind, self._copies_dir()))
            except (SearchIndexError, OSError) as error:
                self._on_error(str(error))
            finally:
                with self._condition:
                    self._busy = False
                    self._condition.notify_all()

    @staticmethod
    def _index(site_dir: str, pagefind: str, copies: str) -> int:
        from .publish import publish  # the same swap as a published site's

        fresh = tempfile.mkdtemp(prefix=OUTPUT + ".", dir=site_dir)
        try:
            pages = build_search_index(site_dir, pagefind, output=fresh, copies=copies, background=True)
            publish(fresh, os.path.join(site_dir, OUTPUT))
        finally:
            shutil.rmtree(fresh, ignore_errors=True)
        return pages

"""Shared fixtures: the project root, the test corpus, real builds of the site, a local server, a browser.

Product tests build the corpus of tests/fixtures/site/ (made for them, dated by SOURCE_DATE_EPOCH),
never what fiches/ holds today: fiches/ belongs to the editors and changes every day. The checks
that hold for any valid content run on fiches/ in test_content.py.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import os
import shutil
import socket
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
# The test corpus, and the day its site is built: 2024-06-01 (an offer closed, another open).
FIXTURE_CONTENT = ROOT / "tests" / "fixtures" / "site" / "fiches"
FIXTURE_EPOCH = "1717200000"

# Debian's binary (/usr/bin/chromium is a wrapper script). FICHES_CHROMIUM points elsewhere,
# e.g. to the Chrome preinstalled on GitHub's Ubuntu runners.
CHROMIUM = Path(os.environ.get("FICHES_CHROMIUM", "/usr/lib/chromium/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def copy_project(dest: Path, with_content: bool = True, content: Path = FIXTURE_CONTENT) -> Path:
    """A copy of what a build reads: config, docs, hooks, overrides and, unless told, a content folder.

    The content is the test corpus (tests/fixtures/site/fiches) unless ``content`` names another
    folder (ROOT / "fiches" for the editors' content). node_modules/ (Pagefind, installed by npm)
    is linked, not copied.
    """
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "docs", "hooks", "overrides", "admin"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    if with_content:
        shutil.copytree(content, dest / "fiches")
    (dest / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return dest


def mkdocs_build(project: Path, site: Path, *extra: str, env: dict[str, str] | None = None,
                 engine: str = "mkdocs") -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build`` (or ``engine``: properdocs) as a person would, in a subprocess, and
    return what it printed."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    if env is not None and "SOURCE_DATE_EPOCH" not in env:
        full_env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run(
        [sys.executable, "-m", engine, "build", "--config-file", str(project / "mkdocs.yml"),
         "--site-dir", str(site), *extra],
        capture_output=True, text=True, env=full_env, timeout=300,
    )


@pytest.fixture(scope="session")
def fixture_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose content is the test corpus; tests that change it make their own copy."""
    return copy_project(tmp_path_factory.mktemp("projet"))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, fixture_project: Path) -> Path:
    """The site of the test corpus, built once with --strict, on the corpus's day."""
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(fixture_project, site, "--strict", env={"SOURCE_DATE_EPOCH": FIXTURE_EPOCH})
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def changed_lines(before: str, after: str) -> list[str]:
    """The lines a change removed (-) and added (+), as a diff shows them."""
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def free_port() -> int:
    """A port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve_folder(folder: Path, port: int = 0, handler_class: type | None = None):
    """Serve a built site on 127.0.0.1 (``port``, or a free one) while the block runs; yields its URL.
    ``handler_class``: another request handler than QuietHandler (tests/test_lighthouse.py compresses)."""
    handler = functools.partial(handler_class or QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(built_site: Path):
    with serve_folder(built_site) as url:
        yield url


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium).")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def axe() -> Path:
    """axe-core's script, to inject in a page (npm ci installs it)."""
    if not AXE.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{AXE} is missing: run npm ci")
        pytest.skip("axe-core is not installed (npm ci)")
    return AXE


def add_axe(page, axe: Path) -> None:
    """axe-core in the page, to run it. Not by Playwright's add_script_tag: every page forbids inline
    scripts (its Content-Security-Policy), and that is one; DevTools' evaluation is not the page's."""
    page.evaluate(axe.read_text(encoding="utf-8") + "\n;undefined")

"""Shared fixtures: the project root, a real build of the site, a local server, a browser."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

# Debian's binary (/usr/bin/chromium is a wrapper script). FICHES_CHROMIUM points elsewhere,
# e.g. to the Chrome preinstalled on GitHub's Ubuntu runners.
CHROMIUM = Path(os.environ.get("FICHES_CHROMIUM", "/usr/lib/chromium/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def copy_project(dest: Path, with_content: bool = True) -> Path:
    """A copy of what a build reads (config, docs, hooks, overrides and, unless told, fiches/).

    node_modules/ (Pagefind, installed by npm) is linked, not copied.
    """
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "docs", "hooks", "overrides") + (("fiches",) if with_content else ()):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    (dest / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return dest


def mkdocs_build(project: Path, site: Path, *extra: str, env: dict[str, str] | None = None,
                 ) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build`` as a person would, in a subprocess, and return what it printed."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    if env is not None and "SOURCE_DATE_EPOCH" not in env:
        full_env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--config-file", str(project / "mkdocs.yml"),
         "--site-dir", str(site), *extra],
        capture_output=True, text=True, env=full_env, timeout=300,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site (fiches/ of the repository), built once with --strict, dated today."""
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, site, "--strict", env={})
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="session")
def site_url(built_site: Path):
    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


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

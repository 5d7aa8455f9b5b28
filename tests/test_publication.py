"""The site is never lost: each fault is injected into real builds of the test corpus.

Whatever happens (kill -9 while pages are written or while Pagefind indexes, a full disk,
Pagefind failing, ten builds racing into the same folder), site/ is the previous complete
site, byte for byte, or the new complete site; and the next build cleans what a killed one left.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURE_EPOCH, ROOT, copy_project, mkdocs_build

from fiches_engine import publish
from fiches_engine.search_index import npm_platform

ENV = {"SOURCE_DATE_EPOCH": FIXTURE_EPOCH}


def tree(folder: Path) -> dict[str, str]:
    """Every file of a folder and the hash of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir()
                  if p.name.startswith((site.name + publish.STAGING_MARK, site.name + publish.OLD_MARK)))


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A project and the site it builds, as the bytes every complete build must give."""
    base = tmp_path_factory.mktemp("publication")
    project = copy_project(base / "project")
    site = base / "reference"
    result = mkdocs_build(project, site, "--strict", env=ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    return project, tree(site)


def previous_site(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A site already published (a page and a search file), whose bytes must survive a failed build."""
    site = tmp_path / "site"
    (site / "pagefind").mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html><title>Site précédent</title>", encoding="utf-8")
    (site / "pagefind" / "pagefind.js").write_text("// index précédent", encoding="utf-8")
    return site, tree(site)


def start_build(project: Path, site: Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **ENV, **(env or {})}
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(project / "mkdocs.yml"),
         "--site-dir", str(site)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=full_env,
        start_new_session=True)  # its own process group: kill -9 reaches Pagefind too


def kill_when(build: subprocess.Popen[str], ready, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        assert build.poll() is None, "the build ended before the fault could be injected:\n" + build.stdout.read()
        assert time.monotonic() < deadline, "the moment to kill the build never came"
        time.sleep(0.005)
    os.killpg(build.pid, signal.SIGKILL)
    build.wait(timeout=30)


def staged_pages(site: Path) -> int:
    return sum(1 for staging in site.parent.glob(site.name + publish.STAGING_MARK + "*")
               for _ in staging.rglob("*.html"))


def test_ten_builds_racing_leave_one_whole_site(tmp_path: Path, reference) -> None:
    project, expected = reference
    site, _ = previous_site(tmp_path)
    builds = [start_build(project, site) for _ in range(10)]
    outputs = [b.communicate(timeout=600)[0] for b in builds]
    assert [b.returncode for b in builds] == [0] * 10, "\n".join(outputs)
    assert tree(site) == expected
    assert leftovers(site) == []


def test_kill_while_pages_are_written_keeps_the_previous_site(tmp_path: Path, reference) -> None:
    project, expected = reference
    site, before = previous_site(tmp_path)
    build = start_build(project, site)
    kill_when(build, lambda: staged_pages(site) >= 3)
    assert tree(site) == before
    # the next build cleans what the killed one left, and publishes
    assert leftovers(site)
    result = mkdocs_build(project, site, "--strict", env=ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert tree(site) == expected and leftovers(site) == []


def fake_pagefind(project: Path, script: str) -> None:
    """Replace npm's Pagefind binary, in this project only, by a script."""
    modules = project / "node_modules"
    modules.unlink()
    modules.mkdir()
    for entry in (ROOT / "node_modules").iterdir():
        if entry.name != "@pagefind":
            (modules / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    binary = modules / "@pagefind" / npm_platform() / "bin" / "pagefind"
    binary.parent.mkdir(parents=True)
    binary.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    binary.chmod(0o755)


def real_pagefind() -> Path:
    binaries = list((ROOT / "node_modules" / "@pagefind" / npm_platform() / "bin").glob("pagefind*"))
    binaries = [b for b in binaries if not b.name.endswith(".sha256")]
    assert binaries, "npm ci installs Pagefind"
    return binaries[0]


def test_kill_while_pagefind_indexes_keeps_the_previous_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    started = tmp_path / "indexation-commencee"
    # the real Pagefind, slowed down so that the kill lands while it runs
    fake_pagefind(project, f'touch "{started}"\nsleep 2\nexec "{real_pagefind()}" "$@"\n')
    site, before = previous_site(tmp_path)
    build = start_build(project, site)
    kill_when(build, started.exists)
    assert tree(site) == before


def test_pagefind_failing_keeps_the_previous_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    fake_pagefind(project, 'echo "Error: index impossible" >&2\nexit 3\n')
    site, before = previous_site(tmp_path)
    result = mkdocs_build(project, site, "--strict", env=ENV)
    out = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in out
    assert "Pagefind : Error: index impossible" in out
    assert tree(site) == before and leftovers(site) == []


FULL_DISK = """
import errno, sys
import mkdocs.utils
written = 0
real_write = mkdocs.utils.write_file
def write_file(content, output_path):
    global written
    written += 1
    if written > 5:  # the disk fills up after five pages
        raise OSError(errno.ENOSPC, "No space left on device", output_path)
    real_write(content, output_path)
mkdocs.utils.write_file = write_file
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", *sys.argv[1:]]
cli()
"""


def test_a_full_disk_while_writing_keeps_the_previous_site_and_says_so_in_french(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    site, before = previous_site(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", FULL_DISK, "build", "--strict", "--config-file", str(project / "mkdocs.yml"),
         "--site-dir", str(site)], capture_output=True, text=True, timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **ENV})
    out = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in out, out
    assert "écriture impossible" in out and "le disque est plein" in out
    assert f"le site précédent est gardé tel quel dans {site}" in out
    assert tree(site) == before and leftovers(site) == []


def test_a_build_waits_for_the_one_publishing(tmp_path: Path, reference) -> None:
    project, expected = reference
    site, _ = previous_site(tmp_path)
    indexed = f"{site.name}{publish.STAGING_MARK}*/pagefind/pagefind.js"
    with publish.lock(site):
        build = start_build(project, site)
        deadline = time.monotonic() + 120
        while not any(site.parent.glob(indexed)) and build.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1)  # built and indexed: it now waits for the lock
        assert build.poll() is None, build.stdout.read()  # it waits, and publishes nothing yet
        assert (site / "index.html").read_text(encoding="utf-8").endswith("Site précédent</title>")
    out = build.communicate(timeout=120)[0]
    assert build.returncode == 0, out
    assert "Une autre construction publie le site : attente de sa fin…" in out
    assert tree(site) == expected


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_without_an_atomic_exchange_a_build_killed_between_two_renames_is_repaired(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows has no exchange of folders: publish renames twice, and the next build repairs a kill between."""
    monkeypatch.setattr(publish, "_exchange", None)
    site, before = previous_site(tmp_path)
    new = Path(publish.staging_dir(site))
    (new / "index.html").write_text("nouveau", encoding="utf-8")
    publish.publish(new, site)
    assert tree(site) == {"index.html": hashlib.sha256(b"nouveau").hexdigest()} and leftovers(site) == []
    # killed right after moving the published site aside: no site/, the previous one beside it
    aside = tmp_path / f"site{publish.OLD_MARK}{_dead_pid()}-abc"
    site.rename(aside)
    (tmp_path / f"site{publish.STAGING_MARK}{_dead_pid()}-def").mkdir()
    publish.repair(site)
    assert (site / "index.html").read_text(encoding="utf-8") == "nouveau" and leftovers(site) == []


def test_a_running_build_s_staging_is_not_cleaned(tmp_path: Path) -> None:
    site, _ = previous_site(tmp_path)
    mine = Path(publish.staging_dir(site))
    publish.repair(site)
    assert mine.is_dir()
    shutil.rmtree(mine)


def test_exchange_is_atomic_on_linux(tmp_path: Path) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("renameat2 is Linux's")
    assert publish._exchange is not None
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "x").write_text("a")
    (b / "x").write_text("b")
    assert publish._exchange(str(a), str(b))
    assert (a / "x").read_text() == "b" and (b / "x").read_text() == "a"

"""Pagefind wherever Python runs: npm's binary when npm has one for the computer, else PyPI's.

On this machine (Linux x64) npm installs @pagefind/linux-x64. An editor's Mac or Windows computer,
or one without npm, is imitated by hiding that package (or npm altogether): the site must still
build and search, with PyPI's pagefind[bin], or stop with the exact command to run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURE_EPOCH, ROOT, copy_project, mkdocs_build, serve_folder
from test_browser import search

from fiches_engine import search_index
from fiches_engine.search_index import PYPI_REQUIREMENT, find_pagefind, npm_platform

NPM_PAGEFIND = "1.6.0"  # package-lock.json
PYPI_PAGEFIND = "1.5.2"  # pyproject.toml
PYPI_LOG = f"Index de recherche construit par le Pagefind de PyPI ({PYPI_REQUIREMENT})"


def _node_modules_without_binary(dest: Path) -> Path:
    """node_modules as npm leaves it on a system it has no Pagefind package for: the wrapper, no binary."""
    folder = dest / "node_modules"
    folder.mkdir()
    for entry in (ROOT / "node_modules").iterdir():
        if entry.name != "@pagefind":
            (folder / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    assert (folder / "pagefind").exists() and not (folder / "@pagefind").exists()
    return folder


def _index_version(site: Path) -> str:
    return json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))["version"]


def test_with_npm_the_published_site_is_indexed_by_npm_pagefind(built_site: Path) -> None:
    assert _index_version(built_site) == NPM_PAGEFIND


def test_without_npm_binary_the_site_builds_and_searches_with_pypi_pagefind(tmp_path: Path, browser) -> None:
    project = copy_project(tmp_path / "project")
    (project / "node_modules").unlink()
    _node_modules_without_binary(project)
    site = tmp_path / "site"
    result = mkdocs_build(project, site, "--strict", env={"SOURCE_DATE_EPOCH": FIXTURE_EPOCH})
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert PYPI_LOG in out
    assert _index_version(site) == PYPI_PAGEFIND
    with serve_folder(site) as url:
        page = browser.new_page()
        page.goto(url)
        assert "Chargé·e de missions locales" in search(page, "locales")
        page.close()


def test_serve_script_builds_on_a_computer_without_npm(tmp_path: Path) -> None:
    """`bash scripts/serve.sh build` with no npm, no apt-get and no node_modules (a Mac, Windows)."""
    stamp = ROOT / ".venv" / "fiches-installation"
    if not stamp.exists() or stamp.stat().st_mtime < (ROOT / "pyproject.toml").stat().st_mtime:
        # the copy shares .venv: scripts/setup.sh must find it installed, or it would reinstall the
        # project from the copy. Install it from here, as the README's commands do.
        subprocess.run(["bash", "scripts/setup.sh"], cwd=ROOT, check=True, timeout=600)
    project = copy_project(tmp_path / "project")
    (project / "node_modules").unlink()
    shutil.copytree(ROOT / "scripts", project / "scripts")
    for name in ("pyproject.toml", "package.json", "package-lock.json"):
        shutil.copy2(ROOT / name, project / name)  # keeps its date: older than .venv's installation
    (project / ".venv").symlink_to(ROOT / ".venv", target_is_directory=True)
    # A PATH with what bash scripts need and no npm, node or apt-get.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "dirname", "id", "touch"):
        found = shutil.which(tool)
        assert found, tool
        (bin_dir / tool).symlink_to(found)
    env = {key: value for key, value in os.environ.items() if not key.startswith("VIRTUAL_ENV")}
    env.update(PATH=str(bin_dir), SOURCE_DATE_EPOCH=FIXTURE_EPOCH, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(["bash", "scripts/serve.sh", "build"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=600)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "npm est absent : l'index de recherche sera construit par le Pagefind de PyPI" in out
    assert PYPI_LOG in out
    assert _index_version(project / "site") == PYPI_PAGEFIND
    assert (project / "site" / "metiers" / "charge-de-missions-locales" / "index.html").is_file()
    assert not (project / "node_modules").exists()


def test_without_any_pagefind_the_build_says_the_exact_command_and_keeps_the_old_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "node_modules").unlink()
    _node_modules_without_binary(project)
    # An empty pagefind_bin package ahead of the real one: the wheel's binary is not there.
    stub = tmp_path / "sans-pagefind"
    (stub / "pagefind_bin").mkdir(parents=True)
    (stub / "pagefind_bin" / "__init__.py").write_text("", encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("ancien site", encoding="utf-8")
    result = mkdocs_build(project, site, env={"PYTHONPATH": str(stub)})
    out = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in out
    assert "Pagefind, l'outil qui construit l'index de recherche, est introuvable" in out
    assert "bash scripts/setup.sh" in out
    assert f'-m pip install "{PYPI_REQUIREMENT}"' in out
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]


def test_pypi_requirement_is_the_one_pinned_in_pyproject() -> None:
    import tomllib

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert PYPI_REQUIREMENT in pyproject["project"]["dependencies"]


def test_every_npm_pagefind_package_in_the_lock_file_has_its_integrity_hash() -> None:
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    packages = {name: entry for name, entry in lock["packages"].items() if "pagefind" in name}
    assert f"node_modules/@pagefind/{npm_platform('darwin', 'arm64')}" in packages
    assert f"node_modules/@pagefind/{npm_platform('win32', 'AMD64')}" in packages
    for name, entry in packages.items():
        assert entry.get("integrity", "").startswith("sha512-"), name
        assert entry["version"] == NPM_PAGEFIND, name


@pytest.mark.parametrize(("system", "machine", "package"), [
    ("linux", "x86_64", "linux-x64"),
    ("linux", "aarch64", "linux-arm64"),
    ("darwin", "arm64", "darwin-arm64"),
    ("darwin", "x86_64", "darwin-x64"),
    ("win32", "AMD64", "windows-x64"),
    ("win32", "ARM64", "windows-arm64"),
    ("freebsd14", "amd64", "freebsd-x64"),
])
def test_npm_platform_names_pagefind_packages_as_npm_does(system: str, machine: str, package: str) -> None:
    assert npm_platform(system, machine) == package


def _fake_binary(path: Path, executable: bool = True) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n", encoding="utf-8")
    path.chmod(0o755 if executable else 0o644)
    return path


def test_finder_prefers_npm_binary(tmp_path: Path) -> None:
    binary = _fake_binary(tmp_path / "node_modules" / "@pagefind" / npm_platform() / "bin" / "pagefind_extended")
    found = find_pagefind(tmp_path)
    assert found.command == str(binary) and found.origin == "npm"


@pytest.mark.parametrize("layout", ["absent", "other system only", "not executable"])
def test_finder_falls_back_to_pypi(tmp_path: Path, layout: str) -> None:
    bin_dir = tmp_path / "node_modules" / "@pagefind"
    if layout == "other system only":
        other = "windows-x64" if npm_platform() != "windows-x64" else "linux-x64"
        _fake_binary(bin_dir / other / "bin" / "pagefind.exe")
    elif layout == "not executable":
        _fake_binary(bin_dir / npm_platform() / "bin" / "pagefind", executable=False)
    found = find_pagefind(tmp_path)
    assert found.origin.startswith(f"PyPI ({PYPI_REQUIREMENT})")
    assert Path(found.command).parent.name == "pagefind_bin"
    assert subprocess.run([found.command, "--version"], capture_output=True, text=True,
                          check=True).stdout.strip() == f"pagefind {PYPI_PAGEFIND}"


def test_finder_without_any_binary_raises_in_french(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_index, "_pypi_binary", lambda: None)
    with pytest.raises(search_index.SearchIndexError, match="est introuvable .*bash scripts/setup.sh"):
        find_pagefind(tmp_path)

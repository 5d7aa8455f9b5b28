"""`mkdocs serve` rebuilds when a fiche changes, and starts each rebuild afresh."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import copy_project


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, needle: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                last = response.read().decode("utf-8")
            if needle in last:
                return last
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"{needle!r} never appeared at {url}; last page:\n{last[:2000]}")


@pytest.mark.parametrize("flags", [[], ["--dirty"]], ids=["serve", "serve-dirty"])
def test_serve_rebuilds_when_a_fiche_changes(tmp_path: Path, flags: list[str]) -> None:
    """Plain `mkdocs serve`, and `--dirty` as scripts/serve.sh runs it: either way an edit rewrites
    only the pages it changed (hooks/preview.py), and a deleted fiche's page goes."""
    project = copy_project(tmp_path / "project")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", *flags, "--config-file", str(project / "mkdocs.yml"),
         "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        base = f"http://127.0.0.1:{port}/fiches/"
        fiche = project / "fiches" / "metiers" / "charge-de-missions-locales.md"
        page = f"{base}metiers/charge-de-missions-locales/"
        _wait_for(page, "2 917 €")
        # an edit shows up
        fiche.write_text(fiche.read_text(encoding="utf-8").replace("brut_mensuel: 2917", "brut_mensuel: 3050"),
                         encoding="utf-8")
        _wait_for(page, "3 050 €")
        # a new fiche shows up in the index: the hooks' state is rebuilt, not kept from the first build
        (project / "fiches" / "metiers" / "nouveau-metier.md").write_text(
            "---\ntitre: Nouveau métier\nresume: Un métier ajouté pendant que le site est servi.\n"
            "secteurs: [essai]\ncompetences: [essai]\nqualites: [patience]\n---\nTexte.\n", encoding="utf-8")
        _wait_for(f"{base}metiers/", "Nouveau métier")
        # and a removed one leaves it
        (project / "fiches" / "metiers" / "nouveau-metier.md").unlink()
        deadline = time.monotonic() + 60
        while "Nouveau métier" in _wait_for(f"{base}metiers/", "Métiers") and time.monotonic() < deadline:
            time.sleep(0.3)
        assert "Nouveau métier" not in _wait_for(f"{base}metiers/", "Métiers")
        # its page is gone too, not left behind by the partial rebuild
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"{base}metiers/nouveau-metier/", timeout=5)
        # the preview has the form editor, saving through decap-server (scripts/serve.sh starts it)
        assert "decap-cms.js" in _wait_for(f"{base}admin/", "Éditer les fiches")
        assert "\nlocal_backend: true\n" in _wait_for(f"{base}admin/config.yml", "collections:")
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "Traceback" not in output, output
    # a rebuild writes the pages an edit changed, not the whole site, however the preview started
    rebuilds = re.findall(r"Aperçu : (\d+) page\(s\) à réécrire sur (\d+)\.", output)
    assert len(rebuilds) >= 3 and all(int(changed) < int(total) for changed, total in rebuilds), output
    # and no warning (but the server's own, for the deleted page the test asked for)
    assert "dirty" not in output, output
    assert [line for line in output.splitlines() if "WARNING" in line and "code 404" not in line] == [], output

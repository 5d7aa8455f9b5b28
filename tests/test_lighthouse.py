"""Lighthouse (pinned in package.json) on the pages that help readers choose: the home page, a
métier, the comparison and the selection, each at least 0.95 in every category, as chromium
measures them with Lighthouse's default phone emulation and throttling, served compressed as
GitHub Pages serves them."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import CHROMIUM, FIXTURE_EPOCH, ROOT, QuietHandler, free_port, mkdocs_build, serve_folder

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PAGES = ["", "metiers/charge-de-missions-locales/", "comparer/?metiers=charge-de-mission,charge-de-missions-locales",
         "ma-selection/"]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


class CompressingHandler(QuietHandler):
    """Serves text files gzipped to a browser that accepts it, as GitHub Pages does: Lighthouse
    weighs what travels, and Python's own server sends every byte as it is."""

    TEXT = (".html", ".css", ".js", ".json", ".webmanifest", ".svg", ".xml", ".txt")

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?")[0].endswith("/"):
            path = os.path.join(path, "index.html")
        if "gzip" in self.headers.get("Accept-Encoding", "") and os.path.isfile(path) and path.endswith(self.TEXT):
            data = gzip.compress(Path(path).read_bytes(), 6, mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        super().do_GET()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, fixture_project: Path):
    """The test corpus's site, built for the address it is served at (its canonical links and
    sitemap name it, as on GitHub Pages)."""
    if not LIGHTHOUSE.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{LIGHTHOUSE} is missing: run npm ci")
        pytest.skip("Lighthouse is not installed (npm ci)")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    site = tmp_path_factory.mktemp("site-lighthouse")
    result = mkdocs_build(fixture_project, site, "--strict", env={"SOURCE_DATE_EPOCH": FIXTURE_EPOCH, "FICHES_SITE_URL": url})
    assert result.returncode == 0, result.stdout + result.stderr
    with serve_folder(site, port, CompressingHandler) as served_url:
        yield served_url


@pytest.mark.parametrize("path", PAGES)
def test_lighthouse_scores(served: str, path: str, tmp_path: Path) -> None:
    # Performance is timed on this machine's processor, which other work shares: a page passes when
    # one of three runs reaches every target (the other categories do not vary from run to run).
    runs = []
    for attempt in range(3):
        report = tmp_path / f"rapport-{attempt}.json"
        result = subprocess.run(
            [str(LIGHTHOUSE), served + path, "--output=json", f"--output-path={report}", "--quiet",
             f"--only-categories={','.join(CATEGORIES)}",
             "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"],
            capture_output=True, text=True, timeout=240, env={**os.environ, "CHROME_PATH": str(CHROMIUM)})
        assert result.returncode == 0, result.stderr[-3000:]
        data = json.loads(report.read_text(encoding="utf-8"))
        scores = {name: data["categories"][name]["score"] for name in CATEGORIES}
        failed = {audit["id"]: audit.get("displayValue", "") for audit in data["audits"].values()
                  if audit.get("score") is not None and audit["score"] < 0.9 and audit.get("scoreDisplayMode") == "binary"}
        runs.append((scores, failed))
        if all(score >= 0.95 for score in scores.values()):
            return
    raise AssertionError(f"Lighthouse sous 0,95 pour /{path} : {runs}")

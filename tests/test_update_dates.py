"""Each fiche shows when it last changed: the date of its last git commit, the same in the page,
its JSON-LD (dateModified) and the sitemap (lastmod); the same commit builds the same bytes."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

from conftest import FIXTURE_EPOCH, copy_project, mkdocs_build

from fiches_engine.git_dates import last_changes


def git(project: Path, *args: str, when: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "Test",
           "GIT_AUTHOR_EMAIL": "test@exemple.org", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "test@exemple.org"}
    subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)


def history(tmp_path: Path) -> Path:
    """The test corpus committed on 2024-03-10, then one métier changed on 2024-05-20."""
    project = copy_project(tmp_path / "project")
    git(project, "init", "-q", when="2024-03-10T10:00:00+00:00")
    git(project, "add", "fiches", when="2024-03-10T10:00:00+00:00")
    git(project, "commit", "-q", "-m", "Fiches", when="2024-03-10T10:00:00+00:00")
    fiche = project / "fiches" / "metiers" / "charge-de-mission.md"
    fiche.write_text(fiche.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8")
    git(project, "commit", "-q", "-am", "Une phrase", when="2024-05-20T18:30:00+00:00")
    return project


def test_last_changes_reads_every_file_at_once(tmp_path: Path) -> None:
    project = history(tmp_path)
    dates = last_changes(project / "fiches")
    assert dates["fiches/metiers/charge-de-mission.md"].isoformat() == "2024-05-20"
    assert dates["fiches/metiers/charge-de-missions-locales.md"].isoformat() == "2024-03-10"
    assert dates["fiches/offres/coordination-reseau-local.md"].isoformat() == "2024-03-10"
    assert last_changes(copy_project(tmp_path / "sans-git") / "fiches") == {}


def test_pages_jsonld_and_sitemap_show_the_last_change(tmp_path: Path) -> None:
    project = history(tmp_path)
    site = tmp_path / "site"
    result = mkdocs_build(project, site, "--strict", env={"SOURCE_DATE_EPOCH": FIXTURE_EPOCH})
    assert result.returncode == 0, result.stdout + result.stderr
    page = (site / "metiers" / "charge-de-mission" / "index.html").read_text(encoding="utf-8")
    assert 'Mis à jour le <time datetime="2024-05-20">20 mai 2024</time>.' in page
    jsonld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1))
    assert jsonld["dateModified"] == "2024-05-20"
    other = (site / "temoignages" / "aude-adb-solidatech" / "index.html").read_text(encoding="utf-8")
    assert 'Mis à jour le <time datetime="2024-03-10">10 mars 2024</time>.' in other
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert re.search(r"metiers/charge-de-mission/</loc>\s*<lastmod>2024-05-20</lastmod>", sitemap)
    assert re.search(r"metiers/charge-de-missions-locales/</loc>\s*<lastmod>2024-03-10</lastmod>", sitemap)
    # the same commit, built again: the same bytes
    again = tmp_path / "again"
    assert mkdocs_build(project, again, "--strict", env={"SOURCE_DATE_EPOCH": FIXTURE_EPOCH}).returncode == 0
    assert (again / "metiers" / "charge-de-mission" / "index.html").read_text(encoding="utf-8") == page
    assert (again / "sitemap.xml").read_text(encoding="utf-8") == sitemap


def test_metier_page_lists_its_closed_offers(built_site: Path) -> None:
    page = (built_site / "metiers" / "charge-de-mission" / "index.html").read_text(encoding="utf-8")
    past = re.search(r'<details class="fiche-offres-passees">(.*?)</details>', page, re.S).group(1)
    assert "<summary>1 offre clôturée</summary>" in past
    assert 'href="../../offres/la-tresse-coordination-communication/"' in past
    assert '<time datetime="2024-02-29">29 février 2024</time>' in past

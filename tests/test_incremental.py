"""A preview (`mkdocs serve --dirty`) writes again only the pages an edit changed, and its site is
then the very site a full build of the same content makes, byte for byte."""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURE_EPOCH, ROOT, copy_project, mkdocs_build

METIER = "fiches/metiers/charge-de-missions-locales.md"


def _edits(project: Path) -> list[dict[str, str | None]]:
    metier = (project / METIER).read_text(encoding="utf-8")
    offre = next((project / "fiches" / "offres").glob("*.md"))
    reworded = metier.replace('resume: "', 'resume: "Reformulé. ', 1)
    assert reworded != metier
    more = reworded.replace("competences:\n", "competences:\n  - conduite de réunions publiques\n", 1)
    assert more != reworded
    # a compétence another métier has: the reason shown beside it among related métiers changes
    shared = more.replace("competences:\n", "competences:\n  - gestion budgétaire\n", 1)
    testimony = ("---\ntitre: Une semaine au service du territoire\nmetiers:\n  - charge-de-missions-locales\n"
                 "personne:\n  prenom: Inès\n  poste: Chargée de mission\n  age: 31\n  structure: Communauté de communes\n"
                 "citation: Chaque semaine ressemble peu à la précédente.\n"
                 "date: 2024-03-02\n---\n\nJe prépare les réunions et je suis les dossiers, comme d'autres "
                 "[chargés de mission](../metiers/charge-de-mission.md).\n")
    return [
        {"path": METIER, "text": reworded},  # a word of the résumé
        {"path": METIER, "text": more},  # a compétence added: a new compétence page, counts change
        {"path": METIER, "text": shared},  # a compétence another métier has: the reason shown changes
        {"path": "fiches/temoignages/une-semaine-au-service-du-territoire.md", "text": testimony},
        {"path": str(offre.relative_to(project)), "text": None},  # an offer deleted
    ]


def _differences(a: Path, b: Path) -> list[str]:
    out: list[str] = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        out.extend(f"{prefix}{n} (seulement dans la reconstruction)" for n in cmp.left_only)
        out.extend(f"{prefix}{n} (seulement dans la construction complète)" for n in cmp.right_only)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        out.extend(f"{prefix}{n}" for n in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return out


def _run(tmp_path: Path, project: Path, edits: list[dict[str, str | None]], *options: str,
         env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """A preview of ``project`` started (its folder: tmp_path/apercu), ``edits`` saved one by one."""
    (tmp_path / "edits.json").write_text(json.dumps(edits), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "incremental_run.py"), str(project), str(tmp_path / "apercu"),
         str(tmp_path / "edits.json"), *options],
        capture_output=True, text=True, timeout=600,
        env={**os.environ, "SOURCE_DATE_EPOCH": FIXTURE_EPOCH, "NO_MKDOCS_2_WARNING": "1", **(env or {})})
    assert result.returncode == 0, result.stderr[-4000:]
    return result


def _writes(result: subprocess.CompletedProcess) -> list[list[str]]:
    lines = result.stdout.splitlines()
    assert lines[-1] == "index"
    return [json.loads(line) for line in lines[:-1]]


def _preview(tmp_path: Path, *options: str) -> tuple[Path, list[dict[str, str | None]], subprocess.CompletedProcess]:
    project = copy_project(tmp_path / "projet")
    edits = _edits(project)
    return project, edits, _run(tmp_path, project, edits, *options)


def _full_build_differences(tmp_path: Path, project: Path, engine: str = "mkdocs", site: str = "site") -> list[str]:
    full = tmp_path / "complet"
    # (the preview has the form editor with its local backend: the full build is asked for it too)
    built = mkdocs_build(project, full, env={"SOURCE_DATE_EPOCH": FIXTURE_EPOCH, "FICHES_EDITEUR_LOCAL": "1"},
                         engine=engine)
    assert built.returncode == 0, built.stderr[-4000:]
    differences = _differences(tmp_path / "apercu" / site, full)
    # the one file a preview leaves out on purpose: the service worker for reading offline would keep
    # pages that change at every save, and outlive the preview at its address (fiches_engine.offline)
    worker = "sw.js (seulement dans la construction complète)"
    assert worker in differences
    return [d for d in differences if d != worker]


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_a_preview_rebuilds_only_what_an_edit_changed_and_ends_as_a_full_build(tmp_path: Path, engine: str) -> None:
    """Under MkDocs, and under ProperDocs (the fork that keeps hooks, where Fiches goes if MkDocs 2
    ships without them)."""
    project, edits, result = _preview(tmp_path, *(["--properdocs"] if engine == "properdocs" else []))
    lines = result.stdout.splitlines()
    assert lines[-1] == "index"
    writes = [json.loads(line) for line in lines[:-1]]
    assert len(writes) == 1 + len(edits)
    total = len(writes[0])
    assert total > 50
    reworded, added, shared, testimony, deleted = writes[1:]
    # the edited fiche and the pages that show it, and not the rest of the site
    assert "metiers/charge-de-missions-locales/index.html" in reworded
    assert "metiers/index.html" in reworded and "competences/gestion-de-projet/index.html" in reworded
    assert "offres/coordination-reseau-local/index.html" in reworded  # an offer for this métier names it
    assert "temoignages/index.html" not in reworded  # no testimonial names this métier
    assert len(reworded) < total / 2, reworded
    # a related métier's page shows its title and the reason, not its résumé
    assert "metiers/charge-de-mission/index.html" not in reworded
    assert "competences/conduite-de-reunions-publiques/index.html" in added
    assert "competences/index.html" in added
    # the lists show the métier's card, which a compétence does not change
    assert "metiers/index.html" not in added and "competences/gestion-de-projet/index.html" not in added
    # « gestion budgétaire » is now shared with « Chargé·e de mission »: the reason on its page changes
    assert "metiers/charge-de-mission/index.html" in shared
    assert "temoignages/une-semaine-au-service-du-territoire/index.html" in testimony
    assert "metiers/charge-de-missions-locales/index.html" in testimony
    assert "temoignages/index.html" in testimony and "metiers/index.html" not in testimony
    assert len(deleted) < total / 2
    # the pages a rebuild leaves as they were are still linked to, without a word about it
    assert "excluded" not in result.stderr, result.stderr[-4000:]
    # nor MkDocs' warning that a dirty build makes wrong navigation: ours writes every page whose
    # navigation or links changed, as this test shows
    assert "dirty" not in result.stderr and "WARNING" not in result.stderr, result.stderr[-4000:]
    # and the preview's site is, file for file, the one a full build of the edited content makes
    assert _full_build_differences(tmp_path, project, engine) == []
    if engine == "properdocs":  # (the generator's name in each page says which one built it)
        assert "mkdocs-ProperDocs" in (tmp_path / "apercu" / "site" / "index.html").read_text(encoding="utf-8")


def test_a_mkdocs_the_preview_does_not_know_gets_full_rebuilds_and_one_notice(tmp_path: Path) -> None:
    """A private part of MkDocs the preview relies on is missing (hooks/mkdocs_private.py): every
    rebuild writes the whole site, a French notice says why once, and the site is still right."""
    project, edits, result = _preview(tmp_path, "--sans", "mkdocs.utils:clean_directory")
    writes = [json.loads(line) for line in result.stdout.splitlines()[:-1]]
    assert len(writes) == 1 + len(edits)
    assert all(len(pages) > 50 for pages in writes), [len(pages) for pages in writes]  # every page, every time
    notice = ("Aperçu : cette version de MkDocs n'a pas ce que l'aperçu rapide attend "
              "(mkdocs.utils.clean_directory) ; chaque modification reconstruit tout le site.")
    assert result.stderr.count(notice) == 1, result.stderr[-4000:]
    # (without the preview, the site is where MkDocs builds it: no folder kept for a next start)
    assert not (tmp_path / "apercu" / "site").exists()
    assert _full_build_differences(tmp_path, project, site="mkdocs-serve") == []


def _fake_package(folder: Path, version: str) -> None:
    """An installed package, as importlib.metadata finds one: only its version changes."""
    for old in folder.glob("fiches_essai-*.dist-info"):
        shutil.rmtree(old)
    info = folder / f"fiches_essai-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: fiches-essai\nVersion: {version}\n", encoding="utf-8")


def test_a_preview_started_again_writes_nothing_until_something_changed(tmp_path: Path) -> None:
    """The preview's site stays on disk (hooks/preview_restart.py): started again on the same
    project, its first build writes nothing and the next edit only what it changes; a change of
    content, template, configuration or package version, or of the tool (MkDocs, ProperDocs),
    between two starts makes it build everything again; and every time the site is the one a full
    build makes."""
    project = copy_project(tmp_path / "projet")
    packages = tmp_path / "paquets"
    _fake_package(packages, "1.0")
    env = {"PYTHONPATH": str(packages)}
    first = _writes(_run(tmp_path, project, [], env=env))
    total = len(first[0])
    assert total > 50
    # started again, nothing changed: nothing written; then an edit writes what it changes
    edit = _edits(project)[0]
    again = _run(tmp_path, project, [edit], env=env)
    unchanged, edited = _writes(again)
    assert unchanged == [], unchanged
    assert "le site de l'aperçu précédent est à jour" in again.stderr
    assert "WARNING" not in again.stderr, again.stderr[-3000:]  # nor notices of pages it did not plan
    assert "metiers/charge-de-missions-locales/index.html" in edited and len(edited) < total / 2, edited
    assert _full_build_differences(tmp_path, project) == []
    assert any((tmp_path / "apercu" / "modeles").iterdir())  # the templates as compiled, for the next start
    metier = project / "fiches" / "metiers" / "charge-de-mission.md"
    changes = {
        "contenu": lambda: metier.write_text(metier.read_text(encoding="utf-8").replace(
            'resume: "', 'resume: "Changé entre deux aperçus. ', 1), encoding="utf-8"),
        # a template the last preview compiled (kept on disk beside its site) and that now shows otherwise
        "gabarit": lambda: (project / "overrides" / "metier.html").write_text(
            (project / "overrides" / "metier.html").read_text(encoding="utf-8").replace(
                '<h1 data-pagefind-meta="title">', '<h1 data-pagefind-meta="title" class="gabarit-change">', 1),
            encoding="utf-8"),
        "configuration": lambda: (project / "mkdocs.yml").write_text(
            (project / "mkdocs.yml").read_text(encoding="utf-8") + "# changé\n", encoding="utf-8"),
        "paquet": lambda: _fake_package(packages, "1.1"),
    }
    for name, change in changes.items():
        change()
        result = _run(tmp_path, project, [], env=env)
        [written] = _writes(result)
        assert len(written) >= total - 2, (name, len(written), total)  # the whole site
        assert "à jour, rien à reconstruire" not in result.stderr, name
        assert _full_build_differences(tmp_path, project) == [], name
        if name == "gabarit":
            page = tmp_path / "apercu" / "site" / "metiers" / "charge-de-mission" / "index.html"
            assert 'class="gabarit-change"' in page.read_text(encoding="utf-8")
    # the same project previewed by ProperDocs, which names itself in every page: all built again
    result = _run(tmp_path, project, [], "--properdocs", env=env)
    [written] = _writes(result)
    assert len(written) >= total - 2, len(written)
    assert _full_build_differences(tmp_path, project, "properdocs") == []


def test_a_second_preview_of_the_same_project_builds_elsewhere(tmp_path: Path) -> None:
    """While a preview holds the project's preview folder, another one started on the same project
    builds where MkDocs says, and leaves the first one's site and stamp alone."""
    from fiches_engine import publish

    project = copy_project(tmp_path / "projet")
    with publish.lock(tmp_path / "apercu" / "site", wait=None) as held:  # as the first preview does
        assert held
        result = _run(tmp_path, project, [])
    assert "un autre aperçu de ce projet tourne déjà" in result.stderr, result.stderr[-3000:]
    assert not (tmp_path / "apercu" / "site").exists() and not (tmp_path / "apercu" / "etat.json").exists()
    assert _full_build_differences(tmp_path, project, site="mkdocs-serve") == []

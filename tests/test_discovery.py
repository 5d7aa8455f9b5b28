"""Nothing under fiches/ is passed over without a word: every file is loaded, refused or named.

A content folder is laid out with every way of putting a file where it would not be published;
`fiches check` and the build must name each one, in French, and publish nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURE_CONTENT, copy_project, mkdocs_build

FICHE = FIXTURE_CONTENT / "metiers" / "charge-de-mission.md"

# (path made under fiches/, the start of the message expected for it)
EXPECTED = [
    ("fiches/README.md:1: ", "fichier mal placé : il ne serait pas publié."),
    ("fiches/images:1: ", "dossier inconnu « images » (1 fiche dedans) : son contenu ne serait pas publié."),
    ("fiches/metiers/.brouillon.md:1: ", "fichier caché : il ne serait pas publié."),
    ("fiches/metiers/Vieux.MD:1: ", "extension « .MD » : ce fichier ne serait pas publié. Astuce : renommez-le en « Vieux.md »."),
    ("fiches/metiers/archives:1: ", "sous-dossier (1 fiche dedans) : son contenu ne serait pas publié."),
    ("fiches/metiers/autre.markdown:1: ", "extension « .markdown » : ce fichier ne serait pas publié."),
    ("fiches/metiers/charge-de-mission.md:1: ", "même nom que fiches/metiers/Charge-de-mission.md, à la casse ou aux accents près"),
    ("fiches/metiers/notes.txt:1: ", "extension « .txt » : ce fichier ne serait pas publié."),
    ("fiches/metiers/secret.md:1: ", "lien symbolique vers un fichier hors du projet : refusé."),
    ("fiches/metiers/casse.md:1: ", "lien symbolique cassé : il ne mène à aucun fichier."),
    ("fiches/temoignages/ailleurs:1: ", "lien symbolique vers un dossier : son contenu ne serait pas publié."),
    ("fiches/offres/photo.png:1: ", "ce fichier n'est pas une fiche (.md) : il ne serait pas publié."),
]


def misplaced_content(project: Path, outside: Path) -> Path:
    content = project / "fiches"
    (content / "README.md").write_text("# Lisez-moi\n", encoding="utf-8")
    (content / "images").mkdir()
    shutil.copy(FICHE, content / "images" / "vieille.md")
    metiers = content / "metiers"
    (metiers / "archives").mkdir()
    shutil.copy(FICHE, metiers / "archives" / "charge-de-mission-2019.md")
    for name in (".brouillon.md", "Vieux.MD", "autre.markdown", "notes.txt"):
        shutil.copy(FICHE, metiers / name)
    shutil.copy(FICHE, metiers / "Charge-de-mission.md")  # the same name on Windows and macOS
    (outside / "secret.md").write_text("root:x:0:0\n", encoding="utf-8")
    (metiers / "secret.md").symlink_to(outside / "secret.md")
    (metiers / "casse.md").symlink_to(metiers / "disparu.md")
    (content / "temoignages" / "ailleurs").symlink_to(outside, target_is_directory=True)
    (content / "offres" / "photo.png").write_bytes(b"\x89PNG\r\n")
    (metiers / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    # a link inside the project is followed: this offer is read, and valid
    (project / "partage").mkdir()
    shutil.copy(FIXTURE_CONTENT / "offres" / "coordination-reseau-local.md", project / "partage" / "offre.md")
    (content / "offres" / "offre-partagee.md").symlink_to(project / "partage" / "offre.md")
    return content


def test_fiches_check_names_every_file_it_does_not_publish(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (tmp_path / "dehors").mkdir()
    misplaced_content(project, tmp_path / "dehors")
    result = subprocess.run([sys.executable, "-m", "fiches_engine.cli", "check"], cwd=project,
                            capture_output=True, text=True, timeout=120,
                            env={k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")})
    lines = result.stdout.splitlines()
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    for where, message in EXPECTED:
        assert any(line.startswith(where + message) for line in lines), (where, message, result.stdout)
    assert "ignoré : fiches/metiers/.DS_Store (fichier du système, pas une fiche)." in lines
    # the rest is the fixture's own content, read and valid: nothing else is said
    named = {line.split(":", 1)[0] for line in lines if ".md:" in line or ":1: " in line}
    assert named == {where.split(":", 1)[0] for where, _ in EXPECTED} | {"fiches/metiers/Charge-de-mission.md"}
    assert "root:x" not in result.stdout
    assert f"✗ {len(EXPECTED) + 1} erreurs" in lines[-1]  # and the slug error of Charge-de-mission.md


def test_the_build_refuses_and_keeps_the_old_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (tmp_path / "dehors").mkdir()
    misplaced_content(project, tmp_path / "dehors")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("ancien site", encoding="utf-8")
    result = mkdocs_build(project, site)
    out = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in out
    for where, message in EXPECTED:
        assert where + message in out
    assert (site / "index.html").read_text(encoding="utf-8") == "ancien site"


def test_system_files_are_named_and_the_build_goes_on(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "fiches" / "metiers" / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (project / "fiches" / "offres" / "Thumbs.db").write_bytes(b"\0")
    result = mkdocs_build(project, tmp_path / "site", "--strict")
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "ignoré : fiches/metiers/.DS_Store (fichier du système, pas une fiche)." in out
    assert "ignoré : fiches/offres/Thumbs.db (fichier du système, pas une fiche)." in out

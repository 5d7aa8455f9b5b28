"""The pages a pull request adds, modifies or removes, as its check's summary lists them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import markdown
from conftest import FIXTURE_EPOCH, copy_project, mkdocs_build

from fiches_engine import site_diff
from fiches_engine.site_diff import compare, summary


def page(body: str, nav: str = "menu") -> str:
    return (f'<html><body><nav>{nav}</nav><div class="md-content"><article class="md-content__inner md-typeset">'
            f"{body}</article></div><footer>pied</footer></body></html>")


def site(root: Path, pages: dict[str, str]) -> Path:
    for path, html in pages.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(html, encoding="utf-8")
    return root


def test_added_changed_removed_and_unchanged(tmp_path: Path) -> None:
    old = site(tmp_path / "a", {"index.html": page("accueil"), "metiers/a/index.html": page("A"),
                                "metiers/b/index.html": page("B"), "404.html": page("perdu")})
    new = site(tmp_path / "b", {"index.html": page("accueil", nav="menu et une page"),  # only the nav differs
                                "metiers/a/index.html": page("A modifié"), "metiers/c/index.html": page("C"),
                                "404.html": page("perdu"), "metiers/explorateur.json": "{}"})
    diff = compare(old, new)
    assert diff.added == ["/metiers/c/"]
    assert diff.changed == ["/metiers/a/"]
    assert diff.removed == ["/metiers/b/"]


def test_summary_is_french_markdown_with_the_preview(tmp_path: Path) -> None:
    diff = site_diff.SiteDiff(added=["/metiers/c/"], changed=["/metiers/a/", "/"], removed=[])
    text = summary(diff, "https://github.com/o/r/actions/runs/1/artifacts/2")
    rendered = markdown.markdown(text)
    assert "Pages ajoutées (1)" in rendered and "Pages modifiées (2)" in rendered
    assert "Pages supprimées" not in rendered
    assert rendered.count("<li>") == 3
    assert '<a href="https://github.com/o/r/actions/runs/1/artifacts/2">' in rendered
    assert "Aucune page ne change." in summary(site_diff.SiteDiff())
    assert "n'est pas disponible" in summary(None)


def test_long_lists_are_cut_with_a_count() -> None:
    diff = site_diff.SiteDiff(added=[f"/competences/c{i:04d}/" for i in range(site_diff.MAX_LISTED + 25)])
    text = summary(diff)
    assert text.count("\n- `") == site_diff.MAX_LISTED
    assert "- … et 25 autres" in text


def test_command_line_without_a_base_site(tmp_path: Path) -> None:
    new = site(tmp_path / "b", {"index.html": page("accueil")})
    result = subprocess.run([sys.executable, "-m", "fiches_engine.site_diff", str(tmp_path / "absent"), str(new),
                             "--apercu", "https://exemple.org/apercu"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "n'est pas disponible" in result.stdout and "https://exemple.org/apercu" in result.stdout


def test_two_real_builds_show_a_new_metier(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "projet")
    env = {"SOURCE_DATE_EPOCH": FIXTURE_EPOCH}
    assert mkdocs_build(project, tmp_path / "avant", "--strict", env=env).returncode == 0
    source = project / "fiches" / "metiers" / "charge-de-mission.md"
    target = source.with_name("animateur-de-tiers-lieu.md")
    shutil.copy(source, target)
    target.write_text(target.read_text(encoding="utf-8").replace(
        "titre: Chargé·e de mission\n", "titre: Animateur·rice de tiers-lieu\n", 1), encoding="utf-8")
    assert mkdocs_build(project, tmp_path / "apres", "--strict", env=env).returncode == 0
    diff = compare(tmp_path / "avant", tmp_path / "apres")
    assert "/metiers/animateur-de-tiers-lieu/" in diff.added
    assert {"/", "/metiers/"} <= set(diff.changed)  # the home page and the list show it
    assert diff.removed == []
    # pages that do not show it are not listed: the guide, an offer
    assert "/contribuer/" not in diff.changed and "/offres/coordination-reseau-local/" not in diff.changed

"""The pages a pull request adds, modifies or removes, as its check's summary lists them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import markdown
from conftest import ROOT, copy_project, mkdocs_build

from fiches_engine import site_diff
from fiches_engine.site_diff import SiteDiff, compare, summary

BASE_CONTENT = ROOT / "tests" / "fixtures" / "base" / "fiches"


def page(body: str, nav: str = "menu", head: str = "") -> str:
    """A page shaped like Material's: navigation and footer around the content article."""
    return (f"<html><head>{head}</head><body><nav>{nav}</nav><div class=\"md-content\">"
            f'<article class="md-content__inner md-typeset">{body}</article></div>'
            "<footer>pied</footer></body></html>")


def site(root: Path, files: dict[str, str]) -> Path:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return root


def test_added_changed_removed(tmp_path: Path) -> None:
    old = site(tmp_path / "a", {"index.html": page("accueil"), "metiers/a/index.html": page("A"),
                                "metiers/b/index.html": page("B"), "404.html": page("perdu")})
    new = site(tmp_path / "b", {"index.html": page("accueil"), "metiers/a/index.html": page("A modifié"),
                                "metiers/c/index.html": page("C"), "404.html": page("perdu")})
    assert compare(old, new) == SiteDiff(added=["/metiers/c/"], changed=["/metiers/a/"], removed=["/metiers/b/"])


def test_a_new_menu_or_head_changes_no_page(tmp_path: Path) -> None:
    old = site(tmp_path / "a", {"index.html": page("accueil"), "metiers/a/index.html": page("A")})
    new = site(tmp_path / "b", {
        "index.html": page("accueil", nav="menu et une page de plus", head='<link href="main.1234.css">'),
        "metiers/a/index.html": page("A", nav="menu et une page de plus"),
    })
    assert compare(old, new) == SiteDiff()


def test_data_files_are_not_listed(tmp_path: Path) -> None:
    old = site(tmp_path / "a", {"index.html": page("accueil"), "metiers/explorateur.json": "[]"})
    new = site(tmp_path / "b", {"index.html": page("accueil"), "metiers/explorateur.json": "[1]",
                                "pagefind/fragment/fr_1.pf_fragment": "x", "sitemap.xml": "<urlset/>"})
    assert compare(old, new) == SiteDiff()


def test_an_article_inside_the_text_does_not_end_the_page_early(tmp_path: Path) -> None:
    # HTML is allowed in a fiche's text: a change after its own </article> is still a change.
    inner = "<article>encadré</article><p>{}</p>"
    old = site(tmp_path / "a", {"metiers/a/index.html": page(inner.format("avant"))})
    new = site(tmp_path / "b", {"metiers/a/index.html": page(inner.format("après"))})
    assert compare(old, new).changed == ["/metiers/a/"]


def test_a_page_without_the_content_article_is_compared_whole(tmp_path: Path) -> None:
    old = site(tmp_path / "a", {"brut.html": "<p>un</p>"})
    new = site(tmp_path / "b", {"brut.html": "<p>deux</p>"})
    assert compare(old, new).changed == ["/brut.html"]


def test_summary_is_french_markdown_with_the_preview() -> None:
    diff = SiteDiff(added=["/metiers/c/"], changed=["/", "/metiers/a/"], removed=["/metiers/b/"])
    text = summary(diff, "https://github.com/o/r/actions/runs/1/artifacts/2")
    rendered = markdown.markdown(text)
    for title in ("Pages ajoutées (1)", "Pages modifiées (2)", "Pages supprimées (1)"):
        assert title in rendered
    assert rendered.count("<li>") == 4
    assert "Aperçu du site à télécharger" in rendered
    assert '<a href="https://github.com/o/r/actions/runs/1/artifacts/2">' in rendered


def test_summary_when_nothing_changes_or_nothing_to_compare() -> None:
    assert "Aucune page ne change." in summary(SiteDiff())
    assert "Pages" not in summary(SiteDiff()).replace("## Pages du site", "")
    assert "n'est pas disponible" in summary(None)
    assert "Aperçu" not in summary(SiteDiff())


def test_long_lists_are_cut_with_a_count() -> None:
    diff = SiteDiff(added=[f"/competences/c{i:04d}/" for i in range(site_diff.MAX_LISTED + 25)])
    text = summary(diff)
    assert f"Pages ajoutées ({site_diff.MAX_LISTED + 25})" in text
    assert text.count("\n- `") == site_diff.MAX_LISTED
    assert "- … et 25 autres" in text


def test_command_line(tmp_path: Path) -> None:
    old = site(tmp_path / "a", {"index.html": page("accueil")})
    new = site(tmp_path / "b", {"index.html": page("accueil"), "metiers/c/index.html": page("C")})

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "fiches_engine.site_diff", *args], capture_output=True,
                              text=True, cwd=ROOT / "hooks", timeout=60)

    result = run(str(old), str(new), "--apercu", "https://exemple.org/apercu")
    assert result.returncode == 0, result.stderr
    assert "Pages ajoutées (1)" in result.stdout and "https://exemple.org/apercu" in result.stdout
    # the starting site could not be built: said, not a failure of the check
    result = run(str(tmp_path / "absent"), str(new))
    assert result.returncode == 0 and "n'est pas disponible" in result.stdout
    assert run(str(old), str(tmp_path / "absent")).returncode == 2


def test_two_real_builds_show_a_new_metier(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "projet", with_content=False)
    shutil.copytree(BASE_CONTENT, project / "fiches")
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    result = mkdocs_build(project, tmp_path / "avant", "--strict", env=env)
    assert result.returncode == 0, result.stdout + result.stderr

    source = project / "fiches" / "metiers" / "charge-de-mission.md"
    text = source.read_text(encoding="utf-8")
    titre = next(line for line in text.splitlines() if line.startswith("titre:"))
    (source.parent / "animateur-de-tiers-lieu.md").write_text(
        text.replace(titre, "titre: Animateur·rice de tiers-lieu", 1), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "apres", "--strict", env=env)
    assert result.returncode == 0, result.stdout + result.stderr

    diff = compare(tmp_path / "avant", tmp_path / "apres")
    assert diff.added == ["/metiers/animateur-de-tiers-lieu/"]
    assert diff.removed == []
    # every page that lists métiers shows the new one: the list, its sector, skill and quality pages
    assert {"/metiers/", "/secteurs/economie-sociale-et-solidaire/", "/competences/gestion-de-projet/",
            "/qualites/polyvalence/"} <= set(diff.changed), diff.changed
    # the pages that do not show it are not listed, although the menu is on every page
    for unchanged in ("/contribuer/", "/a-propos/", "/offres/offre-exemple/", "/temoignages/lea/"):
        assert unchanged not in diff.changed

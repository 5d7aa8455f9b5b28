"""A fiche's headings never take an id the site's own elements use (DOM clobbering).

The ids the site uses are found here, not remembered: every id of the built pages that no Markdown
heading made (the templates', ours and material's), every id the form editor's pages write, and
every id the scripts look up. Each must be refused to a fiche (fiches_engine.element_ids).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import material
import pytest
from conftest import FIXTURE_EPOCH, ROOT, copy_project, mkdocs_build

from fiches_engine.element_ids import heading_id, id_problem, is_site_id

_ID = re.compile(r"""\sid=["']?([^"'\s>]+)""")
# getElementById("x"), querySelector("#x"), "#x" in a selector string, `#__codelineno-`
_LOOKED_UP = re.compile(r"""getElementById\(\s*["'`]([^"'`]+)["'`]|["'`]#([A-Za-z_][\w-]*)""")
MATERIAL = Path(material.__file__).parent / "templates"

# A métier whose body has headings named like the site's own sections and material's settings.
HEADINGS_METIER = """---
titre: Métier aux titres piégés
resume: Une définition assez longue pour passer la règle des résumés.
secteurs: [action sociale]
competences: [gestion de projet]
qualites: [rigueur]
---

## En bref

## Savoir-faire

## Sources

## __config

## Témoignages

## ★

Un paragraphe.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[str]]]:
    """The test corpus plus HEADINGS_METIER, built with a hook that records the Markdown headings' ids."""
    project = copy_project(tmp_path_factory.mktemp("projet"))
    (project / "fiches" / "metiers" / "titres-pieges.md").write_text(HEADINGS_METIER, encoding="utf-8")
    config = project / "mkdocs.yml"
    hook = ROOT / "tests" / "tools" / "toc_ids_hook.py"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - hooks/fiches_hooks.py\n", f"  - hooks/fiches_hooks.py\n  - {hook}\n"), encoding="utf-8")
    site, record = tmp_path_factory.mktemp("site"), project / "toc-ids.json"
    result = mkdocs_build(project, site, "--strict", env={"SOURCE_DATE_EPOCH": FIXTURE_EPOCH,
                                                          "FICHES_TOC_IDS": str(record)})
    assert result.returncode == 0, result.stdout + result.stderr
    return site, json.loads(record.read_text(encoding="utf-8"))


def _scripts() -> list[Path]:
    ours = [p for folder in ("docs", "overrides", "admin") for p in (ROOT / folder).rglob("*.js")]
    return ours + sorted((MATERIAL / "assets" / "javascripts").glob("bundle.*.min.js"))


def test_every_id_the_site_uses_is_refused_to_a_fiche(built: tuple[Path, dict[str, list[str]]]) -> None:
    site, from_markdown = built
    used: dict[str, str] = {}
    for page in site.rglob("*.html"):
        uri = page.relative_to(site).as_posix()
        for found in set(_ID.findall(page.read_text(encoding="utf-8"))) - set(from_markdown.get(uri, [])):
            used.setdefault(found, uri)
    for page in (ROOT / "admin").glob("*.html"):
        for found in _ID.findall(page.read_text(encoding="utf-8")):
            used.setdefault(found, f"admin/{page.name}")
    for script in _scripts():
        for by_id, in_selector in _LOOKED_UP.findall(script.read_text(encoding="utf-8")):
            used.setdefault(by_id or in_selector, script.name)
    assert "__config" in used and "en-bref" in used and "explorateur" in used  # the search found them
    accepted = {found: where for found, where in used.items() if id_problem(found) is None}
    assert accepted == {}, "ids du site qu'une fiche pourrait prendre : ajoutez-les à element_ids.SITE_IDS"


def test_headings_named_like_the_site_get_ids_of_their_own(built: tuple[Path, dict[str, list[str]]]) -> None:
    site, from_markdown = built
    ids = from_markdown["metiers/titres-pieges/index.html"]
    assert ids[:3] == ["en-bref-1", "savoir-faire-1", "sources-1"]
    assert not any(is_site_id(found) for found in ids)
    html = (site / "metiers" / "titres-pieges" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<script id="__config" type="application/json">', html)
    for page in site.rglob("*.html"):  # no id twice on any page
        twice = [found for found, n in Counter(_ID.findall(page.read_text(encoding="utf-8"))).items() if n > 1]
        assert twice == [], page


@pytest.mark.parametrize(("text", "expected"), [
    ("Missions", "missions"), ("En bref", "en-bref-1"), ("__config", "config"), ("_", "titre"), ("★", "titre"),
    ("Lettre A", "lettre-a-1"), ("Savoir-être", "savoir-etre-1"), ("Les compétences", "les-competences"),
])
def test_heading_id(text: str, expected: str) -> None:
    assert heading_id(text, "-") == expected


def test_the_build_refuses_a_fiche_that_takes_a_site_id(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "projet")
    fiche = HEADINGS_METIER.replace("## Sources\n", "## Nos sources {#sources}\n")
    (project / "fiches" / "metiers" / "titres-pieges.md").write_text(fiche, encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site", env={"SOURCE_DATE_EPOCH": FIXTURE_EPOCH})
    assert result.returncode == 1
    assert ("fiches/metiers/titres-pieges.md:13: texte : serait retiré de la page : l'identifiant « sources » sur <h2> "
            "(le site donne déjà cet identifiant à l'un de ses propres éléments)") in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "site").exists()

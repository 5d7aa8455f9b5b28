"""An editor's pull request, played on a copy of the project: valid changes stay green, a broken
reference gets its French error.

The copy starts from the editors' fiches/ as it is today, whatever it holds: the test adds its own
fiches and finds the ones it edits or removes by reading the content, never by name.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, mkdocs_build

from fiches_engine.corpus import load_corpus
from fiches_engine.frontmatter import read_fiche

SLUG = "essai-animateur-de-tiers-lieu"  # a name no editor will choose: the test's own métier

METIER = """---
titre: Animateur·rice de tiers-lieu (essai)
resume: Fait vivre un lieu partagé, ses usagers et ses partenaires, et en organise les activités.
secteurs:
  - économie sociale et solidaire
competences:
  - animation de communauté
  - gestion de projet
qualites:
  - sens relationnel
formation:
  niveau: bac+3
salaire:
  brut_mensuel: 2100
  base: moyenne
  source: Enquête du réseau des animateurs
  annee: 2024
---

## Missions

- accueillir les usagers du lieu ;
- organiser les activités avec les associations du territoire.
"""

TEMOIGNAGE = f"""---
titre: "Sam, animateur d'un tiers-lieu (essai)"
personne:
  prenom: Sam
  poste: Animateur de tiers-lieu
  age: 34
metiers:
  - {SLUG}
citation: "Chaque semaine, le lieu accueille de nouvelles personnes et de nouvelles idées."
---

Sam raconte son métier : un témoignage écrit pour les tests.
"""


def offre(deadline: date) -> str:
    return f"""---
titre: "Animation d'un tiers-lieu à Cahors (essai)"
structure:
  nom: Association d'essai
lieu:
  commune: Cahors
  departement: "46"
metiers:
  - {SLUG}
contrat: cdd
publiee: 2020-01-15
date_limite: {deadline.isoformat()}
---

Une offre écrite pour les tests, ouverte pendant quelques semaines.
"""


def editors_copy(tmp_path: Path) -> Path:
    """The project as an editor's clone has it: today's fiches/ and everything a build reads."""
    return copy_project(tmp_path / "projet", content=ROOT / "fiches")


def add_competence(fiche: Path, value: str) -> None:
    """Add a compétence to a métier as an editor would, after the last one, in the file's own style."""
    text = fiche.read_text(encoding="utf-8")
    raw, errors = read_fiche(f"fiches/metiers/{fiche.name}", text.encode("utf-8"))
    assert raw is not None and not errors
    data = raw.doc.data["competences"]
    lines = text.split("\n")
    last = raw.doc.line_of(("competences", len(data) - 1)) - 1  # 0-based line of the last item
    item = lines[last]
    if item.lstrip().startswith("- "):  # block style, the project's: one item a line
        indent = item[:len(item) - len(item.lstrip())]
        lines.insert(last + 1, f"{indent}- {value}")
    else:  # flow style, [a, b]: the list ends on this line
        lines[last] = item.replace("]", f", {value}]", 1)
    fiche.write_text("\n".join(lines), encoding="utf-8")


def run_content_checks(project: Path) -> subprocess.CompletedProcess[str]:
    """tests/test_content.py, the checks CI runs on fiches/, on the copy."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", str(ROOT / "tests" / "test_content.py"), "-q", "-p", "no:cacheprovider",
         "--rootdir", str(ROOT)],
        cwd=ROOT, capture_output=True, text=True, timeout=3600,
        env={**{k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")},
             "FICHES_CONTENT_PROJECT": str(project)})


def test_a_valid_pull_request_keeps_the_content_checks_green(tmp_path: Path) -> None:
    project = editors_copy(tmp_path)
    fiches = project / "fiches"
    (fiches / "metiers" / f"{SLUG}.md").write_text(METIER, encoding="utf-8")
    (fiches / "temoignages" / "essai-sam-tiers-lieu.md").write_text(TEMOIGNAGE, encoding="utf-8")
    (fiches / "offres" / "essai-animation-tiers-lieu.md").write_text(offre(date.today() + timedelta(days=45)),
                                                                      encoding="utf-8")
    existing = sorted(p for p in (fiches / "metiers").glob("*.md") if p.stem != SLUG)
    if existing:
        add_competence(existing[0], "animation de communauté")
    corpus, errors = load_corpus(fiches)
    assert errors == []
    assert corpus.temoignages_by_metier[SLUG] and corpus.offres_by_metier[SLUG]
    if existing:
        assert "animation de communauté" in corpus.metiers[existing[0].stem].competences

    result = run_content_checks(project)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and " failed" not in result.stdout and "skipped" not in result.stdout


def _one_metier(fiches: Path) -> str:
    slugs = sorted(p.stem for p in (fiches / "metiers").glob("*.md"))
    if not slugs:
        (fiches / "metiers" / f"{SLUG}.md").write_text(METIER, encoding="utf-8")
        return SLUG
    return slugs[0]


@pytest.mark.parametrize("change", ["suppression", "renommage"])
def test_removing_a_metier_that_a_testimonial_names_is_a_french_error(tmp_path: Path, change: str) -> None:
    project = editors_copy(tmp_path)
    fiches = project / "fiches"
    slug = _one_metier(fiches)
    (fiches / "temoignages" / "essai-sam-tiers-lieu.md").write_text(TEMOIGNAGE.replace(SLUG, slug), encoding="utf-8")
    assert load_corpus(fiches)[1] == []
    source = fiches / "metiers" / f"{slug}.md"
    if change == "suppression":
        source.unlink()
    else:
        source.rename(source.with_name(f"{slug}-renomme.md"))

    expected = (f"fiches/temoignages/essai-sam-tiers-lieu.md:8: metiers[1] : attendu un métier existant "
                f"(fiches/metiers/{slug}.md), trouvé « {slug} », qui n'existe pas.")
    check = subprocess.run([sys.executable, "-m", "fiches_engine.cli", "check"], cwd=project,
                           capture_output=True, text=True, timeout=300,
                           env={k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")})
    assert check.returncode == 1
    assert expected in check.stdout
    line = next(line for line in check.stdout.splitlines() if line.startswith(expected))
    assert " Astuce : " in line  # a close name to choose, or what to create

    site = tmp_path / "site"
    build = mkdocs_build(project, site, "--strict", env={})
    out = build.stdout + build.stderr
    assert build.returncode == 1 and "Traceback" not in out
    assert "le site n'est pas construit" in out and expected in out
    assert not site.exists()

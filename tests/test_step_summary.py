"""In GitHub Actions, `fiches check` writes every error to the job's step summary.

GitHub shows only the first ten annotations of a step; the summary is where an editor
finds all of them. The table is checked as a Markdown renderer reads it (Python-Markdown
with its tables extension), not by counting characters.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from conftest import ROOT

BASE = ROOT / "tests" / "fixtures" / "base"

# Thirty distinct mistakes in four files; values that would break a Markdown table on purpose.
METIER = """---
titre: Métier A
resume: court
secteurs: action sociale
competences: [""]
qualites: [rigueur, rigueur]
competence: [x]
formation:
  niveau: yes
salaire:
  brut_mensuel: 2 500 €
  annee: deux mille
codes:
  isco: 2422
  rome: [K18]
mise_a_jour: 29/02/2024
metiers_proches: [inconnu-total]
sources:
  - url: https://exemple.org
---
Texte.
"""
OFFRE = """---
titre: Offre B
structure:
  nom: ""
  url: pas-une-adresse
lieu:
  commune: Cahors
  departement: 46
  teletravail: oui
metiers: [Charge-De-Mission]
contrat: "<b>CDI</b> | `x` *y* [l](http://e) $a$ ~~s~~ \\\\ &amp; <script>x</script>"
publiee: 2024-01-10
date_limite: 1/3/2024
debut: 2024-02-30
remuneration:
  montant: 1,5
  brut: peut-être
contact:
  email: pas-un-email
---
Texte.
"""
TEMOIGNAGE = f"""---
titre: Témoignage C
personne:
  prenom: Sam
  poste: Chargé de mission
  age: trente ans
metiers: [metier-qui-nexiste-pas]
citation: {"a" * 300}
date: 15/06/2023
"clé|inconnue\\n*x* <i>": 1
---
Texte.
"""
EXPECTED = [  # (file, line, field): written from the files above, not from the checker
    ("fiches/brouillon.md", 1, ""),
    ("fiches/metiers/trente-a.md", 3, "resume"),
    ("fiches/metiers/trente-a.md", 4, "secteurs"),
    ("fiches/metiers/trente-a.md", 5, "competences[1]"),
    ("fiches/metiers/trente-a.md", 6, "qualites[2]"),
    ("fiches/metiers/trente-a.md", 7, "competence"),
    ("fiches/metiers/trente-a.md", 9, "formation.niveau"),
    ("fiches/metiers/trente-a.md", 11, "salaire.brut_mensuel"),
    ("fiches/metiers/trente-a.md", 12, "salaire.annee"),
    ("fiches/metiers/trente-a.md", 14, "codes.isco"),
    ("fiches/metiers/trente-a.md", 15, "codes.rome[1]"),
    ("fiches/metiers/trente-a.md", 16, "mise_a_jour"),
    ("fiches/metiers/trente-a.md", 17, "metiers_proches[1]"),
    ("fiches/metiers/trente-a.md", 19, "sources[1].titre"),
    ("fiches/offres/trente-b.md", 4, "structure.nom"),
    ("fiches/offres/trente-b.md", 5, "structure.url"),
    ("fiches/offres/trente-b.md", 8, "lieu.departement"),
    ("fiches/offres/trente-b.md", 9, "lieu.teletravail"),
    ("fiches/offres/trente-b.md", 10, "metiers[1]"),
    ("fiches/offres/trente-b.md", 11, "contrat"),
    ("fiches/offres/trente-b.md", 13, "date_limite"),
    ("fiches/offres/trente-b.md", 14, "debut"),
    ("fiches/offres/trente-b.md", 16, "remuneration.montant"),
    ("fiches/offres/trente-b.md", 17, "remuneration.brut"),
    ("fiches/offres/trente-b.md", 19, "contact.email"),
    ("fiches/temoignages/trente-c.md", 6, "personne.age"),
    ("fiches/temoignages/trente-c.md", 7, "metiers[1]"),
    ("fiches/temoignages/trente-c.md", 8, "citation"),
    ("fiches/temoignages/trente-c.md", 9, "date"),
    ("fiches/temoignages/trente-c.md", 10, "clé|inconnue\n*x* <i>"),
]
GITHUB = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "fiches-metiers/fiches",
          "GITHUB_SHA": "0123456789abcdef0123456789abcdef01234567"}


def fiches(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    full_env.update(env)
    return subprocess.run([sys.executable, "-m", "fiches_engine.cli", *args], cwd=cwd, capture_output=True,
                          text=True, env=full_env, timeout=120)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "depot"
    shutil.copytree(BASE, root)
    (root / "mkdocs.yml").write_text("site_name: test\n", encoding="utf-8")
    (root / "fiches" / "metiers" / "trente-a.md").write_text(METIER, encoding="utf-8")
    (root / "fiches" / "offres" / "trente-b.md").write_text(OFFRE, encoding="utf-8")
    (root / "fiches" / "temoignages" / "trente-c.md").write_text(TEMOIGNAGE, encoding="utf-8")
    (root / "fiches" / "brouillon.md").write_text("brouillon\n", encoding="utf-8")
    return root


class _Tables(HTMLParser):
    """Rows of every table of an HTML page: each cell's text and its links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[tuple[str, list[str]]]] = []
        self.head_rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._links: list[str] = []
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "thead":
            self._in_head = True
        elif tag == "tr":
            (self.head_rows if self._in_head else self.rows).append([])
        elif tag in ("td", "th"):
            self._cell, self._links = [], []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")
        elif tag == "a" and self._cell is not None:
            self._links.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self._in_head = False
        elif tag in ("td", "th") and self._cell is not None:
            text = "".join(self._cell).strip()
            if self._in_head:
                self.head_rows[-1].append(text)
            else:
                self.rows[-1].append((text, self._links))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def render(summary: str) -> _Tables:
    parser = _Tables()
    parser.feed(markdown.markdown(summary, extensions=["tables"]))
    return parser


def test_every_error_is_in_the_summary_with_its_file_line_and_field(project: Path, tmp_path: Path) -> None:
    summary = tmp_path / "resume.md"
    summary.write_text("## Une étape d'avant\n\n", encoding="utf-8")  # GitHub's file is shared: we append
    result = fiches("check", "--format", "github", cwd=project,
                    env={"GITHUB_STEP_SUMMARY": str(summary), "GITHUB_WORKSPACE": str(project.parent), **GITHUB})
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    texts = [line for line in lines[:-1] if not line.startswith("::")]
    annotations = [line for line in lines if line.startswith("::error ")]
    assert len(texts) == 30 and len(annotations) == 30  # the annotations still print, all of them
    assert lines[-1].startswith("✗ 30 erreurs dans 4 fichiers (")

    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## Une étape d'avant\n\n## Vérification des fiches\n")
    assert "30 erreurs** dans 4 fichiers (7 fiches lues)" in text
    tables = render(text)
    assert tables.head_rows == [["fichier", "ligne", "champ", "message", "conseil"]]
    assert len(tables.rows) == 30
    assert all(len(row) == 5 for row in tables.rows), "a value split a row into more cells"
    got = [(row[0][0], int(row[1][0]), row[2][0]) for row in tables.rows]
    assert got == EXPECTED
    # message and hint: the very words of the text output (its line breaks shown as \n there)
    for row, line in zip(tables.rows, texts):
        path, number, key = row[0][0], row[1][0], row[2][0]
        rebuilt = f"{path}:{number}:" + (f" {key} :" if key else "") + f" {row[3][0]}" + (
            f" Astuce : {row[4][0]}" if row[4][0] else "")
        assert rebuilt.replace("\n", "\\n") == line
    # each file links to its line at the commit being checked
    first = tables.rows[1][0][1]
    assert first == [f"https://github.com/fiches-metiers/fiches/blob/{GITHUB['GITHUB_SHA']}/depot/fiches/metiers/"
                     "trente-a.md#L3"]
    # the hostile value is text in its cell, not markup
    contrat = next(row for row in tables.rows if row[2][0] == "contrat")
    assert "« <b>CDI</b> | `x` *y* [l](http://e) $a$ ~~s~~ \\ &amp; <scr… »" in contrat[3][0]  # cut at 60
    assert contrat[3][1] == []
    html = markdown.markdown(text, extensions=["tables"])
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html


def test_summary_without_links_when_github_does_not_say_the_commit(project: Path, tmp_path: Path) -> None:
    summary = tmp_path / "resume.md"
    result = fiches("check", cwd=project, env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 1
    tables = render(summary.read_text(encoding="utf-8"))
    assert len(tables.rows) == 30
    assert all(row[0][1] == [] for row in tables.rows)


def test_summary_when_all_is_well(tmp_path: Path) -> None:
    shutil.copytree(BASE, tmp_path / "depot")
    (tmp_path / "depot" / "mkdocs.yml").write_text("site_name: test\n", encoding="utf-8")
    summary = tmp_path / "resume.md"
    result = fiches("check", "--format", "github", cwd=tmp_path / "depot", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 0
    assert summary.read_text(encoding="utf-8") == "## Vérification des fiches\n\n✓ Aucune erreur (4 fiches lues).\n\n"


def test_no_summary_outside_github(project: Path, tmp_path: Path) -> None:
    summary = tmp_path / "resume.md"
    fiches("check", cwd=project, env={"GITHUB_STEP_SUMMARY": str(summary)})
    fiches("check", "--format", "texte", cwd=project, env={"GITHUB_ACTIONS": "true",
                                                           "GITHUB_STEP_SUMMARY": str(summary)})
    assert not summary.exists()
    # --format github without a summary file: annotations only, and no complaint
    result = fiches("check", "--format", "github", cwd=project, env={})
    assert result.returncode == 1 and result.stderr == ""


def test_summary_that_cannot_be_written_is_said_in_french(project: Path, tmp_path: Path) -> None:
    result = fiches("check", "--format", "github", cwd=project,
                    env={"GITHUB_STEP_SUMMARY": str(tmp_path / "absent" / "resume.md")})
    assert result.returncode == 1
    assert "résumé de l'étape non écrit" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("value", ["<script>alert(1)</script>", "a|b", "a\\|b", "`a|b`", "<td>x</td>",
                                   "[x](javascript:alert(1))", "![i](http://e/i.png)", "**gras** _ita_ ~~barré~~",
                                   "$x^2$", "&lt;b&gt;", "ligne 1\nligne 2", "a\r\nb", "<!-- x", "| --- |", "\\", "`"])
def test_a_cell_shows_its_text_whatever_it_holds(value: str) -> None:
    from fiches_engine.cli import step_summary
    from fiches_engine.errors import ContentError

    error = ContentError("fiches/metiers/x.md", 2, value, f"trouvé « {value} ».", value)
    tables = render(step_summary([error], 1, 0, Path("/nulle/part"), env={}))
    assert len(tables.rows) == 1 and len(tables.rows[0]) == 5
    shown = value.replace("\r\n", "\n")
    assert [cell for cell, _ in tables.rows[0]] == ["fiches/metiers/x.md", "2", shown.strip(),
                                                    f"trouvé « {shown} ».", shown.strip()]
    assert all(links == [] for _, links in tables.rows[0])


def test_a_huge_list_stays_under_githubs_limit() -> None:
    from fiches_engine.cli import SUMMARY_LIMIT, step_summary
    from fiches_engine.errors import ContentError

    errors = [ContentError(f"fiches/metiers/m{i}.md", i, "resume", "x" * 400, "y" * 200) for i in range(5000)]
    text = step_summary(errors, 5000, 0, Path("/nulle/part"), env={})
    assert len(text.encode()) < SUMMARY_LIMIT
    rows = render(text).rows
    assert 0 < len(rows) < 5000
    assert f"… et {5000 - len(rows):,} autres erreurs".replace(",", " ") in text

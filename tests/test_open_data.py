"""The downloadable data: checked with frictionless (the data package) and jsonschema (the records),
read back as a French spreadsheet would, one record per fiche of the test corpus."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURE_CONTENT, FIXTURE_EPOCH, copy_project, mkdocs_build
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

SITE_URL = "https://fiches-metiers.github.io/fiches/"


def fiches(folder: str) -> list[str]:
    return sorted(p.stem for p in (FIXTURE_CONTENT / folder).glob("*.md"))


def test_frictionless_validates_the_data_package(built_site: Path) -> None:
    frictionless = Path(sys.executable).parent / "frictionless"
    result = subprocess.run([str(frictionless), "validate", "--json", "datapackage.json"],
                            cwd=built_site / "donnees", capture_output=True, text=True, timeout=300)
    report = json.loads(result.stdout)
    assert report["valid"], json.dumps(report, ensure_ascii=False, indent=1)[:4000]
    assert result.returncode == 0
    assert {task["name"]: task["stats"]["rows"] for task in report["tasks"]} == {
        "metiers": len(fiches("metiers")), "offres": len(fiches("offres"))}


def test_frictionless_catches_a_broken_table(built_site: Path, tmp_path: Path) -> None:
    folder = tmp_path / "donnees"
    folder.mkdir()
    (folder / "datapackage.json").write_bytes((built_site / "donnees" / "datapackage.json").read_bytes())
    (folder / "metiers.csv").write_bytes((built_site / "donnees" / "metiers.csv").read_bytes())
    lines = (built_site / "donnees" / "offres.csv").read_text(encoding="utf-8-sig").splitlines()
    lines[1] = lines[1].replace(";2350;", ";deux mille;")
    (folder / "offres.csv").write_text("\ufeff" + "\r\n".join(lines) + "\r\n", encoding="utf-8")
    result = subprocess.run([str(Path(sys.executable).parent / "frictionless"), "validate", "--json",
                             "datapackage.json"], cwd=folder, capture_output=True, text=True, timeout=300)
    assert not json.loads(result.stdout)["valid"]


def registry(site: Path) -> Registry:
    folder = site / "donnees" / "schemas"
    return Registry().with_resources(
        (p.name, Resource.from_contents(json.loads(p.read_text(encoding="utf-8")))) for p in folder.glob("*.json"))


def test_records_match_the_published_schemas_one_per_fiche(built_site: Path) -> None:
    schemas = registry(built_site)
    for folder, kind in (("metiers", "metier"), ("temoignages", "temoignage"), ("offres", "offre")):
        data = json.loads((built_site / "donnees" / f"{folder}.json").read_text(encoding="utf-8"))
        assert data["date"] == "2024-06-01" and data["licence"] == "Licence Ouverte / Open Licence version 2.0"
        schema = json.loads((built_site / "donnees" / data["schema"]).read_text(encoding="utf-8"))
        validator = Draft202012Validator(schema, registry=schemas, format_checker=Draft202012Validator.FORMAT_CHECKER)
        assert [r["slug"] for r in data[folder]] == fiches(folder)
        for record in data[folder]:
            assert list(validator.iter_errors(record)) == [], record["slug"]
            assert record["url"] == f"{SITE_URL}{folder}/{record['slug']}/"
            alone = json.loads((built_site / "donnees" / folder / f"{record['slug']}.json").read_text(encoding="utf-8"))
            assert alone == record
    bad = {**json.loads((built_site / "donnees" / "metiers" / "charge-de-mission.json").read_text(encoding="utf-8")),
           "salaire": {"brut_mensuel": "beaucoup"}}
    schema = json.loads((built_site / "donnees" / "schemas" / "metier.donnees.schema.json").read_text(encoding="utf-8"))
    assert list(Draft202012Validator(schema, registry=schemas).iter_errors(bad))


def test_csv_reads_as_a_french_spreadsheet_would(built_site: Path) -> None:
    raw = (built_site / "donnees" / "offres.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte order mark that makes Excel read UTF-8
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    by_slug = {r["slug"]: r for r in rows}
    assert by_slug["coordination-reseau-local"]["commune"] == "Figeac"
    assert by_slug["coordination-reseau-local"]["ouverte"] == "true"
    assert by_slug["la-tresse-coordination-communication"]["ouverte"] == "false"
    assert by_slug["coordination-reseau-local"]["titre"] == "Chargé·e de mission réseau local à Figeac"
    metiers = list(csv.DictReader((built_site / "donnees" / "metiers.csv").read_text(encoding="utf-8-sig")
                                  .splitlines(), delimiter=";"))
    locales = next(r for r in metiers if r["slug"] == "charge-de-missions-locales")
    assert locales["salaire_brut_mensuel_min"] == "2917" and " | " in locales["competences"]


def test_data_page_is_in_the_navigation_and_links_every_file(built_site: Path) -> None:
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="donnees/"' in home
    page = (built_site / "donnees" / "index.html").read_text(encoding="utf-8")
    for name in ("metiers.json", "metiers.csv", "offres.json", "offres.csv", "temoignages.json", "datapackage.json"):
        assert f'href="{name}"' in page
        assert (built_site / "donnees" / name).is_file()


# Values a contributor could write that a spreadsheet would run as formulas (OWASP, "CSV Injection"),
# in a métier and an offer added to the test corpus: (file, slug, CSV column, JSON path, value).
FORMULA_METIER = """---
titre: '=HYPERLINK("https://exemple.org/vol?d=";"Voir")'
resume: "\\tUn résumé qui commence par une tabulation, comme une cellule piégée."
secteurs:
  - "-2+3"
  - action sociale
competences:
  - "=2+3"
  - gestion de projet
qualites:
  - "@SUM(1+1)"
salaire:
  brut_mensuel: 2000
  annee: 2023
  source: "'=1+1"
---

Métier inventé pour les tests : des valeurs qu'un tableur lirait comme des formules.
"""
FORMULA_OFFRE = """---
titre: "+33 chargé·e de mission"
structure:
  nom: "=cmd|' /C calc'!A0"
  type: "-association"
lieu:
  commune: "@Figeac"
  region: "\\rOccitanie"
metiers:
  - charge-de-missions-locales
contrat: cdd
publiee: 2024-05-02
date_limite: 2024-07-15
---

Offre inventée pour les tests.
"""
FORMULAS = [
    ("metiers", "formules", "titre", ["titre"], '=HYPERLINK("https://exemple.org/vol?d=";"Voir")'),
    ("metiers", "formules", "resume", ["resume"],
     "\tUn résumé qui commence par une tabulation, comme une cellule piégée."),
    ("metiers", "formules", "secteurs", ["secteurs"], ["-2+3", "action sociale"]),
    ("metiers", "formules", "competences", ["competences"], ["=2+3", "gestion de projet"]),
    ("metiers", "formules", "qualites", ["qualites"], ["@SUM(1+1)"]),
    ("metiers", "formules", "salaire_source", ["salaire", "source"], "'=1+1"),
    ("offres", "formules", "titre", ["titre"], "+33 chargé·e de mission"),
    ("offres", "formules", "structure", ["structure", "nom"], "=cmd|' /C calc'!A0"),
    ("offres", "formules", "structure_type", ["structure", "type"], "-association"),
    ("offres", "formules", "commune", ["lieu", "commune"], "@Figeac"),
    ("offres", "formules", "region", ["lieu", "region"], "\rOccitanie"),
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def formula_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test corpus and a métier and an offer whose texts start like formulas, built with --strict."""
    project = copy_project(tmp_path_factory.mktemp("formules"))
    (project / "fiches" / "metiers" / "formules.md").write_text(FORMULA_METIER, encoding="utf-8")
    (project / "fiches" / "offres" / "formules.md").write_text(FORMULA_OFFRE, encoding="utf-8")
    site = project / "site"
    result = mkdocs_build(project, site, "--strict", env={"SOURCE_DATE_EPOCH": FIXTURE_EPOCH})
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def read_csv(site: Path, name: str) -> dict[str, dict[str, str]]:
    text = (site / "donnees" / f"{name}.csv").read_bytes().decode("utf-8-sig")
    return {row["slug"]: row for row in csv.DictReader(io.StringIO(text, newline=""), delimiter=";")}


def original(cell: str) -> str:
    """What the data page tells re-users: drop the first quote of a cell whose text, after its
    leading quotes, starts with one of the formula characters."""
    return cell[1:] if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_START) else cell


def test_csv_cells_that_would_be_formulas_are_text_and_json_keeps_them(formula_site: Path) -> None:
    tables = {name: read_csv(formula_site, name) for name in ("metiers", "offres")}
    for name, slug, column, path, value in FORMULAS:
        written = " | ".join(value) if isinstance(value, list) else value
        cell = tables[name][slug][column]
        assert cell == "'" + written, (name, column, cell)
        assert original(cell) == written
        record = json.loads((formula_site / "donnees" / name / f"{slug}.json").read_text(encoding="utf-8"))
        for key in path:
            record = record[key]
        assert record == value
    # text that starts otherwise, numbers and dates are written as they are
    assert tables["offres"]["coordination-reseau-local"]["commune"] == "Figeac"
    assert tables["offres"]["formules"]["publiee"] == "2024-05-02"
    assert tables["metiers"]["formules"]["salaire_brut_mensuel_min"] == "2000"
    assert tables["metiers"]["formules"]["competences"].endswith(" | gestion de projet")
    # no cell of any text column starts like a formula
    for name, table in tables.items():
        for row in table.values():
            for column, cell in row.items():
                assert not cell.startswith(FORMULA_START), (name, row["slug"], column, cell)


def test_frictionless_validates_csv_with_neutralised_cells(formula_site: Path) -> None:
    result = subprocess.run([str(Path(sys.executable).parent / "frictionless"), "validate", "--json",
                             "datapackage.json"], cwd=formula_site / "donnees", capture_output=True, text=True,
                            timeout=300)
    report = json.loads(result.stdout)
    assert report["valid"], json.dumps(report, ensure_ascii=False, indent=1)[:4000]
    assert {task["name"]: task["stats"]["rows"] for task in report["tasks"]} == {
        "metiers": len(fiches("metiers")) + 1, "offres": len(fiches("offres")) + 1}

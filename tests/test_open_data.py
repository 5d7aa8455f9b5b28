"""The downloadable data: checked with frictionless (the data package) and jsonschema (the records),
read back as a French spreadsheet would, one record per fiche of the test corpus."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURE_CONTENT
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

"""A key is declared once, in its kind's JSON Schema: an optional key added to a copy of the schemas
reaches the JSON records, the CSV files, the data package, the form editor, VS Code's snippets and
the contributor guide's tables, with no other edit.

The engine is given the copy (schema_check.Schemas, a folder) and loads a copy of the test corpus
where a métier and an offer hold the new keys: a text and a list of texts at the top of a métier,
a text in the block ``lieu`` of an offer (a column ``lieu_code_postal``, by the CSV's rule for blocks).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import FIXTURE_CONTENT, ROOT

from fiches_engine import editor_snippets, form_editor, guide, open_data
from fiches_engine.corpus import load_corpus
from fiches_engine.schema_check import Schemas

SITE_URL = "https://exemple.org/fiches/"
MOTTO = "=Faire avec les gens, pas à leur place."  # starts like a formula: a CSV cell must stay text
TOOLS = ["tableur", "logiciel de cartographie"]
POSTCODE = "46100"


def _add(path: Path, before: str, lines: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert before in text
    path.write_text(text.replace(before, lines + before, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Schemas, Path]:
    """The project's schemas with three optional keys more, and the test corpus using them."""
    folder = tmp_path_factory.mktemp("champs")
    schemas = folder / "schemas"
    shutil.copytree(ROOT / "hooks" / "fiches_engine" / "schemas", schemas)
    metier = json.loads((schemas / "metier.schema.json").read_text(encoding="utf-8"))
    metier["properties"]["devise"] = {"title": "Devise", "type": "string", "minLength": 1, "maxLength": 200,
                                      "description": "Une phrase qui dit l'esprit du métier."}
    metier["properties"]["outils"] = {"title": "Outils", "$ref": "commun.schema.json#/$defs/liste_textes",
                                      "description": "Outils et logiciels du métier."}
    (schemas / "metier.schema.json").write_text(json.dumps(metier, ensure_ascii=False), encoding="utf-8")
    offre = json.loads((schemas / "offre.schema.json").read_text(encoding="utf-8"))
    offre["properties"]["lieu"]["properties"]["code_postal"] = {
        "title": "Code postal", "type": "string", "pattern": "^[0-9]{5}$", "description": "Code postal de la commune."}
    (schemas / "offre.schema.json").write_text(json.dumps(offre, ensure_ascii=False), encoding="utf-8")

    content = folder / "fiches"
    shutil.copytree(FIXTURE_CONTENT, content)
    _add(content / "metiers" / "charge-de-missions-locales.md", "secteurs:\n",
         f"devise: {json.dumps(MOTTO, ensure_ascii=False)}\noutils:\n" + "".join(f"  - {t}\n" for t in TOOLS))
    _add(content / "offres" / "coordination-reseau-local.md", "  region: Occitanie\n",
         f'  code_postal: "{POSTCODE}"\n')
    return Schemas(str(schemas)), content


@pytest.fixture(scope="module")
def data(copy: tuple[Schemas, Path]) -> dict[str, str]:
    schemas, content = copy
    corpus, errors = load_corpus(content, schemas=schemas)
    assert errors == []
    files, per_fiche = open_data.data_files(corpus, date(2024, 6, 1), SITE_URL, schemas=schemas)
    return {**files, **per_fiche}


def test_the_project_schemas_refuse_the_new_keys(copy: tuple[Schemas, Path]) -> None:
    """The copy is what the engine reads: the project's own schemas know none of the keys."""
    _, content = copy
    _, errors = load_corpus(content)
    assert {(e.path.rsplit("/", 1)[-1], e.key) for e in errors} == {
        ("charge-de-missions-locales.md", "devise"), ("charge-de-missions-locales.md", "outils"),
        ("coordination-reseau-local.md", "lieu.code_postal")}


def test_the_records_hold_the_new_keys(data: dict[str, str]) -> None:
    record = json.loads(data["donnees/metiers/charge-de-missions-locales.json"])
    assert record["devise"] == MOTTO and record["outils"] == TOOLS
    assert [k for k in record if k not in ("slug", "url", "modifiee")][-2:] == ["devise", "outils"]  # the schema's order
    offre = json.loads(data["donnees/offres/coordination-reseau-local.json"])
    assert offre["lieu"]["code_postal"] == POSTCODE
    every = json.loads(data["donnees/metiers.json"])["metiers"]
    assert next(r for r in every if r["slug"] == "charge-de-missions-locales")["outils"] == TOOLS
    published = json.loads(data["donnees/schemas/metier.donnees.schema.json"])
    assert {"devise", "outils"} <= set(published["properties"])
    assert "code_postal" in data["donnees/schemas/offre.schema.json"]


def _table(data: dict[str, str], name: str) -> dict[str, dict[str, str]]:
    text = data[f"donnees/{name}.csv"].removeprefix("\ufeff")
    return {row["slug"]: row for row in csv.DictReader(io.StringIO(text, newline=""), delimiter=";")}


def test_the_csv_files_have_their_columns(data: dict[str, str]) -> None:
    metiers = _table(data, "metiers")
    row = metiers["charge-de-missions-locales"]
    assert row["devise"] == "'" + MOTTO  # a text cell never starts a formula
    assert row["outils"] == " | ".join(TOOLS)
    assert metiers["charge-de-mission"]["devise"] == "" and metiers["charge-de-mission"]["outils"] == ""
    assert list(row)[-3:] == ["devise", "outils", "modifiee"]  # after the schema's other keys, before computed ones
    offres = _table(data, "offres")
    assert offres["coordination-reseau-local"]["lieu_code_postal"] == POSTCODE
    assert offres["la-tresse-coordination-communication"]["lieu_code_postal"] == ""


def test_the_data_package_describes_them(data: dict[str, str], tmp_path: Path) -> None:
    package = json.loads(data["donnees/datapackage.json"])
    fields = {r["name"]: {f["name"]: f for f in r["schema"]["fields"]} for r in package["resources"]}
    assert fields["metiers"]["devise"]["type"] == "string"
    assert "esprit du métier" in fields["metiers"]["devise"]["description"]
    assert "« | »" in fields["metiers"]["outils"]["description"]
    assert fields["offres"]["lieu_code_postal"]["description"] == "Lieu : code postal de la commune."
    for path, text in data.items():  # frictionless reads the files as a re-user would
        if path.count("/") == 1:
            (tmp_path / Path(path).name).write_text(text, encoding="utf-8", newline="")
    result = subprocess.run([str(Path(sys.executable).parent / "frictionless"), "validate", "--json",
                             "datapackage.json"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    report = json.loads(result.stdout)
    assert report["valid"], json.dumps(report, ensure_ascii=False, indent=1)[:4000]


def test_the_form_has_their_fields(copy: tuple[Schemas, Path]) -> None:
    schemas, _ = copy
    collections = {c["name"]: c for c in form_editor.config("exemple/fiches", schemas=schemas)["collections"]}
    fields = {f["name"]: f for f in collections["metiers"]["fields"]}
    assert (fields["devise"]["widget"], fields["devise"]["label"], fields["devise"]["required"]) == (
        "string", "Devise", False)
    assert fields["outils"]["widget"] == "list" and fields["outils"]["field"]["widget"] == "string"
    lieu = next(f for f in collections["offres"]["fields"] if f["name"] == "lieu")
    assert "code_postal" in [f["name"] for f in lieu["fields"]]


def test_the_snippets_offer_them(copy: tuple[Schemas, Path]) -> None:
    schemas, _ = copy
    found = editor_snippets.snippets(schemas)
    assert found["devise (métier)"]["body"] == ['devise: "$1"']
    assert found["outils (métier)"]["body"] == ["outils:", '  - "$1"']
    assert found["lieu.code_postal (offre)"]["prefix"] == "code_postal"
    assert "devise" not in editor_snippets.snippets_text()  # the project's own are untouched


def test_the_guide_lists_them(copy: tuple[Schemas, Path]) -> None:
    schemas, _ = copy
    metier = guide.keys_table("metier", schemas)
    assert "| `devise` | non | texte (200 caractères au plus) | Une phrase qui dit l'esprit du métier. |" in metier
    assert "| `outils` | non | liste de textes" in metier
    assert "| `lieu.code_postal` | non | texte |" in guide.keys_table("offre", schemas)

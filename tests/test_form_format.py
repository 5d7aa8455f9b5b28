"""The form editor's front-matter format (admin/format-fiche.js), run in Node as Decap CMS runs it:
a fiche opened and saved without a change stays byte-identical; a change rewrites only its key's
lines; what it writes reads back, through `fiches check`'s own reader, as the values given."""

from __future__ import annotations

import difflib
import json
import os
import shutil
import subprocess
from typing import Any

import pytest

from conftest import FIXTURE_CONTENT, ROOT
from fiches_engine import form_editor
from fiches_engine.corpus import KIND_BY_FOLDER, check_bytes
from fiches_engine.new_fiche import new_fiche_text

TOOL = ROOT / "tests" / "tools" / "format_fiche.mjs"
FIXTURES = sorted(FIXTURE_CONTENT.glob("*/*.md"))


def run(cases: list[dict[str, Any]]) -> list[str]:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "yaml").is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail("the form editor's format needs Node.js and npm ci")
        pytest.skip("Node.js or the yaml package missing (npm ci)")
    result = subprocess.run([node, str(TOOL)], input=json.dumps(cases), capture_output=True, text=True,
                            timeout=60, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def order(folder: str) -> list[str]:
    return [f["name"] for f in form_editor.collection(folder)["fields"]]


def checked(folder: str, text: str, name: str = "essai") -> dict[str, Any]:
    """The fiche's values as `fiches check` reads them; fails on any error it reports."""
    result = check_bytes(KIND_BY_FOLDER[folder], text.encode(), f"fiches/{folder}/{name}.md")
    assert result.errors == [], [str(e) for e in result.errors]
    return result.raw.doc.data


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_fiches_saved_without_a_change_stay_byte_identical() -> None:
    # the test corpus, the editors' fiches (whatever they hold), and `fiches new`'s files
    texts = [p.read_text(encoding="utf-8") for p in [*FIXTURES, *sorted((ROOT / "fiches").glob("*/*.md"))]]
    texts += [new_fiche_text(kind, "Une nouvelle fiche") for kind in ("metier", "temoignage", "offre")]
    assert len(FIXTURES) > 5
    assert run([{"content": text} for text in texts]) == texts


def test_a_change_rewrites_only_the_lines_of_its_key() -> None:
    path = FIXTURE_CONTENT / "metiers" / "charge-de-mission.md"
    text = path.read_text(encoding="utf-8")
    before = checked("metiers", text, path.stem)
    new_resume = "Il ou elle conduit des projets : diagnostic, montage, suivi et bilan, avec les partenaires."
    [after] = run([{"content": text, "changes": {"resume": new_resume}, "order": order("metiers")}])
    assert changed_lines(text, after) == [next(f"-{line}" for line in text.splitlines() if line.startswith("resume:")),
                                          f'+resume: "{new_resume}"']
    assert checked("metiers", after, path.stem) == before | {"resume": new_resume}


def test_keys_added_and_emptied_in_the_form() -> None:
    path = FIXTURE_CONTENT / "metiers" / "charge-de-mission.md"
    text = path.read_text(encoding="utf-8")
    before = checked("metiers", text, path.stem)
    optional = next(key for key in ("appellations", "employeurs", "centres_interet") if key in before)
    [after] = run([{"content": text, "order": order("metiers"),
                    "changes": {optional: [], "mise_a_jour": "2026-11-25",
                                "formation": {"niveau": "bac+5", "domaines": ["", "aménagement du territoire"]}}}])
    values = checked("metiers", after, path.stem)
    expected = {k: v for k, v in before.items() if k != optional}
    expected |= {"mise_a_jour": "2026-11-25", "formation": {"niveau": "bac+5", "domaines": ["aménagement du territoire"]}}
    assert {k: str(v) if k == "mise_a_jour" else v for k, v in values.items()} == expected
    keys = [line.split(":")[0] for line in after.split("---")[1].splitlines() if line and line[0].isalpha()]
    assert keys == [k for k in order("metiers") if k in values]  # new keys where the form puts them
    assert f"\n{optional}:" not in after


def test_a_fiche_in_another_style_keeps_its_values() -> None:
    text = ("---\ntitre: 'Animateur·rice : réseau'\nresume: >-\n  Anime un réseau de partenaires et fait vivre\n"
            "  des projets communs sur un territoire.\nsecteurs: [développement local, 'vie associative']\n"
            "competences: [animation de réseaux]\nqualites: [écoute]\n---\nCorps.\n")
    before = checked("metiers", text)
    [same, changed] = run([{"content": text},
                           {"content": text, "changes": {"qualites": ["écoute", "patience"]}, "order": order("metiers")}])
    assert same == text
    assert checked("metiers", changed) == before | {"qualites": ["écoute", "patience"]}


@pytest.mark.parametrize("folder", ["metiers", "temoignages", "offres"])
def test_a_new_fiche_from_the_form_passes_the_checks(folder: str) -> None:
    data = {
        "metiers": {"titre": "Chargé·e de mission : l'équipe", "resume": "Pilote des projets de territoire, du diagnostic au bilan.",
                    "secteurs": ["yes", "on"], "competences": ["1:30", "1_000"], "qualites": ["no", "null"],
                    "salaire": {"brut_mensuel": 2917, "source": "Apec", "annee": 2024}, "codes": {"rome": ["K1802"]}, "appellations": [""]},
        "temoignages": {"titre": "Une journée", "personne": {"prenom": "Léa", "poste": "Chargée de mission", "age": 34},
                        "metiers": ["charge-de-mission"], "date": "2024-02-29"},
        "offres": {"titre": "Chargé·e de mission", "structure": {"nom": "Mairie", "type": "collectivité"},
                   "lieu": {"commune": "Cahors", "departement": "46", "region": "Occitanie"},
                   "metiers": ["charge-de-mission"], "contrat": "cdd", "publiee": "2024-05-01", "date_limite": "2024-06-30"},
    }[folder]
    [text] = run([{"data": {**data, "body": "## Titre\n\nUn texte."}, "order": order(folder)}])
    assert text.startswith("---\n") and text.endswith("---\n\n## Titre\n\nUn texte.\n")
    values = checked(folder, text)
    expected = {k: v for k, v in data.items() if k != "appellations"}
    assert {k: v if not hasattr(v, "isoformat") else v.isoformat() for k, v in values.items()} == expected

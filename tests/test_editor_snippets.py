"""VS Code's front-matter completion (.vscode/fiches.code-snippets) is the JSON Schemas' own.

The committed file is what the schemas give; every key of every schema has its snippet; and a
fiche written only by expanding snippets, as an editor would in VS Code, passes `fiches check`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURE_CONTENT, ROOT

from fiches_engine.editor_snippets import LABELS, SNIPPETS_FILE, snippets, snippets_text
from fiches_engine.schema_check import resolve, schema

COMMITTED = ROOT / SNIPPETS_FILE


def test_committed_snippets_are_those_of_the_schemas() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == snippets_text(), (
        "Les schémas ont changé : lancez « .venv/bin/python -m fiches_engine.editor_snippets » "
        "à la racine du projet et ajoutez .vscode/fiches.code-snippets au commit.")


def _schema_keys(kind: str) -> set[tuple[str, ...]]:
    keys = set()
    for key, prop in schema(kind)["properties"].items():
        keys.add((key,))
        prop = resolve(prop)
        if prop.get("type") == "object":
            keys |= {(key, sub) for sub in prop.get("properties", {})}
    return keys


@pytest.mark.parametrize("kind", list(LABELS))
def test_every_schema_key_has_its_snippet(kind: str) -> None:
    by_name = snippets()
    for path in sorted(_schema_keys(kind)):
        name = f"{'.'.join(path)} ({LABELS[kind]})"
        found = by_name.get(name) or next(
            (s for n, s in by_name.items() if n.startswith(f"{'.'.join(path)} (") and LABELS[kind] in s["description"]),
            None)
        assert found, f"aucun extrait pour {'.'.join(path)} ({kind})"
        assert found["prefix"] == path[-1] and found["scope"] == "markdown"
        assert found["body"][0].lstrip().startswith(f"{path[-1]}:")
        assert resolve(_prop(kind, path)).get("description", "")[:20] in found["description"]


def _prop(kind: str, path: tuple[str, ...]) -> dict:
    prop = schema(kind)["properties"][path[0]]
    return resolve(prop)["properties"][path[1]] if len(path) > 1 else prop


# What an editor types in each tab stop: the first choice of a list, a real date, and a value
# that fits the key for the rest (the line's key says which).
_VALUES = {"departement": "46", "url": "https://exemple.org/page", "email": "contact@exemple.org",
           "esco": "http://data.europa.eu/esco/occupation/0b0f3c3e-2d1c-4bf2-8a3c-1ad4d8e4a8b1",
           "isco": "2422", "rome": "K1802", "resume": "Un métier inventé pour essayer les extraits de VS Code.",
           "citation": "Une phrase courte.", "annee": "2022", "age": "34", "brut_mensuel": "2500",
           "montant": "20", "metiers": "charge-de-missions-locales",
           "metiers_proches": "charge-de-missions-locales"}


def _fill(body: list[str]) -> list[str]:
    out = []
    key = ""
    for line in body:
        match = re.match(r"\s*-?\s*([a-z_]+):", line)
        key = match.group(1) if match else key
        line = re.sub(r"\$\{\d+\|([^,|]+)[^|]*\|\}", r"\1", line)
        line = re.sub(r"\$\{\d+:AAAA-MM-JJ\}", "2024-05-02", line)
        line = re.sub(r"\$\d+", _VALUES.get(key, f"Texte pour {key}"), line)
        assert "$" not in line, line
        out.append(line)
    return out


def _top_level_snippets(kind: str) -> list[dict]:
    """The snippets of a kind's own keys (not those of a key inside a block)."""
    found = []
    for name, snippet in snippets().items():
        kinds = re.search(r"\(fiche ([^)]*)\)$", snippet["description"]).group(1).split(" ou ")
        if "." not in name.split(" (")[0] and LABELS[kind] in kinds:
            found.append(snippet)
    return found


@pytest.mark.parametrize("kind", list(LABELS))
def test_a_fiche_written_with_every_snippet_passes_fiches_check(tmp_path: Path, kind: str) -> None:
    content = tmp_path / "fiches"
    shutil.copytree(FIXTURE_CONTENT, content)
    lines = ["---"]
    for snippet in _top_level_snippets(kind):
        lines += _fill(snippet["body"])
    lines += ["---", "", "Un corps écrit par la personne qui rédige la fiche.", ""]
    assert {line.split(":")[0] for line in lines if re.match(r"[a-z_]+:", line)} == set(schema(kind)["properties"])
    folder = {"metier": "metiers", "temoignage": "temoignages", "offre": "offres"}[kind]
    fiche = content / folder / "essai-des-extraits.md"
    fiche.write_text("\n".join(lines), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "fiches_engine.cli", "check", "--dossier", str(content)],
                            capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, fiche.read_text(encoding="utf-8") + result.stdout + result.stderr

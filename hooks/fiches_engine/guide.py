"""Parts of the contributor guide made from the schemas and the checker themselves.

The guide (docs/contribuer.md) marks where they go; the hooks put them in at
build time, so the list of keys and the error messages shown to editors are
always the real ones.
"""

from __future__ import annotations

from typing import Any

from .corpus import KIND_BY_FOLDER, check_bytes
from .schema_check import resolve, schema

KIND_OF_SCHEMA = {"metier": "metiers", "temoignage": "temoignages", "offre": "offres"}


def _type(prop: dict[str, Any]) -> str:
    if "enum" in prop:
        return "une valeur parmi : " + ", ".join(f"`{v}`" for v in prop["enum"])
    if "oneOf" in prop:
        return "nombre entier, ou `{min: …, max: …}`"
    kind = prop.get("type")
    if prop.get("format") == "date":
        return "date `AAAA-MM-JJ`"
    if kind == "array":
        items = resolve(prop.get("items", {}))
        if items.get("type") == "object":
            return "liste de blocs"
        return "liste de métiers (noms de fichier)" if "métier" in str(prop.get("x-attendu", "")) else "liste de textes"
    return {"string": "texte", "integer": "nombre entier", "number": "nombre", "boolean": "`true` ou `false`",
            "object": "bloc de clés"}.get(kind, "texte")


def _rows(props: dict[str, Any], required: list[str], prefix: str, out: list[tuple[str, str, str, str]]) -> None:
    for key, raw in props.items():
        prop = resolve(raw)
        name = f"{prefix}{key}"
        out.append((name, "oui" if key in required else "non", _type(prop), prop.get("description", "")))
        if prop.get("type") == "object" and "properties" in prop:
            _rows(prop["properties"], prop.get("required", []), f"{name}.", out)
        items = resolve(prop.get("items", {})) if prop.get("type") == "array" else {}
        if items.get("type") == "object":
            _rows(items.get("properties", {}), items.get("required", []), f"{name}[].", out)


def keys_table(kind: str) -> str:
    """A Markdown table of every key of a kind: name, required, type, explanation."""
    s = schema(kind)
    rows: list[tuple[str, str, str, str]] = []
    _rows(s["properties"], s.get("required", []), "", rows)
    cell = lambda text: text.replace("|", "\\|")  # noqa: E731
    lines = ["| clé | obligatoire | type | explication |", "| --- | --- | --- | --- |"]
    lines += [f"| `{name}` | {req} | {cell(typ)} | {cell(desc)} |" for name, req, typ, desc in rows]
    return "\n".join(lines)


# Typical mistakes, as front matter of a métier; the guide shows what `fiches check` says of each.
EXAMPLES: list[tuple[str, str, str]] = [
    ("Une clé mal orthographiée", "titre: Animateur·rice\nresume: Anime un réseau d'acteurs sur un territoire.\n"
     "secteurs: [développement local]\ncompetences: [animation]\nqualite: [écoute]\n",
     "Corrigez le nom de la clé comme l'astuce le propose."),
    ("Une valeur qui contient deux-points", "titre: Chargé·e de mission : le métier\n",
     "Mettez la valeur entre guillemets."),
    ("Un code lu comme un nombre", "titre: Test\nresume: Une définition du métier assez longue.\n"
     "secteurs: [a]\ncompetences: [b]\nqualites: [c]\ncodes:\n  isco: 2422\n",
     "Écrivez les codes entre guillemets : `isco: \"2422\"`."),
    ("Une date qui n'existe pas", "titre: Test\nresume: Une définition du métier assez longue.\n"
     "secteurs: [a]\ncompetences: [b]\nqualites: [c]\nmise_a_jour: 2024-02-30\n",
     "Vérifiez le jour, le mois et l'ordre année-mois-jour."),
    ("Un texte au lieu d'une liste", "titre: Test\nresume: Une définition du métier assez longue.\n"
     "secteurs: action sociale\ncompetences: [b]\nqualites: [c]\n",
     "Écrivez une ligne `- valeur` par élément, en retrait sous la clé."),
    ("Une clé donnée deux fois", "titre: Test\nresume: Une définition du métier assez longue.\n"
     "secteurs: [a]\ncompetences: [b]\nqualites: [c]\ntitre: Autre titre\n",
     "Gardez une seule des deux lignes."),
    ("Un oui/non sans guillemets", "titre: Test\nresume: Une définition du métier assez longue.\n"
     "secteurs: [a]\ncompetences: [b]\nqualites: [c]\nformation:\n  niveau: yes\n",
     "Choisissez une valeur de la liste, entre guillemets si besoin."),
]


def errors_section() -> str:
    """Each typical mistake, the message `fiches check` really prints, and what to do."""
    out: list[str] = []
    kind = KIND_BY_FOLDER["metiers"]
    for title, front_matter, fix in EXAMPLES:
        check = check_bytes(kind, f"---\n{front_matter}---\nTexte.\n".encode(), "fiches/metiers/exemple.md")
        numbered = "\n".join(f"{i:>2}  {line}" for i, line in enumerate(["---", *front_matter.splitlines(), "---"], 1))
        messages = "\n".join(str(e) for e in check.errors)
        out += [f"### {title}", "", "```yaml", numbered, "```", "", "```text", messages, "```", "", fix, ""]
    return "\n".join(out)


def fill(markdown: str) -> str:
    """Replace the guide's markers (``<!-- cles: metier -->``, ``<!-- erreurs -->``) with generated text."""
    for kind in KIND_OF_SCHEMA:
        markdown = markdown.replace(f"<!-- cles: {kind} -->", keys_table(kind))
    return markdown.replace("<!-- erreurs -->", errors_section())

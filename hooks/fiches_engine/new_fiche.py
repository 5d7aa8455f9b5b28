"""The text of a new, empty fiche, written from the JSON Schema of its kind.

Every key of the contract is there: required keys ready to fill, optional ones
commented out, each with its explanation, so the file is its own guide and
never drifts from the schema.
"""

from __future__ import annotations

import json
from typing import Any

from .schema_check import resolve, schema

BODIES = {
    "metier": "## En quoi consiste le métier\n\n…\n\n## Missions\n\n- …\n\n## Compétences et qualités\n\n…\n\n"
              "## Formation et accès\n\n…\n\n## Conditions de travail\n\n…\n",
    "temoignage": "Présentez la personne en une phrase, puis racontez son quotidien, son parcours et ce qui la "
                  "motive, avec vos mots.\n",
    "offre": "## La structure\n\n…\n\n## Les missions\n\n- …\n\n## Profil recherché\n\n- …\n\n## Candidater\n\n…\n",
}


def _placeholder(prop: dict[str, Any]) -> str:
    kind = prop.get("type")
    if "enum" in prop:
        return '""  # ' + " | ".join(str(v) for v in prop["enum"])
    if kind in ("integer", "number", "boolean"):
        # Left empty, not 0 or true: a block uncommented and not filled is then reported
        # (« valeur à remplir ») instead of publishing a salary of 0 €.
        return "  # " + prop.get("x-attendu", "un nombre" if kind != "boolean" else "true ou false")
    if prop.get("format") == "date":
        return '""  # AAAA-MM-JJ'
    return '""'


def _explain(prop: dict[str, Any], required: bool, in_optional_block: bool = False) -> str:
    text = prop.get("description", "")
    if not required:
        return text
    return f"{text} (obligatoire dans ce bloc)" if in_optional_block else f"{text} (obligatoire)"


def _emit(key: str, prop: dict[str, Any], required: bool, indent: str, commented: bool, out: list[str]) -> None:
    prop = resolve(prop)
    hash_ = "# " if commented else ""
    out.append(f"{indent}# {_explain(prop, required, commented and required)}")
    if "oneOf" in prop:
        # salaire.brut_mensuel: a number or {min, max}; the number is the common case
        out.append(f"{indent}{hash_}{key}:   # {prop.get('x-attendu', 'un nombre')}")
    elif prop.get("type") == "object":
        out.append(f"{indent}{hash_}{key}:")
        inner = prop.get("required", [])
        for sub_key, sub in prop.get("properties", {}).items():
            _emit(sub_key, sub, sub_key in inner, indent + "  ", commented or sub_key not in inner, out)
    elif prop.get("type") == "array":
        items = resolve(prop.get("items", {}))
        out.append(f"{indent}{hash_}{key}:")
        if items.get("type") == "object":
            inner = items.get("required", [])
            first = True
            for sub_key, sub in items.get("properties", {}).items():
                sub = resolve(sub)
                lead = "- " if first else "  "
                sub_hash = "# " if commented or sub_key not in inner else ""
                out.append(f"{indent}  # {_explain(sub, sub_key in inner, commented)}")
                out.append(f"{indent}  {sub_hash}{lead}{sub_key}: {_placeholder(sub)}")
                first = False
        else:
            out.append(f"{indent}  {hash_}- {_placeholder(items)}")
    else:
        out.append(f"{indent}{hash_}{key}: {_placeholder(prop)}")


def new_fiche_text(kind: str, titre: str) -> str:
    s = schema(kind)
    out = ["---", f"# {s['title']} : {s['description']}",
           "# Les lignes qui commencent par # expliquent chaque clé. Remplissez les valeurs entre guillemets ;",
           "# pour une clé facultative, retirez le « # » au début de ses lignes. Un nombre s'écrit sans espace"
           " ni symbole (2500, 1.5).", ""]
    required = s.get("required", [])
    for key, prop in s["properties"].items():
        if key == "titre":
            out.append(f"# {_explain(resolve(prop), True)}")
            out.append(f"titre: {json.dumps(titre, ensure_ascii=False)}")
        else:
            _emit(key, prop, key in required, "", key not in required, out)
        out.append("")
    out[-1] = "---"
    return "\n".join(out) + "\n\n" + BODIES[kind]

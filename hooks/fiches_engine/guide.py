"""Parts of the contributor guide made from the schemas and the checker themselves.

The guide (docs/contribuer.md) marks where they go; the hooks put them in at
build time, so the list of keys, the error messages, the corrections and the
commands with what they print, shown to editors, are always the real ones: the
commands are run, in a project made for the purpose, while the site is built.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import uploads
from .corpus import KIND_BY_FOLDER, KINDS, check_bytes
from .frontmatter import MAX_BYTES, MAX_FRONT_MATTER_BYTES
from .rules import RULES
from .schema_check import SCHEMAS, Schemas
from .yamlsafe import MAX_DEPTH

def _type(prop: dict[str, Any], schemas: Schemas) -> str:
    if "enum" in prop:
        return "une valeur parmi : " + ", ".join(f"`{v}`" for v in prop["enum"])
    if "oneOf" in prop:
        return "nombre entier, ou `{min: …, max: …}`"
    kind = prop.get("type")
    if prop.get("format") == "date":
        return "date `AAAA-MM-JJ`"
    if kind == "array":
        items = schemas.resolve(prop.get("items", {}))
        if items.get("type") == "object":
            return "liste de blocs"
        return "liste de métiers (noms de fichier)" if "métier" in str(prop.get("x-attendu", "")) else "liste de textes"
    return {"string": "texte", "integer": "nombre entier", "number": "nombre", "boolean": "`true` ou `false`",
            "object": "bloc de clés"}.get(kind, "texte")


def _limits(prop: dict[str, Any], schemas: Schemas) -> str:
    """The schema's limits on a value, in French: length, number of items, bounds."""
    parts = []
    if "maxLength" in prop:
        parts.append(f"{prop['maxLength']} caractères au plus")
    if "maxItems" in prop:
        parts.append(f"{prop['maxItems']} éléments au plus")
    items = schemas.resolve(prop.get("items", {})) if prop.get("type") == "array" else {}
    if "maxLength" in items:
        parts.append(f"{items['maxLength']} caractères au plus chacun")
    if "minimum" in prop and "maximum" in prop:
        parts.append(f"de {prop['minimum']} à {prop['maximum']}")
    return f" ({', '.join(parts)})" if parts else ""


def _rows(props: dict[str, Any], required: list[str], prefix: str, out: list[tuple[str, str, str, str]],
          schemas: Schemas) -> None:
    for key, raw in props.items():
        prop = schemas.resolve(raw)
        name = f"{prefix}{key}"
        out.append((name, "oui" if key in required else "non", _type(prop, schemas) + _limits(prop, schemas),
                    prop.get("description", "")))
        if prop.get("type") == "object" and "properties" in prop:
            _rows(prop["properties"], prop.get("required", []), f"{name}.", out, schemas)
        items = schemas.resolve(prop.get("items", {})) if prop.get("type") == "array" else {}
        if items.get("type") == "object":
            _rows(items.get("properties", {}), items.get("required", []), f"{name}[].", out, schemas)


def keys_table(kind: str, schemas: Schemas = SCHEMAS) -> str:
    """A Markdown table of every key of a kind (its schema's name): name, required, type, explanation."""
    s = schemas.schema(kind)
    rows: list[tuple[str, str, str, str]] = []
    _rows(s["properties"], s.get("required", []), "", rows, schemas)
    cell = lambda text: text.replace("|", "\\|")  # noqa: E731
    lines = ["| clé | obligatoire | type | explication |", "| --- | --- | --- | --- |"]
    lines += [f"| `{name}` | {req} | {cell(typ)} | {cell(desc)} |" for name, req, typ, desc in rows]
    return "\n".join(lines)


# Typical mistakes, as front matter of a métier; the guide shows what `fiches check` says of each,
# then the corrected lines, which the checker must accept (see CORRECTED).
_BASE = "titre: Test\nresume: Une définition du métier assez longue.\nsecteurs: [a]\ncompetences: [b]\nqualites: [c]\n"
EXAMPLES: list[tuple[str, str, str]] = [
    ("Une clé mal orthographiée", "titre: Animateur·rice\nresume: Anime un réseau d'acteurs sur un territoire.\n"
     "secteurs: [développement local]\ncompetences: [animation]\nqualite: [écoute]\n",
     "Corrigez le nom de la clé comme l'astuce le propose."),
    ("Une valeur qui contient deux-points", "titre: Chargé·e de mission : le métier\n" + _BASE.split("\n", 1)[1],
     "Mettez la valeur entre guillemets droits."),
    ("Un code lu comme un nombre", _BASE + "codes:\n  isco: 2422\n",
     "Écrivez les codes entre guillemets."),
    ("Une date qui n'existe pas", _BASE + "mise_a_jour: 2024-02-30\n",
     "Vérifiez le jour, le mois et l'ordre année-mois-jour."),
    ("Une date écrite à la française", _BASE + "mise_a_jour: 15/01/2024\n",
     "Écrivez la date dans l'ordre année-mois-jour, avec des tirets, comme l'astuce la donne."),
    ("Un montant écrit à la française", _BASE + "salaire:\n  brut_mensuel: 2 500 €\n  source: Apec\n  annee: 2024\n",
     "Écrivez le nombre seul, sans espace ni symbole : l'astuce le donne tel qu'il faut l'écrire."),
    ("Une valeur laissée vide", _BASE.replace("resume: Une définition du métier assez longue.", 'resume: ""'),
     "Remplissez la valeur, ou retirez la ligne si la clé est facultative."),
    ("Un texte au lieu d'une liste", _BASE.replace("secteurs: [a]", "secteurs: action sociale"),
     "Écrivez une ligne `- valeur` par élément, en retrait sous la clé."),
    ("Une clé donnée deux fois", _BASE + "titre: Autre titre\n",
     "Gardez une seule des deux lignes."),
    ("Un oui/non sans guillemets", _BASE + "formation:\n  niveau: yes\n",
     "Choisissez une valeur de la liste, entre guillemets si besoin."),
]
# The same front matter, corrected: the guide shows the lines that change, and refuses to be
# built if the checker finds anything left in it.
CORRECTED: dict[str, str] = {
    "Une clé mal orthographiée": EXAMPLES[0][1].replace("qualite:", "qualites:"),
    "Une valeur qui contient deux-points": EXAMPLES[1][1].replace("titre: Chargé·e de mission : le métier",
                                                                  'titre: "Chargé·e de mission : le métier"'),
    "Un code lu comme un nombre": _BASE + 'codes:\n  isco: "2422"\n',
    "Une date qui n'existe pas": _BASE + "mise_a_jour: 2024-02-29\n",
    "Une date écrite à la française": _BASE + "mise_a_jour: 2024-01-15\n",
    "Un montant écrit à la française": _BASE + "salaire:\n  brut_mensuel: 2500\n  source: Apec\n  annee: 2024\n",
    "Une valeur laissée vide": _BASE.replace("resume: Une définition du métier assez longue.",
                                             'resume: "Anime un réseau d\'acteurs sur un territoire."'),
    "Un texte au lieu d'une liste": _BASE.replace("secteurs: [a]", "secteurs:\n  - action sociale"),
    "Une clé donnée deux fois": _BASE,
    "Un oui/non sans guillemets": _BASE + "formation:\n  niveau: bac\n",
}


class GuideError(Exception):
    """The guide would show something the tool does not do: the build stops (a mistake of the project's)."""


def _errors(front_matter: str) -> list[str]:
    check = check_bytes(KIND_BY_FOLDER["metiers"], f"---\n{front_matter}---\nTexte.\n".encode(),
                        "fiches/metiers/exemple.md")
    return [str(e) for e in check.errors]


def _numbered(front_matter: str) -> str:
    return "\n".join(f"{i:>2}  {line}" for i, line in enumerate(["---", *front_matter.splitlines(), "---"], 1))


def errors_section() -> str:
    """Each typical mistake, the message `fiches check` really prints, what to do, and the fix."""
    out: list[str] = []
    for title, front_matter, fix in EXAMPLES:
        messages, corrected = _errors(front_matter), CORRECTED[title]
        if not messages:
            raise GuideError(f"Guide : l'exemple « {title} » ne donne aucune erreur.")
        left = _errors(corrected)
        if left:
            raise GuideError(f"Guide : la correction de « {title} » donne encore : " + " / ".join(left))
        before, after = ["---", *front_matter.splitlines(), "---"], ["---", *corrected.splitlines(), "---"]
        out += [f"### {title}", "", "```yaml", _numbered(front_matter), "```", "", "```text", *messages, "```", "", fix,
                ""]
        removed = [i for i, line in enumerate(before, 1) if line not in after]
        if len(after) == len(before):  # lines replaced: those lines, with their numbers
            out += ["Corrigé :", "", "```yaml", *(f"{i:>2}  {a}" for i, (b, a) in enumerate(zip(before, after), 1)
                                                  if a != b), "```"]
        elif [line for i, line in enumerate(before, 1) if i not in removed] == after:
            out.append("Corrigé : ligne" + ("s " if len(removed) > 1 else " ") + ", ".join(map(str, removed))
                       + " retirée" + ("s." if len(removed) > 1 else "."))
        else:  # lines added: the whole corrected header
            out += ["Corrigé :", "", "```yaml", _numbered(corrected), "```"]
        out.append("")
    return "\n".join(out)


# Commands in the guide: `<!-- fiches: new métier "Titre" -->` becomes the command and what it
# prints, run at build time in a project of its own (never the site's fiches/). `{fiche}` names the
# file the last `fiches new` of the page created. Durations, which vary, are shown as « … ».
_COMMAND = re.compile(r"<!-- fiches: (.+?) -->")
_TIMING = re.compile(r"en \d+,\d+ s, [\d  ]+ fiches/s")
SHOWN_AS = ".venv/bin/fiches"


def _run(args: list[str], project: Path) -> subprocess.CompletedProcess[str]:
    hooks = str(Path(__file__).resolve().parent.parent)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env.update(PYTHONPATH=os.pathsep.join(filter(None, [hooks, env.get("PYTHONPATH")])), COLUMNS="80")
    return subprocess.run([sys.executable, "-m", "fiches_engine.cli", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=120)


def new_project(folder: Path) -> Path:
    """An empty project as `fiches` finds it: mkdocs.yml and a fiches/ folder per kind."""
    (folder / "mkdocs.yml").write_text("site_name: exemple\n", encoding="utf-8")
    for kind in KINDS:
        (folder / "fiches" / kind.folder).mkdir(parents=True, exist_ok=True)
    return folder


def shown_output(text: str) -> str:
    return _TIMING.sub("en … s, … fiches/s", text).rstrip("\n")


@lru_cache(maxsize=8)
def commands(markdown: str) -> str:
    """Replace each ``<!-- fiches: ... -->`` with the command and its real output."""
    if not _COMMAND.search(markdown):
        return markdown
    with tempfile.TemporaryDirectory(prefix="fiches-guide-") as tmp:
        project = new_project(Path(tmp))
        created = ""

        def run(match: re.Match[str]) -> str:
            nonlocal created
            written = match[1].replace("{fiche}", created)
            before = set(project.rglob("*.md"))
            result = _run(shlex.split(written), project)
            output = result.stdout + result.stderr
            if result.returncode not in (0, 1) or "Traceback" in output:
                raise GuideError(f"Guide : « fiches {written} » a échoué (code {result.returncode}) :\n{output}")
            new = sorted(set(project.rglob("*.md")) - before)
            if new:
                created = new[-1].relative_to(project).as_posix()
            return f"```bash\n{SHOWN_AS} {written}\n```\n\n```text\n{shown_output(output)}\n```"

        return _COMMAND.sub(run, markdown)


def rules_list() -> str:
    """The rules between fields (rules.RULES), one line each."""
    return "\n".join(f"- {rule.text}" for rule in RULES)


def limits_list() -> str:
    """The limits that are not on one key: file, header, nesting."""
    return "\n".join([
        f"- Un fichier de fiche pèse au plus {MAX_BYTES // 1024} Ko, et son en-tête au plus "
        f"{MAX_FRONT_MATTER_BYTES // 1024} Ko.",
        f"- L'en-tête a au plus {MAX_DEPTH} niveaux de listes et de blocs imbriqués.",
        "- Les ancres et alias YAML (`&nom`, `*nom`) sont refusés : recopiez la valeur.",
    ])


def images_rule() -> str:
    """What docs/ accepts besides pages (uploads.py), and the message an SVG gets."""
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert("!")</script></svg>'
    error = uploads.refused("docs/assets/images/logo.svg", uploads.describe(svg), "docs")
    return (f"Une image est en PNG, JPEG, WebP ou AVIF, de {uploads.MAX_BYTES // 1024} Ko au plus, et son extension "
            "dit son vrai format (`.png`, `.jpg` ou `.jpeg`, `.webp`, `.avif`) : les vérifications lisent le "
            f"contenu du fichier, pas seulement son nom. Par exemple :\n\n```text\n{error}\n```")


def fill(markdown: str) -> str:
    """Replace the guide's markers with generated text: ``<!-- cles: metier -->`` (keys table),
    ``<!-- erreurs -->`` (typical mistakes) and ``<!-- fiches: ... -->`` (a command and its output)."""
    for kind in KINDS:
        markdown = markdown.replace(f"<!-- cles: {kind.schema} -->", keys_table(kind.schema))
    markdown = markdown.replace("<!-- regles -->", rules_list()).replace("<!-- limites -->", limits_list())
    markdown = markdown.replace("<!-- images -->", images_rule())
    return commands(markdown.replace("<!-- erreurs -->", errors_section()))

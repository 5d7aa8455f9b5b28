"""VS Code's completion for the front matter, written from the JSON Schemas of the three kinds.

VS Code has no JSON Schema completion inside a Markdown file's front matter: the YAML language
server only sees YAML files (redhat-developer/vscode-yaml#207), and the remark extension's schema
plugin is a second validator with its own messages, which the project removed so that VS Code,
pre-commit and CI say the same thing (the `fiches check` task). What VS Code does complete in
Markdown is snippets. This module turns every key of every schema into one: its name as prefix,
its description, enum values as a choice list, dates, lists and blocks laid out as the project
writes them. The file is committed in .vscode/ (VS Code reads it from there) and a test fails when
it differs from what the schemas give: run `python -m fiches_engine.editor_snippets` to rewrite it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from .kinds import KINDS
from .schema_check import SCHEMAS, Schemas

LABELS = {kind.schema: kind.label for kind in KINDS}  # schema name -> the kind, as VS Code's descriptions say it
SNIPPETS_FILE = Path(".vscode") / "fiches.code-snippets"


class _Stops:
    """Numbers the snippet's tab stops in the order the editor fills them."""

    def __init__(self) -> None:
        self.n = 0

    def next(self) -> int:
        self.n += 1
        return self.n


def _value(prop: dict[str, Any], stops: _Stops, schemas: Schemas) -> str:
    """The value part of ``key: value`` for a scalar: a choice, a date to fill, a quoted text."""
    prop = schemas.resolve(prop)
    n = stops.next()
    if "enum" in prop:
        choices = ",".join(str(v).replace(",", "\\,").replace("|", "\\|") for v in prop["enum"])
        return f"${{{n}|{choices}|}}"
    if prop.get("type") == "boolean":
        return f"${{{n}|true,false|}}"
    if prop.get("format") == "date":
        return f"${{{n}:AAAA-MM-JJ}}"
    if prop.get("type") in ("integer", "number") or "oneOf" in prop:
        return f"${n}"  # left empty: an unfilled number is reported, never published as 0
    return f'"${n}"'  # texts quoted, and a département ("46") stays a text


def _lines(key: str, prop: dict[str, Any], indent: str, stops: _Stops, schemas: Schemas) -> list[str]:
    """The YAML lines of one key, as `fiches new` and the fixtures write it."""
    prop = schemas.resolve(prop)
    if prop.get("type") == "object":
        out = [f"{indent}{key}:"]
        for sub_key, sub in prop.get("properties", {}).items():
            out += _lines(sub_key, sub, indent + "  ", stops, schemas)
        return out
    if prop.get("type") == "array":
        items = schemas.resolve(prop.get("items", {}))
        if items.get("type") == "object":
            out = [f"{indent}{key}:"]
            lead = "- "
            for sub_key, sub in items.get("properties", {}).items():
                out.append(f"{indent}  {lead}{sub_key}: {_value(sub, stops, schemas)}")
                lead = "  "
            return out
        n = stops.next()
        item = f"${n}" if items.get("pattern", "").startswith("^[a-z0-9]") else f'"${n}"'  # slugs unquoted
        return [f"{indent}{key}:", f"{indent}  - {item}"]
    return [f"{indent}{key}: {_value(prop, stops, schemas)}"]


def _describe(prop: dict[str, Any], wanted: str, schemas: Schemas) -> str:
    """The schema's description, whether the key is required, and what its value looks like."""
    prop = schemas.resolve(prop)
    parts = [prop.get("description", "").rstrip(".") + "."]
    if wanted:
        parts.append(wanted + ".")
    if prop.get("x-attendu"):
        parts.append(f"Attendu : {prop['x-attendu']}.")
    return " ".join(parts)


def snippets(schemas: Schemas = SCHEMAS) -> dict[str, dict[str, Any]]:
    """Every key of every kind, and every key of their blocks, as VS Code snippets (scope: Markdown)."""
    found: dict[str, dict[str, Any]] = {}

    def add(name: str, prefix: str, body: list[str], description: str, kind: str) -> None:
        for other in found.values():  # the same key written the same way in several kinds: one snippet
            if other["prefix"] == prefix and other["body"] == body and other["description"] == description:
                other["x-kinds"].append(LABELS[kind])
                return
        found[name] = {"scope": "markdown", "prefix": prefix, "body": body, "description": description,
                       "x-kinds": [LABELS[kind]]}

    for kind in LABELS:
        s = schemas.schema(kind)
        required = s.get("required", [])
        for key, prop in s["properties"].items():
            body = _lines(key, prop, "", _Stops(), schemas)
            wanted = "Obligatoire" if key in required else "Facultatif"
            add(f"{key} ({LABELS[kind]})", key, body, _describe(prop, wanted, schemas), kind)
            inner = schemas.resolve(prop)
            inner_required = inner.get("required", [])
            for sub_key, sub in inner.get("properties", {}).items() if inner.get("type") == "object" else ():
                sub_body = _lines(sub_key, sub, "  ", _Stops(), schemas)
                sub_wanted = "Obligatoire dans ce bloc" if sub_key in inner_required else "Facultatif"
                add(f"{key}.{sub_key} ({LABELS[kind]})", sub_key, sub_body,
                    f"Dans le bloc {key} : {_describe(sub, sub_wanted, schemas)}", kind)
    # VS Code shows the description; it names the kinds a key belongs to.
    return {name: {"scope": v["scope"], "prefix": v["prefix"], "body": v["body"],
                   "description": f"{v['description']} (fiche {' ou '.join(v['x-kinds'])})"}
            for name, v in found.items()}


def snippets_text(schemas: Schemas = SCHEMAS) -> str:
    return json.dumps(snippets(schemas), ensure_ascii=False, indent=2) + "\n"


def main() -> int:
    """Write .vscode/fiches.code-snippets at the project's root (the current folder)."""
    SNIPPETS_FILE.parent.mkdir(exist_ok=True)
    SNIPPETS_FILE.write_text(snippets_text(), encoding="utf-8")
    print(f"{SNIPPETS_FILE} écrit à partir des schémas.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

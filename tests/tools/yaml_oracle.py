"""What the two YAML readers of a fiche make of it, for tests/tools/format_property.mjs.

Reads one JSON line per fiche on standard input, the file's text as a JSON string, and answers one
JSON line each: {"project": the front matter as `fiches check` reads it (hooks/fiches_engine:
read_fiche, yamlsafe), "errors": its French errors, "body": the body it reads, "safe_load":
PyYAML's yaml.safe_load of the same front matter, or {"error": …} when it fails}. A value that JSON
cannot hold as it is (a date, a datetime) is written {"$python": its type, "repr": its repr}, so
that it never equals a text.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "hooks"))

import yaml  # noqa: E402

from fiches_engine.frontmatter import read_fiche  # noqa: E402

FRONT = re.compile(r"\A---[ \t]*\n(.*?)^---[ \t]*(?:\n|\Z)", re.S | re.M)


def tagged(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k) if isinstance(k, str) else json.dumps(tagged(k)): tagged(v) for k, v in value.items()}
    if isinstance(value, list):
        return [tagged(v) for v in value]
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    return {"$python": type(value).__name__, "repr": repr(value)}


def answer(text: str) -> dict[str, Any]:
    raw, errors = read_fiche("fiches/metiers/essai.md", text.encode("utf-8", "surrogatepass"))
    out: dict[str, Any] = {
        "project": tagged(raw.doc.data) if raw is not None else None,
        "body": raw.body if raw is not None else None,
        "errors": [str(e) for e in errors],
    }
    match = FRONT.match(text)
    try:
        out["safe_load"] = tagged(yaml.safe_load(match.group(1))) if match else {"error": "no front matter"}
    except yaml.YAMLError as exc:
        out["safe_load"] = {"error": str(exc)}
    return out


def main() -> None:
    sys.stdin.reconfigure(encoding="utf-8")
    for line in sys.stdin:
        try:
            reply = answer(json.loads(line))
        except Exception as exc:  # noqa: BLE001 - reported to the property, which fails on it
            reply = {"crash": f"{type(exc).__name__}: {exc}"}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()

"""Saved text is the typed text: the form editor's format (admin/format-fiche.js), run in Node with
fast-check on arbitrary texts and on texts made of what YAML reads as something else (=, <<, a date,
yes, 1:30, indicators, spaces, line breaks…). Each file it writes is read back by the project's
loader (`fiches check`'s) and by PyYAML's yaml.safe_load (tests/tools/yaml_oracle.py): both give
the typed text back, only the key's lines change, and a fiche in the project's style saved again
without a change is byte-identical (tests/tools/format_property.mjs).

The seed is fixed for CI; FICHES_FUZZ_RANDOM=1 draws a new one, FICHES_FUZZ_EXAMPLES sets the
number of examples of each property."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import FIXTURE_CONTENT, ROOT
from fiches_engine import form_editor

TOOL = ROOT / "tests" / "tools" / "format_property.mjs"
EXAMPLES = int(os.environ.get("FICHES_FUZZ_EXAMPLES", "400"))
SEED = None if os.environ.get("FICHES_FUZZ_RANDOM") == "1" else 27


def node() -> str:
    found = shutil.which("node")
    if found is None or not (ROOT / "node_modules" / "fast-check").is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail("the form editor's format needs Node.js and npm ci (fast-check)")
        pytest.skip("Node.js or fast-check missing (npm ci)")
    return found


def date_paths() -> list[str]:
    """The date fields of the form, as admin/fiches-admin.js gives them to the format."""
    config = {"collections": [form_editor.collection(folder) for folder in ("metiers", "temoignages", "offres")]}
    script = ("import { datePaths } from './admin/format-fiche.js';"
              "let s = ''; for await (const c of process.stdin) s += c;"
              "process.stdout.write(JSON.stringify([...datePaths(JSON.parse(s))]));")
    result = subprocess.run([node(), "--input-type=module", "-e", script], input=json.dumps(config),
                            capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_date_fields_are_known_to_the_format() -> None:
    assert {"mise_a_jour", "sources.*.date", "date", "source.date", "date_limite", "publiee", "debut",
            "fin"} == set(date_paths())


def test_saved_text_is_the_typed_text() -> None:
    settings = {"python": sys.executable, "runs": EXAMPLES, "seed": SEED, "dates": date_paths(),
                "fiche": (FIXTURE_CONTENT / "metiers" / "charge-de-mission.md").read_text(encoding="utf-8"),
                "order": [f["name"] for f in form_editor.collection("metiers")["fields"]]}
    result = subprocess.run([node(), str(TOOL)], input=json.dumps(settings), capture_output=True, text=True,
                            timeout=600, cwd=ROOT)
    outcomes = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(outcomes) == 2, result.stdout + result.stderr
    failures = [o for o in outcomes if o["failed"]]
    assert not failures, "\n\n".join(f"{o['property']} (seed {o['seed']}): {json.dumps(o['counterexample'])}\n{o['error']}"
                                     for o in failures)
    assert result.returncode == 0, result.stderr
    assert all(o["runs"] == EXAMPLES for o in outcomes)

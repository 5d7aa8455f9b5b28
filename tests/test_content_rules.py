"""Every rule of the content contract, as data.

Each file ``tests/cases/<kind>/<name>.md`` is one editor's mistake. It is dropped
into a copy of a small valid content folder (``tests/fixtures/base``) as
``fiches/<kind>/<name>.md``, the content is loaded, and the errors must be
exactly the lines of ``tests/cases/<kind>/<name>.txt``: French message, file,
line, key path, what was expected, what was found, hint. An empty ``.txt`` means
the file must be accepted.

To write the expected file of a new case: ``FICHES_WRITE_EXPECTED=1 pytest
tests/test_content_rules.py``, then read it and keep it only if it is right.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import ROOT

from fiches_engine.corpus import load_corpus

CASES = ROOT / "tests" / "cases"
BASE = ROOT / "tests" / "fixtures" / "base"
CASE_FILES = sorted(CASES.glob("*/*.md"))


def test_base_content_is_valid() -> None:
    corpus, errors = load_corpus(BASE / "fiches")
    assert [str(e) for e in errors] == []
    assert sorted(corpus.metiers) == ["animateur-de-reseau", "charge-de-mission"]


def test_every_kind_has_cases() -> None:
    assert {p.parent.name for p in CASE_FILES} == {"metiers", "temoignages", "offres"}
    assert len(CASE_FILES) >= 60


@pytest.mark.parametrize("case", CASE_FILES, ids=[f"{p.parent.name}/{p.stem}" for p in CASE_FILES])
def test_case(case: Path, tmp_path: Path) -> None:
    shutil.copytree(BASE, tmp_path, dirs_exist_ok=True)
    shutil.copy2(case, tmp_path / "fiches" / case.parent.name / case.name)
    _, errors = load_corpus(tmp_path / "fiches")
    got = [str(e) for e in errors]
    expected_file = case.with_suffix(".txt")
    if os.environ.get("FICHES_WRITE_EXPECTED"):
        expected_file.write_text("".join(line + "\n" for line in got), encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8").splitlines()
    assert got == expected


def test_every_rule_between_fields_has_its_case() -> None:
    """rules.RULES is the one list of rules between fields; each has the fiche that breaks it."""
    from fiches_engine.rules import RULES

    for rule in RULES:
        for folder in rule.folders:
            case = CASES / folder / f"{rule.code}.md"
            assert case.is_file(), f"pas de cas de test pour la règle {rule.code} ({folder})"
            expected = case.with_suffix(".txt").read_text(encoding="utf-8")
            assert expected.startswith(f"fiches/{folder}/{rule.code}.md:"), expected

"""Every page of the built site through the Nu HTML Checker (npm vnu-jar, run with Java).

The only errors left come from mkdocs-material's own markup; each is explained
here and in docs/a-propos.md, and any other error fails the test.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

VNU = Path(__file__).resolve().parent.parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

EXPLAINED = {
    # material's drawer/search/toc toggles are checkboxes with autocomplete="off", so that Firefox does
    # not restore them open when a reader comes back to a page; the attribute is not allowed there.
    r"^Attribute “autocomplete” is only allowed when the input type is",
    # material's navigation marks the label of an expanded section with an empty tabindex.
    r"^Bad value “” for attribute “tabindex” on element “label”",
    # material's "table of contents" title is a label for a checkbox that CSS hides on wide screens.
    r"^The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control",
}


def vnu_errors(site: Path) -> list[str]:
    """The Nu HTML Checker's errors on every page of ``site``, but those explained above."""
    java = shutil.which("java")
    if not VNU.exists() or not java:
        if os.environ.get("CI") == "true":
            pytest.fail("the Nu HTML Checker needs Java and vnu-jar (npm ci)")
        pytest.skip("vnu-jar or java missing (npm ci; apt-get install default-jre-headless)")
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "json",
                             str(site)], capture_output=True, text=True, timeout=1800)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert messages or result.returncode == 0
    return [f'{m["url"].split(str(site))[-1]}:{m.get("lastLine")}: {m["message"]}' for m in messages
            if m["type"] == "error" and not any(re.search(p, m["message"]) for p in EXPLAINED)]


def test_pages_are_valid_html(built_site: Path) -> None:
    assert vnu_errors(built_site) == []


def test_the_checker_would_see_an_error(tmp_path: Path) -> None:
    java = shutil.which("java")
    if not VNU.exists() or not java:
        pytest.skip("vnu-jar or java missing")
    (tmp_path / "x.html").write_text("<!doctype html><html lang=fr><title>x</title><p><div></p>", encoding="utf-8")
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", str(tmp_path / "x.html")],
                            capture_output=True, text=True, timeout=120)
    assert json.loads(result.stderr)["messages"]

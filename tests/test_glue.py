"""The MkDocs glue stays thin and the private parts of MkDocs stay in one module.

Material reaches its end in May 2027 and MkDocs 2 drops hooks; ProperDocs keeps them. The way
out is to rewrite the glue (hooks/*.py beside the engine): it must stay small, its events in the
order MkDocs calls them, and what it takes from MkDocs' insides in hooks/mkdocs_private.py alone,
where each part is checked before use (tests/test_incremental.py removes one and sees the preview
fall back to full rebuilds).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT

HOOKS = ROOT / "hooks"
PRIVATE = HOOKS / "mkdocs_private.py"

# MkDocs' insides the preview and the shared chrome rely on: their names, as code would write them
PRIVATE_NAMES = re.compile(r"""
    _build_theme_template | _watched_paths | _watch_refs | \.observer\b | clean_directory
  | InclusionLevel | static_templates | \.get_env\b | plugins\.events | \.is_modified\s*=
  | \(\s*(?:File|Files)\s*\) | filters\[\s*["'](?:url|script_tag)["']\s*\] | File\.generated
  | from\s+mkdocs[\w.]*\s+import\s+[^\n]*\b_\w | mkdocs\.[\w.]*\._\w
  | "A\ 'dirty'\ build | which\ is\ excluded\ from\ the\ built\ site
""", re.VERBOSE)

# The events of MkDocs, in the order a build calls them (mkdocs/commands/build.py, serve.py)
LIFECYCLE = ["on_startup", "on_config", "on_pre_build", "on_files", "on_nav", "on_env", "on_post_template",
             "on_template_context", "on_pre_page", "on_page_read_source", "on_page_markdown", "on_page_content",
             "on_page_context", "on_post_page", "on_post_build", "on_build_error", "on_serve", "on_shutdown"]


def glue_files() -> list[Path]:
    return sorted(HOOKS.glob("*.py"))


def test_only_one_module_touches_mkdocs_private_parts() -> None:
    found = []
    for path in glue_files():
        if path == PRIVATE:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if PRIVATE_NAMES.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []
    # the engine knows nothing of MkDocs at all
    engine = [p.relative_to(ROOT) for p in (HOOKS / "fiches_engine").rglob("*.py")
              if re.search(r"^\s*(from|import)\s+mkdocs\b", p.read_text(encoding="utf-8"), re.M)]
    assert engine == []


def test_the_patterns_find_what_they_look_for() -> None:
    """The check above would see each private part, as mkdocs_private.py writes it."""
    text = PRIVATE.read_text(encoding="utf-8")
    for name in ("_build_theme_template", "_watched_paths", "clean_directory", "InclusionLevel", "static_templates",
                 ".get_env", "plugins", "(File)", "(Files)", "A 'dirty' build"):
        assert name in text, name
        assert any(PRIVATE_NAMES.search(line) for line in text.splitlines() if name in line), name


def test_the_glue_is_thin_and_its_events_in_lifecycle_order() -> None:
    glue = HOOKS / "fiches_hooks.py"
    text = glue.read_text(encoding="utf-8")
    assert len(text.splitlines()) < 300
    events = [node.name for node in ast.parse(text).body if isinstance(node, ast.FunctionDef) and node.name.startswith("on_")]
    assert events and all(e in LIFECYCLE for e in events), events
    assert events == sorted(events, key=LIFECYCLE.index)
    # every function of the glue is an event: the work is done elsewhere
    others = [node.name for node in ast.parse(text).body if isinstance(node, ast.FunctionDef) and not node.name.startswith("on_")]
    assert others == []

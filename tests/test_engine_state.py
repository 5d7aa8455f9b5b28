"""The engine keeps no state of its own between builds: what a preview remembers lives in the
objects its caller owns and passes (site_pages.PlanMemo, corpus.FileCache, incremental.Rebuilds),
so that a full build, given none, starts from nothing, and one object holds a preview's memory.

What counts as state here, and why:
- an object made at import that can change: an instance of a class of the project or of a library
  (it has attributes that can be set: ``__dict__``, or a dataclass that is not frozen);
- a module-level list, dict or set that the engine changes after import (an item set or deleted,
  a method that changes it called: append, update, setdefault…), or any ``global`` statement.

The engine's tables of words and limits (``views.CONTRATS``, ``open_data.CSV_DIALECT``…) are plain
dicts, lists and sets that nothing changes after import: constants by use, which this test proves
by reading the engine's code, rather than wrapping each in a read-only type (a MappingProxyType
cannot be written by json.dumps, and several of them are). Caches of pure functions
(functools.lru_cache: a schema read from its file, a slug, a feed's text from a frozen value) are
not state either: they remember results, never decide them.
"""

from __future__ import annotations

import ast
import dataclasses
import enum
import functools
import importlib
import re
import types
import typing
from pathlib import Path, PurePath

ENGINE = Path(__file__).resolve().parent.parent / "hooks" / "fiches_engine"
MUTATORS = {"append", "extend", "insert", "pop", "popitem", "remove", "clear", "update", "setdefault", "add",
            "discard", "sort", "reverse", "difference_update", "intersection_update",
            "symmetric_difference_update", "__setitem__", "__delitem__", "__ior__", "__iadd__"}
IMMUTABLE = (type(None), bool, int, float, complex, str, bytes, range, re.Pattern, PurePath, enum.Enum,
             types.FunctionType, types.BuiltinFunctionType, types.MethodType, type, types.ModuleType,
             functools._lru_cache_wrapper, typing.TypeVar, types.GenericAlias)


def modules() -> dict[str, ast.Module]:
    return {path.stem: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(ENGINE.glob("*.py"))}


def top_level_names(tree: ast.Module) -> set[str]:
    """The names a module binds by assignment at its top level (not those it imports)."""
    names: set[str] = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, (ast.AnnAssign, ast.AugAssign)) else []
        for target in targets:
            for name in ast.walk(target):
                if isinstance(name, ast.Name):
                    names.add(name.id)
    return names


def is_state(value: object, containers_ok: bool) -> bool:
    """Whether ``value`` can change: containers are judged by the code (see mutated_names)."""
    if isinstance(value, IMMUTABLE) or typing.get_origin(value) is not None or repr(value).startswith("typing."):
        return False
    if isinstance(value, (tuple, frozenset)):
        return any(is_state(item, containers_ok) for item in value)
    if isinstance(value, types.MappingProxyType):
        return any(is_state(item, containers_ok) for item in value.values())
    if isinstance(value, (dict, list, set)):
        items = value.items() if isinstance(value, dict) else ((None, item) for item in value)
        return not containers_ok or any(is_state(k, True) or is_state(v, True) for k, v in items)
    if dataclasses.is_dataclass(value) and value.__dataclass_params__.frozen:  # type: ignore[union-attr]
        return any(is_state(getattr(value, f.name), containers_ok) for f in dataclasses.fields(value))
    return True  # an object of some class: its attributes can be set


def mutated_names(trees: dict[str, ast.Module]) -> set[tuple[str, str]]:
    """(module, name) of every module-level name the engine's functions change, through the module's
    own name, an imported name or ``module.name``."""
    found: set[tuple[str, str]] = set()
    for module, tree in trees.items():
        alias: dict[str, tuple[str, str]] = {name: (module, name) for name in top_level_names(tree)}
        module_alias: dict[str, str] = {}
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                for name in node.names:
                    if node.module:
                        alias[name.asname or name.name] = (node.module, name.name)
                    else:
                        module_alias[name.asname or name.name] = name.name

        def owner(expr: ast.expr) -> tuple[str, str] | None:
            if isinstance(expr, ast.Name):
                return alias.get(expr.id)
            if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id in module_alias:
                return module_alias[expr.value.id], expr.attr
            return None

        for function in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
            for node in ast.walk(function):
                changed: ast.expr | None = None
                if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
                    targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
                    for target in targets:
                        if isinstance(target, (ast.Subscript, ast.Attribute)):
                            hit = owner(target.value)
                            if hit:
                                found.add(hit)
                elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                        and node.func.attr in MUTATORS:
                    changed = node.func.value
                if changed is not None and owner(changed):
                    found.add(owner(changed))  # type: ignore[arg-type]
    return found


def test_the_engine_has_no_module_level_state() -> None:
    trees = modules()
    mutated = mutated_names(trees)
    problems = []
    for module, tree in trees.items():
        globals_ = [n for n in ast.walk(tree) if isinstance(n, ast.Global)]
        problems += [f"{module}: global {', '.join(g.names)} (line {g.lineno})" for g in globals_]
        loaded = importlib.import_module(f"fiches_engine.{module}")
        for name in sorted(top_level_names(tree)):
            if name.startswith("__"):
                continue
            value = getattr(loaded, name)
            if (module, name) in mutated:
                problems.append(f"{module}.{name}: changed by the engine after import")
            elif is_state(value, containers_ok=True):
                problems.append(f"{module}.{name}: {type(value).__name__}, an object that can change")
    assert problems == []


def test_the_check_sees_state() -> None:
    """The rules above catch the shapes of state the engine once had."""
    tree = ast.parse(
        "_seen = {}\nclass _Memo: pass\n_memo = _Memo()\n"
        "def keep(key, value):\n    _seen[key] = value\n"
        "def forget():\n    global _seen\n    _seen = {}\n")
    assert ("m", "_seen") in mutated_names({"m": tree})
    assert any(isinstance(n, ast.Global) for n in ast.walk(tree))

    class Memo:
        pass

    assert is_state(Memo(), containers_ok=True)
    assert is_state({"a": Memo()}, containers_ok=True)
    assert not is_state({"cdi": "CDI"}, containers_ok=True)
    assert not is_state((1, "a", frozenset({2})), containers_ok=True)

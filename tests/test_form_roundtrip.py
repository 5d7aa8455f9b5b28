"""Every widget of the form editor round-trips every value its schema allows, for real: Decap CMS in
chromium, saving through decap-server into a copy of the project (the `editor` of test_admin.py).

The cases are made from the JSON Schemas and the form's configuration (form_editor.py, which maps
each schema node to a widget), never written by hand: every field of every kind, and each shape it
accepts (a number or a {min, max} range for the salary, lists, blocks, lists of blocks, dates,
choices, true or false, métiers), gets a starting value and a new one. Texts take the values YAML
reads as something else (=, <<, 2024-01-15, yes, 1:30…) wherever the field's pattern allows.
A fiche of each kind holds every field (one more for each further shape: a métier with a salary,
one with a range); the form opens it, shows each value, then each half of its keys is changed and
saved in turn: the file read back by the project's loader and by yaml.safe_load holds exactly the
intended values, and the lines of the other keys are unchanged. A schema shape without a case
fails test_every_schema_shape_has_a_case: a new field or shape is covered without a new test.

Then the structure changes, as editors change it, also made from the form's fields: each list (of
texts, of blocks, of métiers) gets an item with its « Ajouter … » button, filled, and loses its first
with its × button; the salary switches shape with its « fourchette » box (a number becomes a range
whose minimum it is, the form refusing to save until the maximum is typed; a range becomes its
minimum); the body is retyped, in the rich text editor then in its Markdown mode. The file read back
holds exactly the intended lists and values within the schema's limits, the other keys' lines
unchanged, and after the body's change the front matter byte for byte. A list or a salary without
its structural case fails test_every_list_and_the_salary_have_a_structural_case.
"""

from __future__ import annotations

import copy
import datetime
import functools
import json
import re
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import FIXTURE_CONTENT
from fiches_engine import form_editor
from fiches_engine.corpus import KINDS
from fiches_engine.frontmatter import read_fiche
from fiches_engine.schema_check import resolve, schema, validator
from test_admin import editor, open_editor, publish  # noqa: F401 (editor: the fixture)

Path_ = tuple[Any, ...]  # keys and list indexes from the front matter's top

# Texts that YAML reads as something else when written bare, in the order fields get them: each
# text field takes the next one its pattern and lengths accept.
TRICKY = ["=", "<<", "2024-01-15", "yes", "1:30", "~", "%d'ici", "@accueil", "- tiret", " espace devant",
          "Lieu : Cahors", "# dièse", "&ancre", "null", "0123", "on", "1_000", "<< sans fusion",
          "= un texte qui commence par un signe égal", "2024-01-15 est une date, et ce texte aussi",
          "yes, un texte de plus de vingt caractères"]
# Texts for patterned fields (addresses, codes): the first two that the pattern accepts are used.
PATTERNED = ["https://exemple.org/page?a=1#b", "https://exemple.org/autre", "contact@exemple.org",
             "equipe@exemple.org", "K1802", "M1402", "A1101", "http://data.europa.eu/esco/occupation/0a1b-2c3d",
             "http://data.europa.eu/esco/occupation/ff00", "0123", "2422", "2A", "01"]
ORDINARY = "Un texte ordinaire, de plus de vingt caractères."  # what a field of free text accepts
METIERS = ["charge-de-mission", "charge-de-missions-locales", "charge-de-mission-services-sociaux"]


# --- shapes, from the schemas alone --------------------------------------------------------------

def _describe(node: dict[str, Any]) -> str:
    node = resolve(node)
    if node.get("type") == "object":
        return "bloc {" + ", ".join(node.get("properties", {})) + "}"
    return node.get("type", "?")


def schema_shapes(node: dict[str, Any], path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], str]]:
    """(path, shape) of every value the schema node allows; * stands for a list's items."""
    ref = node.get("$ref", "")
    node = resolve(node)
    if "oneOf" in node:
        return [(path, f"un de : {_describe(option)}") for option in node["oneOf"]]
    if "enum" in node:
        return [(path, "choix")]
    if node.get("type") == "object":
        out = [(path, "bloc")]
        for key, sub in node.get("properties", {}).items():
            out += schema_shapes(sub, (*path, key))
        return out
    if node.get("type") == "array":
        items = resolve(node.get("items", {}))
        if ref.endswith("/liste_metiers"):
            return [(path, "liste de métiers")]
        if items.get("type") == "object":
            return [(path, "liste de blocs"), *schema_shapes(node["items"], (*path, "*"))[1:]]
        return [(path, f"liste de {schema_shapes(node['items'], (*path, '*'))[0][1]}")]
    if node.get("format") == "date":
        return [(path, "date")]
    return [(path, node.get("type", "?"))]


def all_shapes() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    out = {}
    for kind in KINDS:
        s = schema(kind.schema)
        out[kind.folder] = [shape for key, node in s["properties"].items() for shape in schema_shapes(node, (key,))]
    return out


# --- cases, from the form's fields ---------------------------------------------------------------

@dataclass
class Case:
    """One shape of one field: the value the fiche holds, the value the editor gives it."""

    path: Path_  # where in the front matter (0 for a list's first block)
    widget: str
    shape: str
    initial: Any
    new: Any
    field: dict[str, Any]

    @property
    def schema_path(self) -> tuple[str, ...]:
        return tuple("*" if isinstance(p, int) else p for p in self.path)


class Texts:
    """Hands out texts: each text field takes the next tricky text its pattern accepts."""

    def __init__(self) -> None:
        self.next = 0
        self.patterned = 0

    def pair(self, field: dict[str, Any]) -> tuple[str, str] | None:
        pattern = field.get("pattern", [None])[0]
        accepts = (lambda t: re.search(pattern, t) is not None) if pattern else (lambda t: True)
        patterned = [t for t in PATTERNED if accepts(t)]
        if not accepts(ORDINARY):  # an address, a code
            if len(patterned) < 2:
                return None
            self.patterned += 1
            return patterned[self.patterned % len(patterned)], patterned[(self.patterned + 1) % len(patterned)]
        ordered = TRICKY[self.next:] + TRICKY[:self.next]
        chosen = [t for t in ordered if accepts(t)]
        if len(chosen) < 2:
            return None
        self.next = (TRICKY.index(chosen[0]) + 1) % len(TRICKY)
        return f"Texte d'avant : {chosen[1]}" if accepts(f"Texte d'avant : {chosen[1]}") else chosen[1], chosen[0]


def _number(field: dict[str, Any]) -> tuple[Any, Any]:
    low, high = field.get("min", 0), field.get("max", field.get("min", 0) + 9000)
    if field.get("value_type") == "float":
        return low + 1000, low + 1234.5
    return low + (high - low) // 3, low + 2 * (high - low) // 3


def shown(field: dict[str, Any]) -> dict[str, str]:
    """A choice field's values, each with the words the form shows for it (its label, or itself)."""
    return dict((o["value"], o["label"]) if isinstance(o, dict) else (o, o) for o in field["options"])


def _option(field: dict[str, Any], *, new: bool) -> str:
    """The first option, or for the new value the last one whose words no other option's contains
    (typed in the choice box, it is the only one offered)."""
    words = shown(field)
    if not new:
        return next(iter(words))
    return next(v for v, w in reversed(words.items())
                if not any(w.lower() in f"{other} {o}".lower() for o, other in words.items() if o != v))


def leaf_cases(field: dict[str, Any], node: dict[str, Any], path: Path_, texts: Texts) -> list[Case]:
    """The cases of a form field (its schema node beside it); none for a widget without a handler."""
    shape = schema_shapes(node, ())[0][1]  # from the node itself: a $ref names a list of métiers
    node = resolve(node)
    widget = field["widget"]

    def case(initial: Any, new: Any, shape: str | None = shape) -> Case:
        return Case(path, widget, shape or "?", initial, new, field)

    if widget == "object":
        return [c for sub in field["fields"] for c in leaf_cases(sub, node["properties"][sub["name"]],
                                                                 (*path, sub["name"]), texts)]
    if widget == "list" and "fields" in field:
        items = resolve(node["items"])
        return [c for sub in field["fields"] for c in leaf_cases(sub, items["properties"][sub["name"]],
                                                                 (*path, 0, sub["name"]), texts)]
    if widget in ("string", "text", "suggestion"):
        pair = texts.pair(field)
        return [case(*pair)] if pair else []
    if widget == "number":
        return [case(*_number(field))]
    if widget == "boolean":
        return [case(True, False)]
    if widget == "select":
        return [case(_option(field, new=False), _option(field, new=True))]
    if widget == "datetime":
        return [case("2024-03-15", "2025-02-28")]
    if widget == "relation":
        return [case(METIERS[:1], METIERS[:2])]
    if widget == "list":  # of texts: the second item changes
        [item] = leaf_cases(field["field"], node["items"], (*path, 1), texts)
        [other] = leaf_cases(field["field"], node["items"], (*path, 0), texts)
        first = other.new if other.new not in (item.initial, item.new) else other.initial
        return [case([first, item.initial], [first, item.new])]
    if widget == "montant":
        out = []
        for option in node["oneOf"]:
            option = resolve(option)
            if option.get("type") == "integer":
                out.append(case(2100, 2350, f"un de : {_describe(option)}"))
            elif option.get("type") == "object" and set(option.get("properties", {})) == {"min", "max"}:
                # the case: a range opened in the form, its minimum changed
                out.append(case({"min": 1800, "max": 2200}, {"min": 1900, "max": 2200}, f"un de : {_describe(option)}"))
        return out
    return []


@dataclass
class Structure:
    """A change of a field's structure, made with the form's own controls on whatever the fiche holds
    then: a list (of texts, of blocks, of métiers) gets an item with its « Ajouter … » button, filled,
    and loses its first item with its × button; the salary (montant) has « fourchette » ticked (a
    number becomes a range whose minimum it is, the maximum typed) or unticked (a range becomes its
    minimum); the body (markdown) is retyped."""

    path: Path_
    widget: str
    field: dict[str, Any]
    node: dict[str, Any]  # the schema node, resolved: minItems, maxItems
    items: list[Case]  # a list's new item: a case for each of its fields, at index 0 (none for métiers)

    @property
    def schema_path(self) -> tuple[str, ...]:
        return tuple("*" if isinstance(p, int) else p for p in self.path)

    def added(self, current: list[Any]) -> Any:
        """The item to add: a value that the list does not hold (uniqueItems)."""
        if self.widget == "relation":
            candidates = METIERS
        elif "fields" in self.field:  # a block of its fields' new values
            block: dict[str, Any] = {}
            for c in self.items:
                set_in(block, c.path[len(self.path) + 1:], c.new)
            candidates = [block]
        else:
            candidates = [self.items[0].new, self.items[0].initial]
        fresh = [c for c in candidates if c not in current]
        assert fresh, f"{'.'.join(map(str, self.path))}: no value to add that {current} does not hold"
        return fresh[0]


# Widgets that a list's new item, empty, is filled with by change(): a new field of another widget in a
# list of blocks fails test_every_list_and_the_salary_have_a_structural_case.
FILLED_FROM_EMPTY = {"string", "text", "suggestion", "number", "datetime", "select"}


def structure_cases(field: dict[str, Any], node: dict[str, Any], path: Path_, texts: Texts) -> list[Structure]:
    """The structural changes of a form field and of the fields it holds."""
    node = resolve(node)
    widget = field["widget"]
    if widget == "object":
        return [s for sub in field["fields"] for s in structure_cases(sub, node["properties"][sub["name"]],
                                                                      (*path, sub["name"]), texts)]
    if widget == "list" and "fields" in field:
        inner = resolve(node["items"])
        items = leaf_cases({"widget": "object", "fields": field["fields"]}, inner, (*path, 0), texts)
        return [Structure(path, widget, field, node, items),
                *[s for sub in field["fields"] for s in structure_cases(sub, inner["properties"][sub["name"]],
                                                                        (*path, 0, sub["name"]), texts)]]
    if widget == "list":
        items = leaf_cases(field["field"], node["items"], (*path, 0), texts)
        return [Structure(path, widget, field, node, items)] if items else []
    if widget in ("relation", "montant", "markdown"):
        return [Structure(path, widget, field, node, [])]
    return []


@functools.cache
def kind_cases(folder: str) -> tuple[list[Case], list[Structure]]:
    """A kind's cases, then its structural changes, whose new items take the texts that come next."""
    s = schema(next(kind for kind in KINDS if kind.folder == folder).schema)
    texts = Texts()
    fields = form_editor.collection(folder)["fields"]
    cases = [c for f in fields if f["name"] != "body"
             for c in leaf_cases(f, s["properties"][f["name"]], (f["name"],), texts)]
    structures = [st for f in fields
                  for st in structure_cases(f, s["properties"].get(f["name"], {}), (f["name"],), texts)]
    return cases, structures


def all_cases() -> dict[str, list[Case]]:
    return {kind.folder: kind_cases(kind.folder)[0] for kind in KINDS}


def all_structures() -> dict[str, list[Structure]]:
    return {kind.folder: kind_cases(kind.folder)[1] for kind in KINDS}


def test_every_schema_shape_has_a_case() -> None:
    cases, missing = all_cases(), []
    for folder, shapes in all_shapes().items():
        covered = {(c.schema_path, c.shape) for c in cases[folder]}
        for path, shape in shapes:
            if shape in ("bloc", "liste de blocs"):
                ok = any(c.schema_path[:len(path)] == path and len(c.schema_path) > len(path) for c in cases[folder])
            else:
                ok = (path, shape) in covered
            if not ok:
                missing.append(f"{folder}: {'.'.join(path)} ({shape})")
    assert missing == [], "schema shapes without a round-trip case: " + ", ".join(missing)
    texts = [c.new for cs in cases.values() for c in cs if c.widget in ("string", "text")]
    assert {"=", "<<", "2024-01-15"} <= set(texts)  # the texts are among them
    assert {"min": 1900, "max": 2200} in [c.new for c in cases["metiers"]]


def _fields(fields: list[dict[str, Any]], path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], dict[str, Any]]]:
    """(schema path, field) of every field of the form, at any depth."""
    out = []
    for f in fields:
        out.append(((*path, f["name"]), f))
        if "fields" in f:
            out += _fields(f["fields"], (*path, f["name"], *["*"] * (f["widget"] == "list")))
    return out


def test_every_list_and_the_salary_have_a_structural_case() -> None:
    """Every list of the schemas (texts, blocks, métiers) has its add-and-remove case, every number
    or range its switch of « fourchette » from each shape, every body its retyping."""
    structures, cases, missing = all_structures(), all_cases(), []
    for folder, shapes in all_shapes().items():
        changed = {(s.schema_path, s.widget) for s in structures[folder]}
        for path, shape in shapes:
            if shape.startswith(("liste", "un de")) and not any(p == path for p, _ in changed):
                missing.append(f"{folder}: {'.'.join(path)} ({shape})")
        for path, f in _fields(form_editor.collection(folder)["fields"]):
            if f["widget"] in ("list", "relation", "montant", "markdown") and (path, f["widget"]) not in changed:
                missing.append(f"{folder}: {'.'.join(path)} ({f['widget']})")
        for s in structures[folder]:
            where = f"{folder}: {'.'.join(map(str, s.path))}"
            if s.widget == "montant":  # a fiche holds a number, another a range: each is switched
                shapes = {type(c.initial) for c in cases[folder] if c.path == s.path}
                assert shapes == {int, dict}, f"{where}: a fiche with a number and one with a range, not {shapes}"
            if s.widget == "list" and "fields" in s.field:  # a new block gets every field, each from empty
                names = {c.path[len(s.path) + 1] for c in s.items}
                assert names == {f["name"] for f in s.field["fields"]}, f"{where}: a new block gets only {names}"
                unfilled = {c.widget for c in s.items} - FILLED_FROM_EMPTY
                assert not unfilled, f"{where}: a new block's fields of widget {unfilled} are not filled from empty"
    assert missing == [], "lists or salaries without a structural case: " + ", ".join(missing)


# --- fiches holding the cases --------------------------------------------------------------------

def variants(cases: list[Case]) -> list[list[Case]]:
    """Fiches to write: each holds one case of every field; a field with several shapes has one
    fiche for each (the others repeat their case)."""
    by_path: dict[Path_, list[Case]] = {}
    for c in cases:
        by_path.setdefault(c.path, []).append(c)
    count = max(len(group) for group in by_path.values())
    return [[group[v % len(group)] for group in by_path.values()] for v in range(count)]


def set_in(data: dict[str, Any], path: Path_, value: Any) -> None:
    for step, following in zip(path, path[1:]):
        if isinstance(data, list):
            while len(data) <= step:
                data.append({})
            data = data[step]
        else:
            data = data.setdefault(step, [] if isinstance(following, int) else {})
    if isinstance(data, list):
        while len(data) <= path[-1]:
            data.append({})
    data[path[-1]] = value


def values(cases: list[Case], changed: set[str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for c in cases:
        set_in(data, c.path, c.new if c.path[0] in changed else c.initial)
    return data


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)  # a double-quoted YAML text


def emit(key: str, value: Any, indent: int = 0) -> list[str]:
    pad = " " * indent
    if isinstance(value, dict):
        return [f"{pad}{key}:", *[line for k, v in value.items() for line in emit(k, v, indent + 2)]]
    if isinstance(value, list):
        lines = [f"{pad}{key}:"]
        for item in value:
            if isinstance(item, dict):
                inner = [line for k, v in item.items() for line in emit(k, v, indent + 4)]
                lines += [f"{pad}  - {inner[0].lstrip()}", *inner[1:]]
            else:
                lines.append(f"{pad}  - {scalar(item)}")
        return lines
    return [f"{pad}{key}: {scalar(value)}"]


def fiche_text(data: dict[str, Any]) -> str:
    return "---\n" + "".join(f"{line}\n" for k, v in data.items() for line in emit(k, v)) + "---\n\nLe texte.\n"


def key_blocks(text: str) -> dict[str, str]:
    """Each top-level key's lines in a file's front matter."""
    front = text.split("---\n")[1]
    blocks: dict[str, str] = {}
    key = None
    for line in front.splitlines(keepends=True):
        if line[:1].isalpha():
            key = line.split(":")[0]
        blocks[key] = blocks.get(key, "") + line
    return blocks


def dates_as_text(value: Any, path: tuple[str, ...], dates: set[tuple[str, ...]]) -> Any:
    """yaml.safe_load's value with the dates of date fields as text (it makes them dates); a date
    anywhere else stays a date, and differs from the text that was typed."""
    if isinstance(value, dict):
        return {k: dates_as_text(v, (*path, k), dates) for k, v in value.items()}
    if isinstance(value, list):
        return [dates_as_text(v, (*path, "*"), dates) for v in value]
    if isinstance(value, datetime.date) and path in dates:
        return value.isoformat()
    return value


def read_back(path: Path, dates: set[tuple[str, ...]]) -> tuple[Any, Any]:
    raw, errors = read_fiche(f"fiches/{path.parent.name}/{path.name}", path.read_bytes())
    assert errors == [], [str(e) for e in errors]
    front = path.read_text(encoding="utf-8").split("---\n")[1]
    return raw.doc.data, dates_as_text(yaml.safe_load(front), (), dates)


# --- the form, in the browser --------------------------------------------------------------------

# Finds a field's control by its path in Decap's form: a control's element has the id Decap gives
# it (name-field-N, which its label points to), and a field of a block or a list is found among the
# controls whose nearest enclosing control is the block's or list's. Marks the control and its
# widget with data-case, a list's remove buttons with data-case-remove, and reads what it shows.
FIND = """([marks]) => {
  const CONTROL = /^[a-z_]+-field-\\d+$/;
  const owner = (el) => { let p = el.parentElement; while (p && !CONTROL.test(p.id)) p = p.parentElement; return p; };
  const find = (steps) => {
    let scope = null;
    for (const [name, index] of steps) {
      const found = [...(scope || document).querySelectorAll(`[id^="${name}-field-"]`)]
        .filter((el) => CONTROL.test(el.id) && owner(el) === scope);
      scope = found[index];
      if (!scope) return null;
    }
    return scope;
  };
  const out = [];
  for (const [mark, steps] of marks) {
    const el = find(steps);
    if (!el) { out.push(null); continue; }
    el.setAttribute("data-case", mark);
    const container = document.querySelector(`label[for="${el.id}"]`).parentElement.parentElement;
    const root = [...container.children].find((child) => child.contains(el));
    root.setAttribute("data-case-root", mark);
    const other = (suffix) => document.getElementById(el.id + suffix);
    // a list's items: each has a drag handle, then its remove button (×), in a bar above its fields
    const handles = [...el.querySelectorAll('[aria-roledescription="sortable"]')].filter((h) => owner(h) === el);
    handles.forEach((h, i) => h.parentElement.lastElementChild.setAttribute("data-case-remove", `${mark}/${i}`));
    out.push({ value: el.value ?? null, checked: el.getAttribute("aria-checked"), text: root.innerText,
               max: other("-max") ? other("-max").value : null,
               range: other("-fourchette") ? other("-fourchette").checked : null, items: handles.length });
  }
  return out;
}"""


def steps(path: Path_) -> list[list[Any]]:
    """A path as Decap's controls nest: ("sources", 0, "titre") is the list sources, then its first
    control titre; ("secteurs", 1) the list secteurs, then its second item control (named secteurs)."""
    out: list[list[Any]] = []
    for i, step in enumerate(path):
        if isinstance(step, int):
            continue
        index = path[i - 1] if i and isinstance(path[i - 1], int) else 0
        out.append([step, index])
    if isinstance(path[-1], int):
        out.append([path[-2], path[-1]])
    return out


def probes(case: Case, value: Any) -> list[tuple[str, Path_, dict[str, Any]]]:
    """What each control of the case must show for ``value``: (mark, path, expected readings)."""
    mark = "/".join(map(str, case.path))
    if case.widget == "list":
        return [(f"{mark}/{i}", (*case.path, i), {"value": item}) for i, item in enumerate(value)]
    if case.widget == "montant":
        if isinstance(value, dict):
            return [(mark, case.path, {"value": str(value["min"]), "max": str(value["max"]), "range": True})]
        return [(mark, case.path, {"value": str(value), "range": False})]
    if case.widget == "boolean":
        return [(mark, case.path, {"checked": "true" if value else "false"})]
    if case.widget == "select":
        return [(mark, case.path, {"text": shown(case.field)[value]})]
    if case.widget == "relation":
        return [(mark, case.path, {"text": TITLES[slug]}) for slug in value]
    return [(mark, case.path, {"value": str(value)})]


def shows(page, cases: list[Case], changed: set[str]) -> list[str]:
    """What the form does not show as expected (waits up to 15 s for it to be there)."""
    wanted = [p for c in cases for p in probes(c, c.new if c.path[0] in changed else c.initial)]
    marks = [[mark, steps(path)] for mark, path, _ in wanted]
    deadline = time.monotonic() + 15
    while True:
        seen = page.evaluate(FIND, [marks])
        wrong = []
        for (mark, _, expected), got in zip(wanted, seen):
            if got is None:
                wrong.append(f"{mark}: no control")
                continue
            for reading, value in expected.items():
                if reading == "text" and value not in got["text"] or reading != "text" and got[reading] != value:
                    wrong.append(f"{mark}: {reading} {got[reading]!r} instead of {value!r}")
        if not wrong or time.monotonic() > deadline:
            return wrong
        time.sleep(0.2)


def change(page, case: Case) -> None:
    """Give the case's new value in the form, as an editor would."""
    mark = "/".join(map(str, case.path))
    if case.widget == "list":
        page.evaluate(FIND, [[[f"{mark}/{i}", steps((*case.path, i))] for i in range(len(case.new))]])
        for i, (old, new) in enumerate(zip(case.initial, case.new)):
            if old != new:
                page.locator(f'[data-case="{mark}/{i}"]').fill(new)
        return
    page.evaluate(FIND, [[[mark, steps(case.path)]]])
    control = page.locator(f'[data-case="{mark}"]')
    root = page.locator(f'[data-case-root="{mark}"]')
    if case.widget == "montant":
        if isinstance(case.new, dict):
            control.fill(str(case.new["min"]))
            if case.new["max"] != case.initial["max"]:
                root.locator("input").nth(2).fill(str(case.new["max"]))
        else:
            control.fill(str(case.new))
    elif case.widget == "boolean":
        control.click()
    elif case.widget == "select":
        control.click()
        page.keyboard.type(shown(case.field)[case.new])
        root.get_by_text(shown(case.field)[case.new], exact=True).last.wait_for()
        page.keyboard.press("Enter")
    elif case.widget == "relation":
        for slug in case.new[len(case.initial):]:
            control.click()
            page.keyboard.type(TITLES[slug][:12])
            root.get_by_text(TITLES[slug], exact=True).last.click()
    else:
        control.fill(str(case.new))


def get_in(data: Any, path: Path_) -> Any:
    for step in path:
        data = data[step]
    return data


def marked(page, marks: list[tuple[str, Path_]]) -> list[dict[str, Any]]:
    """What FIND reads of the controls at ``marks``, once all of them are in the form (up to 15 s)."""
    deadline = time.monotonic() + 15
    while True:
        seen = page.evaluate(FIND, [[[mark, steps(path)] for mark, path in marks]])
        if None not in seen:
            return seen
        assert time.monotonic() < deadline, [mark for (mark, _), got in zip(marks, seen) if got is None]
        time.sleep(0.1)


def restructure(page, s: Structure, current: Any) -> Any:
    """Make the structural change ``s`` in the form, from the field's ``current`` value, as an editor
    would; returns the value the field holds then."""
    mark = "/".join(map(str, s.path))
    marked(page, [(mark, s.path)])
    if s.widget == "montant":
        return switch_salary(page, s, current)
    added = s.added(current)

    def add() -> None:
        if s.widget == "relation":  # chosen by its title, as change() adds métiers
            change(page, Case(s.path, s.widget, "liste de métiers", current, [*current, added], s.field))
            return
        [listed] = marked(page, [(mark, s.path)])
        page.locator(f'[data-case="{mark}"]').get_by_role("button", name=re.compile("^Ajouter")).first.click()
        for c in s.items:  # the new item's fields, empty, filled with the item's values
            inner = c.path[len(s.path) + 1:]
            path = (*s.path, listed["items"], *inner)
            marked(page, [("/".join(map(str, path)), path)])
            change(page, replace(c, path=path, new=get_in(added, inner)))

    def remove() -> None:
        if s.widget == "relation":  # the × of the métier's chip (react-select's, whatever its label says)
            title = json.dumps(TITLES[current[0]], ensure_ascii=False)
            chip = page.locator(f'[data-case-root="{mark}"] [title={title}]')
            chip.locator('[role="button"]:not([aria-roledescription])').click()
            return
        marked(page, [(mark, s.path)])
        page.locator(f'[data-case-remove="{mark}/0"]').click()

    if len(current) < s.node.get("maxItems", len(current) + 1):
        add()
        remove()
    else:  # a full list: room first
        remove()
        add()
    new = [*current[1:], added]
    if s.widget == "list":
        assert marked(page, [(mark, s.path)])[0]["items"] == len(new), mark
    return new


# What the salary widget says when a range lacks one of its ends (admin/fiches-admin.js, isValid).
INCOMPLETE_RANGE = "Fourchette incomplète"


def switch_salary(page, s: Structure, current: int | dict[str, int]) -> Any:
    """Tick « fourchette » on a number (it becomes the minimum; the form refuses to save until the
    maximum is typed, then it is) or untick it on a range (its minimum becomes the number)."""
    mark = "/".join(map(str, s.path))
    control = page.locator(f'[data-case="{mark}"]').get_attribute("id")
    page.locator(f"#{control}-fourchette").click()
    [seen] = marked(page, [(mark, s.path)])
    if isinstance(current, dict):
        assert (seen["range"], seen["value"], seen["max"]) == (False, str(current["min"]), None), seen
        return current["min"]
    assert (seen["range"], seen["value"], seen["max"]) == (True, str(current), ""), seen
    page.get_by_role("button", name="Publier").first.click()
    page.get_by_text("Publier maintenant").click()
    field = page.locator(f'[data-case-root="{mark}"]').locator("xpath=..")  # the widget, its label, its errors
    field.get_by_text(INCOMPLETE_RANGE).wait_for(timeout=5000)
    new = {"min": current, "max": min(current + 450, s.field.get("max", current + 450))}
    page.locator(f"#{control}-max").fill(str(new["max"]))
    return new


# The body, retyped: paragraphs in the rich text editor, then Markdown after them in its Markdown mode.
BODY_TYPED = ["Premier paragraphe, retapé dans le formulaire.", "Un second : « guillemets », 50 % et l’apostrophe."]
BODY_MARKDOWN = ["", "## Au quotidien", "", "Du texte **en gras**, avec [un lien](https://exemple.org/page).", "",
                 "- une mission", "- une autre"]
BODY = "\n\n".join(BODY_TYPED) + "\n" + "\n".join(BODY_MARKDOWN) + "\n"
# slate-react applies the page's selection to its own at most every 100 ms (a throttled selectionchange
# handler), and ignores it while it sets the page's from its own: a caret moved by a click or a key is
# where the editor types only after that, and a second move too close to the first is lost.
SLATE_SELECTION_MS = 200


def retype_body(page, s: Structure, current: str) -> str:
    """Replace the body (``current``) as an editor does; returns the body to be saved."""
    field = page.locator(f'label[for^="{s.field["name"]}-field-"]').locator("xpath=../..")
    editor = field.locator("[data-slate-editor]")
    mode = field.get_by_role("switch")  # « Texte enrichi » / « Markdown »

    def switch(markdown: bool) -> None:
        """Switch the editor's mode; the new editor (paragraphs, or lines of Markdown) takes the focus
        once drawn, its caret where it likes: only then does a click place it."""
        mode.click()
        drawn = "[data-slate-editor]:not(:has(p))" if markdown else "[data-slate-editor]:has(p)"
        page.wait_for_function(f"document.activeElement.matches('{drawn}')")

    if mode.get_attribute("aria-checked") == "true":  # Decap remembers the mode an earlier save left
        switch(markdown=False)
    editor.get_by_text(current.splitlines()[0]).click()
    page.wait_for_timeout(SLATE_SELECTION_MS)
    page.keyboard.press("Control+A")
    page.wait_for_timeout(SLATE_SELECTION_MS)
    page.keyboard.press("Backspace")
    for i, paragraph in enumerate(BODY_TYPED):  # each line typed as one input, as an input method does
        if i:
            page.keyboard.press("Enter")
        page.keyboard.insert_text(paragraph)
    switch(markdown=True)
    editor.get_by_text(BODY_TYPED[-1]).click()  # then to the end of that last line
    page.wait_for_timeout(SLATE_SELECTION_MS)
    page.keyboard.press("End")
    page.wait_for_timeout(SLATE_SELECTION_MS)
    for line in BODY_MARKDOWN:
        page.keyboard.press("Enter")
        page.keyboard.insert_text(line)
    return BODY


TITLES: dict[str, str] = {}


def load_titles() -> None:
    for slug in METIERS:
        path = FIXTURE_CONTENT / "metiers" / f"{slug}.md"
        raw, _ = read_fiche(f"fiches/metiers/{slug}.md", path.read_bytes())
        TITLES[slug] = raw.doc.data["titre"]


def open_entry(page, url: str, folder: str, slug: str) -> None:
    page.goto(f"{url}#/collections/{folder}/entries/{slug}")
    page.reload()
    login = page.get_by_role("button", name="Se connecter")
    page.locator("[data-slate-editor], button:has-text('Se connecter')").first.wait_for()
    if login.is_visible():
        login.click()
    page.locator("[data-slate-editor]").first.wait_for()


def wait_changed(path: Path, before: str) -> str:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        text = path.read_text(encoding="utf-8")
        if text != before:
            return text
        time.sleep(0.1)
    raise AssertionError(f"{path} was not saved")


def assert_saved(path: Path, dates: set[tuple[str, ...]], expected: dict[str, Any], before: str, text: str,
                 changed: set[str], keys: list[str], body: str) -> None:
    """The saved file holds exactly ``expected`` for the project's loader and yaml.safe_load, the
    lines of the keys not in ``changed`` as they were, the keys in their order, and ``body``."""
    project_reads, safe_load_reads = read_back(path, dates)
    assert project_reads == expected, text
    assert safe_load_reads == expected, text
    kept = {k: v for k, v in key_blocks(before).items() if k not in changed}
    assert {k: v for k, v in key_blocks(text).items() if k not in changed} == kept, text
    assert list(key_blocks(text)) == keys
    assert text.endswith(f"---\n\n{body}")


@pytest.mark.parametrize("folder", [kind.folder for kind in KINDS])
def test_every_field_round_trips_through_the_form(browser, editor, folder: str) -> None:  # noqa: F811
    project, url = editor
    load_titles()
    cases, structures = all_cases()[folder], all_structures()[folder]
    kind = next(k for k in KINDS if k.folder == folder)
    shaped = {c.path for c in cases if [d.path for d in cases].count(c.path) > 1}  # a case for each shape
    dates = {c.schema_path for c in cases if c.widget == "datetime"}
    page, errors = open_editor(browser, url)
    for number, fiche in enumerate(variants(cases)):
        slug = f"aller-retour-{number}"
        path = project / "fiches" / folder / f"{slug}.md"
        keys = list(dict.fromkeys(c.path[0] for c in fiche))
        text = fiche_text(values(fiche, set()))
        path.write_text(text, encoding="utf-8")
        changed: set[str] = set()
        for half in (keys[0::2], keys[1::2]):
            open_entry(page, url, folder, slug)
            assert shows(page, fiche, changed) == [], f"{slug}: the form does not show the fiche's values"
            for case in fiche:
                if case.path[0] in half:
                    change(page, case)
            changed |= set(half)
            publish(page)
            before, text = text, wait_changed(path, text)
            assert_saved(path, dates, values(fiche, changed), before, text, set(half), keys, "Le texte.\n")
        data, body = values(fiche, changed), "Le texte.\n"
        if number == 0:  # the body retyped, once for each kind: the front matter stays byte for byte
            for s in structures:
                if s.widget == "markdown":
                    open_entry(page, url, folder, slug)
                    body = retype_body(page, s, body)
                    publish(page)
                    before, text = text, wait_changed(path, text)
                    assert text == before[:before.index("---\n", 4) + 4] + "\n" + body
        # every list gets an item and loses one by its buttons, the salary switches to its other shape:
        # on the first fiche, and a field of several shapes on each (from the number, from the range)
        open_entry(page, url, folder, slug)
        assert shows(page, fiche, changed) == [], f"{slug}: the form does not show the fiche's values"
        expected, touched, seen = copy.deepcopy(data), set(), len(errors)
        for s in structures:
            if s.widget != "markdown" and (number == 0 or s.path in shaped):
                set_in(expected, s.path, restructure(page, s, get_in(data, s.path)))
                touched.add(s.path[0])
        assert [e.message for e in validator(kind.schema).iter_errors(expected)] == []  # the schema's limits
        publish(page)
        before, text = text, wait_changed(path, text)
        # a save refused (a number made a range, before its maximum is typed) leaves Decap's promise
        # rejected with nothing, which the page reports: one report for each
        refused = [s for s in structures if s.widget == "montant" and s.path[0] in touched
                   and isinstance(get_in(data, s.path), int)]
        assert errors[seen:] == ["undefined"] * len(refused)
        del errors[seen:]
        assert_saved(path, dates, expected, before, text, touched, keys, body)
    assert errors == []
    page.close()

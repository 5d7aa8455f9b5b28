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
"""

from __future__ import annotations

import datetime
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import FIXTURE_CONTENT
from fiches_engine import form_editor
from fiches_engine.corpus import KINDS
from fiches_engine.frontmatter import read_fiche
from fiches_engine.schema_check import resolve, schema
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


def _option(options: list[str], *, new: bool) -> str:
    """The first option, or for the new value the last one that no other option contains (typed in
    the choice box, it is the only one offered)."""
    if not new:
        return options[0]
    return next(o for o in reversed(options) if not any(o in other for other in options if other != o))


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
        return [case(_option(field["options"], new=False), _option(field["options"], new=True))]
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


def all_cases() -> dict[str, list[Case]]:
    out = {}
    for kind in KINDS:
        s = schema(kind.schema)
        texts = Texts()
        out[kind.folder] = [c for f in form_editor.collection(kind.folder)["fields"] if f["name"] != "body"
                            for c in leaf_cases(f, s["properties"][f["name"]], (f["name"],), texts)]
    return out


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
# widget with data-case, and reads what it shows.
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
    out.push({ value: el.value ?? null, checked: el.getAttribute("aria-checked"), text: root.innerText,
               max: other("-max") ? other("-max").value : null,
               range: other("-fourchette") ? other("-fourchette").checked : null });
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
        return [(mark, case.path, {"text": value})]
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
        page.keyboard.type(case.new)
        root.get_by_text(case.new, exact=True).last.wait_for()
        page.keyboard.press("Enter")
    elif case.widget == "relation":
        for slug in case.new[len(case.initial):]:
            control.click()
            page.keyboard.type(TITLES[slug][:12])
            root.get_by_text(TITLES[slug], exact=True).last.click()
    else:
        control.fill(str(case.new))


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


@pytest.mark.parametrize("folder", [kind.folder for kind in KINDS])
def test_every_field_round_trips_through_the_form(browser, editor, folder: str) -> None:  # noqa: F811
    project, url = editor
    load_titles()
    cases = all_cases()[folder]
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
            expected = values(fiche, changed)
            project_reads, safe_load_reads = read_back(path, dates)
            assert project_reads == expected, text
            assert safe_load_reads == expected, text
            kept = {k: v for k, v in key_blocks(before).items() if k not in half}
            assert {k: v for k, v in key_blocks(text).items() if k not in half} == kept, text
            assert list(key_blocks(text)) == keys
            assert text.endswith("---\n\nLe texte.\n")
    assert errors == []
    page.close()

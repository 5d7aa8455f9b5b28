"""Validate front matter against the JSON Schemas and say what is wrong in French.

The schemas in ``schemas/`` are the one source of truth for keys and types: the
build, ``fiches check``, the contributor guide and the editors' tools all read
them. This module only turns jsonschema's findings into ContentErrors: one per
mistake (a value left empty, or a date that is neither of the date pattern nor a
real day, breaks several rules but gets one message), with the exact fix when the
editor wrote the value the French way (``2 500 €``, ``29/02/2024``, ``1,5``).
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from datetime import date
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from .errors import ContentError, describe, expected_found, key_path
from .yamlsafe import Document

SCHEMA_NAMES = ("commun", "metier", "temoignage", "offre", "synonymes")
# Where the schemas' relative "$ref"s resolve; never fetched, every schema is registered locally.
_BASE_URI = "https://fiches.invalid/schemas/"


@dataclass(frozen=True)
class Schemas:
    """The JSON Schemas of the fiches, read from one folder: the project's own (``SCHEMAS``), or a
    copy given to the engine instead (a test adds a field to a copy and finds it in every output).
    Each file is read and each validator made once per folder."""

    folder: str

    def text(self, name: str) -> str:
        return _text(self.folder, name)

    def schema(self, name: str) -> dict[str, Any]:
        return _parsed(self.folder, name)

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        """A schema node with its ``$ref`` (into commun.schema.json or its own file) merged in."""
        ref = node.get("$ref")
        if not ref:
            return node
        file, _, pointer = ref.partition("#")
        target: Any = self.schema(file.removesuffix(".schema.json") or "commun")
        for part in pointer.strip("/").split("/"):
            target = target[part]
        return {**self.resolve(target), **{k: v for k, v in node.items() if k != "$ref"}}

    def validator(self, name: str) -> Draft202012Validator:
        return _validator(self.folder, name)

    def fast_validator(self, name: str) -> jsonschema_rs.Validator:
        return _fast_validator(self.folder, name)


SCHEMAS = Schemas(str(Path(__file__).with_name("schemas")))


@lru_cache(maxsize=None)
def _text(folder: str, name: str) -> str:
    return (Path(folder) / f"{name}.schema.json").read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def _parsed(folder: str, name: str) -> dict[str, Any]:
    return json.loads(_text(folder, name))


@lru_cache(maxsize=None)
def _validator(folder: str, name: str) -> Draft202012Validator:
    registry = Registry().with_resources(
        (f"{n}.schema.json", Resource.from_contents(_parsed(folder, n))) for n in SCHEMA_NAMES
    )
    return Draft202012Validator(_parsed(folder, name), registry=registry, format_checker=FormatChecker(["date"]))


@lru_cache(maxsize=None)
def _fast_validator(folder: str, name: str) -> jsonschema_rs.Validator:
    """jsonschema-rs (Rust) says in about a microsecond whether a front matter is valid.

    The pure-Python jsonschema takes about a millisecond per fiche, which alone
    would keep `fiches check` under 1,000 fiches/s; it is kept for the invalid
    files only, where its error objects give us the paths and values the French
    messages need. Both follow draft 2020-12; the tests check they agree.
    """
    registry = jsonschema_rs.Registry([(f"{_BASE_URI}{n}.schema.json", _parsed(folder, n)) for n in SCHEMA_NAMES])
    return jsonschema_rs.Draft202012Validator(_parsed(folder, name), registry=registry, validate_formats=True,
                                              base_uri=f"{_BASE_URI}{name}.schema.json")


# The project's schemas, for the many callers that never read another set.
schema, resolve, validator = SCHEMAS.schema, SCHEMAS.resolve, SCHEMAS.validator


def closest(word: str, choices: list[str]) -> str | None:
    """The choice an editor most likely meant (case does not count: « CDI » means « cdi »)."""
    lowered = {c.lower(): c for c in choices}
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def _quote_hint(value: Any, raw: str | None) -> str:
    if isinstance(value, bool):
        return (f"sans guillemets, « {raw} » est lu comme oui/non : écrivez \"{raw}\" entre guillemets."
                if raw else "mettez la valeur entre guillemets.")
    if isinstance(value, (int, float)):
        return f"mettez la valeur entre guillemets : \"{raw or value}\"."
    return ""


# Values written the French way: what the editor meant, so the hint can give the exact fix.

_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre")
# Full names and usual abbreviations, without accents (« fevr », « aout »).
_MONTH_NUMBERS = {**{unicodedata.normalize("NFKD", m).encode("ascii", "ignore").decode(): i
                     for i, m in enumerate(_MONTHS, 1)},
                  "janv": 1, "fev": 2, "fevr": 2, "avr": 4, "juil": 7, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
_ISO_LIKE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_YMD = re.compile(r"(\d{4})\s*[/.]\s*(\d{1,2})\s*[/.]\s*(\d{1,2})")
_DMY = re.compile(r"(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})")
_DMY_WORDS = re.compile(r"(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?(1er|\d{1,2})\s+"
                        r"([a-z]+)\.?\s+(\d{4})")
# 2 500 €, 2 500,50, 2500 euros, 1,5: spaces (also the no-break ones word processors put) between
# groups of three digits, a decimal comma, a currency after.
_FRENCH_NUMBER = re.compile(r"(\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+|\d+)(?:,(\d+))?\s*(?:€|euros?|eur)?",
                            re.IGNORECASE)


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().strip()


def _date_parts(text: str) -> tuple[int, int, int, bool] | None:
    """(year, month, day, written year first) of a date as an editor may write it, or None."""
    text = _plain(text)
    for pattern, order in ((_ISO_LIKE, "ymd"), (_YMD, "ymd"), (_DMY, "dmy"), (_DMY_WORDS, "dmy")):
        match = pattern.fullmatch(text)
        if not match:
            continue
        if pattern is _DMY:
            day, month, year = match[1], match[3], match[4]
        elif pattern is _DMY_WORDS:
            if match[2] not in _MONTH_NUMBERS:
                return None
            day, month, year = match[1].removesuffix("er"), str(_MONTH_NUMBERS[match[2]]), match[3]
        else:
            year, month, day = match[1], match[2], match[3]
        full_year = int(year) + (2000 if len(year) == 2 else 0)
        return full_year, int(month), int(day), order == "ymd"
    return None


def _line(where: tuple[Any, ...], value: Any) -> str:
    """The line to write: ``key: value``, or ``- value`` for an element of a list."""
    last = where[-1] if where else ""
    return f"- {value}" if isinstance(last, int) else f"{last}: {value}"


def _day(day: int) -> str:
    return "1er" if day == 1 else str(day)


def _date_hint(value: Any, where: tuple[Any, ...]) -> str:
    parts = _date_parts(value) if isinstance(value, str) else None
    if parts is None:
        return "écrivez la date dans l'ordre année-mois-jour, avec des tirets : 2024-02-29 pour le 29 février 2024."
    year, month, day, year_first = parts
    try:
        iso = date(year, month, day).isoformat()
    except ValueError:
        then = "" if year_first else ", puis écrivez la date dans l'ordre année-mois-jour (AAAA-MM-JJ)"
        if not 1 <= month <= 12:
            try:  # day and month swapped (2024-29-02, or 02/29/2024 written the American way)
                swapped = date(year, day, month).isoformat()
            except ValueError:
                return f"il n'y a pas de mois {month} : vérifiez le jour et le mois{then}."
            return (f"il n'y a pas de mois {month} : pour le {_day(month)} {_MONTHS[day - 1]} {year}, "
                    f"écrivez {_line(where, swapped)} (année-mois-jour).")
        return (f"le {_day(day)} {_MONTHS[month - 1]} {year} n'existe pas : "
                f"vérifiez le jour et le mois{then}.")
    return f"écrivez la date dans l'ordre année-mois-jour, avec des tirets : {_line(where, iso)}."


def _numeric(node: dict[str, Any]) -> str | None:
    """"integer" or "number" when a schema node takes a number (for brut_mensuel, one of its forms)."""
    for branch in (node, *node.get("oneOf", ())):
        kind = branch.get("type") if "$ref" not in branch else None  # error.schema has its refs followed
        if kind in ("integer", "number"):
            return kind
    return None


def _french_number(text: str, integer: bool) -> tuple[str, bool] | None:
    """The number meant by ``2 500 €``, ``2 500,50`` or ``1,5``, as YAML reads it (``2500``,
    ``2500.50``, ``1.5``), and whether centimes were left out to make it whole; None if it is no number."""
    match = _FRENCH_NUMBER.fullmatch(text.strip())
    if not match:
        return None
    whole, decimals = re.sub(r"\D", "", match[1]), match[2] or ""
    if len(decimals) == 3 and " " not in match[1]:  # 2,500: a thousands comma, never euros and tenths of cents
        whole, decimals = whole + decimals, ""
    whole = str(int(whole))
    if not decimals.strip("0"):
        return whole, False
    return (whole, True) if integer else (f"{whole}.{decimals}", False)


def _number_hint(node: dict[str, Any], value: Any, where: tuple[Any, ...]) -> str:
    """The exact number to write when a number was written the French way, or put in the wrong place."""
    if isinstance(value, bool):
        return ""
    kind = _numeric(node)
    if kind and isinstance(value, str):
        parsed = _french_number(value, kind == "integer")
        if parsed is None:
            return ""
        number, dropped = parsed
        if value.strip() == number:
            return f"écrivez le nombre sans guillemets : {_line(where, number)}."
        how = " sans espace ni symbole" + (", avec un point avant les décimales" if "." in number else "")
        return f"écrivez le nombre{how}{' et sans les centimes' if dropped else ''} : {_line(where, number)}."
    if kind == "integer" and isinstance(value, float) and where:
        return f"écrivez un nombre entier, sans les centimes : {_line(where, int(value))}."
    if node.get("type") == "object" and isinstance(value, (str, int, float)) and where \
            and isinstance(where[-1], str):
        inner = next(((k, _numeric(p)) for k, p in node.get("properties", {}).items() if _numeric(p)), None)
        if inner is None:
            return ""
        parsed = _french_number(str(value), inner[1] == "integer")
        if parsed is None:
            return ""
        return (f"le nombre va dans la clé {inner[0]} de ce bloc : écrivez « {where[-1]}: » seul sur sa ligne, "
                f"puis en dessous, en retrait de deux espaces, « {inner[0]}: {parsed[0]} ».")
    return ""


# Where a value stands in the schema (whether its key is required, how short its list may be).

def _follow(schemas: Schemas, node: dict[str, Any], file: str) -> tuple[dict[str, Any], str]:
    """``node`` with its ``$ref`` merged in, and the schema file the result's own refs are relative to."""
    ref = node.get("$ref")
    if not ref:
        return node, file
    target_file, _, pointer = ref.partition("#")
    target_file = target_file.removesuffix(".schema.json") or file
    target: Any = schemas.schema(target_file)
    for part in pointer.strip("/").split("/"):
        target = target[part] if part else target
    merged, where = _follow(schemas, target, target_file)
    return {**merged, **{k: v for k, v in node.items() if k != "$ref"}}, where


def _node_at(schemas: Schemas, kind: str, where: tuple[Any, ...]) -> dict[str, Any]:
    """The schema node that describes the value at ``where`` (refs resolved), or {}."""
    node, file = _follow(schemas, schemas.schema(kind), kind)
    for part in where:
        if "properties" not in node and "items" not in node:  # brut_mensuel: its {min, max} form
            node = next((b for b in (_follow(schemas, b, file)[0] for b in node.get("oneOf", ()))
                         if b.get("type") == "object"), node)
        if isinstance(part, int):
            child = node.get("items", {})
        else:
            child = node.get("properties", {}).get(part)
            if child is None:
                extra = node.get("additionalProperties")
                child = extra if isinstance(extra, dict) else {}
        node, file = _follow(schemas, child, file)
    return node


def _value_at(data: Any, where: tuple[Any, ...]) -> Any:
    for part in where:
        data = data[part]
    return data


# Empty values: a key written with nothing after it, or the "" that `fiches new` leaves to fill.

def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _empty_error(schemas: Schemas, kind: str, doc: Document, path: str, where: tuple[Any, ...], error: ValidationError,
                 ) -> ContentError:
    """One message for a value left to fill, whatever rules it breaks (type, length, pattern, list...)."""
    value = error.instance
    node = error.schema if isinstance(error.schema, dict) else {}
    last = where[-1] if where else ""
    spaces = isinstance(value, str) and value != ""
    message = "valeur à remplir" + (" (il n'y a que des espaces)" if spaces else "") + f". Attendu : {_expected(error)}."
    quoted = value is not None  # "" as `fiches new` writes it, rather than nothing after the colon
    after = "« - »" if isinstance(last, int) else f"« {last}: »"
    if node.get("type") == "object":
        what = f"écrivez les clés de ce bloc sur les lignes suivantes, en retrait de deux espaces sous {after}"
    elif node.get("type") == "array":
        what = f"écrivez un élément par ligne sous {after}, en retrait, de la forme « - valeur »"
    elif node.get("type") == "boolean":
        what = "remplacez « \"\" » par true ou false" if quoted else f"écrivez true ou false après {after}"
    elif _numeric(node):
        what = "remplacez « \"\" » par le nombre" if quoted else f"écrivez le nombre après {after}"
    else:
        what = "écrivez-la entre les guillemets" if quoted else f"écrivez-la après {after}, sur la même ligne"
    if quoted and node.get("type") in ("object", "array"):
        what = "retirez « \"\" », puis " + what
    if isinstance(last, int):
        parent = _node_at(schemas, kind, where[:-1])
        removable = len(_value_at(doc.data, where[:-1])) > parent.get("minItems", 0)
        ending = ", ou retirez cette ligne." if removable else "."
    else:
        required = last in _node_at(schemas, kind, where[:-1]).get("required", ())
        ending = "." if required else ", ou retirez la ligne (la clé est facultative)."
    return ContentError(path, doc.line_of(where), key_path(where), message, what + ending)


def _expected(error: ValidationError) -> str:
    own = error.schema.get("x-attendu") if isinstance(error.schema, dict) else None
    v, arg = error.validator, error.validator_value
    if v == "type":
        return own or {"string": "un texte", "integer": "un nombre entier", "number": "un nombre",
                       "array": "une liste", "object": "un bloc de clés", "boolean": "true ou false"}.get(arg, str(arg))
    if v == "enum":
        return "une de ces valeurs : " + ", ".join(f"« {x} »" for x in arg)
    if v == "minLength":
        return f"au moins {arg} caractère(s)" if not own else own
    if v == "maxLength":  # the schema's own words when they give the limit
        return own if own and str(arg) in own else f"au plus {arg} caractères"
    if v == "minItems":
        return f"au moins {arg} élément(s)"
    if v == "maxItems":
        return f"au plus {arg} éléments"
    if v == "minimum":
        return f"un nombre supérieur ou égal à {arg}" if not own else own
    if v == "maximum":
        return f"un nombre inférieur ou égal à {arg}" if not own else own
    return own or "une autre valeur"


def _found(error: ValidationError, raw: str | None) -> str:
    inst = error.instance
    if error.validator in ("minLength", "maxLength") and isinstance(inst, str):
        return f"{len(inst)} caractères"
    if error.validator == "maxItems" and isinstance(inst, list):
        return f"{len(inst)} éléments"
    return describe(inst, raw)


# When one value breaks several rules ("" is too short and matches no pattern; a badly written date
# is neither a date nor of the date pattern), the first of these says it best; one message per value.
_VALUE_RULES = ("type", "enum", "const", "oneOf", "anyOf", "format", "pattern", "minLength", "maxLength",
                "minItems", "maxItems", "minimum", "maximum")
_EMPTY_RULES = {"type", "enum", "const", "oneOf", "anyOf", "format", "pattern", "minLength"}


def _value_error(schemas: Schemas, kind: str, doc: Document, path: str, where: tuple[Any, ...], error: ValidationError,
                 ) -> ContentError:
    value, v = error.instance, error.validator
    if _is_empty(value) and v in _EMPTY_RULES:
        return _empty_error(schemas, kind, doc, path, where, error)
    raw = doc.raw.get(where)
    node = error.schema if isinstance(error.schema, dict) else {}
    hint = ""
    if node.get("format") == "date":
        hint = _date_hint(value, where)
    elif number := _number_hint(node, value, where):
        hint = number
    elif v == "type":
        hint = _quote_hint(value, raw) if error.validator_value == "string" else ""
    elif v == "enum" and isinstance(value, str):
        guess = closest(value, [str(x) for x in error.validator_value])
        hint = f"vouliez-vous dire « {guess} » ?" if guess else ""
    elif v == "enum" and isinstance(value, bool):
        hint = _quote_hint(value, raw)
    elif v == "pattern" and isinstance(value, str) and value != value.strip():
        hint = "retirez les espaces au début et à la fin."
    elif v == "maxLength" and isinstance(value, str):
        extra = len(value) - error.validator_value
        hint = (f"raccourcissez de {extra} caractère{'s' if extra > 1 else ''} ; "
                "le détail a sa place dans le texte de la fiche, sous l'en-tête.")
    elif v == "maxItems" and isinstance(value, list):
        hint = f"gardez les {error.validator_value} plus importants."
    message = expected_found(_expected(error), value, raw).replace(describe(value, raw), _found(error, raw))
    return ContentError(path, doc.line_of(where), key_path(where), message, hint)


def check_schema(kind: str, doc: Document, path: str, schemas: Schemas = SCHEMAS) -> list[ContentError]:
    """All schema errors of one front matter: one ContentError per mistake (``kind``: the schema's name)."""
    if schemas.fast_validator(kind).is_valid(doc.data):
        return []
    out: list[ContentError] = []
    by_value: dict[tuple[Any, ...], list[ValidationError]] = {}
    pending = list(schemas.validator(kind).iter_errors(doc.data))
    while pending:
        error = pending.pop(0)
        where = tuple(error.absolute_path)
        v = error.validator
        if v == "oneOf" and isinstance(error.instance, dict):
            # brut_mensuel: {min: 2 000, max: 2500} is meant as its one block form; say what is wrong inside.
            blocks = [i for i, b in enumerate(error.validator_value) if schemas.resolve(b).get("type") == "object"]
            inside = [e for e in error.context if len(blocks) == 1 and e.relative_schema_path[0] == blocks[0]]
            if inside:
                pending += inside
                continue
        if v == "required":
            missing = error.message.split("'")[1]
            sub = error.schema.get("properties", {}).get(missing, {})
            what = sub.get("description", "")
            out.append(ContentError(
                path, doc.line_of(where), key_path(where + (missing,)),
                "clé obligatoire absente." + (f" Attendu : {what}" if what else ""),
                f"ajoutez une ligne « {missing}: ... »" + (" dans ce bloc." if where else " dans l'en-tête."),
            ))
        elif v == "additionalProperties":
            allowed = sorted(error.schema.get("properties", {}))
            for key in sorted(set(error.instance) - set(allowed)):
                guess = closest(key, allowed)
                hint = (f"vouliez-vous dire « {guess} » ? " if guess else "") + "Clés possibles : " + ", ".join(allowed) + "."
                out.append(ContentError(path, doc.line_of(where + (key,)), key_path(where + (key,)),
                                        f"clé inconnue « {key} » (elle serait ignorée).", hint))
        elif v == "uniqueItems":
            seen: set[str] = set()
            for index, item in enumerate(error.instance):
                marker = json.dumps(item, sort_keys=True, default=str)
                if marker in seen:
                    out.append(ContentError(path, doc.line_of(where + (index,)), key_path(where + (index,)),
                                            f"valeur en double dans la liste : {describe(item)}.",
                                            "retirez la ligne répétée."))
                seen.add(marker)
        else:
            by_value.setdefault(where, []).append(error)
    rank = {v: i for i, v in enumerate(_VALUE_RULES)}
    for where, errors in by_value.items():
        first = min(errors, key=lambda e: rank.get(str(e.validator), len(rank)))
        out.append(_value_error(schemas, kind, doc, path, where, first))
    return sorted(set(out), key=lambda e: (e.line, e.key, e.message))

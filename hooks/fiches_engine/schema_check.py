"""Validate front matter against the JSON Schemas and say what is wrong in French.

The schemas in ``schemas/`` are the one source of truth for keys and types: the
build, ``fiches check``, the contributor guide and the editors' tools all read
them. This module only turns jsonschema's findings into ContentErrors.
"""

from __future__ import annotations

import difflib
import json
from functools import lru_cache
from importlib import resources
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


def schema_text(name: str) -> str:
    return resources.files(__package__).joinpath("schemas", f"{name}.schema.json").read_text("utf-8")


@lru_cache(maxsize=None)
def schema(name: str) -> dict[str, Any]:
    return json.loads(schema_text(name))


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    """A schema node with its ``$ref`` (into commun.schema.json or its own file) merged in."""
    ref = node.get("$ref")
    if not ref:
        return node
    file, _, pointer = ref.partition("#")
    target: Any = schema(file.removesuffix(".schema.json")) if file else schema("commun")
    for part in pointer.strip("/").split("/"):
        target = target[part]
    return {**resolve(target), **{k: v for k, v in node.items() if k != "$ref"}}


@lru_cache(maxsize=None)
def validator(name: str) -> Draft202012Validator:
    registry = Registry().with_resources(
        (f"{n}.schema.json", Resource.from_contents(schema(n))) for n in SCHEMA_NAMES
    )
    return Draft202012Validator(schema(name), registry=registry, format_checker=FormatChecker(["date"]))


@lru_cache(maxsize=None)
def fast_validator(name: str) -> jsonschema_rs.Validator:
    """jsonschema-rs (Rust) says in about a microsecond whether a front matter is valid.

    The pure-Python jsonschema takes about a millisecond per fiche, which alone
    would keep `fiches check` under 1,000 fiches/s; it is kept for the invalid
    files only, where its error objects give us the paths and values the French
    messages need. Both follow draft 2020-12; the tests check they agree.
    """
    registry = jsonschema_rs.Registry([(f"{_BASE_URI}{n}.schema.json", schema(n)) for n in SCHEMA_NAMES])
    return jsonschema_rs.Draft202012Validator(schema(name), registry=registry, validate_formats=True,
                                              base_uri=f"{_BASE_URI}{name}.schema.json")


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
    if v == "maxLength":
        return own or f"au plus {arg} caractères"
    if v == "minItems":
        return f"au moins {arg} élément(s)"
    if v == "minimum":
        return f"un nombre supérieur ou égal à {arg}" if not own else own
    if v == "maximum":
        return f"un nombre inférieur ou égal à {arg}" if not own else own
    return own or "une autre valeur"


def _found(error: ValidationError, raw: str | None) -> str:
    inst = error.instance
    if error.validator in ("minLength", "maxLength") and isinstance(inst, str):
        return f"{len(inst)} caractères"
    return describe(inst, raw)


def check_schema(kind: str, doc: Document, path: str) -> list[ContentError]:
    """All schema errors of one front matter, one ContentError each."""
    if fast_validator(kind).is_valid(doc.data):
        return []
    out: list[ContentError] = []
    for error in validator(kind).iter_errors(doc.data):
        where = tuple(error.absolute_path)
        raw = doc.raw.get(where)
        v = error.validator
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
            hint = ""
            if v == "type":
                hint = _quote_hint(error.instance, raw) if error.validator_value == "string" else ""
                if error.instance is None:
                    hint = "la clé est là mais sans valeur : complétez-la ou retirez la ligne."
            elif v == "enum" and isinstance(error.instance, str):
                guess = closest(error.instance, [str(x) for x in error.validator_value])
                hint = f"vouliez-vous dire « {guess} » ?" if guess else ""
            elif v == "enum" and isinstance(error.instance, bool):
                hint = _quote_hint(error.instance, raw)
            elif v == "format" or (v == "pattern" and "date" in str(error.schema.get("x-attendu", ""))):
                hint = "vérifiez que ce jour existe dans ce mois (le 30 février n'existe pas) et l'ordre année-mois-jour."
            elif v == "pattern" and isinstance(error.instance, str) and error.instance != error.instance.strip():
                hint = "retirez les espaces au début et à la fin."
            out.append(ContentError(path, doc.line_of(where), key_path(where),
                                    expected_found(_expected(error), error.instance, raw).replace(
                                        describe(error.instance, raw), _found(error, raw)), hint))
    # A date that matches neither format nor pattern gives two errors for one mistake.
    return sorted(set(out), key=lambda e: (e.line, e.key, e.message))

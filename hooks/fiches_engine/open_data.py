"""The site's data for re-users: JSON and CSV files, a Frictionless data package, the schemas.

Everything is a view of the woven corpus, like the pages:
- ``donnees/metiers.json``, ``offres.json``, ``temoignages.json``: one record per fiche, in the
  shape of the fiche's front matter (the keys the contributor guide documents), plus ``slug``,
  ``url`` and ``modifiee`` (date of the last commit); each record also at a stable URL,
  ``donnees/metiers/<slug>.json`` (and so on: under donnees/, no record can take a page's address);
- ``donnees/schemas/``: the JSON Schemas of the fiches, and for each file of records a schema
  made from the fiche's schema with the three added keys (so records and pages follow one contract);
- ``donnees/metiers.csv`` and ``offres.csv``, described by ``donnees/datapackage.json`` (Frictionless
  Data Package with Table Schemas, the format of schema.data.gouv.fr).

Records and columns follow the kind's JSON Schema, key by key and in its order, so that a key added
to a schema reaches them with no other edit; what a kind's CSV leaves out, names otherwise or adds
(the computed columns, declared once in COMPUTED) is said by its declaration (kinds.Table).

CSV convention, chosen for French spreadsheets (Excel and LibreOffice in French, which is what
career counsellors open them with): semicolon separator, UTF-8 with a byte order mark (without it
Excel shows « Ã© » for « é »), decimal comma in amounts, lists joined by « | ». The data package
says all of it (dialect, encoding, decimalChar), so tools read the files exactly as well.

Text stays text in a spreadsheet: anyone can propose a fiche, and a CSV cell that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a formula when a re-user opens
the file in Excel or LibreOffice (OWASP, "CSV Injection": ``=HYPERLINK(...)`` sends the sheet away).
So ``_csv_line`` writes every text cell that would start with one of them after a single quote, as
OWASP advises; the JSON files keep the values as written. A value that already starts with quotes
followed by one of them gets one more quote too, so dropping the first quote of a cell whose text,
after its leading quotes, starts with one of them gives back every value exactly.

Licence: Licence Ouverte 2.0 (Etalab). It is the licence French public data is published under,
which the re-users we aim at (counsellors' tools, regional job boards, data.gouv.fr) know; it only
asks for attribution, and is compatible with CC BY 4.0 and ODC-BY for those who mix data.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from . import kept
from .corpus import Corpus
from .kinds import KINDS, Kind
from .model import Fiche
from .schema_check import SCHEMA_NAMES, SCHEMAS, Schemas

FOLDER = "donnees"
LICENCE = {"name": "etalab-2.0", "title": "Licence Ouverte / Open Licence version 2.0",
           "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"}
CSV_DIALECT = {"delimiter": ";", "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True, "header": True}
LIST_SEPARATOR = " | "


@dataclass(frozen=True)
class _Build:
    """What a computed value may read besides its fiche."""

    corpus: Corpus
    today: date
    site_url: str
    kind: Kind


@dataclass(frozen=True)
class Computed:
    """A value the data files add to a fiche's own keys: its JSON Schema, and how it is had."""

    schema: dict[str, Any]
    value: Callable[[Any, _Build], Any]  # None when the fiche has none


def _changed(fiche: Fiche, at: _Build) -> str | None:
    changed = at.corpus.changed.get(fiche.path)
    return changed.isoformat() if changed else None


COMPUTED = {
    "slug": Computed({"type": "string", "description": "Nom du fichier de la fiche, sans .md ; stable."},
                     lambda fiche, at: fiche.slug),
    "url": Computed({"type": "string", "format": "uri", "description": "Adresse de la page de la fiche."},
                    lambda fiche, at: at.kind.absolute_url(at.site_url, fiche.slug)),
    "ouverte": Computed({"type": "boolean", "description": "L'offre est-elle ouverte à la date des données ?"},
                        lambda offre, at: not offre.is_closed(at.today)),
    "modifiee": Computed({"type": "string", "format": "date", "description": "Date du dernier changement de la fiche."},
                         _changed),
}
LEADING = ("slug", "url")  # first in every record and row; the record's keys end with modifiee
RECORD_ADDED = (*LEADING, "modifiee")


# Records: the front matter as the schema orders it, without empty values (a list or block written
# empty), each block's keys in the schema's order too.
Shape = Any  # None: a value kept as written; a tuple of (key, Shape): a block; a list of one Shape: a list of blocks


def _shape(schemas: Schemas, node: dict[str, Any]) -> Shape:
    node = schemas.resolve(node)
    if node.get("type") == "object" and "properties" in node:
        return tuple((key, _shape(schemas, sub)) for key, sub in node["properties"].items())
    if node.get("type") == "array":
        items = schemas.resolve(node.get("items", {}))
        if items.get("type") == "object":
            return [_shape(schemas, items)]
    return None


def _shaped(shape: Shape, value: Any) -> Any:
    if shape is None:
        return value
    if isinstance(shape, list):
        return [_shaped(shape[0], item) for item in value]
    out = {}
    for key, inner in shape:
        found = value.get(key)
        if found is None:
            continue
        found = _shaped(inner, found)
        if found == [] or found == {}:
            continue
        out[key] = found
    return out


def _computed(fiches: list[Fiche], names: tuple[str, ...], at: _Build) -> dict[str, list[Any]]:
    """The computed values of each fiche: name -> one value per fiche, in the order of ``fiches``."""
    return {name: [COMPUTED[name].value(fiche, at) for fiche in fiches] for name in dict.fromkeys(names)}


def _records(fiches: list[Fiche], computed: dict[str, list[Any]], shape: Shape, get: Callable = kept.made,
             ) -> list[tuple[dict[str, Any], str]]:
    """Each fiche's record, and its JSON on one line (Python's C encoder: indenting takes its
    slower encoder, a tenth of a rebuild at 5,000 métiers; tools read both the same)."""
    def make(fiche: Fiche, added: tuple[Any, ...]) -> tuple[dict[str, Any], str]:
        record = {**dict(zip(LEADING, added)), **_shaped(shape, fiche.data)}
        if added[-1] is not None:
            record["modifiee"] = added[-1]
        return record, json.dumps(record, ensure_ascii=False)

    # the key of a fiche's record in a preview's memory: what it holds besides the fiche
    return [get(("record", fiche.path), (fiche,), lambda: make(fiche, added), added)
            for fiche, added in zip(fiches, zip(*(computed[name] for name in RECORD_ADDED)))]


def record_schema(kind_schema: str, schemas: Schemas = SCHEMAS) -> dict[str, Any]:
    """The schema of a record: the fiche's, with slug, url and modifiee."""
    s = schemas.schema(kind_schema)
    return {**s, "$id": f"{kind_schema}.donnees.schema.json", "title": s["title"] + " (donnée publiée)",
            "required": [*LEADING, *s.get("required", [])],
            "properties": {**{name: COMPUTED[name].schema for name in RECORD_ADDED}, **s["properties"]}}


# CSV: the rule that makes columns of a schema, the same for every kind.
# - a text, a choice, a number, a date or true/false: one column, named after its key;
# - a list of texts (or of métiers): one column, the values joined by « | »;
# - a block: a column for each of its keys, by the same rule, named block_key (salaire_base);
# - a number or a range (a oneOf of a number and a block, salaire.brut_mensuel): a column for each
#   key of the range, name_key (salaire_brut_mensuel_min), the number alone in each;
# - a list of blocks (sources): no column, a row has no room for it; the JSON records have it.
# The kind's declaration (kinds.Table) leaves keys out, keeps names already published, and adds
# computed columns (COMPUTED) after slug and url, which lead.

@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Table Schema's: string, integer, number, boolean, date
    description: str
    path: tuple[str, ...] = ()  # where its value is in the front matter; () for a computed column
    part: str = ""  # the key of a range (min, max), for a number or a range


def _table_type(node: dict[str, Any]) -> str:
    if node.get("format") == "date":
        return "date"
    return {"integer": "integer", "number": "number", "boolean": "boolean"}.get(node.get("type", ""), "string")


def _sentence(text: str, after_colon: bool) -> str:
    """``text`` after « Bloc : », where French goes on in lower case (not an acronym: ROME, ESCO)."""
    acronym = (text.split() or [""])[0].isupper() and len(text.split()[0]) > 1
    return text[:1].lower() + text[1:] if after_colon and not acronym else text


def _computed_column(name: str) -> Column:
    schema = COMPUTED[name].schema
    return Column(name, _table_type(schema), schema["description"])


def columns(kind: Kind, schemas: Schemas = SCHEMAS) -> list[Column]:
    """The columns of a kind's CSV file, by the rule above."""
    table = kind.table
    assert table is not None, kind.folder
    names = dict(table.names)
    out = [_computed_column(name) for name in LEADING]

    def add(properties: dict[str, Any], path: tuple[str, ...], titles: tuple[str, ...]) -> None:
        for key, raw in properties.items():
            node, where = schemas.resolve(raw), (*path, key)
            dotted = ".".join(where)
            if dotted in table.left_out:
                continue
            name = names.get(dotted, "_".join(where))
            about = " : ".join([*titles, _sentence(node.get("description", node.get("title", key)), bool(titles))])
            if "oneOf" in node:
                branches = [schemas.resolve(b) for b in node["oneOf"]]
                number = next(b for b in branches if b.get("type") in ("integer", "number"))
                block = next(b for b in branches if b.get("type") == "object")
                for part, sub in block["properties"].items():
                    out.append(Column(f"{name}_{part}", _table_type(number), f"{about} Ici : "
                                      f"{_sentence(sub.get('title', part), True)} de la fourchette, ou le nombre seul.",
                                      where, part))
            elif node.get("type") == "object":
                add(node.get("properties", {}), where, (*titles, node.get("title", key)))
            elif node.get("type") == "array":
                if schemas.resolve(node.get("items", {})).get("type") != "object":
                    out.append(Column(name, "string", f"{about} Valeurs séparées par « | ».", where))
            else:
                out.append(Column(name, _table_type(node), about, where))

    add(schemas.schema(kind.schema)["properties"], (), ())
    return out + [_computed_column(name) for name in table.computed]


def _decimal(value: float | int) -> str:
    """A number with a decimal comma, as exact as written (6500, 12,5)."""
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    return text.replace(".", ",")


# What makes a spreadsheet take a cell for a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_text(cell: str) -> str:
    """The cell as a spreadsheet reads it as text: after a single quote when it would start a
    formula (or when quotes come before what would, so that every value can be had back)."""
    return "'" + cell if cell.lstrip("'").startswith(FORMULA_START) else cell


def _cell(column: Column, value: Any) -> str:
    """A value as its column writes it: text cells through ``as_text``, lists joined, numbers with a
    decimal comma, true or false; nothing for a value the fiche does not have."""
    if value is None:
        return ""
    if column.part:
        value = value.get(column.part) if isinstance(value, dict) else value
    if isinstance(value, list):
        return as_text(LIST_SEPARATOR.join(value))
    if column.type == "string":
        return as_text(value)
    if column.type == "boolean":
        return "true" if value else "false"
    if column.type == "number":
        return _decimal(value)
    return str(value)


def _value(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _csv_line(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=CSV_DIALECT["delimiter"], lineterminator=CSV_DIALECT["lineTerminator"]).writerow(cells)
    return out.getvalue()


def _rows(fiches: list[Fiche], computed: dict[str, list[Any]], table: list[Column], get: Callable = kept.made,
          ) -> list[str]:
    """Each fiche's line of the CSV file, in the order of ``fiches``."""
    added = [i for i, c in enumerate(table) if not c.path]
    own = [(i, c) for i, c in enumerate(table) if c.path]

    def make(fiche: Fiche, values: tuple[Any, ...]) -> str:
        cells = [""] * len(table)
        for i, value in zip(added, values):
            cells[i] = _cell(table[i], value)
        for i, column in own:
            cells[i] = _cell(column, _value(fiche.data, column.path))
        return _csv_line(cells)

    # the key of a fiche's line in a preview's memory: what it holds besides the fiche
    return [get(("csv", fiche.path), (fiche,), lambda: make(fiche, values), values)
            for fiche, values in zip(fiches, zip(*(computed[table[i].name] for i in added)))]


def _table_schema(table: list[Column]) -> dict[str, Any]:
    out = []
    for column in table:
        field: dict[str, Any] = {"name": column.name, "type": column.type, "description": column.description}
        if column.type == "number":
            field["decimalChar"] = ","
        out.append(field)
    return {"fields": out, "primaryKey": ["slug"], "missingValues": [""]}


def data_files(corpus: Corpus, today: date, site_url: str, memo: kept.Kept[Any] | None = None,
               schemas: Schemas = SCHEMAS) -> tuple[dict[str, str], dict[str, str]]:
    """The data files (path -> text): the few that pages link to, and one per fiche. ``memo``: a
    preview's, kept from one rebuild to the next; ``schemas``: those the corpus was checked against."""
    get = memo.get if memo is not None else kept.made

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=False) + "\n"

    files: dict[str, str] = {}
    per_fiche: dict[str, str] = {}
    about = {"licence": LICENCE["title"], "licence_url": LICENCE["path"], "date": today.isoformat(),
             "site": site_url}
    resources = []
    for kind in KINDS:
        fiches = [fiche for _, fiche in sorted(corpus.by_folder(kind.folder).items())]
        computed = _computed(fiches, (*RECORD_ADDED, *(kind.table.computed if kind.table else ())),
                             _Build(corpus, today, site_url, kind))
        all_records = _records(fiches, computed, _shape(schemas, schemas.schema(kind.schema)), get)
        # what json.dumps of the whole would write, made of the records' JSON
        head = json.dumps({**about, "schema": f"schemas/{kind.schema}.donnees.schema.json"}, ensure_ascii=False)
        files[f"{FOLDER}/{kind.folder}.json"] = (
            f'{head[:-1]}, "{kind.folder}": [{", ".join(text for _, text in all_records)}]}}\n')
        for record, text in all_records:
            per_fiche[f"{FOLDER}/{kind.folder}/{record['slug']}.json"] = text + "\n"
        files[f"{FOLDER}/schemas/{kind.schema}.donnees.schema.json"] = dump(record_schema(kind.schema, schemas))
        if kind.table is None:
            continue
        table = columns(kind, schemas)
        files[f"{FOLDER}/{kind.folder}.csv"] = "".join(
            ["\ufeff", _csv_line([c.name for c in table]), *_rows(fiches, computed, table, get)])
        resources.append({"name": kind.folder, "path": f"{kind.folder}.csv", "title": kind.table.title,
                          "format": "csv", "mediatype": "text/csv", "encoding": "utf-8-sig",
                          "profile": "tabular-data-resource", "dialect": CSV_DIALECT, "schema": _table_schema(table)})

    for name in SCHEMA_NAMES:
        files[f"{FOLDER}/schemas/{name}.schema.json"] = schemas.text(name)
    files[f"{FOLDER}/datapackage.json"] = dump({
        "name": "fiches-metiers", "title": "Fiches métiers : métiers et offres",
        "description": ("Les fiches métiers et les offres du site, dans les fichiers qui construisent ses pages. "
                        "Une cellule de texte qui commencerait par =, +, -, @, une tabulation ou un retour chariot "
                        "est précédée d'une apostrophe, pour qu'un tableur la lise comme du texte et jamais comme "
                        "une formule : voir la page des données."),
        "homepage": site_url.rstrip("/") + f"/{FOLDER}/", "version": today.isoformat(), "created": f"{today.isoformat()}T00:00:00Z",
        "licenses": [LICENCE], "profile": "tabular-data-package", "resources": resources,
    })
    return files, per_fiche

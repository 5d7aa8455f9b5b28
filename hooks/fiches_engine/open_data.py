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
from datetime import date
from typing import Any, Callable

from .corpus import KIND_BY_FOLDER, KINDS, Corpus
from .model import Metier, Offre, Source, Temoignage
from .schema_check import SCHEMA_NAMES, schema, schema_text

FOLDER = "donnees"
LICENCE = {"name": "etalab-2.0", "title": "Licence Ouverte / Open Licence version 2.0",
           "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"}
CSV_DIALECT = {"delimiter": ";", "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True, "header": True}
LIST_SEPARATOR = " | "


def _source(s: Source) -> dict[str, Any]:
    return _clean({"titre": s.titre, "url": s.url, "auteur": s.auteur, "date": s.date})


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    """Without empty values, dates as text: the front matter's own shape."""
    out = {}
    for key, value in d.items():
        if value is None or value == () or value == [] or value == {}:
            continue
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        out[key] = value
    return out


def metier_record(m: Metier) -> dict[str, Any]:
    salaire = None
    if m.salaire:
        s = m.salaire
        salaire = _clean({"brut_mensuel": s.min if s.min == s.max else {"min": s.min, "max": s.max},
                          "base": s.base, "source": s.source, "annee": s.annee})
    formation = _clean({"niveau": m.formation.niveau, "domaines": m.formation.domaines,
                        "texte": m.formation.texte}) if m.formation else None
    return _clean({
        "titre": m.titre, "resume": m.resume, "secteurs": m.secteurs, "competences": m.competences,
        "qualites": m.qualites, "appellations": m.appellations, "formation": formation or None,
        "salaire": salaire, "employeurs": m.employeurs,
        "codes": _clean({"rome": m.codes.rome, "esco": m.codes.esco, "isco": m.codes.isco}) or None,
        "metiers_proches": m.metiers_proches, "centres_interet": m.centres_interet,
        "sources": [_source(s) for s in m.sources], "mise_a_jour": m.mise_a_jour,
    })


def temoignage_record(t: Temoignage) -> dict[str, Any]:
    p = t.personne
    return _clean({"titre": t.titre, "personne": _clean({"prenom": p.prenom, "poste": p.poste, "age": p.age,
                                                          "structure": p.structure}),
                   "metiers": t.metiers, "citation": t.citation, "date": t.date,
                   "source": _source(t.source) if t.source else None})


def offre_record(o: Offre) -> dict[str, Any]:
    r, c = o.remuneration, o.contact
    return _clean({
        "titre": o.titre, "structure": _clean({"nom": o.structure.nom, "type": o.structure.type, "url": o.structure.url}),
        "lieu": _clean({"commune": o.lieu.commune, "departement": o.lieu.departement, "region": o.lieu.region,
                        "teletravail": o.lieu.teletravail}),
        "metiers": o.metiers, "contrat": o.contrat, "date_limite": o.date_limite, "publiee": o.publiee,
        "debut": o.debut, "fin": o.fin,
        "remuneration": _clean({"montant": r.montant, "unite": r.unite, "brut": r.brut}) if r else None,
        "contact": _clean({"email": c.email, "url": c.url}) if c else None,
        "source": _source(o.source) if o.source else None,
    })


RECORDS = {"metiers": metier_record, "temoignages": temoignage_record, "offres": offre_record}
ADDED = {  # the keys a record has beyond its front matter
    "slug": {"type": "string", "description": "Nom du fichier de la fiche, sans .md ; stable."},
    "url": {"type": "string", "format": "uri", "description": "Adresse de la page de la fiche."},
    "modifiee": {"type": "string", "format": "date", "description": "Date du dernier changement de la fiche."},
}


class DataMemo:
    """What a fiche's data files held at a preview's previous build, kept for the fiches whose
    objects are the same: a preview reuses the fiche objects of the files that did not change
    (FileCache), and so skips making their records and rows again. Only the last build's fiches
    are kept. Owned by the preview's plan memo (site_pages.PlanMemo); a full build has none."""

    def __init__(self) -> None:
        self.known: dict[tuple[str, int], tuple[Any, Any, Any]] = {}
        self.seen: dict[tuple[str, int], tuple[Any, Any, Any]] = {}

    def get(self, what: str, fiche: Any, key: Any, make: Callable[[], Any]) -> Any:
        """``make()``, or what it gave for this very fiche object and the same ``key``."""
        entry = self.known.get((what, id(fiche)))
        if entry is None or entry[0] is not fiche or entry[1] != key:
            entry = (fiche, key, make())
        self.seen[(what, id(fiche))] = entry
        return entry[2]

    def end_build(self) -> None:
        self.known, self.seen = self.seen, {}


def _made(what: str, fiche: Any, key: Any, make: Callable[[], Any]) -> Any:
    """``make()``: what a build without memory does for each fiche."""
    return make()


def _records(corpus: Corpus, folder: str, site_url: str, get: Callable = _made) -> list[tuple[dict[str, Any], str]]:
    """Each fiche's record, and its JSON on one line (Python's C encoder: indenting takes its
    slower encoder, a tenth of a rebuild at 5,000 métiers; tools read both the same)."""
    def make(slug: str, fiche: Any, changed: date | None) -> tuple[dict[str, Any], str]:
        record = {"slug": slug, "url": KIND_BY_FOLDER[folder].absolute_url(site_url, slug), **RECORDS[folder](fiche)}
        if changed:
            record["modifiee"] = changed.isoformat()
        return record, json.dumps(record, ensure_ascii=False)

    out = []
    for slug in sorted(corpus.by_folder(folder)):
        fiche = corpus.by_folder(folder)[slug]
        changed = corpus.changed.get(fiche.path)
        out.append(get("record", fiche, (site_url, changed), lambda: make(slug, fiche, changed)))
    return out


def record_schema(kind_schema: str) -> dict[str, Any]:
    """The schema of a record: the fiche's, with slug, url and modifiee."""
    s = schema(kind_schema)
    return {**s, "$id": f"{kind_schema}.donnees.schema.json", "title": s["title"] + " (donnée publiée)",
            "required": ["slug", "url", *s.get("required", [])], "properties": {**ADDED, **s["properties"]}}


def _joined(values: Any) -> str:
    return LIST_SEPARATOR.join(values) if values else ""


def _decimal(value: float | int | None) -> str:
    if value is None:
        return ""
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return text.replace(".", ",")


METIER_FIELDS = [
    ("slug", "string", "Identifiant de la fiche (nom du fichier)."), ("url", "string", "Adresse de la page."),
    ("titre", "string", "Nom du métier."), ("resume", "string", "Définition en une phrase."),
    ("secteurs", "string", "Secteurs, séparés par « | »."), ("competences", "string", "Compétences, séparées par « | »."),
    ("qualites", "string", "Qualités, séparées par « | »."), ("niveau_formation", "string", "Niveau d'études habituel."),
    ("salaire_brut_mensuel_min", "integer", "Salaire brut mensuel, en euros (minimum, ou le chiffre seul)."),
    ("salaire_brut_mensuel_max", "integer", "Salaire brut mensuel, en euros (maximum, ou le chiffre seul)."),
    ("salaire_base", "string", "Ce que représente le salaire (moyenne, médiane…)."),
    ("salaire_annee", "integer", "Année du chiffre de salaire."), ("salaire_source", "string", "Source du salaire."),
    ("codes_rome", "string", "Codes ROME, séparés par « | »."), ("code_isco", "string", "Code ISCO-08."),
    ("code_esco", "string", "Identifiant ESCO."), ("modifiee", "date", "Date du dernier changement de la fiche."),
]
OFFRE_FIELDS = [
    ("slug", "string", "Identifiant de l'offre (nom du fichier)."), ("url", "string", "Adresse de la page."),
    ("titre", "string", "Intitulé."), ("structure", "string", "Qui recrute."), ("structure_type", "string", "Type de structure."),
    ("commune", "string", "Commune."), ("departement", "string", "Numéro du département."), ("region", "string", "Région."),
    ("teletravail", "string", "non, partiel ou total."), ("metiers", "string", "Métiers (slugs), séparés par « | »."),
    ("contrat", "string", "Type de contrat."), ("publiee", "date", "Date de publication."),
    ("date_limite", "date", "Dernier jour pour candidater."), ("debut", "date", "Début."), ("fin", "date", "Fin."),
    ("remuneration_montant", "number", "Montant en euros (virgule décimale)."),
    ("remuneration_unite", "string", "heure, jour, mois, an ou forfait."),
    ("remuneration_brut", "boolean", "Montant brut (true) ou net (false)."),
    ("ouverte", "boolean", "L'offre est-elle ouverte à la date des données ?"),
    ("modifiee", "date", "Date du dernier changement de la fiche."),
]


def _metier_row(m: Metier, corpus: Corpus, site_url: str) -> list[str]:
    s = m.salaire
    return [m.slug, KIND_BY_FOLDER["metiers"].absolute_url(site_url, m.slug), m.titre, m.resume, _joined(m.secteurs),
            _joined(m.competences), _joined(m.qualites), (m.formation.niveau or "") if m.formation else "",
            str(s.min) if s else "", str(s.max) if s else "", (s.base or "") if s else "",
            str(s.annee) if s and s.annee else "", (s.source or "") if s else "", _joined(m.codes.rome),
            m.codes.isco or "", m.codes.esco or "", _changed(corpus, m.path)]


def _offre_row(o: Offre, corpus: Corpus, site_url: str, today: date) -> list[str]:
    r = o.remuneration
    return [o.slug, KIND_BY_FOLDER["offres"].absolute_url(site_url, o.slug), o.titre, o.structure.nom, o.structure.type or "",
            o.lieu.commune, o.lieu.departement or "", o.lieu.region or "", o.lieu.teletravail or "",
            _joined(o.metiers), o.contrat, o.publiee.isoformat(), o.date_limite.isoformat(),
            o.debut.isoformat() if o.debut else "", o.fin.isoformat() if o.fin else "",
            _decimal(r.montant) if r else "", (r.unite or "") if r else "",
            "" if not r or r.brut is None else ("true" if r.brut else "false"),
            "false" if o.is_closed(today) else "true", _changed(corpus, o.path)]


def _changed(corpus: Corpus, path: str) -> str:
    return corpus.changed[path].isoformat() if path in corpus.changed else ""


# What makes a spreadsheet take a cell for a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_text(cell: str) -> str:
    """The cell as a spreadsheet reads it as text: after a single quote when it would start a
    formula (or when quotes come before what would, so that every value can be had back)."""
    return "'" + cell if cell.lstrip("'").startswith(FORMULA_START) else cell


def _csv_line(row: list[str], fields: list[tuple[str, str, str]]) -> str:
    """One line of a CSV file; the cells of text columns (``string`` in the table schema, lists
    included) through ``as_text``. Numbers, dates and booleans are written by the engine itself."""
    cells = [as_text(cell) if kind == "string" else cell for cell, (_, kind, _) in zip(row, fields, strict=True)]
    out = io.StringIO()
    csv.writer(out, delimiter=CSV_DIALECT["delimiter"], lineterminator=CSV_DIALECT["lineTerminator"]).writerow(cells)
    return out.getvalue()


def _csv(fields: list[tuple[str, str, str]], lines: list[str]) -> str:
    header = [(name, "string", "") for name, _, _ in fields]
    return "".join(["\ufeff", _csv_line([name for name, _, _ in fields], header), *lines])


def _table_schema(fields: list[tuple[str, str, str]]) -> dict[str, Any]:
    out = []
    for name, kind, description in fields:
        field: dict[str, Any] = {"name": name, "type": kind, "description": description}
        if kind == "number":
            field["decimalChar"] = ","
        out.append(field)
    return {"fields": out, "primaryKey": ["slug"], "missingValues": [""]}


def data_files(corpus: Corpus, today: date, site_url: str, memo: DataMemo | None = None,
               ) -> tuple[dict[str, str], dict[str, str]]:
    """The data files (path -> text): the few that pages link to, and one per fiche. ``memo``: a
    preview's, kept from one rebuild to the next."""
    get = memo.get if memo is not None else _made

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=False) + "\n"

    files: dict[str, str] = {}
    per_fiche: dict[str, str] = {}
    about = {"licence": LICENCE["title"], "licence_url": LICENCE["path"], "date": today.isoformat(),
             "site": site_url}
    for kind in KINDS:
        all_records = _records(corpus, kind.folder, site_url, get)
        # what json.dumps of the whole would write, made of the records' JSON
        head = json.dumps({**about, "schema": f"schemas/{kind.schema}.donnees.schema.json"}, ensure_ascii=False)
        files[f"{FOLDER}/{kind.folder}.json"] = (
            f'{head[:-1]}, "{kind.folder}": [{", ".join(text for _, text in all_records)}]}}\n')
        for record, text in all_records:
            per_fiche[f"{FOLDER}/{kind.folder}/{record['slug']}.json"] = text + "\n"
        files[f"{FOLDER}/schemas/{kind.schema}.donnees.schema.json"] = dump(record_schema(kind.schema))

    for name in SCHEMA_NAMES:
        files[f"{FOLDER}/schemas/{name}.schema.json"] = schema_text(name)
    files[f"{FOLDER}/metiers.csv"] = _csv(METIER_FIELDS, [
        get("csv", m, (site_url, corpus.changed.get(m.path)),
            lambda m=m: _csv_line(_metier_row(m, corpus, site_url), METIER_FIELDS))
        for _, m in sorted(corpus.metiers.items())])
    files[f"{FOLDER}/offres.csv"] = _csv(OFFRE_FIELDS, [
        get("csv", o, (site_url, corpus.changed.get(o.path), o.is_closed(today)),
            lambda o=o: _csv_line(_offre_row(o, corpus, site_url, today), OFFRE_FIELDS))
        for _, o in sorted(corpus.offres.items())])
    resources = []
    for name, fields, title in (("metiers", METIER_FIELDS, "Fiches métiers"), ("offres", OFFRE_FIELDS, "Offres")):
        resources.append({"name": name, "path": f"{name}.csv", "title": title, "format": "csv",
                          "mediatype": "text/csv", "encoding": "utf-8-sig", "profile": "tabular-data-resource",
                          "dialect": CSV_DIALECT, "schema": _table_schema(fields)})
    files[f"{FOLDER}/datapackage.json"] = dump({
        "name": "fiches-metiers", "title": "Fiches métiers : métiers et offres",
        "description": ("Les fiches métiers et les offres du site, dans les fichiers qui construisent ses pages. "
                        "Une cellule de texte qui commencerait par =, +, -, @, une tabulation ou un retour chariot "
                        "est précédée d'une apostrophe, pour qu'un tableur la lise comme du texte et jamais comme "
                        "une formule : voir la page des données."),
        "homepage": site_url.rstrip("/") + f"/{FOLDER}/", "version": today.isoformat(), "created": f"{today.isoformat()}T00:00:00Z",
        "licenses": [LICENCE], "profile": "tabular-data-package", "resources": resources,
    })
    if memo is not None:
        memo.end_build()
    return files, per_fiche

"""Every rule between two fields of a fiche, in one place.

JSON Schema checks each value alone (type, format, length, bounds); the rules here relate two
values of the same fiche: dates in order, a range's minimum below its maximum, an amount plausible
for its unit, a source for a figure. They run on fiches whose front matter passed the schema, so
their values have the right types. Each rule has a code: tests/cases/<kind>/<code>.md is the fiche
that breaks it and .txt the message; the contributor guide lists them from RULES.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from .errors import ContentError, key_path
from .french import format_euros
from .yamlsafe import Document

Where = tuple[Any, ...]
# (where the error is shown, message, hint)
Finding = tuple[Where, str, str]


@dataclass(frozen=True)
class Rule:
    code: str  # the name of its test case, tests/cases/<folder>/<code>.md
    folders: tuple[str, ...]  # kinds it applies to
    text: str  # the rule in French, for the guide
    check: Callable[[dict[str, Any]], Iterator[Finding]]


def _date_order(first: Where, second: Where, first_name: str) -> Callable[[dict], Iterator[Finding]]:
    """``second`` on or after ``first`` when both are given (ISO dates compare as text)."""
    def check(d: dict[str, Any]) -> Iterator[Finding]:
        a, b = _get(d, first), _get(d, second)
        if isinstance(a, str) and isinstance(b, str) and b < a:
            yield (second, f"attendu une date au plus tôt le {a} ({first_name}), trouvé le {b}.",
                   "vérifiez l'année et l'ordre année-mois-jour des deux dates.")
    return check


def _get(d: Any, where: Where) -> Any:
    for part in where:
        if isinstance(d, dict):
            d = d.get(part)
        elif isinstance(d, list) and isinstance(part, int) and part < len(d):
            d = d[part]
        else:
            return None
    return d


def _salary_range(d: dict[str, Any]) -> Iterator[Finding]:
    brut = _get(d, ("salaire", "brut_mensuel"))
    if isinstance(brut, dict) and brut["min"] > brut["max"]:
        yield (("salaire", "brut_mensuel", "max"),
               f"attendu un maximum supérieur ou égal au minimum ({brut['min']}), trouvé le nombre {brut['max']}.",
               "inversez min et max ?")


def _salary_base(d: dict[str, Any]) -> Iterator[Finding]:
    brut, base = _get(d, ("salaire", "brut_mensuel")), _get(d, ("salaire", "base"))
    if base == "fourchette" and not isinstance(brut, dict):
        yield (("salaire", "base"), f"« fourchette » annonce un minimum et un maximum, trouvé un seul montant ({brut}).",
               "écrivez brut_mensuel: {min: …, max: …}, ou choisissez une autre base (moyenne, médiane, débutant).")
    elif isinstance(brut, dict) and base not in (None, "fourchette"):
        yield (("salaire", "base"), f"attendu « fourchette » pour un minimum et un maximum, trouvé « {base} ».",
               "écrivez base: fourchette, ou un seul montant si c'est une moyenne, une médiane ou un salaire de début.")


def _salary_source(d: dict[str, Any]) -> Iterator[Finding]:
    salaire = d.get("salaire")
    if not isinstance(salaire, dict):
        return
    if "source" not in salaire and not d.get("sources"):
        yield (("salaire",), "un salaire sans source : d'où vient le chiffre ?",
               "ajoutez source: (le nom de l'étude ou du site) dans le bloc salaire, ou la liste sources de la fiche.")
    if "annee" not in salaire:
        yield (("salaire",), "un salaire sans année : un chiffre vieillit, le lecteur doit savoir de quand il date.",
               "ajoutez annee: (l'année du chiffre, ex. 2024) dans le bloc salaire.")


def _year_of(d: dict[str, Any], where: Where) -> int | None:
    value = _get(d, where)
    return int(value[:4]) if isinstance(value, str) else None


def _salary_year(d: dict[str, Any]) -> Iterator[Finding]:
    annee, revised = _get(d, ("salaire", "annee")), _year_of(d, ("mise_a_jour",))
    if isinstance(annee, int) and revised is not None and annee > revised:
        yield (("salaire", "annee"), f"attendu une année au plus tard {revised} (mise_a_jour), trouvé {annee}.",
               "un chiffre ne peut pas être plus récent que la relecture de la fiche : vérifiez les deux.")


def _sources_before_review(d: dict[str, Any]) -> Iterator[Finding]:
    revised = d.get("mise_a_jour")
    for i, source in enumerate(d.get("sources") or ()):
        day = source.get("date") if isinstance(source, dict) else None
        if isinstance(revised, str) and isinstance(day, str) and day > revised:
            yield (("sources", i, "date"), f"attendu une date au plus tard le {revised} (mise_a_jour), trouvé le {day}.",
                   "une source citée a été lue avant la relecture de la fiche : vérifiez les deux dates.")


# Plausible amounts for each unit of an offer's pay, in euros: wide enough for any real offer
# (an hourly rate of a student job to a yearly executive salary), narrow enough to catch a unit
# mix-up (2350 « heure ») or a slip of the keyboard (235000 « mois »).
PAY_BOUNDS = {"heure": (5, 500), "jour": (20, 5_000), "mois": (100, 30_000), "an": (1_000, 500_000),
              "forfait": (1, 1_000_000)}


def _pay_bounds(d: dict[str, Any]) -> Iterator[Finding]:
    montant, unite = _get(d, ("remuneration", "montant")), _get(d, ("remuneration", "unite"))
    if not isinstance(montant, (int, float)) or isinstance(montant, bool) or unite not in PAY_BOUNDS:
        return
    low, high = PAY_BOUNDS[unite]
    if not low <= montant <= high:
        shown = f"{montant:g}"
        yield (("remuneration", "montant"),
               f"attendu un montant entre {format_euros(low)} et {format_euros(high)} par {unite}, trouvé {shown}.",
               "vérifiez le montant et l'unité (heure, jour, mois, an ou forfait) : l'un des deux est sans doute faux.")


RULES: tuple[Rule, ...] = (
    Rule("salaire-fourchette-inversee", ("metiers",),
         "Dans une fourchette de salaire, `min` est inférieur ou égal à `max`.", _salary_range),
    Rule("salaire-fourchette-sans-fourchette", ("metiers",),
         "`base: fourchette` va avec `brut_mensuel: {min: …, max: …}`, et une fourchette avec `base: fourchette`.",
         _salary_base),
    Rule("salaire-sans-source", ("metiers",),
         "Un salaire dit d'où il vient (`source` dans le bloc, ou la liste `sources` de la fiche) et de quelle "
         "année (`annee`).", _salary_source),
    Rule("salaire-plus-recent-que-la-fiche", ("metiers",),
         "L'année du salaire ne dépasse pas l'année de `mise_a_jour`.", _salary_year),
    Rule("source-apres-mise-a-jour", ("metiers",),
         "La date de chaque source ne dépasse pas `mise_a_jour`.", _sources_before_review),
    Rule("fin-avant-debut", ("offres",), "La `fin` d'une offre ne précède pas son `debut`.",
         _date_order(("debut",), ("fin",), "début")),
    Rule("date-limite-avant-publication", ("offres",), "La `date_limite` ne précède pas la date de publication "
         "(`publiee`).", _date_order(("publiee",), ("date_limite",), "publiee")),
    Rule("fin-avant-date-limite", ("offres",), "La `fin` ne précède pas la `date_limite` : on ne candidate pas "
         "à une mission déjà finie.", _date_order(("date_limite",), ("fin",), "date limite")),
    Rule("remuneration-hors-bornes", ("offres",),
         "Le `montant` de la rémunération est plausible pour son `unite` : "
         + ", ".join(f"{format_euros(low)} à {format_euros(high)} par {unit}" for unit, (low, high) in PAY_BOUNDS.items())
         + ".", _pay_bounds),
    Rule("temoignage-avant-sa-source", ("temoignages",),
         "La `date` du témoignage ne suit pas la date de sa publication (`source.date`).",
         _date_order(("date",), ("source", "date"), "date du témoignage")),
)


def check_rules(folder: str, doc: Document, path: str) -> list[ContentError]:
    """Every rule of this kind of fiche, on a front matter that passed its schema."""
    errors = []
    for rule in RULES:
        if folder in rule.folders:
            for where, message, hint in rule.check(doc.data):
                errors.append(ContentError(path, doc.line_of(where), key_path(where), message, hint))
    return errors

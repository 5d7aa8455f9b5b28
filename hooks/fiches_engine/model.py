"""The content model: typed, validated fiches, free of any site-generator notion.

Objects are built only from front matter that passed the schema, so the
constructors here can trust types and required keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Mapping


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _tuple(values: list[str] | None) -> tuple[str, ...]:
    return tuple(values or ())


@dataclass(frozen=True)
class Source:
    titre: str
    url: str | None = None
    date: date | None = None
    auteur: str | None = None

    @classmethod
    def from_data(cls, d: dict[str, Any]) -> Source:
        return cls(d["titre"], d.get("url"), _date(d.get("date")), d.get("auteur"))


@dataclass(frozen=True)
class Salaire:
    min: int
    max: int
    base: str | None = None
    source: str | None = None
    annee: int | None = None

    @classmethod
    def from_data(cls, d: dict[str, Any]) -> Salaire:
        brut = d["brut_mensuel"]
        low, high = (brut, brut) if isinstance(brut, int) else (brut["min"], brut["max"])
        return cls(low, high, d.get("base"), d.get("source"), d.get("annee"))


@dataclass(frozen=True)
class Formation:
    niveau: str | None = None
    domaines: tuple[str, ...] = ()
    texte: str | None = None


@dataclass(frozen=True)
class Codes:
    rome: tuple[str, ...] = ()
    esco: str | None = None
    isco: str | None = None


@dataclass(frozen=True)
class Fiche:
    """What every kind has: where it comes from, its slug, title and body."""

    slug: str
    path: str  # source file, relative to the project root (fiches/metiers/x.md)
    titre: str
    body: str
    body_line: int
    # The front matter as written and checked against the schema: what the outputs that follow the
    # schema key by key read (open_data's records and CSV), so that a key added to a schema reaches
    # them without a field here. Not compared: the typed fields below say what a fiche is.
    data: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_data(cls, base: dict[str, Any], d: dict[str, Any]) -> Fiche:
        """A fiche of this kind: ``base`` (slug, path, titre, body, data) and its checked front matter."""
        raise NotImplementedError


@dataclass(frozen=True)
class Metier(Fiche):
    resume: str = ""
    secteurs: tuple[str, ...] = ()
    competences: tuple[str, ...] = ()
    qualites: tuple[str, ...] = ()
    appellations: tuple[str, ...] = ()
    formation: Formation | None = None
    salaire: Salaire | None = None
    employeurs: tuple[str, ...] = ()
    conditions: str | None = None
    codes: Codes = field(default_factory=Codes)
    metiers_proches: tuple[str, ...] = ()
    centres_interet: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    mise_a_jour: date | None = None

    @classmethod
    def from_data(cls, base: dict[str, Any], d: dict[str, Any]) -> Metier:
        f, s, c = d.get("formation"), d.get("salaire"), d.get("codes") or {}
        return cls(
            **base,
            resume=d["resume"],
            secteurs=_tuple(d["secteurs"]),
            competences=_tuple(d["competences"]),
            qualites=_tuple(d["qualites"]),
            appellations=_tuple(d.get("appellations")),
            formation=Formation(f.get("niveau"), _tuple(f.get("domaines")), f.get("texte")) if f else None,
            salaire=Salaire.from_data(s) if s else None,
            employeurs=_tuple(d.get("employeurs")),
            conditions=d.get("conditions"),
            codes=Codes(_tuple(c.get("rome")), c.get("esco"), c.get("isco")),
            metiers_proches=_tuple(d.get("metiers_proches")),
            centres_interet=_tuple(d.get("centres_interet")),
            sources=tuple(Source.from_data(x) for x in d.get("sources") or ()),
            mise_a_jour=_date(d.get("mise_a_jour")),
        )


@dataclass(frozen=True)
class Personne:
    prenom: str
    poste: str
    age: int | None = None
    structure: str | None = None


@dataclass(frozen=True)
class Temoignage(Fiche):
    personne: Personne = Personne("", "")
    metiers: tuple[str, ...] = ()
    citation: str | None = None
    date: date | None = None
    source: Source | None = None

    @classmethod
    def from_data(cls, base: dict[str, Any], d: dict[str, Any]) -> Temoignage:
        p = d["personne"]
        return cls(
            **base,
            personne=Personne(p["prenom"], p["poste"], p.get("age"), p.get("structure")),
            metiers=_tuple(d["metiers"]),
            citation=d.get("citation"),
            date=_date(d.get("date")),
            source=Source.from_data(d["source"]) if d.get("source") else None,
        )


@dataclass(frozen=True)
class Structure:
    nom: str
    type: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Lieu:
    commune: str
    departement: str | None = None
    region: str | None = None
    teletravail: str | None = None


@dataclass(frozen=True)
class Remuneration:
    montant: float | None = None
    unite: str | None = None
    brut: bool | None = None


@dataclass(frozen=True)
class Contact:
    email: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Offre(Fiche):
    structure: Structure = Structure("")
    lieu: Lieu = Lieu("")
    metiers: tuple[str, ...] = ()
    contrat: str = ""
    date_limite: date = date.min
    publiee: date = date.min  # required by the schema: search engines need it
    debut: date | None = None
    fin: date | None = None
    remuneration: Remuneration | None = None
    contact: Contact | None = None
    source: Source | None = None

    def is_closed(self, today: date) -> bool:
        """Closed from the day after ``date_limite``: the deadline day itself is still open."""
        return today > self.date_limite

    @classmethod
    def from_data(cls, base: dict[str, Any], d: dict[str, Any]) -> Offre:
        s, lieu, r, c = d["structure"], d["lieu"], d.get("remuneration"), d.get("contact")
        return cls(
            **base,
            structure=Structure(s["nom"], s.get("type"), s.get("url")),
            lieu=Lieu(lieu["commune"], lieu.get("departement"), lieu.get("region"), lieu.get("teletravail")),
            metiers=_tuple(d["metiers"]),
            contrat=d["contrat"],
            date_limite=_date(d["date_limite"]) or date.min,
            publiee=_date(d["publiee"]) or date.min,
            debut=_date(d.get("debut")),
            fin=_date(d.get("fin")),
            remuneration=Remuneration(r.get("montant"), r.get("unite"), r.get("brut")) if r else None,
            contact=Contact(c.get("email"), c.get("url")) if c else None,
            source=Source.from_data(d["source"]) if d.get("source") else None,
        )

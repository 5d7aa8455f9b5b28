"""What the page templates show, ready to print: French wording, French numbers
and dates, URLs, and every piece of content text HTML-escaped.

Escaping happens here, once, and not in the templates: mkdocs-material's Jinja
environment does not autoescape, so a template that forgot ``|e`` would let a
``<script>`` from a front matter through. Every string from a fiche becomes a
``Markup`` here; templates print it as is, and ``|e`` on it is harmless.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from markupsafe import Markup, escape

from .corpus import KIND_BY_FOLDER, Corpus
from .french import format_date, format_euro_range, format_euros, format_month, inclusive_forms
from .model import Metier, Offre, Source, Temoignage

NIVEAUX = {"sans diplôme": "Sans diplôme", "cap": "CAP", "bac": "Bac", "bac+2": "Bac +2",
           "bac+3": "Bac +3", "bac+5": "Bac +5", "bac+8": "Bac +8"}
BASES = {"moyenne": "salaire moyen", "médiane": "salaire médian", "débutant": "en début de carrière",
         "fourchette": "fourchette"}
CONTRATS = {"cdi": "CDI", "cdd": "CDD", "prestation": "Prestation", "stage": "Stage",
            "alternance": "Alternance", "service civique": "Service civique", "benevolat": "Bénévolat"}
UNITES = {"heure": "de l'heure", "jour": "par jour", "mois": "par mois", "an": "par an", "forfait": "forfait"}
TELETRAVAIL = {"non": "pas de télétravail", "partiel": "télétravail partiel", "total": "télétravail complet"}

METIERS, TEMOIGNAGES, OFFRES = (KIND_BY_FOLDER[k] for k in ("metiers", "temoignages", "offres"))


def e(value: Any) -> Markup | None:
    return None if value is None else escape(value)


def _list(values: tuple[str, ...]) -> list[Markup]:
    return [escape(v) for v in values]


def _date(d: date | None) -> dict[str, Markup] | None:
    return {"iso": Markup(d.isoformat()), "texte": escape(format_date(d))} if d else None


def _source(s: Source | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {"titre": e(s.titre), "url": e(s.url), "auteur": e(s.auteur), "date": _date(s.date)}


def metier_link(corpus: Corpus, slug: str) -> dict[str, Any]:
    m = corpus.metiers[slug]
    return {"titre": e(m.titre), "url": METIERS.url(slug), "resume": e(m.resume)}


def metier_card(m: Metier) -> dict[str, Any]:
    """What a métier shows in a list: enough to choose, little enough for thousands."""
    return {
        "titre": e(m.titre), "url": METIERS.url(m.slug), "resume": e(m.resume),
        "secteurs": _list(m.secteurs),
        "niveau": e(NIVEAUX.get(m.formation.niveau)) if m.formation and m.formation.niveau else None,
        "salaire": e(format_euro_range(m.salaire.min, m.salaire.max)) if m.salaire else None,
    }


def metier_view(m: Metier, corpus: Corpus, today: date) -> dict[str, Any]:
    salaire = None
    if m.salaire:
        s = m.salaire
        detail = [BASES.get(s.base, "")] if s.base else []
        if s.source:
            detail.append(f"source : {s.source}")
        if s.annee:
            detail.append(str(s.annee))
        salaire = {"montant": e(format_euro_range(s.min, s.max)), "detail": e(", ".join(detail))}
    formation = None
    if m.formation:
        f = m.formation
        formation = {"niveau": e(NIVEAUX.get(f.niveau)) if f.niveau else None,
                     "domaines": _list(f.domaines), "texte": e(f.texte)}
    offres = corpus.offres_by_metier.get(m.slug, [])
    open_offres = [offre_card(o, today) for o in offres if not o.is_closed(today)]
    return {
        **metier_card(m),
        "appellations": _list(m.appellations),
        "competences": _list(m.competences),
        "qualites": _list(m.qualites),
        "employeurs": _list(m.employeurs),
        "centres_interet": _list(m.centres_interet),
        "formation": formation,
        "salaire": salaire,
        "codes": {"rome": _list(m.codes.rome), "esco": e(m.codes.esco), "isco": e(m.codes.isco)},
        "proches": [metier_link(corpus, slug) for slug in m.metiers_proches],
        "temoignages": [temoignage_card(t) for t in corpus.temoignages_by_metier.get(m.slug, [])],
        "offres_ouvertes": open_offres,
        "offres_closes": len(offres) - len(open_offres),
        "sources": [_source(s) for s in m.sources],
        "mise_a_jour": _date(m.mise_a_jour),
    }


def _personne(t: Temoignage) -> dict[str, Any]:
    p = t.personne
    return {"prenom": e(p.prenom), "poste": e(p.poste), "age": p.age, "structure": e(p.structure)}


def temoignage_card(t: Temoignage) -> dict[str, Any]:
    return {"titre": e(t.titre), "url": TEMOIGNAGES.url(t.slug), "citation": e(t.citation),
            "personne": _personne(t), "date": _date(t.date)}


def temoignage_view(t: Temoignage, corpus: Corpus) -> dict[str, Any]:
    return {**temoignage_card(t), "metiers": [metier_link(corpus, s) for s in t.metiers],
            "source": _source(t.source)}


def offre_card(o: Offre, today: date) -> dict[str, Any]:
    lieu = o.lieu.commune + (f" ({o.lieu.departement})" if o.lieu.departement else "")
    return {"titre": e(o.titre), "url": OFFRES.url(o.slug), "structure": e(o.structure.nom),
            "lieu": e(lieu), "contrat": e(CONTRATS[o.contrat]), "date_limite": _date(o.date_limite),
            "cloturee": o.is_closed(today)}


def offre_view(o: Offre, corpus: Corpus, today: date) -> dict[str, Any]:
    r = o.remuneration
    remuneration = None
    if r and r.montant is not None:
        words = [UNITES[r.unite]] if r.unite else []
        if r.brut is not None:
            words.append("brut" if r.brut else "net")
        remuneration = {"montant": e(format_euros(r.montant)), "detail": e(" ".join(words))}
    periode = None
    if o.debut and o.fin:
        periode = e(f"du {format_date(o.debut)} au {format_date(o.fin)}")
    elif o.debut:
        periode = e(f"à partir du {format_date(o.debut)}")
    return {
        **offre_card(o, today),
        "structure_type": e(o.structure.type), "structure_url": e(o.structure.url),
        "commune": e(o.lieu.commune), "departement": e(o.lieu.departement), "region": e(o.lieu.region),
        "teletravail": e(TELETRAVAIL.get(o.lieu.teletravail)) if o.lieu.teletravail else None,
        "publiee": _date(o.publiee), "debut": _date(o.debut), "fin": _date(o.fin), "periode": periode,
        "mois": e(f"{format_month(o.debut)} à {format_month(o.fin)}") if o.debut and o.fin else None,
        "remuneration": remuneration,
        "contact": {"email": e(o.contact.email), "url": e(o.contact.url)} if o.contact else None,
        "metiers": [metier_link(corpus, s) for s in o.metiers],
        "source": _source(o.source),
    }


def index_view(folder: str, corpus: Corpus, today: date) -> dict[str, Any]:
    """The list shown on /metiers/, /temoignages/ or /offres/."""
    if folder == "metiers":
        cards = sorted((metier_card(m) for m in corpus.metiers.values()), key=lambda c: str(c["titre"]).lower())
        return {"metiers": cards}
    if folder == "temoignages":
        items = sorted(corpus.temoignages.values(), key=lambda t: (t.date or date.min, t.slug), reverse=True)
        return {"temoignages": [temoignage_card(t) | {"metiers": [metier_link(corpus, s) for s in t.metiers]}
                                for t in items]}
    offres = sorted(corpus.offres.values(), key=lambda o: (o.date_limite, o.slug))
    return {"ouvertes": [offre_card(o, today) for o in offres if not o.is_closed(today)],
            "closes": [offre_card(o, today) for o in reversed(offres) if o.is_closed(today)]}


def search_terms(fiche: Metier | Temoignage | Offre) -> Markup:
    """Words a reader may search for that the page body does not hold.

    mkdocs-material's search indexes only the page body, not what our templates
    show around it; and nobody types "chargé·e": we add both gendered forms.
    The result is a hidden paragraph, read by the search index, not shown.
    """
    words = [*inclusive_forms(fiche.titre)]
    if isinstance(fiche, Metier):
        for name in fiche.appellations:
            words += [name, *inclusive_forms(name)]
        words += [*fiche.secteurs, *fiche.competences, *fiche.qualites, *fiche.employeurs]
    elif isinstance(fiche, Temoignage):
        p = fiche.personne
        words += [p.prenom, p.poste, *inclusive_forms(p.poste), p.structure or ""]
    else:
        words += [fiche.structure.nom, fiche.lieu.commune, fiche.lieu.region or ""]
    words = [w for w in words if w]
    if not words:
        return Markup("")
    return Markup('<p class="fiche-termes" hidden>{}</p>').format(" · ".join(words))

"""What the page templates show, ready to print: French wording, French numbers
and dates, URLs, and every piece of content text HTML-escaped.

Escaping happens here, once, and not in the templates: mkdocs-material's Jinja
environment does not autoescape, so a template that forgot ``|e`` would let a
``<script>`` from a front matter through. Every string from a fiche becomes a
``Markup`` here; templates print it as is, and ``|e`` on it is harmless.
"""

from __future__ import annotations

import functools
import zlib
from datetime import date
from typing import Any, Sequence

from markupsafe import Markup, escape

from . import salary_scale
from .corpus import Corpus
from .kinds import METIERS, OFFRES, TEMOIGNAGES
from .relations import Related
from .slugs import slugify
from .taxonomy import NIVEAU_LABELS, TAXONOMY_BY_FOLDER, Taxonomy, Term
from .french import alphabetical, format_date, initial, format_euro_range, format_euros, format_month, inclusive_forms
from .model import Metier, Offre, Salaire, Source, Temoignage

NIVEAUX = NIVEAU_LABELS
BASES = {"moyenne": "salaire moyen", "médiane": "salaire médian", "débutant": "en début de carrière",
         "fourchette": "fourchette"}
CONTRATS = {"cdi": "CDI", "cdd": "CDD", "prestation": "Prestation", "stage": "Stage",
            "alternance": "Alternance", "service civique": "Service civique", "benevolat": "Bénévolat"}
UNITES = {"heure": "de l'heure", "jour": "par jour", "mois": "par mois", "an": "par an", "forfait": "forfait"}
TELETRAVAIL = {"non": "pas de télétravail", "partiel": "télétravail partiel", "total": "télétravail complet"}


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
        salaire = {"montant": e(format_euro_range(s.min, s.max)), "detail": e(_salary_detail(s)),
                   "echelle": salary_scale.scale(s, today.year)}
    formation = None
    if m.formation:
        f = m.formation
        formation = {"niveau": e(NIVEAUX.get(f.niveau)) if f.niveau else None,
                     "domaines": _list(f.domaines), "texte": e(f.texte)}
    links = {folder: _term_links(corpus, folder, values) for folder, values in
             (("competences", m.competences), ("qualites", m.qualites), ("secteurs", m.secteurs),
              ("centres-interet", m.centres_interet))}
    if formation and m.formation and m.formation.niveau:
        formation["lien"] = _term_links(corpus, "formations", (m.formation.niveau,))[0]
    offres = corpus.offres_by_metier.get(m.slug, [])
    open_offres = [offre_card(o, today) for o in offres if not o.is_closed(today)]
    return {
        **metier_card(m),
        "slug": m.slug,
        "appellations": _list(m.appellations),
        "competences": links["competences"],
        "qualites": links["qualites"],
        "secteurs_liens": links["secteurs"],
        "employeurs": _list(m.employeurs),
        "centres_interet": links["centres-interet"],
        "formation": formation,
        "salaire": salaire,
        "codes": {"rome": _list(m.codes.rome), "esco": e(m.codes.esco), "isco": e(m.codes.isco)},
        "proches": [metier_link(corpus, r.slug) | {"raison": e(reason(m.slug, r, corpus)), "choisi": r.curated}
                    for r in corpus.related.get(m.slug, [])],
        "temoignages": [temoignage_card(t) for t in corpus.temoignages_by_metier.get(m.slug, [])],
        "offres_ouvertes": open_offres,
        "offres_closes": len(offres) - len(open_offres),
        # closed offers, the latest deadline first, each linking to its archived page
        "offres_passees": [offre_card(o, today) for o in sorted(offres, key=lambda o: (o.date_limite, o.slug),
                                                                    reverse=True) if o.is_closed(today)],
        "sources": [_source(s) for s in m.sources],
        "mise_a_jour": _date(m.mise_a_jour),
        "modifiee": _date(corpus.changed.get(m.path)),
    }


def _salary_detail(s: Salaire) -> str:
    """What a salary figure is, where it comes from and of which year: « salaire moyen, source : …, 2022 »."""
    return ", ".join([*([BASES.get(s.base, "")] if s.base else []), *([f"source : {s.source}"] if s.source else []),
                      *([str(s.annee)] if s.annee else [])])


def comparison(m: Metier, corpus: Corpus, today: date, offers: int) -> dict[str, Any]:
    """What the comparison page (/comparer/) shows of a métier, as the file it loads for it: plain
    text, never HTML, but the salary's drawing, which this module makes and escapes. Values come
    with their slug, so that the page marks those two métiers share (synonyms respected).
    ``offers``: how many of its offers are open today."""
    own = corpus.keys.get(m.slug, {})  # its values as resolved once (taxonomy.own_keys)

    def values(folder: str) -> list[list[str]]:
        return [[slug, written] for (of, slug), written in own.items() if of == folder]

    s = m.salaire
    salary = None
    if s:
        drawn = salary_scale.scale(s, today.year)
        salary = {"montant": format_euro_range(s.min, s.max), "detail": _salary_detail(s),
                  "dessin": str(drawn["svg"]), "texte": str(drawn["texte"].unescape())}
    return {
        "slug": m.slug, "titre": m.titre, "url": METIERS.url(m.slug), "resume": m.resume,
        "salaire": salary,
        "formation": NIVEAUX.get(m.formation.niveau) if m.formation and m.formation.niveau else None,
        "secteurs": values("secteurs"), "competences": values("competences"), "qualites": values("qualites"),
        "centres_interet": values("centres-interet"),
        "employeurs": list(m.employeurs), "conditions": m.conditions,
        "offres": offers, "temoignages": len(corpus.temoignages_by_metier.get(m.slug, [])),
    }


def _personne(t: Temoignage) -> dict[str, Any]:
    p = t.personne
    return {"prenom": e(p.prenom), "poste": e(p.poste), "age": p.age, "structure": e(p.structure)}


def temoignage_card(t: Temoignage) -> dict[str, Any]:
    return {"titre": e(t.titre), "url": TEMOIGNAGES.url(t.slug), "citation": e(t.citation),
            "personne": _personne(t), "date": _date(t.date)}


def temoignage_view(t: Temoignage, corpus: Corpus) -> dict[str, Any]:
    return {**temoignage_card(t), "metiers": [metier_link(corpus, s) for s in t.metiers],
            "source": _source(t.source), "modifiee": _date(corpus.changed.get(t.path))}


def place(o: Offre) -> str:
    """Where an offer is, as readers see it: « Figeac (46) »."""
    return o.lieu.commune + (f" ({o.lieu.departement})" if o.lieu.departement else "")


def offre_card(o: Offre, today: date) -> dict[str, Any]:
    return {"titre": e(o.titre), "url": OFFRES.url(o.slug), "structure": e(o.structure.nom),
            "lieu": e(place(o)), "contrat": e(CONTRATS[o.contrat]), "date_limite": _date(o.date_limite),
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
        "slug": o.slug,
        "structure_type": e(o.structure.type), "structure_url": e(o.structure.url),
        "commune": e(o.lieu.commune), "departement": e(o.lieu.departement), "region": e(o.lieu.region),
        "teletravail": e(TELETRAVAIL.get(o.lieu.teletravail)) if o.lieu.teletravail else None,
        "publiee": _date(o.publiee), "debut": _date(o.debut), "fin": _date(o.fin), "periode": periode,
        "mois": e(f"{format_month(o.debut)} à {format_month(o.fin)}") if o.debut and o.fin else None,
        "remuneration": remuneration,
        "contact": {"email": e(o.contact.email), "url": e(o.contact.url)} if o.contact else None,
        "metiers": [metier_link(corpus, s) for s in o.metiers],
        "source": _source(o.source),
        "modifiee": _date(corpus.changed.get(o.path)),
    }


def list_order(folder: str, corpus: Corpus, today: date) -> list[Metier] | list[Temoignage] | list[Offre]:
    """The fiches of a kind in the order its list shows them: métiers alphabetically, testimonials
    the latest first, open offers by deadline then closed ones the latest first."""
    if folder == "metiers":
        return sorted(corpus.metiers.values(), key=lambda m: (alphabetical(m.titre), m.slug))
    if folder == "temoignages":
        return sorted(corpus.temoignages.values(), key=lambda t: (t.date or date.min, t.slug), reverse=True)
    offres = sorted(corpus.offres.values(), key=lambda o: (o.date_limite, o.slug))
    return [o for o in offres if not o.is_closed(today)] + [o for o in reversed(offres) if o.is_closed(today)]


def index_view(folder: str, chunk: Sequence[Any], corpus: Corpus, today: date, bar: dict[str, Any] | None,
               total: int | None, lettres: list[dict[str, str]] | None = None,
               anchors: dict[int, str] | None = None, archive: str | None = None,
               archive_here: bool = False) -> dict[str, Any]:
    """One page of the list shown on /metiers/, /temoignages/ or /offres/: ``chunk`` is its part of
    ``list_order``, ``bar`` its page bar, ``lettres`` and ``anchors`` where letters start, ``archive``
    the URL where closed offers start (``archive_here``: on this page)."""
    view: dict[str, Any] = {"pagination": bar, "nombre": total, "lettres": lettres or []}
    if folder == "metiers":
        anchors = anchors or {}
        view["metiers"] = [metier_card(m) | {"ancre": anchors.get(i)} for i, m in enumerate(chunk)]
    elif folder == "temoignages":
        view["temoignages"] = [temoignage_card(t) | {"metiers": [metier_link(corpus, s) for s in t.metiers]}
                               for t in chunk]
    else:
        cards = [offre_card(o, today) for o in chunk]
        view |= {"ouvertes": [c for c in cards if not c["cloturee"]], "closes": [c for c in cards if c["cloturee"]],
                 "archive": archive, "archive_ici": archive_here, "premiere": not bar or bar["page"] == 1,
                 "derniere": not bar or bar["page"] == bar["pages"]}
    return view


def search_terms(fiche: Metier | Temoignage | Offre) -> Markup:
    """Words a reader may search for that the page does not show: nobody types "chargé·e",
    so both gendered forms of inclusive titles are added, in a hidden paragraph that
    the search index reads.
    """
    names = [fiche.titre, *getattr(fiche, "appellations", ())]
    if isinstance(fiche, Temoignage):
        names.append(fiche.personne.poste)
    words = [form for name in names for form in inclusive_forms(name)]
    if not words:
        return Markup("")
    return Markup('<p class="fiche-termes" hidden>{}</p>').format(" · ".join(words))


def _term_links(corpus: Corpus, folder: str, values: tuple[str, ...]) -> list[dict[str, Any]]:
    taxonomy = TAXONOMY_BY_FOLDER[folder]
    out, seen = [], set()
    for value in values:
        slug = corpus.synonyms.resolve(folder, value)[0]
        term = corpus.terms.get(folder, {}).get(slug)
        if term is None or slug in seen:
            continue
        seen.add(slug)
        out.append({"label": e(term.label if folder == "formations" else value), "url": taxonomy.url(slug),
                    "nombre": len(term.metiers)})
    return out


REASON_WORDS = {"competences": ("compétence", "compétences"), "qualites": ("qualité", "qualités"),
                "secteurs": ("secteur", "secteurs"), "centres-interet": ("centre d'intérêt", "centres d'intérêt"),
                "formations": ("niveau de formation", "niveau de formation")}


def reason(slug: str, related: Related, corpus: Corpus) -> str:
    """Why two métiers are shown together, in French: "3 compétences en commun : a, b, c ; même secteur : d"."""
    parts = []
    for folder, values in corpus.related.shared(slug, related.slug):
        one, many = REASON_WORDS[folder]
        shown = [corpus.terms[folder][corpus.synonyms.resolve(folder, v)[0]].label if folder == "formations" else v
                 for v in values]
        if len(values) == 1:
            parts.append(f"même {one} : {shown[0]}")
        else:
            parts.append(f"{len(values)} {many} en commun : {', '.join(shown)}")
    if not parts:
        return "choisi par la rédaction"
    return ("choisi par la rédaction ; " if related.curated else "") + " ; ".join(parts)


def term_view(taxonomy: Taxonomy, term: Term, chunk: Sequence[str], corpus: Corpus,
              bar: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "taxonomie": e(taxonomy.label), "singulier": e(taxonomy.singular), "label": e(term.label),
        "nombre": len(term.metiers), "index_url": taxonomy.url(),
        "metiers": [metier_card(corpus.metiers[s]) for s in chunk], "pagination": bar,
    }


def taxonomy_view(taxonomy: Taxonomy, chunk: Sequence[Term], total: int | None, bar: dict[str, Any] | None,
                  lettres: list[dict[str, str]], anchors: dict[int, str]) -> dict[str, Any]:
    """One page of a taxonomy's values with their counts, grouped by first letter (not the levels
    of formation, which have an order of their own)."""
    groups: list[dict[str, Any]] = []
    for i, term in enumerate(chunk):
        letter = initial(term.label) if taxonomy.folder != "formations" else ""
        if not groups or groups[-1]["lettre"] != letter:
            groups.append({"lettre": letter, "ancre": anchors.get(i), "valeurs": []})
        groups[-1]["valeurs"].append({"label": e(term.label), "url": taxonomy.url(term.slug),
                                      "nombre": len(term.metiers)})
    return {"label": e(taxonomy.label), "singulier": e(taxonomy.singular), "nombre": total, "groupes": groups,
            "pagination": bar, "lettres": lettres}


EXPLORER_SELECTS = ("secteurs", "formations", "qualites", "centres-interet")  # few values: a <select> each, in the page
# Words that do not pick a compétence out: not a key of the explorer's shards.
EXPLORER_STOP_WORDS = ("a", "au", "aux", "d", "dans", "de", "des", "du", "en", "et", "l", "la", "le", "les", "ou",
                       "par", "pour", "sur", "un", "une", "avec")


def explorer_selects(corpus: Corpus) -> dict[str, list[dict[str, Any]]]:
    """The options of the explorer's selects, printed in the page so that it needs no download to show."""
    return {folder: [{"slug": t.slug, "label": e(t.label), "nombre": len(t.metiers)}
                     for t in corpus.terms.get(folder, {}).values()] for folder in EXPLORER_SELECTS}


SHARD_PREFIX = 3  # letters of a word that name its shard: a few hundred compétences each
TERMS_PER_BUCKET = 250  # compétences whose métiers share a file


@functools.lru_cache(maxsize=1 << 16)  # the same compétences at every rebuild of a preview
def _sorted_shard_keys(slug: str) -> tuple[str, ...]:
    return tuple(sorted(shard_keys(slug)))


def shard_keys(slug: str) -> set[str]:
    """The shards a compétence is filed in: the first three letters of each of its words."""
    return {word[:SHARD_PREFIX] for word in slug.split("-") if len(word) > 1 and word not in EXPLORER_STOP_WORDS}


# What the explorer on /metiers/ filters: a compact index of every métier, in list order, loaded
# when the reader starts filtering (explorer_index); and the compétences, thousands, in shards named
# after the first three letters of their words (``ges`` holds "gestion de projet" and "stratégie de
# gestion"), loaded as the reader types one, and the métiers of each in buckets (``metiers-7``),
# loaded when one is chosen (explorer_shards): a compétence shared by thousands of métiers weighs on
# its bucket, not on every shard that names it.
#
# Values of the selects are given once, in "facettes", and métiers point to them by index. A shard
# lists, for each compétence, its label, its number of métiers and its bucket, and its slug when it
# is not the label's (synonyms): the explorer computes slugs as fiches_engine.slugs does. A bucket
# gives the positions of each of its compétences' métiers.


class _Facets:
    """Values of some taxonomies given once, by their place in the taxonomy's order, and a métier's
    values as those places (the explorer's index and the questionnaire's file both point so)."""

    def __init__(self, corpus: Corpus, folders: Sequence[str]) -> None:
        self.corpus = corpus
        self.values = {folder: [[t.slug, t.label] for t in corpus.terms.get(folder, {}).values()] for folder in folders}
        self.position = {folder: {t.slug: i for i, t in enumerate(corpus.terms.get(folder, {}).values())}
                         for folder in folders}

    def ids(self, folder: str, values: tuple[str, ...]) -> list[int]:
        found = {self.position[folder].get(self.corpus.synonyms.resolve(folder, v)[0]) for v in values}
        return sorted(i for i in found if i is not None)


def explorer_index(corpus: Corpus) -> dict[str, Any]:
    """The explorer's index (see above): the selects' values and every métier."""
    facets = _Facets(corpus, EXPLORER_SELECTS)
    ids = facets.ids
    items = []
    for m in list_order("metiers", corpus, date.min):
        items.append({
            "t": m.titre, "u": m.slug, "a": " ".join(m.appellations),
            "s": ids("secteurs", m.secteurs), "q": ids("qualites", m.qualites),
            "i": ids("centres-interet", m.centres_interet),
            "n": ids("formations", (m.formation.niveau,) if m.formation and m.formation.niveau else ()),
            "m": m.salaire.max if m.salaire else None,
            "p": format_euro_range(m.salaire.min, m.salaire.max) if m.salaire else None,
        })
    return {"facettes": facets.values, "metiers": items}


INTERESTS = "centres-interet"


def interests_index(corpus: Corpus) -> dict[str, Any]:
    """What the questionnaire « Qu'est-ce qui vous attire ? » ranks métiers from, in the reader's
    browser: the centres d'intérêt once, and each métier that has some (in list order), with its
    title and its centres d'intérêt by place. A few dozen values and short lines: small enough
    to load at the first choice, unlike the explorer's index."""
    facets = _Facets(corpus, (INTERESTS,))
    metiers = [[m.slug, m.titre, ids] for m in list_order("metiers", corpus, date.min)
               if (ids := facets.ids(INTERESTS, m.centres_interet))]
    return {"valeurs": facets.values[INTERESTS], "metiers": metiers}


def interests_view(corpus: Corpus) -> dict[str, Any]:
    """The questionnaire's page: every centre d'intérêt, with its number of métiers and its page."""
    taxonomy = TAXONOMY_BY_FOLDER[INTERESTS]
    terms = corpus.terms.get(INTERESTS, {}).values()
    return {"valeurs": [{"slug": t.slug, "label": e(t.label), "nombre": len(t.metiers), "url": taxonomy.url(t.slug)}
                        for t in terms],
            "metiers": len({slug for t in terms for slug in t.metiers})}


ShardMemo = dict[str, tuple[Term, list[int], bool, int, tuple[str, ...]]]


def explorer_shards(corpus: Corpus, rank: dict[str, int] | None = None, memo: ShardMemo | None = None) -> dict[str, Any]:
    """The explorer's compétences, in shards and buckets (see above); ``rank``: each
    métier's place in the list, when known. ``memo``: what was worked out for each compétence at
    a preview's previous build with the same ``rank``, kept for the very same Term objects, and
    updated."""
    if rank is None:
        rank = {m.slug: i for i, m in enumerate(list_order("metiers", corpus, date.min))}
    competences = list(corpus.terms.get("competences", {}).values())
    buckets = max(1, len(competences) // TERMS_PER_BUCKET)
    before = memo.copy() if memo is not None else {}
    if memo is not None:
        memo.clear()
    files: dict[str, Any] = {}
    for term in competences:
        made = before.get(term.slug)
        if made is None or made[0] is not term:
            positions = list(map(rank.__getitem__, term.metiers))
            positions.sort()
            made = (term, positions, slugify(term.label) != term.slug, zlib.crc32(term.slug.encode()),
                    _sorted_shard_keys(term.slug))
        if memo is not None:
            memo[term.slug] = made
        _, positions, named, crc, keys = made
        bucket = crc % buckets
        files.setdefault(f"metiers-{bucket}", {})[term.slug] = positions
        entry = [term.label, len(term.metiers), bucket]
        if named:
            entry.append(term.slug)
        for key in keys:
            files.setdefault(key, []).append(entry)
    return files


def home_view(corpus: Corpus, today: date, featured: int = 6, latest: int = 5, quotes: int = 3) -> dict[str, Any]:
    """The home page's figures, a few testimonials' quotes (the latest), latest open offers and a
    few métiers."""
    open_offres = [o for o in corpus.offres.values() if not o.is_closed(today)]
    open_offres.sort(key=lambda o: (o.publiee, o.slug), reverse=True)
    ranked = sorted(corpus.metiers.values(),
                    key=lambda m: (-len(corpus.temoignages_by_metier.get(m.slug, [])), alphabetical(m.titre), m.slug))
    return {
        "nombres": {"metiers": len(corpus.metiers), "temoignages": len(corpus.temoignages),
                    "offres_ouvertes": len(open_offres), "competences": len(corpus.terms.get("competences", {})),
                    "secteurs": len(corpus.terms.get("secteurs", {}))},
        "offres": [offre_card(o, today) for o in open_offres[:latest]],
        "metiers": [metier_card(m) for m in ranked[:featured]],
        "citations": [temoignage_card(t) | {"metiers": [metier_link(corpus, s) for s in t.metiers[:1]]}
                      for t in sorted((t for t in corpus.temoignages.values() if t.citation),
                                      key=lambda t: (t.date or date.min, t.slug), reverse=True)[:quotes]],
    }

"""The plan of the generated site: every page the content makes, with its URL,
template, title and what its template receives. No site-generator notion here:
the MkDocs hooks turn this plan into pages, another generator could too.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable

from markupsafe import Markup, escape

from . import feeds, open_data, structured_data, views
from .corpus import KINDS, Corpus
from .model import Fiche, Offre
from .taxonomy import TAXONOMIES, Taxonomy, Term

PAGE_SIZE = 100  # métiers per page of a taxonomy value: a value shared by thousands stays light

INDEX_TITLES = {"metiers": "Métiers", "temoignages": "Témoignages", "offres": "Offres"}
INDEX_DESCRIPTIONS = {
    "metiers": "Toutes les fiches métiers, à filtrer par secteur, niveau de formation, salaire, compétence ou qualité.",
    "temoignages": "Des professionnel·le·s racontent leur métier au quotidien.",
    "offres": "Offres d'emploi et de mission en cours, et l'archive des offres clôturées.",
}
EXPLORER_DATA = "metiers/explorateur.json"


@dataclass
class PageSpec:
    src_uri: str  # where the page stands among the sources (metiers/x.md)
    template: str
    title: Markup
    description: Markup
    context: Callable[[], dict[str, Any]]  # what the template gets, built when the page is rendered
    body: str = ""  # Markdown of the page's text
    source: str | None = None  # the fiche file, for the "edit" button
    search_terms: Callable[[], Markup] = field(default=lambda: Markup(""))
    in_nav: bool = False
    structured_data: Callable[[str], dict[str, Any]] | None = None  # given the site's URL
    feed: tuple[str, str] | None = None  # the feed the page announces: (path, title)
    # Everything the page shows, summed up cheaply (file fingerprints, counts): when it is the same
    # as at the previous build, so is the page, and a preview need not write it again. Cheap
    # because it is computed for every page at every rebuild; over-approximate (a fiche's whole
    # file, not the fields a card shows) because a page left stale would be a bug.
    inputs: Callable[[], tuple[Any, ...]] = field(default=lambda: ())


@dataclass
class SitePlan:
    pages: list[PageSpec]
    files: dict[str, str]  # other outputs: path -> text (the explorer's data, the data files)
    # one or two files per fiche (its record, a métier's feeds): thousands, that no page links to
    per_fiche: dict[str, str] = field(default_factory=dict)


def _metier_inputs(m: Fiche, corpus: Corpus, today: date) -> tuple[Any, ...]:
    d = corpus.digests
    terms = corpus.terms
    return (d[m.path], corpus.changed.get(m.path),
            tuple((key, len(terms[key[0]][key[1]].metiers)) for key in corpus.keys.get(m.slug, {})),
            tuple((r.slug, r.curated, d[corpus.metiers[r.slug].path]) for r in corpus.related.get(m.slug, [])),
            tuple(d[t.path] for t in corpus.temoignages_by_metier.get(m.slug, [])),
            tuple((d[o.path], o.is_closed(today)) for o in corpus.offres_by_metier.get(m.slug, [])))


def _named_inputs(fiche: Fiche, corpus: Corpus, today: date) -> tuple[Any, ...]:
    """A testimonial or an offer: itself, the métiers it names, and whether it is closed today."""
    closed = fiche.is_closed(today) if isinstance(fiche, Offre) else None
    return (corpus.digests[fiche.path], corpus.changed.get(fiche.path), closed,
            tuple(corpus.digests[corpus.metiers[s].path] for s in fiche.metiers))


def _fiche_page(kind_folder: str, fiche: Fiche, corpus: Corpus, today: date) -> PageSpec:
    kind = next(k for k in KINDS if k.folder == kind_folder)
    jsonld = {"metiers": lambda url: structured_data.occupation(fiche, corpus, url),
              "temoignages": lambda url: structured_data.article(fiche, corpus, url),
              "offres": lambda url: structured_data.job_posting(fiche, corpus, url, today)}[kind_folder]
    make = {"metiers": lambda: views.metier_view(fiche, corpus, today),
            "temoignages": lambda: views.temoignage_view(fiche, corpus),
            "offres": lambda: views.offre_view(fiche, corpus, today)}[kind_folder]
    return PageSpec(
        src_uri=kind.src_uri(fiche.slug), template=f"{kind.schema}.html", title=escape(fiche.titre),
        description=escape(getattr(fiche, "resume", "") or fiche.titre), context=lambda: {"fiche": make()},
        body=fiche.body, source=fiche.path, search_terms=lambda: views.search_terms(fiche),
        structured_data=jsonld,
        feed=(feeds.metier_feed(fiche.slug), feeds.metier_title(fiche.titre)) if kind_folder == "metiers" else None,
        inputs=(lambda: _metier_inputs(fiche, corpus, today)) if kind_folder == "metiers"
        else lambda: _named_inputs(fiche, corpus, today),
    )


def _term_pages(taxonomy: Taxonomy, term: Term, corpus: Corpus) -> list[PageSpec]:
    pages = max(1, math.ceil(len(term.metiers) / PAGE_SIZE))
    out = []
    for number in range(1, pages + 1):
        chunk = term.metiers[(number - 1) * PAGE_SIZE:number * PAGE_SIZE]
        title = f"{taxonomy.singular.capitalize()} : {term.label}" + (f" (page {number})" if number > 1 else "")
        out.append(PageSpec(
            src_uri=taxonomy.src_uri(term.slug, number), template="taxonomie-valeur.html", title=escape(title),
            description=escape(f"Les métiers où l'on retrouve : {term.label}."),
            context=lambda chunk=chunk, number=number: {"valeur": views.term_view(
                taxonomy, term, chunk, corpus, number, pages)},
            inputs=lambda chunk=chunk: (term.label, len(term.metiers),
                                        tuple(corpus.digests[corpus.metiers[s].path] for s in chunk)),
        ))
    return out


def plan(corpus: Corpus, today: date, site_url: str = "") -> SitePlan:
    """Every page and file of the site; feeds need the site's address (their links are absolute)."""
    pages: list[PageSpec] = []
    d = corpus.digests
    list_inputs = {  # what each list shows: every fiche of its kind, and what they name
        "metiers": lambda: tuple(d[m.path] for m in corpus.metiers.values()),
        "temoignages": lambda: tuple((d[t.path], tuple(d[corpus.metiers[s].path] for s in t.metiers))
                                     for t in corpus.temoignages.values()),
        "offres": lambda: tuple((d[o.path], o.is_closed(today)) for o in corpus.offres.values()),
    }
    for kind in KINDS:
        pages.append(PageSpec(
            src_uri=kind.src_uri(), template=f"liste-{kind.folder}.html", title=escape(INDEX_TITLES[kind.folder]),
            description=escape(INDEX_DESCRIPTIONS[kind.folder]), in_nav=True,
            feed=(feeds.SITE_FEED, feeds.SITE_TITLE) if kind.folder == "offres" else None,
            context=lambda folder=kind.folder: {"liste": views.index_view(folder, corpus, today)},
            inputs=list_inputs[kind.folder],
        ))
        for fiche in corpus.by_folder(kind.folder).values():
            pages.append(_fiche_page(kind.folder, fiche, corpus, today))
    for taxonomy in TAXONOMIES:
        terms = corpus.terms.get(taxonomy.folder, {})
        pages.append(PageSpec(
            src_uri=taxonomy.src_uri(), template="taxonomie.html", title=escape(taxonomy.label),
            description=escape(f"{taxonomy.label} des métiers du site, avec le nombre de métiers pour chacune."),
            in_nav=True, context=lambda taxonomy=taxonomy, terms=terms: {"taxonomie": views.taxonomy_view(
                taxonomy, terms)},
            inputs=lambda terms=terms: tuple((t.slug, t.label, len(t.metiers)) for t in terms.values()),
        ))
        for term in terms.values():
            pages += _term_pages(taxonomy, term, corpus)
    # "<" escaped: the data stays inert even if some day inlined in a <script>
    explorer = json.dumps(views.explorer_data(corpus), ensure_ascii=False, separators=(",", ":"),
                          sort_keys=True).replace("<", "\\u003c")
    files = {EXPLORER_DATA: explorer}
    per_fiche: dict[str, str] = {}
    if site_url:
        for few, many in (feeds.feed_files(corpus, today, site_url), open_data.data_files(corpus, today, site_url)):
            files.update(few)
            per_fiche.update(many)
    return SitePlan(pages, files, per_fiche)

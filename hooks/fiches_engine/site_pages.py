"""The plan of the generated site: every page the content makes, with its URL,
template, title and what its template receives. No site-generator notion here:
the MkDocs hooks turn this plan into pages, another generator could too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, TypeVar

from markupsafe import Markup, escape

from . import feeds, open_data, revue, salary_scale, structured_data, views
from . import offline as offline_files
from .corpus import Corpus
from .french import initial
from .kept import Kept, Memory
from .kinds import KIND_BY_FOLDER, KINDS
from .model import Fiche, Metier, Offre
from .pagination import anchors_on_page, letter_bar, letters, page_bar, page_of, split
from .taxonomy import TAXONOMIES, Taxonomy, Term

# Long lists are cut into pages that stay light on a phone (at most 100 KB and 1,500 elements):
CARDS_PER_PAGE = 50  # fiches per page of a list, and métiers per page of a taxonomy value
VALUES_PER_PAGE = 250  # values per page of a taxonomy's index (three elements each)

EXPLORER_DATA = "metiers/explorateur.json"
T = TypeVar("T")
SELECTION_PAGE = "ma-selection.md"  # what a reader kept, in their browser
SALARY_REFERENCES_PAGE = "reperes-salaires.md"  # the Smic and median figures métiers are drawn against
COMPARISON_PAGE = "comparer.md"  # /comparer/?metiers=a,b[,c]
COMPARISON_FILE = "comparer/{}.json"  # what it shows of each métier (views.comparison)
INTERESTS_PAGE = "ce-qui-attire.md"  # the questionnaire « Qu'est-ce qui vous attire ? »
INTERESTS_DATA = "ce-qui-attire.json"  # what it ranks métiers from (views.interests_index)
REVIEW_PAGE = "contribuer/a-revoir.md"  # for editors: linked from the contributor guide, not in the readers' menu
EXPLORER_SHARD = "metiers/explorateur/{}.json"


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
    indexed: bool = True  # False: kept out of search engines (a robots meta, and not in the sitemap)
    structured_data: Callable[[str], dict[str, Any]] | None = None  # given the site's URL
    feed: tuple[str, str] | None = None  # the feed the page announces: (path, title)
    # What the page shows, summed up for a preview's key (incremental.page_key): when it is the same
    # as at the previous build, so is the page, and a preview need not write it again.
    # Over-approximate (a fiche's whole file, not the fields a card shows): a page left stale is a bug.
    fixed: tuple[Any, ...] = ()  # what the spec itself holds (a value's label, a list's letters)
    depends: tuple[Fact, ...] = ()  # the facts of the corpus it shows (Facts: a card, a file, counts)
    # a view of the whole corpus (the questionnaire, the review): worked out again at every rebuild
    inputs: Callable[[], Any] | None = None
    fixed_key: int | None = None  # the hash of the fields above but inputs (incremental.page_key)


@dataclass
class SitePlan:
    pages: list[PageSpec]
    files: dict[str, str]  # other outputs: path -> text (the explorer's data, the data files)
    # one or two files per fiche (its record, a métier's feeds): thousands, that no page links to
    per_fiche: dict[str, str]
    facts: Callable[[], Facts]  # what the pages' keys are made of, made when a preview asks


class _Now:
    """What the pages of a plan read when they are keyed or rendered: this build's corpus, day and
    facts. Read through this holder, not captured, so that a preview can keep the pages of the
    fiches and values an edit did not touch from one rebuild to the next (PlanMemo)."""

    corpus: Corpus
    today: date
    _memo: PlanMemo
    _facts: Facts | None

    def set(self, corpus: Corpus, today: date, memo: PlanMemo) -> None:
        self.corpus, self.today, self._memo, self._facts = corpus, today, memo, None

    def facts(self) -> Facts:
        """Made when pages' keys are first asked: by a preview's rebuild, not by a full build."""
        if self._facts is None:
            self._facts = Facts(self.corpus, self.today, self._memo)
        return self._facts


class PlanMemo:
    """A preview's plan of the previous build, kept by the one rule of fiches_engine.kept: the page
    specs of each fiche and of each value, what other pages show of each métier, each fiche's data
    files and the review's lines, each kept while made from the very same objects. Making 26,000
    specs anew took a fifth of a rebuild at 5,000 métiers. A kept spec is written again when a
    fact it shows changed (Facts).

    It also owns the memories worked out again from the previous build (the explorer's files, the
    review's groups), so that a preview's memory lives in this one object and a full build (given
    no memo, ``plan`` makes one for itself) keeps nothing."""

    def __init__(self) -> None:
        self.now = _Now()
        self.memory = Memory()
        self.fiches: Kept[PageSpec] = self.memory.kept()  # (folder, slug) -> its page
        # folder -> its index's and its values' pages; and for each taxonomy, slug -> a value's pages
        self.taxonomies: Kept[list[PageSpec]] = self.memory.kept()
        self.terms: dict[str, Kept[list[PageSpec]]] = {t.folder: self.memory.kept() for t in TAXONOMIES}
        self.cards: Kept[str] = self.memory.kept()  # slug -> the métier's card, as lists show it
        self.related: Kept[Any] = self.memory.kept()  # slug -> what its page shows of its related métiers
        self.data: Kept[Any] = self.memory.kept()  # (what, slug) -> a fiche's record, or CSV row
        self.comparisons: Kept[str] = self.memory.kept()  # slug -> what the comparison page loads of a métier
        self.review = revue.GroupsMemo(lines=self.memory.kept())
        self.explorer = _ExplorerMemo()


Fact = tuple[str, str]  # (what, of which fiche or métier): ("card", slug), ("file", path)…


class Facts:
    """What the pages' keys are made of: each fact is one thing pages show of one fiche, looked up
    once per build for the whole corpus. A page's key sums up the facts it shows, no more: a
    métier's own page, its file; a list or a value's page, the métier's card (views.metier_card);
    a related métier, its title and the values both share (the reason shown). So an edit of a
    résumé does not write again the pages of the métiers related to it, nor an added compétence
    the lists.

    A preview compares the facts of two builds (``changed_since``): a page kept from the previous
    build (the very same spec) none of whose facts changed keeps its key, and only the others are
    keyed again: the few dozen an edit reaches, not the site's 26,000 pages."""

    def __init__(self, corpus: Corpus, today: date, memo: PlanMemo) -> None:
        d = corpus.digests
        count = {(folder, slug): len(term.metiers) for folder, terms in corpus.terms.items()
                 for slug, term in terms.items()}
        named: dict[str, list[Any]] = {}
        for slug, shown in corpus.temoignages_by_metier.items():
            named.setdefault(slug, []).extend(d[t.path] for t in shown)
        for slug, offers in corpus.offres_by_metier.items():
            named.setdefault(slug, []).extend((d[o.path], o.is_closed(today)) for o in offers)
        cards, related = memo.cards, memo.related
        self.table: dict[str, dict[str, Any]] = {
            "file": dict(d),  # copies: the previous build's facts are compared with the next one's
            "date": dict(corpus.changed),  # the last commit of each fiche (git_dates)
            "closed": {o.path: o.is_closed(today) for o in corpus.offres.values()},
            "card": {slug: cards.get(slug, (m,), lambda m=m: repr(views.metier_card(m)))
                     for slug, m in corpus.metiers.items()},
            # the number of métiers of each of its values
            "counts": {slug: tuple(map(count.get, keys)) for slug, keys in corpus.keys.items()},
            "related": {slug: related.get(slug, _related_from(corpus, slug), lambda slug=slug: _related(corpus, slug))
                        for slug in corpus.metiers},
            "named": {slug: tuple(values) for slug, values in named.items()},  # its testimonials and offers
        }

    def value(self, fact: Fact) -> Any:
        return self.table[fact[0]].get(fact[1])

    def changed_since(self, before: Facts) -> set[Fact]:
        changed = set()
        for what, now in self.table.items():
            then = before.table.get(what, {})
            changed.update((what, name) for name in now.keys() | then.keys() if now.get(name) != then.get(name))
        return changed


def _related_from(corpus: Corpus, slug: str) -> tuple[Any, ...]:
    """What a métier's related métiers, as its page shows them, are made from: its list (a rebuild
    keeps the very same list for the métiers an edit cannot relate otherwise: corpus.RelationsMemo)
    and the values of it and of each of them (the very same until their fiche changes)."""
    related = corpus.related.get(slug, [])
    return (related, corpus.keys.get(slug), *(corpus.keys.get(r.slug) for r in related))


def _related(corpus: Corpus, slug: str) -> tuple[Any, ...]:
    """What a métier's page shows of its related métiers: title, choice and reason."""
    return tuple((r.slug, r.curated, corpus.metiers[r.slug].titre, corpus.related.shared(slug, r.slug))
                 for r in corpus.related.get(slug, []))


def _fiche_page(kind_folder: str, fiche: Fiche, now: _Now) -> PageSpec:
    kind = next(k for k in KINDS if k.folder == kind_folder)
    jsonld = {"metiers": lambda url: structured_data.occupation(fiche, now.corpus, url),
              "temoignages": lambda url: structured_data.article(fiche, now.corpus, url),
              "offres": lambda url: structured_data.job_posting(fiche, now.corpus, url, now.today)}[kind_folder]
    make = {"metiers": lambda: views.metier_view(fiche, now.corpus, now.today),
            "temoignages": lambda: views.temoignage_view(fiche, now.corpus),
            "offres": lambda: views.offre_view(fiche, now.corpus, now.today)}[kind_folder]
    return PageSpec(
        src_uri=kind.src_uri(fiche.slug), template=f"{kind.schema}.html", title=escape(fiche.titre),
        description=escape(getattr(fiche, "resume", "") or fiche.titre), context=lambda: {"fiche": make()},
        body=fiche.body, source=fiche.path, search_terms=lambda: views.search_terms(fiche),
        structured_data=jsonld,
        feed=(feeds.metier_feed(fiche.slug), feeds.metier_title(fiche.titre)) if kind_folder == "metiers" else None,
        depends=_fiche_facts(fiche, now.corpus),
    )


def _fiche_facts(fiche: Fiche, corpus: Corpus) -> tuple[Fact, ...]:
    """A métier: its file, its values' counts, its related métiers, its testimonials and offers.
    A testimonial or an offer: its file, whether it is closed today, the métiers it names."""
    own = (("file", fiche.path), ("date", fiche.path))
    if isinstance(fiche, Metier):
        return (*own, ("counts", fiche.slug), ("related", fiche.slug), ("named", fiche.slug))
    closed = (("closed", fiche.path),) if isinstance(fiche, Offre) else ()
    return (*own, *closed, *(("file", corpus.metiers[s].path) for s in fiche.metiers))


def _term_pages(taxonomy: Taxonomy, term: Term, now: _Now) -> list[PageSpec]:
    chunks = split(term.metiers, CARDS_PER_PAGE, str)
    out = []
    for number, chunk in enumerate(chunks, 1):
        title = f"{taxonomy.singular.capitalize()} : {term.label}" + (f" (page {number})" if number > 1 else "")
        bar = page_bar(taxonomy.url(term.slug), number, len(chunks))
        out.append(PageSpec(
            src_uri=taxonomy.src_uri(term.slug, number), template="taxonomie-valeur.html", title=escape(title),
            description=escape(f"Les métiers où l'on retrouve : {term.label}."),
            context=lambda chunk=chunk, bar=bar: {"valeur": views.term_view(taxonomy, term, chunk, now.corpus, bar)},
            fixed=(term.label, len(term.metiers), number, len(chunks)),
            depends=tuple(("card", slug) for slug in chunk),
        ))
    return out


def _taxonomy_and_values(taxonomy: Taxonomy, corpus: Corpus, memo: PlanMemo) -> list[PageSpec]:
    """A taxonomy's index and its values' pages: kept whole while its table of values is the very
    same (taxonomy.update_terms keeps a table an edit left be), else each value's pages while its
    term is."""
    table, terms = corpus.terms.get(taxonomy.folder, {}), memo.terms[taxonomy.folder]
    made = []

    def make() -> list[PageSpec]:
        made.append(True)
        pages = _taxonomy_pages(taxonomy, corpus)
        for term in table.values():
            pages += terms.get(term.slug, (term,), lambda term=term: _term_pages(taxonomy, term, memo.now))
        return pages

    pages = memo.taxonomies.get(taxonomy.folder, (table,), make)
    if not made:
        terms.keep_all()  # each value's pages are still there when the table changes
    return pages


def _total(count: int, number: int) -> int | None:
    """The number of items of a list, said on its first page only: on every page, one fiche or value
    added would make a preview write every page of the list again."""
    return count if number == 1 else None


def bar_page(bar: dict[str, Any] | None) -> int:
    return bar["page"] if bar else 1


def _paged_title(title: str, number: int) -> Markup:
    return escape(title + (f" (page {number})" if number > 1 else ""))


def _list_pages(folder: str, corpus: Corpus, today: date, now: _Now) -> list[PageSpec]:
    """The list of a kind, cut into pages: métiers with a letter bar and the explorer's selects,
    testimonials the latest first, offers open then closed."""
    kind = KIND_BY_FOLDER[folder]
    items = views.list_order(folder, corpus, today)
    chunks = split(items, CARDS_PER_PAGE, lambda fiche: fiche.slug)
    base = kind.url()
    found = letters(chunks, lambda m: initial(m.titre)) if folder == "metiers" else []
    lettres = letter_bar(base, found)
    closed_from = next((i for i, o in enumerate(items) if folder == "offres" and o.is_closed(today)), None)
    archive_page = None if closed_from is None else page_of(chunks, closed_from)
    archive = None if archive_page is None else f"{kind.url(page=archive_page)}#archive"
    selects = views.explorer_selects(corpus) if folder == "metiers" else None
    shown: Callable[[Any], tuple[Fact, ...]] = {  # the facts a list shows of each fiche
        "metiers": lambda m: (("card", m.slug),),
        "temoignages": lambda t: (("file", t.path), *(("file", corpus.metiers[s].path) for s in t.metiers)),
        "offres": lambda o: (("file", o.path), ("closed", o.path)),
    }[folder]
    same_on_every_page = (repr(lettres), archive, repr(selects))
    pages = []
    for number, chunk in enumerate(chunks, 1):
        bar = page_bar(base, number, len(chunks))
        anchors = anchors_on_page(found, number)
        total = _total(len(items), number)

        def context(chunk=chunk, bar=bar, anchors=anchors, total=total) -> dict[str, Any]:
            view = views.index_view(folder, chunk, corpus, today, bar, total, lettres, anchors, archive,
                                    archive_page == bar_page(bar))
            if selects:
                view |= {"filtres": selects, "mots_vides": " ".join(views.EXPLORER_STOP_WORDS)}
            return {"liste": view}

        pages.append(PageSpec(
            src_uri=kind.src_uri(page=number), template=f"liste-{folder}.html",
            title=_paged_title(kind.plural, number), description=escape(kind.description),
            in_nav=number == 1, feed=(feeds.SITE_FEED, feeds.SITE_TITLE) if folder == "offres" else None,
            context=context,
            fixed=(repr(bar), total, *same_on_every_page),
            depends=tuple(fact for fiche in chunk for fact in shown(fiche)),
        ))
    return pages


def _taxonomy_pages(taxonomy: Taxonomy, corpus: Corpus) -> list[PageSpec]:
    terms = list(corpus.terms.get(taxonomy.folder, {}).values())
    chunks = split(terms, VALUES_PER_PAGE, lambda term: term.slug)
    sorted_by_letter = taxonomy.folder != "formations"
    found = letters(chunks, lambda t: initial(t.label)) if sorted_by_letter else []
    lettres = letter_bar(taxonomy.url(), found)
    pages = []
    for number, chunk in enumerate(chunks, 1):
        bar = page_bar(taxonomy.url(), number, len(chunks))
        anchors = anchors_on_page(found, number)
        total = _total(len(terms), number)
        pages.append(PageSpec(
            src_uri=taxonomy.src_uri(page=number), template="taxonomie.html",
            title=_paged_title(taxonomy.label, number),
            description=escape(f"{taxonomy.label} des métiers du site, avec pour chaque valeur le nombre de métiers."),
            in_nav=number == 1,
            context=lambda chunk=chunk, bar=bar, anchors=anchors, total=total: {"taxonomie": views.taxonomy_view(
                taxonomy, chunk, total, bar, lettres, anchors)},
            fixed=(tuple((t.slug, t.label, len(t.metiers)) for t in chunk), repr(bar), repr(lettres), total),
        ))
    return pages


def _once(make: Callable[[], T]) -> Callable[[], T]:
    """``make()``, worked out at the first call only: a page's view that its key and its
    rendering both ask for, once per build (the page's spec is made again at every build)."""
    made: list[T] = []

    def view() -> T:
        if not made:
            made.append(make())
        return made[0]

    return view


def _comparison_page() -> PageSpec:
    """The comparison page: a frame that overrides/assets/comparer.js fills from the address."""
    return PageSpec(src_uri=COMPARISON_PAGE, template="comparer.html", title=escape("Comparer des métiers"),
                    description=escape("Deux ou trois métiers côte à côte : salaire, formation, compétences, "
                                       "qualités, ce qui attire, offres et témoignages."),
                    context=lambda: {"reperes": salary_scale.sources()})


def _interests_page(now: _Now) -> PageSpec:
    """The questionnaire « Qu'est-ce qui vous attire ? » (overrides/ce-qui-attire.html)."""
    view = _once(lambda: views.interests_view(now.corpus))
    return PageSpec(src_uri=INTERESTS_PAGE, template="ce-qui-attire.html", title=escape("Qu'est-ce qui vous attire ?"),
                    description=escape("Cochez ce qui vous attire dans un métier : les métiers qui y répondent le "
                                       "plus viennent en tête, avec la raison de chacun."),
                    in_nav=True, context=lambda: {"attire": view()}, inputs=lambda: (repr(view()),))


def _review_page(now: _Now, settings: revue.Settings, content_dir: Path, memo: revue.GroupsMemo) -> PageSpec:
    """The page « À revoir »: the list of `fiches revue` (without the links, which a build never asks).
    Its key is the list itself, worked out once per build: it depends on every fiche, but most
    edits leave it as it was, and at 5,000 métiers it is a page of a megabyte."""
    items = _once(lambda: tuple(revue.review(now.corpus, now.today, settings, content_dir, memo=memo)))
    return PageSpec(src_uri=REVIEW_PAGE, template="a-revoir.html", title=escape("À revoir"),
                    description=escape("Pour les éditeurs : ce qui vieillit ou se répète dans les fiches, "
                                       "du plus urgent au moins urgent."),
                    context=lambda: {"revue": revue.page_view(list(items()), settings, now.today)},
                    inputs=lambda: (items(), now.today, repr(settings)), indexed=False)


def _inert_json(data: Any) -> str:
    # "<" escaped: the data stays inert even if some day inlined in a <script>
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).replace("<", "\\u003c")


class _ExplorerMemo:
    """The explorer's files of a preview's previous build, and what they were made from: its index
    is made again only when what it shows of the métiers changed (not at an edit of a résumé or a
    body), its compétences only when they did, and a file is written out again only when its data
    differs (an added compétence changes a few of a thousand shards). At 5,000 métiers, making
    and writing them all took a tenth of a rebuild."""

    def __init__(self) -> None:
        self.index: tuple[Any, str] | None = None  # (what it was made from, its text)
        self.interests: tuple[Any, str] | None = None  # the questionnaire's file, the same way
        self.shards_from: Any = None
        self.shards: dict[str, tuple[Any, str]] = {}  # path -> (data, text)
        self.per_term: views.ShardMemo = {}  # what each compétence's entries were made of

    def files(self, corpus: Corpus) -> dict[str, str]:
        order = views.list_order("metiers", corpus, date.min)
        terms = corpus.terms
        shown = ([(m.slug, m.titre, m.appellations, m.secteurs, m.qualites, m.formation, m.salaire) for m in order],
                 [terms.get(folder) for folder in views.EXPLORER_SELECTS])
        if self.index is None or not _same(self.index[0], shown):
            self.index = (shown, _inert_json(views.explorer_index(corpus)))
        files = {EXPLORER_DATA: self.index[1]}
        interests = ([(m.slug, m.titre, m.centres_interet) for m in order], [terms.get(views.INTERESTS)])
        if self.interests is None or not _same(self.interests[0], interests):
            self.interests = (interests, _inert_json(views.interests_index(corpus)))
        files[INTERESTS_DATA] = self.interests[1]
        made_from = ([m.slug for m in order], [terms.get("competences")])
        if self.shards_from is None or not _same(self.shards_from, made_from):
            if self.shards_from is None or self.shards_from[0] != made_from[0]:
                self.per_term = {}  # the métiers' places changed: each compétence's are worked out again
            rank = {slug: i for i, slug in enumerate(made_from[0])}
            shards = views.explorer_shards(corpus, rank, self.per_term)
            kept = self.shards
            self.shards = {}
            for key, data in sorted(shards.items()):
                before = kept.get(key)
                self.shards[key] = before if before is not None and before[0] == data else (data, _inert_json(data))
            self.shards_from = made_from
        files |= {EXPLORER_SHARD.format(key): text for key, (_, text) in self.shards.items()}
        return files


def _same(before: tuple[Any, list[Any]], now: tuple[Any, list[Any]]) -> bool:
    """What a file was made from is what it would be made from now: equal values, and the same
    term tables (a table that did not change is the very same object: taxonomy.update_terms)."""
    return before[0] == now[0] and all(a is b for a, b in zip(before[1], now[1]))


def plan(corpus: Corpus, today: date, site_url: str = "", memo: PlanMemo | None = None,
         review: tuple[revue.Settings, Path] | None = None, offline: bool = False,
         identity: tuple[str, str] = ("Fiches métiers", "")) -> SitePlan:
    """Every page and file of the site; feeds need the site's address (their links are absolute).
    ``memo``: a preview's, kept from one rebuild to the next. ``review``: the review's settings and
    the content's folder, for the page « À revoir ». ``offline``: with the service worker that keeps
    pages for reading offline (not in a preview, whose pages change at every save). ``identity``: the
    site's name and description, for its web app manifest."""
    # A full build is a preview's first build whose memory is dropped with it: one way to make a site.
    memo = memo if memo is not None else PlanMemo()
    memo.memory.next_build()
    pages: list[PageSpec] = []
    now = memo.now
    now.set(corpus, today, memo)
    for kind in KINDS:
        pages += _list_pages(kind.folder, corpus, today, now)
        for fiche in corpus.by_folder(kind.folder).values():
            pages.append(memo.fiches.get((kind.folder, fiche.slug), (fiche,),
                                         lambda fiche=fiche, kind=kind: _fiche_page(kind.folder, fiche, now)))
    for taxonomy in TAXONOMIES:
        pages += _taxonomy_and_values(taxonomy, corpus, memo)
    pages.append(_interests_page(now))
    pages.append(_comparison_page())
    pages.append(PageSpec(src_uri=SALARY_REFERENCES_PAGE, template="reperes-salaires.html",
                          title=escape("Repères de salaire"),
                          description=escape("Le Smic et le salaire médian, année par année, avec leurs sources : "
                                             "les repères du dessin sous le salaire de chaque métier."),
                          context=lambda: {"reperes": salary_scale.figures()}))
    pages.append(PageSpec(src_uri=offline_files.OFFLINE_PAGE, template="hors-ligne.html", title=escape("Hors connexion"),
                          description=escape("Cette page n'a pas été enregistrée pour une lecture hors connexion."),
                          context=lambda: {}, indexed=False))
    pages.append(PageSpec(src_uri=SELECTION_PAGE, template="ma-selection.html", title=escape("Ma sélection"),
                          description=escape("Les métiers et les offres gardés dans ce navigateur."),
                          context=lambda: {}))
    if review is not None:
        pages.append(_review_page(now, *review, memo.review))
    files = memo.explorer.files(corpus)
    files[offline_files.MANIFEST] = offline_files.manifest(identity[0], "Fiches", identity[1])
    if offline:
        files[offline_files.SERVICE_WORKER] = offline_files.service_worker(offline_files.version(corpus, today))
    per_fiche: dict[str, str] = {}
    for m in corpus.metiers.values():
        offers = sum(1 for o in corpus.offres_by_metier.get(m.slug, []) if not o.is_closed(today))
        per_fiche[COMPARISON_FILE.format(m.slug)] = memo.comparisons.get(
            m.slug, (m, corpus.keys.get(m.slug)), lambda m=m, offers=offers: _inert_json(
                views.comparison(m, corpus, today, offers)),
            values=(offers, len(corpus.temoignages_by_metier.get(m.slug, [])), today.year))
    if site_url:
        for few, many in (feeds.feed_files(corpus, today, site_url),
                          open_data.data_files(corpus, today, site_url, memo.data)):
            files.update(few)
            per_fiche.update(many)
    return SitePlan(pages, files, per_fiche, now.facts)

"""Taxonomies: the pages that gather métiers by compétence, qualité, secteur, niveau.

Values are grouped by slug, so "Travail en équipe", "travail en équipe" and
"travail en equipe" make one page; a synonyms file (fiches/synonymes.yml) lets
editors merge values that mean the same ("esprit d'équipe" -> "travail en
équipe"). The label shown is the canonical value when synonyms name one,
otherwise the form editors wrote most often.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .errors import ContentError, key_path
from .french import alphabetical
from .frontmatter import MAX_BYTES
from .model import Metier
from .pagination import page_src, page_url
from .schema_check import check_schema
from .slugs import slugify
from .yamlsafe import parse_yaml

SYNONYMS_FILE = "synonymes.yml"


@dataclass(frozen=True)
class Taxonomy:
    folder: str  # URL prefix, and key in the synonyms file
    label: str  # French, plural, for titles
    singular: str
    attribute: str  # attribute of Metier holding the values

    def url(self, slug: str | None = None, page: int = 1) -> str:
        """Page n of the taxonomy's index (no slug) or of one value's métiers."""
        return page_url(f"{self.folder}/{slug}/" if slug else f"{self.folder}/", page)

    def src_uri(self, slug: str | None = None, page: int = 1) -> str:
        return page_src(f"{self.folder}/{slug}/" if slug else f"{self.folder}/", page)

    @property
    def synonyms_key(self) -> str:
        """Its block in the synonyms file: the key métiers write its values under."""
        return self.attribute


TAXONOMIES = (
    Taxonomy("competences", "Compétences", "compétence", "competences"),
    Taxonomy("qualites", "Qualités", "qualité", "qualites"),
    Taxonomy("secteurs", "Secteurs", "secteur", "secteurs"),
    Taxonomy("centres-interet", "Centres d'intérêt", "centre d'intérêt", "centres_interet"),
    Taxonomy("formations", "Niveaux de formation", "niveau de formation", "niveau"),
)
TAXONOMY_BY_FOLDER = {t.folder: t for t in TAXONOMIES}
TAXONOMY_BY_SYNONYMS_KEY = {t.synonyms_key: t for t in TAXONOMIES if t.folder != "formations"}
NIVEAU_LABELS = {"sans diplôme": "Sans diplôme", "cap": "CAP", "bac": "Bac", "bac+2": "Bac +2",
                 "bac+3": "Bac +3", "bac+5": "Bac +5", "bac+8": "Bac +8"}
NIVEAU_ORDER = list(NIVEAU_LABELS)


def values_of(metier: Metier, taxonomy: Taxonomy) -> tuple[str, ...]:
    if taxonomy.attribute == "niveau":
        return (metier.formation.niveau,) if metier.formation and metier.formation.niveau else ()
    return getattr(metier, taxonomy.attribute)


@dataclass
class Term:
    taxonomy: Taxonomy
    slug: str
    label: str
    metiers: list[str] = field(default_factory=list)  # slugs, sorted by title


@dataclass
class Synonyms:
    """variant slug -> canonical label, per taxonomy folder."""

    canonical: dict[str, dict[str, str]] = field(default_factory=dict)
    _cache: dict[str, dict[str, tuple[str, str | None]]] = field(default_factory=lambda: defaultdict(dict), repr=False)

    def resolve(self, folder: str, value: str) -> tuple[str, str | None]:
        """The slug a value files under, and the canonical label if synonyms name one.

        Memoised: the same values come back thousands of times in a large corpus.
        """
        cache = self._cache[folder]
        found = cache.get(value)
        if found is None:
            slug = slugify(value)
            label = self.canonical.get(folder, {}).get(slug)
            found = cache[value] = (slugify(label), label) if label else (slug, None)
        return found


def load_synonyms(content_dir: Path) -> tuple[Synonyms, list[ContentError]]:
    path = content_dir / SYNONYMS_FILE
    shown = f"{content_dir.name}/{SYNONYMS_FILE}"
    if not path.is_file():
        return Synonyms(), []
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        return Synonyms(), [ContentError(shown, 1, "", "fichier trop gros.", "gardez-y seulement les synonymes.")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Synonyms(), [ContentError(shown, 1, "", "le fichier n'est pas encodé en UTF-8.", "")]
    doc, errors = parse_yaml(text.replace("\r\n", "\n"), shown, 1)
    if errors:
        return Synonyms(), errors
    if doc.data is None:
        return Synonyms(), []
    errors = check_schema("synonymes", doc, shown)
    if errors:
        return Synonyms(), errors
    out = Synonyms()
    seen: dict[tuple[str, str], tuple[str, Any]] = {}
    for block, groups in doc.data.items():
        folder = TAXONOMY_BY_SYNONYMS_KEY[block].folder  # the schema allows no other block
        table = out.canonical.setdefault(folder, {})
        for canonical, variants in groups.items():
            for index, variant in enumerate(variants):
                where = (block, canonical, index)
                slug = slugify(variant)
                if (folder, slug) in seen and seen[(folder, slug)][0] != canonical:
                    errors.append(ContentError(shown, doc.line_of(where), key_path(where),
                                               f"« {variant} » est déjà rangé sous « {seen[(folder, slug)][0]} ».",
                                               "un synonyme ne peut mener qu'à une seule valeur."))
                    continue
                seen[(folder, slug)] = (canonical, where)
                table[slug] = canonical
            table.setdefault(slugify(canonical), canonical)
    return (out, errors) if not errors else (Synonyms(), errors)


Key = tuple[str, str]  # (taxonomy folder, value slug)


def own_keys(metier: Metier, synonyms: Synonyms) -> dict[Key, str]:
    """{(taxonomy folder, value slug): value as the fiche writes it} for one métier: the one place
    where values are resolved (synonyms, slugs)."""
    own: dict[Key, str] = {}
    for taxonomy in TAXONOMIES:
        folder = taxonomy.folder
        for value in values_of(metier, taxonomy):
            key = (folder, synonyms.resolve(folder, value)[0])
            if key[1] and key not in own:
                own[key] = value
    return own


def metier_order(metiers: dict[str, Metier]) -> list[str]:
    """The order of every list of métiers: by title, then slug."""
    return sorted(metiers, key=lambda s: (alphabetical(metiers[s].titre), s))


def metier_keys(metiers: dict[str, Metier], synonyms: Synonyms) -> dict[str, dict[Key, str]]:
    """métier slug -> its values (``own_keys``), the métiers in the order of every list of them:
    the taxonomy pages and the related métiers both start from it."""
    return {slug: own_keys(metiers[slug], synonyms) for slug in metier_order(metiers)}


def make_term(key: Key, members: list[str], keys: dict[str, dict[Key, str]], synonyms: Synonyms) -> Term:
    """The term of a value held by ``members`` (in title order); its label is the canonical value
    when synonyms name one, else the form written most often (a niveau: its own label)."""
    folder, slug = key
    counter = Counter([keys[s][key].strip() for s in members])
    first = next(iter(counter))
    if folder == "formations":
        label = NIVEAU_LABELS.get(first, first)
    else:
        label = synonyms.resolve(folder, first)[1] or min(counter, key=lambda f: (-counter[f], f))
    return Term(TAXONOMY_BY_FOLDER[folder], slug, label, members)


def _sorted_terms(folder: str, terms: Iterable[Term], keys: dict[str, dict[Key, str]]) -> dict[str, Term]:
    """A taxonomy's terms in the order of its index: niveaux from the lowest, others by label."""
    if folder == "formations":
        # by the niveau's own order: the value as first written, which is one of NIVEAU_ORDER
        def rank(term: Term) -> Any:
            return NIVEAU_ORDER.index(keys[term.metiers[0]][(folder, term.slug)].strip())
        order = sorted(terms, key=rank)
    else:
        order = sorted(terms, key=lambda t: (alphabetical(t.label), t.slug))
    return {t.slug: t for t in order}


def build_terms(metiers: dict[str, Metier], synonyms: Synonyms,
                keys: dict[str, dict[Key, str]] | None = None) -> dict[str, dict[str, Term]]:
    """Every value of every taxonomy, with the métiers that have it. Linear in the content."""
    if keys is None:
        keys = metier_keys(metiers, synonyms)
    members: dict[Key, list[str]] = defaultdict(list)
    for slug, own in keys.items():  # in title order
        for key in own:
            members[key].append(slug)
    made: dict[str, list[Term]] = {t.folder: [] for t in TAXONOMIES}
    for key, holders in members.items():
        made[key[0]].append(make_term(key, holders, keys, synonyms))
    return {folder: _sorted_terms(folder, terms, keys) for folder, terms in made.items()}


def update_terms(terms: dict[str, dict[str, Term]], keys: dict[str, dict[Key, str]], touched: set[Key],
                 changed: set[str], number: dict[str, int], synonyms: Synonyms) -> dict[str, dict[str, Term]]:
    """``terms`` after an edit: ``changed`` métiers now have the values ``keys`` gives, and
    ``touched`` are the values they gained, lost or wrote otherwise. The same as ``build_terms``
    (a test compares them), made from the terms touched only; untouched terms are the same objects."""
    out = dict(terms)
    by_folder: dict[str, list[str]] = defaultdict(list)
    for folder, slug in touched:
        by_folder[folder].append(slug)
    for folder, slugs in by_folder.items():
        current = terms[folder]
        made: dict[str, Term | None] = {}
        for slug in slugs:
            key = (folder, slug)
            old = current.get(slug)
            holders = [s for s in old.metiers if s not in changed] if old else []
            holders += [s for s in changed if key in keys[s]]
            holders.sort(key=number.__getitem__)
            made[slug] = make_term(key, holders, keys, synonyms) if holders else None
        if all(slug in current and term is not None and term.label == current[slug].label
               for slug, term in made.items()):
            out[folder] = {slug: made.get(slug) or term for slug, term in current.items()}  # same order
        else:
            kept = [term for slug, term in current.items() if slug not in made]
            out[folder] = _sorted_terms(folder, kept + [t for t in made.values() if t is not None], keys)
    return out

"""Related métiers: the curated ones first, then those that share the most.

Scores come from an inverted index (value -> métiers that have it), never from
comparing every pair. A value that a large share of métiers have (a stop word,
in search terms) tells little and would make the work quadratic: it does not
bring candidates, it only adds to the score of those found through rarer values.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .model import Metier
from .taxonomy import TAXONOMY_BY_FOLDER, Synonyms, Taxonomy, values_of

# One place for the rules: what each kind of shared value is worth, the score a
# computed relation needs, how many are shown, and when a value is too common.
WEIGHTS = {"competences": 3, "secteurs": 2, "qualites": 1, "formations": 1}
THRESHOLD = 4
LIMIT = 6
COMMON_SHARE = 0.05  # a value held by more than 5 % of métiers (and > COMMON_MIN) brings no candidates
COMMON_MIN = 50


@dataclass(frozen=True)
class Related:
    slug: str
    curated: bool
    score: int
    shared: tuple[tuple[str, tuple[str, ...]], ...]  # (taxonomy folder, shared values) in WEIGHTS order


def related_metiers(metiers: dict[str, Metier], synonyms: Synonyms) -> dict[str, list[Related]]:
    slugs = sorted(metiers)
    title = {s: metiers[s].titre.lower() for s in slugs}
    taxonomies: list[Taxonomy] = [TAXONOMY_BY_FOLDER[f] for f in WEIGHTS]
    # métier -> its (folder, value slug, label); value -> métiers
    terms: dict[str, list[tuple[str, str, str]]] = {}
    keys: dict[str, set[tuple[str, str]]] = {}
    index: dict[tuple[str, str], list[str]] = defaultdict(list)
    for s in slugs:
        own = []
        seen = set()
        for taxonomy in taxonomies:
            for value in values_of(metiers[s], taxonomy):
                slug, label = synonyms.resolve(taxonomy.folder, value)
                key = (taxonomy.folder, slug)
                if slug and key not in seen:
                    seen.add(key)
                    own.append((taxonomy.folder, slug, label or value))
                    index[key].append(s)
        terms[s] = own
        keys[s] = seen
    common = max(COMMON_MIN, int(len(slugs) * COMMON_SHARE))
    out: dict[str, list[Related]] = {}
    for s in slugs:
        scores: dict[str, int] = defaultdict(int)
        shared: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        frequent = []
        for folder, value, label in terms[s]:
            holders = index[(folder, value)]
            if len(holders) > common:
                frequent.append((folder, value, label))
                continue
            for other in holders:
                if other != s:
                    scores[other] += WEIGHTS[folder]
                    shared[other][folder].append(label)
        for folder, value, label in frequent:  # common values only add to candidates found otherwise
            for other in scores:
                if (folder, value) in keys[other]:
                    scores[other] += WEIGHTS[folder]
                    shared[other][folder].append(label)
        curated = [p for p in metiers[s].metiers_proches if p in metiers and p != s]
        result = [Related(p, True, scores.get(p, 0), _shared(shared.get(p))) for p in curated]
        computed = sorted((o for o, score in scores.items() if score >= THRESHOLD and o not in curated),
                          key=lambda o: (-scores[o], title[o], o))
        result += [Related(o, False, scores[o], _shared(shared[o])) for o in computed[:max(0, LIMIT - len(curated))]]
        out[s] = result
    return out


def _shared(by_folder: dict[str, list[str]] | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not by_folder:
        return ()
    return tuple((f, tuple(by_folder[f])) for f in WEIGHTS if by_folder.get(f))

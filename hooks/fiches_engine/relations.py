"""Related métiers: the curated ones first, then those that share the most.

Scores come from an inverted index (value -> métiers that have it), never from
comparing every pair. A value that many métiers have (a stop word, in search
terms) tells little and would make the work quadratic: it does not bring
candidates, it only adds to the score of the best candidates found through
rarer values.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from typing import NamedTuple

from .model import Metier
from .taxonomy import TAXONOMY_BY_FOLDER, Synonyms, values_of

# One place for the rules: what each kind of shared value is worth, the score a
# computed relation needs, how many are shown, when a value is too common to
# bring candidates, and how many candidates get their full score.
WEIGHTS = {"competences": 3, "secteurs": 2, "qualites": 1, "formations": 1}
THRESHOLD = 4
LIMIT = 6
COMMON = 50  # a value held by more métiers than this brings no candidate (it still counts)
SHORTLIST = 3 * LIMIT

Key = tuple[str, str]  # (taxonomy folder, value slug)


class Related(NamedTuple):  # a NamedTuple: tens of thousands are made, frozen dataclasses cost more
    slug: str
    curated: bool
    score: int


class Relations(dict[str, list[Related]]):
    """métier slug -> its related métiers, in order; and what two métiers share, for the reason shown."""

    def __init__(self, keys: dict[str, dict[Key, str]]) -> None:
        super().__init__()
        self._keys = keys

    def shared(self, a: str, b: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """(taxonomy folder, values as ``a`` writes them) for every value both have, in WEIGHTS order.

        Computed when a page is written rather than for every pair chosen: the
        relating stays fast at tens of thousands of métiers.
        """
        own, other = self._keys[a], self._keys[b]
        by_folder: dict[str, list[str]] = defaultdict(list)
        for key, value in own.items():
            if key in other:
                by_folder[key[0]].append(value)
        return tuple((f, tuple(by_folder[f])) for f in WEIGHTS if by_folder.get(f))


def related_metiers(metiers: dict[str, Metier], synonyms: Synonyms) -> Relations:
    slugs = sorted(metiers)
    title = {s: metiers[s].titre.lower() for s in slugs}
    rank = {s: i for i, s in enumerate(sorted(slugs, key=lambda s: (title[s], s)))}
    # métier -> {value key: value as written}; value key -> métiers
    keys: dict[str, dict[Key, str]] = {}
    index: dict[Key, list[str]] = defaultdict(list)
    for s in slugs:
        own: dict[Key, str] = {}
        for folder in WEIGHTS:
            for value in values_of(metiers[s], TAXONOMY_BY_FOLDER[folder]):
                key = (folder, synonyms.resolve(folder, value)[0])
                if key[1] and key not in own:
                    own[key] = value
                    index[key].append(s)
        keys[s] = own
    # Common values get one bit each, in one mask per métier and kind of value: what two
    # métiers share of them is then an AND and a bit count rather than a loop over values.
    bits = {key: 1 << i for i, key in enumerate(k for k in sorted(index) if len(index[k]) > COMMON)}
    w0, w1, w2, w3 = WEIGHTS.values()
    masks: dict[str, tuple[int, int, int, int]] = {}
    for s in slugs:
        by_folder = dict.fromkeys(WEIGHTS, 0)
        for key in keys[s]:
            if key in bits:
                by_folder[key[0]] |= bits[key]
        masks[s] = tuple(by_folder.values())  # type: ignore[assignment]
    out = Relations(keys)
    for s in slugs:
        own = keys[s]
        scores: dict[str, int] = defaultdict(int)
        for key in own:
            if key in bits:
                continue
            weight = WEIGHTS[key[0]]
            for other in index[key]:
                scores[other] += weight
        scores.pop(s, None)
        if len(scores) > SHORTLIST:
            # ties broken by title, so that the shortlist, like the result, never depends on dict order
            shortlist = heapq.nlargest(SHORTLIST, scores, key=lambda o: (scores[o], -rank[o]))
        else:
            shortlist = list(scores)
        a0, a1, a2, a3 = masks[s]
        full = {}
        for o in shortlist:
            b0, b1, b2, b3 = masks[o]
            full[o] = scores[o] + (w0 * (a0 & b0).bit_count() + w1 * (a1 & b1).bit_count()
                                   + w2 * (a2 & b2).bit_count() + w3 * (a3 & b3).bit_count())
        curated = [p for p in metiers[s].metiers_proches if p in metiers and p != s]
        computed = sorted((o for o, score in full.items() if score >= THRESHOLD and o not in curated),
                          key=lambda o: (-full[o], rank[o]))
        result = [Related(p, True, sum(WEIGHTS[k[0]] for k in own if k in keys[p])) for p in curated]
        result += [Related(o, False, full[o]) for o in computed[:max(0, LIMIT - len(curated))]]
        out[s] = result
    return out

"""Related métiers: the curated ones first, then those that share the most.

Scores come from an inverted index (value -> métiers that have it), never from
comparing every pair. A value that many métiers have (a stop word, in search
terms) tells little and would make the work quadratic: it does not bring
candidates, it only adds to the score of the best candidates found through
rarer values.
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

from .model import Metier
from .taxonomy import Key, Synonyms, metier_keys

# One place for the rules: what each kind of shared value is worth, the score a
# computed relation needs, how many are shown, when a value is too common to
# bring candidates, and how many candidates get their full score.
WEIGHTS = {"competences": 3, "secteurs": 2, "qualites": 1, "formations": 1}
THRESHOLD = 4
LIMIT = 6
COMMON = 50  # a value held by more métiers than this brings no candidate (it still counts)
SHORTLIST = 3 * LIMIT

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


def related_metiers(metiers: dict[str, Metier], synonyms: Synonyms,
                    keys: dict[str, dict[Key, str]] | None = None) -> Relations:
    """Each métier's related métiers. ``keys`` (from ``metier_keys``) saves resolving the values again."""
    if keys is None:
        keys = metier_keys(metiers, synonyms)
    # Métiers are numbered in title order (that of ``keys``): a tie between two scores goes to the lower
    # number, and (score, number) packs into one integer, score * n - number, that sorts with no key function.
    order = list(keys)
    n = len(order)
    number = {s: i for i, s in enumerate(order)}
    index: dict[Key, list[int]] = defaultdict(list)
    for i, s in enumerate(order):
        for key in keys[s]:
            index[key].append(i)
    # A common value gets as many bits as it weighs, in one mask per métier: what two métiers
    # share of the common values is then worth one AND and one bit count.
    bits: dict[Key, int] = {}
    width = 0
    for key in sorted(k for k, holders in index.items() if len(holders) > COMMON):
        weight = WEIGHTS[key[0]]
        bits[key] = ((1 << weight) - 1) << width
        width += weight
    masks = [0] * n
    rare: list[list[tuple[int, list[int]]]] = [[] for _ in range(n)]
    for i, s in enumerate(order):
        mask = 0
        for key in keys[s]:
            bit = bits.get(key)
            if bit:
                mask |= bit
            else:
                rare[i].append((WEIGHTS[key[0]], index[key]))
        masks[i] = mask
    out = Relations(keys)
    for i, s in enumerate(order):
        own_rare = rare[i]
        if len(own_rare) == 1:  # the usual case: no sums to make
            weight, holders = own_rare[0]
            scores = dict.fromkeys(holders, weight)
        else:
            scores = {}
            for weight, holders in own_rare:
                for o in holders:
                    scores[o] = scores.get(o, 0) + weight
        scores.pop(i, None)
        packed = [score * n - o for o, score in scores.items()]
        if len(packed) > SHORTLIST:
            # sorting a few dozen integers in C beats heapq.nlargest's Python-level loop
            packed.sort(reverse=True)
            del packed[SHORTLIST:]
        mask = masks[i]
        full = []
        for p in packed:
            o = -p % n
            score = (p + o) // n + (mask & masks[o]).bit_count()
            if score >= THRESHOLD:
                full.append(score * n - o)
        full.sort(reverse=True)
        result = []
        for p in metiers[s].metiers_proches:
            o = number.get(p)
            if o is not None and o != i and all(r.slug != p for r in result):
                result.append(Related(p, True, scores.get(o, 0) + (mask & masks[o]).bit_count()))
        curated = {r.slug for r in result}
        for p in full:
            if len(result) >= LIMIT:
                break
            o = -p % n
            if order[o] not in curated:
                result.append(Related(order[o], False, (p + o) // n))
        out[s] = result
    return out

"""Related métiers: the curated ones first, then those that share the most.

Scores come from an inverted index (value -> métiers that have it), never from
comparing every pair. A value that many métiers have (a stop word, in search
terms) tells little and would make the work quadratic: it does not bring
candidates, it only adds to the score of the best candidates found through
rarer values.
"""

from __future__ import annotations

from bisect import insort
from collections import defaultdict
from typing import NamedTuple

from .model import Metier
from .taxonomy import Key, Synonyms, metier_keys

# One place for the rules: what each kind of shared value is worth, the score a
# computed relation needs, how many are shown, when a value is too common to
# bring candidates, and how many candidates get their full score.
WEIGHTS = {"competences": 3, "secteurs": 2, "qualites": 1, "centres-interet": 1, "formations": 1}
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
    return Scorer(keys).relations(metiers)


class Scorer:
    """The inverted index the related métiers are scored from; a preview keeps it between rebuilds
    and ``update`` says which métiers an edit may have changed the related métiers of."""

    def __init__(self, keys: dict[str, dict[Key, str]]) -> None:
        # Métiers are numbered in title order (that of ``keys``): a tie between two scores goes to the
        # lower number, and (score, number) packs into one integer, score * n - number, that sorts
        # with no key function.
        self.keys = keys
        self.order = list(keys)
        self.number = {s: i for i, s in enumerate(self.order)}
        index: dict[Key, list[int]] = defaultdict(list)
        for i, s in enumerate(self.order):
            for key in keys[s]:
                index[key].append(i)
        self.index = index
        # A common value gets as many bits as it weighs, in one mask per métier: what two métiers
        # share of the common values is then worth one AND and one bit count.
        self.bits: dict[Key, int] = {}
        width = 0
        for key in sorted(k for k, holders in index.items() if len(holders) > COMMON):
            weight = WEIGHTS[key[0]]
            self.bits[key] = ((1 << weight) - 1) << width
            width += weight
        self.masks = [0] * len(self.order)
        # each métier's rare values: (weight, the numbers of the métiers that hold it), the list
        # being the index's own, so that an edit that changes who holds a value changes it here too
        self.rare: list[list[tuple[int, list[int]]]] = [[] for _ in self.order]
        for i in range(len(self.order)):
            self._place(i)

    def _place(self, i: int) -> None:
        mask = 0
        rare = []
        bits, index = self.bits, self.index
        for key in self.keys[self.order[i]]:
            bit = bits.get(key)
            if bit:
                mask |= bit
            else:
                rare.append((WEIGHTS[key[0]], index[key]))
        self.masks[i] = mask
        self.rare[i] = rare

    def relations(self, metiers: dict[str, Metier], previous: Relations | None = None,
                  only: set[int] | None = None) -> Relations:
        """The related métiers of every métier, or of the métiers numbered ``only``, the others'
        being taken from ``previous``."""
        out = Relations(self.keys)
        if previous is not None and only is not None:
            out.update(previous)
        for i in range(len(self.order)) if only is None else sorted(only):
            out[self.order[i]] = self.related(i, metiers)
        return out

    def related(self, i: int, metiers: dict[str, Metier]) -> list[Related]:
        n, masks, order, number = len(self.order), self.masks, self.order, self.number
        own_rare = self.rare[i]
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
        result: list[Related] = []
        for p in metiers[order[i]].metiers_proches:
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
        return result

    def update(self, keys: dict[str, dict[Key, str]], changed: dict[str, dict[Key, str]],
               metiers: dict[str, Metier]) -> set[int] | None:
        """Take the edit of the ``changed`` métiers (slug -> their values before it; ``keys`` holds
        those after, for the same métiers in the same order) and return the numbers of the métiers
        whose related métiers may differ; None when the values too common to bring candidates are no
        longer the same ones: every métier must then be scored again, by a new Scorer."""
        self.keys = keys
        affected: set[int] = set()
        moved: set[Key] = set()  # values gained or lost
        for slug, before in changed.items():
            i = self.number[slug]
            after = keys[slug]
            affected.add(i)
            for key in before.keys() - after.keys():
                holders = self.index[key]
                holders.remove(i)
                if not holders:
                    del self.index[key]
                moved.add(key)
            for key in after.keys() - before.keys():
                insort(self.index[key], i)
                moved.add(key)
        if any((len(self.index.get(key, ())) > COMMON) != (key in self.bits) for key in moved):
            return None
        for slug, before in changed.items():
            i = self.number[slug]
            self._place(i)
            if before.keys() == keys[slug].keys():
                continue  # its scores with every other métier are as they were
            # a métier scores this one only if they share a rare value (it is then a candidate) or
            # if it names it among its métiers proches
            for key in before.keys() | keys[slug].keys():
                if key not in self.bits:
                    affected.update(self.index.get(key, ()))
            affected.update(self.number[s] for s, m in metiers.items() if slug in m.metiers_proches)
        return affected

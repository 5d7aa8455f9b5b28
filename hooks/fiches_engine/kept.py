"""What a preview keeps from one rebuild to the next, and the one rule for dropping it.

A preview (``mkdocs serve``) loads the content again after every save, but the loader
(corpus.FileCache) gives back the very same fiche object for every file whose bytes did not change,
and the relating (taxonomy.update_terms) the very same term for every value an edit left be. So
what was made from an object is still right while it is made from that same object: an edit
makes new objects for what it touched, and only for that. Every per-fiche or per-value memory of
the plan (page specs, the cards lists show, the values two related métiers share, the data files'
records, the review's lines) goes through ``Kept.get`` and follows that rule; what a build did
not ask for is dropped when the next one begins (``Memory.next_build``), so a fiche deleted or a
pair of métiers no longer related is let go.

Two memories are not "kept or made again" but "worked out again from the previous outcome" (the
terms and relations, corpus.RelationsMemo; the review's groups of values, revue.GroupsMemo; the
explorer's shards): their tests compare them with the outcome from scratch, edit after edit.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Kept(Generic[T]):
    """Values by key, each kept while it is asked for with the very same objects (``made_from``)
    and equal ``values``; made again otherwise."""

    def __init__(self) -> None:
        self._before: dict[Hashable, tuple[tuple[Any, ...], Any, T]] = {}
        self._now: dict[Hashable, tuple[tuple[Any, ...], Any, T]] = {}

    def get(self, key: Hashable, made_from: tuple[Any, ...], make: Callable[[], T], values: Any = None) -> T:
        entry = self._now.get(key) or self._before.get(key)
        if (entry is None or len(entry[0]) != len(made_from)
                or not all(map(operator.is_, entry[0], made_from)) or entry[1] != values):
            entry = (made_from, values, make())
        self._now[key] = entry
        return entry[2]

    def keep_all(self) -> None:
        """Everything the previous build had is asked again, as it was: the parts of a larger value
        that was kept whole (so that they are still there when it is made again from them)."""
        self._now.update(self._before)

    def next_build(self) -> None:
        """A build begins: what the previous one asked for is what may be kept."""
        self._before, self._now = self._now, {}


class Memory:
    """The kept values of one preview, moved on together at each build (a full build makes a
    Memory of its own and drops it with the build)."""

    def __init__(self) -> None:
        self._all: list[Kept[Any]] = []

    def kept(self) -> Kept[Any]:
        made: Kept[Any] = Kept()
        self._all.append(made)
        return made

    def next_build(self) -> None:
        for kept in self._all:
            kept.next_build()


def made(key: Hashable, made_from: tuple[Any, ...], make: Callable[[], T], values: Any = None) -> T:
    """``make()``: what a build without memory does (the signature of ``Kept.get``)."""
    return make()

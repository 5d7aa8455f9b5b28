"""The one rule of a preview's memory (fiches_engine.kept): a value is kept while it is asked for
with the very same objects and equal values, made again otherwise, and let go when a build did not
ask for it."""

from __future__ import annotations

from fiches_engine.kept import Kept, Memory, made


class Thing:
    """Equal to any other Thing: only identity may keep a value."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Thing)

    __hash__ = object.__hash__


def counter() -> tuple[list[str], object]:
    calls: list[str] = []
    return calls, lambda name: (lambda: calls.append(name) or f"{name}-{len(calls)}")


def test_kept_while_made_from_the_same_objects() -> None:
    calls, make = counter()
    memory = Memory()
    kept = memory.kept()
    a, b = Thing(), Thing()
    memory.next_build()
    assert kept.get("a", (a,), make("a")) == "a-1"
    memory.next_build()
    assert kept.get("a", (a,), make("a")) == "a-1"  # same object: kept
    memory.next_build()
    assert kept.get("a", (b,), make("a")) == "a-2"  # an equal but other object: made again
    memory.next_build()
    assert kept.get("a", (b,), make("a"), values=1) == "a-3"  # other values: made again
    memory.next_build()
    assert kept.get("a", (b,), make("a"), values=1) == "a-3"
    assert kept.get("a", (b, a), make("a"), values=1) == "a-4"  # made from more: made again
    assert calls == ["a", "a", "a", "a"]


def test_what_a_build_did_not_ask_for_is_let_go() -> None:
    calls, make = counter()
    memory = Memory()
    first, second = memory.kept(), memory.kept()
    a = Thing()
    memory.next_build()
    first.get("x", (a,), make("x"))
    second.get("y", (a,), make("y"))
    memory.next_build()
    first.get("x", (a,), make("x"))  # asked: kept for the next build
    memory.next_build()
    first.get("x", (a,), make("x"))
    second.get("y", (a,), make("y"))  # not asked by the previous build: made again
    assert calls == ["x", "y", "y"]


def test_the_parts_of_a_value_kept_whole_are_kept_with_it() -> None:
    calls, make = counter()
    memory = Memory()
    parts = memory.kept()
    a = Thing()
    memory.next_build()
    parts.get("x", (a,), make("x"))
    memory.next_build()
    parts.keep_all()  # the value made of it was kept whole: its parts were not asked, but stay
    memory.next_build()
    parts.get("x", (a,), make("x"))
    assert calls == ["x"]
    memory.next_build()  # not asked, not kept with a whole: let go
    memory.next_build()
    parts.get("x", (a,), make("x"))
    assert calls == ["x", "x"]


def test_a_build_without_memory_makes_everything() -> None:
    calls, make = counter()
    a = Thing()
    assert made("x", (a,), make("x")) == "x-1" and made("x", (a,), make("x")) == "x-2"
    assert calls == ["x", "x"]
    assert isinstance(Memory().kept(), Kept)

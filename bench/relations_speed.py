"""Time to relate métiers (taxonomy terms and related métiers) at 1,000 and 10,000.

    python bench/relations_speed.py [--sizes 1000 10000]

Generates the content (bench/generate.py), loads it, then times only
Corpus.relate(), which builds the taxonomy terms and the related métiers from
inverted indexes. Target: well under a second at 10,000 métiers. As a
baseline from the same run: the time to load the same content.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))
from generate import generate  # noqa: E402

from fiches_engine.corpus import load_corpus, no_cyclic_gc  # noqa: E402
from fiches_engine.relations import related_metiers  # noqa: E402
from fiches_engine.taxonomy import build_terms, metier_keys  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            project = generate(Path(tmp) / "site", size, 0, 0)
            start = time.perf_counter()
            corpus, errors = load_corpus(project / "fiches")
            load = time.perf_counter() - start
            assert not errors, errors[:3]
            best = float("inf")
            for _ in range(3):
                start = time.perf_counter()
                corpus.relate()
                best = min(best, time.perf_counter() - start)
            phases = [float("inf")] * 3
            for _ in range(3):  # the same work, phase by phase, to show where the time goes
                with no_cyclic_gc():
                    t0 = time.perf_counter()
                    keys = metier_keys(corpus.metiers, corpus.synonyms)
                    t1 = time.perf_counter()
                    build_terms(corpus.metiers, corpus.synonyms, keys)
                    t2 = time.perf_counter()
                    related_metiers(corpus.metiers, corpus.synonyms, keys)
                    t3 = time.perf_counter()
                phases = [min(a, b) for a, b in zip(phases, (t1 - t0, t2 - t1, t3 - t2))]
            linked = sum(len(r) for r in corpus.related.values()) / len(corpus.metiers)
            values = sum(len(t) for t in corpus.terms.values())
            print(f"{size:>6} métiers : relations en {best * 1000:.0f} ms (chargement {load * 1000:.0f} ms, "
                  f"rapport {best / load:.2f}) ; {linked:.1f} métiers proches par métier, {values} valeurs de taxonomie")
            print(f"         dont valeurs résolues {phases[0] * 1000:.0f} ms, pages de taxonomie {phases[1] * 1000:.0f} ms, "
                  f"métiers proches {phases[2] * 1000:.0f} ms")


if __name__ == "__main__":
    main()

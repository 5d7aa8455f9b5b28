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

from fiches_engine.corpus import load_corpus  # noqa: E402


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
            linked = sum(len(r) for r in corpus.related.values()) / len(corpus.metiers)
            values = sum(len(t) for t in corpus.terms.values())
            print(f"{size:>6} métiers : relations en {best * 1000:.0f} ms (chargement {load * 1000:.0f} ms, "
                  f"rapport {best / load:.2f}) ; {linked:.1f} métiers proches par métier, {values} valeurs de taxonomie")


if __name__ == "__main__":
    main()

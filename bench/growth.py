"""How the cost of a build grows with the content: time and peak memory at two sizes.

    python bench/growth.py [--petit 500] [--grand 5000] [--realiste]

Generates both corpora (bench/generate.py), builds each with `mkdocs build` in a
subprocess, and prints the time, the pages written, the peak memory (the
largest resident size of the build and of Pagefind, which it starts), and the
ratios between the two sizes. A site ten times larger should cost about ten
times more time per build (a ratio per page near 1), and memory should grow no
faster than the pages.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import counts, generate  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}
# A wrapper process runs the build and reports the peak resident size of its descendants
# (getrusage of the children: the build, and Pagefind, whichever was larger), in KB on Linux.
PEAK = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(code)")


def build(project: Path, site: Path) -> tuple[float, int, int]:
    """Seconds, HTML pages written, peak memory in MB."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", PEAK, sys.executable, "-m", "mkdocs", "build", "-q",
                             "-f", str(project / "mkdocs.yml"), "-d", str(site)],
                            check=True, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    elapsed = time.perf_counter() - start
    pages = sum(1 for p in site.rglob("*.html") if "pagefind" not in p.parts)
    return elapsed, pages, int(result.stdout.split()[-1]) // 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--petit", type=int, default=500)
    parser.add_argument("--grand", type=int, default=5000)
    parser.add_argument("--realiste", action="store_true", help="corpus à la forme des nomenclatures réelles")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (args.petit, args.grand):
            temoignages, offres = counts(size, args.realiste)
            project = generate(Path(tmp) / f"fiches-{size}", size, temoignages, offres, realistic=args.realiste)
            elapsed, pages, peak = build(project, Path(tmp) / f"site-{size}")
            rows.append((size, elapsed, pages, peak))
            print(f"{size} métiers : {pages} pages en {elapsed:.1f} s ({elapsed / pages * 1000:.2f} ms par page), "
                  f"mémoire au plus {peak} Mo", flush=True)
    (small, t1, p1, m1), (large, t2, p2, m2) = rows
    print(f"de {small} à {large} métiers : {p2 / p1:.1f} fois plus de pages, {t2 / t1:.1f} fois plus de temps "
          f"({(t2 / p2) / (t1 / p1):.2f} fois le temps par page), {m2 / m1:.1f} fois plus de mémoire "
          f"({(m2 / p2) / (m1 / p1):.2f} fois la mémoire par page)")


if __name__ == "__main__":
    main()

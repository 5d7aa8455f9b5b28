"""The property-based tests of tests/test_fuzz.py, run long: many more bodies and builds than CI.

    .venv/bin/python bench/fuzz.py [--exemples 20000] [--constructions 30]

Prints how many examples each property ran and how long it took; exits non-zero on the first
counterexample, which Hypothesis prints (add it to tests/cases/ as a fiche and its message).
The seed is random here (CI's run is derandomized), so each run explores new inputs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description="Tests par propriétés, version longue.")
    parser.add_argument("--exemples", type=int, default=20000, help="corps de fiche générés (défaut : 20000)")
    parser.add_argument("--constructions", type=int, default=30, help="sites construits (défaut : 30)")
    args = parser.parse_args()
    env = {**os.environ, "FICHES_FUZZ_EXAMPLES": str(args.exemples), "FICHES_FUZZ_BUILDS": str(args.constructions),
           "FICHES_FUZZ_RANDOM": "1"}
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_fuzz.py",
                             "tests/test_hostile.py", "-k", "not browser and not hostile_values",
                             "-p", "hypothesis", "--hypothesis-seed", str(int(time.time())),
                             "--hypothesis-show-statistics"], cwd=ROOT, env=env)
    print(f"{args.exemples} corps, {args.constructions} constructions : {time.perf_counter() - start:.0f} s, "
          f"{'aucun contre-exemple' if result.returncode == 0 else 'contre-exemple trouvé (voir plus haut)'}.")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())

"""How fast `fiches check` reads a large content folder.

    python bench/check_speed.py [--metiers 5000]

Generates the métiers (bench/generate.py) in a temporary folder, runs the real
command three times and prints fiches per second (target: at least 5,000 at
5,000 métiers), with, as a baseline from the same run, the time plain
PyYAML (libyaml) takes just to load the same front matters.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--metiers", type=int, default=5000)
    parser.add_argument("--realiste", action="store_true", help="corpus à la forme des nomenclatures réelles")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = generate(Path(tmp) / "site", args.metiers, 0, 0, realistic=args.realiste)
        files = sorted((project / "fiches" / "metiers").glob("*.md"))
        start = time.perf_counter()
        for path in files:
            yaml.load(path.read_text(encoding="utf-8").split("\n---", 1)[0][4:], Loader=yaml.CSafeLoader)
        baseline = time.perf_counter() - start
        print(f"{len(files)} métiers générés")
        print(f"référence, yaml.load (libyaml) seul : {baseline:.2f} s, {len(files) / baseline:,.0f} fiches/s")
        best = 0.0
        for run in range(3):
            start = time.perf_counter()
            result = subprocess.run([sys.executable, "-m", "fiches_engine.cli", "check", "--dossier",
                                     str(project / "fiches")], capture_output=True, text=True)
            wall = time.perf_counter() - start
            assert result.returncode == 0, result.stdout[-2000:]
            speed = float(re.search(r"([\d ]+) fiches/s", result.stdout)[1].replace(" ", ""))
            best = max(best, speed)
            print(f"essai {run + 1} : {result.stdout.strip()} ; commande entière (démarrage compris) "
                  f"{wall:.2f} s, {len(files) / wall:,.0f} fiches/s")
        print(f"meilleur : {best:,.0f} fiches/s (objectif : 5 000) ; "
              f"rapport à yaml.load seul : {best / (len(files) / baseline):.2f}")


if __name__ == "__main__":
    main()

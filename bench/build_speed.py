"""Build cost per page of a Fiches site, against plain mkdocs-material in the same run.

    python bench/build_speed.py [--metiers 5000]

Generates the content (bench/generate.py) and builds it with Fiches. The
baseline is the same content built by mkdocs-material alone: every fiche
file, front matter included, becomes a Markdown page of a project with the
same mkdocs.yml (theme, navigation, Markdown extensions, search plugin) but no
hooks and no template overrides. Each build is timed as a person runs it
(``mkdocs build`` in a subprocess); the cost per page is the time divided by
the HTML pages written. Target: Fiches at most 1.05 x the baseline per page.
Also printed: the time of Pagefind's indexing, part of the Fiches build, and
the fiche page sizes (target: at most 30 KB whatever the number of fiches).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from markupsafe import Markup

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))
from generate import ROOT, counts, generate  # noqa: E402

from fiches_engine.corpus import load_corpus  # noqa: E402
from fiches_engine.search_index import build_search_index, find_pagefind  # noqa: E402
from fiches_engine.site_pages import plan  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}


def build(config: Path, site: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
                   check=True, env=ENV, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def striptags(text: str) -> str:
    return Markup(text).striptags()


def pages(site: Path) -> list[Path]:
    return [p for p in site.rglob("*.html") if "pagefind" not in p.parts and p.name != "404.html"]


def plain_project(generated: Path, dest: Path) -> Path:
    """The generated content as a mkdocs-material project without Fiches, with the same navigation.

    Its pages: every fiche file as it is (material ignores the front matter it
    does not know), the hand-written pages, the index of each kind linking to all
    its fiches, as a hand-made site's would, and a plain page for every other
    page Fiches generates (taxonomy pages), so both sites have the same pages.
    """
    shutil.copytree(ROOT / "docs", dest / "docs")
    docs = dest / "docs"
    # the stylesheet mkdocs.yml names (extra_css) is the theme's (overrides/assets/), left out here
    shutil.copytree(ROOT / "overrides" / "assets", docs / "assets", dirs_exist_ok=True)
    (docs / "index.md").write_text("# Fiches métiers\n\nDes fiches pour savoir ce qu'est un métier.\n", encoding="utf-8")
    for folder in ("metiers", "temoignages", "offres"):
        shutil.copytree(generated / "fiches" / folder, docs / folder, dirs_exist_ok=True)
        links = "".join(f"- [{p.stem}]({p.name})\n" for p in sorted((docs / folder).glob("*.md")))
        (docs / folder / "index.md").write_text(f"# {folder.capitalize()}\n\n{links}", encoding="utf-8")
    # Every other page Fiches makes (the taxonomy pages: one per compétence, qualité, secteur,
    # niveau, and their indexes) gets a plain page at the same address: the same page count and
    # the same navigation, only without Fiches' templates and hooks.
    corpus, _ = load_corpus(generated / "fiches")
    for spec in plan(corpus, date(2026, 1, 1)).pages:
        target = docs / spec.src_uri
        if spec.source or target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"# {striptags(spec.title)}\n\n{striptags(spec.description)}\n", encoding="utf-8")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"\nhooks:\n(  - .*\n)+", "\n", config)
    config = re.sub(r"\nwatch:\n(  - .*\n)+", "\n", config)
    config = re.sub(r"\nextra_javascript:\n(  - .*\n)+", "\n", config)
    config = config.replace("  custom_dir: overrides\n", "")
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    return dest


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--metiers", type=int, default=5000)
    parser.add_argument("--realiste", action="store_true", help="corpus à la forme des nomenclatures réelles")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        temoignages, offres = counts(args.metiers, args.realiste)
        project = generate(work / "fiches", args.metiers, temoignages, offres, realistic=args.realiste)
        plain = plain_project(project, work / "plain")
        # alternate the two builds, twice, and keep the faster of each: the machine is noisy
        fiches_time = plain_time = float("inf")
        for _ in range(2):
            plain_time = min(plain_time, build(plain / "mkdocs.yml", work / "site-plain"))
            fiches_time = min(fiches_time, build(project / "mkdocs.yml", work / "site-fiches"))
        fiches_pages, plain_pages = pages(work / "site-fiches"), pages(work / "site-plain")
        shutil.rmtree(work / "site-fiches" / "pagefind")
        start = time.perf_counter()
        build_search_index(work / "site-fiches", find_pagefind(project).command)
        pagefind_time = time.perf_counter() - start
        fiche_sizes = sorted(p.stat().st_size for p in fiches_pages if p.parent.parent.name == "metiers")
    per_fiches = fiches_time / len(fiches_pages) * 1000
    per_plain = plain_time / len(plain_pages) * 1000
    print(f"{args.metiers} métiers, {temoignages} témoignages, {offres} offres"
          + (" (corpus réaliste)" if args.realiste else ""))
    print(f"mkdocs-material seul : {plain_time:.1f} s pour {len(plain_pages)} pages, {per_plain:.2f} ms par page")
    print(f"Fiches : {fiches_time:.1f} s pour {len(fiches_pages)} pages, {per_fiches:.2f} ms par page, "
          f"soit {per_fiches / per_plain:.2f} fois mkdocs-material seul (objectif : 1,05 au plus)")
    print(f"  dont l'index de recherche Pagefind : {pagefind_time:.1f} s "
          f"({pagefind_time / len(fiches_pages) * 1000:.2f} ms par page) ; sans lui, "
          f"{(fiches_time - pagefind_time) / len(fiches_pages) * 1000:.2f} ms par page, "
          f"{(fiches_time - pagefind_time) / len(fiches_pages) * 1000 / per_plain:.2f} fois")
    print(f"page d'un métier : {fiche_sizes[len(fiche_sizes) // 2] / 1024:.1f} Ko (médiane), "
          f"{fiche_sizes[-1] / 1024:.1f} Ko au plus (objectif : 30 Ko au plus)")


if __name__ == "__main__":
    main()

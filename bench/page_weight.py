"""How heavy the pages of a large site are, and how fast list pages load on a phone.

    python bench/page_weight.py [--metiers 5000] [--realiste]

Generates the content (bench/generate.py), builds it with Fiches, then prints:
- the heaviest pages by size and by number of elements (targets: 100 KB and 1,500 elements,
  Lighthouse's DOM-size limit);
- for each list page (the first two pages of each kind's list and of the compétences, the other
  taxonomy indexes), its load time in Debian's chromium at 390 px wide with the CPU slowed 4 times
  (no network slowdown), the bytes it downloaded (as served, and gzipped as GitHub Pages sends
  them), and its element count once loaded (target: under 1 s);
- for the explorer on /metiers/, the time from choosing a secteur, or a compétence typed and picked
  from the suggestions, to the results shown, and what that downloaded.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import os
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from generate import counts, generate  # noqa: E402

RUNS = 3
LIST_PAGES = ["metiers/", "metiers/page/2/", "temoignages/", "temoignages/page/2/", "offres/", "offres/page/2/",
              "competences/", "competences/page/2/", "qualites/", "secteurs/", "formations/",
              "a-propos/"]  # the last one, a hand-written page, for reference: material's own cost


class _Count(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.elements += 1


def elements(html: str) -> int:
    counter = _Count()
    counter.feed(html)
    return counter.elements


class Downloads:
    """What a page downloaded: bytes as served, and as gzip would send them (GitHub Pages does)."""

    def __init__(self) -> None:
        self.paths: list[tuple[int, str]] = []
        self.total = 0

    def add(self, response) -> None:
        size = int(response.headers.get("content-length") or 0)
        self.paths.append((self.total, urlsplit(response.url).path))
        self.total += size

    def gzipped(self, site: Path, since: int = 0) -> int:
        total = 0
        for at, path in self.paths:
            file = site / path.lstrip("/")
            file = file / "index.html" if file.is_dir() else file
            if at >= since and file.is_file():
                total += len(gzip.compress(file.read_bytes(), 6))
        return total


def phone_page(browser, url: str, path: str):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
    downloaded = Downloads()
    page.on("response", downloaded.add)
    page.goto(url + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    return page, downloaded


def _timed(page, act, done: str) -> float:
    page.evaluate("() => { window.__debut = performance.now(); }")
    act()
    page.wait_for_function(done, timeout=60_000)
    return page.evaluate("() => performance.now() - window.__debut") / 1000


def choose_sector(page) -> float:
    value = page.locator("#f-secteur option").nth(1).get_attribute("value")
    return _timed(page, lambda: page.select_option("#f-secteur", value),
                  "() => !document.getElementById('explorateur-trouves').hidden")


def type_skill(page) -> float:
    box = page.locator("#f-competence")
    box.press_sequentially("gér", delay=50)  # the generated compétences start with verbs: « gérer … »
    page.wait_for_function("() => document.querySelectorAll('#f-competence-choix option').length > 0", timeout=60_000)
    label = page.locator("#f-competence-choix option").first.get_attribute("value")
    return _timed(page, lambda: box.fill(label), "() => !document.getElementById('explorateur-trouves').hidden")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--metiers", type=int, default=5000)
    parser.add_argument("--realiste", action="store_true")
    args = parser.parse_args()
    from conftest import CHROMIUM, CHROMIUM_ARGS, serve_folder
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        temoignages, offres = counts(args.metiers, args.realiste)
        project = generate(Path(tmp) / "site", args.metiers, temoignages, offres, realistic=args.realiste)
        site = Path(tmp) / "built"
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d",
                        str(site)], check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1",
                                                      "SOURCE_DATE_EPOCH": "1767225600"}, stderr=subprocess.DEVNULL)
        weights = []
        for page in site.rglob("index.html"):
            if "pagefind" in page.parts:
                continue
            html = page.read_text(encoding="utf-8")
            weights.append((len(html.encode()), elements(html), page.parent.relative_to(site).as_posix() + "/"))
        print(f"{args.metiers} métiers{' (corpus réaliste)' if args.realiste else ''}, {len(weights)} pages")
        over = [w for w in weights if w[0] > 100 * 1024 or w[1] > 1500]
        print(f"pages au-delà de 100 Ko ou de 1 500 éléments : {len(over)}")
        for size, count, path in sorted(weights, reverse=True)[:5]:
            print(f"  {path:40} {size / 1024:8.0f} Ko {count:7} éléments")
        with serve_folder(site) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            print("pages de liste, 390 px, processeur ralenti 4 fois (chargement : de la navigation à l'événement "
                  f"load, médiane de {RUNS} chargements, après un premier chargement qui chauffe le navigateur) :")
            phone_page(browser, url, "")[0].context.close()
            for path in LIST_PAGES:
                times = []
                for _ in range(RUNS):
                    page, downloaded = phone_page(browser, url, path)
                    times.append(page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd") / 1000)
                    count = page.evaluate("document.getElementsByTagName('*').length")
                    page.context.close()
                print(f"  {path:28} {statistics.median(times):5.2f} s  {downloaded.total / 1024:6.0f} Ko téléchargés "
                      f"({downloaded.gzipped(site) / 1024:4.0f} Ko compressés)  {count:6} éléments")
            print("explorateur (/metiers/), du choix du filtre aux résultats affichés :")
            for label, act in (("un secteur", choose_sector), ("une compétence tapée", type_skill)):
                page, downloaded = phone_page(browser, url, "metiers/")
                before = downloaded.total
                elapsed = act(page)
                print(f"  {label:28} {elapsed:5.2f} s  {(downloaded.total - before) / 1024:6.0f} Ko téléchargés "
                      f"({downloaded.gzipped(site, since=before) / 1024:4.0f} Ko compressés)")
                page.context.close()
            browser.close()


if __name__ == "__main__":
    main()

"""How heavy the pages of a large site are, and how fast list pages load on a phone.

    python bench/page_weight.py [--metiers 5000] [--realiste]

Generates the content (bench/generate.py), builds it with Fiches, then prints:
- the heaviest pages by size and by number of elements (targets: 100 KB and 1,500 elements,
  Lighthouse's DOM-size limit);
- for each list page (the index of each kind, the taxonomy indexes, the explorer), its load time
  in Debian's chromium at 390 px wide with the CPU slowed 4 times (no network slowdown), the bytes
  it downloaded, and its element count once loaded (target: under 1 s).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from generate import counts, generate  # noqa: E402

LIST_PAGES = ["metiers/", "temoignages/", "offres/", "competences/", "qualites/", "secteurs/", "formations/"]


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
            print("pages de liste, 390 px, processeur ralenti 4 fois :")
            for path in LIST_PAGES + ["metiers/#explorateur"]:
                context = browser.new_context(viewport={"width": 390, "height": 844})
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
                downloaded = [0]
                page.on("response", lambda r: downloaded.__setitem__(0, downloaded[0] + int(r.headers.get("content-length") or 0)))
                start = time.perf_counter()
                page.goto(url + path, wait_until="load")
                page.wait_for_load_state("networkidle")
                elapsed = time.perf_counter() - start
                count = page.evaluate("document.getElementsByTagName('*').length")
                print(f"  {path:28} {elapsed:5.2f} s  {downloaded[0] / 1024:8.0f} Ko téléchargés  {count:7} éléments")
                context.close()
            browser.close()


if __name__ == "__main__":
    main()

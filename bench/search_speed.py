"""What a reader's first search costs at 5,000 métiers, measured in a real browser.

    python bench/search_speed.py [--metiers 5000]

Generates the content (bench/generate.py), builds the site, serves it on
127.0.0.1 and drives Debian's chromium: it prints the bytes downloaded by the
first query (target: at most 300 KB) and the time from the last keystroke to
the results shown once the index is loaded (target: under 100 ms), with, as a
ratio from the same run, the share of the whole search index that was fetched.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

CHROMIUM = os.environ.get("FICHES_CHROMIUM", "/usr/lib/chromium/chromium")
TYPING = 150  # ms between two keys: a brisk typist; each key starts a search (one at a time)
QUERIES = ["projets", "gestion", "territoire", "numérique", "budget", "insertion", "réseau", "animation"]


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser()
    parser.add_argument("--metiers", type=int, default=5000)
    parser.add_argument("--site", type=Path, help="a site built already (by this script's generator): measured as it is")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.site:
            site = args.site
            args.metiers = len(list((site / "metiers").glob("*/index.html")))
        else:
            project = generate(Path(tmp) / "projet", args.metiers, args.metiers // 5, args.metiers // 10)
            site = Path(tmp) / "site"
            subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"),
                            "-d", str(site)], check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        index_bytes = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu",
                                                                        "--disable-background-networking"])
            page = browser.new_page()
            page.goto(url + "metiers/")
            fetched: list[tuple[int, int]] = []

            def count(response) -> None:  # noqa: ANN001
                # (bytes as stored, bytes over the wire from a host that gzips text as GitHub Pages does;
                # Pagefind's index files are gzipped already and travel as they are)
                if "/pagefind/" in response.url:
                    body = response.body()
                    text = response.url.endswith((".js", ".json", ".css"))
                    fetched.append((len(body), len(gzip.compress(body, mtime=0)) if text else len(body)))

            page.on("response", count)
            box = page.locator("input.md-search__input")
            box.click()
            box.press_sequentially(QUERIES[0], delay=TYPING)
            page.wait_for_function("() => /résultat/.test(document.querySelector('.md-search-result__meta').textContent)")
            page.wait_for_timeout(1000)
            page.remove_listener("response", count)
            first = sum(raw for raw, _ in fetched)
            wire = sum(sent for _, sent in fetched)
            measure = """q => new Promise(done => {
                    const input = document.querySelector('.md-search__input');
                    const meta = document.querySelector('.md-search-result__meta');
                    const start = performance.now();
                    const seen = new MutationObserver(() => {
                      if (/résultat/.test(meta.textContent)) { seen.disconnect(); done(performance.now() - start); }
                    });
                    meta.textContent = '';
                    seen.observe(meta, {childList: true, characterData: true, subtree: true});
                    input.value = q;
                    input.dispatchEvent(new Event('input'));
                })"""
            # A word searched for the first time fetches its piece of the index and its results'
            # texts (here from the same machine); searched again, everything it needs is loaded.
            cold = [page.evaluate(measure, query) for query in QUERIES[1:]]
            warm = [page.evaluate(measure, query) for query in QUERIES[1:]]
            browser.close()
        server.shutdown()
        pages = len(list(site.rglob("*.html")))
    print(f"{args.metiers} métiers ({pages} pages)")
    print(f"première recherche : {wire / 1024:.0f} Ko transférés avec la compression gzip d'un hébergeur "
          f"comme GitHub Pages ({first / 1024:.0f} Ko sans compression ; objectif : 300 Ko au plus), "
          f"soit {first / index_bytes:.1%} de l'index complet ({index_bytes / 1024:.0f} Ko)")
    print("recherches suivantes, du dernier caractère tapé aux résultats affichés (objectif : moins de 100 ms "
          "une fois l'index chargé) :")
    print(f"  index chargé : médiane {statistics.median(warm):.0f} ms, maximum {max(warm):.0f} ms "
          f"({', '.join(f'{t:.0f}' for t in warm)})")
    print(f"  mot nouveau (son morceau d'index et ses résultats à télécharger, ici en local) : "
          f"médiane {statistics.median(cold):.0f} ms, maximum {max(cold):.0f} ms ({', '.join(f'{t:.0f}' for t in cold)})")


if __name__ == "__main__":
    main()

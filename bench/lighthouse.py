"""Lighthouse scores (accessibility, best practices, SEO) of every page template.

    python bench/lighthouse.py [SITE_DIR]

Builds the site unless given one, serves it on 127.0.0.1, and runs Lighthouse 12
(npx, from the npm registry) in Debian's chromium on each template. Prints the
scores; exits 1 if one is under the 0.95 target.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROME = os.environ.get("FICHES_CHROMIUM", "/usr/lib/chromium/chromium")
PAGES = ["", "metiers/", "temoignages/", "offres/", "metiers/charge-de-missions-locales/",
         "temoignages/aude-adb-solidatech/", "offres/la-tresse-coordination-communication/", "competences/",
         "competences/gestion-de-projet/", "contribuer/"]
CATEGORIES = ["accessibility", "best-practices", "seo"]
TARGET = 0.95


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tmp) / "site"
        if len(sys.argv) <= 1:
            subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(ROOT / "mkdocs.yml"),
                            "-d", str(site)], check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        worst = 1.0
        print(f"{'page':<48} " + " ".join(f"{c:>15}" for c in CATEGORIES))
        for page in PAGES:
            report = Path(tmp) / "lighthouse.json"
            subprocess.run(["npx", "--yes", "lighthouse@12.8.2", base + page, "--quiet", "--output=json",
                            f"--output-path={report}", f"--only-categories={','.join(CATEGORIES)}",
                            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking"],
                           check=True, env={**os.environ, "CHROME_PATH": CHROME}, capture_output=True)
            scores = {c: json.loads(report.read_text())["categories"][c]["score"] for c in CATEGORIES}
            worst = min(worst, *scores.values())
            print(f"/{page:<47} " + " ".join(f"{scores[c]:>15.2f}" for c in CATEGORIES))
        server.shutdown()
    print(f"plus bas : {worst:.2f} (objectif : {TARGET} au moins)")
    return 0 if worst >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())

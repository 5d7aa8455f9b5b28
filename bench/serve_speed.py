"""Time from saving a fiche to seeing the change in the preview, however the preview is started.

    python bench/serve_speed.py [--metiers 5000] [--realiste] [--sans-base] [--facons serve,dirty,properdocs,script]

Generates the content (bench/generate.py), then for each way of starting the preview (`mkdocs
serve`, `mkdocs serve --dirty`, `properdocs serve`, scripts/serve.sh): waits for its first build
and its search index, then, as an editor would, changes one word of a métier's résumé, then (once
the search caught up again) adds a compétence to it. Each time it measures how long until the
served métier page shows the change (and, for the compétence, until its new compétence page
answers). Then it stops the preview and starts it again on the unchanged project: how long until
its first page shows, and, half a minute later, how long its first edit takes to show. Targets at 5,000 métiers: an edit at most 2 s each way, a restart at most
5 s. The baseline is plain mkdocs-material serving the same fiches as pages (see
bench/build_speed.py), which rebuilds everything after an edit.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_speed import plain_project  # noqa: E402
from generate import counts, generate  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "FICHES_SITE_URL": "https://exemple.org/"}  # served at /


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, needle: str, timeout: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        page = fetch(url)
        if page is not None and needle in page:
            return time.perf_counter() - start
        time.sleep(0.05)
    raise SystemExit(f"« {needle} » n'est jamais apparu sur {url} en {timeout:.0f} s")


ROOT = Path(__file__).resolve().parent.parent
# The ways of starting the preview: the command, before the project's configuration and address
WAYS = {
    "serve": ("mkdocs serve", [sys.executable, "-m", "mkdocs", "serve"]),
    "dirty": ("mkdocs serve --dirty", [sys.executable, "-m", "mkdocs", "serve", "--dirty"]),
    "properdocs": ("properdocs serve", [sys.executable, "-m", "properdocs", "serve"]),
    "script": ("scripts/serve.sh", ["bash", str(ROOT / "scripts" / "serve.sh")]),
}


class Server:
    def __init__(self, project: Path, *flags: str, way: str = "dirty", port: int | None = None) -> None:
        self.port = port or free_port()
        self.log = tempfile.TemporaryFile()
        command = WAYS[way][1] if not flags else [sys.executable, "-m", "mkdocs", "serve", *flags]
        self.process = subprocess.Popen(
            [*command, "-f", str(project / "mkdocs.yml"), "--dev-addr", f"127.0.0.1:{self.port}"],
            stdout=self.log, stderr=subprocess.STDOUT, env=ENV, start_new_session=True)
        self.base = f"http://127.0.0.1:{self.port}/"

    def url(self, path: str) -> str:
        return self.base + path

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)  # scripts/serve.sh's decap-server too
        self.process.wait(30)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, path)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def start(project: Path, pages: Path, *flags: str, way: str = "dirty",
          port: int | None = None) -> tuple[Server, Path, str, float]:
    """The preview of ``project``, the page of the middle file of ``pages`` and its first build's time."""
    files = sorted(pages.glob("*.md"))
    source = files[len(files) // 2]
    server = Server(project, *flags, way=way, port=port)
    page = server.url(f"metiers/{source.stem}/")
    began = time.perf_counter()
    try:
        wait_for(page, "<h1", 900)
    except SystemExit:
        server.stop()
        raise
    time.sleep(1)
    return server, source, page, time.perf_counter() - began - 1


INDEXED = "Index de recherche à jour"  # what the preview logs once its search caught up


def wait_for_index(server: Server, times: int, timeout: float = 900) -> float:
    """Until the preview logged its search index ``times`` times: it works on it after each build."""
    start = time.perf_counter()
    while server.output().count(INDEXED) < times:
        if time.perf_counter() - start > timeout:
            raise SystemExit("l'index de recherche de l'aperçu n'a jamais été à jour")
        time.sleep(0.2)
    return time.perf_counter() - start


def measure_fiches(project: Path, way: str, round_: int) -> tuple[float, float, float, float, float, float]:
    """First build, its search index, an edited résumé, an added compétence, a restart's first page,
    the first edit after that restart.
    ``round_``: the words differ from one way to the next (the same project serves them all)."""
    server, fiche, page, first = start(project, project / "fiches" / "metiers", way=way)
    word, competence_name = f"Reformulé{round_}, ", f"tenue d'un herbier communal {round_}"
    try:
        # An editor saves a fiche once the preview is ready, its search too (at 5,000 métiers the
        # first index takes a while, and the rebuild would share the processor with it).
        index = wait_for_index(server, 1)
        edit(fiche, "resume: ", f"resume: {word}")
        resume = wait_for(page, word, 120)
        wait_for_index(server, 2)
        edit(fiche, "competences:\n", f"competences:\n  - {competence_name}\n")
        competence = wait_for(page, competence_name.replace("'", "&#39;"), 120)
        competence = max(competence, wait_for(server.url(f"competences/tenue-d-un-herbier-communal-{round_}/"), "<h1", 60))
        wait_for_index(server, 3)
        time.sleep(1)
    except SystemExit:
        print(server.output()[-3000:], file=sys.stderr)
        raise
    finally:
        server.stop()
    # the same project, unchanged, served again at the same address (it is in every page)
    server, _, page, restart = start(project, project / "fiches" / "metiers", way=way, port=server.port)
    try:
        # the first save after a restart, once the restarted preview had time to read the project
        time.sleep(30)
        again = f"Relancé{round_}, "
        edit(fiche, "resume: ", f"resume: {again}")
        after_restart = wait_for(page, again, 120)
    finally:
        server.stop()
    return first, index, resume, competence, restart, after_restart


def measure_plain(plain: Path) -> tuple[float, float]:
    server, page_file, page, first = start(plain, plain / "docs" / "metiers")
    try:
        # material does not show the front matter: the word goes into the page's text
        page_file.write_text(page_file.read_text(encoding="utf-8") + "\nReformulé, ici.\n", encoding="utf-8")
        again = wait_for(page, "Reformulé, ici.", 600)
    finally:
        server.stop()
    return first, again


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--metiers", type=int, default=5000)
    parser.add_argument("--realiste", action="store_true", help="corpus à la forme des nomenclatures réelles")
    parser.add_argument("--sans-base", action="store_true", help="sans la mesure de mkdocs-material seul")
    parser.add_argument("--facons", default=",".join(WAYS), help=f"façons de lancer l'aperçu, parmi {', '.join(WAYS)}")
    args = parser.parse_args()
    ways = [w for w in args.facons.split(",") if w]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        temoignages, offres = counts(args.metiers, args.realiste)
        project = generate(work / "fiches", args.metiers, temoignages, offres, realistic=args.realiste)
        plain = None if args.sans_base else plain_project(project, work / "plain")
        print(f"{args.metiers} métiers, {temoignages} témoignages, {offres} offres"
              + (" (corpus réaliste)" if args.realiste else ""))
        for round_, way in enumerate(ways):
            first, index, resume, competence, restart, after_restart = measure_fiches(project, way, round_)
            print(f"Fiches ({WAYS[way][0]}) : première construction {first:.1f} s, sa recherche "
                  f"{index:.1f} s après ; un mot du résumé visible en {resume:.2f} s ; une compétence ajoutée visible en "
                  f"{competence:.2f} s (objectif : 2 s au plus) ; relancé sans changement, première page en "
                  f"{restart:.1f} s (objectif : 5 s au plus), puis un mot du résumé visible en {after_restart:.2f} s",
                  flush=True)
        if plain is not None:
            plain_first, plain_again = measure_plain(plain)
            print(f"mkdocs-material seul (mkdocs serve) : première construction {plain_first:.1f} s ; "
                  f"un mot visible en {plain_again:.2f} s")


if __name__ == "__main__":
    main()

"""The `fiches` command: check the content without building the site, start a new fiche.

    fiches check [CHEMIN...] [--format texte|github]
    fiches new metier|temoignage|offre "Titre"

Same loading, rules and messages as the build (``corpus``); this module only
chooses what to check, runs it on every core, and prints.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Sequence

from .corpus import KINDS, FileCheck, Kind, check_file, check_files, missing_folder
from .errors import ContentError
from .new_fiche import new_fiche_text
from .slugs import slugify

CONTENT = "fiches"
KIND_BY_NAME = {k.schema: k for k in KINDS}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own messages are English; say where to look
        self.print_usage(sys.stderr)
        self.exit(2, f"fiches : commande incomplète ou mal écrite ({message}). Aide : fiches --help\n")


def find_content_dir(start: Path) -> Path:
    """The project's fiches/ folder: in ``start`` or the closest parent that has mkdocs.yml."""
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / CONTENT).is_dir():
            return folder / CONTENT
    return start / CONTENT


def _check_without_body(kind: Kind, path: Path, shown: str) -> FileCheck:
    check = check_file(kind, path, shown)
    check.raw = None  # only errors and references travel back from a worker
    return check


def run_checks(content_dir: Path, jobs: int) -> tuple[list[ContentError], int]:
    """Every error of the content, and how many fiche files were read.

    With several jobs, files are checked in worker processes (fork on Linux: no
    start-up cost worth the name); the rules across files run here afterwards.
    """
    if not content_dir.is_dir():
        return [missing_folder(content_dir)], 0
    if jobs <= 1:
        checks, _, errors = check_files(content_dir)
        return errors, len(checks)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        def parallel(fn, *lists):  # noqa: ANN001, ANN202
            return pool.map(_check_without_body, *lists, chunksize=max(1, len(lists[0]) // (jobs * 4)))
        checks, _, errors = check_files(content_dir, parallel)
        return errors, len(checks)


def _selected(errors: list[ContentError], paths: Sequence[str], content_dir: Path) -> tuple[list[ContentError], int]:
    """Keep the errors of the files or folders named on the command line."""
    if not paths:
        return errors, 0
    root = content_dir.resolve().parent
    wanted: list[str] = []
    problems = 0
    for given in paths:
        target = Path(given).resolve()
        try:
            rel = target.relative_to(root).as_posix()
        except ValueError:
            rel = ""
        if not target.exists() or not (rel == CONTENT or rel.startswith(CONTENT + "/")):
            print(f"{given}: introuvable ou hors du dossier {content_dir} : rien à vérifier.", file=sys.stderr)
            problems += 1
            continue
        wanted.append(rel)
    kept = [e for e in errors if any(e.path == w or e.path.startswith(w.rstrip("/") + "/") for w in wanted)]
    return kept, problems


def _annotation(error: ContentError) -> str:
    """A GitHub Actions workflow command, shown on the line of the pull request's diff."""
    def data(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(text: str) -> str:
        return data(text).replace(":", "%3A").replace(",", "%2C")

    title = f"Fiche : {error.key}" if error.key else "Fiche"
    message = error.message + (f" Astuce : {error.hint}" if error.hint else "")
    return f"::error file={prop(error.path)},line={error.line},title={prop(title)}::{data(message)}"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'s' if n > 1 else ''}".replace(",", " ")


def cmd_check(args: argparse.Namespace) -> int:
    content_dir = Path(args.dossier) if args.dossier else find_content_dir(Path.cwd())
    start = time.perf_counter()
    errors, count = run_checks(content_dir, args.jobs)
    elapsed = time.perf_counter() - start
    errors, problems = _selected(errors, args.paths, content_dir)
    github = args.format == "github" or (args.format is None and os.environ.get("GITHUB_ACTIONS") == "true")
    for error in errors:
        print(error)
        if github:
            print(_annotation(error))
    files = len({e.path for e in errors})
    speed = f"{count / elapsed:,.0f}".replace(",", " ") if elapsed > 0 else "?"
    seconds = f"{elapsed:.2f}".replace(".", ",")
    timing = f"{_plural(count, 'fiche')} lue{'s' if count > 1 else ''} en {seconds} s, {speed} fiches/s"
    if errors:
        print(f"✗ {_plural(len(errors), 'erreur')} dans {_plural(files, 'fichier')} ({timing}).")
        return 1
    if problems:
        print(f"✗ {_plural(problems, 'chemin')} à vérifier introuvable{'s' if problems > 1 else ''} ({timing}).")
        return 1
    print(f"✓ Aucune erreur ({timing}).")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    kind = KIND_BY_NAME[args.type]
    content_dir = Path(args.dossier) if args.dossier else find_content_dir(Path.cwd())
    slug = slugify(args.titre)
    if not slug:
        print("fiches new : le titre doit contenir au moins une lettre ou un chiffre.", file=sys.stderr)
        return 2
    target = content_dir / kind.folder / f"{slug}.md"
    if target.exists():
        print(f"{target} existe déjà : rien n'est écrit. Modifiez ce fichier, ou choisissez un autre titre.",
              file=sys.stderr)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as out:  # "x": never overwrite, even in a race
        out.write(new_fiche_text(kind.schema, args.titre))
    try:
        target = target.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        pass
    print(f"Fiche créée : {target}\nRemplissez les valeurs (les lignes en # expliquent chaque clé), puis : fiches check {target}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = _Parser(prog="fiches", description="Vérifier les fiches et en créer de nouvelles.")
    commands = parser.add_subparsers(dest="commande", required=True, metavar="{check,new}")
    check = commands.add_parser("check", help="vérifier les fiches sans construire le site")
    check.add_argument("paths", nargs="*", metavar="CHEMIN", help="fichiers ou dossiers à vérifier (par défaut : tout fiches/)")
    check.add_argument("--format", choices=["texte", "github"],
                       help="github : ajoute les annotations de GitHub Actions (par défaut si GITHUB_ACTIONS=true)")
    check.add_argument("--dossier", help="dossier des fiches (par défaut : fiches/ du projet)")
    check.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processus en parallèle")
    check.set_defaults(run=cmd_check)
    new = commands.add_parser("new", help="créer une fiche à remplir, nommée d'après son titre")
    new.add_argument("type", choices=sorted(KIND_BY_NAME), help="type de fiche")
    new.add_argument("titre", help="titre de la fiche, entre guillemets")
    new.add_argument("--dossier", help="dossier des fiches (par défaut : fiches/ du projet)")
    new.set_defaults(run=cmd_new)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except BrokenPipeError:  # `fiches check | head`: the reader left, nothing to say
        sys.stderr.close()
        return 1


if __name__ == "__main__":
    sys.exit(main())

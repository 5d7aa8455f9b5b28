"""The `fiches` command: check the content without building the site, start a new fiche.

    fiches check [CHEMIN...] [--format texte|github]
    fiches new métier|témoignage|offre "Titre"
    fiches revue [CHEMIN...] [--liens] [--format texte|github]

Same loading, rules and messages as the build (``corpus``); this module only
chooses what to check, runs it on every core, and prints. In GitHub Actions it
also writes every error to the step summary, since GitHub shows only the first
ten annotations of a step. Everything it says is French, argparse's own words
included.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
import time
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence
from urllib.parse import quote

from . import revue, uploads
from .build_day import build_day
from .corpus import KINDS, FileCheck, Kind, check_file, check_files, load_corpus, missing_folder
from .errors import ContentError
from .new_fiche import new_fiche_text
from .slugs import slugify

CONTENT = "fiches"
DOCS = "docs"  # the hand-written pages and the contributors' images, beside fiches/ (uploads)
KIND_BY_NAME = {k.schema: k for k in KINDS}


# argparse says everything through its module-level ``_`` (gettext) and ``ngettext``, looked up
# when each message is made. We give it French by swapping those two for lookups in the table
# below, only while our parser is built and run (so another argparse user in the same process,
# such as pytest, keeps its own words). A gettext catalogue was the other way: it needs a
# compiled .mo file and works only when the process's locale asks for French (LANGUAGE=fr),
# which CI runners and many editors' machines do not set; this table works everywhere, and
# tests/test_cli.py checks that every message of the installed argparse has its translation.
ARGPARSE_FR = {
    # what editors see
    "usage: ": "utilisation : ",
    # section titles: argparse adds the colon, French typography wants a space before it
    "positional arguments": "arguments ",
    "options": "options ",
    "optional arguments": "options ",  # Python 3.9 and before
    "subcommands": "commandes ",
    "show this help message and exit": "afficher cette aide et quitter",
    "show program's version number and exit": "afficher la version et quitter",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "unrecognized arguments: %s": "en trop ou inconnu : %s",
    "the following arguments are required: %s": "il manque : %s",
    "one of the arguments %s is required": "il faut l'un de ces arguments : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "« %(value)s » n'est pas possible (choix : %(choices)s)",
    "invalid %(type)s value: %(value)r": "valeur « %(value)s » non valable (%(type)s attendu)",
    "expected one argument": "une valeur est attendue après cette option",
    "expected at most one argument": "une valeur au plus est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "expected %s argument": "%s valeur attendue",
    "expected %s arguments": "%s valeurs attendues",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s peut être %(matches)s",
    "not allowed with argument %s": "impossible avec l'argument %s",
    "ignored explicit argument %r": "valeur « %s » inattendue",
    "unexpected option string: %s": "option inattendue : %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "commande « %(parser_name)s » inconnue (choix : %(choices)s)",
    "can't open '%(filename)s': %(error)s": "impossible d'ouvrir « %(filename)s » : %(error)s",
    # mistakes in this file's own code, never an editor's: French all the same
    ".__call__() not defined": ".__call__() non défini",
    "'required' is an invalid argument for positionals": "« required » ne s'applique pas aux arguments positionnels",
    "mutually exclusive arguments must be optional": "des arguments exclusifs l'un de l'autre doivent être facultatifs",
    "%r is not callable": "%r n'est pas appelable",
    "cannot merge actions - two groups are named %r": "fusion impossible : deux groupes s'appellent %r",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r":
        "option %(option)r non valable : elle doit commencer par un caractère parmi %(prefix_chars)r",
    "dest= is required for options like %r": "dest= est obligatoire pour une option comme %r",
    "invalid conflict_resolution value: %r": "valeur de conflict_resolution non valable : %r",
    "cannot have multiple subparser arguments": "un seul groupe de sous-commandes est possible",
    "conflicting subparser: %s": "sous-commande en double : %s",
    "conflicting subparser alias: %s": "alias de sous-commande en double : %s",
    "conflicting option string: %s": "option en double : %s",
    "conflicting option strings: %s": "options en double : %s",
    'argument "-" with mode %r': "argument « - » avec le mode %r",
}


@contextmanager
def french_argparse() -> Iterator[None]:
    """argparse speaks French inside this block (see ARGPARSE_FR)."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = lambda message: ARGPARSE_FR.get(message, message)  # type: ignore[attr-defined]
    argparse.ngettext = lambda one, many, n: ARGPARSE_FR.get(one if n == 1 else many, one if n == 1 else many)
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : commande incomplète ou mal écrite ({message}). Aide : {self.prog} --help\n")


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower().strip()


def _kind(text: str) -> str:
    """The kind of fiche as French speakers type it: métier, metier, Métiers, témoignage, offre..."""
    name = _plain(text)
    name = name[:-1] if name.endswith("s") and name[:-1] in KIND_BY_NAME else name
    if name not in KIND_BY_NAME:
        raise argparse.ArgumentTypeError(f"type de fiche « {text} » inconnu (choix : métier, témoignage, offre)")
    return name


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"attendu un nombre entier de processus, 1 ou plus, trouvé « {text} »")
    return jobs


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


def run_checks(content_dir: Path, jobs: int) -> tuple[list[ContentError], int, list[str]]:
    """Every error of the content, how many fiche files were read, and the system files passed over.

    With several jobs, files are checked in worker processes (fork on Linux: no
    start-up cost worth the name); the rules across files run here afterwards.
    """
    if not content_dir.is_dir():
        return [missing_folder(content_dir)], 0, []
    if jobs <= 1:
        checks, _, errors, ignored = check_files(content_dir)
        return errors, len(checks), ignored
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        def parallel(fn, *lists):  # noqa: ANN001, ANN202
            return pool.map(_check_without_body, *lists, chunksize=max(1, len(lists[0]) // (jobs * 4)))
        checks, _, errors, ignored = check_files(content_dir, parallel)
        return errors, len(checks), ignored


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
        if not target.exists() or not any(rel == top or rel.startswith(top + "/") for top in (CONTENT, DOCS)):
            print(f"{given}: introuvable ou hors des dossiers {content_dir} et {root / DOCS} : rien à vérifier.",
                  file=sys.stderr)
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

    title = f"Fiche : {error.key}" if error.key else "Fichier" if error.path.startswith(DOCS + "/") else "Fiche"
    message = error.message + (f" Astuce : {error.hint}" if error.hint else "")
    return f"::error file={prop(error.path)},line={error.line},title={prop(title)}::{data(message)}"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'s' if n > 1 else ''}".replace(",", " ")


# A table cell shows editors' text as text: HTML, Markdown that would make a link, an image,
# emphasis, code or maths, and the | that would split the cell, all become character references
# (GitHub's Markdown and Python-Markdown both read them back as the plain character).
_CELL = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;", "\\": "&#92;", "`": "&#96;",
                       "*": "&#42;", "_": "&#95;", "[": "&#91;", "]": "&#93;", "~": "&#126;", "$": "&#36;",
                       "\n": "<br>", "\r": "<br>", "\0": "\ufffd", "\v": " ", "\f": " ", "\x85": " ",
                       "\u2028": " ", "\u2029": " "})
SUMMARY_LIMIT = 1_000_000  # bytes; GitHub refuses a step summary over 1 MiB


def _cell(text: str) -> str:
    return text.replace("\r\n", "\n").translate(_CELL).strip()


def _link(error: ContentError, root: Path, env: dict[str, str]) -> str | None:
    """The address of the error's line in the repository, when GitHub says which commit runs."""
    server, repo, sha = (env.get(k) for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"))
    if not (server and repo and sha):
        return None
    try:
        workspace = Path(env.get("GITHUB_WORKSPACE") or Path.cwd()).resolve()
        in_repo = (root / error.path).resolve().relative_to(workspace).as_posix()
    except (OSError, ValueError):
        return None
    return f"{server.rstrip('/')}/{repo}/blob/{sha}/{quote(in_repo)}#L{error.line}"


def step_summary(errors: list[ContentError], count: int, problems: int, root: Path,
                 env: dict[str, str] | None = None) -> str:
    """The Markdown section for the GitHub job's page: every error in a table (annotations stop at 10)."""
    env = dict(os.environ) if env is None else env
    read = f"{_plural(count, 'fiche')} lue{'s' if count > 1 else ''}"
    out = ["## Vérification des fiches", ""]
    if not errors:
        out.append(f"✓ Aucune erreur ({read})." if not problems else
                   f"✗ {_plural(problems, 'chemin')} à vérifier introuvable{'s' if problems > 1 else ''} : "
                   "voir le journal de l'étape.")
        return "\n".join(out) + "\n\n"
    files = len({e.path for e in errors})
    out.append(f"✗ **{_plural(len(errors), 'erreur')}** dans {_plural(files, 'fichier')} ({read}). "
               + ("GitHub n'en montre que 10 sur les lignes des fichiers modifiés : les voici toutes. "
                  if len(errors) > 10 else "")
               + "Corrigez chaque fichier à la ligne indiquée, en suivant le conseil.")
    out += ["", "| fichier | ligne | champ | message | conseil |", "| --- | ---: | --- | --- | --- |"]
    return _table(out, errors, "erreur", root, env)


def _write_summary(text: str) -> None:
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    try:
        with open(target, "a", encoding="utf-8") as out:
            out.write(text)
    except OSError as exc:
        print(f"fiches : résumé de l'étape non écrit dans {target} ({exc.strerror or exc}).", file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    content_dir = Path(args.dossier) if args.dossier else find_content_dir(Path.cwd())
    start = time.perf_counter()
    errors, count, ignored = run_checks(content_dir, args.jobs)
    elapsed = time.perf_counter() - start
    # docs/ beside fiches/: its images are checked by their bytes (uploads), a few dozen files at
    # most, outside the timing of the fiches
    docs_dir = content_dir.parent / DOCS
    docs_errors, docs_ignored = uploads.check_docs(docs_dir) if docs_dir.is_dir() else ([], [])
    errors, problems = _selected(errors + docs_errors, args.paths, content_dir)
    for shown in ignored:
        print(f"ignoré : {shown} (fichier du système, pas une fiche).")
    for shown in docs_ignored:
        print(uploads.notice(shown))
    github = args.format == "github" or (args.format is None and os.environ.get("GITHUB_ACTIONS") == "true")
    for error in errors:
        print(error)
        if github:
            print(_annotation(error))
    if github:
        _write_summary(step_summary(errors, count, problems, content_dir.resolve().parent))
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
    kind = KIND_BY_NAME[args.type]  # already plain: métier → metier
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
    print(f"Fiche créée : {target}\nRemplissez les valeurs (les lignes en # expliquent chaque clé), "
          f"puis : {_own_command()} check {target}")
    return 0


def review_summary(items: list[revue.Item], touched: bool, root: Path, env: dict[str, str] | None = None) -> str:
    """The « À revoir » section of the GitHub job's page: nothing when there is nothing to review."""
    if not items:
        return ""
    env = dict(os.environ) if env is None else env
    where = "dans les fiches que la proposition modifie" if touched else "dans les fiches"
    out = [f"## À revoir {where}", "",
           f"{revue.summary_line(items)} Rien de tout cela n'empêche de publier : ce sont des chiffres ou des "
           "sources qui vieillissent, des offres closes depuis longtemps, des valeurs écrites de deux façons, des "
           "métiers à compléter. La liste complète est sur la page « À revoir » du site (lien dans « Contribuer »).",
           "", "| fichier | ligne | champ | à revoir | conseil |", "| --- | ---: | --- | --- | --- |"]
    return _table(out, items, "point", root, env)  # type: ignore[arg-type]  # an item has a path and a line too


def _table(out: list[str], rows: Sequence[ContentError], noun: str, root: Path, env: dict[str, str]) -> str:
    """``out`` (a summary's heading and table head) with a row per error or item, cut to fit the
    summary's size limit with a word on how many were left out."""
    size = sum(len(line.encode()) + 1 for line in out)
    for shown, row_of in enumerate(rows):
        link = _link(row_of, root, env)
        name = f"[{_cell(row_of.path)}]({link})" if link else _cell(row_of.path)
        key = f"<code>{_cell(row_of.key)}</code>" if row_of.key else ""
        row = f"| {name} | {row_of.line} | {key} | {_cell(row_of.message)} | {_cell(row_of.hint)} |"
        size += len(row.encode()) + 1
        if size > SUMMARY_LIMIT - 500:
            left = len(rows) - shown
            out += ["", f"… et {_plural(left, 'autre')} {noun}{'s' if left > 1 else ''}, trop pour ce résumé : "
                    "la liste complète est dans le journal de l'étape."]
            break
        out.append(row)
    return "\n".join(out) + "\n\n"


def cmd_revue(args: argparse.Namespace) -> int:
    content_dir = Path(args.dossier) if args.dossier else find_content_dir(Path.cwd())
    if not content_dir.is_dir():
        print(missing_folder(content_dir))
        return 2
    root = content_dir.resolve().parent
    settings, problems = revue.read_settings(content_dir.parent / revue.CONFIG_FILE)
    try:
        today = build_day(os.environ)
    except ValueError as error:
        print(f"fiches : {error}", file=sys.stderr)
        return 2
    for problem in problems:
        print(problem)
    if problems:
        print(f"✗ Réglages de la revue à corriger dans {revue.CONFIG_FILE} : rien n'est revu.")
        return 2
    corpus, errors = load_corpus(content_dir)
    links = revue.check_links(corpus, content_dir) if args.liens else None
    items = revue.review(corpus, today, settings, content_dir, links)
    wanted = []
    for given in args.paths:  # a file the pull request deleted has nothing to review: passed over
        try:
            wanted.append(Path(given).resolve().relative_to(root).as_posix())
        except ValueError:
            print(f"{given} : hors du projet {root}, rien à revoir.", file=sys.stderr)
    if args.paths:
        items = revue.selected(items, wanted)
    for item in items:
        print(item)
    broken = sorted({e.path for e in errors})
    if broken:
        print(f"{_plural(len(broken), 'fichier')} en erreur non revu{'s' if len(broken) > 1 else ''} "
              f"(voir {_own_command()} check) : {', '.join(broken)}.")
    print(revue.summary_line(items))
    github = args.format == "github" or (args.format is None and os.environ.get("GITHUB_ACTIONS") == "true")
    if github:
        _write_summary(review_summary(items, bool(args.paths), root))
    return 0


def _parser() -> _Parser:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = _Parser(prog="fiches", description="Vérifier les fiches et en créer de nouvelles.",
                     formatter_class=formatter,
                     epilog="exemples :\n  fiches check\n  fiches new métier \"Chargé·e de mission\"\n  fiches revue\n\n"
                            "Aide d'une commande : fiches check --help, fiches new --help, fiches revue --help")
    commands = parser.add_subparsers(dest="commande", required=True, metavar="COMMANDE", title="commandes ")
    check = commands.add_parser("check", help="vérifier les fiches sans construire le site", formatter_class=formatter,
                                description="Vérifier les fiches sans construire le site : une ligne par erreur,\n"
                                            "avec le fichier, la ligne, la clé et un conseil.",
                                epilog="exemples :\n  fiches check\n  fiches check fiches/metiers/mon-metier.md\n"
                                       "  fiches check fiches/offres")
    check.add_argument("paths", nargs="*", metavar="CHEMIN", help="fichiers ou dossiers à vérifier (par défaut : tout fiches/)")
    check.add_argument("--format", choices=["texte", "github"],
                       help="github : ajoute les annotations de GitHub Actions et le résumé de l'étape "
                            "(par défaut si GITHUB_ACTIONS=true)")
    check.add_argument("--dossier", help="dossier des fiches (par défaut : fiches/ du projet)")
    check.add_argument("--jobs", type=_jobs, default=os.cpu_count() or 1, metavar="N",
                       help="nombre de processus en parallèle (par défaut : un par cœur)")
    check.set_defaults(run=cmd_check)
    new = commands.add_parser("new", help="créer une fiche à remplir, nommée d'après son titre", formatter_class=formatter,
                              description="Créer une fiche à remplir, nommée d'après son titre, où chaque clé est "
                                          "expliquée.",
                              epilog="exemples :\n  fiches new métier \"Chargé·e de mission\"\n"
                                     "  fiches new témoignage \"Aude, chargée de mission\"\n"
                                     "  fiches new offre \"Coordination et communication\"")
    new.add_argument("type", type=_kind, metavar="TYPE", help="métier, témoignage ou offre")
    new.add_argument("titre", metavar="TITRE", help="titre de la fiche, entre guillemets")
    new.add_argument("--dossier", help="dossier des fiches (par défaut : fiches/ du projet)")
    new.set_defaults(run=cmd_new)
    review = commands.add_parser(
        "revue", help="lister ce qui est à revoir : chiffres et sources anciens, offres closes, doublons…",
        formatter_class=formatter,
        description="Lister, du plus urgent au moins urgent, ce qui est à revoir dans des fiches valides :\n"
                    "salaires et sources anciens, offres closes depuis longtemps, valeurs sans doute écrites\n"
                    "deux fois (avec la ligne à ajouter à fiches/synonymes.yml), métiers sans témoignage ni\n"
                    "offre, et avec --liens les liens vers d'autres sites injoignables. Les seuils sont dans\n"
                    "mkdocs.yml (extra: fiches: revue:).",
        epilog="exemples :\n  fiches revue\n  fiches revue --liens\n  fiches revue fiches/metiers/mon-metier.md")
    review.add_argument("paths", nargs="*", metavar="CHEMIN",
                        help="fichiers ou dossiers à revoir (par défaut : tout fiches/)")
    review.add_argument("--liens", action="store_true",
                        help="vérifier aussi les liens vers d'autres sites (une requête par adresse)")
    review.add_argument("--format", choices=["texte", "github"],
                        help="github : ajoute la section « À revoir » au résumé de l'étape "
                             "(par défaut si GITHUB_ACTIONS=true)")
    review.add_argument("--dossier", help="dossier des fiches (par défaut : fiches/ du projet)")
    review.set_defaults(run=cmd_revue)
    return parser


def _own_command() -> str:
    """How to call this command again from here: ``.venv/bin/fiches`` when it was run that way.

    An editor who typed `.venv/bin/fiches new` has no activated environment: `fiches check` alone
    would not be found. The command is shown as typed when it lies under the current folder.
    """
    called = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if called is None or called.name not in {"fiches", "fiches.exe"}:
        return "fiches"
    try:
        # absolute(), not resolve(): .venv may be a link, and the editor typed the link's path
        relative = called.absolute().relative_to(Path.cwd().absolute()) if called.parent != Path() else None
    except (ValueError, OSError):
        return "fiches"
    return relative.as_posix() if relative is not None else "fiches"


def main(argv: Sequence[str] | None = None) -> int:
    with french_argparse():
        args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except BrokenPipeError:  # `fiches check | head`: the reader left, nothing to say
        sys.stderr.close()
        return 1
    except OSError as exc:  # a folder that cannot be written, a file that cannot be read
        where = f" « {exc.filename} »" if exc.filename else ""
        why = OS_ERRORS_FR.get(exc.errno or 0, f"erreur du système n° {exc.errno}")
        print(f"fiches : impossible de lire ou d'écrire{where} : {why}.", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("fiches : interrompu.", file=sys.stderr)
        return 130


OS_ERRORS_FR = {errno.EACCES: "permission refusée", errno.EPERM: "opération non permise",
                errno.ENOENT: "fichier ou dossier introuvable", errno.ENOTDIR: "ce n'est pas un dossier",
                errno.EISDIR: "c'est un dossier", errno.EROFS: "disque en lecture seule",
                errno.ENOSPC: "plus de place sur le disque", errno.ENAMETOOLONG: "nom de fichier trop long"}


if __name__ == "__main__":
    sys.exit(main())

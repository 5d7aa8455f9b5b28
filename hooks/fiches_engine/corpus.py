"""Load every fiche of a content folder, check every rule, relate them.

``load_corpus`` never raises on bad content: it returns what it could load and
the list of every error found, so one run tells an editor everything.
It reads each file once and does work linear in the number of files.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .errors import ContentError, key_path
from .frontmatter import RawFiche, read_fiche
from .model import Fiche, Metier, Offre, Temoignage
from .schema_check import check_schema
from .slugs import is_slug, slugify


@dataclass(frozen=True)
class Kind:
    folder: str  # folder under fiches/, also the URL prefix
    schema: str  # schema name in schemas/
    label: str  # French, singular
    build: Callable[[dict[str, Any], dict[str, Any]], Fiche]

    def src_uri(self, slug: str = "index") -> str:
        """Where the page of a fiche (or the kind's index) stands among the site's sources."""
        return f"{self.folder}/{slug}.md"

    def url(self, slug: str | None = None) -> str:
        """The page's URL relative to the site root (directory URLs)."""
        return f"{self.folder}/{slug}/" if slug else f"{self.folder}/"


KINDS: tuple[Kind, ...] = (
    Kind("metiers", "metier", "métier", Metier.from_data),
    Kind("temoignages", "temoignage", "témoignage", Temoignage.from_data),
    Kind("offres", "offre", "offre", Offre.from_data),
)
KIND_BY_FOLDER = {k.folder: k for k in KINDS}
RESERVED_SLUGS = {"index"}  # would take the URL of the kind's index page


@dataclass
class Corpus:
    metiers: dict[str, Metier] = field(default_factory=dict)
    temoignages: dict[str, Temoignage] = field(default_factory=dict)
    offres: dict[str, Offre] = field(default_factory=dict)
    temoignages_by_metier: dict[str, list[Temoignage]] = field(default_factory=dict)
    offres_by_metier: dict[str, list[Offre]] = field(default_factory=dict)

    def by_folder(self, folder: str) -> dict[str, Fiche]:
        return getattr(self, folder)

    def all(self) -> list[tuple[Kind, Fiche]]:
        return [(k, f) for k in KINDS for f in self.by_folder(k.folder).values()]

    def relate(self) -> None:
        """Build the reverse links (métier -> témoignages, offres) in one pass."""
        tem, off = defaultdict(list), defaultdict(list)
        for t in sorted(self.temoignages.values(), key=lambda t: (t.date is None, t.date, t.slug)):
            for slug in t.metiers:
                tem[slug].append(t)
        for o in sorted(self.offres.values(), key=lambda o: (o.date_limite, o.slug)):
            for slug in o.metiers:
                off[slug].append(o)
        self.temoignages_by_metier, self.offres_by_metier = dict(tem), dict(off)


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def discover(content_dir: Path) -> tuple[list[tuple[Kind, Path]], list[ContentError]]:
    """The fiche files under ``content_dir``, and errors for misplaced Markdown files."""
    found: list[tuple[Kind, Path]] = []
    errors: list[ContentError] = []
    root = content_dir.parent
    for path in sorted(content_dir.rglob("*")):
        if path.is_dir() or path.name.startswith("."):
            continue
        rel = path.relative_to(content_dir).parts
        kind = KIND_BY_FOLDER.get(rel[0]) if len(rel) == 2 else None
        if path.suffix.lower() in (".md", ".markdown") and (kind is None or path.suffix != ".md"):
            folders = ", ".join(f"{content_dir.name}/{k.folder}/" for k in KINDS)
            errors.append(ContentError(_display(path, root), 1, "",
                                       "fichier de fiche mal placé ou mal nommé : il ne serait pas publié.",
                                       f"une fiche est un fichier .md rangé directement dans {folders}"))
        elif kind is not None and path.suffix == ".md":
            found.append((kind, path))
    return found, errors


def _check_file(kind: Kind, raw: RawFiche, slug: str) -> list[ContentError]:
    """Rules of one file that a JSON Schema cannot say."""
    errors: list[ContentError] = []
    d, doc = raw.doc.data, raw.doc
    if slug in RESERVED_SLUGS:
        errors.append(ContentError(raw.path, 1, "", f"nom de fichier « {slug}.md » réservé à la page qui liste "
                                   f"les fiches de {raw.path.rsplit('/', 2)[-2]}/.",
                                   f"renommez le fichier d'après son titre, par exemple « {slugify(d.get('titre') or '') or 'ma-fiche'}.md »."))
    elif not is_slug(slug):
        better = slugify(slug) or "nom-du-metier"
        errors.append(ContentError(raw.path, 1, "",
                                   f"nom de fichier « {slug}.md » non valable : attendu des minuscules sans accent, "
                                   "des chiffres et des tirets (le nom devient l'adresse de la page).",
                                   f"renommez le fichier en « {better}.md »."))
    brut = (d.get("salaire") or {}).get("brut_mensuel") if kind.folder == "metiers" else None
    if isinstance(brut, dict) and isinstance(brut.get("min"), int) and isinstance(brut.get("max"), int) \
            and brut["min"] > brut["max"]:
        where = ("salaire", "brut_mensuel", "max")
        errors.append(ContentError(raw.path, doc.line_of(where), key_path(where),
                                   f"attendu un maximum supérieur ou égal au minimum ({brut['min']}), "
                                   f"trouvé le nombre {brut['max']}.", "inversez min et max ?"))
    if kind.folder == "offres" and isinstance(d.get("debut"), str) and isinstance(d.get("fin"), str) \
            and d["fin"] < d["debut"]:
        errors.append(ContentError(raw.path, doc.line_of(("fin",)), "fin",
                                   f"attendu une date de fin au plus tôt le {d['debut']} (début), "
                                   f"trouvé le texte « {d['fin']} ».",
                                   "vérifiez l'année et l'ordre année-mois-jour des deux dates."))
    return errors


def _references(kind: Kind, raw: RawFiche, own_slug: str, metiers: set[str]) -> list[ContentError]:
    """Every slug a fiche names must be an existing métier.

    Works on the raw front matter, so a file with other errors still gets these too.
    """
    key = "metiers_proches" if kind.folder == "metiers" else "metiers"
    named = raw.doc.data.get(key)
    errors: list[ContentError] = []
    if not isinstance(named, list):
        return errors
    for index, slug in enumerate(named):
        if not isinstance(slug, str) or not is_slug(slug) or (slug in metiers and not (kind.folder == "metiers" and slug == own_slug)):
            continue
        where = (key, index)
        if slug == own_slug:
            errors.append(ContentError(raw.path, raw.doc.line_of(where), key_path(where),
                                       "un métier ne peut pas être proche de lui-même.", "retirez cette ligne."))
            continue
        guess = difflib.get_close_matches(slug, sorted(metiers), n=1, cutoff=0.5)
        hint = (f"vouliez-vous dire « {guess[0]} » ?" if guess
                else "créez d'abord la fiche métier dans fiches/metiers/.")
        errors.append(ContentError(raw.path, raw.doc.line_of(where), key_path(where),
                                   f"attendu un métier existant (fiches/metiers/{slug}.md), "
                                   f"trouvé « {slug} », qui n'existe pas.", hint))
    return errors


def load_corpus(content_dir: Path | str) -> tuple[Corpus, list[ContentError]]:
    content_dir = Path(content_dir)
    root = content_dir.parent
    corpus = Corpus()
    if not content_dir.is_dir():
        return corpus, [ContentError(content_dir.as_posix(), 1, "", "dossier de contenu introuvable.",
                                     "lancez la commande depuis la racine du projet.")]
    files, errors = discover(content_dir)
    parsed: list[tuple[Kind, RawFiche, str]] = []
    for kind, path in files:
        shown = _display(path, root)
        raw, file_errors = read_fiche(shown, path.read_bytes())
        if raw is not None and not file_errors:
            file_errors = check_schema(kind.schema, raw.doc, shown) + _check_file(kind, raw, path.stem)
        errors += file_errors
        if raw is not None and isinstance(raw.doc.data, dict):
            parsed.append((kind, raw, path.stem))
        if raw is None or file_errors:
            continue
        base = dict(slug=path.stem, path=shown, titre=raw.doc.data["titre"], body=raw.body, body_line=raw.body_line)
        fiche = kind.build(base, raw.doc.data)
        corpus.by_folder(kind.folder)[fiche.slug] = fiche
    # References are checked against every métier file, loaded or not, so a typo in
    # one métier does not make every témoignage that names it fail too.
    metier_slugs = {p.stem for k, p in files if k.folder == "metiers"}
    for kind, raw, slug in parsed:
        errors += _references(kind, raw, slug, metier_slugs)
    corpus.relate()
    return corpus, sorted(errors, key=lambda e: (e.path, e.line))

"""Load every fiche of a content folder, check every rule, relate them.

``load_corpus`` never raises on bad content: it returns what it could load and
the list of every error found, so one run tells an editor everything.
It reads each file once and does work linear in the number of files.
"""

from __future__ import annotations

import difflib
import gc
import hashlib
import os
import unicodedata
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable

from .sanitize import check_body
from .errors import ContentError, key_path
from .frontmatter import RawFiche, read_fiche
from .kinds import KIND_BY_FOLDER, KINDS, Kind
from .model import Fiche, Metier, Offre, Temoignage
from .relations import Relations, Scorer
from .taxonomy import (SYNONYMS_FILE, Key, Synonyms, Term, build_terms, load_synonyms, metier_keys, own_keys,
                       update_terms)
from .rules import check_rules
from .schema_check import SCHEMAS, Schemas, check_schema
from .slugs import is_slug, slugify


RESERVED_SLUGS = {"index"}  # would take the URL of the kind's index page


@dataclass
class Corpus:
    metiers: dict[str, Metier] = field(default_factory=dict)
    temoignages: dict[str, Temoignage] = field(default_factory=dict)
    offres: dict[str, Offre] = field(default_factory=dict)
    temoignages_by_metier: dict[str, list[Temoignage]] = field(default_factory=dict)
    offres_by_metier: dict[str, list[Offre]] = field(default_factory=dict)
    synonyms: Synonyms = field(default_factory=Synonyms)
    terms: dict[str, dict[str, Term]] = field(default_factory=dict)  # taxonomy folder -> value slug -> term
    related: Relations = field(default_factory=lambda: Relations({}))
    ignored: list[str] = field(default_factory=list)  # system files under fiches/, passed over
    changed: dict[str, date] = field(default_factory=dict)  # fiche path -> last commit date (git_dates)
    # fiche path -> fingerprint of its file's bytes: what a rebuild compares to know what changed
    digests: dict[str, str] = field(default_factory=dict)
    keys: dict[str, dict[Key, str]] = field(default_factory=dict)  # métier -> its resolved taxonomy values

    def by_folder(self, folder: str) -> dict[str, Fiche]:
        return getattr(self, folder)

    def all(self) -> list[tuple[Kind, Fiche]]:
        return [(k, f) for k in KINDS for f in self.by_folder(k.folder).values()]

    def relate(self, memo: RelationsMemo | None = None) -> None:
        """Build the reverse links (métier -> témoignages, offres), the taxonomy terms and the related
        métiers; ``memo`` keeps the last terms and relations of a preview, for an edit that leaves them be."""
        with no_cyclic_gc():
            self._relate(memo)

    def _relate(self, memo: RelationsMemo | None) -> None:
        tem, off = defaultdict(list), defaultdict(list)
        for t in sorted(self.temoignages.values(), key=lambda t: (t.date is None, t.date, t.slug)):
            for slug in t.metiers:
                tem[slug].append(t)
        for o in sorted(self.offres.values(), key=lambda o: (o.date_limite, o.slug)):
            for slug in o.metiers:
                off[slug].append(o)
        self.temoignages_by_metier, self.offres_by_metier = dict(tem), dict(off)
        if memo is None or not memo.update(self):
            self.keys = keys = metier_keys(self.metiers, self.synonyms)
            self.terms = build_terms(self.metiers, self.synonyms, keys)
            scorer = Scorer(keys)
            self.related = scorer.relations(self.metiers)
            if memo is not None:
                memo.keep(self, scorer)


@dataclass
class RelationsMemo:
    """The terms and relations of a preview's previous build, and what they were computed from.

    A preview's rebuild after the edit of a few métiers starts from them: it resolves the values
    of the métiers edited only, makes again the terms they gained, lost or wrote otherwise, and
    scores again the métiers that may relate to them. A test compares the outcome with ``relate``
    from scratch, edit after edit."""

    metiers: dict[str, Metier] = field(default_factory=dict)  # the métiers, as objects: an edit makes new ones
    synonyms: Any = None
    keys: dict[str, dict[Key, str]] = field(default_factory=dict)
    terms: dict[str, dict[str, Term]] = field(default_factory=dict)
    related: Relations = field(default_factory=lambda: Relations({}))
    scorer: Scorer | None = None

    def keep(self, corpus: Corpus, scorer: Scorer) -> None:
        self.metiers, self.synonyms, self.scorer = dict(corpus.metiers), corpus.synonyms.canonical, scorer
        self.keys, self.terms, self.related = corpus.keys, corpus.terms, corpus.related

    def update(self, corpus: Corpus) -> bool:
        """Relate ``corpus`` from the previous one, if it differs by edits that keep every métier
        and the order of their lists (a métier added, removed or renamed: False, relate it all)."""
        scorer, before = self.scorer, self.metiers
        metiers = corpus.metiers
        if (scorer is None or corpus.synonyms.canonical != self.synonyms or len(metiers) != len(before)
                or metiers.keys() != before.keys()):
            return False
        changed = [s for s, m in metiers.items() if before[s] is not m]
        if any(metiers[s].titre != before[s].titre for s in changed):
            return False
        self.scorer = None  # until it is consistent again
        keys = dict(self.keys)  # same métiers, same order
        old = {}
        touched: set[Key] = set()
        for slug in changed:
            old[slug], keys[slug] = keys[slug], own_keys(metiers[slug], corpus.synonyms)
            touched.update(k for k in old[slug].keys() | keys[slug].keys() if old[slug].get(k) != keys[slug].get(k))
        affected = scorer.update(keys, old, metiers)
        if affected is None:
            return False
        corpus.keys = keys
        corpus.terms = update_terms(self.terms, keys, touched, set(changed), scorer.number, corpus.synonyms)
        corpus.related = scorer.relations(metiers, self.related, affected)
        self.keep(corpus, scorer)
        return True


Found = tuple[Kind, str, str]  # kind, file (a plain string: a Path each cost more than its check), path shown

# Files that systems and tools drop in folders on their own: not content, so not an error, but
# still named (« ignoré : … ») so that nothing under fiches/ is passed over without a word.
SYSTEM_FILES = {".ds_store", "thumbs.db", "desktop.ini", ".gitkeep", ".keep"}


def _misplaced(shown: str, what: str, hint: str) -> ContentError:
    return ContentError(shown, 1, "", what, hint)


def discover(content_dir: Path) -> tuple[list[Found], list[ContentError], list[str]]:
    """Every file under ``content_dir``: the fiches to load, an error for each file that would not
    be published, and the system files passed over (shown as notices).

    A fiche is a .md file directly in one of the kind folders; a symbolic link is followed only
    when it points inside the project (the folder that holds ``content_dir``). os.walk and plain
    strings rather than Path.rglob: this runs on every file, and pathlib's parsing was a fifth of
    `fiches check` at 5,000 fiches.
    """
    found: list[Found] = []
    errors: list[ContentError] = []
    ignored: list[str] = []
    top = str(content_dir)
    root = os.path.realpath(os.path.dirname(os.path.abspath(top)))
    folders = ", ".join(f"{content_dir.name}/{k.folder}/" for k in KINDS)
    seen: dict[str, str] = {}  # name folded as Windows and macOS compare names -> shown path
    for folder, dirs, names in os.walk(top):
        rel_folder = os.path.relpath(folder, top).replace(os.sep, "/")
        kind = KIND_BY_FOLDER.get(rel_folder)
        base = content_dir.name if rel_folder == "." else f"{content_dir.name}/{rel_folder}"
        walked = []  # only the kind folders are walked into
        for name in sorted(dirs):
            shown, link = f"{base}/{name}", os.path.islink(os.path.join(folder, name))
            if rel_folder == "." and name in KIND_BY_FOLDER and not link:
                walked.append(name)
                continue
            if link:  # not followed, not even to count
                errors.append(_misplaced(shown, "lien symbolique vers un dossier : son contenu ne serait pas publié.",
                                         f"rangez chaque fiche directement dans {folders}, sans lien ni sous-dossier."))
                continue
            count = sum(len([n for n in ns if n.lower().endswith((".md", ".markdown"))])
                        for _, _, ns in os.walk(os.path.join(folder, name)))
            inside = f" ({count} fiche{'s' if count > 1 else ''} dedans)" if count else ""
            if rel_folder == ".":
                what = f"dossier inconnu « {name} »{inside} : son contenu ne serait pas publié."
            else:
                what = f"sous-dossier{inside} : son contenu ne serait pas publié."
            errors.append(_misplaced(shown, what, f"rangez chaque fiche directement dans {folders}, sans sous-dossier."))
        dirs[:] = walked
        for name in sorted(names):
            shown = f"{base}/{name}"
            path = os.path.join(folder, name)
            if name.lower() in SYSTEM_FILES:
                ignored.append(shown)
                continue
            if os.path.islink(path):
                target = os.path.realpath(path)
                if not os.path.exists(target):
                    errors.append(_misplaced(shown, "lien symbolique cassé : il ne mène à aucun fichier.",
                                             "supprimez-le, ou remplacez-le par la fiche elle-même."))
                    continue
                if os.path.commonpath([root, target]) != root:
                    errors.append(_misplaced(shown, "lien symbolique vers un fichier hors du projet : refusé.",
                                             "copiez la fiche dans le projet au lieu d'un lien."))
                    continue
            folded = unicodedata.normalize("NFC", shown).casefold()
            if folded in seen:  # both are still read: each may have its own errors
                errors.append(_misplaced(shown, f"même nom que {seen[folded]}, à la casse ou aux accents près : "
                                         "Windows et macOS n'en garderaient qu'un.", "renommez ou supprimez l'un des deux."))
            seen.setdefault(folded, shown)
            stem, dot, extension = name.rpartition(".")
            if kind is not None and extension == "md" and dot and not name.startswith("."):
                found.append((kind, path, shown))
            elif rel_folder == "." and name == SYNONYMS_FILE:
                continue  # read by load_synonyms
            elif name.startswith("."):
                errors.append(_misplaced(shown, "fichier caché : il ne serait pas publié.",
                                         "supprimez-le ; une fiche a un nom sans point au début."))
            elif kind is not None and dot and extension.lower() in ("md", "markdown", "mdown", "txt"):
                errors.append(_misplaced(shown, f"extension « .{extension} » : ce fichier ne serait pas publié.",
                                         f"renommez-le en « {stem}.md »."))
            elif kind is not None:
                errors.append(_misplaced(shown, "ce fichier n'est pas une fiche (.md) : il ne serait pas publié.",
                                         f"une fiche est un fichier .md ; les autres fichiers n'ont pas leur place dans "
                                         f"{content_dir.name}/{rel_folder}/."))
            else:
                errors.append(_misplaced(shown, "fichier mal placé : il ne serait pas publié.",
                                         f"une fiche est un fichier .md rangé directement dans {folders}"
                                         f"{' ; les synonymes vont dans ' + content_dir.name + '/' + SYNONYMS_FILE if rel_folder == '.' else ''}."))
    found.sort(key=lambda f: f[2])
    return found, errors, ignored


def _check_file(kind: Kind, raw: RawFiche, slug: str) -> list[ContentError]:
    """Rules on the file's name (rules between its fields are in rules.py)."""
    errors: list[ContentError] = []
    d = raw.doc.data
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
    return errors


Ref = tuple[int, str, int]  # (index in the list, slug named, line)


@dataclass
class FileCheck:
    """The outcome of checking one file alone, before the rules across files."""

    kind: Kind
    path: str  # as shown to editors
    slug: str
    errors: list[ContentError]
    refs: list[Ref]  # the métiers it names, to check once every file is known
    raw: RawFiche | None = None  # kept only when the file is valid


def check_file(kind: Kind, path: str | Path, shown: str, schemas: Schemas = SCHEMAS) -> FileCheck:
    """Read, parse and check one fiche file: everything that needs no other file."""
    with open(path, "rb") as file:
        return check_bytes(kind, file.read(), shown, schemas)


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=12).hexdigest()


class FileCache:
    """What checking each file found, kept between the builds of one preview (``mkdocs serve``).

    A check depends only on the file's bytes and its path, so a file whose bytes did not change
    is not parsed or checked again, and its fiche object is reused: at 5,000 métiers, checking
    every file takes seconds. A file whose size, times and inode are those of the previous run
    is not even read again (a save changes its modification and change times). ``schemas``: what
    the files are checked against (the project's, unless a test gives a copy).
    """

    def __init__(self, schemas: Schemas = SCHEMAS) -> None:
        self.schemas = schemas
        self._entries: dict[str, _Cached] = {}
        self._seen: dict[str, _Cached] = {}
        self.relations = RelationsMemo()  # and the terms and relations, while the values stay

    def check(self, kind: Kind, path: str | Path, shown: str) -> FileCheck:
        stat = os.stat(path)
        state = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino)
        entry = self._entries.get(shown)
        if entry is None or entry.state != state or entry.check.kind != kind:
            with open(path, "rb") as file:
                data = file.read()
            if entry is None or entry.data != data or entry.check.kind != kind:
                entry = _Cached(data, digest(data), check_bytes(kind, data, shown, self.schemas))
            entry.state = state
        self._seen[shown] = entry
        return entry.check

    def fiche(self, check: FileCheck, make: Callable[[], Fiche]) -> Fiche:
        entry = self._seen[check.path]
        if entry.fiche is None:
            entry.fiche = make()
        return entry.fiche

    def digest(self, shown: str) -> str:
        return self._seen[shown].digest

    def end_run(self) -> None:
        """Forget the files gone since the previous run."""
        self._entries, self._seen = self._seen, {}


@dataclass
class _Cached:
    data: bytes
    digest: str
    check: FileCheck
    fiche: Fiche | None = None
    state: tuple[int, int, int, int] = (0, 0, 0, 0)


def check_bytes(kind: Kind, data: bytes, shown: str, schemas: Schemas = SCHEMAS) -> FileCheck:
    """Check the content of one fiche file, ``shown`` being its path (fiches/<kind>/<slug>.md)."""
    slug = shown.rsplit("/", 1)[-1].removesuffix(".md")
    raw, errors = read_fiche(shown, data)
    if raw is not None and not errors:
        errors = check_schema(kind.schema, raw.doc, shown, schemas)
        # rules between fields need well-typed values: once the schema has nothing to say
        errors = (errors or check_rules(kind.folder, raw.doc, shown)) + _check_file(kind, raw, slug)
    if raw is not None:
        errors += check_body(raw.body, shown, raw.body_line)
    refs: list[Ref] = []
    if raw is not None and isinstance(raw.doc.data, dict):
        named = raw.doc.data.get(REFERENCE_KEY[kind.folder])
        if isinstance(named, list):
            refs = [(i, s, raw.doc.line_of((REFERENCE_KEY[kind.folder], i)))
                    for i, s in enumerate(named) if isinstance(s, str) and is_slug(s)]
    return FileCheck(kind, shown, slug, errors, refs, raw if not errors else None)


REFERENCE_KEY = {"metiers": "metiers_proches", "temoignages": "metiers", "offres": "metiers"}


def check_references(check: FileCheck, metiers: set[str]) -> list[ContentError]:
    """Every slug a fiche names must be an existing métier (and not itself)."""
    key = REFERENCE_KEY[check.kind.folder]
    errors: list[ContentError] = []
    for index, slug, line in check.refs:
        where = key_path((key, index))
        if check.kind.folder == "metiers" and slug == check.slug:
            errors.append(ContentError(check.path, line, where,
                                       "un métier ne peut pas être proche de lui-même.", "retirez cette ligne."))
        elif slug not in metiers:
            guess = difflib.get_close_matches(slug, sorted(metiers), n=1, cutoff=0.5)
            hint = (f"vouliez-vous dire « {guess[0]} » ?" if guess
                    else "créez d'abord la fiche métier dans fiches/metiers/.")
            errors.append(ContentError(check.path, line, where,
                                       f"attendu un métier existant (fiches/metiers/{slug}.md), "
                                       f"trouvé « {slug} », qui n'existe pas.", hint))
    return errors


@contextmanager
def no_cyclic_gc():
    """Pause Python's cycle collector while loading or relating.

    Both make hundreds of thousands of small objects that all live to the end of
    the run (or die by reference counting); the collector would keep rescanning
    that growing heap for cycles there are none of. Measured at 6,500 fiches: a
    third of the loading time; at 10,000 métiers, 40 % of the relating time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_corpus(content_dir: Path | str, cache: FileCache | None = None, schemas: Schemas = SCHEMAS,
                ) -> tuple[Corpus, list[ContentError]]:
    """The content of ``content_dir`` and every error in it; give the same ``cache`` to the
    successive loads of a preview so that only the files that changed are checked again.
    ``schemas``: what the fiches are checked against, when no ``cache`` says (FileCache.schemas)."""
    with no_cyclic_gc():
        try:
            return _load_corpus(Path(content_dir), cache or FileCache(schemas))
        finally:
            if cache is not None:
                cache.end_run()


def check_files(content_dir: Path, map_files: Callable = map, check: Callable = check_file,
                ) -> tuple[list[FileCheck], list[Found], list[ContentError], list[str]]:
    """Check every file of ``content_dir``, one by one; ``map_files`` may run them in parallel.

    Returns the checks, the fiche files, every error, and the system files passed over.
    """
    files, errors, ignored = discover(content_dir)
    checks = list(map_files(check, [f[0] for f in files], [f[1] for f in files], [f[2] for f in files]))
    # References are checked against every métier file, valid or not, so a typo in
    # one métier does not make every témoignage that names it fail too.
    metier_slugs = {f[2].rsplit("/", 1)[-1].removesuffix(".md") for f in files if f[0].folder == "metiers"}
    for check in checks:
        errors += check.errors + check_references(check, metier_slugs)
    errors += load_synonyms(content_dir)[1]
    return checks, files, sorted(errors, key=lambda e: (e.path, e.line)), ignored


def _load_corpus(content_dir: Path, cache: FileCache) -> tuple[Corpus, list[ContentError]]:
    corpus = Corpus()
    if not content_dir.is_dir():
        return corpus, [missing_folder(content_dir)]
    checks, _, errors, corpus.ignored = check_files(content_dir, check=cache.check)
    corpus.synonyms = load_synonyms(content_dir)[0]
    with_errors = {e.path for e in errors}
    for check in checks:
        if check.raw is None or check.path in with_errors:
            continue
        raw = check.raw

        def make(check: FileCheck = check, raw: RawFiche = raw) -> Fiche:
            base = dict(slug=check.slug, path=check.path, titre=raw.doc.data["titre"], body=raw.body,
                        body_line=raw.body_line, data=raw.doc.data)
            return check.kind.model.from_data(base, raw.doc.data)
        corpus.by_folder(check.kind.folder)[check.slug] = cache.fiche(check, make)
        corpus.digests[check.path] = cache.digest(check.path)
    corpus.relate(cache.relations)
    return corpus, errors


def missing_folder(content_dir: Path) -> ContentError:
    return ContentError(content_dir.as_posix(), 1, "", "dossier de contenu introuvable.",
                        "lancez la commande depuis la racine du projet, ou donnez le dossier des fiches.")

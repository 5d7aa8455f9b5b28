"""What needs the editors' attention in valid content: the review (`fiches revue`, the page
« À revoir » of the site, the pull request's summary all show this one list).

Nothing here is an error: every fiche builds. The review lists, from the most urgent:

1. links to other sites that could not be reached (only when asked: ``check_links``, never in
   the build, which makes no request);
2. salary figures older than a threshold (``salaire.annee``);
3. sources of a métier older than the same threshold (``sources[].date``);
4. offers whose deadline passed more than a set number of days ago, still in fiches/offres/;
5. values that are probably one value written twice (plural, article, one letter apart), with
   the line to add to fiches/synonymes.yml;
6. métiers with neither a testimonial nor an offer.

The thresholds are read from mkdocs.yml (``extra: fiches: revue:``). Each item names its file and
line, read again from the file (only the files with something to review are read).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml
from markupsafe import Markup, escape

from .corpus import KIND_BY_FOLDER, Corpus
from .errors import ContentError, key_path
from .french import format_date, format_number
from .frontmatter import read_fiche
from .kept import Kept
from .model import Metier, Offre, Temoignage
from .taxonomy import SYNONYMS_FILE, TAXONOMY_BY_FOLDER, values_of
from .yamlsafe import Document

CONFIG_FILE = "mkdocs.yml"
SETTINGS_KEYS = ("extra", "fiches", "revue")  # where mkdocs.yml holds the thresholds


@dataclass(frozen=True)
class Settings:
    """The thresholds of the review, as mkdocs.yml names them (``extra: fiches: revue:``)."""

    anciennete_max_ans: int = 3  # salary figures and sources older than this many years
    offres_closes_max_jours: int = 90  # offers closed more than this many days ago


LIMITS = {"anciennete_max_ans": (1, 50, "un nombre entier d'années", "3"),
          "offres_closes_max_jours": (0, 3650, "un nombre entier de jours", "90")}


def read_settings(config_file: Path) -> tuple[Settings, list[ContentError]]:
    """The thresholds from ``config_file`` (mkdocs.yml), the defaults for those it does not give.

    mkdocs.yml holds tags (``!ENV``, ``!!python/name:``) that a safe loader would refuse: its nodes
    are composed only, never constructed, which also gives each value its line."""
    shown = config_file.name
    if not config_file.is_file():
        return Settings(), []
    try:
        node = yaml.compose(config_file.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError):
        return Settings(), []  # MkDocs says what is wrong with its own file
    where: list[str] = []
    for name in SETTINGS_KEYS:
        if not isinstance(node, yaml.MappingNode):
            return Settings(), [ContentError(shown, node.start_mark.line + 1, ".".join(where),
                                             "attendu un bloc de clés.", _settings_hint())]
        found = [v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == name]
        if not found:
            return Settings(), []
        node = found[-1]
        where.append(name)
    if not isinstance(node, yaml.MappingNode):
        return Settings(), [ContentError(shown, node.start_mark.line + 1, ".".join(where),
                                         "attendu un bloc de clés (anciennete_max_ans, offres_closes_max_jours).",
                                         _settings_hint())]
    values: dict[str, int] = {}
    errors: list[ContentError] = []
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
        line = key_node.start_mark.line + 1
        if key not in LIMITS:
            errors.append(ContentError(shown, line, ".".join(where + [str(key)]),
                                       f"clé « {key} » inconnue de la revue.",
                                       "les clés possibles sont anciennete_max_ans et offres_closes_max_jours."))
            continue
        low, high, what, example = LIMITS[key]
        text = value_node.value if isinstance(value_node, yaml.ScalarNode) else None
        if text is None or not re.fullmatch(r"[0-9]{1,6}", text) or not low <= int(text) <= high:
            errors.append(ContentError(shown, line, ".".join(where + [key]),
                                       f"attendu {what} de {low} à {high}, trouvé « {text if text is not None else '…'} ».",
                                       f"écrivez par exemple « {key}: {example} »."))
            continue
        values[key] = int(text)
    return (Settings(**values), []) if not errors else (Settings(), errors)


def _settings_hint() -> str:
    return ("écrivez, sous extra:, « fiches: » puis « revue: » puis « anciennete_max_ans: 3 » et "
            "« offres_closes_max_jours: 90 », chacun en retrait.")


# The kinds of item, from the most urgent: (id, title of its group, in French)
CATEGORIES = (
    ("liens", "Liens vers d'autres sites injoignables"),
    ("salaires", "Salaires anciens"),
    ("sources", "Sources anciennes"),
    ("offres", "Offres clôturées depuis longtemps"),
    ("doublons", "Valeurs sans doute écrites deux fois"),
    ("manques", "Métiers sans témoignage ni offre"),
)
RANK = {name: rank for rank, (name, _) in enumerate(CATEGORIES)}


@dataclass(frozen=True)
class Item:
    """One thing to review, in the form of a checker's message: file, line, key, what, advice."""

    category: str  # one of CATEGORIES
    path: str
    line: int
    key: str
    message: str
    hint: str = ""
    age: int = 0  # days: the older, the more urgent within its category
    url: str | None = None  # the fiche's page on the site, relative to its root
    others: tuple[str, ...] = ()  # the other files it concerns (the other spelling's métier)

    def __str__(self) -> str:
        return str(ContentError(self.path, self.line, self.key, self.message, self.hint))

    def sort_key(self) -> tuple[Any, ...]:
        return RANK[self.category], -self.age, self.path, self.line, self.key, self.message


class _Lines:
    """The line of a key in a fiche: its file read again, once, only when something is to review.

    A key of the first level (titre, date_limite) is found by its line alone, ``key:`` at the
    start of a line of the header, which the checks made unique: parsing the header again cost a
    second for the thousands of métiers without testimonial of a large site."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.docs: dict[str, Document | None] = {}
        self.texts: dict[str, list[str]] = {}

    def __call__(self, path: str, where: tuple[Any, ...]) -> int:
        if len(where) == 1 and path not in self.docs:
            if path not in self.texts:
                try:
                    self.texts[path] = (self.root / path).read_text(encoding="utf-8-sig").split("\n", 400)[:400]
                except (OSError, UnicodeDecodeError):
                    self.texts[path] = []
            lines = self.texts[path]
            if lines and lines[0].rstrip() == "---":
                for number, text in enumerate(lines[1:], 2):
                    if text.rstrip() in ("---", "..."):
                        break
                    if text.startswith(f"{where[0]}:") or text.startswith(f"{where[0]} :"):
                        return number
        if path not in self.docs:
            try:
                raw, _ = read_fiche(path, (self.root / path).read_bytes())
            except OSError:
                raw = None
            self.docs[path] = raw.doc if raw is not None else None
        doc = self.docs[path]
        return doc.line_of(where) if doc is not None else 1


def _years(n: int) -> str:
    return f"{n} an{'s' if n > 1 else ''}"


def _days(n: int) -> str:
    return f"{format_number(n)} jour{'s' if n > 1 else ''}"


def _full_years(start: date, end: date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def _older(start: date, years: int, today: date) -> bool:
    """More than ``years`` years between ``start`` and ``today``."""
    try:
        limit = start.replace(year=start.year + years)
    except ValueError:  # 29 February
        limit = start.replace(year=start.year + years, day=28)
    return limit < today


def _ago(years: int, threshold: int) -> str:
    return f"il y a {_years(years)}" if years > threshold else f"il y a plus de {_years(threshold)}"


def _metier_url(slug: str) -> str:
    return KIND_BY_FOLDER["metiers"].url(slug)


def old_figures(corpus: Corpus, today: date, settings: Settings, line: Callable[[str, tuple[Any, ...]], int]) -> list[Item]:
    """Salary figures and sources of the métiers older than ``anciennete_max_ans``."""
    limit = settings.anciennete_max_ans
    seuil = f"(seuil : {_years(limit)})"
    items = []
    for m in corpus.metiers.values():
        s = m.salaire
        if s is not None and s.annee is not None and s.annee + limit < today.year:
            years = today.year - s.annee
            items.append(Item("salaires", m.path, line(m.path, ("salaire", "annee")), "salaire.annee",
                              f"chiffre de {s.annee}, {_ago(years, limit)} {seuil}.",
                              "cherchez un chiffre plus récent, puis changez le montant, l'année et la source.",
                              age=years * 366, url=_metier_url(m.slug)))
        for index, source in enumerate(m.sources):
            if source.date is not None and _older(source.date, limit, today):
                where = ("sources", index, "date")
                years = _full_years(source.date, today)
                items.append(Item("sources", m.path, line(m.path, where), key_path(where),
                                  f"source « {source.titre} » du {format_date(source.date)}, {_ago(years, limit)} {seuil}.",
                                  "vérifiez que la fiche dit toujours vrai, et citez une source plus récente si "
                                  "elle a changé.", age=(today - source.date).days, url=_metier_url(m.slug)))
    return items


def old_offers(corpus: Corpus, today: date, settings: Settings, line: Callable[[str, tuple[Any, ...]], int]) -> list[Item]:
    """Offers whose deadline passed more than ``offres_closes_max_jours`` days ago."""
    limit = settings.offres_closes_max_jours
    items = []
    for o in corpus.offres.values():
        days = (today - o.date_limite).days
        if o.is_closed(today) and days > limit:
            items.append(Item("offres", o.path, line(o.path, ("date_limite",)), "date_limite",
                              f"offre clôturée : date limite du {format_date(o.date_limite)}, il y a {_days(days)} "
                              f"(seuil : {_days(limit)}), toujours dans fiches/offres/.",
                              "supprimez le fichier si l'offre ne sert plus d'exemple aux lecteurs "
                              "(l'historique du dépôt la garde).",
                              age=days, url=KIND_BY_FOLDER["offres"].url(o.slug)))
    return items


def lonely_metiers(corpus: Corpus, line: Callable[[str, tuple[Any, ...]], int]) -> list[Item]:
    """Métiers that no testimonial and no offer names."""
    return [Item("manques", m.path, line(m.path, ("titre",)), "",
                 "métier sans témoignage ni offre : sa page ne montre que la fiche.",
                 f"recueillez un témoignage (fiches new témoignage \"…\", avec metiers: [{m.slug}]) ou "
                 "ajoutez une offre qui le cite.", url=_metier_url(m.slug))
            for m in corpus.metiers.values()
            if not corpus.temoignages_by_metier.get(m.slug) and not corpus.offres_by_metier.get(m.slug)]


# Duplicates. Two values of a taxonomy that the site already files together (same letters once
# case, accents and punctuation are put aside, or grouped by synonymes.yml) are one term: only
# distinct terms are compared. They are probably one value when they differ by a plural, an
# article (de/du/des) or, for long values, one letter.
_ARTICLES = {"des": "de", "du": "de", "les": "le", "aux": "au"}
TYPO_MIN_LENGTH = 10  # shorter values one letter apart are too often two real words (veille, vieille)


def _fold(slug: str) -> str:
    words = []
    for word in slug.split("-"):
        word = _ARTICLES.get(word, word)
        if len(word) > 3 and word[-1] in "sx":
            word = word[:-1]
        words.append(word)
    return "-".join(words)


def _one_apart(a: str, b: str) -> bool:
    """One letter added, removed or replaced, between two slugs (ASCII): the first difference is
    found from the bytes taken as numbers, at C speed (this runs for every pair filed together)."""
    if len(a) > len(b):
        a, b = b, a
    n = len(a)
    if len(b) - n > 1 or a == b:
        return False
    x = int.from_bytes(a.encode(), "big") ^ int.from_bytes(b[:n].encode(), "big")
    i = n - 1 - (x.bit_length() - 1) // 8 if x else n  # the first byte that differs
    return a[i + 1:] == b[i + 1:] if len(b) == n else a[i:] == b[i + 1:]


class _Grouping:
    """The slugs that are probably one value, found as they are added (``add``), so that a
    preview's rebuild compares the values an edit added with the others alone.

    Values one letter apart are found by thirds: one letter added, removed or replaced leaves two
    thirds of both values the same (the first two, the last two, or the first and the last, the
    last ones counted from the end), so each value is filed under those three pairs of thirds
    (cut for a partner of its length and of one letter less), and only values filed together are
    compared. About linear in the values."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.by_fold: dict[str, str] = {}
        self.pieces: dict[tuple[Any, ...], list[tuple[str, int]]] = defaultdict(list)

    def _find(self, x: str) -> str:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def add(self, slugs: Iterable[str]) -> _Grouping:
        for slug in slugs:
            self.parent[slug] = slug
            fold = _fold(slug)
            if fold in self.by_fold:
                self._union(slug, self.by_fold[fold])
                continue
            self.by_fold[fold] = slug
            n = len(fold)
            if n < TYPO_MIN_LENGTH:
                continue
            number = int.from_bytes(fold.encode(), "big")  # one letter replaced is one byte of a ^ b
            for m in (n, n - 1):  # cut for a partner of the same length, or of one letter less
                c1, c2 = m // 3, 2 * m // 3
                for key in ((0, m, fold[:c2]), (1, m, fold[n - (m - c1):]), (2, m, fold[:c1], fold[n - (m - c2):])):
                    filed = self.pieces[key]
                    for other, other_number in filed:
                        if len(other) == n:
                            x = number ^ other_number
                            if x and not x & ((1 << ((x.bit_length() - 1) & ~7)) - 1):
                                self._union(slug, self.by_fold[other])
                        elif _one_apart(fold, other):
                            self._union(slug, self.by_fold[other])
                    filed.append((fold, number))
        return self

    def groups(self) -> list[list[str]]:
        members: dict[str, list[str]] = defaultdict(list)
        for slug in self.parent:
            members[self._find(slug)].append(slug)
        return sorted(sorted(group) for group in members.values() if len(group) > 1)


def _groups(slugs: Iterable[str]) -> list[list[str]]:
    """The slugs that are probably one value, in groups of two or more."""
    return _Grouping().add(slugs).groups()


@dataclass
class _SynonymsFile:
    """Where fiches/synonymes.yml writes each block and group, to say where the new line goes."""

    exists: bool = False
    blocks: dict[str, int] = field(default_factory=dict)  # block (Taxonomy.synonyms_key) -> line of its key
    groups: dict[tuple[str, str], tuple[int, bool]] = field(default_factory=dict)  # (folder, kept) -> (line, block list)

    @classmethod
    def read(cls, path: Path) -> _SynonymsFile:
        out = cls()
        try:
            node = yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
        except (OSError, yaml.YAMLError, UnicodeDecodeError):
            return out
        out.exists = True
        if not isinstance(node, yaml.MappingNode):
            return out
        for folder_key, groups in node.value:
            out.blocks[folder_key.value] = folder_key.start_mark.line + 1
            if isinstance(groups, yaml.MappingNode):
                for kept, variants in groups.value:
                    block = isinstance(variants, yaml.SequenceNode) and not variants.flow_style
                    out.groups[(folder_key.value, kept.value)] = (kept.start_mark.line + 1, block)
        return out


def _yaml_text(text: str) -> str:
    """``text`` as a YAML value inside [ ] or { }: plain when YAML reads it back as that very
    text, else in double quotes."""
    plain = (text == text.strip() and not re.search(r"[,\[\]{}#:\"]|^[-?&*!|>'%@`]", text)
             and yaml.safe_load(f"[{text}]") == [text])
    return text if plain else json.dumps(text, ensure_ascii=False)


def _synonym_hint(folder: str, kept: str, variant: str, synonyms: _SynonymsFile, shown: str) -> str:
    folder = TAXONOMY_BY_FOLDER[folder].synonyms_key  # the file's block is named as the fiches' key
    group = synonyms.groups.get((folder, kept))
    if group is not None and group[1]:
        return (f"ajoutez à {shown} la ligne « - {_yaml_text(variant)} » sous « {kept}: » (ligne {group[0]}), "
                "alignée sur les autres synonymes.")
    if group is not None:
        return f"ajoutez {_yaml_text(variant)} à la liste de « {kept}: » (ligne {group[0]} de {shown})."
    if folder in synonyms.blocks:
        return (f"ajoutez à {shown}, sous « {folder}: » (ligne {synonyms.blocks[folder]}), la ligne "
                f"« {_yaml_text(kept)}: [{_yaml_text(variant)}] », en retrait comme les autres valeurs gardées.")
    where = f"à la fin de {shown}" if synonyms.exists else f"dans un nouveau fichier {shown}"
    return f"ajoutez {where} la ligne « {folder}: {{{_yaml_text(kept)}: [{_yaml_text(variant)}]}} »."


@dataclass
class GroupsMemo:
    """What a preview's review keeps from one build to the next (site_pages.PlanMemo): each
    taxonomy's grouping with the table of terms it was made from (a rebuild keeps the very same
    table when an edit leaves the taxonomy be, taxonomy.update_terms, and when an edit only adds
    values, only those are compared), and the line of each key it names in a fiche, with the
    fiche it was read for (an unchanged fiche is the same object from one build to the next: its
    file is not read again)."""

    groups: dict[str, tuple[dict[str, Any], _Grouping, list[list[str]]]] = field(default_factory=dict)
    lines: Kept[int] = field(default_factory=Kept)


def duplicates(corpus: Corpus, content_dir: Path, line: Callable[[str, tuple[Any, ...]], int],
               memo: GroupsMemo | None = None) -> list[Item]:
    """Values of a taxonomy that are probably the same value written twice, with the line to add to
    the synonyms file; listed at the first métier (by title) that writes the less used one.
    ``memo``: a preview's groups of its previous build (site_pages.PlanMemo), updated."""
    memo = GroupsMemo() if memo is None else memo
    shown = f"{content_dir.name}/{SYNONYMS_FILE}"
    synonyms_file: _SynonymsFile | None = None
    items = []
    for folder in ("competences", "qualites", "secteurs", "centres-interet"):
        taxonomy = TAXONOMY_BY_FOLDER[folder]
        terms = corpus.terms.get(folder, {})
        grouped = set(corpus.synonyms.canonical.get(folder, {}).values())  # kept values of synonymes.yml
        before = memo.groups.get(folder)
        if before is None or before[0] is not terms:
            if before is not None and before[1].parent.keys() <= terms.keys():  # values added only
                grouping = before[1].add([slug for slug in terms if slug not in before[1].parent])
            else:
                grouping = _Grouping().add(terms)
            before = memo.groups[folder] = (terms, grouping, grouping.groups())
        for group in before[2]:
            # the value kept: one synonymes.yml already keeps, else the most used, else the shortest
            ranked = sorted((terms[s] for s in group),
                            key=lambda t: (t.label not in grouped, -len(t.metiers), len(t.label), t.label))
            kept = ranked[0]
            for term in ranked[1:]:
                if synonyms_file is None:
                    synonyms_file = _SynonymsFile.read(content_dir / SYNONYMS_FILE)
                metier = corpus.metiers[term.metiers[0]]
                where = _value_place(metier, taxonomy.attribute, folder, term.slug, corpus)
                other = corpus.metiers[kept.metiers[0]]
                other_where = _value_place(other, taxonomy.attribute, folder, kept.slug, corpus)
                count, there = len(kept.metiers), f"{other.path}:{line(other.path, other_where)}"
                if term.label in grouped:
                    hint = (f"regroupez dans {shown} les valeurs gardées « {kept.label} » et « {term.label} » : "
                            f"gardez-en une, et mettez l'autre et ses synonymes dans sa liste.")
                else:
                    hint = _synonym_hint(folder, kept.label, term.label, synonyms_file, shown)
                items.append(Item(
                    "doublons", metier.path, line(metier.path, where), key_path(where),
                    f"« {term.label} » ({_metiers(len(term.metiers))}) ressemble à « {kept.label} » "
                    f"({_metiers(count)}{' : ' if count == 1 else ', dont '}{there}) : "
                    f"sans doute la même valeur écrite deux fois.",
                    hint, url=_metier_url(metier.slug), others=(other.path,)))
    return items


def _metiers(n: int) -> str:
    return f"{n} métier{'s' if n > 1 else ''}"


def _value_place(metier: Metier, attribute: str, folder: str, slug: str, corpus: Corpus) -> tuple[Any, ...]:
    values = values_of(metier, TAXONOMY_BY_FOLDER[folder])
    for index, value in enumerate(values):
        if corpus.synonyms.resolve(folder, value)[0] == slug:
            return (attribute, index)
    return (attribute,)


def review(corpus: Corpus, today: date, settings: Settings, content_dir: Path,
           links: list[Item] | None = None, memo: GroupsMemo | None = None) -> list[Item]:
    """Everything to review in ``corpus`` (loaded from ``content_dir``), the most urgent first;
    ``links``: the outcome of ``check_links``, when links were checked; ``memo``: see ``duplicates``."""
    line: Callable[[str, tuple[Any, ...]], int] = _Lines(content_dir.parent)
    if memo is not None:
        read, lines = line, memo.lines
        fiches = {fiche.path: fiche for _, fiche in corpus.all()}
        line = lambda path, where: lines.get((path, where), (fiches.get(path),), lambda: read(path, where))  # noqa: E731
    items = (list(links or []) + old_figures(corpus, today, settings, line) + old_offers(corpus, today, settings, line)
             + duplicates(corpus, content_dir, line, memo) + lonely_metiers(corpus, line))
    return sorted(items, key=Item.sort_key)


# Links to other sites: checked only when asked (`fiches revue --liens`), never during a build.
_URL_IN_TEXT = re.compile(r"https?://[^\s<>()\[\]\"'`]+")
LINK_TIMEOUT = 10  # seconds, for each address
LINK_WORKERS = 8
USER_AGENT = "Fiches (verification des liens ; https://github.com/fiches-metiers/fiches)"


def links_of(corpus: Corpus, line: Callable[[str, tuple[Any, ...]], int]) -> list[tuple[str, str, int, str, str]]:
    """Every address of another site the fiches give: (address, file, line, key, page of the fiche)."""
    found = []
    for kind_folder in ("metiers", "temoignages", "offres"):
        kind = KIND_BY_FOLDER[kind_folder]
        for fiche in corpus.by_folder(kind_folder).values():
            keyed: list[tuple[tuple[Any, ...], str | None]] = []
            if isinstance(fiche, Metier):
                keyed += [(("sources", i, "url"), s.url) for i, s in enumerate(fiche.sources)]
            if isinstance(fiche, (Temoignage, Offre)) and fiche.source is not None:
                keyed.append((("source", "url"), fiche.source.url))
            if isinstance(fiche, Offre):
                keyed.append((("structure", "url"), fiche.structure.url))
                if fiche.contact is not None:
                    keyed.append((("contact", "url"), fiche.contact.url))
            url = kind.url(fiche.slug)
            for where, address in keyed:
                if address:
                    found.append((address, fiche.path, line(fiche.path, where), key_path(where), url))
            for number, text in enumerate(fiche.body.split("\n")):
                for match in _URL_IN_TEXT.finditer(text):
                    address = match[0].rstrip(".,;:!?*_")
                    found.append((address, fiche.path, fiche.body_line + number, "texte", url))
    return found


def _reach(address: str, timeout: float) -> str | None:
    """None when ``address`` answers, else why not, in French."""
    import urllib.error  # here: `fiches check` and the build, which import this module, never ask
    import urllib.request
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(address, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout):
                return None
        except urllib.error.HTTPError as error:
            if error.code in (401, 403, 429):
                return None  # the page is there: it only refuses robots, or asks who reads it
            if method == "HEAD" and error.code in (400, 404, 405, 501):
                continue  # some servers answer HEAD badly: asked again as a browser does
            if error.code in (404, 410):
                return f"la page n'existe pas (erreur {error.code})"
            return f"le site répond par une erreur (code {error.code})"
        except urllib.error.URLError as error:
            return _why(error.reason, timeout)
        except (OSError, ValueError) as error:
            return _why(error, timeout)
    return None


def _why(reason: Any, timeout: float) -> str:
    import socket
    import ssl
    if isinstance(reason, ConnectionRefusedError):
        return "connexion refusée"
    if isinstance(reason, socket.gaierror):
        return "nom de domaine introuvable"
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return f"pas de réponse en {timeout:g} s"
    if isinstance(reason, (ssl.SSLError, ssl.CertificateError)):
        return "certificat du site refusé"
    if isinstance(reason, ValueError):
        return "adresse non valable"
    return "site injoignable"


def check_links(corpus: Corpus, content_dir: Path, timeout: float = LINK_TIMEOUT) -> list[Item]:
    """Every address of another site that does not answer, one item per place it is given;
    each address is asked once, several at a time."""
    from concurrent.futures import ThreadPoolExecutor

    line = _Lines(content_dir.parent)
    found = links_of(corpus, line)
    addresses = sorted({f[0] for f in found})
    with ThreadPoolExecutor(max_workers=LINK_WORKERS) as pool:
        outcome = dict(zip(addresses, pool.map(lambda a: _reach(a, timeout), addresses)))
    return [Item("liens", path, number, key, f"lien injoignable, {outcome[address]} : « {address} ».",
                 "corrigez l'adresse, remplacez-la par une page qui existe encore, ou retirez le lien.", url=url)
            for address, path, number, key, url in found if outcome[address] is not None]


def selected(items: list[Item], wanted: list[str]) -> list[Item]:
    """The items of the files or folders ``wanted`` (paths from the project's root)."""
    def hit(path: str) -> bool:
        return any(path == w or path.startswith(w.rstrip("/") + "/") for w in wanted)
    return [i for i in items if hit(i.path) or any(hit(p) for p in i.others)]


def summary_line(items: list[Item]) -> str:
    if not items:
        return "✓ Rien à revoir."
    files = len({i.path for i in items})
    return (f"{len(items)} point{'s' if len(items) > 1 else ''} à revoir dans {files} fichier{'s' if files > 1 else ''}, "
            "du plus urgent au moins urgent.")


def page_view(items: list[Item], settings: Settings, today: date) -> dict[str, Any]:
    """What the page « À revoir » shows: the items by group, escaped (see views)."""
    groups = []
    for name, title in CATEGORIES:
        members = [i for i in items if i.category == name]
        if not members:
            continue
        groups.append({"titre": escape(title), "id": f"revue-{name}", "nombre": len(members), "points": [
            {"lieu": escape(f"{i.path}:{i.line}:"), "cle": escape(i.key), "message": escape(i.message),
             "astuce": escape(i.hint), "url": i.url} for i in members]})
    return {
        "date": escape(format_date(today)),
        "resume": escape(summary_line(items)),
        "seuils": escape(f"salaires et sources de plus de {_years(settings.anciennete_max_ans)}, offres clôturées "
                         f"depuis plus de {_days(settings.offres_closes_max_jours)}"),
        "groupes": groups,
        "nombre": len(items),
        "rien": Markup("Rien à revoir.") if not items else None,
    }

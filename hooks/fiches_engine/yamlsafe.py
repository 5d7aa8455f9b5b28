"""Safe YAML for front matter, with a line number for every key.

PyYAML alone is too forgiving for editors: a key given twice silently keeps
the last value, ``01234`` becomes the octal 668, ``1:30`` becomes 90, and
aliases can blow up memory. We let (C)PyYAML compose the node tree (fast, safe:
nothing is constructed), then build plain Python values ourselves from the
nodes, which gives us the line of every key and the raw text of every scalar,
and lets us refuse each surprise with a French message.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import ContentError, key_path

# libyaml's composer when PyYAML was built with it (the wheels are): about ten
# times faster than the pure-Python one, same node tree.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_IMPLICIT = yaml.SafeLoader.yaml_implicit_resolvers
_STR, _SEQ, _MAP = (yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG, yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
                    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """The safe loader with a leaner ``resolve``, called by the C parser for every node.

    Same implicit tags as PyYAML's SafeLoader (same resolver table), without the
    path-resolver bookkeeping, which safe front matter never uses: about a third
    of the loading time of a fiche.
    """

    def resolve(self, kind, value, implicit):  # noqa: ANN001, ANN201
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in _IMPLICIT.get(value[:1] if value else "", ()):
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

_TAG = "tag:yaml.org,2002:"
_OCTAL_LIKE = re.compile(r"[-+]?0[0-9_]+$")
_NON_DECIMAL = re.compile(r"[-+]?0[oxbOXB]")

Path = tuple[Any, ...]


@dataclass
class Document:
    """A parsed front matter: the data, plus where each key path stands."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    raw: dict[Path, str] = field(default_factory=dict)

    def line_of(self, path: Path) -> int:
        """The line of ``path``, or of its closest parent that has one."""
        path = tuple(path)
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)


_PROBLEMS = [
    ("mapping values are not allowed", "deux-points inattendu",
     "une valeur qui contient « : » doit être écrite entre guillemets, par exemple titre: \"Lieu : Lalbenque\"."),
    ("found character '\\t'", "tabulation interdite",
     "YAML n'accepte que des espaces pour l'indentation : remplacez les tabulations par des espaces."),
    ("cannot start any token", "caractère interdit en début de valeur (souvent une tabulation, ou @ ou `)",
     "remplacez les tabulations par des espaces; une valeur qui commence par @ ou ` s'écrit entre guillemets."),
    ("did not find expected ',' or ']'", "liste entre crochets non fermée",
     "fermez le crochet ], ou écrivez un élément par ligne, chacun précédé de « - »."),
    ("did not find expected ',' or '}'", "bloc entre accolades non fermé",
     "fermez l'accolade }, ou écrivez une clé par ligne, en retrait."),
    ("could not find expected ':'", "deux-points attendu",
     "chaque ligne d'un bloc doit être de la forme « clé: valeur »; vérifiez l'indentation et les guillemets."),
    ("did not find expected key", "indentation incohérente",
     "alignez les clés d'un même bloc sur la même colonne, avec des espaces."),
    ("found unexpected end of stream", "guillemet non fermé",
     "fermez le guillemet ouvert sur cette ligne."),
    ("expected a single document", "plusieurs documents YAML",
     "l'en-tête ne contient qu'un bloc, sans ligne « --- » au milieu."),
    ("found undefined alias", "alias YAML inconnu",
     "les ancres et alias (& et *) ne sont pas acceptés : recopiez la valeur."),
]


def _yaml_error(exc: yaml.YAMLError, path: str, first_line: int) -> ContentError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if "quoted scalar" in str(getattr(exc, "context", "")) and getattr(exc, "context_mark", None):
        mark = exc.context_mark  # an unclosed quote: point at where it opens, not at the end
    line = first_line + (mark.line if mark is not None else 0)
    text = str(getattr(exc, "problem", "") or exc)
    for needle, what, hint in _PROBLEMS:
        if needle in text or needle in str(exc):
            return ContentError(path, line, "", f"en-tête YAML illisible : {what}.", hint)
    return ContentError(
        path, line, "", f"en-tête YAML illisible ({text}).",
        "vérifiez l'indentation (des espaces), les deux-points et les guillemets de cette ligne.",
    )


def _yaml_float(digits: str) -> float:
    """The number YAML's float tag means (PyYAML's construct_yaml_float without a loader object;
    numbers in base 60 never get here): ``1.5``, ``.5``, ``-.inf``, ``.nan``."""
    value = digits.lower()
    sign = -1.0 if value[:1] == "-" else 1.0
    value = value.lstrip("+-")
    if value == ".inf":
        return sign * math.inf
    if value == ".nan":
        return math.nan
    return sign * float(value)


class _Builder:
    def __init__(self, path: str, first_line: int) -> None:
        self.path = path
        self.first = first_line
        self.doc = Document(None)
        self.errors: list[ContentError] = []
        self.seen: set[int] = set()
        self.aliases_possible = True

    def error(self, node: yaml.Node, where: Path, message: str, hint: str = "") -> None:
        self.errors.append(
            ContentError(self.path, self.first + node.start_mark.line, key_path(where), message, hint)
        )

    def build(self, node: yaml.Node, where: Path) -> Any:
        # Hot path: most nodes are plain text; they skip the checks below.
        if node.__class__ is yaml.ScalarNode and node.tag == _STR and not self.aliases_possible:
            return node.value
        if id(node) in self.seen:
            # Same node object twice: an alias. Reported on the line that uses it.
            self.errors.append(ContentError(
                self.path, self.doc.line_of(where), key_path(where),
                "les ancres et alias YAML (& et *) ne sont pas acceptés.",
                "recopiez la valeur au lieu d'utiliser un alias."))
            return None
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, where)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                return self._bad_tag(node, where)
            out = []
            lines, first = self.doc.lines, self.first
            for index, item in enumerate(node.value):
                item_where = where + (index,)
                lines[item_where] = first + item.start_mark.line
                out.append(self.build(item, item_where))
            return out
        return self._scalar(node, where)

    def _mapping(self, node: yaml.MappingNode, where: Path) -> Any:
        if node.tag != _MAP:
            return self._bad_tag(node, where)
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _TAG + "merge":
                self.error(key_node, where, "clé YAML non acceptée (liste, bloc ou fusion « << »).",
                           "une clé est un simple mot, comme titre ou secteurs.")
                continue
            key = key_node.value
            line = self.first + key_node.start_mark.line
            if key in out:
                first = self.doc.lines[where + (key,)]
                self.errors.append(ContentError(
                    self.path, line, key_path(where + (key,)),
                    f"clé donnée deux fois (déjà à la ligne {first}); YAML garderait seulement la dernière.",
                    "gardez une seule de ces deux lignes, ou fusionnez leurs valeurs.",
                ))
                continue
            self.doc.lines[where + (key,)] = line
            out[key] = self.build(value_node, where + (key,))
        return out

    def _scalar(self, node: yaml.ScalarNode, where: Path) -> Any:
        tag = node.tag[len(_TAG):] if node.tag.startswith(_TAG) else node.tag
        text = node.value
        if tag == "str":
            return text
        self.doc.raw[where] = text  # what the editor wrote, for messages: « yes », « 0123 »
        if tag == "null":
            return None
        if tag == "bool":
            return text.lower() in ("yes", "true", "on", "y")
        if tag in ("int", "float"):
            digits = text.replace("_", "")
            if ":" in digits:
                self.error(node, where,
                           f"« {text} » serait lu par YAML comme un nombre en base 60 (1:30 donne 90).",
                           f"mettez la valeur entre guillemets : \"{text}\".")
                return text
            if tag == "int" and (_OCTAL_LIKE.match(digits) or _NON_DECIMAL.match(digits)):
                self.error(node, where,
                           f"« {text} » commence par 0 : YAML le lirait comme un nombre en base 8 ou 16, pas comme {text}.",
                           f"si c'est un code, mettez-le entre guillemets (\"{text}\"); "
                           "si c'est un nombre, retirez le 0 du début.")
                return text
            if tag == "int":
                return int(digits)
            return _yaml_float(digits)
        if tag == "timestamp":
            # Kept as text: the schema checks the date format and that the date exists,
            # so `2024-02-30` gives a message instead of PyYAML's ValueError.
            return text
        return self._bad_tag(node, where)

    def _bad_tag(self, node: yaml.Node, where: Path) -> None:
        self.error(node, where, f"étiquette YAML « {node.tag} » non acceptée.",
                   "retirez l'étiquette (le mot qui commence par ! ou !!) : seules les valeurs simples, "
                   "listes et blocs sont permis.")
        return None


# The schemas nest at most four levels (sources: - titre: ...). libyaml's composer and our builder
# recurse once per level: thousands of levels crash Python (RecursionError, or a segmentation fault
# in the C composer). Deeper than this is refused before composing.
MAX_DEPTH = 10
# What can open levels quickly: two brackets before any closing one, two dashes on one line, or
# deep indentation. Front matter without any of these cannot be deeper than MAX_DEPTH, so the
# event scan below (a quarter of the parsing time) runs only for the rare header that has them.
# Three patterns, each starting with a literal that the regex engine finds fast.
_NESTED_FLOW = re.compile(r"[\[{][^\]}]*[\[{]")
_COMPACT = re.compile(r"-[ \t]+-(?:[ \t]|$)", re.M)
_DEEP_INDENT = re.compile(r"\n[ \t]{%d,}\S" % (MAX_DEPTH - 2))


def _maybe_deep(text: str) -> bool:
    return bool((text.count("[") + text.count("{") > 1 and _NESTED_FLOW.search(text))
                or ("-" in text and _COMPACT.search(text)) or _DEEP_INDENT.search("\n" + text))


def _too_deep(text: str, path: str, first_line: int) -> ContentError | None:
    """An error at the first line where the YAML nests deeper than MAX_DEPTH, read from the event stream.

    libyaml's parser keeps its state on the heap: reading events does not recurse.
    """
    parser = _Base(text)
    depth = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return ContentError(path, first_line + event.start_mark.line, "",
                                        f"en-tête trop imbriqué : plus de {MAX_DEPTH} niveaux de listes ou de blocs.",
                                        "une fiche n'a que des valeurs, des listes et des blocs d'une ou deux "
                                        "clés : vérifiez les crochets [ ] et { } et les retraits.")
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None  # the composer reports it, with its own message
    finally:
        parser.dispose()
    return None


def parse_yaml(text: str, path: str, first_line: int = 1) -> tuple[Document, list[ContentError]]:
    """Parse ``text`` (YAML) whose first line is line ``first_line`` of ``path``."""
    if _maybe_deep(text):
        deep = _too_deep(text, path, first_line)
        if deep:
            return Document(None), [deep]
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        return Document(None), [_yaml_error(exc, path, first_line)]
    finally:
        loader.dispose()
    builder = _Builder(path, first_line)
    # An alias is written "*name": without a "*" in the text, none can be there.
    builder.aliases_possible = "*" in text
    if node is None:
        return builder.doc, []
    builder.doc.lines[()] = first_line + node.start_mark.line
    builder.doc.data = builder.build(node, ())
    if "&" in text and not builder.errors:
        builder.errors += _anchors(text, builder.doc, path, first_line)
    return builder.doc, builder.errors


def _anchors(text: str, doc: Document, path: str, first_line: int) -> list[ContentError]:
    """An anchor that no alias uses (`titre: &Co et associés`) vanishes from the value: refused.

    The composed nodes no longer say where an anchor was, so the events are read again; only
    for a header that has a « & » at all.
    """
    errors: list[ContentError] = []
    parser = _Base(text)
    try:
        while parser.check_event():
            event = parser.get_event()
            anchor = getattr(event, "anchor", None)
            if anchor is None:
                continue
            line = first_line + event.start_mark.line
            on_line = [p for p, n in doc.lines.items() if n == line and p]
            where = max(on_line, key=len) if on_line else ()
            errors.append(ContentError(
                path, line, key_path(where),
                f"« &{anchor} » serait lu par YAML comme une ancre, et retiré de la valeur.",
                "les ancres YAML (&) ne sont pas acceptées : si « & » fait partie du texte, "
                "mettez toute la valeur entre guillemets."))
    except yaml.YAMLError:
        pass  # already read once without error: nothing new to say
    finally:
        parser.dispose()
    return errors

"""Content errors: what an editor sees when a fiche is wrong.

Every error names the file, the line, the key path, what was expected and
what was found, in French, with a hint when one helps. Errors are collected,
never raised one by one, so a single run reports all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, order=True)
class ContentError:
    path: str
    line: int
    key: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        """One line, ``path:line: key : message Astuce : hint``, which editors' tools read line by line."""
        where = f"{self.path}:{self.line}:"
        key = f" {self.key} :" if self.key else ""
        hint = f" Astuce : {self.hint}" if self.hint else ""
        text = f"{where}{key} {self.message}{hint}"
        # A line break inside (a key written "a\nb" in quotes) is shown the way YAML writes it.
        return text.translate(_ONE_LINE) if not text.isprintable() else text


_ONE_LINE = {ord(c): repr(c)[1:-1] for c in "\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029"}


def key_path(path: tuple[Any, ...]) -> str:
    """Render a key path the way editors read it: ``salaire.brut_mensuel``, ``sources[2].titre``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def describe(value: Any, raw: str | None = None) -> str:
    """How a found value is named in a message (« … » for text, its kind otherwise)."""
    if value is None:
        return "une valeur vide"
    if isinstance(value, bool):
        return f"« {raw or str(value).lower()} », lu comme un booléen oui/non"
    if isinstance(value, (int, float)):
        return f"le nombre {raw or value}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "…"
        return f"le texte « {shown} »"
    if value == []:
        return "une liste vide"
    if isinstance(value, list):
        return f"une liste de {len(value)} élément(s)"
    if isinstance(value, dict):
        return "un bloc de clés"
    return f"« {raw or value} »"


def expected_found(expected: str, value: Any, raw: str | None = None) -> str:
    return f"attendu {expected}, trouvé {describe(value, raw)}."

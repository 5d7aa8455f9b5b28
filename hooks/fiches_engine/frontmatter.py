"""Read a fiche file and split its YAML front matter from its Markdown body."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import ContentError
from .yamlsafe import Document, parse_yaml

MAX_BYTES = 512 * 1024  # a fiche is a page of text; anything bigger is a mistake
# The longest real front matter is about 2 KB; every key at its schema limit stays under this.
MAX_FRONT_MATTER_BYTES = 64 * 1024


@dataclass
class RawFiche:
    path: str  # as shown to editors, e.g. fiches/metiers/x.md
    doc: Document
    body: str
    body_line: int  # line number of the first body line


_OPENING = re.compile(r"---[ \t]*(?:\n|$)")
_OTHER_BREAKS = str.maketrans({"\x85": " ", "\u2028": " ", "\u2029": " "})
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)


def read_fiche(path: str, data: bytes) -> tuple[RawFiche | None, list[ContentError]]:
    """Decode ``data`` (the bytes of ``path``) and parse its front matter."""
    if len(data) > MAX_BYTES:
        return None, [ContentError(path, 1, "", f"fichier trop gros ({len(data) // 1024} Ko, limite {MAX_BYTES // 1024} Ko).",
                                   "une fiche tient en quelques pages; retirez les images collées ou le texte en double.")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [ContentError(path, line, "", "le fichier n'est pas encodé en UTF-8.",
                                   "enregistrez-le en UTF-8 (c'est le choix par défaut de GitHub et de VS Code).")]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return None, [ContentError(path, 1, "", "le fichier est vide.",
                                   "copiez un modèle avec `fiches new` ou depuis docs/contribuer.md.")]
    opening = _OPENING.match(text)
    if not opening:
        first = text.split("\n", 1)[0]
        return None, [ContentError(path, 1, "", "attendu une première ligne « --- » ouvrant l'en-tête, "
                                   f"trouvé « {first[:40]} ».",
                                   "une fiche commence par --- , puis les clés (titre: ...), puis --- , puis le texte.")]
    closing = _CLOSING.search(text, opening.end())
    if not closing:
        return None, [ContentError(path, 1, "", "l'en-tête ouvert par « --- » n'est jamais fermé.",
                                   "ajoutez une ligne --- après la dernière clé, avant le texte.")]
    # YAML also breaks lines at NEL, LS and PS (pasted from word processors): as spaces, they
    # keep YAML's line numbers equal to the editor's.
    yaml_text = text[opening.end():closing.start()]
    if "\x85" in yaml_text or "\u2028" in yaml_text or "\u2029" in yaml_text:  # translate() is slow
        yaml_text = yaml_text.translate(_OTHER_BREAKS)
    end = 1 + yaml_text.count("\n")  # index of the closing line, counting from 0
    size = len(yaml_text.encode("utf-8"))
    if size > MAX_FRONT_MATTER_BYTES:
        return None, [ContentError(path, 1, "", f"en-tête trop long ({size // 1024} Ko, limite "
                                   f"{MAX_FRONT_MATTER_BYTES // 1024} Ko).",
                                   "l'en-tête tient les informations courtes ; le texte de la fiche va après "
                                   "la ligne --- qui le ferme.")]
    doc, errors = parse_yaml(yaml_text, path, first_line=2)
    if not errors and not isinstance(doc.data, dict):
        found = "rien" if doc.data is None else "une liste ou une valeur seule"
        errors.append(ContentError(path, 2, "", f"attendu un en-tête fait de clés (titre: ...), trouvé {found}.",
                                   "écrivez une clé par ligne, de la forme « clé: valeur »."))
    body = text[closing.end() + 1:]
    return RawFiche(path, doc, body, end + 2), errors

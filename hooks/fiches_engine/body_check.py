"""Refuse what could run script from the Markdown body of a fiche.

Anyone can propose a fiche, and MkDocs publishes raw HTML of a body as is. The
body is rendered with Python-Markdown (the extensions the site uses that can
make HTML: md_in_html, attr_list) and the HTML is read with the standard
parser, which decodes entities the way a browser does; every element and
attribute that can run script or load another page is an error naming the file
and the line. Refusing rather than silently cleaning (as a sanitizer such as
nh3 would) tells the editor what is wrong; nothing unsafe is ever published.

Rendering costs about a millisecond: only bodies that contain something
that could produce HTML or a URL scheme get it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown

from .errors import ContentError

FORBIDDEN_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input", "button",
                  "textarea", "select", "base", "meta", "link", "style", "template", "portal", "svg", "math"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite",
                  "srcset", "ping", "lowsrc", "dynsrc"}
BAD_SCHEMES = re.compile(r"^(?:javascript|vbscript|data|file):", re.I)
SUSPECT = re.compile(r"<|&#|&[a-z]+;|script:|data:|\{[^}\n]*=", re.I)
EXTENSIONS = ["attr_list", "md_in_html", "tables", "fenced_code", "admonition"]


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []  # (what, a word to find it in the source)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_TAGS:
            self.found.append((f"la balise <{tag}>", f"<{tag}"))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((f"l'attribut {name}= (du script lancé par le navigateur)", name))
            elif name == "srcdoc":
                self.found.append(("l'attribut srcdoc=", name))
            elif name in URL_ATTRIBUTES and value is not None:
                cleaned = re.sub(r"[\x00-\x20]+", "", value)
                if BAD_SCHEMES.match(cleaned):
                    scheme = cleaned.split(":", 1)[0].lower()
                    self.found.append((f"un lien « {scheme}: » ({name}=)", scheme))

    handle_startendtag = handle_starttag


def _line_of(body: str, needle: str) -> int:
    """The body line (from 0) where ``needle`` first appears, trying its encoded forms too."""
    lowered = body.lower()
    for candidate in (needle.lower(), "&#", "&"):  # encoded: "&#106;avascript:"
        index = lowered.find(candidate)
        if index >= 0:
            return body.count("\n", 0, index)
    return 0


def check_body(body: str, path: str, first_line: int) -> list[ContentError]:
    if not SUSPECT.search(body):
        return []
    html = markdown.markdown(body, extensions=EXTENSIONS)
    finder = _Finder()
    finder.feed(html)
    finder.close()
    errors = []
    seen = set()
    for what, needle in finder.found:
        line = first_line + _line_of(body, needle)
        if (what, line) in seen:
            continue
        seen.add((what, line))
        snippet = body.splitlines()[line - first_line].strip() if body else ""
        snippet = snippet if len(snippet) <= 80 else snippet[:77] + "…"
        errors.append(ContentError(path, line, "texte", f"interdit dans une fiche : {what}, dans « {snippet} ».",
                                   "écrivez le texte en Markdown, sans HTML ni script; pour un lien, "
                                   "[texte](https://adresse) suffit."))
    return errors

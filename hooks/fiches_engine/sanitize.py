"""The HTML of a fiche's body: exactly what the site's Markdown makes, cleaned by nh3, never more.

Anyone can propose a fiche, and Markdown lets raw HTML through as is. The body's HTML is
cleaned by nh3 (the Python binding of ammonia, Rust's allowlist sanitizer, used by PyPI's
readme renderer) with an allowlist of exactly what the site's Markdown extensions produce:
paragraphs, headings, lists, links, images, emphasis, code, quotes, tables (with their
alignment, the only style kept), admonitions. Anything else (a style, an event handler, a
foreign URL scheme, a form, a frame, an object, SVG, a class of the site's own CSS, an id the
site's own elements use: element_ids.py) is removed.

Nothing disappears silently: `check_body` renders the body as the site does, cleans it, and
reports in French each thing the cleaning would remove, with its line. A fiche with such a
report is not published; the build cleans every body again anyway (defence in depth).
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

import markdown
import nh3

from .element_ids import heading_id, id_problem
from .errors import ContentError

# The Markdown extensions of the site: MkDocs always adds toc, tables and fenced_code, mkdocs.yml
# adds the others (a test compares them with mkdocs.yml).
EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition"]
# toc's settings in mkdocs.yml: headings' automatic ids never take one the site uses (element_ids)
EXTENSION_CONFIGS = {"toc": {"slugify": heading_id}}

TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "em", "strong", "code", "pre",
        "blockquote", "hr", "br", "img", "table", "thead", "tbody", "tr", "th", "td", "div"}
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"style"}, "td": {"style"},
              **{f"h{n}": {"id"} for n in range(1, 7)}, "code": {"class"}, "div": {"class"}, "p": {"class"},
              "*": set()}  # none on every tag: ammonia's default would allow lang= and title= anywhere
URL_SCHEMES = {"http", "https", "mailto", "tel"}  # and relative URLs (links between pages)
STYLE_PROPERTIES = {"text-align"}  # tables' column alignment
# mkdocs-material's admonition types and their aliases (https://squidfunk.github.io/mkdocs-material/reference/admonitions/)
ADMONITIONS = {"note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success",
               "check", "done", "question", "help", "faq", "warning", "caution", "attention", "failure", "fail",
               "missing", "danger", "error", "bug", "example", "quote", "cite"}
_LANGUAGE = re.compile(r"language-[\w+-]+$")


_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):", re.I)


def _keep(tag: str, attribute: str, value: str) -> str | None:
    """Classes: only those Markdown writes (admonitions, code languages), never the site's own CSS.

    Ids (headings only): in the form toc makes, never one of the site's own elements (element_ids).

    URLs: browsers drop tabs, line breaks and leading spaces from a URL before reading its scheme
    (« java&#9;script: » runs as « javascript: »), and ammonia keeps such a value as a relative URL;
    the scheme is checked here on the URL as the browser will read it. Images come from the site
    itself: its Content-Security-Policy (csp.py) would not show another site's, which would also
    tell that site who reads the page.
    """
    if attribute in ("href", "src"):
        url = re.sub(r"[\x00-\x20\x7f]+", "", value)
        scheme = _SCHEME.match(url)
        if tag == "img" and (scheme or url.startswith(("//", "\\/", "/\\"))):
            return None
        return None if scheme and scheme[1].lower() not in URL_SCHEMES else value
    if attribute == "id":
        return value if id_problem(value) is None else None
    if attribute != "class":
        return value
    if tag == "div":
        words = value.split()
        return value if words and words[0] == "admonition" and set(words[1:]) <= ADMONITIONS else None
    if tag == "p":
        return value if value == "admonition-title" else None
    if tag == "code":
        return value if _LANGUAGE.match(value) else None
    return None


def clean_html(html: str) -> str:
    """The body's HTML with everything outside the allowlist removed."""
    return nh3.clean(html, tags=TAGS, clean_content_tags={"script", "style"}, attributes=ATTRIBUTES,
                     attribute_filter=_keep, url_schemes=URL_SCHEMES, link_rel=None,
                     filter_style_properties=STYLE_PROPERTIES, strip_comments=True)


class _Inventory(HTMLParser):
    """Every element and attribute of an HTML fragment, entities decoded as a browser does."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: Counter[tuple[str, str, str]] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.items[(tag, "", "")] += 1
        for name, value in attrs:
            value = value or ""
            if name == "style":  # nh3 rewrites the kept properties without spaces
                value = re.sub(r"\s+|;$", "", value.strip())
            self.items[(tag, name, value)] += 1

    handle_startendtag = handle_starttag


def _inventory(html: str) -> Counter[tuple[str, str, str]]:
    parser = _Inventory()
    parser.feed(html)
    parser.close()
    return parser.items


def removed(html: str, cleaned: str) -> list[tuple[str, str, str]]:
    """What the cleaning removed: (tag, attribute or "", value); a removed tag's attributes go with it."""
    gone = _inventory(html) - _inventory(cleaned)
    tags = {tag for tag, attribute, _ in gone if not attribute}
    return sorted(item for item in gone if not item[1] or item[0] not in tags)


_HINT = "écrivez le texte en Markdown, sans HTML, style ni script ; pour un lien, [texte](https://adresse) suffit."


def _describe(tag: str, attribute: str, value: str) -> tuple[str, str, str]:
    """A French description of a removed thing, a word to find its line in the Markdown, a hint."""
    if tag == "img" and attribute == "src" and re.match(r"(?i)\s*(https?:|//)", value):
        return (f"l'image « {value} », d'un autre site (le site ne montre que ses propres images)", value,
                "déposez l'image dans docs/assets/images/ (PNG, JPEG, WebP ou AVIF), puis écrivez "
                "![ce que montre l'image](../assets/images/nom-du-fichier.png).")
    if attribute == "id":
        return (f"l'identifiant « {value} » sur <{tag}> ({id_problem(value)})", value,
                "retirez le {#…} : le titre reçoit un identifiant tiré de son texte ; ou choisissez-en un "
                "autre, en minuscules, chiffres et tirets, par exemple {#ma-section}.")
    return (*_describe_markup(tag, attribute, value), _HINT)


def _describe_markup(tag: str, attribute: str, value: str) -> tuple[str, str]:
    if not attribute:
        return f"la balise <{tag}>", f"<{tag}"
    if attribute.startswith("on"):
        return f"l'attribut {attribute}= (du script lancé par le navigateur) sur <{tag}>", attribute
    if attribute in ("href", "src"):
        scheme = re.sub(r"[\x00-\x20]+", "", value).split(":", 1)[0].lower()
        return f"le lien « {scheme}: » ({attribute}=)", scheme
    if attribute == "style":
        return f"l'attribut style= (la mise en forme est celle du site) sur <{tag}>", "style"
    if attribute == "class":
        return f"la classe « {value} » sur <{tag}>", value.split()[0] if value.split() else "class"
    return f"l'attribut {attribute}= sur <{tag}>", attribute


# Plain text and ordinary Markdown make only allowed HTML: only a body with a tag, an entity,
# an attribute list or a URL scheme other than the allowed ones is rendered to be checked (a
# millisecond each). Colons are found first (a literal: fast), then the word before each.
_COLON = re.compile(r":(?=[^\s:])")
_WORD_BEFORE = re.compile(r"([A-Za-z][\w+.-]*)$")


def _suspect(body: str) -> bool:
    if "<" in body or "&" in body or "{" in body or "![" in body:
        return True
    for colon in _COLON.finditer(body):
        word = _WORD_BEFORE.search(body, max(0, colon.start() - 40), colon.start())
        if word and word[1].lower() not in URL_SCHEMES:
            return True
    return False


def render(body: str) -> str:
    return markdown.markdown(body, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)


def _line_of(body: str, needle: str) -> int:
    """The body line (from 0) where ``needle`` first appears, trying its encoded forms too."""
    lowered = body.lower()
    for candidate in (needle.lower(), "&#", "&"):  # encoded: "&#106;avascript:"
        index = lowered.find(candidate)
        if index >= 0:
            return body.count("\n", 0, index)
    return 0


def check_body(body: str, path: str, first_line: int) -> list[ContentError]:
    """One French error per thing the sanitizer would remove from this body, at its line."""
    if not _suspect(body):
        return []
    html = render(body)
    errors, seen = [], set()
    lines = body.splitlines()
    for tag, attribute, value in removed(html, clean_html(html)):
        what, needle, hint = _describe(tag, attribute, value)
        line = first_line + _line_of(body, needle)
        if (what, line) in seen:
            continue
        seen.add((what, line))
        snippet = lines[line - first_line].strip() if lines else ""
        snippet = snippet if len(snippet) <= 80 else snippet[:77] + "…"
        errors.append(ContentError(path, line, "texte", f"serait retiré de la page : {what}, dans « {snippet} ».", hint))
    return errors

"""The form editor's configuration, written from the JSON Schemas of the three kinds.

The site's form editor (Decap CMS, at /admin/) reads a configuration that lists, for each kind of
fiche, its folder and every field of its front matter with a widget. That part is never written by
hand: every key of every schema becomes a form field here, with its French label (the schema's
``title``), its help text (``description``), whether it is required, its choices (``enum``), its
pattern and limits. A schema key with no form field fails a test (tests/test_form_editor.py).

Which widget for which schema node, and why:
- a text: ``string``, or ``text`` (several lines) above 300 characters; its pattern, with the
  schema's French wording of what is expected as the message;
- a choice (``enum``): ``select`` with exactly the schema's values;
- an integer or a number: ``number`` with the schema's minimum and maximum;
- true or false: ``boolean``;
- a date: ``datetime`` without time, stored as the schema wants it (AAAA-MM-JJ), shown as
  JJ/MM/AAAA, picked in UTC so that no time zone moves the day;
- a list of métiers (file names): ``relation`` to the métiers, chosen by title, stored as slug;
- a list of texts: ``list`` of ``string``; for compétences, qualités, secteurs and the like, a
  ``suggestion`` field (the editor's own widget), which offers the values the métiers already use
  (``suggestions``, written from the corpus as admin/suggestions.json) and takes new ones;
- a block: ``object`` of its fields; a list of blocks: ``list`` of its fields;
- a number or a range (salaire.brut_mensuel, ``oneOf``): ``montant``, the editor's own widget.
The body of the fiche is a ``markdown`` field named ``body``, as Decap names it, whose preview is
sanitized (``sanitize_preview``). The files are read and written by the project's own format,
``fiche`` (admin/format-fiche.js).

Why Decap CMS (npm decap-cms 3.16.3) rather than Sveltia CMS (@sveltia/cms 0.221.1), compared from
their npm packages:
- French: Decap's bundle holds its French interface (``locale: fr``); Sveltia's browser bundle holds
  only English and downloads other languages from a CDN, with no setting to choose one.
- No third-party request: Decap's bundle loads nothing from another host (after sign-in it polls
  GitHub's status page, which the page's Content-Security-Policy can refuse); Sveltia's loads its
  fonts and icons from jsDelivr and checks for updates on unpkg, unless rebuilt with a bundler.
- Size: Decap 5.2 MB (1.5 MB compressed), Sveltia 2.1 MB (0.6 MB): Sveltia is lighter, but the
  editor is for editors, not for readers, and is loaded by /admin/ only.
- Pull requests: both have the editorial workflow on GitHub. Tests: Decap has a local backend
  (decap-server, MODE=git for the editorial workflow) that a headless browser can drive; Sveltia's
  local mode needs the browser's folder picker.
- Sign-in: Sveltia has an access-token sign-in; Decap needs an OAuth step (documented in the
  contributor guide) or a saved token. Both read the same configuration, so moving is possible.
- Saving: Decap writes YAML with the yaml library's defaults (lines wrapped at 80 characters,
  quotes only where needed); the admin page registers its own front-matter format, which keeps
  the lines of unchanged values, so that a fiche saved without changes stays byte-identical.

What the preview pane needs to draw a fiche as the site does (``preview``: the site's stylesheets, read
from the built home page, the testimonials of each métier, the French wording of coded values) is
written as admin/apercu.json; admin/apercu.js draws the three kinds of fiche with it.

This module knows nothing of MkDocs: the glue writes its output as admin/config.yml and admin/apercu.json.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from .csp import Policy
from .corpus import Corpus
from .french import alphabetical
from .kinds import KIND_BY_FOLDER, KINDS, METIERS, TEMOIGNAGES
from .model import Metier
from .schema_check import SCHEMAS, Schemas
from .uploads import MAX_BYTES
from .views import BASES, CONTRATS, NIVEAUX, TELETRAVAIL, UNITES

LONG_TEXT = 280  # a text of this many characters or more gets several lines, unless it is a list's item
# Lists of texts whose values are shared between métiers: the form suggests those already used.
SUGGESTED: dict[tuple[str, ...], str] = {
    ("metier", "secteurs"): "secteurs", ("metier", "competences"): "competences",
    ("metier", "qualites"): "qualites", ("metier", "formation", "domaines"): "domaines",
    ("metier", "employeurs"): "employeurs", ("metier", "centres_interet"): "centres_interet",
}
# What a choice field shows for each value its schema allows: the words the site prints for it
# (views), so that an editor picks « Service civique », not the code « service civique ». A test
# checks that every choice of every schema has one.
OPTION_LABELS: dict[str, dict[str, str]] = {
    "contrat": CONTRATS, "niveau": NIVEAUX, "base": BASES, "unite": UNITES, "teletravail": TELETRAVAIL,
}


def _base(name: str, node: dict[str, Any], required: bool) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "label": node.get("title", name)}
    if node.get("description"):
        field["hint"] = node["description"]
    if not required:
        field["required"] = False
    return field


def _limits(field: dict[str, Any], node: dict[str, Any], low: str, high: str) -> None:
    if low in node:
        field["min"] = node[low]
    if high in node:
        field["max"] = node[high]


def _length_pattern(node: dict[str, Any]) -> str | None:
    """The schema's pattern and length limits as one regular expression (Decap has only ``pattern``;
    like JSON Schema's, it is searched for, not matched whole)."""
    low, high, pattern = node.get("minLength"), node.get("maxLength"), node.get("pattern")
    if low is None and high is None:
        return pattern
    length = f"^(?=[\\s\\S]{{{low or 0},{'' if high is None else high}}}$)"
    return length + (f"[\\s\\S]*?(?:{pattern})" if pattern else "")


def form_field(kind: str, path: tuple[str, ...], node: dict[str, Any], required: bool,
               item: bool = False, schemas: Schemas = SCHEMAS) -> dict[str, Any]:
    """The form field of the schema node at ``path`` (its keys from the front matter's top);
    ``item``: the node is the item of a list."""
    ref = node.get("$ref", "")
    labels = {key: node[key] for key in ("title", "description") if key in node}
    node = {**schemas.resolve(node), **labels}
    field = _base(path[-1], node, required)
    expected = node.get("x-attendu", "")
    if "oneOf" in node:
        field["widget"] = "montant"
        for option in node["oneOf"]:
            option = schemas.resolve(option)
            if option.get("type") == "integer":
                _limits(field, option, "minimum", "maximum")
    elif "enum" in node:
        words = OPTION_LABELS.get(path[-1], {})
        field |= {"widget": "select", "options": [
            {"label": (words.get(value) or value)[:1].upper() + (words.get(value) or value)[1:], "value": value}
            for value in node["enum"]]}
    elif node.get("type") in ("integer", "number"):
        field |= {"widget": "number", "value_type": "int" if node["type"] == "integer" else "float"}
        _limits(field, node, "minimum", "maximum")
    elif node.get("type") == "boolean":
        field["widget"] = "boolean"
    elif node.get("format") == "date":
        field |= {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "DD/MM/YYYY",
                  "time_format": False, "picker_utc": True}
    elif node.get("type") == "string":
        field["widget"] = "text" if node.get("maxLength", 0) >= LONG_TEXT and not item else "string"
        pattern = _length_pattern(node)
        if pattern:
            field["pattern"] = [pattern, f"Attendu : {expected}." if expected else "Valeur invalide."]
    elif node.get("type") == "object":
        # The keys a block requires are required in the form only when the block is: Decap checks
        # the fields of an optional block left empty too, and would refuse to save. A block given
        # without them is reported by `fiches check`, in French, on the pull request.
        inner = node.get("required", []) if required else []
        field |= {"widget": "object", "collapsed": False,
                  "fields": [form_field(kind, (*path, key), sub, key in inner, schemas=schemas)
                             for key, sub in node.get("properties", {}).items()]}
    elif node.get("type") == "array":
        items = schemas.resolve(node.get("items", {}))
        _limits(field, node, "minItems", "maxItems")
        if ref.endswith("/liste_metiers"):
            field |= {"widget": "relation", "collection": "metiers", "multiple": True,
                      "search_fields": ["titre"], "display_fields": ["titre"], "value_field": "{{slug}}"}
        elif items.get("type") == "object":
            inner = items.get("required", [])
            field |= {"widget": "list", "collapsed": False,
                      "fields": [form_field(kind, (*path, key), sub, key in inner, schemas=schemas)
                                 for key, sub in items.get("properties", {}).items()]}
        else:
            each = form_field(kind, (*path, path[-1]), items, True, item=True, schemas=schemas)
            each |= {"label": node.get("title", path[-1])}
            each.pop("hint", None)
            suggested = SUGGESTED.get((kind, *path))
            if suggested:  # a text field that offers the values already used (admin/fiches-admin.js)
                each |= {"widget": "suggestion", "suggestions": suggested}
            field |= {"widget": "list", "field": each, "collapsed": False}
    else:
        raise ValueError(f"{kind}: no form field for {'.'.join(path)}")
    return field


def collection(folder: str, content_dir: str = "fiches", schemas: Schemas = SCHEMAS) -> dict[str, Any]:
    """A kind's collection: where its files are, and a field for every key of its schema."""
    kind = KIND_BY_FOLDER[folder]
    s = schemas.schema(kind.schema)
    required = s.get("required", [])
    fields = [form_field(kind.schema, (key,), node, key in required, schemas=schemas)
              for key, node in s["properties"].items()]
    # sanitize_preview: the preview shows the text through DOMPurify, so HTML typed in the body
    # (<img onerror=…>, <script>) never runs in the editor's page, which holds the GitHub token.
    # Decap 3.16 does it by default, after versions that did not: said here, not left to a default.
    fields.append({"name": "body", "label": "Texte de la fiche", "widget": "markdown", "sanitize_preview": True,
                   "hint": "Le texte de la page, en Markdown : titres ##, listes -, liens.",
                   "media_library": media_library()})
    return {
        "name": folder, "label": kind.plural, "label_singular": kind.label.capitalize(),
        "description": KIND_BY_FOLDER[folder].for_editors,
        "folder": f"{content_dir}/{folder}", "extension": "md", "format": "fiche", "create": True,
        "identifier_field": "titre", "slug": "{{slug}}", "summary": "{{titre}}",
        "sortable_fields": ["titre"], "fields": fields,
    }


def suggested_values(corpus: Corpus) -> list[tuple[tuple[str, ...], ...]]:
    """What the suggestions are made from: each métier's values of each list of SUGGESTED (a
    preview makes them again only when these changed, not at an edit of a résumé)."""
    def values(m: Metier, name: str) -> tuple[str, ...]:
        if name == "domaines":
            return m.formation.domaines if m.formation else ()
        return getattr(m, name)

    return [tuple(values(m, name) for name in SUGGESTED.values()) for m in corpus.metiers.values()]


def suggestions(corpus: Corpus) -> dict[str, list[str]]:
    """The values already used by the métiers, for each list of SUGGESTED, in dictionary order."""
    used: dict[str, set[str]] = {name: set() for name in SUGGESTED.values()}
    for values in suggested_values(corpus):
        for found, more in zip(used.values(), values):
            found.update(more)
    return {name: sorted(values, key=alphabetical) for name, values in used.items()}


def media_library() -> dict[str, Any]:
    """What the body's image button may upload into media_folder (docs/assets/images): one file at a
    time, of MAX_BYTES at most (the limit of `fiches check`), which Decap reads from the
    media_library of the field that opens its library (the markdown field's passes to its image button).

    Decap 3.16 has no setting for the types its media library accepts: its file picker asks the
    browser for "image/*" (SVG is one) when an image is wanted, and a file dropped on it is taken as
    it is. The type, the bytes and the size are checked by `fiches check` and the build
    (uploads.py), on the pull request that the save opens."""
    return {"allow_multiple": False, "config": {"max_file_size": MAX_BYTES}}  # a new dict each: no YAML anchors


SIGN_IN_PAGE = "admin/connexion.html"


def sign_in(site_url: str) -> dict[str, str]:
    """Where Decap opens its sign-in popup: our own page on the site (admin/connexion.html), which
    takes a GitHub access token, instead of an OAuth server. Decap wants the origin alone as
    ``base_url`` (it checks the popup's messages come from it) and the rest as ``auth_endpoint``."""
    parts = urlsplit(site_url)
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return {"base_url": f"{parts.scheme}://{parts.netloc}", "auth_endpoint": (path + SIGN_IN_PAGE).lstrip("/")}


def config(repo: str, branch: str = "main", site_url: str = "", local_backend: str | bool = False,
           schemas: Schemas = SCHEMAS) -> dict[str, Any]:
    """The whole configuration of the form editor for a repository on GitHub; ``local_backend``
    (True, or decap-server's API address) also lets it work on a clone through decap-server."""
    out: dict[str, Any] = {
        "locale": "fr",
        "backend": {"name": "github", "repo": repo, "branch": branch, "squash_merges": True,
                    "commit_messages": {"create": "Nouvelle fiche : {{slug}}", "update": "Fiche modifiée : {{slug}}",
                                        "delete": "Fiche supprimée : {{slug}}",
                                        "uploadMedia": "Image ajoutée : {{path}}",
                                        "deleteMedia": "Image supprimée : {{path}}"}},
        "publish_mode": "editorial_workflow",
        "media_folder": "docs/assets/images",
        "public_folder": "/assets/images",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [collection(kind.folder, schemas=schemas) for kind in KINDS],
    }
    if site_url:
        out["site_url"] = out["display_url"] = site_url
        out["backend"] |= sign_in(site_url)
    if local_backend:
        out["local_backend"] = True if local_backend is True else {"url": local_backend}
    return out


GITHUB_API = "https://api.github.com"  # Decap's GitHub backend, unless backend.api_root says otherwise
DECAP_SERVER = "http://localhost:8081/api/v1"  # decap-server, Decap's local backend, by default


def page_policy(settings: dict[str, Any], page: str) -> Policy:
    """The Content-Security-Policy of one of the form editor's pages (admin/), from its configuration.

    Their scripts talk to GitHub's API (and, in the preview, to decap-server on this computer; Decap
    asks for it at localhost or 127.0.0.1). Decap (index.html) styles its interface with <style>
    elements it writes (emotion), shows the editor's GitHub avatar, previews images as blob: URLs
    and fiches in a frame of its own; it also checks its configuration with Ajv, which compiles the
    check into a function from a string: 'unsafe-eval', on that page only (it still runs no inline
    script, and the fiches it previews are cleaned: sanitize_preview). The sign-in page needs none
    of that."""
    def origin(url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}"

    backends = [origin(settings["backend"].get("api_root") or GITHUB_API)]
    local = settings.get("local_backend")
    if local:
        server = origin(local["url"] if isinstance(local, dict) else DECAP_SERVER)
        backends += [server, server.replace("://localhost", "://127.0.0.1")]
    if page != "index.html":
        return Policy(connect=tuple(dict.fromkeys(backends)))
    return Policy(connect=tuple(dict.fromkeys(backends)), style_inline=True, evaluates=True,
                  images=("data:", "blob:", "https://avatars.githubusercontent.com"), frames=("'self'",))


# The form's preview pane (admin/apercu.js) draws a fiche as its page on the site does: with the
# site's stylesheets and colours, the French wording of coded values, and what the form alone cannot
# know (the testimonials of a métier, the titles of the métiers a fiche names). The build writes it
# as admin/apercu.json.
PREVIEW_FILE = "apercu.json"


class _Head(HTMLParser):
    """The stylesheets a page links to, in order, and material's colour attributes on its <body>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sheets: list[str] = []
        self.colours: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "link" and "stylesheet" in found.get("rel", "").lower().split() and found.get("href"):
            self.sheets.append(found["href"])
        elif tag == "body":
            self.colours = {name: value for name, value in found.items() if name.startswith("data-md-color-") and value}


def site_styles(home_page: str) -> tuple[list[str], dict[str, str]]:
    """The stylesheets of the site's home page (``index.html``, at the site's root) as seen from
    /admin/, and the colour attributes of its <body>: material's stylesheets are named after a
    hash of their content that changes with each version of material, so they are read from a page
    the build wrote rather than written here. Stylesheets of another site are left out (the form's
    policy would refuse them)."""
    body = home_page.find("<body")
    end = home_page.find(">", body) if body >= 0 else -1
    parser = _Head()
    parser.feed(home_page[:end + 1] if end >= 0 else home_page)
    sheets = []
    for href in parser.sheets:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            continue
        sheets.append(href if href.startswith("/") else "../" + href.removeprefix("./"))
    return list(dict.fromkeys(sheets)), parser.colours


def preview(corpus: Corpus, home_page: str) -> dict[str, Any]:
    """What admin/apercu.js needs to draw a fiche as the site does, besides the fiche itself.

    ``adresse``: a page's address from /admin/ (``../temoignages/aude/``)."""
    sheets, colours = site_styles(home_page)
    temoignages: dict[str, list[dict[str, Any]]] = {}
    for slug, found in corpus.temoignages_by_metier.items():
        temoignages[slug] = [{"titre": t.titre, "adresse": "../" + TEMOIGNAGES.url(t.slug), "citation": t.citation,
                              "prenom": t.personne.prenom, "age": t.personne.age, "structure": t.personne.structure}
                             for t in found]
    return {
        "feuilles": sheets, "couleurs": colours,
        "metiers": {slug: {"titre": m.titre, "adresse": "../" + METIERS.url(slug)}
                    for slug, m in sorted(corpus.metiers.items())},
        "temoignages": dict(sorted(temoignages.items())),
        "libelles": {"niveaux": dict(NIVEAUX), "bases": dict(BASES), "contrats": dict(CONTRATS),
                     "unites": dict(UNITES), "teletravail": dict(TELETRAVAIL)},  # copies: the tables stay the views'
    }

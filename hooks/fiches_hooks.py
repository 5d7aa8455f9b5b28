"""MkDocs glue for Fiches: thin on purpose.

All content logic (loading, validating, relating, wording) lives in the
``fiches_engine`` package, which knows nothing of MkDocs. This file only:
loads the content before anything is written, adds one generated page per
fiche and per index, picks each page's template, and hands the templates
their escaped views. Moving to another generator means rewriting this file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from fiches_engine import guide, views
from fiches_engine.corpus import KINDS, Corpus, Kind, load_corpus
from fiches_engine.french import format_date
from fiches_engine.model import Fiche

CONTENT_DIR = "fiches"
INDEX_DESCRIPTIONS = {
    "metiers": "Toutes les fiches métiers : missions, compétences, formation et salaire.",
    "temoignages": "Des professionnel·le·s racontent leur métier au quotidien.",
    "offres": "Offres d'emploi et de mission en cours, et l'archive des offres clôturées.",
}
INDEX_TITLES = {"metiers": "Métiers", "temoignages": "Témoignages", "offres": "Offres"}


@dataclass
class _Build:
    """Everything one build knows; made anew at each build (serve keeps this module loaded)."""

    corpus: Corpus
    today: date
    root: Path
    pages: dict[str, tuple[Kind, Fiche | None]] = field(default_factory=dict)


_build: _Build | None = None


def build_date() -> date:
    """Today, or the day of ``SOURCE_DATE_EPOCH`` (UTC) so that any build can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return date.today()
    try:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    except (ValueError, OverflowError, OSError):
        raise PluginError(f"SOURCE_DATE_EPOCH doit être un nombre de secondes depuis 1970, trouvé « {epoch} ».")


def on_config(config: Any) -> None:
    global _build
    _build = None


def on_pre_build(config: Any) -> None:
    # Before MkDocs cleans or writes anything in site_dir: bad content stops the
    # build here and the previous site stays whole.
    global _build
    root = Path(config.config_file_path).resolve().parent
    corpus, errors = load_corpus(root / CONTENT_DIR)
    if errors:
        lines = "\n".join(f"  {error}" for error in errors)
        raise PluginError(f"{len(errors)} erreur(s) dans les fiches, le site n'est pas construit :\n{lines}")
    _build = _Build(corpus, build_date(), root)


def _add(files: Files, config: Any, src_uri: str, body: str, owner: str, kind: Kind, fiche: Fiche | None) -> str | None:
    existing = files.get_file_from_path(src_uri)
    if existing is not None:
        return (f"{owner} et {Path(config.docs_dir).name}/{src_uri} donneraient la même page "
                f"/{kind.url(fiche.slug if fiche else None)} : renommez ou supprimez l'un des deux.")
    # The empty front matter keeps MkDocs from reading the body's first lines as
    # metadata (it would take "Lieu: Lalbenque" at the top of a body as a meta key).
    files.append(File.generated(config, src_uri, content="---\n{}\n---\n\n" + body,
                                inclusion=InclusionLevel.NOT_IN_NAV if fiche else InclusionLevel.UNDEFINED))
    assert _build is not None
    _build.pages[src_uri] = (kind, fiche)
    return None


def on_files(files: Files, config: Any) -> Files:
    assert _build is not None
    clashes = []
    for kind in KINDS:
        clash = _add(files, config, kind.src_uri(), "", "la page d'index générée", kind, None)
        clashes += [clash] if clash else []
        for slug, fiche in _build.corpus.by_folder(kind.folder).items():
            clash = _add(files, config, kind.src_uri(slug), fiche.body, fiche.path, kind, fiche)
            clashes += [clash] if clash else []
    by_url: dict[str, str] = {}
    for file in files:
        if file.is_documentation_page():
            other = by_url.setdefault(file.dest_uri, file.src_uri)
            if other != file.src_uri:
                clashes.append(f"{other} et {file.src_uri} donneraient la même page /{file.url} : "
                               "renommez ou supprimez l'un des deux.")
    if clashes:
        raise PluginError("Deux sources pour une même adresse :\n" + "\n".join(f"  {c}" for c in clashes))
    return files


GUIDE = "contribuer.md"


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    if page.file.src_uri == GUIDE:
        return guide.fill(markdown)  # keys and messages taken from the schemas and the checker
    entry = _build.pages.get(page.file.src_uri) if _build else None
    if entry is None:
        return markdown
    kind, fiche = entry
    if fiche is None:
        page.meta.update(template=f"liste-{kind.folder}.html", title=INDEX_TITLES[kind.folder],
                         description=INDEX_DESCRIPTIONS[kind.folder])
        return markdown
    # Front-matter values are untrusted and material prints titles and
    # descriptions unescaped: they go in escaped.
    page.meta.update(template=f"{kind.schema}.html", title=escape(fiche.titre),
                     description=escape(getattr(fiche, "resume", "") or fiche.titre))
    if config.repo_url and config.edit_uri:
        # MkDocs gives generated files no edit URL; the fiche's source is in fiches/.
        source = os.path.relpath(_build.root / fiche.path, config.docs_dir).replace(os.sep, "/")
        page.edit_url = urljoin(config.repo_url.rstrip("/") + "/", config.edit_uri.rstrip("/") + "/" + source)
    return markdown


def on_page_content(html: str, page: Any, config: Any, files: Files) -> str:
    entry = _build.pages.get(page.file.src_uri) if _build else None
    if entry is None or entry[1] is None:
        return html
    return html + views.search_terms(entry[1])


def on_page_context(context: dict[str, Any], page: Any, config: Any, nav: Any) -> dict[str, Any]:
    entry = _build.pages.get(page.file.src_uri) if _build else None
    if entry is None:
        return context
    kind, fiche = entry
    b = _build
    if fiche is None:
        context["liste"] = views.index_view(kind.folder, b.corpus, b.today)
    elif kind.folder == "metiers":
        context["fiche"] = views.metier_view(fiche, b.corpus, b.today)
    elif kind.folder == "temoignages":
        context["fiche"] = views.temoignage_view(fiche, b.corpus)
    else:
        context["fiche"] = views.offre_view(fiche, b.corpus, b.today)
    context["date_du_site"] = format_date(b.today)
    return context

"""One build of the site, on the MkDocs side: the content loaded and checked before anything is
written, the engine's site plan turned into MkDocs files, and what each page of the plan gets.

What is in the site (which pages, what they say) is the engine's (fiches_engine.site_pages);
this module only hands it to MkDocs. A preview's shortcuts are hooks/preview.py's.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from fiches_engine import feeds, git_dates, revue, sanitize, structured_data, uploads, views
from fiches_engine.build_day import build_day
from fiches_engine.corpus import Corpus, load_corpus
from fiches_engine.french import format_date
from fiches_engine.search_index import SearchIndexError, find_pagefind
from fiches_engine.site_pages import PageSpec, plan

import mkdocs_private

CONTENT_DIR = "fiches"
log = mkdocs_private.log


@dataclass
class Build:
    """Everything one build knows; made anew at each build."""

    corpus: Corpus
    today: date
    root: Path
    pagefind: str  # the binary that indexes the built site
    review: tuple[revue.Settings, Path]  # the page « À revoir »: its settings, the content folder
    pages: dict[str, PageSpec] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # written at the end: a record and feeds per fiche
    generated: dict[str, File] = field(default_factory=dict)  # the plan's pages as MkDocs files
    writes_everything: bool = True  # this build writes every page (not a preview's rebuild)
    skipped: list[File] = field(default_factory=list)  # a preview's pages left as they were
    nav: Any = None
    listed: Any = None  # a preview's rebuild's files (mkdocs_private.ListedOnce)

    @property
    def content(self) -> Path:
        return self.root / CONTENT_DIR

    def left_out(self, src_uri: str) -> bool:
        file = self.generated.get(src_uri)
        return file is not None and getattr(file, "skipped", False)


def build_date() -> date:
    """Today, or the day of ``SOURCE_DATE_EPOCH`` (UTC) so that any build can be reproduced."""
    try:
        return build_day(os.environ)
    except ValueError as error:
        raise PluginError(str(error)) from None


def project_root(config: Any) -> Path:
    return Path(config.config_file_path).resolve().parent


def page_file(config: Any, spec: PageSpec) -> mkdocs_private.GeneratedFile:
    """The MkDocs file of a page of the plan. The empty front matter keeps MkDocs from reading the
    body's first lines as metadata (it would take "Lieu: Lalbenque" at the top of a body as a meta key)."""
    return mkdocs_private.generated(config, spec.src_uri, "---\n{}\n---\n\n" + spec.body, spec.in_nav)


def pages_as_built(config: Any, pages: list[PageSpec], changed: dict[str, Any]) -> dict[str, mkdocs_private.GeneratedFile]:
    """The plan's pages as a build leaves them, File and Page, with their sitemap dates
    (set_page_dates): made by a preview started again on its own site, for its first edit."""
    return {spec.src_uri: mkdocs_private.with_page(page_file(config, spec), config, page_date(spec, changed))
            for spec in pages}


def pagefind(root: Path) -> str:
    """The Pagefind that indexes the built site (npm's, else PyPI's: search_index.find_pagefind)."""
    try:
        found = find_pagefind(root)
    except SearchIndexError as error:
        raise PluginError(str(error)) from None
    if found.origin != "npm":
        log.info("Index de recherche construit par le Pagefind de %s.", found.origin)
    return found.command


def load(config: Any, preview: Any, today: date) -> Build:
    """The content, loaded and checked (on_pre_build, before MkDocs cleans or writes anything in
    site_dir): bad content stops the build here and the previous site stays whole."""
    root = project_root(config)
    settings, problems = revue.read_settings(Path(config.config_file_path))  # extra: fiches: revue:
    if problems:
        raise PluginError("Réglages de la revue à corriger :\n" + "\n".join(f"  {p}" for p in problems))
    corpus, errors = load_corpus(root / CONTENT_DIR, preview.files if preview else None)
    # docs/ is published as it is: only pages and raster images, each image checked by its bytes
    docs = Path(config.docs_dir)
    docs_errors, docs_ignored = uploads.check_docs(docs, preview.uploads if preview else None)
    if errors or docs_errors:
        lines = "\n".join(f"  {error}" for error in errors + docs_errors)
        where = " et ".join((["les fiches"] if errors else []) + ([f"{docs.name}/"] if docs_errors else []))
        count = len(errors) + len(docs_errors)
        raise PluginError(f"{count} erreur(s) dans {where}, le site n'est pas construit :\n{lines}")
    for shown in docs_ignored:
        log.info(uploads.notice(shown))
    corpus.changed = git_dates.last_changes(root / CONTENT_DIR)
    for shown in corpus.ignored:
        log.info("ignoré : %s (fichier du système, pas une fiche).", shown)
    return Build(corpus, today, root, pagefind(root), review=(settings, root / CONTENT_DIR))


def add_plan(build: Build, files: Files, config: Any, preview: Any, offline: bool = True) -> Files:
    """The plan's pages and files among MkDocs' (on_files); in a preview, only those an edit
    changed are written again. Two sources for one address stop the build. ``offline``: with the
    service worker for reading offline (fiches_engine.offline)."""
    site = plan(build.corpus, build.today, config.site_url or "", preview.plan if preview else None, build.review,
                offline=offline, identity=(config.site_name, config.site_description or ""))
    to_write = preview.pages_to_write(build, site, files, config) if preview else None
    build.writes_everything = to_write is None
    clashes = []
    docs = Path(config.docs_dir).name
    existing = files.src_uris  # a dict: get_file_from_path would parse each path again
    for spec in site.pages:
        if spec.src_uri in existing:
            owner = spec.source or "une page générée"
            clashes.append(f"{owner} et {docs}/{spec.src_uri} donneraient la même page : renommez ou supprimez l'un des deux.")
            continue
        if preview:
            file, left_out = preview.page_file(config, spec, to_write)
            if left_out:
                build.skipped.append(file)
        else:
            file = page_file(config, spec)
        files.append(file)
        build.generated[spec.src_uri] = file
        build.pages[spec.src_uri] = spec
    # The explorer's data, the feeds, the data files: in a preview, written only when they changed
    copied, gone = (site.files, []) if to_write is None else preview.rebuilds.files_to_write("copied", site.files)
    for path, text in site.files.items():
        data = mkdocs_private.generated(config, path, text)
        data.modified = path in copied
        files.append(data)
    for path in gone:
        Path(config.site_dir, path).unlink(missing_ok=True)
    # Written at post_build, straight to the site: thousands of small files that no page links to
    # (a record and feeds per fiche) would cost MkDocs a File object, checks and a copy each.
    build.files = site.per_fiche
    # the same files as the preview's last build (its usual rebuild): the same addresses, checked then
    sources = (config.use_directory_urls, tuple(files.src_uris))
    if preview is None or preview.addresses_checked != sources:
        by_url: dict[str, str] = {}
        for file in files:
            if file.is_documentation_page():
                other = by_url.setdefault(file.dest_uri, file.src_uri)
                if other != file.src_uri:
                    clashes.append(f"{other} et {file.src_uri} donneraient la même page /{file.url} : "
                                   "renommez ou supprimez l'un des deux.")
    if clashes:
        raise PluginError("Deux sources pour une même adresse :\n" + "\n".join(f"  {c}" for c in clashes))
    if preview is not None:
        preview.addresses_checked = sources
    if to_write is None:
        return files
    build.listed = mkdocs_private.ListedOnce(files)
    return build.listed


def hidden_from_search_engines(build: Build | None) -> frozenset[str]:
    """The pages kept out of search engines: overrides/main.html gives them a robots meta and
    overrides/sitemap.xml leaves them out."""
    if build is None:
        return frozenset()
    return frozenset(uri for uri, spec in build.pages.items() if not spec.indexed)


def set_page_dates(build: Build, files: Files) -> None:
    """Every page's lastmod in the sitemap, from the fiche's last change (on_page_markdown runs only
    for the pages written); a page a preview left as it was keeps its date (it is in its key)."""
    changed = build.corpus.changed
    for file in files.documentation_pages():
        spec = build.pages.get(file.src_uri)
        if spec is not None and file.page is not None and (updated := page_date(spec, changed)) is not None:
            file.page.update_date = updated


def page_date(spec: PageSpec, changed: dict[str, Any]) -> str | None:
    """A page's date in the sitemap: its fiche's last change; None, the build's day."""
    return changed[spec.source].isoformat() if spec.source in changed else None


def sitemap_key(build: Build, files: Files, config: Any, hidden: frozenset[str]) -> Any:
    """What the sitemap shows of each page, in the order it lists them (hooks/preview_sitemap.py)."""
    return (config.site_url, [(file.page.url, file.page.canonical_url, file.page.update_date) for file in files
                              if file.page is not None and file.is_documentation_page()
                              and file.src_uri not in hidden
                              and (file.inclusion.is_included() or getattr(file, "skipped", False))])


def page_meta(build: Build, page: Any, config: Any) -> None:
    """A page of the plan: its template, title and description (escaped in the plan: material
    prints them as they are), and the edit button's address, to the fiche in fiches/."""
    spec = build.pages.get(page.file.src_uri)
    if spec is None:
        return
    page.meta.update(template=spec.template, title=spec.title, description=spec.description)
    if spec.source and config.repo_url and config.edit_uri:
        # MkDocs gives generated files no edit URL; the fiche's source is in fiches/.
        source = os.path.relpath(build.root / spec.source, config.docs_dir).replace(os.sep, "/")
        page.edit_url = urljoin(config.repo_url.rstrip("/") + "/", config.edit_uri.rstrip("/") + "/" + source)


def page_html(build: Build | None, html: str, page: Any) -> str:
    """A fiche's body, cleaned again by the allowlist (`fiches check` refused any body this changes),
    and a page's search terms after its content."""
    spec = build.pages.get(page.file.src_uri) if build else None
    if spec is None:
        return html
    if spec.source:
        cleaned = sanitize.clean_html(html)
        if gone := sanitize.removed(html, cleaned):
            log.warning("%s : retiré du texte par le nettoyage HTML : %s", spec.source,
                        ", ".join(f"<{tag}> {attribute}".strip() for tag, attribute, _ in gone))
        html = cleaned
    # str(): the terms are Markup, and str + Markup would escape the page's own HTML
    return html + str(spec.search_terms())


def page_context(build: Build, context: dict[str, Any], page: Any, config: Any) -> dict[str, Any]:
    """What the page's template reads: the plan's context, its structured data and feeds."""
    context["date_du_site"] = format_date(build.today)
    spec = build.pages.get(page.file.src_uri)
    if spec is not None:
        context.update(spec.context())
        if spec.structured_data and config.site_url:
            context["jsonld"] = Markup(structured_data.to_script(spec.structured_data(config.site_url)))
        if spec.feed and config.site_url:
            context["flux"] = feeds.links(*spec.feed, config.site_url)
    elif page.is_homepage:
        context["accueil"] = views.home_view(build.corpus, build.today)
        if config.site_url:
            context["flux"] = feeds.links(feeds.SITE_FEED, feeds.SITE_TITLE, config.site_url)
    return context

"""MkDocs glue for Fiches: the MkDocs events, in the order MkDocs calls them, each handing its work
to the part that does it. Moving to another generator means rewriting this file and the few
modules beside it that speak MkDocs; the engine (``fiches_engine``) knows nothing of MkDocs.

- site_build.py: one build: the content loaded and checked, the engine's plan turned into pages;
- preview.py: what `mkdocs serve` keeps between rebuilds, to write only what an edit changed;
- publication.py: the staging folder, published whole at the end or not at all;
- form_editor_files.py: the form editor at /admin/;
- shared_chrome.py, preview_sitemap.py: the page chrome rendered once, the preview's sitemap;
- mkdocs_private.py: every private part of MkDocs the others need, each behind a check.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import Any

import jinja2
import material
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from fiches_engine import csp, guide
from fiches_engine.html_size import strip_indentation
from fiches_engine.search_index import SearchIndexError, build_search_index
from fiches_engine import publish

import mkdocs_private
import shared_chrome  # MkDocs loads this file with its folder on sys.path
import site_build
from form_editor_files import FormEditorFiles
from preview import Preview
from publication import Publication

log = mkdocs_private.log
GUIDE = "contribuer.md"
MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"


class _Session:
    """What the hooks keep for the life of the process: MkDocs loads them once and, in
    `mkdocs serve`, calls them again for every rebuild."""

    def __init__(self) -> None:
        self.preview: Preview | None = None  # `mkdocs serve --dirty`: its memory between rebuilds
        self.serving = False
        self.publication = Publication()
        self.editor = FormEditorFiles()
        self.build: site_build.Build | None = None  # the build under way, or the last one
        self.chrome: shared_chrome.SharedChrome | None = None  # this build's, for its log line
        self.today = site_build.build_date()  # the day of the build under way: its pages and its digest

    def in_site_though_left_out(self, src_uri: str) -> bool:
        """A page this rebuild left out but that the site holds: one an edit did not change, or any
        page at a warm start (which plans none: the whole site is the one the project makes)."""
        if self.build is None:
            return self.preview is not None and self.preview.warm_start
        return self.build.left_out(src_uri)


_session = _Session()
mkdocs_private.hide_false_notices(_session.in_site_though_left_out)


def on_startup(command: str, dirty: bool) -> None:
    # `mkdocs serve`, with or without --dirty, and `mkdocs build --dirty` update the site in place,
    # a preview's rebuild only what an edit changed; if MkDocs is not as the preview expects,
    # every rebuild is a full build instead.
    _session.serving = command == "serve"
    preview = (dirty or _session.serving) and Preview.possible()
    if preview and not dirty and not mkdocs_private.serve_rebuilds_in_place():
        preview = False
    _session.preview = Preview(serving=_session.serving) if preview else None


def on_config(config: Any) -> None:
    _session.today = site_build.build_date()
    if _session.preview:
        _session.preview.begin(config, _session.build, _session.today)
    _session.build = None
    _session.publication.begin(config, in_place=_session.preview is not None)
    # material's search plugin stays enabled for its header box (partials/header.html asks for it),
    # but Pagefind answers the queries: the plugin's lunr index of every page is not made.
    mkdocs_private.drop_plugin_events(config, config.plugins.get("material/search"), ("page_context", "post_build"))


def on_pre_build(config: Any) -> None:
    # Loading, relating and planning make a million small objects that live until the build ends,
    # and no reference cycles: Python's cycle collector, run over and over as they pile up, took
    # half of a preview's rebuild at 5,000 métiers. It is off until the plan is made (on_files),
    # or, in a preview's rebuild that writes a few pages, until they are written (on_post_build).
    if _session.preview and _session.preview.warm_start:
        return  # the site on disk is the one this project makes (hooks/preview_restart.py)
    gc.disable()
    _session.build = site_build.load(config, _session.preview, _session.today)


def on_files(files: Files, config: Any) -> Files:
    if _session.build is None:  # a warm start: MkDocs finds every page already written
        assert _session.preview is not None
        _session.preview.warm_files(config)
        return files
    try:
        # `mkdocs serve` writes no service worker: it would keep pages that change at every save
        return site_build.add_plan(_session.build, files, config, _session.preview, offline=not _session.serving)
    finally:
        if _session.build.writes_everything:
            gc.enable()  # thousands of pages to render, each with its Markdown parser: a web of cycles


def on_nav(nav: Any, config: Any, files: Files) -> Any:
    if _session.build is not None:
        _session.build.nav = nav  # for the preview's sitemap (hooks/preview_sitemap.py)
    return nav


def on_env(env: Any, config: Any, files: Files) -> Any:
    build, preview = _session.build, _session.preview
    if preview:
        env.bytecode_cache = preview.templates
    # Our partials that wrap material's own (overrides/partials/nav.html) include it as
    # "material/partials/nav.html".
    env.loader = jinja2.ChoiceLoader([env.loader, jinja2.PrefixLoader({"material": jinja2.FileSystemLoader(MATERIAL_TEMPLATES)})])
    # FICHES_CHROME_PARTAGE=0 renders every part on every page, as material alone (tests compare both).
    _session.chrome = shared_chrome.install(env, os.environ.get("FICHES_CHROME_PARTAGE", "1") != "0")
    hidden = site_build.hidden_from_search_engines(build)
    env.globals["hors_moteurs"] = hidden
    if build is None:
        return env
    site_build.set_page_dates(build, files)
    if preview:
        if not build.writes_everything:
            # the "page not found" page shows the navigation and the templates, no fiche: the same
            # until the environment changes, which makes a build that writes everything
            mkdocs_private.not_written_by_the_build(config, "404.html")
        preview.sitemap.decide(lambda: site_build.sitemap_key(build, files, config, hidden), build.writes_everything,
                               config, env, files, build.nav)
    return env


def on_post_template(output: str, template_name: str, config: Any) -> str:
    # the "page not found" page (404.html) has its policy too; the sitemap is no page
    return csp.secure(output) if template_name.endswith(".html") else output


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    if page.file.src_uri == GUIDE:
        return guide.fill(markdown)  # keys and messages taken from the schemas and the checker
    if _session.build is not None:
        site_build.page_meta(_session.build, page, config)
    return markdown


def on_page_content(html: str, page: Any, config: Any, files: Files) -> str:
    # Marked: no inline script in a page's content is allowed by its policy (on_post_page)
    return csp.mark_content(site_build.page_html(_session.build, html, page))


def on_page_context(context: dict[str, Any], page: Any, config: Any, nav: Any) -> dict[str, Any]:
    if _session.build is None:
        return context
    return site_build.page_context(_session.build, context, page, config)


def on_post_page(output: str, page: Any, config: Any) -> str:
    return csp.secure(strip_indentation(output))


def on_post_build(config: Any) -> None:
    # Runs after the plugins' (hooks come last): the pages and sitemap are written.
    build, preview, publication = _session.build, _session.preview, _session.publication
    if build is None:  # a warm start wrote nothing; what the next edit needs is made meanwhile
        assert preview is not None
        preview.after_warm_start(config, lambda: site_build.load(config, preview, _session.today),
                                 lambda: site_build.pagefind(site_build.project_root(config)))
        publication.finish(config)
        return
    if _session.chrome is not None:
        log.debug("Parties communes des pages : %d rendus pour %d demandes.",
                  len(_session.chrome.html), _session.chrome.asked)
        _session.chrome = None
    site_dir = publication.staging or config.site_dir
    # material's search plugin stays enabled for its header box, but Pagefind answers the queries
    lunr = Path(site_dir, "search")
    (lunr / "search_index.json").unlink(missing_ok=True)
    if lunr.is_dir() and not any(lunr.iterdir()):
        lunr.rmdir()

    def form_editor() -> None:
        _session.editor.write(config, site_dir, build, _session.serving)

    if preview:
        preview.after_build(build, site_dir, form_editor)
        publication.finish(config)
        return
    publish.write_files(site_dir, build.files)
    form_editor()
    try:
        build_search_index(site_dir, build.pagefind)
    except SearchIndexError as error:
        raise PluginError(str(error)) from None
    publication.finish(config)


def on_build_error(error: Exception) -> None:
    gc.enable()
    if _session.preview:
        _session.preview.failed()
    _session.publication.failed(error)


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    """Serve the preview's own folder, kept for its next start (hooks/preview_restart.py), and
    watch the project with the system's change notifications rather than MkDocs' polling.

    MkDocs polls (it must work on Docker and network mounts, mkdocs/mkdocs#2477): every half second
    it reads the state of every watched file, 7,700 at 5,000 métiers, and a save waited up to a
    second before its rebuild began. With notifications a rebuild starts at once.
    FICHES_APERCU_SONDAGE=1 keeps MkDocs' polling, for a project on a shared folder or a virtual
    machine's mount, whose changes the system does not notify; so does a system that refuses."""
    if _session.preview and _session.preview.saved and not mkdocs_private.serve_folder(
            server, str(_session.preview.saved.site)):
        log.warning("Aperçu : le serveur de MkDocs n'est pas comme attendu ; arrêtez l'aperçu et relancez-le.")
    if os.environ.get("FICHES_APERCU_SONDAGE", "") == "1":
        return server
    refused = mkdocs_private.watch_natively(server, config.watch)
    if refused:
        log.info("Aperçu : surveillance des fichiers par sondage (%s).", refused)
    return server

"""MkDocs glue for Fiches: thin on purpose.

All content logic (loading, validating, relating, wording, which pages exist)
lives in the ``fiches_engine`` package, which knows nothing of MkDocs. This
file only: loads the content before anything is written, turns the engine's
site plan into MkDocs pages, and hands each template what the plan says.
Moving to another generator means rewriting this file.
"""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import os
import shutil
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jinja2
import watchdog.events
import watchdog.observers
import yaml
import material
import jinja2.bccache
from markupsafe import Markup
from mkdocs import utils
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from fiches_engine import csp, feeds, form_editor, git_dates, guide, publish, revue, sanitize, structured_data, views
from fiches_engine.build_day import build_day
from fiches_engine.corpus import Corpus, FileCache, load_corpus
from fiches_engine.incremental import Rebuilds, tree_state
from fiches_engine.french import format_date
from fiches_engine.html_size import strip_indentation
from fiches_engine.search_index import BackgroundIndex, SearchIndexError, build_search_index, find_pagefind
from fiches_engine.site_pages import PageSpec, PlanMemo, plan
from fiches_engine import uploads

import shared_chrome  # hooks/shared_chrome.py: MkDocs loads this file with its folder on sys.path
from preview_sitemap import DeferredSitemap

CONTENT_DIR = "fiches"
log = logging.getLogger("mkdocs.hooks.fiches")
GUIDE = "contribuer.md"
MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"


@dataclass
class _Build:
    """Everything one build knows; made anew at each build (serve keeps this module loaded)."""

    corpus: Corpus
    today: date
    root: Path
    pagefind: str  # the binary that indexes the built site
    pages: dict[str, PageSpec] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # data files, feeds: path -> text
    generated: dict[str, File] = field(default_factory=dict)  # the plan's pages as MkDocs files
    everything: bool = True  # this build writes every page (not a preview's rebuild)
    skipped: list[File] = field(default_factory=list)  # a preview's pages left as they were
    nav: Any = None
    listed: _ListedOnce | None = None  # a preview's rebuild's files (on_files)
    review: tuple[revue.Settings, Path] | None = None  # the page « À revoir »: its settings, the content


_build: _Build | None = None


class _Publishing:
    """Where this build writes (a staging folder) and where it publishes if all went well."""

    def __init__(self) -> None:
        self.dirty = False
        self.serving = False
        self.final: str | None = None
        self.staging: str | None = None
        self.warnings = _WarningCount()


class _WarningCount(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


_publishing = _Publishing()
_chrome: list[shared_chrome.SharedChrome] = []  # this build's, for its log line


class _CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once per preview: MkDocs makes a new Jinja environment at each rebuild,
    which compiled material's templates again (a quarter of a second). Jinja's key includes a
    checksum of the template's source, so an edited template is compiled again."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


class _Preview:
    """What `mkdocs serve --dirty` keeps from one rebuild to the next (MkDocs loads this module once)."""

    def __init__(self) -> None:
        self.templates = _CompiledTemplates()
        self.files = FileCache()  # each fiche file checked once until it changes
        self.rebuilds = Rebuilds()  # which pages an edit changed
        self.plan = PlanMemo()  # the page specs of what an edit did not touch
        self.pages: dict[str, _GeneratedFile] = {}  # the plan's pages as the previous build left them
        self.previous: _Build | None = None  # released between builds, not while one waits
        self.theme_files: dict[Any, list[str]] = {}  # the theme's files, listed once (_listed_once)
        self.editor_config: dict[Any, tuple[str, Any]] = {}  # the form editor's configuration, dumped once
        self.written: dict[Path, str] = {}  # the form editor's files as last written
        self.suggestions: tuple[list[Any], str] | None = None  # the form's suggestions, and from which métiers
        self.preview: tuple[list[Any], str] | None = None  # what the form's preview pane needs, and from what
        self.uploads: uploads.Cache = {}  # each image of docs/ decoded once until it changes
        self.sitemap = DeferredSitemap()  # written in the pause after a rebuild
        self.search = BackgroundIndex(
            on_done=lambda pages: log.info("Index de recherche à jour (%d pages).", pages),
            on_error=lambda message: log.warning("Index de recherche non mis à jour : %s", message))


_preview = _Preview()


class _GeneratedFile(File):
    """A page of the plan; in a preview, only those an edit changed are written again."""

    modified = True
    skipped = False  # left out of this preview's rebuild (on_files)

    def is_modified(self) -> bool:  # asked by MkDocs only in a --dirty build
        return self.modified


class _LinksToSkippedPages(logging.Filter):
    """MkDocs tells, at the info level, of every link to a page left out of a build: in a preview,
    the pages an edit did not change are left out (on_files) but are in the site, and so are the
    links to them; that would be a false notice."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage() if record.levelno <= logging.INFO else ""
        if _build is None or not message.endswith("which is excluded from the built site."):
            return True
        target = message.rsplit("' which is excluded", 1)[0].rsplit("'", 1)[-1]
        file = _build.generated.get(target)
        return not (file is not None and file.skipped)


_pages_log = logging.getLogger("mkdocs.structure.pages")
for _old in [f for f in _pages_log.filters if type(f).__name__ == _LinksToSkippedPages.__name__]:
    _pages_log.removeFilter(_old)  # this module loaded again in the same process (tests)
_pages_log.addFilter(_LinksToSkippedPages())


def _collect_between_builds() -> None:
    if gc.isenabled():  # else a new build is under way: the next pause will do
        _preview.sitemap.write_due()
        _preview.previous = None
        gc.unfreeze()
        gc.collect()


# What a save, a rename or a deletion makes: not the opening or reading of a file, which
# the build itself does (without this filter, every build would start the next one).
_CHANGES = [watchdog.events.FileCreatedEvent, watchdog.events.FileModifiedEvent, watchdog.events.FileMovedEvent,
            watchdog.events.FileDeletedEvent, watchdog.events.FileClosedEvent, watchdog.events.EventsLostEvent]


class _NativeObserver(watchdog.observers.Observer):  # type: ignore[misc, valid-type]
    """The system's own change notifications (inotify, FSEvents, ReadDirectoryChanges)."""

    def schedule(self, event_handler: Any, path: Any, *, recursive: bool = False, event_filter: Any = None,
                 follow_symlink: bool = False) -> Any:
        return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or _CHANGES,
                                follow_symlink=follow_symlink)


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    """Watch the project with the system's change notifications rather than MkDocs' polling.

    MkDocs polls (it must work on Docker and network mounts, mkdocs/mkdocs#2477): every half second
    it reads the state of every watched file, 7,700 at 5,000 métiers, which took a processor's third
    and made a save wait up to a second before its rebuild began. With notifications a rebuild
    starts at once and nothing runs in between. FICHES_APERCU_SONDAGE=1 keeps MkDocs' polling, for
    a project on a shared folder or a virtual machine's mount, whose changes the system does not
    notify; so does a system that refuses (inotify's limit on watches reached)."""
    if os.environ.get("FICHES_APERCU_SONDAGE", "") == "1":
        return server
    paths = list(server._watched_paths)  # what MkDocs watches so far; config.watch comes after
    try:
        probe = _NativeObserver()
        for path in [*paths, *config.watch]:
            if os.path.exists(path):
                probe.schedule(watchdog.events.FileSystemEventHandler(), path, recursive=os.path.isdir(path))
        probe.start()
        probe.stop()
        probe.join()
    except OSError as error:
        log.info("Aperçu : surveillance des fichiers par sondage (%s).", error)
        return server
    # MkDocs has no setting for its observer: its attributes are replaced before it starts (serve()
    # starts it after this event), and the paths already watched are watched again by the new one.
    server.observer = _NativeObserver()
    server._watched_paths, server._watch_refs = {}, {}
    for path in paths:
        server.watch(path)
    return server


def on_startup(command: str, dirty: bool) -> None:
    # A --dirty build updates the site in place: no staging; in `serve`, only what an edit changed.
    _publishing.dirty = dirty
    _publishing.serving = command == "serve"


def build_date() -> date:
    """Today, or the day of ``SOURCE_DATE_EPOCH`` (UTC) so that any build can be reproduced."""
    try:
        return build_day(os.environ)
    except ValueError as error:
        raise PluginError(str(error)) from None


def on_config(config: Any) -> None:
    global _build
    if _publishing.dirty:
        # Releasing the previous build's hundreds of thousands of objects took a tenth of a
        # rebuild: a preview lets them go in the pause after it (_collect_between_builds).
        _preview.previous = _build
        _preview.sitemap.begin()
        _listed_once(config.theme)
    _build = None
    logging.getLogger("mkdocs").removeHandler(_publishing.warnings)
    _publishing.warnings = _WarningCount()
    logging.getLogger("mkdocs").addHandler(_publishing.warnings)
    _publishing.final = _publishing.staging = None
    if not _publishing.dirty:
        _publishing.final = config.site_dir
        try:
            publish.repair(config.site_dir)  # what a killed build left, first
        except publish.PublishError as error:
            raise PluginError(str(error)) from None
        _publishing.staging = config.site_dir = publish.staging_dir(config.site_dir)
    # material's search plugin stays enabled for its header box (partials/header.html asks for it),
    # but Pagefind answers the queries: the plugin's lunr index of every page, which nobody would
    # download, is not made (a few seconds at 5,000 métiers).
    lunr = config.plugins.get("material/search")
    for event in ("page_context", "post_build"):
        config.plugins.events[event] = [method for method in config.plugins.events[event]
                                        if getattr(method, "__self__", None) is not lunr]


def _listed_once(theme: Any) -> None:
    """A preview lists the theme's files once, not at every rebuild.

    MkDocs makes a new Jinja environment at each build and lists every file of the theme to copy
    its assets: 14,500 files with material's icons, each matched against a dozen patterns, a tenth
    of a second every time. The list is kept while the theme's folders stay as they were (our
    overrides/ are looked at; the installed material is not edited during a preview)."""
    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        state = (tuple(theme.dirs), tree_state([theme.custom_dir]) if theme.custom_dir else ())
        list_templates = env.list_templates

        def listed(extensions: Any = None, filter_func: Any = None) -> list[str]:
            # the filter is add_files_from_theme's, made anew at each build: known by its code
            key = (state, extensions, getattr(filter_func, "__code__", filter_func), tuple(theme.static_templates))
            if key not in _preview.theme_files:
                _preview.theme_files = {key: list_templates(extensions=extensions, filter_func=filter_func)}
            return list(_preview.theme_files[key])

        env.list_templates = listed  # type: ignore[method-assign]
        return env

    theme.get_env = get_env


def on_build_error(error: Exception) -> None:
    gc.enable()
    _preview.rebuilds.forget()
    _preview.sitemap.forget()
    _preview.pages = {}
    if _publishing.staging:
        publish.discard(_publishing.staging)
    if isinstance(error, OSError):
        # A file that cannot be written (disk full, no permission): MkDocs would print a traceback.
        raise PluginError(publish.write_error_message(error, _publishing.final)) from None


def on_post_build(config: Any) -> None:
    while _chrome:
        shared = _chrome.pop()
        log.debug("Parties communes des pages : %d rendus pour %d demandes.", len(shared.html), shared.asked)
    # Runs after the plugins' (hooks come last): the pages and sitemap are written.
    logging.getLogger("mkdocs").removeHandler(_publishing.warnings)
    site_dir = _publishing.staging or config.site_dir
    # material's search plugin stays enabled for its header box, but Pagefind answers the queries
    lunr = Path(site_dir, "search")
    (lunr / "search_index.json").unlink(missing_ok=True)
    if lunr.is_dir() and not any(lunr.iterdir()):
        lunr.rmdir()
    assert _build is not None
    if _publishing.dirty:
        for file in _build.skipped:  # MkDocs' loops over pages are done: back in, for the sitemap
            file.inclusion, file.skipped = InclusionLevel.NOT_IN_NAV, False
        if _build.listed is not None:
            _build.listed.forget_lists()
        files, gone = _preview.rebuilds.files_to_write("per_fiche", _build.files)
        publish.write_files(site_dir, files)
        for path in gone:
            Path(site_dir, path).unlink(missing_ok=True)
        _preview.rebuilds.commit()
        _preview.sitemap.built()
        _preview.pages = _build.generated
        for file in _preview.pages.values():
            file.modified = False
        # the pages show the edit now; the search catches up on another thread, and the cycles
        # this rebuild left are collected once the browser has had time to load the page
        _preview.search.request(site_dir, _build.pagefind)
        _form_editor(config, site_dir)
        # Enabled as it is, the collector would go through the whole heap at once (a quarter of a
        # second before the page shows): what this build made is set aside until the pause.
        gc.freeze()
        gc.enable()
        collect = threading.Timer(1.0, _collect_between_builds)
        collect.daemon = True
        collect.start()
        return
    publish.write_files(site_dir, _build.files)
    _form_editor(config, site_dir)
    try:
        build_search_index(site_dir, _build.pagefind)
    except SearchIndexError as error:
        raise PluginError(str(error)) from None
    if not _publishing.staging or not _publishing.final:
        return
    config.site_dir = _publishing.final
    if config.strict and _publishing.warnings.count:
        # MkDocs is about to stop with "Aborted with N warnings in strict mode": publish nothing.
        publish.discard(_publishing.staging)
        return
    try:
        publish.publish(_publishing.staging, _publishing.final,
                        on_wait=lambda: log.info("Une autre construction publie le site : attente de sa fin…"))
    except publish.PublishError as error:
        publish.discard(_publishing.staging)
        raise PluginError(str(error)) from None


def _form_editor(config: Any, site_dir: str) -> None:
    """The form editor at /admin/: our page and scripts (admin/), Decap CMS and the YAML library from
    node_modules (npm ci), and its configuration, written from the schemas.

    Made for the preview (`mkdocs serve`, with decap-server on a clone), when FICHES_EDITEUR_LOCAL
    is set (1, or decap-server's address: tests), and for the published site when FICHES_EDITEUR
    is « github » (the publishing workflow): editors sign in there with a GitHub access token
    (admin/connexion.html) and each save opens a pull request. Its preview pane draws a fiche with
    the site's stylesheets and what apercu.json tells it (form_editor.preview)."""
    assert _build is not None
    local: str | bool = os.environ.get("FICHES_EDITEUR_LOCAL", "") or _publishing.serving
    if not local and os.environ.get("FICHES_EDITEUR", "") != "github":
        return
    if local == "1":
        local = True
    root = _build.root
    decap = root / "node_modules" / "decap-cms" / "dist" / "decap-cms.js"
    missing = ("Decap CMS (node_modules/decap-cms) manque : installez les paquets Node (npm ci)"
               if not decap.is_file() else "le dossier admin/ du projet manque" if not (root / "admin").is_dir() else "")
    if missing:
        if not local:  # the published site was asked for its editor: not without it
            raise PluginError(f"FICHES_EDITEUR=github : {missing}, puis relancez la construction.")
        log.info("Pas d'éditeur de fiches dans l'aperçu : %s.", missing)
        return
    target = Path(site_dir, "admin")
    target.mkdir(parents=True, exist_ok=True)
    copies = [(source, target / source.name) for source in (root / "admin").iterdir()]
    copies.append((decap, target / "decap-cms.js"))
    library = root / "node_modules" / "yaml" / "browser"
    copies += [(source, target / "yaml" / source.relative_to(library)) for source in library.rglob("*.js")]
    made = (config.repo_name or "fiches-metiers/fiches", "main", config.site_url or "", local)
    if made not in _preview.editor_config:  # the same at every rebuild of a preview: dumped once
        settings = form_editor.config(*made)
        _preview.editor_config = {made: (yaml.safe_dump(settings, allow_unicode=True, sort_keys=False, width=1000),
                                         lambda page: form_editor.page_policy(settings, page))}
    settings_text, policy = _preview.editor_config[made]
    for source, copy in copies:  # a preview's rebuild copies only what changed (Decap is 5 MB)
        if source.suffix == ".html":  # our pages, with their policy (GitHub's API, Decap's needs)
            _write_if_changed(copy, csp.secure(source.read_text(encoding="utf-8"), policy(source.name)))
            continue
        stat = source.stat()
        if not copy.is_file() or copy.stat().st_mtime_ns != stat.st_mtime_ns or copy.stat().st_size != stat.st_size:
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy)
    _write_if_changed(target / "config.yml", settings_text)
    metiers = list(_build.corpus.metiers.values())
    before = _preview.suggestions
    if before is None or len(before[0]) != len(metiers) or any(a is not b for a, b in zip(before[0], metiers)):
        # made again when a métier changed (an unchanged fiche is the same object: FileCache)
        before = _preview.suggestions = (metiers, json.dumps(form_editor.suggestions(_build.corpus), ensure_ascii=False))
    _write_if_changed(target / "suggestions.json", before[1])
    # the preview pane's stylesheets (read from the home page written by this build), testimonials, titles
    home = Path(site_dir, "index.html")
    made_from = [home.read_text(encoding="utf-8") if home.is_file() else "", *metiers,
                 *_build.corpus.temoignages.values()]
    if _preview.preview is None or len(_preview.preview[0]) != len(made_from) or any(
            a is not b and a != b for a, b in zip(_preview.preview[0], made_from)):
        _preview.preview = (made_from, json.dumps(form_editor.preview(_build.corpus, made_from[0]), ensure_ascii=False))
    _write_if_changed(target / form_editor.PREVIEW_FILE, _preview.preview[1])


def _write_if_changed(path: Path, text: str) -> None:
    """Written unless a preview's previous build wrote the same text there."""
    if _preview.written.get(path) == text and path.is_file():
        return
    path.write_text(text, encoding="utf-8")
    _preview.written[path] = text


def on_pre_build(config: Any) -> None:
    # Before MkDocs cleans or writes anything in site_dir: bad content stops the
    # build here and the previous site stays whole.
    global _build
    # Loading, relating and planning make a million small objects that live until the build ends,
    # and no reference cycles: Python's cycle collector, run over and over as they pile up, took
    # half of a preview's rebuild at 5,000 métiers. It is off until the plan is made (on_files),
    # or, in a preview's rebuild that writes a few pages, until they are written (on_post_build).
    gc.disable()
    root = Path(config.config_file_path).resolve().parent
    settings, problems = revue.read_settings(Path(config.config_file_path))  # extra: fiches: revue:
    if problems:
        raise PluginError("Réglages de la revue à corriger :\n" + "\n".join(f"  {p}" for p in problems))
    corpus, errors = load_corpus(root / CONTENT_DIR, _preview.files if _publishing.dirty else None)
    # docs/ is published as it is: only pages and raster images, each image checked by its bytes
    docs = Path(config.docs_dir)
    docs_errors, docs_ignored = uploads.check_docs(docs, _preview.uploads if _publishing.dirty else None)
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
    try:
        pagefind = find_pagefind(root)
    except SearchIndexError as error:
        raise PluginError(str(error)) from None
    if pagefind.origin != "npm":
        log.info("Index de recherche construit par le Pagefind de %s.", pagefind.origin)
    _build = _Build(corpus, build_date(), root, pagefind.command, review=(settings, root / CONTENT_DIR))


def on_files(files: Files, config: Any) -> Files:
    assert _build is not None
    site = plan(_build.corpus, _build.today, config.site_url or "", _preview.plan if _publishing.dirty else None,
                _build.review)
    to_write = None
    if _publishing.dirty:
        to_write = _changed_pages(site.pages, files, config)
        _build.everything = to_write is None
    clashes = []
    docs = Path(config.docs_dir).name
    existing = files.src_uris  # a dict: get_file_from_path would parse each path again
    kept = _preview.pages if to_write is not None else {}
    for spec in site.pages:
        if spec.src_uri in existing:
            owner = spec.source or "une page générée"
            clashes.append(f"{owner} et {docs}/{spec.src_uri} donneraient la même page : renommez ou supprimez l'un des deux.")
            continue
        # The empty front matter keeps MkDocs from reading the body's first lines as
        # metadata (it would take "Lieu: Lalbenque" at the top of a body as a meta key).
        file = kept.get(spec.src_uri)
        if file is None or spec.src_uri in to_write or spec.in_nav:  # type: ignore[operator]
            file = _GeneratedFile.generated(config, spec.src_uri, content="---\n{}\n---\n\n" + spec.body,
                                            inclusion=InclusionLevel.UNDEFINED if spec.in_nav else InclusionLevel.NOT_IN_NAV)
            file.modified = to_write is None or spec.src_uri in to_write
        else:
            # A page a preview does not write again keeps its File and Page from the previous build
            # (MkDocs made a Page for each of 25,000 pages at each rebuild: a second at 5,000
            # métiers), and is left out of this build's loops over pages: MkDocs goes through
            # them four times, reading, rendering, checking anchors, each skip costing. It still
            # resolves links to it (get_file_from_path); it is put back before the sitemap, which
            # lists it (on_post_build).
            file.inclusion = InclusionLevel.EXCLUDED
            file.skipped = True
            _build.skipped.append(file)
        files.append(file)
        _build.generated[spec.src_uri] = file
        _build.pages[spec.src_uri] = spec
    # The explorer's data, the feeds, the data files: in a preview, written only when they changed
    copied, gone = (site.files, []) if to_write is None else _preview.rebuilds.files_to_write("copied", site.files)
    for path, text in site.files.items():
        data = _GeneratedFile.generated(config, path, content=text)
        data.modified = path in copied
        files.append(data)
    for path in gone:
        Path(config.site_dir, path).unlink(missing_ok=True)
    # Written at post_build, straight to the site: thousands of small files that no page links to
    # (a record and feeds per fiche) would cost MkDocs a File object, checks and a copy each.
    _build.files = site.per_fiche
    by_url: dict[str, str] = {}
    for file in files:
        if file.is_documentation_page():
            other = by_url.setdefault(file.dest_uri, file.src_uri)
            if other != file.src_uri:
                clashes.append(f"{other} et {file.src_uri} donneraient la même page /{file.url} : "
                               "renommez ou supprimez l'un des deux.")
    if to_write is None:
        gc.enable()  # thousands of pages to render, each with its Markdown parser: a web of cycles
    if clashes:
        raise PluginError("Deux sources pour une même adresse :\n" + "\n".join(f"  {c}" for c in clashes))
    if to_write is None:
        return files
    _build.listed = _ListedOnce(files)
    return _build.listed


class _ListedOnce(Files):
    """A preview's rebuild's files, their pages listed once per build.

    MkDocs goes through every file to list the pages several times per build (navigation, reading,
    rendering, the sitemap's dates) and once more for the static files: 26,800 files at 5,000
    métiers, each asked what it is, to find the few dozen a rebuild writes. Here each list is made
    at its first use and kept until a file comes or goes, or the pages' inclusion changes
    (on_post_build puts back the pages the rebuild left out)."""

    def __init__(self, files: Files) -> None:
        super().__init__(files)
        self._lists: dict[Any, list[File]] = {}

    def append(self, file: File) -> None:
        self._lists.clear()
        super().append(file)

    def remove(self, file: File) -> None:
        self._lists.clear()
        super().remove(file)

    def forget_lists(self) -> None:
        self._lists.clear()

    def documentation_pages(self, *, inclusion: Any = InclusionLevel.is_included) -> list[File]:
        if inclusion not in self._lists:
            self._lists[inclusion] = list(super().documentation_pages(inclusion=inclusion))
        return list(self._lists[inclusion])

    def copy_static_files(self, dirty: bool = False, *, inclusion: Any = InclusionLevel.is_included) -> None:
        if "static" not in self._lists:
            self._lists["static"] = [file for file in self if not file.is_documentation_page()]
        for file in self._lists["static"]:
            if inclusion(file.inclusion):
                file.copy_file(dirty)


def _changed_pages(pages: list[PageSpec], files: Files, config: Any) -> set[str] | None:
    """In a preview, the pages an edit changed (None: all of them, the site folder emptied first)."""
    assert _build is not None
    theme_dirs = [config.theme.custom_dir] if config.theme.custom_dir else []
    environment = (_build.today, config.site_url, tree_state([
        config.config_file_path, config.docs_dir, *theme_dirs, str(_build.root / "hooks"),
        str(_build.root / CONTENT_DIR / "synonymes.yml")]))
    rebuilds = _preview.rebuilds
    to_write = rebuilds.pages_to_write(environment, pages)
    if to_write is None:
        # The first build, or a template, a hand-written page, the configuration or the day changed:
        # every page, hand-written ones too, is written again into an empty folder.
        utils.clean_directory(config.site_dir)
        return None
    for uri in rebuilds.pages_gone(spec.src_uri for spec in pages):  # a fiche deleted or renamed
        gone = File(uri, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls)
        Path(gone.abs_dest_path).unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # its folder, unless something else is in it
            os.rmdir(os.path.dirname(gone.abs_dest_path))
    home = files.get_file_from_path("index.md")
    if home is not None and to_write:
        home.is_modified = lambda: True  # the home page shows figures and offers from every fiche
    log.info("Aperçu : %d page(s) à réécrire sur %d.", len(to_write) + (home is not None and bool(to_write)),
             len(pages))
    return to_write


def on_nav(nav: Any, config: Any, files: Files) -> Any:
    if _build is not None:
        _build.nav = nav  # for the preview's sitemap (hooks/preview_sitemap.py)
    return nav


def on_env(env: Any, config: Any, files: Files) -> Any:
    if _publishing.dirty:
        env.bytecode_cache = _preview.templates
    # Our partials that wrap material's own (overrides/partials/nav.html) include it as
    # "material/partials/nav.html".
    env.loader = jinja2.ChoiceLoader([env.loader, jinja2.PrefixLoader({"material": jinja2.FileSystemLoader(MATERIAL_TEMPLATES)})])
    # FICHES_CHROME_PARTAGE=0 renders every part on every page, as material alone (tests compare both).
    chrome = shared_chrome.install(env, os.environ.get("FICHES_CHROME_PARTAGE", "1") != "0")
    if chrome is not None:
        _chrome.append(chrome)
    # The pages kept out of search engines: overrides/main.html gives them a robots meta and
    # overrides/sitemap.xml leaves them out.
    env.globals["hors_moteurs"] = frozenset() if _build is None else frozenset(
        uri for uri, spec in _build.pages.items() if not spec.indexed)
    if _build is None:
        return env
    # Every page's lastmod in the sitemap, from the fiche's last change (on_page_markdown runs only
    # for the pages written); a page a preview left as it was keeps its date (it is in its key).
    changed = _build.corpus.changed
    for file in files.documentation_pages():
        spec = _build.pages.get(file.src_uri)
        if spec is not None and spec.source in changed and file.page is not None:
            file.page.update_date = changed[spec.source].isoformat()
    if _publishing.dirty:
        if not _build.everything:
            # the "page not found" page shows the navigation and the templates, no fiche: the same
            # until the environment changes, which makes a build that writes everything
            config.theme.static_templates.discard("404.html")
        # hooks/preview_sitemap.py: what the sitemap shows of each page, in the order it lists them
        sitemap = [(file.page.url, file.page.canonical_url, file.page.update_date) for file in files
                   if file.page is not None and file.is_documentation_page()
                   and file.src_uri not in env.globals["hors_moteurs"] and (file.inclusion.is_included() or getattr(file, "skipped", False))]
        _preview.sitemap.decide((config.site_url, sitemap), _build.everything, config, env, files, _build.nav)
    return env


def on_post_template(output: str, template_name: str, config: Any) -> str:
    # the "page not found" page (404.html) has its policy too; the sitemap is no page
    return csp.secure(output) if template_name.endswith(".html") else output


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    if page.file.src_uri == GUIDE:
        return guide.fill(markdown)  # keys and messages taken from the schemas and the checker
    spec = _build.pages.get(page.file.src_uri) if _build else None
    if spec is None:
        return markdown
    # Titles and descriptions come escaped from the plan: material prints them as they are.
    page.meta.update(template=spec.template, title=spec.title, description=spec.description)
    if spec.source and config.repo_url and config.edit_uri:
        # MkDocs gives generated files no edit URL; the fiche's source is in fiches/.
        source = os.path.relpath(_build.root / spec.source, config.docs_dir).replace(os.sep, "/")
        page.edit_url = urljoin(config.repo_url.rstrip("/") + "/", config.edit_uri.rstrip("/") + "/" + source)
    return markdown


def on_page_content(html: str, page: Any, config: Any, files: Files) -> str:
    spec = _build.pages.get(page.file.src_uri) if _build else None
    if spec is not None and spec.source:
        # A fiche's body, cleaned again by the allowlist; `fiches check` refused any body this changes.
        cleaned = sanitize.clean_html(html)
        if gone := sanitize.removed(html, cleaned):
            log.warning("%s : retiré du texte par le nettoyage HTML : %s", spec.source,
                        ", ".join(f"<{tag}> {attribute}".strip() for tag, attribute, _ in gone))
        html = cleaned
    # str(): the terms are Markup, and str + Markup would escape the page's own HTML
    # Marked: no inline script in a page's content is allowed by its policy (on_post_page)
    return csp.mark_content(html + str(spec.search_terms()) if spec else html)


def on_post_page(output: str, page: Any, config: Any) -> str:
    return csp.secure(strip_indentation(output))


def on_page_context(context: dict[str, Any], page: Any, config: Any, nav: Any) -> dict[str, Any]:
    if _build is None:
        return context
    context["date_du_site"] = format_date(_build.today)
    spec = _build.pages.get(page.file.src_uri)
    if spec is not None:
        context.update(spec.context())
        if spec.structured_data and config.site_url:
            context["jsonld"] = Markup(structured_data.to_script(spec.structured_data(config.site_url)))
        if spec.feed and config.site_url:
            context["flux"] = feeds.links(*spec.feed, config.site_url)
    elif page.is_homepage:
        context["accueil"] = views.home_view(_build.corpus, _build.today)
        if config.site_url:
            context["flux"] = feeds.links(feeds.SITE_FEED, feeds.SITE_TITLE, config.site_url)
    return context

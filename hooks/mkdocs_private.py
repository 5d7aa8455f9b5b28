"""Every private part of MkDocs the glue relies on, in this one module, each behind a check.

MkDocs has no public way to do what makes the preview fast (leave the pages an edit did not
change out of a rebuild, list the theme's files once, write the sitemap after the rebuild, watch
files with the system's notifications) nor to share the page chrome between pages. Those reach
into MkDocs 1.6 (and ProperDocs, which keeps its code and its hooks) here, and only here: a test
fails if another file of hooks/ names one of them (tests/test_glue.py).

``missing_for_preview`` looks for what the preview expects before its first build. If anything is
not as expected (a new MkDocs, ProperDocs renaming something), the preview falls back to plain
full rebuilds with one French notice (hooks/preview.py), and the site stays whole. The published
build (`mkdocs build`) needs none of the preview's parts; the two it uses (``link_filters``,
``drop_plugin_events``) each do nothing when MkDocs is not as expected, and the build is the same
but slower.
"""

from __future__ import annotations

import inspect
import logging
import os
from collections.abc import Callable, Iterable
from typing import Any

import jinja2
import mkdocs
import watchdog.events
import watchdog.observers
from mkdocs import utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

# MkDocs' loggers are under « mkdocs », ProperDocs' under « properdocs » (its `mkdocs` is itself):
# ours goes under the one that runs, whose command prints it and counts its warnings (--strict).
LOGGER_ROOT = mkdocs.__name__
# Which of them builds, and which version: the generator's name is in every page
TOOL = f"{mkdocs.__name__} {getattr(mkdocs, '__version__', '')}"
log = logging.getLogger(f"{LOGGER_ROOT}.hooks.fiches")


def _parameters(function: Any) -> set[str]:
    try:
        return set(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return set()


def missing_for_preview() -> list[str]:
    """What the preview's shortcuts expect of MkDocs and do not find (empty: all is there)."""
    out = []
    if not callable(getattr(mkdocs_build, "_build_theme_template", None)):
        out.append("mkdocs.commands.build._build_theme_template")
    if not callable(getattr(utils, "clean_directory", None)):
        out.append("mkdocs.utils.clean_directory")
    for name in ("EXCLUDED", "NOT_IN_NAV", "UNDEFINED"):
        if not hasattr(InclusionLevel, name):
            out.append(f"InclusionLevel.{name}")
    if "inclusion" not in _parameters(Files.documentation_pages):
        out.append("Files.documentation_pages(inclusion=)")
    if not {"dirty", "inclusion"} <= _parameters(Files.copy_static_files):
        out.append("Files.copy_static_files(dirty, inclusion=)")
    if not callable(getattr(File, "generated", None)) or not callable(getattr(File, "is_modified", None)):
        out.append("File.generated, File.is_modified")
    from mkdocs.livereload import LiveReloadServer

    if "root" not in _parameters(LiveReloadServer.__init__):
        out.append("LiveReloadServer(root=)")
    return out


# --- the pages of a preview's rebuild ------------------------------------------------------------

class GeneratedFile(File):
    """A page or file of the plan; in a preview, only those an edit changed are written again."""

    modified = True
    skipped = False  # left out of this preview's rebuild (leave_out)

    def is_modified(self) -> bool:  # asked by MkDocs only in a --dirty build
        return self.modified


def generated(config: Any, src_uri: str, content: str, in_nav: bool | None = None) -> GeneratedFile:
    """A generated page (``in_nav``: True, in the navigation; False, not; None: not a page)."""
    inclusion = {True: InclusionLevel.UNDEFINED, False: InclusionLevel.NOT_IN_NAV, None: None}[in_nav]
    if inclusion is None:
        return GeneratedFile.generated(config, src_uri, content=content)
    return GeneratedFile.generated(config, src_uri, content=content, inclusion=inclusion)


def with_page(file: GeneratedFile, config: Any, updated: str | None) -> GeneratedFile:
    """``file`` with the Page MkDocs would give it (``updated``: its sitemap date, when not the
    build's): what a preview's rebuild keeps of a page it does not write again."""
    Page(None, file, config)
    if updated is not None:
        file.page.update_date = updated  # type: ignore[union-attr]
    return file


def leave_out(file: GeneratedFile) -> None:
    """Out of MkDocs' loops over pages (reading, rendering, anchors), still found by links to it."""
    file.inclusion = InclusionLevel.EXCLUDED
    file.skipped = True


def put_back(file: GeneratedFile) -> None:
    """After MkDocs' loops over pages, before the sitemap that lists it."""
    file.inclusion, file.skipped = InclusionLevel.NOT_IN_NAV, False


def always_modified(file: File) -> None:
    file.is_modified = lambda: True  # type: ignore[method-assign]


def empty_site_folder(path: str) -> None:
    utils.clean_directory(path)


def removed_page_path(config: Any, src_uri: str) -> str:
    """Where the page of ``src_uri`` was written."""
    return File(src_uri, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls).abs_dest_path


class ListedOnce(Files):
    """A preview's rebuild's files, their pages listed once per build.

    MkDocs goes through every file to list the pages several times per build (navigation, reading,
    rendering, the sitemap's dates) and once more for the static files, to find the few dozen a
    rebuild writes. Here each list is made at its first use and kept until a file comes or goes,
    or the pages' inclusion changes (``forget_lists``, when the left-out pages are put back)."""

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


# --- the theme -----------------------------------------------------------------------------------

def list_theme_files_once(theme: Any, state: Callable[[], Any], memory: dict[Any, list[str]]) -> None:
    """A preview lists the theme's files once, not at every rebuild (``memory``: kept between them).

    MkDocs makes a new Jinja environment at each build and lists every file of the theme to copy
    its assets: 14,500 files with material's icons, each matched against a dozen patterns. The
    list is kept while ``state()`` (the theme's folders) stays the same."""
    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        list_templates = env.list_templates
        folders = state()

        def listed(extensions: Any = None, filter_func: Any = None) -> list[str]:
            # the filter is add_files_from_theme's, made anew at each build: known by its code
            key = (folders, extensions, getattr(filter_func, "__code__", filter_func), tuple(theme.static_templates))
            if key not in memory:
                memory.clear()
                memory[key] = list_templates(extensions=extensions, filter_func=filter_func)
            return list(memory[key])

        env.list_templates = listed  # type: ignore[method-assign]
        return env

    theme.get_env = get_env


def not_written_by_the_build(config: Any, template: str) -> None:
    """A static template of the theme (404.html, sitemap.xml) that this build leaves as it is."""
    config.theme.static_templates.discard(template)


def build_theme_template(template: str, env: Any, files: Any, config: Any, nav: Any) -> None:
    """Render and write a static template as MkDocs' build does (the sitemap, gzipped too)."""
    mkdocs_build._build_theme_template(template, env, files, config, nav)


# --- plugins and filters -------------------------------------------------------------------------

def drop_plugin_events(config: Any, plugin: Any, events: Iterable[str]) -> None:
    """The events of a plugin not called (material's search: its lunr index, which Pagefind replaces)."""
    if plugin is None or not isinstance(getattr(config.plugins, "events", None), dict):
        return
    table = config.plugins.events
    for event in events:
        table[event] = [method for method in table.get(event, []) if getattr(method, "__self__", None) is not plugin]


def link_filters(env: jinja2.Environment, names: Iterable[str]) -> dict[str, Any] | None:
    """MkDocs' filters that write a page's links (url, script_tag), to wrap (hooks/shared_chrome.py),
    or None when one is missing: the pages' chrome is then not shared."""
    found = {name: env.filters.get(name) for name in names}
    return found if all(callable(f) for f in found.values()) else None


# --- the log -------------------------------------------------------------------------------------

class _Notices(logging.Filter):
    """MkDocs notices that are not true of a preview's rebuild: a link to a page the rebuild left
    out, or a page of the navigation that a warm start did not plan (both are in the site), and
    the warning that a dirty build makes wrong navigation (ours writes every page whose
    navigation or links changed: tests/test_incremental.py)."""

    def __init__(self, skipped: Callable[[str], bool]) -> None:
        super().__init__()
        self.skipped = skipped

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.WARNING:
            return True
        message = record.getMessage()
        if message.startswith("A 'dirty' build is being performed"):
            return False
        if record.levelno <= logging.INFO and message.endswith("which is excluded from the built site."):
            return not self.skipped(message.rsplit("' which is excluded", 1)[0].rsplit("'", 1)[-1])
        if message.startswith("A reference to '") and message.endswith("which is not found in the documentation files."):
            return not self.skipped(message.split("'", 2)[1])
        return True


def hide_false_notices(skipped: Callable[[str], bool]) -> None:
    """``skipped(src_uri)``: the page is in the site, though this rebuild left it out. Replaces the
    filter a previous load of the hooks (tests, in one process) put."""
    for name in (f"{LOGGER_ROOT}.structure.pages", f"{LOGGER_ROOT}.structure.nav", f"{LOGGER_ROOT}.commands.build"):
        logger = logging.getLogger(name)
        for old in [f for f in logger.filters if type(f).__name__ == _Notices.__name__]:
            logger.removeFilter(old)
        logger.addFilter(_Notices(skipped))


# --- the preview's server ------------------------------------------------------------------------

def serve_rebuilds_in_place() -> bool:
    """`mkdocs serve` without --dirty rebuilds every page into an emptied folder at each save (a
    minute at 5,000 métiers). Its rebuilds are made as --dirty's instead: in place, where the
    preview writes what an edit changed and removes what it deleted, which makes the site a full
    build makes (tests/test_incremental.py). False when serve is not as expected."""
    from mkdocs.commands import serve

    original = getattr(serve, "build", None)
    if getattr(original, "fiches_in_place", False):
        return True
    if not callable(original) or not {"serve_url", "dirty"} <= _parameters(original):
        return False

    def build(config: Any, *, serve_url: str | None = None, dirty: bool = False) -> None:
        original(config, serve_url=serve_url, dirty=True)

    build.fiches_in_place = True  # type: ignore[attr-defined]
    serve.build = build
    return True


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


def serve_folder(server: Any, folder: str) -> bool:
    """Serve the site from ``folder`` (the preview's, kept for its next start) rather than the
    temporary folder `mkdocs serve` made; False when the server is not as expected (the preview
    then builds into MkDocs' folder: hooks/preview.py)."""
    if not isinstance(getattr(server, "root", None), str):
        return False
    server.root = os.path.abspath(folder)
    return True


def watch_natively(server: Any, also: Iterable[str]) -> str | None:
    """Make MkDocs' server watch with the system's notifications instead of polling; the reason
    when it cannot (the system refuses, or the server is not as expected)."""
    if not all(hasattr(server, name) for name in ("_watched_paths", "_watch_refs", "observer", "watch")):
        return "serveur de MkDocs inattendu"
    paths = list(server._watched_paths)  # what MkDocs watches so far; config.watch comes after
    try:
        probe = _NativeObserver()
        for path in [*paths, *also]:
            if os.path.exists(path):
                probe.schedule(watchdog.events.FileSystemEventHandler(), path, recursive=os.path.isdir(path))
        probe.start()
        probe.stop()
        probe.join()
    except OSError as error:
        return str(error)
    # MkDocs has no setting for its observer: its attributes are replaced before it starts (serve()
    # starts it after the serve event), and the paths already watched are watched again by the new one.
    server.observer = _NativeObserver()
    server._watched_paths, server._watch_refs = {}, {}
    for path in paths:
        server.watch(path)
    return None

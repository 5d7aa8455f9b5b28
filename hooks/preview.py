"""The preview (`mkdocs serve`): what it keeps from one rebuild to the next, and how a rebuild
writes only what an edit changed.

One object, ``Preview``, owns that memory, for the life of the process (MkDocs loads the hooks
once and calls them for every rebuild). Its rule for what an edit touched is the engine's
(fiches_engine.incremental: each page's key, each file's text): a page or file whose key or text
is the previous build's is not written again; everything else is, and a failed build forgets
everything. What MkDocs must be for this to work is checked first (hooks/mkdocs_private.py); when
it is not as expected, the preview makes full rebuilds instead, as `mkdocs build` does.
"""

from __future__ import annotations

import contextlib
import gc
import os
import threading
from pathlib import Path
from typing import Any

import jinja2.bccache

from fiches_engine import publish, uploads
from fiches_engine.corpus import FileCache
from fiches_engine.incremental import Rebuilds, tree_state, under
from fiches_engine.taxonomy import SYNONYMS_FILE
from fiches_engine.search_index import BackgroundIndex
from fiches_engine.site_pages import PageSpec, PlanMemo, SitePlan, plan

import mkdocs_private
import site_build
from site_build import CONTENT_DIR
from preview_restart import SavedSite
from preview_sitemap import DeferredSitemap

log = mkdocs_private.log


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once per preview: MkDocs makes a new Jinja environment at each rebuild,
    which compiled material's templates again. Kept in memory, and on disk beside the preview's
    site (``keep_in``) so that the first save after a restart does not compile them all again.
    Jinja checks each one's source checksum and its own Python's version on load: an edited
    template, or another Python, is compiled again."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}
        self.disk: jinja2.FileSystemBytecodeCache | None = None

    def keep_in(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.disk = jinja2.FileSystemBytecodeCache(str(folder))

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])
        elif self.disk is not None:
            self.disk.load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()
        if self.disk is not None:
            self.disk.dump_bytecode(bucket)


class Preview:
    """What a preview keeps from one rebuild to the next (``serving``: `mkdocs serve`, whose site
    is kept on disk for the next start: hooks/preview_restart.py)."""

    def __init__(self, serving: bool = False) -> None:
        self.templates = CompiledTemplates()
        self.files = FileCache()  # each fiche file checked once until it changes
        self.uploads: uploads.Cache = {}  # each image of docs/ decoded once until it changes
        self.rebuilds = Rebuilds()  # which pages and files an edit changed
        self.plan = PlanMemo()  # the page specs of what an edit did not touch
        self.pages: dict[str, mkdocs_private.GeneratedFile] = {}  # the plan's pages as the last build left them
        self.previous: Any = None  # the last build, released in the pause after the next one begins
        self.theme_files: dict[Any, list[str]] = {}  # the theme's files, listed once
        self.sitemap = DeferredSitemap()  # written in the pause after a rebuild
        self.search = BackgroundIndex(on_done=self._indexed,
                                      on_error=lambda message: log.warning("Index de recherche non mis à jour : %s", message))
        self.building = False  # a rebuild is under way (the pause's collection waits for the next one)
        self.serving = serving
        self.saved: SavedSite | None = None  # the site on disk and what it was made from
        self.started = False  # a first build was made
        self.warm_start = False  # this first build found the site as the project makes it: it writes nothing
        self.warming: threading.Thread | None = None  # the memory of a warm start, made meanwhile
        self.indexed_at_start = False  # a warm start found the search index of its site
        self.walked: tuple[tuple[str, int, int], ...] = ()  # this rebuild's walk of the project (walk)
        self.addresses_checked: Any = None  # the sources whose pages' addresses were found distinct

    @staticmethod
    def possible() -> bool:
        """Whether MkDocs is as the preview's shortcuts expect; says once why not."""
        missing = mkdocs_private.missing_for_preview()
        if missing:
            log.warning("Aperçu : cette version de MkDocs n'a pas ce que l'aperçu rapide attend (%s) ; "
                        "chaque modification reconstruit tout le site.", ", ".join(missing))
        return not missing

    def begin(self, config: Any, last_build: Any, today: Any) -> None:
        """A rebuild begins (on_config)."""
        if self.warming is not None:
            self.warming.join()  # what the next edit needs, made after a warm start: ready first
            self.warming = None
        self.warm_start = False
        if self.serving and self.saved is None:
            self.saved = SavedSite(site_build.project_root(config))
            if not self.saved.claim():
                log.info("Aperçu : un autre aperçu de ce projet tourne déjà et garde son dossier (%s) ; "
                         "celui-ci construit dans un dossier temporaire.", self.saved.site.parent)
                self.saved, self.serving = None, False
            else:
                self.templates.keep_in(self.saved.templates)
        self.walked = self.walk(config, content=self.saved is not None)
        if self.saved is not None:
            config.site_dir = str(self.saved.site)  # served from there (mkdocs_private.serve_folder)
            state = self.saved.project(config, today, self.walked)
            with self.saved.lock:
                self.building = True
                found, self.indexed_at_start = self.saved.begin(state)
            self.warm_start = found and not self.started
            if self.warm_start:
                log.info("Aperçu : le site de l'aperçu précédent est à jour, rien à reconstruire.")
        self.started = True
        self.building = True
        # Releasing the previous build's hundreds of thousands of objects took a tenth of a
        # rebuild: it is let go in the pause after this one (collect_between_builds).
        self.previous = last_build
        self.sitemap.begin()
        custom = [config.theme.custom_dir] if config.theme.custom_dir else []
        mkdocs_private.list_theme_files_once(
            config.theme, lambda: (tuple(config.theme.dirs), under(self.walked, custom)), self.theme_files)

    @staticmethod
    def walk(config: Any, content: bool) -> tuple[tuple[str, int, int], ...]:
        """The files the site is made from, walked once per rebuild: the environment, the theme's
        own folder and (``content``: for the digest of a preview started again) the fiches and
        the form editor are parts of it."""
        root = site_build.project_root(config)
        theme = [config.theme.custom_dir] if config.theme.custom_dir else []
        more = [str(root / CONTENT_DIR), str(root / "admin")] if content else [str(root / CONTENT_DIR / SYNONYMS_FILE)]
        return tree_state([config.config_file_path, config.docs_dir, *theme, str(root / "hooks"), *more])

    def environment(self, build: Any, config: Any) -> Any:
        """What every page depends on: a change here makes a rebuild write every page."""
        theme = [config.theme.custom_dir] if config.theme.custom_dir else []
        return (build.today, config.site_url, under(self.walked, [
            config.config_file_path, config.docs_dir, *theme, str(build.root / "hooks"),
            str(build.content / SYNONYMS_FILE)]))

    def pages_to_write(self, build: Any, site: SitePlan, files: Any, config: Any) -> set[str] | None:
        """The pages an edit changed (None: all of them, the site folder emptied first)."""
        pages = site.pages
        to_write = self.rebuilds.pages_to_write(self.environment(build, config), pages, site.facts)
        if to_write is None:
            # The first build, or a template, a hand-written page, the configuration or the day changed:
            # every page, hand-written ones too, is written again into an empty folder.
            mkdocs_private.empty_site_folder(config.site_dir)
            return None
        for uri in self.rebuilds.pages_gone(spec.src_uri for spec in pages):  # a fiche deleted or renamed
            gone = mkdocs_private.removed_page_path(config, uri)
            Path(gone).unlink(missing_ok=True)
            with contextlib.suppress(OSError):  # its folder, unless something else is in it
                os.rmdir(os.path.dirname(gone))
        home = files.get_file_from_path("index.md")
        if home is not None and to_write:
            mkdocs_private.always_modified(home)  # the home page shows figures and offers from every fiche
        log.info("Aperçu : %d page(s) à réécrire sur %d.", len(to_write) + (home is not None and bool(to_write)),
                 len(pages))
        return to_write

    def page_file(self, config: Any, spec: PageSpec, to_write: set[str] | None) -> tuple[mkdocs_private.GeneratedFile, bool]:
        """The MkDocs file of a page of the plan, and whether this rebuild leaves it out.

        A page a rebuild does not write again keeps its File and Page from the previous build
        (MkDocs would make a Page for each of 25,000 pages at each rebuild), and is left out of
        this build's loops over pages (reading, rendering, checking anchors). Links to it still
        resolve; it is put back before the sitemap, which lists it (after_build)."""
        file = self.pages.get(spec.src_uri) if to_write is not None else None
        if file is None or spec.src_uri in to_write or spec.in_nav:  # type: ignore[operator]
            file = site_build.page_file(config, spec)
            file.modified = to_write is None or spec.src_uri in to_write
            return file, False
        mkdocs_private.leave_out(file)
        return file, True

    def after_build(self, build: Any, site_dir: str, write_form_editor: Any) -> None:
        """The rebuild went through (on_post_build): what it left out goes back, the files it
        changed are written, the search catches up on another thread."""
        for file in build.skipped:  # MkDocs' loops over pages are done: back in, for the sitemap
            mkdocs_private.put_back(file)
        if build.listed is not None:
            build.listed.forget_lists()
        files, gone = self.rebuilds.files_to_write("per_fiche", build.files)
        publish.write_files(site_dir, files)
        for path in gone:
            Path(site_dir, path).unlink(missing_ok=True)
        self.rebuilds.commit()
        self.sitemap.built()
        self.pages = build.generated
        for file in self.pages.values():
            file.modified = False
        self.search.request(site_dir, build.pagefind)
        write_form_editor()
        # Enabled as it is, the collector would go through the whole heap at once (a quarter of a
        # second before the page shows): what this build made is set aside until the pause.
        gc.freeze()
        gc.enable()
        self.building = False
        collect = threading.Timer(1.0, self.collect_between_builds)
        collect.daemon = True
        collect.start()

    def collect_between_builds(self) -> None:
        if self.building:  # a new rebuild is under way: the next pause will do
            return
        self.sitemap.write_due()
        self.previous = None
        gc.unfreeze()
        gc.collect()
        self._settle()

    def _indexed(self, pages: int) -> None:
        log.info("Index de recherche à jour (%d pages).", pages)
        self._settle()

    def _settle(self) -> None:
        """The site on disk is the last build's once its sitemap is written (and says whether its
        search index is written too)."""
        if self.saved is not None:
            self.saved.settled(lambda: not self.building and self.sitemap.settled.is_set(), self.search.wait(0))

    def warm_files(self, config: Any) -> None:
        """A warm start's build (on_files): the theme's templates are not written again either."""
        for template in ("404.html", "sitemap.xml"):
            mkdocs_private.not_written_by_the_build(config, template)

    def after_warm_start(self, config: Any, load: Any, pagefind: Any) -> None:
        """The first build wrote nothing (on_post_build): the site is as it was, and the memory the
        next edit needs is made on another thread, from the project as it was digested; the search
        index too, if the last preview stopped before it was written."""
        assert self.saved is not None
        state = self.saved.state
        self.building = False
        self._settle()
        if not self.indexed_at_start:
            self.search.request(str(self.saved.site), pagefind())

        def warm_up() -> None:
            try:
                build = load()
                site = plan(build.corpus, build.today, config.site_url or "", self.plan, build.review)
                environment = self.environment(build, config)
                if self.saved is None or self.saved.project(config, build.today, self.walk(config, True)) != state:
                    return  # the project changed while it was read: the next build writes everything
                self.rebuilds.assume(environment, site.pages, {"copied": site.files, "per_fiche": site.per_fiche},
                                     site.facts())
                # the pages as the last preview left them: the first edit writes only what it changes,
                # instead of MkDocs making a page for each of the site's again
                self.pages = site_build.pages_as_built(config, site.pages, build.corpus.changed)
            except Exception as error:  # noqa: BLE001 (a thread of its own: tell, and rebuild all next time)
                log.info("Aperçu : mémoire non préparée (%s) ; la prochaine modification reconstruit tout.", error)
                self.rebuilds.forget()

        self.warming = threading.Thread(target=warm_up, name="fiches-apercu", daemon=True)
        self.warming.start()

    def failed(self) -> None:
        """The rebuild failed part way: the site may hold anything, the next one writes it all."""
        gc.enable()
        self.building = False
        if self.saved is not None:
            self.saved.forget()
        self.rebuilds.forget()
        self.sitemap.forget()
        self.pages = {}

"""The form editor at /admin/, written into the site: our page and scripts (admin/), Decap CMS and
the YAML library from node_modules (npm ci), and what the engine computes for it
(fiches_engine.form_editor: its configuration from the schemas, the page policies, the
suggestions, what the preview pane needs).

Made for the preview (`mkdocs serve`, with decap-server on a clone), when FICHES_EDITEUR_LOCAL is
set (1, or decap-server's address: tests), and for the published site when FICHES_EDITEUR is
« github » (the publishing workflow): editors sign in there with a GitHub access token
(admin/connexion.html) and each save opens a pull request.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import yaml
from mkdocs.exceptions import PluginError

from fiches_engine import csp, form_editor

import mkdocs_private

log = mkdocs_private.log


class FormEditorFiles:
    """Writes the form editor's files; in a preview, only those that changed since its last build."""

    def __init__(self) -> None:
        self.config: dict[Any, tuple[str, Any]] = {}  # the configuration, dumped once per settings
        self.written: dict[Path, str] = {}  # the files as last written
        self.suggestions: tuple[list[Any], str] | None = None  # the form's suggestions, and from which métiers
        self.preview: tuple[list[Any], str] | None = None  # what the preview pane needs, and from what

    def write(self, config: Any, site_dir: str, build: Any, serving: bool) -> None:
        local: str | bool = os.environ.get("FICHES_EDITEUR_LOCAL", "") or serving
        if not local and os.environ.get("FICHES_EDITEUR", "") != "github":
            return
        if local == "1":
            local = True
        root = build.root
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
        if made not in self.config:  # the same at every rebuild of a preview: dumped once
            settings = form_editor.config(*made)
            self.config = {made: (yaml.safe_dump(settings, allow_unicode=True, sort_keys=False, width=1000),
                                  lambda page: form_editor.page_policy(settings, page))}
        settings_text, policy = self.config[made]
        for source, copy in copies:  # a preview's rebuild copies only what changed (Decap is 5 MB)
            if source.suffix == ".html":  # our pages, with their policy (GitHub's API, Decap's needs)
                self._write(copy, csp.secure(source.read_text(encoding="utf-8"), policy(source.name)))
                continue
            stat = source.stat()
            if not copy.is_file() or copy.stat().st_mtime_ns != stat.st_mtime_ns or copy.stat().st_size != stat.st_size:
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, copy)
        self._write(target / "config.yml", settings_text)
        corpus = build.corpus
        values = form_editor.suggested_values(corpus)
        if self.suggestions is None or self.suggestions[0] != values:  # a value added, removed or written otherwise
            self.suggestions = (values, json.dumps(form_editor.suggestions(corpus), ensure_ascii=False))
        self._write(target / "suggestions.json", self.suggestions[1])
        # the preview pane's stylesheets (read from the home page written by this build), the métiers'
        # titles, the testimonials (an unchanged fiche is the same object: FileCache)
        home = Path(site_dir, "index.html")
        made_from = [home.read_text(encoding="utf-8") if home.is_file() else "",
                     *((slug, m.titre) for slug, m in corpus.metiers.items()), *corpus.temoignages.values()]
        if self.preview is None or self.preview[0] != made_from:
            self.preview = (made_from, json.dumps(form_editor.preview(corpus, made_from[0]), ensure_ascii=False))
        self._write(target / form_editor.PREVIEW_FILE, self.preview[1])

    def _write(self, path: Path, text: str) -> None:
        """Written unless a previous build wrote the same text there."""
        if self.written.get(path) == text and path.is_file():
            return
        path.write_text(text, encoding="utf-8")
        self.written[path] = text

"""Where a build writes and when it publishes: the MkDocs side of fiches_engine.publish.

A build (`mkdocs build`, or `mkdocs serve` without the preview's shortcuts) writes into a staging
folder of its own and publishes it whole at the end, only if nothing went wrong (and, with
--strict, nothing warned): the site folder is at every instant the previous complete site or the
new one. A preview's rebuild (`mkdocs serve --dirty`) updates the site in place instead.
"""

from __future__ import annotations

import logging
from typing import Any

from mkdocs.exceptions import PluginError

from fiches_engine import publish

import mkdocs_private

log = mkdocs_private.log


class _WarningCount(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class Publication:
    """One build's staging folder, its final folder, and the warnings it logged."""

    def __init__(self) -> None:
        self.final: str | None = None
        self.staging: str | None = None
        self.warnings = _WarningCount()

    def begin(self, config: Any, in_place: bool) -> None:
        """A build begins (on_config): unless ``in_place``, it writes into a staging folder."""
        logging.getLogger(mkdocs_private.LOGGER_ROOT).removeHandler(self.warnings)
        self.warnings = _WarningCount()
        logging.getLogger(mkdocs_private.LOGGER_ROOT).addHandler(self.warnings)
        self.final = self.staging = None
        if in_place:
            return
        self.final = config.site_dir
        try:
            publish.repair(config.site_dir)  # what a killed build left, first
        except publish.PublishError as error:
            raise PluginError(str(error)) from None
        self.staging = config.site_dir = publish.staging_dir(config.site_dir)

    def finish(self, config: Any) -> None:
        """All is written (on_post_build): publish the staging folder, unless strict mode refuses."""
        logging.getLogger(mkdocs_private.LOGGER_ROOT).removeHandler(self.warnings)
        if not self.staging or not self.final:
            return
        config.site_dir = self.final
        if config.strict and self.warnings.count:
            # MkDocs is about to stop with "Aborted with N warnings in strict mode": publish nothing.
            publish.discard(self.staging)
            return
        try:
            publish.publish(self.staging, self.final,
                            on_wait=lambda: log.info("Une autre construction publie le site : attente de sa fin…"))
        except publish.PublishError as error:
            publish.discard(self.staging)
            raise PluginError(str(error)) from None

    def failed(self, error: Exception) -> None:
        """The build failed (on_build_error): nothing of it is published."""
        if self.staging:
            publish.discard(self.staging)
        if isinstance(error, OSError):
            # A file that cannot be written (disk full, no permission): MkDocs would print a traceback.
            raise PluginError(publish.write_error_message(error, self.final)) from None

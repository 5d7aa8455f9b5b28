"""Publish a built site all at once, or not at all.

The site is written into a staging folder beside the real one; only a build
that succeeded replaces the real folder, by renaming. A failed build leaves
the previous site whole and no half-written folder where a deploy would look.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

STAGING_SUFFIX = ".construction"
OLD_SUFFIX = ".ancien"


def staging_dir(final: str | os.PathLike[str]) -> str:
    return str(final).rstrip("/\\") + STAGING_SUFFIX


def discard(staging: str | os.PathLike[str]) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def publish(staging: str | os.PathLike[str], final: str | os.PathLike[str]) -> None:
    """Replace ``final`` with ``staging`` (two renames on the same file system)."""
    final_path, old = Path(final), Path(str(final).rstrip("/\\") + OLD_SUFFIX)
    shutil.rmtree(old, ignore_errors=True)
    if final_path.exists():
        final_path.rename(old)
    Path(staging).rename(final_path)
    shutil.rmtree(old, ignore_errors=True)

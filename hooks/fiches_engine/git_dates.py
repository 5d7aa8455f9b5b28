"""When each fiche last changed: the date of the last git commit that touched its file.

One `git log` over the content folder gives every file's date at once (a `git log -1` per file
would take minutes at 5,000 fiches). Commit dates, not the clock: the same commit builds the same
bytes. Outside a git repository, or in a shallow clone that lacks a file's history, a fiche simply
has no date (the workflows fetch full history: fetch-depth 0).
"""

from __future__ import annotations

import os
import subprocess
from datetime import date, datetime, timezone
from pathlib import Path


def last_changes(content_dir: Path) -> dict[str, date]:
    """Path shown to editors (fiches/metiers/x.md) -> the UTC date of its last commit."""
    content_dir = Path(content_dir).resolve()
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=content_dir, capture_output=True,
                             text=True, timeout=30)
        if top.returncode != 0:
            return {}
        root = Path(top.stdout.strip()).resolve()
        # %ct: commit time; newest first, so a file's first appearance is its last change
        log = subprocess.run(["git", "-c", "core.quotepath=false", "log", "--format=@%ct", "--name-only",
                              "--no-renames", "--", "."], cwd=content_dir, capture_output=True, text=True,
                             timeout=300, env={**os.environ, "GIT_PAGER": "cat"})
    except (OSError, subprocess.SubprocessError):
        return {}
    if log.returncode != 0:
        return {}
    prefix = content_dir.relative_to(root).as_posix() + "/"
    shown_prefix = content_dir.name + "/"
    dates: dict[str, date] = {}
    current: date | None = None
    for line in log.stdout.splitlines():
        if line.startswith("@"):
            current = datetime.fromtimestamp(int(line[1:]), tz=timezone.utc).date()
        elif line and current and line.startswith(prefix):
            dates.setdefault(shown_prefix + line[len(prefix):], current)
    return dates

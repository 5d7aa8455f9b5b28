"""The day a build or a command takes as « today »: the clock's, or ``SOURCE_DATE_EPOCH``'s.

``SOURCE_DATE_EPOCH`` (seconds since 1970, read in UTC) fixes the day, so that two runs with the
same value give the same site and the same review (offers open or closed, what is old).
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Mapping


def build_day(environ: Mapping[str, str]) -> date:
    """Today, or the day of ``SOURCE_DATE_EPOCH``; a ValueError with a French message if it is not a number."""
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return date.today()
    try:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    except (ValueError, OverflowError, OSError):
        raise ValueError(f"SOURCE_DATE_EPOCH doit être un nombre de secondes depuis 1970, trouvé « {epoch} ».") from None

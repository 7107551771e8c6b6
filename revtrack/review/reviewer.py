"""Who is reviewing: the name a mark is recorded under."""

from __future__ import annotations

import getpass
import os

__all__ = ["default_reviewer"]


def default_reviewer() -> str:
    """``REVTRACK_REVIEWER`` if set, else the login name ("unknown" if there is none)."""
    named = os.environ.get("REVTRACK_REVIEWER", "").strip()
    if named:
        return named
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry and no LOGNAME/USER (some containers)
        return "unknown"

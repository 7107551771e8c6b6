"""An archived capture: where an archive keeps a page as it was at one moment."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from revtrack.errors import RevtrackError

_TIMESTAMP = re.compile(r"\d{14}")


class BackfillError(RevtrackError):
    """An archive cannot be asked (unreachable, 404, not a CDX or TimeMap answer), or a
    backfill option is wrong."""


@dataclass(frozen=True, slots=True)
class ArchivedCapture:
    """One capture: ``raw_url`` serves the page's bytes as originally sent (Wayback's
    ``id_`` form); ``source`` is what a version made from it is marked with."""

    at: datetime
    original: str  # the URL the archive captured
    raw_url: str
    source: str  # the capture's address in the archive, for people and for "seen"
    status: int | None = 200
    digest: str = ""  # the archive's digest of the payload, when it says


def parse_timestamp(text: str) -> datetime:
    """A 14-digit archive timestamp (``20250602075200``) as a UTC datetime."""
    if not _TIMESTAMP.fullmatch(text):
        raise BackfillError(f"not an archive timestamp: {text!r}")
    return datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=UTC)


def format_timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%d%H%M%S")


def wayback_capture(
    base: str, timestamp: str, original: str, *, status: int | None = 200, digest: str = ""
) -> ArchivedCapture:
    """A capture of a Wayback-compatible archive (the Internet Archive, pywb,
    OpenWayback): ``{base}/web/<timestamp>/<url>``, its raw bytes at ``<timestamp>id_``."""
    root = base.rstrip("/")
    return ArchivedCapture(
        at=parse_timestamp(timestamp),
        original=original,
        raw_url=f"{root}/web/{timestamp}id_/{original}",
        source=f"{root}/web/{timestamp}/{original}",
        status=status,
        digest=digest,
    )

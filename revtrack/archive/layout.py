"""The archive's data model and the statuses a capture may have."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from revtrack.errors import RevtrackError

MANIFEST = "story.toml"
OK_STATUS = 200
GONE_STATUSES = frozenset({404, 410})
# Server trouble: recorded as a failed check, never as a version or as gone.
ERROR_STATUSES = frozenset({403, 429, *range(500, 600)})
STATUSES = frozenset({OK_STATUS, *GONE_STATUSES, *ERROR_STATUSES})


class ArchiveError(RevtrackError):
    """A missing or malformed archive folder, manifest or capture file."""


@dataclass(frozen=True, slots=True)
class Capture:
    """One captured page: when, with which HTTP status, and the bytes served.

    ``file`` is the page's file name in the story folder ("" when the capture has no
    body, e.g. an exported 404); ``body`` its bytes as they were served.
    """

    at: datetime
    status: int
    file: str = ""
    body: bytes = b""
    note: str = ""
    url: str = ""  # where the page was finally served from, when not the story's URL
    error: str = ""  # for a capture without a page: the one-line reason a check logs
    version: int = 0  # on export: the stored version this capture is (0: none)

    @property
    def gone(self) -> bool:
        return self.status in GONE_STATUSES


@dataclass(frozen=True, slots=True)
class ReviewMark:
    """One mark of the review record, on the version a capture made (1-based ``capture``)."""

    capture: int
    state: str
    at: datetime
    note: str = ""
    reviewer: str = ""


@dataclass(frozen=True, slots=True)
class StoryArchive:
    """One story folder: its URL and its captures, oldest first."""

    folder: Path
    url: str
    captures: tuple[Capture, ...]
    site: str = ""
    title: str = ""
    reviews: tuple[ReviewMark, ...] = ()

    @property
    def name(self) -> str:
        return self.folder.name

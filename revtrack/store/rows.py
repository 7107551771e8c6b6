"""Typed rows read from the store."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import datetime
from enum import Enum, StrEnum
from typing import Any, Final

# Every row class is read by this one decoder; it has a file of its own only for length.
from revtrack.store.decode import decode_row as decode_row


class CheckOutcome(StrEnum):
    NEW_VERSION = "new-version"
    FLIP_FLOP = "flip-flop"
    UNCHANGED = "unchanged"  # identical raw bytes: extraction skipped
    NOT_MODIFIED = "not-modified"  # 304
    NOISE = "noise"  # page differs, article does not (stamps, rotating links)
    GONE = "gone"
    ERROR = "error"


class VersionKind(StrEnum):
    """As the versions table's CHECK constraint lists them."""

    VERSION = "version"
    FLIP_FLOP = "flip-flop"  # equal to an earlier, non-adjacent version
    NOISE = "noise"  # re-extraction merged it into the one before: kept, never shown


class StoryStatus(StrEnum):
    NEW = "new"  # never fetched successfully
    LIVE = "live"
    GONE = "gone"  # 404/410 or redirected away


class EventKind(StrEnum):
    GONE = "gone"
    RESTORED = "restored"
    FLIP_FLOP = "flip-flop"


@dataclass(frozen=True, slots=True)
class Story:
    id: int
    url: str
    site: str
    added_at: datetime
    status: StoryStatus
    headline: str
    every_s: int | None
    etag: str | None
    last_modified: str | None
    last_raw_sha: str | None
    page_digest: str | None
    last_checked_at: datetime | None
    last_changed_at: datetime | None
    next_check_at: datetime | None
    error_streak: int
    last_error: str
    source_id: int | None = None
    published_at: datetime | None = None
    quiet_checks: int = 0  # checks since the last real change
    live: bool = False  # the page's own stamp keeps moving: a live story
    change_gap_s: int | None = None  # seconds between the last two real changes


@dataclass(frozen=True, slots=True)
class StorySummary:
    story: Story
    versions: int
    checks: int


@dataclass(frozen=True, slots=True)
class Version:
    id: int
    story_id: int
    seq: int
    kind: VersionKind
    same_as: int | None
    captured_at: datetime
    updated_at: datetime | None
    published_at: datetime | None
    fingerprint: str
    article_sha: str
    raw_sha: str
    url: str
    headline: str
    word_count: int
    extractor: str
    extractor_version: str
    source: str = ""  # "" : revtrack's own fetch; else the archived capture it came from
    http_status: int | None = None  # of the response as captured (None: not kept)
    headers: str | None = None  # the raw response header block as captured (None: not kept)

    @property
    def is_real(self) -> bool:
        """A version readers saw change; the SQL twin is the ``real_versions`` view."""
        return self.kind != VersionKind.NOISE  # != : a kind built from a plain str counts too


@dataclass(frozen=True, slots=True)
class Check:
    id: int
    story_id: int
    checked_at: datetime
    outcome: CheckOutcome
    http_status: int | None
    version_seq: int | None
    page_updated_at: datetime | None
    detail: str
    elapsed_ms: int


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    story_id: int
    at: datetime
    kind: EventKind
    version_seq: int | None
    detail: str


class Unset(Enum):
    """The type of ``UNSET``: a value that leaves a column as it is (None sets NULL)."""

    UNSET = "unset"

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset.UNSET


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryUpdate:
    """The story columns a write changes; every field left ``UNSET`` stays as stored."""

    status: StoryStatus | Unset = UNSET
    site: str | Unset = UNSET
    headline: str | Unset = UNSET
    every_s: int | Unset | None = UNSET
    etag: str | Unset | None = UNSET
    last_modified: str | Unset | None = UNSET
    last_raw_sha: str | Unset | None = UNSET
    page_digest: str | Unset | None = UNSET
    last_checked_at: datetime | Unset | None = UNSET
    last_changed_at: datetime | Unset | None = UNSET
    next_check_at: datetime | Unset | None = UNSET
    error_streak: int | Unset = UNSET
    last_error: str | Unset = UNSET
    source_id: int | Unset | None = UNSET
    published_at: datetime | Unset | None = UNSET
    quiet_checks: int | Unset = UNSET
    live: bool | Unset = UNSET
    change_gap_s: int | Unset | None = UNSET

    def values(self) -> dict[str, object]:
        """Column name -> new value, for the fields that are set."""
        out: dict[str, object] = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if value is not UNSET:
                out[field.name] = value
        return out


_PRIVATE_STORY_FIELDS = ("etag", "last_modified", "last_raw_sha", "page_digest")


def story_to_json(story: Story) -> dict[str, Any]:
    """A story for users: without the validators and digests kept for checking."""
    data = row_to_json(story)
    for name in _PRIVATE_STORY_FIELDS:
        data.pop(name)
    return data


def row_to_json(row: Story | Version | Check | Event) -> dict[str, Any]:
    """A JSON-ready dict: datetimes as ISO 8601 UTC."""
    out: dict[str, Any] = {}
    for key, value in asdict(row).items():
        out[key] = value.strftime("%Y-%m-%dT%H:%M:%SZ") if isinstance(value, datetime) else value
    return out

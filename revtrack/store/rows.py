"""Typed rows read from the store."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from revtrack.clock import from_iso


def _when(value: str | None) -> datetime | None:
    return from_iso(value) if value else None


class CheckOutcome(StrEnum):
    NEW_VERSION = "new-version"
    FLIP_FLOP = "flip-flop"
    UNCHANGED = "unchanged"  # identical raw bytes: extraction skipped
    NOT_MODIFIED = "not-modified"  # 304
    NOISE = "noise"  # page differs, article does not (stamps, rotating links)
    GONE = "gone"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Story:
    id: int
    url: str
    site: str
    added_at: datetime
    status: str
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

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Story:
        data = dict(row)
        data["live"] = bool(data.get("live", 0))
        for key in (
            "added_at",
            "last_checked_at",
            "last_changed_at",
            "next_check_at",
            "published_at",
        ):
            data[key] = _when(data[key])
        return cls(**data)


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
    kind: str
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

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Version:
        data = dict(row)
        data["captured_at"] = from_iso(data["captured_at"])
        data["updated_at"] = _when(data["updated_at"])
        data["published_at"] = _when(data["published_at"])
        return cls(**data)


@dataclass(frozen=True, slots=True)
class Check:
    id: int
    story_id: int
    checked_at: datetime
    outcome: str
    http_status: int | None
    version_seq: int | None
    page_updated_at: datetime | None
    detail: str
    elapsed_ms: int

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Check:
        data = dict(row)
        data["checked_at"] = from_iso(data["checked_at"])
        data["page_updated_at"] = _when(data["page_updated_at"])
        return cls(**data)


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    story_id: int
    at: datetime
    kind: str
    version_seq: int | None
    detail: str

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Event:
        data = dict(row)
        data["at"] = from_iso(data["at"])
        return cls(**data)


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

"""What a feed or sitemap lists, and the date formats they use."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime

from revtrack.clock import as_utc


@dataclass(frozen=True, slots=True)
class Entry:
    """One article a source lists: its link, its title if given, when it was published."""

    url: str
    title: str = ""
    published: datetime | None = None


def from_struct(value: time.struct_time | None) -> datetime | None:
    """feedparser's UTC struct_time -> aware datetime."""
    if value is None:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def parse_w3c(text: str | None) -> datetime | None:
    """W3C datetime (sitemaps): 2024-05-01, 2024-05-01T12:00Z, ...+02:00; else None."""
    if not text:
        return None
    value = text.strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        return as_utc(datetime.fromisoformat(value))
    except ValueError:
        return None

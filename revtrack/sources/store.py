"""Sources: register, list, find, remove, and what the poller writes (SQL in the store)."""

from __future__ import annotations

from datetime import datetime

from revtrack.sources.errors import UnknownSourceError
from revtrack.store.sources import SOURCE_KINDS, Source, SourceKind
from revtrack.store.store import Store
from revtrack.urls import canonical_url

KINDS: tuple[SourceKind, ...] = SOURCE_KINDS

__all__ = [
    "KINDS", "Source", "SourceKind", "add_discovered", "add_source", "due_sources",
    "get_source", "list_sources", "next_due", "record_failure", "record_success",
    "remove_source", "story_counts",
]  # fmt: skip


def add_source(
    store: Store,
    url: str,
    kind: SourceKind,
    *,
    now: datetime,
    title: str = "",
    every_s: int | None = None,
) -> tuple[Source, bool]:
    """Register a source (deduped by canonical URL), due at once; returns (source, new)."""
    if kind not in KINDS:
        raise ValueError(f"unknown source kind: {kind!r}")
    canonical = canonical_url(url)
    with store.transaction():
        new = store.insert_source(canonical, kind, now=now, title=title, every_s=every_s)
    return get_source(store, canonical), new


def get_source(store: Store, key: str | int) -> Source:
    """A source by id or by URL (any form that canonicalises to a registered one)."""
    source = store.find_source(key)
    if source is None:
        raise UnknownSourceError(f"no such source: {key} (see `revtrack source list`)")
    return source


def list_sources(store: Store) -> list[Source]:
    return store.sources()


def due_sources(store: Store, now: datetime) -> list[Source]:
    """Sources whose next poll is due, most overdue first."""
    return store.due_sources(now)


def next_due(store: Store) -> datetime | None:
    """When the earliest source is due (for a daemon deciding how long to sleep)."""
    return store.next_source_due()


def story_counts(store: Store) -> dict[int, int]:
    """Source id -> how many tracked stories it discovered."""
    return store.source_story_counts()


def remove_source(store: Store, source: Source) -> None:
    """Forget a source; the stories it found stay tracked (their source_id is cleared)."""
    with store.transaction():
        store.delete_source(source.id)


def record_success(
    store: Store,
    source: Source,
    *,
    now: datetime,
    next_poll_at: datetime,
    etag: str | None,
    last_modified: str | None,
    title: str = "",
) -> None:
    """A poll that worked (200 or 304); call inside the poll's transaction."""
    store.record_source_success(
        source.id, now=now, next_poll_at=next_poll_at, etag=etag,
        last_modified=last_modified, title=title,
    )  # fmt: skip


def record_failure(
    store: Store, source: Source, *, now: datetime, next_poll_at: datetime, error: str
) -> None:
    """A poll that failed: keep the validators, count the streak, back off."""
    store.record_source_failure(source.id, now=now, next_poll_at=next_poll_at, error=error)


def add_discovered(
    store: Store, url: str, *, source: Source, now: datetime, published: datetime | None
) -> bool:
    """Track a discovered article (already canonical) unless it is; call inside a
    transaction. Returns whether a story was created."""
    return store.add_discovered_story(url, source_id=source.id, now=now, published=published)

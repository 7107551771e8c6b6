"""The sources table: register, list, find, remove, and what the poller writes."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, cast

from revtrack.clock import from_iso, to_iso
from revtrack.sources.errors import UnknownSourceError
from revtrack.store.store import Store
from revtrack.urls import canonical_url, site_of

SourceKind = Literal["feed", "sitemap"]
KINDS: tuple[SourceKind, ...] = ("feed", "sitemap")


@dataclass(frozen=True, slots=True)
class Source:
    id: int
    url: str
    kind: SourceKind
    title: str
    added_at: datetime
    etag: str | None
    last_modified: str | None
    every_s: int | None
    last_polled_at: datetime | None
    next_poll_at: datetime | None
    error_streak: int
    last_error: str

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Source:
        data = dict(row)
        for key in ("added_at", "last_polled_at", "next_poll_at"):
            data[key] = from_iso(data[key]) if data[key] else None
        data["kind"] = cast(SourceKind, data["kind"])
        return cls(**data)


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
        cursor = store.conn.execute(
            "INSERT INTO sources (url, kind, title, added_at, every_s, next_poll_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING",
            (canonical, kind, title, to_iso(now), every_s, to_iso(now)),
        )
    return get_source(store, canonical), cursor.rowcount == 1


def get_source(store: Store, key: str | int) -> Source:
    """A source by id or by URL (any form that canonicalises to a registered one)."""
    if isinstance(key, int) or key.isdigit():
        row = store.conn.execute("SELECT * FROM sources WHERE id = ?", (int(key),)).fetchone()
    else:
        row = store.conn.execute(
            "SELECT * FROM sources WHERE url = ?", (canonical_url(key),)
        ).fetchone()
    if row is None:
        raise UnknownSourceError(f"no such source: {key} (see `revtrack source list`)")
    return Source.from_row(row)


def list_sources(store: Store) -> list[Source]:
    rows = store.conn.execute("SELECT * FROM sources ORDER BY id").fetchall()
    return [Source.from_row(r) for r in rows]


def due_sources(store: Store, now: datetime) -> list[Source]:
    """Sources whose next poll is due, most overdue first."""
    rows = store.conn.execute(
        "SELECT * FROM sources WHERE next_poll_at IS NOT NULL AND next_poll_at <= ?"
        " ORDER BY next_poll_at, id",
        (to_iso(now),),
    ).fetchall()
    return [Source.from_row(r) for r in rows]


def next_due(store: Store) -> datetime | None:
    """When the earliest source is due (for a daemon deciding how long to sleep)."""
    row = store.conn.execute("SELECT min(next_poll_at) FROM sources").fetchone()
    return from_iso(row[0]) if row and row[0] else None


def story_counts(store: Store) -> dict[int, int]:
    """Source id -> how many tracked stories it discovered."""
    rows = store.conn.execute(
        "SELECT source_id, count(*) FROM stories WHERE source_id IS NOT NULL GROUP BY source_id"
    )
    return {int(r[0]): int(r[1]) for r in rows}


def remove_source(store: Store, source: Source) -> None:
    """Forget a source; the stories it found stay tracked (their source_id is cleared)."""
    with store.transaction():
        store.conn.execute("UPDATE stories SET source_id = NULL WHERE source_id = ?", (source.id,))
        store.conn.execute("DELETE FROM sources WHERE id = ?", (source.id,))


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
    store.conn.execute(
        "UPDATE sources SET etag = ?, last_modified = ?, last_polled_at = ?, next_poll_at = ?,"
        " error_streak = 0, last_error = '', title = CASE WHEN title = '' THEN ? ELSE title END"
        " WHERE id = ?",
        (etag, last_modified, to_iso(now), to_iso(next_poll_at), title, source.id),
    )


def record_failure(
    store: Store, source: Source, *, now: datetime, next_poll_at: datetime, error: str
) -> None:
    """A poll that failed: keep the validators, count the streak, back off."""
    store.conn.execute(
        "UPDATE sources SET last_polled_at = ?, next_poll_at = ?,"
        " error_streak = error_streak + 1, last_error = ? WHERE id = ?",
        (to_iso(now), to_iso(next_poll_at), error, source.id),
    )


def add_discovered(
    store: Store, url: str, *, source: Source, now: datetime, published: datetime | None
) -> bool:
    """Track a discovered article (already canonical) unless it is; call inside a
    transaction. Returns whether a story was created."""

    cursor = store.conn.execute(
        "INSERT INTO stories (url, site, added_at, next_check_at, source_id, published_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING",
        (
            url,
            site_of(url),
            to_iso(now),
            to_iso(now),
            source.id,
            to_iso(published) if published else None,
        ),
    )
    return cursor.rowcount == 1

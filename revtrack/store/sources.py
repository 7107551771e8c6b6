"""The sources table (feeds and news sitemaps) and the stories discovery adds.

Writes run inside the caller's transaction, so a poll's stories and its source row
commit together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from revtrack.clock import from_iso, to_iso
from revtrack.store.rows import decode_row
from revtrack.store.sql import Dialect, SQLConnection
from revtrack.urls import canonical_url, host_of, site_of

SourceKind = Literal["feed", "sitemap"]
SOURCE_KINDS: tuple[SourceKind, ...] = ("feed", "sitemap")


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


class SourceMixin:
    conn: SQLConnection
    dialect: Dialect

    def insert_source(
        self, url: str, kind: SourceKind, *, now: datetime, title: str = "",
        every_s: int | None = None,
    ) -> bool:  # fmt: skip
        """Register canonical ``url``, due at once; returns whether it was new."""
        cursor = self.conn.execute(
            "INSERT INTO sources (url, kind, title, added_at, every_s, next_poll_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING",
            (url, kind, title, to_iso(now), every_s, to_iso(now)),
        )
        return cursor.rowcount == 1

    def find_source(self, key: str | int) -> Source | None:
        """A source by id or by URL (any form that canonicalises to a registered one)."""
        if isinstance(key, int) or key.isdigit():
            row = self.conn.execute("SELECT * FROM sources WHERE id = ?", (int(key),)).fetchone()
        else:
            row = self.conn.execute(
                "SELECT * FROM sources WHERE url = ?", (canonical_url(key),)
            ).fetchone()
        return decode_row(Source, row) if row else None

    def sources(self) -> list[Source]:
        rows = self.conn.execute("SELECT * FROM sources ORDER BY id").fetchall()
        return [decode_row(Source, row) for row in rows]

    def due_sources(self, now: datetime) -> list[Source]:
        """Sources whose next poll is due, most overdue first."""
        rows = self.conn.execute(
            "SELECT * FROM sources WHERE next_poll_at IS NOT NULL AND next_poll_at <= ?"
            " ORDER BY next_poll_at, id",
            (to_iso(now),),
        ).fetchall()
        return [decode_row(Source, row) for row in rows]

    def next_source_due(self) -> datetime | None:
        """When the earliest source is due (for a daemon deciding how long to sleep)."""
        row = self.conn.execute("SELECT min(next_poll_at) FROM sources").fetchone()
        return from_iso(row[0]) if row and row[0] else None

    def source_story_counts(self) -> dict[int, int]:
        """Source id -> how many tracked stories it discovered."""
        rows = self.conn.execute(
            "SELECT source_id, count(*) FROM stories WHERE source_id IS NOT NULL GROUP BY source_id"
        )
        return {int(r[0]): int(r[1]) for r in rows}

    def delete_source(self, source_id: int) -> None:
        """Forget a source; the stories it found stay tracked (their source_id is cleared)."""
        self.conn.execute("UPDATE stories SET source_id = NULL WHERE source_id = ?", (source_id,))
        self.conn.execute("DELETE FROM sources WHERE id = ?", (source_id,))

    def record_source_success(
        self, source_id: int, *, now: datetime, next_poll_at: datetime, etag: str | None,
        last_modified: str | None, title: str = "",
    ) -> None:  # fmt: skip
        """A poll that worked (200 or 304); a title fills in only a source without one."""
        self.conn.execute(
            "UPDATE sources SET etag = ?, last_modified = ?, last_polled_at = ?,"
            " next_poll_at = ?, error_streak = 0, last_error = '',"
            " title = CASE WHEN title = '' THEN ? ELSE title END WHERE id = ?",
            (etag, last_modified, to_iso(now), to_iso(next_poll_at), title, source_id),
        )

    def record_source_failure(
        self, source_id: int, *, now: datetime, next_poll_at: datetime, error: str
    ) -> None:
        """A poll that failed: keep the validators, count the streak, back off."""
        self.conn.execute(
            "UPDATE sources SET last_polled_at = ?, next_poll_at = ?,"
            " error_streak = error_streak + 1, last_error = ? WHERE id = ?",
            (to_iso(now), to_iso(next_poll_at), error, source_id),
        )

    def add_discovered_story(
        self, url: str, *, source_id: int, now: datetime, published: datetime | None
    ) -> bool:
        """Track a discovered article (``url`` already canonical) unless it is tracked;
        returns whether a story was created."""
        cursor = self.conn.execute(
            "INSERT INTO stories"
            " (url, site, host, added_at, next_check_at, source_id, published_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING",
            (
                url, site_of(url), host_of(url), to_iso(now), to_iso(now), source_id,
                to_iso(published) if published else None,
            ),
        )  # fmt: skip
        return cursor.rowcount == 1

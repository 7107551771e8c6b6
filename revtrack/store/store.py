"""The store: stories and their history in one SQLite file (or, through the same
mixins, a PostgreSQL database: ``postgres.PgStore``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Self

from revtrack.clock import from_iso, to_iso
from revtrack.errors import UnknownStoryError
from revtrack.store.blobs import BlobStore
from revtrack.store.claims import ClaimMixin
from revtrack.store.db import connect, describe_error
from revtrack.store.history import HistoryMixin
from revtrack.store.leases import LeaseMixin
from revtrack.store.outbox import OutboxMixin
from revtrack.store.reviews import ReviewMixin
from revtrack.store.rows import Story, StorySummary, StoryUpdate, decode_row
from revtrack.store.sources import SourceMixin
from revtrack.store.sql import Dialect, SQLConnection
from revtrack.store.views import ViewMixin
from revtrack.store.workers import WorkerMixin
from revtrack.urls import canonical_url, host_of, site_of


class Store(
    HistoryMixin,
    ReviewMixin,
    OutboxMixin,
    SourceMixin,
    ViewMixin,
    ClaimMixin,
    LeaseMixin,
    WorkerMixin,
):
    """All reads and writes of revtrack's data. Writes happen inside ``transaction()``."""

    dialect: Dialect = "sqlite"

    def __init__(self, conn: SQLConnection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self.location = str(path)  # where the store is, safe to print (no password)
        self.blobs = BlobStore(conn, dialect=self.dialect)

    @classmethod
    def open(cls, path: Path, *, readonly: bool = False) -> Self:
        return cls(connect(path, readonly=readonly), path)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic unit: all of it commits, or none of it does."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self.conn.rollback()
                raise
            self.conn.commit()
        except sqlite3.Error as exc:
            if self.conn.in_transaction:
                self.conn.rollback()
            raise describe_error(exc, self.path) from None

    # -- stories ---------------------------------------------------------

    def add_story(
        self, url: str, *, now: datetime, every_s: int | None = None
    ) -> tuple[Story, bool]:
        """Track ``url``; returns the story and whether it was new."""
        canonical = canonical_url(url)
        with self.transaction():
            cursor = self.conn.execute(
                "INSERT INTO stories (url, site, host, added_at, every_s, next_check_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING",
                (
                    canonical,
                    site_of(canonical),
                    host_of(canonical),
                    to_iso(now),
                    every_s,
                    to_iso(now),
                ),
            )
        return self.story(canonical), cursor.rowcount == 1

    def story(self, key: str | int) -> Story:
        """A story by id or URL (any form that canonicalises to a tracked one)."""
        if isinstance(key, int) or key.isdigit():
            row = self.conn.execute("SELECT * FROM stories WHERE id = ?", (int(key),)).fetchone()
        else:
            row = self.conn.execute(
                "SELECT * FROM stories WHERE url = ?", (canonical_url(key),)
            ).fetchone()
        if row is None:
            raise UnknownStoryError(f"not tracked: {key} (see `revtrack list`)")
        return decode_row(Story, row)

    def stories(self) -> list[Story]:
        rows = self.conn.execute("SELECT * FROM stories ORDER BY id").fetchall()
        return [decode_row(Story, row) for row in rows]

    def summaries(self) -> list[StorySummary]:
        counts = {
            row[0]: (row[1], row[2])
            for row in self.conn.execute(
                "SELECT s.id,"
                " (SELECT count(*) FROM real_versions v WHERE v.story_id = s.id),"
                " (SELECT count(*) FROM checks c WHERE c.story_id = s.id)"
                " FROM stories s"
            )
        }
        return [StorySummary(s, *counts[s.id]) for s in self.stories()]

    def due_stories(self, now: datetime, limit: int | None = None) -> list[Story]:
        """Stories whose next check is due, most overdue first."""
        sql = (
            "SELECT * FROM stories WHERE next_check_at IS NOT NULL AND next_check_at <= ?"
            " ORDER BY next_check_at, id"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        rows = self.conn.execute(sql, (to_iso(now),)).fetchall()
        return [decode_row(Story, row) for row in rows]

    def next_check_due(self) -> datetime | None:
        """When the next story falls due (None: nothing scheduled)."""
        row = self.conn.execute("SELECT min(next_check_at) FROM stories").fetchone()
        return from_iso(row[0]) if row[0] else None

    def update_story(self, story_id: int, update: StoryUpdate) -> None:
        """Set the columns ``update`` sets (None writes NULL); call inside a transaction."""
        values = update.values()
        if not values:
            return
        encoded = {k: to_iso(v) if isinstance(v, datetime) else v for k, v in values.items()}
        # Column names come from StoryUpdate's fields, never from the caller.
        assignments = ", ".join(f"{k} = ?" for k in encoded)
        self.conn.execute(
            f"UPDATE stories SET {assignments} WHERE id = ?", (*encoded.values(), story_id)
        )

    def _reset_id_sequences(self) -> None:
        """After rows were inserted with their ids given (``store copy``): new ids follow
        the largest stored. SQLite's rowids always do; PostgreSQL's identities do not."""

    def remove_story(self, story: Story) -> None:
        with self.transaction():
            self.conn.execute("DELETE FROM stories WHERE id = ?", (story.id,))
            self.collect_garbage()


if TYPE_CHECKING:  # the interface is for type checking: no import cost at run time
    from revtrack.store.api import StoreAPI

    # mypy proves here that the SQLite store implements the whole interface.
    _SQLITE_IMPLEMENTS_API: type[StoreAPI] = Store

"""The webhook outbox: one row per new version, written in the version's own transaction.

A row stays pending until a POST of it succeeds, so every version is delivered at
least once, whatever crashes in between.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from revtrack.clock import from_iso, to_iso


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    story_id: int
    seq: int
    target: str
    payload: str
    created_at: datetime
    attempts: int
    next_attempt_at: datetime
    delivered_at: datetime | None
    last_error: str

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> OutboxItem:
        data = dict(row)
        data["created_at"] = from_iso(data["created_at"])
        data["next_attempt_at"] = from_iso(data["next_attempt_at"])
        data["delivered_at"] = from_iso(data["delivered_at"]) if data["delivered_at"] else None
        return cls(**data)


class OutboxMixin:
    """SQL for the outbox; the caller owns the transaction for writes."""

    conn: sqlite3.Connection

    def add_outbox(
        self, story_id: int, seq: int, *, target: str, payload: str, at: datetime
    ) -> None:
        self.conn.execute(
            "INSERT INTO outbox (story_id, seq, target, payload, created_at, next_attempt_at)"
            " VALUES (?,?,?,?,?,?)",
            (story_id, seq, target, payload, to_iso(at), to_iso(at)),
        )

    def due_outbox(self, now: datetime, limit: int = 100) -> list[OutboxItem]:
        """Undelivered rows whose next attempt is due, oldest first."""
        rows = self.conn.execute(
            "SELECT * FROM outbox WHERE delivered_at IS NULL AND next_attempt_at <= ?"
            " ORDER BY id LIMIT ?",
            (to_iso(now), limit),
        ).fetchall()
        return [OutboxItem.from_row(r) for r in rows]

    def outbox(self, *, pending_only: bool = False) -> list[OutboxItem]:
        rows = self.conn.execute(
            "SELECT * FROM outbox WHERE (? = 0 OR delivered_at IS NULL) ORDER BY id",
            (int(pending_only),),
        ).fetchall()
        return [OutboxItem.from_row(r) for r in rows]

    def mark_delivered(self, item_id: int, at: datetime) -> None:
        # The payload is a copy of what the store already holds: drop it once sent.
        self.conn.execute(
            "UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, payload = '',"
            " last_error = '' WHERE id = ?",
            (to_iso(at), item_id),
        )

    def mark_failed(self, item_id: int, *, error: str, retry_at: datetime) -> None:
        self.conn.execute(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?"
            " WHERE id = ?",
            (error, to_iso(retry_at), item_id),
        )

    def defer_outbox_after(self, item_id: int, until: datetime) -> None:
        """Rows behind ``item_id`` wait at least ``until`` (attempts and errors untouched)."""
        self.conn.execute(
            "UPDATE outbox SET next_attempt_at = max(next_attempt_at, ?)"
            " WHERE delivered_at IS NULL AND id > ?",
            (to_iso(until), item_id),
        )

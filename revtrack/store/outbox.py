"""The webhook outbox: one row per new version, written in the version's own transaction.

A row stays pending until a POST of it succeeds, so every version is delivered at
least once, whatever crashes in between.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from revtrack.clock import from_iso, to_iso
from revtrack.store.claims import lease_rows
from revtrack.store.rows import decode_row
from revtrack.store.sql import Dialect, SQLConnection


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


@dataclass(frozen=True, slots=True)
class OutboxStatus:
    pending: int
    delivered: int
    oldest_pending: datetime | None  # when the oldest waiting change was captured
    next_attempt: datetime | None
    most_attempts: int  # of any waiting row: how long the receiver has been failing
    last_error: str  # of the oldest waiting row that failed
    held_by: str = ""  # the worker delivering now (a live lease on waiting rows), if any
    held_until: datetime | None = None  # when its lease ends


def _time(text: str | None) -> datetime | None:
    return from_iso(text) if text else None


class OutboxMixin:
    """SQL for the outbox; the caller owns the transaction for writes."""

    conn: SQLConnection
    dialect: Dialect

    if TYPE_CHECKING:

        def transaction(self) -> AbstractContextManager[None]: ...  # Store's

        def bookkeeping(self) -> AbstractContextManager[None]: ...  # ClaimMixin's

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
        return [decode_row(OutboxItem, row) for row in rows]

    def outbox(self, *, pending_only: bool = False) -> list[OutboxItem]:
        rows = self.conn.execute(
            "SELECT * FROM outbox WHERE (? = 0 OR delivered_at IS NULL) ORDER BY id",
            (int(pending_only),),
        ).fetchall()
        return [decode_row(OutboxItem, row) for row in rows]

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
        larger = "max" if self.dialect == "sqlite" else "greatest"  # of two values
        self.conn.execute(
            f"UPDATE outbox SET next_attempt_at = {larger}(next_attempt_at, ?)"
            " WHERE delivered_at IS NULL AND id > ?",
            (to_iso(until), item_id),
        )

    # -- what the outbox holds (aggregates only: a long outage may leave many large
    # payloads waiting) ---------------------------------------------------------

    def outbox_status(self, now: datetime | None = None) -> OutboxStatus:
        """Counts and the oldest waiting row; with ``now``, also which worker holds the
        waiting rows (is delivering them) and until when."""
        pending, delivered, oldest, next_attempt, most = self.conn.execute(
            "SELECT count(*) FILTER (WHERE delivered_at IS NULL),"
            " count(*) FILTER (WHERE delivered_at IS NOT NULL),"
            " min(created_at) FILTER (WHERE delivered_at IS NULL),"
            " min(next_attempt_at) FILTER (WHERE delivered_at IS NULL),"
            " coalesce(max(attempts) FILTER (WHERE delivered_at IS NULL), 0)"
            " FROM outbox"
        ).fetchone()
        error = self.conn.execute(
            "SELECT last_error FROM outbox WHERE delivered_at IS NULL AND last_error != ''"
            " ORDER BY id LIMIT 1"
        ).fetchone()
        holder = None
        if now is not None:
            holder = self.conn.execute(
                "SELECT lease_owner, max(lease_until) FROM outbox WHERE delivered_at IS NULL"
                " AND lease_until > ? GROUP BY lease_owner ORDER BY 2 DESC, 1 LIMIT 1",
                (to_iso(now),),
            ).fetchone()
        return OutboxStatus(
            pending=pending, delivered=delivered, oldest_pending=_time(oldest),
            next_attempt=_time(next_attempt), most_attempts=most,
            last_error=error[0] if error else "", held_by=str(holder[0]) if holder else "",
            held_until=_time(holder[1]) if holder else None,
        )  # fmt: skip

    def pending_outbox_count(self) -> int:
        row = self.conn.execute("SELECT count(*) FROM outbox WHERE delivered_at IS NULL")
        return int(row.fetchone()[0])

    def next_delivery_at(self) -> datetime | None:
        """When the next waiting row falls due (None: nothing waits)."""
        row = self.conn.execute(
            "SELECT min(next_attempt_at) FROM outbox WHERE delivered_at IS NULL"
        ).fetchone()
        return _time(row[0])

    def claim_outbox(
        self,
        worker: str,
        now: datetime,
        *,
        until: datetime,
        limit: int = 100,
        ignore_backoff: bool = False,
    ) -> list[OutboxItem]:
        """Lease to ``worker`` until ``until`` the rows of its next delivery round; commits.

        Delivery is held by one worker at a time as a whole: while any waiting row is
        leased to another worker whose lease is live (``lease_until > now``), nothing is
        claimed. Otherwise the claim is what a round sends: the first ``limit`` waiting
        rows in id order, up to the newest one due by ``now`` (all of them with
        ``ignore_backoff``), so no row overtakes an older waiting one. The check and the
        claim are one write transaction (the store's write lock on PostgreSQL, ``BEGIN
        IMMEDIATE`` on SQLite; ``bookkeeping``: no listener is woken), so two workers
        never both see the outbox free.
        """
        at = to_iso(now)
        # No SKIP LOCKED: skipping a locked row would let a newer one overtake it.
        lock = " FOR UPDATE" if self.dialect == "postgresql" else ""
        if self._outbox_held(worker, at):
            return []  # read first: no write transaction while another worker delivers
        with self.bookkeeping():  # a write transaction that wakes no listener
            if self._outbox_held(worker, at):
                return []
            rows = self.conn.execute(
                f"SELECT * FROM outbox WHERE delivered_at IS NULL ORDER BY id LIMIT {int(limit)}"
                + lock
            ).fetchall()
            items = [decode_row(OutboxItem, row) for row in rows]
            if not ignore_backoff:
                due = [item.id for item in items if item.next_attempt_at <= now]
                items = [item for item in items if due and item.id <= max(due)]
            lease_rows(self.conn, "outbox", [i.id for i in items], worker, until)
        return items

    def _outbox_held(self, worker: str, at: str) -> bool:
        """Whether a waiting row is leased to another worker until after ``at``."""
        row = self.conn.execute(
            "SELECT 1 FROM outbox WHERE delivered_at IS NULL"
            " AND lease_until > ? AND lease_owner <> ? LIMIT 1",
            (at, worker),
        ).fetchone()
        return row is not None

    def release_outbox(self, worker: str) -> int:
        """End ``worker``'s leases on outbox rows."""
        with self.bookkeeping():
            return self.conn.execute(
                "UPDATE outbox SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?",
                (worker,),
            ).rowcount

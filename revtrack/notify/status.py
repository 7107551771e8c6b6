"""What the webhook outbox holds: counts, the oldest waiting row, the error it keeps hitting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from revtrack.clock import from_iso
from revtrack.store.store import Store


@dataclass(frozen=True, slots=True)
class OutboxStatus:
    pending: int
    delivered: int
    oldest_pending: datetime | None  # when the oldest waiting change was captured
    next_attempt: datetime | None
    most_attempts: int  # of any waiting row: how long the receiver has been failing
    last_error: str  # of the oldest waiting row that failed


def _time(text: str | None) -> datetime | None:
    return from_iso(text) if text else None


def outbox_status(store: Store) -> OutboxStatus:
    """Aggregates only: a long outage may leave many large payloads waiting."""
    pending, delivered, oldest, next_attempt, most = store.conn.execute(
        "SELECT count(*) FILTER (WHERE delivered_at IS NULL),"
        " count(*) FILTER (WHERE delivered_at IS NOT NULL),"
        " min(created_at) FILTER (WHERE delivered_at IS NULL),"
        " min(next_attempt_at) FILTER (WHERE delivered_at IS NULL),"
        " coalesce(max(attempts) FILTER (WHERE delivered_at IS NULL), 0)"
        " FROM outbox"
    ).fetchone()
    error = store.conn.execute(
        "SELECT last_error FROM outbox WHERE delivered_at IS NULL AND last_error != ''"
        " ORDER BY id LIMIT 1"
    ).fetchone()
    return OutboxStatus(
        pending=pending, delivered=delivered, oldest_pending=_time(oldest),
        next_attempt=_time(next_attempt), most_attempts=most,
        last_error=error[0] if error else "",
    )  # fmt: skip


def pending_count(store: Store) -> int:
    return int(
        store.conn.execute("SELECT count(*) FROM outbox WHERE delivered_at IS NULL").fetchone()[0]
    )


def next_delivery_at(store: Store) -> datetime | None:
    """When the next waiting row falls due (None: nothing waits)."""
    row = store.conn.execute(
        "SELECT min(next_attempt_at) FROM outbox WHERE delivered_at IS NULL"
    ).fetchone()
    return _time(row[0])

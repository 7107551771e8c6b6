"""The workers on a shared store, a heartbeat row each (``workers``, migration 10): who
they are (``host:pid``, a ``watch`` or a ``check`` run), when they were last seen, how
many checks they recorded, and what they hold now. ``revtrack workers`` lists them;
``claims.py`` shares the due hosts out among the live ones."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from revtrack.clock import from_iso, to_iso
from revtrack.store.sql import Dialect, SQLConnection

# The tables whose rows are leased to workers, stories first.
LEASED = ("stories", "sources", "outbox")


@dataclass(frozen=True, slots=True)
class WorkerInfo:
    """A worker as its heartbeats show it."""

    id: str
    role: str  # "watch", or "check" for a one-off run
    started_at: datetime
    seen_at: datetime
    checks: int  # checks it recorded since it started
    leases: int  # stories leased to it now
    lease_until: datetime | None  # the latest of those leases

    @property
    def rate(self) -> float:
        """Checks per second since it started."""
        seconds = (self.seen_at - self.started_at).total_seconds()
        return self.checks / seconds if seconds > 0 else 0.0


class WorkerMixin:
    """Heartbeats; mixed into ``Store``."""

    conn: SQLConnection
    dialect: Dialect

    if TYPE_CHECKING:

        def bookkeeping(self) -> AbstractContextManager[None]: ...  # ClaimMixin's

    def heartbeat(
        self, worker: str, now: datetime, *, checks: int = 0, role: str = "watch"
    ) -> None:
        """Say ``worker`` (a ``watch``, or a ``check`` run) is alive at ``now``, having
        recorded ``checks`` more checks."""
        with self.bookkeeping():
            self.conn.execute(
                "INSERT INTO workers (id, role, started_at, seen_at, checks) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at,"
                " checks = workers.checks + excluded.checks",
                (worker, role, to_iso(now), to_iso(now), checks),
            )

    def forget_worker(self, worker: str) -> None:
        """A worker that stops: its heartbeat row goes and its leases end."""
        with self.bookkeeping():
            self.conn.execute("DELETE FROM workers WHERE id = ?", (worker,))
            for table in LEASED:
                self.conn.execute(
                    f"UPDATE {table} SET lease_owner = NULL, lease_until = NULL"
                    " WHERE lease_owner = ?",
                    (worker,),
                )

    def workers(self, now: datetime, *, live_within: float = 120) -> list[WorkerInfo]:
        """Workers seen in the last ``live_within`` seconds, with their leases."""
        leases = {
            str(row[0]): (int(row[1]), from_iso(row[2]) if row[2] else None)
            for row in self.conn.execute(
                "SELECT lease_owner, count(*), max(lease_until) FROM stories"
                " WHERE lease_until > ? GROUP BY lease_owner",
                (to_iso(now),),
            )
        }
        since = to_iso(now - timedelta(seconds=live_within))
        found = []
        for row in self.conn.execute(
            "SELECT id, role, started_at, seen_at, checks FROM workers"
            " WHERE seen_at >= ? ORDER BY id",
            (since,),
        ):
            worker = str(row[0])
            count, until = leases.get(worker, (0, None))
            found.append(
                WorkerInfo(
                    id=worker, role=str(row[1]), started_at=from_iso(row[2]),
                    seen_at=from_iso(row[3]), checks=int(row[4]), leases=count, lease_until=until,
                )
            )  # fmt: skip
        return found

    def _live_worker_count(self, now: datetime, live_within: float, *, also: str) -> int:
        """How many workers are live, ``also`` (the one asking) counted in any case."""
        names = {w.id for w in self.workers(now, live_within=live_within)}
        return len(names | {also})

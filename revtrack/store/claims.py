"""Workers on many machines: leases on stories and sources, and hosts' last starts.

A worker (``watch``, ``check``) claims due stories in one transaction: it marks them
leased to itself until ``lease_until`` (``SELECT ... FOR UPDATE SKIP LOCKED`` on
PostgreSQL, where the claims lock, ``bookkeeping()``, makes one claim at a time),
commits, fetches, records each check in its own transaction, and releases its leases
when the pass ends. A story
leased to a live worker is never claimed by another; a killed worker's stories are
claimed again once its lease ends (a recorded check has moved the story's next check
on, so nothing committed is checked again early).

Politeness across workers: a worker claims whole hosts (``stories.host``, where a
story is fetched from; not ``site``, the page's name for its publication). A host one
worker holds a lease on is left to it, so the per-host cap and gap of that worker's
fetcher hold for everyone; a worker taking a host over waits out the gap after the
last request any worker sent there (``hosts``). Hosts are shared out among the live
workers (heartbeats), so one worker does not take every host.

Heartbeats live in ``workers`` (``workers.py``). ``hosts`` keeps per host the latest
request start any worker made (its fetcher's actual send, written when it releases a
pass), so the worker that takes the host over next waits the host's gap after it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import TYPE_CHECKING

from revtrack.clock import from_iso, to_iso, to_iso_micro
from revtrack.store.decode import decode_row
from revtrack.store.rows import Story
from revtrack.store.sources import Source
from revtrack.store.sql import Dialect, SQLConnection
from revtrack.store.workers import LEASED
from revtrack.urls import host_of


def _marks(count: int) -> str:
    return ", ".join("?" * count)


def lease_rows(
    conn: SQLConnection, table: str, ids: Sequence[int], worker: str, until: datetime
) -> None:
    """Lease the rows ``ids`` of ``table`` (stories, sources, outbox) to ``worker`` until
    ``until``, in the caller's transaction."""
    if ids:
        conn.execute(
            f"UPDATE {table} SET lease_owner = ?, lease_until = ? WHERE id IN ({_marks(len(ids))})",
            (worker, to_iso(until), *ids),
        )


class ClaimMixin:
    """Leases and heartbeats; mixed into ``Store``."""

    conn: SQLConnection
    dialect: Dialect

    if TYPE_CHECKING:

        def transaction(self) -> AbstractContextManager[None]: ...  # Store's
        def _live_worker_count(
            self, now: datetime, live_within: float, *, also: str
        ) -> int: ...  # WorkerMixin's

    def bookkeeping(self) -> AbstractContextManager[None]:
        """A transaction for the workers' own records (leases, heartbeats, host starts):
        on PostgreSQL it runs beside the writers' and wakes no listener."""
        return self.transaction()

    def story_transaction(self, story_id: int) -> AbstractContextManager[None]:
        """A transaction that writes ``story_id``'s own rows only (a check that made no
        version): on PostgreSQL it runs beside other stories' such transactions."""
        return self.transaction()

    def _for_update(self) -> str:
        return " FOR UPDATE SKIP LOCKED" if self.dialect == "postgresql" else ""

    def claim_stories(
        self, worker: str, now: datetime, *, until: datetime, limit: int, live_within: float = 120
    ) -> list[Story]:
        """Lease to ``worker`` until ``until`` the due stories of the hosts it may take
        (its share of the hosts with due stories, none held by another live lease),
        most overdue first; commits the claim. Returns the stories claimed."""
        at = to_iso(now)
        with self.bookkeeping():
            self._fill_hosts()
            held = self._hosts_held_by_others(worker, at)
            due_hosts = [
                row[0]
                for row in self.conn.execute(
                    "SELECT host, min(next_check_at) AS first FROM stories"
                    " WHERE next_check_at IS NOT NULL AND next_check_at <= ?"
                    " GROUP BY host ORDER BY first, host",
                    (at,),
                )
            ]
            live = max(1, self._live_worker_count(now, live_within, also=worker))
            share = max(1, math.ceil(len(due_hosts) / live))
            hosts = [host for host in due_hosts if host not in held][:share]
            if not hosts:
                return []
            rows = self.conn.execute(
                "SELECT * FROM stories WHERE next_check_at IS NOT NULL AND next_check_at <= ?"
                f" AND host IN ({_marks(len(hosts))})"
                " AND (lease_until IS NULL OR lease_until <= ? OR lease_owner = ?)"
                f" ORDER BY next_check_at, id LIMIT {int(limit)}{self._for_update()}",
                (at, *hosts, at, worker),
            ).fetchall()
            stories = [decode_row(Story, row) for row in rows]
            lease_rows(self.conn, "stories", [s.id for s in stories], worker, until)
        return stories

    def _hosts_held_by_others(self, worker: str, at: str) -> set[str]:
        """The hosts another worker holds a live lease on: a story's, or a feed's or
        sitemap's (a source is polled from its own host)."""
        held = {
            str(row[0])
            for row in self.conn.execute(
                "SELECT DISTINCT host FROM stories WHERE lease_until > ? AND lease_owner <> ?",
                (at, worker),
            )
        }
        for row in self.conn.execute(
            "SELECT url FROM sources WHERE lease_until > ? AND lease_owner <> ?", (at, worker)
        ):
            held.add(host_of(str(row[0])))
        return held

    def _fill_hosts(self) -> None:
        """Give a host to the stories stored before there was one (migration 11), in
        the caller's transaction; once all have one, this is one indexed look-up."""
        rows = self.conn.execute("SELECT id, url FROM stories WHERE host = ''").fetchall()
        for story_id, url in rows:
            self.conn.execute("UPDATE stories SET host = ? WHERE id = ?", (host_of(url), story_id))

    def claim_sources(
        self, worker: str, now: datetime, *, until: datetime, limit: int = 50
    ) -> list[Source]:
        """Lease to ``worker`` until ``until`` the due sources no live lease holds, whose
        host no other worker holds either, most overdue first; commits the claim."""
        at = to_iso(now)
        with self.bookkeeping():
            rows = self.conn.execute(
                "SELECT * FROM sources WHERE next_poll_at IS NOT NULL AND next_poll_at <= ?"
                " AND (lease_until IS NULL OR lease_until <= ? OR lease_owner = ?)"
                f" ORDER BY next_poll_at, id LIMIT {int(limit)}{self._for_update()}",
                (at, at, worker),
            ).fetchall()
            held = self._hosts_held_by_others(worker, at)
            sources = [
                source
                for source in (decode_row(Source, row) for row in rows)
                if host_of(source.url) not in held  # one worker a host: feeds too
            ]
            lease_rows(self.conn, "sources", [s.id for s in sources], worker, until)
        return sources

    def release_sources(self, worker: str) -> int:
        """End ``worker``'s leases on sources (after its polls)."""
        with self.bookkeeping():
            return self.conn.execute(
                "UPDATE sources SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?",
                (worker,),
            ).rowcount

    def renew_leases(self, worker: str, until: datetime) -> int:
        """Extend every lease ``worker`` holds (stories, sources, outbox rows) to ``until``;
        returns how many stories it holds."""
        with self.bookkeeping():
            count = self.conn.execute(
                "UPDATE stories SET lease_until = ? WHERE lease_owner = ?",
                (to_iso(until), worker),
            ).rowcount
            for table in LEASED[1:]:
                self.conn.execute(
                    f"UPDATE {table} SET lease_until = ? WHERE lease_owner = ?",
                    (to_iso(until), worker),
                )
        return count

    def release_leases(self, worker: str, story_ids: Sequence[int] | None = None) -> int:
        """End ``worker``'s leases on ``story_ids`` (all its stories and sources when
        None); returns how many stories were released."""
        with self.bookkeeping():
            if story_ids is None:
                self.conn.execute(
                    "UPDATE sources SET lease_owner = NULL, lease_until = NULL"
                    " WHERE lease_owner = ?",
                    (worker,),
                )
                return self.conn.execute(
                    "UPDATE stories SET lease_owner = NULL, lease_until = NULL"
                    " WHERE lease_owner = ?",
                    (worker,),
                ).rowcount
            if not story_ids:
                return 0
            return self.conn.execute(
                "UPDATE stories SET lease_owner = NULL, lease_until = NULL"
                f" WHERE lease_owner = ? AND id IN ({_marks(len(story_ids))})",
                (worker, *story_ids),
            ).rowcount

    def record_host_starts(self, starts: Mapping[str, datetime]) -> None:
        """Keep, per host, the latest request start a worker made (a later one wins), to
        the microsecond: the next worker's gap is counted from it."""
        if not starts:
            return
        with self.bookkeeping():
            for host, at in sorted(starts.items()):
                self.conn.execute(
                    "INSERT INTO hosts (host, last_start_at) VALUES (?, ?)"
                    " ON CONFLICT (host) DO UPDATE SET last_start_at = excluded.last_start_at"
                    " WHERE excluded.last_start_at > hosts.last_start_at",
                    (host, to_iso_micro(at)),
                )

    def host_starts(self, hosts: Sequence[str]) -> dict[str, datetime]:
        """The latest recorded request start of each of ``hosts`` (unknown hosts left out)."""
        if not hosts:
            return {}
        rows = self.conn.execute(
            f"SELECT host, last_start_at FROM hosts WHERE host IN ({_marks(len(hosts))})",
            tuple(hosts),
        ).fetchall()
        return {str(row[0]): from_iso(row[1]) for row in rows}

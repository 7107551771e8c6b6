"""Leases on named stories: a ``check URL...`` or ``check --all`` run on a store that
workers share (PostgreSQL) leases the stories it was asked for, as a worker's claim
does, so no story is checked by two at once; mixed into ``Store``.

Unlike ``claim_stories`` (``claims.py``), which takes what is due and free, this takes
the stories it is given, due or not, and says which of them another worker holds (an
unexpired lease on the story, or on another story of its host: one worker a host, so
the per-host cap holds across workers), so the caller can skip those and name the holder.
``bookkeeping()`` makes it one claim at a time with every other.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from revtrack.clock import to_iso
from revtrack.store.claims import lease_rows
from revtrack.store.decode import decode_row
from revtrack.store.rows import Story
from revtrack.store.sql import Dialect, SQLConnection


@dataclass(frozen=True, slots=True)
class NamedLeases:
    """What ``lease_named`` did: the stories now leased to the worker (in the order
    asked), and those another worker holds, by worker."""

    leased: list[Story] = field(default_factory=list)
    held: dict[str, list[Story]] = field(default_factory=dict)


def _marks(count: int) -> str:
    return ", ".join("?" * count)


class LeaseMixin:
    """Leases on stories given by id; mixed into ``Store``."""

    conn: SQLConnection
    dialect: Dialect

    if TYPE_CHECKING:

        def bookkeeping(self) -> AbstractContextManager[None]: ...  # ClaimMixin's
        def _fill_hosts(self) -> None: ...  # ClaimMixin's

    def lease_named(
        self, worker: str, story_ids: Sequence[int], now: datetime, *, until: datetime
    ) -> NamedLeases:
        """Lease to ``worker`` until ``until`` each of ``story_ids`` that no other worker
        holds at ``now``, nor its host (its own leases are extended); commits. Unknown
        ids are left out of both lists."""
        wanted = list(dict.fromkeys(story_ids))
        if not wanted:
            return NamedLeases()
        at = to_iso(now)
        lock = " FOR UPDATE" if self.dialect == "postgresql" else ""
        with self.bookkeeping():  # a lease is workers' bookkeeping: it wakes no reader
            self._fill_hosts()
            rows = self.conn.execute(
                f"SELECT * FROM stories WHERE id IN ({_marks(len(wanted))}){lock}",
                tuple(wanted),
            ).fetchall()
            hosts = self._held_hosts(worker, at)
            free: dict[int, Story] = {}
            taken: dict[int, tuple[str, Story]] = {}
            for row in rows:
                story = decode_row(Story, row)
                owner, lease_until = row["lease_owner"], row["lease_until"]
                if owner and owner != worker and lease_until and lease_until > at:
                    taken[story.id] = (str(owner), story)
                elif row["host"] in hosts:  # one worker a host: its cap is shared
                    taken[story.id] = (hosts[row["host"]], story)
                else:
                    free[story.id] = story
            lease_rows(self.conn, "stories", list(free), worker, until)
        held: dict[str, list[Story]] = {}
        for story_id in wanted:
            if story_id in taken:
                owner, story = taken[story_id]
                held.setdefault(owner, []).append(story)
        return NamedLeases(leased=[free[i] for i in wanted if i in free], held=held)

    def due_held_by_others(self, worker: str, now: datetime) -> dict[str, int]:
        """How many due stories each other worker holds at ``now``: those leased to it,
        and those of a host it holds a lease in (a claim leaves a held host to its
        holder); a story whose host two others hold counts for the first by name."""
        at = to_iso(now)
        hosts = self._held_hosts(worker, at)
        held: dict[str, int] = {}
        for host, owner, lease_until in self.conn.execute(
            "SELECT host, lease_owner, lease_until FROM stories"
            " WHERE next_check_at IS NOT NULL AND next_check_at <= ?",
            (at,),
        ):
            if owner and owner != worker and lease_until and lease_until > at:
                holder: str | None = str(owner)
            else:
                holder = hosts.get(str(host))
            if holder is not None and owner != worker:
                held[holder] = held.get(holder, 0) + 1
        return dict(sorted(held.items()))

    def _held_hosts(self, worker: str, at: str) -> dict[str, str]:
        """The hosts another worker holds a live lease in, each with the first holder."""
        hosts: dict[str, str] = {}
        for host, owner in self.conn.execute(
            "SELECT DISTINCT host, lease_owner FROM stories"
            " WHERE lease_until > ? AND lease_owner IS NOT NULL AND lease_owner <> ?"
            " ORDER BY host, lease_owner",
            (at, worker),
        ):
            hosts.setdefault(str(host), str(owner))
        return hosts

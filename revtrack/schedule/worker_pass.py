"""A one-off pass as a worker (``check`` on PostgreSQL): what it checks is leased to it
first, batch by batch, and released after each batch, so it never checks a story at the
same time as a ``watch`` or another ``check``; stories another worker holds are left to
it and counted (``held``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from revtrack.check import CheckReport, PassSummary, capture_pass
from revtrack.check.analysers import PageAnalyser
from revtrack.fetch.client import Fetcher
from revtrack.schedule.watch import (
    BATCH,
    LEASE,
    claim,
    keep_leases,
    release,
    renew_every,
    wait_host_gaps,
)
from revtrack.store.rows import Story
from revtrack.store.store import Store

Batches = Callable[[Fetcher], list[Story]]
"""The next stories a worker's run checks, leased to it (none: the run is over)."""


class WorkerPass:
    """One run of checks by ``worker`` (``host:pid``) on a store that workers share."""

    def __init__(self, store: Store, worker: str, clock: Callable[[], datetime]) -> None:
        self.store, self.worker, self.clock = store, worker, clock
        self.held: dict[str, int] = {}  # stories left to other workers, by worker

    def due(self) -> Batches:
        """Batches of due stories, claimed as `watch` claims them (its share of the sites,
        most overdue first) until none is left to claim; a story is checked once a run."""
        seen: set[int] = set()

        def claim_next(fetcher: Fetcher) -> list[Story]:
            claimed = claim(self.store, fetcher, self.worker, self.clock(), LEASE)
            again = [story.id for story in claimed if story.id in seen]
            if again:  # still due after this run checked it (its clock stands still)
                self.store.release_leases(self.worker, again)
            fresh = [story for story in claimed if story.id not in seen]
            seen.update(story.id for story in fresh)
            if not fresh:
                self._count_held(self.store.due_held_by_others(self.worker, self.clock()))
            return fresh

        return claim_next

    def named(self, stories: Sequence[Story]) -> Batches:
        """Batches of ``stories``, each leased for the run unless another worker holds it."""
        pending = list(stories)

        def lease_next(fetcher: Fetcher) -> list[Story]:
            while pending:
                chunk = [s.id for s in pending[:BATCH]]
                del pending[:BATCH]
                now = self.clock()
                got = self.store.lease_named(self.worker, chunk, now, until=now + LEASE)
                self._count_held({owner: len(held) for owner, held in got.held.items()})
                if got.leased:
                    wait_host_gaps(self.store, fetcher, got.leased)  # as a claim does
                    return got.leased
            return []

        return lease_next

    def _count_held(self, held: dict[str, int]) -> None:
        for owner, count in held.items():
            self.held[owner] = self.held.get(owner, 0) + count

    async def run(
        self,
        batches: Batches,
        fetcher: Fetcher,
        analyser: PageAnalyser,
        *,
        on_report: Callable[[CheckReport], None] | None = None,
        webhook: str = "",
    ) -> PassSummary:
        """Check batch after batch, each under a lease kept alive while it lasts and
        released when it ends, with a heartbeat after each."""
        summary = PassSummary()
        while batch := batches(fetcher):
            try:
                part = await capture_pass(
                    self.store, batch, fetcher, analyser=analyser, on_report=on_report,
                    webhook=webhook, keep_alive=keep_leases(self.store, self.worker, self.clock,
                    LEASE), keep_alive_every=renew_every(LEASE),
                )  # fmt: skip
            finally:
                release(self.store, fetcher, self.worker, batch)
            summary.reports.extend(part.reports)
            self.store.heartbeat(self.worker, self.clock(), checks=len(part.reports), role="check")
        return summary

    def held_by(self) -> str:
        """Who holds the stories this run left to others: "worker X" or "workers X (2),
        Y (1)"."""
        if len(self.held) == 1:
            return f"worker {next(iter(self.held))}"
        return "workers " + ", ".join(f"{w} ({n})" for w, n in sorted(self.held.items()))

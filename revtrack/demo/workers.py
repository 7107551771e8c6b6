"""The demo replayed by several workers at once, as ``watch`` workers share a PostgreSQL
store: each on a thread of its own, with its own store connection, fetcher and analyser,
claiming its share of the due stories through the real claim path
(``revtrack.schedule.watch.claim``) at each step of the simulated clock.

A step: every worker says it is alive, claims, checks what it claimed and releases it;
while stories are still due at that time (a worker's share is a part of the sites),
they go round again; then the clock moves to the next due check, as in ``run_demo``.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from revtrack.check import capture_pass
from revtrack.check.analysers import PageAnalyser
from revtrack.demo import run
from revtrack.demo.clock import SimClock
from revtrack.demo.server import LOOPBACK, DemoServer, ServedStory
from revtrack.errors import RevtrackError
from revtrack.schedule.watch import LEASE, claim, next_due
from revtrack.store.open import open_store_at
from revtrack.store.store import Store


@dataclass(frozen=True, slots=True)
class Claimed:
    """Stories one worker claimed at one step of the replay."""

    at: datetime  # the step: the simulated time
    worker: str
    story_ids: tuple[int, ...]


OnClaim = Callable[[Claimed], None]


class _Steps:
    """Where the coordinator and the workers meet: twice a round (start, done); and the
    workers between, once all have said they are alive (so each claims its share)."""

    def __init__(self, workers: int) -> None:
        self.start = threading.Barrier(workers + 1)
        self.alive = threading.Barrier(workers)
        self.done = threading.Barrier(workers + 1)
        self.over = False
        self.errors: list[BaseException] = []

    def fail(self, exc: BaseException) -> None:
        self.errors.append(exc)
        for barrier in (self.start, self.alive, self.done):
            barrier.abort()


def run_demo_workers(
    location: str | Path,
    stories: Sequence[ServedStory],
    *,
    workers: Sequence[str],
    hosts: Sequence[str] = (LOOPBACK,),
    on_claim: OnClaim | None = None,
    on_progress: run.Progress | None = None,
) -> run.DemoResult:
    """Replay ``stories`` into the (empty) store at ``location`` with one thread per name
    in ``workers``; story i is served on loopback address ``hosts[i % len(hosts)]`` (one
    site each). ``on_claim`` hears every claim, from the workers' threads."""
    if not workers or len(set(workers)) != len(workers):
        raise ValueError("workers: one or more distinct names")
    start, end = run.replay_span(stories)
    clock = SimClock(start)
    steps = _Steps(len(workers))
    with ExitStack() as stack, open_store_at(location) as store:
        servers = [stack.enter_context(DemoServer(stories, clock, host=h)) for h in hosts]
        run.add_stories(store, stories, servers)
        threads = [
            threading.Thread(
                target=_work,
                args=(location, name, clock, steps, on_claim),
                name=f"revtrack-demo-{name}",
                daemon=True,
            )
            for name in workers
        ]
        for thread in threads:
            thread.start()
        try:
            _coordinate(store, clock, end, steps, on_progress)
        finally:
            steps.over = True
            with contextlib.suppress(threading.BrokenBarrierError):  # broken: one failed
                steps.start.wait()  # let them see it is over
            for thread in threads:
                thread.join()
        if steps.errors:
            raise steps.errors[0]
        return run.summarise(store)


def _coordinate(
    store: Store,
    clock: SimClock,
    end: datetime,
    steps: _Steps,
    on_progress: run.Progress | None,
) -> None:
    start = clock()
    while clock() <= end:
        left = len(store.due_stories(clock()))
        while left:
            try:
                steps.start.wait()
                steps.done.wait()
            except threading.BrokenBarrierError:
                return  # a worker failed: run_demo_workers raises its error
            now_due = len(store.due_stories(clock()))
            if now_due >= left:
                raise RevtrackError(f"no worker took any of the {left} stories due")
            left = now_due
        following = next_due(store)
        if following is None or following > end:
            return
        clock.advance_to(following)
        if on_progress is not None:
            on_progress(clock(), start, end)


def _work(
    location: str | Path, name: str, clock: SimClock, steps: _Steps, on_claim: OnClaim | None
) -> None:
    try:
        asyncio.run(_worker(location, name, clock, steps, on_claim))
    except BaseException as exc:  # the coordinator raises it
        steps.fail(exc)


async def _worker(
    location: str | Path, name: str, clock: SimClock, steps: _Steps, on_claim: OnClaim | None
) -> None:
    with open_store_at(location) as store:
        async with run.demo_fetcher(clock) as fetcher, PageAnalyser(workers=0) as analyser:
            try:
                while True:
                    await asyncio.to_thread(steps.start.wait)
                    if steps.over:
                        return
                    now = clock()
                    store.heartbeat(name, now)
                    await asyncio.to_thread(steps.alive.wait)
                    claimed = claim(store, fetcher, name, now, LEASE)
                    if claimed:
                        if on_claim is not None:
                            on_claim(Claimed(now, name, tuple(s.id for s in claimed)))
                        try:
                            await capture_pass(store, claimed, fetcher, analyser=analyser)
                        finally:
                            store.release_leases(name, [s.id for s in claimed])
                    await asyncio.to_thread(steps.done.wait)
            finally:
                store.forget_worker(name)

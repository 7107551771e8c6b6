"""The long-running daemon: poll due sources, check due stories, sleep until the next is due."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx

from revtrack.check import CheckReport, PassSummary, capture_pass
from revtrack.check.analysers import PageAnalyser
from revtrack.clock import Clock
from revtrack.fetch.client import Fetcher
from revtrack.fetch.politeness import host_key
from revtrack.notify.sender import WebhookSender
from revtrack.notify.status import next_delivery_at
from revtrack.sources.poll import poll_sources
from revtrack.sources.store import due_sources
from revtrack.sources.store import next_due as next_source_due
from revtrack.store.rows import Story
from revtrack.store.store import Store

MAX_SLEEP = timedelta(minutes=5)  # wake up anyway: stories added meanwhile become due
BATCH = 200  # stories per pass: a stop never waits for more than one batch
# How long a claimed story stays leased to its worker (on PostgreSQL, several workers):
# longer than any pass of one batch, so no other worker takes a story mid-check; a
# killed worker's stories are taken by another this long after its claim.
LEASE = timedelta(minutes=15)
CLAIM_RETRY = timedelta(seconds=1)  # a worker that found nothing to claim waits this long


@dataclass(slots=True)
class WatchStatus:
    passes: int = 0
    checked: int = 0
    last: PassSummary | None = None
    new_stories: int = 0  # found by polling feeds and sitemaps
    next_due: datetime | None = None
    delivered: int = 0  # webhook deliveries
    delivery_waiting: int = 0
    delivery_error: str = ""


def next_due(store: Store) -> datetime | None:
    """When the next story falls due (None: nothing scheduled)."""
    return store.next_check_due()


async def _sleep_until(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=max(seconds, 0.05))


async def watch(
    store: Store,
    fetcher: Fetcher,
    analyser: PageAnalyser,
    *,
    clock: Clock,
    stop: asyncio.Event,
    on_status: Callable[[WatchStatus], None] | None = None,
    on_report: Callable[[CheckReport], None] | None = None,
    max_sleep: timedelta = MAX_SLEEP,
    webhook: str = "",
    sender: WebhookSender | None = None,
    worker: str = "",
    lease: timedelta = LEASE,
) -> WatchStatus:
    """Run passes until ``stop`` is set; every committed check stays committed.

    With a ``sender`` each iteration also delivers the due webhook rows, and the
    sleep ends when the next one falls due. With a ``worker`` name (PostgreSQL: one
    of several workers) each pass claims its stories under a lease first and releases
    them after; its heartbeats list it in ``revtrack workers``.
    """
    status = WatchStatus()
    try:
        await _passes(
            store, fetcher, analyser, status, clock=clock, stop=stop, on_status=on_status,
            on_report=on_report, max_sleep=max_sleep, webhook=webhook, sender=sender,
            worker=worker, lease=lease,
        )  # fmt: skip
    finally:
        if worker:
            store.forget_worker(worker)
    return status


def claim(
    store: Store, fetcher: Fetcher, worker: str, now: datetime, lease: timedelta
) -> list[Story]:
    """Claim ``worker``'s share of the due stories. A site is claimed only once no other
    worker holds it, that is after every request of its last holder ended (a release
    follows the pass) or long after (an expired lease), so its hosts wait the gap from
    now, or from a later recorded check."""
    stories = store.claim_stories(worker, now, until=now + lease, limit=BATCH)
    last = store.last_checked_by_site(sorted({s.site for s in stories}))
    for story in stories:
        since = max(now, last.get(story.site, now))
        fetcher.gate.started_at(host_key(httpx.URL(story.url)), since)
    return stories


async def _passes(
    store: Store,
    fetcher: Fetcher,
    analyser: PageAnalyser,
    status: WatchStatus,
    *,
    clock: Clock,
    stop: asyncio.Event,
    on_status: Callable[[WatchStatus], None] | None,
    on_report: Callable[[CheckReport], None] | None,
    max_sleep: timedelta,
    webhook: str,
    sender: WebhookSender | None,
    worker: str,
    lease: timedelta,
) -> None:
    while not stop.is_set():
        if worker:
            store.heartbeat(worker, clock())
        sources = due_sources(store, clock())
        if sources:
            polled = await poll_sources(store, fetcher, clock(), sources)
            status.new_stories += polled.new_stories
        if worker:
            due = claim(store, fetcher, worker, clock(), lease)
        else:
            due = store.due_stories(clock(), limit=BATCH)
        if due:
            try:
                summary = await capture_pass(
                    store, due, fetcher, analyser=analyser, on_report=on_report, stop=stop,
                    webhook=webhook,
                )  # fmt: skip
            finally:
                if worker:
                    store.release_leases(worker, [s.id for s in due])
            status.passes += 1
            status.checked += len(summary.reports)
            status.last = summary
            if worker:
                store.heartbeat(worker, clock(), checks=len(summary.reports))
        wakes = [next_due(store), next_source_due(store)]
        if sender is not None:
            delivery = await sender.deliver(store, clock())
            status.delivered += delivery.delivered
            status.delivery_waiting = delivery.pending
            if delivery.happened or not delivery.pending:  # else keep the last round's error
                status.delivery_error = delivery.last_error
            wakes.append(next_delivery_at(store))
        status.next_due = min((t for t in wakes if t is not None), default=None)
        if on_status is not None:
            on_status(status)
        if stop.is_set() or (due and len(due) == BATCH):
            continue
        wait = max_sleep
        if status.next_due is not None:
            wait = min(wait, status.next_due - clock())
        if worker and not due:  # what is due is leased to other workers: ask again soon
            wait = max(wait, CLAIM_RETRY)
        await _sleep_until(stop, wait.total_seconds())


def install_stop_handlers(stop: asyncio.Event) -> None:
    """First SIGINT/SIGTERM: finish the checks in flight and exit; a second one: now."""
    loop = asyncio.get_running_loop()
    main = asyncio.current_task()

    def on_signal() -> None:
        if stop.is_set() and main is not None:
            main.cancel()
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, on_signal)

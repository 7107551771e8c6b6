"""The long-running daemon: poll due sources, check due stories, sleep until the next is due."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable, Sequence
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
# A worker that found nothing to claim (all due sites held by others) asks again this
# soon: a site comes free whenever another worker ends a pass, and a claim costs ~1 ms.
CLAIM_RETRY = timedelta(seconds=0.25)


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
    follows the pass) or long after (an expired lease). Its hosts wait the gap after the
    last request any worker sent there (``hosts``, written on release)."""
    stories = store.claim_stories(worker, now, until=now + lease, limit=BATCH)
    wait_host_gaps(store, fetcher, stories)
    return stories


def wait_host_gaps(store: Store, fetcher: Fetcher, stories: Sequence[Story]) -> None:
    """Make ``fetcher`` wait, on each host of ``stories``, the gap after the last request
    any worker sent there (``hosts``, written when a worker lets a site go)."""
    hosts = {host_key(httpx.URL(story.url)) for story in stories}
    for host, last in store.host_starts(sorted(hosts)).items():
        fetcher.gate.started_at(host, last)


def release(store: Store, fetcher: Fetcher, worker: str, stories: Sequence[Story]) -> None:
    """End ``worker``'s leases on ``stories`` after their pass, first keeping the last
    request start of each of their hosts for whichever worker takes the site next."""
    _keep_host_starts(store, fetcher, [story.url for story in stories])
    store.release_leases(worker, [s.id for s in stories])


def _keep_host_starts(store: Store, fetcher: Fetcher, urls: Sequence[str]) -> None:
    hosts = {host_key(httpx.URL(url)) for url in urls}
    starts = {host: at for host in hosts if (at := fetcher.gate.last_sent(host)) is not None}
    store.record_host_starts(starts)


def keep_leases(store: Store, worker: str, clock: Clock, lease: timedelta) -> Callable[[], None]:
    """What a long pass calls now and then: extend the worker's leases and heartbeat, so
    no other worker takes its stories mid-pass and ``revtrack workers`` still lists it."""

    def renew() -> None:
        store.renew_leases(worker, clock() + lease)
        store.heartbeat(worker, clock())

    return renew


def renew_every(lease: timedelta) -> float:
    # A third of the lease: two renewals may fail (a busy store) before it lapses.
    return max(lease.total_seconds() / 3, 1.0)


async def _poll(
    store: Store, fetcher: Fetcher, now: datetime, worker: str, lease: timedelta
) -> int:
    """Poll the due feeds and sitemaps (a worker: those it leased, so no two workers poll
    one source at once); how many new stories they brought."""
    sources = (
        store.claim_sources(worker, now, until=now + lease) if worker else due_sources(store, now)
    )
    if not sources:
        return 0
    try:
        polled = await poll_sources(store, fetcher, now, sources)
    finally:
        if worker:
            _keep_host_starts(store, fetcher, [source.url for source in sources])
            store.release_sources(worker)
    return polled.new_stories


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
        status.new_stories += await _poll(store, fetcher, clock(), worker, lease)
        if worker:
            due = claim(store, fetcher, worker, clock(), lease)
        else:
            due = store.due_stories(clock(), limit=BATCH)
        if due:
            renew = keep_leases(store, worker, clock, lease) if worker else None
            try:
                summary = await capture_pass(
                    store, due, fetcher, analyser=analyser, on_report=on_report, stop=stop,
                    webhook=webhook, keep_alive=renew, keep_alive_every=renew_every(lease),
                )  # fmt: skip
            finally:
                if worker:
                    release(store, fetcher, worker, due)
            status.passes += 1
            status.checked += len(summary.reports)
            status.last = summary
            if worker:
                store.heartbeat(worker, clock(), checks=len(summary.reports))
        wakes = [next_due(store), next_source_due(store)]
        if sender is not None:
            delivery = await sender.deliver(store, clock(), worker=worker, lease=lease)
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

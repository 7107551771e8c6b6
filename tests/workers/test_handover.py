"""What workers share besides story leases: sources polled by one worker at a time, the
last request start per host (a site taken over waits the gap after it), the workers
table, and leases kept alive through a long pass (issue 15)."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime, timedelta

from revtrack.check.run import capture_pass
from revtrack.fetch.client import Fetcher
from revtrack.schedule.watch import claim, keep_leases, release
from revtrack.store.store import Store
from tests.loopback import LoopbackServer, Request, Response

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
LEASE = timedelta(minutes=2)


def _feeds(store: Store, count: int) -> None:
    with store.transaction():
        for n in range(count):
            url = f"https://s{n}.example/feed.xml"
            store.insert_source(url, "feed", now=T0 - timedelta(hours=1))


def test_a_source_is_polled_by_one_worker_at_a_time(backend_store: Store) -> None:
    _feeds(backend_store, 3)
    due = backend_store.due_sources(T0)
    assert len(due) == 3
    first = backend_store.claim_sources("w1", T0, until=T0 + LEASE)
    assert sorted(s.id for s in first) == sorted(s.id for s in due)
    assert backend_store.claim_sources("w2", T0, until=T0 + LEASE) == []
    # A killed worker's sources come back once its lease ends; a release frees them now.
    assert len(backend_store.claim_sources("w2", T0 + LEASE, until=T0 + 2 * LEASE)) == 3
    assert backend_store.release_sources("w2") == 3
    assert len(backend_store.claim_sources("w1", T0, until=T0 + LEASE)) == 3
    backend_store.forget_worker("w1")
    assert len(backend_store.claim_sources("w3", T0, until=T0 + LEASE)) == 3


def test_a_host_is_one_workers_for_its_feeds_and_its_stories(backend_store: Store) -> None:
    _feeds(backend_store, 2)  # s0.example and s1.example
    backend_store.add_story("https://s0.example/story", now=T0 - timedelta(hours=1))
    backend_store.add_story("https://s1.example/story", now=T0 - timedelta(hours=1))
    stories = backend_store.claim_stories("w1", T0, until=T0 + LEASE, limit=1)
    assert [s.url for s in stories] == ["https://s0.example/story"]
    # w2 may poll s1's feed, not s0's, whose host w1 is fetching from...
    feeds = backend_store.claim_sources("w2", T0, until=T0 + LEASE)
    assert [f.url for f in feeds] == ["https://s1.example/feed.xml"]
    # ...and then no story of s1 goes to w1 while w2 polls there.
    assert backend_store.claim_stories("w1", T0, until=T0 + LEASE, limit=10) == stories


def test_the_latest_start_of_a_host_is_kept(backend_store: Store) -> None:
    later, earlier = T0 + timedelta(seconds=5.5), T0 + timedelta(seconds=5.25)
    backend_store.record_host_starts({"a.example": later, "b.example:8080": earlier})
    backend_store.record_host_starts({"a.example": earlier, "b.example:8080": later})
    found = backend_store.host_starts(["a.example", "b.example:8080", "c.example"])
    assert found == {"a.example": later, "b.example:8080": later}
    assert backend_store.host_starts([]) == {}


async def test_a_site_taken_over_waits_the_gap_after_the_last_workers_last_start(
    backend_store: Store,
) -> None:
    story, _ = backend_store.add_story("https://a.example/1", now=T0)
    # To the microsecond: a stamp cut to the second would let the gap come up short.
    backend_store.record_host_starts({"a.example": T0 + timedelta(seconds=30.250001)})
    async with Fetcher(min_host_gap=2.0, clock=lambda: T0) as fetcher:
        claimed = claim(backend_store, fetcher, "w2", T0, LEASE)
        assert [s.id for s in claimed] == [story.id]
        start = fetcher.gate.next_start("a.example")
        assert start == (T0 + timedelta(seconds=32.250001)).timestamp()


def test_workers_are_rows_with_a_role_and_a_check_count(backend_store: Store) -> None:
    backend_store.heartbeat("host:1", T0)
    backend_store.heartbeat("host:1", T0 + timedelta(seconds=20), checks=4)
    backend_store.heartbeat("host:2", T0 + timedelta(seconds=20), checks=1, role="check")
    found = {w.id: w for w in backend_store.workers(T0 + timedelta(seconds=20))}
    assert {k: (w.role, w.checks, w.started_at) for k, w in found.items()} == {
        "host:1": ("watch", 4, T0),
        "host:2": ("check", 1, T0 + timedelta(seconds=20)),
    }
    assert found["host:1"].rate == 0.2


def test_keep_leases_moves_the_lease_on_and_says_the_worker_is_alive(
    backend_store: Store,
) -> None:
    backend_store.add_story("https://a.example/1", now=T0)
    backend_store.heartbeat("w1", T0)
    backend_store.claim_stories("w1", T0, until=T0 + LEASE, limit=10)
    later = T0 + timedelta(minutes=10)
    keep_leases(backend_store, "w1", lambda: later, LEASE)()
    (info,) = backend_store.workers(later)
    assert (info.lease_until, info.seen_at) == (later + LEASE, later)
    # Not taken by another worker past the first lease's end.
    assert backend_store.claim_stories("w2", T0 + 2 * LEASE, until=later, limit=10) == []


async def test_a_long_pass_keeps_its_leases_alive_while_a_page_hangs(
    backend_store: Store,
) -> None:
    renewed = threading.Event()

    def hang_until_renewed(_request: Request) -> Response:
        # The page answers only once the pass renewed its leases: a pass that never
        # renews mid-flight would time out here and the check would be an error.
        answered = renewed.wait(30)
        return Response.html("<article><p>renewed</p></article>" if answered else "late")

    with LoopbackServer() as server:
        server.route("/1", hang_until_renewed)
        story, _ = backend_store.add_story(server.url("/1"), now=T0)
        claimed = backend_store.claim_stories("w1", T0, until=T0 + LEASE, limit=10)
        calls: list[int] = []

        def renew() -> None:
            calls.append(threading.get_ident())
            keep_leases(backend_store, "w1", lambda: T0 + LEASE, LEASE)()
            renewed.set()

        async with Fetcher(min_host_gap=0, retries=0) as fetcher:
            summary = await capture_pass(
                backend_store, claimed, fetcher, keep_alive=renew, keep_alive_every=0.05
            )
            release(backend_store, fetcher, "w1", claimed)
        assert [r.story_id for r in summary.reports] == [story.id]
        assert renewed.is_set()
        assert calls
        assert threading.get_ident() not in calls  # on the store's writer thread
        # The release kept the host's last request start for the next worker.
        host = f"127.0.0.1:{server.port}"
        assert set(backend_store.host_starts([host])) == {host}
    assert backend_store.workers(T0 + LEASE)[0].leases == 0


def test_a_pass_leaves_no_renewal_task_behind(backend_store: Store) -> None:
    # capture_pass's renewal task must not outlive the pass: none left running after.
    async def empty_pass() -> int:
        async with Fetcher() as fetcher:
            await capture_pass(backend_store, [], fetcher, keep_alive=lambda: None)
        return len([t for t in asyncio.all_tasks() if t is not asyncio.current_task()])

    assert asyncio.run(empty_pass()) == 0

"""Per-host gap and cap, the global limit, and fetch_many, seen from the server side."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from itertools import pairwise
from typing import Any

from revtrack.fetch import FetchOutcome, FetchRequest
from tests.fetch.conftest import Starts, VirtualClock, quick
from tests.loopback import LoopbackServer, Pause, Request, Response


class Meter:
    """Counts requests being answered at once, across any number of servers.

    With ``until`` each request holds its answer until that many have been in flight at
    once (the limit under test) and then for ``seconds`` more, so the limit is reached
    however slow the machine is, and a request over it would be counted.
    """

    def __init__(self, until: int = 0) -> None:
        self._lock = threading.Lock()
        self._reached = threading.Event()
        self._until = until
        self.active = 0
        self.peak = 0

    def slow(self, seconds: float) -> Callable[[Request], Response]:
        def body() -> Iterator[bytes | Pause]:
            with self._lock:
                self.active += 1
                self.peak = max(self.peak, self.active)
                if self.peak >= self._until:
                    self._reached.set()
            try:
                yield b"<p>"
                self._reached.wait(timeout=60)  # bounded: a broken limit fails, never hangs
                yield Pause(seconds)
                yield b"done</p>"
            finally:
                with self._lock:
                    self.active -= 1

        return lambda _request: Response(200, {"Content-Type": "text/html"}, body())


async def fetch_all(fetcher_options: dict[str, Any], urls: list[str]) -> list[FetchOutcome]:
    async with quick(**fetcher_options) as fetcher:
        requests = [FetchRequest(url) for url in urls]
        return [result.outcome async for result in fetcher.fetch_many(requests)]


def host(server: LoopbackServer) -> str:
    return f"127.0.0.1:{server.port}"


async def test_min_gap_between_starts_on_one_host(server: LoopbackServer) -> None:
    # On the injected clock: the gate waits on it, and the transport notes the clock's
    # time as each request is really sent.
    clock = VirtualClock()
    starts = Starts(clock)
    server.route("/p", Response.html("ok"))
    options = {"min_host_gap": 0.25, "per_host": 4, "clock": clock, "sleep": clock.sleep}
    outcomes = await fetch_all(options | {"transport": starts}, [server.url("/p")] * 4)
    assert outcomes == [FetchOutcome.OK] * 4
    assert server.hits("/p") == 4
    sent = starts.seconds(host(server))
    gaps = [b - a for a, b in pairwise(sorted(sent))]
    assert len(gaps) == 3
    assert all(gap >= 0.25 - 1e-6 for gap in gaps), gaps


async def test_per_host_cap(server: LoopbackServer) -> None:
    meter = Meter(until=2)
    server.route("/slow", meter.slow(0.2))
    outcomes = await fetch_all({"per_host": 2, "max_connections": 10}, [server.url("/slow")] * 6)
    assert outcomes == [FetchOutcome.OK] * 6
    assert meter.peak == 2
    assert server.max_in_flight == 2


async def test_global_limit_across_hosts() -> None:
    meter = Meter(until=3)
    with LoopbackServer() as one, LoopbackServer() as two:
        one.route("/slow", meter.slow(0.2))
        two.route("/slow", meter.slow(0.2))
        urls = [one.url("/slow"), two.url("/slow")] * 4
        outcomes = await fetch_all({"per_host": 3, "max_connections": 3}, urls)
    assert outcomes == [FetchOutcome.OK] * 8
    assert meter.peak == 3


async def test_hosts_do_not_wait_for_each_other() -> None:
    clock = VirtualClock()
    starts = Starts(clock)
    with LoopbackServer() as one, LoopbackServer() as two:
        one.route("/p", Response.html("1"))
        two.route("/p", Response.html("2"))
        urls = [one.url("/p"), one.url("/p"), two.url("/p"), two.url("/p")]
        options = {"min_host_gap": 0.3, "per_host": 2, "clock": clock, "sleep": clock.sleep}
        await fetch_all(options | {"transport": starts}, urls)
        first_one, second_one = starts.seconds(host(one))
        first_two, second_two = starts.seconds(host(two))
    assert second_one - first_one >= 0.3 - 1e-6
    assert second_two - first_two >= 0.3 - 1e-6
    assert first_two == first_one  # the second host's gap is its own: no wait for the first's


async def test_fetch_many_yields_in_completion_order(server: LoopbackServer) -> None:
    fast_seen = threading.Event()

    def slow_body() -> Iterator[bytes]:
        yield b"<p>"
        fast_seen.wait(timeout=30)  # finishes only after the fast one came out first
        yield b"slow</p>"

    server.route("/slow", lambda _r: Response(200, {"Content-Type": "text/html"}, slow_body()))
    server.route("/fast", Response.html("fast"))
    order = []
    async with quick(per_host=2, timeout=60) as fetcher:
        requests = [FetchRequest(server.url("/slow")), FetchRequest(server.url("/fast"))]
        async for result in fetcher.fetch_many(requests):
            order.append(result.url)
            fast_seen.set()
    assert order == [server.url("/fast"), server.url("/slow")]


async def test_fetch_many_stopped_early_cancels_the_rest(server: LoopbackServer) -> None:
    slow_started, release = threading.Semaphore(0), threading.Event()
    finished = []

    def slow_body() -> Iterator[bytes]:
        slow_started.release()
        yield b"<p>"
        release.wait(timeout=30)
        finished.append(True)
        yield b"slow</p>"

    def fast(_request: Request) -> Response:
        for _ in range(3):  # answer once the three slow ones are in flight
            slow_started.acquire(timeout=30)
        return Response.html("fast")

    server.route("/slow", lambda _r: Response(200, {"Content-Type": "text/html"}, slow_body()))
    server.route("/fast", fast)
    try:
        async with quick(per_host=4, timeout=60) as fetcher:
            requests = [FetchRequest(server.url("/fast"))] + [FetchRequest(server.url("/slow"))] * 3
            results = fetcher.fetch_many(requests)
            first = await anext(results)
            await results.aclose()
            assert first.outcome is FetchOutcome.OK
            # Closing returned while the slow answers were still held: it did not wait for
            # them (they could only have finished after `release`).
            assert finished == []
    finally:
        release.set()
    assert server.hits("/slow") == 3

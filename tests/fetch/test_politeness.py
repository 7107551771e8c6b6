"""Per-host gap and cap, the global limit, and fetch_many, seen from the server side."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from itertools import pairwise

from revtrack.fetch import FetchOutcome, FetchRequest
from tests.fetch.conftest import quick
from tests.loopback import LoopbackServer, Pause, Request, Response


class Meter:
    """Counts requests being answered at once, across any number of servers."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.active = 0
        self.peak = 0

    def slow(self, seconds: float) -> Callable[[Request], Response]:
        def body() -> Iterator[bytes | Pause]:
            with self._lock:
                self.active += 1
                self.peak = max(self.peak, self.active)
            try:
                yield b"<p>"
                yield Pause(seconds)
                yield b"done</p>"
            finally:
                with self._lock:
                    self.active -= 1

        return lambda _request: Response(200, {"Content-Type": "text/html"}, body())


async def fetch_all(fetcher_options: dict[str, float], urls: list[str]) -> list[FetchOutcome]:
    async with quick(**fetcher_options) as fetcher:
        requests = [FetchRequest(url) for url in urls]
        return [result.outcome async for result in fetcher.fetch_many(requests)]


async def test_min_gap_between_starts_on_one_host(server: LoopbackServer) -> None:
    server.route("/p", Response.html("ok"))
    outcomes = await fetch_all({"min_host_gap": 0.25, "per_host": 4}, [server.url("/p")] * 4)
    assert outcomes == [FetchOutcome.OK] * 4
    starts = sorted(r.started for r in server.requests("/p"))
    gaps = [b - a for a, b in pairwise(starts)]
    assert all(gap >= 0.23 for gap in gaps), gaps


async def test_per_host_cap(server: LoopbackServer) -> None:
    meter = Meter()
    server.route("/slow", meter.slow(0.2))
    outcomes = await fetch_all({"per_host": 2, "max_connections": 10}, [server.url("/slow")] * 6)
    assert outcomes == [FetchOutcome.OK] * 6
    assert meter.peak == 2
    assert server.max_in_flight == 2


async def test_global_limit_across_hosts() -> None:
    meter = Meter()
    with LoopbackServer() as one, LoopbackServer() as two:
        one.route("/slow", meter.slow(0.2))
        two.route("/slow", meter.slow(0.2))
        urls = [one.url("/slow"), two.url("/slow")] * 4
        outcomes = await fetch_all({"per_host": 3, "max_connections": 3}, urls)
    assert outcomes == [FetchOutcome.OK] * 8
    assert meter.peak == 3


async def test_hosts_do_not_wait_for_each_other() -> None:
    with LoopbackServer() as one, LoopbackServer() as two:
        one.route("/p", Response.html("1"))
        two.route("/p", Response.html("2"))
        urls = [one.url("/p"), one.url("/p"), two.url("/p"), two.url("/p")]
        await fetch_all({"min_host_gap": 0.3, "per_host": 2}, urls)
        first_one, second_one = (r.started for r in one.requests())
        first_two, _ = (r.started for r in two.requests())
    assert second_one - first_one >= 0.28
    assert abs(first_two - first_one) < 0.2  # the second host's gap is its own


async def test_fetch_many_yields_in_completion_order(server: LoopbackServer) -> None:
    meter = Meter()
    server.route("/slow", meter.slow(0.3))
    server.route("/fast", Response.html("fast"))
    async with quick(per_host=2) as fetcher:
        requests = [FetchRequest(server.url("/slow")), FetchRequest(server.url("/fast"))]
        order = [result.url async for result in fetcher.fetch_many(requests)]
    assert order == [server.url("/fast"), server.url("/slow")]


async def test_fetch_many_stopped_early_cancels_the_rest(server: LoopbackServer) -> None:
    meter = Meter()
    server.route("/slow", meter.slow(5.0))
    server.route("/fast", Response.html("fast"))
    async with quick(per_host=4) as fetcher:
        requests = [FetchRequest(server.url("/fast"))] + [FetchRequest(server.url("/slow"))] * 3
        results = fetcher.fetch_many(requests)
        first = await anext(results)
        await results.aclose()
        assert first.outcome is FetchOutcome.OK
        await asyncio.sleep(0.1)
    assert server.hits("/slow") == 3  # they had started; closing did not wait 5 s for them

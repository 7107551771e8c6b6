"""The host gap counts from each request's real send (httpcore's trace), on a simulated
clock: a late send pushes the next request back, a request that never goes out does not
hold its host, and HostGate.last_sent tells when the latest one went out."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any

import httpx
import pytest

from revtrack.fetch import FetchOutcome, FetchRequest
from revtrack.fetch.politeness import HostGate, Turn
from tests.fetch.conftest import SimClock, VirtualClock, quick
from tests.loopback import LoopbackServer, Response

Trace = Callable[[str, dict[str, Any]], Awaitable[None]]


def gate_on(clock: VirtualClock, per_host: int = 2, min_gap: float = 5.0) -> HostGate:
    return HostGate(per_host=per_host, min_gap=min_gap, total=8, clock=clock, sleep=clock.sleep)


def since(clock: VirtualClock, start: datetime) -> float:
    return (clock.now - start).total_seconds()


async def send_after(clock: VirtualClock, turn: Turn, delay: float) -> None:
    """A transport that needs `delay` seconds (connect, busy loop) before the head goes
    out, reporting it as httpcore does."""
    await clock.sleep(delay)
    await turn.trace("http11.send_request_headers.started", {})
    await turn.trace("http11.send_request_headers.complete", {"return_value": None})


async def test_a_late_send_pushes_the_next_start_back() -> None:
    clock = VirtualClock()
    start = clock.now
    gate = gate_on(clock)
    entered: list[float] = []

    async def request(delay: float) -> None:
        async with gate.enter("a") as turn:
            entered.append(since(clock, start))
            await send_after(clock, turn, delay)
            await clock.sleep(10.0)  # the answer is slow: the cap allows two at once

    await asyncio.gather(request(3.0), request(0.0))
    # Reserved starts alone would let the second go at 5 s, 2 s after the first really
    # went out at 3 s; it goes 5 s after that send.
    assert entered == [0.0, pytest.approx(8.0)]


async def test_last_sent_is_the_real_send() -> None:
    clock = VirtualClock()
    start = clock.now
    gate = gate_on(clock)
    assert gate.last_sent("a") is None
    async with gate.enter("a") as turn:
        await send_after(clock, turn, 2.5)
        assert turn.sent_at == start + timedelta(seconds=2.5)
    assert gate.last_sent("a") == start + timedelta(seconds=2.5)
    assert gate.next_start("a") == pytest.approx((start + timedelta(seconds=7.5)).timestamp())
    assert gate.last_sent("b") is None


async def test_a_request_failing_before_its_send_frees_the_host() -> None:
    clock = VirtualClock()
    start = clock.now
    gate = gate_on(clock)
    entered: list[float] = []

    async def fails() -> None:
        async with gate.enter("a"):
            entered.append(since(clock, start))
            await clock.sleep(30.0)  # a connect that hangs, then fails
            raise ConnectionError

    async def unsent() -> None:
        with pytest.raises(ConnectionError):
            await fails()

    async def second() -> None:
        async with gate.enter("a") as turn:
            entered.append(since(clock, start))
            await send_after(clock, turn, 0.0)

    await asyncio.gather(unsent(), second())
    # The second waited for the first to end, not forever; with nothing sent, the gap
    # counts from the first's reserved start (long past by then).
    assert entered == [0.0, pytest.approx(30.0)]
    assert gate.last_sent("a") == start + timedelta(seconds=30.0)


async def test_a_head_cut_off_while_going_out_counts_as_sent_at_its_end() -> None:
    clock = VirtualClock()
    start = clock.now
    gate = gate_on(clock)

    async def cut_off() -> None:
        async with gate.enter("a") as turn:
            await clock.sleep(1.0)
            await turn.trace("http11.send_request_headers.started", {})
            await clock.sleep(2.0)  # part of it may be out: the server may have seen it
            raise ConnectionError

    with pytest.raises(ConnectionError):
        await cut_off()
    assert gate.last_sent("a") == start + timedelta(seconds=3.0)
    async with gate.enter("a"):
        assert since(clock, start) == pytest.approx(8.0)


async def test_a_turn_cancelled_before_its_start_frees_the_host(sim: SimClock) -> None:
    sleeping = asyncio.Event()

    async def stuck(seconds: float) -> None:  # every wait on the gate lasts until cancelled
        sleeping.set()
        await asyncio.Event().wait()

    gate = HostGate(per_host=2, min_gap=5.0, total=1, clock=sim, sleep=stuck)
    other = asyncio.Event()

    async def hold_the_global_slot() -> None:
        async with gate.enter("b"):
            await other.wait()

    async def request() -> None:
        async with gate.enter("a") as turn:
            await turn.trace("http11.send_request_headers.started", {})

    holder = asyncio.create_task(hold_the_global_slot())
    waiting = asyncio.create_task(request())
    await asyncio.sleep(0)
    gate.defer("a", 30.0)  # while it queues for the global slot: it will reserve 30 s on
    other.set()
    await asyncio.wait_for(sleeping.wait(), 30)  # took its turn, sleeping to its start
    waiting.cancel()
    await asyncio.gather(holder, waiting, return_exceptions=True)
    sim.now += timedelta(seconds=100)
    # The cancelled turn never went out; it must not hold the host.
    await asyncio.wait_for(request(), 30)
    assert gate.last_sent("a") == sim.now


class LateFirst(httpx.AsyncBaseTransport):
    """A real transport whose first request waits `delay` on the clock before it is
    handed on (a slow connect); it notes the clock at each send httpcore reports."""

    def __init__(self, clock: VirtualClock, delay: float) -> None:
        self._clock = clock
        self._delay = delay
        self._inner = httpx.AsyncHTTPTransport()
        self.sent: list[datetime] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        trace: Trace = request.extensions["trace"]

        async def noting(event: str, info: dict[str, Any]) -> None:
            if event == "http11.send_request_headers.started":
                self.sent.append(self._clock())
            await trace(event, info)

        request.extensions["trace"] = noting
        delay, self._delay = self._delay, 0.0
        await self._clock.sleep(delay)
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


async def test_fetcher_keeps_the_gap_from_real_sends(server: LoopbackServer) -> None:
    clock = VirtualClock()
    late = LateFirst(clock, delay=0.3)
    server.route("/p", Response.html("ok"))
    options = {"min_host_gap": 0.25, "per_host": 4, "clock": clock, "sleep": clock.sleep}
    async with quick(**options, transport=late) as fetcher:
        requests = [FetchRequest(server.url("/p"))] * 4
        outcomes = [result.outcome async for result in fetcher.fetch_many(requests)]
        last = fetcher.gate.last_sent(f"127.0.0.1:{server.port}")
    assert outcomes == [FetchOutcome.OK] * 4
    # Reserved starts would send at 0.25, 0.5 and 0.75 s beside the first's late 0.3 s.
    gaps = [(b - a).total_seconds() for a, b in pairwise(late.sent)]
    assert len(gaps) == 3
    assert all(gap >= 0.25 - 1e-6 for gap in gaps), gaps
    assert last == late.sent[-1]


async def test_the_default_transport_reports_its_sends(server: LoopbackServer) -> None:
    # Through the Fetcher's own per-host pools, not a test transport: the trace reaches
    # httpcore, so the gate learns each real send.
    server.route("/p", Response.html("ok"))
    async with quick(min_host_gap=0.01) as fetcher:
        before = datetime.now(UTC)
        result = await fetcher.fetch(FetchRequest(server.url("/p")))
        sent = fetcher.gate.last_sent(f"127.0.0.1:{server.port}")
    assert result.outcome is FetchOutcome.OK
    assert sent is not None
    assert before <= sent <= result.fetched_at

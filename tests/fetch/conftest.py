"""Fixtures for the fetcher tests: a loopback server, a simulated clock, a quick Fetcher."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from revtrack.fetch import Fetcher
from tests.loopback import LoopbackServer


class SimClock:
    """A clock that only moves when someone sleeps on it; records every sleep."""

    def __init__(self, start: datetime = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def __call__(self) -> datetime:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += timedelta(seconds=seconds)
        await asyncio.sleep(0)


class VirtualClock:
    """A clock that moves only by the waits on it, as real time would: concurrent sleeps
    overlap, each sleeper wakes when the clock reaches its own wake time (never earlier),
    and the clock never goes back. Sleepers are woken one at a time, earliest first, by a
    driver task that runs while anyone sleeps; no real time passes on it.
    """

    def __init__(self, start: datetime = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)) -> None:
        self.now = start
        self.sleeps: list[float] = []
        self._sleepers: list[tuple[datetime, int, asyncio.Future[None]]] = []
        self._count = itertools.count()
        self._driver: asyncio.Task[None] | None = None

    def __call__(self) -> datetime:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        wake = asyncio.get_running_loop().create_future()
        heapq.heappush(
            self._sleepers, (self.now + timedelta(seconds=seconds), next(self._count), wake)
        )
        if self._driver is None or self._driver.done():
            self._driver = asyncio.create_task(self._drive())
        try:
            await wake
        except asyncio.CancelledError:
            self._sleepers = [s for s in self._sleepers if s[2] is not wake]
            heapq.heapify(self._sleepers)
            raise

    async def _drive(self) -> None:
        while self._sleepers:
            for _ in range(3):  # let every runnable task run (and claim, and sleep) first
                await asyncio.sleep(0)
            if not self._sleepers:
                break
            at, _, wake = heapq.heappop(self._sleepers)
            self.now = max(self.now, at)
            if not wake.done():
                wake.set_result(None)


class Starts(httpx.AsyncBaseTransport):
    """A real transport that notes the injected clock's time as each request is sent."""

    def __init__(self, clock: Callable[[], datetime]) -> None:
        self._clock = clock
        self._inner = httpx.AsyncHTTPTransport()
        self.sent: list[tuple[str, str, datetime]] = []  # (host:port, path, clock time)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        where = f"{request.url.host}:{request.url.port}"
        self.sent.append((where, request.url.path, self._clock()))
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()

    def seconds(self, host: str, path: str | None = None) -> list[float]:
        """Clock seconds of the requests sent to ``host`` (``host:port``), in order."""
        return [
            at.timestamp()
            for sent_to, sent_path, at in self.sent
            if sent_to == host and path in (None, sent_path)
        ]


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as srv:
        yield srv


@pytest.fixture
def sim() -> SimClock:
    return SimClock()


def quick(**overrides: Any) -> Fetcher:
    """A Fetcher with test-sized limits: no host gap, no retries. The timeout is only a
    bound (a busy machine must not turn a loopback answer into a timeout); tests of
    timeouts set their own."""
    options: dict[str, Any] = {
        "min_host_gap": 0.0,
        "timeout": 30.0,
        "retries": 0,
        "backoff": 0.01,
    }
    options.update(overrides)
    return Fetcher(**options)

"""Fixtures for the fetcher tests: a loopback server, a simulated clock, a quick Fetcher."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

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


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as srv:
        yield srv


@pytest.fixture
def sim() -> SimClock:
    return SimClock()


def quick(**overrides: Any) -> Fetcher:
    """A Fetcher with test-sized limits: no host gap, short timeout, no retries."""
    options: dict[str, Any] = {
        "min_host_gap": 0.0,
        "timeout": 2.0,
        "retries": 0,
        "backoff": 0.01,
    }
    options.update(overrides)
    return Fetcher(**options)

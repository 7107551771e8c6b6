"""Retry-After parsing, back-off, and the HostGate driven by a simulated clock."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from revtrack.fetch.politeness import HostGate, host_key
from revtrack.fetch.retry import backoff_delay, parse_retry_after
from tests.fetch.conftest import SimClock

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120", 120.0),
        (" 0 ", 0.0),
        ("1.5", 1.5),
        ("Wed, 01 May 2024 12:00:30 GMT", 30.0),
        ("Wednesday, 01-May-24 12:01:00 GMT", 60.0),  # RFC 850, still allowed
        ("Wed May  1 12:00:10 2024", 10.0),  # asctime
        ("Wed, 01 May 2024 11:00:00 GMT", 0.0),  # in the past: now
        ("-5", None),
        ("nan", None),
        ("soon", None),
        ("", None),
        (None, None),
        ("Wed, 99 May 2024 12:00:30 GMT", None),
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, NOW) == expected


def test_parse_retry_after_uses_the_given_now() -> None:
    date = format_datetime(NOW + timedelta(seconds=45), usegmt=True)
    assert parse_retry_after(date, NOW) == 45.0
    assert parse_retry_after(date, NOW + timedelta(seconds=40)) == 5.0


def test_backoff_grows_exponentially_with_bounded_jitter() -> None:
    rng = random.Random(7)
    for attempt, base in ((1, 0.5), (2, 1.0), (3, 2.0)):
        delays = [backoff_delay(attempt, 0.5, rng) for _ in range(200)]
        assert all(base <= d <= base * 1.5 for d in delays)
        assert max(delays) - min(delays) > base * 0.3  # really jittered


def test_host_key_shares_default_ports() -> None:
    assert host_key(httpx.URL("https://Example.com/a")) == "example.com"
    assert host_key(httpx.URL("http://example.com:80/b")) == "example.com"
    assert host_key(httpx.URL("http://127.0.0.1:8080/")) == "127.0.0.1:8080"


async def test_gate_spaces_starts_on_one_host(sim: SimClock) -> None:
    gate = HostGate(per_host=2, min_gap=5.0, total=4, clock=sim, sleep=sim.sleep)
    starts = []
    for _ in range(3):
        async with gate.enter("a"):
            starts.append(sim.now)
    assert [(s - starts[0]).total_seconds() for s in starts] == [0.0, 5.0, 10.0]


async def test_gate_does_not_space_different_hosts(sim: SimClock) -> None:
    gate = HostGate(per_host=1, min_gap=5.0, total=4, clock=sim, sleep=sim.sleep)
    async with gate.enter("a"):
        pass
    async with gate.enter("b"):
        pass
    assert sim.sleeps == []


async def test_defer_holds_the_host_back(sim: SimClock) -> None:
    gate = HostGate(per_host=1, min_gap=1.0, total=4, clock=sim, sleep=sim.sleep)
    gate.defer("a", 30.0)
    async with gate.enter("a"):
        pass
    assert sim.sleeps == [pytest.approx(30.0)]


async def test_waits_are_capped(sim: SimClock) -> None:
    gate = HostGate(per_host=1, min_gap=0.0, total=1, max_wait=10.0, clock=sim, sleep=sim.sleep)
    gate.defer("a", 3600.0)  # e.g. the wall clock stepped back an hour
    async with gate.enter("a"):
        pass
    assert sim.sleeps == [10.0]


async def test_gate_caps_concurrency_per_host_and_in_total() -> None:
    gate = HostGate(per_host=2, min_gap=0.0, total=3)
    active: dict[str, int] = {"a": 0, "b": 0, "all": 0}
    peak: dict[str, int] = {"a": 0, "b": 0, "all": 0}

    async def use(host: str) -> None:
        async with gate.enter(host) as turn:
            turn.sent()  # as the transport reports it: the host's next may go
            turn.release()
            for key in (host, "all"):
                active[key] += 1
                peak[key] = max(peak[key], active[key])
            await asyncio.sleep(0.01)
            for key in (host, "all"):
                active[key] -= 1

    await asyncio.gather(*(use(h) for h in "aaaaabbbbb"))
    assert peak == {"a": 2, "b": 2, "all": 3}


def test_gate_rejects_zero_slots() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        HostGate(per_host=0)

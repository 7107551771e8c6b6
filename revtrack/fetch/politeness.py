"""Politeness: a global concurrency limit, and per host a cap and a gap between starts."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime

import httpx

from revtrack.clock import utcnow

# Idle host entries are dropped once there are this many, so a long watch run over
# thousands of sites keeps a small table.
_PRUNE_AT = 4096


def host_key(url: httpx.URL) -> str:
    """The host politeness is counted for; http and https of one host share it."""
    return f"{url.host}:{url.port}" if url.port is not None else url.host


@dataclass(slots=True)
class _Host:
    slots: asyncio.Semaphore
    next_start: float = 0.0  # clock seconds; no request may start before
    users: int = 0  # tasks inside or waiting in enter()


@dataclass(slots=True, kw_only=True)
class HostGate:
    """Decides when a request to a host may start.

    `enter(host)` waits for a per-host slot (at most `per_host` requests in flight to a
    host), then for the host's gap (`min_gap` seconds between request starts, or later
    when `defer` pushed it), then for one of `total` global slots. The gap is waited out
    before a global slot is taken, so a slow or throttled host does not hold global
    slots while it sleeps.

    Time comes from `clock` and waits go through `sleep`, so a simulated clock drives
    the whole gate. Each wait is capped at `max_wait` so a wall clock stepping back
    cannot stall a host for the size of the step.
    """

    per_host: int = 2
    min_gap: float = 1.0
    total: int = 16
    max_wait: float = 3600.0
    clock: Callable[[], datetime] = utcnow
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    _hosts: dict[str, _Host] = field(default_factory=dict, init=False, repr=False)
    _total: asyncio.Semaphore = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.per_host < 1 or self.total < 1:
            raise ValueError("per_host and total must be at least 1")
        self._total = asyncio.Semaphore(self.total)

    def _now(self) -> float:
        return self.clock().timestamp()

    def _host(self, host: str) -> _Host:
        state = self._hosts.get(host)
        if state is None:
            if len(self._hosts) >= _PRUNE_AT:
                self._prune()
            state = self._hosts[host] = _Host(asyncio.Semaphore(self.per_host))
        return state

    def _prune(self) -> None:
        now = self._now()
        idle = [k for k, s in self._hosts.items() if s.users == 0 and s.next_start <= now]
        for key in idle:
            del self._hosts[key]

    async def _wait(self, delay: float) -> None:
        if delay > 0:
            await self.sleep(min(delay, self.max_wait))

    def defer(self, host: str, delay: float) -> None:
        """Start nothing on `host` for `delay` seconds (e.g. its Retry-After)."""
        state = self._host(host)
        state.next_start = max(state.next_start, self._now() + delay)

    def started_at(self, host: str, when: datetime) -> None:
        """A request to `host` started at `when` elsewhere (another worker's, before this
        one took the host over): the next starts no earlier than `min_gap` after it."""
        state = self._host(host)
        state.next_start = max(state.next_start, when.timestamp() + self.min_gap)

    def next_start(self, host: str) -> float:
        """Clock seconds before which no request to `host` starts (0 if unknown)."""
        state = self._hosts.get(host)
        return state.next_start if state is not None else 0.0

    @asynccontextmanager
    async def enter(self, host: str) -> AsyncIterator[None]:
        """Hold a turn on `host`: the body is one request, started no earlier than allowed."""
        state = self._host(host)
        state.users += 1
        try:
            async with state.slots:
                await self._wait(state.next_start - self._now())
                self._forget_clock_step(state)
                async with self._total:
                    await self._claim(state)
                    yield
        finally:
            state.users -= 1

    def _forget_clock_step(self, state: _Host) -> None:
        # Still more than max_wait to go after waiting max_wait: no gap or Retry-After
        # we set can be that long, so the clock moved back; start afresh from now.
        if state.next_start - self._now() > self.max_wait:
            state.next_start = self._now()

    async def _claim(self, state: _Host) -> None:
        # Reserve the start before sleeping, with no await in between, so two requests
        # to one host can never claim starts closer than min_gap. The sleep is non-zero
        # only if another request claimed (or defer pushed) while we queued for a slot.
        now = self._now()
        start = max(now, state.next_start)
        state.next_start = start + self.min_gap
        await self._wait(start - now)

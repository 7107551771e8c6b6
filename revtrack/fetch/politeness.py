"""Politeness: a global concurrency limit, and per host a cap and a gap between sends."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime

import httpx

from revtrack.clock import utcnow

# Idle host entries are dropped once there are this many, so a long watch run over
# thousands of sites keeps a small table.
_PRUNE_AT = 4096

# httpcore's trace events (the request extension "trace") around writing the request
# head; the prefix is the protocol's logger name. Once "complete" (or "failed", part of
# it may be out) fires, the head has been handed to the kernel: the server may see it.
_PROTOCOLS = ("http11", "http2")
_HEAD_STARTED = frozenset(f"{p}.send_request_headers.started" for p in _PROTOCOLS)
_HEAD_OUT = frozenset(
    f"{p}.send_request_headers.{end}" for p in _PROTOCOLS for end in ("complete", "failed")
)


def host_key(url: httpx.URL) -> str:
    """The host politeness is counted for; http and https of one host share it."""
    return f"{url.host}:{url.port}" if url.port is not None else url.host


@dataclass(slots=True)
class _Host:
    slots: asyncio.Semaphore
    next_start: float = 0.0  # clock seconds; no request may start before
    users: int = 0  # tasks inside or waiting in enter()
    last_sent: datetime | None = None  # when the latest request really went out
    # Set once the latest request let through has been sent, or ended unsent; until
    # then its send time, which the gap counts from, is unknown.
    sending: asyncio.Event | None = None


class Turn:
    """One request's pass through the gate, told by the transport when it is really sent.

    The request goes out some time after the gate lets it through (connection set-up, a
    busy event loop), and the host's gap counts from that send. Pass `trace` as the
    request's httpcore "trace" extension. A transport that reports nothing (a mock, say)
    leaves the start the gate reserved as the gap's origin.
    """

    __slots__ = ("_gate", "_host", "_over", "_writing", "sent_at")

    def __init__(self, gate: HostGate, host: _Host) -> None:
        self._gate = gate
        self._host = host
        self._over = asyncio.Event()
        self._writing = False  # the request head began to go out
        self.sent_at: datetime | None = None  # clock time the request head was out
        host.sending = self._over

    def sent(self) -> None:
        """The request is out now: the next one waits the gap from here."""
        if self.sent_at is not None:
            return
        # Read after the write, not before it: a process descheduled between the two
        # would otherwise date the send too early, and the next one would come too soon.
        self.sent_at = now = self._gate.clock()
        self._host.last_sent = now
        self._host.next_start = max(self._host.next_start, now.timestamp() + self._gate.min_gap)

    def release(self) -> None:
        """Sent, or never will be: the host's next request may go once its gap is over."""
        self._over.set()

    def close(self) -> None:
        """The request is over. A head that began to go out counts as sent by now."""
        if self._writing:
            self.sent()
        self.release()

    async def trace(self, event: str, info: Mapping[str, object]) -> None:
        """httpcore trace callback (it must be async for an async client)."""
        if event in _HEAD_STARTED:
            self._writing = True
        elif event in _HEAD_OUT:
            self.sent()
            self.release()


@dataclass(slots=True, kw_only=True)
class HostGate:
    """Decides when a request to a host may start.

    `enter(host)` waits for a per-host slot (at most `per_host` requests in flight to a
    host), then until the host's last request has really been sent (or ended unsent),
    then for the host's gap (`min_gap` seconds after that send, or later when `defer`
    pushed it), then for one of `total` global slots. The gap is waited out before a
    global slot is taken, so a slow or throttled host does not hold global slots while
    it sleeps. The body gets a `Turn`, whose `trace` reports the real send.

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
        # A host with no users has no turn open, and past its next start its last send
        # no longer holds anything back.
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

    def last_sent(self, host: str) -> datetime | None:
        """When the latest request to `host` really went out (None if none has here, or
        the host's entry was pruned once its gap was long over)."""
        state = self._hosts.get(host)
        return state.last_sent if state is not None else None

    @asynccontextmanager
    async def enter(self, host: str) -> AsyncIterator[Turn]:
        """Hold a turn on `host`: the body is one request, started no earlier than allowed."""
        state = self._host(host)
        state.users += 1
        try:
            async with state.slots:
                await _sent_or_over(state)
                await self._wait(state.next_start - self._now())
                self._forget_clock_step(state)
                async with self._total:
                    turn = await self._claim(state)
                    try:
                        yield turn
                    finally:
                        turn.close()
        finally:
            state.users -= 1

    def _forget_clock_step(self, state: _Host) -> None:
        # Still more than max_wait to go after waiting max_wait: no gap or Retry-After
        # we set can be that long, so the clock moved back; start afresh from now.
        if state.next_start - self._now() > self.max_wait:
            state.next_start = self._now()

    async def _claim(self, state: _Host) -> Turn:
        # Another request may have taken the host's turn while we queued for a global
        # slot; then its send comes first (rarely a wait, and a short one).
        await _sent_or_over(state)
        # Reserve the start before sleeping, with no await in between, so two requests
        # to one host can never claim starts closer than min_gap. The sleep is non-zero
        # only if another request claimed (or defer pushed) while we queued for a slot.
        # The real send moves next_start on from the reservation (Turn.sent).
        now = self._now()
        start = max(now, state.next_start)
        state.next_start = start + self.min_gap
        turn = Turn(self, state)
        try:
            await self._wait(start - now)
        except BaseException:
            turn.release()  # cancelled before going out: the host must not wait on it
            raise
        return turn


async def _sent_or_over(state: _Host) -> None:
    """Wait until the request the gate last let through to the host has been sent (its
    send time is known then) or ended without sending."""
    # A loop: another waiter may take the next turn between the wake-up and our check.
    while state.sending is not None and not state.sending.is_set():
        await state.sending.wait()

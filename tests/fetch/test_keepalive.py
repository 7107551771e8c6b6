"""Connections are kept alive across a host's requests, also with more hosts than the
global limit, and idle ones are closed after a bounded time."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

import pytest

from revtrack.fetch import FetchOutcome, FetchRequest
from revtrack.fetch.client import pool_limits
from tests.fetch.conftest import quick

_BODY = b"<html><body><p>ok</p></body></html>"


class Counting:
    """A keep-alive HTTP/1.1 server on loopback that counts the connections it accepts."""

    def __init__(self) -> None:
        self.connections = 0
        self.requests = 0
        self.port = 0

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while True:
                await reader.readuntil(b"\r\n\r\n")  # a GET has no body
                self.requests += 1
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                    + f"Content-Length: {len(_BODY)}\r\n\r\n".encode()
                    + _BODY
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass  # the client closed the connection
        finally:
            writer.close()

    @asynccontextmanager
    async def running(self) -> AsyncIterator[Counting]:
        server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = server.sockets[0].getsockname()[1]
        try:
            yield self
        finally:
            server.close()
            # The Fetcher closed its connections already; wait_closed waits for them.
            await asyncio.wait_for(server.wait_closed(), 30)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@asynccontextmanager
async def servers(count: int) -> AsyncIterator[list[Counting]]:
    async with AsyncExitStack() as stack:
        yield [await stack.enter_async_context(Counting().running()) for _ in range(count)]


async def fetch_in_turn(urls: list[str], **options: object) -> list[FetchOutcome]:
    """One request after another, as a host's stories come due one by one."""
    async with quick(**options) as fetcher:
        return [(await fetcher.fetch(FetchRequest(url))).outcome for url in urls]


async def test_one_connection_for_a_hosts_requests_in_turn() -> None:
    async with servers(1) as (one,):
        outcomes = await fetch_in_turn([one.url(f"/s{n}") for n in range(8)], per_host=2)
    assert outcomes == [FetchOutcome.OK] * 8
    assert (one.requests, one.connections) == (8, 1)


async def test_connections_kept_for_more_hosts_than_the_global_limit() -> None:
    # The pool used to be as big as the limit on requests in flight: with more hosts in
    # use than that, each request closed another host's idle connection to open its own.
    async with servers(6) as hosts:
        urls = [host.url(f"/s{n}") for n in range(3) for host in hosts]
        outcomes = await fetch_in_turn(urls, per_host=2, max_connections=2)
    assert outcomes == [FetchOutcome.OK] * 18
    assert [(h.requests, h.connections) for h in hosts] == [(3, 1)] * 6


@pytest.mark.parametrize(
    ("per_host", "gap", "expiry"), [(2, 0.2, 5.4), (2, 1.0, 7.0), (1, 0.0, 5.0), (4, 30.0, 60.0)]
)
def test_idle_connections_outlive_the_gap_cycle_within_a_bound(
    per_host: int, gap: float, expiry: float
) -> None:
    limits = pool_limits(16, per_host, gap)
    assert limits.keepalive_expiry == pytest.approx(expiry)
    # Room for the requests in flight beside the idle connections of many hosts.
    assert limits.max_connections == limits.max_keepalive_connections
    assert limits.max_connections is not None
    assert limits.max_connections > 16 + per_host * 50

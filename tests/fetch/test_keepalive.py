"""Connections are kept alive across a host's requests, also with more hosts than the
global limit, each host in a pool of its own; idle ones are closed after a bounded time,
and proxies named in the environment are still used."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

import httpx
import pytest

from revtrack.fetch import FetchOutcome, FetchRequest
from revtrack.fetch.client import keepalive_seconds
from revtrack.fetch.pools import HostPools, environment_proxy
from tests.fetch.conftest import quick

_BODY = b"<html><body><p>ok</p></body></html>"


class Counting:
    """A keep-alive HTTP/1.1 server on loopback that counts the connections it accepts."""

    def __init__(self) -> None:
        self.connections = 0
        self.closed = 0  # connections ended (by the client)
        self.requests = 0
        self.targets: list[bytes] = []  # request targets as received
        self.port = 0
        self.ended = asyncio.Event()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")  # a GET has no body
                self.requests += 1
                self.targets.append(head.split(b" ", 2)[1])
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
            self.closed += 1
            self.ended.set()

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
    ("per_host", "gap", "seconds"), [(2, 0.2, 5.4), (2, 1.0, 7.0), (1, 0.0, 5.0), (4, 30.0, 60.0)]
)
def test_idle_connections_outlive_the_gap_cycle_within_a_bound(
    per_host: int, gap: float, seconds: float
) -> None:
    assert keepalive_seconds(per_host, gap) == pytest.approx(seconds)


class Ticks:
    """A monotonic clock moved by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@asynccontextmanager
async def pools_client(ticks: Ticks) -> AsyncIterator[tuple[HostPools, httpx.AsyncClient]]:
    pools = HostPools(per_host=2, idle=5.0, verify=ssl.create_default_context(), clock=ticks)
    async with httpx.AsyncClient(transport=pools) as client:
        yield pools, client


async def test_an_origin_unused_for_the_idle_time_is_closed() -> None:
    ticks = Ticks()
    async with servers(2) as (one, two), pools_client(ticks) as (pools, client):
        assert (await client.get(one.url("/a"))).status_code == 200
        ticks.now = 4.0
        assert (await client.get(two.url("/b"))).status_code == 200
        assert (len(pools), one.closed) == (2, 0)  # not idle long enough yet
        ticks.now = 8.0  # the first idle for 8 s, the second for 4 s
        assert (await client.get(two.url("/c"))).status_code == 200
        await asyncio.wait_for(one.ended.wait(), 30)
        assert (len(pools), one.closed, two.closed) == (1, 1, 0)
        assert (one.connections, two.connections) == (1, 1)


async def test_an_origin_with_a_response_open_is_not_closed() -> None:
    ticks = Ticks()
    async with servers(2) as (one, two), pools_client(ticks) as (pools, client):
        request = client.build_request("GET", one.url("/a"))
        response = await client.send(request, stream=True)
        ticks.now = 60.0
        await client.get(two.url("/b"))
        assert len(pools) == 2
        assert await response.aread() == _BODY
        await response.aclose()
        ticks.now = 120.0  # now idle since its response closed at 60 s
        await client.get(two.url("/c"))
        assert len(pools) == 1


async def test_a_proxy_named_in_the_environment_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    async with servers(1) as (proxy,):
        monkeypatch.setenv("http_proxy", proxy.url(""))
        async with pools_client(Ticks()) as (_, client):
            response = await client.get("http://news.example/story")
    assert response.status_code == 200
    assert proxy.targets == [b"http://news.example/story"]


def test_no_proxy_goes_direct(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.setenv("no_proxy", "direct.example")
    proxies = {"http": "http://127.0.0.1:3128", "all": "http://127.0.0.1:1080"}
    assert environment_proxy(httpx.URL("http://direct.example/a"), proxies) is None
    assert environment_proxy(httpx.URL("http://news.example/a"), proxies) == proxies["http"]
    assert environment_proxy(httpx.URL("https://news.example/a"), proxies) == proxies["all"]

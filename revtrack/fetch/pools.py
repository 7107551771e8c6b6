"""Connection pools per origin, so a request looks only at its own host's connections."""

from __future__ import annotations

import ssl
import time
import urllib.request
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass

import httpx

# How often (seconds) the pools are looked over for ones unused for too long.
_SWEEP_EVERY = 1.0


def environment_proxy(url: httpx.URL, proxies: Mapping[str, str]) -> str | None:
    """The proxy the environment names for `url` (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY,
    NO_PROXY), as httpx's own transport would use it; None to go direct."""
    if url.host and urllib.request.proxy_bypass(url.host):  # NO_PROXY
        return None
    return proxies.get(url.scheme) or proxies.get("all") or None


@dataclass(slots=True)
class _Pool:
    transport: httpx.AsyncHTTPTransport
    used: float  # clock seconds of the last request's start or end
    active: int = 0  # requests whose response is not closed yet


class _Counted(httpx.AsyncByteStream):
    """A response body that tells its pool when the response is closed."""

    def __init__(self, stream: httpx.AsyncByteStream, pool: _Pool, clock: Callable[[], float]):
        self._stream = stream
        self._pool = pool
        self._clock = clock
        self._open = True

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        if self._open:
            self._open = False
            self._pool.active -= 1
            self._pool.used = self._clock()
        await self._stream.aclose()


class HostPools(httpx.AsyncBaseTransport):
    """An httpx transport with one small connection pool per origin (scheme, host, port).

    httpcore's pool looks over all its connections, with a readiness check (a system
    call) for each idle one, at every request's start and end: one pool keeping the
    connections of 50 hosts cost more CPU per request than the TCP connects it saved.
    Here each origin keeps at most `per_host` idle connections, and an origin unused
    for `idle` seconds is closed whole (looked for as requests come, so a quiet run
    holds its last sockets until its next request or its close).
    """

    def __init__(
        self,
        *,
        per_host: int,
        idle: float,
        verify: ssl.SSLContext,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._limits = httpx.Limits(
            max_connections=None, max_keepalive_connections=per_host, keepalive_expiry=idle
        )
        self._idle = idle
        self._verify = verify
        self._clock = clock
        self._proxies = urllib.request.getproxies()
        self._pools: dict[tuple[bytes, str, int | None], _Pool] = {}
        self._next_sweep = 0.0

    def __len__(self) -> int:
        """Origins with a pool open."""
        return len(self._pools)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await self._sweep()
        pool = self._pool(request.url)
        pool.active += 1
        pool.used = self._clock()
        try:
            response = await pool.transport.handle_async_request(request)
        except BaseException:
            pool.active -= 1
            raise
        assert isinstance(response.stream, httpx.AsyncByteStream)
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            stream=_Counted(response.stream, pool, self._clock),
            extensions=response.extensions,
        )

    def _pool(self, url: httpx.URL) -> _Pool:
        key = (url.raw_scheme, url.host, url.port)
        pool = self._pools.get(key)
        if pool is None:
            transport = httpx.AsyncHTTPTransport(
                verify=self._verify,
                limits=self._limits,
                proxy=environment_proxy(url, self._proxies),
            )
            pool = self._pools[key] = _Pool(transport, self._clock())
        return pool

    async def _sweep(self) -> None:
        # Close the pools of origins unused for `idle` seconds: their connections would
        # otherwise stay open until that origin's next request, maybe never.
        now = self._clock()
        if now < self._next_sweep:
            return
        self._next_sweep = now + _SWEEP_EVERY
        stale = [
            key
            for key, pool in self._pools.items()
            if pool.active == 0 and now - pool.used > self._idle
        ]
        for key in stale:
            await self._pools.pop(key).transport.aclose()

    async def aclose(self) -> None:
        pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            await pool.transport.aclose()

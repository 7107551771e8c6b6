"""The fetcher: polite, conditional, bounded GETs that report failures instead of raising."""

from __future__ import annotations

import asyncio
import dataclasses
import ssl
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterable
from datetime import datetime
from functools import cache
from types import TracebackType
from typing import Self

import httpx

from revtrack import __version__
from revtrack.clock import utcnow
from revtrack.fetch.charset import decode_body
from revtrack.fetch.errors import FetchFailure, one_line
from revtrack.fetch.exchange import Exchange, Limits, Reply, conditional_headers
from revtrack.fetch.politeness import HostGate, host_key
from revtrack.fetch.pools import HostPools
from revtrack.fetch.result import FetchOutcome, FetchRequest, FetchResult
from revtrack.fetch.retry import THROTTLE_STATUSES, backoff_delay, parse_retry_after

DEFAULT_USER_AGENT = f"revtrack/{__version__} (news revision tracker)"
_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
# Only what body.py can inflate with a bounded output; brotli and zstd cannot be capped
# the same way with the standard library.
_ACCEPT_ENCODING = "gzip, deflate"
_DECODE_INLINE = 512 * 1024  # bytes; bigger bodies are decoded in a worker thread
# An idle connection outlives its host's gap cycle by this much (seconds), and never
# lives longer than _MAX_IDLE; most servers drop idle ones after 5 to 75 s anyway.
_IDLE_SLACK = 5.0
_MAX_IDLE = 60.0


@cache
def _tls_context() -> ssl.SSLContext:
    # Loading the CA bundle takes ~50 ms; every Fetcher of the process can share it.
    return httpx.create_ssl_context()


def keepalive_seconds(per_host: int, min_host_gap: float) -> float:
    """How long an idle connection to a host stays open: past the host's gap cycle
    (`per_host` starts `min_host_gap` apart), so it is there for the host's next request
    while the host is being fetched, and not much longer."""
    return min(per_host * min_host_gap + _IDLE_SLACK, _MAX_IDLE)


def _attempts(n: int) -> str:
    return f"{n} attempt" if n == 1 else f"{n} attempts"


def _raw_header(headers: httpx.Headers, name: bytes) -> str | None:
    # Latin-1 maps bytes to str one to one, so a validator goes back byte for byte.
    for key, value in headers.raw:
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def _front_page(asked: str, reply: Reply) -> bool:
    """An article that redirects to a site's front page has been taken down."""
    if not reply.redirects or reply.final_url.query:
        return False
    return reply.final_url.path in ("", "/") and httpx.URL(asked).path not in ("", "/")


class Fetcher:
    """Fetches pages over one httpx.AsyncClient; use as `async with Fetcher() as f:`.

    `fetch` never raises for anything a server or URL can do: every failure is a
    FetchResult with outcome ERROR and a one-line `error`. `timeout` is the limit for
    each of connect, read, write and pool waits, and also the overall deadline of
    each hop (request to end of body), so a server dripping bytes cannot hold a fetch.
    Waits for politeness, back-off and Retry-After go through `clock` and `sleep`.
    """

    def __init__(
        self,
        *,
        user_agent: str | None = None,
        max_connections: int = 16,
        per_host: int = 2,
        min_host_gap: float = 1.0,
        timeout: float = 20.0,
        max_body: int = 15 * 2**20,
        max_redirects: int = 10,
        retries: int = 2,
        backoff: float = 0.5,
        max_retry_after: float = 60.0,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], datetime] = utcnow,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if timeout <= 0 or max_body < 0 or max_redirects < 0 or retries < 0:
            raise ValueError("timeout must be positive; limits and retries not negative")
        self._user_agent = user_agent or DEFAULT_USER_AGENT
        self._keepalive = (per_host, keepalive_seconds(per_host, min_host_gap))
        self._timeout = timeout
        self._limits = Limits(timeout=timeout, max_body=max_body, max_redirects=max_redirects)
        self._retries = retries
        self._backoff = backoff
        self._max_retry_after = max_retry_after
        self._transport = transport
        self._clock = clock
        self._sleep = sleep
        self._gate = HostGate(
            per_host=per_host,
            min_gap=min_host_gap,
            total=max_connections,
            max_wait=max_retry_after + per_host * min_host_gap + 1.0,
            clock=clock,
            sleep=sleep,
        )
        self._client: httpx.AsyncClient | None = None
        self._exchange: Exchange | None = None

    @property
    def gate(self) -> HostGate:
        return self._gate

    async def __aenter__(self) -> Self:
        if self._client is not None:
            raise RuntimeError("Fetcher is already open")
        self._client = httpx.AsyncClient(
            headers={
                "User-Agent": self._user_agent,
                "Accept": _ACCEPT,
                "Accept-Encoding": _ACCEPT_ENCODING,
            },
            timeout=httpx.Timeout(
                connect=min(self._timeout, 10.0),
                read=self._timeout,
                write=self._timeout,
                pool=self._timeout,
            ),
            follow_redirects=False,
            transport=self._transport or self._pools(),
        )
        self._exchange = Exchange(self._client, self._gate, self._limits)
        return self

    def _pools(self) -> HostPools:
        # A pool per host: connections are reused from one request to a host's next, and
        # a request never looks over other hosts' connections (see HostPools).
        per_host, idle = self._keepalive
        return HostPools(per_host=per_host, idle=idle, verify=_tls_context())

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        client, self._client, self._exchange = self._client, None, None
        if client is not None:
            await client.aclose()

    async def fetch_many(
        self, requests: Iterable[FetchRequest]
    ) -> AsyncGenerator[FetchResult, None]:
        """Fetch all at once (within the limits); results come in completion order."""
        tasks = [asyncio.create_task(self.fetch(request)) for request in requests]
        try:
            for done in asyncio.as_completed(tasks):
                yield await done
        finally:
            # The consumer may stop early: leave no task running behind it.
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def fetch(self, request: FetchRequest) -> FetchResult:
        if self._exchange is None:
            raise RuntimeError("use the Fetcher inside 'async with'")
        started = time.monotonic()
        try:
            return await self._run(self._exchange, request, started)
        except Exception as exc:  # a bug of ours must still yield a result for the log
            return self._error(request, f"internal error: {type(exc).__name__}: {exc}", started, 1)

    async def _run(self, exchange: Exchange, request: FetchRequest, started: float) -> FetchResult:
        attempt = 0
        while True:
            attempt += 1
            try:
                reply = await exchange.attempt(request)
            except FetchFailure as failure:
                if failure.retryable and attempt <= self._retries:
                    await self._sleep(backoff_delay(attempt, self._backoff))
                    continue
                return self._failed(request, failure, started, attempt)
            wait = self._retry_after(reply)
            if wait is not None:
                if wait <= self._max_retry_after and attempt <= self._retries:
                    # The gate holds the whole host back; no back-off on top of that.
                    self._gate.defer(host_key(reply.final_url), wait)
                    continue
                return self._throttled(request, reply, started, attempt, wait)
            if reply.status >= 500 and attempt <= self._retries:
                await self._sleep(backoff_delay(attempt, self._backoff))
                continue
            return await self._finish(request, reply, started, attempt)

    def _retry_after(self, reply: Reply) -> float | None:
        if reply.status not in THROTTLE_STATUSES:
            return None
        return parse_retry_after(reply.headers.get("retry-after"), self._clock())

    def _throttled(
        self, request: FetchRequest, reply: Reply, started: float, attempt: int, wait: float
    ) -> FetchResult:
        """Give up on a throttled URL, telling the scheduler when to come back."""
        if wait > self._max_retry_after:
            error = f"HTTP {reply.status}, retry after {wait:g} s"
        else:
            error = f"HTTP {reply.status} after {_attempts(attempt)}"
        result = self._error(request, error, started, attempt, reply)
        return dataclasses.replace(result, retry_after=wait)

    async def _finish(
        self, request: FetchRequest, reply: Reply, started: float, attempts: int
    ) -> FetchResult:
        status = reply.status
        if 200 <= status < 300:
            return await self._success(request, reply, started, attempts)
        if status == 304:
            return self._not_modified(request, reply, started, attempts)
        if status in (404, 410):
            gone = self._result(request, FetchOutcome.GONE, started, attempts, reply)
            return dataclasses.replace(gone, error=f"HTTP {status}")
        if status >= 500:
            error = f"HTTP {status} after {_attempts(attempts)}"
        elif 300 <= status < 400 and "location" not in reply.headers:
            error = f"HTTP {status} without Location"
        else:
            error = f"HTTP {status}"
        return self._error(request, error, started, attempts, reply)

    async def _success(
        self, request: FetchRequest, reply: Reply, started: float, attempts: int
    ) -> FetchResult:
        content_type = reply.headers.get("content-type")
        if len(reply.body) > _DECODE_INLINE:
            # Charset detection on a big page takes a tenth of a second or more: keep the
            # event loop, and the other downloads, running meanwhile.
            text, charset = await asyncio.to_thread(decode_body, reply.body, content_type)
        else:
            text, charset = decode_body(reply.body, content_type)
        outcome = FetchOutcome.OK
        error = ""
        if _front_page(request.url, reply):
            outcome, error = FetchOutcome.GONE, f"redirected to front page {reply.final_url}"
        return dataclasses.replace(
            self._result(request, outcome, started, attempts, reply),
            body=reply.body,
            text=text,
            charset=charset,
            etag=_raw_header(reply.headers, b"etag"),
            last_modified=_raw_header(reply.headers, b"last-modified"),
            error=error,
        )

    def _not_modified(
        self, request: FetchRequest, reply: Reply, started: float, attempts: int
    ) -> FetchResult:
        if not conditional_headers(request):
            return self._error(
                request, "HTTP 304 to an unconditional request", started, attempts, reply
            )
        # A 304 may omit validators; the ones we sent are still the current ones then.
        return dataclasses.replace(
            self._result(request, FetchOutcome.NOT_MODIFIED, started, attempts, reply),
            etag=_raw_header(reply.headers, b"etag") or request.etag,
            last_modified=_raw_header(reply.headers, b"last-modified") or request.last_modified,
        )

    def _failed(
        self, request: FetchRequest, failure: FetchFailure, started: float, attempts: int
    ) -> FetchResult:
        suffix = f" ({_attempts(attempts)})" if attempts > 1 else ""
        result = self._error(request, failure.message + suffix, started, attempts)
        return dataclasses.replace(result, final_url=failure.url, status=failure.status)

    def _error(
        self,
        request: FetchRequest,
        error: str,
        started: float,
        attempts: int,
        reply: Reply | None = None,
    ) -> FetchResult:
        result = self._result(request, FetchOutcome.ERROR, started, attempts, reply)
        return dataclasses.replace(result, error=one_line(error))

    def _result(
        self,
        request: FetchRequest,
        outcome: FetchOutcome,
        started: float,
        attempts: int,
        reply: Reply | None,
    ) -> FetchResult:
        return FetchResult(
            url=request.url,
            outcome=outcome,
            fetched_at=self._clock(),
            final_url=str(reply.final_url) if reply else "",
            status=reply.status if reply else None,
            redirects=reply.redirects if reply else (),
            content_type=reply.headers.get("content-type") if reply else None,
            elapsed_ms=round((time.monotonic() - started) * 1000),
            attempts=attempts,
            http_version=reply.http_version if reply else "",
            reason=reply.reason if reply else "",
            headers=tuple(reply.headers.raw) if reply else (),
        )

"""A polite client of a public archive: one request at a time, a gap between requests,
``Retry-After`` honoured on 429/503, a bounded number of retries (the fetcher's own)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from types import TracebackType
from typing import Self

import httpx

from revtrack.backfill.captures import ArchivedCapture, BackfillError
from revtrack.backfill.cdx import cdx_query, parse_cdx
from revtrack.backfill.timemap import parse_timemap
from revtrack.clock import utcnow
from revtrack.fetch import Fetcher, FetchOutcome, FetchRequest, FetchResult

DEFAULT_GAP = 1.0  # seconds between two requests to the archive
DEFAULT_RETRIES = 3  # extra attempts on 429/503 (after Retry-After), 5xx and network errors
MAX_RETRY_AFTER = 300.0  # a longer Retry-After stops the backfill instead of waiting


class ArchiveClient:
    """Lists and fetches captures; use as ``async with ArchiveClient(...) as client:``."""

    def __init__(
        self,
        *,
        gap: float = DEFAULT_GAP,
        retries: int = DEFAULT_RETRIES,
        timeout: float = 60.0,
        max_body: int = 15 * 2**20,
        user_agent: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], datetime] = utcnow,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.fetcher = Fetcher(
            user_agent=user_agent, max_connections=1, per_host=1, min_host_gap=gap,
            timeout=timeout, max_body=max_body, retries=retries, backoff=max(gap, 0.5),
            max_retry_after=MAX_RETRY_AFTER, transport=transport, clock=clock, sleep=sleep,
        )  # fmt: skip

    async def __aenter__(self) -> Self:
        await self.fetcher.__aenter__()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.fetcher.__aexit__(exc_type, exc, traceback)

    async def _list(self, url: str, what: str) -> str:
        result = await self.fetcher.fetch(FetchRequest(url))
        if result.outcome is FetchOutcome.OK:
            return result.text
        if result.status in (404, 410):
            raise BackfillError(f"{what} not found (HTTP {result.status} from {url})")
        raise BackfillError(f"archive unreachable: {result.error or result.status} ({url})")

    async def list_cdx(
        self,
        base: str,
        url: str,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
    ) -> list[ArchivedCapture]:
        """The captures a Wayback-compatible CDX server lists for ``url``, oldest first."""
        query = cdx_query(base, url, since=since, until=until, limit=limit)
        return parse_cdx(base, await self._list(query, "CDX API"))

    async def list_timemap(self, url: str) -> tuple[str, list[ArchivedCapture]]:
        """The original URL and mementos of the TimeMap at ``url``, oldest first."""
        return parse_timemap(await self._list(url, "TimeMap"))

    async def fetch(self, capture: ArchivedCapture) -> FetchResult:
        """A capture's original bytes as the archive keeps them (never raises)."""
        return await self.fetcher.fetch(FetchRequest(capture.raw_url))

"""One attempt at a URL: each hop through the politeness gate, redirects followed by hand."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx

from revtrack.fetch.body import read_body
from revtrack.fetch.errors import FetchFailure, describe, one_line, seconds
from revtrack.fetch.politeness import HostGate, Turn, host_key
from revtrack.fetch.result import FetchRequest

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_SCHEMES = ("http", "https")


@dataclass(frozen=True, slots=True)
class Limits:
    timeout: float  # deadline for one hop, from sending the request to the body's end
    max_body: int
    max_redirects: int


@dataclass(frozen=True, slots=True)
class Reply:
    """The last response of a redirect chain (which is not itself a redirect)."""

    status: int
    headers: httpx.Headers
    body: bytes
    final_url: httpx.URL
    redirects: tuple[str, ...]  # every Location followed, in order; the last is final_url
    http_version: str = "HTTP/1.1"  # of the status line as received
    reason: str = ""  # the status line's reason phrase as received


def start_url(text: str) -> httpx.URL:
    try:
        url = httpx.URL(text.strip())
    except (httpx.InvalidURL, ValueError, TypeError) as exc:
        raise FetchFailure(f"invalid URL {text!r}: {exc}") from None
    if url.scheme not in _SCHEMES or not url.host:
        raise FetchFailure(f"not an http(s) URL: {text!r}")
    return url


def next_url(current: httpx.URL, location: str) -> httpx.URL:
    try:
        target = current.join(location.strip())
    except (httpx.InvalidURL, ValueError, TypeError) as exc:
        raise FetchFailure(f"bad redirect Location {location!r}: {exc}") from None
    if target.scheme not in _SCHEMES or not target.host:
        # Quote the Location as sent: httpx spells file:///x as file:/x.
        raise FetchFailure(f"redirect to non-http URL {one_line(location)} refused")
    return target


def _visit_key(url: httpx.URL) -> str:
    return str(url.copy_with(fragment=None))


def _validator(value: str | None) -> bytes | None:
    """A stored validator as the exact bytes the server sent (see Fetcher._validators)."""
    if not value:
        return None
    try:
        raw = value.encode("latin-1")
    except UnicodeEncodeError:
        raw = value.encode("utf-8")
    # A header value cannot carry control characters; rather fetch in full than fail.
    if any((b < 0x20 and b != 0x09) or b == 0x7F for b in raw):
        return None
    return raw


def conditional_headers(request: FetchRequest) -> dict[bytes, bytes]:
    headers: dict[bytes, bytes] = {}
    etag = _validator(request.etag)
    if etag is not None:
        headers[b"If-None-Match"] = etag
    modified = _validator(request.last_modified)
    if modified is not None:
        headers[b"If-Modified-Since"] = modified
    return headers


class Exchange:
    """Runs attempts for a Fetcher: shares its client, gate and limits."""

    def __init__(self, client: httpx.AsyncClient, gate: HostGate, limits: Limits) -> None:
        self._client = client
        self._gate = gate
        self._limits = limits

    async def attempt(self, request: FetchRequest) -> Reply:
        """Follow the chain from the request's URL; FetchFailure if it cannot be done."""
        url = start_url(request.url)
        headers = conditional_headers(request)
        seen = {_visit_key(url)}
        redirects: list[str] = []
        while True:
            status, response_headers, body, line = await self._hop(url, headers)
            location = response_headers.get("location")
            if status not in REDIRECT_STATUSES or location is None:
                return Reply(status, response_headers, body, url, tuple(redirects), *line)
            url = next_url(url, location)
            if _visit_key(url) in seen:
                raise FetchFailure(f"redirect loop at {one_line(str(url))}")
            if len(redirects) >= self._limits.max_redirects:
                raise FetchFailure(f"too many redirects (>{self._limits.max_redirects})")
            seen.add(_visit_key(url))
            redirects.append(str(url))

    async def _hop(
        self, url: httpx.URL, headers: dict[bytes, bytes]
    ) -> tuple[int, httpx.Headers, bytes, tuple[str, str]]:
        host = host_key(url)
        timeout = self._limits.timeout
        async with self._gate.enter(host) as turn:
            try:
                async with asyncio.timeout(timeout):
                    return await self._send(url, headers, turn)
            except TimeoutError:
                # The overall deadline: catches servers that drip a byte at a time,
                # which never trip httpx's per-read timeout.
                failure = FetchFailure(f"timed out after {seconds(timeout)}", retryable=True)
            except httpx.HTTPError as exc:
                failure = describe(exc, host=host, timeout=timeout)
            except FetchFailure as exc:
                failure = exc
        failure.url = str(url)
        raise failure

    async def _send(
        self, url: httpx.URL, headers: dict[bytes, bytes], turn: Turn
    ) -> tuple[int, httpx.Headers, bytes, tuple[str, str]]:
        """Status, headers, body and the status line's (HTTP version, reason phrase)."""
        # The trace tells the gate when the request really goes out: the host's gap
        # counts from there, not from when the gate let the request through.
        request = self._client.build_request(
            "GET", url, headers=headers, extensions={"trace": turn.trace}
        )
        response = await self._client.send(request, stream=True)
        # An answer came, so the request went out: a transport that reports no send
        # (a mock) must not keep the host's next request waiting for the body too.
        turn.release()
        try:
            # Only a success's body is worth reading: error pages, redirects and 304s
            # are closed unread, so a hostile error page cannot stall or bloat us.
            body = b""
            if 200 <= response.status_code < 300:
                try:
                    body = await read_body(response, self._limits.max_body)
                except FetchFailure as failure:
                    failure.status = response.status_code
                    raise
            line = (response.http_version, response.reason_phrase)
            return response.status_code, response.headers, body, line
        finally:
            await response.aclose()

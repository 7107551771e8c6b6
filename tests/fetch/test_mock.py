"""Fetcher edge cases through httpx.MockTransport: no sockets, exact control."""

from __future__ import annotations

import zlib
from collections.abc import Callable

import httpx
import pytest

from revtrack.fetch import Fetcher, FetchOutcome, FetchRequest, FetchResult
from tests.fetch.conftest import quick

Handler = Callable[[httpx.Request], httpx.Response]


async def fetch(handler: Handler, request: FetchRequest, **options: float) -> FetchResult:
    async with quick(transport=httpx.MockTransport(handler), **options) as fetcher:
        return await fetcher.fetch(request)


def page(text: str = "<p>ok</p>") -> Handler:
    return lambda _request: httpx.Response(200, html=text)


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("ftp://example.com/a", "not an http(s) URL: 'ftp://example.com/a'"),
        ("file:///etc/passwd", "not an http(s) URL: 'file:///etc/passwd'"),
        ("http://", "not an http(s) URL: 'http://'"),
        ("example.com/story", "not an http(s) URL: 'example.com/story'"),
        ("http://[::1/", "invalid URL 'http://[::1/': Invalid port"),
        ("http://exa\x00mple.com/", "invalid URL"),
    ],
)
async def test_bad_urls_are_errors_not_exceptions(url: str, error: str) -> None:
    result = await fetch(page(), FetchRequest(url))
    assert result.outcome is FetchOutcome.ERROR
    assert result.error.startswith(error)
    assert "\n" not in result.error


async def test_raw_deflate_body() -> None:
    packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    body = packer.compress(b"<p>deflated</p>") + packer.flush()

    def handler(_request: httpx.Request) -> httpx.Response:
        stream = httpx.ByteStream(body)  # streamed, so the fetcher does the inflating
        return httpx.Response(200, headers={"Content-Encoding": "deflate"}, stream=stream)

    result = await fetch(handler, FetchRequest("http://news.test/a"))
    assert (result.outcome, result.text) == (FetchOutcome.OK, "<p>deflated</p>")


async def test_unsupported_encoding_is_an_error() -> None:
    def handler(_request: httpx.Request) -> httpx.Response:
        # A stream, not content=: httpx would read content eagerly, ignoring unknown codings.
        stream = httpx.ByteStream(b"\x0b\x02")
        return httpx.Response(200, headers={"Content-Encoding": "br"}, stream=stream)

    result = await fetch(handler, FetchRequest("http://news.test/a"))
    assert (result.outcome, result.status) == (FetchOutcome.ERROR, 200)
    assert result.error == "unsupported content-encoding: br"


async def test_304_to_an_unconditional_request_is_an_error() -> None:
    result = await fetch(lambda _r: httpx.Response(304), FetchRequest("http://news.test/a"))
    assert (result.outcome, result.error) == (
        FetchOutcome.ERROR,
        "HTTP 304 to an unconditional request",
    )


async def test_validator_with_control_characters_is_not_sent() -> None:
    seen: list[httpx.Headers] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers)
        return httpx.Response(200, html="ok")

    request = FetchRequest("http://news.test/a", etag='"a"\r\nX-Evil: 1', last_modified="x")
    result = await fetch(handler, request)
    assert result.outcome is FetchOutcome.OK
    assert "if-none-match" not in seen[0]
    assert "x-evil" not in seen[0]
    assert seen[0]["if-modified-since"] == "x"


async def test_a_transport_bug_is_reported_not_raised() -> None:
    def handler(_request: httpx.Request) -> httpx.Response:
        raise RuntimeError("boom\nsecond line")

    result = await fetch(handler, FetchRequest("http://news.test/a"))
    assert (result.outcome, result.error) == (
        FetchOutcome.ERROR,
        "internal error: RuntimeError: boom second line",
    )


async def test_transport_errors_are_retried_then_reported() -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        raise httpx.ReadError("connection reset by peer", request=request)

    result = await fetch(handler, FetchRequest("http://news.test/a"), retries=1)
    assert result.error == "connection lost: connection reset by peer (2 attempts)"
    assert (result.attempts, len(calls)) == (2, 2)


async def test_pre_read_bodies_are_capped_too() -> None:
    def handler(_request: httpx.Request) -> httpx.Response:
        response = httpx.Response(200, content=b"x" * 2000)
        del response.headers["content-length"]  # get past the early Content-Length check
        return response

    result = await fetch(handler, FetchRequest("http://news.test/a"), max_body=1000)
    assert result.error == "body larger than 1000 bytes"


async def test_final_status_and_url_are_kept_on_body_failures() -> None:
    def handler(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"x" * 2000)

    result = await fetch(handler, FetchRequest("http://news.test/a"), max_body=1000)
    assert (result.status, result.final_url) == (200, "http://news.test/a")
    assert result.error.startswith("body larger than 1000 bytes")


async def test_fetch_needs_the_context_manager() -> None:
    fetcher = Fetcher(transport=httpx.MockTransport(page()))
    with pytest.raises(RuntimeError, match="async with"):
        await fetcher.fetch(FetchRequest("http://news.test/a"))


def test_nonsense_settings_are_rejected() -> None:
    with pytest.raises(ValueError, match="timeout"):
        Fetcher(timeout=0)
    with pytest.raises(ValueError, match="retries"):
        Fetcher(retries=-1)

"""The final response as captured: status line and raw header block, kept with the version."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import httpx

from revtrack.check.record import record_fetch
from revtrack.fetch import FetchOutcome, FetchRequest, FetchResult
from revtrack.store.store import Store
from tests.fetch.conftest import quick
from tests.loopback import LoopbackServer, Response

PAGE = (
    "<html><head><title>Storm</title></head><body><article><h1>Storm hits coast</h1>"
    + "<p>The storm reached the coast on Monday night, and thousands lost power.</p>" * 4
    + "</article></body></html>"
)


async def test_status_line_and_headers_as_sent(server: LoopbackServer) -> None:
    headers = [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Encoding", "gzip"),
        ("X-Cache", "HIT"),
        ("set-cookie", "a=1"),
        ("Set-Cookie", "b=2"),
        ("ETag", '"v1"'),
    ]
    server.route("/story", Response(200, headers, gzip.compress(PAGE.encode(), mtime=0)))
    async with quick() as fetcher:
        result = await fetcher.fetch(FetchRequest(server.url("/story")))
    assert result.outcome is FetchOutcome.OK
    assert result.body == PAGE.encode()  # the body has its Content-Encoding undone...
    assert (result.http_version, result.reason) == ("HTTP/1.1", "OK")
    # ...the headers are as sent: order, case, repeats, and the encoding the body had.
    sent = [(name.decode(), value.decode()) for name, value in result.headers]
    assert [h for h in sent if h[0].lower() not in ("server", "date", "content-length")] == [
        *headers,
    ]
    block = result.header_block()
    assert block is not None
    assert block.startswith("HTTP/1.1 200 OK\r\n")
    assert block.endswith("\r\n\r\n")
    assert "\r\nContent-Encoding: gzip\r\n" in block
    assert "\r\nset-cookie: a=1\r\nSet-Cookie: b=2\r\n" in block


async def test_the_headers_are_the_final_responses(server: LoopbackServer) -> None:
    server.route("/old", Response.redirect("/new", status=301))
    server.route("/new", Response.html(PAGE, headers={"X-Final": "yes"}))
    async with quick() as fetcher:
        result = await fetcher.fetch(FetchRequest(server.url("/old")))
    block = result.header_block() or ""
    assert block.startswith("HTTP/1.1 200 OK\r\n")
    assert "X-Final: yes" in block
    assert "Location" not in block


async def test_a_reason_phrase_as_the_server_wrote_it(server: LoopbackServer) -> None:
    server.route("/gone", Response(410, [("Content-Type", "text/plain")], b"bye"))
    async with quick() as fetcher:
        result = await fetcher.fetch(FetchRequest(server.url("/gone")))
    assert result.outcome is FetchOutcome.GONE
    assert (result.header_block() or "").startswith("HTTP/1.1 410 Gone\r\n")


async def test_no_response_no_header_block() -> None:
    async with quick() as fetcher:
        result = await fetcher.fetch(FetchRequest("http://127.0.0.1:1/nothing-listens"))
    assert result.outcome is FetchOutcome.ERROR
    assert (result.http_version, result.headers, result.header_block()) == ("", (), None)


async def test_a_mock_transport_response_has_a_status_line_too() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Type": "text/html"}, content=PAGE.encode())

    async with quick(transport=httpx.MockTransport(answer)) as fetcher:
        result = await fetcher.fetch(FetchRequest("https://news.example/storm"))
    assert (result.header_block() or "").startswith("HTTP/1.1 200 OK\r\n")


async def test_a_new_version_keeps_the_status_and_header_block(
    server: LoopbackServer, tmp_path: Path
) -> None:
    server.route("/story", Response.html(PAGE, headers={"X-Served-By": "cache-7"}))
    store = Store.open(tmp_path / "revtrack.db")
    try:
        story, _ = store.add_story(server.url("/story"), now=datetime(2026, 1, 1, tzinfo=UTC))
        async with quick() as fetcher:
            result = await fetcher.fetch(FetchRequest(story.url))
        report = record_fetch(store, story, result)
        assert report.version_seq == 1
        version = store.version(story.id, 1)
        assert (version.source, version.http_status) == ("", 200)
        assert version.headers == result.header_block()
        assert version.headers is not None
        assert "\r\nX-Served-By: cache-7\r\n" in version.headers
    finally:
        store.close()


def test_a_result_without_headers_has_no_block() -> None:
    result = FetchResult(
        url="https://news.example/a",
        outcome=FetchOutcome.OK,
        fetched_at=datetime(2026, 1, 1, tzinfo=UTC),
        status=200,
    )
    assert result.header_block() is None

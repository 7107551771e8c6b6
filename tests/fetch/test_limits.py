"""Hostile and failing servers: size caps, gzip bombs, drips, retries, Retry-After."""

from __future__ import annotations

import tracemalloc
import zlib
from collections.abc import Iterator
from datetime import timedelta
from email.utils import format_datetime

import pytest

from revtrack.fetch import FetchOutcome, FetchRequest
from tests.fetch.conftest import SimClock, Starts, VirtualClock, quick
from tests.loopback import DISCONNECT, LoopbackServer, Response, drip, endless, unused_port


def gzip_bomb(compressed_mb: int) -> bytes:
    """About 1,000 MB of zeros per compressed MB (so ~10 GB for 10 MB).

    After a full flush the compressor starts from scratch, so every further MB of
    zeros compresses to the same bytes and the bomb is built by repetition in
    milliseconds. The trailer is fake: a capped client never gets that far.
    """
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    mb = bytes(2**20)
    head = packer.compress(mb) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(mb) + packer.flush(zlib.Z_FULL_FLUSH)
    count = compressed_mb * 2**20 // len(block)
    return head + block * count + packer.flush() + b"\x00" * 8


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return gzip_bomb(10)


async def test_declared_oversized_body_is_refused_unread(server: LoopbackServer) -> None:
    server.route("/big", Response(200, {"Content-Type": "text/html"}, b"x" * 200_000))
    async with quick(max_body=64 * 1024) as fetcher:
        result = await fetcher.fetch(FetchRequest(server.url("/big")))
    assert result.outcome is FetchOutcome.ERROR
    assert result.error == "body larger than 64 KB (Content-Length 200000)"
    assert (result.status, result.body) == (200, b"")


async def test_endless_body_is_cut_at_the_cap(server: LoopbackServer) -> None:
    sent: list[int] = []

    def forever() -> Iterator[bytes]:
        for chunk in endless(b"y" * 4096):
            assert isinstance(chunk, bytes)
            sent.append(len(chunk))
            yield chunk

    server.route("/endless", lambda _request: Response(body=forever()))
    async with quick(max_body=256 * 1024) as fetcher:
        result = await fetcher.fetch(FetchRequest(server.url("/endless")))
    assert (result.outcome, result.error) == (FetchOutcome.ERROR, "body larger than 256 KB")
    # The server stops once the client hangs up: socket buffers, not an endless stream.
    assert sum(sent) < 64 * 2**20


async def test_body_at_the_cap_is_fine(server: LoopbackServer) -> None:
    server.route("/exact", lambda _r: Response(body=iter([b"z" * 1000, b"z" * 24])))
    async with quick(max_body=1024) as fetcher:
        result = await fetcher.fetch(FetchRequest(server.url("/exact")))
    assert (result.outcome, len(result.body)) == (FetchOutcome.OK, 1024)


async def test_gzip_bomb_is_stopped_in_bounded_memory(server: LoopbackServer, bomb: bytes) -> None:
    headers = {"Content-Type": "text/html", "Content-Encoding": "gzip"}
    server.route("/bomb", Response(200, headers, bomb))
    max_body = 15 * 2**20
    async with quick(max_body=max_body) as fetcher:
        tracemalloc.start()
        try:
            result = await fetcher.fetch(FetchRequest(server.url("/bomb")))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert (result.outcome, result.error) == (FetchOutcome.ERROR, "body larger than 15 MB")
    # The kept body plus small change; inflating one 64 KB network chunk at once, as
    # httpx's own decoder does, would alone take ~64 MB.
    assert peak < max_body + 6 * 2**20, f"peak {peak / 2**20:.1f} MB"


async def test_small_gzip_page_is_decoded(server: LoopbackServer) -> None:
    page = "<p>café</p>".encode() * 1000
    packer = zlib.compressobj(wbits=zlib.MAX_WBITS | 16)
    body = packer.compress(page) + packer.flush()
    headers = {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"}
    server.route("/gz", Response(200, headers, body))
    async with quick() as fetcher:
        result = await fetcher.fetch(FetchRequest(server.url("/gz")))
    assert (result.outcome, result.body) == (FetchOutcome.OK, page)


async def test_drip_server_hits_the_overall_deadline(server: LoopbackServer) -> None:
    # One byte every 0.1 s never trips the 1 s read timeout; only the deadline stops it.
    page = b"x" * 200
    server.route(
        "/drip",
        lambda _r: Response(200, {"Content-Length": str(len(page))}, drip(page, interval=0.1)),
    )
    async with quick(timeout=1.0) as fetcher:
        result = await fetcher.fetch(FetchRequest(server.url("/drip")))
    # The deadline's own message (a read timeout would name the read), before the 20 s drip.
    assert (result.outcome, result.error) == (FetchOutcome.ERROR, "timed out after 1 s")
    assert server.hits("/drip") == 1


async def test_silent_server_times_out(server: LoopbackServer) -> None:
    server.route("/silent", Response(200, body=b"late", delay=30))
    async with quick(timeout=0.5) as fetcher:
        result = await fetcher.fetch(FetchRequest(server.url("/silent")))
    assert result.outcome is FetchOutcome.ERROR  # not the page the server sends after 30 s
    assert "timed out" in result.error


async def test_connection_refused_is_retried(sim: SimClock) -> None:
    url = f"http://127.0.0.1:{unused_port()}/"
    async with quick(retries=2, backoff=0.5, clock=sim, sleep=sim.sleep) as fetcher:
        result = await fetcher.fetch(FetchRequest(url))
    assert (result.outcome, result.error) == (FetchOutcome.ERROR, "connection refused (3 attempts)")
    assert (result.attempts, result.status) == (3, None)
    assert len(sim.sleeps) == 2
    assert 0.5 <= sim.sleeps[0] <= 0.75
    assert 1.0 <= sim.sleeps[1] <= 1.5


async def test_dropped_connection_is_retried(server: LoopbackServer, sim: SimClock) -> None:
    broken = Response(200, {"Content-Length": "100"}, iter([b"partial", DISCONNECT]))
    server.route("/p", [broken, Response.html("whole")])
    async with quick(retries=1, clock=sim, sleep=sim.sleep) as fetcher:
        result = await fetcher.fetch(FetchRequest(server.url("/p")))
    assert (result.outcome, result.text, result.attempts) == (FetchOutcome.OK, "whole", 2)


async def test_503_then_200(server: LoopbackServer, sim: SimClock) -> None:
    server.route("/p", [Response(503), Response.html("back")])
    async with quick(retries=2, backoff=0.5, clock=sim, sleep=sim.sleep) as fetcher:
        result = await fetcher.fetch(FetchRequest(server.url("/p")))
    assert (result.outcome, result.text, result.attempts) == (FetchOutcome.OK, "back", 2)
    assert server.hits("/p") == 2
    assert len(sim.sleeps) == 1
    assert 0.5 <= sim.sleeps[0] <= 0.75


async def test_500_forever(server: LoopbackServer, sim: SimClock) -> None:
    server.route("/p", Response(500))
    async with quick(retries=2, backoff=0.5, clock=sim, sleep=sim.sleep) as fetcher:
        result = await fetcher.fetch(FetchRequest(server.url("/p")))
    assert (result.outcome, result.status) == (FetchOutcome.ERROR, 500)
    assert (result.error, result.attempts) == ("HTTP 500 after 3 attempts", 3)
    assert server.hits("/p") == 3
    assert [round(s / 0.5) for s in sim.sleeps] in ([1, 2], [1, 3], [2, 2], [2, 3])


async def test_429_retry_after_seconds(server: LoopbackServer, sim: SimClock) -> None:
    server.route("/p", [Response(429, {"Retry-After": "7"}), Response.html("ok")])
    async with quick(retries=2, min_host_gap=1.0, clock=sim, sleep=sim.sleep) as fetcher:
        result = await fetcher.fetch(FetchRequest(server.url("/p")))
    assert (result.outcome, result.attempts, result.retry_after) == (FetchOutcome.OK, 2, None)
    assert sim.sleeps == [pytest.approx(7.0)]  # the wait, and no back-off on top


async def test_503_retry_after_http_date(server: LoopbackServer, sim: SimClock) -> None:
    later = format_datetime(sim.now + timedelta(seconds=30), usegmt=True)
    server.route("/p", [Response(503, {"Retry-After": later}), Response.html("ok")])
    async with quick(retries=1, clock=sim, sleep=sim.sleep) as fetcher:
        result = await fetcher.fetch(FetchRequest(server.url("/p")))
    assert (result.outcome, result.attempts) == (FetchOutcome.OK, 2)
    assert sim.sleeps == [pytest.approx(30.0)]


async def test_retry_after_really_waits(server: LoopbackServer) -> None:
    # The retry is really sent a second later on the injected clock (noted as it is sent).
    clock = VirtualClock()
    starts = Starts(clock)
    server.route("/p", [Response(429, {"Retry-After": "1"}), Response.html("ok")])
    async with quick(retries=1, clock=clock, sleep=clock.sleep, transport=starts) as fetcher:
        result = await fetcher.fetch(FetchRequest(server.url("/p")))
    assert result.outcome is FetchOutcome.OK
    assert server.hits("/p") == 2
    first, second = starts.seconds(f"127.0.0.1:{server.port}")
    assert second - first >= 1.0 - 1e-6


async def test_retry_after_too_long_is_left_to_the_scheduler(
    server: LoopbackServer, sim: SimClock
) -> None:
    server.route("/p", Response(429, {"Retry-After": "3600"}))
    async with quick(retries=2, clock=sim, sleep=sim.sleep) as fetcher:
        result = await fetcher.fetch(FetchRequest(server.url("/p")))
    assert (result.outcome, result.status) == (FetchOutcome.ERROR, 429)
    assert (result.error, result.retry_after) == ("HTTP 429, retry after 3600 s", 3600.0)
    assert (result.attempts, server.hits("/p"), sim.sleeps) == (1, 1, [])


async def test_retry_after_on_every_attempt(server: LoopbackServer, sim: SimClock) -> None:
    server.route("/p", Response(503, {"Retry-After": "2"}))
    async with quick(retries=1, clock=sim, sleep=sim.sleep) as fetcher:
        result = await fetcher.fetch(FetchRequest(server.url("/p")))
    assert (result.error, result.retry_after) == ("HTTP 503 after 2 attempts", 2.0)
    assert server.hits("/p") == 2


async def test_429_without_retry_after_is_not_retried(server: LoopbackServer) -> None:
    server.route("/p", Response(429))
    async with quick(retries=2) as fetcher:
        result = await fetcher.fetch(FetchRequest(server.url("/p")))
    assert (result.outcome, result.error, server.hits("/p")) == (FetchOutcome.ERROR, "HTTP 429", 1)

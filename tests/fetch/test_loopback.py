"""The loopback test server itself, so other suites can rely on it."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.loopback import (
    DISCONNECT,
    LoopbackServer,
    Pause,
    Request,
    Response,
    drip,
    endless,
    unused_port,
)


def test_routes_hits_and_request_log(server: LoopbackServer) -> None:
    server.route("/static", Response.html("<p>same</p>"))
    server.route("/script", [Response.html("one"), Response.html("two")])
    server.route("/echo", lambda r: Response.html(f"{r.method} {r.hit} {r.params} {r.body!r}"))
    with httpx.Client(base_url=server.base_url) as client:
        assert client.get("/static").text == "<p>same</p>"
        assert [client.get("/script").text for _ in range(3)] == ["one", "two", "two"]
        assert client.post("/echo?a=1", content=b"hi").text == "POST 1 {'a': '1'} b'hi'"
        missing = client.get("/nope")
    assert missing.status_code == 404
    assert (server.hits("/script"), server.hits("/nope"), server.hits("/never")) == (3, 1, 0)
    assert [r.hit for r in server.requests("/script")] == [1, 2, 3]
    assert server.requests("/echo")[0].query == "a=1"
    assert len(server.requests()) == 6
    server.reset()
    assert (server.requests(), server.hits("/script")) == ([], 0)


def test_headers_as_sent(server: LoopbackServer) -> None:
    server.route("/p", Response(200, [("X-A", "1"), ("X-A", "2"), ("ETag", '"caf\xe9"')], b"x"))
    with httpx.Client() as client:
        response = client.get(server.url("/p"), headers={"If-None-Match": '"v1"'})
    assert response.headers.get_list("x-a") == ["1", "2"]
    assert (b"ETag", b'"caf\xe9"') in response.headers.raw  # latin-1 text -> raw bytes
    assert server.requests("/p")[0].headers["if-none-match"] == '"v1"'


def test_head_and_304_have_no_body(server: LoopbackServer) -> None:
    server.route("/p", Response.html("<p>body</p>"))
    server.route("/nm", Response(304, {"ETag": '"a"'}))
    with httpx.Client() as client:
        head = client.head(server.url("/p"))
        not_modified = client.get(server.url("/nm"))
        again = client.get(server.url("/p"))  # the connection is still in step
    assert (head.status_code, head.content, head.headers["content-length"]) == (200, b"", "11")
    assert (not_modified.status_code, not_modified.content) == (304, b"")
    assert again.text == "<p>body</p>"


def test_streams_chunked_and_close_delimited(server: LoopbackServer) -> None:
    server.route("/chunked", lambda _r: Response(body=iter([b"a", Pause(0.01), b"", b"bc"])))
    server.route("/close", lambda _r: Response(body=iter([b"x", b"y"]), chunked=False))
    with httpx.Client() as client:
        chunked = client.get(server.url("/chunked"))
        closed = client.get(server.url("/close"))
    assert (chunked.text, chunked.headers["transfer-encoding"]) == ("abc", "chunked")
    assert (closed.text, closed.headers["connection"]) == ("xy", "close")


def test_drip_pace_and_request_start_times(server: LoopbackServer) -> None:
    assert list(drip(b"abc", interval=0.05)) == [b"a", Pause(0.05), b"b", Pause(0.05), b"c"]
    server.route("/drip", lambda _r: Response(body=drip(b"abcd", interval=0.05)))
    with httpx.Client() as client:
        assert client.get(server.url("/drip")).text == "abcd"
        assert client.get(server.url("/drip")).text == "abcd"
    # `started` stamps each request as it is served: they give an order, never a duration.
    first, second = server.requests("/drip")
    assert first.started <= second.started


def test_disconnect_mid_body(server: LoopbackServer) -> None:
    server.route("/cut", Response(200, {"Content-Length": "10"}, iter([b"abc", DISCONNECT])))
    with httpx.Client() as client, pytest.raises(httpx.RemoteProtocolError):
        client.get(server.url("/cut"))


def test_in_flight_peak(server: LoopbackServer) -> None:
    all_in = threading.Barrier(3)

    def body() -> Iterator[bytes]:
        yield b"a"
        all_in.wait(timeout=60)  # all three are in flight at once, however slow the machine
        yield b"b"

    server.route("/slow", lambda _r: Response(body=body()))

    def get() -> None:
        with httpx.Client() as client:
            client.get(server.url("/slow"))

    threads = [threading.Thread(target=get) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert server.max_in_flight == 3
    # The server counts a request done after its last write, which can land just
    # after the client has read the whole body.
    deadline = time.monotonic() + 60  # a bound on waiting, never a measurement
    while server.in_flight and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server.in_flight == 0


def test_stop_does_not_wait_for_drips_or_idle_connections() -> None:
    server = LoopbackServer().start()
    sockets: list[socket.socket] = []
    try:
        server.route("/forever", lambda _r: Response(body=endless(b".", pause=0.5)))
        server.route("/late", Response(200, body=b"x", delay=60))
        sockets = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(3)]
        _idle, forever, late = sockets
        forever.sendall(b"GET /forever HTTP/1.1\r\nHost: x\r\n\r\n")
        late.sendall(b"GET /late HTTP/1.1\r\nHost: x\r\n\r\n")
        deadline = time.monotonic() + 60  # a bound on waiting, never a measurement
        while server.in_flight < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert server.in_flight == 2
        server.stop()
        # A handler thread still waiting out its drip or its 60 s delay would be reported
        # here ("did not stop" after the join timeout): stop woke them all.
        assert server.errors == []
    finally:
        server.stop()  # idempotent
        for sock in sockets:
            sock.close()


def test_handler_errors_fail_the_test() -> None:
    def broken(_request: Request) -> Response:
        raise ValueError("bug in the test's handler")

    server = LoopbackServer().start()
    server.route("/p", broken)
    with httpx.Client() as client:
        assert client.get(server.url("/p")).status_code == 500
    with pytest.raises(ValueError, match="bug in the test's handler"):
        server.__exit__(None, None, None)


def test_generator_cleanup_runs_when_the_client_leaves(server: LoopbackServer) -> None:
    finished = threading.Event()

    def body() -> Iterator[bytes]:
        try:
            yield from (b"x" * 65536 for _ in range(10_000))
        finally:
            finished.set()

    server.route("/big", lambda _r: Response(body=body()))
    with httpx.Client() as client, client.stream("GET", server.url("/big")) as response:
        next(response.iter_raw())
    assert finished.wait(60)  # a bound on waiting for the event


def test_unused_port_refuses() -> None:
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", unused_port()), timeout=1).close()

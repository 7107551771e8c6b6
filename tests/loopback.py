"""A scriptable HTTP/1.1 server on 127.0.0.1 for tests that need a real socket.

Each connection is served in its own thread (keep-alive, chunked streaming), so
tests can check concurrency, timing and what a client really sends. Nothing here
ever leaves the loopback interface.

Usage::

    from tests.loopback import LoopbackServer, Pause, Response, drip

    with LoopbackServer() as server:
        server.route("/story", Response.html("<p>v1</p>", headers={"ETag": '"v1"'}))
        server.route("/live", [Response.html("<p>one</p>"), Response.html("<p>two</p>")])
        server.route("/echo", lambda req: Response.html(f"hit {req.hit}"))
        server.route("/slow", lambda _req: Response(body=drip(b"abc", interval=0.5)))
        ...  # point a client at server.url("/story")
        assert server.hits("/story") == 1
        assert server.requests("/story")[0].headers["User-Agent"].startswith("revtrack/")

A route's handler is one of:

- a `Response`, served every time;
- a list of `Response`s: the n-th request gets the n-th, the last one repeats
  (a page that changes on a script);
- a callable `(Request) -> Response`, called in the connection's thread
  (noise on every request, conditional answers, counting).

A `Response` body is bytes, or an iterable of bytes chunks, `Pause(seconds)` and
`DISCONNECT` items that is streamed as it is produced (chunked unless the headers
set Content-Length; a generator can run for ever, and a generator is used up by
one request, so make it in a callable handler). Pauses and `Response.delay`
wake up when the server stops, so shutdown never waits for a drip. Handlers must
not `time.sleep` for long themselves: use `Pause`, `delay` or `server.wait`.

In pytest, the `loopback` fixture below gives a started server and stops it after
the test; enable it with `pytest_plugins = ["tests.loopback"]` in a root
conftest.py, or write a three-line fixture around `with LoopbackServer()`. A
handler that raises makes the client see a 500, and the exception is raised again
when the server stops, so a broken handler fails its test.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qsl, urlsplit

import pytest

__all__ = [
    "DISCONNECT",
    "Disconnect",
    "Handler",
    "LoopbackServer",
    "Pause",
    "Request",
    "Response",
    "drip",
    "endless",
    "loopback",
    "unused_port",
]

HOST = "127.0.0.1"
_NO_BODY = frozenset({204, 304})
_JOIN_TIMEOUT = 5.0


@dataclass(frozen=True, slots=True)
class Pause:
    """In a streamed body: wait this long before the next chunk."""

    seconds: float


class Disconnect:
    """In a streamed body: drop the connection here, mid-response."""


DISCONNECT = Disconnect()

Chunk = bytes | Pause | Disconnect


@dataclass(frozen=True, slots=True)
class Request:
    """What the server received; `hit` is 1 for the first request to this path."""

    method: str
    path: str  # without the query string
    query: str
    headers: Message  # case-insensitive: headers["if-none-match"]; None when absent
    body: bytes
    hit: int
    started: float  # time.monotonic() when the request was read

    @property
    def params(self) -> dict[str, str]:
        return dict(parse_qsl(self.query, keep_blank_values=True))


@dataclass(slots=True)
class Response:
    """What to send. Header values are str; use latin-1 text for arbitrary bytes."""

    status: int = 200
    headers: Mapping[str, str] | Sequence[tuple[str, str]] = ()
    body: bytes | Iterable[Chunk] = b""
    delay: float = 0.0  # wait before the status line (slow first byte)
    chunked: bool = True  # for a streamed body without Content-Length; else close-delimited
    close: bool = False  # close the connection afterwards

    @classmethod
    def html(
        cls,
        text: str | bytes,
        *,
        status: int = 200,
        charset: str | None = "utf-8",
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        """An HTML page; str is encoded with `charset`, which the Content-Type declares
        (charset=None declares none and encodes str as UTF-8)."""
        body = text if isinstance(text, bytes) else text.encode(charset or "utf-8")
        content_type = f"text/html; charset={charset}" if charset else "text/html"
        return cls(status, [("Content-Type", content_type), *(headers or {}).items()], body)

    @classmethod
    def redirect(cls, location: str, status: int = 302) -> Response:
        return cls(status, [("Location", location)])

    def header_items(self) -> list[tuple[str, str]]:
        items = self.headers.items() if isinstance(self.headers, Mapping) else self.headers
        return list(items)


Handler = Response | Sequence[Response] | Callable[[Request], Response]


def drip(data: bytes, interval: float, size: int = 1) -> Iterator[Chunk]:
    """`data` in `size`-byte chunks with `interval` seconds between them."""
    for start in range(0, len(data), size):
        if start:
            yield Pause(interval)
        yield data[start : start + size]


def endless(chunk: bytes = b"x" * 65536, pause: float = 0.0) -> Iterator[Chunk]:
    """The same chunk for ever (until the client hangs up or the server stops)."""
    while True:
        yield chunk
        if pause:
            yield Pause(pause)


def unused_port() -> int:
    """A loopback port with nothing listening (connecting to it is refused)."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
    return port


class _Stopped(Exception):
    """The server is stopping, or the body asked to drop the connection."""


def _as_callable(handler: Handler) -> Callable[[Request], Response]:
    if isinstance(handler, Response):
        return lambda _request: handler
    if isinstance(handler, Sequence):
        script = list(handler)
        if not script:
            raise ValueError("a scripted route needs at least one Response")
        return lambda request: script[min(request.hit, len(script)) - 1]
    return handler


class LoopbackServer:
    """A threaded HTTP/1.1 server on 127.0.0.1 and an ephemeral port."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._routes: dict[str, Callable[[Request], Response]] = {}
        self._log: list[Request] = []
        self._hits: dict[str, int] = {}
        self._in_flight = 0
        self._max_in_flight = 0
        self._connections: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []
        self.errors: list[BaseException] = []
        self._httpd = _Server(self)
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------

    def start(self) -> Self:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, cut open connections and wait for their threads. Idempotent."""
        if self._stopping.is_set():
            return
        self._stopping.set()
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(_JOIN_TIMEOUT)
        with self._lock:
            connections = list(self._connections)
            threads = list(self._threads)
        for connection in connections:
            # Wakes threads blocked reading the next keep-alive request.
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        for thread in threads:
            thread.join(_JOIN_TIMEOUT)
        self._httpd.server_close()
        stuck = sum(thread.is_alive() for thread in threads)
        if stuck:
            self.errors.append(RuntimeError(f"{stuck} handler thread(s) did not stop"))

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
        if exc is None:
            self.raise_errors()

    def raise_errors(self) -> None:
        """Raise the first exception a handler raised, if any."""
        if self.errors:
            raise self.errors[0]

    def wait(self, seconds: float) -> bool:
        """Sleep in a handler; returns True early if the server is stopping."""
        return self._stopping.wait(seconds)

    # -- configuration and inspection ---------------------------------------------

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    def route(self, path: str, handler: Handler) -> None:
        """Serve `path` (exact match, query ignored) with `handler`; replaces any earlier."""
        with self._lock:
            self._routes[path] = _as_callable(handler)

    def hits(self, path: str) -> int:
        with self._lock:
            return self._hits.get(path, 0)

    def requests(self, path: str | None = None) -> list[Request]:
        """Requests received so far (all paths, or one), oldest first."""
        with self._lock:
            return [r for r in self._log if path is None or r.path == path]

    @property
    def in_flight(self) -> int:
        with self._lock:
            return self._in_flight

    @property
    def max_in_flight(self) -> int:
        """The most requests ever being answered at the same time."""
        with self._lock:
            return self._max_in_flight

    def reset(self) -> None:
        """Forget requests, hits and the in-flight peak (routes stay)."""
        with self._lock:
            self._log.clear()
            self._hits.clear()
            self._max_in_flight = self._in_flight

    # -- used by the request handler ---------------------------------------------

    def _record(self, method: str, target: str, headers: Message, body: bytes) -> Request:
        parts = urlsplit(target)
        with self._lock:
            hit = self._hits[parts.path] = self._hits.get(parts.path, 0) + 1
            request = Request(method, parts.path, parts.query, headers, body, hit, time.monotonic())
            self._log.append(request)
            self._in_flight += 1
            self._max_in_flight = max(self._max_in_flight, self._in_flight)
        return request

    def _done(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def _respond(self, request: Request) -> Response:
        with self._lock:
            handler = self._routes.get(request.path)
        if handler is None:
            return Response(404, [("Content-Type", "text/plain")], b"no such route")
        try:
            return handler(request)
        except Exception as exc:
            self.errors.append(exc)
            return Response(500, [("Content-Type", "text/plain")], b"handler failed")

    def _track(self, connection: socket.socket, thread: threading.Thread | None) -> None:
        with self._lock:
            self._connections.add(connection)
            if thread is not None:
                self._threads = [t for t in self._threads if t.is_alive()]
                self._threads.append(thread)

    def _untrack(self, connection: socket.socket) -> None:
        with self._lock:
            self._connections.discard(connection)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # stop() joins the threads itself, with a timeout

    def __init__(self, owner: LoopbackServer) -> None:
        self.owner = owner
        super().__init__((HOST, 0), _RequestHandler)

    def process_request(self, request: Any, client_address: Any) -> None:
        thread = threading.Thread(
            target=self.process_request_thread, args=(request, client_address), daemon=True
        )
        self.owner._track(request, thread)
        thread.start()

    def shutdown_request(self, request: Any) -> None:
        self.owner._untrack(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients hanging up mid-response is what half these tests are about.
        pass


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 30  # a forgotten keep-alive connection must not pin a thread for ever
    # Headers and body go out in separate writes: with Nagle on, the body waits for the
    # client's delayed ACK, 40 ms a response on Linux loopback.
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        owner = self.server.owner
        request = owner._record(self.command, self.path, self.headers, self._read_body())
        try:
            self._send(owner._respond(request))
        except (OSError, _Stopped):
            self.close_connection = True
        finally:
            owner._done()

    do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_GET

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _pause(self, seconds: float) -> None:
        if seconds > 0 and self.server.owner.wait(seconds):
            raise _Stopped

    def _framing(self, response: Response, headers: list[tuple[str, str]]) -> str:
        """Add the headers that frame the body; returns "raw", "chunked" or "close"."""
        names = {name.lower() for name, _ in headers}
        mode = "raw"
        if "content-length" in names or response.status in _NO_BODY:
            pass
        elif isinstance(response.body, bytes):
            headers.append(("Content-Length", str(len(response.body))))
        elif response.chunked:
            headers.append(("Transfer-Encoding", "chunked"))
            mode = "chunked"
        else:
            mode = "close"
        if (response.close or mode == "close") and "connection" not in names:
            headers.append(("Connection", "close"))
        return mode

    def _send(self, response: Response) -> None:
        self._pause(response.delay)
        headers = response.header_items()
        mode = self._framing(response, headers)
        self.send_response_only(response.status)
        for name, value in headers:
            self.send_header(name, value)  # "Connection: close" also sets close_connection
        self.end_headers()
        has_body = self.command != "HEAD" and response.status not in _NO_BODY
        if isinstance(response.body, bytes):
            if has_body:
                self.wfile.write(response.body)
        else:
            self._stream(response.body if has_body else (), response.body, mode == "chunked")

    def _stream(self, items: Iterable[Chunk], source: Iterable[Chunk], chunked: bool) -> None:
        try:
            for item in items:
                if isinstance(item, Pause):
                    self._pause(item.seconds)
                elif isinstance(item, Disconnect):
                    raise _Stopped
                elif item:  # an empty chunk would end a chunked body early
                    frame = b"%x\r\n%s\r\n" % (len(item), item) if chunked else item
                    self.wfile.write(frame)
            if chunked:
                self.wfile.write(b"0\r\n\r\n")
        finally:
            close = getattr(source, "close", None)
            if close is not None:
                close()  # run the generator's cleanup now, not at garbage collection


@pytest.fixture
def loopback() -> Iterator[LoopbackServer]:
    """A started LoopbackServer, stopped (and its handler errors raised) after the test."""
    with LoopbackServer() as server:
        yield server

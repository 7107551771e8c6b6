"""Serve captured pages on 127.0.0.1 as they were at the simulated time."""

from __future__ import annotations

import bisect
import ipaddress
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from revtrack.demo.clock import SimClock

LOOPBACK = "127.0.0.1"  # the demo never listens beyond loopback (127.0.0.0/8)


@dataclass(frozen=True, slots=True)
class Capture:
    captured_at: datetime
    status: int
    body: bytes


@dataclass(frozen=True, slots=True)
class ServedStory:
    path: str  # e.g. "/blinken-beijing"
    captures: Sequence[Capture]  # in time order


class _Handler(BaseHTTPRequestHandler):
    server: DemoServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        status, body = self.server.page(self.path.split("?", 1)[0])
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _loopback(host: str) -> bool:
    try:
        return ipaddress.IPv4Address(host).is_loopback
    except ValueError:  # a name, or IPv6 (URLs here are "http://host:port")
        return False


class DemoServer(ThreadingHTTPServer):
    """Each story's page is the latest capture at or before the clock's time."""

    daemon_threads = True

    def __init__(
        self, stories: Sequence[ServedStory], clock: SimClock, *, host: str = LOOPBACK
    ) -> None:
        if not _loopback(host):
            raise ValueError(f"the demo serves on 127.0.0.0/8 only, not {host}")
        super().__init__((host, 0), _Handler)
        self.host = host
        self._stories = {s.path: s for s in stories}
        self._clock = clock
        self._thread = threading.Thread(
            target=self.serve_forever, name="revtrack-demo", daemon=True
        )

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.server_address[1]}{path}"

    def page(self, path: str) -> tuple[int, bytes]:
        story = self._stories.get(path)
        if story is None:
            return 404, b"<h1>Not found</h1>"
        times = [c.captured_at for c in story.captures]
        index = bisect.bisect_right(times, self._clock()) - 1
        if index < 0:
            return 404, b"<h1>Not published yet</h1>"
        capture = story.captures[index]
        return capture.status, capture.body

    def __enter__(self) -> DemoServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()

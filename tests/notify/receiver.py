"""A webhook receiver on 127.0.0.1 for tests: records every POST, answers as scripted.

It can be stopped (the port then refuses connections) and started again on
the same port, like a receiver that goes down and comes back.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

HOST = "127.0.0.1"


@dataclass(frozen=True, slots=True)
class Delivery:
    path: str
    headers: Message
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def key(self) -> str:
        return str(self.headers["Idempotency-Key"])


@dataclass(frozen=True, slots=True)
class Answer:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    delay: float = 0.0  # seconds before answering (a slow receiver)


class Receiver:
    """``answers`` are used in turn, the last one repeating; all POSTs are kept in order.

    ``on_post``, when set, is called with each POST (on the server's thread, after it
    was recorded and before it is answered): a test can hold an answer back there.
    """

    def __init__(self, port: int = 0) -> None:
        self.answers: list[Answer] = [Answer(204)]
        self.deliveries: list[Delivery] = []
        self.on_post: Callable[[Delivery], None] | None = None
        self._served = 0  # since the last script()
        self._lock = threading.Lock()
        self._requested_port = port
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        if self._httpd is None:
            return self._requested_port
        return int(self._httpd.server_address[1])

    def url(self, path: str = "/hook") -> str:
        return f"http://{HOST}:{self.port}{path}"

    def script(self, *answers: Answer) -> None:
        with self._lock:
            self.answers = list(answers)
            self._served = 0

    def start(self) -> Self:
        self._httpd = _Server((HOST, self._requested_port), _handler(self._answer))
        self._requested_port = self.port  # a restart comes back on the same port
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None and self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(5)
            self._httpd.server_close()
        self._httpd = None

    def bodies(self) -> list[Any]:
        with self._lock:
            return [d.json() for d in self.deliveries]

    def delivery_keys(self) -> list[str]:
        with self._lock:
            return [d.key for d in self.deliveries]

    def _answer(self, delivery: Delivery) -> Answer:
        with self._lock:
            self.deliveries.append(delivery)
            self._served += 1
            index = min(self._served, len(self.answers)) - 1
            answer, hook = self.answers[index], self.on_post
        if hook is not None:
            hook(delivery)
        return answer

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that timed out and hung up is what some tests are about


def _handler(answer: Callable[[Delivery], Answer]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            reply = answer(Delivery(self.path, self.headers, body))
            time.sleep(reply.delay)
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

    return Handler

"""Story pages for worker tests: each answered after a short wait, with counts of the
requests in flight per path and per host, the most seen at once, and all served."""

from __future__ import annotations

import threading
import time
from collections import Counter

from tests.loopback import Request, Response
from tests.pages import news_page


class Pages:
    """A loopback route handler; ``most_per_path`` above 1 means one URL was fetched
    twice at once, ``most_per_host`` is the most requests one host had at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.in_flight: Counter[str] = Counter()
        self.hosts: Counter[str] = Counter()
        self.served: Counter[str] = Counter()
        self.most_per_path = 0
        self.most_per_host = 0

    def __call__(self, request: Request) -> Response:
        host = str(request.headers.get("host") or "")
        key = host + request.path
        with self._lock:
            self.in_flight[key] += 1
            self.hosts[host] += 1
            self.served[key] += 1
            self.most_per_path = max(self.most_per_path, self.in_flight[key])
            self.most_per_host = max(self.most_per_host, self.hosts[host])
        try:
            time.sleep(0.05)
            page = news_page(f"Story {request.path}", ["Para one.", "Para two."])
            return Response(200, [("Content-Type", "text/html; charset=utf-8")], page.encode())
        finally:
            with self._lock:
                self.in_flight[key] -= 1
                self.hosts[host] -= 1

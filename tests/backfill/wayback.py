"""A Wayback-compatible archive on 127.0.0.1: a CDX API (``/cdx/search/cdx``), raw
captures at ``/web/<timestamp>id_/<url>`` and Memento TimeMaps at
``/timemap/link/<url>``, filled from the bundled snapshots (real pages of stories
over time). Used by the backfill tests and bench/backfill.py."""

from __future__ import annotations

import asyncio
import hashlib
import json
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from tests.loopback import LoopbackServer, Request, Response

SNAPSHOTS = Path(__file__).resolve().parents[2] / "snapshots"


@dataclass(frozen=True, slots=True)
class Snap:
    at: datetime
    status: int
    body: bytes
    note: str = ""

    @property
    def timestamp(self) -> str:
        return self.at.strftime("%Y%m%d%H%M%S")


def snapshot_story(name: str) -> tuple[str, list[Snap]]:
    """A story of snapshots/: its URL and its captures, oldest first."""
    folder = SNAPSHOTS / name
    manifest = tomllib.loads((folder / "story.toml").read_text(encoding="utf-8"))
    snaps = [
        Snap(c["at"].astimezone(UTC), c["status"], (folder / c["file"]).read_bytes(),
             c.get("note", ""))
        for c in manifest["captures"]
    ]  # fmt: skip
    return manifest["url"], snaps


class SimClock:
    """A clock that moves only when someone sleeps on it; every sleep is recorded."""

    def __init__(self, start: datetime = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def __call__(self) -> datetime:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += timedelta(seconds=seconds)
        await asyncio.sleep(0)


def _digest(body: bytes) -> str:
    return hashlib.sha1(body).hexdigest().upper()


def _in_range(ts: str, low: str | None, high: str | None) -> bool:
    return (low is None or ts >= low.ljust(14, "0")) and (high is None or ts <= high.ljust(14, "9"))


class WaybackArchive:
    """Captures served the way the Wayback Machine serves them."""

    def __init__(self, server: LoopbackServer) -> None:
        self.server = server
        self.rows: dict[str, list[tuple[str, int, str]]] = {}  # url -> (ts, status, digest)
        server.route("/cdx/search/cdx", self._cdx)

    @property
    def base(self) -> str:
        return self.server.base_url

    def add(self, url: str, snaps: list[Snap]) -> None:
        for snap in snaps:
            self.rows.setdefault(url, []).append((snap.timestamp, snap.status, _digest(snap.body)))
            self.server.route(
                self.raw_path(snap.timestamp, url),
                Response(status=snap.status, body=snap.body, headers=[
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("X-Archive-Orig-Content-Type", "text/html; charset=utf-8"),
                    ("X-Archive-Orig-Date", format_datetime(snap.at, usegmt=True)),
                    ("Memento-Datetime", format_datetime(snap.at, usegmt=True)),
                ]),
            )  # fmt: skip
        self.rows[url].sort()
        self.server.route(f"/timemap/link/{url}", Response(
            body=self.timemap(url).encode(), headers={"Content-Type": "application/link-format"}
        ))  # fmt: skip

    def add_story(self, name: str) -> tuple[str, list[Snap]]:
        url, snaps = snapshot_story(name)
        self.add(url, snaps)
        return url, snaps

    @staticmethod
    def raw_path(timestamp: str, url: str) -> str:
        return f"/web/{timestamp}id_/{url}"

    def timemap_url(self, url: str) -> str:
        return f"{self.base}/timemap/link/{url}"

    def timemap(self, url: str) -> str:
        lines = [f'<{url}>; rel="original"']
        for ts, _, _ in self.rows[url]:  # every memento: pages and the page's own 404s
            at = datetime.strptime(ts, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
            lines.append(
                f'<{self.base}/web/{ts}/{url}>; rel="memento";'
                f' datetime="{format_datetime(at, usegmt=True)}"'
            )
        return ",\n".join(lines) + "\n"

    def _cdx(self, request: Request) -> Response:
        params = request.params
        rows = self.rows.get(params.get("url", ""), [])
        if params.get("filter") == "statuscode:200":
            rows = [r for r in rows if r[1] == 200]
        rows = [r for r in rows if _in_range(r[0], params.get("from"), params.get("to"))]
        if params.get("collapse") == "digest":
            rows = [r for i, r in enumerate(rows) if i == 0 or rows[i - 1][2] != r[2]]
        if "limit" in params:
            rows = rows[: int(params["limit"])]
        if not rows:
            return Response(body=b"", headers={"Content-Type": "text/plain"})
        url = params["url"]
        table = [["timestamp", "original", "statuscode", "digest"]]
        table += [[ts, url, str(status), digest] for ts, status, digest in rows]
        return Response(body=json.dumps(table).encode(), headers={"Content-Type": "text/plain"})

"""Backfill throughput: 200 captures from a Wayback-compatible archive on loopback.

    python bench/backfill.py [--captures 200] [--story blinken-beijing]

The archive (tests/backfill/wayback.py: a CDX API and ``id_`` captures on
127.0.0.1) serves CAPTURES captures of one story, a day apart, cycling through the
story's snapshot pages; every third capture also has one sentence of the article
changed, so the run makes versions, flip-flops and noise as a real history does. The
archive client runs at a 0 s gap (no politeness wait), so the figure is the
pipeline's own cost per capture: list, fetch over loopback HTTP, extract, fingerprint,
noise and flip-flop checks, the stored change, one SQLite transaction per capture.

Prints captures fetched and recorded per second of (1) a backfill into a new story,
(2) a second run (everything already seen: only the CDX list), (3) a backfill into a
story whose newest half revtrack already tracks (the older half spliced in before it,
in one transaction), and beside them (0) the same captures recorded straight through
``record_fetch`` with no HTTP and no archive client: the pipeline alone. The
loopback server answers each GET in tens of milliseconds (bare httpx is timed on
the same captures), so that time is also printed and taken off.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from revtrack.backfill.client import ArchiveClient
from revtrack.backfill.run import BackfillSummary, backfill_story, list_captures
from revtrack.check.record import record_fetch
from revtrack.clock import utcnow
from revtrack.fetch import FetchOutcome, FetchResult, decode_body
from revtrack.history.open import open_store
from revtrack.store.store import Store
from tests.backfill.wayback import Snap, WaybackArchive, snapshot_story
from tests.loopback import LoopbackServer


def make_captures(story: str, count: int) -> tuple[str, list[Snap]]:
    url, snaps = snapshot_story(story)
    pages = [s for s in snaps if s.status == 200]
    out = []
    for i in range(count):
        page = pages[i % len(pages)]
        body = page.body
        if i % 3 == 2:  # one sentence of the article changed
            marker = b"</p>"
            at = body.find(marker, len(body) // 2)
            if at != -1:
                body = body[:at] + f" Revised figure: {i} units.".encode() + body[at:]
        out.append(replace(page, at=pages[0].at + timedelta(days=i), body=body))
    return url, out


def own_fetch(url: str, snap: Snap) -> FetchResult:
    text, charset = decode_body(snap.body, "text/html; charset=utf-8")
    return FetchResult(
        url=url, outcome=FetchOutcome.OK, fetched_at=snap.at, final_url=url, status=200,
        body=snap.body, text=text, charset=charset, content_type="text/html; charset=utf-8",
    )  # fmt: skip


async def timed_backfill(store: Store, base: str, url: str) -> tuple[BackfillSummary, float]:
    started = time.perf_counter()
    story, _ = store.add_story(url, now=utcnow())
    async with ArchiveClient(gap=0.0, retries=0) as client:
        captures = await list_captures(client, story.url, wayback=base)
        summary = await backfill_story(store, store.story(story.id), captures, client)
    return summary, time.perf_counter() - started


async def bare_fetches(archive: WaybackArchive, url: str) -> float:
    """Seconds for plain httpx to GET every capture once, one at a time."""
    async with ArchiveClient(gap=0.0, retries=0) as client:
        captures = await list_captures(client, url, wayback=archive.base)
    async with httpx.AsyncClient() as plain:
        started = time.perf_counter()
        for capture in captures:
            (await plain.get(capture.raw_url)).raise_for_status()
        return time.perf_counter() - started


def show(name: str, summary: BackfillSummary, seconds: float) -> None:
    rate = f"{summary.fetched / seconds:7.1f} captures/s" if summary.fetched else " " * 18
    print(f"{name:<34} {seconds:7.2f} s  {rate}   {summary.line()}")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--captures", type=int, default=200)
    parser.add_argument("--story", default="blinken-beijing")
    args = parser.parse_args()
    url, snaps = make_captures(args.story, args.captures)
    print(f"backfill of {len(snaps)} captures of {url} (snapshots/{args.story}), gap 0 s")
    with LoopbackServer() as server, tempfile.TemporaryDirectory() as tmp:
        archive = WaybackArchive(server)
        archive.add(url, snaps)
        with open_store(Path(tmp) / "z.db") as store:
            started = time.perf_counter()
            story, _ = store.add_story(url, now=snaps[0].at)
            for snap in snaps:
                record_fetch(store, store.story(story.id), own_fetch(url, snap))
            seconds = time.perf_counter() - started
            print(f"{'pipeline alone (no HTTP)':<34} {seconds:7.2f} s  "
                  f"{len(snaps) / seconds:7.1f} captures/s")  # fmt: skip
        fetching = await bare_fetches(archive, url)
        print(
            f"{'bare httpx GETs of the captures':<34} {fetching:7.2f} s  "
            f"{len(snaps) / fetching:7.1f} captures/s  (the loopback server's own pace)"
        )
        with open_store(Path(tmp) / "a.db") as store:
            summary, seconds = await timed_backfill(store, archive.base, url)
            show("new story", summary, seconds)
            own = seconds - fetching
            print(f"{'  less the bare GETs':<34} {own:7.2f} s  "
                  f"{summary.fetched / own:7.1f} captures/s  (revtrack's own cost)")  # fmt: skip
            again, seconds = await timed_backfill(store, archive.base, url)
            show("second run (all seen)", again, seconds)
        with open_store(Path(tmp) / "b.db") as store:
            story, _ = store.add_story(url, now=snaps[0].at)
            half = len(snaps) // 2
            for snap in snaps[half:]:
                record_fetch(store, store.story(story.id), own_fetch(url, snap))
            tracked = len(store.versions(story.id))
            summary, seconds = await timed_backfill(store, archive.base, url)
            show(f"older half before {tracked} tracked", summary, seconds)
            print(f"  versions now {len(store.versions(story.id))}, changes "
                  f"{len(store.changes(story.id))}")  # fmt: skip


if __name__ == "__main__":
    asyncio.run(main())

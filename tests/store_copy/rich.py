"""A small store with a row in every table: what a copy must carry whole."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from revtrack.check import record_fetch
from revtrack.fetch import FetchOutcome, FetchResult
from revtrack.store.reviews import ReviewState
from revtrack.store.store import Store
from tests.check.test_record import JsonExtractor, page

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
URLS = tuple(f"https://news.example/world/story-{n}" for n in (1, 2, 3))
# Key columns per table: rows are compared in this order.
KEYS = {
    "sources": ("id",), "stories": ("id",), "blobs": ("sha",), "versions": ("id",),
    "checks": ("id",), "events": ("id",), "changes": ("story_id", "seq"),
    "reviews": ("story_id", "seq"), "review_log": ("id",), "outbox": ("id",),
    "archive_captures": ("story_id", "capture"), "meta": ("key",), "workers": ("id",),
    "hosts": ("host",),
}  # fmt: skip


def _fetched(url: str, body: bytes, at: datetime, **kw: Any) -> FetchResult:
    fields: dict[str, Any] = {"outcome": FetchOutcome.OK, "status": 200, "final_url": url}
    fields.update(kw)
    return FetchResult(url=url, fetched_at=at, body=body, text=body.decode(), **fields)


def fill(store: Store) -> None:
    """Stories with versions (delta-encoded blobs), noise, a flip-flop, gone and
    restored events, reviews and their record, the outbox, a source, a capture, a worker
    and a host's last request start."""
    extract = JsonExtractor()
    now = T0
    with store.transaction():
        store.insert_source("https://news.example/feed.xml", "feed", now=now)
    source = store.sources()[0]
    for n, url in enumerate(URLS):
        store.add_story(url, now=now)
        bodies = [
            page(f"Strikes kill {n}", "One man was killed.", "Police said so."),
            page(f"Strikes kill {n + 1}", "Two men were killed.", "Police said so."),
            page(f"Strikes kill {n + 1}", "Two men were killed.", "Police said so.", noise=1),
            page(f"Strikes kill {n}", "One man was killed.", "Police said so."),  # flip-flop
        ]
        for body in bodies:
            now += timedelta(minutes=15)
            record_fetch(store, store.story(url), _fetched(url, body, now), extract=extract)
        now += timedelta(minutes=15)
        gone = _fetched(url, b"", now, outcome=FetchOutcome.GONE, status=404)
        record_fetch(store, store.story(url), gone, extract=extract)
        now += timedelta(minutes=15)
        back = page(f"Strikes kill {n + 2}", "Three men were killed.", "Police said so.")
        record_fetch(store, store.story(url), _fetched(url, back, now), extract=extract)
    with store.transaction():
        story = store.story(URLS[0])
        store.mark_review(
            story.id, 2, state=ReviewState.FLAGGED, note="ask the desk", reviewer="ana", at=now
        )
        store.mark_review(story.id, 2, state=ReviewState.REVIEWED, note="", reviewer="bo", at=now)
        store.add_outbox(story.id, 2, target="https://hook.example/", payload="{}", at=now)
        store.add_discovered_story(
            "https://news.example/world/found", source_id=source.id, now=now, published=None
        )
        store.mark_capture_seen(
            story.id, "https://web.archive.org/web/20260301id_/x", captured_at=T0,
            digest="abc", outcome="noise", at=now,
        )  # fmt: skip
    store.heartbeat("desk-1:4242", now, checks=3)  # a worker, and a host it fetched
    store.record_host_starts({"news.example": now})


def dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in key order, blobs as bytes."""
    out = {}
    for table, key in KEYS.items():
        rows = store.conn.execute(f"SELECT * FROM {table}").fetchall()
        names = [*rows[0].keys()] if rows else []
        where = [names.index(k) for k in key] if rows else []
        values = [
            tuple(bytes(v) if isinstance(v, memoryview | bytearray) else v for v in row)
            for row in rows
        ]
        out[table] = sorted(values, key=lambda r: tuple(r[i] for i in where))
    return out

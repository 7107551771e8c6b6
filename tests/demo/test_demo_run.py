"""The demo's scheduler-driven replay on a simulated clock, with pages made here."""

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from revtrack.demo.clock import SimClock
from revtrack.demo.run import run_demo
from revtrack.demo.server import LOOPBACK, Capture, DemoServer, ServedStory
from revtrack.store.store import Store
from tests.pages import news_page

T0 = datetime(2025, 12, 1, 6, 0, tzinfo=UTC)
P = ["KYIV: Attacks overnight killed at least one person.", "Officials said talks go on."]


def _capture(minutes: float, headline: str, paragraphs: list[str], hit: int) -> Capture:
    page = news_page(headline, paragraphs, hit=hit)
    return Capture(T0 + timedelta(minutes=minutes), 200, page.encode())


def test_demo_replays_captures_through_the_schedule(tmp_path: Path) -> None:
    live = ServedStory(
        "/live",
        [
            _capture(0, "Strikes kill 1", P, 1),
            _capture(12, "Strikes kill 1", P, 2),  # noise only
            _capture(45, "Strikes kill 3", [P[0].replace("one person", "three people"), P[1]], 3),
            _capture(300, "Strikes kill 3 as talks end", P, 4),
        ],
    )
    gone = ServedStory(
        "/gone",
        [
            _capture(30, "Council vote delayed", P, 1),
            Capture(T0 + timedelta(hours=3), 404, b"gone"),
            _capture(60 * 9, "Council vote delayed", P, 2),
        ],
    )
    with Store.open(tmp_path / "demo.db") as store:
        result = asyncio.run(run_demo(store, [live, gone]))
        by_headline = {s.headline: s for s in store.stories()}
        live_story = by_headline["Strikes kill 3 as talks end"]
        assert [v.headline for v in store.versions(live_story.id)] == [
            "Strikes kill 1", "Strikes kill 3", "Strikes kill 3 as talks end"
        ]  # fmt: skip
        gone_story = by_headline["Council vote delayed"]
        assert [e.kind for e in store.events(gone_story.id)] == ["gone", "restored"]
        # The first check of a story waits for its publication.
        assert store.checks(gone_story.id)[0].checked_at == T0 + timedelta(minutes=30)
    assert result.stories == 2
    assert result.versions == 4
    assert {"headline", "fact"} <= set(result.labels)
    assert result.events == {"gone": 1, "restored": 1}


def test_demo_server_listens_on_loopback_only() -> None:
    clock = SimClock(T0)
    with DemoServer([ServedStory("/a", [_capture(0, "A", P, 1)])], clock) as server:
        host, port = server.server_address[:2]
        assert host == LOOPBACK
        assert server.url("/a") == f"http://127.0.0.1:{port}/a"
        assert server.page("/a")[0] == 200
        clock.advance_to(T0 - timedelta(days=1))  # time never runs backwards
        assert server.page("/missing")[0] == 404

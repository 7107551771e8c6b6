"""Shared helpers for the diff, version and checks screen tests (no tests here)."""

from __future__ import annotations

import hashlib
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget

from revtrack.article import Article
from revtrack.history.records import record_change
from revtrack.store.history import NewVersion
from revtrack.store.rows import StoryUpdate
from revtrack.store.store import Store

NOW = datetime(2026, 3, 14, 12, 0, tzinfo=UTC)
URL = "https://news.example.com/2026/03/14/strike"
HOSTILE = "Mayor [/] resigns [@click=app.quit]now[/] [$accent]x \x1b[31mred"
HOSTILE_SHOWN = "Mayor [/] resigns [@click=app.quit]now[/] [$accent]x red"

FILLER = [
    f"Paragraph {n} of background: officials described the scene in detail, "
    f"and residents spoke about the night the sirens started for the {n}th time."
    for n in range(1, 13)
]


class HostApp(App[None]):
    """A tiny stand-in for RevtrackApp: a store, its lock and a fixed clock."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.store_lock = threading.Lock()

    def now(self) -> datetime:
        return NOW

    def on_mount(self) -> None:
        self.theme = "textual-dark"


def article(
    headline: str,
    paragraphs: list[str],
    *,
    updated: datetime | None = None,
    corrections: tuple[str, ...] = (),
    dek: str = "Rescue teams search the rubble",
) -> Article:
    return Article(
        url=URL,
        headline=headline,
        dek=dek,
        byline="By Ana Reporter",
        published=NOW - timedelta(hours=6),
        updated=updated,
        updated_text=f"Updated {updated:%H:%M}" if updated else "",
        highlights=("Rescue under way",),
        paragraphs=tuple(paragraphs),
        corrections=corrections,
    )


def versions() -> list[Article]:
    """Four versions: toll change, a quote removed, a paragraph moved, a correction."""
    quote = '"We will rebuild," the mayor said on Monday.'
    body1 = ["Strikes killed 1 person overnight, officials said.", quote, *FILLER]
    body2 = ["Strikes killed 3 people overnight, officials said.", quote, *FILLER]
    body3 = [body2[0], *FILLER]
    body4 = [body3[0], FILLER[5], *FILLER[:5], *FILLER[6:]]
    t = NOW - timedelta(hours=5)
    return [
        article("Strike kills 1", body1, updated=t),
        article("Strike kills 3", body2, updated=t + timedelta(hours=1)),
        article("Strike kills 3", body3, updated=t + timedelta(hours=1)),
        article(
            "Strike kills 3",
            body4,
            updated=t + timedelta(hours=2),
            corrections=("An earlier version misstated the toll.",),
        ),
    ]


def add_versions(store: Store, story_id: int, articles: list[Article]) -> None:
    for n, art in enumerate(articles):
        raw = f"<html><head><title>{art.headline}</title></head>\n<body>\n"
        raw += "\n".join(f"<p>{p}</p>" for p in art.paragraphs) + "\n</body></html>\n"
        new = NewVersion(
            article=art,
            raw=raw.encode(),
            fingerprint=hashlib.sha256(art.to_json().encode()).hexdigest(),
            captured_at=NOW - timedelta(hours=5 - n),
            url=URL,
            extractor="test",
            extractor_version="1",
        )
        with store.transaction():  # as capture keeps it: with its change
            version = store.add_version(story_id, new)
            record_change(store, store.story(story_id), version, art)


def make_store(tmp_path: Path, articles: list[Article] | None = None) -> tuple[Store, int]:
    store = Store.open(tmp_path / "revtrack.db")
    story, _ = store.add_story(URL, now=NOW - timedelta(hours=6))
    add_versions(store, story.id, articles or versions())
    with store.transaction():
        store.update_story(story.id, StoryUpdate(headline=(articles or versions())[-1].headline))
    return store, story.id


async def settle(app: App[None], pilot: Pilot[None]) -> None:
    """Wait for workers, their messages and any rows mounted after the first paint."""
    from revtrack.tui.widgets.diff_view import DiffView

    for _ in range(100):
        await app.workers.wait_for_complete()
        await pilot.pause()
        views = app.screen.query(DiffView)
        ready = getattr(app.screen, "ready", True)
        if ready and (not views or views.first().complete):
            return
        await pilot.pause(0.01)
    raise AssertionError("the diff view never finished mounting")


def plain(widget: Widget) -> str:
    """The text a Static (or a row with Static children) shows."""
    from textual.widgets import Static

    if isinstance(widget, Static):
        return widget.content.plain if hasattr(widget.content, "plain") else str(widget.content)
    return "\n".join(plain(child) for child in widget.children)

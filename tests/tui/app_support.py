"""Stores and apps for the stories/story screen tests (no tests here)."""

from __future__ import annotations

from contextlib import suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rich.text import Text
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable
from textual.worker import WorkerCancelled

from revtrack.article import Article
from revtrack.history.records import mark_removed, record_change
from revtrack.store.history import NewVersion
from revtrack.store.rows import CheckOutcome, StoryStatus, StoryUpdate
from revtrack.store.store import Store
from revtrack.tui.app import RevtrackApp

NOW = datetime(2026, 3, 14, 12, 0, tzinfo=UTC)
HOSTILE = "Mayor [/] resigns [@click=app.quit]now[/] [$accent]x \x1b[31mred"
BODY = [
    "Strikes killed 1 person overnight, officials said on Monday.",
    '"We will rebuild," the mayor said.',
    "Residents described the night the sirens started.",
]


def fixed_clock() -> datetime:
    return NOW


def article(url: str, headline: str, paragraphs: list[str], hours: int) -> Article:
    updated = NOW - timedelta(hours=hours)
    return Article(
        url=url, headline=headline, paragraphs=tuple(paragraphs), updated=updated,
        updated_text=f"Updated {updated:%H:%M}",
    )  # fmt: skip


def add_version(store: Store, story_id: int, art: Article, at: datetime) -> None:
    """A version as capture keeps it: with its change against the version before."""
    new = NewVersion(
        article=art, raw=f"<html><h1>{art.headline}</h1></html>".encode(),
        fingerprint=f"fp-{hash((art.headline, art.paragraphs))}", captured_at=at, url=art.url,
        extractor="test", extractor_version="1",
    )  # fmt: skip
    with store.transaction():
        version = store.add_version(story_id, new)
        record_change(store, store.story(story_id), version, art)
        store.update_story(
            story_id,
            StoryUpdate(headline=art.headline, status=StoryStatus.LIVE, last_changed_at=at),
        )


def add_story(store: Store, url: str, headlines: list[str], *, start: int = 10) -> int:
    story, _ = store.add_story(url, now=NOW - timedelta(hours=start + 1))
    body = list(BODY)
    for n, headline in enumerate(headlines):
        if n:
            body[0] = body[0].replace(f"{n} person", f"{n + 1} person")
            body.append(f"Update {n}: more details emerged.")
        at = NOW - timedelta(hours=start - n)
        add_version(store, story.id, article(url, headline, body, start - n), at)
    return story.id


def make_store(path: Path, *, hostile: bool = False) -> Store:
    """Three stories on two sites; one gone with quiet checks; optionally a hostile one."""
    store = Store.open(path)
    add_story(store, "https://a.example.com/mayor", ["Mayor speaks", "Mayor resigns"], start=8)
    gone = add_story(store, "https://b.example.org/fire", ["Fire downtown"], start=20)
    add_story(store, "https://a.example.com/strike", ["Strike", "Strike kills 2", "Strike kills 3"])
    with store.transaction():
        for n in range(3):
            store.add_check(gone, at=NOW - timedelta(hours=6 - n), outcome=CheckOutcome.NOISE)
        store.add_event(gone, at=NOW - timedelta(hours=2), kind="gone", detail="HTTP 410")
        mark_removed(store, gone, NOW - timedelta(hours=2))
        store.update_story(gone, StoryUpdate(status=StoryStatus.GONE, next_check_at=None))
    if hostile:
        add_story(store, "https://evil.example.net/x", [HOSTILE, HOSTILE + " 2"], start=3)
    return store


def make_app(path: Path, *, hostile: bool = False, refresh_every: float = 0) -> RevtrackApp:
    app = RevtrackApp(make_store(path, hostile=hostile), clock=fixed_clock,
                      refresh_every=refresh_every)  # fmt: skip
    app.theme = "textual-dark"
    return app


async def settle(pilot: Pilot[None], rounds: int = 4) -> None:
    """Let workers finish and their messages land (workers start more workers)."""
    for _ in range(rounds):
        with suppress(WorkerCancelled):  # exclusive workers replace each other: fine
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def cells(app: App[None], table_id: str) -> list[list[str]]:
    """The plain text of every cell of a DataTable on the current screen."""
    table: DataTable[Text] = app.screen.query_one(table_id, DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]

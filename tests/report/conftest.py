"""A store with real changes, built once: the demo replay plus one hostile story."""

from __future__ import annotations

import asyncio
import hashlib
import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from revtrack.article import Article
from revtrack.cli import cli
from revtrack.demo.run import run_demo
from revtrack.demo.sources import served_stories
from revtrack.history.records import ensure_changes
from revtrack.review import ReviewState, mark_change
from revtrack.store.history import NewVersion
from revtrack.store.rows import StoryUpdate
from revtrack.store.store import Store

SNAPSHOTS = Path(__file__).resolve().parents[2] / "snapshots"
HOSTILE_URL = "https://hostile.example/2026/mayor"
# Captured an hour before the real now, so `--since 24h` finds only this story.
HOSTILE_AT = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
HOSTILE_HEADLINE = (
    '=HYPERLINK("x") </title><script>alert(1)</script> "><img src=x onerror=alert(1)>'
    " [/] &amp; \x1b]8;;x\x07link\x1b[31m red\x00\x0b ````` end"
)
# What a reader must see: the same text without its escape sequences and controls.
HOSTILE_SHOWN = (
    '=HYPERLINK("x") </title><script>alert(1)</script> "><img src=x onerror=alert(1)>'
    " [/] &amp; link red ````` end"
)
HOSTILE_NOTE = "@SUM(1) <b>checked</b> [/]"
DEMO_CHANGES = 14


def _article(headline: str, paragraphs: tuple[str, ...]) -> Article:
    return Article(url=HOSTILE_URL, headline=headline, paragraphs=paragraphs)


def _hostile_versions() -> list[Article]:
    first = (
        "The mayor of Springfield resigned on Monday, officials said.",
        "Code: ``` not a fence ```",
        "Residents gathered outside the hall.",
    )
    second = (
        "The mayor of Springfield </p><script>alert(2)</script> resigned on Tuesday.",
        "Code: ```````` \n```\nstill text ```",
        "Residents gathered outside the hall \x1b[2J and \u2028 cheered.",
    )
    return [_article("Mayor resigns", first), _article(HOSTILE_HEADLINE, second)]


def add_hostile_story(store: Store) -> None:
    story, _ = store.add_story(HOSTILE_URL, now=HOSTILE_AT - timedelta(hours=1))
    for n, art in enumerate(_hostile_versions()):
        new = NewVersion(
            article=art,
            raw=b"<html></html>",
            fingerprint=hashlib.sha256(art.to_json().encode()).hexdigest(),
            captured_at=HOSTILE_AT - timedelta(minutes=30 * (1 - n)),
            url=HOSTILE_URL,
            extractor="test",
            extractor_version="1",
        )
        with store.transaction():
            store.add_version(story.id, new)
    with store.transaction():
        store.update_story(story.id, StoryUpdate(headline=HOSTILE_HEADLINE))
    ensure_changes(store)
    mark_change(
        store, story.id, 2, state=ReviewState.FLAGGED, note=HOSTILE_NOTE,
        reviewer="=cmd|' /C calc'!A0", at=HOSTILE_AT,
    )  # fmt: skip


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report-store") / "revtrack.db"
    with Store.open(path) as store:
        asyncio.run(run_demo(store, served_stories(SNAPSHOTS)))
        add_hostile_story(store)
    return path


@pytest.fixture
def home(tmp_path: Path, built_db: Path) -> Path:
    """A --home holding a copy of the built store, so tests may change it."""
    folder = tmp_path / "home"
    folder.mkdir()
    shutil.copy(built_db, folder / "revtrack.db")
    return folder


@pytest.fixture
def run(home: Path) -> Callable[..., Result]:
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(cli, ["--home", str(home), *args], catch_exceptions=False)

    return invoke

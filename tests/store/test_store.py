import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from revtrack.article import Article
from revtrack.errors import StoreError, UnknownStoryError
from revtrack.store.history import NewVersion
from revtrack.store.migrations import LATEST
from revtrack.store.rows import StoryUpdate
from revtrack.store.store import Store

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def _new(text: str, at: datetime) -> NewVersion:
    article = Article(url="https://example.com/a", headline=text, paragraphs=(text, "two"))
    return NewVersion(
        article=article,
        raw=f"<html><h1>{text}</h1></html>".encode(),
        fingerprint=f"fp-{text}",
        captured_at=at,
        url="https://example.com/a",
        extractor="test",
        extractor_version="0",
    )


# ``store`` (tests/store/conftest.py) is a SQLite store, then a PostgreSQL one.


def test_open_creates_schema_in_wal_mode(sqlite_store: Store) -> None:
    store = sqlite_store
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == LATEST


def test_add_story_dedupes_by_canonical_url(store: Store) -> None:
    first, created = store.add_story("https://Example.com/a?utm_source=x", now=T0)
    again, created_again = store.add_story("https://example.com/a#top", now=T0)
    assert created
    assert not created_again
    assert first.id == again.id
    assert first.url == "https://example.com/a"
    assert first.site == "example.com"
    assert [s.id for s in store.due_stories(T0)] == [first.id]


def test_unknown_story_is_a_clear_error(store: Store) -> None:
    with pytest.raises(UnknownStoryError, match="not tracked"):
        store.story("https://example.com/none")


def test_versions_round_trip_article_and_raw(store: Store) -> None:
    story, _ = store.add_story("https://example.com/a", now=T0)
    with store.transaction():
        for i in range(5):
            store.add_version(story.id, _new(f"text {i}", T0 + timedelta(minutes=i)))
    versions = store.versions(story.id)
    assert [v.seq for v in versions] == [1, 2, 3, 4, 5]
    assert store.article(versions[2]).headline == "text 2"
    assert store.raw_html(versions[4]) == b"<html><h1>text 4</h1></html>"
    assert store.version(story.id, -1).seq == 5
    assert store.version(story.id, -2).seq == 4


def test_failed_transaction_leaves_nothing(store: Store) -> None:
    story, _ = store.add_story("https://example.com/a", now=T0)

    def crash_midway() -> None:
        with store.transaction():
            store.add_version(story.id, _new("half", T0))
            store.add_check(story.id, at=T0, outcome="new-version")
            raise RuntimeError("crash in the middle")

    with pytest.raises(RuntimeError):
        crash_midway()
    assert store.versions(story.id) == []
    assert store.checks(story.id) == []
    assert store.conn.execute("SELECT count(*) FROM blobs").fetchone()[0] == 0
    # The blob cache must not pretend the rolled-back blobs exist.
    with store.transaction():
        version = store.add_version(story.id, _new("half", T0))
    assert store.article(version).headline == "half"


def test_remove_story_collects_its_blobs(store: Store) -> None:
    keep, _ = store.add_story("https://example.com/keep", now=T0)
    drop, _ = store.add_story("https://example.com/drop", now=T0)
    with store.transaction():
        for i in range(4):
            store.add_version(keep.id, _new(f"keep {i}", T0))
            store.add_version(drop.id, _new(f"drop {i}", T0))
    store.remove_story(store.story(drop.url))
    assert [s.url for s in store.stories()] == [keep.url]
    for version in store.versions(keep.id):
        assert store.article(version).headline.startswith("keep")
    remaining = store.conn.execute("SELECT count(*) FROM blobs").fetchone()[0]
    assert remaining == 8  # 4 article + 4 raw blobs of the kept story


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "revtrack.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer than this revtrack"):
        Store.open(path)


def test_garbage_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "revtrack.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a revtrack store"):
        Store.open(path)


def test_due_stories_most_overdue_first(store: Store) -> None:
    a, _ = store.add_story("https://example.com/a", now=T0)
    b, _ = store.add_story("https://example.com/b", now=T0)
    c, _ = store.add_story("https://example.com/c", now=T0)
    with store.transaction():
        store.update_story(a.id, StoryUpdate(next_check_at=T0 - timedelta(minutes=5)))
        store.update_story(b.id, StoryUpdate(next_check_at=T0 - timedelta(hours=2)))
        store.update_story(c.id, StoryUpdate(next_check_at=T0 + timedelta(hours=1)))
    assert [s.id for s in store.due_stories(T0)] == [b.id, a.id]
    assert [s.id for s in store.due_stories(T0, limit=1)] == [b.id]

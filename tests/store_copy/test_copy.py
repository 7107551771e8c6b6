"""store/copy.py on SQLite: a whole store into an empty one, row for row, or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from revtrack.errors import StoreError
from revtrack.history.open import open_store
from revtrack.store.copy import COPY_TABLES, copy_store, store_tables
from revtrack.store.store import Store
from tests.store_copy.rich import KEYS, URLS, dump, fill


@pytest.fixture
def source(tmp_path: Path) -> Store:
    with open_store(tmp_path / "source.db") as store:
        fill(store)
        yield store


def test_the_copy_knows_every_table_and_the_sample_fills_them(source: Store) -> None:
    assert {t.name for t in COPY_TABLES} == store_tables(source) == set(KEYS)
    empty = [table for table, rows in dump(source).items() if not rows]
    assert empty == []


def test_sqlite_to_sqlite_is_row_for_row(source: Store, tmp_path: Path) -> None:
    seen: list[tuple[str, int]] = []
    with open_store(tmp_path / "target.db") as target:
        counts = copy_store(source, target, progress=lambda t, n: seen.append((t, n)))
        assert dump(target) == dump(source)
        assert seen == [(t.name, counts[t.name]) for t in COPY_TABLES]
        assert counts["versions"] == sum(len(source.versions(s.id)) for s in source.stories())
        for story in source.stories():  # every version reads back, byte for byte
            copied = target.story(story.url)
            assert copied.id == story.id
            for version in source.versions(story.id):
                twin = target.version(story.id, version.seq)
                assert target.raw_html(twin) == source.raw_html(version)
                assert target.article(twin) == source.article(version)
            assert target.reviews(story.id) == source.reviews(story.id)
            assert target.review_log(story.id) == source.review_log(story.id)
            assert target.events(story.id) == source.events(story.id)


def test_new_ids_follow_the_copied_ones(source: Store, tmp_path: Path) -> None:
    with open_store(tmp_path / "target.db") as target:
        copy_store(source, target)
        top = max(s.id for s in target.stories())
        story, new = target.add_story(
            "https://news.example/world/later", now=source.stories()[0].added_at
        )
        assert new
        assert story.id == top + 1


def test_a_target_with_stories_is_refused_and_left_alone(source: Store, tmp_path: Path) -> None:
    with open_store(tmp_path / "target.db") as target:
        target.add_story("https://other.example/a", now=source.stories()[0].added_at)
        before = dump(target)
        with pytest.raises(StoreError, match=r"^T already holds stories; .*nothing was written"):
            copy_store(source, target, where="T")
        assert dump(target) == before


def test_a_target_with_other_rows_is_refused_too(source: Store, tmp_path: Path) -> None:
    with open_store(tmp_path / "target.db") as target:
        copy_store(source, target)
        with target.transaction():
            target.conn.execute("DELETE FROM stories")  # sources stay
        with pytest.raises(StoreError, match="already holds sources rows"):
            copy_store(source, target, where="T")


def test_a_failure_half_way_leaves_the_target_empty(
    source: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def progress(table: str, rows: int) -> None:
        if table == "versions":
            raise RuntimeError("disk gone")

    with open_store(tmp_path / "target.db") as target:
        with pytest.raises(RuntimeError):
            copy_store(source, target, progress=progress)
        assert all(rows == [] for table, rows in dump(target).items() if table != "meta")
        copy_store(source, target)  # and it can be copied into afterwards
        assert dump(target) == dump(source)


def test_an_unknown_table_stops_the_copy_before_it_writes(source: Store, tmp_path: Path) -> None:
    with source.transaction():
        source.conn.execute("CREATE TABLE extra (id INTEGER PRIMARY KEY)")
    with open_store(tmp_path / "target.db") as target:
        with pytest.raises(StoreError, match=r"tables this copy does not know \(extra\)"):
            copy_store(source, target)
        assert target.stories() == []


def test_blob_chains_are_copied_bases_first(source: Store, tmp_path: Path) -> None:
    """Deltas exist in the sample (else the ordering would go untested)."""
    deltas = source.conn.execute("SELECT count(*) FROM blobs WHERE base IS NOT NULL")
    assert deltas.fetchone()[0] > 0
    with open_store(tmp_path / "target.db") as target:
        copy_store(source, target)
        assert target.conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_the_sample_has_what_it_promises(source: Store) -> None:
    story = source.story(URLS[0])
    kinds = {v.kind for v in source.versions(story.id)}
    assert {"version", "flip-flop"} <= kinds
    assert {e.kind for e in source.events(story.id)} >= {"gone", "restored"}

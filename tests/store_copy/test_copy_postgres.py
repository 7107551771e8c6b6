"""store copy between SQLite and a real PostgreSQL ($REVTRACK_TEST_PG; skipped without it):
row for row both ways, ids and blobs kept, new ids after the copied ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from revtrack.cli import cli
from revtrack.errors import StoreError
from revtrack.history.open import open_store
from revtrack.store.copy import copy_store, store_tables
from tests.store_copy.rich import KEYS, T0, dump, fill


def test_sqlite_to_postgresql_and_back_is_identical(tmp_path: Path, pg_url: str) -> None:
    with open_store(tmp_path / "source.db") as source:
        fill(source)
        original = dump(source)
        with open_store(pg_url) as middle:
            assert store_tables(middle) == set(KEYS)
            copy_store(source, middle)
            assert dump(middle) == original
            for story in source.stories():
                for version in source.versions(story.id):
                    twin = middle.version(story.id, version.seq)
                    assert middle.raw_html(twin) == source.raw_html(version)
                    assert middle.article(twin) == source.article(version)
            with open_store(tmp_path / "back.db") as back:
                copy_store(middle, back)
                assert dump(back) == original


def test_postgresql_ids_continue_after_the_copied_ones(tmp_path: Path, pg_url: str) -> None:
    with open_store(tmp_path / "source.db") as source, open_store(pg_url) as target:
        fill(source)
        copy_store(source, target)
        top = max(s.id for s in target.stories())
        story, new = target.add_story("https://news.example/world/later", now=T0)
        assert new
        assert story.id == top + 1
        with target.transaction():  # every other identity table takes a new row too
            target.add_event(story.id, at=T0, kind="gone")
            target.add_check(story.id, at=T0, outcome="error", detail="x")


def test_a_postgresql_target_with_stories_is_refused(tmp_path: Path, pg_url: str) -> None:
    with open_store(tmp_path / "source.db") as source, open_store(pg_url) as target:
        fill(source)
        target.add_story("https://other.example/a", now=T0)
        before = dump(target)
        with pytest.raises(StoreError, match="already holds stories"):
            copy_store(source, target, where="T")
        assert dump(target) == before


def test_cli_copies_to_postgresql_and_back(tmp_path: Path, pg_url: str) -> None:
    home = tmp_path / "home"
    home.mkdir()
    with open_store(home / "revtrack.db") as source:
        fill(source)
        original = dump(source)
    runner = CliRunner()
    there = runner.invoke(cli, ["--home", str(home), "store", "copy", "--to", pg_url])
    assert there.exit_code == 0, there.output
    assert "  stories: 4 rows\n" in there.output
    back = tmp_path / "back.db"
    again = runner.invoke(cli, ["--store", pg_url, "store", "copy", "--to", str(back)])
    assert again.exit_code == 0, again.output
    with open_store(back) as copied:
        assert dump(copied) == original
    listed = runner.invoke(cli, ["--store", pg_url, "list"])
    assert "https://news.example/world/found" in listed.output

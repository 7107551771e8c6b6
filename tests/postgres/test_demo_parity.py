"""End to end: the bundled demo archive replayed into PostgreSQL gives exactly the
versions, labels, events and checks it gives in SQLite (one worker)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from revtrack.cli.demo import bundled_archive
from revtrack.demo.run import run_demo
from revtrack.demo.sources import served_stories
from revtrack.history.records import ensure_changes
from revtrack.store.open import open_store_at
from tests.postgres.snapshot import everything


def _replay(location: str | Path) -> tuple[dict[str, Any], Any]:
    with open_store_at(location) as store:
        ensure_changes(store)
        result = asyncio.run(run_demo(store, served_stories(bundled_archive())))
        return everything(store), result


@pytest.mark.slow
def test_the_demo_on_postgres_is_the_demo_on_sqlite(pg_url: str, tmp_path: Path) -> None:
    on_sqlite, sqlite_result = _replay(tmp_path / "revtrack.db")
    on_postgres, postgres_result = _replay(pg_url)
    stories = [v for k, v in on_sqlite.items() if k.startswith("http")]
    assert len(stories) == 7
    assert sum(len(s["versions"]) for s in stories) == 21
    assert sum(len(s["checks"]) for s in stories) == sqlite_result.checks > 21
    assert len(on_sqlite["queue"]) == 14
    assert on_postgres == on_sqlite
    assert postgres_result.labels == sqlite_result.labels
    assert postgres_result.events == sqlite_result.events

"""End to end: the bundled demo archive replayed into PostgreSQL gives exactly the
versions, labels, events and checks it gives in SQLite (one worker)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest

from revtrack.cli.demo import bundled_archive
from revtrack.demo.run import run_demo
from revtrack.demo.sources import served_stories
from revtrack.history.records import ensure_changes
from revtrack.store.blobs import blob_sha
from revtrack.store.open import open_store_at
from revtrack.store.store import Store

_LOOPBACK = re.compile(r"http://127\.0\.0\.1:\d+")


def _same_anywhere(value: Any) -> Any:
    """A value with the demo server's port taken out (each replay gets its own)."""
    return _LOOPBACK.sub("http://demo", value) if isinstance(value, str) else value


def _everything(store: Store) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for story in store.stories():
        versions = store.versions(story.id)
        out[_same_anywhere(story.url)] = {
            "story": (story.status, story.headline, story.live, story.quiet_checks,
                      story.next_check_at, story.last_changed_at, story.error_streak),
            "versions": [
                (v.seq, v.kind, v.same_as, v.captured_at, v.updated_at, v.fingerprint,
                 v.headline, v.word_count, v.article_sha, v.raw_sha,
                 blob_sha(store.raw_html(v)), store.article(v).to_json())
                for v in versions
            ],
            "changes": [
                (c.seq, c.base_seq, c.captured_at, c.labels, c.counts, c.summary,
                 c.highlights, c.recipe, c.changeset_sha)
                for c in store.changes(story.id)
            ],
            "events": [(e.kind, e.at, e.version_seq, _same_anywhere(e.detail))
                       for e in store.events(story.id)],
            "checks": [(c.checked_at, c.outcome, c.http_status, c.version_seq,
                        c.page_updated_at, _same_anywhere(c.detail))
                       for c in store.checks(story.id)],
        }  # fmt: skip
    # The review desk's reads over the whole store.
    out["tally"] = sorted(store.change_tally(), key=repr)
    out["queue"] = [
        (c.change, c.review, _same_anywhere(c.url), c.headline, c.kind) for c in store.change_rows()
    ]
    out["labels"] = {_same_anywhere(store.story(k).url): v
                     for k, v in store.latest_change_labels().items()}  # fmt: skip
    out["rows"] = [(_same_anywhere(r.url), r.headline, r.versions, r.last_change, r.status)
                   for r in store.story_rows()]  # fmt: skip
    return out


def _replay(location: str | Path) -> tuple[dict[str, Any], Any]:
    with open_store_at(location) as store:
        ensure_changes(store)
        result = asyncio.run(run_demo(store, served_stories(bundled_archive())))
        return _everything(store), result


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

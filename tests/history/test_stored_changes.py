"""The stored change is the truth: views read it; only an explicit diff view diffs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import revtrack.history.changes as changes_module
from revtrack.cli import cli
from revtrack.history.changes import diff_versions
from revtrack.history.open import open_store
from revtrack.history.records import (
    RECIPE,
    ensure_changes,
    stored_changeset,
    stored_changeset_json,
)
from revtrack.history.timeline import story_timeline, version_title
from revtrack.report.collect import Filters, collect
from revtrack.store.store import Store
from tests.check.test_record import URL, Tracker, page

PAGES = [
    page("Storm hits the coast", "Two people were hurt as the storm came ashore."),
    page("Storm hits the coast", "Three people were hurt as the storm came ashore."),
    page("Storm kills one on the coast", "Three people were hurt as the storm came ashore."),
]


def _tracked(path: Path) -> None:
    with Store.open(path) as store:
        t = Tracker(store)
        for html in PAGES:
            t.feed(html)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "revtrack.db"
    _tracked(path)
    return path


def _no_diffing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a list view diffed")

    monkeypatch.setattr(changes_module, "diff_articles", refuse)


def test_the_stored_changeset_is_the_fresh_diff(db: Path) -> None:
    with Store.open(db) as store:
        story = store.story(URL)
        for record in store.changes(story.id):
            old = store.version(story.id, record.base_seq)
            new = store.version(story.id, record.seq)
            fresh = diff_versions(store, story.id, old, new)
            assert stored_changeset(store, record) == fresh
            assert stored_changeset_json(store, record) == fresh.to_json()
            assert record.labels == fresh.labels


def test_log_timeline_and_report_read_without_diffing(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_diffing(monkeypatch)
    with open_store(db) as store:
        story = store.story(URL)
        timeline = story_timeline(store, story.id)
        assert [e.labels[:1] for e in timeline.versions] == [("first",), ("fact",), ("fact",)]
        assert "headline" in timeline.versions[2].labels
        report = collect(store, Filters())
        assert [c.item.change.seq for c in report] == [3, 2]
        assert report[0].changes.labels == timeline.versions[2].labels
        assert store.latest_change_labels() == {story.id: timeline.versions[2].labels}
    result = CliRunner().invoke(cli, ["--home", str(db.parent), "log", URL, "--json"])
    assert result.exit_code == 0, result.output
    assert [v["labels"][:1] for v in json.loads(result.output)["versions"]] == [
        ["first"], ["fact"], ["fact"]
    ]  # fmt: skip


def test_opening_fills_missing_changes_once(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(db) as store, store.transaction():
        store.conn.execute("DELETE FROM changes")
    with open_store(db) as store:
        assert len(store.changes(store.story(URL).id)) == 2
        assert store.meta("changes_recipe") == str(RECIPE)
    _no_diffing(monkeypatch)
    with open_store(db) as store:  # current: nothing scanned, nothing diffed
        assert ensure_changes(store) == 0


def test_every_view_names_a_version_one_way(db: Path) -> None:
    with Store.open(db) as store:
        Tracker(store).feed(PAGES[0])  # back to the first text: a flip-flop
        versions = store.versions(store.story(URL).id)
    assert [version_title(v) for v in versions] == ["v1", "v2", "v3", "v4 flip-flop of v1"]
    result = CliRunner().invoke(cli, ["--home", str(db.parent), "log", URL])
    assert result.exit_code == 0, result.output
    assert "words flip-flop of v1  [" in result.output


def test_a_json_report_is_one_document_with_every_stored_changeset(db: Path) -> None:
    out = db.parent / "report.json"
    result = CliRunner().invoke(
        cli, ["--home", str(db.parent), "report", "--format", "json", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text("utf-8"))
    with Store.open(db) as store:
        story = store.story(URL)
        fresh = [
            diff_versions(store, story.id, store.version(story.id, b), store.version(story.id, s))
            for b, s in ((2, 3), (1, 2))
        ]
    assert [c["changeset"] for c in document["changes"]] == [f.to_json() for f in fresh]

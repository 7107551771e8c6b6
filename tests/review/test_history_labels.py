"""``removed`` and ``restored`` mark the versions around their event, in every view (issue 12).

The council story of a test newsroom came back unchanged after being gone, then was
edited: the edit was labelled ``restored``. One rule (``history_labels``) now decides,
and the CLI diff, the stored change (its row and ChangeSet, which the TUI, reports and the
review desk read), the log and ``version_changes`` all use it (issue 14: one label rule;
a stored change learns ``removed`` when the page goes).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from revtrack.cli import cli
from revtrack.fetch import FetchOutcome
from revtrack.history.changes import version_changes
from revtrack.history.records import RECIPE, ensure_changes, stored_changeset
from revtrack.history.timeline import story_timeline
from revtrack.store.store import Store
from tests.check.test_record import URL, Tracker, page

BEFORE = page(
    "Council votes to move bin collections to fortnightly",
    "The council voted 32 to 17 on Monday to collect bins every two weeks.",
)
RETURNED = page(
    "Council votes to move bin collections to fortnightly from June",
    "The council voted 32 to 17 on Monday to collect bins every two weeks.",
)
EDITED = page(
    "Council delays fortnightly bin collections after protest",
    "The council voted 32 to 17 on Monday to collect bins every two weeks.",
    "A petition opposing the change has gathered more than 3,000 signatures.",
)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture
def store(home: Path) -> Store:
    with Store.open(home / "revtrack.db") as opened:
        yield opened


def _gone(t: Tracker) -> None:
    t.feed(outcome=FetchOutcome.GONE, status=410)


def _labels_everywhere(store: Store, home: Path, seq: int) -> dict[str, set[str]]:
    """The labels of version ``seq`` against the one before it, as each view has them."""
    story = store.story(URL)
    listed = version_changes(store, story)[seq - 1].changes
    assert listed is not None
    result = CliRunner().invoke(
        cli, ["--home", str(home), "diff", URL, str(seq), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    row = store.change(story.id, seq)
    assert row is not None
    logged = story_timeline(store, story.id).versions[seq - 1]
    views = {
        "version_changes": set(listed.labels),
        "cli diff": set(json.loads(result.output)["changeset"]["labels"]),
        "stored changeset": set(stored_changeset(store, row).labels),
        "review row": set(row.labels),
        "log": set(logged.labels),
    }
    if seq == len(store.versions(story.id)):
        views["latest change"] = set(store.latest_change_labels()[story.id])
    return views


def test_an_edit_after_coming_back_unchanged_is_only_an_edit(store: Store, home: Path) -> None:
    t = Tracker(store)
    t.feed(BEFORE)
    _gone(t)
    back = t.feed(BEFORE)  # the page came back as it was: no version to carry the event
    assert (back.event, back.version_seq) == ("restored", None)
    t.feed(EDITED)
    for view, labels in _labels_everywhere(store, home, 2).items():
        assert "restored" not in labels, view
        assert {"fact", "headline"} <= labels, view


def test_restored_goes_on_the_version_captured_as_the_page_came_back(
    store: Store, home: Path
) -> None:
    t = Tracker(store)
    t.feed(BEFORE)
    _gone(t)
    back = t.feed(RETURNED)
    assert (back.event, back.version_seq) == ("restored", 2)
    t.feed(EDITED)
    for view, labels in _labels_everywhere(store, home, 2).items():
        assert "restored" in labels, view
    for view, labels in _labels_everywhere(store, home, 3).items():
        assert "restored" not in labels, view  # the later edit has its own labels only
        assert {"fact", "headline"} <= labels, view


def test_removed_goes_on_the_last_version_before_the_page_went(store: Store, home: Path) -> None:
    t = Tracker(store)
    t.feed(BEFORE)
    t.feed(RETURNED)
    _gone(t)
    # The row was written at capture; the gone check added "removed" to it.
    for view, labels in _labels_everywhere(store, home, 2).items():
        assert "removed" in labels, view
    # Back, and edited: the last version before the gap keeps "removed", the rest not.
    t.feed(RETURNED)
    t.feed(EDITED)
    for view, labels in _labels_everywhere(store, home, 2).items():
        assert "removed" in labels, view
    for view, labels in _labels_everywhere(store, home, 3).items():
        assert not {"removed", "restored"} & labels, view


def test_stored_rows_from_the_old_recipe_are_remade(store: Store) -> None:
    t = Tracker(store)
    t.feed(BEFORE)
    _gone(t)
    t.feed(BEFORE)
    t.feed(EDITED)
    story = store.story(URL)
    with store.transaction():
        store.conn.execute("UPDATE changes SET recipe = 1, labels = 'fact headline restored'")
    assert RECIPE > 1
    assert ensure_changes(store) == 1
    row = store.change(story.id, 2)
    assert row is not None
    assert "restored" not in row.labels
    assert row.recipe == RECIPE

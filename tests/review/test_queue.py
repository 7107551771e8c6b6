"""Changes are kept at capture, queued for review, marked, counted and survive re-extraction."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from revtrack.check import record_fetch
from revtrack.check.reextract import ReextractSummary, reextract_story
from revtrack.errors import RevtrackError, UnknownChangeError
from revtrack.history.records import ensure_changes
from revtrack.review import ReviewState, change_items, mark_change, review_counts, review_queue
from revtrack.review.queue import QueueItem, queue_page, review_tally
from revtrack.store.migrations import MIGRATIONS
from revtrack.store.store import Store
from tests.check.test_record import T0, URL, JsonExtractor, Tracker, fetched, page
from tests.check.test_reextract import _dropping_share_lines

LATER = T0 + timedelta(days=1)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store.open(tmp_path / "revtrack.db") as opened:
        yield opened


def _history(store: Store) -> Tracker:
    """v1 first, v2 a number, v3 a correction, v4 a style edit, v5 a revert to v4's words."""
    t = Tracker(store)
    t.feed(page("Strikes kill 1", "One man was killed.", "Share this article"))
    t.feed(page("Strikes kill 3", "Three men were killed.", "Share this article"))
    t.feed(page("Strikes kill 3", "Three men were killed.", "Share this article",
                corrections=["Correction: An earlier version said one man."]))  # fmt: skip
    t.feed(page("Strikes kill 3", "Three men have been killed.", "Share this article",
                corrections=["Correction: An earlier version said one man."]))  # fmt: skip
    return t


def test_capture_keeps_one_change_per_version_after_the_first(store: Store) -> None:
    _history(store)
    story = store.story(URL)
    changes = store.changes(story.id)
    assert [(c.seq, c.base_seq) for c in changes] == [(2, 1), (3, 2), (4, 3)]
    assert changes[0].labels == ("fact", "headline", "silent")
    assert "correction" in changes[1].labels
    assert (
        changes[1].highlights[0] == "correction added: Correction: An earlier version said one man."
    )
    assert changes[2].labels == ("style",)
    assert changes[0].summary.startswith("headline rewritten")


def test_the_queue_is_newest_first_and_filters_by_label(store: Store) -> None:
    _history(store)
    assert [item.change.seq for item in review_queue(store)] == [4, 3, 2]
    assert [item.change.seq for item in review_queue(store, ["correction"])] == [3]
    assert [item.change.seq for item in review_queue(store, ["silent", "style"])] == [4, 2]
    item = review_queue(store)[0]
    assert (item.url, item.headline, item.kind) == (URL, "Strikes kill 3", "version")
    assert item.to_json()["review"] == {
        "state": "unreviewed",
        "note": "",
        "reviewer": "",
        "at": None,
    }


def test_unknown_labels_are_a_one_line_error(store: Store) -> None:
    with pytest.raises(RevtrackError, match="unknown label 'typo' \\(known: fact, style"):
        review_queue(store, ["typo"])


def test_marks_move_changes_between_states_and_are_all_recorded(store: Store) -> None:
    _history(store)
    story = store.story(URL)
    mark_change(
        store, URL, 3, state=ReviewState.FLAGGED, note="check the toll", reviewer="ana", at=LATER
    )
    mark_change(store, URL, 2, state=ReviewState.REVIEWED, reviewer="ana", at=LATER)
    assert [item.change.seq for item in review_queue(store)] == [4]
    counts = review_counts(store)
    assert (counts.unreviewed, counts.reviewed, counts.flagged) == (1, 1, 1)
    assert dict(counts.unreviewed_by_label)["style"] == 1
    flagged = change_items(store, states=[ReviewState.FLAGGED])
    assert [(i.change.seq, i.review.note, i.review.reviewer) for i in flagged] == [
        (3, "check the toll", "ana")
    ]
    # A note alone keeps the state; None keeps the note; "" clears it.
    kept = mark_change(
        store, story.id, 3, state=None, note="toll confirmed", reviewer="bo", at=LATER
    )
    assert (kept.state, kept.note, kept.reviewer) == (ReviewState.FLAGGED, "toll confirmed", "bo")
    done = mark_change(store, URL, 3, state=ReviewState.REVIEWED, reviewer="bo", at=LATER)
    assert done.note == "toll confirmed"
    cleared = mark_change(store, URL, 3, state=None, note="", reviewer="bo", at=LATER)
    assert cleared.note == ""
    record = store.review_log(story.id, 3)
    assert [(m.state, m.note, m.reviewer) for m in record] == [
        (ReviewState.FLAGGED, "check the toll", "ana"),
        (ReviewState.FLAGGED, "toll confirmed", "bo"),
        (ReviewState.REVIEWED, "toll confirmed", "bo"),
        (ReviewState.REVIEWED, "", "bo"),
    ]


def test_only_changes_can_be_marked(store: Store) -> None:
    _history(store)
    for seq in (1, 9):
        with pytest.raises(UnknownChangeError, match=f"version {seq} of {URL} is not a change"):
            mark_change(store, URL, seq, state=ReviewState.REVIEWED, reviewer="", at=LATER)
    assert store.review_log(store.story(URL).id) == []


def test_reviews_survive_reextraction_and_follow_their_version(store: Store) -> None:
    t = Tracker(store)
    t.feed(page("Strikes kill 1", "A.", "Share this article"))
    t.feed(page("Strikes kill 1", "A.", "Share on X"))  # only chrome: noise to a better extractor
    t.feed(page("Strikes kill 3", "A.", "Share on X"))
    mark_change(store, URL, 3, state=ReviewState.FLAGGED, note="toll", reviewer="ana", at=LATER)
    mark_change(store, URL, 2, state=ReviewState.REVIEWED, reviewer="ana", at=LATER)
    story = store.story(URL)
    reextract_story(store, story, extract=_dropping_share_lines, summary=ReextractSummary())
    # v2 became noise: it is no change any more, and v3 is now diffed against v1.
    assert [(c.seq, c.base_seq) for c in store.changes(story.id)] == [(3, 1)]
    items = change_items(store)
    assert [(i.change.seq, i.review.state, i.review.note) for i in items] == [
        (3, ReviewState.FLAGGED, "toll")
    ]
    assert store.review(story.id, 2).state is ReviewState.REVIEWED  # kept, though not listed


def test_ensure_changes_fills_in_a_store_from_before_the_review_desk(tmp_path: Path) -> None:
    path = tmp_path / "revtrack.db"
    with Store.open(path) as store:
        _history(store)
        expected = store.changes(store.story(URL).id)
    # Rebuild the file as schema 2 had it: no change rows, then migrate again.
    conn = sqlite3.connect(path)
    conn.executescript("DROP TABLE changes; DROP TABLE reviews; DROP TABLE review_log;"
                       "DROP TABLE outbox; DROP VIEW real_versions; DROP TABLE meta;"
                       "DROP TABLE archive_captures;"
                       "ALTER TABLE versions DROP COLUMN source;"
                       "ALTER TABLE versions DROP COLUMN http_status;"
                       "ALTER TABLE versions DROP COLUMN headers;"
                       "DROP INDEX stories_lease; ALTER TABLE stories DROP COLUMN lease_owner;"
                       "ALTER TABLE stories DROP COLUMN lease_until;"
                       "DROP TABLE workers; DROP TABLE hosts;"
                       "DROP INDEX stories_host; ALTER TABLE stories DROP COLUMN host;"
                       "ALTER TABLE sources DROP COLUMN lease_owner;"
                       "ALTER TABLE sources DROP COLUMN lease_until;"
                       "PRAGMA user_version = 2;")  # fmt: skip
    conn.close()
    with Store.open(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert review_queue(store) == []
        assert ensure_changes(store) == 3
        assert store.changes(store.story(URL).id) == expected
        assert ensure_changes(store) == 0


def test_removing_a_story_removes_its_changes_and_reviews(store: Store) -> None:
    _history(store)
    mark_change(store, URL, 2, state=ReviewState.REVIEWED, reviewer="ana", at=LATER)
    store.remove_story(store.story(URL))
    for table in ("changes", "reviews", "review_log"):
        assert store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


def test_changes_made_by_an_older_recipe_are_made_again(store: Store) -> None:
    _history(store)
    story = store.story(URL)
    fresh = store.change(story.id, 2)
    store.conn.execute("UPDATE changes SET recipe = 0, summary = 'stale' WHERE seq = 2")
    assert ensure_changes(store) == 3  # the story's changes are made again together
    assert store.change(story.id, 2) == fresh
    assert ensure_changes(store) == 0


def test_pages_and_the_tally_agree_with_change_items(store: Store) -> None:
    """The queue's paged reads and aggregate counts give what change_items gives."""
    _history(store)
    other, _ = store.add_story(URL + "-two", now=T0)  # a second story: pages cross stories
    for n, headline in enumerate(["Fire downtown", "Fire downtown kills 2"]):
        body = page(headline, f"{n + 1} died in the fire.", "Share this article")
        at = T0 + timedelta(minutes=20 + 15 * n)  # between the first story's versions
        record_fetch(store, store.story(other.id), fetched(body, at), extract=JsonExtractor())
    mark_change(store, URL, 3, state=ReviewState.FLAGGED, reviewer="ana", at=LATER)
    mark_change(store, URL, 4, state=ReviewState.REVIEWED, reviewer="ana", at=LATER)
    mark_change(store, URL, 2, state=ReviewState.UNREVIEWED, note="n", reviewer="bo", at=LATER)
    tally = review_tally(store)
    assert tally.counts() == review_counts(store)
    for state in (None, *ReviewState):
        for label in (None, "fact", "correction", "style", "headline"):
            expected = change_items(store, states=[state] if state else [],
                                    labels=[label] if label else [])  # fmt: skip
            assert tally.total(state, label) == len(expected), (state, label)
            for size in (1, 2, 10):
                pages: list[QueueItem] = []
                while True:
                    after = pages[-1] if pages else None
                    got = queue_page(store, state=state, label=label, after=after, limit=size)
                    pages += got
                    if len(got) < size:
                        break
                assert pages == expected, (state, label, size)


def test_a_mark_moves_one_change_in_the_tally(store: Store) -> None:
    _history(store)
    before = review_tally(store)
    item = review_queue(store)[0]
    mark_change(store, URL, item.change.seq, state=ReviewState.FLAGGED, reviewer="a", at=LATER)
    moved = before.moved(item.change.labels, ReviewState.UNREVIEWED, ReviewState.FLAGGED)
    assert moved.counts() == review_counts(store)
    assert sorted(moved.groups, key=repr) == sorted(review_tally(store).groups, key=repr)
    assert before.moved(item.change.labels, ReviewState.FLAGGED, ReviewState.FLAGGED) is before

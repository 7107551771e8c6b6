"""Store.shift_versions and order_story_log: renumbering moves everything that names a
version by number, and nothing else."""

from __future__ import annotations

import json
from datetime import timedelta

from revtrack.store.reviews import ReviewState
from revtrack.store.rows import EventKind
from revtrack.store.store import Store
from tests.check.test_record import URL, Tracker, page


def test_shift_moves_every_reference(store: Store) -> None:
    t = Tracker(store)
    t.feed(page("Strikes kill 1", "One man was killed."))
    t.feed(page("Strikes kill 2", "Two men were killed."))
    t.feed(page("Strikes kill 1", "One man was killed."))  # a flip-flop of v1
    story = store.story(URL)
    assert store.version(story.id, 3).same_as == 1
    with store.transaction():
        store.mark_review(story.id, 2, state=ReviewState.FLAGGED, note="toll", reviewer="ana",
                          at=t.now)  # fmt: skip
        for seq, delivered in ((2, False), (3, True)):
            payload = json.dumps({"version": seq, "base_version": seq - 1, "x": "y"})
            store.add_outbox(story.id, seq, target="http://hook", payload=payload, at=t.now)
            if delivered:
                [item] = [i for i in store.outbox() if i.seq == seq]
                store.mark_delivered(item.id, t.now)
    with store.transaction():
        store.shift_versions(story.id, 2)
    assert [v.seq for v in store.versions(story.id)] == [3, 4, 5]
    assert store.version(story.id, 5).same_as == 3
    assert [(c.seq, c.base_seq) for c in store.changes(story.id)] == [(4, 3), (5, 4)]
    assert store.review(story.id, 4).note == "toll"
    assert [m.seq for m in store.review_log(story.id)] == [4]
    assert [c.version_seq for c in store.checks(story.id)] == [3, 4, 5]
    assert [e.version_seq for e in store.events(story.id) if e.kind == EventKind.FLIP_FLOP] == [5]
    pending = {i.seq: i for i in store.outbox()}
    assert json.loads(pending[4].payload) == {"version": 4, "base_version": 3, "x": "y"}
    assert set(pending) == {4, 5}


def test_order_story_log_lists_checks_by_time(store: Store) -> None:
    t = Tracker(store)
    t.feed(page("Strikes kill 1", "One man was killed."))
    story = store.story(URL)
    early = t.now - timedelta(days=1)
    with store.transaction():
        store.add_check(story.id, at=early, outcome="noise")  # type: ignore[arg-type]
        store.add_event(story.id, at=early, kind=EventKind.GONE)
        store.order_story_log(story.id)
    assert [c.checked_at for c in store.checks(story.id)] == [early, t.now]
    assert store.events(story.id)[0].at == early


def test_shift_after_leaves_the_versions_below_alone(store: Store) -> None:
    t = Tracker(store)
    t.feed(page("Strikes kill 1", "One man was killed."))
    t.feed(page("Strikes kill 2", "Two men were killed."))
    t.feed(page("Strikes kill 3", "Three men were killed."))
    story = store.story(URL)
    with store.transaction():
        payload = json.dumps({"version": 3, "base_version": 2})
        store.add_outbox(story.id, 3, target="http://hook", payload=payload, at=t.now)
        store.shift_versions(story.id, 1, after=2)
    assert [v.seq for v in store.versions(story.id)] == [1, 2, 4]
    assert [(c.seq, c.base_seq) for c in store.changes(story.id)] == [(2, 1), (4, 2)]
    assert [c.version_seq for c in store.checks(story.id)] == [1, 2, 4]
    [item] = store.outbox()
    assert (item.seq, json.loads(item.payload)) == (4, {"version": 4, "base_version": 2})

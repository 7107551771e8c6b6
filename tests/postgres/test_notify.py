"""The shared desk on PostgreSQL: commits notify listeners (LISTEN/NOTIFY), and marks
made at once from threads all land in the review log."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from psycopg import Notify

from revtrack.review.queue import mark_change
from revtrack.store.open import open_store_at
from revtrack.store.postgres import PgListener, PgStore
from revtrack.store.reviews import ReviewState
from revtrack.store.store import Store
from revtrack.tui.app import RevtrackApp
from revtrack.tui.screens.review import ReviewScreen
from tests.tui.app_support import NOW, add_story, fixed_clock, settle

SIZE = (120, 36)


def _pg(store: Store) -> PgStore:
    assert isinstance(store, PgStore)
    return store


def seed(url: str) -> list[tuple[int, int]]:
    """Two stories with changes to review; their (story id, seq) keys."""
    with open_store_at(url) as store:
        add_story(store, "https://a.example.com/mayor", ["Mayor speaks", "Mayor resigns"], start=8)
        add_story(store, "https://a.example.com/strike", ["Strike", "Strike kills 2", "Kills 3"])
        return [(s.id, c.seq) for s in store.stories() for c in store.changes(s.id)]


@pytest.fixture
def listener(pg_store: Store) -> Iterator[PgListener]:
    listening = PgListener.connect(_pg(pg_store).pg._url)
    try:
        yield listening
    finally:
        listening.close()


def _rolled_back(store: Store) -> None:
    with store.transaction():
        store.set_meta("c", "3")
        raise RuntimeError("rolled back")


def _mine(listener: PgListener, *, timeout: float) -> list[tuple[str, str]]:
    """The notifications about the listener's own schema: waits up to ``timeout`` for
    the first, then 0.3 s for more (tests running beside this one notify the same
    channel about their own schemas)."""
    notes: list[tuple[str, str]] = []
    deadline = time.monotonic() + timeout
    while not notes and (left := deadline - time.monotonic()) > 0:
        notes += _own(listener, listener.raw.notifies(timeout=left, stop_after=1))
    return notes + _own(listener, listener.raw.notifies(timeout=0.3))


def _own(listener: PgListener, notes: Iterable[Notify]) -> list[tuple[str, str]]:
    return [(n.channel, n.payload) for n in notes if n.payload == listener.schema]


def test_a_commit_notifies_a_listener_once_and_a_rollback_never(
    pg_url: str, listener: PgListener
) -> None:
    with open_store_at(pg_url) as other:
        with other.transaction():
            other.set_meta("a", "1")
            other.set_meta("b", "2")
        notes = _mine(listener, timeout=30)
        assert notes == [("revtrack_changed", listener.schema)]
        with pytest.raises(RuntimeError):
            _rolled_back(other)
        assert _mine(listener, timeout=0.3) == []
        with other.transaction():
            other.set_meta("d", "4")
        assert listener.wait(30)


def test_the_store_own_commits_are_not_heard_by_its_listener(pg_store: Store) -> None:
    mine = _pg(pg_store).listener()
    try:
        with pg_store.transaction():
            pg_store.set_meta("a", "1")
        assert not mine.wait(0.3)
        with open_store_at(_pg(pg_store).pg._url) as other, other.transaction():
            other.set_meta("b", "2")
        assert mine.wait(30)
    finally:
        mine.close()
    assert mine.closed


def test_workers_bookkeeping_wakes_no_listener(pg_store: Store) -> None:
    """Leases and heartbeats (a worker writes them every second when idle) are not news
    for a reader; the next real write is."""
    mine = _pg(pg_store).listener()
    try:
        with open_store_at(_pg(pg_store).pg._url) as worker:
            now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
            worker.add_story("https://a.example/1", now=now)
            assert mine.wait(30)  # a new story: heard
            worker.heartbeat("w1", now)
            worker.claim_stories("w1", now, until=now + timedelta(minutes=5), limit=5)
            worker.record_host_starts({"a.example": now})
            worker.release_leases("w1")
            worker.forget_worker("w1")
            assert not mine.wait(0.3)
            with worker.transaction():
                worker.set_meta("x", "1")
            assert mine.wait(30)
    finally:
        mine.close()


def test_another_schema_commits_are_not_heard(pg_url: str, pg_server: str) -> None:
    import psycopg

    with open_store_at(pg_url) as store:
        mine = _pg(store).listener()
        try:
            with psycopg.connect(pg_server, autocommit=True) as raw:
                raw.execute("SELECT pg_notify('revtrack_changed', 'some_other_schema')")
            assert not mine.wait(0.3)
        finally:
            mine.close()


def _mark_many(url: str, name: str, keys: list[tuple[int, int]], start: threading.Barrier) -> None:
    with open_store_at(url) as store:
        start.wait()
        for n, (story, seq) in enumerate(keys):
            state = ReviewState.FLAGGED if n % 2 else ReviewState.REVIEWED
            mark_change(store, story, seq, state=state, note=f"{name} {n}", reviewer=name,
                        at=NOW + timedelta(seconds=n))  # fmt: skip


def _check_log(url: str, expected: dict[str, int], changes: list[tuple[int, int]]) -> None:
    """Every mark in the log; each change's review is its last logged mark."""
    with open_store_at(url) as store:
        total: dict[str, int] = {}
        for story, seq in changes:
            log = store.review_log(story, seq)
            for mark in log:
                total[mark.reviewer] = total.get(mark.reviewer, 0) + 1
            review = store.review(story, seq)
            if log:
                last = log[-1]
                assert (review.state, review.note, review.reviewer) == (
                    last.state, last.note, last.reviewer)  # fmt: skip
        assert total == expected


def test_marks_from_threads_at_once_all_land(pg_url: str) -> None:
    changes = seed(pg_url)
    names = [f"r{n}" for n in range(4)]
    rounds = 5  # every reviewer marks every change 5 times: all of them shared
    start = threading.Barrier(len(names))
    threads = [
        threading.Thread(target=_mark_many, args=(pg_url, name, changes * rounds, start))
        for name in names
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    _check_log(pg_url, {name: len(changes) * rounds for name in names}, changes)


def _app(url: str) -> RevtrackApp:
    app = RevtrackApp(open_store_at(url), clock=fixed_clock, refresh_every=0, review=True)
    app.theme = "textual-dark"
    return app


def _keys(app: RevtrackApp) -> list[tuple[int, int]]:
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    return [item.key for item in screen.shown]


async def _wait_for(pilot: Any, condition: Any, tries: int = 400) -> None:
    for _ in range(tries):
        await settle(pilot, rounds=1)
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the app never showed the change")


async def test_a_mark_in_one_app_shows_in_the_other(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No polling (refresh_every=0): only NOTIFY can tell the other app."""
    monkeypatch.setenv("REVTRACK_REVIEWER", "ana")
    changes = seed(pg_url)
    with ExitStack() as stack:
        one, two = _app(pg_url), _app(pg_url)
        stack.callback(one.store.close)
        stack.callback(two.store.close)
        async with one.run_test(size=SIZE) as p1, two.run_test(size=SIZE) as p2:
            await _wait_for(p1, lambda: one.listener is not None)
            await _wait_for(p2, lambda: two.listener is not None)
            assert sorted(_keys(two)) == sorted(changes)
            first = _keys(one)[0]
            await p1.press("r")
            await settle(p1)
            assert one.store.review(*first).state is ReviewState.REVIEWED
            await _wait_for(p2, lambda: first not in _keys(two))
            second = _keys(two)[0]
            await p2.press("f")
            await _wait_for(p1, lambda: second not in _keys(one))
        for app in (one, two):  # exit stopped each listener and closed its connection
            assert app.stop_listening(0)
            assert app.listener is not None
            assert app.listener.closed

"""Which PostgreSQL transactions wait for which (issue 15: workers' checks commit side
by side). A check that made no version writes its own story's rows only
(``story_transaction``): two such on different stories run at once; on one story, or
beside an ordinary ``transaction()``, they take turns. Workers' bookkeeping (claims,
leases) takes turns among itself and runs beside both."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack
from datetime import UTC, datetime

import pytest

from revtrack.store.open import open_store_at
from revtrack.store.rows import StoryUpdate
from revtrack.store.store import Store

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
Opener = Callable[[Store], AbstractContextManager[None]]


@pytest.fixture
def three(pg_url: str) -> Iterator[tuple[Store, Store, list[int]]]:
    """Two sessions on one store, and the ids of two stories."""
    with ExitStack() as stack:
        first = stack.enter_context(open_store_at(pg_url))
        second = stack.enter_context(open_store_at(pg_url))
        ids = [first.add_story(f"https://s{n}.example/a", now=T0)[0].id for n in (1, 2)]
        yield first, second, ids


def _whole(store: Store) -> AbstractContextManager[None]:
    return store.transaction()


def _bookkeeping(store: Store) -> AbstractContextManager[None]:
    return store.bookkeeping()


def _second_waits(first: Store, hold: Opener, second: Store, take: Opener) -> bool:
    """Whether ``take`` on ``second`` waits while ``hold`` is open on ``first`` (and
    then goes through once it ends)."""
    inside, release, done = threading.Event(), threading.Event(), threading.Event()

    def holder() -> None:
        with hold(first):
            inside.set()
            release.wait(30)

    def taker() -> None:
        with take(second):
            second.update_story(1, StoryUpdate(error_streak=0))
        done.set()

    threads = [threading.Thread(target=holder, daemon=True)]
    threads[0].start()
    try:
        assert inside.wait(30)
        threads.append(threading.Thread(target=taker, daemon=True))
        threads[1].start()
        # A taker that does not wait is done well within this; one that waits never is.
        waited = not done.wait(2)
    finally:
        release.set()
        for thread in threads:
            thread.join(30)
    assert done.is_set()  # it went through in the end
    return waited


def test_checks_of_two_stories_commit_side_by_side(three: tuple[Store, Store, list[int]]) -> None:
    first, second, (a, b) = three
    assert not _second_waits(
        first, lambda s: s.story_transaction(a), second, lambda s: s.story_transaction(b)
    )


def test_checks_of_one_story_take_turns(three: tuple[Store, Store, list[int]]) -> None:
    first, second, (a, _) = three
    assert _second_waits(
        first, lambda s: s.story_transaction(a), second, lambda s: s.story_transaction(a)
    )


def test_a_whole_store_transaction_waits_for_a_story_check_and_the_other_way(
    three: tuple[Store, Store, list[int]],
) -> None:
    first, second, (a, _) = three
    assert _second_waits(first, lambda s: s.story_transaction(a), second, _whole)
    assert _second_waits(first, _whole, second, lambda s: s.story_transaction(a))


def test_bookkeeping_takes_turns_and_runs_beside_the_writers(
    three: tuple[Store, Store, list[int]],
) -> None:
    first, second, (a, _) = three
    assert _second_waits(first, _bookkeeping, second, _bookkeeping)
    assert not _second_waits(first, _whole, second, _bookkeeping)
    assert not _second_waits(first, lambda s: s.story_transaction(a), second, _bookkeeping)

"""The TUI on PostgreSQL under a burst of other sessions' commits (workers record
hundreds of checks a second): the first commit after a quiet spell refreshes at once,
the rest of the burst waits for the listener's next turn (``listen_every``) and is then
shown in one refresh, so a refresh is never overtaken by the next again and again."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from textual.pilot import Pilot

from revtrack.store.open import open_store_at
from revtrack.tui.app import RevtrackApp
from tests.tui.app_support import add_story, cells, fixed_clock, settle

SIZE = (120, 36)


@pytest.fixture
def app(pg_url: str) -> Iterator[RevtrackApp]:
    """The app on a store with one story; no polling, so only the listener refreshes."""
    with open_store_at(pg_url) as seeding:
        add_story(seeding, "https://a.example.com/mayor", ["Mayor resigns"], start=8)
    store = open_store_at(pg_url)
    try:
        built = RevtrackApp(store, clock=fixed_clock, refresh_every=0)
        built.theme = "textual-dark"
        yield built
    finally:
        store.close()


async def _wait_for(pilot: Pilot[None], condition: Callable[[], bool]) -> None:
    for _ in range(600):
        await settle(pilot, rounds=1)
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the app never got there")


def _rows(app: RevtrackApp) -> int:
    return len(cells(app, "#stories"))


async def test_a_burst_of_commits_is_one_refresh_now_and_one_after(
    pg_url: str, app: RevtrackApp
) -> None:
    app.listen_every = 3600  # the listener's next turn comes when the test says
    async with app.run_test(size=SIZE) as pilot:
        await _wait_for(pilot, lambda: app.listener is not None and _rows(app) == 1)
        start = app.generation
        with open_store_at(pg_url) as other:
            for n in range(20):  # twenty commits, each its own transaction
                add_story(other, f"https://b.example.org/{n}", [f"Story {n}"], start=2)
        await _wait_for(pilot, lambda: app.generation == start + 1)  # the first: at once
        await _wait_for(pilot, lambda: _rows(app) > 1)
        await pilot.pause(0.5)
        assert app.generation == start + 1  # the rest wait for the listener's turn
        app.listen_every = 0
        await _wait_for(pilot, lambda: app.generation == start + 2)
        await _wait_for(pilot, lambda: _rows(app) == 21)  # and the last is shown
        assert app.generation == start + 2
    assert app.stop_listening(0)

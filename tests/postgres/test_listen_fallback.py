"""The TUI on PostgreSQL without LISTEN: refused at the start, or its connection killed
mid-run. Either way the app goes on polling, shows other sessions' commits, and says at
most one calm line about it (issue 15)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from textual.pilot import Pilot

from revtrack.errors import StoreError
from revtrack.store.open import open_store_at
from revtrack.store.postgres import PgListener
from revtrack.tui.app import RevtrackApp
from tests.tui.app_support import NOW, add_story, add_version, article, cells, fixed_clock, settle

SIZE = (120, 36)
POLL = 0.05  # the app's poll interval (seconds): the knob, not a duration asserted
MAYOR = "https://a.example.com/mayor"
Notices = list[tuple[str, str]]


@pytest.fixture
def app(pg_url: str) -> Iterator[RevtrackApp]:
    """The app on a store with one story, polling every ``POLL``; its notices recorded
    in ``app.notices`` (message, severity)."""
    with open_store_at(pg_url) as seeding:
        add_story(seeding, MAYOR, ["Mayor speaks", "Mayor resigns"], start=8)
    store = open_store_at(pg_url)
    try:
        built = RevtrackApp(store, clock=fixed_clock, refresh_every=POLL)
        built.theme = "textual-dark"
        yield built
    finally:
        store.close()


def _record_notices(app: RevtrackApp) -> Notices:
    notices: Notices = []
    notify = app.notify

    def recording(message: str, *args: Any, **kwargs: Any) -> None:
        notices.append((message, str(kwargs.get("severity", "information"))))
        notify(message, *args, **kwargs)

    app.notify = recording  # type: ignore[method-assign]
    return notices


async def _wait_for(pilot: Pilot[None], condition: Callable[[], bool], tries: int = 400) -> None:
    for _ in range(tries):
        await settle(pilot, rounds=1)
        if condition():
            return
        await pilot.pause(POLL)
    raise AssertionError("the app never got there")


def _headlines(app: RevtrackApp) -> list[str]:
    return sorted(row[0] for row in cells(app, "#stories"))


async def _others_commits_show(pilot: Pilot[None], app: RevtrackApp, url: str) -> None:
    """Another session adds a story, then a version: the open list shows both."""
    await _wait_for(pilot, lambda: _headlines(app) == ["Mayor resigns"])
    with open_store_at(url) as other:
        add_story(other, "https://b.example.org/fire", ["Fire downtown"], start=2)
    await _wait_for(pilot, lambda: _headlines(app) == ["Fire downtown", "Mayor resigns"])
    with open_store_at(url) as other:
        story = other.story(MAYOR)
        body = ["The mayor resigned on Monday.", "A deputy takes over."]
        add_version(other, story.id, article(MAYOR, "Mayor quits", body, 0), NOW + timedelta(1))
    await _wait_for(pilot, lambda: _headlines(app) == ["Fire downtown", "Mayor quits"])


async def test_listen_refused_the_app_polls_and_says_nothing(
    pg_url: str,
    app: RevtrackApp,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    tried: list[str] = []

    def refuse(cls: type[PgListener], url: str, *, ignore_pid: int = 0) -> PgListener:
        tried.append(url)
        raise StoreError("cannot listen on postgresql://db/x: LISTEN is not supported")

    monkeypatch.setattr(PgListener, "connect", classmethod(refuse))
    notices = _record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await _wait_for(pilot, lambda: not app.listening)
        assert len(tried) == 1
        assert app.listener is None
        await _others_commits_show(pilot, app, pg_url)
    assert notices == []
    assert app.stop_listening(0)
    assert capfd.readouterr().err == ""


async def test_listener_killed_mid_run_the_app_polls_with_one_calm_line(
    pg_url: str, pg_server: str, app: RevtrackApp, capfd: pytest.CaptureFixture[str]
) -> None:
    import psycopg

    notices = _record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await _wait_for(pilot, lambda: app.listener is not None)
        listener = app.listener
        assert listener is not None
        assert app.listening
        with psycopg.connect(pg_server, autocommit=True) as admin:
            killed = admin.execute(
                "SELECT pg_terminate_backend(%s)", (listener.raw.info.backend_pid,)
            ).fetchone()
        assert killed == (True,)
        await _wait_for(pilot, lambda: not app.listening)
        assert listener.closed
        await _others_commits_show(pilot, app, pg_url)
        assert app.listener is listener  # no second listener: polling alone
    assert notices == [(f"Live updates stopped; refreshing every {POLL:g} s.", "information")]
    assert app.stop_listening(0)
    assert capfd.readouterr().err == ""


async def test_a_listener_whose_connection_went_comes_back_and_says_so(
    pg_url: str, pg_server: str, app: RevtrackApp, capfd: pytest.CaptureFixture[str]
) -> None:
    import psycopg

    app.refresh_every = 0  # no polling: what shows came by LISTEN
    app.relisten_every = 0.05
    notices = _record_notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await _wait_for(pilot, lambda: app.listening and _headlines(app) == ["Mayor resigns"])
        first = app.listener
        assert first is not None
        with psycopg.connect(pg_server, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (first.raw.info.backend_pid,))
        await _wait_for(pilot, lambda: app.listener is not first and app.listening)
        with open_store_at(pg_url) as other:
            add_story(other, "https://b.example.org/fire", ["Fire downtown"], start=2)
        await _wait_for(pilot, lambda: _headlines(app) == ["Fire downtown", "Mayor resigns"])
    assert notices == [
        ("Live updates stopped.", "information"),
        ("Live updates resumed.", "information"),
    ]
    assert app.stop_listening(0)
    assert capfd.readouterr().err == ""

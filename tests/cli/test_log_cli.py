"""`revtrack log` shows failed checks in the timeline, as it shows quiet checks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from revtrack.fetch import FetchOutcome
from revtrack.paths import resolve_paths
from revtrack.store.store import Store
from tests.check.test_record import URL, Tracker, page


def _store(home: Path) -> Store:
    path = resolve_paths(str(home)).db_path
    path.parent.mkdir(parents=True, exist_ok=True)
    return Store.open(path)


def test_log_of_a_story_that_only_failed_shows_the_failures(
    run: Callable[..., Result], home: Path
) -> None:
    with _store(home) as store:
        t = Tracker(store)
        for _ in range(3):
            t.feed(outcome=FetchOutcome.ERROR, status=500, error="HTTP 500 after 3 attempts")
    result = run("log", URL)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 2
    assert "3 failed checks until 2026-03-01 08:45Z: HTTP 500 after 3 attempts" in lines[1]


def test_log_places_failures_between_versions(run: Callable[..., Result], home: Path) -> None:
    with _store(home) as store:
        t = Tracker(store)
        t.feed(page("Strikes kill 1", "One man was killed."))
        t.feed(outcome=FetchOutcome.ERROR, status=503, error="HTTP 503")
        t.feed(page("Strikes kill 2", "Two men were killed."))
    lines = run("log", URL).output.splitlines()
    assert lines[1].startswith("v1 ")
    assert lines[2].endswith("2026-03-01 08:30Z  failed check: HTTP 503")
    assert lines[3].startswith("v2 ")
    assert "1 sentence added, 1 sentence deleted" in lines[3]  # not "1 sentences"

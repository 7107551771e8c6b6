"""`revtrack check` with nothing due says when the next story is due and how to force it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from click.testing import Result

from revtrack.paths import resolve_paths
from revtrack.store.rows import StoryUpdate
from revtrack.store.store import Store

LATER = datetime(2999, 1, 1, 9, 0, tzinfo=UTC)  # never due while these tests run


def test_nothing_due_names_the_next_story_and_how_to_force(
    run: Callable[..., Result], home: Path
) -> None:
    assert run("add", "https://example.com/a", "https://example.com/b").exit_code == 0
    with Store.open(resolve_paths(str(home)).db_path) as store, store.transaction():
        for story in store.stories():
            store.update_story(
                story.id, StoryUpdate(next_check_at=LATER.replace(hour=9 + story.id))
            )
    result = run("check")
    assert result.exit_code == 0, result.output
    last = result.stdout.splitlines()[-1]
    assert last.startswith("nothing to check: the next is due in ")
    assert "(2999-01-01 10:00Z): https://example.com/a;" in last
    assert last.endswith("`revtrack check --all` or `revtrack check URL` checks now")


def test_nothing_due_in_an_empty_or_retired_store(run: Callable[..., Result], home: Path) -> None:
    empty = run("check")
    assert empty.stdout.splitlines()[-1] == (
        "nothing to check: no stories tracked yet (revtrack add URL)"
    )
    run("add", "https://example.com/a")
    with Store.open(resolve_paths(str(home)).db_path) as store, store.transaction():
        store.update_story(1, StoryUpdate(next_check_at=None))
    assert "every story is retired; `revtrack check --all`" in run("check").stdout

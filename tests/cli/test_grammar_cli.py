"""Counts read as English: "1 story", "1 version", "1 pass"."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from revtrack.cli.context import AppContext
from revtrack.cli.watch import _status_line
from revtrack.paths import resolve_paths
from revtrack.schedule.watch import WatchStatus


def test_reextract_counts_one_story(run: Callable[..., Result], three_versions: Path) -> None:
    result = run("reextract")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("re-extracted 3 versions of 1 story: ")


def test_watch_status_counts_one_pass_and_one_new_story(home: Path) -> None:
    status = WatchStatus(passes=1, checked=1, new_stories=1)
    line = _status_line(AppContext(paths=resolve_paths(home)), status)
    assert line.startswith("watching: 1 pass, 1 check, 1 new story from sources; ")

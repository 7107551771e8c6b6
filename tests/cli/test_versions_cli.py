"""Every VERSION argument takes negative numbers: -1 is the latest, -2 the one before."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import Result

from revtrack.safe_text import safe_json
from tests.check.test_record import URL


def test_show_takes_negative_versions(run: Callable[..., Result], three_versions: Path) -> None:
    latest = run("show", URL, "-1")
    assert latest.exit_code == 0, latest.output
    assert "Strikes kill 3" in latest.output
    before = run("show", URL, "-2", "--json")
    assert before.exit_code == 0, before.output
    assert json.loads(before.output)["version"]["seq"] == 2
    raw = run("show", URL, "--raw", "-3")
    assert raw.exit_code == 0, raw.output
    assert "Strikes kill 1" in raw.output


def test_review_mark_and_history_take_negative_versions(
    run: Callable[..., Result], three_versions: Path
) -> None:
    marked = run("review", "mark", URL, "-1", "reviewed", "--by", "ana")
    assert marked.exit_code == 0, marked.output
    assert marked.output.startswith("v3 of ")
    history = json.loads(run("review", "history", URL, "-1", "--json").output)
    assert [(m["version"], m["state"]) for m in history] == [(3, "reviewed")]


def test_unknown_options_are_still_refused(
    run: Callable[..., Result], three_versions: Path
) -> None:
    for args in (
        ("show", URL, "--jsn"),
        ("diff", URL, "-1", "--fromat", "json"),
        ("review", "mark", URL, "-1", "reviewed", "--nte", "x"),
    ):
        result = run(*args)
        assert result.exit_code == 2, args
        assert "No such option" in result.output
    assert "Did you mean '--json'?" in run("show", URL, "--jsn").output
    assert run("diff", URL, "-C2", "-2", "-1").exit_code == 0
    noted = run("review", "mark", URL, "-1", "--note", "-5 dead, not -3")
    assert noted.exit_code == 0, noted.output


def test_diff_says_when_it_runs_backwards(run: Callable[..., Result], three_versions: Path) -> None:
    backwards = run("diff", URL, "3", "1")
    assert backwards.exit_code == 0
    assert backwards.stderr == (
        "revtrack: note: v3 is newer than v1: showing the change backwards"
        " (`revtrack diff URL 1 3` shows it forwards)\n"
    )
    assert run("diff", URL, "1", "3").stderr == ""
    assert run("diff", URL, "-1", "-3").stderr.startswith("revtrack: note: v3 is newer than v1")


def test_review_history_json_has_iso_times(
    run: Callable[..., Result], three_versions: Path
) -> None:
    run("review", "mark", URL, "2", "flagged", "--by", "ana")
    (mark,) = json.loads(run("review", "history", URL, "--json").output)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", mark["at"]), mark["at"]


def test_json_output_writes_any_time_as_iso() -> None:
    moment = datetime(2026, 12, 5, 5, 35, tzinfo=UTC)
    assert json.loads(safe_json({"at": moment})) == {"at": "2026-12-05T05:35:00Z"}


def test_a_note_alone_keeps_the_reviewer(
    run: Callable[..., Result], three_versions: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("review", "mark", URL, "3", "flagged", "--by", "ana", "--note", "ask the desk")
    monkeypatch.setenv("REVTRACK_REVIEWER", "night shift")
    cleared = run("review", "mark", URL, "3", "--note", "")
    assert cleared.output == f"v3 of {URL}: flagged by ana (note cleared)\n"
    history = json.loads(run("review", "history", URL, "3", "--json").output)
    assert [(m["state"], m["note"], m["reviewer"]) for m in history] == [
        ("flagged", "ask the desk", "ana"),
        ("flagged", "", "ana"),
    ]
    decided = run("review", "mark", URL, "3", "reviewed")  # a decision names who made it
    assert decided.output == f"v3 of {URL}: reviewed by night shift\n"

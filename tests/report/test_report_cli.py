"""`revtrack report` and `revtrack feed` on the command line: filters, files, errors."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import Result

from revtrack.cli import main
from revtrack.cli.params import parse_since
from tests.report.conftest import DEMO_CHANGES, HOSTILE_URL
from tests.report.helpers import report_json


def test_since_a_duration_takes_the_recent_changes(run: Callable[..., Result]) -> None:
    data = report_json(run, "--since", "24h")
    assert [c["url"] for c in data["changes"]] == [HOSTILE_URL]
    assert data["filters"]["since"] is not None


def test_since_a_time_takes_that_time_and_later(run: Callable[..., Result]) -> None:
    every = report_json(run)["changes"]
    cutoff = sorted(c["captured_at"] for c in every)[len(every) // 2]
    kept = report_json(run, "--since", cutoff)["changes"]
    assert kept == [c for c in every if c["captured_at"] >= cutoff]
    assert 1 < len(kept) < len(every)
    day = report_json(run, "--since", cutoff[:10])["changes"]
    assert [c for c in every if c["captured_at"] >= cutoff[:10]] == day


def test_state_story_and_label_filters(run: Callable[..., Result]) -> None:
    flagged = report_json(run, "--state", "flagged")["changes"]
    assert [c["url"] for c in flagged] == [HOSTILE_URL]
    unreviewed = report_json(run, "--state", "unreviewed")["changes"]
    assert len(unreviewed) == DEMO_CHANGES
    story = report_json(run, "--story", HOSTILE_URL)["changes"]
    assert [(c["version"], c["base_version"]) for c in story] == [(2, 1)]
    silent = report_json(run, "--label", "silent", "--label", "correction")["changes"]
    assert silent
    assert all({"silent", "correction"} & set(c["labels"]) for c in silent)


def test_output_file_is_written_whole(run: Callable[..., Result], tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.html"
    target.parent.mkdir()
    target.write_text("old contents")
    result = run("report", "--format", "html", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote html report of {DEMO_CHANGES + 1} changes to {target}\n"
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert os.listdir(target.parent) == ["report.html"]  # no temp file left behind
    feed = run("feed", "-o", str(tmp_path / "out" / "feed.xml"))
    assert feed.stdout.startswith("wrote an Atom feed of")
    assert (tmp_path / "out" / "feed.xml").read_text(encoding="utf-8").startswith("<?xml")


def _error(home: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(["--home", str(home), *args])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return int(str(exit_info.value.code)), err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("report", "--label", "nope"), "revtrack: error: unknown label 'nope' (known: "),
        (("feed", "--label", "nope"), "revtrack: error: unknown label 'nope' (known: "),
        (("report", "--since", "last week"), "revtrack: error: not a date, time or duration"),
        (("report", "--since", "99999999999d"), "revtrack: error: duration too long"),
        (("report", "--story", "https://x.example/none"), "revtrack: error: not tracked: "),
        (("report", "-o", "/nonexistent/dir/r.md"), "revtrack: error: cannot write "),
        (("feed", "-o", "/nonexistent/dir/f.xml"), "revtrack: error: cannot write "),
    ],
)
def test_user_errors_are_one_line(
    home: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    code, err = _error(home, capsys, *args)
    assert code == 1
    assert err.startswith(message)
    assert len(err.strip().splitlines()) == 1


def test_bad_choices_are_usage_errors(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _error(home, capsys, "report", "--format", "pdf")
    assert code == 2
    assert "pdf" in err
    code, _ = _error(home, capsys, "feed", "--limit", "0")
    assert code == 2


def test_parse_since() -> None:
    now = datetime(2026, 3, 14, 12, 0, tzinfo=UTC)
    assert parse_since("24h", now) == now - timedelta(hours=24)
    assert parse_since("7d", now) == now - timedelta(days=7)
    assert parse_since("2026-03-01", now) == datetime(2026, 3, 1, tzinfo=UTC)
    assert parse_since("2026-03-01T09:30Z", now) == datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    assert parse_since("2026-03-01T09:30+02:00", now) == datetime(2026, 3, 1, 7, 30, tzinfo=UTC)
    assert parse_since("today", now) == datetime(2026, 3, 14, tzinfo=UTC)
    assert parse_since("Yesterday", now) == datetime(2026, 3, 13, tzinfo=UTC)
    for bad in ("90", "soon", ""):
        with pytest.raises(ValueError, match="not a date, time or duration"):
            parse_since(bad, now)

"""`revtrack review` lists the queue and `review mark` records decisions, one line each."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from revtrack.errors import RevtrackError
from revtrack.paths import resolve_paths
from revtrack.store.store import Store
from tests.check.test_record import URL, Tracker, page

HOSTILE = "Strikes [/] kill \x1b[31m3\x1b]8;;http://evil\x07 [@click=app.quit]x[/]"


@pytest.fixture
def tracked(home: Path) -> Path:
    path = resolve_paths(str(home)).db_path
    path.parent.mkdir(parents=True, exist_ok=True)
    with Store.open(path) as store:
        t = Tracker(store)
        t.feed(page("Strikes kill 1", "One man was killed."))
        t.feed(page(HOSTILE, "Three men were killed."))
        t.feed(page(HOSTILE, "Three men were killed.",
                    corrections=["Correction: An earlier version said one man."]))  # fmt: skip
    return path


def test_review_lists_unreviewed_changes_newest_first(
    run: Callable[..., Result], tracked: Path
) -> None:
    result = run("review")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("2 unreviewed · 0 flagged · 0 reviewed")
    assert "correction 1" in lines[0]
    assert "\x1b" not in result.output
    assert "\x07" not in result.output
    v3, v2 = result.output.index("v3 "), result.output.index("v2 ")
    assert v3 < v2
    assert "correction added: Correction: An earlier version said one man." in result.output
    assert "Strikes [/] kill 3 [@click=app.quit]x[/]" in result.output


def test_review_json_and_label_filter(run: Callable[..., Result], tracked: Path) -> None:
    data = json.loads(run("review", "--json", "--label", "correction").output)
    assert data["counts"]["unreviewed"] == 2
    assert [c["version"] for c in data["changes"]] == [3]
    change = data["changes"][0]
    assert change["url"] == URL
    assert change["base_version"] == 2
    assert change["labels"] == ["correction"]
    assert change["review"]["state"] == "unreviewed"


def test_mark_then_list_by_state_and_history(
    run: Callable[..., Result], tracked: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REVTRACK_REVIEWER", "standards desk")
    result = run("review", "mark", URL, "3", "flagged", "--note", "ask the \x1b[2Jdesk")
    assert result.exit_code == 0
    assert result.output == f"v3 of {URL}: flagged by standards desk (ask the desk)\n"
    run("review", "mark", URL, "2", "reviewed", "--by", "ana")
    assert "no unreviewed changes" in run("review").output
    flagged = run("review", "--state", "flagged").output
    assert "⚑" in flagged
    assert "note: ask the desk" in flagged
    assert "by standards desk" in flagged
    everything = json.loads(run("review", "--json", "--state", "all").output)
    states = {c["version"]: c["review"]["state"] for c in everything["changes"]}
    assert states == {3: "flagged", 2: "reviewed"}
    history = json.loads(run("review", "history", URL, "--json").output)
    assert [(h["version"], h["state"], h["reviewer"]) for h in history] == [
        (3, "flagged", "standards desk"),
        (2, "reviewed", "ana"),
    ]
    run("review", "mark", URL, "3", "--note", "done")  # a note alone keeps the state
    assert "flagged" in run("review", "history", URL, "3").output.splitlines()[-1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("mark", URL, "1", "reviewed"), "version 1 of"),
        (("mark", URL, "7", "reviewed"), "version 7 of"),
        (("mark", "https://nowhere.example/x", "2", "reviewed"), "not tracked"),
        (("mark", URL, "2"), "give a STATE"),
        (("mark", URL, "2", "approved"), "approved"),
        (("--label", "typo"), "typo"),
    ],
)
def test_mistakes_are_one_line_errors(
    home: Path, tracked: Path, args: tuple[str, ...], message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    from revtrack.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["--home", str(home), "review", *args])
    assert exit_info.value.code != 0
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_log_shows_each_change_review(run: Callable[..., Result], tracked: Path) -> None:
    run("review", "mark", URL, "3", "flagged", "--by", "ana", "--note", "ask")
    lines = run("log", URL).output.splitlines()
    v2, v3 = (next(line for line in lines if line.startswith(f"v{n} ")) for n in (2, 3))
    assert "(flagged)" in v3
    assert "(" not in v2.split("]")[1].split("words")[0]  # unreviewed: nothing said
    versions = json.loads(run("log", URL, "--json").output)["versions"]
    assert [v["review"] and v["review"]["state"] for v in versions] == [
        None, "unreviewed", "flagged"
    ]  # fmt: skip
    assert versions[2]["review"]["note"] == "ask"


def test_review_since_keeps_the_recent_changes(run: Callable[..., Result], tracked: Path) -> None:
    # Tracker captures every 15 minutes from 2026-03-01 08:00: v2 at 08:30, v3 at 08:45.
    data = json.loads(run("review", "--json", "--since", "2026-03-01T08:40Z").output)
    assert [c["version"] for c in data["changes"]] == [3]
    with pytest.raises(RevtrackError, match="not a date, time or duration: 'soon'"):
        run("review", "--since", "soon")

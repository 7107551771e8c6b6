"""One error style: `revtrack: error: …` on one stderr line; exit 1, or 2 for usage."""

from __future__ import annotations

from pathlib import Path

import pytest

from revtrack.cli import main


def _main(home: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main(["--home", str(home), *args])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("typed", "meant"), [("lst", "list"), ("reveiw", "review"), ("sources", "source")]
)
def test_top_level_typos_suggest_the_command(
    home: Path, capsys: pytest.CaptureFixture[str], typed: str, meant: str
) -> None:
    code, out, err = _main(home, capsys, typed)
    assert (code, out) == (2, "")
    assert err == (
        f"revtrack: error: No such command '{typed}'. Did you mean '{meant}'?"
        " (see `revtrack --help`)\n"
    )


def test_usage_errors_are_one_line_with_a_hint(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _main(home, capsys, "show", "https://example.com/a", "--jsn")
    assert code == 2
    assert err == (
        "revtrack: error: No such option '--jsn'. Did you mean '--json'?"
        " (see `revtrack show --help`)\n"
    )


def test_add_refuses_other_schemes_and_suggests_https(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _main(home, capsys, "add", "ftp://example.com/file")
    assert (code, out) == (1, "")
    assert (
        err == "revtrack: error: only http(s) URLs can be tracked, not 'ftp://example.com/file'\n"
    )
    code, _, err = _main(home, capsys, "add", "example.com/x")
    assert code == 1
    assert err.endswith("(did you mean https://example.com/x?)\n")
    assert len(err.splitlines()) == 1


def test_source_remove_and_notify_send_use_the_same_style(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home.mkdir()  # an existing home: no "created a new home" line below
    code, _, err = _main(home, capsys, "source", "remove", "https://example.com/feed")
    assert code == 1
    assert err == (
        "revtrack: error: no such source: https://example.com/feed (see `revtrack source list`)\n"
    )
    code, out, err = _main(home, capsys, "notify", "send")
    assert (code, out) == (1, "")
    assert err == (
        "revtrack: error: no webhook configured (set [notify] webhook in the config file)\n"
    )

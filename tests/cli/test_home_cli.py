"""A --home is made only inside a folder that exists (or by a command that adds stories),
and revtrack says when it makes one."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from revtrack.cli import cli
from revtrack.errors import RevtrackError


def _run(home: Path, *args: str) -> tuple[int, str, str, BaseException | None]:
    result = CliRunner().invoke(cli, ["--home", str(home), *args])
    return result.exit_code, result.stdout, result.stderr, result.exception


def test_reading_commands_never_make_a_deep_home(tmp_path: Path) -> None:
    home = tmp_path / "nonexistent" / "deep" / "dir"
    for args in (["list"], ["review"], ["log", "https://example.com/a"]):
        code, _, _, exc = _run(home, *args)
        assert code == 1, args
        assert isinstance(exc, RevtrackError)
        assert f"no revtrack home at {home}" in str(exc)
    assert not (tmp_path / "nonexistent").exists()


def test_a_home_in_an_existing_folder_is_made_and_announced(tmp_path: Path) -> None:
    code, out, err, _ = _run(tmp_path / "home", "list", "--json")
    assert code == 0
    assert json.loads(out) == []
    assert err == f"revtrack: created a new home in {tmp_path / 'home'}\n"
    code, out, err, _ = _run(tmp_path / "home", "list", "--json")
    assert (code, err) == (0, "")  # said once


def test_add_makes_the_whole_path_and_says_so(tmp_path: Path) -> None:
    home = tmp_path / "a" / "b" / "home"
    code, out, err, _ = _run(home, "add", "https://example.com/a")
    assert code == 0
    assert "added: https://example.com/a" in out
    assert err == f"revtrack: created a new home in {home}\n"
    assert (home / "revtrack.db").is_file()

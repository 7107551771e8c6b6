import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from revtrack.errors import InvalidURLError


def test_add_list_remove(run: Callable[..., Result]) -> None:
    added = run("add", "https://Example.com/a?utm_source=x", "https://example.com/b")
    assert added.exit_code == 0, added.output
    assert "added: https://example.com/a (id 1)" in added.output
    again = run("add", "https://example.com/a#frag")
    assert "already tracked: https://example.com/a" in again.output
    listed = json.loads(run("list", "--json").output)
    assert [s["url"] for s in listed] == ["https://example.com/a", "https://example.com/b"]
    assert listed[0]["versions"] == 0
    assert listed[0]["status"] == "new"
    assert "etag" not in listed[0]
    table = run("list").output
    assert "VERSIONS" in table
    assert "https://example.com/b" in table
    removed = run("remove", "https://example.com/a")
    assert removed.exit_code == 0
    assert [s["url"] for s in json.loads(run("list", "--json").output)] == ["https://example.com/b"]


def test_add_rejects_non_http_and_adds_nothing(run: Callable[..., Result]) -> None:
    with pytest.raises(InvalidURLError, match="only http"):
        run("add", "https://example.com/ok", "ftp://example.com/file")
    assert json.loads(run("list", "--json").stdout) == []


def test_paths_live_under_home(run: Callable[..., Result], home: Path) -> None:
    places = json.loads(run("paths", "--json").output)
    assert places["store"] == str(home / "revtrack.db")
    assert places["config"] == str(home / "config.toml")


def _revtrack(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REVTRACK_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "revtrack", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_user_errors_are_one_line_without_traceback(home: Path) -> None:
    home.mkdir(parents=True)
    unknown = _revtrack(home, "log", "https://example.com/never-added")
    assert unknown.returncode == 1
    assert (
        unknown.stderr.strip()
        == "revtrack: error: not tracked: https://example.com/never-added (see `revtrack list`)"
    )
    (home / "config.toml").write_text("[fetch]\nspeed = 3\n")
    _revtrack(home, "add", "https://example.com/a")
    bad_config = _revtrack(home, "check", "--all")
    assert bad_config.returncode == 1
    assert "unknown key fetch.speed" in bad_config.stderr
    assert "Traceback" not in bad_config.stderr
    assert len(bad_config.stderr.strip().splitlines()) == 1


def test_corrupt_store_is_one_line(home: Path) -> None:
    home.mkdir(parents=True)
    (home / "revtrack.db").write_bytes(b"garbage" * 1000)
    result = _revtrack(home, "list")
    assert result.returncode == 1
    assert "not a revtrack store or is damaged" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_story_without_versions_says_so(home: Path) -> None:
    _revtrack(home, "add", "https://example.com/new")
    for command in ("show", "diff"):
        result = _revtrack(home, command, "https://example.com/new")
        assert result.returncode == 1
        assert result.stderr.strip() == (
            "revtrack: error: this story has no versions yet (run `revtrack check`)"
        )

"""Every command that opens the home checks the config: a bad one is one line, exit 1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def _revtrack(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REVTRACK_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "revtrack", *args],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("config", "message"),
    [("[fetch]\nspeed = 3\n", "unknown key fetch.speed"), ("[fetch\n", "invalid TOML")],
)
def test_list_and_review_refuse_a_bad_config(home: Path, config: str, message: str) -> None:
    home.mkdir(parents=True)
    (home / "config.toml").write_text(config, encoding="utf-8")
    commands = (["list"], ["review"], ["log", "https://example.com/a"], ["export", "--files", "x"])
    for args in commands:
        result = _revtrack(home, *args)
        assert result.returncode == 1, args
        assert message in result.stderr, args
        assert len(result.stderr.strip().splitlines()) == 1, args
    assert _revtrack(home, "paths").returncode == 0  # still says where the config is


def test_tui_refuses_a_bad_config(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from revtrack.cli import cli
    from revtrack.errors import ConfigError

    home.mkdir(parents=True)
    (home / "config.toml").write_text("[notify]\nhook = 1\n", encoding="utf-8")
    monkeypatch.setattr("revtrack.cli.on_terminal", lambda: True)
    result = CliRunner().invoke(cli, ["--home", str(home), "tui"])
    assert isinstance(result.exception, ConfigError)
    assert "unknown key notify.hook" in str(result.exception)

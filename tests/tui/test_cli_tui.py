"""`revtrack tui`, and `revtrack` alone: the app on a terminal, help otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from revtrack.cli import cli
from revtrack.tui.app import RevtrackApp


def test_tui_command_runs_the_app_on_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[Path] = []

    def fake_run(self: RevtrackApp) -> None:
        ran.append(self.store.path)

    monkeypatch.setattr(RevtrackApp, "run", fake_run)
    monkeypatch.setattr("revtrack.cli.on_terminal", lambda: True)
    result = CliRunner().invoke(cli, ["--home", str(tmp_path), "tui"], catch_exceptions=False)
    assert result.exit_code == 0
    assert len(ran) == 1
    assert ran[0].is_relative_to(tmp_path)


def test_no_command_on_a_terminal_opens_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[bool] = []
    monkeypatch.setattr(RevtrackApp, "run", lambda self: ran.append(True))
    monkeypatch.setattr("revtrack.cli.on_terminal", lambda: True)
    result = CliRunner().invoke(cli, ["--home", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0
    assert ran == [True]


def test_no_command_without_a_terminal_prints_help(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--home", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Usage:" in result.output
    assert "tui" in result.output

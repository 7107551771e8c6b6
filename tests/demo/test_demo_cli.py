"""`revtrack demo --home DIR` and the temporary demo home (removed unless --keep)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from revtrack.cli import cli
from tests.archive.conftest import SNAPSHOTS

ONE_STORY = str(SNAPSHOTS / "sport-headline")


@pytest.fixture
def temp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    monkeypatch.delenv("REVTRACK_HOME", raising=False)
    return root


def _demo(*args: str) -> Result:
    return CliRunner().invoke(cli, ["demo", "--no-tui", "--archive", ONE_STORY, *args])


def test_demo_takes_home_as_its_own_option(tmp_path: Path, temp_root: Path) -> None:
    home = tmp_path / "mydemo"
    result = _demo("--home", str(home))
    assert result.exit_code == 0, result.output
    assert (home / "revtrack.db").is_file()
    assert result.output.splitlines()[-1] == f"browse it again with: revtrack --home {home} tui"
    assert list(temp_root.iterdir()) == []


def test_the_temporary_demo_home_is_removed_unless_kept(temp_root: Path) -> None:
    result = _demo()
    assert result.exit_code == 0, result.output
    assert "1 stories" not in result.output
    assert "the demo home is removed" in result.output.splitlines()[-1]
    assert list(temp_root.iterdir()) == []
    kept = _demo("--keep")
    assert kept.exit_code == 0, kept.output
    (home,) = temp_root.iterdir()
    assert home.name.startswith("revtrack-demo-")
    assert kept.output.splitlines()[-1] == f"browse it again with: revtrack --home {home} tui"

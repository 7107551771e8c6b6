"""`revtrack store copy --to`: a line per table, all or nothing, never over stories."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from revtrack.cli import cli
from revtrack.errors import RevtrackError, StoreError
from revtrack.history.open import open_store
from revtrack.store.copy import COPY_TABLES
from tests.store_copy.rich import dump, fill


@pytest.fixture
def filled(home: Path) -> Path:
    home.mkdir(parents=True)
    with open_store(home / "revtrack.db") as store:
        fill(store)
    return home / "revtrack.db"


def test_copy_prints_a_line_per_table_and_copies_everything(
    run: Callable[..., Result], filled: Path, tmp_path: Path
) -> None:
    target = tmp_path / "copy" / "news.db"
    result = run("store", "copy", "--to", str(target))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split(":")[0].strip() for line in lines[:-1]] == [t.name for t in COPY_TABLES]
    assert "  stories: 4 rows" in lines
    assert lines[-1].startswith(f"copied {filled} to {target}: 4 stories, ")
    with open_store(filled) as source, open_store(target) as copied:
        assert dump(copied) == dump(source)
    listed = CliRunner().invoke(cli, ["--store", str(target), "list"])
    assert listed.exit_code == 0
    assert len(listed.output.splitlines()) == 1 + 4  # the header, the four stories


def test_copy_refuses_a_target_with_stories_and_writes_nothing(
    run: Callable[..., Result], filled: Path, tmp_path: Path
) -> None:
    target = tmp_path / "busy.db"
    CliRunner().invoke(cli, ["--store", str(target), "add", "https://other.example/a"])
    before = target.read_bytes()
    with pytest.raises(StoreError) as refused:
        run("store", "copy", "--to", str(target))
    assert str(refused.value) == (
        f"{target} already holds stories; copy into a new or empty store (nothing was written)"
    )
    assert target.read_bytes() == before


def test_copy_refuses_the_store_itself_and_a_folder(
    run: Callable[..., Result], filled: Path, tmp_path: Path
) -> None:
    with pytest.raises(RevtrackError, match="is the store being copied"):
        run("store", "copy", "--to", str(filled))
    with pytest.raises(RevtrackError, match="is a folder"):
        run("store", "copy", "--to", str(tmp_path))
    bad = CliRunner().invoke(cli, ["store", "copy", "--to", "mysql://u:hunter22@db/x"])
    assert bad.exit_code == 2
    assert "'mysql://u:***@db/x' is a mysql:// URL" in bad.output
    assert "hunter22" not in bad.output


def test_a_failed_copy_removes_the_file_it_made(
    run: Callable[..., Result], filled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import revtrack.cli.store as command

    def broken(*args: object, **kw: object) -> dict[str, int]:
        raise OSError(28, os.strerror(28))

    monkeypatch.setattr(command, "copy_store", broken)
    target = tmp_path / "new.db"
    with pytest.raises(OSError, match="No space left"):
        run("store", "copy", "--to", str(target))
    assert not target.exists()
    assert list(tmp_path.glob("new.db*")) == []

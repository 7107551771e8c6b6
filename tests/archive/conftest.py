"""The bundled sample archive, imported once per test module into a scratch store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from revtrack.archive import ImportedStory, import_archive, read_archive
from revtrack.cli.archive import COMMANDS
from revtrack.cli.context import AppContext
from revtrack.paths import resolve_paths
from revtrack.store.store import Store

SNAPSHOTS = Path(__file__).resolve().parents[2] / "snapshots"


@pytest.fixture(scope="module")
def imported(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Store, list[ImportedStory]]]:
    store = Store.open(tmp_path_factory.mktemp("archive") / "revtrack.db")
    try:
        yield store, import_archive(store, read_archive(SNAPSHOTS))
    finally:
        store.close()


@click.group()
@click.option("--home", required=True)
@click.pass_context
def _cli(ctx: click.Context, home: str) -> None:
    """The archive commands alone, as the CLI runs them."""
    app = AppContext(paths=resolve_paths(home))
    ctx.obj = app
    ctx.call_on_close(app.close)


for _command in COMMANDS:
    _cli.add_command(_command)


@pytest.fixture
def run(tmp_path: Path) -> Callable[..., Result]:
    def invoke(*args: str, home: str = "home") -> Result:
        return CliRunner().invoke(_cli, ["--home", str(tmp_path / home), *args])

    return invoke

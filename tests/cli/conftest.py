from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from revtrack.cli import cli


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def run(home: Path) -> Callable[..., Result]:
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(cli, ["--home", str(home), *args], catch_exceptions=False)

    return invoke

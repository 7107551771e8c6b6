"""Suite-wide test settings: no timing checks in hypothesis; the longest tests start first."""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings

from revtrack.cli import cli

# A busy machine must not fail a property test: no per-example deadline, no "too slow"
# health check (both measure wall-clock time). Tests with their own settings keep them.
settings.register_profile("revtrack", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("revtrack")

# Files whose tests take the longest (real processes, whole passes). They are collected
# first so that pytest-xdist hands them out round robin at the start, beside the many
# short tests, instead of leaving one of them to run alone at the end.
LONG_FIRST = (
    "tests/reliability/test_concurrent.py",
    "tests/reliability/test_crash_safety.py",
    "tests/reliability/test_hostile_text.py",
    "tests/schedule/test_watch.py",
    "tests/reliability/test_bad_local_state.py",
    "tests/reliability/test_hostile_servers.py",
    "tests/reliability/test_fuzz.py",
    "tests/diff/test_properties.py",
)


def _rank(item: pytest.Item) -> int:
    path = item.nodeid.split("::", 1)[0]
    return LONG_FIRST.index(path) if path in LONG_FIRST else len(LONG_FIRST)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=_rank)  # stable: each file's tests stay together and in order


@pytest.fixture(autouse=True)
def _no_store_from_the_shell(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's own $REVTRACK_STORE must never point a test at their store."""
    monkeypatch.delenv("REVTRACK_STORE", raising=False)


@pytest.fixture
def run(home: Path) -> Callable[..., Result]:
    """revtrack's CLI in process on the ``home`` fixture of the test's folder."""
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(cli, ["--home", str(home), *args], catch_exceptions=False)

    return invoke


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[str]]]:
    """Every process a test starts; any still running afterwards is killed."""
    started: list[subprocess.Popen[str]] = []
    try:
        yield started
    finally:
        for process in started:
            if process.poll() is None:
                process.kill()
            with contextlib.suppress(subprocess.TimeoutExpired, ValueError):
                process.communicate(timeout=30)

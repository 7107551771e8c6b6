"""Fixtures for the discovery tests: a store, a loopback server, a quick fetcher."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from revtrack.fetch.client import Fetcher
from revtrack.store.store import Store
from tests.loopback import LoopbackServer


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "revtrack.db") as opened:
        yield opened


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as running:
        yield running


def quick_fetcher() -> Fetcher:
    return Fetcher(min_host_gap=0.0, timeout=30.0, retries=0, backoff=0.01)

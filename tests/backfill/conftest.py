"""Fixtures of the backfill tests: a Wayback-compatible archive on loopback, a store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from revtrack.history.open import open_store
from revtrack.store.store import Store
from tests.backfill.wayback import SimClock, WaybackArchive
from tests.loopback import LoopbackServer


@pytest.fixture
def archive() -> Iterator[WaybackArchive]:
    with LoopbackServer() as server:
        yield WaybackArchive(server)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "revtrack.db") as opened:
        yield opened


@pytest.fixture
def clock() -> SimClock:
    return SimClock()

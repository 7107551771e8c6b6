"""The store contract runs on both backends: ``store`` is SQLite, then PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from revtrack.store.open import open_store_at
from revtrack.store.store import Store
from tests.postgres.fixtures import BACKENDS, location_for, pg_server, pg_url

__all__ = ["pg_server", "pg_url"]  # fixtures this folder's tests use


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store on each backend in turn."""
    with open_store_at(location_for(request.param, tmp_path, request)) as opened:
        yield opened


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    """An empty SQLite store, for tests of SQLite itself (pragmas, the file)."""
    with Store.open(tmp_path / "revtrack.db") as opened:
        yield opened

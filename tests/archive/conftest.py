"""The bundled sample archive, imported once per test module into a scratch store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from revtrack.archive import ImportedStory, import_archive, read_archive
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

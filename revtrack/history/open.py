"""Opening a store for use: migrated, with every change stored by the current recipe."""

from __future__ import annotations

from pathlib import Path

from revtrack.history.records import ensure_changes
from revtrack.store.open import open_store_at
from revtrack.store.store import Store

__all__ = ["open_store"]


def open_store(location: str | Path) -> Store:
    """The store at ``location`` (a ``postgresql://`` URL, or a SQLite file), its schema
    migrated and its stored changes made current.

    The one time missing or outdated change rows are filled: views only read them.
    """
    store = open_store_at(location)
    try:
        ensure_changes(store)
    except BaseException:
        store.close()
        raise
    return store

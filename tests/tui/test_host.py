"""host.query: the one way screens read and write the store in the background."""

from __future__ import annotations

import threading
from contextlib import suppress
from datetime import datetime
from functools import partial

from textual.app import App
from textual.worker import WorkerCancelled

from revtrack.tui.host import query
from tests.tui.app_support import NOW


class Host(App[None]):
    """The smallest StoreHost: a stand-in store, the lock, a clock."""

    def __init__(self) -> None:
        super().__init__()
        self.store = "the store"  # a stand-in: the fns only pass it on
        self.store_lock = threading.Lock()
        self.generation = 0

    def now(self) -> datetime:
        return NOW


def write(n: int, store: object) -> str:
    return f"write {n}"


async def test_a_newer_read_replaces_a_stale_one_and_writes_all_land() -> None:
    app = Host()
    got: list[object] = []
    started, release = threading.Event(), threading.Event()

    def slow(store: object) -> str:
        started.set()
        release.wait(5)
        return "stale"

    async with app.run_test() as pilot:
        query(app, slow, got.append, got.append, group="load")
        for _ in range(500):  # until the slow read holds the lock
            if started.is_set():
                break
            await pilot.pause(0.01)
        query(app, lambda store: f"fresh from {store}", got.append, got.append, group="load")
        for n in range(2):
            query(app, partial(write, n), got.append, got.append, group="mark", write=True)
        release.set()
        with suppress(WorkerCancelled):  # the stale read was cancelled: that is the point
            await app.workers.wait_for_complete()
        await pilot.pause()
        assert sorted(map(str, got)) == ["fresh from the store", "write 0", "write 1"]


async def test_a_failed_read_says_why() -> None:
    app = Host()
    ok: list[object] = []
    failed: list[str] = []

    def boom(store: object) -> None:
        raise ValueError("no such story")

    async with app.run_test() as pilot:
        query(app, boom, ok.append, failed.append, group="load")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert (ok, failed) == ([], ["ValueError: no such story"])

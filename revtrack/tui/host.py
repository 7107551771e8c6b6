"""What screens and widgets may ask of the app that hosts them, and the one way they
read or write the store: ``query`` runs the work in a thread, the result comes back on
the UI thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any, Protocol, TypeVar, cast

from textual.dom import DOMNode
from textual.worker import Worker, get_current_worker

from revtrack.review.queue import ReviewTally
from revtrack.store.reviews import ReviewState
from revtrack.store.store import Store

__all__ = ["StoreHost", "query", "store_host"]

T = TypeVar("T")


class StoreHost(Protocol):
    """The running app, as screens see it (``store_host(self)``).

    ``store`` is one connection shared by worker threads: only ``query`` touches it,
    holding ``store_lock``. ``now()`` is the app's clock (fixed in tests).
    ``generation`` counts the commits other processes made that the app noticed.
    The review tally (the counts the stories and review screens show) is kept here,
    so a screen that opens or comes back shows it without counting 90,000 changes
    again: a read keeps it only if no commit elsewhere and no mark came between
    (``tally_token``), and a mark moves it (``tally_marked``).
    """

    store: Store
    store_lock: threading.Lock
    generation: int

    def now(self) -> datetime: ...

    def tally_token(self) -> tuple[int, int]:
        """Take before a tally read: ``keep_tally`` checks nothing changed since."""
        ...

    def known_tally(self) -> ReviewTally | None:
        """The review tally, if nothing was committed or marked since it was read."""
        ...

    def keep_tally(self, tally: ReviewTally, token: tuple[int, int]) -> bool:
        """Keep ``tally``, read from ``token`` on; False (not kept: read it again) if a
        commit elsewhere or a mark came since."""
        ...

    def tally_marked(
        self, labels: tuple[str, ...], old: ReviewState, new: ReviewState
    ) -> ReviewTally | None:
        """A change with ``labels`` was marked from ``old`` to ``new``: the known tally,
        moved (None: none known, read it)."""
        ...


def store_host(node: DOMNode) -> StoreHost:
    return cast(StoreHost, node.app)


def query(
    node: DOMNode,
    fn: Callable[[Store], T],
    ok: Callable[[T], object],
    failed: Callable[[str], object],
    *,
    group: str,
    write: bool = False,
) -> Worker[None]:
    """Run ``fn(store)`` in a thread worker of ``node``, holding the store lock; then call
    ``ok(result)``, or ``failed("Error: why")`` if ``fn`` raised, in ``node``'s message
    queue (on the UI thread, like an ``@on`` handler: the callbacks own the widgets).

    A read is exclusive in its ``group``: a newer read of the group cancels it, and a
    cancelled read's result is dropped, even one that was already on its way. A write
    (``write=True``) is never cancelled by another call and its result always arrives
    while ``node`` is mounted.
    """
    host = store_host(node)

    def deliver(worker: Worker[None], callback: Callable[[Any], object], value: Any) -> object:
        if not write and worker.is_cancelled:
            return None  # a newer read of the group replaced this one
        return callback(value)

    def run() -> None:
        worker = get_current_worker()
        try:
            with host.store_lock:
                if not write and worker.is_cancelled:
                    return  # replaced while it waited for the lock
                result = fn(host.store)
        except Exception as exc:  # the callback shows it; the app keeps running
            node.call_later(partial(deliver, worker, failed), f"{type(exc).__name__}: {exc}")
            return
        node.call_later(partial(deliver, worker, ok), result)

    return node.run_worker(
        run, name=group, group=group, thread=True, exclusive=not write, exit_on_error=False
    )

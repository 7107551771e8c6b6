"""What screens and widgets may ask of the app that hosts them."""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Protocol

from revtrack.store.store import Store


class StoreHost(Protocol):
    """The running app, as screens see it (``cast(StoreHost, self.app)``).

    ``store`` is one connection shared by worker threads; hold ``store_lock``
    for every call on it. ``now()`` is the app's clock (fixed in tests).
    """

    store: Store
    store_lock: threading.Lock

    def now(self) -> datetime: ...

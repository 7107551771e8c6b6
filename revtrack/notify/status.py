"""What the webhook outbox holds: counts, the oldest waiting row, the error it keeps hitting.

The SQL lives in the store (:class:`~revtrack.store.outbox.OutboxMixin`); these are the
names the notifier and the CLI have always called.
"""

from __future__ import annotations

from datetime import datetime

from revtrack.store.outbox import OutboxStatus
from revtrack.store.store import Store

__all__ = ["OutboxStatus", "next_delivery_at", "outbox_status", "pending_count"]


def outbox_status(store: Store, now: datetime | None = None) -> OutboxStatus:
    """The outbox's counts; with ``now``, also the worker delivering (if one is)."""
    return store.outbox_status(now)


def pending_count(store: Store) -> int:
    return store.pending_outbox_count()


def next_delivery_at(store: Store) -> datetime | None:
    """When the next waiting row falls due (None: nothing waits)."""
    return store.next_delivery_at()

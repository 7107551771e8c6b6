"""Messages between the app and its screens, named as past events.

Background reads come back through ``host.query``'s callbacks; what is left here is
the app telling a screen that another process wrote to the store.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class StoreChanged(Message):
    """Another process committed to the store (new versions or checks)."""

    generation: int


@dataclass
class StoreNotified(Message):
    """The listener thread heard another session commit to the store (PostgreSQL)."""

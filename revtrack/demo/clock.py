"""A simulated clock: the demo's whole timeline passes in seconds."""

from __future__ import annotations

from datetime import datetime, timedelta


class SimClock:
    """Time that only moves when told to; callable like ``utcnow``."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance_to(self, moment: datetime) -> None:
        self.now = max(self.now, moment)

    async def sleep(self, seconds: float) -> None:
        """Politeness waits pass in simulated time, instantly."""
        self.now += timedelta(seconds=max(seconds, 0.0))

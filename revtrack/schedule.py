"""When to check a story next: often while it moves, rarely once it is quiet."""

from __future__ import annotations

from datetime import datetime, timedelta

# (age of the last real change, gap until the next check); NewsDiffs' table.
_LADDER: tuple[tuple[timedelta, timedelta], ...] = (
    (timedelta(hours=3), timedelta(minutes=15)),
    (timedelta(days=1), timedelta(hours=1)),
    (timedelta(days=7), timedelta(hours=3)),
    (timedelta(days=30), timedelta(days=3)),
    (timedelta(days=365), timedelta(days=30)),
)
MAX_ERROR_BACKOFF = timedelta(days=1)


def base_interval(quiet_for: timedelta) -> timedelta | None:
    """Gap between checks for a story unchanged for ``quiet_for``; None = retired."""
    for limit, gap in _LADDER:
        if quiet_for < limit:
            return gap
    return None


def next_check_at(
    now: datetime,
    *,
    last_change: datetime,
    every_s: int | None = None,
    error_streak: int = 0,
) -> datetime | None:
    """The time of the next check, or None when the story is retired."""
    gap = timedelta(seconds=every_s) if every_s else base_interval(now - last_change)
    if gap is None:
        return None
    if error_streak:
        gap = max(gap, min(gap * 2 ** min(error_streak, 10), MAX_ERROR_BACKOFF))
    return now + gap

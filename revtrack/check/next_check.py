"""When to check a story next: often while it moves, rarely once it is quiet.

The gap until the next check is a fraction of the time since the story last
really changed, between a floor and a ceiling: a story that changed 20
minutes ago is checked again in 5, one quiet for a week in about 2 days.
This is News Sniffer's geometric back-off tied to the clock of the last
change (not to a count of checks), and the smooth form of NewsDiffs' table.
A story in a burst (its last two changes close together, or its page's own
"Updated" stamp moving) is checked at the floor. Stories quiet for a year
retire. ``bench/schedule.py`` replays change histories against this policy
and both references.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class Policy:
    ratio: float = 0.25  # gap = ratio x time since the last change
    floor: timedelta = timedelta(minutes=10)
    burst_floor: timedelta = timedelta(minutes=5)
    burst_gap: timedelta = timedelta(hours=1)  # changes closer than this: a burst
    burst_window: timedelta = timedelta(hours=6)  # ... while the last one is this recent
    ceiling: timedelta = timedelta(days=30)
    retire_after: timedelta = timedelta(days=365)
    max_error_backoff: timedelta = timedelta(days=1)
    jitter: float = 0.1  # +- this fraction of the gap, so stories do not move in lockstep


DEFAULT_POLICY = Policy()


def _in_burst(quiet: timedelta, change_gap: timedelta | None, live: bool, p: Policy) -> bool:
    if quiet >= p.burst_window:
        return False
    return live or (change_gap is not None and change_gap < p.burst_gap)


def base_gap(
    quiet: timedelta,
    *,
    change_gap: timedelta | None = None,
    live: bool = False,
    policy: Policy = DEFAULT_POLICY,
) -> timedelta | None:
    """Gap before the next check of a story quiet for ``quiet``; None = retired."""
    if quiet >= policy.retire_after:
        return None
    floor = policy.burst_floor if _in_burst(quiet, change_gap, live, policy) else policy.floor
    return min(max(quiet * policy.ratio, floor), policy.ceiling)


def next_check_at(
    now: datetime,
    *,
    last_change: datetime,
    change_gap: timedelta | None = None,
    live: bool = False,
    every_s: int | None = None,
    error_streak: int = 0,
    policy: Policy = DEFAULT_POLICY,
    rng: random.Random | None = None,
) -> datetime | None:
    """The time of the next check, or None when the story is retired.

    ``every_s`` (a per-story override) replaces the adaptive gap; errors
    double the gap per failure in a row, up to a day; jitter is bounded.
    """
    if every_s:
        gap: timedelta | None = timedelta(seconds=every_s)
    else:
        gap = base_gap(now - last_change, change_gap=change_gap, live=live, policy=policy)
    if gap is None:
        return None
    if error_streak:
        gap = max(gap, min(gap * 2 ** min(error_streak, 10), policy.max_error_backoff))
    if policy.jitter and rng is not None:
        gap *= 1 + rng.uniform(-policy.jitter, policy.jitter)
    return now + gap

"""When to try a failed webhook delivery again: doubling waits, capped, never giving up."""

from __future__ import annotations

from datetime import datetime, timedelta

from revtrack.fetch.retry import parse_retry_after

FIRST_WAIT = timedelta(seconds=30)
MAX_WAIT = timedelta(hours=1)  # after many failures a row is still tried every hour
# A receiver's Retry-After is obeyed, but a garbage "wait a year" must not park the outbox.
MAX_RETRY_AFTER = timedelta(days=1)
MIN_RETRY_AFTER = timedelta(seconds=1)  # "Retry-After: 0" must not become a busy loop


def backoff_wait(attempts: int) -> timedelta:
    """The wait after ``attempts`` failed attempts (1-based): 30 s, 1, 2, 4 ... min, then 1 h."""
    if attempts < 1:
        raise ValueError("attempts counts failures and starts at 1")
    # Capping the exponent keeps a row that has failed for months from overflowing.
    doubled = FIRST_WAIT * (1 << min(attempts - 1, 20))
    return min(doubled, MAX_WAIT)


def retry_at(now: datetime, attempts: int, retry_after: str | None = None) -> datetime:
    """When to try again: the receiver's Retry-After when it gave a usable one, else back-off."""
    asked = parse_retry_after(retry_after, now)
    if asked is None:
        return now + backoff_wait(attempts)
    wait = timedelta(seconds=asked)
    return now + min(max(wait, MIN_RETRY_AFTER), MAX_RETRY_AFTER)

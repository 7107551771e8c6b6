"""When to try again: Retry-After parsing and exponential back-off with jitter."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from revtrack.clock import as_utc

# Statuses that carry a meaningful Retry-After (RFC 9110 10.2.3, RFC 6585 4).
THROTTLE_STATUSES = frozenset({429, 503})

_jitter = random.Random()


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header: delay-seconds or an HTTP-date.

    A date in the past means "now" (0.0). Anything unparseable is None, so the caller
    falls back to its own back-off instead of trusting garbage.
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return float(text)
    try:
        delay = float(text)
    except ValueError:
        return _seconds_until(text, now)
    # Not allowed by the RFC but seen in the wild ("1.5"); negative or nan is garbage.
    return delay if math.isfinite(delay) and delay >= 0 else None


def _seconds_until(text: str, now: datetime) -> float | None:
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment.tzinfo is None:
        # HTTP dates are always GMT; a naive result means the zone was "-0000" or absent.
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - as_utc(now)).total_seconds())


def backoff_delay(attempt: int, base: float, rng: random.Random = _jitter) -> float:
    """Wait after failed attempt number `attempt` (1-based): base * 2**(attempt-1), plus
    up to half of that again as jitter, so clients that failed together spread out."""
    delay = base * 2.0 ** (attempt - 1)
    return delay * (1.0 + 0.5 * rng.random())

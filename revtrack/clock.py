"""Time helpers: every stored time is an aware UTC datetime, written as ISO 8601."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """Treat a naive datetime as UTC; convert an aware one to UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def to_iso(moment: datetime) -> str:
    """Fixed-width UTC ISO 8601 with a Z, so stored stamps sort as text."""
    return as_utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def to_iso_micro(moment: datetime) -> str:
    """As ``to_iso`` to the microsecond (fixed width too), for stamps a gap of a fraction
    of a second is counted from: a host's last request start."""
    return as_utc(moment).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_iso(text: str) -> datetime:
    return as_utc(datetime.fromisoformat(text.replace("Z", "+00:00")))


def page_time(
    moment: datetime | None, offset: int | None, *, missing: str = "-", utc: str = "Z"
) -> str:
    """A page's own stamp in its own zone: "2019-10-19 08:00+02:00".

    ``offset`` is minutes east of UTC as the page wrote it; without one (or with
    an impossible one) the time is shown in UTC, marked with ``utc``.
    """
    if moment is None:
        return missing
    if offset is None or not -24 * 60 < offset < 24 * 60:
        return f"{as_utc(moment):%Y-%m-%d %H:%M}{utc}"
    local = as_utc(moment).astimezone(timezone(timedelta(minutes=offset)))
    hours, minutes = divmod(abs(offset), 60)
    return f"{local:%Y-%m-%d %H:%M}{'-' if offset < 0 else '+'}{hours:02d}:{minutes:02d}"


def _span(seconds: int) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def relative(moment: datetime | None, now: datetime, *, missing: str = "-") -> str:
    """ "in 12m", "now", "3h ago" (the largest whole unit), or ``missing``."""
    if moment is None:
        return missing
    seconds = int((as_utc(moment) - as_utc(now)).total_seconds())
    if seconds >= 0:
        return "now" if seconds < 60 else f"in {_span(seconds)}"
    return f"{_span(-seconds)} ago"

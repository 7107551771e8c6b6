"""Click parameter types for revtrack's own value formats."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import click

from revtrack.clock import as_utc
from revtrack.errors import RevtrackError

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$", re.IGNORECASE)
MIN_INTERVAL_S = 60  # checking or polling a site more often than this is abuse


def parse_duration(text: str, *, minimum: int = 1) -> int:
    """ "90s" / "10m" / "2h" / "1d" / "1w" -> seconds (>= ``minimum``); a unit is required."""
    match = _DURATION.match(text)
    if not match:
        raise ValueError(f"not a duration: {text!r} (try 30s, 10m, 2h, 1d)")
    number, unit = match.groups()
    if not unit:
        raise ValueError(f"{text.strip()!r} needs a unit: {number}m? (s, m, h, d or w)")
    seconds = int(float(number) * _UNITS[unit.lower()])
    if seconds < minimum:
        least = f"{minimum // 60}m" if minimum % 60 == 0 else f"{minimum}s"
        raise ValueError(f"{text.strip()!r} is too short: at least {least}")
    return seconds


# click >= 8.3 makes ParamType generic; older releases do not, so no type argument.
class Duration(click.ParamType):  # type: ignore[type-arg]
    name = "duration"

    def __init__(self, minimum: int = 1) -> None:
        self.minimum = minimum

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> int:
        if isinstance(value, int):
            return value
        try:
            return parse_duration(str(value), minimum=self.minimum)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


DURATION = Duration()
INTERVAL = Duration(minimum=MIN_INTERVAL_S)  # how often to check or poll something


_RELATIVE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$", re.IGNORECASE)


_DAYS_BACK = {"today": 0, "yesterday": 1}


def parse_since(text: str, now: datetime) -> datetime:
    """ "24h" / "7d" (that long before ``now``, a unit required), "today" or "yesterday"
    (from UTC midnight), or an ISO date or time.

    A date or time with no zone is UTC.
    """
    days_back = _DAYS_BACK.get(text.strip().lower())
    if days_back is not None:
        midnight = as_utc(now).replace(hour=0, minute=0, second=0, microsecond=0)
        return midnight - timedelta(days=days_back)
    if _RELATIVE.match(text):
        try:
            return now - timedelta(seconds=parse_duration(text))
        except OverflowError:
            raise ValueError(f"duration too long: {text!r}") from None
    try:
        return as_utc(datetime.fromisoformat(text.strip().replace("Z", "+00:00")))
    except ValueError:
        raise ValueError(
            f"not a date, time or duration: {text!r}"
            " (try yesterday, 24h, 7d, 2026-03-14 or 2026-03-14T09:00Z)"
        ) from None


def since_option(text: str | None, now: datetime) -> datetime | None:
    """``--since`` as given on the command line: None when absent, a one-line error when bad."""
    if text is None:
        return None
    try:
        return parse_since(text, now)
    except ValueError as exc:
        raise RevtrackError(str(exc)) from None
